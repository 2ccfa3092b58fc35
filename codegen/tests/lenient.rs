//! Lenient mode: an undefined XSD type or element, or a `$ref` that points to nothing,
//! becomes an opaque value with a warning naming where it was; strict mode (the default)
//! refuses the spec with a located error. The specs are the conformance fixture's
//! (`xtask/tests/fixtures/conformance/`).

use psi_codegen::model::{Binding, Model, Shape};
use psi_codegen::{Options, SpecFiles, SpecInput, SpecKind};

const WSDL: &str = include_str!("../../xtask/tests/fixtures/conformance/wsdl/undefined-type.wsdl");
const OPENAPI: &str = include_str!("../../xtask/tests/fixtures/conformance/openapi/dangling.json");
const SWAGGER: &str = include_str!("../../xtask/tests/fixtures/conformance/swagger2/pedidos.yaml");

fn input(entry: &str, kind: SpecKind, lenient: bool) -> SpecInput {
    SpecInput {
        id: "t".into(),
        title: "t".into(),
        kind: Some(kind),
        entry: entry.into(),
        provenance: "test".into(),
        lenient,
        ..SpecInput::default()
    }
}

fn load(entry: &str, text: &str, kind: SpecKind, lenient: bool) -> Result<Model, psi_codegen::Error> {
    let mut files = SpecFiles::new();
    files.insert(entry, text.as_bytes());
    psi_codegen::load(&input(entry, kind, lenient), &files)
}

fn warnings(m: &Model) -> Vec<String> {
    m.warnings.iter().map(ToString::to_string).collect()
}

fn operations(m: &Model) -> usize {
    m.services.iter().map(|s| s.operations.len()).sum()
}

fn opaque_named(m: &Model, name: &str) -> bool {
    m.types
        .iter()
        .any(|t| t.key.name == name && matches!(t.shape, Shape::Opaque { .. }))
}

/// Generate the loaded model; every file must be produced.
fn generates(entry: &str, text: &str, kind: SpecKind) -> String {
    let mut files = SpecFiles::new();
    files.insert(entry, text.as_bytes());
    let generated = psi_codegen::generate_all(&[input(entry, kind, true)], &files, &Options::default())
        .unwrap_or_else(|e| panic!("{e}"));
    generated.files.values().cloned().collect::<Vec<_>>().join("\n")
}

#[test]
fn strict_refuses_an_undefined_xsd_type_with_its_location() {
    let e = load("a.wsdl", WSDL, SpecKind::Wsdl, false).unwrap_err().to_string();
    assert!(e.starts_with("a.wsdl:16:"), "{e}");
    assert!(e.contains("type `TDate`") && e.contains("is not defined"), "{e}");
}

#[test]
fn lenient_keeps_an_undefined_xsd_type_as_raw_xml_and_the_rest_generates() {
    let m = load("a.wsdl", WSDL, SpecKind::Wsdl, true).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(operations(&m), 2);
    assert!(
        m.services[0]
            .operations
            .iter()
            .all(|o| matches!(o.binding, Binding::Soap(_)))
    );
    let w = warnings(&m);
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(
        w.iter()
            .any(|w| w.starts_with("a.wsdl:16:") && w.contains("`TDate`") && w.contains("kept as raw XML")),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|w| w.starts_with("a.wsdl:18:") && w.contains("`TPrioridade`") && w.contains("kept as text")),
        "{w:?}"
    );
    assert!(opaque_named(&m, "TDate"));
    let code = generates("a.wsdl", WSDL, SpecKind::Wsdl);
    assert!(code.contains("pub type TDate = crate::rt::xml::RawXml;"), "{code}");
    assert!(code.contains("pub type TPrioridade = ::std::string::String;"), "{code}");
}

#[test]
fn strict_refuses_a_dangling_ref_with_its_pointer() {
    let e = load("f.json", OPENAPI, SpecKind::OpenApi3, false)
        .unwrap_err()
        .to_string();
    assert!(e.contains("points to nothing"), "{e}");
    assert!(e.starts_with("f.json#/components/schemas/"), "{e}");
}

#[test]
fn lenient_keeps_a_dangling_ref_as_a_json_value() {
    let m = load("f.json", OPENAPI, SpecKind::OpenApi3, true).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(operations(&m), 1);
    let w = warnings(&m);
    // The allOf part, the property, and the oneOf alternative.
    for (at, what) in [
        ("f.json#/components/schemas/Fatura/allOf/2", "left out of the allOf"),
        (
            "f.json#/components/schemas/Fatura/allOf/1/properties/cliente",
            "kept as a JSON value",
        ),
        (
            "f.json#/components/schemas/Fatura/allOf/1/properties/pagamento/oneOf/1",
            "kept as a JSON value",
        ),
    ] {
        assert!(
            w.iter().any(|w| w.starts_with(&format!("{at}: ")) && w.contains(what)),
            "{at}: {w:?}"
        );
    }
    assert!(opaque_named(&m, "Cliente") && opaque_named(&m, "Transferencia"));
    assert!(!opaque_named(&m, "Documento") && !opaque_named(&m, "Auditoria"));
    let code = generates("f.json", OPENAPI, SpecKind::OpenApi3);
    assert!(code.contains("pub type Cliente = crate::rt::JsonValue;"), "{code}");
}

#[test]
fn lenient_swagger2_keeps_the_operation_and_says_what_is_not_modelled() {
    assert!(load("p.yaml", SWAGGER, SpecKind::Swagger2, false).is_err());
    let m = load("p.yaml", SWAGGER, SpecKind::Swagger2, true).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(operations(&m), 1);
    let w = warnings(&m);
    assert!(
        w.iter()
            .any(|w| w.starts_with("p.yaml#/definitions/Pedido/properties/morada: ")),
        "{w:?}"
    );
    // Declared response headers are modelled now: no warning about them.
    assert!(!w.iter().any(|w| w.contains("response headers")), "{w:?}");
    let Binding::Http(h) = &m.services[0].operations[0].binding else {
        panic!("not REST")
    };
    let headers: Vec<&str> = h
        .responses
        .iter()
        .flat_map(|r| r.headers.iter().map(|h| h.wire.as_str()))
        .collect();
    assert_eq!(headers, ["ETag"]);
}

#[test]
fn lenient_names_the_missing_import_at_each_use() {
    let xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:c="urn:core" targetNamespace="urn:a">
  <xs:import namespace="urn:core" schemaLocation="core.xsd"/>
  <xs:element name="Pedido" type="c:Pedido"/>
</xs:schema>"#;
    let strict = load("a.xsd", xsd, SpecKind::Xsd, false).unwrap_err().to_string();
    assert!(
        strict.starts_with("a.xsd:2:3: `core.xsd` is not in the spec set"),
        "{strict}"
    );
    let m = load("a.xsd", xsd, SpecKind::Xsd, true).unwrap_or_else(|e| panic!("{e}"));
    let w = warnings(&m);
    assert!(
        w.iter().any(|w| w.starts_with("a.xsd:3:3: type `Pedido` is in namespace urn:core, whose import `core.xsd` (a.xsd:2:3) is not in the spec set; kept as raw XML")),
        "{w:?}"
    );
}
