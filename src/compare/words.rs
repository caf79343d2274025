//! Two texts compared word by word (`similar`'s diff of words and the spaces between them), and
//! the pieces shown with a little of what stayed around each change.

use similar::{ChangeTag, TextDiff};

/// A run of words the same in both, only in the old text, or only in the new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Same(String),
    Deleted(String),
    Inserted(String),
}

/// The pieces that turn `old` into `new`, neighbours of one kind joined.
pub fn pieces(old: &str, new: &str) -> Vec<Piece> {
    let diff = TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .diff_words(old, new);
    let mut out: Vec<Piece> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        let piece = match change.tag() {
            ChangeTag::Equal => Piece::Same(text.to_string()),
            ChangeTag::Delete => Piece::Deleted(text.to_string()),
            ChangeTag::Insert => Piece::Inserted(text.to_string()),
        };
        match (out.last_mut(), piece) {
            (Some(Piece::Same(a)), Piece::Same(b))
            | (Some(Piece::Deleted(a)), Piece::Deleted(b))
            | (Some(Piece::Inserted(a)), Piece::Inserted(b)) => a.push_str(&b),
            (_, piece) => out.push(piece),
        }
    }
    // A space alone between two changes reads better inside them: "[-a b-]{+c d+}".
    tidy(out)
}

/// Deleted and inserted runs split by a lone space joined, so a reworded phrase is one change.
fn tidy(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let lone_space =
            matches!(&pieces[i], Piece::Same(s) if s.trim().is_empty() && s.len() <= 1);
        let changed = |p: Option<&Piece>| matches!(p, Some(Piece::Deleted(_) | Piece::Inserted(_)));
        if lone_space && changed(out.last()) && changed(pieces.get(i + 1)) {
            // The space belongs to both sides of the change.
            let s = match &pieces[i] {
                Piece::Same(s) => s.clone(),
                _ => String::new(),
            };
            let (mut del, mut ins) = (String::new(), String::new());
            while let Some(Piece::Deleted(_) | Piece::Inserted(_)) = out.last() {
                match out.pop() {
                    Some(Piece::Deleted(d)) => del.insert_str(0, &d),
                    Some(Piece::Inserted(n)) => ins.insert_str(0, &n),
                    _ => {}
                }
            }
            del.push_str(&s);
            ins.push_str(&s);
            i += 1;
            while let Some(Piece::Deleted(_) | Piece::Inserted(_)) = pieces.get(i) {
                match &pieces[i] {
                    Piece::Deleted(d) => del.push_str(d),
                    Piece::Inserted(n) => ins.push_str(n),
                    _ => {}
                }
                i += 1;
            }
            if !del.is_empty() {
                out.push(Piece::Deleted(del));
            }
            if !ins.is_empty() {
                out.push(Piece::Inserted(ins));
            }
            continue;
        }
        out.push(pieces[i].clone());
        i += 1;
    }
    out
}

/// The pieces with what stayed cut to `context` words either side of each change ("…"
/// where words are left out).
pub fn in_context(pieces: &[Piece], context: usize) -> Vec<Piece> {
    let last = pieces.len().saturating_sub(1);
    pieces
        .iter()
        .enumerate()
        .map(|(i, p)| match p {
            Piece::Same(s) => {
                let words: Vec<&str> = s.split_whitespace().collect();
                if words.len() <= 2 * context {
                    return p.clone();
                }
                let head = if i > 0 {
                    words[..context].join(" ")
                } else {
                    String::new()
                };
                let tail = if i < last {
                    words[words.len() - context..].join(" ")
                } else {
                    String::new()
                };
                let lead = if s.starts_with(char::is_whitespace) {
                    " "
                } else {
                    ""
                };
                let trail = if s.ends_with(char::is_whitespace) {
                    " "
                } else {
                    ""
                };
                let shown = match (head.is_empty(), tail.is_empty()) {
                    (true, true) => "…".to_string(),
                    (true, false) => format!("…{tail}{trail}"),
                    (false, true) => format!("{lead}{head}…"),
                    (false, false) => format!("{lead}{head} … {tail}{trail}"),
                };
                Piece::Same(shown)
            }
            other => other.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reworded_phrase_is_one_change() {
        let p = pieces(
            "Parliament should require platforms to act",
            "Parliament must require platforms to act now",
        );
        assert_eq!(
            p,
            vec![
                Piece::Same("Parliament ".into()),
                Piece::Deleted("should".into()),
                Piece::Inserted("must".into()),
                Piece::Same(" require platforms to act".into()),
                Piece::Inserted(" now".into()),
            ]
        );
        let p = pieces("a b c", "a x y c");
        assert_eq!(
            p,
            vec![
                Piece::Same("a ".into()),
                Piece::Deleted("b".into()),
                Piece::Inserted("x y".into()),
                Piece::Same(" c".into()),
            ]
        );
    }

    #[test]
    fn context_is_cut_around_changes() {
        let p = pieces(
            "one two three four five six seven eight nine ten",
            "one two three four five SIX seven eight nine ten",
        );
        let shown = in_context(&p, 2);
        assert_eq!(shown[0], Piece::Same("…four five ".into()));
        // Four words after: as many as the context either side, kept whole.
        assert_eq!(shown[3], Piece::Same(" seven eight nine ten".into()));
    }
}
