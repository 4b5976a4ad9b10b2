//! Resource handlers: one per API group, one documented method per endpoint.

pub mod administrators;
pub mod companies;
pub mod computers;
pub mod licenses;
pub mod packages;
pub mod users;
