//! What the review changes on an indicator sheet, as plain data: the reviewed 评价得分 /
//! 扣分情况 / 扣分原因 cells and their notes, the added columns, the budget block's reviewed
//! cells, the total row's SUM formulas, the red error cells, the line `复核得分：…　复核等级：…`
//! and the table's extent. [`super::sheet`] applies it; nothing here touches rust_xlsxwriter.

use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
use crate::grid::{CellRef, Grid, Rect};
use crate::review::checks::{Reviewed, Totals};
use crate::review::evaluate::ProjectEval;
use crate::review::locate::Role;
use crate::review::model::{Indicator, Project};
use crate::review::num::Num;
use crate::text::fmt_dec;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// How one output cell is to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Look {
    /// The sheet's title above the table.
    Title,
    /// Outside the table (the review line).
    Plain,
    /// A cell of the table, as filed or reviewed without change.
    Table,
    /// The table's header (and the titles of the added columns).
    Header,
    /// A reviewed value that differs from what was filed: yellow.
    Changed,
    /// A cell with an error-level finding: red.
    Error,
}

/// A cell the review writes (a reviewed value, an added column).
#[derive(Debug, Clone)]
pub(super) struct Written {
    /// What the cell holds.
    pub(super) value: Out,
    /// How it looks.
    pub(super) look: Look,
    /// Its note (a comment), if any; an empty one is not written.
    pub(super) note: Option<String>,
}

impl Written {
    /// A text without a note.
    fn text(text: impl Into<String>, look: Look) -> Written {
        Written {
            value: Out::Text(text.into()),
            look,
            note: None,
        }
    }
}

/// What a written cell holds.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Out {
    /// The department's cell as it is (value or formula), only recoloured.
    Original,
    /// A text.
    Text(String),
    /// A number.
    Number(Decimal),
    /// A formula without its `=`, with its cached result.
    Formula(String, Decimal),
    /// Nothing (the cell is emptied, or stays empty, in its look).
    Blank,
}

/// What the review writes on an indicator sheet.
pub(super) struct Review {
    /// The cells the review writes, by (row, column).
    pub(super) cells: BTreeMap<(u32, u32), Written>,
    /// Rows and columns of the indicator table (header to total row, all columns).
    pub(super) table: Rect,
    /// The first and last rows of the table's header.
    pub(super) header: (u32, u32),
    /// Columns added at the right, with their preferred widths.
    pub(super) added: Vec<(u32, f64)>,
    /// The row of the line `复核得分：…　复核等级：…` (column A).
    pub(super) line_row: u32,
    /// Columns whose table cells are centred: level names, weights, scores, deductions.
    pub(super) centered: Vec<u32>,
    /// The header row of a self-evaluation form's budget block.
    pub(super) budget_header: Option<u32>,
}

impl Review {
    /// Puts `note` first in the 复核说明 of `row` (the last column of the table).
    pub(super) fn head_notes(&mut self, row: u32, note: &str) {
        let col = self.table.right;
        let text = match self.cells.get(&(row, col)).map(|w| &w.value) {
            Some(Out::Text(t)) if !t.is_empty() => format!("{note}\n{t}"),
            _ => note.to_string(),
        };
        self.cells
            .insert((row, col), Written::text(text, Look::Table));
    }
}

/// The cells of a [`Review`] by (row, column); a later step's cell replaces an earlier one's.
type Cells = BTreeMap<(u32, u32), Written>;

/// The columns the review writes in: the filed 评价得分 / 扣分情况 / 扣分原因 (the last two
/// added at the right when the table has none), then 评分依据 and 复核说明, always added.
struct Columns {
    score: u32,
    deduction: u32,
    reason: u32,
    basis: u32,
    notes: u32,
    /// 扣分情况 is a column the review added: it holds no filing to compare with.
    deduction_added: bool,
    /// 扣分原因 is a column the review added.
    reason_added: bool,
    /// Columns added at the right, with their preferred widths.
    added: Vec<(u32, f64)>,
}

impl Columns {
    /// The columns of `p` on `grid`, added ones right of the grid's last column.
    fn of(grid: &Grid, p: &Project) -> Columns {
        let mut next_col = grid.width().max(1);
        let mut added = Vec::new();
        let mut add = |width: f64| {
            let c = next_col;
            next_col += 1;
            added.push((c, width));
            c
        };
        let score = p.col(Role::Score).unwrap_or(0);
        let deduction = p.col(Role::Deduction).unwrap_or_else(|| add(10.0));
        let reason = p.col(Role::Reason).unwrap_or_else(|| add(30.0));
        let basis = add(36.0);
        let notes = add(32.0);
        Columns {
            score,
            deduction,
            reason,
            basis,
            notes,
            deduction_added: p.col(Role::Deduction).is_none(),
            reason_added: p.col(Role::Reason).is_none(),
            added,
        }
    }

    /// The titles of the added columns, in the header's top row (the writer spans them over
    /// both header rows).
    fn titles(&self, header_top: u32) -> Cells {
        let mut cells = Cells::new();
        for (col, title) in [
            (self.deduction, "扣分情况"),
            (self.reason, "扣分原因"),
            (self.basis, "评分依据"),
            (self.notes, "复核说明"),
        ] {
            if self.added.iter().any(|(c, _)| *c == col) {
                cells.insert((header_top, col), Written::text(title, Look::Header));
            }
        }
        cells
    }
}

/// Decides what the review writes on the sheet `grid` of the project `pe`.
pub(super) fn review_cells(grid: &Grid, pe: &ProjectEval, cfg: &Config) -> Review {
    let p = &pe.project;
    let header = (p.table.header.top, p.table.header.bottom);
    let cols = Columns::of(grid, p);
    let diags: Vec<&Diagnostic> = pe.diagnostics.iter().collect();
    let mut cells = cols.titles(header.0);
    for (ind, rev) in p.indicators.iter().zip(&pe.reviewed) {
        indicator_row(&mut cells, ind, rev, &cols, &diags, cfg);
    }
    let budget_score_cell = budget_block(&mut cells, pe, &diags, cfg);
    total_row(&mut cells, pe, &cols, budget_score_cell, &diags, cfg);
    error_cells(&mut cells, &diags);
    // The table ends at the total row, else at the last indicator.
    let last_row = match (&p.total, p.indicators.last()) {
        (Some(total), _) => total.row,
        (None, Some(last)) => last.row,
        (None, None) => header.1,
    };
    let line_row = first_empty_row_after(grid, last_row);
    cells.insert((line_row, 0), review_line(&pe.totals));
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
            right: cols.notes,
        },
        budget_header: p.table.budget.as_ref().map(|b| b.header_row),
        header,
        line_row,
        centered: [Role::Level1, Role::Level2, Role::Weight, Role::Score]
            .iter()
            .filter_map(|r| p.col(*r))
            .chain([cols.deduction])
            .collect(),
        added: cols.added,
    }
}

/// One indicator row: the reviewed 评价得分, 扣分情况 and 扣分原因, its 评分依据 and, when it
/// has findings, its 复核说明.
fn indicator_row(
    cells: &mut Cells,
    ind: &Indicator,
    rev: &Reviewed,
    cols: &Columns,
    diags: &[&Diagnostic],
    cfg: &Config,
) {
    let row = ind.row;
    // 评价得分.
    if let Some(s) = rev.score {
        let why = messages_at(diags, row, cols.score);
        let why = if why.is_empty() {
            rev.basis.clone()
        } else {
            why.join("\n")
        };
        cells.insert((row, cols.score), reviewed_number(&ind.score, s, &why, cfg));
    }
    // 扣分情况.
    if let Some(d) = rev.deduction {
        let why = messages_at(diags, row, cols.deduction);
        cells.insert(
            (row, cols.deduction),
            reviewed_deduction(ind, d, cols.deduction_added, &why, cfg),
        );
    }
    // 扣分原因.
    let changed_reason = rev.reason.trim() != ind.reason.trim();
    if changed_reason || cols.reason_added {
        let why = messages_at(diags, row, cols.reason);
        cells.insert(
            (row, cols.reason),
            reviewed_reason(ind, rev, changed_reason, &why),
        );
    }
    cells.insert(
        (row, cols.basis),
        Written::text(rev.basis.clone(), Look::Table),
    );
    if let Some(notes) = row_findings(diags, row) {
        cells.insert((row, cols.notes), notes);
    }
}

/// A reviewed 扣分情况 `d`: as filed (or in a column the review added), the table look; a
/// reviewed 0 where the department left it empty stays empty; changed, yellow with a note.
fn reviewed_deduction(
    ind: &Indicator,
    d: Decimal,
    added_column: bool,
    why: &[String],
    cfg: &Config,
) -> Written {
    let filed = ind.deduction.value_or_zero();
    let unchanged = filed.is_some_and(|f| cfg.round(f) == d);
    let keep_blank = d.is_zero() && matches!(ind.deduction, Num::Missing | Num::Dash);
    // A column the review added holds no filing to compare with.
    let value = if keep_blank {
        Out::Blank
    } else if unchanged && !added_column {
        Out::Original
    } else {
        Out::Number(d)
    };
    let unchanged = unchanged || added_column;
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
    }
}

/// A reviewed 扣分原因: changed, yellow with a note saying what was filed; else (in a column
/// the review added) the table look.
fn reviewed_reason(ind: &Indicator, rev: &Reviewed, changed: bool, why: &[String]) -> Written {
    Written {
        value: if rev.reason.is_empty() {
            Out::Blank
        } else {
            Out::Text(rev.reason.clone())
        },
        look: if changed { Look::Changed } else { Look::Table },
        note: changed.then(|| {
            format!(
                "原填报：{}\n{}",
                if ind.reason.is_empty() {
                    "（空）"
                } else {
                    ind.reason.as_str()
                },
                why.join("\n")
            )
            .trim_end()
            .to_string()
        }),
    }
}

/// The budget block of a self-evaluation form: the reviewed 得分 (and 执行率 if wrong).
/// Returns the 得分 cell, which the total row's score adds.
fn budget_block(
    cells: &mut Cells,
    pe: &ProjectEval,
    diags: &[&Diagnostic],
    cfg: &Config,
) -> Option<CellRef> {
    let (Some(block), Some(review)) = (&pe.project.table.budget, &pe.budget) else {
        return None;
    };
    let mut budget_score_cell = None;
    let t = &block.total;
    if let (Some(col), Some(s)) = (block.cols.score, review.score_reviewed) {
        budget_score_cell = Some(CellRef::new(t.row, col));
        let mut why = messages_at(diags, t.row, col);
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
                        messages_at(diags, t.row, col).join("\n")
                    )),
                },
            );
        }
    }
    budget_score_cell
}

/// The total row, if there is one: SUM formulas over the indicator rows (on a
/// self-evaluation form, the score's adds the budget block's 得分 cell) with the reviewed
/// totals as results, and its findings.
fn total_row(
    cells: &mut Cells,
    pe: &ProjectEval,
    cols: &Columns,
    budget_score_cell: Option<CellRef>,
    diags: &[&Diagnostic],
    cfg: &Config,
) {
    let Some(total) = &pe.project.total else {
        return;
    };
    let rows: Vec<u32> = pe.project.indicators.iter().map(|i| i.row).collect();
    let reviewed_deductions: Option<Decimal> = pe.reviewed.iter().map(|r| r.deduction).sum();
    for (col, value, filed) in [
        (cols.score, pe.totals.score_reviewed, &total.score),
        (cols.deduction, reviewed_deductions, &total.deduction),
    ] {
        let Some(v) = value else { continue };
        let unchanged = filed.value().is_some_and(|f| cfg.round(f) == cfg.round(v))
            || (matches!(filed, Num::Missing) && cols.deduction_added);
        // The self-evaluation total adds the budget block's score.
        let formula = match (&budget_score_cell, col == cols.score) {
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
    if let Some(notes) = row_findings(diags, total.row) {
        cells.insert((total.row, cols.notes), notes);
    }
}

/// Error cells that the review did not rewrite: red, with the message as a note.
fn error_cells(cells: &mut Cells, diags: &[&Diagnostic]) {
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
            let msg = finding(d);
            let note = entry.note.get_or_insert_with(String::new);
            if !note.is_empty() {
                note.push('\n');
            }
            note.push_str(&msg);
        }
    }
}

/// The line under the table: `复核得分：…　复核等级：…`.
fn review_line(totals: &Totals) -> Written {
    let score_words = totals
        .score_reviewed
        .map(fmt_dec)
        .unwrap_or_else(|| "无法计算（有得分不是数字）".into());
    let grade = totals.grade.clone().unwrap_or_else(|| "—".into());
    Written::text(
        format!("复核得分：{score_words}　复核等级：{grade}"),
        Look::Plain,
    )
}

/// The first row after the title row (the first non-empty row) of a sheet, capped at `limit`.
fn first_row_below_title(grid: &Grid, limit: u32) -> u32 {
    (0..limit)
        .find(|r| grid.row(*r).next().is_some())
        .map(|r| r + 1)
        .unwrap_or(0)
        .min(limit)
}

/// A filed number as a note quotes it.
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

/// A finding as the notes and the 复核说明 column show it: `C202 错误：…`.
fn finding(d: &Diagnostic) -> String {
    format!("{} {}：{}", d.code, d.severity.label(), d.message)
}

/// The findings at one cell.
fn messages_at(diags: &[&Diagnostic], row: u32, col: u32) -> Vec<String> {
    let cell = CellRef::new(row, col);
    diags
        .iter()
        .filter(|d| d.cell == Some(cell))
        .map(|d| finding(d))
        .collect()
}

/// The findings of a row, one a line, for its 复核说明 cell; `None` when it has none.
fn row_findings(diags: &[&Diagnostic], row: u32) -> Option<Written> {
    let notes: Vec<String> = diags
        .iter()
        .filter(|d| d.cell.map(|c| c.row) == Some(row))
        .map(|d| finding(d))
        .collect();
    (!notes.is_empty()).then(|| Written::text(notes.join("\n"), Look::Table))
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

/// The first row below `row` with no cell and no merged range: where the review line goes
/// (rows are never inserted).
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
    use crate::grid::{Format, Value, Workbook};
    use crate::review::evaluate::{evaluate_workbook, Origin, WorkbookEval};

    #[test]
    fn sum_ranges_join_consecutive_rows() {
        assert_eq!(
            sum_ranges(6, &[6, 7, 8, 10, 12, 13]),
            "SUM(G7:G9,G11,G13:G14)"
        );
    }

    /// An evaluation table without 扣分情况, under a title: a score the rules cannot check, a
    /// recomputed one, one as filed with a reason although nothing was deducted, and a total
    /// row whose 指标分值 is not the sum.
    #[rustfmt::skip]
    const WITHOUT_DEDUCTIONS: &[&[&str]] = &[
        &["项目支出绩效评价评分表"],
        &["一级指标", "二级指标", "三级指标", "评价标准", "指标分值", "评价得分", "实际完成值", "扣分原因"],
        &["决策", "项目立项", "立项依据充分性", "酌情扣分", "10", "10", "", ""],
        &["产出", "产出质量", "验收合格率", "合格率100%得满分，每降低1个百分点扣0.5分，扣完为止", "20", "20", "96%", ""],
        &["效益", "满意度", "群众满意度", "满意度≥90%得满分，每低1个百分点扣0.3分", "5", "5", "95%", "满意度未达到100%"],
        &["合计", "", "", "", "30", "35", "", ""],
    ];

    /// An evaluation table with 扣分情况 and 扣分原因: an empty deduction, a wrong one and a
    /// filed 0, and a total score that is the reviewed total but not the filed sum.
    #[rustfmt::skip]
    const WITH_DEDUCTIONS: &[&[&str]] = &[
        &["一级指标", "二级指标", "三级指标", "评价标准", "指标分值", "评价得分", "扣分情况", "扣分原因", "实际完成值"],
        &["决策", "项目立项", "立项依据充分性", "酌情扣分", "10", "10", "", "", ""],
        &["产出", "产出质量", "验收合格率", "合格率100%得满分，每降低1个百分点扣0.5分，扣完为止", "20", "19", "1", "合格率96%", "96%"],
        &["效益", "满意度", "群众满意度", "满意度≥90%得满分，每低1个百分点扣0.3分", "70", "70", "0", "", "95%"],
        &["合计", "", "", "", "100", "98", "1", "", ""],
    ];

    /// A self-evaluation form (财预〔2020〕10号 附件1) whose budget block has a wrong 执行率 and
    /// 得分, and whose 总分 adds the filed budget score.
    #[rustfmt::skip]
    const SELF_EVALUATION: &[&[&str]] = &[
        &["项目支出绩效自评表（2024年度）"],
        &["项目名称", "农村义务教育学生资助项目"],
        &["主管部门", "县教育体育局"],
        &["项目资金（万元）", "", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        &["年度资金总额", "", "", "100", "100", "80", "10", "75%", "9"],
        &["其中：本年财政拨款", "", "", "100", "100", "80"],
        &["上年结转资金"],
        &["其他资金"],
        &["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        &["绩效指标", "产出指标(50分)", "数量指标", "受益学生人数", "≥5000人", "4600人", "50", "46", "部分学生转学，资助人数减少"],
        &["", "效益指标(30分)", "社会效益指标", "资助政策长效机制", "健全", "健全", "30", "30", ""],
        &["", "满意度指标(10分)", "服务对象满意度指标", "受助学生满意度", "≥90%", "95%", "10", "10", ""],
        &["总分", "", "", "", "", "", "100", "95", ""],
    ];

    /// A sheet as the reader gives it: one line of texts per row from the first, numbers as
    /// numbers, empty texts left out.
    fn grid(name: &str, rows: &[&[&str]]) -> Grid {
        let mut g = Grid::new(name);
        for (r, line) in rows.iter().enumerate() {
            for (c, t) in line.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
                let value = match t.parse::<Decimal>() {
                    Ok(d) => Value::Number(d),
                    Err(_) => Value::Text((*t).into()),
                };
                g.set_value(r as u32, c as u32, value);
            }
        }
        g
    }

    /// Reviews a workbook of these sheets through the crate's pipeline.
    fn evaluate(sheets: Vec<Grid>) -> (Workbook, WorkbookEval) {
        let wb = Workbook {
            format: Format::Xlsx,
            sheets,
        };
        let origin = Origin {
            folder: Some("县财政局".into()),
            stem: "评价表".into(),
        };
        let eval = evaluate_workbook(&wb, &origin, &Config::default());
        (wb, eval)
    }

    /// A text as the plan's lines show it: a finding by its code and level only, any other
    /// line cut at 24 characters (the wording belongs to the checks and the rules, not to
    /// the plan).
    fn short(text: &str) -> String {
        text.lines()
            .map(|line| {
                let is_finding = line.len() > 5
                    && line.as_bytes()[0].is_ascii_uppercase()
                    && line.as_bytes()[1..4].iter().all(u8::is_ascii_digit)
                    && line.as_bytes()[4] == b' ';
                match line.find('：') {
                    Some(end) if is_finding => line[..end].to_string(),
                    _ if line.chars().count() > 24 => {
                        format!("{}…", line.chars().take(24).collect::<String>())
                    }
                    _ => line.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join(" / ")
    }

    /// The cells of a plan at the (row, column)s `keep` keeps, one line each:
    /// `F4 Changed 18 〔原填报：20 / 复核：18 / R301 错误〕`.
    fn lines(rv: &Review, keep: impl Fn(u32, u32) -> bool) -> Vec<String> {
        rv.cells
            .iter()
            .filter(|(&(r, c), _)| keep(r, c))
            .map(|(&(r, c), w)| {
                let value = match &w.value {
                    Out::Original => "原样".to_string(),
                    Out::Text(t) => format!("“{}”", short(t)),
                    Out::Number(d) => fmt_dec(*d),
                    Out::Formula(f, result) => format!("={f} → {}", fmt_dec(*result)),
                    Out::Blank => "（空）".to_string(),
                };
                let note = match &w.note {
                    Some(n) => format!(" 〔{}〕", short(n)),
                    None => String::new(),
                };
                format!("{} {:?} {value}{note}", CellRef::new(r, c), w.look)
            })
            .collect()
    }

    #[test]
    fn a_table_without_deductions_gets_the_column_the_sums_a_red_cell_and_the_line() {
        let (wb, eval) = evaluate(vec![grid("评分表", WITHOUT_DEDUCTIONS)]);
        let rv = review_cells(&wb.sheets[0], &eval.projects[0], &Config::default());
        assert_eq!(
            lines(&rv, |_, _| true),
            [
                // 扣分情况 is added at the right, then 评分依据 and 复核说明.
                "I2 Header “扣分情况”",
                "J2 Header “评分依据”",
                "K2 Header “复核说明”",
                // A score the rules cannot check stays as filed; a reviewed 0 where the
                // department filed nothing stays empty.
                "F3 Table 原样",
                "I3 Table （空）",
                "J3 Table “人工评分，未复核（人工评分：评价标准为酌情扣分）”",
                // A recomputed score is yellow with what was filed; so is the reason.
                "F4 Changed 18 〔原填报：20 / 复核：18 / R301 错误〕",
                "H4 Changed “合格率96%，低于100%标准4个百分点，每少1…” 〔原填报：（空）〕",
                // An added 扣分情况 column has nothing to compare with.
                "I4 Table 2",
                "J4 Table “合格率≥100%得满分，每低1个百分点扣0.5分…”",
                "K4 Table “R301 错误”",
                "F5 Table 原样",
                "I5 Table （空）",
                "J5 Table “满意度≥90%得满分，每低1个百分点扣0.3分，…”",
                "K5 Table “C206 提示”",
                // A cell with errors the review does not rewrite is red, the errors its note.
                "E6 Error 原样 〔W101 错误 / C204 错误〕",
                // The total row sums the indicator rows.
                "F6 Changed =SUM(F3:F5) → 33 〔原填报：35 / 复核：33（各指标复核值之和）〕",
                "I6 Table =SUM(I3:I5) → 2",
                "K6 Table “W101 错误 / C204 错误”",
                "A7 Plain “复核得分：33　复核等级：差”",
            ]
        );
        assert_eq!(rv.header, (1, 1));
        assert_eq!(rv.added, [(8, 10.0), (9, 36.0), (10, 32.0)]);
        assert_eq!(
            rv.table,
            Rect {
                top: 1,
                left: 0,
                bottom: 5,
                right: 10
            }
        );
        assert_eq!(rv.line_row, 6);
        // 一级指标, 二级指标, 指标分值, 评价得分 and the added 扣分情况.
        assert_eq!(rv.centered, [0, 1, 4, 5, 8]);
        assert_eq!(rv.budget_header, None);
    }

    #[test]
    fn filed_deductions_are_compared_and_a_total_left_as_filed_shows_its_error() {
        let (wb, eval) = evaluate(vec![grid("评分表", WITH_DEDUCTIONS)]);
        let rv = review_cells(&wb.sheets[0], &eval.projects[0], &Config::default());
        // 评价得分, 扣分情况 and 扣分原因.
        assert_eq!(
            lines(&rv, |_, c| (5..=7).contains(&c)),
            [
                "F2 Table 原样",
                // A reviewed 0 where the department filed nothing stays empty.
                "G2 Table （空）",
                "F3 Changed 18 〔原填报：19 / 复核：18 / R301 错误〕",
                "G3 Changed 2 〔原填报：1 / 复核：2 = 分值 − 复核得分〕",
                "H3 Changed “合格率96%，低于100%标准4个百分点，每少1…” 〔原填报：合格率96% / C208 警告〕",
                "F4 Table 原样",
                "G4 Table 原样",
                // The filed total is the reviewed one, but not the sum of the filed scores:
                // the sum keeps its look as filed, and its error makes it red.
                "F5 Error =SUM(F2:F4) → 98 〔C204 错误〕",
                "G5 Changed =SUM(G2:G4) → 2 〔原填报：1 / 复核：2（各指标复核值之和）〕",
            ]
        );
        // Only 评分依据 and 复核说明 are added; the header is the first row.
        assert_eq!(rv.added, [(9, 36.0), (10, 32.0)]);
        assert_eq!(rv.table.top, 0);
        assert_eq!(rv.line_row, 5);
    }

    #[test]
    fn a_self_evaluation_form_reviews_its_budget_block_and_the_total_adds_it() {
        let (wb, eval) = evaluate(vec![grid("自评表", SELF_EVALUATION)]);
        let rv = review_cells(&wb.sheets[0], &eval.projects[0], &Config::default());
        // The budget block's 年度资金总额 row and the total row.
        assert_eq!(
            lines(&rv, |r, _| r == 4 || r == 12),
            [
                "H5 Changed “80%” 〔原填报：75 / 复核：80%（全年执行数 ÷ 全年预算数） / B401 错误〕",
                "I5 Changed 8 〔原填报：9 / 复核：8 / B401 错误 / 预算执行率得分=分值×执行率，最高为分值：执行率…〕",
                "H13 Changed =SUM(H10:H12)+I5 → 94 〔原填报：95 / 复核：94（各指标复核值之和）〕",
                "J13 Table =SUM(J10:J12) → 4",
            ]
        );
        assert_eq!(
            rv.cells[&(13, 0)].value,
            Out::Text("复核得分：94　复核等级：优".into())
        );
        // One framed grid from under the title; the budget header looks like a header.
        assert_eq!(
            rv.table,
            Rect {
                top: 1,
                left: 0,
                bottom: 12,
                right: 11
            }
        );
        assert_eq!(rv.budget_header, Some(3));
        assert_eq!(rv.header, (8, 8));
    }

    /// The plan of every sample workbook, as text: what the review writes where, how it looks,
    /// and its note — the most visible output, tested directly (issue #17). Both writers (the
    /// patcher and the rebuilder) apply exactly this.
    #[test]
    fn the_plans_of_the_samples() {
        use crate::review::evaluate::{evaluate_workbook, Origin};
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("workbooks");
        let mut files = Vec::new();
        let mut dirs = vec![root.clone()];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if crate::grid::Format::from_path(&p).is_some()
                    && !p.file_name().unwrap().to_string_lossy().starts_with("~$")
                {
                    files.push(p);
                }
            }
        }
        files.sort();
        assert_eq!(files.len(), 8);
        let cfg = Config::default();
        let mut out = String::new();
        for path in &files {
            let wb = crate::read::read_workbook(path).unwrap();
            let origin = Origin {
                folder: path
                    .parent()
                    .and_then(|p| p.file_name())
                    .map(|n| n.to_string_lossy().to_string()),
                stem: path.file_stem().unwrap().to_string_lossy().to_string(),
            };
            let eval = evaluate_workbook(&wb, &origin, &cfg);
            let rel = path.strip_prefix(&root).unwrap().display().to_string();
            for pe in &eval.projects {
                let grid = wb
                    .sheets
                    .iter()
                    .find(|g| g.name == pe.project.sheet)
                    .unwrap();
                let rv = review_cells(grid, pe, &cfg);
                out.push_str(&format!(
                    "== {rel} [{}] table {}:{} header {:?} line row {} added {:?}\n",
                    pe.project.sheet,
                    CellRef::new(rv.table.top, rv.table.left),
                    CellRef::new(rv.table.bottom, rv.table.right),
                    rv.header,
                    rv.line_row + 1,
                    rv.added
                        .iter()
                        .map(|(c, _)| CellRef::new(0, *c).to_string())
                        .collect::<Vec<_>>()
                ));
                for ((r, c), w) in &rv.cells {
                    let value = match &w.value {
                        Out::Original => "(as filed)".to_string(),
                        Out::Text(t) => format!("{t:?}"),
                        Out::Number(d) => fmt_dec(*d),
                        Out::Formula(f, v) => format!("={f} → {}", fmt_dec(*v)),
                        Out::Blank => "(blank)".into(),
                    };
                    let note = w
                        .note
                        .as_deref()
                        .map(|n| format!("  note {n:?}"))
                        .unwrap_or_default();
                    out.push_str(&format!(
                        "{} {:?} {value}{note}\n",
                        CellRef::new(*r, *c),
                        w.look
                    ));
                }
            }
        }
        insta::assert_snapshot!(out);
    }
}
