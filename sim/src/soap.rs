//! SOAP 1.1 on the server side: reading a request envelope, checking its operation element
//! against the model, writing answers, Faults and the PSI's 403.

use psi_client::rt::soap::SOAP11_NS;
use psi_client::rt::xml::{ReadCtx, XmlElement, XmlWriter, children};
use roxmltree::{Document, Node};

use crate::problem::Problem;
use crate::problem::located;
use crate::server::HttpResponse;

/// The content type of every SOAP 1.1 answer.
pub(crate) const CONTENT_TYPE: &str = "text/xml; charset=utf-8";

/// The `faultstring` the PSI sent on a backend timeout (reference §5.5).
pub(crate) const TIMEOUT_FAULT: &str = "Erro comunicação servidor ptss";

/// An envelope around Body content.
pub(crate) fn envelope(body_content: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"{SOAP11_NS}\"><soapenv:Body>{body_content}</soapenv:Body></soapenv:Envelope>"
    )
}

/// HTTP 200 with this typed value as the `<element>` of the Body.
pub(crate) fn ok<T: XmlElement>(ns: &str, element: &str, value: &T) -> HttpResponse {
    let mut w = XmlWriter::new();
    w.element(Some(ns), element, value);
    HttpResponse::new(200, Some(CONTENT_TYPE), envelope(w.as_str()))
}

/// HTTP 500 with a SOAP 1.1 Fault. `detail` (already XML) goes in `detail` when given.
pub(crate) fn fault(code: &str, reason: &str, detail: Option<&str>) -> HttpResponse {
    let mut w = XmlWriter::new();
    w.start(Some(SOAP11_NS), "Fault");
    w.start(None, "faultcode");
    w.text(code);
    w.end();
    w.start(None, "faultstring");
    w.text(reason);
    w.end();
    if let Some(detail) = detail {
        w.start(None, "detail");
        w.raw(detail);
        w.end();
    }
    w.end();
    // The writer declared the envelope prefix on Fault; rewrite into a full envelope.
    HttpResponse::new(500, Some(CONTENT_TYPE), envelope(w.as_str()))
}

/// A client error Fault (`soapenv:Client`): the simulator's answer to requests it cannot
/// read as the operation's model.
pub(crate) fn client_fault(reason: &str) -> HttpResponse {
    fault("soapenv:Client", reason, None)
}

/// The timeout Fault the PSI sent, with its `detail/…Exception/mensagens/erro` and
/// `codigo-resultado` 408 (reference §5.5, §7.7.1).
pub(crate) fn timeout_fault(code: &str, reason: &str) -> HttpResponse {
    let mut d = XmlWriter::new();
    d.start(None, "PtssException");
    d.start(None, "codigo-resultado");
    d.text("408");
    d.end();
    d.start(None, "mensagens");
    d.start(None, "erro");
    d.text("Request Timeout");
    d.end();
    d.end();
    d.end();
    fault(code, reason, Some(d.as_str()))
}

/// HTTP 403 as the PSI answers an employer that has not adhered: an envelope whose Body is
/// empty, no Fault, with the mixed prefixes of the published example (reference §4.4).
pub(crate) fn forbidden() -> HttpResponse {
    HttpResponse::new(
        403,
        Some(CONTENT_TYPE),
        format!(
            "<soapenv:Envelope xmlns:soapenv=\"{SOAP11_NS}\"><soap-env:Body xmlns:soap-env=\"{SOAP11_NS}\"/></soapenv:Envelope>"
        ),
    )
}

/// The first element of the Body of a SOAP 1.1 envelope, or why there is none.
pub(crate) fn operation_element<'a, 'i>(doc: &'a Document<'i>) -> Result<Node<'a, 'i>, String> {
    let envelope = doc.root_element();
    if envelope.tag_name().name() != "Envelope" {
        return Err(format!(
            "the root element is `{}`, not a SOAP Envelope",
            envelope.tag_name().name()
        ));
    }
    if envelope.tag_name().namespace() != Some(SOAP11_NS) {
        return Err(format!(
            "the Envelope is in namespace `{}`; these services speak SOAP 1.1 (`{SOAP11_NS}`)",
            envelope.tag_name().namespace().unwrap_or("")
        ));
    }
    let body = children(envelope)
        .find(|n| n.tag_name().name() == "Body" && n.tag_name().namespace() == Some(SOAP11_NS))
        .ok_or("the Envelope has no Body")?;
    children(body).next().ok_or_else(|| "the Body is empty".to_owned())
}

/// Decode the operation element with the generated type, then check that writing the value
/// back gives the same elements in the same order and namespaces: what the reader tolerates
/// (unknown or misplaced elements, other namespaces, alternative spellings) the model does not.
/// Last, the one facet the reader does not check: the NISS pattern ([`crate::facets`]).
pub(crate) fn decode<T: XmlElement>(doc: &Document<'_>, node: Node<'_, '_>, ns: &str) -> Result<T, Problem> {
    let ctx = ReadCtx::new(doc, &[]);
    if node.tag_name().namespace() != Some(ns) {
        return Err(Problem::Invalid(located(
            doc,
            node,
            &format!(
                "`{}` is in namespace `{}`; the model puts it in `{ns}`",
                node.tag_name().name(),
                node.tag_name().namespace().unwrap_or("")
            ),
        )));
    }
    let value: T = ctx.element(node)?;
    let mut w = XmlWriter::new();
    w.element(Some(ns), node.tag_name().name(), &value);
    let canonical = w.finish();
    let canonical = Document::parse(&canonical)
        .map_err(|e| Problem::Invalid(format!("the simulator cannot re-read the request it decoded: {e}")))?;
    same_shape(doc, node, canonical.root_element())?;
    crate::facets::check(doc, node)?;
    Ok(value)
}

fn same_shape(doc: &Document<'_>, got: Node<'_, '_>, want: Node<'_, '_>) -> Result<(), Problem> {
    let name = |n: Node<'_, '_>| {
        (
            n.tag_name().namespace().unwrap_or("").to_owned(),
            n.tag_name().name().to_owned(),
        )
    };
    let show = |(ns, local): (String, String)| {
        if ns.is_empty() {
            format!("`{local}` (no namespace)")
        } else {
            format!("`{local}` in `{ns}`")
        }
    };
    let got_children: Vec<_> = children(got).collect();
    let want_children: Vec<_> = children(want).collect();
    for (i, g) in got_children.iter().enumerate() {
        match want_children.get(i) {
            Some(w) if name(*g) == name(*w) => same_shape(doc, *g, *w)?,
            Some(w) => {
                let message = if want_children.iter().any(|x| name(*x) == name(*g)) {
                    format!(
                        "{} is out of order: the model expects {} here",
                        show(name(*g)),
                        show(name(*w))
                    )
                } else {
                    format!(
                        "{} is not in the model here; expected {}",
                        show(name(*g)),
                        show(name(*w))
                    )
                };
                return Err(Problem::Invalid(located(doc, *g, &message)));
            }
            None => {
                return Err(Problem::Invalid(located(
                    doc,
                    *g,
                    &format!("{} is not in the model here", show(name(*g))),
                )));
            }
        }
    }
    if let Some(w) = want_children.get(got_children.len()) {
        return Err(Problem::Missing(located(
            doc,
            got,
            &format!("{} is missing", show(name(*w))),
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use psi_client::api::cessar_vinculo::CessarVinculo;

    const NS: &str = "http://vo.webservice.contrato.segsocial.pt";

    fn decode_body(inner: &str) -> Result<CessarVinculo, Problem> {
        let xml = envelope(&format!(
            "<vo:cessarVinculo xmlns:vo=\"{NS}\">{inner}</vo:cessarVinculo>"
        ));
        let doc = Document::parse(&xml).expect("well-formed");
        let node = operation_element(&doc).expect("an operation");
        decode(&doc, node, NS)
    }

    #[test]
    fn accepts_the_model_and_refuses_order_namespace_and_missing_fields() {
        let full = "<niss-trabalhador>11234567892</niss-trabalhador><data-fim-vinculo>2026-01-02</data-fim-vinculo><motivo-fim-vinculo>CCCT</motivo-fim-vinculo><comunicacao-desemprego>0</comunicacao-desemprego>";
        assert!(decode_body(full).is_ok());
        let swapped = "<data-fim-vinculo>2026-01-02</data-fim-vinculo><niss-trabalhador>11234567892</niss-trabalhador><motivo-fim-vinculo>CCCT</motivo-fim-vinculo><comunicacao-desemprego>0</comunicacao-desemprego>";
        let Err(Problem::Invalid(m)) = decode_body(swapped) else {
            panic!("order accepted")
        };
        assert!(m.contains("out of order"), "{m}");
        let missing = "<niss-trabalhador>11234567892</niss-trabalhador><data-fim-vinculo>2026-01-02</data-fim-vinculo><comunicacao-desemprego>0</comunicacao-desemprego>";
        let Err(Problem::Missing(m)) = decode_body(missing) else {
            panic!("missing accepted")
        };
        assert!(m.contains("motivo-fim-vinculo"), "{m}");
        let extra = format!("{full}<extra/>");
        let Err(Problem::Invalid(m)) = decode_body(&extra) else {
            panic!("extra accepted")
        };
        assert!(m.contains("`extra`"), "{m}");
        let bad_date = full.replace("2026-01-02", "02/01/2026");
        assert!(matches!(decode_body(&bad_date), Err(Problem::Invalid(_))));
    }

    #[test]
    fn the_403_has_an_empty_body_and_no_fault() {
        let r = forbidden();
        assert_eq!(r.status, 403);
        let text = String::from_utf8(r.body).expect("utf-8");
        let doc = Document::parse(&text).expect("well-formed");
        assert_eq!(operation_element(&doc), Err("the Body is empty".to_owned()));
    }
}
