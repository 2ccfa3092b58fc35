//! The credential reaches the service intact. The simulator records `Authorization` with
//! its secret masked (each request test checks the scheme and the user); here a simulator
//! that accepts only the placeholder password and token answers every operation, so a
//! secret that arrived altered would be a 401.

use psi_client::api::cessar_vinculo;
use psi_client::rt::Auth;
use psi_tests::sim::{self, Cred, PASSWORD, TOKEN, USER};

use super::requests::*;

#[test]
fn basic_and_bearer_credentials_arrive_intact_for_every_operation() {
    for (op, own, call) in every_operation() {
        for cred in [Cred::Basic, Cred::Bearer] {
            if own == Cred::None {
                continue; // the public directory takes none (its tests check none is sent)
            }
            let sim = sim::strict();
            let _ = call(sim::config(&sim, cred));
            let seen = sim.requests();
            assert_eq!(seen.len(), 1, "{}", op.name);
            assert_eq!(seen[0].operation, Some(op.name));
            assert_eq!(seen[0].header("authorization"), cred.recorded(), "{}", op.name);
            assert_ne!(
                seen[0].status, 401,
                "{} with {cred:?}: the credential was refused",
                op.name
            );
        }
    }
}

/// The control: the same simulator refuses a credential that differs in its secret only.
#[test]
fn an_altered_secret_is_refused() {
    let call = |auth: Auth| {
        let sim = sim::strict();
        let client = cessar_vinculo::BlockingClient::new(sim.config(psi_client::rt::Environment::Producao).auth(auth));
        let result = client.cessar_vinculo(&cessar_request());
        (result, sim.requests().remove(0).status)
    };
    for auth in [
        Auth::basic(USER, format!("{PASSWORD}x")),
        Auth::bearer(format!("{TOKEN}x")),
    ] {
        let (result, status) = call(auth);
        assert_eq!(status, 401);
        assert!(result.expect_err("refused").is_unauthorized());
    }
    let (result, status) = call(Auth::basic(USER, PASSWORD));
    assert_ne!(status, 401);
    assert!(result.is_ok(), "{result:?}");
}
