use std::collections::BTreeMap;

use crate::diff::{ItemChange, Report, RustItemChange, Semver};

/// Hand-written code in the shape of `rules/requests.rs` and `flows/`: rules per request
/// type in `impl` blocks, a local struct with a field of the same name, constructors of
/// other types, and a flow calling a codec function.
const RULES: &str = r#"use crate::api::{alterar_contrato, registar_vinculo};
use crate::api::m::{GetDados, codec};
use crate::rt::Niss;

struct Contrato {
    fim_contrato: bool,
}

fn check(c: &Contrato) -> bool {
    c.fim_contrato
}

impl Validate for alterar_contrato::AlterarContratoTrabalho {
    fn validate(&self) -> bool {
        let n = Niss::new("29999999991");
        let c = Contrato { fim_contrato: self.fim_contrato.is_some() };
        check(&c)
    }
}

impl Validate for registar_vinculo::RegistarVinculoTrabalhador {
    fn validate(&self) -> bool {
        let c = Contrato {
            modalidade: 1,
            fim_contrato: self.fim_contrato.is_some(),
        };
        check(&c)
    }
}

fn by_param(r: &registar_vinculo::RegistarVinculoTrabalhador) -> bool {
    r.fim_contrato.is_some()
}

fn flow(config: &Config, request: &Request) -> Request {
    let chave = "x";
    codec::get_dados::request(config, &GetDados { chave })
}

fn both() {
    let registar = registar_vinculo::RegistarVinculoTrabalhador::new(
        1,
        Decimal::new(9, 2),
    )
    .with_fim_contrato(2);
    let alterar = alterar_contrato::AlterarContratoTrabalho::new(1)
        .with_fim_contrato(2);
    let later = registar.fim_contrato;
}
"#;

fn line_of(needle: &str) -> usize {
    RULES
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` not in the sample"))
        + 1
}

fn change(item: &str, owner: &str, change: ItemChange) -> RustItemChange {
    RustItemChange {
        file: "generated/src/api/m.rs".into(),
        item: item.into(),
        change,
        old: None,
        new: None,
        semver: Semver::Major,
        reason: String::new(),
        owner: owner.into(),
        wire: None,
    }
}

fn review(items: Vec<RustItemChange>) -> Vec<(usize, String)> {
    let mut r = Report {
        rust_items: items,
        ..Report::default()
    };
    r.review_hand_written(&BTreeMap::from([("rules.rs".to_owned(), RULES.to_owned())]));
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    r.review.iter().map(|v| (v.line, v.ident.clone())).collect()
}

const OWNER: &str = "registar_vinculo::RegistarVinculoTrabalhador";

#[test]
fn a_field_is_found_only_on_values_of_its_type() {
    let got = review(vec![change(
        &format!("field {OWNER}.fim_contrato"),
        OWNER,
        ItemChange::Changed,
    )]);
    let lines: Vec<usize> = got.iter().map(|(l, _)| *l).collect();
    // `self` in the type's impl, a parameter of the type, a local built from it; not the
    // other request type's rule, not the local struct's field.
    let registar_rule = RULES
        .lines()
        .filter(|l| l.contains("fim_contrato: self.fim_contrato"))
        .count();
    assert_eq!(registar_rule, 2);
    let in_rule = RULES
        .lines()
        .enumerate()
        .skip(line_of("impl Validate for registar_vinculo"))
        .find(|(_, l)| l.contains("fim_contrato: self.fim_contrato"))
        .map(|(i, _)| i + 1)
        .expect("the rule's line");
    assert_eq!(
        lines,
        vec![
            in_rule,
            line_of("r.fim_contrato.is_some()"),
            line_of("let later = registar.fim_contrato"),
        ],
        "{got:?}"
    );
}

#[test]
fn methods_are_found_with_their_type_not_by_their_bare_name() {
    let got = review(vec![
        change(&format!("fn {OWNER}::new"), OWNER, ItemChange::Changed),
        change(&format!("fn {OWNER}::with_fim_contrato"), OWNER, ItemChange::Removed),
    ]);
    assert_eq!(
        got,
        vec![
            (
                line_of("registar_vinculo::RegistarVinculoTrabalhador::new("),
                "new".to_owned()
            ),
            (line_of("    .with_fim_contrato(2);"), "with_fim_contrato".to_owned()),
        ],
        "`Niss::new`, `Decimal::new` and the other type's calls are not listed"
    );
}

#[test]
fn types_and_free_functions_are_found_under_their_parent() {
    let got = review(vec![
        change(
            "fn m::codec::get_dados::request",
            "m::codec::get_dados::request",
            ItemChange::Removed,
        ),
        change("struct m::GetDados", "m::GetDados", ItemChange::Removed),
        change("struct other::Contrato", "other::Contrato", ItemChange::Removed),
    ]);
    let flow = line_of("codec::get_dados::request(config");
    assert_eq!(
        got,
        vec![
            (line_of("use crate::api::m::{GetDados"), "GetDados".to_owned()),
            (flow, "GetDados".to_owned()),
            (flow, "request".to_owned()),
        ],
        "the `request` parameter and the local `Contrato` are not listed"
    );
}

#[test]
fn a_file_that_does_not_parse_is_a_note_naming_it() {
    let mut r = Report {
        rust_items: vec![change("struct m::GetDados", "m::GetDados", ItemChange::Removed)],
        ..Report::default()
    };
    r.review_hand_written(&BTreeMap::from([("bad.rs".to_owned(), "fn (".to_owned())]));
    assert!(r.review.is_empty());
    assert!(
        r.notes
            .iter()
            .any(|n| n.starts_with("bad.rs:") && n.contains("not reviewed")),
        "{:?}",
        r.notes
    );
}
