//! The live preview `brief serve` offers: what the last build of each brief left ([`State`],
//! updated after every round of [`crate::project::watch`]), and what each address of the preview
//! answers ([`State::route`]). Only these addresses exist: `/` (the list of briefs),
//! `/NAME.html` (a brief's HTML edition, or its problems while it does not build), `/NAME.pdf`
//! (its last good PDF) and `/events` (server-sent events that bring an open page its new self;
//! `/favicon.ico`, which browsers ask for, gets an empty answer). A
//! request is matched against the names of the briefs being previewed, never turned into a path:
//! `..`, absolute paths, sources and `briefs.toml` have no address. [`server`] speaks HTTP.

mod pages;
pub mod server;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::diagnostic::{display_path, Diagnostic, Severity};
use crate::model::{Brief, Choice, Edition};
use crate::paths::absolute;
use crate::project::signoff::Signed;
use crate::project::watch::Round;

/// What the preview shows, shared by the thread that builds and those that answer requests.
pub struct State {
    inner: Mutex<Inner>,
    /// Woken after every round, for the requests waiting on `/events`.
    changed: Condvar,
}

struct Inner {
    /// Bumped every round; a page's version is the generation of its brief's last build. It
    /// starts at the clock's milliseconds, so a page open across a restart of the server sees a
    /// new version and reloads.
    generation: u64,
    /// The briefs, in the order they are found.
    pages: Vec<Page>,
    /// A problem that stopped every build of the last round (`briefs.toml` unreadable).
    failure: Option<Diagnostic>,
    /// How many event streams wait on each page (none: the list), now.
    listening: HashMap<Option<String>, usize>,
    /// The pages told of a new version that have not come back for the next since (with that
    /// version): the page is being patched, and the next build waits for it (see
    /// [`State::caught_up`]).
    catching_up: Vec<(String, u64)>,
}

/// One brief's page.
struct Page {
    /// Its address: `/SLUG.html`, `/SLUG.pdf` (the output's name).
    slug: String,
    /// The brief, absolute.
    source: PathBuf,
    /// For a data brief's row, its key; its slug is `NAME/ROW`.
    row: Option<String>,
    /// Index data, from its last build that loaded it.
    info: Option<Info>,
    version: u64,
    /// The last good editions.
    html: Option<PathBuf>,
    /// The hash of the last web page written ([`crate::project::Written::hash`]): a page
    /// rebuilt as it was is not sent again.
    html_hash: Option<u64>,
    pdf: Option<PathBuf>,
    docx: Option<PathBuf>,
    /// The last build's problems (warnings included).
    problems: Vec<Diagnostic>,
    /// Whether the last build wrote its editions.
    ok: bool,
    /// Its last sign-off and the changes since, as of its last build that rendered.
    signed: Option<Signed>,
}

impl Page {
    /// A page not built yet.
    fn new(slug: String, source: PathBuf, row: Option<String>, version: u64) -> Page {
        Page {
            slug,
            source,
            row,
            info: None,
            version,
            html: None,
            html_hash: None,
            pdf: None,
            docx: None,
            problems: Vec::new(),
            ok: false,
            signed: None,
        }
    }
}

/// What the list of briefs shows of one.
#[derive(Clone, serde::Serialize)]
struct Info {
    title: Option<String>,
    kind: &'static str,
    status: &'static str,
    date: Option<String>,
    language: String,
    /// Its words and reading grade, as `check --format json` gives them.
    measure: crate::check::writing::Measure,
}

impl Info {
    fn of(b: &Brief) -> Info {
        Info {
            measure: crate::check::writing::measure(b),
            title: b
                .title
                .as_ref()
                .map(|t| crate::model::placeholder::unmarked(&t.value)),
            kind: b.kind.name(),
            status: b.status.name(),
            date: b.date.as_ref().map(|d| d.value.to_string()),
            language: b.language.value.clone(),
        }
    }
}

/// The answer to a request, before HTTP.
#[derive(Debug, PartialEq)]
pub enum Reply {
    /// A page made here (the list, a brief's problems, a brief's HTML edition with the reload
    /// script).
    Html(String),
    /// A brief's PDF edition.
    Pdf(PathBuf),
    /// A brief's Word edition.
    Docx(PathBuf),
    /// The event stream: wait for the version of `page` (a slug; none: the list) to differ from
    /// `seen`, then send the new page ([`State::message`]); `head` is the hash of the head of
    /// the page that waits, when it sent one.
    Events {
        page: Option<String>,
        seen: Option<u64>,
        head: Option<String>,
    },
    /// Nothing to show, and no error: the site icon a browser asks every page for
    /// (`/favicon.ico`), which the preview has none of.
    NoContent,
    /// Nothing at this address.
    NotFound,
}

impl Default for State {
    fn default() -> Self {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_millis() as u64);
        State {
            inner: Mutex::new(Inner {
                generation: now,
                pages: Vec::new(),
                failure: None,
                listening: HashMap::new(),
                catching_up: Vec::new(),
            }),
            changed: Condvar::new(),
        }
    }
}

impl State {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Take in a round of builds: briefs added or removed, each rebuilt brief's outputs or
    /// problems; then wake the pages waiting for it.
    pub fn update(&self, round: &Round) {
        let mut guard = self.lock();
        // Borrowed field by field: a page is changed while `listening` is read.
        let inner = &mut *guard;
        inner.generation += 1;
        let generation = inner.generation;
        inner.failure = round.failure.clone();
        let found: Vec<PathBuf> = round.briefs.iter().map(|b| absolute(b)).collect();
        inner.pages.retain(|p| found.contains(&p.source));
        if !round.partial {
            drop_gone_rows(&mut inner.pages, round);
        }
        for source in &found {
            if !inner.pages.iter().any(|p| p.source == *source) {
                let slug = unique_slug(source, &inner.pages);
                inner
                    .pages
                    .push(Page::new(slug, source.clone(), None, generation));
            }
        }
        inner
            .pages
            .sort_by_key(|p| found.iter().position(|f| *f == p.source));
        for (outcome, brief) in &round.built {
            let source = absolute(&outcome.path);
            let key = outcome.row.as_ref().map(|r| r.key.clone());
            if let Some(row) = &outcome.row {
                // A data brief is a page per row, `/NAME/ROW.html`, in place of its own.
                inner
                    .pages
                    .retain(|p| !(p.source == source && p.row.is_none()));
                if !inner
                    .pages
                    .iter()
                    .any(|p| p.source == source && p.row == key)
                {
                    let stem = source.file_stem().unwrap_or_default().to_string_lossy();
                    inner.pages.push(Page::new(
                        format!("{stem}/{}", row.slug),
                        source.clone(),
                        key.clone(),
                        generation,
                    ));
                }
            }
            let Some(page) = inner
                .pages
                .iter_mut()
                .find(|p| p.source == source && p.row == key)
            else {
                continue;
            };
            // A page is sent again for new problems or a page that differs from the one shown,
            // not for a PDF made after it, nor for the same page made again (a page open in the
            // browser is made first, then again with the rest).
            let html = outcome.written.iter().find(|w| w.edition == Edition::Html);
            let page_changed =
                !outcome.ok() || !page.ok || html.is_some_and(|w| Some(w.hash) != page.html_hash);
            if let Some(w) = html {
                page.html_hash = Some(w.hash);
            }
            if page_changed {
                page.version = generation;
                let key = Some(page.slug.clone());
                if inner.listening.get(&key).is_some_and(|n| *n > 0) {
                    inner.catching_up.push((page.slug.clone(), generation));
                }
            }
            // A brief that no longer loads keeps the title it had in the list; one that does not
            // render, what was said of its sign-off.
            if let Some(b) = brief {
                page.info = Some(Info::of(b));
            }
            if let Some(s) = round.standings.iter().find(|s| s.path == outcome.path) {
                page.signed = s.signed.clone();
            }
            page.problems = outcome.diagnostics.clone();
            page.problems.sort_by_key(|d| d.sort_key());
            page.ok = outcome.ok();
            for w in &outcome.written {
                match w.edition {
                    Edition::Html => page.html = Some(w.path.clone()),
                    Edition::Pdf => page.pdf = Some(w.path.clone()),
                    Edition::Docx => page.docx = Some(w.path.clone()),
                }
            }
        }
        drop(guard);
        self.changed.notify_all();
    }

    /// What a request for `url` (its path and query, as sent) gets.
    pub fn route(&self, url: &str) -> Reply {
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        let Some(path) = percent_decode(path) else {
            return Reply::NotFound;
        };
        if path == "/" {
            return Reply::Html(self.index());
        }
        if path == "/favicon.ico" {
            return Reply::NoContent;
        }
        if path == "/events" {
            let (mut page, mut seen, mut head) = (None, None, None);
            for pair in query.split('&') {
                match pair.split_once('=') {
                    Some(("page", v)) => page = percent_decode(v).filter(|v| !v.is_empty()),
                    Some(("v", v)) => seen = v.parse().ok(),
                    Some(("h", v)) => head = Some(v.to_string()),
                    _ => {}
                }
            }
            return Reply::Events { page, seen, head };
        }
        let Some(name) = path.strip_prefix('/') else {
            return Reply::NotFound;
        };
        let inner = self.lock();
        let page = |ext: &str| {
            let slug = name.strip_suffix(ext)?;
            inner.pages.iter().find(|p| p.slug == slug)
        };
        if let Some(p) = page(".html") {
            return Reply::Html(self.brief_page(&inner, p));
        }
        if let Some(pdf) = page(".pdf").and_then(|p| p.pdf.clone()) {
            return Reply::Pdf(pdf);
        }
        if let Some(docx) = page(".docx").and_then(|p| p.docx.clone()) {
            return Reply::Docx(docx);
        }
        Reply::NotFound
    }

    /// Block until the version of `page` (none: the list) differs from `seen` (none: from what
    /// it is now), or `timeout` passes; the new version, if it changed.
    pub fn wait(&self, page: Option<&str>, seen: Option<u64>, timeout: Duration) -> Option<u64> {
        let deadline = Instant::now() + timeout;
        let key = page.map(str::to_string);
        let mut inner = self.lock();
        let seen = seen.unwrap_or_else(|| inner.version(page));
        // A page back for the version after the one it was told of has caught up.
        let before = inner.catching_up.len();
        inner
            .catching_up
            .retain(|(slug, version)| !(Some(slug.as_str()) == page && *version == seen));
        if inner.catching_up.len() != before {
            self.changed.notify_all();
        }
        *inner.listening.entry(key.clone()).or_default() += 1;
        let changed = loop {
            let now = inner.version(page);
            if now != seen {
                break Some(now);
            }
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                break None;
            };
            inner = self
                .changed
                .wait_timeout(inner, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        };
        if let Some(n) = inner.listening.get_mut(&key) {
            *n = n.saturating_sub(1);
        }
        changed
    }

    /// The pages open in a browser now (an event stream waits on them): each brief's path and,
    /// for a data brief's row, its key.
    pub fn viewed(&self) -> Vec<(PathBuf, Option<String>)> {
        let inner = self.lock();
        inner
            .pages
            .iter()
            .filter(|p| {
                inner
                    .listening
                    .get(&Some(p.slug.clone()))
                    .is_some_and(|n| *n > 0)
            })
            .map(|p| (p.source.clone(), p.row.clone()))
            .collect()
    }

    /// Block until every open page told of its new version in the last round has its new
    /// version on screen (it comes back to listen for the next), or `timeout` passes. `serve`
    /// makes the PDF after that: on a machine of two cores, Typst would otherwise take the time
    /// the browser needs to show the page.
    pub fn caught_up(&self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        let mut inner = self.lock();
        while !inner.catching_up.is_empty() {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                inner.catching_up.clear();
                return;
            };
            inner = self
                .changed
                .wait_timeout(inner, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// What an event stream sends once its page changed: the page as JSON, `{"html": …}`,
    /// or, when the head of the page is still the one the waiting page has (`head`, its hash;
    /// a brief's page holds its typefaces there, a hundred kilobytes), only the body,
    /// `{"body": …}`. Sent with the event, the page needs no second request, and the browser
    /// parses only what it needs.
    pub fn message(&self, page: Option<&str>, head: Option<&str>) -> String {
        let html = match self.route(&match page {
            Some(slug) => format!("/{}.html", percent_encode_path(slug)),
            None => "/".to_string(),
        }) {
            Reply::Html(html) => html,
            // The page is gone: it reloads into its 404.
            _ => return "{}".to_string(),
        };
        let same_head = head.is_some_and(|h| head_hash(&html).as_deref() == Some(h));
        let body = html.find("<body").map(|at| &html[at..]);
        match body.filter(|_| same_head) {
            Some(body) => serde_json::json!({ "body": body }).to_string(),
            None => serde_json::json!({ "html": html }).to_string(),
        }
    }

    fn index(&self) -> String {
        let inner = self.lock();
        let briefs: Vec<pages::Listed> = inner
            .pages
            .iter()
            .map(|p| pages::Listed {
                slug: p.slug.clone(),
                file: match &p.row {
                    Some(row) => format!("{} · {row}", shown(&p.source)),
                    None => shown(&p.source),
                },
                info: p.info.clone(),
                errors: count(&p.problems, Severity::Error),
                warnings: count(&p.problems, Severity::Warning),
                pdf: p.pdf.is_some(),
                docx: p.docx.is_some(),
                signed: p.signed.clone(),
            })
            .collect();
        let failure = inner.failure.as_ref().map(pages::Problem::of);
        pages::index(briefs, failure, &events_url(None, inner.generation))
    }

    fn brief_page(&self, inner: &Inner, p: &Page) -> String {
        let events = events_url(Some(&p.slug), p.version);
        let built = p
            .html
            .as_ref()
            .filter(|_| p.ok)
            .and_then(|h| std::fs::read_to_string(h).ok());
        match built {
            Some(html) => {
                let events = match head_hash(&html) {
                    Some(h) => format!("{events}&h={h}"),
                    None => events,
                };
                pages::with_reload(&html, &events)
            }
            None => {
                let problems: Vec<pages::Problem> = match &inner.failure {
                    Some(d) if p.problems.is_empty() => vec![pages::Problem::of(d)],
                    _ => p.problems.iter().map(pages::Problem::of).collect(),
                };
                let pdf = p.pdf.as_ref().and(Some(format!("{}.pdf", p.slug)));
                let title = p.info.as_ref().and_then(|i| i.title.as_deref());
                pages::problems(&shown(&p.source), title, problems, pdf.as_deref(), &events)
            }
        }
    }
}

impl Inner {
    fn version(&self, page: Option<&str>) -> u64 {
        match page {
            None => self.generation,
            // A page gone: the generation, which the page did not see, sends it to its 404.
            Some(slug) => self
                .pages
                .iter()
                .find(|p| p.slug == slug)
                .map_or(self.generation, |p| p.version),
        }
    }
}

fn count(problems: &[Diagnostic], severity: Severity) -> usize {
    problems.iter().filter(|d| d.severity() == severity).count()
}

/// The address a page listens on for its reload.
fn events_url(page: Option<&str>, version: u64) -> String {
    match page {
        Some(slug) => format!("/events?page={}&v={version}", percent_encode(slug)),
        None => format!("/events?v={version}"),
    }
}

/// A data brief built this round has the rows it built now: a row renamed or removed from its
/// data file has no page any more.
fn drop_gone_rows(pages: &mut Vec<Page>, round: &Round) {
    let mut rows: HashMap<PathBuf, HashSet<&str>> = HashMap::new();
    for (outcome, _) in &round.built {
        if let Some(row) = &outcome.row {
            rows.entry(absolute(&outcome.path))
                .or_default()
                .insert(row.key.as_str());
        }
    }
    pages.retain(|p| match &p.row {
        Some(key) => rows
            .get(&p.source)
            .is_none_or(|keys| keys.contains(key.as_str())),
        None => true,
    });
}

/// A short hash of a page's head, and of the `<html>` tag before it (its language): whether a
/// page may keep its own.
fn head_hash(html: &str) -> Option<String> {
    let end = html.find("</head>")?;
    // The same in every process: a page open across a restart compares it too.
    let hash = crate::project::content_hash(&html.as_bytes()[..end]);
    Some(format!("{hash:016x}"))
}

/// A slug as the path of its page (`riding/trois-rivieres` keeps its slash).
fn percent_encode_path(slug: &str) -> String {
    slug.split('/')
        .map(percent_encode)
        .collect::<Vec<_>>()
        .join("/")
}

/// A brief's path as the user reads it.
fn shown(path: &Path) -> String {
    display_path(path).display().to_string()
}

/// The output's name of a brief (`briefs/x.toml` → `x`), made unique among the pages (two
/// briefs named alike in two folders: the second cannot build, but it still has a page).
fn unique_slug(source: &Path, pages: &[Page]) -> String {
    let stem = source
        .file_stem()
        .map_or_else(|| "brief".into(), |s| s.to_string_lossy().into_owned());
    let taken: HashSet<&str> = pages.iter().map(|p| p.slug.as_str()).collect();
    let mut slug = stem.clone();
    let mut n = 2;
    while taken.contains(slug.as_str()) {
        slug = format!("{stem}-{n}");
        n += 1;
    }
    slug
}

/// `%2e%2e` → `..`; `None` for a malformed escape or text that is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A name as one segment of a URL: everything but letters, digits and `-._~` escaped.
pub(crate) fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_page() -> State {
        let state = State::default();
        let mut page = Page::new(
            "housing".into(),
            PathBuf::from("/ws/briefs/housing.toml"),
            None,
            1,
        );
        page.pdf = Some(PathBuf::from("/ws/out/housing.pdf"));
        state.lock().pages.push(page);
        state
    }

    #[test]
    fn only_the_briefs_outputs_have_addresses() {
        let state = with_page();
        assert_eq!(
            state.route("/housing.pdf"),
            Reply::Pdf(PathBuf::from("/ws/out/housing.pdf"))
        );
        assert_eq!(
            state.route("/%68ousing.pdf?x=1"),
            Reply::Pdf(PathBuf::from("/ws/out/housing.pdf"))
        );
        assert!(matches!(state.route("/housing.html"), Reply::Html(_)));
        for url in [
            "/../briefs.toml",
            "/%2e%2e/briefs.toml",
            "/%2E%2E%2Fbriefs.toml",
            "/..%2fhousing.pdf",
            "/briefs.toml",
            "/briefs/housing.toml",
            "/housing.toml",
            "//ws/out/housing.pdf",
            "/ws/out/housing.pdf",
            "/etc/passwd",
            "http://127.0.0.1/housing.pdf",
            "/out/housing.pdf",
            "/housing.pdf/",
            "/housing",
            "/%zz",
            "/%ff.pdf",
            "",
        ] {
            assert_eq!(state.route(url), Reply::NotFound, "{url}");
        }
    }

    #[test]
    fn the_site_icon_a_browser_asks_for_is_no_error() {
        assert_eq!(with_page().route("/favicon.ico"), Reply::NoContent);
    }

    #[test]
    fn events_name_their_page_and_version() {
        let state = with_page();
        assert_eq!(
            state.route("/events?page=housing&v=7"),
            Reply::Events {
                page: Some("housing".into()),
                seen: Some(7),
                head: None,
            }
        );
        assert_eq!(
            state.route("/events"),
            Reply::Events {
                page: None,
                seen: None,
                head: None,
            }
        );
        // A page whose version is not the one it saw hears at once.
        assert_eq!(
            state.wait(Some("housing"), Some(0), Duration::ZERO),
            Some(1)
        );
        assert_eq!(state.wait(Some("housing"), Some(1), Duration::ZERO), None);
    }

    #[test]
    fn an_event_carries_the_body_while_the_head_is_the_one_the_page_has() {
        let dir = std::env::temp_dir().join(format!("brief-message-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let html = dir.join("housing.html");
        std::fs::write(
            &html,
            "<!doctype html><html><head><style>@font-face{}</style></head>\
             <body class=\"brief\"><h1>Rents rose</h1></body></html>",
        )
        .unwrap();
        let state = with_page();
        {
            let mut inner = state.lock();
            inner.pages[0].html = Some(html.clone());
            inner.pages[0].ok = true;
        }
        let page = match state.route("/housing.html") {
            Reply::Html(page) => page,
            other => panic!("{other:?}"),
        };
        let events = page.split("data-events=\"").nth(1).unwrap();
        let head = events
            .split("h=")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let sent: serde_json::Value =
            serde_json::from_str(&state.message(Some("housing"), Some(head))).unwrap();
        let body = sent["body"].as_str().unwrap();
        assert!(
            body.starts_with("<body class=\"brief\"><h1>Rents rose</h1>"),
            "{body}"
        );
        assert!(
            body.contains("data-events"),
            "the next event's address: {body}"
        );
        // Another head (new typefaces), or none known: the whole page.
        for head in [Some("0000000000000000"), None] {
            let sent: serde_json::Value =
                serde_json::from_str(&state.message(Some("housing"), head)).unwrap();
            assert!(sent["html"].as_str().unwrap().contains("@font-face"));
            assert!(sent.get("body").is_none());
        }
        // A page gone: nothing, which the page answers with a reload.
        assert_eq!(state.message(Some("gone"), None), "{}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_rebuild_waits_for_the_open_page_to_catch_up_but_not_long() {
        let state = std::sync::Arc::new(with_page());
        state.lock().catching_up.push(("housing".into(), 1));
        // The page comes back for the version after 1: the wait ends.
        let waiting = state.clone();
        let started = Instant::now();
        let caught = std::thread::spawn(move || waiting.caught_up(Duration::from_secs(20)));
        std::thread::sleep(Duration::from_millis(20));
        assert_eq!(state.wait(Some("housing"), Some(1), Duration::ZERO), None);
        caught.join().unwrap();
        assert!(started.elapsed() < Duration::from_secs(10));
        // A page that never comes back (its tab closed) holds the rebuild only so long.
        state.lock().catching_up.push(("housing".into(), 1));
        let started = Instant::now();
        state.caught_up(Duration::from_millis(50));
        assert!(started.elapsed() >= Duration::from_millis(50));
        assert!(state.lock().catching_up.is_empty());
        // Nothing told: no wait.
        let started = Instant::now();
        state.caught_up(Duration::from_secs(20));
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn urls_round_trip() {
        for name in ["housing-2025", "a b#c?d%e", "défi"] {
            assert_eq!(percent_decode(&percent_encode(name)).as_deref(), Some(name));
        }
    }
}
