//! The hand-written runtime the generated code stands on.
//!
//! * [`xml`], [`values`], [`ident`]: wire values and XML reading/writing.
//! * [`soap`], [`http`]: one call of a SOAP or REST operation; [`path`] and [`form`]: REST
//!   path parameters in their OpenAPI styles, and form bodies (URL-encoded or multipart).
//! * [`config`], [`auth`], [`env`](mod@env), [`transport`], [`client`]: where, how and with
//!   which credential; the transport traits and what every client holds.
//! * [`error`]: what a call returns when it fails.
#![warn(missing_docs)]

pub mod auth;
pub mod calendar;
pub mod client;
pub mod config;
pub mod env;
pub mod error;
pub mod form;
pub mod http;
pub mod ident;
pub mod json;
pub mod path;
pub mod soap;
pub mod transport;
pub mod values;
pub mod xml;
pub mod xml_guard;
pub mod zip;

pub use auth::{Auth, KeyPlace, Secret};
/// A calendar date.
pub use chrono::NaiveDate as Date;
/// A time of day.
pub use chrono::NaiveTime as Time;
pub use client::AsyncClient;
#[cfg(feature = "blocking")]
pub use client::BlockingClient;
pub use config::{Config, Limits, XmlLimits, endpoint};
pub use env::Environment;
pub use error::{Error, Fault, NoFault};
pub use form::FormFile;
pub use ident::{IdError, Nif, Nipc, Niss};
/// Exact decimal numbers (money): `rust_decimal::Decimal`.
pub use rust_decimal::Decimal;
/// Any JSON value (an untyped part of a REST payload).
pub use serde_json::Value as JsonValue;
pub use soap::{FaultDetail, SoapOperation, SoapVersion};
#[cfg(feature = "blocking")]
pub use transport::BlockingTransport;
#[cfg(feature = "reqwest")]
pub use transport::ReqwestTransport;
pub use transport::{AsyncTransport, BoxFuture, Request, Response, Transport, TransportError, TransportErrorKind};
pub use values::{Base64, DateTime, HexBinary, ResultCode, Unknown};
pub use xml::{Attachment, DecodeError, RawXml, ReadCtx, XmlElement, XmlText, XmlWriter};
