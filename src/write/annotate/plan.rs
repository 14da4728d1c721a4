//! What the review changes on an indicator sheet, as plain data: the reviewed 评价得分 /
//! 扣分情况 / 扣分原因 cells and their notes, the added columns, the budget block's reviewed
//! cells, the total row's SUM formulas, the red error cells, the line `复核得分：…　复核等级：…`
//! and the table's extent. [`super::sheet`] applies it; nothing here touches rust_xlsxwriter.

use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
use crate::grid::{CellRef, Grid, Rect};
use crate::review::evaluate::ProjectEval;
use crate::review::locate::Role;
use crate::review::num::Num;
use crate::text::fmt_dec;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// How one output cell is to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Look {
    Title,
    Plain,
    Table,
    Header,
    Changed,
    Error,
}

/// A cell the review writes (a reviewed value, an added column).
#[derive(Debug, Clone)]
pub(super) struct Written {
    pub(super) value: Out,
    pub(super) look: Look,
    pub(super) note: Option<String>,
}

#[derive(Debug, Clone)]
pub(super) enum Out {
    /// The department's cell as it is (value or formula), only recoloured.
    Original,
    Text(String),
    Number(Decimal),
    Formula(String, Decimal),
    Blank,
}

/// What the review writes on an indicator sheet.
pub(super) struct Review {
    pub(super) cells: BTreeMap<(u32, u32), Written>,
    /// Rows and columns of the indicator table (header to total row, all columns).
    pub(super) table: Rect,
    pub(super) header: (u32, u32),
    /// Columns added at the right, with their preferred widths.
    pub(super) added: Vec<(u32, f64)>,
    pub(super) line_row: u32,
    /// Columns whose table cells are centred: level names, weights, scores, deductions.
    pub(super) centered: Vec<u32>,
    /// The header row of a self-evaluation form's budget block.
    pub(super) budget_header: Option<u32>,
}

/// The first row after the title row (the first non-empty row) of a sheet, capped at `limit`.
fn first_row_below_title(grid: &Grid, limit: u32) -> u32 {
    (0..limit)
        .find(|r| grid.row(*r).next().is_some())
        .map(|r| r + 1)
        .unwrap_or(0)
        .min(limit)
}

fn num_text(n: &Num) -> String {
    match n {
        Num::Missing => "（空）".into(),
        Num::Dash => "-".into(),
        Num::Value(d) => fmt_dec(*d),
        Num::NotNumber(t) => t.clone(),
        Num::ErrorCell(e) => e.clone(),
        Num::Uncached(f) => format!("={f}（无计算结果）"),
    }
}

/// A reviewed number: as filed, it keeps the table look; changed, it is yellow with a note
/// saying what was filed, the reviewed value and why.
fn reviewed_number(filed: &Num, value: Decimal, why: &str, cfg: &Config) -> Written {
    let unchanged = filed.value().is_some_and(|f| cfg.round(f) == value);
    Written {
        // Unchanged, the department's own cell (and its formula) stays.
        value: if unchanged {
            Out::Original
        } else {
            Out::Number(value)
        },
        look: if unchanged {
            Look::Table
        } else {
            Look::Changed
        },
        note: (!unchanged).then(|| {
            format!(
                "原填报：{}\n复核：{}\n{why}",
                num_text(filed),
                fmt_dec(value)
            )
        }),
    }
}

fn messages_at(diags: &[&Diagnostic], row: u32, col: u32) -> Vec<String> {
    let cell = CellRef::new(row, col);
    diags
        .iter()
        .filter(|d| d.cell == Some(cell))
        .map(|d| format!("{} {}：{}", d.code, d.severity.label(), d.message))
        .collect()
}

/// Ranges of consecutive rows, for SUM formulas: `G7:G12,G14:G27`.
fn sum_ranges(col: u32, rows: &[u32]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let start = rows[i];
        let mut end = start;
        while i + 1 < rows.len() && rows[i + 1] == end + 1 {
            i += 1;
            end = rows[i];
        }
        parts.push(if start == end {
            CellRef::new(start, col).to_string()
        } else {
            format!("{}:{}", CellRef::new(start, col), CellRef::new(end, col))
        });
        i += 1;
    }
    format!("SUM({})", parts.join(","))
}

pub(super) fn review_cells(grid: &Grid, pe: &ProjectEval, cfg: &Config) -> Review {
    let p = &pe.project;
    let header = (p.table.header.top, p.table.header.bottom);
    let mut next_col = grid.width().max(1);
    let mut added = Vec::new();
    let mut add = |width: f64| {
        let c = next_col;
        next_col += 1;
        added.push((c, width));
        c
    };
    let score_col = p.col(Role::Score).unwrap_or(0);
    let deduction_col = p.col(Role::Deduction).unwrap_or_else(|| add(10.0));
    let reason_col = p.col(Role::Reason).unwrap_or_else(|| add(30.0));
    let basis_col = add(36.0);
    let notes_col = add(32.0);
    let mut cells: BTreeMap<(u32, u32), Written> = BTreeMap::new();
    let diags: Vec<&Diagnostic> = pe.diagnostics.iter().collect();
    // Titles of the added columns, spanning both header rows.
    for (col, title) in [
        (deduction_col, "扣分情况"),
        (reason_col, "扣分原因"),
        (basis_col, "评分依据"),
        (notes_col, "复核说明"),
    ] {
        if added.iter().any(|(c, _)| *c == col) {
            cells.insert(
                (header.0, col),
                Written {
                    value: Out::Text(title.into()),
                    look: Look::Header,
                    note: None,
                },
            );
        }
    }
    for (ind, rev) in p.indicators.iter().zip(&pe.reviewed) {
        let row = ind.row;
        // 评价得分.
        if let Some(s) = rev.score {
            let why = messages_at(&diags, row, score_col);
            let why = if why.is_empty() {
                rev.basis.clone()
            } else {
                why.join("\n")
            };
            cells.insert((row, score_col), reviewed_number(&ind.score, s, &why, cfg));
        }
        // 扣分情况.
        if let Some(d) = rev.deduction {
            let filed = ind.deduction.value_or_zero();
            let unchanged = filed.is_some_and(|f| cfg.round(f) == d);
            let keep_blank = d.is_zero() && matches!(ind.deduction, Num::Missing | Num::Dash);
            // A column the review added holds no filing to compare with.
            let added_column = p.col(Role::Deduction).is_none();
            let value = if keep_blank {
                Out::Blank
            } else if unchanged && !added_column {
                Out::Original
            } else {
                Out::Number(d)
            };
            let unchanged = unchanged || added_column;
            let why = messages_at(&diags, row, deduction_col);
            cells.insert(
                (row, deduction_col),
                Written {
                    value,
                    look: if unchanged || keep_blank {
                        Look::Table
                    } else {
                        Look::Changed
                    },
                    note: (!unchanged && !keep_blank).then(|| {
                        format!(
                            "原填报：{}\n复核：{} = 分值 − 复核得分\n{}",
                            num_text(&ind.deduction),
                            fmt_dec(d),
                            why.join("\n")
                        )
                        .trim_end()
                        .to_string()
                    }),
                },
            );
        }
        // 扣分原因.
        let changed_reason = rev.reason.trim() != ind.reason.trim();
        if changed_reason || p.col(Role::Reason).is_none() {
            cells.insert(
                (row, reason_col),
                Written {
                    value: if rev.reason.is_empty() {
                        Out::Blank
                    } else {
                        Out::Text(rev.reason.clone())
                    },
                    look: if changed_reason {
                        Look::Changed
                    } else {
                        Look::Table
                    },
                    note: changed_reason.then(|| {
                        format!(
                            "原填报：{}\n{}",
                            if ind.reason.is_empty() {
                                "（空）"
                            } else {
                                ind.reason.as_str()
                            },
                            messages_at(&diags, row, reason_col).join("\n")
                        )
                        .trim_end()
                        .to_string()
                    }),
                },
            );
        }
        cells.insert(
            (row, basis_col),
            Written {
                value: Out::Text(rev.basis.clone()),
                look: Look::Table,
                note: None,
            },
        );
        let row_notes: Vec<String> = diags
            .iter()
            .filter(|d| d.cell.map(|c| c.row) == Some(row))
            .map(|d| format!("{} {}：{}", d.code, d.severity.label(), d.message))
            .collect();
        if !row_notes.is_empty() {
            cells.insert(
                (row, notes_col),
                Written {
                    value: Out::Text(row_notes.join("\n")),
                    look: Look::Table,
                    note: None,
                },
            );
        }
    }
    // The budget block of a self-evaluation form: the reviewed 得分 (and 执行率 if wrong).
    let mut budget_score_cell = None;
    if let (Some(block), Some(review)) = (&p.table.budget, &pe.budget) {
        let t = &block.total;
        if let (Some(col), Some(s)) = (block.cols.score, review.score_reviewed) {
            budget_score_cell = Some(CellRef::new(t.row, col));
            let mut why = messages_at(&diags, t.row, col);
            why.push(review.basis.clone());
            cells.insert(
                (t.row, col),
                reviewed_number(&t.score, s, &why.join("\n"), cfg),
            );
        }
        if let (Some(col), Some(r), Some(f)) = (block.cols.rate, review.rate, review.rate_filed) {
            if cfg.round(f) != r {
                cells.insert(
                    (t.row, col),
                    Written {
                        value: Out::Text(format!("{}%", fmt_dec(r))),
                        look: Look::Changed,
                        note: Some(format!(
                            "原填报：{}\n复核：{}%（全年执行数 ÷ 全年预算数）\n{}",
                            num_text(&t.rate),
                            fmt_dec(r),
                            messages_at(&diags, t.row, col).join("\n")
                        )),
                    },
                );
            }
        }
    }
    // The total row: SUM formulas with the reviewed totals as results.
    let rows: Vec<u32> = p.indicators.iter().map(|i| i.row).collect();
    let mut last_row = rows.last().copied().unwrap_or(header.1);
    if let Some(total) = &p.total {
        last_row = total.row;
        let reviewed_deductions: Option<Decimal> = pe.reviewed.iter().map(|r| r.deduction).sum();
        for (col, value, filed) in [
            (score_col, pe.totals.score_reviewed, &total.score),
            (deduction_col, reviewed_deductions, &total.deduction),
        ] {
            let Some(v) = value else { continue };
            let unchanged = filed.value().is_some_and(|f| cfg.round(f) == cfg.round(v))
                || (matches!(filed, Num::Missing) && p.col(Role::Deduction).is_none());
            // The self-evaluation total adds the budget block's score.
            let formula = match (&budget_score_cell, col == score_col) {
                (Some(cell), true) => format!("{}+{cell}", sum_ranges(col, &rows)),
                _ => sum_ranges(col, &rows),
            };
            cells.insert(
                (total.row, col),
                Written {
                    value: Out::Formula(formula, cfg.round(v)),
                    look: if unchanged {
                        Look::Table
                    } else {
                        Look::Changed
                    },
                    note: (!unchanged).then(|| {
                        format!(
                            "原填报：{}\n复核：{}（各指标复核值之和）",
                            num_text(filed),
                            fmt_dec(cfg.round(v))
                        )
                    }),
                },
            );
        }
        let total_notes: Vec<String> = diags
            .iter()
            .filter(|d| d.cell.map(|c| c.row) == Some(total.row))
            .map(|d| format!("{} {}：{}", d.code, d.severity.label(), d.message))
            .collect();
        if !total_notes.is_empty() {
            cells.insert(
                (total.row, notes_col),
                Written {
                    value: Out::Text(total_notes.join("\n")),
                    look: Look::Table,
                    note: None,
                },
            );
        }
    }
    // Error cells that the review did not rewrite: red, with the message as a note.
    for d in diags.iter().filter(|d| d.severity == Severity::Error) {
        let Some(CellRef { row, col }) = d.cell else {
            continue;
        };
        let entry = cells.entry((row, col)).or_insert_with(|| Written {
            value: Out::Original,
            look: Look::Error,
            note: Some(String::new()),
        });
        // A reviewed cell left as filed still shows its error (a score above its weight).
        if entry.look == Look::Table {
            entry.look = Look::Error;
        }
        if entry.look == Look::Error {
            let msg = format!("{} {}：{}", d.code, d.severity.label(), d.message);
            let note = entry.note.get_or_insert_with(String::new);
            if !note.is_empty() {
                note.push('\n');
            }
            note.push_str(&msg);
        }
    }
    let line_row = first_empty_row_after(grid, last_row);
    let score_words = pe
        .totals
        .score_reviewed
        .map(fmt_dec)
        .unwrap_or_else(|| "无法计算（有得分不是数字）".into());
    let grade = pe.totals.grade.clone().unwrap_or_else(|| "—".into());
    cells.insert(
        (line_row, 0),
        Written {
            value: Out::Text(format!("复核得分：{score_words}　复核等级：{grade}")),
            look: Look::Plain,
            note: None,
        },
    );
    Review {
        cells,
        // A self-evaluation form is one framed grid from under its title: facts, budget
        // block, goals and indicators.
        table: Rect {
            top: match &p.table.budget {
                Some(_) => first_row_below_title(grid, header.0),
                None => header.0,
            },
            left: 0,
            bottom: last_row,
            right: notes_col,
        },
        budget_header: p.table.budget.as_ref().map(|b| b.header_row),
        header,
        added,
        line_row,
        centered: [Role::Level1, Role::Level2, Role::Weight, Role::Score]
            .iter()
            .filter_map(|r| p.col(*r))
            .chain([deduction_col])
            .collect(),
    }
}

fn first_empty_row_after(grid: &Grid, row: u32) -> u32 {
    let mut r = row + 1;
    while r < grid.height()
        && (grid.row(r).next().is_some() || grid.merges.iter().any(|m| m.top <= r && r <= m.bottom))
    {
        r += 1;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sum_ranges_join_consecutive_rows() {
        assert_eq!(
            sum_ranges(6, &[6, 7, 8, 10, 12, 13]),
            "SUM(G7:G9,G11,G13:G14)"
        );
    }
}
