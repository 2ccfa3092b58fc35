//! Where and how a client sends its requests: environment or URL, credential, user agent,
//! limits. Transport-free: the transport is the client's, so the same settings serve the
//! async and the blocking clients and the codecs ([`crate::api`]'s `codec` modules).

use std::fmt;
use std::time::Duration;

use crate::rt::auth::Auth;
use crate::rt::env::Environment;
use crate::rt::error::Error;

/// The `User-Agent` sent by default.
pub const DEFAULT_USER_AGENT: &str = concat!("psi-client/", env!("CARGO_PKG_VERSION"));

/// Bounds on what one call may cost, whatever the server sends.
///
/// The request carries them as an [`http`] extension, so the transport enforces
/// [`Limits::max_body`] while it reads; the readers enforce the XML limits while they decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The largest response body read, in bytes (default 64 MiB). Past it the call fails
    /// with [`Error::TooLarge`] and nothing more is read.
    pub max_body: usize,
    /// The total time one call may take, sending, waiting and reading (default 120 s).
    /// `None`: no deadline beyond the transport's own timeout. Decoding is linear in the
    /// size of the body ([`XmlLimits`]), so it adds no unbounded time.
    pub deadline: Option<Duration>,
    /// Bounds on the shape of XML responses.
    pub xml: XmlLimits,
}

/// Bounds on the shape of an XML response, checked in one pass before it is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct XmlLimits {
    /// Elements in the document (default 4,000,000).
    pub max_elements: usize,
    /// Attributes on one element, namespace declarations included (default 256).
    pub max_attributes: usize,
    /// Namespace declarations in the whole document (default 256).
    pub max_namespace_declarations: usize,
    /// Element nesting depth (default 256).
    pub max_depth: usize,
}

impl XmlLimits {
    /// The defaults.
    pub const DEFAULT: XmlLimits = XmlLimits {
        max_elements: 4_000_000,
        max_attributes: 256,
        max_namespace_declarations: 256,
        max_depth: 256,
    };

    /// These limits with another nesting depth.
    pub const fn max_depth(mut self, depth: usize) -> Self {
        self.max_depth = depth;
        self
    }

    /// These limits with another number of attributes per element.
    pub const fn max_attributes(mut self, attributes: usize) -> Self {
        self.max_attributes = attributes;
        self
    }
}

impl Default for XmlLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl Limits {
    /// 64 MiB, 120 s, [`XmlLimits::DEFAULT`].
    pub const DEFAULT: Limits = Limits {
        max_body: 64 * 1024 * 1024,
        deadline: Some(Duration::from_secs(120)),
        xml: XmlLimits::DEFAULT,
    };

    /// These limits with another body limit.
    pub const fn max_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// These limits with another total deadline per call.
    pub const fn deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = deadline;
        self
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// A client's settings.
///
/// The target is an [`Environment`] (each service's URL comes from its endpoint table),
/// optionally moved to another scheme, host and port with [`Config::origin`] (each service
/// keeps its path: a local simulator, a proxy), or a whole base URL ([`Config::for_url`]).
/// For a SOAP service the base URL is the endpoint; for a REST service it is the prefix the
/// operation paths are appended to. Put credentials in [`Config::auth`], never in the URL.
/// `Debug` prints no secret.
#[derive(Clone)]
pub struct Config {
    environment: Option<Environment>,
    base_url: Option<String>,
    origin: Option<String>,
    auth: Auth,
    user_agent: String,
    limits: Limits,
    sensitive_headers: Vec<String>,
}

/// Headers whose values `Debug` never prints, besides `Authorization`.
pub const DEFAULT_SENSITIVE_HEADERS: [&str; 4] = ["proxy-authorization", "cookie", "x-api-key", "x-auth-token"];

impl Config {
    /// Settings for an environment: no credential, default user agent and limits.
    pub fn new(environment: Environment) -> Self {
        Config {
            environment: Some(environment),
            base_url: None,
            origin: None,
            auth: Auth::None,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            limits: Limits::DEFAULT,
            sensitive_headers: DEFAULT_SENSITIVE_HEADERS.iter().map(|h| (*h).to_owned()).collect(),
        }
    }

    /// Also hide the value of this header in `Debug` output (requests mark it sensitive).
    pub fn sensitive_header(mut self, name: impl Into<String>) -> Self {
        self.sensitive_headers.push(name.into());
        self
    }

    /// Is a header of this name one whose value is never printed?
    pub fn is_sensitive(&self, name: &str) -> bool {
        name.eq_ignore_ascii_case("authorization")
            || self.sensitive_headers.iter().any(|h| h.eq_ignore_ascii_case(name))
    }

    /// Settings for one whole base URL (the endpoint of a SOAP service, the path prefix of a
    /// REST service), whatever the endpoint tables say.
    pub fn for_url(base_url: impl Into<String>) -> Self {
        Config {
            environment: None,
            base_url: Some(base_url.into()),
            ..Config::new(Environment::Producao)
        }
    }

    /// Send to this scheme, host and port (`http://127.0.0.1:8080`) instead of the one the
    /// environment's endpoint table (or the base URL) names, keeping each service's path.
    pub fn origin(mut self, origin: impl Into<String>) -> Self {
        self.origin = Some(origin.into());
        self
    }

    /// Use this credential.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// Use this `User-Agent` (empty: none).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Use these limits.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The environment, unless a whole base URL was given.
    pub fn environment(&self) -> Option<Environment> {
        self.environment
    }

    /// The credential.
    pub fn credential(&self) -> &Auth {
        &self.auth
    }

    /// The `User-Agent` value.
    pub fn user_agent_value(&self) -> &str {
        &self.user_agent
    }

    /// The limits.
    pub fn current_limits(&self) -> Limits {
        self.limits
    }

    /// The base URL of a service whose endpoint table is `endpoints` (rows of environment
    /// key and URL; a `default` row serves every environment without a row of its own).
    pub fn base_url<F>(&self, endpoints: &[(&str, &str)]) -> Result<String, Error<F>> {
        let base = match (&self.base_url, self.environment) {
            (Some(url), _) => url.as_str(),
            (None, Some(env)) => endpoint(endpoints, env).map_err(Error::with_fault)?,
            (None, None) => return Err(Error::Invalid("no environment and no base URL".into())),
        };
        Ok(match &self.origin {
            Some(origin) => with_origin(base, origin),
            None => base.to_owned(),
        })
    }

    /// The texts to cut from error messages: the credential's secrets.
    pub(crate) fn secrets(&self) -> Vec<String> {
        self.auth.secrets()
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("environment", &self.environment)
            .field("base_url", &self.base_url.as_deref().map(redact_url))
            .field("origin", &self.origin.as_deref().map(redact_url))
            .field("auth", &self.auth)
            .field("user_agent", &self.user_agent)
            .field("limits", &self.limits)
            .field("sensitive_headers", &self.sensitive_headers)
            .finish()
    }
}

/// `url` with its scheme and authority replaced by `origin`'s (whose own path, if any, is
/// put before `url`'s path).
fn with_origin(url: &str, origin: &str) -> String {
    let path_start = |u: &str| {
        let after_scheme = u.find("://").map_or(0, |i| i + 3);
        u[after_scheme..].find('/').map_or(u.len(), |i| after_scheme + i)
    };
    let path = &url[path_start(url)..];
    let origin = origin.trim_end_matches('/');
    format!("{origin}{path}")
}

/// The URL with any `user:password@` replaced by `***@`, and every query value by `***`.
pub(crate) fn redact_url(url: &str) -> String {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let authority_end = url[after_scheme..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| after_scheme + i);
    let mut out = match url[after_scheme..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &url[..after_scheme], &url[after_scheme + at..authority_end]),
        None => url[..authority_end].to_owned(),
    };
    let rest = &url[authority_end..];
    match rest.split_once('?') {
        None => out.push_str(rest),
        Some((path, query)) => {
            out.push_str(path);
            out.push('?');
            let (query, fragment) = query.split_once('#').map_or((query, None), |(q, f)| (q, Some(f)));
            let pairs: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((name, _)) => format!("{name}=***"),
                    None => pair.to_owned(),
                })
                .collect();
            out.push_str(&pairs.join("&"));
            if let Some(f) = fragment {
                out.push('#');
                out.push_str(f);
            }
        }
    }
    out
}

/// The base URL for `env` in a generated endpoint table of `(environment key, URL)` rows; a
/// `default` row serves every environment without a row of its own.
pub fn endpoint<'a>(table: &[(&'a str, &'a str)], env: Environment) -> Result<&'a str, Error> {
    table
        .iter()
        .find(|(key, _)| *key == env.key())
        .or_else(|| table.iter().find(|(key, _)| *key == "default"))
        .map(|(_, url)| *url)
        .ok_or_else(|| Error::Invalid(format!("this service has no endpoint for environment `{}`", env.key())))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(
            endpoint(&[("default", "http://h/p")], Environment::QualidadeExt).unwrap(),
            "http://h/p"
        );
    }

    #[test]
    fn origin_keeps_each_service_path() {
        let c = Config::new(Environment::QualidadePreapp).origin("http://127.0.0.1:8080/");
        assert_eq!(
            c.base_url::<crate::rt::NoFault>(TABLE).unwrap(),
            "http://127.0.0.1:8080/ws/x"
        );
        let c = Config::for_url("https://h/ptss/rest").origin("http://localhost:1");
        assert_eq!(
            c.base_url::<crate::rt::NoFault>(&[]).unwrap(),
            "http://localhost:1/ptss/rest"
        );
        let c = Config::for_url("https://h/ptss/rest");
        assert_eq!(c.base_url::<crate::rt::NoFault>(TABLE).unwrap(), "https://h/ptss/rest");
        assert_eq!(with_origin("https://h", "http://o"), "http://o");
    }

    #[test]
    fn debug_hides_secrets() {
        let c = Config::for_url("https://u:pw@h/p?token=abc&x")
            .auth(Auth::basic("11111111111", "s3cret-PLACEHOLDER"))
            .user_agent("t");
        let dbg = format!("{c:?}");
        assert!(
            !dbg.contains("s3cret") && !dbg.contains("pw") && !dbg.contains("abc"),
            "{dbg}"
        );
        assert!(dbg.contains("https://***@h/p?token=***&x"), "{dbg}");
        assert_eq!(redact_url("https://h/p?a=b@c#f"), "https://h/p?a=***#f");
        assert_eq!(redact_url("no-scheme"), "no-scheme");
    }
}
