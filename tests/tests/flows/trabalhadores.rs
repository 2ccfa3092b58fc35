//! §6.1 Consultar Trabalhadores: `getQualificacoesTrabalhadoresVinculadosEE`, then
//! `getDados` until `codigoEstado` says more than "still processing".

use std::time::Duration;

use psi_client::api::consultar_trabalhadores::{
    BlockingClient, GetQualificacoesTrabalhadoresVinculadosEe, TrabalhadorQualificacoes,
    TrabalhadorVinculoEePesquisaSimplesPtvo,
};
use psi_client::flows::blocking as run;
use psi_client::flows::{MessagePatterns, Outcome};
use psi_client::rt::{DateTime, Error};
use psi_sim::Simulator;
use psi_tests::sim::{self, SimClock, USER};
use psi_tests::soap as answer;

use super::*;

const GET_QUALIFICACOES: &str = "getQualificacoesTrabalhadoresVinculadosEE";
const GET_DADOS: &str = "getDados";
const WSIDQ: &str = "http://vo.webservice.wsidq.segsocial.pt";

fn request(from: &str, to: &str) -> GetQualificacoesTrabalhadoresVinculadosEe {
    let at = |t: &str| -> DateTime { t.parse().expect("date-time") };
    GetQualificacoesTrabalhadoresVinculadosEe::new(TrabalhadorVinculoEePesquisaSimplesPtvo::new(at(to), at(from)))
}

/// The first quarter of 2026.
fn quarter() -> GetQualificacoesTrabalhadoresVinculadosEe {
    request("2026-01-01T00:00:00Z", "2026-03-31T23:59:59Z")
}

fn run_with(
    sim: &Simulator,
    request: &GetQualificacoesTrabalhadoresVinculadosEe,
    max_attempts: u32,
    patterns: &MessagePatterns,
    clock: &mut SimClock<'_>,
) -> Result<Outcome<Vec<TrabalhadorQualificacoes>>, Error> {
    run::consultar_trabalhadores(
        &BlockingClient::new(config(sim)),
        request,
        &polling(max_attempts),
        patterns,
        clock,
    )
}

fn run_quarter(sim: &Simulator, max_attempts: u32) -> Result<Outcome<Vec<TrabalhadorQualificacoes>>, Error> {
    let patterns = MessagePatterns::consultar_trabalhadores();
    run_with(sim, &quarter(), max_attempts, &patterns, &mut SimClock::fixed(sim))
}

#[test]
fn trabalhadores_data_after_two_pending_polls() {
    // Ready after 4 s: the polls at 1.5 s and 3 s find it pending, the one at 4.5 s ready.
    let sim = simulator(Duration::from_secs(4), Duration::from_secs(3600));
    register(&sim, "11234567892");
    // The first "pending" in another wording (case and accents aside), as scripted.
    sim.script(
        sim::on(GET_DADOS)
            .result(0, Some("AINDA NAO FOI PROCESSADO"))
            .expect("a result")
            .times(1),
    );
    let mut clock = SimClock::fixed(&sim);
    let patterns = MessagePatterns::consultar_trabalhadores();
    let out = run_with(&sim, &quarter(), 8, &patterns, &mut clock).expect("flow");
    let Outcome::Data(records) = out else {
        panic!("expected data, got {out:?}")
    };
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].niss_ps.as_ref().map(|n| n.as_str()), Some("11234567892"));
    assert_eq!(records[0].niss_ee.as_ref().map(|n| n.as_str()), Some(USER));
    assert_eq!(clock.waits(), vec![INTERVAL; 3], "one wait before each of the 3 polls");
    let seen = sim.requests();
    let ops: Vec<_> = seen.iter().map(|r| r.operation).collect();
    assert_eq!(
        ops,
        [
            Some(GET_QUALIFICACOES),
            Some(GET_DADOS),
            Some(GET_DADOS),
            Some(GET_DADOS)
        ]
    );
    one_simulated_chave(&seen[1..]);
}

#[test]
fn trabalhadores_no_data() {
    // No worker registered: ready, "Sem dados de retorno".
    assert_eq!(run_quarter(&ready(), 8).expect("flow"), Outcome::NoData);
}

#[test]
fn trabalhadores_expired() {
    // Ready at once for 1 s only: the first poll, 1.5 s later, finds "A chave expirou".
    let sim = simulator(Duration::ZERO, Duration::from_secs(1));
    register(&sim, "11234567892");
    assert_eq!(run_quarter(&sim, 8).expect("flow"), Outcome::Expired);
}

#[test]
fn trabalhadores_business_error() {
    // codigoEstado 2: the text is the error.
    let sim = ready();
    sim.script(sim::on(GET_DADOS).result(2, Some("NISS inválido")).expect("a result"));
    assert_eq!(
        run_quarter(&sim, 8).expect("flow"),
        Outcome::Failed {
            code: Some(2),
            message: Some("NISS inválido".into())
        }
    );
    // Code 0 with a text no pattern knows and no records: reported, not guessed.
    let sim = ready();
    sim.script(sim::on(GET_DADOS).result(0, Some("Erro inesperado")).expect("a result"));
    assert_eq!(
        run_quarter(&sim, 8).expect("flow"),
        Outcome::Failed {
            code: Some(0),
            message: Some("Erro inesperado".into())
        }
    );
    // Step 1 without a chave: its message, no code, no polling.
    let sim = ready();
    sim.script(
        sim::on(GET_QUALIFICACOES)
            .result(0, Some("Período superior a 90 dias"))
            .expect("a result"),
    );
    let mut clock = SimClock::fixed(&sim);
    let patterns = MessagePatterns::consultar_trabalhadores();
    let out = run_with(&sim, &quarter(), 8, &patterns, &mut clock);
    assert_eq!(
        out.expect("flow"),
        Outcome::Failed {
            code: None,
            message: Some("Período superior a 90 dias".into())
        }
    );
    assert!(clock.waits().is_empty());
    assert_eq!(sim.requests().len(), 1);

    // The simulator's own refusal of a window over 90 days (§6.1) is such an answer too.
    let sim = ready();
    let mut clock = SimClock::fixed(&sim);
    let long = request("2026-01-01T00:00:00Z", "2026-04-10T23:59:59Z");
    let out = run_with(&sim, &long, 8, &patterns, &mut clock).expect("flow");
    assert!(
        matches!(&out, Outcome::Failed { code: None, message: Some(m) } if !m.is_empty()),
        "{out:?}"
    );
    assert_eq!(sim.requests().len(), 1);
}

#[test]
fn trabalhadores_attempts_exhausted() {
    let sim = simulator(Duration::from_secs(3600), Duration::from_secs(3600));
    register(&sim, "11234567892");
    let mut clock = SimClock::fixed(&sim);
    let patterns = MessagePatterns::consultar_trabalhadores();
    let out = run_with(&sim, &quarter(), 3, &patterns, &mut clock).expect("flow");
    let Outcome::Pending { chave } = out else {
        panic!("expected pending, got {out:?}")
    };
    assert_eq!(clock.waits().len(), 3);
    let seen = sim.requests();
    assert_eq!(seen.len(), 4, "step 1 and three polls");
    assert_eq!(one_simulated_chave(&seen[1..]), chave);

    // Resume with the chave once it is ready.
    sim.advance(Duration::from_secs(3600));
    sim.clear_requests();
    let out = run::obter_trabalhadores(
        &BlockingClient::new(config(&sim)),
        &chave,
        &polling(1),
        &patterns,
        &mut clock,
    )
    .expect("flow");
    assert!(matches!(out, Outcome::Data(ref r) if r.len() == 1), "{out:?}");
    assert_eq!(chave_in(&sim.requests()[0]), chave);

    // Code 0 with an empty mensagemEstado and records is data too.
    sim.script(answer::ok(
        GET_DADOS,
        "soap",
        &format!(
            "<ns:getDadosResponse xmlns:ns=\"{WSIDQ}\"><codigoEstado>0</codigoEstado><mensagemEstado></mensagemEstado>\
             <trabalhadoresQualificacoes><nissEE>{USER}</nissEE><nissPS>29999999991</nissPS><nomePS>J*** S***</nomePS>\
             <tipoQlf>TCO</tipoQlf></trabalhadoresQualificacoes></ns:getDadosResponse>"
        ),
    ));
    let out = run::obter_trabalhadores(
        &BlockingClient::new(config(&sim)),
        &chave,
        &polling(1),
        &patterns,
        &mut clock,
    )
    .expect("flow");
    let Outcome::Data(records) = out else {
        panic!("expected data, got {out:?}")
    };
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].niss_ps.as_ref().map(|n| n.as_str()), Some("29999999991"));
}

#[test]
fn trabalhadores_file_of_records() {
    // codigoEstado 1 with a ZIP of XML files holding records in the inline shape: the flow
    // returns the bytes and the records read from them.
    let record = |niss: &str| {
        format!(
            "<trabalhadoresQualificacoes><nissEE>{USER}</nissEE><nissPS>{niss}</nissPS>\
             <tipoQlf>TCO</tipoQlf></trabalhadoresQualificacoes>"
        )
    };
    let one = format!("<lista>{}{}</lista>", record("29999999991"), record("29999999992"));
    let two = format!("<?xml version=\"1.0\"?><lista>{}</lista>", record("29999999993"));
    let archive =
        psi_client::rt::zip::write_stored(&[("a.xml", one.as_bytes()), ("b.xml", two.as_bytes())]).expect("an archive");
    let sim = ready();
    sim.script(sim::on(GET_DADOS).file(&archive).expect("a file answer"));
    let Outcome::File(file) = run_quarter(&sim, 8).expect("flow") else {
        panic!("expected a file")
    };
    assert_eq!(file.bytes.as_deref(), Some(&archive[..]));
    assert_eq!(file.note, None);
    let niss: Vec<_> = file
        .data
        .expect("records")
        .iter()
        .map(|r| r.niss_ps.as_ref().map(|n| n.as_str().to_owned()))
        .collect();
    assert_eq!(
        niss,
        ["29999999991", "29999999992", "29999999993"].map(|n| Some(n.to_owned()))
    );
}

#[test]
fn trabalhadores_file_and_configurable_patterns() {
    // codigoEstado 1 with the file as an MTOM attachment under an element the spec does not
    // publish: the bytes are kept, unread.
    let sim = ready();
    let envelope = answer::envelope(
        "soap",
        &format!(
            "<ns:getDadosResponse xmlns:ns=\"{WSIDQ}\"><codigoEstado>1</codigoEstado><ficheiro>\
         <xop:Include xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" href=\"cid:f1\"/></ficheiro>\
         </ns:getDadosResponse>"
        ),
    );
    let mut body =
        b"--MIME\r\nContent-Type: application/xop+xml; type=\"text/xml\"\r\nContent-ID: <root>\r\n\r\n".to_vec();
    body.extend_from_slice(envelope.as_bytes());
    body.extend_from_slice(b"\r\n--MIME\r\nContent-Type: application/zip\r\nContent-ID: <f1>\r\n\r\nPK\x03\x04data");
    body.extend_from_slice(b"\r\n--MIME--\r\n");
    let ct = "multipart/related; type=\"application/xop+xml\"; boundary=MIME; start=\"<root>\"";
    sim.script(
        sim::on(GET_DADOS)
            .raw(200, &[("Content-Type", ct)], body)
            .expect("a raw answer"),
    );
    let Outcome::File(file) = run_quarter(&sim, 8).expect("flow") else {
        panic!("expected a file")
    };
    assert_eq!(file.bytes.as_deref(), Some(&b"PK\x03\x04data"[..]));
    assert_eq!(file.data, None);
    assert!(file.note.is_some_and(|n| n.contains("not published")));

    // codigoEstado 1 without an attachment: no bytes, and the note says so.
    let sim = ready();
    sim.script(sim::on(GET_DADOS).result(1, None).expect("a result"));
    let Outcome::File(file) = run_quarter(&sim, 8).expect("flow") else {
        panic!("expected a file")
    };
    assert_eq!(file.bytes, None);
    assert!(file.note.is_some_and(|n| n.contains("no attachment")));

    // A rewording the defaults miss, taught through the patterns; then code 0 without a
    // message or records: no records.
    let mut patterns = MessagePatterns::consultar_trabalhadores();
    patterns.pending.push("em processamento".into());
    let sim = ready();
    sim.script(
        sim::on(GET_DADOS)
            .result(0, Some("Pedido em processamento"))
            .expect("a result")
            .times(1),
    );
    sim.script(sim::on(GET_DADOS).result(0, None).expect("a result"));
    let out = run_with(&sim, &quarter(), 8, &patterns, &mut SimClock::fixed(&sim));
    assert_eq!(out.expect("flow"), Outcome::Data(vec![]));
    assert_eq!(sim.requests_to(GET_DADOS).len(), 2);
}

#[test]
fn trabalhadores_not_authorised_is_an_error() {
    // §4.4: HTTP 403 with an empty SOAP Body, to an employer that has not adhered.
    let sim = ready();
    sim.set_adhered(USER, false);
    let err = run_quarter(&sim, 8).expect_err("403");
    assert!(err.is_forbidden(), "{err:?}");
    assert_eq!(sim.requests()[0].status, 403);
}
