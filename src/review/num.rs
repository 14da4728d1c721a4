//! What a number cell of an indicator table holds ([`Num`]): a number, nothing, a dash, text
//! that is not a number, an error value, or a formula saved without its result (SPEC §2.2).
//! The model reads every weight, score, deduction and budget figure this way; the checks say
//! what is wrong with a cell that holds no number.

use crate::grid::{Cell, Grid, Value};
use crate::review::formula::evaluate;
use crate::text::{halfwidth, parse_number_text, within_range};
use rust_decimal::Decimal;

/// What a number cell (weight, score, deduction, total) holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Num {
    /// Nothing written.
    Missing,
    /// A dash, slash or 无: "nothing", which for a deduction means 0.
    Dash,
    /// A number.
    Value(Decimal),
    /// Text that is not a number, as written.
    NotNumber(String),
    /// An error cell such as `#DIV/0!`.
    ErrorCell(String),
    /// A formula whose result was never saved, with its text.
    Uncached(String),
}

impl Num {
    /// The number, if the cell holds one.
    pub fn value(&self) -> Option<Decimal> {
        match self {
            Num::Value(d) => Some(*d),
            _ => None,
        }
    }

    /// The number, counting empty and dash cells as 0 (the reading for deductions).
    pub fn value_or_zero(&self) -> Option<Decimal> {
        match self {
            Num::Value(d) => Some(*d),
            Num::Missing | Num::Dash => Some(Decimal::ZERO),
            _ => None,
        }
    }

    /// A Chinese description of why the cell holds no number, for messages.
    pub fn problem(&self) -> String {
        match self {
            Num::Missing => "为空".into(),
            Num::Dash => "为“-”".into(),
            Num::Value(d) => format!("为 {d}"),
            Num::NotNumber(t) => format!("“{t}”不是数字"),
            Num::ErrorCell(e) => format!("是错误值 {e}"),
            Num::Uncached(f) => format!(
                "是公式 ={f} 但文件中没有保存计算结果（请在 Excel/WPS 中打开、重新计算并保存）"
            ),
        }
    }
}

/// Reads the number cell at `(row, col)` of a sheet: as [`parse_num`], and a formula saved
/// without its result is computed when it is a `SUM` or plain arithmetic of cells
/// ([`crate::review::formula`]); other such formulas stay [`Num::Uncached`].
pub fn read_num(grid: &Grid, row: u32, col: u32) -> Num {
    match parse_num(grid.get(row, col)) {
        Num::Uncached(f) => match evaluate(&f, grid).filter(|d| within_range(*d)) {
            Some(d) => Num::Value(d),
            None => Num::Uncached(f),
        },
        other => other,
    }
}

/// Reads a number cell (SPEC §2.2): numeric cells, numbers in text, dashes, errors, formulas
/// without results.
pub fn parse_num(cell: Option<&Cell>) -> Num {
    let Some(cell) = cell else {
        return Num::Missing;
    };
    if cell.is_uncached_formula() {
        return Num::Uncached(cell.formula.clone().unwrap_or_default());
    }
    match &cell.value {
        Value::Empty => Num::Missing,
        Value::Number(d) if within_range(*d) => Num::Value(*d),
        Value::Number(d) => Num::NotNumber(format!("{d}（数值过大）")),
        Value::Error(e) => Num::ErrorCell(e.clone()),
        Value::Bool(b) => Num::NotNumber(if *b { "TRUE" } else { "FALSE" }.into()),
        Value::Date(d) => Num::NotNumber(d.clone()),
        Value::Text(t) => {
            let trimmed = t.trim();
            if trimmed.is_empty() {
                return Num::Missing;
            }
            if matches!(
                halfwidth(trimmed).as_str(),
                "-" | "/" | "无" | "—" | "--" | "——" | "－"
            ) {
                return Num::Dash;
            }
            match parse_number_text(trimmed) {
                Some(n) => Num::Value(n.value),
                None => Num::NotNumber(trimmed.to_string()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn number_cells() {
        let text = |s: &str| Cell {
            value: Value::Text(s.into()),
            formula: None,
            raw: None,
        };
        assert_eq!(parse_num(None), Num::Missing);
        assert_eq!(parse_num(Some(&text("-"))), Num::Dash);
        assert_eq!(parse_num(Some(&text("无"))), Num::Dash);
        assert_eq!(parse_num(Some(&text("８分"))), Num::Value(dec("8")));
        assert_eq!(
            parse_num(Some(&text("待定"))),
            Num::NotNumber("待定".into())
        );
        let err = Cell {
            value: Value::Error("#DIV/0!".into()),
            formula: Some("1/0".into()),
            raw: None,
        };
        assert_eq!(parse_num(Some(&err)), Num::ErrorCell("#DIV/0!".into()));
        let uncached = Cell {
            value: Value::Empty,
            formula: Some("SUM(G5:G25)".into()),
            raw: None,
        };
        assert!(matches!(parse_num(Some(&uncached)), Num::Uncached(_)));
        // A number cell beyond 10¹² is no score, weight or budget: not read as a number.
        let number = |d: Decimal| Cell {
            value: Value::Number(d),
            formula: None,
            raw: None,
        };
        let limit = Decimal::from(crate::text::MAX_MAGNITUDE);
        assert_eq!(parse_num(Some(&number(limit))), Num::Value(limit));
        assert!(matches!(
            parse_num(Some(&number(limit + Decimal::ONE))),
            Num::NotNumber(t) if t.ends_with("（数值过大）")
        ));
        assert_eq!(Num::Dash.value_or_zero(), Some(Decimal::ZERO));
        assert_eq!(Num::NotNumber("x".into()).value_or_zero(), None);
    }
}
