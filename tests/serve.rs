//! `brief serve` end to end: the binary on `--port 0` in a scratch workspace, spoken to in plain
//! HTTP over a `TcpStream` (no client library): the list of briefs, a brief's page and PDF, every
//! path outside the outputs refused, and a page that hears of a save, shows the new text, shows
//! what a broken save did, and comes back when it is fixed.

mod common;
use common::*;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// A workspace with two briefs: `housing` and `transit`.
fn workspace(name: &str) -> Scratch {
    let s = Scratch::new(name);
    let _ = std::fs::remove_dir_all(&s.0);
    std::fs::create_dir_all(&s.0).unwrap();
    assert_eq!(brief(&s.0, &["init", "."]).0, 0);
    std::fs::remove_file(s.path("briefs/first-brief.toml")).unwrap();
    assert_eq!(brief(&s.0, &["new", "housing"]).0, 0);
    assert_eq!(brief(&s.0, &["new", "transit", "--kind", "one-pager"]).0, 0);
    s
}

/// `brief serve --port 0` running in a folder; killed when dropped.
struct Serve {
    child: Child,
    port: u16,
    stderr: Receiver<String>,
}

impl Serve {
    fn start(dir: &Path) -> Serve {
        Serve::start_with(dir, &[])
    }

    /// `start`, with variables set in its environment.
    fn start_with(dir: &Path, vars: &[(&str, &str)]) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
            .args(["serve", "--port", "0"])
            .envs(vars.iter().copied())
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start brief serve");
        let (tx, stderr) = channel();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let (tx, first) = channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(out).read_line(&mut line);
            let _ = tx.send(line);
        });
        let mut serve = Serve {
            child,
            port: 0,
            stderr,
        };
        let line = first
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("no address printed; stderr:\n{}", serve.log()));
        let port = line
            .trim()
            .strip_prefix("http://127.0.0.1:")
            .and_then(|rest| rest.strip_suffix('/'))
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("not an address: {line:?}; stderr:\n{}", serve.log()));
        serve.port = port;
        serve
    }

    /// What it printed on stderr so far.
    fn log(&self) -> String {
        let mut seen = String::new();
        while let Ok(line) = self.stderr.try_recv() {
            seen.push_str(&line);
            seen.push('\n');
        }
        seen
    }

    fn get(&self, target: &str) -> Reply {
        request(self.port, target, &format!("127.0.0.1:{}", self.port))
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response: status, header block, body.
struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// `GET target` as sent, byte for byte: nothing normalises `..` on the way.
fn request(port: u16, target: &str, host: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the response");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = raw[split + 4..].to_vec();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply { status, head, body }
}

/// The version a served page listens for, from its reload script's `data-events`.
fn events_of(page: &str) -> String {
    let start = page.find("data-events=\"").expect("a reload script") + 13;
    let end = start + page[start..].find('"').unwrap();
    page[start..end]
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// The page an event carries: `{"html": ...}` or `{"body": ...}`.
fn sent_page(event: &str) -> serde_json::Value {
    let data = event.split("\ndata: ").nth(1).expect("an event");
    serde_json::from_str(data.lines().next().unwrap()).unwrap()
}

/// Wait until `check` holds for the page at `target`, or fail with what it showed last.
fn until(serve: &Serve, target: &str, what: &str, check: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let page = serve.get(target).text();
        if check(&page) {
            return page;
        }
        if Instant::now() > deadline {
            panic!(
                "{target} never showed {what}:\n{page}\nstderr:\n{}",
                serve.log()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_lists_the_briefs_and_serves_both_editions_on_loopback_only() {
    let ws = workspace("serve-pages");
    let serve = Serve::start(&ws.0);

    let index = serve.get("/");
    assert_eq!(index.status, 200);
    assert!(index
        .header("Content-Type")
        .unwrap()
        .starts_with("text/html"));
    let page = index.text();
    for link in ["href=\"/housing.html\"", "href=\"/transit.html\""] {
        assert!(page.contains(link), "the list links {link}:\n{page}");
    }
    assert!(
        page.contains("one-pager") && page.contains("draft"),
        "{page}"
    );
    assert!(page.contains("<html lang=\"en\">"), "{page}");

    let brief = serve.get("/housing.html");
    assert_eq!(brief.status, 200);
    let page = brief.text();
    let title = "<h1>State what you want in one line</h1>";
    assert!(page.contains(title), "the HTML edition:\n{page}");
    assert!(page.contains("href=\"housing.pdf\""), "it links its PDF");
    assert!(
        page.contains("href=\"housing.docx\""),
        "it links its Word file"
    );
    assert_eq!(page.matches("<script").count(), 1, "the reload script only");
    // The built page on disk is the product: no script in it.
    let built = std::fs::read_to_string(ws.path("out/housing.html")).unwrap();
    assert!(built.contains(title) && !built.contains("<script"));

    let pdf = serve.get("/housing.pdf");
    assert_eq!(pdf.status, 200);
    assert_eq!(
        pdf.header("Content-Type").as_deref(),
        Some("application/pdf")
    );
    assert!(pdf.body.starts_with(b"%PDF-"));
    assert_eq!(pdf.body, std::fs::read(ws.path("out/housing.pdf")).unwrap());
    assert_eq!(
        pdf.header("Content-Length"),
        Some(pdf.body.len().to_string())
    );
    let word = serve.get("/housing.docx");
    assert_eq!(word.status, 200);
    assert_eq!(
        word.header("Content-Type").as_deref(),
        Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    );
    assert_eq!(
        word.header("Content-Disposition").as_deref(),
        Some("attachment; filename=\"housing.docx\"")
    );
    assert_eq!(
        word.body,
        std::fs::read(ws.path("out/housing.docx")).unwrap()
    );

    // Nothing answers on the machine's other addresses.
    let outward = std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|s| s.connect("192.0.2.1:9").map(|_| s))
        .and_then(|s| s.local_addr());
    if let Ok(addr) = outward {
        if !addr.ip().is_loopback() && !addr.ip().is_unspecified() {
            let reached = TcpStream::connect_timeout(
                &std::net::SocketAddr::new(addr.ip(), serve.port),
                Duration::from_secs(2),
            );
            assert!(reached.is_err(), "it answered on {}", addr.ip());
        }
    }
    let ipv6 = TcpStream::connect_timeout(
        &std::net::SocketAddr::from(([0u16, 0, 0, 0, 0, 0, 0, 1], serve.port)),
        Duration::from_secs(2),
    );
    assert!(ipv6.is_err(), "it answered on [::1]");
}

#[test]
fn serve_gives_nothing_outside_the_built_outputs() {
    let ws = workspace("serve-paths");
    let serve = Serve::start(&ws.0);
    assert_eq!(serve.get("/housing.pdf").status, 200);
    let abs = ws.path("briefs.toml").display().to_string();
    let encoded_abs = abs.replace('/', "%2F");
    let targets = [
        "/../briefs.toml",
        "/..%2fbriefs.toml",
        "/%2e%2e/briefs.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/out/../briefs.toml",
        "/briefs/housing.toml",
        "/briefs/x.toml",
        "/briefs.toml",
        "/citations.toml",
        "/housing.toml",
        "/out/housing.pdf",
        "//etc/passwd",
        "/etc/passwd",
        &abs,
        &format!("/{encoded_abs}"),
        "/housing.pdf/../../briefs.toml",
        "/housing",
        "/.housing.pdf",
        "/assets/README.txt",
        "/events/../briefs.toml",
    ];
    for target in targets {
        let reply = serve.get(target);
        assert_eq!(reply.status, 404, "{target} answered:\n{}", reply.text());
        assert!(!reply.text().contains("[organisation]"), "{target}");
    }
    // Another site's name pointed at 127.0.0.1 (DNS rebinding) gets nothing either.
    let foreign = request(serve.port, "/housing.pdf", "attacker.example");
    assert_eq!(foreign.status, 404);
    let local = request(serve.port, "/", &format!("localhost:{}", serve.port));
    assert_eq!(local.status, 200);
}

#[test]
fn serve_reloads_an_open_page_after_a_save_and_shows_what_a_broken_save_did() {
    let ws = workspace("serve-live");
    let serve = Serve::start(&ws.0);
    let path = ws.path("briefs/housing.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let page = serve.get("/housing.html").text();
    let events = events_of(&page);
    assert!(events.starts_with("/events?page=housing&v="), "{events}");
    let pdf_before = serve.get("/housing.pdf").body;

    // The open page's event stream hears of the save; the page then shows the new title.
    let port = serve.port;
    let listening = events.clone();
    let heard = std::thread::spawn(move || request(port, &listening, &format!("127.0.0.1:{port}")));
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(
        &path,
        text.replacen(
            "State what you want in one line",
            "Rents rose by a third",
            1,
        ),
    )
    .unwrap();
    let event = heard.join().unwrap();
    assert_eq!(event.status, 200);
    assert!(event
        .header("Content-Type")
        .unwrap()
        .starts_with("text/event-stream"));
    assert!(event.text().contains("\ndata: "), "{}", event.text());
    // The event carries the new page: all of it, as the title in its head changed (a save
    // that leaves the head as it was sends the body alone: see the preview's unit tests).
    let sent = sent_page(&event.text());
    let html = sent["html"].as_str().expect("the whole page");
    assert!(html.contains("<h1>Rents rose by a third</h1>"), "{html}");
    let page = until(&serve, "/housing.html", "the new title", |p| {
        p.contains("<h1>Rents rose by a third</h1>")
    });
    // A page that connects late (the rebuild came before its stream) hears at once.
    let late = serve.get(&events);
    assert!(late.text().contains("data: "), "{}", late.text());
    let events = events_of(&page);
    // The page comes first; the PDF follows within moments.
    let mut pdf_good = serve.get("/housing.pdf").body;
    for _ in 0..100 {
        if pdf_good != pdf_before {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        pdf_good = serve.get("/housing.pdf").body;
    }
    assert_ne!(pdf_good, pdf_before, "the PDF was rebuilt too");
    assert!(pdf_text(&ws.path("out/housing.pdf")).contains("Rents rose by a third"));

    // A save that breaks the date: the page shows the problem, where it is, and what to do.
    let edited = std::fs::read_to_string(&path).unwrap();
    let line = edited
        .lines()
        .position(|l| l.starts_with("date = "))
        .expect("a date line")
        + 1;
    let broken: String = edited
        .lines()
        .enumerate()
        .map(|(i, l)| match i + 1 == line {
            true => "date = 2025-02-30",
            false => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&path, broken).unwrap();
    let event = serve.get(&events);
    assert!(event.text().contains("data: "), "{}", event.text());
    let problems = until(&serve, "/housing.html", "the problem", |p| {
        p.contains("does not build")
    });
    let place = format!("housing.toml:{line}:");
    assert!(problems.contains(&place), "{place} in:\n{problems}");
    assert!(problems.contains("error[B0"), "{problems}");
    assert!(problems.contains("hint:"), "{problems}");
    assert!(
        problems.contains("2025-02-30"),
        "the source line:\n{problems}"
    );
    assert_eq!(problems.matches("<script").count(), 1);
    // The last good PDF stays, and is still served.
    let pdf = serve.get("/housing.pdf");
    assert_eq!(pdf.status, 200);
    assert_eq!(pdf.body, pdf_good);
    assert!(serve.get("/").text().contains("1 error"));

    // Fixed: the brief is back.
    let events = events_of(&problems);
    std::fs::write(&path, &edited).unwrap();
    let event = serve.get(&events);
    assert!(event.text().contains("data: "), "{}", event.text());
    until(&serve, "/housing.html", "the brief again", |p| {
        p.contains("<h1>Rents rose by a third</h1>")
    });
}

/// The time from a save to the updated page, as a browser sees it: the save, the event on the
/// open page's stream, and the page fetched again; for the repository's example policy brief (two
/// pages, citations) and for a starter brief. Run with `bench/serve`, or
/// `cargo test --release --test serve -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check"]
fn save_to_page_time() {
    let example = Scratch::new("serve-time-example");
    for f in [
        "briefs.toml",
        "citations.toml",
        "briefs/encryption-brief.toml",
    ] {
        std::fs::copy(repo().join(f), example.path(f)).unwrap();
    }
    measure(&example, "encryption-brief", "policy brief (2 pages)");
    let starter = workspace("serve-time-starter");
    measure(&starter, "housing", "starter brief (1 page)");
}

fn measure(ws: &Scratch, slug: &str, what: &str) {
    let serve = Serve::start(&ws.0);
    let path = ws.path(&format!("briefs/{slug}.toml"));
    let text = std::fs::read_to_string(&path).unwrap();
    let saves: usize = std::env::var("SAVES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(15);
    let mut times = Vec::new();
    for i in 0..saves {
        let page = serve.get(&format!("/{slug}.html")).text();
        let events = events_of(&page);
        let port = serve.port;
        let heard = std::thread::spawn(move || {
            let r = request(port, &events, &format!("127.0.0.1:{port}"));
            (Instant::now(), r)
        });
        std::thread::sleep(Duration::from_millis(400));
        let title = format!("Measured title {i}");
        let saved = Instant::now();
        let edited = text.replacen("\ntitle = \"", &format!("\ntitle = \"{title}: "), 1);
        std::fs::write(&path, edited).unwrap();
        let (event_at, event) = heard.join().unwrap();
        assert!(event.text().contains("data: "));
        let page = serve.get(&format!("/{slug}.html")).text();
        let shown = saved.elapsed();
        assert!(page.contains(&format!("{title}: ")), "{}", serve.log());
        println!(
            "{what}, save {i}: event after {} ms, page after {} ms",
            (event_at - saved).as_millis(),
            shown.as_millis()
        );
        times.push(shown);
    }
    times.sort();
    println!(
        "{what}: save to updated page, median {} ms, min {} ms, max {} ms ({} saves)",
        times[times.len() / 2].as_millis(),
        times[0].as_millis(),
        times[times.len() - 1].as_millis(),
        times.len()
    );
}

#[test]
fn a_forged_request_body_does_not_take_serve_down() {
    let ws = workspace("serve-body");
    let serve = Serve::start(&ws.0);
    for length in ["99999999999", "18446744073709551615", "70000"] {
        let mut stream = TcpStream::connect(("127.0.0.1", serve.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let host = format!("127.0.0.1:{}", serve.port);
        write!(
            stream,
            "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: {length}\r\n\r\nabc"
        )
        .unwrap();
        let mut first = [0u8; 12];
        stream.read_exact(&mut first).expect("an answer");
        assert_eq!(&first, b"HTTP/1.1 413", "{length}");
        // Still serving.
        assert_eq!(serve.get("/").status, 200, "after {length}");
    }
}

#[cfg(unix)]
#[test]
fn a_pdf_replaced_by_a_link_while_serving_is_not_served() {
    let ws = workspace("serve-link");
    let serve = Serve::start(&ws.0);
    assert_eq!(serve.get("/housing.pdf").status, 200);
    let outside = Scratch::new("serve-link-outside");
    outside.write("secret.pdf", "%PDF-1.7 SECRET");
    let pdf = ws.path("out/housing.pdf");
    std::fs::remove_file(&pdf).unwrap();
    std::os::unix::fs::symlink(outside.path("secret.pdf"), &pdf).unwrap();
    let reply = serve.get("/housing.pdf");
    assert_eq!(reply.status, 404);
    assert!(!reply.text().contains("SECRET"));
    // Nor a file put there that brief did not write.
    std::fs::remove_file(&pdf).unwrap();
    std::fs::write(&pdf, "%PDF-1.7 not ours").unwrap();
    assert_eq!(serve.get("/housing.pdf").status, 404);
}

#[test]
fn connections_beyond_the_bound_are_turned_away_and_serve_recovers() {
    let ws = workspace("serve-pressure");
    // A server that answers 8 requests at once (256 by default): the same rule, filled quickly.
    let serve = Serve::start_with(&ws.0, &[("BRIEF_SERVE_MAX_ANSWERING", "8")]);
    // Connections that send a request's first line and never its end: each holds a thread.
    let idle: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", serve.port)).expect("connect");
            let _ = s.write_all(b"GET / HTTP/1.1\r\n");
            s
        })
        .collect();
    // Once the server has taken them all (a busy machine may queue some for a while), a
    // request is turned away at once.
    let start = std::time::Instant::now();
    let turned_away = loop {
        let reply = serve.get("/");
        if reply.status == 503 || start.elapsed() > Duration::from_secs(8) {
            break reply;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(turned_away.status, 503, "{}", turned_away.text());
    assert_eq!(turned_away.header("Retry-After").as_deref(), Some("1"));
    // Once the idle ones are gone, it answers as before.
    drop(idle);
    let start = std::time::Instant::now();
    loop {
        let reply = serve.get("/");
        if reply.status == 200 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "still {}",
            reply.status
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(serve.get("/housing.html").status, 200);
    // A request head that never ends is refused, not read for ever.
    let mut long = TcpStream::connect(("127.0.0.1", serve.port)).expect("connect");
    long.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let junk = format!("GET / HTTP/1.1\r\nX: {}\r\n", "a".repeat(20_000));
    let _ = long.write_all(junk.as_bytes());
    let mut first = [0u8; 12];
    long.read_exact(&mut first).expect("an answer");
    assert_eq!(&first, b"HTTP/1.1 431");
}

#[test]
fn a_data_row_renamed_in_its_file_loses_its_page_and_the_new_name_gets_one() {
    let ws = Scratch::copy_of("data", "serve-rows");
    let serve = Serve::start(&ws.0);
    let page = serve.get("/riding/trois-rivieres.html");
    assert_eq!(page.status, 200);
    let events = events_of(&page.text());
    let csv = ws.path("data/ridings.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(
        &csv,
        text.replacen("Trois-Rivières,", "Trois-Rivières-Est,", 1),
    )
    .unwrap();
    // The open page hears that it is gone (and reloads into the 404).
    let event = serve.get(&events);
    assert!(event.text().contains("data: {}"), "{}", event.text());
    until(&serve, "/", "the renamed row", |p| {
        p.contains("trois-rivieres-est.html")
    });
    assert_eq!(serve.get("/riding/trois-rivieres.html").status, 404);
    let renamed = serve.get("/riding/trois-rivieres-est.html");
    assert_eq!(renamed.status, 200);
    assert!(renamed.text().contains("Trois-Rivières-Est"));
    // Forty rows, forty pages: the old one is not listed.
    let index = serve.get("/").text();
    assert!(!index.contains("trois-rivieres.html"), "{index}");
}

#[test]
fn an_open_row_gets_its_new_page_and_the_other_rows_follow() {
    let ws = Scratch::copy_of("data", "serve-open-row");
    let serve = Serve::start(&ws.0);
    let page = serve.get("/riding/trois-rivieres.html").text();
    let events = events_of(&page);
    let port = serve.port;
    let listening = events.clone();
    let heard = std::thread::spawn(move || request(port, &listening, &format!("127.0.0.1:{port}")));
    std::thread::sleep(Duration::from_millis(300));
    let path = ws.path("briefs/riding.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("End the wait", "Shorten the wait", 1)).unwrap();
    // The open row's page comes in its event (built alone, ahead of the other 39 rows).
    let sent = sent_page(&heard.join().unwrap().text());
    let html = sent["html"]
        .as_str()
        .expect("the title changed: the whole page");
    assert!(html.contains("Shorten the wait for supportive housing in Trois-Rivières"));
    // Every other row follows, the web page with the rest.
    until(
        &serve,
        "/riding/st-john-s-east.html",
        "the new title",
        |p| p.contains("Shorten the wait"),
    );
    let pdf = ws.path("out/riding/st-john-s-east.pdf");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !pdf_text(&pdf).contains("Shorten the wait") {
        assert!(
            Instant::now() < deadline,
            "the other rows' PDFs were not rebuilt"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
