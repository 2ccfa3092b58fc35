//! Phase 2 of the walk: comparing each pair of types (scalars, records, fields, unions).

use std::collections::BTreeSet;

use super::classify::{
    ADDED_OPTIONAL, ADDED_REQUIRED, BECAME_ENUM, BECAME_OPTIONAL, BECAME_REQUIRED, Dirs, ENUM_ADDED, ENUM_OPENED,
    ENUM_REMOVED, INFO, NULLABLE_OFF, NULLABLE_ON, READ_NARROWER, READ_WIDER, REMOVED, Relation, VARIANT_ADDED,
    VARIANT_REMOVED, facet_changes, json_family, occurs_relation, primitive_relation, rel_word,
};
use super::labels::{
    field_label, field_ns, is_wire_element, kind_label, ns_label, occurs_label, prim_name, style_label, type_key_label,
};
use super::report::ChangeKind;
use super::shapes::{FieldMatch, Scalar, describe, match_fields, scalar};
use super::walk::{Cx, Node, NodeKey};
use crate::model::{Field, FieldKind, Shape, StructDef, TypeKind, UnionDef};

impl<'a> Cx<'a> {
    pub(super) fn compare_nodes(&mut self) {
        let nodes = std::mem::take(&mut self.nodes);
        for node in &nodes {
            let Some((path, also)) = node.paths.split_first() else {
                continue;
            };
            self.compare_types(node, path, also);
        }
        self.nodes = nodes;
    }

    pub(super) fn compare_types(&mut self, node: &Node, path: &str, also: &[String]) {
        let (old, new) = (self.old, self.new);
        let (o, n) = (node.old, node.new);
        let (to, tn) = (old.ty(o), new.ty(n));
        let dirs = node.dirs;
        if matches!(node.key, NodeKey::Pair(..))
            && to.key != tn.key
            && to.key.kind != TypeKind::Anonymous
            && tn.key.kind != TypeKind::Anonymous
        {
            self.emit(
                path,
                also,
                ChangeKind::TypeRenamed,
                INFO,
                dirs,
                "type name changed; it does not travel on the wire (the Rust type name changes)".into(),
                Some(type_key_label(to)),
                Some(type_key_label(tn)),
            );
        }
        if let (Some(a), Some(b)) = (scalar(old, o), scalar(new, n)) {
            self.compare_scalars(path, also, dirs, &a, &b);
            return;
        }
        match (&to.shape, &tn.shape) {
            (Shape::Struct(a), Shape::Struct(b)) => self.compare_structs(path, also, dirs, a, b),
            (Shape::Union(a), Shape::Union(b)) => self.compare_unions(path, also, dirs, a, b),
            (Shape::List { .. }, Shape::List { .. }) | (Shape::Map { .. }, Shape::Map { .. }) => {}
            (Shape::Opaque { reason: a }, Shape::Opaque { reason: b }) => {
                if a != b {
                    self.emit(
                        path,
                        also,
                        ChangeKind::TypeChanged,
                        INFO,
                        dirs,
                        "content kept as raw XML/JSON, for another reason".into(),
                        Some(a.clone()),
                        Some(b.clone()),
                    );
                }
            }
            _ => self.emit(
                path,
                also,
                ChangeKind::TypeChanged,
                Relation::Incompatible.rule(),
                dirs,
                "type changed".into(),
                Some(describe(old, o)),
                Some(describe(new, n)),
            ),
        }
    }

    pub(super) fn compare_scalars(&mut self, path: &str, also: &[String], dirs: Dirs, a: &Scalar, b: &Scalar) {
        if a.list != b.list {
            self.emit(
                path,
                also,
                ChangeKind::TypeChanged,
                Relation::Incompatible.rule(),
                dirs,
                "list of values vs single value".into(),
                Some(a.describe()),
                Some(b.describe()),
            );
            return;
        }
        if a.prim != b.prim {
            let rel = primitive_relation(a.prim, b.prim, self.xml);
            let kind = if json_family(a.prim) == json_family(b.prim) {
                ChangeKind::FormatChanged
            } else {
                ChangeKind::TypeChanged
            };
            let what = match rel {
                Relation::Narrowed => "type narrowed",
                Relation::Widened => "type widened",
                Relation::Incompatible => "type changed",
                Relation::Equivalent => "type spelled differently",
            };
            self.emit(
                path,
                also,
                kind,
                rel.rule(),
                dirs,
                what.into(),
                Some(prim_name(a.prim).into()),
                Some(prim_name(b.prim).into()),
            );
        }
        match (&a.values, &b.values) {
            (Some(va), Some(vb)) => {
                let sa: BTreeSet<&String> = va.iter().collect();
                let sb: BTreeSet<&String> = vb.iter().collect();
                for v in sb.difference(&sa) {
                    self.emit(
                        path,
                        also,
                        ChangeKind::EnumValueAdded,
                        ENUM_ADDED,
                        dirs,
                        format!("enumeration value `{v}` added"),
                        None,
                        Some((*v).clone()),
                    );
                }
                for v in sa.difference(&sb) {
                    self.emit(
                        path,
                        also,
                        ChangeKind::EnumValueRemoved,
                        ENUM_REMOVED,
                        dirs,
                        format!("enumeration value `{v}` removed"),
                        Some((*v).clone()),
                        None,
                    );
                }
            }
            (None, Some(vb)) => self.emit(
                path,
                also,
                ChangeKind::TypeChanged,
                BECAME_ENUM,
                dirs,
                "free value became an enumeration".into(),
                Some(prim_name(a.prim).into()),
                Some(format!("enum of {} values", vb.len())),
            ),
            (Some(va), None) => self.emit(
                path,
                also,
                ChangeKind::TypeChanged,
                ENUM_OPENED,
                dirs,
                "enumeration became a free value".into(),
                Some(format!("enum of {} values", va.len())),
                Some(prim_name(b.prim).into()),
            ),
            (None, None) => {}
        }
        for (name, rel, old, new) in facet_changes(&a.facets, &b.facets) {
            self.emit(
                path,
                also,
                ChangeKind::FacetChanged,
                rel.rule(),
                dirs,
                format!("facet {name} {}", rel_word(rel)),
                old,
                new,
            );
        }
    }

    pub(super) fn compare_structs(&mut self, path: &str, also: &[String], dirs: Dirs, a: &StructDef, b: &StructDef) {
        let (old, new) = (self.old, self.new);
        let matches = match_fields(old, a, new, b);
        let sub = |f: &Field| format!("{path} / {}", field_label(f));
        let sub_also = |f: &Field| {
            also.iter()
                .map(|p| format!("{p} / {}", field_label(f)))
                .collect::<Vec<_>>()
        };
        let mut order: Vec<(usize, usize)> = Vec::new();
        for m in &matches {
            match *m {
                FieldMatch::Same(i, j) | FieldMatch::KindChanged(i, j) | FieldMatch::Renamed(i, j) => {
                    let (fa, fb) = (&a.fields[i], &b.fields[j]);
                    let (p, al) = (sub(fb), sub_also(fb));
                    if let FieldMatch::KindChanged(..) = m {
                        self.emit(
                            &p,
                            &al,
                            ChangeKind::FieldKindChanged,
                            Relation::Incompatible.rule(),
                            dirs,
                            format!("`{}` travels differently", fb.wire),
                            Some(kind_label(&fa.kind).into()),
                            Some(kind_label(&fb.kind).into()),
                        );
                    }
                    if let FieldMatch::Renamed(..) = m {
                        self.emit(
                            &p,
                            &al,
                            ChangeKind::FieldRenamed,
                            Relation::Incompatible.rule(),
                            dirs,
                            format!("`{}` renamed to `{}` (same type and place)", fa.wire, fb.wire),
                            Some(fa.wire.clone()),
                            Some(fb.wire.clone()),
                        );
                    }
                    if is_wire_element(&fa.kind) && is_wire_element(&fb.kind) {
                        order.push((i, j));
                    }
                    self.compare_fields(&p, &al, dirs, fa, fb);
                }
                FieldMatch::Removed(i) => {
                    let f = &a.fields[i];
                    self.emit(
                        &sub(f),
                        &sub_also(f),
                        ChangeKind::FieldRemoved,
                        REMOVED,
                        dirs,
                        format!("{} `{}` removed", kind_label(&f.kind), f.wire),
                        Some(occurs_label(f.occurs)),
                        None,
                    );
                }
                FieldMatch::Added(j) => {
                    let f = &b.fields[j];
                    let required = f.occurs.min > 0
                        && matches!(
                            f.kind,
                            FieldKind::Element { .. }
                                | FieldKind::Attribute { .. }
                                | FieldKind::Property
                                | FieldKind::Text
                                | FieldKind::Flatten
                        );
                    let rule = if required { ADDED_REQUIRED } else { ADDED_OPTIONAL };
                    self.emit(
                        &sub(f),
                        &sub_also(f),
                        ChangeKind::FieldAdded,
                        rule,
                        dirs,
                        format!(
                            "{} {} `{}` added",
                            if required { "required" } else { "optional" },
                            kind_label(&f.kind),
                            f.wire
                        ),
                        None,
                        Some(occurs_label(f.occurs)),
                    );
                }
            }
        }
        if self.xml && !a.any_order && !b.any_order {
            order.sort();
            if order.windows(2).any(|w| w[0].1 > w[1].1) {
                let names = |fields: &[Field], idx: Vec<usize>| {
                    idx.into_iter()
                        .map(|i| fields[i].wire.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let old_order = names(&a.fields, order.iter().map(|p| p.0).collect());
                let mut by_new = order.clone();
                by_new.sort_by_key(|p| p.1);
                let new_order = names(&b.fields, by_new.iter().map(|p| p.1).collect());
                self.emit(
                    path,
                    also,
                    ChangeKind::FieldOrderChanged,
                    Relation::Incompatible.rule(),
                    dirs,
                    "order of the elements of the sequence changed".into(),
                    Some(old_order),
                    Some(new_order),
                );
            }
        }
        if a.any_order != b.any_order {
            self.emit(
                path,
                also,
                ChangeKind::StructChanged,
                INFO,
                dirs,
                "children may come in any order (xs:all) changed; generated code writes the declared order".into(),
                Some(a.any_order.to_string()),
                Some(b.any_order.to_string()),
            );
        }
        if a.is_abstract != b.is_abstract || a.mixed != b.mixed {
            self.emit(
                path,
                also,
                ChangeKind::StructChanged,
                INFO,
                dirs,
                "abstract/mixed flag changed".into(),
                Some(format!("abstract={} mixed={}", a.is_abstract, a.mixed)),
                Some(format!("abstract={} mixed={}", b.is_abstract, b.mixed)),
            );
        }
        match (a.base, b.base) {
            (Some(x), Some(y)) if type_key_label(old.ty(x)) != type_key_label(new.ty(y)) => {
                self.emit(
                    path,
                    also,
                    ChangeKind::StructChanged,
                    INFO,
                    dirs,
                    "base type changed (fields are compared flattened)".into(),
                    Some(type_key_label(old.ty(x))),
                    Some(type_key_label(new.ty(y))),
                );
            }
            (Some(x), None) => self.emit(
                path,
                also,
                ChangeKind::StructChanged,
                INFO,
                dirs,
                "no longer derived (fields are compared flattened)".into(),
                Some(type_key_label(old.ty(x))),
                None,
            ),
            (None, Some(y)) => self.emit(
                path,
                also,
                ChangeKind::StructChanged,
                INFO,
                dirs,
                "now derived (fields are compared flattened)".into(),
                None,
                Some(type_key_label(new.ty(y))),
            ),
            _ => {}
        }
        let bare = |s: &StructDef| s.bare_list.and_then(|i| s.fields.get(i)).map(|f| f.wire.clone());
        let (bare_a, bare_b) = (bare(a), bare(b));
        if bare_a != bare_b {
            let (rule, what) = match &bare_b {
                Some(wire) => (READ_WIDER, format!("a bare JSON array is now read into `{wire}`")),
                None => (READ_NARROWER, "a bare JSON array is no longer read".to_owned()),
            };
            self.emit(path, also, ChangeKind::StructChanged, rule, dirs, what, bare_a, bare_b);
        }
        match (a.additional, b.additional) {
            (Some(_), None) => self.emit(
                path,
                also,
                ChangeKind::StructChanged,
                Relation::Narrowed.rule(),
                dirs,
                "additional properties no longer allowed".into(),
                Some("open".into()),
                Some("closed".into()),
            ),
            (None, Some(_)) => self.emit(
                path,
                also,
                ChangeKind::StructChanged,
                ADDED_OPTIONAL,
                dirs,
                "additional properties now allowed".into(),
                Some("closed".into()),
                Some("open".into()),
            ),
            _ => {}
        }
    }

    pub(super) fn compare_fields(&mut self, path: &str, also: &[String], dirs: Dirs, a: &Field, b: &Field) {
        let (na, nb) = (field_ns(&a.kind), field_ns(&b.kind));
        if na != nb {
            self.emit(
                path,
                also,
                ChangeKind::NamespaceChanged,
                Relation::Incompatible.rule(),
                dirs,
                format!("namespace of `{}` changed", b.wire),
                Some(ns_label(&na)),
                Some(ns_label(&nb)),
            );
        }
        if a.occurs.is_optional() != b.occurs.is_optional() {
            let (kind, rule, what) = if b.occurs.is_optional() {
                (ChangeKind::BecameOptional, BECAME_OPTIONAL, "became optional")
            } else {
                (ChangeKind::BecameRequired, BECAME_REQUIRED, "became required")
            };
            self.emit(
                path,
                also,
                kind,
                rule,
                dirs,
                format!("`{}` {what}", b.wire),
                Some(occurs_label(a.occurs)),
                Some(occurs_label(b.occurs)),
            );
        }
        let min_moved = a.occurs.min != b.occurs.min && a.occurs.min > 0 && b.occurs.min > 0;
        if a.occurs.max != b.occurs.max || min_moved {
            let rel = occurs_relation(a.occurs, b.occurs);
            self.emit(
                path,
                also,
                ChangeKind::CardinalityChanged,
                rel.rule(),
                dirs,
                format!("cardinality of `{}` {}", b.wire, rel_word(rel)),
                Some(occurs_label(a.occurs)),
                Some(occurs_label(b.occurs)),
            );
        }
        if a.aliases != b.aliases {
            let dropped = a.aliases.iter().any(|n| !b.aliases.contains(n));
            self.emit(
                path,
                also,
                ChangeKind::FieldRenamed,
                if dropped { READ_NARROWER } else { READ_WIDER },
                dirs,
                format!("other names `{}` may arrive under changed", b.wire),
                Some(a.aliases.join(", ")),
                Some(b.aliases.join(", ")),
            );
        }
        if a.nullable != b.nullable {
            let rule = if b.nullable { NULLABLE_ON } else { NULLABLE_OFF };
            self.emit(
                path,
                also,
                ChangeKind::NullableChanged,
                rule,
                dirs,
                format!(
                    "`{}` {}",
                    b.wire,
                    if b.nullable {
                        "became nillable"
                    } else {
                        "is no longer nillable"
                    }
                ),
                Some(a.nullable.to_string()),
                Some(b.nullable.to_string()),
            );
        }
        if a.default != b.default {
            self.emit(
                path,
                also,
                ChangeKind::DefaultChanged,
                INFO,
                dirs,
                format!("default of `{}` changed", b.wire),
                a.default.clone(),
                b.default.clone(),
            );
        }
    }

    pub(super) fn compare_unions(&mut self, path: &str, also: &[String], dirs: Dirs, a: &UnionDef, b: &UnionDef) {
        if a.style != b.style {
            self.emit(
                path,
                also,
                ChangeKind::DiscriminatorChanged,
                Relation::Incompatible.rule(),
                dirs,
                "alternatives are told apart differently".into(),
                Some(style_label(a.style).into()),
                Some(style_label(b.style).into()),
            );
        }
        let da = a
            .discriminator
            .as_ref()
            .map(|d| (d.property.clone(), d.mapping.keys().cloned().collect::<Vec<_>>()));
        let db = b
            .discriminator
            .as_ref()
            .map(|d| (d.property.clone(), d.mapping.keys().cloned().collect::<Vec<_>>()));
        if da != db {
            let label = |d: &Option<(String, Vec<String>)>| d.as_ref().map(|(p, v)| format!("{p}: {}", v.join(", ")));
            self.emit(
                path,
                also,
                ChangeKind::DiscriminatorChanged,
                Relation::Incompatible.rule(),
                dirs,
                "discriminator changed".into(),
                label(&da),
                label(&db),
            );
        }
        for va in &a.variants {
            let p = format!("{path} / {}", va.wire);
            match b
                .variants
                .iter()
                .find(|v| v.wire == va.wire && v.namespace == va.namespace)
            {
                Some(vb) => {
                    if va.occurs != vb.occurs {
                        let rel = occurs_relation(va.occurs, vb.occurs);
                        self.emit(
                            &p,
                            also,
                            ChangeKind::CardinalityChanged,
                            rel.rule(),
                            dirs,
                            format!("cardinality of alternative `{}` {}", vb.wire, rel_word(rel)),
                            Some(occurs_label(va.occurs)),
                            Some(occurs_label(vb.occurs)),
                        );
                    }
                    if va.inline != vb.inline {
                        self.emit(
                            &p,
                            also,
                            ChangeKind::TypeChanged,
                            Relation::Incompatible.rule(),
                            dirs,
                            format!("alternative `{}` gained or lost its own element", vb.wire),
                            Some(va.inline.to_string()),
                            Some(vb.inline.to_string()),
                        );
                    }
                }
                None => self.emit(
                    &p,
                    also,
                    ChangeKind::VariantRemoved,
                    VARIANT_REMOVED,
                    dirs,
                    format!("alternative `{}` removed", va.wire),
                    Some(va.wire.clone()),
                    None,
                ),
            }
        }
        for vb in &b.variants {
            if !a
                .variants
                .iter()
                .any(|v| v.wire == vb.wire && v.namespace == vb.namespace)
            {
                self.emit(
                    &format!("{path} / {}", vb.wire),
                    also,
                    ChangeKind::VariantAdded,
                    VARIANT_ADDED,
                    dirs,
                    format!("alternative `{}` added", vb.wire),
                    None,
                    Some(vb.wire.clone()),
                );
            }
        }
    }
}
