//! The simulator (`psi-sim`) as the client and flow tests use it: one simulator per
//! exchange, a script that answers the call, the request read back from the simulator's
//! record, the placeholder credentials, and sleepers that move the simulated clock instead
//! of waiting.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use psi_client::flows::{AsyncSleeper, Sleeper};
use psi_client::rt::{Auth, BoxFuture, Config, Environment};
use psi_sim::{Credential, Options, Recorded, Script, Simulator};

/// The employer NISS of the placeholder credential (an obvious placeholder, valid digits).
pub const USER: &str = "21111111111";
/// The placeholder password.
pub const PASSWORD: &str = "PLACEHOLDER-password";
/// The placeholder token (acting for [`USER`]).
pub const TOKEN: &str = "PLACEHOLDER-token";

/// The credential a test configures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cred {
    /// The entity's NISS and SSD password.
    Basic,
    /// A token created in SSD.
    Bearer,
    /// None (the public SIOE directory).
    None,
}

impl Cred {
    /// The client's credential.
    pub fn auth(self) -> Auth {
        match self {
            Cred::Basic => Auth::basic(USER, PASSWORD),
            Cred::Bearer => Auth::bearer(TOKEN),
            Cred::None => Auth::None,
        }
    }

    /// `Authorization` as the simulator records it: the scheme and the user as sent, the
    /// secret masked. That the secret itself arrives intact is checked by a simulator that
    /// accepts only the placeholders ([`strict`]).
    pub fn recorded(self) -> Option<&'static str> {
        match self {
            Cred::Basic => Some("Basic 21111111111:***"),
            Cred::Bearer => Some("Bearer ***"),
            Cred::None => None,
        }
    }
}

/// A simulator that accepts exactly the placeholder credentials ([`USER`]/[`PASSWORD`],
/// and [`TOKEN`] for [`USER`]); any other gets 401.
pub fn strict() -> Simulator {
    let options = Options::default()
        .credential(Credential::Basic {
            user: USER.into(),
            password: PASSWORD.into(),
        })
        .credential(Credential::Bearer {
            token: TOKEN.into(),
            employer: USER.into(),
        });
    Simulator::start_with(options).expect("the simulator starts")
}

/// A simulator with the default options.
pub fn start() -> Simulator {
    Simulator::start().expect("the simulator starts")
}

/// A script for the operation the specs name `operation`.
pub fn on(operation: &str) -> Script {
    Script::on(operation).unwrap_or_else(|e| panic!("{e}"))
}

/// `operation` answers with exactly this status, `Content-Type` (if any) and body.
pub fn raw(operation: &str, status: u16, content_type: Option<&str>, body: impl Into<Vec<u8>>) -> Script {
    let headers: Vec<(&str, &str)> = content_type.map(|ct| ("Content-Type", ct)).into_iter().collect();
    on(operation)
        .raw(status, &headers, body)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The production environment's endpoints at the simulator's origin, with `cred`.
pub fn config(sim: &Simulator, cred: Cred) -> Config {
    sim.config(Environment::Producao).auth(cred.auth())
}

/// Start a simulator, have `script` answer the next request (once), call the client built on
/// [`config`] with `cred`, and return what the call returned and the one request the
/// simulator recorded, which it routed to the script's operation.
pub fn exchange<T>(cred: Cred, script: Script, call: impl FnOnce(Config) -> T) -> (T, Recorded) {
    let sim = start();
    let operation = script.operation();
    sim.script(script.times(1));
    let out = call(config(&sim, cred));
    // The simulator records a request before it answers: once the call has its answer, the
    // record is complete.
    let mut seen = sim.requests();
    assert_eq!(seen.len(), 1, "{operation}: expected exactly one request");
    let seen = seen.remove(0);
    assert_eq!(seen.operation, Some(operation), "the request reached another operation");
    (out, seen)
}

/// A sleeper for the flows that moves the simulator's clock forward by each wait instead of
/// waiting, and remembers the waits. Async flows take `&SimClock`, blocking ones
/// `&mut SimClock`.
#[derive(Debug)]
pub struct SimClock<'a> {
    sim: &'a Simulator,
    waits: Mutex<Vec<Duration>>,
}

impl<'a> SimClock<'a> {
    /// Fix the simulated clock where it is now (it moves only by the waits from here on).
    pub fn fixed(sim: &'a Simulator) -> Self {
        sim.set_clock(sim.now());
        SimClock {
            sim,
            waits: Mutex::new(Vec::new()),
        }
    }

    /// The waits so far, in order.
    pub fn waits(&self) -> Vec<Duration> {
        self.waits.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    fn wait(&self, duration: Duration) {
        self.waits.lock().unwrap_or_else(PoisonError::into_inner).push(duration);
        self.sim.advance(duration);
    }
}

impl Sleeper for SimClock<'_> {
    fn sleep(&mut self, duration: Duration) {
        self.wait(duration);
    }
}

impl AsyncSleeper for SimClock<'_> {
    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()> {
        self.wait(duration);
        Box::pin(std::future::ready(()))
    }
}
