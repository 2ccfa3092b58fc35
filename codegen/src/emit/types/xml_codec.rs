//! How a generated XML struct is written and read: `XmlElement` and `read_parts`.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::{Ctx, ident};
use super::{element_names, ns_tokens, plain, read_repeated};
use crate::Error;
use crate::model::{Field, FieldKind, Shape, StructDef, TypeId, UnionStyle};
use crate::passes::Unit;

pub(super) fn xml_struct_codec(
    ctx: &Ctx<'_>,
    unit: Unit,
    name: &proc_macro2::Ident,
    s: &StructDef,
) -> Result<TokenStream, Error> {
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
