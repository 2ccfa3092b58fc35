//! A code list (`xs:enumeration`, JSON `enum`) as a Rust enum that keeps unknown values read
//! from responses, with its text form, the services that accept each value and its codecs.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::super::{Ctx, docs, ident, join_docs};
use crate::model::{EnumDef, Primitive};
use crate::passes::Format;
use crate::passes::code_lists::CodeList;

pub(super) fn enumeration(
    ctx: &Ctx<'_>,
    name: &proc_macro2::Ident,
    d: TokenStream,
    e: &EnumDef,
    format: Format,
    list: Option<&CodeList>,
) -> TokenStream {
    let rt = &ctx.rt;
    let mut variants = TokenStream::new();
    let mut to_arms = TokenStream::new();
    let mut from_arms = TokenStream::new();
    let mut accepted_arms = TokenStream::new();
    let mut all = Vec::new();
    for v in &e.values {
        let vn = ident(&v.rust_name);
        let wire = &v.wire;
        let accepted: Vec<&str> = list
            .map(|l| {
                l.accepted
                    .iter()
                    .filter(|(_, values)| values.contains(wire))
                    .map(|(s, _)| s.as_str())
                    .collect()
            })
            .unwrap_or_default();
        let accepted_note = list.map(|_| {
            format!(
                "Accepted by {}.",
                accepted.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
            )
        });
        accepted_arms.extend(quote! { Self::#vn => &[#(#accepted),*], });
        let vd = docs(
            join_docs(&[
                v.doc.as_deref(),
                accepted_note.as_deref(),
                Some(&format!("Wire value `{wire}`.")),
            ])
            .as_deref(),
        );
        variants.extend(quote! { #vd #vn, });
        to_arms.extend(quote! { Self::#vn => #wire, });
        from_arms.extend(quote! { #wire => Self::#vn, });
        all.push(quote!(Self::#vn));
    }
    let numeric = matches!(
        e.base,
        Primitive::I8
            | Primitive::I16
            | Primitive::I32
            | Primitive::I64
            | Primitive::Integer
            | Primitive::U8
            | Primitive::U16
            | Primitive::U32
            | Primitive::U64
    );
    let acceptance = list.map(|_| {
        quote! {
            /// The services (their module names under `api`) whose specs list this value:
            /// requests to any other refuse it (`psi_client::rules`).
            pub fn accepted_by(&self) -> &'static [&'static str] {
                match self {
                    #accepted_arms
                    Self::Unknown(_) => &[],
                }
            }
            /// Does the service of module `service` accept this value?
            pub fn is_accepted_by(&self, service: &str) -> bool {
                self.accepted_by().contains(&service)
            }
        }
    });
    let json = (format == Format::Json || list.is_some_and(|l| l.json)).then(|| {
        quote! {
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    #rt::json::serialize_code(self.as_str(), #numeric, serializer)
                }
            }
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    #rt::json::deserialize_code(deserializer).map(|text| Self::from_wire(&text))
                }
            }
        }
    });
    let count = Literal::usize_unsuffixed(all.len());
    quote! {
        #d
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #variants
            /// A value this client does not know, as a service sent it (publishers add codes).
            /// Build requests from the named variants: `psi_client::rules` flags unknown codes.
            Unknown(#rt::Unknown),
        }
        impl #name {
            /// Every value this client knows, in spec order.
            pub const ALL: [Self; #count] = [#(#all),*];
            /// The value as it travels.
            pub fn as_str(&self) -> &str {
                match self {
                    #to_arms
                    Self::Unknown(v) => v.as_str(),
                }
            }
            /// Read a wire value; an unknown one is kept as [`Self::Unknown`].
            pub fn from_wire(text: &str) -> Self {
                match text.trim() {
                    #from_arms
                    _ => Self::Unknown(#rt::Unknown::__new(text.trim().to_owned())),
                }
            }
            /// Is this a value the spec lists?
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
            #acceptance
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { f.write_str(self.as_str()) }
        }
        impl #rt::xml::XmlText for #name {
            fn to_xml_text(&self) -> ::std::borrow::Cow<'_, str> { ::std::borrow::Cow::Borrowed(self.as_str()) }
            fn from_xml_text(text: &str) -> ::std::result::Result<Self, ::std::string::String> { ::std::result::Result::Ok(Self::from_wire(text)) }
        }
        #json
    }
}
