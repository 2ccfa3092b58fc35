//! §6.7 Consultar Contratos: `pesquisaContratos`, then `getDadosContratos`.

use super::driver::{Start, Step, Submitted, TwoStep, run_async};
use super::{AsyncSleeper, MessagePatterns, Outcome, Polling, TextMeaning, chave_or_failed, non_blank};
use crate::api::consultar_contratos::{
    Client, Contrato, GetDadosContratos, GetDadosContratosResponse, PesquisaContratos, codec,
};
use crate::rt::{Config, Error, Request, Response};

/// Submit a Consultar Contratos search and poll for its result.
///
/// Step 1 without a `chave` is [`Outcome::Failed`] with no code and `mensagens-erro`. Step 2
/// is read as §6.7 / §7.7.1 say:
///
/// | `codigo-resultado` | `mensagens-erro` (through `patterns`) | Outcome |
/// |---|---|---|
/// | `1` | — | [`Outcome::Data`] with the inline `contratos`; [`Outcome::File`] when only `ficheiro-dados` came (500 contracts or more) |
/// | `4` | — | [`Outcome::NoData`] |
/// | `0` | "não foi processado", "tenta mais tarde" | poll again, then [`Outcome::Pending`] |
/// | `0` | "expir…" | [`Outcome::Expired`] |
/// | `0` | any other text, or none | [`Outcome::Failed`] (unknown key or server error) |
/// | `2`, `3` or another code | — | [`Outcome::Failed`] |
///
/// `ficheiro-dados` is typed `Base64` in the generated response and read as element text, so
/// an MTOM/XOP `xop:Include` in it decodes to no bytes: that case is [`Outcome::File`]`(None)`.
///
/// Errors: see the [module documentation](super).
pub async fn consultar_contratos(
    client: &Client,
    request: &PesquisaContratos,
    polling: &Polling,
    patterns: &MessagePatterns,
    sleeper: &impl AsyncSleeper,
) -> Result<Outcome<Vec<Contrato>>, Error> {
    let flow = Flow {
        request: Some(request),
        patterns,
    };
    run_async(client.core(), &flow, Start::Submit, polling, sleeper).await
}

/// Poll `getDadosContratos` for a `chave` from an earlier step 1 (e.g. after
/// [`Outcome::Pending`]). Read as [`consultar_contratos`] reads step 2.
pub async fn obter_contratos(
    client: &Client,
    chave: &str,
    polling: &Polling,
    patterns: &MessagePatterns,
    sleeper: &impl AsyncSleeper,
) -> Result<Outcome<Vec<Contrato>>, Error> {
    let flow = Flow {
        request: None,
        patterns,
    };
    run_async(client.core(), &flow, Start::Resume(chave), polling, sleeper).await
}

/// The same flow for the blocking client.
#[cfg(feature = "blocking")]
pub mod blocking {
    use super::{Flow, MessagePatterns, Outcome, Polling, Start};
    use crate::api::consultar_contratos::{BlockingClient, Contrato, PesquisaContratos};
    use crate::flows::Sleeper;
    use crate::flows::driver::run_blocking;
    use crate::rt::Error;

    /// [`super::consultar_contratos`], blocking.
    pub fn consultar_contratos(
        client: &BlockingClient,
        request: &PesquisaContratos,
        polling: &Polling,
        patterns: &MessagePatterns,
        sleeper: &mut impl Sleeper,
    ) -> Result<Outcome<Vec<Contrato>>, Error> {
        let flow = Flow {
            request: Some(request),
            patterns,
        };
        run_blocking(client.core(), &flow, Start::Submit, polling, sleeper)
    }

    /// [`super::obter_contratos`], blocking.
    pub fn obter_contratos(
        client: &BlockingClient,
        chave: &str,
        polling: &Polling,
        patterns: &MessagePatterns,
        sleeper: &mut impl Sleeper,
    ) -> Result<Outcome<Vec<Contrato>>, Error> {
        let flow = Flow {
            request: None,
            patterns,
        };
        run_blocking(client.core(), &flow, Start::Resume(chave), polling, sleeper)
    }
}

/// Consultar Contratos as a [`TwoStep`] service.
struct Flow<'a> {
    request: Option<&'a PesquisaContratos>,
    patterns: &'a MessagePatterns,
}

impl TwoStep for Flow<'_> {
    type Data = Vec<Contrato>;

    fn submit(&self, config: &Config) -> Result<Request, Error> {
        let request = self
            .request
            .ok_or_else(|| Error::Invalid("no request to submit".into()))?;
        codec::pesquisa_contratos::request(config, request)
    }

    fn submitted(&self, config: &Config, response: &Response) -> Result<Submitted<Self::Data>, Error> {
        let answer = codec::pesquisa_contratos::response(config, response)?;
        Ok(chave_or_failed(answer.chave, answer.mensagens_erro))
    }

    fn poll(&self, config: &Config, chave: &str) -> Result<Request, Error> {
        codec::get_dados_contratos::request(
            config,
            &GetDadosContratos {
                chave: chave.to_owned(),
            },
        )
    }

    fn polled(&self, config: &Config, response: &Response) -> Result<Step<Self::Data>, Error> {
        Ok(read(
            codec::get_dados_contratos::response(config, response)?,
            self.patterns,
        ))
    }
}

fn read(response: GetDadosContratosResponse, patterns: &MessagePatterns) -> Step<Vec<Contrato>> {
    let GetDadosContratosResponse {
        codigo_resultado,
        mensagens_erro,
        contratos,
        ficheiro_dados,
    } = response;
    let message = non_blank(mensagens_erro.as_deref()).map(str::to_owned);
    let outcome = match codigo_resultado {
        1 => {
            let inline = contratos.map(|c| c.contrato).unwrap_or_default();
            match ficheiro_dados {
                Some(file) if inline.is_empty() => Outcome::File(Some(file.0).filter(|bytes| !bytes.is_empty())),
                _ => Outcome::Data(inline),
            }
        }
        4 => Outcome::NoData,
        0 => match message.as_deref().and_then(|m| patterns.classify(m)) {
            Some(TextMeaning::Pending) => return Step::Again,
            Some(TextMeaning::Expired) => Outcome::Expired,
            Some(TextMeaning::NoData) => Outcome::NoData,
            None => Outcome::Failed { code: Some(0), message },
        },
        code => Outcome::Failed {
            code: Some(i64::from(code)),
            message,
        },
    };
    Step::Done(outcome)
}
