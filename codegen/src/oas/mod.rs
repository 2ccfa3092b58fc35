//! The Swagger 2.0 and OpenAPI 3.0 front-ends and their shared machinery.
//!
//! - [`load`]: the entry point; reads the entry's version field and hands the documents to
//!   the front-end of that language;
//! - [`swagger2`], [`openapi3`]: the front-ends, one per language; each depends on the
//!   shared machinery below, never on the other or on the entry point;
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
pub(crate) mod load;
pub(crate) mod openapi3;
pub(crate) mod schema;
pub(crate) mod swagger2;
#[cfg(test)]
mod tests;
