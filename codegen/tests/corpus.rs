//! Loads every WSDL entry point and every XSD of the public corpus (`../shared/corpus`
//! beside the project, or `$PSI_CORPUS`) and prints one line per entry. Ignored by default:
//! the corpus is not part of the repository.
//!
//! `cargo test -p psi-codegen --release --test corpus -- --ignored --nocapture`

use std::path::{Path, PathBuf};
use std::time::Instant;

use psi_codegen::model::{Binding, Model};
use psi_codegen::{SpecFiles, SpecInput, SpecKind};

fn corpus_root() -> Option<PathBuf> {
    let root = std::env::var_os("PSI_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    root.is_dir().then_some(root)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn summary(m: &Model) -> String {
    let ops: usize = m.services.iter().map(|s| s.operations.len()).sum();
    let soap12 = m
        .services
        .iter()
        .flat_map(|s| &s.operations)
        .filter(|o| matches!(&o.binding, Binding::Soap(b) if b.version == psi_codegen::model::SoapVersion::V12))
        .count();
    format!(
        "services {:>3} ops {:>4} (soap12 {:>3}) types {:>5} warnings {:>4}",
        m.services.len(),
        ops,
        soap12,
        m.types.len(),
        m.warnings.len()
    )
}

/// A rough dump of a model, for looking at one entry (`CORPUS_DUMP=1`).
fn dump(m: &Model) -> String {
    use psi_codegen::model::{FieldKind, Shape};
    let mut out = String::new();
    let name = |id: psi_codegen::model::TypeId| {
        let t = m.ty(id);
        format!("{}:{:?}", t.key.name, t.key.kind)
    };
    for (i, t) in m.types.iter().enumerate() {
        out += &format!("#{i} {} {:?} ns={:?}\n", t.key.name, t.key.kind, t.key.namespace);
        match &t.shape {
            Shape::Struct(s) => {
                out += &format!(
                    "   struct base={:?} all={} mixed={} abstract={}\n",
                    s.base.map(name),
                    s.any_order,
                    s.mixed,
                    s.is_abstract
                );
                for f in &s.fields {
                    let kind = match &f.kind {
                        FieldKind::Element { namespace } => format!("elem ns={namespace:?}"),
                        FieldKind::Attribute { namespace } => format!("attr ns={namespace:?}"),
                        k => format!("{k:?}"),
                    };
                    out += &format!(
                        "   - {} [{kind}] : {} {}..{:?} nil={} def={:?}\n",
                        f.wire,
                        name(f.ty),
                        f.occurs.min,
                        f.occurs.max,
                        f.nullable,
                        f.default
                    );
                }
            }
            Shape::Union(u) => {
                out += &format!("   union {:?}\n", u.style);
                for v in &u.variants {
                    out += &format!(
                        "   | {} ns={:?} : {} {}..{:?} inline={}\n",
                        v.wire,
                        v.namespace,
                        name(v.ty),
                        v.occurs.min,
                        v.occurs.max,
                        v.inline
                    );
                }
            }
            Shape::Alias(x) => out += &format!("   alias {}\n", name(*x)),
            Shape::Newtype { inner, facets } => out += &format!("   newtype {} {facets:?}\n", name(*inner)),
            Shape::List { item } => out += &format!("   list {}\n", name(*item)),
            Shape::Enum(e) => {
                out += &format!(
                    "   enum {:?} {:?}\n",
                    e.base,
                    e.values.iter().map(|v| &v.wire).collect::<Vec<_>>()
                )
            }
            other => out += &format!("   {other:?}\n"),
        }
    }
    for s in &m.services {
        out += &format!("service {} {:?}\n", s.name, s.addresses);
        for o in &s.operations {
            out += &format!("  op {} doc={:?}\n     {:?}\n", o.name, o.doc, o.binding);
        }
    }
    out
}

#[test]
#[ignore]
fn corpus() {
    let Some(root) = corpus_root() else {
        eprintln!("corpus not found; skipped");
        return;
    };
    let mut all = Vec::new();
    walk(&root, &mut all);
    let mut files = SpecFiles::new();
    for p in &all {
        let rel = p.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
        if rel.ends_with("URLMAP.tsv") {
            let dir = rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
            for line in std::fs::read_to_string(p).unwrap().lines() {
                if let Some((url, file)) = line.split_once('\t') {
                    files.map_url(url.trim(), format!("{dir}/{}", file.trim()));
                }
            }
        }
        files.insert(rel, std::fs::read(p).unwrap());
    }
    // Another tree of specs to try (`CORPUS_EXTRA=/path`), under the prefix `extra/`.
    if let Some(extra) = std::env::var_os("CORPUS_EXTRA").map(PathBuf::from) {
        let mut more = Vec::new();
        walk(&extra, &mut more);
        for p in &more {
            let rel = p.strip_prefix(&extra).unwrap().to_string_lossy().replace('\\', "/");
            files.insert(format!("extra/{rel}"), std::fs::read(p).unwrap());
        }
    }
    // ONVIF: two WSDLs import the ONVIF schema by its public URL; a catalog maps it to the
    // copy in the tree (what a user of the generator would configure).
    for url in [
        "http://www.onvif.org/ver10/schema/onvif.xsd",
        "http://www.onvif.org/onvif/ver10/schema/onvif.xsd",
    ] {
        files.map_url(url, "wsdl/onvif/wsdl/ver10/schema/onvif.xsd");
    }
    let filter = std::env::var("CORPUS_FILTER").unwrap_or_default();
    let mut entries: Vec<(String, SpecKind)> = Vec::new();
    for p in files.paths() {
        let kind = if p.ends_with(".wsdl") {
            SpecKind::Wsdl
        } else if p.ends_with(".xsd") {
            SpecKind::Xsd
        } else {
            continue;
        };
        if p.starts_with("wsdl/") || p.starts_with("xsd/") || p.starts_with("peer-suites/") || p.starts_with("extra/") {
            // Sibling WSDLs of a multi-file set are not entry points.
            if kind == SpecKind::Wsdl && (p.ends_with("bydexchange2.wsdl")) {
                continue;
            }
            if p.contains(&filter) {
                entries.push((p.to_owned(), kind));
            }
        }
    }
    let (mut ok, mut failed) = (0, 0);
    for (entry, kind) in &entries {
        let input = SpecInput {
            id: entry.clone(),
            kind: Some(*kind),
            entry: entry.clone(),
            ..SpecInput::default()
        };
        // Best of a few runs: the first one pays for cold caches and allocator growth.
        let repeat: usize = std::env::var("CORPUS_REPEAT")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1);
        let mut ms = f64::MAX;
        let mut result = None;
        for _ in 0..repeat.max(1) {
            drop(result.take());
            let start = Instant::now();
            result = Some(psi_codegen::load(&input, &files));
            ms = ms.min(start.elapsed().as_secs_f64() * 1000.0);
        }
        let result = result.expect("ran at least once");
        match result {
            Ok(m) => {
                ok += 1;
                println!("ok   {entry:<90} {} {ms:>8.2} ms", summary(&m));
                if std::env::var_os("CORPUS_DUMP").is_some() {
                    println!("{}", dump(&m));
                }
                if std::env::var_os("CORPUS_WARNINGS").is_some() {
                    for w in &m.warnings {
                        println!("       warning {}: {}", w.source, w.message);
                    }
                }
            }
            Err(e) => {
                failed += 1;
                println!("FAIL {entry:<90} {e} ({ms:.2} ms)");
            }
        }
    }
    println!("{ok} ok, {failed} failed");
}
