//! Failures, for every operation: malformed JSON, undeclared statuses, redirects; and a base
//! URL with a trailing slash.

use psi_client::api::{consulta_documentos_pagamento as consulta, qlf};
use psi_client::rt::{Config, Error};
use psi_tests::sim::{self, Cred, exchange};

use super::common::*;

/// A 200 whose JSON is malformed is `Error::Decode` with line and column. A declared error
/// status whose body is not its JSON keeps the body in `Error::Status` (204 for QLF has no
/// body to decode, so QLF's malformed answer is a 400).
#[test]
fn malformed_json_is_a_decode_error_for_every_operation() {
    let malformed = "{\n  \"codigoResultado\": \"1\",\n  \"mensagem\": \"ok\"\n";
    for (name, call) in every_operation() {
        if name == "comunicarVinculoTrabalhador" {
            let (r, _) = exchange(Cred::Bearer, sim::raw(name, 400, Some(JSON), malformed), &call);
            let err = r.expect_err(name);
            assert_eq!(err.status(), Some(400), "{name}: {err:?}");
            assert!(err.to_string().contains("\"mensagem\": \"ok\""), "{name}: {err}");
            continue;
        }
        let status = 200;
        let (r, _) = exchange(Cred::Bearer, sim::raw(name, status, Some(JSON), malformed), &call);
        let err = r.expect_err(name);
        let Error::Decode(e) = &err else {
            panic!("{name}: expected a decode error, got {err:?}")
        };
        assert_eq!(e.line, 4, "{name}: {e}");
        assert!(
            e.message.starts_with(&format!("invalid JSON (HTTP {status})")),
            "{name}: {e}"
        );
        assert!(err.to_string().contains("line 4, column"), "{name}: {err}");

        // The right syntax with the wrong types is a decode error too.
        let (r, _) = exchange(
            Cred::Bearer,
            sim::raw(name, status, Some(JSON), "{\"codigoResultado\": [1], \"code\": \"x\"}"),
            &call,
        );
        assert!(matches!(r, Err(Error::Decode(_))), "{name}: {r:?}");
    }
}

/// A status the operation does not declare is `Error::Status`, with the body kept.
#[test]
fn undeclared_status_is_a_status_error_for_every_operation() {
    for (name, call) in every_operation() {
        for (status, ct, body) in [
            (502, "text/html", "<html>Bad Gateway</html>"),
            (409, JSON, "{\"code\":409,\"message\":\"Conflito\"}"),
        ] {
            let (r, _) = exchange(Cred::Basic, sim::raw(name, status, Some(ct), body), &call);
            let err = r.expect_err(name);
            let Error::Status {
                status: s,
                content_type,
                body: b,
            } = &err
            else {
                panic!("{name}: expected a status error, got {err:?}")
            };
            assert_eq!(
                (*s, content_type.as_deref(), b.as_str()),
                (status, Some(ct), body),
                "{name}"
            );
        }
    }
}

/// A 3xx is not followed (a body and a credential are never re-sent elsewhere): it is an
/// undeclared status. The `Location` names the simulator itself, so a request that followed
/// it would be recorded.
#[test]
fn redirects_are_not_followed() {
    let sim = sim::start();
    let location = format!("{}/ptss/rest/ci/documento-pagamento/consulta?moved=1", sim.base_url());
    sim.script(
        sim::on(CONSULTA)
            .raw(
                302,
                &[("Content-Type", "text/html"), ("Location", location.as_str())],
                "moved",
            )
            .expect("a valid answer"),
    );
    let r = consulta::BlockingClient::new(sim::config(&sim, Cred::Bearer)).consultar_documentos_pagamento(None);
    assert_eq!(r.unwrap_err().status(), Some(302));
    let seen = sim.requests();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(seen[0].query.is_empty());
}

#[test]
fn base_url_with_trailing_slash() {
    let sim = sim::start();
    sim.script(sim::raw(QLF, 204, None, ""));
    let config = Config::for_url(format!("{}/ptss/rest/", sim.base_url())).auth(Cred::Basic.auth());
    qlf::BlockingClient::new(config)
        .comunicar_vinculo_trabalhador(&vinculo_termo_certo())
        .expect("204");
    assert_eq!(sim.requests()[0].path, "/ptss/rest/qlf/tco/vinculos/pedido");
}
