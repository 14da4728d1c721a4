//! The self-evaluation form (项目支出绩效自评表, 财预〔2020〕10号 附件1; SPEC §4.1): forms built in
//! the test with the budget block and the 产出/效益/满意度 indicators, checked with
//! `jixiao check --format json` (every finding, its cell and its numbers), scored with a
//! county `budget_score`, and annotated by `jixiao run`.
//!
//! The faithful form is [`self_eval_form`] (tests/common): budget block rows 4–8 (年度资金总额
//! in row 5: D 年初预算数, E 全年预算数, F 全年执行数, G 分值, H 执行率, I 得分), header row 9,
//! indicators rows 10–17 (F 实际完成值, G 分值, H 得分, I 偏差原因), 总分 row 18.

use crate::common::*;
use serde_json::Value;

/// [`SELF_ROWS`] with some rows replaced.
fn rows_with<'a>(changes: &[(usize, SelfLine<'a>)]) -> Vec<SelfLine<'a>> {
    let mut rows: Vec<SelfLine<'a>> = SELF_ROWS.to_vec();
    for (k, line) in changes {
        rows[*k] = *line;
    }
    rows
}

/// A form of 县教育体育局 with the given budget block and indicators (总分 row = the sums).
fn form(budget: &[BudgetLine], rows: &[SelfLine]) -> Sheet {
    self_eval_sheet("农村义务教育学生资助项目", "县教育体育局", budget, rows)
}

/// The faithful budget block with another 年度资金总额 line and 本年财政拨款 line.
fn budget_of<'a>(total: BudgetLine<'a>, part: BudgetLine<'a>) -> Vec<BudgetLine<'a>> {
    vec![total, part, SELF_BUDGET[2], SELF_BUDGET[3]]
}

/// `(code, cell)` of every finding (R305 included), sorted.
fn found(report: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = all_diagnostics(report)
        .into_iter()
        .map(|d| (d.code, d.cell.unwrap_or_else(|| "-".into())))
        .collect();
    v.sort();
    v
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = expected
        .iter()
        .map(|(c, a)| (c.to_string(), a.to_string()))
        .collect();
    v.sort();
    v
}

/// Checks `sheet` and asserts exactly these findings (code, cell); returns the report.
fn expect(sheet: &Sheet, expected: &[(&str, &str)]) -> Value {
    let (code, report, _dir) = check_sheet(sheet);
    assert_eq!(
        found(&report),
        pairs(expected),
        "findings; all:\n{:#?}",
        all_diagnostics(&report)
    );
    let errors = all_diagnostics(&report)
        .iter()
        .any(|d| d.severity == "error");
    assert_eq!(code, i32::from(errors), "exit status");
    report
}

/// The message of the finding `code` at `cell`, checked to contain every piece.
fn message(report: &Value, code: &str, cell: &str, pieces: &[&str]) -> String {
    let d = all_diagnostics(report)
        .into_iter()
        .find(|d| d.code == code && d.cell.as_deref() == Some(cell))
        .unwrap_or_else(|| panic!("no {code} at {cell}"));
    for p in pieces {
        assert!(
            d.message.contains(p),
            "{code} at {cell}: “{}” lacks “{p}”",
            d.message
        );
    }
    d.message
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str()
        .unwrap_or_else(|| panic!("{k} is not a string: {v}"))
}

// ---- a faithful form ------------------------------------------------------------------------

#[test]
fn a_faithful_form_is_scored_as_10号_says_with_no_finding() {
    let report = expect(&self_eval_form(), &[]);
    let p = project(&report);
    assert_eq!(s(p, "family"), "自评");
    assert_eq!(s(p, "sheet"), "自评表");
    assert_eq!(s(p, "name"), "农村义务教育学生资助项目");
    assert_eq!(s(p, "department"), "县教育体育局");
    let b = &p["budget"];
    for (k, v) in [
        ("initial", "100"),
        ("adjusted", "100"),
        ("spent", "80"),
        ("rate", "80"),
        ("weight", "10"),
        ("score_filed", "8"),
        ("score_reviewed", "8"),
    ] {
        assert_eq!(s(b, k), v, "budget.{k}");
    }
    // 90 points of indicators + the 10 of 预算执行率.
    assert_eq!(s(p, "weight_total"), "100");
    assert_eq!(s(p, "score_filed"), "89.41");
    assert_eq!(s(p, "score_reviewed"), "89.41");
    assert_eq!(s(p, "grade"), "良");
    assert_eq!(s(p, "grade_filed"), "良");
    let inds = p["indicators"].as_array().unwrap();
    assert_eq!(inds.len(), 8);
    let levels: Vec<(&str, &str)> = inds
        .iter()
        .map(|i| (s(i, "level1"), s(i, "level3")))
        .collect();
    assert_eq!(levels[0], ("产出指标", "受益学生人数"));
    assert_eq!(levels[5], ("效益指标", "家庭经济困难学生资助覆盖率"));
    assert_eq!(levels[7], ("满意度指标", "受助学生满意度"));
    // Quantitative rows are recomputed; the qualitative one is kept in its band.
    let i = indicator(&report, "受益学生人数");
    assert_eq!(s(i, "rule"), "proportional");
    assert_eq!(i["manual"], false);
    assert_eq!(s(i, "score_reviewed"), "9.2");
    assert_eq!(s(i, "deduction_reviewed"), "0.8");
    assert_eq!(s(i, "target"), "≥5000人");
    assert_eq!(s(i, "actual"), "4600人");
    assert_eq!(s(i, "reason_reviewed"), "部分学生转学，资助人数减少");
    assert_eq!(i["row"], 10);
    let i = indicator(&report, "资助资金发放准确率");
    assert_eq!(s(i, "target"), "=100%");
    assert_eq!(s(i, "score_reviewed"), "10");
    assert_eq!(s(i, "rule"), "proportional");
    let i = indicator(&report, "项目总成本");
    assert_eq!(s(i, "score_reviewed"), "10");
    assert!(s(i, "basis").contains("反向指标"), "{}", s(i, "basis"));
    let i = indicator(&report, "家庭经济困难学生资助覆盖率");
    assert_eq!(s(i, "score_reviewed"), "14.21", "15×90/95 = 14.2105…");
    let i = indicator(&report, "资助政策长效机制");
    assert_eq!(s(i, "rule"), "grade");
    assert_eq!(s(i, "score_reviewed"), "10");
    let t = &report["totals"];
    assert_eq!(
        (t["errors"].as_u64(), t["warnings"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(t["grades"]["良"], 1);
}

// ---- the budget block: B401–B403 --------------------------------------------------------------

#[test]
fn b401_a_budget_score_above_weight_times_rate() {
    let budget = budget_of(
        ["年度资金总额", "100", "100", "92", "10", "92%", "10"],
        ["其中：本年财政拨款", "100", "100", "92", "", "", ""],
    );
    let report = expect(&form(&budget, &SELF_ROWS), &[("B401", "I5")]);
    message(&report, "B401", "I5", &["为 10", "应为 9.2", "10×92%=9.2"]);
    let p = project(&report);
    assert_eq!(s(&p["budget"], "rate"), "92");
    assert_eq!(s(&p["budget"], "score_filed"), "10");
    assert_eq!(s(&p["budget"], "score_reviewed"), "9.2");
    // 81.41 of indicators + the budget score.
    assert_eq!(s(p, "score_filed"), "91.41");
    assert_eq!(s(p, "score_reviewed"), "90.61");
    assert_eq!(s(p, "grade"), "优");
}

#[test]
fn b401_an_execution_rate_written_wrong() {
    let part = ["其中：本年财政拨款", "100", "100", "92", "", "", ""];
    let wrong = budget_of(
        ["年度资金总额", "100", "100", "92", "10", "95%", "9.2"],
        part,
    );
    let report = expect(&form(&wrong, &SELF_ROWS), &[("B401", "H5")]);
    message(&report, "B401", "H5", &["95%", "92", "100", "应为 92%"]);
    // The same rate written as a fraction (0.92 shown as 92%) is right.
    let fraction = budget_of(
        ["年度资金总额", "100", "100", "92", "10", "0.92", "9.2"],
        part,
    );
    expect(&form(&fraction, &SELF_ROWS), &[]);
}

#[test]
fn b401_boundary_a_budget_score_rounded_or_cut_at_the_filed_places_and_a_hundredth_off() {
    // 89.974 of 90 is 99.971…%: 10 × that is 9.9971…, 10 at the two places the form is
    // filed at; a rate written `99.97%` is that rate.
    let part = ["其中：本年财政拨款", "90", "90", "89.974", "", "", ""];
    let right = budget_of(
        ["年度资金总额", "90", "90", "89.974", "10", "99.97%", "10"],
        part,
    );
    expect(&form(&right, &SELF_ROWS), &[]);
    // 9.99 is 9.9971… cut at two places, as many departments round: it stands.
    let cut = budget_of(
        ["年度资金总额", "90", "90", "89.974", "10", "99.97%", "9.99"],
        part,
    );
    let report = expect(&form(&cut, &SELF_ROWS), &[]);
    assert_eq!(s(&project(&report)["budget"], "score_reviewed"), "9.99");
    // 9.98 is neither rounding of it.
    let off = budget_of(
        ["年度资金总额", "90", "90", "89.974", "10", "99.97%", "9.98"],
        part,
    );
    let report = expect(&form(&off, &SELF_ROWS), &[("B401", "I5")]);
    message(&report, "B401", "I5", &["为 9.98", "应为 10"]);
    // Exactly the budget spent: 100% and the whole weight.
    let all = budget_of(
        ["年度资金总额", "90", "90", "90", "10", "100%", "10"],
        ["其中：本年财政拨款", "90", "90", "90", "", "", ""],
    );
    expect(&form(&all, &SELF_ROWS), &[]);
}

/// A project with no money in its budget block (every amount 0): there is no execution rate
/// to compute, so the filed budget score stands and nothing is said about it.
#[test]
fn b401_near_miss_a_budget_of_nothing_has_no_rate_to_check() {
    let budget = budget_of(
        ["年度资金总额", "0", "0", "0", "10", "", "10"],
        ["其中：本年财政拨款", "0", "0", "0", "", "", ""],
    );
    let report = expect(&form(&budget, &SELF_ROWS), &[]);
    let b = &project(&report)["budget"];
    assert_eq!(s(b, "score_reviewed"), "10", "{b}");
    assert!(b["rate"].is_null(), "{b}");
}

#[test]
fn b402_a_total_left_at_zero_while_its_parts_hold_the_money() {
    // DOMAIN.md §2.1: the real 棠溪镇 form left 年度资金总额 at 0 (and 执行率/得分 with it).
    let budget = budget_of(
        ["年度资金总额：", "0", "0", "0", "10", "0", "0"],
        ["其中：本年财政拨款", "90", "89.974", "89.974", "", "", ""],
    );
    let report = expect(
        &form(&budget, &SELF_ROWS),
        &[
            ("B402", "D5"),
            ("B402", "E5"),
            ("B402", "F5"),
            ("B401", "H5"),
            ("B401", "I5"),
        ],
    );
    message(
        &report,
        "B402",
        "D5",
        &["年初预算数", "为 0", "90", "本年财政拨款 90"],
    );
    message(
        &report,
        "B402",
        "E5",
        &["全年预算数", "为 0", "应为 89.974"],
    );
    message(
        &report,
        "B402",
        "F5",
        &["全年执行数", "为 0", "应为 89.974"],
    );
    // The rate and score come from the parts: 89.974 ÷ 89.974 = 100% → 10.
    message(&report, "B401", "H5", &["0%", "应为 100%"]);
    message(&report, "B401", "I5", &["为 0", "应为 10"]);
    let b = &project(&report)["budget"];
    assert_eq!(s(b, "rate"), "100");
    assert_eq!(s(b, "score_reviewed"), "10");
    assert_eq!(s(project(&report), "score_reviewed"), "91.41");
}

#[test]
fn b403_spending_above_the_budget() {
    let budget = budget_of(
        ["年度资金总额", "100", "100", "105", "10", "105%", "10"],
        ["其中：本年财政拨款", "100", "100", "105", "", "", ""],
    );
    let report = expect(&form(&budget, &SELF_ROWS), &[("B403", "F5")]);
    message(&report, "B403", "F5", &["105", "超过", "100"]);
    let b = &project(&report)["budget"];
    assert_eq!(s(b, "rate"), "105");
    assert_eq!(s(b, "score_reviewed"), "10", "capped at 分值");
    let d = only(&report, "B403");
    assert_eq!(d.severity, "warning");
}

#[test]
fn a_county_budget_score_rule_changes_the_budget_score() {
    // 92%: 3 points under 95, each costs 1% of the weight 10 → 9.7 (分值 × 执行率 would be 9.2).
    let budget = budget_of(
        ["年度资金总额", "100", "100", "92", "10", "92%", "9.7"],
        ["其中：本年财政拨款", "100", "100", "92", "", "", ""],
    );
    let sheet = form(&budget, &SELF_ROWS);
    let dir = tmp();
    let path = sheet.write(dir.path(), "自评表.xlsx");
    let cfg = dir.path().join("county.toml");
    std::fs::write(
        &cfg,
        "budget_score = \"预算执行率95%以上，得满分；低于95%，每下降1%扣权重的1%；60%以下，不计分\"\n",
    )
    .unwrap();
    let (code, report) = check_json_args(&[path.as_os_str(), "--config".as_ref(), cfg.as_os_str()]);
    assert_eq!(
        found(&report),
        pairs(&[]),
        "{:#?}",
        all_diagnostics(&report)
    );
    assert_eq!(code, 0);
    let b = &project(&report)["budget"];
    assert_eq!(s(b, "score_reviewed"), "9.7");
    assert_eq!(s(project(&report), "score_reviewed"), "91.11");
    // Without the county rule the same form is 分值 × 执行率 = 9.2.
    let (code, report) = check_json(&path);
    assert_eq!(code, 1);
    assert_eq!(found(&report), pairs(&[("B401", "I5")]));
    message(&report, "B401", "I5", &["9.7", "应为 9.2"]);
    // And under the county rule a rate below the zero line scores nothing.
    let low = budget_of(
        ["年度资金总额", "100", "100", "59", "10", "59%", "5.9"],
        ["其中：本年财政拨款", "100", "100", "59", "", "", ""],
    );
    let path = form(&low, &SELF_ROWS).write(dir.path(), "低.xlsx");
    let (_, report) = check_json_args(&[path.as_os_str(), "--config".as_ref(), cfg.as_os_str()]);
    assert_eq!(found(&report), pairs(&[("B401", "I5")]));
    message(&report, "B401", "I5", &["5.9", "应为 0"]);
}

// ---- quantitative indicators: R301, R307, R309 ---------------------------------------------------

#[test]
fn r301_forward_a_shortfall_scores_weight_times_actual_over_target() {
    let rows = rows_with(&[(
        0,
        [
            "产出指标(50分)",
            "数量指标",
            "受益学生人数",
            "≥5000人",
            "4500人",
            "10",
            "10",
            "",
        ],
    )]);
    let report = expect(&form(&SELF_BUDGET, &rows), &[("R301", "H10")]);
    message(
        &report,
        "R301",
        "H10",
        &["得分 10", "应为 9", "10×4500/5000=9"],
    );
    let i = indicator(&report, "受益学生人数");
    assert_eq!(s(i, "score_reviewed"), "9");
    assert_eq!(s(i, "deduction_reviewed"), "1");
    let reason = s(i, "reason_reviewed");
    assert!(reason.ends_with("得分10×4500/5000=9"), "{reason}");
    assert!(
        reason.contains("4500人") && reason.contains("5000人"),
        "{reason}"
    );
}

#[test]
fn reason_actual_of_a_row_without_its_actual_value() {
    // Three rows with an empty 实际完成值: the 偏差原因 states a count against the plan, a rate,
    // or only an approximate rate.
    #[rustfmt::skip]
    let rows = rows_with(&[
        (0, ["产出指标(50分)", "数量指标", "受益学生人数", "≥5000人", "", "10", "9.2", "实际资助4600人，计划5000人"]),
        (3, ["产出指标(50分)", "时效指标", "资金发放及时率", "≥95%", "", "10", "10", "资金发放及时率为76%，部分学校上报滞后"]),
        (5, ["效益指标(30分)", "社会效益指标", "家庭经济困难学生资助覆盖率", "≥95%", "", "15", "14.21", "覆盖率约90%"]),
    ]);
    let report = expect(
        &form(&SELF_BUDGET, &rows),
        &[("C206", "I13"), ("R301", "H13"), ("R305", "H15")],
    );
    let i = indicator(&report, "受益学生人数");
    assert_eq!(i["manual"], false);
    assert_eq!(s(i, "score_reviewed"), "9.2");
    assert!(
        s(i, "basis").contains("10×4600/5000=9.2")
            && s(i, "basis").contains("实际值取自扣分原因“完成4600人，计划5000人”"),
        "{}",
        s(i, "basis")
    );
    message(
        &report,
        "R301",
        "H13",
        &[
            "得分 10",
            "实际值取自扣分原因“资金发放及时率76%”",
            "10×76/95=8",
            "应为 8",
        ],
    );
    let i = indicator(&report, "家庭经济困难学生资助覆盖率");
    assert_eq!(i["manual"], true, "约90% is no clear actual");
    assert_eq!(s(i, "score_reviewed"), "14.21");
}

#[test]
fn r301_reverse_a_cost_over_target_loses_the_excess_share() {
    let cost = |actual: &'static str, score: &'static str| {
        rows_with(&[(
            4,
            [
                "产出指标(50分)",
                "成本指标",
                "项目总成本",
                "≤90万元",
                actual,
                "10",
                score,
                "",
            ],
        )])
    };
    // 95 against ≤90: 10 × (1 − 5/90) = 9.444… → 9.44.
    let report = expect(
        &form(&SELF_BUDGET, &cost("95万元", "10")),
        &[("R301", "H14")],
    );
    message(
        &report,
        "R301",
        "H14",
        &["应为 9.44", "10×(1−(95−90)/90)=9.44"],
    );
    let i = indicator(&report, "项目总成本");
    assert_eq!(s(i, "score_reviewed"), "9.44");
    assert!(s(i, "basis").contains("反向指标"));
    // Just under twice the target: 10 × (1 − 89/90) = 0.11.
    let report = expect(
        &form(&SELF_BUDGET, &cost("179万元", "10")),
        &[("R301", "H14")],
    );
    assert_eq!(
        s(indicator(&report, "项目总成本"), "score_reviewed"),
        "0.11"
    );
    // At twice the target and beyond: 0.
    for actual in ["180万元", "300万元"] {
        let report = expect(&form(&SELF_BUDGET, &cost(actual, "10")), &[("R301", "H14")]);
        message(&report, "R301", "H14", &["应为 0", "2倍"]);
        assert_eq!(s(indicator(&report, "项目总成本"), "score_reviewed"), "0");
    }
    // Under the target: full marks, nothing to say.
    expect(&form(&SELF_BUDGET, &cost("60万元", "10")), &[]);
}

#[test]
fn an_equals_target_scores_as_at_least() {
    let rate = |actual: &'static str, score: &'static str, reason: &'static str| {
        rows_with(&[(
            2,
            [
                "产出指标(50分)",
                "质量指标",
                "资助资金发放准确率",
                "'=100%",
                actual,
                "10",
                score,
                reason,
            ],
        )])
    };
    let report = expect(
        &form(&SELF_BUDGET, &rate("98%", "10", "")),
        &[("R301", "H12")],
    );
    message(&report, "R301", "H12", &["应为 9.8", "10×98/100=9.8"]);
    // Filed right, with a reason: nothing.
    expect(
        &form(&SELF_BUDGET, &rate("98%", "9.8", "2笔发放信息有误")),
        &[],
    );
}

#[test]
fn r307_a_fraction_under_a_percentage_target_is_read_as_percent() {
    let rows = rows_with(&[(
        3,
        [
            "产出指标(50分)",
            "时效指标",
            "资金发放及时率",
            "≥95%",
            "0.97",
            "10",
            "10",
            "",
        ],
    )]);
    let report = expect(&form(&SELF_BUDGET, &rows), &[("R307", "F13")]);
    message(&report, "R307", "F13", &["0.97", "97%"]);
    assert_eq!(only(&report, "R307").severity, "info");
    assert_eq!(
        s(indicator(&report, "资金发放及时率"), "score_reviewed"),
        "10"
    );
    // 0.9 is 90%: 10 × 90/95 = 9.47.
    let rows = rows_with(&[(
        3,
        [
            "产出指标(50分)",
            "时效指标",
            "资金发放及时率",
            "≥95%",
            "0.9",
            "10",
            "10",
            "",
        ],
    )]);
    let report = expect(
        &form(&SELF_BUDGET, &rows),
        &[("R301", "H13"), ("R307", "F13")],
    );
    message(&report, "R301", "H13", &["应为 9.47"]);
}

#[test]
fn r309_boundary_a_target_of_zero_needs_30_above_it() {
    // Against a target of 0 no share is 30% above: an actual of 30 or more is, 29 is not.
    let count = |actual: &'static str| {
        rows_with(&[(
            1,
            [
                "产出指标(50分)",
                "数量指标",
                "新增受助学生人数",
                "≥0人",
                actual,
                "10",
                "10",
                "",
            ],
        )])
    };
    expect(&form(&SELF_BUDGET, &count("29人")), &[]);
    expect(&form(&SELF_BUDGET, &count("5人")), &[]);
    expect(&form(&SELF_BUDGET, &count("30人")), &[("R309", "I11")]);
}

#[test]
fn r309_far_above_target_needs_a_reason() {
    let count = |actual: &'static str, reason: &'static str| {
        rows_with(&[(
            1,
            [
                "产出指标(50分)",
                "数量指标",
                "资助资金发放人次",
                "≥10000人次",
                actual,
                "10",
                "10",
                reason,
            ],
        )])
    };
    // Exactly 30% above, no reason.
    let report = expect(
        &form(&SELF_BUDGET, &count("13000人次", "")),
        &[("R309", "I11")],
    );
    message(&report, "R309", "I11", &["13000", "10000", "30%"]);
    assert_eq!(only(&report, "R309").severity, "warning");
    // Just under 30% above: nothing.
    expect(&form(&SELF_BUDGET, &count("12999人次", "")), &[]);
    // With a reason: no R309 (C206, a reason with nothing deducted, is only an info).
    expect(
        &form(&SELF_BUDGET, &count("13000人次", "新增转入学生3000人次")),
        &[("C206", "I11")],
    );
    // A reverse indicator 30% over its target loses points instead: no R309. 10 × (1 − 27/90) = 7.
    let rows = rows_with(&[(
        4,
        [
            "产出指标(50分)",
            "成本指标",
            "项目总成本",
            "≤90万元",
            "117万元",
            "10",
            "7",
            "",
        ],
    )]);
    let report = expect(&form(&SELF_BUDGET, &rows), &[("C205", "I14")]);
    assert_eq!(s(indicator(&report, "项目总成本"), "score_reviewed"), "7");
}

#[test]
fn c205_a_lost_point_without_a_reason() {
    let rows = rows_with(&[(
        7,
        [
            "满意度指标(10分)",
            "服务对象满意度指标",
            "受助学生满意度",
            "≥90%",
            "72%",
            "10",
            "8",
            "",
        ],
    )]);
    let report = expect(&form(&SELF_BUDGET, &rows), &[("C205", "I17")]);
    message(&report, "C205", "I17", &["扣 2 分", "偏差原因"]);
    // The reviewed reason is generated with the numbers.
    let reason = s(indicator(&report, "受助学生满意度"), "reason_reviewed").to_string();
    assert!(reason.contains("10×72/90=8"), "{reason}");
}

#[test]
fn a_negative_actual_counts_as_zero() {
    let rows = rows_with(&[(
        1,
        [
            "产出指标(50分)",
            "数量指标",
            "资助资金发放人次",
            "≥10000人次",
            "-50人次",
            "10",
            "10",
            "",
        ],
    )]);
    let report = expect(&form(&SELF_BUDGET, &rows), &[("R301", "H11")]);
    message(&report, "R301", "H11", &["应为 0"]);
    let i = indicator(&report, "资助资金发放人次");
    assert_eq!(s(i, "score_reviewed"), "0");
    assert!(
        s(i, "reason_reviewed").contains("完成0人次"),
        "{}",
        s(i, "reason_reviewed")
    );
}

// ---- qualitative indicators: R308 ---------------------------------------------------------------

#[test]
fn r308_each_qualitative_grade_has_its_band() {
    // 资助政策长效机制, weight 15: 达成 [12, 15], 部分达成 [9, 12), 未达成 [0, 9).
    const MET: &str = "达成年度指标";
    const PART: &str = "部分达成年度指标并具有一定效果";
    const NOT: &str = "未达成年度指标且效果较差";
    let cases: [(&str, &str, bool, &str); 10] = [
        (MET, "15", true, ""),
        (MET, "12", true, "80%"),
        (MET, "11.99", false, "12 到 15"),
        (PART, "11.99", true, ""),
        (PART, "9", true, "60%"),
        (PART, "12", false, "9 到 12"),
        (PART, "8.99", false, "9 到 12"),
        (NOT, "0", true, ""),
        (NOT, "8.99", true, ""),
        (NOT, "9", false, "0 到 9"),
    ];
    for (label, score, inside, piece) in cases {
        let reason = if score == "15" {
            ""
        } else {
            "部分学校建档不规范"
        };
        let rows = rows_with(&[(
            6,
            [
                "效益指标(30分)",
                "可持续影响指标",
                "资助政策长效机制",
                "健全",
                label,
                "15",
                score,
                reason,
            ],
        )]);
        let expected: &[(&str, &str)] = if inside { &[] } else { &[("R308", "H16")] };
        let report = expect(&form(&SELF_BUDGET, &rows), expected);
        if !inside {
            message(
                &report,
                "R308",
                "H16",
                &[label, piece, &format!("填报 {score}")],
            );
        }
        let i = indicator(&report, "资助政策长效机制");
        assert_eq!(s(i, "score_reviewed"), score, "{label} {score}: kept");
        assert_eq!(s(i, "rule"), "grade");
    }
}

// ---- weights: W101, W104 ------------------------------------------------------------------------

#[test]
fn w101_indicators_and_budget_not_adding_up_to_100() {
    // 90 of indicators + 15 of 预算执行率 = 105.
    let budget = budget_of(
        ["年度资金总额", "100", "100", "80", "15", "80%", "12"],
        SELF_BUDGET[1],
    );
    let report = expect(&form(&budget, &SELF_ROWS), &[("W101", "G18")]);
    message(
        &report,
        "W101",
        "G18",
        &["105", "预算执行率 15", "应为 100"],
    );
    assert_eq!(s(project(&report), "weight_total"), "105");
}

#[test]
fn w104_a_level1_weight_departing_from_the_standard() {
    // 产出指标 40 (four of 10) and 预算执行率 20: still 100 in all, but 产出 should be 50.
    let mut rows: Vec<SelfLine> = SELF_ROWS.to_vec();
    rows.remove(1);
    for r in rows.iter_mut().take(4) {
        r[0] = "产出指标(40分)";
    }
    let budget = budget_of(
        ["年度资金总额", "100", "100", "80", "20", "80%", "16"],
        SELF_BUDGET[1],
    );
    // Without a split in jixiao.toml nothing is expected of the level1 weights.
    let sheet = form(&budget, &rows);
    expect(&sheet, &[]);
    let dir = tmp();
    let path = sheet.write(dir.path(), "自评表.xlsx");
    std::fs::write(
        dir.path().join("jixiao.toml"),
        "[expected_level1]\n\"产出指标\" = 50\n\"效益指标\" = 30\n\"满意度指标\" = 10\n",
    )
    .unwrap();
    let (_, report) = check_json(&path);
    assert_eq!(found(&report), pairs(&[("W104", "B10")]));
    message(&report, "W104", "B10", &["产出指标", "40", "50"]);
    assert_eq!(only(&report, "W104").severity, "warning");
    assert_eq!(s(project(&report), "weight_total"), "100");
}

// ---- the annotated workbook -------------------------------------------------------------------

#[test]
fn run_writes_the_reviewed_budget_score_and_a_total_that_adds_it() {
    use calamine::{open_workbook_auto, Data, Reader};
    let budget = budget_of(
        ["年度资金总额", "100", "100", "92", "10", "92%", "10"],
        ["其中：本年财政拨款", "100", "100", "92", "", "", ""],
    );
    let dir = tmp();
    let input = dir.path().join("报送");
    form(&budget, &SELF_ROWS).write(&input, "自评表.xlsx");
    let out = dir.path().join("out");
    let r = run([
        "run".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "-q".as_ref(),
    ]);
    assert_eq!(r.code, 1, "B401 is an error\n{}", r.stderr);
    let annotated = out.join("复核").join("自评表.复核.xlsx");
    let mut wb =
        open_workbook_auto(&annotated).unwrap_or_else(|e| panic!("{}: {e}", annotated.display()));
    let values = wb.worksheet_range("自评表").unwrap();
    let formulas = wb.worksheet_formula("自评表").unwrap();
    let number = |row: u32, col: u32| match values.get_value((row, col)) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("({row}, {col}) is not a number: {other:?}"),
    };
    // I5, the budget 得分: the reviewed 9.2, not the filed 10.
    assert!((number(4, 8) - 9.2).abs() < 1e-9, "I5 = {}", number(4, 8));
    // The figures the department wrote are kept.
    assert_eq!(number(4, 5), 92.0, "F5 全年执行数");
    assert_eq!(number(4, 6), 10.0, "G5 分值");
    // H18, the 总分 得分: a formula over the indicators plus the budget score cell, cached
    // with the reviewed total 81.41 + 9.2.
    let total_formula = formulas
        .get_value((17, 7))
        .cloned()
        .unwrap_or_default()
        .replace('$', "");
    assert!(
        total_formula.contains("H10:H17") && total_formula.contains("I5"),
        "H18 = {total_formula}"
    );
    assert!(
        (number(17, 7) - 90.61).abs() < 1e-9,
        "H18 = {}",
        number(17, 7)
    );
    assert_eq!(number(17, 6), 100.0, "G18 分值 total");
    // The report agrees.
    let report: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert_eq!(s(project(&report), "score_reviewed"), "90.61");
}

/// A form without a 扣分情况 column has no filed deduction: `deduction_filed` is null, the
/// reviewed deduction is given.
#[test]
fn without_a_deduction_column_the_filed_deduction_is_null() {
    let dir = tmp();
    let path = self_eval_form().write(dir.path(), "自评表.xlsx");
    let (_, report) = check_json(&path);
    let indicators = report["files"][0]["projects"][0]["indicators"]
        .as_array()
        .unwrap();
    assert!(indicators.iter().all(|i| i["deduction_filed"].is_null()));
    assert!(indicators
        .iter()
        .any(|i| i["deduction_reviewed"].as_str().is_some_and(|d| d != "0")));
}

#[rustfmt::skip]
#[test]
fn a_target_split_over_three_sub_columns_is_composed_and_scored() {
    // The integrated budget systems export 年度指标值 over 指标性质 / 指标值 / 度量单位, with
    // the signs of real forms (≧, ═): `≧` `100` `%` is the target ≥100%, so an actual of 100%
    // scored 7 of 10 is R301.
    let sheet = Sheet::new("Sheet1")
        .header2(
            &["一级指标", "二级指标", "三级指标", "年度指标值", "", "", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
            &["", "", "", "指标性质", "指标值", "度量单位", "", "", "", ""],
        )
        .row(&["产出指标", "数量指标", "完成率", "≧", "100", "%", "100%", "10", "7", ""])
        .row(&["产出指标", "质量指标", "合格率", "═", "100", "%", "100%", "90", "90", ""]);
    let report = expect(&sheet, &[("C205", "J3"), ("R301", "I3")]);
    message(&report, "R301", "I3", &["得分 7", "应为 10"]);
    let i = indicator(&report, "完成率");
    assert_eq!(s(i, "target"), "≧100%");
    assert_eq!(s(indicator(&report, "合格率"), "score_reviewed"), "90");
}

#[rustfmt::skip]
#[test]
fn a_table_filed_in_whole_points_is_judged_at_whole_points() {
    // SPEC §4: a filed score equal to the exact one rounded at the filed precision by any
    // usual convention is right. A table whose scores are all whole is filed in whole points:
    // 9 for 10 × 98% = 9.8 (truncated) stands. Where another score carries decimals, the
    // table is filed to decimals and 9 is a score of 9: R301.
    let sheet = |other_actual: &str, other_score: &str| Sheet::new("Sheet1")
        .header(&["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])
        .row(&["产出指标", "数量指标", "完成率", "≥100%", "98%", "10", "9", "个别项目未完工"])
        .row(&["产出指标", "质量指标", "合格率", "≥100%", other_actual, "90", other_score, "部分不合格"]);
    let report = expect(&sheet("90%", "81"), &[]);
    let i = indicator(&report, "完成率");
    assert_eq!(s(i, "score_reviewed"), "9");
    assert!(s(i, "basis").ends_with("（填报 9 是 9.8 按填报精度舍入所得，予以认可）"), "{}", s(i, "basis"));
    let report = expect(&sheet("99.5%", "89.55"), &[("R301", "G2")]);
    message(&report, "R301", "G2", &["得分 9", "应为 9.8"]);
}

#[test]
fn b402_near_miss_a_total_split_over_two_sources_with_blanks() {
    // 100 = 本年财政拨款 70 + 上年结转资金 30, 其他资金 left blank: the total adds up, no B402.
    let budget = vec![
        ["年度资金总额", "100", "100", "80", "10", "80%", "8"],
        ["其中：本年财政拨款", "70", "70", "56", "", "", ""],
        ["上年结转资金", "30", "30", "24", "", "", ""],
        ["其他资金", "", "", "", "", "", ""],
    ];
    let report = expect(&form(&budget, &SELF_ROWS), &[]);
    assert_eq!(report["totals"]["errors"], 0);
}

#[test]
fn b403_near_miss_spending_exactly_the_budget() {
    // 执行数 100 of 100: fully spent, not over — no B403; 100.01 is over.
    let budget = budget_of(
        ["年度资金总额", "100", "100", "100", "10", "100%", "10"],
        ["其中：本年财政拨款", "100", "100", "100", "", "", ""],
    );
    expect(&form(&budget, &SELF_ROWS), &[]);
    let budget = budget_of(
        [
            "年度资金总额",
            "100",
            "100",
            "100.01",
            "10",
            "100.01%",
            "10",
        ],
        ["其中：本年财政拨款", "100", "100", "100.01", "", "", ""],
    );
    expect(&form(&budget, &SELF_ROWS), &[("B403", "F5")]);
}
