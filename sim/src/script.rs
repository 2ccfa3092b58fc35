//! Scripted answers: what one operation answers instead of the simulated behaviour, how
//! many times, and how late.

use std::time::Duration;

use psi_client::rt::xml::{XmlElement, XmlWriter};

use crate::ops::{Family, OpInfo};
use crate::{SimError, soap};

/// What a scripted operation answers.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Reply {
    /// The simulated answer (useful with [`Script::latency`] alone).
    Simulated,
    /// This exact HTTP answer.
    Raw {
        /// Status code.
        status: u16,
        /// `Content-Type`, if any.
        content_type: Option<String>,
        /// Body bytes.
        body: Vec<u8>,
    },
    /// A SOAP 1.1 Fault (HTTP 500). REST operations answer HTTP 500 with `{code, message}`
    /// (QLF) or `{codigoResultado: 0, mensagem}` (CI) instead.
    Fault {
        /// `faultcode`, e.g. `soapenv:Server`.
        code: String,
        /// `faultstring`.
        reason: String,
    },
    /// A business result code with a message, as the operation's family carries it:
    /// `codigo-resultado`/`mensagens-erro` (contrato SOAP, HTTP 200), `codigoEstado`/
    /// `mensagemEstado` (WSIDQ, HTTP 200), `{code, message}` (QLF, at `status`, default 400),
    /// `{codigoResultado, mensagem}` (CI, at `status`, default 200).
    Result {
        /// The code.
        code: i64,
        /// The message (`None`: no message element/property).
        message: Option<String>,
        /// The HTTP status (REST only; `None`: the family's default).
        status: Option<u16>,
    },
    /// HTTP 403 as the PSI sends it to an employer that has not adhered: an empty SOAP Body
    /// without a Fault, or `{code: 403, message: "Operação não permitida"}` (reference §4.4).
    Forbidden,
    /// HTTP 401 (invalid or expired credential), without a body.
    Unauthorized,
    /// A body that is not well-formed (a truncated envelope or JSON document) with HTTP 200.
    Malformed,
    /// A well-formed answer padded to at least this many bytes (for a client's size limit).
    Oversized(usize),
    /// This exact HTTP answer: status, headers in the order given, body bytes (see
    /// [`Script::raw`]). `Content-Length` and `Connection: close` are the simulator's own.
    Http {
        /// Status code.
        status: u16,
        /// Header names and values, as written.
        headers: Vec<(String, String)>,
        /// Body bytes.
        body: Vec<u8>,
    },
}

/// Headers that frame the message: the simulator writes them itself.
const FRAMING_HEADERS: [&str; 3] = ["content-length", "transfer-encoding", "connection"];

/// One scripted behaviour of one operation.
#[derive(Debug, Clone)]
pub struct Script {
    pub(crate) op: &'static OpInfo,
    pub(crate) reply: Reply,
    /// How many requests it answers (`None`: all).
    pub(crate) times: Option<usize>,
    pub(crate) latency: Duration,
}

impl Script {
    /// A script for the operation named as the specs name it (`cessarVinculo`,
    /// `pesquisaContratos`, `pedirEmissaoDocumentosPagamento`, …; see
    /// [`crate::operations`]). Until a reply is set it answers as the simulator would.
    pub fn on(operation: &str) -> Result<Script, SimError> {
        let op = OpInfo::named(operation).ok_or_else(|| SimError::UnknownOperation(operation.to_owned()))?;
        Ok(Script {
            op,
            reply: Reply::Simulated,
            times: None,
            latency: Duration::ZERO,
        })
    }

    /// Answer with `reply`.
    #[must_use]
    pub fn reply(mut self, reply: Reply) -> Self {
        self.reply = reply;
        self
    }

    /// Answer with this typed SOAP response (the operation's `…Response` element, written by
    /// the generated type itself), HTTP 200.
    pub fn soap<T: XmlElement>(mut self, value: &T) -> Result<Self, SimError> {
        let Some(ns) = self.op.soap_ns() else {
            return Err(SimError::WrongKind(self.op.name, "a REST operation takes `json`"));
        };
        let mut w = XmlWriter::new();
        w.element(Some(ns), &self.op.response_element(), value);
        self.reply = Reply::Raw {
            status: 200,
            content_type: Some(soap::CONTENT_TYPE.to_owned()),
            body: soap::envelope(w.finish().as_str()).into_bytes(),
        };
        Ok(self)
    }

    /// Answer with this typed JSON value at this HTTP status.
    pub fn json<T: serde::Serialize>(mut self, status: u16, value: &T) -> Result<Self, SimError> {
        if self.op.soap_ns().is_some() {
            return Err(SimError::WrongKind(self.op.name, "a SOAP operation takes `soap`"));
        }
        let body = serde_json::to_vec(value).map_err(|e| SimError::Encode(e.to_string()))?;
        self.reply = Reply::Raw {
            status,
            content_type: Some("application/json".to_owned()),
            body,
        };
        Ok(self)
    }

    /// Answer with this exact HTTP response, whatever the operation: `status`, then
    /// `headers` in the order given (a `Content-Type` among them, or none), then `body` as
    /// is. For answers no other method writes: a body byte for byte as a service sent it,
    /// a redirect with its `Location`, a status the operation does not declare, a
    /// multipart (MTOM) answer. The simulator adds `Content-Length` and `Connection: close`.
    ///
    /// Refused with [`SimError::Encode`]: a status below 200 or above 999, a header name
    /// that is not an HTTP token, a value with a control character (a line break would end
    /// the header), and `Content-Length`, `Transfer-Encoding` or `Connection`.
    ///
    /// ```
    /// use psi_sim::Script;
    /// let moved = Script::on("consultarDocumentosPagamento")?
    ///     .raw(302, &[("Location", "https://example.org/elsewhere")], "")?
    ///     .times(1);
    /// assert_eq!(moved.operation(), "consultarDocumentosPagamento");
    /// assert!(Script::on("cessarVinculo")?.raw(200, &[("X-A", "1\r\nX-B: 2")], "").is_err());
    /// # Ok::<(), psi_sim::SimError>(())
    /// ```
    pub fn raw(mut self, status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Result<Self, SimError> {
        if !(200..=999).contains(&status) {
            return Err(SimError::Encode(format!(
                "HTTP status {status}: a final answer's status is 200 to 999"
            )));
        }
        let mut written = Vec::with_capacity(headers.len());
        for (name, value) in headers {
            let bad = |why: &str| SimError::Encode(format!("header `{}`: {why}", name.escape_debug()));
            if http::HeaderName::from_bytes(name.as_bytes()).is_err() {
                return Err(bad("not an HTTP header name"));
            }
            if FRAMING_HEADERS.iter().any(|f| f.eq_ignore_ascii_case(name)) {
                return Err(bad("the simulator writes this header itself"));
            }
            if let Some(c) = value.chars().find(|c| c.is_control() && *c != '\t') {
                return Err(bad(&format!("the value holds the control character {c:?}")));
            }
            written.push(((*name).to_owned(), (*value).to_owned()));
        }
        self.reply = Reply::Http {
            status,
            headers: written,
            body: body.into(),
        };
        Ok(self)
    }

    /// Answer that the data comes as a file, with `file` (e.g. an archive made by
    /// `psi_client::rt::zip::write_stored`) as the
    /// answer's MTOM/XOP attachment: `getDadosContratos` with `codigo-resultado` 1 and
    /// `ficheiro-dados`, `getDados` (WSIDQ) with `codigoEstado` 1 and the attachment under
    /// `ficheiro` (the element is not published; the client finds the attachment whatever
    /// its name). Other operations have no file answer: [`SimError::WrongKind`].
    ///
    /// ```
    /// use psi_sim::Script;
    /// let records = psi_client::rt::zip::write_stored(&[("q.xml", b"<lista/>".as_slice())]).unwrap();
    /// assert!(Script::on("getDados")?.file(&records).is_ok());
    /// assert!(Script::on("cessarVinculo")?.file(&records).is_err());
    /// # Ok::<(), psi_sim::SimError>(())
    /// ```
    pub fn file(mut self, file: &[u8]) -> Result<Self, SimError> {
        let answer = crate::mtom::file_answer(self.op, file)
            .ok_or(SimError::WrongKind(self.op.name, "the operation has no file answer"))?;
        self.reply = Reply::Raw {
            status: answer.status,
            content_type: answer.content_type,
            body: answer.body,
        };
        Ok(self)
    }

    /// Answer with a result code and message (see [`Reply::Result`]). Declarações de
    /// Remunerações and SIOE publish no result code: scripting one is an error.
    pub fn result(mut self, code: i64, message: Option<&str>) -> Result<Self, SimError> {
        if matches!(self.op.family, Family::GestaoFicheiro | Family::Sioe) {
            return Err(SimError::WrongKind(
                self.op.name,
                "this service publishes no result code",
            ));
        }
        self.reply = Reply::Result {
            code,
            message: message.map(str::to_owned),
            status: None,
        };
        Ok(self)
    }

    /// The HTTP status of a scripted REST result (see [`Reply::Result`]).
    #[must_use]
    pub fn with_status(mut self, status: u16) -> Self {
        if let Reply::Result { status: s, .. } = &mut self.reply {
            *s = Some(status);
        }
        self
    }

    /// Answer with a SOAP Fault: the one the PSI sent on a backend timeout
    /// (`soapenv:Server`, "Erro comunicação servidor ptss", reference §5.5).
    #[must_use]
    pub fn fault(self) -> Self {
        self.reply(Reply::Fault {
            code: "soapenv:Server".into(),
            reason: soap::TIMEOUT_FAULT.into(),
        })
    }

    /// Answer only the next `n` requests; later ones get what comes after this script.
    #[must_use]
    pub fn times(mut self, n: usize) -> Self {
        self.times = Some(n);
        self
    }

    /// Wait this long before answering.
    #[must_use]
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// The operation this script is for.
    pub fn operation(&self) -> &'static str {
        self.op.name
    }
}
