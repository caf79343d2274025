//! What the integration tests share: running the binary, scratch workspaces, and reading PDFs
//! back (`pdf.rs`, in pure Rust).
#![allow(dead_code)] // each test file uses its own part

pub mod pdf;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Run `brief ARGS` in `dir`: (exit code, stdout, stderr). A panic fails the test outright.
pub fn brief(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run brief");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "brief panicked:\n{stderr}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    )
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures`.
pub fn fixtures() -> PathBuf {
    repo().join("tests/fixtures")
}

/// A PDF's text, whitespace runs made single spaces (see `pdf::text`).
pub fn pdf_text(pdf: &Path) -> String {
    pdf::text(pdf)
}

/// A PDF's page count.
pub fn pages(pdf: &Path) -> usize {
    pdf::pages(pdf)
}

/// Whether `text` holds `needle`, ignoring hyphens (poppler read "end-to-end" broken after "to-"
/// back as "end-toend"; `pdf::text` keeps it whole, so this is now only a safety margin).
pub fn has(text: &str, needle: &str) -> bool {
    text.replace('-', "").contains(&needle.replace('-', ""))
}

/// A scratch folder in the temp folder, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    /// An empty workspace folder with `briefs/`.
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("brief-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("briefs")).unwrap();
        Scratch(dir)
    }

    /// A copy of a fixture folder.
    pub fn copy_of(fixture: &str, name: &str) -> Self {
        let s = Self::new(name);
        copy_dir(&fixtures().join(fixture), &s.0);
        s
    }

    /// Write a file (folders made as needed).
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    /// A path inside.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // BRIEF_TEST_KEEP=1 keeps the workspaces, to look at what a failing test built.
        if std::env::var_os("BRIEF_TEST_KEEP").is_some() {
            return;
        }
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A TOML file as JSON, the way TOML editors hand it to a JSON Schema: dates become ISO strings.
pub fn toml_as_json(text: &str) -> Option<serde_json::Value> {
    fn convert(v: toml::Value) -> serde_json::Value {
        use serde_json::Value as J;
        match v {
            toml::Value::String(s) => J::String(s),
            toml::Value::Integer(i) => J::from(i),
            toml::Value::Float(f) => J::from(f),
            toml::Value::Boolean(b) => J::Bool(b),
            toml::Value::Datetime(d) => J::String(d.to_string()),
            toml::Value::Array(a) => J::Array(a.into_iter().map(convert).collect()),
            toml::Value::Table(t) => {
                J::Object(t.into_iter().map(|(k, v)| (k, convert(v))).collect())
            }
        }
    }
    text.parse::<toml::Table>()
        .ok()
        .map(|t| convert(toml::Value::Table(t)))
}

/// The JSON Schema `brief schema` prints, compiled: validate a brief (as JSON) with
/// [`schema_errors`].
pub struct Schema {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Schema {
    /// Compile the schema the binary prints.
    pub fn of_binary() -> Schema {
        let (code, text, stderr) = brief(&repo(), &["schema"]);
        assert_eq!(code, 0, "{stderr}");
        let json: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
        let mut schemas = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler
            .add_resource("urn:brief:schema", json)
            .expect("the schema is a resource");
        let index = compiler
            .compile("urn:brief:schema", &mut schemas)
            .unwrap_or_else(|e| panic!("the schema compiles: {e}"));
        Schema { schemas, index }
    }

    /// Every error of a brief against the schema, one per line; empty when it is valid.
    pub fn errors(&self, brief: &serde_json::Value) -> String {
        match self.schemas.validate(brief, self.index) {
            Ok(()) => String::new(),
            Err(e) => format!("{e}"),
        }
    }
}

/// The smallest brief that builds: one finding citing `stats2023`, one ask.
pub const BRIEF: &str = r#"title = "Fund the helpline"
date = 2024-03-07

[position]
statement = "Fund it."

[[evidence]]
id = "calls"
claim = "Calls doubled [@stats2023]."

[[ask]]
id = "fund"
to = "Parliament"
action = "Fund the helpline."
"#;

/// The library [`BRIEF`] cites.
pub const LIBRARY: &str = r#"[[citation]]
id = "stats2023"
type = "report"
author = ["Statistics Office"]
title = "Helpline statistics 2023"
date = "2023"
"#;
