//! How deeply a YAML or JSON text nests, measured before it is parsed: the YAML parser takes
//! time quadratic in the nesting depth (a 200 KB flow sequence nested 100,000 deep took
//! minutes), and no spec needs more than a few dozen levels.
//!
//! The measure is a single pass over the lines: block collections count one level per
//! indentation step and per `- ` entry marker, flow collections (`[`, `{`, as JSON writes
//! them) one level per open bracket. Quoted strings, comments and block scalars (`|`, `>`)
//! are skipped, so brackets in prose never count.

use crate::Error;
use crate::model::{Position, Source};

/// Nesting levels a spec may use.
pub(crate) const MAX_DEPTH: usize = 256;

/// Refuse a text nested deeper than [`MAX_DEPTH`], at the line and column where it does.
pub(crate) fn check(file: &str, text: &str) -> Result<(), Error> {
    let mut scan = Scan::default();
    for (n, line) in text.lines().enumerate() {
        if let Some(column) = scan.line(line) {
            return Err(Error::spec(
                Source {
                    file: file.into(),
                    at: Position::Line {
                        line: n as u32 + 1,
                        column: column as u32 + 1,
                    },
                },
                format!("nested more than {MAX_DEPTH} levels deep; refused before parsing"),
            ));
        }
    }
    Ok(())
}

#[derive(Default)]
struct Scan {
    /// Indentations of the open block collections.
    indents: Vec<usize>,
    /// Open flow collections.
    flow: usize,
    /// Inside a quoted string that continues on the next line.
    quote: Option<char>,
    /// Inside a block scalar opened on a line of this indentation.
    block_scalar: Option<usize>,
}

impl Scan {
    /// Scan one line; the column (in characters) where the depth passes the limit, if it does.
    fn line(&mut self, line: &str) -> Option<usize> {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = &line[indent..];
        if let Some(parent) = self.block_scalar {
            if content.trim().is_empty() || indent > parent {
                return None;
            }
            self.block_scalar = None;
        }
        if self.flow > 0 || self.quote.is_some() {
            return self.flow_part(line, 0, 0);
        }
        if content.is_empty() || content.starts_with('#') {
            return None;
        }
        if content.starts_with("---") || content.starts_with("...") {
            self.indents.clear();
            return None;
        }
        while self.indents.last().is_some_and(|i| *i >= indent) {
            self.indents.pop();
        }
        self.indents.push(indent);
        // `- - - x`: one level per entry marker.
        let mut at = indent;
        let mut markers = 0;
        while line[at..].starts_with("- ") || &line[at..] == "-" {
            markers += 1;
            at += 1;
            at += line[at..].len() - line[at..].trim_start_matches(' ').len();
        }
        let base = self.indents.len() + markers;
        if base > MAX_DEPTH {
            return Some(at);
        }
        // The value of `key: value`, or the entry itself.
        let value_at = match key_end(&line[at..]) {
            Some(end) => {
                let v = at + end;
                v + line[v..].len() - line[v..].trim_start_matches(' ').len()
            }
            None => at,
        };
        let value = &line[value_at..];
        if value.starts_with(['|', '>']) {
            self.block_scalar = Some(indent);
            None
        } else if value.starts_with(['[', '{']) {
            self.flow_part(line, value_at, base)
        } else {
            None
        }
    }

    /// Scan flow content from byte `from`, `base` levels of block nesting around it.
    fn flow_part(&mut self, line: &str, from: usize, base: usize) -> Option<usize> {
        let mut prev_space = true;
        for (i, c) in line[from..].char_indices() {
            if let Some(q) = self.quote {
                // `\"` escapes in double quotes; `''` in single quotes reads as two quotes,
                // which closes and reopens: the same state after the pair.
                if c == q && !(q == '"' && escaped(&line[..from + i])) {
                    self.quote = None;
                }
                prev_space = false;
                continue;
            }
            match c {
                '"' | '\'' => self.quote = Some(c),
                '#' if prev_space => return None,
                '[' | '{' => {
                    self.flow += 1;
                    if base + self.flow > MAX_DEPTH {
                        return Some(line[..from + i].chars().count());
                    }
                }
                ']' | '}' => {
                    self.flow = self.flow.saturating_sub(1);
                    if self.flow == 0 {
                        return None;
                    }
                }
                _ => {}
            }
            prev_space = c.is_whitespace() || c == ',';
        }
        None
    }
}

/// True when the quote ending `before` is escaped (an odd run of backslashes precedes it).
fn escaped(before: &str) -> bool {
    (before.len() - before.trim_end_matches('\\').len()) % 2 == 1
}

/// The end of `key:` (after the colon) when the line starts with a plain or quoted key.
fn key_end(s: &str) -> Option<usize> {
    if s.starts_with(['[', '{']) {
        return None;
    }
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if i == 0 => quote = Some(c),
            (None, '#') if s[..i].ends_with(' ') => return None,
            (None, ':') if s[i + 1..].is_empty() || s[i + 1..].starts_with([' ', '\t']) => return Some(i + 1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_error(text: &str) -> Option<String> {
        check("a.yaml", text).err().map(|e| e.to_string())
    }

    #[test]
    fn deep_flow_sequences_are_refused_where_they_pass_the_limit() {
        let text = format!("x:\n  y: {}1{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let err = depth_error(&text).unwrap();
        // Two block levels, then the 255th bracket (the value starts at column 6).
        assert_eq!(
            err,
            "a.yaml:2:260: nested more than 256 levels deep; refused before parsing"
        );
    }

    #[test]
    fn deep_json_is_refused() {
        let text = format!("{}\"a\": 1{}", "{\"k\":\n".repeat(300), "}".repeat(300));
        assert!(
            depth_error(&text).unwrap().starts_with("a.yaml:257:1: nested"),
            "{text:.20}"
        );
    }

    #[test]
    fn deep_block_nesting_is_refused() {
        let mut text = String::new();
        for i in 0..300 {
            text.push_str(&format!("{}k{i}:\n", " ".repeat(i)));
        }
        assert!(depth_error(&text).unwrap().starts_with("a.yaml:257:"));
        assert!(depth_error(&format!("{}x\n", "- ".repeat(300))).is_some());
    }

    #[test]
    fn brackets_in_strings_comments_and_block_scalars_do_not_count() {
        let open = "[".repeat(300);
        let text = format!(
            "a: \"{open}\"\nb: '{open}'\nc: x # {open}\nd: |\n  {open}\n  more {open}\ne: >-\n    {open}\nf: [\"]\", '[', 1]\ng: see {open}\n"
        );
        assert_eq!(depth_error(&text), None);
        let json = format!("{{\"a\": \"{}\", \"b\": [1, {{\"c\": \"\\\"[\"}}]}}", open);
        assert_eq!(depth_error(&json), None);
    }
}
