//! [`Validate`] for each request type.

use chrono::{Days, Months};

use super::tables::{self, Duracao, Servico};
use super::{Rule, Validate, Violation};
use crate::api::{
    alterar_contrato, cessar_vinculo, consultar_contratos, consultar_trabalhadores, emissao_documentos_pagamento, qlf,
    registar_vinculo,
};
use crate::rt::{Date, Decimal, Niss};

/// The longest Consultar Trabalhadores window, in days between the two dates (§6.1).
const MAX_PESQUISA_DIAS: i64 = 90;
/// How far after today `inicio-contrato` may be in Alterar Contrato (§6.5).
const MAX_DIAS_INICIO_CONTRATO: u64 = 30;
/// How far back `data-fim-vinculo` may be, in months (§6.4).
const MAX_MESES_FIM_VINCULO: u32 = 60;

// ---- shared checks --------------------------------------------------------------------------

fn check_niss(out: &mut Vec<Violation>, field: &'static str, niss: &Niss) {
    if !niss.is_valid() {
        let why = Niss::new(niss.as_str())
            .err()
            .map_or_else(|| "NISS is not valid".to_owned(), |e| e.to_string());
        out.push(Violation::new(field, Rule::NissInvalid, why));
    }
}

fn check_code(out: &mut Vec<Violation>, field: &'static str, known: bool, value: &str) {
    if !known {
        out.push(Violation::new(
            field,
            Rule::UnknownCode,
            format!("`{value}` is not a code this client knows; the PSI accepts only listed codes"),
        ));
    }
}

/// A code of a list several services share: known, and listed by the spec of `service`.
fn check_shared_code(out: &mut Vec<Violation>, field: &'static str, accepted_by: &[&str], value: &str, service: &str) {
    if accepted_by.is_empty() {
        check_code(out, field, false, value);
    } else if !accepted_by.contains(&service) {
        out.push(Violation::new(
            field,
            Rule::CodeNotAccepted,
            format!(
                "`{value}` is listed by {} but not by `{service}`, which this request goes to",
                accepted_by.join(", ")
            ),
        ));
    }
}

fn check_profissao(out: &mut Vec<Violation>, profissao: &str) {
    if profissao.len() != 5 || !profissao.bytes().all(|b| b.is_ascii_digit()) {
        out.push(Violation::new(
            "profissao",
            Rule::ProfissaoFormat,
            "must be a 5-digit CPP code (e.g. 93130)",
        ));
    }
}

/// The contract fields that §7.1 and §7.3 constrain, as wire codes (the generated enums of
/// the services differ, the codes do not).
struct Contrato<'a> {
    modalidade: &'a str,
    modalidade_known: bool,
    fim_contrato: bool,
    motivo: Option<(&'a str, bool)>,
    percentagem_trabalho: bool,
    horas_trabalho: bool,
    dias_trabalho: bool,
    niss_substituir: bool,
}

/// §7.1 / §7.3 rules on a contract. Unknown codes were reported already and are skipped here.
fn check_contrato(out: &mut Vec<Violation>, c: &Contrato<'_>, servico: Servico) {
    let Some(modalidade) = c.modalidade_known.then(|| tables::modalidade(c.modalidade)).flatten() else {
        return;
    };
    let code = modalidade.code;

    let fim_required = modalidade.fim_contrato_required(servico);
    if fim_required && !c.fim_contrato {
        out.push(Violation::new(
            "fim-contrato",
            Rule::FimContratoRequired,
            format!("required for modalidade-contrato {code} (termo certo)"),
        ));
    } else if !fim_required && c.fim_contrato {
        out.push(Violation::new(
            "fim-contrato",
            Rule::FimContratoNotAllowed,
            format!(
                "must be omitted for modalidade-contrato {code} (the PSI answers \
                 \"DATA FIM CONTRATO COM FORMATO INVÁLIDO\")"
            ),
        ));
    }

    let motivo = c
        .motivo
        .and_then(|(m, known)| known.then(|| tables::motivo(m)).flatten());
    if modalidade.motivo_required() && c.motivo.is_none() {
        out.push(Violation::new(
            "motivo-contrato",
            Rule::MotivoContratoRequired,
            format!("required for modalidade-contrato {code}"),
        ));
    }
    if let Some(motivo) = motivo {
        let (fits, duracao) = match modalidade.duracao {
            Duracao::TermoCerto => (motivo.termo_certo, "termo certo"),
            Duracao::TermoIncerto => (motivo.termo_incerto, "termo incerto"),
            Duracao::SemTermo | Duracao::MuitoCurta => (true, ""),
        };
        if !fits {
            out.push(Violation::new(
                "motivo-contrato",
                Rule::MotivoContratoNotForModalidade,
                format!(
                    "{} is not a motive for {duracao} (modalidade-contrato {code})",
                    motivo.code
                ),
            ));
        }
        if motivo.substituir && !c.niss_substituir {
            out.push(Violation::new(
                "niss-trabalhador-substituir",
                Rule::NissSubstituirRequired,
                format!("required for motivo-contrato {}", motivo.code),
            ));
        }
    }

    if modalidade.part_time {
        for (field, present) in [
            ("percentagem-trabalho", c.percentagem_trabalho),
            ("horas-trabalho", c.horas_trabalho),
            ("dias-trabalho", c.dias_trabalho),
        ] {
            if !present {
                out.push(Violation::new(
                    field,
                    Rule::PartTimeFieldRequired,
                    format!("required for part-time modalidade-contrato {code}"),
                ));
            }
        }
    }
}

fn check_periodo(out: &mut Vec<Violation>, field_fim: &'static str, inicio: Date, fim: Date, max_dias: Option<i64>) {
    if fim < inicio {
        out.push(Violation::new(
            field_fim,
            Rule::PeriodEndsBeforeStart,
            format!("the period ends ({fim}) before it starts ({inicio})"),
        ));
    } else if let Some(max) = max_dias {
        let dias = (fim - inicio).num_days();
        if dias > max {
            out.push(Violation::new(
                field_fim,
                Rule::PeriodTooLong,
                format!("the search window is {dias} days; at most {max} are allowed"),
            ));
        }
    }
}

fn positive(value: &Decimal) -> bool {
    *value > Decimal::ZERO
}

// ---- §6.4 Cessar Vínculo --------------------------------------------------------------------

impl Validate for cessar_vinculo::CessarVinculo {
    fn validate(&self, today: Date) -> Vec<Violation> {
        use cessar_vinculo::{ComunicacaoDesemprego, MotivoFimVinculo};
        let mut out = Vec::new();
        check_niss(&mut out, "niss-trabalhador", &self.niss_trabalhador);
        check_code(
            &mut out,
            "motivo-fim-vinculo",
            self.motivo_fim_vinculo.is_known(),
            self.motivo_fim_vinculo.as_str(),
        );
        check_code(
            &mut out,
            "comunicacao-desemprego",
            self.comunicacao_desemprego.is_known(),
            self.comunicacao_desemprego.as_str(),
        );

        let needs_fundamentacao = matches!(
            self.motivo_fim_vinculo,
            MotivoFimVinculo::Rarc | MotivoFimVinculo::Rard | MotivoFimVinculo::Rare | MotivoFimVinculo::Rarr
        ) && self.comunicacao_desemprego == ComunicacaoDesemprego::V1;
        let has_fundamentacao = self.fundamentacao.as_deref().is_some_and(|t| !t.trim().is_empty());
        if needs_fundamentacao && !has_fundamentacao {
            out.push(Violation::new(
                "fundamentacao",
                Rule::FundamentacaoRequired,
                format!(
                    "required when motivo-fim-vinculo is {} and comunicacao-desemprego is 1",
                    self.motivo_fim_vinculo
                ),
            ));
        }

        let fim = self.data_fim_vinculo;
        if fim > today {
            out.push(Violation::new(
                "data-fim-vinculo",
                Rule::DataFimVinculoInFuture,
                format!("{fim} is after today ({today})"),
            ));
        } else if let Some(oldest) = today.checked_sub_months(Months::new(MAX_MESES_FIM_VINCULO))
            && fim < oldest
        {
            out.push(Violation::new(
                "data-fim-vinculo",
                Rule::DataFimVinculoTooOld,
                format!("{fim} is more than {MAX_MESES_FIM_VINCULO} months before today (earliest {oldest})"),
            ));
        }
        out
    }
}

// ---- §6.5 Alterar Contrato ------------------------------------------------------------------

impl Validate for alterar_contrato::AlterarContratoTrabalho {
    fn validate(&self, today: Date) -> Vec<Violation> {
        use crate::api::shared::ModalidadeContrato;
        let mut out = Vec::new();
        check_niss(&mut out, "niss-trabalhador", &self.niss_trabalhador);
        if let Some(n) = &self.niss_trabalhador_substituir {
            check_niss(&mut out, "niss-trabalhador-substituir", n);
        }
        let m = &self.modalidade_contrato;
        check_shared_code(
            &mut out,
            "modalidade-contrato",
            m.accepted_by(),
            m.as_str(),
            "alterar_contrato",
        );
        if let Some(p) = &self.prestacao_trabalho {
            check_shared_code(
                &mut out,
                "prestacao-trabalho",
                p.accepted_by(),
                p.as_str(),
                "alterar_contrato",
            );
        }
        if let Some(mc) = &self.motivo_contrato {
            check_shared_code(
                &mut out,
                "motivo-contrato",
                mc.accepted_by(),
                mc.as_str(),
                "alterar_contrato",
            );
        }

        if let Some(latest) = today.checked_add_days(Days::new(MAX_DIAS_INICIO_CONTRATO))
            && self.inicio_contrato > latest
        {
            out.push(Violation::new(
                "inicio-contrato",
                Rule::InicioContratoTooLate,
                format!(
                    "{} is more than {MAX_DIAS_INICIO_CONTRATO} days after today (latest {latest})",
                    self.inicio_contrato
                ),
            ));
        }
        check_profissao(&mut out, &self.profissao);
        if !positive(&self.remuneracao_base) {
            out.push(Violation::new(
                "remuneracao-base",
                Rule::RemuneracaoBaseNotPositive,
                "must be greater than 0",
            ));
        }
        if self.diuturnidades.as_ref().is_some_and(|d| !positive(d)) {
            out.push(Violation::new(
                "diuturnidades",
                Rule::DiuturnidadesNotPositive,
                "must be greater than 0 when present (omit it otherwise)",
            ));
        }

        if *m == ModalidadeContrato::I {
            out.push(Violation::new(
                "modalidade-contrato",
                Rule::MuitoCurtaDuracaoNotAlterable,
                "contracts of muito curta duração (I) cannot be altered (the PSI answers code 3)",
            ));
        } else {
            let contrato = Contrato {
                modalidade: m.as_str(),
                modalidade_known: m.is_known(),
                fim_contrato: self.fim_contrato.is_some(),
                motivo: self.motivo_contrato.as_ref().map(|mc| (mc.as_str(), mc.is_known())),
                percentagem_trabalho: self.percentagem_trabalho.is_some(),
                horas_trabalho: self.horas_trabalho.is_some(),
                dias_trabalho: self.dias_trabalho.is_some(),
                niss_substituir: self.niss_trabalhador_substituir.is_some(),
            };
            check_contrato(&mut out, &contrato, Servico::AlterarContrato);
        }
        out
    }
}

// ---- §6.9 Comunicar vínculo com enquadramento (REST QLF) -----------------------------------

impl Validate for qlf::PedidoVinculoTrabalhadorDto {
    fn validate(&self, _today: Date) -> Vec<Violation> {
        let mut out = Vec::new();
        check_niss(&mut out, "niss-entidade-empregadora", &self.niss_entidade_empregadora);
        check_niss(&mut out, "niss-trabalhador", &self.niss_trabalhador);
        if let Some(n) = &self.niss_trabalhador_substituir {
            check_niss(&mut out, "niss-trabalhador-substituir", n);
        }
        let m = &self.modalidade_contrato;
        check_shared_code(&mut out, "modalidade-contrato", m.accepted_by(), m.as_str(), "qlf");
        let p = &self.prestacao_trabalho;
        check_shared_code(&mut out, "prestacao-trabalho", p.accepted_by(), p.as_str(), "qlf");
        let e = &self.enquadramento;
        check_code(&mut out, "enquadramento", e.is_known(), e.as_str());
        if let Some(mc) = &self.motivo_contrato {
            check_shared_code(&mut out, "motivo-contrato", mc.accepted_by(), mc.as_str(), "qlf");
        }
        check_profissao(&mut out, &self.profissao);
        let contrato = Contrato {
            modalidade: m.as_str(),
            modalidade_known: m.is_known(),
            fim_contrato: self.fim_contrato.is_some(),
            motivo: self.motivo_contrato.as_ref().map(|mc| (mc.as_str(), mc.is_known())),
            percentagem_trabalho: self.percentagem_trabalho.is_some(),
            horas_trabalho: self.horas_trabalho.is_some(),
            dias_trabalho: self.dias_trabalho.is_some(),
            niss_substituir: self.niss_trabalhador_substituir.is_some(),
        };
        check_contrato(&mut out, &contrato, Servico::ComunicarVinculo);
        out
    }
}

// ---- §6.3 Comunicar Vínculo (SOAP; hypothesis with the §6.9 fields) -------------------------

impl Validate for registar_vinculo::RegistarVinculoTrabalhador {
    fn validate(&self, _today: Date) -> Vec<Violation> {
        let mut out = Vec::new();
        check_niss(&mut out, "niss-trabalhador", &self.niss_trabalhador);
        if let Some(n) = &self.niss_trabalhador_substituir {
            check_niss(&mut out, "niss-trabalhador-substituir", n);
        }
        let m = &self.modalidade_contrato;
        check_shared_code(
            &mut out,
            "modalidade-contrato",
            m.accepted_by(),
            m.as_str(),
            "registar_vinculo",
        );
        let p = &self.prestacao_trabalho;
        check_shared_code(
            &mut out,
            "prestacao-trabalho",
            p.accepted_by(),
            p.as_str(),
            "registar_vinculo",
        );
        if let Some(mc) = &self.motivo_contrato {
            check_shared_code(
                &mut out,
                "motivo-contrato",
                mc.accepted_by(),
                mc.as_str(),
                "registar_vinculo",
            );
        }
        check_profissao(&mut out, &self.profissao);
        let contrato = Contrato {
            modalidade: m.as_str(),
            modalidade_known: m.is_known(),
            fim_contrato: self.fim_contrato.is_some(),
            motivo: self.motivo_contrato.as_ref().map(|mc| (mc.as_str(), mc.is_known())),
            percentagem_trabalho: self.percentagem_trabalho.is_some(),
            horas_trabalho: self.horas_trabalho.is_some(),
            dias_trabalho: self.dias_trabalho.is_some(),
            niss_substituir: self.niss_trabalhador_substituir.is_some(),
        };
        check_contrato(&mut out, &contrato, Servico::ComunicarVinculo);
        out
    }
}

// ---- §6.1 Consultar Trabalhadores, step 1 ---------------------------------------------------

impl Validate for consultar_trabalhadores::TrabalhadorVinculoEePesquisaSimplesPtvo {
    /// The window is measured between the calendar dates as written (the client sends the
    /// start at 00:00:00 and the end at 23:59:59 of their days).
    fn validate(&self, _today: Date) -> Vec<Violation> {
        let mut out = Vec::new();
        check_periodo(
            &mut out,
            "dataFimPesquisa",
            self.data_inicio_pesquisa.local.date(),
            self.data_fim_pesquisa.local.date(),
            Some(MAX_PESQUISA_DIAS),
        );
        if let Some(n) = &self.niss_ps {
            check_niss(&mut out, "nissPS", n);
        }
        out
    }
}

impl Validate for consultar_trabalhadores::GetQualificacoesTrabalhadoresVinculadosEe {
    fn validate(&self, today: Date) -> Vec<Violation> {
        self.trabalhador_vinculo_ee_pesquisa_simples_ptvo_1.validate(today)
    }
}

// ---- §6.7 Consultar Contratos, step 1 -------------------------------------------------------

impl Validate for consultar_contratos::PesquisaContratos {
    fn validate(&self, _today: Date) -> Vec<Violation> {
        let mut out = Vec::new();
        check_periodo(&mut out, "data-fim", self.data_inicio, self.data_fim, None);
        for n in self.trabalhadores.iter().flat_map(|t| t.niss_trabalhador.iter()) {
            check_niss(&mut out, "niss-trabalhador", n);
        }
        out
    }
}

// ---- §6.10.1 Pedido de emissão ---------------------------------------------------------------

impl Validate for emissao_documentos_pagamento::PedidoEmissaoDocumentoPagamentoVo {
    fn validate(&self, _today: Date) -> Vec<Violation> {
        let mut out = Vec::new();
        check_code(&mut out, "ambito", self.ambito.is_known(), self.ambito.as_str());
        out
    }
}

#[cfg(test)]
mod shared_code_tests {
    use super::*;
    use crate::api::shared::{ModalidadeContrato, MotivoContrato, PrestacaoTrabalho};

    fn date(y: i32, m: u32, d: u32) -> Date {
        Date::from_ymd_opt(y, m, d).expect("a real date")
    }

    /// `RVEL` is in the one `MotivoContrato` type because Alterar Contrato lists it; a
    /// Registar Vínculo request with it is refused, an Alterar Contrato one is not.
    #[test]
    fn a_shared_code_only_goes_to_the_services_that_list_it() {
        assert_eq!(
            MotivoContrato::Rvel.accepted_by(),
            ["alterar_contrato", "consultar_contratos"]
        );
        let niss = Niss::new("29999999991").expect("a valid NISS");
        let registar = registar_vinculo::RegistarVinculoTrabalhador::new(
            niss.clone(),
            date(1990, 1, 1),
            ModalidadeContrato::E,
            PrestacaoTrabalho::P,
            date(2026, 1, 5),
            "93130",
            Decimal::new(90000, 2),
            1,
        )
        .with_fim_contrato(date(2026, 6, 30))
        .with_motivo_contrato(MotivoContrato::Rvel);
        let found = registar.validate(date(2026, 1, 5));
        let v = found
            .iter()
            .find(|v| v.rule == Rule::CodeNotAccepted)
            .unwrap_or_else(|| panic!("{found:?}"));
        assert_eq!(v.field, "motivo-contrato");
        assert!(v.message.contains("registar_vinculo"), "{v}");

        let alterar = alterar_contrato::AlterarContratoTrabalho::new(
            niss,
            ModalidadeContrato::E,
            date(2026, 1, 5),
            "93130",
            Decimal::new(90000, 2),
        )
        .with_fim_contrato(date(2026, 6, 30))
        .with_motivo_contrato(MotivoContrato::Rvel);
        assert!(
            alterar
                .validate(date(2026, 1, 5))
                .iter()
                .all(|v| v.rule != Rule::CodeNotAccepted),
            "{:?}",
            alterar.validate(date(2026, 1, 5))
        );
    }
}
