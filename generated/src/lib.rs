//! Typed clients for Segurança Social's *Plataforma de Serviços de Interoperabilidade* (PSI)
//! and for the SIOE public directory, generated from the specs in `specs/`.
//!
//! * [`api`] is generated: one module per service (an async `Client`, a `BlockingClient`
//!   with the feature `blocking`, and the transport-free `codec` of every operation), shared
//!   types once.
//! * [`rt`] is the small hand-written runtime: envelopes, faults, auth, transports, limits,
//!   errors.
//! * [`flows`] runs the two-step services; [`rules`] checks business rules before sending.
//!
//! Start with the [`guide`]: async and blocking use, credentials, environments, the codecs,
//! errors, flows, rules and large results, each with an example that runs.
//!
//! Features: `reqwest` (default) — the async transport (reqwest, rustls); `blocking` — the
//! blocking clients and flows.

#[rustfmt::skip]
pub mod api;
pub mod flows;
pub mod guide;
pub mod rt;
pub mod rules;

/// The README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
