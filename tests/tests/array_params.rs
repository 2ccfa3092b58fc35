//! Array parameters on the wire, byte for byte, as the generated codecs build them from the
//! project's Swagger 2.0 and OpenAPI 3.0 fixtures (`tests/fixtures/oas/`): Swagger's
//! `collectionFormat` (csv, ssv, tsv, pipes, multi) and OpenAPI's `style` + `explode`, in the query,
//! headers and the path (`simple`, `label`, `matrix`).

use psi_client::rt::{Config, Request};
use psi_tests::params::openapi3_params::{self, Point};
use psi_tests::params::swagger2_params;

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers().get(name).and_then(|v| v.to_str().ok())
}

#[test]
fn swagger2_collection_formats() {
    let config = Config::for_url("https://example.test/v1");
    let ab = strings(&["a", "b c"]);
    let request = swagger2_params::codec::list_items::request(
        &config,
        &[1, 2, 3],
        Some(&ab),
        Some(&ab),
        Some(&ab),
        Some(&ab),
        Some(&ab),
        Some(&ab),
    )
    .expect("a request");
    assert_eq!(
        request.uri().to_string(),
        "https://example.test/v1/items/1,2,3\
         ?csv=a%2Cb%20c&ssv=a%20b%20c&tsv=a%09b%20c&pipes=a%7Cb%20c&multi=a&multi=b%20c"
    );
    assert_eq!(header(&request, "x-tags"), Some("a,b c"));
    // Every answer is a body-less 204: no `Accept` a server could refuse.
    assert_eq!(header(&request, "accept"), None);

    let request = swagger2_params::codec::send_form::request(&config, Some(&ab), Some(&ab)).expect("a request");
    assert_eq!(
        String::from_utf8_lossy(request.body()),
        "multi=a&multi=b%20c&csv=a%2Cb%20c"
    );
}

#[test]
fn openapi3_styles_and_explode() {
    let config = Config::for_url("https://example.test/v3");
    let ab = strings(&["a", "b"]);
    let request = openapi3_params::codec::list_things::request(
        &config,
        &[7, 8],
        Some(&ab),
        Some(&ab),
        Some(&ab),
        Some(&ab),
        Some(&ab),
    )
    .expect("a request");
    assert_eq!(
        request.uri().to_string(),
        "https://example.test/v3/things/7,8?exploded=a&exploded=b&joined=a%2Cb&spaced=a%20b&piped=a%7Cb"
    );
    assert_eq!(header(&request, "x-tags"), Some("a,b"));
    assert_eq!(header(&request, "accept"), None, "a 204 only");
    // An absent optional array sends nothing.
    let request =
        openapi3_params::codec::list_things::request(&config, &[7], None, None, None, None, None).expect("a request");
    assert_eq!(request.uri().to_string(), "https://example.test/v3/things/7");
}

#[test]
fn openapi3_objects_in_the_query() {
    let config = Config::for_url("https://example.test/v3");
    let point = Point::new().with_x(1).with_y(-2);
    // form exploded (the default): the members; form and pipeDelimited not exploded: one list
    // of keys and values; deepObject: `name[key]`; `content: application/json`: the JSON text.
    let request = openapi3_params::codec::find_points::request(
        &config,
        &point,
        Some(&point),
        Some(&point),
        Some(&point),
        Some(&point),
    )
    .expect("a request");
    assert_eq!(
        request.uri().to_string(),
        "https://example.test/v3/points?json=%7B%22x%22%3A1%2C%22y%22%3A-2%7D&x=1&y=-2\
         &joined=x%2C1%2Cy%2C-2&piped=x%7C1%7Cy%7C-2&deep%5Bx%5D=1&deep%5By%5D=-2"
    );
    // Unset members are left out; absent optional objects send nothing.
    let request =
        openapi3_params::codec::find_points::request(&config, &Point::new().with_y(3), None, None, None, None)
            .expect("a request");
    assert_eq!(request.uri().to_string(), "https://example.test/v3/points?y=3");
}

#[test]
fn openapi3_path_label_and_matrix_styles() {
    let config = Config::for_url("https://example.test/v3");
    let point = Point::new().with_x(1).with_y(-2);
    // label: `.` before the value; an array `,`-joined, exploded `.`-joined; an exploded
    // object as `.key=value` pairs.
    let request = openapi3_params::codec::label_path::request(&config, &[1, 2], &strings(&["a", "b c"]), &point)
        .expect("a request");
    assert_eq!(
        request.uri().to_string(),
        "https://example.test/v3/labels/.1,2/.a.b%20c/.x=1.y=-2"
    );
    // matrix: `;name=` before the value; exploded arrays repeat it; an object's members
    // follow the name, `,`-joined.
    let request =
        openapi3_params::codec::matrix_path::request(&config, &[1, 2], &[3, 4], "o;ne", &point).expect("a request");
    assert_eq!(
        request.uri().to_string(),
        "https://example.test/v3/matrix/;ids=1,2/;exploded=3;exploded=4/;one=o%3Bne/;point=x,1,y,-2"
    );
    // Empty values keep the marks.
    let request =
        openapi3_params::codec::matrix_path::request(&config, &[], &[], "", &Point::new()).expect("a request");
    assert_eq!(
        request.uri().to_string(),
        "https://example.test/v3/matrix/;ids/;exploded/;one/;point"
    );
}
