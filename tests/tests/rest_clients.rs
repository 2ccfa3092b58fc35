//! Every REST operation of the generated clients (CI: emissão, consulta, comprovativos,
//! cancelamento; QLF), called with the default (reqwest) transport against a loopback server:
//! method, path (base URL + basePath-relative path, path parameters percent-encoded), query,
//! headers and the JSON body (checked against the Swagger schema of that body), then the
//! answers: success, the PSI's error bodies, malformed JSON and undeclared statuses.
//!
//! Facts from `../shared/reference/psi-services.md` (§4.4, §5.3, §5.5, §6.9–§6.13, §7.7.4,
//! §7.7.5).

use psi_client::api::{
    cancelamento_documento_pagamento as cancelamento, comprovativos_pagamento as comprovativos,
    consulta_documentos_pagamento as consulta, emissao_documentos_pagamento as emissao, qlf, shared,
};
use psi_client::rt::{Auth, Config, Date, Decimal, Error, Niss, ResultCode};
use psi_tests::server::{Answer, Seen, Server};
use psi_tests::swagger::Swagger;
use serde_json::{Value, json};

const JSON: &str = "application/json";

fn ci() -> Swagger {
    Swagger::load("psi/ci/openapi_CI.yaml")
}

fn qlf_spec() -> Swagger {
    Swagger::load("psi/qlf/openapi_QLF.yaml")
}

// ---- credentials (obvious placeholders) and values ---------------------------------------

#[derive(Debug, Clone, Copy)]
enum Cred {
    Basic,
    Bearer,
}

impl Cred {
    fn auth(self) -> Auth {
        match self {
            Cred::Basic => Auth::basic("21111111111", "PLACEHOLDER-password"),
            Cred::Bearer => Auth::bearer("PLACEHOLDER-token"),
        }
    }

    fn header(self) -> &'static str {
        match self {
            // base64("21111111111:PLACEHOLDER-password")
            Cred::Basic => "Basic MjExMTExMTExMTE6UExBQ0VIT0xERVItcGFzc3dvcmQ=",
            Cred::Bearer => "Bearer PLACEHOLDER-token",
        }
    }
}

fn niss(s: &str) -> Niss {
    Niss::new(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd_opt(y, m, d).expect("a real date")
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn code(n: i64) -> Option<ResultCode> {
    Some(ResultCode(n))
}

// ---- one exchange ------------------------------------------------------------------------

/// Start a loopback server that answers once, call the client built from a `Config` whose base
/// URL is the server's address + `/ptss/rest` (the specs' basePath), and return what the call
/// returned and the request the server saw.
fn exchange<T>(cred: Cred, answer: Answer, call: impl FnOnce(Config) -> T) -> (T, Seen) {
    let server = Server::start(vec![answer]);
    let config = Config::for_url(format!("{}/ptss/rest", server.base)).auth(cred.auth());
    let out = call(config);
    // The server records a request before it answers; it stops by itself after one answer.
    let mut seen = server.seen();
    assert_eq!(seen.len(), 1, "expected exactly one request");
    (out, seen.remove(0))
}

fn json_answer(status: u16, body: Value) -> Answer {
    Answer::new(status, JSON, body.to_string())
}

/// Method, path and query (`target`), `Accept`, `Authorization` and `User-Agent`.
fn assert_request(seen: &Seen, method: &str, target: &str, cred: Cred) {
    assert_eq!(seen.method, method);
    assert_eq!(seen.target, target);
    assert_eq!(seen.header("accept"), Some(JSON));
    assert_eq!(seen.header("authorization"), Some(cred.header()));
    assert!(
        seen.header("user-agent")
            .is_some_and(|ua| ua.starts_with("psi-client/"))
    );
}

/// The request carries `Content-Type: application/json` and a JSON body; that body.
fn json_body(seen: &Seen) -> Value {
    assert_eq!(seen.header("content-type"), Some(JSON));
    serde_json::from_str(&seen.body).unwrap_or_else(|e| panic!("the request body is not JSON ({e}): {}", seen.body))
}

/// The request carries no body.
fn assert_no_body(seen: &Seen) {
    assert_eq!(seen.header("content-type"), None);
    assert_eq!(seen.body, "");
}

/// The spec declares `method path` under basePath `/ptss/rest`.
fn assert_declared(spec: &Swagger, method: &str, path: &str) {
    assert_eq!(spec.base_path(), "/ptss/rest");
    spec.operation(method, path);
}

// ---- calls -------------------------------------------------------------------------------

fn pedido_emissao(ambito: emissao::Ambito) -> emissao::PedidoEmissaoDocumentoPagamentoVo {
    emissao::PedidoEmissaoDocumentoPagamentoVo::new(ambito)
}

/// A vínculo a termo certo, tempo completo (§6.9), with the values the spec's x-example uses.
fn vinculo_termo_certo() -> qlf::PedidoVinculoTrabalhadorDto {
    qlf::PedidoVinculoTrabalhadorDto::new(
        niss("21111111111"),
        niss("29999999991"),
        date(1990, 1, 31),
        shared::ModalidadeContrato::E,
        shared::PrestacaoTrabalho::P,
        date(2024, 2, 1),
        "93130",
        dec("900.00"),
        qlf::Enquadramento::Rege,
        1,
    )
    .with_fim_contrato(date(2024, 7, 31))
    .with_motivo_contrato(shared::MotivoContrato::Aeat)
}

/// A call of one REST operation, its outcome reduced to `Result<(), Error>`.
type Call = Box<dyn Fn(Config) -> Result<(), Error>>;

/// Every REST operation, by name.
fn every_operation() -> Vec<(&'static str, Call)> {
    vec![
        (
            "pedirEmissaoDocumentosPagamento",
            Box::new(|c| {
                emissao::BlockingClient::new(c)
                    .pedir_emissao_documentos_pagamento(None, &pedido_emissao(emissao::Ambito::V11))
                    .map(drop)
            }),
        ),
        (
            "obterPedidoEmissaoDocumentosPagamento",
            Box::new(|c| {
                emissao::BlockingClient::new(c)
                    .obter_pedido_emissao_documentos_pagamento("0123456789abcdef")
                    .map(drop)
            }),
        ),
        (
            "consultarDocumentosPagamento",
            Box::new(|c| {
                consulta::BlockingClient::new(c)
                    .consultar_documentos_pagamento(None)
                    .map(drop)
            }),
        ),
        (
            "obterComprovativosPagamento",
            Box::new(|c| {
                comprovativos::BlockingClient::new(c)
                    .obter_comprovativos_pagamento(2023, None)
                    .map(drop)
            }),
        ),
        (
            "cancelarDocumentoPagamento",
            Box::new(|c| {
                cancelamento::BlockingClient::new(c)
                    .cancelar_documento_pagamento("123456789", None)
                    .map(drop)
            }),
        ),
        (
            "comunicarVinculoTrabalhador",
            Box::new(|c| {
                qlf::BlockingClient::new(c)
                    .comunicar_vinculo_trabalhador(&vinculo_termo_certo())
                    .map(drop)
            }),
        ),
    ]
}

// ---- Emissão de documentos de pagamento: pedido (§6.10.1) --------------------------------

#[test]
fn pedido_emissao_request_and_string_result_code() {
    let answer = json_answer(
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
    let (r, _) = exchange(Cred::Bearer, Answer::new(400, "text/plain", "Pedido inválido"), call);
    assert_eq!(r.unwrap(), emissao::PedirEmissaoDocumentosPagamentoResponse::BadRequest);
    let (r, _) = exchange(
        Cred::Bearer,
        json_answer(403, json!({"code": 403, "message": "Operação não permitida"})),
        call,
    );
    assert_eq!(
        r.unwrap(),
        emissao::PedirEmissaoDocumentosPagamentoResponse::Forbidden(
            shared::RetornoValidacaoDto::new()
                .with_code(403)
                .with_message("Operação não permitida")
        )
    );
    let (r, _) = exchange(Cred::Bearer, Answer::empty(401), call);
    assert_eq!(
        r.unwrap(),
        emissao::PedirEmissaoDocumentosPagamentoResponse::Unauthorized
    );
    let (r, _) = exchange(
        Cred::Bearer,
        json_answer(500, json!({"codigoResultado": "0", "mensagem": "Erro interno"})),
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
fn documento_json() -> Value {
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

fn documento() -> shared::ObterDocumentoPagamentoVo {
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
        json_answer(200, json!({"codigoResultado": 1, "resultado": [documento_json()]})),
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
        json_answer(400, json!({"codigoResultado": "13", "mensagem": "Chave inválida"})),
        call,
    );
    let emissao::ObterPedidoEmissaoDocumentosPagamentoResponse::BadRequest(vo) = r.unwrap() else {
        panic!("expected 400")
    };
    assert_eq!(vo.codigo_resultado, code(13));
    let (r, _) = exchange(Cred::Basic, json_answer(404, json!({"codigoResultado": 13})), call);
    assert!(
        matches!(r.unwrap(), emissao::ObterPedidoEmissaoDocumentosPagamentoResponse::NotFound(vo) if vo.codigo_resultado == code(13))
    );
    let (r, _) = exchange(
        Cred::Basic,
        json_answer(200, json!({"codigoResultado": "14", "mensagem": "Pedido expirado"})),
        call,
    );
    assert!(
        matches!(r.unwrap(), emissao::ObterPedidoEmissaoDocumentosPagamentoResponse::Ok(vo) if vo.codigo_resultado == code(14))
    );
    let (r, _) = exchange(Cred::Basic, json_answer(500, json!({"codigoResultado": "0"})), call);
    assert!(
        matches!(r.unwrap(), emissao::ObterPedidoEmissaoDocumentosPagamentoResponse::InternalServerError(vo) if vo.codigo_resultado == code(0))
    );
    let (r, _) = exchange(
        Cred::Basic,
        json_answer(403, json!({"code": 403, "message": "Operação não permitida"})),
        call,
    );
    assert!(
        matches!(r.unwrap(), emissao::ObterPedidoEmissaoDocumentosPagamentoResponse::Forbidden(e) if e.code == Some(403))
    );
}

// ---- Consulta de documentos de pagamento (§6.11) -----------------------------------------

#[test]
fn consulta_documentos_request_and_success() {
    let answer = json_answer(
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
        json_answer(400, json!({"codigoResultado": "4", "mensagem": "Não existem registos"})),
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
    let (r, _) = exchange(Cred::Basic, json_answer(404, json!({"codigoResultado": 4})), call);
    assert!(
        matches!(r.unwrap(), consulta::ConsultarDocumentosPagamentoResponse::NotFound(vo) if vo.codigo_resultado == code(4))
    );
    let (r, _) = exchange(
        Cred::Basic,
        json_answer(403, json!({"code": 403, "message": "Operação não permitida"})),
        call,
    );
    assert!(
        matches!(r.unwrap(), consulta::ConsultarDocumentosPagamentoResponse::Forbidden(e) if e.message.as_deref() == Some("Operação não permitida"))
    );
}

// ---- Consulta de comprovativos de pagamento (§6.12) --------------------------------------

#[test]
fn comprovativos_request_and_success() {
    let answer = json_answer(
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
        json_answer(400, json!({"codigoResultado": "4", "mensagem": "Sem registos"})),
        call,
    );
    assert_request(&seen, "GET", "/ptss/rest/ci/comprovativos-pagamento/1999", Cred::Basic);
    assert!(
        matches!(r.unwrap(), comprovativos::ObterComprovativosPagamentoResponse::BadRequest(vo) if vo.codigo_resultado == code(4) && vo.resultado.is_empty())
    );
    let (r, _) = exchange(Cred::Basic, json_answer(404, json!({"codigoResultado": 4})), call);
    assert!(
        matches!(r.unwrap(), comprovativos::ObterComprovativosPagamentoResponse::NotFound(vo) if vo.codigo_resultado == code(4))
    );
    let (r, _) = exchange(
        Cred::Basic,
        json_answer(500, json!({"codigoResultado": 0, "mensagem": "Erro interno"})),
        call,
    );
    assert!(
        matches!(r.unwrap(), comprovativos::ObterComprovativosPagamentoResponse::InternalServerError(vo) if vo.codigo_resultado == code(0))
    );
}

// ---- Cancelamento de documento de pagamento (§6.13) --------------------------------------

#[test]
fn cancelamento_request_and_success() {
    let answer = json_answer(200, json!({"codigoResultado": "1", "mensagem": "Documento cancelado"}));
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
            400,
            json!({"codigoResultado": "17", "mensagem": "Identificador inválido"}),
        ),
        call,
    );
    assert!(
        matches!(r.unwrap(), cancelamento::CancelarDocumentoPagamentoResponse::BadRequest(vo) if vo.codigo_resultado == code(17))
    );
    let (r, _) = exchange(
        Cred::Basic,
        json_answer(403, json!({"code": 403, "message": "Operação não permitida"})),
        call,
    );
    assert!(matches!(
        r.unwrap(),
        cancelamento::CancelarDocumentoPagamentoResponse::Forbidden(_)
    ));
    let (r, _) = exchange(Cred::Basic, Answer::empty(401), call);
    assert_eq!(
        r.unwrap(),
        cancelamento::CancelarDocumentoPagamentoResponse::Unauthorized
    );
}

// ---- QLF: comunicar vínculo com enquadramento (§6.9) -------------------------------------

#[test]
fn qlf_request_body_matches_the_spec() {
    let (result, seen) = exchange(Cred::Bearer, Answer::empty(204), |c| {
        qlf::BlockingClient::new(c).comunicar_vinculo_trabalhador(&vinculo_termo_certo())
    });
    let spec = qlf_spec();
    assert_declared(&spec, "post", "/qlf/tco/vinculos/pedido");
    assert_request(&seen, "POST", "/ptss/rest/qlf/tco/vinculos/pedido", Cred::Bearer);
    let body = json_body(&seen);
    spec.assert_valid_body("post", "/qlf/tco/vinculos/pedido", &body);
    // NISS as JSON integers, dates as YYYY-MM-DD, amounts as exact numbers (§5.1–§5.3, §6.9):
    // `900.00` travels with its scale, as the decimal holds it.
    assert_eq!(body["remuneracao-base"].to_string(), "900.00");
    assert_eq!(
        body,
        json!({
            "niss-entidade-empregadora": 21111111111_u64,
            "niss-trabalhador": 29999999991_u64,
            "data-nascimento": "1990-01-31",
            "modalidade-contrato": "E",
            "prestacao-trabalho": "P",
            "inicio-contrato": "2024-02-01",
            "fim-contrato": "2024-07-31",
            "profissao": "93130",
            "remuneracao-base": serde_json::Number::from_string_unchecked("900.00".into()),
            "enquadramento": "REGE",
            "local-trabalho": 1,
            "motivo-contrato": "AEAT"
        })
    );
    assert_eq!(result.unwrap(), qlf::ComunicarVinculoTrabalhadorResponse::NoContent);
}

#[test]
fn qlf_part_time_substitution_body_matches_the_spec() {
    let mut request = vinculo_termo_certo()
        .with_percentagem_trabalho(dec("50"))
        .with_horas_trabalho(dec("20"))
        .with_dias_trabalho(dec("2.5"))
        .with_motivo_contrato(shared::MotivoContrato::Staj)
        .with_niss_trabalhador_substituir(niss("19999999990"));
    request.modalidade_contrato = shared::ModalidadeContrato::F;
    request.prestacao_trabalho = shared::PrestacaoTrabalho::T;
    request.remuneracao_base = dec("612.5");
    let (_, seen) = exchange(Cred::Basic, Answer::empty(204), |c| {
        qlf::BlockingClient::new(c).comunicar_vinculo_trabalhador(&request)
    });
    assert_request(&seen, "POST", "/ptss/rest/qlf/tco/vinculos/pedido", Cred::Basic);
    let body = json_body(&seen);
    qlf_spec().assert_valid_body("post", "/qlf/tco/vinculos/pedido", &body);
    assert_eq!(body["remuneracao-base"], json!(612.5));
    assert_eq!(body["dias-trabalho"], json!(2.5));
    assert_eq!(body["niss-trabalhador-substituir"], json!(19999999990_u64));
}

/// A termo incerto modality omits `fim-contrato` (an empty string is rejected, §6.9).
#[test]
fn qlf_termo_incerto_omits_fim_contrato() {
    let mut request = vinculo_termo_certo();
    request.modalidade_contrato = shared::ModalidadeContrato::G;
    request.fim_contrato = None;
    let (_, seen) = exchange(Cred::Basic, Answer::empty(204), |c| {
        qlf::BlockingClient::new(c).comunicar_vinculo_trabalhador(&request)
    });
    let body = json_body(&seen);
    assert!(body.get("fim-contrato").is_none(), "{body}");
    assert!(
        body.get("percentagem-trabalho").is_none() && body.get("niss-trabalhador-substituir").is_none(),
        "{body}"
    );
    assert_eq!(body["modalidade-contrato"], "G");
}

#[test]
fn qlf_answers() {
    let call = |c| qlf::BlockingClient::new(c).comunicar_vinculo_trabalhador(&vinculo_termo_certo());
    let (r, _) = exchange(Cred::Basic, Answer::empty(204), call);
    assert_eq!(r.unwrap(), qlf::ComunicarVinculoTrabalhadorResponse::NoContent);
    let (r, _) = exchange(
        Cred::Basic,
        json_answer(
            400,
            json!({"code": 400, "message": "DATA FIM CONTRATO COM FORMATO INVÁLIDO"}),
        ),
        call,
    );
    assert_eq!(
        r.unwrap(),
        qlf::ComunicarVinculoTrabalhadorResponse::BadRequest(
            qlf::RetornoValidacaoDto::new()
                .with_code(400)
                .with_message("DATA FIM CONTRATO COM FORMATO INVÁLIDO")
        )
    );
    let (r, _) = exchange(
        Cred::Basic,
        json_answer(403, json!({"code": 403, "message": "Operação não permitida"})),
        call,
    );
    assert_eq!(
        r.unwrap(),
        qlf::ComunicarVinculoTrabalhadorResponse::Forbidden(
            qlf::RetornoValidacaoDto::new()
                .with_code(403)
                .with_message("Operação não permitida")
        )
    );
    let (r, _) = exchange(
        Cred::Basic,
        json_answer(500, json!({"code": 500, "message": "Erro interno"})),
        call,
    );
    assert!(
        matches!(r.unwrap(), qlf::ComunicarVinculoTrabalhadorResponse::InternalServerError(e) if e.code == Some(500))
    );
    let (r, _) = exchange(Cred::Basic, Answer::empty(401), call);
    assert_eq!(r.unwrap(), qlf::ComunicarVinculoTrabalhadorResponse::Unauthorized);
}

// ---- amounts -----------------------------------------------------------------------------

/// Amounts are JSON numbers (§5.3: `valor`, `valorPago`; the CI spec types them `number`).
#[test]
fn amounts_are_json_numbers() {
    let mut doc = documento_json();
    doc["valor"] = json!(1234.56);
    let (r, _) = exchange(
        Cred::Basic,
        json_answer(200, json!({"codigoResultado": 1, "resultado": [doc]})),
        |c| consulta::BlockingClient::new(c).consultar_documentos_pagamento(None),
    );
    let consulta::ConsultarDocumentosPagamentoResponse::Ok(vo) = r.unwrap() else {
        panic!("expected 200")
    };
    assert_eq!(vo.resultado[0].valor, Some(dec("1234.56")));

    let body = json!({"codigoResultado": "1", "resultado": [{"numeroDocumentoPagamento": "1", "dataPagamento": "2023-05-20", "valorPago": 99999.99}]});
    let (r, _) = exchange(Cred::Basic, json_answer(200, body), |c| {
        comprovativos::BlockingClient::new(c).obter_comprovativos_pagamento(2023, None)
    });
    let comprovativos::ObterComprovativosPagamentoResponse::Ok(vo) = r.unwrap() else {
        panic!("expected 200")
    };
    assert_eq!(vo.resultado[0].valor_pago, Some(dec("99999.99")));
}

// ---- failures, for every operation -------------------------------------------------------

/// A 200 whose JSON is malformed is `Error::Decode` with line and column. A declared error
/// status whose body is not its JSON keeps the body in `Error::Status` (204 for QLF has no
/// body to decode, so QLF's malformed answer is a 400).
#[test]
fn malformed_json_is_a_decode_error_for_every_operation() {
    let malformed = "{\n  \"codigoResultado\": \"1\",\n  \"mensagem\": \"ok\"\n";
    for (name, call) in every_operation() {
        if name == "comunicarVinculoTrabalhador" {
            let (r, _) = exchange(Cred::Bearer, Answer::new(400, JSON, malformed), &call);
            let err = r.expect_err(name);
            assert_eq!(err.status(), Some(400), "{name}: {err:?}");
            assert!(err.to_string().contains("\"mensagem\": \"ok\""), "{name}: {err}");
            continue;
        }
        let status = 200;
        let (r, _) = exchange(Cred::Bearer, Answer::new(status, JSON, malformed), &call);
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
            Answer::new(status, JSON, "{\"codigoResultado\": [1], \"code\": \"x\"}"),
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
            let (r, _) = exchange(Cred::Basic, Answer::new(status, ct, body), &call);
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
/// undeclared status.
#[test]
fn redirects_are_not_followed() {
    let (r, _) = exchange(Cred::Bearer, Answer::new(302, "text/html", "moved"), |c| {
        consulta::BlockingClient::new(c).consultar_documentos_pagamento(None)
    });
    assert_eq!(r.unwrap_err().status(), Some(302));
}

#[test]
fn base_url_with_trailing_slash() {
    let server = Server::start(vec![Answer::empty(204)]);
    let config = Config::for_url(format!("{}/ptss/rest/", server.base)).auth(Cred::Basic.auth());
    qlf::BlockingClient::new(config)
        .comunicar_vinculo_trabalhador(&vinculo_termo_certo())
        .expect("204");
    assert_eq!(server.seen()[0].target, "/ptss/rest/qlf/tco/vinculos/pedido");
}

// ---- the schema checker itself -----------------------------------------------------------

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
