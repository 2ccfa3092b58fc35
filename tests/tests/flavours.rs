//! The async and blocking clients over one codec, against a loopback server: the async
//! clients on a Tokio runtime; the blocking ones from a plain thread, from
//! `tokio::task::spawn_blocking` and from inside an async task; the two-step flows in both
//! flavours; the environment's paths under another origin; the response-size limit.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::Duration;

use psi_client::api::{cessar_vinculo, consultar_contratos};
use psi_client::flows::{self, MessagePatterns, Outcome, Polling, TokioSleeper};
use psi_client::rt::{Auth, Config, Date, Environment, Error, Limits, Niss};
use psi_tests::server::{Answer, Server};
use psi_tests::soap;

const VO: &str = "http://vo.webservice.contrato.segsocial.pt";

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
}

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd_opt(y, m, d).expect("a real date")
}

fn cessar_request() -> cessar_vinculo::CessarVinculo {
    cessar_vinculo::CessarVinculo::new(
        Niss::new("29999999991").expect("a valid NISS"),
        date(2024, 1, 31),
        cessar_vinculo::MotivoFimVinculo::Ccct,
        cessar_vinculo::ComunicacaoDesemprego::V0,
    )
}

fn cessar_ok() -> Answer {
    soap::ok(
        "S",
        &format!(
            "<ns2:cessarVinculoResponse xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo-resultado>\
             </ns2:cessarVinculoResponse>"
        ),
    )
}

/// The quality environment's endpoint, moved to the loopback server: the path is the
/// service's own.
fn config(server: &Server) -> Config {
    Config::new(Environment::QualidadePreapp)
        .origin(server.base.clone())
        .auth(Auth::basic("21111111111", "PLACEHOLDER-password"))
}

#[test]
fn async_client_on_a_runtime() {
    let server = Server::start(vec![cessar_ok()]);
    let client = cessar_vinculo::Client::new(config(&server));
    let answer = runtime()
        .block_on(client.cessar_vinculo(&cessar_request()))
        .expect("an answer");
    assert_eq!(answer.codigo_resultado, 1);
    let seen = server.finish();
    assert_eq!(seen[0].target, "/ws/contrato/v1/cessarVinculoTrabalhador");
    assert!(
        seen[0]
            .body
            .contains("<niss-trabalhador>29999999991</niss-trabalhador>")
    );
}

#[test]
fn blocking_client_from_spawn_blocking_and_from_an_async_task() {
    let server = Server::start(vec![cessar_ok(), cessar_ok()]);
    let client = cessar_vinculo::BlockingClient::new(config(&server));
    let rt = runtime();
    let from_pool = client.clone();
    let first = rt
        .block_on(rt.spawn_blocking(move || from_pool.cessar_vinculo(&cessar_request())))
        .expect("the task ran");
    assert_eq!(first.expect("an answer").codigo_resultado, 1);
    // Inside an async task itself (blocking its thread is the caller's choice): not refused.
    let second = rt.block_on(async { client.cessar_vinculo(&cessar_request()) });
    assert_eq!(second.expect("an answer").codigo_resultado, 1);
    // The client and its transport are dropped inside the runtime's context without a panic.
    rt.block_on(async move { drop(client) });
    assert_eq!(server.finish().len(), 2);
}

fn contratos_answers() -> Vec<Answer> {
    let chave = soap::ok(
        "S",
        &format!(
            "<ns2:pesquisaContratosResponse xmlns:ns2=\"{VO}\"><chave>K-1</chave></ns2:pesquisaContratosResponse>"
        ),
    );
    let pending = soap::ok(
        "S",
        &format!(
            "<ns2:getDadosContratosResponse xmlns:ns2=\"{VO}\"><codigo-resultado>0</codigo-resultado>\
             <mensagens-erro>O pedido ainda não foi processado</mensagens-erro></ns2:getDadosContratosResponse>"
        ),
    );
    let none = soap::ok(
        "S",
        &format!(
            "<ns2:getDadosContratosResponse xmlns:ns2=\"{VO}\"><codigo-resultado>4</codigo-resultado>\
             </ns2:getDadosContratosResponse>"
        ),
    );
    vec![chave, pending, none]
}

fn pesquisa() -> consultar_contratos::PesquisaContratos {
    consultar_contratos::PesquisaContratos::new(date(2024, 1, 1), date(2024, 1, 31))
}

#[test]
fn two_step_flow_in_both_flavours() {
    let polling = Polling::new(Duration::from_millis(1), 5);
    let patterns = MessagePatterns::consultar_contratos();

    let server = Server::start(contratos_answers());
    let client = consultar_contratos::Client::new(config(&server));
    let out = runtime()
        .block_on(flows::consultar_contratos(
            &client,
            &pesquisa(),
            &polling,
            &patterns,
            &TokioSleeper,
        ))
        .expect("a flow");
    assert_eq!(out, Outcome::NoData);
    let targets: Vec<String> = server.finish().into_iter().map(|s| s.target).collect();
    assert_eq!(targets, vec!["/ws/contrato/v1/contratos"; 3]);

    let server = Server::start(contratos_answers());
    let client = consultar_contratos::BlockingClient::new(config(&server));
    let mut waits = Vec::new();
    let out = flows::blocking::consultar_contratos(&client, &pesquisa(), &polling, &patterns, &mut |d| waits.push(d))
        .expect("a flow");
    assert_eq!(out, Outcome::NoData);
    assert_eq!(waits, vec![Duration::from_millis(1); 2]);
    assert_eq!(server.finish().len(), 3);
}

#[test]
fn a_flow_stops_pending_at_its_deadline() {
    let polling = Polling::new(Duration::from_secs(3600), 5).with_deadline(Duration::from_secs(60));
    let server = Server::start(contratos_answers());
    let client = consultar_contratos::BlockingClient::new(config(&server));
    let out = flows::blocking::consultar_contratos(
        &client,
        &pesquisa(),
        &polling,
        &MessagePatterns::consultar_contratos(),
        &mut |_| panic!("no wait past the deadline"),
    )
    .expect("a flow");
    assert_eq!(out, Outcome::Pending { chave: "K-1".into() });
}

/// A server that answers with a status line, headers without a length, and then `total`
/// bytes of body, and records how many it managed to write.
fn endless(total: usize) -> (String, std::thread::JoinHandle<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let handle = std::thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else { return 0 };
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            line.clear();
        }
        let mut stream = reader.into_inner();
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nConnection: close\r\n\r\n");
        let chunk = vec![b' '; 64 * 1024];
        let mut written = 0;
        while written < total {
            if stream.write_all(&chunk).is_err() {
                break;
            }
            written += chunk.len();
        }
        written
    });
    (base, handle)
}

#[test]
fn a_body_past_the_limit_is_too_large_and_not_read_to_its_end() {
    const LIMIT: usize = 256 * 1024;
    const SENT: usize = 512 * 1024 * 1024;
    let (base, handle) = endless(SENT);
    let config = Config::for_url(format!("{base}/ws")).limits(Limits::DEFAULT.max_body(LIMIT));
    let client = cessar_vinculo::BlockingClient::new(config);
    let err = client.cessar_vinculo(&cessar_request()).expect_err("too large");
    assert!(matches!(err, Error::TooLarge { limit: LIMIT }), "{err:?}");
    assert!(!err.is_retryable());
    drop(client);
    let written = handle.join().expect("the server thread");
    assert!(
        written < SENT,
        "the client stopped reading: {written} of {SENT} bytes were written"
    );

    // A declared length past the limit is refused before the body is read.
    let server = Server::start(vec![Answer::new(200, "text/xml", " ".repeat(LIMIT + 1))]);
    let config = Config::for_url(format!("{}/ws", server.base)).limits(Limits::DEFAULT.max_body(LIMIT));
    let err = runtime()
        .block_on(cessar_vinculo::Client::new(config).cessar_vinculo(&cessar_request()))
        .expect_err("too large");
    assert!(matches!(err, Error::TooLarge { limit: LIMIT }), "{err:?}");
}
