//! Simple types: restrictions (enumerations, facets), lists and unions; a simple type's
//! components are defined before it, so a derivation cycle is a located error.

use super::{Ctx, Lowerer, variant};
use crate::Error;
use crate::model::{EnumDef, EnumValue, FieldKind, Occurs, Primitive, Shape, Source, TypeId, UnionDef, UnionStyle};
use crate::xsd::raw::{Restriction, SimpleType, Variety};
use crate::xsd::xml::QName;

impl<'s, 'f> Lowerer<'s, 'f> {
    pub(super) fn anonymous_simple(&mut self, st: &'s SimpleType, ctx: &Ctx<'s>) -> Result<TypeId, Error> {
        let shape = self.simple_shape(st, ctx)?;
        Ok(self
            .b
            .anonymous(ctx.tns(), ctx.path.clone(), ctx.src(st.pos), st.doc.clone(), shape))
    }

    pub(super) fn simple_shape(&mut self, st: &'s SimpleType, ctx: &Ctx<'s>) -> Result<Shape, Error> {
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

    pub(super) fn restriction_shape(&mut self, base: TypeId, r: &Restriction, at: &Source) -> Result<Shape, Error> {
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
}
