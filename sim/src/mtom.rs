//! Large results as the PSI delivers them (reference §5.7): a ZIP file in an MTOM/XOP
//! attachment. The layout inside the ZIP is not published; the simulator's choice is one XML
//! file, `contratos.xml`, holding a `contratos` element with one `contrato` per contract in
//! the inline answer's record shape.

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

/// A ZIP archive of stored (uncompressed) files.
pub(crate) fn zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let le16 = |n: usize| u16::try_from(n).unwrap_or(u16::MAX).to_le_bytes();
    let le32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes();
    for (name, data) in files {
        let offset = out.len();
        let crc = crc32(data);
        // Local file header: version 20, no flags, stored, no time.
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&le32(data.len()));
        out.extend_from_slice(&le32(data.len()));
        out.extend_from_slice(&le16(name.len()));
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&le32(data.len()));
        central.extend_from_slice(&le32(data.len()));
        central.extend_from_slice(&le16(name.len()));
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&le32(offset));
        central.extend_from_slice(name.as_bytes());
    }
    let dir_offset = out.len();
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&le16(files.len()));
    out.extend_from_slice(&le16(files.len()));
    out.extend_from_slice(&le32(central.len()));
    out.extend_from_slice(&le32(dir_offset));
    out.extend_from_slice(&[0, 0]);
    out
}

/// CRC-32 (IEEE), bit by bit: the archives are small.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archives_read_back_with_the_client_runtime() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        let zip = zip(&[("contratos.xml", b"<contratos/>")]);
        let entries = psi_client::rt::zip::read(&zip, 1024).expect("a ZIP");
        assert_eq!(entries[0].name, "contratos.xml");
        assert_eq!(entries[0].data, b"<contratos/>");
    }
}
