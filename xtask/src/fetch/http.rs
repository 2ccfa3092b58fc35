//! Downloading: a small blocking HTTP client with a timeout, a size limit, HTTPS only
//! (loopback excepted), and redirects followed only to the source's own host over HTTPS, or
//! to a host the manifest lists for the spec.

use std::time::Duration;

use super::{resolve_url, split_url};

/// Most redirects one download follows.
const MAX_REDIRECTS: usize = 5;

/// A small blocking HTTP client: timeout, size limit, HTTPS only (loopback excepted).
#[derive(Debug, Clone)]
pub struct Http {
    strict: ureq::Agent,
    plain: ureq::Agent,
    loopback: ureq::Agent,
    timeout: Duration,
    max_bytes: u64,
    allow_http: bool,
    /// Hosts other than the source's own that a redirect may lead to.
    redirect_hosts: Vec<String>,
}

impl Http {
    /// A client with this timeout per request and this size limit per body.
    pub fn new(timeout: Duration, max_bytes: u64, allow_http: bool) -> Http {
        // Redirects are followed here, one hop at a time, so that each is checked.
        let agent = |https_only: bool, env_proxy: bool| {
            let config = ureq::Agent::config_builder()
                .timeout_global(Some(timeout))
                .http_status_as_error(true)
                .max_redirects(0)
                .https_only(https_only)
                .user_agent("psi-codegen-xtask-fetch")
                .proxy(if env_proxy { ureq::Proxy::try_from_env() } else { None })
                .build();
            ureq::Agent::new_with_config(config)
        };
        Http {
            strict: agent(true, true),
            plain: agent(false, true),
            loopback: agent(false, false),
            timeout,
            max_bytes,
            allow_http,
            redirect_hosts: Vec::new(),
        }
    }

    /// The same client, also following redirects to these hosts (a spec's `redirect_hosts`).
    pub fn with_redirect_hosts(&self, hosts: &[String]) -> Http {
        Http {
            redirect_hosts: hosts.iter().map(|h| h.to_ascii_lowercase()).collect(),
            ..self.clone()
        }
    }

    fn agent_for(&self, url: &str) -> Result<&ureq::Agent, String> {
        let (scheme, authority, _) = split_url(url).ok_or_else(|| format!("{url}: not an absolute http(s) URL"))?;
        match scheme.to_ascii_lowercase().as_str() {
            "https" => Ok(&self.strict),
            "http" if is_loopback_host(authority) => Ok(&self.loopback),
            "http" if self.allow_http => Ok(&self.plain),
            "http" => Err(format!("{url}: plain http is refused (use https, or --allow-http)")),
            other => Err(format!("{url}: scheme `{other}` is not supported")),
        }
    }

    /// Whether a redirect from `from` (first asked for as `origin`) to `to` may be followed:
    /// https only (plain http only from loopback to loopback), and to the origin's host or a
    /// listed one.
    fn check_redirect(&self, origin: &str, from: &str, to: &str) -> Result<(), String> {
        let refuse = |why: &str| Err(format!("{origin}: redirected to {to}: {why}; refused"));
        let Some((scheme, authority, _)) = split_url(to) else {
            return refuse("not an absolute http(s) URL");
        };
        let from_loopback = split_url(from).is_some_and(|(_, a, _)| is_loopback_host(a));
        match scheme.to_ascii_lowercase().as_str() {
            "https" => {}
            "http" if from_loopback && is_loopback_host(authority) => {}
            _ => return refuse("not https"),
        }
        let host = host_of(authority);
        let origin_host = split_url(origin).map(|(_, a, _)| host_of(a)).unwrap_or_default();
        if host != origin_host && !self.redirect_hosts.contains(&host) {
            return refuse(&format!(
                "another host than `{origin_host}` (list it in the spec's `redirect_hosts` to allow it)"
            ));
        }
        Ok(())
    }

    /// GET a URL; the body, or an error that names the URL.
    pub fn get(&self, url: &str) -> Result<Vec<u8>, String> {
        let mut current = url.to_owned();
        for hop in 0..=MAX_REDIRECTS {
            let agent = self.agent_for(&current)?;
            let mut response = agent
                .get(&current)
                .call()
                .map_err(|e| format!("{current}: {}", self.explain(e)))?;
            if response.status().is_redirection() {
                if hop == MAX_REDIRECTS {
                    return Err(format!("{url}: more than {MAX_REDIRECTS} redirects"));
                }
                let status = response.status().as_u16();
                let location = response
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .ok_or_else(|| format!("{current}: HTTP status {status} without a Location"))?;
                let next = resolve_url(&current, location.trim())
                    .ok_or_else(|| format!("{current}: HTTP status {status} to `{location}`, not a URL"))?;
                self.check_redirect(url, &current, &next)?;
                current = next;
                continue;
            }
            if let Some(len) = response
                .headers()
                .get("content-length")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
                && len > self.max_bytes
            {
                return Err(format!(
                    "{current}: body of {len} bytes is larger than the size limit of {} bytes",
                    self.max_bytes
                ));
            }
            return response
                .body_mut()
                .with_config()
                .limit(self.max_bytes)
                .read_to_vec()
                .map_err(|e| format!("{current}: {}", self.explain(e)));
        }
        Err(format!("{url}: more than {MAX_REDIRECTS} redirects"))
    }

    fn explain(&self, e: ureq::Error) -> String {
        match e {
            ureq::Error::StatusCode(code) => format!("HTTP status {code}"),
            ureq::Error::Timeout(_) => format!("timed out after {} s", self.timeout.as_secs()),
            ureq::Error::BodyExceedsLimit(_) => format!("body larger than the size limit of {} bytes", self.max_bytes),
            ureq::Error::HostNotFound => "host not found".into(),
            ureq::Error::ConnectionFailed => "connection failed".into(),
            ureq::Error::RequireHttpsOnly(to) => format!("redirected to a non-https URL ({to}); refused"),
            ureq::Error::TooManyRedirects => "too many redirects".into(),
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
                format!("timed out after {} s", self.timeout.as_secs())
            }
            other => other.to_string(),
        }
    }
}

/// The host of an authority, lower-case, without user info or port.
fn host_of(authority: &str) -> String {
    let host = authority.rsplit_once('@').map(|(_, h)| h).unwrap_or(authority);
    let host = if host.starts_with('[') {
        host.split(']').next().map(|h| format!("{h}]")).unwrap_or_default()
    } else {
        host.split(':').next().unwrap_or("").to_owned()
    };
    host.to_ascii_lowercase()
}

/// `localhost`, `[::1]` or `127.x.y.z`.
pub(super) fn is_loopback_host(authority: &str) -> bool {
    let host = host_of(authority);
    let v4 = host.split('.').collect::<Vec<_>>();
    let is_127 = v4.len() == 4 && v4[0] == "127" && v4.iter().all(|p| !p.is_empty() && p.parse::<u8>().is_ok());
    host == "localhost" || host == "[::1]" || is_127
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        assert!(is_loopback_host("127.0.0.1:8080"));
        assert!(is_loopback_host("localhost"));
        assert!(is_loopback_host("[::1]:80"));
        assert!(!is_loopback_host("app.seg-social.pt"));
        assert!(!is_loopback_host("127.0.0.1.evil.pt"));
    }

    #[test]
    fn plain_http_is_refused_except_on_loopback() {
        let http = Http::new(Duration::from_secs(1), 10, false);
        let e = http.get("http://app.seg-social.pt/x?wsdl").unwrap_err();
        assert!(e.contains("plain http is refused"), "{e}");
        let e = http.get("ftp://x/y").unwrap_err();
        assert!(
            e.contains("not an absolute http(s) URL") || e.contains("not supported"),
            "{e}"
        );
    }

    #[test]
    fn redirects_stay_on_the_host_and_on_https() {
        let http = Http::new(Duration::from_secs(1), 10, false);
        let o = "https://app.seg-social.pt/ws?wsdl";
        assert!(
            http.check_redirect(o, o, "https://APP.seg-social.pt:443/v2?wsdl")
                .is_ok()
        );
        let e = http.check_redirect(o, o, "https://evil.pt/ws?wsdl").unwrap_err();
        assert!(e.contains("another host than `app.seg-social.pt`"), "{e}");
        let e = http
            .check_redirect(o, o, "http://app.seg-social.pt/ws?wsdl")
            .unwrap_err();
        assert!(e.contains("not https"), "{e}");
        let listed = http.with_redirect_hosts(&["Files.Seg-Social.pt".to_owned()]);
        assert!(
            listed
                .check_redirect(o, o, "https://files.seg-social.pt/ws.wsdl")
                .is_ok()
        );
        assert!(
            listed
                .check_redirect(o, o, "http://files.seg-social.pt/ws.wsdl")
                .is_err()
        );
    }
}
