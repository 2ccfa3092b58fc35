//! Scalar value types the generated code uses where the standard library has none:
//! an XSD/JSON date-time with an optional offset, binary carried as base64 or hex text, the
//! PSI result code that arrives as a string or a number, and the unknown value of an open
//! enumeration.

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use chrono::{FixedOffset, NaiveDate, NaiveDateTime};

/// Parse a date leniently: `YYYY-MM-DD`, optionally followed by a time zone (`Z`, `+01:00`)
/// or by a time (`T…`), keeping the calendar date as written.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    // Fast path for the common `YYYY-MM-DD…` form; chrono's format parser is the fallback.
    let b = t.as_bytes();
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            b[r].iter().try_fold(0u32, |acc, c| {
                c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
            })
        };
        if let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10))
            && let Some(date) = i32::try_from(y).ok().and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
        {
            return Ok(date);
        }
    }
    let head = t.get(..10).unwrap_or(t);
    NaiveDate::parse_from_str(head, "%Y-%m-%d").map_err(|_| format!("`{t}` is not a date (YYYY-MM-DD)"))
}

/// A date and time as XSD `dateTime` / JSON `date-time` carry it: the offset is optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    /// Date and time as written.
    pub local: NaiveDateTime,
    /// Offset from UTC when the text gave one (`Z` is `+00:00`).
    pub offset: Option<FixedOffset>,
}

impl DateTime {
    /// A date-time in UTC.
    pub fn utc(local: NaiveDateTime) -> Self {
        DateTime {
            local,
            offset: FixedOffset::east_opt(0),
        }
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.local.format("%Y-%m-%dT%H:%M:%S%.f"))?;
        match self.offset {
            Some(o) if o.local_minus_utc() == 0 => f.write_str("Z"),
            Some(o) => write!(f, "{o}"),
            None => Ok(()),
        }
    }
}

impl FromStr for DateTime {
    type Err = String;
    /// Lenient: a plain date means midnight with no offset.
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let bad = || format!("`{t}` is not a date-time (YYYY-MM-DDThh:mm:ss[.f][Z|±hh:mm])");
        if t.len() <= 11 || !t.contains(['T', 't', ' ']) {
            let date = parse_date(t).map_err(|_| bad())?;
            let offset = if t.len() > 10 {
                parse_offset(&t[10..]).ok_or_else(bad)?
            } else {
                None
            };
            return Ok(DateTime {
                local: date.and_hms_opt(0, 0, 0).ok_or_else(bad)?,
                offset,
            });
        }
        let (body, offset) = split_offset(t);
        let local = NaiveDateTime::parse_from_str(body, "%Y-%m-%dT%H:%M:%S%.f")
            .or_else(|_| NaiveDateTime::parse_from_str(body, "%Y-%m-%d %H:%M:%S%.f"))
            .or_else(|_| NaiveDateTime::parse_from_str(body, "%Y-%m-%dT%H:%M"))
            .map_err(|_| bad())?;
        let offset = parse_offset(offset).ok_or_else(bad)?;
        Ok(DateTime { local, offset })
    }
}

fn split_offset(t: &str) -> (&str, &str) {
    if let Some(body) = t.strip_suffix(['Z', 'z']) {
        return (body, "Z");
    }
    // An offset is `±hh:mm` at the end, after the time part.
    let at = t.len().saturating_sub(6);
    if at > 0
        && let (Some(body), Some(tail)) = (t.get(..at), t.get(at..))
        && (tail.starts_with('+') || tail.starts_with('-'))
        && tail.as_bytes().get(3) == Some(&b':')
    {
        return (body, tail);
    }
    (t, "")
}

fn parse_offset(s: &str) -> Option<Option<FixedOffset>> {
    match s {
        "" => Some(None),
        "Z" | "z" => Some(FixedOffset::east_opt(0)),
        _ => {
            let sign = match s.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let h: i32 = s.get(1..3)?.parse().ok()?;
            let m: i32 = s.get(4..6)?.parse().ok()?;
            Some(Some(FixedOffset::east_opt(sign * (h * 3600 + m * 60))?))
        }
    }
}

impl serde::Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for DateTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Binary data carried as base64 text (xs:base64Binary, JSON `format: byte`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct Base64(pub Vec<u8>);

impl Base64 {
    /// The base64 text.
    pub fn encode(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(&self.0)
    }
    /// Decode base64 text, ignoring whitespace (line-wrapped base64 is common in XML).
    pub fn decode(text: &str) -> Result<Self, String> {
        let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        base64::engine::general_purpose::STANDARD
            .decode(compact.as_bytes())
            .map(Base64)
            .map_err(|e| format!("invalid base64: {e}"))
    }
}

impl serde::Serialize for Base64 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.encode())
    }
}

impl<'de> serde::Deserialize<'de> for Base64 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        Base64::decode(&s).map_err(serde::de::Error::custom)
    }
}

/// Binary data carried as hex text (xs:hexBinary).
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct HexBinary(pub Vec<u8>);

impl HexBinary {
    /// Upper-case hex text.
    pub fn encode(&self) -> String {
        let mut s = String::with_capacity(self.0.len() * 2);
        for b in &self.0 {
            s.push_str(&format!("{b:02X}"));
        }
        s
    }
    /// Decode hex text.
    pub fn decode(text: &str) -> Result<Self, String> {
        let t = text.trim();
        if !t.len().is_multiple_of(2) {
            return Err("hex text of odd length".into());
        }
        if !t.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("`{t}` is not hex"));
        }
        let digit = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
        Ok(HexBinary(
            t.as_bytes()
                .chunks(2)
                .map(|pair| pair.iter().fold(0, |acc, &b| (acc << 4) | digit(b)))
                .collect(),
        ))
    }
}

/// A PSI result code (`codigoResultado`, `codigo-resultado`, `codigoEstado`), which arrives as
/// a JSON string or number (`"4"` or `4`). Reads both (and XML text), writes a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResultCode(pub i64);

impl ResultCode {
    /// The code.
    pub const fn value(self) -> i64 {
        self.0
    }
}

impl From<i64> for ResultCode {
    fn from(value: i64) -> Self {
        ResultCode(value)
    }
}

impl PartialEq<i64> for ResultCode {
    fn eq(&self, other: &i64) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for ResultCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for ResultCode {
    type Err = String;
    /// An integer, surrounding whitespace ignored.
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        t.parse()
            .map(ResultCode)
            .map_err(|_| format!("`{t}` is not a result code (an integer)"))
    }
}

impl serde::Serialize for ResultCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl<'de> serde::Deserialize<'de> for ResultCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = ResultCode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a result code as an integer or a string of digits")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<ResultCode, E> {
                Ok(ResultCode(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<ResultCode, E> {
                i64::try_from(v)
                    .map(ResultCode)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<ResultCode, E> {
                if v.fract() == 0.0 && (-9.0e18..9.0e18).contains(&v) {
                    Ok(ResultCode(v as i64))
                } else {
                    Err(E::invalid_value(serde::de::Unexpected::Float(v), &self))
                }
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ResultCode, E> {
                v.parse().map_err(E::custom)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<ResultCode, A::Error> {
                let text = crate::rt::json::number_text(map)?;
                match text.parse::<i64>() {
                    Ok(v) => Ok(ResultCode(v)),
                    Err(_) => match text.parse::<f64>() {
                        Ok(v) => self.visit_f64(v),
                        Err(_) => Err(serde::de::Error::custom(format!("`{text}` is not a result code"))),
                    },
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A value of an open enumeration that this client does not know (a code added by the
/// publisher after the spec was generated). The generated code makes one when it reads a
/// code it does not know (`from_wire`); there is no public constructor, and the request
/// validation (`psi_client::rules`) reports an unknown code before it is sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Unknown(String);

impl Unknown {
    /// For generated code only: wrap a value read from a response.
    #[doc(hidden)]
    pub fn __new(value: String) -> Self {
        Unknown(value)
    }

    /// The value as it came.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Unknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Written back as the string it came as.
impl serde::Serialize for Unknown {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_time_keeps_offset_or_its_absence() {
        for s in [
            "2024-01-31T10:20:30Z",
            "2024-01-31T10:20:30",
            "2024-01-31T10:20:30.500+01:00",
        ] {
            let d: DateTime = s.parse().unwrap();
            assert_eq!(d.to_string(), s);
        }
        let d: DateTime = "2024-01-31".parse().unwrap();
        assert_eq!(d.to_string(), "2024-01-31T00:00:00");
        assert!("2024-13-01T00:00:00".parse::<DateTime>().is_err());
    }

    #[test]
    fn lenient_date() {
        assert_eq!(
            parse_date("2024-02-29Z").unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        assert_eq!(
            parse_date("2024-02-29T23:59:59Z").unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        assert!(parse_date("29/02/2024").is_err());
    }

    #[test]
    fn result_code_from_string_or_number() {
        for json in ["4", "\"4\"", "\" 4 \"", "4.0"] {
            assert_eq!(serde_json::from_str::<ResultCode>(json).unwrap(), 4, "{json}");
        }
        assert_eq!(serde_json::to_string(&ResultCode(4)).unwrap(), "4");
        for json in ["\"x\"", "4.5", "true", "18446744073709551615", "\"\""] {
            assert!(serde_json::from_str::<ResultCode>(json).is_err(), "{json}");
        }
        assert_eq!(
            serde_json::from_str::<ResultCode>("\"x\"").unwrap_err().to_string(),
            "`x` is not a result code (an integer) at line 1 column 3"
        );
        assert_eq!(ResultCode(17).to_string(), "17");
        use crate::rt::xml::XmlText;
        assert_eq!(ResultCode::from_xml_text(" 408\n"), Ok(ResultCode(408)));
        assert_eq!(ResultCode(1).to_xml_text(), "1");
        assert!(ResultCode::from_xml_text("um").is_err());
    }

    #[test]
    fn unknown_keeps_its_text() {
        let u = Unknown::__new("Z9".into());
        assert_eq!(u.as_str(), "Z9");
        assert_eq!(serde_json::to_string(&u).unwrap(), "\"Z9\"");
    }

    #[test]
    fn no_panic_on_odd_text() {
        for s in [
            "2024-01-31T10:20:3é",
            "2024-01-31T1é:00:0",
            "2024-01-31T1é:00:00",
            "é",
            "2024-01-31é",
            "2024-01-31T00:00:00+0é:00",
            "+f",
            "éé",
        ] {
            let _ = s.parse::<DateTime>();
            let _ = parse_date(s);
            assert!(HexBinary::decode(s).is_err(), "{s}");
            let _ = Base64::decode(s);
        }
        assert_eq!(HexBinary::decode("0aFf").unwrap().0, vec![10, 255]);
    }

    #[test]
    fn binary_round_trips() {
        let b = Base64::decode("aGVs\n bG8=").unwrap();
        assert_eq!(b.0, b"hello");
        assert_eq!(
            HexBinary::decode(&HexBinary(vec![0, 255]).encode()).unwrap().0,
            vec![0, 255]
        );
    }
}
