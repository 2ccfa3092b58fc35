//! The PSI environments, named by the keys of the generated endpoint tables.
//!
//! There is one production host and **two contested readings of the quality host**
//! (`preapp.seg-social.pt` in the January 2024 presentation; `extwww.seg-social.pt` for REST and
//! `extservices.seg-social.pt` for SOAP in later third-party material). Neither quality reading
//! is a default: a caller names the one to use, and can always set the base URL directly.

use std::fmt;
use std::str::FromStr;

/// A PSI environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Environment {
    /// Production (`app.seg-social.pt`).
    Producao,
    /// Quality, reading 1: `preapp.seg-social.pt` (PSI presentation, January 2024). Unverified.
    QualidadePreapp,
    /// Quality, reading 2: `extwww.seg-social.pt` (REST) / `extservices.seg-social.pt` (SOAP)
    /// (third-party client citing later specs). Unverified.
    QualidadeExt,
}

impl Environment {
    /// Every environment, in table order.
    pub const ALL: [Environment; 3] = [
        Environment::Producao,
        Environment::QualidadePreapp,
        Environment::QualidadeExt,
    ];

    /// The key in the generated endpoint tables: `producao`, `qualidade-preapp`,
    /// `qualidade-ext`.
    pub const fn key(self) -> &'static str {
        match self {
            Environment::Producao => "producao",
            Environment::QualidadePreapp => "qualidade-preapp",
            Environment::QualidadeExt => "qualidade-ext",
        }
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A name that is not one of the [`Environment`] keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownEnvironment(pub String);

impl fmt::Display for UnknownEnvironment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown environment `{}` (expected producao, qualidade-preapp or qualidade-ext)",
            self.0
        )
    }
}

impl std::error::Error for UnknownEnvironment {}

impl FromStr for Environment {
    type Err = UnknownEnvironment;
    /// Parses a key exactly as [`Environment::key`] writes it.
    fn from_str(s: &str) -> Result<Self, UnknownEnvironment> {
        Environment::ALL
            .into_iter()
            .find(|e| e.key() == s)
            .ok_or_else(|| UnknownEnvironment(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for e in Environment::ALL {
            assert_eq!(e.key().parse::<Environment>(), Ok(e));
        }
        assert_eq!(
            "qualidade".parse::<Environment>().unwrap_err().to_string(),
            "unknown environment `qualidade` (expected producao, qualidade-preapp or qualidade-ext)"
        );
    }
}
