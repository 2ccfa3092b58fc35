//! The REST services: QLF (reference §6.9) and CI payment documents (§6.10–§6.13).

use psi_client::api::comprovativos_pagamento::{ComprovativoPagamentoVo, ComprovativosPagamentoRespostaVo};
use psi_client::api::consulta_documentos_pagamento::ConsultaDocumentosPagamentoRespostaVo;
use psi_client::api::consultar_contratos::Contrato;
use psi_client::api::emissao_documentos_pagamento::{
    ObterPedidoEmissaoDocumentoPagamentoRespostaVo, PedidoEmissaoDocumentoPagamentoRespostaVo,
    PedidoEmissaoDocumentoPagamentoVo,
};
use psi_client::api::qlf::PedidoVinculoTrabalhadorDto;
use psi_client::api::shared::{ObterDocumentoPagamentoVo, PagamentoMultibancoVo, ReferenciaDocumentoPagamentoVo};
use psi_client::rt::{Date, ResultCode};
use psi_client::rules::Validate;

use super::violations;
use crate::call::{Call, adhered, lock};
use crate::problem::Problem;
use crate::rest::{self, INVALID, NOT_ALLOWED};
use crate::server::HttpResponse;
use crate::state::{Asked, DocState, Document, Phase, Stored};

pub(crate) fn handle(call: &Call<'_>) -> HttpResponse {
    match call.op.name {
        "comunicarVinculoTrabalhador" => qlf(call),
        "pedirEmissaoDocumentosPagamento" => pedido(call),
        "obterPedidoEmissaoDocumentosPagamento" => obter(call),
        "consultarDocumentosPagamento" => consulta(call),
        "obterComprovativosPagamento" => comprovativos(call),
        "cancelarDocumentoPagamento" => cancelar(call),
        other => rest::error(500, 500, &format!("`{other}` is not simulated")),
    }
}

fn invalid(problem: &Problem) -> HttpResponse {
    rest::error(400, 400, &format!("{INVALID}: {}", problem.message()))
}

/// QLF: 204 when registered; 400 `{code, message}` when invalid; 403 when the employer in
/// the body has not adhered.
fn qlf(call: &Call<'_>) -> HttpResponse {
    let r: PedidoVinculoTrabalhadorDto = match rest::decode(&call.request.body) {
        Ok(r) => r,
        Err(p) => return invalid(&p),
    };
    if !adhered(call.shared, r.niss_entidade_empregadora.as_str()) {
        return rest::error(403, 403, NOT_ALLOWED);
    }
    let mut state = lock(&call.shared.state);
    let today = state.today();
    if let Some(p) = violations(&r.validate(today)) {
        return invalid(&p);
    }
    let employer = r.niss_entidade_empregadora.as_str().to_owned();
    if state.active_mut(&employer, r.niss_trabalhador.as_str()).is_some() {
        return rest::error(400, 400, "JÁ EXISTE VÍNCULO ATIVO PARA O TRABALHADOR");
    }
    let nome = state.examples.masked_name();
    let mut c = Contrato::new()
        .with_niss_trabalhador(r.niss_trabalhador.clone())
        .with_nome_trabalhador(nome)
        .with_modalidade_contrato(r.modalidade_contrato.clone())
        .with_prestacao_trabalho(r.prestacao_trabalho.clone())
        .with_inicio_contrato(r.inicio_contrato)
        .with_inicio_informacao_contrato(today)
        .with_fim_informacao_contrato(Date::from_ymd_opt(9999, 12, 31).unwrap_or(Date::MAX))
        .with_profissao(r.profissao.clone())
        .with_remuneracao_base(r.remuneracao_base);
    c.fim_contrato = r.fim_contrato;
    c.percentagem_trabalho = r.percentagem_trabalho;
    c.horas_trabalho = r.horas_trabalho;
    c.dias_trabalho = r.dias_trabalho;
    c.motivo_contrato = r.motivo_contrato.clone();
    c.niss_trabalhador_substituir = r.niss_trabalhador_substituir.clone();
    state.contracts.push(Stored {
        employer,
        contrato: c,
        born: Some(r.data_nascimento),
        ended: None,
    });
    HttpResponse::new(204, None, Vec::new())
}

/// §6.10.1: `1` with a new `chave`; `10` with the pending request's `chave`; `11` with the
/// `chave` of a still-valid answer for the same âmbito.
fn pedido(call: &Call<'_>) -> HttpResponse {
    let r: PedidoEmissaoDocumentoPagamentoVo = match rest::decode(&call.request.body) {
        Ok(r) => r,
        Err(p) => return invalid(&p),
    };
    let mut state = lock(&call.shared.state);
    if let Some(p) = violations(&r.validate(state.today())) {
        return invalid(&p);
    }
    let ambito = r.ambito.as_str().to_owned();
    let existing = state.jobs.iter().find_map(|(chave, job)| match &job.asked {
        Asked::Emissao { ambito: a, .. } if *a == ambito && job.employer == call.employer => {
            Some((chave.clone(), state.phase(job)))
        }
        _ => None,
    });
    let answer = |code: i64, chave: String, message: &str| {
        rest::json(
            200,
            &PedidoEmissaoDocumentoPagamentoRespostaVo::new()
                .with_codigo_resultado(ResultCode(code))
                .with_mensagem(message)
                .with_chave(chave),
        )
    };
    match existing {
        Some((chave, Phase::Pending)) => answer(10, chave, "Pedido em processamento"),
        Some((chave, Phase::Ready)) => answer(11, chave, "Já existe uma resposta válida"),
        _ => {
            let chave = state.submit(&call.employer, Asked::Emissao { ambito, issued: None });
            answer(1, chave, "Pedido aceite")
        }
    }
}

/// A `chave` as the simulator issues them (`SIM` and digits).
fn well_formed_key(chave: &str) -> bool {
    chave.len() > 3 && chave.starts_with("SIM") && chave[3..].bytes().all(|b| b.is_ascii_digit())
}

/// §6.10.2: `1` with the documents, `10` pending, `14` expired; `13` for an invalid key
/// (400 when malformed, 404 when not the requester's).
fn obter(call: &Call<'_>) -> HttpResponse {
    let chave = call.params.first().map(String::as_str).unwrap_or_default();
    let reply = |status: u16, code: i64, message: &str, docs: Vec<ObterDocumentoPagamentoVo>| {
        rest::json(
            status,
            &ObterPedidoEmissaoDocumentoPagamentoRespostaVo::new()
                .with_codigo_resultado(ResultCode(code))
                .with_mensagem(message)
                .with_resultado(docs),
        )
    };
    if !well_formed_key(chave) {
        return reply(400, 13, "Chave inválida", Vec::new());
    }
    let mut state = lock(&call.shared.state);
    let Some(job) = state.jobs.get(chave).filter(|j| j.employer == call.employer).cloned() else {
        return reply(404, 13, "Chave inválida", Vec::new());
    };
    match state.phase(&job) {
        Phase::Pending => reply(200, 10, "Pedido em processamento", Vec::new()),
        Phase::Expired => reply(200, 14, "Pedido expirado", Vec::new()),
        Phase::Ready => {
            let Asked::Emissao { ambito, issued } = &job.asked else {
                return reply(404, 13, "Chave inválida", Vec::new());
            };
            let numbers = match issued {
                Some(n) => n.clone(),
                None => {
                    let numbers = issue(&mut state, &call.employer, ambito);
                    if let Some(Asked::Emissao { issued, .. }) = state.jobs.get_mut(chave).map(|j| &mut j.asked) {
                        *issued = Some(numbers.clone());
                    }
                    numbers
                }
            };
            let docs = state
                .documents
                .iter()
                .filter(|d| {
                    d.vo.numero_documento_pagamento
                        .as_ref()
                        .is_some_and(|n| numbers.contains(n))
                })
                .map(|d| d.vo.clone())
                .collect();
            reply(200, 1, "Sucesso", docs)
        }
    }
}

/// Issue one payment document for an âmbito; its number.
fn issue(state: &mut crate::state::State, employer: &str, ambito: &str) -> Vec<String> {
    let numero = state.examples.digits(12);
    let valor = state.examples.amount(50, 900);
    let validade = state.today() + chrono::Duration::days(30);
    let referencia = ReferenciaDocumentoPagamentoVo::new().with_pagamento_multibanco(
        PagamentoMultibancoVo::new()
            .with_entidade_multibanco("20638")
            .with_referencia_multibanco(state.examples.digits(9)),
    );
    let vo = ObterDocumentoPagamentoVo::new()
        .with_tipo("DP")
        .with_subtipo(ambito)
        .with_numero_documento_pagamento(numero.clone())
        .with_data_validade(validade)
        .with_valor(valor)
        .with_referencia_documento_pagamento(referencia);
    state.documents.push(Document {
        employer: employer.to_owned(),
        vo,
        state: DocState::Issued,
    });
    vec![numero]
}

/// §6.11: `1` with the payable documents; `4` with HTTP 400 when there are none (as seen live).
fn consulta(call: &Call<'_>) -> HttpResponse {
    let state = lock(&call.shared.state);
    let docs: Vec<ObterDocumentoPagamentoVo> = state
        .documents
        .iter()
        .filter(|d| d.employer == call.employer && d.state == DocState::Issued)
        .map(|d| d.vo.clone())
        .collect();
    if docs.is_empty() {
        return rest::ci(400, 4, Some("Não existem registos"));
    }
    rest::json(
        200,
        &ConsultaDocumentosPagamentoRespostaVo::new()
            .with_codigo_resultado(ResultCode(1))
            .with_mensagem("Sucesso")
            .with_resultado(docs),
    )
}

/// §6.12: example receipts for the year.
fn comprovativos(call: &Call<'_>) -> HttpResponse {
    let ano = call.params.first().map(String::as_str).unwrap_or_default();
    let Ok(year) = ano.parse::<i32>() else {
        return rest::ci(400, 4, Some(&format!("ano-pagamento `{ano}` não é um ano")));
    };
    let mut state = lock(&call.shared.state);
    let list: Vec<ComprovativoPagamentoVo> = (1..=2)
        .filter_map(|month| {
            let date = Date::from_ymd_opt(year, month, 20)?;
            Some(
                ComprovativoPagamentoVo::new()
                    .with_numero_documento_pagamento(state.examples.digits(12))
                    .with_data_pagamento(date)
                    .with_mensagem_natureza_pagamento("Contribuições")
                    .with_valor_pago(state.examples.amount(100, 900)),
            )
        })
        .collect();
    if list.is_empty() {
        return rest::ci(400, 4, Some("Não existem registos"));
    }
    rest::json(
        200,
        &ComprovativosPagamentoRespostaVo::new()
            .with_codigo_resultado(ResultCode(1))
            .with_mensagem("Sucesso")
            .with_resultado(list),
    )
}

/// §6.13: `1` cancelled; `17` at HTTP 200 when not cancellable, at HTTP 400 when the
/// identifier is malformed.
fn cancelar(call: &Call<'_>) -> HttpResponse {
    let id = call.params.first().map(String::as_str).unwrap_or_default();
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return rest::ci(400, 17, Some("Identificador inválido"));
    }
    let mut state = lock(&call.shared.state);
    let doc = state
        .documents
        .iter_mut()
        .find(|d| d.employer == call.employer && d.vo.numero_documento_pagamento.as_deref() == Some(id));
    match doc {
        Some(d) if d.state == DocState::Issued => {
            d.state = DocState::Cancelled;
            rest::ci(200, 1, Some("Documento anulado"))
        }
        _ => rest::ci(200, 17, Some("O documento não pode ser anulado")),
    }
}
