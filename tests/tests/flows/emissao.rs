//! §6.10 Emissão de Documentos de Pagamento: the pedido (`POST …/pedido-emissao`), then the
//! obter (`GET …/consulta-pedido/{chave}`) until `codigoResultado` says more than "still
//! processing" (10).

use std::time::Duration;

use psi_client::api::emissao_documentos_pagamento::{Ambito, BlockingClient, PedidoEmissaoDocumentoPagamentoVo};
use psi_client::api::shared::ObterDocumentoPagamentoVo;
use psi_client::flows::blocking as run;
use psi_client::flows::{Outcome, Polling};
use psi_client::rt::{Auth, Error, ResultCode};
use psi_sim::{Recorded, Reply, Simulator};
use psi_tests::sim::{self, SimClock, USER};

use super::*;

const PEDIR: &str = "pedirEmissaoDocumentosPagamento";
const OBTER: &str = "obterPedidoEmissaoDocumentosPagamento";
const JSON: &str = "application/json";
const CONSULTA_PEDIDO: &str = "/ptss/rest/ci/documento-pagamento/consulta-pedido/";

fn pedido() -> PedidoEmissaoDocumentoPagamentoVo {
    PedidoEmissaoDocumentoPagamentoVo::new(Ambito::V11)
}

fn run_with(
    sim: &Simulator,
    max_attempts: u32,
    clock: &mut SimClock<'_>,
) -> Result<Outcome<Vec<ObterDocumentoPagamentoVo>>, Error> {
    run::emissao_documentos_pagamento(
        &BlockingClient::new(config(sim)),
        None,
        &pedido(),
        &polling(max_attempts),
        clock,
    )
}

fn run_once(sim: &Simulator) -> Result<Outcome<Vec<ObterDocumentoPagamentoVo>>, Error> {
    run_with(sim, 8, &mut SimClock::fixed(sim))
}

/// `operation` answers with this JSON at this status, once.
fn json(operation: &str, status: u16, body: &str) -> psi_sim::Script {
    sim::raw(operation, status, Some(JSON), body).times(1)
}

/// The chaves of the obter requests, from their paths.
fn polled(seen: &[Recorded]) -> Vec<String> {
    seen.iter()
        .filter(|r| r.operation == Some(OBTER))
        .map(|r| {
            assert_eq!(r.method, "GET");
            r.path
                .strip_prefix(CONSULTA_PEDIDO)
                .unwrap_or_else(|| panic!("{}", r.path))
                .to_owned()
        })
        .collect()
}

/// A pedido straight from the client (not a flow): the chave the simulator answered.
fn pedir(sim: &Simulator) -> String {
    let answer = BlockingClient::new(config(sim))
        .pedir_emissao_documentos_pagamento(None, &pedido())
        .expect("an answer");
    let psi_client::api::emissao_documentos_pagamento::PedirEmissaoDocumentosPagamentoResponse::Ok(vo) = answer else {
        panic!("expected 200, got {answer:?}")
    };
    assert_eq!(vo.codigo_resultado, Some(ResultCode(1)));
    vo.chave.expect("a chave")
}

#[test]
fn emissao_data_after_two_pending_polls() {
    // Ready after 4 s. The first poll is answered with the code as a string (scripted), the
    // second (3 s) by the simulator still pending, the third (4.5 s) with the document.
    let sim = simulator(Duration::from_secs(4), Duration::from_secs(3600));
    sim.script(json(OBTER, 200, r#"{"codigoResultado":"10"}"#));
    let mut clock = SimClock::fixed(&sim);
    let out = run_with(&sim, 8, &mut clock).expect("flow");
    let Outcome::Data(docs) = out else {
        panic!("expected data, got {out:?}")
    };
    assert_eq!(docs.len(), 1);
    let numero = docs[0].numero_documento_pagamento.as_deref().expect("a number");
    assert!(
        numero.len() == 12 && numero.bytes().all(|b| b.is_ascii_digit()),
        "{numero}"
    );
    assert_eq!(clock.waits(), vec![INTERVAL; 3]);
    let seen = sim.requests();
    assert_eq!(seen[0].method, "POST");
    assert_eq!(seen[0].path, "/ptss/rest/ci/documento-pagamento/pedido-emissao");
    assert_eq!(seen[0].body_text(), r#"{"ambito":11}"#);
    let chaves = polled(&seen);
    assert_eq!(chaves.len(), 3);
    assert!(
        chaves.iter().all(|c| *c == chaves[0] && c.starts_with("SIM")),
        "{chaves:?}"
    );
}

#[test]
fn emissao_code_10_polls_the_existing_chave() {
    // A request for the same entity and âmbito is already processing: its chave comes back
    // (10), and the flow polls it until it is ready.
    let sim = simulator(Duration::from_secs(3), Duration::from_secs(3600));
    let existing = pedir(&sim);
    sim.clear_requests();
    let out = run_once(&sim).expect("flow");
    assert!(matches!(out, Outcome::Data(ref d) if d.len() == 1), "{out:?}");
    assert_eq!(polled(&sim.requests()), vec![existing; 2]);
}

#[test]
fn emissao_code_11_polls_the_existing_chave() {
    // A still-valid answer already exists: its chave comes back (11) and answers at once.
    let sim = ready();
    let existing = pedir(&sim);
    sim.clear_requests();
    let mut clock = SimClock::fixed(&sim);
    let out = run_with(&sim, 8, &mut clock).expect("flow");
    assert!(matches!(out, Outcome::Data(ref d) if d.len() == 1), "{out:?}");
    assert_eq!(polled(&sim.requests()), vec![existing]);
    assert_eq!(clock.waits().len(), 1);
}

#[test]
fn emissao_no_data() {
    let sim = ready();
    sim.script(
        sim::on(OBTER)
            .result(15, Some("Sem valores a pagar"))
            .expect("a result"),
    );
    assert_eq!(run_once(&sim).expect("flow"), Outcome::NoData);
}

#[test]
fn emissao_expired() {
    // Ready at once for 1 s: the poll 1.5 s later finds 14.
    let sim = simulator(Duration::ZERO, Duration::from_secs(1));
    assert_eq!(run_once(&sim).expect("flow"), Outcome::Expired);
}

#[test]
fn emissao_business_error() {
    // A refusal of the pedido: its code and message, no polling.
    let sim = ready();
    sim.script(json(PEDIR, 200, r#"{"codigoResultado":"5","mensagem":"Sem valores"}"#));
    let mut clock = SimClock::fixed(&sim);
    assert_eq!(
        run_with(&sim, 8, &mut clock).expect("flow"),
        Outcome::Failed {
            code: Some(5),
            message: Some("Sem valores".into())
        }
    );
    assert!(clock.waits().is_empty());
    // Invalid key: 13 with HTTP 400 (malformed) or 404 (not the requester's), as the
    // simulator answers a chave it did not issue (step 1 scripted with it).
    for (chave, status) in [("E", 400), ("SIM0000990000", 404)] {
        let sim = ready();
        sim.script(json(
            PEDIR,
            200,
            &format!(r#"{{"codigoResultado":1,"chave":"{chave}"}}"#),
        ));
        assert_eq!(
            run_once(&sim).expect("flow"),
            Outcome::Failed {
                code: Some(13),
                message: Some("Chave inválida".into())
            },
            "HTTP {status}"
        );
        assert_eq!(sim.requests_to(OBTER)[0].status, status);
    }
    // Internal error: 0 with HTTP 500, on the pedido and on the obter.
    let sim = ready();
    sim.script(
        sim::on(PEDIR)
            .result(0, Some("Erro interno"))
            .expect("a result")
            .with_status(500),
    );
    assert_eq!(
        run_once(&sim).expect("flow"),
        Outcome::Failed {
            code: Some(0),
            message: Some("Erro interno".into())
        }
    );
    let sim = ready();
    sim.script(json(OBTER, 500, r#"{"codigoResultado":"0"}"#));
    assert_eq!(
        run_once(&sim).expect("flow"),
        Outcome::Failed {
            code: Some(0),
            message: None
        }
    );
}

#[test]
fn emissao_attempts_exhausted() {
    let sim = simulator(Duration::from_secs(3600), Duration::from_secs(3600));
    let mut clock = SimClock::fixed(&sim);
    let out = run_with(&sim, 3, &mut clock).expect("flow");
    let Outcome::Pending { chave } = out else {
        panic!("expected pending, got {out:?}")
    };
    assert_eq!(clock.waits(), vec![INTERVAL; 3]);
    assert_eq!(polled(&sim.requests()), vec![chave.clone(); 3]);

    // Resume later with the chave.
    sim.advance(Duration::from_secs(3600));
    let out = run::obter_emissao_documentos_pagamento(
        &BlockingClient::new(config(&sim)),
        &chave,
        &Polling::default(),
        &mut |_| {},
    )
    .expect("flow");
    assert!(matches!(out, Outcome::Data(ref d) if d.len() == 1), "{out:?}");
}

#[test]
fn emissao_http_refusals_are_errors() {
    // 403: an employer that has not adhered.
    let sim = ready();
    sim.set_adhered(USER, false);
    let err = run_once(&sim).expect_err("403");
    assert!(err.is_forbidden(), "{err:?}");
    assert!(err.to_string().contains("Operação não permitida"), "{err}");

    // 401: a credential the simulator does not accept.
    let sim = sim::strict();
    let client = BlockingClient::new(
        sim.config(psi_client::rt::Environment::Producao)
            .auth(Auth::basic(USER, "wrong")),
    );
    let err = run::emissao_documentos_pagamento(&client, None, &pedido(), &polling(8), &mut |_| {}).expect_err("401");
    assert!(err.is_unauthorized(), "{err:?}");

    // 401 on the obter.
    let sim = ready();
    sim.script(sim::on(OBTER).reply(Reply::Unauthorized));
    let err = run_once(&sim).expect_err("401 on obter");
    assert!(err.is_unauthorized(), "{err:?}");

    // Code 1 without the chave it promises.
    let sim = ready();
    sim.script(json(PEDIR, 200, r#"{"codigoResultado":1}"#));
    let err = run_once(&sim).expect_err("no chave");
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
}
