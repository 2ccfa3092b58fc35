//! Service clients: one struct per service, one method per operation.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Ctx, docs, ident, join_docs};
use crate::model::{Binding, Service};
use crate::{Error, SpecInput};

mod http;
mod soap;
use http::http_operation;
use soap::soap_operation;
pub use soap::soap_output_header_fields;

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
            Binding::Http(h) => http_operation(ctx, spec, &here, op, h, &svc.security, taken)?,
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
