//! Memory of a call whose response is far past the body limit: a loopback server answers a
//! SOAP call with 2 GiB of body, and the async client (reqwest transport, default
//! [`Limits`], a 64 MiB body limit) must give up with `TooLarge` while holding at most about
//! one limit's worth of body. A plain `harness = false` bench: it prints, it never asserts on
//! time or memory.
//!
//! ```text
//! cargo bench -p psi-client --bench limits              # both cases
//! cargo bench -p psi-client --bench limits -- chunked   # cases whose name contains `chunked`
//! ```
//!
//! Each case runs in a process of its own (the bench starts itself once per case), so its
//! peak resident set (`VmHWM` of `/proc/self/status`, Linux only) is its own:
//!
//! * `length`: the answer declares `Content-Length: 2147483648` and then streams;
//! * `chunked`: the answer has no length (chunked), 2 GiB of body in 1 MiB chunks.
//!
//! For each: the error the call returns, the bytes the server managed to write before the
//! client hung up, the elapsed time and the peak RSS growth against the limit.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;
use std::thread::JoinHandle;
use std::time::Instant;

use psi_client::api::cessar_vinculo::{self, CessarVinculo, ComunicacaoDesemprego, MotivoFimVinculo};
use psi_client::rt::{Config, Date, Error, Limits, Niss};

const SENT: u64 = 2 * 1024 * 1024 * 1024;
const CHUNK: usize = 1024 * 1024;

/// How the server frames its endless answer.
#[derive(Clone, Copy)]
enum Framing {
    Length,
    Chunked,
}

/// A server that answers one request with `SENT` bytes of body in the given framing, and
/// returns how many body bytes it wrote before the client stopped reading.
fn serve(framing: Framing) -> (String, JoinHandle<u64>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let handle = std::thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else { return 0 };
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            line.clear();
        }
        let mut stream = reader.into_inner();
        let head = match framing {
            Framing::Length => format!("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {SENT}\r\n\r\n"),
            Framing::Chunked => {
                "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n".into()
            }
        };
        if stream.write_all(head.as_bytes()).is_err() {
            return 0;
        }
        let chunk = vec![b' '; CHUNK];
        let prefix = format!("{CHUNK:x}\r\n");
        let mut written = 0;
        while written < SENT {
            let ok = match framing {
                Framing::Length => stream.write_all(&chunk).is_ok(),
                Framing::Chunked => {
                    stream.write_all(prefix.as_bytes()).is_ok()
                        && stream.write_all(&chunk).is_ok()
                        && stream.write_all(b"\r\n").is_ok()
                }
            };
            if !ok {
                break;
            }
            written += CHUNK as u64;
        }
        if matches!(framing, Framing::Chunked) && written >= SENT {
            let _ = stream.write_all(b"0\r\n\r\n");
        }
        written
    });
    (base, handle)
}

/// The peak resident set of this process in KiB (`VmHWM`), where Linux reports it.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

const CASES: [(&str, Framing); 2] = [("length", Framing::Length), ("chunked", Framing::Chunked)];

fn main() {
    let filter: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let chosen: Vec<(&str, Framing)> = CASES
        .into_iter()
        .filter(|(name, _)| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str())))
        .collect();
    if let [(name, framing)] = chosen.as_slice() {
        run(name, *framing);
        return;
    }
    // More than one case: one process each.
    let me = std::env::current_exe().expect("the bench's own path");
    for (name, _) in chosen {
        let status = std::process::Command::new(&me).arg(name).status().expect("run a case");
        if !status.success() {
            eprintln!("{name}: {status}");
        }
    }
}

fn run(name: &str, framing: Framing) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let request = CessarVinculo::new(
        Niss::new("11234567892").expect("a valid NISS"),
        Date::from_ymd_opt(2026, 1, 31).expect("a date"),
        MotivoFimVinculo::Ccct,
        ComunicacaoDesemprego::V0,
    );
    let limit = Limits::DEFAULT.max_body;
    println!(
        "{name:>8}: body sent {} MiB, body limit (Limits::DEFAULT) {} MiB",
        SENT / (1024 * 1024),
        limit / (1024 * 1024)
    );
    {
        let (base, server) = serve(framing);
        let client = cessar_vinculo::Client::new(Config::for_url(format!("{base}/ws")));
        let before = peak_rss_kib();
        let started = Instant::now();
        let result = runtime.block_on(client.cessar_vinculo(&request));
        let elapsed = started.elapsed();
        let after = peak_rss_kib();
        drop(client);
        let written = server.join().unwrap_or(0);
        let outcome = match &result {
            Err(Error::TooLarge { limit }) => format!("TooLarge {{ limit: {limit} }}"),
            Err(other) => format!("error: {other}"),
            Ok(_) => "Ok (unexpected)".into(),
        };
        println!(
            "{name:>8}: {outcome}; server wrote {} MiB before the client hung up; {:.2} s",
            written / (1024 * 1024),
            elapsed.as_secs_f64()
        );
        match (before, after) {
            (Some(b), Some(a)) => println!(
                "{:>8}  peak RSS {} → {} (growth {}, {:.2}× the limit)",
                "",
                mib(b),
                mib(a),
                mib(a.saturating_sub(b)),
                (a.saturating_sub(b) * 1024) as f64 / limit as f64
            ),
            _ => println!("{:>8}  peak RSS not available on this system", ""),
        }
    }
}
