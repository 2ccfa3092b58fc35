//! Round-trip harness of `cargo xtask conformance`: decode each example document with the
//! generated types, encode it back, and compare the two as XML (same elements, attributes
//! and text; namespaces compared by URI; whitespace-only text and namespace declarations
//! ignored). Arguments: `module=path` pairs. One line per document on stdout.
//!
//! A document that differs only in the lexical form of values (`1.5E2` written back as `150`,
//! `+00:00` as `Z`) is reported apart, as `equivalent-values`.

mod table;
include!("modules.rs");

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
struct Canon {
    ns: Option<String>,
    name: String,
    attrs: Vec<(Option<String>, String, String)>,
    text: String,
    children: Vec<Canon>,
}

/// The value a text stands for when it is a number or ends in a UTC offset, else the text.
fn value_form(text: &str) -> String {
    if let Ok(n) = text.parse::<f64>()
        && n.is_finite()
    {
        return format!("{n}");
    }
    match text.strip_suffix("+00:00") {
        Some(head) if head.contains(':') => format!("{head}Z"),
        _ => text.to_owned(),
    }
}

fn canon(node: roxmltree::Node<'_, '_>, sort: bool, values: bool) -> Canon {
    let mut attrs: Vec<_> = node
        .attributes()
        .filter(|a| !(a.namespace() == Some("http://www.w3.org/2001/XMLSchema-instance") && a.name() == "schemaLocation"))
        .map(|a| {
            let xsi_type = a.namespace() == Some("http://www.w3.org/2001/XMLSchema-instance") && a.name() == "type";
            let v = if xsi_type {
                // A QName: compared by namespace URI, whatever the prefix.
                let (prefix, local) = a.value().split_once(':').map_or((None, a.value()), |(p, l)| (Some(p), l));
                format!("{{{}}}{local}", node.lookup_namespace_uri(prefix).unwrap_or(""))
            } else if values {
                value_form(a.value())
            } else {
                a.value().to_owned()
            };
            (a.namespace().map(str::to_owned), a.name().to_owned(), v)
        })
        .collect();
    attrs.sort();
    let text: String = node.children().filter(|c| c.is_text()).filter_map(|c| c.text()).collect::<String>().trim().to_owned();
    let text = if values { value_form(&text) } else { text };
    let mut children: Vec<Canon> = node.children().filter(|c| c.is_element()).map(|c| canon(c, sort, values)).collect();
    if sort {
        children.sort();
    }
    Canon { ns: node.tag_name().namespace().filter(|n| !n.is_empty()).map(str::to_owned), name: node.tag_name().name().to_owned(), attrs, text, children }
}

fn first_difference(a: &Canon, b: &Canon, path: &str) -> String {
    let here = format!("{path}/{}", a.name);
    if a.ns != b.ns || a.name != b.name {
        return format!("{here}: element {:?}:{} became {:?}:{}", a.ns, a.name, b.ns, b.name);
    }
    if a.attrs != b.attrs {
        return format!("{here}: attributes {:?} became {:?}", a.attrs, b.attrs);
    }
    if a.text != b.text {
        return format!("{here}: text {:?} became {:?}", a.text, b.text);
    }
    for (x, y) in a.children.iter().zip(&b.children) {
        if x != y {
            return first_difference(x, y, &here);
        }
    }
    format!("{here}: {} children became {}", a.children.len(), b.children.len())
}

fn main() {
    for arg in std::env::args().skip(1) {
        let Some((module, path)) = arg.split_once('=') else { continue };
        let line = |status: &str, detail: &str| println!("RESULT\t{module}\t{path}\t{status}\t{}", detail.replace(['\t', '\n'], " "));
        let Ok(bytes) = std::fs::read(path) else {
            line("error", "unreadable");
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let text = text.trim_start_matches('\u{feff}');
        let Some(result) = table::roundtrip(module, text) else {
            line("unmatched", "no global element has the root's name");
            continue;
        };
        let out = match result {
            Ok(out) => out,
            Err(e) => {
                line("decode-error", &e.to_string());
                continue;
            }
        };
        let (Ok(a), Ok(b)) = (roxmltree::Document::parse(text), roxmltree::Document::parse(&out)) else {
            line("error", "the original or the output is not well-formed");
            continue;
        };
        let (ca, cb) = (canon(a.root_element(), false, false), canon(b.root_element(), false, false));
        let (ra, rb) = (a.root_element(), b.root_element());
        if ca == cb {
            line("equivalent", "");
        } else if canon(ra, true, false) == canon(rb, true, false) {
            line("equivalent-reordered", "same content; sibling order differs");
        } else if canon(ra, false, true) == canon(rb, false, true) {
            line("equivalent-values", &format!("same values, lexical forms differ: {}", first_difference(&ca, &cb, "")));
        } else {
            line("differs", &first_difference(&ca, &cb, ""));
        }
    }
}
