//! 评价标准 text → rule → score, with the text split into criterion, actual and failed items.
#![no_main]

use jixiao::rule::parse::parse_rule;
use jixiao::rule::score::{parse_failed, parse_measure, score, Inputs};
use jixiao::rule::{Scoring, StepMode};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(3, '\u{1}');
    let criterion = parts.next().unwrap_or_default();
    let actual = parts.next().unwrap_or_default();
    let failed = parts.next().unwrap_or_default();
    let rule = parse_rule(criterion);
    let _ = rule.to_string();
    let inputs = Inputs {
        actual: parse_measure(actual),
        actual_text: Some(actual.to_string()),
        target: None,
        failed: parse_failed(failed),
        ..Inputs::default()
    };
    for mode in [StepMode::Proportional, StepMode::Floor, StepMode::Ceil] {
        let _ = score(&rule, Decimal::TEN, &inputs, &Scoring::with_step(mode));
    }
});
