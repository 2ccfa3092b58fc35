//! The values and requests the SOAP client tests send, and every SOAP operation as a call.

use psi_client::api::{
    alterar_contrato, cessar_vinculo, consultar_contratos, consultar_trabalhadores, gestao_ficheiro,
    obter_comunicacoes, registar_periodo_rendimento, registar_vinculo, shared, sioe_directory,
};
use psi_client::rt::{Config, Date, DateTime, Decimal, Error, Niss};
use psi_tests::sim::Cred;
use psi_tests::soap_wire::*;

pub(crate) fn niss(s: &str) -> Niss {
    Niss::new(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

pub(crate) fn date(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd_opt(y, m, d).expect("a real date")
}

pub(crate) fn utc(y: i32, m: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime {
    DateTime::utc(date(y, m, d).and_hms_opt(h, mi, s).expect("a real time"))
}

pub(crate) fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

pub(crate) fn cessar_request() -> cessar_vinculo::CessarVinculo {
    cessar_vinculo::CessarVinculo::new(
        niss("29999999991"),
        date(2024, 1, 31),
        cessar_vinculo::MotivoFimVinculo::Rarc,
        cessar_vinculo::ComunicacaoDesemprego::V1,
    )
    .with_fundamentacao("Extinção do posto & reestruturação <interna>")
}

pub(crate) fn alterar_request() -> alterar_contrato::AlterarContratoTrabalho {
    alterar_contrato::AlterarContratoTrabalho::new(
        niss("29999999991"),
        shared::ModalidadeContrato::F,
        date(2024, 2, 1),
        "93130",
        dec("600.00"),
    )
    .with_prestacao_trabalho(shared::PrestacaoTrabalho::P)
    .with_fim_contrato(date(2024, 7, 31))
    .with_diuturnidades(dec("25.50"))
    .with_percentagem_trabalho(dec("50"))
    .with_horas_trabalho(dec("20"))
    .with_dias_trabalho(dec("5"))
    .with_motivo_contrato(shared::MotivoContrato::Staj)
    .with_niss_trabalhador_substituir(niss("19999999990"))
}

pub(crate) fn registar_vinculo_request() -> registar_vinculo::RegistarVinculoTrabalhador {
    registar_vinculo::RegistarVinculoTrabalhador::new(
        niss("11234567892"),
        date(1990, 1, 31),
        shared::ModalidadeContrato::E,
        shared::PrestacaoTrabalho::A,
        date(2024, 2, 1),
        "93130",
        dec("900.00"),
        1,
    )
    .with_fim_contrato(date(2024, 7, 31))
    .with_motivo_contrato(shared::MotivoContrato::S2mt)
}

pub(crate) fn registar_periodo_request() -> registar_periodo_rendimento::RegistarPeriodoRendimentoContratoTrabalho {
    registar_periodo_rendimento::RegistarPeriodoRendimentoContratoTrabalho::new(
        niss("29999999991"),
        date(2024, 3, 1),
        dec("950.00"),
    )
    .with_diuturnidades(dec("30.00"))
}

pub(crate) fn pesquisa_contratos_request() -> consultar_contratos::PesquisaContratos {
    consultar_contratos::PesquisaContratos::new(date(2024, 1, 1), date(2024, 1, 31)).with_trabalhadores(
        consultar_contratos::Trabalhadores::new(vec![niss("29999999991"), niss("12345678902")]),
    )
}

pub(crate) fn get_dados_contratos_request() -> consultar_contratos::GetDadosContratos {
    consultar_contratos::GetDadosContratos::new("0123456789abcdef")
}

pub(crate) fn obter_comunicacoes_request() -> obter_comunicacoes::ObterComunicacoes {
    obter_comunicacoes::ObterComunicacoes::new().with_list_niss_trabalhador(
        obter_comunicacoes::ListNissTrabalhador::new(vec![niss("29999999991"), niss("15555555550")]),
    )
}

pub(crate) fn get_qualificacoes_request(
    niss_ps: Option<Niss>,
) -> consultar_trabalhadores::GetQualificacoesTrabalhadoresVinculadosEe {
    let mut pesquisa = consultar_trabalhadores::TrabalhadorVinculoEePesquisaSimplesPtvo::new(
        utc(2024, 3, 31, 23, 59, 59),
        utc(2024, 1, 2, 0, 0, 0),
    );
    pesquisa.niss_ps = niss_ps;
    consultar_trabalhadores::GetQualificacoesTrabalhadoresVinculadosEe::new(pesquisa)
}

pub(crate) fn get_dados_request() -> consultar_trabalhadores::GetDados {
    consultar_trabalhadores::GetDados::new("f3c1a2b4-0000-4000-8000-000000000001")
}

pub(crate) fn consultar_ficheiro_request() -> gestao_ficheiro::ConsultarFicheiro {
    gestao_ficheiro::ConsultarFicheiro::new(12345678)
}

pub(crate) fn sioe_search_request() -> sioe_directory::Search {
    sioe_directory::Search::new(
        sioe_directory::SearchRequest::new(100, 1).with_classe(sioe_directory::Classe::Entidade),
    )
}

pub(crate) fn sioe_get_request() -> sioe_directory::Get {
    sioe_directory::Get::new(sioe_directory::GetRequest::new("123456789").with_incluir_historico(false))
}

/// A call of one operation whose outcome is reduced to `Result<(), Error>`.
pub(crate) type Call = Box<dyn Fn(Config) -> Result<(), Error>>;

/// Every SOAP operation of every generated SOAP module, with the credential its tests use.
pub(crate) fn every_operation() -> Vec<(&'static Op, Cred, Call)> {
    vec![
        (
            &CESSAR,
            Cred::Basic,
            Box::new(|c| {
                cessar_vinculo::BlockingClient::new(c)
                    .cessar_vinculo(&cessar_request())
                    .map(drop)
            }),
        ),
        (
            &ALTERAR,
            Cred::Bearer,
            Box::new(|c| {
                alterar_contrato::BlockingClient::new(c)
                    .alterar_contrato_trabalho(&alterar_request())
                    .map(drop)
            }),
        ),
        (
            &REGISTAR_VINCULO,
            Cred::Basic,
            Box::new(|c| {
                registar_vinculo::BlockingClient::new(c)
                    .registar_vinculo_trabalhador(&registar_vinculo_request())
                    .map(drop)
            }),
        ),
        (
            &REGISTAR_PERIODO,
            Cred::Bearer,
            Box::new(|c| {
                registar_periodo_rendimento::BlockingClient::new(c)
                    .registar_periodo_rendimento_contrato_trabalho(&registar_periodo_request())
                    .map(drop)
            }),
        ),
        (
            &PESQUISA_CONTRATOS,
            Cred::Basic,
            Box::new(|c| {
                consultar_contratos::BlockingClient::new(c)
                    .pesquisa_contratos(&pesquisa_contratos_request())
                    .map(drop)
            }),
        ),
        (
            &GET_DADOS_CONTRATOS,
            Cred::Bearer,
            Box::new(|c| {
                consultar_contratos::BlockingClient::new(c)
                    .get_dados_contratos(&get_dados_contratos_request())
                    .map(drop)
            }),
        ),
        (
            &OBTER_COMUNICACOES,
            Cred::Bearer,
            Box::new(|c| {
                obter_comunicacoes::BlockingClient::new(c)
                    .obter_comunicacoes(&obter_comunicacoes_request())
                    .map(drop)
            }),
        ),
        (
            &GET_QUALIFICACOES,
            Cred::Basic,
            Box::new(|c| {
                consultar_trabalhadores::BlockingClient::new(c)
                    .get_qualificacoes_trabalhadores_vinculados_ee(&get_qualificacoes_request(Some(niss(
                        "29999999991",
                    ))))
                    .map(drop)
            }),
        ),
        (
            &GET_DADOS,
            Cred::Bearer,
            Box::new(|c| {
                consultar_trabalhadores::BlockingClient::new(c)
                    .get_dados(&get_dados_request())
                    .map(drop)
            }),
        ),
        (
            &CONSULTAR_FICHEIRO,
            Cred::Basic,
            Box::new(|c| {
                gestao_ficheiro::BlockingClient::new(c)
                    .consultar_ficheiro(&consultar_ficheiro_request())
                    .map(drop)
            }),
        ),
        (
            &SIOE_SEARCH,
            Cred::None,
            Box::new(|c| {
                sioe_directory::BlockingClient::new(c)
                    .search(&sioe_search_request())
                    .map(drop)
            }),
        ),
        (
            &SIOE_GET,
            Cred::None,
            Box::new(|c| {
                sioe_directory::BlockingClient::new(c)
                    .get(&sioe_get_request())
                    .map(drop)
            }),
        ),
    ]
}
