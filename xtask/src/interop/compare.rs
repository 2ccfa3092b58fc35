//! XML compared as information, not text: element and attribute names by namespace URI,
//! prefixes and namespace declarations ignored, `xsi:type` values resolved to their
//! namespace URI, children in order, surrounding white space of text ignored.

use roxmltree::Node;

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The first difference between two elements, as `path: what`; `None` when they agree.
pub fn first_difference(ours: Node<'_, '_>, theirs: Node<'_, '_>) -> Option<String> {
    diff(ours, theirs, &format!("/{}", ours.tag_name().name()))
}

/// The first element child of the SOAP `Body` of an envelope, with the envelope's namespace.
pub fn body_child<'a, 'i>(doc: &'a roxmltree::Document<'i>) -> Result<(String, Vec<Node<'a, 'i>>), String> {
    let env = doc.root_element();
    if env.tag_name().name() != "Envelope" {
        return Err(format!("the root is `{}`, not a SOAP Envelope", env.tag_name().name()));
    }
    let ns = env.tag_name().namespace().unwrap_or("").to_owned();
    let body = env
        .children()
        .find(|c| c.is_element() && c.tag_name().name() == "Body")
        .ok_or("the envelope has no Body")?;
    Ok((ns, body.children().filter(|c| c.is_element()).collect()))
}

fn name(n: Node<'_, '_>) -> String {
    match n.tag_name().namespace() {
        Some(ns) => format!("{{{ns}}}{}", n.tag_name().name()),
        None => n.tag_name().name().to_owned(),
    }
}

/// Attributes as `(name, value)` sorted, `xsi:type` resolved.
fn attributes(n: Node<'_, '_>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = n
        .attributes()
        .map(|a| {
            let key = match a.namespace() {
                Some(ns) => format!("{{{ns}}}{}", a.name()),
                None => a.name().to_owned(),
            };
            let value = if a.namespace() == Some(XSI) && a.name() == "type" {
                resolve_qname(n, a.value())
            } else {
                a.value().to_owned()
            };
            (key, value)
        })
        .collect();
    out.sort();
    out
}

fn resolve_qname(n: Node<'_, '_>, value: &str) -> String {
    let (prefix, local) = value.split_once(':').unwrap_or(("", value));
    let prefix = if prefix.is_empty() { None } else { Some(prefix) };
    match n.lookup_namespace_uri(prefix) {
        Some(ns) => format!("{{{ns}}}{local}"),
        None => local.to_owned(),
    }
}

fn text(n: Node<'_, '_>) -> String {
    n.children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect::<String>()
        .trim()
        .to_owned()
}

fn diff(a: Node<'_, '_>, b: Node<'_, '_>, path: &str) -> Option<String> {
    if name(a) != name(b) {
        return Some(format!("{path}: element `{}` here, `{}` there", name(a), name(b)));
    }
    let (aa, ba) = (attributes(a), attributes(b));
    if aa != ba {
        let only_a: Vec<String> = aa
            .iter()
            .filter(|x| !ba.contains(x))
            .map(|(k, v)| format!("{k}=\"{v}\""))
            .collect();
        let only_b: Vec<String> = ba
            .iter()
            .filter(|x| !aa.contains(x))
            .map(|(k, v)| format!("{k}=\"{v}\""))
            .collect();
        return Some(format!(
            "{path}: attributes [{}] here, [{}] there",
            only_a.join(" "),
            only_b.join(" ")
        ));
    }
    let ac: Vec<Node> = a.children().filter(|c| c.is_element()).collect();
    let bc: Vec<Node> = b.children().filter(|c| c.is_element()).collect();
    if ac.is_empty() && bc.is_empty() {
        let (at, bt) = (text(a), text(b));
        if at != bt {
            return Some(format!("{path}: text `{at}` here, `{bt}` there"));
        }
        return None;
    }
    for (i, (x, y)) in ac.iter().zip(&bc).enumerate() {
        if let Some(d) = diff(*x, *y, &format!("{path}/{}[{}]", x.tag_name().name(), i + 1)) {
            return Some(d);
        }
    }
    if ac.len() != bc.len() {
        let extra = if ac.len() > bc.len() {
            &ac[bc.len()]
        } else {
            &bc[ac.len()]
        };
        let side = if ac.len() > bc.len() { "only here" } else { "only there" };
        return Some(format!(
            "{path}: {} child elements here, {} there (first extra `{}` {side})",
            ac.len(),
            bc.len(),
            name(*extra)
        ));
    }
    None
}
