//! Stage 2 of the XSD front-end: raw schemas → the model's type arena.
//!
//! Every global element, complex type and simple type is declared first (so references and
//! cycles resolve to ids), then each is defined. A definition that needs another type's
//! shape (extension flattening, the primitive under an enumeration) defines that one first,
//! on demand; derivation cycles are errors, reference cycles are fine.

use std::collections::{BTreeMap, BTreeSet};

use super::builtin::{self, Builtin};
use super::load::SchemaSet;
use super::raw::{
    AttrItem, Attribute, AttributeGroup, Attrs, ComplexType, Compositor, Content, Element, Global, InlineType,
    ModelGroup, NamedGroup, Occ, Particle, Restriction, Schema, SimpleType, Use, Variety,
};
use super::xml::{self, Pos, QName, is_xs};
use crate::Error;
use crate::model::{
    ArenaBuilder, EnumDef, EnumValue, Field, FieldKind, Model, Occurs, Primitive, Shape, SoapArray, Source, SpecInfo,
    StructDef, TypeId, TypeKey, TypeKind, UnionDef, UnionStyle, Variant, Warning,
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

/// Replace an attribute field of the same name and namespace, or append.
/// What lenient mode puts in place of an undefined name.
#[derive(Debug, Clone, Copy)]
enum StandIn {
    /// A type of element content: raw XML.
    RawXml,
    /// A global element: raw XML.
    Element,
    /// A type of text (attribute, simple type): a string.
    Text,
}

fn upsert_attribute(fields: &mut Vec<Field>, f: Field) {
    match fields.iter().position(|x| x.kind == f.kind && x.wire == f.wire) {
        Some(i) => fields[i] = f,
        None => fields.push(f),
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

    fn intern(&mut self, ns: &str, name: &str, kind: TypeKind, make: impl FnOnce(&mut Self) -> Shape) -> TypeId {
        let key = TypeKey {
            namespace: Some(ns.to_owned()),
            name: name.to_owned(),
            kind,
        };
        if let Some(id) = self.b.lookup(&key) {
            return id;
        }
        let id = self.b.declare(key, Source::default(), None);
        let shape = make(self);
        self.b.define(id, shape);
        id
    }

    fn any_type(&mut self) -> TypeId {
        if let Some(id) = self.any_ids.0 {
            return id;
        }
        let id = self.intern(xml::XS, "anyType", TypeKind::Builtin, |_| Shape::Opaque {
            reason: "xs:anyType".into(),
        });
        self.any_ids.0 = Some(id);
        id
    }

    fn any_element_type(&mut self) -> TypeId {
        if let Some(id) = self.any_ids.1 {
            return id;
        }
        let id = self.intern(xml::XS, "any", TypeKind::Builtin, |_| Shape::Opaque {
            reason: "xs:any: any element, kept as raw XML".into(),
        });
        self.any_ids.1 = Some(id);
        id
    }

    fn string(&mut self) -> TypeId {
        self.b.primitive(Primitive::String)
    }

    fn xs_builtin(&mut self, name: &str) -> Option<TypeId> {
        Some(match builtin::xs_type(name)? {
            Builtin::Primitive(p) => self.b.primitive(p),
            Builtin::StringList => {
                self.intern(xml::XS, name, TypeKind::Builtin, |lw| Shape::List { item: lw.string() })
            }
            Builtin::AnyType => self.any_type(),
        })
    }

    /// Opaque stand-in for a component of WS-Addressing or of a well-known schema that is
    /// not in the set.
    fn opaque_component(&mut self, q: &QName, kind: TypeKind) -> Option<TypeId> {
        let ns = q.ns.as_deref()?;
        let reason = if builtin::is_addressing(ns) {
            format!("WS-Addressing {}: kept as raw XML", q.name)
        } else if let Some(loc) = self.set.external.get(ns) {
            format!("{} from {loc} (not in the spec set): kept as raw XML", q.name)
        } else if builtin::is_well_known_external(ns) {
            format!(
                "{} of {ns} (its schema is not in the spec set): kept as raw XML",
                q.name
            )
        } else {
            return None;
        };
        Some(self.intern(ns, &q.name, kind, |_| Shape::Opaque { reason }))
    }

    /// Types of the namespaces known without a file.
    fn builtin_ns_type(&mut self, q: &QName) -> Option<TypeId> {
        let ns = q.ns.as_deref()?;
        if self.namespaces.contains(&Some(ns.to_owned())) {
            return None;
        }
        match ns {
            xml::SOAP_ENC | xml::SOAP12_ENC => match q.name.as_str() {
                "base64" => Some(self.b.primitive(Primitive::Base64)),
                "Array" => Some(self.intern(ns, "Array", TypeKind::ComplexType, |lw| {
                    let ty = lw.any_type();
                    Shape::Struct(StructDef {
                        fields: vec![field(
                            "item",
                            FieldKind::Element { namespace: None },
                            ty,
                            Occurs::MANY,
                            Source::default(),
                        )],
                        ..StructDef::default()
                    })
                })),
                "Struct" => Some(self.intern(ns, "Struct", TypeKind::ComplexType, |_| Shape::Opaque {
                    reason: "SOAP-encoded struct of unknown members".into(),
                })),
                name => self.xs_builtin(name),
            },
            xml::XMIME => match q.name.as_str() {
                "contentType" => Some(self.string()),
                name @ ("base64Binary" | "hexBinary") => Some(self.intern(ns, name, TypeKind::ComplexType, |lw| {
                    let p = if name == "base64Binary" {
                        Primitive::Base64
                    } else {
                        Primitive::HexBinary
                    };
                    let text = lw.b.primitive(p);
                    let s = lw.string();
                    Shape::Struct(StructDef {
                        fields: vec![
                            field("value", FieldKind::Text, text, Occurs::ONE, Source::default()),
                            field(
                                "contentType",
                                FieldKind::Attribute {
                                    namespace: Some(xml::XMIME.into()),
                                },
                                s,
                                Occurs::OPTIONAL,
                                Source::default(),
                            ),
                        ],
                        ..StructDef::default()
                    })
                })),
                _ => None,
            },
            xml::XOP if q.name == "Include" => Some(self.xop_include(TypeKind::ComplexType)),
            _ => self.opaque_component(q, TypeKind::ComplexType),
        }
    }

    fn xop_include(&mut self, kind: TypeKind) -> TypeId {
        self.intern(xml::XOP, "Include", kind, |lw| {
            let uri = lw.b.primitive(Primitive::Uri);
            let any = lw.any_element_type();
            Shape::Struct(StructDef {
                fields: vec![
                    field(
                        "href",
                        FieldKind::Attribute { namespace: None },
                        uri,
                        Occurs::ONE,
                        Source::default(),
                    ),
                    field("any", FieldKind::AnyElement, any, Occurs::MANY, Source::default()),
                ],
                ..StructDef::default()
            })
        })
    }

    /// The error for a name that does not resolve.
    fn unresolved(&self, q: &QName, what: &str, at: &Source) -> Error {
        let ns = q.ns.as_deref().unwrap_or("(no namespace)");
        if let Some(fi) = self.set.failed_imports.get(&q.ns) {
            // Lenient mode warns at each use, naming the import.
            if self.b.model.spec.lenient {
                return Error::spec(
                    at.clone(),
                    format!(
                        "{what} `{}` is in namespace {ns}, whose import `{}` ({}) is not in the spec set",
                        q.name, fi.location, fi.source
                    ),
                );
            }
            return Error::MissingFile {
                path: fi.location.clone(),
                referenced_from: fi.source.clone(),
            };
        }
        if let Some(imp) = self.set.location_less.get(&q.ns)
            && !self.set.defines_namespace(q.ns.as_deref())
        {
            return Error::spec(
                at.clone(),
                format!(
                    "{what} `{}` cannot be resolved: namespace {ns} is imported without schemaLocation at {imp} and no schema in the set defines it",
                    q.name
                ),
            );
        }
        Error::spec(
            at.clone(),
            format!(
                "{what} `{}` (namespace {ns}) is not defined in any loaded schema",
                q.name
            ),
        )
    }

    /// A type reference (`type=`, `base=`, `itemType=`, `memberTypes=`, WSDL `part type=`).
    /// In lenient mode an undefined type is kept as raw XML.
    pub(crate) fn resolve_type(&mut self, q: &QName, at: &Source) -> Result<TypeId, Error> {
        self.resolve_type_or(q, at, StandIn::RawXml)
    }

    /// A type reference whose value travels as text (an attribute's type, the base, item or
    /// member of a simple type). In lenient mode an undefined type is kept as text.
    fn resolve_text_type(&mut self, q: &QName, at: &Source) -> Result<TypeId, Error> {
        self.resolve_type_or(q, at, StandIn::Text)
    }

    fn resolve_type_or(&mut self, q: &QName, at: &Source, stand_in: StandIn) -> Result<TypeId, Error> {
        if is_xs(q.ns.as_deref()) {
            return match self.xs_builtin(&q.name) {
                Some(id) => Ok(id),
                None => {
                    let e = Error::spec(at.clone(), format!("`{}` is not an XML Schema built-in type", q.name));
                    self.stand_in(q, stand_in, e)
                }
            };
        }
        if let Some(t) = self.types.get(q) {
            return Ok(t.id);
        }
        if let Some(id) = self.builtin_ns_type(q) {
            return Ok(id);
        }
        let e = self.unresolved(q, "type", at);
        self.stand_in(q, stand_in, e)
    }

    /// Strict mode: `error`. Lenient mode: a warning naming where `error` was, and a type
    /// of that name that keeps its content as raw XML (or, for text, as a string).
    fn stand_in(&mut self, q: &QName, stand_in: StandIn, error: Error) -> Result<TypeId, Error> {
        if !self.b.model.spec.lenient {
            return Err(error);
        }
        let (kind, kept) = match stand_in {
            StandIn::RawXml => (TypeKind::ComplexType, "kept as raw XML"),
            StandIn::Element => (TypeKind::Element, "kept as raw XML"),
            StandIn::Text => (TypeKind::SimpleType, "kept as text"),
        };
        self.b.model.warnings.push(Warning::instead_of(&error, kept));
        let key = TypeKey {
            namespace: q.ns.clone(),
            name: q.name.clone(),
            kind,
        };
        if let Some(id) = self.b.lookup(&key) {
            return Ok(id);
        }
        let id = self.b.declare(key, error.location(), None);
        let shape = match stand_in {
            StandIn::Text => Shape::Alias(self.string()),
            _ => Shape::Opaque {
                reason: format!("`{}` is not defined in any loaded schema (lenient mode)", q.name),
            },
        };
        self.b.define(id, shape);
        Ok(id)
    }

    fn global_element(&mut self, q: &QName, at: &Source) -> Result<ElemInfo<'s>, Error> {
        if let Some(g) = self.elements.get(q) {
            return Ok(ElemInfo::Declared(*g));
        }
        let ns = q.ns.as_deref();
        if !self.namespaces.contains(&ns.map(str::to_owned)) {
            let builtin = match ns {
                Some(xml::SOAP_ENC | xml::SOAP12_ENC) => self.builtin_ns_type(q),
                Some(xml::XOP) if q.name == "Include" => Some(self.xop_include(TypeKind::Element)),
                // `<s:element ref="s:schema"/>`: an inline schema (.NET DataSet).
                Some(ns) if is_xs(Some(ns)) && q.name == "schema" => {
                    Some(self.intern(ns, "schema", TypeKind::Element, |_| Shape::Opaque {
                        reason: "xs:schema: an inline XML Schema, kept as raw XML".into(),
                    }))
                }
                _ => self.opaque_component(q, TypeKind::Element),
            };
            if let Some(id) = builtin {
                return Ok(ElemInfo::Builtin(id));
            }
        }
        let e = self.unresolved(q, "element", at);
        self.stand_in(q, StandIn::Element, e).map(ElemInfo::Builtin)
    }

    /// The content type of a global element (its `type=`, or the element's own entry when
    /// the type is inline). Used for `ref=` fields and WSDL parts.
    pub(crate) fn element_content(&mut self, q: &QName, at: &Source) -> Result<TypeId, Error> {
        self.element_content_depth(q, at, 0)
    }

    fn element_content_depth(&mut self, q: &QName, at: &Source, depth: u32) -> Result<TypeId, Error> {
        if let Some(id) = self.content_types.get(q) {
            return Ok(*id);
        }
        let id = match self.global_element(q, at)? {
            ElemInfo::Builtin(id) => id,
            ElemInfo::Declared(g) => {
                let own = g.e.pos.source(&g.schema.file);
                if let Some(t) = &g.e.type_name {
                    self.resolve_type(t, &own)?
                } else if g.e.inline.is_some() {
                    g.id
                } else if let Some(h) = g.e.substitution_group.first()
                    && depth < 32
                {
                    self.element_content_depth(h, &own, depth + 1)?
                } else {
                    self.any_type()
                }
            }
        };
        self.content_types.insert(q.clone(), id);
        Ok(id)
    }

    // ----- globals ------------------------------------------------------------------------

    fn global_element_shape(&mut self, e: &'s Element, schema: &'s Schema) -> Result<Shape, Error> {
        let name = e.name.clone().unwrap_or_default();
        let ctx = Ctx {
            schema,
            path: name.clone(),
        };
        let at = ctx.src(e.pos);
        if let Some(t) = &e.type_name {
            return Ok(Shape::Alias(self.resolve_type(t, &at)?));
        }
        match e.inline.as_deref() {
            Some(InlineType::Complex(c)) => self.complex_shape(c, &ctx),
            Some(InlineType::Simple(s)) => self.simple_shape(s, &ctx),
            None => {
                let q = QName {
                    ns: schema.tns.clone(),
                    name,
                };
                Ok(Shape::Alias(self.element_content(&q, &at)?))
            }
        }
    }

    // ----- complex types ------------------------------------------------------------------

    fn complex_shape(&mut self, ct: &'s ComplexType, ctx: &Ctx<'s>) -> Result<Shape, Error> {
        self.enter(&ctx.src(ct.pos))?;
        // Groups reached through an element of this type are no cycle of the outer groups.
        let outer_groups = std::mem::take(&mut self.group_path);
        let shape = self.complex_shape_inner(ct, ctx);
        self.group_path = outer_groups;
        self.depth -= 1;
        shape
    }

    fn complex_shape_inner(&mut self, ct: &'s ComplexType, ctx: &Ctx<'s>) -> Result<Shape, Error> {
        let mut sd = StructDef {
            is_abstract: ct.is_abstract,
            mixed: ct.mixed,
            ..StructDef::default()
        };
        match &ct.content {
            Content::Plain { particle, attrs } => {
                if let Some(p) = particle {
                    if let Some(u) = self.choice_only(p, attrs, ct.mixed, ctx)? {
                        return Ok(Shape::Union(u));
                    }
                    if let Some(id) = self.group_alias(p, attrs, ct.mixed, ctx)? {
                        return Ok(Shape::Alias(id));
                    }
                    self.top_particle(p, ctx, &mut sd)?;
                }
                self.attributes(attrs, ctx, &mut sd.fields, &mut Vec::new())?;
            }
            Content::SimpleExtension { base, attrs, pos } => {
                let at = ctx.src(*pos);
                let base_id = self.resolve_type(base, &at)?;
                match self.resolved_shape(base_id, &at)? {
                    Shape::Struct(b) => {
                        sd.fields = b.fields.clone();
                        sd.base = Some(base_id);
                    }
                    Shape::Opaque { .. } => {
                        let s = self.string();
                        sd.fields
                            .push(field("value", FieldKind::Text, s, Occurs::ONE, at.clone()));
                    }
                    _ => sd
                        .fields
                        .push(field("value", FieldKind::Text, base_id, Occurs::ONE, at.clone())),
                }
                self.attributes(attrs, ctx, &mut sd.fields, &mut Vec::new())?;
            }
            Content::SimpleRestriction {
                base,
                inline,
                facets,
                attrs,
                pos,
            } => {
                let at = ctx.src(*pos);
                let base_id = self.resolve_type(base, &at)?;
                match self.resolved_shape(base_id, &at)? {
                    Shape::Struct(b) => {
                        sd.fields = b.fields.clone();
                        sd.base = Some(base_id);
                    }
                    Shape::Opaque { .. } => {}
                    _ => sd
                        .fields
                        .push(field("value", FieldKind::Text, base_id, Occurs::ONE, at.clone())),
                }
                let text_at = match sd.fields.iter().position(|f| f.kind == FieldKind::Text) {
                    Some(i) => i,
                    None => {
                        let s = self.string();
                        sd.fields
                            .insert(0, field("value", FieldKind::Text, s, Occurs::ONE, at.clone()));
                        0
                    }
                };
                if inline.is_some() || !facets.enums.is_empty() || !facets.facets.is_empty() {
                    let vctx = ctx.child("value");
                    let inner = match inline {
                        Some(st) => self.anonymous_simple(st, &vctx.child("base"))?,
                        None => sd.fields[text_at].ty,
                    };
                    let shape = self.restriction_shape(inner, facets, &at)?;
                    sd.fields[text_at].ty = match shape {
                        Shape::Alias(x) => x,
                        shape => self.b.anonymous(ctx.tns(), vctx.path, at.clone(), None, shape),
                    };
                }
                self.attributes(attrs, ctx, &mut sd.fields, &mut Vec::new())?;
            }
            Content::ComplexExtension {
                base,
                mixed,
                particle,
                attrs,
                pos,
            } => {
                let at = ctx.src(*pos);
                sd.mixed |= *mixed;
                if !(is_xs(base.ns.as_deref()) && base.name == "anyType") {
                    let base_id = self.resolve_type(base, &at)?;
                    sd.base = Some(base_id);
                    match self.resolved_shape(base_id, &at)? {
                        Shape::Struct(b) => {
                            sd.mixed |= b.mixed;
                            sd.any_order |= b.any_order && particle.is_none();
                            sd.fields = b.fields.clone();
                        }
                        Shape::Union(_) => {
                            sd.fields
                                .push(field("choice", FieldKind::Flatten, base_id, Occurs::ONE, at.clone()))
                        }
                        Shape::Opaque { .. } => {
                            let any = self.any_element_type();
                            sd.fields
                                .push(field("any", FieldKind::AnyElement, any, Occurs::MANY, at.clone()));
                            self.warn(
                                at.clone(),
                                format!("base type `{}` is opaque: its content is kept as raw XML", base.name),
                            );
                        }
                        _ => sd
                            .fields
                            .push(field("value", FieldKind::Text, base_id, Occurs::ONE, at.clone())),
                    }
                }
                if let Some(p) = particle {
                    self.top_particle(p, ctx, &mut sd)?;
                }
                self.attributes(attrs, ctx, &mut sd.fields, &mut Vec::new())?;
            }
            Content::ComplexRestriction {
                base,
                mixed,
                particle,
                attrs,
                pos,
            } => {
                let at = ctx.src(*pos);
                sd.mixed |= *mixed;
                if matches!(base.ns.as_deref(), Some(xml::SOAP_ENC | xml::SOAP12_ENC)) && base.name == "Array" {
                    return self.soap_array(particle.as_ref(), attrs, ctx, &at);
                }
                let mut inherited = Vec::new();
                if !(is_xs(base.ns.as_deref()) && base.name == "anyType") {
                    let base_id = self.resolve_type(base, &at)?;
                    sd.base = Some(base_id);
                    if let Shape::Struct(b) = self.resolved_shape(base_id, &at)? {
                        inherited = b
                            .fields
                            .iter()
                            .filter(|f| matches!(f.kind, FieldKind::Attribute { .. } | FieldKind::AnyAttribute))
                            .cloned()
                            .collect();
                    }
                }
                if let Some(p) = particle {
                    if inherited.is_empty()
                        && let Some(u) = self.choice_only(p, attrs, sd.mixed, ctx)?
                    {
                        return Ok(Shape::Union(u));
                    }
                    self.top_particle(p, ctx, &mut sd)?;
                }
                sd.fields.extend(inherited);
                self.attributes(attrs, ctx, &mut sd.fields, &mut Vec::new())?;
            }
        }
        // Mixed content keeps its text between the elements.
        if sd.mixed && !sd.fields.iter().any(|f| f.kind == FieldKind::MixedText) {
            let s = self.string();
            sd.fields
                .push(field("text", FieldKind::MixedText, s, Occurs::ONE, ctx.src(ct.pos)));
        }
        Ok(Shape::Struct(sd))
    }

    /// A content model that is only a choice (once, no attributes, not mixed): the type is
    /// the choice itself.
    fn choice_only(
        &mut self,
        p: &'s Particle,
        attrs: &Attrs,
        mixed: bool,
        ctx: &Ctx<'s>,
    ) -> Result<Option<UnionDef>, Error> {
        if mixed || !attrs.items.is_empty() || attrs.any.is_some() || p.occurs() != Occ::ONE {
            return Ok(None);
        }
        match p {
            Particle::Group(g) if g.kind == Compositor::Choice => {
                let u = self.choice_union(g, ctx)?;
                Ok((!u.variants.is_empty()).then_some(u))
            }
            _ => Ok(None),
        }
    }

    /// `<complexType><group ref="G"/></complexType>` with G a choice: the type is G.
    fn group_alias(
        &mut self,
        p: &'s Particle,
        attrs: &Attrs,
        mixed: bool,
        ctx: &Ctx<'s>,
    ) -> Result<Option<TypeId>, Error> {
        if mixed || !attrs.items.is_empty() || attrs.any.is_some() || p.occurs() != Occ::ONE {
            return Ok(None);
        }
        let Particle::GroupRef { reference, pos, .. } = p else {
            return Ok(None);
        };
        let at = ctx.src(*pos);
        let (g, _) = self.named_group(reference, &at)?;
        if g.model.as_ref().is_some_and(|m| m.kind == Compositor::Choice) {
            return Ok(Some(self.group_type(reference, &at)?));
        }
        Ok(None)
    }

    /// The content particle directly under a type: a sequence/all once is written in place,
    /// a group reference once is expanded in place, anything else becomes one field.
    fn top_particle(&mut self, p: &'s Particle, ctx: &Ctx<'s>, sd: &mut StructDef) -> Result<(), Error> {
        match p {
            Particle::Group(g) if g.occurs == Occ::ONE && g.kind != Compositor::Choice => {
                sd.any_order |= g.kind == Compositor::All;
                for item in &g.items {
                    self.particle_field(item, ctx, &mut sd.fields)?;
                }
                Ok(())
            }
            Particle::GroupRef {
                reference, occurs, pos, ..
            } if *occurs == Occ::ONE && !self.expanding.contains(reference) => {
                self.check_group_cycle(reference, &ctx.src(*pos))?;
                let (g, schema) = self.named_group(reference, &ctx.src(*pos))?;
                match &g.model {
                    Some(m) if m.kind != Compositor::Choice => {
                        sd.any_order |= m.kind == Compositor::All;
                        let gctx = Ctx {
                            schema,
                            path: ctx.path.clone(),
                        };
                        self.expanding.push(reference.clone());
                        self.group_path.push(reference.clone());
                        for item in &m.items {
                            self.particle_field(item, &gctx, &mut sd.fields)?;
                        }
                        self.group_path.pop();
                        self.expanding.pop();
                        Ok(())
                    }
                    None => Ok(()),
                    Some(_) => self.particle_field(p, ctx, &mut sd.fields),
                }
            }
            _ => self.particle_field(p, ctx, &mut sd.fields),
        }
    }

    /// A group that contains itself, directly or through other groups, with no element in
    /// between, describes no finite content (XSD forbids it): a located error.
    fn check_group_cycle(&self, q: &QName, at: &Source) -> Result<(), Error> {
        let Some(start) = self.group_path.iter().position(|g| g == q) else {
            return Ok(());
        };
        let cycle: Vec<&str> = self.group_path[start..]
            .iter()
            .chain([q])
            .map(|g| g.name.as_str())
            .collect();
        Err(Error::spec(
            at.clone(),
            format!(
                "group `{}` contains itself ({}): a circular group describes no finite content",
                q.name,
                cycle.join(" → ")
            ),
        ))
    }

    fn named_group(&self, q: &QName, at: &Source) -> Result<(&'s NamedGroup, &'s Schema), Error> {
        self.groups
            .get(q)
            .copied()
            .ok_or_else(|| self.unresolved(q, "group", at))
    }

    /// One particle inside a sequence → one field (nested groups become a flattened field).
    fn particle_field(&mut self, p: &'s Particle, ctx: &Ctx<'s>, out: &mut Vec<Field>) -> Result<(), Error> {
        if p.occurs().max == Some(0) {
            return Ok(());
        }
        match p {
            Particle::Element(e) => out.push(self.element_field(e, ctx)?),
            Particle::Any { occurs: o, pos, doc } => out.push(self.any_field(*o, ctx.src(*pos), doc.clone())),
            Particle::Group(g) => match g.kind {
                Compositor::Sequence | Compositor::All => {
                    let name = if g.kind == Compositor::All { "all" } else { "sequence" };
                    let ty = self.anonymous_struct(g, ctx, format!("{}/{name}", ctx.path))?;
                    let mut f = field("sequence", FieldKind::Flatten, ty, occurs(g.occurs), ctx.src(g.pos));
                    f.doc.clone_from(&g.doc);
                    out.push(f);
                }
                Compositor::Choice => {
                    let u = self.choice_union(g, ctx)?;
                    let at = ctx.src(g.pos);
                    if u.variants.is_empty() {
                        self.warn(at, "empty xs:choice ignored");
                        return Ok(());
                    }
                    let ty = self.b.anonymous(
                        ctx.tns(),
                        format!("{}/choice", ctx.path),
                        at.clone(),
                        g.doc.clone(),
                        Shape::Union(u),
                    );
                    let mut f = field("choice", FieldKind::Flatten, ty, occurs(g.occurs), at);
                    f.doc.clone_from(&g.doc);
                    out.push(f);
                }
            },
            Particle::GroupRef {
                reference,
                occurs: o,
                pos,
                doc,
            } => {
                let at = ctx.src(*pos);
                let ty = self.group_type(reference, &at)?;
                let mut f = field(&reference.name, FieldKind::Flatten, ty, occurs(*o), at);
                f.doc.clone_from(doc);
                out.push(f);
            }
        }
        Ok(())
    }

    fn any_field(&mut self, o: Occ, at: Source, doc: Option<String>) -> Field {
        let ty = self.any_element_type();
        let mut f = field("any", FieldKind::AnyElement, ty, occurs(o), at);
        f.doc = doc;
        f
    }

    /// A nested sequence/all as a struct named `path`.
    fn anonymous_struct(&mut self, g: &'s ModelGroup, ctx: &Ctx<'s>, path: String) -> Result<TypeId, Error> {
        let mut sd = StructDef {
            any_order: g.kind == Compositor::All,
            ..StructDef::default()
        };
        for item in &g.items {
            self.particle_field(item, ctx, &mut sd.fields)?;
        }
        Ok(self
            .b
            .anonymous(ctx.tns(), path, ctx.src(g.pos), g.doc.clone(), Shape::Struct(sd)))
    }

    /// A named model group as a type (a struct, or an XmlChoice union), lowered once.
    fn group_type(&mut self, q: &QName, at: &Source) -> Result<TypeId, Error> {
        self.check_group_cycle(q, at)?;
        if let Some(id) = self.group_ids.get(q) {
            return Ok(*id);
        }
        let (g, schema) = match self.groups.get(q) {
            Some(found) => *found,
            None => {
                if let Some(id) = self.opaque_component(q, TypeKind::Anonymous) {
                    return Ok(id);
                }
                return Err(self.unresolved(q, "group", at));
            }
        };
        let key = TypeKey {
            namespace: q.ns.clone(),
            name: q.name.clone(),
            kind: TypeKind::Anonymous,
        };
        let id = self.b.declare(key, g.pos.source(&schema.file), g.doc.clone());
        self.group_ids.insert(q.clone(), id);
        let ctx = Ctx {
            schema,
            path: q.name.clone(),
        };
        self.enter(&ctx.src(g.pos))?;
        self.group_path.push(q.clone());
        let shape = match &g.model {
            Some(m) if m.kind == Compositor::Choice => Shape::Union(self.choice_union(m, &ctx)?),
            Some(m) => {
                let mut sd = StructDef {
                    any_order: m.kind == Compositor::All,
                    ..StructDef::default()
                };
                for item in &m.items {
                    self.particle_field(item, &ctx, &mut sd.fields)?;
                }
                Shape::Struct(sd)
            }
            None => Shape::Struct(StructDef::default()),
        };
        self.group_path.pop();
        self.depth -= 1;
        self.b.define(id, shape);
        Ok(id)
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

    /// An xs:choice → its variants.
    fn choice_union(&mut self, g: &'s ModelGroup, ctx: &Ctx<'s>) -> Result<UnionDef, Error> {
        let mut variants: Vec<Variant> = Vec::new();
        for item in &g.items {
            let o = item.occurs();
            if o.max == Some(0) {
                continue;
            }
            match item {
                Particle::Element(e) => {
                    let at = ctx.src(e.pos);
                    if let Some(r) = &e.reference
                        && self.has_substitutes(r)
                    {
                        for (q, doc) in self.substitutes(r) {
                            let ty = self.element_content(&q, &at)?;
                            variants.push(variant(&q.name, q.ns.clone(), ty, occurs(o), doc, false));
                        }
                        continue;
                    }
                    let f = self.element_field(e, ctx)?;
                    let namespace = match f.kind {
                        FieldKind::Element { namespace } => namespace,
                        _ => None,
                    };
                    variants.push(variant(&f.wire, namespace, f.ty, f.occurs, f.doc, false));
                }
                Particle::Group(sub) if sub.kind == Compositor::Choice && sub.occurs == Occ::ONE => {
                    let u = self.choice_union(sub, ctx)?;
                    variants.extend(u.variants);
                }
                Particle::Group(sub) if sub.kind == Compositor::Choice => {
                    let mut fields = Vec::new();
                    self.particle_field(item, ctx, &mut fields)?;
                    let wire = unique_wire(&variants, "choice");
                    let ty = self.wrapper_struct(fields, ctx, &wire, ctx.src(sub.pos));
                    variants.push(variant(&wire, None, ty, Occurs::ONE, sub.doc.clone(), true));
                }
                Particle::Group(sub) => {
                    let first = sub.items.iter().find_map(|p| match p {
                        Particle::Element(e) => e.name.clone().or_else(|| e.reference.as_ref().map(|r| r.name.clone())),
                        _ => None,
                    });
                    let wire = unique_wire(&variants, first.as_deref().unwrap_or("sequence"));
                    let ty = self.anonymous_struct(sub, ctx, format!("{}/{wire}", ctx.path))?;
                    variants.push(variant(&wire, None, ty, occurs(sub.occurs), sub.doc.clone(), true));
                }
                Particle::GroupRef {
                    reference,
                    occurs: ro,
                    pos,
                    doc,
                } => {
                    let at = ctx.src(*pos);
                    let ty = self.group_type(reference, &at)?;
                    let spliced = match &self.b.model.ty(ty).shape {
                        Shape::Union(u) if *ro == Occ::ONE => Some(u.variants.clone()),
                        Shape::Union(_) | Shape::Pending => None,
                        _ => {
                            let wire = unique_wire(&variants, &reference.name);
                            variants.push(variant(&wire, None, ty, occurs(*ro), doc.clone(), true));
                            continue;
                        }
                    };
                    match spliced {
                        Some(vs) => variants.extend(vs),
                        None => {
                            let wire = unique_wire(&variants, &reference.name);
                            let f = field(&reference.name, FieldKind::Flatten, ty, occurs(*ro), at.clone());
                            let wrapper = self.wrapper_struct(vec![f], ctx, &wire, at);
                            variants.push(variant(&wire, None, wrapper, Occurs::ONE, doc.clone(), true));
                        }
                    }
                }
                Particle::Any { occurs: ao, pos, doc } => {
                    let f = self.any_field(*ao, ctx.src(*pos), doc.clone());
                    let wire = unique_wire(&variants, "any");
                    let ty = self.wrapper_struct(vec![f], ctx, &wire, ctx.src(*pos));
                    variants.push(variant(&wire, None, ty, Occurs::ONE, doc.clone(), true));
                }
            }
        }
        Ok(UnionDef {
            variants,
            discriminator: None,
            style: UnionStyle::XmlChoice,
        })
    }

    fn wrapper_struct(&mut self, fields: Vec<Field>, ctx: &Ctx<'s>, name: &str, at: Source) -> TypeId {
        let sd = StructDef {
            fields,
            ..StructDef::default()
        };
        self.b
            .anonymous(ctx.tns(), format!("{}/{name}", ctx.path), at, None, Shape::Struct(sd))
    }

    // ----- elements -----------------------------------------------------------------------

    fn has_substitutes(&self, head: &QName) -> bool {
        self.subst.get(head).is_some_and(|m| !m.is_empty())
    }

    /// The head (unless abstract) and every element that may substitute it, transitively.
    fn substitutes(&self, head: &QName) -> Vec<(QName, Option<String>)> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        let mut stack = vec![head.clone()];
        while let Some(q) = stack.pop() {
            if !seen.insert(q.clone()) {
                continue;
            }
            if let Some(g) = self.elements.get(&q)
                && !g.e.is_abstract
            {
                out.push((q.clone(), g.e.doc.clone()));
            }
            if let Some(members) = self.subst.get(&q) {
                stack.extend(members.iter().rev().cloned());
            }
        }
        out
    }

    fn substitution_union(&mut self, head: &QName, at: &Source) -> Result<TypeId, Error> {
        if let Some(id) = self.subst_ids.get(head) {
            return Ok(*id);
        }
        let mut variants = Vec::new();
        for (q, doc) in self.substitutes(head) {
            let ty = self.element_content(&q, at)?;
            variants.push(variant(&q.name, q.ns.clone(), ty, Occurs::ONE, doc, false));
        }
        let source = self
            .elements
            .get(head)
            .map(|g| g.e.pos.source(&g.schema.file))
            .unwrap_or_else(|| at.clone());
        let u = UnionDef {
            variants,
            discriminator: None,
            style: UnionStyle::XmlChoice,
        };
        let id = self.b.anonymous(
            head.ns.clone(),
            format!("{}/substitutes", head.name),
            source,
            None,
            Shape::Union(u),
        );
        self.subst_ids.insert(head.clone(), id);
        Ok(id)
    }

    /// A particle element → its field (a flattened choice for a substitution group head).
    fn element_field(&mut self, e: &'s Element, ctx: &Ctx<'s>) -> Result<Field, Error> {
        let at = ctx.src(e.pos);
        if let Some(r) = &e.reference {
            let info = self.global_element(r, &at)?;
            if self.has_substitutes(r) {
                let ty = self.substitution_union(r, &at)?;
                let mut f = field(&r.name, FieldKind::Flatten, ty, occurs(e.occurs), at);
                f.doc = e.doc.clone().or_else(|| match info {
                    ElemInfo::Declared(g) => g.e.doc.clone(),
                    ElemInfo::Builtin(_) => None,
                });
                return Ok(f);
            }
            let ty = self.element_content(r, &at)?;
            let mut f = field(
                &r.name,
                FieldKind::Element {
                    namespace: r.ns.clone(),
                },
                ty,
                occurs(e.occurs),
                at,
            );
            f.doc.clone_from(&e.doc);
            if let ElemInfo::Declared(g) = info {
                f.nullable = g.e.nillable;
                f.default = g.e.default.clone().or_else(|| g.e.fixed.clone());
                if f.doc.is_none() {
                    f.doc.clone_from(&g.e.doc);
                }
            }
            return Ok(f);
        }
        let Some(name) = &e.name else {
            return Err(Error::spec(at, "xs:element needs a `name` or a `ref` attribute"));
        };
        let namespace = if e.form.unwrap_or(ctx.schema.element_qualified) {
            ctx.tns()
        } else {
            None
        };
        let ty = if let Some(t) = &e.type_name {
            self.resolve_type(t, &at)?
        } else if let Some(inline) = e.inline.as_deref() {
            let cctx = ctx.child(name);
            if let InlineType::Complex(c) = inline
                && self.base_in_progress(c)
            {
                // A local type deriving from the type being defined (a tree): define it
                // once that one is done.
                let doc = c.doc.clone().or_else(|| e.doc.clone());
                let id = self.declare_anonymous(ctx.tns(), &cctx.path, at.clone(), doc);
                self.deferred.push((id, c, cctx));
                let mut f = field(name, FieldKind::Element { namespace }, id, occurs(e.occurs), at);
                f.nullable = e.nillable;
                f.default = e.default.clone().or_else(|| e.fixed.clone());
                f.doc.clone_from(&e.doc);
                return Ok(f);
            }
            let (shape, doc) = match inline {
                InlineType::Complex(c) => (self.complex_shape(c, &cctx)?, c.doc.clone()),
                InlineType::Simple(s) => (self.simple_shape(s, &cctx)?, s.doc.clone()),
            };
            let doc = doc.or_else(|| e.doc.clone());
            self.b.anonymous(ctx.tns(), cctx.path, at.clone(), doc, shape)
        } else {
            self.any_type()
        };
        let mut f = field(name, FieldKind::Element { namespace }, ty, occurs(e.occurs), at);
        f.nullable = e.nillable;
        f.default = e.default.clone().or_else(|| e.fixed.clone());
        f.doc.clone_from(&e.doc);
        Ok(f)
    }

    // ----- attributes ---------------------------------------------------------------------

    fn attributes(
        &mut self,
        attrs: &'s Attrs,
        ctx: &Ctx<'s>,
        out: &mut Vec<Field>,
        stack: &mut Vec<QName>,
    ) -> Result<(), Error> {
        for item in &attrs.items {
            match item {
                AttrItem::Attr(a) => {
                    if a.use_ == Use::Prohibited {
                        let name = a.name.as_deref().or(a.reference.as_ref().map(|r| r.name.as_str()));
                        out.retain(|f| {
                            !(matches!(f.kind, FieldKind::Attribute { .. }) && Some(f.wire.as_str()) == name)
                        });
                        continue;
                    }
                    let f = self.attribute_field(a, ctx)?;
                    upsert_attribute(out, f);
                }
                AttrItem::Group { reference, pos } => {
                    let at = ctx.src(*pos);
                    if stack.contains(reference) {
                        return Err(Error::spec(
                            at,
                            format!("attribute group `{}` refers to itself", reference.name),
                        ));
                    }
                    match self.attr_groups.get(reference).copied() {
                        Some((g, schema)) => {
                            stack.push(reference.clone());
                            let gctx = Ctx {
                                schema,
                                path: ctx.path.clone(),
                            };
                            self.attributes(&g.attrs, &gctx, out, stack)?;
                            stack.pop();
                        }
                        None => {
                            let fields = self.builtin_attribute_group(reference, &at)?;
                            for f in fields {
                                upsert_attribute(out, f);
                            }
                        }
                    }
                }
            }
        }
        if let Some(pos) = attrs.any
            && !out.iter().any(|f| f.kind == FieldKind::AnyAttribute)
        {
            let s = self.string();
            out.push(field(
                "anyAttribute",
                FieldKind::AnyAttribute,
                s,
                Occurs::MANY,
                ctx.src(pos),
            ));
        }
        Ok(())
    }

    fn attribute_field(&mut self, a: &'s Attribute, ctx: &Ctx<'s>) -> Result<Field, Error> {
        let at = ctx.src(a.pos);
        let o = if a.use_ == Use::Required {
            Occurs::ONE
        } else {
            Occurs::OPTIONAL
        };
        let (wire, namespace, ty, default, doc) = if let Some(r) = &a.reference {
            match self.attributes.get(r).copied() {
                Some((ga, gs)) => {
                    let gctx = Ctx {
                        schema: gs,
                        path: ctx.path.clone(),
                    };
                    let ty = self.attribute_type(ga, &gctx, &r.name)?;
                    (
                        r.name.clone(),
                        r.ns.clone(),
                        ty,
                        ga.default.clone().or_else(|| ga.fixed.clone()),
                        ga.doc.clone(),
                    )
                }
                None => {
                    let ty = self
                        .builtin_attribute(r)
                        .ok_or_else(|| self.unresolved(r, "attribute", &at))?;
                    (r.name.clone(), r.ns.clone(), ty, None, None)
                }
            }
        } else {
            let Some(name) = &a.name else {
                return Err(Error::spec(at, "xs:attribute needs a `name` or a `ref` attribute"));
            };
            let namespace = if a.form.unwrap_or(ctx.schema.attribute_qualified) {
                ctx.tns()
            } else {
                None
            };
            (name.clone(), namespace, self.attribute_type(a, ctx, name)?, None, None)
        };
        let mut f = field(&wire, FieldKind::Attribute { namespace }, ty, o, at);
        f.default = a.default.clone().or_else(|| a.fixed.clone()).or(default);
        f.doc = a.doc.clone().or(doc);
        Ok(f)
    }

    fn attribute_type(&mut self, a: &'s Attribute, ctx: &Ctx<'s>, name: &str) -> Result<TypeId, Error> {
        if let Some(t) = &a.type_name {
            return self.resolve_text_type(t, &ctx.src(a.pos));
        }
        match a.inline.as_deref() {
            Some(st) => self.anonymous_simple(st, &ctx.child(name)),
            None => Ok(self.string()),
        }
    }

    /// Attributes of the namespaces known without a file.
    fn builtin_attribute(&mut self, q: &QName) -> Option<TypeId> {
        let ns = q.ns.as_deref()?;
        if self.namespaces.contains(&Some(ns.to_owned())) {
            return None;
        }
        let p = match (ns, q.name.as_str()) {
            (xml::XML, "base") => Primitive::Uri,
            (xml::XML, "lang" | "space" | "id") => Primitive::String,
            (xml::SOAP_ENC | xml::SOAP12_ENC, "arrayType" | "offset" | "position" | "root" | "id" | "href" | "ref") => {
                Primitive::String
            }
            (xml::SOAP12_ENC, "itemType" | "arraySize" | "nodeType") => Primitive::String,
            (xml::WSDL, "arrayType") => Primitive::String,
            (xml::WSDL, "required") => Primitive::Bool,
            (xml::XMIME, "contentType" | "expectedContentTypes") => Primitive::String,
            (xml::XSI, "type" | "nil" | "schemaLocation" | "noNamespaceSchemaLocation") => Primitive::String,
            (ns, _) if builtin::is_addressing(ns) || self.set.external.contains_key(ns) => Primitive::String,
            _ => return None,
        };
        Some(self.b.primitive(p))
    }

    fn builtin_attribute_group(&mut self, q: &QName, at: &Source) -> Result<Vec<Field>, Error> {
        let ns = q.ns.clone().unwrap_or_default();
        let names: &[&str] = match (ns.as_str(), q.name.as_str()) {
            (xml::XML, "specialAttrs") => &["base", "lang", "space", "id"],
            (xml::SOAP_ENC, "commonAttributes") => &["id", "href"],
            (xml::SOAP_ENC, "arrayAttributes") => &["arrayType", "offset"],
            (xml::SOAP_ENC, "arrayMemberAttributes") => &["offset", "position"],
            (ns, _) if builtin::is_addressing(ns) || self.set.external.contains_key(ns) => {
                self.warn(
                    at.clone(),
                    format!("attribute group `{}` of {ns} is not modelled", q.name),
                );
                &[]
            }
            _ => return Err(self.unresolved(q, "attribute group", at)),
        };
        let mut out = Vec::new();
        for name in names {
            let aq = QName {
                ns: q.ns.clone(),
                name: (*name).to_owned(),
            };
            let ty = self
                .builtin_attribute(&aq)
                .ok_or_else(|| self.unresolved(&aq, "attribute", at))?;
            out.push(field(
                name,
                FieldKind::Attribute {
                    namespace: q.ns.clone(),
                },
                ty,
                Occurs::OPTIONAL,
                at.clone(),
            ));
        }
        Ok(out)
    }

    // ----- simple types -------------------------------------------------------------------

    fn anonymous_simple(&mut self, st: &'s SimpleType, ctx: &Ctx<'s>) -> Result<TypeId, Error> {
        let shape = self.simple_shape(st, ctx)?;
        Ok(self
            .b
            .anonymous(ctx.tns(), ctx.path.clone(), ctx.src(st.pos), st.doc.clone(), shape))
    }

    fn simple_shape(&mut self, st: &'s SimpleType, ctx: &Ctx<'s>) -> Result<Shape, Error> {
        let at = ctx.src(st.pos);
        match &st.variety {
            Variety::Restriction {
                base,
                inline_base,
                facets,
            } => {
                let base_id = match (base, inline_base) {
                    (_, Some(ib)) => self.anonymous_simple(ib, &ctx.child("base"))?,
                    (Some(b), None) => self.simple_component(b, &at)?,
                    (None, None) => self.string(),
                };
                self.restriction_shape(base_id, facets, &at)
            }
            Variety::List { item, inline_item } => {
                let item = match (item, inline_item) {
                    (_, Some(ii)) => self.anonymous_simple(ii, &ctx.child("item"))?,
                    (Some(q), None) => self.simple_component(q, &at)?,
                    (None, None) => self.string(),
                };
                Ok(Shape::List { item })
            }
            Variety::Union { members, inline } => {
                let mut variants = Vec::new();
                for m in members {
                    let ty = self.simple_component(m, &at)?;
                    variants.push(variant(&m.name, None, ty, Occurs::ONE, None, false));
                }
                for (i, s) in inline.iter().enumerate() {
                    let name = format!("member{}", i + 1);
                    let ty = self.anonymous_simple(s, &ctx.child(&name))?;
                    variants.push(variant(&name, None, ty, Occurs::ONE, s.doc.clone(), false));
                }
                Ok(Shape::Union(UnionDef {
                    variants,
                    discriminator: None,
                    style: UnionStyle::XmlSimpleUnion,
                }))
            }
        }
    }

    /// A named type a simple type is built from (its base, list item or union member),
    /// defined before it: simple types cannot be recursive, so meeting one whose definition
    /// is under way is a located error ("circular type derivation") rather than a type that
    /// contains itself.
    fn simple_component(&mut self, q: &QName, at: &Source) -> Result<TypeId, Error> {
        let id = self.resolve_text_type(q, at)?;
        self.enter(at)?;
        let defined = self.shape_of(id, at).map(|_| ());
        self.depth -= 1;
        defined?;
        Ok(id)
    }

    fn restriction_shape(&mut self, base: TypeId, r: &Restriction, at: &Source) -> Result<Shape, Error> {
        if !r.enums.is_empty() {
            let base = self.primitive_of(base, at)?;
            let values = r
                .enums
                .iter()
                .map(|e| EnumValue {
                    wire: e.value.clone(),
                    doc: e.doc.clone(),
                    rust_name: String::new(),
                })
                .collect();
            return Ok(Shape::Enum(EnumDef { base, values }));
        }
        if !r.facets.is_empty() {
            return Ok(Shape::Newtype {
                inner: base,
                facets: r.facets.clone(),
            });
        }
        Ok(Shape::Alias(base))
    }

    /// The primitive under a simple type.
    fn primitive_of(&mut self, mut id: TypeId, at: &Source) -> Result<Primitive, Error> {
        for _ in 0..64 {
            id = match self.shape_of(id, at)? {
                Shape::Primitive(p) => return Ok(*p),
                Shape::Enum(e) => return Ok(e.base),
                Shape::Newtype { inner, .. } => *inner,
                Shape::Alias(x) => *x,
                Shape::Struct(s) => match s.fields.iter().find(|f| f.kind == FieldKind::Text) {
                    Some(f) => f.ty,
                    None => return Ok(Primitive::String),
                },
                _ => return Ok(Primitive::String),
            };
        }
        Err(Error::spec(at.clone(), "simple type derivation is circular"))
    }

    // ----- SOAP encoding ------------------------------------------------------------------

    /// A restriction of `soapenc:Array` → a struct with one repeated, unqualified element.
    fn soap_array(
        &mut self,
        particle: Option<&'s Particle>,
        attrs: &'s Attrs,
        ctx: &Ctx<'s>,
        at: &Source,
    ) -> Result<Shape, Error> {
        let mut item_ty = None;
        let mut info = SoapArray {
            item_type: None,
            inner_dims: String::new(),
        };
        for item in &attrs.items {
            if let AttrItem::Attr(a) = item
                && let Some((q, dims)) = &a.array_type
            {
                let mut ty = self.resolve_type(q, &ctx.src(a.pos))?;
                let levels = dims.matches('[').count();
                info = SoapArray {
                    item_type: Some((q.ns.clone(), q.name.clone())),
                    inner_dims: "[]".repeat(levels.saturating_sub(1)),
                };
                // `T[][]`: an array of arrays.
                for level in 1..levels {
                    let inner = SoapArray {
                        item_type: Some((q.ns.clone(), q.name.clone())),
                        inner_dims: "[]".repeat(levels - 1 - level),
                    };
                    let f = field(
                        "item",
                        FieldKind::Element { namespace: None },
                        ty,
                        Occurs::MANY,
                        at.clone(),
                    );
                    let sd = StructDef {
                        fields: vec![f],
                        soap_array: Some(inner),
                        ..StructDef::default()
                    };
                    ty = self.b.anonymous(
                        ctx.tns(),
                        format!("{}/item{level}", ctx.path),
                        at.clone(),
                        None,
                        Shape::Struct(sd),
                    );
                }
                item_ty = Some(ty);
            }
        }
        let mut wire = "item".to_owned();
        if let Some(e) = particle.and_then(first_element) {
            let f = self.element_field(e, ctx)?;
            wire = f.wire;
            if item_ty.is_none() && f.kind != FieldKind::Flatten {
                item_ty = Some(f.ty);
            }
        }
        let ty = match item_ty {
            Some(t) => t,
            None => {
                self.warn(
                    at.clone(),
                    "SOAP-encoded array without wsdl:arrayType or item element: items are opaque",
                );
                self.any_type()
            }
        };
        let f = field(
            &wire,
            FieldKind::Element { namespace: None },
            ty,
            Occurs::MANY,
            at.clone(),
        );
        Ok(Shape::Struct(StructDef {
            fields: vec![f],
            soap_array: Some(info),
            ..StructDef::default()
        }))
    }
}

fn first_element(p: &Particle) -> Option<&Element> {
    match p {
        Particle::Element(e) => Some(e),
        Particle::Group(g) => g.items.iter().find_map(first_element),
        _ => None,
    }
}

fn unique_wire(variants: &[Variant], base: &str) -> String {
    if !variants.iter().any(|v| v.wire == base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}{n}"))
        .find(|w| !variants.iter().any(|v| v.wire == *w))
        .unwrap_or_default()
}
