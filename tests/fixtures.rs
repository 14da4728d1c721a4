//! Workbooks written by other programs: openpyxl (formulas without cached results), and the
//! LibreOffice-made `.xls`, `.ods` and `.xlsx` twins of rust_xlsxwriter workbooks, which must
//! read exactly as their originals.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn check_json(path: &Path) -> Value {
    let out = Command::cargo_bin("jixiao")
        .unwrap()
        .args(["check", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn diags(file: &Value) -> Vec<(String, String, String)> {
    file["projects"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["diagnostics"].as_array().unwrap().iter())
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["cell"].as_str().unwrap_or("").to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn openpyxl_formulas_without_results_are_computed_or_reported_never_read_as_zero() {
    let report = check_json(&root().join("tests/fixtures/openpyxl_formulas.xlsx"));
    let file = &report["files"][0];
    let found = diags(file);
    // `=IF(…)` is not computed: reported, never read as 0.
    let c201: Vec<&str> = found
        .iter()
        .filter(|d| d.0 == "C201")
        .map(|d| d.1.as_str())
        .collect();
    assert_eq!(c201, vec!["F7"]);
    assert!(found
        .iter()
        .filter(|d| d.0 == "C201")
        .all(|d| d.2.contains("没有保存计算结果")));
    let project = &file["projects"][0];
    // A score that is not there is never a 0: the total cannot be formed.
    assert_eq!(project["score_reviewed"], Value::Null);
    assert_eq!(project["weight_total"], "100");
    let indicators = project["indicators"].as_array().unwrap();
    // Plain numbers written by openpyxl are read as numbers; `=E5-G5` is computed (10 − 1).
    assert_eq!(indicators[0]["score_filed"], "10");
    assert_eq!(indicators[1]["score_filed"], "9");
    // The 合计 row's `=SUM(…)` formulas are computed: no C204 against the indicators.
    assert!(found.iter().all(|d| d.0 != "C204"), "{found:?}");
}
