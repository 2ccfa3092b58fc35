//! `cargo xtask fetch` against a loopback HTTP/1.1 server that serves altered copies of the
//! specs. Off-line: the server listens on 127.0.0.1 only, serves a bounded number of
//! connections for a bounded time, and stops when the test ends.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use psi_codegen::diff::{Affects, ChangeKind, ItemChange, Severity};
use xtask::diff::{Format, Outcome};
use xtask::fetch::{FetchArgs, fetch};

// ----- the loopback server ----------------------------------------------------------------

#[derive(Clone)]
enum Reply {
    /// 200 with a Content-Length.
    Body(Vec<u8>),
    /// 200 without Content-Length, closed at the end.
    Unsized(Vec<u8>),
    /// Another status, empty body.
    Status(u16),
    /// Wait, then 200.
    Slow(Duration, Vec<u8>),
    /// A redirect to this location.
    Redirect(u16, String),
}

struct Server {
    port: u16,
    routes: Arc<Mutex<BTreeMap<String, Reply>>>,
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("nonblocking");
        let port = listener.local_addr().expect("addr").port();
        let routes: Arc<Mutex<BTreeMap<String, Reply>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let (r, s) = (routes.clone(), stop.clone());
        let handle = std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(120);
            let mut served = 0;
            while !s.load(Ordering::Relaxed) && Instant::now() < deadline && served < 500 {
                match listener.accept() {
                    Ok((stream, _)) => {
                        served += 1;
                        serve(stream, &r);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(5))
                    }
                    Err(_) => break,
                }
            }
        });
        Server {
            port,
            routes,
            stop,
            handle: Some(handle),
        }
    }

    fn url(&self, target: &str) -> String {
        format!("http://127.0.0.1:{}{target}", self.port)
    }

    fn set(&self, target: &str, reply: Reply) {
        self.routes.lock().unwrap().insert(target.to_owned(), reply);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

fn serve(mut stream: TcpStream, routes: &Mutex<BTreeMap<String, Reply>>) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let text = String::from_utf8_lossy(&head);
    let target = text.split_whitespace().nth(1).unwrap_or("").to_owned();
    let reply = routes
        .lock()
        .unwrap()
        .get(&target)
        .cloned()
        .unwrap_or(Reply::Status(404));
    let mut location = None;
    let (status, body, sized) = match reply {
        Reply::Redirect(status, to) => {
            location = Some(to);
            (status, Vec::new(), true)
        }
        Reply::Body(b) => (200, b, true),
        Reply::Unsized(b) => (200, b, false),
        Reply::Status(s) => (s, Vec::new(), true),
        Reply::Slow(d, b) => {
            std::thread::sleep(d);
            (200, b, true)
        }
    };
    let mut out = format!("HTTP/1.1 {status} X\r\nConnection: close\r\n");
    if let Some(to) = location {
        out.push_str(&format!("Location: {to}\r\n"));
    }
    if sized {
        out.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    out.push_str("\r\n");
    let _ = stream.write_all(out.as_bytes());
    let _ = stream.write_all(&body);
    let _ = stream.flush();
}

// ----- a throw-away copy of specs/ ----------------------------------------------------------

struct Tree {
    root: PathBuf,
}

impl Tree {
    fn new(name: &str) -> Tree {
        let root = std::env::temp_dir().join(format!("psi-fetch-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        copy_dir(&workspace().join("specs"), &root.join("specs"));
        Tree { root }
    }

    fn specs(&self) -> PathBuf {
        self.root.join("specs")
    }

    /// Point one entry's official sources at the given URLs.
    fn sources(&self, id: &str, urls: &[String]) {
        let urls: Vec<&str> = urls.iter().map(String::as_str).collect();
        self.set_list(id, "official_sources", &urls);
    }

    /// Let one entry's sources redirect to these hosts.
    fn redirect_hosts(&self, id: &str, hosts: &[&str]) {
        self.set_list(id, "redirect_hosts", hosts);
    }

    /// Set a list of one manifest entry.
    fn set_list(&self, id: &str, key: &str, values: &[&str]) {
        let path = self.specs().join("manifest.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let mut doc: toml_edit::DocumentMut = text.parse().unwrap();
        let specs = doc["spec"].as_array_of_tables_mut().unwrap();
        let t = specs.iter_mut().find(|t| t["id"].as_str() == Some(id)).unwrap();
        let mut arr = toml_edit::Array::new();
        for v in values {
            arr.push(*v);
        }
        t[key] = toml_edit::value(arr);
        std::fs::write(&path, doc.to_string()).unwrap();
    }

    /// Every file below the root (so a staging folder left beside specs/ shows too).
    fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        let mut out = BTreeMap::new();
        walk(&self.root, "", &mut out);
        out
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.specs().join(rel)).unwrap()
    }

    fn args(&self, id: &str) -> FetchArgs {
        FetchArgs {
            only: vec![id.to_owned()],
            specs: Some(self.specs()),
            format: Format::Json,
            no_rust: true,
            timeout: 5,
            ..FetchArgs::default()
        }
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn walk(dir: &Path, rel: &str, out: &mut BTreeMap<String, Vec<u8>>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        let r = if rel.is_empty() { name } else { format!("{rel}/{name}") };
        if e.file_type().unwrap().is_dir() {
            out.insert(format!("{r}/"), Vec::new());
            walk(&e.path(), &r, out);
        } else {
            out.insert(r, std::fs::read(e.path()).unwrap());
        }
    }
}

// ----- the served specs ---------------------------------------------------------------------

const CV: &str = "psi/cessar-vinculo";
const CV_WSDL: &str = "psi/cessar-vinculo/CessarVinculoTrabalhadorService.wsdl";
const CV_XSD: &str = "psi/cessar-vinculo/CessarVinculoTrabalhadorService_schema1.xsd";
const CV_WSDL_TARGET: &str = "/ws/contrato/v1/cessarVinculoTrabalhador?wsdl";
const CV_XSD_TARGET: &str = "/ws/contrato/v1/cessarVinculoTrabalhador?xsd=1";
/// The WSDL front-end names a SOAP service after its port.
const CV_OP: &str = "service CessarVinculoTrabalhadorPort / operation cessarVinculo";

fn original(rel: &str) -> String {
    std::fs::read_to_string(workspace().join("specs").join(rel)).unwrap()
}

/// Serve the cessar-vinculo WSDL the way JAX-WS does (`?wsdl` importing `?xsd=1` by absolute
/// URL), after applying the edits.
fn serve_cessar_vinculo(
    server: &Server,
    tree: &Tree,
    wsdl_edit: impl Fn(String) -> String,
    xsd_edit: impl Fn(String) -> String,
) {
    let wsdl = original(CV_WSDL).replace(
        "schemaLocation=\"CessarVinculoTrabalhadorService_schema1.xsd\"",
        &format!("schemaLocation=\"{}\"", server.url(CV_XSD_TARGET)),
    );
    assert!(wsdl.contains(&server.url(CV_XSD_TARGET)));
    server.set(CV_WSDL_TARGET, Reply::Body(wsdl_edit(wsdl).into_bytes()));
    server.set(CV_XSD_TARGET, Reply::Body(xsd_edit(original(CV_XSD)).into_bytes()));
    tree.sources("cessar-vinculo", &[server.url(CV_WSDL_TARGET)]);
}

type Row = (ChangeKind, Severity, Affects, String);

fn rows(o: &Outcome) -> Vec<Row> {
    let mut v: Vec<Row> = o
        .report
        .changes
        .iter()
        .map(|c| (c.kind, c.severity, c.affects, c.path.clone()))
        .collect();
    v.sort();
    v
}

fn expect(o: &Outcome, expected: &[(ChangeKind, Severity, Affects, &str)]) {
    let mut e: Vec<Row> = expected
        .iter()
        .map(|(k, s, a, p)| (*k, *s, *a, (*p).to_owned()))
        .collect();
    e.sort();
    assert_eq!(rows(o), e, "\n{}", psi_codegen::diff::to_text(&o.report));
}

fn replace_once(text: String, from: &str, to: &str) -> String {
    assert!(text.contains(from), "`{from}` not found");
    text.replacen(from, to, 1)
}

/// Fetch, then check that a second `--check` sees nothing to do.
fn fetch_ok(tree: &Tree, args: &FetchArgs) -> Outcome {
    let o = fetch(args).unwrap_or_else(|e| panic!("fetch failed: {e}"));
    assert!(!o.failed, "without --check or --fail-on a fetch does not fail");
    let again = fetch(&FetchArgs {
        check: true,
        ..args.clone()
    })
    .unwrap();
    assert!(
        !again.failed,
        "after a fetch, --check finds nothing: {}",
        again.rendered
    );
    assert!(again.report.changes.is_empty() && again.report.files.is_empty());
    let _ = tree;
    again_is_quiet(&again);
    o
}

fn again_is_quiet(o: &Outcome) {
    let json: serde_json::Value = serde_json::from_str(&o.rendered).unwrap();
    assert_eq!(json["summary"]["breaking"], 0);
}

fn assert_no_staging_left(tree: &Tree) {
    let left: Vec<String> = tree
        .snapshot()
        .into_keys()
        .filter(|k| k.starts_with(".specs-fetch"))
        .collect();
    assert!(left.is_empty(), "staging left behind: {left:?}");
}

// ----- success cases ------------------------------------------------------------------------

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

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in members {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
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

// ----- failures leave specs/ exactly as it was ---------------------------------------------

fn assert_fails_untouched(tree: &Tree, args: FetchArgs, needle: &str) {
    let before = tree.snapshot();
    let err = fetch(&args).expect_err("the fetch must fail");
    assert!(err.contains(needle), "error `{err}` does not mention `{needle}`");
    assert!(
        err.contains("specs/ left unchanged") || err.contains("put back"),
        "{err}"
    );
    assert_eq!(tree.snapshot(), before, "specs/ changed after a failure");
}

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

// ----- redirects, double failures, killed runs ----------------------------------------------

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
