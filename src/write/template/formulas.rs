//! The Excel formulas the template writes, built as text: the A1 names of cells, the rounding
//! function the config asks for, the 扣分情况 formula, the 评定等级 formula of the grade bands
//! (and the bands in words) and the 得分 formula of the self-evaluation budget block. Used by
//! the sheets of [`super`].

use crate::config::{BudgetScore, Config, RoundingMode};
use crate::grid::CellRef;
use crate::rule::{Cmp, Deduct, Rule, StepMode};
use crate::text::fmt_dec;
use rust_decimal::Decimal;
use rust_xlsxwriter::Formula;

/// The A1 name of a cell of a column numbered as rust_xlsxwriter numbers them.
pub(super) fn a1(row: u32, col: u16) -> String {
    CellRef::new(row, u32::from(col)).to_string()
}

/// The Excel rounding function of the configured rounding mode.
fn round_fn(cfg: &Config) -> &'static str {
    match cfg.rounding {
        RoundingMode::HalfUp => "ROUND",
        RoundingMode::Truncate => "ROUNDDOWN",
    }
}

/// The 扣分情况 formula of an indicator row, `=IF(score="","",ROUND(weight-score,2))`: empty
/// until a score is entered. `weight` and `score` are the A1 names of 指标分值 and 评价得分.
pub(super) fn deduction_formula(cfg: &Config, weight: &str, score: &str) -> String {
    format!(
        "=IF({score}=\"\",\"\",{}({weight}-{score},{}))",
        round_fn(cfg),
        cfg.places
    )
}

/// The 评定等级 cell: the grade formula over the total cell, with the grade of `total` (if
/// any) as its cached result.
pub(super) fn grade_cell(total_cell: &str, total: Option<Decimal>, cfg: &Config) -> Formula {
    Formula::new(grade_formula(total_cell, cfg)).set_result(
        total
            .and_then(|t| cfg.grade(cfg.round(t)))
            .unwrap_or_default(),
    )
}

/// The grade bands in words: `优 ≥ 90，良 ≥ 80，中 ≥ 60，差 ≥ 0`.
pub(super) fn bands_text(cfg: &Config) -> String {
    cfg.grades
        .iter()
        .map(|b| format!("{} ≥ {}", b.name, fmt_dec(b.min)))
        .collect::<Vec<_>>()
        .join("，")
}

/// `=IF(total="","",IF(total>=90,"优",…))` for the configured grade bands.
fn grade_formula(total: &str, cfg: &Config) -> String {
    let mut expr = String::new();
    let mut closing = 0;
    let last = cfg.grades.len().saturating_sub(1);
    for (i, band) in cfg.grades.iter().enumerate() {
        let name = band.name.replace('"', "\"\"");
        if i == last {
            expr.push_str(&format!("\"{name}\""));
        } else {
            expr.push_str(&format!("IF({total}>={},\"{name}\",", fmt_dec(band.min)));
            closing += 1;
        }
    }
    expr.push_str(&")".repeat(closing));
    format!("=IF({total}=\"\",\"\",{expr})")
}

fn cmp_op(c: Cmp) -> &'static str {
    match c {
        Cmp::Ge => ">=",
        Cmp::Gt => ">",
        Cmp::Le => "<=",
        Cmp::Lt => "<",
        Cmp::Eq => "=",
    }
}

/// The 得分 formula of the budget block, following `budget_score`: `weight`, `budget` and
/// `spent` are the A1 names of 分值, 全年预算数 and 全年执行数.
pub(super) fn budget_formula(cfg: &Config, weight: &str, budget: &str, spent: &str) -> String {
    let round = round_fn(cfg);
    let places = cfg.places;
    let inner = match &cfg.budget_score {
        BudgetScore::Threshold {
            rule: Rule::Threshold(t),
            ..
        } => {
            let limit = match t.limit {
                crate::rule::Limit::Value(v) => fmt_dec(v),
                crate::rule::Limit::Target => "100".into(),
            };
            let rate = format!("({spent}/{budget}*100)");
            let steps = format!("ABS({limit}-{rate})/{}", fmt_dec(t.step));
            let steps = match cfg.step {
                StepMode::Proportional => steps,
                StepMode::Floor => format!("INT({steps})"),
                StepMode::Ceil => format!("ROUNDUP({steps},0)"),
            };
            let cost = match t.deduct {
                Deduct::Points(d) => fmt_dec(d),
                Deduct::Share(s) => format!("{weight}*{}/100", fmt_dec(s)),
            };
            let floor = fmt_dec(t.min_score.unwrap_or(Decimal::ZERO));
            let mut e = format!(
                "IF({rate}{}{limit},{weight},MAX({floor},{weight}-{steps}*{cost}))",
                cmp_op(t.cmp)
            );
            if let Some((zc, z)) = t.zero_line {
                e = format!("IF({rate}{}{},0,{e})", cmp_op(zc), fmt_dec(z));
            }
            e
        }
        _ => format!("MIN({weight},{weight}*MAX(0,{spent}/{budget}))"),
    };
    format!("=IF(N({budget})>0,{round}({inner},{places}),\"\")")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grade_formula_follows_the_bands() {
        assert_eq!(
            grade_formula("I23", &Config::default()),
            "=IF(I23=\"\",\"\",IF(I23>=90,\"优\",IF(I23>=80,\"良\",IF(I23>=60,\"中\",\"差\"))))"
        );
    }

    #[test]
    fn deduction_formula_follows_the_rounding() {
        assert_eq!(
            deduction_formula(&Config::default(), "F5", "I5"),
            "=IF(I5=\"\",\"\",ROUND(F5-I5,2))"
        );
        let cfg = Config::from_toml("[rounding]\nplaces = 1\nmode = \"truncate\"\n").unwrap();
        assert_eq!(
            deduction_formula(&cfg, "F5", "I5"),
            "=IF(I5=\"\",\"\",ROUNDDOWN(F5-I5,1))"
        );
    }

    #[test]
    fn budget_formula_follows_the_config() {
        let cfg = Config::default();
        assert_eq!(
            budget_formula(&cfg, "F6", "D6", "E6"),
            "=IF(N(D6)>0,ROUND(MIN(F6,F6*MAX(0,E6/D6)),2),\"\")"
        );
        let cfg = Config::from_toml(
            "budget_score = \"预算执行率95%以上，得满分；低于95%，每下降1%扣权重的1%；60%以下，不计分\"\n",
        )
        .unwrap();
        assert_eq!(
            budget_formula(&cfg, "F6", "D6", "E6"),
            "=IF(N(D6)>0,ROUND(IF((E6/D6*100)<=60,0,IF((E6/D6*100)>=95,F6,MAX(0,F6-ABS(95-(E6/D6*100))/1*F6*1/100))),2),\"\")"
        );
    }

    #[test]
    fn a1_names() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(22, 8), "I23");
        assert_eq!(a1(0, 26), "AA1");
    }
}
