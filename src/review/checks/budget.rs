//! B401–B403: the budget block of a self-evaluation form. 执行率 = 全年执行数 ÷ 全年预算数 (the
//! adjusted budget; 年初预算数 when there is none); its 得分 is the county's budget rule
//! (`budget_score`: 分值 × 执行率 capped at 分值 by default, or a threshold text) scored by
//! [`crate::rule::score`] on the rate.

use super::scoring;
use crate::config::{BudgetScore, Config};
use crate::diag::{Code, Diagnostic};
use crate::review::locate::{BudgetBlock, BudgetField, BudgetRow};
use crate::review::model::Project;
use crate::review::num::Num;
use crate::rule::Scoring;
use crate::text::fmt_dec;
use rust_decimal::Decimal;

/// The budget block of a self-evaluation form, reviewed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetReview {
    /// 分值 of the block (10 by 财预〔2020〕10号).
    pub weight: Option<Decimal>,
    /// 得分 as filed.
    pub score_filed: Option<Decimal>,
    /// 得分 as reviewed: 分值 × 执行率, capped at 分值.
    pub score_reviewed: Option<Decimal>,
    /// 执行率 in percent, from 全年执行数 / 全年预算数.
    pub rate: Option<Decimal>,
    /// 执行率 as written, in percent, if written.
    pub rate_filed: Option<Decimal>,
    /// The computation, for 评分依据.
    pub basis: String,
}

/// Reviews the budget block: B402 (年度资金总额 against its 其中 rows), B403 (spending above
/// the budget), B401 (the written 执行率 and the 得分).
pub fn review_budget(
    project: &Project,
    b: &BudgetBlock,
    cfg: &Config,
) -> (BudgetReview, Vec<Diagnostic>) {
    let mut out: Vec<Diagnostic> = [
        BudgetField::Initial,
        BudgetField::Adjusted,
        BudgetField::Spent,
    ]
    .into_iter()
    .filter_map(|field| parts_disagree(b, field, cfg))
    .collect();
    let budget = b
        .figure(BudgetField::Adjusted)
        .or_else(|| b.figure(BudgetField::Initial));
    let spent = b.figure(BudgetField::Spent);
    out.extend(overspent(b, budget, spent));
    let t = &b.total;
    let exact_rate = match (budget, spent) {
        (Some(bud), Some(sp)) if bud > Decimal::ZERO => Some(sp / bud * Decimal::from(100)),
        _ => None,
    };
    let rate = exact_rate.map(|r| cfg.round(r));
    let mut review = BudgetReview {
        weight: t.weight.value(),
        score_filed: t.score.value(),
        score_reviewed: t.score.value(),
        rate,
        rate_filed: rate_percent(&t.rate),
        basis: "预算执行率得分=分值×执行率（执行率=全年执行数÷全年预算数），最高为分值".into(),
    };
    let amounts = (
        spent.map(fmt_dec).unwrap_or_default(),
        budget.map(fmt_dec).unwrap_or_default(),
    );
    out.extend(rate_disagrees(b, &review, exact_rate, &amounts, cfg));
    out.extend(
        b.parts
            .iter()
            .filter_map(|p| part_rate_disagrees(b, p, cfg)),
    );
    out.extend(score_disagrees(
        b,
        &mut review,
        &amounts,
        &scoring(project, cfg),
        cfg,
    ));
    (review, out)
}

/// B402: 年度资金总额 against the sum of its 其中 rows, in one money column.
fn parts_disagree(b: &BudgetBlock, field: BudgetField, cfg: &Config) -> Option<Diagnostic> {
    let (col, parts) = (b.col(field)?, b.parts_sum(field)?);
    let total = b.total.get(field).value_or_zero().unwrap_or_default();
    if cfg.round(total) == cfg.round(parts) {
        return None;
    }
    let names: Vec<String> = b
        .parts
        .iter()
        .filter_map(|p| {
            p.get(field)
                .value()
                .map(|v| format!("{} {}", p.label, fmt_dec(v)))
        })
        .collect();
    let message = format!(
        "年度资金总额的{}为 {}，其中各项之和为 {}（{}），应为 {}",
        field.title(),
        fmt_dec(total),
        fmt_dec(parts),
        names.join(" + "),
        fmt_dec(parts)
    );
    Some(Diagnostic::new(Code::B402, message).at(b.total.row, col))
}

/// B403: spending above the budget.
fn overspent(
    b: &BudgetBlock,
    budget: Option<Decimal>,
    spent: Option<Decimal>,
) -> Option<Diagnostic> {
    let (bud, sp, col) = (budget?, spent?, b.cols.spent?);
    (sp > bud).then(|| {
        Diagnostic::new(
            Code::B403,
            format!(
                "全年执行数 {} 超过全年预算数 {}，请说明原因",
                fmt_dec(sp),
                fmt_dec(bud)
            ),
        )
        .at(b.total.row, col)
    })
}

/// B401 for a written 执行率 that is not 全年执行数 ÷ 全年预算数 (`exact`) as people round it
/// (`86%` for 86.2% is right). `amounts` are the spending and the budget as words.
fn rate_disagrees(
    b: &BudgetBlock,
    review: &BudgetReview,
    exact: Option<Decimal>,
    (spent, budget): &(String, String),
    cfg: &Config,
) -> Option<Diagnostic> {
    let (r, f, col) = (review.rate?, review.rate_filed?, b.cols.rate?);
    (!cfg.scoring().agrees_rate(f, exact?)).then(|| {
        Diagnostic::new(
            Code::B401,
            format!(
                "执行率填 {}%，按全年执行数 {spent} ÷ 全年预算数 {budget} 应为 {}%",
                fmt_dec(cfg.round(f)),
                fmt_dec(r)
            ),
        )
        .at(b.total.row, col)
    })
}

/// B401 for the 执行率 written on a 其中 row that is not its own 全年执行数 ÷ 全年预算数.
fn part_rate_disagrees(b: &BudgetBlock, p: &BudgetRow, cfg: &Config) -> Option<Diagnostic> {
    let col = b.cols.rate?;
    let written = rate_percent(&p.rate)?;
    let budget = p
        .adjusted
        .value()
        .filter(|v| !v.is_zero())
        .or(p.initial.value())
        .filter(|v| *v > Decimal::ZERO)?;
    let spent = p.spent.value()?;
    let exact = spent / budget * Decimal::from(100);
    (!cfg.scoring().agrees_rate(written, exact)).then(|| {
        Diagnostic::new(
            Code::B401,
            format!(
                "{}的执行率填 {}%，按全年执行数 {} ÷ 全年预算数 {} 应为 {}%",
                p.label,
                fmt_dec(written),
                fmt_dec(spent),
                fmt_dec(budget),
                fmt_dec(cfg.round(exact))
            ),
        )
        .at(p.row, col)
    })
}

/// The reviewed 得分 by the county's budget rule, its 评分依据, and B401 when the filed 得分
/// differs or is missing.
fn score_disagrees(
    b: &BudgetBlock,
    review: &mut BudgetReview,
    (spent, budget): &(String, String),
    scoring: &Scoring,
    cfg: &Config,
) -> Option<Diagnostic> {
    let (w, r) = (review.weight?, review.rate?);
    let exact = cfg.budget_score(w, r)?;
    let s = cfg.round(exact);
    review.score_reviewed = Some(s);
    review.basis = match &cfg.budget_score {
        BudgetScore::Proportional => format!(
            "预算执行率得分=分值×执行率，最高为分值：执行率 {}%（{spent} ÷ {budget}），得分 {}×{}%={}",
            fmt_dec(r),
            fmt_dec(w),
            fmt_dec(r.min(Decimal::from(100))),
            fmt_dec(s)
        ),
        BudgetScore::Threshold { rule, .. } => format!(
            "预算执行率按县级规则“{rule}”计分：执行率 {}%（{spent} ÷ {budget}），得分 {}",
            fmt_dec(r),
            fmt_dec(s)
        ),
    };
    let filed = review.score_filed;
    if let Some(f) = filed.filter(|f| scoring.agrees(*f, exact)) {
        // The department's rounding of the exact score stands.
        review.score_reviewed = Some(f);
        return None;
    }
    let col = b.cols.score?;
    let shown = filed.map_or_else(|| b.total.score.problem(), |f| format!("为 {}", fmt_dec(f)));
    Some(
        Diagnostic::new(
            Code::B401,
            format!(
                "预算执行率得分{shown}，应为 {}（{}）",
                fmt_dec(s),
                review.basis
            ),
        )
        .at(b.total.row, col),
    )
}

/// A rate cell as a percentage: `0.92` and `92%` and `92` all read 92.
fn rate_percent(n: &Num) -> Option<Decimal> {
    n.value().map(|v| {
        if v <= Decimal::ONE {
            v * Decimal::from(100)
        } else {
            v
        }
    })
}
