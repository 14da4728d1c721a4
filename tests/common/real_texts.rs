//! The real criterion texts of `tests/rules/real_texts.txt` (sources in
//! `tests/rules/SOURCES.md`), parsed once for the tests that read them: `rules_real` scores
//! each worked example with the library, `rules_real_check` through `check` end to end.
//!
//! A line is `<text> ⟹ <kind> <key>=<value> … [ ‖ <worked example>]` (the file's header says
//! more); a real line break in the text is written `\n`.

use jixiao::rule::score::{parse_failed, parse_measure, Failed, Inputs};
use jixiao::rule::Rule;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;

/// One text of the file with the reviewer's reading and worked example.
pub struct Case {
    /// The 1-based line of the file.
    pub line: usize,
    /// The criterion text, line breaks real.
    pub text: String,
    /// The reviewer's kind (`threshold`, `checklist`, … `manual`, `any`).
    pub kind: String,
    /// The reviewer's reading, `key=value` (the kind itself is not among them).
    pub params: BTreeMap<String, String>,
    /// The worked example, `key=value` (`weight`, the inputs, `score`); empty when none.
    pub example: BTreeMap<String, String>,
}

/// The `key=value` words of a reading or an example.
pub fn words(s: &str) -> BTreeMap<String, String> {
    s.split_whitespace()
        .filter_map(|w| w.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Every text of the file, in file order.
pub fn cases() -> Vec<Case> {
    include_str!("../rules/real_texts.txt")
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let (text, rest) = l
                .split_once(" ⟹ ")
                .unwrap_or_else(|| panic!("line {}: no ⟹", i + 1));
            let (reading, example) = rest.split_once(" ‖ ").unwrap_or((rest, ""));
            let kind = reading.split_whitespace().next().expect("kind").to_string();
            Case {
                line: i + 1,
                text: text.replace("\\n", "\n"),
                kind,
                params: words(reading),
                example: words(example),
            }
        })
        .collect()
}

/// A number of the file; panics on anything else.
pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|_| panic!("bad number {s}"))
}

/// True when the example's `actual` is a percentage as a row writes it (`95` → `95%`): the
/// reviewer's rule is in percent (no other unit) and compares it with no row target.
pub fn actual_in_percent(case: &Case) -> bool {
    case.params.get("unit").is_none_or(|u| u == "%")
        && matches!(
            case.kind.as_str(),
            "threshold" | "bands" | "proportional" | "additive"
        )
        && !case.example.contains_key("target")
}

/// The numbers (1-based) of the items of an additive rule that the example's `met` does not
/// name: the items a row lists as failed. Items are named by number (`1,3`, `②`) or by name
/// (`报送及时,数据真实`). An item with a rule of its own (`按完成比例得分(5分)`) is scored by
/// that rule from the row's 实际完成值, never listed as failed. `None` when the rule is not
/// additive, or when two items would need the one 实际完成值 of the row.
pub fn items_not_met(met: &str, rule: &Rule) -> Option<Vec<u32>> {
    let Rule::Additive(a) = rule else {
        return None;
    };
    let inner = (0..a.items.len())
        .filter(|i| a.rule_of(*i).is_some())
        .count();
    if inner > 1 {
        return None;
    }
    let listed = a.items.len() as u32;
    let met: Vec<u32> = met
        .split(',')
        .filter_map(|n| {
            let n = n.trim();
            let circled = "①②③④⑤⑥⑦⑧⑨⑩"
                .chars()
                .position(|c| n.starts_with(c) && n.chars().count() == 1)
                .map(|i| i as u32 + 1);
            n.parse().ok().or(circled).or_else(|| {
                a.items
                    .iter()
                    .position(|(name, _)| name == n.trim())
                    .map(|i| i as u32 + 1)
            })
        })
        .collect();
    Some(
        (1..=listed)
            .filter(|i| !met.contains(i) && a.rule_of(*i as usize - 1).is_none())
            .collect(),
    )
}

/// True when the example gives inputs a row cannot give together: an additive text whose
/// parts have their own counts (`met=` and `count=`). The items met and one 实际完成值 (for
/// the one part with a threshold or a proportion inside) a row does give together.
pub fn needs_several_inputs(case: &Case) -> bool {
    let given: Vec<&str> = case
        .example
        .keys()
        .map(String::as_str)
        .filter(|k| !matches!(*k, "weight" | "score"))
        .collect();
    case.kind == "additive" && given.len() > 1 && given != ["actual", "met"]
}

/// The example's inputs as a row would give them: `actual` in 实际完成值 (with `%` where the
/// rule is in percent), `target` in 年度指标值, `failed`/`count`/`days` in 不符合项, `met`
/// as the items not met, `grade` as the 实际完成值 words. `None` when the example needs
/// inputs a row cannot give together (an additive text whose parts have their own counts).
pub fn inputs(case: &Case, rule: &Rule) -> Option<Inputs> {
    let ex = &case.example;
    let percent = actual_in_percent(case);
    let mut inputs = Inputs::default();
    if needs_several_inputs(case) {
        return None;
    }
    if let Some(a) = ex.get("actual") {
        let written = if percent { format!("{a}%") } else { a.clone() };
        inputs.actual = parse_measure(&written);
        inputs.actual_text = Some(written);
    }
    if let Some(t) = ex.get("target") {
        inputs.target = parse_measure(t);
    }
    if let Some(f) = ex.get("failed") {
        inputs.failed = parse_failed(f);
    }
    for key in ["count", "days"] {
        if let Some(n) = ex.get(key) {
            inputs.failed = Some(Failed::Count(dec(n)));
        }
    }
    if let Some(g) = ex.get("grade") {
        inputs.actual_text = Some(g.clone());
    }
    if let Some(m) = ex.get("met") {
        inputs.failed = Some(Failed::Items(items_not_met(m, rule)?));
    }
    Some(inputs)
}
