//! Which wire change causes each Rust change: the generated names come from the wire names
//! (`fim-contrato` → `fim_contrato`, `getDadosContratosResponse` → `GetDadosContratosResponse`,
//! wire value `AB` → variant `Ab`), so a Rust item is matched to the change whose place or
//! values name it — the deepest place first, then the shortest path, then the same spec.

use super::report::{Change, Report, Semver, Severity};

/// Lower-case letters and digits only: the form wire names and Rust names share.
pub(super) fn fold(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The names a change mentions, deepest first-scored: each segment of its path (the last
/// word of `operation x`, `fault y`, `query param z`), then its old and new values (a
/// qualified name without its namespace), scored above every segment.
fn names(c: &Change) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let segments: Vec<&str> = c.path.split(" / ").collect();
    for (depth, seg) in segments.iter().enumerate() {
        let word = seg.rsplit(' ').next().unwrap_or(seg);
        out.push((fold(word), depth));
    }
    let top = segments.len();
    for v in [&c.old, &c.new].into_iter().flatten() {
        let local = v.rsplit('}').next().unwrap_or(v);
        let local = local.split(" (").next().unwrap_or(local);
        out.push((fold(local), top));
    }
    out.retain(|(n, _)| !n.is_empty());
    out
}

/// The module a generated file is (`api/registar_vinculo.rs` → `registarvinculo`), folded.
fn module(file: &str) -> String {
    let stem = file.rsplit('/').next().unwrap_or(file);
    fold(stem.strip_suffix(".rs").unwrap_or(stem))
}

impl Report {
    /// Link each public Rust item change to the wire change that causes it (its `wire`) and
    /// give each wire change the worst classification of its Rust items (its `rust`).
    /// Rust changes no wire change names stay unlinked; they count on their own in
    /// [`Report::summary`].
    pub fn link_rust(&mut self) {
        let names: Vec<Vec<(String, usize)>> = self.changes.iter().map(names).collect();
        for c in &mut self.changes {
            c.rust = None;
            c.rust_items.clear();
        }
        for item in &mut self.rust_items {
            let own = fold(item.item.rsplit([':', '.', ' ']).next().unwrap_or(&item.item));
            let owner = fold(item.owner.rsplit("::").next().unwrap_or(&item.owner));
            let module = module(&item.file);
            let mut best: Option<(bool, usize, std::cmp::Reverse<usize>, usize)> = None;
            for (i, c) in self.changes.iter().enumerate() {
                let depth = [&own, &owner]
                    .iter()
                    .enumerate()
                    .filter_map(|(rank, n)| {
                        names[i]
                            .iter()
                            .filter(|(w, _)| w == *n)
                            .map(|(_, d)| d * 2 + usize::from(rank == 0))
                            .max()
                    })
                    .max();
                let Some(depth) = depth else { continue };
                // A change of the item's own spec first, then the deepest name, then the
                // shortest path.
                let key = (fold(&c.spec) == module, depth, std::cmp::Reverse(c.path.len()), i);
                if best.is_none_or(|b| (key.0, key.1, key.2) > (b.0, b.1, b.2)) {
                    best = Some(key);
                }
            }
            // An item no change names (a type that only a removed operation used, say) goes
            // with the worst change of its own spec, when there is one.
            if best.is_none_or(|b| !b.0) {
                let own_spec = self
                    .changes
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| fold(&c.spec) == module)
                    .max_by_key(|(i, c)| (c.severity == Severity::Breaking, std::cmp::Reverse(*i)))
                    .map(|(i, _)| i);
                if let Some(i) = own_spec {
                    best = Some((true, 0, std::cmp::Reverse(0), i));
                }
            }
            item.wire = None;
            if let Some((_, _, _, i)) = best {
                let c = &mut self.changes[i];
                item.wire = Some(c.path.clone());
                c.rust_items.push(item.item.clone());
                c.rust = Some(match c.rust {
                    Some(Semver::Major) => Semver::Major,
                    _ => item.semver,
                });
            }
        }
    }
}
