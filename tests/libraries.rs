//! Real libraries in a workspace: a problem in an entry stops only the briefs that cite it,
//! and DOIs and addresses exported in other forms are read in their one right form.

mod common;
use common::*;

/// The common brief, citing `good` of [`LIBRARY`].
fn brief_citing_good() -> String {
    common::BRIEF.replace("@stats2023", "@good")
}

const LIBRARY: &str = r#"[[citation]]
id = "good"
type = "report"
author = ["Statistics Office"]
title = "Helpline statistics"
date = "2023"
doi = "https://doi.org/10.1000/ABC.1"
url = "www.policy.test/helpline"

[[citation]]
id = "broken"
type = "report"
author = ["Office"]
title = "An entry with a bad address"
date = "2023"
url = "ftp://policy.test/x"
"#;

#[test]
fn a_broken_entry_stops_only_the_briefs_that_cite_it() {
    let ws = Scratch::new("lib-entry-scope");
    ws.write("briefs.toml", "[organisation]\nname = \"Example\"\n")
        .write("citations.toml", LIBRARY)
        .write("briefs/a.toml", &brief_citing_good());
    let (code, out, err) = brief(&ws.0, &["check"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!err.contains("B020"), "{err}");
    let (code, _, err) = brief(&ws.0, &["build"]);
    assert_eq!(code, 0, "{err}");
    // cite check names it, as a warning that stops nothing.
    let (_, _, err) = brief(&ws.0, &["cite", "check"]);
    assert!(err.contains("warning[B020]"), "{err}");
    assert!(
        err.contains("no brief cites \"broken\", so this stops no build until one does"),
        "{err}"
    );
    // Cited, it stops that brief, at the entry's line.
    ws.write(
        "briefs/b.toml",
        &brief_citing_good().replace("@good", "@broken"),
    );
    let (code, _, err) = brief(&ws.0, &["check"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error[B020]"), "{err}");
    assert!(err.contains("--> citations.toml:16:7"), "{err}");
    assert!(err.contains("checked 2 briefs: 1 failed"), "{err}");
}

#[test]
fn dois_and_addresses_are_read_in_their_one_right_form() {
    let ws = Scratch::new("lib-normal-forms");
    ws.write("briefs.toml", "[organisation]\nname = \"Example\"\n")
        .write("citations.toml", LIBRARY)
        .write("briefs/a.toml", &brief_citing_good())
        .write(
            "more.bib",
            "@report{more, author = {{Office}}, title = {More}, year = {2024}, doi = {doi:10.1000/xyz}, url = {www.policy.test/more https://mirror.policy.test/more}}\n",
        );
    let (code, _, err) = brief(&ws.0, &["build"]);
    assert_eq!(code, 0, "{err}");
    let text = pdf_text(&ws.path("out/a.pdf"));
    assert!(text.contains("https://doi.org/10.1000/ABC.1"), "{text}");
    let (code, _, err) = brief(&ws.0, &["cite", "import", "more.bib"]);
    assert_eq!(code, 0, "{err}");
    let library = std::fs::read_to_string(ws.path("citations.toml")).unwrap();
    assert!(library.contains("doi = \"10.1000/xyz\""), "{library}");
    assert!(
        library.contains("url = \"https://www.policy.test/more\""),
        "{library}"
    );
    let (code, _, err) = brief(&ws.0, &["check"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn importing_a_thousand_zotero_items_says_so_in_a_few_lines() {
    let ws = Scratch::new("lib-quiet-import");
    ws.write("briefs.toml", "[organisation]\nname = \"Example\"\n")
        .write("citations.toml", LIBRARY)
        .write("briefs/a.toml", &brief_citing_good());
    let items: Vec<String> = (0..1018)
        .map(|i| {
            format!(
                r#"{{"id":"http://zotero.org/users/local/abc/items/K{i:05}","type":"report","title":"Report {i}","author":[{{"family":"Office","given":"A."}}],"issued":{{"date-parts":[[2020]]}},"abstract":"Long.","ISBN":"978-{i}","language":"en","source":"Zotero"}}"#
            )
        })
        .collect();
    ws.write("zotero.json", &format!("[{}]", items.join(",")));
    let (code, out, err) = brief(&ws.0, &["cite", "import", "zotero.json"]);
    assert_eq!(code, 0, "{err}");
    let lines = out.lines().count() + err.lines().count();
    assert!(lines <= 60, "{lines} lines:\n{out}{err}");
    assert!(
        err.contains("1018 entries have fields the library does not keep: ISBN (1018), abstract (1018), language (1018), source (1018)"),
        "{err}"
    );
    // --verbose names each entry instead.
    let again = Scratch::new("lib-quiet-import-verbose");
    again.write("briefs.toml", "[organisation]\nname = \"Example\"\n");
    std::fs::copy(ws.path("zotero.json"), again.path("zotero.json")).unwrap();
    let (code, _, verbose) = brief(&again.0, &["cite", "import", "zotero.json", "--verbose"]);
    assert_eq!(code, 0, "{verbose}");
    assert_eq!(verbose.matches("warning[B046]").count(), 1018);
    // Zotero's item addresses are keys a brief can cite, and the workspace still checks.
    let (code, _, err) = brief(&ws.0, &["check"]);
    assert_eq!(code, 0, "{err}");
    // `cite list` fails, naming the file, when a library cannot be read.
    ws.write(
        "briefs.toml",
        "[organisation]\nname = \"Example\"\n\n[citations]\nlibrary = [\"citations.toml\", \"gone.bib\"]\n",
    );
    let (code, _, err) = brief(&ws.0, &["cite", "list"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("library file \"gone.bib\" not found"), "{err}");
}

#[test]
fn a_bib_file_is_read_entry_by_entry_with_macros_in_any_case() {
    let ws = Scratch::new("lib-bib-entries");
    ws.write(
        "briefs.toml",
        "[organisation]\nname = \"Example\"\n\n[citations]\nlibrary = [\"lib.bib\"]\n",
    )
    .write(
        "briefs/a.toml",
        &brief_citing_good().replace("@good", "@good; @macro"),
    )
    .write(
        "lib.bib",
        r#"@string{NewYork = "New York"}

@report{good,
  author = {{Statistics Office}},
  title = {Helpline statistics},
  year = {2023},
}

@misc{bbt,
  author = {Doe, Jo},
  title = {A Better BibTeX export},
  year = {Fri, 10 Jan 2003 12:00:00 GMT},
}

@misc{roman,
  author = {{Girard}\textendash{Reynolds}, Ann},
  title = {A year no reader can read},
  year = {MMXX},
}

@book{macro,
  author = {Roe, Ray},
  title = {A book},
  publisher = {Press},
  address = newyork,
  month = Jan,
  year = {2019},
}
"#,
    );
    // One entry the reader refuses costs that entry, not the file; macros match in any case.
    let (code, _, err) = brief(&ws.0, &["build"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning[B111]: entry \"roman\" cannot be read and is left out"),
        "{err}"
    );
    assert!(err.contains("--> lib.bib:18:11"), "{err}");
    let (code, out, err) = brief(&ws.0, &["cite", "list"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("macro") && out.contains("good"), "{out}");
    // A date stamp as the year (Better BibTeX's) is read as its year.
    assert!(
        out.lines()
            .any(|l| l.starts_with("bbt ") && l.contains("2003")),
        "{out}"
    );
    // Imported, the same: three entries, one left out and named.
    let other = Scratch::new("lib-bib-import");
    other.write("briefs.toml", "[organisation]\nname = \"Example\"\n");
    std::fs::copy(ws.path("lib.bib"), other.path("lib.bib")).unwrap();
    let (code, _, err) = brief(&other.0, &["cite", "import", "lib.bib"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("entry \"roman\" cannot be read and is left out"),
        "{err}"
    );
    let library = std::fs::read_to_string(other.path("citations.toml")).unwrap();
    assert!(library.contains("id = \"macro\"") && library.contains("id = \"good\""));
    assert!(library.contains("id = \"bbt\"") && !library.contains("id = \"roman\""));
}

#[test]
fn organisations_stay_whole_and_people_keep_their_suffix() {
    let ws = Scratch::new("lib-names");
    ws.write(
        "briefs.toml",
        "[organisation]\nname = \"Example\"\n\n[citations]\nlibrary = [\"lib.bib\", \"z.json\"]\n",
    )
    .write(
        "briefs/a.toml",
        &brief_citing_good().replace("@good", "@nasem; @smith; @lit"),
    )
    .write(
        "lib.bib",
        r#"@report{nasem,
  author = {{National Academies of Sciences, Engineering, and Medicine}},
  title = {Reducing intergenerational poverty},
  year = {2024},
}

@report{smith,
  author = {Smith, Jr., John and others},
  title = {A report with many authors},
  year = {2022},
}
"#,
    )
    .write(
        "z.json",
        r#"[{"id": "lit", "type": "report", "title": "Literal", "author": [{"literal": "Office of the Auditor General, Manitoba"}], "issued": {"date-parts": [[2021]]}}]"#,
    );
    let (code, _, err) = brief(&ws.0, &["build"]);
    assert_eq!(code, 0, "{err}");
    let text = pdf_text(&ws.path("out/a.pdf"));
    for whole in [
        "National Academies of Sciences, Engineering, and Medicine",
        "Office of the Auditor General, Manitoba",
        "Smith, J., Jr.",
    ] {
        assert!(text.contains(whole), "{whole:?} not in:\n{text}");
    }
    assert!(!text.contains("others"), "{text}");
    assert!(!text.contains("Sciences, E."), "{text}");
}

#[test]
fn latex_in_a_bib_file_prints_as_it_reads() {
    let ws = Scratch::new("lib-latex");
    ws.write("briefs.toml", "[organisation]\nname = \"Example\"\n")
        .write(
            "t.bib",
            r#"@article{a,
  author = {St\o{}vring, Henrik and {Girard}\textendash{Reynolds}, Ann and M{\"u}ller, J{\'e}r{\^o}me and Ga{\ss}ner, J{\"o}rg and {\AA}str{\"o}m, Karl and Na{\"\i}ve, Al},
  title = {Is it ``Usually Not''? A \emph{case} study~of \textit{things} --- and $^{87}$Sr},
  journal = {J. Pol.},
  pages = {431--456, 791--823},
  number = {032325},
  year = {2020},
  url = {https://policy.test/web/\#/page},
}
"#,
        );
    let (code, _, err) = brief(&ws.0, &["cite", "import", "t.bib"]);
    assert_eq!(code, 0, "{err}");
    let library = std::fs::read_to_string(ws.path("citations.toml")).unwrap();
    for expected in [
        "\"Støvring, Henrik\"",
        "\"Girard–Reynolds, Ann\"",
        "\"Gaßner, Jörg\"",
        "\"Åström, Karl\"",
        "\"Naïve, Al\"",
        "\"Müller, Jérôme\"",
        "title = \"Is it “Usually Not”? A case study\u{a0}of things — and ⁸⁷Sr\"",
        "pages = \"431–456, 791–823\"",
        "issue = \"032325\"",
        "url = \"https://policy.test/web/#/page\"",
    ] {
        assert!(
            library.contains(expected),
            "{expected:?} not in:\n{library}"
        );
    }
    assert!(!library.contains('\\'), "{library}");
}

/// A dependent CSL style, as most of the CSL repository's are: a journal's name over a parent.
fn dependent(parent: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" default-locale="en-US">
  <info>
    <title>Journal of Examples</title>
    <id>http://www.zotero.org/styles/journal-of-examples</id>
    <link href="http://www.zotero.org/styles/journal-of-examples" rel="self"/>
    <link href="http://www.zotero.org/styles/{parent}" rel="independent-parent"/>
    <category citation-format="author-date"/>
    <updated>2024-01-01T00:00:00+00:00</updated>
  </info>
</style>
"#
    )
}

#[test]
fn a_dependent_style_is_its_parent_or_says_which_parent_it_needs() {
    let ws = Scratch::new("lib-dependent-style");
    ws.write(
        "briefs.toml",
        "[organisation]\nname = \"Example\"\n\n[style]\ncitation-style = \"journal.csl\"\n",
    )
    .write("citations.toml", LIBRARY)
    .write("briefs/a.toml", &brief_citing_good())
    .write("journal.csl", &dependent("apa"));
    let (code, _, err) = brief(&ws.0, &["build"]);
    assert_eq!(code, 0, "{err}");
    // APA's reference list: the year in parentheses after the author.
    assert!(pdf_text(&ws.path("out/a.pdf")).contains("Statistics Office. (2023)."));
    // Read as its parent, with what loading the parent does: Vancouver's authors printed.
    ws.write("journal.csl", &dependent("vancouver"));
    let (code, _, err) = brief(&ws.0, &["build"]);
    assert_eq!(code, 0, "{err}");
    assert!(pdf_text(&ws.path("out/a.pdf")).contains("Statistics Office."));
    ws.write("journal.csl", &dependent("no-such-style"));
    let (code, _, err) = brief(&ws.0, &["build"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "it is a dependent style, of the parent http://www.zotero.org/styles/no-such-style"
        ),
        "{err}"
    );
    assert!(!err.contains("eserialization"), "{err}");
}

#[test]
fn a_chapter_prints_in_its_book_and_a_thesis_as_a_thesis() {
    let ws = Scratch::new("lib-structure");
    ws.write(
        "briefs.toml",
        "[organisation]\nname = \"Example\"\n\n[citations]\nlibrary = [\"lib.bib\"]\n",
    )
    .write(
        "briefs/a.toml",
        &common::BRIEF.replace("@stats2023", "@chap; @thes; @wp"),
    )
    .write(
        "lib.bib",
        r#"@incollection{chap,
  author = {Lee, Kim},
  title = {Housing first in practice},
  booktitle = {Ending homelessness},
  editor = {Smith, Jane and Doe, John},
  publisher = {Policy Press},
  year = {2021},
  pages = {45--67},
}

@phdthesis{thes,
  author = {Roe, Ray},
  title = {Waiting lists and their politics},
  school = {University of Manitoba},
  year = {2019},
}

@techreport{wp,
  author = {Chetty, Raj},
  title = {The fading American dream},
  institution = {National Bureau of Economic Research},
  type = {Working Paper},
  number = {23296},
  year = {2017},
}
"#,
    );
    let (code, _, err) = brief(&ws.0, &["build"]);
    assert_eq!(code, 0, "{err}");
    let text = pdf_text(&ws.path("out/a.pdf"));
    for expected in [
        // (The pages may end a line: "45–" then "67".)
        "In J. Smith & J. Doe (Eds.), Ending homelessness (pp. 45–",
        "67). Policy Press.",
        "Waiting lists and their politics [Doctoral dissertation]. University of Manitoba.",
        // A working paper's number once, with its kind.
        "The fading American dream (Working Paper No. 23296).",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    // Imported, the book's editors and the thesis's kind are kept.
    let other = Scratch::new("lib-structure-import");
    other.write("briefs.toml", "[organisation]\nname = \"Example\"\n");
    std::fs::copy(ws.path("lib.bib"), other.path("lib.bib")).unwrap();
    let (code, _, err) = brief(&other.0, &["cite", "import", "lib.bib"]);
    assert_eq!(code, 0, "{err}");
    let library = std::fs::read_to_string(other.path("citations.toml")).unwrap();
    for expected in [
        "type = \"chapter\"",
        "editor = [\"Smith, Jane\", \"Doe, John\"]",
        "container = \"Ending homelessness\"",
        "type = \"thesis\"",
        "genre = \"Doctoral dissertation\"",
        "publisher = \"University of Manitoba\"",
    ] {
        assert!(
            library.contains(expected),
            "{expected:?} not in:\n{library}"
        );
    }
}

#[test]
fn conference_papers_cases_laws_and_translations_keep_what_styles_print() {
    let ws = Scratch::new("lib-legal");
    ws.write(
        "briefs.toml",
        "[organisation]\nname = \"Example\"\n\n[style]\ncitation-style = \"ieee\"\n",
    )
    .write(
        "briefs/a.toml",
        &common::BRIEF.replace("@stats2023", "@conf; @brown; @ada; @capital"),
    )
    .write(
        "lib.bib",
        r#"@inproceedings{conf,
  author = {Doe, Jane},
  title = {Measuring reach in encrypted messaging},
  booktitle = {Proceedings of the 2023 Policy Conference},
  editor = {Smith, John and Roe, Rita},
  publisher = {ACM},
  address = {New York},
  year = {2023},
  pages = {12--19},
}

@book{capital,
  author = {Piketty, Thomas},
  title = {Capital in the Twenty-First Century},
  translator = {Goldhammer, Arthur},
  publisher = {Harvard University Press},
  location = {Cambridge, MA},
  year = {2014},
}
"#,
    )
    .write(
        "legal.json",
        r#"[
  {"id": "brown", "type": "legal_case", "title": "Brown v. Board of Education",
   "container-title": "U.S.", "volume": "347", "page": "483",
   "authority": "Supreme Court of the United States", "number": "1",
   "issued": {"date-parts": [[1954]]}},
  {"id": "ada", "type": "legislation", "title": "Americans with Disabilities Act of 1990",
   "container-title": "42 U.S.C.", "section": "§ 12101 et seq.",
   "issued": {"date-parts": [[1990]]}}
]"#,
    );
    for file in ["lib.bib", "legal.json"] {
        let (code, _, err) = brief(&ws.0, &["cite", "import", file]);
        assert_eq!(code, 0, "{err}");
    }
    let library = std::fs::read_to_string(ws.path("citations.toml")).unwrap();
    for expected in [
        "type = \"conference\"",
        "editor = [\"Smith, John\", \"Roe, Rita\"]",
        "place = \"New York\"",
        "translator = [\"Goldhammer, Arthur\"]",
        "place = \"Cambridge, MA\"",
        "type = \"case\"",
        "court = \"Supreme Court of the United States\"",
        "container = \"U.S.\"",
        "type = \"legislation\"",
        "section = \"§ 12101 et seq.\"",
    ] {
        assert!(
            library.contains(expected),
            "{expected:?} not in:\n{library}"
        );
    }
    let (code, _, err) = brief(&ws.0, &["build"]);
    assert_eq!(code, 0, "{err}");
    let text = pdf_text(&ws.path("out/a.pdf"));
    for expected in [
        "in Proceedings of the 2023 Policy Conference, J. Smith and R. Roe, Eds., New York: ACM, 2023, pp. 12–19.",
        "Cambridge, MA: Harvard University Press, 2014.",
        // A law's code and section follow its title; its name keeps its case.
        "Americans with Disabilities Act of 1990, 42 U.S.C. § 12101 et seq.",
        "Brown v. Board of Education, vol. 347.",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    // APA names the translator and the court.
    ws.write(
        "briefs.toml",
        "[organisation]\nname = \"Example\"\n\n[style]\ncitation-style = \"apa\"\n",
    );
    let (code, _, err) = brief(&ws.0, &["build"]);
    assert_eq!(code, 0, "{err}");
    let text = pdf_text(&ws.path("out/a.pdf"));
    for expected in [
        "(A. Goldhammer, Trans.). Harvard University Press.",
        "347 U.S. 483 (Supreme Court of the United States 1954).",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
}

#[test]
fn sets_are_not_sources_and_subtitles_join_their_titles() {
    let ws = Scratch::new("lib-sets");
    ws.write("briefs.toml", "[organisation]\nname = \"Example\"\n")
        .write(
            "lib.bib",
            r#"@xdata{pressdata, publisher = {Policy Press}, location = {Bristol}}

@set{both, entryset = {one,two}, annotation = {A \texttt{set} of two}}

@book{one,
  author = {Lee, Kim},
  title = {Housing first},
  subtitle = {What works, and \mkbibquote{why}},
  xdata = {pressdata},
  year = {2021},
  note = {See the \texttt{annotation} field\slash the \enquote*{notes}; \arabic{author} authors},
}

@incollection{two,
  author = {Roe, Ray},
  title = {Waiting lists},
  booktitle = {Ending homelessness},
  booksubtitle = {A reader},
  publisher = {Policy Press},
  year = {2019},
}

@report{three, author = {{Office}}, title = {Third}, institution = nosuchmacro, year = {2020}}

@article{many, author = {Smith, John and others}, title = {Encryption and child safety},
  journal = {Journal of Policy}, volume = {4}, pages = {1--20}, year = {2021}}
"#,
        );
    let (code, _, err) = brief(&ws.0, &["cite", "import", "lib.bib"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("entry \"both\" cannot be read and is left out: it is a set of entries (one, two), not a source: cite its members"),
        "{err}"
    );
    assert!(err.contains("--> lib.bib:3:6"), "{err}");
    assert!(!err.contains("pressdata"), "{err}");
    // An undefined macro is empty, as BibTeX reads it, and the entry kept.
    assert!(
        err.contains("warning[B112]: macro \"nosuchmacro\" in entry \"three\" is not defined: it is read as empty, as BibTeX reads it"),
        "{err}"
    );
    assert!(err.contains("imported 4 entries"), "{err}");
    let library = std::fs::read_to_string(ws.path("citations.toml")).unwrap();
    for expected in [
        "title = \"Housing first: What works, and “why”\"",
        "publisher = \"Policy Press\"",
        "place = \"Bristol\"",
        "note = \"See the annotation field/the “notes”; authors\"",
        "container = \"Ending homelessness: A reader\"",
        // `and others` is no author called "others".
        "author = [\"Smith, John\"]\net-al = true",
    ] {
        assert!(
            library.contains(expected),
            "{expected:?} not in:\n{library}"
        );
    }
    assert!(!library.contains('\\'), "{library}");
    assert!(!library.contains("= \"\""), "{library}");
    ws.write(
        "briefs/a.toml",
        &common::BRIEF.replace("@stats2023", "@one; @two; @many"),
    );
    let (code, _, err) = brief(&ws.0, &["build"]);
    assert_eq!(code, 0, "{err}");
    let text = pdf_text(&ws.path("out/a.pdf"));
    for expected in ["Smith et al., 2021", "Smith, J., et al. (2021). Encryption"] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    assert!(!text.contains("others"), "{text}");
}

#[test]
fn entries_left_out_by_the_dozen_are_one_warning() {
    let ws = Scratch::new("lib-left-out-many");
    ws.write("briefs.toml", "[organisation]\nname = \"Example\"\n");
    let mut bib = String::new();
    for i in 0..30 {
        bib +=
            &format!("@misc{{bad{i}, author = {{Doe, Jo}}, title = {{T{i}}}, year = {{MMXX}},}}\n");
    }
    for i in 0..5 {
        bib += &format!(
            "@misc{{ok{i}, author = {{Doe, Jo}}, title = {{Kept {i}}}, year = {{2020}},}}\n"
        );
    }
    ws.write("t.bib", &bib);
    let (code, _, err) = brief(&ws.0, &["cite", "import", "t.bib"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err.matches("warning[B111]").count(), 1, "{err}");
    assert!(err.contains("and 29 more entries likewise"), "{err}");
    assert!(err.contains("imported 5 entries"), "{err}");
}

#[test]
fn what_reference_managers_export_in_forms_of_their_own_is_read_into_ours() {
    let ws = Scratch::new("lib-managers");
    ws.write("briefs.toml", "[organisation]\nname = \"Example\"\n")
        .write(
            "zotero.json",
            r#"[
  {"id": "extra", "type": "report", "title": "The Pathﬁnder report",
   "note": "Select: zotero://select/library/items/ABCD\npublisher: Bruxelles\nmlzsync1:0064{\"extrafields\":{}}\nRead chapter 2",
   "issued": {"literal": "2018-02-0015"},
   "DOI": "http://dx.doi.org.ezproxy.example.edu/10.2979/jewisocistud.26.1.02"},
  {"id": "badurl", "type": "report", "title": "A page", "URL": "240.html",
   "issued": {"date-parts": [[2019]]}},
  {"id": "nodate", "type": "webpage", "title": "A web page", "URL": "https://policy.test/p",
   "issued": {"date-parts": [[2019]]}}
]"#,
        )
        .write(
            "lab.bib",
            r#"@article{net, author = {Barab{\ifmmode\acute{a}\else\'{a}\fi}si, Albert-L{\'a}szl{\'o}},
  title = {The {$p$}-adic view of {$\epsilon$}-nets}, journal = {Nature}, year = {1999},
  annotation = {Read for chapter 2}}
@techreport{na, author = {{Agency}}, title = {Water report}, institution = {Agency},
  number = {NA-08-01}, type = {resreport}, year = {2008}}
@misc{page, author = {{CTAN}}, title = {The geometry package}, journal = {Inside Higher Ed},
  howpublished = {\url{https://ctan.org/pkg/geometry}}, year = {2020}, urldate = {2024-05-01}}
@incollection{chap, author = {Lee, Kim}, title = {Housing}, booktitle = {Cities}, editor = {Roe, Ray},
  volume = {64}, pages = {35--44}, publisher = {Policy Press}, year = {2021}}
@mastersthesis{ma, author = {Roe, Ray}, title = {Waiting}, school = {Univ}, type = {mathesis}, year = {2019}}
"#,
        );
    for file in ["zotero.json", "lab.bib"] {
        let (code, _, err) = brief(&ws.0, &["cite", "import", file]);
        assert_eq!(code, 0, "{err}");
        if file == "zotero.json" {
            // A web page with no access date is left out, named; an address that is no web
            // address is dropped, and said.
            assert!(err.contains("entry \"nodate\" cannot be read and is left out: web citation \"nodate\" has a url but no \"accessed\" date"), "{err}");
            assert!(err.contains("url, not a web address"), "{err}");
        } else {
            assert!(!err.contains("annotation"), "{err}");
        }
    }
    let library = std::fs::read_to_string(ws.path("citations.toml")).unwrap();
    for expected in [
        "title = \"The Pathfinder report\"",
        "publisher = \"Bruxelles\"",
        "note = \"Read chapter 2\"",
        "date = 2018-02-15",
        "doi = \"10.2979/jewisocistud.26.1.02\"",
        "author = [\"Barabási, Albert-László\"]",
        "title = \"The p-adic view of ε-nets\"",
        "issue = \"NA-08-01\"",
        "genre = \"Research report\"",
        "url = \"https://ctan.org/pkg/geometry\"",
        "container = \"Inside Higher Ed\"",
        "genre = \"Master's thesis\"",
    ] {
        assert!(
            library.contains(expected),
            "{expected:?} not in:\n{library}"
        );
    }
    for unwanted in [
        "zotero://",
        "mlzsync",
        "240.html",
        "id = \"nodate\"",
        "ifmmode",
    ] {
        assert!(!library.contains(unwanted), "{unwanted:?} in:\n{library}");
    }
    // Every entry imported checks and prints when cited; a chapter's volume once.
    ws.write(
        "briefs/a.toml",
        &common::BRIEF.replace(
            "@stats2023",
            "@extra; @badurl; @net; @na; @page; @chap; @ma",
        ),
    );
    let (code, _, err) = brief(&ws.0, &["build"]);
    assert_eq!(code, 0, "{err}");
    let text = pdf_text(&ws.path("out/a.pdf"));
    assert!(text.contains("(Vol. 64, pp. 35–44)"), "{text}");
    assert!(!text.contains("Pt. 64"), "{text}");
    // As written, its hyphens non-breaking (no range "NA-8–1").
    assert!(
        text.contains("Research Report NA\u{2011}08\u{2011}01"),
        "{text}"
    );
}
