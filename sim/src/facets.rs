//! The XSD facets the generated readers do not check.
//!
//! Besides enumerations, the only facet the published specs carry is the pattern
//! `[0-9]{11}` of the `niss` simple type (seven contrato and WSIDQ schemas). The generated
//! types read a NISS leniently ([`psi_client::rt::Niss`]'s `from_wire`: what a service
//! returns is never rejected), so the simulator checks the pattern itself on the request
//! elements of that type. Enumerations are read into the generated enums (an unlisted value
//! becomes `Unknown`) and refused through `psi_client::rules` (`Rule::UnknownCode`).

use roxmltree::{Document, Node};

use crate::problem::{Problem, located};

/// Every element of the `niss` simple type in the specs' schemas, by local name (each name
/// has that type wherever it occurs: the unit test below reads `specs/` to keep this true).
pub(crate) const NISS_ELEMENTS: &[&str] = &[
    "niss-trabalhador",
    "niss-trabalhador-substituir",
    "nissTrabalhador",
    "nissEE",
    "nissPS",
];

/// The published pattern of the `niss` type, `[0-9]{11}`.
pub(crate) fn niss_pattern(text: &str) -> bool {
    text.len() == 11 && text.bytes().all(|b| b.is_ascii_digit())
}

/// `xsi:nil="true"`: a nillable element without a value, which no facet applies to (the
/// WSIDQ search's `nissPS` is sent so when absent).
fn nil(node: Node<'_, '_>) -> bool {
    matches!(node.attribute((XSI_NS, "nil")).map(str::trim), Some("true" | "1"))
}

const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// The first element under `node` of the `niss` type whose text breaks the pattern. The
/// message names the element and its place, never the value.
pub(crate) fn check(doc: &Document<'_>, node: Node<'_, '_>) -> Result<(), Problem> {
    let broken = node
        .descendants()
        .filter(Node::is_element)
        .filter(|n| NISS_ELEMENTS.contains(&n.tag_name().name()))
        .filter(|n| !nil(*n))
        .find(|n| !niss_pattern(n.text().unwrap_or_default()));
    match broken {
        None => Ok(()),
        Some(n) => Err(Problem::Invalid(located(
            doc,
            n,
            &format!(
                "`{}` does not match the XSD pattern [0-9]{{11}} of the `niss` type",
                n.tag_name().name()
            ),
        ))),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    use super::*;

    fn schemas(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("specs/ is beside the crate")
            .map(|e| e.expect("a directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                schemas(&path, out);
            } else if path.extension().is_some_and(|e| e == "xsd" || e == "wsdl") {
                out.push(path);
            }
        }
    }

    /// The facets in `specs/`: every pattern is the `niss` type's, and the elements of that
    /// type are exactly [`NISS_ELEMENTS`], each name used for no other type.
    #[test]
    fn the_table_is_the_specs_niss_elements() {
        let mut files = Vec::new();
        schemas(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs"), &mut files);
        assert!(files.len() > 10, "{files:?}");
        let mut patterned = BTreeSet::new();
        let mut patterns = BTreeSet::new();
        let mut typed: Vec<(String, String)> = Vec::new();
        for file in &files {
            let text = std::fs::read_to_string(file).expect("readable");
            let doc = Document::parse(&text).expect("well-formed");
            for n in doc.descendants().filter(Node::is_element) {
                match n.tag_name().name() {
                    "pattern" => {
                        patterns.insert(n.attribute("value").unwrap_or_default().to_owned());
                        let owner = n
                            .ancestors()
                            .find(|a| a.tag_name().name() == "simpleType")
                            .and_then(|a| a.attribute("name"))
                            .unwrap_or_default();
                        patterned.insert(owner.to_owned());
                    }
                    "element" => {
                        if let (Some(name), Some(ty)) = (n.attribute("name"), n.attribute("type")) {
                            let local = ty.rsplit(':').next().unwrap_or(ty);
                            typed.push((name.to_owned(), local.to_owned()));
                        }
                    }
                    _ => {}
                }
            }
        }
        assert_eq!(patterns, BTreeSet::from(["[0-9]{11}".to_owned()]));
        assert_eq!(patterned, BTreeSet::from(["niss".to_owned()]));
        let of_niss: BTreeSet<&str> = typed
            .iter()
            .filter(|(_, t)| t == "niss")
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(of_niss, NISS_ELEMENTS.iter().copied().collect());
        for (name, ty) in &typed {
            assert!(
                !NISS_ELEMENTS.contains(&name.as_str()) || ty == "niss",
                "`{name}` also has type `{ty}`"
            );
        }
    }

    #[test]
    fn a_nil_element_has_no_value_to_check() {
        let at = |ps: &str, trabalhador: &str| {
            let xml = format!("<q xmlns:xsi=\"{XSI_NS}\">{ps}<niss-trabalhador>{trabalhador}</niss-trabalhador></q>");
            let doc = Document::parse(&xml).expect("well-formed");
            check(&doc, doc.root_element())
        };
        assert_eq!(at("<nissPS xsi:nil=\"true\"/>", "11234567892"), Ok(()));
        let Err(Problem::Invalid(m)) = at("<nissPS xsi:nil=\"true\"/>", "1123456789") else {
            panic!("a short NISS accepted")
        };
        assert!(m.contains("/q/niss-trabalhador") && !m.contains("1123456789"), "{m}");
        let Err(Problem::Invalid(m)) = at("<nissPS>12</nissPS>", "11234567892") else {
            panic!("a short NISS accepted")
        };
        assert!(m.contains("/q/nissPS"), "{m}");
        assert!(at("<nissPS/>", "11234567892").is_err(), "empty without xsi:nil");
    }

    #[test]
    fn the_pattern_is_eleven_ascii_digits() {
        assert!(niss_pattern("11234567892"));
        assert!(!niss_pattern("1123456789"));
        assert!(!niss_pattern("112345678921"));
        assert!(!niss_pattern("1123456789a"));
        assert!(!niss_pattern("١١٢٣٤٥٦٧٨٩٢"));
        assert!(!niss_pattern(""));
    }
}
