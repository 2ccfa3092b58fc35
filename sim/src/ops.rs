//! Every operation the simulator serves, and where it is found: SOAP operations by the
//! service's path and the Body's first element, REST operations by method and path. Paths
//! come from each generated module's `ENDPOINTS` (every environment's), so a client built for
//! any environment reaches the simulator with only its origin changed.

use psi_client::api;

/// The result-signalling family of an operation (reference §5.5, §7.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// contrato SOAP services: `codigo-resultado` / `mensagens-erro`.
    Contrato,
    /// WSIDQ (Consultar Trabalhadores): `codigoEstado` / `mensagemEstado`.
    Wsidq,
    /// Declarações de Remunerações: no result code is published.
    GestaoFicheiro,
    /// The SIOE public directory: no credential, no result code.
    Sioe,
    /// REST QLF: 204, or `{code, message}`.
    Qlf,
    /// REST CI: `{codigoResultado, mensagem}`.
    Ci,
}

/// How an operation is reached.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Wire {
    /// SOAP 1.1: the request element (namespace, local name) in the Body.
    Soap { ns: &'static str, element: &'static str },
    /// REST: method and the path after `/ptss/rest`, `{}` standing for one path segment.
    Rest { method: &'static str, path: &'static str },
}

/// One operation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct OpInfo {
    /// The operation name as the specs and the generated codecs name it.
    pub name: &'static str,
    pub endpoints: &'static [(&'static str, &'static str)],
    pub family: Family,
    pub wire: Wire,
}

const CONTRATO_NS: &str = "http://vo.webservice.contrato.segsocial.pt";
const WSIDQ_NS: &str = "http://vo.webservice.wsidq.segsocial.pt";
const GR_NS: &str = "http://app.seg-social.pt/ws/gr/gestaoficheiro";
const SIOE_NS: &str = "https://sioe.dgaep.gov.pt";

macro_rules! soap {
    ($name:literal, $service:ident, $family:ident, $ns:expr) => {
        OpInfo {
            name: $name,
            endpoints: api::$service::ENDPOINTS,
            family: Family::$family,
            wire: Wire::Soap {
                ns: $ns,
                element: $name,
            },
        }
    };
}

macro_rules! rest {
    ($name:literal, $service:ident, $family:ident, $method:literal, $path:literal) => {
        OpInfo {
            name: $name,
            endpoints: api::$service::ENDPOINTS,
            family: Family::$family,
            wire: Wire::Rest {
                method: $method,
                path: $path,
            },
        }
    };
}

/// The table, in the order of the reference's §6 (SIOE last).
pub(crate) const OPERATIONS: &[OpInfo] = &[
    soap!(
        "getQualificacoesTrabalhadoresVinculadosEE",
        consultar_trabalhadores,
        Wsidq,
        WSIDQ_NS
    ),
    soap!("getDados", consultar_trabalhadores, Wsidq, WSIDQ_NS),
    soap!("consultarFicheiro", gestao_ficheiro, GestaoFicheiro, GR_NS),
    soap!("registarVinculoTrabalhador", registar_vinculo, Contrato, CONTRATO_NS),
    soap!("cessarVinculo", cessar_vinculo, Contrato, CONTRATO_NS),
    soap!("alterarContratoTrabalho", alterar_contrato, Contrato, CONTRATO_NS),
    soap!(
        "registarPeriodoRendimentoContratoTrabalho",
        registar_periodo_rendimento,
        Contrato,
        CONTRATO_NS
    ),
    soap!("pesquisaContratos", consultar_contratos, Contrato, CONTRATO_NS),
    soap!("getDadosContratos", consultar_contratos, Contrato, CONTRATO_NS),
    soap!("obterComunicacoes", obter_comunicacoes, Contrato, CONTRATO_NS),
    rest!(
        "comunicarVinculoTrabalhador",
        qlf,
        Qlf,
        "POST",
        "/qlf/tco/vinculos/pedido"
    ),
    rest!(
        "pedirEmissaoDocumentosPagamento",
        emissao_documentos_pagamento,
        Ci,
        "POST",
        "/ci/documento-pagamento/pedido-emissao"
    ),
    rest!(
        "obterPedidoEmissaoDocumentosPagamento",
        emissao_documentos_pagamento,
        Ci,
        "GET",
        "/ci/documento-pagamento/consulta-pedido/{}"
    ),
    rest!(
        "consultarDocumentosPagamento",
        consulta_documentos_pagamento,
        Ci,
        "GET",
        "/ci/documento-pagamento/consulta"
    ),
    rest!(
        "obterComprovativosPagamento",
        comprovativos_pagamento,
        Ci,
        "GET",
        "/ci/comprovativos-pagamento/{}"
    ),
    rest!(
        "cancelarDocumentoPagamento",
        cancelamento_documento_pagamento,
        Ci,
        "PUT",
        "/ci/documento-pagamento/{}"
    ),
    soap!("Search", sioe_directory, Sioe, SIOE_NS),
    soap!("Get", sioe_directory, Sioe, SIOE_NS),
];

impl OpInfo {
    /// The operation called `name`.
    pub fn named(name: &str) -> Option<&'static OpInfo> {
        OPERATIONS.iter().find(|op| op.name == name)
    }

    /// The paths of this operation's endpoints, one per distinct environment path.
    pub fn paths(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = self.endpoints.iter().map(|(_, url)| path_of(url)).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The response element of a SOAP operation (`<name>Response`).
    pub fn response_element(&self) -> String {
        format!("{}Response", self.name)
    }

    /// The SOAP request namespace (also the response's), if this is a SOAP operation.
    pub fn soap_ns(&self) -> Option<&'static str> {
        match self.wire {
            Wire::Soap { ns, .. } => Some(ns),
            Wire::Rest { .. } => None,
        }
    }

    /// Does the service take a credential? (The SIOE directory is public.)
    pub fn needs_auth(&self) -> bool {
        self.family != Family::Sioe
    }
}

/// The path of a URL (`/` when it has none).
pub(crate) fn path_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    url[after_scheme..].find('/').map_or("/", |i| &url[after_scheme + i..])
}

/// The SOAP operations served at `path`.
pub(crate) fn soap_at(path: &str) -> Vec<&'static OpInfo> {
    OPERATIONS
        .iter()
        .filter(|op| matches!(op.wire, Wire::Soap { .. }) && op.paths().contains(&path))
        .collect()
}

/// The REST operation for `method` and `path`, with its path parameters; `Err` lists the
/// methods the path allows when only the method is wrong.
pub(crate) fn rest_at(method: &str, path: &str) -> Result<(&'static OpInfo, Vec<String>), Vec<&'static str>> {
    let mut allowed = Vec::new();
    for op in OPERATIONS {
        let Wire::Rest {
            method: m,
            path: template,
        } = op.wire
        else {
            continue;
        };
        for base in op.paths() {
            let Some(rest) = path.strip_prefix(base.trim_end_matches('/')) else {
                continue;
            };
            let Some(params) = match_template(template, rest) else {
                continue;
            };
            // A literal segment beats a parameter (`/consulta` is not an `{identificador}`).
            let literal_elsewhere = OPERATIONS
                .iter()
                .any(|other| matches!(other.wire, Wire::Rest { path: p, method: om } if p == rest && om == method));
            if !params.is_empty() && literal_elsewhere {
                continue;
            }
            if m == method {
                return Ok((op, params));
            }
            allowed.push(m);
        }
    }
    Err(allowed)
}

fn match_template(template: &str, path: &str) -> Option<Vec<String>> {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    if t.len() != p.len() {
        return None;
    }
    let mut params = Vec::new();
    for (t, p) in t.iter().zip(&p) {
        if *t == "{}" {
            if p.is_empty() {
                return None;
            }
            params.push(percent_decode(p));
        } else if t != p {
            return None;
        }
    }
    Some(params)
}

/// `%XX` sequences decoded (invalid ones kept as written).
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(v) = text.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_environment_path_is_served() {
        for op in OPERATIONS {
            assert!(!op.paths().is_empty(), "{}", op.name);
            assert_eq!(OpInfo::named(op.name).map(|o| o.name), Some(op.name));
        }
        let at = soap_at("/ws/contrato/v1/contratos");
        let names: Vec<_> = at.iter().map(|o| o.name).collect();
        assert_eq!(names, ["pesquisaContratos", "getDadosContratos"]);
    }

    #[test]
    fn rest_routes_prefer_literal_segments() {
        let (op, params) = rest_at("GET", "/ptss/rest/ci/documento-pagamento/consulta").expect("routed");
        assert_eq!((op.name, params.len()), ("consultarDocumentosPagamento", 0));
        let (op, params) = rest_at("PUT", "/ptss/rest/ci/documento-pagamento/12%2034").expect("routed");
        assert_eq!(
            (op.name, params),
            ("cancelarDocumentoPagamento", vec!["12 34".to_owned()])
        );
        assert_eq!(
            rest_at("DELETE", "/ptss/rest/ci/documento-pagamento/1").map(|_| ()),
            Err(vec!["PUT"])
        );
        assert!(rest_at("GET", "/ptss/rest/nope").is_err());
    }
}
