//! A chart as templates receive it: the numbers, each also written out in the brief's language
//! ("7,100"; "7 100" in French), where it sits on the scale, and a text alternative drafted from
//! the data when the brief gives none ("Bar chart of households waiting for supportive housing,
//! 2020 to 2024: rose from 7,100 to 14,300 households.").

use serde::Serialize;

use super::Words;
use crate::markup::Inline;
use crate::model::{Chart, ChartType};

/// `[evidence.chart]`, ready to draw.
#[derive(Debug, Clone, Serialize)]
pub struct ChartData {
    pub kind: ChartType,
    /// The takeaway title.
    pub title: String,
    pub unit: Option<String>,
    pub labels: Vec<String>,
    pub series: Vec<SeriesData>,
    /// The index of the highlighted label.
    pub highlight: Option<usize>,
    /// The scale: from `low` (0, unless a value is below it) to `high` (the largest value).
    pub low: f64,
    pub high: f64,
    /// `low` and `high` written in the brief's language: a line chart's axis labels.
    pub scale: [String; 2],
    /// The brief's text alternative, else one drafted from the data.
    pub alt: String,
    /// "Source: " and the item's sources cited, as inlines (the citation formatted like any).
    pub source: Vec<Inline>,
}

/// One series.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesData {
    pub name: Option<String>,
    pub values: Vec<f64>,
    /// Each value written out in the brief's language.
    pub shown: Vec<String>,
    /// Each value's place on the scale, from 0 (low) to 1 (high).
    pub at: Vec<f64>,
}

/// The chart of an evidence item whose sources are `keys`, in the brief's language.
pub fn data(c: &Chart, keys: &[String], tag: &str, words: &Words) -> ChartData {
    let all = c
        .series
        .iter()
        .flat_map(|s| s.values.iter().map(|v| v.value))
        .filter(|v| v.is_finite());
    let (mut low, mut high) = (0.0f64, 0.0f64);
    for v in all {
        low = low.min(v);
        high = high.max(v);
    }
    if high <= low {
        high = low + 1.0;
    }
    let series: Vec<SeriesData> = c
        .series
        .iter()
        .map(|s| SeriesData {
            name: s.name.clone(),
            values: s.values.iter().map(|v| v.value).collect(),
            shown: s.values.iter().map(|v| number(v.value, tag)).collect(),
            at: s
                .values
                .iter()
                .map(|v| ((v.value - low) / (high - low)).clamp(0.0, 1.0))
                .collect(),
        })
        .collect();
    let labels: Vec<String> = c.labels.iter().map(|l| l.value.clone()).collect();
    let alt = c.alt.clone().unwrap_or_else(|| {
        drafted(
            c.kind,
            &c.title.value,
            c.unit.as_deref(),
            &labels,
            &series,
            words,
        )
    });
    let mut source = Vec::new();
    if !keys.is_empty() {
        source.push(Inline::Text {
            text: format!("{}{}", words.word("source"), words.word("colon")),
        });
        source.push(super::cite_of(keys, true));
    }
    ChartData {
        kind: c.kind,
        title: c.title.value.clone(),
        unit: c.unit.clone(),
        highlight: c
            .highlight
            .as_ref()
            .and_then(|h| labels.iter().position(|l| *l == h.value)),
        // The alternative text has them whole; the chart prints what fits under a point.
        labels: labels
            .iter()
            .map(|l| crate::limits::chart_label(l))
            .collect(),
        series,
        low,
        high,
        scale: [number(low, tag), number(high, tag)],
        alt,
        source,
    }
}

/// The text alternative: the kind of chart and its measure, the span of labels, and per series
/// the direction from the first value to the last (with the highest and lowest when they are
/// elsewhere), in the words of the brief's language.
fn drafted(
    kind: ChartType,
    title: &str,
    unit: Option<&str>,
    labels: &[String],
    series: &[SeriesData],
    words: &Words,
) -> String {
    let fill = |name: &str, pairs: &[(&str, &str)]| {
        let mut s = words.word(name).to_string();
        for (k, v) in pairs {
            s = s.replace(&format!("{{{k}}}"), v);
        }
        s
    };
    let measure = lower_first(title.trim_end_matches('.'));
    let head = match kind {
        ChartType::Bar => fill("chart-bar", &[("title", &measure)]),
        ChartType::Line => fill("chart-line", &[("title", &measure)]),
    };
    let (Some(first), Some(last)) = (labels.first(), labels.last()) else {
        return format!("{head}.");
    };
    let span = fill("chart-span", &[("first", first), ("last", last)]);
    let with_unit = |v: &str| match unit {
        Some(u) => format!("{v} {u}"),
        None => v.to_string(),
    };
    let parts: Vec<String> = series
        .iter()
        .filter(|s| !s.values.is_empty())
        .map(|s| {
            let n = s.values.len() - 1;
            let (a, b) = (s.values[0], s.values[n]);
            let (fa, fb) = (s.shown[0].as_str(), with_unit(&s.shown[n]));
            let trend = if b > a {
                fill("chart-rose", &[("first", fa), ("last", &fb)])
            } else if b < a {
                fill("chart-fell", &[("first", fa), ("last", &fb)])
            } else {
                fill("chart-stayed", &[("first", &with_unit(fa))])
            };
            let hi = (0..=n)
                .max_by(|&i, &j| s.values[i].total_cmp(&s.values[j]))
                .unwrap_or(0);
            let lo = (0..=n)
                .min_by(|&i, &j| s.values[i].total_cmp(&s.values[j]))
                .unwrap_or(0);
            let extremes = if [0, n].contains(&hi) && [0, n].contains(&lo) {
                String::new()
            } else {
                let label = |i: usize| labels.get(i).map(String::as_str).unwrap_or_default();
                format!(
                    "; {}",
                    fill(
                        "chart-extremes",
                        &[
                            ("high", &s.shown[hi]),
                            ("high-label", label(hi)),
                            ("low", &s.shown[lo]),
                            ("low-label", label(lo)),
                        ],
                    )
                )
            };
            match &s.name {
                Some(name) if series.len() > 1 => format!("{name} {trend}{extremes}"),
                _ => format!("{trend}{extremes}"),
            }
        })
        .collect();
    format!("{head}, {span} {}.", parts.join("; "))
}

/// "Households waiting" → "households waiting", but "NCMEC reports" stays as written.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(s.chars().skip(1)).collect()
        }
        _ => s.to_string(),
    }
}

/// A number as the brief's language writes it: digits grouped in threes (`,` in English, a
/// narrow no-break space in French, `.` in German and most of Europe), at most two decimals.
pub fn number(v: f64, tag: &str) -> String {
    let lang = tag.split('-').next().unwrap_or("en").to_lowercase();
    let (group, decimal) = match lang.as_str() {
        "fr" | "nb" | "no" | "sv" | "fi" | "cs" | "sk" | "pl" | "ru" | "uk" => ("\u{202f}", ","),
        "de" | "nl" | "it" | "es" | "pt" | "da" | "id" | "tr" | "el" => (".", ","),
        _ => (",", "."),
    };
    let rounded = (v * 100.0).round() / 100.0;
    let negative = rounded < 0.0;
    let text = format!("{:.2}", rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let frac = frac.trim_end_matches('0');
    // English groups from 1,000; French and German style guides from 10 000.
    let from = if group == "," { 4 } else { 5 };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 && int.len() >= from {
            grouped.push_str(group);
        }
        grouped.push(c);
    }
    let sign = if negative { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{decimal}{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_each_language() {
        assert_eq!(number(7100.0, "en"), "7,100");
        assert_eq!(number(14300.0, "en-CA"), "14,300");
        assert_eq!(number(1234567.0, "en"), "1,234,567");
        assert_eq!(number(74.4, "en"), "74.4");
        assert_eq!(number(0.125, "en"), "0.13");
        assert_eq!(number(-2500.5, "en"), "-2,500.5");
        assert_eq!(number(14300.0, "fr-CA"), "14\u{202f}300");
        assert_eq!(number(7100.0, "fr"), "7100");
        assert_eq!(number(74.4, "fr"), "74,4");
        assert_eq!(number(1234567.0, "de"), "1.234.567");
        assert_eq!(number(12.0, "en"), "12");
    }

    #[test]
    fn the_title_is_lowered_unless_it_opens_with_an_acronym() {
        assert_eq!(lower_first("Households waiting"), "households waiting");
        assert_eq!(lower_first("NCMEC reports"), "NCMEC reports");
    }
}

#[cfg(test)]
mod alt_tests {
    use super::*;

    fn series(name: Option<&str>, values: &[f64]) -> SeriesData {
        SeriesData {
            name: name.map(String::from),
            values: values.to_vec(),
            shown: values.iter().map(|v| number(*v, "en")).collect(),
            at: vec![0.0; values.len()],
        }
    }

    fn english() -> Words {
        let ws = crate::model::Workspace::defaults(std::path::PathBuf::from("."));
        Words::for_language("en", &ws).0
    }

    #[test]
    fn the_drafted_alternative_names_the_measure_the_span_the_direction_and_the_extremes() {
        let labels: Vec<String> = ["2020", "2021", "2022", "2023"].map(String::from).to_vec();
        let w = english();
        assert_eq!(
            drafted(
                ChartType::Bar,
                "Households waiting",
                Some("households"),
                &labels,
                &[series(None, &[7100.0, 9000.0, 8000.0, 14300.0])],
                &w
            ),
            "Bar chart of households waiting, 2020 to 2023: rose from 7,100 to 14,300 households."
        );
        assert_eq!(
            drafted(ChartType::Line, "Calls answered", None, &labels, &[series(None, &[50.0, 80.0, 20.0, 40.0])], &w),
            "Line chart of calls answered, 2020 to 2023: fell from 50 to 40; highest 80 (2021), lowest 20 (2022)."
        );
        assert_eq!(
            drafted(
                ChartType::Line,
                "Shelter stays",
                Some("nights"),
                &labels,
                &[series(Some("Families"), &[41.0, 50.0, 60.0, 96.0]), series(Some("Adults"), &[22.0, 22.0, 22.0, 22.0])],
                &w
            ),
            "Line chart of shelter stays, 2020 to 2023: Families rose from 41 to 96 nights; Adults stayed at 22 nights."
        );
    }
}
