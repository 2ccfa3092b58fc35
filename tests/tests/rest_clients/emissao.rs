//! Emissão de documentos de pagamento (§6.10): the pedido and its answers, the obter with a
//! percent-encoded chave and its answers.

use psi_client::api::{emissao_documentos_pagamento as emissao, shared};
use psi_client::rt::ResultCode;
use psi_sim::Reply;
use psi_tests::sim::{self, Cred, exchange};
use serde_json::{Value, json};

use super::common::*;

// ---- Emissão de documentos de pagamento: pedido (§6.10.1) --------------------------------

#[test]
fn pedido_emissao_request_and_string_result_code() {
    let answer = json_answer(
        PEDIR,
        200,
        json!({"codigoResultado": "1", "mensagem": "Pedido aceite", "chave": "c0ffee00-1234-4abc-8def-000000000001"}),
    );
    let (result, seen) = exchange(Cred::Bearer, answer, |c| {
        emissao::BlockingClient::new(c)
            .pedir_emissao_documentos_pagamento(Some(&niss("29999999991")), &pedido_emissao(emissao::Ambito::V11))
    });
    let spec = ci();
    assert_declared(&spec, "post", "/ci/documento-pagamento/pedido-emissao");
    assert_request(
        &seen,
        "POST",
        "/ptss/rest/ci/documento-pagamento/pedido-emissao?niss-representado=29999999991",
        Cred::Bearer,
    );
    let body = json_body(&seen);
    assert_eq!(body, json!({"ambito": 11}));
    spec.assert_valid_body("post", "/ci/documento-pagamento/pedido-emissao", &body);

    assert_eq!(
        result.unwrap(),
        emissao::PedirEmissaoDocumentosPagamentoResponse::Ok(
            emissao::PedidoEmissaoDocumentoPagamentoRespostaVo::new()
                .with_codigo_resultado(ResultCode(1))
                .with_mensagem("Pedido aceite")
                .with_chave("c0ffee00-1234-4abc-8def-000000000001")
        )
    );
}

#[test]
fn pedido_emissao_numeric_result_code_and_no_representation() {
    // 10: the same (entity, âmbito) is already processing; its chave comes back.
    let answer = json_answer(
        PEDIR,
        200,
        json!({"codigoResultado": 10, "chave": "c0ffee00-1234-4abc-8def-000000000002"}),
    );
    let (result, seen) = exchange(Cred::Basic, answer, |c| {
        emissao::BlockingClient::new(c).pedir_emissao_documentos_pagamento(None, &pedido_emissao(emissao::Ambito::V20))
    });
    assert_request(
        &seen,
        "POST",
        "/ptss/rest/ci/documento-pagamento/pedido-emissao",
        Cred::Basic,
    );
    assert_eq!(json_body(&seen), json!({"ambito": 20}));
    let emissao::PedirEmissaoDocumentosPagamentoResponse::Ok(vo) = result.unwrap() else {
        panic!("expected 200")
    };
    assert_eq!(
        (vo.codigo_resultado, vo.mensagem, vo.chave.as_deref()),
        (code(10), None, Some("c0ffee00-1234-4abc-8def-000000000002"))
    );
}

#[test]
fn every_ambito_is_a_body_the_spec_allows() {
    let spec = ci();
    for ambito in emissao::Ambito::ALL {
        let body = serde_json::to_value(pedido_emissao(ambito.clone())).expect("serializes");
        spec.assert_valid_body("post", "/ci/documento-pagamento/pedido-emissao", &body);
        assert_eq!(body["ambito"].to_string(), ambito.as_str());
    }
}

#[test]
fn pedido_emissao_error_answers() {
    let call = |c| {
        emissao::BlockingClient::new(c).pedir_emissao_documentos_pagamento(None, &pedido_emissao(emissao::Ambito::V13))
    };
    let (r, _) = exchange(
        Cred::Bearer,
        sim::raw(PEDIR, 400, Some("text/plain"), "Pedido inválido"),
        call,
    );
    assert_eq!(r.unwrap(), emissao::PedirEmissaoDocumentosPagamentoResponse::BadRequest);
    let (r, _) = exchange(Cred::Bearer, sim::on(PEDIR).reply(Reply::Forbidden), call);
    assert_eq!(
        r.unwrap(),
        emissao::PedirEmissaoDocumentosPagamentoResponse::Forbidden(
            shared::RetornoValidacaoDto::new()
                .with_code(403)
                .with_message("Operação não permitida")
        )
    );
    let (r, _) = exchange(Cred::Bearer, sim::on(PEDIR).reply(Reply::Unauthorized), call);
    assert_eq!(
        r.unwrap(),
        emissao::PedirEmissaoDocumentosPagamentoResponse::Unauthorized
    );
    let (r, _) = exchange(
        Cred::Bearer,
        json_answer(PEDIR, 500, json!({"codigoResultado": "0", "mensagem": "Erro interno"})),
        call,
    );
    let emissao::PedirEmissaoDocumentosPagamentoResponse::InternalServerError(vo) = r.unwrap() else {
        panic!("expected 500")
    };
    assert_eq!(vo.codigo_resultado, code(0));
}

// ---- Emissão de documentos de pagamento: obter (§6.10.2) ---------------------------------

#[test]
fn obter_pedido_request_percent_encodes_the_chave() {
    let answer = json_answer(
        OBTER,
        200,
        json!({"codigoResultado": 10, "mensagem": "Pedido em processamento"}),
    );
    let (result, seen) = exchange(Cred::Bearer, answer, |c| {
        emissao::BlockingClient::new(c).obter_pedido_emissao_documentos_pagamento("ab/cd ef?g#h%é")
    });
    assert_declared(&ci(), "get", "/ci/documento-pagamento/consulta-pedido/{chave}");
    assert_request(
        &seen,
        "GET",
        "/ptss/rest/ci/documento-pagamento/consulta-pedido/ab%2Fcd%20ef%3Fg%23h%25%C3%A9",
        Cred::Bearer,
    );
    assert_no_body(&seen);
    assert_eq!(
        result.unwrap(),
        emissao::ObterPedidoEmissaoDocumentosPagamentoResponse::Ok(
            emissao::ObterPedidoEmissaoDocumentoPagamentoRespostaVo::new()
                .with_codigo_resultado(ResultCode(10))
                .with_mensagem("Pedido em processamento")
                .with_resultado(vec![])
        )
    );
}

/// A payment document as §6.11 describes it, `valor` left out (see `amounts_are_json_numbers`).
pub(crate) fn documento_json() -> Value {
    json!({
        "tipo": "DOC",
        "subtipo": "CONTRIBUICOES",
        "numeroDocumentoPagamento": "20240000123456",
        "dataValidade": "2024-03-20",
        "referenciaDocumentoPagamento": {
            "pagamentoMultibanco": {"entidadeMultibanco": "20638", "referenciaMultibanco": "123456789"},
            "pagamentoTransferenciaBancaria": {"iban": "PT50000000000000000000000", "swift": "IGCPPTPL"},
            "pagamentoTesouraria": "S",
            "pagamentoDebitoDireto": {"numeroAutorizacao": "000111222"}
        }
    })
}

pub(crate) fn documento() -> shared::ObterDocumentoPagamentoVo {
    shared::ObterDocumentoPagamentoVo::new()
        .with_tipo("DOC")
        .with_subtipo("CONTRIBUICOES")
        .with_numero_documento_pagamento("20240000123456")
        .with_data_validade(date(2024, 3, 20))
        .with_referencia_documento_pagamento(
            shared::ReferenciaDocumentoPagamentoVo::new()
                .with_pagamento_multibanco(
                    shared::PagamentoMultibancoVo::new()
                        .with_entidade_multibanco("20638")
                        .with_referencia_multibanco("123456789"),
                )
                .with_pagamento_transferencia_bancaria(
                    shared::PagamentoTransferenciaBancariaVo::new()
                        .with_iban("PT50000000000000000000000")
                        .with_swift("IGCPPTPL"),
                )
                .with_pagamento_tesouraria("S")
                .with_pagamento_debito_direto(
                    shared::PagamentoDebitoDiretoVo::new().with_numero_autorizacao("000111222"),
                ),
        )
}

#[test]
fn obter_pedido_answers() {
    let call = |c| emissao::BlockingClient::new(c).obter_pedido_emissao_documentos_pagamento("0123456789abcdef");
    let (r, seen) = exchange(
        Cred::Basic,
        json_answer(
            OBTER,
            200,
            json!({"codigoResultado": 1, "resultado": [documento_json()]}),
        ),
        call,
    );
    assert_request(
        &seen,
        "GET",
        "/ptss/rest/ci/documento-pagamento/consulta-pedido/0123456789abcdef",
        Cred::Basic,
    );
    let emissao::ObterPedidoEmissaoDocumentosPagamentoResponse::Ok(vo) = r.unwrap() else {
        panic!("expected 200")
    };
    assert_eq!((vo.codigo_resultado, vo.resultado), (code(1), vec![documento()]));

    // 13: malformed key (400) or not this requester's (404); 14 expired; 0 internal error.
    let (r, _) = exchange(
        Cred::Basic,
        json_answer(
            OBTER,
            400,
            json!({"codigoResultado": "13", "mensagem": "Chave inválida"}),
        ),
        call,
    );
    let emissao::ObterPedidoEmissaoDocumentosPagamentoResponse::BadRequest(vo) = r.unwrap() else {
        panic!("expected 400")
    };
    assert_eq!(vo.codigo_resultado, code(13));
    let (r, _) = exchange(
        Cred::Basic,
        json_answer(OBTER, 404, json!({"codigoResultado": 13})),
        call,
    );
    assert!(
        matches!(r.unwrap(), emissao::ObterPedidoEmissaoDocumentosPagamentoResponse::NotFound(vo) if vo.codigo_resultado == code(13))
    );
    let (r, _) = exchange(
        Cred::Basic,
        json_answer(
            OBTER,
            200,
            json!({"codigoResultado": "14", "mensagem": "Pedido expirado"}),
        ),
        call,
    );
    assert!(
        matches!(r.unwrap(), emissao::ObterPedidoEmissaoDocumentosPagamentoResponse::Ok(vo) if vo.codigo_resultado == code(14))
    );
    let (r, _) = exchange(
        Cred::Basic,
        json_answer(OBTER, 500, json!({"codigoResultado": "0"})),
        call,
    );
    assert!(
        matches!(r.unwrap(), emissao::ObterPedidoEmissaoDocumentosPagamentoResponse::InternalServerError(vo) if vo.codigo_resultado == code(0))
    );
    let (r, _) = exchange(Cred::Basic, sim::on(OBTER).reply(Reply::Forbidden), call);
    assert!(
        matches!(r.unwrap(), emissao::ObterPedidoEmissaoDocumentosPagamentoResponse::Forbidden(e) if e.code == Some(403))
    );
}
