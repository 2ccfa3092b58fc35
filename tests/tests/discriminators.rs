//! OpenAPI discriminated unions on the wire: the discriminator's value picks the variant when
//! reading and is written when sending; an unknown value is an error, never another variant,
//! and a variant holding another variant's value is refused rather than sent (the project's
//! OpenAPI 3.0 fixture, `tests/fixtures/oas/openapi3-params.yaml`).

use psi_client::rt::{Config, transport::response};
use psi_tests::params::openapi3_params::{self, AddPetResponse, Dog, Lizard, Pet};

#[test]
fn the_tag_picks_the_variant() {
    let dog: Pet = serde_json::from_str(r#"{"petType":"dog","bark":"woof"}"#).expect("a dog");
    let Pet::Dog(d) = &dog else { panic!("{dog:?}") };
    assert_eq!(d.bark.as_deref(), Some("woof"));
    let lizard: Pet = serde_json::from_str(r#"{"petType":"Lizard","lovesRocks":true}"#).expect("a lizard");
    assert!(
        matches!(&lizard, Pet::Lizard(l) if l.loves_rocks == Some(true)),
        "{lizard:?}"
    );

    let e = serde_json::from_str::<Pet>(r#"{"petType":"Fish"}"#).unwrap_err();
    assert!(e.to_string().contains("unknown `petType` value `Fish`"), "{e}");
    let e = serde_json::from_str::<Pet>(r#"{"bark":"woof"}"#).unwrap_err();
    assert!(e.to_string().contains("missing"), "{e}");
}

#[test]
fn the_tag_is_written_when_sending() {
    let config = Config::for_url("https://example.test/v3");
    let body = |pet: &Pet| {
        let request = openapi3_params::codec::add_pet::request(&config, pet).expect("a request");
        String::from_utf8(request.body().clone()).expect("UTF-8")
    };
    // The variant's mapped value goes on the wire: as the variant holds it, or where it is
    // empty.
    assert_eq!(
        body(&Pet::Dog(Dog::new("dog").with_bark("woof"))),
        r#"{"petType":"dog","bark":"woof"}"#
    );
    assert_eq!(body(&Pet::Dog(Dog::new(""))), r#"{"petType":"dog"}"#);
    assert_eq!(
        body(&Pet::Lizard(Lizard::new("").with_loves_rocks(true))),
        r#"{"petType":"Lizard","lovesRocks":true}"#
    );
    // The answer's declared media type is what the request accepts.
    let request = openapi3_params::codec::add_pet::request(&config, &Pet::Dog(Dog::new("dog"))).expect("a request");
    let accept = request.headers().get("accept").and_then(|v| v.to_str().ok());
    assert_eq!(accept, Some("application/json"));

    let answer = response(200, "application/json", r#"{"petType":"Lizard","lovesRocks":false}"#);
    let outcome = openapi3_params::codec::add_pet::response(&config, &answer).expect("an answer");
    let AddPetResponse::Ok(Pet::Lizard(l)) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(l, Lizard::new("Lizard").with_loves_rocks(false));
}

#[test]
fn a_variant_holding_another_variants_tag_is_refused() {
    // `Dog` with `petType: cat` would be read as a Cat by the receiver: it is not sent.
    let config = Config::for_url("https://example.test/v3");
    let e = openapi3_params::codec::add_pet::request(&config, &Pet::Dog(Dog::new("cat"))).unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("Pet::Dog: `petType` is `cat`, but this variant is tagged `dog`"),
        "{text}"
    );
    let e = serde_json::to_string(&Pet::Lizard(Lizard::new("Gecko"))).unwrap_err();
    assert!(e.to_string().contains("Pet::Lizard: `petType` is `Gecko`"), "{e}");
}
