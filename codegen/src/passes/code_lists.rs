//! One Rust type per code list: enumerations of different specs (or services) that name the
//! same concept and hold the same values — or one the other's values plus some — become one
//! type holding the union of the values, with the services that accept each value recorded.
//!
//! "The same concept" is the same name (a named simple type's name, or the property or
//! element name of an inline one, compared without case and punctuation) and the same kind
//! of value (text or number). "The same values" is read loosely enough that a value added to
//! one spec does not split the type: one list holds the other, or they share at least half of
//! their values.

use std::collections::{BTreeMap, BTreeSet};

use super::{Format, Program, Unit, is_item};
use crate::model::{EnumValue, Primitive, Shape};

/// A code list several services share.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CodeList {
    /// Some member travels as JSON (the type needs serde as well as XML text).
    pub json: bool,
    /// Service module → the values that service's spec lists.
    pub accepted: BTreeMap<String, BTreeSet<String>>,
}

/// The concept a code list names: its name's letters and digits, lower case.
fn concept(name: &str) -> String {
    let last = name.rsplit(['/', '}']).next().unwrap_or(name);
    last.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// One enumeration of a group: its unit and its wire values.
type Member = (Unit, BTreeSet<String>);

fn numeric(base: Primitive) -> bool {
    !matches!(base, Primitive::String)
}

fn alike(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    let common = a.intersection(b).count();
    common > 0 && (a.is_subset(b) || b.is_subset(a) || 2 * common >= a.len().max(b.len()))
}

/// Merge alike code lists. `canonical` and `users` are the modules pass's maps (a merged list
/// becomes the duplicate of the first one); `service_module` names each service's module.
pub(super) fn unify(
    program: &mut Program,
    canonical: &mut BTreeMap<Unit, Unit>,
    users: &mut BTreeMap<Unit, BTreeSet<(usize, usize)>>,
    service_module: &BTreeMap<(usize, usize), String>,
) -> BTreeMap<Unit, CodeList> {
    // Candidates by concept, in model order.
    let mut groups: BTreeMap<(String, bool), Vec<Member>> = BTreeMap::new();
    for (mi, (_, model)) in program.specs.iter().enumerate() {
        for id in model.type_ids() {
            let unit = Unit { spec: mi, ty: id };
            let def = model.ty(id);
            let Shape::Enum(e) = &def.shape else { continue };
            if !is_item(def) || canonical.contains_key(&unit) || !users.contains_key(&unit) {
                continue;
            }
            let values = e.values.iter().map(|v| v.wire.clone()).collect();
            groups
                .entry((concept(&def.key.name), numeric(e.base)))
                .or_default()
                .push((unit, values));
        }
    }
    let mut out = BTreeMap::new();
    for members in groups.into_values() {
        let mut clusters: Vec<Vec<Member>> = Vec::new();
        for member in members {
            match clusters.iter_mut().find(|c| c.iter().any(|(_, v)| alike(v, &member.1))) {
                Some(cluster) => cluster.push(member),
                None => clusters.push(vec![member]),
            }
        }
        for cluster in clusters.into_iter().filter(|c| c.len() > 1) {
            let rep = cluster[0].0;
            let mut list = CodeList::default();
            let mut values: Vec<EnumValue> = Vec::new();
            for (unit, _) in &cluster {
                list.json |= program.formats[unit.spec] == Format::Json;
                let Shape::Enum(e) = &program.ty(*unit).shape else {
                    continue;
                };
                for v in &e.values {
                    match values.iter_mut().find(|w| w.wire == v.wire) {
                        Some(w) => {
                            if w.doc.is_none() {
                                w.doc.clone_from(&v.doc);
                            }
                        }
                        None => values.push(EnumValue {
                            rust_name: String::new(),
                            ..v.clone()
                        }),
                    }
                }
                let wires: BTreeSet<String> = e.values.iter().map(|v| v.wire.clone()).collect();
                for service in users.get(unit).into_iter().flatten() {
                    list.accepted
                        .entry(service_module[service].clone())
                        .or_default()
                        .extend(wires.iter().cloned());
                }
            }
            let doc = merged_doc(program, &cluster, values.len());
            let def = program.specs[rep.spec].1.ty_mut(rep.ty);
            def.doc = doc;
            if let Shape::Enum(e) = &mut def.shape {
                e.values = values;
            }
            for (unit, _) in cluster.iter().skip(1) {
                canonical.insert(*unit, rep);
                for target in canonical.values_mut().filter(|t| **t == *unit) {
                    *target = rep;
                }
                if let Some(set) = users.remove(unit) {
                    users.entry(rep).or_default().extend(set);
                }
            }
            out.insert(rep, list);
        }
    }
    out
}

/// The docs of a merged list: those of a member that lists every value (its text describes
/// the whole list), else the first member's, a count of its own values in them (`23 códigos`)
/// made the count of the merged list.
fn merged_doc(program: &Program, cluster: &[Member], total: usize) -> Option<String> {
    let full = cluster
        .iter()
        .filter(|(_, v)| v.len() == total)
        .find_map(|(u, _)| program.ty(*u).doc.clone());
    full.or_else(|| {
        let (first, own) = cluster.first()?;
        let doc = program.ty(*first).doc.as_deref()?;
        Some(recount(doc, own.len(), total))
    })
}

/// `text` with every number that stands alone and equals `own` replaced by `total`.
fn recount(text: &str, own: usize, total: usize) -> String {
    let own = own.to_string();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut before: Option<char> = None;
    while let Some(at) = rest.find(own.as_str()) {
        let prev = rest[..at].chars().next_back().or(before);
        let next = rest[at + own.len()..].chars().next();
        let part = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | ',' | '§'));
        out.push_str(&rest[..at]);
        if part(prev) || part(next) {
            out.push_str(&own);
        } else {
            out.push_str(&total.to_string());
        }
        before = own.chars().next_back();
        rest = &rest[at + own.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(values: &[&str]) -> BTreeSet<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn concepts_ignore_case_punctuation_and_paths() {
        assert_eq!(concept("motivoContrato"), "motivocontrato");
        assert_eq!(concept("PedidoVinculoTrabalhadorDTO/motivo-contrato"), "motivocontrato");
        assert_eq!(concept("{urn:x}MOTIVO_CONTRATO"), "motivocontrato");
    }

    #[test]
    fn a_count_of_the_first_list_becomes_the_count_of_the_merged_one() {
        assert_eq!(
            recount("Motivo de contrato, 23 códigos (JS).", 23, 24),
            "Motivo de contrato, 24 códigos (JS)."
        );
        // Other numbers, and the digits of a larger number or a section, stay.
        assert_eq!(
            recount("123 e 23; §23; 2.23; 23 (PDF, §2.1.23)", 23, 24),
            "123 e 24; §23; 2.23; 24 (PDF, §2.1.23)"
        );
        assert_eq!(recount("sem número", 23, 24), "sem número");
    }

    #[test]
    fn alike_lists_hold_one_another_or_mostly_agree() {
        assert!(alike(&set(&["A", "B"]), &set(&["A", "B", "C"])));
        assert!(alike(&set(&["A", "B", "C", "D"]), &set(&["A", "B", "C", "E"])));
        assert!(!alike(&set(&["A", "B", "C", "D"]), &set(&["A", "X", "Y", "Z"])));
        assert!(!alike(&set(&["0", "1"]), &set(&["2", "3"])));
    }
}
