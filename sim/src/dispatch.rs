//! One request through the simulator: route, record, script, credential, adherence, then
//! the operation's handler.

use base64::Engine as _;

use crate::call::{Call, Shared, adhered, lock};
use crate::ops::{self, Family, OpInfo, Wire};
use crate::script::{Reply, Script};
use crate::server::{HttpRequest, HttpResponse};
use crate::{Credential, Recorded, handlers, rest, soap};

pub(crate) fn handle(shared: &Shared, request: HttpRequest) -> HttpResponse {
    let (path, query) = match request.target.split_once('?') {
        Some((p, q)) => (p.to_owned(), parse_query(q)),
        None => (request.target.clone(), Vec::new()),
    };
    let routed = route(&request, &path);
    let index = record(
        shared,
        &request,
        &path,
        &query,
        routed.as_ref().ok().map(|(op, _)| op.name),
    );
    let response = match routed {
        Err(refusal) => refusal,
        Ok((op, params)) => answer(shared, &request, op, params, query),
    };
    if let Some(entry) = lock(&shared.log).get_mut(index) {
        entry.status = response.status;
    }
    response
}

fn answer(
    shared: &Shared,
    request: &HttpRequest,
    op: &'static OpInfo,
    params: Vec<String>,
    query: Vec<(String, String)>,
) -> HttpResponse {
    if let Some(script) = take_script(shared, op) {
        let mut response = match &script.reply {
            Reply::Simulated => None,
            reply => Some(render(op, reply)),
        }
        .unwrap_or_else(|| simulated(shared, request, op, params, query));
        response.delay = script.latency;
        return response;
    }
    simulated(shared, request, op, params, query)
}

fn simulated(
    shared: &Shared,
    request: &HttpRequest,
    op: &'static OpInfo,
    params: Vec<String>,
    query: Vec<(String, String)>,
) -> HttpResponse {
    let employer = if op.needs_auth() {
        match authenticate(shared, request) {
            Some(niss) => niss,
            None => return render(op, &Reply::Unauthorized),
        }
    } else {
        String::new()
    };
    let call = Call {
        shared,
        op,
        request,
        employer: query
            .iter()
            .find(|(k, _)| k == "niss-representado")
            .map_or(employer.clone(), |(_, v)| v.clone()),
        params,
    };
    if op.needs_auth() && !adhered(shared, &employer) {
        return render(op, &Reply::Forbidden);
    }
    handlers::handle(&call)
}

fn take_script(shared: &Shared, op: &OpInfo) -> Option<Script> {
    let mut scripts = lock(&shared.scripts);
    let i = scripts.iter().position(|s| s.op.name == op.name)?;
    let script = scripts[i].clone();
    match &mut scripts[i].times {
        Some(1) => {
            scripts.remove(i);
        }
        Some(n) => *n -= 1,
        None => {}
    }
    Some(script)
}

/// The employer NISS of the request's credential, or `None` for 401.
fn authenticate(shared: &Shared, request: &HttpRequest) -> Option<String> {
    let value = request.header("authorization")?;
    let (scheme, rest) = value.split_once(' ')?;
    let rest = rest.trim();
    if scheme.eq_ignore_ascii_case("basic") {
        let decoded = base64::engine::general_purpose::STANDARD.decode(rest).ok()?;
        let decoded = String::from_utf8(decoded).ok()?;
        let (user, password) = decoded.split_once(':')?;
        let well_formed = user.len() == 11 && user.bytes().all(|b| b.is_ascii_digit()) && !password.is_empty();
        let known = shared.credentials.is_empty()
            || shared
                .credentials
                .iter()
                .any(|c| matches!(c, Credential::Basic { user: u, password: p } if u == user && p == password));
        (well_formed && known).then(|| user.to_owned())
    } else if scheme.eq_ignore_ascii_case("bearer") {
        if rest.is_empty() {
            return None;
        }
        if shared.credentials.is_empty() {
            return Some(shared.bearer_employer.clone());
        }
        shared.credentials.iter().find_map(|c| match c {
            Credential::Bearer { token, employer } if token == rest => Some(employer.clone()),
            _ => None,
        })
    } else {
        None
    }
}

/// The operation a request is for, or the answer that refuses it.
fn route(request: &HttpRequest, path: &str) -> Result<(&'static OpInfo, Vec<String>), HttpResponse> {
    let at = ops::soap_at(path);
    if !at.is_empty() {
        if request.method != "POST" {
            return Err(HttpResponse::plain(
                405,
                &format!("{} is not allowed; SOAP takes POST", request.method),
            ));
        }
        let by_element = std::str::from_utf8(&request.body)
            .ok()
            .and_then(|text| roxmltree::Document::parse(text).ok())
            .and_then(|doc| {
                let node = soap::operation_element(&doc).ok()?;
                at.iter()
                    .copied()
                    .find(|op| matches!(op.wire, Wire::Soap { element, .. } if element == node.tag_name().name()))
            });
        let by_action = || {
            let action = request.header("soapaction")?.trim_matches('"');
            let name = action.rsplit(['#', '/']).next()?;
            at.iter().copied().find(|op| op.name.eq_ignore_ascii_case(name))
        };
        // A body that names no known operation still reaches one (whose handler refuses it
        // with that service's answer): the SOAPAction's, or the first of the path.
        let op = by_element.or_else(by_action).unwrap_or(at[0]);
        return Ok((op, Vec::new()));
    }
    match ops::rest_at(&request.method, path) {
        Ok(found) => Ok(found),
        Err(allowed) if !allowed.is_empty() => Err(HttpResponse::plain(
            405,
            &format!("{} is not allowed here; use {}", request.method, allowed.join(", ")),
        )),
        Err(_) => Err(HttpResponse::plain(404, &format!("no PSI or SIOE service at `{path}`"))),
    }
}

fn record(
    shared: &Shared,
    request: &HttpRequest,
    path: &str,
    query: &[(String, String)],
    op: Option<&'static str>,
) -> usize {
    let headers = request
        .headers
        .iter()
        .map(|(k, v)| {
            let v = if k == "authorization" { redact(v) } else { v.clone() };
            (k.clone(), v)
        })
        .collect();
    let mut log = lock(&shared.log);
    log.push(Recorded {
        operation: op,
        method: request.method.clone(),
        path: path.to_owned(),
        query: query.to_vec(),
        headers,
        body: request.body.clone(),
        status: 0,
    });
    log.len() - 1
}

/// `Basic <user>:***` or `Bearer ***`: the scheme and user stay, the secret does not.
fn redact(value: &str) -> String {
    match value.split_once(' ') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("basic") => {
            let user = base64::engine::general_purpose::STANDARD
                .decode(rest.trim())
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .and_then(|t| t.split_once(':').map(|(u, _)| u.to_owned()))
                .unwrap_or_default();
            format!("{scheme} {user}:***")
        }
        Some((scheme, _)) => format!("{scheme} ***"),
        None => "***".to_owned(),
    }
}

fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (ops::percent_decode(k), ops::percent_decode(v)),
            None => (ops::percent_decode(pair), String::new()),
        })
        .collect()
}

/// The HTTP answer of a reply for this operation.
pub(crate) fn render(op: &OpInfo, reply: &Reply) -> HttpResponse {
    let soap_op = op.soap_ns().is_some();
    match reply {
        Reply::Simulated => HttpResponse::plain(500, "no simulated answer here"),
        Reply::Raw {
            status,
            content_type,
            body,
        } => HttpResponse::new(*status, content_type.as_deref(), body.clone()),
        Reply::Http { status, headers, body } => {
            let mut response = HttpResponse::new(*status, None, body.clone());
            response.headers.clone_from(headers);
            response
        }
        Reply::Fault { code, reason } if soap_op => soap::timeout_fault(code, reason),
        Reply::Fault { reason, .. } => match op.family {
            Family::Ci => rest::ci(500, 0, Some(reason)),
            _ => rest::error(500, 500, reason),
        },
        Reply::Result { code, message, status } => handlers::result(op, *code, message.as_deref(), *status),
        Reply::Forbidden if soap_op => soap::forbidden(),
        Reply::Forbidden => rest::error(403, 403, rest::NOT_ALLOWED),
        Reply::Unauthorized if soap_op => HttpResponse::new(401, Some(soap::CONTENT_TYPE), Vec::new()),
        Reply::Unauthorized => HttpResponse::new(401, None, Vec::new()),
        Reply::Malformed if soap_op => HttpResponse::new(
            200,
            Some(soap::CONTENT_TYPE),
            format!(
                "<?xml version=\"1.0\"?><soapenv:Envelope xmlns:soapenv=\"{}\"><soapenv:Body><{}",
                psi_client::rt::soap::SOAP11_NS,
                op.response_element()
            ),
        ),
        Reply::Malformed => HttpResponse::new(200, Some("application/json"), "{\"codigoResultado\": "),
        Reply::Oversized(size) => {
            let mut ok = handlers::result(op, 1, Some("oversized"), Some(200));
            if soap_op {
                // Whitespace before the envelope keeps the document well-formed (without the
                // XML declaration, which must come first); the padding counts what is left.
                let text =
                    String::from_utf8_lossy(&ok.body).replacen("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "", 1);
                let mut body = vec![b' '; size.saturating_sub(text.len())];
                body.extend_from_slice(text.as_bytes());
                ok.body = body;
            } else {
                let pad = size.saturating_sub(ok.body.len());
                ok.body.extend(std::iter::repeat_n(b' ', pad));
            }
            ok
        }
    }
}
