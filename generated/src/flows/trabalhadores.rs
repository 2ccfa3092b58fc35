//! §6.1 Consultar Trabalhadores (WSIDQ): `getQualificacoesTrabalhadoresVinculadosEE`, then
//! `getDados`.

use super::driver::{Start, Step, Submitted, TwoStep, run_async};
use super::{AsyncSleeper, Ficheiro, MessagePatterns, Outcome, Polling, TextMeaning, chave_or_failed, non_blank};
use crate::api::consultar_trabalhadores::{
    Client, CodigoEstado, GetDados, GetDadosResponse, GetQualificacoesTrabalhadoresVinculadosEe,
    TrabalhadorQualificacoes, codec,
};
use crate::rt::{Config, Error, Request, Response};

/// Submit a Consultar Trabalhadores search and poll for its result.
///
/// Step 1 without a `chave` is [`Outcome::Failed`] with no code and `mensagemEstado`. Step 2
/// is read as §6.1 / §7.7.2 say:
///
/// | `codigoEstado` | `mensagemEstado` (through `patterns`) | Outcome |
/// |---|---|---|
/// | `0` | empty | [`Outcome::Data`] (possibly an empty list) |
/// | `0` | "ainda não foi processado" | poll again, then [`Outcome::Pending`] |
/// | `0` | "sem dados de retorno" | [`Outcome::NoData`] |
/// | `0` | "expirou" | [`Outcome::Expired`] |
/// | `0` | any other text | [`Outcome::Data`] if records came, else [`Outcome::Failed`] with code 0 |
/// | `1` | — | [`Outcome::File`] without bytes: the generated `GetDadosResponse` declares no attachment element (its name is unknown, §5.7), so the bytes are not available |
/// | `2` or another code | — | [`Outcome::Failed`] |
///
/// Errors: see the [module documentation](super).
pub async fn consultar_trabalhadores(
    client: &Client,
    request: &GetQualificacoesTrabalhadoresVinculadosEe,
    polling: &Polling,
    patterns: &MessagePatterns,
    sleeper: &impl AsyncSleeper,
) -> Result<Outcome<Vec<TrabalhadorQualificacoes>>, Error> {
    let flow = Flow {
        request: Some(request),
        patterns,
    };
    run_async(client.core(), &flow, Start::Submit, polling, sleeper).await
}

/// Poll `getDados` for a `chave` from an earlier step 1 (e.g. after [`Outcome::Pending`]).
/// Read as [`consultar_trabalhadores`] reads step 2.
pub async fn obter_trabalhadores(
    client: &Client,
    chave: &str,
    polling: &Polling,
    patterns: &MessagePatterns,
    sleeper: &impl AsyncSleeper,
) -> Result<Outcome<Vec<TrabalhadorQualificacoes>>, Error> {
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
    use crate::api::consultar_trabalhadores::{
        BlockingClient, GetQualificacoesTrabalhadoresVinculadosEe, TrabalhadorQualificacoes,
    };
    use crate::flows::Sleeper;
    use crate::flows::driver::run_blocking;
    use crate::rt::Error;

    /// [`super::consultar_trabalhadores`], blocking.
    pub fn consultar_trabalhadores(
        client: &BlockingClient,
        request: &GetQualificacoesTrabalhadoresVinculadosEe,
        polling: &Polling,
        patterns: &MessagePatterns,
        sleeper: &mut impl Sleeper,
    ) -> Result<Outcome<Vec<TrabalhadorQualificacoes>>, Error> {
        let flow = Flow {
            request: Some(request),
            patterns,
        };
        run_blocking(client.core(), &flow, Start::Submit, polling, sleeper)
    }

    /// [`super::obter_trabalhadores`], blocking.
    pub fn obter_trabalhadores(
        client: &BlockingClient,
        chave: &str,
        polling: &Polling,
        patterns: &MessagePatterns,
        sleeper: &mut impl Sleeper,
    ) -> Result<Outcome<Vec<TrabalhadorQualificacoes>>, Error> {
        let flow = Flow {
            request: None,
            patterns,
        };
        run_blocking(client.core(), &flow, Start::Resume(chave), polling, sleeper)
    }
}

/// Consultar Trabalhadores as a [`TwoStep`] service.
struct Flow<'a> {
    request: Option<&'a GetQualificacoesTrabalhadoresVinculadosEe>,
    patterns: &'a MessagePatterns,
}

impl TwoStep for Flow<'_> {
    type Data = Vec<TrabalhadorQualificacoes>;

    fn submit(&self, config: &Config) -> Result<Request, Error> {
        let request = self
            .request
            .ok_or_else(|| Error::Invalid("no request to submit".into()))?;
        codec::get_qualificacoes_trabalhadores_vinculados_ee::request(config, request)
    }

    fn submitted(&self, config: &Config, response: &Response) -> Result<Submitted<Self::Data>, Error> {
        let answer = codec::get_qualificacoes_trabalhadores_vinculados_ee::response(config, response)?;
        Ok(chave_or_failed(answer.chave, answer.mensagem_estado))
    }

    fn poll(&self, config: &Config, chave: &str) -> Result<Request, Error> {
        codec::get_dados::request(
            config,
            &GetDados {
                chave: chave.to_owned(),
            },
        )
    }

    fn polled(&self, config: &Config, response: &Response) -> Result<Step<Self::Data>, Error> {
        Ok(read(codec::get_dados::response(config, response)?, self.patterns))
    }
}

fn read(response: GetDadosResponse, patterns: &MessagePatterns) -> Step<Vec<TrabalhadorQualificacoes>> {
    let GetDadosResponse {
        codigo_estado,
        mensagem_estado,
        trabalhadores_qualificacoes,
    } = response;
    let message = non_blank(mensagem_estado.as_deref()).map(str::to_owned);
    let outcome = match codigo_estado {
        CodigoEstado::V0 => match message.as_deref().map(|m| patterns.classify(m)) {
            None => Outcome::Data(trabalhadores_qualificacoes),
            Some(Some(TextMeaning::Pending)) => return Step::Again,
            Some(Some(TextMeaning::NoData)) => Outcome::NoData,
            Some(Some(TextMeaning::Expired)) => Outcome::Expired,
            Some(None) if !trabalhadores_qualificacoes.is_empty() => Outcome::Data(trabalhadores_qualificacoes),
            Some(None) => Outcome::Failed { code: Some(0), message },
        },
        CodigoEstado::V1 => Outcome::File(Ficheiro::unread(
            None,
            "the data comes as a file whose attachment element is not published (§5.7)",
        )),
        other => Outcome::Failed {
            code: other.as_str().parse().ok(),
            message,
        },
    };
    Step::Done(outcome)
}
