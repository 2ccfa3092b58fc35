//! §6.7 Consultar Contratos: `pesquisaContratos`, then `getDadosContratos`.

use super::{MessagePatterns, Outcome, Polling, Sleeper, Step, TextMeaning, chave_or_failed, non_blank, poll};
use crate::api::consultar_contratos::{
    Client, Contrato, GetDadosContratos, GetDadosContratosResponse, PesquisaContratos,
};
use crate::rt::Error;

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
pub fn consultar_contratos(
    client: &Client,
    request: &PesquisaContratos,
    polling: &Polling,
    patterns: &MessagePatterns,
    sleeper: &mut impl Sleeper,
) -> Result<Outcome<Vec<Contrato>>, Error> {
    let response = client.pesquisa_contratos(request)?;
    match chave_or_failed(response.chave, response.mensagens_erro) {
        Ok(chave) => obter_contratos(client, &chave, polling, patterns, sleeper),
        Err(failed) => Ok(failed),
    }
}

/// Poll `getDadosContratos` for a `chave` from an earlier step 1 (e.g. after
/// [`Outcome::Pending`]). Read as [`consultar_contratos`] reads step 2.
pub fn obter_contratos(
    client: &Client,
    chave: &str,
    polling: &Polling,
    patterns: &MessagePatterns,
    sleeper: &mut impl Sleeper,
) -> Result<Outcome<Vec<Contrato>>, Error> {
    poll(chave, polling, sleeper, |chave| {
        let response = client.get_dados_contratos(&GetDadosContratos {
            chave: chave.to_owned(),
        })?;
        Ok(read(response, patterns))
    })
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
