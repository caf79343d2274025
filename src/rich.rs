//! Rich text that is already formatted: citations and reference entries as a citation style set
//! them, as a small tree of text runs (each with its look), links, and the parts that point at a
//! reference entry. Output-neutral (the Typst layouts and the HTML edition read the same tree)
//! and a leaf: `markup` holds a [`Shown`] citation, and `cite` makes them.

use serde::{Deserialize, Serialize};

/// A citation as the template shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shown {
    /// Whether it is a note (note styles such as `chicago-notes`): the template sets it as a
    /// footnote; otherwise it is set where it stands.
    pub note: bool,
    /// The formatted citation; each source's part links to its reference entry.
    pub content: Vec<Rich>,
}

/// The reference list of a brief, in the order and form of its style.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct References {
    /// Whether the style sets entries with a hanging indent.
    pub hanging_indent: bool,
    pub entries: Vec<Reference>,
}

/// One entry of the reference list.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reference {
    /// The citation key; in-text citations link to the anchor `ref-KEY`.
    pub key: String,
    /// The part set in a column of its own ("[1]" in numeric styles), when the style has one.
    pub prefix: Option<Vec<Rich>>,
    pub content: Vec<Rich>,
}

/// A piece of formatted citation text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Rich {
    /// A run of text, printed literally, in one look. Templates also receive `long-word`
    /// (see [`crate::limits::has_long_word`]).
    #[serde(serialize_with = "text_run")]
    Text {
        text: String,
        #[serde(flatten)]
        look: Look,
    },
    /// A link to a web address (a source's URL or DOI).
    Link { url: String, content: Vec<Rich> },
    /// The part of a citation that stands for one source: a link to its entry in the reference
    /// list, whose anchor is `ref-` and the key.
    Entry { key: String, content: Vec<Rich> },
    /// A block of its own inside a reference (CSL `display="block"` or `"indent"`).
    Block { content: Vec<Rich> },
}

/// How a run of text looks. Every field is always present, so templates need no defaults.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Look {
    pub italic: bool,
    pub bold: bool,
    pub light: bool,
    /// Read back from a web template's view of the data too, whose keys have `_` for `-`.
    #[serde(alias = "small_caps")]
    pub small_caps: bool,
    pub underline: bool,
    /// `"super"`, `"sub"` or none.
    pub script: Option<Script>,
}

/// Raised or lowered text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Script {
    Super,
    Sub,
}

/// A run of formatted text as templates receive it: its look's fields beside its text, and
/// whether it holds a word too long for a line.
fn text_run<S: serde::Serializer>(text: &str, look: &Look, s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    #[serde(rename_all = "kebab-case")]
    struct Run<'a> {
        text: &'a str,
        #[serde(flatten)]
        look: &'a Look,
        long_word: bool,
    }
    Run {
        text,
        look,
        long_word: crate::limits::has_long_word(text),
    }
    .serialize(s)
}

/// Whether the text begins raised (a superscript citation number).
pub fn starts_raised(items: &[Rich]) -> bool {
    match items.first() {
        Some(Rich::Text { look, .. }) => look.script == Some(Script::Super),
        Some(
            Rich::Link { content, .. } | Rich::Entry { content, .. } | Rich::Block { content },
        ) => starts_raised(content),
        None => false,
    }
}

/// The text without its looks, for tests and plain outputs.
pub fn plain(items: &[Rich]) -> String {
    let mut s = String::new();
    for r in items {
        match r {
            Rich::Text { text, .. } => s.push_str(text),
            Rich::Link { content, .. } | Rich::Entry { content, .. } => s.push_str(&plain(content)),
            Rich::Block { content } => {
                if !s.is_empty() {
                    s.push(' ');
                }
                s.push_str(&plain(content));
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formatted_run_carries_its_look_and_whether_it_holds_a_long_word() {
        let run = Rich::Text {
            text: "https://doi.org/10.1016/j.tranpol.2004.05.001".into(),
            look: Look {
                italic: true,
                ..Look::default()
            },
        };
        let value = serde_json::to_value(&run).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"kind": "text", "text": "https://doi.org/10.1016/j.tranpol.2004.05.001",
                "italic": true, "bold": false, "light": false, "small-caps": false,
                "underline": false, "script": null, "long-word": true})
        );
        // Read back (a web template's view of the data), the flag is worked out again.
        let back: Rich = serde_json::from_value(value).unwrap();
        assert_eq!(back, run);
    }
}
