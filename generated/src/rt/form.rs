//! Form bodies: the fields of a Swagger 2 `formData` operation or of an OpenAPI 3 form or
//! multipart request body, written as `application/x-www-form-urlencoded` or as
//! `multipart/form-data` (RFC 7578).
//!
//! The generated codec adds each field to a [`Form`] in the spec's order, then asks for the
//! body its operation declares. In a multipart body every field is a part: text as
//! `text/plain` (no `Content-Type` line, the RFC 7578 default), structured values as JSON,
//! files ([`FormFile`]) with their file name and media type. The boundary is chosen so that it
//! occurs in no part.

use crate::rt::http::encode_bytes_into;

/// A file sent as a form field: its bytes, and the file name a multipart body gives it (the
/// field's name when none is given, so that servers read the part as a file).
///
/// ```
/// # use psi_client::rt::FormFile;
/// let file = FormFile::new(b"%PDF-1.7".to_vec()).named("recibo.pdf");
/// assert_eq!(file.name.as_deref(), Some("recibo.pdf"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FormFile {
    /// The content.
    pub bytes: Vec<u8>,
    /// The file name (`filename` of the part's `Content-Disposition`).
    pub name: Option<String>,
}

impl FormFile {
    /// A file of these bytes, without a name.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        FormFile {
            bytes: bytes.into(),
            name: None,
        }
    }

    /// The same file with this file name.
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }
}

/// One field of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Field {
    name: String,
    value: Vec<u8>,
    /// For a file: its file name (the field's name when it has none).
    file_name: Option<String>,
    /// The part's media type in a multipart body (`None`: text/plain).
    content_type: Option<String>,
}

/// The fields of a form body, in order, and the two ways to write them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Form {
    fields: Vec<Field>,
}

/// The media type of a URL-encoded form.
pub const URLENCODED: &str = "application/x-www-form-urlencoded";

impl Form {
    /// No fields yet.
    pub fn new() -> Self {
        Form::default()
    }

    /// A text field (a `text/plain` part).
    pub fn text(&mut self, name: &str, value: String) {
        self.fields.push(Field {
            name: name.to_owned(),
            value: value.into_bytes(),
            file_name: None,
            content_type: None,
        });
    }

    /// A text field whose part has this media type (`application/json` for a structured
    /// value, or what the spec's `encoding` says); in a URL-encoded form, the text alone.
    pub fn typed(&mut self, name: &str, value: String, content_type: &str) {
        self.fields.push(Field {
            name: name.to_owned(),
            value: value.into_bytes(),
            file_name: None,
            content_type: Some(content_type.to_owned()),
        });
    }

    /// A file field, as a part of this media type (in a URL-encoded form, the bytes
    /// percent-encoded).
    pub fn file(&mut self, name: &str, file: &FormFile, content_type: &str) {
        self.fields.push(Field {
            name: name.to_owned(),
            value: file.bytes.clone(),
            file_name: Some(file.name.clone().unwrap_or_else(|| name.to_owned())),
            content_type: Some(content_type.to_owned()),
        });
    }

    /// A structured value in a URL-encoded form, OpenAPI `style: form`: an object's members
    /// each as a field of its own when `explode`, else one field `name=key,value,key,value`;
    /// a value that is not an object, as its JSON text (a string without quotes).
    pub fn object<T: serde::Serialize>(&mut self, name: &str, value: &T, explode: bool) {
        match crate::rt::json::members(value) {
            Some(members) if explode => {
                for (key, text) in members {
                    self.text(&key, text);
                }
            }
            Some(members) => {
                let list: Vec<String> = members.into_iter().flat_map(|(k, v)| [k, v]).collect();
                self.text(name, list.join(","));
            }
            None => self.text(name, crate::rt::json::param_text(value)),
        }
    }

    /// The `application/x-www-form-urlencoded` body: `name=value` pairs joined by `&`, names
    /// and values percent-encoded (everything but RFC 3986 unreserved characters).
    pub fn urlencoded(&self) -> Vec<u8> {
        let mut s = String::new();
        for (i, f) in self.fields.iter().enumerate() {
            if i > 0 {
                s.push('&');
            }
            encode_bytes_into(&mut s, f.name.as_bytes());
            s.push('=');
            encode_bytes_into(&mut s, &f.value);
        }
        s.into_bytes()
    }

    /// The `multipart/form-data` body (RFC 7578) and its media type with the boundary: one
    /// part per field, each with its `Content-Disposition` (name, and file name for files)
    /// and, unless it is text, its `Content-Type`; lines end with CRLF. The boundary is
    /// derived from the content and occurs in none of the parts.
    pub fn multipart(&self) -> (String, Vec<u8>) {
        let boundary = self.boundary();
        let mut out = Vec::new();
        for f in &self.fields {
            out.extend_from_slice(b"--");
            out.extend_from_slice(boundary.as_bytes());
            out.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
            out.extend_from_slice(quoted(&f.name).as_bytes());
            out.push(b'"');
            if let Some(file_name) = &f.file_name {
                out.extend_from_slice(b"; filename=\"");
                out.extend_from_slice(quoted(file_name).as_bytes());
                out.push(b'"');
            }
            out.extend_from_slice(b"\r\n");
            if let Some(ct) = &f.content_type {
                out.extend_from_slice(b"Content-Type: ");
                out.extend_from_slice(one_line(ct).as_bytes());
                out.extend_from_slice(b"\r\n");
            }
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(&f.value);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"--");
        out.extend_from_slice(boundary.as_bytes());
        out.extend_from_slice(b"--\r\n");
        (format!("multipart/form-data; boundary={boundary}"), out)
    }

    /// A boundary none of the fields contains: `psi-form-` and 16 hex digits of a hash of
    /// the content (so the same form gives the same body), rehashed until it occurs nowhere.
    fn boundary(&self) -> String {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut mix = |bytes: &[u8]| {
            for b in bytes {
                hash ^= u64::from(*b);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        };
        for f in &self.fields {
            mix(f.name.as_bytes());
            mix(&f.value);
        }
        self.boundary_from(hash)
    }

    /// The first boundary from `hash` on that occurs in no field.
    fn boundary_from(&self, mut hash: u64) -> String {
        loop {
            let boundary = format!("psi-form-{hash:016x}");
            let occurs = self.fields.iter().any(|f| {
                [
                    f.name.as_bytes(),
                    &f.value,
                    f.file_name.as_deref().unwrap_or("").as_bytes(),
                    f.content_type.as_deref().unwrap_or("").as_bytes(),
                ]
                .iter()
                .any(|hay| contains(hay, boundary.as_bytes()))
            });
            if !occurs {
                return boundary;
            }
            hash = hash.rotate_left(17).wrapping_mul(0x0100_0000_01b3) ^ 0x9e37_79b9_7f4a_7c15;
        }
    }
}

/// Whether `needle` occurs in `hay`.
fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// A name or file name inside the quotes of `Content-Disposition`: `"`, CR and LF
/// percent-encoded, as browsers do (RFC 7578 §4.2 leaves the escaping to the form).
fn quoted(text: &str) -> String {
    text.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

/// A header value on one line.
fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Form {
        let mut form = Form::new();
        form.text("note", "a b&c".into());
        form.typed("meta", "{\"k\":1}".into(), "application/json");
        form.file(
            "doc",
            &FormFile::new(b"%PDF\r\n\x00\xff".to_vec()).named("r\"1\".pdf"),
            "application/pdf",
        );
        form.file("raw", &FormFile::new(b"x".to_vec()), "application/octet-stream");
        form
    }

    #[test]
    fn urlencoded_fields_in_order() {
        assert_eq!(
            String::from_utf8(sample().urlencoded()).unwrap(),
            "note=a%20b%26c&meta=%7B%22k%22%3A1%7D&doc=%25PDF%0D%0A%00%FF&raw=x"
        );
        assert!(Form::new().urlencoded().is_empty());
    }

    #[test]
    fn multipart_parts_byte_for_byte() {
        let form = sample();
        let (content_type, body) = form.multipart();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .expect("the boundary in the media type");
        assert!(boundary.starts_with("psi-form-") && boundary.len() == 25, "{boundary}");
        let mut expected = Vec::new();
        for part in [
            "Content-Disposition: form-data; name=\"note\"\r\n\r\na b&c",
            "Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"k\":1}",
        ] {
            expected.extend_from_slice(format!("--{boundary}\r\n{part}\r\n").as_bytes());
        }
        expected.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"r%221%22.pdf\"\r\n\
                 Content-Type: application/pdf\r\n\r\n"
            )
            .as_bytes(),
        );
        expected.extend_from_slice(b"%PDF\r\n\x00\xff\r\n");
        expected.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"raw\"; filename=\"raw\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\nx\r\n--{boundary}--\r\n"
            )
            .as_bytes(),
        );
        assert_eq!(String::from_utf8_lossy(&body), String::from_utf8_lossy(&expected));
        assert_eq!(body, expected);
        // The same form, the same body.
        assert_eq!(form.multipart(), sample().multipart());
    }

    #[test]
    fn the_boundary_occurs_in_no_part() {
        // A part holding the boundary a hash gives first makes the writer move on.
        let mut form = Form::new();
        form.text("a", format!("x\r\n--psi-form-{:016x}--", 7u64));
        assert_eq!(Form::new().boundary_from(7), "psi-form-0000000000000007");
        let chosen = form.boundary_from(7);
        assert_ne!(chosen, "psi-form-0000000000000007");
        assert!(!contains(&form.fields[0].value, chosen.as_bytes()));
        // And in a file name or a media type too.
        let mut named = Form::new();
        named.file(
            "f",
            &FormFile::new(Vec::new()).named("psi-form-0000000000000007"),
            "text/plain",
        );
        assert_ne!(named.boundary_from(7), "psi-form-0000000000000007");
        let (content_type, body) = form.multipart();
        let boundary = content_type.rsplit('=').next().unwrap_or_default();
        let text = String::from_utf8(body).unwrap();
        assert_eq!(text.matches(boundary).count(), 2, "{text}");
    }

    #[test]
    fn objects_in_a_urlencoded_form() {
        #[derive(serde::Serialize)]
        struct Color {
            r: u8,
            g: u8,
        }
        let mut form = Form::new();
        form.object("color", &Color { r: 100, g: 200 }, true);
        form.object("plain", &Color { r: 1, g: 2 }, false);
        form.object("text", &"t", true);
        assert_eq!(
            String::from_utf8(form.urlencoded()).unwrap(),
            "g=200&r=100&plain=g%2C2%2Cr%2C1&text=t"
        );
    }
}
