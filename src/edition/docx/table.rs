//! A table: a header row that repeats on every page (Word's checker asks for one), the caption
//! as the table's title for assistive technology, and fixed column widths.

use std::fmt::Write;

use super::body::Doc;
use super::xml::{self, para, run, Look};

/// A table of `rows` (each cell one or more paragraphs, written) under `head` (plain words),
/// columns `widths` twentieths of a point wide.
pub fn write(doc: &mut Doc, caption: &str, widths: &[u32], head: &[String], rows: &[Vec<String>]) {
    write_marked(doc, caption, widths, head, rows, &[]);
}

/// [`write`], each row with its mark (a redline's `<w:ins …/>` for a row added) where given.
pub fn write_marked(
    doc: &mut Doc,
    caption: &str,
    widths: &[u32],
    head: &[String],
    rows: &[Vec<String>],
    marks: &[String],
) {
    let out = &mut doc.body;
    let _ = write!(
        out,
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"{}\" w:type=\"dxa\"/>\
         <w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"0020\" w:firstRow=\"1\" w:lastRow=\"0\" \
         w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/>\
         <w:tblCaption w:val=\"{}\"/></w:tblPr><w:tblGrid>",
        widths.iter().sum::<u32>(),
        xml::attr(caption)
    );
    for w in widths {
        let _ = write!(out, "<w:gridCol w:w=\"{w}\"/>");
    }
    out.push_str("</w:tblGrid>");
    // The header row: repeated on each page, never split.
    out.push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
    let bold = Look {
        bold: true,
        ..Look::default()
    };
    for (w, h) in widths.iter().zip(head) {
        let mut runs = String::new();
        run(&mut runs, h, bold);
        let mut p = String::new();
        para(&mut p, "TableText", &runs);
        cell(out, *w, &p, true);
    }
    out.push_str("</w:tr>");
    for (i, row) in rows.iter().enumerate() {
        let mark = marks.get(i).map_or("", String::as_str);
        let _ = write!(out, "<w:tr><w:trPr><w:cantSplit/>{mark}</w:trPr>");
        for (w, c) in widths.iter().zip(row) {
            cell(out, *w, c, false);
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    // A table must be followed by a paragraph before the next table or the section's end.
    para(out, "Normal", "");
}

/// One cell; a header cell shaded lightly. A cell holds at least one paragraph.
fn cell(out: &mut String, width: u32, paragraphs: &str, header: bool) {
    let shade = if header {
        "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F4F5F6\"/>"
    } else {
        ""
    };
    let _ = write!(
        out,
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>{shade}</w:tcPr>{}</w:tc>",
        if paragraphs.is_empty() {
            "<w:p/>"
        } else {
            paragraphs
        }
    );
}
