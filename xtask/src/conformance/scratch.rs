//! The scratch crates of `conformance`: one that compiles every entry's generated code,
//! one that round-trips the example documents through it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::discover::{rel, walk};
use super::{Expectations, Row};

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
pub(super) fn roundtrips(
    root: &Path,
    dir: &Path,
    rows: &[Row],
    files: &BTreeMap<String, String>,
) -> Result<Vec<Trip>, String> {
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
         [features]\ndefault = [\"blocking\"]\nreqwest = []\nblocking = [\"psi-client/blocking\"]\n\n\
         [dependencies]\npsi-client = {{ path = {:?}, default-features = false }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nroxmltree = \"0.21\"\n\n\
         [workspace]\n",
        root.join("generated").to_string_lossy()
    );
    std::fs::write(crate_dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    let _ = std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock"));
    std::fs::write(src.join("main.rs"), include_str!("../../roundtrip/harness.rs")).map_err(|e| e.to_string())?;
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

pub(super) fn print_roundtrips(trips: &[Trip], expectations: &Expectations) {
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

/// Write the scratch crate under `target/conformance` and `cargo check` it; return the
/// modules whose code failed to compile, with the first error of each.
pub(super) fn compile(
    root: &Path,
    rows: &[Row],
    files: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, String> {
    let dir = root.join("target/conformance");
    let src = dir.join("src");
    if src.exists() {
        std::fs::remove_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    }
    std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    let generated = root.join("generated");
    let manifest = format!(
        "[package]\nname = \"conformance-scratch\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [features]\ndefault = [\"blocking\"]\nreqwest = []\nblocking = [\"psi-client/blocking\"]\n\n\
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
