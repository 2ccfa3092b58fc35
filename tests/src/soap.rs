//! SOAP 1.1 answers for client tests, scripted on the simulator: success envelopes with a
//! chosen prefix, Faults, and the PSI's 403 with an empty Body, byte for byte as written
//! here (the simulator's own answers are typed and have one prefix; these vary it).

use psi_sim::Script;

use crate::sim;

/// The SOAP 1.1 envelope namespace.
pub const SOAP11_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";

/// The content type SOAP 1.1 services answer with.
pub const TEXT_XML: &str = "text/xml; charset=utf-8";

/// The PSI's "not adhered / not authorised" body (psi-services.md §4.4, after \[PRES\] §5.1.2):
/// a SOAP 1.1 envelope whose Body is empty, with mixed prefixes, and no Fault.
pub const PSI_FORBIDDEN_BODY: &str = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">\n  \
<soap-env:Body xmlns:soap-env=\"http://schemas.xmlsoap.org/soap/envelope/\" />\n</soapenv:Envelope>";

/// A SOAP 1.1 envelope whose Body holds `body` (raw XML), with the envelope namespace bound
/// to `prefix` (services vary: `soap`, `S`, `env`, `soapenv`, …).
pub fn envelope(prefix: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<{prefix}:Envelope xmlns:{prefix}=\"{SOAP11_NS}\">\n\
         <{prefix}:Header/>\n<{prefix}:Body>\n{body}\n</{prefix}:Body>\n</{prefix}:Envelope>\n"
    )
}

/// A SOAP 1.1 `Fault` envelope (`faultcode`, `faultstring`, optional `detail` content).
pub fn fault_envelope(code: &str, reason: &str, detail: Option<&str>) -> String {
    let detail = detail.map(|d| format!("<detail>{d}</detail>")).unwrap_or_default();
    envelope(
        "soap",
        &format!("<soap:Fault><faultcode>{code}</faultcode><faultstring>{reason}</faultstring>{detail}</soap:Fault>"),
    )
}

/// `operation` answers HTTP 200 with `envelope(prefix, body)`.
pub fn ok(operation: &str, prefix: &str, body: &str) -> Script {
    sim::raw(operation, 200, Some(TEXT_XML), envelope(prefix, body))
}

/// `operation` answers HTTP 500 with a SOAP 1.1 Fault, as a JAX-WS service answers a server
/// error.
pub fn fault(operation: &str, code: &str, reason: &str, detail: Option<&str>) -> Script {
    sim::raw(operation, 500, Some(TEXT_XML), fault_envelope(code, reason, detail))
}

/// `operation` answers HTTP 403 with the PSI's published empty-Body envelope.
pub fn psi_forbidden(operation: &str) -> Script {
    sim::raw(operation, 403, Some(TEXT_XML), PSI_FORBIDDEN_BODY)
}
