//! Hand-written code over the generated API (business rules, flows) that names a changed
//! item: each place is listed with its file and line, for a person to review before the
//! regenerated crate is committed.
//!
//! A name counts only where it is tied to the changed item, so that a field `fim_contrato`
//! of one request type is not found in the rules of another, nor `new` in every
//! constructor:
//!
//! * a type, module or free function is found where the path names it under its parent
//!   (`registar_vinculo::RegistarVinculoTrabalhador`, `get_dados::request`), or anywhere in
//!   a file that imports it from its parent (`use crate::api::m::{GetDados, ..}`);
//! * a field, variant, method or constant of a type is found in a statement that works on
//!   the type: one that names it (`RegistarVinculoTrabalhador::new(..)`), one that uses
//!   `self` or `Self` inside an `impl` of it, or one that uses a parameter declared with it
//!   or a local bound from an expression naming it — in a file that names the type under
//!   its module or imports it; and not where another type's path leads to the name
//!   (`Decimal::new` in the same statement is no `new` of the type).

mod scan;

use std::collections::BTreeMap;

use scan::FileIndex;

use super::report::{ItemChange, Report, Review, RustItemChange, Semver};

/// Most places listed per file and item.
const MAX_PER_ITEM: usize = 20;

/// What a change is looked for by.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Wanted {
    /// A type, module or free function: its name and the path segment before it.
    Named { ident: String, parent: Option<String> },
    /// A member of a type: its name, the type's name and the type's module.
    Member {
        ident: String,
        ty: String,
        module: Option<String>,
    },
}

/// Split a path into its segments (`a::b::C` → `a`, `b`, `C`).
fn segments(path: &str) -> Vec<&str> {
    path.split("::").filter(|s| !s.is_empty()).collect()
}

/// The last segment and the one before it.
fn last_two(path: &str) -> (String, Option<String>) {
    let segs = segments(path);
    let last = segs.last().copied().unwrap_or(path).to_owned();
    let parent = segs.len().checked_sub(2).map(|i| segs[i].to_owned());
    (last, parent)
}

/// The path an item key names: `field m::S.f` → `m::S.f`; `trait item m::T::x` → `m::T::x`.
fn item_path(item: &str) -> &str {
    item.strip_prefix("trait item ")
        .or_else(|| item.split_once(' ').map(|(_, p)| p))
        .unwrap_or(item)
}

fn wanted(c: &RustItemChange) -> Option<Wanted> {
    let named = |path: &str| {
        let (ident, parent) = last_two(path);
        Wanted::Named { ident, parent }
    };
    let path = item_path(&c.item);
    match c.change {
        // A new item breaks nothing that exists, except a literal or a `match` of its owner.
        ItemChange::Added if c.semver == Semver::Major => Some(named(&c.owner)),
        ItemChange::Added => None,
        _ if c.item.starts_with("impl ") => Some(named(&c.owner)),
        _ if c.owner == path => Some(named(path)),
        _ => {
            let ident = path.rsplit(['.', ':']).next().unwrap_or(path).to_owned();
            let (ty, module) = last_two(&c.owner);
            Some(Wanted::Member { ident, ty, module })
        }
    }
}

impl FileIndex {
    /// `parent::ident` is written on `line`.
    fn qualified(&self, line: usize, parent: &str, ident: &str) -> bool {
        self.words
            .get(&line)
            .is_some_and(|w| w.windows(3).any(|t| t[0] == parent && t[1] == "::" && t[2] == ident))
    }

    /// The file brings `ident` in from a path whose last segment is `parent` (by name or
    /// by a glob).
    fn imported(&self, parent: &str, ident: &str) -> bool {
        self.imports
            .iter()
            .any(|(name, path)| (name == ident || name == "*") && path.last().is_some_and(|p| p == parent))
    }

    /// The file names `ident` under `parent` somewhere, or imports it from there.
    fn binds(&self, parent: Option<&str>, ident: &str) -> bool {
        match parent {
            None => true,
            Some(p) => self.imported(p, ident) || self.words.keys().any(|l| self.qualified(*l, p, ident)),
        }
    }

    /// `ident` is written on `line` as a member of `ty`: after `.`, after `ty::` or
    /// `Self::`, or bare (a field in a literal or a pattern) — not after another type's `::`
    /// (`Decimal::new` is no `new` of `ty`).
    fn member_at(&self, line: usize, ident: &str, ty: &str) -> bool {
        self.words.get(&line).is_some_and(|w| {
            w.iter().enumerate().any(|(i, x)| {
                x == ident
                    && match (
                        i.checked_sub(2).map(|j| w[j].as_str()),
                        i.checked_sub(1).map(|j| w[j].as_str()),
                    ) {
                        (Some(owner), Some("::")) => owner == ty || owner == "Self",
                        (None, Some("::")) => false,
                        _ => true,
                    }
            })
        })
    }

    /// The lines that name `ident`.
    fn lines_naming<'a>(&'a self, ident: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.words
            .iter()
            .filter(move |(_, w)| w.iter().any(|x| x == ident))
            .map(|(l, _)| *l)
    }

    /// Whether what is written at `line` works on a value of type `ty`.
    fn on_type(&self, line: usize, ty: &str) -> bool {
        let Some(f) = self.function_at(line) else {
            return self
                .item_at(line)
                .is_some_and(|(s, self_ty)| s.idents.contains(ty) || self_ty.as_deref() == Some(ty));
        };
        let idents = match FileIndex::statement_at(f, line) {
            Some(s) => &s.idents,
            None => &f.whole.idents,
        };
        idents.contains(ty)
            || (f.self_ty.as_deref() == Some(ty) && (idents.contains("self") || idents.contains("Self")))
            || idents
                .iter()
                .any(|v| f.values.get(v).is_some_and(|decl| decl.contains(ty)))
    }

    /// The lines of this file where the change is found.
    fn places(&self, w: &Wanted) -> Vec<usize> {
        match w {
            Wanted::Named { ident, parent } => {
                let everywhere = parent.as_deref().is_none_or(|p| self.imported(p, ident));
                self.lines_naming(ident)
                    .filter(|l| everywhere || parent.as_deref().is_some_and(|p| self.qualified(*l, p, ident)))
                    .collect()
            }
            Wanted::Member { ident, ty, module } => {
                if !self.binds(module.as_deref(), ty) {
                    return Vec::new();
                }
                self.lines_naming(ident)
                    .filter(|l| self.member_at(*l, ident, ty) && self.on_type(*l, ty))
                    .collect()
            }
        }
    }
}

impl Report {
    /// List the places of hand-written code (`files`: workspace-relative path → text) that
    /// name a changed public Rust item: a removed, changed or moved item by its name, a
    /// struct or enum that gained a field or variant its users must now write by the type's
    /// name. A name counts only where it is tied to the item (see the module docs); a file
    /// that does not parse is a note.
    pub fn review_hand_written(&mut self, files: &BTreeMap<String, String>) {
        self.review.clear();
        let wanted: Vec<(&RustItemChange, Wanted)> = self
            .rust_items
            .iter()
            .filter_map(|c| wanted(c).map(|w| (c, w)))
            .collect();
        let mut notes = Vec::new();
        for (file, text) in files.iter().filter(|(f, _)| f.ends_with(".rs")) {
            let index = match FileIndex::read(file, text) {
                Ok(i) => i,
                Err(e) => {
                    notes.push(e);
                    continue;
                }
            };
            let lines: Vec<&str> = text.lines().collect();
            for (change, w) in &wanted {
                let ident = match w {
                    Wanted::Named { ident, .. } | Wanted::Member { ident, .. } => ident,
                };
                for line in index.places(w).into_iter().take(MAX_PER_ITEM) {
                    self.review.push(Review {
                        file: file.clone(),
                        line,
                        ident: ident.clone(),
                        item: change.item.clone(),
                        text: line
                            .checked_sub(1)
                            .and_then(|i| lines.get(i))
                            .map(|t| t.trim().to_owned())
                            .unwrap_or_default(),
                    });
                }
            }
        }
        self.notes.extend(notes);
        self.sort();
    }
}

#[cfg(test)]
mod tests;
