//! `cargo xtask diff` on two `specs/` trees and on two spec files; the drift report in the
//! users' terms on a five-edit republish of the real specs (each change classified on the
//! wire and in Rust, the hand-written rule that needs review named, the headline counting
//! the edits that break users).

use std::path::{Path, PathBuf};

use psi_codegen::diff::{Affects, ChangeKind, ItemChange, Report, Semver, Severity};
use xtask::diff::{DiffArgs, FailOn, Format, compare_sets, diff, read_tree};

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
    // In Rust it is minor: the request struct is `#[non_exhaustive]`, built with `new` and
    // setters, and gains one more setter, so --fail-on breaking does not trip once the Rust
    // items are compared either.
    let o = diff(&DiffArgs {
        fail_on: FailOn::Breaking,
        no_rust: false,
        ..args(old.clone(), new.clone())
    })
    .unwrap();
    assert!(!o.failed, "{}", o.rendered);
    assert!(o.rendered.contains("SAFE     senders  rust minor service CessarVinculoTrabalhadorPort / operation cessarVinculo / request / cessarVinculo / nota"), "{}", o.rendered);
    assert!(
        o.rendered
            .starts_with("Spec drift: 0 change(s) break users (0 on the wire, 0 in Rust)"),
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

// ----- the five-edit republish ----------------------------------------------------------

/// Insert `what` before the first `before` that follows `after`.
fn insert_after(path: &Path, after: &str, before: &str, what: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let start = text
        .find(after)
        .unwrap_or_else(|| panic!("`{after}` not in {}", path.display()));
    let at = start + text[start..].find(before).unwrap();
    std::fs::write(path, format!("{}{what}{}", &text[..at], &text[at..])).unwrap();
}

const CONTRATOS: &str = "psi/consultar-contratos/ContratosService";
const CESSAR: &str = "psi/cessar-vinculo/CessarVinculoTrabalhadorService_schema1.xsd";
const COMUNICACOES: &str = "psi/obter-comunicacoes/ObterComunicacoesService_schema1.xsd";
const REGISTAR: &str = "psi/registar-vinculo/RegistarVinculoTrabalhadorService_schema1.xsd";
const TRABALHADORES: &str = "psi/consultar-trabalhadores/WsIdqQualificacoesTrabalhadoresVinculadosEEService.wsdl";

/// The republish: a response element renamed, an optional response field added, a code
/// value added, a request field made required, an operation removed.
fn republish(new: &Path) {
    // 1. A response element renamed (the message part follows it).
    let resposta = "getDadosContratosResposta";
    edit(
        &new.join(format!("{CONTRATOS}_schema1.xsd")),
        "<xs:element name=\"getDadosContratosResponse\" type=",
        &format!("<xs:element name=\"{resposta}\" type="),
    );
    edit(
        &new.join(format!("{CONTRATOS}.wsdl")),
        "element=\"tns:getDadosContratosResponse\"",
        &format!("element=\"tns:{resposta}\""),
    );
    // 2. An optional response field added.
    insert_after(
        &new.join(CESSAR),
        "<xs:complexType name=\"cessarVinculoResponse\">",
        "    </xs:sequence>",
        "      <xs:element name=\"data-processamento\" type=\"xs:date\" minOccurs=\"0\"/>\n",
    );
    // 3. A code value added (in a response).
    insert_after(
        &new.join(COMUNICACOES),
        "<xs:enumeration value=\"1\">",
        "          </xs:restriction>",
        "            <xs:enumeration value=\"2\"><xs:annotation><xs:documentation>Aceite</xs:documentation></xs:annotation></xs:enumeration>\n",
    );
    // 4. A request field made required.
    edit(
        &new.join(REGISTAR),
        "<xs:element name=\"fim-contrato\" type=\"xs:date\" minOccurs=\"0\">",
        "<xs:element name=\"fim-contrato\" type=\"xs:date\">",
    );
    // 5. An operation removed (from the port type and the binding).
    let path = new.join(TRABALHADORES);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut kept = String::new();
    let mut skipping = false;
    for line in text.lines() {
        if line.trim_start().starts_with("<wsdl:operation name=\"getDados\">") {
            skipping = true;
        }
        if !skipping {
            kept.push_str(line);
            kept.push('\n');
        }
        if skipping && line.trim_start().starts_with("</wsdl:operation>") {
            skipping = false;
        }
    }
    std::fs::write(&path, kept).unwrap();
}

fn five_edit_report() -> Report {
    let tmp = Temp::new("five-edits");
    let (old, new) = (tmp.0.join("old"), tmp.0.join("new"));
    copy_dir(&workspace().join("specs"), &old);
    copy_dir(&workspace().join("specs"), &new);
    republish(&new);
    let (a, b) = (read_tree(&old).unwrap(), read_tree(&new).unwrap());
    compare_sets(&a, &b, &Default::default(), true)
}

/// The wire change at a path ending with `at`, of kind `kind`.
fn change<'r>(r: &'r Report, kind: ChangeKind, at: &str) -> &'r psi_codegen::diff::Change {
    let found: Vec<_> = r
        .changes
        .iter()
        .filter(|c| c.kind == kind && c.path.ends_with(at))
        .collect();
    assert_eq!(found.len(), 1, "{kind:?} at `{at}`:\n{}", psi_codegen::diff::to_text(r));
    found[0]
}

#[test]
fn five_edit_republish_in_the_users_terms() {
    let r = five_edit_report();
    let text = psi_codegen::diff::to_text(&r);
    assert_eq!(r.changes.len(), 5, "one wire change per edit:\n{text}");

    // Each edit: its wire classification and what it does to the Rust that uses the crate.
    let renamed = change(&r, ChangeKind::ElementRenamed, "operation getDadosContratos / response");
    assert_eq!((renamed.severity, renamed.rust), (Severity::Breaking, None), "{text}");
    // Safe in Rust too: response structs are `#[non_exhaustive]`, so a field more breaks no
    // code that reads them.
    let added = change(&r, ChangeKind::FieldAdded, "cessarVinculoResponse / data-processamento");
    assert_eq!(
        (added.severity, added.rust),
        (Severity::Safe, Some(Semver::Minor)),
        "{text}"
    );
    let code = change(&r, ChangeKind::EnumValueAdded, "comunicacao / tipoComunicacao");
    assert_eq!(
        (code.severity, code.rust),
        (Severity::Safe, Some(Semver::Minor)),
        "{text}"
    );
    let required = change(
        &r,
        ChangeKind::BecameRequired,
        "registarVinculoTrabalhador / fim-contrato",
    );
    assert_eq!(
        (required.severity, required.rust),
        (Severity::Breaking, Some(Semver::Major)),
        "{text}"
    );
    let removed = change(&r, ChangeKind::OperationRemoved, "operation getDados");
    assert_eq!(
        (removed.severity, removed.rust),
        (Severity::Breaking, Some(Semver::Major)),
        "{text}"
    );

    // The Rust items behind them, each tied to its edit.
    let item = |key: &str| {
        r.rust_items
            .iter()
            .find(|i| i.item == key)
            .unwrap_or_else(|| panic!("no Rust item `{key}`:\n{text}"))
    };
    let field = item("field registar_vinculo::RegistarVinculoTrabalhador.fim_contrato");
    assert_eq!((field.change, field.semver), (ItemChange::Changed, Semver::Major));
    assert_eq!(
        (field.old.as_deref(), field.new.as_deref()),
        (Some("Option<rt::Date>"), Some("rt::Date"))
    );
    assert_eq!(field.wire.as_deref(), Some(required.path.as_str()));
    let new_field = item("field cessar_vinculo::CessarVinculoResponse.data_processamento");
    assert_eq!((new_field.change, new_field.semver), (ItemChange::Added, Semver::Minor));
    let variant = item("variant obter_comunicacoes::TipoComunicacao::V2");
    assert_eq!((variant.change, variant.semver), (ItemChange::Added, Semver::Minor));
    let method = item("fn consultar_trabalhadores::Client::get_dados");
    assert_eq!((method.change, method.semver), (ItemChange::Removed, Semver::Major));
    assert!(r.rust_items.iter().all(|i| i.wire.is_some()), "{text}");

    // The hand-written rule that reads the field, and the flow that calls the operation.
    let at = |file: &str, needle: &str| {
        r.review
            .iter()
            .any(|v| v.file == file && v.text.contains(needle) && v.line > 0)
    };
    assert!(
        at("generated/src/flows/trabalhadores.rs", "codec::get_dados::"),
        "{text}"
    );
    assert!(text.contains("generated/src/rules/requests.rs:"), "{text}");
    // The field is found in the Registar Vínculo rule only: not in the rules of the other
    // request types that have a field of the same name, not in the local struct that
    // carries it; and `new` is not found in every other type's constructor.
    const REQUESTS: &str = "generated/src/rules/requests.rs";
    let rules = std::fs::read_to_string(workspace().join(REQUESTS)).unwrap();
    let lines: Vec<&str> = rules.lines().collect();
    let start = 1 + lines
        .iter()
        .position(|l| l.starts_with("impl Validate for registar_vinculo::RegistarVinculoTrabalhador"))
        .expect("the Registar Vínculo rule");
    let end = start + lines[start..].iter().position(|l| *l == "}").expect("its end") + 1;
    let listed = |ident: &str| -> Vec<usize> {
        r.review
            .iter()
            .filter(|v| v.file == REQUESTS && v.ident == ident)
            .map(|v| v.line)
            .collect()
    };
    let field = listed("fim_contrato");
    assert!(!field.is_empty(), "{text}");
    assert!(
        field.iter().all(|l| (start..=end).contains(l)),
        "{field:?} outside the rule at {start}..={end}:\n{text}"
    );
    let elsewhere: Vec<usize> = (1..=lines.len())
        .filter(|l| !(start..=end).contains(l) && lines[l - 1].contains("fim_contrato"))
        .collect();
    assert!(
        elsewhere.len() >= 3,
        "the other rules and the local struct: {elsewhere:?}"
    );
    assert!(elsewhere.iter().all(|l| !field.contains(l)), "{text}");
    for l in listed("new") {
        let line = lines[l - 1];
        assert!(
            line.contains("RegistarVinculoTrabalhador::new"),
            "{REQUESTS}:{l}: {line}\n{text}"
        );
    }
    // Few places, each in the code that uses the removed operation or the changed request.
    let files: std::collections::BTreeSet<&str> = r.review.iter().map(|v| v.file.as_str()).collect();
    assert_eq!(
        files,
        [REQUESTS, "generated/src/flows/trabalhadores.rs"].into_iter().collect(),
        "{text}"
    );
    assert!(r.review.len() <= 30, "{} places:\n{text}", r.review.len());
    // Signatures read as Rust: `impl Into<rt::Niss>`, not `implstd::convert::Into`.
    let new_fn = item("fn registar_vinculo::RegistarVinculoTrabalhador::new");
    let sig = new_fn.new.as_deref().unwrap_or_default();
    assert!(sig.contains("niss_trabalhador: impl Into<rt::Niss>"), "{sig}");
    assert!(!text.contains("implstd"), "{text}");
    assert!(sig.is_ascii(), "{sig}");

    // The headline counts the edits that break users: three of the five (the code value
    // and the response field added break nobody), three on the wire and two in Rust (the
    // renamed element keeps its Rust name).
    let breaking_edits = r
        .changes
        .iter()
        .filter(|c| c.severity == Severity::Breaking || c.rust == Some(Semver::Major))
        .count();
    let s = r.summary();
    assert_eq!((s.breaks_users, breaking_edits), (3, 3), "{text}");
    assert_eq!((s.breaking, s.rust_breaking), (3, 2), "{text}");
    assert!(
        text.starts_with("Spec drift: 3 change(s) break users (3 on the wire, 2 in Rust)"),
        "{text}"
    );
    assert!(r.has_breaking());
}

/// A change that breaks no sender or reader on the wire but breaks code that uses the
/// crate: a request element made optional is safe for senders, and in Rust the field
/// becomes an `Option` and the constructor loses an argument.
#[test]
fn fail_on_breaking_counts_a_rust_only_major_change() {
    let t = Temp::new("rust-only");
    let (old, new) = (t.0.join("old"), t.0.join("new"));
    copy_dir(&workspace().join("specs"), &old);
    copy_dir(&workspace().join("specs"), &new);
    edit(
        &new.join(XSD),
        "<xs:element name=\"data-fim-vinculo\" type=\"xs:date\">",
        "<xs:element name=\"data-fim-vinculo\" type=\"xs:date\" minOccurs=\"0\">",
    );
    let o = diff(&DiffArgs {
        no_rust: false,
        only: vec!["cessar-vinculo".into()],
        ..args(old.clone(), new.clone())
    })
    .unwrap();
    assert!(!o.report.changes.is_empty(), "{}", o.rendered);
    assert!(
        o.report.changes.iter().all(|c| c.severity != Severity::Breaking),
        "safe on the wire:\n{}",
        o.rendered
    );
    assert!(
        o.report.changes.iter().any(|c| c.rust == Some(Semver::Major)),
        "major in Rust:\n{}",
        o.rendered
    );
    let s = o.report.summary();
    assert_eq!(
        (s.breaks_users, s.breaking, s.rust_breaking),
        (1, 0, 1),
        "{}",
        o.rendered
    );

    // The command's exit status: 1 with --fail-on breaking, 0 with --fail-on never.
    let run = |fail_on: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["diff", "--only", "cessar-vinculo", "--fail-on", fail_on])
            .arg(&old)
            .arg(&new)
            .output()
            .expect("run xtask diff")
    };
    let breaking = run("breaking");
    let stdout = String::from_utf8_lossy(&breaking.stdout);
    assert_eq!(
        breaking.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&breaking.stderr)
    );
    assert!(
        stdout.starts_with("Spec drift: 1 change(s) break users (0 on the wire, 1 in Rust)"),
        "{stdout}"
    );
    let never = run("never");
    assert_eq!(
        never.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&never.stderr)
    );
}
