//! Failures, for every operation: SOAP Faults, statuses, the PSI's 403, malformed and
//! truncated answers, missing or bad values.

use psi_client::api::{alterar_contrato, cessar_vinculo, consultar_trabalhadores, sioe_directory};
use psi_client::rt::Error;
use psi_sim::Reply;
use psi_tests::sim::{self, Cred, exchange};
use psi_tests::soap::{self as answer, PSI_FORBIDDEN_BODY, SOAP11_NS, TEXT_XML};
use psi_tests::soap_wire::*;

use super::requests::*;

/// (b) A SOAP 1.1 Fault with HTTP 500 is `Error::Fault` with its code, reason and detail.
#[test]
fn soap_fault_is_a_fault_error_for_every_operation() {
    let detail = format!(
        "<ns2:ContratoException xmlns:ns2=\"{VO}\"><mensagens><erro>408 Request Timeout</erro></mensagens></ns2:ContratoException>"
    );
    for (op, cred, call) in every_operation() {
        let (result, seen) = exchange(
            cred,
            answer::fault(op.name, "soap:Server", "Erro comunicação servidor ptss", Some(&detail)),
            &call,
        );
        assert_http(&seen, op, cred);
        let err = result.expect_err(op.name);
        let Error::Fault(fault) = err else {
            panic!("{}: expected a Fault, got {err:?}", op.name)
        };
        assert_eq!(fault.code, "soap:Server", "{}", op.name);
        assert_eq!(fault.reason, "Erro comunicação servidor ptss", "{}", op.name);
        assert_eq!(fault.actor, None, "{}", op.name);
        let raw = fault
            .raw_detail
            .as_ref()
            .unwrap_or_else(|| panic!("{}: the detail is kept", op.name));
        assert!(raw.xml.contains("408 Request Timeout"), "{}: {}", op.name, raw.xml);

        // The simulator's own timeout Fault (§5.5) reads the same way.
        let (result, _) = exchange(cred, sim::on(op.name).fault(), &call);
        let err = result.expect_err(op.name);
        let fault = err
            .fault()
            .unwrap_or_else(|| panic!("{}: expected a Fault, got {err:?}", op.name));
        assert_eq!(
            (fault.code.as_str(), fault.reason.as_str()),
            ("soapenv:Server", "Erro comunicação servidor ptss"),
            "{}",
            op.name
        );
        let raw = fault.raw_detail.as_ref().map(|d| d.xml.as_str()).unwrap_or_default();
        assert!(
            raw.contains("<codigo-resultado>408</codigo-resultado>") && raw.contains("Request Timeout"),
            "{}: {raw}",
            op.name
        );
    }
}

/// A Fault in a 200 (some stacks do that) is a Fault too; a 500 without a Fault is a status error.
#[test]
fn fault_on_200_and_500_without_fault() {
    let fault_200 = sim::raw(
        CESSAR.name,
        200,
        Some(TEXT_XML),
        answer::fault_envelope("soap:Client", "Pedido inválido", None),
    );
    let (result, _) = exchange(Cred::Basic, fault_200, |c| {
        cessar_vinculo::BlockingClient::new(c).cessar_vinculo(&cessar_request())
    });
    let fault = result.unwrap_err().fault().cloned().expect("a fault");
    assert_eq!(
        (fault.code.as_str(), fault.reason.as_str(), fault.raw_detail),
        ("soap:Client", "Pedido inválido", None)
    );

    let html = sim::raw(
        SIOE_GET.name,
        500,
        Some("text/html"),
        "<html><body>Internal Server Error</body></html>",
    );
    let (result, _) = exchange(Cred::None, html, |c| {
        sioe_directory::BlockingClient::new(c).get(&sioe_get_request())
    });
    let Error::Status { status, body, .. } = result.unwrap_err() else {
        panic!("expected a status error")
    };
    assert_eq!(
        (status, body.as_str()),
        (500, "<html><body>Internal Server Error</body></html>")
    );

    let unauthorized = sim::raw(GET_DADOS.name, 401, Some("text/html"), "Unauthorized");
    let (result, _) = exchange(Cred::Bearer, unauthorized, |c| {
        consultar_trabalhadores::BlockingClient::new(c).get_dados(&get_dados_request())
    });
    assert!(result.unwrap_err().is_unauthorized());
    // The simulator's own 401 (no body) too.
    let (result, _) = exchange(Cred::Bearer, sim::on(GET_DADOS.name).reply(Reply::Unauthorized), |c| {
        consultar_trabalhadores::BlockingClient::new(c).get_dados(&get_dados_request())
    });
    assert!(result.unwrap_err().is_unauthorized());
}

/// (c) The PSI's 403: empty SOAP Body, no Fault (§4.4) is `Error::Status { status: 403 }`
/// with the body kept, before any decoding.
#[test]
fn psi_403_with_empty_body_is_a_status_error_for_every_operation() {
    for (op, cred, call) in every_operation() {
        let (result, seen) = exchange(cred, answer::psi_forbidden(op.name), call);
        assert_http(&seen, op, cred);
        let err = result.expect_err(op.name);
        assert!(err.is_forbidden(), "{}: {err:?}", op.name);
        let Error::Status {
            status,
            content_type,
            body,
        } = err
        else {
            panic!("{}: expected a status error", op.name)
        };
        assert_eq!(status, 403);
        assert_eq!(content_type.as_deref(), Some(TEXT_XML), "{}", op.name);
        assert_eq!(body, PSI_FORBIDDEN_BODY, "{}", op.name);
    }
}

/// (d) A malformed 200 body is `Error::Decode` whose message names the line and column.
#[test]
fn malformed_response_is_a_decode_error_with_position_for_every_operation() {
    let malformed = format!(
        "<S:Envelope xmlns:S=\"{SOAP11_NS}\">\n<S:Body>\n  <ns2:resposta xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo></ns2:resposta>\n</S:Body></S:Envelope>"
    );
    for (op, cred, call) in every_operation() {
        let (result, _) = exchange(cred, sim::raw(op.name, 200, Some(TEXT_XML), malformed.clone()), call);
        let err = result.expect_err(op.name);
        let Error::Decode(e) = &err else {
            panic!("{}: expected a decode error, got {err:?}", op.name)
        };
        assert_eq!(e.line, 3, "{}: {e}", op.name);
        assert!(e.column > 1, "{}: {e}", op.name);
        assert!(e.message.starts_with("malformed XML"), "{}: {e}", op.name);
        let shown = err.to_string();
        assert!(
            shown.contains(&format!("line 3, column {}", e.column)),
            "{}: {shown}",
            op.name
        );
    }
}

/// A truncated answer and a 200 that is not an envelope are decode errors too.
#[test]
fn truncated_and_non_envelope_answers_are_decode_errors() {
    let full = answer::envelope(
        "soap",
        &format!(
            "<ns2:cessarVinculoResponse xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo-resultado></ns2:cessarVinculoResponse>"
        ),
    );
    let cut = &full[..full.len() / 2];
    let (result, _) = exchange(Cred::Basic, sim::raw(CESSAR.name, 200, Some(TEXT_XML), cut), |c| {
        cessar_vinculo::BlockingClient::new(c).cessar_vinculo(&cessar_request())
    });
    let Error::Decode(e) = result.unwrap_err() else {
        panic!("expected a decode error")
    };
    assert!(e.line > 0 && e.message.starts_with("malformed XML"), "{e}");

    let (result, _) = exchange(
        Cred::Basic,
        sim::raw(
            CESSAR.name,
            200,
            Some("text/html"),
            "<html><body>Manutenção</body></html>",
        ),
        |c| cessar_vinculo::BlockingClient::new(c).cessar_vinculo(&cessar_request()),
    );
    let Error::Decode(e) = result.unwrap_err() else {
        panic!("expected a decode error")
    };
    assert!(e.to_string().contains("not a SOAP 1.1 or 1.2 Envelope"), "{e}");
}

/// A well-formed answer without a required value names the element's path and position.
#[test]
fn missing_or_bad_values_are_decode_errors_with_path() {
    let no_code = format!(
        "<ns2:cessarVinculoResponse xmlns:ns2=\"{VO}\"><mensagens-erro>x</mensagens-erro></ns2:cessarVinculoResponse>"
    );
    let (result, _) = exchange(Cred::Basic, answer::ok(CESSAR.name, "soap", &no_code), |c| {
        cessar_vinculo::BlockingClient::new(c).cessar_vinculo(&cessar_request())
    });
    let Error::Decode(e) = result.unwrap_err() else {
        panic!("expected a decode error")
    };
    assert_eq!(e.path, "/Envelope/Body/cessarVinculoResponse");
    assert_eq!(e.message, "required `codigo-resultado` is missing");
    assert_eq!(e.line, 5, "{e}");

    let bad_code = format!(
        "<ns2:cessarVinculoResponse xmlns:ns2=\"{VO}\"><codigo-resultado>um</codigo-resultado></ns2:cessarVinculoResponse>"
    );
    let (result, _) = exchange(Cred::Basic, answer::ok(CESSAR.name, "soap", &bad_code), |c| {
        cessar_vinculo::BlockingClient::new(c).cessar_vinculo(&cessar_request())
    });
    let Error::Decode(e) = result.unwrap_err() else {
        panic!("expected a decode error")
    };
    assert_eq!(e.path, "/Envelope/Body/cessarVinculoResponse/codigo-resultado");
    assert_eq!(e.message, "`um` is not a 32-bit integer");

    // A 200 with an empty Body: the response element is missing.
    let (result, _) = exchange(
        Cred::Basic,
        sim::raw(ALTERAR.name, 200, Some(TEXT_XML), PSI_FORBIDDEN_BODY),
        |c| alterar_contrato::BlockingClient::new(c).alterar_contrato_trabalho(&alterar_request()),
    );
    let Error::Decode(e) = result.unwrap_err() else {
        panic!("expected a decode error")
    };
    assert_eq!(e.message, "required `alterarContratoTrabalhoResponse` is missing");
}
