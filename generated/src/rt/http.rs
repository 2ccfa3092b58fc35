//! One REST call: the generated code builds the path, query and body, sends them with
//! [`send`], then decodes the response by status with its own table (the PSI's HTTP status
//! does not reliably follow the result code, so there is no blanket "4xx is an error" rule
//! here).

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::rt::config::Config;
use crate::rt::error::Error;
use crate::rt::transport::{HttpRequest, HttpResponse, TransportError, set_header};
use crate::rt::xml::DecodeError;

/// Send a request to `config.base_url` + `path` (a `/`-separated path whose parameters went
/// through [`path_segment`]), with the query pairs percent-encoded, `Accept:
/// application/json`, then `headers` (which may replace it), the body's content type, the
/// user agent and the credential.
pub fn send(
    config: &Config,
    method: &'static str,
    path: &str,
    query: &[(&str, String)],
    headers: &[(&str, String)],
    body: Option<(&str, Vec<u8>)>,
) -> Result<HttpResponse, TransportError> {
    let base = config.base_url.as_str();
    let mut url = String::with_capacity(base.len() + path.len() + 16 * query.len());
    url.push_str(base.strip_suffix('/').filter(|_| path.starts_with('/')).unwrap_or(base));
    url.push_str(path);
    for (i, (name, value)) in query.iter().enumerate() {
        url.push(if i == 0 && !path.contains('?') { '?' } else { '&' });
        encode_into(&mut url, name);
        url.push('=');
        encode_into(&mut url, value);
    }

    let mut all = Vec::with_capacity(headers.len() + 4);
    all.push(("Accept".to_owned(), "application/json".to_owned()));
    for (name, value) in headers {
        set_header(&mut all, name, value.clone());
    }
    let body = match body {
        Some((content_type, bytes)) => {
            set_header(&mut all, "Content-Type", content_type);
            bytes
        }
        None => Vec::new(),
    };
    if !config.user_agent.is_empty() {
        set_header(&mut all, "User-Agent", config.user_agent.clone());
    }
    config.auth.apply(&mut all);
    config.transport.send(HttpRequest {
        method,
        url,
        headers: all,
        body,
    })
}

/// Percent-encode a path parameter: everything but RFC 3986 unreserved characters
/// (`A–Z a–z 0–9 - . _ ~`), so `/`, `?` and `#` cannot change the path.
pub fn path_segment(value: &str) -> String {
    let mut s = String::with_capacity(value.len());
    encode_into(&mut s, value);
    s
}

/// An `application/x-www-form-urlencoded` body from name/value pairs (Swagger 2 `formData`).
pub fn form_body(fields: &[(&str, String)]) -> String {
    let mut s = String::new();
    for (i, (name, value)) in fields.iter().enumerate() {
        if i > 0 {
            s.push('&');
        }
        encode_into(&mut s, name);
        s.push('=');
        encode_into(&mut s, value);
    }
    s
}

fn encode_into(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0x0F)] as char);
        }
    }
}

#[cfg(test)]
mod form_tests {
    #[test]
    fn form_fields_are_percent_encoded() {
        assert_eq!(
            super::form_body(&[("a b", "x&y".into()), ("c", "é".into())]),
            "a%20b=x%26y&c=%C3%A9"
        );
    }
}

/// A request body as JSON.
pub fn json_body<T: Serialize>(value: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(value).map_err(|e| Error::Encode(format!("JSON: {e}")))
}

/// Decode a JSON response body. The error carries serde_json's line and column (no JSON
/// path: that would need another pass or dependency).
pub fn decode_json<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, DecodeError> {
    serde_json::from_slice(&response.body).map_err(|e| {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full);
        DecodeError {
            path: String::new(),
            line: u32::try_from(e.line()).unwrap_or(u32::MAX),
            column: u32::try_from(e.column()).unwrap_or(u32::MAX),
            message: format!("invalid JSON (HTTP {}): {message}", response.status),
        }
    })
}

/// The error for a status the operation does not declare (body kept, cut to 64 KiB).
pub fn unexpected<F>(response: HttpResponse) -> Error<F> {
    Error::from_status(response.status, response.content_type(), &response.body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rt::auth::Auth;
    use crate::rt::testutil::{FakeTransport, response};

    #[derive(Debug, serde::Deserialize, serde::Serialize, PartialEq)]
    struct Retorno {
        code: i64,
        message: String,
    }

    #[test]
    fn url_query_and_headers() {
        let fake = FakeTransport::replying(204, "", "");
        let cfg = Config::with_transport("https://app.seg-social.pt/ptss/rest/", fake.clone())
            .auth(Auth::bearer("PLACEHOLDER"))
            .user_agent("ua");
        let path = format!("/ci/comprovativos-pagamento/{}", path_segment("2024/ é"));
        let r = send(
            &cfg,
            "GET",
            &path,
            &[("niss-representado", "29999999999".into()), ("q", "a&b=c d".into())],
            &[("X-Extra", "1".into())],
            None,
        )
        .unwrap();
        assert_eq!(r.status, 204);
        let req = fake.last();
        assert_eq!(
            req.url,
            "https://app.seg-social.pt/ptss/rest/ci/comprovativos-pagamento/2024%2F%20%C3%A9\
             ?niss-representado=29999999999&q=a%26b%3Dc%20d"
        );
        assert_eq!(req.method, "GET");
        assert_eq!(req.header("accept"), Some("application/json"));
        assert_eq!(req.header("x-extra"), Some("1"));
        assert_eq!(req.header("user-agent"), Some("ua"));
        assert_eq!(req.header("authorization"), Some("Bearer PLACEHOLDER"));
        assert_eq!(req.header("content-type"), None);
        assert!(req.body.is_empty());
    }

    #[test]
    fn json_request_body() {
        let fake = FakeTransport::replying(200, "application/json", "{\"code\":1,\"message\":\"ok\"}");
        let cfg = Config::with_transport("https://h/ptss/rest", fake.clone());
        let body = json_body(&Retorno {
            code: 1,
            message: "é".into(),
        })
        .unwrap();
        let r = send(
            &cfg,
            "POST",
            "/qlf/tco/vinculos/pedido",
            &[],
            &[],
            Some(("application/json", body)),
        )
        .unwrap();
        let req = fake.last();
        assert_eq!(req.url, "https://h/ptss/rest/qlf/tco/vinculos/pedido");
        assert_eq!(req.header("Content-Type"), Some("application/json"));
        assert_eq!(String::from_utf8(req.body).unwrap(), "{\"code\":1,\"message\":\"é\"}");
        assert_eq!(
            decode_json::<Retorno>(&r).unwrap(),
            Retorno {
                code: 1,
                message: "ok".into()
            }
        );
    }

    #[test]
    fn decode_error_has_position() {
        let r = response(400, "application/json", "{\n  \"code\": \"x\",\n  \"message\": \"m\"}");
        let e = decode_json::<Retorno>(&r).unwrap_err();
        assert_eq!((e.line, e.column), (2, 13));
        assert_eq!(
            e.to_string(),
            "line 2, column 13: invalid JSON (HTTP 400): invalid type: string \"x\", expected i64"
        );
        let e = decode_json::<Retorno>(&response(200, "application/json", "")).unwrap_err();
        assert!(e.message.contains("EOF"), "{e}");
    }

    #[test]
    fn unexpected_status_keeps_the_body() {
        let e: Error = unexpected(response(
            403,
            "application/json",
            "{\"code\":403,\"message\":\"Operação não permitida\"}",
        ));
        assert!(e.is_forbidden());
        assert!(e.to_string().contains("Operação não permitida"), "{e}");
    }

    #[test]
    fn path_segment_keeps_unreserved_only() {
        assert_eq!(path_segment("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(path_segment("a/b?c#d%"), "a%2Fb%3Fc%23d%25");
    }
}
