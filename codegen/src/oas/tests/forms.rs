//! Form bodies (Swagger 2 `formData`, OpenAPI 3 URL-encoded and multipart bodies), OpenAPI 3
//! path styles, and API-key schemes: what the model says of each, and the warnings for what
//! it does not model.

use super::*;
use crate::model::{ArrayStyle, PathStyle};

fn warned(m: &Model, part: &str) -> Vec<String> {
    m.warnings
        .iter()
        .filter(|w| w.message.contains(part))
        .map(|w| format!("{}: {}", pointer(&w.source), w.message))
        .collect()
}

#[test]
fn openapi3_path_styles() {
    let spec = r##"
openapi: 3.0.3
info: {title: Paths, version: "1"}
paths:
  /a/{l}/{m}/{s}/{o}:
    get:
      operationId: styled
      parameters:
        - {name: l, in: path, required: true, style: label, schema: {type: array, items: {type: integer}}}
        - {name: m, in: path, required: true, style: matrix, explode: true, schema: {type: array, items: {type: integer}}}
        - {name: s, in: path, required: true, schema: {type: array, items: {type: integer}}}
        - {name: o, in: path, required: true, style: matrix, schema: {type: object, properties: {a: {type: string}}}}
      responses:
        "204": {description: done}
"##;
    let m = ok(&[("paths.yaml", spec)]);
    let (_, h) = op(&m, "styled");
    let styles: Vec<(PathStyle, ArrayStyle, bool)> = h
        .params
        .iter()
        .map(|p| (p.path_style, p.array_style, p.explode))
        .collect();
    assert_eq!(
        styles,
        [
            (PathStyle::Label, ArrayStyle::Joined(','), false),
            (PathStyle::Matrix, ArrayStyle::Repeated, true),
            (PathStyle::Simple, ArrayStyle::Joined(','), false),
            (PathStyle::Matrix, ArrayStyle::Single, false),
        ]
    );
}

#[test]
fn object_parameters_by_style() {
    let spec = r##"
openapi: 3.0.3
info: {title: Objects, version: "1"}
paths:
  /q:
    get:
      operationId: filtered
      parameters:
        - {name: filter, in: query, schema: {$ref: "#/components/schemas/Filter"}}
        - {name: joined, in: query, explode: false, schema: {$ref: "#/components/schemas/Filter"}}
        - {name: spaced, in: query, style: spaceDelimited, explode: false, schema: {$ref: "#/components/schemas/Filter"}}
        - {name: deep, in: query, style: deepObject, schema: {type: object, additionalProperties: {type: string}}}
        - {name: asJson, in: query, content: {application/json: {schema: {$ref: "#/components/schemas/Filter"}}}}
        - {name: plain, in: query, schema: {type: string}}
        - {name: X-Filter, in: header, schema: {$ref: "#/components/schemas/Filter"}}
      responses:
        "204": {description: done}
components:
  schemas:
    Filter: {type: object, properties: {a: {type: string}}}
"##;
    let m = ok(&[("objects.yaml", spec)]);
    let (_, h) = op(&m, "filtered");
    let styles: Vec<(&str, ArrayStyle)> = h.params.iter().map(|p| (p.wire.as_str(), p.array_style)).collect();
    assert_eq!(
        styles,
        [
            ("filter", ArrayStyle::Repeated),
            ("joined", ArrayStyle::Joined(',')),
            ("spaced", ArrayStyle::Joined(' ')),
            ("deep", ArrayStyle::Deep),
            ("asJson", ArrayStyle::Single),
            ("plain", ArrayStyle::Single),
            ("X-Filter", ArrayStyle::Single),
        ]
    );
    assert_eq!(
        warned(&m, "object parameter"),
        [
            "/paths/~1q/get/parameters/6: object parameter `X-Filter` is sent as its JSON text; \
          the `simple` and `form` styles of objects outside the query and the path are not modelled"
        ]
    );
}

#[test]
fn openapi3_form_bodies() {
    let spec = r##"
openapi: 3.0.3
info: {title: Forms, version: "1"}
paths:
  /f:
    post:
      operationId: form
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {$ref: '#/components/schemas/F'}
            encoding:
              joined: {explode: false}
              spaced: {style: spaceDelimited}
              deep: {style: deepObject, explode: true}
              wrong: {style: deepObject}
      responses:
        "204": {description: done}
  /m:
    post:
      operationId: multi
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {type: string, format: binary}
                files: {type: array, items: {type: string, format: binary}}
                meta: {type: object, properties: {a: {type: string}}}
            encoding:
              file: {contentType: 'image/png, image/*', headers: {X-Part: {schema: {type: string}}}}
      responses:
        "204": {description: done}
  /raw:
    post:
      operationId: raw
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: string}
      responses:
        "204": {description: done}
components:
  schemas:
    F:
      type: object
      required: [id]
      properties:
        id: {type: integer}
        repeated: {type: array, items: {type: string}}
        joined: {type: array, items: {type: string}}
        spaced: {type: array, items: {type: string}}
        deep: {type: object, properties: {a: {type: string}}}
        wrong: {type: array, items: {type: string}}
"##;
    let m = ok(&[("forms.yaml", spec)]);
    let (_, h) = op(&m, "form");
    assert_eq!(h.form.as_deref(), Some("application/x-www-form-urlencoded"));
    assert!(h.body.is_none());
    let fields: Vec<(&str, bool, ArrayStyle, Option<&str>)> = h
        .params
        .iter()
        .map(|p| {
            assert_eq!(p.location, ParamLocation::Form);
            (p.wire.as_str(), p.required, p.array_style, p.content_type.as_deref())
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("id", true, ArrayStyle::Single, None),
            ("repeated", false, ArrayStyle::Repeated, None),
            ("joined", false, ArrayStyle::Joined(','), None),
            ("spaced", false, ArrayStyle::Joined(' '), None),
            ("deep", false, ArrayStyle::Single, Some("application/json")),
            ("wrong", false, ArrayStyle::Repeated, None),
        ]
    );
    assert_eq!(
        warned(&m, "deepObject"),
        [
            "/paths/~1f/post/requestBody/content/application~1x-www-form-urlencoded/encoding/deep/style: \
             style `deepObject` of object field `deep` is not modelled; it is sent as its JSON text",
            "/paths/~1f/post/requestBody/content/application~1x-www-form-urlencoded/encoding/wrong/style: \
             array form field `wrong` has style `deepObject`, which applies to objects; its values are repeated",
        ]
    );

    let (_, h) = op(&m, "multi");
    assert_eq!(h.form.as_deref(), Some("multipart/form-data"));
    let fields: Vec<(&str, bool, bool, ArrayStyle, Option<&str>)> = h
        .params
        .iter()
        .map(|p| {
            (
                p.wire.as_str(),
                p.required,
                p.file,
                p.array_style,
                p.content_type.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            // The body is optional, so is every field.
            ("file", false, true, ArrayStyle::Single, Some("image/png")),
            ("files", false, true, ArrayStyle::Repeated, None),
            ("meta", false, false, ArrayStyle::Single, None),
        ]
    );
    assert_eq!(warned(&m, "headers of the part").len(), 1);

    // Not an object: the bytes as given, and a warning that says so.
    let (_, h) = op(&m, "raw");
    assert!(h.form.is_none());
    assert_eq!(
        h.body.as_ref().map(|b| b.content_type.as_str()),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        warned(&m, "not an object with properties"),
        [
            "/paths/~1raw/post/requestBody/content/application~1x-www-form-urlencoded/schema: \
          a application/x-www-form-urlencoded body whose schema is not an object with properties \
          (composition is not read for forms); it is sent as the bytes given"
        ]
    );
}

#[test]
fn swagger2_form_media_and_api_keys() {
    let spec = r##"
swagger: "2.0"
info: {title: Forms, version: "1"}
securityDefinitions:
  q: {type: apiKey, in: query, name: api_key}
  c: {type: apiKey, in: cookie, name: k}
paths:
  /multi:
    post:
      operationId: multi
      consumes: [multipart/form-data, application/x-www-form-urlencoded]
      parameters:
        - {name: f, in: formData, type: file}
        - {name: n, in: formData, type: string}
      responses:
        "204": {description: done}
  /both:
    post:
      operationId: both
      consumes: [multipart/form-data, application/x-www-form-urlencoded]
      parameters:
        - {name: n, in: formData, type: string}
      responses:
        "204": {description: done}
  /none:
    post:
      operationId: none
      parameters:
        - {name: n, in: formData, type: string}
      responses:
        "204": {description: done}
"##;
    let m = ok(&[("forms.yaml", spec)]);
    let (_, h) = op(&m, "multi");
    assert_eq!(h.form.as_deref(), Some("multipart/form-data"));
    assert!(h.params[0].file && !h.params[1].file);
    let (_, h) = op(&m, "both");
    assert_eq!(h.form.as_deref(), Some("application/x-www-form-urlencoded"));
    let (_, h) = op(&m, "none");
    assert_eq!(h.form.as_deref(), Some("application/x-www-form-urlencoded"));
    assert_eq!(
        warned(&m, "consumes"),
        ["/paths/~1none/post: formData parameters, but `consumes` lists neither \
          application/x-www-form-urlencoded nor multipart/form-data; the form is sent as \
          application/x-www-form-urlencoded"]
    );
    // The query key is kept; a cookie is not Swagger 2.0's, and is said so.
    assert_eq!(
        m.services[0].security,
        [SecurityScheme::ApiKey {
            location: "query".into(),
            name: "api_key".into()
        }]
    );
    assert_eq!(warned(&m, "apiKey scheme").len(), 1);
}
