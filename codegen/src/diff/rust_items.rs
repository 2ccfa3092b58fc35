//! A light, line-based scan of generated Rust text for its public items.
//!
//! The generated files are formatted by `prettyplease`, one item per line, so the scan reads
//! lines and counts braces; it does not parse Rust. It finds `pub struct / enum / fn / const /
//! static / type / trait / mod` (not `pub(crate)`), the `pub` fields of structs, the variants
//! of enums, the `pub fn`s of `impl` blocks and the trait implementations.

use std::collections::BTreeMap;

use super::{ItemChange, RustItemChange};

#[derive(Debug, Clone)]
enum Scope {
    Module(String),
    Struct(String),
    Enum(String),
    Impl(String),
    Trait(String),
    Other,
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

/// Brace depth change of a line, ignoring string and char literals and `//` comments.
fn brace_delta(line: &str) -> i64 {
    let mut d = 0i64;
    let mut chars = line.chars().peekable();
    let mut in_str = false;
    while let Some(c) = chars.next() {
        if in_str {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '\'' => {
                // A char literal ('{', '\'') or a lifetime ('a): skip a literal only.
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with('\\') {
                    let n = rest.find('\'').map(|i| i + 1).unwrap_or(0);
                    for _ in 0..n {
                        chars.next();
                    }
                } else if rest.chars().nth(1) == Some('\'') {
                    chars.next();
                    chars.next();
                }
            }
            '/' if chars.peek() == Some(&'/') => break,
            '{' => d += 1,
            '}' => d -= 1,
            _ => {}
        }
    }
    d
}

fn ident_after<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = s.strip_prefix(prefix)?;
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

fn normalise(sig: &str) -> String {
    let mut s = sig.split_whitespace().collect::<Vec<_>>().join(" ");
    for (from, to) in [
        ("( ", "("),
        (" )", ")"),
        ("< ", "<"),
        (" >", ">"),
        (" ,", ","),
        (",)", ")"),
        (",>", ">"),
    ] {
        s = s.replace(from, to);
    }
    s.trim_end_matches(['{', ';', ',']).trim().to_owned()
}

/// The type an `impl` line is for: `impl<T> Foo<T> {` → `Foo`, `impl Default for Foo {` → `Default for Foo`.
fn impl_target(line: &str) -> String {
    let mut s = line.trim_start_matches("unsafe ").trim_start_matches("impl");
    if s.starts_with('<') {
        let mut depth = 0;
        let mut cut = s.len();
        for (i, c) in s.char_indices() {
            match c {
                '<' => depth += 1,
                '>' => {
                    depth -= 1;
                    if depth == 0 {
                        cut = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        s = &s[cut..];
    }
    let s = s.split(" where ").next().unwrap_or(s).trim_end_matches('{').trim();
    let strip = |t: &str| t.split('<').next().unwrap_or(t).trim().to_owned();
    match s.split_once(" for ") {
        Some((tr, ty)) => format!("{} for {}", strip(tr), strip(ty)),
        None => strip(s),
    }
}

/// Public items of one file: item key → normalised signature.
pub fn scan_public_items(file: &str, text: &str) -> BTreeMap<String, String> {
    let mut items = BTreeMap::new();
    // Each scope with the brace depth just inside it.
    let mut scopes: Vec<(Scope, i64)> = vec![(Scope::Module(module_of(file)), 0)];
    let mut depth: i64 = 0;
    let mut attr_depth: i64 = 0;
    let mut pending: Option<(String, String)> = None; // a multi-line fn signature: (key, text so far)
    for raw in text.lines() {
        let line = raw.trim();
        let mut push_scope: Option<Scope> = None;
        if let Some((key, sig)) = pending.as_mut() {
            sig.push(' ');
            sig.push_str(line);
            if !(line.contains('{') || line.ends_with(';')) {
                continue;
            }
            let sig = sig.split('{').next().unwrap_or(sig).to_owned();
            items.insert(key.clone(), normalise(&sig));
            pending = None;
        } else if attr_depth > 0 || line.starts_with("#[") || line.starts_with("#![") {
            for c in line.chars() {
                match c {
                    '[' => attr_depth += 1,
                    ']' => attr_depth -= 1,
                    _ => {}
                }
            }
            attr_depth = attr_depth.max(0);
            continue;
        } else if line.starts_with("//") || line.is_empty() {
            continue;
        } else {
            let (scope, inner) = scopes.last().cloned().unwrap_or((Scope::Other, 0));
            let direct = depth == inner;
            let m = scopes
                .iter()
                .filter_map(|(s, _)| {
                    if let Scope::Module(m) = s {
                        Some(m.as_str())
                    } else {
                        None
                    }
                })
                .filter(|m| !m.is_empty())
                .collect::<Vec<_>>()
                .join("::");
            let in_code = matches!(scope, Scope::Other);
            match line.strip_prefix("pub ") {
                Some(rest) if direct && !in_code => {
                    let rest = rest
                        .trim_start_matches("unsafe ")
                        .trim_start_matches("async ")
                        .trim_start_matches("const fn")
                        .trim_start();
                    let is_fn = rest.starts_with("fn ") || line.starts_with("pub const fn ");
                    if let Some(name) = ident_after(rest, "struct ") {
                        items.insert(format!("struct {}", qualify(&m, name)), normalise(line));
                        push_scope = Some(Scope::Struct(qualify(&m, name)));
                    } else if let Some(name) = ident_after(rest, "enum ") {
                        items.insert(format!("enum {}", qualify(&m, name)), normalise(line));
                        push_scope = Some(Scope::Enum(qualify(&m, name)));
                    } else if let Some(name) = ident_after(rest, "trait ") {
                        items.insert(format!("trait {}", qualify(&m, name)), normalise(line));
                        push_scope = Some(Scope::Trait(qualify(&m, name)));
                    } else if let Some(name) = ident_after(rest, "mod ") {
                        items.insert(format!("mod {}", qualify(&m, name)), format!("mod {name}"));
                        push_scope = Some(Scope::Module(name.to_owned()));
                    } else if is_fn {
                        let name = ident_after(rest.trim_start_matches("const ").trim_start(), "fn ").unwrap_or("");
                        let owner = match &scope {
                            Scope::Impl(t) | Scope::Trait(t) => qualify(&m, t),
                            _ => m.clone(),
                        };
                        let key = format!("fn {}", qualify(&owner, name));
                        if line.contains('{') || line.ends_with(';') {
                            items.insert(key, normalise(line.split('{').next().unwrap_or(line)));
                        } else {
                            pending = Some((key, line.to_owned()));
                        }
                    } else if let Some(name) = ident_after(rest, "const ").or_else(|| ident_after(rest, "static ")) {
                        let owner = match &scope {
                            Scope::Impl(t) => qualify(&m, t),
                            _ => m.clone(),
                        };
                        items.insert(
                            format!("const {}", qualify(&owner, name)),
                            normalise(line.split('=').next().unwrap_or(line)),
                        );
                    } else if let Some(name) = ident_after(rest, "type ") {
                        items.insert(format!("type {}", qualify(&m, name)), normalise(line));
                    } else if let Some(path) = rest.strip_prefix("use ") {
                        items.insert(
                            format!("use {}", qualify(&m, path.trim_end_matches(';'))),
                            normalise(line),
                        );
                    } else if let Scope::Struct(s) = &scope
                        && let Some((field, ty)) = rest.split_once(':')
                    {
                        let field = field.trim();
                        if !field.is_empty() && field.chars().all(|c| c.is_alphanumeric() || c == '_') {
                            items.insert(format!("field {s}.{field}"), normalise(ty));
                        }
                    }
                }
                _ if direct && !in_code && (line.starts_with("impl") || line.starts_with("unsafe impl")) => {
                    let target = impl_target(line);
                    if target.contains(" for ") {
                        items.insert(format!("impl {}", qualify(&m, &target)), normalise(line));
                    }
                    push_scope = Some(Scope::Impl(target));
                }
                _ => {
                    if let Scope::Enum(e) = &scope
                        && direct
                        && line.chars().next().is_some_and(|c| c.is_uppercase())
                    {
                        let name: String = line.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                        if !name.is_empty() {
                            items.insert(format!("variant {e}::{name}"), normalise(line));
                        }
                    }
                }
            }
        }
        let delta = brace_delta(line);
        depth += delta;
        if delta > 0 {
            scopes.push((push_scope.unwrap_or(Scope::Other), depth));
        }
        while scopes.len() > 1 && scopes.last().is_some_and(|(_, inner)| depth < *inner) {
            scopes.pop();
        }
    }
    items
}

/// Compare two generated trees (relative path → text) and list the public Rust items that
/// were added, removed or changed (sorted by item, then file).
pub fn diff_generated(old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) -> Vec<RustItemChange> {
    let collect = |files: &BTreeMap<String, String>| {
        let mut all: BTreeMap<String, (String, String)> = BTreeMap::new();
        for (file, text) in files.iter().filter(|(f, _)| f.ends_with(".rs")) {
            for (item, sig) in scan_public_items(file, text) {
                all.entry(item).or_insert((file.clone(), sig));
            }
        }
        all
    };
    let (a, b) = (collect(old), collect(new));
    let mut out = Vec::new();
    for (item, (file, sig)) in &a {
        match b.get(item) {
            None => out.push(RustItemChange {
                file: file.clone(),
                item: item.clone(),
                change: ItemChange::Removed,
                old: Some(sig.clone()),
                new: None,
            }),
            Some((nfile, nsig)) if nsig != sig => out.push(RustItemChange {
                file: nfile.clone(),
                item: item.clone(),
                change: ItemChange::Changed,
                old: Some(sig.clone()),
                new: Some(nsig.clone()),
            }),
            Some(_) => {}
        }
    }
    for (item, (file, sig)) in &b {
        if !a.contains_key(item) {
            out.push(RustItemChange {
                file: file.clone(),
                item: item.clone(),
                change: ItemChange::Added,
                old: None,
                new: Some(sig.clone()),
            });
        }
    }
    out.sort_by(|x, y| (&x.item, &x.file).cmp(&(&y.item, &y.file)));
    out
}
