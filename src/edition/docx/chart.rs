//! A chart in the Word file: its title as a caption, the drawing as a picture at print
//! resolution with the chart's text alternative (the same as the PDF's figure and the web
//! page's), a legend for several series, its source, and the numbers as a table.

use std::fmt::Write;

use super::body::Doc;
use super::xml::{para, run, Look};
use crate::render::chart::ChartData;

/// The picture's width on the page: 6 inches.
const WIDTH_EMU: u64 = 6 * super::picture::EMU_PER_INCH;
/// Pixels per drawing unit: the 640-unit drawing becomes 1,920 pixels, 320 per inch at 6 inches.
const SCALE: f32 = 3.0;

/// The chart, written into the body.
pub fn write(doc: &mut Doc, c: &ChartData) {
    let mut caption = String::new();
    run(&mut caption, &c.title, Look::default());
    if let Some(unit) = &c.unit {
        let muted = Look {
            bold: false,
            colour: Some("4A4A4A"),
            ..Look::default()
        };
        run(&mut caption, &format!(" ({unit})"), muted);
    }
    para(&mut doc.body, "Caption", &caption);
    if let Some((png, w, h)) = picture(
        c,
        &doc.data.front.style.accent,
        &doc.data.front.style.accent_ink,
    ) {
        let id = super::picture::add(doc, png, "png");
        let cx = WIDTH_EMU;
        let cy = WIDTH_EMU * u64::from(h) / u64::from(w.max(1));
        let drawing = super::picture::run(doc, &id, (cx, cy), &c.alt, "Chart");
        let _ = write!(
            doc.body,
            "<w:p><w:pPr><w:keepNext/><w:spacing w:after=\"60\"/></w:pPr>{drawing}</w:p>"
        );
    }
    if c.series.len() > 1 {
        let mut runs = String::new();
        for (i, s) in c.series.iter().enumerate() {
            if i > 0 {
                run(&mut runs, "    ", Look::default());
            }
            let colour = SERIES[i % 4];
            let key = Look {
                colour: Some(if i % 4 == 0 { "ACCENT" } else { colour }),
                ..Look::default()
            };
            run(&mut runs, "■ ", key);
            run(&mut runs, s.name.as_deref().unwrap_or(""), Look::default());
        }
        let accent = doc
            .data
            .front
            .style
            .accent
            .trim_start_matches('#')
            .to_uppercase();
        para(
            &mut doc.body,
            "ChartSource",
            &runs.replace("\"ACCENT\"", &format!("\"{accent}\"")),
        );
    }
    if !c.source.is_empty() {
        let mut runs = String::new();
        doc.inlines(&mut runs, &c.source, Look::default());
        para(&mut doc.body, "ChartSource", &runs);
    }
    numbers(doc, c);
}

/// The colours of the second to fourth series, as the web page draws them (the first is the
/// accent).
const SERIES: [&str; 4] = ["", "5B6770", "A0522D", "2E7D57"];

/// The numbers as a table: a row per label, a column per series.
fn numbers(doc: &mut Doc, c: &ChartData) {
    let multi = c.series.len() > 1;
    let columns = if multi { c.series.len() } else { 1 };
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (i, label) in c.labels.iter().enumerate() {
        let mut row = vec![cell(label, true)];
        for s in &c.series {
            row.push(cell(
                s.shown.get(i).map(String::as_str).unwrap_or(""),
                false,
            ));
        }
        rows.push(row);
    }
    let mut head = vec![String::new()];
    if multi {
        head.extend(c.series.iter().map(|s| s.name.clone().unwrap_or_default()));
    } else {
        head.push(c.unit.clone().unwrap_or_else(|| c.title.clone()));
    }
    let caption = match &c.unit {
        Some(u) => format!("{} ({u})", c.title),
        None => c.title.clone(),
    };
    let mut widths = vec![2400];
    widths.extend(std::iter::repeat_n(1600, columns));
    super::table::write(doc, &caption, &widths, &head, &rows);
}

fn cell(text: &str, bold: bool) -> String {
    let mut runs = String::new();
    run(
        &mut runs,
        text,
        Look {
            bold,
            ..Look::default()
        },
    );
    let mut p = String::new();
    para(&mut p, "TableText", &runs);
    p
}

/// The chart drawn as a PNG (and its size in pixels): the web edition's drawing of the same
/// data, coloured as the page colours it, rendered with the PDF's sans-serif face.
fn picture(c: &ChartData, accent: &str, accent_ink: &str) -> Option<(Vec<u8>, u32, u32)> {
    let svg = crate::edition::html::chart_picture(c, accent, accent_ink)?;
    let options = usvg::Options {
        fontdb: super::picture::fonts(),
        font_family: "Inter".into(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&svg, &options).ok()?;
    let size = tree.size().to_int_size().scale_by(SCALE)?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    let png = encode(&pixmap)?;
    Some((png, size.width(), size.height()))
}

/// A drawing on white as an RGB PNG, compressed fast: tiny-skia's own encoder (RGBA, default
/// compression) took 8 ms a chart, most of the Word edition's time.
fn encode(pixmap: &resvg::tiny_skia::Pixmap) -> Option<Vec<u8>> {
    // Opaque, so premultiplied is plain: the alpha channel is dropped.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().ok()?;
    writer.write_image_data(&rgb).ok()?;
    writer.finish().ok()?;
    Some(out)
}
