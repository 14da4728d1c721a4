//! Stage 4b: the checks. Each family is a pure function from the indicator tree (and the
//! reviewed scores) to a `Vec<Diagnostic>`; `evaluate` calls them in a fixed order.
//!
//! - [`check_weights`]: W101–W104, the weight structure.
//! - [`check_scores`]: C201–C203, C205, C206, per indicator.
//! - [`check_totals`]: C204 (the 合计 row) and C207 (stated total and grade).
//!
//! Comparisons are exact on decimals after rounding both sides with [`Config::round`].

use crate::config::Config;
use crate::diag::{Code, Diagnostic};
use crate::locate::Role;
use crate::model::{Family, Indicator, Project};
use crate::text::{fmt_dec, Num};
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
    pub rule: String,
    /// The rule as understood and the computation, for the 评分依据 column.
    pub basis: String,
    /// True when the filed score was kept without recomputation.
    pub manual: bool,
}

fn sum_of(values: impl Iterator<Item = Option<Decimal>>) -> Option<Decimal> {
    values.sum::<Option<Decimal>>()
}

fn reason_title(p: &Project) -> &'static str {
    match p.family {
        Family::Evaluation => "扣分原因",
        Family::SelfEvaluation => "偏差原因",
    }
}

/// True when a reason cell says nothing (empty, a dash or 无).
pub fn is_blank_reason(reason: &str) -> bool {
    matches!(
        crate::text::halfwidth(reason.trim()).as_str(),
        "" | "-" | "/" | "无" | "—" | "--" | "——"
    )
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

/// W101–W104: level1 total, declared level weights, weights that are missing or not
/// positive, and expected level1 weights.
pub fn check_weights(p: &Project, cfg: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // W103 first: a weight that is not a usable number.
    for ind in &p.indicators {
        let (r, c) = at(p, ind, Role::Weight);
        let problem = match &ind.weight {
            Num::Value(w) if *w > Decimal::ZERO => None,
            Num::Value(w) => Some(format!("指标分值为 {}，应大于 0", fmt_dec(*w))),
            other => Some(format!("指标分值{}，应填写大于 0 的分值", other.problem())),
        };
        if let Some(msg) = problem {
            out.push(Diagnostic::new(Code::W103, msg).at(r, c).about(&ind.name));
        }
        // W102 for a level3 whose name carries a weight.
        if let (Some(declared), Some(w)) = (ind.declared, ind.weight.value()) {
            if declared != w {
                out.push(
                    Diagnostic::new(
                        Code::W102,
                        format!(
                            "指标名称中标明 {} 分，但指标分值为 {}，两者应一致",
                            fmt_dec(declared),
                            fmt_dec(w)
                        ),
                    )
                    .at(r, c)
                    .about(&ind.name),
                );
            }
        }
    }
    // W102 for levels: declared weight vs the sum of the indicators under it.
    for (idx, level) in p.levels.iter().enumerate() {
        let children: Vec<&Indicator> = p.children_of(idx).collect();
        let Some(sum) = sum_of(children.iter().map(|i| i.weight.value())) else {
            continue;
        };
        if let Some(declared) = level.declared {
            if declared != sum {
                let terms = sub_terms(p, idx);
                out.push(
                    Diagnostic::new(
                        Code::W102,
                        format!(
                            "{}级指标“{}”标明 {} 分，但其下指标分值合计为 {}（{}），应一致",
                            if level.depth == 1 { "一" } else { "二" },
                            level.name,
                            fmt_dec(declared),
                            fmt_dec(sum),
                            joined_terms(&terms)
                        ),
                    )
                    .at(level.row, level.col)
                    .about(&level.name),
                );
            }
        }
        // W104: expected level1 weights.
        if level.depth == 1 {
            if let Some(expected) = cfg.expected_level1_weight(&level.name) {
                let actual = level.declared.unwrap_or(sum);
                if actual != expected {
                    out.push(
                        Diagnostic::new(
                            Code::W104,
                            format!(
                                "一级指标“{}”权重为 {}，规定权重为 {}；如有特殊情况请说明理由",
                                level.name,
                                fmt_dec(actual),
                                fmt_dec(expected)
                            ),
                        )
                        .at(level.row, level.col)
                        .about(&level.name),
                    );
                }
            }
        }
    }
    // W101: the level1 weights (or all indicator weights) against the configured total.
    if let Some(total) = sum_of(p.indicators.iter().map(|i| i.weight.value())) {
        if total != cfg.total_weight && !p.indicators.is_empty() {
            let level1: Vec<(String, Decimal)> = p
                .levels
                .iter()
                .enumerate()
                .filter(|(_, l)| l.depth == 1)
                .filter_map(|(idx, l)| {
                    sum_of(p.children_of(idx).map(|i| i.weight.value()))
                        .map(|s| (l.name.clone(), s))
                })
                .collect();
            let detail = if level1.is_empty() {
                String::new()
            } else {
                format!("（{}）", joined_terms(&level1))
            };
            let (r, c) = match &p.total {
                Some(t) => (t.row, p.col(Role::Weight).unwrap_or(0)),
                None => (p.table.header.top, p.col(Role::Weight).unwrap_or(0)),
            };
            out.push(
                Diagnostic::new(
                    Code::W101,
                    format!(
                        "一级指标权重合计为 {}{}，应为 {}",
                        fmt_dec(total),
                        detail,
                        fmt_dec(cfg.total_weight)
                    ),
                )
                .at(r, c),
            );
        }
    }
    out
}

fn sub_terms(p: &Project, idx: usize) -> Vec<(String, Decimal)> {
    let level = &p.levels[idx];
    if level.depth == 1 {
        let subs: Vec<(String, Decimal)> = p
            .levels
            .iter()
            .enumerate()
            .filter(|(_, l)| l.parent == Some(idx))
            .filter_map(|(j, l)| {
                sum_of(p.children_of(j).map(|i| i.weight.value())).map(|s| (l.name.clone(), s))
            })
            .collect();
        if !subs.is_empty() {
            return subs;
        }
    }
    p.children_of(idx)
        .filter_map(|i| i.weight.value().map(|w| (i.name.clone(), w)))
        .collect()
}

/// C201–C203, C205, C206 for every indicator, given the reviewed results (same order).
pub fn check_scores(p: &Project, reviewed: &[Reviewed], cfg: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let reason_title = reason_title(p);
    for (ind, rev) in p.indicators.iter().zip(reviewed) {
        let (sr, sc) = at(p, ind, Role::Score);
        let weight = ind.weight.value();
        match &ind.score {
            Num::Value(score) => {
                let upper = weight.map(fmt_dec).unwrap_or_else(|| "分值".into());
                if *score < Decimal::ZERO || weight.is_some_and(|w| *score > w) {
                    out.push(
                        Diagnostic::new(
                            Code::C202,
                            format!(
                                "评价得分 {} {}，应在 0 到 {} 之间",
                                fmt_dec(*score),
                                if *score < Decimal::ZERO {
                                    "为负数".to_string()
                                } else {
                                    format!("超过分值 {upper}")
                                },
                                upper
                            ),
                        )
                        .at(sr, sc)
                        .about(&ind.name),
                    );
                }
            }
            other => {
                let range = match (other, weight) {
                    (Num::Uncached(_), _) | (_, None) => String::new(),
                    (_, Some(w)) => format!("，应填写 0 到 {} 之间的得分", fmt_dec(w)),
                };
                out.push(
                    Diagnostic::new(Code::C201, format!("评价得分{}{range}", other.problem()))
                        .at(sr, sc)
                        .about(&ind.name),
                );
            }
        }
        // C203: filed deduction against weight − filed score (skipped when the score itself
        // is out of range: C202 says what to fix first).
        let score_in_range = ind
            .score
            .value()
            .filter(|s| *s >= Decimal::ZERO && weight.is_none_or(|w| *s <= w));
        if let (Some(dc), Some(w), Some(s)) = (p.col(Role::Deduction), weight, score_in_range) {
            let expected = cfg.round(w - s);
            match ind.deduction.value_or_zero() {
                Some(d) if cfg.round(d) == expected => {}
                Some(d) => {
                    let shown = match ind.deduction {
                        Num::Missing | Num::Dash => "为空（按 0 计）".to_string(),
                        _ => format!("为 {}", fmt_dec(d)),
                    };
                    out.push(
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
                    );
                }
                None => out.push(
                    Diagnostic::new(
                        Code::C203,
                        format!(
                            "扣分情况{}，应为分值 {} − 得分 {} = {}",
                            ind.deduction.problem(),
                            fmt_dec(w),
                            fmt_dec(s),
                            fmt_dec(expected)
                        ),
                    )
                    .at(ind.row, dc)
                    .about(&ind.name),
                ),
            }
        }
        // C205 / C206: reasons against the reviewed deduction.
        let reason_cell = p
            .col(Role::Reason)
            .map(|c| (ind.row, c))
            .unwrap_or((sr, sc));
        if let Some(d) = rev.deduction {
            if d > Decimal::ZERO && is_blank_reason(&ind.reason) {
                out.push(
                    Diagnostic::new(
                        Code::C205,
                        format!(
                            "扣 {} 分但没有填写{reason_title}，请说明扣分理由",
                            fmt_dec(d)
                        ),
                    )
                    .at(reason_cell.0, reason_cell.1)
                    .about(&ind.name),
                );
            } else if d == Decimal::ZERO && !is_blank_reason(&ind.reason) {
                out.push(
                    Diagnostic::new(
                        Code::C206,
                        format!(
                            "未扣分却填写了{reason_title}“{}”，请核对得分或删除该原因",
                            ind.reason
                        ),
                    )
                    .at(reason_cell.0, reason_cell.1)
                    .about(&ind.name),
                );
            }
        }
    }
    out
}

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

    #[test]
    fn blank_reasons() {
        assert!(is_blank_reason(""));
        assert!(is_blank_reason(" 无 "));
        assert!(is_blank_reason("－"));
        assert!(!is_blank_reason("资料不全"));
    }
}
