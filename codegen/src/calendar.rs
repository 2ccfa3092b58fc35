//! Reporting-obligation calendars: a small YAML data spec in, a Rust module out.
//!
//! The input is the project's own data spec of the SIOE reporting obligations
//! (`specs/sioe/obrigacoes/portaria-172-2025-1.yaml`, whose header documents the schema); the output
//! is a module that names each obligation in an `enum Obrigacao`, describes each window rule with the
//! runtime's `rt::calendar::Janela`, and offers `obrigacoes_em`, `prazos_do_ano` and
//! `prazo_ocorrencia`. The date arithmetic lives in the hand-written runtime (`rt::calendar`); the
//! generated module is data plus thin wrappers.
//!
//! [`parse`] reads and checks the YAML; every error is an [`Error::Spec`] naming the file and a
//! JSON-pointer path (`…/portaria-172-2025-1.yaml#/obrigacoes/3/janela`), or a line and column for
//! YAML syntax errors. [`emit`] turns the checked spec into tokens with `quote!` and formats them with
//! `prettyplease`. [`emit_calendar`] does both.
//!
//! This file holds the checked spec's types; `read` parses and checks the YAML, `generate`
//! writes the module.

mod generate;
mod read;
#[cfg(test)]
mod tests;

use serde::Deserialize;

pub use generate::emit;
pub use read::parse;

use crate::{Error, Options};

/// The schema version this module reads (`esquema:` in the file).
pub const ESQUEMA: u32 = 1;

// ---------------------------------------------------------------------------------------------
// The checked spec
// ---------------------------------------------------------------------------------------------

/// A checked calendar spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendario {
    /// The legal source (`fonte`).
    pub fonte: String,
    /// The version of the rules (`versao`).
    pub versao: String,
    /// General notes (`notas`), carried into the module documentation.
    pub notas: Vec<String>,
    /// The obligations, in file order.
    pub obrigacoes: Vec<Obrigacao>,
}

/// One reporting obligation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Obrigacao {
    /// Stable snake_case id (`quadro_pessoal`).
    pub id: String,
    /// The Rust variant name derived from the id (`QuadroPessoal`).
    pub variante: String,
    /// Portuguese name.
    pub nome: String,
    /// The article that sets the window (`art. 7.º`).
    pub artigo: String,
    /// Who registers.
    pub responsavel: Responsavel,
    /// How often.
    pub periodicidade: Periodicidade,
    /// Verbatim window rule, when the reference quotes one.
    pub citacao: Option<String>,
    /// Verbatim rule for the reference period of the data.
    pub citacao_dados: Option<String>,
    /// Our reading, paraphrase or inference.
    pub nota: Option<String>,
    /// The submission-window rule.
    pub janela: Janela,
}

/// Who registers (`responsavel`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Responsavel {
    /// The public employer.
    Empregador,
    /// DGAEP.
    Dgaep,
}

/// How often (`periodicidade`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Periodicidade {
    /// Every quarter.
    Trimestral,
    /// Every half-year.
    Semestral,
    /// Every year.
    Anual,
    /// On occurrence of an event.
    Ocorrencia,
}

/// The kind of reference period (`periodo`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TipoPeriodo {
    /// Calendar quarter.
    Trimestre,
    /// Calendar half-year.
    Semestre,
    /// Calendar year.
    Ano,
}

/// The reference year of a fixed window relative to its year (`referencia`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Referencia {
    /// Y − 1.
    AnoAnterior,
    /// Y.
    AnoCorrente,
    /// Y + 1.
    AnoSeguinte,
}

/// The submission-window rule (`janela`, tagged by `tipo`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "tipo", rename_all = "snake_case", deny_unknown_fields)]
pub enum Janela {
    /// Fixed day range in the given months of each year.
    IntervaloFixo {
        /// Months, 1–12, increasing.
        meses: Vec<u32>,
        /// First day.
        dia_inicio: u32,
        /// Last day (inclusive).
        dia_fim: u32,
        /// Reference year.
        referencia: Referencia,
    },
    /// By day `dia` of the month after each period.
    AteDiaDoMesSeguinte {
        /// Period kind.
        periodo: TipoPeriodo,
        /// Closing day, 1–28.
        dia: u32,
    },
    /// By the last day of the month after each period.
    AteUltimoDiaDoMesSeguinte {
        /// Period kind.
        periodo: TipoPeriodo,
    },
    /// Within `dias` working days of an event.
    DiasUteisAposEvento {
        /// Number of working days.
        dias: u32,
        /// Verbatim text naming what starts the count.
        evento: String,
    },
    /// Within `dias` calendar days of an event.
    DiasAposEvento {
        /// Number of days.
        dias: u32,
        /// Verbatim text naming what starts the count.
        evento: String,
    },
    /// On occurrence, no deadline stated.
    NaOcorrencia {
        /// Verbatim text naming the occurrence.
        evento: String,
    },
}

impl Janela {
    /// The event text of an event-driven rule.
    pub fn evento(&self) -> Option<&str> {
        match self {
            Janela::DiasUteisAposEvento { evento, .. }
            | Janela::DiasAposEvento { evento, .. }
            | Janela::NaOcorrencia { evento } => Some(evento),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Both stages
// ---------------------------------------------------------------------------------------------

/// Read `bytes` (the calendar spec at `yaml_path`) and return the formatted text of the generated
/// module, with the default [`Options`].
pub fn emit_calendar(yaml_path: &str, bytes: &[u8]) -> Result<String, Error> {
    emit_calendar_with(yaml_path, bytes, &Options::default())
}

/// As [`emit_calendar`], with explicit options (`runtime_path` and `regenerate_command` are used).
pub fn emit_calendar_with(yaml_path: &str, bytes: &[u8], options: &Options) -> Result<String, Error> {
    let calendario = parse(yaml_path, bytes)?;
    emit(&calendario, yaml_path, options)
}
