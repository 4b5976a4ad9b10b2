//! Resource handlers: one per API group, one documented method per endpoint.

pub mod licenses;
pub mod users;
