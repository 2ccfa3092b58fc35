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

use std::collections::BTreeSet;

use heck::ToUpperCamelCase;
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;
use serde::Deserialize;

use crate::model::{Position, Source};
use crate::{Error, Options};

/// The schema version this module reads (`esquema:` in the file).
pub const ESQUEMA: u32 = 1;

/// Width at which generated documentation paragraphs are wrapped.
const DOC_WIDTH: usize = 96;

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
// Parsing
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDoc {
    esquema: Option<u32>,
    fonte: Option<String>,
    versao: Option<String>,
    #[serde(default)]
    notas: Vec<String>,
    obrigacoes: Option<Vec<yaml_serde::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawObrigacao {
    id: Option<String>,
    nome: Option<String>,
    artigo: Option<String>,
    responsavel: Option<Responsavel>,
    periodicidade: Option<Periodicidade>,
    citacao: Option<String>,
    citacao_dados: Option<String>,
    nota: Option<String>,
    janela: Option<yaml_serde::Value>,
}

/// Builds located errors for one file.
struct Here<'a> {
    file: &'a str,
}

impl Here<'_> {
    fn at(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::spec(
            Source {
                file: self.file.into(),
                at: Position::Pointer(pointer.into()),
            },
            message,
        )
    }

    fn yaml(&self, pointer: Option<&str>, e: &yaml_serde::Error) -> Error {
        let at = match (pointer, e.location()) {
            (Some(p), _) => Position::Pointer(p.into()),
            (None, Some(l)) => Position::Line {
                line: u32::try_from(l.line()).unwrap_or(u32::MAX),
                column: u32::try_from(l.column()).unwrap_or(u32::MAX),
            },
            (None, None) => Position::File,
        };
        Error::spec(
            Source {
                file: self.file.into(),
                at,
            },
            e.to_string(),
        )
    }

    /// A required, non-blank text field.
    fn text(&self, pointer: &str, value: Option<String>) -> Result<String, Error> {
        match value {
            Some(v) if !v.trim().is_empty() => Ok(v.trim().to_owned()),
            Some(_) => Err(self.at(pointer, "must not be empty")),
            None => Err(self.at(pointer, format!("missing `{}`", last_segment(pointer)))),
        }
    }

    /// An optional text field: blank is an error, absent is `None`.
    fn optional_text(&self, pointer: &str, value: Option<String>) -> Result<Option<String>, Error> {
        value.map(|v| self.text(pointer, Some(v))).transpose()
    }
}

fn last_segment(pointer: &str) -> &str {
    pointer.rsplit('/').next().unwrap_or(pointer)
}

/// Read and check a calendar spec. `yaml_path` is the file's path as errors and headers should show
/// it (relative to the repository root, e.g. `specs/sioe/obrigacoes/portaria-172-2025-1.yaml`).
pub fn parse(yaml_path: &str, bytes: &[u8]) -> Result<Calendario, Error> {
    let here = Here { file: yaml_path };
    let text = crate::text::decode_utf8(yaml_path, bytes)?;
    let raw: RawDoc = yaml_serde::from_str(&text).map_err(|e| here.yaml(None, &e))?;

    match raw.esquema {
        Some(ESQUEMA) => {}
        Some(other) => {
            return Err(here.at(
                "/esquema",
                format!("schema version {other} is not supported (this generator reads {ESQUEMA})"),
            ));
        }
        None => return Err(here.at("/esquema", "missing `esquema`")),
    }
    let fonte = here.text("/fonte", raw.fonte)?;
    let versao = here.text("/versao", raw.versao)?;
    let mut notas = Vec::with_capacity(raw.notas.len());
    for (i, nota) in raw.notas.into_iter().enumerate() {
        notas.push(here.text(&format!("/notas/{i}"), Some(nota))?);
    }
    let items = raw
        .obrigacoes
        .ok_or_else(|| here.at("/obrigacoes", "missing `obrigacoes`"))?;
    if items.is_empty() {
        return Err(here.at("/obrigacoes", "must list at least one obligation"));
    }

    let mut obrigacoes = Vec::with_capacity(items.len());
    let mut ids = BTreeSet::new();
    let mut variantes = BTreeSet::new();
    for (i, item) in items.into_iter().enumerate() {
        let base = format!("/obrigacoes/{i}");
        let o = obrigacao(&here, &base, item)?;
        if !ids.insert(o.id.clone()) {
            return Err(here.at(&format!("{base}/id"), format!("duplicate id `{}`", o.id)));
        }
        if !variantes.insert(o.variante.clone()) {
            return Err(here.at(
                &format!("{base}/id"),
                format!(
                    "id `{}` gives the Rust name `{}` of an earlier obligation",
                    o.id, o.variante
                ),
            ));
        }
        obrigacoes.push(o);
    }
    Ok(Calendario {
        fonte,
        versao,
        notas,
        obrigacoes,
    })
}

fn obrigacao(here: &Here<'_>, base: &str, item: yaml_serde::Value) -> Result<Obrigacao, Error> {
    let raw: RawObrigacao = yaml_serde::from_value(item).map_err(|e| here.yaml(Some(base), &e))?;
    let id = here.text(&format!("{base}/id"), raw.id)?;
    let id_ok = id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !id.ends_with('_')
        && !id.contains("__");
    if !id_ok {
        return Err(here.at(
            &format!("{base}/id"),
            format!("id `{id}` must be snake_case: a-z, 0-9 and single inner `_`, starting with a letter"),
        ));
    }
    let variante = id.to_upper_camel_case();
    if variante == "Self" {
        return Err(here.at(&format!("{base}/id"), "id `self` is reserved in Rust"));
    }
    let nome = here.text(&format!("{base}/nome"), raw.nome)?;
    let artigo = here.text(&format!("{base}/artigo"), raw.artigo)?;
    let responsavel = raw
        .responsavel
        .ok_or_else(|| here.at(&format!("{base}/responsavel"), "missing `responsavel`"))?;
    let periodicidade = raw
        .periodicidade
        .ok_or_else(|| here.at(&format!("{base}/periodicidade"), "missing `periodicidade`"))?;
    let citacao = here.optional_text(&format!("{base}/citacao"), raw.citacao)?;
    let citacao_dados = here.optional_text(&format!("{base}/citacao_dados"), raw.citacao_dados)?;
    let nota = here.optional_text(&format!("{base}/nota"), raw.nota)?;

    let jp = format!("{base}/janela");
    let janela_value = raw.janela.ok_or_else(|| here.at(&jp, "missing `janela`"))?;
    let janela: Janela = yaml_serde::from_value(janela_value).map_err(|e| here.yaml(Some(&jp), &e))?;
    let janela = check_janela(here, &jp, janela)?;

    let esperada = periodicidade_da_janela(&janela);
    if esperada != Some(periodicidade) {
        let message = match esperada {
            Some(p) => {
                format!("`periodicidade` is {periodicidade:?} but the window rule recurs as {p:?}")
            }
            None => format!(
                "`periodicidade` is {periodicidade:?}, which no window with these months matches \
                 (1 month = anual, 2 = semestral, 4 = trimestral)"
            ),
        };
        return Err(here.at(&format!("{base}/periodicidade"), message));
    }

    Ok(Obrigacao {
        id,
        variante,
        nome,
        artigo,
        responsavel,
        periodicidade,
        citacao,
        citacao_dados,
        nota,
        janela,
    })
}

/// The shortest length of each month (February: 28), so that a fixed day exists every year.
fn dias_minimos(mes: u32) -> u32 {
    match mes {
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn check_janela(here: &Here<'_>, jp: &str, janela: Janela) -> Result<Janela, Error> {
    match &janela {
        Janela::IntervaloFixo {
            meses,
            dia_inicio,
            dia_fim,
            ..
        } => {
            if meses.is_empty() {
                return Err(here.at(&format!("{jp}/meses"), "must list at least one month"));
            }
            for (j, mes) in meses.iter().enumerate() {
                if !(1..=12).contains(mes) {
                    return Err(here.at(&format!("{jp}/meses/{j}"), format!("month {mes} is not 1–12")));
                }
                if j > 0 && meses[j - 1] >= *mes {
                    return Err(here.at(&format!("{jp}/meses/{j}"), "months must be increasing"));
                }
            }
            if *dia_inicio < 1 {
                return Err(here.at(&format!("{jp}/dia_inicio"), "days start at 1"));
            }
            if dia_fim < dia_inicio {
                return Err(here.at(&format!("{jp}/dia_fim"), "must not be before `dia_inicio`"));
            }
            if let Some(mes) = meses.iter().find(|m| *dia_fim > dias_minimos(**m)) {
                return Err(here.at(
                    &format!("{jp}/dia_fim"),
                    format!("day {dia_fim} does not exist in month {mes} every year"),
                ));
            }
        }
        Janela::AteDiaDoMesSeguinte { dia, .. } => {
            if !(1..=28).contains(dia) {
                return Err(here.at(
                    &format!("{jp}/dia"),
                    format!(
                        "day {dia} is not 1–28 (it must exist in every month; use `ate_ultimo_dia_do_mes_seguinte` for month ends)"
                    ),
                ));
            }
        }
        Janela::AteUltimoDiaDoMesSeguinte { .. } => {}
        Janela::DiasUteisAposEvento { dias, evento } | Janela::DiasAposEvento { dias, evento } => {
            if *dias < 1 {
                return Err(here.at(&format!("{jp}/dias"), "must be at least 1"));
            }
            if evento.trim().is_empty() {
                return Err(here.at(&format!("{jp}/evento"), "must not be empty"));
            }
        }
        Janela::NaOcorrencia { evento } => {
            if evento.trim().is_empty() {
                return Err(here.at(&format!("{jp}/evento"), "must not be empty"));
            }
        }
    }
    Ok(janela)
}

fn periodicidade_da_janela(janela: &Janela) -> Option<Periodicidade> {
    let por_periodo = |p: &TipoPeriodo| match p {
        TipoPeriodo::Trimestre => Periodicidade::Trimestral,
        TipoPeriodo::Semestre => Periodicidade::Semestral,
        TipoPeriodo::Ano => Periodicidade::Anual,
    };
    match janela {
        Janela::IntervaloFixo { meses, .. } => match meses.len() {
            1 => Some(Periodicidade::Anual),
            2 => Some(Periodicidade::Semestral),
            4 => Some(Periodicidade::Trimestral),
            _ => None,
        },
        Janela::AteDiaDoMesSeguinte { periodo, .. } | Janela::AteUltimoDiaDoMesSeguinte { periodo } => {
            Some(por_periodo(periodo))
        }
        Janela::DiasUteisAposEvento { .. } | Janela::DiasAposEvento { .. } | Janela::NaOcorrencia { .. } => {
            Some(Periodicidade::Ocorrencia)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Emission
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

/// Wrap a paragraph into doc lines (each with the leading space rustdoc expects).
fn wrap(paragraph: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in paragraph.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > DOC_WIDTH {
            lines.push(std::mem::take(&mut line));
        }
        line.push(' ');
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Doc attributes for paragraphs separated by blank doc lines.
fn docs(paragraphs: &[String], inner: bool) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for p in paragraphs {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(wrap(p));
    }
    if inner {
        quote! { #( #![doc = #lines] )* }
    } else {
        quote! { #( #[doc = #lines] )* }
    }
}

fn periodicidade_pt(p: Periodicidade) -> &'static str {
    match p {
        Periodicidade::Trimestral => "trimestral",
        Periodicidade::Semestral => "semestral",
        Periodicidade::Anual => "anual",
        Periodicidade::Ocorrencia => "na ocorrência de um evento",
    }
}

fn responsavel_pt(r: Responsavel) -> &'static str {
    match r {
        Responsavel::Empregador => "o empregador público",
        Responsavel::Dgaep => "a DGAEP",
    }
}

/// The rule in words, for the variant documentation.
fn regra_pt(janela: &Janela) -> String {
    let periodo_pt = |p: &TipoPeriodo| match p {
        TipoPeriodo::Trimestre => "trimestre",
        TipoPeriodo::Semestre => "semestre",
        TipoPeriodo::Ano => "ano",
    };
    match janela {
        Janela::IntervaloFixo {
            meses,
            dia_inicio,
            dia_fim,
            referencia,
        } => {
            const MESES: [&str; 12] = [
                "janeiro",
                "fevereiro",
                "março",
                "abril",
                "maio",
                "junho",
                "julho",
                "agosto",
                "setembro",
                "outubro",
                "novembro",
                "dezembro",
            ];
            let nomes: Vec<&str> = meses
                .iter()
                .filter_map(|m| MESES.get(usize::try_from(*m).ok()?.checked_sub(1)?).copied())
                .collect();
            let referencia = match referencia {
                Referencia::AnoAnterior => "ano anterior",
                Referencia::AnoCorrente => "ano corrente",
                Referencia::AnoSeguinte => "ano seguinte",
            };
            format!(
                "de {dia_inicio} a {dia_fim} de {} de cada ano; dados do {referencia}.",
                nomes.join(" e de ")
            )
        }
        Janela::AteDiaDoMesSeguinte { periodo, dia } => format!(
            "até ao dia {dia} do mês seguinte ao fim de cada {}; abre no dia seguinte ao fim do período (inferido).",
            periodo_pt(periodo)
        ),
        Janela::AteUltimoDiaDoMesSeguinte { periodo } => format!(
            "até ao último dia do mês seguinte ao fim de cada {}; abre no dia seguinte ao fim do período (inferido).",
            periodo_pt(periodo)
        ),
        Janela::DiasUteisAposEvento { dias, evento } => {
            format!("{dias} dias úteis contados a partir do dia seguinte ao evento: «{evento}».")
        }
        Janela::DiasAposEvento { dias, evento } => {
            format!("{dias} dias (seguidos) contados a partir do dia seguinte ao evento: «{evento}».")
        }
        Janela::NaOcorrencia { evento } => {
            format!("na ocorrência («{evento}»); a Portaria não fixa prazo.")
        }
    }
}

fn lit_u32(n: u32) -> Literal {
    Literal::u32_unsuffixed(n)
}

fn opt_str(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote! { Some(#s) },
        None => quote! { None },
    }
}

/// Emit the module for a checked spec.
pub fn emit(calendario: &Calendario, yaml_path: &str, options: &Options) -> Result<String, Error> {
    let rt_path: syn::Path = syn::parse_str(&options.runtime_path).map_err(|e| Error::Emit {
        file: yaml_path.into(),
        message: format!("runtime_path `{}`: {e}", options.runtime_path),
    })?;
    let cal = quote! { calendar };
    let n = calendario.obrigacoes.len();
    let n_lit = Literal::usize_unsuffixed(n);
    let variantes: Vec<Ident> = calendario
        .obrigacoes
        .iter()
        .map(|o| Ident::new(&o.variante, Span::call_site()))
        .collect();

    // Module documentation.
    let mut module_doc = vec![
        format!("Calendário das obrigações de registo no SIOE: {}.", calendario.fonte),
        format!(
            "Generated from the project's data spec `{yaml_path}` (rules version: {}); the spec is the \
             project's own reading of the legal text, not a publisher file.",
            calendario.versao
        ),
        "[`Obrigacao`] names each obligation and [`JANELAS`] gives each one's window rule as a \
         runtime `Janela`. [`prazos_do_ano`] lists every periodic window of a year, \
         [`obrigacoes_em`] the windows open on a date, [`prazos_da_entidade`] the windows owed by \
         an entity covered from a given date (art. 15.º), and [`prazo_ocorrencia`] the deadline of \
         an event-driven obligation."
            .to_owned(),
        "Each [`Prazo`] carries two closing dates: `fim`, as the Portaria writes it, and `fim_regra`, \
         under the general counting rule named in `regra` (Código Civil art. 279.º e) for the windows \
         fixed on calendar dates: a deadline on a Sunday or holiday moves to the next working day; \
         CPA art. 87.º for the counts of days from an event: counted in working days). Which rule \
         applies is this project's reading; see `rt::calendar`."
            .to_owned(),
    ];
    module_doc.extend(calendario.notas.iter().cloned());
    let module_doc = docs(&module_doc, true);

    let fonte = &calendario.fonte;
    let versao = &calendario.versao;

    let mut variant_defs = Vec::with_capacity(n);
    let mut arms_id = Vec::with_capacity(n);
    let mut arms_nome = Vec::with_capacity(n);
    let mut arms_artigo = Vec::with_capacity(n);
    let mut arms_citacao = Vec::with_capacity(n);
    let mut arms_dados = Vec::with_capacity(n);
    let mut arms_nota = Vec::with_capacity(n);
    let mut arms_evento = Vec::with_capacity(n);
    let mut arms_resp = Vec::with_capacity(n);
    let mut arms_period = Vec::with_capacity(n);
    let mut arms_janela = Vec::with_capacity(n);
    let mut from_id = Vec::with_capacity(n);
    let mut tabela = Vec::with_capacity(n);

    for (o, v) in calendario.obrigacoes.iter().zip(&variantes) {
        let mut paragraphs = vec![format!("**{}** ({}).", o.nome, o.artigo)];
        if let Some(c) = &o.citacao {
            paragraphs.push(format!("Prazo: «{c}»."));
        }
        if let Some(c) = &o.citacao_dados {
            paragraphs.push(format!("Dados: «{c}»."));
        }
        paragraphs.push(format!("Regra: {}", regra_pt(&o.janela)));
        paragraphs.push(format!(
            "Periodicidade: {}; regista {}.",
            periodicidade_pt(o.periodicidade),
            responsavel_pt(o.responsavel)
        ));
        if let Some(nota) = &o.nota {
            paragraphs.push(format!("Nota: {nota}"));
        }
        paragraphs.push(format!("Id na especificação: `{}`.", o.id));
        let doc = docs(&paragraphs, false);
        variant_defs.push(quote! { #doc #v });

        let (id, nome, artigo) = (&o.id, &o.nome, &o.artigo);
        arms_id.push(quote! { Obrigacao::#v => #id });
        arms_nome.push(quote! { Obrigacao::#v => #nome });
        arms_artigo.push(quote! { Obrigacao::#v => #artigo });
        let c = opt_str(o.citacao.as_deref());
        arms_citacao.push(quote! { Obrigacao::#v => #c });
        let c = opt_str(o.citacao_dados.as_deref());
        arms_dados.push(quote! { Obrigacao::#v => #c });
        let c = opt_str(o.nota.as_deref());
        arms_nota.push(quote! { Obrigacao::#v => #c });
        let c = opt_str(o.janela.evento());
        arms_evento.push(quote! { Obrigacao::#v => #c });
        let r = match o.responsavel {
            Responsavel::Empregador => quote! { #cal::Responsavel::Empregador },
            Responsavel::Dgaep => quote! { #cal::Responsavel::Dgaep },
        };
        arms_resp.push(quote! { Obrigacao::#v => #r });
        let p = match o.periodicidade {
            Periodicidade::Trimestral => quote! { #cal::Periodicidade::Trimestral },
            Periodicidade::Semestral => quote! { #cal::Periodicidade::Semestral },
            Periodicidade::Anual => quote! { #cal::Periodicidade::Anual },
            Periodicidade::Ocorrencia => quote! { #cal::Periodicidade::Ocorrencia },
        };
        arms_period.push(quote! { Obrigacao::#v => #p });
        let j = janela_tokens(&cal, &o.janela);
        arms_janela.push(quote! { Obrigacao::#v => #j });
        from_id.push(quote! { #id => Some(Obrigacao::#v) });
        tabela.push(quote! { (Obrigacao::#v, #j) });
    }

    let tokens = quote! {
        #module_doc

        use #rt_path::calendar;

        /// The legal source of the rules.
        pub const FONTE: &str = #fonte;

        /// The version of the rules (art. 14.º of the Portaria lets the content be revised by despacho).
        pub const VERSAO: &str = #versao;

        /// One concrete window of an [`Obrigacao`].
        pub type Prazo = #cal::Prazo<Obrigacao>;

        /// A reporting obligation.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Obrigacao {
            #( #variant_defs, )*
        }

        impl Obrigacao {
            /// Every obligation, in spec order.
            pub const TODAS: [Obrigacao; #n_lit] = [ #( Obrigacao::#variantes, )* ];

            /// The stable id of the spec (`quadro_pessoal`).
            pub const fn id(self) -> &'static str {
                match self { #( #arms_id, )* }
            }

            /// The obligation for a spec id.
            pub fn from_id(id: &str) -> Option<Obrigacao> {
                match id {
                    #( #from_id, )*
                    _ => None,
                }
            }

            /// The Portuguese name.
            pub const fn nome(self) -> &'static str {
                match self { #( #arms_nome, )* }
            }

            /// The article that sets the window.
            pub const fn artigo(self) -> &'static str {
                match self { #( #arms_artigo, )* }
            }

            /// The verbatim window rule, when the reference quotes one.
            pub const fn citacao(self) -> Option<&'static str> {
                match self { #( #arms_citacao, )* }
            }

            /// The verbatim rule for the reference period of the data, when there is one.
            pub const fn citacao_dados(self) -> Option<&'static str> {
                match self { #( #arms_dados, )* }
            }

            /// The spec's note: our reading, paraphrase or inference.
            pub const fn nota(self) -> Option<&'static str> {
                match self { #( #arms_nota, )* }
            }

            /// For an event-driven obligation, the verbatim text naming the event.
            pub const fn evento(self) -> Option<&'static str> {
                match self { #( #arms_evento, )* }
            }

            /// Who registers.
            pub const fn responsavel(self) -> #cal::Responsavel {
                match self { #( #arms_resp, )* }
            }

            /// How often.
            pub const fn periodicidade(self) -> #cal::Periodicidade {
                match self { #( #arms_period, )* }
            }

            /// The window rule.
            pub const fn janela(self) -> #cal::Janela {
                match self { #( #arms_janela, )* }
            }

            /// The general counting rule of the deadline (Código Civil art. 279.º e) for a
            /// window fixed on calendar dates, CPA art. 87.º for a count of days from an event);
            /// `None` when the article states no deadline. Each [`Prazo`] gives the date the
            /// Portaria writes (`fim`) and the date under this rule (`fim_regra`).
            pub const fn regra_contagem(self) -> Option<#cal::RegraContagem> {
                self.janela().regra_contagem()
            }
        }

        impl std::fmt::Display for Obrigacao {
            /// The name and the article: `Quadro de pessoal (art. 7.º)`.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{} ({})", self.nome(), self.artigo())
            }
        }

        /// Each obligation with its window rule, in spec order.
        pub const JANELAS: [(Obrigacao, #cal::Janela); #n_lit] = [ #( #tabela, )* ];

        /// The periodic windows open on `data` (both ends included), with their reference periods,
        /// ordered by closing date, then opening date, then obligation.
        ///
        /// Event-driven obligations are not listed: see [`prazo_ocorrencia`].
        pub fn obrigacoes_em(data: #cal::NaiveDate) -> Vec<Prazo> {
            #cal::obrigacoes_em(&JANELAS, data)
        }

        /// Every periodic window that closes in `ano`, ordered by closing date, then opening date,
        /// then obligation. The windows for the last period of `ano − 1` (closing in January or
        /// February) are part of `ano`.
        pub fn prazos_do_ano(ano: i32) -> Vec<Prazo> {
            #cal::prazos_do_ano(&JANELAS, ano)
        }

        /// The windows of [`prazos_do_ano`] owed by an entity covered by the SIOE from
        /// `abrangida_desde` (art. 15.º, gradual use, by *despacho*): those that open on or after
        /// that date.
        pub fn prazos_da_entidade(ano: i32, abrangida_desde: #cal::NaiveDate) -> Vec<Prazo> {
            #cal::prazos_da_entidade(&JANELAS, ano, abrangida_desde)
        }

        /// The deadline of an event-driven obligation for an event on `data_evento`, counted in
        /// working days or calendar days from the day after the event.
        ///
        /// `None` for periodic obligations, for obligations whose article states no deadline
        /// («sempre que ocorram …»), and when the date would be out of range.
        pub fn prazo_ocorrencia(obrigacao: Obrigacao, data_evento: #cal::NaiveDate) -> Option<Prazo> {
            obrigacao.janela().prazo_ocorrencia(obrigacao, data_evento)
        }
    };

    let file = syn::parse2::<syn::File>(tokens).map_err(|e| Error::Emit {
        file: yaml_path.into(),
        message: e.to_string(),
    })?;
    let body = prettyplease::unparse(&file);
    let shown_path: String = yaml_path.chars().filter(|c| !c.is_control()).collect();
    Ok(format!(
        "{}{body}",
        crate::emit::header(&[format!("Source: {shown_path}")], options)
    ))
}

fn janela_tokens(cal: &TokenStream, janela: &Janela) -> TokenStream {
    let periodo = |p: &TipoPeriodo| match p {
        TipoPeriodo::Trimestre => quote! { #cal::TipoPeriodo::Trimestre },
        TipoPeriodo::Semestre => quote! { #cal::TipoPeriodo::Semestre },
        TipoPeriodo::Ano => quote! { #cal::TipoPeriodo::Ano },
    };
    match janela {
        Janela::IntervaloFixo {
            meses,
            dia_inicio,
            dia_fim,
            referencia,
        } => {
            let meses = meses.iter().copied().map(lit_u32);
            let (a, b) = (lit_u32(*dia_inicio), lit_u32(*dia_fim));
            let r = match referencia {
                Referencia::AnoAnterior => quote! { #cal::ReferenciaAnual::AnoAnterior },
                Referencia::AnoCorrente => quote! { #cal::ReferenciaAnual::AnoCorrente },
                Referencia::AnoSeguinte => quote! { #cal::ReferenciaAnual::AnoSeguinte },
            };
            quote! {
                #cal::Janela::IntervaloFixo { meses: &[ #(#meses),* ], dia_inicio: #a, dia_fim: #b, referencia: #r }
            }
        }
        Janela::AteDiaDoMesSeguinte { periodo: p, dia } => {
            let (p, dia) = (periodo(p), lit_u32(*dia));
            quote! { #cal::Janela::AteDiaDoMesSeguinte { periodo: #p, dia: #dia } }
        }
        Janela::AteUltimoDiaDoMesSeguinte { periodo: p } => {
            let p = periodo(p);
            quote! { #cal::Janela::AteUltimoDiaDoMesSeguinte { periodo: #p } }
        }
        Janela::DiasUteisAposEvento { dias, .. } => {
            let dias = lit_u32(*dias);
            quote! { #cal::Janela::DiasUteisAposEvento { dias: #dias } }
        }
        Janela::DiasAposEvento { dias, .. } => {
            let dias = lit_u32(*dias);
            quote! { #cal::Janela::DiasAposEvento { dias: #dias } }
        }
        Janela::NaOcorrencia { .. } => quote! { #cal::Janela::NaOcorrencia },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATH: &str = "specs/sioe/obrigacoes/portaria-172-2025-1.yaml";
    const SPEC: &[u8] = include_bytes!("../../specs/sioe/obrigacoes/portaria-172-2025-1.yaml");

    fn spec_error(yaml: &str) -> String {
        match parse("x.yaml", yaml.as_bytes()) {
            Err(e @ Error::Spec { .. }) => e.to_string(),
            other => panic!("expected a spec error, got {other:?}"),
        }
    }

    #[test]
    fn committed_spec_emits_a_module_naming_every_obligation() {
        let calendario = parse(PATH, SPEC).expect("the committed spec is valid");
        assert_eq!(calendario.obrigacoes.len(), 15);
        let text = emit_calendar(PATH, SPEC).expect("emits");
        assert!(text.starts_with(
            "// @generated by psi-codegen: do not edit by hand.\n\
             // Source: specs/sioe/obrigacoes/portaria-172-2025-1.yaml\n\
             // Regenerate with `cargo xtask codegen`."
        ));
        let file = syn::parse_file(&text).expect("the generated text parses as Rust");
        let obrigacao = file
            .items
            .iter()
            .find_map(|item| match item {
                syn::Item::Enum(e) if e.ident == "Obrigacao" => Some(e),
                _ => None,
            })
            .expect("enum Obrigacao");
        let names: Vec<String> = obrigacao.variants.iter().map(|v| v.ident.to_string()).collect();
        let want: Vec<String> = calendario.obrigacoes.iter().map(|o| o.variante.clone()).collect();
        assert_eq!(names, want);
        for expected in [
            "QuadroPessoal",
            "FluxosEntradasSaidas",
            "MapaPessoalAnoCorrente",
            "MapaPessoalAnoSeguinte",
            "FormacaoProfissional",
            "SegurancaSaudeTrabalho",
            "AtividadeSocial",
            "PrestadoresServicos",
            "CriacaoEntidade",
            "RegistoInicial",
            "AtualizacaoCaracterizacao",
            "MapaPessoalOrcamentoTardio",
            "MapaPessoalAlteracoes",
            "AcidentesTrabalho",
            "Greves",
        ] {
            assert!(names.iter().any(|n| n == expected), "{expected} missing");
        }
        for f in ["obrigacoes_em", "prazos_do_ano", "prazo_ocorrencia"] {
            assert!(
                file.items
                    .iter()
                    .any(|i| matches!(i, syn::Item::Fn(func) if func.sig.ident == f)),
                "fn {f} missing"
            );
        }
        // Every variant is documented with its article and, where quoted, its window rule.
        assert!(text.contains("/// **Quadro de pessoal** (art. 7.º)."));
        assert!(text.contains("«até ao dia 15 do mês seguinte ao termo de cada trimestre»"));
    }

    const MINIMAL_HEAD: &str = "esquema: 1\nfonte: F\nversao: V\nobrigacoes:\n";

    fn obrigacao_yaml(id: &str) -> String {
        format!(
            "  - id: {id}\n    nome: N\n    artigo: A\n    responsavel: empregador\n    periodicidade: anual\n    \
             janela: {{ tipo: intervalo_fixo, meses: [1], dia_inicio: 1, dia_fim: 31, referencia: ano_anterior }}\n"
        )
    }

    #[test]
    fn missing_window_is_an_error_naming_its_path() {
        let mut yaml = MINIMAL_HEAD.to_owned();
        for id in ["a", "b", "c"] {
            yaml.push_str(&obrigacao_yaml(id));
        }
        yaml.push_str("  - id: d\n    nome: N\n    artigo: A\n    responsavel: empregador\n    periodicidade: anual\n");
        let message = spec_error(&yaml);
        assert_eq!(message, "x.yaml#/obrigacoes/3/janela: missing `janela`");

        // The same break in the committed spec: drop the window of its 4th obligation.
        let text = std::str::from_utf8(SPEC).expect("utf-8");
        let start = text.match_indices("\n  - id: ").nth(3).expect("4th obligation").0;
        let janela = start + text[start..].find("\n    janela:").expect("its janela");
        let end = janela + 1 + text[janela + 1..].find("\n\n").expect("end of the obligation");
        let broken = format!("{}{}", &text[..janela], &text[end..]);
        match parse(PATH, broken.as_bytes()) {
            Err(Error::Spec { source, message }) => {
                assert_eq!(
                    source.to_string(),
                    "specs/sioe/obrigacoes/portaria-172-2025-1.yaml#/obrigacoes/3/janela"
                );
                assert_eq!(message, "missing `janela`");
            }
            other => panic!("expected a spec error, got {other:?}"),
        }
    }

    #[test]
    fn other_errors_name_their_path() {
        let one = |janela: &str, periodicidade: &str| {
            format!(
                "{MINIMAL_HEAD}  - id: a\n    nome: N\n    artigo: A\n    responsavel: empregador\n    \
                 periodicidade: {periodicidade}\n    janela: {janela}\n"
            )
        };
        let e = spec_error(&one("{ tipo: semanal }", "anual"));
        assert!(
            e.starts_with("x.yaml#/obrigacoes/0/janela: unknown variant `semanal`"),
            "{e}"
        );
        let e = spec_error(&one(
            "{ tipo: ate_dia_do_mes_seguinte, periodo: trimestre }",
            "trimestral",
        ));
        assert_eq!(e, "x.yaml#/obrigacoes/0/janela: missing field `dia`");
        let e = spec_error(&one(
            "{ tipo: ate_dia_do_mes_seguinte, periodo: trimestre, dia: 31 }",
            "trimestral",
        ));
        assert!(
            e.starts_with("x.yaml#/obrigacoes/0/janela/dia: day 31 is not 1–28"),
            "{e}"
        );
        let e = spec_error(&one(
            "{ tipo: ate_dia_do_mes_seguinte, periodo: trimestre, dia: 15 }",
            "anual",
        ));
        assert!(e.starts_with("x.yaml#/obrigacoes/0/periodicidade:"), "{e}");
        let e = spec_error(&one(
            "{ tipo: intervalo_fixo, meses: [2], dia_inicio: 1, dia_fim: 29, referencia: ano_anterior }",
            "anual",
        ));
        assert!(e.starts_with("x.yaml#/obrigacoes/0/janela/dia_fim:"), "{e}");
        let e = spec_error(&one(
            "{ tipo: intervalo_fixo, meses: [7, 1], dia_inicio: 1, dia_fim: 15, referencia: ano_anterior }",
            "semestral",
        ));
        assert!(e.starts_with("x.yaml#/obrigacoes/0/janela/meses/1:"), "{e}");
        let e = spec_error(&one(
            "{ tipo: dias_uteis_apos_evento, dias: 10, evento: '' }",
            "ocorrencia",
        ));
        assert_eq!(e, "x.yaml#/obrigacoes/0/janela/evento: must not be empty");
        let e = spec_error(&one("{ tipo: na_ocorrencia, evento: E, prazo: 3 }", "ocorrencia"));
        assert!(
            e.starts_with("x.yaml#/obrigacoes/0/janela: unknown field `prazo`"),
            "{e}"
        );

        let mut dup = MINIMAL_HEAD.to_owned();
        dup.push_str(&obrigacao_yaml("a"));
        dup.push_str(&obrigacao_yaml("a"));
        assert_eq!(spec_error(&dup), "x.yaml#/obrigacoes/1/id: duplicate id `a`");
        let mut bad_id = MINIMAL_HEAD.to_owned();
        bad_id.push_str(&obrigacao_yaml("Quadro"));
        assert!(spec_error(&bad_id).starts_with("x.yaml#/obrigacoes/0/id: id `Quadro` must be snake_case"));
        let mut extra = MINIMAL_HEAD.to_owned();
        extra.push_str(&obrigacao_yaml("a").replace("    nome: N\n", "    nome: N\n    prazo: x\n"));
        assert!(spec_error(&extra).starts_with("x.yaml#/obrigacoes/0: unknown field `prazo`"));
        assert_eq!(
            spec_error("esquema: 2\nfonte: F\nversao: V\nobrigacoes: []\n"),
            "x.yaml#/esquema: schema version 2 is not supported (this generator reads 1)"
        );
        assert_eq!(
            spec_error("esquema: 1\nfonte: F\nversao: V\n"),
            "x.yaml#/obrigacoes: missing `obrigacoes`"
        );
        // YAML syntax errors carry a line and column.
        let e = spec_error("esquema: 1\nobrigacoes: [\n");
        assert!(e.starts_with("x.yaml:"), "{e}");
    }

    #[test]
    fn runtime_path_is_configurable() {
        let options = Options {
            runtime_path: "::psi_client::rt".into(),
            ..Options::default()
        };
        let text = emit_calendar_with(PATH, SPEC, &options).expect("emits");
        assert!(text.contains("use ::psi_client::rt::calendar;"));
        assert!(!text.contains("crate::rt"));
    }

    #[test]
    fn wrap_keeps_words_and_width() {
        let p = "palavra ".repeat(40);
        let lines = wrap(&p);
        assert!(
            lines
                .iter()
                .all(|l| l.chars().count() <= DOC_WIDTH + 1 && l.starts_with(' '))
        );
        assert_eq!(lines.concat().split_whitespace().count(), 40);
    }
}
