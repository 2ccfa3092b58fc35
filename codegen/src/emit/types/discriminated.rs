//! JSON unions told apart by a discriminator property.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::{Ctx, ident};
use crate::model::{Discriminator, UnionDef};
use crate::passes::Unit;

/// A JSON union told apart by a discriminator property: the tag picks the variant, both ways.
/// An unknown tag is an error naming the tag and the known ones, never another variant.
pub(super) fn discriminated(
    ctx: &Ctx<'_>,
    unit: Unit,
    name: &proc_macro2::Ident,
    d: TokenStream,
    variants: TokenStream,
    u: &UnionDef,
    disc: &Discriminator,
) -> TokenStream {
    let rt = &ctx.rt;
    let property = &disc.property;
    let mut ser = TokenStream::new();
    let mut de = TokenStream::new();
    for (i, v) in u.variants.iter().enumerate() {
        let vn = ident(&v.rust_name);
        let tags: Vec<&String> = disc
            .mapping
            .iter()
            .filter(|(_, at)| **at == i)
            .map(|(t, _)| t)
            .collect();
        if tags.is_empty() {
            continue;
        }
        // The variant's tag goes on the wire; a value whose own tag names another variant is
        // refused, with the variant named.
        let label = format!("{name}::{vn}");
        ser.extend(quote! {
            Self::#vn(x) => #rt::json::with_tag(x, #property, &[#(#tags),*]).map_err(|e| ::std::format!("{}: {}", #label, e)),
        });
        let ty = ctx.ty(unit.spec, v.ty);
        let ty = if v.boxed { quote!(::std::boxed::Box<#ty>) } else { ty };
        de.extend(quote! {
            #(#tags)|* => #rt::json::variant::<#ty>(value).map(Self::#vn).map_err(D::Error::custom),
        });
    }
    let known = disc.mapping.keys().cloned().collect::<Vec<_>>().join(", ");
    let unknown = format!("unknown `{property}` value `{{}}` (known: {known})");
    let note = format!(
        " Told apart by the `{property}` property: its value picks the variant, both ways. When \
         sending, a variant whose `{property}` is empty gets its mapped value; one that holds \
         another variant's value is refused (an encoding error), never sent as the other variant."
    );
    quote! {
        #d
        #[doc = #note]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name { #variants }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                use ::serde::ser::Error as _;
                #[allow(unreachable_patterns)]
                let value = match self {
                    #ser
                    _ => ::std::result::Result::Err(::std::string::String::from("a variant without a discriminator value")),
                };
                ::serde::Serialize::serialize(&value.map_err(S::Error::custom)?, serializer)
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                use ::serde::de::Error as _;
                let value = <#rt::JsonValue as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = #rt::json::tag_of(&value, #property).map_err(D::Error::custom)?.to_owned();
                match tag.as_str() {
                    #de
                    other => ::std::result::Result::Err(D::Error::custom(::std::format!(#unknown, #rt::xml::cut(other)))),
                }
            }
        }
    }
}
