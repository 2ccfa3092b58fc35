//! Content models: the particle under a type, sequences and `all` groups (fields, or
//! flattened nested structs), choices (unions), and named model groups (expanded in place
//! or lowered once as a type; a group that contains itself is a located error).

use super::{Ctx, Lowerer, field, occurs, variant};
use crate::Error;
use crate::model::{
    Field, FieldKind, Occurs, Shape, Source, StructDef, TypeId, TypeKey, TypeKind, UnionDef, UnionStyle, Variant,
};
use crate::xsd::raw::{Attrs, Compositor, ModelGroup, NamedGroup, Occ, Particle, Schema};
use crate::xsd::xml::QName;

impl<'s, 'f> Lowerer<'s, 'f> {
    /// A content model that is only a choice (once, no attributes, not mixed): the type is
    /// the choice itself.
    pub(super) fn choice_only(
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
    pub(super) fn group_alias(
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
    pub(super) fn top_particle(&mut self, p: &'s Particle, ctx: &Ctx<'s>, sd: &mut StructDef) -> Result<(), Error> {
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
