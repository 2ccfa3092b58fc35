//! Spec-level changes, the renderers, and the public Rust items of generated code.

use super::*;

#[test]
fn renderers_are_deterministic_and_complete() {
    let r = soap_diff(|d| {
        d.estado.push("C".into());
        d.req[3].occurs = Occurs::ONE;
        d.action = Some("urn:novo|acao".into());
    });
    let again = soap_diff(|d| {
        d.estado.push("C".into());
        d.req[3].occurs = Occurs::ONE;
        d.action = Some("urn:novo|acao".into());
    });
    assert_eq!(to_json(&r), to_json(&again));
    assert_eq!(to_text(&r), to_text(&again));
    let text = to_text(&r);
    assert!(
        text.starts_with("Spec drift: 2 change(s) break users (2 on the wire, 0 in Rust); 1 safe, 0 info on the wire;"),
        "{text}"
    );
    assert!(text.contains("BREAKING senders  rust -     service CessarVinculoTrabalhadorService / operation cessarVinculo\n    soap-action-changed:"), "{text}");
    let md = to_markdown(&r);
    assert!(md.contains("### `cessar-vinculo`"), "{md}");
    assert!(md.contains("`\"urn:novo\\|acao\"`"), "pipes are escaped: {md}");
    let json: serde_json::Value = serde_json::from_str(&to_json(&r)).unwrap();
    assert_eq!(json["summary"]["breaking"], 2);
    assert_eq!(json["summary"]["breaks_users"], 2);
    assert_eq!(json["changes"][0]["severity"], "breaking");
    assert_eq!(json["changes"][0]["kind"], "soap-action-changed");
    assert_eq!(json["changes"][0]["affects"], "senders");
    // Breaking first, then safe.
    let sev: Vec<&str> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["severity"].as_str().unwrap())
        .collect();
    assert_eq!(sev, vec!["breaking", "breaking", "safe"]);
}

#[test]
fn spec_level_changes() {
    assert_eq!(
        (spec_added("x").severity, spec_added("x").affects),
        (Safe, Affects::None)
    );
    assert_eq!(
        (spec_removed("x").severity, spec_removed("x").affects),
        (Breaking, Both)
    );
    let mut r = Report::default();
    r.extend(Report {
        changes: vec![spec_removed("b"), spec_added("a")],
        ..Report::default()
    });
    assert_eq!(r.changes[0].spec, "a");
}

// ----- generated Rust items ----------------------------------------------------------------

const GEN_OLD: &str = r#"//! Generated.
use crate::rt;

/// Pedido.
#[derive(Debug, Clone, PartialEq)]
pub struct CessarVinculo {
    /// NISS.
    pub niss: i64,
    pub fundamentacao: Option<String>,
    pub(crate) interno: u8,
}

#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Estado {
    /// Ativo.
    A,
    B,
    Unknown(String),
}

impl Estado {
    pub fn as_str(&self) -> &str {
        match self {
            Estado::A => "A",
            _ => "?",
        }
    }
}

impl Default for Estado {
    fn default() -> Self {
        Estado::A
    }
}

pub struct Client {
    http: rt::Http,
}

impl Client {
    pub fn cessar_vinculo(
        &self,
        request: &CessarVinculo,
    ) -> Result<Estado, rt::Error> {
        let s = "{ not a brace }";
        todo!()
    }
}

pub const NAMESPACE: &str = "urn:x";
pub mod inner {
    pub fn helper() {}
}
"#;

#[test]
fn public_items_are_scanned() {
    let items = scan_public_items("cessar_vinculo/mod.rs", GEN_OLD).unwrap();
    let keys: Vec<&str> = items.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        vec![
            "const cessar_vinculo::NAMESPACE",
            "enum cessar_vinculo::Estado",
            "field cessar_vinculo::CessarVinculo.fundamentacao",
            "field cessar_vinculo::CessarVinculo.niss",
            "fn cessar_vinculo::Client::cessar_vinculo",
            "fn cessar_vinculo::Estado::as_str",
            "fn cessar_vinculo::inner::helper",
            "impl Default for cessar_vinculo::Estado",
            "mod cessar_vinculo::inner",
            "struct cessar_vinculo::CessarVinculo",
            "struct cessar_vinculo::Client",
            "variant cessar_vinculo::Estado::A",
            "variant cessar_vinculo::Estado::B",
            "variant cessar_vinculo::Estado::Unknown",
        ],
        "{items:#?}"
    );
    assert_eq!(
        items["fn cessar_vinculo::Client::cessar_vinculo"],
        "fn cessar_vinculo(&self, request: &CessarVinculo) -> Result<Estado, rt::Error>"
    );
    assert_eq!(
        items["field cessar_vinculo::CessarVinculo.fundamentacao"],
        "Option<String>"
    );
    assert_eq!(
        items["enum cessar_vinculo::Estado"],
        "#[non_exhaustive] pub enum Estado"
    );
    // A trait implemented by a full path is keyed by that path, once.
    let text = "pub struct S;\nimpl ::std::fmt::Display for S { fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { Ok(()) } }\n";
    let items = scan_public_items("m.rs", text).unwrap();
    assert!(items.contains_key("impl std::fmt::Display for m::S"), "{items:#?}");
    assert!(
        scan_public_items("bad.rs", "pub struct {")
            .unwrap_err()
            .starts_with("bad.rs: ")
    );
}

fn rust_diff(new_text: &str) -> Vec<(String, ItemChange, Semver)> {
    let old = BTreeMap::from([("cessar_vinculo/mod.rs".to_owned(), GEN_OLD.to_owned())]);
    let new = BTreeMap::from([("cessar_vinculo/mod.rs".to_owned(), new_text.to_owned())]);
    let (changes, notes) = diff_generated(&old, &new);
    assert!(notes.is_empty(), "{notes:?}");
    changes.into_iter().map(|c| (c.item, c.change, c.semver)).collect()
}

fn row(item: &str, change: ItemChange, semver: Semver) -> (String, ItemChange, Semver) {
    (item.to_owned(), change, semver)
}

#[test]
fn generated_trees_are_compared_and_classified() {
    use ItemChange::*;
    use Semver::*;
    let new_text = GEN_OLD
        .replace(
            "    pub fundamentacao: Option<String>,\n",
            "    pub fundamentacao: String,\n    pub motivo: String,\n",
        )
        .replace("    B,\n", "    C,\n");
    assert_eq!(
        rust_diff(&new_text),
        vec![
            // The struct has a private field: nobody builds it with a literal.
            row("field cessar_vinculo::CessarVinculo.fundamentacao", Changed, Major),
            row("field cessar_vinculo::CessarVinculo.motivo", Added, Minor),
            row("variant cessar_vinculo::Estado::B", Removed, Major),
            // The enum is #[non_exhaustive].
            row("variant cessar_vinculo::Estado::C", Added, Minor),
        ]
    );
    assert_eq!(rust_diff(GEN_OLD), vec![]);

    // Every field public and no #[non_exhaustive]: a new field breaks literals; an
    // exhaustive enum: a new variant breaks matches; #[non_exhaustive] added is major.
    let new_text = GEN_OLD
        .replace("    pub(crate) interno: u8,\n", "    pub interno: u8,\n")
        .replace("#[non_exhaustive]\n", "");
    let base = rust_diff(&new_text);
    let old_open = BTreeMap::from([("cessar_vinculo/mod.rs".to_owned(), new_text.clone())]);
    let grown = new_text
        .replace("    pub interno: u8,\n", "    pub interno: u8,\n    pub extra: u8,\n")
        .replace("    B,\n", "    B,\n    C,\n");
    let new_open = BTreeMap::from([("cessar_vinculo/mod.rs".to_owned(), grown)]);
    let (changes, _) = diff_generated(&old_open, &new_open);
    let got: Vec<_> = changes.into_iter().map(|c| (c.item, c.change, c.semver)).collect();
    assert_eq!(
        got,
        vec![
            row("field cessar_vinculo::CessarVinculo.extra", Added, Major),
            row("variant cessar_vinculo::Estado::C", Added, Major),
        ]
    );
    assert!(
        base.contains(&row("enum cessar_vinculo::Estado", Changed, Minor)),
        "{base:?}"
    );
    let (back, _) = diff_generated(
        &old_open,
        &BTreeMap::from([("cessar_vinculo/mod.rs".to_owned(), GEN_OLD.to_owned())]),
    );
    assert!(
        back.iter()
            .any(|c| c.item == "enum cessar_vinculo::Estado" && c.semver == Major),
        "{back:?}"
    );
}

#[test]
fn moved_and_split_types_are_one_change_each() {
    let old = BTreeMap::from([
        (
            "a.rs".to_owned(),
            "pub struct X { pub f: u8 }\npub struct Y { pub g: u8 }\n".to_owned(),
        ),
        ("shared.rs".to_owned(), String::new()),
    ]);
    let new = BTreeMap::from([
        ("a.rs".to_owned(), String::new()),
        (
            "shared.rs".to_owned(),
            "pub struct X { pub f: u16 }\npub struct Y { pub g: u8 }\n".to_owned(),
        ),
        ("b.rs".to_owned(), "pub struct Y { pub g: u8 }\n".to_owned()),
    ]);
    let (mut changes, _) = diff_generated(&old, &new);
    changes.sort_by(|a, b| (a.change, &a.item).cmp(&(b.change, &b.item)));
    let got: Vec<_> = changes
        .iter()
        .map(|c| (c.item.as_str(), c.change, c.semver, c.new.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            // The moved type's own change, under its new path.
            ("field shared::X.f", ItemChange::Changed, Semver::Major, Some("u16")),
            ("struct a::X", ItemChange::Moved, Semver::Major, Some("shared::X")),
            ("struct a::Y", ItemChange::Moved, Semver::Major, Some("b::Y, shared::Y")),
        ]
    );
}
