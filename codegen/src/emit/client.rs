//! Service clients: one struct per service, one method per operation.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{Ctx, docs, encoded, ident, join_docs};
use crate::model::{
    ArrayStyle, Binding, HttpBinding, Operation, ParamLocation, Primitive, Service, Shape, SoapBinding, SoapPart,
    SoapStyle, SoapUse, SoapVersion, Status,
};
use crate::passes::naming::{camel, snake};
use crate::{Error, SpecInput};

fn unique_type_name(taken: &mut BTreeSet<String>, wanted: String) -> Ident {
    let mut name = wanted.clone();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{wanted}{n}");
        n += 1;
    }
    ident(&name)
}

/// The client of one service, with the types its operations need of their own.
pub(crate) fn service(
    ctx: &Ctx<'_>,
    spec: usize,
    input: &SpecInput,
    svc: &Service,
    taken: &mut BTreeSet<String>,
) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let mut endpoints: Vec<(String, String)> = input.endpoints.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    if endpoints.is_empty() {
        endpoints = svc
            .addresses
            .iter()
            .take(1)
            .map(|a| ("default".to_owned(), a.clone()))
            .collect();
    }
    let env_keys: Vec<&str> = endpoints.iter().map(|(k, _)| k.as_str()).collect();
    let env_urls: Vec<&str> = endpoints.iter().map(|(_, v)| v.as_str()).collect();
    // Items of this module are named by absolute path too.
    let api = &ctx.api;
    let module = ident(&svc.rust_name);
    let here = quote!(#api::#module);
    let mut ops = Vec::new();
    let mut extra = TokenStream::new();
    for op in &svc.operations {
        let (parts, e) = match &op.binding {
            Binding::Soap(b) => soap_operation(ctx, spec, &here, op, b, taken)?,
            Binding::Http(h) => http_operation(ctx, spec, &here, op, h, taken)?,
        };
        ops.push(parts);
        extra.extend(e);
    }
    let provenance = match input.provenance.as_str() {
        "reconstructed" => {
            Some("Built from a reconstructed spec, not from the publisher's file: see `specs/README.md`.")
        }
        _ => None,
    };
    let client = unique_type_name(taken, "Client".into());
    let blocking = unique_type_name(taken, "BlockingClient".into());
    let async_doc = docs(
        join_docs(&[
            Some(&format!("Async client of {}.", svc.name)),
            svc.doc.as_deref(),
            provenance,
        ])
        .as_deref(),
    );
    let blocking_doc = docs(
        join_docs(&[
            Some(&format!("Blocking client of {} (feature `blocking`).", svc.name)),
            Some(&format!(
                "The same operations as [`{client}`], waiting for each answer."
            )),
            provenance,
        ])
        .as_deref(),
    );
    let async_methods = ops.iter().map(|o| o.method(&here, true));
    let blocking_methods = ops.iter().map(|o| o.method(&here, false));
    let codecs = ops.iter().map(|o| &o.codec);
    Ok(quote! {
        /// Base URLs by environment, from `specs/manifest.toml` (or the spec's own address).
        pub const ENDPOINTS: &[(&str, &str)] = &[#((#env_keys, #env_urls)),*];
        #async_doc
        #[derive(Debug, Clone)]
        pub struct #client {
            core: #rt::AsyncClient,
        }
        impl #client {
            /// A client with these settings and the default transport.
            #[cfg(feature = "reqwest")]
            pub fn new(config: #rt::Config) -> Self {
                Self { core: #rt::AsyncClient::new(config) }
            }
            /// A client with these settings and your own transport.
            pub fn with_transport(config: #rt::Config, transport: ::std::sync::Arc<dyn #rt::AsyncTransport>) -> Self {
                Self { core: #rt::AsyncClient::with_transport(config, transport) }
            }
            /// A client for a named environment with this credential and the default transport.
            #[cfg(feature = "reqwest")]
            pub fn for_environment(environment: #rt::Environment, auth: #rt::Auth) -> Self {
                Self::new(#rt::Config::new(environment).auth(auth))
            }
            /// The settings in use.
            pub fn config(&self) -> &#rt::Config {
                self.core.config()
            }
            /// The settings and transport, for sending a request built by this module's `codec`.
            pub fn core(&self) -> &#rt::AsyncClient {
                &self.core
            }
            #(#async_methods)*
        }
        #blocking_doc
        #[cfg(feature = "blocking")]
        #[derive(Debug, Clone)]
        pub struct #blocking {
            core: #rt::BlockingClient,
        }
        #[cfg(feature = "blocking")]
        impl #blocking {
            /// A client with these settings and the default transport.
            #[cfg(feature = "reqwest")]
            pub fn new(config: #rt::Config) -> Self {
                Self { core: #rt::BlockingClient::new(config) }
            }
            /// A client with these settings and your own transport.
            pub fn with_transport(config: #rt::Config, transport: ::std::sync::Arc<dyn #rt::Transport>) -> Self {
                Self { core: #rt::BlockingClient::with_transport(config, transport) }
            }
            /// A client for a named environment with this credential and the default transport.
            #[cfg(feature = "reqwest")]
            pub fn for_environment(environment: #rt::Environment, auth: #rt::Auth) -> Self {
                Self::new(#rt::Config::new(environment).auth(auth))
            }
            /// The settings in use.
            pub fn config(&self) -> &#rt::Config {
                self.core.config()
            }
            /// The settings and transport, for sending a request built by this module's `codec`.
            pub fn core(&self) -> &#rt::BlockingClient {
                &self.core
            }
            #(#blocking_methods)*
        }
        /// Each operation without a transport: `request` builds the HTTP request from the
        /// typed input, `response` reads the typed outcome from the HTTP response. The
        /// clients are these two steps around a transport; any HTTP stack can run them.
        pub mod codec {
            #(#codecs)*
        }
        #extra
    })
}

/// What one operation contributes to its service: the codec module, and what the async and
/// blocking client methods around it need.
struct OpParts {
    method: Ident,
    doc: TokenStream,
    /// The method's parameters (after `&self`), and their names in order.
    args: TokenStream,
    names: Vec<Ident>,
    out_ty: TokenStream,
    fault_ty: TokenStream,
    rt: TokenStream,
    codec: TokenStream,
}

impl OpParts {
    /// The client method: the codec's request, the transport, the codec's response.
    fn method(&self, here: &TokenStream, is_async: bool) -> TokenStream {
        let OpParts {
            method,
            doc,
            args,
            names,
            out_ty,
            fault_ty,
            rt,
            ..
        } = self;
        let (asyncness, wait) = if is_async {
            (quote!(async), quote!(.await))
        } else {
            (quote!(), quote!())
        };
        quote! {
            #doc
            pub #asyncness fn #method(&self, #args) -> ::std::result::Result<#out_ty, #rt::Error<#fault_ty>> {
                let request = #here::codec::#method::request(self.core.config(), #(#names),*)?;
                let response = self.core.send::<#fault_ty>(request)#wait?;
                #here::codec::#method::response(self.core.config(), &response)
            }
        }
    }

    /// The codec module of the operation.
    #[allow(clippy::too_many_arguments)]
    fn codec(
        rt: &TokenStream,
        method: &Ident,
        name: &str,
        args: &TokenStream,
        out_ty: &TokenStream,
        fault_ty: &TokenStream,
        consts: TokenStream,
        build: TokenStream,
        read: TokenStream,
    ) -> TokenStream {
        let mod_doc = docs(Some(&format!("`{name}` without a transport.")));
        let req_doc = docs(Some(&format!(
            "The HTTP request of `{name}`: URL from `config`'s environment or base URL, headers, \
             credential, body."
        )));
        let resp_doc = docs(Some(&format!("The typed outcome of `{name}` from its HTTP response.")));
        quote! {
            #mod_doc
            pub mod #method {
                #consts
                #req_doc
                pub fn request(config: &#rt::Config, #args) -> ::std::result::Result<#rt::Request, #rt::Error<#fault_ty>> {
                    #build
                }
                #resp_doc
                pub fn response(config: &#rt::Config, response: &#rt::Response) -> ::std::result::Result<#out_ty, #rt::Error<#fault_ty>> {
                    #read
                }
            }
        }
    }
}

fn part_arg(ctx: &Ctx<'_>, spec: usize, part: &SoapPart, only: bool) -> (Ident, TokenStream) {
    let name = if only {
        ident("request")
    } else {
        ident(&snake(&part.name))
    };
    let ty = ctx.ty(spec, part.ty);
    (name, ty)
}

fn write_part(ctx: &Ctx<'_>, spec: usize, part: &SoapPart, arg: &Ident, qualified: bool) -> TokenStream {
    let (ns, local) = &part.element;
    let ns = match ns {
        Some(n) if qualified => quote!(::std::option::Option::Some(#n)),
        _ => quote!(::std::option::Option::None),
    };
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
    qualified: bool,
    style_attr: &TokenStream,
) -> TokenStream {
    let rt = &ctx.rt;
    let (ns, local) = &part.element;
    let ns = match ns {
        Some(n) if qualified => quote!(::std::option::Option::Some(#n)),
        _ => quote!(::std::option::Option::None),
    };
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

fn read_part(ctx: &Ctx<'_>, spec: usize, part: &SoapPart, parent: TokenStream, qualified: bool) -> TokenStream {
    let rt = &ctx.rt;
    let local = &part.element.1;
    // A document-style part is a global element: its namespace must match too.
    let ns = match &part.element.0 {
        Some(n) if qualified && !n.is_empty() => quote!(::std::option::Option::Some(#n)),
        _ => quote!(::std::option::Option::None),
    };
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

fn soap_operation(
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
    let qualified = b.style == SoapStyle::Document;
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
            Some(_) if qualified => writes.extend(write_encoded_part(ctx, spec, part, &name, qualified, &style_attr)),
            Some(_) => writes.extend(write_encoded_part(ctx, spec, part, &name, qualified, &quote!())),
            None => writes.extend(write_part(ctx, spec, part, &name, qualified)),
        }
        names.push(name);
    }
    let mut header_writes = TokenStream::new();
    for h in &b.headers {
        let name = format_ident!("header_{}", snake(&h.name).trim_start_matches("r#"));
        let ty = ctx.ty(spec, h.ty);
        args.extend(quote!(#name: ::std::option::Option<&#ty>,));
        names.push(name.clone());
        let one = write_part(ctx, spec, h, &format_ident!("v"), true);
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
                .map(|p| read_part(ctx, spec, p, parent.clone(), qualified))
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
    let mut taken = BTreeSet::from(["body".to_owned()]);
    b.output_headers
        .iter()
        .map(|h| unique_type_name(&mut taken, snake(&h.name).trim_start_matches("r#").to_owned()))
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

fn http_operation(
    ctx: &Ctx<'_>,
    spec: usize,
    here: &TokenStream,
    op: &Operation,
    h: &HttpBinding,
    taken: &mut BTreeSet<String>,
) -> Result<(OpParts, TokenStream), Error> {
    let rt = &ctx.rt;
    let model = ctx.model(spec);
    let method = ident(&op.rust_name);
    let verb = h.method.as_str();
    let mut args = TokenStream::new();
    let mut names: Vec<Ident> = Vec::new();
    let mut prepare = TokenStream::new();
    // Required parameters first (path order), then optional ones.
    let mut params: Vec<_> = h.params.iter().collect();
    params.sort_by_key(|p| !(p.required || p.location == ParamLocation::Path));
    let mut has_form = false;
    for p in &params {
        let name = ident(&p.rust_name);
        let base = ctx.ty(spec, p.ty);
        let is_string = matches!(
            model.ty(ctx.resolve(spec, p.ty)).shape,
            Shape::Primitive(Primitive::String)
        );
        let by_value = is_copy(ctx, spec, p.ty);
        let arg_ty = match (is_string, p.list) {
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
        let push = match p.location {
            ParamLocation::Path => quote!(),
            ParamLocation::Query => quote!(query.push((#wire, value));),
            ParamLocation::Header => quote!(headers.push((#wire, value));),
            ParamLocation::Cookie => quote!(cookies.push(::std::format!("{}={}", #wire, value));),
            ParamLocation::Form => {
                has_form = true;
                quote!(form.push((#wire, value));)
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
    let mut implicit: Vec<String> = Vec::new();
    let mut path_expr = TokenStream::new();
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
        if let Some(p) = declared.filter(|p| p.list) {
            // `simple` style: each value encoded, the values joined by commas.
            let name = ident(&p.rust_name);
            let each = if ctx.is_simple(spec, p.ty) {
                quote!(#rt::http::path_segment(&#rt::xml::XmlText::to_xml_text(x)))
            } else {
                quote!(#rt::http::path_segment(&#rt::json::param_text(x)))
            };
            pieces.push(quote!(path.push_str(&#name.iter().map(|x| #each).collect::<::std::vec::Vec<_>>().join(","));));
            rest = &rest[open + close + 1..];
            continue;
        }
        let text = match declared {
            Some(p) => {
                let name = ident(&p.rust_name);
                let is_string = matches!(
                    model.ty(ctx.resolve(spec, p.ty)).shape,
                    Shape::Primitive(Primitive::String)
                );
                if is_string {
                    quote!(#name)
                } else if is_copy(ctx, spec, p.ty) {
                    quote!(&#rt::xml::XmlText::to_xml_text(&#name))
                } else if ctx.is_simple(spec, p.ty) {
                    quote!(&#rt::xml::XmlText::to_xml_text(#name))
                } else {
                    quote!(&#rt::json::param_text(#name))
                }
            }
            None => {
                // The spec forgot to declare it: take it as text, and say so.
                let name = ident(&snake(pname));
                args.extend(quote!(#name: &str,));
                names.push(name.clone());
                implicit.push(pname.to_owned());
                quote!(#name)
            }
        };
        pieces.push(quote!(path.push_str(&#rt::http::path_segment(#text));));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(quote!(path.push_str(#rest);));
    }
    path_expr.extend(quote! { let mut path = ::std::string::String::new(); #(#pieces)* });
    // Body.
    let mut body_note: Option<String> = None;
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
            quote!(::std::option::Option::Some(("application/x-www-form-urlencoded", #rt::http::form_body(&form).into_bytes())))
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
    let note = notes.join(" ");
    let d = docs(join_docs(&[op.doc.as_deref(), Some(&note)]).as_deref());
    let has_cookies = h.params.iter().any(|p| p.location == ParamLocation::Cookie);
    let cookie_let =
        has_cookies.then(|| quote!(let mut cookies: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();));
    let form_let = has_form
        .then(|| quote!(let mut form: ::std::vec::Vec<(&str, ::std::string::String)> = ::std::vec::Vec::new();));
    let cookie_join = has_cookies.then(|| {
        quote!(if !cookies.is_empty() {
            headers.push(("Cookie", cookies.join("; ")));
        })
    });
    let lets = quote! {
        #[allow(unused_mut)]
        let mut query: ::std::vec::Vec<(&str, ::std::string::String)> = ::std::vec::Vec::new();
        #[allow(unused_mut)]
        let mut headers: ::std::vec::Vec<(&str, ::std::string::String)> = ::std::vec::Vec::new();
        #cookie_let
        #form_let
    };
    let verb_ident = format_ident!("{}", verb);
    let build = quote! {
        let base = config.base_url(#here::ENDPOINTS)?;
        #lets
        #prepare
        #cookie_join
        #path_expr
        let body = #body_expr;
        #rt::http::request(config, #rt::http::Method::#verb_ident, &base, &path, &query, &headers, body)
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
