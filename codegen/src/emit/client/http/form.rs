//! The form fields of a REST operation (Swagger 2 `formData`, OpenAPI 3 form and multipart
//! bodies): how each is added to the runtime's `Form`, and the body the form makes.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{HttpBinding, Param};

/// The media type of a multipart form.
const MULTIPART: &str = "multipart/form-data";

/// Whether the operation's form is written as multipart.
pub(super) fn is_multipart(h: &HttpBinding) -> bool {
    h.form.as_deref().is_some_and(|f| f == MULTIPART)
}

/// The argument type of a file field: one file, or a slice of them.
pub(super) fn file_arg(rt: &TokenStream, p: &Param) -> TokenStream {
    if p.list {
        quote!(&[#rt::FormFile])
    } else {
        quote!(&#rt::FormFile)
    }
}

/// The statement that adds the text `value` as the field (a part of the spec's media type
/// when its encoding names one).
pub(super) fn add_text(p: &Param) -> TokenStream {
    let wire = &p.wire;
    match &p.content_type {
        Some(ct) => quote!(form.typed(#wire, value, #ct);),
        None => quote!(form.text(#wire, value);),
    }
}

/// The statements that add `v` (a reference to the argument) as the field when it is a file
/// or a structured value; `None` for text, which [`add_text`] adds.
pub(super) fn add_value(
    rt: &TokenStream,
    p: &Param,
    simple: bool,
    multipart: bool,
    v: &TokenStream,
) -> Option<TokenStream> {
    let wire = &p.wire;
    if p.file {
        let ct = p.content_type.as_deref().unwrap_or("application/octet-stream");
        return Some(if p.list {
            quote! { for x in #v.iter() { form.file(#wire, x, #ct); } }
        } else {
            quote! { form.file(#wire, #v, #ct); }
        });
    }
    if simple || p.list {
        return None;
    }
    // A structured value: a JSON part, or in a URL-encoded form its members (`style: form`)
    // unless the encoding says JSON.
    let json_type = p.content_type.as_deref().filter(|ct| ct.contains("json"));
    Some(match (multipart, json_type) {
        (true, _) => {
            let ct = p.content_type.as_deref().unwrap_or("application/json");
            quote! { form.typed(#wire, #rt::json::param_text(#v), #ct); }
        }
        (false, Some(_)) => quote! { form.text(#wire, #rt::json::param_text(#v)); },
        (false, None) => {
            let explode = p.explode;
            quote! { form.object(#wire, #v, #explode); }
        }
    })
}

/// The body the form makes, and what must come before it.
pub(super) fn body(rt: &TokenStream, h: &HttpBinding) -> (TokenStream, TokenStream) {
    if is_multipart(h) {
        (
            quote!(let (form_type, form_bytes) = form.multipart();),
            quote!(::std::option::Option::Some((form_type.as_str(), form_bytes))),
        )
    } else {
        (
            quote!(),
            quote!(::std::option::Option::Some((#rt::form::URLENCODED, form.urlencoded()))),
        )
    }
}
