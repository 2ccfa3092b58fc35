//! The entry points of a corpus, and the files each one is generated from.
//!
//! An entry point is found by reading the documents: a WSDL or XSD document (its root
//! element says which) that no other file of the corpus imports, and a YAML or JSON
//! document whose top-level mapping has an `openapi` or a `swagger` key. Imports are read
//! from the elements that import (`wsdl:import`, `xs:import`, `xs:include`, `xs:redefine`,
//! `xs:override`) and resolved to files: relative locations against the importing file,
//! URLs through the `URLMAP.tsv` of a folder above the importer or the committed catalog.
//! A file that a `URLMAP.tsv` lists but nothing imports is still an entry point.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use psi_codegen::SpecKind;

/// One entry point of the corpus.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    /// Path relative to the corpus folder (`wsdl/onvif/wsdl/ver10/device/wsdl/devicemgmt.wsdl`).
    pub id: String,
    /// The folder whose files make up the spec set, relative to the corpus folder; empty
    /// for an entry whose set is its own folder's files (not below).
    pub root: String,
    /// The language.
    pub kind: SpecKind,
}

impl Entry {
    /// The entry's path inside its spec set.
    pub fn path_in_set(&self) -> &str {
        if self.root.is_empty() {
            &self.id
        } else {
            self.id.strip_prefix(&format!("{}/", self.root)).unwrap_or(&self.id)
        }
    }

    /// A path of the entry's spec set as the corpus names it.
    pub fn corpus_path(&self, in_set: &str) -> String {
        if self.root.is_empty() {
            in_set.to_owned()
        } else {
            format!("{}/{in_set}", self.root)
        }
    }
}

/// Every file below `dir`, sorted.
pub(super) fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
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

/// `p` relative to `base`, `/`-separated.
pub(super) fn rel(base: &Path, p: &Path) -> String {
    p.strip_prefix(base).unwrap_or(p).to_string_lossy().replace('\\', "/")
}

/// The `url → file` lines of a `URLMAP.tsv` (files relative to its folder).
fn url_map(path: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(u, f)| (u.trim().to_owned(), f.trim().to_owned()))
        .collect()
}

/// Find the entry points under `dir`; `catalog` maps remote URLs to corpus paths.
pub fn discover(dir: &Path, catalog: &[(String, String)]) -> Vec<Entry> {
    let mut files = Vec::new();
    walk(dir, &mut files);
    // URL → corpus path: the committed catalog, then each folder's URLMAP.tsv (the nearest
    // folder above the importer wins).
    let catalog: BTreeMap<&str, &str> = catalog.iter().map(|(u, p)| (u.as_str(), p.as_str())).collect();
    let mut maps: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for f in files
        .iter()
        .filter(|f| f.file_name().is_some_and(|n| n == "URLMAP.tsv"))
    {
        let folder = rel(dir, f.parent().unwrap_or(dir));
        let map = url_map(f)
            .into_iter()
            .map(|(u, file)| (u, join(&folder, &file)))
            .collect();
        maps.insert(folder, map);
    }
    let mut xml_kinds: BTreeMap<String, SpecKind> = BTreeMap::new();
    let mut imported: BTreeSet<String> = BTreeSet::new();
    let mut entries = Vec::new();
    for f in &files {
        let id = rel(dir, f);
        let ext = f
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if !matches!(ext.as_str(), "wsdl" | "xsd" | "yaml" | "yml" | "json") {
            continue;
        }
        let Ok(bytes) = std::fs::read(f) else { continue };
        let Some(kind) = psi_codegen::detect_kind(&id, &bytes) else {
            continue;
        };
        if !matches!(kind, SpecKind::Wsdl | SpecKind::Xsd) {
            entries.push(Entry {
                root: spec_root(&id),
                id,
                kind,
            });
            continue;
        }
        for location in psi_codegen::xml_imports(&id, &bytes) {
            let target = if location.contains("://") {
                catalog.get(location.as_str()).map(|p| p.to_string()).or_else(|| {
                    ancestors(&id)
                        .find_map(|folder| maps.get(folder).and_then(|m| m.get(&location)))
                        .cloned()
                })
            } else {
                psi_codegen::join_relative(&id, &location)
            };
            if let Some(t) = target.filter(|t| *t != id) {
                imported.insert(t);
            }
        }
        xml_kinds.insert(id, kind);
    }
    for (id, kind) in xml_kinds {
        if !imported.contains(&id) {
            entries.push(Entry {
                root: spec_root(&id),
                id,
                kind,
            });
        }
    }
    entries.sort();
    entries
}

/// `folder/file`, or `file` at the top.
fn join(folder: &str, file: &str) -> String {
    if folder.is_empty() {
        file.to_owned()
    } else {
        format!("{folder}/{file}")
    }
}

/// The folders above a corpus path, nearest first, ending with the top (`""`).
fn ancestors(id: &str) -> impl Iterator<Item = &str> {
    let mut at = Some(id);
    std::iter::from_fn(move || {
        let cur = at?;
        let parent = cur.rsplit_once('/').map(|(p, _)| p);
        at = parent;
        Some(parent.unwrap_or(""))
    })
}

/// The folder whose files form an entry's spec set: the entry's second-level folder
/// (`wsdl/onvif`) for an entry deeper down, the entry's own folder below `peer-suites/`
/// (each schema of a test suite stands alone), and none for an entry at the first or
/// second level (its set is its own folder's files).
fn spec_root(id: &str) -> String {
    let parts: Vec<&str> = id.split('/').collect();
    if id.starts_with("peer-suites/") {
        parts[..parts.len() - 1].join("/")
    } else if parts.len() > 2 {
        parts[..2].join("/")
    } else {
        String::new()
    }
}

/// The committed catalog of remote imports that the corpus has locally (`url → corpus path`).
pub fn committed_catalog(root: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(root.join("xtask/conformance-catalog.tsv"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(u, p)| (u.trim().to_owned(), p.trim().to_owned()))
        .collect()
}

/// Load an entry's spec set: the files below its root folder with their `URLMAP.tsv`
/// catalogs, or for an entry without one, the files of its own folder. URLs of the
/// committed catalog are mapped in either case.
pub fn spec_files(dir: &Path, entry: &Entry, catalog: &[(String, String)]) -> psi_codegen::SpecFiles {
    let mut files = psi_codegen::SpecFiles::new();
    let prefix = if entry.root.is_empty() {
        String::new()
    } else {
        format!("{}/", entry.root)
    };
    for (url, path) in catalog {
        if let Some(local) = path.strip_prefix(&prefix) {
            files.map_url(url.clone(), local.to_owned());
        }
    }
    let mut all = Vec::new();
    if entry.root.is_empty() {
        // The entry's own folder, not below.
        let folder = dir.join(&entry.id);
        let folder = folder.parent().unwrap_or(dir);
        if let Ok(read) = std::fs::read_dir(folder) {
            all.extend(read.flatten().map(|e| e.path()).filter(|p| p.is_file()));
        }
    } else {
        walk(&dir.join(&entry.root), &mut all);
    }
    let base = if entry.root.is_empty() {
        dir.to_path_buf()
    } else {
        dir.join(&entry.root)
    };
    for f in all {
        let r = rel(&base, &f);
        if f.file_name().is_some_and(|n| n == "URLMAP.tsv") {
            let folder = r.rsplit_once('/').map(|(p, _)| p).unwrap_or("");
            for (url, file) in url_map(&f) {
                files.map_url(url, join(folder, &file));
            }
        }
        if let Ok(bytes) = std::fs::read(&f) {
            files.insert(r, bytes);
        }
    }
    files
}
