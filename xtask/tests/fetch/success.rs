//! Fetches that succeed: what is stored and how the drift report classifies it.

use super::*;

#[test]
fn unchanged_wsdl_is_stored_byte_identical_with_imports_rewritten() {
    let server = Server::start();
    let tree = Tree::new("unchanged");
    serve_cessar_vinculo(&server, &tree, |w| w, |x| x);
    let before = tree.snapshot();

    // --check: nothing written; the provenance would change, so it reports a difference.
    let check = fetch(&FetchArgs {
        check: true,
        ..tree.args("cessar-vinculo")
    })
    .unwrap();
    assert!(check.failed);
    assert!(
        check.report.changes.is_empty() && check.report.files.is_empty(),
        "{}",
        check.rendered
    );
    assert_eq!(tree.snapshot(), before, "--check writes nothing");

    let o = fetch_ok(&tree, &tree.args("cessar-vinculo"));
    expect(&o, &[]);
    assert!(o.report.files.is_empty());
    // The absolute import was rewritten back to the local name: same bytes as before.
    assert_eq!(tree.read(CV_WSDL), original(CV_WSDL));
    assert_eq!(tree.read(CV_XSD), original(CV_XSD));
    let manifest = tree.read("manifest.toml");
    let entry = manifest
        .split("[[spec]]")
        .find(|s| s.contains("id = \"cessar-vinculo\""))
        .unwrap();
    assert!(entry.contains("provenance = \"official\""), "{entry}");
    assert!(manifest.contains("# inferred, see README"), "comments are kept");
    let fetched = tree.read("fetched.toml");
    assert!(
        fetched.contains(&format!("\"{CV_XSD}\" = \"{}\"", server.url(CV_XSD_TARGET))),
        "{fetched}"
    );
    assert!(
        fetched.contains(&format!("source = \"{}\"", server.url(CV_WSDL_TARGET))),
        "{fetched}"
    );
    // Only the manifest and fetched.toml changed.
    let after = tree.snapshot();
    let changed: Vec<&String> = after.keys().filter(|k| before.get(*k) != after.get(*k)).collect();
    assert_eq!(changed, vec!["specs/fetched.toml", "specs/manifest.toml"]);
    assert_no_staging_left(&tree);
}

#[test]
fn additive_changes_are_safe() {
    let server = Server::start();
    let tree = Tree::new("additive");
    serve_cessar_vinculo(
        &server,
        &tree,
        |w| w,
        |x| {
            let x = replace_once(
                x,
                "<xs:element name=\"fundamentacao\" type=\"xs:string\" minOccurs=\"0\">",
                "<xs:element name=\"observacoes\" type=\"xs:string\" minOccurs=\"0\"/>\n      <xs:element name=\"fundamentacao\" type=\"xs:string\" minOccurs=\"0\">",
            );
            replace_once(
                x,
                "<xs:enumeration value=\"1\">",
                "<xs:enumeration value=\"2\"/>\n            <xs:enumeration value=\"1\">",
            )
        },
    );
    let o = fetch_ok(
        &tree,
        &FetchArgs {
            no_rust: false,
            ..tree.args("cessar-vinculo")
        },
    );
    let req = format!("{CV_OP} / request / cessarVinculo");
    expect(
        &o,
        &[
            (
                ChangeKind::FieldAdded,
                Severity::Safe,
                Affects::Senders,
                &format!("{req} / observacoes"),
            ),
            (
                ChangeKind::EnumValueAdded,
                Severity::Safe,
                Affects::Senders,
                &format!("{req} / comunicacao-desemprego"),
            ),
        ],
    );
    assert_eq!(o.report.files.len(), 1);
    assert_eq!(
        (o.report.files[0].path.as_str(), o.report.files[0].change),
        (CV_XSD, ItemChange::Changed)
    );
    // The public Rust items that change are listed.
    assert!(
        o.report
            .rust_items
            .iter()
            .any(|i| i.change == ItemChange::Added && i.item.ends_with(".observacoes")),
        "{:#?}",
        o.report.rust_items
    );
    // The manifest records the new hash.
    let sha = xtask::sha256_hex(tree.read(CV_XSD).as_bytes());
    assert!(
        tree.read("manifest.toml")
            .contains(&format!("\"{CV_XSD}\" = \"{sha}\""))
    );
}

#[test]
fn breaking_changes_are_classified_by_direction() {
    let server = Server::start();
    let tree = Tree::new("breaking");
    serve_cessar_vinculo(
        &server,
        &tree,
        |w| replace_once(w, "#cessarVinculo\"", "#cessarVinculoV2\""),
        |x| {
            // optional → required in the request
            let x = replace_once(
                x,
                "name=\"fundamentacao\" type=\"xs:string\" minOccurs=\"0\"",
                "name=\"fundamentacao\" type=\"xs:string\"",
            );
            // type narrowed in the request (the base of an enumeration)
            let x = replace_once(
                x,
                "<xs:restriction base=\"xs:int\">",
                "<xs:restriction base=\"xs:short\">",
            );
            // response field removed
            let x = replace_once(
                x,
                "name=\"mensagens-erro\" type=\"xs:string\" minOccurs=\"0\">",
                "name=\"removido\" type=\"xs:boolean\" minOccurs=\"0\">",
            );
            // response type widened
            replace_once(
                x,
                "name=\"codigo-resultado\" type=\"xs:int\"",
                "name=\"codigo-resultado\" type=\"xs:long\"",
            )
        },
    );
    let o = fetch_ok(&tree, &tree.args("cessar-vinculo"));
    let req = format!("{CV_OP} / request / cessarVinculo");
    let resp = format!("{CV_OP} / response / cessarVinculoResponse");
    expect(
        &o,
        &[
            (
                ChangeKind::SoapActionChanged,
                Severity::Breaking,
                Affects::Senders,
                CV_OP,
            ),
            (
                ChangeKind::BecameRequired,
                Severity::Breaking,
                Affects::Senders,
                &format!("{req} / fundamentacao"),
            ),
            (
                ChangeKind::FormatChanged,
                Severity::Breaking,
                Affects::Senders,
                &format!("{req} / comunicacao-desemprego"),
            ),
            (
                ChangeKind::FieldRemoved,
                Severity::Breaking,
                Affects::Readers,
                &format!("{resp} / mensagens-erro"),
            ),
            (
                ChangeKind::FieldAdded,
                Severity::Safe,
                Affects::Readers,
                &format!("{resp} / removido"),
            ),
            (
                ChangeKind::FormatChanged,
                Severity::Breaking,
                Affects::Readers,
                &format!("{resp} / codigo-resultado"),
            ),
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&o.rendered).unwrap();
    assert_eq!(json["summary"]["breaking"], 5);
}

#[test]
fn a_renamed_element_is_reported_as_a_rename() {
    let server = Server::start();
    let tree = Tree::new("renamed");
    serve_cessar_vinculo(
        &server,
        &tree,
        |w| w,
        |x| replace_once(x, "name=\"fundamentacao\"", "name=\"fundamento\""),
    );
    let o = fetch_ok(&tree, &tree.args("cessar-vinculo"));
    expect(
        &o,
        &[(
            ChangeKind::FieldRenamed,
            Severity::Breaking,
            Affects::Senders,
            &format!("{CV_OP} / request / cessarVinculo / fundamento"),
        )],
    );
    let c = &o.report.changes[0];
    assert_eq!(
        (c.old.as_deref(), c.new.as_deref()),
        (Some("fundamentacao"), Some("fundamento"))
    );
}

#[test]
fn check_exits_non_zero_on_difference_and_writes_nothing() {
    let server = Server::start();
    let tree = Tree::new("check");
    serve_cessar_vinculo(
        &server,
        &tree,
        |w| w,
        |x| replace_once(x, "name=\"fundamentacao\"", "name=\"fundamento\""),
    );
    let before = tree.snapshot();
    let o = fetch(&FetchArgs {
        check: true,
        format: Format::Markdown,
        ..tree.args("cessar-vinculo")
    })
    .unwrap();
    assert!(o.failed);
    assert!(
        o.rendered.contains("## Spec drift report") && o.rendered.contains("field-renamed"),
        "{}",
        o.rendered
    );
    assert_eq!(tree.snapshot(), before);
}

const CI_YAML: &str = "psi/ci/openapi_CI.yaml";
const CI_TARGET: &str = "/psi/assets/docs/obrigacao-contributiva/openapi_CI.yaml";

#[test]
fn yaml_source_additive_and_path_change() {
    let server = Server::start();
    let tree = Tree::new("yaml");
    let yaml = original(CI_YAML);
    let altered = replace_once(yaml, "          - 20\n", "          - 20\n          - 21\n");
    let altered = replace_once(
        altered,
        "/ci/comprovativos-pagamento/{ano-pagamento}:",
        "/ci/v2/comprovativos-pagamento/{ano-pagamento}:",
    );
    server.set(CI_TARGET, Reply::Body(altered.clone().into_bytes()));
    tree.sources("ci", &[server.url(CI_TARGET)]);
    let o = fetch_ok(&tree, &tree.args("ci"));
    let kinds: Vec<(ChangeKind, Severity, Affects)> = o
        .report
        .changes
        .iter()
        .map(|c| (c.kind, c.severity, c.affects))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (ChangeKind::PathChanged, Severity::Breaking, Affects::Senders),
            (ChangeKind::EnumValueAdded, Severity::Safe, Affects::Senders),
        ],
        "\n{}",
        psi_codegen::diff::to_text(&o.report)
    );
    assert!(
        o.report.changes[0]
            .path
            .ends_with("/ operation obterComprovativosPagamento"),
        "{}",
        o.report.changes[0].path
    );
    assert!(
        o.report.changes[1].path.ends_with("/ request / body / ambito"),
        "{}",
        o.report.changes[1].path
    );
    assert_eq!(tree.read(CI_YAML), altered);
}

#[test]
fn zip_bundle_is_extracted() {
    let server = Server::start();
    let tree = Tree::new("zip");
    let wsdl = original(CV_WSDL);
    let xsd = replace_once(original(CV_XSD), "name=\"fundamentacao\"", "name=\"fundamento\"");
    let bundle = zip_of(&[
        ("cessar/CessarVinculoTrabalhadorService.wsdl", wsdl.as_bytes()),
        ("cessar/CessarVinculoTrabalhadorService_schema1.xsd", xsd.as_bytes()),
        ("cessar/LEIA-ME.pdf", b"%PDF"),
    ]);
    server.set("/bundle.zip", Reply::Body(bundle));
    tree.sources("cessar-vinculo", &[server.url("/bundle.zip")]);
    let o = fetch_ok(&tree, &tree.args("cessar-vinculo"));
    expect(
        &o,
        &[(
            ChangeKind::FieldRenamed,
            Severity::Breaking,
            Affects::Senders,
            &format!("{CV_OP} / request / cessarVinculo / fundamento"),
        )],
    );
    assert!(
        o.report.notes.iter().any(|n| n.contains("cessar/LEIA-ME.pdf")),
        "{:?}",
        o.report.notes
    );
    assert_eq!(tree.read(CV_XSD), xsd);
    assert!(!tree.specs().join(CV).join("LEIA-ME.pdf").exists());
}

#[test]
fn a_failing_source_falls_back_to_the_next() {
    let server = Server::start();
    let tree = Tree::new("fallback");
    serve_cessar_vinculo(&server, &tree, |w| w, |x| x);
    tree.sources(
        "cessar-vinculo",
        &[server.url("/missing?wsdl"), server.url(CV_WSDL_TARGET)],
    );
    let o = fetch_ok(&tree, &tree.args("cessar-vinculo"));
    assert!(
        o.report
            .notes
            .iter()
            .any(|n| n.contains("/missing?wsdl") && n.contains("HTTP status 404")),
        "{:?}",
        o.report.notes
    );
}
