//! `cargo xtask fetch`: download the official spec files, store them in `specs/` atomically,
//! update the manifest, and print the drift report.
//!
//! For each manifest entry (or each `--only ID`), the `official_sources` are tried in order
//! and the first that succeeds is used (the others are alternatives, such as WCF's `?wsdl`
//! and `?singleWsdl`). A source is one of:
//!
//! * a WSDL or XSD URL (`<endpoint>?wsdl`): the document and, transitively, every
//!   `wsdl:import` / `xs:import` / `xs:include` / `xs:redefine` it references are downloaded;
//!   absolute import URLs are rewritten to relative local file names (`?xsd=1` becomes
//!   `<Entry>_schema1.xsd`, the JAX-WS convention; `?xsd=xsd0` becomes `<Entry>.xsd0.xsd`, WCF's),
//!   and the URL → file mapping is recorded in `specs/fetched.toml`;
//! * a YAML or JSON URL: the document alone;
//! * a zip bundle (`.zip`, or a body that starts with a zip signature): extracted safely (no
//!   absolute paths, no `..`, no links, bounded count and unpacked size); only spec files
//!   (`.wsdl .xsd .xml .yaml .yml .json`) are kept; the entry file must be in it.
//!
//! Downloads use HTTPS; plain `http://` is accepted for loopback addresses (tests) or with
//! `--allow-http`. A redirect is followed only over HTTPS and only to the source's own host
//! or to a host the entry lists in `redirect_hosts` (module `http`). Every request has a timeout
//! (`--timeout`, 30 s) and every body a size limit (`--max-bytes`, 20 MiB, also the limit of
//! one spec set in total).
//!
//! Everything is downloaded and checked before `specs/` is touched. The new folders are
//! built in a temporary folder beside `specs/` (same file system), then swapped in with
//! journaled renames, `fetched.toml` and `manifest.toml` last (module `swap`); any failure puts
//! back what was moved, leaving `specs/` byte-identical, and a run killed midway is
//! completed or rolled back by the next one. `--check` writes nothing
//! and exits 1 when anything differs; with `--check`, a spec
//! that cannot be fetched does not stop the others: it is listed as an `error:` note and
//! counts as a difference.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use psi_codegen::diff::Report;

use crate::diff::{FailOn, Format, Outcome, SpecSet, compare_sets, exit_on_error, read_tree};
use crate::manifest::{Entry, Manifest};

mod download;
pub mod http;
mod record;
mod swap;

pub use http::Http;
pub use record::update_manifest_text;

/// Default timeout of one request, seconds.
pub const DEFAULT_TIMEOUT_SECS: u64 = 30;
/// Default size limit of one body (and of one spec set), bytes.
pub const DEFAULT_MAX_BYTES: u64 = 20 * 1024 * 1024;
/// Most documents one spec set may consist of (imports included).
const MAX_DOCUMENTS: usize = 64;
/// Most entries a zip bundle may have.
const MAX_ZIP_ENTRIES: usize = 1000;
/// The file beside `manifest.toml` that records where each fetched file came from.
pub const FETCHED_FILE: &str = "fetched.toml";

/// Arguments of `cargo xtask fetch`.
#[derive(Debug, Clone, clap::Args)]
pub struct FetchArgs {
    /// Only this spec id (repeatable); default: every entry with official sources.
    #[arg(long = "only", value_name = "ID")]
    pub only: Vec<String>,
    /// Write nothing; exit 1 when anything differs from what `specs/` holds (a spec that cannot
    /// be fetched is reported as an error note and counts as a difference).
    #[arg(long)]
    pub check: bool,
    /// Format of the drift report printed on stdout.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also exit 1 (after writing) when the report has a breaking change or any difference.
    #[arg(long, value_enum, default_value_t = FailOn::Never)]
    pub fail_on: FailOn,
    /// Timeout of each request, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_TIMEOUT_SECS)]
    pub timeout: u64,
    /// Size limit of each response body and of each spec set, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
    /// Accept plain `http://` sources (loopback addresses are always accepted).
    #[arg(long)]
    pub allow_http: bool,
    /// The specs folder (default: `specs/` of the workspace).
    #[arg(long, value_name = "DIR")]
    pub specs: Option<PathBuf>,
    /// Do not generate Rust code to list the public items that change.
    #[arg(long)]
    pub no_rust: bool,
    /// Tests only: fail after this many folder swaps, to exercise the roll-back.
    #[arg(skip)]
    pub fail_after_swaps: Option<usize>,
    /// Tests only: stop dead after this many renames of the swap, as a killed run would.
    #[arg(skip)]
    pub crash_after_renames: Option<usize>,
    /// Tests only: make the roll-back after a failed swap fail too.
    #[arg(skip)]
    pub fail_rollback: bool,
}

impl Default for FetchArgs {
    fn default() -> Self {
        FetchArgs {
            only: Vec::new(),
            check: false,
            format: Format::Text,
            fail_on: FailOn::Never,
            timeout: DEFAULT_TIMEOUT_SECS,
            max_bytes: DEFAULT_MAX_BYTES,
            allow_http: false,
            specs: None,
            no_rust: false,
            fail_after_swaps: None,
            crash_after_renames: None,
            fail_rollback: false,
        }
    }
}

/// Run `fetch` and print; the exit status for `main` (0 fine, 1 differs/tripped, 2 error).
pub fn main_fetch(args: &FetchArgs) -> ExitCode {
    exit_on_error(fetch(args))
}

/// What one spec set looks like once fetched.
#[derive(Debug, Clone)]
struct Fetched {
    /// The manifest entry.
    entry: Entry,
    /// The source that worked.
    source: String,
    /// Path relative to `specs/` → bytes.
    files: BTreeMap<String, Vec<u8>>,
    /// Path relative to `specs/` → URL it came from (zip members: `bundle-url#member`).
    origins: BTreeMap<String, String>,
}

/// `cargo xtask fetch`, as a function: download, compare, write (unless `--check`).
pub fn fetch(args: &FetchArgs) -> Result<Outcome, String> {
    let specs_dir = args
        .specs
        .clone()
        .unwrap_or_else(|| crate::workspace_root().join("specs"));
    // A swap a killed run left half done is completed or rolled back first.
    let mut notes = Vec::new();
    if args.check {
        swap::refuse_interrupted(&specs_dir)?;
    } else if let Some(note) = swap::recover(&specs_dir)? {
        eprintln!("{note}");
        notes.push(note);
    }
    let manifest = Manifest::load(&specs_dir)?;
    for id in &args.only {
        if !manifest.specs.iter().any(|e| &e.id == id) {
            return Err(format!(
                "--only {id}: no spec with this id in {}",
                specs_dir.join("manifest.toml").display()
            ));
        }
    }
    let mut errors: Vec<String> = Vec::new();
    let chosen: Vec<&Entry> = manifest
        .specs
        .iter()
        .filter(|e| args.only.is_empty() || args.only.contains(&e.id))
        .collect();
    let http = Http::new(
        Duration::from_secs(args.timeout.max(1)),
        args.max_bytes,
        args.allow_http,
    );
    let mut fetched = Vec::new();
    for entry in chosen {
        if entry.official_sources.is_empty() {
            notes.push(format!(
                "spec `{}` has no official source in the manifest: not fetched",
                entry.id
            ));
            continue;
        }
        match download::fetch_entry(&http, entry, args.max_bytes) {
            Ok((f, mut n)) => {
                notes.append(&mut n);
                fetched.push(f);
            }
            // --check goes on with the other specs and reports the failure; a fetch that
            // writes stops here, before anything is written.
            Err(e) if args.check => errors.push(e),
            Err(e) => return Err(e),
        }
    }

    // Compare what is there with what was fetched.
    let old = read_tree(&specs_dir)?;
    let mut new = old.clone();
    for f in &fetched {
        if let Some(set) = new.iter_mut().find(|s| s.input.id == f.entry.id) {
            set.files = f.files.clone();
            set.input.provenance = "official".into();
            set.input.sha256 = f.files.iter().map(|(p, b)| (p.clone(), crate::sha256_hex(b))).collect();
        }
    }
    let ids: BTreeSet<String> = fetched.iter().map(|f| f.entry.id.clone()).collect();
    let mut report = if ids.is_empty() {
        Report::default()
    } else {
        compare_sets(&old, &new, &ids, !args.no_rust)
    };
    let to_write: Vec<&Fetched> = fetched.iter().filter(|f| needs_write(&old, f)).collect();
    for f in &to_write {
        if f.entry.provenance != "official" {
            notes.push(format!(
                "spec `{}`: provenance `{}` becomes `official` (from {})",
                f.entry.id, f.entry.provenance, f.source
            ));
        }
    }
    report.notes.extend(notes);
    if !errors.is_empty() {
        let sources = fetched.len() + errors.len();
        report.errors.push(format!(
            "could not fetch {} of {sources} source(s): the report below covers only what was fetched",
            errors.len()
        ));
        report.errors.extend(errors.iter().map(|e| format!("  error: {e}")));
    }
    report.sort();
    let differs = !to_write.is_empty() || !report.is_empty() || !errors.is_empty();

    if !args.check && !to_write.is_empty() {
        let faults = swap::Faults {
            fail_after_swaps: args.fail_after_swaps,
            crash_after_renames: args.crash_after_renames,
            fail_rollback: args.fail_rollback,
        };
        swap::apply(&specs_dir, &to_write, faults)?;
        eprintln!("specs/: {} spec set(s) updated", to_write.len());
    } else if !args.check {
        eprintln!("specs/ is up to date");
    }
    let failed = if args.check {
        differs
    } else {
        args.fail_on.trips(&report)
    };
    let rendered = args.format.render(&report);
    Ok(Outcome {
        report,
        rendered,
        failed,
    })
}

/// Whether a fetched set differs from what `specs/` holds (files, bytes or provenance).
fn needs_write(old: &[SpecSet], f: &Fetched) -> bool {
    match old.iter().find(|s| s.input.id == f.entry.id) {
        Some(s) => s.files != f.files || f.entry.provenance != "official",
        None => true,
    }
}
// ---------------------------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------------------------

fn has_scheme(s: &str) -> bool {
    match s.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Split `scheme://authority/path?query` into (scheme, authority, path-and-query).
fn split_url(url: &str) -> Option<(&str, &str, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some((scheme, &rest[..end], &rest[end..]))
}

/// Resolve a relative reference against a base URL (RFC 3986 §5.2, without fragments).
pub fn resolve_url(base: &str, reference: &str) -> Option<String> {
    if has_scheme(reference) {
        return Some(reference.to_owned());
    }
    let (scheme, authority, rest) = split_url(base)?;
    if let Some(r) = reference.strip_prefix("//") {
        return Some(format!("{scheme}://{r}"));
    }
    let base_path = rest.split(['?', '#']).next().unwrap_or("");
    let (ref_path, ref_query) = match reference.find('?') {
        Some(i) => (&reference[..i], &reference[i..]),
        None => (reference, ""),
    };
    let merged = if ref_path.is_empty() {
        base_path.to_owned()
    } else if ref_path.starts_with('/') {
        ref_path.to_owned()
    } else {
        let dir = match base_path.rfind('/') {
            Some(i) => &base_path[..=i],
            None => "/",
        };
        format!("{dir}{ref_path}")
    };
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = merged.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let mut path = out.join("/");
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    Some(format!("{scheme}://{authority}{path}{ref_query}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_resolve() {
        let base = "https://h.pt/ws/contrato/v1/cessar?wsdl";
        assert_eq!(resolve_url(base, "x.xsd").unwrap(), "https://h.pt/ws/contrato/v1/x.xsd");
        assert_eq!(resolve_url(base, "../y.xsd").unwrap(), "https://h.pt/ws/contrato/y.xsd");
        assert_eq!(resolve_url(base, "/a/b.xsd").unwrap(), "https://h.pt/a/b.xsd");
        assert_eq!(
            resolve_url(base, "?xsd=1").unwrap(),
            "https://h.pt/ws/contrato/v1/cessar?xsd=1"
        );
        assert_eq!(
            resolve_url(base, "cessar?xsd=2").unwrap(),
            "https://h.pt/ws/contrato/v1/cessar?xsd=2"
        );
        assert_eq!(resolve_url(base, "//o.pt/z.xsd").unwrap(), "https://o.pt/z.xsd");
        assert_eq!(resolve_url(base, "http://o.pt/z.xsd").unwrap(), "http://o.pt/z.xsd");
        assert_eq!(
            resolve_url("http://127.0.0.1:8/a", "../../../b").unwrap(),
            "http://127.0.0.1:8/b"
        );
        assert!(resolve_url("not a url", "x").is_none());
    }
}
