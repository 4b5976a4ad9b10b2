//! The Users models: `UsersModels` and its destinations, the bodies of create, update and
//! authenticate, and a user's computers.

use crate::codec::model;
use crate::models::UserModeType;
use crate::secret::Secret;
use crate::xml::ENGINE_MODELS_NS;

model! {
    /// A user (`UsersModels`), as `GET /api/Users`, `GET /api/Users/{id}` and
    /// `PUT /api/Users/Authenticate` answer it.
    pub struct User = "UsersModels" in ENGINE_MODELS_NS {
        /// `ID`: the user's ID.
        "ID" id: String,
        /// `Email`: the user's login (may be a plain name, not an address).
        "Email" email: String,
        /// `FirstName`.
        "FirstName" first_name: Option<String>,
        /// `LastName`.
        "LastName" last_name: Option<String>,
        /// `NotificationEmails`: where notifications go (`None`: null on the wire).
        "NotificationEmails" notification_emails: Option<Vec<String>>,
        /// `Company`: the **name** of the company the user belongs to.
        "Company" company: Option<String>,
        /// `Enabled`: whether the user may sign in and back up.
        "Enabled" enabled: bool,
        /// `LicenseManagmentMode` (the API's spelling): how the user takes licenses.
        "LicenseManagmentMode" license_managment_mode: UserModeType,
        /// `DestinationList`: the user's backup destinations.
        "DestinationList" destination_list: Option<Vec<UserDestination>>,
        /// `SpaceUsed`: storage used (the docs say kilobytes; unverified).
        "SpaceUsed" space_used: i64,
    }
}

model! {
    /// One of a user's backup destinations (`UserDestinationsModel`). Its first four members
    /// come from a base contract, so XML lists them first.
    pub struct UserDestination = "UserDestinationsModel" in ENGINE_MODELS_NS {
        /// `ID`: the destination's ID.
        "ID" id: String,
        /// `CurrentVolume`: the space it uses.
        "CurrentVolume" current_volume: i64,
        /// `PackageID`: the storage limit (package) applied.
        "PackageID" package_id: i32,
        /// `AccountID`: the storage account's ID.
        base "AccountID" account_id: Option<String>,
        /// `AccountDisplayName`.
        base "AccountDisplayName" account_display_name: Option<String>,
        /// `Destination`: the bucket or container.
        base "Destination" destination: Option<String>,
        /// `DestinationDisplayName`.
        base "DestinationDisplayName" destination_display_name: Option<String>,
    }
}

model! {
    /// The body of `POST /api/Users` (`UsersAddModels`): a new user. The password is a
    /// [`Secret`]: redacted in `Debug`, in what inspectors see and in errors.
    ///
    /// ```
    /// use mspbackups::{Format, models::NewUser};
    /// let user = NewUser::new("jane@example.com", "s3cret-pass");
    /// assert!(!format!("{user:?}").contains("s3cret"));
    /// let xml = String::from_utf8(user.to_body(Format::Xml)?).unwrap();
    /// assert!(xml.contains("<Password>s3cret-pass</Password>"));
    /// # Ok::<(), mspbackups::Error>(())
    /// ```
    pub struct NewUser = "UsersAddModels" in ENGINE_MODELS_NS {
        /// `Email`: the login (required).
        req "Email" email: String,
        /// `FirstName`.
        "FirstName" first_name: Option<String>,
        /// `LastName`.
        "LastName" last_name: Option<String>,
        /// `NotificationEmails`.
        "NotificationEmails" notification_emails: Option<Vec<String>>,
        /// `Company`: the company's name.
        "Company" company: Option<String>,
        /// `Enabled` (required by the docs; a value type, so always sent).
        "Enabled" enabled: bool,
        /// `Password` (required; the docs give 6–100 characters).
        req "Password" password: Secret,
        /// `DestinationList`: destinations to create for the user.
        "DestinationList" destination_list: Option<Vec<DestinationForNewUser>>,
        /// `SendEmailInstruction`: e-mail setup instructions to the user.
        "SendEmailInstruction" send_email_instruction: bool,
        /// `LicenseManagmentMode` (the API's spelling).
        "LicenseManagmentMode" license_managment_mode: UserModeType,
    }
}

model! {
    /// A destination to create with a new user (`DestinationForNewUser`).
    pub struct DestinationForNewUser = "DestinationForNewUser" in ENGINE_MODELS_NS {
        /// `AccountID`: the storage account.
        req "AccountID" account_id: String,
        /// `Destination`: the bucket or container.
        req "Destination" destination: String,
        /// `PackageID`: the storage limit (package).
        "PackageID" package_id: i32,
    }
}

model! {
    /// The body of `PUT /api/Users` (`UsersEditModels`): a user's new settings.
    ///
    /// **What the docs don't say**: how the server treats a member sent as null, the password in
    /// particular. A `None` password is sent as null (`i:nil` in XML); don't rely on it keeping
    /// the current password. Start from [`UserUpdate::from_user`] to keep every other member.
    pub struct UserUpdate = "UsersEditModels" in ENGINE_MODELS_NS {
        /// `ID`: the user to change (required).
        req "ID" id: String,
        /// `Email`.
        "Email" email: Option<String>,
        /// `FirstName`.
        "FirstName" first_name: Option<String>,
        /// `LastName`.
        "LastName" last_name: Option<String>,
        /// `NotificationEmails`.
        "NotificationEmails" notification_emails: Option<Vec<String>>,
        /// `Company`: the company's name.
        "Company" company: Option<String>,
        /// `Enabled`.
        "Enabled" enabled: bool,
        /// `Password` (see the type's docs).
        "Password" password: Option<Secret>,
        /// `LicenseManagmentMode` (the API's spelling).
        "LicenseManagmentMode" license_managment_mode: UserModeType,
    }
}

model! {
    /// The body of `PUT /api/Users/Authenticate` (`UserAuthData`): a user's login and password.
    pub struct UserAuthData = "UserAuthData" in ENGINE_MODELS_NS {
        /// `Email`: the user's login (required).
        req "Email" email: String,
        /// `Password` (required).
        req "Password" password: Secret,
    }
}

model! {
    /// A user's computer (`UserComputerData`): `GET /api/Users/{userId}/Computers` answers a list
    /// of them, and `DELETE` on the same path takes a list of the computers whose backup data to
    /// delete.
    #[derive(Eq, Hash)]
    pub struct UserComputer = "UserComputerData" in ENGINE_MODELS_NS {
        /// `DestinationId`: the destination the computer backs up to (required).
        req "DestinationId" destination_id: String,
        /// `ComputerName` (required).
        req "ComputerName" computer_name: String,
    }
}

impl User {
    /// A user with this ID and login, enabled, in manual license mode, and every other member
    /// empty (for tests and emulators; set the public fields as needed).
    pub fn new(id: impl Into<String>, email: impl Into<String>) -> Self {
        User {
            id: id.into(),
            email: email.into(),
            first_name: None,
            last_name: None,
            notification_emails: None,
            company: None,
            enabled: true,
            license_managment_mode: UserModeType::Manual,
            destination_list: None,
            space_used: 0,
            extra: Default::default(),
        }
    }
}

impl UserDestination {
    /// A destination with this ID and every other member empty or zero.
    pub fn new(id: impl Into<String>) -> Self {
        UserDestination {
            id: id.into(),
            current_volume: 0,
            package_id: 0,
            account_id: None,
            account_display_name: None,
            destination: None,
            destination_display_name: None,
            extra: Default::default(),
        }
    }
}

impl NewUser {
    /// A new enabled user with this login and password, in manual license mode, and nothing else.
    pub fn new(email: impl Into<String>, password: impl Into<Secret>) -> Self {
        NewUser {
            email: email.into(),
            first_name: None,
            last_name: None,
            notification_emails: None,
            company: None,
            enabled: true,
            password: password.into(),
            destination_list: None,
            send_email_instruction: false,
            license_managment_mode: UserModeType::Manual,
            extra: Default::default(),
        }
    }
}

impl DestinationForNewUser {
    /// A destination on `account_id`'s `destination`, with storage limit `package_id`.
    pub fn new(
        account_id: impl Into<String>,
        destination: impl Into<String>,
        package_id: i32,
    ) -> Self {
        DestinationForNewUser {
            account_id: account_id.into(),
            destination: destination.into(),
            package_id,
            extra: Default::default(),
        }
    }
}

impl UserUpdate {
    /// An update that keeps every member of `user` as it is (the password is left `None`; see
    /// the type's docs). Members of `user` this version doesn't declare are not carried over:
    /// the edit model is another contract. To send one, add it with
    /// [`extras_mut`](Self::extras_mut) and turn on [`send_back`](crate::models::Extra::send_back).
    pub fn from_user(user: &User) -> Self {
        UserUpdate {
            id: user.id.clone(),
            email: Some(user.email.clone()),
            first_name: user.first_name.clone(),
            last_name: user.last_name.clone(),
            notification_emails: user.notification_emails.clone(),
            company: user.company.clone(),
            enabled: user.enabled,
            password: None,
            license_managment_mode: user.license_managment_mode.clone(),
            extra: Default::default(),
        }
    }
}

impl UserAuthData {
    /// A login and password to check.
    pub fn new(email: impl Into<String>, password: impl Into<Secret>) -> Self {
        UserAuthData {
            email: email.into(),
            password: password.into(),
            extra: Default::default(),
        }
    }
}

impl UserComputer {
    /// A computer by destination ID and name.
    pub fn new(destination_id: impl Into<String>, computer_name: impl Into<String>) -> Self {
        UserComputer {
            destination_id: destination_id.into(),
            computer_name: computer_name.into(),
            extra: Default::default(),
        }
    }
}
