//! Hostile and broken specs (`tests/fixtures/hostile/`): each gives a located error, never
//! an abort, a hang or generated code that cannot compile.

use std::path::Path;

use psi_codegen::{Options, SpecFiles, SpecInput, SpecKind};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn input(entry: &str, kind: SpecKind) -> SpecInput {
    SpecInput {
        id: "hostile".into(),
        title: "Hostile".into(),
        kind: Some(kind),
        entry: entry.into(),
        provenance: "reconstructed".into(),
        ..SpecInput::default()
    }
}

/// Load and generate one file; the error's text, or the generated files.
fn run(entry: &str, kind: SpecKind, bytes: Vec<u8>) -> Result<Vec<String>, String> {
    let mut files = SpecFiles::new();
    files.insert(entry, bytes);
    psi_codegen::generate_all(&[input(entry, kind)], &files, &Options::default())
        .map(|g| g.files.into_values().collect())
        .map_err(|e| e.to_string())
}

fn error(entry: &str, kind: SpecKind) -> String {
    match run(entry, kind, fixture(entry)) {
        Ok(_) => panic!("{entry} was accepted"),
        Err(e) => e,
    }
}

#[test]
fn entity_amplification_is_refused_before_expansion() {
    let err = error("entity-amplification.wsdl", SpecKind::Wsdl);
    assert!(
        err.starts_with("entity-amplification.wsdl:11:")
            && err.contains("entity references expand the document past 16 MiB"),
        "{err}"
    );
}

#[test]
fn a_truncated_file_is_reported_where_it_ends() {
    let err = error("truncated.wsdl", SpecKind::Wsdl);
    assert!(err.starts_with("truncated.wsdl:8:43: not well-formed XML"), "{err}");
}

#[test]
fn utf16_without_bom_is_read() {
    let files = run("utf16le-no-bom.xsd", SpecKind::Xsd, fixture("utf16le-no-bom.xsd")).expect("reads");
    let all = files.concat();
    assert!(
        all.contains("element `Cessação`"),
        "the element name survives decoding: {all}"
    );
}

#[test]
fn a_simple_type_restricting_itself_is_an_error() {
    let err = error("simple-type-restricts-itself.xsd", SpecKind::Xsd);
    assert_eq!(
        err,
        "simple-type-restricts-itself.xsd:5:3: circular type derivation through `Codigo`"
    );
}

#[test]
fn simple_types_restricting_each_other_are_an_error() {
    let err = error("simple-type-cycle.xsd", SpecKind::Xsd);
    assert!(
        err.starts_with("simple-type-cycle.xsd:") && err.ends_with("circular type derivation through `A`"),
        "{err}"
    );
}

#[test]
fn a_list_of_itself_is_an_error() {
    let err = error("list-of-itself.xsd", SpecKind::Xsd);
    assert_eq!(err, "list-of-itself.xsd:4:3: circular type derivation through `Lista`");
}

#[test]
fn a_union_of_itself_is_an_error() {
    let err = error("union-of-itself.xsd", SpecKind::Xsd);
    assert_eq!(err, "union-of-itself.xsd:4:3: circular type derivation through `Valor`");
}

#[test]
fn a_group_containing_itself_is_an_error() {
    let err = error("group-contains-itself.xsd", SpecKind::Xsd);
    assert_eq!(
        err,
        "group-contains-itself.xsd:14:7: group `G` contains itself (G → H → G): a circular group describes no finite content"
    );
}

#[test]
fn a_group_reaching_itself_through_an_element_is_fine() {
    let files = run(
        "group-recursive-through-element.xsd",
        SpecKind::Xsd,
        fixture("group-recursive-through-element.xsd"),
    )
    .expect("a recursive tree is valid");
    assert!(files.concat().contains("pub struct Raiz"));
}

#[test]
fn a_deep_yaml_flow_sequence_is_refused_before_parsing() {
    // 200 KB: a flow sequence nested 100,000 deep.
    let text = format!(
        "swagger: \"2.0\"\ninfo:\n  title: t\n  version: \"1\"\npaths: {{}}\nx-deep: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let err = run("deep.yaml", SpecKind::Swagger2, text.into_bytes()).unwrap_err();
    assert_eq!(
        err,
        "deep.yaml:6:264: nested more than 256 levels deep; refused before parsing"
    );
}

#[test]
fn deep_json_is_refused_before_parsing() {
    let text = format!(
        "{{\"swagger\": \"2.0\", \"x\": {}{}}}",
        "{\"a\":".repeat(50_000),
        "}".repeat(50_000)
    );
    let err = run("deep.json", SpecKind::Swagger2, text.into_bytes()).unwrap_err();
    assert!(
        err.starts_with("deep.json:1:") && err.contains("nested more than 256 levels"),
        "{err}"
    );
}
