//! C201–C203, C205, C206, per indicator, on the filed values: a score that is a number within
//! its weight, a deduction that is weight − score, and a reason exactly where points were lost.

use super::{at, is_blank_reason, reason_title};
use crate::config::Config;
use crate::diag::{Code, Diagnostic};
use crate::review::locate::Role;
use crate::review::model::{Indicator, Project};
use crate::review::num::Num;
use crate::text::fmt_dec;
use rust_decimal::Decimal;

/// C201–C203, C205, C206 for every indicator.
pub fn check_scores(p: &Project, cfg: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for ind in &p.indicators {
        out.extend(score_cell(p, ind));
        out.extend(deduction_cell(p, ind, cfg));
        out.extend(reason_cell(p, ind, cfg));
    }
    out
}

/// C201 for a score that is not a number, C202 for one above the weight or negative.
fn score_cell(p: &Project, ind: &Indicator) -> Option<Diagnostic> {
    let (sr, sc) = at(p, ind, Role::Score);
    let weight = ind.weight.value();
    let message = match &ind.score {
        Num::Value(score) => {
            let upper = weight.map(fmt_dec).unwrap_or_else(|| "分值".into());
            let negative = *score < Decimal::ZERO;
            if !negative && weight.is_none_or(|w| *score <= w) {
                return None;
            }
            let what = if negative {
                "为负数".to_string()
            } else {
                format!("超过分值 {upper}")
            };
            (
                Code::C202,
                format!(
                    "评价得分 {} {what}，应在 0 到 {upper} 之间",
                    fmt_dec(*score)
                ),
            )
        }
        other => {
            let range = match (other, weight) {
                (Num::Uncached(_), _) | (_, None) => String::new(),
                (_, Some(w)) => format!("，应填写 0 到 {} 之间的得分", fmt_dec(w)),
            };
            (Code::C201, format!("评价得分{}{range}", other.problem()))
        }
    };
    Some(
        Diagnostic::new(message.0, message.1)
            .at(sr, sc)
            .about(&ind.name),
    )
}

/// C203: the filed deduction against weight − filed score (skipped when the score itself is
/// out of range: C202 says what to fix first).
fn deduction_cell(p: &Project, ind: &Indicator, cfg: &Config) -> Option<Diagnostic> {
    let weight = ind.weight.value();
    let score = ind
        .score
        .value()
        .filter(|s| *s >= Decimal::ZERO && weight.is_none_or(|w| *s <= w));
    let (dc, w, s) = (p.col(Role::Deduction)?, weight?, score?);
    let expected = cfg.round(w - s);
    let shown = match ind.deduction.value_or_zero() {
        Some(d) if cfg.round(d) == expected => return None,
        Some(d) => match ind.deduction {
            Num::Missing | Num::Dash => "为空（按 0 计）".to_string(),
            _ => format!("为 {}", fmt_dec(d)),
        },
        None => ind.deduction.problem(),
    };
    Some(
        Diagnostic::new(
            Code::C203,
            format!(
                "扣分情况{shown}，应为分值 {} − 得分 {} = {}",
                fmt_dec(w),
                fmt_dec(s),
                fmt_dec(expected)
            ),
        )
        .at(ind.row, dc)
        .about(&ind.name),
    )
}

/// C205 / C206: the department's reason against the department's deduction (a deduction the
/// review adds comes with its own generated reason). C205 only where the table has a reason
/// column.
fn reason_cell(p: &Project, ind: &Indicator, cfg: &Config) -> Option<Diagnostic> {
    let (sr, sc) = at(p, ind, Role::Score);
    let (row, col) = p.col(Role::Reason).map_or((sr, sc), |c| (ind.row, c));
    let title = reason_title(p);
    // A score out of range (C202) says what to fix first: nothing about its reason.
    let d = ind
        .weight
        .value()
        .zip(ind.score.value().filter(|s| *s >= Decimal::ZERO))
        .map(|(w, s)| cfg.round(w - s))
        .filter(|d| *d >= Decimal::ZERO)?;
    let blank = is_blank_reason(&ind.reason);
    // A table with no reason column gave the department no place to write one: no C205.
    let (code, message) = if d > Decimal::ZERO && blank && p.col(Role::Reason).is_some() {
        (
            Code::C205,
            format!("扣 {} 分但没有填写{title}，请说明扣分理由", fmt_dec(d)),
        )
    } else if d.is_zero() && !blank {
        (
            Code::C206,
            format!(
                "未扣分却填写了{title}“{}”，请核对得分或删除该原因",
                ind.reason
            ),
        )
    } else {
        return None;
    };
    Some(Diagnostic::new(code, message).at(row, col).about(&ind.name))
}
