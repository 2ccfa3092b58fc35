//! SOAP encoding (rpc/encoded): the XSD type names `xsi:type` carries, and the XML codec of
//! SOAP-encoded arrays (restrictions of `soapenc:Array`).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Ctx;
use crate::model::{Primitive, Shape, SoapArray, StructDef, TypeId, TypeKind};

/// The XML Schema namespace.
const XSD: &str = "http://www.w3.org/2001/XMLSchema";

/// The XSD name of a built-in scalar, as `xsi:type` spells it.
fn builtin_name(p: Primitive) -> Option<&'static str> {
    Some(match p {
        Primitive::String | Primitive::Niss | Primitive::Nif | Primitive::Nipc | Primitive::ResultCode => "string",
        Primitive::Bool => "boolean",
        Primitive::I8 => "byte",
        Primitive::I16 => "short",
        Primitive::I32 => "int",
        Primitive::I64 => "long",
        Primitive::U8 => "unsignedByte",
        Primitive::U16 => "unsignedShort",
        Primitive::U32 => "unsignedInt",
        Primitive::U64 => "unsignedLong",
        Primitive::Integer => "integer",
        Primitive::Decimal => "decimal",
        Primitive::F32 => "float",
        Primitive::F64 => "double",
        Primitive::Date => "date",
        Primitive::DateTime => "dateTime",
        Primitive::Time => "time",
        Primitive::Duration => "duration",
        Primitive::Base64 => "base64Binary",
        Primitive::HexBinary => "hexBinary",
        Primitive::Uri => "anyURI",
        Primitive::QName => "QName",
        Primitive::Uuid => "string",
        Primitive::Any => return None,
    })
}

/// The type name `xsi:type` gives a value of `id` (namespace, local name): a named XSD type,
/// or the built-in behind a scalar; `None` for an anonymous type, which has no name to give.
pub(crate) fn xsd_type(ctx: &Ctx<'_>, spec: usize, id: TypeId) -> Option<(Option<String>, String)> {
    let id = ctx.resolve(spec, id);
    let def = ctx.model(spec).ty(id);
    match (&def.key.kind, &def.shape) {
        (TypeKind::ComplexType | TypeKind::SimpleType, _) => Some((def.key.namespace.clone(), def.key.name.clone())),
        (TypeKind::Builtin, Shape::Primitive(p)) => builtin_name(*p).map(|n| (Some(XSD.to_owned()), n.to_owned())),
        _ => None,
    }
}

/// `(Option<&str>, &str)` tokens of a type name.
pub(crate) fn type_tokens((ns, local): &(Option<String>, String)) -> TokenStream {
    let ns = match ns {
        Some(n) if !n.is_empty() => quote!(::std::option::Option::Some(#n)),
        _ => quote!(::std::option::Option::None),
    };
    quote!((#ns, #local))
}

/// Is `id` a SOAP-encoded array?
pub(crate) fn is_soap_array(ctx: &Ctx<'_>, spec: usize, id: TypeId) -> bool {
    matches!(&ctx.model(spec).ty(ctx.resolve(spec, id)).shape, Shape::Struct(s) if s.soap_array.is_some())
}

/// The XML codec of a SOAP-encoded array: under SOAP encoding it says its item type and
/// length and gives each item its `xsi:type`; it reads every element child as an item (the
/// item elements' names carry no meaning in SOAP encoding; `xsi:nil` items are left out)
/// and follows multi-refs.
pub(crate) fn array_codec(ctx: &Ctx<'_>, spec: usize, name: &Ident, s: &StructDef, info: &SoapArray) -> TokenStream {
    let rt = &ctx.rt;
    let Some(f) = s.fields.first() else {
        return quote! {
            impl #rt::xml::XmlElement for #name {
                fn write_content(&self, _w: &mut #rt::xml::XmlWriter) {}
                fn read_xml(_node: #rt::xml::Node<'_, '_>, _ctx: &#rt::xml::ReadCtx<'_>) -> ::std::result::Result<Self, #rt::xml::DecodeError> {
                    ::std::result::Result::Ok(Self {})
                }
            }
        };
    };
    let fname = super::ident(&f.rust_name);
    let wire = &f.wire;
    let anytype = (Some(XSD.to_owned()), "anyType".to_owned());
    let item = info
        .item_type
        .clone()
        .or_else(|| xsd_type(ctx, spec, f.ty))
        .unwrap_or(anytype);
    let item_tokens = type_tokens(&item);
    let inner_dims = &info.inner_dims;
    let (write_one, read_one) = if ctx.is_raw(spec, f.ty) {
        (
            quote!(w.raw(&v.xml);),
            quote!(#rt::xml::RawXml::capture(ctx.referenced(child)?.unwrap_or(child))),
        )
    } else if ctx.is_simple(spec, f.ty) {
        (
            quote!(w.typed_text_element(::std::option::Option::None, #wire, v, #item_tokens);),
            quote!(ctx.text(child)?),
        )
    } else {
        // Items that are arrays themselves write their own type.
        let ty = if is_soap_array(ctx, spec, f.ty) {
            quote!(::std::option::Option::None)
        } else {
            quote!(::std::option::Option::Some(#item_tokens))
        };
        (
            quote!(w.typed_element(::std::option::Option::None, #wire, v, #ty);),
            quote!(ctx.element(child)?),
        )
    };
    let read_one = if f.boxed {
        quote!(::std::boxed::Box::new(#read_one))
    } else {
        read_one
    };
    quote! {
        impl #rt::xml::XmlElement for #name {
            fn write_attrs(&self, w: &mut #rt::xml::XmlWriter) {
                w.soap_array(#item_tokens, #inner_dims, self.#fname.len());
            }
            fn write_content(&self, w: &mut #rt::xml::XmlWriter) {
                for v in &self.#fname { #write_one }
            }
            fn read_xml(node: #rt::xml::Node<'_, '_>, ctx: &#rt::xml::ReadCtx<'_>) -> ::std::result::Result<Self, #rt::xml::DecodeError> {
                let children = #rt::xml::child_list(node);
                Self::read_parts(node, &children, ctx)
            }
        }
        impl #name {
            /// Read the items from the given children of `node`.
            #[doc(hidden)]
            pub fn read_parts(
                _node: #rt::xml::Node<'_, '_>,
                children: &[#rt::xml::Node<'_, '_>],
                ctx: &#rt::xml::ReadCtx<'_>,
            ) -> ::std::result::Result<Self, #rt::xml::DecodeError> {
                let mut items = ::std::vec::Vec::with_capacity(children.len());
                for &child in children {
                    if #rt::xml::is_nil(child) {
                        continue;
                    }
                    items.push(#read_one);
                }
                ::std::result::Result::Ok(Self { #fname: items })
            }
        }
    }
}
