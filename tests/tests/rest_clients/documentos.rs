//! Consulta de documentos (§6.11), comprovativos (§6.12), cancelamento (§6.13), and amounts
//! as JSON numbers.

use psi_client::api::{
    cancelamento_documento_pagamento as cancelamento, comprovativos_pagamento as comprovativos,
    consulta_documentos_pagamento as consulta,
};
use psi_client::rt::ResultCode;
use psi_sim::Reply;
use psi_tests::sim::{self, Cred, exchange};
use serde_json::json;

use super::common::*;
use super::emissao::{documento, documento_json};

// ---- Consulta de documentos de pagamento (§6.11) -----------------------------------------

#[test]
fn consulta_documentos_request_and_success() {
    let answer = json_answer(
        CONSULTA,
        200,
        json!({"codigoResultado": "1", "resultado": [documento_json(), {"tipo": "DOC"}]}),
    );
    let (result, seen) = exchange(Cred::Bearer, answer, |c| {
        consulta::BlockingClient::new(c).consultar_documentos_pagamento(Some(&niss("12345678902")))
    });
    assert_declared(&ci(), "get", "/ci/documento-pagamento/consulta");
    assert_request(
        &seen,
        "GET",
        "/ptss/rest/ci/documento-pagamento/consulta?niss-representado=12345678902",
        Cred::Bearer,
    );
    assert_no_body(&seen);
    let consulta::ConsultarDocumentosPagamentoResponse::Ok(vo) = result.unwrap() else {
        panic!("expected 200")
    };
    assert_eq!(vo.codigo_resultado, code(1));
    assert_eq!(vo.resultado.len(), 2);
    assert_eq!(vo.resultado[0], documento());
    assert_eq!(
        (
            vo.resultado[1].tipo.as_deref(),
            vo.resultado[1].referencia_documento_pagamento.is_none()
        ),
        (Some("DOC"), true)
    );
}

/// "No records" came back live as HTTP 400 with `codigoResultado` `"4"` (§5.5); the spec
/// examples say 404. Both decode, with the code as a string or a number.
#[test]
fn consulta_documentos_no_records() {
    let call = |c| consulta::BlockingClient::new(c).consultar_documentos_pagamento(None);
    let (r, seen) = exchange(
        Cred::Basic,
        json_answer(
            CONSULTA,
            400,
            json!({"codigoResultado": "4", "mensagem": "Não existem registos"}),
        ),
        call,
    );
    assert_request(&seen, "GET", "/ptss/rest/ci/documento-pagamento/consulta", Cred::Basic);
    assert_eq!(
        r.unwrap(),
        consulta::ConsultarDocumentosPagamentoResponse::BadRequest(
            consulta::ConsultaDocumentosPagamentoRespostaVo::new()
                .with_codigo_resultado(ResultCode(4))
                .with_mensagem("Não existem registos")
                .with_resultado(vec![])
        )
    );
    let (r, _) = exchange(
        Cred::Basic,
        json_answer(CONSULTA, 404, json!({"codigoResultado": 4})),
        call,
    );
    assert!(
        matches!(r.unwrap(), consulta::ConsultarDocumentosPagamentoResponse::NotFound(vo) if vo.codigo_resultado == code(4))
    );
    let (r, _) = exchange(Cred::Basic, sim::on(CONSULTA).reply(Reply::Forbidden), call);
    assert!(
        matches!(r.unwrap(), consulta::ConsultarDocumentosPagamentoResponse::Forbidden(e) if e.message.as_deref() == Some("Operação não permitida"))
    );
}

// ---- Consulta de comprovativos de pagamento (§6.12) --------------------------------------

#[test]
fn comprovativos_request_and_success() {
    let answer = json_answer(
        COMPROVATIVOS,
        200,
        json!({"codigoResultado": 1, "resultado": [
            {"numeroDocumentoPagamento": "20230000999888", "dataPagamento": "2023-05-20", "mensagemNaturezaPagamento": "Contribuições"},
            {"numeroDocumentoPagamento": "20230000999889", "dataPagamento": "2023-06-19"}
        ]}),
    );
    let (result, seen) = exchange(Cred::Bearer, answer, |c| {
        comprovativos::BlockingClient::new(c).obter_comprovativos_pagamento(2023, Some(&niss("29999999991")))
    });
    assert_declared(&ci(), "get", "/ci/comprovativos-pagamento/{ano-pagamento}");
    assert_request(
        &seen,
        "GET",
        "/ptss/rest/ci/comprovativos-pagamento/2023?niss-representado=29999999991",
        Cred::Bearer,
    );
    assert_no_body(&seen);
    let comprovativos::ObterComprovativosPagamentoResponse::Ok(vo) = result.unwrap() else {
        panic!("expected 200")
    };
    assert_eq!(vo.codigo_resultado, code(1));
    assert_eq!(
        vo.resultado,
        [
            comprovativos::ComprovativoPagamentoVo::new()
                .with_numero_documento_pagamento("20230000999888")
                .with_data_pagamento(date(2023, 5, 20))
                .with_mensagem_natureza_pagamento("Contribuições"),
            comprovativos::ComprovativoPagamentoVo::new()
                .with_numero_documento_pagamento("20230000999889")
                .with_data_pagamento(date(2023, 6, 19)),
        ]
    );
}

#[test]
fn comprovativos_no_records_and_errors() {
    let call = |c| comprovativos::BlockingClient::new(c).obter_comprovativos_pagamento(1999, None);
    let (r, seen) = exchange(
        Cred::Basic,
        json_answer(
            COMPROVATIVOS,
            400,
            json!({"codigoResultado": "4", "mensagem": "Sem registos"}),
        ),
        call,
    );
    assert_request(&seen, "GET", "/ptss/rest/ci/comprovativos-pagamento/1999", Cred::Basic);
    assert!(
        matches!(r.unwrap(), comprovativos::ObterComprovativosPagamentoResponse::BadRequest(vo) if vo.codigo_resultado == code(4) && vo.resultado.is_empty())
    );
    let (r, _) = exchange(
        Cred::Basic,
        json_answer(COMPROVATIVOS, 404, json!({"codigoResultado": 4})),
        call,
    );
    assert!(
        matches!(r.unwrap(), comprovativos::ObterComprovativosPagamentoResponse::NotFound(vo) if vo.codigo_resultado == code(4))
    );
    let (r, _) = exchange(
        Cred::Basic,
        json_answer(
            COMPROVATIVOS,
            500,
            json!({"codigoResultado": 0, "mensagem": "Erro interno"}),
        ),
        call,
    );
    assert!(
        matches!(r.unwrap(), comprovativos::ObterComprovativosPagamentoResponse::InternalServerError(vo) if vo.codigo_resultado == code(0))
    );
}

// ---- Cancelamento de documento de pagamento (§6.13) --------------------------------------

#[test]
fn cancelamento_request_and_success() {
    let answer = json_answer(
        CANCELAR,
        200,
        json!({"codigoResultado": "1", "mensagem": "Documento cancelado"}),
    );
    let (result, seen) = exchange(Cred::Bearer, answer, |c| {
        cancelamento::BlockingClient::new(c).cancelar_documento_pagamento("2024/0001 23", Some(&niss("29999999991")))
    });
    assert_declared(&ci(), "put", "/ci/documento-pagamento/{identificador}");
    assert_request(
        &seen,
        "PUT",
        "/ptss/rest/ci/documento-pagamento/2024%2F0001%2023?niss-representado=29999999991",
        Cred::Bearer,
    );
    // The PUT has no body (§6.13).
    assert_no_body(&seen);
    assert_eq!(
        result.unwrap(),
        cancelamento::CancelarDocumentoPagamentoResponse::Ok(
            cancelamento::CancelamentoDocumentoPagamentoRespostaVo::new()
                .with_codigo_resultado(ResultCode(1))
                .with_mensagem("Documento cancelado")
        )
    );
}

/// Code 17 means "not cancellable" at HTTP 200 and "malformed identifier" at HTTP 400: the
/// status tells them apart, so both must come back with their status.
#[test]
fn cancelamento_code_17_at_200_and_400() {
    let call = |c| cancelamento::BlockingClient::new(c).cancelar_documento_pagamento("20240000123456", None);
    let (r, seen) = exchange(
        Cred::Basic,
        json_answer(
            CANCELAR,
            200,
            json!({"codigoResultado": 17, "mensagem": "Documento não está a pagamento"}),
        ),
        call,
    );
    assert_request(
        &seen,
        "PUT",
        "/ptss/rest/ci/documento-pagamento/20240000123456",
        Cred::Basic,
    );
    assert!(
        matches!(r.unwrap(), cancelamento::CancelarDocumentoPagamentoResponse::Ok(vo) if vo.codigo_resultado == code(17))
    );
    let (r, _) = exchange(
        Cred::Basic,
        json_answer(
            CANCELAR,
            400,
            json!({"codigoResultado": "17", "mensagem": "Identificador inválido"}),
        ),
        call,
    );
    assert!(
        matches!(r.unwrap(), cancelamento::CancelarDocumentoPagamentoResponse::BadRequest(vo) if vo.codigo_resultado == code(17))
    );
    let (r, _) = exchange(Cred::Basic, sim::on(CANCELAR).reply(Reply::Forbidden), call);
    assert!(matches!(
        r.unwrap(),
        cancelamento::CancelarDocumentoPagamentoResponse::Forbidden(_)
    ));
    let (r, _) = exchange(Cred::Basic, sim::on(CANCELAR).reply(Reply::Unauthorized), call);
    assert_eq!(
        r.unwrap(),
        cancelamento::CancelarDocumentoPagamentoResponse::Unauthorized
    );
}

// ---- amounts -----------------------------------------------------------------------------

/// Amounts are JSON numbers (§5.3: `valor`, `valorPago`; the CI spec types them `number`).
#[test]
fn amounts_are_json_numbers() {
    let mut doc = documento_json();
    doc["valor"] = json!(1234.56);
    let (r, _) = exchange(
        Cred::Basic,
        json_answer(CONSULTA, 200, json!({"codigoResultado": 1, "resultado": [doc]})),
        |c| consulta::BlockingClient::new(c).consultar_documentos_pagamento(None),
    );
    let consulta::ConsultarDocumentosPagamentoResponse::Ok(vo) = r.unwrap() else {
        panic!("expected 200")
    };
    assert_eq!(vo.resultado[0].valor, Some(dec("1234.56")));

    let body = json!({"codigoResultado": "1", "resultado": [{"numeroDocumentoPagamento": "1", "dataPagamento": "2023-05-20", "valorPago": 99999.99}]});
    let (r, _) = exchange(Cred::Basic, json_answer(COMPROVATIVOS, 200, body), |c| {
        comprovativos::BlockingClient::new(c).obter_comprovativos_pagamento(2023, None)
    });
    let comprovativos::ObterComprovativosPagamentoResponse::Ok(vo) = r.unwrap() else {
        panic!("expected 200")
    };
    assert_eq!(vo.resultado[0].valor_pago, Some(dec("99999.99")));
}
