//! A transport that answers from a list: for testing code that uses the clients without a
//! network or a server.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use super::{AsyncTransport, BoxFuture, Request, Response, Transport, TransportError, TransportErrorKind};

/// Answers each request with the next of a list of responses (or transport errors), in
/// order, and records the requests. Serves the async clients ([`AsyncTransport`]) and the
/// blocking ones ([`Transport`]). A request after the list is used up is answered with a
/// [`TransportErrorKind::Invalid`] error that says so.
///
/// ```
/// use psi_client::api::consultar_contratos::{Client, GetDadosContratos};
/// use psi_client::rt::transport::{Replay, response};
/// use psi_client::rt::Config;
///
/// let replay = Replay::new([Ok(response(
///     200,
///     "text/xml",
///     "<e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\"><e:Body>\
///      <v:getDadosContratosResponse xmlns:v=\"http://vo.webservice.contrato.segsocial.pt\">\
///      <codigo-resultado>4</codigo-resultado></v:getDadosContratosResponse></e:Body></e:Envelope>",
/// ))]);
/// let client = Client::with_transport(Config::for_url("https://psi.test/ws"), replay.clone());
/// let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
/// let answer = runtime.block_on(client.get_dados_contratos(&GetDadosContratos::new("K-1"))).unwrap();
/// assert_eq!(answer.codigo_resultado, 4);
/// assert!(replay.requests()[0].body_text().contains("<chave>K-1</chave>"));
/// assert!(runtime.block_on(client.get_dados_contratos(&GetDadosContratos::new("K-2"))).is_err());
/// ```
#[derive(Debug, Default)]
pub struct Replay {
    answers: Mutex<VecDeque<Result<Response, TransportError>>>,
    sent: Mutex<Vec<Sent>>,
}

/// A request as a [`Replay`] received it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Sent {
    /// The method.
    pub method: http::Method,
    /// The whole URL.
    pub uri: http::Uri,
    /// The headers (credentials stay marked sensitive).
    pub headers: http::HeaderMap,
    /// The body.
    pub body: Vec<u8>,
}

impl Sent {
    /// The first value of a header, if it is visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        super::header(&self.headers, name)
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Replay {
    /// A transport that gives these answers in order; shared, so that one handle goes to
    /// the client and another inspects [`Replay::requests`].
    pub fn new(answers: impl IntoIterator<Item = Result<Response, TransportError>>) -> Arc<Self> {
        Arc::new(Replay {
            answers: Mutex::new(answers.into_iter().collect()),
            sent: Mutex::default(),
        })
    }

    /// One answer with this status, content type and body.
    pub fn replying(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Arc<Self> {
        Self::new([Ok(super::response(status, content_type, body))])
    }

    /// The requests received so far, in order.
    pub fn requests(&self) -> Vec<Sent> {
        self.sent.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// The answers not given yet.
    pub fn remaining(&self) -> usize {
        self.answers.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    fn answer(&self, request: Request) -> Result<Response, TransportError> {
        let (parts, body) = request.into_parts();
        let mut sent = self.sent.lock().unwrap_or_else(PoisonError::into_inner);
        sent.push(Sent {
            method: parts.method,
            uri: parts.uri,
            headers: parts.headers,
            body,
        });
        let n = sent.len();
        drop(sent);
        self.answers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop_front()
            .unwrap_or_else(|| {
                Err(TransportError::new(
                    TransportErrorKind::Invalid,
                    format!("the replay has no answer left for request {n}"),
                ))
            })
    }
}

impl Transport for Replay {
    fn send(&self, request: Request) -> Result<Response, TransportError> {
        self.answer(request)
    }
}

impl AsyncTransport for Replay {
    fn send(&self, request: Request) -> BoxFuture<'_, Result<Response, TransportError>> {
        let answer = self.answer(request);
        Box::pin(async move { answer })
    }
}
