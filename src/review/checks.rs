//! Stage 4b: the checks. Each family is a pure function from the indicator tree (and the
//! reviewed scores) to a `Vec<Diagnostic>`; `evaluate` calls them in a fixed order.
//!
//! - [`check_weights`]: W101–W104, the weight structure.
//! - [`check_scores`]: C201–C203, C205, C206, per indicator.
//! - [`check_totals`]: C204 (the 合计 row) and C207 (stated total and grade).
//! - [`review_indicator`]: R301–R307 and C208, the indicator reviewed with its rule.
//!
//! Comparisons are exact on decimals after rounding both sides with [`Config::round`].

use crate::config::Config;
use crate::diag::{Code, Diagnostic};
use crate::review::locate::Role;
use crate::review::locate::{BudgetBlock, BudgetRow};
use crate::review::model::{Family, Indicator, Project};
use crate::rule::score::{
    parse_failed, parse_measure, percent_numbers, score, unreachable_deduction, Failed, Inputs,
    NoScore,
};
use crate::rule::{Cmp, Limit, Rule, RuleKind, Threshold, Unit, Why};
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
    pub rule: RuleKind,
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
    // W101: the level1 weights (or all indicator weights), with the budget block's 分值 of a
    // self-evaluation form, against the configured total.
    let budget_weight = p.table.budget.as_ref().and_then(|b| b.total.weight.value());
    let indicators = sum_of(p.indicators.iter().map(|i| i.weight.value()));
    if let Some(total) = indicators.map(|t| t + budget_weight.unwrap_or_default()) {
        if total != cfg.total_weight && !p.indicators.is_empty() {
            let mut level1: Vec<(String, Decimal)> = p
                .levels
                .iter()
                .enumerate()
                .filter(|(_, l)| l.depth == 1)
                .filter_map(|(idx, l)| {
                    sum_of(p.children_of(idx).map(|i| i.weight.value()))
                        .map(|s| (l.name.clone(), s))
                })
                .collect();
            if let Some(bw) = budget_weight {
                level1.push(("预算执行率".into(), bw));
            }
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

/// C201–C203, C205, C206 for every indicator, on the filed values.
pub fn check_scores(p: &Project, cfg: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let reason_title = reason_title(p);
    for ind in &p.indicators {
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
        // C205 / C206: the department's reason against the department's deduction (a
        // deduction the review adds comes with its own generated reason).
        let reason_cell = p
            .col(Role::Reason)
            .map(|c| (ind.row, c))
            .unwrap_or((sr, sc));
        let filed_deduction = weight.zip(ind.score.value()).map(|(w, s)| cfg.round(w - s));
        if let Some(d) = filed_deduction.filter(|d| *d >= Decimal::ZERO) {
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

/// The inputs of a row for its rule.
pub fn row_inputs(ind: &Indicator) -> Inputs {
    let actual_text = ind.actual.clone().filter(|t| !t.trim().is_empty());
    Inputs {
        actual: actual_text.as_deref().and_then(parse_measure),
        actual_text,
        target: ind.target.as_deref().and_then(parse_measure),
        failed: match ind.failed_items.as_deref() {
            // In a table with a 不符合项 column, an empty cell on a full-score row says that
            // nothing failed; on a row that lost points it is a missing input.
            Some(t) if t.trim().is_empty() => {
                let full = ind.weight.value().is_some() && ind.weight.value() == ind.score.value();
                full.then(|| Failed::Items(Vec::new()))
            }
            Some(t) => parse_failed(t),
            None => None,
        },
        filed_score: ind.score.value(),
    }
}

/// R301–R307 and C208: reviews one indicator with its rule. Returns the reviewed values and
/// the findings, located on the row (`score_col` for scores, `reason_col` for reasons).
///
/// - Inputs present: the rule's score is the reviewed score (R301 when it differs from the
///   filed one; R307 when a fraction was read as a percentage; R306 for unknown items).
/// - Inputs missing: the filed score is kept; when points were deducted, R305 says what is
///   missing and R302 whether the rule can produce that deduction at all.
/// - Manual rules keep the filed score (R303 not understood, R304 definition or discretion).
/// - A threshold rule's reason is compared with the deduction: a percentage in the reason
///   that the rule would score differently is C208, and the reviewed reason is then generated
///   from the value the deduction implies.
pub fn review_indicator(
    p: &Project,
    ind: &Indicator,
    rule: &Rule,
    cfg: &Config,
) -> (Reviewed, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let (sr, sc) = at(p, ind, Role::Score);
    let reason_cell = p
        .col(Role::Reason)
        .map(|c| (ind.row, c))
        .unwrap_or((sr, sc));
    let criterion_cell = p
        .col(Role::Rule)
        .filter(|_| ind.rule_text.is_some())
        .or(p.col(Role::Criterion))
        .map(|c| (ind.row, c))
        .unwrap_or((sr, sc));
    let weight = ind.weight.value();
    let filed = ind.score.value();
    let filed_deduction = match (weight, filed) {
        (Some(w), Some(s)) => Some(cfg.round(w - s)),
        _ => None,
    };
    let canonical = rule.to_string();
    let boundary = match rule {
        Rule::Threshold(t) => format!("（{}）", t.cmp.reading()),
        _ => String::new(),
    };
    let inputs = row_inputs(ind);
    let mut reviewed = Reviewed {
        score: filed,
        deduction: filed_deduction,
        reason: ind.reason.clone(),
        rule: rule.kind(),
        basis: String::new(),
        manual: true,
    };
    let Some(w) = weight else {
        reviewed.basis = format!("{canonical}{boundary}；分值不是数字，未复核");
        return (reviewed, out);
    };
    match score(rule, w, &inputs, cfg.step) {
        Ok(scored) => {
            let basis = format!("{canonical}{boundary}。复核：{}", scored.computation);
            let recomputed = Recomputed {
                score: scored.score,
                computation: &scored.computation,
                basis,
                source: "评价标准",
                cell: (sr, sc),
            };
            out.extend(recomputed.apply(&mut reviewed, ind, w, cfg));
            if scored.fraction_read {
                out.push(
                    Diagnostic::new(
                        Code::R307,
                        format!(
                            "实际完成值“{}”按百分比读作 {}%（评价标准以百分比计）",
                            inputs.actual_text.clone().unwrap_or_default(),
                            inputs
                                .actual
                                .as_ref()
                                .map(|m| fmt_dec(m.value * Decimal::from(100)))
                                .unwrap_or_default()
                        ),
                    )
                    .at(ind.row, p.col(Role::Actual).unwrap_or(sc))
                    .about(&ind.name),
                );
            }
        }
        Err(NoScore::Manual) => {
            let Rule::Manual(why) = rule else {
                unreachable!("only manual rules give NoScore::Manual")
            };
            reviewed.basis = format!("人工评分，未复核（{canonical}）");
            let (code, msg) = match why {
                Why::NotUnderstood => (
                    Code::R303,
                    "评价标准未能识别为评分规则，保留填报得分，请人工复核".to_string(),
                ),
                Why::Definition => (
                    Code::R304,
                    "评价标准只有指标定义（计算公式），没有评分规则，无法复核得分；请补充评分规则（如“≥X%得满分，每低1个百分点扣Y分”）".to_string(),
                ),
                Why::Discretionary => (
                    Code::R304,
                    "评价标准为酌情扣分，无法复核得分，请人工复核".to_string(),
                ),
            };
            // Only worth saying where it matters: points were deducted, or the criterion is
            // itself defective (a definition with no scoring rule).
            let matters =
                *why == Why::Definition || filed_deduction.is_some_and(|d| d > Decimal::ZERO);
            if matters {
                out.push(
                    Diagnostic::new(code, msg)
                        .at(criterion_cell.0, criterion_cell.1)
                        .about(&ind.name),
                );
            }
        }
        Err(NoScore::Missing(what)) => {
            reviewed.basis = format!("{canonical}{boundary}。未提供{what}，保留填报得分，未复核");
            if let Some(d) = filed_deduction.filter(|d| *d > Decimal::ZERO) {
                out.push(
                    Diagnostic::new(
                        Code::R305,
                        format!(
                            "评价标准已识别（{canonical}），但没有{what}，扣 {} 分未能按规则重算",
                            fmt_dec(d)
                        ),
                    )
                    .at(sr, sc)
                    .about(&ind.name),
                );
                if let Some(why) = unreachable_deduction(rule, w, d, cfg.step) {
                    out.push(
                        Diagnostic::new(Code::R302, format!("{why}（评价标准：{canonical}）"))
                            .at(sr, sc)
                            .about(&ind.name),
                    );
                }
            }
        }
        Err(NoScore::BadItems(msg)) => {
            reviewed.basis = format!("{canonical}。{msg}，保留填报得分");
            out.push(
                Diagnostic::new(Code::R306, msg)
                    .at(ind.row, p.col(Role::FailedItems).unwrap_or(sc))
                    .about(&ind.name),
            );
        }
        Err(NoScore::Unfit(msg)) => {
            reviewed.basis = format!("{canonical}。{msg}，保留填报得分");
            out.push(
                Diagnostic::new(Code::R303, format!("{msg}，保留填报得分，请人工复核"))
                    .at(ind.row, p.col(Role::Actual).unwrap_or(sc))
                    .about(&ind.name),
            );
        }
    }
    // C208: a percentage in the reason that contradicts the filed deduction.
    if let (Rule::Threshold(t), Some(fd)) = (rule, filed_deduction) {
        if let Some(c208) = reason_contradiction(t, w, fd, &ind.reason, &inputs, cfg) {
            out.push(
                Diagnostic::new(Code::C208, c208.message)
                    .at(reason_cell.0, reason_cell.1)
                    .about(&ind.name),
            );
            // A contradicted reason is never kept: recomputed rows say what the rule computed,
            // the others what the deduction implies.
            reviewed.reason = if reviewed.manual {
                c208.implied_reason.unwrap_or_default()
            } else if reviewed.deduction.is_some_and(|d| d > Decimal::ZERO) {
                reviewed
                    .basis
                    .split_once("复核：")
                    .map(|(_, computation)| computation.to_string())
                    .unwrap_or_default()
            } else {
                String::new()
            };
        }
    }
    if reviewed.manual && reviewed.basis.is_empty() {
        reviewed.basis = format!("人工评分，未复核（{canonical}）");
    }
    (reviewed, out)
}

struct Contradiction {
    message: String,
    implied_reason: Option<String>,
}

fn reason_contradiction(
    t: &Threshold,
    weight: Decimal,
    filed_deduction: Decimal,
    reason: &str,
    inputs: &Inputs,
    cfg: &Config,
) -> Option<Contradiction> {
    if filed_deduction <= Decimal::ZERO || t.unit != Some(Unit::Percent) {
        return None;
    }
    let limit = match t.limit {
        Limit::Value(v) => v,
        Limit::Target => inputs.target.as_ref()?.value,
    };
    let ignored: Vec<Decimal> = [Some(limit), t.zero_line.map(|z| z.1), Some(t.step)]
        .into_iter()
        .flatten()
        .collect();
    let candidates: Vec<Decimal> = percent_numbers(reason)
        .into_iter()
        .filter(|n| !ignored.contains(n))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let deduction_at = |v: Decimal| cfg.round(t.deduction_at(v, limit, weight, cfg.step));
    if candidates
        .iter()
        .any(|v| deduction_at(*v) == filed_deduction)
    {
        return None;
    }
    let v = candidates[0];
    let metric = t.metric.as_deref().unwrap_or("实际完成值");
    let implied = t.implied_actual(filed_deduction, limit, weight);
    let implied_words = implied
        .map(|a| {
            format!(
                "；扣 {} 分对应{metric}约 {}%",
                fmt_dec(filed_deduction),
                fmt_dec(cfg.round(a))
            )
        })
        .unwrap_or_default();
    let at_v = deduction_at(v);
    let verdict = if at_v.is_zero() {
        format!(
            "{}% 符合“{metric}{}{}%得满分”，应不扣分",
            fmt_dec(v),
            t.cmp.sign(),
            fmt_dec(limit)
        )
    } else {
        format!("{}% 应扣 {} 分", fmt_dec(v), fmt_dec(at_v))
    };
    Some(Contradiction {
        message: format!(
            "扣分原因写“{}”，按评价标准，{verdict}，与扣 {} 分矛盾{implied_words}",
            reason.trim(),
            fmt_dec(filed_deduction)
        ),
        implied_reason: implied.map(|a| {
            let a = cfg.round(a);
            format!("{}（按扣分推算）", t.sentence(a, limit, weight, cfg.step))
        }),
    })
}

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

/// B401–B403: the budget block of a self-evaluation form. 执行率 = 全年执行数 / 全年预算数
/// (the adjusted budget; 年初预算数 when there is none); 得分 = 分值 × 执行率, capped at 分值.
pub fn review_budget(b: &BudgetBlock, cfg: &Config) -> (BudgetReview, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let t = &b.total;
    let sum_parts = |pick: fn(&BudgetRow) -> &Num| -> Option<Decimal> {
        let values: Vec<Decimal> = b.parts.iter().filter_map(|p| pick(p).value()).collect();
        (!values.is_empty()).then(|| values.iter().copied().sum())
    };
    // B402: 年度资金总额 against the sum of its 其中 rows, per column.
    for (pick, col, what) in [
        (
            (|r: &BudgetRow| &r.initial) as fn(&BudgetRow) -> &Num,
            b.cols.initial,
            "年初预算数",
        ),
        (|r: &BudgetRow| &r.adjusted, b.cols.adjusted, "全年预算数"),
        (|r: &BudgetRow| &r.spent, b.cols.spent, "全年执行数"),
    ] {
        let (Some(col), Some(parts)) = (col, sum_parts(pick)) else {
            continue;
        };
        let total = pick(t).value_or_zero().unwrap_or_default();
        if cfg.round(total) != cfg.round(parts) {
            let names: Vec<String> = b
                .parts
                .iter()
                .filter_map(|p| {
                    pick(p)
                        .value()
                        .map(|v| format!("{} {}", p.label, fmt_dec(v)))
                })
                .collect();
            out.push(
                Diagnostic::new(
                    Code::B402,
                    format!(
                        "年度资金总额的{what}为 {}，其中各项之和为 {}（{}），应为 {}",
                        fmt_dec(total),
                        fmt_dec(parts),
                        names.join(" + "),
                        fmt_dec(parts)
                    ),
                )
                .at(t.row, col),
            );
        }
    }
    let value = |pick: fn(&BudgetRow) -> &Num| {
        pick(t)
            .value()
            .filter(|v| !v.is_zero())
            .or_else(|| sum_parts(pick))
    };
    let budget = value(|r| &r.adjusted).or_else(|| value(|r| &r.initial));
    let spent = value(|r| &r.spent);
    // B403: spending above the budget.
    if let (Some(bud), Some(sp), Some(col)) = (budget, spent, b.cols.spent) {
        if sp > bud {
            out.push(
                Diagnostic::new(
                    Code::B403,
                    format!(
                        "全年执行数 {} 超过全年预算数 {}，请说明原因",
                        fmt_dec(sp),
                        fmt_dec(bud)
                    ),
                )
                .at(t.row, col),
            );
        }
    }
    let rate = match (budget, spent) {
        (Some(bud), Some(sp)) if bud > Decimal::ZERO => {
            Some(cfg.round(sp / bud * Decimal::from(100)))
        }
        _ => None,
    };
    let weight = t.weight.value();
    let score_filed = t.score.value();
    let rate_filed = rate_percent(&t.rate);
    let mut review = BudgetReview {
        weight,
        score_filed,
        score_reviewed: score_filed,
        rate,
        rate_filed,
        basis: "预算执行率得分=分值×执行率（执行率=全年执行数÷全年预算数），最高为分值".into(),
    };
    if let (Some(r), Some(f), Some(col)) = (rate, rate_filed, b.cols.rate) {
        if cfg.round(f) != r {
            out.push(
                Diagnostic::new(
                    Code::B401,
                    format!(
                        "执行率填 {}%，按全年执行数 {} ÷ 全年预算数 {} 应为 {}%",
                        fmt_dec(cfg.round(f)),
                        spent.map(fmt_dec).unwrap_or_default(),
                        budget.map(fmt_dec).unwrap_or_default(),
                        fmt_dec(r)
                    ),
                )
                .at(t.row, col),
            );
        }
    }
    if let (Some(w), Some(r)) = (weight, rate) {
        let score = cfg.round(cfg.budget_score(w, r));
        review.score_reviewed = Some(score);
        review.basis = match &cfg.budget_score {
            crate::config::BudgetScore::Proportional => format!(
                "预算执行率得分=分值×执行率，最高为分值：执行率 {}%（{} ÷ {}），得分 {}×{}%={}",
                fmt_dec(r),
                spent.map(fmt_dec).unwrap_or_default(),
                budget.map(fmt_dec).unwrap_or_default(),
                fmt_dec(w),
                fmt_dec(r.min(Decimal::from(100))),
                fmt_dec(score)
            ),
            crate::config::BudgetScore::Threshold { rule, .. } => format!(
                "预算执行率按县级规则“{rule}”计分：执行率 {}%（{} ÷ {}），得分 {}",
                fmt_dec(r),
                spent.map(fmt_dec).unwrap_or_default(),
                budget.map(fmt_dec).unwrap_or_default(),
                fmt_dec(score)
            ),
        };
        if score_filed.is_some_and(|f| cfg.round(f) != score) || score_filed.is_none() {
            if let Some(col) = b.cols.score {
                out.push(
                    Diagnostic::new(
                        Code::B401,
                        format!(
                            "预算执行率得分{}，应为 {}（{}）",
                            score_filed
                                .map(|f| format!("为 {}", fmt_dec(f)))
                                .unwrap_or_else(|| t.score.problem()),
                            fmt_dec(score),
                            review.basis
                        ),
                    )
                    .at(t.row, col),
                );
            }
        }
    }
    (review, out)
}

/// A score a rule computed, to be applied to a row's reviewed values.
struct Recomputed<'a> {
    /// The score, exact.
    score: Decimal,
    /// The computation in words, which becomes the reason when the deduction changes.
    computation: &'a str,
    /// The 评分依据 text.
    basis: String,
    /// What the score was computed from, for R301: 评价标准 or 年度指标值.
    source: &'a str,
    /// The score cell.
    cell: (u32, u32),
}

impl Recomputed<'_> {
    /// Sets the reviewed score, deduction, basis and reason (the filed reason when the filed
    /// deduction agrees and is explained, else the computation), and returns R301 when the
    /// filed score differs.
    fn apply(
        self,
        reviewed: &mut Reviewed,
        ind: &Indicator,
        weight: Decimal,
        cfg: &Config,
    ) -> Option<Diagnostic> {
        let s = cfg.round(self.score.max(Decimal::ZERO).min(weight));
        let d = cfg.round(weight - s);
        let filed = ind.score.value();
        let filed_deduction = filed.map(|f| cfg.round(weight - f));
        reviewed.score = Some(s);
        reviewed.deduction = Some(d);
        reviewed.manual = false;
        reviewed.basis = self.basis;
        let keep_reason =
            filed_deduction == Some(d) && !(d > Decimal::ZERO && is_blank_reason(&ind.reason));
        reviewed.reason = if keep_reason {
            ind.reason.clone()
        } else if d.is_zero() {
            String::new()
        } else {
            self.computation.to_string()
        };
        let f = filed.filter(|f| cfg.round(*f) != s)?;
        Some(
            Diagnostic::new(
                Code::R301,
                format!(
                    "{} {} 与按{}重算的 {} 不一致（{}），应为 {}",
                    if self.source == "年度指标值" {
                        "得分"
                    } else {
                        "评价得分"
                    },
                    fmt_dec(f),
                    self.source,
                    fmt_dec(s),
                    self.computation,
                    fmt_dec(s)
                ),
            )
            .at(self.cell.0, self.cell.1)
            .about(&ind.name),
        )
    }
}

/// The three qualitative grades of 财预〔2020〕10号 and their share of the weight:
/// 达成年度指标 [80%, 100%], 部分达成年度指标并具有一定效果 [60%, 80%), 未达成年度指标且效果较差
/// [0, 60%).
fn qualitative_band(actual: &str) -> Option<(&'static str, Decimal, Decimal, bool)> {
    let t = actual.trim();
    let pct = |n: i64| Decimal::from(n);
    if t.contains("未达成") || t.contains("未完成") || t.contains("效果较差") {
        Some(("未达成年度指标且效果较差", pct(0), pct(60), false))
    } else if t.contains("部分达成") || t.contains("部分完成") {
        Some(("部分达成年度指标并具有一定效果", pct(60), pct(80), false))
    } else if t.contains("达成") || t == "完成" || t == "已完成" {
        Some(("达成年度指标", pct(80), pct(100), true))
    } else {
        None
    }
}

/// R301, R305, R307–R309 for an indicator of a self-evaluation form (SPEC §4.1), scored from
/// its 年度指标值 and 实际完成值: the direction comes from the target's sign (`≥`/`>`/none
/// forward, `≤`/`<` reverse, `=` as forward); forward — full if actual ≥ target, else
/// 分值 × actual / target; reverse — full if actual ≤ target, else 分值 × (1 − (actual −
/// target) / target), 0 from twice the target; a negative actual counts as 0; qualitative
/// actuals are checked against their band (R308).
pub fn review_self_indicator(
    p: &Project,
    ind: &Indicator,
    cfg: &Config,
) -> (Reviewed, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let (sr, sc) = at(p, ind, Role::Score);
    let reason_cell = p
        .col(Role::Reason)
        .map(|c| (ind.row, c))
        .unwrap_or((sr, sc));
    let weight = ind.weight.value();
    let filed = ind.score.value();
    let mut reviewed = Reviewed {
        score: filed,
        deduction: weight.zip(filed).map(|(w, s)| cfg.round(w - s)),
        reason: ind.reason.clone(),
        rule: RuleKind::Manual,
        basis: "人工评分，未复核（没有可计算的年度指标值和实际完成值）".into(),
        manual: true,
    };
    let Some(w) = weight else {
        return (reviewed, out);
    };
    let actual_text = ind.actual.clone().unwrap_or_default();
    let target = ind.target.as_deref().and_then(parse_measure);
    let actual = parse_measure(&actual_text);
    // Qualitative: a grade word as the actual value.
    if let (None, Some((label, lo, hi, hi_inclusive))) = (&actual, qualitative_band(&actual_text)) {
        let lo_pts = cfg.round(w * lo / Decimal::from(100));
        let hi_pts = cfg.round(w * hi / Decimal::from(100));
        reviewed.rule = RuleKind::Grade;
        reviewed.basis =
            format!(
            "定性指标：“{label}”得分区间为分值的 {}%（含）至 {}%{}，即 {} 至 {} 分；保留填报得分",
            fmt_dec(lo),
            fmt_dec(hi),
            if hi_inclusive { "（含）" } else { "（不含）" },
            fmt_dec(lo_pts),
            fmt_dec(hi_pts)
        );
        if let Some(f) = filed {
            let inside = f >= lo_pts && (f < hi_pts || (hi_inclusive && f == hi_pts));
            if !inside {
                out.push(
                    Diagnostic::new(
                        Code::R308,
                        format!(
                            "定性指标实际完成值为“{}”，得分应在 {} 到 {} 分之间（分值的 {}%–{}%{}），填报 {}",
                            actual_text.trim(),
                            fmt_dec(lo_pts),
                            fmt_dec(hi_pts),
                            fmt_dec(lo),
                            fmt_dec(hi),
                            if hi_inclusive { "" } else { "，不含上限" },
                            fmt_dec(f)
                        ),
                    )
                    .at(sr, sc)
                    .about(&ind.name),
                );
            }
        }
        return (reviewed, out);
    }
    let Some(t) = target else {
        return (reviewed, out);
    };
    let Some(a) = actual else {
        reviewed.basis = format!(
            "按年度指标值 {} 计分；未提供实际完成值，保留填报得分，未复核",
            ind.target.as_deref().unwrap_or_default().trim()
        );
        if let Some(d) = reviewed.deduction.filter(|d| *d > Decimal::ZERO) {
            out.push(
                Diagnostic::new(
                    Code::R305,
                    format!("没有实际完成值，扣 {} 分未能按年度指标值重算", fmt_dec(d)),
                )
                .at(sr, sc)
                .about(&ind.name),
            );
        }
        return (reviewed, out);
    };
    let word = |u: &Option<Unit>| match u {
        Some(Unit::Word(w)) => Some(w.clone()),
        _ => None,
    };
    // The unit shown: `%` for a percentage target, else the target's word, else the actual's.
    let u = if t.is_percent() {
        "%".to_string()
    } else {
        word(&t.unit).or_else(|| word(&a.unit)).unwrap_or_default()
    };
    let mut av = a.value.max(Decimal::ZERO);
    if t.is_percent() && !a.is_percent() && a.value <= Decimal::ONE && t.value > Decimal::ONE {
        av = a.value * Decimal::from(100);
        out.push(
            Diagnostic::new(
                Code::R307,
                format!(
                    "实际完成值“{}”按百分比读作 {}%",
                    actual_text.trim(),
                    fmt_dec(av)
                ),
            )
            .at(ind.row, p.col(Role::Actual).unwrap_or(sc))
            .about(&ind.name),
        );
    }
    let tv = t.value;
    let reverse = matches!(t.cmp, Some(Cmp::Le | Cmp::Lt));

    let (score, computation) = if reverse {
        if av <= tv {
            (
                w,
                format!(
                    "{}完成{}{u}，未超过年度指标{}{u}，得满分",
                    ind.name,
                    fmt_dec(av),
                    fmt_dec(tv)
                ),
            )
        } else if tv <= Decimal::ZERO || av >= tv * Decimal::TWO {
            (
                Decimal::ZERO,
                format!(
                    "{}完成{}{u}，达到年度指标{}{u}的2倍及以上，不得分",
                    ind.name,
                    fmt_dec(av),
                    fmt_dec(tv)
                ),
            )
        } else {
            let s = w * (Decimal::ONE - (av - tv) / tv);
            (
                s,
                format!(
                    "{}完成{}{u}，超过年度指标{}{u}，得分{}×(1−({}−{})/{})={}",
                    ind.name,
                    fmt_dec(av),
                    fmt_dec(tv),
                    fmt_dec(w),
                    fmt_dec(av),
                    fmt_dec(tv),
                    fmt_dec(tv),
                    fmt_dec(cfg.round(s))
                ),
            )
        }
    } else if av >= tv || tv <= Decimal::ZERO {
        (
            w,
            format!(
                "{}完成{}{u}，达到年度指标{}{u}，得满分",
                ind.name,
                fmt_dec(av),
                fmt_dec(tv)
            ),
        )
    } else {
        let s = w * av / tv;
        (
            s,
            format!(
                "{}完成{}{u}，低于年度指标{}{u}，得分{}×{}/{}={}",
                ind.name,
                fmt_dec(av),
                fmt_dec(tv),
                fmt_dec(w),
                fmt_dec(av),
                fmt_dec(tv),
                fmt_dec(cfg.round(s))
            ),
        )
    };
    let basis = format!(
        "{}：{}。复核：{computation}",
        if reverse {
            "反向指标（≤）"
        } else {
            "正向指标（≥）"
        },
        if reverse {
            "实际完成值不超过年度指标值得满分，超过时得分=分值×(1−超出部分/年度指标值)，达到2倍不得分"
        } else {
            "实际完成值达到年度指标值得满分，未达到按完成比例计分"
        }
    );
    let recomputed = Recomputed {
        score,
        computation: &computation,
        basis,
        source: "年度指标值",
        cell: (sr, sc),
    };
    out.extend(recomputed.apply(&mut reviewed, ind, w, cfg));
    reviewed.rule = RuleKind::Proportional;
    // R309: far above the target without a reason (the target may have been set too low).
    let far_above = !reverse
        && ((tv > Decimal::ZERO && av >= tv * Decimal::new(13, 1))
            || (tv.is_zero() && av >= Decimal::from(30)));
    if far_above && is_blank_reason(&ind.reason) {
        out.push(
            Diagnostic::new(
                Code::R309,
                format!(
                    "实际完成值 {}{u} 超过年度指标值 {}{u} 的 30% 以上，但没有填写偏差原因；如年度指标值设定明显偏低，应说明原因并按偏离度适度调减分值",
                    fmt_dec(av),
                    fmt_dec(tv)
                ),
            )
            .at(reason_cell.0, reason_cell.1)
            .about(&ind.name),
        );
    }
    (reviewed, out)
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
