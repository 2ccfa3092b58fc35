//! The error every generated operation returns.
//!
//! [`Error<F>`] is generic over the typed detail `F` of the operation's declared SOAP faults;
//! operations without declared faults use [`NoFault`], the default.
//!
//! No message built here carries a credential: the `Authorization` header is never echoed, and
//! transport messages are built without the request URL.

use std::fmt;

use crate::rt::transport::{TransportError, TransportErrorKind};
use crate::rt::xml::{DecodeError, RawXml};

/// The largest response body, in bytes, kept in [`Error::Status`].
pub const STATUS_BODY_LIMIT: usize = 64 * 1024;

/// How much of a kept body [`Error`]'s `Display` shows, in characters.
const DISPLAY_BODY_CHARS: usize = 200;

/// The fault detail of an operation that declares no faults: it has no values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoFault {}

impl fmt::Display for NoFault {
    fn fmt(&self, _f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {}
    }
}

/// A failed call.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<F = NoFault> {
    /// The request did not get an HTTP response (connection, timeout, I/O).
    Transport(TransportError),
    /// An HTTP status the operation does not declare (for SOAP: anything but 2xx, and a 500
    /// without a SOAP Fault). The PSI answers "not adhered / not authorised" with 403 and an
    /// empty SOAP Body, which lands here.
    Status {
        /// The HTTP status code.
        status: u16,
        /// The response's `Content-Type`, if any.
        content_type: Option<String>,
        /// The body, decoded lossily as UTF-8 and cut to [`STATUS_BODY_LIMIT`] bytes.
        body: String,
    },
    /// A SOAP Fault (boxed: it is large and rare).
    Fault(Box<Fault<F>>),
    /// The response could not be decoded.
    Decode(DecodeError),
    /// The request could not be encoded.
    Encode(String),
    /// The request was rejected before sending (e.g. no endpoint for the environment).
    Invalid(String),
    /// The response body passed [`crate::rt::Limits::max_body`]; reading stopped there.
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
}

/// A SOAP Fault (1.1 or 1.2), with the operation's typed detail when it was recognised.
#[derive(Debug, Clone, PartialEq)]
pub struct Fault<F> {
    /// The fault code as written: 1.1 `faultcode` (e.g. `soap:Server`), 1.2 `Code/Value`
    /// (e.g. `env:Receiver`).
    pub code: String,
    /// 1.1 `faultstring`, 1.2 the first `Reason/Text`.
    pub reason: String,
    /// 1.1 `faultactor`, 1.2 `Role`.
    pub actor: Option<String>,
    /// The typed detail, when a child of `detail` is one of the operation's declared faults
    /// and decoded.
    pub detail: Option<F>,
    /// The `detail` (1.1) or `Detail` (1.2) element as it came, when there was one.
    pub raw_detail: Option<RawXml>,
    /// Why a recognised detail element could not be decoded into `F` (then `detail` is
    /// `None`; `raw_detail` still has it).
    pub detail_error: Option<DecodeError>,
}

impl<F> Fault<F> {
    /// The same fault with its typed detail mapped.
    pub fn map_detail<G>(self, f: impl FnOnce(F) -> G) -> Fault<G> {
        Fault {
            code: self.code,
            reason: self.reason,
            actor: self.actor,
            detail: self.detail.map(f),
            raw_detail: self.raw_detail,
            detail_error: self.detail_error,
        }
    }
}

impl<F> fmt::Display for Fault<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SOAP fault `{}`: {}", self.code, self.reason)?;
        if let Some(actor) = &self.actor {
            write!(f, " (actor {actor})")?;
        }
        Ok(())
    }
}

impl<F> Error<F> {
    /// The HTTP status of an [`Error::Status`]; `None` for every other variant.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// HTTP 403: the caller has not adhered to the PSI or is not authorised for this service.
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(403)
    }

    /// HTTP 401: the credential is invalid or expired.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// The fault, if this is one.
    pub fn fault(&self) -> Option<&Fault<F>> {
        match self {
            Error::Fault(fault) => Some(fault),
            _ => None,
        }
    }

    /// An [`Error::Status`] for a response body, cut to [`STATUS_BODY_LIMIT`].
    pub fn from_status(status: u16, content_type: Option<&str>, body: &[u8]) -> Self {
        let cut = body.get(..STATUS_BODY_LIMIT).unwrap_or(body);
        Error::Status {
            status,
            content_type: content_type.map(str::to_owned),
            body: String::from_utf8_lossy(cut).into_owned(),
        }
    }
}

impl Error<NoFault> {
    /// The same error for an operation with declared faults (an [`Error`] made by a helper
    /// that knows no faults, such as [`crate::rt::http::json_body`]).
    pub fn with_fault<F>(self) -> Error<F> {
        match self {
            Error::Transport(e) => Error::Transport(e),
            Error::Status {
                status,
                content_type,
                body,
            } => Error::Status {
                status,
                content_type,
                body,
            },
            Error::Fault(fault) => Error::Fault(Box::new(fault.map_detail(|never| match never {}))),
            Error::Decode(e) => Error::Decode(e),
            Error::Encode(m) => Error::Encode(m),
            Error::Invalid(m) => Error::Invalid(m),
            Error::TooLarge { limit } => Error::TooLarge { limit },
        }
    }
}

impl<F> Error<F> {
    /// A transport failure, as [`Error::TooLarge`] when the body passed `limit`.
    pub fn from_transport(e: TransportError, limit: usize) -> Self {
        match e.kind {
            TransportErrorKind::TooLarge => Error::TooLarge { limit },
            _ => Error::Transport(e),
        }
    }

    /// The same error with every occurrence of `secrets` in its texts replaced by `***`
    /// (a server that echoes the credential must not put it in a log).
    pub fn redact(self, secrets: &[String]) -> Self {
        let clean = |text: String| -> String {
            secrets.iter().filter(|s| s.len() >= 3).fold(text, |t, s| {
                if t.contains(s.as_str()) {
                    t.replace(s.as_str(), "***")
                } else {
                    t
                }
            })
        };
        match self {
            Error::Status {
                status,
                content_type,
                body,
            } => Error::Status {
                status,
                content_type,
                body: clean(body),
            },
            Error::Fault(mut fault) => {
                fault.reason = clean(std::mem::take(&mut fault.reason));
                Error::Fault(fault)
            }
            Error::Decode(mut e) => {
                e.message = clean(e.message);
                Error::Decode(e)
            }
            Error::Transport(mut e) => {
                e.message = clean(e.message);
                Error::Transport(e)
            }
            other => other,
        }
    }

    /// May the same call succeed if made again? Only for transport failures that say so
    /// ([`TransportError::is_retryable`]) and for HTTP 502, 503 and 504.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(e) => e.is_retryable(),
            Error::Status { status, .. } => matches!(status, 502..=504),
            _ => false,
        }
    }
}

impl<F> From<TransportError> for Error<F> {
    fn from(e: TransportError) -> Self {
        Error::Transport(e)
    }
}

impl<F> From<DecodeError> for Error<F> {
    fn from(e: DecodeError) -> Self {
        Error::Decode(e)
    }
}

impl<F> fmt::Display for Error<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport(e) => write!(f, "{e}"),
            Error::Status {
                status,
                content_type,
                body,
            } => {
                write!(f, "HTTP status {status} not declared by the operation")?;
                if let Some(ct) = content_type {
                    write!(f, " (content type `{ct}`)")?;
                }
                let trimmed = body.trim();
                if trimmed.is_empty() {
                    f.write_str(", empty body")
                } else {
                    match trimmed.char_indices().nth(DISPLAY_BODY_CHARS) {
                        Some((at, _)) => write!(f, ", body: {}…", &trimmed[..at]),
                        None => write!(f, ", body: {trimmed}"),
                    }
                }
            }
            Error::Fault(fault) => write!(f, "{fault}"),
            Error::Decode(e) => write!(f, "could not decode the response: {e}"),
            Error::Encode(m) => write!(f, "could not encode the request: {m}"),
            Error::Invalid(m) => write!(f, "invalid request: {m}"),
            Error::TooLarge { limit } => write!(f, "the response body is larger than the limit of {limit} bytes"),
        }
    }
}

impl<F: fmt::Debug> std::error::Error for Error<F> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Decode(e) => Some(e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_helpers_and_message() {
        let e: Error = Error::from_status(403, Some("text/xml; charset=utf-8"), b"");
        assert!(e.is_forbidden());
        assert_eq!(e.status(), Some(403));
        assert_eq!(
            e.to_string(),
            "HTTP status 403 not declared by the operation (content type `text/xml; charset=utf-8`), empty body"
        );
        let e: Error = Error::Invalid("x".into());
        assert_eq!(e.status(), None);
        assert!(!e.is_forbidden());
    }

    #[test]
    fn status_body_is_cut_and_lossy() {
        let mut body = vec![b'a'; STATUS_BODY_LIMIT + 10];
        body[0] = 0xFF;
        let Error::<NoFault>::Status { body, .. } = Error::from_status(500, None, &body) else {
            panic!("not a status error")
        };
        assert!(body.starts_with('\u{FFFD}'));
        assert_eq!(body.chars().count(), STATUS_BODY_LIMIT);
        let e: Error = Error::from_status(500, None, "é".repeat(300).as_bytes());
        assert!(e.to_string().ends_with('…'));
    }

    #[test]
    fn fault_message() {
        let f: Fault<NoFault> = Fault {
            code: "soap:Server".into(),
            reason: "Erro comunicação servidor ptss".into(),
            actor: None,
            detail: None,
            raw_detail: None,
            detail_error: None,
        };
        let e: Error<String> = Error::Fault(Box::new(f)).with_fault();
        assert_eq!(
            e.to_string(),
            "SOAP fault `soap:Server`: Erro comunicação servidor ptss"
        );
        assert_eq!(e.fault().map(|f| f.code.as_str()), Some("soap:Server"));
    }
}
