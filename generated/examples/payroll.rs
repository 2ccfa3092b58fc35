//! A payroll backend on Tokio, using only `psi-client` and `tokio`: it registers a contract,
//! runs the Consultar Contratos two-step flow (contracts inline, or in a ZIP file for 500 and
//! more), and sends a contract it read back to Alterar Contrato — the same Rust types on both
//! sides, no conversion.
//!
//! Run it against the simulator (or any server that answers like the PSI):
//!
//! ```sh
//! PSI_ORIGIN=http://127.0.0.1:PORT cargo run -p psi-client --example payroll
//! ```

use std::error::Error;
use std::time::Duration;

use psi_client::api::shared::{ModalidadeContrato, MotivoContrato, PrestacaoTrabalho};
use psi_client::api::{alterar_contrato, consultar_contratos, registar_vinculo};
use psi_client::flows::{self, MessagePatterns, Outcome, Polling, TokioSleeper};
use psi_client::rt::{Auth, Config, Date, Decimal, Environment, Niss};

fn main() -> Result<(), Box<dyn Error>> {
    let Ok(origin) = std::env::var("PSI_ORIGIN") else {
        eprintln!("set PSI_ORIGIN to the simulator's address, e.g. http://127.0.0.1:8080");
        std::process::exit(2);
    };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(run(&origin))
}

fn date(y: i32, m: u32, d: u32) -> Result<Date, Box<dyn Error>> {
    Date::from_ymd_opt(y, m, d).ok_or_else(|| "not a date".into())
}

async fn run(origin: &str) -> Result<(), Box<dyn Error>> {
    // The quality environment's paths, on the simulator's host.
    let config = Config::new(Environment::QualidadePreapp)
        .origin(origin)
        .auth(Auth::basic("20000000001", "the-SSD-password"));

    // 1. Register a fixed-term contract.
    let registar = registar_vinculo::Client::new(config.clone());
    let request = registar_vinculo::RegistarVinculoTrabalhador::new(
        Niss::new("29999999991")?,
        date(1990, 5, 17)?,
        ModalidadeContrato::E,
        PrestacaoTrabalho::P,
        date(2026, 1, 5)?,
        "93130",
        Decimal::new(92000, 2),
        1,
    )
    .with_fim_contrato(date(2026, 7, 4)?)
    .with_motivo_contrato(MotivoContrato::Aeat);
    let registered = registar.registar_vinculo_trabalhador(&request).await?;
    println!("registar vínculo: codigo-resultado {}", registered.codigo_resultado);

    // 2. Read the contracts back (inline below 500, a ZIP file at 500 and more).
    let contratos = consultar_contratos::Client::new(config.clone());
    let search = consultar_contratos::PesquisaContratos::new(date(2026, 1, 1)?, date(2026, 12, 31)?);
    let polling = Polling::new(Duration::from_millis(200), 20).with_deadline(Duration::from_secs(30));
    let outcome = flows::consultar_contratos(
        &contratos,
        &search,
        &polling,
        &MessagePatterns::consultar_contratos(),
        &TokioSleeper,
    )
    .await?;
    let list = outcome.into_data().ok_or("Consultar Contratos returned no contracts")?;
    println!("consultar contratos: {} contract(s) inline", list.len());

    // 3. Send the first contract back, with a raise: the fields move over as they are (the
    //    same types; only the answer's fields that the public facts do not promise are
    //    `Option`s, so a contract without them cannot be sent back).
    let c = list.into_iter().next().ok_or("no contract")?;
    let missing = |field: &str| format!("the contract read has no `{field}`");
    let mut change = alterar_contrato::AlterarContratoTrabalho::new(
        c.niss_trabalhador.ok_or_else(|| missing("niss-trabalhador"))?,
        c.modalidade_contrato.ok_or_else(|| missing("modalidade-contrato"))?,
        c.inicio_contrato.ok_or_else(|| missing("inicio-contrato"))?,
        c.profissao.ok_or_else(|| missing("profissao"))?,
        c.remuneracao_base.ok_or_else(|| missing("remuneracao-base"))? + Decimal::new(5000, 2),
    );
    change.prestacao_trabalho = c.prestacao_trabalho;
    change.fim_contrato = c.fim_contrato;
    change.diuturnidades = c.diuturnidades;
    change.percentagem_trabalho = c.percentagem_trabalho;
    change.horas_trabalho = c.horas_trabalho;
    change.dias_trabalho = c.dias_trabalho;
    change.motivo_contrato = c.motivo_contrato;
    change.niss_trabalhador_substituir = c.niss_trabalhador_substituir;
    let changed = alterar_contrato::Client::new(config)
        .alterar_contrato_trabalho(&change)
        .await?;
    println!("alterar contrato: codigo-resultado {}", changed.codigo_resultado);

    // 4. A large employer: 500 contracts and more come back as a ZIP file, read for us.
    for n in 0..FILE_THRESHOLD {
        let worker = valid_niss(1_900_000_000 + n as u64)?;
        let more = registar_vinculo::RegistarVinculoTrabalhador::new(
            worker,
            date(1985, 1, 1)?,
            ModalidadeContrato::A,
            PrestacaoTrabalho::P,
            date(2026, 2, 2)?,
            "93130",
            Decimal::new(87000, 2),
            1,
        );
        registar.registar_vinculo_trabalhador(&more).await?;
    }
    let outcome = flows::consultar_contratos(
        &contratos,
        &search,
        &polling,
        &MessagePatterns::consultar_contratos(),
        &TokioSleeper,
    )
    .await?;
    let Outcome::File(file) = outcome else {
        return Err(format!("500 contracts and more should come as a file, got {outcome:?}").into());
    };
    let read = file.data.ok_or_else(|| file.note.unwrap_or_default())?;
    println!("consultar contratos: {} contract(s) from the ZIP file", read.len());
    if read.len() <= FILE_THRESHOLD {
        return Err("the file holds fewer contracts than were registered".into());
    }
    Ok(())
}

/// How many contracts the PSI answers with a file rather than inline (§5.7).
const FILE_THRESHOLD: usize = 500;

/// A valid NISS from ten leading digits: the check digit that makes it valid.
fn valid_niss(first_ten: u64) -> Result<Niss, Box<dyn Error>> {
    (0..10)
        .find_map(|d| Niss::new(&format!("{first_ten}{d}")).ok())
        .ok_or_else(|| "no check digit".into())
}
