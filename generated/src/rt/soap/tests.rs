//! Tests of the SOAP call: envelopes, faults, MTOM packages, message ids.

use super::mime::{content_type_param, split_multipart};
use super::*;
use crate::rt::auth::Auth;
use crate::rt::transport::Replay as FakeTransport;
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

/// The last request the fake received.
fn last(fake: &FakeTransport) -> crate::rt::transport::Sent {
    fake.requests().pop().expect("a request was sent")
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
    let req = last(&fake);
    assert_eq!(req.method, "POST");
    assert_eq!(req.uri, URL);
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
    let body = String::from_utf8(last(&fake).body).unwrap();
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
    let req = last(&fake);
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
    let req = last(&fake);
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
    body.extend_from_slice(b"Content-Transfer-Encoding: binary\r\nContent-ID: <root.message@cxf.apache.org>\r\n\r\n");
    body.extend_from_slice(
        format!(
            "<soap:Envelope xmlns:soap=\"{SOAP11_NS}\"><soap:Body><ns2:getDadosContratosResponse xmlns:ns2=\"{VO}\">\
             <ficheiro-dados><xop:Include xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" \
             href=\"cid:5aeaa450-17f0-4484-b845-a8480c363444-1%40cxf.apache.org\"/></ficheiro-dados>\
             </ns2:getDadosContratosResponse></soap:Body></soap:Envelope>"
        )
        .as_bytes(),
    );
    body.extend_from_slice(b"\r\n--uuid:b1\r\nContent-Type: application/zip\r\nContent-Transfer-Encoding: binary\r\n");
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
