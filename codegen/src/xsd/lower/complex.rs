//! Complex types: plain content, simple and complex extensions and restrictions (the base's
//! fields first), mixed content, and the restrictions of `soapenc:Array`.

use super::{Ctx, Lowerer, field};
use crate::Error;
use crate::model::{FieldKind, Occurs, Shape, SoapArray, Source, StructDef};
use crate::xsd::raw::{AttrItem, Attrs, ComplexType, Content, Element, Particle};
use crate::xsd::xml::{self, is_xs};

impl<'s, 'f> Lowerer<'s, 'f> {
    pub(super) fn complex_shape_inner(&mut self, ct: &'s ComplexType, ctx: &Ctx<'s>) -> Result<Shape, Error> {
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
