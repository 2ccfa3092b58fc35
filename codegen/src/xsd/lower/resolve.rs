//! Names → type ids: the XSD built-ins, the types of namespaces known without a file
//! (SOAP encoding, XOP, xmime, WS-Addressing and other well-known schemas), global
//! elements, and what lenient mode puts in place of an undefined name.

use super::{ElemInfo, Lowerer, field};
use crate::Error;
use crate::model::{FieldKind, Occurs, Primitive, Shape, Source, StructDef, TypeId, TypeKey, TypeKind, Warning};
use crate::xsd::builtin::{self, Builtin};
use crate::xsd::xml::{self, QName, is_xs};

impl<'s, 'f> Lowerer<'s, 'f> {
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

    pub(super) fn any_type(&mut self) -> TypeId {
        if let Some(id) = self.any_ids.0 {
            return id;
        }
        let id = self.intern(xml::XS, "anyType", TypeKind::Builtin, |_| Shape::Opaque {
            reason: "xs:anyType".into(),
        });
        self.any_ids.0 = Some(id);
        id
    }

    pub(super) fn any_element_type(&mut self) -> TypeId {
        if let Some(id) = self.any_ids.1 {
            return id;
        }
        let id = self.intern(xml::XS, "any", TypeKind::Builtin, |_| Shape::Opaque {
            reason: "xs:any: any element, kept as raw XML".into(),
        });
        self.any_ids.1 = Some(id);
        id
    }

    pub(super) fn string(&mut self) -> TypeId {
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
    pub(super) fn opaque_component(&mut self, q: &QName, kind: TypeKind) -> Option<TypeId> {
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
    pub(super) fn unresolved(&self, q: &QName, what: &str, at: &Source) -> Error {
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
    pub(super) fn resolve_text_type(&mut self, q: &QName, at: &Source) -> Result<TypeId, Error> {
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

    pub(super) fn global_element(&mut self, q: &QName, at: &Source) -> Result<ElemInfo<'s>, Error> {
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
}

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
