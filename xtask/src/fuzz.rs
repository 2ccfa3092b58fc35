//! `cargo xtask fuzz [--secs N] [TARGET…]`: run the fuzz targets of `fuzz/` (cargo-fuzz
//! layout) for N seconds each, where a nightly toolchain and cargo-fuzz are installed, and
//! print the executions and the crashes of each. Without them it says so and exits with
//! status 2: the committed corpora and crashes are still replayed on stable by `cargo test`
//! (the `fuzz_replay` tests of psi-codegen and psi-client).
//!
//! New interesting inputs go to a scratch corpus under `fuzz/target/`, so the committed seed
//! corpus stays small; crashes go to `fuzz/artifacts/<target>/`, to be committed with the fix.

use std::path::Path;
use std::process::{Command, ExitCode, Stdio};

/// The fuzz targets, as `fuzz/Cargo.toml` names them.
pub const TARGETS: &[&str] = &["wsdl", "xsd", "swagger2", "openapi3", "soap_response", "mtom", "json"];

/// Arguments of `cargo xtask fuzz`.
#[derive(Debug, clap::Args)]
pub struct FuzzArgs {
    /// Seconds per target.
    #[arg(long, default_value_t = 600)]
    pub secs: u64,
    /// Targets to run (default: all).
    pub targets: Vec<String>,
}

/// What is missing to fuzz here, if anything.
fn missing_tools() -> Option<&'static str> {
    let works = |args: &[&str]| {
        Command::new(args[0])
            .args(&args[1..])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !works(&["rustup", "run", "nightly", "rustc", "--version"]) {
        return Some("no nightly toolchain (`rustup toolchain install nightly`)");
    }
    if !works(&["cargo", "+nightly", "fuzz", "--version"]) {
        return Some("no cargo-fuzz (`cargo install cargo-fuzz`)");
    }
    None
}

/// Run the command.
pub fn main_fuzz(root: &Path, args: &FuzzArgs) -> ExitCode {
    let targets: Vec<&str> = if args.targets.is_empty() {
        TARGETS.to_vec()
    } else {
        args.targets.iter().map(String::as_str).collect()
    };
    if let Some(unknown) = targets.iter().find(|t| !TARGETS.contains(t)) {
        eprintln!(
            "error: unknown fuzz target `{unknown}` (targets: {})",
            TARGETS.join(", ")
        );
        return ExitCode::FAILURE;
    }
    if let Some(missing) = missing_tools() {
        eprintln!(
            "cargo xtask fuzz: not run: {missing}. The committed corpora and crashes are replayed \
             on stable by `cargo test -p psi-codegen --test fuzz_replay` and `cargo test -p psi-client --test fuzz_replay`."
        );
        return ExitCode::from(2);
    }
    let fuzz = root.join("fuzz");
    let mut failed = false;
    println!("| target | seconds | executions | new crashes |\n|---|---:|---:|---:|");
    for target in targets {
        let artifacts = fuzz.join("artifacts").join(target);
        let before = count_files(&artifacts);
        let scratch = fuzz.join("target").join("xtask-corpus").join(target);
        if let Err(e) = std::fs::create_dir_all(&scratch).and_then(|()| std::fs::create_dir_all(&artifacts)) {
            eprintln!("error: {}: {e}", scratch.display());
            return ExitCode::FAILURE;
        }
        let output = Command::new("cargo")
            .current_dir(&fuzz)
            .args(["+nightly", "fuzz", "run", target])
            .arg(&scratch)
            .arg(fuzz.join("corpus").join(target))
            .arg("--")
            .arg(format!("-max_total_time={}", args.secs))
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .arg("-print_final_stats=1")
            .stdout(Stdio::inherit())
            .stderr(Stdio::piped())
            .output();
        let output = match output {
            Ok(o) => o,
            Err(e) => {
                eprintln!("error: cargo fuzz run {target}: {e}");
                return ExitCode::FAILURE;
            }
        };
        let log = String::from_utf8_lossy(&output.stderr);
        let execs = log
            .lines()
            .find_map(|l| l.strip_prefix("stat::number_of_executed_units:"))
            .map_or_else(|| "?".to_owned(), |n| n.trim().to_owned());
        let crashes = count_files(&artifacts).saturating_sub(before);
        failed |= crashes > 0 || !output.status.success();
        if !output.status.success() && crashes == 0 {
            eprintln!("{log}");
        }
        println!("| `{target}` | {} | {execs} | {crashes} |", args.secs);
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn count_files(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |d| d.flatten().filter(|e| e.path().is_file()).count())
}
