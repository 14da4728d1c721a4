//! One test per diagnostic the tool emits today: a workbook with exactly that mistake, built
//! here, checked by the real binary; the code must appear at the right cell with the right
//! severity and the right numbers in its message. Plus the reading rules of SPEC §2 (numbers
//! as text, two-row headers, level cells, several sheets, hidden sheets, the 30-row limit).
//!
//! The clean table of `common::clean_table()` is the baseline: data rows 5–14 (index 0–9),
//! 合计 row 15; columns E 指标分值, F 评价得分, G 扣分情况, H 扣分原因.

use crate::common::*;
use serde_json::Value;

/// Asserts the report's `(code, cell)` pairs, sorted.
fn assert_code_cells(report: &Value, want: &[(&str, &str)]) {
    let mut want: Vec<(String, String)> = want
        .iter()
        .map(|(c, a)| (c.to_string(), a.to_string()))
        .collect();
    want.sort();
    assert_eq!(
        code_cells(report),
        want,
        "diagnostics:\n{:#?}",
        diagnostics(report)
    );
}

fn assert_message(found: &Found, parts: &[&str]) {
    for part in parts {
        assert!(
            found.message.contains(part),
            "{} message {:?} lacks {:?}",
            found.code,
            found.message,
            part
        );
    }
}

// ---- the baseline ---------------------------------------------------------------------------

#[test]
fn clean_table_has_no_diagnostics_at_all() {
    for merged in [false, true] {
        let (code, report, _dir) = check_sheet(&clean_table().merge_level_cells(merged));
        assert_eq!(diagnostics(&report), vec![], "merged: {merged}");
        assert_eq!(code, 0);
        let p = project(&report);
        assert_eq!(p["weight_total"], "100");
        assert_eq!(p["score_filed"], "98.4");
        assert_eq!(p["score_reviewed"], "98.4");
        assert_eq!(p["grade"], "优");
        assert_eq!(p["name"], "平台运维项目");
        assert_eq!(p["department"], "县财政局");
        assert_eq!(p["indicators"].as_array().unwrap().len(), 10);
        assert_eq!(report["files"][0]["status"], "ok");
        assert_eq!(report["totals"]["errors"], 0);
        assert_eq!(report["totals"]["warnings"], 0);
    }
}

#[test]
fn correct_stated_total_and_grade_give_no_c207() {
    let t = clean_table()
        .below("自评得分：98.4")
        .below("评定等级：优秀");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(diagnostics(&report), vec![]);
    assert_eq!(code, 0);
    assert_eq!(project(&report)["grade_filed"], "优秀");
}

// ---- S: files and sheets --------------------------------------------------------------------

#[test]
fn s001_a_file_that_is_not_a_workbook_is_unreadable() {
    let dir = tmp();
    let path = dir.path().join("报表.xlsx");
    std::fs::write(&path, b"\x01\x02this is not a zip archive at all\xff\xfe").unwrap();
    let (code, report) = check_json(&path);
    assert_eq!(code, 1);
    let file = &report["files"][0];
    assert_eq!(file["status"], "unreadable");
    assert!(file["error"].as_str().is_some_and(|e| !e.is_empty()));
    assert_eq!(file["projects"], Value::Array(vec![]));
    let d = only(&report, "S001");
    assert_eq!(d.severity, "error");
    assert_eq!(d.cell, None);
    assert_eq!(d.sheet, None, "S001 is a file-level diagnostic");
    assert_message(&d, &["另存为 .xlsx"]);
    assert_eq!(report["totals"]["unreadable"], 1);
}

#[test]
fn s002_a_workbook_without_an_indicator_table() {
    let notes = Sheet::new("填表说明")
        .line("填表说明：")
        .line("1. 三级指标按实际填写；")
        .line("2. 得分保留两位小数。");
    let (code, report, _dir) = check_sheet(&notes);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("S002", "-")]);
    let d = only(&report, "S002");
    assert_eq!(d.severity, "error");
    assert_eq!(d.sheet, None, "S002 is a file-level diagnostic");
    assert_eq!(report["files"][0]["status"], "errors");
    assert_eq!(report["files"][0]["projects"], Value::Array(vec![]));
}

#[test]
fn s003_a_header_without_weight_and_score_columns() {
    let goals = Sheet::new("绩效目标表")
        .title("XX项目绩效目标表")
        .header(&["一级指标", "二级指标", "三级指标", "指标值", "实施进度"])
        .row(&["产出指标", "数量指标", "培训人次", "≥500人次", "已完成"]);
    let (code, report, _dir) = check_sheet(&goals);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("S003", "-")]);
    let d = only(&report, "S003");
    assert_eq!(d.severity, "error");
    assert_message(&d, &["绩效目标表", "第 2 行", "指标分值", "评价得分"]);
    assert!(
        !d.message.contains("三级指标、"),
        "三级指标 is present: {}",
        d.message
    );
}

#[rustfmt::skip]
#[test]
fn w105_a_form_with_targets_and_scores_but_no_weight_column_is_read() {
    // An older 自评表 states weights only per block (`产出指标(40分)`): its scores are read,
    // nothing is reported as missing, and one note says the weights could not be checked.
    let form = Sheet::new("Sheet1")
        .header(&["一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "得分"])
        .row(&["产出指标(40分)", "数量指标", "公猪舍(≥**平方米)", "22.8", "22.8", "1"])
        .row(&["产出指标(40分)", "数量指标", "仓库(≥**平方米)", "104", "104", "2"]);
    let (code, report, _dir) = check_sheet(&form);
    assert_eq!(code, 0, "{:#?}", diagnostics(&report));
    assert_code_cells(&report, &[("W105", "F1")]);
    let d = only(&report, "W105");
    assert_eq!(d.severity, "info");
    assert_message(&d, &["没有“分值”列", "产出指标 40"]);
    assert_eq!(tree(&report).len(), 2);
    assert_eq!(project(&report)["score_filed"], "3");
    assert_eq!(project(&report)["weight_total"], Value::Null);
}

#[rustfmt::skip]
#[test]
fn w105_a_form_with_actuals_only_and_scores_but_no_weight_column_is_read() {
    // The same form with its 实际完成值 and no 目标值 column: either input column marks it as a
    // form whose weights are stated per block.
    let form = Sheet::new("Sheet1")
        .header(&["一级指标", "二级指标", "三级指标", "实际完成值", "得分"])
        .row(&["产出指标(40分)", "数量指标", "公猪舍(≥**平方米)", "22.8", "1"])
        .row(&["产出指标(40分)", "数量指标", "仓库(≥**平方米)", "104", "2"]);
    let (code, report, _dir) = check_sheet(&form);
    assert_eq!(code, 0, "{:#?}", diagnostics(&report));
    assert_eq!(codes(&report), ["W105"]);
    assert_eq!(tree(&report).len(), 2);
    assert_eq!(project(&report)["score_filed"], "3");
}

#[rustfmt::skip]
#[test]
fn s003_a_header_with_scores_but_no_weights_anywhere() {
    // 得分 and no 分值 column, no target or actual column, and names that carry no weight:
    // nothing says what each indicator is worth, so it is no table (S003), not a weightless form.
    let sheet = Sheet::new("Sheet1")
        .header(&["一级指标", "二级指标", "三级指标", "得分"])
        .row(&["产出指标", "数量指标", "培训人次", "5"]);
    let (code, report, _dir) = check_sheet(&sheet);
    assert_eq!(code, 1);
    assert_eq!(codes(&report), ["S003"]);
}

// ---- W: weights -----------------------------------------------------------------------------

#[test]
fn w101_level1_weights_must_sum_to_the_total() {
    let t = clean_table()
        .replace("效益(30)", "效益(28)")
        .replace("社会效益(20分)", "社会效益(18分)")
        .set(8, "指标分值", "18")
        .set(8, "评价得分", "18")
        .recompute_total();
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("W101", &t.total_cell("指标分值"))]);
    let d = only(&report, "W101");
    assert_eq!(d.severity, "error");
    assert_message(
        &d,
        &[
            "合计为 98",
            "决策 10",
            "过程 30",
            "产出 30",
            "效益 28",
            "应为 100",
        ],
    );
}

#[test]
fn w102_level_weight_must_equal_the_sum_of_its_children() {
    for merged in [false, true] {
        let t = clean_table()
            .merge_level_cells(merged)
            .replace("项目立项(6分)", "项目立项(7分)");
        let (code, report, _dir) = check_sheet(&t);
        assert_eq!(code, 1);
        assert_code_cells(&report, &[("W102", &t.cell(0, "二级指标"))]);
        let d = only(&report, "W102");
        assert_eq!(d.severity, "error");
        assert_message(
            &d,
            &[
                "项目立项",
                "标明 7 分",
                "合计为 6",
                "立项依据充分性 3",
                "立项程序规范性 3",
            ],
        );
    }
}

#[test]
fn w102_level1_weight_must_equal_the_sum_of_its_children() {
    let t = clean_table().replace("过程(30)", "过程(25)");
    let (_, report, _dir) = check_sheet(&t);
    let d = at(&report, "W102", &t.cell(3, "一级指标"));
    assert_message(
        &d,
        &[
            "一级指标“过程”标明 25 分",
            "合计为 30",
            "资金管理 20",
            "组织实施 10",
        ],
    );
}

#[test]
fn w102_level3_name_weight_must_equal_the_weight_column() {
    let t = clean_table().set(0, "三级指标", "立项依据充分性（2分）");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("W102", &t.cell(0, "指标分值"))]);
    let d = only(&report, "W102");
    assert_eq!(d.indicator.as_deref(), Some("立项依据充分性"));
    assert_message(&d, &["标明 2 分", "指标分值为 3"]);
    // The name is reported without its weight.
    assert_eq!(
        project(&report)["indicators"][0]["level3"],
        "立项依据充分性"
    );
}

#[test]
fn w103_missing_weight() {
    let t = clean_table().set(2, "指标分值", "");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("W103", &t.cell(2, "指标分值"))]);
    let d = only(&report, "W103");
    assert_eq!(d.severity, "error");
    assert_message(&d, &["为空"]);
}

#[test]
fn w103_weight_that_is_not_a_number() {
    let t = clean_table().set(2, "指标分值", "待定");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("W103", &t.cell(2, "指标分值"))]);
    assert_message(&only(&report, "W103"), &["“待定”不是数字"]);
}

#[test]
fn w103_zero_weight() {
    let t = clean_table()
        .set(2, "指标分值", "0")
        .set(2, "评价得分", "0");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    let d = at(&report, "W103", &t.cell(2, "指标分值"));
    assert_eq!(d.severity, "error");
    assert_message(&d, &["指标分值为 0", "应大于 0"]);
}

/// A self-evaluation style table whose 产出指标 weighs 40 instead of the expected 50.
#[rustfmt::skip]
fn output_40() -> Sheet {
    Sheet::new("自评表")
        .title("XX项目支出绩效自评表")
        .header(&HEADER)
        .row(&["产出指标(40分)", "数量指标", "培训人次", "", "20", "20", "", ""])
        .row(&["产出指标(40分)", "质量指标", "合格率", "", "20", "20", "", ""])
        .row(&["效益指标(30分)", "社会效益指标", "就业率", "", "30", "30", "", ""])
        .row(&["满意度指标(10分)", "满意度指标", "学员满意度", "", "10", "10", "", ""])
        .row(&["预算执行(20分)", "预算执行", "预算执行率", "", "20", "20", "", ""])
        .total(&["合计", "", "", "", "100", "100", "0", ""])
}

/// The 财预〔2020〕10号 split, as a county writes it in its jixiao.toml.
const SPLIT_10HAO: &str =
    "[expected_level1]\n\"产出指标\" = 50\n\"效益指标\" = 30\n\"满意度指标\" = 10\n";

#[test]
fn w104_level1_weight_departs_from_the_expected_weight() {
    let t = output_40().merge_level_cells(true);
    let dir = tmp();
    let path = t.write(dir.path(), "自评表.xlsx");
    // No split is expected by default: provinces' forms differ.
    let (code, report) = check_json(&path);
    assert_eq!((code, diagnostics(&report)), (0, vec![]));
    std::fs::write(dir.path().join("jixiao.toml"), SPLIT_10HAO).unwrap();
    let (code, report) = check_json(&path);
    assert_eq!(code, 0, "W104 is a warning");
    assert_code_cells(&report, &[("W104", &t.cell(0, "一级指标"))]);
    let d = only(&report, "W104");
    assert_eq!(d.severity, "warning");
    assert_message(&d, &["产出指标", "权重为 40", "规定权重为 50"]);
}

#[test]
fn w104_expected_weights_come_from_the_config() {
    let dir = tmp();
    let path = output_40().write(dir.path(), "自评表.xlsx");
    let config = dir.path().join("jixiao.toml");
    std::fs::write(&config, "[expected_level1]\n\"产出指标\" = 40\n").unwrap();
    let (code, report) =
        check_json_args(&[path.as_os_str(), "--config".as_ref(), config.as_os_str()]);
    assert_eq!(diagnostics(&report), vec![]);
    assert_eq!(code, 0);
    // And a config can make any level1 weight depart.
    std::fs::write(&config, "[expected_level1]\n\"效益指标\" = 20\n").unwrap();
    let (_, report) = check_json_args(&[path.as_os_str(), "--config".as_ref(), config.as_os_str()]);
    let d = only(&report, "W104");
    assert_message(&d, &["效益指标", "权重为 30", "规定权重为 20"]);
}

// ---- C: scores ------------------------------------------------------------------------------

#[test]
fn c201_empty_score_is_an_error_not_a_zero() {
    let t = clean_table().set(0, "评价得分", "");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("C201", &t.cell(0, "评价得分"))]);
    let d = only(&report, "C201");
    assert_eq!(d.severity, "error");
    assert_eq!(d.indicator.as_deref(), Some("立项依据充分性"));
    assert_message(&d, &["为空", "0 到 3"]);
    let ind = &project(&report)["indicators"][0];
    assert_eq!(ind["score_filed"], Value::Null, "never read as 0");
    assert_eq!(project(&report)["score_reviewed"], Value::Null);
}

#[test]
fn c201_text_score_is_not_a_number() {
    let t = clean_table().set(5, "评价得分", "良好");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("C201", &t.cell(5, "评价得分"))]);
    assert_message(&only(&report, "C201"), &["“良好”不是数字", "0 到 10"]);
}

#[test]
fn c201_error_cell_score() {
    let t = clean_table().set(3, "评价得分", "=1/0 -> #DIV/0!");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("C201", &t.cell(3, "评价得分"))]);
    assert_message(&only(&report, "C201"), &["#DIV/0!"]);
}

#[test]
fn formula_score_with_a_cached_result_is_read() {
    let t = clean_table().set(3, "评价得分", "=E8 -> 10");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(diagnostics(&report), vec![]);
    assert_eq!(code, 0);
    assert_eq!(project(&report)["indicators"][3]["score_filed"], "10");
}

/// rust_xlsxwriter cannot save a formula without a result (that case is the openpyxl fixture
/// of `tests/fixtures.rs`); the closest it writes is a formula whose result is an empty string.
#[test]
fn c201_formula_with_an_empty_result_is_missing_not_zero() {
    let t = clean_table().set(3, "评价得分", "=IF(E8>0,\"\",0)");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("C201", &t.cell(3, "评价得分"))]);
    assert_message(&only(&report, "C201"), &["为空"]);
    assert_eq!(
        project(&report)["indicators"][3]["score_filed"],
        Value::Null
    );
}

#[test]
fn c202_score_above_the_weight() {
    let t = clean_table().set(0, "评价得分", "4").recompute_total();
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    // The empty deduction is not reported as well: C202 says what to fix first.
    assert_code_cells(&report, &[("C202", &t.cell(0, "评价得分"))]);
    let d = only(&report, "C202");
    assert_eq!(d.severity, "error");
    assert_message(&d, &["4", "超过分值 3", "0 到 3"]);
    // The review never counts more than the weight, nor a negative loss.
    let ind = &project(&report)["indicators"][0];
    assert_eq!(ind["score_filed"], "4");
    assert_eq!(ind["score_reviewed"], "3");
    assert_eq!(ind["deduction_reviewed"], "0");
}

#[test]
fn c202_negative_score() {
    let t = clean_table().deduct(0, "-1", "立项依据严重不足");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("C202", &t.cell(0, "评价得分"))]);
    assert_message(&only(&report, "C202"), &["-1", "负数", "0 到 3"]);
    let ind = &project(&report)["indicators"][0];
    assert_eq!(ind["score_reviewed"], "0");
    assert_eq!(ind["deduction_reviewed"], "3");
}

#[test]
fn c203_deduction_must_equal_weight_minus_score() {
    let t = clean_table()
        .deduct(3, "8", "资金到位率96%，扣2分")
        .set(3, "扣分情况", "1")
        .recompute_total();
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("C203", &t.cell(3, "扣分情况"))]);
    let d = only(&report, "C203");
    assert_eq!(d.severity, "error");
    assert_eq!(d.indicator.as_deref(), Some("资金到位率"));
    assert_message(&d, &["为 1", "应为分值 10 − 得分 8 = 2"]);
}

#[test]
fn c203_empty_deduction_while_points_were_lost() {
    let t = clean_table()
        .deduct(3, "8", "资金到位率96%，扣2分")
        .set(3, "扣分情况", "")
        .recompute_total();
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("C203", &t.cell(3, "扣分情况"))]);
    assert_message(
        &only(&report, "C203"),
        &["为空", "应为分值 10 − 得分 8 = 2"],
    );
}

#[test]
fn dash_deduction_on_a_full_score_means_zero() {
    let t = clean_table()
        .set(0, "扣分情况", "-")
        .set(1, "扣分情况", "无");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(diagnostics(&report), vec![]);
    assert_eq!(code, 0);
}

#[test]
fn c204_total_score_must_equal_the_sum_of_scores() {
    let t = clean_table().set_total("评价得分", "97.4");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("C204", &t.total_cell("评价得分"))]);
    let d = only(&report, "C204");
    assert_eq!(d.severity, "error");
    assert_message(&d, &["97.4", "98.4"]);
    assert_eq!(
        project(&report)["score_filed"],
        "97.4",
        "the 合计 row as filed"
    );
    assert_eq!(project(&report)["score_reviewed"], "98.4");
}

#[test]
fn c204_total_weight_must_equal_the_sum_of_weights() {
    let t = clean_table().set_total("指标分值", "90");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("C204", &t.total_cell("指标分值"))]);
    assert_message(&only(&report, "C204"), &["分值为 90", "之和为 100"]);
}

#[test]
fn c204_total_deduction_must_equal_the_sum_of_deductions() {
    let t = clean_table().set_total("扣分情况", "2");
    let (_, report, _dir) = check_sheet(&t);
    assert_code_cells(&report, &[("C204", &t.total_cell("扣分情况"))]);
    assert_message(&only(&report, "C204"), &["扣分为 2", "之和为 1.6"]);
}

#[test]
fn c205_points_lost_without_a_reason() {
    for (score, lost) in [("8", "扣 2 分"), ("9.5", "扣 0.5 分")] {
        for reason in ["", "无", "-"] {
            let t = clean_table().deduct(4, score, reason);
            let (code, report, _dir) = check_sheet(&t);
            assert_eq!(code, 0, "C205 is a warning");
            assert_code_cells(&report, &[("C205", &t.cell(4, "扣分原因"))]);
            let d = only(&report, "C205");
            assert_eq!(d.severity, "warning");
            assert_eq!(d.indicator.as_deref(), Some("预算执行率"));
            assert_message(&d, &[lost, "扣分原因"]);
            assert_eq!(report["totals"]["warnings"], 1);
        }
    }
}

#[test]
fn c206_reason_without_points_lost() {
    let t = clean_table().set(5, "扣分原因", "资料归档不及时");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 0, "C206 is informational");
    assert_code_cells(&report, &[("C206", &t.cell(5, "扣分原因"))]);
    let d = only(&report, "C206");
    assert_eq!(d.severity, "info");
    assert_message(&d, &["资料归档不及时"]);
    assert_eq!(report["totals"]["errors"], 0);
    assert_eq!(report["totals"]["warnings"], 0);
}

#[test]
fn c207_stated_grade_must_match_the_reviewed_total() {
    let t = clean_table()
        .deduct(6, "2", "完成率87%，扣13分")
        .below("评定等级：优");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("C207", &t.last_line_cell())]);
    let d = only(&report, "C207");
    assert_eq!(d.severity, "error");
    assert_message(&d, &["“优”", "85.4", "“良”"]);
    let p = project(&report);
    assert_eq!(p["grade"], "良");
    assert_eq!(p["grade_filed"], "优");
}

#[test]
fn c207_stated_total_must_match_the_reviewed_total() {
    let t = clean_table()
        .deduct(3, "7", "资金到位率94%，扣3分")
        .below("自评得分：96");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("C207", &t.last_line_cell())]);
    assert_message(
        &only(&report, "C207"),
        &["96", "复核得分为 95.4", "应改为 95.4"],
    );
}

// ---- reading (SPEC §2) ----------------------------------------------------------------------

#[test]
fn numbers_stored_as_text_are_read_as_numbers() {
    let t = clean_table()
        .set(0, "指标分值", "'3")
        .set(0, "评价得分", "3分")
        .set(9, "评价得分", "９.４")
        .set(9, "扣分情况", "0.6 分")
        .set(5, "指标分值", "１０分")
        .set_total("评价得分", "'98.4");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(diagnostics(&report), vec![]);
    assert_eq!(code, 0);
    let inds = &project(&report)["indicators"];
    assert_eq!(inds[0]["weight"], "3");
    assert_eq!(inds[0]["score_filed"], "3");
    assert_eq!(inds[5]["weight"], "10");
    assert_eq!(inds[9]["score_filed"], "9.4");
    assert_eq!(inds[9]["deduction_filed"], "0.6");
    assert_eq!(project(&report)["score_filed"], "98.4");
}

#[test]
fn float_noise_is_cleaned_to_exact_decimals() {
    let t = clean_table()
        .set(9, "评价得分", "9.4000000001")
        .set(9, "扣分情况", "0.5999999999");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(diagnostics(&report), vec![]);
    assert_eq!(code, 0);
    assert_eq!(project(&report)["indicators"][9]["score_filed"], "9.4");
}

#[test]
fn two_row_header_is_recognised() {
    let top = [
        "一级指标",
        "二级指标",
        "三级指标",
        "评价标准",
        "指标分值",
        "评价得分",
        "扣分情况",
        "",
    ];
    let bottom = ["", "", "", "", "", "", "扣分", "扣分原因"];
    let mut t = Sheet::new("评分表")
        .title("XX项目支出绩效评价表")
        .header2(&top, &bottom);
    let clean = clean_table();
    for i in 0..10 {
        let row: Vec<String> = HEADER.iter().map(|h| clean.value(i, h)).collect();
        let row: Vec<&str> = row.iter().map(String::as_str).collect();
        t = t.row(&row);
    }
    let t = t
        .merge_level_cells(true)
        .total(&["合计", "", "", "", "100", "98.4", "1.6", ""]);
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(diagnostics(&report), vec![]);
    assert_eq!(code, 0);
    let inds = &project(&report)["indicators"];
    assert_eq!(inds.as_array().unwrap().len(), 10);
    assert_eq!(inds[0]["row"], 4, "data starts under the two header rows");
    assert_eq!(inds[9]["deduction_filed"], "0.6");
    assert_eq!(inds[9]["reason_filed"], clean.value(9, "扣分原因"));

    // The deduction column is really read: a wrong 扣分 is reported in column G.
    let t = t.set(7, "扣分", "2");
    let (_, report, _dir) = check_sheet(&t);
    let d = at(&report, "C203", &t.cell(7, "扣分"));
    assert!(d.cell.as_deref().unwrap().starts_with('G'));
    assert_message(&d, &["应为分值 15 − 得分 14 = 1"]);
}

#[test]
fn empty_continuation_level_cells_build_the_same_tree_as_merged_ones() {
    let (_, merged, _d1) = check_sheet(&clean_table().merge_level_cells(true));
    let (_, repeated, _d2) = check_sheet(&clean_table());
    let (_, blanked, _d3) = check_sheet(&clean_table().blank_level_continuations());
    let want: Vec<(String, String, String)> = [
        ("决策", "项目立项", "立项依据充分性"),
        ("决策", "项目立项", "立项程序规范性"),
        ("决策", "资金投入", "预算编制科学性"),
        ("过程", "资金管理", "资金到位率"),
        ("过程", "资金管理", "预算执行率"),
        ("过程", "组织实施", "管理制度健全性"),
        ("产出", "产出数量", "实际完成率"),
        ("产出", "产出质量", "质量达标率"),
        ("效益", "社会效益", "服务对象覆盖率"),
        ("效益", "满意度", "服务对象满意度"),
    ]
    .iter()
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    .collect();
    assert_eq!(tree(&merged), want);
    assert_eq!(tree(&repeated), want);
    assert_eq!(tree(&blanked), want);
    for report in [&merged, &repeated, &blanked] {
        assert_eq!(diagnostics(report), vec![]);
    }
}

#[test]
fn blank_level_cells_still_check_declared_level_weights() {
    // With continuation cells empty, 项目立项(7分) still groups both rows under it.
    let t = clean_table()
        .blank_level_continuations()
        .replace("项目立项(6分)", "项目立项(7分)");
    let (_, report, _dir) = check_sheet(&t);
    assert_code_cells(&report, &[("W102", &t.cell(0, "二级指标"))]);
    assert_message(&only(&report, "W102"), &["合计为 6"]);
}

#[test]
fn two_project_sheets_and_a_notes_sheet_give_two_projects() {
    let dir = tmp();
    let path = Book::new()
        .sheet(Sheet::new("填表说明").line("填表说明：按要求填写各项指标。"))
        .sheet(clean_table().named("项目一"))
        .sheet(
            clean_table()
                .named("项目二")
                .merge_level_cells(true)
                .set_total("评价得分", "97"),
        )
        .write(dir.path(), "两个项目.xlsx");
    let (code, report) = check_json(&path);
    assert_eq!(code, 1);
    let projects = report["files"][0]["projects"].as_array().unwrap();
    let sheets: Vec<&str> = projects
        .iter()
        .map(|p| p["sheet"].as_str().unwrap())
        .collect();
    assert_eq!(sheets, vec!["项目一", "项目二"]);
    assert_eq!(report["totals"]["projects"], 2);
    assert_eq!(report["files"][0]["diagnostics"], Value::Array(vec![]));
    // Each sheet's findings stay with its project.
    assert!(diagnostics(&report)
        .iter()
        .all(|d| d.sheet.as_deref() != Some("项目一")));
    let found = diagnostics(&report);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, "C204");
    assert_eq!(found[0].sheet.as_deref(), Some("项目二"));
    assert_eq!(report["totals"]["grades"]["优"], 2);
}

#[test]
fn a_hidden_sheet_is_not_checked() {
    let dir = tmp();
    let broken = clean_table()
        .named("旧版")
        .set(0, "评价得分", "良好")
        .set_total("指标分值", "90")
        .hidden();
    for (name, book) in [
        (
            "隐藏表在后.xlsx",
            Book::new().sheet(clean_table()).sheet(broken.clone()),
        ),
        (
            "隐藏表在前.xlsx",
            Book::new().sheet(broken.clone()).sheet(clean_table()),
        ),
    ] {
        let (code, report) = check_json(&book.write(dir.path(), name));
        assert_eq!(diagnostics(&report), vec![], "{name}");
        assert_eq!(code, 0);
        assert_eq!(report["totals"]["projects"], 1);
        assert_eq!(project(&report)["sheet"], "评分表");
    }

    // Only a hidden table: no table found.
    let path = Book::new()
        .sheet(Sheet::new("说明").line("见隐藏表"))
        .sheet(broken)
        .write(dir.path(), "只有隐藏表.xlsx");
    let (code, report) = check_json(&path);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("S002", "-")]);
}

/// A small table whose header is on Excel row `header_row`, under a title and filler lines.
fn table_with_header_on_row(header_row: usize) -> Sheet {
    let mut t = Sheet::new("评分表").title("XX项目支出绩效评价表");
    for k in 2..header_row {
        t = t.line(&format!("说明第{k}行"));
    }
    t.header(&HEADER)
        .row(&["决策(40)", "项目立项", "立项规范性", "", "40", "40", "", ""])
        .row(&["产出(60)", "产出数量", "完成率", "", "60", "60", "", ""])
        .total(&["合计", "", "", "", "100", "100", "0", ""])
}

#[test]
fn header_is_found_below_title_and_fact_rows_up_to_row_30() {
    for header_row in [2, 12, 30] {
        let t = table_with_header_on_row(header_row);
        let (code, report, _dir) = check_sheet(&t);
        assert_eq!(diagnostics(&report), vec![], "header on row {header_row}");
        assert_eq!(code, 0);
        assert_eq!(
            project(&report)["indicators"][0]["row"],
            header_row as u64 + 1
        );
    }
}

#[test]
fn header_below_row_30_is_not_found() {
    let t = table_with_header_on_row(31);
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("S002", "-")]);
}

#[test]
fn indicator_rows_are_one_based_excel_rows() {
    let t = clean_table();
    let (_, report, _dir) = check_sheet(&t);
    let inds = &project(&report)["indicators"];
    assert_eq!(inds[0]["row"], 5);
    assert_eq!(inds[9]["row"], t.excel_row(9));
}

#[test]
fn total_row_cells_left_empty_are_not_compared() {
    let t = clean_table()
        .set_total("扣分情况", "")
        .set_total("指标分值", "");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(diagnostics(&report), vec![]);
    assert_eq!(code, 0);
}

// ---- project facts (SPEC §2.3) --------------------------------------------------------------

/// The clean table without its fact rows: title, header, data, 合计.
fn table_without_facts() -> Sheet {
    let clean = clean_table();
    let mut t = Sheet::new("评分表")
        .title("XX县2024年平台运维项目支出绩效评价表")
        .header(&HEADER);
    for i in 0..10 {
        let row: Vec<String> = HEADER.iter().map(|h| clean.value(i, h)).collect();
        let row: Vec<&str> = row.iter().map(String::as_str).collect();
        t = t.row(&row);
    }
    t.total(&["合计", "", "", "", "100", "98.4", "1.6", ""])
}

#[test]
fn project_name_falls_back_to_the_title_and_department_to_the_folder() {
    let dir = tmp();
    let path = table_without_facts().write(dir.path(), "县教育局/评价表.xlsx");
    let (code, report) = check_json(&path);
    assert_eq!(code, 0);
    let p = project(&report);
    assert_eq!(p["name"], "XX县2024年平台运维项目");
    assert_eq!(p["department"], "县教育局");
}

fn with_basic_information_sheet(dir: &std::path::Path) -> std::path::PathBuf {
    Book::new()
        .sheet(
            Sheet::new("基本信息")
                .fact("项目名称", "校舍维修项目")
                .fact("主管部门", "县教育局")
                .fact("预算金额（万元）", "50")
                .fact("实际支出（万元）", "47.76"),
        )
        .sheet(table_without_facts())
        .write(dir, "评价表.xlsx")
}

#[test]
fn facts_come_from_a_basic_information_sheet() {
    let dir = tmp();
    let (code, report) = check_json(&with_basic_information_sheet(dir.path()));
    assert_eq!(code, 0);
    assert_eq!(report["totals"]["projects"], 1, "基本信息 is not a project");
    let p = project(&report);
    assert_eq!(p["department"], "县教育局");
    assert_eq!(p["budget"]["initial"], "50");
    assert_eq!(p["budget"]["spent"], "47.76");
    assert_eq!(p["budget"]["rate"], "95.52");
}

#[test]
fn project_name_from_a_basic_information_sheet_comes_before_the_title() {
    let dir = tmp();
    let (_, report) = check_json(&with_basic_information_sheet(dir.path()));
    assert_eq!(project(&report)["name"], "校舍维修项目");
}

// ---- more reading rules ---------------------------------------------------------------------

#[rustfmt::skip]
#[test]
fn header_titles_are_normalised_and_level_weights_read_in_full_width_brackets() {
    let t = Sheet::new("评分表")
        .title("XX项目支出绩效评价表")
        .header(&["一级\n指标", "二级 指标", "三级指标", "评分标准", "分值（分）", "得分\n(分)", "扣　分", "扣分理由"])
        .row(&["决策（40分）", "项目立项（40分）", "立项规范性", "", "40", "40", "", ""])
        .row(&["产出（60分）", "产出数量（60分）", "完成率", "", "60", "57", "3", "完成率95%"])
        .merge_level_cells(true)
        .total(&["合计", "", "", "", "100", "97", "3", ""]);
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(diagnostics(&report), vec![]);
    assert_eq!(code, 0);
    let inds = &project(&report)["indicators"];
    assert_eq!(inds[1]["level1"], "产出");
    assert_eq!(inds[1]["level2"], "产出数量");
    assert_eq!(inds[1]["deduction_filed"], "3");
    assert_eq!(inds[1]["reason_filed"], "完成率95%");

    // The declared weights are read: a wrong one is reported.
    let t = t.replace("产出（60分）", "产出（50分）");
    let (_, report, _dir) = check_sheet(&t);
    assert_code_cells(&report, &[("W102", &t.cell(1, "一级\n指标"))]);
    assert_message(&only(&report, "W102"), &["产出", "50", "60"]);
}

#[test]
fn total_row_may_be_named_zongji_or_zongfen_and_subtotal_rows_are_skipped() {
    for label in ["合计", "总计", "总分", "合　计"] {
        let t = Sheet::new("评分表")
            .header(&HEADER)
            .row(&["决策(40)", "项目立项", "立项规范性", "", "40", "40", "", ""])
            .row(&["决策(40)", "小计", "小计", "", "40", "40", "", ""])
            .row(&["产出(60)", "产出数量", "完成率", "", "60", "60", "", ""])
            .total(&[label, "", "", "", "100", "99", "0", ""])
            .below("说明：本表由项目单位填报，第三方机构复核。");
        let (code, report, _dir) = check_sheet(&t);
        assert_eq!(code, 1, "{label}");
        // The total row is found: its wrong score is C204 (and not an indicator).
        assert_code_cells(&report, &[("C204", &t.total_cell("评价得分"))]);
        assert_eq!(tree(&report).len(), 2, "{label}: 小计 is not an indicator");
    }
}

#[rustfmt::skip]
#[test]
fn without_a_total_row_the_table_ends_at_the_last_indicator() {
    let t = Sheet::new("评分表")
        .header(&HEADER)
        .row(&["决策(40)", "项目立项", "立项规范性", "", "40", "40", "", ""])
        .note("注：产出指标按合同约定的验收标准评价")
        .row(&["产出(60)", "产出数量", "完成率", "", "60", "30", "30", "完成率50%"])
        .below("评价人：张三　日期：2024-12-31")
        .below("评定等级：优");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    // The merged note is not an indicator; the lines below are facts, read for the grade.
    assert_eq!(tree(&report).len(), 2);
    assert_code_cells(&report, &[("C207", &t.last_line_cell())]);
    assert_message(&only(&report, "C207"), &["“优”", "70", "“中”"]);
    assert_eq!(project(&report)["score_filed"], "70");
}

// ---- rows of real tables that are not indicators (issue #15) --------------------------------

#[rustfmt::skip]
#[test]
fn unused_template_rows_not_applicable_rows_and_details_are_not_indicators() {
    let t = Sheet::new("评分表")
        .header(&HEADER)
        .row(&["决策(40)", "项目立项", "立项规范性", "", "40", "40", "", ""])
        .row(&["产出(60)", "产出数量", "完成率", "", "60", "60", "", ""])
        .row(&["产出(60)", "产出数量", "其中：第一批完成率", "", "", "", "", ""])
        .row(&["产出(60)", "产出质量", "指标1：", "", "", "", "", ""])
        .row(&["产出(60)", "生态效益", "对生态环境的影响", "", "/", "/", "", ""])
        .total(&["合计", "", "", "", "100", "100", "0", ""]);
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 0, "{:#?}", diagnostics(&report));
    let names: Vec<String> = tree(&report).into_iter().map(|(_, _, l3)| l3).collect();
    assert_eq!(names, ["立项规范性", "完成率"]);
}

#[rustfmt::skip]
#[test]
fn a_row_with_a_name_and_a_weight_but_no_score_is_still_an_indicator() {
    // Only a row with neither weight nor score is an unused template row: a missing score
    // next to a weight is the department's omission (C201).
    let t = Sheet::new("评分表")
        .header(&HEADER)
        .row(&["决策(40)", "项目立项", "立项规范性", "", "40", "40", "", ""])
        .row(&["产出(60)", "产出数量", "完成率", "", "60", "", "", ""])
        .total(&["合计", "", "", "", "100", "", "", ""]);
    let (_, report, _dir) = check_sheet(&t);
    assert!(codes(&report).contains(&"C201".to_string()), "{:#?}", diagnostics(&report));
    assert_eq!(tree(&report).len(), 2);
}

#[rustfmt::skip]
#[test]
fn conclusions_and_signature_lines_end_the_table() {
    let t = Sheet::new("评分表")
        .header(&HEADER)
        .row(&["决策(40)", "项目立项", "立项规范性", "", "40", "40", "", ""])
        .row(&["产出(60)", "产出数量", "完成率", "", "60", "60", "", ""])
        .row(&["评价结论", "", "该项目管理规范", "", "", "", "", ""])
        .row(&["项目负责人：张三", "", "财务负责人：李四", "", "", "", "", ""])
        .row(&["填表人：王五", "", "联系电话：12345", "", "", "", "", ""]);
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 0, "{:#?}", diagnostics(&report));
    assert_eq!(tree(&report).len(), 2);
}

#[rustfmt::skip]
#[test]
fn the_other_matters_row_with_a_total_states_the_total_and_grade() {
    let t = |score: &str, grade: &str| Sheet::new("评分表")
        .header(&HEADER)
        .row(&["决策(40)", "项目立项", "立项规范性", "", "40", "40", "", ""])
        .row(&["产出(60)", "产出数量", "完成率", "", "60", "60", "", ""])
        .row(&["其他需要说明事项", "", "总分", "", "100", score, "", grade]);
    let (code, report, _dir) = check_sheet(&t("100", "（自评等级）优"));
    assert_eq!(code, 0, "{:#?}", diagnostics(&report));
    assert_eq!(tree(&report).len(), 2);
    assert_eq!(project(&report)["grade_filed"], "优");
    // A stated total or grade that does not match is found on that row.
    let (_, report, _dir) = check_sheet(&t("95", "良"));
    at(&report, "C204", "F4");
    at(&report, "C207", "H4");
}

#[rustfmt::skip]
#[test]
fn a_total_in_the_second_level_column_under_a_merged_first_level_is_the_total_row() {
    let t = Sheet::new("评分表")
        .header(&HEADER)
        .row(&["产出(100)", "产出数量", "完成率", "", "60", "60", "", ""])
        .row(&["产出(100)", "产出质量", "合格率", "", "40", "40", "", ""])
        .row(&["产出(100)", "合计", "", "", "100", "90", "", ""])
        .merge_level_cells(true);
    let (_, report, _dir) = check_sheet(&t);
    // The 合计 row is found (its wrong score is C204) and is no indicator.
    assert_eq!(tree(&report).len(), 2, "{:#?}", diagnostics(&report));
    assert!(codes(&report).contains(&"C204".to_string()), "{:#?}", diagnostics(&report));
}

#[rustfmt::skip]
#[test]
fn a_generic_title_names_no_project_the_file_name_does() {
    let titled = |title: &str| Sheet::new("Sheet1")
        .title(title)
        .header(&HEADER)
        .row(&["决策(40)", "项目立项", "立项规范性", "", "40", "40", "", ""])
        .row(&["产出(60)", "产出数量", "完成率", "", "60", "60", "", ""]);
    let dir = tmp();
    let path = titled("附件1：2022年度项目支出绩效自评表")
        .write(dir.path(), "道路养护项目绩效评价表.xlsx");
    let (_, report) = check_json(&path);
    assert_eq!(project(&report)["name"], "道路养护项目");
    // A title that names the project wins over the file name.
    let path = titled("XX县道路养护项目支出绩效评价表").write(dir.path(), "评价表.xlsx");
    let (_, report) = check_json(&path);
    assert_eq!(project(&report)["name"], "XX县道路养护项目");
}

#[test]
fn c203_a_full_score_with_a_deduction_filed() {
    // 分值 3, 得分 3, 扣分情况 1: the deduction must be 0, even on a full score.
    let t = clean_table().set(0, "扣分情况", "1");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    let d = at(&report, "C203", &t.cell(0, "扣分情况"));
    assert_message(&d, &["为 1", "应为分值 3 − 得分 3 = 0"]);
}

// ---- near misses: correct inputs that look like the error (issue #23) -----------------------

#[test]
fn s003_near_miss_synonyms_of_the_required_titles_are_a_table() {
    // 指标名称 / 权重 / 自评得分 are titles of the three required columns: no S003.
    let t = Sheet::new("评分表")
        .title("XX项目评分表")
        .header(&[
            "一级指标",
            "二级指标",
            "指标名称",
            "评分标准",
            "权重",
            "自评得分",
        ])
        .row(&[
            "产出",
            "产出数量",
            "培训人次",
            "完成500人次得满分",
            "100",
            "100",
        ]);
    let (code, report, _dir) = check_sheet(&t);
    assert!(
        !diagnostics(&report).iter().any(|f| f.code == "S003"),
        "{:?}",
        diagnostics(&report)
    );
    assert_eq!(code, 0, "{:?}", diagnostics(&report));
}

#[test]
fn w103_near_miss_weights_written_with_units_or_full_width_digits() {
    // `3分` and `４` are weights, not W103: the table adds up as filed.
    let t = clean_table()
        .set(0, "指标分值", "3分")
        .set(2, "指标分值", "４");
    let (code, report, _dir) = check_sheet(&t);
    assert!(
        !diagnostics(&report).iter().any(|f| f.code == "W103"),
        "{:?}",
        diagnostics(&report)
    );
    assert_eq!(code, 0, "{:?}", diagnostics(&report));
}

#[test]
fn a_row_under_the_header_holding_numbers_is_data_even_when_a_text_is_a_title() {
    // The first indicator is named 完成值, which is also a title (实际完成值): its row holds
    // numbers, so it is the table's first row, not a second header row.
    let t = Sheet::new("评分表")
        .title("XX项目评分表")
        .header(&[
            "一级指标",
            "二级指标",
            "三级指标",
            "评价标准",
            "指标分值",
            "评价得分",
        ])
        .row(&["产出", "产出数量", "完成值", "完成计划得满分", "60", "60"])
        .row(&["效益", "社会效益", "满意度", "满意度≥90%得满分", "40", "40"])
        .total(&["合计", "", "", "", "100", "100"]);
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 0, "{:?}", diagnostics(&report));
    let p = &report["files"][0]["projects"][0];
    assert_eq!(p["indicators"].as_array().unwrap().len(), 2, "{p:#}");
    assert_eq!(p["weight_total"], "100");
}

// ---- boundaries: each limit just inside and just outside (issue #23) -------------------------

#[test]
fn w101_boundary_decimal_weights_adding_up_exactly_and_a_hundredth_over() {
    // 资金到位率 10.01 + 预算执行率 9.99 = 资金管理 20: the total is exactly 100.
    let inside = clean_table()
        .set(3, "指标分值", "10.01")
        .set(3, "评价得分", "10.01")
        .set(4, "指标分值", "9.99")
        .set(4, "评价得分", "9.99")
        .recompute_total();
    let (code, report, _dir) = check_sheet(&inside);
    assert_eq!((code, diagnostics(&report)), (0, vec![]));
    assert_eq!(project(&report)["weight_total"], "100");
    // 10.01 alone, the level weights following it: 100.01 is no total of 100.
    let outside = clean_table()
        .replace("资金管理(20分)", "资金管理(20.01分)")
        .replace("过程(30)", "过程(30.01)")
        .set(3, "指标分值", "10.01")
        .set(3, "评价得分", "10.01")
        .recompute_total();
    let (code, report, _dir) = check_sheet(&outside);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("W101", &outside.total_cell("指标分值"))]);
    assert_message(&only(&report, "W101"), &["合计为 100.01", "应为 100"]);
}

#[test]
fn w102_boundary_a_level_weight_written_with_decimals_and_one_a_hundredth_off() {
    // 项目立项 = 3 + 3, written `6.00` in full-width brackets: the same weight.
    let t = clean_table().replace("项目立项(6分)", "项目立项（6.00分）");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!((code, diagnostics(&report)), (0, vec![]));
    let t = clean_table().replace("项目立项(6分)", "项目立项(6.01分)");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("W102", &t.cell(0, "二级指标"))]);
    assert_message(&only(&report, "W102"), &["标明 6.01 分", "合计为 6"]);
}

#[test]
fn w104_boundary_the_expected_weight_written_otherwise_and_just_off() {
    let dir = tmp();
    let config = dir.path().join("county.toml");
    std::fs::write(&config, "[expected_level1]\n\"产出指标\" = 40\n").unwrap();
    let check = |t: &Sheet, file: &str| {
        let path = t.write(dir.path(), file);
        check_json_args(&[path.as_os_str(), "--config".as_ref(), config.as_os_str()])
    };
    // `产出指标（40.0分）` is the expected 40.
    let t = output_40().replace("产出指标(40分)", "产出指标（40.0分）");
    let (code, report) = check(&t, "相同.xlsx");
    assert_eq!((code, diagnostics(&report)), (0, vec![]));
    // 39.99 + 0.01 elsewhere keeps the total at 100, but 产出指标 departs from 40.
    let t = output_40()
        .replace("产出指标(40分)", "产出指标(39.99分)")
        .replace("效益指标(30分)", "效益指标(30.01分)")
        .set(1, "指标分值", "19.99")
        .set(1, "评价得分", "19.99")
        .set(2, "指标分值", "30.01")
        .set(2, "评价得分", "30.01");
    let (code, report) = check(&t, "差一点.xlsx");
    assert_eq!(code, 0, "W104 is a warning: {:?}", diagnostics(&report));
    assert_code_cells(&report, &[("W104", &t.cell(0, "一级指标"))]);
    assert_message(&only(&report, "W104"), &["权重为 39.99", "规定权重为 40"]);
}

#[test]
fn c201_near_miss_a_zero_and_a_full_width_score_are_scores() {
    // 0 is a score (every item failed); `９．４` is 9.4.
    let t = clean_table()
        .deduct(0, "0", "①②③均不符合，扣3分")
        .set(9, "评价得分", "９．４");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!((code, diagnostics(&report)), (0, vec![]));
    assert_eq!(project(&report)["indicators"][0]["score_reviewed"], "0");
    assert_eq!(project(&report)["indicators"][9]["score_filed"], "9.4");
}

#[test]
fn c202_boundary_the_whole_weight_and_nothing_are_in_range_a_hundredth_past_is_not() {
    // 得分 3 of 3 is the clean table; 0 of 3 is c201's near miss. 3.01 and −0.01 are out.
    for (score, words) in [("3.01", "超过分值 3"), ("-0.01", "负数")] {
        let t = clean_table().set(0, "评价得分", score).recompute_total();
        let (code, report, _dir) = check_sheet(&t);
        assert_eq!(code, 1, "{score}");
        assert_code_cells(&report, &[("C202", &t.cell(0, "评价得分"))]);
        assert_message(&only(&report, "C202"), &[score, words]);
    }
}

#[test]
fn c203_boundary_a_deduction_written_with_zeros_and_one_a_hundredth_off() {
    // 分值 15, 得分 14, 扣分情况 `1.00`: the same number.
    let t = clean_table().set(7, "扣分情况", "1.00");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!((code, diagnostics(&report)), (0, vec![]));
    let t = clean_table().set(7, "扣分情况", "0.99").recompute_total();
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("C203", &t.cell(7, "扣分情况"))]);
    assert_message(&only(&report, "C203"), &["为 0.99", "15 − 得分 14 = 1"]);
}

#[test]
fn c204_boundary_a_total_written_with_zeros_and_one_a_hundredth_off() {
    let t = clean_table().set_total("评价得分", "98.40");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!((code, diagnostics(&report)), (0, vec![]));
    for wrong in ["98.39", "98.41"] {
        let t = clean_table().set_total("评价得分", wrong);
        let (code, report, _dir) = check_sheet(&t);
        assert_eq!(code, 1, "{wrong}");
        assert_code_cells(&report, &[("C204", &t.total_cell("评价得分"))]);
        assert_message(&only(&report, "C204"), &[wrong, "98.4"]);
    }
}

#[test]
fn c205_boundary_a_hundredth_lost_needs_a_reason_and_any_written_reason_is_one() {
    let t = clean_table().deduct(4, "9.99", "");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 0);
    assert_code_cells(&report, &[("C205", &t.cell(4, "扣分原因"))]);
    assert_message(&only(&report, "C205"), &["扣 0.01 分"]);
    // A short reason, or one pointing elsewhere, is a reason.
    for reason in ["见附件", "执行率99.9%"] {
        let t = clean_table().deduct(4, "9.99", reason);
        let (_, report, _dir) = check_sheet(&t);
        assert!(
            !diagnostics(&report).iter().any(|d| d.code == "C205"),
            "{reason}: {:?}",
            diagnostics(&report)
        );
    }
}

#[test]
fn c206_near_miss_words_saying_nothing_was_deducted_are_no_reason() {
    for words in [
        "无",
        "无。",
        "/",
        "——",
        "无偏差",
        "无扣分",
        "未扣分",
        "不扣分",
    ] {
        let t = clean_table().set(5, "扣分原因", words);
        let (code, report, _dir) = check_sheet(&t);
        assert_eq!((code, diagnostics(&report)), (0, vec![]), "{words}");
    }
}

#[test]
fn c207_boundary_a_total_of_exactly_90_is_excellent_and_89_99_is_not() {
    // 实际完成率: 每减少1个百分点扣1分 — 91.6% loses 8.4 of 15, the total is exactly 90.
    let t = clean_table()
        .deduct(6, "6.6", "完成率91.6%，扣8.4分")
        .below("自评得分：90.00")
        .below("评定等级：优秀");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!((code, diagnostics(&report)), (0, vec![]));
    assert_eq!(project(&report)["score_reviewed"], "90");
    assert_eq!(project(&report)["grade"], "优");
    // 91.59% loses 8.41: 89.99 is 良.
    let t = clean_table()
        .deduct(6, "6.59", "完成率91.59%，扣8.41分")
        .below("自评得分：89.99")
        .below("评定等级：优秀");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("C207", &t.last_line_cell())]);
    assert_message(&only(&report, "C207"), &["“优秀”", "89.99", "“良”"]);
}

#[test]
fn r301_boundary_a_filed_score_a_hundredth_off_the_rule() {
    // 满意度88%: 2 points under 90 at 0.3 each = 0.6; `9.40` is 9.4.
    let t = clean_table().set(9, "评价得分", "9.40");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!((code, diagnostics(&report)), (0, vec![]));
    let t = clean_table().deduct(9, "9.39", "满意度88%，低于90%标准2个百分点，扣0.61分");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_code_cells(&report, &[("R301", &t.cell(9, "评价得分"))]);
    assert_message(&only(&report, "R301"), &["9.39", "应为 9.4"]);
}

#[rustfmt::skip]
#[test]
fn w105_near_miss_weights_written_in_every_name_need_no_weight_column() {
    // The same form with each indicator's weight in its name: the weights are known, and
    // add up to 100 — nothing to say.
    let form = Sheet::new("Sheet1")
        .header(&["一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "得分"])
        .row(&["产出指标(100分)", "数量指标", "公猪舍面积（40分）", "22.8", "22.8", "40"])
        .row(&["产出指标(100分)", "数量指标", "仓库面积（60分）", "104", "104", "60"]);
    let (code, report, _dir) = check_sheet(&form);
    assert_eq!((code, diagnostics(&report)), (0, vec![]));
    assert_eq!(project(&report)["weight_total"], "100");
    assert_eq!(project(&report)["score_reviewed"], "100");
}

#[test]
fn s001_near_miss_an_upper_case_extension_is_the_same_format() {
    let dir = tmp();
    let path = clean_table().write(dir.path(), "评价表.XLSX");
    let (code, report) = check_json(&path);
    assert_eq!((code, diagnostics(&report)), (0, vec![]));
    assert_eq!(report["files"][0]["status"], "ok");
}

#[test]
fn s002_near_miss_the_table_behind_a_cover_and_a_notes_sheet_is_found() {
    // A cover with the project's facts and a notes sheet come first: the table is on the
    // third sheet, and found there.
    let cover = Sheet::new("封面")
        .line("XX县2024年平台运维项目支出绩效评价")
        .line("评价机构：XX会计师事务所");
    let notes = Sheet::new("填表说明").line("1. 得分保留两位小数。");
    let dir = tmp();
    let path = Book::new()
        .sheet(cover)
        .sheet(notes)
        .sheet(clean_table())
        .write(dir.path(), "评价表.xlsx");
    let (code, report) = check_json(&path);
    assert_eq!((code, diagnostics(&report)), (0, vec![]));
    assert_eq!(project(&report)["sheet"], "评分表");
}

#[test]
fn fact_labels_spaced_out_or_ending_in_a_colon_are_labels() {
    // Forms space labels out to the cell's width (`项    目    名    称`) and end them with a colon:
    // neither counts toward a label's length.
    let with_facts = |facts: &[(&str, &str)]| {
        let mut t = Sheet::new("评分表").title("绩效评价评分表");
        for (label, value) in facts {
            t = t.fact(label, value);
        }
        t.header(&HEADER).row(&[
            "产出(100)",
            "产出数量(100分)",
            "实际完成率",
            "",
            "100",
            "100",
            "",
            "",
        ])
    };
    let t = with_facts(&[
        ("项    目    名    称", "平台运维项目"),
        ("项目主管单位：", "县财政局"),
    ]);
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 0, "{:?}", diagnostics(&report));
    assert_eq!(project(&report)["name"], "平台运维项目");
    assert_eq!(project(&report)["department"], "县财政局");
    // A longer text that begins like a label (`项目主管单位负责人`) is no label: its value is
    // not the department.
    let t = with_facts(&[
        ("项目名称", "平台运维项目"),
        ("项目主管单位负责人：", "张三"),
        ("项目主管单位", "县财政局"),
    ]);
    let (_, report, _dir) = check_sheet(&t);
    assert_eq!(project(&report)["department"], "县财政局");
}

/// An evaluation table's indicator without a 评价标准 keeps its filed score, marked as not
/// reviewed; only a self-evaluation form's indicator takes the rule of its own cells.
#[test]
fn an_evaluation_indicator_without_a_criterion_keeps_its_filed_score() {
    let t = clean_table()
        .set(5, "评价标准", "")
        .deduct(5, "8", "制度不够完善");
    let (_code, report, _dir) = check_sheet(&t);
    let ind = indicator(&report, "管理制度健全性");
    assert_eq!(ind["basis"], "人工评分，未复核（没有评价标准）", "{ind}");
    assert_eq!(ind["manual"], true);
    assert_eq!(ind["score_reviewed"], "8");
}
