//! allOf: a documenting wrapper is its one part; object parts (references followed, cycles
//! warned about) merge into one struct whose base is the first referenced part;
//! `x-one-of: true` makes the parts a union.

use std::collections::BTreeSet;

use super::raw::{Additional, Kind, RawSchema, pointer_name, schema_name};
use super::{Lowered, Lowerer, Prop};
use crate::Error;
use crate::model::{Shape, StructDef, TypeId};
use crate::oas::doc::Loc;

/// Properties gathered for one struct (allOf parts merged).
#[derive(Default)]
struct Merge {
    /// Name, schema, location, path of the declaring schema.
    props: Vec<(String, RawSchema, Loc, String)>,
    required: BTreeSet<String>,
    additional: Option<(Additional, Loc)>,
    base: Option<TypeId>,
}

impl Lowerer<'_> {
    pub(super) fn lower_all_of(&mut self, s: &RawSchema, loc: &Loc, path: &str, named: bool) -> Result<Lowered, Error> {
        if s.x_one_of {
            let as_union = RawSchema {
                all_of: Vec::new(),
                one_of: s.all_of.clone(),
                x_one_of: false,
                ..s.clone()
            };
            if let Some(l) = self.lower_union(&as_union, loc, path, "allOf")? {
                return Ok(l);
            }
        }
        let substantive: Vec<usize> = (0..s.all_of.len())
            .filter(|i| !s.all_of[*i].is_annotation() && !s.all_of[*i].is_empty_object())
            .collect();
        let own_object = !s.properties.is_empty() || s.additional.is_some();
        let adds_fields = s
            .all_of
            .iter()
            .any(|p| p.is_annotation() && (!p.required.is_empty() || !p.properties.is_empty()));
        if substantive.len() == 1 && !own_object && s.required.is_empty() && !adds_fields && s.enumeration.is_none() {
            // A wrapper that only documents a reference (`allOf: [$ref], description, nullable`).
            let i = substantive[0];
            return self.lower_part(&s.all_of[i], &loc.child("allOf").index(i), path);
        }
        if substantive.is_empty() && !own_object && s.required.is_empty() && !adds_fields {
            let rest = RawSchema {
                all_of: Vec::new(),
                ..s.clone()
            };
            return self.lower(&rest, loc, path, named);
        }
        let mut merge = Merge::default();
        let mut visiting = vec![loc.clone()];
        if self.collect(s, loc, path, &mut merge, &mut visiting, 0)? {
            let additional = match merge.additional.take() {
                Some((a, aloc)) => self.additional_type(&a, &aloc, path)?,
                None => None,
            };
            let props: Vec<Prop<'_>> = merge
                .props
                .iter()
                .map(|(n, p, l, o)| (n.as_str(), p, l.clone(), o.as_str()))
                .collect();
            let fields = self.fields(&props, &merge.required)?;
            return Ok(Lowered::Shape(Shape::Struct(StructDef {
                fields,
                base: merge.base,
                additional,
                ..StructDef::default()
            })));
        }
        let reason = "allOf mixes parts that are not all objects; kept as raw JSON".to_owned();
        self.warn(loc, reason.clone());
        Ok(Lowered::Shape(Shape::Opaque { reason }))
    }

    /// Gather the properties of `s` and its allOf parts (references followed) into `m`.
    /// `false` when some part is not an object. `owner`: the path the inline property types
    /// of `s` are named under.
    fn collect(
        &mut self,
        s: &RawSchema,
        loc: &Loc,
        owner: &str,
        m: &mut Merge,
        visiting: &mut Vec<Loc>,
        depth: usize,
    ) -> Result<bool, Error> {
        if let Some(r) = &s.reference {
            let Some(target) = self.resolve_lenient(loc, r, "the part is left out of the allOf")? else {
                return Ok(true);
            };
            if depth == 1 && m.base.is_none() {
                m.base = Some(self.type_at(&target));
            }
            if visiting.contains(&target) {
                self.warn(loc, format!("allOf cycle through `{r}`; the repeated part is ignored"));
                return Ok(true);
            }
            visiting.push(target.clone());
            let raw = self.raw_at(&target)?;
            let target_owner = if schema_name(&target).is_some() || target.ptr.is_empty() {
                pointer_name(&target)
            } else {
                owner.to_owned()
            };
            let ok = self.collect(&raw, &target, &target_owner, m, visiting, depth + 1)?;
            visiting.pop();
            return Ok(ok);
        }
        let mut ok = true;
        for (i, part) in s.all_of.iter().enumerate() {
            let part_loc = loc.child("allOf").index(i);
            ok &= self.collect(part, &part_loc, owner, m, visiting, depth + 1)?;
        }
        let alts = if s.one_of.is_empty() { &s.any_of } else { &s.one_of };
        if !alts.iter().all(RawSchema::is_constraint_only) || s.enumeration.is_some() {
            return Ok(false);
        }
        match s.kind() {
            Kind::Object | Kind::Any => {}
            _ => return Ok(false),
        }
        let props_loc = loc.child("properties");
        for (name, p) in s.properties.iter() {
            let entry = (name.clone(), p.clone(), props_loc.child(name), owner.to_owned());
            match m.props.iter_mut().find(|(n, _, _, _)| n == name) {
                Some(existing) => *existing = entry,
                None => m.props.push(entry),
            }
        }
        m.required.extend(s.required.iter().cloned());
        if let Some(a) = &s.additional {
            m.additional = Some((a.clone(), loc.child("additionalProperties")));
        }
        Ok(ok)
    }
}
