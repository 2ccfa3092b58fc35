//! Hand-written code over the generated API (business rules, flows) that names a changed
//! item: each place is listed with its file and line, for a person to review before the
//! regenerated crate is committed.

use std::collections::{BTreeMap, BTreeSet};

use super::report::{ItemChange, Report, Review, RustItemChange, Semver};

/// Most places listed per file and item.
const MAX_PER_ITEM: usize = 20;

/// The identifier a change is found by in hand-written code, and the module and type it
/// belongs to (a file is only searched when it names one of them).
fn wanted(c: &RustItemChange) -> Option<(String, Vec<String>)> {
    let last = |p: &str| p.rsplit("::").next().unwrap_or(p).to_owned();
    let ident = match c.change {
        // A new item breaks nothing that exists, except a literal or a `match` of its owner.
        ItemChange::Added if c.semver == Semver::Major => last(&c.owner),
        ItemChange::Added => return None,
        _ => last(c.item.rsplit([' ', '.']).next().unwrap_or(&c.item)),
    };
    let mut context: Vec<String> = c.owner.split("::").map(str::to_owned).collect();
    context.dedup();
    Some((ident, context))
}

/// The identifiers of a line of Rust, outside `//` comments and string literals.
fn idents(line: &str) -> BTreeSet<&str> {
    let code = line.split("//").next().unwrap_or(line);
    let mut out = BTreeSet::new();
    let mut in_str = false;
    let mut start: Option<usize> = None;
    for (i, c) in code.char_indices() {
        let word = c.is_alphanumeric() || c == '_';
        if let Some(s) = start.filter(|_| !word) {
            if !in_str {
                out.insert(&code[s..i]);
            }
            start = None;
        }
        if c == '"' {
            in_str = !in_str;
        } else if word && start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start.filter(|_| !in_str) {
        out.insert(&code[s..]);
    }
    out
}

impl Report {
    /// List the places of hand-written code (`files`: workspace-relative path → text) that
    /// name a changed public Rust item: a removed, changed or moved item by its name, a
    /// struct or enum that gained a field or variant its users must now write by the type's
    /// name. A file is searched for an item only when it also names the item's module or type.
    pub fn review_hand_written(&mut self, files: &BTreeMap<String, String>) {
        self.review.clear();
        let wanted: Vec<(&RustItemChange, String, Vec<String>)> = self
            .rust_items
            .iter()
            .filter_map(|c| wanted(c).map(|(i, ctx)| (c, i, ctx)))
            .collect();
        for (file, text) in files.iter().filter(|(f, _)| f.ends_with(".rs")) {
            let lines: Vec<(usize, &str, BTreeSet<&str>)> = text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim_start().starts_with("//"))
                .map(|(i, l)| (i + 1, l, idents(l)))
                .collect();
            let all: BTreeSet<&str> = lines.iter().flat_map(|(_, _, ids)| ids.iter().copied()).collect();
            for (change, ident, context) in &wanted {
                if !context.iter().any(|c| all.contains(c.as_str())) {
                    continue;
                }
                let hits = lines.iter().filter(|(_, _, ids)| ids.contains(ident.as_str()));
                for (line, text, _) in hits.take(MAX_PER_ITEM) {
                    self.review.push(Review {
                        file: file.clone(),
                        line: *line,
                        ident: ident.clone(),
                        item: change.item.clone(),
                        text: text.trim().to_owned(),
                    });
                }
            }
        }
        self.sort();
    }
}
