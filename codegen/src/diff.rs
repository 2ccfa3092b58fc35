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
//! The report also speaks in the terms of the code that uses the generated crate:
//! [`diff_generated`] parses two generated trees and classifies each public Rust item that
//! differs as [`Semver::Major`] or [`Semver::Minor`] by the Rust semver rules;
//! [`Report::link_rust`] ties each of them to the wire change that causes it, so every change
//! carries both classifications and the headline counts the changes that break users on the
//! wire or in Rust; [`Report::review_hand_written`] lists the places of hand-written code
//! over the generated API that name a changed item.
//!
//! The renderers ([`to_text`], [`to_markdown`], [`to_json`]) are deterministic: every list
//! is sorted.

mod classify;
mod compare;
mod http;
mod labels;
mod link;
mod operations;
mod render;
mod report;
mod review;
mod rust_items;
mod semver;
mod shapes;
mod soap;
#[cfg(test)]
mod tests;
mod tokens;
mod walk;

use std::collections::BTreeMap;

use crate::model::{Binding, Model, TypeKind};

pub use labels::prim_name;
pub use render::{to_json, to_markdown, to_text};
pub use report::{
    Affects, Change, ChangeKind, FileChange, ItemChange, Report, Review, RustItemChange, Semver, Severity, Summary,
    spec_added, spec_removed,
};
pub use rust_items::scan_public_items;
pub use semver::diff_generated;
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
