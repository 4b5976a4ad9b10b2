//! Resource handlers: one per API group, one documented method per endpoint.

pub mod accounts;
pub mod administrators;
pub mod billing;
pub mod builds;
pub mod companies;
pub mod computers;
pub mod destinations;
pub mod licenses;
pub mod monitoring;
pub mod packages;
pub mod revoke;
pub mod users;
