//! Redirects, double failures and killed runs.

use super::*;

#[test]
fn redirects_are_followed_only_to_the_same_host_or_a_listed_one() {
    let server = Server::start();
    let tree = Tree::new("redirect");
    serve_cessar_vinculo(&server, &tree, |w| w, |x| x);
    // Another host name for the same loopback server: a different host.
    let elsewhere = format!("http://localhost:{}{CV_WSDL_TARGET}", server.port);
    server.set("/moved?wsdl", Reply::Redirect(302, elsewhere.clone()));
    tree.sources("cessar-vinculo", &[server.url("/moved?wsdl")]);
    assert_fails_untouched(
        &tree,
        tree.args("cessar-vinculo"),
        &format!("redirected to {elsewhere}: another host than `127.0.0.1`"),
    );
    // A redirect on the same host is followed.
    server.set("/same?wsdl", Reply::Redirect(301, CV_WSDL_TARGET.to_owned()));
    tree.sources("cessar-vinculo", &[server.url("/same?wsdl")]);
    fetch_ok(&tree, &tree.args("cessar-vinculo"));
    assert_eq!(tree.read(CV_WSDL), original(CV_WSDL));
    // A host the manifest lists is followed too.
    tree.sources("cessar-vinculo", &[server.url("/moved?wsdl")]);
    tree.redirect_hosts("cessar-vinculo", &["localhost"]);
    let o = fetch(&tree.args("cessar-vinculo")).unwrap_or_else(|e| panic!("{e}"));
    assert!(!o.failed);
    assert_no_staging_left(&tree);
}

#[test]
fn a_redirect_away_from_https_is_refused() {
    let server = Server::start();
    let tree = Tree::new("redirect-http");
    server.set(
        "/down?wsdl",
        Reply::Redirect(307, "http://app.seg-social.pt/ws?wsdl".to_owned()),
    );
    tree.sources("cessar-vinculo", &[server.url("/down?wsdl")]);
    assert_fails_untouched(&tree, tree.args("cessar-vinculo"), "not https; refused");
}

/// Serve cessar-vinculo with one field renamed (so that a fetch has something to swap in).
fn serve_renamed_field(server: &Server, tree: &Tree) {
    serve_cessar_vinculo(
        server,
        tree,
        |w| w,
        |x| replace_once(x, "name=\"fundamentacao\"", "name=\"fundamento\""),
    );
}

/// Files of the tree without the staging folders and the journal.
fn specs_only(tree: &Tree) -> BTreeMap<String, Vec<u8>> {
    tree.snapshot()
        .into_iter()
        .filter(|(k, _)| !k.starts_with(".specs-fetch"))
        .collect()
}

#[test]
fn when_the_roll_back_fails_too_the_backups_are_kept_and_named() {
    let server = Server::start();
    let tree = Tree::new("doublefail");
    serve_renamed_field(&server, &tree);
    let before = tree.snapshot();
    let err = fetch(&FetchArgs {
        fail_after_swaps: Some(1),
        fail_rollback: true,
        ..tree.args("cessar-vinculo")
    })
    .unwrap_err();
    assert!(err.contains("putting specs/ back also failed"), "{err}");
    // The message names the folder that holds the old files, and they are there.
    let staging = tree
        .snapshot()
        .into_keys()
        .find(|k| k.starts_with(".specs-fetch-") && k.ends_with('/') && k.matches('/').count() == 1)
        .expect("the staging folder is kept");
    let staging = staging.trim_end_matches('/');
    assert!(err.contains(staging), "{err} does not name {staging}");
    let backup = tree.root.join(staging).join("old").join(CV_XSD);
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), original(CV_XSD));
    assert_ne!(specs_only(&tree), before, "the swap was half done");

    // The next run puts them back before anything else (here its download fails).
    server.set(CV_WSDL_TARGET, Reply::Status(404));
    let err = fetch(&tree.args("cessar-vinculo")).unwrap_err();
    assert!(err.contains("HTTP status 404"), "{err}");
    assert_eq!(tree.snapshot(), before, "the next run did not put specs/ back");
}

#[test]
fn a_killed_swap_is_rolled_back_or_completed_by_the_next_run() {
    let server = Server::start();
    let tree = Tree::new("killed");
    serve_renamed_field(&server, &tree);
    let before = tree.snapshot();
    // One folder and no fetched.toml yet: old folder aside, new folder in, fetched.toml in,
    // manifest in (the commit point).
    for renames in 1..=3 {
        let err = fetch(&FetchArgs {
            crash_after_renames: Some(renames),
            ..tree.args("cessar-vinculo")
        })
        .unwrap_err();
        assert!(err.contains("simulated crash"), "{err}");
        assert_ne!(
            tree.snapshot(),
            before,
            "after {renames} rename(s) the swap is half done"
        );
        // --check refuses to read a half-swapped specs/.
        let err = fetch(&FetchArgs {
            check: true,
            ..tree.args("cessar-vinculo")
        })
        .unwrap_err();
        assert!(err.contains("interrupted fetch"), "{err}");
        // The next run rolls it back first; then its own download fails.
        server.set(CV_WSDL_TARGET, Reply::Status(404));
        fetch(&tree.args("cessar-vinculo")).unwrap_err();
        assert_eq!(tree.snapshot(), before, "not rolled back after {renames} rename(s)");
        serve_renamed_field(&server, &tree);
    }
    // Killed after the manifest was swapped in: the next run completes it.
    fetch(&FetchArgs {
        crash_after_renames: Some(4),
        ..tree.args("cessar-vinculo")
    })
    .unwrap_err();
    let swapped = specs_only(&tree);
    assert!(tree.read(CV_XSD).contains("name=\"fundamento\""));
    server.set(CV_WSDL_TARGET, Reply::Status(404));
    fetch(&tree.args("cessar-vinculo")).unwrap_err();
    assert_no_staging_left(&tree);
    assert_eq!(tree.snapshot(), swapped);
}
