//! The walk over two models: the compared places (type pairs reached from operations, in
//! the directions they travel), the emitted changes, and phase 1 (collecting the places).

use std::collections::{BTreeMap, BTreeSet};

use super::classify::{Dir, Dirs, Rule, classify};
use super::labels::{field_key, field_label};
use super::report::{Affects, Change, ChangeKind, Severity};
use super::shapes::{MAX_DEPTH, match_fields, resolve_alias};
use crate::model::{Model, Shape, TypeId, TypeKind};

/// A compared place: a pair of types with an identity, or a slot holding a built-in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum NodeKey {
    Pair(TypeId, TypeId),
    Leaf {
        parent: Option<(TypeId, TypeId)>,
        local: String,
    },
}

#[derive(Debug)]
pub(super) struct Node {
    pub(super) key: NodeKey,
    pub(super) old: TypeId,
    pub(super) new: TypeId,
    pub(super) paths: Vec<String>,
    pub(super) dirs: Dirs,
}

pub(super) struct Cx<'a> {
    pub(super) old: &'a Model,
    pub(super) new: &'a Model,
    pub(super) spec: String,
    pub(super) xml: bool,
    pub(super) nodes: Vec<Node>,
    pub(super) index: BTreeMap<NodeKey, usize>,
    pub(super) out: Vec<Change>,
}

pub(super) type Visited = BTreeSet<(TypeId, TypeId)>;

impl<'a> Cx<'a> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn emit(
        &mut self,
        path: &str,
        also: &[String],
        kind: ChangeKind,
        rule: Rule,
        dirs: Dirs,
        what: String,
        old: Option<String>,
        new: Option<String>,
    ) {
        let (severity, affects, reason) = classify(rule, dirs);
        self.out.push(Change {
            spec: self.spec.clone(),
            path: path.to_owned(),
            kind,
            severity,
            affects,
            old,
            new,
            message: format!("{what}: {reason}"),
            also: also.to_vec(),
            rust: None,
            rust_items: Vec::new(),
        });
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn emit_fixed(
        &mut self,
        path: &str,
        kind: ChangeKind,
        severity: Severity,
        affects: Affects,
        message: String,
        old: Option<String>,
        new: Option<String>,
    ) {
        self.out.push(Change {
            spec: self.spec.clone(),
            path: path.to_owned(),
            kind,
            severity,
            affects,
            old,
            new,
            message,
            also: Vec::new(),
            rust: None,
            rust_items: Vec::new(),
        });
    }

    /// A type slot directly under an operation (part, parameter, body, response).
    pub(super) fn root_slot(&mut self, o: TypeId, n: TypeId, path: &str, dir: Dir) {
        let mut visited = Visited::new();
        self.slot(o, n, path.to_owned(), dir, None, path, &mut visited, 0);
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn slot(
        &mut self,
        o: TypeId,
        n: TypeId,
        path: String,
        dir: Dir,
        parent: Option<(TypeId, TypeId)>,
        local: &str,
        visited: &mut Visited,
        depth: usize,
    ) {
        if depth > MAX_DEPTH || o.index() >= self.old.types.len() || n.index() >= self.new.types.len() {
            return;
        }
        let o = resolve_alias(self.old, o);
        let n = resolve_alias(self.new, n);
        let leaf = self.old.ty(o).key.kind == TypeKind::Builtin || self.new.ty(n).key.kind == TypeKind::Builtin;
        let key = if leaf {
            NodeKey::Leaf {
                parent,
                local: local.to_owned(),
            }
        } else {
            NodeKey::Pair(o, n)
        };
        let i = match self.index.get(&key) {
            Some(i) => *i,
            None => {
                self.nodes.push(Node {
                    key: key.clone(),
                    old: o,
                    new: n,
                    paths: Vec::new(),
                    dirs: Dirs::default(),
                });
                self.index.insert(key, self.nodes.len() - 1);
                self.nodes.len() - 1
            }
        };
        let node = &mut self.nodes[i];
        node.dirs.add(dir);
        if !node.paths.contains(&path) {
            node.paths.push(path.clone());
        }
        if leaf || !visited.insert((o, n)) {
            return;
        }
        let (old, new) = (self.old, self.new);
        match (&old.ty(o).shape, &new.ty(n).shape) {
            (Shape::Struct(a), Shape::Struct(b)) => {
                for m in match_fields(old, a, new, b) {
                    if let Some((i, j)) = m.pair() {
                        let (fa, fb) = (&a.fields[i], &b.fields[j]);
                        let child = format!("{path} / {}", field_label(fb));
                        self.slot(
                            fa.ty,
                            fb.ty,
                            child,
                            dir,
                            Some((o, n)),
                            &field_key(fb),
                            visited,
                            depth + 1,
                        );
                    }
                }
                if let (Some(x), Some(y)) = (a.additional, b.additional) {
                    self.slot(
                        x,
                        y,
                        format!("{path} / {{additional}}"),
                        dir,
                        Some((o, n)),
                        "{additional}",
                        visited,
                        depth + 1,
                    );
                }
            }
            (Shape::Union(a), Shape::Union(b)) => {
                for va in &a.variants {
                    if let Some(vb) = b
                        .variants
                        .iter()
                        .find(|v| v.wire == va.wire && v.namespace == va.namespace)
                    {
                        self.slot(
                            va.ty,
                            vb.ty,
                            format!("{path} / {}", vb.wire),
                            dir,
                            Some((o, n)),
                            &format!("variant {}", vb.wire),
                            visited,
                            depth + 1,
                        );
                    }
                }
            }
            (Shape::List { item: a }, Shape::List { item: b }) => {
                self.slot(
                    *a,
                    *b,
                    format!("{path} / []"),
                    dir,
                    Some((o, n)),
                    "[]",
                    visited,
                    depth + 1,
                );
            }
            (Shape::Map { value: a }, Shape::Map { value: b }) => {
                self.slot(
                    *a,
                    *b,
                    format!("{path} / {{value}}"),
                    dir,
                    Some((o, n)),
                    "{value}",
                    visited,
                    depth + 1,
                );
            }
            _ => {}
        }
    }
}
