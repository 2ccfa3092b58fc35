//! XML compared as information, not text: element and attribute names by namespace URI,
//! prefixes and namespace declarations ignored, `xsi:type` values resolved to their
//! namespace URI, children in order, surrounding white space of text ignored.
//!
//! Under SOAP encoding ([`Rules::encoded`]) three things are read as SOAP 1.1 §5 (and SOAP
//! 1.2 part 2 §3) mean them, because each pair of spellings is equally valid:
//! * a multi-reference accessor (`href="#id"`, SOAP 1.2 `enc:ref`) is the element it points
//!   to, so multi-ref and inline values compare equal, and `id`/`href`/`SOAP-ENC:root` are
//!   not compared themselves (§5.4.1: a single-reference value may be either);
//! * the names of the items of an array (an element with `SOAP-ENC:arrayType` or
//!   `enc:itemType`) are not compared (§5.4.2: they carry no meaning);
//! * the encoding's annotations — `encodingStyle`, `xsi:type` and the `SOAP-ENC:*`
//!   attributes — are compared apart from the structure: when both sides write one, the
//!   values must agree (`xsi:type` and `arrayType` by resolved QName); one written only by
//!   the other side is a difference; one written only by our side is collected in
//!   [`Diff::ours_only`] (zeep writes no SOAP encoding at all) unless [`Rules::values`] says
//!   only the values count.

use roxmltree::Node;

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const SOAP11_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const SOAP12_ENV: &str = "http://www.w3.org/2003/05/soap-envelope";
/// The SOAP 1.1 encoding namespace.
pub const SOAP11_ENC: &str = "http://schemas.xmlsoap.org/soap/encoding/";
/// The SOAP 1.2 encoding namespace.
pub const SOAP12_ENC: &str = "http://www.w3.org/2003/05/soap-encoding";

/// How two trees are compared.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rules {
    /// The message is SOAP-encoded (`use="encoded"`).
    pub encoded: bool,
    /// Only the values count: an encoding annotation written by one side only is ignored.
    pub values: bool,
}

/// What comparing two trees found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    /// The first difference, as `path: what`.
    pub first: Option<String>,
    /// Encoding annotations written by our side only, as `path: name="value"`.
    pub ours_only: Vec<String>,
}

/// Compare two elements under `rules`.
pub fn compare(ours: Node<'_, '_>, theirs: Node<'_, '_>, rules: Rules) -> Diff {
    let mut out = Diff::default();
    out.first = diff(
        ours,
        theirs,
        &format!("/{}", ours.tag_name().name()),
        rules,
        false,
        &mut out.ours_only,
    );
    out
}

/// `{ns}local` of an element.
pub fn name(n: Node<'_, '_>) -> String {
    match n.tag_name().namespace() {
        Some(ns) => format!("{{{ns}}}{}", n.tag_name().name()),
        None => n.tag_name().name().to_owned(),
    }
}

/// A QName value (`p:local`) resolved in the scope of `n` to `{ns}local`.
pub fn resolve_qname(n: Node<'_, '_>, value: &str) -> String {
    let (prefix, local) = value.split_once(':').unwrap_or(("", value));
    let prefix = if prefix.is_empty() { None } else { Some(prefix) };
    match n.lookup_namespace_uri(prefix) {
        Some(ns) => format!("{{{ns}}}{local}"),
        None => local.to_owned(),
    }
}

/// The `xsi:type` of an element, resolved.
pub fn xsi_type(n: Node<'_, '_>) -> Option<String> {
    n.attribute((XSI, "type")).map(|v| resolve_qname(n, v))
}

/// Is this element a SOAP-encoded array (it says its item type)?
pub fn is_encoded_array(n: Node<'_, '_>) -> bool {
    n.has_attribute((SOAP11_ENC, "arrayType")) || n.has_attribute((SOAP12_ENC, "itemType"))
}

/// Is this element the target of multi-references (SOAP 1.1 `id`, SOAP 1.2 `enc:id`)?
pub fn is_multi_ref_target(n: Node<'_, '_>) -> bool {
    n.has_attribute("id") || n.has_attribute((SOAP12_ENC, "id"))
}

/// The element a multi-reference accessor stands for; the element itself otherwise.
fn deref<'a, 'i>(n: Node<'a, 'i>) -> Node<'a, 'i> {
    let target = |id: &str, attr: &dyn Fn(Node<'a, 'i>) -> Option<&'a str>| {
        n.document()
            .descendants()
            .find(|d| d.is_element() && attr(*d) == Some(id))
    };
    let found = if let Some(id) = n.attribute("href").and_then(|h| h.strip_prefix('#')) {
        target(id, &|d| d.attribute("id"))
    } else if let Some(id) = n.attribute((SOAP12_ENC, "ref")) {
        target(id, &|d| d.attribute((SOAP12_ENC, "id")))
    } else {
        None
    };
    found.unwrap_or(n)
}

/// What an attribute is under SOAP encoding.
enum Kind {
    /// Compared as it is.
    Plain,
    /// An encoding annotation, with its value as compared.
    Annotation(String),
    /// Not compared (the multi-ref plumbing).
    Ignored,
}

fn kind(n: Node<'_, '_>, a: &roxmltree::Attribute<'_, '_>, encoded: bool) -> Kind {
    let ns = a.namespace();
    if ns == Some(XSI) && a.name() == "type" {
        let v = resolve_qname(n, a.value());
        return if encoded { Kind::Annotation(v) } else { Kind::Plain };
    }
    if !encoded {
        return Kind::Plain;
    }
    match (ns, a.name()) {
        (None, "id" | "href") => Kind::Ignored,
        (Some(SOAP11_ENC | SOAP12_ENC), "root" | "id" | "ref") => Kind::Ignored,
        (Some(SOAP11_ENC), "arrayType") => {
            let v = a.value();
            let cut = v.find('[').unwrap_or(v.len());
            Kind::Annotation(format!("{}{}", resolve_qname(n, &v[..cut]), &v[cut..]))
        }
        (Some(SOAP12_ENC), "itemType") => Kind::Annotation(resolve_qname(n, a.value())),
        (Some(SOAP11_ENC | SOAP12_ENC), _) | (Some(SOAP11_ENV | SOAP12_ENV), "encodingStyle") => {
            Kind::Annotation(a.value().trim().to_owned())
        }
        _ => Kind::Plain,
    }
}

fn attr_key(a: &roxmltree::Attribute<'_, '_>) -> String {
    match a.namespace() {
        Some(ns) => format!("{{{ns}}}{}", a.name()),
        None => a.name().to_owned(),
    }
}

/// The plain attributes and the annotations of an element, each sorted by name.
type Attrs = (Vec<(String, String)>, Vec<(String, String)>);

fn attributes(n: Node<'_, '_>, encoded: bool) -> Attrs {
    let (mut plain, mut notes) = (Vec::new(), Vec::new());
    for a in n.attributes() {
        match kind(n, &a, encoded) {
            Kind::Plain => {
                let v = if a.namespace() == Some(XSI) && a.name() == "type" {
                    resolve_qname(n, a.value())
                } else {
                    a.value().to_owned()
                };
                plain.push((attr_key(&a), v));
            }
            Kind::Annotation(v) => notes.push((attr_key(&a), v)),
            Kind::Ignored => {}
        }
    }
    plain.sort();
    notes.sort();
    (plain, notes)
}

fn text(n: Node<'_, '_>) -> String {
    n.children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect::<String>()
        .trim()
        .to_owned()
}

fn shown(list: &[&(String, String)]) -> String {
    list.iter()
        .map(|(k, v)| format!("{k}=\"{v}\""))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Compare the annotations of two elements (see the module documentation).
fn annotations(
    ours: &[(String, String)],
    theirs: &[(String, String)],
    path: &str,
    rules: Rules,
    ours_only: &mut Vec<String>,
) -> Option<String> {
    for (k, v) in ours {
        match theirs.iter().find(|(tk, _)| tk == k) {
            Some((_, tv)) if tv != v => return Some(format!("{path}: {k}=\"{v}\" here, \"{tv}\" there")),
            Some(_) => {}
            None if rules.values => {}
            None => ours_only.push(format!("{path}: {k}=\"{v}\"")),
        }
    }
    if rules.values {
        return None;
    }
    theirs
        .iter()
        .find(|(k, _)| !ours.iter().any(|(ok, _)| ok == k))
        .map(|(k, v)| format!("{path}: {k}=\"{v}\" only there"))
}

fn diff(
    a: Node<'_, '_>,
    b: Node<'_, '_>,
    path: &str,
    rules: Rules,
    item: bool,
    ours_only: &mut Vec<String>,
) -> Option<String> {
    if !item && name(a) != name(b) {
        return Some(format!("{path}: element `{}` here, `{}` there", name(a), name(b)));
    }
    let (a, b) = if rules.encoded { (deref(a), deref(b)) } else { (a, b) };
    let ((aa, an), (ba, bn)) = (attributes(a, rules.encoded), attributes(b, rules.encoded));
    if aa != ba {
        let only_a: Vec<&(String, String)> = aa.iter().filter(|x| !ba.contains(x)).collect();
        let only_b: Vec<&(String, String)> = ba.iter().filter(|x| !aa.contains(x)).collect();
        return Some(format!(
            "{path}: attributes [{}] here, [{}] there",
            shown(&only_a),
            shown(&only_b)
        ));
    }
    if let Some(d) = annotations(&an, &bn, path, rules, ours_only) {
        return Some(d);
    }
    let items = rules.encoded && (is_encoded_array(a) || is_encoded_array(b));
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
        let here = format!("{path}/{}[{}]", x.tag_name().name(), i + 1);
        if let Some(d) = diff(*x, *y, &here, rules, items, ours_only) {
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
    use super::{Rules, compare};

    fn diff(a: &str, b: &str) -> Option<String> {
        let (a, b) = (
            roxmltree::Document::parse(a).expect("a"),
            roxmltree::Document::parse(b).expect("b"),
        );
        compare(a.root_element(), b.root_element(), Rules::default()).first
    }

    fn encoded(a: &str, b: &str, values: bool) -> super::Diff {
        let (a, b) = (
            roxmltree::Document::parse(a).expect("a"),
            roxmltree::Document::parse(b).expect("b"),
        );
        compare(a.root_element(), b.root_element(), Rules { encoded: true, values })
    }

    const NS: &str = r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:E="http://schemas.xmlsoap.org/soap/encoding/" xmlns:S="http://schemas.xmlsoap.org/soap/envelope/""#;

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
        assert!(diff(a, r#"<a xmlns="urn:x"><b/><c/></a>"#).is_none());
        assert!(diff(a, r#"<a xmlns="urn:y"><b/><c/></a>"#).is_some());
        let d = diff(a, r#"<a xmlns="urn:x"><b/></a>"#).expect("differs");
        assert!(d.contains("2 child elements here, 1 there"), "{d}");
    }

    #[test]
    fn literal_comparison_counts_encoding_attributes_as_attributes() {
        let a = format!(
            r#"<a {NS} S:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><b xsi:type="xsd:int">1</b></a>"#
        );
        let b = r#"<a><b>1</b></a>"#;
        assert!(diff(&a, b).is_some_and(|d| d.contains("encodingStyle")));
    }

    #[test]
    fn encoding_annotations_written_only_here_are_collected_not_failed() {
        let a = format!(
            r#"<a {NS} S:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><b xsi:type="xsd:int">1</b></a>"#
        );
        let d = encoded(&a, "<a><b>1</b></a>", false);
        assert_eq!(d.first, None);
        assert_eq!(d.ours_only.len(), 2, "{:?}", d.ours_only);
        assert!(d.ours_only[1].contains(
            "/a/b[1]: {http://www.w3.org/2001/XMLSchema-instance}type=\"{http://www.w3.org/2001/XMLSchema}int\""
        ));
        // Under values only, nothing is collected; a different value still counts.
        assert_eq!(encoded(&a, "<a><b>1</b></a>", true), super::Diff::default());
        let other = format!(r#"<a {NS}><b xsi:type="xsd:long">1</b></a>"#);
        assert!(
            encoded(&a, &other, true)
                .first
                .is_some_and(|d| d.contains("XMLSchema}int") && d.contains("XMLSchema}long"))
        );
    }

    #[test]
    fn an_annotation_only_there_is_a_difference() {
        let theirs = format!(r#"<a {NS}><b xsi:type="xsd:int">1</b></a>"#);
        let d = encoded("<a><b>1</b></a>", &theirs, false);
        assert!(d.first.is_some_and(|d| d.contains("only there")));
    }

    #[test]
    fn multi_refs_equal_inline_values_and_item_names_do_not_count() {
        let inline = format!(
            r#"<a {NS}><list xsi:type="E:Array" E:arrayType="xsd:string[2]"><item>x</item><item>y</item></list></a>"#
        );
        let multi = format!(
            r##"<r {NS}><a><list href="#id1"/></a><E:Array id="id1" xmlns:q="http://www.w3.org/2001/XMLSchema" E:arrayType="q:string[2]" xsi:type="E:Array"><s>x</s><t>y</t></E:Array></r>"##
        );
        let (a, b) = (
            roxmltree::Document::parse(&inline).expect("a"),
            roxmltree::Document::parse(&multi).expect("b"),
        );
        let wrapper = b.root_element().first_element_child().expect("a");
        let d = compare(
            a.root_element(),
            wrapper,
            Rules {
                encoded: true,
                values: false,
            },
        );
        assert_eq!(d, super::Diff::default());
        // The length in arrayType counts.
        let three = inline.replace("string[2]", "string[3]");
        let c = roxmltree::Document::parse(&three).expect("c");
        let d = compare(
            c.root_element(),
            wrapper,
            Rules {
                encoded: true,
                values: false,
            },
        );
        assert!(
            d.first
                .is_some_and(|d| d.contains("string[3]") && d.contains("string[2]"))
        );
    }
}
