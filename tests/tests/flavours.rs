//! The async and blocking clients over one codec, against the simulator (`psi-sim`): the
//! async clients on a Tokio runtime; the blocking ones from a plain thread, from
//! `tokio::task::spawn_blocking` and from inside an async task; the two-step flows in both
//! flavours on the simulated clock; a flow's deadline; the environment's paths under another
//! origin; the response-size limit.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::Duration;

use psi_client::api::{cessar_vinculo, consultar_contratos, registar_vinculo, shared};
use psi_client::flows::{self, MessagePatterns, Outcome, Polling};
use psi_client::rt::{Config, Date, Decimal, Environment, Error, Limits, Niss};
use psi_sim::{Reply, Simulator, Timings};
use psi_tests::sim::{self, Cred, SimClock};

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

fn niss(s: &str) -> Niss {
    Niss::new(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// The simulated day of these tests (the clock fixed at noon UTC).
fn today() -> Date {
    date(2026, 3, 10)
}

/// A simulator whose clock stands at noon of [`today`].
fn simulator() -> Simulator {
    let sim = sim::start();
    sim.set_clock(today().and_hms_opt(12, 0, 0).expect("a real time"));
    sim
}

/// The quality environment's endpoints, moved to the simulator: the paths are the services'
/// own.
fn config(sim: &Simulator) -> Config {
    sim.config(Environment::QualidadePreapp).auth(Cred::Basic.auth())
}

/// Register a vínculo of `worker` (so that there is one to cease); the simulator says code 1.
fn register(sim: &Simulator, worker: &str) {
    let request = registar_vinculo::RegistarVinculoTrabalhador::new(
        niss(worker),
        date(1990, 1, 31),
        shared::ModalidadeContrato::A,
        shared::PrestacaoTrabalho::P,
        date(2026, 2, 28),
        "93130",
        Decimal::new(90_000, 2),
        1,
    );
    let answer = registar_vinculo::BlockingClient::new(config(sim))
        .registar_vinculo_trabalhador(&request)
        .expect("an answer");
    assert_eq!(answer.codigo_resultado, 1, "{:?}", answer.mensagens_erro);
}

fn cessar_request(worker: &str) -> cessar_vinculo::CessarVinculo {
    cessar_vinculo::CessarVinculo::new(
        niss(worker),
        today(),
        cessar_vinculo::MotivoFimVinculo::Ccct,
        cessar_vinculo::ComunicacaoDesemprego::V0,
    )
}

#[test]
fn async_client_on_a_runtime() {
    let sim = simulator();
    register(&sim, "29999999991");
    let client = cessar_vinculo::Client::new(config(&sim));
    let answer = runtime()
        .block_on(client.cessar_vinculo(&cessar_request("29999999991")))
        .expect("an answer");
    // 1: the simulator found the vínculo it registered and ended it.
    assert_eq!(answer.codigo_resultado, 1, "{:?}", answer.mensagens_erro);
    let seen = sim.requests_to("cessarVinculo");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path, "/ws/contrato/v1/cessarVinculoTrabalhador");
    assert!(
        seen[0]
            .body_text()
            .contains("<niss-trabalhador>29999999991</niss-trabalhador>")
    );
}

#[test]
fn blocking_client_from_spawn_blocking_and_from_an_async_task() {
    let sim = simulator();
    register(&sim, "29999999991");
    register(&sim, "11234567892");
    let client = cessar_vinculo::BlockingClient::new(config(&sim));
    let rt = runtime();
    let from_pool = client.clone();
    let first = rt
        .block_on(rt.spawn_blocking(move || from_pool.cessar_vinculo(&cessar_request("29999999991"))))
        .expect("the task ran");
    assert_eq!(first.expect("an answer").codigo_resultado, 1);
    // Inside an async task itself (blocking its thread is the caller's choice): not refused.
    let second = rt.block_on(async { client.cessar_vinculo(&cessar_request("11234567892")) });
    assert_eq!(second.expect("an answer").codigo_resultado, 1);
    // The client and its transport are dropped inside the runtime's context without a panic.
    rt.block_on(async move { drop(client) });
    let statuses: Vec<u16> = sim.requests_to("cessarVinculo").iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 200]);
}

fn pesquisa() -> consultar_contratos::PesquisaContratos {
    consultar_contratos::PesquisaContratos::new(date(2024, 1, 1), date(2024, 1, 31))
}

/// Step 1, then step 2 pending once and then answered "no results" (code 4): the
/// simulator's answers with a processing time of two waits.
fn assert_two_steps(sim: &Simulator, clock: &SimClock<'_>, out: Outcome<Vec<consultar_contratos::Contrato>>) {
    assert_eq!(out, Outcome::NoData);
    assert_eq!(clock.waits(), vec![Duration::from_millis(1); 2]);
    let seen = sim.requests();
    let routed: Vec<_> = seen.iter().map(|r| (r.path.as_str(), r.operation)).collect();
    assert_eq!(
        routed,
        [
            ("/ws/contrato/v1/contratos", Some("pesquisaContratos")),
            ("/ws/contrato/v1/contratos", Some("getDadosContratos")),
            ("/ws/contrato/v1/contratos", Some("getDadosContratos")),
        ]
    );
}

#[test]
fn two_step_flow_in_both_flavours() {
    let polling = Polling::new(Duration::from_millis(1), 5);
    let patterns = MessagePatterns::consultar_contratos();
    let timings = Timings {
        processing: Duration::from_millis(2),
        lifetime: Duration::from_secs(3600),
    };

    let sim = simulator();
    sim.set_timings(timings);
    let clock = SimClock::fixed(&sim);
    let client = consultar_contratos::Client::new(config(&sim));
    let out = runtime()
        .block_on(flows::consultar_contratos(
            &client,
            &pesquisa(),
            &polling,
            &patterns,
            &clock,
        ))
        .expect("a flow");
    assert_two_steps(&sim, &clock, out);

    let sim = simulator();
    sim.set_timings(timings);
    let mut clock = SimClock::fixed(&sim);
    let client = consultar_contratos::BlockingClient::new(config(&sim));
    let out =
        flows::blocking::consultar_contratos(&client, &pesquisa(), &polling, &patterns, &mut clock).expect("a flow");
    assert_two_steps(&sim, &clock, out);
}

#[test]
fn a_flow_stops_pending_at_its_deadline() {
    let polling = Polling::new(Duration::from_secs(3600), 5).with_deadline(Duration::from_secs(60));
    let patterns = MessagePatterns::consultar_contratos();
    let sim = simulator();
    let client = consultar_contratos::BlockingClient::new(config(&sim));
    let out = flows::blocking::consultar_contratos(&client, &pesquisa(), &polling, &patterns, &mut |_| {
        panic!("no wait past the deadline")
    })
    .expect("a flow");
    let Outcome::Pending { chave } = out else {
        panic!("expected pending, got {out:?}")
    };
    assert!(sim.requests_to("getDadosContratos").is_empty(), "no poll");
    // The chave is the one the simulator issued: resumed, it answers (no results), where an
    // unknown chave would be code 0 "Chave desconhecida".
    let resumed = flows::blocking::obter_contratos(
        &client,
        &chave,
        &Polling::new(Duration::ZERO, 1),
        &patterns,
        &mut |_| {},
    )
    .expect("a flow");
    assert_eq!(resumed, Outcome::NoData);
}

/// A server that answers with a status line, headers without a length, and then `total`
/// bytes of body, and records how many it managed to write. The simulator writes whole
/// bodies of a declared length; this answer has none and does not end, which only a stream
/// can be.
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
    let to_endless = Config::for_url(format!("{base}/ws")).limits(Limits::DEFAULT.max_body(LIMIT));
    let client = cessar_vinculo::BlockingClient::new(to_endless);
    let err = client
        .cessar_vinculo(&cessar_request("29999999991"))
        .expect_err("too large");
    assert!(matches!(err, Error::TooLarge { limit: LIMIT }), "{err:?}");
    assert!(!err.is_retryable());
    drop(client);
    let written = handle.join().expect("the server thread");
    assert!(
        written < SENT,
        "the client stopped reading: {written} of {SENT} bytes were written"
    );

    // A declared length past the limit (the simulator's oversized answer) is refused before
    // the body is read.
    let sim = simulator();
    sim.script(sim::on("cessarVinculo").reply(Reply::Oversized(LIMIT + 1)));
    let limited = config(&sim).limits(Limits::DEFAULT.max_body(LIMIT));
    let err = runtime()
        .block_on(cessar_vinculo::Client::new(limited).cessar_vinculo(&cessar_request("29999999991")))
        .expect_err("too large");
    assert!(matches!(err, Error::TooLarge { limit: LIMIT }), "{err:?}");
}
