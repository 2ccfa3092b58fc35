//! Form bodies on the wire, byte for byte, from the project's fixtures
//! (`tests/fixtures/oas/`): an OpenAPI 3 URL-encoded body whose properties travel as its
//! Encoding Object says, and multipart bodies (RFC 7578) from OpenAPI 3 and from Swagger 2
//! `formData` with `type: file`.

use psi_client::rt::{Config, FormFile, Request};
use psi_tests::params::openapi3_params::{self, Point};
use psi_tests::params::swagger2_params;

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers().get(name).and_then(|v| v.to_str().ok())
}

/// The boundary of a multipart request, from its `Content-Type`.
fn boundary(request: &Request) -> String {
    let content_type = header(request, "content-type").expect("a Content-Type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {content_type}"));
    boundary.to_owned()
}

#[test]
fn openapi3_urlencoded_body_by_encoding() {
    let config = Config::for_url("https://example.test/v3");
    let ab = strings(&["a", "b c"]);
    let point = Point::new().with_x(1).with_y(2);
    let request = openapi3_params::codec::send_form::request(
        &config,
        7,
        Some("n&b"),
        Some(&ab),
        Some(&ab),
        Some(&ab),
        Some(&point),
        Some(&point),
    )
    .expect("a request");
    assert_eq!(
        header(&request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    // `form` + explode (the default): repeated fields, an object's members as fields of their
    // own; `explode: false`: one field, comma-joined; `pipeDelimited`; `contentType: JSON`.
    assert_eq!(
        String::from_utf8_lossy(request.body()),
        "id=7&note=n%26b&repeated=a&repeated=b%20c&joined=a%2Cb%20c&piped=a%7Cb%20c\
         &x=1&y=2&meta=%7B%22x%22%3A1%2C%22y%22%3A2%7D"
    );
    let request =
        openapi3_params::codec::send_form::request(&config, 7, None, None, None, None, None, None).expect("a request");
    assert_eq!(String::from_utf8_lossy(request.body()), "id=7");
}

#[test]
fn openapi3_multipart_body() {
    let config = Config::for_url("https://example.test/v3");
    let file = FormFile::new(b"%PDF-1.7\r\n\x00\xff".to_vec()).named("recibo.pdf");
    let extras = [
        FormFile::new(b"one".to_vec()),
        FormFile::new(b"two".to_vec()).named("2.txt"),
    ];
    let scan = FormFile::new(b"\x89PNG".to_vec());
    let point = Point::new().with_x(1);
    let request = openapi3_params::codec::upload::request(
        &config,
        &file,
        Some("Título"),
        Some(&extras),
        Some(&strings(&["a", "b"])),
        Some(&point),
        Some(&scan),
    )
    .expect("a request");
    let b = boundary(&request);
    let mut expected = Vec::new();
    let mut part = |head: &str, body: &[u8]| {
        expected.extend_from_slice(format!("--{b}\r\n{head}\r\n\r\n").as_bytes());
        expected.extend_from_slice(body);
        expected.extend_from_slice(b"\r\n");
    };
    // The required file first (arguments: required ones first), then the spec's order.
    part(
        "Content-Disposition: form-data; name=\"file\"; filename=\"recibo.pdf\"\r\nContent-Type: application/octet-stream",
        b"%PDF-1.7\r\n\x00\xff",
    );
    part("Content-Disposition: form-data; name=\"title\"", "Título".as_bytes());
    part(
        "Content-Disposition: form-data; name=\"extras\"; filename=\"extras\"\r\nContent-Type: application/octet-stream",
        b"one",
    );
    part(
        "Content-Disposition: form-data; name=\"extras\"; filename=\"2.txt\"\r\nContent-Type: application/octet-stream",
        b"two",
    );
    part("Content-Disposition: form-data; name=\"tags\"", b"a");
    part("Content-Disposition: form-data; name=\"tags\"", b"b");
    part(
        "Content-Disposition: form-data; name=\"point\"\r\nContent-Type: application/json",
        b"{\"x\":1}",
    );
    part(
        "Content-Disposition: form-data; name=\"scan\"; filename=\"scan\"\r\nContent-Type: image/png",
        b"\x89PNG",
    );
    expected.extend_from_slice(format!("--{b}--\r\n").as_bytes());
    assert_eq!(
        String::from_utf8_lossy(request.body()),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(request.body(), &expected);
    // The boundary occurs in no part.
    assert_eq!(String::from_utf8_lossy(request.body()).matches(b.as_str()).count(), 9);
}

#[test]
fn swagger2_multipart_with_a_file() {
    let config = Config::for_url("https://example.test/v1");
    let file = FormFile::new(b"hello".to_vec()).named("a \"b\".txt");
    let request = swagger2_params::codec::upload_file::request(&config, &file, Some("n"), Some(&strings(&["x", "y"])))
        .expect("a request");
    let b = boundary(&request);
    let expected = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a %22b%22.txt\"\r\n\
         Content-Type: application/octet-stream\r\n\r\nhello\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nn\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nx\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\ny\r\n\
         --{b}--\r\n"
    );
    assert_eq!(String::from_utf8_lossy(request.body()), expected);
    // The URL-encoded form of the same fixture stays URL-encoded.
    let request = swagger2_params::codec::send_form::request(&config, None, Some(&strings(&["a"]))).expect("a request");
    assert_eq!(
        header(&request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
}
