//! The hand-written runtime the generated code stands on.

pub mod json;
pub mod values;
pub mod xml;
