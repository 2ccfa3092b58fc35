//! Every SOAP operation of the generated clients, called with the default (reqwest) transport
//! against a loopback server: what goes on the wire (method, path, headers, the envelope and
//! the operation element, checked with roxmltree and validated against the service's XSD with
//! `xmllint`) and how the answers decode (success envelopes with varied prefixes, SOAP Faults,
//! the PSI's 403 with an empty Body, malformed XML, unknown codes and unknown elements).
//!
//! Facts from `../shared/reference/psi-services.md` (§2.3 SOAP conventions, §4.4 the 403,
//! §5.4 naming, §5.5 result signalling, §5.7 MTOM, §5.8 nillable values, §6.x per service).

use psi_client::api::{
    alterar_contrato, cessar_vinculo, consultar_contratos, consultar_trabalhadores, gestao_ficheiro,
    obter_comunicacoes, registar_periodo_rendimento, registar_vinculo, shared, sioe_directory,
};
use psi_client::rt::{Auth, Base64, Config, Date, DateTime, Decimal, Error, Niss};
use psi_tests::server::{Answer, Seen, Server};
use psi_tests::soap::{self as answer, PSI_FORBIDDEN_BODY, SOAP11_NS, TEXT_XML};
use psi_tests::xsd;
use roxmltree::{Document, Node};

// ---- the services ------------------------------------------------------------------------

/// The contrato family's message namespace.
const VO: &str = "http://vo.webservice.contrato.segsocial.pt";
/// Consultar Trabalhadores (WSIDQ).
const WSIDQ: &str = "http://vo.webservice.wsidq.segsocial.pt";
/// Declarações de Remunerações.
const GF: &str = "http://app.seg-social.pt/ws/gr/gestaoficheiro";
/// The SIOE directory (WCF, qualified elements).
const SIOE: &str = "https://sioe.dgaep.gov.pt";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const WSA: &str = "http://www.w3.org/2005/08/addressing";

/// One SOAP operation: its endpoint path (the loopback base URL + this path is the
/// endpoint), the SOAPAction of the WSDL binding, and the XSD of its messages.
#[derive(Debug)]
struct Op {
    name: &'static str,
    path: &'static str,
    action: &'static str,
    xsd: &'static str,
}

const CESSAR: Op = Op {
    name: "cessarVinculo",
    path: "/ws/contrato/v1/cessarVinculoTrabalhador",
    action: "http://interfaces.webservice.contrato.segsocial.pt#cessarVinculo",
    xsd: "psi/cessar-vinculo/CessarVinculoTrabalhadorService_schema1.xsd",
};
const ALTERAR: Op = Op {
    name: "alterarContratoTrabalho",
    path: "/ws/contrato/v1/alterarContratoTrabalho",
    action: "http://interfaces.webservice.contrato.segsocial.pt#alterarContratoTrabalho",
    xsd: "psi/alterar-contrato/AlterarContratoTrabalhoService_schema1.xsd",
};
const REGISTAR_VINCULO: Op = Op {
    name: "registarVinculoTrabalhador",
    path: "/ws/contrato/v1/registarVinculoTrabalhador",
    action: "http://interfaces.webservice.contrato.segsocial.pt#registarVinculoTrabalhador",
    xsd: "psi/registar-vinculo/RegistarVinculoTrabalhadorService_schema1.xsd",
};
const REGISTAR_PERIODO: Op = Op {
    name: "registarPeriodoRendimentoContratoTrabalho",
    path: "/ws/contrato/v1/registarPeriodoRendimentoContratoTrabalho",
    action: "http://interfaces.webservice.contrato.segsocial.pt#registarPeriodoRendimentoContratoTrabalho",
    xsd: "psi/registar-periodo-rendimento/RegistarPeriodoRendimentoContratoTrabalhoService_schema1.xsd",
};
const PESQUISA_CONTRATOS: Op = Op {
    name: "pesquisaContratos",
    path: "/ws/contrato/v1/contratos",
    action: "http://interfaces.webservice.contrato.segsocial.pt#pesquisaContratos",
    xsd: "psi/consultar-contratos/ContratosService_schema1.xsd",
};
const GET_DADOS_CONTRATOS: Op = Op {
    name: "getDadosContratos",
    path: "/ws/contrato/v1/contratos",
    action: "http://interfaces.webservice.contrato.segsocial.pt#getDadosContratos",
    xsd: "psi/consultar-contratos/ContratosService_schema1.xsd",
};
const OBTER_COMUNICACOES: Op = Op {
    name: "obterComunicacoes",
    path: "/ws/contrato/v1/obterComunicacoes",
    // Capital O, unlike the element (§6.8).
    action: "http://interfaces.webservice.contrato.segsocial.pt#ObterComunicacoes",
    xsd: "psi/obter-comunicacoes/ObterComunicacoesService_schema1.xsd",
};
const GET_QUALIFICACOES: Op = Op {
    name: "getQualificacoesTrabalhadoresVinculadosEE",
    path: "/ws/idq/WsIdqQualificacoesTrabalhadoresVinculadosEE_Request",
    action: "",
    xsd: "psi/consultar-trabalhadores/WsIdqQualificacoesTrabalhadoresVinculadosEEService_schema1.xsd",
};
const GET_DADOS: Op = Op {
    name: "getDados",
    path: "/ws/idq/WsIdqQualificacoesTrabalhadoresVinculadosEE_Request",
    action: "",
    xsd: "psi/consultar-trabalhadores/WsIdqQualificacoesTrabalhadoresVinculadosEEService_schema1.xsd",
};
const CONSULTAR_FICHEIRO: Op = Op {
    name: "consultarFicheiro",
    path: "/ws/gr/v1/gestaoFicheiro",
    action: "",
    xsd: "psi/gestao-ficheiro/GestaoFicheiroService_schema1.xsd",
};
const SIOE_SEARCH: Op = Op {
    name: "Search",
    path: "/SIOEPublicService.svc",
    action: "https://sioe.dgaep.gov.pt/Search",
    xsd: "sioe/directory/SIOEPublicService.xsd0.xsd",
};
const SIOE_GET: Op = Op {
    name: "Get",
    path: "/SIOEPublicService.svc",
    action: "https://sioe.dgaep.gov.pt/Get",
    xsd: "sioe/directory/SIOEPublicService.xsd0.xsd",
};

// ---- credentials (obvious placeholders) --------------------------------------------------

/// The credential a test configures, and the `Authorization` header it must produce.
#[derive(Debug, Clone, Copy)]
enum Cred {
    /// The entity's NISS and SSD password.
    Basic,
    /// A token created in SSD.
    Bearer,
    /// The public SIOE directory.
    None,
}

impl Cred {
    fn auth(self) -> Auth {
        match self {
            Cred::Basic => Auth::basic("21111111111", "PLACEHOLDER-password"),
            Cred::Bearer => Auth::bearer("PLACEHOLDER-token"),
            Cred::None => Auth::None,
        }
    }

    fn header(self) -> Option<&'static str> {
        match self {
            // base64("21111111111:PLACEHOLDER-password")
            Cred::Basic => Some("Basic MjExMTExMTExMTE6UExBQ0VIT0xERVItcGFzc3dvcmQ="),
            Cred::Bearer => Some("Bearer PLACEHOLDER-token"),
            Cred::None => None,
        }
    }
}

// ---- values ------------------------------------------------------------------------------

fn niss(s: &str) -> Niss {
    Niss::new(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd_opt(y, m, d).expect("a real date")
}

fn utc(y: i32, m: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime {
    DateTime::utc(date(y, m, d).and_hms_opt(h, mi, s).expect("a real time"))
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

// ---- one exchange ------------------------------------------------------------------------

/// Start a loopback server that answers once with `answer`, call the client built from a
/// `Config` whose base URL is the server's address + the operation's path, and return what
/// the call returned and the request the server saw.
fn exchange<T>(op: &Op, cred: Cred, answer: Answer, call: impl FnOnce(Config) -> T) -> (T, Seen) {
    let server = Server::start(vec![answer]);
    let config = Config::for_url(format!("{}{}", server.base, op.path)).auth(cred.auth());
    let out = call(config);
    // The server records a request before it answers, so once the call has its answer the
    // log is complete; the server thread ends by itself after its one answer.
    let mut seen = server.seen();
    assert_eq!(seen.len(), 1, "{}: expected exactly one request", op.name);
    (out, seen.remove(0))
}

// ---- request assertions ------------------------------------------------------------------

/// The HTTP side of a SOAP 1.1 request.
fn assert_http(seen: &Seen, op: &Op, cred: Cred) {
    assert_eq!(seen.method, "POST", "{}", op.name);
    assert_eq!(seen.target, op.path, "{}: the endpoint path", op.name);
    assert_eq!(
        seen.header("content-type"),
        Some("text/xml; charset=utf-8"),
        "{}",
        op.name
    );
    let quoted = format!("\"{}\"", op.action);
    assert_eq!(
        seen.header("soapaction"),
        Some(quoted.as_str()),
        "{}: SOAPAction as the binding says, quoted",
        op.name
    );
    assert_eq!(
        seen.header("authorization"),
        cred.header(),
        "{}: Authorization",
        op.name
    );
    assert_eq!(
        seen.header("accept"),
        Some("text/xml, multipart/related"),
        "{}",
        op.name
    );
    assert!(
        seen.header("user-agent")
            .is_some_and(|ua| ua.starts_with("psi-client/")),
        "{}",
        op.name
    );
}

/// Parse a request body.
fn parse(body: &str) -> Document<'_> {
    Document::parse(body).unwrap_or_else(|e| panic!("the request is not well-formed XML ({e}):\n{body}"))
}

fn elements<'a, 'i>(node: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    node.children().filter(Node::is_element).collect()
}

/// The only element child of `parent` named `name` (any namespace).
fn child<'a, 'i>(parent: Node<'a, 'i>, name: &str) -> Node<'a, 'i> {
    let found: Vec<_> = elements(parent)
        .into_iter()
        .filter(|n| n.tag_name().name() == name)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one `{name}` in `{}`",
        parent.tag_name().name()
    );
    found[0]
}

/// Check the SOAP 1.1 envelope (Envelope, Header, Body in the envelope namespace) and return
/// the operation element: the Body's only element child, with this namespace and name.
fn operation<'a, 'i>(doc: &'a Document<'i>, ns: &str, name: &str) -> Node<'a, 'i> {
    let env = doc.root_element();
    assert_eq!(
        (env.tag_name().namespace(), env.tag_name().name()),
        (Some(SOAP11_NS), "Envelope")
    );
    let parts: Vec<_> = elements(env)
        .iter()
        .map(|n| (n.tag_name().namespace(), n.tag_name().name()))
        .collect();
    assert_eq!(parts, [(Some(SOAP11_NS), "Header"), (Some(SOAP11_NS), "Body")]);
    let body = elements(env)[1];
    let ops = elements(body);
    assert_eq!(ops.len(), 1, "the Body holds exactly the operation element");
    let op = ops[0];
    assert_eq!(op.tag_name().name(), name, "operation element name");
    assert_eq!(op.tag_name().namespace(), Some(ns), "operation element namespace");
    op
}

/// The element children of `parent`, in order, as `(name, text)`; every one of them in
/// namespace `ns` (`None`: unqualified).
fn assert_children(parent: Node<'_, '_>, ns: Option<&str>, expected: &[(&str, &str)]) {
    let kids = elements(parent);
    for k in &kids {
        assert_eq!(
            k.tag_name().namespace(),
            ns,
            "`{}` in `{}`: wrong qualification",
            k.tag_name().name(),
            parent.tag_name().name()
        );
    }
    let got: Vec<(&str, &str)> = kids
        .iter()
        .map(|k| (k.tag_name().name(), k.text().unwrap_or("")))
        .collect();
    assert_eq!(got, expected, "children of `{}`", parent.tag_name().name());
}

/// [`assert_children`] for an `xs:all` content model: the order is free.
fn assert_children_any_order(parent: Node<'_, '_>, ns: Option<&str>, expected: &[(&str, &str)]) {
    let kids = elements(parent);
    for k in &kids {
        assert_eq!(
            k.tag_name().namespace(),
            ns,
            "`{}`: wrong qualification",
            k.tag_name().name()
        );
    }
    let mut got: Vec<(&str, &str)> = kids
        .iter()
        .map(|k| (k.tag_name().name(), k.text().unwrap_or("")))
        .collect();
    let mut want = expected.to_vec();
    got.sort_unstable();
    want.sort_unstable();
    assert_eq!(got, want, "children of `{}`", parent.tag_name().name());
}

/// The operation element of a request body as a document of its own: the element's markup
/// with every namespace in scope declared on it.
fn operation_document(body: &str) -> String {
    let doc = parse(body);
    let env = doc.root_element();
    let op = elements(elements(env)[1])[0];
    let mut xml = body[op.range()].to_owned();
    let tag_end = xml.find('>').expect("a start tag");
    let mut extra = String::new();
    for ns in op.namespaces() {
        let decl = match ns.name() {
            Some("xml") => continue,
            Some(p) => format!("xmlns:{p}="),
            None => "xmlns=".to_owned(),
        };
        if !xml[..tag_end].contains(&decl) {
            extra.push_str(&format!(" {decl}\"{}\"", ns.uri()));
        }
    }
    let name_end = xml
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .expect("a name");
    xml.insert_str(name_end, &extra);
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{xml}\n")
}

// ---- requests ----------------------------------------------------------------------------

fn cessar_request() -> cessar_vinculo::CessarVinculo {
    cessar_vinculo::CessarVinculo::new(
        niss("29999999991"),
        date(2024, 1, 31),
        cessar_vinculo::MotivoFimVinculo::Rarc,
        cessar_vinculo::ComunicacaoDesemprego::V1,
    )
    .with_fundamentacao("Extinção do posto & reestruturação <interna>")
}

fn alterar_request() -> alterar_contrato::AlterarContratoTrabalho {
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

fn registar_vinculo_request() -> registar_vinculo::RegistarVinculoTrabalhador {
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

fn registar_periodo_request() -> registar_periodo_rendimento::RegistarPeriodoRendimentoContratoTrabalho {
    registar_periodo_rendimento::RegistarPeriodoRendimentoContratoTrabalho::new(
        niss("29999999991"),
        date(2024, 3, 1),
        dec("950.00"),
    )
    .with_diuturnidades(dec("30.00"))
}

fn pesquisa_contratos_request() -> consultar_contratos::PesquisaContratos {
    consultar_contratos::PesquisaContratos::new(date(2024, 1, 1), date(2024, 1, 31)).with_trabalhadores(
        consultar_contratos::Trabalhadores::new(vec![niss("29999999991"), niss("12345678902")]),
    )
}

fn get_dados_contratos_request() -> consultar_contratos::GetDadosContratos {
    consultar_contratos::GetDadosContratos::new("0123456789abcdef")
}

fn obter_comunicacoes_request() -> obter_comunicacoes::ObterComunicacoes {
    obter_comunicacoes::ObterComunicacoes::new().with_list_niss_trabalhador(
        obter_comunicacoes::ListNissTrabalhador::new(vec![niss("29999999991"), niss("15555555550")]),
    )
}

fn get_qualificacoes_request(
    niss_ps: Option<Niss>,
) -> consultar_trabalhadores::GetQualificacoesTrabalhadoresVinculadosEe {
    let mut pesquisa = consultar_trabalhadores::TrabalhadorVinculoEePesquisaSimplesPtvo::new(
        utc(2024, 3, 31, 23, 59, 59),
        utc(2024, 1, 2, 0, 0, 0),
    );
    pesquisa.niss_ps = niss_ps;
    consultar_trabalhadores::GetQualificacoesTrabalhadoresVinculadosEe::new(pesquisa)
}

fn get_dados_request() -> consultar_trabalhadores::GetDados {
    consultar_trabalhadores::GetDados::new("f3c1a2b4-0000-4000-8000-000000000001")
}

fn consultar_ficheiro_request() -> gestao_ficheiro::ConsultarFicheiro {
    gestao_ficheiro::ConsultarFicheiro::new(12345678)
}

fn sioe_search_request() -> sioe_directory::Search {
    sioe_directory::Search::new(
        sioe_directory::SearchRequest::new(100, 1).with_classe(sioe_directory::Classe::Entidade),
    )
}

fn sioe_get_request() -> sioe_directory::Get {
    sioe_directory::Get::new(sioe_directory::GetRequest::new("123456789").with_incluir_historico(false))
}

/// A call of one operation whose outcome is reduced to `Result<(), Error>`.
type Call = Box<dyn Fn(Config) -> Result<(), Error>>;

/// Every SOAP operation of every generated SOAP module, with the credential its tests use.
fn every_operation() -> Vec<(&'static Op, Cred, Call)> {
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

// ---- Cessar Vínculo (§6.4) ---------------------------------------------------------------

#[test]
fn cessar_vinculo_request_and_success() {
    let body = format!(
        "<ns2:cessarVinculoResponse xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo-resultado></ns2:cessarVinculoResponse>"
    );
    let (result, seen) = exchange(&CESSAR, Cred::Basic, answer::ok("soap", &body), |c| {
        cessar_vinculo::BlockingClient::new(c).cessar_vinculo(&cessar_request())
    });
    assert_http(&seen, &CESSAR, Cred::Basic);
    let doc = parse(&seen.body);
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
    let (result, seen) = exchange(&CESSAR, Cred::Bearer, answer::ok("S", &body), |c| {
        cessar_vinculo::BlockingClient::new(c).cessar_vinculo(&request)
    });
    assert_http(&seen, &CESSAR, Cred::Bearer);
    let doc = parse(&seen.body);
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
    let (result, seen) = exchange(&ALTERAR, Cred::Bearer, answer::ok("env", &body), |c| {
        alterar_contrato::BlockingClient::new(c).alterar_contrato_trabalho(&alterar_request())
    });
    assert_http(&seen, &ALTERAR, Cred::Bearer);
    let doc = parse(&seen.body);
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
    let (result, seen) = exchange(&ALTERAR, Cred::Basic, answer::ok("soap", &body), |c| {
        alterar_contrato::BlockingClient::new(c).alterar_contrato_trabalho(&request)
    });
    assert_http(&seen, &ALTERAR, Cred::Basic);
    let doc = parse(&seen.body);
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
    let (result, seen) = exchange(&REGISTAR_VINCULO, Cred::Basic, answer::ok("soapenv", &body), |c| {
        registar_vinculo::BlockingClient::new(c).registar_vinculo_trabalhador(&registar_vinculo_request())
    });
    assert_http(&seen, &REGISTAR_VINCULO, Cred::Basic);
    let doc = parse(&seen.body);
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
    let (result, seen) = exchange(&REGISTAR_PERIODO, Cred::Bearer, answer::ok("soap", &body), |c| {
        registar_periodo_rendimento::BlockingClient::new(c)
            .registar_periodo_rendimento_contrato_trabalho(&registar_periodo_request())
    });
    assert_http(&seen, &REGISTAR_PERIODO, Cred::Bearer);
    let doc = parse(&seen.body);
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
    let (result, seen) = exchange(&PESQUISA_CONTRATOS, Cred::Basic, answer::ok("soap", &body), |c| {
        consultar_contratos::BlockingClient::new(c).pesquisa_contratos(&pesquisa_contratos_request())
    });
    assert_http(&seen, &PESQUISA_CONTRATOS, Cred::Basic);
    let doc = parse(&seen.body);
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
    let (result, seen) = exchange(&PESQUISA_CONTRATOS, Cred::Basic, answer::ok("soap", &body), |c| {
        consultar_contratos::BlockingClient::new(c).pesquisa_contratos(&request)
    });
    let doc = parse(&seen.body);
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
const CONTRATO_PARCIAL: &str = "<contrato>\
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
    let (result, seen) = exchange(&GET_DADOS_CONTRATOS, Cred::Bearer, answer::ok("soap", &body), |c| {
        consultar_contratos::BlockingClient::new(c).get_dados_contratos(&get_dados_contratos_request())
    });
    assert_http(&seen, &GET_DADOS_CONTRATOS, Cred::Bearer);
    let doc = parse(&seen.body);
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
    let (result, _) = exchange(&GET_DADOS_CONTRATOS, Cred::Basic, answer::ok("soap", &body), |c| {
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
    let (result, _) = exchange(&GET_DADOS_CONTRATOS, Cred::Basic, answer::ok("soap", &body), |c| {
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
    let (result, _) = exchange(&GET_DADOS_CONTRATOS, Cred::Basic, Answer::new(200, ct, body), |c| {
        consultar_contratos::BlockingClient::new(c).get_dados_contratos(&get_dados_contratos_request())
    });
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
    let (result, seen) = exchange(&OBTER_COMUNICACOES, Cred::Bearer, answer::ok("soap", &body), |c| {
        obter_comunicacoes::BlockingClient::new(c).obter_comunicacoes(&obter_comunicacoes_request())
    });
    assert_http(&seen, &OBTER_COMUNICACOES, Cred::Bearer);
    let doc = parse(&seen.body);
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
    let (result, seen) = exchange(&OBTER_COMUNICACOES, Cred::Basic, answer::ok("S", &body), |c| {
        obter_comunicacoes::BlockingClient::new(c).obter_comunicacoes(&request)
    });
    let doc = parse(&seen.body);
    assert_children(operation(&doc, VO, "obterComunicacoes"), None, &[]);
    let r = result.unwrap();
    assert_eq!(r.codigo_resultado, 4);
    assert!(r.comunicacao.is_empty());
}

// ---- Consultar Trabalhadores, WSIDQ (§6.1) -----------------------------------------------

/// The WS-Addressing headers the WSIDQ binding requires (`wsaw:UsingAddressing
/// required="true"`): `Action`, `To` (the endpoint) and a fresh `MessageID`.
fn assert_ws_addressing(doc: &Document<'_>, endpoint: &str) -> String {
    let header = elements(doc.root_element())[0];
    let names: Vec<_> = elements(header)
        .iter()
        .map(|n| (n.tag_name().namespace(), n.tag_name().name()))
        .collect();
    assert_eq!(
        names,
        [(Some(WSA), "Action"), (Some(WSA), "To"), (Some(WSA), "MessageID")]
    );
    assert_eq!(child(header, "To").text(), Some(endpoint));
    let id = child(header, "MessageID").text().unwrap_or("");
    let uuid = id
        .strip_prefix("urn:uuid:")
        .unwrap_or_else(|| panic!("MessageID `{id}` is not a urn:uuid"));
    assert_eq!(uuid.len(), 36, "{id}");
    let action = child(header, "Action").text().unwrap_or("").to_owned();
    assert!(!action.is_empty(), "wsa:Action must not be empty");
    action
}

#[test]
fn get_qualificacoes_request_and_success() {
    let body = format!(
        "<ns2:getQualificacoesTrabalhadoresVinculadosEEResponse xmlns:ns2=\"{WSIDQ}\">\
         <chave>8f14e45f-ceea-467f-a8f5-0f1a2b3c4d5e</chave></ns2:getQualificacoesTrabalhadoresVinculadosEEResponse>"
    );
    let (result, seen) = exchange(&GET_QUALIFICACOES, Cred::Basic, answer::ok("soap", &body), |c| {
        consultar_trabalhadores::BlockingClient::new(c)
            .get_qualificacoes_trabalhadores_vinculados_ee(&get_qualificacoes_request(Some(niss("29999999991"))))
    });
    assert_http(&seen, &GET_QUALIFICACOES, Cred::Basic);
    let doc = parse(&seen.body);
    let endpoint = seen
        .header("host")
        .map(|h| format!("http://{h}{}", GET_QUALIFICACOES.path))
        .expect("Host");
    assert_ws_addressing(&doc, &endpoint);
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
        let (_, seen) = exchange(op, Cred::Basic, answer::psi_forbidden(), call);
        let doc = parse(&seen.body);
        let endpoint = format!("http://{}{}", seen.header("host").expect("Host"), op.path);
        let action = assert_ws_addressing(&doc, &endpoint);
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
    let (result, seen) = exchange(&GET_QUALIFICACOES, Cred::Bearer, answer::ok("soap", &body), |c| {
        consultar_trabalhadores::BlockingClient::new(c)
            .get_qualificacoes_trabalhadores_vinculados_ee(&get_qualificacoes_request(None))
    });
    let r = result.unwrap();
    assert_eq!(r.chave, None);
    assert!(r.mensagem_estado.unwrap().contains("90 dias"));
    let doc = parse(&seen.body);
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
    let (result, seen) = exchange(&GET_DADOS, Cred::Bearer, answer::ok("soapenv", &body), |c| {
        consultar_trabalhadores::BlockingClient::new(c).get_dados(&get_dados_request())
    });
    assert_http(&seen, &GET_DADOS, Cred::Bearer);
    let doc = parse(&seen.body);
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
    let (result, _) = exchange(&GET_DADOS, Cred::Basic, answer::ok("S", &body), |c| {
        consultar_trabalhadores::BlockingClient::new(c).get_dados(&get_dados_request())
    });
    let r = result.unwrap();
    assert_eq!(r.codigo_estado, consultar_trabalhadores::CodigoEstado::V2);
    assert_eq!(r.mensagem_estado.as_deref(), Some("Chave inválida"));
    assert!(r.trabalhadores_qualificacoes.is_empty());
}

// ---- Declarações de Remunerações (§6.2) --------------------------------------------------

#[test]
fn consultar_ficheiro_request_and_success() {
    let body = format!(
        "<gf:consultarFicheiroResponse xmlns:gf=\"{GF}\"><estado>PROCESSADO</estado>\
         <dataEstado>2024-02-10</dataEstado></gf:consultarFicheiroResponse>"
    );
    let (result, seen) = exchange(&CONSULTAR_FICHEIRO, Cred::Basic, answer::ok("soap", &body), |c| {
        gestao_ficheiro::BlockingClient::new(c).consultar_ficheiro(&consultar_ficheiro_request())
    });
    assert_http(&seen, &CONSULTAR_FICHEIRO, Cred::Basic);
    let doc = parse(&seen.body);
    // `Idficheiro`: capital I, lower-case f, unqualified (§6.2).
    assert_children(
        operation(&doc, GF, "consultarFicheiro"),
        None,
        &[("Idficheiro", "12345678")],
    );

    // The response schema is unknown: its content is kept as raw XML, element by element.
    let r = result.unwrap();
    let kept: Vec<(String, String)> = r
        .any
        .iter()
        .map(|raw| {
            let d =
                Document::parse(&raw.xml).unwrap_or_else(|e| panic!("raw XML `{}` is not a document: {e}", raw.xml));
            let e = d.root_element();
            (e.tag_name().name().to_owned(), e.text().unwrap_or("").to_owned())
        })
        .collect();
    assert_eq!(
        kept,
        [
            ("estado".to_owned(), "PROCESSADO".to_owned()),
            ("dataEstado".to_owned(), "2024-02-10".to_owned())
        ]
    );
}

// ---- SIOE directory ----------------------------------------------------------------------

#[test]
fn sioe_search_request_and_success() {
    let body = format!(
        "<SearchResponse xmlns=\"{SIOE}\"><SearchResult xmlns:i=\"{XSI}\">\
         <Resultado><CodigoSIOE>123456789</CodigoSIOE><Designacao>Direção-Geral da Administração e do Emprego Público</Designacao>\
         <Sigla>DGAEP</Sigla><Classe>Entidade</Classe></Resultado>\
         <Resultado><CodigoSIOE>987654321</CodigoSIOE><Designacao>Escola Exemplo</Designacao><Sigla i:nil=\"true\"/>\
         <Classe>Entidade</Classe></Resultado></SearchResult></SearchResponse>"
    );
    let (result, seen) = exchange(&SIOE_SEARCH, Cred::None, answer::ok("s", &body), |c| {
        sioe_directory::BlockingClient::new(c).search(&sioe_search_request())
    });
    assert_http(&seen, &SIOE_SEARCH, Cred::None);
    let doc = parse(&seen.body);
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
    let (result, _) = exchange(&SIOE_SEARCH, Cred::None, answer::ok("s", &empty), |c| {
        sioe_directory::BlockingClient::new(c).search(&sioe_search_request())
    });
    assert_eq!(result.unwrap().search_result.map(|r| r.resultado.len()), Some(0));

    let nil =
        format!("<SearchResponse xmlns=\"{SIOE}\"><SearchResult xmlns:i=\"{XSI}\" i:nil=\"true\"/></SearchResponse>");
    let (result, _) = exchange(&SIOE_SEARCH, Cred::None, answer::ok("s", &nil), |c| {
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
    let (result, seen) = exchange(&SIOE_GET, Cred::None, answer::ok("s", &body), |c| {
        sioe_directory::BlockingClient::new(c).get(&sioe_get_request())
    });
    assert_http(&seen, &SIOE_GET, Cred::None);
    let doc = parse(&seen.body);
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

// ---- failures, for every operation -------------------------------------------------------

/// (b) A SOAP 1.1 Fault with HTTP 500 is `Error::Fault` with its code, reason and detail.
#[test]
fn soap_fault_is_a_fault_error_for_every_operation() {
    let detail = format!(
        "<ns2:ContratoException xmlns:ns2=\"{VO}\"><mensagens><erro>408 Request Timeout</erro></mensagens></ns2:ContratoException>"
    );
    for (op, cred, call) in every_operation() {
        let (result, seen) = exchange(
            op,
            cred,
            answer::fault("soap:Server", "Erro comunicação servidor ptss", Some(&detail)),
            call,
        );
        assert_http(&seen, op, cred);
        let err = result.expect_err(op.name);
        let Error::Fault(fault) = err else {
            panic!("{}: expected a Fault, got {err:?}", op.name)
        };
        assert_eq!(fault.code, "soap:Server", "{}", op.name);
        assert_eq!(fault.reason, "Erro comunicação servidor ptss", "{}", op.name);
        assert_eq!(fault.actor, None, "{}", op.name);
        let raw = fault
            .raw_detail
            .as_ref()
            .unwrap_or_else(|| panic!("{}: the detail is kept", op.name));
        assert!(raw.xml.contains("408 Request Timeout"), "{}: {}", op.name, raw.xml);
    }
}

/// A Fault in a 200 (some stacks do that) is a Fault too; a 500 without a Fault is a status error.
#[test]
fn fault_on_200_and_500_without_fault() {
    let fault_200 = Answer::new(
        200,
        TEXT_XML,
        answer::fault_envelope("soap:Client", "Pedido inválido", None),
    );
    let (result, _) = exchange(&CESSAR, Cred::Basic, fault_200, |c| {
        cessar_vinculo::BlockingClient::new(c).cessar_vinculo(&cessar_request())
    });
    let fault = result.unwrap_err().fault().cloned().expect("a fault");
    assert_eq!(
        (fault.code.as_str(), fault.reason.as_str(), fault.raw_detail),
        ("soap:Client", "Pedido inválido", None)
    );

    let html = Answer::new(500, "text/html", "<html><body>Internal Server Error</body></html>");
    let (result, _) = exchange(&SIOE_GET, Cred::None, html, |c| {
        sioe_directory::BlockingClient::new(c).get(&sioe_get_request())
    });
    let Error::Status { status, body, .. } = result.unwrap_err() else {
        panic!("expected a status error")
    };
    assert_eq!(
        (status, body.as_str()),
        (500, "<html><body>Internal Server Error</body></html>")
    );

    let unauthorized = Answer::new(401, "text/html", "Unauthorized");
    let (result, _) = exchange(&GET_DADOS, Cred::Bearer, unauthorized, |c| {
        consultar_trabalhadores::BlockingClient::new(c).get_dados(&get_dados_request())
    });
    assert!(result.unwrap_err().is_unauthorized());
}

/// (c) The PSI's 403: empty SOAP Body, no Fault (§4.4) is `Error::Status { status: 403 }`
/// with the body kept, before any decoding.
#[test]
fn psi_403_with_empty_body_is_a_status_error_for_every_operation() {
    for (op, cred, call) in every_operation() {
        let (result, seen) = exchange(op, cred, answer::psi_forbidden(), call);
        assert_http(&seen, op, cred);
        let err = result.expect_err(op.name);
        assert!(err.is_forbidden(), "{}: {err:?}", op.name);
        let Error::Status {
            status,
            content_type,
            body,
        } = err
        else {
            panic!("{}: expected a status error", op.name)
        };
        assert_eq!(status, 403);
        assert_eq!(content_type.as_deref(), Some(TEXT_XML), "{}", op.name);
        assert_eq!(body, PSI_FORBIDDEN_BODY, "{}", op.name);
    }
}

/// (d) A malformed 200 body is `Error::Decode` whose message names the line and column.
#[test]
fn malformed_response_is_a_decode_error_with_position_for_every_operation() {
    let malformed = format!(
        "<S:Envelope xmlns:S=\"{SOAP11_NS}\">\n<S:Body>\n  <ns2:resposta xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo></ns2:resposta>\n</S:Body></S:Envelope>"
    );
    for (op, cred, call) in every_operation() {
        let (result, _) = exchange(op, cred, Answer::new(200, TEXT_XML, malformed.clone()), call);
        let err = result.expect_err(op.name);
        let Error::Decode(e) = &err else {
            panic!("{}: expected a decode error, got {err:?}", op.name)
        };
        assert_eq!(e.line, 3, "{}: {e}", op.name);
        assert!(e.column > 1, "{}: {e}", op.name);
        assert!(e.message.starts_with("malformed XML"), "{}: {e}", op.name);
        let shown = err.to_string();
        assert!(
            shown.contains(&format!("line 3, column {}", e.column)),
            "{}: {shown}",
            op.name
        );
    }
}

/// A truncated answer and a 200 that is not an envelope are decode errors too.
#[test]
fn truncated_and_non_envelope_answers_are_decode_errors() {
    let full = answer::envelope(
        "soap",
        &format!(
            "<ns2:cessarVinculoResponse xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo-resultado></ns2:cessarVinculoResponse>"
        ),
    );
    let cut = &full[..full.len() / 2];
    let (result, _) = exchange(&CESSAR, Cred::Basic, Answer::new(200, TEXT_XML, cut), |c| {
        cessar_vinculo::BlockingClient::new(c).cessar_vinculo(&cessar_request())
    });
    let Error::Decode(e) = result.unwrap_err() else {
        panic!("expected a decode error")
    };
    assert!(e.line > 0 && e.message.starts_with("malformed XML"), "{e}");

    let (result, _) = exchange(
        &CESSAR,
        Cred::Basic,
        Answer::new(200, "text/html", "<html><body>Manutenção</body></html>"),
        |c| cessar_vinculo::BlockingClient::new(c).cessar_vinculo(&cessar_request()),
    );
    let Error::Decode(e) = result.unwrap_err() else {
        panic!("expected a decode error")
    };
    assert!(e.to_string().contains("not a SOAP 1.1 or 1.2 Envelope"), "{e}");
}

/// A well-formed answer without a required value names the element's path and position.
#[test]
fn missing_or_bad_values_are_decode_errors_with_path() {
    let no_code = format!(
        "<ns2:cessarVinculoResponse xmlns:ns2=\"{VO}\"><mensagens-erro>x</mensagens-erro></ns2:cessarVinculoResponse>"
    );
    let (result, _) = exchange(&CESSAR, Cred::Basic, answer::ok("soap", &no_code), |c| {
        cessar_vinculo::BlockingClient::new(c).cessar_vinculo(&cessar_request())
    });
    let Error::Decode(e) = result.unwrap_err() else {
        panic!("expected a decode error")
    };
    assert_eq!(e.path, "/Envelope/Body/cessarVinculoResponse");
    assert_eq!(e.message, "required `codigo-resultado` is missing");
    assert_eq!(e.line, 5, "{e}");

    let bad_code = format!(
        "<ns2:cessarVinculoResponse xmlns:ns2=\"{VO}\"><codigo-resultado>um</codigo-resultado></ns2:cessarVinculoResponse>"
    );
    let (result, _) = exchange(&CESSAR, Cred::Basic, answer::ok("soap", &bad_code), |c| {
        cessar_vinculo::BlockingClient::new(c).cessar_vinculo(&cessar_request())
    });
    let Error::Decode(e) = result.unwrap_err() else {
        panic!("expected a decode error")
    };
    assert_eq!(e.path, "/Envelope/Body/cessarVinculoResponse/codigo-resultado");
    assert_eq!(e.message, "`um` is not a 32-bit integer");

    // A 200 with an empty Body: the response element is missing.
    let (result, _) = exchange(
        &ALTERAR,
        Cred::Basic,
        Answer::new(200, TEXT_XML, PSI_FORBIDDEN_BODY),
        |c| alterar_contrato::BlockingClient::new(c).alterar_contrato_trabalho(&alterar_request()),
    );
    let Error::Decode(e) = result.unwrap_err() else {
        panic!("expected a decode error")
    };
    assert_eq!(e.message, "required `alterarContratoTrabalhoResponse` is missing");
}

// ---- tolerant reading --------------------------------------------------------------------

/// Publishers add codes: a value outside the spec's list is kept as `Unknown`, with its text.
#[test]
fn unknown_codes_are_kept_as_unknown() {
    let body = format!(
        "<ns2:obterComunicacoesResponse xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo-resultado>\
         <comunicacao><tipoComunicacao>7</tipoComunicacao><nissTrabalhador>29999999991</nissTrabalhador>\
         <nomeTrabalhador>J*** S****</nomeTrabalhador><dataNascimento>1990-01-31</dataNascimento>\
         <dataComunicacao>2024-02-01</dataComunicacao><inicioContrato>2024-02-05</inicioContrato><motivo/>\
         <localTrabalho>1</localTrabalho><dataProcessamento>2024-02-02</dataProcessamento><taxa>34.75</taxa></comunicacao>\
         </ns2:obterComunicacoesResponse>"
    );
    let (result, _) = exchange(&OBTER_COMUNICACOES, Cred::Basic, answer::ok("soap", &body), |c| {
        obter_comunicacoes::BlockingClient::new(c).obter_comunicacoes(&obter_comunicacoes_request())
    });
    let tipo = result.unwrap().comunicacao[0]
        .tipo_comunicacao
        .clone()
        .expect("tipoComunicacao");
    assert!(!tipo.is_known());
    assert!(
        matches!(&tipo, obter_comunicacoes::TipoComunicacao::Unknown(u) if u.as_str() == "7"),
        "{tipo:?}"
    );

    let contrato = CONTRATO_PARCIAL
        .replace("<modalidade-contrato>F<", "<modalidade-contrato>ZZ<")
        .replace("<prestacao-trabalho>T<", "<prestacao-trabalho>X<")
        .replace("<motivo-contrato>STAJ<", "<motivo-contrato>NOVO<");
    let body = format!(
        "<ns2:getDadosContratosResponse xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo-resultado><contratos>{contrato}</contratos></ns2:getDadosContratosResponse>"
    );
    let (result, _) = exchange(&GET_DADOS_CONTRATOS, Cred::Basic, answer::ok("soap", &body), |c| {
        consultar_contratos::BlockingClient::new(c).get_dados_contratos(&get_dados_contratos_request())
    });
    let c = result.unwrap().contratos.expect("contratos").contrato.remove(0);
    assert!(matches!(&c.modalidade_contrato, Some(shared::ModalidadeContrato::Unknown(u)) if u.as_str() == "ZZ"));
    assert!(matches!(&c.prestacao_trabalho, Some(shared::PrestacaoTrabalho::Unknown(u)) if u.as_str() == "X"));
    assert!(matches!(&c.motivo_contrato, Some(shared::MotivoContrato::Unknown(u)) if u.as_str() == "NOVO"));

    let body =
        format!("<ns2:getDadosResponse xmlns:ns2=\"{WSIDQ}\"><codigoEstado>9</codigoEstado></ns2:getDadosResponse>");
    let (result, _) = exchange(&GET_DADOS, Cred::Basic, answer::ok("soap", &body), |c| {
        consultar_trabalhadores::BlockingClient::new(c).get_dados(&get_dados_request())
    });
    let estado = result.unwrap().codigo_estado;
    assert_eq!((estado.is_known(), estado.as_str()), (false, "9"));

    let body = format!(
        "<SearchResponse xmlns=\"{SIOE}\"><SearchResult><Resultado><CodigoSIOE>1</CodigoSIOE>\
         <Classe>UnidadeOrganica</Classe></Resultado></SearchResult></SearchResponse>"
    );
    let (result, _) = exchange(&SIOE_SEARCH, Cred::None, answer::ok("s", &body), |c| {
        sioe_directory::BlockingClient::new(c).search(&sioe_search_request())
    });
    let classe = result
        .unwrap()
        .search_result
        .expect("SearchResult")
        .resultado
        .remove(0)
        .classe
        .expect("Classe");
    assert!(
        matches!(&classe, sioe_directory::Classe::Unknown(u) if u.as_str() == "UnidadeOrganica"),
        "{classe:?}"
    );
}

/// Publishers add fields: unknown elements (any namespace, any depth), attributes, comments
/// and processing instructions are skipped.
#[test]
fn unknown_elements_are_ignored() {
    let body = format!(
        "<!-- gerado --><ns2:cessarVinculoResponse xmlns:ns2=\"{VO}\" versao=\"2\"><?trace id=1?>\
         <numero-registo>000123</numero-registo><codigo-resultado origem=\"ptss\">1</codigo-resultado>\
         <x:auditoria xmlns:x=\"urn:example:auditoria\"><x:quando>2024-02-01T10:00:00Z</x:quando></x:auditoria>\
         <mensagens-erro/></ns2:cessarVinculoResponse>"
    );
    let (result, _) = exchange(&CESSAR, Cred::Basic, answer::ok("soap", &body), |c| {
        cessar_vinculo::BlockingClient::new(c).cessar_vinculo(&cessar_request())
    });
    assert_eq!(result.unwrap().codigo_resultado, 1);

    let contrato = CONTRATO_PARCIAL.replace("<profissao>", "<novo-campo><sub>1</sub></novo-campo><profissao>");
    let body = format!(
        "<ns2:getDadosContratosResponse xmlns:ns2=\"{VO}\"><codigo-resultado>1</codigo-resultado><total>1</total>\
         <contratos><resumo/>{contrato}</contratos></ns2:getDadosContratosResponse>"
    );
    let (result, _) = exchange(&GET_DADOS_CONTRATOS, Cred::Basic, answer::ok("soap", &body), |c| {
        consultar_contratos::BlockingClient::new(c).get_dados_contratos(&get_dados_contratos_request())
    });
    let contratos = result.unwrap().contratos.expect("contratos").contrato;
    assert_eq!(contratos.len(), 1);
    assert_eq!(contratos[0].profissao.as_deref(), Some("93130"));

    let body = format!(
        "<SearchResponse xmlns=\"{SIOE}\"><SearchResult><ExtensionData/><Resultado><CodigoSIOE>1</CodigoSIOE>\
         <Morada>x</Morada><Designacao>D</Designacao></Resultado></SearchResult><Total>1</Total></SearchResponse>"
    );
    let (result, _) = exchange(&SIOE_SEARCH, Cred::None, answer::ok("s", &body), |c| {
        sioe_directory::BlockingClient::new(c).search(&sioe_search_request())
    });
    let r = result.unwrap().search_result.expect("SearchResult").resultado.remove(0);
    assert_eq!(
        (r.codigo_sioe.as_deref(), r.designacao.as_deref(), r.sigla, r.classe),
        (Some("1"), Some("D"), None, None)
    );

    // A SOAP Header in the answer is no obstacle either.
    let with_header = format!(
        "<soap:Envelope xmlns:soap=\"{SOAP11_NS}\"><soap:Header><wsa:Action xmlns:wsa=\"{WSA}\">urn:x</wsa:Action></soap:Header>\
         <soap:Body><ns2:getDadosResponse xmlns:ns2=\"{WSIDQ}\"><codigoEstado>0</codigoEstado>\
         <mensagemEstado>O pedido ainda não foi processado</mensagemEstado></ns2:getDadosResponse></soap:Body></soap:Envelope>"
    );
    let (result, _) = exchange(&GET_DADOS, Cred::Basic, Answer::new(200, TEXT_XML, with_header), |c| {
        consultar_trabalhadores::BlockingClient::new(c).get_dados(&get_dados_request())
    });
    assert_eq!(result.unwrap().codigo_estado, consultar_trabalhadores::CodigoEstado::V0);
}

/// The contrato family's result code may come camelCased: "also accept `codigoResultado`"
/// (psi-services.md §5.4, §6.4 Unknown, §7.7.1).
#[test]
fn contrato_result_code_in_camel_case_is_accepted() {
    let body = format!(
        "<ns2:cessarVinculoResponse xmlns:ns2=\"{VO}\"><codigoResultado>3</codigoResultado>\
         <mensagensErro>MOTIVO INVÁLIDO</mensagensErro></ns2:cessarVinculoResponse>"
    );
    let (result, _) = exchange(&CESSAR, Cred::Basic, answer::ok("soap", &body), |c| {
        cessar_vinculo::BlockingClient::new(c).cessar_vinculo(&cessar_request())
    });
    let r = result.unwrap();
    assert_eq!(r.codigo_resultado, 3);
    assert_eq!(r.mensagens_erro.as_deref(), Some("MOTIVO INVÁLIDO"));
}

// ---- XSD validation with libxml2 ---------------------------------------------------------

/// The request element every operation writes validates against its service's XSD.
#[test]
fn every_request_validates_against_its_xsd() {
    let mut failures = Vec::new();
    for (op, cred, call) in every_operation() {
        let (_, seen) = exchange(op, cred, answer::psi_forbidden(), call);
        let instance = operation_document(&seen.body);
        let v = xsd::validate(op.xsd, &instance, op.name);
        if !v.valid {
            failures.push(format!(
                "{} against specs/{}:\n{}\n{instance}",
                op.name, op.xsd, v.output
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The requests with every optional part left out validate too (minOccurs="0", nillable).
#[test]
fn minimal_requests_validate_against_their_xsd() {
    let minimal: Vec<(&Op, Call)> = vec![
        (
            &CESSAR,
            Box::new(|c| {
                let mut r = cessar_request();
                r.fundamentacao = None;
                cessar_vinculo::BlockingClient::new(c).cessar_vinculo(&r).map(drop)
            }),
        ),
        (
            &ALTERAR,
            Box::new(|c| {
                let mut r = alterar_request();
                r.modalidade_contrato = shared::ModalidadeContrato::A;
                r.prestacao_trabalho = None;
                r.fim_contrato = None;
                r.diuturnidades = None;
                r.percentagem_trabalho = None;
                r.horas_trabalho = None;
                r.dias_trabalho = None;
                r.motivo_contrato = None;
                r.niss_trabalhador_substituir = None;
                alterar_contrato::BlockingClient::new(c)
                    .alterar_contrato_trabalho(&r)
                    .map(drop)
            }),
        ),
        (
            &REGISTAR_VINCULO,
            Box::new(|c| {
                let mut r = registar_vinculo_request()
                    .with_percentagem_trabalho(dec("50.5"))
                    .with_horas_trabalho(dec("20"))
                    .with_dias_trabalho(dec("2.5"));
                r.modalidade_contrato = shared::ModalidadeContrato::B;
                r.fim_contrato = None;
                r.motivo_contrato = None;
                registar_vinculo::BlockingClient::new(c)
                    .registar_vinculo_trabalhador(&r)
                    .map(drop)
            }),
        ),
        (
            &REGISTAR_PERIODO,
            Box::new(|c| {
                let mut r = registar_periodo_request().with_data_fim(date(2024, 12, 31));
                r.diuturnidades = None;
                registar_periodo_rendimento::BlockingClient::new(c)
                    .registar_periodo_rendimento_contrato_trabalho(&r)
                    .map(drop)
            }),
        ),
        (
            &PESQUISA_CONTRATOS,
            Box::new(|c| {
                let mut r = pesquisa_contratos_request();
                r.trabalhadores = None;
                consultar_contratos::BlockingClient::new(c)
                    .pesquisa_contratos(&r)
                    .map(drop)
            }),
        ),
        (
            &OBTER_COMUNICACOES,
            Box::new(|c| {
                let r = obter_comunicacoes::ObterComunicacoes::new();
                obter_comunicacoes::BlockingClient::new(c)
                    .obter_comunicacoes(&r)
                    .map(drop)
            }),
        ),
        (
            &GET_QUALIFICACOES,
            Box::new(|c| {
                consultar_trabalhadores::BlockingClient::new(c)
                    .get_qualificacoes_trabalhadores_vinculados_ee(&get_qualificacoes_request(None))
                    .map(drop)
            }),
        ),
        (
            &SIOE_SEARCH,
            Box::new(|c| {
                let r = sioe_directory::Search::new(sioe_directory::SearchRequest::new(10, 2));
                sioe_directory::BlockingClient::new(c).search(&r).map(drop)
            }),
        ),
        (
            &SIOE_GET,
            Box::new(|c| {
                let r = sioe_directory::Get::new(sioe_directory::GetRequest::new("123456789"));
                sioe_directory::BlockingClient::new(c).get(&r).map(drop)
            }),
        ),
    ];
    for (op, call) in minimal {
        let (_, seen) = exchange(op, Cred::Basic, answer::psi_forbidden(), call);
        xsd::assert_valid(op.xsd, &operation_document(&seen.body), op.name);
    }
}

/// `nissPS` is nillable in the WSIDQ XSD, so `xsi:nil="true"` validates (the form the PSI
/// expects, §5.8), as the request fixture shows; the validator rejects what the schema
/// forbids (a control that it really checks).
#[test]
fn nil_niss_ps_validates_and_the_validator_rejects_bad_instances() {
    let schema_text = std::fs::read_to_string(xsd::specs_dir().join(GET_QUALIFICACOES.xsd)).expect("XSD");
    let schema = Document::parse(&schema_text).expect("XSD is XML");
    let niss_ps = schema
        .descendants()
        .find(|n| {
            n.tag_name().name() == "element"
                && n.attribute("name") == Some("nissPS")
                && n.attribute("nillable").is_some()
        })
        .expect("the request's nissPS declaration");
    assert_eq!(
        niss_ps.attribute("nillable"),
        Some("true"),
        "nissPS must be nillable in the XSD"
    );

    let fixture = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/soap/consultar-trabalhadores-request.xml"
    ))
    .expect("fixture");
    assert!(fixture.contains("xsi:nil=\"true\""));
    xsd::assert_valid(
        GET_QUALIFICACOES.xsd,
        &fixture,
        "consultar-trabalhadores fixture (nil nissPS)",
    );

    // Controls: a qualified child, a missing required child, a NISS of 10 digits.
    let bad = [
        (
            CESSAR.xsd,
            format!(
                "<vo:cessarVinculo xmlns:vo=\"{VO}\"><vo:niss-trabalhador>29999999991</vo:niss-trabalhador><data-fim-vinculo>2024-01-31</data-fim-vinculo><motivo-fim-vinculo>CDT</motivo-fim-vinculo><comunicacao-desemprego>0</comunicacao-desemprego></vo:cessarVinculo>"
            ),
        ),
        (
            CESSAR.xsd,
            format!(
                "<vo:cessarVinculo xmlns:vo=\"{VO}\"><niss-trabalhador>29999999991</niss-trabalhador><motivo-fim-vinculo>CDT</motivo-fim-vinculo><comunicacao-desemprego>0</comunicacao-desemprego></vo:cessarVinculo>"
            ),
        ),
        (
            GET_DADOS_CONTRATOS.xsd,
            format!(
                "<vo:pesquisaContratos xmlns:vo=\"{VO}\"><data-inicio>2024-01-01</data-inicio><data-fim>2024-01-31</data-fim><trabalhadores><niss-trabalhador>2999999999</niss-trabalhador></trabalhadores></vo:pesquisaContratos>"
            ),
        ),
    ];
    for (schema, instance) in bad {
        let v = xsd::validate(schema, &instance, "control");
        assert!(
            !v.valid,
            "xmllint accepted an invalid instance:\n{instance}\n{}",
            v.output
        );
    }
}
