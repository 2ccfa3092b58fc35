//! `cargo xtask conformance [DIR]`: run the generator over a folder of specs written by
//! others (by default the shared corpus beside the workspace, or any folder), compile
//! everything it generates in one scratch crate, and compare each entry's result with the
//! committed expectations (`xtask/conformance.toml`).
//!
//! Entry points are found by reading the documents ([`discover`]). Each entry's warnings
//! (constructs the generator leaves out, and in `--lenient` mode the undefined references it
//! kept opaque) are counted in the table, listed with `--verbose` and in `--json`.

mod discover;
mod report;
mod scratch;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::{Deserialize, Serialize};

pub use discover::{Entry, committed_catalog, discover, spec_files};
pub use scratch::Trip;

/// Expected results that are not `ok`, with their reasons. They apply to the entries of the
/// folder given: an entry they do not name must be `ok`; an entry they name that the folder
/// does not have is ignored (and listed as a note).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectations {
    /// Entry id → expectation.
    #[serde(default)]
    pub expect: BTreeMap<String, Expect>,
    /// Example document → the round-trip result it is expected to have when it is not one of
    /// the `equivalent` ones.
    #[serde(default)]
    pub roundtrip: BTreeMap<String, ExpectTrip>,
}

/// A round trip expected not to give an equivalent document, and why.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectTrip {
    /// The status it must have (`differs`, `decode-error`, `unmatched`).
    pub status: String,
    /// Why: what in the document or its schema is outside what the generator supports, or
    /// where the document does not follow its own schema.
    pub reason: String,
}

/// Whether a round-trip status counts as passing.
pub fn is_equivalent(status: &str) -> bool {
    matches!(status, "equivalent" | "equivalent-reordered" | "equivalent-values")
}

/// What an entry is expected to do when it is not `ok` (in `--lenient` mode it may also be
/// `ok`: lenient mode keeps what strict mode refuses).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// A part of the located error message the entry must fail with.
    pub error_contains: String,
    /// Why the failure is right (a missing file in the corpus, a version refused on purpose).
    pub reason: String,
}

/// The result of one entry.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// Entry id.
    pub entry: String,
    /// Spec language.
    pub kind: &'static str,
    /// Services found.
    pub services: usize,
    /// Operations found.
    pub operations: usize,
    /// Types in the model (built-ins excluded).
    pub types: usize,
    /// `ok`, or the located diagnostic.
    pub result: String,
    /// What the generator left out or kept opaque, each with where (paths relative to the
    /// corpus folder).
    pub warnings: Vec<String>,
    /// Whether the result is what the expectations say.
    pub as_expected: bool,
    /// Milliseconds to load, run the passes and emit.
    pub millis: f64,
    /// Rust module the entry's code went into (empty when nothing was generated).
    #[serde(skip)]
    pub module: String,
}

fn module_for(id: &str, taken: &mut BTreeSet<String>) -> String {
    let base = psi_codegen::passes::naming::snake(id.rsplit_once('.').map(|(a, _)| a).unwrap_or(id));
    let mut name = format!("e_{base}");
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("e_{base}_{n}");
        n += 1;
    }
    name
}

/// Run the passes and the emitter, turning a panic into a result.
fn generate(
    models: Vec<(psi_codegen::SpecInput, psi_codegen::Model)>,
    options: &psi_codegen::Options,
) -> Result<BTreeMap<String, String>, String> {
    match std::panic::catch_unwind(|| psi_codegen::generate(models, options)) {
        Ok(Ok(generated)) => Ok(generated.files),
        Ok(Err(e)) => Err(e.to_string()),
        Err(panic) => Err(panic_text(panic)),
    }
}

fn panic_text(panic: Box<dyn std::any::Any + Send>) -> String {
    let msg = panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
    format!("PANIC: {}", msg.unwrap_or_default())
}

/// The generator's input for a corpus entry.
pub fn spec_input(entry: &Entry, lenient: bool) -> psi_codegen::SpecInput {
    psi_codegen::SpecInput {
        id: entry.id.clone(),
        title: entry.id.clone(),
        kind: Some(entry.kind),
        entry: entry.path_in_set().to_owned(),
        provenance: "third-party".into(),
        lenient,
        ..psi_codegen::SpecInput::default()
    }
}

/// Load one entry: its row, and its model when it loaded.
fn load_entry(
    files: &psi_codegen::SpecFiles,
    entry: &Entry,
    lenient: bool,
) -> (Row, Option<(psi_codegen::SpecInput, psi_codegen::Model)>) {
    let started = Instant::now();
    let input = spec_input(entry, lenient);
    let outcome = std::panic::catch_unwind(|| psi_codegen::load(&input, files));
    let mut row = Row {
        entry: entry.id.clone(),
        kind: entry.kind.as_str(),
        services: 0,
        operations: 0,
        types: 0,
        result: String::new(),
        warnings: Vec::new(),
        as_expected: true,
        millis: started.elapsed().as_secs_f64() * 1000.0,
        module: String::new(),
    };
    // Locations as the corpus names them.
    let located = |mut at: psi_codegen::model::Source, message: &str| {
        at.file = entry.corpus_path(&at.file);
        format!("{at}: {message}")
    };
    match outcome {
        Ok(Ok(model)) => {
            row.services = model.services.len();
            row.operations = model.services.iter().map(|s| s.operations.len()).sum();
            row.types = model
                .types
                .iter()
                .filter(|t| t.key.kind != psi_codegen::model::TypeKind::Builtin)
                .count();
            row.warnings = model
                .warnings
                .iter()
                .map(|w| located(w.source.clone(), &w.message))
                .collect();
            row.result = "ok".into();
            (row, Some((input, model)))
        }
        Ok(Err(e)) => {
            row.result = located(e.location(), &e.message());
            (row, None)
        }
        Err(panic) => {
            row.result = panic_text(panic);
            (row, None)
        }
    }
}

/// Options of the command.
#[derive(Debug, Clone)]
pub struct Args {
    /// The corpus folder.
    pub dir: PathBuf,
    /// Print JSON instead of a table.
    pub json: bool,
    /// Skip compiling the generated code.
    pub no_compile: bool,
    /// Only the entries whose id starts with one of these prefixes (all when empty).
    pub only: Vec<String>,
    /// Lenient mode for every entry: an undefined type, element or `$ref` becomes an opaque
    /// value with a warning.
    pub lenient: bool,
    /// List every entry's warnings after the table.
    pub verbose: bool,
}

/// Run the command; the return value is the process exit status (0 = all as expected).
pub fn run(root: &Path, args: &Args) -> Result<bool, String> {
    let expectations: Expectations = {
        let path = root.join("xtask/conformance.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("xtask/conformance.toml: {e}"))?
    };
    let catalog = discover::committed_catalog(root);
    let selected = |id: &str| args.only.is_empty() || args.only.iter().any(|p| id.starts_with(p.as_str()));
    let mut entries = discover(&args.dir, &catalog);
    entries.retain(|e| selected(&e.id));
    if entries.is_empty() {
        return Err(format!("no spec entry points found under {}", args.dir.display()));
    }
    // Entries of one folder form one program, as a project with several services would:
    // what their specs share (ONVIF's onvif.xsd, UBL's common components) is emitted once.
    let mut groups: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
    for e in &entries {
        let key = if e.root.is_empty() {
            e.id.clone()
        } else {
            e.root.clone()
        };
        groups.entry(key).or_default().push(e);
    }
    let mut taken = BTreeSet::new();
    let mut rows = Vec::new();
    let mut crate_files: BTreeMap<String, String> = BTreeMap::new();
    let total = Instant::now();
    for (key, group) in &groups {
        let module = module_for(key, &mut taken);
        let files = discover::spec_files(&args.dir, group[0], &catalog);
        let mut loaded = Vec::new();
        for entry in group {
            let (row, model) = load_entry(&files, entry, args.lenient);
            rows.push(row);
            if let Some(m) = model {
                loaded.push((rows.len() - 1, m));
            }
        }
        if loaded.is_empty() {
            continue;
        }
        let options = psi_codegen::Options {
            runtime_path: "::psi_client::rt".into(),
            api_path: format!("crate::{module}"),
            document_roundtrip: key.starts_with("peer-suites/"),
            ..psi_codegen::Options::default()
        };
        let started = Instant::now();
        let indices: Vec<usize> = loaded.iter().map(|(i, _)| *i).collect();
        let models: Vec<_> = loaded.iter().map(|(_, m)| m.clone()).collect();
        let outcome = generate(models, &options);
        let per_entry = started.elapsed().as_secs_f64() * 1000.0 / indices.len() as f64;
        match outcome {
            Ok(generated) => {
                for (path, text) in generated {
                    crate_files.insert(format!("{module}/{path}"), text);
                }
                for i in indices {
                    rows[i].millis += per_entry;
                    rows[i].module = module.clone();
                }
            }
            // One entry's failure must not hide the others: generate each alone.
            Err(_) if loaded.len() > 1 => {
                for (i, m) in loaded {
                    let alone = module_for(&rows[i].entry, &mut taken);
                    let options = psi_codegen::Options {
                        api_path: format!("crate::{alone}"),
                        ..options.clone()
                    };
                    let started = Instant::now();
                    let outcome = generate(vec![m], &options);
                    rows[i].millis += started.elapsed().as_secs_f64() * 1000.0;
                    match outcome {
                        Ok(generated) => {
                            for (path, text) in generated {
                                crate_files.insert(format!("{alone}/{path}"), text);
                            }
                            rows[i].module = alone;
                        }
                        Err(e) => rows[i].result = e,
                    }
                }
            }
            Err(e) => {
                for i in indices {
                    rows[i].result = e.clone();
                }
            }
        }
    }
    for row in &mut rows {
        row.as_expected = match expectations.expect.get(&row.entry) {
            None => row.result == "ok",
            Some(_) if args.lenient && row.result == "ok" => true,
            Some(e) => row.result != "ok" && row.result.contains(&e.error_contains) && !row.result.starts_with("PANIC"),
        };
    }
    let generate_time = total.elapsed();
    let mut notes: Vec<String> = expectations
        .expect
        .keys()
        .filter(|id| selected(id) && !entries.iter().any(|e| &e.id == *id))
        .map(|id| format!("xtask/conformance.toml expects a result of `{id}`, which is not an entry point here"))
        .collect();
    // Compile everything that was generated, in one scratch crate.
    let mut compile_note = String::from("not compiled (--no-compile)");
    if !args.no_compile {
        let failures = scratch::compile(root, &rows, &crate_files)?;
        let mut failed = 0;
        for row in &mut rows {
            if let Some(msg) = failures.get(&row.module) {
                row.result = format!("generated code does not compile: {msg}");
                row.as_expected = false;
                failed += 1;
            }
        }
        compile_note = format!("generated code compiled ({} module(s) failed)", failed);
    }
    // Round trips of the example documents that stand beside the schemas.
    let mut trips = Vec::new();
    if !args.no_compile {
        trips = scratch::roundtrips(root, &args.dir, &rows, &crate_files)?;
        for t in &mut trips {
            t.as_expected = match expectations.roundtrip.get(&t.document) {
                None => is_equivalent(&t.status),
                Some(e) => e.status == t.status,
            };
        }
        notes.extend(
            expectations
                .roundtrip
                .keys()
                .filter(|doc| selected(doc) && !trips.iter().any(|t| &t.document == *doc))
                .map(|doc| {
                    format!(
                        "xtask/conformance.toml expects a round trip of `{doc}`, which is not an example document here"
                    )
                }),
        );
    }
    if args.json {
        let value = serde_json::json!({ "entries": rows, "roundtrips": trips, "notes": notes });
        println!("{}", serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?);
    } else {
        report::print_table(&rows, generate_time, &compile_note);
        report::print_summary(&rows);
        if args.verbose {
            report::print_warnings(&rows);
        }
        scratch::print_roundtrips(&trips, &expectations);
        report::print_notes(&notes, args.verbose);
    }
    Ok(rows.iter().all(|r| r.as_expected) && trips.iter().all(|t| t.as_expected))
}
