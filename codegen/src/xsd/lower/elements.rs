//! Elements: a global element's definition, an element particle → its field, and the
//! substitution groups that make a reference to their head a choice of their members.

use std::collections::BTreeSet;

use super::{Ctx, ElemInfo, Lowerer, field, occurs, variant};
use crate::Error;
use crate::model::{Field, FieldKind, Occurs, Shape, Source, TypeId, UnionDef, UnionStyle};
use crate::xsd::raw::{Element, InlineType, Schema};
use crate::xsd::xml::QName;

impl<'s, 'f> Lowerer<'s, 'f> {
    pub(super) fn global_element_shape(&mut self, e: &'s Element, schema: &'s Schema) -> Result<Shape, Error> {
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

    pub(super) fn has_substitutes(&self, head: &QName) -> bool {
        self.subst.get(head).is_some_and(|m| !m.is_empty())
    }

    /// The head (unless abstract) and every element that may substitute it, transitively.
    pub(super) fn substitutes(&self, head: &QName) -> Vec<(QName, Option<String>)> {
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
    pub(super) fn element_field(&mut self, e: &'s Element, ctx: &Ctx<'s>) -> Result<Field, Error> {
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
}
