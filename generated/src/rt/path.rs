//! Path parameters in the styles of OpenAPI 3 (`simple`, `label`, `matrix`, with or without
//! `explode`), as RFC 6570 expands `{name}`, `{.name}` and `{;name}`.
//!
//! Every name and value is percent-encoded as a path segment ([`path_segment`]); the marks
//! (`.`, `;`, `=`, `,`) are written as they are. A non-exploded `label` array is
//! `.a,b`: RFC 6570 (which OpenAPI 3.0.3 names as the definition), OpenAPI 3.0.4 and
//! 3.1.1's examples, and Prism agree; the example table of 3.0.3 showed `.a.b`, an
//! erratum that later versions corrected.

use crate::rt::http::path_segment;

/// How a path parameter is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// The value alone: `5`, `1,2`; an object `k,v,k,v` (exploded `k=v,k=v`).
    Simple,
    /// After a dot: `.5`, `.1,2` (exploded `.1.2`); an object `.k,v,k,v` (exploded
    /// `.k=v.k=v`).
    Label,
    /// As matrix parameters: `;id=5`, `;id=1,2` (exploded `;id=1;id=2`); an object
    /// `;id=k,v,k,v` (exploded `;k=v;k=v`).
    Matrix,
}

/// The text of the path parameter `name` whose value has these texts (one for a scalar, one
/// per item for an array).
///
/// ```
/// # use psi_client::rt::path::{path_param, PathStyle};
/// let ids = ["1".to_owned(), "2".to_owned()];
/// assert_eq!(path_param(PathStyle::Matrix, true, "ids", &ids), ";ids=1;ids=2");
/// assert_eq!(path_param(PathStyle::Label, false, "ids", &ids), ".1,2");
/// ```
pub fn path_param(style: PathStyle, explode: bool, name: &str, values: &[String]) -> String {
    let encoded: Vec<String> = values.iter().map(|v| path_segment(v)).collect();
    match style {
        PathStyle::Simple => encoded.join(","),
        PathStyle::Label => format!(".{}", encoded.join(if explode { "." } else { "," })),
        PathStyle::Matrix => {
            let name = path_segment(name);
            let pair = |value: &str| {
                if value.is_empty() {
                    format!(";{name}")
                } else {
                    format!(";{name}={value}")
                }
            };
            if explode && !encoded.is_empty() {
                encoded.iter().map(|v| pair(v)).collect()
            } else {
                pair(&encoded.join(","))
            }
        }
    }
}

/// The text of the path parameter `name` whose value is structured: an object's members as
/// pairs (see [`PathStyle`]), any other value as its JSON text (a string without quotes).
pub fn path_json<T: serde::Serialize>(style: PathStyle, explode: bool, name: &str, value: &T) -> String {
    let Some(members) = crate::rt::json::members(value) else {
        return path_param(style, explode, name, &[crate::rt::json::param_text(value)]);
    };
    let pairs: Vec<(String, String)> = members
        .iter()
        .map(|(k, v)| (path_segment(k), path_segment(v)))
        .collect();
    if !explode {
        let flat: Vec<String> = members.into_iter().flat_map(|(k, v)| [k, v]).collect();
        return path_param(style, false, name, &flat);
    }
    let joined = |sep: &str| {
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(sep)
    };
    match style {
        PathStyle::Simple => joined(","),
        PathStyle::Label => format!(".{}", joined(".")),
        PathStyle::Matrix => pairs.iter().map(|(k, v)| format!(";{k}={v}")).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    /// The rows of OpenAPI's style table (3.0.4 §4.8.12.4), `color` = blue, [blue, black,
    /// brown], {R: 100, G: 200, B: 150} (members in sorted order here: B, G, R).
    #[test]
    fn the_style_table() {
        let one = texts(&["blue"]);
        let list = texts(&["blue", "black", "brown"]);
        let rows = [
            (PathStyle::Simple, false, "blue", "blue,black,brown"),
            (PathStyle::Simple, true, "blue", "blue,black,brown"),
            (PathStyle::Label, false, ".blue", ".blue,black,brown"),
            (PathStyle::Label, true, ".blue", ".blue.black.brown"),
            (PathStyle::Matrix, false, ";color=blue", ";color=blue,black,brown"),
            (
                PathStyle::Matrix,
                true,
                ";color=blue",
                ";color=blue;color=black;color=brown",
            ),
        ];
        for (style, explode, scalar, array) in rows {
            assert_eq!(path_param(style, explode, "color", &one), scalar, "{style:?} {explode}");
            assert_eq!(path_param(style, explode, "color", &list), array, "{style:?} {explode}");
        }
        let mut rgb = std::collections::BTreeMap::new();
        rgb.insert("R", 100);
        rgb.insert("G", 200);
        rgb.insert("B", 150);
        let objects = [
            (PathStyle::Simple, false, "B,150,G,200,R,100"),
            (PathStyle::Simple, true, "B=150,G=200,R=100"),
            (PathStyle::Label, false, ".B,150,G,200,R,100"),
            (PathStyle::Label, true, ".B=150.G=200.R=100"),
            (PathStyle::Matrix, false, ";color=B,150,G,200,R,100"),
            (PathStyle::Matrix, true, ";B=150;G=200;R=100"),
        ];
        for (style, explode, expected) in objects {
            assert_eq!(
                path_json(style, explode, "color", &rgb),
                expected,
                "{style:?} {explode}"
            );
        }
    }

    #[test]
    fn empty_values_and_encoding() {
        assert_eq!(path_param(PathStyle::Matrix, false, "color", &texts(&[""])), ";color");
        assert_eq!(path_param(PathStyle::Matrix, true, "color", &[]), ";color");
        assert_eq!(path_param(PathStyle::Label, true, "color", &[]), ".");
        assert_eq!(
            path_param(PathStyle::Matrix, true, "a b", &texts(&["x/y", "é"])),
            ";a%20b=x%2Fy;a%20b=%C3%A9"
        );
        assert_eq!(path_json(PathStyle::Label, false, "n", &"a,b"), ".a%2Cb");
        assert_eq!(path_json(PathStyle::Simple, false, "n", &7), "7");
    }
}
