//! API keys on the wire: each operation puts an `Auth::ApiKey` where its security scheme
//! says (a header, a query parameter, a cookie), marked sensitive, from the project's
//! fixtures (`tests/fixtures/oas/`).

use psi_client::rt::transport::Redacted;
use psi_client::rt::{Auth, Config, Request};
use psi_tests::params::{openapi3_params, swagger2_params};

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers().get(name).and_then(|v| v.to_str().ok())
}

fn config(base: &str) -> Config {
    Config::for_url(base).auth(Auth::api_key("k/1-SECRET"))
}

#[test]
fn the_key_goes_where_the_scheme_says() {
    let config = config("https://example.test/v3");
    let request = openapi3_params::codec::key_in_header::request(&config).expect("a request");
    assert_eq!(header(&request, "x-api-key"), Some("k/1-SECRET"));
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(request.uri().to_string(), "https://example.test/v3/keys/header");
    assert!(request.headers()["x-api-key"].is_sensitive());
    assert!(!format!("{request:?}").contains("SECRET"));

    // The first scheme the operation accepts: the query one.
    let request = openapi3_params::codec::key_in_query::request(&config, Some("q v")).expect("a request");
    assert_eq!(
        request.uri().to_string(),
        "https://example.test/v3/keys/query?q=q%20v&api_key=k%2F1-SECRET"
    );
    assert_eq!(header(&request, "x-api-key"), None);
    assert!(!format!("{:?}", Redacted(&request)).contains("SECRET"));

    let request = openapi3_params::codec::key_in_cookie::request(&config, Some("s1")).expect("a request");
    assert_eq!(header(&request, "cookie"), Some("session=s1; key=k/1-SECRET"));
    assert!(request.headers()["cookie"].is_sensitive());

    let config = self::config("https://example.test/v1");
    let file = psi_client::rt::FormFile::new(b"x".to_vec());
    let request = swagger2_params::codec::upload_file::request(&config, &file, None, None).expect("a request");
    assert_eq!(
        request.uri().to_string(),
        "https://example.test/v1/uploads?api_key=k%2F1-SECRET"
    );
}

#[test]
fn other_credentials_are_unchanged() {
    let basic = Config::for_url("https://example.test/v3").auth(Auth::basic("u", "p"));
    let request = openapi3_params::codec::key_in_query::request(&basic, None).expect("a request");
    assert_eq!(request.uri().to_string(), "https://example.test/v3/keys/query");
    assert_eq!(header(&request, "authorization"), Some("Basic dTpw"));
}
