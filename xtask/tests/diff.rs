//! `cargo xtask diff` on two `specs/` trees and on two spec files.

use std::path::{Path, PathBuf};

use psi_codegen::diff::{Affects, ChangeKind, ItemChange, Severity};
use xtask::diff::{DiffArgs, FailOn, Format, diff};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

struct Temp(PathBuf);

impl Temp {
    fn new(name: &str) -> Temp {
        let p = std::env::temp_dir().join(format!("psi-diff-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        Temp(p)
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const XSD: &str = "psi/cessar-vinculo/CessarVinculoTrabalhadorService_schema1.xsd";

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "`{from}` not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn args(old: PathBuf, new: PathBuf) -> DiffArgs {
    DiffArgs {
        old,
        new,
        format: Format::Text,
        fail_on: FailOn::Never,
        only: Vec::new(),
        no_rust: true,
    }
}

#[test]
fn two_trees_are_compared_spec_by_spec() {
    let t = Temp::new("trees");
    let (old, new) = (t.0.join("old"), t.0.join("new"));
    copy_dir(&workspace().join("specs"), &old);
    copy_dir(&workspace().join("specs"), &new);
    edit(
        &new.join(XSD),
        "name=\"mensagens-erro\" type=\"xs:string\" minOccurs=\"0\"",
        "name=\"mensagens-erro\" type=\"xs:string\" minOccurs=\"0\" maxOccurs=\"unbounded\"",
    );

    let same = diff(&args(old.clone(), old.clone())).unwrap();
    assert!(same.report.is_empty() && !same.failed, "{}", same.rendered);

    let o = diff(&DiffArgs {
        fail_on: FailOn::Breaking,
        format: Format::Json,
        no_rust: false,
        ..args(old.clone(), new.clone())
    })
    .unwrap();
    assert!(o.failed);
    let c: Vec<_> = o
        .report
        .changes
        .iter()
        .map(|c| (c.kind, c.severity, c.affects, c.path.as_str()))
        .collect();
    assert_eq!(
        c,
        vec![(
            ChangeKind::CardinalityChanged,
            Severity::Breaking,
            Affects::Readers,
            "service CessarVinculoTrabalhadorPort / operation cessarVinculo / response / cessarVinculoResponse / mensagens-erro"
        )]
    );
    assert_eq!(o.report.files.len(), 1);
    assert_eq!(o.report.files[0].path, XSD);
    assert!(
        o.report
            .rust_items
            .iter()
            .any(|i| i.change == ItemChange::Changed && i.item.ends_with("CessarVinculoResponse.mensagens_erro")),
        "{:#?}",
        o.report.rust_items
    );
    let json: serde_json::Value = serde_json::from_str(&o.rendered).unwrap();
    assert_eq!(json["changes"][0]["kind"], "cardinality-changed");
    assert_eq!(json["changes"][0]["spec"], "cessar-vinculo");

    // --only another spec: nothing differs.
    let o = diff(&DiffArgs {
        only: vec!["ci".into()],
        fail_on: FailOn::Any,
        ..args(old.clone(), new.clone())
    })
    .unwrap();
    assert!(o.report.is_empty() && !o.failed, "{}", o.rendered);
    // An unknown id is an error.
    assert!(
        diff(&DiffArgs {
            only: vec!["nada".into()],
            ..args(old.clone(), new.clone())
        })
        .is_err()
    );
    // The same change, safe, only trips --fail-on any.
    edit(&new.join(XSD), "maxOccurs=\"unbounded\"", "");
    edit(
        &new.join(XSD),
        "<xs:element name=\"fundamentacao\"",
        "<xs:element name=\"nota\" type=\"xs:string\" minOccurs=\"0\"/>\n      <xs:element name=\"fundamentacao\"",
    );
    let o = diff(&DiffArgs {
        fail_on: FailOn::Breaking,
        ..args(old.clone(), new.clone())
    })
    .unwrap();
    assert!(!o.failed, "{}", o.rendered);
    // In Rust it is major: the request struct users build with a literal gains a field, so
    // --fail-on breaking trips once the Rust items are compared.
    let o = diff(&DiffArgs {
        fail_on: FailOn::Breaking,
        no_rust: false,
        ..args(old.clone(), new.clone())
    })
    .unwrap();
    assert!(o.failed, "{}", o.rendered);
    assert!(o.rendered.contains("SAFE     senders  rust major service CessarVinculoTrabalhadorPort / operation cessarVinculo / request / cessarVinculo / nota"), "{}", o.rendered);
    assert!(
        o.rendered
            .starts_with("Spec drift: 1 change(s) break users (0 on the wire, 1 in Rust)"),
        "{}",
        o.rendered
    );
    let o = diff(&DiffArgs {
        fail_on: FailOn::Any,
        ..args(old, new)
    })
    .unwrap();
    assert!(o.failed);
    assert!(o.rendered.contains("SAFE     senders  rust -     service CessarVinculoTrabalhadorPort / operation cessarVinculo / request / cessarVinculo / nota"), "{}", o.rendered);
}

#[test]
fn a_spec_set_added_or_removed() {
    let t = Temp::new("added");
    let (old, new) = (t.0.join("old"), t.0.join("new"));
    copy_dir(&workspace().join("specs"), &old);
    copy_dir(&workspace().join("specs"), &new);
    let manifest = std::fs::read_to_string(new.join("manifest.toml")).unwrap();
    let cut = manifest.find("[[spec]]\nid = \"sioe-directory\"").unwrap();
    std::fs::write(new.join("manifest.toml"), &manifest[..cut]).unwrap();
    let o = diff(&args(old.clone(), new.clone())).unwrap();
    let c: Vec<_> = o
        .report
        .changes
        .iter()
        .map(|c| (c.kind, c.severity, c.path.as_str()))
        .collect();
    assert_eq!(
        c,
        vec![(ChangeKind::SpecRemoved, Severity::Breaking, "spec sioe-directory")]
    );
    let o = diff(&args(new, old)).unwrap();
    let c: Vec<_> = o
        .report
        .changes
        .iter()
        .map(|c| (c.kind, c.severity, c.path.as_str()))
        .collect();
    assert_eq!(c, vec![(ChangeKind::SpecAdded, Severity::Safe, "spec sioe-directory")]);
}

#[test]
fn two_files_with_their_imports() {
    let t = Temp::new("files");
    let (a, b) = (t.0.join("a"), t.0.join("b"));
    copy_dir(&workspace().join("specs/psi/cessar-vinculo"), &a);
    copy_dir(&workspace().join("specs/psi/cessar-vinculo"), &b);
    edit(
        &b.join("CessarVinculoTrabalhadorService.wsdl"),
        "#cessarVinculo\"",
        "#cessarVinculo2\"",
    );
    let wsdl = "CessarVinculoTrabalhadorService.wsdl";
    let o = diff(&DiffArgs {
        format: Format::Markdown,
        fail_on: FailOn::Breaking,
        ..args(a.join(wsdl), b.join(wsdl))
    })
    .unwrap();
    assert!(o.failed);
    let c: Vec<_> = o
        .report
        .changes
        .iter()
        .map(|c| (c.kind, c.severity, c.affects))
        .collect();
    assert_eq!(
        c,
        vec![(ChangeKind::SoapActionChanged, Severity::Breaking, Affects::Senders)]
    );
    assert!(o.rendered.contains("| **breaking** | senders | – | `service CessarVinculoTrabalhadorPort / operation cessarVinculo` | soap-action-changed:"), "{}", o.rendered);
    // A file and a folder do not mix.
    assert!(diff(&args(a.join(wsdl), b.clone())).unwrap_err().contains("both"));
    // A file that is no spec says so.
    std::fs::write(t.0.join("x.txt"), "hello").unwrap();
    assert!(
        diff(&args(t.0.join("x.txt"), t.0.join("x.txt")))
            .unwrap_err()
            .contains("x.txt")
    );
}
