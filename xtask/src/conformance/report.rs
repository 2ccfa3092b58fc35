//! The Markdown report of `conformance`: one row per entry, a summary per top-level
//! folder, every entry's warnings (`--verbose`), and notes on the expectations.

use std::collections::BTreeMap;
use std::time::Duration;

use super::Row;

/// Text for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").chars().take(160).collect()
}

/// One row per entry, and the totals.
pub(super) fn print_table(rows: &[Row], time: Duration, compile_note: &str) {
    println!("| entry | kind | services | operations | types | warnings | result | ms |");
    println!("|---|---|---:|---:|---:|---:|---|---:|");
    for r in rows {
        let mark = if r.as_expected { "" } else { " **UNEXPECTED**" };
        println!(
            "| `{}` | {} | {} | {} | {} | {} | {}{} | {:.1} |",
            r.entry,
            r.kind,
            r.services,
            r.operations,
            r.types,
            r.warnings.len(),
            cell(&r.result),
            mark,
            r.millis
        );
    }
    let ok = rows.iter().filter(|r| r.result == "ok").count();
    let expected_fail = rows.iter().filter(|r| r.result != "ok" && r.as_expected).count();
    let unexpected = rows.iter().filter(|r| !r.as_expected).count();
    let warnings: usize = rows.iter().map(|r| r.warnings.len()).sum();
    println!(
        "\n{} entries: {ok} ok, {expected_fail} failed as expected, {unexpected} unexpected; {warnings} warning(s); generation {:.0?} in all; {compile_note}.",
        rows.len(),
        time
    );
}

/// Totals per top-level folder of the corpus.
pub(super) fn print_summary(rows: &[Row]) {
    #[derive(Default)]
    struct Sum {
        entries: usize,
        ok: usize,
        services: usize,
        operations: usize,
        types: usize,
        warnings: usize,
    }
    let mut sums: BTreeMap<&str, Sum> = BTreeMap::new();
    let mut total = Sum::default();
    for r in rows {
        let folder = r.entry.split_once('/').map(|(f, _)| f).unwrap_or(".");
        for s in [sums.entry(folder).or_default(), &mut total] {
            s.entries += 1;
            s.ok += usize::from(r.result == "ok");
            s.services += r.services;
            s.operations += r.operations;
            s.types += r.types;
            s.warnings += r.warnings.len();
        }
    }
    println!("\n| corpus folder | entries | ok | services | operations | types | warnings |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let line = |name: &str, s: &Sum| {
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} |",
            s.entries, s.ok, s.services, s.operations, s.types, s.warnings
        )
    };
    for (folder, s) in &sums {
        line(&format!("`{folder}`"), s);
    }
    let bold = |n: usize| format!("**{n}**");
    println!(
        "| **total** | {} | {} | {} | {} | {} | {} |",
        bold(total.entries),
        bold(total.ok),
        bold(total.services),
        bold(total.operations),
        bold(total.types),
        bold(total.warnings)
    );
}

/// Every entry's warnings, entry by entry.
pub(super) fn print_warnings(rows: &[Row]) {
    let with: Vec<&Row> = rows.iter().filter(|r| !r.warnings.is_empty()).collect();
    if with.is_empty() {
        println!("\nNo warnings.");
        return;
    }
    println!("\nWarnings:");
    for r in with {
        println!("\n`{}` ({}):", r.entry, r.warnings.len());
        for w in &r.warnings {
            println!("- {w}");
        }
    }
}

/// Expectations that name nothing of this corpus: each with `--verbose`, else their count.
pub(super) fn print_notes(notes: &[String], verbose: bool) {
    if notes.is_empty() {
        return;
    }
    if verbose {
        println!();
        for n in notes {
            println!("note: {n}");
        }
    } else {
        println!(
            "\nnote: {} expectation(s) of xtask/conformance.toml name nothing in this folder (ignored; --verbose lists them).",
            notes.len()
        );
    }
}
