//! What every generated client holds: its [`Config`] and a transport, and the one step that
//! is not the operation's own — sending the request the operation's codec built.
//!
//! A generated operation is three lines over this: the codec builds an
//! [`http::Request`] from the typed input, [`AsyncClient::send`] (or
//! `BlockingClient::send`, feature `blocking`) exchanges it, the codec reads the typed outcome from the
//! [`http::Response`]. The codecs are public (each service's `codec` module), so the same
//! requests can go through any other HTTP stack.

use std::fmt;
use std::sync::Arc;

use crate::rt::config::Config;
use crate::rt::error::Error;
#[cfg(feature = "blocking")]
use crate::rt::transport::Transport;
use crate::rt::transport::{AsyncTransport, Request, Response};

/// The settings and async transport of a client.
#[derive(Clone)]
pub struct AsyncClient {
    config: Config,
    transport: Arc<dyn AsyncTransport>,
}

impl AsyncClient {
    /// Settings with the default transport ([`crate::rt::ReqwestTransport`]).
    #[cfg(feature = "reqwest")]
    pub fn new(config: Config) -> Self {
        Self::with_transport(config, Arc::new(crate::rt::transport::ReqwestTransport::new()))
    }

    /// Settings with your own transport.
    pub fn with_transport(config: Config, transport: Arc<dyn AsyncTransport>) -> Self {
        AsyncClient { config, transport }
    }

    /// The settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The transport.
    pub fn transport(&self) -> &Arc<dyn AsyncTransport> {
        &self.transport
    }

    /// Send a request built by a codec, within the configured deadline (with the `reqwest`
    /// feature, which brings the timer; otherwise the transport's own timeout applies).
    pub async fn send<F>(&self, request: Request) -> Result<Response, Error<F>> {
        let limits = self.config.current_limits();
        let exchange = self.transport.send(request);
        #[cfg(feature = "reqwest")]
        let result = match limits.deadline {
            Some(deadline) => match tokio::time::timeout(deadline, exchange).await {
                Ok(result) => result,
                Err(_) => Err(deadline_passed(deadline)),
            },
            None => exchange.await,
        };
        #[cfg(not(feature = "reqwest"))]
        let result = exchange.await;
        result.map_err(|e| Error::from_transport(e, limits.max_body))
    }
}

impl fmt::Debug for AsyncClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncClient")
            .field("config", &self.config)
            .field("transport", &self.transport)
            .finish()
    }
}

/// The settings and blocking transport of a client.
#[cfg(feature = "blocking")]
#[derive(Clone)]
pub struct BlockingClient {
    config: Config,
    transport: Arc<dyn Transport>,
}

#[cfg(feature = "blocking")]
impl BlockingClient {
    /// Settings with the default transport ([`crate::rt::BlockingTransport`] over
    /// [`crate::rt::ReqwestTransport`]).
    #[cfg(feature = "reqwest")]
    pub fn new(config: Config) -> Self {
        Self::with_transport(config, Arc::new(crate::rt::transport::BlockingTransport::default()))
    }

    /// Settings with your own transport.
    pub fn with_transport(config: Config, transport: Arc<dyn Transport>) -> Self {
        BlockingClient { config, transport }
    }

    /// The settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The transport.
    pub fn transport(&self) -> &Arc<dyn Transport> {
        &self.transport
    }

    /// Send a request built by a codec. The deadline travels with the request (its
    /// [`crate::rt::Limits`] extension) for the transport to apply.
    pub fn send<F>(&self, request: Request) -> Result<Response, Error<F>> {
        let limit = self.config.current_limits().max_body;
        self.transport
            .send(request)
            .map_err(|e| Error::from_transport(e, limit))
    }
}

#[cfg(feature = "blocking")]
impl fmt::Debug for BlockingClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BlockingClient")
            .field("config", &self.config)
            .field("transport", &self.transport)
            .finish()
    }
}

#[cfg(feature = "reqwest")]
fn deadline_passed(deadline: std::time::Duration) -> crate::rt::TransportError {
    crate::rt::TransportError::new(
        crate::rt::TransportErrorKind::Timeout,
        format!("the call's deadline of {deadline:?} passed"),
    )
}
