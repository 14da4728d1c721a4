//! The committed sample workbooks: what `check` says about them is pinned (a snapshot a
//! reviewer reads), the seed table reads as the seed report says, and every workbook written by
//! LibreOffice (`.xls`, `.ods`, LibreOffice-saved `.xlsx`) reads exactly as its
//! rust_xlsxwriter twin.

use assert_cmd::Command;
use serde_json::Value;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn check(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("jixiao")
        .unwrap()
        .current_dir(root())
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn projects_of(path: &str) -> Value {
    let (_, json) = check(&["--format", "json", path]);
    let report: Value = serde_json::from_str(&json).unwrap();
    report["files"][0]["projects"].clone()
}

#[test]
fn check_on_the_samples_reports_the_planted_mistakes() {
    let (code, text) = check(&["workbooks"]);
    assert_eq!(code, 1, "the samples contain errors on purpose");
    insta::assert_snapshot!(text);
}

#[test]
fn seed_table_is_weight_100_score_95_4_grade_you_without_errors() {
    let projects = projects_of("workbooks/县财政局/预算信息管理平台等运维项目绩效评价表.xlsx");
    let p = &projects[0];
    assert_eq!(p["weight_total"], "100");
    assert_eq!(p["score_filed"], "95.4");
    assert_eq!(p["score_reviewed"], "95.4");
    assert_eq!(p["grade"], "优");
    assert_eq!(p["grade_filed"], "优");
    assert_eq!(p["department"], "富民县财政局");
    assert_eq!(p["budget"]["initial"], "50");
    assert_eq!(p["budget"]["spent"], "47.76");
    assert_eq!(p["budget"]["rate"], "95.52");
    let indicators = p["indicators"].as_array().unwrap();
    assert_eq!(indicators.len(), 21);
    let errors: Vec<&Value> = p["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // The tree: merged level cells carried down, weights split off the names.
    let first = &indicators[0];
    assert_eq!(
        (&first["level1"], &first["level2"], &first["level3"]),
        (
            &Value::from("决策"),
            &Value::from("项目立项"),
            &Value::from("项目立项规范性")
        )
    );
    let last = &indicators[20];
    assert_eq!(last["level1"], "效果");
    assert_eq!(last["level3"], "服务对象满意度");
    assert_eq!(last["score_filed"], "9.4");
    assert_eq!(last["deduction_filed"], "0.6");
}

fn assert_twins(made_by_libreoffice: &str, original: &str) {
    let a = projects_of(made_by_libreoffice);
    let b = projects_of(original);
    assert!(
        a.as_array().is_some_and(|p| !p.is_empty()),
        "{made_by_libreoffice}"
    );
    assert_eq!(
        a, b,
        "{made_by_libreoffice} reads differently from {original}"
    );
}

#[test]
fn xls_reads_as_its_xlsx_twin() {
    assert_twins(
        "workbooks/县农业农村局/高标准农田建设项目绩效评价表.xls",
        "tests/fixtures/twins/高标准农田建设项目绩效评价表.xlsx",
    );
}

#[test]
fn ods_reads_as_its_xlsx_twin() {
    // ODS reports no merged regions: the level cells covered by a merge read as empty and
    // must still give the same tree.
    assert_twins(
        "workbooks/县民政局/城乡低保资金绩效评价表.ods",
        "tests/fixtures/twins/城乡低保资金绩效评价表.xlsx",
    );
}

#[test]
fn libreoffice_saved_xlsx_reads_as_its_twin() {
    assert_twins(
        "workbooks/县交通运输局/农村公路养护项目绩效评价表.xlsx",
        "tests/fixtures/twins/农村公路养护项目绩效评价表.xlsx",
    );
    assert_twins(
        "tests/fixtures/twins/预算信息管理平台等运维项目绩效评价表.libreoffice.xlsx",
        "workbooks/县财政局/预算信息管理平台等运维项目绩效评价表.xlsx",
    );
}
