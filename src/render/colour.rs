//! The accent colour's shades: visible on white at all (rules, bullets, bars: WCAG 1.4.11, 3:1),
//! darkened for text until it meets WCAG AA on white (4.5:1), and the text colour that reads on it.

/// WCAG relative luminance of a `#rrggbb` colour.
fn luminance(hex: &str) -> f64 {
    let h = hex.trim_start_matches('#');
    let h: String = if h.len() == 3 {
        h.chars().flat_map(|c| [c, c]).collect()
    } else {
        h.to_string()
    };
    let channel = |i: usize| {
        let v = u8::from_str_radix(h.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0) as f64 / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

fn contrast(a: f64, b: f64) -> f64 {
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// The accent as rules, bullets and bars show it: as written when it stands out from white paper
/// (3:1, WCAG 1.4.11), else darkened until it does: a white or pale accent would erase them.
pub fn visible(hex: &str) -> String {
    if contrast(luminance(hex), 1.0) >= 3.0 {
        hex.to_string()
    } else {
        darken_to(hex, 3.0)
    }
}

/// The accent darkened until it reads as text on white (WCAG AA, 4.5:1).
pub fn accent_ink(hex: &str) -> String {
    darken_to(hex, 4.5)
}

/// A colour darkened in steps until its contrast with white reaches `ratio`.
fn darken_to(hex: &str, ratio: f64) -> String {
    let h = hex.trim_start_matches('#');
    let h: String = if h.len() == 3 {
        h.chars().flat_map(|c| [c, c]).collect()
    } else {
        h.to_string()
    };
    let mut rgb: Vec<f64> = (0..3)
        .map(|i| {
            u8::from_str_radix(h.get(i * 2..i * 2 + 2).unwrap_or("00"), 16).unwrap_or(0) as f64
        })
        .collect();
    for _ in 0..40 {
        let hex = format!(
            "#{:02x}{:02x}{:02x}",
            rgb[0] as u8, rgb[1] as u8, rgb[2] as u8
        );
        if contrast(luminance(&hex), 1.0) >= ratio {
            return hex;
        }
        rgb.iter_mut().for_each(|c| *c *= 0.9);
    }
    "#000000".into()
}

/// White or near-black text on the accent, whichever has the higher contrast.
pub fn on_accent(hex: &str) -> &'static str {
    let l = luminance(hex);
    if contrast(l, 1.0) >= contrast(l, luminance("#1b1b1b")) {
        "#ffffff"
    } else {
        "#1b1b1b"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pale_accent_is_darkened_where_it_would_vanish_and_a_dark_one_kept() {
        assert_eq!(visible("#1f4e79"), "#1f4e79");
        for pale in ["#ffffff", "#fff", "#ffff66", "#e0f0ff"] {
            let shown = visible(pale);
            assert!(contrast(luminance(&shown), 1.0) >= 3.0, "{pale} → {shown}");
            let ink = accent_ink(pale);
            assert!(contrast(luminance(&ink), 1.0) >= 4.5, "{pale} → {ink}");
            // Text on the shown accent still reads.
            let on = on_accent(&shown);
            assert!(
                contrast(luminance(on), luminance(&shown)) >= 4.5,
                "{pale}: {on} on {shown}"
            );
        }
        assert_eq!(on_accent("#1f4e79"), "#ffffff");
    }
}
