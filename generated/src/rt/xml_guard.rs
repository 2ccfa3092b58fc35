//! What a response's XML must pass before it is parsed: its bytes turned into UTF-8 from the
//! encoding it declares, and one linear scan that bounds the work the parser and the readers
//! can be made to do (elements, attributes per element, namespace declarations, depth).
//!
//! The scan keeps decoding linear in the size of the body: a parser checks each attribute
//! against the element's others and each prefix against the declarations in scope, so an
//! element with 100,000 attributes, or 100,000 nested namespace declarations, would otherwise
//! cost seconds to minutes after the body has arrived.

use std::borrow::Cow;

use crate::rt::config::XmlLimits;
use crate::rt::xml::DecodeError;

/// The text of an XML body: UTF-8 as it is; UTF-16 or UTF-8 by its byte-order mark; otherwise
/// the encoding its XML declaration names (ISO-8859-1, Windows-1252, …).
pub fn to_utf8(bytes: &[u8]) -> Result<Cow<'_, str>, DecodeError> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return decode(encoding, &bytes[bom..]);
    }
    // UTF-16 without a byte order mark, told by its first character `<` (XML 1.0,
    // appendix F): the NULs are valid UTF-8, so this comes before the UTF-8 check.
    match bytes {
        [b'<', 0, ..] => return decode(encoding_rs::UTF_16LE, bytes),
        [0, b'<', ..] => return decode(encoding_rs::UTF_16BE, bytes),
        _ => {}
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Cow::Borrowed(text));
    }
    match declared_encoding(bytes) {
        Some(label) => match encoding_rs::Encoding::for_label(label.as_bytes()) {
            Some(encoding) => decode(encoding, bytes),
            None => Err(DecodeError::new(format!(
                "the XML declaration names an unknown encoding `{}`",
                crate::rt::xml::cut(&label)
            ))),
        },
        None => {
            let at = std::str::from_utf8(bytes).err().map_or(0, |e| e.valid_up_to());
            Err(DecodeError::new(format!(
                "the response is not UTF-8 (invalid byte at offset {at}) and declares no other encoding"
            )))
        }
    }
}

fn decode<'a>(encoding: &'static encoding_rs::Encoding, bytes: &'a [u8]) -> Result<Cow<'a, str>, DecodeError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(DecodeError::new(format!(
            "the response is not valid {} text",
            encoding.name()
        )));
    }
    // The declaration still names the old encoding; the parser reads the text as it is.
    Ok(text)
}

/// The `encoding` of an ASCII-compatible XML declaration (`<?xml … encoding="…"?>`).
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..bytes.len().min(200))?;
    let head: String = head
        .iter()
        .take_while(|b| **b != b'>')
        .map(|b| char::from(*b))
        .collect();
    let rest = head.strip_prefix("<?xml")?;
    let at = rest.find("encoding")?;
    let value = rest[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &value[1..];
    Some(value[..value.find(quote)?].to_owned())
}

/// Refuse a document past `limits`, in one pass over its text.
pub fn check(text: &str, limits: &XmlLimits) -> Result<(), DecodeError> {
    let bytes = text.as_bytes();
    let fail = |at: usize, message: String| {
        let before = &bytes[..at.min(bytes.len())];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        DecodeError {
            path: String::new(),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            message,
        }
    };
    let find = |from: usize, needle: &[u8]| -> usize {
        bytes
            .get(from..)
            .and_then(|rest| rest.windows(needle.len()).position(|w| w == needle))
            .map_or(bytes.len(), |p| from + p + needle.len())
    };
    let (mut depth, mut elements, mut namespaces) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while let Some(p) = bytes.get(i..).and_then(|rest| rest.iter().position(|b| *b == b'<')) {
        let start = i + p;
        let rest = &bytes[start..];
        if rest.starts_with(b"<!--") {
            i = find(start + 4, b"-->");
        } else if rest.starts_with(b"<![CDATA[") {
            i = find(start + 9, b"]]>");
        } else if rest.starts_with(b"<?") {
            i = find(start + 2, b"?>");
        } else if rest.starts_with(b"<!") {
            i = find(start + 2, b">");
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            i = find(start + 2, b">");
        } else {
            elements += 1;
            if elements > limits.max_elements {
                return Err(fail(start, format!("more than {} elements", limits.max_elements)));
            }
            // The start tag: attributes are the `=` outside quotes.
            let (mut j, mut quote, mut attributes) = (start + 1, None::<u8>, 0usize);
            let mut name_start = None::<usize>;
            let mut self_closing = false;
            while let Some(&b) = bytes.get(j) {
                match quote {
                    Some(q) if b == q => quote = None,
                    Some(_) => {}
                    None => match b {
                        b'"' | b'\'' => quote = Some(b),
                        b'>' => {
                            self_closing = j > start && bytes[j - 1] == b'/';
                            break;
                        }
                        b'=' => {
                            attributes += 1;
                            if attributes > limits.max_attributes {
                                return Err(fail(
                                    start,
                                    format!("an element with more than {} attributes", limits.max_attributes),
                                ));
                            }
                            if name_start.is_some_and(|n| bytes[n..j].trim_ascii().starts_with(b"xmlns")) {
                                namespaces += 1;
                                if namespaces > limits.max_namespace_declarations {
                                    return Err(fail(
                                        start,
                                        format!(
                                            "more than {} namespace declarations",
                                            limits.max_namespace_declarations
                                        ),
                                    ));
                                }
                            }
                            name_start = None;
                        }
                        b if b.is_ascii_whitespace() => name_start = Some(j + 1),
                        _ => {}
                    },
                }
                j += 1;
            }
            if !self_closing {
                depth += 1;
                if depth > limits.max_depth {
                    return Err(fail(start, format!("elements nested deeper than {}", limits.max_depth)));
                }
            }
            i = j + 1;
        }
        if i <= start {
            i = start + 1;
        }
    }
    Ok(())
}

/// Check `text` against `limits`, then parse it.
pub fn parse<'a>(text: &'a str, limits: &XmlLimits) -> Result<roxmltree::Document<'a>, DecodeError> {
    check(text, limits)?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: u32::try_from(limits.max_elements.saturating_mul(4)).unwrap_or(u32::MAX),
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        // roxmltree places the end of the input at 1:1: the position that says where a
        // truncated answer stops is the end of the text.
        let (line, column) = match e {
            roxmltree::Error::UnexpectedEndOfStream | roxmltree::Error::UnclosedRootNode => end_position(text),
            _ => (e.pos().row, e.pos().col),
        };
        let message = match e {
            roxmltree::Error::UnexpectedEndOfStream | roxmltree::Error::UnclosedRootNode => format!(
                "malformed XML: the document ends before its root element is closed (truncated after {} bytes?)",
                text.len()
            ),
            _ => format!("malformed XML: {}", crate::rt::xml::cut(&e.to_string())),
        };
        DecodeError {
            path: String::new(),
            line,
            column,
            message,
        }
    })
}

/// The 1-based line and column just past the last character of `text`.
fn end_position(text: &str) -> (u32, u32) {
    let line = text.bytes().filter(|b| *b == b'\n').count() + 1;
    let last_line = text.rsplit('\n').next().unwrap_or("");
    let column = last_line.chars().count() + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_by_bom_and_declaration() {
        assert_eq!(to_utf8("<a>é</a>".as_bytes()).unwrap(), "<a>é</a>");
        let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xE9</a>";
        assert!(to_utf8(latin1).unwrap().ends_with("<a>é</a>"));
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "<a>é</a>".encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(to_utf8(&utf16).unwrap(), "<a>é</a>");
        let bom8 = b"\xEF\xBB\xBF<a/>";
        assert_eq!(to_utf8(bom8).unwrap(), "<a/>");
        let e = to_utf8(b"<a>\xE9</a>").unwrap_err();
        assert!(e.message.contains("not UTF-8"), "{e}");
    }

    #[test]
    fn utf16_without_a_byte_order_mark() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<a>é</a>";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [le, be] {
            let utf8 = to_utf8(&bytes).expect("UTF-16 told by its first `<`");
            assert_eq!(utf8, text);
            let doc = parse(&utf8, &XmlLimits::DEFAULT).expect("parses");
            assert_eq!(doc.root_element().text(), Some("é"));
        }
    }

    #[test]
    fn a_truncated_document_is_reported_where_it_ends() {
        let cut = "<?xml version=\"1.0\"?>\n<Envelope>\n  <Body>\n    <x>1</x";
        let e = parse(cut, &XmlLimits::DEFAULT).expect_err("truncated");
        assert_eq!((e.line, e.column), (4, 12), "{e}");
        let open = "<Envelope>\n  <Body>\n    <x>1</x>";
        let e = parse(open, &XmlLimits::DEFAULT).expect_err("root not closed");
        assert_eq!((e.line, e.column), (3, 13), "{e}");
        assert!(e.message.contains("truncated after 32 bytes"), "{e}");
    }

    #[test]
    fn limits_are_checked_in_one_pass() {
        let limits = XmlLimits::DEFAULT;
        check("<a x=\"1\" y='>'><!-- <b> --><![CDATA[<c>]]><?p x?><d/></a>", &limits).unwrap();
        let many: String = (0..=limits.max_attributes).map(|i| format!(" a{i}=\"v\"")).collect();
        let e = check(&format!("<r>\n <e{many}/></r>"), &limits).unwrap_err();
        assert!(e.message.contains("attributes"), "{e}");
        assert_eq!((e.line, e.column), (2, 2));
        let nested: String = (0..=limits.max_namespace_declarations)
            .map(|i| format!("<e xmlns:p{i}=\"urn:{i}\">"))
            .collect();
        let e = check(&nested, &XmlLimits::DEFAULT.max_depth(100_000)).unwrap_err();
        assert!(e.message.contains("namespace declarations"), "{e}");
        let deep = "<e>".repeat(limits.max_depth + 1);
        assert!(check(&deep, &limits).unwrap_err().message.contains("deeper"));
    }

    /// Documents within the body limit but hostile in shape fail fast: one element with
    /// 3.4 MB of attributes, 3.4 MB of nested namespace declarations.
    #[test]
    fn hostile_shapes_fail_before_parsing() {
        let attrs: String = (0..350_000).map(|i| format!(" a{i}=\"\"")).collect();
        let doc = format!("<r{attrs}/>");
        assert!(doc.len() > 3_000_000);
        assert!(parse(&doc, &XmlLimits::DEFAULT).is_err());
        let ns: String = (0..150_000).map(|i| format!("<e xmlns:p=\"u{i}\">")).collect();
        assert!(ns.len() > 3_000_000);
        assert!(parse(&ns, &XmlLimits::DEFAULT.max_depth(usize::MAX)).is_err());
    }
}
