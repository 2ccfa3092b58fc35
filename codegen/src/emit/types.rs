//! Type items: structs, enums, newtypes, unions, aliases, with their XML or JSON codecs.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Ctx, docs, ident, join_docs};
use crate::Error;
use crate::model::{Facets, Field, FieldKind, Primitive, Shape, StructDef, UnionDef, UnionStyle};
use crate::passes::{Format, Unit};

mod constructor;
mod discriminated;
mod enumeration;
mod json;
mod xml_codec;
use constructor::constructor;
use discriminated::discriminated;
use enumeration::enumeration;
use json::{json_reader_by_hand, json_struct_reader};
use xml_codec::xml_struct_codec;

/// The item (and its impls) for one unit.
pub(crate) fn item(ctx: &Ctx<'_>, unit: Unit) -> Result<TokenStream, Error> {
    let model = ctx.model(unit.spec);
    let def = model.ty(unit.ty);
    let name = ident(&def.rust_name);
    let origin = match def.key.kind {
        crate::model::TypeKind::Anonymous => format!("Wire: inline type at `{}`.", def.key.name),
        kind => format!(
            "Wire: {} `{}`{}.",
            format!("{kind:?}").to_lowercase(),
            def.key.name,
            def.key
                .namespace
                .as_deref()
                .filter(|n| n.contains(':'))
                .map(|n| format!(" in `{n}`"))
                .unwrap_or_default()
        ),
    };
    let rt = &ctx.rt;
    let format = ctx.format(unit.spec);
    Ok(match &def.shape {
        Shape::Struct(s) => {
            let d = docs(join_docs(&[def.doc.as_deref(), Some(&origin)]).as_deref());
            structure(ctx, unit, &name, d, s)?
        }
        Shape::Enum(e) => {
            let list = ctx.program.code_lists.get(&unit);
            let shared = list.map(|l| {
                format!(
                    "One code list for {}: each value says which accept it.",
                    l.accepted
                        .keys()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            });
            let d = docs(join_docs(&[def.doc.as_deref(), shared.as_deref(), Some(&origin)]).as_deref());
            enumeration(ctx, &name, d, e, format, list)
        }
        Shape::Newtype { inner, facets } => {
            let d = docs(join_docs(&[def.doc.as_deref(), facet_doc(facets).as_deref(), Some(&origin)]).as_deref());
            let inner_ty = ctx.ty(unit.spec, *inner);
            let serde = (format == Format::Json)
                .then(|| quote!(#[derive(::serde::Serialize, ::serde::Deserialize)] #[serde(transparent)]));
            quote! {
                #d
                #[derive(Debug, Clone, PartialEq)]
                #serde
                pub struct #name(pub #inner_ty);
                impl #rt::xml::XmlText for #name {
                    fn to_xml_text(&self) -> ::std::borrow::Cow<'_, str> { self.0.to_xml_text() }
                    fn from_xml_text(text: &str) -> ::std::result::Result<Self, ::std::string::String> {
                        <#inner_ty as #rt::xml::XmlText>::from_xml_text(text).map(Self)
                    }
                }
                impl ::std::convert::From<#inner_ty> for #name {
                    fn from(value: #inner_ty) -> Self { Self(value) }
                }
            }
        }
        Shape::Union(u) => {
            let d = docs(join_docs(&[def.doc.as_deref(), Some(&origin)]).as_deref());
            union(ctx, unit, &name, d, u, format)?
        }
        Shape::List { item } => {
            let d = docs(join_docs(&[def.doc.as_deref(), Some(&origin)]).as_deref());
            let item_ty = ctx.ty(unit.spec, *item);
            quote! { #d pub type #name = ::std::vec::Vec<#item_ty>; }
        }
        Shape::Map { value } => {
            let d = docs(join_docs(&[def.doc.as_deref(), Some(&origin)]).as_deref());
            let v = ctx.ty(unit.spec, *value);
            quote! { #d pub type #name = ::std::collections::BTreeMap<::std::string::String, #v>; }
        }
        Shape::Alias(target) => {
            let d = docs(join_docs(&[def.doc.as_deref(), Some(&origin)]).as_deref());
            let t = ctx.ty(unit.spec, *target);
            quote! { #d pub type #name = #t; }
        }
        Shape::Opaque { reason } => {
            let note = format!("Kept as it comes, not modelled: {reason}.");
            let d = docs(join_docs(&[def.doc.as_deref(), Some(&note), Some(&origin)]).as_deref());
            let t = super::primitive(Primitive::Any, rt, format);
            quote! { #d pub type #name = #t; }
        }
        Shape::Primitive(p) => {
            let d = docs(join_docs(&[def.doc.as_deref(), Some(&origin)]).as_deref());
            let t = super::primitive(*p, rt, format);
            quote! { #d pub type #name = #t; }
        }
        Shape::Pending => {
            return Err(Error::spec(
                def.source.clone(),
                format!("type `{}` was never defined", def.key.name),
            ));
        }
    })
}

fn facet_doc(f: &Facets) -> Option<String> {
    if f.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    if let Some(v) = f.length {
        parts.push(format!("length {v}"));
    }
    if let Some(v) = f.min_length {
        parts.push(format!("at least {v} characters"));
    }
    if let Some(v) = f.max_length {
        parts.push(format!("at most {v} characters"));
    }
    for p in &f.patterns {
        parts.push(format!("pattern `{p}`"));
    }
    if let Some(v) = &f.min_inclusive {
        parts.push(format!(">= {v}"));
    }
    if let Some(v) = &f.max_inclusive {
        parts.push(format!("<= {v}"));
    }
    if let Some(v) = &f.min_exclusive {
        parts.push(format!("> {v}"));
    }
    if let Some(v) = &f.max_exclusive {
        parts.push(format!("< {v}"));
    }
    if let Some(v) = f.total_digits {
        parts.push(format!("at most {v} digits"));
    }
    if let Some(v) = f.fraction_digits {
        parts.push(format!("at most {v} decimals"));
    }
    Some(format!("Constraints: {}.", parts.join(", ")))
}

/// The Rust type of a field, with `Box`, `Vec` and `Option` as its cardinality asks.
pub(crate) fn field_type(ctx: &Ctx<'_>, spec: usize, f: &Field) -> TokenStream {
    if f.kind == FieldKind::AnyAttribute {
        return quote!(::std::vec::Vec<(::std::string::String, ::std::string::String)>);
    }
    if f.kind == FieldKind::MixedText {
        let rt = &ctx.rt;
        return quote!(#rt::xml::MixedText);
    }
    let base = ctx.ty(spec, f.ty);
    let base = if f.boxed {
        quote!(::std::boxed::Box<#base>)
    } else {
        base
    };
    if f.occurs.is_list() {
        quote!(::std::vec::Vec<#base>)
    } else if f.occurs.is_optional() || f.nullable {
        quote!(::std::option::Option<#base>)
    } else {
        base
    }
}

fn ns_tokens(ns: &Option<String>) -> TokenStream {
    match ns {
        Some(n) => quote!(::std::option::Option::Some(#n)),
        None => quote!(::std::option::Option::None),
    }
}

/// A wire-name literal for a field's rust name (raw identifiers stripped).
fn plain(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

fn structure(
    ctx: &Ctx<'_>,
    unit: Unit,
    name: &proc_macro2::Ident,
    d: TokenStream,
    s: &StructDef,
) -> Result<TokenStream, Error> {
    let format = ctx.format(unit.spec);
    let mut fields = TokenStream::new();
    for f in &s.fields {
        let fname = ident(&f.rust_name);
        let ty = field_type(ctx, unit.spec, f);
        let mut note = String::new();
        if f.kind == FieldKind::AnyElement {
            note = "Any further elements (`xs:any`), kept as raw XML.".into();
        } else if f.kind == FieldKind::AnyAttribute {
            note = "Any further attributes (`xs:anyAttribute`), as name/value pairs.".into();
        } else if f.kind == FieldKind::MixedText {
            note = "The text between the child elements (mixed content), each piece in its place.".into();
        } else if f.nullable {
            note = "May be sent as an explicit null (`xsi:nil` / `null`).".into();
        }
        if let Some(default) = &f.default {
            note.push_str(&format!(" Default: `{default}`."));
        }
        if !f.aliases.is_empty() {
            let names: Vec<String> = f.aliases.iter().map(|a| format!("`{a}`")).collect();
            note.push_str(&format!(" Also read under {}.", names.join(", ")));
        }
        let fd = docs(
            join_docs(&[f.doc.as_deref(), Some(note.trim()).filter(|n| !n.is_empty())])
                .as_deref()
                .or(Some(&format!("`{}`.", f.wire))),
        );
        let serde_attrs = if format == Format::Json {
            let mut attrs = TokenStream::new();
            if plain(&f.rust_name) != f.wire {
                let w = &f.wire;
                attrs.extend(quote!(#[serde(rename = #w)]));
            }
            if f.occurs.is_list() && f.occurs.is_optional() {
                attrs.extend(quote!(#[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]));
            } else if f.occurs.is_optional() {
                attrs.extend(quote!(#[serde(default, skip_serializing_if = "::std::option::Option::is_none")]));
            }
            if !json_reader_by_hand(s) {
                for alias in &f.aliases {
                    attrs.extend(quote!(#[serde(alias = #alias)]));
                }
            }
            attrs
        } else {
            TokenStream::new()
        };
        fields.extend(quote! { #fd #serde_attrs pub #fname: #ty, });
    }
    if format == Format::Json {
        let extra = s.additional.map(|a| {
            let v = ctx.ty(unit.spec, a);
            quote! {
                /// Properties the schema does not name (`additionalProperties`).
                #[serde(flatten)]
                pub additional_properties: ::std::collections::BTreeMap<::std::string::String, #v>,
            }
        });
        let build = constructor(ctx, unit.spec, name, s, extra.is_some());
        if json_reader_by_hand(s) {
            let reader = json_struct_reader(ctx, unit.spec, name, s);
            let mut shapes = String::from(
                " Read strictly: an object that has none of these properties but others is a decode error.",
            );
            if let Some(f) = s.bare_list.and_then(|i| s.fields.get(i)) {
                shapes.push_str(&format!(
                    " A bare JSON array is also read, into `{}`.",
                    plain(&f.rust_name)
                ));
            }
            return Ok(quote! {
                #d
                #[doc = ""]
                #[doc = #shapes]
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
                #[non_exhaustive]
                pub struct #name { #fields #extra }
                #build
                #reader
            });
        }
        return Ok(quote! {
            #d
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            #[non_exhaustive]
            pub struct #name { #fields #extra }
            #build
        });
    }
    let codec = match &s.soap_array {
        Some(info) => super::encoded::array_codec(ctx, unit.spec, name, s, info),
        None => xml_struct_codec(ctx, unit, name, s)?,
    };
    let build = constructor(ctx, unit.spec, name, s, false);
    Ok(quote! {
        #d
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name { #fields }
        #build
        #codec
    })
}

/// Read a repeated sequence: `one` reads the occurrence in `group`, and each occurrence
/// starts at the first of `names`.
fn read_repeated(rt: &TokenStream, names: &[String], one: TokenStream) -> TokenStream {
    let first = names.first().cloned().unwrap_or_default();
    quote! {{
        let mut items = ::std::vec::Vec::new();
        for group in #rt::xml::groups(children, &[#(#names),*], #first) { items.push(#one); }
        items
    }}
}

/// Local names of the elements a field can start with (for flattened content).
pub(crate) fn element_names(ctx: &Ctx<'_>, spec: usize, f: &Field, out: &mut Vec<String>, depth: u32) {
    if depth > 16 {
        return;
    }
    match &f.kind {
        FieldKind::Element { .. } => out.push(f.wire.clone()),
        FieldKind::Flatten => {
            let id = ctx.resolve(spec, f.ty);
            match &ctx.model(spec).ty(id).shape {
                Shape::Struct(s) => {
                    for inner in &s.fields {
                        element_names(ctx, spec, inner, out, depth + 1);
                    }
                }
                Shape::Union(u) => union_names(ctx, spec, u, out, depth + 1),
                _ => {}
            }
        }
        _ => {}
    }
}

fn union_names(ctx: &Ctx<'_>, spec: usize, u: &UnionDef, out: &mut Vec<String>, depth: u32) {
    for v in &u.variants {
        if v.inline {
            if let Shape::Struct(s) = &ctx.model(spec).ty(ctx.resolve(spec, v.ty)).shape {
                for inner in &s.fields {
                    element_names(ctx, spec, inner, out, depth + 1);
                }
            }
        } else {
            out.push(v.wire.clone());
        }
    }
}

fn union(
    ctx: &Ctx<'_>,
    unit: Unit,
    name: &proc_macro2::Ident,
    d: TokenStream,
    u: &UnionDef,
    format: Format,
) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let spec = unit.spec;
    let mut variants = TokenStream::new();
    for v in &u.variants {
        let vn = ident(&v.rust_name);
        let base = ctx.ty(spec, v.ty);
        let base = if v.boxed {
            quote!(::std::boxed::Box<#base>)
        } else {
            base
        };
        let ty = if v.occurs.is_list() {
            quote!(::std::vec::Vec<#base>)
        } else {
            base
        };
        let vd = docs(join_docs(&[v.doc.as_deref(), Some(&format!("Alternative `{}`.", v.wire))]).as_deref());
        variants.extend(quote! { #vd #vn(#ty), });
    }
    if let Some(disc) = u.discriminator.as_ref().filter(|d| !d.mapping.is_empty())
        && (format == Format::Json || u.style == UnionStyle::Json)
    {
        return Ok(discriminated(ctx, unit, name, d, variants, u, disc));
    }
    if format == Format::Json || u.style == UnionStyle::Json {
        let note = u.discriminator.as_ref().map(|disc| {
            let line = format!(" Told apart by the `{}` property.", disc.property);
            quote!(#[doc = #line])
        });
        return Ok(quote! {
            #d
            #note
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(untagged)]
            pub enum #name { #variants }
        });
    }
    if u.style == UnionStyle::XmlSimpleUnion {
        let mut to = TokenStream::new();
        let mut tries = TokenStream::new();
        for v in &u.variants {
            let vn = ident(&v.rust_name);
            let base = ctx.ty(spec, v.ty);
            to.extend(quote! { Self::#vn(v) => #rt::xml::XmlText::to_xml_text(v), });
            tries.extend(quote! {
                if let ::std::result::Result::Ok(v) = <#base as #rt::xml::XmlText>::from_xml_text(text) {
                    let v = Self::#vn(v);
                    if #rt::xml::XmlText::to_xml_text(&v) == text.trim() {
                        return ::std::result::Result::Ok(v);
                    }
                    if strict.is_none() && <#base as #rt::xml::XmlText>::from_xml_text_strict(text).is_ok() {
                        strict = ::std::option::Option::Some(v);
                    } else {
                        first.get_or_insert(v);
                    }
                }
            });
        }
        let msg = format!("`{{text}}` matches no member of the union {}", name);
        return Ok(quote! {
            #d
            #[derive(Debug, Clone, PartialEq)]
            pub enum #name { #variants }
            impl #rt::xml::XmlText for #name {
                fn to_xml_text(&self) -> ::std::borrow::Cow<'_, str> { match self { #to } }
                /// The first member that writes the text back unchanged, else the first whose
                /// own lexical space holds it (a date-time is not cut to a date), else the
                /// first that accepts it leniently.
                fn from_xml_text(text: &str) -> ::std::result::Result<Self, ::std::string::String> {
                    let mut strict: ::std::option::Option<Self> = ::std::option::Option::None;
                    let mut first: ::std::option::Option<Self> = ::std::option::Option::None;
                    #tries
                    strict.or(first).ok_or_else(|| ::std::format!(#msg))
                }
            }
        });
    }
    if let UnionStyle::XsiType { default } = u.style {
        return Ok(xsi_type_union(ctx, unit, name, d, variants, u, default));
    }
    // Empty content is one alternative when a branch may occur zero times (a list).
    let empty = match u.variants.iter().find(|v| v.occurs.min == 0 && v.occurs.is_list()) {
        Some(v) => {
            let vn = ident(&v.rust_name);
            quote!(::std::option::Option::Some(Self::#vn(::std::vec::Vec::new())))
        }
        None => quote!(::std::option::Option::None),
    };
    // xs:choice: each alternative is an element (or an inline sequence) written in place.
    let mut write = TokenStream::new();
    let mut read_arms = TokenStream::new();
    let mut accepts = Vec::new();
    let mut wildcard_arms = TokenStream::new();
    for v in &u.variants {
        let vn = ident(&v.rust_name);
        let base_ty = ctx.ty(spec, v.ty);
        let wire = &v.wire;
        let ns = ns_tokens(&v.namespace);
        let simple = ctx.is_simple(spec, v.ty);
        let raw = ctx.is_raw(spec, v.ty);
        let wrap = |e: TokenStream| if v.boxed { quote!(::std::boxed::Box::new(#e)) } else { e };
        if v.inline {
            let one = quote!(#rt::xml::XmlElement::write_content(x, w););
            if v.occurs.is_list() {
                write.extend(quote! { Self::#vn(v) => for x in v { #one } });
            } else {
                write.extend(quote! { Self::#vn(x) => { #one } });
            }
            let mut names = Vec::new();
            if let Shape::Struct(s) = &ctx.model(spec).ty(ctx.resolve(spec, v.ty)).shape {
                for f in &s.fields {
                    element_names(ctx, spec, f, &mut names, 0);
                }
            }
            // A repeated inline sequence: each occurrence starts at its first element.
            let read = if v.occurs.is_list() {
                read_repeated(rt, &names, wrap(quote!(#base_ty::read_parts(node, group, ctx)?)))
            } else {
                wrap(quote!(#base_ty::read_parts(node, children, ctx)?))
            };
            // A branch that is an `xs:any` takes whatever no other branch names: tried last.
            let is_wildcard = matches!(&ctx.model(spec).ty(ctx.resolve(spec, v.ty)).shape,
                Shape::Struct(s) if s.fields.iter().any(|f| f.kind == FieldKind::AnyElement));
            if is_wildcard {
                wildcard_arms.extend(quote! {
                    if children.iter().any(|c| !Self::ELEMENTS.contains(&c.tag_name().name())) {
                        return ::std::result::Result::Ok(::std::option::Option::Some(Self::#vn(#read)));
                    }
                });
                continue;
            }
            for n in &names {
                accepts.push(n.clone());
            }
            read_arms.extend(quote! {
                if children.iter().any(|c| [#(#names),*].contains(&c.tag_name().name())) {
                    return ::std::result::Result::Ok(::std::option::Option::Some(Self::#vn(#read)));
                }
            });
            continue;
        }
        accepts.push(wire.clone());
        let write_one = if raw {
            quote!(w.raw(&x.xml);)
        } else if simple {
            quote!(w.text_element(#ns, #wire, x);)
        } else {
            quote!(w.element(#ns, #wire, x);)
        };
        let write_one = if v.boxed && !raw {
            quote!({ let x = &**x; #write_one })
        } else {
            write_one
        };
        if v.occurs.is_list() {
            write.extend(quote! { Self::#vn(v) => for x in v { #write_one } });
        } else {
            write.extend(quote! { Self::#vn(x) => { #write_one } });
        }
        let read_one = if raw {
            quote!(#rt::xml::RawXml::capture(child))
        } else if simple {
            quote!(ctx.text(child)?)
        } else {
            quote!(ctx.element(child)?)
        };
        let read_one = wrap(read_one);
        let build = if v.occurs.is_list() {
            quote! {{
                let mut items = ::std::vec::Vec::new();
                for &child in children.iter().filter(|c| c.tag_name().name() == #wire) { items.push(#read_one); }
                items
            }}
        } else {
            read_one
        };
        read_arms.extend(quote! {
            if let ::std::option::Option::Some(&child) = children.iter().find(|c| c.tag_name().name() == #wire) {
                let _ = child;
                return ::std::result::Result::Ok(::std::option::Option::Some(Self::#vn(#build)));
            }
        });
    }
    let has_wildcard = !wildcard_arms.is_empty();
    Ok(quote! {
        #d
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name { #variants }
        impl #name {
            /// Write the chosen alternative in place.
            #[allow(clippy::match_single_binding)]
            pub fn write_choice(&self, w: &mut #rt::xml::XmlWriter) {
                match self { #write }
            }
            /// Local names of the elements that start an alternative.
            pub const ELEMENTS: &'static [&'static str] = &[#(#accepts),*];
            /// The alternative that empty content stands for (a branch that may occur zero
            /// times), if any.
            pub fn empty_alternative() -> ::std::option::Option<Self> {
                #empty
            }
            /// Read the alternative present among `children`, if any.
            #[doc(hidden)]
            #[allow(unused_variables)]
            pub fn read_parts(
                node: #rt::xml::Node<'_, '_>,
                children: &[#rt::xml::Node<'_, '_>],
                ctx: &#rt::xml::ReadCtx<'_>,
            ) -> ::std::result::Result<::std::option::Option<Self>, #rt::xml::DecodeError> {
                #read_arms
                #wildcard_arms
                ::std::result::Result::Ok(::std::option::Option::None)
            }
            /// Read every alternative among `children`, in document order (a repeated choice).
            #[doc(hidden)]
            pub fn read_all(
                children: &[#rt::xml::Node<'_, '_>],
                ctx: &#rt::xml::ReadCtx<'_>,
            ) -> ::std::result::Result<::std::vec::Vec<Self>, #rt::xml::DecodeError> {
                let mut out = ::std::vec::Vec::new();
                let groups = if #has_wildcard {
                    children.chunks(1).collect()
                } else {
                    #rt::xml::choice_groups(children, Self::ELEMENTS)
                };
                for group in groups {
                    if let ::std::option::Option::Some(v) = Self::read_parts(group[0], group, ctx)? {
                        out.push(v);
                    }
                }
                ::std::result::Result::Ok(out)
            }
        }
        impl #rt::xml::XmlElement for #name {
            fn write_content(&self, w: &mut #rt::xml::XmlWriter) { self.write_choice(w) }
            fn read_xml(node: #rt::xml::Node<'_, '_>, ctx: &#rt::xml::ReadCtx<'_>) -> ::std::result::Result<Self, #rt::xml::DecodeError> {
                let children = #rt::xml::child_list(node);
                match Self::read_parts(node, &children, ctx)?.or_else(Self::empty_alternative) {
                    ::std::option::Option::Some(v) => ::std::result::Result::Ok(v),
                    ::std::option::Option::None => ::std::result::Result::Err(ctx.missing(node, "one of the alternatives")),
                }
            }
        }
    })
}

/// A union told apart by `xsi:type`: each variant is a complex type written with its
/// attributes and content; all but the declared type say which they are.
fn xsi_type_union(
    ctx: &Ctx<'_>,
    unit: Unit,
    name: &proc_macro2::Ident,
    d: TokenStream,
    variants: TokenStream,
    u: &UnionDef,
    default: Option<usize>,
) -> TokenStream {
    let rt = &ctx.rt;
    let mut attrs = TokenStream::new();
    let mut content = TokenStream::new();
    let mut reads = TokenStream::new();
    let mut froms = TokenStream::new();
    let read = |v: &crate::model::Variant| {
        let ty = ctx.ty(unit.spec, v.ty);
        let read = quote!(<#ty as #rt::xml::XmlElement>::read_xml(node, ctx)?);
        let read = if v.boxed {
            quote!(::std::boxed::Box::new(#read))
        } else {
            read
        };
        let vn = ident(&v.rust_name);
        quote!(::std::result::Result::Ok(Self::#vn(#read)))
    };
    for (i, v) in u.variants.iter().enumerate() {
        let vn = ident(&v.rust_name);
        let ty = ctx.ty(unit.spec, v.ty);
        let wrapped = if v.boxed {
            quote!(::std::boxed::Box::new(v))
        } else {
            quote!(v)
        };
        froms.extend(quote! {
            impl ::std::convert::From<#ty> for #name {
                fn from(v: #ty) -> Self { Self::#vn(#wrapped) }
            }
        });
        let (wire, ns) = (&v.wire, ns_tokens(&v.namespace));
        let this = if v.boxed { quote!(&**v) } else { quote!(v) };
        let tag = (Some(i) != default).then(|| quote!(w.xsi_type(#ns, #wire);));
        attrs.extend(quote! { Self::#vn(v) => { #tag #rt::xml::XmlElement::write_attrs(#this, w) } });
        content.extend(quote! { Self::#vn(v) => #rt::xml::XmlElement::write_content(#this, w), });
        let this_read = read(v);
        reads.extend(quote! { ::std::option::Option::Some((#ns, #wire)) => #this_read, });
    }
    let fallback = match default {
        Some(i) => read(&u.variants[i]),
        None => {
            let names: Vec<&str> = u.variants.iter().map(|v| v.wire.as_str()).collect();
            let msg = format!("an `xsi:type` naming one of: {}", names.join(", "));
            quote!(::std::result::Result::Err(ctx.missing(node, #msg)))
        }
    };
    quote! {
        #d
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name { #variants }
        impl #rt::xml::XmlElement for #name {
            fn write_attrs(&self, w: &mut #rt::xml::XmlWriter) {
                match self { #attrs }
            }
            fn write_content(&self, w: &mut #rt::xml::XmlWriter) {
                match self { #content }
            }
            /// The variant the element's `xsi:type` names; without one (or with a type this
            /// client does not know) the declared type.
            fn read_xml(node: #rt::xml::Node<'_, '_>, ctx: &#rt::xml::ReadCtx<'_>) -> ::std::result::Result<Self, #rt::xml::DecodeError> {
                match ctx.xsi_type(node) {
                    #reads
                    _ => #fallback,
                }
            }
        }
        #froms
    }
}
