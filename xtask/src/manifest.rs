//! `specs/manifest.toml`: one entry per spec set.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

/// The whole manifest.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Spec sets, in file order.
    #[serde(rename = "spec", default)]
    pub specs: Vec<Entry>,
}

/// One spec set.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Stable id (`cessar-vinculo`).
    pub id: String,
    /// Human title.
    pub title: String,
    /// `wsdl`, `xsd`, `swagger2` or `openapi3`.
    pub kind: String,
    /// Entry file, relative to `specs/`.
    pub entry: String,
    /// Every file of the set, relative to `specs/`.
    pub files: Vec<String>,
    /// Who publishes the service.
    pub publisher: String,
    /// Where the official files are (or are expected).
    #[serde(default)]
    pub official_sources: Vec<String>,
    /// Other hosts an official source may redirect to (`fetch` follows a redirect only to the
    /// source's own host, over https, or to one of these).
    #[serde(default)]
    pub redirect_hosts: Vec<String>,
    /// `official` or `reconstructed`.
    pub provenance: String,
    /// `high`, `medium`, `low`, or a range such as `medium-high`.
    pub confidence: String,
    /// The reference sections the reconstruction was written from.
    #[serde(default)]
    pub reference: Option<String>,
    /// Authentication schemes accepted (`basic`, `bearer`).
    #[serde(default)]
    pub auth: Vec<String>,
    /// Environment → base URL.
    #[serde(default)]
    pub endpoints: BTreeMap<String, String>,
    /// Service name → Rust module name, where the default is not wanted.
    #[serde(default)]
    pub modules: BTreeMap<String, String>,
    /// File → hex sha256.
    #[serde(default)]
    pub sha256: BTreeMap<String, String>,
    /// Generate even when a type, element or `$ref` the spec names is defined nowhere: such
    /// a value is kept opaque (raw XML or JSON) and `codegen` prints a warning naming where
    /// it is. Off by default: the specs of this project are complete.
    #[serde(default)]
    pub lenient: bool,
}

impl Manifest {
    /// Read and check `specs/manifest.toml`.
    pub fn load(specs_dir: &Path) -> Result<Manifest, String> {
        let path = specs_dir.join("manifest.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let manifest: Manifest = toml::from_str(&text).map_err(|e| format!("specs/manifest.toml: {e}"))?;
        let mut ids = std::collections::BTreeSet::new();
        for e in &manifest.specs {
            if !ids.insert(e.id.as_str()) {
                return Err(format!("specs/manifest.toml: spec id `{}` appears twice", e.id));
            }
            if psi_codegen::SpecKind::parse(&e.kind).is_none() {
                return Err(format!(
                    "specs/manifest.toml: spec `{}` has unknown kind `{}`",
                    e.id, e.kind
                ));
            }
            if !e.files.contains(&e.entry) {
                return Err(format!(
                    "specs/manifest.toml: spec `{}`: entry `{}` is not in `files`",
                    e.id, e.entry
                ));
            }
        }
        Ok(manifest)
    }
}

impl Entry {
    /// The generator's view of this entry; `sha256` is what the files hash to now.
    pub fn input(&self, sha256: BTreeMap<String, String>) -> psi_codegen::SpecInput {
        psi_codegen::SpecInput {
            id: self.id.clone(),
            title: self.title.clone(),
            kind: psi_codegen::SpecKind::parse(&self.kind),
            entry: self.entry.clone(),
            provenance: self.provenance.clone(),
            endpoints: self.endpoints.clone(),
            modules: self.modules.clone(),
            sha256,
            lenient: self.lenient,
        }
    }
}

/// Rewrite the `"file" = "hex"` lines of the manifest's sha256 tables to `actual`, keeping
/// every other byte (comments included). Returns the new text.
pub fn with_sha256(text: &str, actual: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let replaced = trimmed.strip_prefix('"').and_then(|rest| {
            let end = rest.find('"')?;
            let file = &rest[..end];
            let after = rest[end + 1..].trim_start().strip_prefix('=')?.trim_start();
            let hex = after.strip_prefix('"')?.split('"').next()?;
            (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| actual.get(file))
                .flatten()
                .map(|new| format!("\"{file}\" = \"{new}\"{}", if line.ends_with('\n') { "\n" } else { "" }))
        });
        out.push_str(replaced.as_deref().unwrap_or(line));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENTRY: &str = r#"
[[spec]]
id = "a"
title = "A"
kind = "wsdl"
entry = "a/a.wsdl"
files = ["a/a.wsdl"]
publisher = "P"
provenance = "reconstructed"
confidence = "high"
"#;

    #[test]
    fn lenient_is_off_unless_the_entry_says_so() {
        let strict: Manifest = toml::from_str(ENTRY).expect("manifest");
        assert!(!strict.specs[0].input(BTreeMap::new()).lenient);
        let lenient: Manifest = toml::from_str(&format!("{ENTRY}lenient = true\n")).expect("manifest");
        assert!(lenient.specs[0].input(BTreeMap::new()).lenient);
    }
}
