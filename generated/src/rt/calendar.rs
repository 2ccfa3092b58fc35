//! Runtime support for reporting-obligation calendars (SIOE, Portaria n.º 172/2025/1).
//!
//! The generated module `api::sioe_calendario` describes each obligation's submission window as a
//! [`Janela`]; this module turns those rules into concrete dates:
//!
//! * the Portuguese working-day calendar: [`easter_sunday`], [`national_holidays`], [`is_working_day`],
//!   [`add_working_days`];
//! * reference periods ([`Periodo`]) and the windows of a year ([`prazos_do_ano`]), of a date
//!   ([`obrigacoes_em`]) or of an event ([`Janela::prazo_ocorrencia`]), as [`Prazo`] values.
//!
//! Nothing here panics: every date computation is checked, and a window that would fall outside
//! the range of [`NaiveDate`] is left out (or `None` is returned).
//!
//! # Conventions
//!
//! The Portaria does not define them; they are the readings of the project reference (`sioe.md`
//! (b.4)), marked *(inferred)* there:
//!
//! * quarters and semesters are calendar quarters and half-years;
//! * «até ao dia N» includes day N;
//! * a window that the Portaria gives only as a closing date («até …») opens on the day after the
//!   reference period ends; such a [`Prazo`] has [`Prazo::inicio_inferido`] set;
//! * a deadline is never moved off a weekend or a holiday silently: [`Prazo::fim`] is the date the
//!   rule gives, and [`Prazo::fim_ajustado`] applies an explicit [`AjusteDoFim`] policy.
//!
//! # Counting days after an event
//!
//! The Portaria counts «10 dias úteis, contado a partir» «Da data de notificação …» / «Da data de
//! ocorrência …» (art. 5.º n.º 2 b)) and «15 dias úteis após a data de entrada em vigor da Lei do
//! Orçamento do Estado» (art. 6.º n.º 3). The reference gives no rule for the first day of the count
//! and cites no general law on counting. The convention chosen here: **the day of the event is not
//! counted; day 1 is the next day** (the next working day, for working-day counts). Reasons: «após»
//! in art. 6.º n.º 3 says so literally; it makes both working-day rules (and the «30 dias … a contar
//! da data da publicação» of art. 5.º n.º 2 a)) count alike; and it is the common convention for
//! legal time limits (a convention, not something the reference states). Under the other reading (the event day is day 1 when
//! it is itself a working day) every such deadline would be one working day earlier.

use std::fmt;

use chrono::{Datelike, Days, Weekday};

pub use chrono::NaiveDate;

// ---------------------------------------------------------------------------------------------
// Portuguese working-day calendar
// ---------------------------------------------------------------------------------------------

/// Easter Sunday of `year` in the Gregorian calendar, by the anonymous Gregorian algorithm
/// (Meeus/Jones/Butcher).
///
/// The algorithm is applied proleptically to every year; it is only meaningful from 1583 on.
/// `None` when the date is outside the range of [`NaiveDate`].
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let y = i64::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let n = h + l - 7 * m + 114;
    let month = u32::try_from(n.div_euclid(31)).ok()?;
    let day = u32::try_from(n.rem_euclid(31) + 1).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// A national public holiday of Portugal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Feriado {
    /// The date.
    pub data: NaiveDate,
    /// Its Portuguese name.
    pub nome: &'static str,
    /// Whether the date moves with Easter.
    pub movel: bool,
}

/// The fixed national holidays: (month, day, name).
const FERIADOS_FIXOS: [(u32, u32, &str); 10] = [
    (1, 1, "Ano Novo"),
    (4, 25, "Dia da Liberdade"),
    (5, 1, "Dia do Trabalhador"),
    (6, 10, "Dia de Portugal, de Camões e das Comunidades Portuguesas"),
    (8, 15, "Assunção de Nossa Senhora"),
    (10, 5, "Implantação da República"),
    (11, 1, "Dia de Todos os Santos"),
    (12, 1, "Restauração da Independência"),
    (12, 8, "Imaculada Conceição"),
    (12, 25, "Natal"),
];

/// The movable national holidays: (days from Easter Sunday, name).
const FERIADOS_MOVEIS: [(i64, &str); 3] = [
    (-2, "Sexta-feira Santa"),
    (0, "Domingo de Páscoa"),
    (60, "Corpo de Deus"),
];

/// The national public holidays of Portugal in `year`, in date order.
///
/// * Fixed: 1 January, 25 April, 1 May, 10 June, 15 August, 5 October, 1 November, 1 December,
///   8 December, 25 December.
/// * Movable, from Easter Sunday ([`easter_sunday`]): Good Friday (Easter − 2), Easter Sunday,
///   Corpus Christi (Easter + 60).
///
/// **Carnival (Shrove Tuesday) is not a national holiday** and is not listed: a day off granted
/// for it is not a holiday for these counts. Municipal holidays and
/// the regional holidays of the Azores and Madeira are not listed either: the working-day counts of
/// this module are national. The list is the one in force when the Portaria was published (2025);
/// earlier changes to the list are not modelled. Dates outside the range of [`NaiveDate`] are left out.
pub fn national_holidays(year: i32) -> Vec<Feriado> {
    let mut out = Vec::with_capacity(FERIADOS_FIXOS.len() + FERIADOS_MOVEIS.len());
    for (month, day, nome) in FERIADOS_FIXOS {
        if let Some(data) = NaiveDate::from_ymd_opt(year, month, day) {
            out.push(Feriado {
                data,
                nome,
                movel: false,
            });
        }
    }
    if let Some(easter) = easter_sunday(year) {
        for (offset, nome) in FERIADOS_MOVEIS {
            let data = match u64::try_from(offset) {
                Ok(after) => easter.checked_add_days(Days::new(after)),
                Err(_) => easter.checked_sub_days(Days::new(offset.unsigned_abs())),
            };
            if let Some(data) = data {
                out.push(Feriado {
                    data,
                    nome,
                    movel: true,
                });
            }
        }
    }
    out.sort_by_key(|f| f.data);
    out
}

/// Whether `date` is a national public holiday ([`national_holidays`]).
pub fn is_national_holiday(date: NaiveDate) -> bool {
    national_holidays(date.year()).iter().any(|f| f.data == date)
}

/// Whether `date` is a working day: Monday to Friday and not a national public holiday.
pub fn is_working_day(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !is_national_holiday(date)
}

/// The holidays of one year, kept while a count walks through that year.
struct HolidayCache {
    year: i32,
    dates: Vec<NaiveDate>,
}

impl HolidayCache {
    fn new() -> Self {
        HolidayCache {
            year: 0,
            dates: Vec::new(),
        }
    }

    fn is_working_day(&mut self, date: NaiveDate) -> bool {
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            return false;
        }
        if self.dates.is_empty() || self.year != date.year() {
            self.year = date.year();
            self.dates = national_holidays(self.year).into_iter().map(|f| f.data).collect();
        }
        !self.dates.contains(&date)
    }
}

/// The date `n` working days after `date`.
///
/// The count starts on the day after `date` (`date` itself is never counted, whether or not it is a
/// working day): the result is the `n`-th working day ([`is_working_day`]) strictly after `date`.
/// `n = 0` gives `date` unchanged. See the module documentation for why this convention was chosen.
/// `None` when the result is outside the range of [`NaiveDate`].
pub fn add_working_days(date: NaiveDate, n: u32) -> Option<NaiveDate> {
    // Each working day takes at least one calendar day: give up early when even that cannot fit.
    if i64::from(n) > NaiveDate::MAX.signed_duration_since(date).num_days() {
        return None;
    }
    let mut cache = HolidayCache::new();
    let mut current = date;
    let mut left = n;
    while left > 0 {
        current = current.succ_opt()?;
        if cache.is_working_day(current) {
            left -= 1;
        }
    }
    Some(current)
}

/// The date `n` calendar days after `date` (day 1 is the day after `date`). `None` when out of range.
pub fn add_days(date: NaiveDate, n: u32) -> Option<NaiveDate> {
    date.checked_add_days(Days::new(u64::from(n)))
}

/// The first working day on or after `date`. `None` when out of range.
pub fn next_working_day(date: NaiveDate) -> Option<NaiveDate> {
    let mut cache = HolidayCache::new();
    let mut current = date;
    while !cache.is_working_day(current) {
        current = current.succ_opt()?;
    }
    Some(current)
}

/// The last day of `month` (1–12) of `year`. `None` for an invalid month or out of range.
pub fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    if month == 12 {
        NaiveDate::from_ymd_opt(year, 12, 31)
    } else {
        NaiveDate::from_ymd_opt(year, month.checked_add(1)?, 1)?.pred_opt()
    }
}

// ---------------------------------------------------------------------------------------------
// Periods
// ---------------------------------------------------------------------------------------------

/// The kind of a reference period of a periodic obligation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TipoPeriodo {
    /// A calendar quarter (January–March, …).
    Trimestre,
    /// A calendar half-year (January–June, July–December).
    Semestre,
    /// A calendar year.
    Ano,
}

impl TipoPeriodo {
    /// The periods of this kind in `ano`, in order.
    pub fn periodos(self, ano: i32) -> Vec<Periodo> {
        match self {
            TipoPeriodo::Trimestre => (1..=4).map(|trimestre| Periodo::Trimestre { ano, trimestre }).collect(),
            TipoPeriodo::Semestre => (1..=2).map(|semestre| Periodo::Semestre { ano, semestre }).collect(),
            TipoPeriodo::Ano => vec![Periodo::Ano { ano }],
        }
    }
}

/// The period (or, for an event-driven obligation, the date) that the registered data refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Periodo {
    /// Quarter `trimestre` (1–4) of `ano`.
    Trimestre {
        /// The year.
        ano: i32,
        /// 1–4.
        trimestre: u8,
    },
    /// Half-year `semestre` (1–2) of `ano`.
    Semestre {
        /// The year.
        ano: i32,
        /// 1–2.
        semestre: u8,
    },
    /// The year `ano`.
    Ano {
        /// The year.
        ano: i32,
    },
    /// One day: the date of the event that starts an event-driven deadline.
    Dia {
        /// The date of the event.
        data: NaiveDate,
    },
}

impl Periodo {
    /// The months (first, last) the period covers; `None` for an invalid quarter or semester
    /// number and for [`Periodo::Dia`].
    fn meses(&self) -> Option<(i32, u32, u32)> {
        match *self {
            Periodo::Trimestre {
                ano,
                trimestre: t @ 1..=4,
            } => Some((ano, u32::from(t) * 3 - 2, u32::from(t) * 3)),
            Periodo::Semestre {
                ano,
                semestre: s @ 1..=2,
            } => Some((ano, u32::from(s) * 6 - 5, u32::from(s) * 6)),
            Periodo::Ano { ano } => Some((ano, 1, 12)),
            _ => None,
        }
    }

    /// The first day of the period. `None` for an invalid quarter or semester number, or out of range.
    pub fn primeiro_dia(&self) -> Option<NaiveDate> {
        if let Periodo::Dia { data } = *self {
            return Some(data);
        }
        let (ano, first, _) = self.meses()?;
        NaiveDate::from_ymd_opt(ano, first, 1)
    }

    /// The last day of the period. `None` for an invalid quarter or semester number, or out of range.
    pub fn ultimo_dia(&self) -> Option<NaiveDate> {
        if let Periodo::Dia { data } = *self {
            return Some(data);
        }
        let (ano, _, last) = self.meses()?;
        last_day_of_month(ano, last)
    }
}

impl fmt::Display for Periodo {
    /// Portuguese: `1.º trimestre de 2026`, `2.º semestre de 2025`, `ano de 2025`, `2026-04-01`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Periodo::Trimestre { ano, trimestre } => write!(f, "{trimestre}.º trimestre de {ano}"),
            Periodo::Semestre { ano, semestre } => write!(f, "{semestre}.º semestre de {ano}"),
            Periodo::Ano { ano } => write!(f, "ano de {ano}"),
            Periodo::Dia { data } => write!(f, "{data}"),
        }
    }
}

/// The reference year of a fixed window, relative to the year Y of the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReferenciaAnual {
    /// Y − 1 («com referência ao ano imediatamente anterior»).
    AnoAnterior,
    /// Y («o ano em curso»).
    AnoCorrente,
    /// Y + 1 («o ano seguinte»).
    AnoSeguinte,
}

impl ReferenciaAnual {
    /// The reference period for a window in year `ano`. `None` on overflow.
    pub fn periodo(self, ano: i32) -> Option<Periodo> {
        let ano = match self {
            ReferenciaAnual::AnoAnterior => ano.checked_sub(1)?,
            ReferenciaAnual::AnoCorrente => ano,
            ReferenciaAnual::AnoSeguinte => ano.checked_add(1)?,
        };
        Some(Periodo::Ano { ano })
    }
}

/// How often an obligation recurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

/// Who must register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Responsavel {
    /// The public employer («é da responsabilidade do empregador público»).
    Empregador,
    /// DGAEP (Direção-Geral da Administração e do Emprego Público).
    Dgaep,
}

// ---------------------------------------------------------------------------------------------
// Windows
// ---------------------------------------------------------------------------------------------

/// The rule for an obligation's submission window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Janela {
    /// From `dia_inicio` to `dia_fim` (inclusive) of each of `meses`, every year Y; the data refer to
    /// the year given by `referencia`.
    IntervaloFixo {
        /// Months (1–12).
        meses: &'static [u32],
        /// First day of the window.
        dia_inicio: u32,
        /// Last day of the window (inclusive).
        dia_fim: u32,
        /// The reference year, relative to Y.
        referencia: ReferenciaAnual,
    },
    /// «até ao dia `dia` do mês seguinte ao termo de cada» period of kind `periodo`.
    AteDiaDoMesSeguinte {
        /// The kind of reference period.
        periodo: TipoPeriodo,
        /// The closing day of the month after the period (inclusive).
        dia: u32,
    },
    /// «até ao último dia do mês seguinte ao termo de cada» period of kind `periodo`.
    AteUltimoDiaDoMesSeguinte {
        /// The kind of reference period.
        periodo: TipoPeriodo,
    },
    /// Within `dias` working days of an event (counted from the day after it, [`add_working_days`]).
    DiasUteisAposEvento {
        /// Number of working days.
        dias: u32,
    },
    /// Within `dias` calendar days of an event (counted from the day after it, [`add_days`]).
    DiasAposEvento {
        /// Number of days.
        dias: u32,
    },
    /// On occurrence of an event, with no deadline stated.
    NaOcorrencia,
}

impl Janela {
    /// Whether the window recurs on the calendar (as opposed to following an event).
    pub const fn periodica(&self) -> bool {
        matches!(
            self,
            Janela::IntervaloFixo { .. }
                | Janela::AteDiaDoMesSeguinte { .. }
                | Janela::AteUltimoDiaDoMesSeguinte { .. }
        )
    }

    /// Every window of this rule that closes in `ano`, in date order. Empty for event-driven rules.
    ///
    /// For the «até …» rules the year's windows are those whose closing date is in `ano`: the
    /// window for the last period of `ano − 1` is part of `ano`.
    pub fn prazos_do_ano<O: Copy>(&self, obrigacao: O, ano: i32) -> Vec<Prazo<O>> {
        let mut out = Vec::new();
        match *self {
            Janela::IntervaloFixo {
                meses,
                dia_inicio,
                dia_fim,
                referencia,
            } => {
                let Some(periodo_referencia) = referencia.periodo(ano) else {
                    return out;
                };
                for &mes in meses {
                    let (Some(inicio), Some(fim)) = (
                        NaiveDate::from_ymd_opt(ano, mes, dia_inicio),
                        NaiveDate::from_ymd_opt(ano, mes, dia_fim),
                    ) else {
                        continue;
                    };
                    if inicio <= fim {
                        out.push(Prazo {
                            obrigacao,
                            inicio,
                            fim,
                            periodo_referencia,
                            inicio_inferido: false,
                        });
                    }
                }
            }
            Janela::AteDiaDoMesSeguinte { periodo, .. } | Janela::AteUltimoDiaDoMesSeguinte { periodo } => {
                let mut periodos = ano.checked_sub(1).map(|a| periodo.periodos(a)).unwrap_or_default();
                periodos.extend(periodo.periodos(ano));
                for p in periodos {
                    if let Some(prazo) = self.prazo_do_periodo(obrigacao, p)
                        && prazo.fim.year() == ano
                    {
                        out.push(prazo);
                    }
                }
            }
            Janela::DiasUteisAposEvento { .. } | Janela::DiasAposEvento { .. } | Janela::NaOcorrencia => {}
        }
        out.sort_by_key(|p| (p.fim, p.inicio));
        out
    }

    /// The window of an «até …» rule for one reference period: it opens the day after the period
    /// ends *(inferred)* and closes on the rule's day of the following month. `None` for other rules,
    /// for a [`Periodo::Dia`], or out of range.
    pub fn prazo_do_periodo<O>(&self, obrigacao: O, periodo_referencia: Periodo) -> Option<Prazo<O>> {
        if matches!(periodo_referencia, Periodo::Dia { .. }) {
            return None;
        }
        let inicio = periodo_referencia.ultimo_dia()?.succ_opt()?;
        let fim = match *self {
            Janela::AteDiaDoMesSeguinte { dia, .. } => NaiveDate::from_ymd_opt(inicio.year(), inicio.month(), dia)?,
            Janela::AteUltimoDiaDoMesSeguinte { .. } => last_day_of_month(inicio.year(), inicio.month())?,
            _ => return None,
        };
        Some(Prazo {
            obrigacao,
            inicio,
            fim,
            periodo_referencia,
            inicio_inferido: true,
        })
    }

    /// The deadline of an event-driven rule for an event on `data_evento`.
    ///
    /// The window opens on the event date *(inferred: the Portaria gives only the deadline)* and
    /// closes `dias` working days ([`add_working_days`]) or calendar days ([`add_days`]) after it,
    /// the event day not counted. `None` for periodic rules, for [`Janela::NaOcorrencia`] (no deadline
    /// is stated) and when the deadline is out of range.
    pub fn prazo_ocorrencia<O>(&self, obrigacao: O, data_evento: NaiveDate) -> Option<Prazo<O>> {
        let fim = match *self {
            Janela::DiasUteisAposEvento { dias } => add_working_days(data_evento, dias)?,
            Janela::DiasAposEvento { dias } => add_days(data_evento, dias)?,
            _ => return None,
        };
        Some(Prazo {
            obrigacao,
            inicio: data_evento,
            fim,
            periodo_referencia: Periodo::Dia { data: data_evento },
            inicio_inferido: true,
        })
    }
}

/// What to do with a deadline that falls on a weekend or a national holiday.
///
/// The Portaria has no rule for this (reference `sioe.md` (b.4): "do not roll deadlines forward
/// silently; expose this as a policy option").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AjusteDoFim {
    /// Keep the date the rule gives.
    #[default]
    Nenhum,
    /// Move it to the next working day ([`is_working_day`]).
    ProximoDiaUtil,
}

/// One concrete submission window of an obligation `O`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Prazo<O> {
    /// The obligation.
    pub obrigacao: O,
    /// First day on which the data can be registered.
    pub inicio: NaiveDate,
    /// Last day (inclusive), as the rule gives it (never moved off a weekend or holiday).
    pub fim: NaiveDate,
    /// The period (or event date) the data refer to.
    pub periodo_referencia: Periodo,
    /// `true` when the Portaria gives only the closing date and [`Prazo::inicio`] is our reading:
    /// the day after the reference period, or the event date.
    pub inicio_inferido: bool,
}

impl<O> Prazo<O> {
    /// Whether `data` is inside the window (both ends included).
    pub fn contem(&self, data: NaiveDate) -> bool {
        self.inicio <= data && data <= self.fim
    }

    /// The closing date under a policy for weekends and holidays. `None` when out of range.
    pub fn fim_ajustado(&self, ajuste: AjusteDoFim) -> Option<NaiveDate> {
        match ajuste {
            AjusteDoFim::Nenhum => Some(self.fim),
            AjusteDoFim::ProximoDiaUtil => next_working_day(self.fim),
        }
    }
}

/// Every periodic window of the obligations of `tabela` that closes in `ano`, ordered by closing
/// date, then opening date, then obligation.
pub fn prazos_do_ano<O: Copy + Ord>(tabela: &[(O, Janela)], ano: i32) -> Vec<Prazo<O>> {
    let mut out: Vec<Prazo<O>> = tabela
        .iter()
        .flat_map(|(o, janela)| janela.prazos_do_ano(*o, ano))
        .collect();
    out.sort_by_key(|p| (p.fim, p.inicio, p.obrigacao));
    out
}

/// The periodic windows of the obligations of `tabela` that are open on `data` (both ends
/// included), ordered as in [`prazos_do_ano`].
pub fn obrigacoes_em<O: Copy + Ord>(tabela: &[(O, Janela)], data: NaiveDate) -> Vec<Prazo<O>> {
    let ano = data.year();
    let mut out = prazos_do_ano(tabela, ano);
    if let Some(seguinte) = ano.checked_add(1) {
        out.extend(prazos_do_ano(tabela, seguinte));
    }
    out.retain(|p| p.contem(data));
    out.sort_by_key(|p| (p.fim, p.inicio, p.obrigacao));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn easter_known_years() {
        // Published Easter dates (Gregorian), including the earliest (22 March) and latest
        // (25 April) possible dates.
        let known = [
            (1818, 3, 22),
            (1943, 4, 25),
            (2000, 4, 23),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
            (2285, 3, 22),
        ];
        for (y, m, day) in known {
            assert_eq!(easter_sunday(y), Some(d(y, m, day)), "Easter {y}");
        }
    }

    #[test]
    fn holidays_2026() {
        // Easter 2026 = Sunday 5 April, so Good Friday = 3 April and Corpus Christi = 5 April + 60 days
        // = (25 days to 30 April) + (31 to 31 May) + 4 = Thursday 4 June.
        let got: Vec<(NaiveDate, bool)> = national_holidays(2026).iter().map(|f| (f.data, f.movel)).collect();
        let want = vec![
            (d(2026, 1, 1), false),
            (d(2026, 4, 3), true),
            (d(2026, 4, 5), true),
            (d(2026, 4, 25), false),
            (d(2026, 5, 1), false),
            (d(2026, 6, 4), true),
            (d(2026, 6, 10), false),
            (d(2026, 8, 15), false),
            (d(2026, 10, 5), false),
            (d(2026, 11, 1), false),
            (d(2026, 12, 1), false),
            (d(2026, 12, 8), false),
            (d(2026, 12, 25), false),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn working_days_2026() {
        assert!(!is_working_day(d(2026, 4, 3)), "Good Friday");
        assert!(!is_working_day(d(2026, 4, 25)), "Saturday, and a holiday");
        assert!(!is_working_day(d(2026, 6, 4)), "Corpus Christi (Thursday)");
        assert!(!is_working_day(d(2026, 6, 10)), "10 June (Wednesday)");
        assert!(!is_working_day(d(2026, 1, 3)), "Saturday");
        assert!(!is_working_day(d(2026, 1, 4)), "Sunday");
        // Carnival 2026 = Easter − 47 = Tuesday 17 February: not a national holiday.
        assert!(is_working_day(d(2026, 2, 17)), "Carnival is a working day");
        assert!(is_working_day(d(2026, 4, 6)), "Easter Monday is a working day");
        assert!(is_working_day(d(2026, 4, 2)));
    }

    #[test]
    fn working_day_counts_2026() {
        // Event Wednesday 1 April 2026, 10 working days, counting from the next day:
        // Thu 2 Apr = 1; Fri 3 Apr Good Friday, Sat 4, Sun 5 skipped; Mon 6 = 2, Tue 7 = 3, Wed 8 = 4,
        // Thu 9 = 5, Fri 10 = 6; Mon 13 = 7, Tue 14 = 8, Wed 15 = 9, Thu 16 = 10.
        assert_eq!(add_working_days(d(2026, 4, 1), 10), Some(d(2026, 4, 16)));
        // Event Monday 20 April 2026, 10 working days: Tue 21 = 1, Wed 22 = 2, Thu 23 = 3, Fri 24 = 4;
        // Sat 25 April (a holiday, but a Saturday anyway) and Sun 26 skipped; Mon 27 = 5, Tue 28 = 6,
        // Wed 29 = 7, Thu 30 = 8; Fri 1 May holiday, Sat 2, Sun 3 skipped; Mon 4 = 9, Tue 5 May = 10.
        assert_eq!(add_working_days(d(2026, 4, 20), 10), Some(d(2026, 5, 5)));
        // Event Saturday 4 April 2026 (not a working day; still not counted): Mon 6 = 1 … Fri 10 = 5,
        // Mon 13 = 6 … Fri 17 April = 10.
        assert_eq!(add_working_days(d(2026, 4, 4), 10), Some(d(2026, 4, 17)));
        // Event Monday 1 June 2026, 15 working days: Tue 2 = 1, Wed 3 = 2; Thu 4 Corpus Christi skipped;
        // Fri 5 = 3; Mon 8 = 4, Tue 9 = 5; Wed 10 June skipped; Thu 11 = 6, Fri 12 = 7; Mon 15 … Fri 19
        // = 8 … 12; Mon 22 = 13, Tue 23 = 14, Wed 24 June = 15.
        assert_eq!(add_working_days(d(2026, 6, 1), 15), Some(d(2026, 6, 24)));
        // Across the year end: event Tuesday 22 December 2026: Wed 23 = 1, Thu 24 = 2; Fri 25 Christmas,
        // Sat 26, Sun 27 skipped; Mon 28 … Thu 31 = 3 … 6; Fri 1 January 2027 holiday, Sat 2, Sun 3
        // skipped; Mon 4 = 7, Tue 5 = 8, Wed 6 = 9, Thu 7 January 2027 = 10.
        assert_eq!(add_working_days(d(2026, 12, 22), 10), Some(d(2027, 1, 7)));
        assert_eq!(
            add_working_days(d(2026, 4, 3), 0),
            Some(d(2026, 4, 3)),
            "n = 0 is the date itself"
        );
        assert_eq!(add_days(d(2026, 4, 1), 30), Some(d(2026, 5, 1)));
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum T {
        Trimestral,
        UltimoDia,
        Fixo,
        Uteis,
        Corridos,
        Livre,
    }

    const TABELA: [(T, Janela); 6] = [
        (
            T::Trimestral,
            Janela::AteDiaDoMesSeguinte {
                periodo: TipoPeriodo::Trimestre,
                dia: 15,
            },
        ),
        (
            T::UltimoDia,
            Janela::AteUltimoDiaDoMesSeguinte {
                periodo: TipoPeriodo::Semestre,
            },
        ),
        (
            T::Fixo,
            Janela::IntervaloFixo {
                meses: &[1, 7],
                dia_inicio: 1,
                dia_fim: 15,
                referencia: ReferenciaAnual::AnoSeguinte,
            },
        ),
        (T::Uteis, Janela::DiasUteisAposEvento { dias: 10 }),
        (T::Corridos, Janela::DiasAposEvento { dias: 30 }),
        (T::Livre, Janela::NaOcorrencia),
    ];

    #[test]
    fn window_kinds() {
        let q = TABELA[0].1.prazos_do_ano(T::Trimestral, 2026);
        let fins: Vec<NaiveDate> = q.iter().map(|p| p.fim).collect();
        assert_eq!(
            fins,
            vec![d(2026, 1, 15), d(2026, 4, 15), d(2026, 7, 15), d(2026, 10, 15)]
        );
        assert_eq!(
            q[0].periodo_referencia,
            Periodo::Trimestre {
                ano: 2025,
                trimestre: 4
            }
        );
        assert_eq!(q[0].inicio, d(2026, 1, 1));
        assert!(q[0].inicio_inferido);

        let s = TABELA[1].1.prazos_do_ano(T::UltimoDia, 2026);
        assert_eq!(
            s.iter().map(|p| (p.inicio, p.fim)).collect::<Vec<_>>(),
            vec![(d(2026, 1, 1), d(2026, 1, 31)), (d(2026, 7, 1), d(2026, 7, 31))]
        );

        let f = TABELA[2].1.prazos_do_ano(T::Fixo, 2026);
        assert_eq!(f.len(), 2);
        assert_eq!(f[1].inicio, d(2026, 7, 1));
        assert_eq!(f[1].periodo_referencia, Periodo::Ano { ano: 2027 });
        assert!(!f[1].inicio_inferido);

        assert!(TABELA[3].1.prazos_do_ano(T::Uteis, 2026).is_empty());
        let u = TABELA[3].1.prazo_ocorrencia(T::Uteis, d(2026, 4, 1)).expect("deadline");
        assert_eq!((u.inicio, u.fim), (d(2026, 4, 1), d(2026, 4, 16)));
        assert_eq!(u.periodo_referencia, Periodo::Dia { data: d(2026, 4, 1) });
        // 30 calendar days after 1 April 2026 is Friday 1 May, a holiday: kept as is unless asked.
        let c = TABELA[4]
            .1
            .prazo_ocorrencia(T::Corridos, d(2026, 4, 1))
            .expect("deadline");
        assert_eq!(c.fim, d(2026, 5, 1));
        assert_eq!(c.fim_ajustado(AjusteDoFim::Nenhum), Some(d(2026, 5, 1)));
        assert_eq!(c.fim_ajustado(AjusteDoFim::ProximoDiaUtil), Some(d(2026, 5, 4)));
        assert_eq!(TABELA[5].1.prazo_ocorrencia(T::Livre, d(2026, 4, 1)), None);
        assert_eq!(TABELA[0].1.prazo_ocorrencia(T::Trimestral, d(2026, 4, 1)), None);
    }

    #[test]
    fn table_functions() {
        let todos = prazos_do_ano(&TABELA, 2026);
        assert_eq!(todos.len(), 4 + 2 + 2);
        assert!(
            todos
                .windows(2)
                .all(|w| (w[0].fim, w[0].inicio) <= (w[1].fim, w[1].inicio))
        );
        let em = obrigacoes_em(&TABELA, d(2026, 7, 10));
        let ids: Vec<T> = em.iter().map(|p| p.obrigacao).collect();
        assert_eq!(ids, vec![T::Trimestral, T::Fixo, T::UltimoDia]);
        assert!(obrigacoes_em(&TABELA, d(2026, 8, 1)).is_empty());
    }

    #[test]
    fn periods() {
        let q = Periodo::Trimestre {
            ano: 2026,
            trimestre: 1,
        };
        assert_eq!(
            (q.primeiro_dia(), q.ultimo_dia()),
            (Some(d(2026, 1, 1)), Some(d(2026, 3, 31)))
        );
        let s = Periodo::Semestre { ano: 2024, semestre: 1 };
        assert_eq!(s.ultimo_dia(), Some(d(2024, 6, 30)));
        assert_eq!(
            Periodo::Trimestre {
                ano: 2026,
                trimestre: 5
            }
            .ultimo_dia(),
            None
        );
        assert_eq!(Periodo::Semestre { ano: 2026, semestre: 0 }.primeiro_dia(), None);
        assert_eq!(q.to_string(), "1.º trimestre de 2026");
        assert_eq!(Periodo::Ano { ano: 2025 }.to_string(), "ano de 2025");
        assert_eq!(last_day_of_month(2024, 2), Some(d(2024, 2, 29)));
        assert_eq!(last_day_of_month(2026, 13), None);
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        for y in [i32::MIN, i32::MIN + 1, -262_144, -1, 0, 262_143, 262_144, i32::MAX] {
            let _ = easter_sunday(y);
            let _ = national_holidays(y);
            let _ = prazos_do_ano(&TABELA, y);
            for p in [
                Periodo::Trimestre { ano: y, trimestre: 4 },
                Periodo::Semestre { ano: y, semestre: 2 },
                Periodo::Ano { ano: y },
            ] {
                let _ = (p.primeiro_dia(), p.ultimo_dia(), p.to_string());
            }
        }
        for date in [NaiveDate::MIN, NaiveDate::MAX] {
            let _ = is_working_day(date);
            let _ = obrigacoes_em(&TABELA, date);
            for (o, janela) in TABELA {
                let _ = janela.prazo_ocorrencia(o, date);
            }
            assert_eq!(
                next_working_day(NaiveDate::MAX).is_some(),
                is_working_day(NaiveDate::MAX)
            );
        }
        assert_eq!(add_working_days(NaiveDate::MAX, 1), None);
        assert_eq!(add_working_days(d(2026, 1, 1), u32::MAX), None);
        assert_eq!(add_days(NaiveDate::MAX, 1), None);
        assert_eq!(
            add_working_days(NaiveDate::MIN, 1).map(|x| x > NaiveDate::MIN),
            Some(true)
        );
    }
}
