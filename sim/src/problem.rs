//! Why the simulator refuses a request, and where in it.

use psi_client::rt::xml::DecodeError;
use roxmltree::{Document, Node};

/// Why a request does not fit the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// A required element or property is absent (contrato code `2`).
    Missing(String),
    /// Anything else: a type, an enumeration, order, namespace, a business rule (code `3`).
    Invalid(String),
}

impl Problem {
    pub fn message(&self) -> &str {
        match self {
            Problem::Missing(m) | Problem::Invalid(m) => m,
        }
    }
}

impl From<DecodeError> for Problem {
    fn from(e: DecodeError) -> Self {
        if e.message.starts_with("required `") {
            Problem::Missing(e.to_string())
        } else {
            Problem::Invalid(e.to_string())
        }
    }
}

/// `message` with the element's path, line and column.
pub(crate) fn located(doc: &Document<'_>, node: Node<'_, '_>, message: &str) -> String {
    let pos = doc.text_pos_at(node.range().start);
    format!("{} (line {}, column {}): {message}", path(node), pos.row, pos.col)
}

fn path(node: Node<'_, '_>) -> String {
    let mut parts: Vec<&str> = node
        .ancestors()
        .filter(Node::is_element)
        .map(|n| n.tag_name().name())
        .collect();
    parts.reverse();
    format!("/{}", parts.join("/"))
}
