//! A simulator of Segurança Social's PSI services (and the SIOE directory) on a loopback
//! address, built from the same specs and generated types as `psi-client`.
//!
//! Requests are decoded **with the generated types** and checked against the model (required
//! elements and properties, types, enumerations, element order and namespaces) and against
//! `psi_client::rules`; answers are encoded with the generated types too. State follows the
//! PSI where the reference describes it: a registered vínculo appears in Consultar Contratos,
//! a cessação ends it, two-step requests go pending → data → expired on a simulated clock,
//! payment documents go pending → issued → cancelled. Each test can script an operation
//! (fixed data, a Fault, a result code, latency, a malformed or oversized body) and read
//! every request back.
//!
//! ```
//! use psi_sim::Simulator;
//! let sim = Simulator::start()?;
//! let config = psi_client::rt::Config::new(psi_client::rt::Environment::Producao).origin(sim.base_url());
//! # let _ = config;
//! assert!(sim.requests().is_empty());
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! See the crate's README section for what comes from the public facts and what is the
//! simulator's own choice.
#![warn(missing_docs)]

mod call;
mod dispatch;
mod examples;
mod facets;
mod handlers;
mod mtom;
mod ops;
mod problem;
mod rest;
pub mod scenario;
mod script;
mod server;
mod soap;
mod state;

use std::collections::BTreeSet;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDateTime;
use psi_client::rt::{Config, Environment};

use crate::call::{Shared, lock};
pub use crate::script::{Reply, Script};
pub use crate::state::Timings;

/// Why the simulator refused a setting or a script.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SimError {
    /// No operation has this name.
    UnknownOperation(String),
    /// The script does not fit the operation (operation, why).
    WrongKind(&'static str, &'static str),
    /// A scripted value could not be encoded.
    Encode(String),
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::UnknownOperation(name) => write!(
                f,
                "no operation `{name}`; known: {}",
                operations().collect::<Vec<_>>().join(", ")
            ),
            SimError::WrongKind(op, why) => write!(f, "`{op}`: {why}"),
            SimError::Encode(e) => write!(f, "cannot encode the scripted value: {e}"),
        }
    }
}

impl std::error::Error for SimError {}

/// The names of every simulated operation, in the reference's order.
pub fn operations() -> impl Iterator<Item = &'static str> {
    ops::OPERATIONS.iter().map(|op| op.name)
}

/// A credential the simulator accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// `Authorization: Basic` with this NISS and password; the NISS is the employer.
    Basic {
        /// The employer's NISS.
        user: String,
        /// The password.
        password: String,
    },
    /// `Authorization: Bearer` with this token, acting for this employer NISS.
    Bearer {
        /// The token.
        token: String,
        /// The employer's NISS.
        employer: String,
    },
}

/// How to start a simulator.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Options {
    /// The loopback port (`0`: any free port).
    pub port: u16,
    /// The seed of the example data.
    pub seed: u64,
    /// Employers that have not adhered: every call with their credential gets the 403.
    pub not_adhered: Vec<String>,
    /// The credentials accepted; empty: any well-formed one (Basic with an 11-digit user and
    /// a password, or a non-empty Bearer token).
    pub credentials: Vec<Credential>,
    /// The employer a Bearer token acts for when `credentials` is empty.
    pub bearer_employer: String,
    /// Two-step timings.
    pub timings: Timings,
    /// The largest request body read (larger: HTTP 413).
    pub max_body: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            port: 0,
            seed: 1,
            not_adhered: Vec::new(),
            credentials: Vec::new(),
            bearer_employer: "20000000001".into(),
            timings: Timings::default(),
            max_body: 16 * 1024 * 1024,
        }
    }
}

impl Options {
    /// Listen on this port.
    #[must_use]
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }
    /// Seed the example data.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    /// Treat this employer as not adhered (HTTP 403).
    #[must_use]
    pub fn not_adhered(mut self, niss: impl Into<String>) -> Self {
        self.not_adhered.push(niss.into());
        self
    }
    /// Accept this credential (once any is given, only those given).
    #[must_use]
    pub fn credential(mut self, credential: Credential) -> Self {
        self.credentials.push(credential);
        self
    }
    /// Two-step timings.
    #[must_use]
    pub fn timings(mut self, timings: Timings) -> Self {
        self.timings = timings;
        self
    }
}

/// A request as the simulator received it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Recorded {
    /// The operation it was routed to (`None`: no service at that path).
    pub operation: Option<&'static str>,
    /// HTTP method.
    pub method: String,
    /// Path, without the query.
    pub path: String,
    /// Query parameters, decoded.
    pub query: Vec<(String, String)>,
    /// Headers, names lower-cased; the secret of `authorization` is replaced by `***`.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
    /// The status answered.
    pub status: u16,
}

impl Recorded {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    /// The body as text (lossy).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A running simulator; it stops when dropped.
#[derive(Debug)]
pub struct Simulator {
    shared: Arc<Shared>,
    server: server::Server,
}

impl fmt::Debug for server::Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server").field("addr", &self.addr()).finish()
    }
}

impl Simulator {
    /// Start on an ephemeral loopback port with the default options.
    pub fn start() -> std::io::Result<Simulator> {
        Self::start_with(Options::default())
    }

    /// Start with these options.
    pub fn start_with(options: Options) -> std::io::Result<Simulator> {
        let shared = Arc::new(Shared {
            state: Mutex::new(state::State::new(options.seed, options.timings)),
            scripts: Mutex::new(Vec::new()),
            log: Mutex::new(Vec::new()),
            not_adhered: Mutex::new(options.not_adhered.iter().cloned().collect::<BTreeSet<_>>()),
            credentials: options.credentials.clone(),
            bearer_employer: options.bearer_employer.clone(),
        });
        let handler_shared = Arc::clone(&shared);
        let handler: server::Handler = Arc::new(move |request| dispatch::handle(&handler_shared, request));
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, options.port));
        let server = server::Server::start(addr, options.max_body, handler)?;
        Ok(Simulator { shared, server })
    }

    /// `http://127.0.0.1:PORT`: give it to `Config::origin` so each service keeps its path.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.server.addr())
    }

    /// A client configuration for `environment` that sends to this simulator.
    pub fn config(&self, environment: Environment) -> Config {
        Config::new(environment).origin(self.base_url())
    }

    /// Add a script; scripts of one operation apply in the order added.
    pub fn script(&self, script: Script) {
        lock(&self.shared.scripts).push(script);
    }

    /// Remove every script.
    pub fn clear_scripts(&self) {
        lock(&self.shared.scripts).clear();
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.shared.log).clone()
    }

    /// The requests routed to one operation.
    pub fn requests_to(&self, operation: &str) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.operation == Some(operation))
            .collect()
    }

    /// Forget the recorded requests.
    pub fn clear_requests(&self) {
        lock(&self.shared.log).clear();
    }

    /// Treat this employer as not adhered (HTTP 403), or as adhered again.
    pub fn set_adhered(&self, niss: &str, adhered: bool) {
        let mut set = lock(&self.shared.not_adhered);
        if adhered {
            set.remove(niss);
        } else {
            set.insert(niss.to_owned());
        }
    }

    /// The simulated time (UTC).
    pub fn now(&self) -> NaiveDateTime {
        lock(&self.shared.state).clock.now()
    }

    /// Fix the simulated clock at this UTC instant; it moves only with [`Simulator::advance`].
    pub fn set_clock(&self, at: NaiveDateTime) {
        lock(&self.shared.state).clock = state::Clock::Fixed(at);
    }

    /// Move the simulated clock forward.
    pub fn advance(&self, by: Duration) {
        lock(&self.shared.state).clock.advance(by);
    }

    /// Change the two-step timings (for requests already submitted too).
    pub fn set_timings(&self, timings: Timings) {
        lock(&self.shared.state).timings = timings;
    }

    /// The number of contracts registered (active or ended) for this employer.
    pub fn contract_count(&self, employer: &str) -> usize {
        lock(&self.shared.state)
            .contracts
            .iter()
            .filter(|s| s.employer == employer)
            .count()
    }
}

/// The README's example, run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExample;
