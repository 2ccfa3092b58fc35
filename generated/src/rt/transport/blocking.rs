//! Blocking calls over an async transport, on a thread of the transport's own.

use std::sync::{Arc, Mutex, mpsc};

use super::{AsyncTransport, Request, Response, Transport, TransportError, TransportErrorKind, limits_of};

type Reply = mpsc::SyncSender<Result<Response, TransportError>>;
type Job = (Request, Reply);

/// A blocking [`Transport`] that runs an [`AsyncTransport`] on a single-threaded Tokio
/// runtime of its own, on a thread it starts on the first request.
///
/// The calling thread only waits on a channel, so the transport works the same from plain
/// threads, from `tokio::task::spawn_blocking`, and even from inside an async task (where
/// blocking the task's thread is the caller's choice: prefer the async clients there).
/// Requests from several threads run concurrently on the transport's thread. Dropping the
/// last handle ends that thread once its requests are answered; nothing waits for it.
#[derive(Clone)]
pub struct BlockingTransport {
    inner: Arc<dyn AsyncTransport>,
    queue: Arc<Mutex<Option<tokio::sync::mpsc::UnboundedSender<Job>>>>,
}

impl std::fmt::Debug for BlockingTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlockingTransport")
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

#[cfg(feature = "reqwest")]
impl Default for BlockingTransport {
    /// Over [`super::ReqwestTransport::new`].
    fn default() -> Self {
        Self::new(Arc::new(super::ReqwestTransport::new()))
    }
}

impl BlockingTransport {
    /// A blocking transport over `inner`.
    pub fn new(inner: Arc<dyn AsyncTransport>) -> Self {
        BlockingTransport {
            inner,
            queue: Arc::new(Mutex::new(None)),
        }
    }

    fn sender(&self) -> Result<tokio::sync::mpsc::UnboundedSender<Job>, TransportError> {
        let mut queue = self
            .queue
            .lock()
            .map_err(|_| invalid("the transport's lock is poisoned"))?;
        if let Some(tx) = queue.as_ref().filter(|tx| !tx.is_closed()) {
            return Ok(tx.clone());
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| invalid(format!("could not start the transport's runtime: {e}")))?;
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Job>();
        let inner = Arc::clone(&self.inner);
        std::thread::Builder::new()
            .name("psi-client-transport".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let mut tasks = tokio::task::JoinSet::new();
                    while let Some((request, reply)) = rx.recv().await {
                        let inner = Arc::clone(&inner);
                        tasks.spawn(async move {
                            let _ = reply.send(inner.send(request).await);
                        });
                        while tasks.try_join_next().is_some() {}
                    }
                    while tasks.join_next().await.is_some() {}
                });
            })
            .map_err(|e| invalid(format!("could not start the transport's thread: {e}")))?;
        *queue = Some(tx.clone());
        Ok(tx)
    }
}

fn invalid(message: impl Into<String>) -> TransportError {
    TransportError::new(TransportErrorKind::Invalid, message)
}

impl Transport for BlockingTransport {
    fn send(&self, request: Request) -> Result<Response, TransportError> {
        let deadline = limits_of(&request).deadline;
        let (reply, answer) = mpsc::sync_channel(1);
        self.sender()?
            .send((request, reply))
            .map_err(|_| invalid("the transport's thread has stopped"))?;
        let stopped = || invalid("the transport's thread stopped before answering");
        match deadline {
            None => answer.recv().map_err(|_| stopped())?,
            Some(deadline) => match answer.recv_timeout(deadline) {
                Ok(result) => result,
                Err(mpsc::RecvTimeoutError::Timeout) => Err(TransportError::new(
                    TransportErrorKind::Timeout,
                    format!("the call's deadline of {deadline:?} passed"),
                )),
                Err(mpsc::RecvTimeoutError::Disconnected) => Err(stopped()),
            },
        }
    }
}
