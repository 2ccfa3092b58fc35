//! The report's data: changes, their severity and who they hit, files, Rust items, counts.

use std::collections::BTreeSet;

use serde::Serialize;

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
    /// What it does to code that uses the generated Rust: the worst classification of the
    /// public Rust items it changes (see [`Report::link_rust`]); `None` when it changes none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rust: Option<Semver>,
    /// The public Rust items it changes (keys of [`RustItemChange::item`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rust_items: Vec<String>,
}

/// What a change of the generated Rust API does to the code that uses it (Rust semver rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Semver {
    /// Code that uses the item may no longer compile.
    Major,
    /// Code that compiles today still compiles.
    Minor,
}

impl Semver {
    /// Lower-case name (`major`, `minor`).
    pub fn as_str(self) -> &'static str {
        match self {
            Semver::Major => "major",
            Semver::Minor => "minor",
        }
    }
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
    /// The same item under another path (a type moved to another module, or split in several).
    Moved,
}

impl ItemChange {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemChange::Added => "added",
            ItemChange::Removed => "removed",
            ItemChange::Changed => "changed",
            ItemChange::Moved => "moved",
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
    /// Added, removed, changed or moved.
    pub change: ItemChange,
    /// Old signature (for a move: the old path).
    pub old: Option<String>,
    /// New signature (for a move: the new path or paths).
    pub new: Option<String>,
    /// Major or minor for code that uses the generated crate.
    pub semver: Semver,
    /// Why, in Rust terms.
    pub reason: String,
    /// The type, trait or function it belongs to (its own path for those).
    pub owner: String,
    /// The wire change that causes it (its path), when one is found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wire: Option<String>,
}

/// A place in hand-written code over the generated API that names a changed item.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Review {
    /// File (workspace-relative).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// The identifier found there.
    pub ident: String,
    /// The Rust item change it relates to ([`RustItemChange::item`]).
    pub item: String,
    /// The line, trimmed.
    pub text: String,
}

/// Counts by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Summary {
    /// Changes that break users: wire changes that are breaking or change the Rust API in a
    /// major way, plus major Rust changes no wire change explains (counted by the type or
    /// function they belong to).
    pub breaks_users: usize,
    /// Breaking changes on the wire.
    pub breaking: usize,
    /// Changes that break the Rust code using the generated crate: wire changes with a major
    /// Rust item, plus the types and functions of unlinked major Rust items.
    pub rust_breaking: usize,
    /// Safe changes.
    pub safe: usize,
    /// Informational changes.
    pub info: usize,
    /// Spec files added, removed or changed.
    pub files: usize,
    /// Public Rust items added, removed, changed or moved.
    pub rust_items: usize,
    /// Of which major (code that uses them may no longer compile).
    pub rust_major: usize,
    /// Places in hand-written code to review.
    pub review: usize,
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
    /// Places in hand-written code (over the generated API) that name a changed item.
    pub review: Vec<Review>,
    /// Things the report could not do (a side that does not load…), each saying where.
    pub notes: Vec<String>,
    /// What makes the report incomplete (sources that could not be fetched), printed before
    /// anything else; a report with errors never says "No differences".
    pub errors: Vec<String>,
}

impl Report {
    /// Counts by severity, on the wire and in Rust.
    pub fn summary(&self) -> Summary {
        let count = |s: Severity| self.changes.iter().filter(|c| c.severity == s).count();
        let wire_users = self
            .changes
            .iter()
            .filter(|c| c.severity == Severity::Breaking || c.rust == Some(Semver::Major))
            .count();
        let rust_only: BTreeSet<&str> = self
            .rust_items
            .iter()
            .filter(|i| i.semver == Semver::Major && i.wire.is_none())
            .map(|i| i.owner.as_str())
            .collect();
        let rust_linked = self.changes.iter().filter(|c| c.rust == Some(Semver::Major)).count();
        Summary {
            breaks_users: wire_users + rust_only.len(),
            rust_breaking: rust_linked + rust_only.len(),
            breaking: count(Severity::Breaking),
            safe: count(Severity::Safe),
            info: count(Severity::Info),
            files: self.files.len(),
            rust_items: self.rust_items.len(),
            rust_major: self.rust_items.iter().filter(|i| i.semver == Semver::Major).count(),
            review: self.review.len(),
        }
    }

    /// At least one change breaks users: on the wire, or in the Rust code that uses the
    /// generated crate.
    pub fn has_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.severity == Severity::Breaking)
            || self.rust_items.iter().any(|i| i.semver == Semver::Major)
    }

    /// Nothing differs at all (no change, no file, no Rust item) and nothing failed.
    /// Notes do not count; errors do.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.files.is_empty() && self.rust_items.is_empty() && self.errors.is_empty()
    }

    /// Append another report (another spec set) and keep everything sorted.
    pub fn extend(&mut self, other: Report) {
        self.changes.extend(other.changes);
        self.files.extend(other.files);
        self.rust_items.extend(other.rust_items);
        self.review.extend(other.review);
        self.notes.extend(other.notes);
        self.errors.extend(other.errors);
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
        self.review.sort();
        self.review.dedup();
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
        rust: None,
        rust_items: Vec::new(),
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
        rust: None,
        rust_items: Vec::new(),
    }
}
