//! XML plumbing shared by the XSD and WSDL front-ends: namespaces, positions, qualified
//! names, documentation text.

use crate::Error;
use crate::model::{Position, Source};

/// XML Schema (2001).
pub(crate) const XS: &str = "http://www.w3.org/2001/XMLSchema";
/// XML Schema instance.
pub(crate) const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// The `xml:` namespace.
pub(crate) const XML: &str = "http://www.w3.org/XML/1998/namespace";
/// WSDL 1.1.
pub(crate) const WSDL: &str = "http://schemas.xmlsoap.org/wsdl/";
/// WSDL 1.1 SOAP 1.1 binding.
pub(crate) const WSDL_SOAP11: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
/// WSDL 1.1 SOAP 1.2 binding.
pub(crate) const WSDL_SOAP12: &str = "http://schemas.xmlsoap.org/wsdl/soap12/";
/// WSDL 1.1 HTTP binding.
pub(crate) const WSDL_HTTP: &str = "http://schemas.xmlsoap.org/wsdl/http/";
/// SOAP 1.1 encoding (section 5).
pub(crate) const SOAP_ENC: &str = "http://schemas.xmlsoap.org/soap/encoding/";
/// SOAP 1.2 encoding.
pub(crate) const SOAP12_ENC: &str = "http://www.w3.org/2003/05/soap-encoding";
/// XML media types (`xmime:contentType`).
pub(crate) const XMIME: &str = "http://www.w3.org/2005/05/xmlmime";
/// XOP (`xop:Include`).
pub(crate) const XOP: &str = "http://www.w3.org/2004/08/xop/include";
/// WS-Addressing 1.0.
pub(crate) const WSA: &str = "http://www.w3.org/2005/08/addressing";
/// WS-Addressing (2004/08 member submission).
pub(crate) const WSA_2004: &str = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
/// WS-Addressing 1.0 WSDL binding (`wsaw:UsingAddressing`).
pub(crate) const WSAW: &str = "http://www.w3.org/2006/05/addressing/wsdl";
/// WS-Addressing 1.0 metadata (`wsam:Addressing`).
pub(crate) const WSAM: &str = "http://www.w3.org/2007/05/addressing/metadata";

/// True for the XML Schema namespace (and the pre-recommendation drafts some old tools write).
pub(crate) fn is_xs(ns: Option<&str>) -> bool {
    matches!(
        ns,
        Some(XS | "http://www.w3.org/2000/10/XMLSchema" | "http://www.w3.org/1999/XMLSchema")
    )
}

/// A namespace-qualified name, resolved.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct QName {
    /// Local name. First, so that the derived order compares it first: namespaces are long
    /// and share prefixes, local names tell keys apart sooner.
    pub name: String,
    /// Namespace URI; `None` for no namespace.
    pub ns: Option<String>,
}

impl QName {
    pub(crate) fn new(ns: Option<&str>, name: &str) -> QName {
        QName {
            ns: ns.map(str::to_owned),
            name: name.to_owned(),
        }
    }
}

impl std::fmt::Display for QName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.ns {
            Some(ns) => write!(f, "{{{ns}}}{}", self.name),
            None => write!(f, "{}", self.name),
        }
    }
}

/// 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub(crate) struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub(crate) fn source(self, file: &str) -> Source {
        Source {
            file: file.to_owned(),
            at: Position::Line {
                line: self.line,
                column: self.column,
            },
        }
    }
}

/// Byte offset → line:column (roxmltree's `text_pos_at` rescans the text from the start).
/// Lines are found by binary search; columns (in characters) are counted from the last
/// position asked on the same line, so that files written on one long line (WCF) stay linear.
#[derive(Debug)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
    /// Last answer: (byte offset, 0-based column in characters).
    last: std::cell::Cell<(usize, usize)>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 32);
        starts.push(0);
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            starts,
            last: std::cell::Cell::new((0, 0)),
        }
    }

    pub(crate) fn pos(&self, text: &str, offset: usize) -> Pos {
        let line = self.starts.partition_point(|s| *s <= offset).max(1);
        let start = self.starts[line - 1];
        let (last_offset, last_column) = self.last.get();
        let (from, base) = if last_offset >= start && last_offset <= offset {
            (last_offset, last_column)
        } else {
            (start, 0)
        };
        let column = base + text.get(from..offset).map_or(0, |s| s.chars().count());
        self.last.set((offset, column));
        Pos {
            line: line as u32,
            column: column as u32 + 1,
        }
    }
}

/// One parsed XML file: the document plus what is needed to locate nodes in it.
pub(crate) struct XmlFile<'a, 'i> {
    pub file: &'a str,
    pub doc: &'a roxmltree::Document<'i>,
    pub lines: LineIndex,
}

impl std::fmt::Debug for XmlFile<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XmlFile").field("file", &self.file).finish()
    }
}

impl<'a, 'i> XmlFile<'a, 'i> {
    pub(crate) fn new(file: &'a str, doc: &'a roxmltree::Document<'i>) -> Self {
        XmlFile {
            file,
            doc,
            lines: LineIndex::new(doc.input_text()),
        }
    }

    pub(crate) fn pos(&self, node: roxmltree::Node) -> Pos {
        self.lines.pos(self.doc.input_text(), node.range().start)
    }

    pub(crate) fn source(&self, node: roxmltree::Node) -> Source {
        self.pos(node).source(self.file)
    }

    pub(crate) fn error(&self, node: roxmltree::Node, message: impl Into<String>) -> Error {
        Error::spec(self.source(node), message)
    }

    /// Resolve a `prefix:local` attribute value against the namespaces in scope at `node`.
    /// An unprefixed name takes the default namespace.
    pub(crate) fn qname(&self, node: roxmltree::Node, value: &str) -> Result<QName, Error> {
        let value = value.trim();
        let (prefix, local) = match value.split_once(':') {
            Some((p, l)) => (Some(p), l),
            None => (None, value),
        };
        if local.is_empty() {
            return Err(self.error(node, format!("`{value}` is not a qualified name")));
        }
        let ns = match prefix {
            Some("xml") => Some(XML),
            Some(p) => Some(
                node.lookup_namespace_uri(Some(p))
                    .ok_or_else(|| self.error(node, format!("prefix `{p}` of `{value}` is not declared")))?,
            ),
            None => node.lookup_namespace_uri(None).filter(|ns| !ns.is_empty()),
        };
        Ok(QName::new(ns, local))
    }
}

/// Parse text into a document (DTDs allowed: some old schemas carry one; what their
/// entities expand to is bounded, see [`super::dtd`]).
pub(crate) fn parse_document<'i>(file: &str, text: &'i str) -> Result<roxmltree::Document<'i>, Error> {
    super::dtd::check_entity_expansion(file, text)?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        use roxmltree::Error as E;
        let at = match e {
            // The parser places these at 1:1; they happen where the text ends.
            E::UnexpectedEndOfStream | E::UnclosedRootNode | E::NoRootNode => crate::text::end_position(text),
            _ => Position::Line {
                line: e.pos().row,
                column: e.pos().col,
            },
        };
        Error::spec(
            Source {
                file: file.to_owned(),
                at,
            },
            format!("not well-formed XML: {e}"),
        )
    })
}

/// Element children of `node`.
pub(crate) fn elements<'a, 'i>(node: roxmltree::Node<'a, 'i>) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    node.children().filter(roxmltree::Node::is_element)
}

/// True when `node` is the element `{ns}name`.
pub(crate) fn is(node: roxmltree::Node, ns: &str, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(ns)
}

/// The text of a documentation element (all descendant text), normalised: every line trimmed
/// with inner runs of white space collapsed, blank lines at the ends removed, runs of blank
/// lines kept as one.
pub(crate) fn doc_text(node: roxmltree::Node) -> Option<String> {
    // The common case: a single text child.
    if let Some(only) = node.first_child()
        && only.is_text()
        && only.next_sibling().is_none()
    {
        return normalise_doc(only.text().unwrap_or(""));
    }
    let mut raw = String::new();
    for d in node.descendants() {
        if d.is_text()
            && let Some(t) = d.text()
        {
            raw.push_str(t);
        }
    }
    normalise_doc(&raw)
}

/// Normalise documentation text (see [`doc_text`]).
pub(crate) fn normalise_doc(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    // A blank line was seen since the last text (only counted once there is text).
    let mut blank = false;
    for line in raw.lines() {
        let mut words = line.split_whitespace();
        let Some(first) = words.next() else {
            blank = !out.is_empty();
            continue;
        };
        if !out.is_empty() {
            out.push('\n');
            if blank {
                out.push('\n');
            }
        }
        blank = false;
        out.push_str(first);
        for w in words {
            out.push(' ');
            out.push_str(w);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Join several documentation texts with a blank line.
pub(crate) fn join_docs(parts: Vec<String>) -> Option<String> {
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_matches_roxmltree() {
        let text = "<a>\n  <b/>\r\n\t<ç/><d/><é/><f/>\n</a>";
        let doc = roxmltree::Document::parse(text).unwrap();
        let idx = LineIndex::new(text);
        let nodes: Vec<_> = doc.descendants().filter(|n| n.is_element()).collect();
        // In document order, backwards, and forwards again (the column cache must not leak).
        for n in nodes.iter().chain(nodes.iter().rev()).chain(nodes.iter()) {
            let p = doc.text_pos_at(n.range().start);
            assert_eq!(
                idx.pos(text, n.range().start),
                Pos {
                    line: p.row,
                    column: p.col
                }
            );
        }
    }

    #[test]
    fn docs_are_normalised() {
        assert_eq!(
            normalise_doc("\n   Hello   world \n\n\n   second\tline\n  "),
            Some("Hello world\n\nsecond line".into())
        );
        assert_eq!(normalise_doc("  \n "), None);
    }
}
