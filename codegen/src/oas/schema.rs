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
//!
//! This file holds the [`Lowerer`]: the queue of named schemas, `$ref` resolution, and the
//! dispatch of one schema to its lowering, which is split by what it lowers:
//!
//! - `raw`: the parse stage, the schema object as written ([`RawSchema`]);
//! - `plain`: schemas without composition (objects, arrays, scalars, enums);
//! - `all_of`: allOf, its parts merged into one struct;
//! - `union`: oneOf / anyOf, discriminators, and discriminated bases.
//!
//! [`Occurs::ONE`]: crate::model::Occurs::ONE
//! [`Occurs::OPTIONAL`]: crate::model::Occurs::OPTIONAL
//! [`Occurs::MANY`]: crate::model::Occurs::MANY
//! [`Field::nullable`]: crate::model::Field::nullable
//! [`Field::aliases`]: crate::model::Field::aliases
//! [`StructDef::additional`]: crate::model::StructDef::additional
//! [`StructDef::bare_list`]: crate::model::StructDef::bare_list
//! [`UnionStyle::Json`]: crate::model::UnionStyle::Json
//! [`scalar`]: raw::scalar

mod all_of;
mod plain;
mod raw;
mod union;

use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use serde_json::Value;

pub(crate) use raw::{Ordered, RawSchema};
use raw::{pointer_name, schema_name};

use super::doc::{Docs, Loc};
use crate::Error;
use crate::model::{ArenaBuilder, Model, Primitive, Shape, TypeId, TypeKey, TypeKind, Warning};

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

/// What lowering a schema gives: a shape of its own, or another type as it is.
enum Lowered {
    Shape(Shape),
    Same(TypeId),
}

/// A property to lower: name, schema, location, path of the declaring schema.
type Prop<'a> = (&'a str, &'a RawSchema, Loc, &'a str);

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

    /// The one substantive part of a wrapper: a reference stays that type; an inline
    /// schema gives its shape to the wrapper (no second type).
    fn lower_part(&mut self, part: &RawSchema, loc: &Loc, path: &str) -> Result<Lowered, Error> {
        match &part.reference {
            Some(r) => Ok(Lowered::Same(self.ref_type(loc, r)?)),
            None => self.lower(part, loc, path, false),
        }
    }
}

/// Where the alternatives of a union are written.
fn union_key(s: &RawSchema) -> &'static str {
    if s.one_of.is_empty() { "anyOf" } else { "oneOf" }
}
