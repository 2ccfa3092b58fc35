//! Business rules the PSI enforces but a schema cannot say.
//!
//! A hand-written [`Validate`] layer over the generated request types (kept out of the
//! generated files). [`Validate::validate`] never sends anything and never panics: it returns
//! every [`Violation`] it finds, an empty list when the request looks acceptable. The date of
//! "today" is passed in, so the result does not depend on the clock; [`ValidateToday`] takes
//! today's date in Lisbon from the system clock instead.
//!
//! ```
//! use psi_client::rules::{Rule, Validate};
//! # fn demo(request: &psi_client::api::cessar_vinculo::CessarVinculo, today: psi_client::rt::Date) {
//! for v in request.validate(today) {
//!     eprintln!("{v}"); // e.g. "fundamentacao: required when …"
//!     if v.rule == Rule::NissInvalid { /* ask the user to retype it */ }
//! }
//! # }
//! ```
//!
//! The rules come from the project reference `psi-services.md`; each [`Rule`] names its
//! section ([`Rule::reference`]). The modality and motive tables of §7.1 and §7.3 are written
//! once (in a private table) and every rule is derived from them. Identifiers are checked with
//! [`crate::rt::Niss::is_valid`] (length, digits, first digit, check digit).
//!
//! Implemented for:
//!
//! | Request | Service |
//! |---|---|
//! | [`api::cessar_vinculo::CessarVinculo`] | §6.4 Cessar Vínculo |
//! | [`api::alterar_contrato::AlterarContratoTrabalho`] | §6.5 Alterar Contrato |
//! | [`api::qlf::PedidoVinculoTrabalhadorDto`] | §6.9 Comunicar vínculo com enquadramento (REST) |
//! | [`api::registar_vinculo::RegistarVinculoTrabalhador`] | §6.3 Comunicar Vínculo (hypothesis; §6.9 rules) |
//! | [`api::consultar_trabalhadores::GetQualificacoesTrabalhadoresVinculadosEe`] and its [`api::consultar_trabalhadores::TrabalhadorVinculoEePesquisaSimplesPtvo`] | §6.1 step 1 |
//! | [`api::consultar_contratos::PesquisaContratos`] | §6.7 step 1 |
//! | [`api::emissao_documentos_pagamento::PedidoEmissaoDocumentoPagamentoVo`] | §6.10.1 (unknown `ambito` only) |
//!
//! [`api::cessar_vinculo::CessarVinculo`]: crate::api::cessar_vinculo::CessarVinculo
//! [`api::alterar_contrato::AlterarContratoTrabalho`]: crate::api::alterar_contrato::AlterarContratoTrabalho
//! [`api::qlf::PedidoVinculoTrabalhadorDto`]: crate::api::qlf::PedidoVinculoTrabalhadorDto
//! [`api::registar_vinculo::RegistarVinculoTrabalhador`]: crate::api::registar_vinculo::RegistarVinculoTrabalhador
//! [`api::consultar_trabalhadores::GetQualificacoesTrabalhadoresVinculadosEe`]: crate::api::consultar_trabalhadores::GetQualificacoesTrabalhadoresVinculadosEe
//! [`api::consultar_trabalhadores::TrabalhadorVinculoEePesquisaSimplesPtvo`]: crate::api::consultar_trabalhadores::TrabalhadorVinculoEePesquisaSimplesPtvo
//! [`api::consultar_contratos::PesquisaContratos`]: crate::api::consultar_contratos::PesquisaContratos
//! [`api::emissao_documentos_pagamento::PedidoEmissaoDocumentoPagamentoVo`]: crate::api::emissao_documentos_pagamento::PedidoEmissaoDocumentoPagamentoVo
#![warn(missing_docs)]

mod requests;
mod tables;

use std::fmt;

use crate::rt::Date;

/// A rule the PSI enforces. Each variant's documentation gives the rule and its section of
/// the project reference (`psi-services.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// A NISS does not pass the published rules: 11 digits, first digit 1 or 2, check digit
    /// (§5.2; algorithm in [`crate::rt::ident`]).
    NissInvalid,
    /// A code the client does not know (an enum's `Unknown` value) was put in a request; the
    /// PSI only accepts the listed codes (§7).
    UnknownCode,
    /// A code of a list several services share (one Rust type) that the target service's
    /// spec does not list, e.g. `RVEL` (Alterar Contrato only) in a Registar Vínculo request
    /// (each value's documentation says which services accept it).
    CodeNotAccepted,
    /// `fundamentacao` is required when `motivo-fim-vinculo` is `RARC`, `RARD`, `RARE` or
    /// `RARR` and `comunicacao-desemprego` is `1` (§6.4, §7.4). An empty text counts as
    /// missing (§5.8).
    FundamentacaoRequired,
    /// `data-fim-vinculo` is after today (§6.4).
    DataFimVinculoInFuture,
    /// `data-fim-vinculo` is more than 60 months before today (§6.4, *reported*).
    DataFimVinculoTooOld,
    /// `fim-contrato` is missing for a modality that requires it: termo certo
    /// `E EA EB O F FA FB N` in Alterar Contrato, plus `I` when communicating a bond
    /// (§6.5, §6.9, §7.1).
    FimContratoRequired,
    /// `fim-contrato` is present for a modality that must omit it (every modality outside
    /// the set of [`Rule::FimContratoRequired`]); the PSI answers "DATA FIM CONTRATO COM
    /// FORMATO INVÁLIDO" (§6.5, §6.9, §7.1, §7.7.6).
    FimContratoNotAllowed,
    /// `motivo-contrato` is missing for a termo certo (except `I`) or termo incerto modality
    /// (§6.5, §6.9, §7.1).
    MotivoContratoRequired,
    /// `motivo-contrato` is not one of the motives of the modality's duration: §7.3 lists
    /// which motives apply to termo certo and which to termo incerto (e.g. `OMAP` is termo
    /// incerto only, `CTSD` termo certo only).
    MotivoContratoNotForModalidade,
    /// `niss-trabalhador-substituir` is missing although `motivo-contrato` is `STAJ`, `STAT`,
    /// `STLR` or `STTC` (§6.5, §6.9, §7.3).
    NissSubstituirRequired,
    /// `percentagem-trabalho`, `horas-trabalho` or `dias-trabalho` is missing for a part-time
    /// modality `B D BA BB R F FA FB N H HA HB P` (§6.5, §6.9, §7.1).
    PartTimeFieldRequired,
    /// `inicio-contrato` is more than 30 days after today (§6.5, "a hard rule in the PDF").
    InicioContratoTooLate,
    /// `remuneracao-base` is not greater than 0 (§6.5).
    RemuneracaoBaseNotPositive,
    /// `diuturnidades` is present and not greater than 0 (§6.5).
    DiuturnidadesNotPositive,
    /// Contracts of muito curta duração (`I`) cannot be altered; the PSI answers code `3`
    /// (§6.5, §7.1).
    MuitoCurtaDuracaoNotAlterable,
    /// `profissao` is not a 5-digit CPP code (§6.5, §6.9).
    ProfissaoFormat,
    /// The search period ends before it starts (§6.1 *(inferred)*, §6.7).
    PeriodEndsBeforeStart,
    /// The Consultar Trabalhadores search window is longer than 90 days (§6.1).
    PeriodTooLong,
}

impl Rule {
    /// The sections of the project reference (`psi-services.md`) the rule comes from.
    pub fn reference(self) -> &'static str {
        match self {
            Rule::NissInvalid => "§5.2",
            Rule::UnknownCode | Rule::CodeNotAccepted => "§7",
            Rule::FundamentacaoRequired => "§6.4, §7.4",
            Rule::DataFimVinculoInFuture | Rule::DataFimVinculoTooOld => "§6.4",
            Rule::FimContratoRequired | Rule::FimContratoNotAllowed => "§6.5, §6.9, §7.1",
            Rule::MotivoContratoRequired | Rule::PartTimeFieldRequired => "§6.5, §6.9, §7.1",
            Rule::MotivoContratoNotForModalidade => "§7.3",
            Rule::NissSubstituirRequired => "§6.5, §6.9, §7.3",
            Rule::InicioContratoTooLate | Rule::RemuneracaoBaseNotPositive | Rule::DiuturnidadesNotPositive => "§6.5",
            Rule::MuitoCurtaDuracaoNotAlterable => "§6.5, §7.1",
            Rule::ProfissaoFormat => "§6.5, §6.9",
            Rule::PeriodEndsBeforeStart => "§6.1, §6.7",
            Rule::PeriodTooLong => "§6.1",
        }
    }
}

/// One broken rule in a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The field's wire name (`fim-contrato`, `dataFimPesquisa`, …).
    pub field: &'static str,
    /// The rule.
    pub rule: Rule,
    /// What is wrong, in English, for a log or a form. It never repeats a NISS.
    pub message: String,
}

impl Violation {
    pub(crate) fn new(field: &'static str, rule: Rule, message: impl Into<String>) -> Self {
        Violation {
            field,
            rule,
            message: message.into(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// A request that can be checked against the business rules before it is sent.
pub trait Validate {
    /// Every rule the request breaks, given today's date (empty when none).
    fn validate(&self, today: Date) -> Vec<Violation>;
}

/// Today's date in mainland Portugal (Lisbon: UTC in winter, UTC+1 from the last Sunday of
/// March to the last Sunday of October, changing at 01:00 UTC), from the system clock —
/// whatever the machine's own time zone is.
pub fn today_in_lisbon() -> Date {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    lisbon_date(now)
}

/// The Lisbon calendar date at `unix_seconds` (UTC).
fn lisbon_date(unix_seconds: i64) -> Date {
    use chrono::{Datelike, Duration, Weekday};
    let Some(utc) = chrono::DateTime::from_timestamp(unix_seconds, 0).map(|t| t.naive_utc()) else {
        return Date::MIN;
    };
    let last_sunday = |month: u32| {
        let last = Date::from_ymd_opt(utc.year(), month, 31).unwrap_or(Date::MIN);
        let back = i64::from(last.weekday().days_since(Weekday::Sun));
        (last - Duration::days(back)).and_hms_opt(1, 0, 0).unwrap_or_default()
    };
    let summer = utc >= last_sunday(3) && utc < last_sunday(10);
    let offset = if summer { Duration::hours(1) } else { Duration::zero() };
    (utc + offset).date()
}

/// [`Validate::validate`] with today's date in Lisbon ([`today_in_lisbon`]).
pub trait ValidateToday: Validate {
    /// Every rule the request breaks today.
    fn validate_today(&self) -> Vec<Violation> {
        self.validate(today_in_lisbon())
    }
}

impl<T: Validate + ?Sized> ValidateToday for T {}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, mi: u32) -> i64 {
        Date::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, mi, 0))
            .map(|t| t.and_utc().timestamp())
            .expect("a real time")
    }

    #[test]
    fn lisbon_dates_follow_summer_time() {
        let day = |y, m, d| Date::from_ymd_opt(y, m, d).expect("a real date");
        // Winter: UTC.
        assert_eq!(lisbon_date(at(2026, 1, 15, 23, 30)), day(2026, 1, 15));
        // Summer (UTC+1): 23:30 UTC is already the next day in Lisbon.
        assert_eq!(lisbon_date(at(2026, 7, 15, 23, 30)), day(2026, 7, 16));
        // 2026: summer time from Sunday 29 March 01:00 UTC to Sunday 25 October 01:00 UTC.
        assert_eq!(lisbon_date(at(2026, 3, 29, 0, 59)), day(2026, 3, 29));
        assert_eq!(lisbon_date(at(2026, 3, 28, 23, 30)), day(2026, 3, 28));
        assert_eq!(lisbon_date(at(2026, 10, 24, 23, 30)), day(2026, 10, 25));
        assert_eq!(lisbon_date(at(2026, 10, 25, 23, 30)), day(2026, 10, 25));
        assert!(today_in_lisbon() > day(2026, 1, 1));
    }
}
