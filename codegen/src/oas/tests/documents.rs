//! Spec documents as a whole: references across files, reference cycles, missing targets,
//! versions that are refused, and JSON input.

use super::*;

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
