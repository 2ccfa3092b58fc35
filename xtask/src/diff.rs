//! `cargo xtask diff OLD NEW`: the semantic drift report between two spec files or two
//! `specs/` trees (folders holding a `manifest.toml`).
//!
//! The report is computed by [`psi_codegen::diff`] from the two models (not from the text),
//! plus the spec files that differ, the public Rust items of the generated code that change
//! (each major or minor for the code that uses them, tied to the wire change that causes
//! it) and the places of hand-written code (`generated/src/rules/`, `generated/src/flows/`)
//! that name a changed item. `--fail-on breaking|any` sets the exit code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use psi_codegen::diff::{self as sd, FileChange, ItemChange, Report};
use psi_codegen::{SpecFiles, SpecInput};

use crate::manifest::Manifest;

/// Output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Plain text for a terminal.
    #[default]
    Text,
    /// Markdown, for a pull-request comment or a job summary.
    Markdown,
    /// JSON, for bots.
    Json,
}

impl Format {
    /// Render a report in this format.
    pub fn render(self, report: &Report) -> String {
        match self {
            Format::Text => sd::to_text(report),
            Format::Markdown => sd::to_markdown(report),
            Format::Json => sd::to_json(report),
        }
    }
}

/// When the command exits non-zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum FailOn {
    /// Never (exit 0 whatever the report says).
    #[default]
    Never,
    /// When at least one change breaks users: on the wire, or in the Rust code that uses the
    /// generated crate (a major change of a public item).
    Breaking,
    /// When anything differs (a change of any severity, a file, a public Rust item).
    Any,
}

impl FailOn {
    /// Whether `report` trips this threshold.
    pub fn trips(self, report: &Report) -> bool {
        match self {
            FailOn::Never => false,
            FailOn::Breaking => report.has_breaking(),
            FailOn::Any => !report.is_empty(),
        }
    }
}

/// Arguments of `cargo xtask diff`.
#[derive(Debug, Clone, clap::Args)]
pub struct DiffArgs {
    /// The old side: a spec file (`.wsdl`, `.xsd`, `.yaml`, `.json`; its folder supplies the
    /// files it imports) or a `specs/` folder with a `manifest.toml`.
    pub old: PathBuf,
    /// The new side, of the same sort as OLD.
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Exit with status 1 when the report has a breaking change (`breaking`) or any difference (`any`).
    #[arg(long, value_enum, default_value_t = FailOn::Never)]
    pub fail_on: FailOn,
    /// Only these spec ids (tree mode; repeatable).
    #[arg(long = "only", value_name = "ID")]
    pub only: Vec<String>,
    /// Do not generate Rust code to list the public items that change.
    #[arg(long)]
    pub no_rust: bool,
}

/// What a command decided: the report, its rendering and whether to exit non-zero.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The report.
    pub report: Report,
    /// The report as rendered in the requested format.
    pub rendered: String,
    /// Exit non-zero.
    pub failed: bool,
}

impl Outcome {
    /// 0 when not failed, 1 otherwise (errors are 2: see [`exit_on_error`]).
    pub fn exit_code(&self) -> ExitCode {
        if self.failed {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Print an outcome to stdout, or an error to stderr, and turn it into the exit status
/// (0 = fine, 1 = the report tripped `--fail-on`/`--check`, 2 = error).
pub fn exit_on_error(result: Result<Outcome, String>) -> ExitCode {
    match result {
        Ok(o) => {
            print!("{}", o.rendered);
            o.exit_code()
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// `cargo xtask diff`, as a function: compute and render; the caller prints.
pub fn diff(args: &DiffArgs) -> Result<Outcome, String> {
    let only: BTreeSet<String> = args.only.iter().cloned().collect();
    let report = match (args.old.is_dir(), args.new.is_dir()) {
        (true, true) => {
            let old = read_tree(&args.old)?;
            let new = read_tree(&args.new)?;
            let known: BTreeSet<&String> = old.iter().chain(&new).map(|s| &s.input.id).collect();
            if let Some(id) = only.iter().find(|id| !known.contains(id)) {
                return Err(format!("--only {id}: no spec set with this id in either manifest"));
            }
            compare_sets(&old, &new, &only, !args.no_rust)
        }
        (false, false) => {
            let old = read_single(&args.old)?;
            let mut new = read_single(&args.new)?;
            // Two files are two versions of one spec set.
            new.input.id = old.input.id.clone();
            let mut r = compare_sets(
                std::slice::from_ref(&old),
                std::slice::from_ref(&new),
                &BTreeSet::new(),
                !args.no_rust,
            );
            r.files.clear();
            let (a, b) = (sha_of(&old, &old.input.entry), sha_of(&new, &new.input.entry));
            if a != b {
                r.files.push(FileChange {
                    spec: old.input.id.clone(),
                    path: format!("{} -> {}", args.old.display(), args.new.display()),
                    change: ItemChange::Changed,
                    old_sha256: a,
                    new_sha256: b,
                });
            }
            r
        }
        _ => return Err("OLD and NEW must both be spec files or both be specs/ folders".into()),
    };
    let rendered = args.format.render(&report);
    Ok(Outcome {
        failed: args.fail_on.trips(&report),
        report,
        rendered,
    })
}

/// Run `diff` and print; the exit status for `main`.
pub fn main_diff(args: &DiffArgs) -> ExitCode {
    exit_on_error(diff(args))
}

/// One spec set of one side: its generator input and its files (relative to the specs root).
#[derive(Debug, Clone)]
pub struct SpecSet {
    /// Id, kind, entry… (`sha256` filled from the files).
    pub input: SpecInput,
    /// Path → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
}

fn sha_of(set: &SpecSet, path: &str) -> Option<String> {
    set.files.get(path).map(|b| crate::sha256_hex(b))
}

impl SpecSet {
    fn spec_files(&self) -> SpecFiles {
        let mut f = SpecFiles::new();
        for (p, b) in &self.files {
            f.insert(p.clone(), b.clone());
        }
        f
    }
}

/// Read every spec set of a `specs/` folder (its manifest and the files it lists).
pub fn read_tree(specs_dir: &Path) -> Result<Vec<SpecSet>, String> {
    let manifest = Manifest::load(specs_dir).map_err(|e| format!("{}: {e}", specs_dir.display()))?;
    let mut out = Vec::new();
    for entry in &manifest.specs {
        let mut files = BTreeMap::new();
        for f in &entry.files {
            let path = specs_dir.join(f);
            let bytes =
                std::fs::read(&path).map_err(|e| format!("{} (listed by spec `{}`): {e}", path.display(), entry.id))?;
            files.insert(f.clone(), bytes);
        }
        let sha = files.iter().map(|(p, b)| (p.clone(), crate::sha256_hex(b))).collect();
        out.push(SpecSet {
            input: entry.input(sha),
            files,
        });
    }
    Ok(out)
}

/// Read one spec file as a spec set; the files beside it (and below, up to 3 levels and 200
/// files) are part of the set so that relative imports resolve.
pub fn read_single(path: &Path) -> Result<SpecSet, String> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| format!("{}: not a file name", path.display()))?;
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut files = BTreeMap::new();
    collect_dir(dir, "", 0, &mut files)?;
    files.insert(name.to_owned(), bytes.clone());
    let kind = psi_codegen::detect_kind(name, &bytes);
    if kind.is_none() {
        return Err(format!(
            "{}: cannot tell which spec language this file is in",
            path.display()
        ));
    }
    let id = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name).to_owned();
    let sha = files.iter().map(|(p, b)| (p.clone(), crate::sha256_hex(b))).collect();
    let input = SpecInput {
        id: id.clone(),
        title: id,
        kind,
        entry: name.to_owned(),
        provenance: "local file".into(),
        sha256: sha,
        ..SpecInput::default()
    };
    Ok(SpecSet { input, files })
}

fn collect_dir(dir: &Path, prefix: &str, depth: usize, into: &mut BTreeMap<String, Vec<u8>>) -> Result<(), String> {
    if depth > 3 {
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        if into.len() >= 200 {
            break;
        }
        let Some(name) = e.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() && !name.starts_with('.') {
            collect_dir(&e.path(), &rel, depth + 1, into)?;
        } else if ft.is_file() && is_spec_name(&name) {
            let bytes = std::fs::read(e.path()).map_err(|err| format!("{}: {err}", e.path().display()))?;
            into.insert(rel, bytes);
        }
    }
    Ok(())
}

/// A file name a spec set may consist of.
pub fn is_spec_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".wsdl", ".xsd", ".xml", ".yaml", ".yml", ".json"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// Compare two sides, spec set by spec set (matched by id), restricted to `only` when not
/// empty: semantic changes, files that differ, and (with `rust`) the public Rust items of
/// the code generated from each side. A side that does not load is a note, not an error.
pub fn compare_sets(old: &[SpecSet], new: &[SpecSet], only: &BTreeSet<String>, rust: bool) -> Report {
    let wanted = |id: &str| only.is_empty() || only.contains(id);
    let old_by: BTreeMap<&str, &SpecSet> = old.iter().map(|s| (s.input.id.as_str(), s)).collect();
    let new_by: BTreeMap<&str, &SpecSet> = new.iter().map(|s| (s.input.id.as_str(), s)).collect();
    let ids: BTreeSet<&str> = old_by
        .keys()
        .chain(new_by.keys())
        .copied()
        .filter(|id| wanted(id))
        .collect();
    let mut report = Report::default();
    let mut loaded_old = Vec::new();
    let mut loaded_new = Vec::new();
    for id in ids {
        match (old_by.get(id), new_by.get(id)) {
            (Some(_), None) => report.changes.push(sd::spec_removed(id)),
            (None, Some(_)) => report.changes.push(sd::spec_added(id)),
            (Some(o), Some(n)) => {
                report.files.extend(file_changes(id, o, n));
                let lo = psi_codegen::load(&o.input, &o.spec_files());
                let ln = psi_codegen::load(&n.input, &n.spec_files());
                match (lo, ln) {
                    (Ok(mo), Ok(mn)) => {
                        report.extend(sd::diff(&mo, &mn));
                        loaded_old.push((o.input.clone(), mo));
                        loaded_new.push((n.input.clone(), mn));
                    }
                    (lo, ln) => {
                        if let Err(e) = lo {
                            report.notes.push(format!(
                                "spec `{id}`: the old side does not load, so it is not compared: {e}"
                            ));
                        }
                        if let Err(e) = ln {
                            report.notes.push(format!(
                                "spec `{id}`: the new side does not load, so it is not compared: {e}"
                            ));
                        }
                    }
                }
            }
            (None, None) => {}
        }
    }
    if rust && !loaded_old.is_empty() {
        let options = psi_codegen::Options::default();
        match (
            psi_codegen::generate(loaded_old, &options),
            psi_codegen::generate(loaded_new, &options),
        ) {
            (Ok(a), Ok(b)) => {
                let (items, notes) = sd::diff_generated(&a.files, &b.files);
                report.rust_items = items;
                report.notes.extend(notes);
                for item in &mut report.rust_items {
                    item.file = format!("{}/{}", crate::codegen::API_DIR, item.file);
                }
                report.link_rust();
                report.review_hand_written(&hand_written(&crate::workspace_root()));
            }
            (a, b) => {
                for (side, r) in [("old", a.err()), ("new", b.err())] {
                    if let Some(e) = r {
                        report.notes.push(format!(
                            "generating Rust from the {side} side failed, so public items are not listed: {e}"
                        ));
                    }
                }
            }
        }
    }
    report.sort();
    report
}

/// The hand-written layers over the generated API, whose code may name a changed item.
pub const HAND_WRITTEN_DIRS: [&str; 2] = ["generated/src/rules", "generated/src/flows"];

/// The Rust files of [`HAND_WRITTEN_DIRS`] under `root`: workspace-relative path → text.
pub fn hand_written(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for dir in HAND_WRITTEN_DIRS {
        let Ok(read) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in read.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".rs")
                && let Ok(text) = std::fs::read_to_string(e.path())
            {
                out.insert(format!("{dir}/{name}"), text);
            }
        }
    }
    out
}

fn file_changes(id: &str, o: &SpecSet, n: &SpecSet) -> Vec<FileChange> {
    let paths: BTreeSet<&String> = o.files.keys().chain(n.files.keys()).collect();
    let mut out = Vec::new();
    for p in paths {
        let (a, b) = (sha_of(o, p), sha_of(n, p));
        let change = match (&a, &b) {
            (Some(x), Some(y)) if x == y => continue,
            (Some(_), Some(_)) => ItemChange::Changed,
            (Some(_), None) => ItemChange::Removed,
            (None, Some(_)) => ItemChange::Added,
            (None, None) => continue,
        };
        out.push(FileChange {
            spec: id.to_owned(),
            path: p.clone(),
            change,
            old_sha256: a,
            new_sha256: b,
        });
    }
    out
}
