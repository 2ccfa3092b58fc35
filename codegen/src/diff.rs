//! Semantic diff of two models: what changed, in the API's terms, and whom it breaks.
//!
//! [`diff`] compares two [`Model`]s of the same spec set (for example the committed
//! reconstruction and a freshly fetched official file). Services, operations and types are
//! matched by their *wire* identity (service and operation names, element names and
//! namespaces, HTTP method + path, parameter location + name, status codes), never by
//! [`TypeId`](crate::model::TypeId) or Rust names. Types are compared by walking from the operations: every type
//! reachable from a request (SOAP input parts and headers, HTTP parameters and body) is seen
//! in the *request* direction, every type reachable from a response (SOAP output and faults,
//! HTTP responses) in the *response* direction, and a type reachable from both in both.
//!
//! Each [`Change`] is classified by the direction it travels:
//!
//! * a change that narrows what a request may carry breaks **senders** (requests already
//!   being sent may now be rejected); widening a request is safe;
//! * a change that widens what a response may carry breaks **readers** (responses already
//!   being read may now hold something the reader does not expect); narrowing a response is
//!   safe;
//! * a change of wire identity (an element renamed, a namespace, a SOAPAction, a path)
//!   breaks whoever sends or reads it.
//!
//! New enumeration values in a response are classified *safe*: the enums this toolkit
//! generates keep values they do not know (read as an unknown value, not an error).
//!
//! The renderers ([`to_text`], [`to_markdown`], [`to_json`]) are deterministic: the changes
//! are sorted. [`diff_generated`] lists the public Rust items of two generated trees that
//! differ, from a light line-based scan.

mod classify;
mod compare;
mod http;
mod labels;
mod operations;
mod render;
mod report;
mod rust_items;
mod shapes;
mod soap;
#[cfg(test)]
mod tests;
mod walk;

use std::collections::BTreeMap;

use crate::model::{Binding, Model, TypeKind};

pub use labels::prim_name;
pub use render::{to_json, to_markdown, to_text};
pub use report::{
    Affects, Change, ChangeKind, FileChange, ItemChange, Report, RustItemChange, Severity, Summary, spec_added,
    spec_removed,
};
pub use rust_items::{diff_generated, scan_public_items};
use walk::Cx;

/// Compare two models of one spec set.
pub fn diff(old: &Model, new: &Model) -> Report {
    let spec = if new.spec.id.is_empty() {
        old.spec.id.clone()
    } else {
        new.spec.id.clone()
    };
    let xml = uses_xml(old) || uses_xml(new);
    let mut cx = Cx {
        old,
        new,
        spec,
        xml,
        nodes: Vec::new(),
        index: BTreeMap::new(),
        out: Vec::new(),
    };
    cx.services();
    cx.compare_nodes();
    let mut report = Report {
        changes: cx.out,
        ..Report::default()
    };
    report.sort();
    report
}

fn uses_xml(m: &Model) -> bool {
    m.services
        .iter()
        .flat_map(|s| &s.operations)
        .any(|o| matches!(o.binding, Binding::Soap(_)))
        || m.types.iter().any(|t| {
            matches!(
                t.key.kind,
                TypeKind::Element | TypeKind::ComplexType | TypeKind::SimpleType
            )
        })
}
