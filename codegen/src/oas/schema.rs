//! JSON-schema lowering shared by the Swagger 2.0 and OpenAPI 3.0 front-ends.
//!
//! Both dialects describe data with (nearly) the same schema objects; the differences
//! (`discriminator` as a bare property name and `x-nullable` in Swagger 2, `nullable` and a
//! discriminator object in OpenAPI 3.0, `type: file`) are all accepted by [`RawSchema`].
//! Schemas are always read from the JSON value at their [`Loc`], so numbers keep their text
//! form and every error and every inline type names its exact position.
//!
//! Named schemas (`definitions/X`, `components/schemas/X`, whole-file schemas) are declared
//! when first needed and defined later from a queue, so references may form cycles. Every
//! schema location is lowered once (a memo by [`Loc`]), so a property inherited through
//! allOf keeps one type.
//!
//! Mapping (the emitter relies on it):
//! - object → [`Shape::Struct`], properties in document order; `required` → [`Occurs::ONE`],
//!   else [`Occurs::OPTIONAL`]; an inline array property → [`Occurs::MANY`] of its item type;
//!   `nullable` / `x-nullable` / a `null` enum entry (also behind a `$ref` or an allOf
//!   wrapper) → [`Field::nullable`]; `additionalProperties` → [`StructDef::additional`], or
//!   [`Shape::Map`] when there are no properties (a bare `{type: object}` is a map of any);
//! - scalars by type + format ([`scalar`]); a number without format is
//!   [`Primitive::Decimal`]; constraints make a [`Shape::Newtype`] (named or inline); a named
//!   unconstrained scalar is an [`Shape::Alias`];
//! - enum → [`Shape::Enum`] with the values' text (`x-enum-descriptions` → value docs);
//!   a oneOf of inline enums → one enum, each value documented by its alternative;
//! - allOf of objects → one struct, parts merged in order (`$ref`s followed), `base` = the
//!   first `$ref` part; an allOf with one substantive part (the rest documentation,
//!   `nullable`, or a bare `{type: object}`) is that part; `x-one-of: true` makes it a union;
//! - project extensions for envelopes a publisher has not settled: `x-psi-aliases: [names]` on
//!   a property (other names it may arrive under → [`Field::aliases`]) and
//!   `x-psi-bare-array: property` on an object (a bare JSON array is that list →
//!   [`StructDef::bare_list`]);
//!   other mixes → [`Shape::Opaque`] with a warning;
//! - oneOf / anyOf → [`Shape::Union`] ([`UnionStyle::Json`]): variant wire = the `$ref`'d
//!   schema name, else the inferred tag value, else the alternative's `title`, else
//!   `variant{i}`; `discriminator` (mapping values resolved to variants, unmapped `$ref`
//!   variants known by schema name); without one, inline object alternatives that each fix
//!   one common property to a single distinct string value get that property as their
//!   discriminator; a single alternative (besides `null`) is that alternative;
//! - a named object schema with a `discriminator` and no oneOf (Swagger 2 polymorphism, or
//!   OpenAPI 3 with a mapping on the base) → a union of the schemas that extend it through
//!   allOf (those of the mapping, or found in the same container), each known by its name.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;
use std::marker::PhantomData;
use std::rc::Rc;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use super::doc::{Docs, Loc, value_text};
use crate::Error;
use crate::model::{
    ArenaBuilder, Discriminator, EnumDef, EnumValue, Facets, Field, FieldKind, Model, Occurs, Primitive, Shape,
    StructDef, TypeId, TypeKey, TypeKind, UnionDef, UnionStyle, Variant, Warning,
};

/// Which spec language the schemas come from (where named schemas live).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// Swagger 2.0: `#/definitions/X`.
    Swagger2,
    /// OpenAPI 3.0: `#/components/schemas/X`.
    OpenApi3,
}

impl Dialect {
    /// Pointer of the container of named schemas.
    pub fn schemas_pointer(self) -> &'static str {
        match self {
            Dialect::Swagger2 => "/definitions",
            Dialect::OpenApi3 => "/components/schemas",
        }
    }
}

// ---------------------------------------------------------------------------------------
// Parse stage: the schema object as written.
// ---------------------------------------------------------------------------------------

/// A schema object as written (Swagger 2.0 or OpenAPI 3.0); unknown keywords are ignored.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RawSchema {
    #[serde(rename = "$ref")]
    pub reference: Option<String>,
    #[serde(rename = "type", deserialize_with = "de_types")]
    pub types: Vec<String>,
    pub format: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub properties: Ordered<RawSchema>,
    #[serde(deserialize_with = "de_names")]
    pub required: Vec<String>,
    #[serde(rename = "additionalProperties")]
    pub additional: Option<Additional>,
    #[serde(deserialize_with = "de_items")]
    pub items: Option<Box<RawSchema>>,
    #[serde(rename = "allOf")]
    pub all_of: Vec<RawSchema>,
    #[serde(rename = "oneOf")]
    pub one_of: Vec<RawSchema>,
    #[serde(rename = "anyOf")]
    pub any_of: Vec<RawSchema>,
    #[serde(rename = "enum")]
    pub enumeration: Option<Vec<Value>>,
    #[serde(deserialize_with = "de_flag")]
    pub nullable: bool,
    #[serde(rename = "x-nullable", deserialize_with = "de_flag")]
    pub x_nullable: bool,
    pub discriminator: Option<RawDiscriminator>,
    pub default: Option<Value>,
    #[serde(rename = "maxLength")]
    pub max_length: Option<u64>,
    #[serde(rename = "minLength")]
    pub min_length: Option<u64>,
    pub pattern: Option<String>,
    pub minimum: Option<serde_json::Number>,
    pub maximum: Option<serde_json::Number>,
    #[serde(rename = "exclusiveMinimum")]
    pub exclusive_minimum: Option<Value>,
    #[serde(rename = "exclusiveMaximum")]
    pub exclusive_maximum: Option<Value>,
    #[serde(rename = "x-enum-descriptions", alias = "x-enumDescriptions")]
    pub enum_descriptions: Option<Value>,
    /// io-utils (pagopa) convention: an `allOf` that means `oneOf`.
    #[serde(rename = "x-one-of", deserialize_with = "de_flag")]
    pub x_one_of: bool,
    /// Project extension on a property: other names it may arrive under.
    #[serde(rename = "x-psi-aliases", deserialize_with = "de_names")]
    pub aliases: Vec<String>,
    /// Project extension on an object: the array property a bare JSON array is read into.
    #[serde(rename = "x-psi-bare-array")]
    pub bare_array: Option<String>,
}

/// `additionalProperties`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum Additional {
    /// `true` / `false`.
    Allowed(bool),
    /// A schema for the values.
    Schema(Box<RawSchema>),
}

/// A discriminator: Swagger 2 writes the property name, OpenAPI 3 an object.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawDiscriminator {
    /// Swagger 2.0.
    Name(String),
    /// OpenAPI 3.0.
    Object {
        #[serde(rename = "propertyName")]
        property_name: String,
        #[serde(default)]
        mapping: Ordered<String>,
    },
}

impl RawDiscriminator {
    fn property(&self) -> &str {
        match self {
            RawDiscriminator::Name(n) => n,
            RawDiscriminator::Object { property_name, .. } => property_name,
        }
    }

    fn mapping(&self) -> &[(String, String)] {
        match self {
            RawDiscriminator::Name(_) => &[],
            RawDiscriminator::Object { mapping, .. } => &mapping.0,
        }
    }
}

/// A JSON object read in document order.
#[derive(Debug, Clone)]
pub(crate) struct Ordered<T>(pub Vec<(String, T)>);

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<T> Ordered<T> {
    /// No entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The entries in order.
    pub fn iter(&self) -> impl Iterator<Item = &(String, T)> {
        self.0.iter()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, T>()? {
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Ordered(Vec::new()))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// A keyword value read leniently (no copy of the document): text, a list of texts, a
/// boolean; anything else is skipped.
enum Loose {
    Text(String),
    List(Vec<String>),
    Flag(bool),
    Other,
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Loose;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Loose, E> {
                Ok(Loose::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Loose, E> {
                Ok(Loose::Text(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Loose, E> {
                Ok(Loose::Flag(v))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Loose, E> {
                Ok(Loose::Other)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Loose, E> {
                Ok(Loose::Other)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Loose, E> {
                Ok(Loose::Other)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Loose, E> {
                Ok(Loose::Other)
            }
            fn visit_none<E: de::Error>(self) -> Result<Loose, E> {
                Ok(Loose::Other)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<Loose>()? {
                    if let Loose::Text(t) = item {
                        out.push(t);
                    }
                }
                Ok(Loose::List(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
                while map.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
                Ok(Loose::Other)
            }
        }
        d.deserialize_any(V)
    }
}

/// `type`: a name, or (3.1 style, tolerated) a list of names.
fn de_types<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Loose::deserialize(d)? {
        Loose::Text(t) => vec![t],
        Loose::List(l) => l,
        _ => Vec::new(),
    })
}

/// `required`: a list of property names (a Swagger 2 parameter's `required: true` is read
/// elsewhere and ignored here).
fn de_names<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Loose::deserialize(d)? {
        Loose::List(l) => l,
        _ => Vec::new(),
    })
}

/// `items`: a schema (a tuple list keeps its first schema).
fn de_items<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Box<RawSchema>>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<Box<RawSchema>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a schema")
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            RawSchema::deserialize(de::value::MapAccessDeserializer::new(map)).map(|s| Some(Box::new(s)))
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let first: Option<RawSchema> = seq.next_element()?;
            while seq.next_element::<de::IgnoredAny>()?.is_some() {}
            Ok(first.map(Box::new))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_any(V)
}

/// A boolean flag; `"true"` written as text is accepted.
fn de_flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match Loose::deserialize(d)? {
        Loose::Flag(b) => b,
        Loose::Text(t) => t.eq_ignore_ascii_case("true"),
        _ => false,
    })
}

impl RawSchema {
    /// The first type that is not `null`.
    fn main_type(&self) -> Option<&str> {
        self.types.iter().map(String::as_str).find(|t| *t != "null")
    }

    /// `nullable`, `x-nullable`, `type: [.., null]` or a `null` enum entry.
    fn own_nullable(&self) -> bool {
        self.nullable
            || self.x_nullable
            || self.types.iter().any(|t| t == "null")
            || self
                .enumeration
                .as_ref()
                .is_some_and(|vs| vs.iter().any(Value::is_null))
    }

    /// Only says "may be null" (`{type: null}`, `{nullable: true}`): an alternative that adds
    /// nullability to a union.
    fn is_null_only(&self) -> bool {
        self.reference.is_none()
            && (self.types == ["null"] || (self.types.is_empty() && self.nullable))
            && self.properties.is_empty()
            && self.items.is_none()
            && self.all_of.is_empty()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && self.enumeration.is_none()
    }

    /// Carries no structure: only documentation, `required`, defaults, `nullable`.
    fn is_annotation(&self) -> bool {
        self.reference.is_none()
            && self.types.is_empty()
            && self.format.is_none()
            && self.properties.is_empty()
            && self.additional.is_none()
            && self.items.is_none()
            && self.all_of.is_empty()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && self.enumeration.is_none()
            && !self.has_facets()
    }

    /// `type: object` and nothing else of substance (`{type: object, deprecated: true}`
    /// beside a reference in an allOf).
    fn is_empty_object(&self) -> bool {
        self.types == ["object"]
            && self.required.is_empty()
            && self.reference.is_none()
            && self.format.is_none()
            && self.properties.is_empty()
            && self.additional.is_none()
            && self.items.is_none()
            && self.all_of.is_empty()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && self.enumeration.is_none()
            && !self.has_facets()
    }

    /// Only narrows which properties must be present (`oneOf: [{required: [a]}, {required: [b]}]`).
    fn is_constraint_only(&self) -> bool {
        self.is_annotation() && self.discriminator.is_none()
    }

    fn has_facets(&self) -> bool {
        self.max_length.is_some()
            || self.min_length.is_some()
            || self.pattern.is_some()
            || self.minimum.is_some()
            || self.maximum.is_some()
            || matches!(self.exclusive_minimum, Some(Value::Number(_)))
            || matches!(self.exclusive_maximum, Some(Value::Number(_)))
    }

    /// The documentation of the schema.
    pub fn doc(&self) -> Option<String> {
        self.description
            .clone()
            .or_else(|| self.title.clone())
            .filter(|d| !d.trim().is_empty())
    }

    /// What the schema describes, as far as its own keywords tell.
    fn kind(&self) -> Kind {
        match self.main_type() {
            Some("object") => Kind::Object,
            Some("array") => Kind::Array,
            Some(t @ ("string" | "integer" | "number" | "boolean" | "file")) => {
                Kind::Scalar(scalar(t, self.format.as_deref()))
            }
            Some(_) => Kind::Unknown,
            None if !self.properties.is_empty() || self.additional.is_some() => Kind::Object,
            None if self.items.is_some() => Kind::Array,
            None => match self.format.as_deref() {
                Some("int32" | "int64" | "int8" | "int16" | "uint8" | "uint16" | "uint32" | "uint64") => {
                    Kind::Scalar(scalar("integer", self.format.as_deref()))
                }
                Some("float" | "double") => Kind::Scalar(scalar("number", self.format.as_deref())),
                Some(f @ ("date" | "date-time" | "uuid" | "byte" | "binary" | "uri")) => {
                    Kind::Scalar(scalar("string", Some(f)))
                }
                _ if self.min_length.is_some() || self.max_length.is_some() || self.pattern.is_some() => {
                    Kind::Scalar(Primitive::String)
                }
                _ => Kind::Any,
            },
        }
    }

    /// An inline array schema (its field is a list of the item type).
    fn is_inline_array(&self) -> bool {
        self.reference.is_none()
            && self.all_of.is_empty()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && self.enumeration.is_none()
            && self.kind() == Kind::Array
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Object,
    Array,
    Scalar(Primitive),
    Any,
    Unknown,
}

/// The primitive of a JSON type + format.
pub(crate) fn scalar(ty: &str, format: Option<&str>) -> Primitive {
    match (ty, format) {
        ("string", Some("date")) => Primitive::Date,
        ("string", Some("date-time")) => Primitive::DateTime,
        ("string", Some("uuid")) => Primitive::Uuid,
        ("string", Some("byte" | "binary")) => Primitive::Base64,
        ("string", Some("uri")) => Primitive::Uri,
        ("string", _) => Primitive::String,
        ("integer", Some("int32")) => Primitive::I32,
        ("integer", Some("int16")) => Primitive::I16,
        ("integer", Some("int8")) => Primitive::I8,
        ("integer", Some("uint8")) => Primitive::U8,
        ("integer", Some("uint16")) => Primitive::U16,
        ("integer", Some("uint32")) => Primitive::U32,
        ("integer", Some("uint64" | "uint")) => Primitive::U64,
        ("integer", _) => Primitive::I64,
        ("number", Some("float")) => Primitive::F32,
        ("number", Some("double")) => Primitive::F64,
        ("number", _) => Primitive::Decimal,
        ("boolean", _) => Primitive::Bool,
        ("file", _) => Primitive::Base64,
        _ => Primitive::Any,
    }
}

/// The name a named schema location carries: `X` of `/definitions/X` or
/// `/components/schemas/X`.
pub(crate) fn schema_name(loc: &Loc) -> Option<String> {
    let rest = loc
        .ptr
        .strip_prefix("/definitions/")
        .or_else(|| loc.ptr.strip_prefix("/components/schemas/"))?;
    (!rest.contains('/')).then(|| super::doc::split_pointer(&format!("/{rest}")).remove(0))
}

/// The stem of a file path (`spec/Pet.yaml` → `Pet`).
fn file_stem(file: &str) -> String {
    let base = file.rsplit('/').next().unwrap_or(file);
    match base.rfind('.') {
        Some(i) if i > 0 => base[..i].to_owned(),
        _ => base.to_owned(),
    }
}

/// A readable name for a schema found at an arbitrary pointer.
fn pointer_name(loc: &Loc) -> String {
    if loc.ptr.is_empty() {
        return file_stem(&loc.file);
    }
    if let Some(name) = schema_name(loc) {
        return name;
    }
    let segs: Vec<String> = loc
        .segments()
        .into_iter()
        .filter(|s| {
            !matches!(
                s.as_str(),
                "definitions" | "components" | "schemas" | "properties" | "content" | "schema"
            )
        })
        .collect();
    segs.join("/")
}

// ---------------------------------------------------------------------------------------
// Lowering.
// ---------------------------------------------------------------------------------------

/// What lowering a schema gives: a shape of its own, or another type as it is.
enum Lowered {
    Shape(Shape),
    Same(TypeId),
}

/// A property to lower: name, schema, location, path of the declaring schema.
type Prop<'a> = (&'a str, &'a RawSchema, Loc, &'a str);

/// Properties gathered for one struct (allOf parts merged).
#[derive(Default)]
struct Merge {
    /// Name, schema, location, path of the declaring schema.
    props: Vec<(String, RawSchema, Loc, String)>,
    required: BTreeSet<String>,
    additional: Option<(Additional, Loc)>,
    base: Option<TypeId>,
}

/// Builds the type arena from schemas; shared by both front-ends.
#[derive(Debug)]
pub(crate) struct Lowerer<'f> {
    /// The documents.
    pub docs: Docs<'f>,
    /// The model being built.
    pub arena: ArenaBuilder,
    /// Where named schemas live.
    pub dialect: Dialect,
    /// Schema location → its type (named and inline).
    memo: BTreeMap<Loc, TypeId>,
    /// Declared, not yet defined.
    pending: VecDeque<(TypeId, Loc)>,
    /// Parsed schemas at reference targets.
    raw: BTreeMap<Loc, Rc<RawSchema>>,
}

impl<'f> Lowerer<'f> {
    /// Start lowering into `arena`.
    pub fn new(docs: Docs<'f>, arena: ArenaBuilder, dialect: Dialect) -> Self {
        Lowerer {
            docs,
            arena,
            dialect,
            memo: BTreeMap::new(),
            pending: VecDeque::new(),
            raw: BTreeMap::new(),
        }
    }

    /// Record a non-fatal finding.
    pub fn warn(&mut self, loc: &Loc, message: impl Into<String>) {
        self.arena.model.warnings.push(Warning {
            source: loc.source(),
            message: message.into(),
        });
    }

    /// The schema at `loc`, parsed once.
    pub fn raw_at(&mut self, loc: &Loc) -> Result<Rc<RawSchema>, Error> {
        if let Some(s) = self.raw.get(loc) {
            return Ok(s.clone());
        }
        let s: RawSchema = match self.docs.typed(loc, "schema") {
            Ok(s) => s,
            Err(e) => return Err(self.schema_error(loc, e)),
        };
        let s = Rc::new(s);
        self.raw.insert(loc.clone(), s.clone());
        Ok(s)
    }

    /// A schema that does not parse: the error of its deepest sub-schema that does not.
    fn schema_error(&mut self, loc: &Loc, err: Error) -> Error {
        let Ok(Some(node)) = self.docs.node(loc) else {
            return err;
        };
        let Some(obj) = node.value().as_object() else {
            return err;
        };
        let mut children = Vec::new();
        if let Some(Value::Object(props)) = obj.get("properties") {
            children.extend(props.keys().map(|k| loc.child("properties").child(k)));
        }
        for key in ["items", "additionalProperties"] {
            if obj.get(key).is_some_and(Value::is_object) {
                children.push(loc.child(key));
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(parts)) = obj.get(key) {
                children.extend((0..parts.len()).map(|i| loc.child(key).index(i)));
            }
        }
        for child in children {
            if let Err(e) = self.docs.typed::<RawSchema>(&child, "schema") {
                return self.schema_error(&child, e);
            }
        }
        err
    }

    /// The type of the schema at `loc` used as a reference target: declared now, defined
    /// when the queue is drained.
    pub fn type_at(&mut self, loc: &Loc) -> TypeId {
        if let Some(id) = self.memo.get(loc) {
            return *id;
        }
        let named = schema_name(loc).is_some() || loc.ptr.is_empty();
        let mut key = TypeKey {
            namespace: Some(loc.file.to_string()),
            name: pointer_name(loc),
            kind: if named { TypeKind::Schema } else { TypeKind::Anonymous },
        };
        if self.arena.lookup(&key).is_some() {
            let base = key.name.clone();
            let mut n = 2;
            while self.arena.lookup(&key).is_some() {
                key.name = format!("{base}#{n}");
                n += 1;
            }
        }
        let id = self.arena.declare(key, loc.source(), None);
        self.memo.insert(loc.clone(), id);
        self.pending.push_back((id, loc.clone()));
        id
    }

    /// The type a `$ref` written at `from` names. In lenient mode a reference to nothing is
    /// a JSON value, with a warning.
    pub fn ref_type(&mut self, from: &Loc, reference: &str) -> Result<TypeId, Error> {
        match self.resolve_lenient(from, reference, "kept as a JSON value")? {
            Some(target) => Ok(self.type_at(&target)),
            None => Ok(self.dangling(from, reference)),
        }
    }

    /// Resolve a `$ref`. Strict mode: an error when it points to nothing. Lenient mode:
    /// `None` and a warning naming the reference and what was done instead (`kept`).
    fn resolve_lenient(&mut self, from: &Loc, reference: &str, kept: &str) -> Result<Option<Loc>, Error> {
        match self.docs.resolve(from, reference) {
            Ok(target) => Ok(Some(target)),
            Err(e) if self.arena.model.spec.lenient => {
                self.arena.model.warnings.push(Warning::instead_of(&e, kept));
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// The opaque stand-in for a `$ref` that points to nothing (lenient mode), one per
    /// file and name.
    fn dangling(&mut self, from: &Loc, reference: &str) -> TypeId {
        let base = reference.rsplit(['/', '#']).next().unwrap_or(reference).to_owned();
        let reason = format!("`$ref: {reference}` points to nothing (lenient mode)");
        let mut key = TypeKey {
            namespace: Some(from.file.to_string()),
            name: base.clone(),
            kind: TypeKind::Schema,
        };
        let mut n = 2;
        while let Some(id) = self.arena.lookup(&key) {
            if matches!(&self.arena.model.ty(id).shape, Shape::Opaque { reason: r } if *r == reason) {
                return id;
            }
            key.name = format!("{base}#{n}");
            n += 1;
        }
        let id = self.arena.declare(key, from.source(), None);
        self.arena.define(id, Shape::Opaque { reason });
        id
    }

    /// Define every declared type (defining one may declare more).
    pub fn drain(&mut self) -> Result<(), Error> {
        while let Some((id, loc)) = self.pending.pop_front() {
            let raw = self.raw_at(&loc)?;
            let path = self.arena.model.ty(id).key.name.clone();
            let named = schema_name(&loc).is_some() || loc.ptr.is_empty();
            let shape = match self.lower(&raw, &loc, &path, named)? {
                Lowered::Same(t) => Shape::Alias(t),
                Lowered::Shape(Shape::Primitive(p)) => Shape::Alias(self.arena.primitive(p)),
                Lowered::Shape(s) => s,
            };
            self.arena.define(id, shape);
            self.arena.model.ty_mut(id).doc = raw.doc();
        }
        Ok(())
    }

    /// Finish: no alias may lead back to itself; every type defined.
    pub fn finish(mut self) -> Result<Model, Error> {
        self.drain()?;
        let model = &self.arena.model;
        for start in model.type_ids() {
            let mut at = start;
            let mut steps = 0;
            while let Shape::Alias(next) = model.ty(at).shape {
                at = next;
                steps += 1;
                if at == start || steps > model.types.len() {
                    let t = model.ty(start);
                    return Err(Error::spec(
                        t.source.clone(),
                        format!(
                            "`$ref` cycle: schema `{}` only refers to itself through references",
                            t.key.name
                        ),
                    ));
                }
            }
        }
        self.arena.finish()
    }

    /// The type of a schema used at `loc` (a reference or an inline schema). `path` names
    /// an inline type (`Owner/property`, `operation/200`).
    pub fn schema_type(&mut self, s: &RawSchema, loc: &Loc, path: &str) -> Result<TypeId, Error> {
        if let Some(r) = &s.reference {
            return self.ref_type(loc, r);
        }
        if let Some(id) = self.memo.get(loc) {
            return Ok(*id);
        }
        let id = match self.lower(s, loc, path, false)? {
            Lowered::Same(t) => t,
            Lowered::Shape(Shape::Primitive(p)) => self.arena.primitive(p),
            Lowered::Shape(shape) => {
                let mut name = path.to_owned();
                let mut n = 2;
                // A reference target declared under the same name and not yet defined:
                // keep it apart.
                while let Some(other) = self.arena.lookup(&TypeKey {
                    namespace: Some(loc.file.to_string()),
                    name: name.clone(),
                    kind: TypeKind::Anonymous,
                }) {
                    if self.arena.model.ty(other).shape != Shape::Pending {
                        break;
                    }
                    name = format!("{path}#{n}");
                    n += 1;
                }
                self.arena
                    .anonymous(Some(loc.file.to_string()), name, loc.source(), s.doc(), shape)
            }
        };
        self.memo.insert(loc.clone(), id);
        Ok(id)
    }

    /// The type of a schema at `loc` read from the document (a parameter's or a body's schema).
    pub fn schema_type_at(&mut self, loc: &Loc, path: &str) -> Result<TypeId, Error> {
        let s = self.raw_at(loc)?;
        self.schema_type(&s, loc, path)
    }

    /// A property or parameter: an inline array is a list of its item type.
    pub fn field_type(&mut self, s: &RawSchema, loc: &Loc, path: &str) -> Result<(TypeId, bool), Error> {
        if s.is_inline_array() {
            let ty = match &s.items {
                Some(items) => self.schema_type(items, &loc.child("items"), path)?,
                None => self.arena.primitive(Primitive::Any),
            };
            return Ok((ty, true));
        }
        Ok((self.schema_type(s, loc, path)?, false))
    }

    /// May the value be `null`? Looks through references and single-part wrappers.
    pub fn is_nullable(&mut self, s: &RawSchema, loc: &Loc) -> bool {
        self.nullable_depth(s, loc, 0)
    }

    fn nullable_depth(&mut self, s: &RawSchema, loc: &Loc, depth: usize) -> bool {
        if s.own_nullable() {
            return true;
        }
        if depth > 8 {
            return false;
        }
        if let Some(r) = &s.reference {
            let Ok(target) = self.docs.resolve(loc, r) else {
                return false;
            };
            let Ok(raw) = self.raw_at(&target) else {
                return false;
            };
            return self.nullable_depth(&raw, &target, depth + 1);
        }
        let alts = if s.one_of.is_empty() { &s.any_of } else { &s.one_of };
        for (i, a) in alts.iter().enumerate() {
            let aloc = loc.child(union_key(s)).index(i);
            if a.is_null_only() || self.nullable_depth(a, &aloc, depth + 1) {
                return true;
            }
        }
        let parts: Vec<usize> = (0..s.all_of.len()).filter(|i| !s.all_of[*i].is_annotation()).collect();
        if let [only] = parts.as_slice() {
            let part = &s.all_of[*only];
            return self.nullable_depth(part, &loc.child("allOf").index(*only), depth + 1);
        }
        false
    }

    /// Lower a schema to a shape (or to another type). `named`: the schema is a named
    /// schema of its document (a discriminator on it makes it the union of its subtypes).
    fn lower(&mut self, s: &RawSchema, loc: &Loc, path: &str, named: bool) -> Result<Lowered, Error> {
        if let Some(r) = &s.reference {
            return Ok(Lowered::Same(self.ref_type(loc, r)?));
        }
        if !s.all_of.is_empty() {
            return self.lower_all_of(s, loc, path, named);
        }
        if (!s.one_of.is_empty() || !s.any_of.is_empty())
            && let Some(l) = self.lower_union(s, loc, path, union_key(s))?
        {
            return Ok(l);
        }
        if named
            && s.discriminator.is_some()
            && let Some(l) = self.lower_discriminated_base(s, loc)?
        {
            return Ok(l);
        }
        if let Some(values) = &s.enumeration {
            return Ok(Lowered::Shape(self.lower_enum(s, values)));
        }
        self.lower_plain(s, loc, path)
    }

    /// A schema without composition or enum.
    fn lower_plain(&mut self, s: &RawSchema, loc: &Loc, path: &str) -> Result<Lowered, Error> {
        Ok(Lowered::Shape(match s.kind() {
            Kind::Object => return self.lower_object(s, loc, path),
            Kind::Array => {
                let item = match &s.items {
                    Some(items) => self.schema_type(items, &loc.child("items"), &format!("{path}/item"))?,
                    None => self.arena.primitive(Primitive::Any),
                };
                Shape::List { item }
            }
            Kind::Scalar(p) => {
                if s.format.as_deref() == Some("binary") {
                    self.warn(loc, "`format: binary` is modelled as Base64 text; as a whole body or a multipart part the bytes travel raw");
                }
                let facets = facets(s);
                if facets.is_empty() {
                    Shape::Primitive(p)
                } else {
                    Shape::Newtype {
                        inner: self.arena.primitive(p),
                        facets,
                    }
                }
            }
            Kind::Any => Shape::Primitive(Primitive::Any),
            Kind::Unknown => {
                let t = s.main_type().unwrap_or_default().to_owned();
                self.warn(loc, format!("unknown schema type `{t}`; kept as any JSON value"));
                Shape::Primitive(Primitive::Any)
            }
        }))
    }

    fn additional_type(&mut self, a: &Additional, loc: &Loc, path: &str) -> Result<Option<TypeId>, Error> {
        Ok(match a {
            Additional::Allowed(false) => None,
            Additional::Allowed(true) => Some(self.arena.primitive(Primitive::Any)),
            Additional::Schema(s) => Some(self.schema_type(s, loc, &format!("{path}/value"))?),
        })
    }

    fn lower_object(&mut self, s: &RawSchema, loc: &Loc, path: &str) -> Result<Lowered, Error> {
        let additional = match &s.additional {
            Some(a) => self.additional_type(a, &loc.child("additionalProperties"), path)?,
            None => None,
        };
        if s.properties.is_empty() && !matches!(s.additional, Some(Additional::Allowed(false))) {
            // Only additionalProperties, or a free-form object.
            let value = additional.unwrap_or_else(|| self.arena.primitive(Primitive::Any));
            return Ok(Lowered::Shape(Shape::Map { value }));
        }
        let props_loc = loc.child("properties");
        let props: Vec<Prop<'_>> = s
            .properties
            .iter()
            .map(|(name, p)| (name.as_str(), p, props_loc.child(name), path))
            .collect();
        let required: BTreeSet<String> = s.required.iter().cloned().collect();
        let fields = self.fields(&props, &required)?;
        let bare_list = match &s.bare_array {
            None => None,
            Some(name) => match fields.iter().position(|f| &f.wire == name && f.occurs.is_list()) {
                Some(i) if fields.iter().all(|f| f.occurs.is_optional() || f.nullable) => Some(i),
                Some(_) => {
                    return Err(Error::spec(
                        loc.child("x-psi-bare-array").source(),
                        "`x-psi-bare-array` on an object with required properties: a bare array could not give them",
                    ));
                }
                None => {
                    return Err(Error::spec(
                        loc.child("x-psi-bare-array").source(),
                        format!("`x-psi-bare-array` names `{name}`, which is not an array property of this schema"),
                    ));
                }
            },
        };
        Ok(Lowered::Shape(Shape::Struct(StructDef {
            fields,
            additional,
            bare_list,
            ..StructDef::default()
        })))
    }

    /// Fields from properties; each property comes with the path of the schema that
    /// declares it (its inline type is named `Owner/property`).
    fn fields(&mut self, props: &[Prop<'_>], required: &BTreeSet<String>) -> Result<Vec<Field>, Error> {
        let mut fields = Vec::with_capacity(props.len());
        for &(name, p, ref ploc, owner) in props {
            let (ty, list) = self.field_type(p, ploc, &format!("{owner}/{name}"))?;
            let occurs = if list {
                Occurs::MANY
            } else if required.contains(name) {
                Occurs::ONE
            } else {
                Occurs::OPTIONAL
            };
            fields.push(Field {
                wire: name.to_owned(),
                kind: FieldKind::Property,
                ty,
                occurs,
                nullable: self.is_nullable(p, ploc),
                default: p.default.as_ref().map(value_text),
                doc: p.doc(),
                source: ploc.source(),
                rust_name: String::new(),
                boxed: false,
                aliases: p.aliases.clone(),
            });
        }
        Ok(fields)
    }

    fn lower_enum(&mut self, s: &RawSchema, values: &[Value]) -> Shape {
        let base = match s.kind() {
            Kind::Scalar(p) => p,
            _ => infer_enum_base(values),
        };
        let mut out = Vec::new();
        for (i, v) in values.iter().enumerate() {
            if v.is_null() {
                continue; // makes the type nullable (see `is_nullable`)
            }
            let wire = value_text(v);
            let doc = match &s.enum_descriptions {
                Some(Value::Array(d)) => d.get(i).and_then(Value::as_str).map(str::to_owned),
                Some(Value::Object(d)) => d.get(&wire).and_then(Value::as_str).map(str::to_owned),
                _ => None,
            };
            out.push(EnumValue {
                wire,
                doc,
                rust_name: String::new(),
            });
        }
        if out.is_empty() {
            return Shape::Primitive(Primitive::Any);
        }
        Shape::Enum(EnumDef { base, values: out })
    }

    // --- allOf -------------------------------------------------------------------------

    fn lower_all_of(&mut self, s: &RawSchema, loc: &Loc, path: &str, named: bool) -> Result<Lowered, Error> {
        if s.x_one_of {
            let as_union = RawSchema {
                all_of: Vec::new(),
                one_of: s.all_of.clone(),
                x_one_of: false,
                ..s.clone()
            };
            if let Some(l) = self.lower_union(&as_union, loc, path, "allOf")? {
                return Ok(l);
            }
        }
        let substantive: Vec<usize> = (0..s.all_of.len())
            .filter(|i| !s.all_of[*i].is_annotation() && !s.all_of[*i].is_empty_object())
            .collect();
        let own_object = !s.properties.is_empty() || s.additional.is_some();
        let adds_fields = s
            .all_of
            .iter()
            .any(|p| p.is_annotation() && (!p.required.is_empty() || !p.properties.is_empty()));
        if substantive.len() == 1 && !own_object && s.required.is_empty() && !adds_fields && s.enumeration.is_none() {
            // A wrapper that only documents a reference (`allOf: [$ref], description, nullable`).
            let i = substantive[0];
            return self.lower_part(&s.all_of[i], &loc.child("allOf").index(i), path);
        }
        if substantive.is_empty() && !own_object && s.required.is_empty() && !adds_fields {
            let rest = RawSchema {
                all_of: Vec::new(),
                ..s.clone()
            };
            return self.lower(&rest, loc, path, named);
        }
        let mut merge = Merge::default();
        let mut visiting = vec![loc.clone()];
        if self.collect(s, loc, path, &mut merge, &mut visiting, 0)? {
            let additional = match merge.additional.take() {
                Some((a, aloc)) => self.additional_type(&a, &aloc, path)?,
                None => None,
            };
            let props: Vec<Prop<'_>> = merge
                .props
                .iter()
                .map(|(n, p, l, o)| (n.as_str(), p, l.clone(), o.as_str()))
                .collect();
            let fields = self.fields(&props, &merge.required)?;
            return Ok(Lowered::Shape(Shape::Struct(StructDef {
                fields,
                base: merge.base,
                additional,
                ..StructDef::default()
            })));
        }
        let reason = "allOf mixes parts that are not all objects; kept as raw JSON".to_owned();
        self.warn(loc, reason.clone());
        Ok(Lowered::Shape(Shape::Opaque { reason }))
    }

    /// Gather the properties of `s` and its allOf parts (references followed) into `m`.
    /// `false` when some part is not an object. `owner`: the path the inline property types
    /// of `s` are named under.
    fn collect(
        &mut self,
        s: &RawSchema,
        loc: &Loc,
        owner: &str,
        m: &mut Merge,
        visiting: &mut Vec<Loc>,
        depth: usize,
    ) -> Result<bool, Error> {
        if let Some(r) = &s.reference {
            let Some(target) = self.resolve_lenient(loc, r, "the part is left out of the allOf")? else {
                return Ok(true);
            };
            if depth == 1 && m.base.is_none() {
                m.base = Some(self.type_at(&target));
            }
            if visiting.contains(&target) {
                self.warn(loc, format!("allOf cycle through `{r}`; the repeated part is ignored"));
                return Ok(true);
            }
            visiting.push(target.clone());
            let raw = self.raw_at(&target)?;
            let target_owner = if schema_name(&target).is_some() || target.ptr.is_empty() {
                pointer_name(&target)
            } else {
                owner.to_owned()
            };
            let ok = self.collect(&raw, &target, &target_owner, m, visiting, depth + 1)?;
            visiting.pop();
            return Ok(ok);
        }
        let mut ok = true;
        for (i, part) in s.all_of.iter().enumerate() {
            let part_loc = loc.child("allOf").index(i);
            ok &= self.collect(part, &part_loc, owner, m, visiting, depth + 1)?;
        }
        let alts = if s.one_of.is_empty() { &s.any_of } else { &s.one_of };
        if !alts.iter().all(RawSchema::is_constraint_only) || s.enumeration.is_some() {
            return Ok(false);
        }
        match s.kind() {
            Kind::Object | Kind::Any => {}
            _ => return Ok(false),
        }
        let props_loc = loc.child("properties");
        for (name, p) in s.properties.iter() {
            let entry = (name.clone(), p.clone(), props_loc.child(name), owner.to_owned());
            match m.props.iter_mut().find(|(n, _, _, _)| n == name) {
                Some(existing) => *existing = entry,
                None => m.props.push(entry),
            }
        }
        m.required.extend(s.required.iter().cloned());
        if let Some(a) = &s.additional {
            m.additional = Some((a.clone(), loc.child("additionalProperties")));
        }
        Ok(ok)
    }

    // --- oneOf / anyOf -----------------------------------------------------------------

    /// The one substantive part of a wrapper: a reference stays that type; an inline
    /// schema gives its shape to the wrapper (no second type).
    fn lower_part(&mut self, part: &RawSchema, loc: &Loc, path: &str) -> Result<Lowered, Error> {
        match &part.reference {
            Some(r) => Ok(Lowered::Same(self.ref_type(loc, r)?)),
            None => self.lower(part, loc, path, false),
        }
    }

    /// `key`: where the alternatives are written (`oneOf`, `anyOf`, or an `allOf` marked
    /// `x-one-of`).
    fn lower_union(&mut self, s: &RawSchema, loc: &Loc, path: &str, key: &str) -> Result<Option<Lowered>, Error> {
        let alts = if s.one_of.is_empty() { &s.any_of } else { &s.one_of };
        if alts.iter().all(RawSchema::is_constraint_only) {
            // Alternatives that only say which properties must be present: validation only.
            return Ok(None);
        }
        if !s.one_of.is_empty() && !s.any_of.is_empty() {
            self.warn(loc, "both oneOf and anyOf; anyOf is ignored");
        }
        if !s.properties.is_empty() {
            self.warn(
                loc,
                format!("properties beside {key} are not modelled; only the alternatives are"),
            );
        }
        let alts_loc = loc.child(key);
        let live: Vec<usize> = (0..alts.len()).filter(|i| !alts[*i].is_null_only()).collect();
        if let Some(shape) = merged_enum(alts, &live) {
            return Ok(Some(Lowered::Shape(shape)));
        }
        if let [only] = live.as_slice() {
            return Ok(Some(self.lower_part(&alts[*only], &alts_loc.index(*only), path)?));
        }
        let tags = inferred_tags(alts, &live);
        let mut variants: Vec<Variant> = Vec::new();
        let mut targets: Vec<Option<Loc>> = Vec::new();
        let mut wires: BTreeSet<String> = BTreeSet::new();
        for (n, i) in live.iter().enumerate() {
            let alt = &alts[*i];
            let aloc = alts_loc.index(*i);
            // A dangling reference (lenient mode) is a variant of its own stand-in type.
            let target = match &alt.reference {
                Some(r) => match self.docs.resolve(&aloc, r) {
                    Ok(t) => Some(t),
                    Err(_) if self.arena.model.spec.lenient => None,
                    Err(e) => return Err(e),
                },
                None => None,
            };
            let mut wire = match (&target, &tags) {
                (Some(t), _) => pointer_name(t),
                (None, Some((_, values))) => values[n].clone(),
                (None, None) => alt.title.clone().unwrap_or_else(|| format!("variant{i}")),
            };
            if !wires.insert(wire.clone()) {
                wire = format!("{wire}{i}");
                wires.insert(wire.clone());
            }
            let ty = self.schema_type(alt, &aloc, &format!("{path}/{wire}"))?;
            variants.push(Variant {
                wire,
                namespace: None,
                ty,
                occurs: Occurs::ONE,
                doc: alt.doc(),
                inline: false,
                rust_name: String::new(),
                boxed: false,
            });
            targets.push(target);
        }
        let discriminator = match &s.discriminator {
            Some(d) => Some(self.discriminator(d, loc, &targets)?),
            None => tags.map(|(property, values)| Discriminator {
                property,
                mapping: values.into_iter().enumerate().map(|(i, v)| (v, i)).collect(),
            }),
        };
        Ok(Some(Lowered::Shape(Shape::Union(UnionDef {
            variants,
            discriminator,
            style: UnionStyle::Json,
        }))))
    }

    /// Resolve a discriminator mapping against the variants' reference targets; variants
    /// not named by the mapping are known by their schema name.
    fn discriminator(
        &mut self,
        d: &RawDiscriminator,
        loc: &Loc,
        targets: &[Option<Loc>],
    ) -> Result<Discriminator, Error> {
        let mut mapping = BTreeMap::new();
        let mut mapped = BTreeSet::new();
        let dloc = loc.child("discriminator").child("mapping");
        for (value, target) in d.mapping() {
            let Some(tloc) = self.mapping_target(&dloc.child(value), target)? else {
                continue;
            };
            match targets.iter().position(|t| t.as_ref() == Some(&tloc)) {
                Some(i) => {
                    mapping.insert(value.clone(), i);
                    mapped.insert(i);
                }
                None => self.warn(&dloc.child(value), format!("discriminator value `{value}` maps to `{target}`, which is not one of the alternatives; ignored")),
            }
        }
        for (i, t) in targets.iter().enumerate() {
            if let Some(t) = t
                && !mapped.contains(&i)
            {
                mapping.entry(pointer_name(t)).or_insert(i);
            }
        }
        Ok(Discriminator {
            property: d.property().to_owned(),
            mapping,
        })
    }

    /// A mapping value: a reference, or a bare schema name.
    fn mapping_target(&mut self, at: &Loc, target: &str) -> Result<Option<Loc>, Error> {
        let is_ref = target.contains('#')
            || target.contains('/')
            || target.ends_with(".yaml")
            || target.ends_with(".json")
            || target.ends_with(".yml");
        let kept = "the mapping value is ignored";
        if is_ref {
            self.resolve_lenient(at, target, kept)
        } else {
            let reference = format!(
                "#{}/{}",
                self.dialect.schemas_pointer(),
                target.replace('~', "~0").replace('/', "~1")
            );
            self.resolve_lenient(at, &reference, kept)
        }
    }

    /// A named object schema with a discriminator and no oneOf (Swagger 2 polymorphism, or
    /// OpenAPI 3 with a mapping on the base): the union of the schemas that extend it.
    fn lower_discriminated_base(&mut self, s: &RawSchema, loc: &Loc) -> Result<Option<Lowered>, Error> {
        let Some(d) = &s.discriminator else {
            return Ok(None);
        };
        let name = pointer_name(loc);
        let mut subtypes: Vec<(String, Loc)> = Vec::new();
        if d.mapping().is_empty() {
            for sub in self.subtypes_of(loc)? {
                subtypes.push((pointer_name(&sub), sub));
            }
        } else {
            let dloc = loc.child("discriminator").child("mapping");
            for (value, target) in d.mapping() {
                if let Some(tloc) = self.mapping_target(&dloc.child(value), target)?
                    && tloc != *loc
                {
                    subtypes.push((value.clone(), tloc));
                }
            }
        }
        if subtypes.is_empty() {
            self.warn(
                loc,
                format!(
                    "discriminator `{}` on `{name}`, but no schema extends it (allOf); kept as a plain struct",
                    d.property()
                ),
            );
            return Ok(None);
        }
        let mut variants: Vec<Variant> = Vec::new();
        let mut at: Vec<Loc> = Vec::new();
        let mut mapping = BTreeMap::new();
        for (value, sub) in subtypes {
            let i = match at.iter().position(|l| *l == sub) {
                Some(i) => i,
                None => {
                    let ty = self.type_at(&sub);
                    variants.push(Variant {
                        wire: pointer_name(&sub),
                        namespace: None,
                        ty,
                        occurs: Occurs::ONE,
                        doc: None,
                        inline: false,
                        rust_name: String::new(),
                        boxed: false,
                    });
                    at.push(sub);
                    variants.len() - 1
                }
            };
            mapping.insert(value, i);
        }
        let discriminator = Discriminator {
            property: d.property().to_owned(),
            mapping,
        };
        Ok(Some(Lowered::Shape(Shape::Union(UnionDef {
            variants,
            discriminator: Some(discriminator),
            style: UnionStyle::Json,
        }))))
    }

    /// Named schemas of the same container that extend `base` through allOf (directly or
    /// through other subtypes), in document order.
    fn subtypes_of(&mut self, base: &Loc) -> Result<Vec<Loc>, Error> {
        let segs = base.segments();
        let container = Loc {
            file: base.file.clone(),
            ptr: base.ptr[..base.ptr.rfind('/').unwrap_or(0)].to_owned(),
        };
        if segs.is_empty() {
            return Ok(Vec::new());
        }
        let Some(node) = self.docs.node(&container)? else {
            return Ok(Vec::new());
        };
        let Some(map) = node.value().as_object() else {
            return Ok(Vec::new());
        };
        // (candidate, the locations its allOf references point to)
        let mut parents: Vec<(Loc, Vec<Loc>)> = Vec::new();
        for (name, schema) in map {
            let cloc = container.child(name);
            let mut refs = Vec::new();
            if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
                for (i, part) in parts.iter().enumerate() {
                    if let Some(r) = part.get("$ref").and_then(Value::as_str)
                        && let Ok(t) = self.docs.resolve(&cloc.child("allOf").index(i), r)
                    {
                        refs.push(t);
                    }
                }
            }
            if !refs.is_empty() {
                parents.push((cloc, refs));
            }
        }
        let mut family: BTreeSet<Loc> = BTreeSet::from([base.clone()]);
        loop {
            let before = family.len();
            for (cand, refs) in &parents {
                if !family.contains(cand) && refs.iter().any(|r| family.contains(r)) {
                    family.insert(cand.clone());
                }
            }
            if family.len() == before {
                break;
            }
        }
        Ok(parents
            .into_iter()
            .map(|(c, _)| c)
            .filter(|c| c != base && family.contains(c))
            .collect())
    }
}

/// Where the alternatives of a union are written.
fn union_key(s: &RawSchema) -> &'static str {
    if s.one_of.is_empty() { "anyOf" } else { "oneOf" }
}

/// Facets of a scalar schema.
fn facets(s: &RawSchema) -> Facets {
    let mut f = Facets {
        min_length: s.min_length,
        max_length: s.max_length,
        ..Facets::default()
    };
    if let Some(p) = &s.pattern {
        f.patterns.push(p.clone());
    }
    let excl = |v: &Option<Value>| matches!(v, Some(Value::Bool(true)));
    if let Some(min) = &s.minimum {
        if excl(&s.exclusive_minimum) {
            f.min_exclusive = Some(min.to_string());
        } else {
            f.min_inclusive = Some(min.to_string());
        }
    }
    if let Some(max) = &s.maximum {
        if excl(&s.exclusive_maximum) {
            f.max_exclusive = Some(max.to_string());
        } else {
            f.max_inclusive = Some(max.to_string());
        }
    }
    // JSON Schema draft 6+ spelling: the bound itself.
    if let Some(Value::Number(n)) = &s.exclusive_minimum {
        f.min_exclusive = Some(n.to_string());
    }
    if let Some(Value::Number(n)) = &s.exclusive_maximum {
        f.max_exclusive = Some(n.to_string());
    }
    f
}

/// The base of an enum without a type, from its values.
fn infer_enum_base(values: &[Value]) -> Primitive {
    let live: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
    if !live.is_empty() && live.iter().all(|v| v.is_i64() || v.is_u64()) {
        Primitive::I64
    } else if !live.is_empty() && live.iter().all(|v| v.is_number()) {
        Primitive::Decimal
    } else if !live.is_empty() && live.iter().all(|v| v.is_boolean()) {
        Primitive::Bool
    } else {
        Primitive::String
    }
}

/// oneOf of inline enums (`[{type: string, enum: [a], description: ...}, ...]`): one enum
/// whose values carry the alternatives' descriptions.
fn merged_enum(alts: &[RawSchema], live: &[usize]) -> Option<Shape> {
    let mut base = None;
    let mut values = Vec::new();
    for i in live {
        let a = &alts[*i];
        let vs = a.enumeration.as_ref()?;
        if a.reference.is_some() || !a.properties.is_empty() || !a.all_of.is_empty() || !a.one_of.is_empty() {
            return None;
        }
        let b = match a.kind() {
            Kind::Scalar(p) => p,
            _ => infer_enum_base(vs),
        };
        if *base.get_or_insert(b) != b {
            return None;
        }
        for v in vs.iter().filter(|v| !v.is_null()) {
            values.push(EnumValue {
                wire: value_text(v),
                doc: a.doc(),
                rust_name: String::new(),
            });
        }
    }
    Some(Shape::Enum(EnumDef { base: base?, values }))
}

/// Inline object alternatives that each fix one property to a single distinct string value
/// (`type: {enum: [circle]}`): that property discriminates them.
fn inferred_tags(alts: &[RawSchema], live: &[usize]) -> Option<(String, Vec<String>)> {
    let first = &alts[*live.first()?];
    'candidates: for (prop, _) in first.properties.iter() {
        let mut values = Vec::new();
        for i in live {
            let a = &alts[*i];
            if a.reference.is_some() {
                return None;
            }
            let Some((_, p)) = a.properties.iter().find(|(n, _)| n == prop) else {
                continue 'candidates;
            };
            match p.enumeration.as_deref() {
                Some([Value::String(v)]) if !values.contains(v) => values.push(v.clone()),
                _ => continue 'candidates,
            }
        }
        return Some((prop.clone(), values));
    }
    None
}
