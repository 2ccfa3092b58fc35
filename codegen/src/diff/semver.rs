//! Which public Rust items of two generated trees differ, and whether each change is major
//! or minor for code that uses them, by the general Rust semver rules: removing or moving an
//! item, changing a signature or a field's type, adding a field to a struct users build with a
//! literal, adding a variant to an exhaustive enum, adding a required trait item, or marking a
//! type `#[non_exhaustive]` is major; adding an item, a field to a `#[non_exhaustive]` struct
//! or one with private fields, a variant to a `#[non_exhaustive]` enum, is minor.

use std::collections::{BTreeMap, BTreeSet};

use super::report::{ItemChange, RustItemChange, Semver};
use super::rust_items::{ApiItem, ApiKind, api_of_tree};

type Api = BTreeMap<String, ApiItem>;

/// Compare two generated trees (relative path → text): the public Rust items added, removed,
/// changed or moved, each classified; plus notes for files that do not parse. The items of
/// a type that is added, removed or split are folded into the type's own entry; the items of
/// a type that moved are compared under its new path.
pub fn diff_generated(
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
) -> (Vec<RustItemChange>, Vec<String>) {
    let (a, mut notes) = api_of_tree(old);
    let (b, more) = api_of_tree(new);
    notes.extend(more);
    let mut out = Vec::new();
    let moves = find_moves(&a, &b);
    // Paths whose own items are folded into their entry.
    let mut folded_old: BTreeSet<&str> = BTreeSet::new();
    let mut folded_new: BTreeSet<&str> = BTreeSet::new();
    for (from, to) in &moves {
        let item = &a[from];
        let targets: Vec<&ApiItem> = to.iter().map(|k| &b[k]).collect();
        let paths: Vec<&str> = targets.iter().map(|t| t.path.as_str()).collect();
        let (what, reason) = if targets.len() == 1 {
            ("moved", format!("moved to `{}`", paths[0]))
        } else {
            ("split", format!("split into {}", quoted(&paths)))
        };
        out.push(RustItemChange {
            file: targets[0].file.clone(),
            item: item.key(),
            change: ItemChange::Moved,
            old: Some(item.path.clone()),
            new: Some(paths.join(", ")),
            semver: Semver::Major,
            reason: format!("{reason}: code that names `{}` no longer compiles ({what})", item.path),
            owner: item.path.clone(),
            wire: None,
        });
        folded_old.insert(&item.path);
        if let [one] = targets.as_slice() {
            compare_members(&a, &b, &item.path, &one.path, &mut out);
        }
        folded_new.extend(targets.iter().map(|t| t.path.as_str()));
    }
    let moved_old: BTreeSet<&String> = moves.keys().collect();
    let moved_new: BTreeSet<&String> = moves.values().flatten().collect();
    for (key, item) in &a {
        if moved_old.contains(key) || item.owner.as_deref().is_some_and(|o| folded_old.contains(o)) {
            continue;
        }
        match b.get(key) {
            None => {
                if item.owner.as_deref().is_some_and(|o| removed(&a, &b, o)) {
                    continue;
                }
                out.push(removed_change(item, None));
            }
            Some(n) if n.sig != item.sig || n.non_exhaustive != item.non_exhaustive => {
                out.push(changed_change(item, n, None));
            }
            Some(_) => {}
        }
    }
    for (key, item) in &b {
        if a.contains_key(key)
            || moved_new.contains(key)
            || item.owner.as_deref().is_some_and(|o| folded_new.contains(o))
        {
            continue;
        }
        if item.owner.as_deref().is_some_and(|o| removed(&b, &a, o)) {
            continue;
        }
        out.push(added_change(item, &b, None));
    }
    out.sort();
    (out, notes)
}

/// A type or trait with this path is in `here` and not in `there` (added or removed with
/// everything it owns).
fn removed(here: &Api, there: &Api, owner: &str) -> bool {
    let is_owner = |api: &Api| {
        api.values()
            .any(|i| i.kind.is_type() && i.path == owner && i.owner.is_none())
    };
    is_owner(here) && !is_owner(there)
}

/// Types and traits that disappear from one module while types of the same kind and name
/// appear in others: old key → new keys.
fn find_moves(a: &Api, b: &Api) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for (key, item) in a.iter().filter(|(k, i)| i.kind.is_type() && !b.contains_key(*k)) {
        let to: Vec<String> = b
            .iter()
            .filter(|(k, n)| n.kind == item.kind && n.name == item.name && !a.contains_key(*k))
            .map(|(k, _)| k.clone())
            .collect();
        if !to.is_empty() {
            out.insert(key.clone(), to);
        }
    }
    out
}

/// The members (fields, variants, methods, impls) of a type that moved, compared under its
/// new path.
fn compare_members(a: &Api, b: &Api, from: &str, to: &str, out: &mut Vec<RustItemChange>) {
    let rekey = |i: &ApiItem| i.key().replacen(from, to, 1);
    let old: BTreeMap<String, &ApiItem> = a
        .values()
        .filter(|i| i.owner.as_deref() == Some(from))
        .map(|i| (rekey(i), i))
        .collect();
    let new: BTreeMap<String, &ApiItem> = b
        .values()
        .filter(|i| i.owner.as_deref() == Some(to))
        .map(|i| (i.key(), i))
        .collect();
    for (k, o) in &old {
        match new.get(k) {
            None => out.push(removed_change(o, Some(k))),
            Some(n) if n.sig.replace(from, to) != o.sig.replace(from, to) => out.push(changed_change(o, n, Some(k))),
            Some(_) => {}
        }
    }
    for (_, n) in new.iter().filter(|(k, _)| !old.contains_key(*k)) {
        out.push(added_change(n, b, None));
    }
}

fn quoted(paths: &[&str]) -> String {
    paths.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
}

fn owner_of(item: &ApiItem) -> String {
    item.owner.clone().unwrap_or_else(|| item.path.clone())
}

fn removed_change(item: &ApiItem, key: Option<&String>) -> RustItemChange {
    RustItemChange {
        file: item.file.clone(),
        item: key.cloned().unwrap_or_else(|| item.key()),
        change: ItemChange::Removed,
        old: Some(item.sig.clone()),
        new: None,
        semver: Semver::Major,
        reason: "removed: code that uses it no longer compiles".into(),
        owner: owner_of(item),
        wire: None,
    }
}

fn added_change(item: &ApiItem, api: &Api, key: Option<&String>) -> RustItemChange {
    let owner = item.owner.as_deref().and_then(|o| {
        api.values()
            .find(|i| i.path == o && i.kind.is_type() && i.owner.is_none())
    });
    let (semver, reason) = match (item.kind, owner) {
        (ApiKind::Field, Some(s)) if s.literal => (
            Semver::Major,
            "public field added to a struct users build with a literal (not `#[non_exhaustive]`, every field public): those literals no longer compile".to_owned(),
        ),
        (ApiKind::Field, _) => (
            Semver::Minor,
            "field added to a struct users cannot build with a literal (`#[non_exhaustive]` or with private fields)".to_owned(),
        ),
        (ApiKind::Variant, Some(e)) if !e.non_exhaustive => (
            Semver::Major,
            "variant added to an exhaustive enum: `match`es without a wildcard arm no longer compile".to_owned(),
        ),
        (ApiKind::Variant, _) => (
            Semver::Minor,
            "variant added to a `#[non_exhaustive]` enum: every `match` already has a wildcard arm".to_owned(),
        ),
        (ApiKind::TraitItem, _) if !item.has_default => (
            Semver::Major,
            "required item added to a public trait: its implementations no longer compile".to_owned(),
        ),
        _ => (Semver::Minor, "added: code that compiles today still compiles".to_owned()),
    };
    RustItemChange {
        file: item.file.clone(),
        item: key.cloned().unwrap_or_else(|| item.key()),
        change: ItemChange::Added,
        old: None,
        new: Some(item.sig.clone()),
        semver,
        reason,
        owner: owner_of(item),
        wire: None,
    }
}

fn changed_change(o: &ApiItem, n: &ApiItem, key: Option<&String>) -> RustItemChange {
    let (semver, reason) = match o.kind {
        ApiKind::Struct | ApiKind::Enum if n.non_exhaustive && !o.non_exhaustive => (
            Semver::Major,
            "now `#[non_exhaustive]`: literals (structs) and exhaustive `match`es (enums) outside the crate no longer compile".to_owned(),
        ),
        ApiKind::Struct | ApiKind::Enum if o.non_exhaustive && !n.non_exhaustive && strip_ne(&o.sig) == strip_ne(&n.sig) => (
            Semver::Minor,
            "no longer `#[non_exhaustive]`: code that compiles today still compiles".to_owned(),
        ),
        ApiKind::Const if only_array_length(&o.sig, &n.sig) => (
            Semver::Minor,
            "only the length of an array changes (a list of known values grew or shrank): iteration and indexing still compile; code that writes the length out (`[T; N]`) does not".to_owned(),
        ),
        ApiKind::Field => (
            Semver::Major,
            "field type changed: code that builds or reads it as the old type no longer compiles".to_owned(),
        ),
        ApiKind::Fn => (
            Semver::Major,
            "signature changed: calls written for the old one no longer compile".to_owned(),
        ),
        _ => (
            Semver::Major,
            "definition changed: code written for the old one may no longer compile".to_owned(),
        ),
    };
    RustItemChange {
        file: n.file.clone(),
        item: key.cloned().unwrap_or_else(|| n.key()),
        change: ItemChange::Changed,
        old: Some(o.sig.clone()),
        new: Some(n.sig.clone()),
        semver,
        reason,
        owner: owner_of(n),
        wire: None,
    }
}

fn strip_ne(sig: &str) -> &str {
    sig.trim_start_matches("#[non_exhaustive] ")
}

/// `[Self; 3]` → `[Self; 4]`: the two signatures differ only in the number after a `; `.
fn only_array_length(a: &str, b: &str) -> bool {
    let strip = |s: &str| {
        let mut out = String::new();
        let mut digits = false;
        for c in s.chars() {
            if c.is_ascii_digit() && (digits || out.ends_with("; ")) {
                digits = true;
                continue;
            }
            digits = false;
            out.push(c);
        }
        out
    };
    a != b && strip(a) == strip(b)
}
