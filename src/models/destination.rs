//! The Destinations models: the destinations available for assignment (`DestinationsModel`),
//! and the bodies that assign, change and (by route) remove a user's destination. A user's
//! destinations are [`UserDestination`](crate::models::UserDestination)s.

use crate::codec::model;
use crate::xml::ENGINE_MODELS_NS;

model! {
    /// A destination available for assignment to users (`DestinationsModel`), as
    /// `GET /api/Destinations` answers it.
    pub struct Destination = "DestinationsModel" in ENGINE_MODELS_NS {
        /// `AccountID`: the storage account's ID.
        "AccountID" account_id: Option<String>,
        /// `AccountDisplayName`.
        "AccountDisplayName" account_display_name: Option<String>,
        /// `Destination`: the bucket.
        "Destination" destination: Option<String>,
        /// `DestinationDisplayName`.
        "DestinationDisplayName" destination_display_name: Option<String>,
    }
}

model! {
    /// The body of `POST /api/Destinations` (`AddUserDestination`): give a user a destination
    /// (a bucket of a storage account) under a package (storage limit).
    pub struct NewUserDestination = "AddUserDestination" in ENGINE_MODELS_NS {
        /// `UserID` (required).
        req "UserID" user_id: String,
        /// `AccountID` (required).
        req "AccountID" account_id: String,
        /// `Destination` (required): the bucket.
        req "Destination" destination: String,
        /// `PackageID` (required): the package's ID.
        "PackageID" package_id: i32,
    }
}

impl NewUserDestination {
    /// Gives user `user_id` the bucket `destination` of account `account_id` under package
    /// `package_id`.
    pub fn new(
        user_id: impl Into<String>,
        account_id: impl Into<String>,
        destination: impl Into<String>,
        package_id: i32,
    ) -> Self {
        NewUserDestination {
            user_id: user_id.into(),
            account_id: account_id.into(),
            destination: destination.into(),
            package_id,
            extra: Default::default(),
        }
    }
}

model! {
    /// The body of `PUT /api/Destinations`: change a user's destination (its bucket, its
    /// package, or both). The docs name no model and show no sample, so the route is sent as
    /// JSON; `Destination` and `PackageID` are left out when `None`, which the SDK takes to mean
    /// "unchanged" (not documented).
    pub struct UserDestinationUpdate = "EditUserDestination" in ENGINE_MODELS_NS {
        /// `ID` (required): the destination's ID.
        req "ID" id: String,
        /// `UserID` (required).
        req "UserID" user_id: String,
        /// `AccountID` (required).
        req "AccountID" account_id: String,
        /// `Destination`: the new bucket.
        omit "Destination" destination: Option<String>,
        /// `PackageID`: the new package.
        omit "PackageID" package_id: Option<i32>,
    }
}

impl UserDestinationUpdate {
    /// A change of destination `id` of user `user_id` (account `account_id`) that changes
    /// nothing until `destination` or `package_id` is set.
    pub fn new(
        id: impl Into<String>,
        user_id: impl Into<String>,
        account_id: impl Into<String>,
    ) -> Self {
        UserDestinationUpdate {
            id: id.into(),
            user_id: user_id.into(),
            account_id: account_id.into(),
            destination: None,
            package_id: None,
            extra: Default::default(),
        }
    }
}
