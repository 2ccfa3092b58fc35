//! The bench: one simulator, one flavour, and which operation went through which path.

use std::cell::RefCell;
use std::collections::BTreeSet;

use psi_client::rt::{Auth, Config, Date, Environment, Error};
use psi_client::rules::{Rule, Validate};
use psi_sim::{Options, Script, Simulator};

use super::operations::Operation;

pub const EMPLOYER: &str = "20000000001";
pub const OUTSIDER: &str = "20000000002";

/// Which client of a service makes the calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    Blocking,
    Async,
}

/// What an operation is taken through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Path {
    Success,
    Fault,
    Forbidden,
    Rule,
}

/// A simulator of its own per flavour, so each sees the same state from the same calls.
pub struct Bench {
    pub flavour: Flavour,
    pub runtime: tokio::runtime::Runtime,
    pub sim: Simulator,
    /// An adhered employer.
    pub config: Config,
    /// An employer that has not adhered.
    pub outsider: Config,
    covered: RefCell<BTreeSet<(&'static str, Path)>>,
}

impl Bench {
    pub fn new(flavour: Flavour) -> Bench {
        let sim = Simulator::start_with(Options::default().not_adhered(OUTSIDER)).expect("the simulator starts");
        let config = sim.config(Environment::Producao).auth(Auth::basic(EMPLOYER, "secret"));
        let outsider = sim.config(Environment::Producao).auth(Auth::basic(OUTSIDER, "secret"));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("a runtime");
        Bench {
            flavour,
            runtime,
            sim,
            config,
            outsider,
            covered: RefCell::new(BTreeSet::new()),
        }
    }

    pub fn today(&self) -> Date {
        self.sim.now().date()
    }

    /// One call: the blocking client here, or the async client on the runtime.
    pub fn call<O: Operation>(&self, config: &Config, request: &O::Request) -> Result<O::Answer, Error> {
        match self.flavour {
            Flavour::Blocking => O::blocking(config, request),
            Flavour::Async => self.runtime.block_on(O::call(config, request)),
        }
    }

    fn cover(&self, op: &'static str, path: Path) {
        assert!(psi_sim::operations().any(|o| o == op), "`{op}` is not simulated");
        self.covered.borrow_mut().insert((op, path));
    }

    fn what<O: Operation>(&self) -> String {
        format!("{} ({:?})", O::NAME, self.flavour)
    }

    /// The adhered employer's call succeeds; `check` reads the decoded answer.
    pub fn success<O: Operation, T>(&self, request: &O::Request, check: impl FnOnce(O::Answer) -> T) -> T {
        let answer = self
            .call::<O>(&self.config, request)
            .unwrap_or_else(|e| panic!("{}: {e}", self.what::<O>()));
        self.cover(O::NAME, Path::Success);
        check(answer)
    }

    /// The next call meets the scripted Fault (SOAP) or error (REST).
    pub fn fault<O: Operation>(&self, request: &O::Request, check: impl FnOnce(Result<O::Answer, Error>)) {
        self.sim
            .script(Script::on(O::NAME).expect("a simulated operation").fault().times(1));
        check(self.call::<O>(&self.config, request));
        self.cover(O::NAME, Path::Fault);
    }

    /// The employer that has not adhered gets the 403.
    pub fn forbidden<O: Operation>(&self, request: &O::Request, check: impl FnOnce(Result<O::Answer, Error>)) {
        check(self.call::<O>(&self.outsider, request));
        self.cover(O::NAME, Path::Forbidden);
    }

    /// A request that breaks `rule` (as `psi_client::rules` says) is refused as the PSI does.
    pub fn refused<O: Operation>(&self, request: &O::Request, rule: Rule, check: impl FnOnce(O::Answer))
    where
        O::Request: Validate,
    {
        let broken: Vec<Rule> = request.validate(self.today()).iter().map(|v| v.rule).collect();
        assert!(
            broken.contains(&rule),
            "{}: the request breaks {broken:?}",
            self.what::<O>()
        );
        let answer = self
            .call::<O>(&self.config, request)
            .unwrap_or_else(|e| panic!("{}: {e}", self.what::<O>()));
        self.cover(O::NAME, Path::Rule);
        check(answer);
    }

    /// Every operation on every path, or listed in `not_applicable` (and then not covered).
    pub fn assert_everything_covered(&self, not_applicable: &[(&str, Path, &str)]) {
        let covered = self.covered.borrow();
        let mut missing = Vec::new();
        for op in psi_sim::operations() {
            for path in [Path::Success, Path::Fault, Path::Forbidden, Path::Rule] {
                let exempt = not_applicable.iter().any(|(o, p, _)| *o == op && *p == path);
                let done = covered.contains(&(op, path));
                assert!(
                    !(exempt && done),
                    "{op} {path:?} is covered yet listed as not applicable"
                );
                if !exempt && !done {
                    missing.push(format!("{op} {path:?}"));
                }
            }
        }
        assert!(missing.is_empty(), "{:?}: not covered: {missing:?}", self.flavour);
    }
}
