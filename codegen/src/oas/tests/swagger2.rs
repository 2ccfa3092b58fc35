//! Swagger 2.0: parameters, responses, security, bodies, polymorphism, allOf unions and the
//! project's list-envelope extensions.

use super::*;

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
