//! Type items: structs, enums, newtypes, unions, aliases, with their XML or JSON codecs.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{Ctx, docs, ident, join_docs};
use crate::Error;
use crate::model::{EnumDef, Facets, Field, FieldKind, Primitive, Shape, StructDef, TypeId, UnionDef, UnionStyle};
use crate::passes::code_lists::CodeList;
use crate::passes::{Format, Unit};

mod json;
use json::{json_reader_by_hand, json_struct_reader};

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

/// A field a constructor can leave out: it starts as `None`, empty or default.
fn defaultable(f: &Field) -> bool {
    matches!(f.kind, FieldKind::AnyAttribute | FieldKind::MixedText)
        || (f.occurs.is_list() && f.occurs.is_optional())
        || (!f.occurs.is_list() && (f.occurs.is_optional() || f.nullable))
}

/// `new` with the fields that must have a value, and a `with_…` setter for each of the others,
/// so that a field the spec adds as optional is not a breaking change for code that builds the
/// struct (it is `#[non_exhaustive]`).
fn constructor(ctx: &Ctx<'_>, spec: usize, name: &proc_macro2::Ident, s: &StructDef, additional: bool) -> TokenStream {
    let mut params = TokenStream::new();
    let mut inits = TokenStream::new();
    let mut setters = TokenStream::new();
    let mut required = Vec::new();
    for f in &s.fields {
        let fname = ident(&f.rust_name);
        let plain_name = plain(&f.rust_name);
        let base = ctx.ty(spec, f.ty);
        if !defaultable(f) {
            required.push(plain_name.to_owned());
            let (ty, value) = match (f.occurs.is_list(), f.boxed) {
                (true, _) => (field_type(ctx, spec, f), quote!(#fname.into())),
                (false, true) => (base.clone(), quote!(::std::boxed::Box::new(#fname.into()))),
                (false, false) => (base.clone(), quote!(#fname.into())),
            };
            params.extend(quote!(#fname: impl ::std::convert::Into<#ty>,));
            inits.extend(quote!(#fname: #value,));
            continue;
        }
        inits.extend(quote!(#fname: ::std::default::Default::default(),));
        let setter = format_ident!("with_{}", plain_name);
        let (ty, value) = match f.kind {
            FieldKind::AnyAttribute | FieldKind::MixedText => (field_type(ctx, spec, f), quote!(value)),
            _ if f.occurs.is_list() => (field_type(ctx, spec, f), quote!(value)),
            _ if f.boxed => (
                base,
                quote!(::std::option::Option::Some(::std::boxed::Box::new(value.into()))),
            ),
            _ => (base, quote!(::std::option::Option::Some(value.into()))),
        };
        let (param_ty, value) =
            if matches!(f.kind, FieldKind::AnyAttribute | FieldKind::MixedText) || f.occurs.is_list() {
                (quote!(#ty), value)
            } else {
                (quote!(impl ::std::convert::Into<#ty>), value)
            };
        let doc = docs(Some(&format!("This value with `{plain_name}` set.")));
        setters.extend(quote! {
            #doc
            #[must_use]
            pub fn #setter(mut self, value: #param_ty) -> Self {
                self.#fname = #value;
                self
            }
        });
    }
    if additional {
        inits.extend(quote!(additional_properties: ::std::default::Default::default(),));
    }
    let new_doc = docs(Some(&if required.is_empty() {
        "A value with every field unset; set them with the `with_…` methods.".to_owned()
    } else {
        format!(
            "A value with its required fields ({}); set the others with the `with_…` methods.",
            required.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ")
        )
    }));
    quote! {
        impl #name {
            #new_doc
            #[allow(clippy::too_many_arguments, clippy::new_without_default)]
            pub fn new(#params) -> Self {
                Self { #inits }
            }
            #setters
        }
    }
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

fn xml_struct_codec(ctx: &Ctx<'_>, unit: Unit, name: &proc_macro2::Ident, s: &StructDef) -> Result<TokenStream, Error> {
    let rt = &ctx.rt;
    let spec = unit.spec;
    let mut write_attrs = TokenStream::new();
    let mut write_content = TokenStream::new();
    let mut decls = TokenStream::new();
    let mut arms = TokenStream::new();
    let mut build = TokenStream::new();
    // Where unknown elements go: the `xs:any` fields, by position. With several, an element
    // goes to the first one after the last named field read so far (`at`).
    let mut any_sinks: Vec<(usize, proc_macro2::Ident)> = Vec::new();
    let positional = s.fields.iter().filter(|f| f.kind == FieldKind::AnyElement).count() > 1;
    let mut mixed: Option<proc_macro2::Ident> = None;
    // A choice group referenced more than once in a sequence: the k-th reference reads the
    // k-th alternative present, not the first one again.
    let single_choice = |f: &Field| {
        f.kind == FieldKind::Flatten
            && !f.occurs.is_list()
            && matches!(&ctx.model(spec).ty(ctx.resolve(spec, f.ty)).shape, Shape::Union(u) if u.style == UnionStyle::XmlChoice)
    };
    let mut choice_refs: BTreeMap<TypeId, usize> = BTreeMap::new();
    for f in s.fields.iter().filter(|f| single_choice(f)) {
        *choice_refs.entry(ctx.resolve(spec, f.ty)).or_default() += 1;
    }
    let mut choice_seen: BTreeMap<TypeId, usize> = BTreeMap::new();
    let mut consumed: BTreeSet<String> = BTreeSet::new();
    let known_attrs: Vec<String> = s
        .fields
        .iter()
        .filter(|f| matches!(f.kind, FieldKind::Attribute { .. }))
        .map(|f| f.wire.clone())
        .collect();
    for (fi, f) in s.fields.iter().enumerate() {
        let fname = ident(&f.rust_name);
        let var = format_ident!("f_{}", plain(&f.rust_name));
        let mark = positional.then(|| quote!(at = #fi;));
        let wire = &f.wire;
        let simple = ctx.is_simple(spec, f.ty);
        let raw = ctx.is_raw(spec, f.ty);
        let list = f.occurs.is_list();
        let optional = !list && (f.occurs.is_optional() || f.nullable);
        match &f.kind {
            FieldKind::Attribute { namespace } => {
                let ns = ns_tokens(namespace);
                let key = match namespace {
                    Some(n) => quote!((#n, #wire)),
                    None => quote!(#wire),
                };
                if optional || list {
                    write_attrs.extend(quote! {
                        if let ::std::option::Option::Some(v) = &self.#fname {
                            w.attr(#ns, #wire, &#rt::xml::XmlText::to_xml_text(v));
                        }
                    });
                    build.extend(quote! {
                        #fname: match node.attribute(#key) {
                            ::std::option::Option::Some(v) => ::std::option::Option::Some(ctx.attr_text(node, v, #wire)?),
                            ::std::option::Option::None => ::std::option::Option::None,
                        },
                    });
                } else {
                    write_attrs.extend(quote! { w.attr(#ns, #wire, &#rt::xml::XmlText::to_xml_text(&self.#fname)); });
                    build.extend(quote! {
                        #fname: match node.attribute(#key) {
                            ::std::option::Option::Some(v) => ctx.attr_text(node, v, #wire)?,
                            ::std::option::Option::None => return ::std::result::Result::Err(ctx.missing(node, #wire)),
                        },
                    });
                }
            }
            FieldKind::AnyAttribute => {
                write_attrs.extend(quote! {
                    for (k, v) in &self.#fname { w.attr(::std::option::Option::None, k, v); }
                });
                build.extend(quote! {
                    #fname: node
                        .attributes()
                        .filter(|a| a.namespace().is_none() && ![#(#known_attrs),*].contains(&a.name()))
                        .map(|a| (a.name().to_owned(), a.value().to_owned()))
                        .collect(),
                });
            }
            FieldKind::Text => {
                write_content.extend(quote! { w.text(&#rt::xml::XmlText::to_xml_text(&self.#fname)); });
                build.extend(quote! { #fname: ctx.text(node)?, });
            }
            FieldKind::MixedText => {
                mixed = Some(fname.clone());
                build.extend(quote! { #fname: #rt::xml::MixedText::read(node), });
            }
            FieldKind::AnyElement => {
                let w_one = quote!(w.raw(&v.xml););
                if list {
                    write_content.extend(quote! { for v in &self.#fname { #w_one } });
                    decls.extend(quote! { let mut #var: ::std::vec::Vec<#rt::xml::RawXml> = ::std::vec::Vec::new(); });
                    build.extend(quote! { #fname: #var, });
                } else if optional {
                    write_content.extend(quote! { if let ::std::option::Option::Some(v) = &self.#fname { #w_one } });
                    decls.extend(quote! { let mut #var: ::std::vec::Vec<#rt::xml::RawXml> = ::std::vec::Vec::new(); });
                    build.extend(quote! { #fname: #var.into_iter().next(), });
                } else {
                    write_content.extend(quote! { { let v = &self.#fname; #w_one } });
                    decls.extend(quote! { let mut #var: ::std::vec::Vec<#rt::xml::RawXml> = ::std::vec::Vec::new(); });
                    build.extend(quote! {
                        #fname: match #var.into_iter().next() {
                            ::std::option::Option::Some(v) => v,
                            ::std::option::Option::None => return ::std::result::Result::Err(ctx.missing(node, "any element")),
                        },
                    });
                }
                any_sinks.push((fi, var.clone()));
            }
            FieldKind::Flatten => {
                let target = ctx.resolve(spec, f.ty);
                let is_choice =
                    matches!(&ctx.model(spec).ty(target).shape, Shape::Union(u) if u.style == UnionStyle::XmlChoice);
                let ty = ctx.ty(spec, f.ty);
                let write_one = if is_choice {
                    quote!(v.write_choice(w);)
                } else {
                    quote!(#rt::xml::XmlElement::write_content(v, w);)
                };
                if list {
                    write_content.extend(quote! { for v in &self.#fname { #write_one } });
                } else if optional {
                    write_content
                        .extend(quote! { if let ::std::option::Option::Some(v) = &self.#fname { #write_one } });
                } else {
                    write_content.extend(quote! { { let v = &self.#fname; #write_one } });
                }
                let boxed = f.boxed;
                let wrap = |e: TokenStream| if boxed { quote!(::std::boxed::Box::new(#e)) } else { e };
                let mut names = Vec::new();
                element_names(ctx, spec, f, &mut names, 0);
                // The children a single choice reads from: all of them, or for a group referenced
                // several times, the k-th alternative present.
                let source = if single_choice(f) && choice_refs.get(&target).is_some_and(|n| *n > 1) {
                    let seen = choice_seen.entry(target).or_default();
                    let k = *seen;
                    *seen += 1;
                    quote!(#rt::xml::choice_groups(children, #ty::ELEMENTS).get(#k).copied().unwrap_or(&[]))
                } else {
                    quote!(children)
                };
                let read = if is_choice {
                    if list {
                        let one = wrap(quote!(v));
                        quote!(#ty::read_all(children, ctx)?.into_iter().map(|v| #one).collect())
                    } else if optional {
                        let one = wrap(quote!(v));
                        quote!(#ty::read_parts(node, #source, ctx)?.map(|v| #one))
                    } else {
                        let one = wrap(quote!(v));
                        quote! {
                            match #ty::read_parts(node, #source, ctx)?.or_else(#ty::empty_alternative) {
                                ::std::option::Option::Some(v) => #one,
                                ::std::option::Option::None => return ::std::result::Result::Err(ctx.missing(node, #wire)),
                            }
                        }
                    }
                } else if list {
                    read_repeated(rt, &names, wrap(quote!(#ty::read_parts(node, group, ctx)?)))
                } else if optional {
                    let one = wrap(quote!(#ty::read_parts(node, children, ctx)?));
                    quote! {
                        if children.iter().any(|c| [#(#names),*].contains(&c.tag_name().name())) {
                            ::std::option::Option::Some(#one)
                        } else {
                            ::std::option::Option::None
                        }
                    }
                } else {
                    wrap(quote!(#ty::read_parts(node, children, ctx)?))
                };
                build.extend(quote! { #fname: #read, });
                // Names consumed by flattened content are not "unknown" (each named once).
                for n in names {
                    if consumed.insert(n.clone()) {
                        arms.extend(quote! { #n => { #mark } });
                    }
                }
            }
            FieldKind::Element { namespace } => {
                let ns = ns_tokens(namespace);
                let boxed = f.boxed;
                let write_one = if raw {
                    quote!(w.raw(&v.xml);)
                } else if simple {
                    quote!(w.text_element(#ns, #wire, v);)
                } else {
                    quote!(w.element(#ns, #wire, v);)
                };
                let write_one = if boxed && !raw {
                    quote!({ let v = &**v; #write_one })
                } else {
                    write_one
                };
                if list {
                    write_content.extend(quote! { for v in &self.#fname { #write_one } });
                } else if optional {
                    let nil = if f.nullable && !f.occurs.is_optional() {
                        quote!(else { w.nil_element(#ns, #wire); })
                    } else {
                        TokenStream::new()
                    };
                    write_content
                        .extend(quote! { if let ::std::option::Option::Some(v) = &self.#fname { #write_one } #nil });
                } else {
                    write_content.extend(quote! { { let v = &self.#fname; #write_one } });
                }
                // `None` for an `xsi:nil` element.
                let read_opt = if raw {
                    quote!(::std::option::Option::Some(#rt::xml::RawXml::capture(child)))
                } else if simple {
                    quote!(ctx.opt_text(child)?)
                } else {
                    quote!(ctx.opt_element(child)?)
                };
                let read_opt = if boxed {
                    quote!(#read_opt.map(::std::boxed::Box::new))
                } else {
                    read_opt
                };
                // A tolerant reader: a kebab-case name is also accepted in lowerCamelCase
                // (`codigo-resultado` / `codigoResultado`), as services of one family differ.
                let camel_alias = heck::ToLowerCamelCase::to_lower_camel_case(wire.as_str());
                // Elements of one local name in several namespaces are told apart by namespace.
                let shared_name = s.fields.iter().any(|o| {
                    o.wire == *wire && matches!(&o.kind, FieldKind::Element { namespace: other } if other != namespace)
                });
                let pattern = if shared_name {
                    let uri = namespace.as_deref().unwrap_or("");
                    quote!(#wire if child.tag_name().namespace().unwrap_or("") == #uri)
                } else if wire.contains('-') && !s.fields.iter().any(|o| o.wire == camel_alias) {
                    quote!(#wire | #camel_alias)
                } else {
                    quote!(#wire)
                };
                if list {
                    decls.extend(quote! { let mut #var = ::std::vec::Vec::new(); });
                    let body = quote!(#rt::xml::push_opt(&mut #var, #read_opt));
                    arms.extend(match &mark {
                        Some(m) => quote! { #pattern => { #m #body } },
                        None => quote! { #pattern => #body, },
                    });
                    build.extend(quote! { #fname: #var, });
                } else {
                    decls.extend(quote! { let mut #var = ::std::option::Option::None; });
                    arms.extend(match &mark {
                        Some(m) => quote! { #pattern => { #m #var = #read_opt; } },
                        None => quote! { #pattern => #var = #read_opt, },
                    });
                    if optional {
                        build.extend(quote! { #fname: #var, });
                    } else {
                        build.extend(quote! { #fname: ctx.required(#var, node, #wire)?, });
                    }
                }
            }
            FieldKind::Property => {
                return Err(Error::spec(
                    f.source.clone(),
                    format!("field `{}` is a JSON property inside an XML type", f.wire),
                ));
            }
        }
    }
    let fallback = match any_sinks.as_slice() {
        [] => quote! { _ => {} },
        [(_, var)] => quote! { _ => #var.push(#rt::xml::RawXml::capture(child)), },
        [init @ .., (_, last)] => {
            let mut chain = quote! { #last.push(#rt::xml::RawXml::capture(child)) };
            for (i, var) in init.iter().rev() {
                chain = quote! { if at <= #i { #var.push(#rt::xml::RawXml::capture(child)) } else { #chain } };
            }
            decls.extend(quote! { let mut at: usize = 0; });
            quote! { _ => #chain, }
        }
    };
    let loop_body = if arms.is_empty() && any_sinks.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            for &child in children {
                match child.tag_name().name() {
                    #arms
                    #fallback
                }
            }
        }
    };
    // Mixed content: the writer puts each piece of text back before its element.
    if let Some(fname) = &mixed {
        write_content = quote! {
            w.begin_mixed(&self.#fname);
            #write_content
            w.end_mixed();
        };
    }
    let write_attrs_fn = (!write_attrs.is_empty()).then(|| {
        quote! {
            fn write_attrs(&self, w: &mut #rt::xml::XmlWriter) { #write_attrs }
        }
    });
    let uses_children = !loop_body.is_empty() || s.fields.iter().any(|f| f.kind == FieldKind::Flatten);
    let children_param = if uses_children {
        quote!(children)
    } else {
        quote!(_children)
    };
    Ok(quote! {
        impl #rt::xml::XmlElement for #name {
            #write_attrs_fn
            #[allow(unused_variables)]
            fn write_content(&self, w: &mut #rt::xml::XmlWriter) { #write_content }
            fn read_xml(node: #rt::xml::Node<'_, '_>, ctx: &#rt::xml::ReadCtx<'_>) -> ::std::result::Result<Self, #rt::xml::DecodeError> {
                let children = #rt::xml::child_list(node);
                Self::read_parts(node, &children, ctx)
            }
        }
        impl #name {
            /// Read from the given children of `node` (content that may stand inside a larger sequence).
            #[doc(hidden)]
            #[allow(unused_variables, unused_mut, clippy::single_match, clippy::match_single_binding)]
            pub fn read_parts(
                node: #rt::xml::Node<'_, '_>,
                #children_param: &[#rt::xml::Node<'_, '_>],
                ctx: &#rt::xml::ReadCtx<'_>,
            ) -> ::std::result::Result<Self, #rt::xml::DecodeError> {
                #decls
                #loop_body
                ::std::result::Result::Ok(Self { #build })
            }
        }
    })
}

fn enumeration(
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

/// A JSON union told apart by a discriminator property: the tag picks the variant, both ways.
/// An unknown tag is an error naming the tag and the known ones, never another variant.
fn discriminated(
    ctx: &Ctx<'_>,
    unit: Unit,
    name: &proc_macro2::Ident,
    d: TokenStream,
    variants: TokenStream,
    u: &UnionDef,
    disc: &crate::model::Discriminator,
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
        let Some(first) = tags.first() else { continue };
        ser.extend(quote! { Self::#vn(x) => #rt::json::with_tag(x, #property, #first), });
        let ty = ctx.ty(unit.spec, v.ty);
        let ty = if v.boxed { quote!(::std::boxed::Box<#ty>) } else { ty };
        de.extend(quote! {
            #(#tags)|* => #rt::json::variant::<#ty>(value).map(Self::#vn).map_err(D::Error::custom),
        });
    }
    let known = disc.mapping.keys().cloned().collect::<Vec<_>>().join(", ");
    let unknown = format!("unknown `{property}` value `{{}}` (known: {known})");
    let note = format!(" Told apart by the `{property}` property: its value picks the variant, both ways.");
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
