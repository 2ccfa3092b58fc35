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

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in members {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

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

mod failures;
mod redirects;
mod success;
