//! Rust tokens as the compact text the drift report prints: `Option<rt::Date>`,
//! `fn new(niss: impl Into<rt::Niss>) -> Self`, `[Self; 3]`.
//!
//! The token tree is flattened into pieces (words, operators such as `::` and `->`, and the
//! brackets of groups) and each pair of neighbours decides whether a space goes between
//! them, so a keyword keeps its space before a path that starts with `::`
//! (`impl ::std::convert::Into` stays two words). The paths of the standard library and of
//! the generated crate are then shortened.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;

/// One piece of the flattened token stream.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// An identifier, literal or lifetime (`'a`).
    Word(String),
    /// A Rust keyword (`impl`, `fn`, `dyn`, `mut`, …); `self`, `Self`, `crate` and `super`
    /// are path segments, so words.
    Keyword(String),
    /// An operator, its joint characters together (`::`, `->`, `&`, `<`).
    Op(String),
    /// The opening bracket of a group.
    Open(char),
    /// The closing bracket of a group.
    Close(char),
}

const KEYWORDS: &[&str] = &[
    "as", "async", "const", "dyn", "else", "enum", "extern", "fn", "for", "if", "impl", "in", "let", "loop", "match",
    "mod", "move", "mut", "pub", "ref", "return", "static", "struct", "trait", "type", "unsafe", "use", "where",
    "while",
];

fn flatten(tokens: TokenStream, out: &mut Vec<Piece>) {
    let mut iter = tokens.into_iter().peekable();
    let mut op = String::new();
    while let Some(tt) = iter.next() {
        match tt {
            TokenTree::Punct(p) if p.as_char() == '\'' && p.spacing() == Spacing::Joint => {
                // A lifetime: `'` joined to the identifier after it.
                if let Some(TokenTree::Ident(i)) = iter.peek() {
                    out.push(Piece::Word(format!("'{i}")));
                    iter.next();
                } else {
                    out.push(Piece::Op("'".into()));
                }
            }
            TokenTree::Punct(p) => {
                op.push(p.as_char());
                if p.spacing() == Spacing::Alone
                    || !matches!(iter.peek(), Some(TokenTree::Punct(n)) if n.as_char() != '\'')
                {
                    out.push(Piece::Op(std::mem::take(&mut op)));
                }
            }
            TokenTree::Ident(i) => {
                let s = i.to_string();
                if KEYWORDS.contains(&s.as_str()) {
                    out.push(Piece::Keyword(s));
                } else {
                    out.push(Piece::Word(s));
                }
            }
            TokenTree::Literal(l) => out.push(Piece::Word(l.to_string())),
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ('(', ')'),
                    Delimiter::Bracket => ('[', ']'),
                    Delimiter::Brace => ('{', '}'),
                    Delimiter::None => {
                        flatten(g.stream(), out);
                        continue;
                    }
                };
                out.push(Piece::Open(open));
                flatten(g.stream(), out);
                out.push(Piece::Close(close));
            }
        }
    }
}

/// Operators written with a space on each side.
fn spaced(op: &str) -> bool {
    matches!(op, "->" | "=" | "+" | "=>" | "==" | "!=" | "|" | "||" | "&&")
}

/// Whether a space goes between two neighbouring pieces.
fn space(prev: &Piece, next: &Piece) -> bool {
    use Piece::{Close, Keyword, Op, Open, Word};
    match (prev, next) {
        (Open(_), _) | (_, Close(_)) => false,
        (_, Op(o)) if o == "," || o == ";" => false,
        (Op(o), _) if o == "," || o == ";" => true,
        (_, Op(o)) if o == ":" => false,
        (Op(o), _) if o == ":" => true,
        (Op(o), _) if spaced(o) => true,
        (_, Op(o)) if spaced(o) => true,
        // Paths: `a::b`, `Vec<T>::new`, but `impl ::std::x` and `dyn ::core::y`.
        (_, Op(o)) if o == "::" => matches!(prev, Keyword(_)),
        (Op(o), _) if o == "::" => false,
        // Generics: `Vec<T>`, `impl<T>`, `for<'a>`.
        (_, Op(o)) if o == "<" || o == ">" || o == ">>" => false,
        (Op(o), _) if o == "<" => false,
        (Op(o), Open(_)) if o == ">" || o == ">>" => false,
        // References, pointers, attributes, `?Sized`, `!`: tight to what follows.
        (Op(o), _) if matches!(o.as_str(), "&" | "*" | "#" | "?" | "!" | "'" | "..") => false,
        // `fn(u8)`, `pub(crate)`, `f(x)`, `a[0]`: no space before the group; `mut [u8]`, `dyn (A)`.
        (Keyword(k), Open(_)) => !matches!(k.as_str(), "fn" | "pub"),
        (Word(_) | Close(_), Open(_)) => false,
        (Op(_), Open(_)) => true,
        _ => true,
    }
}

fn render(pieces: &[Piece]) -> String {
    let mut s = String::new();
    for (i, p) in pieces.iter().enumerate() {
        if i > 0 && space(&pieces[i - 1], p) {
            s.push(' ');
        }
        match p {
            Piece::Word(w) | Piece::Keyword(w) | Piece::Op(w) => s.push_str(w),
            Piece::Open(c) | Piece::Close(c) => s.push(*c),
        }
    }
    s
}

/// Paths shortened in the report: the prelude's and the generated crate's.
const SHORT: &[(&str, &str)] = &[
    ("::std::option::Option", "Option"),
    ("::std::vec::Vec", "Vec"),
    ("::std::string::String", "String"),
    ("::std::boxed::Box", "Box"),
    ("::std::result::Result", "Result"),
    ("::std::convert::Into", "Into"),
    ("::std::convert::From", "From"),
    ("::std::", "std::"),
    ("::core::", "core::"),
    ("crate::api::", ""),
    ("crate::rt::", "rt::"),
];

/// Tokens as compact text: `:: std :: option :: Option < T >` → `Option<T>`; the paths of
/// the generated crate are shortened (`crate::api::m::T` → `m::T`, `crate::rt::X` → `rt::X`);
/// a trailing comma before `)` or `>` is dropped.
pub(super) fn tokens_text(t: &impl ToTokens) -> String {
    let mut pieces = Vec::new();
    flatten(t.to_token_stream(), &mut pieces);
    // A trailing comma says nothing about the signature.
    let kept: Vec<Piece> = pieces
        .iter()
        .enumerate()
        .filter(|(i, p)| {
            let comma = matches!(p, Piece::Op(o) if o == ",");
            let closes = match pieces.get(i + 1) {
                Some(Piece::Close(_)) => true,
                Some(Piece::Op(o)) => o == ">" || o == ">>",
                _ => false,
            };
            !(comma && closes)
        })
        .map(|(_, p)| p.clone())
        .collect();
    let mut s = render(&kept);
    for (from, to) in SHORT {
        s = s.replace(from, to);
    }
    s.trim_start_matches("::").to_owned()
}

#[cfg(test)]
mod tests {
    use super::tokens_text;

    fn text(src: &str) -> String {
        let ty: syn::Type = syn::parse_str(src).expect("a type");
        tokens_text(&ty)
    }

    fn sig(src: &str) -> String {
        let f: syn::ItemFn = syn::parse_str(&format!("{src} {{}}")).expect("a function");
        tokens_text(&f.sig)
    }

    #[test]
    fn a_keyword_keeps_its_space_before_a_path_from_the_root() {
        let s = sig(
            "pub fn new(niss: impl ::std::convert::Into<crate::rt::Niss>, nome: impl ::core::fmt::Display) -> Self",
        );
        assert_eq!(
            s,
            "fn new(niss: impl Into<rt::Niss>, nome: impl core::fmt::Display) -> Self"
        );
        assert!(s.is_ascii(), "{s}");
        assert_eq!(text("&dyn ::std::error::Error"), "&dyn std::error::Error");
    }

    #[test]
    fn types_are_compact() {
        assert_eq!(
            text(":: std :: option :: Option < crate :: rt :: Date >"),
            "Option<rt::Date>"
        );
        assert_eq!(text("[Self; 3]"), "[Self; 3]");
        assert_eq!(text("&'a mut [u8]"), "&'a mut [u8]");
        assert_eq!(
            text("::std::result::Result<crate::api::m::T, crate::rt::Error<crate::rt::NoFault>>"),
            "Result<m::T, rt::Error<rt::NoFault>>"
        );
        assert_eq!(text("(u8, String,)"), "(u8, String)");
        assert_eq!(text("fn(u8) -> u8"), "fn(u8) -> u8");
        assert_eq!(
            text("Box<dyn Fn(&str) -> bool + Send>"),
            "Box<dyn Fn(&str) -> bool + Send>"
        );
        assert_eq!(text("<T as Tr>::Out"), "<T as Tr>::Out");
        assert_eq!(text("*const u8"), "*const u8");
    }

    #[test]
    fn signatures_read_as_written() {
        assert_eq!(
            sig("pub async fn f<'a, T: Into<String>>(&'a self, x: Option<&'a T>) -> Result<(), E> where T: Clone"),
            "async fn f<'a, T: Into<String>>(&'a self, x: Option<&'a T>) -> Result<(), E> where T: Clone"
        );
    }
}
