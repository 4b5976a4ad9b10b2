//! The Packages models (storage limits): `PackagesModels`, `PackageCreate` and
//! `GlacierRestoreType`.

use crate::codec::{model, wire_enum};
use crate::models::Decimal;
use crate::xml::ENGINE_MODELS_NS;

wire_enum! {
    /// How Amazon Glacier restores are made (`GlacierRestoreType`).
    pub enum GlacierRestoreType = "GlacierRestoreType" in "MBSAPImvc.Engine.Models" {
        /// `Standard` (0).
        Standard = 0,
        /// `Bulk` (1).
        Bulk = 1,
        /// `Expedited` (2).
        Expedited = 2,
        /// `No` (3).
        No = 3,
    }
}

model! {
    /// A package, i.e. a storage limit (`PackagesModels`): `GET /api/Packages` answers them and
    /// `PUT /api/Packages` takes one. Amounts are lossless [`Decimal`]s (JSON `2.0`, XML `2`).
    /// `isGlacierRestoreLimit` keeps the API's lower-case `i`, so it sorts last in XML.
    pub struct Package = "PackagesModels" in ENGINE_MODELS_NS {
        /// `ID`.
        "ID" id: i64,
        /// `Cost`.
        "Cost" cost: Decimal,
        /// `Description`.
        "Description" description: Option<String>,
        /// `Enabled`.
        "Enabled" enabled: bool,
        /// `Name` (required).
        req "Name" name: String,
        /// `StorageLimit` (the docs say gigabytes).
        "StorageLimit" storage_limit: Decimal,
        /// `isGlacierRestoreLimit` (the API's spelling).
        "isGlacierRestoreLimit" is_glacier_restore_limit: bool,
        /// `RestoreLimit` (`-1.0` seen for "no limit").
        "RestoreLimit" restore_limit: Decimal,
        /// `GlacierRestoreType`.
        "GlacierRestoreType" glacier_restore_type: GlacierRestoreType,
        /// `UseRestoreLimit`.
        "UseRestoreLimit" use_restore_limit: bool,
    }
}

model! {
    /// The body of `POST /api/Packages` (`PackageCreate`). JSON members come in the order of the
    /// docs' sample; `RestoreLimit` is left out when `None`.
    pub struct NewPackage = "PackageCreate" in ENGINE_MODELS_NS {
        /// `Name` (required).
        req "Name" name: String,
        /// `Description`.
        "Description" description: Option<String>,
        /// `StorageLimit` (required).
        "StorageLimit" storage_limit: Decimal,
        /// `isGlacierRestoreLimit` (the API's spelling).
        "isGlacierRestoreLimit" is_glacier_restore_limit: bool,
        /// `GlacierRestoreType`.
        "GlacierRestoreType" glacier_restore_type: GlacierRestoreType,
        /// `Cost` (required).
        "Cost" cost: Decimal,
        /// `UseRestoreLimit`.
        "UseRestoreLimit" use_restore_limit: bool,
        /// `RestoreLimit` (left out when `None`).
        omit "RestoreLimit" restore_limit: Option<Decimal>,
    }
}

impl NewPackage {
    /// A package named `name` with a storage limit and a cost, standard Glacier restores and no
    /// restore limit.
    pub fn new(name: impl Into<String>, storage_limit: Decimal, cost: Decimal) -> Self {
        NewPackage {
            name: name.into(),
            description: None,
            storage_limit,
            is_glacier_restore_limit: false,
            glacier_restore_type: GlacierRestoreType::Standard,
            cost,
            use_restore_limit: false,
            restore_limit: None,
            extra: Default::default(),
        }
    }
}

impl Package {
    /// A package with this ID and name, every amount zero, enabled.
    pub fn new(id: i64, name: impl Into<String>) -> Self {
        let zero = || Decimal::from(0);
        Package {
            id,
            cost: zero(),
            description: None,
            enabled: true,
            name: name.into(),
            storage_limit: zero(),
            is_glacier_restore_limit: false,
            restore_limit: zero(),
            glacier_restore_type: GlacierRestoreType::Standard,
            use_restore_limit: false,
            extra: Default::default(),
        }
    }
}
