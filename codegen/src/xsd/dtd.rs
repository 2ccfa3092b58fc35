//! A bound on what a document's internal DTD subset can make of it: general entities are
//! expanded by the XML parser, and a small file whose entity of 1 MiB is referenced ten
//! thousand times would become 10 GB in memory. Before parsing, the declared entities are
//! read, the size each expands to is computed (entities referencing entities included) and
//! the references of the document are added up; past [`MAX_EXPANSION`] the file is refused
//! with the position of the reference that crosses the bound.

use std::collections::BTreeMap;

use crate::Error;
use crate::model::{Position, Source};

/// Bytes that entity references may add to a document, in total.
pub(crate) const MAX_EXPANSION: u64 = 16 << 20;

/// Refuse a document whose entity references would expand past [`MAX_EXPANSION`] bytes.
pub(crate) fn check_entity_expansion(file: &str, text: &str) -> Result<(), Error> {
    let Some(doctype) = text.find("<!DOCTYPE") else {
        return Ok(());
    };
    let (entities, body_start) = declarations(text, doctype);
    if entities.is_empty() {
        return Ok(());
    }
    let mut sizes = BTreeMap::new();
    let mut total: u64 = 0;
    // References inside the subset's own declarations are counted through `sizes`; the
    // document after the subset is where expansion happens.
    for (at, name) in references(&text[body_start..]) {
        let Some(size) = expanded_size(name, &entities, &mut sizes, 0) else {
            continue;
        };
        total = total.saturating_add(size);
        if total > MAX_EXPANSION {
            let at = body_start + at;
            return Err(Error::spec(
                Source {
                    file: file.into(),
                    at: position(text, at),
                },
                format!(
                    "entity references expand the document past {} MiB (one `&{name};` is {size} bytes); \
                     refused rather than expanded",
                    MAX_EXPANSION >> 20
                ),
            ));
        }
    }
    Ok(())
}

/// The general entities declared in the internal subset that follows `<!DOCTYPE` at
/// `doctype` (name → replacement text; external entities have none), and the offset where
/// the document continues after the subset.
fn declarations(text: &str, doctype: usize) -> (BTreeMap<&str, &str>, usize) {
    let mut entities = BTreeMap::new();
    let bytes = text.as_bytes();
    // The subset starts at the first `[` of the declaration, unless `>` closes it before.
    let mut i = doctype + "<!DOCTYPE".len();
    while i < bytes.len() && !matches!(bytes[i], b'[' | b'>') {
        if matches!(bytes[i], b'"' | b'\'') {
            i = skip_quoted(bytes, i);
        } else {
            i += 1;
        }
    }
    if i >= bytes.len() || bytes[i] == b'>' {
        return (entities, i.min(bytes.len()));
    }
    i += 1;
    while i < bytes.len() {
        let rest = &text[i..];
        if rest.starts_with(']') {
            return (entities, i + 1);
        } else if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(bytes.len(), |e| i + e + 3);
        } else if let Some(decl) = rest.strip_prefix("<!ENTITY") {
            let (entity, len) = entity(decl);
            if let Some((name, value)) = entity {
                entities.entry(name).or_insert(value);
            }
            i += "<!ENTITY".len() + len;
        } else if rest.starts_with('<') {
            // Another declaration or a processing instruction: up to its `>`, quotes skipped.
            i += 1;
            while i < bytes.len() && bytes[i] != b'>' {
                i = if matches!(bytes[i], b'"' | b'\'') {
                    skip_quoted(bytes, i)
                } else {
                    i + 1
                };
            }
            i += 1;
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    (entities, bytes.len())
}

/// One entity declaration after `<!ENTITY`: the general entity it declares with its
/// replacement text (parameter entities and external ones give `None`), and how many bytes
/// the declaration takes.
fn entity(decl: &str) -> (Option<(&str, &str)>, usize) {
    let bytes = decl.as_bytes();
    let end = {
        let mut i = 0;
        while i < bytes.len() && bytes[i] != b'>' {
            i = if matches!(bytes[i], b'"' | b'\'') {
                skip_quoted(bytes, i)
            } else {
                i + 1
            };
        }
        (i + 1).min(bytes.len())
    };
    let body = decl[..end].trim_start();
    if body.starts_with('%') {
        return (None, end);
    }
    let name_len = body.find(|c: char| c.is_whitespace()).unwrap_or(body.len());
    let (name, rest) = body.split_at(name_len);
    let rest = rest.trim_start();
    let entity = match rest.chars().next() {
        Some(q @ ('"' | '\'')) => rest[1..].find(q).map(|e| (name, &rest[1..1 + e])),
        _ => None,
    };
    (entity, end)
}

/// The offset just after the quoted string that starts at `i`.
fn skip_quoted(bytes: &[u8], i: usize) -> usize {
    let q = bytes[i];
    bytes[i + 1..]
        .iter()
        .position(|b| *b == q)
        .map_or(bytes.len(), |e| i + 1 + e + 1)
}

/// Every `&name;` of a text: offset and name.
fn references(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.match_indices('&').filter_map(move |(at, _)| {
        let rest = &text[at + 1..];
        let end = rest.find(|c: char| c == ';' || c.is_whitespace() || c == '&' || c == '<')?;
        (rest.as_bytes().get(end) == Some(&b';') && end > 0 && !rest.starts_with('#')).then(|| (at, &rest[..end]))
    })
}

/// Bytes that one reference to `name` adds (`None` for an entity not declared here, such as
/// `&lt;`). A reference loop counts as nothing here: the parser refuses it.
fn expanded_size<'t>(
    name: &'t str,
    entities: &BTreeMap<&'t str, &'t str>,
    sizes: &mut BTreeMap<&'t str, Option<u64>>,
    depth: usize,
) -> Option<u64> {
    let value = *entities.get(name)?;
    match sizes.get(name) {
        Some(Some(size)) => return Some(*size),
        Some(None) => return Some(0), // being computed: a loop
        None => {}
    }
    if depth > 64 {
        return Some(0);
    }
    sizes.insert(name, None);
    let mut size = value.len() as u64;
    for (_, inner) in references(value) {
        if let Some(inner_size) = expanded_size(inner, entities, sizes, depth + 1) {
            // The reference (`&name;`) is replaced by what it expands to.
            size = size.saturating_add(inner_size).saturating_sub(inner.len() as u64 + 2);
        }
    }
    sizes.insert(name, Some(size));
    Some(size)
}

fn position(text: &str, offset: usize) -> Position {
    crate::text::end_position(&text[..offset])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(entity_len: usize, refs: usize) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE r [\n<!ENTITY big \"{}\">\n<!ENTITY two '&big;&big;'>\n]>\n<r>{}</r>",
            "x".repeat(entity_len),
            "&two;".repeat(refs)
        )
    }

    #[test]
    fn amplification_is_refused_where_it_crosses_the_bound() {
        let text = doc(1 << 20, 10_000);
        let err = check_entity_expansion("a.wsdl", &text).unwrap_err().to_string();
        // Each `&two;` adds 2 MiB: the eighth reaches 16 MiB, the ninth crosses it.
        let col = "<r>".len() + 8 * "&two;".len() + 1;
        assert!(
            err.starts_with(&format!("a.wsdl:6:{col}: entity references expand")),
            "{err}"
        );
    }

    #[test]
    fn ordinary_entities_pass() {
        let text = doc(40, 50);
        assert_eq!(check_entity_expansion("a.xsd", &text), Ok(()));
        assert!(
            roxmltree::Document::parse_with_options(
                &text,
                roxmltree::ParsingOptions {
                    allow_dtd: true,
                    ..Default::default()
                }
            )
            .is_ok()
        );
    }

    #[test]
    fn parameter_entities_and_predefined_references_count_nothing() {
        let text = "<!DOCTYPE s [ <!ENTITY % p 'xs:'> <!ENTITY dsig 'urn:x'> <!ATTLIST a b CDATA '>'> ]>\n<s a='&dsig;'>&lt;&#60;</s>";
        let (entities, _) = declarations(text, 0);
        assert_eq!(entities.into_iter().collect::<Vec<_>>(), vec![("dsig", "urn:x")]);
        assert_eq!(check_entity_expansion("a.xsd", text), Ok(()));
    }
}
