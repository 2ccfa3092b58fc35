//! The writing half of [`xml`](super): [`XmlWriter`] puts XML text into one `String`,
//! declaring a prefix for each namespace where first needed, and [`escape_into`] escapes
//! text and attribute values.

use super::{MixedText, SOAP12_ENC, TextPiece, XSD, XSI, XmlElement, XmlText};

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

    /// Write markup as it is (raw, already well-formed XML such as [`RawXml`](super::RawXml)).
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

/// Append `s` to `out` escaped for element text, or for a double-quoted attribute value when
/// `attr`.
pub(super) fn escape_into(out: &mut String, s: &str, attr: bool) {
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
