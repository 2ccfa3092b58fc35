//! What a SOAP operation is exercised with: an instance of each message part, made from the
//! model, and the harness lines that build the request from them and write the decoded
//! response back.
//!
//! A message instance is one document `<parts>` whose element children are the body parts
//! in order — for rpc style the accessors, named after the parts; for document style the
//! parts' elements — then the header parts in the binding's order. Both sides read the same
//! document: zeep each child with the element (or type) it gives the part, the harness each
//! child with the generated type of the codec's argument.

use std::path::PathBuf;

use psi_codegen::emit::{XmlCodec, soap_output_header_fields, xml_codec};
use psi_codegen::model::{Model, SoapBinding, SoapPart, SoapStyle, SoapUse, SoapVersion};

use super::cases::SpecRef;
use super::instance::XmlMaker;
use super::scratch::Arm;

/// How a SOAP operation is exercised through zeep.
#[derive(Debug, Clone)]
pub struct SoapPlan {
    /// The WSDL file zeep loads.
    pub wsdl: PathBuf,
    /// The service the operation belongs to (zeep looks there first).
    pub service: String,
    /// A SOAP 1.2 binding.
    pub soap12: bool,
    /// rpc style: the body parts are accessors inside a wrapper element.
    pub rpc: bool,
    /// `use="encoded"`: SOAP encoding (SOAP 1.1 §5).
    pub encoded: bool,
    /// The request message.
    pub request: Message,
    /// The response message (`None` for a one-way operation).
    pub response: Option<Message>,
}

/// The values of one message.
#[derive(Debug, Clone)]
pub struct Message {
    /// The `<parts>` document: the body parts, then the header parts.
    pub instance: String,
    /// How many of its children are body parts.
    pub body_parts: usize,
    /// The names of the header parts that follow them.
    pub header_parts: Vec<String>,
}

/// The plan of one operation and its harness lines (`key` names the operation in the
/// harness, `codec` is the path of its generated codec module).
pub fn plan(
    spec: &SpecRef<'_>,
    service: &str,
    b: &SoapBinding,
    key: &str,
    codec: &str,
    seed: u64,
) -> Result<(SoapPlan, Vec<Arm>), String> {
    let model = spec.model;
    let rpc = b.style == SoapStyle::Rpc;
    let request = message(model, &b.input.parts, &b.headers, seed)?;
    let mut arms = vec![Arm {
        kind: "soap-request",
        key: key.to_owned(),
        expr: request_expr(model, b, codec),
    }];
    let response = match &b.output {
        Some(out) => {
            let m = message(model, &out.parts, &b.output_headers, seed.wrapping_add(1))?;
            arms.push(Arm {
                kind: "soap-response",
                key: key.to_owned(),
                expr: response_expr(model, b, &out.parts, codec),
            });
            Some(m)
        }
        None => None,
    };
    let plan = SoapPlan {
        wsdl: spec.file.clone(),
        service: service.to_owned(),
        soap12: b.version == SoapVersion::V12,
        rpc,
        encoded: b.body_use == SoapUse::Encoded,
        request,
        response,
    };
    Ok((plan, arms))
}

/// The `<parts>` instance of a message: part `i` made with the seed `seed + 2i` (the
/// response's seed is the request's plus one, so the two never share a stream).
fn message(model: &Model, parts: &[SoapPart], headers: &[SoapPart], seed: u64) -> Result<Message, String> {
    let mut instance = String::from("<parts>");
    for (i, p) in parts.iter().chain(headers).enumerate() {
        let maker = XmlMaker::new(model, seed.wrapping_add(2 * i as u64));
        let xml = maker
            .document(p.element.0.as_deref(), &p.element.1, p.ty)
            .map_err(|e| format!("part `{}`: {e}", p.name))?;
        instance.push_str(&xml);
    }
    instance.push_str("</parts>");
    Ok(Message {
        instance,
        body_parts: parts.len(),
        header_parts: headers.iter().map(|h| h.name.clone()).collect(),
    })
}

/// The harness method that reads part `i` as the codec's argument type.
fn read_part(model: &Model, p: &SoapPart, i: usize) -> String {
    match xml_codec(model, p.ty) {
        XmlCodec::Text => format!("p.text({i})?"),
        XmlCodec::Element => format!("p.element({i})?"),
        XmlCodec::Raw => format!("p.raw({i})?"),
    }
}

/// `codec::request(config, body parts…, header parts…)`: a body part by reference, a header
/// part as `Some` (every header is given a value).
fn request_expr(model: &Model, b: &SoapBinding, codec: &str) -> String {
    let n = b.input.parts.len();
    let mut args: Vec<String> = b
        .input
        .parts
        .iter()
        .enumerate()
        .map(|(i, p)| format!("&{}", read_part(model, p, i)))
        .collect();
    args.extend(
        b.headers
            .iter()
            .enumerate()
            .map(|(j, h)| format!("Some(&{})", read_part(model, h, n + j))),
    );
    let mut call = String::from("c");
    for a in &args {
        call.push_str(", ");
        call.push_str(a);
    }
    format!(
        "crate::soap_request(input, |c: &psi_client::rt::Config, p: &crate::Parts| -> Result<_, String> {{ Ok({codec}::request({call})) }})"
    )
}

/// The line writing part `p` (at `path`, an expression giving a reference) as `{ns}local`.
fn write_part(model: &Model, p: &SoapPart, ns: Option<&str>, path: &str) -> String {
    let local = &p.element.1;
    match xml_codec(model, p.ty) {
        XmlCodec::Text => format!("w.text_element({ns:?}, {local:?}, {path});"),
        XmlCodec::Element => format!("w.element({ns:?}, {local:?}, {path});"),
        XmlCodec::Raw => format!("w.raw(({path}).xml.as_str());"),
    }
}

/// `codec::response` and the lines writing what it decodes back as a `<parts>` document:
/// the body parts, then each header part the answer carried.
fn response_expr(model: &Model, b: &SoapBinding, parts: &[SoapPart], codec: &str) -> String {
    let headers = !b.output_headers.is_empty();
    let mut writes = String::new();
    for (i, p) in parts.iter().enumerate() {
        let path = match (parts.len(), headers) {
            (1, false) => "v".to_owned(),
            (1, true) => "&v.body".to_owned(),
            (_, false) => format!("&v.{i}"),
            (_, true) => format!("&v.body.{i}"),
        };
        writes.push_str(&write_part(model, p, p.element.0.as_deref(), &path));
    }
    for (h, field) in b.output_headers.iter().zip(soap_output_header_fields(b)) {
        let one = write_part(model, h, h.element.0.as_deref(), "h");
        writes.push_str(&format!("if let Some(h) = &v.{field} {{ {one} }}"));
    }
    let (v, w) = if writes.is_empty() { ("_v", "_w") } else { ("v", "w") };
    format!(
        "crate::soap_response(input, {codec}::response, |{v}, {w}: &mut psi_client::rt::xml::XmlWriter| {{ {writes} }})"
    )
}
