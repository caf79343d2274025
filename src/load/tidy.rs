//! What reference managers export in forms of their own, read into ours: Zotero's "Extra"
//! lines in a CSL-JSON `note`, typographic ligatures, BibLaTeX's localisation keys for a
//! thesis's or report's kind, and dates written `2018-02-0015`.

use crate::model::{Citation, PartialDate};

/// A citation's texts without typographic ligatures (`ﬁ` in "Pathﬁnder", from a PDF's text
/// pasted into a reference manager), which no font of the layouts shows.
pub(super) fn ligatures(c: &mut Citation) {
    fn plain(s: &str) -> String {
        const LIGATURES: [(char, &str); 7] = [
            ('ﬀ', "ff"),
            ('ﬁ', "fi"),
            ('ﬂ', "fl"),
            ('ﬃ', "ffi"),
            ('ﬄ', "ffl"),
            ('ﬅ', "st"),
            ('ﬆ', "st"),
        ];
        if !s.chars().any(|c| ('\u{FB00}'..='\u{FB06}').contains(&c)) {
            return s.to_string();
        }
        s.chars()
            .map(|c| match LIGATURES.iter().find(|(l, _)| *l == c) {
                Some((_, letters)) => letters.to_string(),
                None => c.to_string(),
            })
            .collect()
    }
    c.title = plain(&c.title);
    for names in [&mut c.author, &mut c.editor, &mut c.translator] {
        for n in names.iter_mut() {
            *n = plain(n);
        }
    }
    for field in [
        &mut c.container,
        &mut c.publisher,
        &mut c.note,
        &mut c.genre,
        &mut c.place,
        &mut c.court,
    ] {
        *field = field.as_deref().map(plain);
    }
}

/// Zotero's "Extra" field as CSL-JSON exports it in `note`: lines of its own bookkeeping
/// (`Select: zotero://…`, `mlzsync1:…`) dropped, and `Field: value` lines for a field the
/// entry lacks read into it (`publisher: Bruxelles`, `DOI: 10.1093/…`); the rest stays the
/// note. Returns the note left and the fields found, by their CSL names in lower case.
pub(super) fn zotero_extra(note: &str) -> (Option<String>, Vec<(String, String)>) {
    const FIELDS: [&str; 5] = ["doi", "publisher", "publisher-place", "url", "genre"];
    let mut kept = Vec::new();
    let mut fields = Vec::new();
    for line in note.lines() {
        let t = line.trim();
        if t.starts_with("Select: zotero://") || t.starts_with("mlzsync") || t.is_empty() {
            continue;
        }
        let field = t.split_once(':').and_then(|(k, v)| {
            let k = k.trim().to_lowercase().replace(' ', "-");
            FIELDS
                .contains(&k.as_str())
                .then(|| (k, v.trim().to_string()))
        });
        match field {
            Some((k, v)) if !v.is_empty() => fields.push((k, v)),
            _ => kept.push(t),
        }
    }
    let note = (!kept.is_empty()).then(|| kept.join("\n"));
    (note, fields)
}

/// A date written with numbers, `2018-02-0015` (Zotero's literal dates) or `2018-02`: its year,
/// its month when it is one, its day when it is one.
pub(super) fn numeric_date(text: &str) -> Option<PartialDate> {
    let mut parts = text.trim().split(['-', '/']);
    let year = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
    let number = |p: Option<&str>, max: u32| {
        p.and_then(|p| p.parse::<u32>().ok())
            .filter(|n| (1..=max).contains(n))
    };
    let month = number(parts.next(), 12);
    let day = month.and_then(|_| number(parts.next(), 31));
    Some(PartialDate { year, month, day })
}

/// BibLaTeX's localisation keys, written in `type` for a thesis's or report's kind, as the
/// words a reference list prints; `None` for a key that names no kind (a patent's country).
pub(super) fn genre(written: &str) -> Option<String> {
    let words = match written.trim().to_lowercase().as_str() {
        "mathesis" | "mastersthesis" => "Master's thesis",
        "phdthesis" => "PhD thesis",
        "candthesis" => "Candidate thesis",
        "techreport" => "Technical report",
        "resreport" => "Research report",
        "software" => "Software",
        "datacd" => "Data CD",
        "audiocd" => "Audio CD",
        key if key.starts_with("patent") || key.starts_with("country") => return None,
        _ => return Some(written.to_string()),
    };
    Some(words.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zotero_extra_lines_are_read() {
        let (note, fields) = zotero_extra(
            "Select: zotero://select/library/items/ABC\npublisher: Bruxelles\nDOI: 10.1093/x\nmlzsync1:0064{}\nA real note",
        );
        assert_eq!(note.as_deref(), Some("A real note"));
        assert_eq!(
            fields,
            vec![
                ("publisher".to_string(), "Bruxelles".to_string()),
                ("doi".to_string(), "10.1093/x".to_string())
            ]
        );
    }

    #[test]
    fn dates_and_kinds() {
        let d = numeric_date("2018-02-0015").unwrap();
        assert_eq!((d.year, d.month, d.day), (2018, Some(2), Some(15)));
        let d = numeric_date("2018-13").unwrap();
        assert_eq!((d.year, d.month), (2018, None));
        assert_eq!(genre("mathesis").as_deref(), Some("Master's thesis"));
        assert_eq!(genre("Working Paper").as_deref(), Some("Working Paper"));
        assert_eq!(genre("patenteu"), None);
    }
}
