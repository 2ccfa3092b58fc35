//! psi-client's readers of what a server sends: a SOAP response (envelope, fault, typed
//! body), an MTOM multipart response, a JSON body. An error is an answer; a panic is a
//! finding.

use psi_client::api::consulta_documentos_pagamento::ConsultaDocumentosPagamentoRespostaVo;
use psi_client::api::{cessar_vinculo::CessarVinculoResponse, gestao_ficheiro::ConsultarFicheiroResponse};
use psi_client::rt::http::decode_json;
use psi_client::rt::soap::{self, SoapOperation, SoapVersion};
use psi_client::rt::{Config, NoFault, Response, XmlElement};

fn response(status: u16, content_type: String, body: &[u8]) -> Response {
    psi_client::rt::transport::response(status, &content_type, body.to_vec())
}

/// The transport-free reader of a SOAP answer, as every generated codec calls it.
fn call<T: XmlElement>(version: SoapVersion, response: Response) {
    let config = Config::for_url("http://fuzz.invalid/");
    let op = SoapOperation {
        version,
        action: Some("urn:fuzz"),
        addressing: false,
        addressing_action: None,
        name: "fuzz",
    };
    let _ = soap::response::<T, NoFault>(&config, &op, &response, T::read_xml);
}

/// A SOAP response: the first byte picks the SOAP version and the status (200 or 500), the
/// rest is the body.
pub fn soap_response(data: &[u8]) {
    let (first, body) = data.split_first().map_or((0, data), |(f, rest)| (*f, rest));
    let version = if first & 1 == 0 {
        SoapVersion::V11
    } else {
        SoapVersion::V12
    };
    let status = if first & 2 == 0 { 200 } else { 500 };
    let content_type = match version {
        SoapVersion::V11 => "text/xml; charset=utf-8",
        SoapVersion::V12 => "application/soap+xml; charset=utf-8",
    };
    call::<CessarVinculoResponse>(version, response(status, content_type.into(), body));
}

/// An MTOM response: the first line is the multipart boundary, the rest the body.
pub fn mtom(data: &[u8]) {
    let (boundary, body) = match data.iter().position(|b| *b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let boundary = String::from_utf8_lossy(boundary).replace('"', "");
    let content_type =
        format!("multipart/related; type=\"application/xop+xml\"; start-info=\"text/xml\"; boundary=\"{boundary}\"");
    call::<ConsultarFicheiroResponse>(SoapVersion::V11, response(200, content_type, body));
}

/// A JSON body, read as a generated REST response type and as a JSON value.
pub fn json(data: &[u8]) {
    let response = response(200, "application/json".into(), data);
    let _ = decode_json::<ConsultaDocumentosPagamentoRespostaVo>(&response);
    let _ = decode_json::<serde_json::Value>(&response);
}
