//! A stable, readable text form of a model, for snapshot tests and the drift report.

use crate::model::Model;

/// Render a model as text.
pub fn dump(model: &Model) -> String {
    format!("spec {}\n", model.spec.id)
}
