//! The rules of the self-evaluation form (项目支出绩效自评表, 财预〔2020〕10号 附件1; SPEC §4.1),
//! which has no 评价标准 column: the rule of an indicator comes from its own cells.
//!
//! - A 实际完成值 that is a grade word (达成年度指标 / 部分达成年度指标并具有一定效果 /
//!   未达成年度指标且效果较差, or the short forms departments write) makes the indicator
//!   qualitative: [`qualitative`] gives its [`Rule::Qualitative`] band of the weight.
//! - Otherwise it is quantitative, scored from 年度指标值 and 实际完成值 with the direction of
//!   the target's sign: [`quantitative`] gives `Rule::Proportional` with [`Basis::Target`].
//!
//! Both are scored by [`score`](super::score::score) like any rule.

use super::score::Measure;
use super::{Basis, Bound, Proportional, Qualitative, Rule, Unit};
use crate::framework::QUALITATIVE_LABELS;
use rust_decimal::Decimal;

/// The rule of a quantitative indicator of the self-evaluation form.
pub fn quantitative() -> Rule {
    Rule::Proportional(Proportional {
        basis: Basis::Target,
    })
}

/// The rule of a qualitative indicator, when its 实际完成值 is a grade word (财预〔2020〕10号):
/// 达成年度指标 80%–100% of the weight (both included), 部分达成年度指标并具有一定效果 60%–80%,
/// 未达成年度指标且效果较差 0–60% (upper ends excluded). `None` for any other text.
///
/// The words are read as reviewers read them: 未达成 / 未完成 / 效果较差 first (they contain
/// 达成 and 完成), then 部分达成 / 部分完成, then 达成 anywhere or 完成 / 已完成 alone.
///
/// # Examples
/// ```
/// use jixiao::rule::{form::qualitative, Rule};
/// let Some(Rule::Qualitative(q)) = qualitative("部分完成") else { panic!() };
/// assert_eq!(q.label, "部分达成年度指标并具有一定效果");
/// assert!(qualitative("95%").is_none());
/// ```
pub fn qualitative(actual: &str) -> Option<Rule> {
    let t = actual.trim();
    let (label, lower, upper) =
        if t.contains("未达成") || t.contains("未完成") || t.contains("效果较差") {
            (QUALITATIVE_LABELS[2], 0, (60, false))
        } else if t.contains("部分达成") || t.contains("部分完成") {
            (QUALITATIVE_LABELS[1], 60, (80, false))
        } else if t.contains("达成") || t == "完成" || t == "已完成" {
            (QUALITATIVE_LABELS[0], 80, (100, true))
        } else {
            return None;
        };
    Some(Rule::Qualitative(Qualitative {
        label,
        lower: Bound {
            value: Decimal::from(lower),
            inclusive: true,
        },
        upper: Bound {
            value: Decimal::from(upper.0),
            inclusive: upper.1,
        },
    }))
}

/// The unit a quantitative indicator's numbers are shown with: `%` for a percentage target,
/// else the target's word (`个`), else the actual value's, else nothing.
pub fn shown_unit(target: &Measure, actual: &Measure) -> String {
    let word = |m: &Measure| match &m.unit {
        Some(Unit::Word(w)) => Some(w.clone()),
        _ => None,
    };
    if target.is_percent() {
        "%".into()
    } else {
        word(target).or_else(|| word(actual)).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grade_words_and_their_bands() {
        for (text, label, lower, upper, upper_included) in [
            ("达成年度指标", QUALITATIVE_LABELS[0], 80, 100, true),
            ("已完成", QUALITATIVE_LABELS[0], 80, 100, true),
            (
                "部分达成年度指标并具有一定效果",
                QUALITATIVE_LABELS[1],
                60,
                80,
                false,
            ),
            (
                "未达成年度指标且效果较差",
                QUALITATIVE_LABELS[2],
                0,
                60,
                false,
            ),
            ("未完成", QUALITATIVE_LABELS[2], 0, 60, false),
        ] {
            let Some(Rule::Qualitative(q)) = qualitative(text) else {
                panic!("{text}")
            };
            assert_eq!(q.label, label, "{text}");
            assert_eq!(
                (q.lower.value, q.upper.value, q.upper.inclusive),
                (Decimal::from(lower), Decimal::from(upper), upper_included),
                "{text}"
            );
        }
        for other in ["基本完成", "95%", "", "健全"] {
            assert_eq!(qualitative(other), None, "{other}");
        }
    }
}
