//! The Monitoring model: the latest run of each backup or restore plan, as
//! `GET /api/Monitoring` and `GET /api/Monitoring/{userId}` answer it.
//!
//! The docs name no model and show no sample: the members come from the 2018 docs' field list
//! and printed answer, `PlanId`, `PlanType` and `DetailedReportLink` from the vendor's
//! PowerShell module. The XML name `MonitoringModels` (list `ArrayOfMonitoringModels`) follows
//! the API's naming of its other models and is a guess: a server that names it otherwise gets
//! an [`UnexpectedRoot`](crate::DecodeError::UnexpectedRoot) error naming the element it sent,
//! and JSON, which carries no type names, is not affected.
//!
//! Answers can be large (one record per plan per computer): the list is decoded as it streams,
//! without a document tree, so memory holds the body and the records.

use crate::codec::{model, wire_enum};
use crate::models::Timestamp;
use crate::xml::ENGINE_MODELS_NS;

wire_enum! {
    /// The outcome of a plan's latest run (`Status`).
    pub enum PlanStatus = "PlanStatus" in "MBSAPImvc.Engine.Models" {
        /// `Success` (0).
        Success = 0,
        /// `Overdue` (1).
        Overdue = 1,
        /// `Error` (2).
        Error = 2,
        /// `Running` (3).
        Running = 3,
        /// `Unknown` (4): the server doesn't know (the Rust name differs because `Unknown(_)` is
        /// the arm for values this crate doesn't know).
        UnknownStatus as "Unknown" = 4,
        /// `Interrupted` (5).
        Interrupted = 5,
        /// `UnexpectedlyClosed` (6).
        UnexpectedlyClosed = 6,
        /// `Warning` (7).
        Warning = 7,
    }
}

wire_enum! {
    /// The kind of plan (`PlanType`; values from the vendor's PowerShell module, by position).
    pub enum PlanType = "PlanType" in "MBSAPImvc.Engine.Models" {
        /// `NA` (0).
        NA = 0,
        /// `Backup` (1).
        Backup = 1,
        /// `Restore` (2).
        Restore = 2,
        /// `BackupFiles` (3).
        BackupFiles = 3,
        /// `RestoreFiles` (4).
        RestoreFiles = 4,
        /// `VMBackup` (5).
        VMBackup = 5,
        /// `VMRestore` (6).
        VMRestore = 6,
        /// `SQLBackup` (7).
        SQLBackup = 7,
        /// `SQLResore` (8): the API's spelling.
        SQLResore = 8,
        /// `ExchangeBackup` (9).
        ExchangeBackup = 9,
        /// `ExchangeRestore` (10).
        ExchangeRestore = 10,
        /// `BMSSBackup` (11).
        BMSSBackup = 11,
        /// `BMSSRestore` (12).
        BMSSRestore = 12,
        /// `ConsistencyCheck` (13).
        ConsistencyCheck = 13,
        /// `EC2Backup` (14).
        EC2Backup = 14,
        /// `EC2Restore` (15).
        EC2Restore = 15,
        /// `HyperVBackup` (16).
        HyperVBackup = 16,
        /// `HyperVRestore` (17).
        HyperVRestore = 17,
    }
}

model! {
    /// The latest run of one plan on one computer.
    pub struct PlanRun = "MonitoringModels" in ENGINE_MODELS_NS {
        /// `PlanName`.
        "PlanName" plan_name: Option<String>,
        /// `CompanyName`.
        "CompanyName" company_name: Option<String>,
        /// `UserName`: the user's login.
        "UserName" user_name: Option<String>,
        /// `UserID`.
        "UserID" user_id: Option<String>,
        /// `ComputerName`.
        "ComputerName" computer_name: Option<String>,
        /// `BuildVersion`: the agent's version.
        "BuildVersion" build_version: Option<String>,
        /// `StorageType`: free text such as `Cloud`.
        "StorageType" storage_type: Option<String>,
        /// `LastStart` (real answers carry no offset).
        "LastStart" last_start: Option<Timestamp>,
        /// `NextStart`.
        "NextStart" next_start: Option<Timestamp>,
        /// `Status`.
        "Status" status: PlanStatus,
        /// `ErrorMessage`.
        "ErrorMessage" error_message: Option<String>,
        /// `FilesCopied`.
        "FilesCopied" files_copied: i64,
        /// `FilesFailed`.
        "FilesFailed" files_failed: i64,
        /// `DataCopied`: bytes.
        "DataCopied" data_copied: i64,
        /// `Duration`: text such as `15 second(s)`.
        "Duration" duration: Option<String>,
        /// `DataToBackup`: bytes.
        "DataToBackup" data_to_backup: i64,
        /// `TotalData`: bytes.
        "TotalData" total_data: i64,
        /// `FilesScanned`.
        "FilesScanned" files_scanned: i64,
        /// `FilesToBackup`.
        "FilesToBackup" files_to_backup: i64,
        /// `PlanId` (PowerShell module).
        "PlanId" plan_id: Option<String>,
        /// `PlanType` (PowerShell module).
        "PlanType" plan_type: Option<PlanType>,
        /// `DetailedReportLink` (PowerShell module).
        "DetailedReportLink" detailed_report_link: Option<String>,
    }
}
