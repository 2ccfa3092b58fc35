//! The credential reaches the service intact. The simulator records `Authorization` with
//! its secret masked (each request test checks the scheme and the user); here a simulator
//! that accepts only the placeholder password and token answers every operation, so a
//! secret that arrived altered would be a 401.

use psi_client::api::consulta_documentos_pagamento as consulta;
use psi_client::rt::Auth;
use psi_tests::sim::{self, Cred, PASSWORD, TOKEN, USER};

use super::common::*;

#[test]
fn basic_and_bearer_credentials_arrive_intact_for_every_operation() {
    for (name, call) in every_operation() {
        for cred in [Cred::Basic, Cred::Bearer] {
            let sim = sim::strict();
            let _ = call(sim::config(&sim, cred));
            let seen = sim.requests();
            assert_eq!(seen.len(), 1, "{name}");
            assert_eq!(seen[0].operation, Some(name));
            assert_eq!(seen[0].header("authorization"), cred.recorded(), "{name}");
            assert_ne!(seen[0].status, 401, "{name} with {cred:?}: the credential was refused");
        }
    }
}

/// The control: the same simulator refuses a credential that differs in its secret only.
#[test]
fn an_altered_secret_is_refused() {
    for auth in [
        Auth::basic(USER, format!("{PASSWORD}x")),
        Auth::bearer(format!("{TOKEN}x")),
    ] {
        let sim = sim::strict();
        let config = sim.config(psi_client::rt::Environment::Producao).auth(auth);
        let answer = consulta::BlockingClient::new(config).consultar_documentos_pagamento(None);
        assert_eq!(
            answer.expect("a declared status"),
            consulta::ConsultarDocumentosPagamentoResponse::Unauthorized
        );
        assert_eq!(sim.requests()[0].status, 401);
    }
}
