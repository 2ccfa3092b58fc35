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
//!   Portaria writes, and [`Prazo::fim_regra`] the date under the general counting rule that
//!   applies, named in [`Prazo::regra`] (see below); [`Prazo::fim_ajustado`] applies an explicit
//!   [`AjusteDoFim`] policy instead.
//!
//! # The general counting rules
//!
//! The Portaria states no rule for counting its deadlines or for a deadline that ends on a
//! non-working day. Two general rules of Portuguese law give other dates than the literal text;
//! each [`Prazo`] carries both dates and names the rule ([`RegraContagem`]):
//!
//! * **CPA art. 87.º** (Código do Procedimento Administrativo) for the deadlines counted in days
//!   from an event of the procedure (arts. 5.º n.º 2 a) and b), 6.º n.º 3): the event day is not
//!   counted, the count is suspended on Saturdays, Sundays and holidays, and a deadline ending on
//!   a day the service is closed moves to the next working day. «30 dias» is then 30 working days.
//! * **Código Civil art. 279.º e)** for the deadlines fixed on a calendar date (the periodic
//!   windows): a deadline ending on a Sunday or a holiday moves to the first working day. The
//!   article names Sundays and holidays only: under it a deadline ending on a Saturday stays there
//!   (under CPA art. 87.º it would move to the Monday; [`RegraContagem::fim`] gives either).
//!
//! Which rule governs which deadline is this project's reading (the reference `sioe.md` cites
//! no general law on counting); it is marked *Inferido* in the data spec. The holidays are the
//! national ones ([`national_holidays`]).
//!
//! # Entities covered gradually (art. 15.º)
//!
//! The Portaria's gradual-use period (art. 15.º) covers entities from dates set by *despacho*.
//! [`prazos_da_entidade`] takes the date an entity becomes covered and keeps the windows that
//! open on or after it (*inferred*: a window already open on that date is not owed).
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

    /// The general counting rule of this kind of deadline: [`RegraContagem::CodigoCivil279`] for
    /// the windows fixed on calendar dates, [`RegraContagem::Cpa87`] for the counts of days from an
    /// event, `None` when no deadline is stated.
    pub const fn regra_contagem(&self) -> Option<RegraContagem> {
        match self {
            Janela::IntervaloFixo { .. }
            | Janela::AteDiaDoMesSeguinte { .. }
            | Janela::AteUltimoDiaDoMesSeguinte { .. } => Some(RegraContagem::CodigoCivil279),
            Janela::DiasUteisAposEvento { .. } | Janela::DiasAposEvento { .. } => Some(RegraContagem::Cpa87),
            Janela::NaOcorrencia => None,
        }
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
                    if inicio <= fim
                        && let Some(fim_regra) = RegraContagem::CodigoCivil279.fim(fim, None)
                    {
                        out.push(Prazo {
                            obrigacao,
                            inicio,
                            fim,
                            fim_regra,
                            regra: RegraContagem::CodigoCivil279,
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
            fim_regra: RegraContagem::CodigoCivil279.fim(fim, None)?,
            regra: RegraContagem::CodigoCivil279,
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
    ///
    /// [`Prazo::fim_regra`] is the deadline under CPA art. 87.º: the same count in working days
    /// ([`add_working_days`]), so «30 dias» becomes 30 working days.
    pub fn prazo_ocorrencia<O>(&self, obrigacao: O, data_evento: NaiveDate) -> Option<Prazo<O>> {
        let (fim, dias) = match *self {
            Janela::DiasUteisAposEvento { dias } => (add_working_days(data_evento, dias)?, dias),
            Janela::DiasAposEvento { dias } => (add_days(data_evento, dias)?, dias),
            _ => return None,
        };
        Some(Prazo {
            obrigacao,
            inicio: data_evento,
            fim,
            fim_regra: RegraContagem::Cpa87.fim(fim, Some((data_evento, dias)))?,
            regra: RegraContagem::Cpa87,
            periodo_referencia: Periodo::Dia { data: data_evento },
            inicio_inferido: true,
        })
    }
}

/// A general rule of Portuguese law for counting a deadline and for a deadline that ends on a
/// non-working day (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegraContagem {
    /// Código Civil art. 279.º e): a deadline ending on a Sunday or a holiday moves to the first
    /// working day; a Saturday is not named and stays.
    CodigoCivil279,
    /// CPA art. 87.º: the count is suspended on Saturdays, Sundays and holidays (a count of days
    /// is a count of working days), and a deadline ending on a non-working day moves to the next
    /// working day.
    Cpa87,
}

impl RegraContagem {
    /// Short name of the rule.
    pub const fn nome(self) -> &'static str {
        match self {
            RegraContagem::CodigoCivil279 => "Código Civil, art. 279.º e)",
            RegraContagem::Cpa87 => "Código do Procedimento Administrativo, art. 87.º",
        }
    }

    /// What the rule does to a deadline, in Portuguese.
    pub const fn fundamento(self) -> &'static str {
        match self {
            RegraContagem::CodigoCivil279 => {
                "O prazo que termine em domingo ou dia feriado transfere-se para o primeiro dia útil."
            }
            RegraContagem::Cpa87 => {
                "Não se conta o dia do evento; o prazo suspende-se aos sábados, domingos e feriados; \
                 o termo em dia não útil transfere-se para o primeiro dia útil seguinte."
            }
        }
    }

    /// The closing date under this rule of a deadline whose literal closing date is `fim`.
    ///
    /// For [`RegraContagem::Cpa87`], `dias_desde` gives the event and the number of calendar days
    /// the text counts from it: the count is redone in working days. Without it (a deadline fixed
    /// on a date), only the end is moved. `None` when out of range.
    pub fn fim(self, fim: NaiveDate, dias_desde: Option<(NaiveDate, u32)>) -> Option<NaiveDate> {
        match self {
            RegraContagem::CodigoCivil279 => {
                if fim.weekday() == Weekday::Sun || is_national_holiday(fim) {
                    next_working_day(fim)
                } else {
                    Some(fim)
                }
            }
            RegraContagem::Cpa87 => match dias_desde {
                Some((evento, dias)) => add_working_days(evento, dias),
                None => next_working_day(fim),
            },
        }
    }
}

impl fmt::Display for RegraContagem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.nome())
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
    /// Last day (inclusive), as the Portaria writes it (never moved off a weekend or holiday).
    pub fim: NaiveDate,
    /// Last day (inclusive) under the general counting rule [`Prazo::regra`]: the same as
    /// [`Prazo::fim`], or later.
    pub fim_regra: NaiveDate,
    /// The general counting rule that gives [`Prazo::fim_regra`].
    pub regra: RegraContagem,
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

/// The windows of [`prazos_do_ano`] an entity owes when it is covered by the SIOE from
/// `abrangida_desde` (Portaria art. 15.º, gradual use): those that open on or after that date
/// (*inferred*: a window already open when the entity becomes covered is not owed).
pub fn prazos_da_entidade<O: Copy + Ord>(
    tabela: &[(O, Janela)],
    ano: i32,
    abrangida_desde: NaiveDate,
) -> Vec<Prazo<O>> {
    let mut out = prazos_do_ano(tabela, ano);
    out.retain(|p| p.inicio >= abrangida_desde);
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
mod tests;
