//! Semantic diff of two models: what changed, in the API's terms, and whom it breaks.
//!
//! [`diff`] compares two [`Model`]s of the same spec set (for example the committed
//! reconstruction and a freshly fetched official file). Services, operations and types are
//! matched by their *wire* identity (service and operation names, element names and
//! namespaces, HTTP method + path, parameter location + name, status codes), never by
//! [`TypeId`] or Rust names. Types are compared by walking from the operations: every type
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

mod render;
mod rust_items;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::{
    Binding, Body, EnumDef, Facets, Field, FieldKind, HttpBinding, Model, Occurs, Operation, Param, ParamLocation,
    Primitive, Response, SecurityScheme, Service, Shape, SoapBinding, SoapMessage, SoapPart, Status, StructDef, TypeId,
    TypeKind, UnionDef, UnionStyle,
};

pub use render::{to_json, to_markdown, to_text};
pub use rust_items::{diff_generated, scan_public_items};

/// How serious a change is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Requests already being sent, or responses already being read, may now fail.
    Breaking,
    /// Compatible with what is sent and read today.
    Safe,
    /// No effect on the wire (names that do not travel, documentation-level facts).
    Info,
}

impl Severity {
    /// Lower-case name (`breaking`, `safe`, `info`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::Safe => "safe",
            Severity::Info => "info",
        }
    }
}

/// Who is affected: senders of requests, readers of responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Affects {
    /// Code that builds and sends requests.
    Senders,
    /// Code that reads responses (and faults).
    Readers,
    /// Both.
    Both,
    /// Nobody (the change adds something nobody uses yet, or does not travel).
    None,
}

impl Affects {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Affects::Senders => "senders",
            Affects::Readers => "readers",
            Affects::Both => "both",
            Affects::None => "none",
        }
    }
}

/// What kind of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// A spec set appears (tree diff).
    SpecAdded,
    /// A spec set disappears (tree diff).
    SpecRemoved,
    /// A service appears.
    ServiceAdded,
    /// A service disappears.
    ServiceRemoved,
    /// The only service of both sides has another name.
    ServiceRenamed,
    /// An address (soap:address, servers, host + basePath) appears.
    EndpointAdded,
    /// An address disappears.
    EndpointRemoved,
    /// An accepted authentication scheme appears.
    AuthAdded,
    /// An accepted authentication scheme disappears.
    AuthRemoved,
    /// An operation appears.
    OperationAdded,
    /// An operation disappears.
    OperationRemoved,
    /// An operation found by its wire identity has another name.
    OperationRenamed,
    /// An operation becomes (or stops being) deprecated.
    OperationDeprecated,
    /// The operation moves between SOAP and plain HTTP.
    BindingChanged,
    /// SOAPAction.
    SoapActionChanged,
    /// SOAP 1.1 / 1.2.
    SoapVersionChanged,
    /// document / rpc, literal / encoded.
    SoapStyleChanged,
    /// WS-Addressing becomes required or stops being.
    AddressingChanged,
    /// A one-way operation gets a response, or loses it.
    ResponseAddedOrRemoved,
    /// A message part appears.
    PartAdded,
    /// A message part disappears.
    PartRemoved,
    /// A SOAP header part appears.
    HeaderAdded,
    /// A SOAP header part disappears.
    HeaderRemoved,
    /// An element (part, rpc wrapper, fault detail) has another local name.
    ElementRenamed,
    /// An element or attribute has another namespace.
    NamespaceChanged,
    /// A declared fault appears.
    FaultAdded,
    /// A declared fault disappears.
    FaultRemoved,
    /// HTTP method.
    MethodChanged,
    /// HTTP path template.
    PathChanged,
    /// A parameter appears.
    ParamAdded,
    /// A parameter disappears.
    ParamRemoved,
    /// A parameter has another name but the same place (path placeholders only).
    ParamRenamed,
    /// A parameter moves (query → header, …).
    ParamLocationChanged,
    /// A parameter becomes repeated or stops being.
    ParamListChanged,
    /// A request body appears.
    BodyAdded,
    /// A request body disappears.
    BodyRemoved,
    /// Media type of a body.
    ContentTypeChanged,
    /// A response status appears.
    StatusAdded,
    /// A response status disappears.
    StatusRemoved,
    /// A response gets a body, or loses it.
    ResponseBodyChanged,
    /// A field (element, attribute, property) appears.
    FieldAdded,
    /// A field disappears.
    FieldRemoved,
    /// A field has another wire name (same type and place).
    FieldRenamed,
    /// A field moves between element, attribute, text…
    FieldKindChanged,
    /// The order of the elements of a sequence changes.
    FieldOrderChanged,
    /// Optional → required (a field, parameter or body).
    BecameRequired,
    /// Required → optional.
    BecameOptional,
    /// minOccurs / maxOccurs other than the optional/required flip.
    CardinalityChanged,
    /// nillable / nullable.
    NullableChanged,
    /// Default value.
    DefaultChanged,
    /// The type changes in a way other than a format (string → record, int → boolean…).
    TypeChanged,
    /// The same JSON/XSD family with another format (int32 → int64, date → date-time).
    FormatChanged,
    /// A named type has another name (does not travel; the Rust name changes).
    TypeRenamed,
    /// A facet (length, pattern, bounds, digits) changes.
    FacetChanged,
    /// An enumeration value appears.
    EnumValueAdded,
    /// An enumeration value disappears.
    EnumValueRemoved,
    /// A union/choice alternative appears.
    VariantAdded,
    /// A union/choice alternative disappears.
    VariantRemoved,
    /// A discriminator or the way alternatives are told apart changes.
    DiscriminatorChanged,
    /// Another structural property of a record (open content, order freedom, base type…).
    StructChanged,
}

impl ChangeKind {
    /// Kebab-case name, as in the JSON output.
    pub fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// One change between the two models.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Spec set id (from the manifest).
    pub spec: String,
    /// Where, in API terms: `service S / operation o / request / element / field`.
    pub path: String,
    /// What.
    pub kind: ChangeKind,
    /// How serious.
    pub severity: Severity,
    /// Who is hit.
    pub affects: Affects,
    /// The old value, when there is one.
    pub old: Option<String>,
    /// The new value, when there is one.
    pub new: Option<String>,
    /// One sentence, including the reason for the classification.
    pub message: String,
    /// Other places where the same change is seen (a shared type), in walk order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
}

/// A spec file that changed (filled by the caller, which knows the files).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct FileChange {
    /// Spec set id.
    pub spec: String,
    /// Path relative to `specs/`.
    pub path: String,
    /// Added, removed or changed.
    pub change: ItemChange,
    /// Old hex sha256.
    pub old_sha256: Option<String>,
    /// New hex sha256.
    pub new_sha256: Option<String>,
}

/// Added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemChange {
    /// Only in the new side.
    Added,
    /// Only in the old side.
    Removed,
    /// In both, different.
    Changed,
}

impl ItemChange {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemChange::Added => "added",
            ItemChange::Removed => "removed",
            ItemChange::Changed => "changed",
        }
    }
}

/// A public Rust item of the generated code that differs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RustItemChange {
    /// Generated file (relative path).
    pub file: String,
    /// Item: `struct cessar_vinculo::CessarVinculo`, `field cessar_vinculo::CessarVinculo.motivo`,
    /// `variant cessar_vinculo::Motivo::Despedimento`, `fn cessar_vinculo::Client::cessar_vinculo`…
    pub item: String,
    /// Added, removed or changed.
    pub change: ItemChange,
    /// Old signature.
    pub old: Option<String>,
    /// New signature.
    pub new: Option<String>,
}

/// Counts by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Summary {
    /// Breaking changes.
    pub breaking: usize,
    /// Safe changes.
    pub safe: usize,
    /// Informational changes.
    pub info: usize,
    /// Spec files added, removed or changed.
    pub files: usize,
    /// Public Rust items added, removed or changed.
    pub rust_items: usize,
}

/// The drift report: semantic changes, file changes, Rust item changes, notes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// Semantic changes.
    pub changes: Vec<Change>,
    /// Spec files that differ.
    pub files: Vec<FileChange>,
    /// Public Rust items of the generated code that differ.
    pub rust_items: Vec<RustItemChange>,
    /// Things the report could not do (a side that does not load…), each saying where.
    pub notes: Vec<String>,
}

impl Report {
    /// Counts by severity.
    pub fn summary(&self) -> Summary {
        let count = |s: Severity| self.changes.iter().filter(|c| c.severity == s).count();
        Summary {
            breaking: count(Severity::Breaking),
            safe: count(Severity::Safe),
            info: count(Severity::Info),
            files: self.files.len(),
            rust_items: self.rust_items.len(),
        }
    }

    /// At least one breaking change.
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.severity == Severity::Breaking)
    }

    /// Nothing differs at all (no change, no file, no Rust item). Notes do not count.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.files.is_empty() && self.rust_items.is_empty()
    }

    /// Append another report (another spec set) and keep everything sorted.
    pub fn extend(&mut self, other: Report) {
        self.changes.extend(other.changes);
        self.files.extend(other.files);
        self.rust_items.extend(other.rust_items);
        self.notes.extend(other.notes);
        self.sort();
    }

    /// Sort every list into its canonical order (spec, severity, path, kind…).
    pub fn sort(&mut self) {
        self.changes.sort_by(|a, b| {
            (&a.spec, a.severity, &a.path, a.kind, &a.old, &a.new, &a.message)
                .cmp(&(&b.spec, b.severity, &b.path, b.kind, &b.old, &b.new, &b.message))
        });
        self.changes.dedup();
        self.files.sort();
        self.files.dedup();
        self.rust_items.sort();
        self.rust_items.dedup();
        self.notes.sort();
        self.notes.dedup();
    }
}

/// A spec set present only in the new tree.
pub fn spec_added(id: &str) -> Change {
    Change {
        spec: id.to_owned(),
        path: format!("spec {id}"),
        kind: ChangeKind::SpecAdded,
        severity: Severity::Safe,
        affects: Affects::None,
        old: None,
        new: Some(id.to_owned()),
        message: format!("spec set `{id}` added; nobody uses it yet"),
        also: Vec::new(),
    }
}

/// A spec set present only in the old tree.
pub fn spec_removed(id: &str) -> Change {
    Change {
        spec: id.to_owned(),
        path: format!("spec {id}"),
        kind: ChangeKind::SpecRemoved,
        severity: Severity::Breaking,
        affects: Affects::Both,
        old: Some(id.to_owned()),
        new: None,
        message: format!("spec set `{id}` removed; its generated client disappears"),
        also: Vec::new(),
    }
}

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

// ---------------------------------------------------------------------------------------------
// Directions and classification rules
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    Request,
    Response,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Dirs {
    request: bool,
    response: bool,
}

impl Dirs {
    fn of(dir: Dir) -> Dirs {
        match dir {
            Dir::Request => Dirs {
                request: true,
                response: false,
            },
            Dir::Response => Dirs {
                request: false,
                response: true,
            },
        }
    }
    fn add(&mut self, dir: Dir) {
        match dir {
            Dir::Request => self.request = true,
            Dir::Response => self.response = true,
        }
    }
    fn affects(self) -> Affects {
        match (self.request, self.response) {
            (true, true) => Affects::Both,
            (true, false) => Affects::Senders,
            (false, true) => Affects::Readers,
            (false, false) => Affects::None,
        }
    }
}

/// Severity and reason for each direction a change can travel in.
#[derive(Debug, Clone, Copy)]
struct Rule {
    request: (Severity, &'static str),
    response: (Severity, &'static str),
}

/// How the set of values a type accepts changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relation {
    /// Fewer values.
    Narrowed,
    /// More values.
    Widened,
    /// Neither a subset nor a superset.
    Incompatible,
    /// Same values, another spelling in the spec.
    Equivalent,
}

impl Relation {
    fn rule(self) -> Rule {
        use Severity::*;
        match self {
            Relation::Narrowed => Rule {
                request: (Breaking, "senders may send values that are no longer accepted"),
                response: (Safe, "readers receive a subset of what they accept"),
            },
            Relation::Widened => Rule {
                request: (Safe, "what senders send is still accepted"),
                response: (Breaking, "readers may receive values they do not accept"),
            },
            Relation::Incompatible => Rule {
                request: (Breaking, "requests already being sent no longer match"),
                response: (Breaking, "responses no longer match what readers expect"),
            },
            Relation::Equivalent => Rule {
                request: (Info, "the same values travel"),
                response: (Info, "the same values travel"),
            },
        }
    }
}

const REMOVED: Rule = Rule {
    request: (Severity::Breaking, "senders that still send it are rejected"),
    response: (Severity::Breaking, "readers no longer receive it"),
};
const ADDED_REQUIRED: Rule = Rule {
    request: (Severity::Breaking, "senders do not send it yet"),
    response: (Severity::Safe, "readers that skip unknown content are unaffected"),
};
const ADDED_OPTIONAL: Rule = Rule {
    request: (Severity::Safe, "senders may leave it out"),
    response: (Severity::Safe, "readers that skip unknown content are unaffected"),
};
const BECAME_REQUIRED: Rule = Rule {
    request: (Severity::Breaking, "senders that leave it out are rejected"),
    response: (Severity::Safe, "readers already handle its presence"),
};
const BECAME_OPTIONAL: Rule = Rule {
    request: (Severity::Safe, "senders that send it are still accepted"),
    response: (Severity::Breaking, "readers that expect it may not get it"),
};
const NULLABLE_ON: Rule = Rule {
    request: (Severity::Safe, "senders never needed nil"),
    response: (Severity::Breaking, "readers may receive nil"),
};
const NULLABLE_OFF: Rule = Rule {
    request: (Severity::Breaking, "senders that send nil are rejected"),
    response: (Severity::Safe, "readers no longer receive nil"),
};
/// A JSON reader accepts more shapes: another name for a property, or a bare array.
const READ_WIDER: Rule = Rule {
    request: (Severity::Info, "senders write the declared name and shape"),
    response: (Severity::Safe, "the reader accepts more answers"),
};
/// A JSON reader accepts fewer shapes.
const READ_NARROWER: Rule = Rule {
    request: (Severity::Info, "senders write the declared name and shape"),
    response: (Severity::Breaking, "answers in the dropped shape no longer read"),
};
const INFO: Rule = Rule {
    request: (Severity::Info, "does not change what travels"),
    response: (Severity::Info, "does not change what travels"),
};
const ENUM_ADDED: Rule = Rule {
    request: (Severity::Safe, "senders may now send it"),
    response: (
        Severity::Safe,
        "readers receive it as an unknown value: the enums this toolkit generates keep values they do not know",
    ),
};
const ENUM_REMOVED: Rule = Rule {
    request: (Severity::Breaking, "senders that send it are rejected"),
    response: (Severity::Safe, "readers no longer receive it"),
};
const BECAME_ENUM: Rule = Rule {
    request: (Severity::Breaking, "senders may send values outside the list"),
    response: (
        Severity::Safe,
        "readers get values of the list; generated enums keep unknown values",
    ),
};
const ENUM_OPENED: Rule = Rule {
    request: (Severity::Safe, "what senders send is still accepted"),
    response: (
        Severity::Safe,
        "readers may receive any value; generated enums keep unknown values",
    ),
};
const VARIANT_ADDED: Rule = Rule {
    request: (Severity::Safe, "senders may now send it"),
    response: (
        Severity::Breaking,
        "readers may receive an alternative they do not know",
    ),
};
const VARIANT_REMOVED: Rule = Rule {
    request: (Severity::Breaking, "senders that send it are rejected"),
    response: (Severity::Safe, "readers no longer receive it"),
};

/// Fold a rule over the directions a change is seen in.
fn classify(rule: Rule, dirs: Dirs) -> (Severity, Affects, String) {
    let mut seen: Vec<(Dir, Severity, &str)> = Vec::new();
    if dirs.request {
        seen.push((Dir::Request, rule.request.0, rule.request.1));
    }
    if dirs.response {
        seen.push((Dir::Response, rule.response.0, rule.response.1));
    }
    if seen.is_empty() {
        return (Severity::Info, Affects::None, "not reachable from any operation".into());
    }
    let severity = seen.iter().map(|s| s.1).min().unwrap_or(Severity::Info);
    let mut hit = Dirs::default();
    for (dir, sev, _) in &seen {
        if severity != Severity::Breaking || *sev == Severity::Breaking {
            hit.add(*dir);
        }
    }
    let reason = if seen.len() == 1 {
        seen[0].2.to_owned()
    } else {
        format!("in requests: {}; in responses: {}", seen[0].2, seen[1].2)
    };
    (severity, hit.affects(), reason)
}

// ---------------------------------------------------------------------------------------------
// The walk
// ---------------------------------------------------------------------------------------------

/// A compared place: a pair of types with an identity, or a slot holding a built-in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum NodeKey {
    Pair(TypeId, TypeId),
    Leaf {
        parent: Option<(TypeId, TypeId)>,
        local: String,
    },
}

#[derive(Debug)]
struct Node {
    key: NodeKey,
    old: TypeId,
    new: TypeId,
    paths: Vec<String>,
    dirs: Dirs,
}

struct Cx<'a> {
    old: &'a Model,
    new: &'a Model,
    spec: String,
    xml: bool,
    nodes: Vec<Node>,
    index: BTreeMap<NodeKey, usize>,
    out: Vec<Change>,
}

type Visited = BTreeSet<(TypeId, TypeId)>;

const MAX_DEPTH: usize = 64;

impl<'a> Cx<'a> {
    // ----- emitting -------------------------------------------------------------------------

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &mut self,
        path: &str,
        also: &[String],
        kind: ChangeKind,
        rule: Rule,
        dirs: Dirs,
        what: String,
        old: Option<String>,
        new: Option<String>,
    ) {
        let (severity, affects, reason) = classify(rule, dirs);
        self.out.push(Change {
            spec: self.spec.clone(),
            path: path.to_owned(),
            kind,
            severity,
            affects,
            old,
            new,
            message: format!("{what}: {reason}"),
            also: also.to_vec(),
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn emit_fixed(
        &mut self,
        path: &str,
        kind: ChangeKind,
        severity: Severity,
        affects: Affects,
        message: String,
        old: Option<String>,
        new: Option<String>,
    ) {
        self.out.push(Change {
            spec: self.spec.clone(),
            path: path.to_owned(),
            kind,
            severity,
            affects,
            old,
            new,
            message,
            also: Vec::new(),
        });
    }

    // ----- services and operations ----------------------------------------------------------

    fn services(&mut self) {
        let old: &'a [Service] = &self.old.services;
        let new: &'a [Service] = &self.new.services;
        let mut pairs: Vec<(Option<&'a Service>, Option<&'a Service>)> = Vec::new();
        let mut new_left: Vec<&'a Service> = new.iter().collect();
        let mut old_left: Vec<&'a Service> = Vec::new();
        for s in old {
            match new_left.iter().position(|n| n.name == s.name) {
                Some(i) => pairs.push((Some(s), Some(new_left.remove(i)))),
                None => old_left.push(s),
            }
        }
        if old_left.len() == 1 && new_left.len() == 1 {
            pairs.push((Some(old_left.remove(0)), Some(new_left.remove(0))));
        }
        pairs.extend(old_left.into_iter().map(|s| (Some(s), None)));
        pairs.extend(new_left.into_iter().map(|s| (None, Some(s))));
        pairs.sort_by(|a, b| svc_name(a).cmp(svc_name(b)));
        for pair in pairs {
            match pair {
                (Some(o), Some(n)) => self.service(o, n),
                (Some(o), None) => self.emit_fixed(
                    &format!("service {}", o.name),
                    ChangeKind::ServiceRemoved,
                    Severity::Breaking,
                    Affects::Both,
                    format!("service `{}` removed: requests to its operations fail", o.name),
                    Some(o.name.clone()),
                    None,
                ),
                (None, Some(n)) => self.emit_fixed(
                    &format!("service {}", n.name),
                    ChangeKind::ServiceAdded,
                    Severity::Safe,
                    Affects::None,
                    format!("service `{}` added: nobody uses it yet", n.name),
                    None,
                    Some(n.name.clone()),
                ),
                (None, None) => {}
            }
        }
    }

    fn service(&mut self, o: &'a Service, n: &'a Service) {
        let path = format!("service {}", n.name);
        if o.name != n.name {
            self.emit_fixed(
                &path,
                ChangeKind::ServiceRenamed,
                Severity::Info,
                Affects::None,
                "service name changed; it does not travel on the wire (the Rust module name may change)".into(),
                Some(o.name.clone()),
                Some(n.name.clone()),
            );
        }
        // Addresses.
        let oa: BTreeSet<&String> = o.addresses.iter().collect();
        let na: BTreeSet<&String> = n.addresses.iter().collect();
        for a in oa.difference(&na) {
            self.emit_fixed(
                &format!("{path} / endpoint"),
                ChangeKind::EndpointRemoved,
                Severity::Breaking,
                Affects::Senders,
                format!("address `{a}` no longer declared: senders configured with it must move"),
                Some((*a).clone()),
                None,
            );
        }
        for a in na.difference(&oa) {
            self.emit_fixed(
                &format!("{path} / endpoint"),
                ChangeKind::EndpointAdded,
                Severity::Safe,
                Affects::None,
                format!("address `{a}` declared"),
                None,
                Some((*a).clone()),
            );
        }
        self.security(&format!("{path} / auth"), &o.security, &n.security);

        // Operations: by name, then by wire identity.
        let mut new_left: Vec<&'a Operation> = n.operations.iter().collect();
        let mut old_left: Vec<&'a Operation> = Vec::new();
        let mut pairs: Vec<(&'a Operation, &'a Operation)> = Vec::new();
        for op in &o.operations {
            match new_left.iter().position(|x| x.name == op.name) {
                Some(i) => pairs.push((op, new_left.remove(i))),
                None => old_left.push(op),
            }
        }
        let mut still_old = Vec::new();
        for op in old_left {
            match new_left.iter().position(|x| same_wire_operation(op, x)) {
                Some(i) => pairs.push((op, new_left.remove(i))),
                None => still_old.push(op),
            }
        }
        pairs.sort_by(|a, b| a.1.name.cmp(&b.1.name));
        for (op_o, op_n) in pairs {
            self.operation(&path, o, n, op_o, op_n);
        }
        still_old.sort_by(|a, b| a.name.cmp(&b.name));
        for op in still_old {
            self.emit_fixed(
                &format!("{path} / operation {}", op.name),
                ChangeKind::OperationRemoved,
                Severity::Breaking,
                Affects::Senders,
                format!("operation `{}` removed: requests to it fail", op.name),
                Some(op_label(op)),
                None,
            );
        }
        new_left.sort_by(|a, b| a.name.cmp(&b.name));
        for op in new_left {
            self.emit_fixed(
                &format!("{path} / operation {}", op.name),
                ChangeKind::OperationAdded,
                Severity::Safe,
                Affects::None,
                format!("operation `{}` added: nobody calls it yet", op.name),
                None,
                Some(op_label(op)),
            );
        }
    }

    fn security(&mut self, path: &str, o: &[SecurityScheme], n: &[SecurityScheme]) {
        let os: BTreeSet<String> = o.iter().map(scheme_label).collect();
        let ns: BTreeSet<String> = n.iter().map(scheme_label).collect();
        if os == ns {
            return;
        }
        if os.is_empty() {
            self.emit_fixed(
                path,
                ChangeKind::AuthAdded,
                Severity::Breaking,
                Affects::Senders,
                format!(
                    "authentication now required ({}): senders that send none are refused",
                    join(&ns)
                ),
                Some("none".into()),
                Some(join(&ns)),
            );
            return;
        }
        if ns.is_empty() {
            self.emit_fixed(
                path,
                ChangeKind::AuthRemoved,
                Severity::Info,
                Affects::None,
                "no authentication scheme declared any more: credentials senders send are not needed (or no longer documented)".into(),
                Some(join(&os)),
                Some("none".into()),
            );
            return;
        }
        for s in os.difference(&ns) {
            self.emit_fixed(
                path,
                ChangeKind::AuthRemoved,
                Severity::Breaking,
                Affects::Senders,
                format!("authentication scheme `{s}` no longer accepted: senders that use it are refused"),
                Some(s.clone()),
                None,
            );
        }
        for s in ns.difference(&os) {
            self.emit_fixed(
                path,
                ChangeKind::AuthAdded,
                Severity::Safe,
                Affects::None,
                format!("authentication scheme `{s}` also accepted"),
                None,
                Some(s.clone()),
            );
        }
    }

    fn operation(&mut self, spath: &str, so: &Service, sn: &Service, o: &'a Operation, n: &'a Operation) {
        let path = format!("{spath} / operation {}", n.name);
        if o.name != n.name {
            self.emit_fixed(
                &path,
                ChangeKind::OperationRenamed,
                Severity::Info,
                Affects::None,
                format!(
                    "operation `{}` is now `{}`, found by its wire identity; the name does not travel (the Rust method name changes)",
                    o.name, n.name
                ),
                Some(o.name.clone()),
                Some(n.name.clone()),
            );
        }
        if o.deprecated != n.deprecated {
            self.emit_fixed(
                &path,
                ChangeKind::OperationDeprecated,
                Severity::Info,
                Affects::Senders,
                if n.deprecated {
                    "operation deprecated".into()
                } else {
                    "operation no longer deprecated".into()
                },
                Some(o.deprecated.to_string()),
                Some(n.deprecated.to_string()),
            );
        }
        match (&o.binding, &n.binding) {
            (Binding::Soap(a), Binding::Soap(b)) => self.soap(&path, a, b),
            (Binding::Http(a), Binding::Http(b)) => self.http(&path, so, sn, a, b),
            _ => self.emit_fixed(
                &path,
                ChangeKind::BindingChanged,
                Severity::Breaking,
                Affects::Both,
                "operation moved between SOAP and plain HTTP: every request and response changes".into(),
                Some(binding_label(&o.binding)),
                Some(binding_label(&n.binding)),
            ),
        }
    }

    // ----- SOAP ------------------------------------------------------------------------------

    fn soap(&mut self, path: &str, o: &'a SoapBinding, n: &'a SoapBinding) {
        if o.version != n.version {
            self.emit_fixed(
                path,
                ChangeKind::SoapVersionChanged,
                Severity::Breaking,
                Affects::Both,
                "SOAP version changed: envelope namespace and content type change".into(),
                Some(format!("{:?}", o.version)),
                Some(format!("{:?}", n.version)),
            );
        }
        if o.style != n.style || o.body_use != n.body_use {
            self.emit_fixed(
                path,
                ChangeKind::SoapStyleChanged,
                Severity::Breaking,
                Affects::Both,
                "binding style/use changed: the body is laid out differently".into(),
                Some(format!("{:?}/{:?}", o.style, o.body_use).to_lowercase()),
                Some(format!("{:?}/{:?}", n.style, n.body_use).to_lowercase()),
            );
        }
        let oa = o.action.clone().unwrap_or_default();
        let na = n.action.clone().unwrap_or_default();
        if oa != na {
            self.emit_fixed(
                path,
                ChangeKind::SoapActionChanged,
                Severity::Breaking,
                Affects::Senders,
                "SOAPAction changed: servers dispatch on it, so requests with the old action are refused".into(),
                Some(format!("\"{oa}\"")),
                Some(format!("\"{na}\"")),
            );
        }
        if o.addressing != n.addressing {
            let (sev, aff, msg) = if n.addressing {
                (
                    Severity::Breaking,
                    Affects::Senders,
                    "WS-Addressing now required: senders that omit its headers are refused",
                )
            } else {
                (Severity::Safe, Affects::None, "WS-Addressing no longer required")
            };
            self.emit_fixed(
                path,
                ChangeKind::AddressingChanged,
                sev,
                aff,
                msg.into(),
                Some(o.addressing.to_string()),
                Some(n.addressing.to_string()),
            );
        }
        self.message(&format!("{path} / request"), &o.input, &n.input, Dir::Request);
        self.parts(
            &format!("{path} / request header"),
            &o.headers,
            &n.headers,
            Dir::Request,
            true,
        );
        match (&o.output, &n.output) {
            (Some(a), Some(b)) => self.message(&format!("{path} / response"), a, b, Dir::Response),
            (None, None) => {}
            (a, b) => self.emit_fixed(
                &format!("{path} / response"),
                ChangeKind::ResponseAddedOrRemoved,
                Severity::Breaking,
                Affects::Readers,
                if b.is_some() {
                    "one-way operation now answers: readers that do not wait for a response break".into()
                } else {
                    "operation no longer answers: readers that wait for a response break".into()
                },
                Some(if a.is_some() { "request-response" } else { "one-way" }.into()),
                Some(if b.is_some() { "request-response" } else { "one-way" }.into()),
            ),
        }
        // Faults: by name, then by detail element.
        let mut new_left: Vec<&'a crate::model::SoapFault> = n.faults.iter().collect();
        let mut pairs = Vec::new();
        let mut removed = Vec::new();
        for f in &o.faults {
            let i = new_left
                .iter()
                .position(|x| x.name == f.name)
                .or_else(|| new_left.iter().position(|x| x.detail.element == f.detail.element));
            match i {
                Some(i) => pairs.push((f, new_left.remove(i))),
                None => removed.push(f),
            }
        }
        for (a, b) in pairs {
            let fpath = format!("{path} / fault {}", b.name);
            self.element_identity(&fpath, &a.detail.element, &b.detail.element, Dir::Response);
            let label = format!("{fpath} / {}", b.detail.element.1);
            self.root_slot(a.detail.ty, b.detail.ty, &label, Dir::Response);
        }
        for f in removed {
            self.emit_fixed(
                &format!("{path} / fault {}", f.name),
                ChangeKind::FaultRemoved,
                Severity::Safe,
                Affects::Readers,
                format!("fault `{}` no longer declared: readers no longer receive it", f.name),
                Some(qname(&f.detail.element)),
                None,
            );
        }
        for f in new_left {
            self.emit_fixed(
                &format!("{path} / fault {}", f.name),
                ChangeKind::FaultAdded,
                Severity::Safe,
                Affects::Readers,
                format!(
                    "fault `{}` declared: it arrives as a SOAP fault, which readers already handle",
                    f.name
                ),
                None,
                Some(qname(&f.detail.element)),
            );
        }
    }

    fn message(&mut self, path: &str, o: &'a SoapMessage, n: &'a SoapMessage, dir: Dir) {
        match (&o.wrapper, &n.wrapper) {
            (Some(a), Some(b)) => self.element_identity(path, a, b, dir),
            (None, None) => {}
            (a, b) => self.emit(
                path,
                &[],
                ChangeKind::SoapStyleChanged,
                Relation::Incompatible.rule(),
                Dirs::of(dir),
                "rpc wrapper element added or removed".into(),
                a.as_ref().map(qname),
                b.as_ref().map(qname),
            ),
        }
        self.parts(path, &o.parts, &n.parts, dir, false);
    }

    fn parts(&mut self, path: &str, o: &'a [SoapPart], n: &'a [SoapPart], dir: Dir, header: bool) {
        let mut new_left: Vec<&'a SoapPart> = n.iter().collect();
        let mut removed = Vec::new();
        let mut pairs = Vec::new();
        for p in o {
            let i = new_left
                .iter()
                .position(|x| x.name == p.name)
                .or_else(|| new_left.iter().position(|x| x.element == p.element));
            match i {
                Some(i) => pairs.push((p, new_left.remove(i))),
                None => removed.push(p),
            }
        }
        for (a, b) in pairs {
            self.element_identity(path, &a.element, &b.element, dir);
            let label = format!("{path} / {}", b.element.1);
            self.root_slot(a.ty, b.ty, &label, dir);
        }
        let (k_add, k_rem) = if header {
            (ChangeKind::HeaderAdded, ChangeKind::HeaderRemoved)
        } else {
            (ChangeKind::PartAdded, ChangeKind::PartRemoved)
        };
        for p in removed {
            self.emit(
                &format!("{path} / {}", p.element.1),
                &[],
                k_rem,
                REMOVED,
                Dirs::of(dir),
                format!("message part `{}` removed", p.name),
                Some(qname(&p.element)),
                None,
            );
        }
        for p in new_left {
            self.emit(
                &format!("{path} / {}", p.element.1),
                &[],
                k_add,
                ADDED_REQUIRED,
                Dirs::of(dir),
                format!("message part `{}` added", p.name),
                None,
                Some(qname(&p.element)),
            );
        }
    }

    /// Compare the name and namespace of an element that travels (part, wrapper, detail).
    fn element_identity(&mut self, path: &str, o: &(Option<String>, String), n: &(Option<String>, String), dir: Dir) {
        if o.1 != n.1 {
            self.emit(
                path,
                &[],
                ChangeKind::ElementRenamed,
                Relation::Incompatible.rule(),
                Dirs::of(dir),
                format!("element `{}` renamed to `{}`", o.1, n.1),
                Some(qname(o)),
                Some(qname(n)),
            );
        }
        if o.0 != n.0 {
            self.emit(
                path,
                &[],
                ChangeKind::NamespaceChanged,
                Relation::Incompatible.rule(),
                Dirs::of(dir),
                format!("namespace of element `{}` changed", n.1),
                Some(ns_label(&o.0)),
                Some(ns_label(&n.0)),
            );
        }
    }

    // ----- HTTP ------------------------------------------------------------------------------

    fn http(&mut self, path: &str, so: &Service, sn: &Service, o: &'a HttpBinding, n: &'a HttpBinding) {
        if o.method != n.method {
            self.emit_fixed(
                path,
                ChangeKind::MethodChanged,
                Severity::Breaking,
                Affects::Senders,
                "HTTP method changed: requests with the old method are refused".into(),
                Some(o.method.as_str().into()),
                Some(n.method.as_str().into()),
            );
        }
        let same_shape = normalise_path(&o.path) == normalise_path(&n.path);
        if o.path != n.path {
            if same_shape {
                self.emit_fixed(
                    path,
                    ChangeKind::PathChanged,
                    Severity::Info,
                    Affects::None,
                    "only the names of path placeholders changed; the same URLs are built".into(),
                    Some(o.path.clone()),
                    Some(n.path.clone()),
                );
            } else {
                self.emit_fixed(
                    path,
                    ChangeKind::PathChanged,
                    Severity::Breaking,
                    Affects::Senders,
                    "path changed: requests to the old path are not found".into(),
                    Some(o.path.clone()),
                    Some(n.path.clone()),
                );
            }
        }
        self.params(&format!("{path} / request"), o, n, same_shape);
        self.body(&format!("{path} / request / body"), o.body.as_ref(), n.body.as_ref());
        self.responses(path, &o.responses, &n.responses);
        if !o.security.is_empty() || !n.security.is_empty() {
            let eo = if o.security.is_empty() {
                &so.security
            } else {
                &o.security
            };
            let en = if n.security.is_empty() {
                &sn.security
            } else {
                &n.security
            };
            self.security(&format!("{path} / auth"), eo, en);
        }
    }

    fn params(&mut self, path: &str, o: &'a HttpBinding, n: &'a HttpBinding, same_shape: bool) {
        let mut new_left: Vec<&'a Param> = n.params.iter().collect();
        let mut pairs: Vec<(&'a Param, &'a Param)> = Vec::new();
        let mut removed = Vec::new();
        for p in &o.params {
            let exact = new_left
                .iter()
                .position(|x| x.location == p.location && x.wire == p.wire);
            let moved = || new_left.iter().position(|x| x.wire == p.wire);
            let placeholder = || {
                if p.location != ParamLocation::Path || !same_shape {
                    return None;
                }
                let at = placeholder_index(&o.path, &p.wire)?;
                new_left
                    .iter()
                    .position(|x| x.location == ParamLocation::Path && placeholder_index(&n.path, &x.wire) == Some(at))
            };
            match exact.or_else(moved).or_else(placeholder) {
                Some(i) => pairs.push((p, new_left.remove(i))),
                None => removed.push(p),
            }
        }
        let req = Dirs::of(Dir::Request);
        for (a, b) in pairs {
            let ppath = format!("{path} / {} param {}", loc_label(b.location), b.wire);
            if a.wire != b.wire {
                self.emit_fixed(
                    &ppath,
                    ChangeKind::ParamRenamed,
                    Severity::Info,
                    Affects::None,
                    "path placeholder renamed at the same place: the URL is the same".into(),
                    Some(a.wire.clone()),
                    Some(b.wire.clone()),
                );
            }
            if a.location != b.location {
                self.emit_fixed(
                    &ppath,
                    ChangeKind::ParamLocationChanged,
                    Severity::Breaking,
                    Affects::Senders,
                    format!(
                        "parameter `{}` moved: the server no longer reads it where senders put it",
                        b.wire
                    ),
                    Some(loc_label(a.location).into()),
                    Some(loc_label(b.location).into()),
                );
            }
            if a.required != b.required {
                let (kind, rule) = if b.required {
                    (ChangeKind::BecameRequired, BECAME_REQUIRED)
                } else {
                    (ChangeKind::BecameOptional, BECAME_OPTIONAL)
                };
                self.emit(
                    &ppath,
                    &[],
                    kind,
                    rule,
                    req,
                    format!(
                        "parameter `{}` {}",
                        b.wire,
                        if b.required {
                            "became required"
                        } else {
                            "became optional"
                        }
                    ),
                    Some(req_label(a.required)),
                    Some(req_label(b.required)),
                );
            }
            if a.list != b.list {
                let rel = if b.list { Relation::Widened } else { Relation::Narrowed };
                self.emit(
                    &ppath,
                    &[],
                    ChangeKind::ParamListChanged,
                    rel.rule(),
                    req,
                    format!(
                        "parameter `{}` {}",
                        b.wire,
                        if b.list { "may now repeat" } else { "no longer repeats" }
                    ),
                    Some(list_label(a.list)),
                    Some(list_label(b.list)),
                );
            }
            self.root_slot(a.ty, b.ty, &ppath, Dir::Request);
        }
        for p in removed {
            self.emit(
                &format!("{path} / {} param {}", loc_label(p.location), p.wire),
                &[],
                ChangeKind::ParamRemoved,
                REMOVED,
                req,
                format!("parameter `{}` removed", p.wire),
                Some(req_label(p.required)),
                None,
            );
        }
        for p in new_left {
            let rule = if p.required { ADDED_REQUIRED } else { ADDED_OPTIONAL };
            self.emit(
                &format!("{path} / {} param {}", loc_label(p.location), p.wire),
                &[],
                ChangeKind::ParamAdded,
                rule,
                req,
                format!("{} parameter `{}` added", req_label(p.required), p.wire),
                None,
                Some(req_label(p.required)),
            );
        }
    }

    fn body(&mut self, path: &str, o: Option<&'a Body>, n: Option<&'a Body>) {
        let req = Dirs::of(Dir::Request);
        match (o, n) {
            (None, None) => {}
            (Some(a), None) => self.emit(
                path,
                &[],
                ChangeKind::BodyRemoved,
                REMOVED,
                req,
                "request body removed".into(),
                Some(a.content_type.clone()),
                None,
            ),
            (None, Some(b)) => {
                let rule = if b.required { ADDED_REQUIRED } else { ADDED_OPTIONAL };
                self.emit(
                    path,
                    &[],
                    ChangeKind::BodyAdded,
                    rule,
                    req,
                    format!("{} request body added", req_label(b.required)),
                    None,
                    Some(b.content_type.clone()),
                );
            }
            (Some(a), Some(b)) => {
                if a.content_type != b.content_type {
                    self.emit(
                        path,
                        &[],
                        ChangeKind::ContentTypeChanged,
                        Relation::Incompatible.rule(),
                        req,
                        "request media type changed".into(),
                        Some(a.content_type.clone()),
                        Some(b.content_type.clone()),
                    );
                }
                if a.required != b.required {
                    let (kind, rule) = if b.required {
                        (ChangeKind::BecameRequired, BECAME_REQUIRED)
                    } else {
                        (ChangeKind::BecameOptional, BECAME_OPTIONAL)
                    };
                    self.emit(
                        path,
                        &[],
                        kind,
                        rule,
                        req,
                        format!(
                            "request body {}",
                            if b.required {
                                "became required"
                            } else {
                                "became optional"
                            }
                        ),
                        Some(req_label(a.required)),
                        Some(req_label(b.required)),
                    );
                }
                self.root_slot(a.ty, b.ty, path, Dir::Request);
            }
        }
    }

    fn responses(&mut self, path: &str, o: &'a [Response], n: &'a [Response]) {
        let mut new_left: Vec<&'a Response> = n.iter().collect();
        let mut removed = Vec::new();
        let mut pairs = Vec::new();
        for r in o {
            match new_left.iter().position(|x| x.status == r.status) {
                Some(i) => pairs.push((r, new_left.remove(i))),
                None => removed.push(r),
            }
        }
        let resp = Dirs::of(Dir::Response);
        for (a, b) in pairs {
            let rpath = format!("{path} / response {}", status_label(b.status));
            if a.content_type != b.content_type && a.ty.is_some() && b.ty.is_some() {
                self.emit(
                    &rpath,
                    &[],
                    ChangeKind::ContentTypeChanged,
                    Relation::Incompatible.rule(),
                    resp,
                    "response media type changed".into(),
                    a.content_type.clone(),
                    b.content_type.clone(),
                );
            }
            match (a.ty, b.ty) {
                (Some(x), Some(y)) => self.root_slot(x, y, &rpath, Dir::Response),
                (None, None) => {}
                (Some(x), None) => self.emit(
                    &rpath,
                    &[],
                    ChangeKind::ResponseBodyChanged,
                    REMOVED,
                    resp,
                    "response body removed".into(),
                    Some(describe(self.old, x)),
                    None,
                ),
                (None, Some(y)) => self.emit(
                    &rpath,
                    &[],
                    ChangeKind::ResponseBodyChanged,
                    ADDED_OPTIONAL,
                    resp,
                    "response body added".into(),
                    None,
                    Some(describe(self.new, y)),
                ),
            }
        }
        for r in removed {
            let success = is_success(r.status);
            let (sev, aff, msg) = if success {
                (
                    Severity::Breaking,
                    Affects::Readers,
                    "success status no longer returned: readers that expect it get another one",
                )
            } else {
                (
                    Severity::Safe,
                    Affects::Readers,
                    "status no longer declared: readers no longer receive it",
                )
            };
            self.emit_fixed(
                &format!("{path} / response {}", status_label(r.status)),
                ChangeKind::StatusRemoved,
                sev,
                aff,
                msg.into(),
                Some(status_label(r.status)),
                None,
            );
        }
        for r in new_left {
            let success = is_success(r.status);
            let (sev, aff, msg) = if success {
                (
                    Severity::Breaking,
                    Affects::Readers,
                    "new success status: readers that only know the declared ones treat it as unexpected",
                )
            } else {
                (
                    Severity::Safe,
                    Affects::Readers,
                    "new error status declared: readers already treat undeclared statuses as errors",
                )
            };
            self.emit_fixed(
                &format!("{path} / response {}", status_label(r.status)),
                ChangeKind::StatusAdded,
                sev,
                aff,
                msg.into(),
                None,
                Some(status_label(r.status)),
            );
        }
    }

    // ----- the type walk (phase 1) -----------------------------------------------------------

    /// A type slot directly under an operation (part, parameter, body, response).
    fn root_slot(&mut self, o: TypeId, n: TypeId, path: &str, dir: Dir) {
        let mut visited = Visited::new();
        self.slot(o, n, path.to_owned(), dir, None, path, &mut visited, 0);
    }

    #[allow(clippy::too_many_arguments)]
    fn slot(
        &mut self,
        o: TypeId,
        n: TypeId,
        path: String,
        dir: Dir,
        parent: Option<(TypeId, TypeId)>,
        local: &str,
        visited: &mut Visited,
        depth: usize,
    ) {
        if depth > MAX_DEPTH || o.index() >= self.old.types.len() || n.index() >= self.new.types.len() {
            return;
        }
        let o = resolve_alias(self.old, o);
        let n = resolve_alias(self.new, n);
        let leaf = self.old.ty(o).key.kind == TypeKind::Builtin || self.new.ty(n).key.kind == TypeKind::Builtin;
        let key = if leaf {
            NodeKey::Leaf {
                parent,
                local: local.to_owned(),
            }
        } else {
            NodeKey::Pair(o, n)
        };
        let i = match self.index.get(&key) {
            Some(i) => *i,
            None => {
                self.nodes.push(Node {
                    key: key.clone(),
                    old: o,
                    new: n,
                    paths: Vec::new(),
                    dirs: Dirs::default(),
                });
                self.index.insert(key, self.nodes.len() - 1);
                self.nodes.len() - 1
            }
        };
        let node = &mut self.nodes[i];
        node.dirs.add(dir);
        if !node.paths.contains(&path) {
            node.paths.push(path.clone());
        }
        if leaf || !visited.insert((o, n)) {
            return;
        }
        let (old, new) = (self.old, self.new);
        match (&old.ty(o).shape, &new.ty(n).shape) {
            (Shape::Struct(a), Shape::Struct(b)) => {
                for m in match_fields(old, a, new, b) {
                    if let Some((i, j)) = m.pair() {
                        let (fa, fb) = (&a.fields[i], &b.fields[j]);
                        let child = format!("{path} / {}", field_label(fb));
                        self.slot(
                            fa.ty,
                            fb.ty,
                            child,
                            dir,
                            Some((o, n)),
                            &field_key(fb),
                            visited,
                            depth + 1,
                        );
                    }
                }
                if let (Some(x), Some(y)) = (a.additional, b.additional) {
                    self.slot(
                        x,
                        y,
                        format!("{path} / {{additional}}"),
                        dir,
                        Some((o, n)),
                        "{additional}",
                        visited,
                        depth + 1,
                    );
                }
            }
            (Shape::Union(a), Shape::Union(b)) => {
                for va in &a.variants {
                    if let Some(vb) = b
                        .variants
                        .iter()
                        .find(|v| v.wire == va.wire && v.namespace == va.namespace)
                    {
                        self.slot(
                            va.ty,
                            vb.ty,
                            format!("{path} / {}", vb.wire),
                            dir,
                            Some((o, n)),
                            &format!("variant {}", vb.wire),
                            visited,
                            depth + 1,
                        );
                    }
                }
            }
            (Shape::List { item: a }, Shape::List { item: b }) => {
                self.slot(
                    *a,
                    *b,
                    format!("{path} / []"),
                    dir,
                    Some((o, n)),
                    "[]",
                    visited,
                    depth + 1,
                );
            }
            (Shape::Map { value: a }, Shape::Map { value: b }) => {
                self.slot(
                    *a,
                    *b,
                    format!("{path} / {{value}}"),
                    dir,
                    Some((o, n)),
                    "{value}",
                    visited,
                    depth + 1,
                );
            }
            _ => {}
        }
    }

    // ----- comparing (phase 2) ---------------------------------------------------------------

    fn compare_nodes(&mut self) {
        let nodes = std::mem::take(&mut self.nodes);
        for node in &nodes {
            let Some((path, also)) = node.paths.split_first() else {
                continue;
            };
            self.compare_types(node, path, also);
        }
        self.nodes = nodes;
    }

    fn compare_types(&mut self, node: &Node, path: &str, also: &[String]) {
        let (old, new) = (self.old, self.new);
        let (o, n) = (node.old, node.new);
        let (to, tn) = (old.ty(o), new.ty(n));
        let dirs = node.dirs;
        if matches!(node.key, NodeKey::Pair(..))
            && to.key != tn.key
            && to.key.kind != TypeKind::Anonymous
            && tn.key.kind != TypeKind::Anonymous
        {
            self.emit(
                path,
                also,
                ChangeKind::TypeRenamed,
                INFO,
                dirs,
                "type name changed; it does not travel on the wire (the Rust type name changes)".into(),
                Some(type_key_label(to)),
                Some(type_key_label(tn)),
            );
        }
        if let (Some(a), Some(b)) = (scalar(old, o), scalar(new, n)) {
            self.compare_scalars(path, also, dirs, &a, &b);
            return;
        }
        match (&to.shape, &tn.shape) {
            (Shape::Struct(a), Shape::Struct(b)) => self.compare_structs(path, also, dirs, a, b),
            (Shape::Union(a), Shape::Union(b)) => self.compare_unions(path, also, dirs, a, b),
            (Shape::List { .. }, Shape::List { .. }) | (Shape::Map { .. }, Shape::Map { .. }) => {}
            (Shape::Opaque { reason: a }, Shape::Opaque { reason: b }) => {
                if a != b {
                    self.emit(
                        path,
                        also,
                        ChangeKind::TypeChanged,
                        INFO,
                        dirs,
                        "content kept as raw XML/JSON, for another reason".into(),
                        Some(a.clone()),
                        Some(b.clone()),
                    );
                }
            }
            _ => self.emit(
                path,
                also,
                ChangeKind::TypeChanged,
                Relation::Incompatible.rule(),
                dirs,
                "type changed".into(),
                Some(describe(old, o)),
                Some(describe(new, n)),
            ),
        }
    }

    fn compare_scalars(&mut self, path: &str, also: &[String], dirs: Dirs, a: &Scalar, b: &Scalar) {
        if a.list != b.list {
            self.emit(
                path,
                also,
                ChangeKind::TypeChanged,
                Relation::Incompatible.rule(),
                dirs,
                "list of values vs single value".into(),
                Some(a.describe()),
                Some(b.describe()),
            );
            return;
        }
        if a.prim != b.prim {
            let rel = primitive_relation(a.prim, b.prim, self.xml);
            let kind = if json_family(a.prim) == json_family(b.prim) {
                ChangeKind::FormatChanged
            } else {
                ChangeKind::TypeChanged
            };
            let what = match rel {
                Relation::Narrowed => "type narrowed",
                Relation::Widened => "type widened",
                Relation::Incompatible => "type changed",
                Relation::Equivalent => "type spelled differently",
            };
            self.emit(
                path,
                also,
                kind,
                rel.rule(),
                dirs,
                what.into(),
                Some(prim_name(a.prim).into()),
                Some(prim_name(b.prim).into()),
            );
        }
        match (&a.values, &b.values) {
            (Some(va), Some(vb)) => {
                let sa: BTreeSet<&String> = va.iter().collect();
                let sb: BTreeSet<&String> = vb.iter().collect();
                for v in sb.difference(&sa) {
                    self.emit(
                        path,
                        also,
                        ChangeKind::EnumValueAdded,
                        ENUM_ADDED,
                        dirs,
                        format!("enumeration value `{v}` added"),
                        None,
                        Some((*v).clone()),
                    );
                }
                for v in sa.difference(&sb) {
                    self.emit(
                        path,
                        also,
                        ChangeKind::EnumValueRemoved,
                        ENUM_REMOVED,
                        dirs,
                        format!("enumeration value `{v}` removed"),
                        Some((*v).clone()),
                        None,
                    );
                }
            }
            (None, Some(vb)) => self.emit(
                path,
                also,
                ChangeKind::TypeChanged,
                BECAME_ENUM,
                dirs,
                "free value became an enumeration".into(),
                Some(prim_name(a.prim).into()),
                Some(format!("enum of {} values", vb.len())),
            ),
            (Some(va), None) => self.emit(
                path,
                also,
                ChangeKind::TypeChanged,
                ENUM_OPENED,
                dirs,
                "enumeration became a free value".into(),
                Some(format!("enum of {} values", va.len())),
                Some(prim_name(b.prim).into()),
            ),
            (None, None) => {}
        }
        for (name, rel, old, new) in facet_changes(&a.facets, &b.facets) {
            self.emit(
                path,
                also,
                ChangeKind::FacetChanged,
                rel.rule(),
                dirs,
                format!("facet {name} {}", rel_word(rel)),
                old,
                new,
            );
        }
    }

    fn compare_structs(&mut self, path: &str, also: &[String], dirs: Dirs, a: &StructDef, b: &StructDef) {
        let (old, new) = (self.old, self.new);
        let matches = match_fields(old, a, new, b);
        let sub = |f: &Field| format!("{path} / {}", field_label(f));
        let sub_also = |f: &Field| {
            also.iter()
                .map(|p| format!("{p} / {}", field_label(f)))
                .collect::<Vec<_>>()
        };
        let mut order: Vec<(usize, usize)> = Vec::new();
        for m in &matches {
            match *m {
                FieldMatch::Same(i, j) | FieldMatch::KindChanged(i, j) | FieldMatch::Renamed(i, j) => {
                    let (fa, fb) = (&a.fields[i], &b.fields[j]);
                    let (p, al) = (sub(fb), sub_also(fb));
                    if let FieldMatch::KindChanged(..) = m {
                        self.emit(
                            &p,
                            &al,
                            ChangeKind::FieldKindChanged,
                            Relation::Incompatible.rule(),
                            dirs,
                            format!("`{}` travels differently", fb.wire),
                            Some(kind_label(&fa.kind).into()),
                            Some(kind_label(&fb.kind).into()),
                        );
                    }
                    if let FieldMatch::Renamed(..) = m {
                        self.emit(
                            &p,
                            &al,
                            ChangeKind::FieldRenamed,
                            Relation::Incompatible.rule(),
                            dirs,
                            format!("`{}` renamed to `{}` (same type and place)", fa.wire, fb.wire),
                            Some(fa.wire.clone()),
                            Some(fb.wire.clone()),
                        );
                    }
                    if is_wire_element(&fa.kind) && is_wire_element(&fb.kind) {
                        order.push((i, j));
                    }
                    self.compare_fields(&p, &al, dirs, fa, fb);
                }
                FieldMatch::Removed(i) => {
                    let f = &a.fields[i];
                    self.emit(
                        &sub(f),
                        &sub_also(f),
                        ChangeKind::FieldRemoved,
                        REMOVED,
                        dirs,
                        format!("{} `{}` removed", kind_label(&f.kind), f.wire),
                        Some(occurs_label(f.occurs)),
                        None,
                    );
                }
                FieldMatch::Added(j) => {
                    let f = &b.fields[j];
                    let required = f.occurs.min > 0
                        && matches!(
                            f.kind,
                            FieldKind::Element { .. }
                                | FieldKind::Attribute { .. }
                                | FieldKind::Property
                                | FieldKind::Text
                                | FieldKind::Flatten
                        );
                    let rule = if required { ADDED_REQUIRED } else { ADDED_OPTIONAL };
                    self.emit(
                        &sub(f),
                        &sub_also(f),
                        ChangeKind::FieldAdded,
                        rule,
                        dirs,
                        format!(
                            "{} {} `{}` added",
                            if required { "required" } else { "optional" },
                            kind_label(&f.kind),
                            f.wire
                        ),
                        None,
                        Some(occurs_label(f.occurs)),
                    );
                }
            }
        }
        if self.xml && !a.any_order && !b.any_order {
            order.sort();
            if order.windows(2).any(|w| w[0].1 > w[1].1) {
                let names = |fields: &[Field], idx: Vec<usize>| {
                    idx.into_iter()
                        .map(|i| fields[i].wire.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let old_order = names(&a.fields, order.iter().map(|p| p.0).collect());
                let mut by_new = order.clone();
                by_new.sort_by_key(|p| p.1);
                let new_order = names(&b.fields, by_new.iter().map(|p| p.1).collect());
                self.emit(
                    path,
                    also,
                    ChangeKind::FieldOrderChanged,
                    Relation::Incompatible.rule(),
                    dirs,
                    "order of the elements of the sequence changed".into(),
                    Some(old_order),
                    Some(new_order),
                );
            }
        }
        if a.any_order != b.any_order {
            self.emit(
                path,
                also,
                ChangeKind::StructChanged,
                INFO,
                dirs,
                "children may come in any order (xs:all) changed; generated code writes the declared order".into(),
                Some(a.any_order.to_string()),
                Some(b.any_order.to_string()),
            );
        }
        if a.is_abstract != b.is_abstract || a.mixed != b.mixed {
            self.emit(
                path,
                also,
                ChangeKind::StructChanged,
                INFO,
                dirs,
                "abstract/mixed flag changed".into(),
                Some(format!("abstract={} mixed={}", a.is_abstract, a.mixed)),
                Some(format!("abstract={} mixed={}", b.is_abstract, b.mixed)),
            );
        }
        match (a.base, b.base) {
            (Some(x), Some(y)) if type_key_label(old.ty(x)) != type_key_label(new.ty(y)) => {
                self.emit(
                    path,
                    also,
                    ChangeKind::StructChanged,
                    INFO,
                    dirs,
                    "base type changed (fields are compared flattened)".into(),
                    Some(type_key_label(old.ty(x))),
                    Some(type_key_label(new.ty(y))),
                );
            }
            (Some(x), None) => self.emit(
                path,
                also,
                ChangeKind::StructChanged,
                INFO,
                dirs,
                "no longer derived (fields are compared flattened)".into(),
                Some(type_key_label(old.ty(x))),
                None,
            ),
            (None, Some(y)) => self.emit(
                path,
                also,
                ChangeKind::StructChanged,
                INFO,
                dirs,
                "now derived (fields are compared flattened)".into(),
                None,
                Some(type_key_label(new.ty(y))),
            ),
            _ => {}
        }
        let bare = |s: &StructDef| s.bare_list.and_then(|i| s.fields.get(i)).map(|f| f.wire.clone());
        let (bare_a, bare_b) = (bare(a), bare(b));
        if bare_a != bare_b {
            let (rule, what) = match &bare_b {
                Some(wire) => (READ_WIDER, format!("a bare JSON array is now read into `{wire}`")),
                None => (READ_NARROWER, "a bare JSON array is no longer read".to_owned()),
            };
            self.emit(path, also, ChangeKind::StructChanged, rule, dirs, what, bare_a, bare_b);
        }
        match (a.additional, b.additional) {
            (Some(_), None) => self.emit(
                path,
                also,
                ChangeKind::StructChanged,
                Relation::Narrowed.rule(),
                dirs,
                "additional properties no longer allowed".into(),
                Some("open".into()),
                Some("closed".into()),
            ),
            (None, Some(_)) => self.emit(
                path,
                also,
                ChangeKind::StructChanged,
                ADDED_OPTIONAL,
                dirs,
                "additional properties now allowed".into(),
                Some("closed".into()),
                Some("open".into()),
            ),
            _ => {}
        }
    }

    fn compare_fields(&mut self, path: &str, also: &[String], dirs: Dirs, a: &Field, b: &Field) {
        let (na, nb) = (field_ns(&a.kind), field_ns(&b.kind));
        if na != nb {
            self.emit(
                path,
                also,
                ChangeKind::NamespaceChanged,
                Relation::Incompatible.rule(),
                dirs,
                format!("namespace of `{}` changed", b.wire),
                Some(ns_label(&na)),
                Some(ns_label(&nb)),
            );
        }
        if a.occurs.is_optional() != b.occurs.is_optional() {
            let (kind, rule, what) = if b.occurs.is_optional() {
                (ChangeKind::BecameOptional, BECAME_OPTIONAL, "became optional")
            } else {
                (ChangeKind::BecameRequired, BECAME_REQUIRED, "became required")
            };
            self.emit(
                path,
                also,
                kind,
                rule,
                dirs,
                format!("`{}` {what}", b.wire),
                Some(occurs_label(a.occurs)),
                Some(occurs_label(b.occurs)),
            );
        }
        let min_moved = a.occurs.min != b.occurs.min && a.occurs.min > 0 && b.occurs.min > 0;
        if a.occurs.max != b.occurs.max || min_moved {
            let rel = occurs_relation(a.occurs, b.occurs);
            self.emit(
                path,
                also,
                ChangeKind::CardinalityChanged,
                rel.rule(),
                dirs,
                format!("cardinality of `{}` {}", b.wire, rel_word(rel)),
                Some(occurs_label(a.occurs)),
                Some(occurs_label(b.occurs)),
            );
        }
        if a.aliases != b.aliases {
            let dropped = a.aliases.iter().any(|n| !b.aliases.contains(n));
            self.emit(
                path,
                also,
                ChangeKind::FieldRenamed,
                if dropped { READ_NARROWER } else { READ_WIDER },
                dirs,
                format!("other names `{}` may arrive under changed", b.wire),
                Some(a.aliases.join(", ")),
                Some(b.aliases.join(", ")),
            );
        }
        if a.nullable != b.nullable {
            let rule = if b.nullable { NULLABLE_ON } else { NULLABLE_OFF };
            self.emit(
                path,
                also,
                ChangeKind::NullableChanged,
                rule,
                dirs,
                format!(
                    "`{}` {}",
                    b.wire,
                    if b.nullable {
                        "became nillable"
                    } else {
                        "is no longer nillable"
                    }
                ),
                Some(a.nullable.to_string()),
                Some(b.nullable.to_string()),
            );
        }
        if a.default != b.default {
            self.emit(
                path,
                also,
                ChangeKind::DefaultChanged,
                INFO,
                dirs,
                format!("default of `{}` changed", b.wire),
                a.default.clone(),
                b.default.clone(),
            );
        }
    }

    fn compare_unions(&mut self, path: &str, also: &[String], dirs: Dirs, a: &UnionDef, b: &UnionDef) {
        if a.style != b.style {
            self.emit(
                path,
                also,
                ChangeKind::DiscriminatorChanged,
                Relation::Incompatible.rule(),
                dirs,
                "alternatives are told apart differently".into(),
                Some(style_label(a.style).into()),
                Some(style_label(b.style).into()),
            );
        }
        let da = a
            .discriminator
            .as_ref()
            .map(|d| (d.property.clone(), d.mapping.keys().cloned().collect::<Vec<_>>()));
        let db = b
            .discriminator
            .as_ref()
            .map(|d| (d.property.clone(), d.mapping.keys().cloned().collect::<Vec<_>>()));
        if da != db {
            let label = |d: &Option<(String, Vec<String>)>| d.as_ref().map(|(p, v)| format!("{p}: {}", v.join(", ")));
            self.emit(
                path,
                also,
                ChangeKind::DiscriminatorChanged,
                Relation::Incompatible.rule(),
                dirs,
                "discriminator changed".into(),
                label(&da),
                label(&db),
            );
        }
        for va in &a.variants {
            let p = format!("{path} / {}", va.wire);
            match b
                .variants
                .iter()
                .find(|v| v.wire == va.wire && v.namespace == va.namespace)
            {
                Some(vb) => {
                    if va.occurs != vb.occurs {
                        let rel = occurs_relation(va.occurs, vb.occurs);
                        self.emit(
                            &p,
                            also,
                            ChangeKind::CardinalityChanged,
                            rel.rule(),
                            dirs,
                            format!("cardinality of alternative `{}` {}", vb.wire, rel_word(rel)),
                            Some(occurs_label(va.occurs)),
                            Some(occurs_label(vb.occurs)),
                        );
                    }
                    if va.inline != vb.inline {
                        self.emit(
                            &p,
                            also,
                            ChangeKind::TypeChanged,
                            Relation::Incompatible.rule(),
                            dirs,
                            format!("alternative `{}` gained or lost its own element", vb.wire),
                            Some(va.inline.to_string()),
                            Some(vb.inline.to_string()),
                        );
                    }
                }
                None => self.emit(
                    &p,
                    also,
                    ChangeKind::VariantRemoved,
                    VARIANT_REMOVED,
                    dirs,
                    format!("alternative `{}` removed", va.wire),
                    Some(va.wire.clone()),
                    None,
                ),
            }
        }
        for vb in &b.variants {
            if !a
                .variants
                .iter()
                .any(|v| v.wire == vb.wire && v.namespace == vb.namespace)
            {
                self.emit(
                    &format!("{path} / {}", vb.wire),
                    also,
                    ChangeKind::VariantAdded,
                    VARIANT_ADDED,
                    dirs,
                    format!("alternative `{}` added", vb.wire),
                    None,
                    Some(vb.wire.clone()),
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Field matching
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldMatch {
    Same(usize, usize),
    KindChanged(usize, usize),
    Renamed(usize, usize),
    Removed(usize),
    Added(usize),
}

impl FieldMatch {
    fn pair(self) -> Option<(usize, usize)> {
        match self {
            FieldMatch::Same(i, j) | FieldMatch::KindChanged(i, j) | FieldMatch::Renamed(i, j) => Some((i, j)),
            _ => None,
        }
    }
}

fn kind_class(k: &FieldKind) -> u8 {
    match k {
        FieldKind::Element { .. } => 0,
        FieldKind::Attribute { .. } => 1,
        FieldKind::Text => 2,
        FieldKind::AnyElement => 3,
        FieldKind::AnyAttribute => 4,
        FieldKind::Property => 5,
        FieldKind::Flatten => 6,
        FieldKind::MixedText => 7,
    }
}

/// What a field's type looks like, for rename detection (not its name when anonymous,
/// since an anonymous type is named after the field).
fn type_signature(m: &Model, id: TypeId) -> String {
    let id = resolve_alias(m, id);
    let t = m.ty(id);
    match t.key.kind {
        TypeKind::Anonymous => match &t.shape {
            Shape::Struct(s) => format!(
                "anonymous struct/{}",
                s.fields.iter().map(|f| f.wire.as_str()).collect::<Vec<_>>().join(",")
            ),
            _ => match scalar(m, id) {
                Some(s) => format!("anonymous {}", s.describe()),
                None => "anonymous".into(),
            },
        },
        _ => type_key_label(t),
    }
}

/// Pair the fields of two records: same wire name and kind; then same name, other kind;
/// then a removed and an added field of the same kind, type and cardinality (a rename).
/// The result is in a deterministic order: old fields first, then added ones.
fn match_fields(old: &Model, a: &StructDef, new: &Model, b: &StructDef) -> Vec<FieldMatch> {
    let mut taken = vec![false; b.fields.len()];
    let mut result: Vec<Option<FieldMatch>> = vec![None; a.fields.len()];
    for (i, fa) in a.fields.iter().enumerate() {
        if let Some(j) = (0..b.fields.len()).find(|&j| {
            !taken[j] && b.fields[j].wire == fa.wire && kind_class(&b.fields[j].kind) == kind_class(&fa.kind)
        }) {
            taken[j] = true;
            result[i] = Some(FieldMatch::Same(i, j));
        }
    }
    for (i, fa) in a.fields.iter().enumerate() {
        if result[i].is_some() {
            continue;
        }
        if let Some(j) = (0..b.fields.len()).find(|&j| !taken[j] && b.fields[j].wire == fa.wire) {
            taken[j] = true;
            result[i] = Some(FieldMatch::KindChanged(i, j));
        }
    }
    for (i, fa) in a.fields.iter().enumerate() {
        if result[i].is_some() || matches!(fa.kind, FieldKind::AnyElement | FieldKind::AnyAttribute) {
            continue;
        }
        let sig = type_signature(old, fa.ty);
        let best = (0..b.fields.len())
            .filter(|&j| {
                let fb = &b.fields[j];
                !taken[j]
                    && kind_class(&fb.kind) == kind_class(&fa.kind)
                    && fb.occurs == fa.occurs
                    && fb.nullable == fa.nullable
                    && type_signature(new, fb.ty) == sig
            })
            .min_by_key(|&j| (j.abs_diff(i), j));
        if let Some(j) = best {
            taken[j] = true;
            result[i] = Some(FieldMatch::Renamed(i, j));
        }
    }
    let mut out: Vec<FieldMatch> = result
        .into_iter()
        .enumerate()
        .map(|(i, m)| m.unwrap_or(FieldMatch::Removed(i)))
        .collect();
    out.extend((0..b.fields.len()).filter(|&j| !taken[j]).map(FieldMatch::Added));
    out
}

// ---------------------------------------------------------------------------------------------
// Scalars
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
struct Scalar {
    prim: Primitive,
    facets: Facets,
    values: Option<Vec<String>>,
    list: bool,
}

impl Scalar {
    fn describe(&self) -> String {
        let mut s = prim_name(self.prim).to_owned();
        if let Some(v) = &self.values {
            s = format!("enum of {} values ({s})", v.len());
        }
        let f = facets_label(&self.facets);
        if !f.is_empty() {
            s = format!("{s}, {f}");
        }
        if self.list {
            s = format!("list of {s}");
        }
        s
    }
}

fn resolve_alias(m: &Model, mut id: TypeId) -> TypeId {
    for _ in 0..MAX_DEPTH {
        match m.types.get(id.index()).map(|t| &t.shape) {
            Some(Shape::Alias(t)) if t.index() < m.types.len() => id = *t,
            _ => break,
        }
    }
    id
}

/// The scalar behind a type (through newtypes, aliases and enums), with merged facets.
fn scalar(m: &Model, id: TypeId) -> Option<Scalar> {
    let mut facets = Facets::default();
    let mut values: Option<Vec<String>> = None;
    let mut list = false;
    let mut id = id;
    for _ in 0..MAX_DEPTH {
        let t = m.types.get(id.index())?;
        match &t.shape {
            Shape::Primitive(p) => {
                return Some(Scalar {
                    prim: *p,
                    facets,
                    values,
                    list,
                });
            }
            Shape::Newtype { inner, facets: f } => {
                merge_facets(&mut facets, f);
                id = *inner;
            }
            Shape::Enum(EnumDef { base, values: v }) => {
                if values.is_none() {
                    values = Some(v.iter().map(|v| v.wire.clone()).collect());
                }
                return Some(Scalar {
                    prim: *base,
                    facets,
                    values,
                    list,
                });
            }
            Shape::Alias(t) => id = *t,
            Shape::List { item } if !list => {
                list = true;
                id = *item;
            }
            _ => return None,
        }
    }
    None
}

fn merge_facets(into: &mut Facets, inner: &Facets) {
    fn keep<T: Clone>(a: &mut Option<T>, b: &Option<T>) {
        if a.is_none() {
            a.clone_from(b);
        }
    }
    keep(&mut into.length, &inner.length);
    keep(&mut into.min_length, &inner.min_length);
    keep(&mut into.max_length, &inner.max_length);
    keep(&mut into.min_inclusive, &inner.min_inclusive);
    keep(&mut into.max_inclusive, &inner.max_inclusive);
    keep(&mut into.min_exclusive, &inner.min_exclusive);
    keep(&mut into.max_exclusive, &inner.max_exclusive);
    keep(&mut into.total_digits, &inner.total_digits);
    keep(&mut into.fraction_digits, &inner.fraction_digits);
    for p in &inner.patterns {
        if !into.patterns.contains(p) {
            into.patterns.push(p.clone());
        }
    }
}

/// Value range of the fixed-width integers.
fn int_range(p: Primitive) -> Option<(i128, i128)> {
    Some(match p {
        Primitive::I8 => (i8::MIN as i128, i8::MAX as i128),
        Primitive::I16 => (i16::MIN as i128, i16::MAX as i128),
        Primitive::I32 => (i32::MIN as i128, i32::MAX as i128),
        Primitive::I64 => (i64::MIN as i128, i64::MAX as i128),
        Primitive::U8 => (0, u8::MAX as i128),
        Primitive::U16 => (0, u16::MAX as i128),
        Primitive::U32 => (0, u32::MAX as i128),
        Primitive::U64 => (0, u64::MAX as i128),
        _ => return None,
    })
}

/// JSON family of a primitive (what JSON type it travels as).
fn json_family(p: Primitive) -> &'static str {
    use Primitive::*;
    match p {
        String | Date | DateTime | Time | Duration | Base64 | HexBinary | Uri | Uuid | QName | Nif | Nipc => "string",
        I8 | I16 | I32 | I64 | U8 | U16 | U32 | U64 | Integer | Niss => "integer",
        Decimal | F32 | F64 => "number",
        Bool => "boolean",
        Any | ResultCode => "any",
    }
}

/// How the value set changes from `a` to `b` (different primitives).
fn primitive_relation(a: Primitive, b: Primitive, xml: bool) -> Relation {
    use Primitive::*;
    let well_known = |p| matches!(p, Niss | Nif | Nipc | ResultCode);
    if well_known(a) || well_known(b) {
        let loose = |p: Primitive| matches!(json_family(p), "string" | "integer" | "any") || well_known(p);
        return if loose(a) && loose(b) {
            Relation::Equivalent
        } else {
            Relation::Incompatible
        };
    }
    if b == Any {
        return Relation::Widened;
    }
    if a == Any {
        return Relation::Narrowed;
    }
    // Exact numbers: fixed-width ⊂ Integer ⊂ Decimal.
    let rank = |p: Primitive| match p {
        Integer => Some((i128::MIN, i128::MAX)),
        _ => int_range(p),
    };
    if let (Some(x), Some(y)) = (rank(a), rank(b)) {
        return if y.0 <= x.0 && x.1 <= y.1 {
            Relation::Widened
        } else if x.0 <= y.0 && y.1 <= x.1 {
            Relation::Narrowed
        } else {
            Relation::Incompatible
        };
    }
    match (a, b) {
        (x, Decimal) if rank(x).is_some() => return Relation::Widened,
        (Decimal, y) if rank(y).is_some() => return Relation::Narrowed,
        (F32, F64) => return Relation::Widened,
        (F64, F32) => return Relation::Narrowed,
        _ => {}
    }
    // Text: every lexical form is a string in XML; in JSON only the string formats are.
    let stringy = |p: Primitive| json_family(p) == "string";
    if b == String && a != String && (xml || stringy(a)) {
        return Relation::Widened;
    }
    if a == String && b != String && (xml || stringy(b)) {
        return Relation::Narrowed;
    }
    if matches!((a, b), (Uri | Uuid | QName, String)) {
        return Relation::Widened;
    }
    Relation::Incompatible
}

fn occurs_relation(a: Occurs, b: Occurs) -> Relation {
    let max = |o: Occurs| o.max.map(u64::from).unwrap_or(u64::MAX);
    let narrowed = b.min >= a.min && max(b) <= max(a);
    let widened = b.min <= a.min && max(b) >= max(a);
    match (narrowed, widened) {
        (true, true) => Relation::Equivalent,
        (true, false) => Relation::Narrowed,
        (false, true) => Relation::Widened,
        (false, false) => Relation::Incompatible,
    }
}

fn num(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok()
}

/// Each facet that differs, with how the value set changes.
fn facet_changes(a: &Facets, b: &Facets) -> Vec<(&'static str, Relation, Option<String>, Option<String>)> {
    fn upper<T: PartialOrd + Copy>(a: Option<T>, b: Option<T>) -> Relation {
        match (a, b) {
            (None, Some(_)) => Relation::Narrowed,
            (Some(_), None) => Relation::Widened,
            (Some(x), Some(y)) if y < x => Relation::Narrowed,
            (Some(x), Some(y)) if y > x => Relation::Widened,
            _ => Relation::Equivalent,
        }
    }
    fn lower<T: PartialOrd + Copy>(a: Option<T>, b: Option<T>) -> Relation {
        match upper(a, b) {
            Relation::Narrowed if a.is_some() && b.is_some() => Relation::Widened,
            Relation::Widened if a.is_some() && b.is_some() => Relation::Narrowed,
            r => r,
        }
    }
    fn text_bound(a: &Option<String>, b: &Option<String>, is_upper: bool) -> Relation {
        match (a, b) {
            (Some(x), Some(y)) => match (num(x), num(y)) {
                (Some(x), Some(y)) => {
                    if is_upper {
                        upper(Some(x), Some(y))
                    } else {
                        lower(Some(x), Some(y))
                    }
                }
                _ => Relation::Incompatible,
            },
            _ => upper(a.as_ref().map(|_| 0), b.as_ref().map(|_| 0)),
        }
    }
    let show = |v: Option<String>| v;
    let mut out = Vec::new();
    let mut push = |name: &'static str, rel: Relation, o: Option<String>, n: Option<String>| {
        if o != n {
            out.push((name, rel, show(o), show(n)));
        }
    };
    let s = |v: Option<u64>| v.map(|x| x.to_string());
    let s32 = |v: Option<u32>| v.map(|x| x.to_string());
    let length_rel = match (a.length, b.length) {
        (None, Some(_)) => Relation::Narrowed,
        (Some(_), None) => Relation::Widened,
        _ => Relation::Incompatible,
    };
    push("length", length_rel, s(a.length), s(b.length));
    push(
        "minLength",
        lower(a.min_length, b.min_length),
        s(a.min_length),
        s(b.min_length),
    );
    push(
        "maxLength",
        upper(a.max_length, b.max_length),
        s(a.max_length),
        s(b.max_length),
    );
    let pa: BTreeSet<&String> = a.patterns.iter().collect();
    let pb: BTreeSet<&String> = b.patterns.iter().collect();
    let pattern_rel = if pa.is_empty() {
        Relation::Narrowed
    } else if pb.is_empty() {
        Relation::Widened
    } else {
        Relation::Incompatible
    };
    let join_p =
        |p: &BTreeSet<&String>| (!p.is_empty()).then(|| p.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" | "));
    push("pattern", pattern_rel, join_p(&pa), join_p(&pb));
    push(
        "minInclusive",
        text_bound(&a.min_inclusive, &b.min_inclusive, false),
        a.min_inclusive.clone(),
        b.min_inclusive.clone(),
    );
    push(
        "maxInclusive",
        text_bound(&a.max_inclusive, &b.max_inclusive, true),
        a.max_inclusive.clone(),
        b.max_inclusive.clone(),
    );
    push(
        "minExclusive",
        text_bound(&a.min_exclusive, &b.min_exclusive, false),
        a.min_exclusive.clone(),
        b.min_exclusive.clone(),
    );
    push(
        "maxExclusive",
        text_bound(&a.max_exclusive, &b.max_exclusive, true),
        a.max_exclusive.clone(),
        b.max_exclusive.clone(),
    );
    push(
        "totalDigits",
        upper(a.total_digits, b.total_digits),
        s32(a.total_digits),
        s32(b.total_digits),
    );
    push(
        "fractionDigits",
        upper(a.fraction_digits, b.fraction_digits),
        s32(a.fraction_digits),
        s32(b.fraction_digits),
    );
    out
}

// ---------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------

fn rel_word(r: Relation) -> &'static str {
    match r {
        Relation::Narrowed => "narrowed",
        Relation::Widened => "widened",
        Relation::Incompatible => "changed",
        Relation::Equivalent => "respelled",
    }
}

fn svc_name<'s>(p: &(Option<&'s Service>, Option<&'s Service>)) -> &'s str {
    p.1.or(p.0).map(|s| s.name.as_str()).unwrap_or("")
}

fn join(s: &BTreeSet<String>) -> String {
    s.iter().cloned().collect::<Vec<_>>().join(", ")
}

fn scheme_label(s: &SecurityScheme) -> String {
    match s {
        SecurityScheme::Basic => "basic".into(),
        SecurityScheme::Bearer => "bearer".into(),
        SecurityScheme::ApiKey { location, name } => format!("api-key ({location} {name})"),
        SecurityScheme::OAuth2 => "oauth2".into(),
    }
}

fn binding_label(b: &Binding) -> String {
    match b {
        Binding::Soap(s) => format!("SOAP action \"{}\"", s.action.clone().unwrap_or_default()),
        Binding::Http(h) => format!("{} {}", h.method.as_str(), h.path),
    }
}

fn op_label(op: &Operation) -> String {
    format!("{} ({})", op.name, binding_label(&op.binding))
}

fn qname(e: &(Option<String>, String)) -> String {
    match &e.0 {
        Some(ns) => format!("{{{ns}}}{}", e.1),
        None => e.1.clone(),
    }
}

fn ns_label(ns: &Option<String>) -> String {
    ns.clone().unwrap_or_else(|| "(no namespace)".into())
}

fn loc_label(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Form => "form",
    }
}

fn req_label(r: bool) -> String {
    if r { "required".into() } else { "optional".into() }
}

fn list_label(l: bool) -> String {
    if l { "repeated".into() } else { "single".into() }
}

fn status_label(s: Status) -> String {
    match s {
        Status::Code(c) => c.to_string(),
        Status::Range(d) => format!("{d}XX"),
        Status::Default => "default".into(),
    }
}

fn is_success(s: Status) -> bool {
    matches!(s, Status::Code(200..=299) | Status::Range(2))
}

fn style_label(s: UnionStyle) -> &'static str {
    match s {
        UnionStyle::XmlChoice => "xs:choice",
        UnionStyle::XmlSimpleUnion => "xs:union",
        UnionStyle::Json => "oneOf/anyOf",
        UnionStyle::XsiType { .. } => "xsi:type",
    }
}

fn kind_label(k: &FieldKind) -> &'static str {
    match k {
        FieldKind::Element { .. } => "element",
        FieldKind::Attribute { .. } => "attribute",
        FieldKind::Text => "text content",
        FieldKind::AnyElement => "any element",
        FieldKind::AnyAttribute => "any attribute",
        FieldKind::Property => "property",
        FieldKind::Flatten => "group",
        FieldKind::MixedText => "mixed text",
    }
}

fn is_wire_element(k: &FieldKind) -> bool {
    matches!(
        k,
        FieldKind::Element { .. } | FieldKind::AnyElement | FieldKind::Flatten
    )
}

fn field_ns(k: &FieldKind) -> Option<String> {
    match k {
        FieldKind::Element { namespace } | FieldKind::Attribute { namespace } => namespace.clone(),
        _ => None,
    }
}

fn field_label(f: &Field) -> String {
    match f.kind {
        FieldKind::Attribute { .. } => format!("@{}", f.wire),
        FieldKind::Text | FieldKind::MixedText => "#text".into(),
        FieldKind::AnyElement => "#any".into(),
        FieldKind::AnyAttribute => "@*".into(),
        FieldKind::Flatten => format!("({})", f.wire),
        _ => f.wire.clone(),
    }
}

fn field_key(f: &Field) -> String {
    format!("{}:{}", kind_class(&f.kind), f.wire)
}

fn occurs_label(o: Occurs) -> String {
    match o.max {
        Some(m) if m == o.min => o.min.to_string(),
        Some(m) => format!("{}..{m}", o.min),
        None => format!("{}..*", o.min),
    }
}

fn type_key_label(t: &crate::model::TypeDef) -> String {
    let kind = match t.key.kind {
        TypeKind::Element => "element ",
        TypeKind::ComplexType => "complexType ",
        TypeKind::SimpleType => "simpleType ",
        TypeKind::Schema => "schema ",
        TypeKind::Anonymous => "anonymous ",
        TypeKind::Builtin => "",
    };
    match &t.key.namespace {
        Some(ns) if t.key.kind != TypeKind::Schema => format!("{kind}{{{ns}}}{}", t.key.name),
        _ => format!("{kind}{}", t.key.name),
    }
}

/// A short description of a type for `old` / `new`.
fn describe(m: &Model, id: TypeId) -> String {
    if id.index() >= m.types.len() {
        return format!("(type #{} out of range)", id.0);
    }
    let id = resolve_alias(m, id);
    let t = m.ty(id);
    let named = !matches!(t.key.kind, TypeKind::Anonymous | TypeKind::Builtin);
    let body = if let Some(s) = scalar(m, id) {
        s.describe()
    } else {
        match &t.shape {
            Shape::Struct(s) => format!("record of {} fields", s.fields.len()),
            Shape::Union(u) => format!(
                "choice of {}",
                u.variants
                    .iter()
                    .map(|v| v.wire.as_str())
                    .collect::<Vec<_>>()
                    .join(" | ")
            ),
            Shape::List { item } => format!("list of {}", describe_short(m, *item)),
            Shape::Map { value } => format!("map of {}", describe_short(m, *value)),
            Shape::Opaque { reason } => format!("raw content ({reason})"),
            Shape::Pending => "undefined".into(),
            _ => "?".into(),
        }
    };
    if named {
        format!("{} ({body})", t.key.name)
    } else {
        body
    }
}

fn describe_short(m: &Model, id: TypeId) -> String {
    match m.types.get(id.index()) {
        Some(t) if !matches!(t.key.kind, TypeKind::Anonymous | TypeKind::Builtin) => t.key.name.clone(),
        Some(_) => scalar(m, id)
            .map(|s| s.describe())
            .unwrap_or_else(|| "anonymous type".into()),
        None => "?".into(),
    }
}

fn facets_label(f: &Facets) -> String {
    let mut parts = Vec::new();
    for (name, _, _, new) in facet_changes(&Facets::default(), f) {
        if let Some(v) = new {
            parts.push(format!("{name}={v}"));
        }
    }
    parts.join(", ")
}

/// XSD-style name of a primitive.
pub fn prim_name(p: Primitive) -> &'static str {
    use Primitive::*;
    match p {
        String => "string",
        Bool => "boolean",
        I8 => "byte",
        I16 => "short",
        I32 => "int",
        I64 => "long",
        U8 => "unsignedByte",
        U16 => "unsignedShort",
        U32 => "unsignedInt",
        U64 => "unsignedLong",
        Integer => "integer",
        Decimal => "decimal",
        F32 => "float",
        F64 => "double",
        Date => "date",
        DateTime => "dateTime",
        Time => "time",
        Duration => "duration",
        Base64 => "base64Binary",
        HexBinary => "hexBinary",
        Uri => "anyURI",
        Uuid => "uuid",
        QName => "QName",
        Any => "any",
        Niss => "NISS",
        Nif => "NIF",
        Nipc => "NIPC",
        ResultCode => "result code",
    }
}

/// `/a/{x}/b` → `/a/{}/b`, trailing slash removed.
fn normalise_path(p: &str) -> String {
    let mut out = String::new();
    let mut in_brace = false;
    for c in p.chars() {
        match c {
            '{' => {
                in_brace = true;
                out.push('{');
            }
            '}' => {
                in_brace = false;
                out.push('}');
            }
            _ if in_brace => {}
            _ => out.push(c),
        }
    }
    let trimmed = out.trim_end_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        trimmed.to_owned()
    }
}

fn placeholder_index(path: &str, name: &str) -> Option<usize> {
    path.split('{').skip(1).position(|s| s.split('}').next() == Some(name))
}

/// Two operations with different names that are the same on the wire.
fn same_wire_operation(o: &Operation, n: &Operation) -> bool {
    match (&o.binding, &n.binding) {
        (Binding::Soap(a), Binding::Soap(b)) => {
            let action = a.action.as_deref().unwrap_or("");
            let first = |m: &SoapMessage| m.wrapper.clone().or_else(|| m.parts.first().map(|p| p.element.clone()));
            (!action.is_empty() && Some(action) == b.action.as_deref())
                || (first(&a.input).is_some() && first(&a.input) == first(&b.input))
        }
        (Binding::Http(a), Binding::Http(b)) => {
            a.method == b.method && normalise_path(&a.path) == normalise_path(&b.path)
        }
        _ => false,
    }
}
