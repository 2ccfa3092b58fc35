//! The short labels the report uses for services, operations, fields, types and values.

use std::collections::BTreeSet;

use super::classify::facet_changes;
use crate::model::{
    Binding, Facets, Field, FieldKind, Occurs, Operation, ParamLocation, Primitive, SecurityScheme, Service, Status,
    TypeKind, UnionStyle,
};

pub(super) fn svc_name<'s>(p: &(Option<&'s Service>, Option<&'s Service>)) -> &'s str {
    p.1.or(p.0).map(|s| s.name.as_str()).unwrap_or("")
}

pub(super) fn join(s: &BTreeSet<String>) -> String {
    s.iter().cloned().collect::<Vec<_>>().join(", ")
}

pub(super) fn scheme_label(s: &SecurityScheme) -> String {
    match s {
        SecurityScheme::Basic => "basic".into(),
        SecurityScheme::Bearer => "bearer".into(),
        SecurityScheme::ApiKey { location, name } => format!("api-key ({location} {name})"),
        SecurityScheme::OAuth2 => "oauth2".into(),
    }
}

pub(super) fn binding_label(b: &Binding) -> String {
    match b {
        Binding::Soap(s) => format!("SOAP action \"{}\"", s.action.clone().unwrap_or_default()),
        Binding::Http(h) => format!("{} {}", h.method.as_str(), h.path),
    }
}

pub(super) fn op_label(op: &Operation) -> String {
    format!("{} ({})", op.name, binding_label(&op.binding))
}

pub(super) fn qname(e: &(Option<String>, String)) -> String {
    match &e.0 {
        Some(ns) => format!("{{{ns}}}{}", e.1),
        None => e.1.clone(),
    }
}

pub(super) fn ns_label(ns: &Option<String>) -> String {
    ns.clone().unwrap_or_else(|| "(no namespace)".into())
}

pub(super) fn loc_label(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Form => "form",
    }
}

pub(super) fn req_label(r: bool) -> String {
    if r { "required".into() } else { "optional".into() }
}

pub(super) fn list_label(l: bool) -> String {
    if l { "repeated".into() } else { "single".into() }
}

pub(super) fn status_label(s: Status) -> String {
    match s {
        Status::Code(c) => c.to_string(),
        Status::Range(d) => format!("{d}XX"),
        Status::Default => "default".into(),
    }
}

pub(super) fn is_success(s: Status) -> bool {
    matches!(s, Status::Code(200..=299) | Status::Range(2))
}

pub(super) fn style_label(s: UnionStyle) -> &'static str {
    match s {
        UnionStyle::XmlChoice => "xs:choice",
        UnionStyle::XmlSimpleUnion => "xs:union",
        UnionStyle::Json => "oneOf/anyOf",
        UnionStyle::XsiType { .. } => "xsi:type",
    }
}

pub(super) fn kind_label(k: &FieldKind) -> &'static str {
    match k {
        FieldKind::Element { .. } => "element",
        FieldKind::Attribute { .. } => "attribute",
        FieldKind::Text => "text content",
        FieldKind::AnyElement => "any element",
        FieldKind::AnyAttribute => "any attribute",
        FieldKind::Property => "property",
        FieldKind::Flatten => "group",
        FieldKind::MixedText => "mixed text",
    }
}

pub(super) fn is_wire_element(k: &FieldKind) -> bool {
    matches!(
        k,
        FieldKind::Element { .. } | FieldKind::AnyElement | FieldKind::Flatten
    )
}

pub(super) fn field_ns(k: &FieldKind) -> Option<String> {
    match k {
        FieldKind::Element { namespace } | FieldKind::Attribute { namespace } => namespace.clone(),
        _ => None,
    }
}

pub(super) fn field_label(f: &Field) -> String {
    match f.kind {
        FieldKind::Attribute { .. } => format!("@{}", f.wire),
        FieldKind::Text | FieldKind::MixedText => "#text".into(),
        FieldKind::AnyElement => "#any".into(),
        FieldKind::AnyAttribute => "@*".into(),
        FieldKind::Flatten => format!("({})", f.wire),
        _ => f.wire.clone(),
    }
}

pub(super) fn field_key(f: &Field) -> String {
    format!("{}:{}", kind_class(&f.kind), f.wire)
}

pub(super) fn occurs_label(o: Occurs) -> String {
    match o.max {
        Some(m) if m == o.min => o.min.to_string(),
        Some(m) => format!("{}..{m}", o.min),
        None => format!("{}..*", o.min),
    }
}

pub(super) fn type_key_label(t: &crate::model::TypeDef) -> String {
    let kind = match t.key.kind {
        TypeKind::Element => "element ",
        TypeKind::ComplexType => "complexType ",
        TypeKind::SimpleType => "simpleType ",
        TypeKind::Schema => "schema ",
        TypeKind::Anonymous => "anonymous ",
        TypeKind::Builtin => "",
    };
    match &t.key.namespace {
        Some(ns) if t.key.kind != TypeKind::Schema => format!("{kind}{{{ns}}}{}", t.key.name),
        _ => format!("{kind}{}", t.key.name),
    }
}

pub(super) fn kind_class(k: &FieldKind) -> u8 {
    match k {
        FieldKind::Element { .. } => 0,
        FieldKind::Attribute { .. } => 1,
        FieldKind::Text => 2,
        FieldKind::AnyElement => 3,
        FieldKind::AnyAttribute => 4,
        FieldKind::Property => 5,
        FieldKind::Flatten => 6,
        FieldKind::MixedText => 7,
    }
}

pub(super) fn facets_label(f: &Facets) -> String {
    let mut parts = Vec::new();
    for (name, _, _, new) in facet_changes(&Facets::default(), f) {
        if let Some(v) = new {
            parts.push(format!("{name}={v}"));
        }
    }
    parts.join(", ")
}

/// XSD-style name of a primitive.
pub fn prim_name(p: Primitive) -> &'static str {
    use Primitive::*;
    match p {
        String => "string",
        Bool => "boolean",
        I8 => "byte",
        I16 => "short",
        I32 => "int",
        I64 => "long",
        U8 => "unsignedByte",
        U16 => "unsignedShort",
        U32 => "unsignedInt",
        U64 => "unsignedLong",
        Integer => "integer",
        Decimal => "decimal",
        F32 => "float",
        F64 => "double",
        Date => "date",
        DateTime => "dateTime",
        Time => "time",
        Duration => "duration",
        Base64 => "base64Binary",
        HexBinary => "hexBinary",
        Uri => "anyURI",
        Uuid => "uuid",
        QName => "QName",
        Any => "any",
        Niss => "NISS",
        Nif => "NIF",
        Nipc => "NIPC",
        ResultCode => "result code",
    }
}
