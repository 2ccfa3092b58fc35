//! Rust names: Portuguese accents folded to ASCII, `heck` casing, keywords escaped, and a
//! deterministic collision rule (first in a stable order keeps the name, later ones get a
//! qualifier, then a number).

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use super::{Program, Unit, is_item};
use crate::Error;
use crate::model::{Binding, Shape, Status, TypeKind};

/// Fold accented Latin letters to ASCII (`ç` → `c`, `ã` → `a`, `º` → `o`); other
/// non-ASCII characters become separators.
pub fn ascii_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let r = match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' | 'å' | 'ª' => "a",
            'Á' | 'À' | 'Â' | 'Ã' | 'Ä' | 'Å' => "A",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'É' | 'È' | 'Ê' | 'Ë' => "E",
            'í' | 'ì' | 'î' | 'ï' => "i",
            'Í' | 'Ì' | 'Î' | 'Ï' => "I",
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' | 'º' | 'ø' => "o",
            'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "O",
            'ú' | 'ù' | 'û' | 'ü' => "u",
            'Ú' | 'Ù' | 'Û' | 'Ü' => "U",
            'ç' => "c",
            'Ç' => "C",
            'ñ' => "n",
            'Ñ' => "N",
            'ß' => "ss",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => " ",
        };
        out.push_str(r);
    }
    out
}

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
    "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Type names that would shadow the prelude or the names generated code relies on.
const RESERVED_TYPES: &[&str] = &[
    "Option", "Some", "None", "Result", "Ok", "Err", "Vec", "String", "Box", "Client", "Self", "Error", "Default",
    "Clone", "Copy", "Send", "Sync", "Sized", "Drop", "Fn", "Iterator", "ToString", "Into", "From", "Debug",
];

/// Method and argument names the generated client uses itself.
const RESERVED_VALUES: &[&str] = &[
    "new",
    "config",
    "for_environment",
    "endpoints",
    "request",
    "response",
    "path",
    "query",
    "headers",
    "body",
    "w",
    "ctx",
    "node",
];

/// A snake_case identifier (keywords get a trailing underscore, leading digits an `_`).
pub fn snake(s: &str) -> String {
    let mut s = ascii_fold(s).to_snake_case();
    if s.is_empty() {
        s.push_str("value");
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// An UpperCamelCase identifier (leading digits get a `V`, keywords an `_`).
pub fn camel(s: &str) -> String {
    let mut s = ascii_fold(s).to_upper_camel_case();
    if s.is_empty() {
        s.push_str("Value");
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// A module name for a spec id or service name.
pub fn module_name(s: &str) -> String {
    let m = snake(s);
    if matches!(m.as_str(), "shared" | "rt" | "api" | "std" | "core" | "alloc") {
        format!("{m}_api")
    } else {
        m
    }
}

/// Give `wanted` a unique spelling in `taken`: `x`, then `x_2`/`X2`, ….
fn unique(taken: &mut BTreeSet<String>, wanted: String, sep: &str) -> String {
    if taken.insert(wanted.clone()) {
        return wanted;
    }
    let mut n = 2;
    loop {
        let candidate = format!("{wanted}{sep}{n}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// The module of each service: the manifest's override, else the spec id when the spec has
/// one service, else the service name; unique across the program.
pub fn service_modules(program: &Program) -> BTreeMap<(usize, usize), String> {
    let mut taken: BTreeSet<String> = ["shared".to_owned()].into();
    let mut out = BTreeMap::new();
    for (mi, (input, model)) in program.specs.iter().enumerate() {
        for (si, svc) in model.services.iter().enumerate() {
            let wanted = if let Some(m) = input.modules.get(&svc.name) {
                module_name(m)
            } else if model.services.len() == 1 && !input.id.is_empty() {
                module_name(&input.id)
            } else if !input.id.is_empty() && program.specs.len() > 1 {
                module_name(&format!("{} {}", input.id, svc.name))
            } else {
                module_name(&svc.name)
            };
            out.insert((mi, si), unique(&mut taken, wanted, "_"));
        }
    }
    out
}

/// The base name a type asks for.
fn wanted_type_name(name: &str, kind: TypeKind) -> String {
    let last = if kind == TypeKind::Anonymous {
        name.rsplit('/').next().unwrap_or(name)
    } else {
        name
    };
    let last = last.split('#').next().unwrap_or(last);
    let n = camel(last);
    if RESERVED_TYPES.contains(&n.as_str()) {
        format!("{n}Type")
    } else {
        n
    }
}

/// Give every item its Rust name.
pub fn run(program: &mut Program) -> Result<(), Error> {
    // Types: unique per module; named types before anonymous ones, then by identity.
    let mut per_module: BTreeMap<String, Vec<(u8, String, Unit)>> = BTreeMap::new();
    for (mi, (_, model)) in program.specs.iter().enumerate() {
        for id in model.type_ids() {
            let unit = Unit { spec: mi, ty: id };
            let def = model.ty(id);
            if !is_item(def) || program.canonical(unit) != unit {
                continue;
            }
            let rank = match def.key.kind {
                TypeKind::ComplexType | TypeKind::SimpleType | TypeKind::Schema => 0,
                TypeKind::Element => 1,
                TypeKind::Anonymous => 2,
                TypeKind::Builtin => 3,
            };
            let order = format!("{:?}\u{0}{}", def.key.namespace, def.key.name);
            per_module
                .entry(def.module.join("::"))
                .or_default()
                .push((rank, order, unit));
        }
    }
    let mut names: BTreeMap<Unit, String> = BTreeMap::new();
    for (_, mut units) in per_module {
        units.sort();
        let mut taken: BTreeSet<String> = BTreeSet::new();
        // A second pass qualifies anonymous names with their parent before numbering.
        for (_, _, unit) in &units {
            let def = program.ty(*unit);
            let mut wanted = wanted_type_name(&def.key.name, def.key.kind);
            if taken.contains(&wanted) && def.key.kind == TypeKind::Anonymous {
                let segs: Vec<&str> = def.key.name.split('/').collect();
                if segs.len() > 1 {
                    wanted = camel(&segs[segs.len() - 2..].join(" "));
                }
            }
            if taken.contains(&wanted) && def.key.kind == TypeKind::Element {
                wanted.push_str("Element");
            }
            names.insert(*unit, unique(&mut taken, wanted, ""));
        }
    }
    let canonical = program.canonical.clone();
    for (mi, (_, model)) in program.specs.iter_mut().enumerate() {
        for id in model.type_ids().collect::<Vec<_>>() {
            let unit = Unit { spec: mi, ty: id };
            let canon = canonical.get(&unit).copied().unwrap_or(unit);
            if let Some(n) = names.get(&canon) {
                model.ty_mut(id).rust_name = n.clone();
            }
            match &mut model.ty_mut(id).shape {
                Shape::Struct(s) => {
                    let mut taken: BTreeSet<String> = BTreeSet::new();
                    for f in &mut s.fields {
                        f.rust_name = unique(&mut taken, snake(&f.wire), "_");
                    }
                }
                Shape::Union(u) => {
                    let mut taken = BTreeSet::new();
                    for v in &mut u.variants {
                        v.rust_name = unique(&mut taken, camel(&v.wire), "");
                    }
                }
                Shape::Enum(e) => {
                    let mut taken: BTreeSet<String> = ["Unknown".to_owned()].into();
                    for v in &mut e.values {
                        let wanted = match v.wire.as_str() {
                            "" => "Empty".to_owned(),
                            w if w.starts_with('-') && w[1..].chars().all(|c| c.is_ascii_digit() || c == '.') => {
                                format!("Minus{}", camel(&w[1..]).trim_start_matches('V'))
                            }
                            w => camel(w),
                        };
                        v.rust_name = unique(&mut taken, wanted, "");
                    }
                }
                _ => {}
            }
        }
        for svc in &mut model.services {
            let mut taken: BTreeSet<String> = RESERVED_VALUES.iter().map(|s| s.to_string()).collect();
            for op in &mut svc.operations {
                op.rust_name = unique(&mut taken, snake(&op.name), "_");
                if let Binding::Http(h) = &mut op.binding {
                    let mut args: BTreeSet<String> = RESERVED_VALUES.iter().map(|s| s.to_string()).collect();
                    args.insert("self".into());
                    for p in &mut h.params {
                        p.rust_name = unique(&mut args, snake(&p.wire), "_");
                    }
                    let mut variants = BTreeSet::new();
                    for r in &mut h.responses {
                        r.rust_name = unique(&mut variants, status_name(r.status), "");
                    }
                }
            }
        }
    }
    Ok(())
}

/// The variant name of a response: the reason phrase of its status.
pub fn status_name(status: Status) -> String {
    match status {
        Status::Code(c) => match c {
            200 => "Ok".into(),
            201 => "Created".into(),
            202 => "Accepted".into(),
            203 => "NonAuthoritative".into(),
            204 => "NoContent".into(),
            206 => "PartialContent".into(),
            301 => "MovedPermanently".into(),
            302 => "Found".into(),
            304 => "NotModified".into(),
            400 => "BadRequest".into(),
            401 => "Unauthorized".into(),
            403 => "Forbidden".into(),
            404 => "NotFound".into(),
            405 => "MethodNotAllowed".into(),
            406 => "NotAcceptable".into(),
            409 => "Conflict".into(),
            410 => "Gone".into(),
            412 => "PreconditionFailed".into(),
            415 => "UnsupportedMediaType".into(),
            422 => "UnprocessableEntity".into(),
            429 => "TooManyRequests".into(),
            500 => "InternalServerError".into(),
            501 => "NotImplemented".into(),
            502 => "BadGateway".into(),
            503 => "ServiceUnavailable".into(),
            504 => "GatewayTimeout".into(),
            c => format!("Status{c}"),
        },
        Status::Range(d) => format!("Status{d}xx"),
        Status::Default => "Other".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portuguese_names_fold_to_ascii() {
        assert_eq!(
            camel("Emissão de Documentos de Pagamento"),
            "EmissaoDeDocumentosDePagamento"
        );
        assert_eq!(snake("niss-trabalhador"), "niss_trabalhador");
        assert_eq!(snake("nissPS"), "niss_ps");
        assert_eq!(snake("type"), "type_");
        assert_eq!(camel("1"), "V1");
        assert_eq!(snake("ano-pagamento"), "ano_pagamento");
        assert_eq!(module_name("cessar-vinculo"), "cessar_vinculo");
    }

    #[test]
    fn collisions_are_numbered_in_order() {
        let mut taken = BTreeSet::new();
        assert_eq!(unique(&mut taken, "a".into(), "_"), "a");
        assert_eq!(unique(&mut taken, "a".into(), "_"), "a_2");
        assert_eq!(unique(&mut taken, "a".into(), "_"), "a_3");
    }
}
