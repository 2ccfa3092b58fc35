//! Schemas without composition: objects (properties → fields, `additionalProperties`,
//! `x-psi-bare-array`), arrays, scalars (constraints → facets) and enums.

use std::collections::BTreeSet;

use serde_json::Value;

use super::raw::{Additional, Kind, RawSchema};
use super::{Lowered, Lowerer, Prop};
use crate::Error;
use crate::model::{EnumDef, EnumValue, Facets, Field, FieldKind, Occurs, Primitive, Shape, StructDef, TypeId};
use crate::oas::doc::{Loc, value_text};

impl Lowerer<'_> {
    /// A schema without composition or enum.
    pub(super) fn lower_plain(&mut self, s: &RawSchema, loc: &Loc, path: &str) -> Result<Lowered, Error> {
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

    pub(super) fn additional_type(&mut self, a: &Additional, loc: &Loc, path: &str) -> Result<Option<TypeId>, Error> {
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
    pub(super) fn fields(&mut self, props: &[Prop<'_>], required: &BTreeSet<String>) -> Result<Vec<Field>, Error> {
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

    pub(super) fn lower_enum(&mut self, s: &RawSchema, values: &[Value]) -> Shape {
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
pub(super) fn infer_enum_base(values: &[Value]) -> Primitive {
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
