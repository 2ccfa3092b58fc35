//! What a fetch records: the manifest's `provenance`, `files` and `sha256` of each fetched
//! set, and `fetched.toml` (where each file came from, and when).

use std::collections::{BTreeMap, BTreeSet};
use std::time::SystemTime;

use super::{FETCHED_FILE, Fetched};

// ---------------------------------------------------------------------------------------------
// The manifest and fetched.toml
// ---------------------------------------------------------------------------------------------

/// The manifest with `provenance`, `files` and `sha256` of the fetched entries updated;
/// every other byte (comments, order, other keys) kept.
pub fn update_manifest_text(text: &str, id: &str, files: &BTreeMap<String, Vec<u8>>) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| format!("specs/manifest.toml: {e}"))?;
    let specs = doc
        .get_mut("spec")
        .and_then(|i| i.as_array_of_tables_mut())
        .ok_or("specs/manifest.toml: no [[spec]] entries")?;
    let table = specs
        .iter_mut()
        .find(|t| t.get("id").and_then(|v| v.as_str()) == Some(id))
        .ok_or_else(|| format!("specs/manifest.toml: no spec `{id}`"))?;
    match table.get_mut("provenance").and_then(|i| i.as_value_mut()) {
        Some(v) => {
            let decor = v.decor().clone();
            *v = toml_edit::Value::from("official");
            *v.decor_mut() = decor;
        }
        None => {
            table.insert("provenance", toml_edit::value("official"));
        }
    }
    let wanted: Vec<&String> = files.keys().collect();
    let current: Vec<String> = table
        .get("files")
        .and_then(|i| i.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    let entry = table.get("entry").and_then(|v| v.as_str()).unwrap_or("").to_owned();
    let current_set: BTreeSet<&String> = current.iter().collect();
    if current_set != wanted.iter().copied().collect::<BTreeSet<_>>() {
        // The entry first, then the others in name order (the manifest's own convention).
        let mut arr = toml_edit::Array::new();
        if files.contains_key(&entry) {
            arr.push(entry.as_str());
        }
        for f in wanted.iter().filter(|f| ***f != entry) {
            arr.push(f.as_str());
        }
        match table.get_mut("files").and_then(|i| i.as_value_mut()) {
            Some(v) => {
                let decor = v.decor().clone();
                *v = toml_edit::Value::Array(arr);
                *v.decor_mut() = decor;
            }
            None => {
                table.insert("files", toml_edit::value(arr));
            }
        }
    }
    match table.get_mut("sha256").and_then(|i| i.as_table_mut()) {
        Some(t) => {
            t.clear();
            for (path, bytes) in files {
                t.insert(path, toml_edit::value(crate::sha256_hex(bytes)));
            }
        }
        None => {
            let mut t = toml_edit::Table::new();
            for (path, bytes) in files {
                t.insert(path, toml_edit::value(crate::sha256_hex(bytes)));
            }
            table.insert("sha256", toml_edit::Item::Table(t));
        }
    }
    Ok(doc.to_string())
}

pub(super) fn update_manifest(text: &str, fetched: &[&Fetched]) -> Result<String, String> {
    let mut text = text.to_owned();
    for f in fetched {
        text = update_manifest_text(&text, &f.entry.id, &f.files)?;
    }
    Ok(text)
}

/// `fetched.toml`: per spec id, the source used, when, and each file's URL.
pub(super) fn update_fetched(text: &str, fetched: &[&Fetched], when: &str) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = if text.trim().is_empty() {
        let mut d = toml_edit::DocumentMut::new();
        d.decor_mut().set_prefix(
            "# Written by `cargo xtask fetch`: where each official spec file came from (the URL of\n\
             # every file, imports included, and the source used). Do not edit by hand.\n",
        );
        d
    } else {
        text.parse().map_err(|e| format!("specs/{FETCHED_FILE}: {e}"))?
    };
    for f in fetched {
        let mut t = toml_edit::Table::new();
        t.insert("source", toml_edit::value(f.source.as_str()));
        t.insert("fetched_at", toml_edit::value(when));
        let mut files = toml_edit::Table::new();
        for (path, url) in &f.origins {
            files.insert(path, toml_edit::value(url.as_str()));
        }
        t.insert("files", toml_edit::Item::Table(files));
        doc.insert(&f.entry.id, toml_edit::Item::Table(t));
    }
    doc.sort_values();
    Ok(doc.to_string())
}

/// Now as `YYYY-MM-DDTHH:MM:SSZ`.
pub(super) fn timestamp() -> String {
    let secs = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_iso() {
        let t = timestamp();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.ends_with('Z') && t.as_bytes()[10] == b'T', "{t}");
    }

    #[test]
    fn manifest_update_keeps_comments() {
        let text = "# head\n[[spec]]\nid = \"a\"\nentry = \"psi/a/A.wsdl\"\nfiles = [\"psi/a/A.wsdl\"]\nprovenance = \"reconstructed\"   # note\nofficial_sources = [\"https://x\"]   # inferred\n[spec.sha256]\n\"psi/a/A.wsdl\" = \"00\"\n\n[[spec]]\nid = \"b\"\nprovenance = \"reconstructed\"\n";
        let files = BTreeMap::from([
            ("psi/a/A.wsdl".to_owned(), b"w".to_vec()),
            ("psi/a/A_schema1.xsd".to_owned(), b"x".to_vec()),
        ]);
        let out = update_manifest_text(text, "a", &files).unwrap();
        assert!(out.starts_with("# head\n"), "{out}");
        assert!(out.contains("provenance = \"official\"   # note\n"), "{out}");
        assert!(
            out.contains("official_sources = [\"https://x\"]   # inferred\n"),
            "{out}"
        );
        assert!(
            out.contains("files = [\"psi/a/A.wsdl\", \"psi/a/A_schema1.xsd\"]\n"),
            "{out}"
        );
        assert!(
            out.contains(&format!("\"psi/a/A_schema1.xsd\" = \"{}\"", crate::sha256_hex(b"x"))),
            "{out}"
        );
        assert!(
            out.ends_with("[[spec]]\nid = \"b\"\nprovenance = \"reconstructed\"\n"),
            "{out}"
        );
    }
}
