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

/// `--sample` on 1,000 generated workbooks and three planted high-risk projects: filed as
/// 100 points when the scores add up to far less, deductions filed on full scores, and two
/// 产出 indicators losing points. (The corpus plants mistakes of its own: its riskiest
/// project scores 53.22 of 100, the planted ones 57.5.) The three rank at the top, each pick is explained, and a
/// rerun gives the same list.
#[test]
fn planted_high_risk_projects_are_picked_first() {
    let dir = tmp();
    gen_corpus::generate(1000, dir.path()).expect("generate the corpus");
    let planted = dir.path().join("县审计局");
    std::fs::create_dir_all(&planted).unwrap();
    for i in 0..3 {
        clean_table()
            .set(6, "评价得分", "5")
            .set(6, "扣分情况", "10")
            .set(6, "扣分原因", "完成率85%，扣10分")
            .set(0, "扣分情况", "1")
            .set(1, "扣分情况", "1")
            .set(2, "扣分情况", "1")
            .set_total("评价得分", "100")
            .set_total("扣分情况", "0")
            .write(&planted, &format!("高风险{i}.xlsx"));
    }
    let args = [dir.path().as_os_str(), "--sample".as_ref(), "2%".as_ref()];
    let (_, report) = check_json_args(&args);
    let sample = &report["sample"];
    let picked = sample["picked"].as_array().unwrap();
    let projects = report["totals"]["projects"].as_u64().unwrap() as usize;
    assert_eq!(picked.len(), (projects * 2).div_ceil(100), "{sample:#}");
    let top: Vec<&str> = picked[..3]
        .iter()
        .map(|p| p["file"].as_str().unwrap())
        .collect();
    assert!(
        top.iter().all(|f| f.starts_with("县审计局/高风险")),
        "{sample:#}"
    );
    for p in picked {
        assert!(!p["reasons"].as_str().unwrap().is_empty());
        let sum: rust_decimal::Decimal = p["parts"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| {
                v.as_str()
                    .unwrap()
                    .parse::<rust_decimal::Decimal>()
                    .unwrap()
            })
            .sum();
        assert_eq!(sum.to_string(), p["score"].as_str().unwrap(), "{p:#}");
    }
    assert_eq!(picked[0]["how"], "risk");
    assert!(picked.iter().any(|p| p["how"] == "random"));
    let (_, again) = check_json_args(&args);
    assert_eq!(
        again["sample"], report["sample"],
        "the default seed comes from the inputs"
    );
}

/// Year over year on three generated years of 1,100 projects each (`gen_corpus --history`):
/// every planted pair — a new year in front, a batch, a project code, a longer name — is
/// matched to the right project, and the projects that begin or end are left unmatched.
#[test]
fn every_planted_pair_of_three_years_is_matched() {
    let dir = tmp();
    let (paths, pairs) = gen_corpus::history_reports(1100, dir.path()).unwrap();
    let years: Vec<jixiao::history::Year> = paths
        .iter()
        .map(|p| jixiao::history::load(p).unwrap())
        .collect();
    assert_eq!(
        years.iter().map(|y| y.label.as_str()).collect::<Vec<_>>(),
        ["2023", "2024", "2025"]
    );
    let grades: Vec<String> = ["优", "良", "中", "差"].map(String::from).to_vec();
    let h = jixiao::history::compare(&years, &Default::default(), &grades);
    // Every consecutive pair the chains hold, by (older year, older name) → newer name.
    let mut found = std::collections::BTreeMap::new();
    for c in &h.chains {
        for (k, w) in c.years.windows(2).enumerate() {
            if let [Some(a), Some(b)] = w {
                found.insert((h.years[k].clone(), a.name.clone()), b.name.clone());
            }
        }
    }
    let mut wrong = Vec::new();
    for p in &pairs {
        match found.get(&(p.from.to_string(), p.old.clone())) {
            Some(new) if *new == p.new => {}
            other => wrong.push(format!(
                "{} {}：{} → {:?}（应为 {}）",
                p.from, p.department, p.old, other, p.new
            )),
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} pairs wrong:\n{}",
        wrong.len(),
        pairs.len(),
        wrong[..wrong.len().min(20)].join("\n")
    );
    assert_eq!(found.len(), pairs.len(), "no pair beyond the planted ones");
    // 2% begin in 2024, 2% live in 2025 only, 2% end after 2024: 22 + 22 + 22 unmatched
    // single-year projects are none of them (those beginning in 2024 continue into 2025).
    let only: Vec<&str> = h.unmatched.iter().map(|u| u.year.as_str()).collect();
    assert_eq!(only.len(), 22, "the 2025-only projects: {only:?}");
    assert!(only.iter().all(|y| *y == "2025"));
}
