//! HTTP credentials. The PSI scheme is contested (Basic with the entity's NISS and SSD
//! password, or a Bearer token created in Segurança Social Direta), so it is a per-client
//! setting, never hard-wired. Other REST services may ask for an API key, which each
//! operation puts where its spec's security scheme says ([`KeyPlace`]).

use std::fmt;

use base64::Engine as _;

/// A secret string (password, token). `Debug` and `Display` print `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wrap a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for building a header.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// How requests authenticate. `Debug` shows the Basic user name but never a secret.
///
/// More ways may be added: a `match` on it needs a `_` arm.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Auth {
    /// No `Authorization` header (e.g. the public SIOE directory).
    #[default]
    None,
    /// `Authorization: Basic base64(user:password)`; for the PSI the user is the entity's NISS
    /// and the password its Segurança Social Direta password.
    Basic {
        /// The user name.
        user: String,
        /// The password.
        password: Secret,
    },
    /// `Authorization: Bearer <token>`; for the PSI, a token created in Segurança Social
    /// Direta (Gestão de autenticação → Tokens de acesso).
    Bearer(Secret),
    /// An API key, which each operation puts where its spec's `apiKey` security scheme says:
    /// in a header, a query parameter or a cookie of the name the scheme gives, marked
    /// sensitive ([`KeyPlace`]). An operation whose spec declares no API-key scheme sends no
    /// credential (there is no place for the key). In the query, the key is in the URL:
    /// log requests with [`crate::rt::transport::Redacted`], which hides query values.
    ApiKey(Secret),
}

/// Where an operation's API-key security scheme puts the key (OpenAPI `in` and `name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPlace {
    /// A request header of this name.
    Header(&'static str),
    /// A query parameter of this name.
    Query(&'static str),
    /// A cookie of this name.
    Cookie(&'static str),
}

impl Auth {
    /// Basic authentication.
    pub fn basic(user: impl Into<String>, password: impl Into<Secret>) -> Self {
        Auth::Basic {
            user: user.into(),
            password: password.into(),
        }
    }

    /// Bearer-token authentication.
    pub fn bearer(token: impl Into<Secret>) -> Self {
        Auth::Bearer(token.into())
    }

    /// An API key, sent where each operation's security scheme says.
    pub fn api_key(key: impl Into<Secret>) -> Self {
        Auth::ApiKey(key.into())
    }

    /// The `Authorization` header value, or `None` for [`Auth::None`] and [`Auth::ApiKey`]
    /// (which goes where the operation says).
    pub fn header_value(&self) -> Option<String> {
        match self {
            Auth::None => None,
            Auth::Basic { user, password } => {
                let mut pair = String::with_capacity(user.len() + 1 + password.0.len());
                pair.push_str(user);
                pair.push(':');
                pair.push_str(password.expose());
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair.as_bytes());
                Some(format!("Basic {encoded}"))
            }
            Auth::Bearer(token) => Some(format!("Bearer {}", token.expose())),
            Auth::ApiKey(_) => None,
        }
    }

    /// The secrets of this credential as they could appear in a text (the password, token or
    /// API key, the Basic header value, and the key as a URL carries it), for redacting error
    /// messages.
    pub(crate) fn secrets(&self) -> Vec<String> {
        match self {
            Auth::None => Vec::new(),
            Auth::Basic { password, .. } => {
                let mut v = vec![password.expose().to_owned()];
                v.extend(
                    self.header_value()
                        .and_then(|h| h.strip_prefix("Basic ").map(str::to_owned)),
                );
                v
            }
            Auth::Bearer(token) => vec![token.expose().to_owned()],
            Auth::ApiKey(key) => {
                let mut v = vec![key.expose().to_owned()];
                let encoded = crate::rt::http::path_segment(key.expose());
                if encoded != key.expose() {
                    v.push(encoded);
                }
                v
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_header() {
        // RFC 7617 §2 example.
        assert_eq!(
            Auth::basic("Aladdin", "open sesame").header_value().as_deref(),
            Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
        );
    }

    #[test]
    fn bearer_header_and_none() {
        assert_eq!(Auth::None.header_value(), None);
        assert_eq!(
            Auth::bearer("tok-123").header_value().as_deref(),
            Some("Bearer tok-123")
        );
    }

    #[test]
    fn secrets_not_in_debug_or_display() {
        let auth = Auth::basic("11111111111", "hunter2-PLACEHOLDER");
        let dbg = format!("{auth:?}");
        assert!(!dbg.contains("hunter2"), "{dbg}");
        assert!(dbg.contains("***"));
        let bearer = Auth::bearer("tok-PLACEHOLDER");
        assert!(!format!("{bearer:?}").contains("tok-"));
        assert_eq!(Secret::new("x").to_string(), "***");
        assert_eq!(Secret::new("x").expose(), "x");
        let key = Auth::api_key("k/ey-PLACEHOLDER");
        assert!(!format!("{key:?}").contains("PLACEHOLDER"));
        assert_eq!(key.header_value(), None);
        assert_eq!(key.secrets(), ["k/ey-PLACEHOLDER", "k%2Fey-PLACEHOLDER"]);
    }
}
