//! HTTP credentials. The PSI scheme is contested (Basic with the entity's NISS and SSD
//! password, or a Bearer token created in Segurança Social Direta), so it is a per-client
//! setting, never hard-wired.

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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
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

    /// The `Authorization` header value, or `None` for [`Auth::None`].
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
        }
    }

    /// The secrets of this credential as they could appear in a text (the password or
    /// token, and the Basic header value), for redacting error messages.
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
    }
}
