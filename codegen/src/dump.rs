//! A stable, readable text form of a model, for snapshot tests and the drift report.
//!
//! Types are listed by identity (namespace, name, kind), references are written by the
//! referenced type's name, never by arena index, so reordering a spec file does not change
//! the dump, while any change of the API does.

use std::fmt::Write as _;

use crate::model::{Binding, FieldKind, Model, Occurs, Shape, TypeId, TypeKind};
use crate::passes::{Program, Unit};

fn type_ref(model: &Model, id: TypeId) -> String {
    let t = model.ty(id);
    match (&t.shape, t.key.kind) {
        (Shape::Primitive(p), TypeKind::Builtin) => format!("{p:?}"),
        _ => {
            let name = if t.rust_name.is_empty() {
                t.key.name.clone()
            } else {
                t.rust_name.clone()
            };
            match t.key.kind {
                TypeKind::Element => format!("element {name}"),
                _ => name,
            }
        }
    }
}

fn occurs(o: Occurs) -> String {
    match o.max {
        Some(m) => format!("[{}..{m}]", o.min),
        None => format!("[{}..*]", o.min),
    }
}

fn doc_line(out: &mut String, indent: &str, doc: &Option<String>) {
    if let Some(d) = doc {
        let first = d.lines().next().unwrap_or("").trim();
        let more = if d.lines().count() > 1 { " …" } else { "" };
        let _ = writeln!(out, "{indent}# {first}{more}");
    }
}

/// Render a model as text.
pub fn dump(model: &Model) -> String {
    dump_with(model, &|_| false)
}

/// Render the model of spec `index` of a program as text, as [`dump`] does, with the types
/// that are not emitted because no operation uses them marked so.
pub fn dump_spec(program: &Program, index: usize) -> String {
    match program.specs.get(index) {
        Some((_, model)) => dump_with(model, &|ty| program.unused.contains(&Unit { spec: index, ty })),
        None => String::new(),
    }
}

fn dump_with(model: &Model, unused: &dyn Fn(TypeId) -> bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "spec {} ({})", model.spec.id, model.spec.entry);
    services(&mut out, model);
    types(&mut out, model, unused);
    out
}

/// The services, their operations and how each travels.
fn services(out: &mut String, model: &Model) {
    for svc in &model.services {
        let _ = writeln!(out, "\nservice {} -> mod {}", svc.name, svc.rust_name);
        doc_line(out, "  ", &svc.doc);
        for a in &svc.addresses {
            let _ = writeln!(out, "  address {a}");
        }
        if !svc.security.is_empty() {
            let _ = writeln!(out, "  security {:?}", svc.security);
        }
        for op in &svc.operations {
            let _ = writeln!(
                out,
                "  operation {} -> fn {}{}",
                op.name,
                op.rust_name,
                if op.deprecated { " (deprecated)" } else { "" }
            );
            doc_line(out, "    ", &op.doc);
            match &op.binding {
                Binding::Soap(b) => {
                    let _ = writeln!(
                        out,
                        "    soap {:?} {:?}/{:?} action={:?}{}",
                        b.version,
                        b.style,
                        b.body_use,
                        b.action,
                        match (&b.addressing_action, b.addressing) {
                            (Some(a), true) => format!(" ws-addressing action={a:?}"),
                            (_, true) => " ws-addressing".to_owned(),
                            _ => String::new(),
                        }
                    );
                    let _ = writeln!(out, "    input wrapper={:?}", b.input.wrapper);
                    for p in &b.input.parts {
                        let _ = writeln!(
                            out,
                            "      part {} {{{}}}{} : {}",
                            p.name,
                            p.element.0.as_deref().unwrap_or(""),
                            p.element.1,
                            type_ref(model, p.ty)
                        );
                    }
                    if let Some(o) = &b.output {
                        let _ = writeln!(out, "    output wrapper={:?}", o.wrapper);
                        for p in &o.parts {
                            let _ = writeln!(
                                out,
                                "      part {} {{{}}}{} : {}",
                                p.name,
                                p.element.0.as_deref().unwrap_or(""),
                                p.element.1,
                                type_ref(model, p.ty)
                            );
                        }
                    }
                    for (dir, h) in b
                        .headers
                        .iter()
                        .map(|h| ("header", h))
                        .chain(b.output_headers.iter().map(|h| ("response header", h)))
                    {
                        let _ = writeln!(
                            out,
                            "    {dir} {} {{{}}}{} : {}",
                            h.name,
                            h.element.0.as_deref().unwrap_or(""),
                            h.element.1,
                            type_ref(model, h.ty)
                        );
                    }
                    for f in &b.faults {
                        let _ = writeln!(
                            out,
                            "    fault {} {{{}}}{} : {}",
                            f.name,
                            f.detail.element.0.as_deref().unwrap_or(""),
                            f.detail.element.1,
                            type_ref(model, f.detail.ty)
                        );
                    }
                }
                Binding::Http(h) => {
                    let _ = writeln!(out, "    http {} {}", h.method.as_str(), h.path);
                    for p in &h.params {
                        let _ = writeln!(
                            out,
                            "      param {:?} {} -> {} : {}{}{}",
                            p.location,
                            p.wire,
                            p.rust_name,
                            type_ref(model, p.ty),
                            match p.array_style {
                                crate::model::ArrayStyle::Joined(c) if p.list => format!(" (list joined by {c:?})"),
                                crate::model::ArrayStyle::Repeated if p.list =>
                                    " (list, one parameter per value)".to_owned(),
                                crate::model::ArrayStyle::Joined(c) =>
                                    format!(" (object, keys and values joined by {c:?})"),
                                crate::model::ArrayStyle::Repeated => " (object, one parameter per member)".to_owned(),
                                crate::model::ArrayStyle::Deep => " (object, name[key] per member)".to_owned(),
                                crate::model::ArrayStyle::Single if p.list => " (list)".to_owned(),
                                crate::model::ArrayStyle::Single => String::new(),
                            },
                            if p.required { " required" } else { "" }
                        );
                        let mut marks = Vec::new();
                        if p.path_style != crate::model::PathStyle::Simple {
                            marks.push(format!("style {:?}", p.path_style));
                        }
                        if p.file {
                            marks.push("file".to_owned());
                        }
                        if let Some(ct) = &p.content_type {
                            marks.push(format!("part {ct}"));
                        }
                        if !marks.is_empty() {
                            let _ = writeln!(out, "        ({})", marks.join(", "));
                        }
                    }
                    if let Some(form) = &h.form {
                        let _ = writeln!(out, "      form {form}");
                    }
                    if let Some(b) = &h.body {
                        let _ = writeln!(
                            out,
                            "      body {} : {}{}",
                            b.content_type,
                            type_ref(model, b.ty),
                            if b.required { " required" } else { "" }
                        );
                    }
                    for r in &h.responses {
                        let _ = writeln!(
                            out,
                            "      response {:?} -> {} {} : {}",
                            r.status,
                            r.rust_name,
                            r.content_type.as_deref().unwrap_or("-"),
                            r.ty.map(|t| type_ref(model, t)).unwrap_or_else(|| "(no body)".into())
                        );
                    }
                    if !h.security.is_empty() {
                        let _ = writeln!(out, "      security {:?}", h.security);
                    }
                }
            }
        }
    }
}

/// Every type but the built-ins, by identity.
fn types(out: &mut String, model: &Model, unused: &dyn Fn(TypeId) -> bool) {
    let mut ids: Vec<TypeId> = model
        .type_ids()
        .filter(|id| model.ty(*id).key.kind != TypeKind::Builtin)
        .collect();
    ids.sort_by(|a, b| model.ty(*a).key.cmp(&model.ty(*b).key));
    for id in ids {
        let t = model.ty(id);
        let _ = writeln!(
            out,
            "\n{:?} {{{}}}{} -> {}::{}{}",
            t.key.kind,
            t.key.namespace.as_deref().unwrap_or(""),
            t.key.name,
            t.module.join("::"),
            t.rust_name,
            if unused(id) && !t.rust_name.is_empty() {
                " (not emitted: no operation uses it)"
            } else {
                ""
            }
        );
        doc_line(out, "  ", &t.doc);
        match &t.shape {
            Shape::Pending => {
                let _ = writeln!(out, "  (undefined)");
            }
            Shape::Primitive(p) => {
                let _ = writeln!(out, "  primitive {p:?}");
            }
            Shape::Newtype { inner, facets } => {
                let _ = writeln!(out, "  newtype {}", type_ref(model, *inner));
                if !facets.is_empty() {
                    let _ = writeln!(out, "  facets {facets:?}");
                }
            }
            Shape::Enum(e) => {
                let _ = writeln!(out, "  enum {:?}", e.base);
                for v in &e.values {
                    let _ = writeln!(out, "    {:?} -> {}", v.wire, v.rust_name);
                    doc_line(out, "      ", &v.doc);
                }
            }
            Shape::Struct(s) => {
                let mut flags = Vec::new();
                if let Some(b) = s.base {
                    flags.push(format!("extends {}", type_ref(model, b)));
                }
                if s.any_order {
                    flags.push("any-order".into());
                }
                if s.mixed {
                    flags.push("mixed".into());
                }
                if s.is_abstract {
                    flags.push("abstract".into());
                }
                if let Some(a) = s.additional {
                    flags.push(format!("additional {}", type_ref(model, a)));
                }
                if let Some(f) = s.bare_list.and_then(|i| s.fields.get(i)) {
                    flags.push(format!("bare-array {}", f.wire));
                }
                let _ = writeln!(out, "  struct {}", flags.join(", "));
                for f in &s.fields {
                    let kind = match &f.kind {
                        FieldKind::Element { namespace: Some(ns) } => format!("element {{{ns}}}"),
                        FieldKind::Element { namespace: None } => "element".into(),
                        FieldKind::Attribute { namespace: Some(ns) } => format!("attribute {{{ns}}}"),
                        FieldKind::Attribute { namespace: None } => "attribute".into(),
                        other => format!("{other:?}").to_lowercase(),
                    };
                    let _ = writeln!(
                        out,
                        "    {} -> {} : {} {}{} {kind}{}{}",
                        f.wire,
                        f.rust_name,
                        type_ref(model, f.ty),
                        occurs(f.occurs),
                        if f.nullable { " nullable" } else { "" },
                        f.default
                            .as_ref()
                            .map(|d| format!(" default={d:?}"))
                            .unwrap_or_default(),
                        if f.boxed { " boxed" } else { "" }
                    );
                    if !f.aliases.is_empty() {
                        let _ = writeln!(out, "      aliases {}", f.aliases.join(", "));
                    }
                    doc_line(out, "      ", &f.doc);
                }
            }
            Shape::Union(u) => {
                let _ = writeln!(out, "  union {:?}", u.style);
                if let Some(d) = &u.discriminator {
                    let _ = writeln!(out, "  discriminator {} {:?}", d.property, d.mapping);
                }
                for v in &u.variants {
                    let _ = writeln!(
                        out,
                        "    {}{} -> {} : {} {}{}",
                        v.namespace.as_ref().map(|n| format!("{{{n}}}")).unwrap_or_default(),
                        v.wire,
                        v.rust_name,
                        type_ref(model, v.ty),
                        occurs(v.occurs),
                        if v.inline { " inline" } else { "" }
                    );
                }
            }
            Shape::List { item } => {
                let _ = writeln!(out, "  list {}", type_ref(model, *item));
            }
            Shape::Map { value } => {
                let _ = writeln!(out, "  map {}", type_ref(model, *value));
            }
            Shape::Alias(t2) => {
                let _ = writeln!(out, "  alias {}", type_ref(model, *t2));
            }
            Shape::Opaque { reason } => {
                let _ = writeln!(out, "  opaque: {reason}");
            }
        }
    }
    if !model.warnings.is_empty() {
        let _ = writeln!(out);
        for w in &model.warnings {
            let _ = writeln!(out, "warning {}: {}", w.source, w.message);
        }
    }
}
