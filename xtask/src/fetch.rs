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
//! `--allow-http`. Every request has a timeout (`--timeout`, 30 s) and every body a size
//! limit (`--max-bytes`, 20 MiB, also the limit of one spec set in total).
//!
//! Everything is downloaded and checked before `specs/` is touched. The new folders are
//! built in a temporary folder beside `specs/` (same file system), then swapped in with
//! renames, `fetched.toml` and `manifest.toml` last; any failure puts back what was moved
//! and removes the temporary folder, leaving `specs/` byte-identical. `--check` writes nothing
//! and exits 1 when anything differs; with `--check`, a spec
//! that cannot be fetched does not stop the others: it is listed as an `error:` note and
//! counts as a difference.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use psi_codegen::diff::Report;

use crate::diff::{FailOn, Format, Outcome, SpecSet, compare_sets, exit_on_error, is_spec_name, read_tree};
use crate::manifest::{Entry, Manifest};

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
    let manifest = Manifest::load(&specs_dir)?;
    for id in &args.only {
        if !manifest.specs.iter().any(|e| &e.id == id) {
            return Err(format!(
                "--only {id}: no spec with this id in {}",
                specs_dir.join("manifest.toml").display()
            ));
        }
    }
    let mut notes = Vec::new();
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
        match fetch_entry(&http, entry, args.max_bytes) {
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
        apply(&specs_dir, &to_write, args.fail_after_swaps)?;
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
// Downloading one spec set
// ---------------------------------------------------------------------------------------------

fn fetch_entry(http: &Http, entry: &Entry, max_total: u64) -> Result<(Fetched, Vec<String>), String> {
    let mut failures = Vec::new();
    for source in &entry.official_sources {
        eprintln!("fetching `{}` from {source}", entry.id);
        match fetch_source(http, entry, source, max_total) {
            Ok((f, mut notes)) => {
                let mut all: Vec<String> = failures
                    .iter()
                    .map(|e| format!("spec `{}`: source failed, an alternative was used: {e}", entry.id))
                    .collect();
                all.append(&mut notes);
                return Ok((f, all));
            }
            Err(e) => failures.push(e),
        }
    }
    Err(format!(
        "spec `{}`: every official source failed (specs/ left unchanged):\n  {}",
        entry.id,
        failures.join("\n  ")
    ))
}

fn fetch_source(http: &Http, entry: &Entry, source: &str, max_total: u64) -> Result<(Fetched, Vec<String>), String> {
    let (folder, entry_name) = match entry.entry.rsplit_once('/') {
        Some((d, n)) => (d.to_owned(), n.to_owned()),
        None => (String::new(), entry.entry.clone()),
    };
    let stem = entry_name
        .rsplit_once('.')
        .map(|(s, _)| s)
        .unwrap_or(&entry_name)
        .to_owned();
    let bytes = http.get(source)?;
    let mut notes = Vec::new();
    let mut crawl = Crawl::new(http, stem, max_total);
    crawl.total = bytes.len() as u64;
    if is_zip(source, &bytes) {
        let members = unzip(&bytes, max_total).map_err(|e| format!("{source}: {e}"))?;
        let (members, skipped) = bundle_layout(members, &entry_name).map_err(|e| format!("{source}: {e}"))?;
        if !skipped.is_empty() {
            notes.push(format!(
                "spec `{}`: files of the bundle that are not spec files were skipped: {}",
                entry.id,
                skipped.join(", ")
            ));
        }
        for (name, data) in members {
            crawl.used.insert(name.clone());
            crawl.origins.insert(name.clone(), format!("{source}#{name}"));
            crawl.files.insert(name.clone(), data);
            if is_xml_name(&name) {
                crawl.queue.push_back((None, name));
            }
        }
    } else {
        let kind = entry.kind.as_str();
        crawl.used.insert(entry_name.clone());
        crawl.origins.insert(entry_name.clone(), source.to_owned());
        crawl.files.insert(entry_name.clone(), bytes);
        if matches!(kind, "wsdl" | "xsd") {
            crawl.queue.push_back((Some(source.to_owned()), entry_name.clone()));
            crawl.by_url.insert(source.to_owned(), entry_name.clone());
        }
    }
    crawl.run()?;
    let prefix = |p: &str| {
        if folder.is_empty() {
            p.to_owned()
        } else {
            format!("{folder}/{p}")
        }
    };
    let files: BTreeMap<String, Vec<u8>> = crawl.files.into_iter().map(|(p, b)| (prefix(&p), b)).collect();
    if !files.contains_key(&entry.entry) {
        return Err(format!(
            "{source}: the entry file `{entry_name}` is not in what was downloaded"
        ));
    }
    let origins = crawl.origins.into_iter().map(|(p, u)| (prefix(&p), u)).collect();
    Ok((
        Fetched {
            entry: entry.clone(),
            source: source.to_owned(),
            files,
            origins,
        },
        notes,
    ))
}

fn is_xml_name(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    l.ends_with(".wsdl") || l.ends_with(".xsd") || l.ends_with(".xml")
}

/// The downloaded documents of one spec set and the imports still to follow.
struct Crawl<'h> {
    http: &'h Http,
    stem: String,
    max_total: u64,
    total: u64,
    /// Local path (relative to the spec folder) → bytes.
    files: BTreeMap<String, Vec<u8>>,
    /// Local path → where it came from.
    origins: BTreeMap<String, String>,
    /// URL → local path.
    by_url: BTreeMap<String, String>,
    used: BTreeSet<String>,
    /// (URL of the document when downloaded, local path) still to scan.
    queue: VecDeque<(Option<String>, String)>,
}

const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";
const XSD_NS: &str = "http://www.w3.org/2001/XMLSchema";

impl<'h> Crawl<'h> {
    fn new(http: &'h Http, stem: String, max_total: u64) -> Self {
        Crawl {
            http,
            stem,
            max_total,
            total: 0,
            files: BTreeMap::new(),
            origins: BTreeMap::new(),
            by_url: BTreeMap::new(),
            used: BTreeSet::new(),
            queue: VecDeque::new(),
        }
    }

    fn run(&mut self) -> Result<(), String> {
        let mut scanned = 0;
        while let Some((url, local)) = self.queue.pop_front() {
            scanned += 1;
            if scanned > MAX_DOCUMENTS {
                return Err(format!("more than {MAX_DOCUMENTS} documents imported; refused"));
            }
            self.scan(url.as_deref(), &local)?;
        }
        Ok(())
    }

    /// Find the imports of one document, fetch what they name, rewrite them to local paths.
    fn scan(&mut self, url: Option<&str>, local: &str) -> Result<(), String> {
        let whence = url.map(str::to_owned).unwrap_or_else(|| local.to_owned());
        let bytes = self.files.get(local).cloned().unwrap_or_default();
        let text = psi_codegen::text::decode_xml(local, &bytes).map_err(|e| format!("{whence}: {e}"))?;
        let refs = {
            let doc = roxmltree::Document::parse(&text).map_err(|e| format!("{whence}: not well-formed XML: {e}"))?;
            let mut refs = Vec::new();
            for node in doc.descendants().filter(|n| n.is_element()) {
                let name = node.tag_name();
                let attr = match (name.namespace(), name.name()) {
                    (Some(WSDL_NS), "import") => "location",
                    (Some(XSD_NS), "import" | "include" | "redefine" | "override") => "schemaLocation",
                    _ => continue,
                };
                if let Some(a) = node.attribute_node(attr) {
                    let pos = doc.text_pos_at(node.range().start);
                    refs.push((
                        a.range_value(),
                        a.value().to_owned(),
                        attr == "location",
                        pos.row,
                        pos.col,
                    ));
                }
            }
            refs
        };
        let depth = local.matches('/').count();
        let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
        for (range, value, is_wsdl, row, col) in refs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            let at = format!("{whence} (line {row}, column {col})");
            let target_url = if has_scheme(value) {
                Some(value.to_owned())
            } else if let Some(base) = url {
                Some(resolve_url(base, value).ok_or_else(|| format!("{at}: cannot resolve `{value}` against {base}"))?)
            } else {
                None
            };
            let Some(target_url) = target_url else {
                // A relative reference inside a bundle: it must name a member.
                let joined = psi_codegen::join_relative(local, value);
                match joined {
                    Some(p) if self.files.contains_key(&p) => continue,
                    _ => return Err(format!("{at}: imports `{value}`, which is not in the bundle")),
                }
            };
            let target = match self.by_url.get(&target_url) {
                Some(p) => p.clone(),
                None => {
                    let name = self.local_name(&target_url, is_wsdl);
                    let data = self
                        .http
                        .get(&target_url)
                        .map_err(|e| format!("{at}: import failed: {e}"))?;
                    self.total += data.len() as u64;
                    if self.total > self.max_total {
                        return Err(format!(
                            "{at}: the spec set exceeds the size limit of {} bytes",
                            self.max_total
                        ));
                    }
                    self.by_url.insert(target_url.clone(), name.clone());
                    self.origins.insert(name.clone(), target_url.clone());
                    self.files.insert(name.clone(), data);
                    self.queue.push_back((Some(target_url.clone()), name.clone()));
                    name
                }
            };
            let relative = format!("{}{target}", "../".repeat(depth));
            if relative != value {
                edits.push((range, relative));
            }
        }
        if !edits.is_empty() {
            let mut text = text;
            edits.sort_by_key(|e| std::cmp::Reverse(e.0.start));
            for (range, new) in edits {
                text.replace_range(range, &new);
            }
            self.files.insert(local.to_owned(), text.into_bytes());
        }
        Ok(())
    }

    /// A local file name for an imported URL: JAX-WS `?xsd=N` → `<stem>_schemaN.xsd`,
    /// WCF `?xsd=xsd0` → `<stem>.xsd0.xsd`, `?wsdl=wsdl0` → `<stem>.wsdl0.wsdl`, otherwise the
    /// last path segment; made unique.
    fn local_name(&mut self, url: &str, is_wsdl_import: bool) -> String {
        let (path, query) = match url.split_once('?') {
            Some((p, q)) => (p, Some(q.split('#').next().unwrap_or(q))),
            None => (url.split('#').next().unwrap_or(url), None),
        };
        let param = |key: &str| {
            query.and_then(|q| {
                q.split('&')
                    .find_map(|kv| kv.split_once('=').filter(|(k, _)| *k == key).map(|(_, v)| v))
            })
        };
        let clean = |s: &str| {
            s.chars()
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
                .collect::<String>()
        };
        let mut name = if let Some(n) = param("xsd") {
            if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) {
                format!("{}_schema{n}.xsd", self.stem)
            } else {
                format!("{}.{}.xsd", self.stem, clean(n))
            }
        } else if let Some(n) = param("wsdl").filter(|n| !n.is_empty()) {
            format!("{}.{}.wsdl", self.stem, clean(n))
        } else {
            let last = clean(path.rsplit('/').next().unwrap_or(""));
            let last = last.trim_matches('.').to_owned();
            if last.is_empty() {
                format!("{}_import", self.stem)
            } else {
                last
            }
        };
        if !is_xml_name(&name) {
            name.push_str(if is_wsdl_import { ".wsdl" } else { ".xsd" });
        }
        let (base, ext) = match name.rsplit_once('.') {
            Some((b, e)) => (b.to_owned(), e.to_owned()),
            None => (name.clone(), String::new()),
        };
        let mut candidate = name;
        let mut n = 2;
        while self.used.contains(&candidate) {
            candidate = format!("{base}-{n}.{ext}");
            n += 1;
        }
        self.used.insert(candidate.clone());
        candidate
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

fn is_loopback_host(authority: &str) -> bool {
    let host = authority.rsplit_once('@').map(|(_, h)| h).unwrap_or(authority);
    let host = if host.starts_with('[') {
        host.split(']').next().map(|h| format!("{h}]")).unwrap_or_default()
    } else {
        host.split(':').next().unwrap_or("").to_owned()
    };
    let v4 = host.split('.').collect::<Vec<_>>();
    let is_127 = v4.len() == 4 && v4[0] == "127" && v4.iter().all(|p| !p.is_empty() && p.parse::<u8>().is_ok());
    host.eq_ignore_ascii_case("localhost") || host == "[::1]" || is_127
}

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

/// A small blocking HTTP client: timeout, size limit, HTTPS only (loopback excepted).
#[derive(Debug)]
pub struct Http {
    strict: ureq::Agent,
    plain: ureq::Agent,
    loopback: ureq::Agent,
    timeout: Duration,
    max_bytes: u64,
    allow_http: bool,
}

impl Http {
    /// A client with this timeout per request and this size limit per body.
    pub fn new(timeout: Duration, max_bytes: u64, allow_http: bool) -> Http {
        let agent = |https_only: bool, env_proxy: bool| {
            let config = ureq::Agent::config_builder()
                .timeout_global(Some(timeout))
                .http_status_as_error(true)
                .max_redirects(5)
                .https_only(https_only)
                .user_agent("psi-codegen-xtask-fetch")
                .proxy(if env_proxy { ureq::Proxy::try_from_env() } else { None })
                .build();
            ureq::Agent::new_with_config(config)
        };
        Http {
            strict: agent(true, true),
            plain: agent(false, true),
            loopback: agent(false, false),
            timeout,
            max_bytes,
            allow_http,
        }
    }

    /// GET a URL; the body, or an error that names the URL.
    pub fn get(&self, url: &str) -> Result<Vec<u8>, String> {
        let (scheme, authority, _) = split_url(url).ok_or_else(|| format!("{url}: not an absolute http(s) URL"))?;
        let agent = match scheme.to_ascii_lowercase().as_str() {
            "https" => &self.strict,
            "http" if is_loopback_host(authority) => &self.loopback,
            "http" if self.allow_http => &self.plain,
            "http" => return Err(format!("{url}: plain http is refused (use https, or --allow-http)")),
            other => return Err(format!("{url}: scheme `{other}` is not supported")),
        };
        let mut response = agent
            .get(url)
            .call()
            .map_err(|e| format!("{url}: {}", self.explain(e)))?;
        if let Some(len) = response
            .headers()
            .get("content-length")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            && len > self.max_bytes
        {
            return Err(format!(
                "{url}: body of {len} bytes is larger than the size limit of {} bytes",
                self.max_bytes
            ));
        }
        response
            .body_mut()
            .with_config()
            .limit(self.max_bytes)
            .read_to_vec()
            .map_err(|e| format!("{url}: {}", self.explain(e)))
    }

    fn explain(&self, e: ureq::Error) -> String {
        match e {
            ureq::Error::StatusCode(code) => format!("HTTP status {code}"),
            ureq::Error::Timeout(_) => format!("timed out after {} s", self.timeout.as_secs()),
            ureq::Error::BodyExceedsLimit(_) => format!("body larger than the size limit of {} bytes", self.max_bytes),
            ureq::Error::HostNotFound => "host not found".into(),
            ureq::Error::ConnectionFailed => "connection failed".into(),
            ureq::Error::RequireHttpsOnly(to) => format!("redirected to a non-https URL ({to}); refused"),
            ureq::Error::TooManyRedirects => "too many redirects".into(),
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
                format!("timed out after {} s", self.timeout.as_secs())
            }
            other => other.to_string(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Zip bundles
// ---------------------------------------------------------------------------------------------

/// Files of a bundle: name → bytes, in archive order.
type Members = Vec<(String, Vec<u8>)>;

fn is_zip(url: &str, bytes: &[u8]) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    path.to_ascii_lowercase().ends_with(".zip") || bytes.starts_with(b"PK\x03\x04")
}

/// A member name that stays inside the bundle: relative, `/`-separated, no `..`, no `.`.
fn safe_member_name(raw: &str) -> Option<String> {
    if raw.starts_with('/') || raw.contains('\\') || raw.contains('\0') || raw.contains(':') {
        return None;
    }
    let parts: Vec<&str> = raw.split('/').filter(|s| !s.is_empty()).collect();
    if parts.is_empty() || parts.iter().any(|p| *p == ".." || *p == ".") {
        return None;
    }
    Some(parts.join("/"))
}

/// Every file of a zip archive, checked: names, links, count, unpacked size.
fn unzip(bytes: &[u8], max_bytes: u64) -> Result<Members, String> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| format!("not a readable zip archive: {e}"))?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(format!(
            "zip archive has {} entries (at most {MAX_ZIP_ENTRIES}); refused",
            archive.len()
        ));
    }
    let mut total = 0u64;
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let file = archive.by_index(i).map_err(|e| format!("zip entry #{i}: {e}"))?;
        let raw = file
            .name()
            .map(|n| n.into_owned())
            .map_err(|e| format!("zip entry #{i}: {e}"))?;
        if file.is_dir() {
            if safe_member_name(&raw).is_none() {
                return Err(format!(
                    "zip entry `{raw}` escapes the bundle (absolute path or `..`); refused"
                ));
            }
            continue;
        }
        if file.is_symlink() {
            return Err(format!("zip entry `{raw}` is a symbolic link; refused"));
        }
        let name = safe_member_name(&raw)
            .ok_or_else(|| format!("zip entry `{raw}` escapes the bundle (absolute path or `..`); refused"))?;
        if total.saturating_add(file.size()) > max_bytes {
            return Err(format!(
                "zip entry `{raw}`: the unpacked bundle exceeds the size limit of {max_bytes} bytes"
            ));
        }
        let mut data = Vec::new();
        let budget = max_bytes - total;
        file.take(budget + 1)
            .read_to_end(&mut data)
            .map_err(|e| format!("zip entry `{raw}`: {e}"))?;
        if data.len() as u64 > budget {
            return Err(format!(
                "zip entry `{raw}`: the unpacked bundle exceeds the size limit of {max_bytes} bytes"
            ));
        }
        total += data.len() as u64;
        out.push((name, data));
    }
    Ok(out)
}

/// Place the members of a bundle relative to the entry file's folder: a single top folder
/// common to every member is dropped; members that are not spec files, or that lie outside
/// the entry's folder, are skipped (and named).
fn bundle_layout(members: Members, entry_name: &str) -> Result<(Members, Vec<String>), String> {
    let entry_at = members
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| n.rsplit('/').next() == Some(entry_name))
        .min_by_key(|n| (n.matches('/').count(), n.to_string()))
        .map(str::to_owned)
        .ok_or_else(|| format!("the bundle has no `{entry_name}`"))?;
    let base = match entry_at.rsplit_once('/') {
        Some((d, _)) => format!("{d}/"),
        None => String::new(),
    };
    let mut kept = Vec::new();
    let mut skipped = Vec::new();
    for (name, data) in members {
        match name.strip_prefix(&base) {
            Some(rel) if is_spec_name(rel) => kept.push((rel.to_owned(), data)),
            _ => skipped.push(name),
        }
    }
    skipped.sort();
    Ok((kept, skipped))
}

// ---------------------------------------------------------------------------------------------
// Writing: stage, swap, manifest last
// ---------------------------------------------------------------------------------------------

/// Removes the staging folder whatever happens.
struct Staging(PathBuf);

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn folder_of(path: &str) -> String {
    path.rsplit_once('/').map(|(d, _)| d.to_owned()).unwrap_or_default()
}

fn apply(specs_dir: &Path, fetched: &[&Fetched], fail_after_swaps: Option<usize>) -> Result<(), String> {
    let parent = specs_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let staging = Staging(parent.join(format!(".specs-fetch-{}-{nanos}", std::process::id())));
    let new_root = staging.0.join("new");
    let old_root = staging.0.join("old");
    std::fs::create_dir_all(&new_root).map_err(|e| format!("{}: {e}", new_root.display()))?;
    std::fs::create_dir_all(&old_root).map_err(|e| format!("{}: {e}", old_root.display()))?;

    // 1. Build each affected folder in full: what is there now, less the old files of the
    //    fetched sets, plus the new files.
    let mut by_folder: BTreeMap<String, Vec<&Fetched>> = BTreeMap::new();
    for f in fetched {
        by_folder.entry(folder_of(&f.entry.entry)).or_default().push(f);
    }
    if by_folder.contains_key("") {
        return Err("an entry file directly in specs/ cannot be replaced folder-wise; move it into a folder".into());
    }
    for (folder, sets) in &by_folder {
        let staged = new_root.join(folder);
        let current = specs_dir.join(folder);
        let drop_paths: BTreeSet<String> = sets.iter().flat_map(|f| f.entry.files.iter().cloned()).collect();
        if current.is_dir() {
            copy_tree(&current, &staged, folder, &drop_paths)?;
        }
        std::fs::create_dir_all(&staged).map_err(|e| format!("{}: {e}", staged.display()))?;
        for f in sets {
            for (path, bytes) in &f.files {
                let Some(rel) = path.strip_prefix(&format!("{folder}/")) else {
                    return Err(format!(
                        "spec `{}`: `{path}` is outside its folder `{folder}`",
                        f.entry.id
                    ));
                };
                let target = staged.join(rel);
                if let Some(dir) = target.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                }
                std::fs::write(&target, bytes).map_err(|e| format!("{}: {e}", target.display()))?;
                // Verify what landed on disk.
                let back = std::fs::read(&target).map_err(|e| format!("{}: {e}", target.display()))?;
                if back != *bytes {
                    return Err(format!("{}: written bytes read back differently", target.display()));
                }
            }
        }
    }

    // 2. The new manifest and fetched.toml, checked before anything moves.
    let manifest_path = specs_dir.join("manifest.toml");
    let manifest_text =
        std::fs::read_to_string(&manifest_path).map_err(|e| format!("{}: {e}", manifest_path.display()))?;
    let new_manifest = update_manifest(&manifest_text, fetched)?;
    toml::from_str::<Manifest>(&new_manifest).map_err(|e| format!("updated manifest would not load: {e}"))?;
    let fetched_path = specs_dir.join(FETCHED_FILE);
    let fetched_text = std::fs::read_to_string(&fetched_path).unwrap_or_default();
    let new_fetched = update_fetched(&fetched_text, fetched, &timestamp())?;
    let staged_manifest = staging.0.join("manifest.toml");
    let staged_fetched = staging.0.join(FETCHED_FILE);
    std::fs::write(&staged_manifest, &new_manifest).map_err(|e| format!("{}: {e}", staged_manifest.display()))?;
    std::fs::write(&staged_fetched, &new_fetched).map_err(|e| format!("{}: {e}", staged_fetched.display()))?;

    // 3. Swap the folders in, then fetched.toml, then the manifest; undo on any failure.
    let mut swapped: Vec<(PathBuf, PathBuf, bool)> = Vec::new(); // (live, backup, had_old)
    let mut fetched_backup: Option<PathBuf> = None;
    let result = (|| -> Result<(), String> {
        for folder in by_folder.keys() {
            if fail_after_swaps.is_some_and(|n| swapped.len() >= n) {
                return Err(format!("simulated failure before swapping `{folder}`"));
            }
            let live = specs_dir.join(folder);
            let backup = old_root.join(folder);
            let had_old = live.exists();
            if had_old {
                if let Some(dir) = backup.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                }
                std::fs::rename(&live, &backup).map_err(|e| format!("moving {} aside: {e}", live.display()))?;
            } else if let Some(dir) = live.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            swapped.push((live.clone(), backup.clone(), had_old));
            std::fs::rename(new_root.join(folder), &live)
                .map_err(|e| format!("moving into {}: {e}", live.display()))?;
        }
        if fail_after_swaps.is_some_and(|n| swapped.len() >= n) {
            return Err("simulated failure before writing the manifest".into());
        }
        if fetched_path.exists() {
            let b = staging.0.join("fetched.toml.old");
            std::fs::rename(&fetched_path, &b).map_err(|e| format!("{}: {e}", fetched_path.display()))?;
            fetched_backup = Some(b);
        }
        std::fs::rename(&staged_fetched, &fetched_path).map_err(|e| format!("{}: {e}", fetched_path.display()))?;
        std::fs::rename(&staged_manifest, &manifest_path).map_err(|e| format!("{}: {e}", manifest_path.display()))?;
        Ok(())
    })();
    if let Err(e) = result {
        let mut problems = Vec::new();
        if let Some(b) = &fetched_backup {
            if let Err(err) = std::fs::rename(b, &fetched_path) {
                problems.push(format!("{}: {err}", fetched_path.display()));
            }
        } else if fetched_path.exists() && fetched_text.is_empty() && !staged_fetched.exists() {
            let _ = std::fs::remove_file(&fetched_path);
        }
        for (live, backup, had_old) in swapped.iter().rev() {
            if live.exists() {
                let _ = std::fs::remove_dir_all(live);
            }
            if *had_old && let Err(err) = std::fs::rename(backup, live) {
                problems.push(format!("{}: {err}", live.display()));
            }
        }
        if problems.is_empty() {
            return Err(format!("{e}; specs/ was put back as it was"));
        }
        return Err(format!(
            "{e}; putting specs/ back also failed ({}); the old files are in {}",
            problems.join("; "),
            staging.0.display()
        ));
    }
    Ok(())
}

/// Copy a folder (files only, no links), skipping the given specs-relative paths.
fn copy_tree(from: &Path, to: &Path, rel: &str, skip: &BTreeSet<String>) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let read = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for e in read {
        let e = e.map_err(|e| format!("{}: {e}", from.display()))?;
        let name = e.file_name().to_string_lossy().into_owned();
        let child_rel = format!("{rel}/{name}");
        let ft = e.file_type().map_err(|err| format!("{}: {err}", e.path().display()))?;
        if ft.is_dir() {
            copy_tree(&e.path(), &to.join(&name), &child_rel, skip)?;
        } else if ft.is_file() && !skip.contains(&child_rel) {
            std::fs::copy(e.path(), to.join(&name)).map_err(|err| format!("{}: {err}", e.path().display()))?;
        }
    }
    Ok(())
}

/// The manifest with `provenance`, `files` and `sha256` of the fetched entries updated;
/// every other byte (comments, order, other keys) kept.
pub fn update_manifest_text(text: &str, id: &str, files: &BTreeMap<String, Vec<u8>>) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| format!("specs/manifest.toml: {e}"))?;
    let specs = doc
        .get_mut("spec")
        .and_then(|i| i.as_array_of_tables_mut())
        .ok_or("specs/manifest.toml: no [[spec]] entries")?;
    let table = specs
        .iter_mut()
        .find(|t| t.get("id").and_then(|v| v.as_str()) == Some(id))
        .ok_or_else(|| format!("specs/manifest.toml: no spec `{id}`"))?;
    match table.get_mut("provenance").and_then(|i| i.as_value_mut()) {
        Some(v) => {
            let decor = v.decor().clone();
            *v = toml_edit::Value::from("official");
            *v.decor_mut() = decor;
        }
        None => {
            table.insert("provenance", toml_edit::value("official"));
        }
    }
    let wanted: Vec<&String> = files.keys().collect();
    let current: Vec<String> = table
        .get("files")
        .and_then(|i| i.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    let entry = table.get("entry").and_then(|v| v.as_str()).unwrap_or("").to_owned();
    let current_set: BTreeSet<&String> = current.iter().collect();
    if current_set != wanted.iter().copied().collect::<BTreeSet<_>>() {
        // The entry first, then the others in name order (the manifest's own convention).
        let mut arr = toml_edit::Array::new();
        if files.contains_key(&entry) {
            arr.push(entry.as_str());
        }
        for f in wanted.iter().filter(|f| ***f != entry) {
            arr.push(f.as_str());
        }
        match table.get_mut("files").and_then(|i| i.as_value_mut()) {
            Some(v) => {
                let decor = v.decor().clone();
                *v = toml_edit::Value::Array(arr);
                *v.decor_mut() = decor;
            }
            None => {
                table.insert("files", toml_edit::value(arr));
            }
        }
    }
    match table.get_mut("sha256").and_then(|i| i.as_table_mut()) {
        Some(t) => {
            t.clear();
            for (path, bytes) in files {
                t.insert(path, toml_edit::value(crate::sha256_hex(bytes)));
            }
        }
        None => {
            let mut t = toml_edit::Table::new();
            for (path, bytes) in files {
                t.insert(path, toml_edit::value(crate::sha256_hex(bytes)));
            }
            table.insert("sha256", toml_edit::Item::Table(t));
        }
    }
    Ok(doc.to_string())
}

fn update_manifest(text: &str, fetched: &[&Fetched]) -> Result<String, String> {
    let mut text = text.to_owned();
    for f in fetched {
        text = update_manifest_text(&text, &f.entry.id, &f.files)?;
    }
    Ok(text)
}

/// `fetched.toml`: per spec id, the source used, when, and each file's URL.
fn update_fetched(text: &str, fetched: &[&Fetched], when: &str) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = if text.trim().is_empty() {
        let mut d = toml_edit::DocumentMut::new();
        d.decor_mut().set_prefix(
            "# Written by `cargo xtask fetch`: where each official spec file came from (the URL of\n\
             # every file, imports included, and the source used). Do not edit by hand.\n",
        );
        d
    } else {
        text.parse().map_err(|e| format!("specs/{FETCHED_FILE}: {e}"))?
    };
    for f in fetched {
        let mut t = toml_edit::Table::new();
        t.insert("source", toml_edit::value(f.source.as_str()));
        t.insert("fetched_at", toml_edit::value(when));
        let mut files = toml_edit::Table::new();
        for (path, url) in &f.origins {
            files.insert(path, toml_edit::value(url.as_str()));
        }
        t.insert("files", toml_edit::Item::Table(files));
        doc.insert(&f.entry.id, toml_edit::Item::Table(t));
    }
    doc.sort_values();
    Ok(doc.to_string())
}

/// Now as `YYYY-MM-DDTHH:MM:SSZ`.
fn timestamp() -> String {
    let secs = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
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

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback_host("127.0.0.1:8080"));
        assert!(is_loopback_host("localhost"));
        assert!(is_loopback_host("[::1]:80"));
        assert!(!is_loopback_host("app.seg-social.pt"));
        assert!(!is_loopback_host("127.0.0.1.evil.pt"));
    }

    #[test]
    fn plain_http_is_refused_except_on_loopback() {
        let http = Http::new(Duration::from_secs(1), 10, false);
        let e = http.get("http://app.seg-social.pt/x?wsdl").unwrap_err();
        assert!(e.contains("plain http is refused"), "{e}");
        let e = http.get("ftp://x/y").unwrap_err();
        assert!(
            e.contains("not an absolute http(s) URL") || e.contains("not supported"),
            "{e}"
        );
    }

    #[test]
    fn local_names_follow_jaxws_and_wcf() {
        let http = Http::new(Duration::from_secs(1), 10, false);
        let mut c = Crawl::new(&http, "CessarVinculoTrabalhadorService".into(), 10);
        c.used.insert("CessarVinculoTrabalhadorService.wsdl".into());
        assert_eq!(
            c.local_name("https://h/ws/x?xsd=1", false),
            "CessarVinculoTrabalhadorService_schema1.xsd"
        );
        assert_eq!(
            c.local_name("https://h/ws/x?xsd=xsd0", false),
            "CessarVinculoTrabalhadorService.xsd0.xsd"
        );
        assert_eq!(
            c.local_name("https://h/ws/x?wsdl=wsdl0", true),
            "CessarVinculoTrabalhadorService.wsdl0.wsdl"
        );
        assert_eq!(c.local_name("https://h/ws/common/types.xsd", false), "types.xsd");
        assert_eq!(c.local_name("https://h/other/types.xsd", false), "types-2.xsd");
        assert_eq!(c.local_name("https://h/ws/x?wsdl", true), "x.wsdl");
        assert_eq!(c.local_name("https://h/ws/..%2f..", false), "2f.xsd");
    }

    #[test]
    fn member_names() {
        assert_eq!(safe_member_name("a/b.xsd").as_deref(), Some("a/b.xsd"));
        assert!(safe_member_name("../b.xsd").is_none());
        assert!(safe_member_name("a/../../b.xsd").is_none());
        assert!(safe_member_name("/etc/passwd").is_none());
        assert!(safe_member_name("c:\\x").is_none());
    }

    #[test]
    fn timestamps_are_iso() {
        let t = timestamp();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.ends_with('Z') && t.as_bytes()[10] == b'T', "{t}");
    }

    #[test]
    fn manifest_update_keeps_comments() {
        let text = "# head\n[[spec]]\nid = \"a\"\nentry = \"psi/a/A.wsdl\"\nfiles = [\"psi/a/A.wsdl\"]\nprovenance = \"reconstructed\"   # note\nofficial_sources = [\"https://x\"]   # inferred\n[spec.sha256]\n\"psi/a/A.wsdl\" = \"00\"\n\n[[spec]]\nid = \"b\"\nprovenance = \"reconstructed\"\n";
        let files = BTreeMap::from([
            ("psi/a/A.wsdl".to_owned(), b"w".to_vec()),
            ("psi/a/A_schema1.xsd".to_owned(), b"x".to_vec()),
        ]);
        let out = update_manifest_text(text, "a", &files).unwrap();
        assert!(out.starts_with("# head\n"), "{out}");
        assert!(out.contains("provenance = \"official\"   # note\n"), "{out}");
        assert!(
            out.contains("official_sources = [\"https://x\"]   # inferred\n"),
            "{out}"
        );
        assert!(
            out.contains("files = [\"psi/a/A.wsdl\", \"psi/a/A_schema1.xsd\"]\n"),
            "{out}"
        );
        assert!(
            out.contains(&format!("\"psi/a/A_schema1.xsd\" = \"{}\"", crate::sha256_hex(b"x"))),
            "{out}"
        );
        assert!(
            out.ends_with("[[spec]]\nid = \"b\"\nprovenance = \"reconstructed\"\n"),
            "{out}"
        );
    }
}
