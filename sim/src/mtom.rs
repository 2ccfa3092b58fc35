//! Large results as the PSI delivers them (reference §5.7): a ZIP file in an MTOM/XOP
//! attachment. The layout inside the ZIP is not published; the simulator's choice is one XML
//! file, `contratos.xml`, holding a `contratos` element with one `contrato` per contract in
//! the inline answer's record shape. WSIDQ's file answer is only ever scripted
//! ([`crate::Script::file`]): the reference does not say when the PSI sends one.

use crate::ops::OpInfo;
use crate::server::HttpResponse;
use crate::soap::envelope;

/// How many contracts make Consultar Contratos answer with a file (§5.7, §6.7).
pub(crate) const FILE_THRESHOLD: usize = 500;

const BOUNDARY: &str = "psi-sim-mtom-boundary";
const XOP_NS: &str = "http://www.w3.org/2004/08/xop/include";

/// The `href` of an `xop:Include` for the attachment `cid`.
pub(crate) fn include(cid: &str) -> String {
    format!("<xop:Include xmlns:xop=\"{XOP_NS}\" href=\"cid:{cid}\"/>")
}

/// HTTP 200, `multipart/related`: the envelope around `body_content` (which refers to the
/// attachment by [`include`]) as the root part, then `attachment` as part `cid`.
pub(crate) fn response(body_content: &str, cid: &str, attachment: &[u8]) -> HttpResponse {
    let mut body = Vec::with_capacity(attachment.len() + body_content.len() + 512);
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Type: application/xop+xml; charset=UTF-8; type=\"text/xml\"\r\n\
             Content-Transfer-Encoding: binary\r\nContent-ID: <root>\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(envelope(body_content).as_bytes());
    body.extend_from_slice(
        format!(
            "\r\n--{BOUNDARY}\r\nContent-Type: application/zip\r\nContent-Transfer-Encoding: binary\r\n\
             Content-ID: <{cid}>\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(attachment);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    let content_type = format!(
        "multipart/related; type=\"application/xop+xml\"; boundary=\"{BOUNDARY}\"; start=\"<root>\"; start-info=\"text/xml\""
    );
    HttpResponse::new(200, Some(&content_type), body)
}

/// The answer of an operation that says "the data comes as a file", with `file` as its MTOM
/// attachment: Consultar Contratos' `getDadosContratos` (`codigo-resultado` 1 and
/// `ficheiro-dados`) and WSIDQ's `getDados` (`codigoEstado` 1 and, the simulator's choice of
/// an unpublished name, `ficheiro`). `None` for an operation without a file answer.
pub(crate) fn file_answer(op: &OpInfo, file: &[u8]) -> Option<HttpResponse> {
    let (code, element) = match op.name {
        "getDadosContratos" => ("<codigo-resultado>1</codigo-resultado>", "ficheiro-dados"),
        "getDados" => ("<codigoEstado>1</codigoEstado>", "ficheiro"),
        _ => return None,
    };
    const CID: &str = "dados.zip";
    let body = format!(
        "<ns2:{el} xmlns:ns2=\"{ns}\">{code}<{element}>{include}</{element}></ns2:{el}>",
        el = op.response_element(),
        ns = op.soap_ns()?,
        include = include(CID),
    );
    Some(response(&body, CID, file))
}
