//! `jixiao explain` (SPEC §4): how a 评价标准 text is understood — kind, canonical sentence,
//! parameters — for people (text) and scripts (`--format json`). The readings of one phrase of
//! every kind are pinned by snapshots that were read and judged right; readings once judged
//! wrong are fixed, each with a test stating what the right reading must (not) be — a test
//! that passes only when the reading is right or refused, never when a parameter is missing.

use crate::common::*;
use serde_json::Value;
use std::collections::BTreeSet;

/// One phrase of every kind, in the order they are passed: (text, expected kind).
#[rustfmt::skip]
const PHRASES: [(&str, &str); 20] = [
    // threshold: plain, strict boundary
    ("资金到位率大于90%的得满分，每少5个百分点扣0.5分，扣完为止。", "threshold"),
    // threshold: a definition sentence set aside, a share of the weight and a zero line
    ("预算执行率=实际支出金额/项目预算金额×100%。\n预算执行率95%以上，得满分；低于95%，每下降1%扣权重的1%；预算执行率60%以下，不计分", "threshold"),
    // threshold: reverse (lower is better)
    ("在职人员控制率≦100%,计5分;每超过一个百分点扣0.5分", "threshold"),
    // threshold: the row's target as the limit
    ("达标得满分；每低于达标线1个百分点扣3分", "threshold"),
    // threshold: a stated minimum score
    ("满意度≥95%得满分，每降低1个百分点扣1分，最低得5分", "threshold"),
    // checklist: listed items, serious → 0 (the seed's text, line breaks included)
    ("①项目是否按照规定的程序申请设立；\n②文件、材料是否符合相关要求；\n③事前是否已经过必要的可行性研究、专家论证、风险评估、集体决策等。\n一项不符合扣0.5分，严重的此项完全不得分。", "checklist"),
    ("每少一项扣1分", "checklist"),
    // additive
    ("设有目标(1分)目标明确(1分)目标细化(1分)", "additive"),
    // bands: inclusive mark, strict bounds
    ("≥95%得满分；90%（含）-95%得3分；<90%不得分", "bands"),
    // bands: a full-words top band and a range award
    ("资金全部到位(14分)到位率在75%以上(10分到13分)到位率低于75%(0分到9分)", "bands"),
    // grade
    ("健全的得10分,基本健全的得6分,不健全的扣10分", "grade"),
    ("完成得满分，未完成不得分", "grade"),
    // count
    ("未通过一个扣一分，扣完为止", "count"),
    ("每发现1处问题扣0.5分", "count"),
    // proportional
    ("对照绩效目标，按经济效益实现程度计算得分。", "proportional"),
    ("得分=实际完成值/年度指标值×分值", "proportional"),
    // manual, three reasons
    ("视具体情况扣分", "manual"),
    ("变动率=[（实际成本-计划成本）/计划成本]×100%。", "manual"),
    ("由各省自行制定", "manual"),
    ("排名前10%得满分，每下降一个名次扣0.5分", "manual"),
];

fn texts() -> Vec<&'static str> {
    PHRASES.iter().map(|(t, _)| *t).collect()
}

fn explain_ok(args: &[&str]) -> String {
    let r = explain(args);
    assert_eq!(r.code, 0, "stderr: {}", r.stderr);
    assert!(r.stderr.is_empty(), "stderr: {}", r.stderr);
    r.stdout
}

fn explain_json(texts: &[&str]) -> Vec<Value> {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(texts);
    let out = explain_ok(&args);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}:\n{out}"));
    v.as_array().expect("a JSON array").clone()
}

fn param<'a>(item: &'a Value, key: &str) -> Option<&'a str> {
    item["params"][key].as_str()
}

// ---- text -----------------------------------------------------------------------------------

#[test]
fn explain_text_of_one_phrase_of_every_kind() {
    let out = explain_ok(&texts());
    insta::assert_snapshot!("text_every_kind", out);
}

#[test]
fn explain_text_keeps_the_order_of_the_texts() {
    let out = explain_ok(&texts());
    let shown: Vec<usize> = texts()
        .iter()
        .map(|t| {
            out.find(&format!("评价标准：{}\n", t.trim()))
                .unwrap_or_else(|| panic!("{t} not shown:\n{out}"))
        })
        .collect();
    let mut sorted = shown.clone();
    sorted.sort();
    assert_eq!(shown, sorted, "texts appear in the order given");
    assert_eq!(out.matches("  类型：").count(), PHRASES.len());
    // Reversed input, reversed output.
    let mut rev = texts();
    rev.reverse();
    let out_rev = explain_ok(&rev);
    assert!(out_rev.starts_with("评价标准：排名前10%得满分"));
    assert_ne!(out, out_rev);
}

#[test]
fn explain_text_names_the_boundary_reading_of_thresholds() {
    let out = explain_ok(&["资金到位率大于90%的得满分，每少5个百分点扣0.5分"]);
    assert!(
        out.contains("  边界：“大于/高于”按“严格大于”理解，不含本数"),
        "{out}"
    );
    let out = explain_ok(&["资金到位率90%及以上得满分，每少5个百分点扣0.5分"]);
    assert!(
        out.contains("  边界：“以上/不低于/达到”按“大于或等于”理解，含本数"),
        "{out}"
    );
}

// ---- JSON -----------------------------------------------------------------------------------

#[test]
fn explain_json_of_one_phrase_of_every_kind() {
    let mut args = vec!["--format", "json"];
    args.extend(texts());
    let out = explain_ok(&args);
    insta::assert_snapshot!("json_every_kind", out);
}

#[test]
fn explain_json_is_an_array_of_text_kind_canonical_params_with_string_params() {
    let items = explain_json(&texts());
    assert_eq!(items.len(), PHRASES.len());
    let want_keys: BTreeSet<&str> = ["text", "kind", "canonical", "params", "clauses"].into();
    for (item, (text, kind)) in items.iter().zip(PHRASES) {
        let keys: BTreeSet<&str> = item
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, want_keys, "{item}");
        assert_eq!(
            item["text"], text,
            "texts keep their order and are echoed as given"
        );
        assert_eq!(item["kind"], kind, "{text}");
        assert!(item["canonical"].as_str().is_some_and(|c| !c.is_empty()));
        // Every clause has its text and its part in the rule.
        let clauses = item["clauses"].as_array().expect("clauses is an array");
        assert!(!clauses.is_empty(), "{text}");
        for c in clauses {
            assert!(c["text"].as_str().is_some_and(|t| !t.is_empty()), "{c}");
            assert!(c["role"].as_str().is_some_and(|t| !t.is_empty()), "{c}");
        }
        let params = item["params"].as_object().expect("params is an object");
        assert!(!params.is_empty(), "{text}");
        for (k, v) in params {
            assert!(v.is_string(), "{text}: params.{k} = {v} is not a string");
        }
    }
}

#[test]
fn explain_json_params_use_the_names_of_spec_4() {
    let items = explain_json(&texts());
    let p = |i: usize, k: &str| param(&items[i], k).map(str::to_string);
    let s = |v: &str| Some(v.to_string());
    // threshold
    assert_eq!(p(0, "metric"), s("资金到位率"));
    assert_eq!(p(0, "cmp"), s(">"));
    assert_eq!(p(0, "threshold"), s("90"));
    assert_eq!(p(0, "step"), s("5"));
    assert_eq!(p(0, "deduct"), s("0.5"));
    // share and zero line
    assert_eq!(p(1, "cmp"), s(">="));
    assert_eq!(p(1, "deduct_share"), s("1"));
    assert_eq!(p(1, "deduct"), None);
    assert_eq!(p(1, "zero_line"), s("<=60"));
    // reverse, target, minimum
    assert_eq!(p(2, "cmp"), s("<="));
    assert_eq!(p(2, "threshold"), s("100"));
    assert_eq!(p(3, "threshold"), s("target"));
    assert_eq!(p(4, "min_score"), s("5"));
    // checklist
    assert_eq!(p(5, "items"), s("3"));
    assert_eq!(p(5, "per_item"), s("0.5"));
    assert_eq!(p(5, "serious_zero"), s("true"));
    assert_eq!(p(6, "per_item"), s("1"));
    assert_eq!(p(6, "serious_zero"), None);
    // additive, bands, grade
    assert_eq!(p(7, "items"), s("设有目标:1;目标明确:1;目标细化:1"));
    assert_eq!(p(8, "bands"), s(">=95:full;[90,95):3;<90:0"));
    assert_eq!(p(9, "bands"), s(">=100:14;[75,100):10-13;<75:0-9"));
    assert_eq!(p(10, "grades"), s("健全:10;基本健全:6;不健全:0"));
    assert_eq!(p(11, "grades"), s("完成:full;未完成:0"));
    // count
    assert_eq!(p(12, "per_item"), s("1"));
    assert_eq!(p(13, "per_item"), s("0.5"));
    // manual
    assert_eq!(p(16, "why"), s("discretionary"));
    assert_eq!(p(17, "why"), s("definition"));
    assert_eq!(p(18, "why"), s("discretionary"));
    assert_eq!(p(19, "why"), s("not_understood"));
}

#[test]
fn canonical_sentences_explain_back_to_the_same_rule() {
    let items = explain_json(&texts());
    let canonical: Vec<&str> = items
        .iter()
        .map(|i| i["canonical"].as_str().unwrap())
        .collect();
    let again = explain_json(&canonical);
    for (a, b) in items.iter().zip(&again) {
        assert_eq!(
            (&a["kind"], &a["params"]),
            (&b["kind"], &b["params"]),
            "{} → {}",
            a["text"],
            a["canonical"]
        );
    }
}

#[test]
fn explain_without_a_text_is_a_usage_error() {
    let r = explain::<&str>(&[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("评价标准"),
        "the missing argument is named: {}",
        r.stderr
    );
}

// ---- readings judged wrong ------------------------------------------------------------------

/// `一半` is half (of the weight), not 1.5 points: `持平的得一半分` cannot read as 持平:1.5.
#[test]
fn half_the_points_is_not_one_and_a_half_points() {
    let items = explain_json(&["与上年相比有所提高的得满分，持平的得一半分"]);
    match items[0]["kind"].as_str() {
        // Refused: the filed score stays; nothing is misread.
        Some("manual") => assert_eq!(param(&items[0], "why"), Some("not_understood")),
        Some("grade") => {
            let grades = param(&items[0], "grades").expect("a grade reading names its grades");
            assert!(!grades.contains("1.5"), "{}", items[0]);
        }
        other => panic!("read as {other:?}: {}", items[0]),
    }
}

/// A zero line must lie on the bad side of the threshold: under `≤100%得满分` a line of `>10`
/// makes every rate, the good ones included, score 0. `超过10%` is 10 points over (>110).
#[test]
fn zero_line_lies_past_the_threshold() {
    let items = explain_json(&["公用经费控制率≤100%得满分，每超过1个百分点扣0.5分，超过10%不得分"]);
    assert_eq!(items[0]["kind"], "threshold");
    let zero: f64 = param(&items[0], "zero_line")
        .unwrap()
        .trim_start_matches(['<', '>', '='])
        .parse()
        .unwrap();
    assert!(zero > 100.0, "{}", items[0]);
}

/// Bands must not overlap: `50%以下` includes 50 (以下含本数) and so does `50%-75%` read as
/// [50, 75); a rate of exactly 50% falls in both (and the first listed wins).
#[test]
fn bands_do_not_overlap() {
    let items = explain_json(&["资金全部到位(14分)到位率在75%以上(10分到13分)到位率在50%-75%(6分到9分)到位率50%以下(0分到5分)"]);
    let bands = param(&items[0], "bands").unwrap();
    assert!(
        !(bands.contains("[50,75)") && bands.contains("<=50")),
        "{bands}"
    );
}

/// `最低得2分` is a floor, not a grade word.
#[test]
fn a_minimum_score_is_not_a_grade_word() {
    let items = explain_json(&["项目按计划完成的得满分，最低得2分"]);
    match items[0]["kind"].as_str() {
        Some("manual") => assert_eq!(param(&items[0], "why"), Some("not_understood")),
        Some("grade") => {
            let grades = param(&items[0], "grades").expect("a grade reading names its grades");
            assert!(!grades.contains("最低"), "{}", items[0]);
        }
        other => panic!("read as {other:?}: {}", items[0]),
    }
}

/// 每发现一项扣10%分 alone is a count of shares; two such phrases in one text are two rules,
/// and no single reading can be right.
#[test]
fn two_share_counts_in_one_text_are_refused() {
    let one = explain_json(&["每发现一项问题扣10%分，扣完为止"]);
    assert_eq!(one[0]["kind"], "count", "{}", one[0]);
    let two = explain_json(&["每发现一项一般问题扣10%分，每发现一项重大问题扣50%分"]);
    assert_eq!(two[0]["kind"], "manual", "{}", two[0]);
}

/// A definition whose words hold 分 (资金分配) is still a definition: 分 alone does not make a
/// text score points (得…分 does).
/// The 要点 of a checklist are its points whether numbered `①` or `1.`.
#[test]
fn the_points_of_a_checklist_are_points_however_numbered() {
    for text in [
        "①是否符合国家相关法律法规；②是否与项目实施单位职责密切相关。一项不符合扣0.5分。",
        "1.是否符合国家相关法律法规；2.是否与项目实施单位职责密切相关。一项不符合扣0.5分。",
    ] {
        let items = explain_json(&[text]);
        let roles: Vec<&str> = items[0]["clauses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["role"].as_str().unwrap_or_default())
            .collect();
        assert_eq!(roles, ["评价要点", "评价要点", "按项扣分"], "{text}");
    }
    // A sentence without a number or points is a note, not a point.
    let items = explain_json(&[
        "①是否符合国家相关法律法规；②是否与项目实施单位职责密切相关。一项不符合扣0.5分。评价依据为项目申报材料",
    ]);
    let last = items[0]["clauses"].as_array().unwrap().last().unwrap();
    assert_eq!(last["role"], "说明（不计分）", "{last}");
    // Items whose points are what failing them costs are per-item deductions, not unknown.
    let items = explain_json(&["(1)项不符合要求扣2分;(2)项不符合要求扣1分"]);
    assert_eq!(items[0]["kind"], "additive");
    for c in items[0]["clauses"].as_array().unwrap() {
        assert_eq!(c["role"], "按项扣分", "{c}");
    }
}

#[test]
fn a_definition_with_fen_in_its_words_is_a_definition() {
    let items = explain_json(&["资金分配合理性=已分配资金/应分配资金×100%"]);
    assert_eq!(items[0]["kind"], "manual", "{}", items[0]);
    assert_eq!(param(&items[0], "why"), Some("definition"), "{}", items[0]);
    // `记5分` (or 计/给…分) awards points: a sentence with it is no definition, even with `=`.
    let items = explain_json(&["完成率=100%的记5分"]);
    assert_ne!(param(&items[0], "why"), Some("definition"), "{}", items[0]);
    // Nor is one that deducts: a rule written after its formula.
    let items = explain_json(&["超支率=超支额/预算×100%每超1个百分点扣0.5分"]);
    assert_eq!(items[0]["kind"], "threshold", "{}", items[0]);
    // Nor one that says when the score is full, or how it is scored.
    for text in [
        "满意度=满意人数/调查人数×100%达到95%为满分",
        "完成率=实际完成数/计划数×100%按完成率计分",
    ] {
        let items = explain_json(&[text]);
        assert_ne!(param(&items[0], "why"), Some("definition"), "{}", items[0]);
    }
}

#[test]
fn a_metric_is_named_without_its_item_number_and_as_written() {
    // `覆` is simplified Chinese as much as traditional: 覆盖率 stays 覆盖率 (folding it to
    // 复盖率 showed a misspelt name in every 评分依据 of a coverage rate).
    const RULE: &str = "≥95%得满分，每低1个百分点扣1分";
    for (head, metric) in [
        ("覆盖率", Some("覆盖率")),
        ("1.覆盖率", Some("覆盖率")),
        ("2、覆盖率", Some("覆盖率")),
        ("③覆盖率", Some("覆盖率")),
        // A name holding digits is a piece of the rule, not a name: none rather than this.
        ("2024年覆盖率", None),
    ] {
        let text = format!("{head}{RULE}");
        let items = explain_json(&[&text]);
        assert_eq!(items[0]["kind"], "threshold", "{text}");
        assert_eq!(param(&items[0], "metric"), metric, "{text}");
        let canonical = items[0]["canonical"].as_str().unwrap_or_default();
        assert!(!canonical.contains('复'), "{text}: {canonical}");
    }
}

#[test]
fn a_band_end_written_as_included_wins_over_the_convention_of_yi_xia() {
    let items = explain_json(&[
        "90%（含）以上得10分，80%（含）-90%得8分，80%以下不得分",
        "90%以上得10分，80%-90%得8分，80%以下不得分",
        "90%以上得10分，80%（含）-90%得8分，不足80%不得分",
        // A sign or a word before the number is as explicit as a mark; 以上 after it is not.
        "≥80%得10分，80%以下不得分",
        "达到80%得10分，80%以下不得分",
        "达到80%以上得10分，80%以下不得分",
    ]);
    assert_eq!(param(&items[0], "bands"), Some(">=90:10;[80,90):8;<80:0"));
    assert_eq!(param(&items[1], "bands"), Some(">=90:10;(80,90):8;<=80:0"));
    assert_eq!(param(&items[2], "bands"), Some(">=90:10;[80,90):8;<80:0"));
    assert_eq!(param(&items[3], "bands"), Some(">=80:10;<80:0"));
    assert_eq!(param(&items[4], "bands"), Some(">=80:10;<80:0"));
    // Both by convention: the one-sided band below keeps 80, as before.
    assert_eq!(param(&items[5], "bands"), Some(">80:10;<=80:0"));
}
