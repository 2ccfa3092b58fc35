//! §6.1 Consultar Trabalhadores (WSIDQ): `getQualificacoesTrabalhadoresVinculadosEE`, then
//! `getDados`.

use super::driver::{Start, Step, Submitted, TwoStep, run_async};
use super::{AsyncSleeper, Ficheiro, MessagePatterns, Outcome, Polling, TextMeaning, chave_or_failed, non_blank};
use crate::api::consultar_trabalhadores::{
    Client, CodigoEstado, GetDados, GetDadosResponse, GetQualificacoesTrabalhadoresVinculadosEe,
    TrabalhadorQualificacoes, codec,
};
use crate::rt::{Config, Error, Limits, Request, Response};

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
/// | `1` | — | [`Outcome::File`] with the bytes of the answer's MTOM attachment (the only one, or the first when several came) and, when they are a ZIP of XML files holding `trabalhadoresQualificacoes` records, the records ([`trabalhadores_from_zip`]; neither the attachment element nor the file's layout is published, §5.7); without an attachment, no bytes and a note saying so |
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

/// The worker records of a Consultar Trabalhadores result file (`codigoEstado` `1`).
///
/// **Unverified:** neither the attachment element nor the layout inside the file is published
/// (§5.7). This reads the file as a ZIP archive whose XML files hold
/// `trabalhadoresQualificacoes` elements, at any depth, in the record shape of the inline
/// answer (the generated [`TrabalhadorQualificacoes`]) — the layout Consultar Contratos'
/// files are read in. An archive that is not a ZIP, a file that is not XML, a record that
/// does not decode, or no record at all is an error saying which; the flow keeps the bytes
/// either way.
pub fn trabalhadores_from_zip(bytes: &[u8], limits: &Limits) -> Result<Vec<TrabalhadorQualificacoes>, String> {
    super::files::records_from_zip(bytes, limits, "trabalhadoresQualificacoes")
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
        let answer = codec::get_dados::response(config, response)?;
        let file = || -> Result<Ficheiro<Vec<TrabalhadorQualificacoes>>, Error> {
            let parts = crate::rt::soap::attachments(response).map_err(Error::Decode)?;
            let others = parts.len().saturating_sub(1);
            let more = |note: String| match others {
                0 => note,
                n => format!("{note}; {n} more attachment(s) came and are not kept"),
            };
            Ok(match parts.into_iter().next() {
                None => Ficheiro::unread(
                    None,
                    "the answer says the data comes as a file, but it carried no attachment",
                ),
                Some(part) => match trabalhadores_from_zip(&part.data, &config.current_limits()) {
                    Ok(records) if others == 0 => Ficheiro::read(part.data, records),
                    Ok(records) => Ficheiro {
                        note: Some(more("the first attachment was read".into())),
                        ..Ficheiro::read(part.data, records)
                    },
                    Err(why) => Ficheiro::unread(
                        Some(part.data),
                        more(format!(
                            "the file's layout is not published (§5.7); its bytes (`{}`) are kept: {why}",
                            part.content_type
                        )),
                    ),
                },
            })
        };
        Ok(match answer.codigo_estado {
            CodigoEstado::V1 => Step::Done(Outcome::File(file()?)),
            _ => read(answer, self.patterns),
        })
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
        CodigoEstado::V1 => Outcome::File(Ficheiro::unread(None, "the data comes as a file (§5.7)")),
        other => Outcome::Failed {
            code: other.as_str().parse().ok(),
            message,
        },
    };
    Step::Done(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rt::transport::response;
    use crate::rt::zip::tests::stored;

    const NS: &str = "http://vo.webservice.wsidq.segsocial.pt";

    fn answer(codigo: &str, extra: &str) -> String {
        format!(
            "<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\"><S:Body>\
             <ns2:getDadosResponse xmlns:ns2=\"{NS}\"><codigoEstado>{codigo}</codigoEstado>{extra}\
             </ns2:getDadosResponse></S:Body></S:Envelope>"
        )
    }

    /// An MTOM answer with code 1 whose attachment is `file`.
    fn file_answer(file: &[u8]) -> Response {
        let envelope = answer(
            "1",
            "<ficheiro><xop:Include xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" href=\"cid:f1\"/></ficheiro>",
        );
        let mut body =
            b"--b\r\nContent-Type: application/xop+xml; type=\"text/xml\"\r\nContent-ID: <root>\r\n\r\n".to_vec();
        body.extend_from_slice(envelope.as_bytes());
        body.extend_from_slice(b"\r\n--b\r\nContent-Type: application/zip\r\nContent-ID: <f1>\r\n\r\n");
        body.extend_from_slice(file);
        body.extend_from_slice(b"\r\n--b--\r\n");
        let ct = "multipart/related; type=\"application/xop+xml\"; boundary=b; start=\"<root>\"";
        response(200, ct, body)
    }

    fn flow(patterns: &MessagePatterns) -> Flow<'_> {
        Flow {
            request: None,
            patterns,
        }
    }

    #[test]
    fn a_file_answer_keeps_the_attachment_bytes() {
        let patterns = MessagePatterns::consultar_trabalhadores();
        let config = Config::for_url("https://h/ws/idq");
        // The attachment element is a guess of the publisher's: any name carries the file.
        let step = flow(&patterns)
            .polled(&config, &file_answer(b"PK\x03\x04zip"))
            .expect("read");
        let Step::Done(Outcome::File(file)) = step else {
            panic!("expected a file")
        };
        assert_eq!(file.bytes.as_deref(), Some(&b"PK\x03\x04zip"[..]));
        assert_eq!(file.data, None);
        let note = file.note.unwrap_or_default();
        assert!(note.contains("application/zip") && note.contains("not a ZIP"), "{note}");

        // Code 1 without an attachment: no bytes, and a note that says so.
        let step = flow(&patterns)
            .polled(&config, &response(200, "text/xml", answer("1", "")))
            .expect("read");
        let Step::Done(Outcome::File(file)) = step else {
            panic!("expected a file")
        };
        assert_eq!(file.bytes, None);
        assert!(file.note.unwrap_or_default().contains("no attachment"));
    }

    const RECORD: &str = "<trabalhadoresQualificacoes><nissEE>21111111111</nissEE><nissPS>29999999991</nissPS>\
        <nomePS>J*** S***</nomePS><tipoQlf>TCO</tipoQlf></trabalhadoresQualificacoes>";

    #[test]
    fn a_zip_of_records_is_read() {
        let patterns = MessagePatterns::consultar_trabalhadores();
        let config = Config::for_url("https://h/ws/idq");
        let xml = format!("<?xml version=\"1.0\"?><lista>{RECORD}{RECORD}</lista>");
        let zip = stored(&[("qualificacoes.xml", xml.as_bytes())]);
        let step = flow(&patterns).polled(&config, &file_answer(&zip)).expect("read");
        let Step::Done(Outcome::File(file)) = step else {
            panic!("expected a file")
        };
        assert_eq!(file.bytes.as_deref(), Some(&zip[..]));
        assert_eq!(file.note, None);
        let records = file.data.expect("records");
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].niss_ps.as_ref().map(|n| n.as_str()), Some("29999999991"));

        // A record that does not decode: the bytes are kept and the note names file and field.
        let bad = RECORD.replace("</tipoQlf>", "</tipoQlf><dataInicioQlf>ontem</dataInicioQlf>");
        let zip = stored(&[("q.xml", bad.as_bytes())]);
        let step = flow(&patterns).polled(&config, &file_answer(&zip)).expect("read");
        let Step::Done(Outcome::File(file)) = step else {
            panic!("expected a file")
        };
        assert_eq!(file.bytes.as_deref(), Some(&zip[..]));
        assert_eq!(file.data, None);
        let note = file.note.unwrap_or_default();
        assert!(note.contains("q.xml") && note.contains("dataInicioQlf"), "{note}");

        // An archive without records says so.
        let e = trabalhadores_from_zip(&stored(&[("x.xml", b"<r/>")]), &Limits::DEFAULT).unwrap_err();
        assert!(e.contains("no `trabalhadoresQualificacoes`"), "{e}");
    }
}
