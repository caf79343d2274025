//! The rules of a brief: ids, citations, links, dates, the template and the limits of the format.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::*;

/// The rules of one brief against the format and its workspace.
pub(super) fn brief(b: &Brief, ws: &Workspace, out: &mut Vec<Diagnostic>) {
    head(b, ws, out);
    limits(b, ws, out);
    // Ids are unique within the brief: evidence items and asks share one namespace.
    let item_ids = b
        .evidence
        .iter()
        .filter_map(|e| e.id.as_ref())
        .chain(b.asks.iter().filter_map(|a| a.id.as_ref()));
    ids(item_ids.map(|id| (&b.file, id)), "item", out);
    ids(
        b.citations.iter().map(|c| (&b.file, &c.id)),
        "citation",
        out,
    );

    let used = sources(b, ws, out);
    definitions(b, ws, &used, out);
    asks(b, out);
}

/// The title, the language, the template and the key messages.
fn head(b: &Brief, ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let file = &b.file;
    let at = |p: Problem, span: Range<usize>| Diagnostic::at(p, file, span);

    if let Some(title) = &b.title {
        let len = title.value.chars().count();
        if len > TITLE_LIMIT {
            out.push(at(
                Problem::TitleTooLong {
                    len,
                    limit: TITLE_LIMIT,
                },
                title.span.clone(),
            ));
        }
    }
    if !is_language_tag(&b.language.value) {
        out.push(at(
            Problem::BadLanguage {
                tag: b.language.value.clone(),
            },
            b.language.span.clone(),
        ));
    }
    if let Template::Custom(t) = &b.template {
        check_path(ws, file, "template", t, out);
    }
    if let Some(p) = &b.position {
        for km in &p.key_messages {
            if km.markup.plain_text().trim().is_empty() {
                out.push(at(
                    Problem::EmptyValue {
                        key: crate::model::texts::TextId::KeyMessages.name().into(),
                    },
                    km.span.clone(),
                ));
            }
        }
        if p.key_messages.len() > 5 {
            out.push(at(
                Problem::TooManyKeyMessages {
                    count: p.key_messages.len(),
                },
                p.key_messages[5].span.clone(),
            ));
        }
    }
}

/// The limits that keep a build within seconds, and a brief's findings and asks there at all.
fn limits(b: &Brief, ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let file = &b.file;
    let at = |p: Problem, span: Range<usize>| Diagnostic::at(p, file, span);
    // Layout time grows faster than the text.
    for text in b.markup_texts() {
        text_rules(text, file, out);
    }
    for s in crate::load::translation::source_texts(b, &ws.stats) {
        line_rules(s.key.id, &s.text, &s.span, file, out);
    }
    let total: usize = b
        .markup_texts()
        .iter()
        .map(|t| t.markup.plain_text().chars().count())
        .sum();
    total_text(b, total, out);
    let spans: [(Vec<Range<usize>>, &str); 2] = [
        (
            b.evidence.iter().map(|e| e.span.clone()).collect(),
            "evidence",
        ),
        (b.asks.iter().map(|a| a.span.clone()).collect(), "ask"),
    ];
    for (items, table) in spans {
        // Pointing at the first item over the limit.
        if let Some(first_over) = items.get(ITEM_LIMIT) {
            let problem = Problem::TooManyItems {
                table,
                count: items.len(),
                limit: ITEM_LIMIT,
            };
            out.push(at(problem, first_over.clone()));
        }
    }
    for ((items, table), span) in [(b.evidence.len(), "evidence"), (b.asks.len(), "ask")]
        .into_iter()
        .zip(&b.list_spans)
    {
        if items == 0 {
            // At an empty `evidence = []` if there is one, else at the top of the file.
            let span = span.clone().unwrap_or_else(|| b.top_span.clone());
            out.push(at(Problem::NoItems { table }, span));
        }
    }
}

/// Every source a brief cites resolves, and every finding cites one; the keys used.
fn sources(b: &Brief, ws: &Workspace, out: &mut Vec<Diagnostic>) -> HashSet<String> {
    let file = &b.file;
    let at = |p: Problem, span: Range<usize>| Diagnostic::at(p, file, span);
    let keys = known_keys(Some(b), ws);
    let mut used: HashSet<String> = HashSet::new();
    let resolve =
        |key: &str, span: &Range<usize>, used: &mut HashSet<String>, out: &mut Vec<Diagnostic>| {
            used.insert(key.to_string());
            if !keys.contains(key) {
                let suggestion = suggest(key, keys.iter().copied());
                out.push(at(
                    Problem::UnknownCitation {
                        key: key.into(),
                        suggestion,
                    },
                    span.clone(),
                ));
            }
        };
    // Formatting takes about a millisecond per source, and a group of hundreds cannot be read:
    // both are bounded, each said once, where it first goes over.
    let mut over_sources = None;
    for text in b.markup_texts() {
        for group in text.markup.citation_groups() {
            if group.len() > CITE_GROUP_LIMIT {
                let span = group[0].span.start..group[group.len() - 1].span.end;
                let problem = Problem::TooManyCited {
                    what: "sources in one citation",
                    count: group.len(),
                    limit: CITE_GROUP_LIMIT,
                };
                out.push(at(problem, span));
            }
            for cite in group {
                resolve(&cite.key, &cite.span, &mut used, out);
                if used.len() > CITED_LIMIT && over_sources.is_none() {
                    over_sources = Some(cite.span.clone());
                }
            }
        }
    }
    let stats: HashMap<&str, &Stat> = ws.stats.iter().map(|s| (s.id.value.as_str(), s)).collect();
    for e in &b.evidence {
        if let Some(c) = &e.chart {
            chart(c, &b.file, out);
        }
        for s in &e.sources {
            resolve(&s.value, &s.span, &mut used, out);
            if used.len() > CITED_LIMIT && over_sources.is_none() {
                over_sources = Some(s.span.clone());
            }
        }
        let mut supported = !e.sources.is_empty()
            || [&e.claim, &e.detail]
                .iter()
                .any(|t| t.as_ref().is_some_and(|t| !t.markup.citations().is_empty()));
        if let Some(StatRef::Library(id)) = &e.stat {
            match stats.get(id.value.as_str()) {
                Some(stat) => {
                    if let Some(src) = &stat.source {
                        used.insert(src.value.clone());
                        supported = true;
                    }
                }
                None => {
                    let suggestion = suggest(&id.value, stats.keys().copied());
                    out.push(at(
                        Problem::UnknownStat {
                            id: id.value.clone(),
                            suggestion,
                        },
                        id.span.clone(),
                    ));
                    // Do not also claim it is unsupported: the figure may carry the source.
                    supported = true;
                }
            }
        }
        if !supported {
            let (id, span) = match &e.id {
                Some(id) => (id.value.clone(), id.span.clone()),
                None => (String::new(), e.span.clone()),
            };
            out.push(at(Problem::Unsupported { id }, span));
        }
    }
    if let Some(span) = over_sources {
        let problem = Problem::TooManyCited {
            what: "sources cited by one brief",
            count: used.len(),
            limit: CITED_LIMIT,
        };
        out.push(at(problem, span));
    }
    used
}

/// The brief's own sources: well formed, used, and the same as the library's of their key.
fn definitions(b: &Brief, ws: &Workspace, used: &HashSet<String>, out: &mut Vec<Diagnostic>) {
    let file = &b.file;
    let at = |p: Problem, span: Range<usize>| Diagnostic::at(p, file, span);
    for c in &b.citations {
        citation_fields(c, out);
        if !used.contains(&c.id.value) {
            out.push(at(
                Problem::UnusedCitation {
                    key: c.id.value.clone(),
                },
                c.id.span.clone(),
            ));
        }
        if let Some(lib) = ws.citations.iter().find(|l| l.id.value == c.id.value) {
            let differ = c.differing_fields(lib);
            if !differ.is_empty() {
                let other = place(lib);
                out.push(at(
                    Problem::CitationConflict {
                        key: c.id.value.clone(),
                        fields: differ,
                        other,
                    },
                    c.id.span.clone(),
                ));
            }
        }
    }
}

/// Each ask's findings exist and its deadline is not before the brief.
fn asks(b: &Brief, out: &mut Vec<Diagnostic>) {
    let file = &b.file;
    let at = |p: Problem, span: Range<usize>| Diagnostic::at(p, file, span);
    let evidence_ids: Vec<&str> = b
        .evidence
        .iter()
        .filter_map(|e| e.id.as_ref())
        .map(|i| i.value.as_str())
        .collect();
    for a in &b.asks {
        for id in &a.evidence {
            if !evidence_ids.contains(&id.value.as_str()) {
                let suggestion = suggest(&id.value, evidence_ids.iter().copied());
                out.push(at(
                    Problem::UnknownEvidence {
                        id: id.value.clone(),
                        suggestion,
                    },
                    id.span.clone(),
                ));
            }
        }
        if let (Some(by), Some(date)) = (&a.by, &b.date) {
            if by.value < date.value {
                out.push(at(
                    Problem::DeadlineBeforeDate {
                        by: by.value.to_string(),
                        date: date.value.to_string(),
                    },
                    by.span.clone(),
                ));
            }
        }
    }
}

/// The largest size of a chart value: a trillion times a million, beyond any budget or count a
/// brief plots, and within what an axis prints digit for digit.
pub const MAX_CHART_VALUE: f64 = 1e15;

/// The most points a chart of each kind can show legibly on a page a third as wide as it is tall.
pub const MAX_BARS: usize = 24;
pub const MAX_LINE_POINTS: usize = 60;

/// A chart's numbers: as many values as labels in every series, at least two points, finite
/// values, not too many points, each label once, a highlight that is one of them.
fn chart(c: &Chart, file: &Arc<SourceFile>, out: &mut Vec<Diagnostic>) {
    let at = |p: Problem, span: &Range<usize>| Diagnostic::at(p, file, span.clone());
    let points = c.labels.len();
    let named = c.series.len() > 1;
    for s in &c.series {
        if s.values.len() != points {
            out.push(at(
                Problem::ChartLengths {
                    labels: points,
                    values: s.values.len(),
                    series: s.name.clone().filter(|_| named),
                },
                &s.span,
            ));
        }
        // A value a data brief's row gives is read with the row (B121, B122).
        let given = |i: usize| s.placeholders.iter().any(|(p, _)| *p == i);
        let values = s.values.iter().enumerate().filter(|(i, _)| !given(*i));
        for (_, v) in values.filter(|(_, v)| !v.value.is_finite()) {
            let value = if v.value.is_nan() {
                "nan".to_string()
            } else if v.value > 0.0 {
                "inf".to_string()
            } else {
                "-inf".to_string()
            };
            out.push(at(Problem::ChartNotFinite { value }, &v.span));
        }
        // Beyond this, axis ticks and labels print as "inf" or lose their digits.
        for v in s
            .values
            .iter()
            .filter(|v| v.value.is_finite() && v.value.abs() > MAX_CHART_VALUE)
        {
            let problem = Problem::ChartOutOfRange {
                value: file
                    .text
                    .get(v.span.clone())
                    .unwrap_or_default()
                    .to_string(),
            };
            out.push(at(problem, &v.span));
        }
    }
    if points < 2 {
        out.push(at(Problem::ChartTooFew { points }, &c.labels_span));
    }
    let (limit, kind) = match c.kind {
        ChartType::Bar => (MAX_BARS, "bar"),
        ChartType::Line => (MAX_LINE_POINTS, "line"),
    };
    if points > limit {
        out.push(at(
            Problem::ChartTooMany {
                points,
                limit,
                kind,
            },
            &c.labels_span,
        ));
    }
    let mut seen = HashSet::new();
    for l in &c.labels {
        let len = l.value.chars().count();
        if len > CHART_LABEL_SHOWN {
            let problem = Problem::LongChartLabel {
                len,
                limit: CHART_LABEL_SHOWN,
            };
            out.push(at(problem, &l.span));
        }
        if !seen.insert(l.value.as_str()) {
            out.push(at(
                Problem::ChartDuplicateLabel {
                    label: l.value.clone(),
                },
                &l.span,
            ));
        }
    }
    if let Some(h) = &c.highlight {
        if !c.labels.iter().any(|l| l.value == h.value) {
            let suggestion = suggest(&h.value, c.labels.iter().map(|l| l.value.as_str()));
            out.push(at(
                Problem::ChartHighlight {
                    label: h.value.clone(),
                    suggestion,
                },
                &h.span,
            ));
        }
    }
}
