//! Text, Markdown and JSON renderings of a [`Report`]; all deterministic.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Change, FileChange, Report, RustItemChange, Severity, Summary};

/// How many "also" places the text and Markdown renderings show per change.
const ALSO_SHOWN: usize = 5;

fn sorted(report: &Report) -> Report {
    let mut r = report.clone();
    r.sort();
    r
}

fn summary_line(s: &Summary) -> String {
    format!(
        "{} breaking, {} safe, {} info; {} spec file(s) changed; {} public Rust item(s) changed",
        s.breaking, s.safe, s.info, s.files, s.rust_items
    )
}

fn arrow(c: &Change) -> Option<String> {
    match (&c.old, &c.new) {
        (None, None) => None,
        (o, n) => Some(format!(
            "{} -> {}",
            o.as_deref().unwrap_or("(none)"),
            n.as_deref().unwrap_or("(none)")
        )),
    }
}

fn also_list(also: &[String]) -> Option<String> {
    if also.is_empty() {
        return None;
    }
    let shown: Vec<&str> = also.iter().take(ALSO_SHOWN).map(String::as_str).collect();
    let mut s = shown.join("; ");
    if also.len() > ALSO_SHOWN {
        let _ = write!(s, " (and {} more)", also.len() - ALSO_SHOWN);
    }
    Some(s)
}

fn short_sha(s: &Option<String>) -> String {
    match s {
        Some(s) => s.chars().take(12).collect(),
        None => "-".into(),
    }
}

/// Plain text for a terminal.
pub fn to_text(report: &Report) -> String {
    let r = sorted(report);
    let mut out = String::new();
    let _ = writeln!(out, "Spec drift: {}", summary_line(&r.summary()));
    if r.is_empty() {
        out.push_str("No differences.\n");
    }
    let mut spec: Option<&str> = None;
    for c in &r.changes {
        if spec != Some(c.spec.as_str()) {
            spec = Some(c.spec.as_str());
            let _ = writeln!(out, "\n== {} ==", c.spec);
        }
        let _ = writeln!(
            out,
            "{:<9}{:<9}{}",
            c.severity.as_str().to_uppercase(),
            c.affects.as_str(),
            c.path
        );
        let _ = writeln!(out, "    {}: {}", c.kind.as_str(), c.message);
        if let Some(a) = arrow(c) {
            let _ = writeln!(out, "    {a}");
        }
        if let Some(a) = also_list(&c.also) {
            let _ = writeln!(out, "    also: {a}");
        }
    }
    if !r.files.is_empty() {
        out.push_str("\nSpec files:\n");
        for f in &r.files {
            let _ = writeln!(
                out,
                "  {:<8} {:<28} {}  {} -> {}",
                f.change.as_str(),
                f.spec,
                f.path,
                short_sha(&f.old_sha256),
                short_sha(&f.new_sha256)
            );
        }
    }
    if !r.rust_items.is_empty() {
        out.push_str("\nPublic Rust items (generated/):\n");
        for i in &r.rust_items {
            let _ = writeln!(out, "  {:<8} {}  [{}]", i.change.as_str(), i.item, i.file);
            if i.change == super::ItemChange::Changed {
                let _ = writeln!(
                    out,
                    "           {} -> {}",
                    i.old.as_deref().unwrap_or(""),
                    i.new.as_deref().unwrap_or("")
                );
            }
        }
    }
    if !r.notes.is_empty() {
        out.push_str("\nNotes:\n");
        for n in &r.notes {
            let _ = writeln!(out, "  - {n}");
        }
    }
    out
}

fn cell(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn code(s: &str) -> String {
    format!("`{}`", cell(s).replace('`', "'"))
}

fn opt_code(s: &Option<String>) -> String {
    s.as_deref().map(code).unwrap_or_else(|| "–".into())
}

/// Markdown for a pull-request comment or a job summary.
pub fn to_markdown(report: &Report) -> String {
    let r = sorted(report);
    let s = r.summary();
    let mut out = String::from("## Spec drift report\n\n");
    let _ = writeln!(
        out,
        "**{} breaking**, {} safe, {} info · {} spec file(s) changed · {} public Rust item(s) changed",
        s.breaking, s.safe, s.info, s.files, s.rust_items
    );
    if r.is_empty() {
        out.push_str("\nNo differences.\n");
    }
    let mut spec: Option<&str> = None;
    for c in &r.changes {
        if spec != Some(c.spec.as_str()) {
            spec = Some(c.spec.as_str());
            let _ = writeln!(out, "\n### `{}`\n", cell(&c.spec));
            out.push_str("| Severity | Affects | Where | Change | Old | New |\n|---|---|---|---|---|---|\n");
        }
        let sev = match c.severity {
            Severity::Breaking => "**breaking**".to_owned(),
            s => s.as_str().to_owned(),
        };
        let mut where_ = code(&c.path);
        if let Some(a) = also_list(&c.also) {
            let _ = write!(where_, "<br>also: {}", cell(&a));
        }
        let _ = writeln!(
            out,
            "| {sev} | {} | {where_} | {}: {} | {} | {} |",
            c.affects.as_str(),
            c.kind.as_str(),
            cell(&c.message),
            opt_code(&c.old),
            opt_code(&c.new)
        );
    }
    if !r.files.is_empty() {
        out.push_str("\n### Spec files\n\n| Change | Spec | File | Old sha256 | New sha256 |\n|---|---|---|---|---|\n");
        for f in &r.files {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} | {} |",
                f.change.as_str(),
                cell(&f.spec),
                code(&f.path),
                code(&short_sha(&f.old_sha256)),
                code(&short_sha(&f.new_sha256))
            );
        }
    }
    if !r.rust_items.is_empty() {
        out.push_str(
            "\n### Public Rust items of `generated/`\n\n| Change | Item | File | Old | New |\n|---|---|---|---|---|\n",
        );
        for i in &r.rust_items {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                i.change.as_str(),
                code(&i.item),
                code(&i.file),
                opt_code(&i.old),
                opt_code(&i.new)
            );
        }
    }
    if !r.notes.is_empty() {
        out.push_str("\n### Notes\n\n");
        for n in &r.notes {
            let _ = writeln!(out, "- {}", cell(n));
        }
    }
    out
}

#[derive(Serialize)]
struct JsonReport<'a> {
    summary: Summary,
    changes: &'a [Change],
    files: &'a [FileChange],
    rust_items: &'a [RustItemChange],
    notes: &'a [String],
}

/// JSON for bots: `{summary, changes, files, rust_items, notes}`.
pub fn to_json(report: &Report) -> String {
    let r = sorted(report);
    let j = JsonReport {
        summary: r.summary(),
        changes: &r.changes,
        files: &r.files,
        rust_items: &r.rust_items,
        notes: &r.notes,
    };
    let mut s = serde_json::to_string_pretty(&j).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
