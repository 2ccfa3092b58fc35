//! One REST call without a transport: the generated codec builds the path, query and body
//! into an HTTP request with [`request`], and decodes the response by status with its own
//! table (the PSI's HTTP status
//! does not reliably follow the result code, so there is no blanket "4xx is an error" rule
//! here).

use serde::Serialize;
use serde::de::DeserializeOwned;

/// HTTP methods (the `http` crate's).
pub use http::Method;

use crate::rt::auth::KeyPlace;
use crate::rt::config::Config;
use crate::rt::config::redact_url;
use crate::rt::error::Error;
use crate::rt::transport::{Request, Response, header};
use crate::rt::xml::DecodeError;

/// The HTTP request of one REST call: `base` (the service's base URL, from
/// [`Config::base_url`]) + `path` (a `/`-separated path whose parameters went through
/// [`path_segment`]), with the query pairs percent-encoded, then `headers` (the generated
/// code puts an `Accept` with the media types the spec declares for the operation's answers
/// first, and none when no answer has a body), the body's content type, the user agent, the
/// credential and the [`crate::rt::Limits`] of `config`.
pub fn request<F>(
    config: &Config,
    method: http::Method,
    base: &str,
    path: &str,
    query: &[(&str, String)],
    headers: &[(&str, String)],
    body: Option<(&str, Vec<u8>)>,
) -> Result<Request, Error<F>> {
    let mut url = String::with_capacity(base.len() + path.len() + 16 * query.len());
    url.push_str(base.strip_suffix('/').filter(|_| path.starts_with('/')).unwrap_or(base));
    url.push_str(path);
    for (i, (name, value)) in query.iter().enumerate() {
        url.push(if i == 0 && !path.contains('?') { '?' } else { '&' });
        encode_into(&mut url, name);
        url.push('=');
        encode_into(&mut url, value);
    }
    let mut all: Vec<(&str, String)> = Vec::with_capacity(headers.len() + 1);
    all.extend(headers.iter().map(|(n, v)| (*n, v.clone())));
    let body = match body {
        Some((content_type, bytes)) => {
            all.push(("Content-Type", content_type.to_owned()));
            bytes
        }
        None => Vec::new(),
    };
    finish_request(config, method, &url, all, body)
}

/// An HTTP request to `url` with `headers` (a later header replaces an earlier one of the
/// same name), then the user agent, the credential (marked sensitive, so `Debug` hides it)
/// and `config`'s [`crate::rt::Limits`] as an extension.
pub fn finish_request<F>(
    config: &Config,
    method: http::Method,
    url: &str,
    headers: Vec<(&str, String)>,
    body: Vec<u8>,
) -> Result<Request, Error<F>> {
    let uri: http::Uri = url
        .parse()
        .map_err(|e| Error::Invalid(format!("invalid URL `{}`: {e}", redact_url(url))))?;
    let mut request = http::Request::new(body);
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    let map = request.headers_mut();
    let mut set = |name: &str, value: &str, sensitive: bool| -> Result<(), Error<F>> {
        let name = http::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::Invalid(format!("invalid header name `{name}`")))?;
        let mut value = http::HeaderValue::from_str(value)
            .map_err(|_| Error::Invalid(format!("invalid value for header `{name}`")))?;
        value.set_sensitive(sensitive);
        map.insert(name, value);
        Ok(())
    };
    for (name, value) in &headers {
        set(name, value, config.is_sensitive(name))?;
    }
    if !config.user_agent_value().is_empty() {
        set("User-Agent", config.user_agent_value(), false)?;
    }
    if let Some(value) = config.credential().header_value() {
        set("Authorization", &value, true)?;
    }
    request.extensions_mut().insert(config.current_limits());
    Ok(request)
}

/// `request` with the API key of `config`'s credential where the operation's API-key scheme
/// puts it: a header (replacing one of the same name), a query parameter added to the URL,
/// or a cookie added to the `Cookie` header; the header is marked sensitive, so `Debug`
/// hides it. A credential that is not an [`Auth::ApiKey`](crate::rt::Auth::ApiKey) leaves the
/// request as it is.
pub fn with_api_key<F>(config: &Config, mut request: Request, place: KeyPlace) -> Result<Request, Error<F>> {
    let crate::rt::Auth::ApiKey(key) = config.credential() else {
        return Ok(request);
    };
    let key = key.expose();
    let sensitive = |name: &str, value: &str| -> Result<(http::HeaderName, http::HeaderValue), Error<F>> {
        let header = http::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::Invalid(format!("invalid API-key header name `{name}`")))?;
        let mut value = http::HeaderValue::from_str(value)
            .map_err(|_| Error::Invalid(format!("the API key cannot travel in header `{name}`")))?;
        value.set_sensitive(true);
        Ok((header, value))
    };
    match place {
        KeyPlace::Header(name) => {
            let (name, value) = sensitive(name, key)?;
            request.headers_mut().insert(name, value);
        }
        KeyPlace::Cookie(name) => {
            let pair = format!("{name}={key}");
            let cookie = match header(request.headers(), "cookie") {
                Some(existing) => format!("{existing}; {pair}"),
                None => pair,
            };
            let (name, value) = sensitive("Cookie", &cookie)?;
            request.headers_mut().insert(name, value);
        }
        KeyPlace::Query(name) => {
            let mut url = request.uri().to_string();
            url.push(if request.uri().query().is_some() { '&' } else { '?' });
            encode_into(&mut url, name);
            url.push('=');
            encode_into(&mut url, key);
            *request.uri_mut() = url
                .parse()
                .map_err(|e| Error::Invalid(format!("invalid URL `{}`: {e}", redact_url(&url))))?;
        }
    }
    Ok(request)
}

/// Percent-encode a path parameter: everything but RFC 3986 unreserved characters
/// (`A–Z a–z 0–9 - . _ ~`), so `/`, `?` and `#` cannot change the path.
pub fn path_segment(value: &str) -> String {
    let mut s = String::with_capacity(value.len());
    encode_into(&mut s, value);
    s
}

/// An `application/x-www-form-urlencoded` body from name/value pairs (the generated code
/// builds a [`crate::rt::form::Form`], which also writes multipart bodies).
pub fn form_body(fields: &[(&str, String)]) -> String {
    let mut form = crate::rt::form::Form::new();
    for (name, value) in fields {
        form.text(name, value.clone());
    }
    String::from_utf8(form.urlencoded()).unwrap_or_default()
}

fn encode_into(out: &mut String, value: &str) {
    encode_bytes_into(out, value.as_bytes());
}

/// Percent-encode bytes: everything but RFC 3986 unreserved characters.
pub(crate) fn encode_bytes_into(out: &mut String, value: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in value {
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
pub fn decode_json<T: DeserializeOwned>(response: &Response) -> Result<T, DecodeError> {
    let body = response.body();
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    serde_json::from_slice(body).map_err(|e| {
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full);
        DecodeError {
            path: String::new(),
            line: u32::try_from(e.line()).unwrap_or(u32::MAX),
            column: u32::try_from(e.column()).unwrap_or(u32::MAX),
            message: format!(
                "invalid JSON (HTTP {}): {}",
                response.status().as_u16(),
                crate::rt::xml::cut(message)
            ),
        }
    })
}

/// The error for a status the operation does not declare (body kept, cut to 64 KiB, the
/// credential's secrets cut out).
pub fn unexpected<F>(config: &Config, response: &Response) -> Error<F> {
    Error::from_status(
        response.status().as_u16(),
        header(response.headers(), "content-type"),
        response.body(),
    )
    .redact(&config.secrets())
}

/// A JSON body of a response, or the error that says why it is not one: a declared status
/// whose body is not the declared JSON keeps the body (cut) in [`Error::Status`] rather
/// than losing it, unless the status is 2xx (then it is a decode error).
pub fn json_payload<T: DeserializeOwned, F>(config: &Config, response: &Response) -> Result<T, Error<F>> {
    decode_json(response).map_err(|e| {
        if response.status().is_success() {
            Error::Decode(e)
        } else {
            unexpected(config, response)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rt::auth::Auth;
    use crate::rt::transport::response;

    #[derive(Debug, serde::Deserialize, serde::Serialize, PartialEq)]
    struct Retorno {
        code: i64,
        message: String,
    }

    fn header<'a>(r: &'a Request, name: &str) -> Option<&'a str> {
        crate::rt::transport::header(r.headers(), name)
    }

    #[test]
    fn url_query_and_headers() {
        let cfg = Config::for_url("https://app.seg-social.pt/ptss/rest/")
            .auth(Auth::bearer("PLACEHOLDER"))
            .user_agent("ua");
        let path = format!("/ci/comprovativos-pagamento/{}", path_segment("2024/ é"));
        let req = request::<crate::rt::NoFault>(
            &cfg,
            http::Method::GET,
            &cfg.base_url::<crate::rt::NoFault>(&[]).unwrap(),
            &path,
            &[("niss-representado", "29999999999".into()), ("q", "a&b=c d".into())],
            &[("Accept", "application/json".into()), ("X-Extra", "1".into())],
            None,
        )
        .unwrap();
        assert_eq!(
            req.uri().to_string(),
            "https://app.seg-social.pt/ptss/rest/ci/comprovativos-pagamento/2024%2F%20%C3%A9\
             ?niss-representado=29999999999&q=a%26b%3Dc%20d"
        );
        assert_eq!(req.method(), http::Method::GET);
        assert_eq!(header(&req, "accept"), Some("application/json"));
        assert_eq!(header(&req, "x-extra"), Some("1"));
        assert_eq!(header(&req, "user-agent"), Some("ua"));
        assert_eq!(header(&req, "authorization"), Some("Bearer PLACEHOLDER"));
        assert_eq!(header(&req, "content-type"), None);
        assert!(req.body().is_empty());
        // The credential is sensitive: `Debug` does not print it.
        assert!(!format!("{req:?}").contains("PLACEHOLDER"));
        let keyed = request::<crate::rt::NoFault>(
            &cfg.clone().sensitive_header("X-Tenant-Key"),
            http::Method::GET,
            "https://h",
            "/x",
            &[],
            &[("X-Api-Key", "k-SECRET".into()), ("X-Tenant-Key", "t-SECRET".into())],
            None,
        )
        .unwrap();
        let dbg = format!("{keyed:?}");
        assert!(!dbg.contains("SECRET"), "{dbg}");
        assert_eq!(
            req.extensions().get::<crate::rt::Limits>(),
            Some(&crate::rt::Limits::DEFAULT)
        );
    }

    #[test]
    fn json_request_body() {
        let cfg = Config::for_url("https://h/ptss/rest");
        let body = json_body(&Retorno {
            code: 1,
            message: "é".into(),
        })
        .unwrap();
        let req = request::<crate::rt::NoFault>(
            &cfg,
            http::Method::POST,
            "https://h/ptss/rest",
            "/qlf/tco/vinculos/pedido",
            &[],
            &[],
            Some(("application/json", body)),
        )
        .unwrap();
        assert_eq!(req.uri(), "https://h/ptss/rest/qlf/tco/vinculos/pedido");
        assert_eq!(header(&req, "accept"), None, "only the headers given");
        assert_eq!(header(&req, "Content-Type"), Some("application/json"));
        assert_eq!(
            String::from_utf8(req.body().clone()).unwrap(),
            "{\"code\":1,\"message\":\"é\"}"
        );
        let r = response(200, "application/json", "\u{FEFF}{\"code\":1,\"message\":\"ok\"}");
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
    fn unexpected_status_keeps_the_body_without_secrets() {
        let cfg = Config::for_url("https://h").auth(Auth::bearer("tok-SECRET"));
        let e: Error = unexpected(
            &cfg,
            &response(
                403,
                "application/json",
                "{\"code\":403,\"message\":\"Operação não permitida para tok-SECRET\"}",
            ),
        );
        assert!(e.is_forbidden());
        let text = e.to_string();
        assert!(text.contains("Operação não permitida"), "{e}");
        assert!(!text.contains("tok-SECRET"), "{e}");
    }

    #[test]
    fn a_declared_error_status_with_an_unreadable_body_keeps_it() {
        let cfg = Config::for_url("https://h");
        let html = response(500, "text/html", "<html>Service Unavailable</html>");
        let e = json_payload::<Retorno, crate::rt::NoFault>(&cfg, &html).unwrap_err();
        assert_eq!(e.status(), Some(500));
        assert!(e.to_string().contains("Service Unavailable"), "{e}");
        let e = json_payload::<Retorno, crate::rt::NoFault>(&cfg, &response(200, "application/json", "[")).unwrap_err();
        assert!(matches!(e, Error::Decode(_)), "{e}");
    }

    #[test]
    fn an_api_key_goes_where_the_scheme_says() {
        let cfg = Config::for_url("https://h").auth(Auth::api_key("k&1-SECRET"));
        let build = |query: &[(&str, String)], headers: &[(&str, String)]| {
            request::<crate::rt::NoFault>(&cfg, http::Method::GET, "https://h", "/p", query, headers, None).unwrap()
        };
        let req = with_api_key::<crate::rt::NoFault>(&cfg, build(&[], &[]), KeyPlace::Header("X-Key")).unwrap();
        assert_eq!(header(&req, "x-key"), Some("k&1-SECRET"));
        assert_eq!(header(&req, "authorization"), None, "no Authorization for an API key");
        assert!(!format!("{req:?}").contains("SECRET"));
        let req =
            with_api_key::<crate::rt::NoFault>(&cfg, build(&[("a", "b".into())], &[]), KeyPlace::Query("api key"))
                .unwrap();
        assert_eq!(req.uri().to_string(), "https://h/p?a=b&api%20key=k%261-SECRET");
        let shown = format!("{:?}", crate::rt::transport::Redacted(&req));
        assert!(!shown.contains("SECRET"), "{shown}");
        let req = with_api_key::<crate::rt::NoFault>(&cfg, build(&[], &[]), KeyPlace::Query("k")).unwrap();
        assert_eq!(req.uri().to_string(), "https://h/p?k=k%261-SECRET");
        let req = with_api_key::<crate::rt::NoFault>(
            &cfg,
            build(&[], &[("Cookie", "session=1".into())]),
            KeyPlace::Cookie("key"),
        )
        .unwrap();
        assert_eq!(header(&req, "cookie"), Some("session=1; key=k&1-SECRET"));
        assert!(!format!("{req:?}").contains("SECRET"));
        // Another credential: the request is left as it is.
        let basic = Config::for_url("https://h").auth(Auth::basic("u", "p"));
        let req = request::<crate::rt::NoFault>(&basic, http::Method::GET, "https://h", "/p", &[], &[], None).unwrap();
        let same = with_api_key::<crate::rt::NoFault>(&basic, req.clone(), KeyPlace::Query("k")).unwrap();
        assert_eq!(same.uri(), req.uri());
        // The key is cut from error messages, as sent and as the URL carries it.
        let e: Error = unexpected(
            &cfg,
            &response(401, "text/plain", "bad key k&1-SECRET in ?key=k%261-SECRET"),
        );
        assert!(!e.to_string().contains("SECRET"), "{e}");
    }

    #[test]
    fn path_segment_keeps_unreserved_only() {
        assert_eq!(path_segment("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(path_segment("a/b?c#d%"), "a%2Fb%3Fc%23d%25");
    }
}
