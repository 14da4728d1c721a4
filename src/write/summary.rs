//! \[IO\] The county summary workbook `OUT/汇总.xlsx` (SPEC §5.2), built from the report alone —
//! per-file results, never whole workbooks — so thousands of files need little memory.
//!
//! Sheets: 项目汇总 (one row per project, and per unreadable file), 部门汇总, 等级分布 (with a
//! chart), 指标失分 (per level3 indicator name, sorted by points lost, with a chart of the top
//! 10), 问题清单 (every finding, linked to its cell in the annotated workbook), 无法读取.
//!
//! Decisions: a project 通过 when neither it nor its file has an error-level finding, else
//! 需修改; 预算数 is 全年预算数, else 年初预算数; the loss rate is Σ deduction / Σ weight; the
//! most common reason of an indicator counts reviewed reasons, ties broken by first seen.

use super::BuildError;
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::diag::Severity;
use crate::grid::CellRef;
use crate::sample::Selection;
use crate::write::report::{FileReport, FileStatus, ProjectReport};
use crate::write::style::{
    grade_color, row_height, text_width, wrapped_lines, Narrow, SummaryStyles, MAX_ROW_HEIGHT,
};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFormat, ChartMarker, ChartMarkerType, ChartPoint, ChartSolidFill,
    ChartType, DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError,
};
use std::collections::BTreeMap;

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// Freezes the header, filters over `rows` data rows and sets the page: A4 landscape, one
/// page wide, the header repeated.
fn table_frame(ws: &mut Worksheet, titles: &[(&str, f64)], rows: u32) -> Result<(), XlsxError> {
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.max(1), (titles.len() - 1) as u16)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

fn opt_number(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    v: Option<Decimal>,
    fmt: &Format,
) -> Result<(), XlsxError> {
    match v {
        Some(v) => ws.write_number_with_format(r, c, f(v), fmt)?,
        None => ws.write_blank(r, c, fmt)?,
    };
    Ok(())
}

/// Sets a row's height to fit its wrapped texts (text, column width).
fn fit_row(ws: &mut Worksheet, row: u32, texts: &[(&str, f64)]) -> Result<(), XlsxError> {
    // Every line of a text of several lines counts.
    let lines = texts
        .iter()
        .map(|(t, w)| {
            t.lines()
                .map(|l| wrapped_lines(text_width(l, Narrow::Roomy), *w))
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    if lines > 1.0 {
        ws.set_row_height(row, row_height(lines).min(MAX_ROW_HEIGHT))?;
    }
    Ok(())
}

fn project_errors(p: &ProjectReport) -> (usize, usize) {
    let count = |sev: Severity| p.diagnostics.iter().filter(|d| d.severity == sev).count();
    (count(Severity::Error), count(Severity::Warning))
}

/// The department of a file without projects (unreadable, no table): the name of the folder
/// it is in (SPEC §2.3), empty for a file at the top of its INPUT folder.
fn folder_of(path: &str) -> &str {
    path.rsplit('/').nth(1).unwrap_or("")
}

/// Writes text, cut to Excel's limit of 32,767 characters (a longer cell would make the whole
/// workbook unwritable; the finding S005 says so, and report.json keeps the text whole).
fn write_text<'w>(
    ws: &'w mut Worksheet,
    row: u32,
    col: u16,
    text: impl AsRef<str>,
    format: &Format,
) -> Result<&'w mut Worksheet, XlsxError> {
    let text = text.as_ref();
    match text.char_indices().nth(32_767) {
        Some((cut, _)) => ws.write_string_with_format(row, col, &text[..cut], format),
        None => ws.write_string_with_format(row, col, text, format),
    }
}

/// The `HYPERLINK` formula to a cell of an annotated workbook, relative to `汇总.xlsx`.
fn link_formula(annotated: &str, sheet: &str, cell: CellRef, text: &str) -> String {
    let target = format!("{annotated}#'{}'!{cell}", sheet.replace('\'', "''"));
    let quote = |s: &str| s.replace('"', "\"\"");
    format!("=HYPERLINK(\"{}\",\"{}\")", quote(&target), quote(text))
}

/// The link to a cell of an annotated workbook: a `HYPERLINK` formula rather than a
/// hyperlink object, because rust_xlsxwriter keeps every hyperlink object in memory (about
/// 1.5 KB each) while a formula streams out with its row.
fn cell_link(annotated: &str, sheet: &str, cell: CellRef, text: &str) -> Formula {
    Formula::new(link_formula(annotated, sheet, cell, text)).set_result(text)
}

/// The sheets of `汇总.xlsx`, in order.
const SHEETS: [&str; 6] = [
    "项目汇总",
    "部门汇总",
    "等级分布",
    "指标失分",
    "问题清单",
    "无法读取",
];
const PROJECTS: usize = 0;
const PROBLEMS: usize = 4;
const UNREADABLE: usize = 5;

const PROJECT_TITLES: [(&str, f64); 15] = [
    ("序号", 6.0),
    ("部门", 18.0),
    ("文件", 30.0),
    ("工作表", 14.0),
    ("项目名称", 32.0),
    ("预算数（万元）", 11.0),
    ("执行数（万元）", 11.0),
    ("执行率", 9.0),
    ("填报得分", 9.0),
    ("复核得分", 9.0),
    ("差异", 8.0),
    ("等级", 6.0),
    ("错误", 6.0),
    ("警告", 6.0),
    ("状态", 9.0),
];

const PROBLEM_TITLES: [(&str, f64); 9] = [
    ("序号", 6.0),
    ("部门", 16.0),
    ("文件", 28.0),
    ("工作表", 12.0),
    ("位置", 16.0),
    ("代码", 7.0),
    ("级别", 6.0),
    ("指标", 18.0),
    ("说明", 70.0),
];

/// One department's running figures.
#[derive(Default)]
struct Dept {
    projects: usize,
    scored: usize,
    score_sum: Decimal,
    min: Option<Decimal>,
    max: Option<Decimal>,
    grades: BTreeMap<String, usize>,
    budget: Decimal,
    spent: Decimal,
    errors: usize,
    warnings: usize,
}

/// One level3 indicator name's running figures across the county.
#[derive(Default)]
struct Loss {
    occurrences: usize,
    weight: Decimal,
    deduction: Decimal,
    /// Reasons and how often each was given, in first-seen order.
    reasons: Vec<(String, usize)>,
}

/// Reasons kept per indicator name: generated reasons carry their numbers and are mostly
/// different, so the rarest are dropped beyond this many (the most common one survives).
const MAX_REASONS: usize = 64;

/// `汇总.xlsx`, built file by file in path order (SPEC §5.2). The row sheets (项目汇总, 问题清单,
/// 无法读取) are written in rust_xlsxwriter's constant-memory mode as the files come; the
/// others hold only per-department and per-indicator figures. Memory stays flat however many
/// files the batch has.
pub struct SummaryBuilder {
    book: Workbook,
    styles: SummaryStyles,
    cfg: Config,
    rows: [u32; 6],
    depts: BTreeMap<String, Dept>,
    losses: BTreeMap<String, Loss>,
    grades: BTreeMap<String, usize>,
    projects: usize,
}

fn xlsx(e: XlsxError) -> BuildError {
    BuildError::xlsx("汇总工作簿", e)
}

impl SummaryBuilder {
    /// Starts the workbook; the row sheets spill to temporary files in `tempdir`.
    ///
    /// # Errors
    /// A [`BuildError`] when the workbook cannot be set up ([`BuildError::TempDir`] when
    /// `tempdir` cannot be written).
    pub fn new(cfg: &Config, tempdir: &std::path::Path) -> Result<Self, BuildError> {
        let mut book = Workbook::new();
        book.set_tempdir(tempdir).map_err(xlsx)?;
        book.set_zip_compression_level(1);
        book.set_properties(
            &DocProperties::new()
                .set_title("绩效评价复核汇总")
                .set_author("jixiao")
                .set_custom_property(super::MARK, "汇总")
                .set_creation_datetime(&ExcelDateTime::from_ymd(2020, 1, 1).map_err(xlsx)?),
        );
        let styles = SummaryStyles::new();
        for (i, name) in SHEETS.iter().enumerate() {
            let ws = if matches!(i, PROJECTS | PROBLEMS | UNREADABLE) {
                book.add_worksheet_with_constant_memory().map_err(xlsx)?
            } else {
                book.add_worksheet()
            };
            ws.set_name(*name).map_err(xlsx)?;
        }
        let mut builder = SummaryBuilder {
            book,
            styles,
            cfg: cfg.clone(),
            rows: [1; 6],
            depts: BTreeMap::new(),
            losses: BTreeMap::new(),
            grades: BTreeMap::new(),
            projects: 0,
        };
        builder.headers().map_err(xlsx)?;
        Ok(builder)
    }

    fn headers(&mut self) -> Result<(), XlsxError> {
        let s = &self.styles;
        // The streamed sheets get a default row height (2 or 3 wrapped lines) instead of one
        // computed per row: rust_xlsxwriter keeps every explicit row height in memory.
        let ws = self.book.worksheet_from_index(PROJECTS)?;
        ws.set_default_row_height(30);
        header_row(ws, &PROJECT_TITLES, s)?;
        let ws = self.book.worksheet_from_index(PROBLEMS)?;
        ws.set_default_row_height(44);
        header_row(ws, &PROBLEM_TITLES, s)?;
        let ws = self.book.worksheet_from_index(UNREADABLE)?;
        ws.set_default_row_height(30);
        header_row(ws, &[("文件", 40.0), ("原因", 80.0)], s)?;
        Ok(())
    }

    /// Adds one file (in path order). `link` is its annotated workbook relative to the output
    /// folder (`复核/县财政局/….复核.xlsx`), if one was written.
    ///
    /// # Errors
    /// A [`BuildError`] when a row cannot be written.
    pub fn add(&mut self, file: &FileReport, link: Option<&str>) -> Result<(), BuildError> {
        self.add_rows(file, link).map_err(xlsx)
    }

    fn add_rows(&mut self, file: &FileReport, link: Option<&str>) -> Result<(), XlsxError> {
        let file_errors = file
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        // 项目汇总.
        {
            let s = &self.styles;
            let ws = self.book.worksheet_from_index(PROJECTS)?;
            let row = &mut self.rows[PROJECTS];
            if file.projects.is_empty() {
                ws.write_number_with_format(*row, 0, f64::from(*row), &s.integer)?;
                write_text(ws, *row, 1, folder_of(&file.path), &s.text)?;
                write_text(ws, *row, 2, &file.path, &s.text)?;
                for c in 3..12 {
                    ws.write_blank(*row, c, &s.text)?;
                }
                ws.write_number_with_format(*row, 12, file_errors as f64, &s.integer)?;
                ws.write_number_with_format(*row, 13, 0.0, &s.integer)?;
                let status = if file.status == FileStatus::Unreadable {
                    "无法读取"
                } else {
                    "需修改"
                };
                write_text(ws, *row, 14, status, &s.graded("差"))?;
                *row += 1;
            }
            for p in &file.projects {
                project_row(ws, *row, file, p, file_errors, link, s)?;
                *row += 1;
            }
        }
        // 问题清单.
        {
            let s = &self.styles;
            let ws = self.book.worksheet_from_index(PROBLEMS)?;
            let row = &mut self.rows[PROBLEMS];
            let dept = file
                .projects
                .first()
                .map(|p| p.department.as_str())
                .unwrap_or_else(|| folder_of(&file.path));
            let mut items: Vec<(Option<&str>, &Diagnostic)> =
                file.diagnostics.iter().map(|d| (None, d)).collect();
            for p in &file.projects {
                items.extend(p.diagnostics.iter().map(|d| (Some(p.sheet.as_str()), d)));
            }
            for (sheet, d) in items {
                problem_row(ws, *row, &file.path, dept, sheet, d, link, s)?;
                *row += 1;
            }
        }
        // 无法读取.
        if file.status == FileStatus::Unreadable {
            let s = &self.styles;
            let ws = self.book.worksheet_from_index(UNREADABLE)?;
            let row = &mut self.rows[UNREADABLE];
            let why = file.error.as_deref().unwrap_or("");
            write_text(ws, *row, 0, &file.path, &s.text)?;
            write_text(ws, *row, 1, why, &s.text)?;
            *row += 1;
        }
        // Running figures for 部门汇总, 等级分布 and 指标失分.
        for p in &file.projects {
            self.projects += 1;
            // A department's 本级 (its own office) is counted with the department.
            let dept = p.department.strip_suffix("本级").unwrap_or(&p.department);
            let d = self.depts.entry(dept.to_string()).or_default();
            d.projects += 1;
            if let Some(score) = p.score_reviewed {
                d.scored += 1;
                d.score_sum += score;
                d.min = Some(d.min.map_or(score, |m| m.min(score)));
                d.max = Some(d.max.map_or(score, |m| m.max(score)));
            }
            if let Some(g) = &p.grade {
                *d.grades.entry(g.clone()).or_default() += 1;
                *self.grades.entry(g.clone()).or_default() += 1;
            }
            d.budget += p.budget.adjusted.or(p.budget.initial).unwrap_or_default();
            d.spent += p.budget.spent.unwrap_or_default();
            let (e, w) = project_errors(p);
            d.errors += e;
            d.warnings += w;
            for ind in &p.indicators {
                let l = self.losses.entry(ind.level3.clone()).or_default();
                l.occurrences += 1;
                l.weight += ind.weight.unwrap_or_default();
                let lost = ind.deduction_reviewed.unwrap_or_default();
                l.deduction += lost;
                let reason = ind.reason_reviewed.trim();
                if lost > Decimal::ZERO && !reason.is_empty() {
                    match l.reasons.iter_mut().find(|(r, _)| r == reason) {
                        Some((_, n)) => *n += 1,
                        None => {
                            if l.reasons.len() >= MAX_REASONS {
                                l.reasons.retain(|(_, n)| *n > 1);
                            }
                            if l.reasons.len() < MAX_REASONS {
                                l.reasons.push((reason.to_string(), 1));
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Writes the aggregated sheets, with 抽查清单 (`--sample`) and 年度对比 / 重复失分
    /// (`--previous`) when `extras` has them, then the workbook to `out` as it is zipped (it
    /// is never held whole in memory: 7 MB for 10,000 workbooks).
    ///
    /// # Errors
    /// A [`BuildError`] when the workbook cannot be built or written.
    pub fn finish_with<W: std::io::Write + Send>(
        mut self,
        out: W,
        extras: crate::write::report::Extras<'_>,
    ) -> Result<(), BuildError> {
        self.finish_sheets().map_err(xlsx)?;
        if let Some(sel) = extras.sample {
            let ws = self.book.add_worksheet();
            ws.set_name(SAMPLE_SHEET).map_err(xlsx)?;
            sample_sheet(ws, sel, &self.styles).map_err(xlsx)?;
        }
        if let Some(h) = extras.history {
            history_sheets(&mut self.book, h, &self.cfg, &self.styles).map_err(xlsx)?;
        }
        self.book.save_to_writer(out).map_err(xlsx)
    }

    fn finish_sheets(&mut self) -> Result<(), XlsxError> {
        let s = &self.styles;
        let cfg = &self.cfg;
        let ws = self.book.worksheet_from_index(PROJECTS)?;
        table_frame(ws, &PROJECT_TITLES, self.rows[PROJECTS] - 1)?;
        let ws = self.book.worksheet_from_index(PROBLEMS)?;
        table_frame(ws, &PROBLEM_TITLES, self.rows[PROBLEMS] - 1)?;
        let ws = self.book.worksheet_from_index(UNREADABLE)?;
        if self.rows[UNREADABLE] == 1 {
            write_text(ws, 1, 0, "（无）", &s.text)?;
            ws.write_blank(1, 1, &s.text)?;
        }
        table_frame(
            ws,
            &[("文件", 40.0), ("原因", 80.0)],
            self.rows[UNREADABLE].max(2) - 1,
        )?;
        let ws = self.book.worksheet_from_index(1)?;
        departments_sheet(ws, &self.depts, cfg, s)?;
        let ws = self.book.worksheet_from_index(2)?;
        grades_sheet(ws, &self.grades, self.projects, cfg, s)?;
        let ws = self.book.worksheet_from_index(3)?;
        losses_sheet(ws, &self.losses, s)?;
        Ok(())
    }
}

fn header_row(
    ws: &mut Worksheet,
    titles: &[(&str, f64)],
    s: &SummaryStyles,
) -> Result<(), XlsxError> {
    for (c, (t, w)) in titles.iter().enumerate() {
        write_text(ws, 0, c as u16, *t, &s.header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_row_height(0, 30)?;
    Ok(())
}

fn project_row(
    ws: &mut Worksheet,
    row: u32,
    file: &FileReport,
    p: &ProjectReport,
    file_errors: usize,
    link: Option<&str>,
    s: &SummaryStyles,
) -> Result<(), XlsxError> {
    let (errors, warnings) = project_errors(p);
    ws.write_number_with_format(row, 0, f64::from(row), &s.integer)?;
    write_text(ws, row, 1, &p.department, &s.text)?;
    match link {
        Some(l) => {
            ws.write_formula_with_format(
                row,
                2,
                cell_link(l, &p.sheet, CellRef::default(), &file.path),
                &s.link,
            )?;
        }
        None => {
            write_text(ws, row, 2, &file.path, &s.text)?;
        }
    }
    write_text(ws, row, 3, &p.sheet, &s.text)?;
    write_text(ws, row, 4, &p.name, &s.text)?;
    let budget = p.budget.adjusted.or(p.budget.initial);
    opt_number(ws, row, 5, budget, &s.number)?;
    opt_number(ws, row, 6, p.budget.spent, &s.number)?;
    opt_number(
        ws,
        row,
        7,
        p.budget.rate.map(|r| r / Decimal::from(100)),
        &s.percent,
    )?;
    let filed = p.score_filed;
    let reviewed = p.score_reviewed;
    opt_number(ws, row, 8, filed, &s.number)?;
    opt_number(ws, row, 9, reviewed, &s.number)?;
    opt_number(
        ws,
        row,
        10,
        reviewed.zip(filed).map(|(r, f)| r - f),
        &s.number,
    )?;
    let grade = p.grade.clone().unwrap_or_default();
    write_text(ws, row, 11, &grade, &s.graded(&grade))?;
    ws.write_number_with_format(row, 12, (errors + file_errors) as f64, &s.integer)?;
    ws.write_number_with_format(row, 13, warnings as f64, &s.integer)?;
    let pass = errors + file_errors == 0;
    write_text(
        ws,
        row,
        14,
        if pass { "通过" } else { "需修改" },
        &s.graded(if pass { "优" } else { "中" }),
    )?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn problem_row(
    ws: &mut Worksheet,
    row: u32,
    path: &str,
    dept: &str,
    sheet: Option<&str>,
    d: &Diagnostic,
    link: Option<&str>,
    s: &SummaryStyles,
) -> Result<(), XlsxError> {
    ws.write_number_with_format(row, 0, f64::from(row), &s.integer)?;
    write_text(ws, row, 1, dept, &s.text)?;
    write_text(ws, row, 2, path, &s.text)?;
    write_text(ws, row, 3, sheet.unwrap_or(""), &s.text)?;
    let place = match (sheet, d.cell) {
        (Some(sh), Some(c)) => format!("{sh}!{c}"),
        (Some(sh), None) => sh.to_string(),
        _ => "—".into(),
    };
    match (link, sheet) {
        (Some(l), Some(sh)) => {
            let link = cell_link(l, sh, d.cell.unwrap_or_default(), &place);
            ws.write_formula_with_format(row, 4, link, &s.link)?;
        }
        _ => {
            write_text(ws, row, 4, &place, &s.text)?;
        }
    }
    write_text(ws, row, 5, d.code.as_str(), &s.text)?;
    write_text(ws, row, 6, d.severity.label(), &s.text)?;
    write_text(ws, row, 7, d.indicator.as_deref().unwrap_or(""), &s.text)?;
    write_text(ws, row, 8, &d.message, &s.text)?;
    Ok(())
}

fn departments_sheet(
    ws: &mut Worksheet,
    depts: &BTreeMap<String, Dept>,
    cfg: &Config,
    s: &SummaryStyles,
) -> Result<(), XlsxError> {
    let mut titles: Vec<(String, f64)> = vec![
        ("部门".into(), 20.0),
        ("项目数".into(), 7.0),
        ("平均复核得分".into(), 10.0),
        ("最低".into(), 8.0),
        ("最高".into(), 8.0),
    ];
    titles.extend(cfg.grades.iter().map(|g| (g.name.clone(), 6.0)));
    titles.extend([
        ("预算数合计（万元）".into(), 20.0),
        ("执行数合计（万元）".into(), 20.0),
        ("执行率".into(), 9.0),
        ("错误".into(), 6.0),
        ("警告".into(), 6.0),
    ]);
    let titles: Vec<(&str, f64)> = titles.iter().map(|(t, w)| (t.as_str(), *w)).collect();
    header_row(ws, &titles, s)?;
    let mut row = 1;
    for (name, d) in depts {
        write_text(ws, row, 0, name, &s.text)?;
        ws.write_number_with_format(row, 1, d.projects as f64, &s.integer)?;
        let avg = (d.scored > 0).then(|| cfg.round(d.score_sum / Decimal::from(d.scored as u64)));
        opt_number(ws, row, 2, avg, &s.number)?;
        opt_number(ws, row, 3, d.min, &s.number)?;
        opt_number(ws, row, 4, d.max, &s.number)?;
        let mut c = 5u16;
        for g in &cfg.grades {
            let n = d.grades.get(&g.name).copied().unwrap_or(0);
            ws.write_number_with_format(row, c, n as f64, &s.integer)?;
            c += 1;
        }
        ws.write_number_with_format(row, c, f(d.budget), &s.number)?;
        ws.write_number_with_format(row, c + 1, f(d.spent), &s.number)?;
        let rate = (d.budget > Decimal::ZERO).then(|| d.spent / d.budget);
        opt_number(ws, row, c + 2, rate, &s.percent)?;
        ws.write_number_with_format(row, c + 3, d.errors as f64, &s.integer)?;
        ws.write_number_with_format(row, c + 4, d.warnings as f64, &s.integer)?;
        fit_row(ws, row, &[(name, 20.0)])?;
        row += 1;
    }
    table_frame(ws, &titles, row - 1)
}

fn grades_sheet(
    ws: &mut Worksheet,
    grades: &BTreeMap<String, usize>,
    projects: usize,
    cfg: &Config,
    s: &SummaryStyles,
) -> Result<(), XlsxError> {
    let titles = [("等级", 8.0), ("项目数", 8.0), ("占比", 9.0)];
    header_row(ws, &titles, s)?;
    let share = |n: usize| {
        if projects > 0 {
            n as f64 / projects as f64
        } else {
            0.0
        }
    };
    let mut row = 1;
    let mut graded = 0;
    for band in &cfg.grades {
        let n = grades.get(&band.name).copied().unwrap_or(0);
        graded += n;
        write_text(ws, row, 0, &band.name, &s.graded(&band.name))?;
        ws.write_number_with_format(row, 1, n as f64, &s.integer)?;
        ws.write_number_with_format(row, 2, share(n), &s.percent)?;
        row += 1;
    }
    // Projects whose total could not be formed have no grade; they still count.
    let ungraded = projects.saturating_sub(graded);
    if ungraded > 0 {
        write_text(ws, row, 0, "无法评级", &s.text)?;
        ws.write_number_with_format(row, 1, ungraded as f64, &s.integer)?;
        ws.write_number_with_format(row, 2, share(ungraded), &s.percent)?;
        row += 1;
    }
    write_text(ws, row, 0, "合计", &s.header)?;
    ws.write_number_with_format(row, 1, projects as f64, &s.integer)?;
    ws.write_number_with_format(row, 2, if projects > 0 { 1.0 } else { 0.0 }, &s.percent)?;
    table_frame(ws, &titles, row)?;
    let last = cfg.grades.len() as u32;
    let mut chart = Chart::new(ChartType::Column);
    let points: Vec<ChartPoint> = cfg
        .grades
        .iter()
        .map(|g| {
            let color = grade_color(&g.name).unwrap_or(0xBFBFBF);
            ChartPoint::new().set_format(
                ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(darker(color))),
            )
        })
        .collect();
    chart
        .add_series()
        .set_name("项目数")
        .set_categories(("等级分布", 1, 0, last, 0))
        .set_values(("等级分布", 1, 1, last, 1))
        .set_points(&points)
        .set_data_label(ChartDataLabel::new().show_value());
    chart.title().set_name("项目等级分布");
    chart.legend().set_hidden();
    chart.x_axis().set_name("等级");
    chart.y_axis().set_name("项目数");
    chart.set_width(480).set_height(300);
    ws.insert_chart(1, 4, &chart)?;
    Ok(())
}

/// The sheet of the projects picked for 抽查复核.
const SAMPLE_SHEET: &str = "抽查清单";

const SAMPLE_TITLES: [(&str, f64); 10] = [
    ("序号", 6.0),
    ("部门", 18.0),
    ("项目", 32.0),
    ("预算数（万元）", 11.0),
    ("复核得分", 9.0),
    ("等级", 6.0),
    ("风险分", 8.0),
    ("入选方式", 8.0),
    ("主要风险", 60.0),
    ("复核工作簿", 30.0),
];

/// 抽查清单: how the draw was made (amount, seed, rules) above the picks, one row each, and a
/// chart of risk against budget.
fn sample_sheet(ws: &mut Worksheet, sel: &Selection, s: &SummaryStyles) -> Result<(), XlsxError> {
    let by = |h: crate::sample::How| sel.picked.iter().filter(|p| p.how == h).count();
    let share = sel
        .funds_share
        .map(|f| {
            format!(
                "，抽中项目的预算数占全县 {}%",
                crate::text::fmt_dec((f * Decimal::ONE_HUNDRED).round_dp(1))
            )
        })
        .unwrap_or_default();
    let head = format!(
        "抽查 {}：共 {} 个项目，抽中 {} 个（按风险 {} 个，随机 {} 个，覆盖 {} 个）；随机种子 {}（jixiao … --sample {} --seed {} 可重现）{share}",
        sel.amount,
        sel.population,
        sel.picked.len(),
        by(crate::sample::How::Risk),
        by(crate::sample::How::Random),
        by(crate::sample::How::Coverage),
        sel.seed,
        sel.amount,
        sel.seed,
    );
    ws.merge_range(0, 0, 0, (SAMPLE_TITLES.len() - 1) as u16, &head, &s.text)?;
    ws.set_row_height(0, 36)?;
    for (c, (t, w)) in SAMPLE_TITLES.iter().enumerate() {
        write_text(ws, 1, c as u16, *t, &s.header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_row_height(1, 30)?;
    let mut row = 2;
    for (i, p) in sel.picked.iter().enumerate() {
        let c = &p.candidate;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &s.integer)?;
        write_text(ws, row, 1, &c.department, &s.text)?;
        write_text(ws, row, 2, &c.project, &s.text)?;
        opt_number(ws, row, 3, c.budget, &s.number)?;
        opt_number(ws, row, 4, c.score, &s.number)?;
        match &c.grade {
            Some(g) => write_text(ws, row, 5, g, &s.graded(g))?,
            None => write_text(ws, row, 5, "—", &s.text)?,
        };
        ws.write_number_with_format(row, 6, f(p.risk), &s.number)?;
        write_text(ws, row, 7, p.how.title(), &s.text)?;
        let risks = p.main_risks();
        write_text(ws, row, 8, &risks, &s.text)?;
        match &c.link {
            Some(l) if c.sheet.is_empty() => {
                ws.write_formula_with_format(
                    row,
                    9,
                    Formula::new(format!(
                        "=HYPERLINK(\"{}\",\"{}\")",
                        l.replace('"', "\"\""),
                        c.file.replace('"', "\"\"")
                    ))
                    .set_result(&c.file),
                    &s.link,
                )?;
            }
            Some(l) => {
                ws.write_formula_with_format(
                    row,
                    9,
                    cell_link(l, &c.sheet, CellRef::default(), &c.file),
                    &s.link,
                )?;
            }
            None => {
                write_text(ws, row, 9, &c.file, &s.text)?;
            }
        }
        fit_row(ws, row, &[(&c.project, 32.0), (&risks, 60.0)])?;
        row += 1;
    }
    ws.set_freeze_panes(2, 0)?;
    if !sel.picked.is_empty() {
        ws.autofilter(1, 0, row - 1, (SAMPLE_TITLES.len() - 1) as u16)?;
        let mut chart = Chart::new(ChartType::Scatter);
        chart
            .add_series()
            .set_name("抽中项目")
            .set_categories((SAMPLE_SHEET, 2, 3, row - 1, 3))
            .set_values((SAMPLE_SHEET, 2, 6, row - 1, 6))
            .set_marker(
                ChartMarker::new()
                    .set_type(ChartMarkerType::Circle)
                    .set_size(8),
            );
        chart.title().set_name("风险分与预算数");
        chart.legend().set_hidden();
        chart.x_axis().set_name("预算数（万元）");
        chart.y_axis().set_name("风险分");
        chart.set_width(520).set_height(320);
        ws.insert_chart(row + 1, 1, &chart)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// A workbook of 年度对比 and 重复失分 alone (`jixiao compare -o`).
///
/// # Errors
/// A [`BuildError`] when it cannot be built.
pub fn history_workbook(h: &crate::history::History, cfg: &Config) -> Result<Vec<u8>, BuildError> {
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title("绩效评价年度对比")
            .set_author("jixiao")
            .set_custom_property(super::MARK, "年度对比")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2020, 1, 1).map_err(xlsx)?),
    );
    history_sheets(&mut book, h, cfg, &SummaryStyles::new()).map_err(xlsx)?;
    book.save_to_buffer().map_err(xlsx)
}

/// 年度对比 and 重复失分 (issue #21) added to `book`.
fn history_sheets(
    book: &mut Workbook,
    h: &crate::history::History,
    cfg: &Config,
    s: &SummaryStyles,
) -> Result<(), XlsxError> {
    const SHEET: &str = "年度对比";
    let ws = book.add_worksheet();
    ws.set_name(SHEET)?;
    let mut titles: Vec<(String, f64)> = vec![
        ("序号".into(), 6.0),
        ("部门".into(), 16.0),
        ("项目".into(), 30.0),
    ];
    for y in &h.years {
        titles.push((format!("{y} 得分"), 9.0));
        titles.push((format!("{y} 等级"), 7.0));
    }
    let fixed = [
        ("变化", 8.0),
        ("标记", 50.0),
        ("结果应用建议（供参考，非决定）", 18.0),
        ("依据", 36.0),
        ("匹配", 30.0),
        ("复核工作簿", 24.0),
    ];
    titles.extend(fixed.iter().map(|(t, w)| (t.to_string(), *w)));
    let title_refs: Vec<(&str, f64)> = titles.iter().map(|(t, w)| (t.as_str(), *w)).collect();
    header_row(ws, &title_refs, s)?;
    let ny = h.years.len() as u16;
    // The first column after the years' 得分 and 等级: 变化, then 标记, ….
    let base = 3 + 2 * ny;
    let mut row = 1;
    for (k, c) in h.chains.iter().enumerate() {
        let Some(newest) = c.newest() else { continue };
        ws.write_number_with_format(row, 0, (k + 1) as f64, &s.integer)?;
        write_text(ws, row, 1, &newest.department, &s.text)?;
        write_text(ws, row, 2, &newest.name, &s.text)?;
        let mut scores = Vec::new();
        for (y, p) in c.years.iter().enumerate() {
            let col = 3 + 2 * y as u16;
            match p {
                Some(p) => {
                    opt_number(ws, row, col, p.reviewed, &s.number)?;
                    match &p.grade {
                        Some(g) => write_text(ws, row, col + 1, g, &s.graded(g))?,
                        None => write_text(ws, row, col + 1, "—", &s.text)?,
                    };
                    if let Some(r) = p.reviewed {
                        scores.push(r);
                    }
                }
                None => {
                    write_text(ws, row, col, "—", &s.text)?;
                    write_text(ws, row, col + 1, "—", &s.text)?;
                }
            }
        }
        let change = match scores.as_slice() {
            [.., a, b] => Some(*b - *a),
            _ => None,
        };
        opt_number(ws, row, base, change, &s.number)?;
        let flags: Vec<String> = c
            .flags
            .iter()
            .map(|f| format!("{}：{}", f.years, f.text))
            .collect();
        let flags = flags.join("\n");
        write_text(ws, row, base + 1, &flags, &s.text)?;
        write_text(ws, row, base + 2, &c.suggestion, &s.text)?;
        write_text(ws, row, base + 3, &c.reason, &s.text)?;
        let links: Vec<String> = c
            .links
            .iter()
            .map(|l| format!("{}→{} {}：{}", l.from, l.to, l.confidence, l.how))
            .collect();
        let links = links.join("\n");
        write_text(ws, row, base + 4, &links, &s.text)?;
        match &newest.link {
            Some(l) => {
                ws.write_formula_with_format(
                    row,
                    base + 5,
                    cell_link(l, &newest.sheet, CellRef::default(), &newest.file),
                    &s.link,
                )?;
            }
            None => {
                write_text(ws, row, base + 5, &newest.file, &s.text)?;
            }
        }
        fit_row(
            ws,
            row,
            &[(&flags, 50.0), (&links, 30.0), (&c.reason, 36.0)],
        )?;
        row += 1;
    }
    if row == 1 {
        write_text(ws, 1, 0, "（没有在两个以上年度都出现的项目）", &s.text)?;
        row = 2;
    }
    table_frame(ws, &title_refs, row - 1)?;

    // Each department's average reviewed score by year, and its chart.
    let mut by_dept: BTreeMap<String, Vec<(Decimal, usize)>> = BTreeMap::new();
    for c in &h.chains {
        let Some(newest) = c.newest() else { continue };
        let e = by_dept
            .entry(newest.department.clone())
            .or_insert_with(|| vec![(Decimal::ZERO, 0); h.years.len()]);
        for (y, p) in c.years.iter().enumerate() {
            if let Some(r) = p.as_ref().and_then(|p| p.reviewed) {
                e[y].0 += r;
                e[y].1 += 1;
            }
        }
    }
    // Under the table, in its own columns: 部门 under 部门, each year's average under that
    // year's 得分.
    let caption = row + 1;
    ws.merge_range(
        caption,
        1,
        caption,
        base,
        "各部门平均复核得分（按年度）",
        &s.text,
    )?;
    let top = caption + 1;
    write_text(ws, top, 1, "部门", &s.header)?;
    for (y, label) in h.years.iter().enumerate() {
        write_text(ws, top, 3 + 2 * y as u16, label, &s.header)?;
    }
    let mut r = top + 1;
    for (dept, sums) in &by_dept {
        write_text(ws, r, 1, dept, &s.text)?;
        for (y, (sum, n)) in sums.iter().enumerate() {
            let avg = (*n > 0).then(|| cfg.round(*sum / Decimal::from(*n as u64)));
            opt_number(ws, r, 3 + 2 * y as u16, avg, &s.number)?;
        }
        r += 1;
    }
    if r > top + 1 {
        let mut chart = Chart::new(ChartType::Column);
        for (y, label) in h.years.iter().enumerate() {
            let col = 3 + 2 * y as u16;
            chart
                .add_series()
                .set_name(label.as_str())
                .set_categories((SHEET, top + 1, 1, r - 1, 1))
                .set_values((SHEET, top + 1, col, r - 1, col));
        }
        chart.title().set_name("各部门平均复核得分（按年度）");
        chart.y_axis().set_name("平均复核得分");
        chart.set_width(640).set_height(320);
        ws.insert_chart(r + 1, 1, &chart)?;
    }
    // Projects of one year only (never paired by force), below the chart: 部门 and 项目 under
    // theirs, the year under the first year's 得分, the file under 标记.
    let mut u = r + 20;
    ws.merge_range(
        u,
        1,
        u,
        base,
        "未能与其他年度对上的项目（同一项目可在 jixiao.toml 的 [[match]] 中指定）",
        &s.text,
    )?;
    u += 1;
    write_text(ws, u, 1, "部门", &s.header)?;
    write_text(ws, u, 2, "项目", &s.header)?;
    write_text(ws, u, 3, "年度", &s.header)?;
    write_text(ws, u, base + 1, "文件", &s.header)?;
    u += 1;
    for x in &h.unmatched {
        write_text(ws, u, 1, &x.department, &s.text)?;
        write_text(ws, u, 2, &x.project, &s.text)?;
        write_text(ws, u, 3, &x.year, &s.text)?;
        write_text(ws, u, base + 1, format!("{}[{}]", x.file, x.sheet), &s.text)?;
        fit_row(ws, u, &[(&x.project, 30.0)])?;
        u += 1;
    }
    ws.set_freeze_panes(1, 3)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);

    let ws = book.add_worksheet();
    ws.set_name("重复失分")?;
    let titles = [
        ("序号", 6.0),
        ("三级指标", 22.0),
        ("部门", 16.0),
        ("项目", 30.0),
        ("年度", 14.0),
        ("各年失分", 12.0),
        ("各年扣分原因", 70.0),
    ];
    header_row(ws, &titles, s)?;
    let mut row = 1;
    for (k, rp) in h.repeated.iter().enumerate() {
        ws.write_number_with_format(row, 0, (k + 1) as f64, &s.integer)?;
        write_text(ws, row, 1, &rp.indicator, &s.text)?;
        write_text(ws, row, 2, &rp.department, &s.text)?;
        write_text(ws, row, 3, &rp.project, &s.text)?;
        write_text(ws, row, 4, rp.years.join("、"), &s.text)?;
        write_text(ws, row, 5, rp.lost.join("、"), &s.text)?;
        let reasons: Vec<String> = rp
            .years
            .iter()
            .zip(&rp.reasons)
            .map(|(y, r)| {
                format!(
                    "{y}：{}",
                    if r.is_empty() {
                        "（未写原因）"
                    } else {
                        r
                    }
                )
            })
            .collect();
        let reasons = reasons.join("\n");
        write_text(ws, row, 6, &reasons, &s.text)?;
        fit_row(ws, row, &[(&reasons, 70.0), (&rp.project, 30.0)])?;
        row += 1;
    }
    if row == 1 {
        write_text(ws, 1, 0, "（没有连续失分的指标）", &s.text)?;
        row = 2;
    }
    table_frame(ws, &titles, row - 1)?;
    Ok(())
}

/// A darker shade of a fill colour, for chart bars.
fn darker(rgb: u32) -> u32 {
    let ch = |shift: u32| ((rgb >> shift) & 0xFF) * 7 / 10;
    (ch(16) << 16) | (ch(8) << 8) | ch(0)
}

fn losses_sheet(
    ws: &mut Worksheet,
    losses: &BTreeMap<String, Loss>,
    s: &SummaryStyles,
) -> Result<(), XlsxError> {
    let titles = [
        ("三级指标", 24.0),
        ("出现次数", 8.0),
        ("分值合计", 9.0),
        ("扣分合计", 9.0),
        ("失分率", 8.0),
        ("最常见扣分原因", 50.0),
    ];
    header_row(ws, &titles, s)?;
    let mut rows: Vec<(&String, &Loss)> = losses.iter().collect();
    // Most points lost first; ties by name, so the order is stable.
    rows.sort_by(|a, b| b.1.deduction.cmp(&a.1.deduction).then(a.0.cmp(b.0)));
    let mut row = 1;
    for (name, l) in &rows {
        write_text(ws, row, 0, *name, &s.text)?;
        ws.write_number_with_format(row, 1, l.occurrences as f64, &s.integer)?;
        ws.write_number_with_format(row, 2, f(l.weight), &s.number)?;
        ws.write_number_with_format(row, 3, f(l.deduction), &s.number)?;
        let rate = (l.weight > Decimal::ZERO).then(|| l.deduction / l.weight);
        opt_number(ws, row, 4, rate, &s.percent)?;
        let common = l
            .reasons
            .iter()
            .fold(None::<&(String, usize)>, |best, r| match best {
                Some(b) if b.1 >= r.1 => Some(b),
                _ => Some(r),
            })
            .map(|(r, _)| r.as_str())
            .unwrap_or("");
        write_text(ws, row, 5, common, &s.text)?;
        fit_row(ws, row, &[(name, 24.0), (common, 50.0)])?;
        row += 1;
    }
    table_frame(ws, &titles, row - 1)?;
    let top = rows
        .iter()
        .take(10)
        .filter(|(_, l)| l.deduction > Decimal::ZERO)
        .count() as u32;
    if top > 0 {
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_name("扣分合计")
            .set_categories(("指标失分", 1, 0, top, 0))
            .set_values(("指标失分", 1, 3, top, 3))
            .set_data_label(ChartDataLabel::new().show_value());
        chart.title().set_name("全县失分最多的指标（前10）");
        chart.legend().set_hidden();
        chart.x_axis().set_name("扣分合计");
        chart.y_axis().set_reverse();
        chart.set_width(620).set_height(360);
        ws.insert_chart(1, 7, &chart)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_point_at_cells_of_annotated_workbooks() {
        assert_eq!(
            link_formula(
                "复核/县财政局/表.复核.xlsx",
                "评分表",
                CellRef::new(26, 6),
                "评分表!G27"
            ),
            "=HYPERLINK(\"复核/县财政局/表.复核.xlsx#'评分表'!G27\",\"评分表!G27\")"
        );
        assert_eq!(
            link_formula("a.xlsx", "O'Neil", CellRef::default(), "say \"hi\""),
            "=HYPERLINK(\"a.xlsx#'O''Neil'!A1\",\"say \"\"hi\"\"\")"
        );
    }

    #[test]
    fn chart_colours_are_darker_grade_colours() {
        assert_eq!(darker(0xFFFFFF), 0xB2B2B2);
        assert_eq!(grade_color("优"), Some(0xC6EFCE));
        assert_eq!(grade_color("A"), None);
    }
}
