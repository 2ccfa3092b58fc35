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
    assert!(text.starts_with("Spec drift: 2 breaking, 1 safe, 0 info;"), "{text}");
    assert!(text.contains("BREAKING senders  service CessarVinculoTrabalhadorService / operation cessarVinculo\n    soap-action-changed:"), "{text}");
    let md = to_markdown(&r);
    assert!(md.contains("### `cessar-vinculo`"), "{md}");
    assert!(md.contains("`\"urn:novo\\|acao\"`"), "pipes are escaped: {md}");
    let json: serde_json::Value = serde_json::from_str(&to_json(&r)).unwrap();
    assert_eq!(json["summary"]["breaking"], 2);
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
    let items = scan_public_items("cessar_vinculo/mod.rs", GEN_OLD);
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
            "impl cessar_vinculo::Default for Estado",
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
        "pub fn cessar_vinculo(&self, request: &CessarVinculo) -> Result<Estado, rt::Error>"
    );
    assert_eq!(
        items["field cessar_vinculo::CessarVinculo.fundamentacao"],
        "Option<String>"
    );
}

#[test]
fn generated_trees_are_compared() {
    let new_text = GEN_OLD
        .replace(
            "    pub fundamentacao: Option<String>,\n",
            "    pub fundamentacao: String,\n    pub motivo: String,\n",
        )
        .replace("    B,\n", "");
    let old = BTreeMap::from([("cessar_vinculo/mod.rs".to_owned(), GEN_OLD.to_owned())]);
    let new = BTreeMap::from([("cessar_vinculo/mod.rs".to_owned(), new_text)]);
    let changes = diff_generated(&old, &new);
    let got: Vec<(&str, ItemChange)> = changes.iter().map(|c| (c.item.as_str(), c.change)).collect();
    assert_eq!(
        got,
        vec![
            ("field cessar_vinculo::CessarVinculo.fundamentacao", ItemChange::Changed),
            ("field cessar_vinculo::CessarVinculo.motivo", ItemChange::Added),
            ("variant cessar_vinculo::Estado::B", ItemChange::Removed),
        ]
    );
    assert!(diff_generated(&old, &old).is_empty());
}
