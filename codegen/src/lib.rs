//! `psi-codegen` turns WSDL 1.1 + XSD and Swagger 2.0 / OpenAPI 3.0 specs into Rust.
//!
//! The pipeline runs in one direction, with typed data between stages:
//!
//! 1. **parse**: each front-end reads its files into raw structures
//!    ([`xsd`], [`wsdl`], [`swagger2`], [`openapi3`]);
//! 2. **lower**: the raw structures become one [`model::Model`] per spec set, types in an arena;
//! 3. **passes** ([`passes`]): type substitution (`xsi:type`), well-known identifiers,
//!    cycles, modules, Rust names;
//! 4. **emit** ([`emit`]): `quote!` token streams;
//! 5. **format**: `syn::parse2` + `prettyplease`.
//!
//! The library never touches the file system or the network: spec files come in as
//! [`SpecFiles`], generated files go out as a map of relative path → text.

pub mod calendar;
mod detect;
pub mod diff;
pub mod dump;
pub mod emit;
pub mod error;
pub mod model;
mod oas;
pub mod passes;
pub mod text;
pub mod wsdl;
pub mod xsd;

use std::collections::BTreeMap;

pub use detect::{detect_kind, xml_imports};
pub use error::Error;
pub use model::Model;

/// Front-end: Swagger 2.0 (YAML or JSON, one file or several joined by `$ref`).
///
/// Swagger 2.0 and OpenAPI 3.0 share one entry point, which reads the entry file's version
/// field and lowers the document with the front-end of that language; [`openapi3::load`]
/// is the same function.
pub mod swagger2 {
    pub use crate::oas::load::load;
}

/// Front-end: OpenAPI 3.0.x (YAML or JSON, one file or several joined by `$ref`).
///
/// OpenAPI 3.0 and Swagger 2.0 share one entry point, which reads the entry file's version
/// field and lowers the document with the front-end of that language; [`swagger2::load`]
/// is the same function. OpenAPI 3.1 is refused.
pub mod openapi3 {
    pub use crate::oas::load::load;
}

/// The files of one or more spec sets, by path relative to a root, plus a catalog that maps
/// remote URLs to local paths so that imports resolve off-line.
#[derive(Debug, Clone, Default)]
pub struct SpecFiles {
    files: BTreeMap<String, Vec<u8>>,
    catalog: BTreeMap<String, String>,
}

impl SpecFiles {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a file under a relative path (`/`-separated).
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    /// Map a remote URL (as written in an import) to a path of this set.
    pub fn map_url(&mut self, url: impl Into<String>, path: impl Into<String>) {
        self.catalog.insert(url.into(), path.into());
    }

    /// The bytes of a file.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// Every path in the set.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Resolve a reference found in file `from` (a relative path, or an absolute URL known to
    /// the catalog) to a path of this set. `None` when the target is not in the set.
    pub fn resolve(&self, from: &str, reference: &str) -> Option<String> {
        if let Some(path) = self.catalog.get(reference) {
            return Some(path.clone());
        }
        if reference.contains("://") {
            return None;
        }
        let joined = join_relative(from, reference)?;
        self.files.contains_key(&joined).then_some(joined)
    }
}

/// Join a relative reference onto the directory of `from`, normalising `.` and `..`.
/// `None` when the result would leave the root.
pub fn join_relative(from: &str, reference: &str) -> Option<String> {
    let reference = reference.split(['#', '?']).next().unwrap_or("");
    let mut parts: Vec<&str> = if reference.starts_with('/') {
        Vec::new()
    } else {
        let mut p: Vec<&str> = from.split('/').collect();
        p.pop();
        p
    };
    for seg in reference.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Which language a spec set is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SpecKind {
    /// WSDL 1.1 with XSD.
    Wsdl,
    /// A bare XSD (types only, no operations).
    Xsd,
    /// Swagger 2.0 (YAML or JSON).
    Swagger2,
    /// OpenAPI 3.0.x (YAML or JSON).
    OpenApi3,
}

impl SpecKind {
    /// Parse the manifest spelling (`wsdl`, `xsd`, `swagger2`, `openapi3`).
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "wsdl" => SpecKind::Wsdl,
            "xsd" => SpecKind::Xsd,
            "swagger2" => SpecKind::Swagger2,
            "openapi3" => SpecKind::OpenApi3,
            _ => return None,
        })
    }

    /// The manifest spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SpecKind::Wsdl => "wsdl",
            SpecKind::Xsd => "xsd",
            SpecKind::Swagger2 => "swagger2",
            SpecKind::OpenApi3 => "openapi3",
        }
    }
}

/// What the generator needs to know about one spec set (a manifest entry).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SpecInput {
    /// Stable id (`cessar-vinculo`).
    pub id: String,
    /// Human title.
    pub title: String,
    /// Language; `None` = detect from the entry file.
    pub kind: Option<SpecKind>,
    /// Entry file, relative to the root of the [`SpecFiles`].
    pub entry: String,
    /// `official` or `reconstructed`, carried into the generated docs.
    pub provenance: String,
    /// Environment name (`producao`, `qualidade-preapp`, …) → base URL.
    pub endpoints: BTreeMap<String, String>,
    /// Service name (WSDL service or OpenAPI tag) → Rust module name, overriding the default.
    pub modules: BTreeMap<String, String>,
    /// Hex sha256 of each file, recorded in generated headers.
    pub sha256: BTreeMap<String, String>,
    /// Lenient mode: an undefined XSD type or element, or a `$ref` that points to nothing,
    /// becomes an opaque value (raw XML, or a JSON value) with a warning naming where it
    /// was, and the rest of the spec generates. Off (strict: such a reference is an error)
    /// unless asked for.
    pub lenient: bool,
}

/// Parse and lower one spec set into its model (stages 1–2; references resolved).
pub fn load(input: &SpecInput, files: &SpecFiles) -> Result<Model, Error> {
    let kind = match input.kind {
        Some(k) => k,
        None => {
            let bytes = files.get(&input.entry).ok_or_else(|| Error::MissingFile {
                path: input.entry.clone(),
                referenced_from: model::Source {
                    file: "(manifest)".into(),
                    at: model::Position::File,
                },
            })?;
            detect::detect(&input.entry, bytes)?
        }
    };
    let info = model::SpecInfo {
        id: input.id.clone(),
        title: input.title.clone(),
        entry: input.entry.clone(),
        doc: None,
        lenient: input.lenient,
    };
    match kind {
        SpecKind::Wsdl => wsdl::load(info, files),
        SpecKind::Xsd => xsd::load(info, files),
        SpecKind::Swagger2 | SpecKind::OpenApi3 => oas::load::load(info, files),
    }
}

/// Options of the emitter.
#[derive(Debug, Clone)]
pub struct Options {
    /// Path of the runtime crate as generated code names it (`crate::rt` inside the
    /// generated crate, `::psi_client::rt` from outside).
    pub runtime_path: String,
    /// Path of the api root as generated code names it (`crate::api`).
    pub api_path: String,
    /// The command that regenerates, written into every header.
    pub regenerate_command: String,
    /// The folder the spec files are in, as headers name it (`specs`).
    pub spec_dir: String,
    /// Modules emitted outside the spec pipeline (such as the SIOE calendar), declared in
    /// the api root: module name → doc line.
    pub extra_modules: BTreeMap<String, String>,
    /// Also emit `roundtrip_document`, which decodes a document whose root is a global
    /// element of an XML spec and writes it back (used by the conformance round trips).
    pub document_roundtrip: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            runtime_path: "crate::rt".into(),
            api_path: "crate::api".into(),
            regenerate_command: "cargo xtask codegen".into(),
            spec_dir: "specs".into(),
            extra_modules: BTreeMap::new(),
            document_roundtrip: false,
        }
    }
}

/// The result of a generation run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Generated {
    /// Relative path (below the `api` folder) → file text.
    pub files: BTreeMap<String, String>,
    /// Things skipped on purpose, with where and why.
    pub warnings: Vec<model::Warning>,
}

/// Run the passes and the emitter over loaded models (stages 3–5).
pub fn generate(specs: Vec<(SpecInput, Model)>, options: &Options) -> Result<Generated, Error> {
    let program = passes::run(specs)?;
    emit::emit(&program, options)
}

/// Load and generate in one call.
pub fn generate_all(inputs: &[SpecInput], files: &SpecFiles, options: &Options) -> Result<Generated, Error> {
    let mut loaded = Vec::with_capacity(inputs.len());
    for input in inputs {
        loaded.push((input.clone(), load(input, files)?));
    }
    generate(loaded, options)
}
