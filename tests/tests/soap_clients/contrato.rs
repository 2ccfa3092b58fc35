//! The contrato family: Cessar Vínculo (§6.4), Alterar Contrato (§6.5), Comunicar Vínculo
//! (§6.3), Adicionar Período de Rendimento (§6.6), Consultar Contratos (§6.7) and Consultar
//! Comunicações (§6.8).

use psi_client::api::{
    alterar_contrato, cessar_vinculo, consultar_contratos, obter_comunicacoes, registar_periodo_rendimento,
    registar_vinculo, shared,
};
use psi_client::rt::Base64;
use psi_tests::sim::{self, Cred, exchange};
use psi_tests::soap as answer;
use psi_tests::soap_wire::*;

use super::requests::*;

// ---- Cessar Vínculo (§6.4) ---------------------------------------------------------------

#[test]
fn cessar_vinculo_request_and_success() {
    let body = format!(
        "<ns2:cessarVinculoResponse xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo-resultado></ns2:cessarVinculoResponse>"
    );
    let (result, seen) = exchange(Cred::Basic, answer::ok(CESSAR.name, "soap", &body), |c| {
        cessar_vinculo::BlockingClient::new(c).cessar_vinculo(&cessar_request())
    });
    assert_http(&seen, &CESSAR, Cred::Basic);
    let sent = seen.body_text();
    let doc = parse(&sent);
    let op = operation(&doc, VO, "cessarVinculo");
    assert_children(
        op,
        None,
        &[
            ("niss-trabalhador", "29999999991"),
            ("data-fim-vinculo", "2024-01-31"),
            ("motivo-fim-vinculo", "RARC"),
            ("comunicacao-desemprego", "1"),
            ("fundamentacao", "Extinção do posto & reestruturação <interna>"),
        ],
    );
    assert_eq!(result.unwrap(), cessar_vinculo::CessarVinculoResponse::new(1));
}

#[test]
fn cessar_vinculo_short_code_no_optional_and_business_error() {
    let mut request = cessar_request();
    request.motivo_fim_vinculo = cessar_vinculo::MotivoFimVinculo::Cdt;
    request.comunicacao_desemprego = cessar_vinculo::ComunicacaoDesemprego::V0;
    request.fundamentacao = None;
    let body = format!(
        "<vo:cessarVinculoResponse xmlns:vo=\"{VO}\">\n  <codigo-resultado>3</codigo-resultado>\n  \
         <mensagens-erro>DATA FIM VÍNCULO SUPERIOR À DATA ATUAL</mensagens-erro>\n</vo:cessarVinculoResponse>"
    );
    let (result, seen) = exchange(Cred::Bearer, answer::ok(CESSAR.name, "S", &body), |c| {
        cessar_vinculo::BlockingClient::new(c).cessar_vinculo(&request)
    });
    assert_http(&seen, &CESSAR, Cred::Bearer);
    let sent = seen.body_text();
    let doc = parse(&sent);
    // CDT is not padded to four characters; an absent optional is omitted, not sent empty (§5.8, §7.4).
    assert_children(
        operation(&doc, VO, "cessarVinculo"),
        None,
        &[
            ("niss-trabalhador", "29999999991"),
            ("data-fim-vinculo", "2024-01-31"),
            ("motivo-fim-vinculo", "CDT"),
            ("comunicacao-desemprego", "0"),
        ],
    );
    let r = result.unwrap();
    assert_eq!(r.codigo_resultado, 3);
    assert_eq!(
        r.mensagens_erro.as_deref(),
        Some("DATA FIM VÍNCULO SUPERIOR À DATA ATUAL")
    );
}

// ---- Alterar Contrato (§6.5) -------------------------------------------------------------

#[test]
fn alterar_contrato_request_and_success() {
    let body = format!(
        "<ns3:alterarContratoTrabalhoResponse xmlns:ns3=\"{VO}\"><codigo-resultado>3</codigo-resultado>\
         <mensagens-erro>CONTRATO DE MUITO CURTA DURAÇÃO NÃO PODE SER ALTERADO</mensagens-erro></ns3:alterarContratoTrabalhoResponse>"
    );
    let (result, seen) = exchange(Cred::Bearer, answer::ok(ALTERAR.name, "env", &body), |c| {
        alterar_contrato::BlockingClient::new(c).alterar_contrato_trabalho(&alterar_request())
    });
    assert_http(&seen, &ALTERAR, Cred::Bearer);
    let sent = seen.body_text();
    let doc = parse(&sent);
    // 13 fields in free order (xs:all).
    assert_children_any_order(
        operation(&doc, VO, "alterarContratoTrabalho"),
        None,
        &[
            ("niss-trabalhador", "29999999991"),
            ("modalidade-contrato", "F"),
            ("prestacao-trabalho", "P"),
            ("inicio-contrato", "2024-02-01"),
            ("fim-contrato", "2024-07-31"),
            ("profissao", "93130"),
            ("remuneracao-base", "600.00"),
            ("diuturnidades", "25.50"),
            ("percentagem-trabalho", "50"),
            ("horas-trabalho", "20"),
            ("dias-trabalho", "5"),
            ("motivo-contrato", "STAJ"),
            ("niss-trabalhador-substituir", "19999999990"),
        ],
    );
    assert_eq!(
        result.unwrap(),
        alterar_contrato::AlterarContratoTrabalhoResponse::new(3)
            .with_mensagens_erro("CONTRATO DE MUITO CURTA DURAÇÃO NÃO PODE SER ALTERADO")
    );
}

#[test]
fn alterar_contrato_sem_termo_omits_the_optional_fields() {
    let mut request = alterar_request();
    request.modalidade_contrato = shared::ModalidadeContrato::A;
    request.prestacao_trabalho = None;
    request.fim_contrato = None;
    request.diuturnidades = None;
    request.percentagem_trabalho = None;
    request.horas_trabalho = None;
    request.dias_trabalho = None;
    request.motivo_contrato = None;
    request.niss_trabalhador_substituir = None;
    let body = format!(
        "<a:alterarContratoTrabalhoResponse xmlns:a=\"{VO}\"><codigo-resultado>1</codigo-resultado></a:alterarContratoTrabalhoResponse>"
    );
    let (result, seen) = exchange(Cred::Basic, answer::ok(ALTERAR.name, "soap", &body), |c| {
        alterar_contrato::BlockingClient::new(c).alterar_contrato_trabalho(&request)
    });
    assert_http(&seen, &ALTERAR, Cred::Basic);
    let sent = seen.body_text();
    let doc = parse(&sent);
    // An empty fim-contrato is rejected by the PSI ("DATA FIM CONTRATO COM FORMATO INVÁLIDO"):
    // absent means omitted.
    assert_children_any_order(
        operation(&doc, VO, "alterarContratoTrabalho"),
        None,
        &[
            ("niss-trabalhador", "29999999991"),
            ("modalidade-contrato", "A"),
            ("inicio-contrato", "2024-02-01"),
            ("profissao", "93130"),
            ("remuneracao-base", "600.00"),
        ],
    );
    assert_eq!(result.unwrap().codigo_resultado, 1);
}

// ---- Comunicar Vínculo, Regime Geral (§6.3, hypothesis) ----------------------------------

#[test]
fn registar_vinculo_request_and_success() {
    let body = format!(
        "<ns2:registarVinculoTrabalhadorResponse xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo-resultado></ns2:registarVinculoTrabalhadorResponse>"
    );
    let (result, seen) = exchange(Cred::Basic, answer::ok(REGISTAR_VINCULO.name, "soapenv", &body), |c| {
        registar_vinculo::BlockingClient::new(c).registar_vinculo_trabalhador(&registar_vinculo_request())
    });
    assert_http(&seen, &REGISTAR_VINCULO, Cred::Basic);
    let sent = seen.body_text();
    let doc = parse(&sent);
    assert_children(
        operation(&doc, VO, "registarVinculoTrabalhador"),
        None,
        &[
            ("niss-trabalhador", "11234567892"),
            ("data-nascimento", "1990-01-31"),
            ("modalidade-contrato", "E"),
            ("prestacao-trabalho", "A"),
            ("inicio-contrato", "2024-02-01"),
            ("fim-contrato", "2024-07-31"),
            ("profissao", "93130"),
            ("remuneracao-base", "900.00"),
            ("local-trabalho", "1"),
            ("motivo-contrato", "S2MT"),
        ],
    );
    assert_eq!(
        result.unwrap(),
        registar_vinculo::RegistarVinculoTrabalhadorResponse::new(1)
    );
}

// ---- Adicionar Período de Rendimento (§6.6, hypothesis) ----------------------------------

#[test]
fn registar_periodo_rendimento_request_and_success() {
    let body = format!(
        "<ns2:registarPeriodoRendimentoContratoTrabalhoResponse xmlns:ns2=\"{VO}\">\
         <codigo-resultado>1</codigo-resultado><mensagens-erro></mensagens-erro>\
         </ns2:registarPeriodoRendimentoContratoTrabalhoResponse>"
    );
    let (result, seen) = exchange(Cred::Bearer, answer::ok(REGISTAR_PERIODO.name, "soap", &body), |c| {
        registar_periodo_rendimento::BlockingClient::new(c)
            .registar_periodo_rendimento_contrato_trabalho(&registar_periodo_request())
    });
    assert_http(&seen, &REGISTAR_PERIODO, Cred::Bearer);
    let sent = seen.body_text();
    let doc = parse(&sent);
    assert_children(
        operation(&doc, VO, "registarPeriodoRendimentoContratoTrabalho"),
        None,
        &[
            ("niss-trabalhador", "29999999991"),
            ("data-inicio", "2024-03-01"),
            ("remuneracao-base", "950.00"),
            ("diuturnidades", "30.00"),
        ],
    );
    let r = result.unwrap();
    assert_eq!(r.codigo_resultado, 1);
    assert_eq!(
        r.mensagens_erro.as_deref().unwrap_or(""),
        "",
        "an empty mensagens-erro is no message"
    );
}

// ---- Consultar Contratos (§6.7) ----------------------------------------------------------

#[test]
fn pesquisa_contratos_request_and_success() {
    let body = format!(
        "<ns2:pesquisaContratosResponse xmlns:ns2=\"{VO}\"><chave>a1b2c3d4e5f60718</chave></ns2:pesquisaContratosResponse>"
    );
    let (result, seen) = exchange(Cred::Basic, answer::ok(PESQUISA_CONTRATOS.name, "soap", &body), |c| {
        consultar_contratos::BlockingClient::new(c).pesquisa_contratos(&pesquisa_contratos_request())
    });
    assert_http(&seen, &PESQUISA_CONTRATOS, Cred::Basic);
    let sent = seen.body_text();
    let doc = parse(&sent);
    let op = operation(&doc, VO, "pesquisaContratos");
    assert_children(
        op,
        None,
        &[
            ("data-inicio", "2024-01-01"),
            ("data-fim", "2024-01-31"),
            ("trabalhadores", ""),
        ],
    );
    assert_children(
        child(op, "trabalhadores"),
        None,
        &[("niss-trabalhador", "29999999991"), ("niss-trabalhador", "12345678902")],
    );
    assert_eq!(
        result.unwrap(),
        consultar_contratos::PesquisaContratosResponse::new().with_chave("a1b2c3d4e5f60718")
    );
}

#[test]
fn pesquisa_contratos_for_all_workers_omits_trabalhadores() {
    let mut request = pesquisa_contratos_request();
    request.trabalhadores = None;
    let body = format!(
        "<ns2:pesquisaContratosResponse xmlns:ns2=\"{VO}\"><mensagens-erro>DATA FIM ANTERIOR À DATA INÍCIO</mensagens-erro></ns2:pesquisaContratosResponse>"
    );
    let (result, seen) = exchange(Cred::Basic, answer::ok(PESQUISA_CONTRATOS.name, "soap", &body), |c| {
        consultar_contratos::BlockingClient::new(c).pesquisa_contratos(&request)
    });
    let sent = seen.body_text();
    let doc = parse(&sent);
    assert_children(
        operation(&doc, VO, "pesquisaContratos"),
        None,
        &[("data-inicio", "2024-01-01"), ("data-fim", "2024-01-31")],
    );
    let r = result.unwrap();
    assert_eq!(r.chave, None);
    assert_eq!(r.mensagens_erro.as_deref(), Some("DATA FIM ANTERIOR À DATA INÍCIO"));
}

/// A `contrato` record as the PSI sends it (§6.7), kebab-case and unqualified.
pub(crate) const CONTRATO_PARCIAL: &str = "<contrato>\
    <niss-trabalhador>29999999991</niss-trabalhador><nome-trabalhador>J*** S****</nome-trabalhador>\
    <modalidade-contrato>F</modalidade-contrato><prestacao-trabalho>T</prestacao-trabalho>\
    <inicio-contrato>2024-02-01</inicio-contrato><fim-contrato>2024-07-31</fim-contrato>\
    <inicio-informacao-contrato>2024-02-01</inicio-informacao-contrato><fim-informacao-contrato>2024-07-31</fim-informacao-contrato>\
    <profissao>93130</profissao><remuneracao-base>600.00</remuneracao-base><diuturnidades>25.5</diuturnidades>\
    <percentagem-trabalho>50</percentagem-trabalho><horas-trabalho>20</horas-trabalho><dias-trabalho>5</dias-trabalho>\
    <motivo-contrato>STAJ</motivo-contrato><niss-trabalhador-substituir>19999999990</niss-trabalhador-substituir>\
    <nome-trabalhador-substituir>M*** R****</nome-trabalhador-substituir></contrato>";

#[test]
fn get_dados_contratos_request_and_inline_contracts() {
    let body = format!(
        "<ns2:getDadosContratosResponse xmlns:ns2=\"{VO}\">\n<codigo-resultado>1</codigo-resultado>\n<contratos>{CONTRATO_PARCIAL}\
         <contrato><niss-trabalhador>12345678902</niss-trabalhador><nome-trabalhador>A*** B****</nome-trabalhador>\
         <modalidade-contrato>A</modalidade-contrato><prestacao-trabalho>P</prestacao-trabalho>\
         <inicio-contrato>2020-09-01</inicio-contrato><inicio-informacao-contrato>2023-01-01</inicio-informacao-contrato>\
         <fim-informacao-contrato>9999-12-31</fim-informacao-contrato><profissao>25120</profissao>\
         <remuneracao-base>1850.75</remuneracao-base></contrato></contratos>\n</ns2:getDadosContratosResponse>"
    );
    let (result, seen) = exchange(Cred::Bearer, answer::ok(GET_DADOS_CONTRATOS.name, "soap", &body), |c| {
        consultar_contratos::BlockingClient::new(c).get_dados_contratos(&get_dados_contratos_request())
    });
    assert_http(&seen, &GET_DADOS_CONTRATOS, Cred::Bearer);
    let sent = seen.body_text();
    let doc = parse(&sent);
    assert_children(
        operation(&doc, VO, "getDadosContratos"),
        None,
        &[("chave", "0123456789abcdef")],
    );

    let r = result.unwrap();
    assert_eq!(r.codigo_resultado, 1);
    assert_eq!(r.mensagens_erro, None);
    assert_eq!(r.ficheiro_dados, None);
    let contratos = r.contratos.expect("contratos").contrato;
    assert_eq!(contratos.len(), 2);
    assert_eq!(
        contratos[0],
        consultar_contratos::Contrato::new()
            .with_niss_trabalhador(niss("29999999991"))
            .with_nome_trabalhador("J*** S****")
            .with_modalidade_contrato(shared::ModalidadeContrato::F)
            .with_prestacao_trabalho(shared::PrestacaoTrabalho::T)
            .with_inicio_contrato(date(2024, 2, 1))
            .with_fim_contrato(date(2024, 7, 31))
            .with_inicio_informacao_contrato(date(2024, 2, 1))
            .with_fim_informacao_contrato(date(2024, 7, 31))
            .with_profissao("93130")
            .with_remuneracao_base(dec("600.00"))
            .with_diuturnidades(dec("25.5"))
            .with_percentagem_trabalho(dec("50"))
            .with_horas_trabalho(dec("20"))
            .with_dias_trabalho(dec("5"))
            .with_motivo_contrato(shared::MotivoContrato::Staj)
            .with_niss_trabalhador_substituir(niss("19999999990"))
            .with_nome_trabalhador_substituir("M*** R****")
    );
    let b = &contratos[1];
    assert_eq!(
        (b.modalidade_contrato.clone(), b.fim_contrato, b.motivo_contrato.clone()),
        (Some(shared::ModalidadeContrato::A), None, None)
    );
    assert_eq!(b.fim_informacao_contrato, Some(date(9999, 12, 31)));
    assert_eq!(b.remuneracao_base, Some(dec("1850.75")));
}

#[test]
fn get_dados_contratos_still_processing() {
    let body = format!(
        "<ns2:getDadosContratosResponse xmlns:ns2=\"{VO}\"><codigo-resultado>0</codigo-resultado>\
         <mensagens-erro>O pedido ainda não foi processado. Tente mais tarde.</mensagens-erro></ns2:getDadosContratosResponse>"
    );
    let (result, _) = exchange(Cred::Basic, answer::ok(GET_DADOS_CONTRATOS.name, "soap", &body), |c| {
        consultar_contratos::BlockingClient::new(c).get_dados_contratos(&get_dados_contratos_request())
    });
    let r = result.unwrap();
    assert_eq!((r.codigo_resultado, r.contratos, r.ficheiro_dados), (0, None, None));
    assert!(r.mensagens_erro.unwrap().contains("não foi processado"));
}

/// A stand-in for the ZIP of `ficheiro-dados` (ASCII, so it travels in a text answer).
const ZIP: &[u8] = b"PK\x03\x04\x14\x00\x08\x00contratos.xml";

#[test]
fn get_dados_contratos_inline_base64_file() {
    let body = format!(
        "<ns2:getDadosContratosResponse xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo-resultado>\
         <ficheiro-dados>UEsDBBQACABjb250\ncmF0b3MueG1s</ficheiro-dados></ns2:getDadosContratosResponse>"
    );
    let (result, _) = exchange(Cred::Basic, answer::ok(GET_DADOS_CONTRATOS.name, "soap", &body), |c| {
        consultar_contratos::BlockingClient::new(c).get_dados_contratos(&get_dados_contratos_request())
    });
    let r = result.unwrap();
    assert_eq!(r.ficheiro_dados, Some(Base64(ZIP.to_vec())));
    assert_eq!(r.contratos, None);
}

/// At 500 contracts or more the file comes as an MTOM/XOP attachment (§5.7): the client must
/// return the attachment's bytes in `ficheiro_dados`.
#[test]
fn get_dados_contratos_mtom_attachment() {
    let envelope = answer::envelope(
        "soap",
        &format!(
            "<ns2:getDadosContratosResponse xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo-resultado>\
             <ficheiro-dados><xop:Include xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" \
             href=\"cid:5aeaa450-17f0-4484-b845-a8480c363444-1%40cxf.apache.org\"/></ficheiro-dados>\
             </ns2:getDadosContratosResponse>"
        ),
    );
    let zip = std::str::from_utf8(ZIP).expect("ASCII");
    let body = format!(
        "--uuid:b1\r\nContent-Type: application/xop+xml; charset=UTF-8; type=\"text/xml\"\r\n\
         Content-Transfer-Encoding: binary\r\nContent-ID: <root.message@cxf.apache.org>\r\n\r\n{envelope}\r\n\
         --uuid:b1\r\nContent-Type: application/zip\r\nContent-Transfer-Encoding: binary\r\n\
         Content-ID: <5aeaa450-17f0-4484-b845-a8480c363444-1@cxf.apache.org>\r\n\r\n{zip}\r\n--uuid:b1--\r\n"
    );
    let ct = "multipart/related; type=\"application/xop+xml\"; boundary=\"uuid:b1\"; \
              start=\"<root.message@cxf.apache.org>\"; start-info=\"text/xml\"";
    let (result, _) = exchange(
        Cred::Basic,
        sim::raw(GET_DADOS_CONTRATOS.name, 200, Some(ct), body),
        |c| consultar_contratos::BlockingClient::new(c).get_dados_contratos(&get_dados_contratos_request()),
    );
    let r = result.unwrap();
    assert_eq!(r.codigo_resultado, 1);
    assert_eq!(
        r.ficheiro_dados,
        Some(Base64(ZIP.to_vec())),
        "the xop:Include must resolve to the attachment's bytes"
    );
}

// ---- Consultar Comunicações (§6.8) -------------------------------------------------------

#[test]
fn obter_comunicacoes_request_and_success() {
    let body = format!(
        "<ns2:obterComunicacoesResponse xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo-resultado>\
         <comunicacao><tipoComunicacao>0</tipoComunicacao><nissTrabalhador>29999999991</nissTrabalhador>\
         <nomeTrabalhador>J*** S****</nomeTrabalhador><dataNascimento>1990-01-31</dataNascimento>\
         <dataComunicacao>2024-02-01T10:15:00</dataComunicacao><inicioContrato>2024-02-05</inicioContrato>\
         <motivo></motivo><localTrabalho>1</localTrabalho><dataProcessamento>2024-02-02</dataProcessamento>\
         <taxa>34.75</taxa></comunicacao>\
         <comunicacao><tipoComunicacao>1</tipoComunicacao><nissTrabalhador>15555555550</nissTrabalhador>\
         <nomeTrabalhador>A*** B****</nomeTrabalhador><dataNascimento>1985-06-15</dataNascimento>\
         <dataComunicacao>2024-01-20</dataComunicacao><inicioContrato>2024-01-22</inicioContrato>\
         <motivo>NISS DO TRABALHADOR INEXISTENTE</motivo><localTrabalho>2</localTrabalho>\
         <dataProcessamento>2024-01-21</dataProcessamento><taxa>23.75</taxa></comunicacao>\
         </ns2:obterComunicacoesResponse>"
    );
    let (result, seen) = exchange(Cred::Bearer, answer::ok(OBTER_COMUNICACOES.name, "soap", &body), |c| {
        obter_comunicacoes::BlockingClient::new(c).obter_comunicacoes(&obter_comunicacoes_request())
    });
    assert_http(&seen, &OBTER_COMUNICACOES, Cred::Bearer);
    let sent = seen.body_text();
    let doc = parse(&sent);
    let op = operation(&doc, VO, "obterComunicacoes");
    assert_children(op, None, &[("list-niss-trabalhador", "")]);
    assert_children(
        child(op, "list-niss-trabalhador"),
        None,
        &[("niss-trabalhador", "29999999991"), ("niss-trabalhador", "15555555550")],
    );

    let r = result.unwrap();
    assert_eq!((r.codigo_resultado, r.mensagens_erro.clone()), (1, None));
    assert_eq!(r.comunicacao.len(), 2);
    assert_eq!(
        r.comunicacao[0],
        obter_comunicacoes::Comunicacao::new()
            .with_tipo_comunicacao(obter_comunicacoes::TipoComunicacao::V0)
            .with_niss_trabalhador(niss("29999999991"))
            .with_nome_trabalhador("J*** S****")
            .with_data_nascimento(date(1990, 1, 31))
            .with_data_comunicacao("2024-02-01T10:15:00")
            .with_inicio_contrato(date(2024, 2, 5))
            .with_motivo(String::new())
            .with_local_trabalho("1")
            .with_data_processamento(date(2024, 2, 2))
            .with_taxa(dec("34.75"))
    );
    let rejected = &r.comunicacao[1];
    assert_eq!(rejected.tipo_comunicacao, Some(obter_comunicacoes::TipoComunicacao::V1));
    assert_eq!(rejected.motivo.as_deref(), Some("NISS DO TRABALHADOR INEXISTENTE"));
    assert_eq!(rejected.taxa, Some(dec("23.75")));
}

#[test]
fn obter_comunicacoes_for_all_workers_and_no_results() {
    let request = obter_comunicacoes::ObterComunicacoes::new();
    let body = format!(
        "<ns2:obterComunicacoesResponse xmlns:ns2=\"{VO}\"><codigo-resultado>4</codigo-resultado>\
         <mensagens-erro>Não existem comunicações</mensagens-erro></ns2:obterComunicacoesResponse>"
    );
    let (result, seen) = exchange(Cred::Basic, answer::ok(OBTER_COMUNICACOES.name, "S", &body), |c| {
        obter_comunicacoes::BlockingClient::new(c).obter_comunicacoes(&request)
    });
    let sent = seen.body_text();
    let doc = parse(&sent);
    assert_children(operation(&doc, VO, "obterComunicacoes"), None, &[]);
    let r = result.unwrap();
    assert_eq!(r.codigo_resultado, 4);
    assert!(r.comunicacao.is_empty());
}
