//! §6.7 Consultar Contratos: `pesquisaContratos`, then `getDadosContratos`.

use super::driver::{Start, Step, Submitted, TwoStep, run_async};
use super::{AsyncSleeper, Ficheiro, MessagePatterns, Outcome, Polling, TextMeaning, chave_or_failed, non_blank};
use crate::api::consultar_contratos::{
    Client, Contrato, GetDadosContratos, GetDadosContratosResponse, PesquisaContratos, codec,
};
use crate::rt::{Config, Error, Limits, Request, Response};

/// Submit a Consultar Contratos search and poll for its result.
///
/// Step 1 without a `chave` is [`Outcome::Failed`] with no code and `mensagens-erro`. Step 2
/// is read as §6.7 / §7.7.1 say:
///
/// | `codigo-resultado` | `mensagens-erro` (through `patterns`) | Outcome |
/// |---|---|---|
/// | `1` | — | [`Outcome::Data`] with the inline `contratos`; [`Outcome::File`] when only `ficheiro-dados` came (500 contracts or more), with the contracts read from it ([`contratos_from_zip`]) |
/// | `4` | — | [`Outcome::NoData`] |
/// | `0` | "não foi processado", "tenta mais tarde" | poll again, then [`Outcome::Pending`] |
/// | `0` | "expir…" | [`Outcome::Expired`] |
/// | `0` | any other text, or none | [`Outcome::Failed`] (unknown key or server error) |
/// | `2`, `3` or another code | — | [`Outcome::Failed`] |
///
/// `ficheiro-dados` comes inline (base64) or as an MTOM/XOP attachment; either way
/// [`Outcome::File`] holds its bytes and, when they are a ZIP of XML files holding
/// `contrato` records, the contracts (see [`contratos_from_zip`]: the layout inside the ZIP is
/// not published).
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
            &config.current_limits(),
        ))
    }
}

/// The contracts of a Consultar Contratos result file.
///
/// **Unverified:** the layout inside the ZIP is not published (§5.7). This reads every file of
/// the archive that is XML and takes each `contrato` element in it, at any depth, in the
/// record shape of the inline answer (the generated [`Contrato`]). An archive that is not a
/// ZIP, a file that is not XML, a `contrato` that does not decode, or no `contrato` at all is
/// an error saying which; the caller keeps the bytes either way.
pub fn contratos_from_zip(bytes: &[u8], limits: &Limits) -> Result<Vec<Contrato>, String> {
    super::files::records_from_zip(bytes, limits, "contrato")
}

fn read(response: GetDadosContratosResponse, patterns: &MessagePatterns, limits: &Limits) -> Step<Vec<Contrato>> {
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
                Some(file) if inline.is_empty() => Outcome::File(match contratos_from_zip(&file.0, limits) {
                    Ok(contratos) => Ficheiro::read(file.0, contratos),
                    Err(why) => Ficheiro::unread(Some(file.0), why),
                }),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rt::zip::tests::stored;

    const CONTRATO: &str = "<contrato><niss-trabalhador>29999999991</niss-trabalhador>\
        <nome-trabalhador>A</nome-trabalhador><modalidade-contrato>E</modalidade-contrato>\
        <prestacao-trabalho>P</prestacao-trabalho><inicio-contrato>2024-01-01</inicio-contrato>\
        <fim-contrato>2024-06-30</fim-contrato><inicio-informacao-contrato>2024-01-01</inicio-informacao-contrato>\
        <fim-informacao-contrato>2024-06-30</fim-informacao-contrato><profissao>93130</profissao>\
        <remuneracao-base>900.00</remuneracao-base><motivo-contrato>STAJ</motivo-contrato></contrato>";

    #[test]
    fn contracts_of_a_zip_of_xml_files() {
        let one = format!("<contratos>{CONTRATO}{CONTRATO}</contratos>");
        let two = format!("<?xml version=\"1.0\"?><r><lote>{CONTRATO}</lote></r>");
        let zip = stored(&[("1.xml", one.as_bytes()), ("2.xml", two.as_bytes())]);
        let contratos = contratos_from_zip(&zip, &Limits::DEFAULT).expect("contracts");
        assert_eq!(contratos.len(), 3);
        assert_eq!(
            contratos[2].remuneracao_base.map(|r| r.to_string()).as_deref(),
            Some("900.00")
        );

        let e = contratos_from_zip(b"not a zip", &Limits::DEFAULT).unwrap_err();
        assert!(e.contains("not a ZIP"), "{e}");
        let e = contratos_from_zip(&stored(&[("x.csv", b"a;b")]), &Limits::DEFAULT).unwrap_err();
        assert!(e.contains("x.csv"), "{e}");
        let e = contratos_from_zip(&stored(&[("x.xml", b"<r/>")]), &Limits::DEFAULT).unwrap_err();
        assert!(e.contains("no `contrato`"), "{e}");
        let bad = CONTRATO.replace("900.00", "novecentos");
        let e = contratos_from_zip(&stored(&[("x.xml", bad.as_bytes())]), &Limits::DEFAULT).unwrap_err();
        assert!(e.contains("x.xml") && e.contains("remuneracao-base"), "{e}");
    }
}
