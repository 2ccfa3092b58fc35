//! The code tables the rules are derived from, written once: `modalidade-contrato` (§7.1) and
//! `motivo-contrato` (§7.3) of the project reference (`psi-services.md`).
//!
//! The generated code has several enums for the same code list (`api::shared`, `api::qlf`,
//! `api::registar_vinculo`), so the tables are keyed by the wire code, not by a Rust type.

/// How long a contract of a modality lasts (the "Duration" column of §7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Duracao {
    /// Sem termo (open-ended).
    SemTermo,
    /// Termo certo (fixed term).
    TermoCerto,
    /// Termo incerto (term tied to an event).
    TermoIncerto,
    /// Muito curta duração (`I`).
    MuitoCurta,
}

/// One row of §7.1.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Modalidade {
    /// The wire code.
    pub code: &'static str,
    /// The duration column.
    pub duracao: Duracao,
    /// "Part-time fields": `percentagem-trabalho`, `horas-trabalho`, `dias-trabalho` required.
    pub part_time: bool,
}

const fn m(code: &'static str, duracao: Duracao, part_time: bool) -> Modalidade {
    Modalidade {
        code,
        duracao,
        part_time,
    }
}

use Duracao::{MuitoCurta, SemTermo, TermoCerto, TermoIncerto};

/// §7.1, in the reference's order (27 codes).
pub(crate) const MODALIDADES: [Modalidade; 27] = [
    m("A", SemTermo, false),
    m("B", SemTermo, true),
    m("C", SemTermo, false),
    m("D", SemTermo, true),
    m("AA", SemTermo, false),
    m("AB", SemTermo, false),
    m("BA", SemTermo, true),
    m("BB", SemTermo, true),
    m("S", SemTermo, false),
    m("R", SemTermo, true),
    m("E", TermoCerto, false),
    m("EA", TermoCerto, false),
    m("EB", TermoCerto, false),
    m("O", TermoCerto, false),
    m("F", TermoCerto, true),
    m("FA", TermoCerto, true),
    m("FB", TermoCerto, true),
    m("N", TermoCerto, true),
    m("G", TermoIncerto, false),
    m("GA", TermoIncerto, false),
    m("GB", TermoIncerto, false),
    m("Q", TermoIncerto, false),
    m("H", TermoIncerto, true),
    m("HA", TermoIncerto, true),
    m("HB", TermoIncerto, true),
    m("P", TermoIncerto, true),
    m("I", MuitoCurta, false),
];

/// The row of a modality code, if §7.1 lists it.
pub(crate) fn modalidade(code: &str) -> Option<&'static Modalidade> {
    MODALIDADES.iter().find(|row| row.code == code)
}

/// Which service's `fim-contrato` column of §7.1 applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Servico {
    /// §6.5 Alterar Contrato: termo certo is `E EA EB O F FA FB N` (`I` cannot be altered).
    AlterarContrato,
    /// §6.9 (and the §6.3 hypothesis, which reuses it): termo certo is `E EA EB O F FA FB N I`.
    ComunicarVinculo,
}

impl Modalidade {
    /// Whether `fim-contrato` is sent ("required") for this modality in `servico`; it is
    /// omitted for every other modality (§7.1 derived sets "Termo certo in §6.9 / §6.5").
    pub fn fim_contrato_required(&self, servico: Servico) -> bool {
        match servico {
            Servico::AlterarContrato => self.duracao == TermoCerto,
            Servico::ComunicarVinculo => matches!(self.duracao, TermoCerto | MuitoCurta),
        }
    }

    /// Whether `motivo-contrato` is required: termo certo (without `I`) and termo incerto.
    pub fn motivo_required(&self) -> bool {
        matches!(self.duracao, TermoCerto | TermoIncerto)
    }
}

/// One row of §7.3.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Motivo {
    /// The wire code.
    pub code: &'static str,
    /// Valid for termo certo modalities.
    pub termo_certo: bool,
    /// Valid for termo incerto modalities.
    pub termo_incerto: bool,
    /// Needs `niss-trabalhador-substituir`.
    pub substituir: bool,
}

const fn r(code: &'static str, termo_certo: bool, termo_incerto: bool, substituir: bool) -> Motivo {
    Motivo {
        code,
        termo_certo,
        termo_incerto,
        substituir,
    }
}

/// §7.3, in the reference's order (24 codes; `RVEL` only in Alterar Contrato).
pub(crate) const MOTIVOS: [Motivo; 24] = [
    r("AEAT", true, true, false),
    r("ATSA", true, true, false),
    r("CTSD", true, false, false),
    r("EOPA", true, true, false),
    r("ESTA", true, false, false),
    r("EXTO", true, true, false),
    r("IFEE", true, false, false),
    r("LNAT", true, false, false),
    r("NIMO", true, true, false),
    r("NIPA", true, true, false),
    r("OMAP", false, true, false),
    r("OMCS", false, true, false),
    r("OMEL", false, true, false),
    r("OSIN", false, true, false),
    r("RAPT", true, true, false),
    r("RVEL", true, false, false),
    r("STAJ", true, true, true),
    r("STAT", true, true, true),
    r("STLR", true, true, true),
    r("STPS", true, true, false),
    r("STTC", true, false, true),
    r("STTT", true, true, false),
    r("S2MT", true, true, false),
    r("VAPT", true, true, false),
];

/// The row of a motivo code, if §7.3 lists it.
pub(crate) fn motivo(code: &str) -> Option<&'static Motivo> {
    MOTIVOS.iter().find(|row| row.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_sets_match_the_reference() {
        let codes = |f: &dyn Fn(&Modalidade) -> bool| -> Vec<&str> {
            MODALIDADES.iter().filter(|m| f(m)).map(|m| m.code).collect()
        };
        // §7.1 "Derived sets used in validation", order aside.
        let mut part = codes(&|m| m.part_time);
        part.sort_unstable();
        let mut expected = vec!["B", "D", "BA", "BB", "R", "F", "FA", "FB", "N", "H", "HA", "HB", "P"];
        expected.sort_unstable();
        assert_eq!(part, expected);
        assert_eq!(
            codes(&|m| m.fim_contrato_required(Servico::ComunicarVinculo)),
            ["E", "EA", "EB", "O", "F", "FA", "FB", "N", "I"]
        );
        assert_eq!(
            codes(&|m| m.fim_contrato_required(Servico::AlterarContrato)),
            ["E", "EA", "EB", "O", "F", "FA", "FB", "N"]
        );
        assert_eq!(
            codes(&|m| m.duracao == TermoIncerto),
            ["G", "GA", "GB", "Q", "H", "HA", "HB", "P"]
        );
        // §7.3 totals: 20 termo certo, 18 termo incerto, 4 needing a substitute.
        assert_eq!(MOTIVOS.iter().filter(|m| m.termo_certo).count(), 20);
        assert_eq!(MOTIVOS.iter().filter(|m| m.termo_incerto).count(), 18);
        let subst: Vec<&str> = MOTIVOS.iter().filter(|m| m.substituir).map(|m| m.code).collect();
        assert_eq!(subst, ["STAJ", "STAT", "STLR", "STTC"]);
    }

    #[test]
    fn tables_cover_the_generated_enums() {
        // One type per code list: every service's values are in the shared types.
        use crate::api::shared;
        for v in shared::ModalidadeContrato::ALL {
            assert!(modalidade(v.as_str()).is_some(), "{v}");
        }
        for v in shared::MotivoContrato::ALL {
            assert!(motivo(v.as_str()).is_some(), "{v}");
        }
        assert_eq!(MODALIDADES.len(), shared::ModalidadeContrato::ALL.len());
        assert_eq!(MOTIVOS.len(), shared::MotivoContrato::ALL.len());
    }
}
