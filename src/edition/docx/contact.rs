//! The contact block: the organisation with its address, then the contact's name, role,
//! e-mail, phone and address, a line each.

use std::fmt::Write;

use super::body::Doc;
use super::xml::{para, run, Look};

/// The organisation and the contact.
pub fn write(doc: &mut Doc, title: &str) {
    let data = doc.data;
    let org = &data.front.organisation;
    let c = data.front.contact.as_ref();
    if c.is_none() && org.name.is_none() {
        return;
    }
    doc.plain("Heading1", title, Look::default());
    let bold = Look {
        bold: true,
        ..Look::default()
    };
    let link = Look {
        style: Some("Hyperlink"),
        ..Look::default()
    };
    if let Some(name) = &org.name {
        let mut runs = String::new();
        run(&mut runs, name, bold);
        if let Some(url) = &org.url {
            run(&mut runs, "  ·  ", Look::default());
            let mut inner = String::new();
            run(&mut inner, &crate::edition::bare_url(url), link);
            doc.hyperlink(&mut runs, url, &crate::edition::bare_url(url), &inner);
        }
        let _ = write!(doc.body, "<w:p><w:pPr><w:keepNext/></w:pPr>{runs}</w:p>");
    }
    let Some(c) = c else { return };
    // One paragraph a line: a reader moves through them as lines.
    let mut lines: Vec<String> = Vec::new();
    let mut runs = String::new();
    if let Some(name) = &c.name {
        run(&mut runs, name, bold);
        if let Some(role) = &c.role {
            run(&mut runs, &format!(", {role}"), Look::default());
        }
    } else if let Some(role) = &c.role {
        run(&mut runs, role, Look::default());
    }
    if !runs.is_empty() {
        lines.push(std::mem::take(&mut runs));
    }
    let addresses = [
        c.email.as_ref().map(|e| (format!("mailto:{e}"), e.clone())),
        c.phone
            .as_ref()
            .map(|p| (format!("tel:{}", crate::edition::tel(p)), p.clone())),
        c.url
            .as_ref()
            .filter(|u| Some(*u) != org.url.as_ref())
            .map(|u| (u.clone(), crate::edition::bare_url(u))),
    ];
    for (url, shown) in addresses.into_iter().flatten() {
        let mut inner = String::new();
        run(&mut inner, &shown, link);
        let mut runs = String::new();
        doc.hyperlink(&mut runs, &url, &shown, &inner);
        lines.push(runs);
    }
    for runs in lines {
        para(&mut doc.body, "ContactLine", &runs);
    }
}
