//! `cargo xtask conformance DIR` on a folder that is not the shared corpus: the project's own
//! fixture (`tests/fixtures/conformance/`), strict and lenient. Entry points are found by
//! reading the documents, expectations of other corpora are ignored, and every entry's
//! warnings are counted and listed.

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conformance")
}

/// Run the command (without compiling the generated code) and return its exit success and
/// standard output.
fn conformance(extra: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("conformance")
        .arg(fixture())
        .arg("--no-compile")
        .args(extra)
        .output()
        .expect("run xtask");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "{stderr}");
    (out.status.success(), stdout)
}

/// The table row of an entry.
fn row<'a>(out: &'a str, entry: &str) -> &'a str {
    let start = format!("| `{entry}` |");
    out.lines()
        .find(|l| l.starts_with(&start))
        .unwrap_or_else(|| panic!("no row for {entry}:\n{out}"))
}

/// The cells of a row: entry, kind, services, operations, types, warnings, result, ms.
fn cells(row: &str) -> Vec<&str> {
    row.trim_matches('|').split(" | ").map(str::trim).collect()
}

#[test]
fn entry_points_are_found_by_reading_the_documents() {
    let entries = xtask::conformance::discover(&fixture(), &[]);
    let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            // The whole document is indented.
            "openapi/dangling.json",
            "openapi/indented.yaml",
            "swagger2/pedidos.yaml",
            // Listed in its folder's URLMAP.tsv, imported by nothing.
            "wsdl/mapped/notas.wsdl",
            "wsdl/undefined-type.wsdl",
        ]
    );
    // `notas0.xsd` is imported through its URL (URLMAP.tsv), `settings.yaml` has no
    // top-level `openapi` key.
}

#[test]
fn strict_fails_on_undefined_references_and_names_where() {
    let (ok, out) = conformance(&[]);
    assert!(!ok, "{out}");
    let r = cells(row(&out, "wsdl/undefined-type.wsdl"));
    assert!(
        r[6].starts_with("wsdl/undefined-type.wsdl:16:13: type `TDate`") && r[6].ends_with("**UNEXPECTED**"),
        "{r:?}"
    );
    let r = cells(row(&out, "openapi/dangling.json"));
    assert!(
        r[6].starts_with("openapi/dangling.json#/components/schemas/Fatura/"),
        "{r:?}"
    );
    let r = cells(row(&out, "swagger2/pedidos.yaml"));
    assert!(r[6].contains("`$ref: #/definitions/Morada` points to nothing"), "{r:?}");
    // The other entries generate, with the warnings of what they leave out.
    assert_eq!(
        cells(row(&out, "wsdl/mapped/notas.wsdl"))[2..7],
        ["1", "1", "3", "0", "ok"]
    );
    // Response headers and callbacks are modelled: no warnings left.
    assert_eq!(cells(row(&out, "openapi/indented.yaml"))[5..7], ["0", "ok"]);
    assert!(
        out.contains("5 entries: 2 ok, 0 failed as expected, 3 unexpected; 0 warning(s);"),
        "{out}"
    );
    // The committed expectations name entries of another corpus: ignored, with a note.
    assert!(
        out.contains("note: 2 expectation(s) of xtask/conformance.toml name nothing in this folder"),
        "{out}"
    );
}

#[test]
fn lenient_generates_everything_and_lists_each_entrys_warnings() {
    let (ok, out) = conformance(&["--lenient", "--verbose"]);
    assert!(ok, "{out}");
    assert_eq!(
        cells(row(&out, "wsdl/undefined-type.wsdl"))[2..7],
        ["1", "2", "6", "2", "ok"]
    );
    assert_eq!(cells(row(&out, "openapi/dangling.json"))[5..7], ["3", "ok"]);
    assert_eq!(cells(row(&out, "swagger2/pedidos.yaml"))[5..7], ["1", "ok"]);
    assert!(out.contains("| **total** | **5** | **5** |"), "{out}");
    let listing = &out[out.find("\nWarnings:").expect("warnings listed")..];
    for expected in [
        "\n`wsdl/undefined-type.wsdl` (2):\n",
        "- wsdl/undefined-type.wsdl:16:13: type `TDate` (namespace urn:example:agenda) is not defined in any loaded schema; kept as raw XML (lenient mode)\n",
        "- wsdl/undefined-type.wsdl:18:11: type `TPrioridade` (namespace urn:example:agenda) is not defined in any loaded schema; kept as text (lenient mode)\n",
        "- openapi/dangling.json#/components/schemas/Fatura/allOf/2: `$ref: #/components/schemas/Auditoria` points to nothing",
        "- openapi/dangling.json#/components/schemas/Fatura/allOf/1/properties/cliente: `$ref: #/components/schemas/Cliente` points to nothing",
        "- swagger2/pedidos.yaml#/definitions/Pedido/properties/morada: `$ref: #/definitions/Morada` points to nothing",
    ] {
        assert!(listing.contains(expected), "missing {expected:?} in\n{listing}");
    }
    // Response headers (SOAP and HTTP) and callbacks are modelled, not warned about.
    for gone in [
        "response SOAP headers",
        "response headers are not modelled",
        "callbacks are not modelled",
    ] {
        assert!(!listing.contains(gone), "{listing}");
    }
    assert!(
        out.contains("note: xtask/conformance.toml expects a result of `wsdl/savon-juniper-relative-import.wsdl`, which is not an entry point here"),
        "{out}"
    );
}

#[test]
fn json_carries_each_entrys_warnings() {
    let (ok, out) = conformance(&["--lenient", "--json"]);
    assert!(ok, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let entries = v["entries"].as_array().expect("entries");
    let agenda = entries
        .iter()
        .find(|e| e["entry"] == "wsdl/undefined-type.wsdl")
        .expect("agenda entry");
    let warnings: Vec<&str> = agenda["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter_map(|w| w.as_str())
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].starts_with("wsdl/undefined-type.wsdl:16:13: "),
        "{warnings:?}"
    );
    assert_eq!(v["notes"].as_array().map(Vec::len), Some(2));
}
