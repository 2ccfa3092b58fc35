//! `cargo xtask`: the project's commands.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "PSI code-generation toolkit: project commands")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate `generated/src/api/` and `tests/snapshots/` from `specs/`.
    Codegen {
        /// Compare without writing; exit 1 when anything is stale.
        #[arg(long)]
        check: bool,
        /// Every spec lenient (as `lenient = true` in the manifest): a type, element or
        /// `$ref` defined nowhere becomes an opaque value with a warning instead of an error.
        #[arg(long)]
        lenient: bool,
    },
    /// Generate and compile code for every spec of a folder of real-world files.
    Conformance {
        /// The folder of specs (default: `../shared/corpus` beside the workspace); any
        /// folder of WSDL, XSD, Swagger 2.0 or OpenAPI 3.0 files.
        dir: Option<std::path::PathBuf>,
        /// Print JSON instead of a Markdown table.
        #[arg(long)]
        json: bool,
        /// Do not compile the generated code.
        #[arg(long)]
        no_compile: bool,
        /// Only the entries whose path (relative to DIR) starts with this prefix; repeatable.
        #[arg(long, value_name = "PREFIX")]
        only: Vec<String>,
        /// Lenient mode: an undefined type, element or `$ref` becomes an opaque value with a
        /// warning instead of an error.
        #[arg(long)]
        lenient: bool,
        /// List every entry's warnings (and the expectations that name nothing here).
        #[arg(long, short)]
        verbose: bool,
    },
    /// Prove the generated clients against independent implementations: zeep (SOAP) and
    /// Prism (Swagger 2.0 / OpenAPI 3.0), over `specs/` and a folder of third-party specs.
    Interop {
        /// The folder of third-party specs (default: `../shared/corpus` beside the workspace,
        /// when it exists).
        dir: Option<std::path::PathBuf>,
        /// Only the specs whose id (`specs/<id>`, or the path relative to DIR) starts with
        /// this prefix; repeatable.
        #[arg(long, value_name = "PREFIX")]
        only: Vec<String>,
        /// The seed of the input values.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// List every operation, not only the disagreements.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Download the official specs, store them in `specs/` atomically, print the drift report.
    Fetch(xtask::fetch::FetchArgs),
    /// Semantic drift report between two spec files or two `specs/` folders.
    Diff(xtask::diff::DiffArgs),
    /// Run the fuzz targets of `fuzz/` (needs a nightly toolchain and cargo-fuzz).
    Fuzz(xtask::fuzz::FuzzArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = xtask::workspace_root();
    match cli.command {
        Command::Codegen { check, lenient } => codegen(&root, check, lenient),
        Command::Fetch(args) => xtask::fetch::main_fetch(&args),
        Command::Diff(args) => xtask::diff::main_diff(&args),
        Command::Fuzz(args) => xtask::fuzz::main_fuzz(&root, &args),
        Command::Interop {
            dir,
            only,
            seed,
            verbose,
        } => {
            let dir = dir.or_else(|| Some(root.join("../shared/corpus")).filter(|d| d.is_dir()));
            verdict(xtask::interop::run(
                &root,
                &xtask::interop::Args {
                    dir,
                    only,
                    seed,
                    verbose,
                },
            ))
        }
        Command::Conformance {
            dir,
            json,
            no_compile,
            only,
            lenient,
            verbose,
        } => {
            let dir = dir.unwrap_or_else(|| root.join("../shared/corpus"));
            verdict(xtask::conformance::run(
                &root,
                &xtask::conformance::Args {
                    dir,
                    json,
                    no_compile,
                    only,
                    lenient,
                    verbose,
                },
            ))
        }
    }
}

/// The exit status of a command that passes (`Ok(true)`), finds a failure (`Ok(false)`) or
/// cannot run (`Err`).
fn verdict(result: Result<bool, String>) -> ExitCode {
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn codegen(root: &std::path::Path, check: bool, lenient: bool) -> ExitCode {
    let started = std::time::Instant::now();
    let outputs = match xtask::codegen::outputs_with(root, lenient) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for w in &outputs.warnings {
        eprintln!("warning: {w}");
    }
    if check {
        let stale = xtask::codegen::check(root, &outputs);
        if stale.is_empty() {
            println!(
                "generated code is up to date ({} files, {:.0?})",
                outputs.files.len(),
                started.elapsed()
            );
            return ExitCode::SUCCESS;
        }
        for s in &stale {
            eprintln!("{s}");
        }
        eprintln!(
            "{} file(s) are stale: run `cargo xtask codegen` and commit the result",
            stale.len()
        );
        return ExitCode::FAILURE;
    }
    match xtask::codegen::write(root, &outputs) {
        Ok(n) => {
            println!(
                "{n} file(s) written, {} up to date ({:.0?})",
                outputs.files.len(),
                started.elapsed()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
