//! Unit tests of the Swagger 2.0 and OpenAPI 3.0 front-ends, on small inline specs: the
//! helpers that load a spec and look into its model; the cases by topic in `tests/`.

mod documents;
mod forms;
mod openapi3;
mod swagger2;

use crate::model::{
    Binding, HttpBinding, Model, Occurs, Operation, ParamLocation, Position, Primitive, SecurityScheme, Shape, Source,
    Status, TypeDef, TypeId, TypeKind,
};
use crate::{Error, SpecFiles, SpecInput};

/// Load a spec set: the first file is the entry.
fn load(files: &[(&str, &str)]) -> Result<Model, Error> {
    let mut set = SpecFiles::new();
    for (path, text) in files {
        set.insert(*path, text.as_bytes());
    }
    let input = SpecInput {
        id: "t".into(),
        title: "T".into(),
        entry: files[0].0.into(),
        ..SpecInput::default()
    };
    crate::load(&input, &set)
}

fn ok(files: &[(&str, &str)]) -> Model {
    match load(files) {
        Ok(m) => m,
        Err(e) => panic!("{e}"),
    }
}

/// The type named `name` (a named schema or an anonymous path).
fn ty<'a>(m: &'a Model, name: &str) -> &'a TypeDef {
    m.types
        .iter()
        .find(|t| t.key.name == name)
        .unwrap_or_else(|| panic!("no type `{name}`"))
}

fn id(m: &Model, name: &str) -> TypeId {
    TypeId(
        m.types
            .iter()
            .position(|t| t.key.name == name)
            .unwrap_or_else(|| panic!("no type `{name}`")) as u32,
    )
}

fn prim(m: &Model, id: TypeId) -> Primitive {
    match m.ty(id).shape {
        Shape::Primitive(p) => p,
        ref other => panic!("not a primitive: {other:?}"),
    }
}

fn op<'a>(m: &'a Model, name: &str) -> (&'a Operation, &'a HttpBinding) {
    for s in &m.services {
        for o in &s.operations {
            if o.name == name {
                let Binding::Http(h) = &o.binding else {
                    panic!("not HTTP")
                };
                return (o, h);
            }
        }
    }
    panic!("no operation `{name}`")
}

fn fields(m: &Model, name: &str) -> Vec<(String, TypeId, Occurs, bool)> {
    match &ty(m, name).shape {
        Shape::Struct(s) => s
            .fields
            .iter()
            .map(|f| (f.wire.clone(), f.ty, f.occurs, f.nullable))
            .collect(),
        other => panic!("`{name}` is not a struct: {other:?}"),
    }
}

fn field(m: &Model, owner: &str, wire: &str) -> (TypeId, Occurs, bool) {
    let f = fields(m, owner);
    let (_, t, o, n) = f
        .iter()
        .find(|(w, ..)| w == wire)
        .unwrap_or_else(|| panic!("no field {owner}.{wire}"));
    (*t, *o, *n)
}

fn pointer(source: &Source) -> &str {
    match &source.at {
        Position::Pointer(p) => p,
        other => panic!("not a pointer: {other:?}"),
    }
}
