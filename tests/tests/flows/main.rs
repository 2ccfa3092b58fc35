//! `psi_client::flows` (blocking) against the simulator (`psi-sim`): two-step requests go
//! pending, ready and expired on the simulated clock, which each wait of a flow moves
//! forward (no flow sleeps); the answers the simulator does not give by itself (other
//! wordings of "pending", business errors, files) are scripted on it. Codes and texts are
//! the ones the project reference gives (`psi-services.md` §6.1, §6.7, §6.10, §7.7).
//!
//! The pure parts of the flows (the polling policy, the message patterns, reading a ZIP of
//! contracts) are tested beside them in `psi-client`.

mod contratos;
mod emissao;
mod trabalhadores;

use std::time::Duration;

use psi_client::api::{registar_vinculo, shared};
use psi_client::flows::Polling;
use psi_client::rt::{Config, Date, Decimal, Niss};
use psi_sim::{Recorded, Simulator, Timings};
use psi_tests::sim::{self, Cred};

/// The interval between polls.
const INTERVAL: Duration = Duration::from_millis(1500);

fn polling(max_attempts: u32) -> Polling {
    Polling::new(INTERVAL, max_attempts)
}

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd_opt(y, m, d).expect("a real date")
}

/// A simulator whose clock stands at noon of 2026-04-15 (it moves only with the flows'
/// waits) and whose two-step requests take `processing` and then last `lifetime`.
fn simulator(processing: Duration, lifetime: Duration) -> Simulator {
    let sim = sim::start();
    sim.set_clock(date(2026, 4, 15).and_hms_opt(12, 0, 0).expect("a real time"));
    sim.set_timings(Timings { processing, lifetime });
    sim
}

/// Ready at once, for an hour.
fn ready() -> Simulator {
    simulator(Duration::ZERO, Duration::from_secs(3600))
}

/// The production environment at the simulator, as the placeholder employer.
fn config(sim: &Simulator) -> Config {
    sim::config(sim, Cred::Basic)
}

/// Register a vínculo of `worker` with the employer (a contract that Consultar Contratos and
/// Consultar Trabalhadores then return); the registration is not left in the record.
fn register(sim: &Simulator, worker: &str) {
    let request = registar_vinculo::RegistarVinculoTrabalhador::new(
        Niss::new(worker).expect("a valid NISS"),
        date(1990, 3, 4),
        shared::ModalidadeContrato::A,
        shared::PrestacaoTrabalho::P,
        date(2026, 1, 2),
        "93130",
        Decimal::new(92_000, 2),
        1,
    );
    let answer = registar_vinculo::BlockingClient::new(config(sim))
        .registar_vinculo_trabalhador(&request)
        .expect("an answer");
    assert_eq!(answer.codigo_resultado, 1, "{:?}", answer.mensagens_erro);
    sim.clear_requests();
}

/// The text of the only `<chave>` of a request body.
fn chave_in(seen: &Recorded) -> String {
    let body = seen.body_text();
    let start = body.find("<chave>").map(|i| i + "<chave>".len());
    let end = body.find("</chave>");
    match (start, end) {
        (Some(s), Some(e)) if s <= e => body[s..e].to_owned(),
        _ => panic!("no chave in {body}"),
    }
}

/// Step 2's requests all carry one chave, one the simulator issued (`SIM…`); that chave.
fn one_simulated_chave(polls: &[Recorded]) -> String {
    let chaves: Vec<String> = polls.iter().map(chave_in).collect();
    let first = chaves.first().cloned().expect("at least one poll");
    assert!(chaves.iter().all(|c| *c == first), "{chaves:?}");
    assert!(first.starts_with("SIM"), "{first}");
    first
}
