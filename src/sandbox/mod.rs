//! An embedded, stateful MBS emulator (feature `sandbox`).

pub mod dcs;
