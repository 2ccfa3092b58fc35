//! Helpers shared by the workspace tests: the simulator (`psi-sim`) as the client and flow
//! tests drive it, SOAP answers scripted on it, checks of the SOAP requests it records, XSD
//! validation with `xmllint`, and a checker of JSON bodies against Swagger 2.0 schemas.

pub mod sim;
pub mod soap;
pub mod soap_wire;
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
