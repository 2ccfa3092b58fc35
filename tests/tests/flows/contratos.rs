//! §6.7 Consultar Contratos: `pesquisaContratos`, then `getDadosContratos` until
//! `codigo-resultado` says more than "still processing".

use std::time::Duration;

use psi_client::api::consultar_contratos::{BlockingClient, Contrato, PesquisaContratos, PesquisaContratosResponse};
use psi_client::flows::blocking as run;
use psi_client::flows::{MessagePatterns, Outcome};
use psi_client::rt::Error;
use psi_sim::Simulator;
use psi_tests::sim::{self, SimClock};
use psi_tests::soap::{self as answer, SOAP11_NS};

use super::*;

const PESQUISA: &str = "pesquisaContratos";
const GET_DADOS: &str = "getDadosContratos";
const VO: &str = "http://vo.webservice.contrato.segsocial.pt";

/// The first quarter of 2026.
fn quarter() -> PesquisaContratos {
    PesquisaContratos::new(date(2026, 1, 1), date(2026, 3, 31))
}

fn run_with(
    sim: &Simulator,
    request: &PesquisaContratos,
    max_attempts: u32,
    clock: &mut SimClock<'_>,
) -> Result<Outcome<Vec<Contrato>>, Error> {
    run::consultar_contratos(
        &BlockingClient::new(config(sim)),
        request,
        &polling(max_attempts),
        &MessagePatterns::consultar_contratos(),
        clock,
    )
}

fn run_quarter(sim: &Simulator) -> Result<Outcome<Vec<Contrato>>, Error> {
    run_with(sim, &quarter(), 8, &mut SimClock::fixed(sim))
}

/// A `getDadosContratos` answer: this code, message and further content, once.
fn dados(codigo: i32, mensagem: Option<&str>, rest: &str) -> psi_sim::Script {
    let mensagem = mensagem.map_or_else(String::new, |m| format!("<mensagens-erro>{m}</mensagens-erro>"));
    answer::ok(
        GET_DADOS,
        "soap",
        &format!(
            "<ns2:getDadosContratosResponse xmlns:ns2=\"{VO}\"><codigo-resultado>{codigo}</codigo-resultado>\
             {mensagem}{rest}</ns2:getDadosContratosResponse>"
        ),
    )
    .times(1)
}

#[test]
fn contratos_data_after_two_pending_polls() {
    // Ready after 4 s; the two polls before that are answered in two other wordings of
    // "pending" (scripted), the third by the simulator with the contract registered.
    let sim = simulator(Duration::from_secs(4), Duration::from_secs(3600));
    register(&sim, "11234567892");
    sim.script(dados(0, Some("O pedido não foi processado"), ""));
    sim.script(dados(0, Some("Tenta mais tarde"), ""));
    let mut clock = SimClock::fixed(&sim);
    let out = run_with(&sim, &quarter(), 8, &mut clock).expect("flow");
    let Outcome::Data(contratos) = out else {
        panic!("expected data, got {out:?}")
    };
    assert_eq!(contratos.len(), 1);
    assert_eq!(contratos[0].profissao.as_deref(), Some("93130"));
    assert_eq!(
        contratos[0].niss_trabalhador.as_ref().map(|n| n.as_str()),
        Some("11234567892")
    );
    assert_eq!(clock.waits(), vec![INTERVAL; 3]);
    let seen = sim.requests();
    let ops: Vec<_> = seen.iter().map(|r| r.operation).collect();
    assert_eq!(ops, [Some(PESQUISA), Some(GET_DADOS), Some(GET_DADOS), Some(GET_DADOS)]);
    one_simulated_chave(&seen[1..]);
}

#[test]
fn contratos_no_data() {
    // Nothing registered: code 4.
    assert_eq!(run_quarter(&ready()).expect("flow"), Outcome::NoData);
}

#[test]
fn contratos_expired() {
    let sim = simulator(Duration::ZERO, Duration::from_secs(1));
    register(&sim, "11234567892");
    assert_eq!(run_quarter(&sim).expect("flow"), Outcome::Expired);
}

#[test]
fn contratos_business_error() {
    let sim = ready();
    sim.script(dados(3, Some("Validação falhou"), ""));
    assert_eq!(
        run_quarter(&sim).expect("flow"),
        Outcome::Failed {
            code: Some(3),
            message: Some("Validação falhou".into())
        }
    );
    // Code 0 that is neither "processing" nor "expired": a chave the simulator never issued
    // (step 1 scripted with it) is unknown to its step 2.
    let sim = ready();
    let foreign = PesquisaContratosResponse::new().with_chave("C");
    sim.script(sim::on(PESQUISA).soap(&foreign).expect("a SOAP operation"));
    assert_eq!(
        run_quarter(&sim).expect("flow"),
        Outcome::Failed {
            code: Some(0),
            message: Some("Chave desconhecida".into())
        }
    );
    // Step 1 answered with mensagens-erro and no chave.
    let sim = ready();
    sim.script(
        sim::on(PESQUISA)
            .result(0, Some("Data fim anterior à data início"))
            .expect("a result"),
    );
    assert_eq!(
        run_quarter(&sim).expect("flow"),
        Outcome::Failed {
            code: None,
            message: Some("Data fim anterior à data início".into())
        }
    );
    // The simulator's own refusal of such a period is that answer too.
    let sim = ready();
    let backwards = PesquisaContratos::new(date(2026, 3, 31), date(2026, 1, 1));
    let out = run_with(&sim, &backwards, 8, &mut SimClock::fixed(&sim)).expect("flow");
    assert!(
        matches!(&out, Outcome::Failed { code: None, message: Some(m) } if !m.is_empty()),
        "{out:?}"
    );
    assert_eq!(sim.requests().len(), 1, "no polling");
}

#[test]
fn contratos_attempts_exhausted() {
    let sim = simulator(Duration::from_secs(3600), Duration::from_secs(3600));
    let mut clock = SimClock::fixed(&sim);
    let out = run_with(&sim, &quarter(), 2, &mut clock).expect("flow");
    let Outcome::Pending { chave } = out else {
        panic!("expected pending, got {out:?}")
    };
    assert_eq!(clock.waits().len(), 2);
    let seen = sim.requests();
    assert_eq!(seen.len(), 3, "step 1 and two polls");
    assert_eq!(one_simulated_chave(&seen[1..]), chave);
}

/// A file whose bytes came through but are not a ZIP of contracts: kept, with the reason.
fn assert_file(out: Outcome<Vec<Contrato>>, bytes: &[u8]) {
    let Outcome::File(file) = out else {
        panic!("expected a file, got {out:?}")
    };
    assert_eq!(file.bytes.as_deref(), Some(bytes));
    assert_eq!(file.data, None);
    assert!(file.note.is_some(), "the reason it was not read");
}

#[test]
fn contratos_file() {
    // Inline base64 in ficheiro-dados.
    let sim = ready();
    sim.script(dados(1, None, "<ficheiro-dados>UEsDBA==</ficheiro-dados>"));
    assert_file(run_quarter(&sim).expect("flow"), &[0x50, 0x4B, 0x03, 0x04]);

    // MTOM/XOP: the reader resolves xop:Include to the attachment's bytes.
    let mut body = Vec::new();
    body.extend_from_slice(
        b"--b1\r\nContent-Type: application/xop+xml; charset=UTF-8; type=\"text/xml\"\r\n\
          Content-ID: <root>\r\n\r\n",
    );
    body.extend_from_slice(
        format!(
            "<soap:Envelope xmlns:soap=\"{SOAP11_NS}\"><soap:Body>\
             <ns2:getDadosContratosResponse xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo-resultado>\
             <ficheiro-dados><xop:Include xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" \
             href=\"cid:zip1\"/></ficheiro-dados></ns2:getDadosContratosResponse></soap:Body></soap:Envelope>"
        )
        .as_bytes(),
    );
    body.extend_from_slice(b"\r\n--b1\r\nContent-Type: application/zip\r\nContent-ID: <zip1>\r\n\r\n");
    body.extend_from_slice(&[0x50, 0x4B, 0x03, 0x04]);
    body.extend_from_slice(b"\r\n--b1--\r\n");
    let sim = ready();
    sim.script(sim::raw(
        GET_DADOS,
        200,
        Some("multipart/related; type=\"application/xop+xml\"; boundary=\"b1\"; start=\"<root>\""),
        body,
    ));
    assert_file(run_quarter(&sim).expect("flow"), &[0x50, 0x4B, 0x03, 0x04]);
}
