//! Turning spec bytes into text: BOMs, declared XML encodings, line endings.

use crate::Error;
use crate::model::{Position, Source};

/// Decode an XML file to UTF-8 text. Honours a UTF-8/UTF-16 BOM, UTF-16 without a BOM
/// (told by its first characters, as XML 1.0 appendix F does) and the `encoding` of the XML
/// declaration (ISO-8859-1, windows-1252 and every other label the WHATWG Encoding standard
/// knows). The BOM is removed.
pub fn decode_xml(file: &str, bytes: &[u8]) -> Result<String, Error> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return finish(file, text.into_owned(), had_errors, enc.name());
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        return finish(file, text.into_owned(), had_errors, enc.name());
    }
    let label = declared_encoding(bytes);
    let enc = match &label {
        Some(label) => encoding_rs::Encoding::for_label(label.as_bytes()).ok_or_else(|| {
            Error::spec(
                Source {
                    file: file.into(),
                    at: Position::Line { line: 1, column: 1 },
                },
                format!("unknown encoding `{label}` in the XML declaration"),
            )
        })?,
        None => encoding_rs::UTF_8,
    };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    let text = text.into_owned();
    // roxmltree refuses a declaration that names an encoding other than UTF-8 once the
    // text is already UTF-8; rewrite the label in place.
    let text = match label {
        Some(label) if !label.eq_ignore_ascii_case("utf-8") => rewrite_declared_encoding(text, &label),
        _ => text,
    };
    finish(file, text, had_errors, enc.name())
}

/// UTF-16 without a byte order mark: an XML document starts with an ASCII character (`<` or
/// white space), which UTF-16 writes as that byte and a zero byte, in the byte order.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let ascii = |b: u8| b != 0 && b.is_ascii();
    match bytes {
        [a, 0, b, 0, ..] if ascii(*a) && ascii(*b) => Some(encoding_rs::UTF_16LE),
        [0, a, 0, b, ..] if ascii(*a) && ascii(*b) => Some(encoding_rs::UTF_16BE),
        _ => None,
    }
}

/// Where a text ends, as 1-based line and column (the column just after the last character).
pub fn end_position(text: &str) -> Position {
    let line = text.bytes().filter(|b| *b == b'\n').count() as u32 + 1;
    let last = text.rfind('\n').map_or(text, |i| &text[i + 1..]);
    Position::Line {
        line,
        column: last.chars().count() as u32 + 1,
    }
}

/// Decode a YAML or JSON file (UTF-8, with or without BOM).
pub fn decode_utf8(file: &str, bytes: &[u8]) -> Result<String, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let (line, column) = line_col(&bytes[..e.valid_up_to()]);
            Err(Error::spec(
                Source {
                    file: file.into(),
                    at: Position::Line { line, column },
                },
                "invalid UTF-8",
            ))
        }
    }
}

fn finish(file: &str, text: String, had_errors: bool, enc: &str) -> Result<String, Error> {
    if had_errors {
        let at = text
            .find('\u{FFFD}')
            .map(|i| line_col(&text.as_bytes()[..i]))
            .unwrap_or((1, 1));
        return Err(Error::spec(
            Source {
                file: file.into(),
                at: Position::Line {
                    line: at.0,
                    column: at.1,
                },
            },
            format!("bytes that are not valid {enc}"),
        ));
    }
    Ok(text)
}

fn line_col(prefix: &[u8]) -> (u32, u32) {
    let line = prefix.iter().filter(|b| **b == b'\n').count() as u32 + 1;
    let col = prefix.iter().rev().take_while(|b| **b != b'\n').count() as u32 + 1;
    (line, col)
}

/// The `encoding="…"` of an XML declaration, if any (read as ASCII).
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(200)];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let value = &rest[1..];
    Some(value[..value.find(quote)?].to_owned())
}

fn rewrite_declared_encoding(text: String, label: &str) -> String {
    let Some(end) = text.find("?>") else { return text };
    let decl = &text[..end];
    match decl.find(label) {
        Some(at) => format!("{}UTF-8{}", &text[..at], &text[at + label.len()..]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_declaration_is_decoded_and_relabelled() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xe7\xe3o</a>";
        let text = decode_xml("x.xml", bytes).unwrap();
        assert_eq!(text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>\u{e7}\u{e3}o</a>");
        assert!(roxmltree::Document::parse(&text).is_ok());
    }

    #[test]
    fn utf16_without_bom_is_detected() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<a>\u{e7}</a>";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [le, be] {
            let decoded = decode_xml("x.xml", &bytes).unwrap();
            assert!(decoded.ends_with("<a>\u{e7}</a>"), "{decoded}");
            assert!(roxmltree::Document::parse(&decoded).is_ok());
        }
    }

    #[test]
    fn end_position_is_after_the_last_character() {
        assert_eq!(end_position("<a>\n  <b>"), Position::Line { line: 2, column: 6 });
        assert_eq!(end_position(""), Position::Line { line: 1, column: 1 });
        assert_eq!(end_position("<a>\n"), Position::Line { line: 2, column: 1 });
    }

    #[test]
    fn utf8_bom_is_removed() {
        let text = decode_xml("x.xml", b"\xEF\xBB\xBF<a/>").unwrap();
        assert_eq!(text, "<a/>");
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let err = decode_utf8("x.yaml", b"a: 1\nb: \xff\n").unwrap_err();
        assert_eq!(err.to_string(), "x.yaml:2:4: invalid UTF-8");
    }
}
