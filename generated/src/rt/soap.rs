//! One SOAP 1.1 / 1.2 call: envelope out, envelope (or MTOM/XOP package) back.
//!
//! Response handling, in order:
//!
//! 1. no HTTP response → [`Error::Transport`];
//! 2. a status other than 2xx, 500 (and, for SOAP 1.2, 400, which the 1.2 HTTP binding uses
//!    for `Sender` faults) → [`Error::Status`], before anything is decoded (the PSI answers
//!    403 with an empty SOAP Body and no Fault);
//! 3. `multipart/related` (MTOM/XOP) → the root part is the envelope, the other parts become
//!    [`Attachment`]s that readers resolve from `xop:Include href="cid:…"` with
//!    [`ReadCtx::attachment`];
//! 4. the envelope is parsed once; its namespace must be SOAP 1.1 or 1.2 (prefixes vary);
//! 5. a `Fault` in the Body → [`Error::Fault`] (on any of the statuses above);
//! 6. a 500/400 that is not a SOAP Fault → [`Error::Status`];
//! 7. otherwise the Body element goes to the operation's reader (even when empty: the reader
//!    decides). Anything malformed on a 2xx (including a 2xx with no envelope at all) →
//!    [`Error::Decode`] with line and column where there is one.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::rt::config::Config;
use crate::rt::error::{Error, Fault, NoFault};
use crate::rt::transport::{Request, Response, header};
use crate::rt::xml::{Attachment, DecodeError, Node, RawXml, ReadCtx, XmlWriter, children};

mod mime;
use self::mime::{media_type, split_multipart};

/// The SOAP 1.1 envelope namespace.
pub const SOAP11_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// The SOAP 1.2 envelope namespace.
pub const SOAP12_NS: &str = "http://www.w3.org/2003/05/soap-envelope";
/// The WS-Addressing 1.0 namespace.
pub const WSA_NS: &str = "http://www.w3.org/2005/08/addressing";

/// The SOAP version of an operation's binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SoapVersion {
    /// SOAP 1.1 (`text/xml`, `SOAPAction` header). All known PSI and SIOE services.
    V11,
    /// SOAP 1.2 (`application/soap+xml; action=…`).
    V12,
}

impl SoapVersion {
    /// The envelope namespace.
    pub const fn namespace(self) -> &'static str {
        match self {
            SoapVersion::V11 => SOAP11_NS,
            SoapVersion::V12 => SOAP12_NS,
        }
    }
}

/// What the generated code knows about one SOAP operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SoapOperation {
    /// The binding's SOAP version.
    pub version: SoapVersion,
    /// The SOAP action: 1.1 sends it as `SOAPAction: "<action>"` (`""` for `Some("")`, no
    /// header for `None`); 1.2 as the `action` parameter of the content type (omitted when
    /// `None` or empty). Also the `wsa:Action` when [`SoapOperation::addressing`] is set.
    pub action: Option<&'static str>,
    /// Send WS-Addressing headers (`wsa:Action`, `wsa:To`, `wsa:MessageID`).
    pub addressing: bool,
    /// The `wsa:Action` to send when it differs from the SOAPAction (WS-Addressing's
    /// default action when the binding declares an empty SOAPAction).
    pub addressing_action: Option<&'static str>,
    /// The operation name (for messages).
    pub name: &'static str,
}

/// The typed detail of an operation's declared faults.
pub trait FaultDetail: Sized {
    /// Read `node`, one element child of the fault's `detail`: `None` when it is not one of
    /// the declared fault elements, otherwise the decoded value or why it failed.
    fn read_detail(node: Node<'_, '_>, ctx: &ReadCtx<'_>) -> Option<Result<Self, DecodeError>>;
}

impl FaultDetail for NoFault {
    fn read_detail(_node: Node<'_, '_>, _ctx: &ReadCtx<'_>) -> Option<Result<Self, DecodeError>> {
        None
    }
}

/// The HTTP request of one SOAP call: a POST to `url` (the service's endpoint, from
/// [`Config::base_url`]) of an envelope whose Header content `write_headers` writes (the
/// operation's `soap:header` parts, after any WS-Addressing headers) and whose Body content
/// `write_body` writes, with the content type, SOAPAction, user agent, credential and
/// [`crate::rt::Limits`] of `config`.
pub fn request<F>(
    config: &Config,
    url: &str,
    op: &SoapOperation,
    write_headers: impl FnOnce(&mut XmlWriter),
    write_body: impl FnOnce(&mut XmlWriter),
) -> Result<Request, Error<F>> {
    let ns = op.version.namespace();
    let mut w = XmlWriter::with_capacity(1024);
    w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    w.declare_on_next("soapenv", ns);
    if op.addressing {
        w.declare_on_next("wsa", WSA_NS);
    }
    w.start(Some(ns), "Envelope");
    w.start(Some(ns), "Header");
    if op.addressing {
        let Some(action) = op.addressing_action.or(op.action).filter(|a| !a.is_empty()) else {
            return Err(Error::Invalid(format!(
                "operation `{}` uses WS-Addressing but has no action",
                op.name
            )));
        };
        for (local, value) in [("Action", action), ("To", url)] {
            w.start(Some(WSA_NS), local);
            w.text(value);
            w.end();
        }
        w.start(Some(WSA_NS), "MessageID");
        w.text(&format!("urn:uuid:{}", uuid_v4()));
        w.end();
    }
    write_headers(&mut w);
    w.end();
    w.start(Some(ns), "Body");
    write_body(&mut w);
    w.end();
    w.end();
    let body = w.finish().into_bytes();

    let mut headers: Vec<(&str, String)> = Vec::with_capacity(4);
    match op.version {
        SoapVersion::V11 => {
            headers.push(("Content-Type", "text/xml; charset=utf-8".to_owned()));
            if let Some(action) = op.action {
                headers.push(("SOAPAction", format!("\"{action}\"")));
            }
            headers.push(("Accept", "text/xml, multipart/related".to_owned()));
        }
        SoapVersion::V12 => {
            let content_type = match op.action {
                Some(action) if !action.is_empty() => {
                    format!("application/soap+xml; charset=utf-8; action=\"{action}\"")
                }
                _ => "application/soap+xml; charset=utf-8".to_owned(),
            };
            headers.push(("Content-Type", content_type));
            headers.push(("Accept", "application/soap+xml, multipart/related".to_owned()));
        }
    }
    crate::rt::http::finish_request(config, http::Method::POST, url, headers, body)
}

/// Read the answer to one SOAP call, in the order the module documentation gives; the
/// response Body element goes to `read_body`.
pub fn response<T, F: FaultDetail>(
    config: &Config,
    op: &SoapOperation,
    response: &Response,
    read_body: impl FnOnce(Node<'_, '_>, &ReadCtx<'_>) -> Result<T, DecodeError>,
) -> Result<T, Error<F>> {
    response_with_header(config, op, response, |_, body, ctx| read_body(body, ctx))
}

/// [`response`] for an operation whose answer declares SOAP header parts: `read` gets the
/// envelope's Header element (`None` when there is none) next to the Body.
pub fn response_with_header<T, F: FaultDetail>(
    config: &Config,
    op: &SoapOperation,
    response: &Response,
    read: impl FnOnce(Option<Node<'_, '_>>, Node<'_, '_>, &ReadCtx<'_>) -> Result<T, DecodeError>,
) -> Result<T, Error<F>> {
    let status = response.status().as_u16();
    let content_type = header(response.headers(), "content-type");
    let success = response.status().is_success();
    let may_fault = status == 500 || (status == 400 && op.version == SoapVersion::V12);
    let status_error = || Error::from_status(status, content_type, response.body()).redact(&config.secrets());
    if !success && !may_fault {
        return Err(status_error());
    }
    // From here on, a 2xx that cannot be read is a decode error; a 500/400 is a status error.
    let fail = |e: DecodeError| {
        if success { Error::Decode(e) } else { status_error() }
    };

    let (xml, attachments) = match content_type {
        Some(ct) if media_type(ct).eq_ignore_ascii_case("multipart/related") => {
            split_multipart(ct, response.body()).map_err(|m| fail(DecodeError::new(m)))?
        }
        _ => (Cow::Borrowed(response.body().as_slice()), Vec::new()),
    };
    let text = crate::rt::xml_guard::to_utf8(&xml).map_err(&fail)?;
    if text.trim().is_empty() {
        return Err(fail(DecodeError::new(
            "empty response body where a SOAP envelope was expected",
        )));
    }
    let doc = crate::rt::xml_guard::parse(&text, &config.current_limits().xml).map_err(&fail)?;
    let ctx = ReadCtx::new(&doc, &attachments);
    let envelope = doc.root_element();
    let version = match (envelope.tag_name().name(), envelope.tag_name().namespace()) {
        ("Envelope", Some(SOAP11_NS)) => SoapVersion::V11,
        ("Envelope", Some(SOAP12_NS)) => SoapVersion::V12,
        _ => return Err(fail(ctx.error(envelope, "not a SOAP 1.1 or 1.2 Envelope"))),
    };
    let ns = version.namespace();
    let is = |n: &Node<'_, '_>, local: &str| n.tag_name().name() == local && n.tag_name().namespace() == Some(ns);
    let body = children(envelope)
        .find(|n| is(n, "Body"))
        .ok_or_else(|| fail(ctx.missing(envelope, "Body")))?;
    if let Some(fault) = children(body).find(|n| is(n, "Fault")) {
        return Err(Error::Fault(Box::new(read_fault(version, fault, &ctx))));
    }
    if !success {
        return Err(status_error());
    }
    let header = children(envelope).find(|n| is(n, "Header"));
    read(header, body, &ctx).map_err(Error::Decode)
}

fn read_fault<F: FaultDetail>(version: SoapVersion, fault: Node<'_, '_>, ctx: &ReadCtx<'_>) -> Fault<F> {
    fn child<'a, 'i>(parent: Node<'a, 'i>, local: &str) -> Option<Node<'a, 'i>> {
        children(parent).find(|n| n.tag_name().name() == local)
    }
    let text = |n: Option<Node<'_, '_>>| n.map(text_of).unwrap_or_default();
    let (code, reason, actor, detail) = match version {
        SoapVersion::V11 => (
            text(child(fault, "faultcode")),
            text(child(fault, "faultstring")),
            child(fault, "faultactor").map(text_of),
            child(fault, "detail"),
        ),
        SoapVersion::V12 => (
            text(child(fault, "Code").and_then(|c| child(c, "Value"))),
            text(child(fault, "Reason").and_then(|r| child(r, "Text"))),
            child(fault, "Role").map(text_of),
            child(fault, "Detail"),
        ),
    };
    let mut out = Fault {
        code,
        reason,
        actor,
        detail: None,
        raw_detail: None,
        detail_error: None,
    };
    if let Some(detail) = detail {
        out.raw_detail = Some(RawXml::capture(detail));
        for item in children(detail) {
            match F::read_detail(item, ctx) {
                Some(Ok(value)) => out.detail = Some(value),
                Some(Err(e)) => out.detail_error = Some(e),
                None => continue,
            }
            break;
        }
    }
    out
}

/// All the text inside an element, trimmed.
fn text_of(node: Node<'_, '_>) -> String {
    let mut s = String::new();
    for t in node.descendants().filter(Node::is_text) {
        s.push_str(t.text().unwrap_or(""));
    }
    s.trim().to_owned()
}

/// The attachments of an MTOM/XOP (`multipart/related`) response: every part but the root
/// envelope, in order; none for any other content type. For answers that carry a file under
/// an element the schema does not publish (WSIDQ's `codigoEstado` 1, reference §5.7), so its
/// bytes are reachable without knowing the element.
pub fn attachments(response: &Response) -> Result<Vec<Attachment>, DecodeError> {
    match header(response.headers(), "content-type") {
        Some(ct) if media_type(ct).eq_ignore_ascii_case("multipart/related") => split_multipart(ct, response.body())
            .map(|(_, parts)| parts)
            .map_err(DecodeError::new),
        _ => Ok(Vec::new()),
    }
}

// ---- message ids ---------------------------------------------------------------------------

/// A random (version 4) UUID from a small local generator seeded with the time, a counter
/// and the process id: unique enough for `wsa:MessageID`, not for cryptography.
fn uuid_v4() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut state = nanos ^ count.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (u64::from(std::process::id()) << 32);
    let mut next = || {
        // splitmix64
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&next().to_le_bytes());
    bytes[8..].copy_from_slice(&next().to_le_bytes());
    bytes[6] = (bytes[6] & 0x0F) | 0x40;
    bytes[8] = (bytes[8] & 0x3F) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

#[cfg(test)]
mod tests;
