//! What a spec file is, read from the document itself: the root element of an XML
//! document, the top-level keys of a YAML or JSON one; and the files an XML spec imports.

use serde_json::Value;

use crate::model::{Position, Source};
use crate::xsd::xml::{self, is_xs};
use crate::{Error, SpecKind};

/// Detect a spec's language by parsing it: an XML document whose root is
/// `wsdl:definitions` (WSDL 1.1) or `xs:schema`, or a YAML or JSON document whose top-level
/// mapping has an `openapi` or a `swagger` key (at any indentation, in any order). `None`
/// for anything else, including a document that does not parse.
pub fn detect_kind(path: &str, bytes: &[u8]) -> Option<SpecKind> {
    detect(path, bytes).ok()
}

/// [`detect_kind`], with the reason when there is no answer: the located parse error of a
/// document that does not parse, or a document of no spec language.
pub(crate) fn detect(path: &str, bytes: &[u8]) -> Result<SpecKind, Error> {
    let neither = || {
        Error::spec(
            Source {
                file: path.to_owned(),
                at: Position::File,
            },
            "cannot tell which spec language this file is in",
        )
    };
    if looks_like_xml(path, bytes) {
        let text = crate::text::decode_xml(path, bytes)?;
        let doc = xml::parse_document(path, &text)?;
        let root = doc.root_element();
        let ns = root.tag_name().namespace();
        return match root.tag_name().name() {
            "definitions" if ns == Some(xml::WSDL) => Ok(SpecKind::Wsdl),
            "schema" if is_xs(ns) => Ok(SpecKind::Xsd),
            _ => Err(neither()),
        };
    }
    let Value::Object(top) = crate::oas::doc::parse(path, bytes)? else {
        return Err(neither());
    };
    if top.contains_key("openapi") {
        Ok(SpecKind::OpenApi3)
    } else if top.contains_key("swagger") {
        Ok(SpecKind::Swagger2)
    } else {
        Err(neither())
    }
}

fn looks_like_xml(path: &str, bytes: &[u8]) -> bool {
    let lower = path.to_ascii_lowercase();
    if [".wsdl", ".xsd", ".xml"].iter().any(|e| lower.ends_with(e)) {
        return true;
    }
    let head = &bytes[..bytes.len().min(512)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let first = head.iter().position(|b| !b.is_ascii_whitespace());
    // `<` starts an XML document; UTF-16 text (a zero byte) is XML too in practice.
    first.is_some_and(|i| head[i] == b'<') || head.contains(&0)
}

/// The locations an XML spec file imports, as written: the `location` of every
/// `wsdl:import`, the `schemaLocation` of every `xs:import`, `xs:include`, `xs:redefine` and
/// `xs:override` (inline schemas of a WSDL included). Empty when the file is not XML or does
/// not parse.
pub fn xml_imports(path: &str, bytes: &[u8]) -> Vec<String> {
    let Ok(text) = crate::text::decode_xml(path, bytes) else {
        return Vec::new();
    };
    let Ok(doc) = xml::parse_document(path, &text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for node in doc.descendants().filter(roxmltree::Node::is_element) {
        let tag = node.tag_name();
        let attr = match (tag.namespace(), tag.name()) {
            (Some(xml::WSDL), "import") => "location",
            (ns, "import" | "include" | "redefine" | "override") if is_xs(ns) => "schemaLocation",
            _ => continue,
        };
        if let Some(location) = node.attribute(attr) {
            out.push(location.trim().to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_level_keys_at_any_indentation() {
        let indented = b"# comment\n  openapi: 3.0.3\n  info:\n    title: t\n";
        assert_eq!(detect_kind("a.yaml", indented), Some(SpecKind::OpenApi3));
        let json = b"{\n        \"info\": {},\n        \"swagger\": \"2.0\"\n}";
        assert_eq!(detect_kind("a.json", json), Some(SpecKind::Swagger2));
        let nested = b"tool:\n  openapi: 3.0.3\nswaggerish: 1\n";
        assert_eq!(detect_kind("a.yaml", nested), None);
        assert_eq!(detect_kind("a.yaml", b"openapi: [unclosed"), None);
    }

    #[test]
    fn xml_roots() {
        let wsdl = br#"<?xml version="1.0"?><w:definitions xmlns:w="http://schemas.xmlsoap.org/wsdl/"/>"#;
        assert_eq!(detect_kind("x", wsdl), Some(SpecKind::Wsdl));
        let xsd = br#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>"#;
        assert_eq!(detect_kind("s.xsd", xsd), Some(SpecKind::Xsd));
        // A `definitions` element of another namespace is no WSDL.
        assert_eq!(detect_kind("d.wsdl", b"<definitions/>"), None);
    }

    #[test]
    fn imports_are_read_from_the_elements_that_import() {
        let wsdl = br#"<w:definitions xmlns:w="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <w:import namespace="urn:a" location="a.wsdl"/>
  <w:documentation>location="not-an-import.xsd"</w:documentation>
  <w:types><xs:schema><xs:import schemaLocation=" http://x.example/s?xsd=1 "/><xs:include schemaLocation="b.xsd"/></xs:schema></w:types>
</w:definitions>"#;
        assert_eq!(
            xml_imports("s.wsdl", wsdl),
            ["a.wsdl", "http://x.example/s?xsd=1", "b.xsd"]
        );
    }
}
