//! The generated blocking clients against the simulator: state across services, requests the
//! model refuses (a missing element, a NISS breaking its pattern, a JSON body missing a
//! property), credentials, and scripted bodies. Every operation on every path, in both
//! flavours, is in `every_client.rs`.

use std::time::Duration;

use psi_client::api::alterar_contrato::{self, AlterarContratoTrabalho};
use psi_client::api::cessar_vinculo::{self, CessarVinculo, ComunicacaoDesemprego, MotivoFimVinculo};
use psi_client::api::comprovativos_pagamento::{self, ObterComprovativosPagamentoResponse};
use psi_client::api::consulta_documentos_pagamento::{self, ConsultarDocumentosPagamentoResponse};
use psi_client::api::consultar_trabalhadores::{
    self, GetQualificacoesTrabalhadoresVinculadosEe, TrabalhadorVinculoEePesquisaSimplesPtvo,
};
use psi_client::api::gestao_ficheiro::{self, ConsultarFicheiro};
use psi_client::api::obter_comunicacoes::{self, ObterComunicacoes};
use psi_client::api::qlf::{self, ComunicarVinculoTrabalhadorResponse, Enquadramento, PedidoVinculoTrabalhadorDto};
use psi_client::api::registar_periodo_rendimento::{self, RegistarPeriodoRendimentoContratoTrabalho};
use psi_client::api::registar_vinculo::{self, RegistarVinculoTrabalhador};
use psi_client::api::shared::{ModalidadeContrato, PrestacaoTrabalho};
use psi_client::api::sioe_directory::{self, Get, GetRequest, Search, SearchRequest};
use psi_client::flows::{self, MessagePatterns, Outcome, Polling};
use psi_client::rt::{Auth, Config, Date, DateTime, Decimal, Environment, Error, Niss, NoFault};
use psi_sim::{Credential, Options, Reply, Script, Simulator};

const EMPLOYER: &str = "20000000001";

fn setup() -> (Simulator, Config) {
    let sim = Simulator::start().expect("the simulator starts");
    let config = sim.config(Environment::Producao).auth(Auth::basic(EMPLOYER, "secret"));
    (sim, config)
}

fn worker() -> Niss {
    Niss::new("11234567892").expect("a valid NISS")
}

fn register(config: &Config, today: Date) {
    let client = registar_vinculo::BlockingClient::new(config.clone());
    let request = RegistarVinculoTrabalhador::new(
        worker(),
        Date::from_ymd_opt(1990, 1, 2).expect("a date"),
        ModalidadeContrato::A,
        PrestacaoTrabalho::P,
        today - chrono::Duration::days(5),
        "93130",
        Decimal::new(100_000, 2),
        1,
    );
    let answer = client.registar_vinculo_trabalhador(&request).expect("an answer");
    assert_eq!(answer.codigo_resultado, 1, "{:?}", answer.mensagens_erro);
}

#[test]
fn every_other_soap_service_answers_from_the_model_and_the_state() {
    let (sim, config) = setup();
    let today = sim.now().date();

    // Without a contract, altering is refused (code 3); after registering it succeeds.
    let alterar = alterar_contrato::BlockingClient::new(config.clone());
    let change = AlterarContratoTrabalho::new(
        worker(),
        ModalidadeContrato::A,
        today - chrono::Duration::days(5),
        "93130",
        Decimal::new(120_000, 2),
    );
    assert_eq!(
        alterar
            .alterar_contrato_trabalho(&change)
            .expect("an answer")
            .codigo_resultado,
        3
    );
    register(&config, today);
    assert_eq!(sim.contract_count(EMPLOYER), 1);
    assert_eq!(
        alterar
            .alterar_contrato_trabalho(&change)
            .expect("an answer")
            .codigo_resultado,
        1
    );

    let periodo = registar_periodo_rendimento::BlockingClient::new(config.clone());
    let rendimento = RegistarPeriodoRendimentoContratoTrabalho::new(worker(), today, Decimal::new(50_000, 2));
    let answer = periodo
        .registar_periodo_rendimento_contrato_trabalho(&rendimento)
        .expect("an answer");
    assert_eq!(answer.codigo_resultado, 1);

    let comunicacoes = obter_comunicacoes::BlockingClient::new(config.clone());
    let answer = comunicacoes
        .obter_comunicacoes(&ObterComunicacoes::new())
        .expect("an answer");
    assert_eq!(answer.codigo_resultado, 1);
    assert_eq!(answer.comunicacao[0].niss_trabalhador, Some(worker()));

    // WSIDQ two steps: the registered worker comes back.
    let trabalhadores = consultar_trabalhadores::BlockingClient::new(config.clone());
    let at = |d: Date| DateTime::utc(d.and_hms_opt(0, 0, 0).expect("a time"));
    let pesquisa = GetQualificacoesTrabalhadoresVinculadosEe::new(TrabalhadorVinculoEePesquisaSimplesPtvo::new(
        at(today),
        at(today - chrono::Duration::days(30)),
    ));
    let outcome = flows::blocking::consultar_trabalhadores(
        &trabalhadores,
        &pesquisa,
        &Polling::new(Duration::ZERO, 2),
        &MessagePatterns::consultar_trabalhadores(),
        &mut |_: Duration| {},
    )
    .expect("an outcome");
    match outcome {
        Outcome::Data(list) => assert_eq!(list[0].niss_ps, Some(worker())),
        other => panic!("expected the worker, got {other:?}"),
    }

    // A cessação ends the vínculo: ceasing again is refused.
    let cessar = cessar_vinculo::BlockingClient::new(config.clone());
    let fim = CessarVinculo::new(worker(), today, MotivoFimVinculo::Ccct, ComunicacaoDesemprego::V0);
    assert_eq!(cessar.cessar_vinculo(&fim).expect("an answer").codigo_resultado, 1);
    assert_eq!(cessar.cessar_vinculo(&fim).expect("an answer").codigo_resultado, 3);

    let ficheiro = gestao_ficheiro::BlockingClient::new(config.clone());
    ficheiro
        .consultar_ficheiro(&ConsultarFicheiro::new(42))
        .expect("an answer");

    // SIOE is public: no credential needed.
    let sioe = sioe_directory::BlockingClient::new(sim.config(Environment::Producao));
    let found = sioe.search(&Search::new(SearchRequest::new(3, 1))).expect("an answer");
    assert_eq!(found.search_result.map(|r| r.resultado.len()), Some(3));
    let one = sioe.get(&Get::new(GetRequest::new("1234"))).expect("an answer");
    assert!(one.get_result.is_some());
}

#[test]
fn a_request_missing_a_required_field_is_refused_with_code_2() {
    let (sim, config) = setup();
    let client = cessar_vinculo::BlockingClient::new(config.clone());
    let request = CessarVinculo::new(
        worker(),
        sim.now().date(),
        MotivoFimVinculo::Ccct,
        ComunicacaoDesemprego::V0,
    );
    let mut http = cessar_vinculo::codec::cessar_vinculo::request(&config, &request).expect("a request");
    let body = String::from_utf8(http.body().clone()).expect("utf-8");
    let without = body.replace("<motivo-fim-vinculo>CCCT</motivo-fim-vinculo>", "");
    assert_ne!(body, without, "the element was in the request");
    *http.body_mut() = without.into_bytes();
    let response = client.core().send::<NoFault>(http).expect("a response");
    let answer = cessar_vinculo::codec::cessar_vinculo::response(&config, &response).expect("decoded");
    assert_eq!(answer.codigo_resultado, 2);
    assert!(answer.mensagens_erro.unwrap_or_default().contains("motivo-fim-vinculo"));
    assert_eq!(sim.requests_to("cessarVinculo")[0].status, 200);
}

/// The one facet the specs publish besides enumerations: the `niss` type's `[0-9]{11}`. A raw
/// body with a 10-digit NISS is refused as the simulator refuses invalid values: contrato code
/// 3 (here Adicionar Período de Rendimento, which has no business rule), WSIDQ step 1 a
/// `mensagemEstado` without a `chave`. The message names the element, never the value.
#[test]
fn a_niss_breaking_the_xsd_pattern_is_refused() {
    let (sim, config) = setup();
    register(&config, sim.now().date());
    let ten = "1123456789";

    let client = registar_periodo_rendimento::BlockingClient::new(config.clone());
    let request = RegistarPeriodoRendimentoContratoTrabalho::new(worker(), sim.now().date(), Decimal::new(50_000, 2));
    let mut http =
        registar_periodo_rendimento::codec::registar_periodo_rendimento_contrato_trabalho::request(&config, &request)
            .expect("a request");
    let body = String::from_utf8(http.body().clone()).expect("utf-8");
    let short = body.replace(">11234567892<", &format!(">{ten}<"));
    assert_ne!(body, short, "the NISS was in the request");
    *http.body_mut() = short.into_bytes();
    let response = client.core().send::<NoFault>(http).expect("a response");
    let answer =
        registar_periodo_rendimento::codec::registar_periodo_rendimento_contrato_trabalho::response(&config, &response)
            .expect("decoded");
    let message = answer.mensagens_erro.unwrap_or_default();
    assert_eq!(answer.codigo_resultado, 3, "{message}");
    assert!(
        message.contains("niss-trabalhador") && message.contains("[0-9]{11}"),
        "{message}"
    );
    assert!(!message.contains(ten), "{message}");
    // The same request with the 11 digits is accepted.
    assert_eq!(
        client
            .registar_periodo_rendimento_contrato_trabalho(&request)
            .expect("an answer")
            .codigo_resultado,
        1
    );

    let wsidq = consultar_trabalhadores::BlockingClient::new(config.clone());
    let at = |d: Date| DateTime::utc(d.and_hms_opt(0, 0, 0).expect("a time"));
    let today = sim.now().date();
    let mut window = TrabalhadorVinculoEePesquisaSimplesPtvo::new(at(today), at(today - chrono::Duration::days(30)));
    window.niss_ps = Some(Niss::from_wire(ten));
    let answer = wsidq
        .get_qualificacoes_trabalhadores_vinculados_ee(&GetQualificacoesTrabalhadoresVinculadosEe::new(window))
        .expect("an answer");
    assert_eq!(answer.chave, None);
    assert!(
        answer
            .mensagem_estado
            .unwrap_or_default()
            .contains("`nissPS` does not match the XSD pattern")
    );
    assert_eq!(
        sim.requests_to("getQualificacoesTrabalhadoresVinculadosEE")[0].status,
        200
    );
}

/// A REST body without a required property: HTTP 400 with `{code, message}` (the generated
/// strict reader names the property).
#[test]
fn a_rest_body_missing_a_required_property_gets_400() {
    let (sim, config) = setup();
    let client = qlf::BlockingClient::new(config.clone());
    let dto = PedidoVinculoTrabalhadorDto::new(
        Niss::new(EMPLOYER).expect("valid"),
        worker(),
        Date::from_ymd_opt(1990, 1, 2).expect("a date"),
        ModalidadeContrato::A,
        PrestacaoTrabalho::P,
        sim.now().date(),
        "93130",
        Decimal::new(100_000, 2),
        Enquadramento::Rege,
        1,
    );
    let mut http = qlf::codec::comunicar_vinculo_trabalhador::request(&config, &dto).expect("a request");
    let mut json: serde_json::Value = serde_json::from_slice(http.body()).expect("JSON");
    assert!(
        json.as_object_mut().and_then(|o| o.remove("profissao")).is_some(),
        "{json}"
    );
    *http.body_mut() = serde_json::to_vec(&json).expect("JSON");
    let response = client.core().send::<NoFault>(http).expect("a response");
    match qlf::codec::comunicar_vinculo_trabalhador::response(&config, &response).expect("decoded") {
        ComunicarVinculoTrabalhadorResponse::BadRequest(body) => {
            let message = body.message.unwrap_or_default();
            assert_eq!(body.code, Some(400), "{message}");
            assert!(
                message.starts_with("Pedido inválido") && message.contains("`profissao`"),
                "{message}"
            );
        }
        other => panic!("expected 400, got {other:?}"),
    }
    // Sent whole, it is registered.
    assert_eq!(
        client.comunicar_vinculo_trabalhador(&dto).expect("an answer"),
        ComunicarVinculoTrabalhadorResponse::NoContent
    );
}

#[test]
fn rest_payment_services_and_credentials() {
    let sim = Simulator::start_with(
        Options::default()
            .credential(Credential::Bearer {
                token: "token-1".into(),
                employer: EMPLOYER.into(),
            })
            .not_adhered("20000000002"),
    )
    .expect("starts");
    let config = sim.config(Environment::QualidadeExt).auth(Auth::bearer("token-1"));

    let consulta = consulta_documentos_pagamento::BlockingClient::new(config.clone());
    match consulta.consultar_documentos_pagamento(None).expect("an answer") {
        ConsultarDocumentosPagamentoResponse::BadRequest(r) => assert_eq!(r.codigo_resultado.map(|c| c.0), Some(4)),
        other => panic!("expected no records, got {other:?}"),
    }
    let comprovativos = comprovativos_pagamento::BlockingClient::new(config.clone());
    match comprovativos
        .obter_comprovativos_pagamento(2025, None)
        .expect("an answer")
    {
        ObterComprovativosPagamentoResponse::Ok(r) => assert_eq!(r.resultado.len(), 2),
        other => panic!("expected receipts, got {other:?}"),
    }

    // Another token: 401. A non-adhered employer acting through niss-representado: 403.
    let stranger = consulta_documentos_pagamento::BlockingClient::new(
        sim.config(Environment::QualidadeExt).auth(Auth::bearer("token-2")),
    );
    assert!(matches!(
        stranger.consultar_documentos_pagamento(None),
        Ok(ConsultarDocumentosPagamentoResponse::Unauthorized)
    ));
    sim.set_adhered(EMPLOYER, false);
    assert!(matches!(
        consulta.consultar_documentos_pagamento(None),
        Ok(ConsultarDocumentosPagamentoResponse::Forbidden(_))
    ));
    assert_eq!(
        sim.requests().last().map(|r| r.header("authorization")),
        Some(Some("Bearer ***"))
    );
}

#[test]
fn scripted_bodies_latency_and_result_codes() {
    let (sim, config) = setup();
    let client = cessar_vinculo::BlockingClient::new(config.clone());
    let request = CessarVinculo::new(
        worker(),
        sim.now().date(),
        MotivoFimVinculo::Ccct,
        ComunicacaoDesemprego::V0,
    );

    sim.script(
        Script::on("cessarVinculo")
            .expect("known")
            .reply(Reply::Malformed)
            .times(1),
    );
    assert!(matches!(client.cessar_vinculo(&request), Err(Error::Decode(_))));

    sim.script(
        Script::on("cessarVinculo")
            .expect("known")
            .reply(Reply::Oversized(11 << 20))
            .times(1),
    );
    let mut limits = psi_client::rt::Limits::DEFAULT;
    limits.max_body = 1 << 20;
    let limited = cessar_vinculo::BlockingClient::new(config.clone().limits(limits));
    assert!(matches!(limited.cessar_vinculo(&request), Err(Error::TooLarge { .. })));

    sim.script(
        Script::on("cessarVinculo")
            .expect("known")
            .result(3, Some("scripted"))
            .expect("a contrato operation")
            .latency(Duration::from_millis(200))
            .times(1),
    );
    let started = std::time::Instant::now();
    let answer = client.cessar_vinculo(&request).expect("an answer");
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(
        (answer.codigo_resultado, answer.mensagens_erro.as_deref()),
        (3, Some("scripted"))
    );

    // Scripts run out; the simulated answer (no active vínculo: 3, the simulator's text) returns.
    let answer = client.cessar_vinculo(&request).expect("an answer");
    assert_ne!(answer.mensagens_erro.as_deref(), Some("scripted"));
    assert!(Script::on("nope").is_err());
    assert!(Script::on("Search").expect("known").result(1, None).is_err());
}
