//! Front-end: Swagger 2.0 (YAML or JSON, one file or several joined by `$ref`).
//!
//! Parse stage: the raw structs below, deserialised node by node from the parsed document
//! (see `crate::oas::doc`) so that an error names the node. Lower stage: schemas go
//! through the lowering shared with OpenAPI 3.0 (`crate::oas::schema`); parameters,
//! bodies, responses and security become the HTTP side of [`crate::model::Operation`].
//!
//! Mapping:
//! - `definitions/X` → named types; `in: body` → [`Body`] (media type: the JSON one of
//!   `consumes`, else its first, else `application/json`); `formData` → [`ParamLocation::Form`]
//!   (a multipart body when `consumes` lists `multipart/form-data` and a field is a file or
//!   the URL-encoded form is not listed; `type: file` → a file field);
//! - `x-example` (or `example`) → [`Param::example`]; global `#/parameters/X` and
//!   `#/responses/X` are followed;
//! - `host` + `basePath` → the service address (`schemes[0]://host/basePath`, `basePath`
//!   alone without `host`);
//! - `securityDefinitions`: `basic` → Basic, `apiKey` in the `Authorization` header → Bearer,
//!   other `apiKey` → ApiKey, `oauth2` → OAuth2.

use serde::Deserialize;
use serde_json::Value;

use crate::Error;
use crate::model::{
    ArenaBuilder, ArrayStyle, Body, Model, Operation, Param, ParamLocation, PathStyle, Primitive, Response,
    ResponseHeader, SecurityScheme, SpecInfo,
};
use crate::oas::doc::{Docs, Loc, value_text};
use crate::oas::http::{self, ServiceDefaults, TagDecl};
use crate::oas::schema::{Dialect, Lowerer, Ordered};

// ---------------------------------------------------------------------------------------
// Parse stage.
// ---------------------------------------------------------------------------------------

/// The top level of a Swagger 2.0 document (paths, definitions, parameters and responses are
/// read node by node).
#[derive(Debug, Default)]
struct Root {
    info: InfoObject,
    host: Option<String>,
    base_path: Option<String>,
    schemes: Vec<String>,
    consumes: Vec<String>,
    produces: Vec<String>,
    tags: Vec<TagObject>,
    security_definitions: Ordered<SecurityDefinition>,
    security: Option<Vec<Ordered<Value>>>,
}

impl Root {
    /// Read the top level key by key (an error names the key).
    fn read(docs: &mut Docs<'_>, at: &Loc) -> Result<Root, Error> {
        Ok(Root {
            info: docs.typed_opt(&at.child("info"), "info")?.unwrap_or_default(),
            host: docs.typed_opt(&at.child("host"), "host")?,
            base_path: docs.typed_opt(&at.child("basePath"), "basePath")?,
            schemes: docs.typed_opt(&at.child("schemes"), "schemes")?.unwrap_or_default(),
            consumes: docs.typed_opt(&at.child("consumes"), "consumes")?.unwrap_or_default(),
            produces: docs.typed_opt(&at.child("produces"), "produces")?.unwrap_or_default(),
            tags: docs.typed_opt(&at.child("tags"), "tags")?.unwrap_or_default(),
            security_definitions: docs
                .typed_opt(&at.child("securityDefinitions"), "securityDefinitions")?
                .unwrap_or_default(),
            security: docs.typed_opt(&at.child("security"), "security")?,
        })
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct InfoObject {
    title: Option<String>,
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
struct TagObject {
    name: String,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
struct SecurityDefinition {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(rename = "in", default)]
    location: Option<String>,
}

/// An operation object (parameters and responses are read node by node).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct OperationObject {
    tags: Vec<String>,
    summary: Option<String>,
    description: Option<String>,
    #[serde(rename = "operationId")]
    operation_id: Option<String>,
    consumes: Option<Vec<String>>,
    produces: Option<Vec<String>>,
    deprecated: bool,
    security: Option<Vec<Ordered<Value>>>,
}

/// A parameter object; its type keywords (`type`, `format`, `items`, `enum`, bounds) are
/// read as a schema from the same node.
#[derive(Debug, Deserialize)]
struct ParameterObject {
    name: String,
    #[serde(rename = "in")]
    location: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    required: bool,
    #[serde(rename = "x-example", default)]
    x_example: Option<Value>,
    #[serde(default)]
    example: Option<Value>,
    #[serde(rename = "collectionFormat", default)]
    collection_format: Option<String>,
    #[serde(rename = "type", default)]
    kind: Option<Value>,
    #[serde(default)]
    format: Option<Value>,
    #[serde(default)]
    items: Option<Value>,
}

impl ParameterObject {
    /// A file: `type: file` (or `format: binary`), itself or as the items of an array.
    fn is_file(&self) -> bool {
        let file = |kind: Option<&Value>, format: Option<&Value>| {
            kind.and_then(Value::as_str) == Some("file") || format.and_then(Value::as_str) == Some("binary")
        };
        file(self.kind.as_ref(), self.format.as_ref())
            || self
                .items
                .as_ref()
                .is_some_and(|i| file(i.get("type"), i.get("format")))
    }
}

/// A response object.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ResponseObject {
    description: Option<String>,
    schema: Option<Value>,
    headers: Ordered<Value>,
}

// ---------------------------------------------------------------------------------------
// Lower stage.
// ---------------------------------------------------------------------------------------

/// Lower a Swagger 2.0 document whose version was checked.
pub(crate) fn lower(info: SpecInfo, docs: Docs<'_>) -> Result<Model, Error> {
    let entry = Loc::root(&info.entry);
    let mut lw = Lowerer::new(docs, ArenaBuilder::new(info), Dialect::Swagger2);
    let root = Root::read(&mut lw.docs, &entry)?;
    if lw.arena.model.spec.doc.is_none() {
        lw.arena.model.spec.doc = root.info.description.clone();
    }

    // Named schemas first (declared in document order, defined from the queue).
    let defs = entry.child("definitions");
    for name in lw.docs.keys(&defs)? {
        lw.type_at(&defs.child(&name));
    }
    lw.drain()?;

    // Security.
    let mut defined: Vec<(String, SecurityScheme)> = Vec::new();
    let sec_loc = entry.child("securityDefinitions");
    for (name, def) in root.security_definitions.iter() {
        let scheme = match def.kind.as_str() {
            "basic" => SecurityScheme::Basic,
            "apiKey" => {
                let location = def.location.as_deref().unwrap_or("header");
                let key = def.name.as_deref().unwrap_or_default();
                if !matches!(location, "header" | "query") || key.is_empty() {
                    lw.warn(
                        &sec_loc.child(name),
                        format!(
                            "apiKey scheme `{name}` puts key `{key}` in `{location}`: Swagger 2.0 puts a named key in a header or the query; ignored"
                        ),
                    );
                    continue;
                }
                http::api_key(location, key)
            }
            "oauth2" => SecurityScheme::OAuth2,
            other => {
                lw.warn(
                    &sec_loc.child(name),
                    format!("security scheme type `{other}` is not known; ignored"),
                );
                continue;
            }
        };
        defined.push((name.clone(), scheme));
    }
    let security = match &root.security {
        None => http::all_defined(&defined),
        Some(reqs) => requirement_schemes(&mut lw, &entry.child("security"), reqs, &defined),
    };

    let addresses = match (&root.host, &root.base_path) {
        (Some(host), base) => {
            let scheme = root.schemes.first().map(String::as_str).unwrap_or("https");
            vec![format!("{scheme}://{host}{}", base.as_deref().unwrap_or(""))]
        }
        (None, Some(base)) => vec![base.clone()],
        (None, None) => Vec::new(),
    };

    let ctx = Ctx {
        consumes: root.consumes.clone(),
        produces: root.produces.clone(),
        defined,
        has_security: !security.is_empty(),
    };
    let mut ops = Vec::new();
    let paths_loc = entry.child("paths");
    for path in lw.docs.keys(&paths_loc)? {
        if path.starts_with("x-") {
            continue; // extensions
        }
        if !path.starts_with('/') {
            lw.warn(
                &paths_loc.child(&path),
                format!("path `{path}` does not start with `/`; kept as written"),
            );
        }
        let item = lw.docs.deref(&paths_loc.child(&path))?;
        if !lw.docs.with(&item, |v| v.is_some_and(Value::is_object))? {
            return Err(Error::spec(item.source(), "a path item must be an object"));
        }
        let keys = lw.docs.keys(&item)?;
        let shared: Vec<Loc> = (0..lw.docs.len(&item.child("parameters"))?)
            .map(|i| item.child("parameters").index(i))
            .collect();
        for key in keys {
            if let Some(method) = http::method(&key) {
                ops.push(operation(
                    &mut lw,
                    &ctx,
                    &path,
                    method,
                    &key,
                    &item.child(&key),
                    &shared,
                )?);
            }
        }
    }

    let tags: Vec<TagDecl> = root
        .tags
        .iter()
        .enumerate()
        .map(|(i, t)| TagDecl {
            name: t.name.clone(),
            doc: t.description.clone(),
            source: entry.child("tags").index(i).source(),
        })
        .collect();
    let defaults = ServiceDefaults {
        untagged_name: root
            .info
            .title
            .clone()
            .unwrap_or_else(|| lw.arena.model.spec.title.clone()),
        untagged_source: entry.child("info").source(),
        addresses,
        security,
    };
    lw.arena.model.services = http::group(&tags, ops, &defaults);
    lw.finish()
}

/// Document-wide defaults an operation falls back on.
struct Ctx {
    consumes: Vec<String>,
    produces: Vec<String>,
    defined: Vec<(String, SecurityScheme)>,
    has_security: bool,
}

/// The schemes of a `security` list (scopes ignored).
fn requirement_schemes(
    lw: &mut Lowerer<'_>,
    at: &Loc,
    reqs: &[Ordered<Value>],
    defined: &[(String, SecurityScheme)],
) -> Vec<SecurityScheme> {
    let names = reqs.iter().flat_map(|r| r.iter().map(|(n, _)| n.as_str()));
    let (schemes, unknown) = http::allowed(names, defined);
    for name in unknown {
        lw.warn(
            at,
            format!("security requirement names `{name}`, which securityDefinitions does not define; ignored"),
        );
    }
    schemes
}

fn operation(
    lw: &mut Lowerer<'_>,
    ctx: &Ctx,
    path: &str,
    method: crate::model::Method,
    method_key: &str,
    op_loc: &Loc,
    shared: &[Loc],
) -> Result<(Option<String>, Operation), Error> {
    let op: OperationObject = lw.docs.typed(op_loc, "operation")?;
    let name = op
        .operation_id
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| http::synthesised_name(method_key, path));

    // Path-level parameters, replaced in place by operation-level ones of the same name and
    // location; then the operation's own.
    let mut param_locs: Vec<(String, String, Loc, Loc)> = Vec::new();
    let own: Vec<Loc> = (0..lw.docs.len(&op_loc.child("parameters"))?)
        .map(|i| op_loc.child("parameters").index(i))
        .collect();
    for (is_own, at) in shared.iter().map(|l| (false, l)).chain(own.iter().map(|l| (true, l))) {
        let target = lw.docs.deref(at)?;
        let (pname, pin) = lw.docs.with(&target, |v| {
            let text = |key: &str| {
                v.and_then(|v| v.get(key))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            (text("name"), text("in"))
        })?;
        match param_locs.iter_mut().find(|(n, i, _, _)| *n == pname && *i == pin) {
            Some(slot) if is_own => {
                slot.2 = target;
                slot.3 = at.clone();
            }
            _ => param_locs.push((pname, pin, target, at.clone())),
        }
    }

    let consumes = op.consumes.as_ref().unwrap_or(&ctx.consumes);
    let produces = op.produces.as_ref().unwrap_or(&ctx.produces);
    let mut params = Vec::new();
    let mut body = None;
    for (_, _, ploc, written_at) in &param_locs {
        let p: ParameterObject = lw.docs.typed(ploc, "parameter")?;
        let location = match p.location.as_str() {
            "body" => {
                let sloc = ploc.child("schema");
                if lw.docs.node(&sloc)?.is_none() {
                    return Err(Error::spec(
                        ploc.source(),
                        format!("body parameter `{}` has no schema", p.name),
                    ));
                }
                let path = http::component_path(ploc, written_at, &format!("{name}/body"));
                let ty = lw.schema_type_at(&sloc, &path)?;
                let content_type = http::pick_media(consumes.iter().map(String::as_str))
                    .unwrap_or("application/json")
                    .to_owned();
                body = Some(Body {
                    content_type,
                    ty,
                    required: p.required,
                    doc: p.description.clone(),
                });
                continue;
            }
            "path" => ParamLocation::Path,
            "query" => ParamLocation::Query,
            "header" => ParamLocation::Header,
            "formData" => ParamLocation::Form,
            other => {
                return Err(Error::spec(
                    ploc.source(),
                    format!(
                        "parameter `{}` is `in: {other}`; Swagger 2.0 knows path, query, header, formData and body",
                        p.name
                    ),
                ));
            }
        };
        let raw = lw.raw_at(ploc)?;
        let own_path = format!("{name}/{}", p.name);
        let path = http::component_path(ploc, written_at, &own_path);
        let (ty, list) = lw.field_type(&raw, ploc, &path)?;
        // `collectionFormat` (default csv); `multi` only for query and form parameters.
        let array_style = if list {
            match p.collection_format.as_deref().unwrap_or("csv") {
                "csv" => ArrayStyle::Joined(','),
                "ssv" => ArrayStyle::Joined(' '),
                "tsv" => ArrayStyle::Joined('\t'),
                "pipes" => ArrayStyle::Joined('|'),
                "multi" if matches!(location, ParamLocation::Query | ParamLocation::Form) => ArrayStyle::Repeated,
                other => {
                    return Err(Error::spec(
                        ploc.source(),
                        format!(
                            "array parameter `{}` has collectionFormat `{other}`, which Swagger 2.0 does not allow here",
                            p.name
                        ),
                    ));
                }
            }
        } else {
            ArrayStyle::Single
        };
        params.push(Param {
            wire: p.name.clone(),
            location,
            ty,
            required: p.required || location == ParamLocation::Path,
            list,
            array_style,
            path_style: PathStyle::Simple,
            explode: false,
            file: location == ParamLocation::Form && p.is_file(),
            content_type: None,
            doc: p.description.clone(),
            example: p.x_example.as_ref().or(p.example.as_ref()).map(value_text),
            rust_name: String::new(),
        });
    }
    let form = form_media(lw, op_loc, consumes, &params);

    // Responses, in document order.
    let mut responses = Vec::new();
    let rloc = op_loc.child("responses");
    for key in lw.docs.keys(&rloc)? {
        if key.starts_with("x-") {
            continue;
        }
        let at = rloc.child(&key);
        let Some(status) = http::status(&key) else {
            lw.warn(
                &at,
                format!("response key `{key}` is not a status code, a range or `default`; ignored"),
            );
            continue;
        };
        let target = lw.docs.deref(&at)?;
        let r: ResponseObject = lw.docs.typed(&target, "response")?;
        let type_path = http::component_path(&target, &at, &format!("{name}/{key}"));
        let ty = match &r.schema {
            Some(_) => Some(lw.schema_type_at(&target.child("schema"), &type_path)?),
            None => None,
        };
        // Response headers: scalars typed; an array header is read as its text.
        let mut headers = Vec::new();
        for (h, v) in r.headers.iter() {
            let hloc = target.child("headers").child(h);
            let raw = lw.raw_at(&hloc)?;
            let hpath = http::component_path(&target, &at, &format!("{name}/{key}/{h}"));
            let (ty, list) = lw.field_type(&raw, &hloc, &hpath)?;
            headers.push(ResponseHeader {
                wire: h.clone(),
                ty: if list {
                    lw.arena.primitive(Primitive::String)
                } else {
                    ty
                },
                required: false,
                doc: v.get("description").and_then(Value::as_str).map(str::to_owned),
            });
        }
        let content_type = ty.map(|_| {
            http::pick_media(produces.iter().map(String::as_str))
                .unwrap_or("application/json")
                .to_owned()
        });
        responses.push(Response {
            status,
            content_type,
            ty,
            headers,
            doc: r.description.clone(),
            rust_name: String::new(),
        });
    }

    let schemes = op
        .security
        .as_ref()
        .map(|reqs| requirement_schemes(lw, &op_loc.child("security"), reqs, &ctx.defined));
    let security = http::operation_security(lw, op_loc, schemes, ctx.has_security);

    let operation = http::operation(http::OperationParts {
        name,
        summary: op.summary.as_deref(),
        description: op.description.as_deref(),
        deprecated: op.deprecated,
        method,
        path,
        params,
        body,
        form,
        responses,
        security,
        source: op_loc.source(),
    });
    Ok((op.tags.first().cloned(), operation))
}

/// The media type of the body that `formData` parameters make, from `consumes`: multipart
/// when it is listed and a field is a file (or the URL-encoded form is not listed), else the
/// URL-encoded form. When `consumes` lists neither, the choice is warned about.
fn form_media(lw: &mut Lowerer<'_>, op_loc: &Loc, consumes: &[String], params: &[Param]) -> Option<String> {
    const URLENCODED: &str = "application/x-www-form-urlencoded";
    const MULTIPART: &str = "multipart/form-data";
    let fields: Vec<&Param> = params.iter().filter(|p| p.location == ParamLocation::Form).collect();
    if fields.is_empty() {
        return None;
    }
    let has_file = fields.iter().any(|p| p.file);
    let listed = |media: &str| consumes.iter().any(|c| http::essence(c) == media);
    let (multipart, urlencoded) = (listed(MULTIPART), listed(URLENCODED));
    let chosen = if multipart && (has_file || !urlencoded) {
        MULTIPART
    } else if urlencoded {
        URLENCODED
    } else {
        let chosen = if has_file { MULTIPART } else { URLENCODED };
        lw.warn(
            op_loc,
            format!(
                "formData parameters, but `consumes` lists neither {URLENCODED} nor {MULTIPART}; the form is sent as {chosen}"
            ),
        );
        chosen
    };
    Some(chosen.to_owned())
}
