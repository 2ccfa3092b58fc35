//! Every operation of every generated client against the simulator, in both flavours: the
//! `BlockingClient` on the test thread, the async `Client` on a tokio runtime. Each goes
//! through success (the decoded answer checked), a scripted SOAP Fault or REST error, the 403
//! of an employer that has not adhered, and a refusal where `psi_client::rules` has a rule for
//! its request; the two-step services then go pending → data → expired through the flows.
//!
//! The operations are listed by `psi_sim::operations()`: a new one fails `every_operation_*`
//! until it is covered here, or listed in [`NOT_APPLICABLE`] with the reason a path does not
//! exist for it.

#[path = "every_client/bench.rs"]
mod bench;
#[path = "every_client/operations.rs"]
mod operations;
#[path = "every_client/two_step.rs"]
mod two_step;

use std::fmt::Debug;
use std::time::Duration;

use psi_client::api::alterar_contrato::AlterarContratoTrabalho;
use psi_client::api::cancelamento_documento_pagamento::CancelarDocumentoPagamentoResponse as Cancelar;
use psi_client::api::cessar_vinculo::{CessarVinculo, ComunicacaoDesemprego, MotivoFimVinculo};
use psi_client::api::comprovativos_pagamento::ObterComprovativosPagamentoResponse as Comprovativos;
use psi_client::api::consulta_documentos_pagamento::ConsultarDocumentosPagamentoResponse as Consulta;
use psi_client::api::consultar_contratos::{GetDadosContratos, PesquisaContratos};
use psi_client::api::consultar_trabalhadores::{
    CodigoEstado, GetDados, GetQualificacoesTrabalhadoresVinculadosEe, TrabalhadorVinculoEePesquisaSimplesPtvo,
};
use psi_client::api::emissao_documentos_pagamento::{
    Ambito, ObterPedidoEmissaoDocumentosPagamentoResponse as ObterPedido, PedidoEmissaoDocumentoPagamentoVo,
    PedirEmissaoDocumentosPagamentoResponse as Pedido,
};
use psi_client::api::gestao_ficheiro::ConsultarFicheiro;
use psi_client::api::obter_comunicacoes::{ObterComunicacoes, TipoComunicacao};
use psi_client::api::qlf::{ComunicarVinculoTrabalhadorResponse as Qlf, Enquadramento, PedidoVinculoTrabalhadorDto};
use psi_client::api::registar_periodo_rendimento::RegistarPeriodoRendimentoContratoTrabalho;
use psi_client::api::registar_vinculo::RegistarVinculoTrabalhador;
use psi_client::api::shared::{ModalidadeContrato, ObterDocumentoPagamentoVo, PrestacaoTrabalho};
use psi_client::api::sioe_directory::{Get, GetRequest, Search, SearchRequest};
use psi_client::flows::{Outcome, Polling};
use psi_client::rt::{Date, DateTime, Decimal, Error, Niss, ResultCode};
use psi_client::rules::Rule;
use psi_sim::Timings;

use bench::{Bench, EMPLOYER, Flavour, Path};
use operations::*;
use two_step::{Contratos, Emissao, Trabalhadores, TwoStep};

const TIMEOUT: &str = "Erro comunicação servidor ptss";

/// Paths that do not exist for an operation, and why.
const NOT_APPLICABLE: &[(&str, Path, &str)] = &[
    ("Search", Path::Forbidden, PUBLIC),
    ("Get", Path::Forbidden, PUBLIC),
    ("Search", Path::Rule, NO_RULE),
    ("Get", Path::Rule, NO_RULE),
    ("consultarFicheiro", Path::Rule, NO_RULE),
    // Its NISS pattern is checked all the same: `clients.rs`.
    ("registarPeriodoRendimentoContratoTrabalho", Path::Rule, NO_RULE),
    ("obterComunicacoes", Path::Rule, NO_RULE),
    ("getDados", Path::Rule, STEP_2),
    ("getDadosContratos", Path::Rule, STEP_2),
    ("obterPedidoEmissaoDocumentosPagamento", Path::Rule, STEP_2),
    (
        "consultarDocumentosPagamento",
        Path::Rule,
        "no request body, and no rule",
    ),
    (
        "obterComprovativosPagamento",
        Path::Rule,
        "only the year in the path, and no rule",
    ),
    (
        "cancelarDocumentoPagamento",
        Path::Rule,
        "only the identifier in the path, and no rule",
    ),
];
const PUBLIC: &str = "the SIOE directory is public: no credential, so no adherence and no 403";
const NO_RULE: &str = "psi_client::rules has no rule (no Validate impl) for this request";
const STEP_2: &str = "step 2 takes only the chave: no rule";

// ---- Shared checks ----------------------------------------------------------------------

/// The PSI's timeout Fault, `codigo-resultado` 408 in its detail.
fn soap_fault<A: Debug>(got: Result<A, Error>) {
    let error = got.expect_err("a Fault");
    let fault = error.fault().unwrap_or_else(|| panic!("a SOAP Fault, got {error:?}"));
    assert_eq!(
        (fault.code.as_str(), fault.reason.as_str()),
        ("soapenv:Server", TIMEOUT)
    );
    let detail = fault.raw_detail.as_ref().map(|d| d.xml.as_str()).unwrap_or_default();
    assert!(detail.contains("<codigo-resultado>408</codigo-resultado>"), "{detail}");
}

/// The SOAP 403: an empty Body, no Fault.
fn soap_forbidden<A: Debug>(got: Result<A, Error>) {
    let error = got.expect_err("a 403");
    assert!(error.is_forbidden() && error.fault().is_none(), "{error:?}");
}

/// The REST 403 body `{code: 403, message: "Operação não permitida"}`.
fn rest_forbidden(code: Option<i64>, message: Option<&str>) {
    assert_eq!((code, message), (Some(403), Some("Operação não permitida")));
}

/// A contrato refusal: `codigo-resultado` and a `mensagens-erro` naming the problem.
fn contrato_refusal(code: i32, message: Option<&str>, want: i32, fragment: &str) {
    assert_eq!(code, want, "{message:?}");
    assert!(message.unwrap_or_default().contains(fragment), "{message:?}");
}

fn code(c: Option<ResultCode>) -> Option<i64> {
    c.map(|c| c.0)
}

fn worker() -> Niss {
    Niss::new("11234567892").expect("a valid NISS")
}

fn at(d: Date) -> DateTime {
    DateTime::utc(d.and_hms_opt(0, 0, 0).expect("a time"))
}

fn vinculo(today: Date) -> RegistarVinculoTrabalhador {
    let born = Date::from_ymd_opt(1990, 5, 17).expect("a date");
    let start = today - chrono::Duration::days(10);
    RegistarVinculoTrabalhador::new(
        worker(),
        born,
        ModalidadeContrato::A,
        PrestacaoTrabalho::P,
        start,
        "93130",
        Decimal::new(90_000, 2),
        1,
    )
}

fn search_window(b: &Bench, days: i64) -> GetQualificacoesTrabalhadoresVinculadosEe {
    let today = b.today();
    let window = TrabalhadorVinculoEePesquisaSimplesPtvo::new(at(today), at(today - chrono::Duration::days(days)));
    GetQualificacoesTrabalhadoresVinculadosEe::new(window)
}

// ---- Every operation, one flavour at a time ----------------------------------------------

#[test]
fn every_operation_blocking() {
    every_operation(&Bench::new(Flavour::Blocking));
}

#[test]
fn every_operation_async() {
    every_operation(&Bench::new(Flavour::Async));
}

fn every_operation(b: &Bench) {
    contrato_services(b);
    two_step_calls(b);
    rest_services(b);
    other_services(b);
    b.assert_everything_covered(NOT_APPLICABLE);
}

/// §6.3–§6.6 and §6.8: register, alter, add an income period, list the communications.
fn contrato_services(b: &Bench) {
    let today = b.today();
    let v = vinculo(today);
    b.fault::<Registar>(&v, soap_fault);
    b.forbidden::<Registar>(&v, soap_forbidden);
    b.success::<Registar, _>(&v, |a| assert_eq!((a.codigo_resultado, a.mensagens_erro), (1, None)));
    let with_end = v.clone().with_fim_contrato(today);
    b.refused::<Registar>(&with_end, Rule::FimContratoNotAllowed, |a| {
        contrato_refusal(a.codigo_resultado, a.mensagens_erro.as_deref(), 3, "DATA FIM CONTRATO")
    });

    let change = AlterarContratoTrabalho::new(
        worker(),
        ModalidadeContrato::A,
        v.inicio_contrato,
        "93130",
        Decimal::new(120_000, 2),
    );
    b.fault::<Alterar>(&change, soap_fault);
    b.forbidden::<Alterar>(&change, soap_forbidden);
    b.success::<Alterar, _>(&change, |a| {
        assert_eq!((a.codigo_resultado, a.mensagens_erro), (1, None))
    });
    let unpaid = AlterarContratoTrabalho::new(
        worker(),
        ModalidadeContrato::A,
        v.inicio_contrato,
        "93130",
        Decimal::ZERO,
    );
    b.refused::<Alterar>(&unpaid, Rule::RemuneracaoBaseNotPositive, |a| {
        contrato_refusal(a.codigo_resultado, a.mensagens_erro.as_deref(), 3, "remuneracao-base")
    });

    let periodo = RegistarPeriodoRendimentoContratoTrabalho::new(worker(), today, Decimal::new(50_000, 2));
    b.fault::<PeriodoRendimento>(&periodo, soap_fault);
    b.forbidden::<PeriodoRendimento>(&periodo, soap_forbidden);
    b.success::<PeriodoRendimento, _>(&periodo, |a| assert_eq!(a.codigo_resultado, 1));

    // One call (§6.8, not a two-step service): the registration is listed as "a processar".
    let todas = ObterComunicacoes::new();
    b.fault::<ObterComunicacoesOp>(&todas, soap_fault);
    b.forbidden::<ObterComunicacoesOp>(&todas, soap_forbidden);
    b.success::<ObterComunicacoesOp, _>(&todas, |a| {
        assert_eq!(a.codigo_resultado, 1);
        let c = &a.comunicacao[0];
        assert_eq!(
            (c.niss_trabalhador.as_ref(), c.tipo_comunicacao.as_ref()),
            (Some(&worker()), Some(&TipoComunicacao::V0))
        );
        assert_eq!(c.inicio_contrato, Some(v.inicio_contrato));
    });

    // Cessar last: it ends the vínculo the others need.
    let fim = CessarVinculo::new(worker(), today, MotivoFimVinculo::Ccct, ComunicacaoDesemprego::V0);
    b.fault::<Cessar>(&fim, soap_fault);
    b.forbidden::<Cessar>(&fim, soap_forbidden);
    let sem_fundamentacao = CessarVinculo::new(worker(), today, MotivoFimVinculo::Rarc, ComunicacaoDesemprego::V1);
    b.refused::<Cessar>(&sem_fundamentacao, Rule::FundamentacaoRequired, |a| {
        contrato_refusal(a.codigo_resultado, a.mensagens_erro.as_deref(), 3, "fundamentacao")
    });
    b.success::<Cessar, _>(&fim, |a| assert_eq!((a.codigo_resultado, a.mensagens_erro), (1, None)));
}

/// Each step of the two-step SOAP services called by itself (the flows are below).
fn two_step_calls(b: &Bench) {
    let today = b.today();
    let v = vinculo(today);
    let other = Niss::new("12345678910").expect("a valid NISS");
    let mut second = v.clone();
    second.niss_trabalhador = other.clone();
    b.success::<Registar, _>(&second, |a| assert_eq!(a.codigo_resultado, 1));

    let pesquisa = search_window(b, 30);
    b.fault::<WsidqPesquisa>(&pesquisa, soap_fault);
    b.forbidden::<WsidqPesquisa>(&pesquisa, soap_forbidden);
    // Step 1 carries no codigoEstado: the refusal is a mensagemEstado without a chave.
    b.refused::<WsidqPesquisa>(&search_window(b, 120), Rule::PeriodTooLong, |a| {
        assert_eq!(a.chave, None);
        assert!(a.mensagem_estado.unwrap_or_default().contains("dataFimPesquisa"));
    });
    let chave = b.success::<WsidqPesquisa, _>(&pesquisa, |a| a.chave.expect("a chave"));
    let dados = GetDados::new(chave);
    b.fault::<WsidqDados>(&dados, soap_fault);
    b.forbidden::<WsidqDados>(&dados, soap_forbidden);
    b.success::<WsidqDados, _>(&dados, |a| {
        assert_eq!(a.codigo_estado, CodigoEstado::V0);
        let niss: Vec<_> = a
            .trabalhadores_qualificacoes
            .iter()
            .map(|t| t.niss_ps.clone())
            .collect();
        assert_eq!(
            niss,
            [Some(other.clone())],
            "the worker ceased above is no longer listed"
        );
    });

    let periodo = PesquisaContratos::new(v.inicio_contrato, today);
    b.fault::<PesquisaContratosOp>(&periodo, soap_fault);
    b.forbidden::<PesquisaContratosOp>(&periodo, soap_forbidden);
    // Step 1 carries no codigo-resultado: the refusal is a mensagens-erro without a chave.
    b.refused::<PesquisaContratosOp>(
        &PesquisaContratos::new(today, v.inicio_contrato),
        Rule::PeriodEndsBeforeStart,
        |a| {
            assert_eq!(a.chave, None);
            assert!(a.mensagens_erro.unwrap_or_default().contains("data-fim"));
        },
    );
    let chave = b.success::<PesquisaContratosOp, _>(&periodo, |a| a.chave.expect("a chave"));
    let dados = GetDadosContratos::new(chave);
    b.fault::<DadosContratosOp>(&dados, soap_fault);
    b.forbidden::<DadosContratosOp>(&dados, soap_forbidden);
    b.success::<DadosContratosOp, _>(&dados, |a| {
        assert_eq!(a.codigo_resultado, 1);
        let list = a.contratos.expect("contratos").contrato;
        let first = &list[0];
        // The alteração and the cessação above are in the registered contract.
        assert_eq!(first.niss_trabalhador, Some(worker()));
        assert_eq!(first.remuneracao_base, Some(Decimal::new(120_000, 2)));
        assert_eq!(first.fim_informacao_contrato, Some(today));
        assert_eq!(list[1].niss_trabalhador, Some(other.clone()));
    });
}

/// §6.9–§6.13: QLF and the CI payment documents.
fn rest_services(b: &Bench) {
    let today = b.today();
    let born = Date::from_ymd_opt(1985, 3, 2).expect("a date");
    let dto = PedidoVinculoTrabalhadorDto::new(
        Niss::new(EMPLOYER).expect("valid"),
        Niss::new("19876543218").expect("valid"),
        born,
        ModalidadeContrato::A,
        PrestacaoTrabalho::P,
        today - chrono::Duration::days(3),
        "93130",
        Decimal::new(95_000, 2),
        Enquadramento::Rege,
        1,
    );
    b.fault::<ComunicarVinculo>(&dto, |got| match got {
        Ok(Qlf::InternalServerError(e)) => assert_eq!((e.code, e.message.as_deref()), (Some(500), Some(TIMEOUT))),
        other => panic!("expected 500, got {other:?}"),
    });
    b.forbidden::<ComunicarVinculo>(&dto, |got| match got {
        Ok(Qlf::Forbidden(e)) => rest_forbidden(e.code, e.message.as_deref()),
        other => panic!("expected 403, got {other:?}"),
    });
    b.success::<ComunicarVinculo, _>(&dto, |a| assert_eq!(a, Qlf::NoContent));
    b.refused::<ComunicarVinculo>(
        &dto.clone().with_fim_contrato(today),
        Rule::FimContratoNotAllowed,
        |a| match a {
            Qlf::BadRequest(e) => {
                assert_eq!(e.code, Some(400));
                assert!(
                    e.message
                        .unwrap_or_default()
                        .contains("DATA FIM CONTRATO COM FORMATO INVÁLIDO")
                );
            }
            other => panic!("expected 400, got {other:?}"),
        },
    );

    let pedido = PedidoEmissaoDocumentoPagamentoVo::new(Ambito::V11);
    b.fault::<PedirEmissao>(&pedido, |got| match got {
        Ok(Pedido::InternalServerError(r)) => assert_eq!(
            (code(r.codigo_resultado), r.mensagem.as_deref()),
            (Some(0), Some(TIMEOUT))
        ),
        other => panic!("expected 500, got {other:?}"),
    });
    b.forbidden::<PedirEmissao>(&pedido, |got| match got {
        Ok(Pedido::Forbidden(e)) => rest_forbidden(e.code, e.message.as_deref()),
        other => panic!("expected 403, got {other:?}"),
    });
    b.refused::<PedirEmissao>(
        &PedidoEmissaoDocumentoPagamentoVo::new(Ambito::from_wire("99")),
        Rule::UnknownCode,
        |a| {
            assert_eq!(a, Pedido::BadRequest);
        },
    );
    let chave = b.success::<PedirEmissao, _>(&pedido, |a| match a {
        Pedido::Ok(r) if code(r.codigo_resultado) == Some(1) => r.chave.expect("a chave"),
        other => panic!("expected accepted, got {other:?}"),
    });

    b.fault::<ObterEmissao>(&chave, |got| match got {
        Ok(ObterPedido::InternalServerError(r)) => assert_eq!(code(r.codigo_resultado), Some(0)),
        other => panic!("expected 500, got {other:?}"),
    });
    b.forbidden::<ObterEmissao>(&chave, |got| match got {
        Ok(ObterPedido::Forbidden(e)) => rest_forbidden(e.code, e.message.as_deref()),
        other => panic!("expected 403, got {other:?}"),
    });
    let numero = b.success::<ObterEmissao, _>(&chave, |a| match a {
        ObterPedido::Ok(r) if code(r.codigo_resultado) == Some(1) => issued(&r.resultado),
        other => panic!("expected the documents, got {other:?}"),
    });

    b.fault::<ConsultarDocumentos>(&None, |got| match got {
        Ok(Consulta::InternalServerError(r)) => assert_eq!(code(r.codigo_resultado), Some(0)),
        other => panic!("expected 500, got {other:?}"),
    });
    b.forbidden::<ConsultarDocumentos>(&None, |got| match got {
        Ok(Consulta::Forbidden(e)) => rest_forbidden(e.code, e.message.as_deref()),
        other => panic!("expected 403, got {other:?}"),
    });
    b.success::<ConsultarDocumentos, _>(&None, |a| match a {
        Consulta::Ok(r) => assert_eq!(issued(&r.resultado), numero),
        other => panic!("expected the payable documents, got {other:?}"),
    });

    b.fault::<ObterComprovativos>(&2025, |got| match got {
        Ok(Comprovativos::InternalServerError(r)) => assert_eq!(code(r.codigo_resultado), Some(0)),
        other => panic!("expected 500, got {other:?}"),
    });
    b.forbidden::<ObterComprovativos>(&2025, |got| match got {
        Ok(Comprovativos::Forbidden(e)) => rest_forbidden(e.code, e.message.as_deref()),
        other => panic!("expected 403, got {other:?}"),
    });
    b.success::<ObterComprovativos, _>(&2025, |a| match a {
        Comprovativos::Ok(r) => {
            let dates: Vec<_> = r.resultado.iter().map(|c| c.data_pagamento).collect();
            assert_eq!(
                dates,
                [Date::from_ymd_opt(2025, 1, 20), Date::from_ymd_opt(2025, 2, 20)]
            );
        }
        other => panic!("expected receipts, got {other:?}"),
    });

    b.fault::<CancelarDocumento>(&numero, |got| match got {
        Ok(Cancelar::InternalServerError(r)) => assert_eq!(code(r.codigo_resultado), Some(0)),
        other => panic!("expected 500, got {other:?}"),
    });
    b.forbidden::<CancelarDocumento>(&numero, |got| match got {
        Ok(Cancelar::Forbidden(e)) => rest_forbidden(e.code, e.message.as_deref()),
        other => panic!("expected 403, got {other:?}"),
    });
    b.success::<CancelarDocumento, _>(&numero, |a| match a {
        Cancelar::Ok(r) => assert_eq!(code(r.codigo_resultado), Some(1)),
        other => panic!("expected cancelled, got {other:?}"),
    });
}

/// The one payment document issued, by number.
fn issued(docs: &[ObterDocumentoPagamentoVo]) -> String {
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert_eq!(docs[0].subtipo.as_deref(), Some("11"));
    docs[0].numero_documento_pagamento.clone().expect("a number")
}

/// §6.2 Declarações de Remunerações and the SIOE public directory.
fn other_services(b: &Bench) {
    let ficheiro = ConsultarFicheiro::new(12_345_678);
    b.fault::<ConsultarFicheiroOp>(&ficheiro, soap_fault);
    b.forbidden::<ConsultarFicheiroOp>(&ficheiro, soap_forbidden);
    b.success::<ConsultarFicheiroOp, _>(&ficheiro, |a| {
        // Captured as it came: the namespaces in scope travel with the element.
        let [echo] = &a.any[..] else {
            panic!("one element, got {:?}", a.any)
        };
        assert!(
            echo.xml.starts_with("<Idficheiro") && echo.xml.ends_with(">12345678</Idficheiro>"),
            "{echo:?}"
        );
    });

    let search = Search::new(SearchRequest::new(3, 1));
    b.fault::<SioeSearch>(&search, soap_fault);
    b.success::<SioeSearch, _>(&search, |a| {
        let list = a.search_result.expect("a result").resultado;
        assert_eq!(list.len(), 3);
        assert!(
            list.iter()
                .all(|r| r.codigo_sioe.as_ref().is_some_and(|c| c.len() == 6))
        );
    });
    let get = Get::new(GetRequest::new("1234"));
    b.fault::<SioeGet>(&get, soap_fault);
    b.success::<SioeGet, _>(&get, |a| {
        let entidade = a.get_result.and_then(|r| r.entidade).expect("an entity");
        assert_eq!(entidade.designacao.as_deref(), Some("Entidade pública 1234"));
    });
}

// ---- Two-step services through the flows: pending → data → expired ----------------------

/// On the simulated clock: submitted, the answer is not ready (pending); once processed it
/// is (data, read by `check`); after its lifetime it is gone (expired). A non-adhered
/// employer's flow ends in the 403.
fn pending_data_expired<F: TwoStep>(b: &Bench, request: &F::Request, check: impl FnOnce(F::Data)) {
    let (processing, lifetime) = (Duration::from_secs(60), Duration::from_secs(600));
    b.sim.set_clock(b.sim.now());
    b.sim.set_timings(Timings { processing, lifetime });
    let once = Polling::new(Duration::ZERO, 1);
    let chave = match F::submit(b, &b.config, request, &once) {
        Ok(Outcome::Pending { chave }) => chave,
        other => panic!("{:?}: expected pending, got {other:?}", b.flavour),
    };
    b.sim.advance(processing);
    match F::resume(b, &chave, &once) {
        Ok(Outcome::Data(data)) => check(data),
        other => panic!("{:?}: expected data, got {other:?}", b.flavour),
    }
    b.sim.advance(lifetime);
    let late = F::resume(b, &chave, &once);
    assert!(
        matches!(late, Ok(Outcome::Expired)),
        "{:?}: expected expired, got {late:?}",
        b.flavour
    );
    let outsider = F::submit(b, &b.outsider, request, &once).expect_err("a 403");
    assert!(outsider.is_forbidden(), "{outsider:?}");
    b.sim.set_timings(Timings::default());
}

#[test]
fn two_step_flows_blocking() {
    two_step_flows(&Bench::new(Flavour::Blocking));
}

#[test]
fn two_step_flows_async() {
    two_step_flows(&Bench::new(Flavour::Async));
}

/// Consultar Contratos, Consultar Trabalhadores and Emissão de Documentos de Pagamento (§5.6).
/// Obter Comunicações (§6.8) is one call, without a chave, and has no flow: what is pending
/// there is a communication ("a processar"), checked in `contrato_services`.
fn two_step_flows(b: &Bench) {
    let v = vinculo(b.today());
    b.success::<Registar, _>(&v, |a| assert_eq!(a.codigo_resultado, 1));
    let registered = |niss: Option<&Niss>| assert_eq!(niss, Some(&worker()));
    pending_data_expired::<Contratos>(b, &PesquisaContratos::new(v.inicio_contrato, b.today()), |list| {
        assert_eq!(list.len(), 1);
        registered(list[0].niss_trabalhador.as_ref());
        assert_eq!(list[0].inicio_contrato, Some(v.inicio_contrato));
    });
    pending_data_expired::<Trabalhadores>(b, &search_window(b, 30), |list| {
        assert_eq!(list.len(), 1);
        registered(list[0].niss_ps.as_ref());
    });
    pending_data_expired::<Emissao>(b, &PedidoEmissaoDocumentoPagamentoVo::new(Ambito::V11), |docs| {
        issued(&docs);
    });
}
