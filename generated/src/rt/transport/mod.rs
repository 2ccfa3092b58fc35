//! The HTTP exchange the clients run on.
//!
//! Requests and responses are the [`http`] crate's types ([`Request`], [`Response`]), so any
//! HTTP stack or middleware (tower, reqwest-middleware, a test double) can carry them. Two
//! small traits plug a stack in:
//!
//! * [`AsyncTransport`] for the async clients; [`ReqwestTransport`] (feature `reqwest`, on
//!   by default) is the default;
//! * [`Transport`] for the blocking clients (feature `blocking`); `BlockingTransport` runs
//!   any [`AsyncTransport`] on a thread of its own, so it works from plain threads, from
//!   `tokio::task::spawn_blocking` and from inside an async runtime alike.
//!
//! Every request the generated code builds carries its [`Limits`] as a request extension: a
//! transport reads the body no further than [`Limits::max_body`] and answers
//! [`TransportErrorKind::TooLarge`] past it ([`read_body_limited`] does the counting).
//!
//! To log a request, format [`Redacted`]: `http::Request`'s own `Debug` prints the query
//! string and the body. To test code that uses the clients without a server, give them a
//! [`Replay`]: it answers from a list and records what was sent.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

#[cfg(feature = "blocking")]
mod blocking;
mod redacted;
mod replay;
#[cfg(feature = "reqwest")]
mod reqwest_async;

#[cfg(feature = "blocking")]
pub use self::blocking::BlockingTransport;
#[cfg(feature = "reqwest")]
pub use self::reqwest_async::ReqwestTransport;

pub use self::redacted::Redacted;
pub use self::replay::{Replay, Sent};
pub use crate::rt::config::Limits;

/// An HTTP request with its body, as the generated code builds it.
pub type Request = http::Request<Vec<u8>>;

/// An HTTP response with its whole body, as the generated code reads it.
pub type Response = http::Response<Vec<u8>>;

/// A boxed, sendable future (what [`AsyncTransport::send`] returns).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends requests and waits for the answer, blocking the calling thread. Implementations
/// must be usable from several threads.
pub trait Transport: Send + Sync + fmt::Debug {
    /// Send one request and return the response, whatever its status.
    fn send(&self, request: Request) -> Result<Response, TransportError>;
}

/// Sends requests asynchronously. Implementations must be usable from several tasks.
pub trait AsyncTransport: Send + Sync + fmt::Debug {
    /// Send one request and return the response, whatever its status.
    fn send(&self, request: Request) -> BoxFuture<'_, Result<Response, TransportError>>;
}

/// What kind of transport failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// Could not connect (DNS, refused, TLS handshake).
    Connect,
    /// The request or response took too long.
    Timeout,
    /// Reading or writing failed after the connection was made.
    Io,
    /// The response body passed [`Limits::max_body`]; reading stopped there.
    TooLarge,
    /// The request cannot be sent as built, or the transport is misused (an invalid header
    /// value, a transport that was shut down). Sending it again fails the same way.
    Invalid,
    /// Anything else.
    Other,
}

/// A request that got no (usable) HTTP response.
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

    /// May sending the same request again succeed? `true` for connection failures,
    /// timeouts and I/O errors; `false` for a body past the limit and for an invalid
    /// request or a misused transport.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Connect | TransportErrorKind::Timeout | TransportErrorKind::Io
        )
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Timeout => "request timed out",
            TransportErrorKind::Io => "I/O error during the request",
            TransportErrorKind::TooLarge => "response too large",
            TransportErrorKind::Invalid => "request cannot be sent",
            TransportErrorKind::Other => "request failed",
        };
        write!(f, "{what}: {}", self.message)
    }
}

impl std::error::Error for TransportError {}

/// The limits a request carries (its [`Limits`] extension), or the defaults.
pub fn limits_of(request: &Request) -> Limits {
    request.extensions().get::<Limits>().copied().unwrap_or_default()
}

/// Collects a response body chunk by chunk, refusing to grow past a limit: no more than
/// `limit` bytes are ever held, and a declared `Content-Length` above the limit is refused
/// before anything is read.
#[derive(Debug)]
pub struct BodyLimit {
    limit: usize,
    body: Vec<u8>,
}

impl BodyLimit {
    /// A collector for a response whose headers are `headers`.
    pub fn new(limit: usize, headers: &http::HeaderMap) -> Result<Self, TransportError> {
        let declared = headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|len| len > limit as u64) {
            return Err(too_large(limit));
        }
        let capacity = declared.map_or(0, |l| l as usize).min(limit).min(1 << 20);
        Ok(BodyLimit {
            limit,
            body: Vec::with_capacity(capacity),
        })
    }

    /// Add one chunk.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), TransportError> {
        if chunk.len() > self.limit - self.body.len() {
            return Err(too_large(self.limit));
        }
        self.body.extend_from_slice(chunk);
        Ok(())
    }

    /// The whole body.
    pub fn finish(self) -> Vec<u8> {
        self.body
    }
}

fn too_large(limit: usize) -> TransportError {
    TransportError::new(
        TransportErrorKind::TooLarge,
        format!("the response body is larger than the limit of {limit} bytes"),
    )
}

/// Read a whole body from a blocking reader through a [`BodyLimit`].
pub fn read_body_limited(
    mut reader: impl std::io::Read,
    limit: usize,
    headers: &http::HeaderMap,
) -> Result<Vec<u8>, TransportError> {
    let mut body = BodyLimit::new(limit, headers)?;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return Ok(body.finish()),
            Ok(n) => body.push(&buf[..n])?,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(TransportError::new(TransportErrorKind::Io, e.to_string())),
        }
    }
}

/// A response with this status, content type and body (for tests and fake transports).
pub fn response(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
    let mut r = http::Response::new(body.into());
    *r.status_mut() = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(v) = http::HeaderValue::from_str(content_type) {
        r.headers_mut().insert(http::header::CONTENT_TYPE, v);
    }
    r
}

/// The first value of a header, if it is visible ASCII.
pub fn header<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_say_whether_a_retry_can_help() {
        assert!(TransportError::new(TransportErrorKind::Timeout, "t").is_retryable());
        assert!(TransportError::new(TransportErrorKind::Connect, "c").is_retryable());
        assert!(!TransportError::new(TransportErrorKind::Invalid, "i").is_retryable());
        assert!(!TransportError::new(TransportErrorKind::TooLarge, "l").is_retryable());
    }

    #[test]
    fn body_limit_counts_chunks_and_content_length() {
        let mut headers = http::HeaderMap::new();
        let mut b = BodyLimit::new(10, &headers).unwrap();
        b.push(b"12345").unwrap();
        b.push(b"67890").unwrap();
        let e = b.push(b"x").unwrap_err();
        assert_eq!(e.kind, TransportErrorKind::TooLarge);
        assert!(e.message.contains("10 bytes"), "{e}");
        headers.insert(http::header::CONTENT_LENGTH, http::HeaderValue::from_static("11"));
        assert_eq!(
            BodyLimit::new(10, &headers).unwrap_err().kind,
            TransportErrorKind::TooLarge
        );
        let body = read_body_limited(&b"abc"[..], 10, &http::HeaderMap::new()).unwrap();
        assert_eq!(body, b"abc");
        let e = read_body_limited(std::io::repeat(b'a'), 1000, &http::HeaderMap::new()).unwrap_err();
        assert_eq!(e.kind, TransportErrorKind::TooLarge);
    }

    #[test]
    fn response_helper() {
        let r = response(403, "text/xml", "x");
        assert_eq!(r.status(), 403);
        assert_eq!(header(r.headers(), "content-type"), Some("text/xml"));
    }
}
