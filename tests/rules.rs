//! Rescoring from the 评价标准 (SPEC §3, §4, §7 R301–R307, C208), end to end: workbooks built
//! here with a 实际完成值 / 不符合项 column, checked by the real binary, and the reviewed
//! scores, deductions, reasons, totals and grades read back from the JSON report.
//!
//! Two tables are used: the seed report's table (`common::seed_table`, the 21 indicators with
//! their criteria verbatim), and a small probe table of two indicators — 其他指标 without a
//! criterion, which never says anything, and the indicator under test on data row 1.

use crate::common::*;
use serde_json::Value;

// ---- helpers --------------------------------------------------------------------------------

/// The columns of the probe table.
const COLUMNS: [&str; 10] = [
    "一级指标",
    "二级指标",
    "三级指标",
    "评价标准",
    "实际完成值",
    "不符合项",
    "指标分值",
    "评价得分",
    "扣分情况",
    "扣分原因",
];

/// A 100-point table with `columns`: data row 0 is 其他指标 (weight 100 − `weight`, no
/// criterion, full score), data row 1 the indicator `name` with `criterion` and `weight`,
/// filed at full score. Title on row 1, header on row 2, data on rows 3–4, 合计 on row 5.
fn probe_with(columns: &[&str], name: &str, criterion: &str, weight: &str) -> Sheet {
    let rest = (rust_decimal::Decimal::from(100)
        - weight.parse::<rust_decimal::Decimal>().unwrap())
    .to_string();
    let line = |values: &[(&str, &str)]| -> Vec<String> {
        columns
            .iter()
            .map(|c| {
                values
                    .iter()
                    .find(|(k, _)| k == c)
                    .map(|(_, v)| v.to_string())
                    .unwrap_or_default()
            })
            .collect()
    };
    let other = line(&[
        ("一级指标", "决策"),
        ("二级指标", "项目管理"),
        ("三级指标", "其他指标"),
        ("指标分值", &rest),
        ("评价得分", &rest),
    ]);
    let tested = line(&[
        ("一级指标", "效益"),
        ("二级指标", "项目效益"),
        ("三级指标", name),
        ("评价标准", criterion),
        ("指标分值", weight),
        ("评价得分", weight),
    ]);
    let mut total = vec![String::new(); columns.len()];
    total[0] = "合计".into();
    Sheet::new("评分表")
        .title("XX县2024年项目支出绩效评价表")
        .header(columns)
        .row(&strs(&other))
        .row(&strs(&tested))
        .total(&strs(&total))
        .recompute_total()
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// [`probe_with`] the standard [`COLUMNS`].
fn probe(name: &str, criterion: &str, weight: &str) -> Sheet {
    probe_with(&COLUMNS, name, criterion, weight)
}

/// The indicator under test of a probe table.
fn tested(report: &Value) -> &Value {
    &project(report)["indicators"][1]
}

/// Every diagnostic with `code` (R305 included).
fn all_with(report: &Value, code: &str) -> Vec<Found> {
    all_diagnostics(report)
        .into_iter()
        .filter(|d| d.code == code)
        .collect()
}

/// The only diagnostic with `code`, R305 included; panics otherwise.
fn the(report: &Value, code: &str) -> Found {
    let found = all_with(report, code);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one {code}:\n{:#?}",
        all_diagnostics(report)
    );
    found[0].clone()
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

/// `(code, cell)` of every diagnostic, R305 included, sorted.
fn all_code_cells(report: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = all_diagnostics(report)
        .into_iter()
        .map(|d| (d.code, d.cell.unwrap_or_else(|| "-".into())))
        .collect();
    v.sort();
    v
}

fn pairs(want: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = want
        .iter()
        .map(|(c, a)| (c.to_string(), a.to_string()))
        .collect();
    v.sort();
    v
}

/// The satisfaction rule of the brief's examples: 0.3 per point below 90%.
const SATISFACTION: &str = "满意度≥90%得满分，每降低1个百分点扣0.3分";

/// The seed's first checklist: three items, 0.5 each, 严重 → 0.
const SEED_CHECKLIST: &str = "①项目是否按照规定的程序申请设立；\n②文件、材料是否符合相关要求；\n③事前是否已经过必要的可行性研究、专家论证、风险评估、集体决策等。\n一项不符合扣0.5分，严重的此项完全不得分。";

// ---- the seed table -------------------------------------------------------------------------

#[test]
fn seed_table_with_inputs_is_recomputed_to_its_filed_scores() {
    let t = seed_table(true);
    let (code, report, _dir) = check_sheet(&t);
    let p = project(&report);
    assert_eq!(p["weight_total"], "100");
    assert_eq!(p["score_filed"], "95.4");
    assert_eq!(p["score_reviewed"], "95.4");
    assert_eq!(p["grade"], "优");
    let inds = p["indicators"].as_array().unwrap();
    assert_eq!(inds.len(), 21);
    let kinds: Vec<&str> = inds.iter().map(|i| i["rule"].as_str().unwrap()).collect();
    #[rustfmt::skip]
    assert_eq!(kinds, [
        "checklist", "checklist", "checklist", "threshold", "threshold",
        "checklist", "checklist", "checklist", "checklist", "threshold",
        "checklist", "checklist", "checklist",
        "checklist", "checklist", "count", "manual",
        "proportional", "proportional", "proportional", "threshold",
    ]);
    for (ind, seed) in inds.iter().zip(&SEED_ROWS) {
        let name = ind["level3"].as_str().unwrap();
        assert!(seed.level3.starts_with(name), "{name} / {}", seed.level3);
        assert_eq!(ind["score_reviewed"], ind["score_filed"], "{name}");
        assert_eq!(ind["score_filed"], seed.score, "{name}");
        assert_eq!(
            ind["deduction_reviewed"], ind["deduction_filed"],
            "{name}: reviewed deduction = weight − reviewed score"
        );
        if name == "资金变动率" {
            assert_eq!(ind["manual"], true, "a definition is not scorable");
            assert!(ind["basis"].as_str().unwrap().contains("人工评分"));
        } else {
            assert_eq!(ind["manual"], false, "{name} is recomputed: {ind:#}");
            let basis = ind["basis"].as_str().unwrap();
            assert!(basis.contains("复核："), "{name}: {basis}");
        }
    }
    // The computations name the inputs.
    let basis = |name: &str| {
        indicator(&report, name)["basis"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(basis("绩效指标明确性").contains("第③项不符合，每项扣1分，扣1分"));
    assert!(basis("完成数量").contains("1项不符合，每项扣2分，扣2分"));
    assert!(basis("预算执行率").contains("预算执行率95.52%"));
    assert!(basis("服务对象满意度")
        .contains("社会公众满意度88%，低于90%标准2个百分点，每少1个百分点扣0.3分，扣0.6分"));
    assert!(basis("经济效益").contains("实现程度100%"));

    // What a reviewer finds in it: the definition-only criterion and the 96% reason; no R301.
    let r304 = t.cell(16, "评价标准");
    let c208 = t.cell(20, "扣分原因");
    assert_eq!(
        all_code_cells(&report),
        pairs(&[("R304", &r304), ("C208", &c208)])
    );
    assert!(all_with(&report, "R301").is_empty());
    assert_eq!(code, 0, "R304 and C208 are warnings");
    assert_eq!(
        the(&report, "R304").indicator.as_deref(),
        Some("资金变动率")
    );
}

#[test]
fn seed_reasons_that_agree_with_the_deduction_are_kept() {
    let (_, report, _dir) = check_sheet(&seed_table(true));
    for name in ["绩效指标明确性", "完成数量", "资金变动率"] {
        let ind = indicator(&report, name);
        assert_eq!(ind["reason_reviewed"], ind["reason_filed"], "{name}");
    }
    assert_eq!(indicator(&report, "资金到位率")["reason_reviewed"], "");
}

#[test]
fn seed_satisfaction_reason_of_96_percent_is_c208() {
    for with_inputs in [true, false] {
        let t = seed_table(with_inputs);
        let (_, report, _dir) = check_sheet(&t);
        let d = the(&report, "C208");
        assert_eq!(d.severity, "warning");
        assert_eq!(d.cell.as_deref(), Some(t.cell(20, "扣分原因").as_str()));
        assert_eq!(d.indicator.as_deref(), Some("服务对象满意度"));
        assert_message(&d, &["96%", ">90%得满分", "应不扣分", "0.6", "88%"]);
    }
}

#[test]
fn seed_without_inputs_keeps_the_filed_scores_and_says_what_is_missing() {
    let t = seed_table(false);
    let (code, report, _dir) = check_sheet(&t);
    let p = project(&report);
    assert_eq!(p["score_reviewed"], "95.4");
    assert_eq!(p["grade"], "优");
    assert!(p["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["manual"] == true));
    // The rows that lost points under an understood rule say which input is missing.
    assert_eq!(
        all_code_cells(&report),
        pairs(&[
            ("R305", &t.cell(2, "评价得分")),
            ("R305", &t.cell(13, "评价得分")),
            ("R304", &t.cell(16, "评价标准")),
            ("R305", &t.cell(20, "评价得分")),
            ("C208", &t.cell(20, "扣分原因")),
        ])
    );
    assert_eq!(code, 0);
    // The contradicted reason is replaced by the one the deduction implies.
    assert_eq!(
        indicator(&report, "服务对象满意度")["reason_reviewed"],
        "社会公众满意度88%，低于90%标准2个百分点，每少1个百分点扣0.3分，扣0.6分（按扣分推算）"
    );
}

/// SPEC §3: the filed reason is kept only when the deductions agree *and the reason does not
/// contradict it*; the seed's 满意度 reason says 96% (C208), so the reviewed reason must be the
/// generated sentence — as it is when the same table has no 实际完成值.
#[test]
fn seed_reviewed_reason_replaces_the_contradicted_96_percent() {
    let (_, report, _dir) = check_sheet(&seed_table(true));
    assert_eq!(
        indicator(&report, "服务对象满意度")["reason_reviewed"],
        "社会公众满意度88%，低于90%标准2个百分点，每少1个百分点扣0.3分，扣0.6分"
    );
}

// ---- filed scores that contradict the actual values -----------------------------------------

#[test]
fn filed_score_contradicting_the_actual_value_is_rescored_and_regraded() {
    let t = probe("服务对象满意度", SATISFACTION, "10")
        .deduct(0, "81", "其他指标扣分")
        .set(1, "实际完成值", "85%")
        .deduct(1, "9.4", "满意度88%，扣0.6分")
        .below("评定等级：优");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);

    let d = at(&report, "R301", &t.cell(1, "评价得分"));
    assert_eq!(d.severity, "error");
    assert_eq!(d.indicator.as_deref(), Some("服务对象满意度"));
    assert_message(
        &d,
        &["9.4", "8.5", "85%", "5个百分点", "扣1.5分", "应为 8.5"],
    );

    let ind = tested(&report);
    assert_eq!(ind["score_filed"], "9.4");
    assert_eq!(ind["score_reviewed"], "8.5");
    assert_eq!(ind["deduction_filed"], "0.6");
    assert_eq!(ind["deduction_reviewed"], "1.5");
    assert_eq!(ind["manual"], false);
    assert_eq!(ind["rule"], "threshold");
    assert_eq!(
        ind["reason_reviewed"],
        "满意度85%，低于90%标准5个百分点，每少1个百分点扣0.3分，扣1.5分"
    );

    let p = project(&report);
    assert_eq!(p["score_filed"], "90.4");
    assert_eq!(p["score_reviewed"], "89.5", "81 + 8.5");
    assert_eq!(p["grade"], "良");
    assert_eq!(p["grade_filed"], "优");
    let c207 = at(&report, "C207", &t.last_line_cell());
    assert_eq!(c207.severity, "error");
    assert_message(&c207, &["“优”", "89.5", "“良”"]);
}

#[test]
fn stated_total_is_compared_with_the_reviewed_total() {
    let t = probe("服务对象满意度", SATISFACTION, "10")
        .set(1, "实际完成值", "85%")
        .deduct(1, "9.4", "满意度88%，扣0.6分")
        .below("自评得分：99.4");
    let (_, report, _dir) = check_sheet(&t);
    let d = at(&report, "C207", &t.last_line_cell());
    assert_message(&d, &["99.4", "复核得分为 98.5", "应改为 98.5"]);
}

// ---- one test per code ----------------------------------------------------------------------

#[test]
fn r301_checklist_items_cost_more_than_was_deducted() {
    let t = probe("项目立项规范性", SEED_CHECKLIST, "1")
        .set(1, "不符合项", "①③")
        .deduct(1, "0.5", "①③两项不符合");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_eq!(
        all_code_cells(&report),
        pairs(&[("R301", &t.cell(1, "评价得分"))])
    );
    let d = the(&report, "R301");
    assert_eq!(d.severity, "error");
    assert_message(&d, &["0.5", "第①③项不符合", "每项扣0.5分", "应为 0"]);
    let ind = tested(&report);
    assert_eq!(ind["score_reviewed"], "0");
    assert_eq!(ind["deduction_reviewed"], "1");
    assert_eq!(ind["reason_reviewed"], "第①③项不符合，每项扣0.5分，扣1分");
    assert_eq!(project(&report)["score_reviewed"], "99");
}

// ---- a bare number in 不符合项: an item or a count (SPEC §4, ambiguity) ----------------------

/// The seed checklist (three items, 0.5 each) on a weight of 2, with 不符合项 `failed` (a
/// number cell when it is a number) and the filed score `score`: item ③ leaves 1.5, three
/// items 0.5.
fn bare_probe(failed: &str, score: &str, reason: &str) -> Sheet {
    probe("项目立项规范性", SEED_CHECKLIST, "2")
        .set(1, "不符合项", failed)
        .deduct(1, score, reason)
}

#[test]
fn bare_number_read_as_the_item_the_filed_score_agrees_with() {
    let t = bare_probe("3", "1.5", "可行性研究不充分");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 0, "{:#?}", all_diagnostics(&report));
    assert!(
        all_diagnostics(&report).is_empty(),
        "{:#?}",
        all_diagnostics(&report)
    );
    let ind = tested(&report);
    assert_eq!(ind["manual"], false);
    assert_eq!(ind["score_reviewed"], "1.5");
    assert_eq!(ind["reason_reviewed"], "可行性研究不充分");
    let basis = ind["basis"].as_str().unwrap();
    assert!(
        basis.contains("复核：不符合项“3”按第3项计，与填报得分相符（按3项计则得0.5分）；第③项不符合，每项扣0.5分，扣0.5分"),
        "{basis}"
    );
}

#[test]
fn bare_number_read_as_the_count_the_filed_score_agrees_with() {
    let t = bare_probe("3", "0.5", "三项均不符合");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 0, "{:#?}", all_diagnostics(&report));
    assert!(
        all_diagnostics(&report).is_empty(),
        "{:#?}",
        all_diagnostics(&report)
    );
    let ind = tested(&report);
    assert_eq!(ind["score_reviewed"], "0.5");
    let basis = ind["basis"].as_str().unwrap();
    assert!(
        basis.contains("复核：不符合项“3”按3项计，与填报得分相符（按第3项计则得1.5分）；3项不符合，每项扣0.5分，扣1.5分"),
        "{basis}"
    );
}

#[test]
fn bare_number_that_fits_neither_reading_is_r301_naming_both() {
    // 1.2 is neither 1.5 nor 0.5 at any rounding (a whole 1 would be 1.5 truncated).
    let t = bare_probe("3", "1.2", "立项资料不全");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    assert_eq!(
        all_code_cells(&report),
        pairs(&[("R301", &t.cell(1, "评价得分"))])
    );
    let d = the(&report, "R301");
    assert_eq!(
        d.message,
        "评价得分 1.2 与按评价标准重算的 1.5 或 0.5 都不一致（不符合项“3”按第3项计：第③项不符合，每项扣0.5分，扣0.5分；按3项计：3项不符合，每项扣0.5分，扣1.5分），应为 1.5（按第3项计）或 0.5（按3项计）"
    );
    // The criterion lists its items: the item reading is the reviewed one.
    let ind = tested(&report);
    assert_eq!(ind["score_reviewed"], "1.5");
    assert_eq!(ind["reason_reviewed"], "第③项不符合，每项扣0.5分，扣0.5分");
    let basis = ind["basis"].as_str().unwrap();
    assert!(
        basis
            .contains("不符合项“3”按第3项计得1.5分、按3项计得0.5分，都与填报得分不符；取按第3项计"),
        "{basis}"
    );
}

#[test]
fn bare_number_beyond_the_listed_items_is_a_count() {
    // Three items listed: "5" can only be five (capped at the weight).
    let t = bare_probe("5", "0", "均不符合");
    let (_, report, _dir) = check_sheet(&t);
    assert!(
        all_diagnostics(&report).is_empty(),
        "{:#?}",
        all_diagnostics(&report)
    );
    let basis = tested(&report)["basis"].as_str().unwrap().to_string();
    assert!(
        basis.contains("不符合项“5”按5项计（评价标准只列了3项，不会是第5项）"),
        "{basis}"
    );
}

#[test]
fn count_written_with_a_counter_word_is_a_count() {
    // 3项 is three items: 0.5 left, and 1.5 is R301.
    let (_, report, _dir) = check_sheet(&bare_probe("3项", "0.5", "三项均不符合"));
    assert!(
        all_diagnostics(&report).is_empty(),
        "{:#?}",
        all_diagnostics(&report)
    );
    let basis = tested(&report)["basis"].as_str().unwrap().to_string();
    assert!(basis.contains("复核：3项不符合"), "{basis}");
    assert!(!basis.contains("不符合项“"), "{basis}");
    let (_, report, _dir) = check_sheet(&bare_probe("3项", "1.5", "可行性研究不充分"));
    assert_message(
        &the(&report, "R301"),
        &["评价得分 1.5", "3项不符合", "应为 0.5"],
    );
}

#[test]
fn item_written_as_such_is_an_item() {
    for item in ["第3项", "③"] {
        let (_, report, _dir) = check_sheet(&bare_probe(item, "1.5", "可行性研究不充分"));
        assert!(
            all_diagnostics(&report).is_empty(),
            "{item}: {:#?}",
            all_diagnostics(&report)
        );
        let basis = tested(&report)["basis"].as_str().unwrap().to_string();
        assert!(basis.contains("复核：第③项不符合"), "{item}: {basis}");
        let (_, report, _dir) = check_sheet(&bare_probe(item, "0.5", "三项均不符合"));
        assert_message(
            &the(&report, "R301"),
            &["评价得分 0.5", "第③项不符合", "应为 1.5"],
        );
    }
}

#[test]
fn r302_checklist_deduction_that_is_not_a_whole_number_of_items() {
    let columns: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| *c != "实际完成值" && *c != "不符合项")
        .collect();
    let t = probe_with(
        &columns,
        "项目立项规范性",
        "①按规定程序申请设立；②文件材料符合要求；③经过可行性研究。一项不符合扣0.5分",
        "2",
    )
    .deduct(1, "1.3", "立项资料不全");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 0, "R302 is a warning");
    let score_cell = t.cell(1, "评价得分");
    assert_eq!(
        all_code_cells(&report),
        pairs(&[("R302", &score_cell), ("R305", &score_cell)])
    );
    let d = the(&report, "R302");
    assert_eq!(d.severity, "warning");
    assert_eq!(d.indicator.as_deref(), Some("项目立项规范性"));
    assert_message(&d, &["扣分 0.7", "每项 0.5 分的整数倍", "0.5、1、1.5"]);
    // Nothing to recompute with: the filed score is kept.
    let ind = tested(&report);
    assert_eq!(ind["manual"], true);
    assert_eq!(ind["score_reviewed"], "1.3");

    // A whole number of items is no R302.
    let t = t.deduct(1, "1", "立项资料不全");
    let (_, report, _dir) = check_sheet(&t);
    assert!(all_with(&report, "R302").is_empty());
}

#[test]
fn r303_criterion_not_understood_with_points_deducted() {
    let rank = "排名前10%得满分，每下降一个名次扣0.5分";
    assert!(
        explain(&["--format", "json", rank])
            .stdout
            .contains("\"not_understood\""),
        "the rank rule is not typed"
    );
    let t = probe("同类项目排名", rank, "10")
        .set(1, "实际完成值", "第12名")
        .deduct(1, "9", "排名第12名");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 0, "R303 is informational");
    assert_eq!(
        all_code_cells(&report),
        pairs(&[("R303", &t.cell(1, "评价标准"))])
    );
    let d = the(&report, "R303");
    assert_eq!(d.severity, "info");
    assert_message(&d, &["未能识别", "保留填报得分"]);
    let ind = tested(&report);
    assert_eq!(ind["rule"], "manual");
    assert_eq!(ind["manual"], true);
    assert_eq!(ind["score_reviewed"], "9");
    assert_eq!(ind["reason_reviewed"], "排名第12名");

    // Nothing deducted: nothing worth saying.
    let (_, report, _dir) = check_sheet(&probe("同类项目排名", rank, "10"));
    assert!(all_diagnostics(&report).is_empty());
}

#[test]
fn r303_actual_value_that_is_no_grade_of_the_criterion() {
    let t = probe(
        "管理制度健全性",
        "健全的得10分,基本健全的得6分,不健全的扣10分",
        "10",
    )
    .set(1, "实际完成值", "正在修订")
    .deduct(1, "8", "制度正在修订");
    let (_, report, _dir) = check_sheet(&t);
    let d = at(&report, "R303", &t.cell(1, "实际完成值"));
    assert_eq!(d.severity, "info");
    assert_message(
        &d,
        &[
            "正在修订",
            "健全、基本健全、不健全",
            "保留填报得分，请人工复核",
        ],
    );
    assert_eq!(tested(&report)["score_reviewed"], "8");
}

#[test]
fn r304_definition_without_a_scoring_rule_always() {
    let definition = "变动率=[（实际成本-计划成本）/计划成本]×100%。";
    for score in ["4", "3"] {
        let t = probe("资金变动率", definition, "4")
            .set(1, "实际完成值", "98%")
            .deduct(1, score, "变动率未达到100%");
        let (code, report, _dir) = check_sheet(&t);
        assert_eq!(code, 0, "R304 is a warning");
        let d = at(&report, "R304", &t.cell(1, "评价标准"));
        assert_eq!(d.severity, "warning");
        assert_eq!(d.indicator.as_deref(), Some("资金变动率"));
        assert_message(&d, &["只有指标定义", "没有评分规则"]);
        assert_eq!(all_with(&report, "R304").len(), 1);
        let ind = tested(&report);
        assert_eq!(ind["manual"], true);
        assert_eq!(ind["score_reviewed"], score, "the filed score is kept");
    }
}

#[test]
fn r304_discretionary_rule_only_when_points_were_deducted() {
    let t = probe("档案管理规范性", "根据档案管理情况酌情扣分", "5");
    let (_, report, _dir) = check_sheet(&t);
    assert!(
        all_diagnostics(&report).is_empty(),
        "full score: nothing to say"
    );
    assert_eq!(tested(&report)["manual"], true);

    let t = t.deduct(1, "3.5", "档案归档不及时");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 0);
    assert_eq!(
        all_code_cells(&report),
        pairs(&[("R304", &t.cell(1, "评价标准"))])
    );
    let d = the(&report, "R304");
    assert_eq!(d.severity, "warning");
    assert_message(&d, &["酌情扣分", "人工复核"]);
    assert_eq!(tested(&report)["score_reviewed"], "3.5");
}

#[test]
fn r305_rule_understood_but_the_actual_value_is_missing() {
    // The reason states no value either (one that does is read: see `reason_actual_*`).
    let t = probe("服务对象满意度", SATISFACTION, "10").deduct(1, "9.4", "满意度未达标，扣0.6分");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 0);
    assert_eq!(
        all_code_cells(&report),
        pairs(&[("R305", &t.cell(1, "评价得分"))])
    );
    let d = the(&report, "R305");
    assert_eq!(d.severity, "info");
    assert_message(&d, &["满意度≥90%得满分", "实际完成值", "扣 0.6 分"]);
    assert!(
        diagnostics(&report).is_empty(),
        "diagnostics() leaves R305 out"
    );
    let ind = tested(&report);
    assert_eq!(ind["manual"], true);
    assert_eq!(ind["score_reviewed"], "9.4");
    assert!(ind["basis"].as_str().unwrap().contains("未提供实际完成值"));

    // A checklist without its 不符合项 names that input.
    let t = probe("项目立项规范性", SEED_CHECKLIST, "1").deduct(1, "0.5", "可研不充分");
    let (_, report, _dir) = check_sheet(&t);
    assert_message(&the(&report, "R305"), &["不符合项", "扣 0.5 分"]);

    // Full score: nothing to recompute, nothing said.
    let (_, report, _dir) = check_sheet(&probe("服务对象满意度", SATISFACTION, "10"));
    assert!(all_diagnostics(&report).is_empty());
}

#[test]
fn r306_failed_item_the_criterion_does_not_list() {
    let t = probe("项目立项规范性", SEED_CHECKLIST, "1")
        .set(1, "不符合项", "⑤")
        .deduct(1, "0.5", "第⑤项不符合");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1, "R306 is an error");
    assert_eq!(
        all_code_cells(&report),
        pairs(&[("R306", &t.cell(1, "不符合项"))])
    );
    let d = the(&report, "R306");
    assert_eq!(d.severity, "error");
    assert_message(&d, &["⑤", "3 项", "①②③"]);
    // An error to correct, not a reading to check by hand.
    assert!(!d.message.contains("人工复核"), "{}", d.message);
    let ind = tested(&report);
    assert_eq!(ind["manual"], true);
    assert_eq!(ind["score_reviewed"], "0.5");
}

#[test]
fn r307_fraction_read_as_a_percentage() {
    let t = probe("服务对象满意度", SATISFACTION, "10")
        .set(1, "实际完成值", "0.88")
        .deduct(1, "9.4", "满意度88%，扣0.6分");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 0);
    assert_eq!(
        all_code_cells(&report),
        pairs(&[("R307", &t.cell(1, "实际完成值"))])
    );
    let d = the(&report, "R307");
    assert_eq!(d.severity, "info");
    assert_message(&d, &["0.88", "88%"]);
    let ind = tested(&report);
    assert_eq!(ind["manual"], false);
    assert_eq!(ind["score_reviewed"], "9.4", "0.88 read as 88%, not 0.88%");
    assert!(ind["basis"].as_str().unwrap().contains("满意度88%"));

    // Written as 88%: nothing to note.
    let (_, report, _dir) = check_sheet(&t.set(1, "实际完成值", "88%"));
    assert!(all_diagnostics(&report).is_empty());
}

#[test]
fn c208_reason_whose_percentage_contradicts_the_deduction() {
    // `约92%` is no clear actual, so the row keeps its filed score; but 92% either way meets
    // the 90% of the rule, which no deduction of 1.2 fits. (`满意度为92%` would be read as the
    // actual: see `reason_actual_contradicting_the_filed_score_is_r301_naming_the_reason`.)
    let t = probe("服务对象满意度", SATISFACTION, "10").deduct(1, "8.8", "满意度约92%，未达到预期");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 0, "C208 is a warning");
    let d = at(&report, "C208", &t.cell(1, "扣分原因"));
    assert_eq!(d.severity, "warning");
    assert_message(&d, &["92%", "应不扣分", "1.2", "约 86%"]);
    assert_eq!(
        tested(&report)["reason_reviewed"],
        "满意度86%，低于90%标准4个百分点，每少1个百分点扣0.3分，扣1.2分（按扣分推算）"
    );
}

#[test]
fn c208_not_when_the_reason_matches_the_deduction() {
    for actual in ["", "88%"] {
        let t = probe("服务对象满意度", SATISFACTION, "10")
            .set(1, "实际完成值", actual)
            .deduct(1, "9.4", "满意度88%，低于90%标准2个百分点，扣0.6分");
        let (_, report, _dir) = check_sheet(&t);
        assert!(
            all_with(&report, "C208").is_empty(),
            "actual {actual:?}: {:#?}",
            all_diagnostics(&report)
        );
    }
}

/// A percentage in the reason says nothing against a threshold counted in another unit.
#[test]
fn c208_not_for_a_threshold_in_another_unit() {
    let t = probe("危桥改造数量", "完成危桥改造≥6座得满分，每低1座扣1分", "5").deduct(
        1,
        "4",
        "完成5座，完成率83%",
    );
    let (_, report, _dir) = check_sheet(&t);
    assert!(
        all_with(&report, "C208").is_empty(),
        "{:#?}",
        all_diagnostics(&report)
    );
}

/// A recomputed row reviewed at full marks has no reason to give, though its filed reason
/// is contradicted (C208); a full-score row keeps its filed `无`.
#[test]
fn reviewed_reasons_at_full_marks() {
    let t = probe("服务对象满意度", SATISFACTION, "10")
        .set(1, "实际完成值", "92%")
        .deduct(1, "8.8", "满意度约92%，未达到预期");
    let (_, report, _dir) = check_sheet(&t);
    assert!(
        !all_with(&report, "C208").is_empty(),
        "{:#?}",
        all_diagnostics(&report)
    );
    let ind = tested(&report);
    assert_eq!(ind["score_reviewed"], "10");
    assert_eq!(ind["reason_reviewed"], "");
    let t = probe("服务对象满意度", SATISFACTION, "10")
        .set(1, "实际完成值", "92%")
        .set(1, "扣分原因", "无");
    let (_, report, _dir) = check_sheet(&t);
    assert!(
        all_diagnostics(&report).is_empty(),
        "{:#?}",
        all_diagnostics(&report)
    );
    assert_eq!(tested(&report)["reason_reviewed"], "无");
}

// ---- actual values stated in the reason (SPEC §4) ---------------------------------------------

/// The probe's columns without 实际完成值.
fn without_actual_column() -> Vec<&'static str> {
    COLUMNS
        .iter()
        .copied()
        .filter(|c| *c != "实际完成值")
        .collect()
}

#[test]
fn reason_actual_is_scored_by_the_rule_when_the_row_has_none() {
    // No 实际完成值 column, an empty cell, a dash: the reason's 87% is the actual.
    let no_column = probe_with(
        &without_actual_column(),
        "服务对象满意度",
        SATISFACTION,
        "10",
    );
    let empty = probe("服务对象满意度", SATISFACTION, "10");
    let dash = probe("服务对象满意度", SATISFACTION, "10").set(1, "实际完成值", "-");
    for t in [no_column, empty, dash] {
        let t = t.deduct(1, "9.1", "群众满意度87%，扣0.9分");
        let (code, report, _dir) = check_sheet(&t);
        assert_eq!(code, 0);
        assert!(
            all_diagnostics(&report).is_empty(),
            "no R305 any more: {:#?}",
            all_diagnostics(&report)
        );
        let ind = tested(&report);
        assert_eq!(ind["manual"], false, "{ind:#}");
        assert_eq!(ind["rule"], "threshold");
        assert_eq!(ind["score_reviewed"], "9.1");
        assert_eq!(ind["reason_reviewed"], "群众满意度87%，扣0.9分");
        let basis = ind["basis"].as_str().unwrap();
        assert!(
            basis.contains("满意度87%，低于90%标准3个百分点")
                && basis.contains("实际值取自扣分原因“群众满意度87%”"),
            "{basis}"
        );
    }
}

#[test]
fn reason_actual_of_done_and_planned_is_a_completion_rate() {
    let t = probe(
        "项目完成率",
        "计划建设内容完成100%的得20分,每减少1个百分点扣0.5分",
        "20",
    )
    .deduct(1, "10", "完成120家，计划150家");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 0, "{:#?}", all_diagnostics(&report));
    let ind = tested(&report);
    assert_eq!(ind["manual"], false);
    assert_eq!(ind["score_reviewed"], "10");
    let basis = ind["basis"].as_str().unwrap();
    assert!(
        basis.contains("80%") && basis.contains("实际值取自扣分原因“完成120家，计划150家”"),
        "{basis}"
    );
}

#[test]
fn reason_actual_contradicting_the_filed_score_is_r301_naming_the_reason() {
    // 92% meets the 90% of the rule: nothing should have been deducted.
    let t = probe("服务对象满意度", SATISFACTION, "10").deduct(1, "8.8", "满意度为92%，未达到预期");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1, "R301 is an error");
    assert_eq!(
        all_code_cells(&report),
        pairs(&[("R301", &t.cell(1, "评价得分"))]),
        "R301 says it all: no C208 beside it"
    );
    let d = the(&report, "R301");
    assert_eq!(d.severity, "error");
    assert_message(
        &d,
        &["评价得分 8.8", "实际值取自扣分原因“满意度92%”", "应为 10"],
    );
    let ind = tested(&report);
    assert_eq!(ind["score_reviewed"], "10");
    assert_eq!(ind["deduction_reviewed"], "0");
    assert_eq!(ind["reason_reviewed"], "");
}

#[test]
fn reason_actual_unclear_changes_nothing() {
    for reason in [
        "满意度为87%，其中农户满意度80%",
        "满意度低于90%，扣0.9分",
        "满意度90%以上，扣0.9分",
        "满意度约87%",
        "扣权重的9%",
        "标准为95%，扣0.9分",
        "资金到位率为87%",
        "完成120家，计划150家",
    ] {
        let t = probe("服务对象满意度", SATISFACTION, "10").deduct(1, "9.1", reason);
        let (_, report, _dir) = check_sheet(&t);
        let ind = tested(&report);
        assert_eq!(ind["manual"], true, "{reason}: {ind:#}");
        assert_eq!(ind["score_reviewed"], "9.1", "{reason}");
        assert!(
            !ind["basis"].as_str().unwrap().contains("扣分原因"),
            "{reason}: {}",
            ind["basis"]
        );
        assert_eq!(
            all_with(&report, "R305").len(),
            1,
            "{reason}: still missing"
        );
        assert!(all_with(&report, "R301").is_empty(), "{reason}");
    }
}

#[test]
fn reason_actual_never_replaces_an_actual_cell() {
    // The cell says 88%: the reason's 92% is compared (C208), never scored.
    let t = probe("服务对象满意度", SATISFACTION, "10")
        .set(1, "实际完成值", "88%")
        .deduct(1, "9.4", "满意度为92%");
    let (_, report, _dir) = check_sheet(&t);
    let ind = tested(&report);
    assert_eq!(ind["score_reviewed"], "9.4");
    assert!(!ind["basis"].as_str().unwrap().contains("扣分原因"));
    assert!(all_with(&report, "R301").is_empty());
    assert_eq!(all_with(&report, "C208").len(), 1);
}

#[test]
fn reason_actual_outside_every_band_is_no_reading() {
    // Bands that start at 80%: a reason's 70% fits none, so it is not taken (no R303 about a
    // value nobody wrote in 实际完成值); the row stays as without it.
    let t = probe("资金到位率", "≥95%得满分；80%（含）-95%得3分", "5").deduct(
        1,
        "3",
        "资金到位率为70%",
    );
    let (_, report, _dir) = check_sheet(&t);
    let ind = tested(&report);
    assert_eq!(ind["manual"], true, "{ind:#}");
    assert!(
        all_with(&report, "R303").is_empty(),
        "{:#?}",
        all_diagnostics(&report)
    );
    assert_eq!(all_with(&report, "R305").len(), 1);
}

// ---- step semantics -------------------------------------------------------------------------

#[test]
fn step_floor_from_the_config_counts_only_whole_steps() {
    let t = probe(
        "资金到位率",
        "资金到位率大于90%的得满分，每少5个百分点扣0.5分，扣完为止。",
        "1",
    )
    .set(1, "实际完成值", "83%")
    .deduct(1, "0.5", "资金到位率83%，扣0.5分");
    let dir = tmp();
    let path = t.write(dir.path(), "评价表.xlsx");

    // Default (proportional): 7 points short is 1.4 steps, 0.7 deducted.
    let (code, report) = check_json(&path);
    assert_eq!(code, 1);
    assert_eq!(tested(&report)["score_reviewed"], "0.3");
    assert_eq!(tested(&report)["deduction_reviewed"], "0.7");
    assert_message(
        &at(&report, "R301", &t.cell(1, "评价得分")),
        &["0.5", "应为 0.3"],
    );

    // floor: one whole step, 0.5 deducted — the filed score.
    let config = dir.path().join("jixiao.toml");
    std::fs::write(&config, "step = \"floor\"\n").unwrap();
    let (code, report) =
        check_json_args(&[path.as_os_str(), "--config".as_ref(), config.as_os_str()]);
    let ind = tested(&report);
    assert_eq!(ind["score_reviewed"], "0.5");
    assert_eq!(ind["deduction_reviewed"], "0.5");
    assert!(ind["basis"]
        .as_str()
        .unwrap()
        .contains("不足一档的部分不扣分"));
    assert!(all_with(&report, "R301").is_empty());
    assert!(all_with(&report, "C208").is_empty());
    assert_eq!(code, 0);

    // ceil: a started step counts, two steps, 1 deducted.
    std::fs::write(&config, "step = \"ceil\"\n").unwrap();
    let (_, report) = check_json_args(&[path.as_os_str(), "--config".as_ref(), config.as_os_str()]);
    assert_eq!(tested(&report)["score_reviewed"], "0");
}

// ---- the 评分规则 column ---------------------------------------------------------------------

fn with_rule_column() -> Vec<&'static str> {
    let mut c = COLUMNS.to_vec();
    c.insert(4, "评分规则");
    c
}

#[test]
fn rule_column_overrides_the_criterion_of_its_row() {
    let t = probe_with(
        &with_rule_column(),
        "服务对象满意度",
        "视具体情况扣分",
        "10",
    )
    .set(1, "评分规则", "满意度≥90%得满分，每降低1个百分点扣0.5分")
    .set(1, "实际完成值", "88%")
    .deduct(1, "9", "满意度88%，扣1分");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(all_diagnostics(&report), vec![], "scored by the 评分规则");
    assert_eq!(code, 0);
    let ind = tested(&report);
    assert_eq!(ind["rule"], "threshold");
    assert_eq!(ind["manual"], false);
    assert_eq!(ind["score_reviewed"], "9");
    assert!(ind["basis"]
        .as_str()
        .unwrap()
        .contains("每低1个百分点扣0.5分"));

    // And the other way: a discretionary 评分规则 over a computable 评价标准 is scored by
    // hand, and R304 points at the 评分规则 cell.
    let t = probe_with(&with_rule_column(), "服务对象满意度", SATISFACTION, "10")
        .set(1, "评分规则", "视具体情况扣分")
        .set(1, "实际完成值", "80%")
        .deduct(1, "9.4", "满意度88%，扣0.6分");
    let (_, report, _dir) = check_sheet(&t);
    let ind = tested(&report);
    assert_eq!(ind["rule"], "manual");
    assert_eq!(ind["score_reviewed"], "9.4", "not 7 from the 评价标准");
    assert_eq!(
        all_code_cells(&report),
        pairs(&[("R304", &t.cell(1, "评分规则"))])
    );
}

#[test]
fn rows_without_a_rule_cell_keep_their_criterion() {
    let t = probe_with(&with_rule_column(), "服务对象满意度", SATISFACTION, "10")
        .set(1, "实际完成值", "85%")
        .deduct(1, "8.5", "满意度85%");
    let (_, report, _dir) = check_sheet(&t);
    assert_eq!(tested(&report)["rule"], "threshold");
    assert_eq!(tested(&report)["manual"], false);
    assert!(all_diagnostics(&report).is_empty());
}

// ---- reviewed reasons -----------------------------------------------------------------------

#[test]
fn reviewed_reason_is_the_filed_one_when_the_deductions_agree() {
    let t = probe("服务对象满意度", SATISFACTION, "10")
        .set(1, "实际完成值", "88%")
        .deduct(1, "9.4", "问卷调查满意度未达到90%");
    let (_, report, _dir) = check_sheet(&t);
    let ind = tested(&report);
    assert_eq!(ind["deduction_reviewed"], "0.6");
    assert_eq!(ind["reason_reviewed"], "问卷调查满意度未达到90%");
    assert!(all_diagnostics(&report).is_empty());
}

#[test]
fn reviewed_reason_is_generated_when_the_deductions_differ() {
    let t = probe("服务对象满意度", SATISFACTION, "10")
        .set(1, "实际完成值", "80%")
        .deduct(1, "9.4", "问卷调查满意度未达到90%");
    let (_, report, _dir) = check_sheet(&t);
    let ind = tested(&report);
    assert_eq!(ind["score_reviewed"], "7");
    assert_eq!(ind["deduction_reviewed"], "3");
    assert_eq!(
        ind["reason_reviewed"],
        "满意度80%，低于90%标准10个百分点，每少1个百分点扣0.3分，扣3分"
    );
    // And a full reviewed score needs no reason.
    let t = t.set(1, "实际完成值", "93%");
    let (_, report, _dir) = check_sheet(&t);
    assert_eq!(tested(&report)["score_reviewed"], "10");
    assert_eq!(tested(&report)["reason_reviewed"], "");
}

// ---- other kinds, scored ---------------------------------------------------------------------

#[test]
fn grade_rule_scores_the_grade_word_of_the_actual_value() {
    let t = probe(
        "管理制度健全性",
        "健全的得10分,基本健全的得6分,不健全的扣10分",
        "10",
    )
    .set(1, "实际完成值", "基本健全");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 1);
    let d = at(&report, "R301", &t.cell(1, "评价得分"));
    assert_eq!(d.severity, "error");
    assert_message(&d, &["评价得分 10", "基本健全", "应为 6"]);
    let ind = tested(&report);
    assert_eq!(ind["rule"], "grade");
    assert_eq!(ind["score_reviewed"], "6");
    assert_eq!(ind["deduction_reviewed"], "4");
    assert_eq!(project(&report)["score_reviewed"], "96");

    // 不健全 (扣10分 from 10) is 0; 健全 is the full 10.
    let (_, report, _dir) = check_sheet(&t.clone().set(1, "实际完成值", "不健全"));
    assert_eq!(tested(&report)["score_reviewed"], "0");
    let (_, report, _dir) = check_sheet(&t.set(1, "实际完成值", "健全"));
    assert_eq!(tested(&report)["score_reviewed"], "10");
    assert!(all_diagnostics(&report).is_empty());
}

#[test]
fn share_of_the_weight_and_zero_line_of_the_seed_budget_rule() {
    let rule = SEED_ROWS[9].criterion;
    for (actual, score) in [
        ("95.52%", "2"),
        ("90%", "1.9"),
        ("61%", "1.32"),
        ("60%", "0"),
    ] {
        // Filed at 0.5, which no rate here gives: the reviewed score is the rule's.
        let t = probe("预算执行率", rule, "2")
            .set(1, "实际完成值", actual)
            .deduct(1, "0.5", "执行率不足");
        let (_, report, _dir) = check_sheet(&t);
        assert_eq!(tested(&report)["score_reviewed"], score, "{actual}");
    }
}

#[test]
fn reverse_threshold_deducts_for_the_excess() {
    let t = probe(
        "在职人员控制率",
        "在职人员控制率≦100%,计5分;每超过一个百分点扣0.5分",
        "5",
    )
    .set(1, "实际完成值", "103%")
    .deduct(1, "3.5", "在职人员控制率103%，超编3个百分点");
    let (_, report, _dir) = check_sheet(&t);
    assert!(all_diagnostics(&report).is_empty());
    assert_eq!(tested(&report)["score_reviewed"], "3.5");
    assert!(tested(&report)["basis"]
        .as_str()
        .unwrap()
        .contains("高于100%标准3个百分点"));
}

/// The seed's 质量达标率 criterion names a pass rate (验收通过率达95%及以上) before its count
/// (未通过一个扣一分); a department naturally writes the pass rate, 100%, as 实际完成值. A
/// percentage is not a number of failed acceptances.
#[test]
fn count_rule_does_not_read_a_percentage_as_a_count() {
    let t = probe("质量达标率", SEED_ROWS[15].criterion, "12").set(1, "实际完成值", "100%");
    let (_, report, _dir) = check_sheet(&t);
    assert_eq!(tested(&report)["score_reviewed"], "12");
    assert!(
        all_with(&report, "R301").is_empty(),
        "{:#?}",
        all_diagnostics(&report)
    );
}

/// `每超过1个百分点扣0.5分，超过10%不得分` under a ≤100% rule: the zero line is 10 points past
/// the threshold (110%); read as `>10` it lies on the good side, and every rate — 95% included
/// — scores 0.
#[test]
fn zero_line_on_the_good_side_of_a_reverse_threshold() {
    let t = probe(
        "公用经费控制率",
        "公用经费控制率≤100%得满分，每超过1个百分点扣0.5分，超过10%不得分",
        "5",
    )
    .set(1, "实际完成值", "95%");
    let (_, report, _dir) = check_sheet(&t);
    assert_eq!(tested(&report)["score_reviewed"], "5");
}

/// SPEC §6: `[[rule]] indicator = … text = …` in jixiao.toml overrides the rule of an
/// indicator by name.
#[test]
fn config_rule_overrides_the_criterion_by_indicator_name() {
    let t = probe("资金到位率", "视具体情况扣分", "1")
        .set(1, "实际完成值", "80%")
        .deduct(1, "0.5", "资金到位率80%");
    let dir = tmp();
    let path = t.write(dir.path(), "评价表.xlsx");
    let config = dir.path().join("jixiao.toml");
    std::fs::write(
        &config,
        "[[rule]]\nindicator = \"资金到位率\"\ntext = \"资金到位率大于90%的得满分，每少5个百分点扣0.5分，扣完为止\"\n",
    )
    .unwrap();
    let r = run([
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--config".as_ref(),
        config.as_os_str(),
        path.as_os_str(),
    ]);
    assert_ne!(r.code, 2, "{}", r.stderr);
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    let ind = tested(&report);
    assert_eq!(ind["rule"], "threshold");
    assert_eq!(
        ind["score_reviewed"], "0",
        "10 points short: 2 steps, 1 deducted"
    );
}

#[test]
fn r306_one_past_the_last_item_is_refused_and_the_last_item_is_not() {
    // The criterion lists ①②③: ④ is one past the end (R306), ③ is the last item (scored).
    let t = probe("项目立项规范性", SEED_CHECKLIST, "1")
        .set(1, "不符合项", "④")
        .deduct(1, "0.5", "第④项不符合");
    let (_, report, _dir) = check_sheet(&t);
    assert_eq!(
        all_code_cells(&report),
        pairs(&[("R306", &t.cell(1, "不符合项"))])
    );
    assert_message(&the(&report, "R306"), &["④", "3 项"]);
    let t = probe("项目立项规范性", SEED_CHECKLIST, "1")
        .set(1, "不符合项", "③")
        .deduct(1, "0.5", "第③项不符合");
    let (_, report, _dir) = check_sheet(&t);
    assert!(
        !all_code_cells(&report).iter().any(|(c, _)| c == "R306"),
        "③ is listed: {:?}",
        all_code_cells(&report)
    );
}

// ---- near misses: correct inputs that look like the error (issue #23) -----------------------

#[test]
fn r303_near_miss_full_width_digits_and_symbols_are_understood() {
    // The satisfaction rule written with full-width ≥, digits and ％ is the same rule: scored,
    // no R303.
    let t = probe(
        "服务对象满意度",
        "满意度≥９０％得满分，每降低１个百分点扣0.3分",
        "10",
    )
    .set(1, "实际完成值", "88%")
    .deduct(1, "9.4", "满意度88%，扣0.6分");
    let (code, report, _dir) = check_sheet(&t);
    assert!(
        all_with(&report, "R303").is_empty(),
        "{:?}",
        all_diagnostics(&report)
    );
    assert_eq!(code, 0);
    assert_eq!(tested(&report)["manual"], false);
    assert_eq!(tested(&report)["score_reviewed"], "9.4");
}

#[test]
fn r304_near_miss_a_definition_followed_by_a_rule_is_a_rule() {
    // A formula defining the rate, then how it is scored: no R304.
    let text =
        "预算执行率=实际支出/预算数×100%。预算执行率≥95%得满分，每低1个百分点扣0.2分，扣完为止";
    let t = probe("预算执行率", text, "10")
        .set(1, "实际完成值", "90%")
        .deduct(1, "9", "执行率90%，扣1分");
    let (code, report, _dir) = check_sheet(&t);
    assert!(
        all_with(&report, "R304").is_empty(),
        "{:?}",
        all_diagnostics(&report)
    );
    assert_eq!(code, 0, "{:?}", all_diagnostics(&report));
    assert_eq!(tested(&report)["rule"], "threshold");
}

#[test]
fn r305_near_miss_the_actual_value_given_in_the_reason() {
    // No 实际完成值 column value, but the reason says 88%: recomputed from it, no R305.
    let t = probe("服务对象满意度", SATISFACTION, "10").deduct(1, "9.4", "满意度88%，扣0.6分");
    let (code, report, _dir) = check_sheet(&t);
    assert!(
        all_with(&report, "R305").is_empty(),
        "{:?}",
        all_diagnostics(&report)
    );
    assert_eq!(code, 0);
    assert_eq!(tested(&report)["manual"], false);
}

#[test]
fn r307_near_miss_a_percentage_written_as_such() {
    let t = probe("服务对象满意度", SATISFACTION, "10")
        .set(1, "实际完成值", "88%")
        .deduct(1, "9.4", "满意度88%，扣0.6分");
    let (_, report, _dir) = check_sheet(&t);
    assert!(
        all_with(&report, "R307").is_empty(),
        "{:?}",
        all_diagnostics(&report)
    );
}

#[test]
fn r302_a_score_that_is_no_grade_of_a_grade_rule() {
    // 健全 10 / 基本健全 6 / 不健全 0: a filed 7 is none of them, whatever the actual was.
    // (Failures-only lists, where failures add up, are exempt; this one rewards.)
    let t = probe(
        "管理制度健全性",
        "健全的得10分,基本健全的得6分,不健全的不得分",
        "10",
    )
    .deduct(1, "7", "部分制度未及时更新");
    let (_, report, _dir) = check_sheet(&t);
    let d = the(&report, "R302");
    assert_message(&d, &["得分 7", "健全10分"]);
    // A failures-only list: deductions add up, so 7 may be right.
    let t = probe(
        "资料完整性",
        "缺少验收报告的扣2分，缺少审计报告的扣1分",
        "10",
    )
    .deduct(1, "7", "资料不全");
    let (_, report, _dir) = check_sheet(&t);
    assert!(
        all_with(&report, "R302").is_empty(),
        "{:?}",
        all_diagnostics(&report)
    );
}

#[test]
fn r302_boundaries_of_a_checklist_deduction() {
    // Three items at 0.5 each on a weight of 3: 1.5 is all three failing (reachable, no
    // R302); 2 would be four items (R302); 3 is the whole weight (严重: reachable).
    let case = |deducted: &str, score: &str| {
        let t = probe("项目立项规范性", SEED_CHECKLIST, "3").deduct(1, score, "立项材料不全");
        let (_, report, _dir) = check_sheet(&t);
        (deducted.to_string(), all_with(&report, "R302").len())
    };
    assert_eq!(
        case("1.5", "1.5"),
        ("1.5".into(), 0),
        "all three items failing is reachable"
    );
    assert_eq!(case("2", "1"), ("2".into(), 1), "four items' worth is not");
    assert_eq!(
        case("3", "0"),
        ("3".into(), 0),
        "严重: the whole weight is reachable"
    );
    // Without 严重, the whole weight is six items' worth of three: unreachable.
    let plain = "①是否符合国家相关法律法规；②是否与项目实施单位职责密切相关；③项目是否为促进事业发展所必需。一项不符合扣0.5分。";
    let t = probe("项目立项规范性", plain, "3").deduct(1, "0", "立项材料不全");
    let (_, report, _dir) = check_sheet(&t);
    assert_message(&the(&report, "R302"), &["相当于 6 项不符合", "只列了 3 项"]);
}

#[test]
fn an_additive_rule_with_no_item_unmet_scores_in_full() {
    // 不符合项 `0项`: a count of none unmet, so the full 3 points — recomputed, not left to
    // the filer (`0` alone is read as "none" before any count).
    let t = probe(
        "绩效目标明确性",
        "设有目标(1分)目标明确(1分)目标细化(1分)",
        "3",
    )
    .set(1, "不符合项", "0项");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 0, "{:?}", all_diagnostics(&report));
    let ind = tested(&report);
    assert_eq!(ind["manual"], false, "{ind:#}");
    assert_eq!(ind["score_reviewed"], "3");
}

#[test]
fn the_point_not_met_named_in_the_reason_is_the_one_scored() {
    // 要点 ① and ② are 20% each, ③ 60%: 不符合评价要点③ costs 6 of 10, not 2.
    let text = "要点①②各占20%，要点③占60%";
    let t = probe("绩效目标合理性", text, "10").deduct(1, "4", "不符合评价要点③");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 0, "{:?}", all_diagnostics(&report));
    let ind = tested(&report);
    assert_eq!(ind["manual"], false, "{ind:#}");
    assert_eq!(ind["score_reviewed"], "4");
    // Filed as if ① were the one: recomputed to 4.
    let t = probe("绩效目标合理性", text, "10").deduct(1, "8", "不符合评价要点③");
    let (_, report, _dir) = check_sheet(&t);
    assert_message(&the(&report, "R301"), &["应为 4"]);
}

#[test]
fn a_share_rule_with_a_part_per_failure_needs_the_points_not_a_count() {
    // 要点 lose half their share each: which 要点 failed matters, so `1项` cannot be scored.
    let text = "要点①②③各占指标分值的1/3，每个要点不符合扣该要点分值的1/2";
    let t = probe("制度执行有效性", text, "3")
        .set(1, "不符合项", "1项")
        .deduct(1, "2.5", "一个要点执行不到位");
    let (_, report, _dir) = check_sheet(&t);
    let ind = tested(&report);
    assert_eq!(ind["manual"], true, "{ind:#}");
    assert_eq!(ind["score_reviewed"], "2.5");
    // Without 不符合项, 2.5 (half of one 要点's share lost) is a score the rule can give: no R302.
    let t = probe("制度执行有效性", text, "3").deduct(1, "2.5", "一个要点执行不到位");
    let (_, report, _dir) = check_sheet(&t);
    assert!(
        all_with(&report, "R302").is_empty(),
        "{:?}",
        all_diagnostics(&report)
    );
    // Named: ② failing costs half of 1.
    let t = probe("制度执行有效性", text, "3")
        .set(1, "不符合项", "②")
        .deduct(1, "2.5", "要点②执行不到位");
    let (code, report, _dir) = check_sheet(&t);
    assert_eq!(code, 0, "{:?}", all_diagnostics(&report));
    assert_eq!(tested(&report)["manual"], false);
}

/// 制度健全得2分；执行到位得2分 on a weight of 4 names two aspects to add up, not two grades of
/// one: a filed 4 for both met is right (it was read as the grade 执行到位, 2, and called an
/// error), and a filed 3 is rescored to the sum.
#[test]
fn two_aspects_that_make_the_weight_together_are_added_up() {
    let filed = |score: &str| {
        let t = probe("补贴发放管理制度", "制度健全得2分；执行到位得2分", "4")
            .set(1, "实际完成值", "制度健全，执行到位")
            .set(1, "评价得分", score)
            .recompute_total();
        check_sheet(&t).1
    };
    let report = filed("4");
    let raised: Vec<Found> = all_diagnostics(&report)
        .into_iter()
        .filter(|d| d.severity != "info")
        .collect();
    assert!(raised.is_empty(), "{raised:#?}");
    let r301 = the(&filed("3"), "R301");
    assert_message(
        &r301,
        &[
            "应为 4",
            "“制度健全”、“执行到位”；各项分值之和等于指标分值，按逐项计分，相加得4分",
        ],
    );
    // With a deduction among them, and no 实际完成值: 2 + 2 − 1 = 3 is a sum of the aspects
    // (it was “not a grade”, R302).
    let t = probe(
        "补贴发放管理制度",
        "制度健全得2分；执行到位得2分；发现违规扣1分",
        "4",
    )
    .deduct(1, "3", "发现违规1次，扣1分");
    let report = check_sheet(&t).1;
    assert!(
        all_with(&report, "R302").is_empty(),
        "{:#?}",
        all_diagnostics(&report)
    );
}
