//! Two-step services (consultar trabalhadores, consultar contratos, pedido/obter emissão de
//! documentos): a typed helper that submits, polls and returns data, "no data", "expired" or
//! the business error — async with the async clients, blocking (feature `blocking`) in
//! `flows::blocking` with the blocking clients, one state machine under both.
//!
//! The PSI answers these services in two steps (reference `psi-services.md` §5.6): step 1
//! submits the request and returns a `chave`; step 2 fetches by `chave` and says "still
//! processing", "expired", "no data", or delivers the data inline or as a file. Each function
//! here runs step 1, then step 2 up to [`Polling::max_attempts`] times, waiting
//! [`Polling::wait_before`] **before** each step-2 call (constant, or growing by
//! [`Polling::backoff`]), within [`Polling::deadline`], and maps the answer to an [`Outcome`]:
//!
//! | Service | Function | Resume from a `chave` |
//! |---|---|---|
//! | §6.1 Consultar Trabalhadores | [`consultar_trabalhadores`] | [`obter_trabalhadores`] |
//! | §6.7 Consultar Contratos | [`consultar_contratos`] | [`obter_contratos`] |
//! | §6.10 Emissão de Documentos de Pagamento | [`emissao_documentos_pagamento`] | [`obter_emissao_documentos_pagamento`] |
//!
//! **Codes first.** Outcomes are read from the result code (`codigoEstado`,
//! `codigo-resultado`, `codigoResultado`). Message text is read only where the PSI uses one
//! code for several outcomes — code `0` of the two SOAP services (§6.1, §6.7, §7.7.6) — and
//! then through configurable, case-insensitive [`MessagePatterns`]. An unrecognised text under
//! such a code is a [`Outcome::Failed`] with the code and the text, never a guess.
//!
//! **Errors.** `Err(rt::Error)` is for calls that did not produce a business answer: transport
//! and decoding failures, SOAP faults, and the REST statuses 400 (without a result body), 401
//! and 403, which come back as [`crate::rt::Error::Status`] so that
//! [`is_unauthorized`](crate::rt::Error::is_unauthorized) and
//! [`is_forbidden`](crate::rt::Error::is_forbidden) work.
//!
//! **Waiting.** Async flows wait through an [`AsyncSleeper`] ([`TokioSleeper`] with the
//! `reqwest` feature); blocking ones through a [`Sleeper`] ([`ThreadSleeper`], or any
//! `FnMut(Duration)` closure, so tests and schedulers need not sleep).
//!
//! ```no_run
//! use psi_client::api::consultar_contratos::{Client, PesquisaContratos};
//! use psi_client::flows::{self, MessagePatterns, Outcome, Polling, TokioSleeper};
//! # async fn demo(client: &Client, request: &PesquisaContratos) -> Result<(), psi_client::rt::Error> {
//! match flows::consultar_contratos(
//!     client,
//!     request,
//!     &Polling::default(),
//!     &MessagePatterns::consultar_contratos(),
//!     &TokioSleeper,
//! )
//! .await?
//! {
//!     Outcome::Data(contratos) => println!("{} contracts", contratos.len()),
//!     Outcome::NoData => println!("none"),
//!     Outcome::Pending { chave } => println!("still processing; resume with {chave}"),
//!     other => println!("{other:?}"),
//! }
//! # Ok(()) }
//! ```
#![warn(missing_docs)]

mod contratos;
mod driver;
mod emissao;
mod files;
mod trabalhadores;

use std::time::Duration;

pub use contratos::{consultar_contratos, contratos_from_zip, obter_contratos};
pub use emissao::{emissao_documentos_pagamento, obter_emissao_documentos_pagamento};
pub use trabalhadores::{consultar_trabalhadores, obter_trabalhadores, trabalhadores_from_zip};

/// The same flows for the blocking clients (feature `blocking`).
#[cfg(feature = "blocking")]
pub mod blocking {
    pub use super::contratos::blocking::{consultar_contratos, obter_contratos};
    pub use super::emissao::blocking::{emissao_documentos_pagamento, obter_emissao_documentos_pagamento};
    pub use super::trabalhadores::blocking::{consultar_trabalhadores, obter_trabalhadores};
}

/// How often, how many times and for how long step 2 is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Polling {
    /// The wait before the first step-2 call.
    pub interval: Duration,
    /// How many step-2 calls at most; after the last "still processing" the outcome is
    /// [`Outcome::Pending`]. `0` submits step 1 only.
    pub max_attempts: u32,
    /// Each wait is this many times the one before (`1`: constant).
    pub backoff: u32,
    /// No wait is longer than this.
    pub max_interval: Duration,
    /// The whole flow stops with [`Outcome::Pending`] rather than wait past this time from
    /// its start (`None`: only the attempts limit it).
    pub deadline: Option<Duration>,
}

impl Polling {
    /// 2 s × 8, constant, as the working third-party client polls (§5.6; no interval or key
    /// lifetime is documented by the PSI).
    pub const DEFAULT: Polling = Polling::new(Duration::from_secs(2), 8);

    /// A policy with this constant interval and attempt limit, no deadline.
    pub const fn new(interval: Duration, max_attempts: u32) -> Self {
        Polling {
            interval,
            max_attempts,
            backoff: 1,
            max_interval: interval,
            deadline: None,
        }
    }

    /// Grow each wait `factor` times, up to `max_interval`.
    pub const fn with_backoff(mut self, factor: u32, max_interval: Duration) -> Self {
        self.backoff = factor;
        self.max_interval = max_interval;
        self
    }

    /// Stop with [`Outcome::Pending`] rather than wait past `deadline` from the start.
    pub const fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The wait before step-2 call number `attempt` (0-based).
    pub fn wait_before(&self, attempt: u32) -> Duration {
        let factor = self.backoff.max(1).checked_pow(attempt).unwrap_or(u32::MAX);
        let wait = self.interval.checked_mul(factor).unwrap_or(Duration::MAX);
        wait.min(self.max_interval.max(self.interval))
    }
}

impl Default for Polling {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Waits between polls. Implemented by [`ThreadSleeper`] and by every `FnMut(Duration)`.
pub trait Sleeper {
    /// Wait for `duration`.
    fn sleep(&mut self, duration: Duration);
}

impl<F: FnMut(Duration)> Sleeper for F {
    fn sleep(&mut self, duration: Duration) {
        self(duration);
    }
}

/// Waits between polls in async flows. Implemented by [`TokioSleeper`] (feature `reqwest`).
pub trait AsyncSleeper: Sync {
    /// Wait for `duration`.
    fn sleep(&self, duration: Duration) -> crate::rt::BoxFuture<'_, ()>;
}

/// Waits with `tokio::time::sleep`.
#[cfg(feature = "reqwest")]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokioSleeper;

#[cfg(feature = "reqwest")]
impl AsyncSleeper for TokioSleeper {
    fn sleep(&self, duration: Duration) -> crate::rt::BoxFuture<'_, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// Blocks the current thread ([`std::thread::sleep`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ThreadSleeper;

impl Sleeper for ThreadSleeper {
    fn sleep(&mut self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// How a two-step request ended.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Outcome<T> {
    /// The data, inline.
    Data(T),
    /// Processed; there is nothing to return (WSIDQ "sem dados de retorno", contratos code
    /// `4`, emissão code `15` "nothing to pay").
    NoData,
    /// The `chave` expired: submit step 1 again.
    Expired,
    /// Still processing after [`Polling::max_attempts`] polls. Resume later with the `chave`
    /// (the `obter_*` functions).
    Pending {
        /// The key step 1 returned.
        chave: String,
    },
    /// The service says the data comes as a file (MTOM/XOP, §5.7): WSIDQ `codigoEstado` `1`,
    /// or Consultar Contratos' `ficheiro-dados` (500 contracts or more): the file's bytes
    /// and what could be read from them.
    File(Ficheiro<T>),
    /// A business error: the result code (`None` where the answer had none, e.g. a step 1
    /// that returned no `chave`) and the service's message.
    Failed {
        /// The result code as the service sent it.
        code: Option<i64>,
        /// The service's message (`mensagemEstado`, `mensagens-erro`, `mensagem`).
        message: Option<String>,
    },
}

impl<T> Outcome<T> {
    /// The data, inline or read from a file; `None` for every other outcome.
    pub fn into_data(self) -> Option<T> {
        match self {
            Outcome::Data(data) => Some(data),
            Outcome::File(file) => file.data,
            _ => None,
        }
    }
}

/// A result delivered as a file (an MTOM/XOP attachment), and what could be read from it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Ficheiro<T> {
    /// The attachment as it came; `None` when the response does not carry it (see the
    /// function's documentation).
    pub bytes: Option<Vec<u8>>,
    /// The records read from it, when its layout is one the function knows.
    pub data: Option<T>,
    /// Why `data` is `None`, when it is.
    pub note: Option<String>,
}

impl<T> Ficheiro<T> {
    /// A file whose records were read.
    pub fn read(bytes: Vec<u8>, data: T) -> Self {
        Ficheiro {
            bytes: Some(bytes),
            data: Some(data),
            note: None,
        }
    }

    /// A file (or its absence) whose records could not be read, and why.
    pub fn unread(bytes: Option<Vec<u8>>, note: impl Into<String>) -> Self {
        Ficheiro {
            bytes,
            data: None,
            note: Some(note.into()),
        }
    }
}

/// What a message text means under a result code that covers several outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextMeaning {
    /// Still processing: poll again.
    Pending,
    /// Processed, nothing to return.
    NoData,
    /// The key expired.
    Expired,
}

/// Message fragments that tell apart the outcomes sharing one result code (§7.7.6).
///
/// Matching is case-insensitive and ignores Portuguese diacritics and repeated spaces
/// ("NAO FOI  PROCESSADO" matches "não foi processado"). The lists are checked in the order
/// expired, no data, pending. The texts are not a contract of the PSI; adjust them when the
/// service words them differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessagePatterns {
    /// Fragments meaning "still processing".
    pub pending: Vec<String>,
    /// Fragments meaning "no data".
    pub no_data: Vec<String>,
    /// Fragments meaning "the key expired".
    pub expired: Vec<String>,
}

impl MessagePatterns {
    /// §6.1 / §7.7.6 for `codigoEstado` `0`: "ainda não foi processado", "sem dados de
    /// retorno", "expirou".
    pub fn consultar_trabalhadores() -> Self {
        MessagePatterns {
            pending: vec!["ainda não foi processado".into()],
            no_data: vec!["sem dados de retorno".into()],
            expired: vec!["expirou".into()],
        }
    }

    /// §6.7 / §7.7.6 for `codigo-resultado` `0`: "não foi processado" or "tenta mais tarde"
    /// (pending), "expir" (expired). "No data" has its own code (`4`), so no text for it.
    pub fn consultar_contratos() -> Self {
        MessagePatterns {
            pending: vec!["não foi processado".into(), "tenta mais tarde".into()],
            no_data: Vec::new(),
            expired: vec!["expir".into()],
        }
    }

    /// What `message` means, if one of the fragments occurs in it.
    pub fn classify(&self, message: &str) -> Option<TextMeaning> {
        let text = fold(message);
        let any = |list: &[String]| {
            list.iter().any(|p| {
                let p = fold(p);
                !p.is_empty() && text.contains(&p)
            })
        };
        if any(&self.expired) {
            Some(TextMeaning::Expired)
        } else if any(&self.no_data) {
            Some(TextMeaning::NoData)
        } else if any(&self.pending) {
            Some(TextMeaning::Pending)
        } else {
            None
        }
    }
}

/// Lower case, Portuguese diacritics removed, whitespace runs as one space, trimmed.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(match c {
            'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            other => other,
        });
    }
    out
}

/// A message as an `Option`, `None` when empty or blank.
fn non_blank(message: Option<&str>) -> Option<&str> {
    message.map(str::trim).filter(|m| !m.is_empty())
}

/// Step 1's `chave`, or the failure to report when there is none.
fn chave_or_failed<T>(chave: Option<String>, message: Option<String>) -> driver::Submitted<T> {
    match chave {
        Some(c) if !c.trim().is_empty() => driver::Submitted::Chave(c),
        _ => driver::Submitted::Done(Outcome::Failed { code: None, message }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_fold_case_accents_and_spaces() {
        let t = MessagePatterns::consultar_trabalhadores();
        assert_eq!(
            t.classify("O pedido AINDA NAO FOI  PROCESSADO."),
            Some(TextMeaning::Pending)
        );
        assert_eq!(t.classify("Sem dados de retorno"), Some(TextMeaning::NoData));
        assert_eq!(t.classify("A chave expirou"), Some(TextMeaning::Expired));
        assert_eq!(t.classify("Erro interno"), None);
        assert_eq!(t.classify(""), None);

        let c = MessagePatterns::consultar_contratos();
        assert_eq!(c.classify("Pedido não foi processado"), Some(TextMeaning::Pending));
        assert_eq!(c.classify("Tenta mais tarde"), Some(TextMeaning::Pending));
        assert_eq!(c.classify("Chave EXPIRADA"), Some(TextMeaning::Expired));
        // Expired wins over pending when both occur.
        assert_eq!(
            c.classify("Não foi processado: a chave expirou"),
            Some(TextMeaning::Expired)
        );
        assert_eq!(c.classify("sem dados de retorno"), None);

        // An empty fragment matches nothing rather than everything.
        let empty = MessagePatterns {
            pending: vec![String::new(), "  ".into()],
            no_data: vec![],
            expired: vec![],
        };
        assert_eq!(empty.classify("anything"), None);
    }

    #[test]
    fn default_polling_is_two_seconds_eight_times() {
        assert_eq!(Polling::default(), Polling::new(Duration::from_secs(2), 8));
    }

    #[test]
    fn backoff_grows_to_its_ceiling() {
        let p = Polling::new(Duration::from_secs(1), 10).with_backoff(2, Duration::from_secs(5));
        let waits: Vec<u64> = (0..5).map(|a| p.wait_before(a).as_secs()).collect();
        assert_eq!(waits, vec![1, 2, 4, 5, 5]);
        assert_eq!(Polling::DEFAULT.wait_before(7), Duration::from_secs(2));
        assert_eq!(p.wait_before(u32::MAX), Duration::from_secs(5));
    }
}
