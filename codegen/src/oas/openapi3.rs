//! Front-end: OpenAPI 3.0.x (YAML or JSON, one file or several joined by `$ref`).
//!
//! Parse stage: the [`openapiv3`] types, deserialised node by node from the parsed document
//! (see `crate::oas::doc`) so that an error names the node (path items, operations,
//! parameters, bodies, responses, security schemes). Schemas are lowered from the JSON value
//! at the same pointer through the lowering shared with Swagger 2.0
//! (`crate::oas::schema`): numbers keep their text form, and `$ref` siblings and
//! extensions stay visible.
//!
//! Mapping:
//! - `components/schemas/X` → named types; path items, parameters, request bodies and
//!   responses may be `$ref`s into this or other files;
//! - request body: the `application/json` (or `*+json`) media type when there is one, else
//!   the first; `application/octet-stream` without a schema → Base64; a URL-encoded or
//!   multipart form of an object → one form field per property (see `form`, beside this
//!   file);
//! - path parameters: `style` `simple`, `label` or `matrix`, with `explode`;
//! - responses: one per status key (`200`, `4XX`, `default`), the JSON media type preferred;
//! - `servers[].url` → service addresses (server variables replaced by their defaults);
//! - `securitySchemes`: http basic → Basic, http bearer → Bearer, apiKey in the
//!   `Authorization` header → Bearer, other apiKey → ApiKey, oauth2/openIdConnect → OAuth2.
//!
//! OpenAPI 3.1 never reaches this front-end: the dispatcher (`load`, beside this file)
//! refuses it by its version field.

use openapiv3::{Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, SecurityRequirement};

use crate::Error;
use crate::model::{
    ArenaBuilder, ArrayStyle, Body, Method, Model, Operation, Param, ParamLocation, PathStyle, Primitive, Response,
    ResponseHeader, SecurityScheme, SpecInfo, TypeId,
};
use crate::oas::doc::{Docs, Loc, value_text};
use crate::oas::http::{self, ServiceDefaults, TagDecl};
use crate::oas::schema::{Dialect, Lowerer};

mod form;

/// Lower an OpenAPI 3.0 document whose version was checked.
pub(crate) fn lower(info: SpecInfo, docs: Docs<'_>) -> Result<Model, Error> {
    let entry = Loc::root(&info.entry);
    let mut lw = Lowerer::new(docs, ArenaBuilder::new(info), Dialect::OpenApi3);

    let api_info: Option<openapiv3::Info> = lw.docs.typed_opt(&entry.child("info"), "info")?;
    let servers: Vec<openapiv3::Server> = lw
        .docs
        .typed_opt(&entry.child("servers"), "servers")?
        .unwrap_or_default();
    let tags: Vec<openapiv3::Tag> = lw.docs.typed_opt(&entry.child("tags"), "tags")?.unwrap_or_default();
    let security: Option<Vec<SecurityRequirement>> = lw.docs.typed_opt(&entry.child("security"), "security")?;
    if lw.arena.model.spec.doc.is_none() {
        lw.arena.model.spec.doc = api_info.as_ref().and_then(|i| i.description.clone());
    }

    // Named schemas first (declared in document order, defined from the queue).
    let schemas = entry.child("components").child("schemas");
    for name in keys(&mut lw, &schemas)? {
        lw.type_at(&schemas.child(&name));
    }
    lw.drain()?;

    // Security.
    let mut defined: Vec<(String, SecurityScheme)> = Vec::new();
    let schemes_loc = entry.child("components").child("securitySchemes");
    for name in keys(&mut lw, &schemes_loc)? {
        let at = lw.docs.deref(&schemes_loc.child(&name))?;
        let scheme: openapiv3::SecurityScheme = lw.docs.typed(&at, "security scheme")?;
        let mapped = match scheme {
            openapiv3::SecurityScheme::APIKey {
                location,
                name: key_name,
                ..
            } => {
                let location = match location {
                    openapiv3::APIKeyLocation::Query => "query",
                    openapiv3::APIKeyLocation::Header => "header",
                    openapiv3::APIKeyLocation::Cookie => "cookie",
                };
                http::api_key(location, &key_name)
            }
            openapiv3::SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
                SecurityScheme::Basic
            }
            openapiv3::SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                SecurityScheme::Bearer
            }
            openapiv3::SecurityScheme::HTTP { scheme, .. } => {
                lw.warn(
                    &at,
                    format!("HTTP authentication scheme `{scheme}` is not supported; ignored"),
                );
                continue;
            }
            openapiv3::SecurityScheme::OAuth2 { .. } | openapiv3::SecurityScheme::OpenIDConnect { .. } => {
                SecurityScheme::OAuth2
            }
        };
        defined.push((name, mapped));
    }
    let service_security = match &security {
        None => http::all_defined(&defined),
        Some(reqs) => requirement_schemes(&mut lw, &entry.child("security"), reqs, &defined),
    };

    let addresses: Vec<String> = servers.iter().map(server_url).collect();

    let ctx = Ctx {
        defined,
        has_security: !service_security.is_empty(),
    };
    let mut ops = Vec::new();
    let paths_loc = entry.child("paths");
    for path in keys(&mut lw, &paths_loc)? {
        if path.starts_with("x-") {
            continue; // extensions
        }
        if !path.starts_with('/') {
            lw.warn(
                &paths_loc.child(&path),
                format!("path `{path}` does not start with `/`; kept as written"),
            );
        }
        let item_loc = lw.docs.deref(&paths_loc.child(&path))?;
        let item: PathItem = match lw.docs.typed(&item_loc, "path item") {
            Ok(item) => item,
            Err(e) => return Err(narrow_error(&mut lw, &item_loc).unwrap_or(e)),
        };
        if !item.servers.is_empty() {
            lw.warn(
                &item_loc.child("servers"),
                "path-level servers are not modelled; the document's servers apply",
            );
        }
        let shared: Vec<(Loc, ReferenceOr<Parameter>)> = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (item_loc.child("parameters").index(i), p.clone()))
            .collect();
        for key in keys(&mut lw, &item_loc)? {
            let Some(method) = http::method(&key) else {
                continue;
            };
            let op = match method {
                Method::Get => &item.get,
                Method::Put => &item.put,
                Method::Post => &item.post,
                Method::Delete => &item.delete,
                Method::Options => &item.options,
                Method::Head => &item.head,
                Method::Patch => &item.patch,
                Method::Trace => &item.trace,
            };
            if let Some(op) = op {
                ops.push(operation(
                    &mut lw,
                    &ctx,
                    &path,
                    method,
                    &key,
                    op,
                    &item_loc.child(&key),
                    &shared,
                )?);
            }
        }
    }

    let tag_decls: Vec<TagDecl> = tags
        .iter()
        .enumerate()
        .map(|(i, t)| TagDecl {
            name: t.name.clone(),
            doc: t.description.clone(),
            source: entry.child("tags").index(i).source(),
        })
        .collect();
    let defaults = ServiceDefaults {
        untagged_name: api_info
            .map(|i| i.title)
            .unwrap_or_else(|| lw.arena.model.spec.title.clone()),
        untagged_source: entry.child("info").source(),
        addresses,
        security: service_security,
    };
    lw.arena.model.services = http::group(&tag_decls, ops, &defaults);
    lw.finish()
}

/// Document-wide facts an operation needs.
struct Ctx {
    defined: Vec<(String, SecurityScheme)>,
    has_security: bool,
}

/// The keys of the object at `loc`, in document order (none when absent).
fn keys(lw: &mut Lowerer<'_>, loc: &Loc) -> Result<Vec<String>, Error> {
    lw.docs.keys(loc)
}

/// A server URL with its variables replaced by their defaults.
fn server_url(server: &openapiv3::Server) -> String {
    let mut url = server.url.clone();
    if let Some(vars) = &server.variables {
        for (name, var) in vars {
            url = url.replace(&format!("{{{name}}}"), &var.default);
        }
    }
    url
}

/// The schemes of a `security` list (scopes ignored).
fn requirement_schemes(
    lw: &mut Lowerer<'_>,
    at: &Loc,
    reqs: &[SecurityRequirement],
    defined: &[(String, SecurityScheme)],
) -> Vec<SecurityScheme> {
    let names = reqs.iter().flat_map(|r| r.keys().map(String::as_str));
    let (schemes, unknown) = http::allowed(names, defined);
    for name in unknown {
        lw.warn(
            at,
            format!("security requirement names `{name}`, which components/securitySchemes does not define; ignored"),
        );
    }
    schemes
}

/// A path item that does not parse: find the deepest node that does not, for the error.
fn narrow_error(lw: &mut Lowerer<'_>, item: &Loc) -> Option<Error> {
    for key in keys(lw, item).ok()? {
        if http::method(&key).is_none() {
            continue;
        }
        let op = item.child(&key);
        if lw.docs.typed::<openapiv3::Operation>(&op, "operation").is_ok() {
            continue;
        }
        for i in 0..lw
            .docs
            .node(&op.child("parameters"))
            .ok()?
            .map_or(0, |n| n.value().as_array().map_or(0, Vec::len))
        {
            if let Err(e) = lw
                .docs
                .typed::<ReferenceOr<Parameter>>(&op.child("parameters").index(i), "parameter")
            {
                return Some(e);
            }
        }
        if lw.docs.node(&op.child("requestBody")).ok()?.is_some()
            && let Err(e) = lw
                .docs
                .typed::<ReferenceOr<RequestBody>>(&op.child("requestBody"), "request body")
        {
            return Some(e);
        }
        for status in keys(lw, &op.child("responses")).ok()? {
            if let Err(e) = lw
                .docs
                .typed::<ReferenceOr<openapiv3::Response>>(&op.child("responses").child(&status), "response")
            {
                return Some(e);
            }
        }
        return lw.docs.typed::<openapiv3::Operation>(&op, "operation").err();
    }
    None
}

/// Follow a `ReferenceOr` written at `at` to the node it stands for, and read it as `T`.
fn deref_typed<T: serde::de::DeserializeOwned + Clone>(
    lw: &mut Lowerer<'_>,
    at: &Loc,
    item: &ReferenceOr<T>,
    what: &str,
) -> Result<(Loc, T), Error> {
    match item {
        ReferenceOr::Item(t) => Ok((at.clone(), t.clone())),
        ReferenceOr::Reference { .. } => {
            let target = lw.docs.deref(at)?;
            Ok((target.clone(), lw.docs.typed(&target, what)?))
        }
    }
}

/// The type of content: its schema, or (without one) what the media type implies.
fn content_type_of(
    lw: &mut Lowerer<'_>,
    media: &str,
    media_loc: &Loc,
    has_schema: bool,
    path: &str,
) -> Result<TypeId, Error> {
    if has_schema {
        return lw.schema_type_at(&media_loc.child("schema"), path);
    }
    let e = http::essence(media);
    let p = if http::is_json(media) {
        Primitive::Any
    } else if e.starts_with("text/") {
        Primitive::String
    } else {
        Primitive::Base64
    };
    Ok(lw.arena.primitive(p))
}

#[allow(clippy::too_many_arguments)]
fn operation(
    lw: &mut Lowerer<'_>,
    ctx: &Ctx,
    path: &str,
    method: Method,
    method_key: &str,
    op: &openapiv3::Operation,
    op_loc: &Loc,
    shared: &[(Loc, ReferenceOr<Parameter>)],
) -> Result<(Option<String>, Operation), Error> {
    let name = op
        .operation_id
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| http::synthesised_name(method_key, path));

    // Parameters: path-level ones, replaced in place by operation-level ones of the same
    // name and location; then the operation's own.
    let mut resolved: Vec<(Loc, Loc, Parameter)> = Vec::new();
    let own = op
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| (op_loc.child("parameters").index(i), p.clone()));
    for (is_own, (at, p)) in shared.iter().cloned().map(|x| (false, x)).chain(own.map(|x| (true, x))) {
        let (ploc, param) = deref_typed(lw, &at, &p, "parameter")?;
        let key = |q: &Parameter| (q.parameter_data_ref().name.clone(), std::mem::discriminant(q));
        match resolved.iter_mut().find(|(_, _, q)| key(q) == key(&param)) {
            Some(slot) if is_own => *slot = (ploc, at, param),
            _ => resolved.push((ploc, at, param)),
        }
    }
    let mut params = Vec::new();
    for (ploc, at, param) in &resolved {
        let secured = match &op.security {
            Some(reqs) => reqs.iter().any(|r| !r.is_empty()),
            None => ctx.has_security,
        };
        let own_path = format!("{name}/{}", param.parameter_data_ref().name);
        let path = http::component_path(ploc, at, &own_path);
        if let Some(p) = parameter(lw, &path, ploc, param, secured)? {
            params.push(p);
        }
    }

    // Request body: a form's properties are fields of their own.
    let mut form = None;
    let body = match &op.request_body {
        None => None,
        Some(rb) => {
            let (bloc, rb) = deref_typed(lw, &op_loc.child("requestBody"), rb, "request body")?;
            match http::pick_media(rb.content.keys().map(String::as_str)) {
                None => {
                    lw.warn(&bloc, "request body without content; ignored");
                    None
                }
                Some(media) => {
                    let media_loc = bloc.child("content").child(media);
                    let body_path = http::component_path(&bloc, &op_loc.child("requestBody"), &format!("{name}/body"));
                    let fields = match form::form_media(media) {
                        Some(kind) => form::fields(lw, kind, &media_loc, rb.required, &body_path)?.map(|f| (kind, f)),
                        None => None,
                    };
                    match fields {
                        Some((kind, fields)) => {
                            params.extend(fields);
                            form = Some(kind.to_owned());
                            None
                        }
                        None => {
                            let has_schema = rb.content.get(media).is_some_and(|m| m.schema.is_some());
                            let ty = content_type_of(lw, media, &media_loc, has_schema, &body_path)?;
                            Some(Body {
                                content_type: media.to_owned(),
                                ty,
                                required: rb.required,
                                doc: rb.description.clone(),
                            })
                        }
                    }
                }
            }
        }
    };

    // Responses, in document order.
    let mut responses = Vec::new();
    let rloc = op_loc.child("responses");
    for key in keys(lw, &rloc)? {
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
        let r: openapiv3::Response = lw.docs.typed(&target, "response")?;
        // Response headers: scalars typed; an array header is read as its text.
        let mut headers = Vec::new();
        for h in r.headers.keys() {
            let hloc = lw.docs.deref(&target.child("headers").child(h))?;
            let header: openapiv3::Header = lw.docs.typed(&hloc, "header")?;
            let hpath = http::component_path(&hloc, &at, &format!("{name}/{key}/{h}"));
            let ty = match &header.format {
                ParameterSchemaOrContent::Schema(_) => {
                    let sloc = hloc.child("schema");
                    let raw = lw.raw_at(&sloc)?;
                    match lw.field_type(&raw, &sloc, &hpath)? {
                        (ty, false) => ty,
                        (_, true) => lw.arena.primitive(Primitive::String),
                    }
                }
                ParameterSchemaOrContent::Content(_) => lw.arena.primitive(Primitive::String),
            };
            headers.push(ResponseHeader {
                wire: h.clone(),
                ty,
                required: header.required,
                doc: header.description.clone().filter(|d| !d.trim().is_empty()),
            });
        }
        let type_path = http::component_path(&target, &at, &format!("{name}/{key}"));
        let (content_type, ty) = match http::pick_media(r.content.keys().map(String::as_str)) {
            None => (None, None),
            Some(media) => {
                let media_loc = target.child("content").child(media);
                let has_schema = r.content.get(media).is_some_and(|m| m.schema.is_some());
                let ty = content_type_of(lw, media, &media_loc, has_schema, &type_path)?;
                (Some(media.to_owned()), Some(ty))
            }
        };
        responses.push(Response {
            status,
            content_type,
            ty,
            headers,
            doc: Some(r.description.clone()).filter(|d| !d.trim().is_empty()),
            rust_name: String::new(),
        });
    }
    if !op.servers.is_empty() {
        lw.warn(
            &op_loc.child("servers"),
            "operation-level servers are not modelled; the document's servers apply",
        );
    }

    let schemes = op
        .security
        .as_ref()
        .map(|reqs| requirement_schemes(lw, &op_loc.child("security"), reqs, &ctx.defined));
    let security = http::operation_security(lw, op_loc, schemes, ctx.has_security);

    // Callbacks are requests the server makes, not calls of this client: named in the docs.
    let mut description = op.description.clone();
    if !op.callbacks.is_empty() {
        let mut lines = vec!["Callbacks (requests the server sends to the caller; no client code):".to_owned()];
        for (cb, exprs) in &op.callbacks {
            for (expr, item) in exprs {
                let methods: Vec<String> = item.iter().map(|(m, _)| m.to_ascii_uppercase()).collect();
                lines.push(format!("- `{cb}`: `{} {expr}`", methods.join("|")));
            }
        }
        let text = lines.join("\n");
        description = Some(match description {
            Some(d) if !d.trim().is_empty() => format!("{d}\n\n{text}"),
            _ => text,
        });
    }
    let operation = http::operation(http::OperationParts {
        name,
        summary: op.summary.as_deref(),
        description: description.as_deref(),
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

/// One parameter; `None` for those the spec says to ignore.
/// `path` names an inline type of the parameter; `secured`: the operation has security
/// schemes (which then set `Authorization`).
fn parameter(
    lw: &mut Lowerer<'_>,
    path: &str,
    ploc: &Loc,
    param: &Parameter,
    secured: bool,
) -> Result<Option<Param>, Error> {
    let data = param.parameter_data_ref();
    let (location, style) = match param {
        Parameter::Query { style, .. } => (ParamLocation::Query, Some(format!("{style:?}"))),
        Parameter::Header { .. } => (ParamLocation::Header, None),
        Parameter::Path { style, .. } => (ParamLocation::Path, Some(format!("{style:?}"))),
        Parameter::Cookie { .. } => (ParamLocation::Cookie, None),
    };
    let header = data.name.to_ascii_lowercase();
    if location == ParamLocation::Header && (header == "accept" || header == "content-type") {
        lw.warn(
            ploc,
            format!(
                "header parameter `{}` is ignored (OpenAPI 3.0: the media types set it)",
                data.name
            ),
        );
        return Ok(None);
    }
    // OpenAPI 3.0 says to ignore an `Authorization` header parameter; it is kept when no
    // security scheme would set the header instead.
    if location == ParamLocation::Header && header == "authorization" && secured {
        lw.warn(
            ploc,
            format!(
                "header parameter `{}` is ignored (the security schemes set it)",
                data.name
            ),
        );
        return Ok(None);
    }
    let (ty, list, schema_loc) = match &data.format {
        ParameterSchemaOrContent::Schema(_) => {
            let sloc = ploc.child("schema");
            let raw = lw.raw_at(&sloc)?;
            let (ty, list) = lw.field_type(&raw, &sloc, path)?;
            (ty, list, Some(sloc))
        }
        ParameterSchemaOrContent::Content(content) => match content.iter().next() {
            Some((media, m)) => {
                let media_loc = ploc.child("content").child(media);
                let ty = content_type_of(lw, media, &media_loc, m.schema.is_some(), path)?;
                (ty, false, m.schema.is_some().then(|| media_loc.child("schema")))
            }
            None => (lw.arena.primitive(Primitive::String), false, None),
        },
    };
    // `style` + `explode`: query and cookie default to form + explode, path and header to
    // simple (whose arrays are comma-joined either way); path `label` and `matrix` mark the
    // value (`.`, `;name=`) and, exploded, each item.
    let explode = data
        .explode
        .unwrap_or(matches!(location, ParamLocation::Query | ParamLocation::Cookie));
    let path_style = match (location, style.as_deref()) {
        (ParamLocation::Path, Some("Label")) => PathStyle::Label,
        (ParamLocation::Path, Some("Matrix")) => PathStyle::Matrix,
        _ => PathStyle::Simple,
    };
    // An object (not `content`, which says JSON itself): in the query its members travel as
    // the style says; in a header or a cookie it travels as its JSON text, which is said.
    let structured = match (&schema_loc, &data.format) {
        (Some(sloc), ParameterSchemaOrContent::Schema(_)) if !list && location != ParamLocation::Path => {
            let target = lw.docs.deref(sloc)?;
            let raw = lw.raw_at(&target)?;
            raw.types.iter().any(|t| t == "object")
                || !raw.properties.is_empty()
                || raw.additional.is_some()
                || !raw.all_of.is_empty()
        }
        _ => false,
    };
    if structured && location != ParamLocation::Query {
        lw.warn(
            ploc,
            format!(
                "object parameter `{}` is sent as its JSON text; the `simple` and `form` styles of objects outside the query and the path are not modelled",
                data.name
            ),
        );
    }
    let array_style = if structured && location == ParamLocation::Query {
        query_object_style(style.as_deref(), explode)
    } else if !list {
        ArrayStyle::Single
    } else if location == ParamLocation::Query {
        query_array_style(style.as_deref(), explode)
            .map_err(|why| Error::spec(ploc.source(), format!("array parameter `{}` {why}", data.name)))?
    } else if path_style != PathStyle::Simple && explode {
        ArrayStyle::Repeated
    } else {
        ArrayStyle::Joined(',')
    };
    let mut example = data.example.as_ref().map(value_text);
    if example.is_none() {
        example = data.examples.values().find_map(|e| match e {
            ReferenceOr::Item(e) => e.value.as_ref().map(value_text),
            ReferenceOr::Reference { .. } => None,
        });
    }
    if example.is_none()
        && let Some(sloc) = schema_loc
        && let Some(node) = lw.docs.node(&sloc)?
    {
        example = node.value().get("example").filter(|v| !v.is_null()).map(value_text);
    }
    Ok(Some(Param {
        wire: data.name.clone(),
        location,
        ty,
        required: data.required || location == ParamLocation::Path,
        list,
        array_style,
        path_style,
        explode,
        file: false,
        content_type: None,
        doc: data.description.clone(),
        example,
        rust_name: String::new(),
    }))
}

/// How an array travels in the query or a URL-encoded form, by OpenAPI `style` (as
/// `openapiv3` spells it; `None` is `form`) and `explode`; or why the style does not apply.
/// How an object's members travel in the query (OpenAPI 3.0.3 §4.7.12.4): `form` exploded
/// as `key=value` pairs, `form`, `spaceDelimited` and `pipeDelimited` not exploded as one
/// list of keys and values, `deepObject` as `name[key]=value`.
fn query_object_style(style: Option<&str>, explode: bool) -> ArrayStyle {
    match style {
        Some("DeepObject") => ArrayStyle::Deep,
        Some("SpaceDelimited") if !explode => ArrayStyle::Joined(' '),
        Some("PipeDelimited") if !explode => ArrayStyle::Joined('|'),
        _ if explode => ArrayStyle::Repeated,
        _ => ArrayStyle::Joined(','),
    }
}

pub(crate) fn query_array_style(style: Option<&str>, explode: bool) -> Result<ArrayStyle, String> {
    match style {
        None | Some("Form") if explode => Ok(ArrayStyle::Repeated),
        Some("SpaceDelimited" | "PipeDelimited") if explode => Ok(ArrayStyle::Repeated),
        None | Some("Form") => Ok(ArrayStyle::Joined(',')),
        Some("SpaceDelimited") => Ok(ArrayStyle::Joined(' ')),
        Some("PipeDelimited") => Ok(ArrayStyle::Joined('|')),
        Some(other) => Err(format!("has style `{other}`, which applies to objects")),
    }
}
