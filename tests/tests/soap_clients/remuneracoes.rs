//! Declarações de Remunerações (§6.2): the request and the raw content of an answer whose
//! schema is not published.

use psi_client::api::gestao_ficheiro;
use psi_tests::sim::{Cred, exchange};
use psi_tests::soap as answer;
use psi_tests::soap_wire::*;
use roxmltree::Document;

use super::requests::*;

#[test]
fn consultar_ficheiro_request_and_success() {
    let body = format!(
        "<gf:consultarFicheiroResponse xmlns:gf=\"{GF}\"><estado>PROCESSADO</estado>\
         <dataEstado>2024-02-10</dataEstado></gf:consultarFicheiroResponse>"
    );
    let (result, seen) = exchange(Cred::Basic, answer::ok(CONSULTAR_FICHEIRO.name, "soap", &body), |c| {
        gestao_ficheiro::BlockingClient::new(c).consultar_ficheiro(&consultar_ficheiro_request())
    });
    assert_http(&seen, &CONSULTAR_FICHEIRO, Cred::Basic);
    let sent = seen.body_text();
    let doc = parse(&sent);
    // `Idficheiro`: capital I, lower-case f, unqualified (§6.2).
    assert_children(
        operation(&doc, GF, "consultarFicheiro"),
        None,
        &[("Idficheiro", "12345678")],
    );

    // The response schema is unknown: its content is kept as raw XML, element by element.
    let r = result.unwrap();
    let kept: Vec<(String, String)> = r
        .any
        .iter()
        .map(|raw| {
            let d =
                Document::parse(&raw.xml).unwrap_or_else(|e| panic!("raw XML `{}` is not a document: {e}", raw.xml));
            let e = d.root_element();
            (e.tag_name().name().to_owned(), e.text().unwrap_or("").to_owned())
        })
        .collect();
    assert_eq!(
        kept,
        [
            ("estado".to_owned(), "PROCESSADO".to_owned()),
            ("dataEstado".to_owned(), "2024-02-10".to_owned())
        ]
    );
}
