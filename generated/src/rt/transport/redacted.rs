//! A `Debug` view of a request that is safe to log.
//!
//! `http::Request`'s own `Debug` prints the whole URI, query string included, and the body.
//! Header values the generated code marks sensitive (the credential, and any header named with
//! [`Config::sensitive_header`](crate::rt::Config::sensitive_header)) are already hidden there;
//! [`Redacted`] also hides every query value, any `user:password@` in the URI, and the body
//! (only its length is printed), for transports and middleware that log what they send.

use std::fmt;

use super::Request;
use crate::rt::config::redact_url;

/// Formats a [`Request`] for logs: method, URI with query values and user info as `***`,
/// headers with sensitive values as `Sensitive`, and the body's length.
///
/// ```
/// # use psi_client::rt::transport::Redacted;
/// let request = http::Request::get("https://psi.example/x?token=abc&page=2")
///     .body(b"<Envelope/>".to_vec())
///     .unwrap();
/// let shown = format!("{:?}", Redacted(&request));
/// assert!(shown.contains("token=***&page=***"));
/// assert!(!shown.contains("abc") && !shown.contains("Envelope"));
/// ```
#[derive(Clone, Copy)]
pub struct Redacted<'a>(pub &'a Request);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let request = self.0;
        let headers: Vec<(&str, String)> = request
            .headers()
            .iter()
            .map(|(name, value)| {
                let shown = if value.is_sensitive() {
                    "Sensitive".to_owned()
                } else {
                    String::from_utf8_lossy(value.as_bytes()).into_owned()
                };
                (name.as_str(), shown)
            })
            .collect();
        f.debug_struct("Request")
            .field("method", request.method())
            .field("uri", &redact_url(&request.uri().to_string()))
            .field("headers", &headers)
            .field("body_len", &request.body().len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_user_info_and_sensitive_headers_are_hidden() {
        let mut secret = http::HeaderValue::from_static("Basic c2VjcmV0");
        secret.set_sensitive(true);
        let request = http::Request::post("https://user:pw@psi.example/ws?apikey=k1&niss=11234567892")
            .header("authorization", secret)
            .header("content-type", "text/xml")
            .body(b"secret body".to_vec())
            .expect("a request");
        let shown = format!("{:?}", Redacted(&request));
        for hidden in ["c2VjcmV0", "k1", "11234567892", "secret body", "user:pw"] {
            assert!(!shown.contains(hidden), "{hidden} shown in {shown}");
        }
        for kept in [
            "POST",
            "psi.example/ws?apikey=***&niss=***",
            "text/xml",
            "body_len: 11",
            "Sensitive",
        ] {
            assert!(shown.contains(kept), "{kept} missing from {shown}");
        }
    }
}
