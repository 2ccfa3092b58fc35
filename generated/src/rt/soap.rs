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

use base64::Engine as _;

use crate::rt::config::Config;
use crate::rt::error::{Error, Fault, NoFault};
use crate::rt::transport::{Request, Response, header};
use crate::rt::xml::{Attachment, DecodeError, Node, RawXml, ReadCtx, XmlWriter, children};

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

// ---- MIME multipart (MTOM/XOP) -----------------------------------------------------------

/// The `type/subtype` of a content type, trimmed.
fn media_type(content_type: &str) -> &str {
    content_type.split(';').next().unwrap_or("").trim()
}

/// The value of a content-type parameter (name case-insensitive; quotes and `\` escapes
/// removed).
fn content_type_param(content_type: &str, name: &str) -> Option<String> {
    let mut rest = content_type.split_once(';')?.1;
    loop {
        rest = rest.trim_start_matches([' ', '\t', ';']);
        if rest.is_empty() {
            return None;
        }
        let (key, after) = rest.split_once('=')?;
        let after = after.trim_start();
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next().map(|(_, c)| c)),
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    c => value.push(c),
                }
            }
            (value, &quoted[end..])
        } else {
            let end = after.find(';').unwrap_or(after.len());
            (after[..end].trim().to_owned(), &after[end..])
        };
        if key.trim().eq_ignore_ascii_case(name) {
            return Some(value);
        }
        rest = next;
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let (first, _) = needle.split_first()?;
    let hay = haystack.get(from..)?;
    let mut i = 0;
    while let Some(p) = hay.get(i..)?.iter().position(|b| b == first) {
        let at = i + p;
        if hay.get(at..at + needle.len())? == needle {
            return Some(from + at);
        }
        i = at + 1;
    }
    None
}

fn strip_angles(id: &str) -> &str {
    let id = id.trim();
    id.strip_prefix('<').and_then(|s| s.strip_suffix('>')).unwrap_or(id)
}

/// Split a `multipart/related` body into the root part (the XML) and the other parts.
fn split_multipart<'b>(content_type: &str, body: &'b [u8]) -> Result<(Cow<'b, [u8]>, Vec<Attachment>), String> {
    let boundary = content_type_param(content_type, "boundary")
        .filter(|b| !b.is_empty())
        .ok_or("multipart response without a boundary parameter")?;
    let start = content_type_param(content_type, "start");
    let delimiter = format!("--{boundary}");
    let next_delimiter = format!("\n--{boundary}");

    let mut parts = Vec::new();
    let mut pos = find(body, delimiter.as_bytes(), 0).ok_or("multipart body without its first boundary")?;
    loop {
        let after = pos + delimiter.len();
        if body.get(after..after + 2) == Some(b"--") {
            break;
        }
        let content_start = find(body, b"\n", after).ok_or("multipart body ends inside a boundary line")? + 1;
        let next = find(body, next_delimiter.as_bytes(), content_start - 1)
            .ok_or("multipart body without a closing boundary")?;
        let mut end = next;
        if end > content_start && body.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        parts.push(body.get(content_start..end.max(content_start)).unwrap_or_default());
        pos = next + 1;
    }

    let mut root: Option<Cow<'b, [u8]>> = None;
    let mut attachments = Vec::new();
    for (index, part) in parts.into_iter().enumerate() {
        let (head, data) = split_part(part);
        let mut content_id = String::new();
        let mut part_type = String::from("application/octet-stream");
        let mut base64 = false;
        for line in String::from_utf8_lossy(head).lines() {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-id" => content_id = strip_angles(value).to_owned(),
                "content-type" => part_type = value.to_owned(),
                "content-transfer-encoding" => base64 = value.eq_ignore_ascii_case("base64"),
                _ => {}
            }
        }
        let data: Cow<'b, [u8]> = if base64 {
            let compact: Vec<u8> = data.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(compact)
                .map_err(|e| format!("multipart part {} has invalid base64: {e}", index + 1))?;
            Cow::Owned(decoded)
        } else {
            Cow::Borrowed(data)
        };
        let is_root = match &start {
            Some(start) => strip_angles(start) == content_id,
            None => index == 0,
        };
        if is_root && root.is_none() {
            root = Some(data);
        } else {
            attachments.push(Attachment {
                content_id,
                content_type: part_type,
                data: data.into_owned(),
            });
        }
    }
    let root = root.ok_or_else(|| match start {
        Some(start) => format!(
            "multipart body has no root part with Content-ID <{}>",
            strip_angles(&start)
        ),
        None => "multipart body has no parts".to_owned(),
    })?;
    Ok((root, attachments))
}

/// A part's header block and content.
fn split_part(part: &[u8]) -> (&[u8], &[u8]) {
    if part.starts_with(b"\r\n") {
        return (&[], &part[2..]);
    }
    if part.starts_with(b"\n") {
        return (&[], &part[1..]);
    }
    for sep in [&b"\r\n\r\n"[..], b"\n\n"] {
        if let Some(at) = find(part, sep, 0) {
            return (&part[..at], &part[at + sep.len()..]);
        }
    }
    (part, &[])
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
mod tests {
    use super::*;
    use crate::rt::auth::Auth;
    use crate::rt::testutil::FakeTransport;
    use crate::rt::transport::response as http_response;
    use crate::rt::transport::{TransportError, TransportErrorKind};
    use crate::rt::values::Base64;

    const VO: &str = "http://vo.webservice.contrato.segsocial.pt";
    const URL: &str = "https://app.seg-social.pt/ws/contrato/v1/cessarVinculoTrabalhador";

    fn op11() -> SoapOperation {
        SoapOperation {
            version: SoapVersion::V11,
            action: Some("http://interfaces.webservice.contrato.segsocial.pt#cessarVinculo"),
            addressing: false,
            addressing_action: None,
            name: "cessarVinculo",
        }
    }

    fn write(w: &mut XmlWriter) {
        w.start(Some(VO), "cessarVinculo");
        w.text_element(None, "niss-trabalhador", &String::from("11111111111"));
        w.end();
    }

    /// Reads `codigo-resultado` from the response element.
    fn read(body: Node<'_, '_>, ctx: &ReadCtx<'_>) -> Result<i32, DecodeError> {
        let resp = children(body)
            .next()
            .ok_or_else(|| ctx.missing(body, "cessarVinculoResponse"))?;
        let code = children(resp)
            .find(|n| n.tag_name().name() == "codigo-resultado")
            .ok_or_else(|| ctx.missing(resp, "codigo-resultado"))?;
        ctx.text(code)
    }

    fn no_read(_: Node<'_, '_>, _: &ReadCtx<'_>) -> Result<(), DecodeError> {
        panic!("read_body must not be called")
    }

    /// Settings and the fake they send through.
    struct Cfg(Config, std::sync::Arc<FakeTransport>);

    impl Cfg {
        fn auth(self, auth: Auth) -> Self {
            Cfg(self.0.auth(auth), self.1)
        }
    }

    fn config(fake: &std::sync::Arc<FakeTransport>) -> Cfg {
        Cfg(Config::for_url(URL).user_agent("test-agent"), fake.clone())
    }

    /// One call through the codec functions and the fake transport.
    fn call<T, F: FaultDetail>(
        cfg: &Cfg,
        op: &SoapOperation,
        write_body: impl FnOnce(&mut XmlWriter),
        read_body: impl FnOnce(Node<'_, '_>, &ReadCtx<'_>) -> Result<T, DecodeError>,
    ) -> Result<T, Error<F>> {
        use crate::rt::transport::Transport as _;
        let url = cfg.0.base_url(&[])?;
        let http = request(&cfg.0, &url, op, |_| {}, write_body)?;
        let answer = cfg.1.send(http)?;
        super::response(&cfg.0, op, &answer, read_body)
    }

    #[test]
    fn soap11_envelope_and_headers() {
        let fake = FakeTransport::replying(
            200,
            "text/xml;charset=UTF-8",
            format!(
                "<S:Envelope xmlns:S=\"{SOAP11_NS}\"><S:Body><ns2:cessarVinculoResponse xmlns:ns2=\"{VO}\">\
                 <codigo-resultado>1</codigo-resultado></ns2:cessarVinculoResponse></S:Body></S:Envelope>"
            ),
        );
        let cfg = config(&fake).auth(Auth::basic("11111111111", "PLACEHOLDER"));
        let code: i32 = call::<_, NoFault>(&cfg, &op11(), write, read).unwrap();
        assert_eq!(code, 1);
        let req = fake.last();
        assert_eq!(req.method, "POST");
        assert_eq!(req.url, URL);
        assert_eq!(
            String::from_utf8(req.body.clone()).unwrap(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Header/>\
             <soapenv:Body><ns1:cessarVinculo xmlns:ns1=\"http://vo.webservice.contrato.segsocial.pt\">\
             <niss-trabalhador>11111111111</niss-trabalhador></ns1:cessarVinculo></soapenv:Body></soapenv:Envelope>"
        );
        assert_eq!(req.header("content-type"), Some("text/xml; charset=utf-8"));
        assert_eq!(
            req.header("soapaction"),
            Some("\"http://interfaces.webservice.contrato.segsocial.pt#cessarVinculo\"")
        );
        assert_eq!(req.header("accept"), Some("text/xml, multipart/related"));
        assert_eq!(req.header("user-agent"), Some("test-agent"));
        assert!(req.header("authorization").is_some_and(|v| v.starts_with("Basic ")));
    }

    #[test]
    fn soap11_action_empty_or_absent() {
        let ok = || {
            http_response(
                200,
                "text/xml",
                format!("<e:Envelope xmlns:e=\"{SOAP11_NS}\"><e:Body/></e:Envelope>"),
            )
        };
        let fake = FakeTransport::new(vec![Ok(ok()), Ok(ok())]);
        let cfg = config(&fake);
        let empty = SoapOperation {
            action: Some(""),
            ..op11()
        };
        call::<_, NoFault>(&cfg, &empty, write, |_, _| Ok(())).unwrap();
        let none = SoapOperation { action: None, ..op11() };
        call::<_, NoFault>(&cfg, &none, write, |_, _| Ok(())).unwrap();
        let reqs = fake.requests();
        assert_eq!(reqs[0].header("SOAPAction"), Some("\"\""));
        assert_eq!(reqs[1].header("SOAPAction"), None);
    }

    fn is_uuid_v4(s: &str) -> bool {
        let b = s.as_bytes();
        s.len() == 36
            && [8, 13, 18, 23].iter().all(|&i| b[i] == b'-')
            && s.chars()
                .filter(|c| *c != '-')
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
            && b[14] == b'4'
            && matches!(b[19], b'8' | b'9' | b'a' | b'b')
    }

    #[test]
    fn soap11_with_addressing() {
        let fake = FakeTransport::replying(
            200,
            "text/xml",
            format!("<e:Envelope xmlns:e=\"{SOAP11_NS}\"><e:Body/></e:Envelope>"),
        );
        let op = SoapOperation {
            addressing: true,
            action: Some("urn:getDados"),
            ..op11()
        };
        call::<_, NoFault>(&config(&fake), &op, write, |_, _| Ok(())).unwrap();
        let body = String::from_utf8(fake.last().body).unwrap();
        let at = body.find("urn:uuid:").unwrap() + 9;
        let id = &body[at..at + 36];
        assert!(is_uuid_v4(id), "{id}");
        assert_eq!(
            body.replace(id, "ID"),
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
                 <soapenv:Envelope xmlns:soapenv=\"{SOAP11_NS}\" xmlns:wsa=\"{WSA_NS}\"><soapenv:Header>\
                 <wsa:Action>urn:getDados</wsa:Action><wsa:To>{URL}</wsa:To><wsa:MessageID>urn:uuid:ID</wsa:MessageID>\
                 </soapenv:Header><soapenv:Body><ns1:cessarVinculo xmlns:ns1=\"{VO}\">\
                 <niss-trabalhador>11111111111</niss-trabalhador></ns1:cessarVinculo></soapenv:Body></soapenv:Envelope>"
            )
        );
        let missing = SoapOperation {
            addressing: true,
            action: None,
            ..op11()
        };
        let err = call::<(), NoFault>(&config(&fake), &missing, write, |_, _| Ok(())).unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{err}");
    }

    #[test]
    fn soap12_envelope_and_content_type() {
        let fake = FakeTransport::new(vec![
            Ok(http_response(
                200,
                "application/soap+xml",
                format!("<env:Envelope xmlns:env=\"{SOAP12_NS}\"><env:Body/></env:Envelope>"),
            )),
            Ok(http_response(
                200,
                "application/soap+xml",
                format!("<env:Envelope xmlns:env=\"{SOAP12_NS}\"><env:Body/></env:Envelope>"),
            )),
        ]);
        let op = SoapOperation {
            version: SoapVersion::V12,
            action: Some("urn:a"),
            addressing: true,
            addressing_action: None,
            name: "a",
        };
        call::<_, NoFault>(&config(&fake), &op, write, |_, _| Ok(())).unwrap();
        let req = fake.last();
        assert_eq!(
            req.header("Content-Type"),
            Some("application/soap+xml; charset=utf-8; action=\"urn:a\"")
        );
        assert_eq!(req.header("SOAPAction"), None);
        assert_eq!(req.header("Accept"), Some("application/soap+xml, multipart/related"));
        let body = String::from_utf8(req.body).unwrap();
        assert!(
            body.contains(&format!(
                "<soapenv:Envelope xmlns:soapenv=\"{SOAP12_NS}\" xmlns:wsa=\"{WSA_NS}\">"
            )),
            "{body}"
        );
        assert!(body.contains("<wsa:Action>urn:a</wsa:Action>"));
        let plain = SoapOperation {
            version: SoapVersion::V12,
            action: None,
            addressing: false,
            addressing_action: None,
            name: "a",
        };
        call::<_, NoFault>(&config(&fake), &plain, write, |_, _| Ok(())).unwrap();
        let req = fake.last();
        assert_eq!(req.header("Content-Type"), Some("application/soap+xml; charset=utf-8"));
        assert!(
            String::from_utf8(req.body)
                .unwrap()
                .contains("<soapenv:Header/><soapenv:Body>")
        );
    }

    /// The PSI's answer for "not adhered / not authorised" ([PRES] §5.1.2).
    const FORBIDDEN: &str = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">\n  \
        <soap-env:Body xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\" />\n</soapenv:Envelope>";

    #[test]
    fn forbidden_with_empty_body_is_a_status_error() {
        let fake = FakeTransport::replying(403, "text/xml; charset=utf-8", FORBIDDEN);
        let err = call::<(), NoFault>(&config(&fake), &op11(), write, no_read).unwrap_err();
        assert!(err.is_forbidden(), "{err:?}");
        let Error::Status {
            status,
            content_type,
            body,
        } = err
        else {
            unreachable!()
        };
        assert_eq!(status, 403);
        assert_eq!(content_type.as_deref(), Some("text/xml; charset=utf-8"));
        assert_eq!(body, FORBIDDEN);
    }

    #[test]
    fn mixed_prefixes_and_empty_body_reach_the_reader() {
        let fake = FakeTransport::replying(200, "text/xml; charset=utf-8", FORBIDDEN);
        let name = call::<_, NoFault>(&config(&fake), &op11(), write, |body, _| {
            Ok((body.tag_name().name().to_owned(), children(body).count()))
        })
        .unwrap();
        assert_eq!(name, ("Body".to_owned(), 0));
    }

    #[test]
    fn other_statuses_are_not_decoded() {
        for (status, ct, body) in [
            (401, "text/html", "<html><body>Unauthorized</body></html>"),
            (500, "text/html", "<html>Internal error</html>"),
            (500, "text/xml", "not xml at all"),
            (502, "text/xml", "<broken"),
            (
                400,
                "text/xml",
                "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body><soapenv:Fault/></soapenv:Body></soapenv:Envelope>",
            ),
        ] {
            let fake = FakeTransport::replying(status, ct, body);
            let err = call::<(), NoFault>(&config(&fake), &op11(), write, no_read).unwrap_err();
            assert_eq!(err.status(), Some(status), "{err:?}");
        }
        // A 500 with a SOAP envelope but no Fault is a status error too.
        let fake = FakeTransport::replying(500, "text/xml", FORBIDDEN);
        assert_eq!(
            call::<(), NoFault>(&config(&fake), &op11(), write, no_read)
                .unwrap_err()
                .status(),
            Some(500)
        );
    }

    #[test]
    fn transport_error() {
        let fake = FakeTransport::new(vec![Err(TransportError::new(
            TransportErrorKind::Timeout,
            "after 60 s",
        ))]);
        let err = call::<(), NoFault>(&config(&fake), &op11(), write, no_read).unwrap_err();
        assert_eq!(err.to_string(), "request timed out: after 60 s");
    }

    /// The typed detail of the contrato family's server fault.
    #[derive(Debug, PartialEq)]
    struct ServerFault {
        erros: Vec<String>,
    }

    impl FaultDetail for ServerFault {
        fn read_detail(node: Node<'_, '_>, ctx: &ReadCtx<'_>) -> Option<Result<Self, DecodeError>> {
            if node.tag_name().name() != "ContratoException" {
                return None;
            }
            Some((|| {
                let mensagens = children(node)
                    .find(|n| n.tag_name().name() == "mensagens")
                    .ok_or_else(|| ctx.missing(node, "mensagens"))?;
                children(mensagens)
                    .map(|e| ctx.text::<String>(e))
                    .collect::<Result<_, _>>()
                    .map(|erros| ServerFault { erros })
            })())
        }
    }

    #[test]
    fn soap11_fault_with_typed_detail() {
        let xml = format!(
            "<soap:Envelope xmlns:soap=\"{SOAP11_NS}\"><soap:Body><soap:Fault>\
             <faultcode>soap:Server</faultcode><faultstring>Erro comunicação servidor ptss</faultstring>\
             <faultactor>urn:ptss</faultactor>\
             <detail><ns2:ContratoException xmlns:ns2=\"{VO}\"><mensagens><erro>408 Request Timeout</erro></mensagens>\
             </ns2:ContratoException></detail></soap:Fault></soap:Body></soap:Envelope>"
        );
        let fake = FakeTransport::replying(500, "text/xml; charset=utf-8", xml);
        let err = call::<(), ServerFault>(&config(&fake), &op11(), write, no_read).unwrap_err();
        let Error::Fault(fault) = err else { panic!("{err:?}") };
        assert_eq!(fault.code, "soap:Server");
        assert_eq!(fault.reason, "Erro comunicação servidor ptss");
        assert_eq!(fault.actor.as_deref(), Some("urn:ptss"));
        assert_eq!(
            fault.detail,
            Some(ServerFault {
                erros: vec!["408 Request Timeout".into()]
            })
        );
        let raw = fault.raw_detail.unwrap();
        assert!(
            raw.xml.starts_with("<detail") && raw.xml.contains("ContratoException"),
            "{}",
            raw.xml
        );
        assert!(fault.detail_error.is_none());
    }

    #[test]
    fn soap11_fault_detail_errors_are_kept() {
        let xml = format!(
            "<soap:Envelope xmlns:soap=\"{SOAP11_NS}\"><soap:Body><soap:Fault>\
             <faultcode>soap:Server</faultcode><faultstring>x</faultstring>\
             <detail><other/><ContratoException/></detail></soap:Fault></soap:Body></soap:Envelope>"
        );
        // A Fault in a 200 is still a fault.
        let fake = FakeTransport::replying(200, "text/xml", xml);
        let Error::Fault(fault) = call::<(), ServerFault>(&config(&fake), &op11(), write, no_read).unwrap_err() else {
            panic!()
        };
        assert!(fault.detail.is_none());
        assert_eq!(fault.detail_error.unwrap().message, "required `mensagens` is missing");
        assert!(fault.raw_detail.is_some());
    }

    #[test]
    fn soap12_fault_with_detail() {
        let xml = format!(
            "<env:Envelope xmlns:env=\"{SOAP12_NS}\"><env:Body><env:Fault>\
             <env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>x:Bad</env:Value></env:Subcode></env:Code>\
             <env:Reason><env:Text xml:lang=\"pt\">Pedido inválido</env:Text><env:Text xml:lang=\"en\">Bad</env:Text></env:Reason>\
             <env:Role>urn:role</env:Role>\
             <env:Detail><ContratoException><mensagens><erro>a</erro><erro>b</erro></mensagens></ContratoException></env:Detail>\
             </env:Fault></env:Body></env:Envelope>"
        );
        let fake = FakeTransport::replying(400, "application/soap+xml", xml);
        let op = SoapOperation {
            version: SoapVersion::V12,
            ..op11()
        };
        let Error::Fault(fault) = call::<(), ServerFault>(&config(&fake), &op, write, no_read).unwrap_err() else {
            panic!()
        };
        assert_eq!(fault.code, "env:Sender");
        assert_eq!(fault.reason, "Pedido inválido");
        assert_eq!(fault.actor.as_deref(), Some("urn:role"));
        assert_eq!(
            fault.detail,
            Some(ServerFault {
                erros: vec!["a".into(), "b".into()]
            })
        );
        assert!(fault.raw_detail.unwrap().xml.starts_with("<env:Detail"));
    }

    #[test]
    fn malformed_xml_is_a_decode_error_with_position() {
        let fake = FakeTransport::replying(
            200,
            "text/xml",
            "<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\">\n<S:Body>\n  <a></b>\n</S:Body></S:Envelope>",
        );
        let err = call::<(), NoFault>(&config(&fake), &op11(), write, no_read).unwrap_err();
        let Error::Decode(e) = err else { panic!("{err:?}") };
        assert_eq!((e.line, e.column), (3, 6), "{e}");
        assert!(e.message.starts_with("malformed XML"), "{e}");
    }

    #[test]
    fn not_an_envelope_and_reader_errors_are_decode_errors() {
        for body in [
            "<Envelope/>",
            "<e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\"/>",
            "",
            "\u{FFFD}",
        ] {
            let fake = FakeTransport::replying(200, "text/xml", body);
            let err = call::<(), NoFault>(&config(&fake), &op11(), write, no_read).unwrap_err();
            assert!(matches!(err, Error::Decode(_)), "{body}: {err:?}");
        }
        let fake = FakeTransport::replying(200, "text/xml", vec![0xFF, 0xFE]);
        assert!(matches!(
            call::<(), NoFault>(&config(&fake), &op11(), write, no_read),
            Err(Error::Decode(_))
        ));
        let fake = FakeTransport::replying(
            200,
            "text/xml",
            format!(
                "<S:Envelope xmlns:S=\"{SOAP11_NS}\">\n<S:Body><r><codigo-resultado>x</codigo-resultado></r></S:Body></S:Envelope>"
            ),
        );
        let err = call::<i32, NoFault>(&config(&fake), &op11(), write, read).unwrap_err();
        assert_eq!(
            err.to_string(),
            "could not decode the response: /Envelope/Body/r/codigo-resultado (line 2, column 12): `x` is not a 32-bit integer"
        );
    }

    #[test]
    fn mtom_response_with_cid_attachment() {
        let zip = [0x50u8, 0x4B, 0x03, 0x04, 0x0D, 0x0A, 0x2D, 0x2D, 0x00, 0xFF];
        let mut body = Vec::new();
        body.extend_from_slice(
            b"preamble\r\n--uuid:b1\r\nContent-Type: application/xop+xml; charset=UTF-8; type=\"text/xml\"\r\n",
        );
        body.extend_from_slice(
            b"Content-Transfer-Encoding: binary\r\nContent-ID: <root.message@cxf.apache.org>\r\n\r\n",
        );
        body.extend_from_slice(
            format!(
                "<soap:Envelope xmlns:soap=\"{SOAP11_NS}\"><soap:Body><ns2:getDadosContratosResponse xmlns:ns2=\"{VO}\">\
                 <ficheiro-dados><xop:Include xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" \
                 href=\"cid:5aeaa450-17f0-4484-b845-a8480c363444-1%40cxf.apache.org\"/></ficheiro-dados>\
                 </ns2:getDadosContratosResponse></soap:Body></soap:Envelope>"
            )
            .as_bytes(),
        );
        body.extend_from_slice(
            b"\r\n--uuid:b1\r\nContent-Type: application/zip\r\nContent-Transfer-Encoding: binary\r\n",
        );
        body.extend_from_slice(b"Content-ID: <5aeaa450-17f0-4484-b845-a8480c363444-1@cxf.apache.org>\r\n\r\n");
        body.extend_from_slice(&zip);
        body.extend_from_slice(b"\r\n--uuid:b1\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\nContent-ID: <b64>\r\n\r\naGVs\r\nbG8=");
        body.extend_from_slice(b"\r\n--uuid:b1--\r\n");
        let ct = "multipart/related; type=\"application/xop+xml\"; boundary=\"uuid:b1\"; \
                  start=\"<root.message@cxf.apache.org>\"; start-info=\"text/xml\"";
        let fake = FakeTransport::replying(200, ct, body);
        let (data, content_type, other) = call::<_, NoFault>(&config(&fake), &op11(), write, |b, ctx| {
            let include = b
                .descendants()
                .find(|n| n.tag_name().name() == "Include")
                .ok_or_else(|| ctx.missing(b, "Include"))?;
            let att = ctx
                .attachment(include.attribute("href").unwrap_or(""))
                .ok_or_else(|| ctx.error(include, "no attachment"))?;
            let other = ctx.attachment("b64").map(|a| a.data.clone());
            Ok((Base64(att.data.clone()), att.content_type.clone(), other))
        })
        .unwrap();
        assert_eq!(data.0, zip);
        assert_eq!(content_type, "application/zip");
        assert_eq!(other.as_deref(), Some(&b"hello"[..]));
    }

    #[test]
    fn multipart_edge_cases() {
        // No start parameter: the first part is the root; LF-only line ends.
        let body = format!(
            "--b\nContent-Type: application/xop+xml\n\n<e:Envelope xmlns:e=\"{SOAP11_NS}\"><e:Body/></e:Envelope>\n--b--"
        );
        let (root, atts) = split_multipart("multipart/related; boundary=b", body.as_bytes()).unwrap();
        assert!(root.starts_with(b"<e:Envelope") && root.ends_with(b"</e:Envelope>"));
        assert!(atts.is_empty());
        for (ct, body) in [
            ("multipart/related", "--b\r\n\r\nx\r\n--b--"),
            ("multipart/related; boundary=b", "no boundary here"),
            ("multipart/related; boundary=b", "--b\r\n\r\nunterminated"),
            (
                "multipart/related; boundary=b; start=\"<x>\"",
                "--b\r\nContent-ID: <y>\r\n\r\nx\r\n--b--",
            ),
            ("multipart/related; boundary=b", "--b"),
            ("multipart/related; boundary=\"b", "--b\r\n"),
        ] {
            assert!(split_multipart(ct, body.as_bytes()).is_err(), "{ct} {body}");
        }
        assert_eq!(
            content_type_param("a/b; x=\"q\\\"v\"; Y = 2", "y").as_deref(),
            Some("2")
        );
        assert_eq!(
            content_type_param("a/b; x=\"q\\\"v\"; Y = 2", "x").as_deref(),
            Some("q\"v")
        );
        // A malformed MTOM package on a 2xx is a decode error.
        let fake = FakeTransport::replying(200, "multipart/related; boundary=b", "garbage");
        assert!(matches!(
            call::<(), NoFault>(&config(&fake), &op11(), write, no_read),
            Err(Error::Decode(_))
        ));
    }

    #[test]
    fn uuids_are_v4_and_distinct() {
        let a = uuid_v4();
        let b = uuid_v4();
        assert!(is_uuid_v4(&a) && is_uuid_v4(&b), "{a} {b}");
        assert_ne!(a, b);
    }
}
