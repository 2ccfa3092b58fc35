//! Attributes: local, referenced and built-in attributes, attribute groups (a group that
//! refers to itself is a located error), prohibited uses and `xs:anyAttribute`.

use super::{Ctx, Lowerer, field};
use crate::Error;
use crate::model::{Field, FieldKind, Occurs, Primitive, Source, TypeId};
use crate::xsd::builtin;
use crate::xsd::raw::{AttrItem, Attribute, Attrs, Use};
use crate::xsd::xml::{self, QName};

impl<'s, 'f> Lowerer<'s, 'f> {
    pub(super) fn attributes(
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
}

/// Replace an attribute field of the same name and namespace, or append.
fn upsert_attribute(fields: &mut Vec<Field>, f: Field) {
    match fields.iter().position(|x| x.kind == f.kind && x.wire == f.wire) {
        Some(i) => fields[i] = f,
        None => fields.push(f),
    }
}
