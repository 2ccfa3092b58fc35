//! Unit tests of the Swagger 2.0 and OpenAPI 3.0 front-ends, on small inline specs.

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

/// PSI house style: kebab-case parameters with `x-example`, basic + apiKey Authorization.
const PSI: &str = r##"
swagger: "2.0"
info: {title: "PSI Swagger", version: "1.0", description: "Serviços."}
host: app.seg-social.pt
basePath: /ptss/rest
schemes: [https]
tags:
  - name: "Consulta de comprovativos de pagamento"
    description: "Comprovativos dos pagamentos efetuados num ano."
paths:
  /ci/comprovativos-pagamento/{ano-pagamento}:
    parameters:
      - {name: niss-representado, in: query, type: string, description: shared}
    get:
      tags: ["Consulta de comprovativos de pagamento"]
      summary: "CI-O0042"
      description: "Obter os comprovativos."
      operationId: obterComprovativosPagamento
      produces: [application/json]
      parameters:
        - name: ano-pagamento
          in: path
          description: "Ano (AAAA)."
          required: true
          type: integer
          x-example: 2023
        - name: niss-representado
          in: query
          required: false
          type: integer
          format: int64
          x-example: 29999999999
      responses:
        "200":
          description: ok
          schema:
            type: object
            properties:
              resultado:
                type: array
                items: {$ref: "#/definitions/ComprovativoPagamentoVO"}
        "400":
          description: bad
          schema: {$ref: "#/definitions/RetornoValidacaoDTO"}
        "401":
          description: no credential
        default:
          description: other
          schema: {$ref: "#/definitions/RetornoValidacaoDTO"}
securityDefinitions:
  basicAuth: {type: basic}
  bearerAuth: {type: apiKey, name: Authorization, in: header}
security:
  - basicAuth: []
  - bearerAuth: []
definitions:
  ComprovativoPagamentoVO:
    type: object
    properties:
      dataPagamento: {type: string, format: date}
      valorPago: {type: number}
  RetornoValidacaoDTO:
    type: object
    properties:
      code: {type: integer}
      message: {type: string}
"##;

#[test]
fn swagger2_kebab_params_with_x_example() {
    let m = ok(&[("psi/openapi_CI.yaml", PSI)]);
    let (o, h) = op(&m, "obterComprovativosPagamento");
    assert_eq!(o.doc.as_deref(), Some("CI-O0042\n\nObter os comprovativos."));
    assert_eq!(h.path, "/ci/comprovativos-pagamento/{ano-pagamento}");
    assert_eq!(
        h.params.len(),
        2,
        "the operation's niss-representado replaces the path-level one"
    );
    let ano = &h.params[1];
    assert_eq!(
        (ano.wire.as_str(), ano.location, ano.required, ano.list),
        ("ano-pagamento", ParamLocation::Path, true, false)
    );
    assert_eq!(ano.example.as_deref(), Some("2023"));
    assert_eq!(ano.doc.as_deref(), Some("Ano (AAAA)."));
    assert_eq!(prim(&m, ano.ty), Primitive::I64);
    let niss = &h.params[0];
    assert_eq!(
        (niss.wire.as_str(), niss.location, niss.required),
        ("niss-representado", ParamLocation::Query, false)
    );
    assert_eq!(niss.example.as_deref(), Some("29999999999"));
    assert_eq!(niss.doc, None, "overridden: the shared description does not leak");
    assert_eq!(prim(&m, niss.ty), Primitive::I64);
    // Inline response schema: named after the operation and status; array → list field.
    let (t, occurs, _) = field(&m, "obterComprovativosPagamento/200", "resultado");
    assert_eq!(t, id(&m, "ComprovativoPagamentoVO"));
    assert_eq!(occurs, Occurs::MANY);
    assert_eq!(
        prim(&m, field(&m, "ComprovativoPagamentoVO", "valorPago").0),
        Primitive::Decimal
    );
    assert_eq!(
        prim(&m, field(&m, "ComprovativoPagamentoVO", "dataPagamento").0),
        Primitive::Date
    );
    assert_eq!(m.spec.doc.as_deref(), Some("Serviços."));
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

#[test]
fn swagger2_responses_per_status_including_default() {
    let m = ok(&[("psi/openapi_CI.yaml", PSI)]);
    let (_, h) = op(&m, "obterComprovativosPagamento");
    let statuses: Vec<Status> = h.responses.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [Status::Code(200), Status::Code(400), Status::Code(401), Status::Default]
    );
    let dto = id(&m, "RetornoValidacaoDTO");
    assert_eq!(h.responses[1].ty, Some(dto));
    assert_eq!(h.responses[1].content_type.as_deref(), Some("application/json"));
    assert_eq!(h.responses[2].ty, None, "no schema: no body");
    assert_eq!(h.responses[2].content_type, None);
    assert_eq!(h.responses[3].ty, Some(dto));
    assert_eq!(h.responses[2].doc.as_deref(), Some("no credential"));
}

#[test]
fn swagger2_security_basic_and_authorization_api_key() {
    let m = ok(&[("psi/openapi_CI.yaml", PSI)]);
    let s = &m.services[0];
    assert_eq!(s.security, [SecurityScheme::Basic, SecurityScheme::Bearer]);
    assert_eq!(s.addresses, ["https://app.seg-social.pt/ptss/rest"]);
    let (_, h) = op(&m, "obterComprovativosPagamento");
    assert!(h.security.is_empty(), "no operation-level override");
}

#[test]
fn swagger2_body_param_and_form_data() {
    let spec = r##"
swagger: 2.0
info: {title: Pets, version: "1"}
basePath: /api
consumes: [application/xml, application/json]
paths:
  /pets:
    post:
      operationId: addPet
      parameters:
        - in: body
          name: pet
          description: the pet
          required: true
          x-example: {name: Rex}
          schema:
            type: object
            required: [name]
            properties:
              name: {type: string, maxLength: 20}
              tags: {type: array, items: {type: string}}
      responses:
        "201": {description: created}
  /pets/{id}/photo:
    post:
      consumes: [multipart/form-data]
      parameters:
        - {name: id, in: path, required: true, type: string, format: uuid}
        - {name: file, in: formData, required: true, type: file}
        - {name: note, in: formData, type: string}
      responses:
        "204": {description: stored}
"##;
    let m = ok(&[("pets.yaml", spec)]);
    assert_eq!(m.services[0].addresses, ["/api"], "basePath alone without host");
    let (_, h) = op(&m, "addPet");
    let body = h.body.as_ref().expect("body");
    assert_eq!(body.content_type, "application/json", "the JSON media type of consumes");
    assert!(body.required);
    assert_eq!(body.doc.as_deref(), Some("the pet"));
    assert_eq!(m.ty(body.ty).key.name, "addPet/body");
    assert_eq!(m.ty(body.ty).key.kind, TypeKind::Anonymous);
    let (name_ty, occurs, _) = field(&m, "addPet/body", "name");
    assert_eq!(occurs, Occurs::ONE);
    // An inline constrained scalar is an anonymous newtype.
    match &m.ty(name_ty).shape {
        Shape::Newtype { inner, facets } => {
            assert_eq!(prim(&m, *inner), Primitive::String);
            assert_eq!(facets.max_length, Some(20));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(m.ty(name_ty).key.name, "addPet/body/name");
    assert_eq!(field(&m, "addPet/body", "tags").1, Occurs::MANY);
    assert!(h.params.is_empty());

    let (o, h) = op(&m, "post_pets_id_photo");
    assert_eq!(o.name, "post_pets_id_photo", "synthesised from method and path");
    assert!(h.body.is_none());
    let locs: Vec<_> = h
        .params
        .iter()
        .map(|p| (p.wire.as_str(), p.location, prim(&m, p.ty)))
        .collect();
    assert_eq!(
        locs,
        [
            ("id", ParamLocation::Path, Primitive::Uuid),
            ("file", ParamLocation::Form, Primitive::Base64),
            ("note", ParamLocation::Form, Primitive::String)
        ]
    );
}

#[test]
fn swagger2_discriminator_base_becomes_a_union_of_its_subtypes() {
    let spec = r##"
swagger: "2.0"
info: {title: Zoo, version: "1"}
paths: {}
definitions:
  Animal:
    type: object
    discriminator: className
    required: [className]
    properties:
      className: {type: string}
      color: {type: string, default: red}
  Dog:
    allOf:
      - $ref: "#/definitions/Animal"
      - type: object
        properties:
          breed: {type: string}
  BigDog:
    allOf:
      - $ref: "#/definitions/Dog"
      - properties:
          size: {type: integer, format: int32}
  Cat:
    allOf:
      - $ref: "#/definitions/Animal"
      - properties:
          declawed: {type: boolean, x-nullable: true}
"##;
    let m = ok(&[("zoo.yaml", spec)]);
    let Shape::Union(u) = &ty(&m, "Animal").shape else {
        panic!("{:?}", ty(&m, "Animal").shape)
    };
    let wires: Vec<&str> = u.variants.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(wires, ["Dog", "BigDog", "Cat"]);
    let d = u.discriminator.as_ref().expect("discriminator");
    assert_eq!(d.property, "className");
    assert_eq!(d.mapping.get("Cat"), Some(&2));
    assert_eq!(d.mapping.get("BigDog"), Some(&1));
    let names: Vec<String> = fields(&m, "BigDog").into_iter().map(|f| f.0).collect();
    assert_eq!(names, ["className", "color", "breed", "size"]);
    assert_eq!(field(&m, "BigDog", "className").1, Occurs::ONE);
    assert!(field(&m, "Cat", "declawed").2, "x-nullable");
    let Shape::Struct(dog) = &ty(&m, "Dog").shape else {
        panic!()
    };
    assert_eq!(dog.base, Some(id(&m, "Animal")));
    assert_eq!(dog.fields[1].default.as_deref(), Some("red"));
}

#[test]
fn swagger2_unquoted_version_anchors_and_global_refs() {
    let spec = r##"
swagger: 2.0
info: {title: Shop, version: "1"}
parameters:
  limit: {name: limit, in: query, type: integer, format: int32, x-example: 10}
responses:
  Error: &err
    description: failure
    schema: {$ref: "#/definitions/Error"}
paths:
  x-shared: &shared
    responses:
      "500": *err
  /items:
    get:
      operationId: listItems
      parameters: [{$ref: "#/parameters/limit"}]
      responses:
        "200": {description: ok, schema: {type: array, items: {type: string}}}
        "404": {$ref: "#/responses/Error"}
        "500": *err
definitions:
  Error: {type: object, properties: {message: {type: string}}}
"##;
    let m = ok(&[("shop.yaml", spec)]);
    let (_, h) = op(&m, "listItems");
    assert_eq!(h.params[0].wire, "limit");
    assert_eq!(h.params[0].example.as_deref(), Some("10"));
    assert_eq!(prim(&m, h.params[0].ty), Primitive::I32);
    let err = id(&m, "Error");
    assert_eq!(h.responses[1].ty, Some(err));
    assert_eq!(h.responses[2].ty, Some(err), "YAML alias");
    assert!(matches!(m.ty(h.responses[0].ty.unwrap()).shape, Shape::List { .. }));
    assert_eq!(m.ty(h.responses[0].ty.unwrap()).key.name, "listItems/200");
}

const PETSTORE3: &str = r##"
openapi: 3.0.3
info: {title: Petstore, version: "1"}
externaldocs: {url: "https://example.org"}
servers:
  - url: "https://{env}.example.org/v1"
    variables: {env: {default: api}}
tags:
  - {name: pets, description: Everything about pets}
  - {name: unused}
  - {name: store}
paths:
  /store/order:
    post:
      tags: [store]
      operationId: placeOrder
      requestBody:
        content:
          application/xml: {schema: {$ref: "#/components/schemas/Order"}}
          application/json: {schema: {$ref: "#/components/schemas/Order"}}
      responses:
        "200": {description: ok}
  /pets/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer, format: int64}}
    get:
      tags: [pets, store]
      operationId: getPet
      deprecated: true
      security: [{apiKey: []}]
      parameters:
        - {name: fields, in: query, schema: {type: array, items: {type: string}}, example: "a,b"}
      responses:
        "200":
          description: the pet
          content:
            application/json: {schema: {$ref: "#/components/schemas/Pet"}}
        "4XX":
          $ref: "#/components/responses/Problem"
        default:
          description: unexpected
  /health:
    get:
      responses:
        "204": {description: up}
components:
  securitySchemes:
    basic: {type: http, scheme: basic}
    bearer: {type: http, scheme: bearer}
    apiKey: {type: apiKey, in: query, name: key}
    legacy: {type: apiKey, in: header, name: authorization}
  responses:
    Problem:
      description: a problem
      content:
        application/problem+json: {schema: {$ref: "#/components/schemas/Problem"}}
  schemas:
    NewPet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        tag: {type: string, nullable: true}
    Pet:
      allOf:
        - $ref: "#/components/schemas/NewPet"
        - type: object
          required: [id]
          properties:
            id: {type: integer, format: int64}
            owner:
              nullable: true
              allOf: [{$ref: "#/components/schemas/Owner"}]
    Owner:
      type: object
      properties:
        name: {type: string}
        pets: {type: array, items: {$ref: "#/components/schemas/Pet"}}
    Order:
      type: object
      properties:
        quantity: {type: integer, format: int32, minimum: 1, maximum: 100, exclusiveMaximum: true}
        price: {type: number}
        weight: {type: number, format: double}
        labels: {type: object, additionalProperties: {type: string}}
        extra: {type: object, properties: {a: {type: string}}, additionalProperties: true}
        status: {$ref: "#/components/schemas/Status"}
    Status:
      type: string
      nullable: true
      enum: ["", "-1", "with space", placed, null]
      x-enum-descriptions: [empty, minus one, spaced, placed, nothing]
    Problem:
      type: object
      properties: {title: {type: string}}
"##;

#[test]
fn openapi3_all_of_merge() {
    let m = ok(&[("petstore.yaml", PETSTORE3)]);
    let Shape::Struct(pet) = &ty(&m, "Pet").shape else {
        panic!()
    };
    assert_eq!(pet.base, Some(id(&m, "NewPet")));
    let f: Vec<(&str, Occurs)> = pet.fields.iter().map(|f| (f.wire.as_str(), f.occurs)).collect();
    assert_eq!(
        f,
        [
            ("name", Occurs::ONE),
            ("tag", Occurs::OPTIONAL),
            ("id", Occurs::ONE),
            ("owner", Occurs::OPTIONAL)
        ]
    );
    // A documenting allOf wrapper around a reference is that type.
    assert_eq!(pet.fields[3].ty, id(&m, "Owner"));
    // Named schemas are keyed by file.
    let key = &ty(&m, "Pet").key;
    assert_eq!(
        (key.namespace.as_deref(), key.kind),
        (Some("petstore.yaml"), TypeKind::Schema)
    );
}

#[test]
fn openapi3_nullable() {
    let m = ok(&[("petstore.yaml", PETSTORE3)]);
    assert!(field(&m, "Pet", "tag").2, "nullable: true");
    assert!(field(&m, "Pet", "owner").2, "nullable beside an allOf wrapper");
    assert!(!field(&m, "Pet", "id").2);
    assert!(
        field(&m, "Order", "status").2,
        "nullable through the reference (and a null enum entry)"
    );
}

#[test]
fn openapi3_additional_properties_and_scalars() {
    let m = ok(&[("petstore.yaml", PETSTORE3)]);
    let labels = field(&m, "Order", "labels").0;
    match &m.ty(labels).shape {
        Shape::Map { value } => assert_eq!(prim(&m, *value), Primitive::String),
        other => panic!("{other:?}"),
    }
    let Shape::Struct(extra) = &m.ty(field(&m, "Order", "extra").0).shape else {
        panic!()
    };
    assert_eq!(extra.fields.len(), 1);
    assert_eq!(extra.additional.map(|t| prim(&m, t)), Some(Primitive::Any));
    assert_eq!(prim(&m, field(&m, "Order", "price").0), Primitive::Decimal);
    assert_eq!(prim(&m, field(&m, "Order", "weight").0), Primitive::F64);
    match &m.ty(field(&m, "Order", "quantity").0).shape {
        Shape::Newtype { inner, facets } => {
            assert_eq!(prim(&m, *inner), Primitive::I32);
            assert_eq!(facets.min_inclusive.as_deref(), Some("1"));
            assert_eq!(facets.max_exclusive.as_deref(), Some("100"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn openapi3_enum_with_odd_values() {
    let m = ok(&[("petstore.yaml", PETSTORE3)]);
    let Shape::Enum(e) = &ty(&m, "Status").shape else {
        panic!()
    };
    assert_eq!(e.base, Primitive::String);
    let values: Vec<(&str, Option<&str>)> = e.values.iter().map(|v| (v.wire.as_str(), v.doc.as_deref())).collect();
    assert_eq!(
        values,
        [
            ("", Some("empty")),
            ("-1", Some("minus one")),
            ("with space", Some("spaced")),
            ("placed", Some("placed"))
        ]
    );
}

#[test]
fn openapi3_operations_bodies_responses() {
    let m = ok(&[("petstore.yaml", PETSTORE3)]);
    let (o, h) = op(&m, "getPet");
    assert!(o.deprecated);
    assert_eq!(h.params.len(), 2);
    assert_eq!((h.params[0].wire.as_str(), h.params[0].required), ("id", true));
    let fields = &h.params[1];
    assert!(fields.list);
    assert_eq!(prim(&m, fields.ty), Primitive::String);
    assert_eq!(fields.example.as_deref(), Some("a,b"));
    let statuses: Vec<Status> = h.responses.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Status::Code(200), Status::Range(4), Status::Default]);
    assert_eq!(h.responses[1].ty, Some(id(&m, "Problem")));
    assert_eq!(h.responses[1].content_type.as_deref(), Some("application/problem+json"));
    assert_eq!(h.responses[2].ty, None);
    assert_eq!(
        h.security,
        [SecurityScheme::ApiKey {
            location: "query".into(),
            name: "key".into()
        }]
    );

    let (_, h) = op(&m, "placeOrder");
    let body = h.body.as_ref().unwrap();
    assert_eq!(
        body.content_type, "application/json",
        "JSON preferred over the first media type"
    );
    assert_eq!(body.ty, id(&m, "Order"));
    assert!(!body.required);
    op(&m, "get_health");
}

#[test]
fn openapi3_tags_to_services_and_security() {
    let m = ok(&[("petstore.yaml", PETSTORE3)]);
    let names: Vec<&str> = m.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["pets", "store", "Petstore"],
        "tags in declared order (unused left out), then info.title"
    );
    assert_eq!(m.services[0].doc.as_deref(), Some("Everything about pets"));
    let ops: Vec<&str> = m.services[1].operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(ops, ["placeOrder"], "an operation goes to its first tag only");
    assert_eq!(m.services[2].operations[0].name, "get_health");
    assert_eq!(m.services[0].addresses, ["https://api.example.org/v1"]);
    // No top-level security list: every defined scheme, once (`legacy`, an apiKey in the
    // Authorization header, is Bearer again).
    assert_eq!(
        m.services[0].security,
        [
            SecurityScheme::Basic,
            SecurityScheme::Bearer,
            SecurityScheme::ApiKey {
                location: "query".into(),
                name: "key".into()
            }
        ]
    );
}

#[test]
fn openapi3_one_of_with_discriminator_mapping() {
    let spec = r##"
openapi: 3.0.0
info: {title: Shapes, version: "1"}
paths: {}
components:
  schemas:
    Shape:
      oneOf:
        - $ref: "#/components/schemas/Circle"
        - $ref: "#/components/schemas/Square"
        - $ref: "#/components/schemas/Blob"
      discriminator:
        propertyName: kind
        mapping:
          round: "#/components/schemas/Circle"
          sq: Square
    Circle: {type: object, properties: {kind: {type: string}, r: {type: number}}}
    Square: {type: object, properties: {kind: {type: string}, side: {type: number}}}
    Blob: {type: object, properties: {kind: {type: string}}}
    Plain:
      anyOf:
        - {type: string}
        - {type: integer}
    Tagged:
      oneOf:
        - {type: object, required: [type], properties: {type: {type: string, enum: [a]}, x: {type: string}}}
        - {type: object, required: [type], properties: {type: {type: string, enum: [b]}, y: {type: string}}}
"##;
    let m = ok(&[("shapes.yaml", spec)]);
    let Shape::Union(u) = &ty(&m, "Shape").shape else {
        panic!()
    };
    let wires: Vec<&str> = u.variants.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(wires, ["Circle", "Square", "Blob"]);
    assert_eq!(u.variants[0].ty, id(&m, "Circle"));
    let d = u.discriminator.as_ref().unwrap();
    assert_eq!(d.property, "kind");
    let mapping: Vec<(&str, usize)> = d.mapping.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        mapping,
        [("Blob", 2), ("round", 0), ("sq", 1)],
        "unmapped variants are known by schema name"
    );

    let Shape::Union(u) = &ty(&m, "Plain").shape else {
        panic!()
    };
    assert!(u.discriminator.is_none());
    assert_eq!(
        u.variants.iter().map(|v| v.wire.as_str()).collect::<Vec<_>>(),
        ["variant0", "variant1"]
    );
    assert_eq!(prim(&m, u.variants[1].ty), Primitive::I64);

    let Shape::Union(u) = &ty(&m, "Tagged").shape else {
        panic!()
    };
    let d = u
        .discriminator
        .as_ref()
        .expect("a single-valued enum property discriminates");
    assert_eq!(d.property, "type");
    assert_eq!(d.mapping.get("b"), Some(&1));
    assert_eq!(m.ty(u.variants[0].ty).key.name, "Tagged/a");
}

#[test]
fn cross_file_refs() {
    let entry = r##"
openapi: 3.0.1
info: {title: Split, version: "1"}
paths:
  /people:
    $ref: "paths/people.yaml#/paths/~1people"
"##;
    let people = r##"
openapi: 3.0.1
info: {title: people, version: "1"}
paths:
  /people:
    get:
      operationId: listPeople
      parameters:
        - $ref: "../common.yaml#/components/parameters/page"
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "../schemas/Person.yaml"}
        default:
          $ref: "../common.yaml#/components/responses/Error"
"##;
    let common = r##"
components:
  parameters:
    page: {name: page, in: query, schema: {$ref: "#/components/schemas/Page"}}
  responses:
    Error:
      description: error
      content:
        application/json: {schema: {$ref: "#/components/schemas/Error"}}
  schemas:
    Page: {type: integer, format: int32}
    Error: {type: object, properties: {code: {type: string}}}
"##;
    let person = r##"
type: object
properties:
  name: {type: string}
  home: {$ref: "../common.yaml#/components/schemas/Error"}
"##;
    let m = ok(&[
        ("api/openapi.yaml", entry),
        ("api/paths/people.yaml", people),
        ("api/common.yaml", common),
        ("api/schemas/Person.yaml", person),
    ]);
    let (o, h) = op(&m, "listPeople");
    assert_eq!(o.source.file, "api/paths/people.yaml");
    assert_eq!(pointer(&o.source), "/paths/~1people/get");
    assert_eq!(h.path, "/people");
    let page = ty(&m, "Page");
    assert_eq!(page.key.namespace.as_deref(), Some("api/common.yaml"));
    assert_eq!(h.params[0].ty, id(&m, "Page"));
    let person_ty = ty(&m, "Person");
    assert_eq!(
        (person_ty.key.namespace.as_deref(), person_ty.key.kind),
        (Some("api/schemas/Person.yaml"), TypeKind::Schema)
    );
    assert_eq!(h.responses[0].ty, Some(id(&m, "Person")));
    assert_eq!(h.responses[1].ty, Some(id(&m, "Error")));
    assert_eq!(field(&m, "Person", "home").0, id(&m, "Error"));
    // Only what is reachable from the entry is loaded: `Page` and `Error`, not more.
    assert_eq!(m.types.iter().filter(|t| t.key.kind == TypeKind::Schema).count(), 3);
}

#[test]
fn ref_cycles() {
    let spec = r##"
swagger: "2.0"
info: {title: Tree, version: "1"}
paths: {}
definitions:
  Node:
    type: object
    properties:
      children: {type: array, items: {$ref: "#/definitions/Node"}}
      parent: {$ref: "#/definitions/Node"}
      next: {$ref: "#/definitions/Other"}
  Other:
    allOf:
      - $ref: "#/definitions/Node"
      - $ref: "#/definitions/Other"
"##;
    let m = ok(&[("tree.yaml", spec)]);
    let node = id(&m, "Node");
    assert_eq!(field(&m, "Node", "children").0, node);
    assert_eq!(field(&m, "Node", "parent").0, node);
    assert_eq!(fields(&m, "Other").len(), 3);
    assert!(m.warnings.iter().any(|w| w.message.contains("allOf cycle")));

    let spec = r##"
openapi: 3.0.0
info: {title: Loop, version: "1"}
paths: {}
components:
  schemas:
    A: {$ref: "#/components/schemas/B"}
    B: {$ref: "#/components/schemas/A"}
"##;
    let err = load(&[("loop.yaml", spec)]).unwrap_err();
    assert!(err.to_string().contains("`$ref` cycle"), "{err}");
}

#[test]
fn openapi31_is_refused() {
    let err = load(&[(
        "new.yaml",
        "openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\n",
    )])
    .unwrap_err();
    let Error::Unsupported { source, construct } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(pointer(source), "/openapi");
    assert!(
        construct.contains("OpenAPI 3.1 is not supported; 3.0.x and Swagger 2.0 are"),
        "{construct}"
    );
}

#[test]
fn missing_ref_targets_are_located() {
    let spec = r##"
swagger: "2.0"
info: {title: Bad, version: "1"}
paths:
  /pets:
    get:
      responses:
        "200": {description: ok, schema: {$ref: "#/definitions/Pet"}}
definitions:
  Pet:
    type: object
    properties:
      owner: {$ref: "#/definitions/Owner"}
"##;
    let err = load(&[("bad.yaml", spec)]).unwrap_err();
    let Error::Spec { source, message } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (source.file.as_str(), pointer(source)),
        ("bad.yaml", "/definitions/Pet/properties/owner")
    );
    assert!(message.contains("#/definitions/Owner"), "{message}");

    let spec = spec.replace("#/definitions/Owner", "common/Owner.yaml");
    let err = load(&[("bad.yaml", &spec)]).unwrap_err();
    let Error::MissingFile { path, referenced_from } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(path, "common/Owner.yaml");
    assert_eq!(pointer(referenced_from), "/definitions/Pet/properties/owner");

    let spec = "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{name: q, in: query, schema: {type: string}}]\n      responses: {'200': {content: {}}}\n";
    let err = load(&[("bad.yaml", spec)]).unwrap_err();
    let Error::Spec { source, message } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(pointer(source), "/paths/~1a/get/responses/200", "{message}");
    assert!(message.contains("description"), "{message}");
}

#[test]
fn json_input_and_unknown_versions() {
    let spec = r#"{"swagger": "2.0", "info": {"title": "J", "version": "1"}, "paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok", "schema": {"type": "string", "format": "date-time"}}}}}}}"#;
    let m = ok(&[("j.json", spec)]);
    let (_, h) = op(&m, "a");
    assert_eq!(prim(&m, h.responses[0].ty.unwrap()), Primitive::DateTime);
    assert_eq!(m.services[0].name, "J");

    let err = load(&[("old.yaml", "swagger: '1.2'\n")]).unwrap_err();
    assert!(matches!(err, Error::Unsupported { .. }), "{err}");
    let err = load(&[("bad.json", "{\"swagger\": \"2.0\",}")]).unwrap_err();
    assert!(err.to_string().starts_with("bad.json:1:"), "{err}");
}

#[test]
fn openapi3_media_types_and_header_parameters() {
    let spec = r##"
openapi: 3.0.2
info: {title: Files, version: "1"}
paths:
  /upload:
    post:
      operationId: upload
      parameters:
        - {name: Authorization, in: header, required: true, schema: {type: string}}
        - {name: Accept, in: header, schema: {type: string}}
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                file: {type: string, format: binary}
                note: {type: string}
      responses:
        "200":
          description: the bytes
          content:
            application/octet-stream: {}
        "400":
          description: text
          content:
            text/plain: {schema: {type: string}}
  /raw:
    put:
      operationId: putRaw
      requestBody:
        content:
          application/octet-stream: {schema: {type: string, format: binary}}
      responses:
        "204": {description: stored}
"##;
    let m = ok(&[("files.yaml", spec)]);
    let (_, h) = op(&m, "upload");
    // No security scheme would set Authorization: the parameter stays; Accept goes.
    let names: Vec<&str> = h.params.iter().map(|p| p.wire.as_str()).collect();
    assert_eq!(names, ["Authorization"]);
    let body = h.body.as_ref().unwrap();
    assert_eq!(body.content_type, "multipart/form-data");
    assert_eq!(m.ty(body.ty).key.name, "upload/body");
    assert_eq!(prim(&m, field(&m, "upload/body", "file").0), Primitive::Base64);
    assert_eq!(h.responses[0].content_type.as_deref(), Some("application/octet-stream"));
    assert_eq!(prim(&m, h.responses[0].ty.unwrap()), Primitive::Base64);
    assert_eq!(prim(&m, h.responses[1].ty.unwrap()), Primitive::String);
    let (_, h) = op(&m, "putRaw");
    assert_eq!(prim(&m, h.body.as_ref().unwrap().ty), Primitive::Base64);
    assert!(m.warnings.iter().any(|w| w.message.contains("`Accept` is ignored")));
    assert!(m.warnings.iter().any(|w| w.message.contains("format: binary")));
}

#[test]
fn swagger2_all_of_with_x_one_of_is_a_union() {
    let spec = r##"
swagger: "2.0"
info: {title: IO, version: "1"}
paths: {}
definitions:
  Category:
    x-one-of: true
    allOf:
      - $ref: "#/definitions/Special"
      - $ref: "#/definitions/Standard"
  Special: {type: string, enum: [SPECIAL]}
  Standard: {type: string, enum: [STANDARD]}
  Wrapped:
    allOf:
      - $ref: "#/definitions/Special"
      - {type: object, description: sloppy but harmless}
"##;
    let m = ok(&[("io.yaml", spec)]);
    let Shape::Union(u) = &ty(&m, "Category").shape else {
        panic!("{:?}", ty(&m, "Category").shape)
    };
    assert_eq!(
        u.variants.iter().map(|v| v.ty).collect::<Vec<_>>(),
        [id(&m, "Special"), id(&m, "Standard")]
    );
    assert_eq!(ty(&m, "Wrapped").shape, Shape::Alias(id(&m, "Special")));
}

/// Project extensions for unsettled list envelopes: other names of a property, and the list
/// a bare array is read into; naming a property that is no array is a located error.
#[test]
fn swagger2_list_envelope_extensions() {
    let spec = r##"
swagger: "2.0"
info: {title: x, version: "1"}
paths: {}
definitions:
  Resposta:
    type: object
    x-psi-bare-array: resultado
    properties:
      codigo: {type: string}
      resultado:
        type: array
        x-psi-aliases: [documentos, lista]
        items: {type: string}
"##;
    let m = ok(&[("a.yaml", spec)]);
    let Shape::Struct(s) = &ty(&m, "Resposta").shape else {
        panic!("a struct")
    };
    assert_eq!(s.bare_list, Some(1));
    assert_eq!(s.fields[1].aliases, ["documentos", "lista"]);
    assert!(s.fields[0].aliases.is_empty());

    for (bad, why) in [
        (
            spec.replace("x-psi-bare-array: resultado", "x-psi-bare-array: codigo"),
            "not an array",
        ),
        (
            spec.replace("    properties:\n", "    required: [codigo]\n    properties:\n"),
            "required",
        ),
    ] {
        let err = load(&[("a.yaml", &bad)]).unwrap_err();
        let Error::Spec { source, message } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(pointer(source), "/definitions/Resposta/x-psi-bare-array", "{message}");
        assert!(message.contains(why), "{message}");
    }
}
