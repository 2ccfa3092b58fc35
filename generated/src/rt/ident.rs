//! Portuguese identifiers: NISS (social security), NIF (tax) and NIPC (legal person).
//!
//! Each type stores the digits as text. [`Niss::new`] (and the others' `new`) is **strict**
//! — length, digits only, check digit — and is meant for values a user types before they are
//! sent. `from_wire` is **lenient**: it never rejects what a service returns (values may be
//! masked, padded or simply not follow the rules), and [`Niss::is_valid`] says whether the
//! strict rules hold.
//!
//! The check-digit algorithms are not in any official Segurança Social or AT specification
//! the project has; they are the ones public validators publish and use:
//!
//! * **NISS** (11 digits): the first 10 digits are weighted 29, 23, 19, 17, 13, 11, 7, 5, 3, 2;
//!   the check digit is `9 - sum % 10`; the first digit is 1 (individual) or 2 (entity).
//!   Source: <https://howto.pt/en/tools/validar-niss/>; the same rule (weights, `9 - sum % 10`,
//!   first digit 1 or 2) is in the public-domain Portuguese validation routines of 2009
//!   (`controlNISS`, version 0.17, credited to the Instituto de Informática's IIESS), mirrored
//!   in several public repositories.
//! * **NIF / NIPC** (9 digits): the first 8 digits are weighted 9, 8, …, 2; `r = sum % 11`; the
//!   check digit is 0 when `r` is 0 or 1, else `11 - r`. Sources:
//!   <https://saftcheck.com/docs/rules/nif>, <https://wiki.scn.sap.com/wiki/display/CRM/Portugal>.
//!   A NIPC is the NIF of a legal person, same format and check digit
//!   (<https://pt.wikipedia.org/wiki/N%C3%BAmero_de_identifica%C3%A7%C3%A3o_fiscal>). The
//!   first-digit ranges are **not** checked: published lists disagree (e.g. `1 2 5 6 8 9` in
//!   the 2009 routines; `1–3 5 6 8 9 45 7x` on saftcheck.com).
//!
//! The PSI's Swagger example NISS `29999999999` does **not** pass the check (its check digit
//! would be 1); it is a placeholder, which `from_wire` accepts and `new` rejects.
//!
//! On the wire: XML text as is; JSON as a number (the PSI REST specs type NISS as
//! `integer`/`int64`) when the text is a plain number without a leading zero, otherwise as a
//! string so nothing is lost. JSON input may be a number or a string.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use crate::rt::xml::XmlText;

/// Why a strict identifier was rejected. The message never repeats the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdError {
    /// Wrong number of characters.
    Length {
        /// `NISS`, `NIF` or `NIPC`.
        id: &'static str,
        /// The required number of digits.
        expected: usize,
        /// The number of characters given.
        found: usize,
    },
    /// A character that is not an ASCII digit.
    NotDigit {
        /// `NISS`, `NIF` or `NIPC`.
        id: &'static str,
        /// 1-based position of the first offending character.
        position: usize,
    },
    /// The first digit is not one the published rule allows.
    FirstDigit {
        /// `NISS`, `NIF` or `NIPC`.
        id: &'static str,
        /// The allowed first digits, as words (`1 or 2`).
        allowed: &'static str,
    },
    /// The last digit does not match the check digit of the others.
    CheckDigit {
        /// `NISS`, `NIF` or `NIPC`.
        id: &'static str,
    },
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::Length { id, expected, found } => {
                write!(f, "{id} must have {expected} digits, found {found} characters")
            }
            IdError::NotDigit { id, position } => {
                write!(f, "{id} must contain digits only (character {position} is not a digit)")
            }
            IdError::FirstDigit { id, allowed } => write!(f, "{id} must start with {allowed}"),
            IdError::CheckDigit { id } => {
                write!(f, "{id} check digit does not match (mistyped number?)")
            }
        }
    }
}

impl std::error::Error for IdError {}

fn validate(id: &'static str, len: usize, text: &str, rule: fn(&[u8]) -> Result<(), IdError>) -> Result<(), IdError> {
    let found = text.chars().count();
    if found != len {
        return Err(IdError::Length {
            id,
            expected: len,
            found,
        });
    }
    if let Some(i) = text.chars().position(|c| !c.is_ascii_digit()) {
        return Err(IdError::NotDigit { id, position: i + 1 });
    }
    let digits: Vec<u8> = text.bytes().map(|b| b - b'0').collect();
    rule(&digits)
}

/// The NISS rule on 11 digit values (see the module docs for the source).
fn niss_rule(d: &[u8]) -> Result<(), IdError> {
    const WEIGHTS: [u32; 10] = [29, 23, 19, 17, 13, 11, 7, 5, 3, 2];
    let (Some(&first), Some(&last)) = (d.first(), d.last()) else {
        return Err(IdError::CheckDigit { id: "NISS" });
    };
    if !matches!(first, 1 | 2) {
        return Err(IdError::FirstDigit {
            id: "NISS",
            allowed: "1 or 2",
        });
    }
    let sum: u32 = d.iter().zip(WEIGHTS).map(|(&x, w)| u32::from(x) * w).sum();
    if u32::from(last) == 9 - sum % 10 {
        Ok(())
    } else {
        Err(IdError::CheckDigit { id: "NISS" })
    }
}

/// The mod-11 rule shared by NIF and NIPC on 9 digit values.
fn mod11(id: &'static str, d: &[u8]) -> Result<(), IdError> {
    let Some(&last) = d.last() else {
        return Err(IdError::CheckDigit { id });
    };
    let sum: u32 = d.iter().zip((2..=9).rev()).map(|(&x, w)| u32::from(x) * w).sum();
    let check = match sum % 11 {
        0 | 1 => 0,
        r => 11 - r,
    };
    if u32::from(last) == check {
        Ok(())
    } else {
        Err(IdError::CheckDigit { id })
    }
}

fn nif_rule(d: &[u8]) -> Result<(), IdError> {
    mod11("NIF", d)
}

fn nipc_rule(d: &[u8]) -> Result<(), IdError> {
    mod11("NIPC", d)
}

/// The JSON number form, when the text is one without loss.
fn as_number(text: &str) -> Option<u64> {
    let plain = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && (text == "0" || !text.starts_with('0'));
    if plain { text.parse().ok() } else { None }
}

struct WireVisitor;

impl serde::de::Visitor<'_> for WireVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an identifier as a number or a string of digits")
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<String, E> {
        if v.is_finite() && v.fract() == 0.0 && (0.0..1e19).contains(&v) {
            Ok(format!("{v:.0}"))
        } else {
            Err(E::invalid_value(serde::de::Unexpected::Float(v), &self))
        }
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.trim().to_owned())
    }
}

macro_rules! identifier {
    ($(#[$doc:meta])* $name:ident, $label:literal, $len:literal, $rule:path, $example:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            #[doc = concat!("The number of digits of a ", $label, ".")]
            pub const LEN: usize = $len;

            #[doc = concat!("A ", $label, " checked strictly: ", stringify!($len), " ASCII digits and the published check digit")]
            #[doc = concat!("(e.g. `", $example, "`). See the [module docs](self) for the rule and its source.")]
            pub fn new(text: &str) -> Result<Self, IdError> {
                validate($label, $len, text, $rule)?;
                Ok($name(text.to_owned()))
            }

            #[doc = concat!("A ", $label, " as a service returned it: surrounding whitespace trimmed, nothing rejected.")]
            pub fn from_wire(text: &str) -> Self {
                $name(text.trim().to_owned())
            }

            /// Whether the strict rules of [`Self::new`] hold.
            pub fn is_valid(&self) -> bool {
                validate($label, $len, &self.0, $rule).is_ok()
            }

            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        /// Strict, as [`Self::new`].
        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::new(s)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match as_number(&self.0) {
                    Some(n) => s.serialize_u64(n),
                    None => s.serialize_str(&self.0),
                }
            }
        }

        /// Lenient, as [`Self::from_wire`]: a JSON number or string.
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(WireVisitor).map($name)
            }
        }

        /// Lenient on reading, as [`Self::from_wire`].
        impl XmlText for $name {
            fn to_xml_text(&self) -> Cow<'_, str> {
                Cow::Borrowed(&self.0)
            }
            fn from_xml_text(text: &str) -> Result<Self, String> {
                Ok(Self::from_wire(text))
            }
        }
    };
}

identifier! {
    /// A NISS (*Número de Identificação de Segurança Social*): 11 digits, first digit 1
    /// (individual) or 2 (entity), check digit `9 - Σ(dᵢ·wᵢ) % 10`.
    Niss, "NISS", 11, niss_rule, "11234567892"
}

identifier! {
    /// A NIF (*Número de Identificação Fiscal*): 9 digits, mod-11 check digit.
    Nif, "NIF", 9, nif_rule, "123456789"
}

identifier! {
    /// A NIPC (*Número de Identificação de Pessoa Coletiva*): 9 digits, mod-11 check digit.
    Nipc, "NIPC", 9, nipc_rule, "503504564"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn niss_check_digit() {
        // 1·29+1·23+2·19+3·17+4·13+5·11+6·7+7·5+8·3+9·2 = 367 → 9 − 7 = 2; the test value of
        // the 2009 public-domain routines.
        assert!(Niss::new("11234567892").is_ok());
        // 449 → 9 − 9 = 0.
        assert!(Niss::new("12345678910").is_ok());
        // An entity: 2·29 = 58 → 9 − 8 = 1.
        assert!(Niss::new("20000000001").is_ok());
        assert_eq!(Niss::new("11234567893"), Err(IdError::CheckDigit { id: "NISS" }));
        assert_eq!(
            Niss::new("31234567890"),
            Err(IdError::FirstDigit {
                id: "NISS",
                allowed: "1 or 2"
            })
        );
    }

    #[test]
    fn psi_example_niss_fails_the_check() {
        // 2·29 + 9·(23+19+17+13+11+7+5+3+2) = 958 → 9 − 8 = 1 ≠ 9.
        assert_eq!(Niss::new("29999999999"), Err(IdError::CheckDigit { id: "NISS" }));
        assert!(Niss::new("29999999991").is_ok());
        let wire = Niss::from_wire(" 29999999999 ");
        assert_eq!(wire.as_str(), "29999999999");
        assert!(!wire.is_valid());
    }

    #[test]
    fn nif_and_nipc_mod11() {
        // 9+16+21+24+25+24+21+16 = 156, 156 % 11 = 2 → 9.
        assert!(Nif::new("123456789").is_ok());
        // Worked examples of the cited sources.
        assert!(Nif::new("136695973").is_ok());
        assert!(Nipc::new("503504564").is_ok());
        assert!(Nipc::new("502757191").is_ok());
        // Remainder 0 → 0 (the AT's "consumidor final" placeholder) and remainder 1 → 0.
        assert!(Nif::new("999999990").is_ok());
        assert!(Nif::new("100000070").is_ok());
        assert_eq!(Nif::new("100000071"), Err(IdError::CheckDigit { id: "NIF" }));
        assert_eq!(Nif::new("123456780"), Err(IdError::CheckDigit { id: "NIF" }));
        assert_eq!(Nipc::new("503504565"), Err(IdError::CheckDigit { id: "NIPC" }));
    }

    #[test]
    fn strict_shape_errors() {
        assert_eq!(
            Nif::new("12345678"),
            Err(IdError::Length {
                id: "NIF",
                expected: 9,
                found: 8
            })
        );
        assert_eq!(Nif::new("12345678é"), Err(IdError::NotDigit { id: "NIF", position: 9 }));
        assert_eq!(
            Niss::new(" 1234567891"),
            Err(IdError::NotDigit {
                id: "NISS",
                position: 1
            })
        );
        assert_eq!(
            Niss::new(""),
            Err(IdError::Length {
                id: "NISS",
                expected: 11,
                found: 0
            })
        );
        assert_eq!(
            Niss::new("1123456789x").unwrap_err().to_string(),
            "NISS must contain digits only (character 11 is not a digit)"
        );
        assert_eq!(
            Nif::new("1").unwrap_err().to_string(),
            "NIF must have 9 digits, found 1 characters"
        );
        assert_eq!(
            "123456789".parse::<Nif>().map(|n| n.to_string()),
            Ok("123456789".to_owned())
        );
    }

    #[test]
    fn json_number_or_string() {
        let n = Niss::new("11234567892").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "11234567892");
        assert_eq!(serde_json::from_str::<Niss>("11234567892").unwrap(), n);
        assert_eq!(serde_json::from_str::<Niss>("\"11234567892\"").unwrap(), n);
        // Masked or odd values survive both ways.
        let masked: Niss = serde_json::from_str("\"112****7892\"").unwrap();
        assert_eq!(serde_json::to_string(&masked).unwrap(), "\"112****7892\"");
        let zero: Nif = serde_json::from_str("\"012345678\"").unwrap();
        assert_eq!(serde_json::to_string(&zero).unwrap(), "\"012345678\"");
        assert_eq!(
            serde_json::from_str::<Nif>("1.23456789e8").unwrap().as_str(),
            "123456789"
        );
        assert!(serde_json::from_str::<Nif>("1.5").is_err());
        assert!(serde_json::from_str::<Nif>("true").is_err());
    }

    #[test]
    fn xml_text_is_lenient() {
        assert_eq!(Niss::from_xml_text(" 11234567892\n").unwrap().as_str(), "11234567892");
        assert_eq!(Nipc::from_xml_text("n/a").unwrap().as_str(), "n/a");
        assert_eq!(Nipc::new("503504564").unwrap().to_xml_text(), "503504564");
    }
}
