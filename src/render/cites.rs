//! A brief's citations placed in its data: gathered in the order its layout is read, formatted
//! by [`crate::cite::format`], and each written back where it stands; then what printing needs
//! besides (a statement's call repeats its ask's citations; a mark follows its punctuation).

use crate::cite::Style;
use crate::markup::{Block, Markup};
use std::collections::HashMap;

use super::data::TemplateData;
use crate::model::texts::{self, Part, TextId};
use crate::model::{Brief, Inline, Kind, Template, Workspace};

/// Format every citation the brief's layout shows, fill each one's `shown`, and set the data's
/// reference list.
pub fn place(data: &mut TemplateData, brief: &Brief, ws: &Workspace, style: &Style) {
    let code = crate::cite::locale_code(&brief.language.value);
    let calls_first = brief.template == Template::Builtin(Kind::Statement);
    let mut slots = reading_order(data, &brief.template);
    let refs: Vec<(Vec<crate::model::CiteRef>, bool)> = slots
        .iter()
        .map(|slot| match &**slot {
            Inline::Cite { refs, prose, .. } => (refs.clone(), *prose),
            _ => (Vec::new(), false),
        })
        .collect();
    let asked: Vec<(&[crate::model::CiteRef], bool)> =
        refs.iter().map(|(r, p)| (r.as_slice(), *p)).collect();
    let formatted = crate::cite::format(&asked, brief, ws, &code, style);
    for (slot, shown) in slots.iter_mut().zip(formatted.shown) {
        if let (Inline::Cite { shown: s, .. }, Some(new)) = (&mut **slot, shown) {
            *s = Some(new);
        }
    }
    drop(slots);
    sync_calls(data, calls_first);
    every_inline_list(data, &mut place_marks);
    data.references = formatted.references;
}

/// The citations of a layout in the order a reader meets them ([`texts::reading`]): texts a
/// layout does not print are left out, so their sources are not listed either.
fn reading_order<'a>(data: &'a mut TemplateData, template: &Template) -> Vec<&'a mut Inline> {
    let layout = match template {
        Template::Builtin(k) => Some(*k),
        Template::Custom(_) => None,
    };
    let (findings, asks) = (data.evidence.len(), data.asks.len());
    let mut cites = cites_by_text(data, layout == Some(Kind::Statement));
    let mut out = Vec::new();
    for (part, ids) in texts::reading(layout) {
        let items: Vec<Option<usize>> = match part {
            Part::Evidence => (0..findings).map(Some).collect(),
            Part::Ask => (0..asks).map(Some).collect(),
            _ => vec![None],
        };
        for item in items {
            for id in *ids {
                out.extend(cites.remove(&(*id, item)).unwrap_or_default());
            }
        }
    }
    out
}

/// The citations of each text in the data, by the text and its item. A statement prints an
/// ask's action inside its call to action: there, the call's are the action's.
fn cites_by_text(
    data: &mut TemplateData,
    calls: bool,
) -> HashMap<(TextId, Option<usize>), Vec<&mut Inline>> {
    fn of(m: Option<&mut Markup>) -> Vec<&mut Inline> {
        let mut list = Vec::new();
        cites_of(m, &mut list);
        list
    }
    let mut by = HashMap::new();
    if let Some(p) = data.position.as_mut() {
        by.insert((TextId::Statement, None), of(p.statement.as_mut()));
        let messages = p.key_messages.iter_mut().flat_map(|m| of(Some(m)));
        by.insert((TextId::KeyMessages, None), messages.collect());
        by.insert((TextId::Context, None), of(p.context.as_mut()));
    }
    for (i, e) in data.evidence.iter_mut().enumerate() {
        by.insert((TextId::Claim, Some(i)), of(e.claim.as_mut()));
        by.insert((TextId::Detail, Some(i)), of(e.detail.as_mut()));
        let mut chart = Vec::new();
        chart_cites(e.chart.as_mut(), &mut chart);
        by.insert((TextId::Chart, Some(i)), chart);
    }
    for (i, a) in data.asks.iter_mut().enumerate() {
        let action = if calls {
            let mut list = Vec::new();
            inline_cites(&mut a.call, &mut list);
            list
        } else {
            of(a.action.as_mut())
        };
        by.insert((TextId::Action, Some(i)), action);
        by.insert((TextId::Rationale, Some(i)), of(a.rationale.as_mut()));
    }
    by
}

/// An ask's action appears twice in the data, as `action` and inside the statement's `call`
/// sentence: the one the layout reads was formatted; the other gets the same citations.
fn sync_calls(data: &mut TemplateData, calls_first: bool) {
    for a in &mut data.asks {
        let mut from = Vec::new();
        let mut to = Vec::new();
        if calls_first {
            inline_cites(&mut a.call, &mut from);
            cites_of(a.action.as_mut(), &mut to);
        } else {
            cites_of(a.action.as_mut(), &mut from);
            inline_cites(&mut a.call, &mut to);
        }
        for (f, t) in from.into_iter().zip(to) {
            if let (Inline::Cite { shown: s, .. }, Inline::Cite { shown: d, .. }) = (&*f, t) {
                d.clone_from(s);
            }
        }
    }
}

/// A citation set as a mark (a footnote, or a superscript number as in `nature` or
/// `american-medical-association`) follows the word and the punctuation it belongs to:
/// "since 2020 [@a]." prints "since 2020.¹", not "since 2020 ¹.".
fn place_marks(list: &mut Vec<Inline>) {
    let mut i = 0;
    while i < list.len() {
        let is_mark = matches!(&list[i], Inline::Cite { shown: Some(s), .. }
            if s.note || crate::rich::starts_raised(&s.content));
        if !is_mark {
            i += 1;
            continue;
        }
        if let Some(Inline::Text { text }) = i.checked_sub(1).and_then(|p| list.get_mut(p)) {
            text.truncate(text.trim_end().len());
        }
        // Closing punctuation right after the mark moves before it.
        if let Some(Inline::Text { text }) = list.get_mut(i + 1) {
            let stop: String = text
                .chars()
                .take_while(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')'))
                .collect();
            if !stop.is_empty() {
                text.replace_range(..stop.len(), "");
                match i.checked_sub(1).and_then(|p| list.get_mut(p)) {
                    Some(Inline::Text { text }) => text.push_str(&stop),
                    _ => {
                        list.insert(i, Inline::Text { text: stop });
                        i += 1;
                    }
                }
            }
        }
        i += 1;
    }
    list.retain(|x| !matches!(x, Inline::Text { text } if text.is_empty()));
}

/// Apply `f` to every run of inlines the data holds.
fn every_inline_list(data: &mut TemplateData, f: &mut dyn FnMut(&mut Vec<Inline>)) {
    fn markup(m: Option<&mut Markup>, f: &mut dyn FnMut(&mut Vec<Inline>)) {
        let Some(m) = m else { return };
        for b in &mut m.blocks {
            match b {
                Block::Para { content } => f(content),
                Block::List { items, .. } => items.iter_mut().for_each(&mut *f),
            }
        }
    }
    if let Some(p) = data.position.as_mut() {
        markup(p.statement.as_mut(), f);
        p.key_messages.iter_mut().for_each(|m| markup(Some(m), f));
        markup(p.context.as_mut(), f);
    }
    for e in &mut data.evidence {
        markup(e.claim.as_mut(), f);
        if let Some(c) = e.chart.as_mut() {
            f(&mut c.source);
        }
        markup(e.detail.as_mut(), f);
    }
    for a in &mut data.asks {
        markup(a.action.as_mut(), f);
        markup(a.rationale.as_mut(), f);
        f(&mut a.call);
    }
}

/// The source line of an evidence item's chart.
fn chart_cites<'a>(c: Option<&'a mut super::chart::ChartData>, out: &mut Vec<&'a mut Inline>) {
    if let Some(c) = c {
        inline_cites(&mut c.source, out);
    }
}

fn cites_of<'a>(m: Option<&'a mut Markup>, out: &mut Vec<&'a mut Inline>) {
    let Some(m) = m else { return };
    for b in &mut m.blocks {
        match b {
            Block::Para { content } => inline_cites(content, out),
            Block::List { items, .. } => {
                for i in items {
                    inline_cites(i, out);
                }
            }
        }
    }
}

fn inline_cites<'a>(items: &'a mut [Inline], out: &mut Vec<&'a mut Inline>) {
    for i in items {
        match i {
            Inline::Cite { .. } => out.push(i),
            Inline::Emph { content }
            | Inline::Strong { content }
            | Inline::Inserted { content }
            | Inline::Deleted { content }
            | Inline::Link { content, .. } => inline_cites(content, out),
            Inline::Text { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rich::Shown;

    #[test]
    fn note_marks_follow_the_word_and_its_punctuation() {
        let text = |t: &str| Inline::Text { text: t.into() };
        let note = Inline::Cite {
            refs: Vec::new(),
            shown: Some(Shown {
                note: true,
                content: Vec::new(),
            }),
            prose: false,
        };
        let mut list = vec![text("since 2020 "), note.clone(), text(". Then")];
        place_marks(&mut list);
        assert_eq!(list, vec![text("since 2020."), note.clone(), text(" Then")]);
        let mut list = vec![note.clone(), text(", and")];
        place_marks(&mut list);
        assert_eq!(list, vec![text(","), note, text(" and")]);
    }
}
