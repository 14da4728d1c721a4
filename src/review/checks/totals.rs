//! C204 (the 合计 row against the sums of the indicators) and C207 (a stated total or grade
//! against the reviewed ones).

use crate::config::Config;
use crate::diag::{Code, Diagnostic};
use crate::review::locate::Role;
use crate::review::model::Project;
use crate::review::num::Num;
use crate::text::fmt_dec;
use rust_decimal::Decimal;

/// The reviewed totals of a project, as `check_totals` needs them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    /// Σ weights, when every weight is a number.
    pub weight: Option<Decimal>,
    /// Σ filed scores, when every filed score is a number.
    pub score_filed: Option<Decimal>,
    /// Σ reviewed scores, rounded, when every reviewed score is a number.
    pub score_reviewed: Option<Decimal>,
    /// Σ filed deductions (empty = 0), when every one is a number.
    pub deduction_filed: Option<Decimal>,
    /// The grade of the reviewed total.
    pub grade: Option<String>,
}

/// C204 (the 合计 row against the sums) and C207 (a stated total or grade against the
/// reviewed ones).
pub fn check_totals(p: &Project, totals: &Totals, cfg: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(t) = &p.total {
        for (role, cell, sum, what) in [
            (Role::Weight, &t.weight, totals.weight, "分值"),
            (Role::Score, &t.score, totals.score_filed, "得分"),
            (
                Role::Deduction,
                &t.deduction,
                totals.deduction_filed,
                "扣分",
            ),
        ] {
            let (Some(col), Some(sum)) = (p.col(role), sum) else {
                continue;
            };
            let sum = cfg.round(sum);
            let msg = match cell {
                Num::Missing | Num::Dash => continue,
                Num::Value(v) if cfg.round(*v) == sum => continue,
                Num::Value(v) => format!(
                    "合计行{what}为 {}，各指标{what}之和为 {}，应一致",
                    fmt_dec(*v),
                    fmt_dec(sum)
                ),
                other => format!(
                    "合计行{what}{}，应为各指标之和 {}",
                    other.problem(),
                    fmt_dec(sum)
                ),
            };
            out.push(Diagnostic::new(Code::C204, msg).at(t.row, col));
        }
    }
    if let (Some(stated), Some(reviewed)) = (&p.facts.stated_total, totals.score_reviewed) {
        if cfg.round(stated.value) != reviewed {
            out.push(
                Diagnostic::new(
                    Code::C207,
                    format!(
                        "填报总得分为 {}，复核得分为 {}，应改为 {}",
                        fmt_dec(stated.value),
                        fmt_dec(reviewed),
                        fmt_dec(reviewed)
                    ),
                )
                .at(stated.row, stated.col),
            );
        }
    }
    if let (Some(stated), Some(grade)) = (&p.facts.stated_grade, &totals.grade) {
        if !same_grade(&stated.value, grade) {
            let score = totals.score_reviewed.map(fmt_dec).unwrap_or_default();
            out.push(
                Diagnostic::new(
                    Code::C207,
                    format!(
                        "填报等级为“{}”，复核得分 {score} 对应的等级为“{grade}”，应改为“{grade}”",
                        stated.value
                    ),
                )
                .at(stated.row, stated.col),
            );
        }
    }
    out
}

/// True when a stated grade names the computed one: `优秀` for 优, `良好` for 良, `中等` for
/// 中, `较差` for 差.
pub fn same_grade(stated: &str, computed: &str) -> bool {
    let s = stated.trim();
    let s = s.strip_prefix('较').unwrap_or(s);
    let s = s
        .strip_suffix('秀')
        .or_else(|| s.strip_suffix('好'))
        .or_else(|| s.strip_suffix('等'))
        .unwrap_or(s);
    s == computed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stated_grade_words() {
        assert!(same_grade("优", "优"));
        assert!(same_grade("优秀", "优"));
        assert!(same_grade("良好", "良"));
        assert!(same_grade("中等", "中"));
        assert!(same_grade("较差", "差"));
        assert!(!same_grade("优", "良"));
        assert!(!same_grade("优良", "优"));
    }
}
