//! `cargo xtask codegen`: regenerate `generated/src/api/` and the model snapshots from `specs/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::manifest::{Manifest, with_sha256};

/// Where the generated API lives, relative to the workspace root.
pub const API_DIR: &str = "generated/src/api";
/// The SIOE reporting-calendar data spec, relative to `specs/`.
pub const CALENDAR_SPEC: &str = "sioe/obrigacoes/portaria-172-2025-1.yaml";
/// The module the calendar becomes.
pub const CALENDAR_MODULE: &str = "sioe_calendario";

/// Where the model snapshots live, relative to the workspace root.
pub const SNAPSHOT_DIR: &str = "tests/snapshots";

/// The project's own XSD fixture of constructs the tests round-trip with generated code.
pub const FEATURES_SPEC: &str = "tests/fixtures/xsd/features.xsd";
/// Where its generated code lives (a module of the `psi-tests` crate).
pub const FEATURES_DIR: &str = "tests/src/features";
/// The project's own Swagger 2.0 and OpenAPI 3.0 fixtures of array parameters, whose
/// generated codecs the tests check byte for byte.
pub const PARAMS_SPECS: [&str; 2] = [
    "tests/fixtures/oas/swagger2-params.yaml",
    "tests/fixtures/oas/openapi3-params.yaml",
];
/// Where their generated code lives (a module of the `psi-tests` crate).
pub const PARAMS_DIR: &str = "tests/src/params";
/// The project's own rpc/encoded WSDL fixture (SOAP encoding, response SOAP headers),
/// whose generated codec the tests check byte for byte.
pub const ENCODED_SPEC: &str = "tests/fixtures/wsdl/encoded.wsdl";
/// Where its generated code lives (a module of the `psi-tests` crate).
pub const ENCODED_DIR: &str = "tests/src/encoded";

/// Everything `codegen` writes: workspace-relative path → exact text. Also the files of
/// the folders it owns that must not exist (absent from the map), via [`owned_files`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outputs {
    /// Path → text.
    pub files: BTreeMap<PathBuf, String>,
    /// Warnings of the generator (skipped constructs, with where and why).
    pub warnings: Vec<String>,
}

/// Read the manifest and every spec file it lists.
pub fn read_specs(root: &Path) -> Result<(Manifest, psi_codegen::SpecFiles, BTreeMap<String, String>), String> {
    let specs_dir = root.join("specs");
    let manifest = Manifest::load(&specs_dir)?;
    let mut files = psi_codegen::SpecFiles::new();
    let mut hashes = BTreeMap::new();
    for entry in &manifest.specs {
        for f in &entry.files {
            let path = specs_dir.join(f);
            let bytes = std::fs::read(&path).map_err(|e| format!("specs/{f} (listed by spec `{}`): {e}", entry.id))?;
            hashes.insert(f.clone(), crate::sha256_hex(&bytes));
            files.insert(f.clone(), bytes);
        }
    }
    Ok((manifest, files, hashes))
}

/// Compute every output from the specs under `root`, each spec strict or lenient as the
/// manifest says.
pub fn outputs(root: &Path) -> Result<Outputs, String> {
    outputs_with(root, false)
}

/// Compute every output; `lenient` makes every spec lenient (`codegen --lenient`): a type,
/// element or `$ref` defined nowhere becomes an opaque value with a warning.
pub fn outputs_with(root: &Path, lenient: bool) -> Result<Outputs, String> {
    let (manifest, files, hashes) = read_specs(root)?;
    let mut loaded = Vec::new();
    for entry in &manifest.specs {
        let sha = entry
            .files
            .iter()
            .filter_map(|f| hashes.get(f).map(|h| (f.clone(), h.clone())))
            .collect();
        let mut input = entry.input(sha);
        input.lenient |= lenient;
        let model = psi_codegen::load(&input, &files).map_err(|e| format!("specs/{e} (spec `{}`)", entry.id))?;
        loaded.push((input, model));
    }
    let program = psi_codegen::passes::run(loaded).map_err(|e| e.to_string())?;
    let mut out = Outputs::default();
    for (index, (input, _)) in program.specs.iter().enumerate() {
        out.files.insert(
            Path::new(SNAPSHOT_DIR).join(format!("{}.model.txt", input.id)),
            psi_codegen::dump::dump_spec(&program, index),
        );
    }
    let mut options = psi_codegen::Options::default();
    let calendar_path = root.join("specs").join(CALENDAR_SPEC);
    let calendar = std::fs::read(&calendar_path).map_err(|e| format!("specs/{CALENDAR_SPEC}: {e}"))?;
    let calendar_text =
        psi_codegen::calendar::emit_calendar_with(&format!("specs/{CALENDAR_SPEC}"), &calendar, &options)
            .map_err(|e| e.to_string())?;
    options.extra_modules.insert(
        CALENDAR_MODULE.to_owned(),
        "SIOE reporting obligations of Portaria n.º 172/2025/1: windows and deadlines.".to_owned(),
    );
    let generated = psi_codegen::emit::emit(&program, &options).map_err(|e| e.to_string())?;
    out.files
        .insert(Path::new(API_DIR).join(format!("{CALENDAR_MODULE}.rs")), calendar_text);
    for (path, text) in generated.files {
        out.files.insert(Path::new(API_DIR).join(path), text);
    }
    out.warnings = generated
        .warnings
        .iter()
        .map(|w| format!("specs/{}: {}", w.source, w.message))
        .collect();
    for (path, text) in features(root)? {
        out.files.insert(Path::new(FEATURES_DIR).join(path), text);
    }
    for (path, text) in params(root)? {
        out.files.insert(Path::new(PARAMS_DIR).join(path), text);
    }
    for (path, text) in encoded(root)? {
        out.files.insert(Path::new(ENCODED_DIR).join(path), text);
    }
    // The manifest records the hashes the code was generated from.
    let manifest_path = root.join("specs/manifest.toml");
    let text = std::fs::read_to_string(&manifest_path).map_err(|e| format!("specs/manifest.toml: {e}"))?;
    out.files
        .insert(PathBuf::from("specs/manifest.toml"), with_sha256(&text, &hashes));
    Ok(out)
}

/// The generated code of the XSD fixture (its folder and its imports), with the document
/// round trip the tests call.
fn features(root: &Path) -> Result<BTreeMap<String, String>, String> {
    let dir = Path::new(FEATURES_SPEC).parent().unwrap_or(Path::new(""));
    let mut files = psi_codegen::SpecFiles::new();
    let read = std::fs::read_dir(root.join(dir)).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut sha256 = BTreeMap::new();
    for e in read.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".xsd") {
            let bytes = std::fs::read(e.path()).map_err(|err| format!("{}/{name}: {err}", dir.display()))?;
            sha256.insert(name.clone(), crate::sha256_hex(&bytes));
            files.insert(name, bytes);
        }
    }
    let entry = Path::new(FEATURES_SPEC)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let input = psi_codegen::SpecInput {
        id: "features".into(),
        title: "XSD constructs the tests round-trip".into(),
        entry,
        provenance: "test fixture".into(),
        sha256,
        ..psi_codegen::SpecInput::default()
    };
    let model = psi_codegen::load(&input, &files).map_err(|e| format!("{FEATURES_SPEC}: {e}"))?;
    let options = psi_codegen::Options {
        runtime_path: "::psi_client::rt".into(),
        api_path: "crate::features".into(),
        document_roundtrip: true,
        spec_dir: dir.to_string_lossy().into_owned(),
        ..psi_codegen::Options::default()
    };
    let generated = psi_codegen::generate(vec![(input, model)], &options).map_err(|e| e.to_string())?;
    Ok(generated.files)
}

/// One single-file fixture spec, loaded under `id` (the file name without its extension
/// when `None`).
fn load_fixture(
    root: &Path,
    spec: &str,
    id: Option<&str>,
    title: Option<&str>,
) -> Result<(psi_codegen::SpecInput, psi_codegen::model::Model), String> {
    let bytes = std::fs::read(root.join(spec)).map_err(|e| format!("{spec}: {e}"))?;
    let name = Path::new(spec)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = id.map_or_else(
        || name.rsplit_once('.').map_or(name.as_str(), |(stem, _)| stem).to_owned(),
        str::to_owned,
    );
    let mut files = psi_codegen::SpecFiles::new();
    let sha256 = BTreeMap::from([(name.clone(), crate::sha256_hex(&bytes))]);
    files.insert(name.clone(), bytes);
    let input = psi_codegen::SpecInput {
        title: title.map_or_else(|| id.clone(), str::to_owned),
        id,
        entry: name,
        provenance: "test fixture".into(),
        sha256,
        ..psi_codegen::SpecInput::default()
    };
    let model = psi_codegen::load(&input, &files).map_err(|e| format!("{spec}: {e}"))?;
    Ok((input, model))
}

/// The generated code of fixture specs, as the module `api_path` of the `psi-tests` crate.
fn generate_fixtures(
    loaded: Vec<(psi_codegen::SpecInput, psi_codegen::model::Model)>,
    api_path: &str,
    spec_dir: &str,
) -> Result<BTreeMap<String, String>, String> {
    let options = psi_codegen::Options {
        runtime_path: "::psi_client::rt".into(),
        api_path: api_path.into(),
        spec_dir: spec_dir.into(),
        ..psi_codegen::Options::default()
    };
    let generated = psi_codegen::generate(loaded, &options).map_err(|e| e.to_string())?;
    Ok(generated.files)
}

/// The generated code of the array-parameter fixtures, one module per spec.
fn params(root: &Path) -> Result<BTreeMap<String, String>, String> {
    let loaded = PARAMS_SPECS
        .iter()
        .map(|spec| load_fixture(root, spec, None, None))
        .collect::<Result<Vec<_>, _>>()?;
    generate_fixtures(loaded, "crate::params", "tests/fixtures/oas")
}

/// The generated code of the rpc/encoded WSDL fixture.
fn encoded(root: &Path) -> Result<BTreeMap<String, String>, String> {
    let loaded = load_fixture(
        root,
        ENCODED_SPEC,
        Some("encoded"),
        Some("rpc/encoded SOAP the tests check on the wire"),
    )?;
    generate_fixtures(vec![loaded], "crate::encoded", "tests/fixtures/wsdl")
}

/// Files now present in the folders `codegen` owns (workspace-relative).
pub fn owned_files(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for dir in [API_DIR, SNAPSHOT_DIR, FEATURES_DIR, PARAMS_DIR, ENCODED_DIR] {
        if let Ok(read) = std::fs::read_dir(root.join(dir)) {
            for e in read.flatten() {
                if e.path().is_file() {
                    found.push(Path::new(dir).join(e.file_name()));
                }
            }
        }
    }
    found.sort();
    found
}

/// A difference between what `codegen` would write and what is on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stale {
    /// The file differs; a short unified-style excerpt.
    Changed(PathBuf, String),
    /// The file should exist.
    Missing(PathBuf),
    /// The file should not exist any more.
    Extra(PathBuf),
}

impl std::fmt::Display for Stale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stale::Changed(p, diff) => write!(f, "changed: {}\n{diff}", p.display()),
            Stale::Missing(p) => write!(f, "missing: {}", p.display()),
            Stale::Extra(p) => write!(f, "should not exist: {}", p.display()),
        }
    }
}

/// Compare the outputs with the tree under `root`.
pub fn check(root: &Path, outputs: &Outputs) -> Vec<Stale> {
    let mut stale = Vec::new();
    for (path, text) in &outputs.files {
        match std::fs::read_to_string(root.join(path)) {
            Ok(current) if current == *text => {}
            Ok(current) => stale.push(Stale::Changed(path.clone(), short_diff(&current, text))),
            Err(_) => stale.push(Stale::Missing(path.clone())),
        }
    }
    for path in owned_files(root) {
        if !outputs.files.contains_key(&path) && !is_hand_written(&path) {
            stale.push(Stale::Extra(path));
        }
    }
    stale
}

/// Files in the owned folders that the generator does not write.
fn is_hand_written(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == "README.md" || n == ".gitattributes")
}

/// Write the outputs: each file through a temporary sibling and a rename, stale files removed.
pub fn write(root: &Path, outputs: &Outputs) -> Result<usize, String> {
    let mut written = 0;
    for (path, text) in &outputs.files {
        let full = root.join(path);
        if std::fs::read_to_string(&full).is_ok_and(|t| t == *text) {
            continue;
        }
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let tmp = full.with_extension("tmp~");
        std::fs::write(&tmp, text).map_err(|e| format!("{}: {e}", tmp.display()))?;
        std::fs::rename(&tmp, &full).map_err(|e| format!("{}: {e}", full.display()))?;
        written += 1;
    }
    for path in owned_files(root) {
        if !outputs.files.contains_key(&path) && !is_hand_written(&path) {
            std::fs::remove_file(root.join(&path)).map_err(|e| format!("{}: {e}", path.display()))?;
            written += 1;
        }
    }
    Ok(written)
}

/// Most lines of a stale file's diff that are printed.
const MAX_DIFF_LINES: usize = 60;

/// A unified diff of two texts (each hunk with 3 lines of context around what changed),
/// cut after 60 lines with a note of how many more there are.
pub fn short_diff(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let full = diff
        .unified_diff()
        .context_radius(3)
        .header("on disk", "generated")
        .to_string();
    let lines: Vec<&str> = full.lines().collect();
    let mut out: String = lines.iter().take(MAX_DIFF_LINES).map(|l| format!("{l}\n")).collect();
    if lines.len() > MAX_DIFF_LINES {
        out.push_str(&format!("… ({} more diff lines)\n", lines.len() - MAX_DIFF_LINES));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::short_diff;

    #[test]
    fn stale_diff_shows_each_change_with_its_context() {
        let old: String = (1..=40).map(|i| format!("line {i}\n")).collect();
        let new = old.replace("line 5\n", "line five\n").replace("line 35\n", "");
        let d = short_diff(&old, &new);
        // Two hunks, not one from the first to the last differing line.
        assert_eq!(d.matches("@@ ").count(), 2, "{d}");
        assert!(d.contains("-line 5\n+line five\n"), "{d}");
        assert!(d.contains(" line 4\n") && d.contains(" line 6\n"), "context: {d}");
        assert!(d.contains("-line 35\n"), "{d}");
        assert!(
            !d.contains("line 20\n"),
            "unchanged lines far from a change are not shown: {d}"
        );
        // A long diff is cut and says how much more there is.
        let other: String = (1..=40).map(|i| format!("other {i}\n")).collect();
        let d = short_diff(&old, &other);
        assert!(d.lines().count() <= 61 && d.contains("more diff lines"), "{d}");
    }
}
