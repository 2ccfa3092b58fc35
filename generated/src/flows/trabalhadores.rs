//! §6.1 Consultar Trabalhadores (WSIDQ): `getQualificacoesTrabalhadoresVinculadosEE`, then
//! `getDados`.

use super::{MessagePatterns, Outcome, Polling, Sleeper, Step, TextMeaning, chave_or_failed, non_blank, poll};
use crate::api::consultar_trabalhadores::{
    Client, CodigoEstado, GetDados, GetDadosResponse, GetQualificacoesTrabalhadoresVinculadosEe,
    TrabalhadorQualificacoes,
};
use crate::rt::Error;

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
/// | `1` | — | [`Outcome::File`]`(None)`: the generated `GetDadosResponse` declares no attachment element (its name is unknown, §5.7), so the bytes are not available |
/// | `2` or another code | — | [`Outcome::Failed`] |
///
/// Errors: see the [module documentation](super).
pub fn consultar_trabalhadores(
    client: &Client,
    request: &GetQualificacoesTrabalhadoresVinculadosEe,
    polling: &Polling,
    patterns: &MessagePatterns,
    sleeper: &mut impl Sleeper,
) -> Result<Outcome<Vec<TrabalhadorQualificacoes>>, Error> {
    let response = client.get_qualificacoes_trabalhadores_vinculados_ee(request)?;
    match chave_or_failed(response.chave, response.mensagem_estado) {
        Ok(chave) => obter_trabalhadores(client, &chave, polling, patterns, sleeper),
        Err(failed) => Ok(failed),
    }
}

/// Poll `getDados` for a `chave` from an earlier step 1 (e.g. after [`Outcome::Pending`]).
/// Read as [`consultar_trabalhadores`] reads step 2.
pub fn obter_trabalhadores(
    client: &Client,
    chave: &str,
    polling: &Polling,
    patterns: &MessagePatterns,
    sleeper: &mut impl Sleeper,
) -> Result<Outcome<Vec<TrabalhadorQualificacoes>>, Error> {
    poll(chave, polling, sleeper, |chave| {
        let response = client.get_dados(&GetDados {
            chave: chave.to_owned(),
        })?;
        Ok(read(response, patterns))
    })
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
        CodigoEstado::V1 => Outcome::File(None),
        other => Outcome::Failed {
            code: other.as_str().parse().ok(),
            message,
        },
    };
    Step::Done(outcome)
}
