//! W101–W104, the weight structure: weights that are missing or not positive, weights
//! declared in names against the sums under them, expected level1 weights, and the total.

use super::{at, joined_terms, sum_of};
use crate::config::Config;
use crate::diag::{Code, Diagnostic};
use crate::review::locate::Role;
use crate::review::model::{Indicator, Project};
use crate::review::num::Num;
use crate::text::fmt_dec;
use rust_decimal::Decimal;

/// W101–W104: level1 total, declared level weights, weights that are missing or not
/// positive, and expected level1 weights.
pub fn check_weights(p: &Project, cfg: &Config) -> Vec<Diagnostic> {
    if p.col(Role::Weight).is_none() && p.indicators.iter().any(|i| i.declared.is_none()) {
        return vec![weightless(p)];
    }
    let mut out: Vec<Diagnostic> = p
        .indicators
        .iter()
        .flat_map(|i| indicator_weight(p, i))
        .collect();
    for idx in 0..p.levels.len() {
        out.extend(level_weight(p, idx, cfg));
    }
    out.extend(total_weight(p, cfg));
    out
}

/// W105 for a form with no 分值 column (an older 自评表 states weights only per block,
/// `产出指标(40分)`): the weights cannot be checked, and nothing is reported as missing.
fn weightless(p: &Project) -> Diagnostic {
    let blocks: Vec<(String, Decimal)> = p
        .levels
        .iter()
        .filter(|l| l.depth == 1)
        .filter_map(|l| Some((l.name.clone(), l.declared?)))
        .collect();
    let stated = if blocks.is_empty() {
        String::new()
    } else {
        format!("（只在一级指标上标明：{}）", joined_terms(&blocks))
    };
    let col = p.col(Role::Score).unwrap_or(0);
    Diagnostic::new(
        Code::W105,
        format!("表中没有“分值”列{stated}，各指标的分值和得分上限无法核对，请人工复核"),
    )
    .at(p.table.header.top, col)
}

/// W103 for a weight that is not a usable number; W102 for a level3 whose name carries
/// another weight than its 分值.
fn indicator_weight(p: &Project, ind: &Indicator) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let (r, c) = at(p, ind, Role::Weight);
    let problem = match &ind.weight {
        Num::Value(w) if *w > Decimal::ZERO => None,
        Num::Value(w) => Some(format!("指标分值为 {}，应大于 0", fmt_dec(*w))),
        other => Some(format!("指标分值{}，应填写大于 0 的分值", other.problem())),
    };
    if let Some(msg) = problem {
        out.push(Diagnostic::new(Code::W103, msg).at(r, c).about(&ind.name));
    }
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
    out
}

/// W102 for a level whose declared weight differs from the sum of the indicators under it;
/// W104 for a level1 whose weight departs from the configured one.
fn level_weight(p: &Project, idx: usize, cfg: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let level = &p.levels[idx];
    let Some(sum) = sum_of(p.children_of(idx).map(|i| i.weight.value())) else {
        return out;
    };
    if let Some(declared) = level.declared.filter(|d| *d != sum) {
        out.push(
            Diagnostic::new(
                Code::W102,
                format!(
                    "{}级指标“{}”标明 {} 分，但其下指标分值合计为 {}（{}），应一致",
                    if level.depth == 1 { "一" } else { "二" },
                    level.name,
                    fmt_dec(declared),
                    fmt_dec(sum),
                    joined_terms(&sub_terms(p, idx))
                ),
            )
            .at(level.row, level.col)
            .about(&level.name),
        );
    }
    let expected = cfg
        .expected_level1_weight(&level.name)
        .filter(|_| level.depth == 1);
    let actual = level.declared.unwrap_or(sum);
    if let Some(expected) = expected.filter(|e| *e != actual) {
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
    out
}

/// W101: the level1 weights (or all indicator weights), with the budget block's 分值 of a
/// self-evaluation form, against the configured total.
fn total_weight(p: &Project, cfg: &Config) -> Option<Diagnostic> {
    let budget_weight = p.table.budget.as_ref().and_then(|b| b.total.weight.value());
    let total =
        sum_of(p.indicators.iter().map(|i| i.weight.value()))? + budget_weight.unwrap_or_default();
    if total == cfg.total_weight || p.indicators.is_empty() {
        return None;
    }
    let mut level1: Vec<(String, Decimal)> = p
        .levels
        .iter()
        .enumerate()
        .filter(|(_, l)| l.depth == 1)
        .filter_map(|(idx, l)| {
            sum_of(p.children_of(idx).map(|i| i.weight.value())).map(|s| (l.name.clone(), s))
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
    let row = p.total.as_ref().map_or(p.table.header.top, |t| t.row);
    Some(
        Diagnostic::new(
            Code::W101,
            format!(
                "一级指标权重合计为 {}{}，应为 {}",
                fmt_dec(total),
                detail,
                fmt_dec(cfg.total_weight)
            ),
        )
        .at(row, p.col(Role::Weight).unwrap_or(0)),
    )
}

/// The parts of a level's weight for a W102 message: a level1's level2 sums, else its
/// indicators' weights.
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
