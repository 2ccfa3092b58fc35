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

#[cfg(test)]
mod tests {
    use super::first_difference;

    fn diff(a: &str, b: &str) -> Option<String> {
        let (a, b) = (
            roxmltree::Document::parse(a).expect("a"),
            roxmltree::Document::parse(b).expect("b"),
        );
        first_difference(a.root_element(), b.root_element())
    }

    #[test]
    fn prefixes_and_declarations_do_not_count() {
        let a = r#"<p:a xmlns:p="urn:x"><p:b>1</p:b></p:a>"#;
        let b = r#"<a xmlns="urn:x"><b> 1 </b></a>"#;
        assert_eq!(diff(a, b), None);
    }

    #[test]
    fn xsi_type_is_compared_by_namespace_uri() {
        let xsi = "http://www.w3.org/2001/XMLSchema-instance";
        let a = format!(r#"<a xmlns:xsi="{xsi}" xmlns:p="urn:t" xsi:type="p:T"/>"#);
        let same = format!(r#"<a xmlns:xsi="{xsi}" xmlns:q="urn:t" xsi:type="q:T"/>"#);
        let other = format!(r#"<a xmlns:xsi="{xsi}" xmlns:q="urn:u" xsi:type="q:T"/>"#);
        assert_eq!(diff(&a, &same), None);
        let d = diff(&a, &other).expect("differs");
        assert!(d.contains("{urn:t}T") && d.contains("{urn:u}T"), "{d}");
    }

    #[test]
    fn order_namespace_and_count_of_children_count() {
        let a = r#"<a xmlns="urn:x"><b/><c/></a>"#;
        assert!(diff(a, r#"<a xmlns="urn:x"><c/><b/></a>"#).is_some_and(|d| d.starts_with("/a/b[1]")));
        assert!(diff(a, r#"<a xmlns="urn:y"><b/><c/></a>"#).is_some());
        let d = diff(a, r#"<a xmlns="urn:x"><b/></a>"#).expect("differs");
        assert!(d.contains("2 child elements here, 1 there"), "{d}");
    }
}
