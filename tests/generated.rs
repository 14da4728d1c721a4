//! The generated corpus (`scripts/gen-corpus`, `examples/gen_corpus.rs`, included here as a
//! module): the rows it makes correct in ways a careless review would flag — a bare number
//! in 不符合项 meaning an item or a count, a score half-way between two hundredths filed
//! rounded half up or half even / truncated — give nothing above 提示 and keep their filed
//! scores, and the same N gives the same bytes.

// The generator itself, so that the test knows which rows it made correct; its `main` and
// what only `main` uses are unused here.
#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

use crate::common::*;
use gen_corpus::Kind;
use serde_json::Value;

/// Enough workbooks for every kind of checked row to appear many times.
const N: u64 = 200;

/// The row number of an A1 cell: `G24` → 24.
fn row_of(cell: &str) -> Option<u64> {
    cell.trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .ok()
}

fn find<'a>(items: &'a Value, key: &str, value: &Value) -> Option<&'a Value> {
    items.as_array()?.iter().find(|x| &x[key] == value)
}

#[test]
fn generated_correct_rows_give_nothing_above_info() {
    let dir = tmp();
    let written = gen_corpus::generate(N, dir.path()).expect("generate the corpus");
    let (_, report) = check_json(dir.path());
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    for w in &written {
        let path = w.path.to_string_lossy().replace('\\', "/");
        let Some(file) = find(&report["files"], "path", &path.clone().into()) else {
            problems.push(format!("{path}: not in the report"));
            continue;
        };
        for (sheet, rows) in &w.checked {
            let Some(project) = find(&file["projects"], "sheet", &sheet.clone().into()) else {
                problems.push(format!("{path} {sheet}: no project"));
                continue;
            };
            for checked in rows {
                let row = u64::from(checked.row) + 1;
                let at = format!("{path} {sheet} row {row} ({:?})", checked.kind);
                seen.push(checked.kind);
                let Some(ind) = find(&project["indicators"], "row", &row.into()) else {
                    problems.push(format!("{at}: no indicator on this row"));
                    continue;
                };
                // The row's findings: on its cells and about it (a level's W102 sits in a
                // merged level cell that may start on this row, and is about the level).
                for d in project["diagnostics"].as_array().into_iter().flatten() {
                    let on_row = d["cell"].as_str().and_then(row_of) == Some(row);
                    let about = d["indicator"].is_null() || d["indicator"] == ind["level3"];
                    if on_row && about && d["severity"] != "info" {
                        problems.push(format!("{at}: {} {}", d["code"], d["message"]));
                    }
                }
                if ind["manual"] != false || ind["score_reviewed"] != ind["score_filed"] {
                    problems.push(format!(
                        "{at}: filed {} reviewed {} manual {}",
                        ind["score_filed"], ind["score_reviewed"], ind["manual"]
                    ));
                }
                let basis = ind["basis"].as_str().unwrap_or_default();
                if let Some(reading) = &checked.basis {
                    if !basis.contains(reading.as_str()) {
                        problems.push(format!("{at}: 评分依据 lacks {reading}: {basis}"));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for kind in [Kind::BareItem, Kind::BareCount, Kind::HalfUp, Kind::HalfLow] {
        let n = seen.iter().filter(|k| **k == kind).count();
        assert!(n >= 15, "only {n} rows of {kind:?} in {N} workbooks");
    }
}

#[test]
fn the_same_n_gives_the_same_bytes() {
    let (a, b) = (tmp(), tmp());
    let written = gen_corpus::generate(12, a.path()).expect("generate");
    gen_corpus::generate(12, b.path()).expect("generate again");
    for w in &written {
        let (x, y) = (a.path().join(&w.path), b.path().join(&w.path));
        assert_eq!(
            std::fs::read(&x).expect("read"),
            std::fs::read(&y).expect("read"),
            "{}",
            w.path.display()
        );
    }
}
