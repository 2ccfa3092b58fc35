//! Every SOAP operation of the generated clients, called with the default (reqwest) transport
//! against the simulator (`psi-sim`): what goes on the wire (method, path, headers, the
//! envelope and the operation element, read back from the simulator's record, checked with
//! roxmltree and validated against the service's XSD with `xmllint`) and how the answers
//! decode (success envelopes with varied prefixes, SOAP Faults, the PSI's 403 with an empty
//! Body, malformed XML, unknown codes and unknown elements), each answer scripted on the
//! simulator byte for byte.
//!
//! Facts from `../shared/reference/psi-services.md` (§2.3 SOAP conventions, §4.4 the 403,
//! §5.4 naming, §5.5 result signalling, §5.7 MTOM, §5.8 nillable values, §6.x per service).

mod contrato;
mod credentials;
mod failures;
mod remuneracoes;
mod requests;
mod sioe;
mod tolerant;
mod wsidq;
mod xsd_validation;
