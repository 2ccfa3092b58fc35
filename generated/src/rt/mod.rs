//! The hand-written runtime the generated code stands on.

pub mod calendar;
pub mod values;
pub mod xml;
