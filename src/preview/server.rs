//! HTTP for the preview, on the standard library's sockets: it listens on 127.0.0.1 only,
//! answers GET and HEAD with what [`State::route`] says, one request per connection, and holds
//! each `/events` request until the page's brief is rebuilt. Each response to `/events` carries
//! one event and ends; the browser's `EventSource` comes back for the next one by itself (after
//! `retry`). Every answer has its length and closes its connection. Nothing here can take the
//! server down: a thread that cannot start is answered 503 by the accepting loop, which keeps
//! accepting (the `tiny_http` it replaces spawned threads that panicked under thread pressure,
//! which closed the port for good, and allocated a forged body length).

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::{Reply, State};
use crate::diagnostic::{io_message, Diagnostic, Problem};

/// How long an `/events` request waits for a change before it ends with a comment (the page
/// then asks again): bounds the threads left waiting for pages closed meanwhile.
const HOLD: Duration = Duration::from_secs(30);
/// The longest request head read (request line and headers); a browser's takes about 1 KiB.
const MAX_HEAD: usize = 16 * 1024;
/// The largest request body declared that is still answered; the preview reads none.
const MAX_BODY: u64 = 64 * 1024;
/// The most requests answered at once: each holds a thread (an `/events` request for up to
/// `HOLD`); past it, the browser is told to come back.
const MAX_ANSWERING: usize = 256;
/// How long a client may take to send its request, or to take the answer.
const CLIENT_TIMEOUT: Duration = Duration::from_secs(10);

/// [`MAX_ANSWERING`], or `BRIEF_SERVE_MAX_ANSWERING` where set (the tests fill a small server).
fn max_answering() -> usize {
    static MAX: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *MAX.get_or_init(|| {
        std::env::var("BRIEF_SERVE_MAX_ANSWERING")
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|n| *n > 0)
            .unwrap_or(MAX_ANSWERING)
    })
}

/// A preview server, listening.
pub struct Server {
    listener: TcpListener,
    port: u16,
    state: Arc<State>,
}

impl Server {
    /// Listen on 127.0.0.1 at `port` (0: any free port). Only the loopback address: the
    /// preview shows drafts, which are nobody else's business.
    pub fn bind(port: u16, state: Arc<State>) -> Result<Server, Diagnostic> {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let failed = |e: &std::io::Error| {
            Diagnostic::bare(Problem::Io {
                path: address.to_string(),
                action: "listen on",
                error: io_message(e),
            })
        };
        let listener = TcpListener::bind(address).map_err(|e| failed(&e))?;
        let port = listener.local_addr().map_err(|e| failed(&e))?.port();
        Ok(Server {
            listener,
            port,
            state,
        })
    }

    /// The address to open: `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Answer requests until the process ends. Nothing needs undoing at Ctrl-C: the server
    /// holds no file open for writing, and every output is written to a temporary file and
    /// renamed into place, so the default end of the process (no signal handler, no extra
    /// dependency) leaves no half-written PDF or page.
    pub fn run(self) {
        static ANSWERING: AtomicUsize = AtomicUsize::new(0);
        for stream in self.listener.incoming() {
            let stream = match stream {
                Ok(s) => s,
                // Out of file descriptors, say: wait a little for connections to end.
                Err(_) => {
                    std::thread::sleep(Duration::from_millis(20));
                    continue;
                }
            };
            let _ = stream.set_read_timeout(Some(CLIENT_TIMEOUT));
            let _ = stream.set_write_timeout(Some(CLIENT_TIMEOUT));
            if ANSWERING.load(Ordering::Relaxed) >= max_answering() {
                busy(stream);
                continue;
            }
            // Kept to answer on if no thread can be had for the request.
            let spare = stream.try_clone();
            ANSWERING.fetch_add(1, Ordering::Relaxed);
            let state = self.state.clone();
            let port = self.port;
            let spawned = std::thread::Builder::new()
                .name("preview request".into())
                .spawn(move || {
                    answer(stream, &state, port);
                    ANSWERING.fetch_sub(1, Ordering::Relaxed);
                });
            if spawned.is_err() {
                ANSWERING.fetch_sub(1, Ordering::Relaxed);
                if let Ok(spare) = spare {
                    busy(spare);
                }
            }
        }
    }
}

/// A request as far as the preview reads it.
struct Request {
    method: String,
    target: String,
    host: Option<String>,
    body: u64,
}

/// Read a request's head: `None` if the client sent none, or one too long to be a browser's.
fn read_request(stream: &mut TcpStream) -> Result<Request, Option<Response>> {
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0u8; 2048];
    // The whole head within the timeout: a client sending a byte at a time holds no thread
    // for longer.
    let started = std::time::Instant::now();
    let end = loop {
        if started.elapsed() > CLIENT_TIMEOUT {
            return Err(None);
        }
        if let Some(i) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if head.len() > MAX_HEAD {
            return Err(Some(Response::text(431, "request head too large\n")));
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return Err(None),
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    };
    let head = String::from_utf8_lossy(&head[..end]);
    let mut lines = head.split("\r\n");
    let mut parts = lines.next().unwrap_or_default().split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(Some(Response::text(400, "bad request\n")));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(Some(Response::text(400, "bad request\n")));
    }
    let mut request = Request {
        method: method.to_string(),
        target: target.to_string(),
        host: None,
        body: 0,
    };
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("host") {
            request.host = Some(value.to_string());
        } else if name.eq_ignore_ascii_case("content-length") {
            request.body = value.parse().unwrap_or(u64::MAX);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            request.body = u64::MAX;
        }
    }
    Ok(request)
}

/// Answer one connection's request and close it. A body is never read: the connection ends
/// with the answer, so nothing after the head matters.
fn answer(mut stream: TcpStream, state: &State, port: u16) {
    let request = match read_request(&mut stream) {
        Ok(r) => r,
        Err(Some(response)) => return response.send(&mut stream, false),
        Err(None) => return,
    };
    if request.body > MAX_BODY {
        return Response::text(413, "request body too large\n").send(&mut stream, false);
    }
    // A page of another site that made its name point at 127.0.0.1 (DNS rebinding) would send
    // its own name as the host: only ours are answered.
    let host_ok = request.host.as_deref().is_none_or(|host| {
        host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}")
    });
    let head = request.method == "HEAD";
    let reply = if host_ok && (request.method == "GET" || head) {
        state.route(&request.target)
    } else {
        Reply::NotFound
    };
    let response = match reply {
        Reply::Html(html) => Response::new(200, "text/html; charset=utf-8", html.into_bytes()),
        Reply::Pdf(path) => file_response(
            &path,
            &crate::edition::pdf::Pdf,
            "application/pdf",
            "inline",
        ),
        Reply::Docx(path) => file_response(
            &path,
            &crate::edition::docx::Docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "attachment",
        ),
        Reply::Events { page, seen, head } => {
            let body = match state.wait(page.as_deref(), seen, HOLD) {
                Some(version) => {
                    let page = state.message(page.as_deref(), head.as_deref());
                    format!("retry: 250\nid: {version}\ndata: {page}\n\n")
                }
                None => "retry: 250\n: no change\n\n".to_string(),
            };
            Response::new(200, "text/event-stream; charset=utf-8", body.into_bytes())
        }
        Reply::NoContent => Response::new(204, "text/plain; charset=utf-8", Vec::new()),
        Reply::NotFound => Response::not_found(),
    };
    response.send(&mut stream, head);
}

/// Answer 503 at once, on the accepting thread: the browser comes back after a second.
fn busy(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let mut r = Response::text(503, "busy; try again\n");
    r.headers.push(("Retry-After", "1".into()));
    r.send(&mut stream, false);
}

/// An answer: status, headers and the whole body, sent with its length (no chunks: a length
/// lets the browser show a PDF's download progress, and every body's length is known).
struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    /// An answer that reflects the last build: nothing is to be kept.
    fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                ("Cache-Control", "no-store".into()),
            ],
            body,
        }
    }

    fn text(status: u16, text: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            text.as_bytes().to_vec(),
        )
    }

    fn not_found() -> Response {
        Response::text(404, "not found\n")
    }

    /// Write it and end the connection; without the body for a HEAD request. A client gone
    /// meanwhile is no error of ours.
    fn send(self, stream: &mut TcpStream, head_only: bool) {
        let reason = match self.status {
            200 => "OK",
            204 => "No Content",
            400 => "Bad Request",
            404 => "Not Found",
            413 => "Payload Too Large",
            431 => "Request Header Fields Too Large",
            _ => "Service Unavailable",
        };
        let mut out = format!("HTTP/1.1 {} {reason}\r\n", self.status);
        for (name, value) in &self.headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        out.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.body.len()
        ));
        let mut bytes = out.into_bytes();
        if !head_only {
            bytes.extend_from_slice(&self.body);
        }
        let _ = stream.write_all(&bytes).and_then(|()| stream.flush());
        let _ = stream.shutdown(std::net::Shutdown::Write);
        // Read what the client still sends (a body we did not want) for a moment, so that
        // closing does not reset the connection before the answer is read.
        let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
        let mut sink = [0u8; 4096];
        let mut left = 1024 * 1024;
        while left > 0 {
            match stream.read(&mut sink) {
                Ok(0) | Err(_) => break,
                Ok(n) => left -= n.min(left),
            }
        }
    }
}

/// An edition's file as an answer, named for saving: shown in the browser (`inline`) or saved
/// (`attachment`).
fn file_response(
    path: &std::path::Path,
    maker: &dyn crate::edition::Maker,
    kind: &'static str,
    disposition: &str,
) -> Response {
    let Some(file) = our_file(path, maker) else {
        return Response::not_found();
    };
    let name = path
        .file_name()
        .map(|n| {
            n.to_string_lossy()
                .chars()
                .map(|c| match c {
                    ' '..='~' if c != '"' && c != '\\' => c,
                    _ => '_',
                })
                .collect::<String>()
        })
        .unwrap_or_default();
    let mut r = Response::new(200, kind, file);
    r.headers.push((
        "Content-Disposition",
        format!("{disposition}; filename=\"{name}\""),
    ));
    r
}

/// The bytes of an edition's file the last build wrote, read only if it still is what the
/// build left: a regular file (not a link put in its place since, which could lead anywhere)
/// that brief wrote.
fn our_file(path: &std::path::Path, maker: &dyn crate::edition::Maker) -> Option<Vec<u8>> {
    let before = std::fs::symlink_metadata(path).ok()?;
    if !before.file_type().is_file() {
        return None;
    }
    let bytes = crate::paths::read_capped(path, crate::limits::MAX_ASSET_SIZE).ok()?;
    // The same file read as looked at: not swapped for a link between the two.
    let after = std::fs::symlink_metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if (before.dev(), before.ino()) != (after.dev(), after.ino()) {
            return None;
        }
    }
    let ours = after.file_type().is_file() && maker.ours(&bytes);
    ours.then_some(bytes)
}
