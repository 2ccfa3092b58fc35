//! `cargo xtask conformance [DIR]`: run the generator over a corpus of real-world specs
//! written by others, compile everything it generates in one scratch crate, and compare each
//! entry's result with the committed expectations (`xtask/conformance.toml`).
//!
//! Entry points are found, not listed: every WSDL that no other WSDL imports, every YAML or
//! JSON document with a top-level `openapi` or `swagger` key, and every XSD that no other
//! file of the corpus imports or includes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// Expected results that are not `ok`, with their reasons.
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

/// What an entry is expected to do when it is not `ok`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// A part of the located error message the entry must fail with.
    pub error_contains: String,
    /// Why the failure is right (a missing file in the corpus, a version refused on purpose).
    pub reason: String,
}

/// One entry point of the corpus.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    /// Path relative to the corpus folder (`wsdl/onvif/wsdl/ver10/device/wsdl/devicemgmt.wsdl`).
    pub id: String,
    /// The folder whose files make up the spec set, relative to the corpus folder.
    pub root: String,
    /// The language.
    pub kind: psi_codegen::SpecKind,
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
    /// Whether the result is what the expectations say.
    pub as_expected: bool,
    /// Milliseconds to load, run the passes and emit.
    pub millis: f64,
    /// Rust module the entry's code went into (empty when nothing was generated).
    #[serde(skip)]
    pub module: String,
}

fn is_spec_doc(text: &str) -> Option<psi_codegen::SpecKind> {
    for line in text.lines().take(200) {
        let l = line.trim_start_matches('\u{feff}');
        let key = l.trim_start_matches(['{', ' ', '"']);
        let top =
            !l.starts_with(' ') && !l.starts_with('\t') || l.trim_start().starts_with('"') && l.starts_with("  \"");
        if !top {
            continue;
        }
        if key.starts_with("openapi\"") || key.starts_with("openapi:") {
            return Some(psi_codegen::SpecKind::OpenApi3);
        }
        if key.starts_with("swagger\"") || key.starts_with("swagger:") {
            return Some(psi_codegen::SpecKind::Swagger2);
        }
    }
    None
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(read) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = read.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn rel(base: &Path, p: &Path) -> String {
    p.strip_prefix(base).unwrap_or(p).to_string_lossy().replace('\\', "/")
}

/// Every `schemaLocation`/`location` target named in an XML text (file names only).
fn referenced_names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["schemaLocation=\"", "location=\"", "schemaLocation='", "location='"] {
        let quote = attr.chars().last().unwrap_or('"');
        let mut rest = text;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find(quote) {
                let target = &rest[..end];
                let name = target.rsplit('/').next().unwrap_or(target);
                out.push(name.to_owned());
            }
        }
    }
    out
}

/// Find the entry points under `dir`.
pub fn discover(dir: &Path) -> Vec<Entry> {
    let mut files = Vec::new();
    walk(dir, &mut files);
    let mut imported: BTreeSet<String> = BTreeSet::new();
    let mut texts: BTreeMap<PathBuf, String> = BTreeMap::new();
    for f in &files {
        let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
        if matches!(ext, "wsdl" | "xsd") {
            let bytes = std::fs::read(f).unwrap_or_default();
            let text = psi_codegen::text::decode_xml(&f.to_string_lossy(), &bytes)
                .unwrap_or_else(|_| String::from_utf8_lossy(&bytes).into_owned());
            imported.extend(referenced_names(&text));
            texts.insert(f.clone(), text);
        }
    }
    // URL catalogs name the local copies of remotely imported files: those are imported too.
    for f in &files {
        if f.file_name().is_some_and(|n| n == "URLMAP.tsv") {
            for line in std::fs::read_to_string(f).unwrap_or_default().lines() {
                if let Some((_, file)) = line.split_once('\t') {
                    imported.insert(file.rsplit('/').next().unwrap_or(file).to_owned());
                }
            }
        }
    }
    let mut entries = Vec::new();
    for f in &files {
        let id = rel(dir, f);
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
        let kind = match ext {
            "wsdl" if !imported.contains(name) => Some(psi_codegen::SpecKind::Wsdl),
            "xsd" if !imported.contains(name) => Some(psi_codegen::SpecKind::Xsd),
            "yaml" | "yml" | "json" => std::fs::read_to_string(f).ok().as_deref().and_then(is_spec_doc),
            _ => None,
        };
        let Some(kind) = kind else { continue };
        // The spec set is the entry's first-level folder (`wsdl/onvif`), or for a file that
        // stands directly in a category folder, that file alone.
        let parts: Vec<&str> = id.split('/').collect();
        let root = if parts.len() > 2 {
            parts[..2].join("/")
        } else {
            String::new()
        };
        let root = if id.starts_with("peer-suites/") {
            parts[..parts.len() - 1].join("/")
        } else {
            root
        };
        entries.push(Entry { id, root, kind });
    }
    entries
}

/// The committed catalog of remote imports that the corpus has locally (`url → corpus path`).
fn committed_catalog(root: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(root.join("xtask/conformance-catalog.tsv"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(u, p)| (u.trim().to_owned(), p.trim().to_owned()))
        .collect()
}

/// Load an entry's files (its root folder, or the file alone) and its URL catalog.
fn spec_files(dir: &Path, entry: &Entry, catalog: &[(String, String)]) -> (psi_codegen::SpecFiles, String) {
    let mut files = psi_codegen::SpecFiles::new();
    for (url, path) in catalog {
        if let Some(local) = path
            .strip_prefix(&format!("{}/", entry.root))
            .filter(|_| !entry.root.is_empty())
        {
            files.map_url(url.clone(), local.to_owned());
        }
    }
    if entry.root.is_empty() {
        let bytes = std::fs::read(dir.join(&entry.id)).unwrap_or_default();
        files.insert(entry.id.clone(), bytes);
        return (files, entry.id.clone());
    }
    let root = dir.join(&entry.root);
    let mut all = Vec::new();
    walk(&root, &mut all);
    for f in all {
        let r = rel(&root, &f);
        if r == "URLMAP.tsv" {
            for line in std::fs::read_to_string(&f).unwrap_or_default().lines() {
                if let Some((url, file)) = line.split_once('\t') {
                    files.map_url(url.trim(), file.trim());
                }
            }
        }
        if let Ok(bytes) = std::fs::read(&f) {
            files.insert(r, bytes);
        }
    }
    (files, rel(&root, &dir.join(&entry.id)))
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

/// Load one entry: its row, and its model when it loaded.
fn load_entry(
    files: &psi_codegen::SpecFiles,
    entry: &Entry,
    entry_path: String,
) -> (Row, Option<(psi_codegen::SpecInput, psi_codegen::Model)>) {
    let started = Instant::now();
    let input = psi_codegen::SpecInput {
        id: entry.id.clone(),
        title: entry.id.clone(),
        kind: Some(entry.kind),
        entry: entry_path,
        provenance: "third-party".into(),
        ..psi_codegen::SpecInput::default()
    };
    let outcome = std::panic::catch_unwind(|| psi_codegen::load(&input, files));
    let mut row = Row {
        entry: entry.id.clone(),
        kind: entry.kind.as_str(),
        services: 0,
        operations: 0,
        types: 0,
        result: String::new(),
        as_expected: true,
        millis: started.elapsed().as_secs_f64() * 1000.0,
        module: String::new(),
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
            row.result = "ok".into();
            (row, Some((input, model)))
        }
        Ok(Err(e)) => {
            row.result = e.to_string();
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
}

/// Run the command; the return value is the process exit status (0 = all as expected).
pub fn run(root: &Path, args: &Args) -> Result<bool, String> {
    let expectations: Expectations = {
        let path = root.join("xtask/conformance.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("xtask/conformance.toml: {e}"))?
    };
    let mut entries = discover(&args.dir);
    if !args.only.is_empty() {
        entries.retain(|e| args.only.iter().any(|p| e.id.starts_with(p.as_str())));
    }
    if entries.is_empty() {
        return Err(format!("no spec entry points found under {}", args.dir.display()));
    }
    // Entries of one folder form one program, as a project with several services would:
    // what their specs share (ONVIF's onvif.xsd, UBL's common components) is emitted once.
    let catalog = committed_catalog(root);
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
        let (files, _) = spec_files(&args.dir, group[0], &catalog);
        let mut loaded = Vec::new();
        for entry in group {
            let entry_path = if entry.root.is_empty() {
                entry.id.clone()
            } else {
                entry
                    .id
                    .strip_prefix(&format!("{}/", entry.root))
                    .unwrap_or(&entry.id)
                    .to_owned()
            };
            let (row, model) = load_entry(&files, entry, entry_path);
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
            Some(e) => row.result != "ok" && row.result.contains(&e.error_contains) && !row.result.starts_with("PANIC"),
        };
    }
    let generate_time = total.elapsed();
    for id in expectations.expect.keys().filter(|_| args.only.is_empty()) {
        if !entries.iter().any(|e| &e.id == id) {
            return Err(format!(
                "xtask/conformance.toml names `{id}`, which is not an entry point of the corpus"
            ));
        }
    }
    // Compile everything that was generated, in one scratch crate.
    let mut compile_note = String::from("not compiled (--no-compile)");
    if !args.no_compile {
        let failures = compile(root, &rows, &crate_files)?;
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
        trips = roundtrips(root, &args.dir, &rows, &crate_files)?;
        for t in &mut trips {
            t.as_expected = match expectations.roundtrip.get(&t.document) {
                None => is_equivalent(&t.status),
                Some(e) => e.status == t.status,
            };
        }
        if args.only.is_empty() {
            for doc in expectations.roundtrip.keys() {
                if !trips.iter().any(|t| &t.document == doc) {
                    return Err(format!(
                        "xtask/conformance.toml expects a round trip of `{doc}`, which is not an example document of the corpus"
                    ));
                }
            }
        }
    }
    if args.json {
        let value = serde_json::json!({ "entries": rows, "roundtrips": trips });
        println!("{}", serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?);
    } else {
        print_table(&rows, generate_time, &compile_note);
        print_roundtrips(&trips, &expectations);
    }
    Ok(rows.iter().all(|r| r.as_expected) && trips.iter().all(|t| t.as_expected))
}

/// One example document's round trip.
#[derive(Debug, Clone, Serialize)]
pub struct Trip {
    /// The document, relative to the corpus folder.
    pub document: String,
    /// `equivalent`, `equivalent-reordered`, `differs`, `decode-error`, `unmatched`, `error`.
    pub status: String,
    /// Where it differs, or why it failed.
    pub detail: String,
    /// Whether the status is what `xtask/conformance.toml` expects.
    pub as_expected: bool,
}

/// Build the generated code of the entries that have example documents (`example/*.xml`
/// beside their schema) with a harness, run it, and collect one result per document.
fn roundtrips(root: &Path, dir: &Path, rows: &[Row], files: &BTreeMap<String, String>) -> Result<Vec<Trip>, String> {
    let mut pairs: Vec<(String, PathBuf)> = Vec::new();
    let mut modules = BTreeSet::new();
    for r in rows
        .iter()
        .filter(|r| !r.module.is_empty() && r.entry.starts_with("peer-suites/"))
    {
        let schema_dir = dir.join(&r.entry).parent().map(Path::to_path_buf).unwrap_or_default();
        let mut docs = Vec::new();
        walk(&schema_dir.join("example"), &mut docs);
        for d in docs.into_iter().filter(|d| d.extension().is_some_and(|e| e == "xml")) {
            pairs.push((r.module.clone(), d));
            modules.insert(r.module.clone());
        }
    }
    if pairs.is_empty() {
        return Ok(Vec::new());
    }
    let crate_dir = root.join("target/conformance-roundtrip");
    let src = crate_dir.join("src");
    if src.exists() {
        std::fs::remove_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    }
    std::fs::create_dir_all(&src).map_err(|e| e.to_string())?;
    let manifest = format!(
        "[package]\nname = \"conformance-roundtrip\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [features]\nreqwest = []\n\n\
         [dependencies]\npsi-client = {{ path = {:?}, default-features = false }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nroxmltree = \"0.21\"\n\n\
         [workspace]\n",
        root.join("generated").to_string_lossy()
    );
    std::fs::write(crate_dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    let _ = std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock"));
    std::fs::write(src.join("main.rs"), include_str!("../roundtrip/harness.rs")).map_err(|e| e.to_string())?;
    // The dispatch table: module name → its `roundtrip_document`.
    let mut arms = proc_macro2::TokenStream::new();
    let mut decls = proc_macro2::TokenStream::new();
    for m in &modules {
        let id = proc_macro2::Ident::new(m, proc_macro2::Span::call_site());
        let file = format!("{m}/mod.rs");
        decls.extend(quote::quote! { #[path = #file] #[allow(warnings)] pub mod #id; });
        arms.extend(
            quote::quote! { #m => Some(crate::#id::roundtrip_document(xml).map(|r| r.map_err(|e| e.to_string()))?), },
        );
    }
    let decls: syn::File = syn::parse2(decls).map_err(|e| e.to_string())?;
    std::fs::write(src.join("modules.rs"), prettyplease::unparse(&decls)).map_err(|e| e.to_string())?;
    let table = quote::quote! {
        pub fn roundtrip(module: &str, xml: &str) -> Option<Result<String, String>> {
            match module {
                #arms
                _ => None,
            }
        }
    };
    let table: syn::File = syn::parse2(table).map_err(|e| e.to_string())?;
    std::fs::write(src.join("table.rs"), prettyplease::unparse(&table)).map_err(|e| e.to_string())?;
    for (path, text) in files
        .iter()
        .filter(|(p, _)| modules.iter().any(|m| p.starts_with(&format!("{m}/"))))
    {
        let p = src.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(&p, text).map_err(|e| e.to_string())?;
    }
    let target = root.join("target/conformance-target");
    let build = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--offline", "--quiet", "--message-format=short"])
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .map_err(|e| format!("cannot run cargo build: {e}"))?;
    if !build.status.success() {
        return Err(format!(
            "the round-trip harness does not build:\n{}",
            String::from_utf8_lossy(&build.stderr)
        ));
    }
    let mut cmd = std::process::Command::new(target.join("debug/conformance-roundtrip"));
    for (m, p) in &pairs {
        cmd.arg(format!("{m}={}", p.display()));
    }
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run the round-trip harness: {e}"))?;
    let mut trips = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() == 5 && f[0] == "RESULT" {
            trips.push(Trip {
                document: rel(dir, Path::new(f[2])),
                status: f[3].to_owned(),
                detail: f[4].to_owned(),
                as_expected: false,
            });
        }
    }
    if trips.len() != pairs.len() {
        return Err(format!(
            "the round-trip harness answered {} of {} documents:\n{}",
            trips.len(),
            pairs.len(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(trips)
}

fn print_roundtrips(trips: &[Trip], expectations: &Expectations) {
    if trips.is_empty() {
        return;
    }
    println!("\n| example document | round trip | detail |");
    println!("|---|---|---|");
    for t in trips {
        let mark = match expectations.roundtrip.get(&t.document) {
            _ if t.as_expected => String::new(),
            Some(e) => format!(" **UNEXPECTED** (expected `{}`)", e.status),
            None => " **UNEXPECTED**".to_owned(),
        };
        let detail: String = t.detail.replace('|', "\\|").chars().take(160).collect();
        println!("| `{}` | {}{mark} | {} |", t.document, t.status, detail);
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for t in trips {
        *counts.entry(t.status.as_str()).or_default() += 1;
    }
    let summary: Vec<String> = counts.iter().map(|(k, v)| format!("{v} {k}")).collect();
    let unexpected = trips.iter().filter(|t| !t.as_expected).count();
    println!(
        "\n{} example documents: {}; {unexpected} unexpected.",
        trips.len(),
        summary.join(", ")
    );
}

fn print_table(rows: &[Row], time: Duration, compile_note: &str) {
    println!("| entry | kind | services | operations | types | result | ms |");
    println!("|---|---|---:|---:|---:|---|---:|");
    for r in rows {
        let mark = if r.as_expected { "" } else { " **UNEXPECTED**" };
        let result: String = r.result.replace('|', "\\|").chars().take(160).collect();
        println!(
            "| `{}` | {} | {} | {} | {} | {}{} | {:.1} |",
            r.entry, r.kind, r.services, r.operations, r.types, result, mark, r.millis
        );
    }
    let ok = rows.iter().filter(|r| r.result == "ok").count();
    let expected_fail = rows.iter().filter(|r| r.result != "ok" && r.as_expected).count();
    let unexpected = rows.iter().filter(|r| !r.as_expected).count();
    println!(
        "\n{} entries: {ok} ok, {expected_fail} failed as expected, {unexpected} unexpected; generation {:.0?} in all; {compile_note}.",
        rows.len(),
        time
    );
}

/// Write the scratch crate under `target/conformance` and `cargo check` it; return the
/// modules whose code failed to compile, with the first error of each.
fn compile(root: &Path, rows: &[Row], files: &BTreeMap<String, String>) -> Result<BTreeMap<String, String>, String> {
    let dir = root.join("target/conformance");
    let src = dir.join("src");
    if src.exists() {
        std::fs::remove_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    }
    std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    let generated = root.join("generated");
    let manifest = format!(
        "[package]\nname = \"conformance-scratch\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [features]\nreqwest = []\n\n\
         [dependencies]\npsi-client = {{ path = {:?}, default-features = false }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\n\
         [workspace]\n",
        generated.to_string_lossy()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    // Share the workspace's lock file so the same dependency versions are used off-line.
    let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
    let mut lib =
        String::from("//! Scratch crate: the generated code of every conformance entry.\n#![allow(warnings)]\n");
    let modules: BTreeSet<&str> = rows
        .iter()
        .filter(|r| !r.module.is_empty())
        .map(|r| r.module.as_str())
        .collect();
    for m in modules {
        lib.push_str(&format!("pub mod {m};\n"));
    }
    std::fs::write(src.join("lib.rs"), lib).map_err(|e| e.to_string())?;
    for (path, text) in files {
        let p = src.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(&p, text).map_err(|e| e.to_string())?;
    }
    let output = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["check", "--offline", "--quiet", "--message-format=short", "--lib"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root.join("target/conformance-target"))
        .output()
        .map_err(|e| format!("cannot run cargo check: {e}"))?;
    let mut failures = BTreeMap::new();
    if output.status.success() {
        return Ok(failures);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    for line in stderr.lines() {
        let Some(rest) = line.strip_prefix("src/") else {
            continue;
        };
        let module = rest.split('/').next().unwrap_or("").to_owned();
        if line.contains("error") {
            failures.entry(module).or_insert_with(|| line.to_owned());
        }
    }
    if failures.is_empty() {
        return Err(format!("cargo check of the generated code failed:\n{stderr}"));
    }
    Ok(failures)
}
