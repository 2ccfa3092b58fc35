//! The code each fuzz target runs (`fuzz_targets/` call these functions), shared with the
//! replay tests that run the committed corpora on stable.

pub mod codegen_targets;
pub mod replay;
pub mod runtime_targets;
