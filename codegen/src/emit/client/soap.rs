//! The codec and client parts of a SOAP operation.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::super::{Ctx, docs, encoded, ident, join_docs};
use super::{OpParts, unique_type_name};
use crate::Error;
use crate::model::{Operation, SoapBinding, SoapPart, SoapStyle, SoapUse, SoapVersion};
use crate::passes::naming::{camel, snake};

fn part_arg(ctx: &Ctx<'_>, spec: usize, part: &SoapPart, only: bool) -> (Ident, TokenStream) {
    let name = if only {
        ident("request")
    } else {
        ident(&snake(&part.name))
    };
    let ty = ctx.ty(spec, part.ty);
    (name, ty)
}

/// The namespace a part's element is written and read in: a part given by `element` is that
/// global element, in its schema's namespace, in rpc style too (as zeep and suds write it:
/// the element is the declaration the part names); a part given by `type` is named after
/// the part and unqualified (WS-I BP R2735 for rpc accessors).
fn part_ns(part: &SoapPart) -> TokenStream {
    match &part.element.0 {
        Some(n) if !n.is_empty() => quote!(::std::option::Option::Some(#n)),
        _ => quote!(::std::option::Option::None),
    }
}

fn write_part(ctx: &Ctx<'_>, spec: usize, part: &SoapPart, arg: &Ident) -> TokenStream {
    let local = &part.element.1;
    let ns = part_ns(part);
    if ctx.is_raw(spec, part.ty) {
        quote!(w.raw(&#arg.xml);)
    } else if ctx.is_simple(spec, part.ty) {
        quote!(w.text_element(#ns, #local, #arg);)
    } else {
        quote!(w.element(#ns, #local, #arg);)
    }
}

/// A part of an rpc/encoded (or document/encoded) body: with `xsi:type` naming its type (a
/// SOAP-encoded array names its own), and for document style the `encodingStyle` attribute
/// (`style_attr`) that rpc style puts on the wrapper instead.
fn write_encoded_part(
    ctx: &Ctx<'_>,
    spec: usize,
    part: &SoapPart,
    arg: &Ident,
    style_attr: &TokenStream,
) -> TokenStream {
    let rt = &ctx.rt;
    let local = &part.element.1;
    let ns = part_ns(part);
    if ctx.is_raw(spec, part.ty) {
        return quote!(w.raw(&#arg.xml););
    }
    let xsi_type = match encoded::xsd_type(ctx, spec, part.ty) {
        Some((tns, tlocal)) if !encoded::is_soap_array(ctx, spec, part.ty) => {
            let tns = match tns {
                Some(n) if !n.is_empty() => quote!(::std::option::Option::Some(#n)),
                _ => quote!(::std::option::Option::None),
            };
            quote!(w.xsi_type(#tns, #tlocal);)
        }
        _ => quote!(),
    };
    let content = if ctx.is_simple(spec, part.ty) {
        quote! {
            let text = #rt::xml::XmlText::to_xml_text(#arg);
            if !text.is_empty() { w.text(&text); }
        }
    } else {
        quote! {
            #rt::xml::XmlElement::write_attrs(#arg, w);
            #rt::xml::XmlElement::write_content(#arg, w);
        }
    };
    quote! {{
        w.start(#ns, #local);
        #style_attr
        #xsi_type
        #content
        w.end();
    }}
}

fn read_part(ctx: &Ctx<'_>, spec: usize, part: &SoapPart, parent: TokenStream) -> TokenStream {
    let rt = &ctx.rt;
    let local = &part.element.1;
    // A part given by a global element: its namespace must match too.
    let ns = part_ns(part);
    let read = if ctx.is_raw(spec, part.ty) {
        quote!(::std::result::Result::Ok(#rt::xml::RawXml::capture(node)))
    } else if ctx.is_simple(spec, part.ty) {
        quote!(ctx.text(node))
    } else {
        quote!(ctx.element(node))
    };
    quote! {{
        let parent = #parent;
        match ctx.child(parent, #ns, #local) {
            ::std::result::Result::Ok(node) => #read,
            ::std::result::Result::Err(e) => ::std::result::Result::Err(e),
        }
    }}
}

pub(super) fn soap_operation(
    ctx: &Ctx<'_>,
    spec: usize,
    here: &TokenStream,
    op: &Operation,
    b: &SoapBinding,
    taken: &mut BTreeSet<String>,
) -> Result<(OpParts, TokenStream), Error> {
    let rt = &ctx.rt;
    let method = ident(&op.rust_name);
    let only = b.input.parts.len() == 1 && b.input.wrapper.is_none();
    let mut args = TokenStream::new();
    let mut names = Vec::new();
    let mut writes = TokenStream::new();
    let document = b.style == SoapStyle::Document;
    let encoding = (b.body_use == SoapUse::Encoded).then(|| match b.version {
        SoapVersion::V11 => (quote!(#rt::soap::SOAP11_NS), quote!(#rt::xml::SOAP11_ENC)),
        SoapVersion::V12 => (quote!(#rt::soap::SOAP12_NS), quote!(#rt::xml::SOAP12_ENC)),
    });
    let style_attr = match &encoding {
        Some((env, enc)) => quote!(w.attr(::std::option::Option::Some(#env), "encodingStyle", #enc);),
        None => quote!(),
    };
    for part in &b.input.parts {
        let (name, ty) = part_arg(ctx, spec, part, only);
        args.extend(quote!(#name: &#ty,));
        match &encoding {
            Some(_) if document => writes.extend(write_encoded_part(ctx, spec, part, &name, &style_attr)),
            Some(_) => writes.extend(write_encoded_part(ctx, spec, part, &name, &quote!())),
            None => writes.extend(write_part(ctx, spec, part, &name)),
        }
        names.push(name);
    }
    let mut header_writes = TokenStream::new();
    for h in &b.headers {
        let name = format_ident!("header_{}", snake(&h.name).trim_start_matches("r#"));
        let ty = ctx.ty(spec, h.ty);
        args.extend(quote!(#name: ::std::option::Option<&#ty>,));
        names.push(name.clone());
        let one = write_part(ctx, spec, h, &format_ident!("v"));
        header_writes.extend(quote! { if let ::std::option::Option::Some(v) = #name { #one } });
    }
    let body = match &b.input.wrapper {
        Some((ns, local)) => {
            let ns = match ns {
                Some(n) if !n.is_empty() => quote!(::std::option::Option::Some(#n)),
                _ => quote!(::std::option::Option::None),
            };
            let style = if encoding.is_some() {
                style_attr.clone()
            } else {
                quote!()
            };
            quote! { w.start(#ns, #local); #style #writes w.end(); }
        }
        None => writes,
    };
    let body = match &encoding {
        Some((_, enc)) => quote! { w.set_soap_encoding(#enc); #body },
        None => body,
    };
    // Output.
    let (out_ty, read): (TokenStream, TokenStream) = match &b.output {
        None => (quote!(()), quote!(::std::result::Result::Ok(()))),
        Some(msg) => {
            let parent = match &msg.wrapper {
                Some((_, local)) => quote! {
                    match #rt::xml::children(body).next() {
                        ::std::option::Option::Some(n) => n,
                        ::std::option::Option::None => return ::std::result::Result::Err(ctx.missing(body, #local)),
                    }
                },
                None => quote!(body),
            };
            let tys: Vec<TokenStream> = msg.parts.iter().map(|p| ctx.ty(spec, p.ty)).collect();
            let reads: Vec<TokenStream> = msg
                .parts
                .iter()
                .map(|p| read_part(ctx, spec, p, parent.clone()))
                .collect();
            match tys.len() {
                0 => (quote!(()), quote!(::std::result::Result::Ok(()))),
                1 => {
                    let t = &tys[0];
                    let r = &reads[0];
                    (quote!(#t), quote!(#r))
                }
                _ => (quote!((#(#tys),*)), quote!(::std::result::Result::Ok((#(#reads?),*)))),
            }
        }
    };
    // Faults.
    let mut extra = TokenStream::new();
    let fault_ty = if b.faults.is_empty() {
        quote!(#rt::NoFault)
    } else {
        let name = unique_type_name(taken, format!("{}Fault", camel(&op.name)));
        let mut variants = TokenStream::new();
        let mut arms = TokenStream::new();
        let mut seen = BTreeSet::new();
        for f in &b.faults {
            let vn = ident(&camel(&f.name));
            if !seen.insert(vn.to_string()) {
                continue;
            }
            let ty = ctx.ty(spec, f.detail.ty);
            let local = &f.detail.element.1;
            let d = docs(Some(&format!("Fault `{}` (detail element `{local}`).", f.name)));
            variants.extend(quote! { #d #vn(#ty), });
            let read = if ctx.is_raw(spec, f.detail.ty) {
                quote!(::std::result::Result::Ok(#rt::xml::RawXml::capture(node)))
            } else if ctx.is_simple(spec, f.detail.ty) {
                quote!(ctx.text(node))
            } else {
                quote!(ctx.element(node))
            };
            arms.extend(quote! { #local => ::std::option::Option::Some(#read.map(Self::#vn)), });
        }
        let d = docs(Some(&format!("The faults `{}` declares.", op.name)));
        extra.extend(quote! {
            #d
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum #name { #variants }
            impl #rt::FaultDetail for #name {
                fn read_detail(node: #rt::xml::Node<'_, '_>, ctx: &#rt::xml::ReadCtx<'_>) -> ::std::option::Option<::std::result::Result<Self, #rt::xml::DecodeError>> {
                    match node.tag_name().name() {
                        #arms
                        _ => ::std::option::Option::None,
                    }
                }
            }
        });
        quote!(#here::#name)
    };
    let version = match b.version {
        SoapVersion::V11 => quote!(#rt::SoapVersion::V11),
        SoapVersion::V12 => quote!(#rt::SoapVersion::V12),
    };
    let action = match &b.action {
        Some(a) => quote!(::std::option::Option::Some(#a)),
        None => quote!(::std::option::Option::None),
    };
    let addressing = b.addressing;
    // The explicit or default WS-Addressing action, where it differs from the SOAPAction.
    let addressing_action = match &b.addressing_action {
        Some(a) if b.addressing && b.action.as_deref() != Some(a.as_str()) => quote!(::std::option::Option::Some(#a)),
        _ => quote!(::std::option::Option::None),
    };
    let op_name = &op.name;
    let mut notes = vec![format!("SOAP operation `{}`.", op.name)];
    if let Some(a) = &b.action {
        notes.push(format!("SOAPAction `\"{a}\"`."));
    }
    if op.deprecated {
        notes.push("Deprecated by the spec.".into());
    }
    let note = notes.join(" ");
    let d = docs(join_docs(&[op.doc.as_deref(), Some(&note)]).as_deref());
    let headers_block = if b.headers.is_empty() {
        quote!(|_w: &mut #rt::xml::XmlWriter| {})
    } else {
        quote!(|w: &mut #rt::xml::XmlWriter| { #header_writes })
    };
    let consts = quote! {
        const OPERATION: #rt::SoapOperation = #rt::SoapOperation {
            name: #op_name,
            version: #version,
            action: #action,
            addressing: #addressing,
            addressing_action: #addressing_action,
        };
    };
    let build = quote! {
        let url = config.base_url(#here::ENDPOINTS)?;
        #rt::soap::request(config, &url, &OPERATION, #headers_block, |w: &mut #rt::xml::XmlWriter| { #body })
    };
    let (out_ty, read) = if b.output_headers.is_empty() {
        let read = quote! {
            #rt::soap::response(config, &OPERATION, response, |body: #rt::xml::Node<'_, '_>, ctx: &#rt::xml::ReadCtx<'_>| #read)
        };
        (out_ty, read)
    } else {
        let (ty, e) = output_with_headers(ctx, spec, here, op, b, &out_ty, taken);
        extra.extend(e);
        let read = read_with_headers(ctx, spec, &ty, b, &read);
        (ty, read)
    };
    let codec = OpParts::codec(rt, &method, &op.name, &args, &out_ty, &fault_ty, consts, build, read);
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

/// The field names of an output's header parts (`body` is the body's).
fn header_fields(b: &SoapBinding) -> Vec<Ident> {
    soap_output_header_fields(b).iter().map(|f| ident(f)).collect()
}

/// The names of the fields that hold the response's SOAP header parts, in the order of
/// `b.output_headers`, when the response declares any (the body is the field `body`).
pub fn soap_output_header_fields(b: &SoapBinding) -> Vec<String> {
    let mut taken = BTreeSet::from(["body".to_owned()]);
    b.output_headers
        .iter()
        .map(|h| unique_type_name(&mut taken, snake(&h.name).trim_start_matches("r#").to_owned()).to_string())
        .collect()
}

/// The output of a SOAP operation whose response declares header parts: a struct of the
/// body and each header (absent from the answer: `None`).
fn output_with_headers(
    ctx: &Ctx<'_>,
    spec: usize,
    here: &TokenStream,
    op: &Operation,
    b: &SoapBinding,
    body_ty: &TokenStream,
    taken: &mut BTreeSet<String>,
) -> (TokenStream, TokenStream) {
    let name = unique_type_name(taken, format!("{}Output", camel(&op.name)));
    let mut fields = TokenStream::new();
    for (h, f) in b.output_headers.iter().zip(header_fields(b)) {
        let ty = ctx.ty(spec, h.ty);
        let d = docs(Some(&format!(
            "Response SOAP header `{}` (part `{}`); `None` when the answer leaves it out.",
            h.element.1, h.name
        )));
        fields.extend(quote! { #d pub #f: ::std::option::Option<#ty>, });
    }
    let d = docs(Some(&format!(
        "What `{}` answers: the body and the SOAP headers the response declares.",
        op.name
    )));
    let item = quote! {
        #d
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            /// The response body.
            pub body: #body_ty,
            #fields
        }
    };
    (quote!(#here::#name), item)
}

/// The reader of a SOAP response with header parts: the body as usual, each header part from
/// the envelope's Header by element name.
fn read_with_headers(
    ctx: &Ctx<'_>,
    spec: usize,
    out_ty: &TokenStream,
    b: &SoapBinding,
    read_body: &TokenStream,
) -> TokenStream {
    let rt = &ctx.rt;
    let mut reads = TokenStream::new();
    let fields = header_fields(b);
    for (h, f) in b.output_headers.iter().zip(&fields) {
        let (ns, local) = &h.element;
        let ns_ok = match ns {
            Some(n) if !n.is_empty() => quote!(n.tag_name().namespace() == ::std::option::Option::Some(#n)),
            _ => quote!(true),
        };
        let read = if ctx.is_raw(spec, h.ty) {
            quote!(#rt::xml::RawXml::capture(node))
        } else if ctx.is_simple(spec, h.ty) {
            quote!(ctx.text(node)?)
        } else {
            quote!(ctx.element(node)?)
        };
        reads.extend(quote! {
            let #f = match header.and_then(|h| #rt::xml::children(h).find(|n| n.tag_name().name() == #local && #ns_ok)) {
                ::std::option::Option::Some(node) => ::std::option::Option::Some(#read),
                ::std::option::Option::None => ::std::option::Option::None,
            };
        });
    }
    quote! {
        #rt::soap::response_with_header(
            config,
            &OPERATION,
            response,
            |header: ::std::option::Option<#rt::xml::Node<'_, '_>>, body: #rt::xml::Node<'_, '_>, ctx: &#rt::xml::ReadCtx<'_>| {
                let body = (|| #read_body)()?;
                #reads
                ::std::result::Result::Ok(#out_ty { body, #(#fields),* })
            },
        )
    }
}
