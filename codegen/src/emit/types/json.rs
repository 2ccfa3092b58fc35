//! The hand-written `Deserialize` of JSON objects that derive cannot make strict enough: all
//! properties optional, or a bare array allowed.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::field_type;
use crate::emit::{Ctx, ident};
use crate::model::StructDef;

/// A JSON object whose every property is optional would read any object, of whatever shape,
/// as an empty value: its reader is written out so that an object with none of the declared
/// properties but others is an error rather than data lost. An object that may also arrive
/// as a bare array ([`StructDef::bare_list`]) is read the same way. (Objects with a required
/// property already refuse other shapes; `additionalProperties` keeps unknown ones.)
pub(super) fn json_reader_by_hand(s: &StructDef) -> bool {
    s.additional.is_none()
        && !s.fields.is_empty()
        && (s.bare_list.is_some() || s.fields.iter().all(|f| f.occurs.is_optional() || f.nullable))
}

/// `Deserialize` for a struct of [`json_reader_by_hand`]: a map visitor that reads each
/// declared property under its name or an alias, refuses duplicates, and fails when the
/// object names none of the declared properties but others; with a bare list, a sequence
/// visitor that reads the array into that field.
pub(super) fn json_struct_reader(ctx: &Ctx<'_>, spec: usize, name: &proc_macro2::Ident, s: &StructDef) -> TokenStream {
    let mut slots = TokenStream::new();
    let mut arms = TokenStream::new();
    let mut none_seen = Vec::new();
    let mut build = TokenStream::new();
    let mut declared = Vec::new();
    let mut keys = TokenStream::new();
    for (i, f) in s.fields.iter().enumerate() {
        let slot = format_ident!("f{}", i);
        let fname = ident(&f.rust_name);
        let ty = field_type(ctx, spec, f);
        let wire = &f.wire;
        let aliases = &f.aliases;
        let key = format_ident!("F{}", i);
        keys.extend(quote! { #[serde(rename = #wire #(, alias = #aliases)*)] #key, });
        slots.extend(quote! { let mut #slot: ::std::option::Option<#ty> = ::std::option::Option::None; });
        arms.extend(quote! {
            __Key::#key => {
                if #slot.is_some() {
                    return ::std::result::Result::Err(<A::Error as ::serde::de::Error>::duplicate_field(#wire));
                }
                #slot = ::std::option::Option::Some(map.next_value()?);
            }
        });
        none_seen.push(quote!(#slot.is_none()));
        if f.occurs.is_optional() || f.nullable {
            build.extend(quote! { #fname: #slot.unwrap_or_default(), });
        } else {
            build.extend(quote! {
                #fname: #slot.ok_or_else(|| <A::Error as ::serde::de::Error>::missing_field(#wire))?,
            });
        }
        declared.push(f.wire.clone());
    }
    let expecting = match s.bare_list {
        Some(_) => format!("a {name} object, or a bare array"),
        None => format!("a {name} object"),
    };
    let message = format!(
        "an object with none of the declared properties ({}) matches no declared shape; it has: {{}}",
        declared.join(", ")
    );
    let (seq, entry) = match s.bare_list {
        Some(i) => {
            let list = ident(&s.fields[i].rust_name);
            let others = s
                .fields
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, f)| ident(&f.rust_name));
            (
                quote! {
                    fn visit_seq<A: ::serde::de::SeqAccess<'de>>(self, mut seq: A) -> ::std::result::Result<#name, A::Error> {
                        let mut items = ::std::vec::Vec::new();
                        while let ::std::option::Option::Some(item) = seq.next_element()? {
                            items.push(item);
                        }
                        ::std::result::Result::Ok(#name { #list: items, #(#others: ::std::default::Default::default(),)* })
                    }
                },
                quote!(deserialize_any),
            )
        }
        None => (TokenStream::new(), quote!(deserialize_map)),
    };
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                /// The property names, read without allocating; only an unknown one is kept.
                #[derive(::serde::Deserialize)]
                #[serde(field_identifier)]
                enum __Key { #keys Other(::std::string::String) }
                struct __Visitor;
                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<#name, A::Error> {
                        #slots
                        let mut unknown: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();
                        while let ::std::option::Option::Some(key) = map.next_key::<__Key>()? {
                            match key {
                                #arms
                                __Key::Other(key) => {
                                    map.next_value::<::serde::de::IgnoredAny>()?;
                                    unknown.push(key);
                                }
                            }
                        }
                        if #(#none_seen)&&* && !unknown.is_empty() {
                            return ::std::result::Result::Err(<A::Error as ::serde::de::Error>::custom(
                                ::std::format!(#message, unknown.join(", ")),
                            ));
                        }
                        ::std::result::Result::Ok(#name { #build })
                    }
                    #seq
                }
                deserializer.#entry(__Visitor)
            }
        }
    }
}
