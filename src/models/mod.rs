//! The API's request and response models.
//!
//! Field names on the wire are the API's own (`LicenseID`, `UserID`, …), including its
//! misspellings; Rust field names are snake_case.

mod license_operation;

pub use license_operation::LicenseOperation;
