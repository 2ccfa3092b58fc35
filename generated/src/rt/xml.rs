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

/// Writes XML text with namespace prefixes declared where first needed.
#[derive(Debug, Default)]
pub struct XmlWriter {
    out: String,
    /// (prefix, uri, depth at which it was declared)
    scopes: Vec<(String, String, usize)>,
    /// Names of the open elements (qualified as written).
    open: Vec<String>,
    /// The current start tag is still open (attributes may follow).
    in_start_tag: bool,
    next_prefix: usize,
    /// Declarations requested for the next start tag.
    pending: Vec<(String, String)>,
    /// Mixed content being written: its text waits for the child elements it precedes.
    mixed: Vec<MixedFrame>,
    /// SOAP encoding in force (rpc/encoded bodies): its namespace.
    encoding: Option<&'static str>,
}

/// The text of one mixed-content element while its children are written.
#[derive(Debug, Default)]
struct MixedFrame {
    pieces: Vec<TextPiece>,
    /// Pieces written so far.
    next: usize,
    /// Depth of the element whose content this is.
    depth: usize,
    /// Child elements written so far.
    children: usize,
}

impl XmlWriter {
    /// An empty writer.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty writer that starts with `xml` pre-sized.
    pub fn with_capacity(capacity: usize) -> Self {
        XmlWriter {
            out: String::with_capacity(capacity),
            ..Self::default()
        }
    }

    /// Declare `prefix` for `uri` on the element about to be started (used by envelopes to
    /// get conventional prefixes such as `soapenv`).
    pub fn declare_on_next(&mut self, prefix: &str, uri: &str) {
        self.pending.push((prefix.to_owned(), uri.to_owned()));
    }

    fn close_start_tag(&mut self) {
        if self.in_start_tag {
            self.out.push('>');
            self.in_start_tag = false;
        }
    }

    fn prefix_for(&mut self, uri: &str) -> (String, bool) {
        if let Some((p, _, _)) = self.scopes.iter().rev().find(|(_, u, _)| u == uri) {
            return (p.clone(), false);
        }
        self.next_prefix += 1;
        let p = format!("ns{}", self.next_prefix);
        (p, true)
    }

    /// Start writing mixed content: `text`'s pieces go in before the child elements they
    /// precede as those are written, the rest at [`end_mixed`](Self::end_mixed).
    pub fn begin_mixed(&mut self, text: &MixedText) {
        self.mixed.push(MixedFrame {
            pieces: text.pieces.clone(),
            depth: self.open.len(),
            ..MixedFrame::default()
        });
    }

    /// Finish mixed content started with [`begin_mixed`](Self::begin_mixed).
    pub fn end_mixed(&mut self) {
        self.mixed_child(false);
        self.mixed.pop();
    }

    /// A child element is about to be written (`element`), or the content ends: write the
    /// mixed text that comes before it.
    fn mixed_child(&mut self, element: bool) {
        let depth = self.open.len();
        let Some(frame) = self.mixed.last_mut().filter(|f| f.depth == depth) else {
            return;
        };
        let mut text = String::new();
        while let Some(p) = frame.pieces.get(frame.next) {
            if element && p.before > frame.children {
                break;
            }
            text.push_str(&p.text);
            frame.next += 1;
        }
        if element {
            frame.children += 1;
        }
        if !text.is_empty() {
            self.text(&text);
        }
    }

    /// Open an element; `ns` is `None` for an unqualified name.
    pub fn start(&mut self, ns: Option<&str>, local: &str) {
        self.mixed_child(true);
        self.close_start_tag();
        let depth = self.open.len() + 1;
        let pending = std::mem::take(&mut self.pending);
        for (p, u) in &pending {
            self.scopes.push((p.clone(), u.clone(), depth));
        }
        let mut declare: Option<(String, String)> = None;
        let qname = match ns {
            Some(uri) if !uri.is_empty() => {
                let (p, fresh) = self.prefix_for(uri);
                if fresh {
                    self.scopes.push((p.clone(), uri.to_owned(), depth));
                    declare = Some((p.clone(), uri.to_owned()));
                }
                format!("{p}:{local}")
            }
            _ => local.to_owned(),
        };
        self.out.push('<');
        self.out.push_str(&qname);
        for (p, u) in pending.iter().chain(declare.iter()) {
            self.out.push_str(" xmlns:");
            self.out.push_str(p);
            self.out.push_str("=\"");
            escape_into(&mut self.out, u, true);
            self.out.push('"');
        }
        self.open.push(qname);
        self.in_start_tag = true;
    }

    /// Add an attribute to the element just started.
    pub fn attr(&mut self, ns: Option<&str>, local: &str, value: &str) {
        debug_assert!(self.in_start_tag, "attribute written after content");
        if !self.in_start_tag {
            return;
        }
        let prefix = ns.filter(|u| !u.is_empty()).map(|uri| self.prefix_in_start_tag(uri));
        self.out.push(' ');
        if let Some(p) = prefix {
            self.out.push_str(&p);
            self.out.push(':');
        }
        self.out.push_str(local);
        self.out.push_str("=\"");
        escape_into(&mut self.out, value, true);
        self.out.push('"');
    }

    /// Write escaped text content.
    pub fn text(&mut self, text: &str) {
        self.close_start_tag();
        escape_into(&mut self.out, text, false);
    }

    /// Write markup as it is (raw, already well-formed XML such as [`RawXml`]).
    pub fn raw(&mut self, xml: &str) {
        self.mixed_child(true);
        self.close_start_tag();
        self.out.push_str(xml);
    }

    /// Close the innermost open element.
    pub fn end(&mut self) {
        let depth = self.open.len();
        let Some(qname) = self.open.pop() else { return };
        if self.in_start_tag {
            self.out.push_str("/>");
            self.in_start_tag = false;
        } else {
            self.out.push_str("</");
            self.out.push_str(&qname);
            self.out.push('>');
        }
        while self.scopes.last().is_some_and(|(_, _, d)| *d >= depth) {
            self.scopes.pop();
        }
    }

    /// Write `<name>` with a complex value's attributes and content.
    pub fn element<T: XmlElement>(&mut self, ns: Option<&str>, local: &str, value: &T) {
        self.start(ns, local);
        value.write_attrs(self);
        value.write_content(self);
        self.end();
    }

    /// Write `<name>text</name>` for a simple value.
    pub fn text_element<T: XmlText>(&mut self, ns: Option<&str>, local: &str, value: &T) {
        self.start(ns, local);
        let text = value.to_xml_text();
        if !text.is_empty() {
            self.text(&text);
        }
        self.end();
    }

    /// Add `xsi:type="p:local"` to the element just started, declaring the prefix when needed.
    pub fn xsi_type(&mut self, ns: Option<&str>, local: &str) {
        if !self.in_start_tag {
            return;
        }
        let value = match ns.filter(|u| !u.is_empty()) {
            Some(uri) => format!("{}:{local}", self.prefix_in_start_tag(uri)),
            None => local.to_owned(),
        };
        self.attr(Some(XSI), "type", &value);
    }

    /// The prefix of `uri` for the open start tag, declared on it when none is in scope.
    fn prefix_in_start_tag(&mut self, uri: &str) -> String {
        let (p, fresh) = self.prefix_for(uri);
        if fresh {
            self.scopes.push((p.clone(), uri.to_owned(), self.open.len()));
            self.out.push_str(" xmlns:");
            self.out.push_str(&p);
            self.out.push_str("=\"");
            escape_into(&mut self.out, uri, true);
            self.out.push('"');
        }
        p
    }

    /// From here on write SOAP encoding (section 5 of SOAP 1.1, or part 2 §3 of SOAP 1.2,
    /// after the `encoding` namespace): [`typed_element`](Self::typed_element) and
    /// [`typed_text_element`](Self::typed_text_element) add `xsi:type`, and SOAP-encoded
    /// arrays say their item type and length ([`soap_array`](Self::soap_array)). Literal
    /// writing (the default) leaves all three out. The next element started declares the
    /// conventional prefixes `xsi`, `xsd` and `SOAP-ENC` for what follows.
    pub fn set_soap_encoding(&mut self, encoding: &'static str) {
        self.encoding = Some(encoding);
        self.declare_on_next("xsi", XSI);
        self.declare_on_next("xsd", XSD);
        self.declare_on_next("SOAP-ENC", encoding);
    }

    /// The SOAP encoding namespace in force, if any.
    pub fn soap_encoding(&self) -> Option<&'static str> {
        self.encoding
    }

    /// Add `xsi:type` naming `ty` to the element just started when SOAP encoding is in force;
    /// `None` names the encoding's `Array`.
    fn encoded_type(&mut self, ty: Option<(Option<&str>, &str)>) {
        let Some(enc) = self.encoding else { return };
        match ty {
            Some((ns, local)) => self.xsi_type(ns, local),
            None => self.xsi_type(Some(enc), "Array"),
        }
    }

    /// [`element`](Self::element), with `xsi:type` naming `ty` under SOAP encoding (`None`:
    /// the value is itself a SOAP-encoded array, whose type the array writes).
    pub fn typed_element<T: XmlElement>(
        &mut self,
        ns: Option<&str>,
        local: &str,
        value: &T,
        ty: Option<(Option<&str>, &str)>,
    ) {
        self.start(ns, local);
        if ty.is_some() {
            self.encoded_type(ty);
        }
        value.write_attrs(self);
        value.write_content(self);
        self.end();
    }

    /// [`text_element`](Self::text_element), with `xsi:type` naming `ty` under SOAP encoding.
    pub fn typed_text_element<T: XmlText>(
        &mut self,
        ns: Option<&str>,
        local: &str,
        value: &T,
        ty: (Option<&str>, &str),
    ) {
        self.start(ns, local);
        self.encoded_type(Some(ty));
        let text = value.to_xml_text();
        if !text.is_empty() {
            self.text(&text);
        }
        self.end();
    }

    /// The attributes of a SOAP-encoded array whose element was just started, under SOAP
    /// encoding only: `xsi:type` of the encoding's `Array`, and for SOAP 1.1
    /// `SOAP-ENC:arrayType="item{inner_dims}[len]"`, for SOAP 1.2 `enc:itemType` and
    /// `enc:arraySize`. `item` is the item type (namespace, local name); an array of arrays
    /// gives its inner dimensions as `inner_dims` (`[]`).
    pub fn soap_array(&mut self, item: (Option<&str>, &str), inner_dims: &str, len: usize) {
        let Some(enc) = self.encoding else { return };
        self.encoded_type(None);
        let (ns, local) = item;
        let item = match ns.filter(|u| !u.is_empty()) {
            Some(uri) => format!("{}:{local}", self.prefix_in_start_tag(uri)),
            None => local.to_owned(),
        };
        if enc == SOAP12_ENC {
            let item = if inner_dims.is_empty() {
                item
            } else {
                format!("{}:Array", self.prefix_in_start_tag(enc))
            };
            self.attr(Some(enc), "itemType", &item);
            self.attr(Some(enc), "arraySize", &len.to_string());
        } else {
            self.attr(Some(enc), "arrayType", &format!("{item}{inner_dims}[{len}]"));
        }
    }

    /// Write `<name xsi:nil="true"/>`.
    pub fn nil_element(&mut self, ns: Option<&str>, local: &str) {
        self.start(ns, local);
        self.attr(Some(XSI), "nil", "true");
        self.end();
    }

    /// The text written so far.
    pub fn as_str(&self) -> &str {
        &self.out
    }

    /// Finish and take the text.
    pub fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.end();
        }
        self.out
    }
}

fn escape_into(out: &mut String, s: &str, attr: bool) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'"' if attr => "&quot;",
            b'\n' if attr => "&#10;",
            b'\r' => "&#13;",
            b'\t' if attr => "&#9;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

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

// ---- simple values ---------------------------------------------------------------------

impl XmlText for String {
    fn to_xml_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }
}

impl XmlText for bool {
    fn to_xml_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        match text.trim() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            other => Err(format!("`{other}` is not a boolean")),
        }
    }
}

macro_rules! xml_text_via_fromstr {
    ($($t:ty => $what:literal),* $(,)?) => {$(
        impl XmlText for $t {
            fn to_xml_text(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
            fn from_xml_text(text: &str) -> Result<Self, String> {
                text.trim().parse().map_err(|_| format!("`{}` is not {}", text.trim(), $what))
            }
        }
    )*};
}

xml_text_via_fromstr! {
    i8 => "an 8-bit integer", i16 => "a 16-bit integer", i32 => "a 32-bit integer", i64 => "a 64-bit integer",
    u8 => "an unsigned 8-bit integer", u16 => "an unsigned 16-bit integer", u32 => "an unsigned 32-bit integer",
    u64 => "an unsigned 64-bit integer", i128 => "an integer of at most 38 digits",
    rust_decimal::Decimal => "a decimal number",
}

impl XmlText for f32 {
    fn to_xml_text(&self) -> Cow<'_, str> {
        Cow::Owned(float_text(f64::from(*self)))
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        parse_float(text).map(|v| v as f32)
    }
}

impl XmlText for f64 {
    fn to_xml_text(&self) -> Cow<'_, str> {
        Cow::Owned(float_text(*self))
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        parse_float(text)
    }
}

fn float_text(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "INF".into() } else { "-INF".into() }
    } else {
        v.to_string()
    }
}

fn parse_float(text: &str) -> Result<f64, String> {
    match text.trim() {
        "INF" => Ok(f64::INFINITY),
        "-INF" => Ok(f64::NEG_INFINITY),
        "NaN" => Ok(f64::NAN),
        t => t.parse().map_err(|_| format!("`{t}` is not a number")),
    }
}

impl XmlText for chrono::NaiveDate {
    fn to_xml_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.format("%Y-%m-%d").to_string())
    }
    /// Lenient: accepts a date with a time zone (`2024-01-31Z`, `2024-01-31+01:00`) or a
    /// date-time, keeping the calendar date as written.
    fn from_xml_text(text: &str) -> Result<Self, String> {
        crate::rt::values::parse_date(text)
    }
    /// A date, optionally with a time zone, and nothing else.
    fn from_xml_text_strict(text: &str) -> Result<Self, String> {
        let t = text.trim();
        let zone = t.get(10..).unwrap_or("");
        let zone_ok = zone.is_empty()
            || zone == "Z"
            || (zone.len() == 6 && zone.starts_with(['+', '-']) && zone.as_bytes()[3] == b':');
        if !zone_ok {
            return Err(format!("`{t}` is not a date (YYYY-MM-DD[Z|±hh:mm])"));
        }
        crate::rt::values::parse_date(t)
    }
}

impl XmlText for crate::rt::values::DateTime {
    fn to_xml_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        text.trim().parse()
    }
}

impl XmlText for chrono::NaiveTime {
    fn to_xml_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.format("%H:%M:%S%.f").to_string())
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        let t = text.trim();
        let t = t.trim_end_matches('Z');
        let t = t.get(..8.max(t.find(['+', '-']).unwrap_or(t.len()))).unwrap_or(t);
        chrono::NaiveTime::parse_from_str(t, "%H:%M:%S%.f").map_err(|_| format!("`{}` is not a time", text.trim()))
    }
}

impl XmlText for crate::rt::values::ResultCode {
    fn to_xml_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.0.to_string())
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        text.parse()
    }
}

impl XmlText for crate::rt::values::Base64 {
    fn to_xml_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.encode())
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        crate::rt::values::Base64::decode(text)
    }
}

impl XmlText for crate::rt::values::HexBinary {
    fn to_xml_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.encode())
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        crate::rt::values::HexBinary::decode(text)
    }
}

impl<T: XmlText> XmlText for Vec<T> {
    /// xs:list: items separated by single spaces.
    fn to_xml_text(&self) -> Cow<'_, str> {
        let mut s = String::new();
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&v.to_xml_text());
        }
        Cow::Owned(s)
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        text.split_ascii_whitespace().map(T::from_xml_text).collect()
    }
}

impl<T: XmlText> XmlText for Box<T> {
    fn to_xml_text(&self) -> Cow<'_, str> {
        (**self).to_xml_text()
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        T::from_xml_text(text).map(Box::new)
    }
}

impl<T: XmlElement> XmlElement for Box<T> {
    fn write_attrs(&self, w: &mut XmlWriter) {
        (**self).write_attrs(w)
    }
    fn write_content(&self, w: &mut XmlWriter) {
        (**self).write_content(w)
    }
    fn read_xml(node: Node<'_, '_>, ctx: &ReadCtx<'_>) -> Result<Self, DecodeError> {
        T::read_xml(node, ctx).map(Box::new)
    }
}

#[cfg(test)]
mod tests;
