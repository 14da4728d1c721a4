//! Formulas saved without their results (files written by systems and scripts, or never
//! recalculated): the ones totals and deductions are written with — a `SUM` over ranges and
//! cells, and plain arithmetic of cells and numbers (`=E5-G5`, `=SUM(F5:F25)+I4`) — are
//! computed here from the sheet's cells, as Excel would on opening; anything else (functions,
//! other sheets, text) is left for the "open, recalculate and save" finding (SPEC §4).
//!
//! ```text
//! expr   = term (("+" | "-") term)*
//! term   = factor (("*" | "/") factor)*
//! factor = ("+" | "-") factor | NUMBER | CELL | "SUM(" arg ("," arg)* ")" | "(" expr ")"
//! arg    = CELL ":" CELL | expr
//! CELL   = ["$"] LETTERS ["$"] DIGITS          (on the same sheet)
//! ```
//!
//! As in Excel, an empty cell counts 0, text and TRUE/FALSE inside a `SUM` range are skipped,
//! and text in arithmetic, an error value (in a range too) or a division by 0 gives no result;
//! so does a date, which Excel would count as its serial number. A referenced cell that is
//! itself a formula without a result is computed too, up to a depth that ends any cycle.

use crate::grid::{CellRef, Grid, Value};
use rust_decimal::Decimal;

/// How deep formulas referring to formulas are followed.
const MAX_DEPTH: u8 = 8;

/// The result of a formula (text without `=`) on `grid`, if it is one that is computed here.
///
/// # Examples
/// ```
/// use jixiao::grid::{Grid, Value};
/// use jixiao::review::formula::evaluate;
/// let mut g = Grid::new("s");
/// g.set_value(4, 4, Value::Number(10.into()));
/// g.set_value(4, 6, Value::Number(1.into()));
/// assert_eq!(evaluate("E5-G5", &g), Some(9.into()));
/// assert_eq!(evaluate("SUM(E5:G5)*2", &g), Some(22.into()));
/// assert_eq!(evaluate("VLOOKUP(A1,B:C,2)", &g), None);
/// ```
pub fn evaluate(formula: &str, grid: &Grid) -> Option<Decimal> {
    evaluate_at(formula, grid, 0)
}

fn evaluate_at(formula: &str, grid: &Grid, depth: u8) -> Option<Decimal> {
    if depth > MAX_DEPTH {
        return None;
    }
    let text: String = formula
        .trim()
        .trim_start_matches('=')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
        grid,
        depth,
    };
    let v = p.expr()?;
    (p.i == p.s.len()).then_some(v.normalize())
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    grid: &'a Grid,
    depth: u8,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        self.i += usize::from(hit);
        hit
    }

    fn expr(&mut self) -> Option<Decimal> {
        let mut v = self.term()?;
        loop {
            if self.eat(b'+') {
                v = v.checked_add(self.term()?)?;
            } else if self.eat(b'-') {
                v = v.checked_sub(self.term()?)?;
            } else {
                return Some(v);
            }
        }
    }

    fn term(&mut self) -> Option<Decimal> {
        let mut v = self.factor()?;
        loop {
            if self.eat(b'*') {
                v = v.checked_mul(self.factor()?)?;
            } else if self.eat(b'/') {
                v = v.checked_div(self.factor()?)?;
            } else {
                return Some(v);
            }
        }
    }

    fn factor(&mut self) -> Option<Decimal> {
        if self.eat(b'-') {
            return Some(-self.factor()?);
        }
        if self.eat(b'+') {
            return self.factor();
        }
        if self.eat(b'(') {
            let v = self.expr()?;
            return self.eat(b')').then_some(v);
        }
        match self.peek()? {
            b'0'..=b'9' | b'.' => self.number(),
            _ if self.s[self.i..].to_ascii_uppercase().starts_with(b"SUM(") => {
                self.i += 4;
                self.sum()
            }
            _ => {
                let cell = self.cell()?;
                self.value_of(cell, false)
            }
        }
    }

    fn number(&mut self) -> Option<Decimal> {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9' | b'.')) {
            self.i += 1;
        }
        std::str::from_utf8(&self.s[start..self.i])
            .ok()?
            .parse()
            .ok()
    }

    /// The arguments of a `SUM(` whose name is read, to its `)`.
    fn sum(&mut self) -> Option<Decimal> {
        let mut total = Decimal::ZERO;
        loop {
            let start = self.i;
            let from = self.cell().filter(|_| self.eat(b':'));
            let part = match from {
                Some(from) => {
                    let to = self.cell()?;
                    self.range_sum(from, to)?
                }
                None => {
                    self.i = start;
                    self.expr()?
                }
            };
            total = total.checked_add(part)?;
            if self.eat(b')') {
                return Some(total);
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    fn range_sum(&self, a: CellRef, b: CellRef) -> Option<Decimal> {
        let (top, bottom) = (a.row.min(b.row), a.row.max(b.row));
        let (left, right) = (a.col.min(b.col), a.col.max(b.col));
        if u64::from(bottom - top + 1) * u64::from(right - left + 1) > 100_000 {
            return None;
        }
        let mut total = Decimal::ZERO;
        for row in top..=bottom {
            for col in left..=right {
                total = total.checked_add(self.value_of(CellRef::new(row, col), true)?)?;
            }
        }
        Some(total)
    }

    /// A cell reference on the same sheet: `E5`, `$E$5`.
    fn cell(&mut self) -> Option<CellRef> {
        let start = self.i;
        let is_ref = |b: u8| b.is_ascii_alphanumeric() || b == b'$';
        while self.peek().is_some_and(is_ref) {
            self.i += 1;
        }
        let cell = std::str::from_utf8(&self.s[start..self.i])
            .ok()
            .and_then(CellRef::parse);
        if cell.is_none() {
            self.i = start;
        }
        cell
    }

    /// A cell's value in a formula: empty is 0; text and TRUE/FALSE are skipped inside a
    /// range (`in_range`) and give no result elsewhere; an error value or a date gives no
    /// result; a formula without a result is computed.
    fn value_of(&self, at: CellRef, in_range: bool) -> Option<Decimal> {
        let Some(cell) = self.grid.get(at.row, at.col) else {
            return Some(Decimal::ZERO);
        };
        if cell.is_uncached_formula() {
            let f = cell.formula.as_deref()?;
            return evaluate_at(f, self.grid, self.depth + 1);
        }
        match &cell.value {
            // (An empty cell is not stored, unless it has a formula: see `Grid::set`.)
            Value::Number(d) => Some(*d),
            Value::Text(t) if t.trim().is_empty() || in_range => Some(Decimal::ZERO),
            // Excel's SUM skips TRUE/FALSE in a range as it skips text; an error value there
            // is the sum's result, and a date would be added as its serial number: no result.
            Value::Bool(_) if in_range => Some(Decimal::ZERO),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::Cell;

    fn grid() -> Grid {
        let mut g = Grid::new("s");
        for (r, v) in [(4, "10"), (5, "20"), (6, "30")] {
            g.set_value(r, 5, Value::Number(v.parse().unwrap()));
        }
        g.set_value(7, 5, Value::Text("合计".into()));
        g.set(
            8,
            5,
            Cell {
                value: Value::Empty,
                formula: Some("SUM(F5:F8)".into()),
                raw: None,
            },
        );
        g.set(
            9,
            5,
            Cell {
                value: Value::Empty,
                formula: Some("F10".into()),
                raw: None,
            },
        );
        g
    }

    fn d(s: &str) -> Option<Decimal> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn sums_and_arithmetic_of_cells_are_computed() {
        let g = grid();
        assert_eq!(evaluate("SUM(F5:F7)", &g), d("60"));
        assert_eq!(evaluate("=SUM($F$5:F6,F7)-5", &g), d("55"));
        assert_eq!(
            evaluate("sum(F5:F8)", &g),
            d("60"),
            "text in a range is skipped"
        );
        assert_eq!(evaluate("F5*(1-F6/100)", &g), d("8"));
        assert_eq!(
            evaluate("F9+1", &g),
            d("61"),
            "a formula without a result is computed"
        );
        assert_eq!(evaluate("Z99+1", &g), d("1"), "an empty cell is 0");
        let mut g = grid();
        g.set_value(20, 5, Value::Text("  ".into()));
        assert_eq!(evaluate("F21+1", &g), d("1"), "a cell of spaces is empty");
        assert_eq!(evaluate("-F5+2.5", &g), d("-7.5"));
    }

    #[test]
    fn other_formulas_give_no_result() {
        let g = grid();
        for f in [
            "F8+1",
            "F5/0",
            "F10",
            "ROUND(F5,2)",
            "IF(F5>0,1,0)",
            "Sheet2!F5",
            "SUM(F5:F7",
            "F5 F6",
            "",
        ] {
            assert_eq!(evaluate(f, &g), None, "{f}");
        }
    }

    /// What each kind of cell counts for, in a `SUM` range and in arithmetic: TRUE/FALSE is
    /// skipped in a range as text is; an error
    /// value is no result anywhere (Excel's sum is the error), and so is a date (Excel would
    /// add its serial number).
    #[test]
    fn each_kind_of_cell_counts_as_excel_counts_it() {
        let with = |value: Value| {
            let mut g = grid();
            g.set(
                30,
                5,
                Cell {
                    value,
                    formula: None,
                    raw: None,
                },
            );
            (evaluate("SUM(F5:F7,F31:F31)", &g), evaluate("F31+1", &g))
        };
        assert_eq!(with(Value::Bool(true)), (d("60"), None), "TRUE");
        assert_eq!(
            with(Value::Error("#DIV/0!".into())),
            (None, None),
            "an error"
        );
        assert_eq!(
            with(Value::Date("2024-12-31".into())),
            (None, None),
            "a date"
        );
        assert_eq!(with(Value::Text("无".into())), (d("60"), None), "text");
    }

    /// A range of up to 100,000 cells is summed; one cell more is no result (a bound on the
    /// work a crafted formula can ask for). The ranges (of blank cells) start below row 1 and
    /// right of column A, so each side's length is counted from its own start.
    #[test]
    fn a_sum_covers_at_most_100000_cells() {
        let g = grid();
        assert_eq!(evaluate("SUM(G5:G100004)", &g), d("0"), "100,000 cells");
        assert_eq!(evaluate("SUM(G5:G100005)", &g), None, "100,001 cells");
        assert_eq!(evaluate("SUM(G5:H50004)", &g), d("0"), "50,000 × 2 cells");
        assert_eq!(evaluate("SUM(G5:I33338)", &g), None, "33,334 × 3 cells");
    }

    /// Formulas without a cached result are followed through at most 8 other formulas: a
    /// chain J1 → J2 → … ending in a number gives it after 8 steps, not after 9.
    #[test]
    fn a_chain_of_formulas_is_followed_8_deep() {
        let chain = |steps: u32| {
            let mut g = Grid::new("评分表");
            for r in 0..steps {
                g.set(
                    r,
                    9,
                    Cell {
                        value: Value::Empty,
                        formula: Some(format!("J{}", r + 2)),
                        raw: None,
                    },
                );
            }
            g.set_value(steps, 9, Value::Number(Decimal::from(5)));
            evaluate("J1", &g)
        };
        assert_eq!(chain(8), d("5"));
        assert_eq!(chain(9), None);
    }
}
