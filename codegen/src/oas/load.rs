//! The entry point of the Swagger 2.0 and OpenAPI 3.0 front-ends: parse the entry file,
//! read its version field and hand the parsed documents to the front-end of that language.
//!
//! Dependencies run one way: this dispatcher knows both front-ends ([`super::swagger2`],
//! [`super::openapi3`]) and the shared machinery; the front-ends know the shared machinery
//! only.

use serde_json::Value;

use super::doc::{self, Docs};
use super::{openapi3, swagger2};
use crate::model::{Model, Position, Source, SpecInfo};
use crate::{Error, SpecFiles};

/// Which language a parsed document is written in, by its version field.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Version {
    /// `swagger: "2.0"` (or the YAML float `2.0`).
    Swagger2,
    /// `openapi: 3.0.x`.
    OpenApi30,
    /// Another `openapi` version, as written.
    OpenApiOther(String),
    /// Another `swagger` version, as written.
    SwaggerOther(String),
    /// Neither field.
    Unknown,
}

/// Read the version field of a document.
fn version(doc: &Value) -> Version {
    if let Some(v) = doc.get("openapi") {
        let text = doc::value_text(v);
        return if text.starts_with("3.0") {
            Version::OpenApi30
        } else {
            Version::OpenApiOther(text)
        };
    }
    if let Some(v) = doc.get("swagger") {
        let ok = match v {
            Value::String(s) => s.trim() == "2.0",
            Value::Number(n) => n.as_f64() == Some(2.0),
            _ => false,
        };
        return if ok {
            Version::Swagger2
        } else {
            Version::SwaggerOther(doc::value_text(v))
        };
    }
    Version::Unknown
}

/// Parse and lower a Swagger 2.0 or OpenAPI 3.0 spec set whose entry is `info.entry`: the
/// entry's version field chooses the front-end, whichever of the two languages was asked for.
pub fn load(info: SpecInfo, files: &SpecFiles) -> Result<Model, Error> {
    let mut docs = Docs::new(files);
    let manifest = Source {
        file: "(manifest)".into(),
        at: Position::File,
    };
    let root = docs.doc(&info.entry, &manifest)?;
    let at = |ptr: &str| Source {
        file: info.entry.clone(),
        at: Position::Pointer(ptr.into()),
    };
    match version(&root) {
        Version::Swagger2 => swagger2::lower(info, docs),
        Version::OpenApi30 => openapi3::lower(info, docs),
        Version::OpenApiOther(v) if v.starts_with("3.1") => Err(Error::unsupported(
            at("/openapi"),
            format!("OpenAPI 3.1 is not supported; 3.0.x and Swagger 2.0 are (this document says `openapi: {v}`)"),
        )),
        Version::OpenApiOther(v) => Err(Error::unsupported(
            at("/openapi"),
            format!("OpenAPI {v} is not supported; 3.0.x and Swagger 2.0 are"),
        )),
        Version::SwaggerOther(v) => Err(Error::unsupported(
            at("/swagger"),
            format!("Swagger {v} is not supported; Swagger 2.0 and OpenAPI 3.0.x are"),
        )),
        Version::Unknown => Err(Error::spec(
            at(""),
            "neither `swagger: \"2.0\"` nor `openapi: 3.0.x` at the top level: not a Swagger/OpenAPI document",
        )),
    }
}
