//! The Computers models (JSON only): a page of computers, one computer, and the authorization
//! body and answer.
//!
//! The docs publish these routes as JSON only and give no DataContract names; the samples they
//! show were cut off, so every member but the HID is optional and members this version doesn't
//! declare are kept in `extra`. The XML roots here are placeholders no request uses.

use crate::codec::model;
use crate::error::Error;
use crate::models::Timestamp;
use crate::route::Outcome;
use crate::xml::ENGINE_MODELS_NS;

model! {
    /// A computer with a backup agent, as `GET /api/Computers/{offset}/{count}` and
    /// `GET /api/Computers/{hid}` answer it.
    pub struct Computer = "Computer" in ENGINE_MODELS_NS {
        /// `ComputerHID`: the computer's hardware ID (`hid` in the other routes).
        "ComputerHID" hid: String,
        /// `OSTypeString` (`windows`, …).
        "OSTypeString" os_type: Option<String>,
        /// `BuildTypeString`: a **number** despite its name (e.g. 536870940).
        "BuildTypeString" build_type: Option<i64>,
        /// `RemoteManagementAvailable`.
        "RemoteManagementAvailable" remote_management_available: Option<bool>,
        /// `ComputerName`.
        "ComputerName" computer_name: Option<String>,
        /// `ComputerDisplayName`.
        "ComputerDisplayName" computer_display_name: Option<String>,
        /// `CompanyName`.
        "CompanyName" company_name: Option<String>,
        /// `UserEmail`.
        "UserEmail" user_email: Option<String>,
        /// `ProfileName`.
        "ProfileName" profile_name: Option<String>,
        /// `UserID`.
        "UserID" user_id: Option<String>,
        /// `BackupBuildVersion`.
        "BackupBuildVersion" backup_build_version: Option<BuildVersion>,
        /// `License`.
        "License" license: Option<ComputerLicense>,
        /// `BackupStats`.
        "BackupStats" backup_stats: Option<BackupStats>,
        /// `LastActivity`.
        "LastActivity" last_activity: Option<Timestamp>,
        /// `InstanceType` (one computer only).
        "InstanceType" instance_type: Option<i32>,
        /// `HasBackupApp` (one computer only).
        "HasBackupApp" has_backup_app: Option<bool>,
        /// `LostAuth` (one computer only).
        "LostAuth" lost_auth: Option<bool>,
        /// `LostAuthChangeDate` (one computer only).
        "LostAuthChangeDate" lost_auth_change_date: Option<Timestamp>,
        /// `Apps` (one computer only).
        "Apps" apps: Option<Vec<ComputerApp>>,
    }
}

model! {
    /// `BackupBuildVersion`: the backup agent's version.
    pub struct BuildVersion = "BuildVersion" in ENGINE_MODELS_NS {
        /// `_Major`.
        "_Major" major: i32,
        /// `_Minor`.
        "_Minor" minor: i32,
        /// `_Build`.
        "_Build" build: i32,
        /// `_Revision`.
        "_Revision" revision: i32,
    }
}

model! {
    /// A computer's `License`.
    pub struct ComputerLicense = "ComputerLicense" in ENGINE_MODELS_NS {
        /// `Granted`.
        "Granted" granted: Option<bool>,
        /// `IsTrial`.
        "IsTrial" is_trial: Option<bool>,
        /// `DisplayExpiresDate`.
        "DisplayExpiresDate" display_expires_date: Option<Timestamp>,
    }
}

model! {
    /// A computer's `BackupStats`: plan counts by outcome.
    pub struct BackupStats = "BackupStats" in ENGINE_MODELS_NS {
        /// `PlansCount`.
        "PlansCount" plans_count: Option<i64>,
        /// `TotalOverdueCount`.
        "TotalOverdueCount" total_overdue_count: Option<i64>,
        /// `TotalFailedCount`.
        "TotalFailedCount" total_failed_count: Option<i64>,
        /// `TotalSuccessCount`.
        "TotalSuccessCount" total_success_count: Option<i64>,
        /// `TotalWarningCount`.
        "TotalWarningCount" total_warning_count: Option<i64>,
        /// `TotalNotRunCount`.
        "TotalNotRunCount" total_not_run_count: Option<i64>,
        /// `TotalRunningCount`.
        "TotalRunningCount" total_running_count: Option<i64>,
        /// `TotalInterruptedCount`.
        "TotalInterruptedCount" total_interrupted_count: Option<i64>,
    }
}

model! {
    /// One application on a computer (`Apps` of `GET /api/Computers/{hid}`).
    pub struct ComputerApp = "ComputerApp" in ENGINE_MODELS_NS {
        /// `ApplicationId` (`backup`, `ra`).
        "ApplicationId" application_id: Option<String>,
        /// `Version`.
        "Version" version: Option<String>,
        /// `VersionStatus` (`Outdated`, `Latest`).
        "VersionStatus" version_status: Option<String>,
        /// `BuildTypeLong`.
        "BuildTypeLong" build_type_long: Option<i64>,
        /// `ApplicationState` (`Enabled`).
        "ApplicationState" application_state: Option<String>,
        /// `Online`.
        "Online" online: Option<bool>,
        /// `ErrorCode`.
        "ErrorCode" error_code: Option<i64>,
        /// `ErrorMessage`.
        "ErrorMessage" error_message: Option<String>,
    }
}

model! {
    /// The answer of `GET /api/Computers/{offset}/{count}`: `{Count, Message, StatusCode,
    /// Computers[]}`. A `StatusCode` outside 200–299 is reported as
    /// [`Error::Api`](crate::Error::Api) with that code as its
    /// [`result_code`](crate::ApiError::result_code).
    pub struct ComputersPage = "ComputersPage" in ENGINE_MODELS_NS {
        /// `Count`: how many computers there are in all.
        "Count" count: i64,
        /// `Message` (`Success`).
        "Message" message: Option<String>,
        /// `StatusCode` (200).
        "StatusCode" status_code: Option<i64>,
        /// `Computers`: this page.
        "Computers" computers: Option<Vec<Computer>>,
    }
}

model! {
    /// The body of `POST /api/Computers/{hid}/authorization`: authorize an online computer for a
    /// user (`UserId`), for a new user in a company (`CompanyId`), or both (the server checks
    /// both, then authorizes the user). At least one is required; the other is left out.
    pub struct ComputerAuthorization = "ComputerAuthorization" in ENGINE_MODELS_NS {
        /// `UserId`.
        omit "UserId" user_id: Option<String>,
        /// `CompanyId`.
        omit "CompanyId" company_id: Option<String>,
    }
    check = ComputerAuthorization::check;
}

model! {
    /// The answer of `POST /api/Computers/{hid}/authorization`: `{ResultCode, ErrorMessage}` on
    /// success, `{ErrorCode, Message}` on failure (both seen with status 200). A non-zero code
    /// is reported as [`Error::Api`](crate::Error::Api) with it as its
    /// [`result_code`](crate::ApiError::result_code).
    pub struct AuthorizationResult = "AuthorizationResult" in ENGINE_MODELS_NS {
        /// `ResultCode` (0: done).
        "ResultCode" result_code: Option<i64>,
        /// `ErrorMessage`.
        "ErrorMessage" error_message: Option<String>,
        /// `ErrorCode` (failure answers).
        "ErrorCode" error_code: Option<i64>,
        /// `Message` (failure answers).
        "Message" message: Option<String>,
    }
}

impl Outcome for ComputersPage {
    fn failure(&self) -> Option<(Option<i64>, String)> {
        match self.status_code {
            Some(code) if !(200..300).contains(&code) => Some((
                Some(code),
                self.message
                    .clone()
                    .unwrap_or_else(|| format!("StatusCode {code}")),
            )),
            _ => None,
        }
    }
}

impl Outcome for AuthorizationResult {
    fn failure(&self) -> Option<(Option<i64>, String)> {
        let code = self
            .error_code
            .filter(|c| *c != 0)
            .or(self.result_code.filter(|c| *c != 0))?;
        let message = self
            .message
            .clone()
            .filter(|m| !m.trim().is_empty())
            .or_else(|| self.error_message.clone().filter(|m| !m.trim().is_empty()))
            .unwrap_or_else(|| format!("the authorization failed with code {code}"));
        Some((Some(code), message))
    }
}

impl ComputerAuthorization {
    /// Authorize the computer for an existing user.
    pub fn for_user(user_id: impl Into<String>) -> Self {
        ComputerAuthorization {
            user_id: Some(user_id.into()),
            company_id: None,
            extra: Default::default(),
        }
    }

    /// Authorize the computer for a new user in a company.
    pub fn for_company(company_id: impl Into<String>) -> Self {
        ComputerAuthorization {
            user_id: None,
            company_id: Some(company_id.into()),
            extra: Default::default(),
        }
    }

    /// Refuses a body with neither ID (the API needs at least one).
    pub(crate) fn check(&self) -> Result<(), Error> {
        let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
        if blank(&self.user_id) && blank(&self.company_id) {
            return Err(Error::invalid(
                "UserId",
                "or CompanyId must be given (the API needs at least one)",
            ));
        }
        Ok(())
    }
}
