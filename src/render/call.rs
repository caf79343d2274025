//! A statement's call to action: each ask becomes one sentence ("We urge Meta to halt the
//! rollout by 30 June 2024."), worded in the brief's language from the `[call]` table of its
//! words file (`assets/i18n/`).

use super::words::Call;
use crate::model::{Block, Inline, Markup};

/// An ask's deadline, as the sentence prints it.
pub struct Deadline {
    /// Its year, to see whether the action already states it.
    pub year: i32,
    /// The date in words, in the brief's language ("30 June 2024").
    pub display: String,
}

/// An ask as a sentence of a statement's call to action, deadline and full stop included.
///
/// An action written as an imperative ("Halt the rollout") reads on from the call: "We urge Meta
/// to halt the rollout by 31 March 2024." "Don't …" becomes "… not to …". Anything else (a whole
/// sentence such as "EU institutions must publish the minutes", or an action opening with a name
/// or an acronym) is kept as written after a colon, never reworded.
pub fn sentence(
    first_ask: bool,
    to: &str,
    action: Option<&Markup>,
    by: Option<Deadline>,
    call: &Call,
) -> Vec<Inline> {
    let mut action = action_inlines(action);
    let stop = take_stop(&mut action);
    let plain: String = Markup {
        blocks: vec![Block::Para {
            content: action.clone(),
        }],
    }
    .plain_text();
    let negated = call
        .negations
        .iter()
        .find(|n| plain.starts_with(n.as_str()));
    // "Please vote against it" asks the same as "Vote against it".
    let please = call.please.iter().find(|p| plain.starts_with(p.as_str()));
    // A question is asked as written, whatever it opens with.
    let imperative = opens_with_command(&plain, please.is_some(), call) && stop != "?";
    if imperative {
        if let Some(p) = please {
            strip_prefix_text(&mut action, p);
        }
    }

    let verb = if first_ask { &call.urge } else { &call.call_on };
    let mut out = vec![Inline::Text { text: verb.clone() }];
    let first_word = to.split_whitespace().next().unwrap_or("");
    if call.takes_article.iter().any(|w| w == first_word) {
        out.push(Inline::Text {
            text: call.article.clone(),
        });
    }
    out.push(Inline::Text { text: to.into() });
    if let Some(neg) = negated {
        strip_prefix_text(&mut action, neg);
        lowercase_first(&mut action);
        out.push(Inline::Text {
            text: call.not_to.clone(),
        });
    } else if imperative {
        lowercase_first(&mut action);
        out.push(Inline::Text {
            text: call.to.clone(),
        });
    } else {
        out.push(Inline::Text {
            text: call.colon.clone(),
        });
    }
    out.extend(action);
    // A deadline the action already states ("… by June 2024") is not repeated; a year named
    // for something else ("in the 2025 budget") is not a deadline.
    let states_deadline = by
        .as_ref()
        .is_some_and(|by| states_deadline(&plain, by.year, &call.by));
    if let Some(by) = by.filter(|_| !states_deadline) {
        out.push(Inline::Text {
            text: format!("{}{}", call.by, by.display),
        });
    }
    out.push(Inline::Text { text: stop });
    out
}

/// Whether an action states its own deadline: its year, after the language's word for "by"
/// (" by ") or "before" a few words earlier.
fn states_deadline(plain: &str, year: i32, by: &str) -> bool {
    let by = by.trim();
    let year = format!("{year:04}");
    plain.match_indices(&year).any(|(at, _)| {
        let before = &plain[..at];
        let start = before.char_indices().rev().nth(24).map_or(0, |(i, _)| i);
        let near = before[start..].to_lowercase();
        [by, "by", "before", "until", "avant", "bis", "antes"]
            .iter()
            .any(|w| !w.is_empty() && near.contains(&format!("{} ", w.to_lowercase())))
    })
}

/// The inlines of an action's first block.
fn action_inlines(action: Option<&Markup>) -> Vec<Inline> {
    action
        .and_then(|m| m.blocks.first())
        .map(|b| match b {
            Block::Para { content } => content.clone(),
            // A list as the action reads as one run of its items, separated by semicolons.
            Block::List { items, .. } => {
                let mut joined = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        joined.push(Inline::Text { text: "; ".into() });
                    }
                    joined.extend(item.iter().cloned());
                }
                joined
            }
        })
        .unwrap_or_default()
}

/// The action's final punctuation, taken off its end ("." when it has none): the sentence gets
/// one, after the deadline.
fn take_stop(action: &mut [Inline]) -> String {
    let mut stop = ".".to_string();
    if let Some(Inline::Text { text }) = action.last_mut() {
        let trimmed = text.trim_end();
        if let Some(last) = trimmed
            .chars()
            .last()
            .filter(|c| matches!(c, '.' | '!' | '?'))
        {
            stop = last.to_string();
            *text = trimmed[..trimmed.len() - last.len_utf8()].to_string();
        }
    }
    stop
}

/// Whether an action, as plain text, opens with a verb of command (after "please" when
/// `please`), so it reads on after "to".
///
/// Only such an action is reworded; anything else is quoted whole after a colon, so a sentence
/// is never reworded into nonsense.
fn opens_with_command(plain: &str, please: bool, call: &Call) -> bool {
    let words: Vec<&str> = plain.split_whitespace().collect();
    let first = words.first().copied().unwrap_or("");
    let is_sentence = words
        .iter()
        .take(4)
        .skip(1)
        .any(|w| call.modals.contains(&w.to_lowercase()));
    let (first, second) = match please {
        true => (
            words.get(1).copied().unwrap_or(""),
            words.get(2).copied().unwrap_or(""),
        ),
        false => (first, words.get(1).copied().unwrap_or("")),
    };
    let lower = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
            .to_lowercase()
    };
    let (verb_word, after) =
        if lower(first).ends_with("ly") && !call.imperatives.contains(&lower(first)) {
            (
                lower(second),
                words.get(if please { 3 } else { 2 }).copied().unwrap_or(""),
            )
        } else {
            (lower(first), second)
        };
    // A verb of command: one of the language's imperatives, or an infinitive by its ending.
    let ordered = call.imperatives.contains(&verb_word)
        || (call
            .verb_endings
            .iter()
            .any(|e| verb_word.ends_with(e.as_str()))
            && verb_word.len() > 3);
    ordered
        && !first.contains(['\'', '’', ',', ':', ';'])
        && !second.contains([',', ':', ';'])
        && !after.contains(':')
        && !is_sentence
}

/// The first text of inlines (looking inside emphasis), to change it.
fn first_text(inlines: &mut [Inline]) -> Option<&mut String> {
    match inlines.first_mut()? {
        Inline::Text { text } => Some(text),
        Inline::Emph { content }
        | Inline::Strong { content }
        | Inline::Inserted { content }
        | Inline::Deleted { content }
        | Inline::Link { content, .. } => first_text(content),
        Inline::Cite { .. } => None,
    }
}

fn lowercase_first(inlines: &mut [Inline]) {
    if let Some(text) = first_text(inlines) {
        let mut chars = text.chars();
        if let Some(first) = chars.next() {
            *text = first.to_lowercase().chain(chars).collect();
        }
    }
}

fn strip_prefix_text(inlines: &mut [Inline], prefix: &str) {
    if let Some(text) = first_text(inlines) {
        if let Some(rest) = text.strip_prefix(prefix) {
            *text = rest.trim_start().to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::OffsetMap;

    fn say(language: &str, first: bool, to: &str, action: &str, by: Option<(i32, &str)>) -> String {
        let map = OffsetMap {
            base: None,
            whole: 0..0,
        };
        let markup = Markup::parse(action, &map);
        let root = std::env::temp_dir();
        let ws = crate::model::Workspace::defaults(root);
        let (words, _) = super::super::words::Words::for_language(language, &ws);
        let by = by.map(|(year, display)| Deadline {
            year,
            display: display.into(),
        });
        let inlines = sentence(first, to, Some(&markup), by, &words.call);
        Markup {
            blocks: vec![Block::Para { content: inlines }],
        }
        .plain_text()
    }

    /// (language, first ask?, to, action, deadline, sentence)
    type Case = (
        &'static str,
        bool,
        &'static str,
        &'static str,
        Option<(i32, &'static str)>,
        &'static str,
    );
    const CASES: &[Case] = &[
        // An institution takes its article; a year named for something else is no deadline.
        (
            "en",
            true,
            "Ministry of Transportation",
            "Fund the 2025 transit plan.",
            Some((2025, "15 October 2025")),
            "We urge the Ministry of Transportation to fund the 2025 transit plan by 15 October 2025.",
        ),
        (
            "en",
            false,
            "Provincial Legislature",
            "Pass the bill before June 2026.",
            Some((2026, "30 June 2026")),
            "We call on the Provincial Legislature to pass the bill before June 2026.",
        ),
        (
            "en",
            true,
            "Meta",
            "Halt the rollout.",
            Some((2024, "30 June 2024")),
            "We urge Meta to halt the rollout by 30 June 2024.",
        ),
        (
            "en",
            false,
            "Parliament",
            "Legislate a duty to report.",
            None,
            "We call on Parliament to legislate a duty to report.",
        ),
        (
            "en",
            true,
            "Meta",
            "Don't weaken reporting.",
            None,
            "We urge Meta not to weaken reporting.",
        ),
        (
            "en",
            true,
            "Meta",
            "Do not weaken reporting!",
            None,
            "We urge Meta not to weaken reporting!",
        ),
        (
            "en",
            true,
            "the Council",
            "Please vote against it.",
            None,
            "We urge the Council to vote against it.",
        ),
        (
            "en",
            true,
            "Ministers",
            "Immediately suspend the plan.",
            None,
            "We urge Ministers to immediately suspend the plan.",
        ),
        (
            "en",
            true,
            "the Commission",
            "EU institutions must publish the minutes.",
            None,
            "We urge the Commission: EU institutions must publish the minutes.",
        ),
        (
            "en",
            true,
            "Meta",
            "Meta's plan is wrong.",
            None,
            "We urge Meta: Meta's plan is wrong.",
        ),
        (
            "en",
            true,
            "Meta",
            "Halt the rollout by June 2024.",
            Some((2024, "30 June 2024")),
            "We urge Meta to halt the rollout by June 2024.",
        ),
        (
            "en",
            true,
            "Meta",
            "Will you halt the rollout?",
            None,
            "We urge Meta: Will you halt the rollout?",
        ),
        (
            "en",
            true,
            "Meta",
            "Halt: the rollout must stop.",
            None,
            "We urge Meta: Halt: the rollout must stop.",
        ),
        (
            "fr",
            true,
            "Meta",
            "Suspendre le déploiement.",
            Some((2024, "30 juin 2024")),
            "Nous exhortons Meta à suspendre le déploiement d’ici le 30 juin 2024.",
        ),
        (
            "fr",
            false,
            "le Parlement",
            "Ne pas affaiblir les signalements.",
            None,
            "Nous appelons le Parlement à ne pas affaiblir les signalements.",
        ),
        (
            "fr",
            true,
            "la Commission",
            "Les institutions doivent publier les procès-verbaux.",
            None,
            "Nous exhortons la Commission : Les institutions doivent publier les procès-verbaux.",
        ),
    ];

    #[test]
    fn sentences_read_as_written_in_each_language() {
        for (language, first, to, action, by, expected) in CASES {
            assert_eq!(
                &say(language, *first, to, action, *by),
                expected,
                "{action}"
            );
        }
    }
}
