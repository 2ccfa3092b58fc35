//! HTTP operations: paths, methods, parameters, bodies, statuses, content types.

use super::*;

#[test]
fn http_path_method_and_parameters() {
    let r = rest_diff(|d| d.path = "/ci/v2/comprovativos-pagamento/{ano-pagamento}".into());
    expect(&r, &[(K::PathChanged, Breaking, Senders, REST_OP)]);
    let r = rest_diff(|d| {
        d.path = "/ci/comprovativos-pagamento/{ano}".into();
        d.params[0].0 = "ano".into();
    });
    expect(
        &r,
        &[
            (K::PathChanged, Info, Affects::None, REST_OP),
            (
                K::ParamRenamed,
                Info,
                Affects::None,
                &format!("{REST_OP} / request / path param ano"),
            ),
        ],
    );
    let r = rest_diff(|d| d.method = Method::Post);
    expect(&r, &[(K::MethodChanged, Breaking, Senders, REST_OP)]);
    let r = rest_diff(|d| d.params[1].3 = true);
    expect(
        &r,
        &[(
            K::BecameRequired,
            Breaking,
            Senders,
            &format!("{REST_OP} / request / query param niss"),
        )],
    );
    let r = rest_diff(|d| {
        d.params
            .push(("pagina".into(), ParamLocation::Query, Primitive::I32, false))
    });
    expect(
        &r,
        &[(
            K::ParamAdded,
            Safe,
            Senders,
            &format!("{REST_OP} / request / query param pagina"),
        )],
    );
    let r = rest_diff(|d| {
        d.params
            .push(("x-versao".into(), ParamLocation::Header, Primitive::String, true))
    });
    expect(
        &r,
        &[(
            K::ParamAdded,
            Breaking,
            Senders,
            &format!("{REST_OP} / request / header param x-versao"),
        )],
    );
    let r = rest_diff(|d| d.params[1].1 = ParamLocation::Header);
    expect(
        &r,
        &[(
            K::ParamLocationChanged,
            Breaking,
            Senders,
            &format!("{REST_OP} / request / header param niss"),
        )],
    );
    let r = rest_diff(|d| d.params[1].2 = Primitive::I32);
    expect(
        &r,
        &[(
            K::FormatChanged,
            Breaking,
            Senders,
            &format!("{REST_OP} / request / query param niss"),
        )],
    );
}

#[test]
fn http_bodies_statuses_and_json_types() {
    let r = rest_diff(|d| d.body = Some(vec![prop("motivo", Ty::P(Primitive::String), Occurs::ONE)]));
    expect(
        &r,
        &[(K::BodyAdded, Breaking, Senders, &format!("{REST_OP} / request / body"))],
    );
    let r = rest_diff(|d| d.responses.push((Status::Code(404), None)));
    expect(
        &r,
        &[(K::StatusAdded, Safe, Readers, &format!("{REST_OP} / response 404"))],
    );
    let r = rest_diff(|d| d.responses.push((Status::Code(202), None)));
    expect(
        &r,
        &[(K::StatusAdded, Breaking, Readers, &format!("{REST_OP} / response 202"))],
    );
    let r = rest_diff(|d| d.responses[0].0 = Status::Code(201));
    expect(
        &r,
        &[
            (
                K::StatusRemoved,
                Breaking,
                Readers,
                &format!("{REST_OP} / response 200"),
            ),
            (K::StatusAdded, Breaking, Readers, &format!("{REST_OP} / response 201")),
        ],
    );
    let r = rest_diff(|d| d.responses.retain(|r| r.0 != Status::Code(400)));
    expect(
        &r,
        &[(K::StatusRemoved, Safe, Readers, &format!("{REST_OP} / response 400"))],
    );
    // In JSON a number becoming a string is a type change, not a widening.
    let r = rest_diff(|d| d.responses[0].1.as_mut().unwrap()[2].ty = Ty::P(Primitive::String));
    expect(
        &r,
        &[(
            K::TypeChanged,
            Breaking,
            Readers,
            &format!("{REST_OP} / response 200 / valor"),
        )],
    );
    let r = rest_diff(|d| d.estado.push("ANULADO".into()));
    expect(
        &r,
        &[(
            K::EnumValueAdded,
            Safe,
            Readers,
            &format!("{REST_OP} / response 200 / estado"),
        )],
    );
    let r = rest_diff(|d| d.security = Vec::new());
    expect(&r, &[(K::AuthRemoved, Info, Affects::None, "service CI / auth")]);
    let mut d = base_rest();
    d.security = Vec::new();
    let r = diff(&rest_model(&d), &rest_model(&base_rest()));
    expect(&r, &[(K::AuthAdded, Breaking, Senders, "service CI / auth")]);
}

#[test]
fn http_content_types_and_repeated_params() {
    let a = rest_model(&base_rest());
    let mut b = a.clone();
    if let Binding::Http(h) = &mut b.services[0].operations[0].binding {
        h.responses[0].content_type = Some("application/xml".into());
        h.params[1].list = true;
    }
    expect(
        &diff(&a, &b),
        &[
            (
                K::ContentTypeChanged,
                Breaking,
                Readers,
                &format!("{REST_OP} / response 200"),
            ),
            (
                K::ParamListChanged,
                Safe,
                Senders,
                &format!("{REST_OP} / request / query param niss"),
            ),
        ],
    );
    let json = to_json(&diff(&a, &b));
    assert!(!json.contains("\"also\""), "empty `also` lists are left out: {json}");
}

/// The JSON reader's extra shapes (`x-psi-aliases`, `x-psi-bare-array`): more shapes are safe for
/// readers, fewer break them; senders are unaffected.
#[test]
fn json_reader_shapes_widened_and_narrowed() {
    let plain = rest_model(&base_rest());
    let mut wider = plain.clone();
    let body = wider
        .types
        .iter_mut()
        .find_map(|t| match &mut t.shape {
            Shape::Struct(s) if s.fields.iter().any(|f| f.wire == "codigoResultado") => Some(s),
            _ => None,
        })
        .expect("the 200 body");
    body.fields[0].aliases = vec!["codigo-resultado".into()];
    body.fields[1].occurs = Occurs::MANY;
    body.bare_list = Some(1);
    let kinds = |r: &Report| -> Vec<(ChangeKind, Severity)> {
        let mut v: Vec<_> = r
            .changes
            .iter()
            .filter(|c| matches!(c.kind, K::FieldRenamed | K::StructChanged))
            .map(|c| (c.kind, c.severity))
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        kinds(&diff(&plain, &wider)),
        [(K::FieldRenamed, Safe), (K::StructChanged, Safe)]
    );
    assert_eq!(
        kinds(&diff(&wider, &plain)),
        [(K::FieldRenamed, Breaking), (K::StructChanged, Breaking)]
    );
}
