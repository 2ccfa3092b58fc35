//! Input values made from the model: an XML instance of a global element or a JSON value of
//! a schema, with the required fields, an enumeration value, lengths and bounds within the
//! facets, the formats the runtime knows, and lists of two items. The choices of optional
//! fields, enumeration values and union branches follow a seed, so a run is reproducible.

use psi_codegen::model::{FieldKind, Model, Primitive, Shape, TypeId, UnionStyle};
use serde_json::{Map, Value};

/// Below this depth only required fields are filled, and a list has one item.
const DEEP: usize = 3;
/// Past this depth a value cannot be made (a recursion without an optional way out).
const TOO_DEEP: usize = 12;

/// A deterministic stream of choices.
pub struct Seed(u64);

impl Seed {
    /// A stream starting from `seed`.
    pub fn new(seed: u64) -> Self {
        Seed(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// A type name: namespace and local name.
type QName = (Option<String>, String);

/// Why no value could be made.
pub type Unmade = String;

/// Writes XML instances: element names carry their namespace through prefixes declared on
/// the element that uses them.
pub struct XmlMaker<'m> {
    model: &'m Model,
    seed: Seed,
    out: String,
    prefixes: Vec<String>,
}

impl<'m> XmlMaker<'m> {
    /// A maker over `model` with the choices of `seed`.
    pub fn new(model: &'m Model, seed: u64) -> Self {
        XmlMaker {
            model,
            seed: Seed::new(seed),
            out: String::new(),
            prefixes: Vec::new(),
        }
    }

    /// The document of one element `{ns}name` of type `ty`.
    pub fn document(mut self, ns: Option<&str>, name: &str, ty: TypeId) -> Result<String, Unmade> {
        self.element(ns, name, ty, 0)?;
        Ok(self.out)
    }

    fn prefix(&mut self, ns: &str) -> (String, bool) {
        match self.prefixes.iter().position(|p| p == ns) {
            Some(i) => (format!("n{i}"), false),
            None => {
                self.prefixes.push(ns.to_owned());
                (format!("n{}", self.prefixes.len() - 1), true)
            }
        }
    }

    fn element(&mut self, ns: Option<&str>, name: &str, ty: TypeId, depth: usize) -> Result<(), Unmade> {
        if depth > TOO_DEEP {
            return Err(format!(
                "element `{name}` nests deeper than {TOO_DEEP}: a required recursion without end"
            ));
        }
        let saved = self.prefixes.len();
        let mut decls = String::new();
        let qname = match ns {
            Some(ns) => {
                let (p, new) = self.prefix(ns);
                if new {
                    decls.push_str(&format!(" xmlns:{p}=\"{}\"", escape(ns)));
                }
                format!("{p}:{name}")
            }
            None => name.to_owned(),
        };
        if depth == 0 {
            decls.push_str(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"");
        }
        let (ty, xsi) = self.concrete(ty)?;
        let mut attrs = String::new();
        if let Some((tns, tname)) = xsi {
            let tq = match tns {
                Some(tns) => {
                    let (p, new) = self.prefix(&tns);
                    if new {
                        decls.push_str(&format!(" xmlns:{p}=\"{}\"", escape(&tns)));
                    }
                    format!("{p}:{tname}")
                }
                None => tname,
            };
            attrs.push_str(&format!(" xsi:type=\"{tq}\""));
        }
        let mut content = String::new();
        std::mem::swap(&mut content, &mut self.out);
        let written = self.content(ty, depth, &mut attrs, &mut decls);
        std::mem::swap(&mut content, &mut self.out);
        written?;
        self.out
            .push_str(&format!("<{qname}{decls}{attrs}>{content}</{qname}>"));
        self.prefixes.truncate(saved);
        Ok(())
    }

    /// Follow aliases; for a type-substitution union, the declared type or the first variant
    /// with its `xsi:type`.
    fn concrete(&mut self, ty: TypeId) -> Result<(TypeId, Option<QName>), Unmade> {
        let mut ty = ty;
        loop {
            match &self.model.ty(ty).shape {
                Shape::Alias(t) => ty = *t,
                Shape::Union(u) => {
                    if let UnionStyle::XsiType { default } = u.style {
                        // The declared type, or (by the seed) a derived one named by xsi:type.
                        let i = self.seed.pick(u.variants.len());
                        let v = u.variants.get(i).ok_or("a substitution group without variants")?;
                        return Ok(if Some(i) == default {
                            (v.ty, None)
                        } else {
                            (v.ty, Some((v.namespace.clone(), v.wire.clone())))
                        });
                    }
                    return Ok((ty, None));
                }
                _ => return Ok((ty, None)),
            }
        }
    }

    fn content(&mut self, ty: TypeId, depth: usize, attrs: &mut String, decls: &mut String) -> Result<(), Unmade> {
        let def = self.model.ty(ty);
        match &def.shape {
            Shape::Struct(s) => {
                for f in &s.fields {
                    let count = self.count(f.occurs.min, f.occurs.max, depth);
                    match &f.kind {
                        FieldKind::Attribute { namespace } => {
                            if count == 0 {
                                continue;
                            }
                            let text = self.text(f.ty, depth)?;
                            let q = match namespace {
                                Some(ns) => {
                                    let (p, new) = self.prefix(ns);
                                    if new {
                                        decls.push_str(&format!(" xmlns:{p}=\"{}\"", escape(ns)));
                                    }
                                    format!("{p}:{}", f.wire)
                                }
                                None => f.wire.clone(),
                            };
                            attrs.push_str(&format!(" {q}=\"{}\"", escape(&text)));
                        }
                        FieldKind::Element { namespace } => {
                            for _ in 0..count {
                                self.element(namespace.as_deref(), &f.wire, f.ty, depth + 1)?;
                            }
                        }
                        FieldKind::Text => {
                            let text = self.text(f.ty, depth)?;
                            self.out.push_str(&escape(&text));
                        }
                        FieldKind::Flatten => {
                            for _ in 0..count {
                                self.content(f.ty, depth + 1, attrs, decls)?;
                            }
                        }
                        FieldKind::AnyElement | FieldKind::AnyAttribute | FieldKind::MixedText => {
                            if f.occurs.min > 0 && f.kind == FieldKind::AnyElement {
                                return Err(format!("required xs:any `{}`", f.wire));
                            }
                        }
                        FieldKind::Property => return Err(format!("JSON property `{}` in XML", f.wire)),
                    }
                }
                Ok(())
            }
            Shape::Union(u) if u.style == UnionStyle::XmlChoice => {
                let i = self.seed.pick(u.variants.len());
                let v = u.variants.get(i).ok_or("a choice without branches")?;
                let count = self.count(v.occurs.min.max(1), v.occurs.max, depth);
                for _ in 0..count {
                    if v.inline {
                        self.content(v.ty, depth + 1, attrs, decls)?;
                    } else {
                        self.element(v.namespace.as_deref(), &v.wire, v.ty, depth + 1)?;
                    }
                }
                Ok(())
            }
            Shape::Opaque { reason } => Err(format!("opaque type `{}`: {reason}", def.key.name)),
            _ => {
                let text = self.text(ty, depth)?;
                self.out.push_str(&escape(&text));
                Ok(())
            }
        }
    }

    /// How many occurrences to write.
    fn count(&mut self, min: u32, max: Option<u32>, depth: usize) -> u32 {
        let list = max != Some(1);
        if depth >= DEEP {
            return min;
        }
        let n = min.max(1);
        if list && n > 0 && max.is_none_or(|m| m >= 2) {
            n.max(2)
        } else {
            n
        }
    }

    fn text(&mut self, ty: TypeId, depth: usize) -> Result<String, Unmade> {
        scalar_text(self.model, &mut self.seed, ty, depth)
    }
}

/// The text of a simple value.
fn scalar_text(model: &Model, seed: &mut Seed, ty: TypeId, depth: usize) -> Result<String, Unmade> {
    if depth > TOO_DEEP {
        return Err("a simple type nests too deep".into());
    }
    let def = model.ty(ty);
    match &def.shape {
        Shape::Primitive(p) => Ok(primitive_text(*p, seed, &Default::default())),
        Shape::Newtype { inner, facets } => {
            let mut base = model.ty(*inner);
            while let Shape::Alias(t) | Shape::Newtype { inner: t, .. } = &base.shape {
                base = model.ty(*t);
            }
            match &base.shape {
                Shape::Primitive(p) => Ok(primitive_text(*p, seed, facets)),
                _ => scalar_text(model, seed, *inner, depth + 1),
            }
        }
        Shape::Enum(e) => e
            .values
            .get(seed.pick(e.values.len()))
            .map(|v| v.wire.clone())
            .ok_or_else(|| format!("enumeration `{}` without values", def.key.name)),
        Shape::Alias(t) => scalar_text(model, seed, *t, depth + 1),
        Shape::List { item } => {
            let a = scalar_text(model, seed, *item, depth + 1)?;
            let b = scalar_text(model, seed, *item, depth + 1)?;
            Ok(format!("{a} {b}"))
        }
        Shape::Union(u) => match u.variants.first() {
            Some(v) => scalar_text(model, seed, v.ty, depth + 1),
            None => Err(format!("union `{}` without members", def.key.name)),
        },
        _ => Err(format!("`{}` is not a simple type", def.key.name)),
    }
}

/// A value of a scalar within its facets.
fn primitive_text(p: Primitive, seed: &mut Seed, facets: &psi_codegen::model::Facets) -> String {
    let n = 1 + seed.pick(9) as i64;
    let bounded = |v: i64| -> i64 {
        let lo = facets
            .min_inclusive
            .as_deref()
            .and_then(|s| s.parse::<i64>().ok())
            .or_else(|| {
                facets
                    .min_exclusive
                    .as_deref()
                    .and_then(|s| s.parse::<i64>().ok())
                    .map(|x| x + 1)
            });
        let hi = facets
            .max_inclusive
            .as_deref()
            .and_then(|s| s.parse::<i64>().ok())
            .or_else(|| {
                facets
                    .max_exclusive
                    .as_deref()
                    .and_then(|s| s.parse::<i64>().ok())
                    .map(|x| x - 1)
            });
        let mut v = v;
        if let Some(lo) = lo {
            v = v.max(lo);
        }
        if let Some(hi) = hi {
            v = v.min(hi);
        }
        if let Some(d) = facets.total_digits.filter(|d| *d < 18) {
            v = v.min(10i64.pow(d) - 1);
        }
        v
    };
    match p {
        Primitive::String | Primitive::Any | Primitive::Duration | Primitive::Uri | Primitive::QName => {
            if let Some(digits) = digit_pattern(&facets.patterns) {
                return (0..digits)
                    .map(|i| char::from(b'1' + ((i as u8 + n as u8) % 9)))
                    .collect();
            }
            let fixed = match p {
                Primitive::Duration => "P1D",
                Primitive::Uri => "http://example.com/x",
                _ => "",
            };
            if !fixed.is_empty() {
                return fixed.to_owned();
            }
            let min = facets.length.or(facets.min_length).unwrap_or(1).max(1) as usize;
            let max = facets.length.or(facets.max_length).unwrap_or(8).max(min as u64) as usize;
            let len = min + seed.pick(max.min(8).max(min) - min + 1);
            (0..len)
                .map(|i| char::from(b'a' + ((i + n as usize) % 26) as u8))
                .collect()
        }
        Primitive::Bool => if n % 2 == 0 { "true" } else { "false" }.to_owned(),
        Primitive::I8 | Primitive::I16 | Primitive::I32 | Primitive::I64 | Primitive::Integer => bounded(n).to_string(),
        Primitive::U8 | Primitive::U16 | Primitive::U32 | Primitive::U64 => bounded(n).max(0).to_string(),
        Primitive::Decimal => match facets.fraction_digits {
            Some(0) => bounded(n).to_string(),
            _ => format!("{}.5", bounded(n)),
        },
        Primitive::F32 | Primitive::F64 => format!("{n}.5"),
        Primitive::Date => format!("2026-01-{:02}", 10 + n),
        Primitive::DateTime => format!("2026-01-{:02}T10:30:00", 10 + n),
        Primitive::Time => "10:30:00".into(),
        Primitive::Base64 => "aGVsbG8=".into(),
        Primitive::HexBinary => "0A1B".into(),
        Primitive::Uuid => "123e4567-e89b-12d3-a456-426614174000".into(),
        Primitive::Niss => "29999999991".into(),
        Primitive::Nif => "123456789".into(),
        Primitive::Nipc => "500000000".into(),
        Primitive::ResultCode => "0".into(),
    }
}

/// The length of a pattern made of digits only (`[0-9]{11}`, `\d{9}`).
fn digit_pattern(patterns: &[String]) -> Option<usize> {
    let p = patterns.first()?;
    let p = p.strip_prefix('^').unwrap_or(p);
    let p = p.strip_suffix('$').unwrap_or(p);
    let rest = p
        .strip_prefix("[0-9]")
        .or_else(|| p.strip_prefix("\\d"))?
        .strip_prefix('{')?
        .strip_suffix('}')?;
    let n = rest.split(',').next()?;
    n.parse().ok()
}

/// Makes JSON values.
pub struct JsonMaker<'m> {
    model: &'m Model,
    seed: Seed,
}

impl<'m> JsonMaker<'m> {
    /// A maker over `model` with the choices of `seed`.
    pub fn new(model: &'m Model, seed: u64) -> Self {
        JsonMaker {
            model,
            seed: Seed::new(seed),
        }
    }

    /// The text form of a parameter value.
    pub fn param_text(&mut self, ty: TypeId) -> Result<String, Unmade> {
        let text = scalar_text(self.model, &mut self.seed, ty, 0)?;
        Ok(match json_scalar(self.model, ty, text) {
            Value::String(s) => s,
            other => other.to_string(),
        })
    }

    /// A value of `ty`.
    pub fn value(&mut self, ty: TypeId, depth: usize) -> Result<Value, Unmade> {
        if depth > TOO_DEEP {
            return Err("a schema nests too deep".into());
        }
        let def = self.model.ty(ty);
        match &def.shape {
            Shape::Struct(s) => {
                let mut obj = Map::new();
                for f in &s.fields {
                    let include = f.occurs.min > 0 || depth < DEEP;
                    if include && f.kind == FieldKind::Property {
                        let v = if f.occurs.is_list() {
                            let n = if depth < DEEP { 2 } else { f.occurs.min.max(1) };
                            Value::Array((0..n).map(|_| self.value(f.ty, depth + 1)).collect::<Result<_, _>>()?)
                        } else {
                            self.value(f.ty, depth + 1)?
                        };
                        obj.insert(f.wire.clone(), v);
                    }
                }
                Ok(Value::Object(obj))
            }
            Shape::List { item } => Ok(Value::Array(vec![self.value(*item, depth + 1)?])),
            Shape::Map { value } => {
                let mut obj = Map::new();
                obj.insert("k".into(), self.value(*value, depth + 1)?);
                Ok(Value::Object(obj))
            }
            Shape::Alias(t) => self.value(*t, depth + 1),
            Shape::Union(u) => {
                let i = self.seed.pick(u.variants.len());
                let v = u.variants.get(i).ok_or("oneOf without variants")?;
                let mut value = self.value(v.ty, depth + 1)?;
                // The discriminator names the variant chosen.
                if let Some(d) = &u.discriminator
                    && let Value::Object(obj) = &mut value
                {
                    let name = d
                        .mapping
                        .iter()
                        .find(|(_, at)| **at == i)
                        .map(|(k, _)| k.clone())
                        .unwrap_or_else(|| v.wire.clone());
                    obj.insert(d.property.clone(), Value::String(name));
                }
                Ok(value)
            }
            Shape::Opaque { .. } => Ok(Value::Object(Map::new())),
            Shape::Primitive(_) | Shape::Newtype { .. } | Shape::Enum(_) => {
                let text = scalar_text(self.model, &mut self.seed, ty, depth)?;
                Ok(json_scalar(self.model, ty, text))
            }
            Shape::Pending => Err(format!("`{}` was never defined", def.key.name)),
        }
    }
}

/// A scalar's text as the JSON value of its type (numbers and booleans bare).
fn json_scalar(model: &Model, ty: TypeId, text: String) -> Value {
    let mut base = model.ty(ty);
    loop {
        match &base.shape {
            Shape::Alias(t) | Shape::Newtype { inner: t, .. } => base = model.ty(*t),
            Shape::Enum(e) => return scalar_of(e.base, text),
            Shape::Primitive(p) => return scalar_of(*p, text),
            _ => return Value::String(text),
        }
    }
}

fn scalar_of(p: Primitive, text: String) -> Value {
    use Primitive as P;
    match p {
        P::Bool => Value::Bool(text == "true"),
        P::I8 | P::I16 | P::I32 | P::I64 | P::Integer | P::U8 | P::U16 | P::U32 | P::U64 => {
            text.parse::<i64>().map(Value::from).unwrap_or(Value::String(text))
        }
        P::Decimal | P::F32 | P::F64 => serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text)),
        // RFC 3339 (JSON Schema's `date-time`) requires the offset.
        P::DateTime if !text.ends_with('Z') => Value::String(format!("{text}Z")),
        _ => Value::String(text),
    }
}

/// Escape text for XML content and attribute values.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::{Seed, digit_pattern, escape};

    #[test]
    fn the_seed_decides_every_choice() {
        let draw = |s| {
            let mut seed = Seed::new(s);
            (0..8).map(|_| seed.pick(1000)).collect::<Vec<_>>()
        };
        assert_eq!(draw(1), draw(1));
        assert_ne!(draw(1), draw(2));
    }

    #[test]
    fn digit_patterns_give_their_length() {
        assert_eq!(digit_pattern(&["[0-9]{11}".into()]), Some(11));
        assert_eq!(digit_pattern(&["^\\d{4}$".into()]), Some(4));
        assert_eq!(digit_pattern(&["[a-z]+".into()]), None);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a<b&\"c\">"), "a&lt;b&amp;&quot;c&quot;&gt;");
    }
}
