//! OpenAPI 3 form bodies: an `application/x-www-form-urlencoded` or `multipart/form-data`
//! request body whose schema is an object becomes form fields, one
//! [`ParamLocation::Form`] parameter per property (as Swagger 2 `formData`), each travelling
//! as its Encoding Object says.
//!
//! - URL-encoded: `style` (default `form`) and `explode` (default true for `form`) as for
//!   query parameters: an array repeated or joined, an object spread into fields of its own
//!   or written `name=key,value,…`; `deepObject` is not modelled (warned, sent as JSON text).
//! - multipart: one part per property, an array one part per item (`style` and `explode`
//!   do not apply, as the specification says); the part's media type is `contentType`, by
//!   default `text/plain` for text, `application/json` for structured values and
//!   `application/octet-stream` for `format: binary` (a file part). Part `headers` are not
//!   sent (warned).

use std::rc::Rc;

use serde_json::Value;

use super::query_array_style;
use crate::Error;
use crate::model::{ArrayStyle, Param, ParamLocation, PathStyle};
use crate::oas::doc::{Loc, value_text};
use crate::oas::http;
use crate::oas::schema::{Lowerer, RawSchema};

/// The media type of a URL-encoded form.
const URLENCODED: &str = "application/x-www-form-urlencoded";
/// The media type of a multipart form.
const MULTIPART: &str = "multipart/form-data";

/// The form media type `media` is (its essence), if it is one.
pub(crate) fn form_media(media: &str) -> Option<&'static str> {
    match http::essence(media).as_str() {
        URLENCODED => Some(URLENCODED),
        MULTIPART => Some(MULTIPART),
        _ => None,
    }
}

/// The fields of the form body at `media_loc` (of media type `form`, one of [`form_media`]):
/// one parameter per property of its object schema, required when the body is and the schema
/// requires the property. `None` (with a warning) when the schema is not an object with
/// properties: the body is then sent as the bytes given.
pub(crate) fn fields(
    lw: &mut Lowerer<'_>,
    form: &str,
    media_loc: &Loc,
    body_required: bool,
    path: &str,
) -> Result<Option<Vec<Param>>, Error> {
    let schema_loc = media_loc.child("schema");
    if lw.docs.node(&schema_loc)?.is_none() {
        lw.warn(
            media_loc,
            format!("a {form} body without a schema has no fields to send; it is sent as the bytes given"),
        );
        return Ok(None);
    }
    let object_loc = lw.docs.deref(&schema_loc)?;
    let object = lw.raw_at(&object_loc)?;
    let composed = !object.all_of.is_empty() || !object.one_of.is_empty() || !object.any_of.is_empty();
    if object.properties.is_empty() || composed {
        lw.warn(
            &schema_loc,
            format!(
                "a {form} body whose schema is not an object with properties (composition is not read \
                 for forms); it is sent as the bytes given"
            ),
        );
        return Ok(None);
    }
    let path = http::component_path(&object_loc, &schema_loc, path);
    let encodings = media_loc.child("encoding");
    let mut params = Vec::new();
    for (name, _) in object.properties.iter() {
        let ploc = object_loc.child("properties").child(name);
        let raw = lw.raw_at(&ploc)?;
        let (ty, list) = lw.field_type(&raw, &ploc, &format!("{path}/{name}"))?;
        let enc_loc = encodings.child(name);
        let enc = Encoding::read(lw, &enc_loc)?;
        let file = is_binary(lw, raw.clone(), &ploc, list)?;
        let structured = !list && is_structured(lw, raw.clone(), &ploc)?;
        let (array_style, explode, content_type) = if form == MULTIPART {
            if enc.has_headers {
                lw.warn(
                    &enc_loc.child("headers"),
                    format!("headers of the part `{name}` are not sent"),
                );
            }
            let style = if list { ArrayStyle::Repeated } else { ArrayStyle::Single };
            (style, false, enc.content_type.clone())
        } else {
            let explode = enc.explode.unwrap_or(enc.style.as_deref().is_none_or(|s| s == "form"));
            let style = match (list, enc.style.as_deref()) {
                (false, _) => ArrayStyle::Single,
                (true, style) => {
                    let known = style.map(query_style_name);
                    match query_array_style(known.as_deref(), explode) {
                        Ok(s) => s,
                        Err(_) => {
                            let style = style.unwrap_or_default();
                            lw.warn(
                                &enc_loc.child("style"),
                                format!(
                                    "array form field `{name}` has style `{style}`, which applies to objects; its values are repeated"
                                ),
                            );
                            ArrayStyle::Repeated
                        }
                    }
                }
            };
            // A structured value whose style is not `form` travels as JSON text.
            let content_type = match enc.style.as_deref() {
                Some(style) if structured && style != "form" && enc.content_type.is_none() => {
                    lw.warn(
                        &enc_loc.child("style"),
                        format!(
                            "style `{style}` of object field `{name}` is not modelled; it is sent as its JSON text"
                        ),
                    );
                    Some("application/json".to_owned())
                }
                _ => enc.content_type.clone(),
            };
            (style, explode, content_type)
        };
        let example = lw.docs.with(&ploc, |v| {
            v.and_then(|v| v.get("example"))
                .filter(|e| !e.is_null())
                .map(value_text)
        })?;
        params.push(Param {
            wire: name.clone(),
            location: ParamLocation::Form,
            ty,
            required: body_required && object.required.iter().any(|r| r == name),
            list,
            array_style,
            path_style: PathStyle::Simple,
            explode,
            file,
            content_type,
            doc: raw.doc(),
            example,
            rust_name: String::new(),
        });
    }
    Ok(Some(params))
}

/// The OpenAPI style name as `openapiv3` spells it (`spaceDelimited` → `SpaceDelimited`).
fn query_style_name(style: &str) -> String {
    let mut chars = style.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// The Encoding Object of one property (all optional).
#[derive(Debug, Default)]
struct Encoding {
    content_type: Option<String>,
    style: Option<String>,
    explode: Option<bool>,
    has_headers: bool,
}

impl Encoding {
    fn read(lw: &mut Lowerer<'_>, at: &Loc) -> Result<Encoding, Error> {
        lw.docs.with(at, |v| {
            let Some(v) = v else { return Encoding::default() };
            Encoding {
                // A list of media types: the first is what is sent.
                content_type: v
                    .get("contentType")
                    .and_then(Value::as_str)
                    .and_then(|c| c.split(',').next())
                    .map(|c| c.trim().to_owned())
                    .filter(|c| !c.is_empty()),
                style: v.get("style").and_then(Value::as_str).map(str::to_owned),
                explode: v.get("explode").and_then(Value::as_bool),
                has_headers: v
                    .get("headers")
                    .and_then(Value::as_object)
                    .is_some_and(|h| !h.is_empty()),
            }
        })
    }
}

/// The schema at `loc`, after its `$ref`s.
fn resolved(lw: &mut Lowerer<'_>, raw: Rc<RawSchema>, loc: &Loc) -> Result<(Rc<RawSchema>, Loc), Error> {
    if raw.reference.is_none() {
        return Ok((raw, loc.clone()));
    }
    let at = lw.docs.deref(loc)?;
    Ok((lw.raw_at(&at)?, at))
}

/// Raw bytes: `format: binary` (of the property, or of its items when `list`).
fn is_binary(lw: &mut Lowerer<'_>, raw: Rc<RawSchema>, loc: &Loc, list: bool) -> Result<bool, Error> {
    let (raw, loc) = resolved(lw, raw, loc)?;
    if !list {
        return Ok(raw.format.as_deref() == Some("binary"));
    }
    if raw.items.is_none() {
        return Ok(false);
    }
    let items_loc = loc.child("items");
    let items = lw.raw_at(&items_loc)?;
    let (items, _) = resolved(lw, items, &items_loc)?;
    Ok(items.format.as_deref() == Some("binary"))
}

/// An object (or a composition of schemas) rather than a scalar.
fn is_structured(lw: &mut Lowerer<'_>, raw: Rc<RawSchema>, loc: &Loc) -> Result<bool, Error> {
    let (raw, _) = resolved(lw, raw, loc)?;
    Ok(!raw.properties.is_empty()
        || raw.additional.is_some()
        || !raw.all_of.is_empty()
        || !raw.one_of.is_empty()
        || !raw.any_of.is_empty()
        || raw.types.iter().any(|t| t == "object"))
}
