//! The preview's own pages, from the Jinja templates in `assets/web/preview/` (autoescape on:
//! every title, file name and message is escaped), and the reload script added to a brief's
//! built page as it is served (the file on disk never has it).

use std::sync::OnceLock;

use minijinja::{context, Environment};

use super::Info;
use crate::diagnostic::{Diagnostic, Severity};

/// The templates, by name; `style.css` is the HTML edition's own.
const TEMPLATES: &[(&str, &str)] = &[
    ("style.css", include_str!("../../assets/web/style.css")),
    (
        "preview/preview.css",
        include_str!("../../assets/web/preview/preview.css"),
    ),
    (
        "preview/base.html",
        include_str!("../../assets/web/preview/base.html"),
    ),
    (
        "preview/parts.html",
        include_str!("../../assets/web/preview/parts.html"),
    ),
    (
        "preview/reload.html",
        include_str!("../../assets/web/preview/reload.html"),
    ),
    (
        "preview/index.html",
        include_str!("../../assets/web/preview/index.html"),
    ),
    (
        "preview/problems.html",
        include_str!("../../assets/web/preview/problems.html"),
    ),
];

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        // `.css` names would turn autoescaping off for the whole page they are included in.
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        for (name, source) in TEMPLATES {
            // Built in and covered by the tests: a broken one is a bug, shown on the page.
            if let Err(e) = env.add_template(name, source) {
                eprintln!("error: the preview template {name} is broken: {e}");
            }
        }
        // A data brief's row is a page in its brief's folder: `/NAME/ROW.html`.
        env.add_filter("urlpath", |s: String| {
            s.split('/')
                .map(super::percent_encode)
                .collect::<Vec<_>>()
                .join("/")
        });
        env
    })
}

fn render(name: &str, ctx: minijinja::Value) -> String {
    env()
        .get_template(name)
        .and_then(|t| t.render(ctx))
        .unwrap_or_else(|e| {
            let message = escape(&format!("the preview template {name} failed: {e:#}"));
            format!("<!doctype html><html lang=\"en\"><title>brief preview</title><p>{message}</p></html>")
        })
}

/// One line of the list of briefs.
#[derive(serde::Serialize)]
pub struct Listed {
    pub slug: String,
    pub file: String,
    #[serde(flatten)]
    pub info: Option<Info>,
    pub errors: usize,
    pub warnings: usize,
    /// Whether it has a (last good) PDF.
    pub pdf: bool,
    /// Whether it has a (last good) Word file.
    pub docx: bool,
    /// Its last sign-off, and the changes since.
    pub signed: Option<crate::project::signoff::Signed>,
}

/// A diagnostic as the page shows it: the fields of `--format json`, the place as
/// `file:line:col`, and the source drawn as in the terminal.
#[derive(serde::Serialize)]
pub struct Problem {
    severity: &'static str,
    code: &'static str,
    message: String,
    place: Option<String>,
    drawing: Option<String>,
    hints: Vec<String>,
}

impl Problem {
    /// The page's view of a diagnostic.
    pub fn of(d: &Diagnostic) -> Problem {
        let place = match (d.file_name(), d.position()) {
            (Some(f), Some(((line, col), _))) => Some(format!("{f}:{line}:{col}")),
            (f, _) => f,
        };
        // The terminal's drawing less what the page says on its own: the title line above and
        // the help lines below.
        let drawing = d.file.is_some().then(|| {
            let rendered = d.render(false);
            let title = d.problem.to_string().lines().count().max(1);
            let lines: Vec<&str> = rendered
                .lines()
                .skip(title)
                .filter(|l| !l.trim_start().starts_with("= help:"))
                .collect();
            lines.join("\n").trim_end().to_string()
        });
        Problem {
            severity: match d.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            code: d.problem.code(),
            message: d.problem.to_string(),
            place,
            drawing: drawing.filter(|s| !s.trim().is_empty()),
            hints: d.problem.hints(),
        }
    }
}

/// The list of briefs.
pub fn index(briefs: Vec<Listed>, failure: Option<Problem>, events: &str) -> String {
    render("preview/index.html", context! { briefs, failure, events })
}

/// The page of a brief that does not build.
pub fn problems(
    file: &str,
    title: Option<&str>,
    problems: Vec<Problem>,
    pdf: Option<&str>,
    events: &str,
) -> String {
    render(
        "preview/problems.html",
        context! { brief => context! { file, title }, problems, pdf, events },
    )
}

/// A built page with the reload script before `</body>`.
pub fn with_reload(html: &str, events: &str) -> String {
    let script = render("preview/reload.html", context! { events });
    let at = html.rfind("</body>").unwrap_or(html.len());
    format!("{}{script}\n{}", &html[..at], &html[at..])
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_render_and_escape_what_users_wrote() {
        let listed = Listed {
            slug: "a b".into(),
            file: "briefs/a b.toml".into(),
            info: Some(Info {
                title: Some("<script>alert(1)</script> & more".into()),
                kind: "brief",
                status: "draft",
                date: Some("2025-03-04".into()),
                language: "en".into(),
                measure: crate::check::writing::Measure {
                    words: 812,
                    grade: Some(crate::check::readability::Grade {
                        grade: 11.44,
                        formula: "Flesch-Kincaid",
                    }),
                },
            }),
            errors: 0,
            warnings: 1,
            pdf: true,
            docx: true,
            signed: Some(crate::project::signoff::Signed {
                by: "<A. Director>".into(),
                date: "2026-12-01".into(),
                changes: 3,
            }),
        };
        let page = index(vec![listed], None, "/events?v=3");
        assert!(
            page.contains("3 changes since sign-off by &lt;A. Director&gt;"),
            "{page}"
        );
        assert!(
            page.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt; &amp; more"),
            "{page}"
        );
        assert!(page.contains("href=\"/a%20b.html\""), "{page}");
        assert!(page.contains("1 warning"), "{page}");
        assert!(
            page.contains("812 words, grade 11.4 (Flesch-Kincaid)"),
            "{page}"
        );
        assert!(page.contains("href=\"/a%20b.pdf\""), "{page}");
        assert!(page.contains("href=\"/a%20b.docx\""), "{page}");
        assert_eq!(page.matches("<script").count(), 1, "only the reload script");
        let d = Diagnostic::bare(crate::diagnostic::Problem::NoBriefs {
            dir: "<b>".into(),
            libraries: Vec::new(),
        });
        let page = problems(
            "briefs/x.toml",
            Some("<i>"),
            vec![Problem::of(&d)],
            Some("x.pdf"),
            "/e",
        );
        assert!(page.contains("B091"), "{page}");
        assert!(
            page.contains("&lt;b&gt;") && page.contains("&lt;i&gt; does not build"),
            "{page}"
        );
        assert!(page.contains("hint:"), "{page}");
        assert!(page.contains("href=\"x.pdf\""), "{page}");
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let page = with_reload("<html><body><p>x</p></body></html>", "/events?v=1");
        assert!(page.ends_with("</script>\n</body></html>"), "{page}");
        assert!(page.contains("data-events=\"&#x2f;events?v=1\""), "{page}");
    }
}
