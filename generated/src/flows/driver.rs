//! The two-step exchange without a transport, and the two thin drivers (async, blocking)
//! that run it.
//!
//! A [`TwoStep`] service says how to build each step's request and how to read each
//! answer; [`Poller`] decides what comes next (send, wait, done) from the answers, the
//! [`Polling`] policy and the time spent. The drivers only carry requests to a transport and
//! wait: the flow's logic is written once.

use std::time::{Duration, Instant};

use super::{Outcome, Polling};
use crate::rt::{Config, Error, Request, Response};

/// What step 1 said.
pub(crate) enum Submitted<T> {
    /// Poll with this key.
    Chave(String),
    /// Final already.
    Done(Outcome<T>),
}

/// What one step-2 answer said.
pub(crate) enum Step<T> {
    /// Poll again.
    Again,
    /// Final.
    Done(Outcome<T>),
}

/// One two-step service, transport-free.
pub(crate) trait TwoStep {
    /// The data a successful poll returns.
    type Data;
    /// Step 1's request.
    fn submit(&self, config: &Config) -> Result<Request, Error>;
    /// Read step 1's answer.
    fn submitted(&self, config: &Config, response: &Response) -> Result<Submitted<Self::Data>, Error>;
    /// Step 2's request for `chave`.
    fn poll(&self, config: &Config, chave: &str) -> Result<Request, Error>;
    /// Read step 2's answer.
    fn polled(&self, config: &Config, response: &Response) -> Result<Step<Self::Data>, Error>;
}

/// Where a flow starts.
pub(crate) enum Start<'a> {
    /// With step 1.
    Submit,
    /// With step 2, for a key from an earlier step 1.
    Resume(&'a str),
}

/// What the driver does next.
#[allow(clippy::large_enum_variant)] // one action at a time, moved straight to the transport
pub(crate) enum Action<T> {
    /// Send this request and come back with the response.
    Send(Request),
    /// Wait this long and come back.
    Wait(Duration),
    /// Finished.
    Done(Outcome<T>),
}

enum State {
    Submitting,
    /// Waiting before poll number `attempt` (0-based).
    Waiting {
        chave: String,
        attempt: u32,
    },
    Polling {
        chave: String,
        attempt: u32,
    },
    Finished,
}

/// The flow's state machine.
pub(crate) struct Poller<'a, S> {
    service: &'a S,
    config: &'a Config,
    polling: Polling,
    state: State,
}

impl<'a, S: TwoStep> Poller<'a, S> {
    pub(crate) fn new(service: &'a S, config: &'a Config, polling: &Polling, start: Start<'_>) -> Self {
        let state = match start {
            Start::Submit => State::Submitting,
            Start::Resume(chave) => State::Waiting {
                chave: chave.to_owned(),
                attempt: 0,
            },
        };
        Poller {
            service,
            config,
            polling: *polling,
            state,
        }
    }

    /// The first action.
    pub(crate) fn begin(&mut self, elapsed: Duration) -> Result<Action<S::Data>, Error> {
        match &self.state {
            State::Submitting => Ok(Action::Send(self.service.submit(self.config)?)),
            _ => Ok(self.wait_or_stop(elapsed)),
        }
    }

    /// The next action, after the response to the last [`Action::Send`] (`None` after a
    /// wait). `elapsed` is the time since the flow began.
    pub(crate) fn next(&mut self, response: Option<&Response>, elapsed: Duration) -> Result<Action<S::Data>, Error> {
        let state = std::mem::replace(&mut self.state, State::Finished);
        match (state, response) {
            (State::Submitting, Some(response)) => match self.service.submitted(self.config, response)? {
                Submitted::Done(outcome) => Ok(Action::Done(outcome)),
                Submitted::Chave(chave) => {
                    self.state = State::Waiting { chave, attempt: 0 };
                    Ok(self.wait_or_stop(elapsed))
                }
            },
            (State::Waiting { chave, attempt }, None) => {
                let request = self.service.poll(self.config, &chave)?;
                self.state = State::Polling { chave, attempt };
                Ok(Action::Send(request))
            }
            (State::Polling { chave, attempt }, Some(response)) => match self.service.polled(self.config, response)? {
                Step::Done(outcome) => Ok(Action::Done(outcome)),
                Step::Again => {
                    self.state = State::Waiting {
                        chave,
                        attempt: attempt + 1,
                    };
                    Ok(self.wait_or_stop(elapsed))
                }
            },
            _ => Err(Error::Invalid("two-step flow driven out of order".into())),
        }
    }

    /// In state `Waiting`: the wait before the next poll, or [`Outcome::Pending`] when the
    /// attempts are spent or the wait would pass the deadline.
    fn wait_or_stop(&mut self, elapsed: Duration) -> Action<S::Data> {
        let State::Waiting { chave, attempt } = &self.state else {
            return Action::Done(Outcome::Failed {
                code: None,
                message: None,
            });
        };
        let wait = self.polling.wait_before(*attempt);
        let past_deadline = self.polling.deadline.is_some_and(|d| elapsed + wait > d);
        if *attempt >= self.polling.max_attempts || past_deadline {
            let chave = chave.clone();
            self.state = State::Finished;
            return Action::Done(Outcome::Pending { chave });
        }
        Action::Wait(wait)
    }
}

/// Run a flow with a blocking client.
#[cfg(feature = "blocking")]
pub(crate) fn run_blocking<S: TwoStep>(
    core: &crate::rt::BlockingClient,
    service: &S,
    start: Start<'_>,
    polling: &Polling,
    sleeper: &mut impl super::Sleeper,
) -> Result<Outcome<S::Data>, Error> {
    let began = Instant::now();
    let mut poller = Poller::new(service, core.config(), polling, start);
    let mut action = poller.begin(began.elapsed())?;
    loop {
        action = match action {
            Action::Send(request) => {
                let response = core.send(request)?;
                poller.next(Some(&response), began.elapsed())?
            }
            Action::Wait(duration) => {
                sleeper.sleep(duration);
                poller.next(None, began.elapsed())?
            }
            Action::Done(outcome) => return Ok(outcome),
        };
    }
}

/// Run a flow with an async client.
pub(crate) async fn run_async<S: TwoStep>(
    core: &crate::rt::AsyncClient,
    service: &S,
    start: Start<'_>,
    polling: &Polling,
    sleeper: &impl super::AsyncSleeper,
) -> Result<Outcome<S::Data>, Error> {
    let began = Instant::now();
    let mut poller = Poller::new(service, core.config(), polling, start);
    let mut action = poller.begin(began.elapsed())?;
    loop {
        action = match action {
            Action::Send(request) => {
                let response = core.send(request).await?;
                poller.next(Some(&response), began.elapsed())?
            }
            Action::Wait(duration) => {
                sleeper.sleep(duration).await;
                poller.next(None, began.elapsed())?
            }
            Action::Done(outcome) => return Ok(outcome),
        };
    }
}
