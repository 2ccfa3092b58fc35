//! The HTTP exchange the clients run on, as a small trait so tests and applications can plug
//! in their own stack. [`ReqwestTransport`] (feature `reqwest`, on by default) is the default.

use std::fmt;

/// An HTTP request ready to send.
#[derive(Clone)]
pub struct HttpRequest {
    /// `GET`, `POST`, `PUT`, …
    pub method: &'static str,
    /// The absolute URL, query included.
    pub url: String,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body (empty for none).
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The first header of this name (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// Prints the `Authorization` value as `***` and the body as its length.
impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &crate::rt::config::redact_url(&self.url))
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

struct RedactedHeaders<'a>(&'a [(String, String)]);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for (name, value) in self.0 {
            if is_sensitive(name) {
                list.entry(&(name, "***"));
            } else {
                list.entry(&(name, value));
            }
        }
        list.finish()
    }
}

fn is_sensitive(name: &str) -> bool {
    ["authorization", "proxy-authorization", "cookie"]
        .iter()
        .any(|s| name.eq_ignore_ascii_case(s))
}

/// An HTTP response.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Header names and values, in order (values decoded lossily as UTF-8).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header of this name (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The `Content-Type` header.
    pub fn content_type(&self) -> Option<&str> {
        self.header("content-type")
    }

    /// Is the status 2xx?
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Prints the body as its length and up to 200 characters of its text.
impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let head = String::from_utf8_lossy(self.body.get(..200).unwrap_or(&self.body));
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &format_args!("<{} bytes> {:?}", self.body.len(), head))
            .finish()
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Set a header, replacing any of the same name (ASCII case-insensitive).
pub fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: impl Into<String>) {
    headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    headers.push((name.to_owned(), value.into()));
}

/// Sends requests. Implementations must be usable from several threads.
pub trait Transport: Send + Sync + fmt::Debug {
    /// Send one request and return the response, whatever its status.
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;
}

/// What kind of transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TransportErrorKind {
    /// Could not connect (DNS, refused, TLS handshake).
    Connect,
    /// The request or response took too long.
    Timeout,
    /// Reading or writing failed after the connection was made.
    Io,
    /// Anything else (e.g. an invalid header value, a misused client).
    Other,
}

/// A request that got no HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    /// What kind of failure.
    pub kind: TransportErrorKind,
    /// What happened (never the URL or a credential).
    pub message: String,
}

impl TransportError {
    /// A transport error of this kind.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        TransportError {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Timeout => "request timed out",
            TransportErrorKind::Io => "I/O error during the request",
            TransportErrorKind::Other => "request failed",
        };
        write!(f, "{what}: {}", self.message)
    }
}

impl std::error::Error for TransportError {}

#[cfg(feature = "reqwest")]
pub use self::reqwest_impl::ReqwestTransport;

#[cfg(feature = "reqwest")]
mod reqwest_impl {
    use std::sync::OnceLock;
    use std::time::Duration;

    use super::{HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind};

    /// The default transport: a `reqwest` blocking client with rustls.
    ///
    /// * Timeout 60 s by default ([`ReqwestTransport::with_timeout`]).
    /// * Redirects are **not** followed: a 3xx comes back as an undeclared status, so a body
    ///   and a credential are never re-sent to another URL.
    /// * The client is built on the first request.
    ///
    /// **Blocking.** `reqwest::blocking` runs its own runtime on a thread; it must not be
    /// used, created or dropped inside an async runtime (Tokio). From async code, run the
    /// call in `tokio::task::spawn_blocking` or on a plain thread, and drop the
    /// [`crate::rt::Config`] there too. A call made from inside a Tokio runtime is refused
    /// with a [`TransportError`] rather than panicking.
    pub struct ReqwestTransport {
        timeout: Duration,
        client: OnceLock<Result<reqwest::blocking::Client, String>>,
    }

    impl std::fmt::Debug for ReqwestTransport {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("ReqwestTransport")
                .field("timeout", &self.timeout)
                .finish_non_exhaustive()
        }
    }

    impl Default for ReqwestTransport {
        fn default() -> Self {
            Self::new()
        }
    }

    impl ReqwestTransport {
        /// The default timeout (60 s).
        pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

        /// A transport with the default timeout.
        pub fn new() -> Self {
            Self::with_timeout(Self::DEFAULT_TIMEOUT)
        }

        /// A transport with this total timeout per request.
        pub fn with_timeout(timeout: Duration) -> Self {
            ReqwestTransport {
                timeout,
                client: OnceLock::new(),
            }
        }

        /// A transport over a client you configured (proxy, certificates, …). Mind that a
        /// client's own redirect policy then applies.
        pub fn from_client(client: reqwest::blocking::Client) -> Self {
            let cell = OnceLock::new();
            let _ = cell.set(Ok(client));
            ReqwestTransport {
                timeout: Self::DEFAULT_TIMEOUT,
                client: cell,
            }
        }

        fn client(&self) -> Result<&reqwest::blocking::Client, TransportError> {
            self.client
                .get_or_init(|| {
                    reqwest::blocking::Client::builder()
                        .timeout(self.timeout)
                        .redirect(reqwest::redirect::Policy::none())
                        .build()
                        .map_err(message)
                })
                .as_ref()
                .map_err(|m| {
                    TransportError::new(
                        TransportErrorKind::Other,
                        format!("could not build the HTTP client: {m}"),
                    )
                })
        }
    }

    /// The error and its sources, without the URL.
    fn message(e: reqwest::Error) -> String {
        let e = e.without_url();
        let mut s = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(err) = source {
            s.push_str(": ");
            s.push_str(&err.to_string());
            source = err.source();
        }
        s
    }

    impl Transport for ReqwestTransport {
        fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
            if tokio::runtime::Handle::try_current().is_ok() {
                return Err(TransportError::new(
                    TransportErrorKind::Other,
                    "ReqwestTransport is blocking and cannot run inside an async runtime; \
                     call it from spawn_blocking or a plain thread",
                ));
            }
            let client = self.client()?;
            let method = reqwest::Method::from_bytes(request.method.as_bytes()).map_err(|_| {
                TransportError::new(
                    TransportErrorKind::Other,
                    format!("invalid HTTP method `{}`", request.method),
                )
            })?;
            let mut builder = client.request(method, &request.url);
            for (name, value) in &request.headers {
                builder = builder.header(name.as_str(), value.as_str());
            }
            let response = builder.body(request.body).send().map_err(convert)?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let body = response.bytes().map_err(convert)?.to_vec();
            Ok(HttpResponse { status, headers, body })
        }
    }

    fn convert(e: reqwest::Error) -> TransportError {
        let kind = if e.is_timeout() {
            TransportErrorKind::Timeout
        } else if e.is_connect() {
            TransportErrorKind::Connect
        } else if e.is_body() || e.is_decode() || e.is_request() {
            TransportErrorKind::Io
        } else {
            TransportErrorKind::Other
        };
        TransportError::new(kind, message(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_case_insensitive_and_secrets_hidden() {
        let req = HttpRequest {
            method: "POST",
            url: "https://user:pw@app.seg-social.pt/ws".into(),
            headers: vec![
                ("Authorization".into(), "Basic c2VjcmV0".into()),
                ("Content-Type".into(), "text/xml".into()),
            ],
            body: b"<x/>".to_vec(),
        };
        assert_eq!(req.header("content-type"), Some("text/xml"));
        let dbg = format!("{req:?}");
        assert!(!dbg.contains("c2VjcmV0"), "{dbg}");
        assert!(!dbg.contains("pw"), "{dbg}");
        assert!(dbg.contains("<4 bytes>"), "{dbg}");
        let resp = HttpResponse {
            status: 200,
            headers: vec![("CONTENT-TYPE".into(), "a/b".into())],
            body: vec![],
        };
        assert_eq!(resp.content_type(), Some("a/b"));
        assert!(resp.is_success());
    }

    #[cfg(feature = "reqwest")]
    #[test]
    fn reqwest_transport_refuses_to_block_inside_a_runtime() {
        let transport = ReqwestTransport::new();
        let request = HttpRequest {
            method: "GET",
            url: "https://invalid.example/".into(),
            headers: vec![],
            body: vec![],
        };
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let err = runtime.block_on(async { transport.send(request) }).unwrap_err();
        assert_eq!(err.kind, TransportErrorKind::Other);
        assert!(err.message.contains("async runtime"), "{err}");
        assert!(format!("{transport:?}").starts_with("ReqwestTransport { timeout: 60s"));
    }

    #[test]
    fn set_header_replaces() {
        let mut h = vec![("accept".to_owned(), "a".to_owned())];
        set_header(&mut h, "Accept", "b");
        assert_eq!(h, vec![("Accept".to_owned(), "b".to_owned())]);
    }
}
