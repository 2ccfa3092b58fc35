//! How long regeneration takes, stage by stage. A plain `harness = false` bench: it prints,
//! it never asserts on time.
//!
//! ```text
//! cargo bench -p psi-codegen --bench regenerate              # every case
//! cargo bench -p psi-codegen --bench regenerate -- nexus     # cases whose name contains `nexus`
//! ```
//!
//! Cases:
//!
//! * `psi-all`: every spec of `specs/manifest.toml`, as `cargo xtask codegen` does it minus
//!   the file I/O and the sha256 hashing (the files are read once, outside the timed loop, and
//!   the manifest's recorded hashes are passed as the inputs' `sha256`): load each spec, run
//!   the passes over all of them, dump the model snapshots, emit the SIOE calendar, emit and
//!   format the `api` tree.
//! * `nexus`: the Oxide Nexus OpenAPI spec of the shared corpus (`../shared/corpus` beside the
//!   workspace, or `PSI_CORPUS`), skipped with a message when the corpus is absent.
//! * `edialog`: the largest WSDL of the corpus (`wsdl/savon-edialog-axis-large.wsdl`), same.
//!
//! Each stage is timed separately inside every iteration; the bench prints the median and the
//! minimum of each stage and of the running totals. `BENCH_ITERS` (timed iterations, default
//! up to 20 within a 6 s budget, at least 3) and `BENCH_WARMUP` (default 1) override the loop.
//!
//! The `of which` lines estimate the formatting share of `emit`, which formats its token
//! streams inside one call (`syn::parse2` then `prettyplease::unparse` per file) and so cannot
//! be split from outside: the emitted text is lexed into a `proc_macro2::TokenStream` (not
//! counted), then `syn::parse2` and `prettyplease::unparse` are timed on it, the same work on
//! the same items. `emit+format` minus both is the `quote!` / model-walking part.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use psi_codegen::{Options, SpecFiles, SpecInput, SpecKind};

// ---- timing helpers -------------------------------------------------------------------------

/// How many warm-up and timed iterations, and the time budget of the timed loop.
struct Plan {
    warmup: usize,
    max_iters: usize,
    min_iters: usize,
    budget: Duration,
}

impl Plan {
    fn from_env() -> Plan {
        let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<usize>().ok());
        match env("BENCH_ITERS") {
            Some(n) => Plan {
                warmup: env("BENCH_WARMUP").unwrap_or(1),
                max_iters: n.max(1),
                min_iters: n.max(1),
                budget: Duration::MAX,
            },
            None => Plan {
                warmup: env("BENCH_WARMUP").unwrap_or(1),
                max_iters: 20,
                min_iters: 3,
                budget: Duration::from_secs(6),
            },
        }
    }
}

/// Run `f` (which returns its own stage durations) through the plan; one vector per stage.
fn run_staged(plan: &Plan, stages: usize, mut f: impl FnMut() -> Vec<Duration>) -> Vec<Vec<Duration>> {
    for _ in 0..plan.warmup {
        black_box(f());
    }
    let mut out = vec![Vec::new(); stages];
    let start = Instant::now();
    let mut n = 0;
    while n < plan.min_iters || (n < plan.max_iters && start.elapsed() < plan.budget) {
        let d = f();
        assert_eq!(d.len(), stages);
        for (v, x) in out.iter_mut().zip(d) {
            v.push(x);
        }
        n += 1;
    }
    out
}

fn median(v: &[Duration]) -> Duration {
    let mut s = v.to_vec();
    s.sort();
    let n = s.len();
    if n % 2 == 1 {
        s[n / 2]
    } else {
        (s[n / 2 - 1] + s[n / 2]) / 2
    }
}

fn min(v: &[Duration]) -> Duration {
    v.iter().copied().min().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:9.2} ms", d.as_secs_f64() * 1e3)
}

/// Estimates of the formatting share of `emit` (indented: part of the line above).
const FORMAT_PARSE: &str = "  of which syn::parse2, est.";
const FORMAT_UNPARSE: &str = "  of which prettyplease::unparse, est.";

/// Print one line per stage and one per running total.
fn report(case: &str, names: &[&str], samples: &[Vec<Duration>]) {
    let n = samples.first().map_or(0, Vec::len);
    println!("{case}  ({n} iterations)");
    println!("  {:<44} {:>12} {:>12}", "stage", "median", "min");
    for (name, v) in names.iter().zip(samples) {
        println!("  {:<44} {} {}", name, ms(median(v)), ms(min(v)));
    }
    // Running totals per iteration.
    let mut acc = vec![Duration::ZERO; n];
    let mut label = String::new();
    for (i, (name, v)) in names.iter().zip(samples).enumerate() {
        if name.starts_with(' ') {
            continue; // estimates of a part of the stage above, not a stage
        }
        for (a, x) in acc.iter_mut().zip(v) {
            *a += *x;
        }
        if !label.is_empty() {
            label.push('+');
        }
        label.push_str(name.split_whitespace().next().unwrap_or(name));
        if i > 0 {
            println!("  {:<44} {} {}", format!("= {label}"), ms(median(&acc)), ms(min(&acc)));
        }
    }
    println!();
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

// ---- the manifest, read simply ----------------------------------------------------------------

/// The parts of one `[[spec]]` entry the generator needs.
#[derive(Debug, Default, Clone)]
struct Entry {
    id: String,
    title: String,
    kind: String,
    entry: String,
    files: Vec<String>,
    provenance: String,
    endpoints: BTreeMap<String, String>,
    modules: BTreeMap<String, String>,
    sha256: BTreeMap<String, String>,
}

impl Entry {
    fn input(&self) -> SpecInput {
        SpecInput {
            id: self.id.clone(),
            title: self.title.clone(),
            kind: SpecKind::parse(&self.kind),
            entry: self.entry.clone(),
            provenance: self.provenance.clone(),
            endpoints: self.endpoints.clone(),
            modules: self.modules.clone(),
            sha256: self.sha256.clone(),
            lenient: false,
        }
    }
}

/// Every quoted string of `s`, in order (`\"` and `\\` unescaped).
fn quoted(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '#' {
            break; // comment
        }
        if c != '"' {
            continue;
        }
        let mut v = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => v.extend(chars.next()),
                '"' => break,
                c => v.push(c),
            }
        }
        out.push(v);
    }
    out
}

/// Read `specs/manifest.toml` line by line: `[[spec]]`, its `[spec.*]` tables,
/// `key = "string"`, `key = ["a", "b"]` (on one line) and `"quoted key" = "value"`.
fn read_manifest(text: &str) -> Vec<Entry> {
    let mut specs: Vec<Entry> = Vec::new();
    let mut table = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line == "[[spec]]" {
            specs.push(Entry::default());
            table.clear();
            continue;
        }
        if let Some(t) = line.strip_prefix("[spec.").and_then(|t| t.strip_suffix(']')) {
            table = t.to_owned();
            continue;
        }
        let Some(spec) = specs.last_mut() else { continue };
        let Some((key, value)) = line.split_once(" = ") else {
            continue;
        };
        let key = key.trim();
        let key = key
            .strip_prefix('"')
            .and_then(|k| k.strip_suffix('"'))
            .unwrap_or(key)
            .to_owned();
        let values = quoted(value);
        let first = values.first().cloned().unwrap_or_default();
        match table.as_str() {
            "endpoints" => {
                spec.endpoints.insert(key, first);
            }
            "modules" => {
                spec.modules.insert(key, first);
            }
            "sha256" => {
                spec.sha256.insert(key, first);
            }
            _ => match key.as_str() {
                "id" => spec.id = first,
                "title" => spec.title = first,
                "kind" => spec.kind = first,
                "entry" => spec.entry = first,
                "files" => spec.files = values,
                "provenance" => spec.provenance = first,
                _ => {}
            },
        }
    }
    specs
}

// ---- cases ------------------------------------------------------------------------------------

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Format the emitted files again, in three timed steps: lex the text into a token stream,
/// `syn::parse2` it, `prettyplease::unparse` it. The last two are what `emit` does to its own
/// token streams (`format_file`), so they estimate the formatting share of `emit`.
fn reformat(files: &BTreeMap<String, String>) -> [Duration; 3] {
    let mut d = [Duration::ZERO; 3];
    for text in files.values() {
        let t0 = Instant::now();
        let tokens: proc_macro2::TokenStream = text.parse().expect("emitted file lexes");
        let t1 = Instant::now();
        let file: syn::File = syn::parse2(tokens).expect("emitted file parses");
        let t2 = Instant::now();
        black_box(prettyplease::unparse(&file));
        let t3 = Instant::now();
        d[0] += t1 - t0;
        d[1] += t2 - t1;
        d[2] += t3 - t2;
    }
    d
}

fn psi_all(plan: &Plan) {
    const CALENDAR_SPEC: &str = "sioe/obrigacoes/portaria-172-2025-1.yaml";
    let root = workspace_root();
    let specs_dir = root.join("specs");
    let manifest = std::fs::read_to_string(specs_dir.join("manifest.toml")).expect("specs/manifest.toml");
    let entries = read_manifest(&manifest);
    let mut files = SpecFiles::new();
    let (mut bytes, mut count) = (0, 0);
    for e in &entries {
        for f in &e.files {
            let data = std::fs::read(specs_dir.join(f)).unwrap_or_else(|err| panic!("specs/{f}: {err}"));
            bytes += data.len();
            count += 1;
            files.insert(f.clone(), data);
        }
    }
    let calendar = std::fs::read(specs_dir.join(CALENDAR_SPEC)).expect("calendar spec");
    bytes += calendar.len();
    let inputs: Vec<SpecInput> = entries.iter().map(Entry::input).collect();
    let mut options = Options::default();
    options.extra_modules.insert(
        "sioe_calendario".to_owned(),
        "SIOE reporting obligations of Portaria n.º 172/2025/1: windows and deadlines.".to_owned(),
    );

    let mut out_files = 0;
    let mut out_bytes = 0;
    let samples = run_staged(plan, 7, || {
        let t0 = Instant::now();
        let loaded: Vec<_> = inputs
            .iter()
            .map(|i| {
                (
                    i.clone(),
                    psi_codegen::load(i, &files).unwrap_or_else(|e| panic!("{}: {e}", i.id)),
                )
            })
            .collect();
        let t1 = Instant::now();
        let program = psi_codegen::passes::run(loaded).expect("passes");
        let t2 = Instant::now();
        for (_, model) in &program.specs {
            black_box(psi_codegen::dump::dump(model));
        }
        let t3 = Instant::now();
        let cal = psi_codegen::calendar::emit_calendar_with(&format!("specs/{CALENDAR_SPEC}"), &calendar, &options)
            .expect("calendar");
        black_box(&cal);
        let t4 = Instant::now();
        let out = psi_codegen::emit::emit(&program, &options).expect("emit");
        let t5 = Instant::now();
        let [_, parse, unparse] = reformat(&out.files);
        out_files = out.files.len() + 1;
        out_bytes = out.files.values().map(String::len).sum::<usize>() + cal.len();
        vec![t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, parse, unparse]
    });
    report(
        &format!(
            "psi-all: {} specs of specs/manifest.toml, {} input files + calendar, {:.0} KB in; {out_files} files, {:.0} KB out",
            entries.len(),
            count,
            bytes as f64 / 1024.0,
            out_bytes as f64 / 1024.0
        ),
        &[
            "load (all specs)",
            "passes",
            "dump (model snapshots)",
            "calendar (emit+format)",
            "emit+format (api tree)",
            FORMAT_PARSE,
            FORMAT_UNPARSE,
        ],
        &samples,
    );
}

/// One corpus spec: load, passes, emit+format.
fn one_spec(plan: &Plan, case: &str, corpus: &Path, rel: &str) {
    let path = corpus.join(rel);
    let Ok(data) = std::fs::read(&path) else {
        println!(
            "{case}: skipped, {} not found (set PSI_CORPUS to the corpus folder)\n",
            path.display()
        );
        return;
    };
    let size = data.len();
    let mut files = SpecFiles::new();
    files.insert(rel.to_owned(), data);
    let input = SpecInput {
        id: case.to_owned(),
        entry: rel.to_owned(),
        ..Default::default()
    };
    let options = Options::default();
    // One checked run first so that a failure prints a message instead of a panic in the loop.
    let check = psi_codegen::load(&input, &files)
        .and_then(|m| psi_codegen::passes::run(vec![(input.clone(), m)]))
        .and_then(|p| psi_codegen::emit::emit(&p, &options));
    let out = match check {
        Ok(out) => out,
        Err(e) => {
            println!("{case}: skipped, the generator fails on {rel}: {e}\n");
            return;
        }
    };
    let out_bytes: usize = out.files.values().map(String::len).sum();
    let samples = run_staged(plan, 5, || {
        let t0 = Instant::now();
        let model = psi_codegen::load(&input, &files).expect("load");
        let t1 = Instant::now();
        let program = psi_codegen::passes::run(vec![(input.clone(), model)]).expect("passes");
        let t2 = Instant::now();
        let out = psi_codegen::emit::emit(&program, &options).expect("emit");
        let t3 = Instant::now();
        let [_, parse, unparse] = reformat(&out.files);
        vec![t1 - t0, t2 - t1, t3 - t2, parse, unparse]
    });
    report(
        &format!(
            "{case}: {rel}, {:.0} KB in; {} files, {:.0} KB out, {} warnings",
            size as f64 / 1024.0,
            out.files.len(),
            out_bytes as f64 / 1024.0,
            out.warnings.len()
        ),
        &["load", "passes", "emit+format", FORMAT_PARSE, FORMAT_UNPARSE],
        &samples,
    );
}

fn main() {
    // `cargo bench` passes `--bench`; any other free argument filters the cases by name.
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let wanted = |name: &str| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str()));
    let plan = Plan::from_env();
    let corpus = std::env::var_os("PSI_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared/corpus"));
    println!(
        "regenerate bench: {} CPUs, load average at start {}",
        std::thread::available_parallelism().map_or(0, usize::from),
        loadavg()
    );
    println!();
    if wanted("psi-all") {
        psi_all(&plan);
    }
    if wanted("nexus") {
        one_spec(&plan, "nexus", &corpus, "openapi/progenitor-nexus.json");
    }
    if wanted("edialog") {
        one_spec(&plan, "edialog", &corpus, "wsdl/savon-edialog-axis-large.wsdl");
    }
    println!("load average at end {}", loadavg());
}
