//! Shared machinery of the Swagger 2.0 ([`crate::swagger2`]) and OpenAPI 3.0
//! ([`crate::openapi3`]) front-ends.
//!
//! - [`depth`]: the nesting depth of a YAML or JSON text, bounded before parsing;
//! - [`doc`]: the spec files parsed once into JSON values (YAML and JSON, anchors and merge
//!   keys applied), JSON pointers, and `$ref` resolution within and across files;
//! - [`schema`]: the schema lowering both dialects share (named schemas declared first and
//!   defined from a queue, so references may form cycles);
//! - [`http`]: statuses, operation names, media types, security schemes and the grouping of
//!   operations into services by tag.

pub(crate) mod depth;
pub(crate) mod doc;
pub(crate) mod http;
pub(crate) mod schema;
#[cfg(test)]
mod tests;

use serde_json::Value;

/// The path that names the inline type of a body or response: the component's name when it
/// was reached through a `$ref` (shared by several operations), else the operation's path.
pub(crate) fn component_path(target: &doc::Loc, written_at: &doc::Loc, own: &str) -> String {
    if target == written_at {
        own.to_owned()
    } else {
        target.segments().last().cloned().unwrap_or_else(|| own.to_owned())
    }
}

/// Which language a parsed document is written in, by its version field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Version {
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
pub(crate) fn version(doc: &Value) -> Version {
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

/// Load a Swagger 2.0 or OpenAPI 3.0 spec set: parse the entry, check its version, hand it
/// to the front-end of its language (whichever of the two was asked for).
pub(crate) fn load(
    info: crate::model::SpecInfo,
    files: &crate::SpecFiles,
) -> Result<crate::model::Model, crate::Error> {
    use crate::Error;
    use crate::model::{Position, Source};

    let mut docs = doc::Docs::new(files);
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
        Version::Swagger2 => crate::swagger2::lower(info, docs),
        Version::OpenApi30 => crate::openapi3::lower(info, docs),
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
