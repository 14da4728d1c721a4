//! `jixiao template`: the blank workbooks it writes are recognised by `jixiao check` with no
//! structural finding, read back with calamine as designed, and — filled in the way a
//! department fills them — review cleanly; a county config changes their grade formula.
//!
//! What a blank template gives: every 评价得分/得分 is empty, so `check` reports exactly one
//! C201 (score missing) per indicator and nothing else — no S002/S003 (the table is found
//! with all its columns), no W101/W102/W103 (weights 100, consistent, all present) — and exits 1,
//! because a form without scores is not ready to file.
//!
//! (That the files open in LibreOffice without a repair prompt was checked by hand:
//! `soffice --headless --convert-to pdf`, then `pdftoppm -png -r 60`, and looking at the pages.)

use crate::common::{check_json_args, diagnostics, run, tmp};
use calamine::{open_workbook_auto, Data, Reader};
use jixiao::config::Config;
use jixiao::write::template::{
    template_workbook_filled, Kind, EVALUATION_INDICATORS, QUALITATIVE_LABELS, SELF_INDICATORS,
};
use std::path::Path;

fn template(dir: &Path, kind: &str, extra: &[&str]) -> std::path::PathBuf {
    let out = dir.join(format!("{kind}.xlsx"));
    let mut args = vec![
        "template".to_string(),
        "--kind".into(),
        kind.into(),
        "-o".into(),
        out.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let r = run(&args);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    out
}

fn all_codes(report: &serde_json::Value) -> Vec<String> {
    let mut codes = Vec::new();
    for f in report["files"].as_array().unwrap() {
        for d in f["diagnostics"].as_array().unwrap() {
            codes.push(d["code"].as_str().unwrap().to_string());
        }
        for p in f["projects"].as_array().unwrap() {
            for d in p["diagnostics"].as_array().unwrap() {
                codes.push(d["code"].as_str().unwrap().to_string());
            }
        }
    }
    codes
}

#[test]
fn a_blank_template_is_recognised_and_only_its_missing_scores_are_reported() {
    let dir = tmp();
    for (kind, family, n, names) in [
        (
            "评价",
            "评价",
            EVALUATION_INDICATORS.len(),
            EVALUATION_INDICATORS
                .iter()
                .map(|i| i.level3)
                .collect::<Vec<_>>(),
        ),
        (
            "自评",
            "自评",
            SELF_INDICATORS.len(),
            SELF_INDICATORS.iter().map(|i| i.2).collect(),
        ),
    ] {
        let path = template(dir.path(), kind, &[]);
        let (code, report) = check_json_args(&[path.as_os_str()]);
        assert_eq!(
            code, 1,
            "{kind}: a form without scores is not ready to file"
        );
        let file = &report["files"][0];
        assert_eq!(file["status"], "errors");
        let projects = file["projects"].as_array().unwrap();
        assert_eq!(
            projects.len(),
            1,
            "{kind}: one project; 填表说明 is not a table"
        );
        let p = &projects[0];
        assert_eq!(p["family"], family);
        assert_eq!(p["weight_total"], "100", "{kind}");
        let got: Vec<&str> = p["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["level3"].as_str().unwrap())
            .collect();
        assert_eq!(got, names, "{kind}");
        assert_eq!(p["score_reviewed"], serde_json::Value::Null);
        let codes = all_codes(&report);
        for structural in [
            "S002", "S003", "W101", "W102", "W103", "W104", "C203", "C204",
        ] {
            assert!(!codes.iter().any(|c| c == structural), "{kind}: {codes:?}");
        }
        assert_eq!(codes, vec!["C201".to_string(); n], "{kind}");
    }
}

#[test]
fn the_evaluation_template_reads_back_as_designed() {
    let dir = tmp();
    let path = template(dir.path(), "评价", &[]);
    let mut wb = open_workbook_auto(&path).unwrap();
    assert_eq!(wb.sheet_names(), vec!["绩效评价表", "填表说明"]);
    let range = wb.worksheet_range("绩效评价表").unwrap();
    let text = |r: u32, c: u32| match range.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        _ => String::new(),
    };
    let header: Vec<String> = (0..11).map(|c| text(3, c)).collect();
    assert_eq!(
        header,
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "指标解释",
            "评价标准",
            "指标分值",
            "实际完成值",
            "不符合项",
            "评价得分",
            "扣分情况",
            "扣分原因"
        ]
    );
    assert_eq!(text(4, 0), "决策");
    assert_eq!(text(4, 2), "立项依据充分性");
    let total_row = 4 + EVALUATION_INDICATORS.len() as u32;
    assert_eq!(text(total_row, 0), "合计");
    assert_eq!(text(total_row, 5), "100", "the SUM's cached result");
    assert_eq!(text(total_row + 1, 0), "评定等级");
    let formulas = wb.worksheet_formula("绩效评价表").unwrap();
    let f = |r: u32, c: u32| formulas.get_value((r, c)).cloned().unwrap_or_default();
    assert_eq!(f(total_row, 5), "SUM(F5:F22)");
    assert!(f(4, 9).contains("F5-I5"), "{}", f(4, 9));
    assert!(
        f(total_row + 1, 1).contains("\"优\""),
        "{}",
        f(total_row + 1, 1)
    );
    let mut xlsx: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let merges = xlsx.merge_cells_by_sheet_name("绩效评价表").unwrap();
    assert!(
        merges
            .iter()
            .any(|m| m.start == (4, 0) && m.end == (4 + 5, 0)),
        "决策 merged over its six rows: {merges:?}"
    );
    let notes = wb.worksheet_range("填表说明").unwrap();
    let all: String = notes
        .rows()
        .flatten()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(all.contains("财预〔2020〕10号"));
    assert!(all.contains("不符合项"));
}

#[test]
fn the_self_evaluation_template_has_its_budget_block_and_labels() {
    let dir = tmp();
    let path = template(dir.path(), "自评", &[]);
    let mut wb = open_workbook_auto(&path).unwrap();
    assert_eq!(wb.sheet_names(), vec!["绩效自评表", "填表说明"]);
    let range = wb.worksheet_range("绩效自评表").unwrap();
    let row = |r: u32| -> Vec<String> {
        (0..9)
            .map(|c| {
                range
                    .get_value((r, c))
                    .map(|v| v.to_string())
                    .unwrap_or_default()
            })
            .collect()
    };
    assert_eq!(
        row(4)[..8],
        [
            "项目资金（万元）",
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分"
        ]
    );
    assert_eq!(row(5)[0], "年度资金总额");
    assert_eq!(row(6)[0], "其中：本年财政拨款");
    assert_eq!(
        row(11)[1..].join("|"),
        "一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分|偏差原因分析及改进措施"
    );
    assert_eq!(row(12)[1], "产出指标(50分)");
    let formulas = wb.worksheet_formula("绩效自评表").unwrap();
    let f = |r: u32, c: u32| formulas.get_value((r, c)).cloned().unwrap_or_default();
    assert_eq!(f(5, 2), "SUM(C7:C9)");
    assert!(f(5, 6).contains("E6/D6"), "{}", f(5, 6));
    assert!(f(5, 7).contains("MIN(F6,F6*MAX(0,E6/D6))"), "{}", f(5, 7));
}

fn evaluation_fill(row: &str, col: &str) -> Option<String> {
    let v = match (row, col) {
        ("项目名称", "") => "乡村道路养护项目",
        ("主管部门", "") => "县交通运输局",
        ("立项依据充分性", "不符合项") => "③",
        ("立项依据充分性", "评价得分") => "2.4",
        ("立项依据充分性", "扣分原因") => "与部门职责不完全相符，扣0.6分",
        ("服务对象满意度", "实际完成值") => "88%",
        ("服务对象满意度", "评价得分") => "9",
        ("服务对象满意度", "扣分原因") => "满意度88%，低于90%标准2个百分点，扣1分",
        (name, "评价得分") => {
            let i = EVALUATION_INDICATORS.iter().find(|i| i.level3 == name)?;
            return Some(i.weight.to_string());
        }
        (_, "不符合项") => "无",
        _ => return None,
    };
    Some(v.to_string())
}

fn self_fill(row: &str, col: &str) -> Option<String> {
    let v = match (row, col) {
        ("项目名称", "") => "委托业务项目",
        ("主管部门", "") => "县财政局",
        ("本年财政拨款", "年初预算数" | "全年预算数") => "100",
        ("本年财政拨款", "全年执行数") => "92",
        ("计划任务完成数", "年度指标值") => "≥50个",
        ("计划任务完成数", "实际完成值") => "50",
        ("验收合格率" | "按期完成率", "实际完成值") => "100%",
        ("项目成本控制数", "年度指标值") => "≤90万元",
        ("项目成本控制数", "实际完成值") => "88",
        ("服务对象满意度", "实际完成值") => "95%",
        (_, "实际完成值") => QUALITATIVE_LABELS[0],
        (name, "得分") => {
            let i = SELF_INDICATORS.iter().find(|i| i.2 == name)?;
            return Some(i.4.to_string());
        }
        _ => return None,
    };
    Some(v.to_string())
}

#[test]
fn a_filled_in_evaluation_template_reviews_cleanly() {
    let dir = tmp();
    let bytes =
        template_workbook_filled(Kind::Evaluation, &Config::default(), &evaluation_fill).unwrap();
    let path = dir.path().join("已填.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let (code, report) = check_json_args(&[path.as_os_str()]);
    let found = diagnostics(&report);
    assert_eq!(code, 0, "{found:#?}");
    assert!(found.is_empty(), "{found:#?}");
    let p = &report["files"][0]["projects"][0];
    assert_eq!(p["name"], "乡村道路养护项目");
    assert_eq!(p["department"], "县交通运输局");
    assert_eq!(p["score_filed"], "98.4");
    assert_eq!(p["score_reviewed"], "98.4");
    assert_eq!(p["grade"], "优");
    assert_eq!(
        p["grade_filed"], "优",
        "the 评定等级 formula's cached result"
    );
    // The two scored rows were recomputed from their inputs, not kept.
    let ind = |name: &str| {
        p["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["level3"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(ind("服务对象满意度")["rule"], "threshold");
    assert_eq!(ind("服务对象满意度")["manual"], false);
    assert_eq!(ind("立项依据充分性")["rule"], "checklist");
    assert_eq!(ind("立项依据充分性")["manual"], false);
}

#[test]
fn a_filled_in_self_evaluation_template_reviews_cleanly() {
    let dir = tmp();
    let bytes =
        template_workbook_filled(Kind::SelfEvaluation, &Config::default(), &self_fill).unwrap();
    let path = dir.path().join("已填自评.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let (code, report) = check_json_args(&[path.as_os_str()]);
    let found = diagnostics(&report);
    let errors: Vec<_> = found.iter().filter(|d| d.severity == "error").collect();
    assert!(errors.is_empty(), "{found:#?}");
    assert_eq!(code, 0, "{found:#?}");
    let p = &report["files"][0]["projects"][0];
    assert_eq!(p["family"], "自评");
    assert_eq!(p["name"], "委托业务项目");
    assert_eq!(p["weight_total"], "100");
    assert_eq!(p["budget"]["spent"], "92");
    assert_eq!(p["score_reviewed"], "99.2", "9.2 for 执行率 92% + 90");
    assert_eq!(p["grade"], "优");
}

#[test]
fn a_county_config_sets_the_grade_formula_of_the_template() {
    let dir = tmp();
    let cfg = dir.path().join("jixiao.toml");
    std::fs::write(
        &cfg,
        "[[grade]]\nname = \"优秀\"\nmin = 95\n[[grade]]\nname = \"合格\"\nmin = 60\n[[grade]]\nname = \"不合格\"\nmin = 0\n",
    )
    .unwrap();
    let path = template(dir.path(), "评价", &["--config", cfg.to_str().unwrap()]);
    let mut wb = open_workbook_auto(&path).unwrap();
    let formulas = wb.worksheet_formula("绩效评价表").unwrap();
    let row = 5 + EVALUATION_INDICATORS.len() as u32;
    let f = formulas.get_value((row, 1)).cloned().unwrap_or_default();
    assert!(f.contains("I23>=95,\"优秀\""), "{f}");
}

#[test]
fn an_existing_file_is_kept_unless_forced_and_names_default_by_kind() {
    let dir = tmp();
    let r = crate::common::jixiao()
        .current_dir(dir.path())
        .args(["template", "--kind", "自评"])
        .output()
        .unwrap();
    assert!(r.status.success());
    let made = dir.path().join("绩效自评表.xlsx");
    assert!(made.is_file());
    std::fs::write(&made, b"department's own work").unwrap();
    let r = crate::common::jixiao()
        .current_dir(dir.path())
        .args(["template", "--kind", "自评"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("--force"));
    assert_eq!(std::fs::read(&made).unwrap(), b"department's own work");
    let r = crate::common::jixiao()
        .current_dir(dir.path())
        .args(["template", "--kind", "自评", "--force"])
        .output()
        .unwrap();
    assert!(r.status.success());
    assert_ne!(std::fs::read(&made).unwrap(), b"department's own work");
    let r = crate::common::jixiao()
        .current_dir(dir.path())
        .args(["template"])
        .output()
        .unwrap();
    assert!(r.status.success());
    assert!(dir.path().join("绩效评价表.xlsx").is_file());
    // No temporary files left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn the_template_is_deterministic() {
    let dir = tmp();
    let a = template(dir.path(), "评价", &[]);
    let first = std::fs::read(&a).unwrap();
    let b = template(dir.path(), "评价", &["--force"]);
    assert_eq!(first, std::fs::read(b).unwrap());
}
