//! Failures leave `specs/` exactly as it was.

use super::*;

#[test]
fn network_failure() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let tree = Tree::new("refused");
    tree.sources("cessar-vinculo", &[format!("http://127.0.0.1:{port}/ws?wsdl")]);
    assert_fails_untouched(
        &tree,
        tree.args("cessar-vinculo"),
        &format!("http://127.0.0.1:{port}/ws?wsdl: "),
    );
}

#[test]
fn not_found() {
    let server = Server::start();
    let tree = Tree::new("404");
    tree.sources("cessar-vinculo", &[server.url("/nothing?wsdl")]);
    assert_fails_untouched(&tree, tree.args("cessar-vinculo"), "HTTP status 404");
}

#[test]
fn timeout() {
    let server = Server::start();
    let tree = Tree::new("timeout");
    server.set(
        "/slow?wsdl",
        Reply::Slow(Duration::from_secs(3), original(CV_WSDL).into_bytes()),
    );
    tree.sources("cessar-vinculo", &[server.url("/slow?wsdl")]);
    let started = Instant::now();
    assert_fails_untouched(
        &tree,
        FetchArgs {
            timeout: 1,
            ..tree.args("cessar-vinculo")
        },
        "timed out after 1 s",
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the timeout did not cut the request short"
    );
}

#[test]
fn oversized_body() {
    let server = Server::start();
    let tree = Tree::new("oversized");
    let big = vec![b'x'; 5000];
    server.set("/big?wsdl", Reply::Body(big.clone()));
    server.set("/big-unsized?wsdl", Reply::Unsized(big));
    tree.sources("cessar-vinculo", &[server.url("/big?wsdl")]);
    assert_fails_untouched(
        &tree,
        FetchArgs {
            max_bytes: 1000,
            ..tree.args("cessar-vinculo")
        },
        "size limit of 1000 bytes",
    );
    tree.sources("cessar-vinculo", &[server.url("/big-unsized?wsdl")]);
    assert_fails_untouched(
        &tree,
        FetchArgs {
            max_bytes: 1000,
            ..tree.args("cessar-vinculo")
        },
        "size limit of 1000 bytes",
    );
}

#[test]
fn zip_with_parent_paths_is_refused() {
    let server = Server::start();
    let tree = Tree::new("zipslip");
    let bundle = zip_of(&[
        ("CessarVinculoTrabalhadorService.wsdl", original(CV_WSDL).as_bytes()),
        ("../../evil.xsd", b"<x/>"),
    ]);
    server.set("/evil.zip", Reply::Body(bundle));
    tree.sources("cessar-vinculo", &[server.url("/evil.zip")]);
    assert_fails_untouched(
        &tree,
        tree.args("cessar-vinculo"),
        "zip entry `../../evil.xsd` escapes the bundle",
    );
    assert!(!tree.root.join("evil.xsd").exists() && !tree.specs().join("evil.xsd").exists());
}

#[test]
fn wsdl_importing_a_url_that_404s() {
    let server = Server::start();
    let tree = Tree::new("import404");
    serve_cessar_vinculo(&server, &tree, |w| w, |x| x);
    server.set(CV_XSD_TARGET, Reply::Status(404));
    assert_fails_untouched(
        &tree,
        tree.args("cessar-vinculo"),
        &format!("import failed: {}: HTTP status 404", server.url(CV_XSD_TARGET)),
    );
}

#[test]
fn plain_http_to_another_host_is_refused() {
    let tree = Tree::new("plainhttp");
    tree.sources("cessar-vinculo", &["http://app.seg-social.pt/ws?wsdl".to_owned()]);
    assert_fails_untouched(&tree, tree.args("cessar-vinculo"), "plain http is refused");
}

#[test]
fn a_failure_while_swapping_is_rolled_back() {
    let server = Server::start();
    let tree = Tree::new("rollback");
    serve_cessar_vinculo(
        &server,
        &tree,
        |w| w,
        |x| replace_once(x, "name=\"fundamentacao\"", "name=\"fundamento\""),
    );
    for after in [0, 1] {
        let before = tree.snapshot();
        let err = fetch(&FetchArgs {
            fail_after_swaps: Some(after),
            ..tree.args("cessar-vinculo")
        })
        .unwrap_err();
        assert!(
            err.contains("simulated failure") && err.contains("put back as it was"),
            "{err}"
        );
        assert_eq!(
            tree.snapshot(),
            before,
            "specs/ changed after a failure after {after} swap(s)"
        );
    }
}

#[test]
fn unknown_only_id_is_an_error() {
    let tree = Tree::new("unknown");
    let err = fetch(&tree.args("nao-existe")).unwrap_err();
    assert!(err.contains("--only nao-existe"), "{err}");
}

#[test]
fn check_goes_on_past_a_failing_spec_and_reports_it() {
    let server = Server::start();
    let tree = Tree::new("checkerr");
    serve_cessar_vinculo(&server, &tree, |w| w, |x| x);
    tree.sources("ci", &[server.url("/gone.yaml")]);
    let before = tree.snapshot();
    let args = FetchArgs {
        check: true,
        only: vec!["cessar-vinculo".into(), "ci".into()],
        ..tree.args("ci")
    };
    let o = fetch(&args).unwrap();
    assert!(o.failed);
    assert!(
        o.report
            .errors
            .iter()
            .any(|n| n.starts_with("  error: spec `ci`") && n.contains("HTTP status 404")),
        "{:?}",
        o.report.errors
    );
    // The failure comes before anything else, and the report never says "No differences".
    let text = psi_codegen::diff::to_text(&o.report);
    assert!(text.starts_with("could not fetch 1 of 2 source(s)"), "{text}");
    assert!(!text.contains("No differences"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&o.rendered).unwrap();
    assert!(
        json["errors"][0]
            .as_str()
            .unwrap()
            .starts_with("could not fetch 1 of 2")
    );
    assert!(
        o.report.changes.is_empty(),
        "cessar-vinculo is unchanged: {}",
        o.rendered
    );
    assert_eq!(tree.snapshot(), before);
    // Without --check the same failure stops everything and writes nothing.
    let err = fetch(&FetchArgs { check: false, ..args }).unwrap_err();
    assert!(err.contains("spec `ci`"), "{err}");
    assert_eq!(tree.snapshot(), before);
}

/// The acceptance case: the official file makes a request field required. `fetch --check`
/// reports it as breaking for senders in text, Markdown and JSON, exits 1 with
/// `--fail-on breaking`, and writes nothing.
#[test]
fn request_field_became_required_is_breaking_for_senders_in_every_format() {
    let server = Server::start();
    let tree = Tree::new("required");
    serve_cessar_vinculo(
        &server,
        &tree,
        |w| w,
        |x| {
            replace_once(
                x,
                "name=\"fundamentacao\" type=\"xs:string\" minOccurs=\"0\"",
                "name=\"fundamentacao\" type=\"xs:string\"",
            )
        },
    );
    let before = tree.snapshot();
    for format in [Format::Text, Format::Markdown, Format::Json] {
        let o = fetch(&FetchArgs {
            check: true,
            format,
            fail_on: xtask::diff::FailOn::Breaking,
            ..tree.args("cessar-vinculo")
        })
        .unwrap();
        assert!(o.failed, "exit status must be 1 in {format:?}");
        let change = o
            .report
            .changes
            .iter()
            .find(|c| c.path.ends_with("fundamentacao"))
            .unwrap_or_else(|| panic!("no change on fundamentacao in {format:?}: {}", o.rendered));
        assert_eq!(change.kind, ChangeKind::BecameRequired);
        assert_eq!(change.severity, Severity::Breaking);
        assert_eq!(change.affects, Affects::Senders);
        assert!(o.rendered.contains("fundamentacao"), "{format:?}: {}", o.rendered);
        let lower = o.rendered.to_lowercase();
        assert!(
            lower.contains("breaking") && lower.contains("senders"),
            "{format:?}: {}",
            o.rendered
        );
        if format == Format::Json {
            let v: serde_json::Value = serde_json::from_str(&o.rendered).expect("JSON report parses");
            assert!(v.to_string().contains("became-required"), "{}", o.rendered);
        }
    }
    assert_eq!(tree.snapshot(), before, "--check wrote to specs/");
}
