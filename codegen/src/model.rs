//! The intermediate model every front-end lowers into and every back-end reads.
//!
//! The model is plain data. Types live in one arena ([`Model::types`]) and refer to each
//! other by [`TypeId`], never by name; the front-ends resolve names in two phases (declare
//! every global name, then define each one), so cycles are legal. WSDL and OpenAPI meet in
//! [`Operation`]; only its [`Binding`] says whether it travels as SOAP or as plain HTTP.
//!
//! Names here are *wire* names (as the spec spells them); the Rust names are added by the
//! naming pass ([`crate::passes`]) into the `rust_name` fields.

use std::collections::BTreeMap;

/// Index of a type in [`Model::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub u32);

impl TypeId {
    /// The arena index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Where a construct was found: a file and a line:column (XML) or a JSON pointer (YAML/JSON).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Source {
    /// Path of the file, relative to the spec root handed to the front-end.
    pub file: String,
    /// Position inside the file.
    pub at: Position,
}

/// A position inside a spec file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Position {
    /// Unknown or whole file.
    #[default]
    File,
    /// 1-based line and column (XML).
    Line { line: u32, column: u32 },
    /// RFC 6901 JSON pointer (YAML, JSON).
    Pointer(String),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.at {
            Position::File => write!(f, "{}", self.file),
            Position::Line { line, column } => write!(f, "{}:{line}:{column}", self.file),
            Position::Pointer(p) => write!(f, "{}#{p}", self.file),
        }
    }
}

/// What a named type is in its own spec language; part of its identity (XSD keeps element,
/// complex type and simple type names in separate symbol spaces).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeKind {
    /// A global `xs:element` (its type is the element's content).
    Element,
    /// A global `xs:complexType`.
    ComplexType,
    /// A global `xs:simpleType`.
    SimpleType,
    /// An OpenAPI/Swagger schema (`components/schemas` or `definitions`).
    Schema,
    /// A type with no global name (inline/anonymous), named after its position.
    Anonymous,
    /// A built-in (XSD built-in or JSON primitive).
    Builtin,
}

/// Identity of a type: namespace + name + kind. For OpenAPI the namespace is the spec file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeKey {
    /// XML namespace URI, or for OpenAPI the document path; `None` for no namespace.
    pub namespace: Option<String>,
    /// The name as the spec spells it (for anonymous types: a path such as `cessarVinculo/motivo-fim-vinculo`).
    pub name: String,
    /// Symbol space.
    pub kind: TypeKind,
}

/// One type of the arena.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Identity.
    pub key: TypeKey,
    /// Documentation from the spec.
    pub doc: Option<String>,
    /// Where it was defined.
    pub source: Source,
    /// What it is.
    pub shape: Shape,
    /// Rust type name, set by the naming pass.
    pub rust_name: String,
    /// Rust module (path below `api`), set by the module pass; empty for built-ins.
    pub module: Vec<String>,
}

/// The structure of a type.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// Declared but not yet defined (only during lowering; a finished model has none).
    Pending,
    /// A scalar.
    Primitive(Primitive),
    /// A restricted scalar (XSD simpleType restriction / OpenAPI scalar with constraints).
    Newtype {
        /// The underlying type.
        inner: TypeId,
        /// Constraints the value must meet.
        facets: Facets,
    },
    /// A closed or open set of scalar values.
    Enum(EnumDef),
    /// A record: XSD complex type, OpenAPI object.
    Struct(StructDef),
    /// One of several alternatives (xs:choice at top level, xs:union, oneOf/anyOf).
    Union(UnionDef),
    /// A list of values (xs:list, or an OpenAPI array schema that has its own name).
    List {
        /// Item type.
        item: TypeId,
    },
    /// A string-keyed map (OpenAPI additionalProperties).
    Map {
        /// Value type.
        value: TypeId,
    },
    /// Another type under a second name.
    Alias(TypeId),
    /// Content the generator does not model: kept as raw XML / JSON, with the reason.
    Opaque {
        /// Why it is opaque (shown in the generated docs).
        reason: String,
    },
}

/// Scalar types the runtime knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Primitive {
    /// Text.
    String,
    /// true / false.
    Bool,
    /// 8-bit signed.
    I8,
    /// 16-bit signed.
    I16,
    /// 32-bit signed.
    I32,
    /// 64-bit signed.
    I64,
    /// 8-bit unsigned.
    U8,
    /// 16-bit unsigned.
    U16,
    /// 32-bit unsigned.
    U32,
    /// 64-bit unsigned.
    U64,
    /// Unbounded integer (xs:integer and its derivations); carried as `i128` (38 digits).
    Integer,
    /// Exact decimal (xs:decimal, JSON number without a binary-float format): money.
    Decimal,
    /// 32-bit binary float (only where the spec says float).
    F32,
    /// 64-bit binary float (only where the spec says double).
    F64,
    /// Calendar date.
    Date,
    /// Date and time (offset optional on the wire).
    DateTime,
    /// Time of day.
    Time,
    /// xs:duration, kept as text.
    Duration,
    /// Binary as base64 text.
    Base64,
    /// Binary as hex text.
    HexBinary,
    /// A URI, kept as text.
    Uri,
    /// A UUID, kept as text.
    Uuid,
    /// An XML qualified name, kept as text.
    QName,
    /// Any JSON value / any simple XML text.
    Any,
    /// Segurança Social number (11 digits, check digit).
    Niss,
    /// Portuguese tax number of a person (9 digits, check digit).
    Nif,
    /// Portuguese tax number of a legal person (9 digits, check digit).
    Nipc,
    /// A result code that arrives as a JSON string or number (`codigoResultado`).
    ResultCode,
}

/// Restrictions of a scalar (XSD facets, JSON-schema keywords).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facets {
    /// Exact length.
    pub length: Option<u64>,
    /// Minimum length.
    pub min_length: Option<u64>,
    /// Maximum length.
    pub max_length: Option<u64>,
    /// Regular-expression patterns (XSD: any may match; OpenAPI: one).
    pub patterns: Vec<String>,
    /// Lower bound, inclusive, as decimal text.
    pub min_inclusive: Option<String>,
    /// Upper bound, inclusive, as decimal text.
    pub max_inclusive: Option<String>,
    /// Lower bound, exclusive.
    pub min_exclusive: Option<String>,
    /// Upper bound, exclusive.
    pub max_exclusive: Option<String>,
    /// Maximum number of digits.
    pub total_digits: Option<u32>,
    /// Maximum digits after the point.
    pub fraction_digits: Option<u32>,
}

impl Facets {
    /// True when no facet is set.
    pub fn is_empty(&self) -> bool {
        *self == Facets::default()
    }
}

/// A set of scalar values.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// The type of the values on the wire.
    pub base: Primitive,
    /// The values, in spec order.
    pub values: Vec<EnumValue>,
}

/// One enumeration value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The value as it travels (text form; JSON numbers as their text).
    pub wire: String,
    /// Documentation (the code's label).
    pub doc: Option<String>,
    /// Rust variant name, set by the naming pass.
    pub rust_name: String,
}

/// A record type.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StructDef {
    /// Fields in wire order (XML element order matters for xs:sequence).
    pub fields: Vec<Field>,
    /// XSD: the base type this one extends (its fields are already copied in, flattened);
    /// kept for documentation and for the diff.
    pub base: Option<TypeId>,
    /// XSD: children may come in any order (xs:all).
    pub any_order: bool,
    /// XSD: mixed content.
    pub mixed: bool,
    /// XSD: abstract type (cannot appear on the wire by itself).
    pub is_abstract: bool,
    /// OpenAPI: extra properties allowed, with this value type.
    pub additional: Option<TypeId>,
    /// JSON: the object may also arrive as a bare array, read into the list field at this
    /// index (project extension `x-psi-bare-array`, for envelopes the publisher has not
    /// settled).
    pub bare_list: Option<usize>,
    /// SOAP encoding: the type restricts `soapenc:Array`; its only field holds the items.
    pub soap_array: Option<SoapArray>,
}

/// What a SOAP-encoded array (a restriction of `soapenc:Array`) says of its items, for the
/// `SOAP-ENC:arrayType` attribute it carries in an rpc/encoded message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoapArray {
    /// The item type as `wsdl:arrayType` names it (namespace, local name); `None` when the
    /// items are given by an element declaration instead (the item field's type is used).
    pub item_type: Option<(Option<String>, String)>,
    /// The dimensions of the item type itself: `[]` for an array of arrays, empty otherwise.
    pub inner_dims: String,
}

/// How a field travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKind {
    /// An XML child element; `namespace` is `Some` when the element is qualified.
    Element {
        /// Namespace of the element name when qualified.
        namespace: Option<String>,
    },
    /// An XML attribute.
    Attribute {
        /// Namespace when qualified.
        namespace: Option<String>,
    },
    /// The text content of a simpleContent type.
    Text,
    /// Any element(s) (xs:any): kept as raw XML.
    AnyElement,
    /// Any attribute(s) (xs:anyAttribute): kept as name → value pairs.
    AnyAttribute,
    /// XSD: the character data of mixed content, each piece with its place among the
    /// element children (`mixed="true"`).
    MixedText,
    /// A JSON object property.
    Property,
    /// XSD: content without a wrapper element of its own (a nested xs:sequence, xs:choice or
    /// xs:group reference): the field's type is a [`Shape::Struct`] or an
    /// [`UnionStyle::XmlChoice`] union whose content is written in place.
    Flatten,
}

/// One field of a record.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Name on the wire.
    pub wire: String,
    /// How it travels.
    pub kind: FieldKind,
    /// Its type (the item type when repeated).
    pub ty: TypeId,
    /// Cardinality.
    pub occurs: Occurs,
    /// XSD nillable / OpenAPI nullable: the value may be explicitly null.
    pub nullable: bool,
    /// Default value as text.
    pub default: Option<String>,
    /// Documentation.
    pub doc: Option<String>,
    /// Where it was defined.
    pub source: Source,
    /// Rust field name, set by the naming pass.
    pub rust_name: String,
    /// Set by the cycle pass: the field must be boxed to give the type a finite size.
    pub boxed: bool,
    /// JSON: other names the property may arrive under (project extension `x-psi-aliases`);
    /// it is always written under `wire`.
    pub aliases: Vec<String>,
}

/// Cardinality of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurs {
    /// Minimum occurrences (0 = optional).
    pub min: u32,
    /// Maximum occurrences (`None` = unbounded).
    pub max: Option<u32>,
}

impl Occurs {
    /// Exactly once.
    pub const ONE: Occurs = Occurs { min: 1, max: Some(1) };
    /// Zero or one.
    pub const OPTIONAL: Occurs = Occurs { min: 0, max: Some(1) };
    /// Zero or more.
    pub const MANY: Occurs = Occurs { min: 0, max: None };

    /// More than one occurrence possible: a `Vec`.
    pub fn is_list(self) -> bool {
        self.max != Some(1)
    }
    /// May be absent: an `Option` (when not a list).
    pub fn is_optional(self) -> bool {
        self.min == 0
    }
}

/// Alternatives.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    /// The variants.
    pub variants: Vec<Variant>,
    /// OpenAPI discriminator property, with value → variant index.
    pub discriminator: Option<Discriminator>,
    /// How the variants are told apart.
    pub style: UnionStyle,
}

/// How a union travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnionStyle {
    /// XSD xs:choice: the element name tells the variant.
    XmlChoice,
    /// XSD xs:union of simple types: the first variant that parses.
    XmlSimpleUnion,
    /// JSON oneOf/anyOf: the first variant that deserialises (or the discriminator).
    Json,
    /// XSD type substitution: an element whose declared complex type has derived types holds
    /// the declared type or any of them, told apart by `xsi:type`. Each variant's `wire` and
    /// `namespace` are the type's name; `default` is the variant read when the element has
    /// no `xsi:type` (the declared type, when it is not abstract).
    XsiType {
        /// Index of the declared type among the variants, when it may appear as itself.
        default: Option<usize>,
    },
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Wire name (XML element name for choices; schema name or position for JSON).
    pub wire: String,
    /// Element namespace for XML choices when qualified.
    pub namespace: Option<String>,
    /// The variant's payload type.
    pub ty: TypeId,
    /// Cardinality of the chosen element (xs:choice branches may repeat).
    pub occurs: Occurs,
    /// Documentation.
    pub doc: Option<String>,
    /// XML choice branch that is a sequence (no element of its own): `ty` is a struct whose
    /// fields are written in place, and `wire` is only a name for it.
    pub inline: bool,
    /// Rust variant name, set by the naming pass.
    pub rust_name: String,
    /// Set by the cycle pass.
    pub boxed: bool,
}

/// OpenAPI discriminator.
#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    /// The property that names the variant.
    pub property: String,
    /// Discriminator value → index into [`UnionDef::variants`].
    pub mapping: BTreeMap<String, usize>,
}

/// A service: a WSDL service/port type, or an OpenAPI tag / document.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Name as the spec spells it.
    pub name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// Operations, in spec order.
    pub operations: Vec<Operation>,
    /// Addresses found in the spec (WSDL soap:address, OpenAPI servers / host+basePath).
    pub addresses: Vec<String>,
    /// Security schemes accepted, by name.
    pub security: Vec<SecurityScheme>,
    /// Where it was defined.
    pub source: Source,
    /// Rust module name, set by the naming pass.
    pub rust_name: String,
}

/// An authentication scheme the service accepts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SecurityScheme {
    /// HTTP Basic.
    Basic,
    /// HTTP Bearer token (also Swagger 2 apiKey in the Authorization header).
    Bearer,
    /// An API key in a header, query parameter or cookie.
    ApiKey {
        /// Where the key goes: `header`, `query` or `cookie`.
        location: String,
        /// Name of the header or parameter.
        name: String,
    },
    /// OAuth 2 / OpenID Connect (the caller supplies the token as Bearer).
    OAuth2,
}

/// One operation, whichever protocol carries it.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Name as the spec spells it (WSDL operation name, OpenAPI operationId or synthesised).
    pub name: String,
    /// Summary and description.
    pub doc: Option<String>,
    /// Deprecated in the spec.
    pub deprecated: bool,
    /// How it travels.
    pub binding: Binding,
    /// Where it was defined.
    pub source: Source,
    /// Rust method name, set by the naming pass.
    pub rust_name: String,
}

mod binding;

pub use binding::{
    ArrayStyle, Binding, Body, HttpBinding, Method, Param, ParamLocation, PathStyle, Response, ResponseHeader,
    SoapBinding, SoapFault, SoapMessage, SoapPart, SoapStyle, SoapUse, SoapVersion, Status,
};

/// Facts about the spec set a model was built from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SpecInfo {
    /// Stable id (manifest id).
    pub id: String,
    /// Title.
    pub title: String,
    /// Entry file, relative to the spec root.
    pub entry: String,
    /// Documentation of the whole spec.
    pub doc: Option<String>,
    /// Lenient mode: a reference to a type, element or schema that no file of the set
    /// defines becomes an opaque value (raw XML or JSON) with a [`Warning`], instead of an
    /// error.
    pub lenient: bool,
}

/// A non-fatal finding: something skipped on purpose, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// Where.
    pub source: Source,
    /// What and why.
    pub message: String,
}

impl Warning {
    /// The warning lenient mode gives instead of `error`: where the error was, what it
    /// said, and what was done instead (`kept`).
    pub fn instead_of(error: &crate::Error, kept: &str) -> Warning {
        Warning {
            source: error.location(),
            message: format!("{}; {kept} (lenient mode)", error.message()),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

/// The whole model of one spec set.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Model {
    /// Which spec.
    pub spec: SpecInfo,
    /// The type arena.
    pub types: Vec<TypeDef>,
    /// The services.
    pub services: Vec<Service>,
    /// Things skipped on purpose.
    pub warnings: Vec<Warning>,
}

impl Model {
    /// The type behind an id.
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.index()]
    }

    /// Mutable access to a type.
    pub fn ty_mut(&mut self, id: TypeId) -> &mut TypeDef {
        &mut self.types[id.index()]
    }

    /// Every type id, in arena order.
    pub fn type_ids(&self) -> impl Iterator<Item = TypeId> + '_ {
        (0..self.types.len() as u32).map(TypeId)
    }

    /// Add a type to the arena.
    pub fn push(&mut self, def: TypeDef) -> TypeId {
        let id = TypeId(self.types.len() as u32);
        self.types.push(def);
        id
    }
}

/// Helps a front-end build the arena in two phases: `declare` every global name first,
/// `define` each one later; built-ins are interned once.
#[derive(Debug, Default)]
pub struct ArenaBuilder {
    /// The model being built.
    pub model: Model,
    index: BTreeMap<TypeKey, TypeId>,
    primitives: BTreeMap<Primitive, TypeId>,
}

impl ArenaBuilder {
    /// Start an empty model for `spec`.
    pub fn new(spec: SpecInfo) -> Self {
        ArenaBuilder {
            model: Model {
                spec,
                ..Model::default()
            },
            ..ArenaBuilder::default()
        }
    }

    /// Declare a named type (phase 1); returns the existing id when already declared.
    pub fn declare(&mut self, key: TypeKey, source: Source, doc: Option<String>) -> TypeId {
        if let Some(id) = self.index.get(&key) {
            return *id;
        }
        let id = self.model.push(TypeDef {
            key: key.clone(),
            doc,
            source,
            shape: Shape::Pending,
            rust_name: String::new(),
            module: Vec::new(),
        });
        self.index.insert(key, id);
        id
    }

    /// Look a declared type up by its identity.
    pub fn lookup(&self, key: &TypeKey) -> Option<TypeId> {
        self.index.get(key).copied()
    }

    /// Give a declared type its shape (phase 2).
    pub fn define(&mut self, id: TypeId, shape: Shape) {
        self.model.ty_mut(id).shape = shape;
    }

    /// Add an anonymous type (inline definition) with its shape.
    pub fn anonymous(
        &mut self,
        namespace: Option<String>,
        path: String,
        source: Source,
        doc: Option<String>,
        shape: Shape,
    ) -> TypeId {
        let key = TypeKey {
            namespace,
            name: path,
            kind: TypeKind::Anonymous,
        };
        let id = self.declare(key, source, doc);
        // Two inline types at the same path are distinct: make the later one unique.
        if self.model.ty(id).shape != Shape::Pending {
            let mut n = 2;
            loop {
                let key = TypeKey {
                    namespace: self.model.ty(id).key.namespace.clone(),
                    name: format!("{}#{n}", self.model.ty(id).key.name),
                    kind: TypeKind::Anonymous,
                };
                if !self.index.contains_key(&key) {
                    let source = self.model.ty(id).source.clone();
                    let doc = self.model.ty(id).doc.clone();
                    let fresh = self.declare(key, source, doc);
                    self.define(fresh, shape);
                    return fresh;
                }
                n += 1;
            }
        }
        self.define(id, shape);
        id
    }

    /// The interned id of a primitive.
    pub fn primitive(&mut self, p: Primitive) -> TypeId {
        if let Some(id) = self.primitives.get(&p) {
            return *id;
        }
        let id = self.model.push(TypeDef {
            key: TypeKey {
                namespace: None,
                name: format!("{p:?}"),
                kind: TypeKind::Builtin,
            },
            doc: None,
            source: Source::default(),
            shape: Shape::Primitive(p),
            rust_name: String::new(),
            module: Vec::new(),
        });
        self.primitives.insert(p, id);
        id
    }

    /// Finish: every declared type must be defined.
    pub fn finish(self) -> Result<Model, crate::Error> {
        for t in &self.model.types {
            if t.shape == Shape::Pending {
                return Err(crate::Error::spec(
                    t.source.clone(),
                    format!("type `{}` is referenced but never defined", t.key.name),
                ));
            }
        }
        Ok(self.model)
    }
}
