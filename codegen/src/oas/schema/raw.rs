//! The parse stage: a schema object as written (Swagger 2.0 or OpenAPI 3.0, unknown
//! keywords ignored, keyword values read leniently), what it is at a glance (its [`Kind`],
//! nullability, whether it only annotates or constrains), the primitive of a type + format,
//! and the names that schema locations carry.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use crate::model::Primitive;
use crate::oas::doc::Loc;

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
    pub(super) fn property(&self) -> &str {
        match self {
            RawDiscriminator::Name(n) => n,
            RawDiscriminator::Object { property_name, .. } => property_name,
        }
    }

    pub(super) fn mapping(&self) -> &[(String, String)] {
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
    pub(super) fn main_type(&self) -> Option<&str> {
        self.types.iter().map(String::as_str).find(|t| *t != "null")
    }

    /// `nullable`, `x-nullable`, `type: [.., null]` or a `null` enum entry.
    pub(super) fn own_nullable(&self) -> bool {
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
    pub(super) fn is_null_only(&self) -> bool {
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
    pub(super) fn is_annotation(&self) -> bool {
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
    pub(super) fn is_empty_object(&self) -> bool {
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
    pub(super) fn is_constraint_only(&self) -> bool {
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
    pub(super) fn kind(&self) -> Kind {
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
    pub(super) fn is_inline_array(&self) -> bool {
        self.reference.is_none()
            && self.all_of.is_empty()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && self.enumeration.is_none()
            && self.kind() == Kind::Array
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
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
    (!rest.contains('/')).then(|| crate::oas::doc::split_pointer(&format!("/{rest}")).remove(0))
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
pub(super) fn pointer_name(loc: &Loc) -> String {
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
