//! The generated SIOE calendar (`src/api/sioe_calendario.rs`, emitted by psi-codegen from
//! `specs/sioe/obrigacoes/portaria-172-2025-1.yaml`) exercised for 2026.
//!
//! Every expectation is derived by hand from the rule text of Portaria n.º 172/2025/1 as the project
//! reference (`sioe.md` (b.2), (b.4)) quotes it, not from the implementation. The *(inferred)*
//! conventions of (b.4) apply: calendar quarters and semesters, «até ao dia N» inclusive, and an
//! «até …» window opening the day after its reference period.

use cal::{Obrigacao, Prazo};
use psi_client::api::sioe_calendario as cal;
use psi_client::rt::calendar::{AjusteDoFim, Janela, NaiveDate, Periodicidade, Periodo, Responsavel, TipoPeriodo};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn tri(ano: i32, trimestre: u8) -> Periodo {
    Periodo::Trimestre { ano, trimestre }
}

fn sem(ano: i32, semestre: u8) -> Periodo {
    Periodo::Semestre { ano, semestre }
}

fn ano(ano: i32) -> Periodo {
    Periodo::Ano { ano }
}

/// (obligation, opens, closes, reference period) of each window.
fn resumo(prazos: &[Prazo]) -> Vec<(Obrigacao, NaiveDate, NaiveDate, Periodo)> {
    prazos
        .iter()
        .map(|p| (p.obrigacao, p.inicio, p.fim, p.periodo_referencia))
        .collect()
}

#[test]
fn every_obligation_is_named_with_its_article() {
    assert_eq!(Obrigacao::TODAS.len(), 15);
    assert_eq!(cal::JANELAS.len(), Obrigacao::TODAS.len());
    for (i, o) in Obrigacao::TODAS.into_iter().enumerate() {
        assert_eq!(Obrigacao::from_id(o.id()), Some(o));
        assert_eq!(cal::JANELAS[i], (o, o.janela()));
        assert!(!o.nome().is_empty() && o.artigo().starts_with("art. "));
    }
    assert_eq!(Obrigacao::from_id("nao_existe"), None);
    assert_eq!(Obrigacao::QuadroPessoal.to_string(), "Quadro de pessoal (art. 7.º)");
    assert_eq!(Obrigacao::FluxosEntradasSaidas.artigo(), "art. 8.º");
    assert_eq!(Obrigacao::AtividadeSocial.artigo(), "art. 5.º n.º 3");
    assert_eq!(Obrigacao::MapaPessoalAnoSeguinte.citacao(), Some("De 1 a 15 de julho"));
    assert_eq!(
        Obrigacao::SegurancaSaudeTrabalho.citacao_dados(),
        Some("com referência ao ano imediatamente anterior")
    );
    assert!(
        Obrigacao::FormacaoProfissional
            .nota()
            .is_some_and(|n| n.starts_with("Inferido:"))
    );
    assert!(cal::FONTE.contains("172/2025/1") && !cal::VERSAO.is_empty());
}

#[test]
fn window_rules_are_the_portarias() {
    // Art. 7.º / 8.º: «até ao dia 15 do mês seguinte ao termo de cada trimestre».
    for o in [Obrigacao::QuadroPessoal, Obrigacao::FluxosEntradasSaidas] {
        assert_eq!(
            o.janela(),
            Janela::AteDiaDoMesSeguinte {
                periodo: TipoPeriodo::Trimestre,
                dia: 15
            }
        );
        assert_eq!(o.periodicidade(), Periodicidade::Trimestral);
    }
    // Art. 9.º: «até ao último dia do mês seguinte ao termo de cada semestre».
    assert_eq!(
        Obrigacao::FormacaoProfissional.janela(),
        Janela::AteUltimoDiaDoMesSeguinte {
            periodo: TipoPeriodo::Semestre
        }
    );
    // Art. 5.º n.º 2 b): 10 working days; art. 6.º n.º 3: 15 working days.
    assert_eq!(
        Obrigacao::RegistoInicial.janela(),
        Janela::DiasUteisAposEvento { dias: 10 }
    );
    assert_eq!(
        Obrigacao::AtualizacaoCaracterizacao.janela(),
        Janela::DiasUteisAposEvento { dias: 10 }
    );
    assert_eq!(
        Obrigacao::MapaPessoalOrcamentoTardio.janela(),
        Janela::DiasUteisAposEvento { dias: 15 }
    );
    assert_eq!(
        Obrigacao::MapaPessoalOrcamentoTardio.evento(),
        Some("a data de entrada em vigor da Lei do Orçamento do Estado")
    );
    // Art. 11.º and 12.º: «sempre que ocorram …», no deadline.
    for o in [
        Obrigacao::AcidentesTrabalho,
        Obrigacao::Greves,
        Obrigacao::MapaPessoalAlteracoes,
    ] {
        assert_eq!(o.janela(), Janela::NaOcorrencia);
        assert_eq!(o.periodicidade(), Periodicidade::Ocorrencia);
    }
    // Art. 5.º n.º 2 a) is registered by DGAEP; everything else by the employer.
    for o in Obrigacao::TODAS {
        let want = if o == Obrigacao::CriacaoEntidade {
            Responsavel::Dgaep
        } else {
            Responsavel::Empregador
        };
        assert_eq!(o.responsavel(), want, "{o}");
    }
}

#[test]
fn easter_and_holidays_2026() {
    use psi_client::rt::calendar::{easter_sunday, is_working_day};
    assert_eq!(easter_sunday(2026), Some(d(2026, 4, 5)));
    assert!(!is_working_day(d(2026, 4, 3)), "Good Friday = Easter − 2");
    assert!(!is_working_day(d(2026, 6, 4)), "Corpus Christi = Easter + 60");
    assert!(is_working_day(d(2026, 2, 17)), "Carnival is not a national holiday");
}

#[test]
fn every_periodic_window_of_2026() {
    use Obrigacao::*;
    // Derived from the rule texts, for the windows that close in 2026:
    // * 7.º quadro and 8.º fluxos, «até ao dia 15 do mês seguinte ao termo de cada trimestre»:
    //   Q4 2025 → 15 Jan; Q1 → 15 Apr; Q2 → 15 Jul; Q3 → 15 Oct (Q4 2026 closes 15 Jan 2027);
    // * 6.º n.º 2 a) mapa «De 1 a 15 de janeiro», plan for the current year (2026);
    //   6.º n.º 2 b) «De 1 a 15 de julho», proposed plan for the next year (2027);
    // * 9.º formação, «até ao último dia do mês seguinte ao termo de cada semestre»:
    //   2nd semester 2025 → 31 Jan 2026; 1st semester 2026 → 31 Jul 2026;
    // * 10.º SST «de 1 a 31 de janeiro», year 2025; 5.º n.º 3 atividade social «de 1 a 31 de março»,
    //   year 2025;
    // * 13.º prestadores, «até ao dia 15 do mês seguinte ao termo de cada semestre»:
    //   2nd semester 2025 → 15 Jan; 1st semester 2026 → 15 Jul.
    // Order: closing date, opening date, then the obligation's place in the spec.
    let want = vec![
        (QuadroPessoal, d(2026, 1, 1), d(2026, 1, 15), tri(2025, 4)),
        (FluxosEntradasSaidas, d(2026, 1, 1), d(2026, 1, 15), tri(2025, 4)),
        (MapaPessoalAnoCorrente, d(2026, 1, 1), d(2026, 1, 15), ano(2026)),
        (PrestadoresServicos, d(2026, 1, 1), d(2026, 1, 15), sem(2025, 2)),
        (FormacaoProfissional, d(2026, 1, 1), d(2026, 1, 31), sem(2025, 2)),
        (SegurancaSaudeTrabalho, d(2026, 1, 1), d(2026, 1, 31), ano(2025)),
        (AtividadeSocial, d(2026, 3, 1), d(2026, 3, 31), ano(2025)),
        (QuadroPessoal, d(2026, 4, 1), d(2026, 4, 15), tri(2026, 1)),
        (FluxosEntradasSaidas, d(2026, 4, 1), d(2026, 4, 15), tri(2026, 1)),
        (QuadroPessoal, d(2026, 7, 1), d(2026, 7, 15), tri(2026, 2)),
        (FluxosEntradasSaidas, d(2026, 7, 1), d(2026, 7, 15), tri(2026, 2)),
        (MapaPessoalAnoSeguinte, d(2026, 7, 1), d(2026, 7, 15), ano(2027)),
        (PrestadoresServicos, d(2026, 7, 1), d(2026, 7, 15), sem(2026, 1)),
        (FormacaoProfissional, d(2026, 7, 1), d(2026, 7, 31), sem(2026, 1)),
        (QuadroPessoal, d(2026, 10, 1), d(2026, 10, 15), tri(2026, 3)),
        (FluxosEntradasSaidas, d(2026, 10, 1), d(2026, 10, 15), tri(2026, 3)),
    ];
    let got = cal::prazos_do_ano(2026);
    assert_eq!(resumo(&got), want);
    // Fixed windows are the Portaria's own; «até …» windows have an inferred opening day.
    for p in &got {
        let fixa = matches!(p.obrigacao.janela(), Janela::IntervaloFixo { .. });
        assert_eq!(p.inicio_inferido, !fixa, "{}", p.obrigacao);
    }
}

#[test]
fn windows_open_on_given_dates() {
    use Obrigacao::*;
    let ids = |y, m, day| -> Vec<(Obrigacao, Periodo)> {
        cal::obrigacoes_em(d(y, m, day))
            .iter()
            .map(|p| (p.obrigacao, p.periodo_referencia))
            .collect()
    };
    // 10 January 2026: the 15 January group and the 31 January group are all open.
    assert_eq!(
        ids(2026, 1, 10),
        vec![
            (QuadroPessoal, tri(2025, 4)),
            (FluxosEntradasSaidas, tri(2025, 4)),
            (MapaPessoalAnoCorrente, ano(2026)),
            (PrestadoresServicos, sem(2025, 2)),
            (FormacaoProfissional, sem(2025, 2)),
            (SegurancaSaudeTrabalho, ano(2025)),
        ]
    );
    // 20 January 2026: only the windows up to 31 January remain.
    assert_eq!(
        ids(2026, 1, 20),
        vec![
            (FormacaoProfissional, sem(2025, 2)),
            (SegurancaSaudeTrabalho, ano(2025))
        ]
    );
    assert_eq!(ids(2026, 2, 1), vec![]);
    assert_eq!(ids(2026, 3, 31), vec![(AtividadeSocial, ano(2025))]);
    // «até ao dia 15» includes the 15th; the 16th is outside.
    assert_eq!(
        ids(2026, 4, 15),
        vec![(QuadroPessoal, tri(2026, 1)), (FluxosEntradasSaidas, tri(2026, 1))]
    );
    assert_eq!(ids(2026, 4, 16), vec![]);
    assert_eq!(ids(2026, 7, 16), vec![(FormacaoProfissional, sem(2026, 1))]);
    // The Q4 2026 windows open on 1 January 2027, not in 2026.
    assert_eq!(ids(2026, 12, 31), vec![]);
    assert_eq!(
        ids(2027, 1, 1),
        vec![
            (QuadroPessoal, tri(2026, 4)),
            (FluxosEntradasSaidas, tri(2026, 4)),
            (MapaPessoalAnoCorrente, ano(2027)),
            (PrestadoresServicos, sem(2026, 2)),
            (FormacaoProfissional, sem(2026, 2)),
            (SegurancaSaudeTrabalho, ano(2026)),
        ]
    );
}

#[test]
fn event_deadlines_in_working_days_2026() {
    // Art. 5.º n.º 2 b) i): 10 working days from the DGAEP notification, notified Wednesday
    // 1 April 2026. Day 1 is the next working day: Thu 2 Apr = 1; Fri 3 Apr (Good Friday), Sat 4,
    // Sun 5 (Easter) are skipped; Mon 6 … Fri 10 = 2 … 6; Mon 13 = 7, Tue 14 = 8, Wed 15 = 9,
    // Thu 16 April = 10.
    let p = cal::prazo_ocorrencia(Obrigacao::RegistoInicial, d(2026, 4, 1)).expect("deadline");
    assert_eq!((p.inicio, p.fim), (d(2026, 4, 1), d(2026, 4, 16)));
    assert_eq!(p.periodo_referencia, Periodo::Dia { data: d(2026, 4, 1) });
    assert!(p.inicio_inferido);

    // Art. 5.º n.º 2 b) ii): a change on Monday 20 April 2026. Tue 21 … Fri 24 = 1 … 4; 25 April is a
    // holiday but falls on a Saturday, so it changes nothing; Mon 27 … Thu 30 = 5 … 8; Fri 1 May is a
    // holiday; Mon 4 May = 9, Tue 5 May = 10.
    let p = cal::prazo_ocorrencia(Obrigacao::AtualizacaoCaracterizacao, d(2026, 4, 20)).expect("deadline");
    assert_eq!(p.fim, d(2026, 5, 5));

    // Art. 6.º n.º 3: 15 working days «após a data de entrada em vigor da Lei do Orçamento do
    // Estado»; suppose it enters into force on Monday 1 June 2026. Tue 2 = 1, Wed 3 = 2; Thu 4 June
    // (Corpus Christi) skipped; Fri 5 = 3; Mon 8 = 4, Tue 9 = 5; Wed 10 June skipped; Thu 11 = 6,
    // Fri 12 = 7; Mon 15 … Fri 19 = 8 … 12; Mon 22 = 13, Tue 23 = 14, Wed 24 June = 15.
    let p = cal::prazo_ocorrencia(Obrigacao::MapaPessoalOrcamentoTardio, d(2026, 6, 1)).expect("deadline");
    assert_eq!(p.fim, d(2026, 6, 24));

    // Art. 5.º n.º 2 a): «30 dias» (not «úteis»), DGAEP's registration. Published 1 April 2026:
    // 30 days later is Friday 1 May 2026, a holiday; the rule's date is kept, and moving it is an
    // explicit policy (next working day: Monday 4 May).
    let p = cal::prazo_ocorrencia(Obrigacao::CriacaoEntidade, d(2026, 4, 1)).expect("deadline");
    assert_eq!(p.fim, d(2026, 5, 1));
    assert_eq!(p.fim_ajustado(AjusteDoFim::Nenhum), Some(d(2026, 5, 1)));
    assert_eq!(p.fim_ajustado(AjusteDoFim::ProximoDiaUtil), Some(d(2026, 5, 4)));
}

#[test]
fn obligations_without_an_event_deadline() {
    // Art. 11.º (acidentes), 12.º (greves) and 6.º n.º 4 (alterações ao mapa) state no deadline;
    // periodic obligations have none either.
    for o in [
        Obrigacao::AcidentesTrabalho,
        Obrigacao::Greves,
        Obrigacao::MapaPessoalAlteracoes,
        Obrigacao::QuadroPessoal,
        Obrigacao::SegurancaSaudeTrabalho,
    ] {
        assert_eq!(cal::prazo_ocorrencia(o, d(2026, 4, 1)), None, "{o}");
    }
}

#[test]
fn no_panics_at_the_ends_of_the_date_range() {
    for y in [i32::MIN, -262_144, 262_143, i32::MAX] {
        let _ = cal::prazos_do_ano(y);
    }
    for date in [NaiveDate::MIN, NaiveDate::MAX] {
        let _ = cal::obrigacoes_em(date);
        for o in Obrigacao::TODAS {
            let _ = cal::prazo_ocorrencia(o, date);
        }
    }
}

// ---- Both dates, and the counting rule that gives the second (2026–2028) ------------------
//
// Hand-computed from the weekday of 1 January (2026 Thursday, 2027 Friday, 2028 Saturday, a
// leap year) and Easter (5 April 2026, 28 March 2027, 16 April 2028): Good Friday 3 April 2026,
// 26 March 2027, 14 April 2028; Corpus Christi (Easter + 60) 4 June 2026, 27 May 2027,
// 15 June 2028.

use psi_client::rt::calendar::{RegraContagem, national_holidays};

fn prazo(ano: i32, o: Obrigacao, fim: NaiveDate) -> Prazo {
    cal::prazos_do_ano(ano)
        .into_iter()
        .find(|p| p.obrigacao == o && p.fim == fim)
        .unwrap_or_else(|| panic!("{o}: no window closing on {fim}"))
}

#[test]
fn easter_based_holidays_2026_to_2028() {
    for (ano, sexta_santa, corpo_de_deus) in [
        (2026, d(2026, 4, 3), d(2026, 6, 4)),
        (2027, d(2027, 3, 26), d(2027, 5, 27)),
        (2028, d(2028, 4, 14), d(2028, 6, 15)),
    ] {
        let moveis: Vec<NaiveDate> = national_holidays(ano)
            .iter()
            .filter(|f| f.movel)
            .map(|f| f.data)
            .collect();
        assert!(
            moveis.contains(&sexta_santa) && moveis.contains(&corpo_de_deus),
            "{ano}: {moveis:?}"
        );
    }
}

#[test]
fn periodic_deadlines_under_codigo_civil_279() {
    // Art. 9.º and 10.º close on 31 January. 31 January 2026 is a Saturday: art. 279.º e) names
    // Sundays and holidays only, so the date stays; CPA art. 87.º would move it to Monday 2 February.
    for o in [Obrigacao::FormacaoProfissional, Obrigacao::SegurancaSaudeTrabalho] {
        assert_eq!(o.regra_contagem(), Some(RegraContagem::CodigoCivil279));
        let p = prazo(2026, o, d(2026, 1, 31));
        assert_eq!(
            (p.fim_regra, p.regra),
            (d(2026, 1, 31), RegraContagem::CodigoCivil279),
            "{o}"
        );
        assert_eq!(RegraContagem::Cpa87.fim(p.fim, None), Some(d(2026, 2, 2)));
    }
    // 31 January 2027 is a Sunday (3 January is the first Sunday; 3 + 28): Monday 1 February 2027.
    let p = prazo(2027, Obrigacao::SegurancaSaudeTrabalho, d(2027, 1, 31));
    assert_eq!(p.fim_regra, d(2027, 2, 1));
    // 15 October 2028 is a Sunday (288 days after Saturday 1 January, 288 = 7 × 41 + 1):
    // the quadro de pessoal and fluxos of the 3rd quarter close on Monday 16 October 2028.
    for o in [Obrigacao::QuadroPessoal, Obrigacao::FluxosEntradasSaidas] {
        assert_eq!(prazo(2028, o, d(2028, 10, 15)).fim_regra, d(2028, 10, 16), "{o}");
    }
    // 15 April 2028 is a Saturday (105 days after 1 January, 105 = 7 × 15), the day after Good
    // Friday: the Saturday stays under art. 279.º e); under CPA art. 87.º it is Monday 17 April.
    let p = prazo(2028, Obrigacao::QuadroPessoal, d(2028, 4, 15));
    assert_eq!(p.fim_regra, d(2028, 4, 15));
    assert_eq!(RegraContagem::Cpa87.fim(p.fim, None), Some(d(2028, 4, 17)));
    // A working-day deadline is left alone: 15 July 2026 is a Wednesday, 15 July 2027 a Thursday.
    assert_eq!(
        prazo(2026, Obrigacao::MapaPessoalAnoSeguinte, d(2026, 7, 15)).fim_regra,
        d(2026, 7, 15)
    );
    assert_eq!(
        prazo(2027, Obrigacao::PrestadoresServicos, d(2027, 7, 15)).fim_regra,
        d(2027, 7, 15)
    );
    // Every periodic window of the three years: the rule's date is the written one or the next
    // working day after a Sunday or a holiday, never earlier.
    for ano in 2026..=2028 {
        for p in cal::prazos_do_ano(ano) {
            assert!(
                p.fim_regra >= p.fim && p.regra == RegraContagem::CodigoCivil279,
                "{p:?}"
            );
        }
    }
}

#[test]
fn event_deadlines_under_cpa_87() {
    // Art. 5.º n.º 2 a): «30 dias» from a publication on Wednesday 4 March 2026. As written:
    // 4 March + 30 = 3 April 2026, Good Friday. Under CPA art. 87.º, 30 working days from Thursday
    // 5 March: 5, 6 = 1, 2; 9–13 = 3–7; 16–20 = 8–12; 23–27 = 13–17; 30, 31 March, 1, 2 April =
    // 18–21; 3 April (Good Friday) and the weekend skipped; 6–10 = 22–26; 13–16 April = 27–30.
    let p = cal::prazo_ocorrencia(Obrigacao::CriacaoEntidade, d(2026, 3, 4)).expect("deadline");
    assert_eq!(
        (p.fim, p.fim_regra, p.regra),
        (d(2026, 4, 3), d(2026, 4, 16), RegraContagem::Cpa87)
    );
    assert_eq!(Obrigacao::CriacaoEntidade.regra_contagem(), Some(RegraContagem::Cpa87));
    // Counted continuously with only the end moved (Código Civil art. 279.º e)), it would be
    // Monday 6 April 2026 (Saturday 4, Easter Sunday 5).
    assert_eq!(RegraContagem::CodigoCivil279.fim(p.fim, None), Some(d(2026, 4, 6)));

    // Published Wednesday 1 April 2026: as written Friday 1 May (a holiday); 30 working days:
    // 2 April = 1; 6–10 = 2–6; 13–17 = 7–11; 20–24 = 12–16; 27–30 = 17–20; 1 May skipped;
    // 4–8 May = 21–25; 11–15 May = 26–30.
    let p = cal::prazo_ocorrencia(Obrigacao::CriacaoEntidade, d(2026, 4, 1)).expect("deadline");
    assert_eq!((p.fim, p.fim_regra), (d(2026, 5, 1), d(2026, 5, 15)));

    // Published Monday 15 May 2028: as written Wednesday 14 June 2028. 30 working days: 16–19 May
    // = 1–4; 22–26 = 5–9; 29 May–2 June = 10–14; 5–9 = 15–19; 12–14 = 20–22; 15 June (Corpus
    // Christi) skipped; 16 = 23; 19–23 = 24–28; 26, 27 June = 29, 30.
    let p = cal::prazo_ocorrencia(Obrigacao::CriacaoEntidade, d(2028, 5, 15)).expect("deadline");
    assert_eq!((p.fim, p.fim_regra), (d(2028, 6, 14), d(2028, 6, 27)));

    // Art. 5.º n.º 2 b) i): 10 working days from a notification on Monday 22 March 2027 are the same
    // under both readings: 23–25 = 1–3; 26 (Good Friday), 27, 28 (Easter) skipped; 29 March–2 April
    // = 4–8; 5, 6 April = 9, 10.
    let p = cal::prazo_ocorrencia(Obrigacao::RegistoInicial, d(2027, 3, 22)).expect("deadline");
    assert_eq!((p.fim, p.fim_regra), (d(2027, 4, 6), d(2027, 4, 6)));
    assert_eq!(Obrigacao::Greves.regra_contagem(), None);
}

#[test]
fn gradual_use_entity_covered_from_a_date() {
    // Art. 15.º: an entity covered from 1 May 2026 owes the windows that open from then on. In
    // 2026 those are the July windows (mapa de pessoal for 2027; quadro, fluxos and prestadores
    // of the 1st half; formação of the 1st half, to 31 July) and the October ones (3rd quarter).
    let mut got: Vec<(Obrigacao, NaiveDate, NaiveDate)> = cal::prazos_da_entidade(2026, d(2026, 5, 1))
        .iter()
        .map(|p| (p.obrigacao, p.inicio, p.fim))
        .collect();
    got.sort();
    let mut want = vec![
        (Obrigacao::MapaPessoalAnoSeguinte, d(2026, 7, 1), d(2026, 7, 15)),
        (Obrigacao::QuadroPessoal, d(2026, 7, 1), d(2026, 7, 15)),
        (Obrigacao::FluxosEntradasSaidas, d(2026, 7, 1), d(2026, 7, 15)),
        (Obrigacao::PrestadoresServicos, d(2026, 7, 1), d(2026, 7, 15)),
        (Obrigacao::FormacaoProfissional, d(2026, 7, 1), d(2026, 7, 31)),
        (Obrigacao::QuadroPessoal, d(2026, 10, 1), d(2026, 10, 15)),
        (Obrigacao::FluxosEntradasSaidas, d(2026, 10, 1), d(2026, 10, 15)),
    ];
    want.sort();
    assert_eq!(got, want);
    // Covered from 2 July 2026: the windows already open on 1 July are not owed.
    let july: Vec<Obrigacao> = cal::prazos_da_entidade(2026, d(2026, 7, 2))
        .iter()
        .map(|p| p.obrigacao)
        .collect();
    assert_eq!(july, [Obrigacao::QuadroPessoal, Obrigacao::FluxosEntradasSaidas]);
    // Covered before the year: every window of the year.
    assert_eq!(cal::prazos_da_entidade(2027, d(2026, 1, 1)), cal::prazos_do_ano(2027));
}
