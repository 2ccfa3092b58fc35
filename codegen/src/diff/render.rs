//! Text, Markdown and JSON renderings of a [`Report`]; all deterministic.

use std::fmt::Write as _;

use serde::Serialize;

use super::{Change, FileChange, ItemChange, Report, Review, RustItemChange, Semver, Severity, Summary};

/// How many "also" places the text and Markdown renderings show per change.
const ALSO_SHOWN: usize = 5;

fn sorted(report: &Report) -> Report {
    let mut r = report.clone();
    r.sort();
    r
}

fn summary_line(s: &Summary) -> String {
    format!(
        "{} change(s) break users ({} on the wire, {} in Rust); {} safe, {} info on the wire; {} spec file(s) changed; {} public Rust item(s) changed ({} major); {} place(s) of hand-written code to review",
        s.breaks_users, s.breaking, s.rust_breaking, s.safe, s.info, s.files, s.rust_items, s.rust_major, s.review
    )
}

fn rust_word(c: &Change) -> &'static str {
    match c.rust {
        Some(Semver::Major) => "rust major",
        Some(Semver::Minor) => "rust minor",
        None => "rust -",
    }
}

fn item_line(i: &RustItemChange) -> String {
    let mut s = format!("{} {}: {}", i.semver.as_str(), i.change.as_str(), i.reason);
    if let Some(w) = &i.wire {
        let _ = write!(s, " (from: {w})");
    }
    s
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
    for e in &r.errors {
        let _ = writeln!(out, "{e}");
    }
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
            "{:<9}{:<9}{:<11}{}",
            c.severity.as_str().to_uppercase(),
            c.affects.as_str(),
            rust_word(c),
            c.path
        );
        let _ = writeln!(out, "    {}: {}", c.kind.as_str(), c.message);
        if let Some(a) = arrow(c) {
            let _ = writeln!(out, "    {a}");
        }
        if let Some(a) = also_list(&c.also) {
            let _ = writeln!(out, "    also: {a}");
        }
        if !c.rust_items.is_empty() {
            let _ = writeln!(out, "    rust: {}", c.rust_items.join("; "));
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
            let _ = writeln!(
                out,
                "  {:<6}{:<8} {}  [{}]",
                i.semver.as_str().to_uppercase(),
                i.change.as_str(),
                i.item,
                i.file
            );
            let _ = writeln!(out, "           {}", item_line(i));
            if matches!(i.change, ItemChange::Changed | ItemChange::Moved) {
                let _ = writeln!(
                    out,
                    "           {} -> {}",
                    i.old.as_deref().unwrap_or(""),
                    i.new.as_deref().unwrap_or("")
                );
            }
        }
    }
    if !r.review.is_empty() {
        out.push_str("\nHand-written code to review (names a changed item):\n");
        for v in &r.review {
            let _ = writeln!(
                out,
                "  {}:{}: `{}` ({})\n      {}",
                v.file, v.line, v.ident, v.item, v.text
            );
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
    for e in &r.errors {
        let _ = writeln!(out, "**{}**\n", cell(e));
    }
    let _ = writeln!(
        out,
        "**{} change(s) break users** ({} on the wire, {} in Rust) · {} safe, {} info on the wire · {} spec file(s) changed · {} public Rust item(s) changed ({} major) · {} place(s) of hand-written code to review",
        s.breaks_users, s.breaking, s.rust_breaking, s.safe, s.info, s.files, s.rust_items, s.rust_major, s.review
    );
    if r.is_empty() {
        out.push_str("\nNo differences.\n");
    }
    let mut spec: Option<&str> = None;
    for c in &r.changes {
        if spec != Some(c.spec.as_str()) {
            spec = Some(c.spec.as_str());
            let _ = writeln!(out, "\n### `{}`\n", cell(&c.spec));
            out.push_str("| Wire | Affects | Rust | Where | Change | Old | New |\n|---|---|---|---|---|---|---|\n");
        }
        let sev = match c.severity {
            Severity::Breaking => "**breaking**".to_owned(),
            s => s.as_str().to_owned(),
        };
        let mut where_ = code(&c.path);
        if let Some(a) = also_list(&c.also) {
            let _ = write!(where_, "<br>also: {}", cell(&a));
        }
        let rust = match c.rust {
            Some(Semver::Major) => "**major**",
            Some(Semver::Minor) => "minor",
            None => "–",
        };
        if !c.rust_items.is_empty() {
            let _ = write!(where_, "<br>rust: {}", cell(&c.rust_items.join("; ")));
        }
        let _ = writeln!(
            out,
            "| {sev} | {} | {rust} | {where_} | {}: {} | {} | {} |",
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
            "\n### Public Rust items of `generated/`\n\n| Semver | Change | Item | File | Why | Old | New |\n|---|---|---|---|---|---|---|\n",
        );
        for i in &r.rust_items {
            let semver = match i.semver {
                Semver::Major => "**major**",
                Semver::Minor => "minor",
            };
            let _ = writeln!(
                out,
                "| {semver} | {} | {} | {} | {} | {} | {} |",
                i.change.as_str(),
                code(&i.item),
                code(&i.file),
                cell(&item_line(i)),
                opt_code(&i.old),
                opt_code(&i.new)
            );
        }
    }
    if !r.review.is_empty() {
        out.push_str(
            "\n### Hand-written code to review\n\n| Place | Names | Changed item | Line |\n|---|---|---|---|\n",
        );
        for v in &r.review {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                code(&format!("{}:{}", v.file, v.line)),
                code(&v.ident),
                code(&v.item),
                code(&v.text)
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
    review: &'a [Review],
    notes: &'a [String],
    errors: &'a [String],
}

/// JSON for bots: `{summary, changes, files, rust_items, review, notes, errors}`.
pub fn to_json(report: &Report) -> String {
    let r = sorted(report);
    let j = JsonReport {
        summary: r.summary(),
        changes: &r.changes,
        files: &r.files,
        rust_items: &r.rust_items,
        review: &r.review,
        notes: &r.notes,
        errors: &r.errors,
    };
    let mut s = serde_json::to_string_pretty(&j).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
