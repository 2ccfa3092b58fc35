//! Emission: `quote!` token streams per module, formatted with `syn` + `prettyplease`.
//!
//! Every path in generated code is absolute (`::std::string::String`, `crate::rt::…`,
//! `crate::api::module::Type`), so items can move between modules without `use` lists.

mod client;
mod encoded;
mod types;

pub use client::soap_output_header_fields;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::model::{Model, Primitive, Shape, TypeId, TypeKind, UnionStyle};
use crate::passes::{Format, Program, Unit, is_item};
use crate::{Error, Generated, Options};

/// Paths the generated code names.
pub(crate) struct Ctx<'a> {
    pub program: &'a Program,
    pub rt: TokenStream,
    pub api: TokenStream,
}

impl Ctx<'_> {
    pub fn model(&self, spec: usize) -> &Model {
        &self.program.specs[spec].1
    }
    pub fn format(&self, spec: usize) -> Format {
        self.program.formats[spec]
    }

    /// Follow element aliases (never emitted) to the type that is.
    pub fn resolve(&self, spec: usize, mut id: TypeId) -> TypeId {
        let model = self.model(spec);
        for _ in 0..64 {
            match &model.ty(id).shape {
                Shape::Alias(t) if model.ty(id).key.kind == TypeKind::Element => id = *t,
                _ => break,
            }
        }
        id
    }

    /// The Rust type for a reference.
    pub fn ty(&self, spec: usize, id: TypeId) -> TokenStream {
        let id = self.resolve(spec, id);
        let model = self.model(spec);
        let def = model.ty(id);
        let rt = &self.rt;
        match &def.shape {
            Shape::Primitive(p) if !is_item(def) => primitive(*p, rt, self.format(spec)),
            _ => {
                let module = format_ident!("{}", def.module.first().map(String::as_str).unwrap_or("shared"));
                let name = ident(&def.rust_name);
                let api = &self.api;
                quote!(#api::#module::#name)
            }
        }
    }

    /// Does this type travel as text (element/attribute text) rather than as element content?
    pub fn is_simple(&self, spec: usize, id: TypeId) -> bool {
        xml_codec(self.model(spec), id) == XmlCodec::Text
    }

    /// Is this type kept raw (an `xs:any`, `xs:anyType` or opaque value)?
    pub fn is_raw(&self, spec: usize, id: TypeId) -> bool {
        xml_codec(self.model(spec), id) == XmlCodec::Raw
    }
}

/// How the generated code reads and writes a value in XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XmlCodec {
    /// As element or attribute text (the runtime's `XmlText`).
    Text,
    /// As element content (`XmlElement`).
    Element,
    /// Kept as it came (`RawXml`): `xs:any`, `xs:anyType`, an opaque type.
    Raw,
}

/// How a value of `id` travels in XML, aliases followed.
pub fn xml_codec(model: &Model, id: TypeId) -> XmlCodec {
    let mut id = id;
    for _ in 0..64 {
        match &model.ty(id).shape {
            Shape::Alias(t) => id = *t,
            _ => break,
        }
    }
    match &model.ty(id).shape {
        Shape::Primitive(Primitive::Any) | Shape::Opaque { .. } => XmlCodec::Raw,
        Shape::Primitive(_) | Shape::Enum(_) | Shape::Newtype { .. } | Shape::List { .. } => XmlCodec::Text,
        Shape::Union(u) if u.style == UnionStyle::XmlSimpleUnion => XmlCodec::Text,
        _ => XmlCodec::Element,
    }
}

/// The Rust spelling of a built-in scalar.
pub(crate) fn primitive(p: Primitive, rt: &TokenStream, format: Format) -> TokenStream {
    match p {
        Primitive::String | Primitive::Duration | Primitive::Uri | Primitive::Uuid | Primitive::QName => {
            quote!(::std::string::String)
        }
        Primitive::Bool => quote!(bool),
        Primitive::I8 => quote!(i8),
        Primitive::I16 => quote!(i16),
        Primitive::I32 => quote!(i32),
        Primitive::I64 => quote!(i64),
        // xs:integer is unbounded: 128 bits hold 38 digits; beyond that a located error.
        Primitive::Integer => quote!(i128),
        Primitive::U8 => quote!(u8),
        Primitive::U16 => quote!(u16),
        Primitive::U32 => quote!(u32),
        Primitive::U64 => quote!(u64),
        Primitive::F32 => quote!(f32),
        Primitive::F64 => quote!(f64),
        Primitive::Decimal => quote!(#rt::Decimal),
        Primitive::Date => quote!(#rt::Date),
        Primitive::DateTime => quote!(#rt::DateTime),
        Primitive::Time => quote!(#rt::Time),
        Primitive::Base64 => quote!(#rt::Base64),
        Primitive::HexBinary => quote!(#rt::HexBinary),
        Primitive::Niss => quote!(#rt::Niss),
        Primitive::Nif => quote!(#rt::Nif),
        Primitive::Nipc => quote!(#rt::Nipc),
        Primitive::ResultCode => quote!(#rt::ResultCode),
        Primitive::Any => match format {
            Format::Xml => quote!(#rt::xml::RawXml),
            Format::Json => quote!(#rt::JsonValue),
        },
    }
}

/// An identifier, raw where the name is a keyword that allows it.
pub(crate) fn ident(name: &str) -> Ident {
    if let Some(raw) = name.strip_prefix("r#") {
        return Ident::new_raw(raw, Span::call_site());
    }
    Ident::new(name, Span::call_site())
}

/// Documentation attributes, made safe for rustdoc: spec text never becomes code. Every line
/// is trimmed (no indented code block), every run of three or more backticks or tildes is
/// escaped (no fenced code block, so no doc-test), link brackets and angle brackets are
/// escaped (no HTML, no links), bare URLs wrapped.
pub(crate) fn docs(text: Option<&str>) -> TokenStream {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return TokenStream::new();
    };
    let lines: Vec<String> = text.lines().map(|l| sanitize_doc_line(l.trim())).collect();
    let mut out = TokenStream::new();
    let mut blank = false;
    for line in lines {
        if line.is_empty() {
            if blank {
                continue;
            }
            blank = true;
        } else {
            blank = false;
        }
        let line = format!(" {line}");
        out.extend(quote!(#[doc = #line]));
    }
    out
}

fn sanitize_doc_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for word in line.split_inclusive(' ') {
        let bare = word.trim_end();
        // Quotes or a parenthesis around the address are not part of it, nor is the
        // punctuation that ends the sentence after it.
        let lead = bare.len() - bare.trim_start_matches(['"', '\'', '(', '«']).len();
        let rest = &bare[lead..];
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let link = rest.trim_end_matches(['.', ',', ';', ':', ')', '"', '\'', '»']);
            let url: String = link.chars().filter(|c| !matches!(c, '<' | '>' | '`')).collect();
            out.push_str(&bare[..lead]);
            out.push('<');
            out.push_str(&url);
            out.push('>');
            out.push_str(&word[lead + link.len()..]);
            continue;
        }
        for c in word.chars() {
            match c {
                '[' | ']' | '<' | '>' => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push(c),
            }
        }
    }
    escape_fences(&out)
}

/// Escape every character of each run of three or more backticks or tildes, so that no run
/// opens a fenced code block (which rustdoc would compile and run as a doc-test). A
/// backslash already in front of a run can only unescape its first character, and one
/// backtick is no fence.
fn escape_fences(line: &str) -> String {
    if !line.contains("``") && !line.contains("~~") {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        let run = if matches!(c, '`' | '~') {
            rest.len() - rest.trim_start_matches(c).len()
        } else {
            0
        };
        if run >= 3 {
            for _ in 0..run {
                out.push('\\');
                out.push(c);
            }
            rest = &rest[run..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Join doc paragraphs that may be missing. A paragraph that opens with an `Unverified:`
/// sentence has it moved to a paragraph of its own after the rest, so that the summary line
/// says what the item is; a note with nothing else before a later paragraph (the wire name)
/// follows that paragraph.
pub(crate) fn join_docs(parts: &[Option<&str>]) -> Option<String> {
    let mut joined: Vec<String> = parts
        .iter()
        .flatten()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(|s| s.split("\n\n").map(unverified_last).collect::<Vec<_>>().join("\n\n"))
        .collect();
    let is_note = |p: &String| p.starts_with(UNVERIFIED);
    if let (Some(true), Some(summary)) = (joined.first().map(is_note), joined.iter().position(|p| !is_note(p))) {
        let paragraph = joined.remove(summary);
        joined.insert(0, paragraph);
    }
    if joined.is_empty() {
        None
    } else {
        Some(joined.join("\n\n"))
    }
}

/// How a doc paragraph marks a guess.
const UNVERIFIED: &str = "Unverified:";

/// One documentation text as one paragraph, its `Unverified:` note after the description
/// (for a line of a list, such as a parameter's).
pub(crate) fn one_paragraph(text: &str) -> String {
    let text: Vec<String> = text.split("\n\n").map(unverified_last).collect();
    text.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `Unverified: note. Description.` as `Description.` then `Unverified: note.`, paragraph by
/// paragraph. The note ends at the first full stop after the confidence it states
/// (`(confiança …)`), so an abbreviation before it (`set. 2026`) does not cut it.
fn unverified_last(text: &str) -> String {
    let text = text.trim();
    if !text.starts_with(UNVERIFIED) {
        return text.to_owned();
    }
    let from = text
        .find("(confiança")
        .and_then(|at| text[at..].find(')').map(|close| at + close + 1))
        .unwrap_or(0);
    match text[from..].find(". ").map(|i| from + i) {
        Some(end) if !text[end + 2..].trim().is_empty() => {
            format!("{}\n\n{}", text[end + 2..].trim(), &text[..=end])
        }
        _ => text.to_owned(),
    }
}

/// Format a token stream as a Rust file.
fn format_file(file: &str, tokens: TokenStream) -> Result<String, Error> {
    let parsed: syn::File = syn::parse2(tokens).map_err(|e| Error::Emit {
        file: file.to_owned(),
        message: e.to_string(),
    })?;
    Ok(prettyplease::unparse(&parsed))
}

/// The comment block at the top of every generated file.
pub(crate) fn header(lines: &[String], options: &Options) -> String {
    let mut s = String::from("// @generated by psi-codegen: do not edit by hand.\n");
    for l in lines {
        s.push_str("// ");
        s.extend(l.chars().filter(|c| !c.is_control()));
        s.push('\n');
    }
    let command: String = options.regenerate_command.chars().filter(|c| !c.is_control()).collect();
    s.push_str(&format!("// Regenerate with `{command}`.\n\n"));
    s
}

/// Emit every file of the `api` tree.
pub fn emit(program: &Program, options: &Options) -> Result<Generated, Error> {
    // Fail early on paths that are not Rust paths.
    path_tokens(&options.runtime_path)?;
    path_tokens(&options.api_path)?;

    // Items per module, in a stable order (by Rust name).
    let mut items: BTreeMap<String, BTreeMap<String, Unit>> = BTreeMap::new();
    let mut sources: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (mi, (_, model)) in program.specs.iter().enumerate() {
        for id in model.type_ids() {
            let unit = Unit { spec: mi, ty: id };
            let def = model.ty(id);
            if !is_item(def) || program.canonical(unit) != unit || program.unused.contains(&unit) {
                continue;
            }
            let module = def.module.join("::");
            sources.entry(module.clone()).or_default().insert(mi);
            items.entry(module).or_default().insert(def.rust_name.clone(), unit);
        }
        for svc in &model.services {
            sources.entry(svc.rust_name.clone()).or_default().insert(mi);
        }
    }

    // The work, cut into tasks: per module its clients, then its items in chunks, so that
    // large modules are quoted and formatted on every core.
    const CHUNK: usize = 128;
    let mut tasks: Vec<Task<'_>> = Vec::new();
    let item_lists: BTreeMap<&String, Vec<Unit>> =
        items.iter().map(|(m, u)| (m, u.values().copied().collect())).collect();
    for (module, doc) in &program.modules {
        tasks.push(Task::Head { module, doc });
        if let Some(units) = item_lists.get(module) {
            for chunk in units.chunks(CHUNK) {
                tasks.push(Task::Items { module, units: chunk });
            }
        }
    }
    let texts = run_tasks(program, options, &tasks, &items)?;

    let mut files = BTreeMap::new();
    let mut warnings = Vec::new();
    for (_, model) in &program.specs {
        warnings.extend(model.warnings.iter().cloned());
    }
    for (task, text) in tasks.iter().zip(texts) {
        match task {
            Task::Head { module, .. } => {
                let mut head = Vec::new();
                for mi in sources.get(*module).into_iter().flatten() {
                    let (input, _) = &program.specs[*mi];
                    let provenance = if input.provenance.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", input.provenance)
                    };
                    head.push(format!("Source: {}/{}{provenance}", options.spec_dir, input.entry));
                    for (file, sha) in &input.sha256 {
                        head.push(format!("  sha256 {sha}  {file}"));
                    }
                }
                files.insert(format!("{module}.rs"), format!("{}{text}", header(&head, options)));
            }
            Task::Items { module, .. } => {
                if let Some(file) = files.get_mut(&format!("{module}.rs")) {
                    file.push_str(&text);
                }
            }
        }
    }
    // mod.rs
    let mut mods = TokenStream::new();
    let mut all_modules = program.modules.clone();
    all_modules.extend(options.extra_modules.iter().map(|(k, v)| (k.clone(), v.clone())));
    // Each module documents itself (inner docs); an outer doc here would also move the
    // scope its intra-doc links resolve in.
    for module in all_modules.keys() {
        let m = ident(module);
        mods.extend(quote! { pub mod #m; });
    }
    let roundtrip = if options.document_roundtrip {
        roundtrip_fn(program, options)?
    } else {
        TokenStream::new()
    };
    let root = quote! {
        #![doc = " The generated API: one module per service, types that several services share in `shared`."]
        #![allow(clippy::too_many_arguments, clippy::large_enum_variant, clippy::enum_variant_names, clippy::module_inception)]
        #mods
        #roundtrip
    };
    let text = format_file("mod.rs", root)?;
    let specs: Vec<String> = program
        .specs
        .iter()
        .map(|(i, _)| format!("{}/{}", options.spec_dir, i.entry))
        .collect();
    files.insert(
        "mod.rs".into(),
        format!(
            "{}{text}",
            header(
                &[format!("From {} spec set(s): {}", specs.len(), specs.join(", "))],
                options
            )
        ),
    );
    warnings.sort();
    warnings.dedup();
    Ok(Generated { files, warnings })
}

/// A unit of emission work.
enum Task<'a> {
    /// A module's docs and service clients.
    Head { module: &'a str, doc: &'a str },
    /// A run of a module's type items.
    Items { module: &'a str, units: &'a [Unit] },
}

/// Quote and format every task, on as many threads as there are cores; the texts come
/// back in task order, so the output does not depend on scheduling.
fn run_tasks(
    program: &Program,
    options: &Options,
    tasks: &[Task<'_>],
    items: &BTreeMap<String, BTreeMap<String, Unit>>,
) -> Result<Vec<String>, Error> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(tasks.len())
        .max(1);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<Result<String, Error>>>> =
        tasks.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let work = || -> Result<(), Error> {
        let rt = path_tokens(&options.runtime_path)?;
        let api = path_tokens(&options.api_path)?;
        let ctx = Ctx { program, rt, api };
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(task) = tasks.get(i) else { return Ok(()) };
            let result = run_task(&ctx, task, items);
            if let Ok(mut slot) = results[i].lock() {
                *slot = Some(result);
            }
        }
    };
    std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mine = work();
        for h in handles {
            match h.join() {
                Ok(r) => r?,
                Err(_) => {
                    return Err(Error::Emit {
                        file: "(emitter)".into(),
                        message: "an emitter thread panicked".into(),
                    });
                }
            }
        }
        mine
    })?;
    results
        .into_iter()
        .map(|slot| {
            slot.into_inner().ok().flatten().unwrap_or_else(|| {
                Err(Error::Emit {
                    file: "(emitter)".into(),
                    message: "a task was not run".into(),
                })
            })
        })
        .collect()
}

fn run_task(ctx: &Ctx<'_>, task: &Task<'_>, items: &BTreeMap<String, BTreeMap<String, Unit>>) -> Result<String, Error> {
    match task {
        Task::Head { module, doc } => {
            let mut tokens = inner_docs(&join_docs(&[Some(doc)]).unwrap_or_default());
            let mut taken: BTreeSet<String> = items
                .get(*module)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            for (mi, (input, model)) in ctx.program.specs.iter().enumerate() {
                for svc in model.services.iter().filter(|s| s.rust_name == *module) {
                    tokens.extend(client::service(ctx, mi, input, svc, &mut taken)?);
                }
            }
            format_file(&format!("{module}.rs"), tokens)
        }
        Task::Items { module, units } => {
            let mut tokens = TokenStream::new();
            for unit in *units {
                tokens.extend(types::item(ctx, *unit)?);
            }
            format_file(&format!("{module}.rs"), tokens)
        }
    }
}

fn path_tokens(path: &str) -> Result<TokenStream, Error> {
    syn::parse_str::<syn::Path>(path)
        .map(|p| p.into_token_stream_owned())
        .map_err(|e| Error::Emit {
            file: "(options)".into(),
            message: e.to_string(),
        })
}

/// `roundtrip_document`: decode a document by its root element and write it back.
fn roundtrip_fn(program: &Program, options: &Options) -> Result<TokenStream, Error> {
    let rt = path_tokens(&options.runtime_path)?;
    let api = path_tokens(&options.api_path)?;
    let ctx = Ctx {
        program,
        rt: rt.clone(),
        api,
    };
    let mut arms = TokenStream::new();
    let mut loose_arms = TokenStream::new();
    let mut loose_seen = BTreeSet::new();
    let mut seen = BTreeSet::new();
    // Global elements first; then named types, for documents whose root is named after a
    // type (test suites do that).
    for kinds in [
        &[TypeKind::Element][..],
        &[TypeKind::ComplexType, TypeKind::SimpleType][..],
    ] {
        for (mi, (_, model)) in program.specs.iter().enumerate() {
            if program.formats[mi] != Format::Xml {
                continue;
            }
            for id in model.type_ids() {
                let def = model.ty(id);
                if !kinds.contains(&def.key.kind)
                    || !crate::passes::is_item(def) && def.key.kind != TypeKind::Element
                    || !seen.insert((def.key.namespace.clone(), def.key.name.clone()))
                {
                    continue;
                }
                let ty = ctx.ty(mi, id);
                let local = &def.key.name;
                let (pat, ns) = match &def.key.namespace {
                    Some(n) => (
                        quote!(::std::option::Option::Some(#n)),
                        quote!(::std::option::Option::Some(#n)),
                    ),
                    None => (quote!(::std::option::Option::None), quote!(::std::option::Option::None)),
                };
                let call = if ctx.is_raw(mi, id) {
                    quote!(::std::result::Result::Ok(#rt::xml::RawXml::capture(root).xml))
                } else if ctx.is_simple(mi, id) {
                    quote!(#rt::xml::roundtrip_text::<#ty>(root, &ctx, #ns, #local))
                } else {
                    quote!(#rt::xml::roundtrip_element::<#ty>(root, &ctx, #ns, #local))
                };
                arms.extend(quote! { (#pat, #local) => #call, });
                // A tolerant reader also takes the root by its local name alone, and writes it
                // back in the namespace the document used.
                if loose_seen.insert(local.clone()) {
                    let doc_ns = quote!(root.tag_name().namespace());
                    let loose = if ctx.is_raw(mi, id) {
                        quote!(::std::result::Result::Ok(#rt::xml::RawXml::capture(root).xml))
                    } else if ctx.is_simple(mi, id) {
                        quote!(#rt::xml::roundtrip_text::<#ty>(root, &ctx, #doc_ns, #local))
                    } else {
                        quote!(#rt::xml::roundtrip_element::<#ty>(root, &ctx, #doc_ns, #local))
                    };
                    loose_arms.extend(quote! { (_, #local) => #loose, });
                }
            }
        }
    }
    Ok(quote! {
        /// Decode a document whose root is a global element of these specs and write it
        /// back; `None` when no global element has the root's name.
        pub fn roundtrip_document(xml: &str) -> ::std::option::Option<::std::result::Result<::std::string::String, #rt::xml::DecodeError>> {
            let doc = match #rt::xml::Document::parse(xml) {
                ::std::result::Result::Ok(d) => d,
                ::std::result::Result::Err(e) => return ::std::option::Option::Some(::std::result::Result::Err(#rt::xml::DecodeError::new(e.to_string()))),
            };
            let root = doc.root_element();
            let ctx = #rt::xml::ReadCtx::new(&doc, &[]);
            #[allow(unreachable_patterns)]
            let result = match (root.tag_name().namespace(), root.tag_name().name()) {
                #arms
                #loose_arms
                _ => return ::std::option::Option::None,
            };
            ::std::option::Option::Some(result)
        }
    })
}

/// A module's `//!` documentation.
fn inner_docs(text: &str) -> TokenStream {
    let mut out = TokenStream::new();
    for line in text.lines() {
        let line = format!(" {}", sanitize_doc_line(line.trim()));
        out.extend(quote!(#![doc = #line]));
    }
    out
}

trait IntoTokens {
    fn into_token_stream_owned(self) -> TokenStream;
}

impl IntoTokens for syn::Path {
    fn into_token_stream_owned(self) -> TokenStream {
        quote::ToTokens::into_token_stream(self)
    }
}

#[cfg(test)]
mod unverified_tests {
    #[test]
    fn unverified_notes_follow_the_summary() {
        assert_eq!(
            super::join_docs(&[Some("Unverified: hipótese. Modalidade de contrato."), Some("Wire: x.")]).as_deref(),
            Some("Modalidade de contrato.\n\nUnverified: hipótese.\n\nWire: x.")
        );
        assert_eq!(
            super::join_docs(&[Some("Unverified: only a note.")]).as_deref(),
            Some("Unverified: only a note.")
        );
        // A note without a description: the next paragraph that is not a note says what the
        // item is.
        assert_eq!(
            super::join_docs(&[
                Some("Unverified: a guess."),
                Some("Unverified: another."),
                Some("Wire: x.")
            ])
            .as_deref(),
            Some("Wire: x.\n\nUnverified: a guess.\n\nUnverified: another.")
        );
        assert_eq!(
            super::join_docs(&[Some("Plain. Text.")]).as_deref(),
            Some("Plain. Text.")
        );
    }

    #[test]
    fn punctuation_after_an_address_stays_outside_the_link() {
        assert_eq!(
            super::sanitize_doc_line("envelope http://x.pt/soap/, tipo https://a.pt. Fim"),
            "envelope <http://x.pt/soap/>, tipo <https://a.pt>. Fim"
        );
        assert_eq!(
            super::sanitize_doc_line("ação \"https://a.pt/Get\", (http://b.pt/x) «https://c.pt»."),
            "ação \"<https://a.pt/Get>\", (<http://b.pt/x>) «<https://c.pt>»."
        );
    }

    #[test]
    fn the_note_ends_after_its_confidence_and_each_paragraph_is_read_alone() {
        // A full stop inside the note, before its confidence, does not cut it.
        let dns = "Unverified: relatado em set. 2026; verificar (confiança média).";
        assert_eq!(super::join_docs(&[Some(dns)]).as_deref(), Some(dns));
        assert_eq!(
            super::join_docs(&[Some("Unverified: relatado em set. 2026 (confiança média). Endereço.")]).as_deref(),
            Some("Endereço.\n\nUnverified: relatado em set. 2026 (confiança média).")
        );
        assert_eq!(
            super::join_docs(&[Some("Serviço.\n\nUnverified: (confiança baixa) nome inferido. Porto.")]).as_deref(),
            Some("Serviço.\n\nPorto.\n\nUnverified: (confiança baixa) nome inferido.")
        );
    }
}
