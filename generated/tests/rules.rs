//! `psi_client::rules`: one test per [`Rule`], each with a valid and an invalid case, named
//! after the rule. Expectations come from the project reference (`psi-services.md`, the section
//! named in each test), not from the implementation.

use psi_client::api::consultar_contratos::{PesquisaContratos, Trabalhadores};
use psi_client::api::consultar_trabalhadores::{
    GetQualificacoesTrabalhadoresVinculadosEe, TrabalhadorVinculoEePesquisaSimplesPtvo,
};
use psi_client::api::emissao_documentos_pagamento::{Ambito, PedidoEmissaoDocumentoPagamentoVo};
use psi_client::api::{alterar_contrato, cessar_vinculo, qlf, registar_vinculo, shared};
use psi_client::rt::{Date, DateTime, Decimal, Niss};
use psi_client::rules::{Rule, Validate, Violation};

// ---- fixtures ---------------------------------------------------------------------------------

fn d(y: i32, m: u32, day: u32) -> Date {
    Date::from_ymd_opt(y, m, day).expect("valid test date")
}

/// "Today" in every test.
fn today() -> Date {
    d(2026, 5, 15)
}

/// Valid NISS values (weights 29…2, check digit `9 - sum % 10`; §5.2 / `rt::ident`).
const WORKER: &str = "11234567892";
const SUBSTITUTE: &str = "19876543218";
const EMPLOYER: &str = "20000000001";
/// The PSI Swagger example: right shape, wrong check digit.
const BAD_CHECK_DIGIT: &str = "29999999999";

fn niss(text: &str) -> Niss {
    Niss::from_wire(text)
}

fn money(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

fn cessar() -> cessar_vinculo::CessarVinculo {
    cessar_vinculo::CessarVinculo::new(
        niss(WORKER),
        d(2026, 4, 30),
        cessar_vinculo::MotivoFimVinculo::Ccct,
        cessar_vinculo::ComunicacaoDesemprego::V0,
    )
}

/// A valid Alterar Contrato request: termo certo, full time.
fn alterar() -> alterar_contrato::AlterarContratoTrabalho {
    alterar_contrato::AlterarContratoTrabalho::new(
        niss(WORKER),
        shared::ModalidadeContrato::E,
        d(2026, 6, 1),
        "93130",
        money(92000),
    )
    .with_prestacao_trabalho(shared::PrestacaoTrabalho::P)
    .with_fim_contrato(d(2026, 12, 31))
    .with_motivo_contrato(shared::MotivoContrato::Aeat)
}

/// A valid QLF body: termo certo, full time.
fn qlf_body() -> qlf::PedidoVinculoTrabalhadorDto {
    qlf::PedidoVinculoTrabalhadorDto::new(
        niss(EMPLOYER),
        niss(WORKER),
        d(1990, 3, 4),
        shared::ModalidadeContrato::E,
        shared::PrestacaoTrabalho::P,
        d(2026, 6, 1),
        "93130",
        money(92000),
        qlf::Enquadramento::Rege,
        1,
    )
    .with_fim_contrato(d(2026, 12, 31))
    .with_motivo_contrato(shared::MotivoContrato::Aeat)
}

/// A valid Comunicar Vínculo (SOAP) request: termo certo, full time.
fn registar() -> registar_vinculo::RegistarVinculoTrabalhador {
    registar_vinculo::RegistarVinculoTrabalhador::new(
        niss(WORKER),
        d(1990, 3, 4),
        shared::ModalidadeContrato::E,
        shared::PrestacaoTrabalho::P,
        d(2026, 6, 1),
        "93130",
        money(92000),
        1,
    )
    .with_fim_contrato(d(2026, 12, 31))
    .with_motivo_contrato(shared::MotivoContrato::Aeat)
}

fn dt(text: &str) -> DateTime {
    text.parse().expect("valid test date-time")
}

fn pesquisa_trabalhadores(inicio: &str, fim: &str) -> GetQualificacoesTrabalhadoresVinculadosEe {
    GetQualificacoesTrabalhadoresVinculadosEe::new(TrabalhadorVinculoEePesquisaSimplesPtvo::new(
        dt(&format!("{fim}T23:59:59Z")),
        dt(&format!("{inicio}T00:00:00Z")),
    ))
}

fn pesquisa_contratos(inicio: Date, fim: Date) -> PesquisaContratos {
    PesquisaContratos::new(inicio, fim)
}

/// The (field, rule) pairs of a validation, for compact assertions.
fn found(violations: &[Violation]) -> Vec<(&'static str, Rule)> {
    violations.iter().map(|v| (v.field, v.rule)).collect()
}

fn check(request: &impl Validate) -> Vec<(&'static str, Rule)> {
    found(&request.validate(today()))
}

// ---- the valid fixtures are valid --------------------------------------------------------------

#[test]
fn valid_requests_have_no_violations() {
    assert_eq!(check(&cessar()), []);
    assert_eq!(check(&alterar()), []);
    assert_eq!(check(&qlf_body()), []);
    assert_eq!(check(&registar()), []);
    assert_eq!(check(&pesquisa_trabalhadores("2026-01-01", "2026-03-31")), []);
    assert_eq!(check(&pesquisa_contratos(d(2026, 1, 1), d(2026, 12, 31))), []);
    assert_eq!(check(&PedidoEmissaoDocumentoPagamentoVo::new(Ambito::V11)), []);
}

// ---- one test per rule -----------------------------------------------------------------------

/// §5.2: every NISS a request carries passes the check-digit rule.
#[test]
fn niss_invalid() {
    let mut c = cessar();
    c.niss_trabalhador = niss(BAD_CHECK_DIGIT);
    let v = c.validate(today());
    assert_eq!(found(&v), [("niss-trabalhador", Rule::NissInvalid)]);
    assert!(!v[0].message.contains(BAD_CHECK_DIGIT), "the message repeats the NISS");
    assert!(v[0].message.contains("check digit"), "{}", v[0].message);

    let mut a = alterar();
    a.niss_trabalhador_substituir = Some(niss("1123456789"));
    assert_eq!(check(&a), [("niss-trabalhador-substituir", Rule::NissInvalid)]);

    let mut q = qlf_body();
    q.niss_entidade_empregadora = niss("31234567890");
    assert_eq!(check(&q), [("niss-entidade-empregadora", Rule::NissInvalid)]);
    let mut q = qlf_body();
    q.niss_trabalhador = niss("112****7892");
    assert_eq!(check(&q), [("niss-trabalhador", Rule::NissInvalid)]);

    let mut r = registar();
    r.niss_trabalhador = niss(BAD_CHECK_DIGIT);
    assert_eq!(check(&r), [("niss-trabalhador", Rule::NissInvalid)]);

    let mut t = pesquisa_trabalhadores("2026-01-01", "2026-01-31");
    t.trabalhador_vinculo_ee_pesquisa_simples_ptvo_1.niss_ps = Some(niss(WORKER));
    assert_eq!(check(&t), []);
    t.trabalhador_vinculo_ee_pesquisa_simples_ptvo_1.niss_ps = Some(niss(BAD_CHECK_DIGIT));
    assert_eq!(check(&t), [("nissPS", Rule::NissInvalid)]);

    let mut p = pesquisa_contratos(d(2026, 1, 1), d(2026, 1, 31));
    p.trabalhadores = Some(Trabalhadores::new(vec![niss(WORKER), niss(SUBSTITUTE)]));
    assert_eq!(check(&p), []);
    p.trabalhadores = Some(Trabalhadores::new(vec![niss(WORKER), niss(BAD_CHECK_DIGIT)]));
    assert_eq!(check(&p), [("niss-trabalhador", Rule::NissInvalid)]);
}

/// §7: a code outside the lists (an enum's `Unknown`) is refused in every request.
#[test]
fn unknown_code() {
    let mut c = cessar();
    c.motivo_fim_vinculo = cessar_vinculo::MotivoFimVinculo::from_wire("ZZZZ");
    c.comunicacao_desemprego = cessar_vinculo::ComunicacaoDesemprego::from_wire("2");
    assert_eq!(
        check(&c),
        [
            ("motivo-fim-vinculo", Rule::UnknownCode),
            ("comunicacao-desemprego", Rule::UnknownCode)
        ]
    );

    // An unknown modality only reports itself: the modality rules cannot apply.
    let mut a = alterar();
    a.modalidade_contrato = shared::ModalidadeContrato::from_wire("ZZ");
    a.prestacao_trabalho = Some(shared::PrestacaoTrabalho::from_wire("X"));
    assert_eq!(
        check(&a),
        [
            ("modalidade-contrato", Rule::UnknownCode),
            ("prestacao-trabalho", Rule::UnknownCode)
        ]
    );

    // RVEL exists only in Alterar Contrato (§7.3): the one motive type knows it, and says
    // the QLF service does not accept it.
    let mut q = qlf_body();
    q.motivo_contrato = Some(shared::MotivoContrato::from_wire("RVEL"));
    q.enquadramento = qlf::Enquadramento::from_wire("XXXX");
    assert_eq!(
        check(&q),
        [
            ("enquadramento", Rule::UnknownCode),
            ("motivo-contrato", Rule::CodeNotAccepted)
        ]
    );
    let mut a = alterar();
    a.motivo_contrato = Some(shared::MotivoContrato::Rvel);
    assert_eq!(check(&a), []);

    let mut r = registar();
    r.motivo_contrato = Some(shared::MotivoContrato::from_wire("RVEL"));
    assert_eq!(check(&r), [("motivo-contrato", Rule::CodeNotAccepted)]);

    let e = PedidoEmissaoDocumentoPagamentoVo::new(Ambito::from_wire("21"));
    assert_eq!(check(&e), [("ambito", Rule::UnknownCode)]);
}

/// §6.4 / §7.4: `fundamentacao` for RARC/RARD/RARE/RARR when `comunicacao-desemprego` = 1.
#[test]
fn fundamentacao_required() {
    use cessar_vinculo::{ComunicacaoDesemprego, MotivoFimVinculo};
    for motivo in [
        MotivoFimVinculo::Rarc,
        MotivoFimVinculo::Rard,
        MotivoFimVinculo::Rare,
        MotivoFimVinculo::Rarr,
    ] {
        let mut c = cessar();
        c.motivo_fim_vinculo = motivo.clone();
        c.comunicacao_desemprego = ComunicacaoDesemprego::V1;
        assert_eq!(check(&c), [("fundamentacao", Rule::FundamentacaoRequired)], "{motivo}");
        c.fundamentacao = Some("   ".into());
        assert_eq!(check(&c), [("fundamentacao", Rule::FundamentacaoRequired)], "{motivo}");
        c.fundamentacao = Some("Acordo de revogação nos termos do art. 10.º".into());
        assert_eq!(check(&c), [], "{motivo}");
        // Not communicated for unemployment purposes: not required.
        c.fundamentacao = None;
        c.comunicacao_desemprego = ComunicacaoDesemprego::V0;
        assert_eq!(check(&c), [], "{motivo}");
    }
    // Another revogação code does not need it.
    let mut c = cessar();
    c.motivo_fim_vinculo = MotivoFimVinculo::Raot;
    c.comunicacao_desemprego = ComunicacaoDesemprego::V1;
    assert_eq!(check(&c), []);
}

/// §6.4: `data-fim-vinculo` not in the future.
#[test]
fn data_fim_vinculo_in_future() {
    let mut c = cessar();
    c.data_fim_vinculo = today();
    assert_eq!(check(&c), []);
    c.data_fim_vinculo = d(2026, 5, 16);
    assert_eq!(check(&c), [("data-fim-vinculo", Rule::DataFimVinculoInFuture)]);
}

/// §6.4 (reported): `data-fim-vinculo` not more than 60 months in the past.
#[test]
fn data_fim_vinculo_too_old() {
    let mut c = cessar();
    c.data_fim_vinculo = d(2021, 5, 15);
    assert_eq!(check(&c), []);
    c.data_fim_vinculo = d(2021, 5, 14);
    assert_eq!(check(&c), [("data-fim-vinculo", Rule::DataFimVinculoTooOld)]);
}

/// §7.1 / §6.5 / §6.9: `fim-contrato` for termo certo; `I` only when communicating a bond.
#[test]
fn fim_contrato_required() {
    for code in ["E", "EA", "EB", "O", "F", "FA", "FB", "N"] {
        let mut a = alterar();
        a.modalidade_contrato = shared::ModalidadeContrato::from_wire(code);
        a.percentagem_trabalho = Some(money(5000));
        a.horas_trabalho = Some(money(2000));
        a.dias_trabalho = Some(money(300));
        a.fim_contrato = None;
        assert_eq!(check(&a), [("fim-contrato", Rule::FimContratoRequired)], "{code}");

        let mut q = qlf_body();
        q.modalidade_contrato = shared::ModalidadeContrato::from_wire(code);
        q.percentagem_trabalho = Some(money(5000));
        q.horas_trabalho = Some(money(2000));
        q.dias_trabalho = Some(money(300));
        assert_eq!(check(&q), [], "{code}");
        q.fim_contrato = None;
        assert_eq!(check(&q), [("fim-contrato", Rule::FimContratoRequired)], "{code}");
    }
    // Muito curta duração: required in §6.9 (and the §6.3 hypothesis), with no motivo.
    let mut q = qlf_body();
    q.modalidade_contrato = shared::ModalidadeContrato::I;
    q.motivo_contrato = None;
    assert_eq!(check(&q), []);
    q.fim_contrato = None;
    assert_eq!(check(&q), [("fim-contrato", Rule::FimContratoRequired)]);
    let mut r = registar();
    r.modalidade_contrato = shared::ModalidadeContrato::I;
    r.motivo_contrato = None;
    assert_eq!(check(&r), []);
    r.fim_contrato = None;
    assert_eq!(check(&r), [("fim-contrato", Rule::FimContratoRequired)]);
}

/// §7.1 / §6.5 / §6.9 / §7.7.6: `fim-contrato` omitted for sem termo and termo incerto.
#[test]
fn fim_contrato_not_allowed() {
    // Sem termo, full time: no motivo needed.
    for code in ["A", "C", "AA", "AB", "S"] {
        let mut a = alterar();
        a.modalidade_contrato = shared::ModalidadeContrato::from_wire(code);
        a.motivo_contrato = None;
        assert_eq!(check(&a), [("fim-contrato", Rule::FimContratoNotAllowed)], "{code}");
        a.fim_contrato = None;
        assert_eq!(check(&a), [], "{code}");
    }
    // Termo incerto, full time: motivo required, fim-contrato omitted.
    for code in ["G", "GA", "GB", "Q"] {
        let mut q = qlf_body();
        q.modalidade_contrato = shared::ModalidadeContrato::from_wire(code);
        let v = q.validate(today());
        assert_eq!(found(&v), [("fim-contrato", Rule::FimContratoNotAllowed)], "{code}");
        assert!(v[0].message.contains("DATA FIM CONTRATO COM FORMATO INVÁLIDO"));
        q.fim_contrato = None;
        assert_eq!(check(&q), [], "{code}");

        let mut r = registar();
        r.modalidade_contrato = shared::ModalidadeContrato::from_wire(code);
        assert_eq!(check(&r), [("fim-contrato", Rule::FimContratoNotAllowed)], "{code}");
    }
}

/// §7.1 / §6.5 / §6.9: `motivo-contrato` for termo certo (not `I`) and termo incerto.
#[test]
fn motivo_contrato_required() {
    let mut a = alterar();
    a.motivo_contrato = None;
    assert_eq!(check(&a), [("motivo-contrato", Rule::MotivoContratoRequired)]);

    let mut q = qlf_body();
    q.modalidade_contrato = shared::ModalidadeContrato::G;
    q.fim_contrato = None;
    assert_eq!(check(&q), []);
    q.motivo_contrato = None;
    assert_eq!(check(&q), [("motivo-contrato", Rule::MotivoContratoRequired)]);

    // Sem termo: not required.
    let mut r = registar();
    r.modalidade_contrato = shared::ModalidadeContrato::A;
    r.fim_contrato = None;
    r.motivo_contrato = None;
    assert_eq!(check(&r), []);
    r.modalidade_contrato = shared::ModalidadeContrato::E;
    r.fim_contrato = Some(d(2026, 12, 31));
    assert_eq!(check(&r), [("motivo-contrato", Rule::MotivoContratoRequired)]);
}

/// §7.3: the motive belongs to the modality's duration (termo certo / termo incerto column).
#[test]
fn motivo_contrato_not_for_modalidade() {
    // OMAP is termo incerto only.
    let mut a = alterar();
    a.motivo_contrato = Some(shared::MotivoContrato::Omap);
    assert_eq!(check(&a), [("motivo-contrato", Rule::MotivoContratoNotForModalidade)]);
    a.modalidade_contrato = shared::ModalidadeContrato::G;
    a.fim_contrato = None;
    assert_eq!(check(&a), []);

    // CTSD is termo certo only.
    let mut q = qlf_body();
    q.motivo_contrato = Some(shared::MotivoContrato::Ctsd);
    assert_eq!(check(&q), []);
    q.modalidade_contrato = shared::ModalidadeContrato::Q;
    q.fim_contrato = None;
    assert_eq!(check(&q), [("motivo-contrato", Rule::MotivoContratoNotForModalidade)]);
}

/// §7.3: STAJ, STAT, STLR, STTC need `niss-trabalhador-substituir`; others do not.
#[test]
fn niss_substituir_required() {
    use shared::MotivoContrato as M;
    for motivo in [M::Staj, M::Stat, M::Stlr, M::Sttc] {
        let mut a = alterar();
        a.motivo_contrato = Some(motivo.clone());
        assert_eq!(
            check(&a),
            [("niss-trabalhador-substituir", Rule::NissSubstituirRequired)],
            "{motivo}"
        );
        a.niss_trabalhador_substituir = Some(niss(SUBSTITUTE));
        assert_eq!(check(&a), [], "{motivo}");

        let mut r = registar();
        r.motivo_contrato = Some(shared::MotivoContrato::from_wire(motivo.as_str()));
        assert_eq!(
            check(&r),
            [("niss-trabalhador-substituir", Rule::NissSubstituirRequired)],
            "{motivo}"
        );
    }
    let mut q = qlf_body();
    q.motivo_contrato = Some(shared::MotivoContrato::Staj);
    assert_eq!(
        check(&q),
        [("niss-trabalhador-substituir", Rule::NissSubstituirRequired)]
    );
    q.niss_trabalhador_substituir = Some(niss(SUBSTITUTE));
    assert_eq!(check(&q), []);
    // STPS looks alike but needs no substitute.
    let mut q = qlf_body();
    q.motivo_contrato = Some(shared::MotivoContrato::Stps);
    assert_eq!(check(&q), []);
}

/// §7.1: part-time modalities need `percentagem-trabalho`, `horas-trabalho`, `dias-trabalho`.
#[test]
fn part_time_field_required() {
    let all_three = [
        ("percentagem-trabalho", Rule::PartTimeFieldRequired),
        ("horas-trabalho", Rule::PartTimeFieldRequired),
        ("dias-trabalho", Rule::PartTimeFieldRequired),
    ];
    // Sem termo part-time: no fim-contrato, no motivo.
    for code in ["B", "D", "BA", "BB", "R"] {
        let mut q = qlf_body();
        q.modalidade_contrato = shared::ModalidadeContrato::from_wire(code);
        q.fim_contrato = None;
        q.motivo_contrato = None;
        assert_eq!(check(&q), all_three, "{code}");
        q.percentagem_trabalho = Some(money(5000));
        q.horas_trabalho = Some(money(2000));
        assert_eq!(check(&q), [("dias-trabalho", Rule::PartTimeFieldRequired)], "{code}");
        q.dias_trabalho = Some(money(300));
        assert_eq!(check(&q), [], "{code}");
    }
    // Termo incerto part-time in Alterar Contrato and Comunicar Vínculo.
    for code in ["H", "HA", "HB", "P"] {
        let mut a = alterar();
        a.modalidade_contrato = shared::ModalidadeContrato::from_wire(code);
        a.fim_contrato = None;
        assert_eq!(check(&a), all_three, "{code}");
        let mut r = registar();
        r.modalidade_contrato = shared::ModalidadeContrato::from_wire(code);
        r.fim_contrato = None;
        assert_eq!(check(&r), all_three, "{code}");
    }
    // Full time needs none.
    assert_eq!(check(&alterar()), []);
}

/// §6.5: `inicio-contrato` at most 30 days after today.
#[test]
fn inicio_contrato_too_late() {
    let mut a = alterar();
    a.inicio_contrato = d(2026, 6, 14);
    assert_eq!(check(&a), []);
    a.inicio_contrato = d(2026, 6, 15);
    assert_eq!(check(&a), [("inicio-contrato", Rule::InicioContratoTooLate)]);
}

/// §6.5: `remuneracao-base` > 0.
#[test]
fn remuneracao_base_not_positive() {
    let mut a = alterar();
    a.remuneracao_base = money(1);
    assert_eq!(check(&a), []);
    for bad in [money(0), money(-100)] {
        a.remuneracao_base = bad;
        assert_eq!(check(&a), [("remuneracao-base", Rule::RemuneracaoBaseNotPositive)]);
    }
}

/// §6.5: `diuturnidades` > 0 when present.
#[test]
fn diuturnidades_not_positive() {
    let mut a = alterar();
    a.diuturnidades = Some(money(3500));
    assert_eq!(check(&a), []);
    a.diuturnidades = Some(money(0));
    assert_eq!(check(&a), [("diuturnidades", Rule::DiuturnidadesNotPositive)]);
}

/// §6.5 / §7.1: muito curta duração (`I`) cannot be altered.
#[test]
fn muito_curta_duracao_not_alterable() {
    let mut a = alterar();
    a.modalidade_contrato = shared::ModalidadeContrato::I;
    a.motivo_contrato = None;
    // Only this rule: the §6.5 fim-contrato column does not apply to I.
    assert_eq!(
        check(&a),
        [("modalidade-contrato", Rule::MuitoCurtaDuracaoNotAlterable)]
    );
    a.modalidade_contrato = shared::ModalidadeContrato::E;
    a.motivo_contrato = Some(shared::MotivoContrato::Aeat);
    assert_eq!(check(&a), []);
}

/// §6.5 / §6.9: `profissao` is a 5-digit CPP code.
#[test]
fn profissao_format() {
    for bad in ["9313", "931300", "9313A", "", " 93130"] {
        let mut a = alterar();
        a.profissao = bad.into();
        assert_eq!(check(&a), [("profissao", Rule::ProfissaoFormat)], "{bad:?}");
        let mut q = qlf_body();
        q.profissao = bad.into();
        assert_eq!(check(&q), [("profissao", Rule::ProfissaoFormat)], "{bad:?}");
        let mut r = registar();
        r.profissao = bad.into();
        assert_eq!(check(&r), [("profissao", Rule::ProfissaoFormat)], "{bad:?}");
    }
}

/// §6.1 (inferred) and §6.7: the period does not end before it starts.
#[test]
fn period_ends_before_start() {
    assert_eq!(check(&pesquisa_trabalhadores("2026-02-01", "2026-02-01")), []);
    assert_eq!(
        check(&pesquisa_trabalhadores("2026-02-01", "2026-01-31")),
        [("dataFimPesquisa", Rule::PeriodEndsBeforeStart)]
    );
    assert_eq!(check(&pesquisa_contratos(d(2026, 2, 1), d(2026, 2, 1))), []);
    assert_eq!(
        check(&pesquisa_contratos(d(2026, 2, 1), d(2026, 1, 31))),
        [("data-fim", Rule::PeriodEndsBeforeStart)]
    );
}

/// §6.1: the Consultar Trabalhadores window is at most 90 days (Consultar Contratos has no
/// documented limit).
#[test]
fn period_too_long() {
    // 2026-01-01 + 90 days = 2026-04-01.
    assert_eq!(check(&pesquisa_trabalhadores("2026-01-01", "2026-04-01")), []);
    let v = pesquisa_trabalhadores("2026-01-01", "2026-04-02").validate(today());
    assert_eq!(found(&v), [("dataFimPesquisa", Rule::PeriodTooLong)]);
    assert!(v[0].message.contains("91 days"), "{}", v[0].message);
    // The inner wrapper validates the same way.
    let inner = pesquisa_trabalhadores("2026-01-01", "2026-04-02").trabalhador_vinculo_ee_pesquisa_simples_ptvo_1;
    assert_eq!(check(&inner), [("dataFimPesquisa", Rule::PeriodTooLong)]);
    assert_eq!(check(&pesquisa_contratos(d(2020, 1, 1), d(2026, 12, 31))), []);
}

// ---- the API around the rules -------------------------------------------------------------------

#[test]
fn violations_print_field_and_message_and_rules_cite_the_reference() {
    let mut a = alterar();
    a.remuneracao_base = money(0);
    let v = a.validate(today());
    assert_eq!(v[0].to_string(), "remuneracao-base: must be greater than 0");
    assert_eq!(v[0].rule.reference(), "§6.5");
    assert_eq!(Rule::FundamentacaoRequired.reference(), "§6.4, §7.4");
    assert_eq!(Rule::PeriodTooLong.reference(), "§6.1");
}

#[test]
fn several_violations_are_all_reported() {
    let mut a = alterar();
    a.niss_trabalhador = niss(BAD_CHECK_DIGIT);
    a.modalidade_contrato = shared::ModalidadeContrato::F;
    a.fim_contrato = None;
    a.motivo_contrato = None;
    a.remuneracao_base = money(0);
    a.inicio_contrato = d(2027, 1, 1);
    assert_eq!(
        check(&a),
        [
            ("niss-trabalhador", Rule::NissInvalid),
            ("inicio-contrato", Rule::InicioContratoTooLate),
            ("remuneracao-base", Rule::RemuneracaoBaseNotPositive),
            ("fim-contrato", Rule::FimContratoRequired),
            ("motivo-contrato", Rule::MotivoContratoRequired),
            ("percentagem-trabalho", Rule::PartTimeFieldRequired),
            ("horas-trabalho", Rule::PartTimeFieldRequired),
            ("dias-trabalho", Rule::PartTimeFieldRequired),
        ]
    );
}
