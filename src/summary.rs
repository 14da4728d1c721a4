//! [IO] The county summary workbook `OUT/汇总.xlsx` (SPEC §5.2), built from the report alone —
//! per-file results, never whole workbooks — so thousands of files need little memory.
//!
//! Sheets: 项目汇总 (one row per project, and per unreadable file), 部门汇总, 等级分布 (with a
//! chart), 指标失分 (per level3 indicator name, sorted by points lost, with a chart of the top
//! 10), 问题清单 (every finding, linked to its cell in the annotated workbook), 无法读取.
//!
//! Decisions: a project 通过 when neither it nor its file has an error-level finding, else
//! 需修改; 预算数 is 全年预算数, else 年初预算数; the loss rate is Σ deduction / Σ weight; the
//! most common reason of an indicator counts reviewed reasons, ties broken by first seen.

use crate::config::Config;
use crate::diag::Severity;
use crate::report::{ProjectReport, Report};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFormat, ChartPoint, ChartSolidFill, ChartType, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Url, Workbook, Worksheet, XlsxError,
};
use std::collections::BTreeMap;

const FONT: &str = "宋体";

/// Fill colour of a grade: 优 green, 良 blue, 中 amber, 差 red; other names uncoloured.
fn grade_color(grade: &str) -> Option<u32> {
    match grade {
        "优" => Some(0xC6EFCE),
        "良" => Some(0xDDEBF7),
        "中" => Some(0xFFEB9C),
        "差" => Some(0xFFC7CE),
        _ => None,
    }
}

struct Styles {
    header: Format,
    text: Format,
    number: Format,
    integer: Format,
    percent: Format,
    link: Format,
}

impl Styles {
    fn new() -> Self {
        let base = Format::new()
            .set_font_name(FONT)
            .set_font_size(10.5)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        Styles {
            header: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(0xD9E1F2),
            text: base.clone().set_text_wrap(),
            number: base.clone().set_num_format("0.00"),
            integer: base.clone().set_num_format("0"),
            percent: base.clone().set_num_format("0.00%"),
            link: base
                .clone()
                .set_text_wrap()
                .set_font_color(0x0563C1)
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
        }
    }

    fn graded(&self, grade: &str) -> Format {
        match grade_color(grade) {
            Some(c) => self
                .text
                .clone()
                .set_background_color(c)
                .set_align(FormatAlign::Center),
            None => self.text.clone(),
        }
    }
}

fn dec(s: &Option<String>) -> Option<Decimal> {
    s.as_deref().and_then(|v| v.parse().ok())
}

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// Writes a header row, sets widths, freezes it and adds a filter over `rows` data rows.
fn table_frame(
    ws: &mut Worksheet,
    titles: &[(&str, f64)],
    rows: u32,
    s: &Styles,
) -> Result<(), XlsxError> {
    for (c, (t, w)) in titles.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *t, &s.header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_row_height(0, 30)?;
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
    let lines = texts
        .iter()
        .map(|(t, w)| (crate::annotate::text_width(t) / (w - 1.0).max(1.0)).ceil())
        .fold(1.0, f64::max);
    if lines > 1.0 {
        ws.set_row_height(row, (lines * 14.0 + 4.0).min(409.0))?;
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

/// The link to a cell of an annotated workbook, relative to `汇总.xlsx` (rust_xlsxwriter
/// stores a relative `file:///` link without its scheme, as Excel does).
fn cell_link(annotated: &str, sheet: &str, cell: &str) -> String {
    format!("file:///{annotated}#'{}'!{cell}", sheet.replace('\'', "''"))
}

/// Builds `汇总.xlsx` from the report. `annotated` maps a report path to its annotated
/// workbook, relative to the output folder (`复核/县财政局/….复核.xlsx`).
///
/// # Errors
/// A Chinese message when the workbook cannot be built.
pub fn summary_workbook(
    report: &Report,
    annotated: &BTreeMap<String, String>,
    cfg: &Config,
) -> Result<Vec<u8>, String> {
    build(report, annotated, cfg).map_err(|e| format!("无法生成汇总工作簿：{e}"))
}

fn build(
    report: &Report,
    annotated: &BTreeMap<String, String>,
    cfg: &Config,
) -> Result<Vec<u8>, XlsxError> {
    let s = Styles::new();
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title("绩效评价复核汇总")
            .set_author("jixiao")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2020, 1, 1)?),
    );
    projects_sheet(book.add_worksheet(), report, annotated, &s)?;
    departments_sheet(book.add_worksheet(), report, cfg, &s)?;
    grades_sheet(&mut book, report, cfg, &s)?;
    losses_sheet(&mut book, report, &s)?;
    problems_sheet(book.add_worksheet(), report, annotated, &s)?;
    unreadable_sheet(book.add_worksheet(), report, &s)?;
    book.save_to_buffer()
}

fn projects_sheet(
    ws: &mut Worksheet,
    report: &Report,
    annotated: &BTreeMap<String, String>,
    s: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name("项目汇总")?;
    let titles = [
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
    let mut row = 1;
    for file in &report.files {
        let file_errors = file
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let link = annotated.get(&file.path);
        if file.projects.is_empty() {
            ws.write_number_with_format(row, 0, f64::from(row), &s.integer)?;
            ws.write_string_with_format(row, 1, folder_of(&file.path), &s.text)?;
            ws.write_string_with_format(row, 2, &file.path, &s.text)?;
            for c in 3..12 {
                ws.write_blank(row, c, &s.text)?;
            }
            ws.write_number_with_format(row, 12, file_errors as f64, &s.integer)?;
            ws.write_number_with_format(row, 13, 0.0, &s.integer)?;
            let status = if file.status == "unreadable" {
                "无法读取"
            } else {
                "需修改"
            };
            ws.write_string_with_format(row, 14, status, &s.graded("差"))?;
            row += 1;
            continue;
        }
        for p in &file.projects {
            let (errors, warnings) = project_errors(p);
            ws.write_number_with_format(row, 0, f64::from(row), &s.integer)?;
            ws.write_string_with_format(row, 1, &p.department, &s.text)?;
            match link {
                Some(l) => {
                    ws.write_url_with_format(
                        row,
                        2,
                        Url::new(cell_link(l, &p.sheet, "A1")).set_text(&file.path),
                        &s.link,
                    )?;
                }
                None => {
                    ws.write_string_with_format(row, 2, &file.path, &s.text)?;
                }
            }
            ws.write_string_with_format(row, 3, &p.sheet, &s.text)?;
            ws.write_string_with_format(row, 4, &p.name, &s.text)?;
            let budget = dec(&p.budget.adjusted).or(dec(&p.budget.initial));
            opt_number(ws, row, 5, budget, &s.number)?;
            opt_number(ws, row, 6, dec(&p.budget.spent), &s.number)?;
            opt_number(
                ws,
                row,
                7,
                dec(&p.budget.rate).map(|r| r / Decimal::from(100)),
                &s.percent,
            )?;
            let filed = dec(&p.score_filed);
            let reviewed = dec(&p.score_reviewed);
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
            ws.write_string_with_format(row, 11, &grade, &s.graded(&grade))?;
            ws.write_number_with_format(row, 12, (errors + file_errors) as f64, &s.integer)?;
            ws.write_number_with_format(row, 13, warnings as f64, &s.integer)?;
            let pass = errors + file_errors == 0;
            ws.write_string_with_format(
                row,
                14,
                if pass { "通过" } else { "需修改" },
                &s.graded(if pass { "优" } else { "中" }),
            )?;
            fit_row(
                ws,
                row,
                &[(&file.path, 30.0), (&p.name, 32.0), (&p.department, 18.0)],
            )?;
            row += 1;
        }
    }
    table_frame(ws, &titles, row - 1, s)
}

#[derive(Default)]
struct Dept {
    projects: usize,
    scores: Vec<Decimal>,
    grades: BTreeMap<String, usize>,
    budget: Decimal,
    spent: Decimal,
    errors: usize,
    warnings: usize,
}

fn departments_sheet(
    ws: &mut Worksheet,
    report: &Report,
    cfg: &Config,
    s: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name("部门汇总")?;
    let mut depts: BTreeMap<&str, Dept> = BTreeMap::new();
    for p in report.files.iter().flat_map(|f| &f.projects) {
        let d = depts.entry(p.department.as_str()).or_default();
        d.projects += 1;
        if let Some(score) = dec(&p.score_reviewed) {
            d.scores.push(score);
        }
        if let Some(g) = &p.grade {
            *d.grades.entry(g.clone()).or_default() += 1;
        }
        d.budget += dec(&p.budget.adjusted)
            .or(dec(&p.budget.initial))
            .unwrap_or_default();
        d.spent += dec(&p.budget.spent).unwrap_or_default();
        let (e, w) = project_errors(p);
        d.errors += e;
        d.warnings += w;
    }
    let mut titles: Vec<(String, f64)> = vec![
        ("部门".into(), 20.0),
        ("项目数".into(), 7.0),
        ("平均复核得分".into(), 10.0),
        ("最低".into(), 8.0),
        ("最高".into(), 8.0),
    ];
    titles.extend(cfg.grades.iter().map(|g| (g.name.clone(), 6.0)));
    titles.extend([
        ("预算数合计（万元）".into(), 12.0),
        ("执行数合计（万元）".into(), 12.0),
        ("执行率".into(), 9.0),
        ("错误".into(), 6.0),
        ("警告".into(), 6.0),
    ]);
    let mut row = 1;
    for (name, d) in &depts {
        let mut c = 0u16;
        ws.write_string_with_format(row, c, *name, &s.text)?;
        c += 1;
        ws.write_number_with_format(row, c, d.projects as f64, &s.integer)?;
        c += 1;
        let avg = (!d.scores.is_empty()).then(|| {
            cfg.round(
                d.scores.iter().copied().sum::<Decimal>() / Decimal::from(d.scores.len() as u64),
            )
        });
        opt_number(ws, row, c, avg, &s.number)?;
        opt_number(ws, row, c + 1, d.scores.iter().min().copied(), &s.number)?;
        opt_number(ws, row, c + 2, d.scores.iter().max().copied(), &s.number)?;
        c += 3;
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
        row += 1;
    }
    let titles: Vec<(&str, f64)> = titles.iter().map(|(t, w)| (t.as_str(), *w)).collect();
    table_frame(ws, &titles, row - 1, s)
}

fn grades_sheet(
    book: &mut Workbook,
    report: &Report,
    cfg: &Config,
    s: &Styles,
) -> Result<(), XlsxError> {
    let ws = book.add_worksheet();
    ws.set_name("等级分布")?;
    let total: usize = report.totals.grades.0.iter().map(|(_, n)| n).sum();
    let mut row = 1;
    for (grade, n) in &report.totals.grades.0 {
        ws.write_string_with_format(row, 0, grade, &s.graded(grade))?;
        ws.write_number_with_format(row, 1, *n as f64, &s.integer)?;
        let share = if report.totals.projects > 0 {
            *n as f64 / report.totals.projects as f64
        } else {
            0.0
        };
        ws.write_number_with_format(row, 2, share, &s.percent)?;
        row += 1;
    }
    // Projects whose total could not be formed have no grade; they still count.
    let ungraded = report.totals.projects.saturating_sub(total);
    if ungraded > 0 {
        ws.write_string_with_format(row, 0, "无法评级", &s.text)?;
        ws.write_number_with_format(row, 1, ungraded as f64, &s.integer)?;
        let share = ungraded as f64 / report.totals.projects as f64;
        ws.write_number_with_format(row, 2, share, &s.percent)?;
        row += 1;
    }
    let total = total + ungraded;
    ws.write_string_with_format(row, 0, "合计", &s.header)?;
    ws.write_number_with_format(row, 1, total as f64, &s.integer)?;
    ws.write_number_with_format(row, 2, if total > 0 { 1.0 } else { 0.0 }, &s.percent)?;
    table_frame(ws, &[("等级", 8.0), ("项目数", 8.0), ("占比", 9.0)], row, s)?;
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

/// A darker shade of a fill colour, for chart bars.
fn darker(rgb: u32) -> u32 {
    let ch = |shift: u32| ((rgb >> shift) & 0xFF) * 7 / 10;
    (ch(16) << 16) | (ch(8) << 8) | ch(0)
}

#[derive(Default)]
struct Loss {
    occurrences: usize,
    weight: Decimal,
    deduction: Decimal,
    reasons: Vec<(String, usize)>,
}

fn losses_sheet(book: &mut Workbook, report: &Report, s: &Styles) -> Result<(), XlsxError> {
    let mut losses: BTreeMap<&str, Loss> = BTreeMap::new();
    for ind in report
        .files
        .iter()
        .flat_map(|f| &f.projects)
        .flat_map(|p| &p.indicators)
    {
        let l = losses.entry(ind.level3.as_str()).or_default();
        l.occurrences += 1;
        l.weight += dec(&ind.weight).unwrap_or_default();
        let d = dec(&ind.deduction_reviewed).unwrap_or_default();
        l.deduction += d;
        let reason = ind.reason_reviewed.trim();
        if d > Decimal::ZERO && !reason.is_empty() {
            match l.reasons.iter_mut().find(|(r, _)| r == reason) {
                Some((_, n)) => *n += 1,
                None => l.reasons.push((reason.to_string(), 1)),
            }
        }
    }
    let mut rows: Vec<(&str, Loss)> = losses.into_iter().collect();
    // Most points lost first; ties by name, so the order is stable.
    rows.sort_by(|a, b| b.1.deduction.cmp(&a.1.deduction).then(a.0.cmp(b.0)));
    let ws = book.add_worksheet();
    ws.set_name("指标失分")?;
    let mut row = 1;
    for (name, l) in &rows {
        ws.write_string_with_format(row, 0, *name, &s.text)?;
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
        ws.write_string_with_format(row, 5, common, &s.text)?;
        fit_row(ws, row, &[(name, 24.0), (common, 50.0)])?;
        row += 1;
    }
    table_frame(
        ws,
        &[
            ("三级指标", 24.0),
            ("出现次数", 8.0),
            ("分值合计", 9.0),
            ("扣分合计", 9.0),
            ("失分率", 8.0),
            ("最常见扣分原因", 50.0),
        ],
        row - 1,
        s,
    )?;
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

fn problems_sheet(
    ws: &mut Worksheet,
    report: &Report,
    annotated: &BTreeMap<String, String>,
    s: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name("问题清单")?;
    let mut row = 1;
    for file in &report.files {
        let dept = file
            .projects
            .first()
            .map(|p| p.department.as_str())
            .unwrap_or_else(|| folder_of(&file.path));
        let mut items: Vec<(Option<&str>, &crate::diag::Diagnostic)> =
            file.diagnostics.iter().map(|d| (None, d)).collect();
        for p in &file.projects {
            items.extend(p.diagnostics.iter().map(|d| (Some(p.sheet.as_str()), d)));
        }
        for (sheet, d) in items {
            ws.write_number_with_format(row, 0, f64::from(row), &s.integer)?;
            ws.write_string_with_format(row, 1, dept, &s.text)?;
            ws.write_string_with_format(row, 2, &file.path, &s.text)?;
            ws.write_string_with_format(row, 3, sheet.unwrap_or(""), &s.text)?;
            let place = match (sheet, d.cell.as_deref()) {
                (Some(sh), Some(c)) => format!("{sh}!{c}"),
                (Some(sh), None) => sh.to_string(),
                _ => "—".into(),
            };
            match (annotated.get(&file.path), sheet) {
                (Some(l), Some(sh)) => {
                    let link = cell_link(l, sh, d.cell.as_deref().unwrap_or("A1"));
                    ws.write_url_with_format(row, 4, Url::new(link).set_text(&place), &s.link)?;
                }
                _ => {
                    ws.write_string_with_format(row, 4, &place, &s.text)?;
                }
            }
            ws.write_string_with_format(row, 5, d.code.as_str(), &s.text)?;
            ws.write_string_with_format(row, 6, d.severity.label(), &s.text)?;
            ws.write_string_with_format(row, 7, d.indicator.as_deref().unwrap_or(""), &s.text)?;
            ws.write_string_with_format(row, 8, &d.message, &s.text)?;
            fit_row(ws, row, &[(&file.path, 28.0), (&d.message, 70.0)])?;
            row += 1;
        }
    }
    table_frame(
        ws,
        &[
            ("序号", 6.0),
            ("部门", 16.0),
            ("文件", 28.0),
            ("工作表", 12.0),
            ("位置", 16.0),
            ("代码", 7.0),
            ("级别", 6.0),
            ("指标", 18.0),
            ("说明", 70.0),
        ],
        row - 1,
        s,
    )
}

fn unreadable_sheet(ws: &mut Worksheet, report: &Report, s: &Styles) -> Result<(), XlsxError> {
    ws.set_name("无法读取")?;
    let mut row = 1;
    for file in report.files.iter().filter(|f| f.status == "unreadable") {
        ws.write_string_with_format(row, 0, &file.path, &s.text)?;
        ws.write_string_with_format(row, 1, file.error.as_deref().unwrap_or(""), &s.text)?;
        fit_row(
            ws,
            row,
            &[
                (&file.path, 40.0),
                (file.error.as_deref().unwrap_or(""), 80.0),
            ],
        )?;
        row += 1;
    }
    if row == 1 {
        ws.write_string_with_format(1, 0, "（无）", &s.text)?;
        ws.write_blank(1, 1, &s.text)?;
    }
    table_frame(ws, &[("文件", 40.0), ("原因", 80.0)], row.max(2) - 1, s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_point_at_cells_of_annotated_workbooks() {
        assert_eq!(
            cell_link("复核/县财政局/表.复核.xlsx", "评分表", "G27"),
            "file:///复核/县财政局/表.复核.xlsx#'评分表'!G27"
        );
        assert_eq!(
            cell_link("a.xlsx", "O'Neil", "A1"),
            "file:///a.xlsx#'O''Neil'!A1"
        );
    }

    #[test]
    fn chart_colours_are_darker_grade_colours() {
        assert_eq!(darker(0xFFFFFF), 0xB2B2B2);
        assert_eq!(grade_color("优"), Some(0xC6EFCE));
        assert_eq!(grade_color("A"), None);
    }
}
