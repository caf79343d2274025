//! HTTP for the preview, through `tiny_http` (small, synchronous, one thread per request): it
//! listens on 127.0.0.1 only, answers GET and HEAD with what [`State::route`] says, and holds
//! each `/events` request until the page's brief is rebuilt. Each response to `/events` carries
//! one event and ends; the browser's `EventSource` comes back for the next one by itself (after
//! `retry`). That keeps every response a whole one, which `tiny_http` writes and flushes as
//! usual.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::{Reply, State};
use crate::diagnostic::{io_message, Diagnostic, Problem};

/// How long an `/events` request waits for a change before it ends with a comment (the page
/// then asks again): bounds the threads left waiting for pages closed meanwhile.
const HOLD: Duration = Duration::from_secs(30);

/// A preview server, listening.
pub struct Server {
    http: tiny_http::Server,
    port: u16,
    state: Arc<State>,
}

impl Server {
    /// Listen on 127.0.0.1 at `port` (0: any free port). Only the loopback address: the
    /// preview shows drafts, which are nobody else's business.
    pub fn bind(port: u16, state: Arc<State>) -> Result<Server, Diagnostic> {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let failed = |error: String| {
            Diagnostic::bare(Problem::Io {
                path: address.to_string(),
                action: "listen on",
                error,
            })
        };
        let http = tiny_http::Server::http(address).map_err(|e| {
            failed(match e.downcast_ref::<std::io::Error>() {
                Some(io) => io_message(io),
                None => e.to_string().to_lowercase(),
            })
        })?;
        let port = http
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .ok_or_else(|| failed("no port was given".into()))?;
        Ok(Server { http, port, state })
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
        for request in self.http.incoming_requests() {
            // A request with a large body is never read: the preview takes none, and
            // `tiny_http` would allocate the whole declared length to skip it.
            if request.body_length().is_some_and(|n| n > MAX_BODY) {
                refuse_body(request);
                continue;
            }
            // Each answer holds a thread (an `/events` request for up to `HOLD`): past a bound,
            // the browser is told to come back rather than the process running out of threads.
            if ANSWERING.load(Ordering::Relaxed) >= MAX_ANSWERING {
                let _ = send(request, busy());
                continue;
            }
            ANSWERING.fetch_add(1, Ordering::Relaxed);
            let state = self.state.clone();
            let port = self.port;
            let spawned = std::thread::Builder::new()
                .name("preview request".into())
                .spawn(move || {
                    answer(request, &state, port);
                    ANSWERING.fetch_sub(1, Ordering::Relaxed);
                });
            // No thread to be had: the request is dropped (answered 500), and the browser
            // tries again.
            if spawned.is_err() {
                ANSWERING.fetch_sub(1, Ordering::Relaxed);
            }
        }
    }
}

/// The largest request body the preview lets `tiny_http` skip; it reads none.
const MAX_BODY: usize = 64 * 1024;
/// The most requests answered at once.
const MAX_ANSWERING: usize = 256;

/// Answer a request whose body is too large without reading it, and leave its connection: the
/// body's reader would otherwise allocate its whole declared length when dropped (`tiny_http`
/// 0.12), which for a forged length ends the process. The connection's few bytes are held
/// until the process ends; a browser never sends such a request to a page that takes no body.
fn refuse_body(request: Request) {
    let response = Response::from_string("request body too large\n")
        .with_status_code(StatusCode(413))
        .with_header(content_type("text/plain; charset=utf-8"));
    let stream = request.upgrade("none", response);
    std::mem::forget(stream);
}

/// The answer when too many requests are being answered already.
fn busy() -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string("busy; try again\n")
        .with_status_code(StatusCode(503))
        .with_header(content_type("text/plain; charset=utf-8"))
        .with_header(header("Retry-After", "1"))
}

fn answer(request: Request, state: &State, port: u16) {
    // A page of another site that made its name point at 127.0.0.1 (DNS rebinding) would send
    // its own name as the host: only ours are answered.
    let host_ok = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .is_none_or(|h| {
            let host = h.value.as_str();
            host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}")
        });
    let reply = if host_ok && matches!(request.method(), Method::Get | Method::Head) {
        state.route(request.url())
    } else {
        Reply::NotFound
    };
    let _ = match reply {
        Reply::Html(html) => send(
            request,
            Response::from_string(html)
                .with_header(content_type("text/html; charset=utf-8"))
                .with_header(no_store()),
        ),
        Reply::Pdf(path) => match our_pdf(&path) {
            Some(file) => {
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
                let disposition = format!("inline; filename=\"{name}\"");
                send(
                    request,
                    Response::from_data(file)
                        .with_header(content_type("application/pdf"))
                        .with_header(header("Content-Disposition", &disposition))
                        .with_header(no_store()),
                )
            }
            None => send(request, not_found()),
        },
        Reply::Events { page, seen } => {
            let body = match state.wait(page.as_deref(), seen, HOLD) {
                Some(version) => format!("retry: 250\nid: {version}\ndata: {version}\n\n"),
                None => "retry: 250\n: no change\n\n".to_string(),
            };
            send(
                request,
                Response::from_string(body)
                    .with_header(content_type("text/event-stream; charset=utf-8"))
                    .with_header(no_store()),
            )
        }
        Reply::NotFound => send(request, not_found()),
    };
}

/// The bytes of a PDF the last build wrote, read only if it still is what the build left: a
/// regular file (not a link put in its place since, which could lead anywhere) that brief wrote.
fn our_pdf(path: &std::path::Path) -> Option<Vec<u8>> {
    use crate::edition::Maker;
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
    let ours = after.file_type().is_file() && crate::edition::pdf::Pdf.ours(&bytes);
    ours.then_some(bytes)
}

/// Send a response with its length (no chunks: a length lets the browser show a PDF's download
/// progress, and every body's length is known).
fn send<R: std::io::Read>(request: Request, response: Response<R>) -> std::io::Result<()> {
    request.respond(response.with_chunked_threshold(usize::MAX))
}

fn not_found() -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string("not found\n")
        .with_status_code(StatusCode(404))
        .with_header(content_type("text/plain; charset=utf-8"))
}

fn content_type(value: &str) -> Header {
    header("Content-Type", value)
}

/// Every answer reflects the last build: nothing is to be kept.
fn no_store() -> Header {
    header("Cache-Control", "no-store")
}

fn header(field: &str, value: &str) -> Header {
    // Both are ASCII written here (a file name's quotes replaced): a bad one is a bug.
    Header::from_bytes(field.as_bytes(), value.as_bytes()).unwrap_or_else(|_| {
        Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).expect("an ASCII header")
    })
}
