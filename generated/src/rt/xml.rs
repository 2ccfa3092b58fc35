//! Namespace-correct XML writing and reading for the generated types.
//!
//! Writing goes into one `String` through [`XmlWriter`], which declares a prefix for each
//! namespace the first time an element or attribute needs it and never uses a default
//! namespace, so unqualified children of a qualified element stay unqualified.
//!
//! Reading walks a `roxmltree` document parsed once from the response bytes; generated
//! readers match child elements by local name, ignore elements they do not know (a tolerant
//! reader: publishers add fields) and report a missing or malformed value with its path and
//! line:column.

use std::borrow::Cow;
use std::fmt;

pub use roxmltree::{Document, Node};

/// How deep the typed readers go into a document before refusing it.
pub const MAX_DEPTH: usize = 256;

/// The XOP namespace (`xop:Include` in MTOM messages).
pub const XOP: &str = "http://www.w3.org/2004/08/xop/include";

/// The XML Schema instance namespace (`xsi:nil`, `xsi:type`).
pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The XML Schema namespace (built-in type names in `xsi:type`).
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema";

/// The SOAP 1.1 encoding namespace (`SOAP-ENC`, SOAP 1.1 section 5).
pub const SOAP11_ENC: &str = "http://schemas.xmlsoap.org/soap/encoding/";

/// The SOAP 1.2 encoding namespace (SOAP 1.2 part 2 §3).
pub const SOAP12_ENC: &str = "http://www.w3.org/2003/05/soap-encoding";

mod simple;
mod writer;

pub use writer::XmlWriter;
use writer::escape_into;

/// A value that travels as element or attribute text.
pub trait XmlText: Sized {
    /// The text form.
    fn to_xml_text(&self) -> Cow<'_, str>;
    /// Parse the text form; the error says what was wrong with the text.
    fn from_xml_text(text: &str) -> Result<Self, String>;
    /// Parse only the type's own lexical forms, without the lenient readings
    /// [`from_xml_text`](Self::from_xml_text) allows (a date does not take a date-time).
    /// Simple unions use it to pick the member a text belongs to.
    fn from_xml_text_strict(text: &str) -> Result<Self, String> {
        Self::from_xml_text(text)
    }
}

/// A value that travels as an element's attributes and content.
pub trait XmlElement: Sized {
    /// Write the attributes (called right after the start tag).
    fn write_attrs(&self, _w: &mut XmlWriter) {}
    /// Write the content (child elements or text).
    fn write_content(&self, w: &mut XmlWriter);
    /// Read from the element that carries it.
    fn read_xml(node: Node<'_, '_>, ctx: &ReadCtx<'_>) -> Result<Self, DecodeError>;
}

/// Context of one decoding run: the source text (for line:column) and MTOM attachments.
#[derive(Debug, Clone, Copy)]
pub struct ReadCtx<'a> {
    doc: &'a roxmltree::Document<'a>,
    attachments: &'a [Attachment],
}

/// A binary part of an MTOM/XOP response, referenced from the XML by `cid:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The part's Content-ID, without angle brackets.
    pub content_id: String,
    /// The part's Content-Type.
    pub content_type: String,
    /// The bytes.
    pub data: Vec<u8>,
}

impl<'a> ReadCtx<'a> {
    /// A context over a parsed document and its attachments.
    pub fn new(doc: &'a roxmltree::Document<'a>, attachments: &'a [Attachment]) -> Self {
        ReadCtx { doc, attachments }
    }

    /// The attachment with this Content-ID; `cid` may be an `href` (`cid:…`, percent-encoded
    /// as RFC 2392 asks) or the bare id.
    pub fn attachment(&self, cid: &str) -> Option<&'a Attachment> {
        let cid = cid.trim();
        let cid = cid.strip_prefix("cid:").unwrap_or(cid);
        self.attachments.iter().find(|a| a.content_id == cid).or_else(|| {
            let decoded = percent_decode(cid);
            self.attachments.iter().find(|a| a.content_id == decoded)
        })
    }

    /// A decoding error at `node`.
    pub fn error(&self, node: Node<'_, '_>, message: impl Into<String>) -> DecodeError {
        let pos = self.doc.text_pos_at(node.range().start);
        DecodeError {
            path: path_of(node),
            line: pos.row,
            column: pos.col,
            // A message quotes the value it refused: keep an attacker's megabyte out of logs.
            message: cut(&message.into()),
        }
    }

    /// The element a SOAP-encoded reference stands for: an empty element with
    /// `href="#id"` (SOAP 1.1 multi-ref) or `enc:ref="id"` (SOAP 1.2) stands for the element
    /// of the document whose `id` (`enc:id`) is `id`, followed through further references;
    /// `None` for an element that is no reference. A reference to nothing, or a chain longer
    /// than [`MAX_DEPTH`], is an error. The typed readers follow references by themselves.
    pub fn referenced(&self, node: Node<'_, '_>) -> Result<Option<Node<'a, 'a>>, DecodeError> {
        fn reference<'n>(node: Node<'n, '_>) -> Option<(&'n str, bool)> {
            if let Some(id) = node.attribute((SOAP12_ENC, "ref")) {
                return Some((id, true));
            }
            let id = node.attribute("href")?.strip_prefix('#')?;
            let empty = node
                .children()
                .all(|c| c.is_text() && c.text().is_none_or(|t| t.trim().is_empty()));
            empty.then_some((id, false))
        }
        let Some((first, v12)) = reference(node) else {
            return Ok(None);
        };
        let (mut id, mut v12) = (first.to_owned(), v12);
        for _ in 0..MAX_DEPTH {
            let target = self.doc.descendants().find(|n| {
                n.is_element()
                    && if v12 {
                        n.attribute((SOAP12_ENC, "id")) == Some(id.as_str())
                    } else {
                        n.attribute("id") == Some(id.as_str())
                    }
            });
            let Some(target) = target else {
                return Err(self.error(node, format!("the reference `{id}` names no element")));
            };
            match reference(target) {
                None => return Ok(Some(target)),
                Some((next, next_v12)) => (id, v12) = (next.to_owned(), next_v12),
            }
        }
        Err(self.error(node, format!("references nested deeper than {MAX_DEPTH} levels")))
    }

    /// Read the text of a simple element (or the attachment an `xop:Include` names).
    pub fn text<T: XmlText>(&self, node: Node<'_, '_>) -> Result<T, DecodeError> {
        if let Some(target) = self.referenced(node)? {
            return self.text(target);
        }
        let include = node
            .children()
            .find(|c| c.is_element() && c.tag_name().name() == "Include" && c.tag_name().namespace() == Some(XOP));
        if let Some(include) = include {
            let href = include.attribute("href").unwrap_or("");
            let Some(part) = self.attachment(href) else {
                return Err(self.error(include, format!("the attachment `{href}` is not in the response")));
            };
            let text = crate::rt::values::Base64(part.data.clone()).encode();
            return T::from_xml_text(&text).map_err(|e| self.error(node, e));
        }
        T::from_xml_text(node.text().unwrap_or("")).map_err(|e| self.error(node, e))
    }

    /// The first child element of `parent` named `local`; when `ns` is given, an element of
    /// that name in another namespace is an error rather than the answer.
    pub fn child<'n, 'i>(
        &self,
        parent: Node<'n, 'i>,
        ns: Option<&str>,
        local: &str,
    ) -> Result<Node<'n, 'i>, DecodeError> {
        let node = children(parent)
            .find(|n| n.tag_name().name() == local)
            .ok_or_else(|| self.missing(parent, local))?;
        match ns {
            Some(ns) if node.tag_name().namespace() != Some(ns) => Err(self.error(
                node,
                format!(
                    "`{local}` is in namespace `{}`, not `{ns}`",
                    node.tag_name().namespace().unwrap_or("")
                ),
            )),
            _ => Ok(node),
        }
    }

    /// Read a simple value from an attribute's text.
    pub fn attr_text<T: XmlText>(&self, node: Node<'_, '_>, value: &str, name: &str) -> Result<T, DecodeError> {
        T::from_xml_text(value).map_err(|e| self.error(node, format!("attribute `{name}`: {e}")))
    }

    /// Read a simple element that may be `xsi:nil`: `None` when it is.
    pub fn opt_text<T: XmlText>(&self, node: Node<'_, '_>) -> Result<Option<T>, DecodeError> {
        if let Some(target) = self.referenced(node)? {
            return self.opt_text(target);
        }
        if is_nil(node) {
            Ok(None)
        } else {
            self.text(node).map(Some)
        }
    }

    /// Read a complex element that may be `xsi:nil`: `None` when it is.
    pub fn opt_element<T: XmlElement>(&self, node: Node<'_, '_>) -> Result<Option<T>, DecodeError> {
        if let Some(target) = self.referenced(node)? {
            return self.opt_element(target);
        }
        if is_nil(node) {
            Ok(None)
        } else {
            self.element(node).map(Some)
        }
    }

    /// Read a complex element. A document nested deeper than [`MAX_DEPTH`] elements is
    /// refused (a hostile payload must not exhaust the stack of a recursive type's reader).
    pub fn element<T: XmlElement>(&self, node: Node<'_, '_>) -> Result<T, DecodeError> {
        if let Some(target) = self.referenced(node)? {
            return self.element(target);
        }
        if node.ancestors().take(MAX_DEPTH + 1).count() > MAX_DEPTH {
            return Err(self.error(node, format!("elements nested deeper than {MAX_DEPTH} levels")));
        }
        T::read_xml(node, self)
    }

    /// The value of a required child, or the error that it never came.
    pub fn required<T>(&self, value: Option<T>, parent: Node<'_, '_>, name: &str) -> Result<T, DecodeError> {
        match value {
            Some(v) => Ok(v),
            None => Err(self.missing(parent, name)),
        }
    }

    /// A required child that never came.
    pub fn missing(&self, parent: Node<'_, '_>, name: &str) -> DecodeError {
        self.error(parent, format!("required `{name}` is missing"))
    }

    /// The type an element's `xsi:type` names, as (namespace, local name); the prefix is
    /// resolved in the element's scope (an unknown prefix gives no namespace).
    pub fn xsi_type<'n>(&self, node: Node<'n, '_>) -> Option<(Option<&'n str>, &'n str)> {
        let value = node.attribute((XSI, "type"))?.trim();
        Some(match value.split_once(':') {
            Some((prefix, local)) => (node.lookup_namespace_uri(Some(prefix)), local),
            None => (node.lookup_namespace_uri(None), value),
        })
    }
}

/// `%XX` escapes decoded (lossily as UTF-8); anything malformed is kept as it is.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
            Some(v) if b == b'%' => {
                out.push(v);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `xsi:nil="true"` on this element.
pub fn is_nil(node: Node<'_, '_>) -> bool {
    matches!(node.attribute((XSI, "nil")), Some("true" | "1"))
}

/// Read `node` as a `T` and write it back as `<local>` in `ns`: the document-level round
/// trip that conformance runs over example documents.
pub fn roundtrip_element<T: XmlElement>(
    node: Node<'_, '_>,
    ctx: &ReadCtx<'_>,
    ns: Option<&str>,
    local: &str,
) -> Result<String, DecodeError> {
    let value = T::read_xml(node, ctx)?;
    let mut w = XmlWriter::new();
    w.element(ns, local, &value);
    Ok(w.finish())
}

/// [`roundtrip_element`] for an element of simple content.
pub fn roundtrip_text<T: XmlText>(
    node: Node<'_, '_>,
    ctx: &ReadCtx<'_>,
    ns: Option<&str>,
    local: &str,
) -> Result<String, DecodeError> {
    let value: T = ctx.text(node)?;
    let mut w = XmlWriter::new();
    w.text_element(ns, local, &value);
    Ok(w.finish())
}

/// Push a value read from a repeated element, unless it was `xsi:nil`.
pub fn push_opt<T>(list: &mut Vec<T>, value: Option<T>) {
    if let Some(v) = value {
        list.push(v);
    }
}

/// The element children of `node`, collected (room for a typical record reserved up front).
pub fn child_list<'a, 'input>(node: Node<'a, 'input>) -> Vec<Node<'a, 'input>> {
    let mut out = Vec::with_capacity(32);
    out.extend(children(node));
    out
}

/// The element children of `node`.
pub fn children<'a, 'input>(node: Node<'a, 'input>) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children().filter(Node::is_element)
}

/// Split `children` into the runs that make up the items of a repeated sequence: only
/// elements named in `names` belong to it, and each `first` starts a new item.
pub fn groups<'s, 'a, 'input>(
    children: &'s [Node<'a, 'input>],
    names: &[&str],
    first: &str,
) -> Vec<&'s [Node<'a, 'input>]> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in children.iter().enumerate() {
        let name = c.tag_name().name();
        if !names.contains(&name) {
            continue;
        }
        match start {
            Some(s) if name == first => {
                out.push(&children[s..i]);
                start = Some(i);
            }
            None => start = Some(i),
            Some(_) => {}
        }
    }
    if let Some(s) = start {
        out.push(&children[s..]);
    }
    out
}

/// Split `children` into one run per alternative of a repeated choice: each element named
/// in `names` starts a run.
pub fn choice_groups<'s, 'a, 'input>(children: &'s [Node<'a, 'input>], names: &[&str]) -> Vec<&'s [Node<'a, 'input>]> {
    let starts: Vec<usize> = children
        .iter()
        .enumerate()
        .filter(|(_, c)| names.contains(&c.tag_name().name()))
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::with_capacity(starts.len());
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(children.len());
        out.push(&children[s..end]);
    }
    out
}

fn path_of(node: Node<'_, '_>) -> String {
    let mut parts: Vec<&str> = node
        .ancestors()
        .filter(Node::is_element)
        .map(|n| n.tag_name().name())
        .collect();
    parts.reverse();
    let mut s = String::new();
    for p in parts {
        s.push('/');
        s.push_str(p);
    }
    s
}

/// A response that could not be decoded, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Element path (`/Envelope/Body/…`), or a JSON path.
    pub path: String,
    /// 1-based line (0 when unknown).
    pub line: u32,
    /// 1-based column (0 when unknown).
    pub column: u32,
    /// What was wrong.
    pub message: String,
}

impl DecodeError {
    /// An error with no position (e.g. the document is not XML at all).
    pub fn new(message: impl Into<String>) -> Self {
        DecodeError {
            path: String::new(),
            line: 0,
            column: 0,
            message: message.into(),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.path.is_empty(), self.line) {
            (true, 0) => write!(f, "{}", self.message),
            (_, 0) => write!(f, "{}: {}", self.path, self.message),
            (true, _) => write!(f, "line {}, column {}: {}", self.line, self.column, self.message),
            _ => write!(
                f,
                "{} (line {}, column {}): {}",
                self.path, self.line, self.column, self.message
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// The most characters of a received value quoted in an error message.
pub const QUOTE_LIMIT: usize = 200;

/// `text` cut to [`QUOTE_LIMIT`] characters (with `…` when cut), for quoting a received
/// value in a message: an attacker's megabyte stays out of logs.
pub fn cut(text: &str) -> String {
    match text.char_indices().nth(QUOTE_LIMIT) {
        Some((at, _)) => format!("{}… ({} bytes in all)", &text[..at], text.len()),
        None => text.to_owned(),
    }
}

/// The character data of a mixed-content element (`mixed="true"`), piece by piece, each
/// piece with its place among the element's children.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MixedText {
    /// The pieces in document order.
    pub pieces: Vec<TextPiece>,
}

/// One run of text in mixed content.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextPiece {
    /// How many child elements come before it.
    pub before: usize,
    /// The text, unescaped.
    pub text: String,
}

impl MixedText {
    /// The text of `node`'s mixed content, as written (whitespace included).
    pub fn read(node: Node<'_, '_>) -> Self {
        let mut pieces: Vec<TextPiece> = Vec::new();
        let mut before = 0;
        for c in node.children() {
            if c.is_element() {
                before += 1;
            } else if let Some(t) = c.text().filter(|_| c.is_text()) {
                match pieces.last_mut() {
                    Some(last) if last.before == before => last.text.push_str(t),
                    _ => pieces.push(TextPiece {
                        before,
                        text: t.to_owned(),
                    }),
                }
            }
        }
        MixedText { pieces }
    }

    /// All the text, joined.
    pub fn joined(&self) -> String {
        self.pieces.iter().map(|p| p.text.as_str()).collect()
    }
}

/// Content the generator keeps as it came: an `xs:any` element, an `xs:anyType` value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawXml {
    /// The element's markup, namespace declarations in scope included.
    pub xml: String,
}

impl RawXml {
    /// Capture an element as it stands in the source.
    pub fn capture(node: Node<'_, '_>) -> Self {
        let src = node.document().input_text();
        let mut xml = src[node.range()].to_owned();
        // Carry the namespaces in scope that the captured element does not declare itself.
        let mut extra = String::new();
        for ns in node.namespaces() {
            let decl = match ns.name() {
                Some(p) => format!(" xmlns:{p}=\""),
                None => " xmlns=\"".to_owned(),
            };
            if !xml[..xml.find('>').unwrap_or(xml.len())].contains(decl.trim_start()) {
                extra.push_str(&decl);
                escape_into(&mut extra, ns.uri(), true);
                extra.push('"');
            }
        }
        if !extra.is_empty() {
            let at = xml
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(xml.len());
            xml.insert_str(at, &extra);
        }
        RawXml { xml }
    }
}

/// Anything else about an element that the generator keeps raw: every child element and
/// attribute that an `xs:any` / `xs:anyAttribute` admits.
impl XmlElement for RawXml {
    fn write_content(&self, w: &mut XmlWriter) {
        w.raw(&self.xml);
    }
    fn read_xml(node: Node<'_, '_>, _ctx: &ReadCtx<'_>) -> Result<Self, DecodeError> {
        Ok(RawXml::capture(node))
    }
}

#[cfg(test)]
mod tests;
