//! What a call's handler works with: the state every connection thread shares, and the
//! routed call.

use std::collections::BTreeSet;
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::ops::OpInfo;
use crate::script::Script;
use crate::server::HttpRequest;
use crate::state::State;
use crate::{Credential, Recorded};

/// What every connection thread shares.
#[derive(Debug)]
pub(crate) struct Shared {
    pub state: Mutex<State>,
    pub scripts: Mutex<Vec<Script>>,
    pub log: Mutex<Vec<Recorded>>,
    pub not_adhered: Mutex<BTreeSet<String>>,
    pub credentials: Vec<Credential>,
    pub bearer_employer: String,
}

/// Lock, even after a panic elsewhere (the data stays usable: every update is one step).
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One routed call, as handlers see it.
#[derive(Debug)]
pub(crate) struct Call<'a> {
    pub shared: &'a Shared,
    pub op: &'static OpInfo,
    pub request: &'a HttpRequest,
    /// The employer the call acts for: the credential's NISS, or `niss-representado`.
    pub employer: String,
    /// REST path parameters, decoded.
    pub params: Vec<String>,
}

/// Is this employer adhered to the PSI (not on the "not adhered" list)?
pub(crate) fn adhered(shared: &Shared, niss: &str) -> bool {
    !lock(&shared.not_adhered).contains(niss)
}
