//! The schema checker the body checks rely on.

use serde_json::{Value, json};

use super::common::*;

/// The checker fails on wrong bodies (so the body checks above are worth something) and passes
/// the spec's own example.
#[test]
fn schema_checker_rejects_wrong_bodies() {
    let spec = qlf_spec();
    let schema = spec.body_schema("post", "/qlf/tco/vinculos/pedido").clone();
    let example = spec.operation("post", "/qlf/tco/vinculos/pedido")["parameters"][0]["x-example"].clone();
    assert!(
        spec.check(&schema, &example).is_empty(),
        "{:?}",
        spec.check(&schema, &example)
    );

    let with = |key: &str, value: Value| {
        let mut v = example.clone();
        v[key] = value;
        v
    };
    let without = |key: &str| {
        let mut v = example.clone();
        v.as_object_mut().expect("object").remove(key);
        v
    };
    for (bad, why) in [
        (
            without("niss-trabalhador"),
            "required property `niss-trabalhador` is missing",
        ),
        (
            with("niss-trabalhador", json!("29999999991")),
            "/niss-trabalhador: expected integer",
        ),
        (with("local-trabalho", json!(1.5)), "/local-trabalho: expected integer"),
        (
            with("remuneracao-base", json!("900.00")),
            "/remuneracao-base: expected number",
        ),
        (
            with("data-nascimento", json!("31/01/1990")),
            "/data-nascimento: `31/01/1990` is not a date",
        ),
        (with("fim-contrato", json!("")), "/fim-contrato: `` is not a date"),
        (
            with("inicio-contrato", json!("2024-02-30")),
            "/inicio-contrato: `2024-02-30` is not a date",
        ),
        (
            with("modalidade-contrato", json!("ZZ")),
            "/modalidade-contrato: \"ZZ\" is not one of",
        ),
        (
            with("niss-trabalhador", json!(1e20)),
            "/niss-trabalhador: expected integer",
        ),
        (json!([]), "/: expected object"),
    ] {
        let errors = spec.check(&schema, &bad);
        assert!(
            errors.iter().any(|e| e.contains(why)),
            "expected `{why}` for {bad}, got {errors:?}"
        );
    }

    let ci = ci();
    let pedido = ci.body_schema("post", "/ci/documento-pagamento/pedido-emissao").clone();
    assert!(ci.check(&pedido, &json!({"ambito": 11})).is_empty());
    assert!(
        !ci.check(&pedido, &json!({"ambito": 21})).is_empty(),
        "21 is not an âmbito"
    );
    assert!(
        !ci.check(&pedido, &json!({"ambito": "11"})).is_empty(),
        "ambito is an integer"
    );
    assert!(!ci.check(&pedido, &json!({})).is_empty(), "ambito is required");

    // Nested objects, arrays, booleans, int64 and closed objects.
    let closed = json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["a"],
        "properties": {
            "a": {"type": "integer", "format": "int64"},
            "b": {"type": "array", "items": {"$ref": "#/definitions/RetornoValidacaoDTO"}},
            "c": {"type": "boolean"}
        }
    });
    assert!(
        ci.check(&closed, &json!({"a": 1, "b": [{"code": 1, "message": "m"}], "c": true}))
            .is_empty()
    );
    let errors = ci.check(
        &closed,
        &json!({"a": 18446744073709551615_u64, "b": [{"code": "1"}], "c": "true", "d": 0}),
    );
    for why in [
        "/a: 18446744073709551615 does not fit int64",
        "/b/0/code: expected integer",
        "/c: expected boolean",
        "property `d` is not allowed",
    ] {
        assert!(
            errors.iter().any(|e| e.contains(why)),
            "expected `{why}`, got {errors:?}"
        );
    }
}
