//! One hand-written Rust file read for the review: the words of each line, what its `use`
//! items import, and the scopes a line sits in (functions with the type of `self` and the
//! types their parameters and locals are bound to, the statements of their bodies, and the
//! items outside functions), each with the identifiers it names and its lines.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;
use syn::spanned::Spanned;

/// A run of lines and the identifiers written in it.
#[derive(Debug, Clone)]
pub(super) struct Scope {
    pub(super) first: usize,
    pub(super) last: usize,
    pub(super) idents: BTreeSet<String>,
}

impl Scope {
    fn of(node: &(impl Spanned + ToTokens)) -> Scope {
        let span = node.span();
        Scope {
            first: span.start().line,
            last: span.end().line,
            idents: idents_of(node.to_token_stream()),
        }
    }

    fn holds(&self, line: usize) -> bool {
        (self.first..=self.last).contains(&line)
    }

    fn len(&self) -> usize {
        self.last - self.first
    }
}

/// A function (free, in an `impl` or in a trait) and what its body binds.
#[derive(Debug, Clone)]
pub(super) struct FnScope {
    pub(super) whole: Scope,
    /// The last segment of the `impl`'s self type, for `self` and `Self`.
    pub(super) self_ty: Option<String>,
    /// Parameter or local name → the identifiers of its declaration (`x: &T` → `T`;
    /// `let y = T::new(..)` → `T`, `new`).
    pub(super) values: BTreeMap<String, BTreeSet<String>>,
    /// The statements of the body, nested blocks included.
    pub(super) stmts: Vec<Scope>,
}

/// A hand-written file, indexed.
#[derive(Debug, Default)]
pub(super) struct FileIndex {
    /// Line (1-based) → its words in order: identifiers, `::`, other punctuation; outside
    /// comments, strings and attributes.
    pub(super) words: BTreeMap<usize, Vec<String>>,
    /// Every `use`: the name it brings in (`*` for a glob) and the path before that name.
    pub(super) imports: Vec<(String, Vec<String>)>,
    pub(super) fns: Vec<FnScope>,
    /// Items and `impl` headers outside functions, with the self type of an `impl`'s.
    pub(super) items: Vec<(Scope, Option<String>)>,
}

/// The identifiers of a token stream (attributes and doc comments left out).
fn idents_of(tokens: TokenStream) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut skip_group = false;
    for tt in tokens {
        match tt {
            TokenTree::Ident(i) => {
                out.insert(i.to_string());
            }
            TokenTree::Punct(p) => skip_group = p.as_char() == '#',
            TokenTree::Group(g) => {
                if !(skip_group && g.delimiter() == Delimiter::Bracket) {
                    out.extend(idents_of(g.stream()));
                }
                skip_group = false;
            }
            TokenTree::Literal(_) => {}
        }
    }
    out
}

/// Words per line, from the file's tokens.
fn words(tokens: TokenStream, out: &mut BTreeMap<usize, Vec<String>>) {
    let mut iter = tokens.into_iter().peekable();
    while let Some(tt) = iter.next() {
        match tt {
            TokenTree::Ident(i) => out.entry(i.span().start().line).or_default().push(i.to_string()),
            TokenTree::Punct(p) if p.as_char() == '#' => {
                // An attribute or doc comment: `#[..]` / `#![..]`.
                if matches!(iter.peek(), Some(TokenTree::Punct(b)) if b.as_char() == '!') {
                    iter.next();
                }
                if matches!(iter.peek(), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket) {
                    iter.next();
                }
            }
            TokenTree::Punct(p) => {
                let line = p.span().start().line;
                let joint = p.as_char() == ':'
                    && p.spacing() == Spacing::Joint
                    && matches!(iter.peek(), Some(TokenTree::Punct(n)) if n.as_char() == ':');
                if joint {
                    iter.next();
                    out.entry(line).or_default().push("::".into());
                } else {
                    out.entry(line).or_default().push(p.as_char().to_string());
                }
            }
            TokenTree::Group(g) => words(g.stream(), out),
            TokenTree::Literal(l) => out.entry(l.span().start().line).or_default().push("\"".into()),
        }
    }
}

fn use_tree(prefix: &mut Vec<String>, tree: &syn::UseTree, out: &mut Vec<(String, Vec<String>)>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_tree(prefix, &p.tree, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => out.push((n.ident.to_string(), prefix.clone())),
        syn::UseTree::Rename(r) => {
            let mut path = prefix.clone();
            path.push(r.ident.to_string());
            out.push((r.rename.to_string(), path));
        }
        syn::UseTree::Glob(_) => out.push(("*".into(), prefix.clone())),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                use_tree(prefix, t, out);
            }
        }
    }
}

/// The last segment of a type's path (`&mut a::B<C>` → `B`).
fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        syn::Type::Reference(r) => type_name(&r.elem),
        syn::Type::Paren(p) => type_name(&p.elem),
        syn::Type::Group(g) => type_name(&g.elem),
        _ => None,
    }
}

impl FileIndex {
    /// Index `text`; a file that does not parse is an error saying where.
    pub(super) fn read(file: &str, text: &str) -> Result<FileIndex, String> {
        let parsed = syn::parse_file(text).map_err(|e| {
            let at = e.span().start();
            format!(
                "{file}:{}:{}: not reviewed, it does not parse: {e}",
                at.line,
                at.column + 1
            )
        })?;
        let mut index = FileIndex::default();
        words(parsed.to_token_stream(), &mut index.words);
        index.items(&parsed.items);
        Ok(index)
    }

    fn items(&mut self, items: &[syn::Item]) {
        for item in items {
            match item {
                syn::Item::Fn(f) => self.function(&f.sig, &f.block, None, f),
                syn::Item::Impl(i) => {
                    let ty = type_name(&i.self_ty);
                    let mut header = Scope::of(&i.self_ty);
                    header.first = i.impl_token.span.start().line;
                    if let Some((_, path, _)) = &i.trait_ {
                        header.idents.extend(idents_of(path.to_token_stream()));
                    }
                    self.items.push((header, ty.clone()));
                    for ii in &i.items {
                        match ii {
                            syn::ImplItem::Fn(f) => self.function(&f.sig, &f.block, ty.as_deref(), f),
                            other => self.items.push((Scope::of(other), ty.clone())),
                        }
                    }
                }
                syn::Item::Trait(t) => {
                    for ti in &t.items {
                        match ti {
                            syn::TraitItem::Fn(f) if f.default.is_some() => {
                                if let Some(block) = &f.default {
                                    self.function(&f.sig, block, None, f);
                                }
                            }
                            other => self.items.push((Scope::of(other), None)),
                        }
                    }
                }
                syn::Item::Mod(m) => match &m.content {
                    Some((_, inner)) => self.items(inner),
                    None => self.items.push((Scope::of(m), None)),
                },
                syn::Item::Use(u) => {
                    use_tree(&mut Vec::new(), &u.tree, &mut self.imports);
                    self.items.push((Scope::of(u), None));
                }
                other => self.items.push((Scope::of(other), None)),
            }
        }
    }

    fn function(&mut self, sig: &syn::Signature, block: &syn::Block, self_ty: Option<&str>, whole: &impl ToTokens) {
        let mut f = FnScope {
            whole: Scope::of(whole),
            self_ty: self_ty.map(str::to_owned),
            values: BTreeMap::new(),
            stmts: Vec::new(),
        };
        for input in &sig.inputs {
            if let syn::FnArg::Typed(t) = input {
                let ty = idents_of(t.ty.to_token_stream());
                for name in idents_of(t.pat.to_token_stream()) {
                    f.values.entry(name).or_default().extend(ty.iter().cloned());
                }
            }
        }
        let mut nested = Vec::new();
        block_stmts(block, &mut f, &mut nested);
        self.fns.push(f);
        for item in nested {
            self.items(std::slice::from_ref(item));
        }
    }
}

/// Record the statements of a block, binding its locals; nested items are handed back.
fn block_stmts<'a>(block: &'a syn::Block, f: &mut FnScope, nested: &mut Vec<&'a syn::Item>) {
    for stmt in &block.stmts {
        match stmt {
            syn::Stmt::Item(item) => {
                nested.push(item);
                continue;
            }
            syn::Stmt::Local(local) => {
                let scope = Scope::of(stmt);
                for name in idents_of(local.pat.to_token_stream()) {
                    f.values.entry(name).or_default().extend(scope.idents.iter().cloned());
                }
                if let Some(init) = &local.init {
                    expr_blocks(&init.expr, f, nested);
                    if let Some((_, diverge)) = &init.diverge {
                        expr_blocks(diverge, f, nested);
                    }
                }
                f.stmts.push(scope);
            }
            syn::Stmt::Expr(e, _) => {
                f.stmts.push(Scope::of(stmt));
                expr_blocks(e, f, nested);
            }
            syn::Stmt::Macro(_) => f.stmts.push(Scope::of(stmt)),
        }
    }
}

/// The blocks inside an expression (branches, loop bodies, closures, arms), walked for
/// their statements.
fn expr_blocks<'a>(e: &'a syn::Expr, f: &mut FnScope, nested: &mut Vec<&'a syn::Item>) {
    match e {
        syn::Expr::Block(b) => block_stmts(&b.block, f, nested),
        syn::Expr::Unsafe(b) => block_stmts(&b.block, f, nested),
        syn::Expr::Async(b) => block_stmts(&b.block, f, nested),
        syn::Expr::Loop(l) => block_stmts(&l.body, f, nested),
        syn::Expr::While(w) => block_stmts(&w.body, f, nested),
        syn::Expr::ForLoop(l) => block_stmts(&l.body, f, nested),
        syn::Expr::If(i) => {
            block_stmts(&i.then_branch, f, nested);
            if let Some((_, other)) = &i.else_branch {
                expr_blocks(other, f, nested);
            }
        }
        syn::Expr::Match(m) => {
            for arm in &m.arms {
                expr_blocks(&arm.body, f, nested);
            }
        }
        syn::Expr::Closure(c) => expr_blocks(&c.body, f, nested),
        _ => {}
    }
}

impl FileIndex {
    /// The innermost function holding `line`.
    pub(super) fn function_at(&self, line: usize) -> Option<&FnScope> {
        self.fns
            .iter()
            .filter(|f| f.whole.holds(line))
            .min_by_key(|f| f.whole.len())
    }

    /// The innermost statement of `f` holding `line`.
    pub(super) fn statement_at(f: &FnScope, line: usize) -> Option<&Scope> {
        f.stmts.iter().filter(|s| s.holds(line)).min_by_key(|s| s.len())
    }

    /// The innermost item (outside functions) holding `line`, with its `impl`'s self type.
    pub(super) fn item_at(&self, line: usize) -> Option<&(Scope, Option<String>)> {
        self.items
            .iter()
            .filter(|(s, _)| s.holds(line))
            .min_by_key(|(s, _)| s.len())
    }
}
