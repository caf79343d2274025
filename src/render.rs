//! Stage three: a checked brief becomes the data a template receives (`/.brief/data.json`). Text
//! stays data all the way: markup arrives as a tree of blocks and inlines, never as Typst code.
//! The shape of this data is the contract with custom templates (docs/templates.md).

use chrono::{Datelike, NaiveDate};
use serde_json::{json, Value};

use crate::model::*;

/// Version of the data contract; bumped when a field changes meaning.
pub const DATA_VERSION: u32 = 1;

/// The template data of a brief.
pub fn data(b: &Brief, ws: &Workspace) -> Value {
    let lang = b
        .language
        .value
        .split('-')
        .next()
        .unwrap_or("en")
        .to_lowercase();
    let lang = lang.as_str();
    let text = |t: &Option<Text>| t.as_ref().map(|t| json!(t.markup));
    let evidence_ids: Vec<&str> = b
        .evidence
        .iter()
        .map(|e| e.id.as_ref().map_or("", |i| i.value.as_str()))
        .collect();
    let evidence: Vec<Value> = b
        .evidence
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let stat = e.stat.as_ref().and_then(|s| match s {
                StatRef::Inline { value, label } => {
                    Some(json!({ "value": value, "label": label, "source": null }))
                }
                StatRef::Library(id) => ws.stat(&id.value).map(|s| {
                    json!({
                        "value": s.value,
                        "label": s.label,
                        "source": s.source.as_ref().map(|k| &k.value),
                        "as-of": s.as_of.map(|d| date_value(d, &b.language.value)),
                    })
                }),
            });
            json!({
                "id": e.id.as_ref().map(|i| &i.value),
                "number": i + 1,
                "claim": e.claim.as_ref().map(|c| cited_claim(&c.markup, &item_sources(e, ws))),
                "detail": text(&e.detail),
                "stat": stat,
                "quote": e.quote,
                "sources": e.sources.iter().map(|s| &s.value).collect::<Vec<_>>(),
            })
        })
        .collect();
    let asks: Vec<Value> = b
        .asks
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let linked: Vec<usize> = a
                .evidence
                .iter()
                .filter_map(|id| {
                    evidence_ids
                        .iter()
                        .position(|e| *e == id.value)
                        .map(|p| p + 1)
                })
                .collect();
            json!({
                "id": a.id.as_ref().map(|i| &i.value),
                "number": i + 1,
                "to": a.to.as_ref().map(|t| &t.value),
                "action": text(&a.action),
                "by": a.by.as_ref().map(|d| date_value(d.value, &b.language.value)),
                "rationale": text(&a.rationale),
                "evidence": linked,
                "call": call(i, a, lang, &b.language.value),
            })
        })
        .collect();
    let position = b.position.as_ref().map(|p| {
        json!({
            "statement": text(&p.statement),
            "key-messages": p.key_messages.iter().map(|t| &t.markup).collect::<Vec<_>>(),
            "context": text(&p.context),
        })
    });
    let bib_files = vec![format!("{}/refs.yml", crate::world::VIRTUAL_DIR)];
    let title = b.title.as_ref().map_or("", |t| t.value.as_str());
    json!({
        "version": DATA_VERSION,
        "kind": b.kind,
        "title": title,
        "short-title": short_title(title),
        "subtitle": b.subtitle,
        "label": b.label,
        "place": b.place,
        "date": b.date.as_ref().map(|d| date_value(d.value, &b.language.value)),
        "status": b.status,
        "draft": b.status == "draft",
        "language": b.language.value.split('-').next().unwrap_or("en").to_lowercase(),
        "region": b.language.value.split('-').nth(1).filter(|r| r.len() == 2).map(str::to_uppercase),
        "audience": b.audience,
        "authors": b.authors,
        "keywords": b.keywords,
        "position": position,
        "evidence": evidence,
        "asks": asks,
        "contact": b.contact.as_ref().or(ws.contact.as_ref()),
        "organisation": organisation(ws),
        "style": style(ws),
        "bibliography": bib_files,
        "description": description(b),
        "words": words(lang),
    })
}

/// Tabs have no width in type: every tab in the data becomes a space.
pub fn untab(v: &mut Value) {
    match v {
        Value::String(s) if s.contains('\t') => *s = s.replace('\t', " "),
        Value::Array(items) => items.iter_mut().for_each(untab),
        Value::Object(map) => map.values_mut().for_each(untab),
        _ => {}
    }
}

/// The organisation as templates see it; the logo as a path from the workspace root.
fn organisation(ws: &Workspace) -> Value {
    let o = &ws.organisation;
    json!({
        "name": o.name,
        "url": o.url,
        "logo": o.logo.as_ref().map(|l| format!("/{}", l.value.trim_start_matches("./"))),
        "logo-alt": o.logo_alt.clone().or_else(|| o.name.as_ref().map(|n| format!("{n} logo"))),
    })
}

/// Colours, paper and citation style.
fn style(ws: &Workspace) -> Value {
    let style = &ws.citation_style.value;
    let style = if style.ends_with(".csl") {
        format!("/{}", style.trim_start_matches("./"))
    } else {
        style.clone()
    };
    json!({
        "accent": ws.accent,
        "accent-ink": accent_ink(&ws.accent),
        "on-accent": on_accent(&ws.accent),
        "paper": ws.paper,
        "citation-style": style,
    })
}

/// A date as the template shows and stores it.
fn date_value(d: NaiveDate, language: &str) -> Value {
    let french = language.to_lowercase().starts_with("fr");
    let month = if french {
        MONTHS_FR[d.month0() as usize]
    } else {
        MONTHS[d.month0() as usize]
    };
    // American English writes the month first; everyone else the day.
    let display = if language.eq_ignore_ascii_case("en-US") {
        format!("{month} {}, {}", d.day(), d.year())
    } else {
        format!("{} {month} {}", d.day(), d.year())
    };
    json!({ "iso": d.to_string(), "year": d.year(), "month": d.month(), "day": d.day(), "display": display })
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The title cut at a natural break for the running footer.
fn short_title(title: &str) -> String {
    if title.chars().count() <= 48 {
        return title.to_string();
    }
    for sep in [": ", " — ", " – ", " - "] {
        if let Some((head, _)) = title.split_once(sep) {
            if head.chars().count() <= 48 && head.chars().count() >= 12 {
                return head.to_string();
            }
        }
    }
    let mut out = String::new();
    for word in title.split_whitespace() {
        if out.chars().count() + word.chars().count() > 44 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    format!("{}…", out.trim_end_matches([',', ';', ':']))
}

/// An ask as a sentence of a statement's call to action, deadline and full stop included.
///
/// An action written as an imperative ("Halt the rollout") reads on from the call: "We urge Meta
/// to halt the rollout by 31 March 2024." "Don't …" becomes "… not to …". Anything else (a whole
/// sentence such as "EU institutions must publish the minutes", or an action opening with a name
/// or an acronym) is kept as written after a colon, never reworded.
fn call(index: usize, a: &Ask, lang: &str, date_lang: &str) -> Vec<Inline> {
    let french = lang == "fr";
    let (urge, call_on, to_word, not_to, by_word) = if french {
        (
            "Nous exhortons ",
            "Nous appelons ",
            " à ",
            " à ne pas ",
            " d’ici le ",
        )
    } else {
        ("We urge ", "We call on ", " to ", " not to ", " by ")
    };
    let mut action: Vec<Inline> = a
        .action
        .as_ref()
        .and_then(|t| t.markup.blocks.first())
        .map(|b| match b {
            Block::Para { content } => content.clone(),
            // A list as the action reads as one run of its items, separated by semicolons.
            Block::List { items, .. } => {
                let mut joined = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        joined.push(Inline::Text { text: "; ".into() });
                    }
                    joined.extend(item.iter().cloned());
                }
                joined
            }
        })
        .unwrap_or_default();
    // The final punctuation: the sentence gets one, after the deadline.
    let mut stop = ".".to_string();
    if let Some(Inline::Text { text }) = action.last_mut() {
        let trimmed = text.trim_end();
        if let Some(last) = trimmed
            .chars()
            .last()
            .filter(|c| matches!(c, '.' | '!' | '?'))
        {
            stop = last.to_string();
            *text = trimmed[..trimmed.len() - last.len_utf8()].to_string();
        }
    }
    let plain: String = Markup {
        blocks: vec![Block::Para {
            content: action.clone(),
        }],
    }
    .plain_text();
    let words: Vec<&str> = plain.split_whitespace().collect();
    let first = words.first().copied().unwrap_or("");
    let modal = [
        "must", "should", "shall", "will", "needs", "need", "has", "have", "ought", "doit",
        "doivent", "devrait",
    ];
    let is_sentence = words
        .iter()
        .take(4)
        .skip(1)
        .any(|w| modal.contains(&w.to_lowercase().as_str()));
    let negated = ["Don't ", "Don’t ", "Do not ", "Ne pas "]
        .iter()
        .find(|n| plain.starts_with(**n));
    // "Please vote against it" asks the same as "Vote against it".
    let please = ["Please ", "Veuillez "]
        .iter()
        .find(|p| plain.starts_with(**p));
    let (first, second) = match please {
        Some(_) => (
            words.get(1).copied().unwrap_or(""),
            words.get(2).copied().unwrap_or(""),
        ),
        None => (first, words.get(1).copied().unwrap_or("")),
    };
    // Only an action that opens with a verb of command reads on after "to"; anything else is
    // quoted whole after a colon, so a sentence is never reworded into nonsense.
    let lower = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
            .to_lowercase()
    };
    let (verb_word, after) =
        if lower(first).ends_with("ly") && !IMPERATIVES.contains(&lower(first).as_str()) {
            (
                lower(second),
                words
                    .get(if please.is_some() { 3 } else { 2 })
                    .copied()
                    .unwrap_or(""),
            )
        } else {
            (lower(first), second)
        };
    let ordered = if french {
        ["er", "ir", "re"].iter().any(|e| verb_word.ends_with(e)) && verb_word.len() > 3
    } else {
        IMPERATIVES.contains(&verb_word.as_str())
    };
    let imperative = ordered
        && !first.contains(['\'', '’', ',', ':', ';'])
        && !second.contains([',', ':', ';'])
        && !after.contains(':')
        && stop != "?"
        && !is_sentence;
    if imperative {
        if let Some(p) = please {
            strip_prefix_text(&mut action, p);
        }
    }

    let verb = if index == 0 { urge } else { call_on };
    let mut out = vec![Inline::Text { text: verb.into() }];
    out.push(Inline::Text {
        text: a.to.as_ref().map(|t| t.value.clone()).unwrap_or_default(),
    });
    if let Some(neg) = negated {
        strip_prefix_text(&mut action, neg);
        lowercase_first(&mut action);
        out.push(Inline::Text {
            text: not_to.into(),
        });
    } else if imperative {
        lowercase_first(&mut action);
        out.push(Inline::Text {
            text: to_word.into(),
        });
    } else {
        out.push(Inline::Text {
            text: if french { " : ".into() } else { ": ".into() },
        });
    }
    out.extend(action);
    // A deadline the action already states ("… by June 2024") is not repeated.
    let states_deadline =
        a.by.as_ref()
            .is_some_and(|by| plain.contains(&by.value.format("%Y").to_string()));
    if let Some(by) = a.by.as_ref().filter(|_| !states_deadline) {
        let display = date_value(by.value, date_lang)["display"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        out.push(Inline::Text {
            text: format!("{by_word}{display}"),
        });
    }
    out.push(Inline::Text { text: stop });
    out
}

/// Verbs that open an action as an order ("Halt the rollout"), in their plain form.
const IMPERATIVES: &[&str] = &[
    "abolish",
    "accept",
    "act",
    "add",
    "address",
    "adopt",
    "agree",
    "allocate",
    "allow",
    "amend",
    "apologise",
    "apologize",
    "appoint",
    "approve",
    "assess",
    "audit",
    "back",
    "ban",
    "be",
    "block",
    "bring",
    "build",
    "cancel",
    "cap",
    "change",
    "check",
    "clarify",
    "close",
    "collect",
    "commission",
    "commit",
    "compensate",
    "condemn",
    "confirm",
    "consider",
    "consult",
    "continue",
    "create",
    "cut",
    "declare",
    "defend",
    "define",
    "delay",
    "deliver",
    "demand",
    "deploy",
    "design",
    "develop",
    "disclose",
    "drop",
    "enable",
    "end",
    "enforce",
    "engage",
    "ensure",
    "establish",
    "examine",
    "expand",
    "explain",
    "extend",
    "fix",
    "follow",
    "free",
    "freeze",
    "fund",
    "give",
    "grant",
    "guarantee",
    "halt",
    "help",
    "hire",
    "hold",
    "honour",
    "honor",
    "implement",
    "improve",
    "include",
    "increase",
    "inform",
    "introduce",
    "invest",
    "investigate",
    "join",
    "keep",
    "launch",
    "lead",
    "legislate",
    "lift",
    "limit",
    "listen",
    "lower",
    "maintain",
    "make",
    "mandate",
    "meet",
    "monitor",
    "move",
    "name",
    "notify",
    "offer",
    "open",
    "oppose",
    "order",
    "outlaw",
    "pass",
    "pause",
    "pay",
    "phase",
    "plan",
    "preserve",
    "prevent",
    "prioritise",
    "prioritize",
    "prohibit",
    "promote",
    "prosecute",
    "protect",
    "provide",
    "publish",
    "put",
    "raise",
    "reaffirm",
    "rebuild",
    "recall",
    "recognise",
    "recognize",
    "reconsider",
    "reduce",
    "refer",
    "reform",
    "refuse",
    "regulate",
    "reinstate",
    "reject",
    "release",
    "remember",
    "remove",
    "renew",
    "reopen",
    "repair",
    "repeal",
    "replace",
    "report",
    "require",
    "resource",
    "respect",
    "respond",
    "restore",
    "restrict",
    "return",
    "reverse",
    "review",
    "revise",
    "safeguard",
    "sanction",
    "save",
    "scale",
    "scrap",
    "secure",
    "seek",
    "set",
    "share",
    "show",
    "sign",
    "simplify",
    "speak",
    "stand",
    "start",
    "stop",
    "strengthen",
    "study",
    "submit",
    "support",
    "suspend",
    "tackle",
    "take",
    "tax",
    "tell",
    "test",
    "track",
    "train",
    "treat",
    "update",
    "uphold",
    "use",
    "vote",
    "waive",
    "widen",
    "withdraw",
    "work",
];

/// The first text of inlines (looking inside emphasis), to change it.
fn first_text(inlines: &mut [Inline]) -> Option<&mut String> {
    match inlines.first_mut()? {
        Inline::Text { text } => Some(text),
        Inline::Emph { content } | Inline::Strong { content } | Inline::Link { content, .. } => {
            first_text(content)
        }
        Inline::Cite { .. } => None,
    }
}

fn lowercase_first(inlines: &mut [Inline]) {
    if let Some(text) = first_text(inlines) {
        let mut chars = text.chars();
        if let Some(first) = chars.next() {
            *text = first.to_lowercase().chain(chars).collect();
        }
    }
}

fn strip_prefix_text(inlines: &mut [Inline], prefix: &str) {
    if let Some(text) = first_text(inlines) {
        if let Some(rest) = text.strip_prefix(prefix) {
            *text = rest.trim_start().to_string();
        }
    }
}

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

/// The accent darkened until it reads as text on white (WCAG AA, 4.5:1).
fn accent_ink(hex: &str) -> String {
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
        if contrast(luminance(&hex), 1.0) >= 4.5 {
            return hex;
        }
        rgb.iter_mut().for_each(|c| *c *= 0.9);
    }
    "#000000".into()
}

/// White or near-black text on the accent, whichever has the higher contrast.
fn on_accent(hex: &str) -> &'static str {
    let l = luminance(hex);
    if contrast(l, 1.0) >= contrast(l, luminance("#1b1b1b")) {
        "#ffffff"
    } else {
        "#1b1b1b"
    }
}

/// The PDF subject: the subtitle, else the position statement's first sentence.
fn description(b: &Brief) -> Option<String> {
    if let Some(s) = &b.subtitle {
        return Some(s.clone());
    }
    let text = b.position.as_ref()?.statement.as_ref()?.markup.plain_text();
    let first = match text.find(". ") {
        Some(i) => &text[..=i],
        None => text.as_str(),
    };
    Some(first.trim().to_string())
}

/// The words the layouts print themselves, in the brief's language (English unless a
/// translation exists; French is here because Canadian organisations publish in both).
fn words(lang: &str) -> Value {
    let fr = lang == "fr";
    let w = |en: &str, f: &str| if fr { f.to_string() } else { en.to_string() };
    json!({
        "our-position": w("Our position", "Notre position"),
        "key-messages": w("Key messages", "Messages clés"),
        "what-we-ask": w("What we ask", "Nos demandes"),
        "the-evidence": w("The evidence", "Les faits"),
        "background": w("Background", "Contexte"),
        "references": w("References", "Références"),
        "sources": w("Sources", "Sources"),
        "contact": w("Contact", "Contact"),
        "media-contact": w("Media contact", "Relations avec les médias"),
        "evidence": w("Evidence", "Faits"),
        "for": w("For", "Destinataires"),
        "by-authors": w("By", "Par"),
        "and": w("and", "et"),
        "by-date": w("By", "D’ici le"),
        "page": w("Page", "Page"),
        "of": w("of", "sur"),
        "draft": w("Draft", "Ébauche"),
        "draft-mark": w("DRAFT", "ÉBAUCHE"),
        "for-immediate-release": w("For immediate release", "Pour diffusion immédiate"),
        "briefing-pack": w("Briefing pack", "Dossier d’information"),
        "contents": w("Contents", "Sommaire"),
        "brief": w("brief", "note"),
        "briefs": w("briefs", "notes"),
        "page-one": w("page", "page"),
        "pages": w("pages", "pages"),
    })
}

/// One brief's line in a pack's contents.
pub struct PackEntry<'a> {
    /// The brief.
    pub brief: &'a Brief,
    /// Its first page in the pack (1-based).
    pub start: usize,
    /// How many pages it has.
    pub pages: usize,
}

/// The data of a briefing pack's cover and contents (`pack.typ`): the same shape as a brief's
/// where the shared helpers look (organisation, style, words), plus the entries.
pub fn pack_data(
    title: &str,
    subtitle: Option<&str>,
    date: Option<NaiveDate>,
    audience: &[String],
    ws: &Workspace,
    entries: &[PackEntry],
) -> Value {
    let lang = entries
        .first()
        .map(|e| e.brief.language.value.clone())
        .unwrap_or_else(|| "en".into());
    let short = lang.split('-').next().unwrap_or("en").to_lowercase();
    let list: Vec<Value> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let b = e.brief;
            json!({
                "number": i + 1,
                "title": b.title.as_ref().map(|t| t.value.clone()),
                "subtitle": b.subtitle,
                "label": b.label,
                "kind": b.kind,
                "date": b.date.as_ref().map(|d| date_value(d.value, &b.language.value)),
                "start": e.start,
                "pages": e.pages,
            })
        })
        .collect();
    json!({
        "version": DATA_VERSION,
        "kind": "pack",
        "title": title,
        "short-title": short_title(title),
        "subtitle": subtitle,
        "date": date.map(|d| date_value(d, &lang)),
        "draft": false,
        "language": short,
        "region": lang.split('-').nth(1).filter(|r| r.len() == 2).map(str::to_uppercase),
        "audience": audience,
        "authors": [],
        "keywords": [],
        "description": format!("{} briefs", entries.len()),
        "contact": ws.contact,
        "organisation": organisation(ws),
        "style": style(ws),
        "words": words(&short),
        "entries": list,
    })
}

/// The keys an evidence item cites as a whole: its `sources` and its library figure's source.
fn item_sources(e: &Evidence, ws: &Workspace) -> Vec<String> {
    let mut keys: Vec<String> = e.sources.iter().map(|s| s.value.clone()).collect();
    if let Some(StatRef::Library(id)) = &e.stat {
        let stat = ws.stat(&id.value);
        keys.extend(
            stat.and_then(|s| s.source.as_ref())
                .map(|k| k.value.clone()),
        );
    }
    let mut unique: Vec<String> = Vec::new();
    for k in keys {
        if !unique.contains(&k) {
            unique.push(k);
        }
    }
    unique
}

/// A claim with the item's sources cited at its end, before the final full stop, where a reader
/// expects a citation ("… since 2020 (NCMEC, 2024).").
fn cited_claim(claim: &Markup, keys: &[String]) -> Markup {
    let mut claim = claim.clone();
    if keys.is_empty() {
        return claim;
    }
    let cite = Inline::Cite {
        refs: keys
            .iter()
            .map(|k| CiteRef {
                key: k.clone(),
                locator: None,
                span: 0..0,
            })
            .collect(),
    };
    let content = match claim.blocks.last_mut() {
        Some(Block::Para { content }) => content,
        Some(Block::List { items, .. }) => match items.last_mut() {
            Some(item) => item,
            None => return claim,
        },
        None => {
            claim.blocks.push(Block::Para {
                content: Vec::new(),
            });
            match claim.blocks.last_mut() {
                Some(Block::Para { content }) => content,
                _ => return claim,
            }
        }
    };
    let stop = match content.last_mut() {
        Some(Inline::Text { text }) => {
            let trimmed = text.trim_end();
            let stop = trimmed
                .chars()
                .last()
                .filter(|c| matches!(c, '.' | '!' | '?'));
            if stop.is_some() {
                *text = trimmed[..trimmed.len() - 1].to_string();
            }
            stop
        }
        _ => None,
    };
    content.push(Inline::Text { text: " ".into() });
    content.push(cite);
    if let Some(stop) = stop {
        content.push(Inline::Text {
            text: stop.to_string(),
        });
    }
    claim
}
