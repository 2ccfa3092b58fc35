//! Passes over loaded models: well-known identifiers, Rust names, cycles, modules.

use crate::model::Model;
use crate::{Error, SpecInput};

/// The models of every spec set after the passes, ready to emit.
#[derive(Debug, Clone, Default)]
pub struct Program {
    /// One entry per spec set, in input order.
    pub specs: Vec<(SpecInput, Model)>,
}

/// Run every pass.
pub fn run(specs: Vec<(SpecInput, Model)>) -> Result<Program, Error> {
    Ok(Program { specs })
}
