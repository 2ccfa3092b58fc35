//! Every guess in `specs/` is marked and listed: each documentation that starts with
//! `Unverified:` (XSD `xs:documentation`, WSDL `wsdl:documentation`, Swagger `description`)
//! appears in `specs/README.md` under its file, with a confidence, and every item the README
//! lists is still in its file. Each mark states its confidence, `(confiança baixa|média|…)`, as
//! the README lists it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MARK: &str = "Unverified:";
/// Confidence words the README table may use (alone, or followed by a qualification).
const CONFIDENCE: &[&str] = &["low", "medium", "high"];

fn specs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Whitespace runs read as one space, as the README writes each note on one line.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A mark and whether the generated code carries it: not the marks of the XSD `niss` type
/// (the generator maps it to `rt::Niss`) nor those of the Swagger `securityDefinitions` (the
/// credential is chosen at run time).
type Found = (String, bool);

fn xml_marks(text: &str, out: &mut Vec<Found>) {
    let doc = roxmltree::Document::parse(text).expect("well-formed XML");
    for n in doc.descendants().filter(|n| n.has_tag_name("documentation")) {
        let t: String = n
            .descendants()
            .filter(|d| d.is_text())
            .filter_map(|d| d.text())
            .collect();
        let t = squash(&t);
        if t.starts_with(MARK) {
            let owner = n
                .ancestors()
                .skip(1)
                .find(|a| a.is_element() && !a.has_tag_name("annotation"));
            let niss = owner.is_some_and(|o| o.has_tag_name("simpleType") && o.attribute("name") == Some("niss"));
            out.push((t, !niss));
        }
    }
}

fn yaml_marks(v: &yaml_serde::Value, carried: bool, out: &mut Vec<Found>) {
    match v {
        yaml_serde::Value::Mapping(m) => {
            for (k, v) in m {
                if let (Some("description"), Some(text)) = (k.as_str(), v.as_str()) {
                    if text.starts_with(MARK) {
                        out.push((squash(text), carried));
                    }
                } else {
                    yaml_marks(v, carried && k.as_str() != Some("securityDefinitions"), out);
                }
            }
        }
        yaml_serde::Value::Sequence(s) => s.iter().for_each(|v| yaml_marks(v, carried, out)),
        _ => {}
    }
}

/// (file name, note) of every mark in the spec files, with how many times it occurs there
/// (one note may mark several items, such as two operations' SOAPActions).
fn marks_in_files() -> BTreeMap<(String, String), usize> {
    let mut out = BTreeMap::new();
    for (name, note, _) in marks_with_carrying() {
        *out.entry((name, note)).or_insert(0) += 1;
    }
    out
}

/// (file name, note, carried into the generated docs) of every mark in the spec files.
fn marks_with_carrying() -> Vec<(String, String, bool)> {
    let mut paths = Vec::new();
    files(&specs_dir(), &mut paths);
    let mut out = Vec::new();
    for p in paths {
        let name = p.file_name().and_then(|n| n.to_str()).expect("file name").to_owned();
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        let mut found = Vec::new();
        match ext {
            "xsd" | "wsdl" => xml_marks(&std::fs::read_to_string(&p).expect("read"), &mut found),
            "yaml" | "yml" => {
                let v: yaml_serde::Value =
                    yaml_serde::from_str(&std::fs::read_to_string(&p).expect("read")).expect("valid YAML");
                yaml_marks(&v, true, &mut found);
            }
            _ => continue,
        }
        for (note, carried) in found {
            out.push((name.clone(), note, carried));
        }
    }
    out
}

/// (file name, note, confidence) of every row of the README's `Unverified:` tables.
fn marks_in_readme() -> Vec<(String, String, String)> {
    let readme = std::fs::read_to_string(specs_dir().join("README.md")).expect("specs/README.md");
    let mut out = Vec::new();
    for line in readme.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.trim().trim_matches('|').split(" | ").map(str::trim).collect();
        if cells.len() == 5 && cells[3].starts_with(MARK) {
            out.push((
                cells[0].trim_matches('`').to_owned(),
                squash(&cells[3].replace("\\|", "|")),
                cells[4].to_owned(),
            ));
        }
    }
    out
}

#[test]
fn every_mark_is_listed_and_every_listed_item_exists() {
    let in_files = marks_in_files();
    let listed = marks_in_readme();
    assert!(
        in_files.len() > 100,
        "the specs carry their marks ({} found)",
        in_files.len()
    );
    let mut listed_count: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (f, n, _) in &listed {
        *listed_count.entry((f.clone(), n.clone())).or_insert(0) += 1;
    }
    let keys: BTreeSet<&(String, String)> = in_files.keys().chain(listed_count.keys()).collect();
    let mut wrong = Vec::new();
    for k in keys {
        let (here, there) = (
            in_files.get(k).copied().unwrap_or(0),
            listed_count.get(k).copied().unwrap_or(0),
        );
        if here != there {
            wrong.push(format!(
                "{}: in the file {here}×, in specs/README.md {there}×: {}",
                k.0, k.1
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "marks and the README list differ:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_listed_item_has_a_confidence() {
    for (file, note, confidence) in marks_in_readme() {
        let first = confidence.split([' ', '-', ';', '(']).next().unwrap_or("");
        assert!(
            CONFIDENCE.contains(&first),
            "{file}: `{note}` has confidence `{confidence}`, not one of {CONFIDENCE:?}"
        );
    }
}

/// The confidence a mark states in its text: the first word after `(confiança `.
fn stated_confidence(note: &str) -> Option<&str> {
    let rest = &note[note.find("(confiança ")? + "(confiança ".len()..];
    rest.split([' ', ')', ';', ',']).next()
}

#[test]
fn every_mark_states_its_confidence_as_the_readme_lists_it() {
    let words = [("low", "baixa"), ("medium", "média"), ("high", "alta")];
    let mut checked = 0;
    for (file, note, confidence) in marks_in_readme() {
        let listed = confidence.split([' ', '-', ';', '(']).next().unwrap_or("");
        let want = words.iter().find(|(en, _)| *en == listed).map(|(_, pt)| *pt);
        assert_eq!(
            stated_confidence(&note),
            want,
            "{file}: `{note}` is listed as `{confidence}`"
        );
        checked += 1;
    }
    assert!(checked > 100, "{checked} marks checked");
    // The tolerant reading of response records: each element made optional for want of a
    // published cardinality says so.
    let card = marks_in_files()
        .into_keys()
        .filter(|(_, n)| n.contains("cardinalidade não publicada (confiança baixa)"))
        .count();
    assert!(card >= 30, "{card} cardinality marks");
}

/// The note of a mark as the generated docs carry it: up to the first full stop after the
/// confidence it states (the description after it becomes the item's summary).
fn note_sentence(mark: &str) -> &str {
    let from = mark
        .find("(confiança")
        .and_then(|at| mark[at..].find(')').map(|close| at + close + 1))
        .unwrap_or(0);
    match mark[from..].find(". ") {
        Some(i) => &mark[..from + i + 1],
        None => mark,
    }
}

/// Text without the characters rustdoc escaping adds or changes (`\\<`, `<https://…>`).
fn plain(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '<' | '>' | '\\')).collect()
}

/// The documentation text of the generated API, [`plain`].
fn generated_docs() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src/api");
    let mut paths = Vec::new();
    files(&dir, &mut paths);
    let mut out = String::new();
    for p in paths {
        for line in std::fs::read_to_string(&p).expect("read").lines() {
            let line = line.trim();
            if let Some(text) = line.strip_prefix("///").or_else(|| line.strip_prefix("//!")) {
                out.push_str(&plain(text.trim()));
                out.push('\n');
            }
        }
    }
    out
}

#[test]
fn every_mark_reaches_the_generated_docs() {
    let docs = generated_docs();
    let mut checked = 0;
    let mut missing = Vec::new();
    for (file, mark, carried) in marks_with_carrying() {
        if !carried {
            continue;
        }
        checked += 1;
        let note = note_sentence(&mark);
        if !docs.contains(&plain(note)) {
            missing.push(format!("{file}: {note}"));
        }
    }
    assert!(checked > 200, "{checked} marks checked");
    assert!(
        missing.is_empty(),
        "marks the generated docs do not carry:\n{}",
        missing.join("\n")
    );
}
