//! The operations' simulated behaviour, one module per family.

mod ci;
mod contrato;
mod other;

use psi_client::rules::{Rule, Violation};

use crate::call::Call;
use crate::ops::{Family, OpInfo, Wire};
use crate::problem::Problem;
use crate::server::HttpResponse;
use crate::soap;

/// The simulated answer of a call whose credential and adherence were checked.
pub(crate) fn handle(call: &Call<'_>) -> HttpResponse {
    match call.op.wire {
        Wire::Soap { ns, element } => {
            let Ok(text) = std::str::from_utf8(&call.request.body) else {
                return soap::client_fault("the request body is not UTF-8");
            };
            let doc = match roxmltree::Document::parse(text) {
                Ok(doc) => doc,
                Err(e) => return soap::client_fault(&format!("the request is not well-formed XML: {e}")),
            };
            let node = match soap::operation_element(&doc) {
                Ok(node) => node,
                Err(e) => return soap::client_fault(&e),
            };
            if node.tag_name().name() != element {
                return soap::client_fault(&format!(
                    "`{}` is not an operation of this service (expected `{element}` or another operation at this path)",
                    node.tag_name().name()
                ));
            }
            let input = SoapInput { doc: &doc, node, ns };
            match call.op.family {
                Family::Contrato => contrato::handle(call, &input),
                _ => other::handle(call, &input),
            }
        }
        Wire::Rest { .. } => ci::handle(call),
    }
}

/// A SOAP request, parsed.
pub(crate) struct SoapInput<'a, 'i> {
    pub doc: &'a roxmltree::Document<'i>,
    pub node: roxmltree::Node<'a, 'i>,
    pub ns: &'static str,
}

impl SoapInput<'_, '_> {
    pub fn decode<T: psi_client::rt::XmlElement>(&self) -> Result<T, Problem> {
        soap::decode(self.doc, self.node, self.ns)
    }
}

/// An answer carrying a result code (scripted, or a refusal), in the operation's family.
pub(crate) fn result(op: &OpInfo, code: i64, message: Option<&str>, status: Option<u16>) -> HttpResponse {
    match op.family {
        Family::Contrato => contrato::result(op, code, message),
        Family::Wsidq | Family::GestaoFicheiro | Family::Sioe => other::result(op, code, message),
        Family::Qlf => match status {
            Some(204) => HttpResponse::new(204, None, Vec::new()),
            s => crate::rest::error(s.unwrap_or(400), code, message.unwrap_or(crate::rest::INVALID)),
        },
        Family::Ci => crate::rest::ci(status.unwrap_or(200), code, message),
    }
}

/// The violations as one message, in the PSI's words where the reference gives them
/// ("DATA FIM CONTRATO COM FORMATO INVÁLIDO", §7.7.6).
pub(crate) fn violations(list: &[Violation]) -> Option<Problem> {
    if list.is_empty() {
        return None;
    }
    let parts: Vec<String> = list
        .iter()
        .map(|v| match v.rule {
            Rule::FimContratoNotAllowed => format!("DATA FIM CONTRATO COM FORMATO INVÁLIDO ({v})"),
            _ => v.to_string(),
        })
        .collect();
    Some(Problem::Invalid(parts.join("; ")))
}
