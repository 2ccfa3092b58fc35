//! The default async transport: reqwest with rustls.

use std::sync::OnceLock;
use std::time::Duration;

use super::{AsyncTransport, BodyLimit, BoxFuture, Request, Response, TransportError, TransportErrorKind, limits_of};

/// The default transport: a `reqwest` async client with rustls.
///
/// * Timeout 60 s per request by default ([`ReqwestTransport::with_timeout`]); the total
///   deadline of a call, decoding included, is [`crate::rt::Limits::deadline`].
/// * Redirects are **not** followed: a 3xx comes back as an undeclared status, so a body
///   and a credential are never re-sent to another URL.
/// * The body is read chunk by chunk up to the request's [`crate::rt::Limits::max_body`].
/// * The client is built on the first request. It runs on the caller's Tokio runtime; for
///   blocking code, `BlockingTransport` (feature `blocking`) gives it a runtime of its own.
pub struct ReqwestTransport {
    timeout: Duration,
    client: OnceLock<Result<reqwest::Client, String>>,
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

    /// A transport with this timeout per request.
    pub fn with_timeout(timeout: Duration) -> Self {
        ReqwestTransport {
            timeout,
            client: OnceLock::new(),
        }
    }

    /// A transport over a client you configured (proxy, certificates, …). Mind that the
    /// client's own redirect policy then applies.
    pub fn from_client(client: reqwest::Client) -> Self {
        let cell = OnceLock::new();
        let _ = cell.set(Ok(client));
        ReqwestTransport {
            timeout: Self::DEFAULT_TIMEOUT,
            client: cell,
        }
    }

    fn client(&self) -> Result<&reqwest::Client, TransportError> {
        self.client
            .get_or_init(|| {
                reqwest::Client::builder()
                    .timeout(self.timeout)
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(message)
            })
            .as_ref()
            .map_err(|m| {
                TransportError::new(
                    TransportErrorKind::Invalid,
                    format!("could not build the HTTP client: {m}"),
                )
            })
    }

    async fn exchange(&self, request: Request) -> Result<Response, TransportError> {
        let limit = limits_of(&request).max_body;
        let client = self.client()?;
        let request = reqwest::Request::try_from(request)
            .map_err(|e| TransportError::new(TransportErrorKind::Invalid, message(e)))?;
        let mut response = client.execute(request).await.map_err(convert)?;
        let mut body = BodyLimit::new(limit, response.headers())?;
        while let Some(chunk) = response.chunk().await.map_err(convert)? {
            body.push(&chunk)?;
        }
        let mut out = http::Response::new(body.finish());
        *out.status_mut() = response.status();
        *out.version_mut() = response.version();
        *out.headers_mut() = std::mem::take(response.headers_mut());
        Ok(out)
    }
}

impl AsyncTransport for ReqwestTransport {
    fn send(&self, request: Request) -> BoxFuture<'_, Result<Response, TransportError>> {
        Box::pin(self.exchange(request))
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

fn convert(e: reqwest::Error) -> TransportError {
    let kind = if e.is_timeout() {
        TransportErrorKind::Timeout
    } else if e.is_connect() {
        TransportErrorKind::Connect
    } else if e.is_builder() {
        TransportErrorKind::Invalid
    } else if e.is_body() || e.is_decode() || e.is_request() {
        TransportErrorKind::Io
    } else {
        TransportErrorKind::Other
    };
    TransportError::new(kind, message(e))
}
