//! Built-in knowledge: the XSD primitive types and the namespaces a spec may use without
//! shipping their schema (XML, SOAP encoding, WSDL, xmime, XOP, WS-Addressing), plus the
//! well-known remote schemas whose components stay opaque when they are not in the set.

use super::xml;
use crate::model::Primitive;

/// What an XSD built-in type name maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Builtin {
    Primitive(Primitive),
    /// NMTOKENS, IDREFS, ENTITIES: a list of strings.
    StringList,
    /// xs:anyType: opaque.
    AnyType,
}

/// The XSD built-in type `name` (also used for the SOAP-encoding types of the same names).
pub(crate) fn xs_type(name: &str) -> Option<Builtin> {
    use Primitive as P;
    Some(Builtin::Primitive(match name {
        "string" | "normalizedString" | "token" | "language" | "Name" | "NCName" | "ID" | "IDREF" | "ENTITY"
        | "NMTOKEN" | "gYear" | "gYearMonth" | "gMonth" | "gMonthDay" | "gDay" | "NOTATION" | "anySimpleType"
        | "anyAtomicType" | "dayTimeDuration" | "yearMonthDuration" => P::String,
        "int" => P::I32,
        "long" => P::I64,
        "short" => P::I16,
        "byte" => P::I8,
        "unsignedInt" => P::U32,
        "unsignedLong" => P::U64,
        "unsignedShort" => P::U16,
        "unsignedByte" => P::U8,
        "integer" | "nonNegativeInteger" | "positiveInteger" | "negativeInteger" | "nonPositiveInteger" => P::Integer,
        "decimal" => P::Decimal,
        "float" => P::F32,
        "double" => P::F64,
        "boolean" => P::Bool,
        "date" => P::Date,
        "dateTime" | "dateTimeStamp" => P::DateTime,
        "time" => P::Time,
        "duration" => P::Duration,
        "base64Binary" => P::Base64,
        "hexBinary" => P::HexBinary,
        "anyURI" => P::Uri,
        "QName" => P::QName,
        "NMTOKENS" | "IDREFS" | "ENTITIES" => return Some(Builtin::StringList),
        "anyType" => return Some(Builtin::AnyType),
        _ => return None,
    }))
}

/// Namespaces known without a file.
pub(crate) fn is_builtin_namespace(ns: Option<&str>) -> bool {
    xml::is_xs(ns)
        || matches!(
            ns,
            Some(
                xml::XML
                    | xml::XSI
                    | xml::SOAP_ENC
                    | xml::SOAP12_ENC
                    | xml::WSDL
                    | xml::XMIME
                    | xml::XOP
                    | xml::WSA
                    | xml::WSA_2004
            )
        )
}

/// WS-Addressing namespaces (components are opaque).
pub(crate) fn is_addressing(ns: &str) -> bool {
    matches!(ns, xml::WSA | xml::WSA_2004)
}

/// Standard schemas usually imported by absolute URL and rarely shipped with a WSDL: when
/// the set does not contain them, their components are opaque (with a warning) instead of
/// an error.
pub(crate) fn is_well_known_external(ns: &str) -> bool {
    matches!(
        ns,
        "http://docs.oasis-open.org/wsn/b-2"
            | "http://docs.oasis-open.org/wsn/t-1"
            | "http://docs.oasis-open.org/wsn/br-2"
            | "http://docs.oasis-open.org/wsn/bw-2"
            | "http://docs.oasis-open.org/wsrf/bf-2"
            | "http://docs.oasis-open.org/wsrf/r-2"
            | "http://docs.oasis-open.org/wsrf/rp-2"
            | "http://docs.oasis-open.org/wsrf/rw-2"
            | "http://docs.oasis-open.org/wsrf/rl-2"
            | "http://schemas.xmlsoap.org/soap/envelope/"
            | "http://www.w3.org/2003/05/soap-envelope"
            | "http://www.w3.org/2000/09/xmldsig#"
            | "http://www.w3.org/2001/04/xmlenc#"
            | "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
            | "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
            | "http://schemas.xmlsoap.org/ws/2004/09/policy"
            | "http://www.w3.org/ns/ws-policy"
            | "urn:mpeg:mpqf:schema:2008"
    )
}
