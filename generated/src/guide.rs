//! # Guide
//!
//! Every example here runs as a doctest against a fake transport that answers what the PSI
//! would ([`crate::rt::transport::Replay`], or a few lines of your own); swap in the default
//! transport (`Client::new`) to talk to the real services.
//!
//! ## 1. Async first
//!
//! Each service is a module of [`crate::api`] with an async `Client` (default feature
//! `reqwest`: reqwest with rustls, on your Tokio runtime — one with IO and timers enabled, as
//! `#[tokio::main]` makes; the per-call deadline runs on Tokio's timer). Requests are built with `new`
//! (the required fields) and `with_…` setters (the optional ones), so a field the publisher
//! adds later does not break your code.
//!
//! ```
//! # use std::sync::Arc;
//! # use psi_client::rt::{AsyncTransport, BoxFuture, Request, Response, TransportError};
//! # #[derive(Debug)]
//! # struct Canned(&'static str);
//! # impl AsyncTransport for Canned {
//! #     fn send(&self, _r: Request) -> BoxFuture<'_, Result<Response, TransportError>> {
//! #         let body = self.0;
//! #         Box::pin(async move { Ok(psi_client::rt::transport::response(200, "text/xml", body)) })
//! #     }
//! # }
//! # const OK: &str = "<S:Envelope xmlns:S=\"http://schemas.xmlsoap.org/soap/envelope/\"><S:Body>\
//! #   <ns2:cessarVinculoResponse xmlns:ns2=\"http://vo.webservice.contrato.segsocial.pt\">\
//! #   <codigo-resultado>1</codigo-resultado></ns2:cessarVinculoResponse></S:Body></S:Envelope>";
//! use psi_client::api::cessar_vinculo::{CessarVinculo, Client, ComunicacaoDesemprego, MotivoFimVinculo};
//! use psi_client::rt::{Auth, Config, Date, Environment, Niss};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let config = Config::new(Environment::Producao).auth(Auth::bearer("token-from-SSD"));
//! # let client = Client::with_transport(config.clone(), Arc::new(Canned(OK)));
//! # /*
//! let client = Client::new(config);
//! # */
//! let request = CessarVinculo::new(
//!     Niss::new("29999999991")?,
//!     Date::from_ymd_opt(2026, 1, 30).unwrap(),
//!     MotivoFimVinculo::Ccct,
//!     ComunicacaoDesemprego::V0,
//! );
//! # let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
//! # runtime.block_on(async {
//! let answer = client.cessar_vinculo(&request).await?;
//! assert_eq!(answer.codigo_resultado, 1);
//! # Ok::<(), psi_client::rt::Error>(()) })?;
//! # Ok(()) }
//! ```
//!
//! ## 2. Blocking
//!
//! With the feature `blocking`, each module also has a `BlockingClient` with the same
//! operations. Its default transport runs the async one on a thread of its own, so it works
//! from plain threads, from `tokio::task::spawn_blocking` and even inside async code.
//!
//! ```
//! # #[cfg(feature = "blocking")] {
//! # use std::sync::Arc;
//! # use psi_client::rt::{Request, Response, Transport, TransportError};
//! # #[derive(Debug)]
//! # struct Canned;
//! # impl Transport for Canned {
//! #     fn send(&self, r: Request) -> Result<Response, TransportError> {
//! #         assert_eq!(r.uri().path(), "/ws/contrato/v1/cessarVinculoTrabalhador");
//! #         Ok(psi_client::rt::transport::response(403, "text/xml", ""))
//! #     }
//! # }
//! use psi_client::api::cessar_vinculo::{BlockingClient, CessarVinculo, ComunicacaoDesemprego, MotivoFimVinculo};
//! use psi_client::rt::{Auth, Config, Date, Environment, Niss};
//!
//! let config = Config::new(Environment::QualidadePreapp).auth(Auth::basic("20000000001", "password"));
//! # let client = BlockingClient::with_transport(config, Arc::new(Canned));
//! # /*
//! let client = BlockingClient::new(config);
//! # */
//! let request = CessarVinculo::new(
//!     Niss::new("29999999991").unwrap(),
//!     Date::from_ymd_opt(2026, 1, 30).unwrap(),
//!     MotivoFimVinculo::Ccct,
//!     ComunicacaoDesemprego::V0,
//! );
//! let err = client.cessar_vinculo(&request).unwrap_err();
//! // The PSI answers 403 with an empty SOAP Body until the employer has adhered.
//! assert!(err.is_forbidden());
//! # }
//! ```
//!
//! ## 3. Credentials
//!
//! [`crate::rt::Auth`]: Basic (the entity's NISS and Segurança Social Direta password) or
//! Bearer (a token created in SSD). The PSI's scheme is contested, so it is a setting. Clients
//! generated from other specs may take an API key ([`crate::rt::Auth::api_key`]), which each
//! operation puts in the header, query parameter or cookie its spec's scheme names. The
//! credential never appears in `Debug` output or in errors — not even when a server echoes it.
//!
//! ```
//! use psi_client::rt::{Auth, Config, Environment};
//!
//! let config = Config::new(Environment::Producao).auth(Auth::basic("20000000001", "s3cret"));
//! assert!(!format!("{config:?}").contains("s3cret"));
//! let request = psi_client::api::cessar_vinculo::codec::cessar_vinculo::request(
//!     &config,
//!     &psi_client::api::cessar_vinculo::CessarVinculo::new(
//!         psi_client::rt::Niss::new("29999999991").unwrap(),
//!         psi_client::rt::Date::from_ymd_opt(2026, 1, 30).unwrap(),
//!         psi_client::api::cessar_vinculo::MotivoFimVinculo::Ccct,
//!         psi_client::api::cessar_vinculo::ComunicacaoDesemprego::V0,
//!     ),
//! )
//! .unwrap();
//! let header = &request.headers()["authorization"];
//! assert!(header.is_sensitive() && header.to_str().unwrap().starts_with("Basic "));
//! ```
//!
//! ## 4. Environments and addresses
//!
//! [`crate::rt::Config::new`] takes an [`crate::rt::Environment`]; each service's URL comes
//! from its module's `ENDPOINTS` table. [`crate::rt::Config::origin`] sends to another scheme,
//! host and port while keeping each service's path (a simulator, a proxy);
//! [`crate::rt::Config::for_url`] sets one whole base URL.
//!
//! ```
//! use psi_client::api::cessar_vinculo;
//! use psi_client::rt::{Config, Environment, NoFault};
//!
//! let local = Config::new(Environment::QualidadePreapp).origin("http://127.0.0.1:8080");
//! assert_eq!(
//!     local.base_url::<NoFault>(cessar_vinculo::ENDPOINTS).unwrap(),
//!     "http://127.0.0.1:8080/ws/contrato/v1/cessarVinculoTrabalhador"
//! );
//! ```
//!
//! ## 5. Without a transport: the codecs
//!
//! Each module's `codec` has, per operation, `request` (typed input → [`http::Request`]) and
//! `response` ([`http::Response`] → typed outcome). The clients are these two around a
//! transport; any HTTP stack (tower, reqwest-middleware) can run them instead, or implement
//! [`crate::rt::AsyncTransport`] / [`crate::rt::Transport`] for retries, tracing or proxies.
//!
//! ```
//! use psi_client::api::consultar_contratos::{codec, GetDadosContratos};
//! use psi_client::rt::{Config, Environment};
//!
//! let config = Config::new(Environment::Producao);
//! let request = codec::get_dados_contratos::request(&config, &GetDadosContratos::new("K-1")).unwrap();
//! assert_eq!(request.method(), "POST");
//! assert_eq!(request.uri(), "https://app.seg-social.pt/ws/contrato/v1/contratos");
//! assert!(String::from_utf8_lossy(request.body()).contains("<chave>K-1</chave>"));
//!
//! let answer = psi_client::rt::transport::response(
//!     200,
//!     "text/xml",
//!     "<e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\"><e:Body>\
//!      <v:getDadosContratosResponse xmlns:v=\"http://vo.webservice.contrato.segsocial.pt\">\
//!      <codigo-resultado>4</codigo-resultado></v:getDadosContratosResponse></e:Body></e:Envelope>",
//! );
//! let outcome = codec::get_dados_contratos::response(&config, &answer).unwrap();
//! assert_eq!(outcome.codigo_resultado, 4);
//! ```
//!
//! ## 6. Errors
//!
//! Every operation returns [`crate::rt::Error`]: `Transport` (no response;
//! [`crate::rt::Error::is_retryable`] says whether trying again can help), `Status` (an
//! undeclared HTTP status, body kept and cut; [`crate::rt::Error::is_forbidden`] for the PSI's
//! 403 "not adhered"), `Fault` (a SOAP Fault with its typed detail), `Decode` (with line and
//! column), `TooLarge` (the body passed [`crate::rt::Limits::max_body`]), `Encode`, `Invalid`.
//! REST operations return an enum with one variant per declared status instead of failing on
//! 4xx: the PSI answers "no records" with HTTP 400.
//!
//! ```
//! use psi_client::api::consultar_contratos::{codec, GetDadosContratos};
//! use psi_client::rt::transport::response;
//! use psi_client::rt::{Config, Error, TransportError, TransportErrorKind};
//!
//! let config = Config::for_url("https://psi.test/ws/contrato/v1/contratos");
//! let fault = response(
//!     500,
//!     "text/xml",
//!     "<e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\"><e:Body><e:Fault>\
//!      <faultcode>e:Server</faultcode><faultstring>Erro interno</faultstring></e:Fault></e:Body></e:Envelope>",
//! );
//! match codec::get_dados_contratos::response(&config, &fault) {
//!     Err(Error::Fault(f)) => assert_eq!(f.reason, "Erro interno"),
//!     other => panic!("{other:?}"),
//! }
//! let cut = response(200, "text/xml", "<e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\"><e:Body>");
//! let err = codec::get_dados_contratos::response(&config, &cut).unwrap_err();
//! assert!(matches!(err, Error::Decode(_)) && !err.is_retryable());
//! let refused: Error = TransportError::new(TransportErrorKind::Connect, "connection refused").into();
//! assert!(refused.is_retryable());
//! ```
//!
//! ## 7. Two-step services
//!
//! [`crate::flows`] submits, polls (with backoff and a deadline: [`crate::flows::Polling`])
//! and returns an [`crate::flows::Outcome`]: data, no data, expired, still pending (resume
//! with the `chave`), a file, or the business error. Async by default; blocking in
//! [`crate::flows`]`::blocking` (feature `blocking`).
//!
//! ```
//! use std::time::Duration;
//! use psi_client::api::consultar_contratos::{Client, PesquisaContratos};
//! use psi_client::flows::{self, AsyncSleeper, MessagePatterns, Outcome, Polling};
//! use psi_client::rt::transport::{Replay, response};
//! use psi_client::rt::{BoxFuture, Config, Date};
//!
//! /// Records the waits instead of waiting (a test; use `flows::TokioSleeper` for real).
//! #[derive(Default)]
//! struct Waits(std::sync::Mutex<Vec<Duration>>);
//! impl AsyncSleeper for Waits {
//!     fn sleep(&self, d: Duration) -> BoxFuture<'_, ()> {
//!         self.0.lock().unwrap().push(d);
//!         Box::pin(async {})
//!     }
//! }
//! let soap = |body: &str| {
//!     Ok(response(200, "text/xml", format!(
//!         "<e:Envelope xmlns:e=\"http://schemas.xmlsoap.org/soap/envelope/\"><e:Body>\
//!          <v:{body}</e:Body></e:Envelope>"
//!     )))
//! };
//! let ns = "xmlns:v=\"http://vo.webservice.contrato.segsocial.pt\"";
//! let replay = Replay::new([
//!     // Step 1: the key.
//!     soap(&format!("pesquisaContratosResponse {ns}><chave>K-1</chave></v:pesquisaContratosResponse>")),
//!     // Step 2: still processing, then no contracts.
//!     soap(&format!("getDadosContratosResponse {ns}><codigo-resultado>0</codigo-resultado>\
//!          <mensagens-erro>Pedido ainda não foi processado</mensagens-erro></v:getDadosContratosResponse>")),
//!     soap(&format!("getDadosContratosResponse {ns}><codigo-resultado>4</codigo-resultado>\
//!          </v:getDadosContratosResponse>")),
//! ]);
//! let client = Client::with_transport(Config::for_url("https://psi.test/ws/contrato/v1/contratos"), replay.clone());
//! let polling = Polling::new(Duration::from_secs(2), 8).with_backoff(2, Duration::from_secs(30));
//! let waits = Waits::default();
//! let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
//! let outcome = runtime
//!     .block_on(flows::consultar_contratos(
//!         &client,
//!         &PesquisaContratos::new(Date::from_ymd_opt(2026, 1, 1).unwrap(), Date::from_ymd_opt(2026, 3, 31).unwrap()),
//!         &polling,
//!         &MessagePatterns::consultar_contratos(),
//!         &waits,
//!     ))
//!     .unwrap();
//! assert_eq!(outcome, Outcome::NoData);
//! assert_eq!(*waits.0.lock().unwrap(), [Duration::from_secs(2), Duration::from_secs(4)]);
//! assert!(replay.requests()[2].body_text().contains("<chave>K-1</chave>"));
//! ```
//!
//! ## 8. Business rules
//!
//! [`crate::rules::Validate`] checks what a schema cannot say (which modalities need an end
//! date, which motives need a substitute, codes a service does not list…) before sending;
//! [`crate::rules::ValidateToday`] uses today's date in Lisbon.
//!
//! ```
//! use psi_client::api::cessar_vinculo::{CessarVinculo, ComunicacaoDesemprego, MotivoFimVinculo};
//! use psi_client::rt::{Date, Niss};
//! use psi_client::rules::{Rule, Validate};
//!
//! let request = CessarVinculo::new(
//!     Niss::new("29999999991").unwrap(),
//!     Date::from_ymd_opt(2026, 1, 30).unwrap(),
//!     MotivoFimVinculo::Rarc,
//!     ComunicacaoDesemprego::V1,
//! );
//! let found = request.validate(Date::from_ymd_opt(2026, 2, 2).unwrap());
//! assert_eq!(found[0].rule, Rule::FundamentacaoRequired);
//! ```
//!
//! ## 9. Large results
//!
//! Consultar Contratos delivers 500 contracts or more as a ZIP in an MTOM/XOP attachment, and
//! Consultar Trabalhadores answers `codigoEstado` 1 with a file:
//! [`crate::flows::Outcome::File`] holds the bytes and the records read from them
//! ([`crate::flows::contratos_from_zip`], [`crate::flows::trabalhadores_from_zip`]; the
//! layout inside the ZIP is not published, so that reading is marked *Unverified*, and the
//! bytes are kept with the reason whenever it fails), and
//! [`crate::flows::Outcome::into_data`] gives the records whether they came inline or in the
//! file.
//!
//! ```
//! use psi_client::flows::{self, Outcome};
//! use psi_client::rt::{Limits, zip};
//!
//! let contrato = "<contrato><niss-trabalhador>29999999991</niss-trabalhador>\
//!     <modalidade-contrato>A</modalidade-contrato><inicio-contrato>2026-01-05</inicio-contrato>\
//!     </contrato>";
//! let file = zip::write_stored(&[("contratos.xml", format!("<contratos>{contrato}</contratos>").as_bytes())])
//!     .unwrap();
//! let contratos = flows::contratos_from_zip(&file, &Limits::DEFAULT).unwrap();
//! assert_eq!(contratos[0].niss_trabalhador.as_ref().map(|n| n.as_str()), Some("29999999991"));
//! // What the flow returns for such an answer, and the records whichever way they came:
//! let outcome = Outcome::File(flows::Ficheiro::read(file, contratos));
//! assert_eq!(outcome.into_data().map(|c| c.len()), Some(1));
//! ```
