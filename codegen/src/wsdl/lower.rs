//! Stage 2 of the WSDL front-end: ports, bindings, port types and messages → services.

use std::collections::{BTreeMap, BTreeSet};

use super::Docs;
use super::raw::{self, Binding, BindingIo, BindingOp, IoRef, Message, PortOp, PortType, Protocol, WsdlDoc};
use crate::Error;
use crate::model::{
    Binding as OpBinding, Operation, Service, SoapBinding, SoapFault, SoapMessage, SoapPart, SoapStyle, SoapUse,
    SoapVersion, Source, Warning,
};
use crate::xsd::lower::Lowerer;
use crate::xsd::xml::{self, QName};

/// Global WSDL components by qualified name.
struct Index<'d> {
    docs: &'d Docs,
    messages: BTreeMap<QName, (&'d WsdlDoc, &'d Message)>,
    port_types: BTreeMap<QName, (&'d WsdlDoc, &'d PortType)>,
    bindings: BTreeMap<QName, (&'d WsdlDoc, &'d Binding)>,
}

/// A reference that does not resolve: an error, or (for a well-known WSDL that is not in
/// the set) a reason to skip what needs it.
enum Missing {
    Error(Error),
    Skip(String),
}

impl<'d> Index<'d> {
    fn new(docs: &'d Docs) -> Self {
        let mut ix = Index {
            docs,
            messages: BTreeMap::new(),
            port_types: BTreeMap::new(),
            bindings: BTreeMap::new(),
        };
        for d in &docs.docs {
            let q = |name: &str| QName {
                ns: d.tns.clone(),
                name: name.to_owned(),
            };
            for m in &d.messages {
                ix.messages.entry(q(&m.name)).or_insert((d, m));
            }
            for p in &d.port_types {
                ix.port_types.entry(q(&p.name)).or_insert((d, p));
            }
            for b in &d.bindings {
                ix.bindings.entry(q(&b.name)).or_insert((d, b));
            }
        }
        ix
    }

    fn missing(&self, q: &QName, what: &str, at: Source) -> Missing {
        if let Some(ns) = q.ns.as_deref()
            && let Some(loc) = self.docs.external.get(ns)
        {
            return Missing::Skip(format!(
                "{what} `{}` is in the well-known WSDL `{loc}`, which is not in the spec set",
                q.name
            ));
        }
        if let Some(fi) = self.docs.failed.get(&q.ns) {
            return Missing::Error(Error::MissingFile {
                path: fi.location.clone(),
                referenced_from: fi.source.clone(),
            });
        }
        Missing::Error(Error::spec(
            at,
            format!(
                "{what} `{}` (namespace {}) is not defined",
                q.name,
                q.ns.as_deref().unwrap_or("(none)")
            ),
        ))
    }

    /// Look `q` up in `map`; an unprefixed name that misses is retried in the document's own
    /// target namespace (some generators leave the prefix out).
    fn find<T: Copy>(map: &BTreeMap<QName, T>, q: &QName, doc: &WsdlDoc) -> Option<T> {
        if let Some(v) = map.get(q) {
            return Some(*v);
        }
        if q.ns.is_none() || q.ns.as_deref() == Some(xml::WSDL) {
            return map
                .get(&QName {
                    ns: doc.tns.clone(),
                    name: q.name.clone(),
                })
                .copied();
        }
        None
    }
}

/// Build the services of every SOAP port (and of SOAP bindings no port exposes).
pub(crate) fn services(lw: &mut Lowerer, docs: &Docs) -> Result<(), Error> {
    let ix = Index::new(docs);
    let mut used: BTreeSet<QName> = BTreeSet::new();
    let mut out = Vec::new();
    for d in &docs.docs {
        for svc in &d.services {
            for port in &svc.ports {
                let at = port.pos.source(&d.file);
                let Some((bdoc, b)) = Index::find(&ix.bindings, &port.binding, d) else {
                    match ix.missing(&port.binding, "binding", at.clone()) {
                        Missing::Error(e) => return Err(e),
                        Missing::Skip(why) => {
                            warn(lw, at, format!("port `{}` skipped: {why}", port.name));
                            continue;
                        }
                    }
                };
                used.insert(QName {
                    ns: bdoc.tns.clone(),
                    name: b.name.clone(),
                });
                let version = match b.protocol {
                    Protocol::Soap(v) => v,
                    Protocol::Http => {
                        warn(
                            lw,
                            at,
                            format!(
                                "port `{}` skipped: binding `{}` is an HTTP GET/POST binding, not SOAP",
                                port.name, b.name
                            ),
                        );
                        continue;
                    }
                    Protocol::Other => {
                        let ns = b.protocol_ns.as_deref().unwrap_or("(none)");
                        warn(
                            lw,
                            at,
                            format!(
                                "port `{}` skipped: binding `{}` is not a SOAP binding ({ns})",
                                port.name, b.name
                            ),
                        );
                        continue;
                    }
                };
                if let Some((pos, what)) = &port.required_unknown {
                    return Err(Error::unsupported(
                        pos.source(&d.file),
                        format!("required WSDL extension `{what}`"),
                    ));
                }
                let Some(operations) = operations(lw, &ix, bdoc, b, version, port.addressing)? else {
                    continue;
                };
                let mut addresses = Vec::new();
                addresses.extend(port.address.clone());
                out.push(Service {
                    name: port.name.clone(),
                    doc: joined(&[&port.doc, &svc.doc, &b.doc]),
                    operations,
                    addresses,
                    security: Vec::new(),
                    source: at,
                    rust_name: String::new(),
                });
            }
        }
    }
    // SOAP bindings no port exposes (ONVIF ships bindings without services).
    for d in &docs.docs {
        for b in &d.bindings {
            let q = QName {
                ns: d.tns.clone(),
                name: b.name.clone(),
            };
            let Protocol::Soap(version) = b.protocol else {
                continue;
            };
            if used.contains(&q) {
                continue;
            }
            let at = b.pos.source(&d.file);
            let Some(operations) = operations(lw, &ix, d, b, version, false)? else {
                continue;
            };
            warn(
                lw,
                at.clone(),
                format!("binding `{}` has no wsdl:port: its service has no address", b.name),
            );
            out.push(Service {
                name: b.name.clone(),
                doc: b.doc.clone(),
                operations,
                addresses: Vec::new(),
                security: Vec::new(),
                source: at,
                rust_name: String::new(),
            });
        }
    }
    lw.b.model.services.extend(out);
    Ok(())
}

/// The documentation of the WSDL elements that make up one model item (a port, its service
/// and its binding; a port-type operation and its binding operation), each text once, in
/// that order: a note on the binding (the credential, the SOAPAction) reaches the docs too.
fn joined(parts: &[&Option<String>]) -> Option<String> {
    let mut kept: Vec<String> = Vec::new();
    for p in parts.iter().filter_map(|p| p.as_deref()).map(str::trim) {
        if !p.is_empty() && !kept.iter().any(|k| k == p) {
            kept.push(p.to_owned());
        }
    }
    crate::xsd::xml::join_docs(kept)
}

fn warn(lw: &mut Lowerer, source: Source, message: String) {
    lw.b.model.warnings.push(Warning { source, message });
}

/// The operations of a SOAP binding, in port-type order; `None` when the binding is skipped.
fn operations(
    lw: &mut Lowerer,
    ix: &Index,
    d: &WsdlDoc,
    b: &Binding,
    version: SoapVersion,
    port_addressing: bool,
) -> Result<Option<Vec<Operation>>, Error> {
    let at = b.pos.source(&d.file);
    if let Some((pos, what)) = &b.required_unknown {
        return Err(Error::unsupported(
            pos.source(&d.file),
            format!("required WSDL extension `{what}`"),
        ));
    }
    let Some((pdoc, pt)) = Index::find(&ix.port_types, &b.port_type, d) else {
        return match ix.missing(&b.port_type, "portType", at.clone()) {
            Missing::Error(e) => Err(e),
            Missing::Skip(why) => {
                warn(lw, at, format!("binding `{}` skipped: {why}", b.name));
                Ok(None)
            }
        };
    };
    let mut ops = Vec::new();
    let mut bound = BTreeSet::new();
    for op in &pt.ops {
        let Some((bi, bop)) = find_binding_op(b, op) else {
            warn(
                lw,
                op.pos.source(&pdoc.file),
                format!(
                    "operation `{}` of portType `{}` is not in binding `{}`; skipped",
                    op.name, pt.name, b.name
                ),
            );
            continue;
        };
        bound.insert(bi);
        if let Some(o) = operation(lw, ix, d, pdoc, &pt.name, b, bop, op, version, port_addressing)? {
            ops.push(o);
        }
    }
    for (i, bop) in b.ops.iter().enumerate() {
        if !bound.contains(&i) {
            warn(
                lw,
                bop.pos.source(&d.file),
                format!(
                    "binding operation `{}` is not in portType `{}`; skipped",
                    bop.name, pt.name
                ),
            );
        }
    }
    Ok(Some(ops))
}

/// The binding operation for a port-type operation: by name, and by input/output names when
/// the name is overloaded.
fn find_binding_op<'b>(b: &'b Binding, op: &PortOp) -> Option<(usize, &'b BindingOp)> {
    let mut same = b.ops.iter().enumerate().filter(|(_, o)| o.name == op.name);
    let first = same.next()?;
    let rest: Vec<_> = same.collect();
    if rest.is_empty() {
        return Some(first);
    }
    let want_in = op.input.as_ref().and_then(|i| i.name.as_deref());
    let want_out = op.output.as_ref().and_then(|o| o.name.as_deref());
    std::iter::once(first)
        .chain(rest)
        .find(|(_, o)| {
            o.input.as_ref().and_then(|i| i.name.as_deref()) == want_in
                && o.output.as_ref().and_then(|i| i.name.as_deref()) == want_out
        })
        .or(Some(first))
}

#[allow(clippy::too_many_arguments)]
fn operation(
    lw: &mut Lowerer,
    ix: &Index,
    d: &WsdlDoc,
    pdoc: &WsdlDoc,
    port_type_name: &str,
    b: &Binding,
    bop: &BindingOp,
    op: &PortOp,
    version: SoapVersion,
    port_addressing: bool,
) -> Result<Option<Operation>, Error> {
    let at = op.pos.source(&pdoc.file);
    let style = bop.style.or(b.style).unwrap_or(SoapStyle::Document);
    let body_use = bop
        .input
        .as_ref()
        .and_then(|i| i.body.as_ref())
        .or(bop.output.as_ref().and_then(|o| o.body.as_ref()))
        .map_or(SoapUse::Literal, |body| body.use_);
    let Some(input_ref) = &op.input else {
        warn(
            lw,
            at,
            format!(
                "operation `{}` has no input (notification operations are not supported); skipped",
                op.name
            ),
        );
        return Ok(None);
    };
    let skip = |lw: &mut Lowerer, why: String| {
        warn(
            lw,
            op.pos.source(&pdoc.file),
            format!("operation `{}` skipped: {why}", op.name),
        );
    };
    let (input, headers) = match message(lw, ix, pdoc, d, input_ref, bop.input.as_ref(), style, &op.name, false)? {
        Ok(m) => m,
        Err(why) => {
            skip(lw, why);
            return Ok(None);
        }
    };
    let (output, output_headers) = match &op.output {
        Some(r) => match message(lw, ix, pdoc, d, r, bop.output.as_ref(), style, &op.name, true)? {
            Ok((m, out_headers)) => (Some(m), out_headers),
            Err(why) => {
                skip(lw, why);
                return Ok(None);
            }
        },
        None => (None, Vec::new()),
    };
    let mut faults = Vec::new();
    for f in &op.faults {
        let fname = f.name.clone().unwrap_or_else(|| f.message.name.clone());
        let fat = f.pos.source(&pdoc.file);
        let Some((mdoc, m)) = Index::find(&ix.messages, &f.message, pdoc) else {
            match ix.missing(&f.message, "message", fat.clone()) {
                Missing::Error(e) => return Err(e),
                Missing::Skip(why) => {
                    warn(lw, fat, format!("fault `{fname}` of `{}` skipped: {why}", op.name));
                    continue;
                }
            }
        };
        let Some(part) = m.parts.first() else {
            warn(
                lw,
                fat,
                format!("fault `{fname}` of `{}` has a message without parts; skipped", op.name),
            );
            continue;
        };
        let detail = soap_part(lw, mdoc, part)?;
        faults.push(SoapFault { name: fname, detail });
    }
    let action = bop.action.clone();
    let addressing = b.addressing || bop.addressing || port_addressing;
    // WS-Addressing 1.0 Metadata §4.4: the explicit action, else
    // `{targetNamespace}{delim}{portType name}{delim}{input name}` (delim `:` for URNs).
    let addressing_action = addressing.then(|| {
        input_ref.action.clone().unwrap_or_else(|| {
            let tns = pdoc.tns.clone().unwrap_or_default();
            let delim = if tns.starts_with("urn:") { ":" } else { "/" };
            let input_name = input_ref.name.clone().unwrap_or_else(|| {
                if op.output.is_some() {
                    format!("{}Request", op.name)
                } else {
                    op.name.clone()
                }
            });
            format!(
                "{}{delim}{}{delim}{input_name}",
                tns.trim_end_matches(delim),
                port_type_name
            )
        })
    });
    Ok(Some(Operation {
        name: op.name.clone(),
        doc: joined(&[&op.doc, &bop.doc]),
        deprecated: false,
        binding: OpBinding::Soap(SoapBinding {
            version,
            action,
            style,
            body_use,
            input,
            output,
            headers,
            output_headers,
            faults,
            addressing,
            addressing_action,
        }),
        source: at,
        rust_name: String::new(),
    }))
}

/// A message as the body carries it, plus its header parts. The inner `Err` is a reason to
/// skip the operation.
#[allow(clippy::too_many_arguments)]
fn message(
    lw: &mut Lowerer,
    ix: &Index,
    pdoc: &WsdlDoc,
    bdoc: &WsdlDoc,
    r: &IoRef,
    bio: Option<&BindingIo>,
    style: SoapStyle,
    op_name: &str,
    response: bool,
) -> Result<Result<(SoapMessage, Vec<SoapPart>), String>, Error> {
    let at = r.pos.source(&pdoc.file);
    let Some((mdoc, m)) = Index::find(&ix.messages, &r.message, pdoc) else {
        return match ix.missing(&r.message, "message", at) {
            Missing::Error(e) => Err(e),
            Missing::Skip(why) => Ok(Err(why)),
        };
    };
    let body = bio.and_then(|b| b.body.as_ref());
    if let Some(b) = bio
        && b.mime
    {
        lw.b.model.warnings.push(Warning {
            source: b.pos.source(&bdoc.file),
            message: format!("MIME attachments of `{op_name}` are not modelled; only the SOAP body part is"),
        });
    }
    // Header parts of the same message do not go in the body unless listed.
    let header_parts: BTreeSet<&str> = bio
        .map(|b| {
            b.headers
                .iter()
                .filter(|h| h.message == r.message)
                .map(|h| h.part.as_str())
                .collect()
        })
        .unwrap_or_default();
    let mut parts = Vec::new();
    match body.and_then(|b| b.parts.as_ref()) {
        Some(listed) => {
            for name in listed {
                match m.parts.iter().find(|p| p.name == *name) {
                    Some(p) => parts.push(soap_part(lw, mdoc, p)?),
                    None => {
                        return Err(Error::spec(
                            bio.map_or(at.clone(), |b| b.pos.source(&bdoc.file)),
                            format!(
                                "soap:body parts names `{name}`, which message `{}` does not have",
                                m.name
                            ),
                        ));
                    }
                }
            }
        }
        None => {
            for p in m.parts.iter().filter(|p| !header_parts.contains(p.name.as_str())) {
                parts.push(soap_part(lw, mdoc, p)?);
            }
        }
    }
    let wrapper = if style == SoapStyle::Rpc {
        let name = if response {
            format!("{op_name}Response")
        } else {
            op_name.to_owned()
        };
        let mut ns = body.and_then(|b| b.namespace.clone());
        if ns.is_none() && bdoc.tns.is_some() {
            // WS-I requires the namespace for rpc; toolkits use the target namespace.
            ns.clone_from(&bdoc.tns);
            lw.b.model.warnings.push(Warning {
                source: bio.map_or(at.clone(), |b| b.pos.source(&bdoc.file)),
                message: format!(
                    "rpc {} of `{op_name}` has no soap:body namespace: the wrapper element takes the targetNamespace {}",
                    if response { "response" } else { "request" },
                    bdoc.tns.as_deref().unwrap_or("")
                ),
            });
        }
        Some((ns, name))
    } else {
        None
    };
    let mut headers = Vec::new();
    for h in bio.map(|b| b.headers.as_slice()).unwrap_or_default() {
        let hat = h.pos.source(&bdoc.file);
        let Some((hdoc, hm)) = Index::find(&ix.messages, &h.message, bdoc) else {
            match ix.missing(&h.message, "message", hat.clone()) {
                Missing::Error(e) => return Err(e),
                Missing::Skip(why) => {
                    lw.b.model.warnings.push(Warning {
                        source: hat,
                        message: format!("SOAP header skipped: {why}"),
                    });
                    continue;
                }
            }
        };
        let Some(p) = hm.parts.iter().find(|p| p.name == h.part) else {
            return Err(Error::spec(
                hat,
                format!(
                    "soap:header names part `{}`, which message `{}` does not have",
                    h.part, hm.name
                ),
            ));
        };
        headers.push(soap_part(lw, hdoc, p)?);
    }
    Ok(Ok((SoapMessage { wrapper, parts }, headers)))
}

fn soap_part(lw: &mut Lowerer, mdoc: &WsdlDoc, p: &raw::Part) -> Result<SoapPart, Error> {
    let at = p.pos.source(&mdoc.file);
    if let Some(e) = &p.element {
        let ty = lw.element_content(e, &at)?;
        return Ok(SoapPart {
            name: p.name.clone(),
            element: (e.ns.clone(), e.name.clone()),
            ty,
        });
    }
    let t = p.type_name.as_ref().expect("raw parts have an element or a type");
    let ty = lw.resolve_type(t, &at)?;
    Ok(SoapPart {
        name: p.name.clone(),
        element: (None, p.name.clone()),
        ty,
    })
}
