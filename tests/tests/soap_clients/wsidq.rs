//! Consultar Trabalhadores, WSIDQ (§6.1): WS-Addressing, the nillable `nissPS`, the two
//! steps' answers.

use psi_client::api::consultar_trabalhadores;
use psi_client::rt::Config;
use psi_tests::sim::{self, Cred, exchange};
use psi_tests::soap as answer;
use psi_tests::soap_wire::*;

use super::requests::*;

#[test]
fn get_qualificacoes_request_and_success() {
    let body = format!(
        "<ns2:getQualificacoesTrabalhadoresVinculadosEEResponse xmlns:ns2=\"{WSIDQ}\">\
         <chave>8f14e45f-ceea-467f-a8f5-0f1a2b3c4d5e</chave></ns2:getQualificacoesTrabalhadoresVinculadosEEResponse>"
    );
    let (result, seen) = exchange(Cred::Basic, answer::ok(GET_QUALIFICACOES.name, "soap", &body), |c| {
        consultar_trabalhadores::BlockingClient::new(c)
            .get_qualificacoes_trabalhadores_vinculados_ee(&get_qualificacoes_request(Some(niss("29999999991"))))
    });
    assert_http(&seen, &GET_QUALIFICACOES, Cred::Basic);
    let sent = seen.body_text();
    let doc = parse(&sent);
    assert_ws_addressing(&doc, &endpoint(&seen, &GET_QUALIFICACOES));
    let op = operation(&doc, WSIDQ, "getQualificacoesTrabalhadoresVinculadosEE");
    assert_children(op, None, &[("TrabalhadorVinculoEEPesquisaSimplesPTVO_1", "")]);
    // Alphabetical order, as the JAX-RPC sequence (§6.1).
    assert_children(
        child(op, "TrabalhadorVinculoEEPesquisaSimplesPTVO_1"),
        None,
        &[
            ("dataFimPesquisa", "2024-03-31T23:59:59Z"),
            ("dataInicioPesquisa", "2024-01-02T00:00:00Z"),
            ("nissPS", "29999999991"),
        ],
    );
    let r = result.unwrap();
    assert_eq!(r.chave.as_deref(), Some("8f14e45f-ceea-467f-a8f5-0f1a2b3c4d5e"));
    assert_eq!(r.mensagem_estado, None);
}

/// The WSDL binds both operations with `soapAction=""` and requires WS-Addressing, so the
/// `wsa:Action` is the WS-Addressing default action of WSDL 1.1 (W3C WS-Addressing 1.0
/// Metadata §4.4.4): `[target namespace]/[port type name]/[input name]`, the input name
/// defaulting to the operation name + `Request`.
#[test]
fn consultar_trabalhadores_wsa_action_is_the_default_action_pattern() {
    let port_type = "http://vo.webservice.wsidq.segsocial.pt/WsIdqQualificacoesTrabalhadoresVinculadosEE";
    for (op, call) in [
        (
            &GET_QUALIFICACOES,
            Box::new(|c: Config| {
                consultar_trabalhadores::BlockingClient::new(c)
                    .get_qualificacoes_trabalhadores_vinculados_ee(&get_qualificacoes_request(None))
                    .map(drop)
            }) as Call,
        ),
        (
            &GET_DADOS,
            Box::new(|c: Config| {
                consultar_trabalhadores::BlockingClient::new(c)
                    .get_dados(&get_dados_request())
                    .map(drop)
            }) as Call,
        ),
    ] {
        // The simulated answer: only the request matters here.
        let (_, seen) = exchange(Cred::Basic, sim::on(op.name), call);
        let sent = seen.body_text();
        let doc = parse(&sent);
        let action = assert_ws_addressing(&doc, &endpoint(&seen, op));
        assert_eq!(action, format!("{port_type}/{}Request", op.name), "{}", op.name);
    }
}

/// `nissPS` is nillable; absent, the PSI expects `xsi:nil="true"` (§5.8, §6.1, and the
/// field's own documentation: "enviar xsi:nil=\"true\" quando ausente").
#[test]
fn get_qualificacoes_without_niss_sends_nil() {
    let body = format!(
        "<ns2:getQualificacoesTrabalhadoresVinculadosEEResponse xmlns:ns2=\"{WSIDQ}\">\
         <mensagemEstado>O período de pesquisa não pode ser superior a 90 dias</mensagemEstado>\
         </ns2:getQualificacoesTrabalhadoresVinculadosEEResponse>"
    );
    let (result, seen) = exchange(Cred::Bearer, answer::ok(GET_QUALIFICACOES.name, "soap", &body), |c| {
        consultar_trabalhadores::BlockingClient::new(c)
            .get_qualificacoes_trabalhadores_vinculados_ee(&get_qualificacoes_request(None))
    });
    let r = result.unwrap();
    assert_eq!(r.chave, None);
    assert!(r.mensagem_estado.unwrap().contains("90 dias"));
    let sent = seen.body_text();
    let doc = parse(&sent);
    let op = operation(&doc, WSIDQ, "getQualificacoesTrabalhadoresVinculadosEE");
    let params = child(op, "TrabalhadorVinculoEEPesquisaSimplesPTVO_1");
    let names: Vec<_> = elements(params).iter().map(|n| n.tag_name().name()).collect();
    assert_eq!(
        names,
        ["dataFimPesquisa", "dataInicioPesquisa", "nissPS"],
        "nissPS must be sent (as nil) when absent"
    );
    let niss_ps = child(params, "nissPS");
    assert_eq!(niss_ps.attribute((XSI, "nil")), Some("true"));
    assert!(niss_ps.text().is_none_or(str::is_empty));
}

#[test]
fn get_dados_request_and_inline_data() {
    let body = format!(
        "<ns2:getDadosResponse xmlns:ns2=\"{WSIDQ}\"><codigoEstado>0</codigoEstado><mensagemEstado/>\
         <trabalhadoresQualificacoes><nissEE>21111111111</nissEE><nissPS>29999999991</nissPS><nomePS>J*** S****</nomePS>\
         <dataNascimentoTrabalhador>1990-01-31T00:00:00Z</dataNascimentoTrabalhador><tipoQlf>TCO</tipoQlf>\
         <dataEntradaRegistoEE>2024-01-15T00:00:00+01:00</dataEntradaRegistoEE><dataInicioQlf>2024-02-01T00:00:00Z</dataInicioQlf>\
         <periodosTaxa><dataInicio>2024-02-01T00:00:00Z</dataInicio><dataFim>2024-02-29T00:00:00Z</dataFim><taxaTotal>34.75</taxaTotal></periodosTaxa>\
         <periodosTaxa><dataInicio>2024-03-01T00:00:00Z</dataInicio><taxaTotal>33.75</taxaTotal></periodosTaxa>\
         <estabelecimentosTrabalhador><codigoEstabelecimento>1</codigoEstabelecimento><moradaEstabelecimento>R** ***, 1</moradaEstabelecimento>\
         <designacaoDistrito>Lisboa</designacaoDistrito><designacaoPais>Portugal</designacaoPais>\
         <dataInicio>2024-02-01T00:00:00Z</dataInicio></estabelecimentosTrabalhador>\
         </trabalhadoresQualificacoes></ns2:getDadosResponse>"
    );
    let (result, seen) = exchange(Cred::Bearer, answer::ok(GET_DADOS.name, "soapenv", &body), |c| {
        consultar_trabalhadores::BlockingClient::new(c).get_dados(&get_dados_request())
    });
    assert_http(&seen, &GET_DADOS, Cred::Bearer);
    let sent = seen.body_text();
    let doc = parse(&sent);
    assert_children(
        operation(&doc, WSIDQ, "getDados"),
        None,
        &[("chave", "f3c1a2b4-0000-4000-8000-000000000001")],
    );

    let r = result.unwrap();
    assert_eq!(r.codigo_estado, consultar_trabalhadores::CodigoEstado::V0);
    assert_eq!(
        r.mensagem_estado.as_deref().unwrap_or(""),
        "",
        "an empty mensagemEstado with code 0: data inline"
    );
    assert_eq!(r.trabalhadores_qualificacoes.len(), 1);
    let t = &r.trabalhadores_qualificacoes[0];
    assert_eq!(
        (
            t.niss_ee.as_ref().map(|n| n.as_str()),
            t.niss_ps.as_ref().map(|n| n.as_str()),
            t.nome_ps.as_deref(),
            t.tipo_qlf.as_deref()
        ),
        (
            Some("21111111111"),
            Some("29999999991"),
            Some("J*** S****"),
            Some("TCO")
        )
    );
    assert_eq!(t.data_nascimento_trabalhador, Some(utc(1990, 1, 31, 0, 0, 0)));
    let entrada = t.data_entrada_registo_ee.expect("dataEntradaRegistoEE");
    assert_eq!(entrada.local, date(2024, 1, 15).and_hms_opt(0, 0, 0).unwrap());
    assert_eq!(entrada.offset.map(|o| o.local_minus_utc()), Some(3600));
    assert_eq!(t.data_inicio_qlf, Some(utc(2024, 2, 1, 0, 0, 0)));
    assert_eq!(t.data_fim_qlf, None);
    assert_eq!(t.periodos_taxa.len(), 2);
    assert_eq!(t.periodos_taxa[0].data_fim, Some(utc(2024, 2, 29, 0, 0, 0)));
    assert_eq!(t.periodos_taxa[0].taxa_total, Some(dec("34.75")));
    assert_eq!(
        (t.periodos_taxa[1].data_fim, t.periodos_taxa[1].taxa_total),
        (None, Some(dec("33.75")))
    );
    assert_eq!(t.estabelecimentos_trabalhador.len(), 1);
    let e = &t.estabelecimentos_trabalhador[0];
    assert_eq!(
        (
            e.codigo_estabelecimento.as_deref(),
            e.morada_estabelecimento.as_deref(),
            e.designacao_distrito.as_deref(),
            e.designacao_pais.as_deref()
        ),
        (Some("1"), Some("R** ***, 1"), Some("Lisboa"), Some("Portugal"))
    );
    assert_eq!((e.data_inicio, e.data_fim), (Some(utc(2024, 2, 1, 0, 0, 0)), None));
}

#[test]
fn get_dados_business_error() {
    let body = format!(
        "<ns2:getDadosResponse xmlns:ns2=\"{WSIDQ}\"><codigoEstado>2</codigoEstado>\
         <mensagemEstado>Chave inválida</mensagemEstado></ns2:getDadosResponse>"
    );
    let (result, _) = exchange(Cred::Basic, answer::ok(GET_DADOS.name, "S", &body), |c| {
        consultar_trabalhadores::BlockingClient::new(c).get_dados(&get_dados_request())
    });
    let r = result.unwrap();
    assert_eq!(r.codigo_estado, consultar_trabalhadores::CodigoEstado::V2);
    assert_eq!(r.mensagem_estado.as_deref(), Some("Chave inválida"));
    assert!(r.trabalhadores_qualificacoes.is_empty());
}
