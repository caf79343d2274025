//! A chart on the page: inline SVG drawn from the chart's template data, its shapes classed so
//! the page's stylesheet colours them.

use std::fmt::Write;

use super::escape;

/// The drawing's widths, in SVG units: one for a column as wide as a desktop page's, one for a
/// phone's. Text is drawn at 13 units, so each shows it at 11 px or more where the stylesheet
/// shows it (the wide one from a 560 px column, the narrow one below).
const WIDE: f64 = 640.0;
const NARROW: f64 = 340.0;
/// The drawing's height, in SVG units.
const H: f64 = 220.0;
/// Room above the plot for the values over the bars, and below for the labels.
const TOP: f64 = 18.0;
const BOTTOM: f64 = 24.0;
/// The width of a label's character, about, in SVG units (13px Inter, as the stylesheet sets it).
const LABEL_CHAR_WIDTH: f64 = 7.4;

/// A chart as the page receives it (the fields of `render::chart::ChartData` it draws).
#[derive(serde::Deserialize)]
pub(super) struct WebChart {
    kind: String,
    alt: String,
    labels: Vec<String>,
    series: Vec<WebSeries>,
    highlight: Option<usize>,
    low: f64,
    high: f64,
    scale: [String; 2],
}

#[derive(serde::Deserialize)]
struct WebSeries {
    shown: Vec<String>,
    at: Vec<f64>,
}

/// Where a chart's parts go on the drawing.
struct Frame {
    /// The width given to each label.
    slot: f64,
    /// Where zero lies between the lowest and highest values, as a fraction.
    zero: f64,
    /// Every how many labels one is printed, so they do not overlap.
    step: usize,
    /// How many labels there are.
    labels: usize,
    /// The label picked out, if any.
    highlight: Option<usize>,
}

impl Frame {
    fn of(c: &WebChart, w: f64) -> Frame {
        let n = c.labels.len().max(1) as f64;
        let slot = w / n;
        let span = (c.high - c.low).max(f64::MIN_POSITIVE);
        Frame {
            slot,
            zero: if c.low < 0.0 { -c.low / span } else { 0.0 },
            step: (34.0 / slot).ceil().max(1.0) as usize,
            labels: c.labels.len(),
            highlight: c.highlight,
        }
    }

    /// The height on the drawing of a value placed at fraction `a` of the range.
    fn y(&self, a: f64) -> f64 {
        let plot = H - TOP - BOTTOM;
        TOP + plot * (1.0 - a)
    }

    /// Whether label `i` is printed: every `step`th, the last and the one picked out.
    fn shows(&self, i: usize) -> bool {
        i % self.step == 0 || i + 1 == self.labels || self.highlight == Some(i)
    }
}

/// The chart as inline SVG, drawn twice: for a wide column and for a phone's, the stylesheet
/// showing one (a drawing scaled down to a phone made its text 6 px tall). Each is an image with
/// the chart's text alternative as its name (the values are in the data table beside it),
/// coloured by the page's stylesheet.
pub(super) fn svg(c: &WebChart) -> String {
    drawing(c, WIDE, "wide") + &drawing(c, NARROW, "narrow")
}

/// The wide drawing on its own, for a picture (the Word edition's): coloured by a stylesheet
/// of its own with the page's colours, `accent` and `accent_ink` as `#rrggbb`.
pub(super) fn picture(c: &WebChart, accent: &str, accent_ink: &str) -> String {
    let dim = mix_with_white(accent, 0.78);
    let style = format!(
        "<style>.bar{{fill:{accent}}}.bar.dim{{fill:{dim}}}.bar.hl{{fill:{accent_ink}}}\
         .line{{fill:none;stroke:{accent};stroke-width:2.5;stroke-linejoin:round}}.dot{{fill:{accent}}}\
         .s1{{fill:#5b6770}}.line.s1{{stroke:#5b6770;fill:none}}.s2{{fill:#a0522d}}.line.s2{{stroke:#a0522d;fill:none}}\
         .s3{{fill:#2e7d57}}.line.s3{{stroke:#2e7d57;fill:none}}.dot.hl{{fill:{accent_ink}}}\
         .axis{{stroke:#4a4a4a;stroke-width:1}}.grid{{stroke:#c8c8c8;stroke-width:1;stroke-dasharray:2 3}}\
         text{{font-family:Inter;font-size:13px;fill:#1b1b1b}}.label{{fill:#4a4a4a}}.hl{{font-weight:700}}</style>"
    );
    let svg = drawing(c, WIDE, "wide");
    match svg.find('>') {
        Some(at) => format!("{}{style}{}", &svg[..=at], &svg[at + 1..]),
        None => svg,
    }
}

/// A `#rrggbb` colour mixed with white, `share` of it kept (CSS `color-mix`, which the
/// picture's renderer does not read).
fn mix_with_white(hex: &str, share: f64) -> String {
    let h = hex.trim_start_matches('#');
    let channel = |i: usize| {
        let v = h
            .get(i..i + 2)
            .and_then(|c| u8::from_str_radix(c, 16).ok())
            .unwrap_or(0);
        (f64::from(v) * share + 255.0 * (1.0 - share)).round() as u8
    };
    format!("#{:02x}{:02x}{:02x}", channel(0), channel(2), channel(4))
}

/// One drawing of the chart, `w` units wide.
fn drawing(c: &WebChart, w: f64, class: &str) -> String {
    let f = Frame::of(c, w);
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"chart-svg {class}\" viewBox=\"0 0 {w} {H}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
        escape(&c.alt)
    );
    let multi = c.series.len() > 1;
    for j in 0..c.series.len() {
        let class = if multi {
            format!("s{}", j % 4)
        } else {
            "s0".into()
        };
        if c.kind == "bar" {
            bars(&mut out, &f, c, j, &class);
        } else {
            line(&mut out, &f, c, j, &class);
        }
    }
    // A line chart's scale: its top, dotted and labelled with its value, over the baseline.
    if c.kind == "line" {
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"0\" x2=\"{w}\" y1=\"{0:.1}\" y2=\"{0:.1}\"/>\
             <text class=\"label\" x=\"0\" y=\"{1:.1}\">{2}</text>",
            f.y(1.0),
            f.y(1.0) - 4.0,
            escape(&c.scale[1])
        );
    }
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"0\" x2=\"{w}\" y1=\"{0:.1}\" y2=\"{0:.1}\"/>",
        f.y(f.zero)
    );
    // A label is one line of the drawing: cut to the room of its slot (and the empty slots
    // beside it), the whole in its tooltip.
    let room = ((f.slot * f.step as f64 / LABEL_CHAR_WIDTH) as usize).max(4);
    for (i, l) in c.labels.iter().enumerate().filter(|(i, _)| f.shows(*i)) {
        let shown = crate::limits::cut_label(l, room);
        let title = if shown == *l {
            String::new()
        } else {
            format!("<title>{}</title>", escape(l))
        };
        let _ = write!(
            out,
            "<text class=\"label{}\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{title}{}</text>",
            if c.highlight == Some(i) { " hl" } else { "" },
            f.slot * i as f64 + f.slot / 2.0,
            H - 6.0,
            escape(&shown)
        );
    }
    out.push_str("</svg>");
    out
}

/// The bars of series `j`, side by side with the other series' in each label's slot, with their
/// values above them where there is room.
fn bars(out: &mut String, f: &Frame, c: &WebChart, j: usize, class: &str) {
    let s = &c.series[j];
    let k = c.series.len().max(1) as f64;
    let multi = c.series.len() > 1;
    let bw = f.slot * 0.72 / k;
    for (i, a) in s.at.iter().enumerate() {
        let x = f.slot * i as f64 + f.slot * 0.14 + bw * j as f64;
        let (y0, y1) = (f.y(f.zero), f.y(*a));
        let hl = !multi && c.highlight == Some(i);
        let dim = !multi && c.highlight.is_some() && !hl;
        let cls = if hl {
            "bar hl"
        } else if dim {
            "bar dim"
        } else {
            "bar"
        };
        let _ = write!(
            out,
            "<rect class=\"{cls} {class}\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"{:.1}\"/>",
            y0.min(y1),
            (y0 - y1).abs().max(0.8)
        );
        if bw >= 22.0 || (f.shows(i) && !multi) {
            let _ = write!(
                out,
                "<text class=\"value{}\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                if hl { " hl" } else { "" },
                x + bw / 2.0,
                y0.min(y1) - 4.0,
                escape(s.shown.get(i).map(String::as_str).unwrap_or_default())
            );
        }
    }
}

/// Series `j` as a line through a dot at each label, with the values of the ends, of the dot
/// picked out, and of every dot when there are few.
fn line(out: &mut String, f: &Frame, c: &WebChart, j: usize, class: &str) {
    let s = &c.series[j];
    let multi = c.series.len() > 1;
    let pts: Vec<(f64, f64)> =
        s.at.iter()
            .enumerate()
            .map(|(i, a)| (f.slot * i as f64 + f.slot / 2.0, f.y(*a)))
            .collect();
    let d: Vec<String> = pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
    let _ = write!(
        out,
        "<polyline class=\"line {class}\" points=\"{}\"/>",
        d.join(" ")
    );
    for (i, (px, py)) in pts.iter().enumerate() {
        let hl = c.highlight == Some(i);
        let _ = write!(
            out,
            "<circle class=\"dot {class}{}\" cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"{}\"/>",
            if hl { " hl" } else { "" },
            if hl { 5 } else { 3 }
        );
        if i == 0 || i + 1 == pts.len() || hl || (pts.len() <= 8 && !multi) {
            let _ = write!(
                out,
                "<text class=\"value{}\" x=\"{px:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                if hl { " hl" } else { "" },
                py - 8.0,
                escape(s.shown.get(i).map(String::as_str).unwrap_or_default())
            );
        }
    }
}
