//! `new` and `with_…` setters for every generated struct.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::super::{Ctx, docs, ident};
use super::{field_type, plain};
use crate::model::{Field, FieldKind, StructDef};

/// A field a constructor can leave out: it starts as `None`, empty or default.
fn defaultable(f: &Field) -> bool {
    matches!(f.kind, FieldKind::AnyAttribute | FieldKind::MixedText)
        || (f.occurs.is_list() && f.occurs.is_optional())
        || (!f.occurs.is_list() && (f.occurs.is_optional() || f.nullable))
}

/// `new` with the fields that must have a value, and a `with_…` setter for each of the others,
/// so that a field the spec adds as optional is not a breaking change for code that builds the
/// struct (it is `#[non_exhaustive]`).
pub(super) fn constructor(
    ctx: &Ctx<'_>,
    spec: usize,
    name: &proc_macro2::Ident,
    s: &StructDef,
    additional: bool,
) -> TokenStream {
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
