//! `psi-sim`: run the simulator until interrupted.

use std::process::ExitCode;

use clap::Parser;
use psi_sim::scenario::Scenario;
use psi_sim::{Options, Simulator};

/// A loopback simulator of the PSI services (SOAP and REST) and the SIOE directory.
#[derive(Debug, Parser)]
#[command(name = "psi-sim", version)]
struct Args {
    /// The loopback port to listen on (0: any free port, printed at start).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// A JSON scenario file: seed, non-adhered employers, two-step timings, scripts.
    #[arg(long)]
    scenario: Option<std::path::PathBuf>,
    /// The seed of the example data (overrides the scenario's).
    #[arg(long)]
    seed: Option<u64>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let mut options = Options::default().port(args.port);
    let mut scripts = Vec::new();
    if let Some(path) = &args.scenario {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("psi-sim: cannot read {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        };
        let scenario = match Scenario::parse(&text) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("psi-sim: {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        };
        options = scenario.apply(options);
        scripts = match scenario.scripts() {
            Ok(s) => s,
            Err(e) => {
                eprintln!("psi-sim: {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        };
    }
    if let Some(seed) = args.seed {
        options = options.seed(seed);
    }
    let sim = match Simulator::start_with(options) {
        Ok(sim) => sim,
        Err(e) => {
            eprintln!("psi-sim: cannot listen on port {}: {e}", args.port);
            return ExitCode::FAILURE;
        }
    };
    for script in scripts {
        sim.script(script);
    }
    println!("psi-sim listening on {}", sim.base_url());
    loop {
        std::thread::park();
    }
}
