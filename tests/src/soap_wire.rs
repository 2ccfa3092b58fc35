//! What a SOAP client must put on the wire, checked on the request the simulator recorded:
//! every SOAP operation's endpoint path, SOAPAction and XSD; the HTTP side (method, path,
//! headers); the envelope and the operation element (roxmltree); the operation element as a
//! document of its own, for XSD validation; the WS-Addressing headers of WSIDQ.
//!
//! Facts from `../shared/reference/psi-services.md` (§2.3 SOAP conventions, §5.4 naming,
//! §6.x per service).

use psi_sim::Recorded;
use roxmltree::{Document, Node};

use crate::sim::Cred;
use crate::soap::SOAP11_NS;

/// The contrato family's message namespace.
pub const VO: &str = "http://vo.webservice.contrato.segsocial.pt";
/// Consultar Trabalhadores (WSIDQ).
pub const WSIDQ: &str = "http://vo.webservice.wsidq.segsocial.pt";
/// Declarações de Remunerações.
pub const GF: &str = "http://app.seg-social.pt/ws/gr/gestaoficheiro";
/// The SIOE directory (WCF, qualified elements).
pub const SIOE: &str = "https://sioe.dgaep.gov.pt";
/// XML Schema instance.
pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// WS-Addressing 1.0.
pub const WSA: &str = "http://www.w3.org/2005/08/addressing";

/// One SOAP operation: its name (the simulator's too), its endpoint path in every
/// environment, the SOAPAction of the WSDL binding, and the XSD of its messages.
#[derive(Debug)]
pub struct Op {
    /// The operation (and request element) name.
    pub name: &'static str,
    /// The endpoint's path.
    pub path: &'static str,
    /// The binding's `soapAction`.
    pub action: &'static str,
    /// The messages' XSD, under `specs/`.
    pub xsd: &'static str,
}

/// Cessar Vínculo (§6.4).
pub const CESSAR: Op = Op {
    name: "cessarVinculo",
    path: "/ws/contrato/v1/cessarVinculoTrabalhador",
    action: "http://interfaces.webservice.contrato.segsocial.pt#cessarVinculo",
    xsd: "psi/cessar-vinculo/CessarVinculoTrabalhadorService_schema1.xsd",
};
/// Alterar Contrato (§6.5).
pub const ALTERAR: Op = Op {
    name: "alterarContratoTrabalho",
    path: "/ws/contrato/v1/alterarContratoTrabalho",
    action: "http://interfaces.webservice.contrato.segsocial.pt#alterarContratoTrabalho",
    xsd: "psi/alterar-contrato/AlterarContratoTrabalhoService_schema1.xsd",
};
/// Comunicar Vínculo, Regime Geral (§6.3).
pub const REGISTAR_VINCULO: Op = Op {
    name: "registarVinculoTrabalhador",
    path: "/ws/contrato/v1/registarVinculoTrabalhador",
    action: "http://interfaces.webservice.contrato.segsocial.pt#registarVinculoTrabalhador",
    xsd: "psi/registar-vinculo/RegistarVinculoTrabalhadorService_schema1.xsd",
};
/// Adicionar Período de Rendimento (§6.6).
pub const REGISTAR_PERIODO: Op = Op {
    name: "registarPeriodoRendimentoContratoTrabalho",
    path: "/ws/contrato/v1/registarPeriodoRendimentoContratoTrabalho",
    action: "http://interfaces.webservice.contrato.segsocial.pt#registarPeriodoRendimentoContratoTrabalho",
    xsd: "psi/registar-periodo-rendimento/RegistarPeriodoRendimentoContratoTrabalhoService_schema1.xsd",
};
/// Consultar Contratos, step 1 (§6.7).
pub const PESQUISA_CONTRATOS: Op = Op {
    name: "pesquisaContratos",
    path: "/ws/contrato/v1/contratos",
    action: "http://interfaces.webservice.contrato.segsocial.pt#pesquisaContratos",
    xsd: "psi/consultar-contratos/ContratosService_schema1.xsd",
};
/// Consultar Contratos, step 2 (§6.7).
pub const GET_DADOS_CONTRATOS: Op = Op {
    name: "getDadosContratos",
    path: "/ws/contrato/v1/contratos",
    action: "http://interfaces.webservice.contrato.segsocial.pt#getDadosContratos",
    xsd: "psi/consultar-contratos/ContratosService_schema1.xsd",
};
/// Consultar Comunicações (§6.8).
pub const OBTER_COMUNICACOES: Op = Op {
    name: "obterComunicacoes",
    path: "/ws/contrato/v1/obterComunicacoes",
    // Capital O, unlike the element (§6.8).
    action: "http://interfaces.webservice.contrato.segsocial.pt#ObterComunicacoes",
    xsd: "psi/obter-comunicacoes/ObterComunicacoesService_schema1.xsd",
};
/// Consultar Trabalhadores, step 1 (§6.1).
pub const GET_QUALIFICACOES: Op = Op {
    name: "getQualificacoesTrabalhadoresVinculadosEE",
    path: "/ws/idq/WsIdqQualificacoesTrabalhadoresVinculadosEE_Request",
    action: "",
    xsd: "psi/consultar-trabalhadores/WsIdqQualificacoesTrabalhadoresVinculadosEEService_schema1.xsd",
};
/// Consultar Trabalhadores, step 2 (§6.1).
pub const GET_DADOS: Op = Op {
    name: "getDados",
    path: "/ws/idq/WsIdqQualificacoesTrabalhadoresVinculadosEE_Request",
    action: "",
    xsd: "psi/consultar-trabalhadores/WsIdqQualificacoesTrabalhadoresVinculadosEEService_schema1.xsd",
};
/// Declarações de Remunerações (§6.2).
pub const CONSULTAR_FICHEIRO: Op = Op {
    name: "consultarFicheiro",
    path: "/ws/gr/v1/gestaoFicheiro",
    action: "",
    xsd: "psi/gestao-ficheiro/GestaoFicheiroService_schema1.xsd",
};
/// SIOE directory search.
pub const SIOE_SEARCH: Op = Op {
    name: "Search",
    path: "/SIOEPublicService.svc",
    action: "https://sioe.dgaep.gov.pt/Search",
    xsd: "sioe/directory/SIOEPublicService.xsd0.xsd",
};
/// SIOE directory entry.
pub const SIOE_GET: Op = Op {
    name: "Get",
    path: "/SIOEPublicService.svc",
    action: "https://sioe.dgaep.gov.pt/Get",
    xsd: "sioe/directory/SIOEPublicService.xsd0.xsd",
};

/// The HTTP side of a SOAP 1.1 request: `POST` to the operation's path, no query,
/// `Content-Type`, the quoted SOAPAction, `Authorization`, `Accept` and `User-Agent`.
pub fn assert_http(seen: &Recorded, op: &Op, cred: Cred) {
    assert_eq!(seen.method, "POST", "{}", op.name);
    assert_eq!(seen.path, op.path, "{}: the endpoint path", op.name);
    assert!(seen.query.is_empty(), "{}: no query: {:?}", op.name, seen.query);
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
        cred.recorded(),
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
pub fn parse(body: &str) -> Document<'_> {
    Document::parse(body).unwrap_or_else(|e| panic!("the request is not well-formed XML ({e}):\n{body}"))
}

/// The element children of `node`.
pub fn elements<'a, 'i>(node: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    node.children().filter(Node::is_element).collect()
}

/// The only element child of `parent` named `name` (any namespace).
pub fn child<'a, 'i>(parent: Node<'a, 'i>, name: &str) -> Node<'a, 'i> {
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
pub fn operation<'a, 'i>(doc: &'a Document<'i>, ns: &str, name: &str) -> Node<'a, 'i> {
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
pub fn assert_children(parent: Node<'_, '_>, ns: Option<&str>, expected: &[(&str, &str)]) {
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
pub fn assert_children_any_order(parent: Node<'_, '_>, ns: Option<&str>, expected: &[(&str, &str)]) {
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
pub fn operation_document(body: &str) -> String {
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

/// The WS-Addressing headers the WSIDQ binding requires (`wsaw:UsingAddressing
/// required="true"`): `Action`, `To` (the endpoint) and a fresh `MessageID`; the action.
pub fn assert_ws_addressing(doc: &Document<'_>, endpoint: &str) -> String {
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

/// The endpoint of `op` at the host a recorded request names, as `wsa:To` must name it.
pub fn endpoint(seen: &Recorded, op: &Op) -> String {
    format!("http://{}{}", seen.header("host").expect("Host"), op.path)
}
