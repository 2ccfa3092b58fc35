//! Downloading one spec set: its sources in order, a WSDL's or schema's imports followed
//! and renamed to local files, zip bundles unpacked safely.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::Read as _;

use super::{Fetched, Http, MAX_DOCUMENTS, MAX_ZIP_ENTRIES, has_scheme, resolve_url};
use crate::diff::is_spec_name;
use crate::manifest::Entry;

// ---------------------------------------------------------------------------------------------
// Downloading one spec set
// ---------------------------------------------------------------------------------------------

pub(super) fn fetch_entry(http: &Http, entry: &Entry, max_total: u64) -> Result<(Fetched, Vec<String>), String> {
    let http = &http.with_redirect_hosts(&entry.redirect_hosts);
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

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
}
