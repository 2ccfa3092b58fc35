//! What the REST tests share: the specs, the operations' names, values, the answers they
//! script and the checks of the requests the simulator records.

use psi_client::api::{
    cancelamento_documento_pagamento as cancelamento, comprovativos_pagamento as comprovativos,
    consulta_documentos_pagamento as consulta, emissao_documentos_pagamento as emissao, qlf, shared,
};
use psi_client::rt::{Config, Date, Decimal, Error, Niss, ResultCode};
use psi_sim::{Recorded, Script};
use psi_tests::sim::{self, Cred};
use psi_tests::swagger::Swagger;
use serde_json::Value;

pub(crate) const JSON: &str = "application/json";

/// The operations, as the specs (and the simulator) name them.
pub(crate) const PEDIR: &str = "pedirEmissaoDocumentosPagamento";
pub(crate) const OBTER: &str = "obterPedidoEmissaoDocumentosPagamento";
pub(crate) const CONSULTA: &str = "consultarDocumentosPagamento";
pub(crate) const COMPROVATIVOS: &str = "obterComprovativosPagamento";
pub(crate) const CANCELAR: &str = "cancelarDocumentoPagamento";
pub(crate) const QLF: &str = "comunicarVinculoTrabalhador";

pub(crate) fn ci() -> Swagger {
    Swagger::load("psi/ci/openapi_CI.yaml")
}

pub(crate) fn qlf_spec() -> Swagger {
    Swagger::load("psi/qlf/openapi_QLF.yaml")
}

// ---- values ------------------------------------------------------------------------------

pub(crate) fn niss(s: &str) -> Niss {
    Niss::new(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

pub(crate) fn date(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd_opt(y, m, d).expect("a real date")
}

pub(crate) fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

pub(crate) fn code(n: i64) -> Option<ResultCode> {
    Some(ResultCode(n))
}

// ---- answers and requests ----------------------------------------------------------------

/// `operation` answers with this JSON at this status.
pub(crate) fn json_answer(operation: &str, status: u16, body: Value) -> Script {
    sim::raw(operation, status, Some(JSON), body.to_string())
}

/// Method, path and query (`target`, as sent: the query's values need no decoding here),
/// `Accept`, `Authorization` (as the simulator records it) and `User-Agent`.
pub(crate) fn assert_request(seen: &Recorded, method: &str, target: &str, cred: Cred) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let query: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_owned(), v.to_owned())
        })
        .collect();
    assert_eq!(seen.method, method);
    assert_eq!(seen.path, path);
    assert_eq!(seen.query, query);
    assert_eq!(seen.header("accept"), Some(JSON));
    assert_eq!(seen.header("authorization"), cred.recorded());
    assert!(
        seen.header("user-agent")
            .is_some_and(|ua| ua.starts_with("psi-client/"))
    );
}

/// The request carries `Content-Type: application/json` and a JSON body; that body.
pub(crate) fn json_body(seen: &Recorded) -> Value {
    assert_eq!(seen.header("content-type"), Some(JSON));
    serde_json::from_slice(&seen.body)
        .unwrap_or_else(|e| panic!("the request body is not JSON ({e}): {}", seen.body_text()))
}

/// The request carries no body.
pub(crate) fn assert_no_body(seen: &Recorded) {
    assert_eq!(seen.header("content-type"), None);
    assert_eq!(seen.body_text(), "");
}

/// The spec declares `method path` under basePath `/ptss/rest`.
pub(crate) fn assert_declared(spec: &Swagger, method: &str, path: &str) {
    assert_eq!(spec.base_path(), "/ptss/rest");
    spec.operation(method, path);
}

// ---- calls --------------------------------------------------------------------------------

pub(crate) fn pedido_emissao(ambito: emissao::Ambito) -> emissao::PedidoEmissaoDocumentoPagamentoVo {
    emissao::PedidoEmissaoDocumentoPagamentoVo::new(ambito)
}

/// A vínculo a termo certo, tempo completo (§6.9), with the values the spec's x-example uses.
pub(crate) fn vinculo_termo_certo() -> qlf::PedidoVinculoTrabalhadorDto {
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
pub(crate) type Call = Box<dyn Fn(Config) -> Result<(), Error>>;

/// Every REST operation, by name.
pub(crate) fn every_operation() -> Vec<(&'static str, Call)> {
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
