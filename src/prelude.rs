//! The names most programs need, in one import:
//!
//! ```no_run
//! use mspbackups::prelude::*;
//!
//! let client: Client = Client::builder()
//!     .credentials("api-login", Secret::from("api-password"))
//!     .format(Format::Xml)
//!     .build()?;
//! let licenses: Vec<License> = client.licenses().list()?;
//! client.licenses().revoke(&LicenseOperation::new("license-id", "user-id"))?;
//! # Ok::<(), Error>(())
//! ```
//!
//! It holds the client ([`Client`], [`ClientBuilder`]), the error ([`Error`]), the wire format
//! ([`Format`]), [`Secret`], and the API's models ([`License`], [`LicenseOperation`],
//! [`LoginRequest`], [`Token`], [`Timestamp`], [`User`], [`NewUser`], [`UserUpdate`],
//! [`UserAuthData`], [`UserComputer`], [`UserModeType`]). Every model also lives in
//! [`mspbackups::models`](crate::models) and at the crate root; the timestamp's parts
//! ([`Offset`](crate::models::Offset), [`ParseTimestampError`](crate::models::ParseTimestampError))
//! are left out of the prelude so that a glob import doesn't collide with other crates' `Offset`.

pub use crate::models::{
    License, LicenseOperation, LoginRequest, NewUser, Timestamp, Token, User, UserAuthData,
    UserComputer, UserModeType, UserUpdate,
};
pub use crate::{Client, ClientBuilder, Error, Format, Secret};
