//! [IO] The annotated workbook (SPEC §5.1): every sheet of the input, in order, with its values,
//! formulas (with cached results) and merged ranges, restyled in a plain official style; on
//! each indicator sheet the reviewed 评价得分 / 扣分情况 / 扣分原因, the columns 评分依据 and
//! 复核说明, and the line `复核得分：…　复核等级：…` under the table; and a last sheet 复核问题
//! with every finding and a link to its cell.
//!
//! Decisions:
//! - The department's own formatting is not copied (calamine does not give it for every
//!   format); every sheet is written in 宋体 with borders on the indicator table, wrapped text,
//!   and column widths and row heights computed here (rust_xlsxwriter's autofit undercounts
//!   Chinese characters).
//! - A reviewed cell that differs from what was filed is yellow with a note `原填报：…` and why;
//!   a cell with an error-level finding is red with a note. Nothing else changes colour.
//! - A reviewed deduction of 0 where the department left 扣分情况 empty stays empty.
//! - The total row's 评价得分 and 扣分情况 become SUM formulas over the indicator rows, with
//!   the reviewed totals as cached results (so the file shows the right numbers before any
//!   recalculation).
//! - Missing 扣分情况 / 扣分原因 columns are added at the right, then 评分依据 and 复核说明.
//! - The review line goes in the first empty row under the table; rows are never inserted, so
//!   the department's formulas keep pointing at the right cells.
//! - Output bytes are deterministic: fixed document properties, sorted work.

use super::BuildError;
use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
use crate::grid::{Cell, CellRef, Grid, Rect, Value, Workbook};
use crate::review::evaluate::{ProjectEval, WorkbookEval};
use crate::review::locate::Role;
use crate::review::num::Num;
use crate::text::fmt_dec;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Note, Url,
    Workbook as XlsxWorkbook, Worksheet, XlsxError,
};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

/// Excel's row and column limits.
const MAX_ROW: u32 = 1_048_575;
const MAX_COL: u32 = 16_383;
/// Excel's limit on the length of a cell's text.
const MAX_TEXT: usize = 32_767;

const FONT: &str = "宋体";
/// The widest a column gets; longer texts wrap.
const MAX_WIDTH: f64 = 36.0;
const YELLOW: u32 = 0xFFF2CC;
const RED: u32 = 0xFFC7CE;
const HEADER_FILL: u32 = 0xD9E1F2;

/// The formats of an annotated workbook.
struct Styles {
    plain: Format,
    table: Format,
    header: Format,
    changed: Format,
    error: Format,
    table_c: Format,
    changed_c: Format,
    error_c: Format,
    title: Format,
    date: Format,
    line: Format,
    link: Format,
}

impl Styles {
    fn new() -> Self {
        let base = Format::new().set_font_name(FONT).set_font_size(10.5);
        let table = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        Styles {
            plain: base.clone().set_align(FormatAlign::VerticalCenter),
            header: table
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(HEADER_FILL),
            changed: table.clone().set_background_color(YELLOW),
            error: table.clone().set_background_color(RED),
            table_c: table.clone().set_align(FormatAlign::Center),
            changed_c: table
                .clone()
                .set_align(FormatAlign::Center)
                .set_background_color(YELLOW),
            error_c: table
                .clone()
                .set_align(FormatAlign::Center)
                .set_background_color(RED),
            title: base
                .clone()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            date: base.clone().set_num_format("yyyy-mm-dd"),
            line: base.clone().set_bold(),
            link: table
                .clone()
                .set_font_color(0x0563C1)
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            table,
        }
    }
}

/// How one output cell is to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Look {
    Title,
    Plain,
    Table,
    Header,
    Changed,
    Error,
}

/// A cell the review writes (a reviewed value, an added column).
#[derive(Debug, Clone)]
struct Written {
    value: Out,
    look: Look,
    note: Option<String>,
}

#[derive(Debug, Clone)]
enum Out {
    /// The department's cell as it is (value or formula), only recoloured.
    Original,
    Text(String),
    Number(Decimal),
    Formula(String, Decimal),
    Blank,
}

/// Writes the annotated copy of a workbook and returns its bytes.
///
/// # Errors
/// A [`BuildError`] when rust_xlsxwriter cannot build the file.
pub fn annotated_workbook(
    wb: &Workbook,
    eval: &WorkbookEval,
    cfg: &Config,
) -> Result<Vec<u8>, BuildError> {
    build(wb, eval, cfg).map_err(|e| BuildError::xlsx("复核工作簿", e))
}

fn build(wb: &Workbook, eval: &WorkbookEval, cfg: &Config) -> Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let mut book = XlsxWorkbook::new();
    // Level 1 instead of 6: a third of the time of writing a workbook went into compression,
    // for files a few percent larger.
    book.set_zip_compression_level(1);
    book.set_properties(
        &DocProperties::new()
            .set_title("绩效评价表复核")
            .set_author("jixiao")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2020, 1, 1)?),
    );
    let mut names = SheetNames::default();
    for grid in &wb.sheets {
        let sheet_name = names.claim(&grid.name);
        let project = eval.projects.iter().find(|p| p.project.sheet == grid.name);
        let ws = add_sheet(&mut book);
        ws.set_name(&sheet_name)?;
        if !grid.visible {
            ws.set_hidden(true);
        }
        let review = project.map(|p| review_cells(grid, p, cfg));
        write_sheet(ws, grid, review.as_ref(), &styles)?;
    }
    // rust_xlsxwriter keeps the active sheet visible: make the first visible one active so
    // that a hidden first sheet stays hidden.
    if let Some(first_visible) = wb.sheets.iter().position(|g| g.visible) {
        if first_visible > 0 {
            book.worksheet_from_index(first_visible)?.set_active(true);
        }
    }
    let problems = names.claim("复核问题");
    let ws = add_sheet(&mut book);
    ws.set_name(&problems)?;
    write_problems(ws, eval, &names, &styles)?;
    book.save_to_buffer()
}

/// A new worksheet that spills its rows to a temporary file ([`RowOrder`] says why); an
/// ordinary one when no temporary file can be made, which the same row-ordered writing fills
/// the same way.
fn add_sheet(book: &mut XlsxWorkbook) -> &mut Worksheet {
    if book.add_worksheet_with_low_memory().is_err() {
        book.add_worksheet();
    }
    let last = book.worksheets_mut().len() - 1;
    &mut book.worksheets_mut()[last]
}

/// The longest prefix of `s` within `units` UTF-16 code units (Excel's measure of names).
fn take_utf16(s: &str, units: usize) -> String {
    let mut used = 0;
    s.chars()
        .take_while(|c| {
            used += c.len_utf16();
            used <= units
        })
        .collect()
}

/// Valid, unique sheet names (≤ 31 characters, none of `[]:*?/\`).
#[derive(Default)]
struct SheetNames {
    used: HashSet<String>,
    by_original: BTreeMap<String, String>,
}

impl SheetNames {
    fn claim(&mut self, original: &str) -> String {
        let cleaned: String = original
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
            .collect();
        let cleaned = cleaned.trim_matches('\'').to_string();
        let base: String = if cleaned.trim().is_empty() {
            "Sheet".into()
        } else {
            take_utf16(&cleaned, 31)
        };
        let mut name = base.clone();
        let mut n = 1;
        while self.used.contains(&name.to_lowercase()) {
            let suffix = format!("({n})");
            name = format!("{}{suffix}", take_utf16(&base, 31 - suffix.len()));
            n += 1;
        }
        self.used.insert(name.to_lowercase());
        self.by_original
            .entry(original.to_string())
            .or_insert_with(|| name.clone());
        name
    }

    fn of(&self, original: &str) -> String {
        self.by_original
            .get(original)
            .cloned()
            .unwrap_or_else(|| original.to_string())
    }
}

/// What the review writes on an indicator sheet.
struct Review {
    cells: BTreeMap<(u32, u32), Written>,
    /// Rows and columns of the indicator table (header to total row, all columns).
    table: Rect,
    header: (u32, u32),
    /// Columns added at the right, with their preferred widths.
    added: Vec<(u32, f64)>,
    line_row: u32,
    /// Columns whose table cells are centred: level names, weights, scores, deductions.
    centered: Vec<u32>,
    /// The header row of a self-evaluation form's budget block.
    budget_header: Option<u32>,
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

fn review_cells(grid: &Grid, pe: &ProjectEval, cfg: &Config) -> Review {
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

/// Display width of a text in Excel column units: CJK and full-width characters count 2.
pub fn text_width(text: &str) -> f64 {
    text.lines()
        .map(|line| {
            line.chars()
                .map(|c| if (c as u32) >= 0x2E80 { 2.0 } else { 1.1 })
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
}

fn shown_text(cell: &Cell) -> String {
    match &cell.value {
        Value::Empty if cell.formula.is_some() => String::new(),
        v => v.to_string(),
    }
}

fn write_sheet(
    ws: &mut Worksheet,
    grid: &Grid,
    review: Option<&Review>,
    s: &Styles,
) -> Result<(), XlsxError> {
    let centered = |c: u32| review.is_some_and(|rv| rv.centered.contains(&c));
    let style = |look: Look, c: u32| match (look, centered(c)) {
        (Look::Title, _) => &s.title,
        (Look::Plain, _) => &s.plain,
        (Look::Header, _) => &s.header,
        (Look::Table, false) => &s.table,
        (Look::Table, true) => &s.table_c,
        (Look::Changed, false) => &s.changed,
        (Look::Changed, true) => &s.changed_c,
        (Look::Error, false) => &s.error,
        (Look::Error, true) => &s.error_c,
    };
    // The title: the first text row above the table, when merged across several columns.
    let title_row = review.and_then(|rv| {
        (0..rv.header.0)
            .find(|r| grid.row(*r).next().is_some())
            .filter(|r| {
                grid.merges
                    .iter()
                    .any(|m| m.top == *r && m.right >= m.left + 2)
            })
    });
    let in_table = |r: u32, c: u32| review.is_some_and(|rv| rv.table.contains(r, c));
    let look_at = |r: u32, c: u32| match review {
        Some(rv)
            if ((r >= rv.header.0 && r <= rv.header.1) || rv.budget_header == Some(r))
                && rv.table.contains(r, c) =>
        {
            Look::Header
        }
        _ if in_table(r, c) => Look::Table,
        _ if title_row == Some(r) => Look::Title,
        _ => Look::Plain,
    };
    let valid_merges: Vec<Rect> = valid_merges(&grid.merges);
    let merged_away = |r: u32, c: u32| {
        valid_merges
            .iter()
            .any(|m| m.contains(r, c) && (m.top, m.left) != (r, c))
    };
    // Widths and heights, from the texts.
    let mut widths: BTreeMap<u32, f64> = BTreeMap::new();
    let mut texts: Vec<((u32, u32), String)> = Vec::new();
    for ((r, c), cell) in grid.cells() {
        if r > MAX_ROW || c > MAX_COL {
            continue;
        }
        texts.push(((r, c), shown_text(cell)));
    }
    if let Some(rv) = review {
        for (&(r, c), w) in &rv.cells {
            let text = match &w.value {
                Out::Original => continue,
                Out::Text(t) => t.clone(),
                Out::Number(d) | Out::Formula(_, d) => fmt_dec(*d),
                Out::Blank => String::new(),
            };
            texts.retain(|(pos, _)| *pos != (r, c));
            texts.push(((r, c), text));
        }
    }
    for ((r, c), text) in &texts {
        let spans_columns = valid_merges
            .iter()
            .any(|m| m.contains(*r, *c) && m.left != m.right);
        let is_line = review.is_some_and(|rv| rv.line_row == *r);
        if spans_columns || is_line || text.is_empty() {
            continue;
        }
        let w = widths.entry(*c).or_insert(0.0);
        *w = w.max(text_width(text) + 2.0);
    }
    if let Some(rv) = review {
        for (c, w) in &rv.added {
            widths.insert(*c, *w);
        }
    }
    let width_of = |c: u32, widths: &BTreeMap<u32, f64>| {
        widths
            .get(&c)
            .copied()
            .unwrap_or(8.43)
            .clamp(6.0, MAX_WIDTH)
    };
    for (&c, _) in widths.iter() {
        ws.set_column_width(c as u16, width_of(c, &widths))?;
    }
    // Row heights: enough lines for the longest wrapped text of the row.
    let mut lines: BTreeMap<u32, f64> = BTreeMap::new();
    for ((r, c), text) in &texts {
        let tall = valid_merges.iter().find(|m| m.contains(*r, *c)).map(|m| {
            let w: f64 = (m.left..=m.right).map(|cc| width_of(cc, &widths)).sum();
            (m.bottom > m.top, w)
        });
        if tall.is_some_and(|(multi_row, _)| multi_row) {
            continue;
        }
        let width = tall
            .map(|(_, w)| w)
            .unwrap_or_else(|| width_of(*c, &widths));
        let n: f64 = text
            .lines()
            .map(|l| (text_width(l) / (width - 1.0).max(1.0)).ceil().max(1.0))
            .sum();
        let e = lines.entry(*r).or_insert(1.0);
        *e = e.max(n);
    }
    // Every cell is recorded first and written in row order at the end: see [`RowOrder`].
    let mut put = RowOrder::default();
    if let Some(r) = title_row {
        put.height(r, 28.0);
    }
    for (r, n) in lines {
        if Some(r) == title_row {
            continue;
        }
        if n > 1.0 {
            put.height(r, (n * 14.0 + 4.0).min(409.0));
        }
    }
    // Borders on the empty cells of the table, so the grid is complete.
    if let Some(rv) = review {
        for r in rv.table.top..=rv.table.bottom {
            for c in rv.table.left..=rv.table.right {
                if grid.get(r, c).is_none() && !rv.cells.contains_key(&(r, c)) && !merged_away(r, c)
                {
                    put.cell(r, c, Put::Blank(style(look_at(r, c), c)));
                }
            }
        }
    }
    // Merged regions first (they blank their cells), then the values on top.
    for m in &valid_merges {
        put.merge(*m, style(look_at(m.top, m.left), m.left));
    }
    for ((r, c), cell) in grid.cells() {
        if r > MAX_ROW || c > MAX_COL || merged_away(r, c) {
            continue;
        }
        if review.is_some_and(|rv| rv.cells.contains_key(&(r, c))) {
            continue;
        }
        let look = look_at(r, c);
        let format = if matches!(cell.value, Value::Date(_)) && look == Look::Plain {
            &s.date
        } else {
            style(look, c)
        };
        put.cell(r, c, Put::Cell(cell, format));
    }
    if let Some(rv) = review {
        // The added header titles span both header rows.
        if rv.header.1 > rv.header.0 {
            for (c, _) in &rv.added {
                let title = Rect {
                    top: rv.header.0,
                    left: *c,
                    bottom: rv.header.1,
                    right: *c,
                };
                put.merge(title, &s.header);
            }
        }
        for (&(r, c), w) in &rv.cells {
            if r > MAX_ROW || c > MAX_COL || merged_away(r, c) {
                continue;
            }
            let format = if rv.line_row == r {
                &s.line
            } else {
                style(w.look, c)
            };
            let what = match &w.value {
                Out::Original => match grid.get(r, c) {
                    Some(cell) => Put::Cell(cell, format),
                    None => Put::Blank(format),
                },
                Out::Text(t) => Put::Text(t.as_str().into(), format),
                Out::Number(d) => Put::Number(d.to_f64().unwrap_or(0.0), format),
                Out::Formula(f, result) => Put::Formula(f, *result, format),
                Out::Blank => Put::Blank(format),
            };
            put.cell(r, c, what);
            if let Some(note) = w.note.as_deref().filter(|n| !n.is_empty()) {
                let note = Note::new(clip_note(note))
                    .set_author("jixiao")
                    .add_author_prefix(false)
                    .set_font_name(FONT)
                    .set_width(320)
                    .set_height(160);
                ws.insert_note(r, c as u16, &note)?;
            }
        }
    }
    put.write(ws)?;
    if let Some(rv) = review {
        let freeze = rv.header.1 + 1;
        ws.set_freeze_panes(freeze, 0)?;
        ws.set_repeat_rows(rv.header.0, rv.header.1)?;
    }
    // Printed as finance bureaus print: A4 landscape, one page wide, page numbers.
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

/// One cell's content, recorded by [`write_sheet`] and written by [`RowOrder::write`].
enum Put<'a> {
    Blank(&'a Format),
    /// The department's cell (value or formula), in a new format.
    Cell(&'a Cell, &'a Format),
    Text(Cow<'a, str>, &'a Format),
    Link(Url, &'a Format),
    Number(f64, &'a Format),
    /// A formula without its `=`, with its cached result.
    Formula(&'a str, Decimal, &'a Format),
}

/// The cells and merged ranges of one sheet, written in row order.
///
/// The annotated sheets are rust_xlsxwriter "low memory" worksheets: each spills its rows to a
/// temporary file as they are written instead of being assembled on a thread of its own when
/// the workbook is saved. Those threads, started and joined for every workbook, kept a core
/// idle while a worker waited for them: `run -j 2` on 1,000 workbooks took 0.96 s with them
/// and 0.71 s without (docs/bench.md). Such a sheet takes its rows in order only: a write to a
/// row above the last one written is dropped. So `write_sheet` records what each cell gets,
/// later records replacing earlier ones as later writes would, and [`RowOrder::write`]
/// writes them row by row. A merged range blanks its cells when it is recorded, as
/// `merge_range` does, and is written when its top row is reached; rust_xlsxwriter holds the
/// blanks of its lower rows until those rows come.
///
/// rust_xlsxwriter 0.102 writes the last row of such a sheet twice when that row has a
/// height of its own (`flush_last_row` flushes the current row, then flushes it again as a
/// row without cells but with its height), and Excel then reports the file as damaged. So
/// when the last row written is one with a height, an empty cell in the default format goes
/// in column A of the row below everything else (below merged ranges too), which moves the
/// end past that row: nothing shows, and `tests/run.rs` checks every output sheet for
/// repeated rows. (A sheet that reaches Excel's last row has no row below it, and keeps the
/// repeat.)
#[derive(Default)]
struct RowOrder<'a> {
    cells: BTreeMap<(u32, u32), Put<'a>>,
    /// Merged ranges by top row, with their format.
    merges: BTreeMap<u32, Vec<(Rect, &'a Format)>>,
    /// Row heights in points, for rows that need more than the default.
    heights: BTreeMap<u32, f64>,
}

impl<'a> RowOrder<'a> {
    fn height(&mut self, r: u32, points: f64) {
        self.heights.insert(r, points);
    }

    fn cell(&mut self, r: u32, c: u32, what: Put<'a>) {
        self.cells.insert((r, c), what);
    }

    fn merge(&mut self, m: Rect, format: &'a Format) {
        for r in m.top..=m.bottom {
            let inside: Vec<(u32, u32)> = self
                .cells
                .range((r, m.left)..=(r, m.right))
                .map(|(k, _)| *k)
                .collect();
            for k in inside {
                self.cells.remove(&k);
            }
        }
        self.merges.entry(m.top).or_default().push((m, format));
    }

    fn write(self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (&r, &points) in &self.heights {
            ws.set_row_height(r, points)?;
        }
        let mut merges = self.merges.into_iter().peekable();
        let mut cells = self.cells.into_iter().peekable();
        // The last row written directly, and the last row anything reaches (merged ranges
        // reach below their top row).
        let mut last = None;
        let mut end = 0;
        loop {
            let next_merge = merges.peek().map(|(r, _)| *r);
            let next_cell = cells.peek().map(|((r, _), _)| *r);
            let row = match (next_merge, next_cell) {
                (None, None) => break,
                (Some(m), Some(c)) => m.min(c),
                (Some(r), None) | (None, Some(r)) => r,
            };
            last = Some(row);
            end = end.max(row);
            if next_merge == Some(row) {
                if let Some((_, ranges)) = merges.next() {
                    for (m, format) in ranges {
                        end = end.max(m.bottom);
                        ws.merge_range(m.top, m.left as u16, m.bottom, m.right as u16, "", format)?;
                    }
                }
            }
            while let Some(((_, c), what)) = cells.next_if(|((r, _), _)| *r == row) {
                let c = c as u16;
                match what {
                    Put::Blank(format) => {
                        ws.write_blank(row, c, format)?;
                    }
                    Put::Cell(cell, format) => write_cell(ws, row, c, cell, format)?,
                    Put::Text(t, format) => {
                        ws.write_string_with_format(row, c, clip(&t), format)?;
                    }
                    Put::Link(link, format) => {
                        ws.write_url_with_format(row, c, link, format)?;
                    }
                    Put::Number(n, format) => {
                        ws.write_number_with_format(row, c, n, format)?;
                    }
                    Put::Formula(f, result, format) => {
                        let formula = Formula::new(format!("={f}")).set_result(fmt_dec(result));
                        ws.write_formula_with_format(row, c, formula, format)?;
                    }
                }
            }
        }
        if last.is_some_and(|r| self.heights.contains_key(&r)) && end < MAX_ROW {
            ws.write_blank(end + 1, 0, &Format::default())?;
        }
        Ok(())
    }
}

fn clip(t: &str) -> &str {
    match t.char_indices().nth(MAX_TEXT - 1) {
        Some((i, _)) => &t[..i],
        None => t,
    }
}

fn clip_note(t: &str) -> String {
    t.chars().take(8000).collect()
}

/// Merged regions rust_xlsxwriter accepts: more than one cell, within limits, no overlaps.
fn valid_merges(merges: &[Rect]) -> Vec<Rect> {
    let mut out: Vec<Rect> = Vec::new();
    let mut sorted = merges.to_vec();
    sorted.sort();
    for m in sorted {
        let single = m.top == m.bottom && m.left == m.right;
        let in_limits =
            m.bottom <= MAX_ROW && m.right <= MAX_COL && m.top <= m.bottom && m.left <= m.right;
        let overlaps = out.iter().any(|o| {
            o.top <= m.bottom && m.top <= o.bottom && o.left <= m.right && m.left <= o.right
        });
        if !single && in_limits && !overlaps {
            out.push(m);
        }
    }
    out
}

fn write_cell(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    cell: &Cell,
    format: &Format,
) -> Result<(), XlsxError> {
    if let Some(f) = &cell.formula {
        let result = match &cell.value {
            Value::Empty => String::new(),
            Value::Number(d) => fmt_dec(*d),
            v => v.to_string(),
        };
        let formula = Formula::new(format!("={f}")).set_result(result);
        ws.write_formula_with_format(r, c, formula, format)?;
        return Ok(());
    }
    match &cell.value {
        Value::Empty => {
            ws.write_blank(r, c, format)?;
        }
        Value::Text(t) => {
            ws.write_string_with_format(r, c, clip(t), format)?;
        }
        Value::Number(d) => {
            let n = cell.raw.unwrap_or_else(|| d.to_f64().unwrap_or(0.0));
            ws.write_number_with_format(r, c, n, format)?;
        }
        Value::Bool(b) => {
            ws.write_boolean_with_format(r, c, *b, format)?;
        }
        Value::Error(e) => {
            ws.write_string_with_format(r, c, e, format)?;
        }
        Value::Date(d) => match cell.raw {
            Some(serial) => {
                let date_format = format.clone().set_num_format("yyyy-mm-dd");
                ws.write_number_with_format(r, c, serial, &date_format)?;
            }
            None => {
                ws.write_string_with_format(r, c, d, format)?;
            }
        },
    }
    Ok(())
}

fn write_problems(
    ws: &mut Worksheet,
    eval: &WorkbookEval,
    names: &SheetNames,
    s: &Styles,
) -> Result<(), XlsxError> {
    let titles = ["代码", "级别", "位置", "指标", "说明"];
    let widths = [8.0, 8.0, 20.0, 24.0, 70.0];
    let mut put = RowOrder::default();
    for (c, (t, w)) in titles.iter().zip(widths).enumerate() {
        put.cell(0, c as u32, Put::Text((*t).into(), &s.header));
        ws.set_column_width(c as u16, w)?;
    }
    let mut row = 1;
    let mut all: Vec<(Option<&str>, &Diagnostic)> =
        eval.diagnostics.iter().map(|d| (None, d)).collect();
    for p in &eval.projects {
        all.extend(
            p.diagnostics
                .iter()
                .map(|d| (Some(p.project.sheet.as_str()), d)),
        );
    }
    for (sheet, d) in all {
        put.cell(row, 0, Put::Text(d.code.as_str().into(), &s.table));
        put.cell(row, 1, Put::Text(d.severity.label().into(), &s.table));
        let place = match (sheet, d.cell) {
            (Some(sheet), Some(cell)) => {
                let target = names.of(sheet);
                let link = Url::new(format!("internal:'{}'!{cell}", target.replace('\'', "''")))
                    .set_text(format!("{target}!{cell}"));
                Put::Link(link, &s.link)
            }
            (Some(sheet), None) => Put::Text(names.of(sheet).into(), &s.table),
            _ => Put::Text("—".into(), &s.table),
        };
        put.cell(row, 2, place);
        put.cell(
            row,
            3,
            Put::Text(d.indicator.as_deref().unwrap_or("").into(), &s.table),
        );
        put.cell(row, 4, Put::Text(d.message.as_str().into(), &s.table));
        let n = (text_width(&d.message) / 68.0).ceil().max(1.0);
        if n > 1.0 {
            put.height(row, n * 14.0 + 4.0);
        }
        row += 1;
    }
    if row == 1 {
        put.cell(1, 4, Put::Text("未发现问题".into(), &s.plain));
    }
    put.write(ws)?;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, row.max(2) - 1, 4)?;
    ws.set_repeat_rows(0, 0)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records cells bottom-up, a merged range and writes over it, as `write_sheet` does, into
    /// a low-memory sheet and into an ordinary one (the fallback of [`add_sheet`]), and reads
    /// each saved file back: same cells, the merge, and every row once, in order.
    #[test]
    fn row_order_writes_what_was_recorded_last_whatever_the_order() {
        let bold = Format::new().set_bold();
        let plain = Format::new();
        let m = Rect {
            top: 1,
            left: 0,
            bottom: 4,
            right: 1,
        };
        for low_memory in [true, false] {
            let mut put = RowOrder::default();
            put.cell(5, 0, Put::Text("最后一行".into(), &plain));
            put.cell(3, 2, Put::Text("合并区右侧".into(), &plain));
            put.cell(1, 0, Put::Text("被合并覆盖".into(), &plain));
            put.merge(m, &bold);
            put.cell(1, 0, Put::Text("一级指标".into(), &bold));
            put.cell(0, 0, Put::Number(7.0, &plain));
            put.cell(0, 0, Put::Number(8.0, &plain));
            // A height on the last row: the case rust_xlsxwriter repeats.
            put.height(5, 30.0);
            let mut book = XlsxWorkbook::new();
            let ws = if low_memory {
                add_sheet(&mut book)
            } else {
                book.add_worksheet()
            };
            put.write(ws).unwrap();
            let bytes = book.save_to_buffer().unwrap();
            let wb = crate::read::read_workbook_bytes(
                &bytes,
                crate::grid::Format::Xlsx,
                &crate::read::package::Limits::default(),
            )
            .unwrap();
            let g = &wb.sheets[0];
            assert_eq!(g.text(0, 0), "8", "low memory: {low_memory}");
            assert_eq!(g.text(1, 0), "一级指标", "low memory: {low_memory}");
            assert_eq!(g.text(3, 2), "合并区右侧", "low memory: {low_memory}");
            assert_eq!(g.text(5, 0), "最后一行", "low memory: {low_memory}");
            assert_eq!(g.merges, vec![m], "low memory: {low_memory}");
            let mut sheet = String::new();
            std::io::Read::read_to_string(
                &mut zip::ZipArchive::new(std::io::Cursor::new(&bytes))
                    .unwrap()
                    .by_name("xl/worksheets/sheet1.xml")
                    .unwrap(),
                &mut sheet,
            )
            .unwrap();
            let rows: Vec<u32> = sheet
                .split("<row r=\"")
                .skip(1)
                .map(|r| r[..r.find('"').unwrap()].parse().unwrap())
                .collect();
            assert!(
                rows.windows(2).all(|w| w[0] < w[1]),
                "low memory: {low_memory}, rows {rows:?}"
            );
        }
    }

    #[test]
    fn sum_ranges_join_consecutive_rows() {
        assert_eq!(
            sum_ranges(6, &[6, 7, 8, 10, 12, 13]),
            "SUM(G7:G9,G11,G13:G14)"
        );
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut n = SheetNames::default();
        assert_eq!(n.claim("评分表"), "评分表");
        assert_eq!(n.claim("评分表"), "评分表(1)");
        assert_eq!(n.claim("a/b:c"), "a_b_c");
        assert_eq!(n.claim(&"长".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn chinese_counts_double() {
        assert_eq!(text_width("满意度"), 6.0);
        assert!(text_width("ab") < 3.0);
    }
}
