//! Response records of the reconstructed specs are read tolerantly: an element whose
//! cardinality the public facts do not state may be absent without failing the answer.

use psi_client::api::obter_comunicacoes::{Client, ObterComunicacoes, TipoComunicacao};
use psi_client::rt::{Auth, Config};
use psi_tests::server::Server;
use psi_tests::soap;

const VO: &str = "http://vo.webservice.contrato.segsocial.pt";

fn obter(body: &str) -> Result<psi_client::api::obter_comunicacoes::ObterComunicacoesResponse, psi_client::rt::Error> {
    let server = Server::start(vec![soap::ok("soap", body)]);
    let config = Config::new(format!("{}/ws/contrato/v1/obterComunicacoes", server.base))
        .auth(Auth::basic("21111111111", "PLACEHOLDER-password"));
    Client::new(config).obter_comunicacoes(&ObterComunicacoes {
        list_niss_trabalhador: None,
    })
}

#[test]
fn a_pending_comunicacao_without_motivo_is_returned() {
    let body = format!(
        "<ns2:obterComunicacoesResponse xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo-resultado>\
         <comunicacao><tipoComunicacao>0</tipoComunicacao><nissTrabalhador>29999999991</nissTrabalhador>\
         <nomeTrabalhador>J*** S****</nomeTrabalhador><inicioContrato>2024-02-05</inicioContrato></comunicacao>\
         </ns2:obterComunicacoesResponse>"
    );
    let r = obter(&body).expect("a pending item without motivo is a plausible answer");
    assert_eq!(r.comunicacao.len(), 1);
    let c = &r.comunicacao[0];
    assert_eq!(c.tipo_comunicacao, Some(TipoComunicacao::V0));
    assert_eq!(c.niss_trabalhador.as_ref().map(|n| n.as_str()), Some("29999999991"));
    assert_eq!((c.motivo.as_deref(), c.taxa, c.data_processamento), (None, None, None));
}

#[test]
fn a_present_element_with_a_wrong_type_still_fails() {
    // Tolerance is about absence only: a value that is there must still read.
    let body = format!(
        "<ns2:obterComunicacoesResponse xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo-resultado>\
         <comunicacao><taxa>not a number</taxa></comunicacao></ns2:obterComunicacoesResponse>"
    );
    assert!(obter(&body).is_err());
}
