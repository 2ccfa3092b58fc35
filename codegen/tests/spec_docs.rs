//! Spec text never becomes code: documentation holding code fences, indented code and HTML
//! is generated, and rustdoc itself (`rustdoc --test`) is asked how many doc-tests the
//! generated documentation holds. A fence copied as it is would be compiled and run by
//! `cargo test --doc` on the machine of whoever regenerates.

use std::path::{Path, PathBuf};
use std::process::Command;

use psi_codegen::{Options, SpecFiles, SpecInput, SpecKind};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Generate one spec and return every generated file's text.
fn generate(entry: &str, kind: SpecKind) -> Vec<String> {
    let mut files = SpecFiles::new();
    files.insert(entry, fixture(entry));
    let input = SpecInput {
        id: "hostile".into(),
        title: "Hostile".into(),
        kind: Some(kind),
        entry: entry.into(),
        provenance: "reconstructed".into(),
        ..SpecInput::default()
    };
    let generated = psi_codegen::generate_all(&[input], &files, &Options::default()).expect("generates");
    generated.files.into_values().collect()
}

/// The documentation of the generated files, on items of a crate with no dependencies:
/// inner docs (`//!`) at the top, each run of outer doc lines (`///`) on a unit struct.
fn doc_crate(texts: &[String]) -> String {
    let mut inner = String::new();
    let mut outer = String::new();
    let mut items = 0;
    for text in texts {
        let mut in_run = false;
        for line in text.lines().map(str::trim_start) {
            if line.starts_with("//!") {
                inner.push_str(line);
                inner.push('\n');
            } else if line.starts_with("///") {
                outer.push_str(line);
                outer.push('\n');
                in_run = true;
                continue;
            }
            if in_run {
                outer.push_str(&format!("pub struct Item{items};\n"));
                items += 1;
                in_run = false;
            }
        }
    }
    assert!(items >= 2, "the fixture's documentation reaches the generated code");
    format!("{inner}\n{outer}")
}

/// Run `rustdoc --test` on a one-file crate in a scratch folder; the number of doc-tests
/// it ran, and its output.
fn doctests(name: &str, source: &str) -> (usize, String) {
    let dir = scratch(name);
    let file = dir.join("lib.rs");
    std::fs::write(&file, source).unwrap();
    let rustdoc = std::env::var("RUSTDOC").unwrap_or_else(|_| "rustdoc".into());
    let out = Command::new(rustdoc)
        .args([
            "--test",
            "--edition",
            "2024",
            "--crate-type",
            "lib",
            "--crate-name",
            "hostile_docs",
        ])
        .arg(&file)
        .current_dir(&dir)
        .output()
        .expect("rustdoc runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let ran = text
        .lines()
        .filter_map(|l| l.strip_prefix("running "))
        .filter_map(|l| l.split(' ').next()?.parse::<usize>().ok())
        .sum();
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("doctest-ran"))
        .collect();
    assert!(leftovers.is_empty(), "spec text ran as code: {leftovers:?}\n{text}");
    (ran, text)
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("spec-docs").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn rustdoc_counts_the_doc_tests_of_a_copied_fence() {
    // The check below can fail: the same fence as plain doc lines is one doc-test.
    let source = "/// ```\n/// assert_eq!(1 + 1, 2);\n/// ```\npub struct Item;\n";
    let (ran, text) = doctests("control", source);
    assert_eq!(ran, 1, "{text}");
}

#[test]
fn xsd_documentation_holds_no_doc_test() {
    let texts = generate("doc-fences.xsd", SpecKind::Xsd);
    let (ran, text) = doctests("xsd", &doc_crate(&texts));
    assert_eq!(ran, 0, "{text}");
    let all = texts.concat();
    assert!(
        all.contains("spec text ran as code"),
        "the fenced text is kept as prose"
    );
    let unescaped = all.replace("\\<", "");
    assert!(
        all.contains("\\<script") && !unescaped.contains("<script"),
        "HTML is escaped"
    );
}

#[test]
fn swagger_documentation_holds_no_doc_test() {
    let texts = generate("doc-fences.yaml", SpecKind::Swagger2);
    let (ran, text) = doctests("swagger", &doc_crate(&texts));
    assert_eq!(ran, 0, "{text}");
    let all = texts.concat();
    assert!(
        all.contains("doctest-ran-indented"),
        "the indented text is kept as prose"
    );
    let unescaped = all.replace("\\<", "");
    assert!(all.contains("\\<img") && !unescaped.contains("<img"), "HTML is escaped");
}
