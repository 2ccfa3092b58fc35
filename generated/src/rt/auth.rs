//! HTTP credentials. The PSI scheme is contested (Basic with the entity's NISS and SSD
//! password, or a Bearer token created in Segurança Social Direta), so it is a per-client
//! setting, never hard-wired.

use std::fmt;

use base64::Engine as _;

use crate::rt::transport::set_header;

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

    /// Set the `Authorization` header (replacing any), or leave the headers alone for
    /// [`Auth::None`].
    pub fn apply(&self, headers: &mut Vec<(String, String)>) {
        match self {
            Auth::None => {}
            Auth::Basic { user, password } => {
                let mut pair = String::with_capacity(user.len() + 1 + password.0.len());
                pair.push_str(user);
                pair.push(':');
                pair.push_str(password.expose());
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair.as_bytes());
                set_header(headers, "Authorization", format!("Basic {encoded}"));
            }
            Auth::Bearer(token) => set_header(headers, "Authorization", format!("Bearer {}", token.expose())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_header() {
        let mut h = vec![("authorization".to_owned(), "old".to_owned())];
        Auth::basic("Aladdin", "open sesame").apply(&mut h);
        // RFC 7617 §2 example.
        assert_eq!(
            h,
            vec![(
                "Authorization".to_owned(),
                "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==".to_owned()
            )]
        );
    }

    #[test]
    fn bearer_header_and_none() {
        let mut h = Vec::new();
        Auth::None.apply(&mut h);
        assert!(h.is_empty());
        Auth::bearer("tok-123").apply(&mut h);
        assert_eq!(h, vec![("Authorization".to_owned(), "Bearer tok-123".to_owned())]);
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
