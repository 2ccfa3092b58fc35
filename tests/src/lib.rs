//! Helpers shared by the workspace tests: a loopback HTTP server that records what a
//! client sends and answers with canned responses, canned SOAP answers, XSD validation with
//! `xmllint`, and a checker of JSON bodies against Swagger 2.0 schemas.

pub mod server;
pub mod soap;
pub mod swagger;
pub mod xsd;

/// Generated from `tests/fixtures/xsd/features.xsd` by `cargo xtask codegen`.
#[rustfmt::skip]
#[allow(missing_docs, clippy::all)]
pub mod features;

/// Generated from `tests/fixtures/oas/*-params.yaml` by `cargo xtask codegen`.
#[rustfmt::skip]
#[allow(missing_docs, clippy::all)]
pub mod params;

/// Generated from `tests/fixtures/wsdl/encoded.wsdl` by `cargo xtask codegen`.
#[rustfmt::skip]
#[allow(missing_docs, clippy::all)]
pub mod encoded;
