//! A small HTTP/1.1 server on std threads: one thread accepts, one thread serves each
//! connection. Every response closes its connection (`Connection: close`), so no client
//! pool ever reuses a socket the server is about to drop.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

/// The most header bytes read before a request is refused with 431.
const MAX_HEAD: usize = 64 * 1024;

/// A request as read from the socket.
#[derive(Debug, Clone)]
pub(crate) struct HttpRequest {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    /// Header names lower-cased, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A response to write.
#[derive(Debug, Clone)]
pub(crate) struct HttpResponse {
    pub status: u16,
    pub content_type: Option<String>,
    /// Further headers, written in this order after `Content-Type`.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before writing (scripted latency).
    pub delay: Duration,
}

impl HttpResponse {
    pub fn new(status: u16, content_type: Option<&str>, body: impl Into<Vec<u8>>) -> Self {
        HttpResponse {
            status,
            content_type: content_type.map(str::to_owned),
            headers: Vec::new(),
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    /// A plain-text error (for requests that never reached a service).
    pub fn plain(status: u16, message: &str) -> Self {
        Self::new(status, Some("text/plain; charset=utf-8"), format!("{message}\n"))
    }
}

/// What answers each request.
pub(crate) type Handler = Arc<dyn Fn(HttpRequest) -> HttpResponse + Send + Sync>;

/// A running accept loop.
pub(crate) struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Bind `addr` and serve with `handler` until [`Server::stop`] (or drop).
    pub fn start(addr: SocketAddr, max_body: usize, handler: Handler) -> io::Result<Server> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("psi-sim-accept".into())
            .spawn(move || accept_loop(&listener, &flag, max_body, &handler))?;
        Ok(Server {
            addr,
            stop,
            thread: Some(thread),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stop accepting and wait for the accept thread (connections being served finish).
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn accept_loop(listener: &TcpListener, stop: &AtomicBool, max_body: usize, handler: &Handler) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let handler = Arc::clone(handler);
        let spawned = std::thread::Builder::new()
            .name("psi-sim-conn".into())
            .spawn(move || serve(stream, max_body, &handler));
        if let Err(e) = spawned {
            eprintln!("psi-sim: cannot start a connection thread: {e}");
        }
    }
}

fn serve(stream: TcpStream, max_body: usize, handler: &Handler) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let Ok(write_half) = stream.try_clone() else { return };
    let mut reader = BufReader::new(stream);
    let response = match read_request(&mut reader, max_body) {
        Ok(Some(request)) => handler(request),
        Ok(None) => return,
        Err(refusal) => refusal,
    };
    if !response.delay.is_zero() {
        std::thread::sleep(response.delay);
    }
    let _ = write_response(write_half, &response);
}

/// One request, `Ok(None)` when the peer closed before sending anything, or the response
/// that refuses a malformed one.
fn read_request(reader: &mut impl BufRead, max_body: usize) -> Result<Option<HttpRequest>, HttpResponse> {
    let mut head = Vec::new();
    loop {
        let mut line = Vec::new();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| HttpResponse::plain(400, &format!("cannot read the request: {e}")))?;
        if n == 0 {
            if head.is_empty() {
                return Ok(None);
            }
            return Err(HttpResponse::plain(
                400,
                "the connection closed inside the request head",
            ));
        }
        if line == b"\r\n" || line == b"\n" {
            if head.is_empty() {
                continue; // tolerate blank lines before the request line
            }
            break;
        }
        head.push(line);
        if head.iter().map(Vec::len).sum::<usize>() > MAX_HEAD {
            return Err(HttpResponse::plain(431, "request head larger than 64 KiB"));
        }
    }
    let text = |b: &[u8]| String::from_utf8_lossy(b).trim_end_matches(['\r', '\n']).to_owned();
    let request_line = text(&head[0]);
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(HttpResponse::plain(
            400,
            &format!("malformed request line `{request_line}`"),
        ));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(HttpResponse::plain(505, &format!("unsupported protocol `{version}`")));
    }
    let mut headers = Vec::with_capacity(head.len());
    for (i, raw) in head[1..].iter().enumerate() {
        let line = text(raw);
        let Some((name, value)) = line.split_once(':') else {
            return Err(HttpResponse::plain(
                400,
                &format!("malformed header line {}: `{line}`", i + 2),
            ));
        };
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let mut request = HttpRequest {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        body: Vec::new(),
    };
    let chunked = request
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    if chunked {
        request.body = read_chunked(reader, max_body)?;
    } else if let Some(len) = request.header("content-length") {
        let len: usize = len
            .parse()
            .map_err(|_| HttpResponse::plain(400, &format!("Content-Length `{len}` is not a number")))?;
        if len > max_body {
            return Err(HttpResponse::plain(
                413,
                &format!("request body of {len} bytes; the limit is {max_body}"),
            ));
        }
        request.body = vec![0; len];
        reader
            .read_exact(&mut request.body)
            .map_err(|e| HttpResponse::plain(400, &format!("request body shorter than Content-Length: {e}")))?;
    }
    Ok(Some(request))
}

fn read_chunked(reader: &mut impl BufRead, max_body: usize) -> Result<Vec<u8>, HttpResponse> {
    let bad = |m: &str| HttpResponse::plain(400, &format!("malformed chunked body: {m}"));
    let mut body = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).map_err(|e| bad(&e.to_string()))?;
        let size_text = line.trim().split(';').next().unwrap_or("");
        let size = usize::from_str_radix(size_text, 16).map_err(|_| bad(&format!("chunk size `{size_text}`")))?;
        if size == 0 {
            // Trailers up to the blank line.
            loop {
                let mut t = String::new();
                let n = reader.read_line(&mut t).map_err(|e| bad(&e.to_string()))?;
                if n == 0 || t.trim().is_empty() {
                    return Ok(body);
                }
            }
        }
        if body.len() + size > max_body {
            return Err(HttpResponse::plain(
                413,
                &format!("request body over the limit of {max_body} bytes"),
            ));
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..]).map_err(|e| bad(&e.to_string()))?;
        let mut crlf = [0u8; 2];
        reader.read_exact(&mut crlf).map_err(|e| bad(&e.to_string()))?;
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Status",
    }
}

fn write_response(mut stream: TcpStream, response: &HttpResponse) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", response.status, reason(response.status));
    if let Some(ct) = &response.content_type {
        head.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        response.body.len()
    ));
    stream.write_all(head.as_bytes())?;
    stream.write_all(&response.body)?;
    stream.flush()?;
    let _ = stream.shutdown(std::net::Shutdown::Write);
    // Drain what the client may still send so the close is not a reset.
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut sink = [0u8; 1024];
    while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(raw: &str) -> Result<Option<HttpRequest>, HttpResponse> {
        read_request(&mut BufReader::new(raw.as_bytes()), 16)
    }

    #[test]
    fn reads_a_request_with_a_body() {
        let r = read("POST /a?b=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
            .expect("valid")
            .expect("a request");
        assert_eq!((r.method.as_str(), r.target.as_str()), ("POST", "/a?b=1"));
        assert_eq!(r.header("HOST"), Some("x"));
        assert_eq!(r.body, b"abc");
    }

    #[test]
    fn reads_a_chunked_body() {
        let r = read("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n1\r\nc\r\n0\r\n\r\n")
            .expect("valid")
            .expect("a request");
        assert_eq!(r.body, b"abc");
    }

    #[test]
    fn refuses_malformed_and_oversized_requests() {
        assert_eq!(read("GARBAGE\r\n\r\n").expect_err("refused").status, 400);
        assert_eq!(read("GET / SPDY/3\r\n\r\n").expect_err("refused").status, 505);
        assert_eq!(
            read("POST / HTTP/1.1\r\nContent-Length: 99\r\n\r\n")
                .expect_err("refused")
                .status,
            413
        );
        assert_eq!(
            read("GET / HTTP/1.1\r\nno colon\r\n\r\n").expect_err("refused").status,
            400
        );
        assert!(read("").expect("clean close").is_none());
    }
}
