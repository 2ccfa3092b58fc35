//! Passes over loaded models, in order:
//!
//! 0. [`polymorphism`]: an element whose complex type has derived types takes a union of
//!    the type and its derivations, told apart by `xsi:type` (XML models only);
//! 1. `identifiers`: fields and parameters named after a Portuguese identifier (NISS, NIF,
//!    NIPC) or the PSI result code take the runtime's validating types;
//! 2. `cycles`: fields that close a cycle of owned values are boxed;
//! 3. `modules`: every type gets a module (its service's, or `shared` when several
//!    services use the same definition) — identical definitions from different spec sets
//!    are emitted once;
//! 4. [`naming`]: Rust names for modules, types, fields, variants, methods and arguments,
//!    unique in their scope by a deterministic rule.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Binding, Field, FieldKind, Model, Primitive, Shape, TypeDef, TypeId, TypeKey, TypeKind};
use crate::{Error, SpecInput, SpecKind};

pub mod code_lists;
pub mod naming;
pub mod polymorphism;

/// One emitted item: a type of one model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unit {
    /// Index of the model in [`Program::specs`].
    pub spec: usize,
    /// The type.
    pub ty: TypeId,
}

/// Whether a spec's types travel as XML or as JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// WSDL / XSD.
    Xml,
    /// Swagger / OpenAPI.
    Json,
}

/// The models of every spec set after the passes, ready to emit.
#[derive(Debug, Clone, Default)]
pub struct Program {
    /// One entry per spec set, in input order.
    pub specs: Vec<(SpecInput, Model)>,
    /// Wire format of each spec.
    pub formats: Vec<Format>,
    /// For each (spec, type) that is a duplicate of an identical definition emitted
    /// elsewhere: the unit that is emitted.
    pub canonical: BTreeMap<Unit, Unit>,
    /// Module names (below `api`) in emission order, each with its doc line.
    pub modules: BTreeMap<String, String>,
    /// Code lists merged across specs or services: the emitted unit → who accepts what.
    pub code_lists: BTreeMap<Unit, code_lists::CodeList>,
    /// Types of a spec with services that no operation uses: not emitted.
    pub unused: BTreeSet<Unit>,
}

impl Program {
    /// The unit that is emitted for `unit` (itself unless it is a duplicate).
    pub fn canonical(&self, unit: Unit) -> Unit {
        self.canonical.get(&unit).copied().unwrap_or(unit)
    }

    /// The type behind a unit.
    pub fn ty(&self, unit: Unit) -> &TypeDef {
        self.specs[unit.spec].1.ty(unit.ty)
    }
}

/// Run every pass.
pub fn run(specs: Vec<(SpecInput, Model)>) -> Result<Program, Error> {
    let formats = specs
        .iter()
        .map(|(input, model)| {
            let json = matches!(input.kind, Some(SpecKind::Swagger2 | SpecKind::OpenApi3))
                || model.types.iter().any(
                    |t| matches!(&t.shape, Shape::Struct(s) if s.fields.iter().any(|f| f.kind == FieldKind::Property)),
                )
                || model
                    .services
                    .iter()
                    .flat_map(|s| &s.operations)
                    .any(|o| matches!(o.binding, Binding::Http(_)));
            if json { Format::Json } else { Format::Xml }
        })
        .collect();
    let mut program = Program {
        specs,
        formats,
        ..Program::default()
    };
    for i in 0..program.specs.len() {
        let format = program.formats[i];
        let model = &mut program.specs[i].1;
        if format == Format::Xml {
            polymorphism::run(model);
        }
        identifiers(model, format);
        cycles(model);
        element_docs(model);
    }
    modules(&mut program);
    naming::run(&mut program)?;
    Ok(program)
}

/// A global element of a named type is no item of its own (the type is): what the spec
/// says of the element (such as a guessed element name) is added to the type's docs.
fn element_docs(model: &mut Model) {
    let mut add: BTreeMap<TypeId, Vec<String>> = BTreeMap::new();
    for id in model.type_ids() {
        let def = model.ty(id);
        if let (TypeKind::Element, Shape::Alias(target), Some(doc)) = (def.key.kind, &def.shape, def.doc.as_deref()) {
            add.entry(*target).or_default().push(doc.trim().to_owned());
        }
    }
    for (target, docs) in add {
        let def = model.ty_mut(target);
        if !is_item(def) {
            continue;
        }
        let mut parts: Vec<String> = def.doc.iter().map(|d| d.trim().to_owned()).collect();
        for d in docs {
            if !d.is_empty() && !parts.contains(&d) {
                parts.push(d);
            }
        }
        def.doc = (!parts.is_empty()).then(|| parts.join("\n\n"));
    }
}

// ---- identifiers -------------------------------------------------------------------------

/// Split a wire name into lower-case words (`niss-trabalhador`, `nissPS`, `NIPC`).
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let boundary = c.is_uppercase()
            && i > 0
            && (chars[i - 1].is_lowercase()
                || chars.get(i + 1).is_some_and(|n| n.is_lowercase()) && chars[i - 1].is_uppercase());
        if boundary && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The runtime type a field named `wire` takes, when its name says it is a well-known
/// identifier: the first word `niss`, `nif` or `nipc`; JSON `codigoResultado`.
fn well_known(wire: &str, format: Format) -> Option<Primitive> {
    let w = words(wire);
    match w.first().map(String::as_str) {
        Some("niss") => Some(Primitive::Niss),
        Some("nif") => Some(Primitive::Nif),
        Some("nipc") => Some(Primitive::Nipc),
        Some("codigo") if format == Format::Json && w.len() == 2 && w[1] == "resultado" => Some(Primitive::ResultCode),
        _ => None,
    }
}

/// Is `id` a scalar that may carry an identifier: text or an integer, possibly restricted?
fn identifier_carrier(model: &Model, id: TypeId) -> bool {
    match &model.ty(id).shape {
        Shape::Primitive(p) => matches!(
            p,
            Primitive::String | Primitive::I64 | Primitive::I32 | Primitive::Integer | Primitive::U64
        ),
        Shape::Newtype { inner, .. } | Shape::Alias(inner) => identifier_carrier(model, *inner),
        _ => false,
    }
}

fn builtin(model: &mut Model, p: Primitive) -> TypeId {
    if let Some(id) = model
        .type_ids()
        .find(|id| model.ty(*id).shape == Shape::Primitive(p) && model.ty(*id).key.kind == TypeKind::Builtin)
    {
        return id;
    }
    model.push(TypeDef {
        key: TypeKey {
            namespace: None,
            name: format!("{p:?}"),
            kind: TypeKind::Builtin,
        },
        doc: None,
        source: Default::default(),
        shape: Shape::Primitive(p),
        rust_name: String::new(),
        module: Vec::new(),
    })
}

fn identifiers(model: &mut Model, format: Format) {
    let mut changes: Vec<(TypeId, usize, Primitive)> = Vec::new();
    for id in model.type_ids() {
        if let Shape::Struct(s) = &model.ty(id).shape {
            for (i, f) in s.fields.iter().enumerate() {
                if matches!(
                    f.kind,
                    FieldKind::Element { .. } | FieldKind::Attribute { .. } | FieldKind::Property
                ) && let Some(p) = well_known(&f.wire, format)
                    && identifier_carrier(model, f.ty)
                {
                    changes.push((id, i, p));
                }
            }
        }
    }
    for (id, i, p) in changes {
        let ty = builtin(model, p);
        if let Shape::Struct(s) = &mut model.ty_mut(id).shape {
            s.fields[i].ty = ty;
        }
    }
    let mut param_changes = Vec::new();
    for (si, s) in model.services.iter().enumerate() {
        for (oi, o) in s.operations.iter().enumerate() {
            if let Binding::Http(h) = &o.binding {
                for (pi, p) in h.params.iter().enumerate() {
                    if let Some(prim) = well_known(&p.wire, format)
                        && prim != Primitive::ResultCode
                        && identifier_carrier(model, p.ty)
                    {
                        param_changes.push((si, oi, pi, prim));
                    }
                }
            }
        }
    }
    for (si, oi, pi, prim) in param_changes {
        let ty = builtin(model, prim);
        if let Binding::Http(h) = &mut model.services[si].operations[oi].binding {
            h.params[pi].ty = ty;
        }
    }
}

// ---- cycles ------------------------------------------------------------------------------

/// Edges that make a value own another value inline (not through a `Vec` or a map).
fn owned_edges(model: &Model, id: TypeId) -> Vec<TypeId> {
    match &model.ty(id).shape {
        Shape::Struct(s) => s.fields.iter().filter(|f| !f.occurs.is_list()).map(|f| f.ty).collect(),
        Shape::Union(u) => u
            .variants
            .iter()
            .filter(|v| !v.occurs.is_list())
            .map(|v| v.ty)
            .collect(),
        Shape::Newtype { inner, .. } | Shape::Alias(inner) => vec![*inner],
        _ => Vec::new(),
    }
}

/// Strongly connected components (Tarjan, iterative); returns the component index of each type.
fn components(model: &Model) -> Vec<usize> {
    let n = model.types.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut ncomp = 0;
    let edges: Vec<Vec<TypeId>> = model.type_ids().map(|id| owned_edges(model, id)).collect();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut ei)) = work.last_mut() {
            if *ei == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(w) = edges[v].get(*ei).map(|t| t.index()) {
                *ei += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = ncomp;
                    if w == v {
                        break;
                    }
                }
                ncomp += 1;
            }
        }
    }
    comp
}

fn cycles(model: &mut Model) {
    let comp = components(model);
    for id in model.type_ids().collect::<Vec<_>>() {
        let c = comp[id.index()];
        let in_cycle =
            |t: TypeId, model: &Model| comp[t.index()] == c && (t != id || owned_edges(model, id).contains(&id));
        let boxes: Vec<bool> = match &model.ty(id).shape {
            Shape::Struct(s) => s
                .fields
                .iter()
                .map(|f| !f.occurs.is_list() && in_cycle(f.ty, model))
                .collect(),
            Shape::Union(u) => u
                .variants
                .iter()
                .map(|v| !v.occurs.is_list() && in_cycle(v.ty, model))
                .collect(),
            _ => continue,
        };
        match &mut model.ty_mut(id).shape {
            Shape::Struct(s) => s.fields.iter_mut().zip(boxes).for_each(|(f, b)| f.boxed = b),
            Shape::Union(u) => u.variants.iter_mut().zip(boxes).for_each(|(v, b)| v.boxed = b),
            _ => {}
        }
    }
}

// ---- modules -----------------------------------------------------------------------------

/// Types an operation's messages reach, directly.
fn operation_roots(model: &Model) -> Vec<(usize, Vec<TypeId>)> {
    model
        .services
        .iter()
        .enumerate()
        .map(|(si, s)| {
            let mut roots = Vec::new();
            for op in &s.operations {
                match &op.binding {
                    Binding::Soap(b) => {
                        roots.extend(b.input.parts.iter().map(|p| p.ty));
                        roots.extend(b.output.iter().flat_map(|m| m.parts.iter().map(|p| p.ty)));
                        roots.extend(b.headers.iter().map(|p| p.ty));
                        roots.extend(b.output_headers.iter().map(|p| p.ty));
                        roots.extend(b.faults.iter().map(|f| f.detail.ty));
                    }
                    Binding::Http(h) => {
                        roots.extend(h.params.iter().map(|p| p.ty));
                        roots.extend(h.body.iter().map(|b| b.ty));
                        roots.extend(h.responses.iter().filter_map(|r| r.ty));
                        roots.extend(h.responses.iter().flat_map(|r| r.headers.iter().map(|h| h.ty)));
                    }
                }
            }
            (si, roots)
        })
        .collect()
}

/// Every type a type refers to.
pub fn references(model: &Model, id: TypeId) -> Vec<TypeId> {
    match &model.ty(id).shape {
        Shape::Struct(s) => s.fields.iter().map(|f| f.ty).chain(s.additional).collect(),
        Shape::Union(u) => u.variants.iter().map(|v| v.ty).collect(),
        Shape::Newtype { inner, .. }
        | Shape::Alias(inner)
        | Shape::List { item: inner }
        | Shape::Map { value: inner } => vec![*inner],
        _ => Vec::new(),
    }
}

/// A type is emitted as an item of its own (built-ins and element aliases are not).
pub fn is_item(def: &TypeDef) -> bool {
    match def.shape {
        Shape::Primitive(_) => false,
        Shape::Alias(_) => def.key.kind != TypeKind::Element,
        _ => true,
    }
}

/// A shallow text signature of a type: its shape, with references written as the
/// referenced type's identity. Two definitions with the same identity and signature, whose
/// references are also alike, are the same type.
fn signature(model: &Model, def: &TypeDef) -> String {
    let key = |id: TypeId| {
        let k = &model.ty(id).key;
        format!("{:?}|{}|{:?}", k.namespace, k.name, k.kind)
    };
    let field = |f: &Field| {
        format!(
            "{}:{:?}:{}:{:?}:{}:{:?}:{:?}",
            f.wire,
            f.kind,
            key(f.ty),
            f.occurs,
            f.nullable,
            f.default,
            f.doc
        )
    };
    let body = match &def.shape {
        Shape::Struct(s) => format!(
            "struct{}{}{}[{}]",
            s.any_order,
            s.mixed,
            s.is_abstract,
            s.fields.iter().map(field).collect::<Vec<_>>().join(";")
        ),
        Shape::Union(u) => format!(
            "union{:?}{:?}[{}]",
            u.style,
            u.discriminator,
            u.variants
                .iter()
                .map(|v| format!("{}:{:?}:{}:{:?}:{}", v.wire, v.namespace, key(v.ty), v.occurs, v.inline))
                .collect::<Vec<_>>()
                .join(";")
        ),
        Shape::Newtype { inner, facets } => format!("newtype{}{facets:?}", key(*inner)),
        Shape::Alias(t) => format!("alias{}", key(*t)),
        Shape::List { item } => format!("list{}", key(*item)),
        Shape::Map { value } => format!("map{}", key(*value)),
        other => format!("{other:?}"),
    };
    format!("{body}|{:?}", def.doc)
}

fn modules(program: &mut Program) {
    // 1. Which services use each type, per model.
    let mut users: BTreeMap<Unit, BTreeSet<(usize, usize)>> = BTreeMap::new();
    for (mi, (_, model)) in program.specs.iter().enumerate() {
        for (si, roots) in operation_roots(model) {
            let mut seen = BTreeSet::new();
            let mut todo = roots;
            while let Some(id) = todo.pop() {
                if seen.insert(id) {
                    todo.extend(references(model, id));
                }
            }
            for id in seen {
                users.entry(Unit { spec: mi, ty: id }).or_default().insert((mi, si));
            }
        }
    }
    // 2. Identical definitions across models: same identity and shallow signature, and the
    //    types they refer to identical too. Partition refinement: start from classes of equal
    //    identity + signature, split each class by the classes of what its members refer to,
    //    until nothing splits. Models that loaded the same schemas end up sharing, even where
    //    another model's version of a type differs.
    let mut class: BTreeMap<Unit, usize> = BTreeMap::new();
    {
        let mut first: BTreeMap<(TypeKey, String), usize> = BTreeMap::new();
        for (mi, (_, model)) in program.specs.iter().enumerate() {
            for id in model.type_ids() {
                let def = model.ty(id);
                if !is_item(def) {
                    continue;
                }
                let n = first.len();
                let c = *first.entry((def.key.clone(), signature(model, def))).or_insert(n);
                class.insert(Unit { spec: mi, ty: id }, c);
            }
        }
    }
    let mut count = class.values().collect::<BTreeSet<_>>().len();
    loop {
        let mut next: BTreeMap<(usize, Vec<RefClass>), usize> = BTreeMap::new();
        let mut refined: BTreeMap<Unit, usize> = BTreeMap::new();
        for (unit, c) in &class {
            let model = &program.specs[unit.spec].1;
            let refs: Vec<RefClass> = references(model, unit.ty)
                .into_iter()
                .map(|r| ref_class(model, unit.spec, r, &class))
                .collect();
            let n = next.len();
            refined.insert(*unit, *next.entry((*c, refs)).or_insert(n));
        }
        class = refined;
        if next.len() == count {
            break;
        }
        count = next.len();
    }
    let mut canonical: BTreeMap<Unit, Unit> = BTreeMap::new();
    let mut first_of: BTreeMap<usize, Unit> = BTreeMap::new();
    for (unit, c) in &class {
        match first_of.get(c) {
            Some(canon) => {
                canonical.insert(*unit, *canon);
            }
            None => {
                first_of.insert(*c, *unit);
            }
        }
    }
    // 3. Users of a canonical unit are the users of all its duplicates.
    let mut all_users: BTreeMap<Unit, BTreeSet<(usize, usize)>> = BTreeMap::new();
    for (unit, set) in &users {
        let canon = canonical.get(unit).copied().unwrap_or(*unit);
        all_users.entry(canon).or_default().extend(set.iter().copied());
    }
    let service_module = naming::service_modules(program);
    // 3b. One type per code list across specs and services.
    program.code_lists = code_lists::unify(program, &mut canonical, &mut all_users, &service_module);
    // 3c. Types of specs with services that no operation reaches are not emitted.
    for (mi, (_, model)) in program.specs.iter().enumerate() {
        if model.services.is_empty() {
            continue;
        }
        for id in model.type_ids() {
            let unit = Unit { spec: mi, ty: id };
            let canon = canonical.get(&unit).copied().unwrap_or(unit);
            if !all_users.contains_key(&canon) {
                program.unused.insert(unit);
            }
        }
    }
    // 4. Module of each emitted unit: its one service's, or `shared`.
    for (mi, (_, model)) in program.specs.iter_mut().enumerate() {
        let fallback = model
            .services
            .first()
            .map(|_| service_module[&(mi, 0)].clone())
            .unwrap_or_else(|| naming::module_name(&program_spec_id(&model.spec.id, &model.spec.entry)));
        for id in model.type_ids().collect::<Vec<_>>() {
            let unit = Unit { spec: mi, ty: id };
            let canon = canonical.get(&unit).copied().unwrap_or(unit);
            let module = match all_users.get(&canon) {
                Some(set) if set.len() > 1 => "shared".to_owned(),
                Some(set) => service_module[set.iter().next().expect("non-empty")].clone(),
                None => fallback.clone(),
            };
            model.ty_mut(id).module = vec![module];
        }
    }
    // A duplicate lives where its canonical unit lives.
    for (dup, canon) in &canonical {
        let module = program.ty(*canon).module.clone();
        program.specs[dup.spec].1.ty_mut(dup.ty).module = module;
    }
    program.canonical = canonical;
    let mut modules = BTreeMap::new();
    for ((mi, si), name) in &service_module {
        let (input, model) = &program.specs[*mi];
        let svc = &model.services[*si];
        modules.insert(
            name.clone(),
            with_spec_doc(format!("{} — {} ({}).", input.title, svc.name, input.entry), model),
        );
    }
    for (input, model) in &program.specs {
        for t in &model.types {
            if let Some(m) = t.module.first()
                && !modules.contains_key(m)
            {
                let doc = if m == "shared" {
                    "Types that several services use, defined once.".to_owned()
                } else {
                    with_spec_doc(format!("{} ({}).", input.title, input.entry), model)
                };
                modules.insert(m.clone(), doc);
            }
        }
    }
    program.modules = modules;
    for (mi, si) in service_module.keys() {
        let name = service_module[&(*mi, *si)].clone();
        program.specs[*mi].1.services[*si].rust_name = name;
    }
}

/// A module's heading followed by the documentation of its spec as a whole (the WSDL
/// definitions and schemas, the Swagger `info`): what the spec says of every item in it,
/// such as a guessed namespace, reaches the module's docs.
fn with_spec_doc(heading: String, model: &Model) -> String {
    match model.spec.doc.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(doc) => format!("{heading}\n\n{doc}"),
        None => heading,
    }
}

/// What a reference stands for when definitions are compared: the class of the item it
/// names (element aliases followed), or the built-in it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum RefClass {
    Item(usize),
    Other(String),
}

fn ref_class(model: &Model, spec: usize, mut id: TypeId, class: &BTreeMap<Unit, usize>) -> RefClass {
    for _ in 0..64 {
        if let Some(c) = class.get(&Unit { spec, ty: id }) {
            return RefClass::Item(*c);
        }
        match &model.ty(id).shape {
            Shape::Alias(t) => id = *t,
            other => return RefClass::Other(format!("{other:?}")),
        }
    }
    RefClass::Other(String::new())
}

fn program_spec_id(id: &str, entry: &str) -> String {
    if id.is_empty() {
        entry
            .rsplit('/')
            .next()
            .unwrap_or(entry)
            .split('.')
            .next()
            .unwrap_or("spec")
            .to_owned()
    } else {
        id.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SpecFiles;

    fn spec(id: &str, item_type: &str) -> (SpecInput, Model) {
        let xsd = format!(
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t">
  <xs:complexType name="Item"><xs:sequence><xs:element name="a" type="xs:{item_type}"/></xs:sequence></xs:complexType>
  <xs:complexType name="Holder"><xs:sequence><xs:element name="item" type="t:Item"/></xs:sequence></xs:complexType>
</xs:schema>"#
        );
        let mut files = SpecFiles::new();
        files.insert(format!("{id}.xsd"), xsd.into_bytes());
        let input = SpecInput {
            id: id.into(),
            title: id.into(),
            entry: format!("{id}.xsd"),
            ..SpecInput::default()
        };
        let model = crate::load(&input, &files).expect("loads");
        (input, model)
    }

    fn holder(program: &Program, spec: usize) -> Unit {
        let model = &program.specs[spec].1;
        let ty = model
            .type_ids()
            .find(|id| model.ty(*id).key.name == "Holder")
            .expect("Holder");
        Unit { spec, ty }
    }

    #[test]
    fn identical_definitions_merge_even_when_another_model_differs() {
        // The first model's `Item` differs, so its `Holder` differs too; the other two agree.
        let program = run(vec![spec("a", "string"), spec("b", "int"), spec("c", "int")]).unwrap();
        let (a, b, c) = (holder(&program, 0), holder(&program, 1), holder(&program, 2));
        assert_eq!(program.canonical(c), b);
        assert_eq!(program.canonical(b), b);
        assert_eq!(program.canonical(a), a);
        assert_ne!(program.ty(a).rust_name, "");
    }
}

#[cfg(test)]
mod code_list_tests {
    use super::*;
    use crate::SpecFiles;

    /// A Swagger 2.0 service whose one operation takes a body with two code lists.
    fn service(id: &str, motivos: &str, flags: &str) -> (SpecInput, Model) {
        let yaml = format!(
            "swagger: '2.0'\ninfo: {{title: {id}, version: '1'}}\npaths:\n  /x:\n    post:\n      operationId: send{id}\n      parameters:\n        - in: body\n          name: body\n          required: true\n          schema: {{$ref: '#/definitions/Pedido'}}\n      responses:\n        '204': {{description: ok}}\ndefinitions:\n  Pedido:\n    type: object\n    properties:\n      motivo-contrato: {{type: string, enum: [{motivos}]}}\n      flag: {{type: string, enum: [{flags}]}}\n"
        );
        let mut files = SpecFiles::new();
        files.insert(format!("{id}.yaml"), yaml.into_bytes());
        let input = SpecInput {
            id: id.into(),
            title: id.into(),
            entry: format!("{id}.yaml"),
            kind: Some(crate::SpecKind::Swagger2),
            ..SpecInput::default()
        };
        let model = crate::load(&input, &files).expect("loads");
        (input, model)
    }

    fn enum_unit(program: &Program, spec: usize, name: &str) -> Unit {
        let model = &program.specs[spec].1;
        let ty = model
            .type_ids()
            .find(|id| model.ty(*id).key.name.ends_with(name) && matches!(model.ty(*id).shape, Shape::Enum(_)))
            .expect("the enum");
        Unit { spec, ty }
    }

    #[test]
    fn one_type_per_code_list_across_specs() {
        // `b` lists one motive more than `a`; their flags share no value.
        let program = run(vec![
            service("a", "A, B", "'0', '1'"),
            service("b", "A, B, C", "'2', '3'"),
        ])
        .unwrap();
        let (ma, mb) = (
            enum_unit(&program, 0, "motivo-contrato"),
            enum_unit(&program, 1, "motivo-contrato"),
        );
        assert_eq!(program.canonical(mb), ma, "one type for the motives");
        assert_eq!(program.ty(ma).module, vec!["shared".to_owned()]);
        let Shape::Enum(e) = &program.ty(ma).shape else {
            panic!("an enum")
        };
        let wires: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
        assert_eq!(wires, ["A", "B", "C"], "the union of the values");
        let list = &program.code_lists[&ma];
        let c_by: Vec<&str> = list
            .accepted
            .iter()
            .filter(|(_, v)| v.contains("C"))
            .map(|(s, _)| s.as_str())
            .collect();
        assert_eq!(c_by.len(), 1, "only b's service lists C: {list:?}");
        let (fa, fb) = (enum_unit(&program, 0, "flag"), enum_unit(&program, 1, "flag"));
        assert_ne!(
            program.canonical(fb),
            program.canonical(fa),
            "different lists stay apart"
        );
    }
}
