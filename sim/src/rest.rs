//! REST answers: `{code, message}` (QLF and the 403 of every REST service) and
//! `{codigoResultado, mensagem}` (CI), and typed JSON bodies.

use serde::de::DeserializeOwned;

use crate::problem::Problem;
use crate::server::HttpResponse;

/// The 403 message of the REST services (reference §4.4, §7.7.6).
pub(crate) const NOT_ALLOWED: &str = "Operação não permitida";
/// The 400 message (reference §7.7.6, from the EEAOC spec).
pub(crate) const INVALID: &str = "Pedido inválido";

const JSON: &str = "application/json";

/// `{code, message}` at `status`.
pub(crate) fn error(status: u16, code: i64, message: &str) -> HttpResponse {
    let body = serde_json::json!({ "code": code, "message": message });
    HttpResponse::new(status, Some(JSON), body.to_string())
}

/// `{codigoResultado, mensagem}` at `status`.
pub(crate) fn ci(status: u16, code: i64, message: Option<&str>) -> HttpResponse {
    let mut body = serde_json::json!({ "codigoResultado": code });
    if let Some(m) = message {
        body["mensagem"] = serde_json::Value::from(m);
    }
    HttpResponse::new(status, Some(JSON), body.to_string())
}

/// A typed JSON body at `status`.
pub(crate) fn json<T: serde::Serialize>(status: u16, value: &T) -> HttpResponse {
    match serde_json::to_vec(value) {
        Ok(body) => HttpResponse::new(status, Some(JSON), body),
        Err(e) => error(500, 500, &format!("the simulator cannot write its answer: {e}")),
    }
}

/// Decode a JSON request body with the generated type (required properties, types,
/// enumerations as the generated serde code reads them), located by line and column.
pub(crate) fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, Problem> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::Missing("the request has no JSON body".into()));
    }
    serde_json::from_slice(body).map_err(|e| {
        let message = e.to_string();
        if message.starts_with("missing field") {
            Problem::Missing(message)
        } else {
            Problem::Invalid(message)
        }
    })
}
