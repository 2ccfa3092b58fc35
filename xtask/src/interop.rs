//! `cargo xtask interop [DIR]`: the generated clients against independent implementations.
//!
//! Every operation of the project's specs (`specs/`) and of the specs of DIR (by default the
//! shared corpus beside the workspace) gets input values made from the model
//! (`instance`), deterministic by seed. A SOAP operation's request — every body and header
//! part, in any style and use (`soap_plan`) — is built by the generated codec and by zeep
//! (Python) from the same values and the whole envelopes are compared as XML (`envelope`,
//! `compare`); zeep serialises the response and the generated reader must read the same
//! values back (`soap`). A REST operation's request is sent to Prism, mocking the same spec with
//! request validation on; Prism must accept it and the generated reader must decode Prism's
//! answer (`rest`). Known disagreements are listed with reasons in `xtask/interop.toml`;
//! any other fails the command.

mod cases;
mod compare;
mod envelope;
mod instance;
mod rest;
mod scratch;
mod soap;
mod soap_plan;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use cases::{Case, Outcome, SpecRef};

/// Options of the command.
#[derive(Debug, Clone)]
pub struct Args {
    /// A folder of third-party specs (`None`: the project's specs only).
    pub dir: Option<PathBuf>,
    /// Only the specs whose id starts with one of these prefixes (all when empty).
    pub only: Vec<String>,
    /// The seed of the input values.
    pub seed: u64,
    /// List every operation, not only the disagreements.
    pub verbose: bool,
}

/// Disagreements known and explained.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Known {
    /// `spec id` → operation name (`*`: any operation of the spec) → expectation.
    #[serde(default)]
    pub disagree: BTreeMap<String, BTreeMap<String, KnownDisagreement>>,
}

/// One known disagreement.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnownDisagreement {
    /// A part of the difference shown.
    pub contains: String,
    /// Why the two sides differ, and which one is right.
    pub reason: String,
}

/// One spec's row of the table.
#[derive(Debug, Clone, Default)]
struct Row {
    spec: String,
    via: &'static str,
    operations: usize,
    exercised: usize,
    agreed: usize,
    disagreed: usize,
    known: usize,
    first: String,
}

/// A program: specs generated together into one scratch module.
struct Program {
    module: String,
    /// Row id and entry file on disk, per spec of the program.
    specs: Vec<(String, PathBuf)>,
    program: psi_codegen::passes::Program,
}

fn load_project(root: &Path) -> Result<Program, String> {
    let (manifest, files, _) = crate::codegen::read_specs(root)?;
    let mut loaded = Vec::new();
    let mut specs = Vec::new();
    for entry in &manifest.specs {
        let input = entry.input(BTreeMap::new());
        let model = psi_codegen::load(&input, &files).map_err(|e| format!("specs/{e} (spec `{}`)", entry.id))?;
        specs.push((format!("specs/{}", entry.id), root.join("specs").join(&input.entry)));
        loaded.push((input, model));
    }
    let program = psi_codegen::passes::run(loaded).map_err(|e| e.to_string())?;
    Ok(Program {
        module: "psi".into(),
        specs,
        program,
    })
}

/// The corpus: one program per entry point with operations (an XSD alone has none).
fn load_corpus(root: &Path, dir: &Path, selected: &dyn Fn(&str) -> bool, notes: &mut Vec<String>) -> Vec<Program> {
    let catalog = crate::conformance::committed_catalog(root);
    let mut out = Vec::new();
    for (n, entry) in crate::conformance::discover(dir, &catalog).into_iter().enumerate() {
        if entry.kind == psi_codegen::SpecKind::Xsd || !selected(&entry.id) {
            continue;
        }
        let files = crate::conformance::spec_files(dir, &entry, &catalog);
        let input = crate::conformance::spec_input(&entry, false);
        let model = match std::panic::catch_unwind(|| psi_codegen::load(&input, &files)) {
            Ok(Ok(m)) if m.services.iter().any(|s| !s.operations.is_empty()) => m,
            Ok(Ok(_)) => continue,
            Ok(Err(e)) => {
                notes.push(format!("{}: not generated ({})", entry.id, e.message()));
                continue;
            }
            Err(_) => {
                notes.push(format!("{}: the generator panicked", entry.id));
                continue;
            }
        };
        match psi_codegen::passes::run(vec![(input, model)]) {
            Ok(program) => out.push(Program {
                module: format!("c{n}"),
                specs: vec![(entry.id.clone(), dir.join(&entry.id))],
                program,
            }),
            Err(e) => notes.push(format!("{}: not generated ({e})", entry.id)),
        }
    }
    out
}

/// Run the command; `Ok(true)` when every disagreement is known.
pub fn run(root: &Path, args: &Args) -> Result<bool, String> {
    let known: Known = {
        let path = root.join("xtask/interop.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("xtask/interop.toml: {e}"))?
    };
    let selected = |id: &str| args.only.is_empty() || args.only.iter().any(|p| id.starts_with(p.as_str()));
    let mut notes = Vec::new();
    let mut programs = Vec::new();
    if selected("specs/") || args.only.iter().any(|p| p.starts_with("specs/")) {
        programs.push(load_project(root)?);
    }
    if let Some(dir) = &args.dir {
        programs.extend(load_corpus(root, dir, &selected, &mut notes));
    }
    // Generate each program into its module of the scratch crate.
    let mut files = BTreeMap::new();
    let mut modules = BTreeSet::new();
    let mut all_cases: Vec<Case> = Vec::new();
    let mut arms = Vec::new();
    for p in &programs {
        let options = psi_codegen::Options {
            runtime_path: "::psi_client::rt".into(),
            api_path: format!("crate::{}", p.module),
            ..psi_codegen::Options::default()
        };
        let generated = match std::panic::catch_unwind(|| psi_codegen::emit::emit(&p.program, &options)) {
            Ok(Ok(g)) => g,
            Ok(Err(e)) => {
                notes.push(format!("{}: not generated ({e})", p.specs[0].0));
                continue;
            }
            Err(_) => {
                notes.push(format!("{}: the emitter panicked", p.specs[0].0));
                continue;
            }
        };
        for (path, text) in generated.files {
            files.insert(format!("{}/{path}", p.module), text);
        }
        modules.insert(p.module.clone());
        for ((id, file), (_, model)) in p.specs.iter().zip(&p.program.specs) {
            if !selected(id) {
                continue;
            }
            let spec = SpecRef {
                id: id.clone(),
                file: file.clone(),
                model,
                module: p.module.clone(),
            };
            let (c, a) = cases::cases(&spec, &files, args.seed);
            all_cases.extend(c);
            arms.extend(a);
        }
    }
    if all_cases.is_empty() {
        return Err("no operation to exercise".into());
    }
    eprintln!(
        "interop: {} operations of {} programs; building the harness",
        all_cases.len(),
        modules.len()
    );
    let (harness, dropped) = scratch::build(root, &modules, &files, &arms)?;
    for (arm, why) in dropped {
        for c in all_cases.iter_mut().filter(|c| c.key == arm.key) {
            // The harness cannot make a value of one of the operation's types.
            c.outcome = Outcome::Skipped(format!("{}: the harness cannot call it: {why}", arm.kind));
        }
    }
    let urls = args.dir.as_deref().map(|d| local_copies(root, d)).unwrap_or_default();
    soap::exercise(root, &harness, &urls, &mut all_cases)?;
    rest::exercise(root, &harness, &mut all_cases)?;
    let rows = report(&all_cases, &known, args.verbose);
    for n in &notes {
        println!("note: {n}");
    }
    let unexplained: usize = rows.iter().map(|r| r.disagreed - r.known).sum();
    let unexercised_project = all_cases
        .iter()
        .filter(|c| c.spec.starts_with("specs/") && matches!(c.outcome, Outcome::Skipped(_)))
        .count();
    println!(
        "\n{} operations, {} exercised, {} agreed, {} disagreed ({} known, {unexplained} unexplained).",
        all_cases.len(),
        rows.iter().map(|r| r.exercised).sum::<usize>(),
        rows.iter().map(|r| r.agreed).sum::<usize>(),
        rows.iter().map(|r| r.disagreed).sum::<usize>(),
        rows.iter().map(|r| r.known).sum::<usize>(),
    );
    if unexercised_project > 0 {
        println!("{unexercised_project} operation(s) of the project's specs were not exercised: every one must be.");
    }
    Ok(unexplained == 0 && unexercised_project == 0)
}

/// Remote URL → local copy: the committed catalog and every `URLMAP.tsv` below `dir`.
fn local_copies(root: &Path, dir: &Path) -> BTreeMap<String, PathBuf> {
    let mut out: BTreeMap<String, PathBuf> = crate::conformance::committed_catalog(root)
        .into_iter()
        .map(|(url, path)| (url, dir.join(path)))
        .collect();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&folder) else { continue };
        let mut entries: Vec<PathBuf> = read.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| n == "URLMAP.tsv") {
                for line in std::fs::read_to_string(&p).unwrap_or_default().lines() {
                    if let Some((url, file)) = line.split_once('\t') {
                        out.entry(url.trim().to_owned())
                            .or_insert_with(|| folder.join(file.trim()));
                    }
                }
            }
        }
    }
    out
}

/// Print the table (and the disagreements); return the rows.
fn report(cases: &[Case], known: &Known, verbose: bool) -> Vec<Row> {
    let mut rows: BTreeMap<&str, Row> = BTreeMap::new();
    let mut details = Vec::new();
    for c in cases {
        let row = rows.entry(&c.spec).or_insert_with(|| Row {
            spec: c.spec.clone(),
            ..Row::default()
        });
        row.operations += 1;
        if let Some(plan) = &c.plan {
            row.via = match plan {
                cases::Plan::Soap(_) => "zeep",
                cases::Plan::Rest { .. } => "Prism",
            };
        }
        match &c.outcome {
            Outcome::Agreed => {
                row.exercised += 1;
                row.agreed += 1;
                if verbose {
                    details.push(format!("- `{}` `{}`: agreed {}", c.spec, c.operation, c.note));
                }
            }
            Outcome::Disagreed(d) => {
                row.exercised += 1;
                row.disagreed += 1;
                // The operation's own entry, else the spec's `*` entry.
                let k = known.disagree.get(&c.spec).and_then(|m| {
                    [c.operation.as_str(), "*"]
                        .into_iter()
                        .find_map(|op| m.get(op).filter(|k| d.contains(&k.contains)))
                });
                if k.is_some() {
                    row.known += 1;
                }
                if row.first.is_empty() {
                    row.first = format!("`{}`: {d}", c.operation);
                }
                let mark = if k.is_some() { "known" } else { "**UNEXPLAINED**" };
                details.push(format!("- `{}` `{}` ({mark}): {d}", c.spec, c.operation));
            }
            Outcome::Skipped(why) => details.push(format!("- `{}` `{}`: not exercised: {why}", c.spec, c.operation)),
        }
    }
    println!("| spec | via | operations | exercised | agreed | disagreed | first difference |");
    println!("|---|---|---|---|---|---|---|");
    for r in rows.values() {
        let first: String = r.first.replace('|', "\\|").chars().take(200).collect();
        let disagreed = if r.known > 0 {
            format!("{} ({} known)", r.disagreed, r.known)
        } else {
            r.disagreed.to_string()
        };
        println!(
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            r.spec, r.via, r.operations, r.exercised, r.agreed, disagreed, first
        );
    }
    if !details.is_empty() {
        println!();
        for d in &details {
            println!("{d}");
        }
    }
    rows.into_values().collect()
}
