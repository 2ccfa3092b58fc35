//! oneOf / anyOf → a union: variant names, discriminators (mapped, or inferred from a
//! property each inline alternative fixes), a oneOf of inline enums as one enum; and a named
//! base schema with a discriminator as the union of the schemas that extend it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::plain::infer_enum_base;
use super::raw::{Kind, RawDiscriminator, RawSchema, pointer_name};
use super::{Lowered, Lowerer};
use crate::Error;
use crate::model::{Discriminator, EnumDef, EnumValue, Occurs, Shape, UnionDef, UnionStyle, Variant};
use crate::oas::doc::{Loc, value_text};

impl Lowerer<'_> {
    /// `key`: where the alternatives are written (`oneOf`, `anyOf`, or an `allOf` marked
    /// `x-one-of`).
    pub(super) fn lower_union(
        &mut self,
        s: &RawSchema,
        loc: &Loc,
        path: &str,
        key: &str,
    ) -> Result<Option<Lowered>, Error> {
        let alts = if s.one_of.is_empty() { &s.any_of } else { &s.one_of };
        if alts.iter().all(RawSchema::is_constraint_only) {
            // Alternatives that only say which properties must be present: validation only.
            return Ok(None);
        }
        if !s.one_of.is_empty() && !s.any_of.is_empty() {
            self.warn(loc, "both oneOf and anyOf; anyOf is ignored");
        }
        if !s.properties.is_empty() {
            self.warn(
                loc,
                format!("properties beside {key} are not modelled; only the alternatives are"),
            );
        }
        let alts_loc = loc.child(key);
        let live: Vec<usize> = (0..alts.len()).filter(|i| !alts[*i].is_null_only()).collect();
        if let Some(shape) = merged_enum(alts, &live) {
            return Ok(Some(Lowered::Shape(shape)));
        }
        if let [only] = live.as_slice() {
            return Ok(Some(self.lower_part(&alts[*only], &alts_loc.index(*only), path)?));
        }
        let tags = inferred_tags(alts, &live);
        let mut variants: Vec<Variant> = Vec::new();
        let mut targets: Vec<Option<Loc>> = Vec::new();
        let mut wires: BTreeSet<String> = BTreeSet::new();
        for (n, i) in live.iter().enumerate() {
            let alt = &alts[*i];
            let aloc = alts_loc.index(*i);
            // A dangling reference (lenient mode) is a variant of its own stand-in type.
            let target = match &alt.reference {
                Some(r) => match self.docs.resolve(&aloc, r) {
                    Ok(t) => Some(t),
                    Err(_) if self.arena.model.spec.lenient => None,
                    Err(e) => return Err(e),
                },
                None => None,
            };
            let mut wire = match (&target, &tags) {
                (Some(t), _) => pointer_name(t),
                (None, Some((_, values))) => values[n].clone(),
                (None, None) => alt.title.clone().unwrap_or_else(|| format!("variant{i}")),
            };
            if !wires.insert(wire.clone()) {
                wire = format!("{wire}{i}");
                wires.insert(wire.clone());
            }
            let ty = self.schema_type(alt, &aloc, &format!("{path}/{wire}"))?;
            variants.push(Variant {
                wire,
                namespace: None,
                ty,
                occurs: Occurs::ONE,
                doc: alt.doc(),
                inline: false,
                rust_name: String::new(),
                boxed: false,
            });
            targets.push(target);
        }
        let discriminator = match &s.discriminator {
            Some(d) => Some(self.discriminator(d, loc, &targets)?),
            None => tags.map(|(property, values)| Discriminator {
                property,
                mapping: values.into_iter().enumerate().map(|(i, v)| (v, i)).collect(),
            }),
        };
        Ok(Some(Lowered::Shape(Shape::Union(UnionDef {
            variants,
            discriminator,
            style: UnionStyle::Json,
        }))))
    }

    /// Resolve a discriminator mapping against the variants' reference targets; variants
    /// not named by the mapping are known by their schema name.
    fn discriminator(
        &mut self,
        d: &RawDiscriminator,
        loc: &Loc,
        targets: &[Option<Loc>],
    ) -> Result<Discriminator, Error> {
        let mut mapping = BTreeMap::new();
        let mut mapped = BTreeSet::new();
        let dloc = loc.child("discriminator").child("mapping");
        for (value, target) in d.mapping() {
            let Some(tloc) = self.mapping_target(&dloc.child(value), target)? else {
                continue;
            };
            match targets.iter().position(|t| t.as_ref() == Some(&tloc)) {
                Some(i) => {
                    mapping.insert(value.clone(), i);
                    mapped.insert(i);
                }
                None => self.warn(&dloc.child(value), format!("discriminator value `{value}` maps to `{target}`, which is not one of the alternatives; ignored")),
            }
        }
        for (i, t) in targets.iter().enumerate() {
            if let Some(t) = t
                && !mapped.contains(&i)
            {
                mapping.entry(pointer_name(t)).or_insert(i);
            }
        }
        Ok(Discriminator {
            property: d.property().to_owned(),
            mapping,
        })
    }

    /// A mapping value: a reference, or a bare schema name.
    fn mapping_target(&mut self, at: &Loc, target: &str) -> Result<Option<Loc>, Error> {
        let is_ref = target.contains('#')
            || target.contains('/')
            || target.ends_with(".yaml")
            || target.ends_with(".json")
            || target.ends_with(".yml");
        let kept = "the mapping value is ignored";
        if is_ref {
            self.resolve_lenient(at, target, kept)
        } else {
            let reference = format!(
                "#{}/{}",
                self.dialect.schemas_pointer(),
                target.replace('~', "~0").replace('/', "~1")
            );
            self.resolve_lenient(at, &reference, kept)
        }
    }

    /// A named object schema with a discriminator and no oneOf (Swagger 2 polymorphism, or
    /// OpenAPI 3 with a mapping on the base): the union of the schemas that extend it.
    pub(super) fn lower_discriminated_base(&mut self, s: &RawSchema, loc: &Loc) -> Result<Option<Lowered>, Error> {
        let Some(d) = &s.discriminator else {
            return Ok(None);
        };
        let name = pointer_name(loc);
        let mut subtypes: Vec<(String, Loc)> = Vec::new();
        if d.mapping().is_empty() {
            for sub in self.subtypes_of(loc)? {
                subtypes.push((pointer_name(&sub), sub));
            }
        } else {
            let dloc = loc.child("discriminator").child("mapping");
            for (value, target) in d.mapping() {
                if let Some(tloc) = self.mapping_target(&dloc.child(value), target)?
                    && tloc != *loc
                {
                    subtypes.push((value.clone(), tloc));
                }
            }
        }
        if subtypes.is_empty() {
            self.warn(
                loc,
                format!(
                    "discriminator `{}` on `{name}`, but no schema extends it (allOf); kept as a plain struct",
                    d.property()
                ),
            );
            return Ok(None);
        }
        let mut variants: Vec<Variant> = Vec::new();
        let mut at: Vec<Loc> = Vec::new();
        let mut mapping = BTreeMap::new();
        for (value, sub) in subtypes {
            let i = match at.iter().position(|l| *l == sub) {
                Some(i) => i,
                None => {
                    let ty = self.type_at(&sub);
                    variants.push(Variant {
                        wire: pointer_name(&sub),
                        namespace: None,
                        ty,
                        occurs: Occurs::ONE,
                        doc: None,
                        inline: false,
                        rust_name: String::new(),
                        boxed: false,
                    });
                    at.push(sub);
                    variants.len() - 1
                }
            };
            mapping.insert(value, i);
        }
        let discriminator = Discriminator {
            property: d.property().to_owned(),
            mapping,
        };
        Ok(Some(Lowered::Shape(Shape::Union(UnionDef {
            variants,
            discriminator: Some(discriminator),
            style: UnionStyle::Json,
        }))))
    }

    /// Named schemas of the same container that extend `base` through allOf (directly or
    /// through other subtypes), in document order.
    fn subtypes_of(&mut self, base: &Loc) -> Result<Vec<Loc>, Error> {
        let segs = base.segments();
        let container = Loc {
            file: base.file.clone(),
            ptr: base.ptr[..base.ptr.rfind('/').unwrap_or(0)].to_owned(),
        };
        if segs.is_empty() {
            return Ok(Vec::new());
        }
        let Some(node) = self.docs.node(&container)? else {
            return Ok(Vec::new());
        };
        let Some(map) = node.value().as_object() else {
            return Ok(Vec::new());
        };
        // (candidate, the locations its allOf references point to)
        let mut parents: Vec<(Loc, Vec<Loc>)> = Vec::new();
        for (name, schema) in map {
            let cloc = container.child(name);
            let mut refs = Vec::new();
            if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
                for (i, part) in parts.iter().enumerate() {
                    if let Some(r) = part.get("$ref").and_then(Value::as_str)
                        && let Ok(t) = self.docs.resolve(&cloc.child("allOf").index(i), r)
                    {
                        refs.push(t);
                    }
                }
            }
            if !refs.is_empty() {
                parents.push((cloc, refs));
            }
        }
        let mut family: BTreeSet<Loc> = BTreeSet::from([base.clone()]);
        loop {
            let before = family.len();
            for (cand, refs) in &parents {
                if !family.contains(cand) && refs.iter().any(|r| family.contains(r)) {
                    family.insert(cand.clone());
                }
            }
            if family.len() == before {
                break;
            }
        }
        Ok(parents
            .into_iter()
            .map(|(c, _)| c)
            .filter(|c| c != base && family.contains(c))
            .collect())
    }
}

/// oneOf of inline enums (`[{type: string, enum: [a], description: ...}, ...]`): one enum
/// whose values carry the alternatives' descriptions.
fn merged_enum(alts: &[RawSchema], live: &[usize]) -> Option<Shape> {
    let mut base = None;
    let mut values = Vec::new();
    for i in live {
        let a = &alts[*i];
        let vs = a.enumeration.as_ref()?;
        if a.reference.is_some() || !a.properties.is_empty() || !a.all_of.is_empty() || !a.one_of.is_empty() {
            return None;
        }
        let b = match a.kind() {
            Kind::Scalar(p) => p,
            _ => infer_enum_base(vs),
        };
        if *base.get_or_insert(b) != b {
            return None;
        }
        for v in vs.iter().filter(|v| !v.is_null()) {
            values.push(EnumValue {
                wire: value_text(v),
                doc: a.doc(),
                rust_name: String::new(),
            });
        }
    }
    Some(Shape::Enum(EnumDef { base: base?, values }))
}

/// Inline object alternatives that each fix one property to a single distinct string value
/// (`type: {enum: [circle]}`): that property discriminates them.
fn inferred_tags(alts: &[RawSchema], live: &[usize]) -> Option<(String, Vec<String>)> {
    let first = &alts[*live.first()?];
    'candidates: for (prop, _) in first.properties.iter() {
        let mut values = Vec::new();
        for i in live {
            let a = &alts[*i];
            if a.reference.is_some() {
                return None;
            }
            let Some((_, p)) = a.properties.iter().find(|(n, _)| n == prop) else {
                continue 'candidates;
            };
            match p.enumeration.as_deref() {
                Some([Value::String(v)]) if !values.contains(v) => values.push(v.clone()),
                _ => continue 'candidates,
            }
        }
        return Some((prop.clone(), values));
    }
    None
}
