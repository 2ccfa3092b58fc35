//! OpenAPI 3.0: allOf, nullable, additional properties, enums, operations, tags, security,
//! oneOf with discriminators, media types and header parameters.

use super::*;

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
    // No security scheme would set Authorization: the parameter stays; Accept goes. The
    // multipart body's properties are form fields.
    let names: Vec<&str> = h.params.iter().map(|p| p.wire.as_str()).collect();
    assert_eq!(names, ["Authorization", "file", "note"]);
    assert!(h.body.is_none());
    assert_eq!(h.form.as_deref(), Some("multipart/form-data"));
    assert!(h.params[1].file && !h.params[2].file);
    assert_eq!(prim(&m, h.params[1].ty), Primitive::Base64);
    assert_eq!(h.responses[0].content_type.as_deref(), Some("application/octet-stream"));
    assert_eq!(prim(&m, h.responses[0].ty.unwrap()), Primitive::Base64);
    assert_eq!(prim(&m, h.responses[1].ty.unwrap()), Primitive::String);
    let (_, h) = op(&m, "putRaw");
    assert_eq!(prim(&m, h.body.as_ref().unwrap().ty), Primitive::Base64);
    assert!(m.warnings.iter().any(|w| w.message.contains("`Accept` is ignored")));
    assert!(m.warnings.iter().any(|w| w.message.contains("format: binary")));
}
