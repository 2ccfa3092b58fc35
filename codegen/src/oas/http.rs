//! The HTTP side shared by both front-ends: statuses, operation names, media types,
//! security schemes and the grouping of operations into services by tag.

use super::doc::Loc;
use super::schema::Lowerer;
use crate::model::{
    Binding, Body, HttpBinding, Method, Operation, Param, Response, SecurityScheme, Service, Source, Status,
};

/// A method key of a path item.
pub(crate) fn method(key: &str) -> Option<Method> {
    Some(match key {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        "trace" => Method::Trace,
        _ => return None,
    })
}

/// A response key: `200`, `4XX`, `default`.
pub(crate) fn status(key: &str) -> Option<Status> {
    let key = key.trim();
    if key.eq_ignore_ascii_case("default") {
        return Some(Status::Default);
    }
    let b = key.as_bytes();
    if b.len() == 3 && (b'1'..=b'5').contains(&b[0]) && b[1..].iter().all(|c| *c == b'X' || *c == b'x') {
        return Some(Status::Range(b[0] - b'0'));
    }
    key.parse::<u16>()
        .ok()
        .filter(|c| (100..=599).contains(c))
        .map(Status::Code)
}

/// The name of an operation without operationId: `<method>_<path>` (`get_pets_id`).
pub(crate) fn synthesised_name(method: &str, path: &str) -> String {
    let mut out = method.to_ascii_lowercase();
    let mut gap = true;
    for c in path.chars() {
        if c.is_alphanumeric() {
            if gap {
                out.push('_');
                gap = false;
            }
            out.push(c);
        } else {
            gap = true;
        }
    }
    out
}

/// The path that names the inline type of a body or response: the component's name when it
/// was reached through a `$ref` (shared by several operations), else the operation's path.
pub(crate) fn component_path(target: &Loc, written_at: &Loc, own: &str) -> String {
    if target == written_at {
        own.to_owned()
    } else {
        target.segments().last().cloned().unwrap_or_else(|| own.to_owned())
    }
}

/// `summary` and `description` as one doc (either may be absent; equal texts once).
pub(crate) fn join_doc(summary: Option<&str>, description: Option<&str>) -> Option<String> {
    let s = summary.map(str::trim).filter(|s| !s.is_empty());
    let d = description.map(str::trim).filter(|s| !s.is_empty());
    match (s, d) {
        (Some(s), Some(d)) if s == d => Some(s.to_owned()),
        (Some(s), Some(d)) => Some(format!("{s}\n\n{d}")),
        (Some(s), None) => Some(s.to_owned()),
        (None, Some(d)) => Some(d.to_owned()),
        (None, None) => None,
    }
}

/// The essence of a media type (`application/json; charset=utf-8` → `application/json`).
pub(crate) fn essence(media: &str) -> String {
    media.split(';').next().unwrap_or(media).trim().to_ascii_lowercase()
}

/// A JSON media type: `application/json`, `*/*+json`.
pub(crate) fn is_json(media: &str) -> bool {
    let e = essence(media);
    e == "application/json" || e.ends_with("+json")
}

/// Which of several media types to use: the first JSON one, else the first.
pub(crate) fn pick_media<'a>(types: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut first = None;
    for t in types {
        if is_json(t) {
            return Some(t);
        }
        first.get_or_insert(t);
    }
    first
}

/// The scheme an `apiKey` definition stands for: a key in the `Authorization` header is a
/// bearer token.
pub(crate) fn api_key(location: &str, name: &str) -> SecurityScheme {
    if location.eq_ignore_ascii_case("header") && name.eq_ignore_ascii_case("authorization") {
        SecurityScheme::Bearer
    } else {
        SecurityScheme::ApiKey {
            location: location.to_owned(),
            name: name.to_owned(),
        }
    }
}

/// The schemes named by security requirements (alternatives, each a set of scheme names),
/// in order and without repeats. Unknown names are returned apart.
pub(crate) fn allowed<'a>(
    requirements: impl IntoIterator<Item = &'a str>,
    defined: &[(String, SecurityScheme)],
) -> (Vec<SecurityScheme>, Vec<String>) {
    let mut out: Vec<SecurityScheme> = Vec::new();
    let mut unknown = Vec::new();
    for name in requirements {
        match defined.iter().find(|(n, _)| n == name) {
            Some((_, s)) => {
                if !out.contains(s) {
                    out.push(s.clone());
                }
            }
            None => unknown.push(name.to_owned()),
        }
    }
    (out, unknown)
}

/// Every defined scheme once.
pub(crate) fn all_defined(defined: &[(String, SecurityScheme)]) -> Vec<SecurityScheme> {
    let mut out: Vec<SecurityScheme> = Vec::new();
    for (_, s) in defined {
        if !out.contains(s) {
            out.push(s.clone());
        }
    }
    out
}

/// A declared tag.
#[derive(Debug, Clone)]
pub(crate) struct TagDecl {
    pub name: String,
    pub doc: Option<String>,
    pub source: Source,
}

/// What a service gets from the document as a whole.
#[derive(Debug, Clone)]
pub(crate) struct ServiceDefaults {
    /// `info.title`: the service of untagged operations.
    pub untagged_name: String,
    /// Where the untagged service is (`/info`).
    pub untagged_source: Source,
    /// Base addresses.
    pub addresses: Vec<String>,
    /// Schemes the top level allows.
    pub security: Vec<SecurityScheme>,
}

/// Group operations by their first tag: one service per tag, in the order of the
/// top-level `tags` list, then of first appearance; untagged operations go to a service
/// named after the document. Services without operations are left out.
pub(crate) fn group(
    tags: &[TagDecl],
    ops: Vec<(Option<String>, Operation)>,
    defaults: &ServiceDefaults,
) -> Vec<Service> {
    let mut services: Vec<Service> = Vec::new();
    let new_service = |name: &str, doc: Option<String>, source: Source| Service {
        name: name.to_owned(),
        doc,
        operations: Vec::new(),
        addresses: defaults.addresses.clone(),
        security: defaults.security.clone(),
        source,
        rust_name: String::new(),
    };
    let mut used: Vec<bool> = vec![false; tags.len()];
    for (tag, _) in &ops {
        if let Some(t) = tag
            && let Some(i) = tags.iter().position(|d| d.name == *t)
        {
            used[i] = true;
        }
    }
    for (i, t) in tags.iter().enumerate() {
        if used[i] && !services.iter().any(|s| s.name == t.name) {
            services.push(new_service(&t.name, t.doc.clone(), t.source.clone()));
        }
    }
    for (tag, op) in ops {
        let name = tag.as_deref().unwrap_or(&defaults.untagged_name);
        let i = match services.iter().position(|s| s.name == name) {
            Some(i) => i,
            None => {
                let source = if tag.is_some() {
                    op.source.clone()
                } else {
                    defaults.untagged_source.clone()
                };
                services.push(new_service(name, None, source));
                services.len() - 1
            }
        };
        services[i].operations.push(op);
    }
    services
}

/// The operation-level security: `None` (no `security` key) means "as the service". An
/// empty list where the document defines schemes means "no authentication", which the model
/// cannot say: it is warned about and the service's schemes stay.
pub(crate) fn operation_security(
    lw: &mut Lowerer<'_>,
    op_loc: &Loc,
    schemes: Option<Vec<SecurityScheme>>,
    has_security: bool,
) -> Vec<SecurityScheme> {
    let Some(schemes) = schemes else { return Vec::new() };
    if schemes.is_empty() && has_security {
        lw.warn(
            op_loc,
            "the operation needs no authentication, which the model cannot say (it keeps the service's schemes)",
        );
    }
    schemes
}

/// The pieces of one HTTP operation, as both front-ends gather them.
pub(crate) struct OperationParts<'a> {
    pub name: String,
    pub summary: Option<&'a str>,
    pub description: Option<&'a str>,
    pub deprecated: bool,
    pub method: Method,
    pub path: &'a str,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub form: Option<String>,
    pub responses: Vec<Response>,
    pub security: Vec<SecurityScheme>,
    pub source: Source,
}

/// Assemble the model's operation.
pub(crate) fn operation(parts: OperationParts<'_>) -> Operation {
    Operation {
        name: parts.name,
        doc: join_doc(parts.summary, parts.description),
        deprecated: parts.deprecated,
        binding: Binding::Http(HttpBinding {
            method: parts.method,
            path: parts.path.to_owned(),
            params: parts.params,
            body: parts.body,
            form: parts.form,
            responses: parts.responses,
            security: parts.security,
        }),
        source: parts.source,
        rust_name: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(status("200"), Some(Status::Code(200)));
        assert_eq!(status("4XX"), Some(Status::Range(4)));
        assert_eq!(status("5xx"), Some(Status::Range(5)));
        assert_eq!(status("default"), Some(Status::Default));
        assert_eq!(status("x-foo"), None);
        assert_eq!(status("99"), None);
    }

    #[test]
    fn names_and_media() {
        assert_eq!(synthesised_name("get", "/pets/{id}"), "get_pets_id");
        assert_eq!(
            synthesised_name("put", "/ci/documento-pagamento/{identificador}"),
            "put_ci_documento_pagamento_identificador"
        );
        assert_eq!(
            pick_media(["application/xml", "application/json; charset=utf-8"]),
            Some("application/json; charset=utf-8")
        );
        assert_eq!(pick_media(["multipart/form-data"]), Some("multipart/form-data"));
        assert!(is_json("application/problem+json"));
    }
}
