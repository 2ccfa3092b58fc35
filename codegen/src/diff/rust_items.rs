//! The public API of generated Rust code, read by parsing it (`syn`), not by lines.
//!
//! Every public item becomes one entry keyed by what it is and its path: `struct m::S`,
//! `field m::S.f`, `enum m::E`, `variant m::E::V`, `fn m::f`, `fn m::S::method`,
//! `const m::S::ALL`, `impl Trait for m::S`, `type m::T`, `trait m::T`, `mod m::inner`,
//! `use m::path`. Each entry keeps a normalised signature and the facts the semver
//! classification needs (whether a struct or enum is `#[non_exhaustive]`, whether users can
//! build a struct with a literal).

use std::collections::BTreeMap;

use super::tokens::tokens_text;

/// What kind of public item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum ApiKind {
    Struct,
    Field,
    Enum,
    Variant,
    Fn,
    Const,
    Impl,
    Type,
    Trait,
    TraitItem,
    Mod,
    Use,
}

impl ApiKind {
    fn word(self) -> &'static str {
        match self {
            ApiKind::Struct => "struct",
            ApiKind::Field => "field",
            ApiKind::Enum => "enum",
            ApiKind::Variant => "variant",
            ApiKind::Fn => "fn",
            ApiKind::Const => "const",
            ApiKind::Impl => "impl",
            ApiKind::Type => "type",
            ApiKind::Trait => "trait",
            ApiKind::TraitItem => "trait item",
            ApiKind::Mod => "mod",
            ApiKind::Use => "use",
        }
    }

    /// Items that own others (fields, variants, methods, impls): types and traits.
    pub(super) fn is_type(self) -> bool {
        matches!(self, ApiKind::Struct | ApiKind::Enum | ApiKind::Type | ApiKind::Trait)
    }
}

/// One public item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ApiItem {
    /// Generated file it is in.
    pub(super) file: String,
    pub(super) kind: ApiKind,
    /// Full path without the kind: `m::S`, `m::S.f`, `m::E::V`, `Trait for m::S`.
    pub(super) path: String,
    /// The item's own name (`f`, `V`, `method`, `S`).
    pub(super) name: String,
    /// The path of the type or trait it belongs to (fields, variants, methods, impls, trait items).
    pub(super) owner: Option<String>,
    /// Normalised signature, compared to tell a change.
    pub(super) sig: String,
    /// `#[non_exhaustive]` on a struct or enum.
    pub(super) non_exhaustive: bool,
    /// A struct users can build with a literal: not `#[non_exhaustive]`, every field public.
    pub(super) literal: bool,
    /// A trait item with a default (a provided method, a const with a value).
    pub(super) has_default: bool,
}

impl ApiItem {
    /// `kind path`, as the report prints it.
    pub(super) fn key(&self) -> String {
        format!("{} {}", self.kind.word(), self.path)
    }
}

/// Module path of a generated file: `cessar_vinculo/mod.rs` → `cessar_vinculo`,
/// `a/b.rs` → `a::b`, `mod.rs` / `lib.rs` → ``.
fn module_of(file: &str) -> String {
    let mut parts: Vec<&str> = file.split('/').filter(|s| !s.is_empty()).collect();
    if let Some(last) = parts.pop() {
        let stem = last.strip_suffix(".rs").unwrap_or(last);
        if !matches!(stem, "mod" | "lib" | "main") {
            parts.push(stem);
        }
    }
    parts.join("::")
}

fn qualify(module: &str, name: &str) -> String {
    if module.is_empty() {
        name.to_owned()
    } else {
        format!("{module}::{name}")
    }
}

fn is_pub(v: &syn::Visibility) -> bool {
    matches!(v, syn::Visibility::Public(_))
}

fn non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("non_exhaustive"))
}

/// The last segment of a type's path (`crate::api::m::S<T>` → `S`), with the module before it.
fn type_path(ty: &syn::Type, module: &str) -> Option<String> {
    let syn::Type::Path(p) = ty else { return None };
    let segments: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
    match segments.as_slice() {
        [one] if one == "Self" => None,
        [one] => Some(qualify(module, one)),
        _ => {
            let full = tokens_text(&p.path);
            let full = full.split('<').next().unwrap_or(&full).to_owned();
            Some(full)
        }
    }
}

struct Scan<'a> {
    file: &'a str,
    items: BTreeMap<String, ApiItem>,
}

impl Scan<'_> {
    fn add(&mut self, kind: ApiKind, path: String, name: String, owner: Option<String>, sig: String) -> &mut ApiItem {
        let item = ApiItem {
            file: self.file.to_owned(),
            kind,
            path,
            name,
            owner,
            sig,
            non_exhaustive: false,
            literal: false,
            has_default: false,
        };
        let key = item.key();
        self.items.entry(key).or_insert(item)
    }

    fn items(&mut self, module: &str, items: &[syn::Item]) {
        for item in items {
            self.item(module, item);
        }
    }

    fn item(&mut self, m: &str, item: &syn::Item) {
        match item {
            syn::Item::Struct(s) if is_pub(&s.vis) => {
                let path = qualify(m, &s.ident.to_string());
                let ne = non_exhaustive(&s.attrs);
                let all_pub = s.fields.iter().all(|f| is_pub(&f.vis));
                let shape = match &s.fields {
                    syn::Fields::Named(_) => "{ .. }",
                    syn::Fields::Unnamed(_) => "( .. )",
                    syn::Fields::Unit => "",
                };
                let sig = format!(
                    "{}pub struct {}{} {shape}",
                    if ne { "#[non_exhaustive] " } else { "" },
                    s.ident,
                    tokens_text(&s.generics)
                );
                let it = self.add(
                    ApiKind::Struct,
                    path.clone(),
                    s.ident.to_string(),
                    None,
                    sig.trim().to_owned(),
                );
                it.non_exhaustive = ne;
                it.literal = !ne && all_pub;
                for (i, f) in s.fields.iter().enumerate().filter(|(_, f)| is_pub(&f.vis)) {
                    let name = f.ident.as_ref().map_or_else(|| i.to_string(), ToString::to_string);
                    self.add(
                        ApiKind::Field,
                        format!("{path}.{name}"),
                        name,
                        Some(path.clone()),
                        tokens_text(&f.ty),
                    );
                }
            }
            syn::Item::Enum(e) if is_pub(&e.vis) => {
                let path = qualify(m, &e.ident.to_string());
                let ne = non_exhaustive(&e.attrs);
                let sig = format!(
                    "{}pub enum {}{}",
                    if ne { "#[non_exhaustive] " } else { "" },
                    e.ident,
                    tokens_text(&e.generics)
                );
                self.add(ApiKind::Enum, path.clone(), e.ident.to_string(), None, sig)
                    .non_exhaustive = ne;
                for v in &e.variants {
                    let fields = match &v.fields {
                        syn::Fields::Unit => String::new(),
                        f => tokens_text(f),
                    };
                    self.add(
                        ApiKind::Variant,
                        format!("{path}::{}", v.ident),
                        v.ident.to_string(),
                        Some(path.clone()),
                        format!("{}{fields}", v.ident),
                    );
                }
            }
            syn::Item::Fn(f) if is_pub(&f.vis) => {
                let name = f.sig.ident.to_string();
                self.add(ApiKind::Fn, qualify(m, &name), name, None, tokens_text(&f.sig));
            }
            syn::Item::Const(c) if is_pub(&c.vis) => {
                let name = c.ident.to_string();
                self.add(ApiKind::Const, qualify(m, &name), name, None, tokens_text(&c.ty));
            }
            syn::Item::Static(c) if is_pub(&c.vis) => {
                let name = c.ident.to_string();
                self.add(ApiKind::Const, qualify(m, &name), name, None, tokens_text(&c.ty));
            }
            syn::Item::Type(t) if is_pub(&t.vis) => {
                let name = t.ident.to_string();
                let sig = format!("{}{} = {}", name, tokens_text(&t.generics), tokens_text(&t.ty));
                self.add(ApiKind::Type, qualify(m, &name), name, None, sig);
            }
            syn::Item::Use(u) if is_pub(&u.vis) => {
                let tree = tokens_text(&u.tree);
                self.add(ApiKind::Use, qualify(m, &tree), tree.clone(), None, tree);
            }
            syn::Item::Mod(md) if is_pub(&md.vis) => {
                let name = md.ident.to_string();
                let path = qualify(m, &name);
                self.add(ApiKind::Mod, path.clone(), name.clone(), None, format!("mod {name}"));
                if let Some((_, inner)) = &md.content {
                    self.items(&path, inner);
                }
            }
            syn::Item::Trait(t) if is_pub(&t.vis) => self.trait_(m, t),
            syn::Item::Impl(i) => self.impl_(m, i),
            _ => {}
        }
    }

    fn trait_(&mut self, m: &str, t: &syn::ItemTrait) {
        let path = qualify(m, &t.ident.to_string());
        let sig = format!(
            "pub trait {}{}: {}",
            t.ident,
            tokens_text(&t.generics),
            tokens_text(&t.supertraits)
        );
        self.add(ApiKind::Trait, path.clone(), t.ident.to_string(), None, sig);
        for ti in &t.items {
            let (name, sig, default) = match ti {
                syn::TraitItem::Fn(f) => (f.sig.ident.to_string(), tokens_text(&f.sig), f.default.is_some()),
                syn::TraitItem::Const(c) => (c.ident.to_string(), tokens_text(&c.ty), c.default.is_some()),
                syn::TraitItem::Type(ty) => (ty.ident.to_string(), tokens_text(&ty.bounds), ty.default.is_some()),
                _ => continue,
            };
            let it = self.add(
                ApiKind::TraitItem,
                format!("{path}::{name}"),
                name,
                Some(path.clone()),
                sig,
            );
            it.has_default = default;
        }
    }

    fn impl_(&mut self, m: &str, i: &syn::ItemImpl) {
        let Some(target) = type_path(&i.self_ty, m) else {
            return;
        };
        if let Some((_, tr, _)) = &i.trait_ {
            let tr = tokens_text(tr);
            let sig = format!("impl{} {tr} for {}", tokens_text(&i.generics), tokens_text(&i.self_ty));
            let name = tr.rsplit("::").next().unwrap_or(&tr).to_owned();
            self.add(ApiKind::Impl, format!("{tr} for {target}"), name, Some(target), sig);
            return;
        }
        for ii in &i.items {
            match ii {
                syn::ImplItem::Fn(f) if is_pub(&f.vis) => {
                    let name = f.sig.ident.to_string();
                    self.add(
                        ApiKind::Fn,
                        format!("{target}::{name}"),
                        name,
                        Some(target.clone()),
                        tokens_text(&f.sig),
                    );
                }
                syn::ImplItem::Const(c) if is_pub(&c.vis) => {
                    let name = c.ident.to_string();
                    self.add(
                        ApiKind::Const,
                        format!("{target}::{name}"),
                        name,
                        Some(target.clone()),
                        tokens_text(&c.ty),
                    );
                }
                _ => {}
            }
        }
    }
}

/// The public items of one generated file, keyed as the report prints them; a file that
/// does not parse is an error naming the file.
pub(super) fn api_items(file: &str, text: &str) -> Result<BTreeMap<String, ApiItem>, String> {
    let parsed = syn::parse_file(text).map_err(|e| format!("{file}: generated code does not parse: {e}"))?;
    let mut scan = Scan {
        file,
        items: BTreeMap::new(),
    };
    scan.items(&module_of(file), &parsed.items);
    Ok(scan.items)
}

/// Public items of one file: item key → normalised signature.
pub fn scan_public_items(file: &str, text: &str) -> Result<BTreeMap<String, String>, String> {
    Ok(api_items(file, text)?.into_iter().map(|(k, v)| (k, v.sig)).collect())
}

/// Every public item of a generated tree (relative path → text); the first file that
/// defines a key wins. Files that do not parse are returned as notes.
pub(super) fn api_of_tree(files: &BTreeMap<String, String>) -> (BTreeMap<String, ApiItem>, Vec<String>) {
    let mut all = BTreeMap::new();
    let mut notes = Vec::new();
    for (file, text) in files.iter().filter(|(f, _)| f.ends_with(".rs")) {
        match api_items(file, text) {
            Ok(items) => {
                for (k, v) in items {
                    all.entry(k).or_insert(v);
                }
            }
            Err(e) => notes.push(e),
        }
    }
    (all, notes)
}
