//! Where and how a client sends its requests.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use crate::rt::auth::Auth;
use crate::rt::env::Environment;
use crate::rt::error::Error;
use crate::rt::transport::Transport;

/// The `User-Agent` sent by default.
pub const DEFAULT_USER_AGENT: &str = concat!("psi-client/", env!("CARGO_PKG_VERSION"));

/// A client's settings: base URL, credential, transport, user agent.
///
/// For a SOAP service the base URL is the full endpoint URL; for a REST service it is the
/// prefix the operation paths are appended to (e.g. `https://app.seg-social.pt/ptss/rest`).
/// Put credentials in [`Config::auth`], never in the URL. `Debug` prints no secret.
#[derive(Clone)]
pub struct Config {
    /// The base URL.
    pub base_url: String,
    /// The credential.
    pub auth: Auth,
    /// The HTTP stack.
    pub transport: Arc<dyn Transport>,
    /// The `User-Agent` header value.
    pub user_agent: String,
}

impl Config {
    /// Settings with the default transport ([`crate::rt::ReqwestTransport`]), no credential
    /// and the default user agent. See the transport's notes on async runtimes.
    #[cfg(feature = "reqwest")]
    pub fn new(base_url: impl Into<String>) -> Self {
        Self::with_transport(base_url, Arc::new(crate::rt::transport::ReqwestTransport::new()))
    }

    /// Settings with your own transport, no credential and the default user agent.
    pub fn with_transport(base_url: impl Into<String>, transport: Arc<dyn Transport>) -> Self {
        Config {
            base_url: base_url.into(),
            auth: Auth::None,
            transport,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
        }
    }

    /// Use this credential.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// Use this transport.
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = transport;
        self
    }

    /// Use this base URL.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Use this `User-Agent`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("base_url", &redact_url(&self.base_url))
            .field("auth", &self.auth)
            .field("transport", &self.transport)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

/// The URL with any `user:password@` replaced by `***@`.
pub(crate) fn redact_url(url: &str) -> Cow<'_, str> {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let authority_end = url[after_scheme..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| after_scheme + i);
    match url[after_scheme..authority_end].rfind('@') {
        Some(at) => Cow::Owned(format!("{}***{}", &url[..after_scheme], &url[after_scheme + at..])),
        None => Cow::Borrowed(url),
    }
}

/// The base URL for `env` in a generated endpoint table of `(environment key, URL)` rows.
pub fn endpoint<'a>(table: &[(&'a str, &'a str)], env: Environment) -> Result<&'a str, Error> {
    table
        .iter()
        .find(|(key, _)| *key == env.key())
        .map(|(_, url)| *url)
        .ok_or_else(|| Error::Invalid(format!("this service has no endpoint for environment `{}`", env.key())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rt::testutil::FakeTransport;

    const TABLE: &[(&str, &str)] = &[
        ("producao", "https://app.seg-social.pt/ws/x"),
        ("qualidade-preapp", "https://preapp.seg-social.pt/ws/x"),
    ];

    #[test]
    fn endpoint_picks_by_key() {
        assert_eq!(
            endpoint(TABLE, Environment::Producao).unwrap(),
            "https://app.seg-social.pt/ws/x"
        );
        assert_eq!(
            endpoint(TABLE, Environment::QualidadePreapp).unwrap(),
            "https://preapp.seg-social.pt/ws/x"
        );
        let e = endpoint(TABLE, Environment::QualidadeExt).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid request: this service has no endpoint for environment `qualidade-ext`"
        );
    }

    #[test]
    fn debug_hides_secrets() {
        let c = Config::with_transport("https://u:pw@h/p", FakeTransport::new(vec![]))
            .auth(Auth::basic("11111111111", "s3cret-PLACEHOLDER"))
            .user_agent("t");
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("s3cret") && !dbg.contains("pw"), "{dbg}");
        assert!(dbg.contains("https://***@h/p"), "{dbg}");
        assert_eq!(redact_url("https://h/p?a=b@c"), "https://h/p?a=b@c");
        assert_eq!(redact_url("no-scheme"), "no-scheme");
    }
}
