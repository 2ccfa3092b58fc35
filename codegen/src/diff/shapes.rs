//! How two models' types are lined up for comparison: field matching and the scalar behind a type.

use super::labels::{facets_label, kind_class, prim_name, type_key_label};
use crate::model::{EnumDef, Facets, FieldKind, Model, Primitive, Shape, StructDef, TypeId, TypeKind};

/// How deep the comparison follows types and aliases (bounded on cyclic or hostile models).
pub(super) const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FieldMatch {
    Same(usize, usize),
    KindChanged(usize, usize),
    Renamed(usize, usize),
    Removed(usize),
    Added(usize),
}

impl FieldMatch {
    pub(super) fn pair(self) -> Option<(usize, usize)> {
        match self {
            FieldMatch::Same(i, j) | FieldMatch::KindChanged(i, j) | FieldMatch::Renamed(i, j) => Some((i, j)),
            _ => None,
        }
    }
}

/// What a field's type looks like, for rename detection (not its name when anonymous,
/// since an anonymous type is named after the field).
pub(super) fn type_signature(m: &Model, id: TypeId) -> String {
    let id = resolve_alias(m, id);
    let t = m.ty(id);
    match t.key.kind {
        TypeKind::Anonymous => match &t.shape {
            Shape::Struct(s) => format!(
                "anonymous struct/{}",
                s.fields.iter().map(|f| f.wire.as_str()).collect::<Vec<_>>().join(",")
            ),
            _ => match scalar(m, id) {
                Some(s) => format!("anonymous {}", s.describe()),
                None => "anonymous".into(),
            },
        },
        _ => type_key_label(t),
    }
}

/// Pair the fields of two records: same wire name and kind; then same name, other kind;
/// then a removed and an added field of the same kind, type and cardinality (a rename).
/// The result is in a deterministic order: old fields first, then added ones.
pub(super) fn match_fields(old: &Model, a: &StructDef, new: &Model, b: &StructDef) -> Vec<FieldMatch> {
    let mut taken = vec![false; b.fields.len()];
    let mut result: Vec<Option<FieldMatch>> = vec![None; a.fields.len()];
    for (i, fa) in a.fields.iter().enumerate() {
        if let Some(j) = (0..b.fields.len()).find(|&j| {
            !taken[j] && b.fields[j].wire == fa.wire && kind_class(&b.fields[j].kind) == kind_class(&fa.kind)
        }) {
            taken[j] = true;
            result[i] = Some(FieldMatch::Same(i, j));
        }
    }
    for (i, fa) in a.fields.iter().enumerate() {
        if result[i].is_some() {
            continue;
        }
        if let Some(j) = (0..b.fields.len()).find(|&j| !taken[j] && b.fields[j].wire == fa.wire) {
            taken[j] = true;
            result[i] = Some(FieldMatch::KindChanged(i, j));
        }
    }
    for (i, fa) in a.fields.iter().enumerate() {
        if result[i].is_some() || matches!(fa.kind, FieldKind::AnyElement | FieldKind::AnyAttribute) {
            continue;
        }
        let sig = type_signature(old, fa.ty);
        let best = (0..b.fields.len())
            .filter(|&j| {
                let fb = &b.fields[j];
                !taken[j]
                    && kind_class(&fb.kind) == kind_class(&fa.kind)
                    && fb.occurs == fa.occurs
                    && fb.nullable == fa.nullable
                    && type_signature(new, fb.ty) == sig
            })
            .min_by_key(|&j| (j.abs_diff(i), j));
        if let Some(j) = best {
            taken[j] = true;
            result[i] = Some(FieldMatch::Renamed(i, j));
        }
    }
    let mut out: Vec<FieldMatch> = result
        .into_iter()
        .enumerate()
        .map(|(i, m)| m.unwrap_or(FieldMatch::Removed(i)))
        .collect();
    out.extend((0..b.fields.len()).filter(|&j| !taken[j]).map(FieldMatch::Added));
    out
}

// ---------------------------------------------------------------------------------------------
// Scalars
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Scalar {
    pub(super) prim: Primitive,
    pub(super) facets: Facets,
    pub(super) values: Option<Vec<String>>,
    pub(super) list: bool,
}

impl Scalar {
    pub(super) fn describe(&self) -> String {
        let mut s = prim_name(self.prim).to_owned();
        if let Some(v) = &self.values {
            s = format!("enum of {} values ({s})", v.len());
        }
        let f = facets_label(&self.facets);
        if !f.is_empty() {
            s = format!("{s}, {f}");
        }
        if self.list {
            s = format!("list of {s}");
        }
        s
    }
}

pub(super) fn resolve_alias(m: &Model, mut id: TypeId) -> TypeId {
    for _ in 0..MAX_DEPTH {
        match m.types.get(id.index()).map(|t| &t.shape) {
            Some(Shape::Alias(t)) if t.index() < m.types.len() => id = *t,
            _ => break,
        }
    }
    id
}

/// The scalar behind a type (through newtypes, aliases and enums), with merged facets.
pub(super) fn scalar(m: &Model, id: TypeId) -> Option<Scalar> {
    let mut facets = Facets::default();
    let mut values: Option<Vec<String>> = None;
    let mut list = false;
    let mut id = id;
    for _ in 0..MAX_DEPTH {
        let t = m.types.get(id.index())?;
        match &t.shape {
            Shape::Primitive(p) => {
                return Some(Scalar {
                    prim: *p,
                    facets,
                    values,
                    list,
                });
            }
            Shape::Newtype { inner, facets: f } => {
                merge_facets(&mut facets, f);
                id = *inner;
            }
            Shape::Enum(EnumDef { base, values: v }) => {
                if values.is_none() {
                    values = Some(v.iter().map(|v| v.wire.clone()).collect());
                }
                return Some(Scalar {
                    prim: *base,
                    facets,
                    values,
                    list,
                });
            }
            Shape::Alias(t) => id = *t,
            Shape::List { item } if !list => {
                list = true;
                id = *item;
            }
            _ => return None,
        }
    }
    None
}

pub(super) fn merge_facets(into: &mut Facets, inner: &Facets) {
    pub(super) fn keep<T: Clone>(a: &mut Option<T>, b: &Option<T>) {
        if a.is_none() {
            a.clone_from(b);
        }
    }
    keep(&mut into.length, &inner.length);
    keep(&mut into.min_length, &inner.min_length);
    keep(&mut into.max_length, &inner.max_length);
    keep(&mut into.min_inclusive, &inner.min_inclusive);
    keep(&mut into.max_inclusive, &inner.max_inclusive);
    keep(&mut into.min_exclusive, &inner.min_exclusive);
    keep(&mut into.max_exclusive, &inner.max_exclusive);
    keep(&mut into.total_digits, &inner.total_digits);
    keep(&mut into.fraction_digits, &inner.fraction_digits);
    for p in &inner.patterns {
        if !into.patterns.contains(p) {
            into.patterns.push(p.clone());
        }
    }
}

/// A short description of a type for `old` / `new`.
pub(super) fn describe(m: &Model, id: TypeId) -> String {
    if id.index() >= m.types.len() {
        return format!("(type #{} out of range)", id.0);
    }
    let id = resolve_alias(m, id);
    let t = m.ty(id);
    let named = !matches!(t.key.kind, TypeKind::Anonymous | TypeKind::Builtin);
    let body = if let Some(s) = scalar(m, id) {
        s.describe()
    } else {
        match &t.shape {
            Shape::Struct(s) => format!("record of {} fields", s.fields.len()),
            Shape::Union(u) => format!(
                "choice of {}",
                u.variants
                    .iter()
                    .map(|v| v.wire.as_str())
                    .collect::<Vec<_>>()
                    .join(" | ")
            ),
            Shape::List { item } => format!("list of {}", describe_short(m, *item)),
            Shape::Map { value } => format!("map of {}", describe_short(m, *value)),
            Shape::Opaque { reason } => format!("raw content ({reason})"),
            Shape::Pending => "undefined".into(),
            _ => "?".into(),
        }
    };
    if named {
        format!("{} ({body})", t.key.name)
    } else {
        body
    }
}

pub(super) fn describe_short(m: &Model, id: TypeId) -> String {
    match m.types.get(id.index()) {
        Some(t) if !matches!(t.key.kind, TypeKind::Anonymous | TypeKind::Builtin) => t.key.name.clone(),
        Some(_) => scalar(m, id)
            .map(|s| s.describe())
            .unwrap_or_else(|| "anonymous type".into()),
        None => "?".into(),
    }
}
