//! The Accounts models (storage accounts): `AccountsModels`, the `Account` body with its
//! per-provider settings, the destinations (buckets) of an account, and the body of
//! `POST /api/Accounts/CreateDestination`.
//!
//! Storage credentials (access keys, secret keys, shared keys, API keys, passwords, service
//! keys) are [`Secret`]s: `Debug`, inspectors, dumps and errors show `<redacted>`.

use crate::codec::{model, wire_enum};
use crate::models::{Guid, Timestamp};
use crate::secret::Secret;
use crate::xml::ENGINE_MODELS_NS;

wire_enum! {
    /// The storage provider of an account (`AccountType`, `Account.Type`). 0–20 are in the 2018
    /// docs, 21 (FileShare) on the help site, 22–24 only in the vendor's PowerShell module.
    pub enum AccountType = "AccountType" in "MBSAPImvc.Engine.Models" {
        /// `AmazonS3` (0).
        AmazonS3 = 0,
        /// `AmazonS3China` (1).
        AmazonS3China = 1,
        /// `Azure` (2).
        Azure = 2,
        /// `OpenStack` (3).
        OpenStack = 3,
        /// `OracleCloud` (4).
        OracleCloud = 4,
        /// `S3Compatible` (5).
        S3Compatible = 5,
        /// `Scality` (6).
        Scality = 6,
        /// `CenturyLink` (7).
        CenturyLink = 7,
        /// `ArubaCloud` (8).
        ArubaCloud = 8,
        /// `BackblazeB2` (9).
        BackblazeB2 = 9,
        /// `Cloudian` (10).
        Cloudian = 10,
        /// `Connectria` (11).
        Connectria = 11,
        /// `Constant` (12).
        Constant = 12,
        /// `DreamObjects` (13).
        DreamObjects = 13,
        /// `Dunkel` (14).
        Dunkel = 14,
        /// `GreenQloud` (15).
        GreenQloud = 15,
        /// `HostEurope` (16).
        HostEurope = 16,
        /// `Seeweb` (17).
        Seeweb = 17,
        /// `ThinkOn` (18).
        ThinkOn = 18,
        /// `Tiscali` (19).
        Tiscali = 19,
        /// `Walrus` (20).
        Walrus = 20,
        /// `FS` (21): a file share.
        FS = 21,
        /// `GoogleCloudPlatform` (22).
        GoogleCloudPlatform = 22,
        /// `Wasabi` (23).
        Wasabi = 23,
        /// `Minio` (24).
        Minio = 24,
    }
}

wire_enum! {
    /// The S3 request signature (`SignatureVersion`).
    pub enum SignatureVersion = "SignatureVersion" in "MBSAPImvc.Engine.Models" {
        /// `Version2` (2).
        Version2 = 2,
        /// `Version4` (4).
        Version4 = 4,
    }
}

wire_enum! {
    /// The OpenStack Keystone version (`KeyStoneVersion`).
    pub enum KeyStoneType = "KeyStoneType" in "MBSAPImvc.Engine.Models" {
        /// `DoNotUse` (0).
        DoNotUse = 0,
        /// `Two` (1): Keystone v2.
        Two = 1,
        /// `Three` (2): Keystone v3.
        Three = 2,
    }
}

wire_enum! {
    /// Whether an OpenStack tenant, domain or project is given by name or by ID
    /// (`TenantType`, `DomainType`, `ProjectType`; the 2018 docs' prose wrongly describes an
    /// object, their samples send this enum).
    pub enum OpenStackType = "OpenStackType" in "MBSAPImvc.Engine.Models" {
        /// `Name` (0).
        Name = 0,
        /// `ID` (1).
        ID = 1,
    }
}

model! {
    /// A storage account (`AccountsModels`), as `GET /api/Accounts` answers it.
    /// `ResellerAccountID` is newer (2024) and left out of a body when `None`.
    pub struct Account = "AccountsModels" in ENGINE_MODELS_NS {
        /// `ResellerAccountID` (newer servers).
        omit "ResellerAccountID" reseller_account_id: Option<String>,
        /// `AccountID`.
        "AccountID" account_id: String,
        /// `DateCreated` (real answers carry no offset).
        "DateCreated" date_created: Option<Timestamp>,
        /// `DisplayName`.
        "DisplayName" display_name: Option<String>,
        /// `StorageType`: free text such as `AzureVM` (not the numeric [`AccountType`]).
        "StorageType" storage_type: Option<String>,
        /// `Destinations`: the account's buckets.
        "Destinations" destinations: Option<Vec<AccountDestination>>,
    }
}

model! {
    /// A bucket of a storage account (`DestinationOfAccount`): an item of
    /// [`Account::destinations`], the body of `PUT /api/Accounts/RemoveDestination` and
    /// `PUT /api/Accounts/EditDestination`, and the answer of AddDestination and
    /// CreateDestination. `DestinationID` is newer (2024) and left out of a body when `None`.
    pub struct AccountDestination = "DestinationOfAccount" in ENGINE_MODELS_NS {
        /// `DestinationID` (newer servers; EditDestination needs it).
        omit "DestinationID" destination_id: Option<String>,
        /// `AccountID` (required): the account's ID.
        req "AccountID" account_id: String,
        /// `Destination` (required): the bucket's name.
        req "Destination" destination: String,
        /// `DestinationDisplayName`.
        "DestinationDisplayName" destination_display_name: Option<String>,
    }
}

impl AccountDestination {
    /// The bucket `destination` of account `account_id`, without a display name.
    pub fn new(account_id: impl Into<String>, destination: impl Into<String>) -> Self {
        AccountDestination {
            destination_id: None,
            account_id: account_id.into(),
            destination: destination.into(),
            destination_display_name: None,
            extra: Default::default(),
        }
    }
}

model! {
    /// The body of `POST /api/Accounts/AddDestination` (`DestinationOfAccountCreate`): attach an
    /// existing bucket to an account. The account ID is a GUID, checked before sending.
    pub struct NewAccountDestination = "DestinationOfAccountCreate" in ENGINE_MODELS_NS {
        /// `AccountID` (required).
        "AccountID" account_id: Guid,
        /// `Destination` (required): the bucket's name.
        req "Destination" destination: String,
        /// `DestinationDisplayName`.
        "DestinationDisplayName" destination_display_name: Option<String>,
    }
}

impl NewAccountDestination {
    /// The bucket `destination` for account `account_id`, without a display name.
    pub fn new(account_id: Guid, destination: impl Into<String>) -> Self {
        NewAccountDestination {
            account_id,
            destination: destination.into(),
            destination_display_name: None,
            extra: Default::default(),
        }
    }
}

model! {
    /// The body of `POST /api/Accounts` (`Account`): a new storage account. Send only the
    /// settings member that matches `Type` (the server uses that one).
    pub struct NewAccount = "Account" in ENGINE_MODELS_NS {
        /// `DisplayName` (required).
        req "DisplayName" display_name: String,
        /// `Type` (required): the provider.
        "Type" account_type: AccountType,
        /// `AccountSettings` (required): the provider's settings.
        "AccountSettings" account_settings: AccountSettings,
    }
    check = NewAccount::check;
}

impl NewAccount {
    /// An account named `display_name` of type `account_type` with `account_settings`.
    pub fn new(
        display_name: impl Into<String>,
        account_type: AccountType,
        account_settings: AccountSettings,
    ) -> Self {
        NewAccount {
            display_name: display_name.into(),
            account_type,
            account_settings,
            extra: Default::default(),
        }
    }
}

model! {
    /// The body of `PUT /api/Accounts`: the [`NewAccount`] members plus `AccountID`. The docs
    /// name neither the model nor show an XML sample, so this route is sent as JSON.
    pub struct AccountUpdate = "AccountEdit" in ENGINE_MODELS_NS {
        /// `AccountID` (required).
        req "AccountID" account_id: String,
        /// `DisplayName` (required).
        req "DisplayName" display_name: String,
        /// `Type` (required).
        "Type" account_type: AccountType,
        /// `AccountSettings` (required).
        "AccountSettings" account_settings: AccountSettings,
    }
    check = AccountUpdate::check;
}

impl NewAccount {
    fn check(&self) -> Result<(), crate::Error> {
        self.account_settings.check_for(&self.account_type)
    }
}

impl AccountUpdate {
    fn check(&self) -> Result<(), crate::Error> {
        self.account_settings.check_for(&self.account_type)
    }

    /// An update of account `account_id` with the body of a create.
    pub fn new(account_id: impl Into<String>, account: NewAccount) -> Self {
        AccountUpdate {
            account_id: account_id.into(),
            display_name: account.display_name,
            account_type: account.account_type,
            account_settings: account.account_settings,
            extra: Default::default(),
        }
    }
}

model! {
    /// `AccountSettings` (`Settings`): one member per provider. Members left `None` are left
    /// out of the body. `GoogleCloudPlatform` is on the help site (2024); `Wasabi`, `Minio` and
    /// `FS` only in the vendor's PowerShell module.
    pub struct AccountSettings = "Settings" in ENGINE_MODELS_NS {
        /// `AmazonS3`.
        omit "AmazonS3" amazon_s3: Option<AmazonS3Settings>,
        /// `Azure`.
        omit "Azure" azure: Option<AzureSettings>,
        /// `OpenStack`.
        omit "OpenStack" open_stack: Option<OpenStackSettings>,
        /// `Oracle`.
        omit "Oracle" oracle: Option<OracleSettings>,
        /// `S3Compatible`.
        omit "S3Compatible" s3_compatible: Option<S3CompatibleSettings>,
        /// `Cloudian` (the S3-compatible members).
        omit "Cloudian" cloudian: Option<S3CompatibleSettings>,
        /// `GoogleCloudPlatform`.
        omit "GoogleCloudPlatform" google_cloud_platform: Option<GoogleCloudSettings>,
        /// `Wasabi`.
        omit "Wasabi" wasabi: Option<WasabiSettings>,
        /// `Minio`.
        omit "Minio" minio: Option<MinioSettings>,
        /// `FS`: a file share.
        omit "FS" fs: Option<FileShareSettings>,
    }
}

impl AccountSettings {
    /// No settings; set the member that matches the account's type.
    pub fn new() -> Self {
        AccountSettings {
            amazon_s3: None,
            azure: None,
            open_stack: None,
            oracle: None,
            s3_compatible: None,
            cloudian: None,
            google_cloud_platform: None,
            wasabi: None,
            minio: None,
            fs: None,
            extra: Default::default(),
        }
    }
}

impl AccountSettings {
    /// The wire name of the settings member for `account_type`, and whether it is set; `None`
    /// for the providers the docs give no member of their own.
    fn member_for(&self, account_type: &AccountType) -> Option<(&'static str, bool)> {
        Some(match account_type {
            AccountType::AmazonS3 => ("AmazonS3", self.amazon_s3.is_some()),
            AccountType::Azure => ("Azure", self.azure.is_some()),
            AccountType::OpenStack => ("OpenStack", self.open_stack.is_some()),
            AccountType::OracleCloud => ("Oracle", self.oracle.is_some()),
            AccountType::S3Compatible => ("S3Compatible", self.s3_compatible.is_some()),
            AccountType::Cloudian => ("Cloudian", self.cloudian.is_some()),
            AccountType::GoogleCloudPlatform => {
                ("GoogleCloudPlatform", self.google_cloud_platform.is_some())
            }
            AccountType::Wasabi => ("Wasabi", self.wasabi.is_some()),
            AccountType::Minio => ("Minio", self.minio.is_some()),
            AccountType::FS => ("FS", self.fs.is_some()),
            _ => return None,
        })
    }

    /// Refuses settings without the member the account's type reads (the server uses only
    /// that one), or without any member at all.
    pub(crate) fn check_for(&self, account_type: &AccountType) -> Result<(), crate::Error> {
        let any = self.amazon_s3.is_some()
            || self.azure.is_some()
            || self.open_stack.is_some()
            || self.oracle.is_some()
            || self.s3_compatible.is_some()
            || self.cloudian.is_some()
            || self.google_cloud_platform.is_some()
            || self.wasabi.is_some()
            || self.minio.is_some()
            || self.fs.is_some();
        if !any {
            return Err(crate::Error::invalid(
                "AccountSettings",
                "must hold the settings of the account's provider",
            ));
        }
        match self.member_for(account_type) {
            Some((member, false)) => Err(crate::Error::invalid(
                "AccountSettings",
                match member {
                    "AmazonS3" => {
                        "must set AmazonS3 for an AmazonS3 account (the server reads only that member)"
                    }
                    "Azure" => {
                        "must set Azure for an Azure account (the server reads only that member)"
                    }
                    "OpenStack" => {
                        "must set OpenStack for an OpenStack account (the server reads only that member)"
                    }
                    "Oracle" => {
                        "must set Oracle for an OracleCloud account (the server reads only that member)"
                    }
                    "S3Compatible" => {
                        "must set S3Compatible for an S3Compatible account (the server reads only that member)"
                    }
                    "Cloudian" => {
                        "must set Cloudian for a Cloudian account (the server reads only that member)"
                    }
                    "GoogleCloudPlatform" => {
                        "must set GoogleCloudPlatform for a GoogleCloudPlatform account (the server reads only that member)"
                    }
                    "Wasabi" => {
                        "must set Wasabi for a Wasabi account (the server reads only that member)"
                    }
                    "Minio" => {
                        "must set Minio for a Minio account (the server reads only that member)"
                    }
                    _ => "must set FS for a file-share account (the server reads only that member)",
                },
            )),
            _ => Ok(()),
        }
    }
}

impl Default for AccountSettings {
    fn default() -> Self {
        Self::new()
    }
}

model! {
    /// Amazon S3 credentials (`AccountSettings.AmazonS3`).
    pub struct AmazonS3Settings = "AmazonS3" in ENGINE_MODELS_NS {
        /// `AccessKey` (a secret).
        "AccessKey" access_key: Secret,
        /// `SecretKey` (a secret).
        "SecretKey" secret_key: Secret,
        /// `IsGovCloud`.
        "IsGovCloud" is_gov_cloud: bool,
    }
}

impl AmazonS3Settings {
    /// Credentials outside GovCloud.
    pub fn new(access_key: impl Into<Secret>, secret_key: impl Into<Secret>) -> Self {
        AmazonS3Settings {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            is_gov_cloud: false,
            extra: Default::default(),
        }
    }
}

model! {
    /// Azure credentials (`AccountSettings.Azure`). `CustomEndpoint` is newer and left out when
    /// `None`; the help pages' `AccountType` integer is not modelled (its XML form is not
    /// documented).
    pub struct AzureSettings = "Azure" in ENGINE_MODELS_NS {
        /// `AccountName`.
        "AccountName" account_name: String,
        /// `SharedKey` (a secret).
        "SharedKey" shared_key: Secret,
        /// `CustomEndpoint` (newer servers).
        omit "CustomEndpoint" custom_endpoint: Option<String>,
    }
}

impl AzureSettings {
    /// An Azure storage account name and its shared key.
    pub fn new(account_name: impl Into<String>, shared_key: impl Into<Secret>) -> Self {
        AzureSettings {
            account_name: account_name.into(),
            shared_key: shared_key.into(),
            custom_endpoint: None,
            extra: Default::default(),
        }
    }
}

model! {
    /// Oracle Cloud settings (`AccountSettings.Oracle`); [`OpenStackSettings`] builds on them.
    pub struct OracleSettings = "Oracle" in ENGINE_MODELS_NS {
        /// `UserName`.
        "UserName" user_name: Option<String>,
        /// `ApiKey` (a secret).
        "ApiKey" api_key: Secret,
        /// `AuthService`: the authentication URL.
        "AuthService" auth_service: Option<String>,
        /// `KeyStoneVersion`.
        "KeyStoneVersion" key_stone_version: KeyStoneType,
        /// `TenantType`.
        "TenantType" tenant_type: OpenStackType,
        /// `Tenant`.
        "Tenant" tenant: Option<String>,
        /// `UseInternalURLs` (the API's spelling).
        "UseInternalURLs" use_internal_urls: bool,
        /// `DomainType`.
        "DomainType" domain_type: OpenStackType,
        /// `Domain`.
        "Domain" domain: Option<String>,
        /// `UseScope`.
        "UseScope" use_scope: bool,
        /// `ProjectType`.
        "ProjectType" project_type: OpenStackType,
        /// `Project`.
        "Project" project: Option<String>,
    }
}

model! {
    /// OpenStack settings (`AccountSettings.OpenStack`): the [`OracleSettings`] members (a base
    /// contract, so first in XML) and two more.
    pub struct OpenStackSettings = "OpenStack" in ENGINE_MODELS_NS {
        /// `IgnoreCertificate`.
        "IgnoreCertificate" ignore_certificate: bool,
        /// `NotCheckCredentials`.
        "NotCheckCredentials" not_check_credentials: bool,
        /// `UserName`.
        base "UserName" user_name: Option<String>,
        /// `ApiKey` (a secret).
        base "ApiKey" api_key: Secret,
        /// `AuthService`.
        base "AuthService" auth_service: Option<String>,
        /// `KeyStoneVersion`.
        base "KeyStoneVersion" key_stone_version: KeyStoneType,
        /// `TenantType`.
        base "TenantType" tenant_type: OpenStackType,
        /// `Tenant`.
        base "Tenant" tenant: Option<String>,
        /// `UseInternalURLs` (the API's spelling).
        base "UseInternalURLs" use_internal_urls: bool,
        /// `DomainType`.
        base "DomainType" domain_type: OpenStackType,
        /// `Domain`.
        base "Domain" domain: Option<String>,
        /// `UseScope`.
        base "UseScope" use_scope: bool,
        /// `ProjectType`.
        base "ProjectType" project_type: OpenStackType,
        /// `Project`.
        base "Project" project: Option<String>,
    }
}

model! {
    /// S3-compatible settings (`AccountSettings.S3Compatible` and `.Cloudian`): the
    /// [`AmazonS3Settings`] members (a base contract, first in XML) and the endpoint's.
    /// `HTTPEnpoint` is the API's spelling.
    pub struct S3CompatibleSettings = "S3Compatible" in ENGINE_MODELS_NS {
        /// `UseNativeMultipartUpload`.
        "UseNativeMultipartUpload" use_native_multipart_upload: bool,
        /// `HTTPEnpoint` (the API's spelling).
        "HTTPEnpoint" http_endpoint: Option<String>,
        /// `HTTPSEndpoint`.
        "HTTPSEndpoint" https_endpoint: Option<String>,
        /// `IgnoreCertificate`.
        "IgnoreCertificate" ignore_certificate: bool,
        /// `NotCheckCredentials`.
        "NotCheckCredentials" not_check_credentials: bool,
        /// `SignatureVersion`.
        "SignatureVersion" signature_version: SignatureVersion,
        /// `AccessKey` (a secret).
        base "AccessKey" access_key: Secret,
        /// `SecretKey` (a secret).
        base "SecretKey" secret_key: Secret,
        /// `IsGovCloud`.
        base "IsGovCloud" is_gov_cloud: bool,
    }
}

model! {
    /// Google Cloud settings (`AccountSettings.GoogleCloudPlatform`, help site 2024).
    pub struct GoogleCloudSettings = "GoogleCloudPlatform" in ENGINE_MODELS_NS {
        /// `ServiceAccountEmail`.
        "ServiceAccountEmail" service_account_email: String,
        /// `BinaryKeyAsBase64`: the service account's key (a secret).
        "BinaryKeyAsBase64" binary_key_as_base64: Secret,
        /// `ProjectID`.
        "ProjectID" project_id: String,
    }
}

model! {
    /// Wasabi settings (`AccountSettings.Wasabi`; vendor PowerShell module only).
    pub struct WasabiSettings = "Wasabi" in ENGINE_MODELS_NS {
        /// `AccessKey` (a secret).
        "AccessKey" access_key: Secret,
        /// `SecretKey` (a secret).
        "SecretKey" secret_key: Secret,
    }
}

model! {
    /// MinIO settings (`AccountSettings.Minio`; vendor PowerShell module only). The XML order
    /// is a guess: the keys as a base contract (as Wasabi's), then the endpoint's members.
    pub struct MinioSettings = "Minio" in ENGINE_MODELS_NS {
        /// `HTTPEnpoint` (the API's spelling).
        "HTTPEnpoint" http_endpoint: Option<String>,
        /// `HTTPSEndpoint`.
        "HTTPSEndpoint" https_endpoint: Option<String>,
        /// `IgnoreCertificate`.
        "IgnoreCertificate" ignore_certificate: bool,
        /// `NotCheckCredentials`.
        "NotCheckCredentials" not_check_credentials: bool,
        /// `AccessKey` (a secret).
        base "AccessKey" access_key: Secret,
        /// `SecretKey` (a secret).
        base "SecretKey" secret_key: Secret,
    }
}

model! {
    /// File share settings (`AccountSettings.FS`; vendor PowerShell module only).
    pub struct FileShareSettings = "FS" in ENGINE_MODELS_NS {
        /// `Login`.
        "Login" login: Option<String>,
        /// `Pass`: the password (a secret).
        "Pass" pass: Secret,
        /// `Path`: the share's path.
        "Path" path: String,
    }
}

model! {
    /// The body of `POST /api/Accounts/CreateDestination` (`AccountDestinationCreateModel`,
    /// JSON only): create a new bucket in an existing account.
    pub struct NewBucket = "AccountDestinationCreateModel" in ENGINE_MODELS_NS {
        /// `AccountID` (required).
        "AccountID" account_id: Guid,
        /// `DisplayName` (required).
        req "DisplayName" display_name: String,
        /// `DestinationSettings` (required): set the member of the account's provider.
        "DestinationSettings" destination_settings: BucketSettings,
    }
}

model! {
    /// `DestinationSettings` (`StorageDestinationSettings`): one member per provider; members
    /// left `None` are left out.
    pub struct BucketSettings = "StorageDestinationSettings" in ENGINE_MODELS_NS {
        /// `GoogleCloudPlatform`.
        omit "GoogleCloudPlatform" google_cloud_platform: Option<GoogleCloudBucket>,
        /// `AmazonS3`.
        omit "AmazonS3" amazon_s3: Option<AmazonS3Bucket>,
        /// `Wasabi`.
        omit "Wasabi" wasabi: Option<WasabiBucket>,
        /// `S3Compatible`.
        omit "S3Compatible" s3_compatible: Option<Bucket>,
        /// `Azure`.
        omit "Azure" azure: Option<Bucket>,
        /// `B2` (Backblaze).
        omit "B2" b2: Option<Bucket>,
    }
}

impl BucketSettings {
    /// No settings; set the member of the account's provider.
    pub fn new() -> Self {
        BucketSettings {
            google_cloud_platform: None,
            amazon_s3: None,
            wasabi: None,
            s3_compatible: None,
            azure: None,
            b2: None,
            extra: Default::default(),
        }
    }
}

impl Default for BucketSettings {
    fn default() -> Self {
        Self::new()
    }
}

model! {
    /// A Google Cloud bucket to create.
    pub struct GoogleCloudBucket = "GoogleCloudPlatformDestinationSettings" in ENGINE_MODELS_NS {
        /// `StorageClass` (`null` in the docs' only sample).
        "StorageClass" storage_class: Option<String>,
        /// `RegionalLocation`.
        "RegionalLocation" regional_location: i32,
        /// `BucketName` (required).
        req "BucketName" bucket_name: String,
        /// `UseImmutability`.
        "UseImmutability" use_immutability: bool,
    }
}

model! {
    /// An Amazon S3 bucket to create.
    pub struct AmazonS3Bucket = "AmazonS3DestinationSettings" in ENGINE_MODELS_NS {
        /// `UseS3TransferAcceleration`.
        "UseS3TransferAcceleration" use_s3_transfer_acceleration: bool,
        /// `Region`.
        "Region" region: Option<String>,
        /// `BucketName` (required).
        req "BucketName" bucket_name: String,
        /// `UseImmutability`.
        "UseImmutability" use_immutability: bool,
    }
}

model! {
    /// A Wasabi bucket to create.
    pub struct WasabiBucket = "WasabiDestinationSettings" in ENGINE_MODELS_NS {
        /// `Region`.
        "Region" region: Option<String>,
        /// `BucketName` (required).
        req "BucketName" bucket_name: String,
        /// `UseImmutability`.
        "UseImmutability" use_immutability: bool,
    }
}

model! {
    /// An S3-compatible, Azure or Backblaze B2 bucket to create.
    pub struct Bucket = "DestinationSettings" in ENGINE_MODELS_NS {
        /// `BucketName` (required).
        req "BucketName" bucket_name: String,
        /// `UseImmutability`.
        "UseImmutability" use_immutability: bool,
    }
}

impl Bucket {
    /// A bucket named `bucket_name`, without immutability.
    pub fn new(bucket_name: impl Into<String>) -> Self {
        Bucket {
            bucket_name: bucket_name.into(),
            use_immutability: false,
            extra: Default::default(),
        }
    }
}

impl OracleSettings {
    /// Oracle Cloud credentials: the user, the API key and the authentication URL; Keystone
    /// not used, tenant, domain and project by name and unset, public URLs, no scope.
    pub fn new(
        user_name: impl Into<String>,
        api_key: impl Into<Secret>,
        auth_service: impl Into<String>,
    ) -> Self {
        OracleSettings {
            user_name: Some(user_name.into()),
            api_key: api_key.into(),
            auth_service: Some(auth_service.into()),
            key_stone_version: KeyStoneType::DoNotUse,
            tenant_type: OpenStackType::Name,
            tenant: None,
            use_internal_urls: false,
            domain_type: OpenStackType::Name,
            domain: None,
            use_scope: false,
            project_type: OpenStackType::Name,
            project: None,
            extra: Default::default(),
        }
    }
}

impl OpenStackSettings {
    /// OpenStack credentials, with the defaults of [`OracleSettings::new`], the certificate
    /// checked and the credentials checked.
    pub fn new(
        user_name: impl Into<String>,
        api_key: impl Into<Secret>,
        auth_service: impl Into<String>,
    ) -> Self {
        OracleSettings::new(user_name, api_key, auth_service).into()
    }
}

impl From<OracleSettings> for OpenStackSettings {
    /// The Oracle members (the base contract) with the certificate and credentials checked.
    fn from(o: OracleSettings) -> Self {
        OpenStackSettings {
            ignore_certificate: false,
            not_check_credentials: false,
            user_name: o.user_name,
            api_key: o.api_key,
            auth_service: o.auth_service,
            key_stone_version: o.key_stone_version,
            tenant_type: o.tenant_type,
            tenant: o.tenant,
            use_internal_urls: o.use_internal_urls,
            domain_type: o.domain_type,
            domain: o.domain,
            use_scope: o.use_scope,
            project_type: o.project_type,
            project: o.project,
            extra: o.extra,
        }
    }
}

impl S3CompatibleSettings {
    /// S3-compatible credentials with no endpoint yet (set `https_endpoint` or
    /// `http_endpoint`), signature version 4, the certificate and credentials checked.
    pub fn new(access_key: impl Into<Secret>, secret_key: impl Into<Secret>) -> Self {
        S3CompatibleSettings {
            use_native_multipart_upload: false,
            http_endpoint: None,
            https_endpoint: None,
            ignore_certificate: false,
            not_check_credentials: false,
            signature_version: SignatureVersion::Version4,
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            is_gov_cloud: false,
            extra: Default::default(),
        }
    }
}

impl GoogleCloudSettings {
    /// A service account, its key (base64) and the project.
    pub fn new(
        service_account_email: impl Into<String>,
        binary_key_as_base64: impl Into<Secret>,
        project_id: impl Into<String>,
    ) -> Self {
        GoogleCloudSettings {
            service_account_email: service_account_email.into(),
            binary_key_as_base64: binary_key_as_base64.into(),
            project_id: project_id.into(),
            extra: Default::default(),
        }
    }
}

impl WasabiSettings {
    /// Wasabi credentials.
    pub fn new(access_key: impl Into<Secret>, secret_key: impl Into<Secret>) -> Self {
        WasabiSettings {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            extra: Default::default(),
        }
    }
}

impl MinioSettings {
    /// MinIO credentials with no endpoint yet (set `https_endpoint` or `http_endpoint`), the
    /// certificate and credentials checked.
    pub fn new(access_key: impl Into<Secret>, secret_key: impl Into<Secret>) -> Self {
        MinioSettings {
            http_endpoint: None,
            https_endpoint: None,
            ignore_certificate: false,
            not_check_credentials: false,
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            extra: Default::default(),
        }
    }
}

impl FileShareSettings {
    /// A file share at `path`, reached with `pass` and no login (set `login` if needed).
    pub fn new(path: impl Into<String>, pass: impl Into<Secret>) -> Self {
        FileShareSettings {
            login: None,
            pass: pass.into(),
            path: path.into(),
            extra: Default::default(),
        }
    }
}

impl NewBucket {
    /// A bucket named `display_name` in account `account_id`, with the provider's settings.
    pub fn new(
        account_id: Guid,
        display_name: impl Into<String>,
        destination_settings: BucketSettings,
    ) -> Self {
        NewBucket {
            account_id,
            display_name: display_name.into(),
            destination_settings,
            extra: Default::default(),
        }
    }
}

impl GoogleCloudBucket {
    /// A Google Cloud bucket named `bucket_name`: default storage class and location, no
    /// immutability.
    pub fn new(bucket_name: impl Into<String>) -> Self {
        GoogleCloudBucket {
            storage_class: None,
            regional_location: 0,
            bucket_name: bucket_name.into(),
            use_immutability: false,
            extra: Default::default(),
        }
    }
}

impl AmazonS3Bucket {
    /// An Amazon S3 bucket named `bucket_name`: no region set, no transfer acceleration, no
    /// immutability.
    pub fn new(bucket_name: impl Into<String>) -> Self {
        AmazonS3Bucket {
            use_s3_transfer_acceleration: false,
            region: None,
            bucket_name: bucket_name.into(),
            use_immutability: false,
            extra: Default::default(),
        }
    }
}

impl WasabiBucket {
    /// A Wasabi bucket named `bucket_name`: no region set, no immutability.
    pub fn new(bucket_name: impl Into<String>) -> Self {
        WasabiBucket {
            region: None,
            bucket_name: bucket_name.into(),
            use_immutability: false,
            extra: Default::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;

    /// Every provider's settings can be built without decoding, and what is built encodes
    /// and reads back in both formats without a secret in its `Debug`.
    #[test]
    fn the_contracts_mark_the_credentials_as_secrets() {
        let secret = |c: &crate::contract::Contract, name: &str| c.member(name).map(|m| m.secret);
        assert_eq!(secret(&AmazonS3Settings::CONTRACT, "SecretKey"), Some(true));
        assert_eq!(
            secret(&AmazonS3Settings::CONTRACT, "IsGovCloud"),
            Some(false)
        );
        assert_eq!(secret(&FileShareSettings::CONTRACT, "Pass"), Some(true));
        assert_eq!(secret(&FileShareSettings::CONTRACT, "Login"), Some(false));
        assert_eq!(
            secret(&crate::models::NewUser::CONTRACT, "Password"),
            Some(true)
        );
        assert_eq!(
            secret(&crate::models::UserUpdate::CONTRACT, "Password"),
            Some(true)
        );
    }

    #[test]
    fn every_provider_can_be_built_and_round_trips() -> Result<(), crate::Error> {
        let mut settings = AccountSettings::new();
        settings.amazon_s3 = Some(AmazonS3Settings::new("SECRET-a", "SECRET-b"));
        settings.azure = Some(AzureSettings::new("acct", "SECRET-c"));
        settings.oracle = Some(OracleSettings::new("u", "SECRET-d", "https://auth"));
        settings.open_stack = Some(OpenStackSettings::new("u", "SECRET-e", "https://auth"));
        let mut s3 = S3CompatibleSettings::new("SECRET-f", "SECRET-g");
        s3.https_endpoint = Some("https://s3.example".into());
        settings.s3_compatible = Some(s3.clone());
        settings.cloudian = Some(s3);
        settings.google_cloud_platform =
            Some(GoogleCloudSettings::new("sa@example", "SECRET-h", "proj"));
        settings.wasabi = Some(WasabiSettings::new("SECRET-i", "SECRET-j"));
        settings.minio = Some(MinioSettings::new("SECRET-k", "SECRET-l"));
        settings.fs = Some(FileShareSettings::new("\\\\nas\\backups", "SECRET-m"));
        let account = NewAccount::new("All", AccountType::Minio, settings);
        assert!(!format!("{account:?}").contains("SECRET-"));
        for format in [Format::Json, Format::Xml] {
            let body = account.to_body(format)?;
            assert_eq!(NewAccount::from_body(format, &body)?, account);
        }
        let mut buckets = BucketSettings::new();
        buckets.google_cloud_platform = Some(GoogleCloudBucket::new("g"));
        buckets.amazon_s3 = Some(AmazonS3Bucket::new("a"));
        buckets.wasabi = Some(WasabiBucket::new("w"));
        buckets.b2 = Some(Bucket::new("b"));
        let id: Guid = "0e6c5df4-2a1b-4c3d-9e8f-00112233aabb"
            .parse()
            .map_err(|_| crate::Error::invalid("id", "test GUID"))?;
        let bucket = NewBucket::new(id, "New", buckets);
        let body = bucket.to_body(Format::Json)?;
        assert_eq!(NewBucket::from_body(Format::Json, &body)?, bucket);
        Ok(())
    }
}
