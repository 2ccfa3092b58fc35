//! MIME `multipart/related` (MTOM/XOP): the root part is the envelope, the other parts are
//! [`Attachment`]s.

use std::borrow::Cow;

use base64::Engine as _;

use crate::rt::xml::Attachment;

/// The `type/subtype` of a content type, trimmed.
pub(super) fn media_type(content_type: &str) -> &str {
    content_type.split(';').next().unwrap_or("").trim()
}

/// The value of a content-type parameter (name case-insensitive; quotes and `\` escapes
/// removed).
pub(super) fn content_type_param(content_type: &str, name: &str) -> Option<String> {
    let mut rest = content_type.split_once(';')?.1;
    loop {
        rest = rest.trim_start_matches([' ', '\t', ';']);
        if rest.is_empty() {
            return None;
        }
        let (key, after) = rest.split_once('=')?;
        let after = after.trim_start();
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next().map(|(_, c)| c)),
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    c => value.push(c),
                }
            }
            (value, &quoted[end..])
        } else {
            let end = after.find(';').unwrap_or(after.len());
            (after[..end].trim().to_owned(), &after[end..])
        };
        if key.trim().eq_ignore_ascii_case(name) {
            return Some(value);
        }
        rest = next;
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let (first, _) = needle.split_first()?;
    let hay = haystack.get(from..)?;
    let mut i = 0;
    while let Some(p) = hay.get(i..)?.iter().position(|b| b == first) {
        let at = i + p;
        if hay.get(at..at + needle.len())? == needle {
            return Some(from + at);
        }
        i = at + 1;
    }
    None
}

fn strip_angles(id: &str) -> &str {
    let id = id.trim();
    id.strip_prefix('<').and_then(|s| s.strip_suffix('>')).unwrap_or(id)
}

/// Split a `multipart/related` body into the root part (the XML) and the other parts.
pub(super) fn split_multipart<'b>(
    content_type: &str,
    body: &'b [u8],
) -> Result<(Cow<'b, [u8]>, Vec<Attachment>), String> {
    let boundary = content_type_param(content_type, "boundary")
        .filter(|b| !b.is_empty())
        .ok_or("multipart response without a boundary parameter")?;
    let start = content_type_param(content_type, "start");
    let delimiter = format!("--{boundary}");
    let next_delimiter = format!("\n--{boundary}");

    let mut parts = Vec::new();
    let mut pos = find(body, delimiter.as_bytes(), 0).ok_or("multipart body without its first boundary")?;
    loop {
        let after = pos + delimiter.len();
        if body.get(after..after + 2) == Some(b"--") {
            break;
        }
        let content_start = find(body, b"\n", after).ok_or("multipart body ends inside a boundary line")? + 1;
        let next = find(body, next_delimiter.as_bytes(), content_start - 1)
            .ok_or("multipart body without a closing boundary")?;
        let mut end = next;
        if end > content_start && body.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        parts.push(body.get(content_start..end.max(content_start)).unwrap_or_default());
        pos = next + 1;
    }

    let mut root: Option<Cow<'b, [u8]>> = None;
    let mut attachments = Vec::new();
    for (index, part) in parts.into_iter().enumerate() {
        let (head, data) = split_part(part);
        let mut content_id = String::new();
        let mut part_type = String::from("application/octet-stream");
        let mut base64 = false;
        for line in String::from_utf8_lossy(head).lines() {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-id" => content_id = strip_angles(value).to_owned(),
                "content-type" => part_type = value.to_owned(),
                "content-transfer-encoding" => base64 = value.eq_ignore_ascii_case("base64"),
                _ => {}
            }
        }
        let data: Cow<'b, [u8]> = if base64 {
            let compact: Vec<u8> = data.iter().copied().filter(|b| !b.is_ascii_whitespace()).collect();
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(compact)
                .map_err(|e| format!("multipart part {} has invalid base64: {e}", index + 1))?;
            Cow::Owned(decoded)
        } else {
            Cow::Borrowed(data)
        };
        let is_root = match &start {
            Some(start) => strip_angles(start) == content_id,
            None => index == 0,
        };
        if is_root && root.is_none() {
            root = Some(data);
        } else {
            attachments.push(Attachment {
                content_id,
                content_type: part_type,
                data: data.into_owned(),
            });
        }
    }
    let root = root.ok_or_else(|| match start {
        Some(start) => format!(
            "multipart body has no root part with Content-ID <{}>",
            strip_angles(&start)
        ),
        None => "multipart body has no parts".to_owned(),
    })?;
    Ok((root, attachments))
}

/// A part's header block and content.
fn split_part(part: &[u8]) -> (&[u8], &[u8]) {
    if part.starts_with(b"\r\n") {
        return (&[], &part[2..]);
    }
    if part.starts_with(b"\n") {
        return (&[], &part[1..]);
    }
    for sep in [&b"\r\n\r\n"[..], b"\n\n"] {
        if let Some(at) = find(part, sep, 0) {
            return (&part[..at], &part[at + sep.len()..]);
        }
    }
    (part, &[])
}
