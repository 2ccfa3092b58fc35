//! Every REST operation of the generated clients (CI: emissão, consulta, comprovativos,
//! cancelamento; QLF), called with the default (reqwest) transport against the simulator
//! (`psi-sim`): method, path (the environment's base URL + basePath-relative path, path
//! parameters percent-encoded), query, headers and the JSON body (checked against the
//! Swagger schema of that body), read back from the simulator's record; then the answers,
//! scripted on the simulator: success, the PSI's error bodies, malformed JSON and undeclared
//! statuses.
//!
//! Facts from `../shared/reference/psi-services.md` (§4.4, §5.3, §5.5, §6.9–§6.13, §7.7.4,
//! §7.7.5).

mod common;
mod credentials;
mod documentos;
mod emissao;
mod failures;
mod qlf;
mod schema;
