//! `brief asks` on the three briefs of tests/fixtures/asks: CSV, JSON and the table, the filters,
//! and an unknown status.

mod common;
use common::*;

fn asks(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["asks", "tests/fixtures/asks"];
    all.extend(args);
    brief(&repo(), &all)
}

#[test]
fn csv_lists_every_ask_by_deadline_with_undated_ones_last() {
    let (code, stdout, stderr) = asks(&["--format", "csv"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "brief,id,to,action,by,status
shelters,open,City Council,Open three more shelters by December.,2024-02-01,dropped
housing,report,City Council,\"Publish the waiting list, quarterly.\",2024-03-01,met
transit,keep,Transit Authority,Keep the night routes running.,2024-04-15,open
shelters,beds,Minister of Housing,Fund 500 shelter beds.,2024-04-30,open
housing,fund,Minister of Housing,\"Fund 2,000 supportive homes.\",2024-06-30,open
transit,consult,Minister of Transport,Consult riders before any cut.,,open
"
    );
}

#[test]
fn overdue_keeps_open_asks_past_their_deadline() {
    let (code, stdout, stderr) = asks(&["--overdue", "--today", "2024-05-01", "--format", "csv"]);
    assert_eq!(code, 0, "{stderr}");
    let ids: Vec<&str> = stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    // `open` (dropped) and `report` (met) are past their deadline but not open.
    assert_eq!(ids, ["keep", "beds"]);
}

#[test]
fn json_has_the_same_asks_with_their_evidence() {
    let (code, stdout, stderr) = asks(&["--format", "json", "--to", "minister of housing"]);
    assert_eq!(code, 0, "{stderr}");
    let list: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
    assert_eq!(list.len(), 2, "{stdout}");
    assert_eq!(list[0]["id"], "beds");
    assert_eq!(list[0]["by"], "2024-04-30");
    assert_eq!(list[1]["brief"], "housing");
    assert_eq!(list[1]["action"], "Fund 2,000 supportive homes.");
    assert_eq!(list[1]["evidence"], serde_json::json!(["waitlist"]));
    assert_eq!(list[1]["status"], "open");
}

#[test]
fn the_table_names_every_recipient_and_counts_days() {
    let (code, stdout, stderr) = asks(&["--today", "2024-04-20"]);
    assert_eq!(code, 0, "{stderr}");
    for who in [
        "City Council",
        "Transit Authority",
        "Minister of Housing",
        "Minister of Transport",
    ] {
        assert!(stdout.contains(who), "{who}: {stdout}");
    }
    assert!(stdout.contains("5 days overdue"), "{stdout}");
    assert!(stdout.contains("10 days left"), "{stdout}");
    assert!(
        stderr.contains("6 asks (4 open, 1 overdue) as of 2024-04-20"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_status_is_an_error_listing_the_allowed_ones() {
    let ws = Scratch::copy_of("asks", "asks-status");
    let path = ws.path("briefs/housing.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("status = \"met\"", "status = \"done\"")).unwrap();
    let (code, stdout, stderr) = brief(&ws.0, &["asks", "--format", "csv"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error[B014]") && stderr.contains("\"done\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("expected one of: \"open\", \"met\", \"missed\", \"dropped\""),
        "{stderr}"
    );
    // The other briefs' asks are still listed; the broken brief's are not guessed at.
    assert!(stdout.contains("transit,keep"), "{stdout}");
    assert!(!stdout.contains("housing,"), "{stdout}");
}
