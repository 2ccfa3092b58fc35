//! [`XmlText`] for the simple values (strings, booleans, numbers, dates and times, binary
//! data, `xs:list`) and the `Box` forwarding impls.

use std::borrow::Cow;

use super::{DecodeError, Node, ReadCtx, XmlElement, XmlText, XmlWriter};

impl XmlText for String {
    fn to_xml_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }
}

impl XmlText for bool {
    fn to_xml_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        match text.trim() {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            other => Err(format!("`{other}` is not a boolean")),
        }
    }
}

macro_rules! xml_text_via_fromstr {
    ($($t:ty => $what:literal),* $(,)?) => {$(
        impl XmlText for $t {
            fn to_xml_text(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
            fn from_xml_text(text: &str) -> Result<Self, String> {
                text.trim().parse().map_err(|_| format!("`{}` is not {}", text.trim(), $what))
            }
        }
    )*};
}

xml_text_via_fromstr! {
    i8 => "an 8-bit integer", i16 => "a 16-bit integer", i32 => "a 32-bit integer", i64 => "a 64-bit integer",
    u8 => "an unsigned 8-bit integer", u16 => "an unsigned 16-bit integer", u32 => "an unsigned 32-bit integer",
    u64 => "an unsigned 64-bit integer", i128 => "an integer of at most 38 digits",
    rust_decimal::Decimal => "a decimal number",
}

impl XmlText for f32 {
    fn to_xml_text(&self) -> Cow<'_, str> {
        Cow::Owned(float_text(f64::from(*self)))
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        parse_float(text).map(|v| v as f32)
    }
}

impl XmlText for f64 {
    fn to_xml_text(&self) -> Cow<'_, str> {
        Cow::Owned(float_text(*self))
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        parse_float(text)
    }
}

fn float_text(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "INF".into() } else { "-INF".into() }
    } else {
        v.to_string()
    }
}

fn parse_float(text: &str) -> Result<f64, String> {
    match text.trim() {
        "INF" => Ok(f64::INFINITY),
        "-INF" => Ok(f64::NEG_INFINITY),
        "NaN" => Ok(f64::NAN),
        t => t.parse().map_err(|_| format!("`{t}` is not a number")),
    }
}

impl XmlText for chrono::NaiveDate {
    fn to_xml_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.format("%Y-%m-%d").to_string())
    }
    /// Lenient: accepts a date with a time zone (`2024-01-31Z`, `2024-01-31+01:00`) or a
    /// date-time, keeping the calendar date as written.
    fn from_xml_text(text: &str) -> Result<Self, String> {
        crate::rt::values::parse_date(text)
    }
    /// A date, optionally with a time zone, and nothing else.
    fn from_xml_text_strict(text: &str) -> Result<Self, String> {
        let t = text.trim();
        let zone = t.get(10..).unwrap_or("");
        let zone_ok = zone.is_empty()
            || zone == "Z"
            || (zone.len() == 6 && zone.starts_with(['+', '-']) && zone.as_bytes()[3] == b':');
        if !zone_ok {
            return Err(format!("`{t}` is not a date (YYYY-MM-DD[Z|±hh:mm])"));
        }
        crate::rt::values::parse_date(t)
    }
}

impl XmlText for crate::rt::values::DateTime {
    fn to_xml_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        text.trim().parse()
    }
}

impl XmlText for chrono::NaiveTime {
    fn to_xml_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.format("%H:%M:%S%.f").to_string())
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        let t = text.trim();
        let t = t.trim_end_matches('Z');
        let t = t.get(..8.max(t.find(['+', '-']).unwrap_or(t.len()))).unwrap_or(t);
        chrono::NaiveTime::parse_from_str(t, "%H:%M:%S%.f").map_err(|_| format!("`{}` is not a time", text.trim()))
    }
}

impl XmlText for crate::rt::values::ResultCode {
    fn to_xml_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.0.to_string())
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        text.parse()
    }
}

impl XmlText for crate::rt::values::Base64 {
    fn to_xml_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.encode())
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        crate::rt::values::Base64::decode(text)
    }
}

impl XmlText for crate::rt::values::HexBinary {
    fn to_xml_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.encode())
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        crate::rt::values::HexBinary::decode(text)
    }
}

impl<T: XmlText> XmlText for Vec<T> {
    /// xs:list: items separated by single spaces.
    fn to_xml_text(&self) -> Cow<'_, str> {
        let mut s = String::new();
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&v.to_xml_text());
        }
        Cow::Owned(s)
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        text.split_ascii_whitespace().map(T::from_xml_text).collect()
    }
}

impl<T: XmlText> XmlText for Box<T> {
    fn to_xml_text(&self) -> Cow<'_, str> {
        (**self).to_xml_text()
    }
    fn from_xml_text(text: &str) -> Result<Self, String> {
        T::from_xml_text(text).map(Box::new)
    }
}

impl<T: XmlElement> XmlElement for Box<T> {
    fn write_attrs(&self, w: &mut XmlWriter) {
        (**self).write_attrs(w)
    }
    fn write_content(&self, w: &mut XmlWriter) {
        (**self).write_content(w)
    }
    fn read_xml(node: Node<'_, '_>, ctx: &ReadCtx<'_>) -> Result<Self, DecodeError> {
        T::read_xml(node, ctx).map(Box::new)
    }
}
