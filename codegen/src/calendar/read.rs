//! Parsing: the YAML read into raw structures, then checked field by field (ids, texts, window
//! rules against their months and periodicity), every error located by a JSON-pointer path.

use std::collections::BTreeSet;

use heck::ToUpperCamelCase;
use serde::Deserialize;

use super::{Calendario, ESQUEMA, Janela, Obrigacao, Periodicidade, Responsavel, TipoPeriodo};
use crate::Error;
use crate::model::{Position, Source};

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
