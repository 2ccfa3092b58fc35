//! Tolerant reading: unknown codes, unknown elements, the camelCased result code.

use psi_client::api::{
    cessar_vinculo, consultar_contratos, consultar_trabalhadores, obter_comunicacoes, shared, sioe_directory,
};
use psi_tests::sim::{self, Cred, exchange};
use psi_tests::soap::{self as answer, SOAP11_NS, TEXT_XML};
use psi_tests::soap_wire::*;

use super::contrato::CONTRATO_PARCIAL;
use super::requests::*;

/// Publishers add codes: a value outside the spec's list is kept as `Unknown`, with its text.
#[test]
fn unknown_codes_are_kept_as_unknown() {
    let body = format!(
        "<ns2:obterComunicacoesResponse xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo-resultado>\
         <comunicacao><tipoComunicacao>7</tipoComunicacao><nissTrabalhador>29999999991</nissTrabalhador>\
         <nomeTrabalhador>J*** S****</nomeTrabalhador><dataNascimento>1990-01-31</dataNascimento>\
         <dataComunicacao>2024-02-01</dataComunicacao><inicioContrato>2024-02-05</inicioContrato><motivo/>\
         <localTrabalho>1</localTrabalho><dataProcessamento>2024-02-02</dataProcessamento><taxa>34.75</taxa></comunicacao>\
         </ns2:obterComunicacoesResponse>"
    );
    let (result, _) = exchange(Cred::Basic, answer::ok(OBTER_COMUNICACOES.name, "soap", &body), |c| {
        obter_comunicacoes::BlockingClient::new(c).obter_comunicacoes(&obter_comunicacoes_request())
    });
    let tipo = result.unwrap().comunicacao[0]
        .tipo_comunicacao
        .clone()
        .expect("tipoComunicacao");
    assert!(!tipo.is_known());
    assert!(
        matches!(&tipo, obter_comunicacoes::TipoComunicacao::Unknown(u) if u.as_str() == "7"),
        "{tipo:?}"
    );

    let contrato = CONTRATO_PARCIAL
        .replace("<modalidade-contrato>F<", "<modalidade-contrato>ZZ<")
        .replace("<prestacao-trabalho>T<", "<prestacao-trabalho>X<")
        .replace("<motivo-contrato>STAJ<", "<motivo-contrato>NOVO<");
    let body = format!(
        "<ns2:getDadosContratosResponse xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo-resultado><contratos>{contrato}</contratos></ns2:getDadosContratosResponse>"
    );
    let (result, _) = exchange(Cred::Basic, answer::ok(GET_DADOS_CONTRATOS.name, "soap", &body), |c| {
        consultar_contratos::BlockingClient::new(c).get_dados_contratos(&get_dados_contratos_request())
    });
    let c = result.unwrap().contratos.expect("contratos").contrato.remove(0);
    assert!(matches!(&c.modalidade_contrato, Some(shared::ModalidadeContrato::Unknown(u)) if u.as_str() == "ZZ"));
    assert!(matches!(&c.prestacao_trabalho, Some(shared::PrestacaoTrabalho::Unknown(u)) if u.as_str() == "X"));
    assert!(matches!(&c.motivo_contrato, Some(shared::MotivoContrato::Unknown(u)) if u.as_str() == "NOVO"));

    let body =
        format!("<ns2:getDadosResponse xmlns:ns2=\"{WSIDQ}\"><codigoEstado>9</codigoEstado></ns2:getDadosResponse>");
    let (result, _) = exchange(Cred::Basic, answer::ok(GET_DADOS.name, "soap", &body), |c| {
        consultar_trabalhadores::BlockingClient::new(c).get_dados(&get_dados_request())
    });
    let estado = result.unwrap().codigo_estado;
    assert_eq!((estado.is_known(), estado.as_str()), (false, "9"));

    let body = format!(
        "<SearchResponse xmlns=\"{SIOE}\"><SearchResult><Resultado><CodigoSIOE>1</CodigoSIOE>\
         <Classe>UnidadeOrganica</Classe></Resultado></SearchResult></SearchResponse>"
    );
    let (result, _) = exchange(Cred::None, answer::ok(SIOE_SEARCH.name, "s", &body), |c| {
        sioe_directory::BlockingClient::new(c).search(&sioe_search_request())
    });
    let classe = result
        .unwrap()
        .search_result
        .expect("SearchResult")
        .resultado
        .remove(0)
        .classe
        .expect("Classe");
    assert!(
        matches!(&classe, sioe_directory::Classe::Unknown(u) if u.as_str() == "UnidadeOrganica"),
        "{classe:?}"
    );
}

/// Publishers add fields: unknown elements (any namespace, any depth), attributes, comments
/// and processing instructions are skipped.
#[test]
fn unknown_elements_are_ignored() {
    let body = format!(
        "<!-- gerado --><ns2:cessarVinculoResponse xmlns:ns2=\"{VO}\" versao=\"2\"><?trace id=1?>\
         <numero-registo>000123</numero-registo><codigo-resultado origem=\"ptss\">1</codigo-resultado>\
         <x:auditoria xmlns:x=\"urn:example:auditoria\"><x:quando>2024-02-01T10:00:00Z</x:quando></x:auditoria>\
         <mensagens-erro/></ns2:cessarVinculoResponse>"
    );
    let (result, _) = exchange(Cred::Basic, answer::ok(CESSAR.name, "soap", &body), |c| {
        cessar_vinculo::BlockingClient::new(c).cessar_vinculo(&cessar_request())
    });
    assert_eq!(result.unwrap().codigo_resultado, 1);

    let contrato = CONTRATO_PARCIAL.replace("<profissao>", "<novo-campo><sub>1</sub></novo-campo><profissao>");
    let body = format!(
        "<ns2:getDadosContratosResponse xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo-resultado><total>1</total>\
         <contratos><resumo/>{contrato}</contratos></ns2:getDadosContratosResponse>"
    );
    let (result, _) = exchange(Cred::Basic, answer::ok(GET_DADOS_CONTRATOS.name, "soap", &body), |c| {
        consultar_contratos::BlockingClient::new(c).get_dados_contratos(&get_dados_contratos_request())
    });
    let contratos = result.unwrap().contratos.expect("contratos").contrato;
    assert_eq!(contratos.len(), 1);
    assert_eq!(contratos[0].profissao.as_deref(), Some("93130"));

    let body = format!(
        "<SearchResponse xmlns=\"{SIOE}\"><SearchResult><ExtensionData/><Resultado><CodigoSIOE>1</CodigoSIOE>\
         <Morada>x</Morada><Designacao>D</Designacao></Resultado></SearchResult><Total>1</Total></SearchResponse>"
    );
    let (result, _) = exchange(Cred::None, answer::ok(SIOE_SEARCH.name, "s", &body), |c| {
        sioe_directory::BlockingClient::new(c).search(&sioe_search_request())
    });
    let r = result.unwrap().search_result.expect("SearchResult").resultado.remove(0);
    assert_eq!(
        (r.codigo_sioe.as_deref(), r.designacao.as_deref(), r.sigla, r.classe),
        (Some("1"), Some("D"), None, None)
    );

    // A SOAP Header in the answer is no obstacle either.
    let with_header = format!(
        "<soap:Envelope xmlns:soap=\"{SOAP11_NS}\"><soap:Header><wsa:Action xmlns:wsa=\"{WSA}\">urn:x</wsa:Action></soap:Header>\
         <soap:Body><ns2:getDadosResponse xmlns:ns2=\"{WSIDQ}\"><codigoEstado>0</codigoEstado>\
         <mensagemEstado>O pedido ainda não foi processado</mensagemEstado></ns2:getDadosResponse></soap:Body></soap:Envelope>"
    );
    let (result, _) = exchange(
        Cred::Basic,
        sim::raw(GET_DADOS.name, 200, Some(TEXT_XML), with_header),
        |c| consultar_trabalhadores::BlockingClient::new(c).get_dados(&get_dados_request()),
    );
    assert_eq!(result.unwrap().codigo_estado, consultar_trabalhadores::CodigoEstado::V0);
}

/// The contrato family's result code may come camelCased: "also accept `codigoResultado`"
/// (psi-services.md §5.4, §6.4 Unknown, §7.7.1).
#[test]
fn contrato_result_code_in_camel_case_is_accepted() {
    let body = format!(
        "<ns2:cessarVinculoResponse xmlns:ns2=\"{VO}\"><codigoResultado>3</codigoResultado>\
         <mensagensErro>MOTIVO INVÁLIDO</mensagensErro></ns2:cessarVinculoResponse>"
    );
    let (result, _) = exchange(Cred::Basic, answer::ok(CESSAR.name, "soap", &body), |c| {
        cessar_vinculo::BlockingClient::new(c).cessar_vinculo(&cessar_request())
    });
    let r = result.unwrap();
    assert_eq!(r.codigo_resultado, 3);
    assert_eq!(r.mensagens_erro.as_deref(), Some("MOTIVO INVÁLIDO"));
}
