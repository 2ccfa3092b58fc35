//! The path of a REST operation: its template with each parameter written in its style
//! (`simple`, `label`, `matrix`), the values percent-encoded.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::super::super::{Ctx, ident};
use super::is_copy;
use crate::Error;
use crate::model::{ArrayStyle, HttpBinding, Operation, Param, ParamLocation, PathStyle, Primitive, Shape};
use crate::passes::naming::snake;

/// What the path template needs besides the declared parameters: the placeholders the spec
/// does not declare become `&str` arguments.
pub(super) struct Implicit<'a> {
    pub args: &'a mut TokenStream,
    pub names: &'a mut Vec<Ident>,
    pub placeholders: Vec<String>,
}

/// The statements that build `path` from the template.
pub(super) fn template(
    ctx: &Ctx<'_>,
    spec: usize,
    op: &Operation,
    h: &HttpBinding,
    implicit: &mut Implicit<'_>,
) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let mut rest = h.path.as_str();
    let mut pieces: Vec<TokenStream> = Vec::new();
    while let Some(open) = rest.find('{') {
        let lit = &rest[..open];
        if !lit.is_empty() {
            pieces.push(quote!(path.push_str(#lit);));
        }
        let Some(close) = rest[open..].find('}') else {
            return Err(Error::spec(
                op.source.clone(),
                format!("unclosed `{{` in path `{}`", h.path),
            ));
        };
        let pname = &rest[open + 1..open + close];
        let declared = h
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire == pname);
        let piece = match declared {
            Some(p) => param(ctx, spec, p),
            None => {
                // The spec forgot to declare it: take it as text, and say so.
                let name = ident(&snake(pname));
                implicit.args.extend(quote!(#name: &str,));
                implicit.names.push(name.clone());
                implicit.placeholders.push(pname.to_owned());
                quote!(&#rt::http::path_segment(#name))
            }
        };
        pieces.push(quote!(path.push_str(#piece);));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(quote!(path.push_str(#rest);));
    }
    Ok(quote! { let mut path = ::std::string::String::new(); #(#pieces)* })
}

/// The text (a `&str` expression) of one declared path parameter.
fn param(ctx: &Ctx<'_>, spec: usize, p: &Param) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&p.rust_name);
    let wire = &p.wire;
    let style = match p.path_style {
        PathStyle::Simple => quote!(#rt::path::PathStyle::Simple),
        PathStyle::Label => quote!(#rt::path::PathStyle::Label),
        PathStyle::Matrix => quote!(#rt::path::PathStyle::Matrix),
    };
    let simple = ctx.is_simple(spec, p.ty);
    if p.list {
        let each = if simple {
            quote!(#rt::xml::XmlText::to_xml_text(x).into_owned())
        } else {
            quote!(#rt::json::param_text(x))
        };
        let explode = p.array_style == ArrayStyle::Repeated;
        return quote!(&#rt::path::path_param(#style, #explode, #wire, &#name.iter().map(|x| #each).collect::<::std::vec::Vec<_>>()));
    }
    if !simple {
        // An object's members as the style writes them; any other value as its JSON text.
        let explode = p.explode;
        return quote!(&#rt::path::path_json(#style, #explode, #wire, #name));
    }
    let is_string = matches!(
        ctx.model(spec).ty(ctx.resolve(spec, p.ty)).shape,
        Shape::Primitive(Primitive::String)
    );
    let text = if is_string {
        quote!(#name)
    } else if is_copy(ctx, spec, p.ty) {
        quote!(&#rt::xml::XmlText::to_xml_text(&#name))
    } else {
        quote!(&#rt::xml::XmlText::to_xml_text(#name))
    };
    match p.path_style {
        PathStyle::Simple => quote!(&#rt::http::path_segment(#text)),
        _ => quote!(&#rt::path::path_param(#style, false, #wire, &[::std::string::ToString::to_string(#text)])),
    }
}
