//! XSD validation with libxml2: every request element validates against its service's XSD.

use psi_client::api::{
    alterar_contrato, cessar_vinculo, consultar_contratos, consultar_trabalhadores, obter_comunicacoes,
    registar_periodo_rendimento, registar_vinculo, shared, sioe_directory,
};
use psi_tests::sim::{self, Cred, exchange};
use psi_tests::soap_wire::*;
use psi_tests::xsd;
use roxmltree::Document;

use super::requests::*;

/// The request element every operation writes validates against its service's XSD.
#[test]
fn every_request_validates_against_its_xsd() {
    let mut failures = Vec::new();
    for (op, cred, call) in every_operation() {
        let (_, seen) = exchange(cred, sim::on(op.name), call);
        let instance = operation_document(&seen.body_text());
        let v = xsd::validate(op.xsd, &instance, op.name);
        if !v.valid {
            failures.push(format!(
                "{} against specs/{}:\n{}\n{instance}",
                op.name, op.xsd, v.output
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The requests with every optional part left out validate too (minOccurs="0", nillable).
#[test]
fn minimal_requests_validate_against_their_xsd() {
    let minimal: Vec<(&Op, Call)> = vec![
        (
            &CESSAR,
            Box::new(|c| {
                let mut r = cessar_request();
                r.fundamentacao = None;
                cessar_vinculo::BlockingClient::new(c).cessar_vinculo(&r).map(drop)
            }),
        ),
        (
            &ALTERAR,
            Box::new(|c| {
                let mut r = alterar_request();
                r.modalidade_contrato = shared::ModalidadeContrato::A;
                r.prestacao_trabalho = None;
                r.fim_contrato = None;
                r.diuturnidades = None;
                r.percentagem_trabalho = None;
                r.horas_trabalho = None;
                r.dias_trabalho = None;
                r.motivo_contrato = None;
                r.niss_trabalhador_substituir = None;
                alterar_contrato::BlockingClient::new(c)
                    .alterar_contrato_trabalho(&r)
                    .map(drop)
            }),
        ),
        (
            &REGISTAR_VINCULO,
            Box::new(|c| {
                let mut r = registar_vinculo_request()
                    .with_percentagem_trabalho(dec("50.5"))
                    .with_horas_trabalho(dec("20"))
                    .with_dias_trabalho(dec("2.5"));
                r.modalidade_contrato = shared::ModalidadeContrato::B;
                r.fim_contrato = None;
                r.motivo_contrato = None;
                registar_vinculo::BlockingClient::new(c)
                    .registar_vinculo_trabalhador(&r)
                    .map(drop)
            }),
        ),
        (
            &REGISTAR_PERIODO,
            Box::new(|c| {
                let mut r = registar_periodo_request().with_data_fim(date(2024, 12, 31));
                r.diuturnidades = None;
                registar_periodo_rendimento::BlockingClient::new(c)
                    .registar_periodo_rendimento_contrato_trabalho(&r)
                    .map(drop)
            }),
        ),
        (
            &PESQUISA_CONTRATOS,
            Box::new(|c| {
                let mut r = pesquisa_contratos_request();
                r.trabalhadores = None;
                consultar_contratos::BlockingClient::new(c)
                    .pesquisa_contratos(&r)
                    .map(drop)
            }),
        ),
        (
            &OBTER_COMUNICACOES,
            Box::new(|c| {
                let r = obter_comunicacoes::ObterComunicacoes::new();
                obter_comunicacoes::BlockingClient::new(c)
                    .obter_comunicacoes(&r)
                    .map(drop)
            }),
        ),
        (
            &GET_QUALIFICACOES,
            Box::new(|c| {
                consultar_trabalhadores::BlockingClient::new(c)
                    .get_qualificacoes_trabalhadores_vinculados_ee(&get_qualificacoes_request(None))
                    .map(drop)
            }),
        ),
        (
            &SIOE_SEARCH,
            Box::new(|c| {
                let r = sioe_directory::Search::new(sioe_directory::SearchRequest::new(10, 2));
                sioe_directory::BlockingClient::new(c).search(&r).map(drop)
            }),
        ),
        (
            &SIOE_GET,
            Box::new(|c| {
                let r = sioe_directory::Get::new(sioe_directory::GetRequest::new("123456789"));
                sioe_directory::BlockingClient::new(c).get(&r).map(drop)
            }),
        ),
    ];
    for (op, call) in minimal {
        let (_, seen) = exchange(Cred::Basic, sim::on(op.name), call);
        xsd::assert_valid(op.xsd, &operation_document(&seen.body_text()), op.name);
    }
}

/// `nissPS` is nillable in the WSIDQ XSD, so `xsi:nil="true"` validates (the form the PSI
/// expects, §5.8), as the request fixture shows; the validator rejects what the schema
/// forbids (a control that it really checks).
#[test]
fn nil_niss_ps_validates_and_the_validator_rejects_bad_instances() {
    let schema_text = std::fs::read_to_string(xsd::specs_dir().join(GET_QUALIFICACOES.xsd)).expect("XSD");
    let schema = Document::parse(&schema_text).expect("XSD is XML");
    let niss_ps = schema
        .descendants()
        .find(|n| {
            n.tag_name().name() == "element"
                && n.attribute("name") == Some("nissPS")
                && n.attribute("nillable").is_some()
        })
        .expect("the request's nissPS declaration");
    assert_eq!(
        niss_ps.attribute("nillable"),
        Some("true"),
        "nissPS must be nillable in the XSD"
    );

    let fixture = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/soap/consultar-trabalhadores-request.xml"
    ))
    .expect("fixture");
    assert!(fixture.contains("xsi:nil=\"true\""));
    xsd::assert_valid(
        GET_QUALIFICACOES.xsd,
        &fixture,
        "consultar-trabalhadores fixture (nil nissPS)",
    );

    // Controls: a qualified child, a missing required child, a NISS of 10 digits.
    let bad = [
        (
            CESSAR.xsd,
            format!(
                "<vo:cessarVinculo xmlns:vo=\"{VO}\"><vo:niss-trabalhador>29999999991</vo:niss-trabalhador><data-fim-vinculo>2024-01-31</data-fim-vinculo><motivo-fim-vinculo>CDT</motivo-fim-vinculo><comunicacao-desemprego>0</comunicacao-desemprego></vo:cessarVinculo>"
            ),
        ),
        (
            CESSAR.xsd,
            format!(
                "<vo:cessarVinculo xmlns:vo=\"{VO}\"><niss-trabalhador>29999999991</niss-trabalhador><motivo-fim-vinculo>CDT</motivo-fim-vinculo><comunicacao-desemprego>0</comunicacao-desemprego></vo:cessarVinculo>"
            ),
        ),
        (
            GET_DADOS_CONTRATOS.xsd,
            format!(
                "<vo:pesquisaContratos xmlns:vo=\"{VO}\"><data-inicio>2024-01-01</data-inicio><data-fim>2024-01-31</data-fim><trabalhadores><niss-trabalhador>2999999999</niss-trabalhador></trabalhadores></vo:pesquisaContratos>"
            ),
        ),
    ];
    for (schema, instance) in bad {
        let v = xsd::validate(schema, &instance, "control");
        assert!(
            !v.valid,
            "xmllint accepted an invalid instance:\n{instance}\n{}",
            v.output
        );
    }
}
