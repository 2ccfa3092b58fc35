//! The documents of one spec set, parsed once into JSON values, and `$ref` resolution
//! across them.
//!
//! Every construct is addressed by a [`Loc`]: a file of the [`SpecFiles`] and an RFC 6901
//! JSON pointer into it. Front-ends deserialise typed views (openapiv3 types, the Swagger 2
//! raw structs, [`super::schema::RawSchema`]) node by node from the value at a `Loc`, so a
//! failure names the exact node that is wrong.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::model::{Position, Source};
use crate::{Error, SpecFiles};

/// A node of a document: file + JSON pointer (`""` = the whole document).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Loc {
    /// Path of the file in the [`SpecFiles`].
    pub file: Rc<str>,
    /// JSON pointer, escaped (`/paths/~1pets/get`).
    pub ptr: String,
}

impl Loc {
    /// The root of a file.
    pub fn root(file: &str) -> Loc {
        Loc {
            file: file.into(),
            ptr: String::new(),
        }
    }

    /// A child node (`seg` unescaped: a property name, an index, a path template).
    pub fn child(&self, seg: &str) -> Loc {
        let mut ptr = String::with_capacity(self.ptr.len() + seg.len() + 1);
        ptr.push_str(&self.ptr);
        ptr.push('/');
        escape_into(&mut ptr, seg);
        Loc {
            file: self.file.clone(),
            ptr,
        }
    }

    /// A child node at an index.
    pub fn index(&self, i: usize) -> Loc {
        Loc {
            file: self.file.clone(),
            ptr: format!("{}/{i}", self.ptr),
        }
    }

    /// As a [`Source`] for errors and the model.
    pub fn source(&self) -> Source {
        Source {
            file: self.file.to_string(),
            at: Position::Pointer(self.ptr.clone()),
        }
    }

    /// The unescaped segments of the pointer.
    pub fn segments(&self) -> Vec<String> {
        split_pointer(&self.ptr)
    }
}

/// Escape one pointer segment (`~` → `~0`, `/` → `~1`).
fn escape_into(out: &mut String, seg: &str) {
    for c in seg.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Unescape one pointer segment (`~1` → `/`, `~0` → `~`).
fn unescape(seg: &str) -> std::borrow::Cow<'_, str> {
    if seg.contains('~') {
        let mut out = String::with_capacity(seg.len());
        let mut chars = seg.chars();
        while let Some(c) = chars.next() {
            match (c, chars.clone().next()) {
                ('~', Some('1')) => {
                    out.push('/');
                    chars.next();
                }
                ('~', Some('0')) => {
                    out.push('~');
                    chars.next();
                }
                (c, _) => out.push(c),
            }
        }
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(seg)
    }
}

/// The unescaped segments of a pointer.
pub(crate) fn split_pointer(ptr: &str) -> Vec<String> {
    if ptr.is_empty() {
        return Vec::new();
    }
    ptr.trim_start_matches('/')
        .split('/')
        .map(|s| unescape(s).into_owned())
        .collect()
}

/// The node a JSON pointer names (RFC 6901; allocates only for escaped segments).
pub(crate) fn walk<'v>(root: &'v Value, ptr: &str) -> Option<&'v Value> {
    if ptr.is_empty() {
        return Some(root);
    }
    let rest = ptr.strip_prefix('/')?;
    let mut at = root;
    for seg in rest.split('/') {
        let seg = unescape(seg);
        at = match at {
            Value::Object(map) => map.get(seg.as_ref())?,
            Value::Array(items) => items.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(at)
}

/// Percent-decode a URI fragment (`%7B` → `{`); invalid escapes are kept as written.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

/// The parsed documents of a spec set, loaded on first use.
#[derive(Debug)]
pub(crate) struct Docs<'f> {
    files: &'f SpecFiles,
    parsed: BTreeMap<Rc<str>, Rc<Value>>,
}

impl<'f> Docs<'f> {
    /// A store over `files`.
    pub fn new(files: &'f SpecFiles) -> Self {
        Docs {
            files,
            parsed: BTreeMap::new(),
        }
    }

    /// The parsed document `file`; `referenced_from` names the reference for a missing file.
    pub fn doc(&mut self, file: &str, referenced_from: &Source) -> Result<Rc<Value>, Error> {
        if let Some(doc) = self.parsed.get(file) {
            return Ok(doc.clone());
        }
        let bytes = self.files.get(file).ok_or_else(|| Error::MissingFile {
            path: file.to_owned(),
            referenced_from: referenced_from.clone(),
        })?;
        let doc = Rc::new(parse(file, bytes)?);
        self.parsed.insert(file.into(), doc.clone());
        Ok(doc)
    }

    /// The value at `loc`, if the node exists (the file must have been loaded or be loadable).
    pub fn node(&mut self, loc: &Loc) -> Result<Option<Node>, Error> {
        let doc = self.doc(&loc.file, &loc.source())?;
        Ok(walk(&doc, &loc.ptr).is_some().then(|| Node {
            doc,
            ptr: loc.ptr.clone(),
        }))
    }

    /// Look at the node at `loc` (`None` when absent) with one walk of the pointer.
    pub fn with<R>(&mut self, loc: &Loc, f: impl FnOnce(Option<&Value>) -> R) -> Result<R, Error> {
        let doc = self.doc(&loc.file, &loc.source())?;
        Ok(f(walk(&doc, &loc.ptr)))
    }

    /// The keys of the object at `loc`, in document order (none when absent).
    pub fn keys(&mut self, loc: &Loc) -> Result<Vec<String>, Error> {
        self.with(loc, |v| match v {
            Some(Value::Object(map)) => map.keys().cloned().collect(),
            _ => Vec::new(),
        })
    }

    /// The length of the array at `loc` (0 when absent).
    pub fn len(&mut self, loc: &Loc) -> Result<usize, Error> {
        self.with(loc, |v| v.and_then(Value::as_array).map_or(0, Vec::len))
    }

    /// Deserialise the node at `loc` as a `T`; `what` names it in the error.
    pub fn typed<T: DeserializeOwned>(&mut self, loc: &Loc, what: &str) -> Result<T, Error> {
        match self.typed_opt(loc, what)? {
            Some(t) => Ok(t),
            None => Err(Error::spec(loc.source(), format!("no {what} here"))),
        }
    }

    /// Deserialise the node at `loc` as a `T` when it is there (and not `null`).
    pub fn typed_opt<T: DeserializeOwned>(&mut self, loc: &Loc, what: &str) -> Result<Option<T>, Error> {
        let doc = self.doc(&loc.file, &loc.source())?;
        match walk(&doc, &loc.ptr) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => T::deserialize(v)
                .map(Some)
                .map_err(|e| Error::spec(loc.source(), format!("invalid {what}: {e}"))),
        }
    }

    /// Resolve a `$ref` written at `from` to the node it names. A missing file is
    /// [`Error::MissingFile`], a missing node an [`Error::Spec`] naming the reference; both
    /// located at `from`.
    pub fn resolve(&mut self, from: &Loc, reference: &str) -> Result<Loc, Error> {
        let (file_part, fragment) = match reference.split_once('#') {
            Some((f, frag)) => (f, frag),
            None => (reference, ""),
        };
        let file: Rc<str> = if file_part.is_empty() {
            from.file.clone()
        } else {
            match self.files.resolve(&from.file, file_part) {
                Some(path) => path.into(),
                None => {
                    return Err(Error::MissingFile {
                        path: file_part.to_owned(),
                        referenced_from: from.source(),
                    });
                }
            }
        };
        let mut ptr = percent_decode(fragment);
        if !ptr.is_empty() && !ptr.starts_with('/') {
            ptr.insert(0, '/');
        }
        let doc = self.doc(&file, &from.source())?;
        if walk(&doc, &ptr).is_none() {
            return Err(Error::spec(
                from.source(),
                format!("`$ref: {reference}` points to nothing (no node `{ptr}` in {file})"),
            ));
        }
        Ok(Loc { file, ptr })
    }

    /// Follow `$ref`s from `loc` until a node that is not a reference (parameters,
    /// responses, path items, request bodies, security schemes).
    pub fn deref(&mut self, loc: &Loc) -> Result<Loc, Error> {
        let mut at = loc.clone();
        let mut seen: Vec<Loc> = Vec::new();
        loop {
            let reference = self.with(&at, |v| {
                v.map(|v| v.get("$ref").and_then(Value::as_str).map(str::to_owned))
            })?;
            let reference = match reference {
                None => return Err(Error::spec(at.source(), "no such node")),
                Some(None) => return Ok(at),
                Some(Some(r)) => r,
            };
            if seen.contains(&at) {
                return Err(Error::spec(
                    loc.source(),
                    format!("`$ref` cycle through {}", at.source()),
                ));
            }
            seen.push(at.clone());
            at = self.resolve(&at, &reference)?;
        }
    }
}

/// A node of a loaded document (keeps the document alive).
#[derive(Debug, Clone)]
pub(crate) struct Node {
    doc: Rc<Value>,
    ptr: String,
}

impl Node {
    /// The value.
    pub fn value(&self) -> &Value {
        // The pointer was checked when the node was made.
        walk(&self.doc, &self.ptr).unwrap_or(&Value::Null)
    }
}

/// Parse a YAML or JSON file into a value (object key order kept; YAML anchors, aliases and
/// `<<` merge keys applied).
pub(crate) fn parse(file: &str, bytes: &[u8]) -> Result<Value, Error> {
    let text = crate::text::decode_utf8(file, bytes)?;
    super::depth::check(file, &text)?;
    let trimmed = text.trim_start();
    let json_like = file.ends_with(".json") || trimmed.starts_with('{');
    if json_like {
        match serde_json::from_str::<Value>(&text) {
            Ok(v) => return Ok(v),
            Err(e) if file.ends_with(".json") => {
                let at = Position::Line {
                    line: e.line() as u32,
                    column: e.column() as u32,
                };
                return Err(Error::spec(
                    Source { file: file.into(), at },
                    format!("invalid JSON: {e}"),
                ));
            }
            Err(_) => {} // maybe YAML flow style: try YAML below
        }
    }
    let mut value: Value = yaml_serde::from_str(&text).map_err(|e| {
        let at = match e.location() {
            Some(l) => Position::Line {
                line: l.line() as u32,
                column: l.column() as u32,
            },
            None => Position::File,
        };
        let message = e.to_string();
        // The message repeats the location; keep only the cause.
        let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
        Error::spec(Source { file: file.into(), at }, format!("invalid YAML: {message}"))
    })?;
    if text.contains("<<") {
        apply_merge_keys(&mut value, 0);
    }
    Ok(value)
}

/// Apply YAML 1.1 merge keys (`<<: *anchor` or `<<: [*a, *b]`): keys of the merged maps
/// that the map does not set itself are added.
fn apply_merge_keys(value: &mut Value, depth: usize) {
    if depth > 256 {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(merge) = map.shift_remove("<<") {
                let sources = match merge {
                    Value::Array(items) => items,
                    other => vec![other],
                };
                for source in sources {
                    if let Value::Object(src) = source {
                        for (k, v) in src {
                            if !map.contains_key(&k) {
                                map.insert(k, v);
                            }
                        }
                    }
                }
            }
            for v in map.values_mut() {
                apply_merge_keys(v, depth + 1);
            }
        }
        Value::Array(items) => {
            for v in items {
                apply_merge_keys(v, depth + 1);
            }
        }
        _ => {}
    }
}

/// The text form of a JSON value as it travels in a URL or a document: strings as they are,
/// everything else as compact JSON.
pub(crate) fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_and_split() {
        let loc = Loc::root("a.yaml").child("paths").child("/pets/{id}").child("a~b");
        assert_eq!(loc.ptr, "/paths/~1pets~1{id}/a~0b");
        assert_eq!(loc.segments(), vec!["paths", "/pets/{id}", "a~b"]);
    }

    #[test]
    fn walking_pointers() {
        let v = serde_json::json!({"paths": {"/a/{b}": {"get": [1, {"x~y": 2}]}}});
        assert_eq!(walk(&v, "/paths/~1a~1{b}/get/1/x~0y"), Some(&serde_json::json!(2)));
        assert_eq!(walk(&v, ""), Some(&v));
        assert_eq!(walk(&v, "/paths/nope"), None);
        assert_eq!(walk(&v, "/paths/~1a~1{b}/get/7"), None);
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("/paths/~1pets~1%7Bid%7D"), "/paths/~1pets~1{id}");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn yaml_merge_keys_are_applied() {
        let v = parse("a.yaml", b"a: &x {b: 1, c: 2}\nd:\n  <<: *x\n  c: 3\n").unwrap();
        assert_eq!(v["d"], serde_json::json!({"c": 3, "b": 1}));
    }
}
