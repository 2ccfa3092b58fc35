//! The SIOE public directory (WCF, qualified elements, no credential).

use psi_client::api::sioe_directory;
use psi_tests::sim::{Cred, exchange};
use psi_tests::soap as answer;
use psi_tests::soap_wire::*;

use super::requests::*;

#[test]
fn sioe_search_request_and_success() {
    let body = format!(
        "<SearchResponse xmlns=\"{SIOE}\"><SearchResult xmlns:i=\"{XSI}\">\
         <Resultado><CodigoSIOE>123456789</CodigoSIOE><Designacao>Direção-Geral da Administração e do Emprego Público</Designacao>\
         <Sigla>DGAEP</Sigla><Classe>Entidade</Classe></Resultado>\
         <Resultado><CodigoSIOE>987654321</CodigoSIOE><Designacao>Escola Exemplo</Designacao><Sigla i:nil=\"true\"/>\
         <Classe>Entidade</Classe></Resultado></SearchResult></SearchResponse>"
    );
    let (result, seen) = exchange(Cred::None, answer::ok(SIOE_SEARCH.name, "s", &body), |c| {
        sioe_directory::BlockingClient::new(c).search(&sioe_search_request())
    });
    assert_http(&seen, &SIOE_SEARCH, Cred::None);
    let sent = seen.body_text();
    let doc = parse(&sent);
    let op = operation(&doc, SIOE, "Search");
    // WCF: elementFormDefault="qualified", every element in the service namespace.
    assert_children(op, Some(SIOE), &[("request", "")]);
    assert_children(
        child(op, "request"),
        Some(SIOE),
        &[
            ("NrResultados", "100"),
            ("PaginaResultados", "1"),
            ("Classe", "Entidade"),
        ],
    );

    let page = result.unwrap().search_result.expect("SearchResult").resultado;
    assert_eq!(
        page,
        [
            sioe_directory::Resultado::new()
                .with_codigo_sioe("123456789")
                .with_designacao("Direção-Geral da Administração e do Emprego Público")
                .with_sigla("DGAEP")
                .with_classe(sioe_directory::Classe::Entidade),
            sioe_directory::Resultado::new()
                .with_codigo_sioe("987654321")
                .with_designacao("Escola Exemplo")
                .with_classe(sioe_directory::Classe::Entidade),
        ]
    );
}

#[test]
fn sioe_search_empty_page_and_nil_result() {
    // Paging stops at an empty page.
    let empty = format!("<SearchResponse xmlns=\"{SIOE}\"><SearchResult xmlns:i=\"{XSI}\"/></SearchResponse>");
    let (result, _) = exchange(Cred::None, answer::ok(SIOE_SEARCH.name, "s", &empty), |c| {
        sioe_directory::BlockingClient::new(c).search(&sioe_search_request())
    });
    assert_eq!(result.unwrap().search_result.map(|r| r.resultado.len()), Some(0));

    let nil =
        format!("<SearchResponse xmlns=\"{SIOE}\"><SearchResult xmlns:i=\"{XSI}\" i:nil=\"true\"/></SearchResponse>");
    let (result, _) = exchange(Cred::None, answer::ok(SIOE_SEARCH.name, "s", &nil), |c| {
        sioe_directory::BlockingClient::new(c).search(&sioe_search_request())
    });
    assert_eq!(result.unwrap().search_result, None);
}

#[test]
fn sioe_get_request_and_success() {
    let body = format!(
        "<GetResponse xmlns=\"{SIOE}\"><GetResult xmlns:i=\"{XSI}\">\
         <Entidade><Designacao>Direção-Geral da Administração e do Emprego Público</Designacao><Sigla>DGAEP</Sigla>\
         <Missao i:nil=\"true\"/><MinisterioSecretariaRegional>Ministério das Finanças</MinisterioSecretariaRegional>\
         <NIPC>600000001</NIPC><Website>https://www.dgaep.gov.pt</Website></Entidade>\
         <Contacto><Tipo>Telefone</Tipo><Valor>213 000 000</Valor></Contacto>\
         <Contacto><Tipo>Email</Tipo><Valor>geral@example.pt</Valor></Contacto>\
         <OrgaoDirecao><Designacao>Direção</Designacao><MembroOrgao><Cargo>Diretor-Geral</Cargo><Nome>N*** E****</Nome>\
         <DataInicio>2023-01-01</DataInicio></MembroOrgao></OrgaoDirecao>\
         <UnidadeLocal><Morada><Rua>Rua Exemplo, 1</Rua><CodigoPostal>1000-001</CodigoPostal><Localidade>Lisboa</Localidade></Morada></UnidadeLocal>\
         </GetResult></GetResponse>"
    );
    let (result, seen) = exchange(Cred::None, answer::ok(SIOE_GET.name, "s", &body), |c| {
        sioe_directory::BlockingClient::new(c).get(&sioe_get_request())
    });
    assert_http(&seen, &SIOE_GET, Cred::None);
    let sent = seen.body_text();
    let doc = parse(&sent);
    let op = operation(&doc, SIOE, "Get");
    assert_children(op, Some(SIOE), &[("request", "")]);
    assert_children(
        child(op, "request"),
        Some(SIOE),
        &[("CodigoSIOE", "123456789"), ("IncluirHistorico", "false")],
    );

    let g = result.unwrap().get_result.expect("GetResult");
    let e = g.entidade.as_ref().expect("Entidade");
    assert_eq!(
        e.designacao.as_deref(),
        Some("Direção-Geral da Administração e do Emprego Público")
    );
    assert_eq!(e.sigla.as_deref(), Some("DGAEP"));
    assert_eq!(e.missao, None);
    assert_eq!(
        e.ministerio_secretaria_regional.as_deref(),
        Some("Ministério das Finanças")
    );
    assert_eq!(e.nipc.as_ref().map(|n| n.as_str()), Some("600000001"));
    assert_eq!(e.website.as_deref(), Some("https://www.dgaep.gov.pt"));
    let contactos: Vec<_> = g
        .contacto
        .iter()
        .map(|c| (c.tipo.as_deref(), c.valor.as_deref()))
        .collect();
    assert_eq!(
        contactos,
        [
            (Some("Telefone"), Some("213 000 000")),
            (Some("Email"), Some("geral@example.pt"))
        ]
    );
    assert_eq!(g.orgao_direcao.len(), 1);
    assert_eq!(g.orgao_direcao[0].designacao.as_deref(), Some("Direção"));
    let m = &g.orgao_direcao[0].membro_orgao[0];
    assert_eq!(
        (m.cargo.as_deref(), m.nome.as_deref(), m.data_inicio.as_deref()),
        (Some("Diretor-Geral"), Some("N*** E****"), Some("2023-01-01"))
    );
    let morada = g.unidade_local[0].morada.as_ref().expect("Morada");
    assert_eq!(
        (
            morada.rua.as_deref(),
            morada.codigo_postal.as_deref(),
            morada.localidade.as_deref()
        ),
        (Some("Rua Exemplo, 1"), Some("1000-001"), Some("Lisboa"))
    );
}
