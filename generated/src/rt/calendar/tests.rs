//! Unit tests of the working-day calendar and the window rules.

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
