//! The checks of a project. Each family is a pure function from the indicator tree (and the
//! reviewed scores) to a `Vec<Diagnostic>`; [`crate::review::evaluate`] calls them in a fixed
//! order. Scoring is never done here: rules are scored by [`crate::rule::score`], and these
//! checks compare what was filed with what the rule gives.
//!
//! - [`weights`]: W101–W104, the weight structure.
//! - [`scores`]: C201–C203, C205, C206, per indicator, on the filed values.
//! - [`totals`]: C204 (the 合计 row) and C207 (stated total and grade).
//! - [`budget`]: B401–B403, the budget block of a self-evaluation form.
//! - [`indicator`]: R301–R307 and C208, an evaluation table's indicator reviewed with the rule
//!   of its criterion.
//! - [`self_form`]: R301, R305, R307–R309, a self-evaluation form's indicator reviewed with the
//!   rule of its own cells.
//!
//! Comparisons are exact on decimals after rounding both sides with [`Config::round`].

pub mod budget;
pub mod indicator;
pub mod scores;
pub mod self_form;
pub mod totals;
pub mod weights;

pub use budget::{review_budget, BudgetReview};
pub use indicator::{review_indicator, row_inputs};
pub use scores::check_scores;
pub use self_form::review_self_indicator;
pub use totals::{check_totals, same_grade, Totals};
pub use weights::check_weights;

use crate::config::Config;
use crate::review::locate::Role;
use crate::review::model::{Family, Indicator, Project};
use crate::rule::{RuleKind, Scoring};
use crate::text::fmt_dec;
use rust_decimal::Decimal;

/// The reviewed result of one indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reviewed {
    /// The reviewed score; `None` when neither a rule nor the filed score gives a number.
    pub score: Option<Decimal>,
    /// Weight − reviewed score; `None` when either is missing.
    pub deduction: Option<Decimal>,
    /// The reviewed 扣分原因.
    pub reason: String,
    /// The rule kind applied (`manual` when the filed score was kept).
    pub rule: RuleKind,
    /// The rule as understood and the computation, for the 评分依据 column.
    pub basis: String,
    /// True when the filed score was kept without recomputation.
    pub manual: bool,
}

pub(crate) fn sum_of(values: impl Iterator<Item = Option<Decimal>>) -> Option<Decimal> {
    values.sum::<Option<Decimal>>()
}

fn reason_title(p: &Project) -> &'static str {
    match p.family {
        Family::Evaluation => "扣分原因",
        Family::SelfEvaluation => "偏差原因",
    }
}

/// True when a reason cell says nothing: empty, a dash, 无, or a lone 0 (real forms put 0 in
/// the 偏差原因 of every row that lost nothing, as if it were a number column), or words that
/// only say nothing was deducted (`无扣分`, `未扣分`, `不扣分`, `无扣分项`): a full score with
/// them is no C206, and points lost with them are C205, as with a blank.
pub fn is_blank_reason(reason: &str) -> bool {
    matches!(
        crate::text::halfwidth(reason.trim()).trim_end_matches(['。', '.']),
        "" | "-"
            | "/"
            | "无"
            | "—"
            | "--"
            | "——"
            | "0"
            | "无偏差"
            | "无扣分"
            | "未扣分"
            | "不扣分"
            | "无扣分项"
    )
}

/// The configured scoring, judging filed numbers at the precision the table is filed at.
fn scoring(p: &Project, cfg: &Config) -> Scoring {
    cfg.scoring().filed_at(p.filed_places)
}

fn at(p: &Project, ind: &Indicator, role: Role) -> (u32, u32) {
    (ind.row, p.col(role).unwrap_or(0))
}

fn joined_terms(parts: &[(String, Decimal)]) -> String {
    parts
        .iter()
        .map(|(n, w)| format!("{n} {}", fmt_dec(*w)))
        .collect::<Vec<_>>()
        .join(" + ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_reasons() {
        assert!(is_blank_reason(""));
        assert!(is_blank_reason(" 无 "));
        assert!(is_blank_reason("－"));
        assert!(is_blank_reason("0"));
        assert!(is_blank_reason("无。"));
        assert!(!is_blank_reason("资料不全"));
        assert!(is_blank_reason("无扣分。"));
        assert!(is_blank_reason("未扣分"));
        assert!(
            !is_blank_reason("扣分"),
            "a word of the reason, not its absence"
        );
    }
}
