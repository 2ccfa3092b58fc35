//! The codec and client parts of a REST operation.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::super::{Ctx, docs, ident, join_docs, one_paragraph};
use super::{OpParts, unique_type_name};
use crate::Error;
use crate::model::{ArrayStyle, HttpBinding, Operation, ParamLocation, Primitive, SecurityScheme, Shape, Status};

mod form;
mod path;
use crate::passes::naming::{camel, snake};

/// The headers a REST response declares: their struct (one field each, `Option` unless the
/// spec says it is always sent), and the expression that reads them from `response`. A
/// header whose value does not parse, or a required one that is missing, is a decode error.
fn response_headers(
    ctx: &Ctx<'_>,
    spec: usize,
    here: &TokenStream,
    op: &Operation,
    r: &crate::model::Response,
    taken: &mut BTreeSet<String>,
) -> (TokenStream, TokenStream, TokenStream) {
    let rt = &ctx.rt;
    let name = unique_type_name(taken, format!("{}{}Headers", camel(&op.name), r.rust_name));
    let mut names = BTreeSet::new();
    let mut fields = TokenStream::new();
    let mut reads = TokenStream::new();
    let mut inits = Vec::new();
    for h in &r.headers {
        let f = unique_type_name(&mut names, snake(&h.wire).trim_start_matches("r#").to_owned());
        let f = ident(&f.to_string());
        // A header is text: a scalar parses from it; anything else is kept as the text.
        let ty = if ctx.is_simple(spec, h.ty) {
            ctx.ty(spec, h.ty)
        } else {
            quote!(::std::string::String)
        };
        let wire = &h.wire;
        let d = docs(join_docs(&[h.doc.as_deref(), Some(&format!("Header `{wire}`."))]).as_deref());
        let parse = quote! {
            <#ty as #rt::xml::XmlText>::from_xml_text(v.trim()).map_err(|e| {
                #rt::Error::Decode(#rt::xml::DecodeError::new(::std::format!("response header `{}`: {}", #wire, e)))
            })?
        };
        let found = quote!(#rt::transport::header(response.headers(), #wire));
        if h.required {
            fields.extend(quote! { #d pub #f: #ty, });
            reads.extend(quote! {
                let #f = match #found {
                    ::std::option::Option::Some(v) => #parse,
                    ::std::option::Option::None => {
                        return ::std::result::Result::Err(#rt::Error::Decode(#rt::xml::DecodeError::new(
                            ::std::format!("required response header `{}` is missing", #wire),
                        )))
                    }
                };
            });
        } else {
            fields.extend(quote! { #d pub #f: ::std::option::Option<#ty>, });
            reads.extend(quote! {
                let #f = match #found {
                    ::std::option::Option::Some(v) => ::std::option::Option::Some(#parse),
                    ::std::option::Option::None => ::std::option::Option::None,
                };
            });
        }
        inits.push(f);
    }
    let d = docs(Some(&format!(
        "The headers `{}` declares for its {} answer.",
        op.name, r.rust_name
    )));
    let item = quote! {
        #d
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name { #fields }
    };
    let read = quote!({ #reads #here::#name { #(#inits),* } });
    (quote!(#here::#name), item, read)
}

/// Scalars that are `Copy` travel by value as arguments (`ano: i64`, not `&i64`).
fn is_copy(ctx: &Ctx<'_>, spec: usize, ty: crate::model::TypeId) -> bool {
    matches!(
        ctx.model(spec).ty(ctx.resolve(spec, ty)).shape,
        Shape::Primitive(
            Primitive::Bool
                | Primitive::I8
                | Primitive::I16
                | Primitive::I32
                | Primitive::I64
                | Primitive::Integer
                | Primitive::U8
                | Primitive::U16
                | Primitive::U32
                | Primitive::U64
                | Primitive::F32
                | Primitive::F64
                | Primitive::Decimal
                | Primitive::Date
                | Primitive::DateTime
                | Primitive::Time
                | Primitive::ResultCode
        )
    )
}

fn is_json(content_type: Option<&str>) -> bool {
    content_type.is_none_or(|c| c.contains("json"))
}

pub(super) fn http_operation(
    ctx: &Ctx<'_>,
    spec: usize,
    here: &TokenStream,
    op: &Operation,
    h: &HttpBinding,
    service_security: &[SecurityScheme],
    taken: &mut BTreeSet<String>,
) -> Result<(OpParts, TokenStream), Error> {
    let rt = &ctx.rt;
    let model = ctx.model(spec);
    let multipart = form::is_multipart(h);
    let method = ident(&op.rust_name);
    let verb = h.method.as_str();
    let mut args = TokenStream::new();
    let mut names: Vec<Ident> = Vec::new();
    let mut prepare = TokenStream::new();
    // Required parameters first (path order), then optional ones.
    let mut params: Vec<_> = h.params.iter().collect();
    params.sort_by_key(|p| !(p.required || p.location == ParamLocation::Path));
    let mut has_form = false;
    let mut has_query_objects = false;
    for p in &params {
        let name = ident(&p.rust_name);
        let base = ctx.ty(spec, p.ty);
        let is_string = matches!(
            model.ty(ctx.resolve(spec, p.ty)).shape,
            Shape::Primitive(Primitive::String)
        );
        let by_value = is_copy(ctx, spec, p.ty) && !p.file;
        let arg_ty = match (is_string, p.list) {
            _ if p.file => form::file_arg(rt, p),
            (_, true) => quote!(&[#base]),
            (true, false) => quote!(&str),
            (false, false) if by_value => quote!(#base),
            (false, false) => quote!(&#base),
        };
        let required = p.required || p.location == ParamLocation::Path;
        // Scalars and code lists have a text form; structured JSON values travel as their JSON text.
        let simple = ctx.is_simple(spec, p.ty);
        let one = |x: TokenStream| {
            if simple {
                quote!(#rt::xml::XmlText::to_xml_text(#x).into_owned())
            } else {
                quote!(#rt::json::param_text(#x))
            }
        };
        let separator = match p.array_style {
            ArrayStyle::Joined(c) => c.to_string(),
            _ => ",".to_owned(),
        };
        let repeated = p.list && p.array_style == ArrayStyle::Repeated;
        let text_of = |v: TokenStream| {
            if p.list {
                let each = one(quote!(x));
                quote!(#v.iter().map(|x| #each).collect::<::std::vec::Vec<_>>().join(#separator))
            } else if is_string {
                quote!(#v.to_owned())
            } else if by_value {
                one(quote!(&#v))
            } else {
                one(v)
            }
        };
        let wire = &p.wire;
        // An object in the query: its members as the style writes them (names made at run
        // time, so kept in a list of their own that `query` borrows from).
        let object_style = match p.array_style {
            _ if simple || p.list || p.location != ParamLocation::Query => None,
            ArrayStyle::Repeated => Some(quote!(#rt::json::QueryObject::Exploded)),
            ArrayStyle::Joined(c) => Some(quote!(#rt::json::QueryObject::Joined(#c))),
            ArrayStyle::Deep => Some(quote!(#rt::json::QueryObject::Deep)),
            ArrayStyle::Single => None,
        };
        has_query_objects |= object_style.is_some();
        let push = match p.location {
            ParamLocation::Path => quote!(),
            ParamLocation::Query => quote!(query.push((#wire, value));),
            ParamLocation::Header => quote!(headers.push((#wire, value));),
            ParamLocation::Cookie => quote!(cookies.push(::std::format!("{}={}", #wire, value));),
            ParamLocation::Form => {
                has_form = true;
                form::add_text(p)
            }
        };
        names.push(name.clone());
        if p.location == ParamLocation::Path {
            args.extend(quote!(#name: #arg_ty,));
            continue;
        }
        // One parameter per value, or one text of them all.
        let each = one(quote!(x));
        let send = |v: TokenStream| {
            if let Some(style) = &object_style {
                return quote! { query_objects.extend(#rt::json::query_object(#wire, #v, #style)); };
            }
            if p.location == ParamLocation::Form
                && let Some(add) = form::add_value(rt, p, simple, multipart, &v)
            {
                return add;
            }
            if repeated {
                quote! { for x in #v.iter() { let value = #each; #push } }
            } else {
                let t = text_of(v);
                quote! { let value = #t; #push }
            }
        };
        if required {
            args.extend(quote!(#name: #arg_ty,));
            let body = send(quote!(#name));
            prepare.extend(quote! { { #body } });
        } else {
            args.extend(quote!(#name: ::std::option::Option<#arg_ty>,));
            let body = send(quote!(v));
            prepare.extend(quote! { if let ::std::option::Option::Some(v) = #name { #body } });
        }
    }
    // Path template.
    let mut implicit = path::Implicit {
        args: &mut args,
        names: &mut names,
        placeholders: Vec::new(),
    };
    let path_expr = path::template(ctx, spec, op, h, &mut implicit)?;
    let implicit = implicit.placeholders;
    // Body.
    let mut body_note: Option<String> = None;
    let mut body_prelude = TokenStream::new();
    let body_expr = match &h.body {
        Some(body) if is_json(Some(&body.content_type)) => {
            let ty = ctx.ty(spec, body.ty);
            let ct = &body.content_type;
            names.push(ident("body"));
            if body.required {
                args.extend(quote!(body: &#ty,));
                quote!(::std::option::Option::Some((#ct, #rt::http::json_body(body)?)))
            } else {
                args.extend(quote!(body: ::std::option::Option<&#ty>,));
                quote!(match body {
                    ::std::option::Option::Some(b) => ::std::option::Option::Some((#ct, #rt::http::json_body(b)?)),
                    ::std::option::Option::None => ::std::option::Option::None,
                })
            }
        }
        Some(body) => {
            let ct = &body.content_type;
            args.extend(quote!(body: &[u8],));
            names.push(ident("body"));
            body_note = Some(format!("`body` is sent as it is given, already encoded as `{ct}`."));
            quote!(::std::option::Option::Some((#ct, body.to_vec())))
        }
        None if has_form => {
            let (prelude, expr) = form::body(rt, h);
            body_prelude = prelude;
            expr
        }
        None => quote!(::std::option::Option::None),
    };
    // Responses.
    let resp_name = unique_type_name(taken, format!("{}Response", camel(&op.name)));
    let mut extra_items = TokenStream::new();
    let mut variants = TokenStream::new();
    let mut arms = TokenStream::new();
    let mut range_arms = TokenStream::new();
    let mut default_arm = quote!(_ => ::std::result::Result::Err(#rt::http::unexpected(config, response)),);
    for r in &h.responses {
        let vn = ident(&r.rust_name);
        let status_doc = match r.status {
            Status::Code(c) => format!("HTTP {c}."),
            Status::Range(d) => format!("HTTP {d}xx."),
            Status::Default => "Any other HTTP status.".into(),
        };
        let d = docs(join_docs(&[r.doc.as_deref(), Some(&status_doc)]).as_deref());
        let (payload_ty, decode) = match r.ty {
            Some(t) if is_json(r.content_type.as_deref()) => {
                let ty = ctx.ty(spec, t);
                (Some(ty), quote!(#rt::http::json_payload(config, response)?))
            }
            Some(_) => (Some(quote!(::std::vec::Vec<u8>)), quote!(response.body().clone())),
            None => (None, quote!()),
        };
        let with_status = !matches!(r.status, Status::Code(_));
        let (variant, build) = if r.headers.is_empty() {
            let (variant, build) = match (payload_ty, with_status) {
                (Some(t), false) => (quote!(#d #vn(#t),), quote!(#here::#resp_name::#vn(#decode))),
                (Some(t), true) => (
                    quote!(#d #vn { status: u16, body: #t },),
                    quote!({ let status = response.status().as_u16(); #here::#resp_name::#vn { status, body: #decode } }),
                ),
                (None, false) => (quote!(#d #vn,), quote!(#here::#resp_name::#vn)),
                (None, true) => (
                    quote!(#d #vn { status: u16 },),
                    quote!(#here::#resp_name::#vn { status: response.status().as_u16() }),
                ),
            };
            (variant, quote!(::std::result::Result::Ok(#build)))
        } else {
            // Declared headers: a struct of them, next to the status and body.
            let (headers_ty, item, read_headers) = response_headers(ctx, spec, here, op, r, taken);
            extra_items.extend(item);
            let status_field = with_status.then(|| quote!(status: u16,));
            let status_value = with_status.then(|| quote!(status: response.status().as_u16(),));
            let (body_field, body_value) = match payload_ty {
                Some(t) => (quote!(body: #t,), quote!(body: #decode,)),
                None => (quote!(), quote!()),
            };
            (
                quote!(#d #vn { #status_field #body_field headers: #headers_ty },),
                quote!({
                    let headers = #read_headers;
                    ::std::result::Result::Ok(#here::#resp_name::#vn { #status_value #body_value headers })
                }),
            )
        };
        variants.extend(variant);
        match r.status {
            Status::Code(c) => arms.extend(quote!(#c => #build,)),
            Status::Range(d) => {
                let lo = u16::from(d) * 100;
                let hi = lo + 99;
                range_arms.extend(quote!(#lo..=#hi => #build,));
            }
            Status::Default => default_arm = quote!(_ => #build,),
        }
    }
    let rd = docs(Some(&format!(
        "What `{}` may answer: one variant per declared status.",
        op.name
    )));
    let extra = quote! {
        #rd
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #resp_name { #variants }
        #extra_items
    };
    let mut notes = vec![format!("`{verb} {}`.", h.path)];
    notes.extend(body_note);
    if !implicit.is_empty() {
        notes.push(format!(
            "The spec does not declare the path parameter(s) {}: they are taken as text.",
            implicit.join(", ")
        ));
    }
    if op.deprecated {
        notes.push("Deprecated by the spec.".into());
    }
    // An API key goes where the first API-key scheme the operation accepts says.
    let schemes = if h.security.is_empty() {
        service_security
    } else {
        &h.security
    };
    let keyed = schemes.iter().find_map(|s| match s {
        SecurityScheme::ApiKey { location, name } => {
            let (place, said) = match location.as_str() {
                "query" => (quote!(#rt::KeyPlace::Query(#name)), "query parameter"),
                "cookie" => (quote!(#rt::KeyPlace::Cookie(#name)), "cookie"),
                _ => (quote!(#rt::KeyPlace::Header(#name)), "header"),
            };
            notes.push(format!("An API-key credential goes in the {said} `{name}`."));
            Some(quote!(.and_then(|request| #rt::http::with_api_key(config, request, #place))))
        }
        _ => None,
    });
    let note = notes.join(" ");
    // What the spec says of each parameter, with its marks.
    let param_docs: Vec<String> = params
        .iter()
        .filter_map(|p| {
            let doc = p.doc.as_deref().map(str::trim).filter(|d| !d.is_empty())?;
            Some(format!("* `{}` ({}): {}", p.rust_name, p.wire, one_paragraph(doc)))
        })
        .collect();
    let params_doc = (!param_docs.is_empty()).then(|| format!("Parameters:\n{}", param_docs.join("\n")));
    let d = docs(join_docs(&[op.doc.as_deref(), params_doc.as_deref(), Some(&note)]).as_deref());
    let has_cookies = h.params.iter().any(|p| p.location == ParamLocation::Cookie);
    let cookie_let =
        has_cookies.then(|| quote!(let mut cookies: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();));
    let form_let = has_form.then(|| quote!(let mut form = #rt::form::Form::new();));
    let cookie_join = has_cookies.then(|| {
        quote!(if !cookies.is_empty() {
            headers.push(("Cookie", cookies.join("; ")));
        })
    });
    // `Accept`: the media types of the answers with a body, in the spec's order; none when
    // no answer has one (a server may refuse an `Accept` it cannot meet).
    let mut accepted: Vec<&str> = Vec::new();
    for r in h.responses.iter().filter(|r| r.ty.is_some()) {
        if let Some(ct) = r.content_type.as_deref().filter(|ct| !accepted.contains(ct)) {
            accepted.push(ct);
        }
    }
    let headers_init = if accepted.is_empty() {
        quote!(::std::vec::Vec::new())
    } else {
        let accept = accepted.join(", ");
        quote!(::std::vec![("Accept", ::std::string::String::from(#accept))])
    };
    // Object parameters' query pairs: declared before `query`, which borrows their names.
    let (objects_let, objects_join) = if has_query_objects {
        (
            quote!(let mut query_objects: ::std::vec::Vec<(::std::string::String, ::std::string::String)> = ::std::vec::Vec::new();),
            quote!(query.extend(query_objects.iter().map(|(k, v)| (k.as_str(), v.clone())));),
        )
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    let lets = quote! {
        #objects_let
        #[allow(unused_mut)]
        let mut query: ::std::vec::Vec<(&str, ::std::string::String)> = ::std::vec::Vec::new();
        #[allow(unused_mut)]
        let mut headers: ::std::vec::Vec<(&str, ::std::string::String)> = #headers_init;
        #cookie_let
        #form_let
    };
    let verb_ident = format_ident!("{}", verb);
    let build = quote! {
        let base = config.base_url(#here::ENDPOINTS)?;
        #lets
        #prepare
        #objects_join
        #cookie_join
        #path_expr
        #body_prelude
        let body = #body_expr;
        #rt::http::request(config, #rt::http::Method::#verb_ident, &base, &path, &query, &headers, body) #keyed
    };
    let read = quote! {
        #[allow(unreachable_patterns)]
        match response.status().as_u16() {
            #arms
            #range_arms
            #default_arm
        }
    };
    let out_ty = quote!(#here::#resp_name);
    let fault_ty = quote!(#rt::NoFault);
    let codec = OpParts::codec(rt, &method, &op.name, &args, &out_ty, &fault_ty, quote!(), build, read);
    let parts = OpParts {
        method,
        doc: d,
        args,
        names,
        out_ty,
        fault_ty,
        rt: rt.clone(),
        codec,
    };
    Ok((parts, extra))
}
