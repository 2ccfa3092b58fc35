//! rpc/encoded SOAP and declared response headers on the wire, as the generated codecs of
//! the project's fixtures write and read them: `tests/fixtures/wsdl/encoded.wsdl` (SOAP
//! encoding: `encodingStyle`, `xsi:type` on parts and array items, `SOAP-ENC:arrayType`;
//! multi-refs read back; response SOAP headers; an rpc/literal part given by an element) and the `getReceipt` operation of
//! `tests/fixtures/oas/openapi3-params.yaml` (response headers, a callback in the docs).

use psi_client::rt::{Config, Date, Error, NoFault, Response};
use psi_tests::encoded::encoded::{self as registo, ArrayOfstring, Pessoa};
use psi_tests::params::openapi3_params::{self as params, GetReceiptResponse};

fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
    let mut b = http::Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(body.as_bytes().to_vec()).expect("a response")
}

#[test]
fn rpc_encoded_request_bytes() {
    let config = Config::for_url("https://example.test/registo");
    let nomes = ArrayOfstring::new().with_item(vec!["Ana".into(), "Rui & Sá".into()]);
    let titular = Pessoa::new("Ana", 41);
    let request = registo::codec::registar::request(&config, &nomes, &titular, &2).expect("a request");
    assert_eq!(
        request.headers().get("SOAPAction").and_then(|v| v.to_str().ok()),
        Some("\"urn:example:registo#registar\"")
    );
    let body = String::from_utf8(request.body().clone()).expect("UTF-8");
    assert_eq!(
        body,
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header/><soapenv:Body>"#,
            r#"<ns1:registar xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema""#,
            r#" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns1="urn:example:registo""#,
            r#" soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">"#,
            r#"<nomes xsi:type="SOAP-ENC:Array" SOAP-ENC:arrayType="xsd:string[2]">"#,
            r#"<item xsi:type="xsd:string">Ana</item><item xsi:type="xsd:string">Rui &amp; Sá</item></nomes>"#,
            r#"<titular xsi:type="ns1:Pessoa"><nome>Ana</nome><idade>41</idade></titular>"#,
            r#"<total xsi:type="xsd:int">2</total>"#,
            r#"</ns1:registar></soapenv:Body></soapenv:Envelope>"#,
        )
    );
}

#[test]
fn rpc_encoded_array_of_structs_says_its_item_type() {
    let mut w = psi_client::rt::xml::XmlWriter::new();
    let pessoas = registo::ArrayOfPessoa::new().with_item(vec![Pessoa::new("Ana", 41)]);
    // Literal writing (the default) leaves SOAP encoding out.
    w.element(None, "pessoas", &pessoas);
    assert_eq!(
        w.finish(),
        "<pessoas><item><nome>Ana</nome><idade>41</idade></item></pessoas>"
    );
    let mut w = psi_client::rt::xml::XmlWriter::new();
    w.set_soap_encoding(psi_client::rt::xml::SOAP11_ENC);
    w.declare_on_next("r", "urn:example:registo");
    w.element(None, "pessoas", &pessoas);
    assert_eq!(
        w.finish(),
        concat!(
            r#"<pessoas xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema""#,
            r#" xmlns:SOAP-ENC="http://schemas.xmlsoap.org/soap/encoding/" xmlns:r="urn:example:registo""#,
            r#" xsi:type="SOAP-ENC:Array" SOAP-ENC:arrayType="r:Pessoa[1]">"#,
            r#"<item xsi:type="r:Pessoa"><nome>Ana</nome><idade>41</idade></item></pessoas>"#,
        )
    );
}

/// An Axis-style answer: the array and its items are multi-refs after the response element,
/// and the response carries the declared SOAP headers.
const MULTI_REF: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">
 <soapenv:Header>
  <r:Sessao xmlns:r="urn:example:registo">s-42</r:Sessao>
  <r:Quota xmlns:r="urn:example:registo">7</r:Quota>
 </soapenv:Header>
 <soapenv:Body>
  <ns1:registarResponse soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/" xmlns:ns1="urn:example:registo">
   <pessoas href="#id0"/>
   <codigo xsi:type="xsd:string">OK</codigo>
  </ns1:registarResponse>
  <multiRef id="id0" soapenc:root="0" xsi:type="soapenc:Array" soapenc:arrayType="ns2:Pessoa[2]" xmlns:ns2="urn:example:registo">
   <item href="#id1"/>
   <Pessoa href="#id2"/>
  </multiRef>
  <multiRef id="id1" soapenc:root="0" xsi:type="ns3:Pessoa" xmlns:ns3="urn:example:registo">
   <nome xsi:type="xsd:string">Ana</nome>
   <idade href="#id3"/>
  </multiRef>
  <multiRef id="id2" soapenc:root="0" xsi:type="ns4:Pessoa" xmlns:ns4="urn:example:registo">
   <idade xsi:type="xsd:int">37</idade>
   <nome xsi:type="xsd:string">Rui</nome>
  </multiRef>
  <multiRef id="id3" soapenc:root="0" xsi:type="xsd:int">41</multiRef>
 </soapenv:Body>
</soapenv:Envelope>"##;

#[test]
fn rpc_encoded_response_follows_multi_refs_and_reads_headers() {
    let config = Config::for_url("https://example.test/registo");
    let out = registo::codec::registar::response(&config, &response(200, &[("Content-Type", "text/xml")], MULTI_REF))
        .expect("an answer");
    let (pessoas, codigo) = out.body;
    assert_eq!(pessoas.item, vec![Pessoa::new("Ana", 41), Pessoa::new("Rui", 37)]);
    assert_eq!(codigo, "OK");
    assert_eq!(out.sessao.as_deref(), Some("s-42"));
    assert_eq!(out.quota, Some(7));

    // Without a Header the headers are absent, not an error.
    let no_header = MULTI_REF.replace(
        &MULTI_REF[MULTI_REF.find(" <soapenv:Header>").unwrap()..MULTI_REF.find(" <soapenv:Body>").unwrap()],
        "",
    );
    let out = registo::codec::registar::response(&config, &response(200, &[("Content-Type", "text/xml")], &no_header))
        .expect("an answer");
    assert_eq!((out.sessao, out.quota), (None, None));

    // A reference to nothing is a located decode error.
    let dangling = MULTI_REF.replace("<item href=\"#id1\"/>", "<item href=\"#nope\"/>");
    let err = registo::codec::registar::response(&config, &response(200, &[("Content-Type", "text/xml")], &dangling))
        .unwrap_err();
    let Error::<NoFault>::Decode(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.message, "the reference `nope` names no element");
    assert_eq!(e.line, 13, "{e}");

    // A cycle of references ends in an error, not a hang.
    let cycle = MULTI_REF.replace(
        "<multiRef id=\"id3\" soapenc:root=\"0\" xsi:type=\"xsd:int\">41</multiRef>",
        "<multiRef id=\"id3\" href=\"#id4\"/><multiRef id=\"id4\" href=\"#id3\"/>",
    );
    let err = registo::codec::registar::response(&config, &response(200, &[("Content-Type", "text/xml")], &cycle))
        .unwrap_err();
    assert!(err.to_string().contains("references nested deeper than"), "{err}");
}

/// rpc/literal with a part given by a global element: the element is written and read in its
/// schema's namespace (as zeep writes it); the part given by a type is an unqualified
/// accessor.
#[test]
fn rpc_element_parts_are_their_qualified_global_elements() {
    let config = Config::for_url("https://example.test/registo");
    let request = registo::codec::anotar::request(&config, &"nota 1".to_owned(), &3).expect("a request");
    let body = String::from_utf8(request.body().clone()).expect("UTF-8");
    assert_eq!(
        body,
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header/><soapenv:Body>"#,
            r#"<ns1:anotar xmlns:ns1="urn:example:registo"><ns1:Nota>nota 1</ns1:Nota><total>3</total></ns1:anotar>"#,
            r#"</soapenv:Body></soapenv:Envelope>"#,
        )
    );
    let answer = |nota: &str| {
        format!(
            r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><r:anotarResponse xmlns:r="urn:example:registo">{nota}</r:anotarResponse></s:Body></s:Envelope>"#
        )
    };
    let read =
        |text: &str| registo::codec::anotar::response(&config, &response(200, &[("Content-Type", "text/xml")], text));
    assert_eq!(read(&answer("<r:Nota>lida</r:Nota>")).expect("an answer"), "lida");
    // The element in no namespace is not the part's element.
    let err = read(&answer("<Nota>lida</Nota>")).unwrap_err().to_string();
    assert!(err.contains("Nota"), "{err}");
}

#[test]
fn declared_response_headers_are_typed_fields_of_the_outcome() {
    let config = Config::for_url("https://example.test/v3");
    let ok = response(
        200,
        &[
            ("Content-Type", "application/json"),
            ("ETag", "\"v7\""),
            ("X-Rate-Remaining", "12"),
            ("X-Issued", "2025-03-01"),
        ],
        r#"{"total": 12.5}"#,
    );
    let GetReceiptResponse::Ok { body, headers } =
        params::codec::get_receipt::response(&config, &ok).expect("an answer")
    else {
        panic!("not Ok")
    };
    assert_eq!(body.total.map(|t| t.to_string()).as_deref(), Some("12.5"));
    assert_eq!(headers.e_tag, "\"v7\"");
    assert_eq!(headers.x_rate_remaining, Some(12));
    assert_eq!(headers.x_issued, Date::from_ymd_opt(2025, 3, 1));

    // Optional headers may be absent; a required one may not; a malformed one is an error.
    let bare = response(200, &[("Content-Type", "application/json"), ("ETag", "x")], "{}");
    let GetReceiptResponse::Ok { headers, .. } = params::codec::get_receipt::response(&config, &bare).unwrap() else {
        panic!()
    };
    assert_eq!((headers.x_rate_remaining, headers.x_issued), (None, None));
    let missing = response(200, &[("Content-Type", "application/json")], "{}");
    assert_eq!(
        params::codec::get_receipt::response(&config, &missing)
            .unwrap_err()
            .to_string(),
        "could not decode the response: required response header `ETag` is missing"
    );
    let bad = response(
        200,
        &[
            ("Content-Type", "application/json"),
            ("ETag", "x"),
            ("X-Rate-Remaining", "many"),
        ],
        "{}",
    );
    let err = params::codec::get_receipt::response(&config, &bad)
        .unwrap_err()
        .to_string();
    assert!(err.contains("response header `X-Rate-Remaining`"), "{err}");

    let not_found = response(404, &[("X-Request-Id", "r-1")], "");
    let GetReceiptResponse::NotFound { headers } = params::codec::get_receipt::response(&config, &not_found).unwrap()
    else {
        panic!()
    };
    assert_eq!(headers.x_request_id.map(|x| x.0).as_deref(), Some("r-1"));
}

#[test]
fn callbacks_are_named_in_the_operation_docs() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/params/openapi3_params.rs"))
        .expect("generated module");
    assert!(
        text.contains("- `paid`: `POST {$request.query.notify}`"),
        "the callback is not in the docs"
    );
}
