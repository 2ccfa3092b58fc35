//! Dev check over the public corpus (Swagger 2.0 / OpenAPI 3.0 entries) and the PSI REST
//! specs: every entry loads, except the OpenAPI 3.1 one, which is refused.
//!
//! Ignored by default (the corpus lives outside the repository):
//! `cargo test -p psi-codegen --release --test corpus_oas -- --ignored --nocapture`.
//! `PSI_CORPUS` overrides the corpus folder, `PSI_SPECS` the PSI specs folder; `PSI_ONLY=<id>`
//! runs one entry, `PSI_VERBOSE=1` lists services and warnings, `PSI_DUMP=<id>` dumps a model.

use std::path::{Path, PathBuf};
use std::time::Instant;

use psi_codegen::model::{Binding, Shape};
use psi_codegen::{Error, SpecFiles, SpecInput};

fn read_tree(root: &Path, dir: &Path, files: &mut SpecFiles) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            read_tree(root, &p, files);
        } else if let Ok(bytes) = std::fs::read(&p) {
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            files.insert(rel, bytes);
        }
    }
}

#[test]
#[ignore]
fn corpus_loads() {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = std::env::var("PSI_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| here.join("../../shared/corpus"));
    let specs = std::env::var("PSI_SPECS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| here.join("../specs/psi"));
    // (id, set root, entry below the root, must fail)
    let entries: Vec<(&str, PathBuf, &str, bool)> = vec![
        (
            "nl-brp-bevragen-3.0.3",
            corpus.join("openapi/nl-brp-bevragen-3.0.3"),
            "specificatie/openapi.yaml",
            false,
        ),
        (
            "nl-brp-gba",
            corpus.join("openapi/nl-brp-bevragen-3.0.3"),
            "specificatie/gba-openapi.yaml",
            false,
        ),
        (
            "nl-brp-genereervariant",
            corpus.join("openapi/nl-brp-bevragen-3.0.3"),
            "specificatie/genereervariant/openapi.yaml",
            false,
        ),
        (
            "nl-brp-gba-genereervariant",
            corpus.join("openapi/nl-brp-bevragen-3.0.3"),
            "specificatie/gba-genereervariant/openapi.yaml",
            false,
        ),
        (
            "nl-brp-bevragen-3.1-resolved",
            corpus.join("openapi"),
            "nl-brp-bevragen-3.1-resolved.yaml",
            true,
        ),
        (
            "oai-petstore-expanded (3.0)",
            corpus.join("openapi"),
            "oai-petstore-expanded.yaml",
            false,
        ),
        (
            "oag-rust-oneof-anyof-comprehensive",
            corpus.join("openapi"),
            "oag-rust-oneof-anyof-comprehensive.yaml",
            false,
        ),
        (
            "oag-composed-oneof",
            corpus.join("openapi"),
            "oag-composed-oneof.yaml",
            false,
        ),
        (
            "progenitor-nexus",
            corpus.join("openapi"),
            "progenitor-nexus.json",
            false,
        ),
        (
            "progenitor-keeper",
            corpus.join("openapi"),
            "progenitor-keeper.json",
            false,
        ),
        (
            "progenitor-param-collision",
            corpus.join("openapi"),
            "progenitor-param-collision.json",
            false,
        ),
        ("oai-petstore", corpus.join("swagger2/oai"), "petstore.yaml", false),
        (
            "oai-petstore-expanded",
            corpus.join("swagger2/oai"),
            "petstore-expanded.yaml",
            false,
        ),
        (
            "oai-petstore-separate",
            corpus.join("swagger2/oai/petstore-separate"),
            "spec/swagger.yaml",
            false,
        ),
        (
            "oai-product-catalog",
            corpus.join("swagger2/oai"),
            "product-catalog.yaml",
            false,
        ),
        (
            "oag-fake-endpoints",
            corpus.join("swagger2/openapi-generator"),
            "petstore-with-fake-endpoints-models-for-testing.yaml",
            false,
        ),
        (
            "pagopa-idpay-wallet",
            corpus.join("swagger2/pagopa"),
            "idpay_wallet.swagger.json",
            false,
        ),
        (
            "pagopa-io-backend",
            corpus.join("swagger2/pagopa"),
            "io-backend-bundled.yaml",
            false,
        ),
        ("psi-ci", specs.join("ci"), "openapi_CI.yaml", false),
        ("psi-qlf", specs.join("qlf"), "openapi_QLF.yaml", false),
    ];
    let verbose = std::env::var("PSI_VERBOSE").is_ok();
    let mut failures = Vec::new();
    println!(
        "{:<36} {:>5} {:>8} {:>6} {:>6} {:>9}  result",
        "entry", "svc", "ops", "types", "warn", "ms"
    );
    let only = std::env::var("PSI_ONLY").ok();
    for (id, root, entry, must_fail) in entries {
        if only.as_deref().is_some_and(|o| o != id) {
            continue;
        }
        if !root.join(entry).exists() {
            println!("{id:<36} (missing: {})", root.join(entry).display());
            continue;
        }
        let mut files = SpecFiles::new();
        read_tree(&root, &root, &mut files);
        let input = SpecInput {
            id: id.into(),
            title: id.into(),
            entry: entry.into(),
            ..SpecInput::default()
        };
        // Best of a few runs: the machine may be busy.
        let mut ms = f64::MAX;
        let mut result = psi_codegen::load(&input, &files);
        for _ in 0..5 {
            let start = Instant::now();
            let again = psi_codegen::load(&input, &files);
            ms = ms.min(start.elapsed().as_secs_f64() * 1000.0);
            result = again;
        }
        match result {
            Ok(model) => {
                let ops: usize = model.services.iter().map(|s| s.operations.len()).sum();
                let named = model
                    .types
                    .iter()
                    .filter(|t| !matches!(t.shape, Shape::Primitive(_)))
                    .count();
                println!(
                    "{id:<36} {:>5} {:>8} {:>6} {:>6} {:>9.2}  ok",
                    model.services.len(),
                    ops,
                    named,
                    model.warnings.len(),
                    ms
                );
                if verbose {
                    for s in &model.services {
                        println!("    service {:?} {:?} {:?}", s.name, s.addresses, s.security);
                        for o in &s.operations {
                            if let Binding::Http(h) = &o.binding {
                                println!(
                                    "      {} {} {} params={} body={} responses={}",
                                    o.name,
                                    h.method.as_str(),
                                    h.path,
                                    h.params.len(),
                                    h.body.is_some(),
                                    h.responses.len()
                                );
                            }
                        }
                    }
                    for w in &model.warnings {
                        println!("    warning {}: {}", w.source, w.message);
                    }
                }
                if std::env::var("PSI_DUMP").is_ok_and(|d| d == id) {
                    dump(&model);
                }
                if must_fail {
                    failures.push(format!("{id}: loaded but must be refused"));
                }
            }
            Err(e) => {
                println!(
                    "{id:<36} {:>5} {:>8} {:>6} {:>6} {ms:>9.2}  error: {e}",
                    "-", "-", "-", "-"
                );
                let refused_31 = matches!(&e, Error::Unsupported { construct, .. } if construct.contains("OpenAPI 3.1 is not supported"));
                if !(must_fail && refused_31) {
                    failures.push(format!("{id}: {e}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

fn dump(model: &psi_codegen::Model) {
    use psi_codegen::model::TypeId;
    let name = |id: TypeId| {
        let t = model.ty(id);
        match &t.shape {
            Shape::Primitive(p) => format!("{p:?}"),
            _ => format!("{}#{}", t.key.name, id.0),
        }
    };
    for id in model.type_ids() {
        let t = model.ty(id);
        let shape = match &t.shape {
            Shape::Primitive(_) => continue,
            Shape::Struct(s) => {
                let mut out = format!("struct base={:?} add={:?}", s.base.map(name), s.additional.map(name));
                for f in &s.fields {
                    out.push_str(&format!(
                        "\n        {}: {} {:?}{}{}",
                        f.wire,
                        name(f.ty),
                        (f.occurs.min, f.occurs.max),
                        if f.nullable { " null" } else { "" },
                        f.default.as_ref().map(|d| format!(" ={d}")).unwrap_or_default()
                    ));
                }
                out
            }
            Shape::Union(u) => {
                let mut out = format!(
                    "union disc={:?}",
                    u.discriminator.as_ref().map(|d| (&d.property, &d.mapping))
                );
                for v in &u.variants {
                    out.push_str(&format!("\n        {} => {}", v.wire, name(v.ty)));
                }
                out
            }
            Shape::Enum(e) => format!(
                "enum {:?} {:?}",
                e.base,
                e.values.iter().map(|v| (&v.wire, &v.doc)).collect::<Vec<_>>()
            ),
            Shape::Newtype { inner, facets } => format!("newtype {} {:?}", name(*inner), facets),
            Shape::List { item } => format!("list {}", name(*item)),
            Shape::Map { value } => format!("map {}", name(*value)),
            Shape::Alias(a) => format!("alias {}", name(*a)),
            other => format!("{other:?}"),
        };
        println!("  [{:?}] {}#{} ({}): {}", t.key.kind, t.key.name, id.0, t.source, shape);
    }
    for s in &model.services {
        println!(
            "  service {:?} {:?} {:?} doc={:?}",
            s.name,
            s.addresses,
            s.security,
            s.doc.as_deref().map(|d| d.chars().take(40).collect::<String>())
        );
        for o in &s.operations {
            if let Binding::Http(h) = &o.binding {
                println!(
                    "    op {} {} {} dep={} sec={:?} doc={:?}",
                    o.name,
                    h.method.as_str(),
                    h.path,
                    o.deprecated,
                    h.security,
                    o.doc.as_deref().map(|d| d.chars().take(50).collect::<String>())
                );
                for p in &h.params {
                    println!(
                        "      param {} {:?} {} req={} list={} ex={:?}",
                        p.wire,
                        p.location,
                        name(p.ty),
                        p.required,
                        p.list,
                        p.example
                    );
                }
                if let Some(b) = &h.body {
                    println!("      body {} {} req={}", b.content_type, name(b.ty), b.required);
                }
                for r in &h.responses {
                    println!("      resp {:?} {:?} {:?}", r.status, r.content_type, r.ty.map(name));
                }
            }
        }
    }
    for w in &model.warnings {
        println!("  warning {}: {}", w.source, w.message);
    }
}
