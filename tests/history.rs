//! Year over year end to end (issue #21): the samples as 2024, and a 2025 made from three of
//! them with planted changes (`tests/fixtures/years/2025`, `scripts/make-year2.py`): a grade
//! drop with a higher budget, a problem repeated, a target set too low, a problem fixed, a
//! re-batched project and a renamed one. `run --previous` and `compare` on reports alone;
//! old reports without some fields; a file of another schema.

use crate::common::*;
use calamine::{open_workbook, Data, Reader, Xlsx};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn report(out: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap()
}

/// 2024 (the samples) and 2025 with `--previous`, each written once per test run.
fn two_years() -> &'static (PathBuf, PathBuf, Run) {
    static RUN: std::sync::OnceLock<(PathBuf, PathBuf, Run)> = std::sync::OnceLock::new();
    RUN.get_or_init(|| {
        let base = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("history-two-years");
        let _ = std::fs::remove_dir_all(&base);
        let (y24, y25) = (base.join("2024"), base.join("2025"));
        let r = run_quietly(Path::new("workbooks"), &y24);
        assert!(r.code <= 1, "{r:?}");
        let r = run([
            "run".as_ref(),
            "tests/fixtures/years/2025".as_ref(),
            "-o".as_ref(),
            y25.as_os_str(),
            "--previous".as_ref(),
            y24.join("report.json").as_os_str(),
        ]);
        assert!(r.code <= 1, "{r:?}");
        (y24, y25, r)
    })
}

fn project<'a>(h: &'a Value, name: &str) -> &'a Value {
    h["projects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["project"] == name)
        .unwrap_or_else(|| panic!("{name} not matched: {h:#}"))
}

fn codes(p: &Value) -> Vec<String> {
    p["flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn run_with_previous_matches_flags_and_suggests() {
    let (_, y25, r) = two_years();
    let rep = report(y25);
    let h = &rep["history"];
    assert_eq!(h["years"], serde_json::json!(["2024", "2025"]));
    assert_eq!(h["projects"].as_array().unwrap().len(), 3);

    // 水利局: same name; grade 优 → 良 while the budget rose; the same indicators lost points
    // again; 新建及改造供水工程 ≥12处 exceeded by 30%+ both years.
    let water = project(h, "农村饮水安全巩固提升工程");
    assert_eq!(water["links"][0]["confidence"], "高");
    let c = codes(water);
    for code in [
        "grade_fell",
        "budget_up_score_down",
        "low_target",
        "repeated_loss",
    ] {
        assert!(c.contains(&code.to_string()), "{code} missing: {c:?}");
    }
    assert_eq!(water["years"][0]["grade"], "优");
    assert_eq!(water["years"][1]["grade"], "良");
    assert_eq!(water["suggestion"], "保持");
    assert!(
        water["reason"]
            .as_str()
            .unwrap()
            .contains("较 2024 年下降 6.1 分"),
        "{water:#}"
    );

    // 交通运输局: re-batched (第二批), still 高; 优良中等路率 fixed (no repeat), 养护作业规范性
    // repeated with both years' reasons.
    let roads = project(h, "2025年农村公路养护项目（第二批）");
    assert_eq!(roads["links"][0]["confidence"], "高");
    let repeated: Vec<&Value> = h["repeated"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["project"] == "2025年农村公路养护项目（第二批）")
        .collect();
    let names: Vec<&str> = repeated
        .iter()
        .map(|r| r["indicator"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"养护作业规范性"), "{names:?}");
    assert!(
        !names.contains(&"优良中等路率"),
        "a fixed problem is not repeated: {names:?}"
    );
    let upkeep = repeated
        .iter()
        .find(|r| r["indicator"] == "养护作业规范性")
        .unwrap();
    assert_eq!(upkeep["reasons"][1], "巡查日志有缺页，扣1分");

    // 财政局: renamed, matched by alike names and the same indicators.
    let fin = project(h, "预算信息管理平台、部门财务核算运维项目");
    assert_eq!(fin["links"][0]["confidence"], "中");

    // The six samples without a 2025 are listed, not paired.
    assert_eq!(h["unmatched"].as_array().unwrap().len(), 6);
    // The closing lines, and 汇总.xlsx's two sheets.
    assert!(
        r.stdout.contains(
            "年度对比（2024、2025）：3 个项目在两个以上年度都有，6 个未能对上；等级下降 1 个"
        ),
        "{}",
        r.stdout
    );
    let mut wb: Xlsx<_> = open_workbook(y25.join("汇总.xlsx")).unwrap();
    let names = wb.sheet_names().to_vec();
    assert!(
        names.ends_with(&["年度对比".to_string(), "重复失分".to_string()]),
        "{names:?}"
    );
    let sheet = wb.worksheet_range("年度对比").unwrap();
    assert_eq!(
        sheet.get_value((0, 3)),
        Some(&Data::String("2024 得分".into()))
    );
    let rows: Vec<String> = (1..4)
        .map(|r| {
            sheet
                .get_value((r, 2))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert!(
        rows.contains(&"农村饮水安全巩固提升工程".to_string()),
        "{rows:?}"
    );
}

#[test]
fn compare_on_reports_alone_gives_the_same_history() {
    let (y24, y25, _) = two_years();
    let dir = tmp();
    let xlsx = dir.path().join("对比.xlsx");
    let r = run([
        "compare".as_ref(),
        y24.join("report.json").as_os_str(),
        y25.join("report.json").as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
        "-o".as_ref(),
        xlsx.as_os_str(),
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(json["schema"], "jixiao.history/1");
    let from_run = report(y25)["history"].clone();
    let alone = json.clone();
    // The same projects, repeats and unmatched from the reports alone as from the run.
    assert_eq!(
        alone["projects"].as_array().unwrap().len(),
        from_run["projects"].as_array().unwrap().len()
    );
    assert_eq!(alone["repeated"], from_run["repeated"]);
    assert_eq!(alone["unmatched"], from_run["unmatched"]);
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(wb.sheet_names(), ["年度对比", "重复失分"]);
    assert!(wb.worksheet_range("重复失分").unwrap().height() > 2);
    // Text: one line per project with its years, the flags, the suggestion.
    let r = run([
        "compare".as_ref(),
        y24.join("report.json").as_os_str(),
        y25.join("report.json").as_os_str(),
    ]);
    assert!(
        r.stdout.contains(
            "农村饮水安全巩固提升工程（XX县水利局）：2024 95.37（优） → 2025 89.27（良）"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("结果应用建议（供参考）：保持"),
        "{}",
        r.stdout
    );
}

#[test]
fn old_reports_without_some_fields_are_read_and_other_files_are_refused() {
    let dir = tmp();
    // A report as an older version might have written it: no budget, no indicators' targets.
    let old = dir.path().join("2023.json");
    std::fs::write(
        &old,
        r#"{"schema": "jixiao.report/1", "files": [{"path": "县水利局/a.xlsx", "projects": [
            {"sheet": "自评表", "name": "2023年农村饮水安全巩固提升工程", "department": "XX县水利局",
             "score_reviewed": "97", "grade": "优"}]}]}"#,
    )
    .unwrap();
    let (y24, _, _) = two_years();
    let r = run([
        "compare".as_ref(),
        old.as_os_str(),
        y24.join("report.json").as_os_str(),
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout
            .contains("农村饮水安全巩固提升工程（XX县水利局）：2023 97（优） → 2024 95.37（优）"),
        "{}",
        r.stdout
    );
    // Not a report: exit 2, said in Chinese.
    let other = dir.path().join("other.json");
    std::fs::write(&other, r#"{"schema": "something/2", "files": []}"#).unwrap();
    let r = run([
        "compare".as_ref(),
        other.as_os_str(),
        y24.join("report.json").as_os_str(),
    ]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("不是 jixiao 的 report.json（schema 为“something/2”）"),
        "{}",
        r.stderr
    );
    let r = run([
        "check".as_ref(),
        "workbooks".as_ref(),
        "--previous".as_ref(),
        dir.path().join("没有.json").as_os_str(),
    ]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("无法读取"), "{}", r.stderr);
}
