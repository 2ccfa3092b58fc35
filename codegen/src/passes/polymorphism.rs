//! Type substitution (`xsi:type`): in XSD an element declared with a complex type may carry
//! any type derived from it, named by an `xsi:type` attribute. For every named complex type
//! that has derived types and is the content of some element, this pass adds a union of the
//! type and its (non-abstract) derivations ([`UnionStyle::XsiType`]) and makes the elements
//! hold that union. Base links (`StructDef::base`) and flattened content keep the type itself.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{
    FieldKind, Model, Occurs, Shape, TypeDef, TypeId, TypeKey, TypeKind, UnionDef, UnionStyle, Variant,
};

/// Run the pass over one XML model.
pub fn run(model: &mut Model) {
    // Named complex types → the named complex types that derive from them directly.
    let mut derived: BTreeMap<TypeId, Vec<TypeId>> = BTreeMap::new();
    for id in model.type_ids() {
        let def = model.ty(id);
        if def.key.kind != TypeKind::ComplexType {
            continue;
        }
        if let Shape::Struct(s) = &def.shape
            && let Some(base) = s.base
            && base != id
            && model.ty(base).key.kind == TypeKind::ComplexType
            && matches!(model.ty(base).shape, Shape::Struct(_))
        {
            derived.entry(base).or_default().push(id);
        }
    }
    if derived.is_empty() {
        return;
    }
    // The types some element holds (a child element, a choice alternative, a global element).
    let mut held: BTreeSet<TypeId> = BTreeSet::new();
    for id in model.type_ids() {
        let def = model.ty(id);
        match &def.shape {
            Shape::Struct(s) => held.extend(
                s.fields
                    .iter()
                    .filter(|f| matches!(f.kind, FieldKind::Element { .. }))
                    .map(|f| f.ty),
            ),
            Shape::Union(u) if u.style == UnionStyle::XmlChoice => {
                held.extend(u.variants.iter().filter(|v| !v.inline).map(|v| v.ty))
            }
            Shape::Alias(t) if def.key.kind == TypeKind::Element => {
                held.insert(*t);
            }
            _ => {}
        }
    }
    let mut replace: BTreeMap<TypeId, TypeId> = BTreeMap::new();
    for (&base, _) in derived.iter().filter(|(b, _)| held.contains(b)) {
        let mut members = Vec::new();
        descendants(&derived, base, &mut members, &mut BTreeSet::new());
        let variants: Vec<Variant> = members
            .iter()
            .filter(|&&t| !matches!(&model.ty(t).shape, Shape::Struct(s) if s.is_abstract))
            .map(|&t| {
                let def = model.ty(t);
                Variant {
                    wire: def.key.name.clone(),
                    namespace: def.key.namespace.clone(),
                    ty: t,
                    occurs: Occurs::ONE,
                    doc: def.doc.clone(),
                    inline: false,
                    rust_name: String::new(),
                    boxed: false,
                }
            })
            .collect();
        // Only the declared type and nothing derived that may appear: nothing to choose.
        if variants.is_empty() || variants.len() == 1 && variants[0].ty == base {
            continue;
        }
        let default = variants.iter().position(|v| v.ty == base);
        let def = model.ty(base);
        let union = TypeDef {
            key: TypeKey {
                namespace: def.key.namespace.clone(),
                name: format!("{0}/{0} or derived", def.key.name),
                kind: TypeKind::Anonymous,
            },
            doc: Some(format!(
                "`{}` or a type derived from it, as the element's `xsi:type` says.",
                def.key.name
            )),
            source: def.source.clone(),
            shape: Shape::Union(UnionDef {
                variants,
                discriminator: None,
                style: UnionStyle::XsiType { default },
            }),
            rust_name: String::new(),
            module: Vec::new(),
        };
        let id = model.push(union);
        replace.insert(base, id);
    }
    if replace.is_empty() {
        return;
    }
    let swap = |t: &mut TypeId| {
        if let Some(n) = replace.get(t) {
            *t = *n;
        }
    };
    for def in &mut model.types {
        let is_element = def.key.kind == TypeKind::Element;
        match &mut def.shape {
            Shape::Struct(s) => s
                .fields
                .iter_mut()
                .filter(|f| matches!(f.kind, FieldKind::Element { .. }))
                .for_each(|f| swap(&mut f.ty)),
            Shape::Union(u) if u.style == UnionStyle::XmlChoice => u
                .variants
                .iter_mut()
                .filter(|v| !v.inline)
                .for_each(|v| swap(&mut v.ty)),
            Shape::Alias(t) if is_element => swap(t),
            _ => {}
        }
    }
}

/// `id` and every type derived from it, depth first, each once.
fn descendants(
    derived: &BTreeMap<TypeId, Vec<TypeId>>,
    id: TypeId,
    out: &mut Vec<TypeId>,
    seen: &mut BTreeSet<TypeId>,
) {
    if !seen.insert(id) {
        return;
    }
    out.push(id);
    for &d in derived.get(&id).into_iter().flatten() {
        descendants(derived, d, out, seen);
    }
}
