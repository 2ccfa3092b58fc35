//! Stage 1 of the WSDL front-end: one `wsdl:definitions` document → owned raw structures.
//! Inline schemas go straight to the [`SchemaSet`]; `wsdl:import`s are returned for the
//! loader to follow.

use crate::Error;
use crate::model::{SoapStyle, SoapUse, SoapVersion};
use crate::xsd::load::SchemaSet;
use crate::xsd::xml::{self, Pos, QName, XmlFile, elements, is, is_xs};

const MIME: &str = "http://schemas.xmlsoap.org/wsdl/mime/";
const WSP_2004: &str = "http://schemas.xmlsoap.org/ws/2004/09/policy";
const WSP_15: &str = "http://www.w3.org/ns/ws-policy";
const WSU: &str = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

type Node<'a, 'i> = roxmltree::Node<'a, 'i>;

#[derive(Debug, Clone)]
pub(crate) struct WsdlDoc {
    pub file: String,
    pub tns: Option<String>,
    /// `wsdl:documentation` of the definitions.
    pub doc: Option<String>,
    pub imports: Vec<Import>,
    pub messages: Vec<Message>,
    pub port_types: Vec<PortType>,
    pub bindings: Vec<Binding>,
    pub services: Vec<Service>,
}

#[derive(Debug, Clone)]
pub(crate) struct Import {
    pub namespace: Option<String>,
    pub location: Option<String>,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub(crate) struct Message {
    pub name: String,
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub name: String,
    pub pos: Pos,
    pub element: Option<QName>,
    pub type_name: Option<QName>,
}

#[derive(Debug, Clone)]
pub(crate) struct PortType {
    pub name: String,
    pub ops: Vec<PortOp>,
}

#[derive(Debug, Clone)]
pub(crate) struct PortOp {
    pub name: String,
    pub pos: Pos,
    pub doc: Option<String>,
    pub input: Option<IoRef>,
    pub output: Option<IoRef>,
    pub faults: Vec<IoRef>,
}

#[derive(Debug, Clone)]
pub(crate) struct IoRef {
    pub name: Option<String>,
    pub message: QName,
    pub pos: Pos,
    /// An explicit WS-Addressing action (`wsam:Action` / `wsaw:Action`).
    pub action: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protocol {
    Soap(SoapVersion),
    Http,
    Other,
}

#[derive(Debug, Clone)]
pub(crate) struct Binding {
    pub name: String,
    pub pos: Pos,
    pub port_type: QName,
    pub protocol: Protocol,
    /// Namespace of the protocol element (for messages about skipped bindings).
    pub protocol_ns: Option<String>,
    pub style: Option<SoapStyle>,
    pub addressing: bool,
    pub doc: Option<String>,
    pub ops: Vec<BindingOp>,
    /// An extension element marked `wsdl:required="true"` that is not understood.
    pub required_unknown: Option<(Pos, String)>,
}

#[derive(Debug, Clone)]
pub(crate) struct BindingOp {
    pub name: String,
    pub pos: Pos,
    pub doc: Option<String>,
    pub action: Option<String>,
    pub style: Option<SoapStyle>,
    pub addressing: bool,
    pub input: Option<BindingIo>,
    pub output: Option<BindingIo>,
}

#[derive(Debug, Clone)]
pub(crate) struct BindingIo {
    pub name: Option<String>,
    pub pos: Pos,
    pub body: Option<Body>,
    pub headers: Vec<Header>,
    /// MIME multipart (attachments) seen.
    pub mime: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Body {
    pub use_: SoapUse,
    pub namespace: Option<String>,
    pub parts: Option<Vec<String>>,
}

#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub message: QName,
    pub part: String,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub(crate) struct Service {
    pub doc: Option<String>,
    pub ports: Vec<Port>,
}

#[derive(Debug, Clone)]
pub(crate) struct Port {
    pub name: String,
    pub pos: Pos,
    pub doc: Option<String>,
    pub binding: QName,
    pub address: Option<String>,
    pub addressing: bool,
    pub required_unknown: Option<(Pos, String)>,
}

struct Parser<'x, 'a, 'i> {
    x: &'x XmlFile<'a, 'i>,
    /// Policy id → the policy asks for WS-Addressing.
    policies: Vec<(String, bool)>,
}

/// Parse a `wsdl:definitions` element; its inline schemas are added to `set`.
pub(crate) fn parse(x: &XmlFile, root: Node, set: &mut SchemaSet) -> Result<WsdlDoc, Error> {
    let mut doc = WsdlDoc {
        file: x.file.to_owned(),
        tns: root
            .attribute("targetNamespace")
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        doc: wsdl_doc(root),
        imports: Vec::new(),
        messages: Vec::new(),
        port_types: Vec::new(),
        bindings: Vec::new(),
        services: Vec::new(),
    };
    let mut p = Parser {
        x,
        policies: Vec::new(),
    };
    for c in elements(root).filter(|c| is_policy(*c)) {
        p.policies
            .push((policy_id(c).unwrap_or_default(), has_addressing_assertion(c)));
    }
    let mut schemas = Vec::new();
    for c in elements(root) {
        let ns = c.tag_name().namespace();
        if ns != Some(xml::WSDL) {
            if c.attribute((xml::WSDL, "required")) == Some("true") && !is_policy(c) {
                return Err(Error::unsupported(
                    x.source(c),
                    format!(
                        "required WSDL extension `{{{}}}{}`",
                        ns.unwrap_or(""),
                        c.tag_name().name()
                    ),
                ));
            }
            continue;
        }
        match c.tag_name().name() {
            "import" => doc.imports.push(Import {
                namespace: c.attribute("namespace").map(str::to_owned),
                location: c.attribute("location").map(str::to_owned),
                pos: x.pos(c),
            }),
            "types" => {
                for s in elements(c) {
                    if is_xs(s.tag_name().namespace()) && s.tag_name().name() == "schema" {
                        schemas.push(s);
                    } else if is_xs(s.tag_name().namespace()) && s.tag_name().name() == "import" {
                        // An xs:import directly under wsdl:types (not valid, but seen).
                        doc.imports.push(Import {
                            namespace: s.attribute("namespace").map(str::to_owned),
                            location: s.attribute("schemaLocation").map(str::to_owned),
                            pos: x.pos(s),
                        });
                    }
                }
            }
            "message" => doc.messages.push(p.message(c)?),
            "portType" => doc.port_types.push(p.port_type(c)?),
            "binding" => doc.bindings.push(p.binding(c)?),
            "service" => doc.services.push(p.service(c)?),
            _ => {}
        }
    }
    set.add_inline(x, &schemas)?;
    Ok(doc)
}

fn is_policy(n: Node) -> bool {
    n.tag_name().name() == "Policy" && matches!(n.tag_name().namespace(), Some(WSP_2004 | WSP_15))
}

fn policy_id(n: Node) -> Option<String> {
    n.attribute((WSU, "Id"))
        .or(n.attribute((xml::XML, "id")))
        .or(n.attribute("Name"))
        .map(str::to_owned)
}

fn has_addressing_assertion(n: Node) -> bool {
    n.descendants().any(|d| {
        d.is_element()
            && ((d.tag_name().name() == "UsingAddressing" && d.tag_name().namespace() == Some(xml::WSAW))
                || (d.tag_name().name() == "Addressing" && d.tag_name().namespace() == Some(xml::WSAM)))
    })
}

/// Documentation of a WSDL element (its `wsdl:documentation` children).
fn wsdl_doc(n: Node) -> Option<String> {
    let parts: Vec<String> = elements(n)
        .filter(|c| is(*c, xml::WSDL, "documentation"))
        .filter_map(xml::doc_text)
        .collect();
    xml::join_docs(parts)
}

fn soap_ns(n: Node) -> Option<SoapVersion> {
    match n.tag_name().namespace() {
        Some(xml::WSDL_SOAP11) => Some(SoapVersion::V11),
        Some(xml::WSDL_SOAP12) => Some(SoapVersion::V12),
        _ => None,
    }
}

fn style(v: Option<&str>) -> Option<SoapStyle> {
    match v? {
        "rpc" => Some(SoapStyle::Rpc),
        _ => Some(SoapStyle::Document),
    }
}

impl Parser<'_, '_, '_> {
    fn required_attr(&self, n: Node, name: &str) -> Result<String, Error> {
        n.attribute(name).map(str::to_owned).ok_or_else(|| {
            self.x
                .error(n, format!("wsdl:{} needs a `{name}` attribute", n.tag_name().name()))
        })
    }

    fn qattr(&self, n: Node, name: &str) -> Result<QName, Error> {
        let v = self.required_attr(n, name)?;
        self.x.qname(n, &v)
    }

    /// Addressing asked for by `n`'s extension children or the policies they reference.
    fn addressing(&self, n: Node) -> bool {
        elements(n).any(|c| {
            if is(c, xml::WSAW, "UsingAddressing") || is(c, xml::WSAM, "Addressing") {
                return true;
            }
            if is_policy(c) {
                return has_addressing_assertion(c);
            }
            if c.tag_name().name() == "PolicyReference" && matches!(c.tag_name().namespace(), Some(WSP_2004 | WSP_15)) {
                let uri = c.attribute("URI").unwrap_or("");
                let id = uri.strip_prefix('#').unwrap_or(uri);
                return self.policies.iter().any(|(pid, a)| *a && pid == id);
            }
            false
        })
    }

    /// An extension element marked required that this front-end does not understand.
    fn required_unknown(&self, n: Node) -> Option<(Pos, String)> {
        elements(n).find_map(|c| {
            let ns = c.tag_name().namespace();
            let understood = matches!(
                ns,
                Some(xml::WSDL | xml::WSDL_SOAP11 | xml::WSDL_SOAP12 | xml::WSAW | xml::WSAM)
            );
            (!understood && c.attribute((xml::WSDL, "required")) == Some("true")).then(|| {
                (
                    self.x.pos(c),
                    format!("{{{}}}{}", ns.unwrap_or(""), c.tag_name().name()),
                )
            })
        })
    }

    fn message(&self, n: Node) -> Result<Message, Error> {
        let mut parts = Vec::new();
        for c in elements(n).filter(|c| is(*c, xml::WSDL, "part")) {
            let element = match c.attribute("element") {
                Some(v) => Some(self.x.qname(c, v)?),
                None => None,
            };
            let type_name = match c.attribute("type") {
                Some(v) => Some(self.x.qname(c, v)?),
                None => None,
            };
            if element.is_none() && type_name.is_none() {
                return Err(self.x.error(c, "wsdl:part needs an `element` or a `type` attribute"));
            }
            parts.push(Part {
                name: self.required_attr(c, "name")?,
                pos: self.x.pos(c),
                element,
                type_name,
            });
        }
        Ok(Message {
            name: self.required_attr(n, "name")?,
            parts,
        })
    }

    fn io_ref(&self, n: Node) -> Result<IoRef, Error> {
        Ok(IoRef {
            name: n.attribute("name").map(str::to_owned),
            message: self.qattr(n, "message")?,
            pos: self.x.pos(n),
            action: n
                .attribute(("http://www.w3.org/2007/05/addressing/metadata", "Action"))
                .or_else(|| n.attribute(("http://www.w3.org/2006/05/addressing/wsdl", "Action")))
                .map(str::to_owned),
        })
    }

    fn port_type(&self, n: Node) -> Result<PortType, Error> {
        let mut ops = Vec::new();
        for o in elements(n).filter(|c| is(*c, xml::WSDL, "operation")) {
            let mut op = PortOp {
                name: self.required_attr(o, "name")?,
                pos: self.x.pos(o),
                doc: wsdl_doc(o),
                input: None,
                output: None,
                faults: Vec::new(),
            };
            for c in elements(o).filter(|c| c.tag_name().namespace() == Some(xml::WSDL)) {
                match c.tag_name().name() {
                    "input" => op.input = Some(self.io_ref(c)?),
                    "output" => op.output = Some(self.io_ref(c)?),
                    "fault" => op.faults.push(self.io_ref(c)?),
                    _ => {}
                }
            }
            ops.push(op);
        }
        Ok(PortType {
            name: self.required_attr(n, "name")?,
            ops,
        })
    }

    fn binding(&self, n: Node) -> Result<Binding, Error> {
        let mut b = Binding {
            name: self.required_attr(n, "name")?,
            pos: self.x.pos(n),
            port_type: self.qattr(n, "type")?,
            protocol: Protocol::Other,
            protocol_ns: None,
            style: None,
            addressing: self.addressing(n),
            doc: wsdl_doc(n),
            ops: Vec::new(),
            required_unknown: self.required_unknown(n),
        };
        for c in elements(n) {
            if c.tag_name().name() == "binding" {
                if let Some(v) = soap_ns(c) {
                    b.protocol = Protocol::Soap(v);
                    b.style = style(c.attribute("style"));
                    b.protocol_ns = c.tag_name().namespace().map(str::to_owned);
                } else if c.tag_name().namespace() == Some(xml::WSDL_HTTP) {
                    b.protocol = Protocol::Http;
                    b.protocol_ns = Some(xml::WSDL_HTTP.to_owned());
                } else if b.protocol_ns.is_none() {
                    b.protocol_ns = c.tag_name().namespace().map(str::to_owned);
                }
            }
        }
        for o in elements(n).filter(|c| is(*c, xml::WSDL, "operation")) {
            let mut op = BindingOp {
                name: self.required_attr(o, "name")?,
                pos: self.x.pos(o),
                doc: wsdl_doc(o),
                action: None,
                style: None,
                addressing: self.addressing(o),
                input: None,
                output: None,
            };
            if b.required_unknown.is_none() {
                b.required_unknown = self.required_unknown(o);
            }
            for c in elements(o) {
                if c.tag_name().name() == "operation" && soap_ns(c).is_some() {
                    op.action = c.attribute("soapAction").map(str::to_owned);
                    op.style = style(c.attribute("style"));
                }
                if c.tag_name().namespace() == Some(xml::WSDL) {
                    match c.tag_name().name() {
                        "input" => op.input = Some(self.binding_io(c)?),
                        "output" => op.output = Some(self.binding_io(c)?),
                        _ => {}
                    }
                    if b.required_unknown.is_none() {
                        b.required_unknown = self.required_unknown(c);
                    }
                }
            }
            b.ops.push(op);
        }
        Ok(b)
    }

    fn binding_io(&self, n: Node) -> Result<BindingIo, Error> {
        let mut io = BindingIo {
            name: n.attribute("name").map(str::to_owned),
            pos: self.x.pos(n),
            body: None,
            headers: Vec::new(),
            mime: false,
        };
        // soap:body / soap:header, directly or inside mime:multipartRelated/mime:part.
        for c in n.descendants().filter(|d| d.is_element() && *d != n) {
            if c.tag_name().namespace() == Some(MIME) && c.tag_name().name() == "multipartRelated" {
                io.mime = true;
            }
            if soap_ns(c).is_none() {
                continue;
            }
            match c.tag_name().name() {
                "body" if io.body.is_none() => {
                    io.body = Some(Body {
                        use_: if c.attribute("use") == Some("encoded") {
                            SoapUse::Encoded
                        } else {
                            SoapUse::Literal
                        },
                        namespace: c.attribute("namespace").filter(|s| !s.is_empty()).map(str::to_owned),
                        parts: c
                            .attribute("parts")
                            .map(|p| p.split_whitespace().map(str::to_owned).collect()),
                    })
                }
                "header" => io.headers.push(Header {
                    message: self.qattr(c, "message")?,
                    part: self.required_attr(c, "part")?,
                    pos: self.x.pos(c),
                }),
                _ => {}
            }
        }
        Ok(io)
    }

    fn service(&self, n: Node) -> Result<Service, Error> {
        let mut ports = Vec::new();
        for p in elements(n).filter(|c| is(*c, xml::WSDL, "port")) {
            let address = elements(p)
                .find(|c| c.tag_name().name() == "address" && c.tag_name().namespace() != Some(xml::WSDL))
                .and_then(|c| c.attribute("location"))
                .map(str::to_owned);
            ports.push(Port {
                name: self.required_attr(p, "name")?,
                pos: self.x.pos(p),
                doc: wsdl_doc(p),
                binding: self.qattr(p, "binding")?,
                address,
                addressing: self.addressing(p),
                required_unknown: self.required_unknown(p),
            });
        }
        Ok(Service {
            doc: wsdl_doc(n),
            ports,
        })
    }
}
