//! Typed clients for Segurança Social's *Plataforma de Serviços de Interoperabilidade* (PSI)
//! and for the SIOE public directory, generated from the specs in `specs/`.
//!
//! * [`api`] is generated: one module per service, shared types once.
//! * [`rt`] is the small hand-written runtime: envelopes, faults, auth, transport, errors.

#[rustfmt::skip]
pub mod api;
pub mod rt;
