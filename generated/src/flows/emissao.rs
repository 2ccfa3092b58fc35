//! §6.10 Emissão de Documentos de Pagamento: `POST …/pedido-emissao`, then
//! `GET …/consulta-pedido/{chave}`.

use super::driver::{Start, Step, Submitted, TwoStep, run_async};
use super::{AsyncSleeper, Outcome, Polling, non_blank};
use crate::api::emissao_documentos_pagamento::{
    Client, ObterPedidoEmissaoDocumentoPagamentoRespostaVo as ObterResposta,
    ObterPedidoEmissaoDocumentosPagamentoResponse as ObterResponse, PedidoEmissaoDocumentoPagamentoVo,
    PedirEmissaoDocumentosPagamentoResponse as PedidoResponse, codec,
};
use crate::api::shared::{ObterDocumentoPagamentoVo, RetornoValidacaoDto};
use crate::rt::xml::DecodeError;
use crate::rt::{Config, Error, Niss, Request, Response, ResultCode};

/// Request the issue of payment documents and poll for the answer.
///
/// The pedido (§6.10.1) is read by `codigoResultado`:
///
/// * `1` (accepted), `10` (a request for the same entity and âmbito is already processing)
///   and `11` (a still-valid answer already exists) all return a `chave` — for `10` and `11`
///   the **existing** request's — and that `chave` is polled. One of these codes without a
///   `chave` is an [`Error::Decode`].
/// * any other code (including `0` with HTTP 500) is [`Outcome::Failed`].
///
/// The obter (§6.10.2) is read by `codigoResultado`, whatever the HTTP status it came with
/// (200, 400, 404, 500: the PSI's statuses do not reliably follow the code, §5.5):
///
/// | `codigoResultado` | Outcome |
/// |---|---|
/// | `1` | [`Outcome::Data`] with `resultado` |
/// | `10` | poll again, then [`Outcome::Pending`] |
/// | `14` | [`Outcome::Expired`] |
/// | `15` | [`Outcome::NoData`] (processed, nothing to pay) |
/// | `13` (invalid key; HTTP 404 or 400), `0` (HTTP 500), another code or none | [`Outcome::Failed`] |
///
/// HTTP 401 and 403 on either call, and 400 on the pedido (whose generated variant has no
/// body), are [`Error::Status`]. An accepted pedido cannot be cancelled (§6.10.1).
pub async fn emissao_documentos_pagamento(
    client: &Client,
    niss_representado: Option<&Niss>,
    request: &PedidoEmissaoDocumentoPagamentoVo,
    polling: &Polling,
    sleeper: &impl AsyncSleeper,
) -> Result<Outcome<Vec<ObterDocumentoPagamentoVo>>, Error> {
    let flow = Flow {
        request: Some((niss_representado, request)),
    };
    run_async(client.core(), &flow, Start::Submit, polling, sleeper).await
}

/// Poll `consulta-pedido` for a `chave` (from an earlier pedido, e.g. after
/// [`Outcome::Pending`]). Read as [`emissao_documentos_pagamento`] reads the obter.
pub async fn obter_emissao_documentos_pagamento(
    client: &Client,
    chave: &str,
    polling: &Polling,
    sleeper: &impl AsyncSleeper,
) -> Result<Outcome<Vec<ObterDocumentoPagamentoVo>>, Error> {
    run_async(
        client.core(),
        &Flow { request: None },
        Start::Resume(chave),
        polling,
        sleeper,
    )
    .await
}

/// The same flow for the blocking client.
#[cfg(feature = "blocking")]
pub mod blocking {
    use super::{Flow, Outcome, Polling, Start};
    use crate::api::emissao_documentos_pagamento::{BlockingClient, PedidoEmissaoDocumentoPagamentoVo};
    use crate::api::shared::ObterDocumentoPagamentoVo;
    use crate::flows::Sleeper;
    use crate::flows::driver::run_blocking;
    use crate::rt::{Error, Niss};

    /// [`super::emissao_documentos_pagamento`], blocking.
    pub fn emissao_documentos_pagamento(
        client: &BlockingClient,
        niss_representado: Option<&Niss>,
        request: &PedidoEmissaoDocumentoPagamentoVo,
        polling: &Polling,
        sleeper: &mut impl Sleeper,
    ) -> Result<Outcome<Vec<ObterDocumentoPagamentoVo>>, Error> {
        let flow = Flow {
            request: Some((niss_representado, request)),
        };
        run_blocking(client.core(), &flow, Start::Submit, polling, sleeper)
    }

    /// [`super::obter_emissao_documentos_pagamento`], blocking.
    pub fn obter_emissao_documentos_pagamento(
        client: &BlockingClient,
        chave: &str,
        polling: &Polling,
        sleeper: &mut impl Sleeper,
    ) -> Result<Outcome<Vec<ObterDocumentoPagamentoVo>>, Error> {
        run_blocking(
            client.core(),
            &Flow { request: None },
            Start::Resume(chave),
            polling,
            sleeper,
        )
    }
}

/// Emissão de documentos de pagamento as a [`TwoStep`] service.
struct Flow<'a> {
    request: Option<(Option<&'a Niss>, &'a PedidoEmissaoDocumentoPagamentoVo)>,
}

impl TwoStep for Flow<'_> {
    type Data = Vec<ObterDocumentoPagamentoVo>;

    fn submit(&self, config: &Config) -> Result<Request, Error> {
        let (niss, request) = self
            .request
            .ok_or_else(|| Error::Invalid("no request to submit".into()))?;
        codec::pedir_emissao_documentos_pagamento::request(config, niss, request)
    }

    fn submitted(&self, config: &Config, response: &Response) -> Result<Submitted<Self::Data>, Error> {
        let resposta = match codec::pedir_emissao_documentos_pagamento::response(config, response)? {
            PedidoResponse::Ok(r) | PedidoResponse::InternalServerError(r) => r,
            PedidoResponse::BadRequest => return Err(Error::from_status(400, None, b"")),
            PedidoResponse::Unauthorized => return Err(Error::from_status(401, None, b"")),
            PedidoResponse::Forbidden(dto) => return Err(forbidden(&dto)),
        };
        let code = resposta.codigo_resultado.map(ResultCode::value);
        match code {
            Some(1 | 10 | 11) => match resposta.chave.filter(|c| !c.trim().is_empty()) {
                Some(chave) => Ok(Submitted::Chave(chave)),
                None => Err(Error::Decode(DecodeError::new(format!(
                    "pedido de emissão answered codigoResultado {} without a chave",
                    code.unwrap_or_default()
                )))),
            },
            _ => Ok(Submitted::Done(Outcome::Failed {
                code,
                message: non_blank(resposta.mensagem.as_deref()).map(str::to_owned),
            })),
        }
    }

    fn poll(&self, config: &Config, chave: &str) -> Result<Request, Error> {
        codec::obter_pedido_emissao_documentos_pagamento::request(config, chave)
    }

    fn polled(&self, config: &Config, response: &Response) -> Result<Step<Self::Data>, Error> {
        match codec::obter_pedido_emissao_documentos_pagamento::response(config, response)? {
            ObterResponse::Ok(r)
            | ObterResponse::BadRequest(r)
            | ObterResponse::NotFound(r)
            | ObterResponse::InternalServerError(r) => Ok(read(r)),
            ObterResponse::Unauthorized => Err(Error::from_status(401, None, b"")),
            ObterResponse::Forbidden(dto) => Err(forbidden(&dto)),
        }
    }
}

fn read(resposta: ObterResposta) -> Step<Vec<ObterDocumentoPagamentoVo>> {
    let ObterResposta {
        codigo_resultado,
        mensagem,
        resultado,
    } = resposta;
    let code = codigo_resultado.map(ResultCode::value);
    let outcome = match code {
        Some(1) => Outcome::Data(resultado),
        Some(10) => return Step::Again,
        Some(14) => Outcome::Expired,
        Some(15) => Outcome::NoData,
        _ => Outcome::Failed {
            code,
            message: non_blank(mensagem.as_deref()).map(str::to_owned),
        },
    };
    Step::Done(outcome)
}

/// A 403 as [`Error::Status`], its `{code, message}` body kept as JSON.
fn forbidden(dto: &RetornoValidacaoDto) -> Error {
    let body = serde_json::to_vec(dto).unwrap_or_default();
    Error::from_status(403, Some("application/json"), &body)
}
