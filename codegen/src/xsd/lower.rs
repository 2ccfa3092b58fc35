//! Stage 2 of the XSD front-end: raw schemas → the model's type arena.
//!
//! Every global element, complex type and simple type is declared first (so references and
//! cycles resolve to ids), then each is defined. A definition that needs another type's
//! shape (extension flattening, the primitive under an enumeration) defines that one first,
//! on demand; derivation cycles are errors, reference cycles are fine.
//!
//! This file holds the [`Lowerer`], the declaration of the globals and the definition
//! queue. The definitions themselves are split by what they lower:
//!
//! - `resolve`: names → type ids (XSD built-ins, namespaces known without a file, global
//!   elements, lenient stand-ins for what is undefined);
//! - `elements`: global elements, element particles, substitution groups;
//! - `complex`: complex types (content derivations, SOAP-encoded arrays);
//! - `groups`: content models (sequences, choices, named model groups);
//! - `attributes`: attributes and attribute groups;
//! - `simple`: simple types (restrictions, lists, unions, enumerations).

mod attributes;
mod complex;
mod elements;
mod groups;
mod resolve;
mod simple;

use std::collections::{BTreeMap, BTreeSet};

use super::load::SchemaSet;
use super::raw::{
    Attribute, AttributeGroup, ComplexType, Content, Element, Global, NamedGroup, Occ, Schema, SimpleType,
};
use super::xml::{Pos, QName};
use crate::Error;
use crate::model::{
    ArenaBuilder, Field, FieldKind, Model, Occurs, Shape, Source, SpecInfo, StructDef, TypeId, TypeKey, TypeKind,
    Variant, Warning,
};

#[derive(Debug, Clone, Copy)]
struct GElem<'s> {
    e: &'s Element,
    schema: &'s Schema,
    id: TypeId,
}

#[derive(Debug, Clone, Copy)]
enum TypeRef<'s> {
    Complex(&'s ComplexType),
    Simple(&'s SimpleType),
}

#[derive(Debug, Clone, Copy)]
struct GType {
    id: TypeId,
}

#[derive(Debug, Clone, Copy)]
enum Pending<'s> {
    Element(&'s Element, &'s Schema),
    Type(TypeRef<'s>, &'s Schema),
}

/// Where a definition is being lowered: its schema and the path that names inline types.
#[derive(Debug, Clone)]
struct Ctx<'s> {
    schema: &'s Schema,
    path: String,
}

impl<'s> Ctx<'s> {
    fn child(&self, name: &str) -> Ctx<'s> {
        Ctx {
            schema: self.schema,
            path: format!("{}/{name}", self.path),
        }
    }
    fn src(&self, pos: Pos) -> Source {
        pos.source(&self.schema.file)
    }
    fn tns(&self) -> Option<String> {
        self.schema.tns.clone()
    }
}

/// A global element as a reference sees it.
#[derive(Debug, Clone, Copy)]
enum ElemInfo<'s> {
    Declared(GElem<'s>),
    Builtin(TypeId),
}

/// Lowers a [`SchemaSet`] into an [`ArenaBuilder`].
#[derive(Debug)]
pub(crate) struct Lowerer<'s, 'f> {
    set: &'s SchemaSet<'f>,
    /// The arena being built.
    pub b: ArenaBuilder,
    elements: BTreeMap<QName, GElem<'s>>,
    types: BTreeMap<QName, GType>,
    groups: BTreeMap<QName, (&'s NamedGroup, &'s Schema)>,
    attr_groups: BTreeMap<QName, (&'s AttributeGroup, &'s Schema)>,
    attributes: BTreeMap<QName, (&'s Attribute, &'s Schema)>,
    /// Substitution group head → direct members, in load order.
    subst: BTreeMap<QName, Vec<QName>>,
    pending: BTreeMap<TypeId, Pending<'s>>,
    in_progress: BTreeSet<TypeId>,
    order: Vec<TypeId>,
    group_ids: BTreeMap<QName, TypeId>,
    subst_ids: BTreeMap<QName, TypeId>,
    content_types: BTreeMap<QName, TypeId>,
    /// Named groups being written in place (a group that contains itself is not expanded again).
    expanding: Vec<QName>,
    /// Named groups being lowered in the current content model, outermost first (each complex
    /// type starts a new one): a group met again on this path contains itself.
    group_path: Vec<QName>,
    /// Inline complex types waiting for the type they derive from.
    deferred: Vec<(TypeId, &'s ComplexType, Ctx<'s>)>,
    /// Nesting of `complex_shape` calls.
    depth: u32,
    /// Interned xs:anyType and xs:any stand-ins.
    any_ids: (Option<TypeId>, Option<TypeId>),
    /// Target namespaces of the loaded schemas.
    namespaces: BTreeSet<Option<String>>,
}

/// Deepest nesting of complex type definitions being lowered at once.
const MAX_DEPTH: u32 = 64;

fn occurs(o: Occ) -> Occurs {
    Occurs { min: o.min, max: o.max }
}

fn field(wire: &str, kind: FieldKind, ty: TypeId, occurs: Occurs, source: Source) -> Field {
    Field {
        wire: wire.to_owned(),
        kind,
        ty,
        occurs,
        nullable: false,
        default: None,
        doc: None,
        source,
        rust_name: String::new(),
        boxed: false,
        aliases: Vec::new(),
    }
}

fn variant(
    wire: &str,
    namespace: Option<String>,
    ty: TypeId,
    occurs: Occurs,
    doc: Option<String>,
    inline: bool,
) -> Variant {
    Variant {
        wire: wire.to_owned(),
        namespace,
        ty,
        occurs,
        doc,
        inline,
        rust_name: String::new(),
        boxed: false,
    }
}

impl<'s, 'f> Lowerer<'s, 'f> {
    /// Declare every global component of the set.
    pub(crate) fn new(info: SpecInfo, set: &'s SchemaSet<'f>) -> Self {
        let mut lw = Lowerer {
            set,
            b: ArenaBuilder::new(info),
            elements: BTreeMap::new(),
            types: BTreeMap::new(),
            groups: BTreeMap::new(),
            attr_groups: BTreeMap::new(),
            attributes: BTreeMap::new(),
            subst: BTreeMap::new(),
            pending: BTreeMap::new(),
            in_progress: BTreeSet::new(),
            order: Vec::new(),
            group_ids: BTreeMap::new(),
            subst_ids: BTreeMap::new(),
            content_types: BTreeMap::new(),
            expanding: Vec::new(),
            group_path: Vec::new(),
            deferred: Vec::new(),
            depth: 0,
            any_ids: (None, None),
            namespaces: set.schemas.iter().map(|s| s.tns.clone()).collect(),
        };
        lw.b.model.warnings.extend(set.warnings.iter().cloned());
        for schema in &set.schemas {
            for g in &schema.globals {
                lw.declare_global(g, schema);
            }
        }
        lw
    }

    fn warn(&mut self, source: Source, message: impl Into<String>) {
        self.b.model.warnings.push(Warning {
            source,
            message: message.into(),
        });
    }

    fn duplicate(&mut self, what: &str, q: &QName, schema: &Schema, pos: Pos) {
        self.warn(
            pos.source(&schema.file),
            format!("{what} `{q}` is defined twice; the first definition is kept"),
        );
    }

    fn declare_global(&mut self, g: &'s Global, schema: &'s Schema) {
        let q = QName {
            ns: schema.tns.clone(),
            name: g.name().to_owned(),
        };
        match g {
            Global::Element(e) => {
                if self.elements.contains_key(&q) {
                    return self.duplicate("element", &q, schema, e.pos);
                }
                let key = TypeKey {
                    namespace: q.ns.clone(),
                    name: q.name.clone(),
                    kind: TypeKind::Element,
                };
                let id = self.b.declare(key, e.pos.source(&schema.file), e.doc.clone());
                self.pending.insert(id, Pending::Element(e, schema));
                self.order.push(id);
                for h in &e.substitution_group {
                    self.subst.entry(h.clone()).or_default().push(q.clone());
                }
                self.elements.insert(q, GElem { e, schema, id });
            }
            Global::Complex(_) | Global::Simple(_) => {
                let (def, kind, pos, doc) = match g {
                    Global::Complex(c) => (TypeRef::Complex(c), TypeKind::ComplexType, c.pos, &c.doc),
                    Global::Simple(s) => (TypeRef::Simple(s), TypeKind::SimpleType, s.pos, &s.doc),
                    _ => unreachable!("matched above"),
                };
                if self.types.contains_key(&q) {
                    return self.duplicate("type", &q, schema, pos);
                }
                let key = TypeKey {
                    namespace: q.ns.clone(),
                    name: q.name.clone(),
                    kind,
                };
                let id = self.b.declare(key, pos.source(&schema.file), doc.clone());
                self.pending.insert(id, Pending::Type(def, schema));
                self.order.push(id);
                self.types.insert(q, GType { id });
            }
            Global::Group(gr) => {
                if self.groups.contains_key(&q) {
                    return self.duplicate("group", &q, schema, gr.pos);
                }
                self.groups.insert(q, (gr, schema));
            }
            Global::AttributeGroup(ag) => {
                if self.attr_groups.contains_key(&q) {
                    return self.duplicate("attribute group", &q, schema, ag.pos);
                }
                self.attr_groups.insert(q, (ag, schema));
            }
            Global::Attribute(a) => {
                if self.attributes.contains_key(&q) {
                    return self.duplicate("attribute", &q, schema, a.pos);
                }
                self.attributes.insert(q, (a, schema));
            }
        }
    }

    /// Define every declared global.
    pub(crate) fn lower_all(&mut self) -> Result<(), Error> {
        for id in self.order.clone() {
            self.ensure_defined(id)?;
            while let Some((id, c, ctx)) = self.deferred.pop() {
                let shape = self.complex_shape(c, &ctx)?;
                self.b.define(id, shape);
            }
        }
        Ok(())
    }

    /// True when `c` derives from a global type whose definition is under way.
    fn base_in_progress(&self, c: &ComplexType) -> bool {
        let base = match &c.content {
            Content::Plain { .. } => return false,
            Content::SimpleExtension { base, .. }
            | Content::SimpleRestriction { base, .. }
            | Content::ComplexExtension { base, .. }
            | Content::ComplexRestriction { base, .. } => base,
        };
        self.types.get(base).is_some_and(|t| self.in_progress.contains(&t.id))
    }

    /// Declare an inline type under a unique path (defined later).
    fn declare_anonymous(&mut self, ns: Option<String>, path: &str, source: Source, doc: Option<String>) -> TypeId {
        let mut name = path.to_owned();
        let mut n = 2;
        loop {
            let key = TypeKey {
                namespace: ns.clone(),
                name: name.clone(),
                kind: TypeKind::Anonymous,
            };
            if self.b.lookup(&key).is_none() {
                let id = self.b.declare(key, source, doc);
                // Not `Pending`: `ArenaBuilder::anonymous` would take a pending entry as free.
                self.b.define(id, Shape::Struct(StructDef::default()));
                return id;
            }
            name = format!("{path}#{n}");
            n += 1;
        }
    }

    /// Finish the arena.
    pub(crate) fn finish(self) -> Result<Model, Error> {
        self.b.finish()
    }

    // ----- identities ---------------------------------------------------------------------

    fn ensure_defined(&mut self, id: TypeId) -> Result<(), Error> {
        let Some(p) = self.pending.remove(&id) else {
            return Ok(());
        };
        self.in_progress.insert(id);
        let shape = match p {
            Pending::Element(e, schema) => self.global_element_shape(e, schema)?,
            Pending::Type(TypeRef::Complex(c), schema) => {
                let ctx = Ctx {
                    schema,
                    path: c.name.clone().unwrap_or_default(),
                };
                self.complex_shape(c, &ctx)?
            }
            Pending::Type(TypeRef::Simple(s), schema) => {
                let ctx = Ctx {
                    schema,
                    path: s.name.clone().unwrap_or_default(),
                };
                self.simple_shape(s, &ctx)?
            }
        };
        self.b.define(id, shape);
        self.in_progress.remove(&id);
        Ok(())
    }

    /// The shape of a type, defining it first when needed.
    fn shape_of(&mut self, id: TypeId, at: &Source) -> Result<&Shape, Error> {
        if self.in_progress.contains(&id) {
            return Err(Error::spec(
                at.clone(),
                format!("circular type derivation through `{}`", self.b.model.ty(id).key.name),
            ));
        }
        self.ensure_defined(id)?;
        Ok(&self.b.model.ty(id).shape)
    }

    /// The shape behind a type, through aliases (a type that is another type's alias, such as
    /// a complex type whose content is a reference to a choice group).
    fn resolved_shape(&mut self, mut id: TypeId, at: &Source) -> Result<&Shape, Error> {
        for _ in 0..16 {
            match self.shape_of(id, at)? {
                Shape::Alias(x) => id = *x,
                _ => break,
            }
        }
        self.shape_of(id, at)
    }

    /// The shape of a complex type, one nesting level deeper: the way in to `complex` for
    /// global and inline definitions alike.
    fn complex_shape(&mut self, ct: &'s ComplexType, ctx: &Ctx<'s>) -> Result<Shape, Error> {
        self.enter(&ctx.src(ct.pos))?;
        // Groups reached through an element of this type are no cycle of the outer groups.
        let outer_groups = std::mem::take(&mut self.group_path);
        let shape = self.complex_shape_inner(ct, ctx);
        self.group_path = outer_groups;
        self.depth -= 1;
        shape
    }

    /// Count one more nested definition: bounded, so that hostile input gives an error
    /// instead of a stack overflow. The caller decrements `depth` when done.
    fn enter(&mut self, at: &Source) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Error::spec(
                at.clone(),
                format!("type definitions depend on each other more than {MAX_DEPTH} deep"),
            ));
        }
        Ok(())
    }
}
