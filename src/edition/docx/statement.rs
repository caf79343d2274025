//! A statement's Word file, as the statement layout reads: the release line, the title, a
//! dateline leading the first paragraph, the body as prose, the quote set apart, the call to
//! action as a numbered list, an end mark, the sources and the media contact.

use super::body::{self, Doc};
use super::xml::{para, run, Look};
use crate::markup::Block;

/// The statement, written into the body.
pub fn write(doc: &mut Doc) {
    let data = doc.data;
    let statement = data.position.as_ref().and_then(|p| p.statement.as_ref());
    let kicker = data
        .label
        .clone()
        .unwrap_or_else(|| doc.word("for-immediate-release"));
    body::masthead(doc);
    body::title_block(doc, Some(kicker), statement.is_none());
    let dateline: Vec<String> = [
        data.place.as_ref().map(|p| p.to_uppercase()),
        data.front.date.as_ref().map(|d| d.display.clone()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if let Some(s) = statement {
        for (i, block) in s.blocks.iter().enumerate() {
            match block {
                Block::Para { content } if i == 0 => {
                    let mut runs = String::new();
                    if !dateline.is_empty() {
                        let bold = Look {
                            bold: true,
                            ..Look::default()
                        };
                        run(&mut runs, &format!("{} — ", dateline.join(", ")), bold);
                    }
                    doc.inlines(&mut runs, content, Look::default());
                    para(&mut doc.body, "Normal", &runs);
                }
                other => {
                    let one = crate::markup::Markup {
                        blocks: vec![other.clone()],
                    };
                    doc.markup(&one, "Normal");
                }
            }
        }
    }
    for e in &data.evidence {
        let mut runs = String::new();
        if let Some(claim) = &e.claim {
            runs.push_str(&doc.flat(claim, Look::default()));
        }
        if let Some(detail) = &e.detail {
            run(&mut runs, " ", Look::default());
            runs.push_str(&doc.flat(detail, Look::default()));
        }
        para(&mut doc.body, "Normal", &runs);
        if let Some(c) = &e.chart {
            super::chart::write(doc, c);
        }
        if let Some(q) = &e.quote {
            body::quote(doc, q);
        }
    }
    if let Some(context) = data.position.as_ref().and_then(|p| p.context.as_ref()) {
        doc.markup(context, "Normal");
    }
    if !data.asks.is_empty() {
        doc.plain("Heading1", &doc.word("what-we-ask"), Look::default());
        doc.lists.push(1);
        let num = 2 + doc.lists.len();
        for a in &data.asks {
            let mut runs = String::new();
            doc.inlines(&mut runs, &a.call, Look::default());
            if let Some(r) = &a.rationale {
                run(&mut runs, " ", Look::default());
                runs.push_str(&doc.flat(r, Look::default()));
            }
            doc.list_item(Some(num), &runs);
        }
    }
    doc.plain("EndMark", "###", Look::default());
    body::references(doc, &doc.word("sources"));
    super::contact::write(doc, &doc.word("media-contact"));
}
