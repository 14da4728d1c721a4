//! Writes the sources of the sample department workbooks in `workbooks/`.
//!
//! ```text
//! cargo run --example samples -- <OUTDIR>
//! ```
//!
//! This is not part of the tool: it builds the committed samples that the README's commands
//! run on and that the integration tests read. `scripts/make-samples` runs it, converts some
//! outputs with LibreOffice (`.xls`, `.ods`, a LibreOffice-written `.xlsx`) and places the files.
//!
//! It writes, below `OUTDIR`:
//!
//! | file | what |
//! |---|---|
//! | `县财政局/预算信息管理平台等运维项目绩效评价表.xlsx` | the seed table, rebuilt faithfully |
//! | `县教育体育局/学生营养改善计划项目绩效评价表.xlsx` | two-row header, numbers as text |
//! | `县卫生健康局/基本公共卫生服务项目绩效评价.xlsx` | a notes sheet and two project sheets |
//! | `县交通运输局/~$农村公路养护项目绩效评价表.xlsx` | an Excel lock file (junk bytes) |
//! | `twins/高标准农田建设项目绩效评价表.xlsx` | source of the `.xls` sample |
//! | `twins/城乡低保资金绩效评价表.xlsx` | source of the `.ods` sample |
//! | `twins/农村公路养护项目绩效评价表.xlsx` | source of the LibreOffice-written `.xlsx` sample |
//!
//! Every workbook is described as data (a [`Sheet`] with its facts, one [`Table`] and the lines
//! under it) and written by the same few layout functions, so the samples differ only where a
//! department's layout really differs. The mistakes each sample carries on purpose are listed
//! in `workbooks/README.md`. Output bytes are deterministic (fixed document dates).

use std::fs;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

// ---------------------------------------------------------------------------------------------
// Cell values and layout description
// ---------------------------------------------------------------------------------------------

/// One cell value as a department typed it.
#[derive(Clone, Debug)]
enum Val {
    /// Nothing typed (the cell still gets the table border).
    Blank,
    /// A text cell, kept exactly (line breaks, full-width digits, `1分` …).
    Text(String),
    /// A numeric cell.
    Num(f64),
    /// A formula and the result Excel would have cached for it.
    Formula(String, String),
}

/// A text cell.
fn t(text: &str) -> Val {
    Val::Text(text.to_string())
}

/// A numeric cell.
fn n(value: f64) -> Val {
    Val::Num(value)
}

/// A formula cell with its cached result.
fn f(formula: &str, result: &str) -> Val {
    Val::Formula(formula.to_string(), result.to_string())
}

/// An empty cell.
const B: Val = Val::Blank;

impl Val {
    fn is_blank(&self) -> bool {
        matches!(self, Val::Blank)
    }

    /// The text shown in the cell, for sizing columns and rows.
    fn shown(&self) -> String {
        match self {
            Val::Blank => String::new(),
            Val::Text(s) => s.clone(),
            Val::Num(x) => x.to_string(),
            Val::Formula(_, r) => r.clone(),
        }
    }
}

/// What a table column holds; decides its alignment and its width limits.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// 一级/二级指标: centred, usually merged vertically.
    Level,
    /// 三级指标 names: left aligned, wrapped.
    Name,
    /// Long texts (指标解释, 评价标准, 扣分原因): left aligned, wrapped.
    Prose,
    /// Weights, scores, deductions: centred.
    Number,
}

impl Kind {
    /// (minimum, maximum) column width in Excel character units.
    fn width_limits(self) -> (f64, f64) {
        match self {
            Kind::Level => (7.0, 12.0),
            Kind::Name => (10.0, 20.0),
            Kind::Prose => (12.0, 40.0),
            Kind::Number => (6.0, 9.0),
        }
    }
}

/// One column of an indicator table.
#[derive(Clone, Debug)]
struct Column {
    /// The column title. Columns sharing a title and having a `sub` title form a two-row
    /// header group (扣分情况 over 扣分 / 扣分原因).
    title: &'static str,
    /// The title in the second header row, if this column sits under a group title.
    sub: Option<&'static str>,
    kind: Kind,
    /// Overrides the kind's maximum width.
    max_width: Option<f64>,
}

/// A column with a single-row title.
fn col(title: &'static str, kind: Kind) -> Column {
    Column {
        title,
        sub: None,
        kind,
        max_width: None,
    }
}

/// A column under a group title in a two-row header.
fn sub(group: &'static str, title: &'static str, kind: Kind) -> Column {
    Column {
        title: group,
        sub: Some(title),
        kind,
        max_width: None,
    }
}

/// The row closing a table (合计 / 总计).
#[derive(Clone, Debug)]
struct Total {
    label: &'static str,
    /// How many columns the label covers (merged when more than one).
    label_span: u16,
    /// Values of the columns after the label.
    cells: Vec<Val>,
}

/// One indicator table.
#[derive(Clone, Debug)]
struct Table {
    columns: Vec<Column>,
    /// How many leading columns are level columns (一级, 二级): a blank cell there means
    /// "same as above".
    level_cols: u16,
    /// Merge each level cell vertically over its blank continuation rows (most departments);
    /// when false the continuation cells are simply left empty.
    merge_levels: bool,
    rows: Vec<Vec<Val>>,
    total: Option<Total>,
}

/// A cell outside the table: `span` columns starting at `col`.
#[derive(Clone, Debug)]
struct Span {
    col: u16,
    span: u16,
    val: Val,
    /// Framed like a form field (fact labels and values) rather than free text.
    boxed: bool,
}

/// A row of project facts laid out as label / value pairs from column A:
/// `(label, label span, value, value span)`.
fn fact_row(pairs: &[(&str, u16, Val, u16)]) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut col = 0;
    for (label, label_span, val, val_span) in pairs {
        spans.push(Span {
            col,
            span: *label_span,
            val: t(label),
            boxed: true,
        });
        col += label_span;
        spans.push(Span {
            col,
            span: *val_span,
            val: val.clone(),
            boxed: true,
        });
        col += val_span;
    }
    spans
}

/// A row of free text cells without frame: `(column, span, text)`.
fn text_row(cells: &[(u16, u16, &str)]) -> Vec<Span> {
    cells
        .iter()
        .map(|&(col, span, text)| Span {
            col,
            span,
            val: t(text),
            boxed: false,
        })
        .collect()
}

/// A line under the table, `gap` empty rows below the previous one.
#[derive(Clone, Debug)]
struct Below {
    gap: u32,
    cells: Vec<Span>,
}

/// A free-text line under the table, in column A.
fn below(gap: u32, val: Val) -> Below {
    Below {
        gap,
        cells: vec![Span {
            col: 0,
            span: 1,
            val,
            boxed: false,
        }],
    }
}

/// One worksheet: a merged title, fact rows, an indicator table and lines under it.
#[derive(Clone, Debug)]
struct Sheet {
    name: &'static str,
    title: &'static str,
    above: Vec<Vec<Span>>,
    table: Option<Table>,
    below: Vec<Below>,
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/// Font used everywhere, as in the Word/WPS originals.
const FONT: &str = "宋体";
/// Body font size in points, and the height of one text line at that size.
const BODY_PT: f64 = 10.0;
const LINE_PT: f64 = 13.0;
/// Width units taken by one CJK (or other full-width) character and by one ASCII character.
const CJK_UNITS: f64 = 2.1;
const ASCII_UNITS: f64 = 1.1;

/// The cell formats of one workbook.
struct Formats {
    title: Format,
    header: Format,
    level: Format,
    text: Format,
    number: Format,
    total: Format,
    fact: Format,
    plain: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name(FONT).set_font_size(BODY_PT);
        let framed = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        Formats {
            title: base
                .clone()
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            header: framed.clone().set_bold().set_align(FormatAlign::Center),
            level: framed.clone().set_align(FormatAlign::Center),
            text: framed.clone().set_align(FormatAlign::Left),
            number: framed.clone().set_align(FormatAlign::Center),
            total: framed.clone().set_bold().set_align(FormatAlign::Center),
            fact: framed.set_align(FormatAlign::Left),
            plain: base.set_align(FormatAlign::Left),
        }
    }

    /// The body format of a table column.
    fn body(&self, kind: Kind) -> &Format {
        match kind {
            Kind::Level => &self.level,
            Kind::Name | Kind::Prose => &self.text,
            Kind::Number => &self.number,
        }
    }
}

/// Width of a text line in Excel character units.
fn text_units(line: &str) -> f64 {
    line.chars()
        .map(|c| if c.is_ascii() { ASCII_UNITS } else { CJK_UNITS })
        .sum()
}

/// Number of wrapped lines a text takes in a cell `width` units wide.
fn wrapped_lines(text: &str, width: f64) -> u32 {
    let usable = (width - 1.0).max(1.0);
    text.split('\n')
        .map(|line| ((text_units(line) / usable).ceil() as u32).max(1))
        .sum()
}

/// Row height (points) for the texts of one row: `(text, cell width)` pairs.
fn row_height(cells: impl IntoIterator<Item = (String, f64)>) -> f64 {
    let lines = cells
        .into_iter()
        .filter(|(text, _)| !text.is_empty())
        .map(|(text, width)| wrapped_lines(&text, width))
        .max()
        .unwrap_or(1);
    f64::from(lines) * LINE_PT + 4.0
}

/// Column widths sized for the table's Chinese texts, within each column kind's limits.
fn column_widths(table: &Table) -> Vec<f64> {
    table
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            let (min, kind_max) = column.kind.width_limits();
            let max = column.max_width.unwrap_or(kind_max);
            let titles = [Some(column.title), column.sub];
            let header_longest = titles
                .iter()
                .flatten()
                .flat_map(|title| title.split('\n'))
                .map(text_units)
                .fold(0.0, f64::max);
            let body_longest = table
                .rows
                .iter()
                .filter_map(|row| row.get(c))
                .flat_map(|val| val.shown().split('\n').map(text_units).collect::<Vec<_>>())
                .fold(0.0, f64::max);
            (header_longest.max(body_longest) + 1.0).clamp(min, max)
        })
        .collect()
}

/// Writes one value with a format; blanks still get the format (the border).
fn write_val(ws: &mut Worksheet, row: u32, col: u16, val: &Val, fmt: &Format) -> Result<()> {
    match val {
        Val::Blank => ws.write_blank(row, col, fmt)?,
        Val::Text(s) => ws.write_string_with_format(row, col, s, fmt)?,
        Val::Num(x) => ws.write_number_with_format(row, col, *x, fmt)?,
        Val::Formula(formula, result) => {
            ws.write_formula_with_format(row, col, Formula::new(formula).set_result(result), fmt)?
        }
    };
    Ok(())
}

/// Writes `val` over `span` columns (merged when wider than one column).
fn write_span(ws: &mut Worksheet, row: u32, span: &Span, fmt: &Format) -> Result<()> {
    if span.span > 1 {
        ws.merge_range(row, span.col, row, span.col + span.span - 1, "", fmt)?;
    }
    write_val(ws, row, span.col, &span.val, fmt)
}

/// Width of `span` columns starting at `col`.
fn span_width(widths: &[f64], col: u16, span: u16) -> f64 {
    widths
        .iter()
        .skip(usize::from(col))
        .take(usize::from(span))
        .sum::<f64>()
        .max(8.0)
}

/// Writes a row of cells outside the table and sizes the row.
fn write_spans(
    ws: &mut Worksheet,
    row: u32,
    spans: &[Span],
    widths: &[f64],
    fmts: &Formats,
) -> Result<()> {
    for span in spans {
        let fmt = if span.boxed { &fmts.fact } else { &fmts.plain };
        write_span(ws, row, span, fmt)?;
    }
    // Unframed single cells overflow to the right like a typed line; only framed cells wrap.
    let height = row_height(
        spans
            .iter()
            .filter(|s| s.boxed || s.span > 1)
            .map(|s| (s.val.shown(), span_width(widths, s.col, s.span))),
    );
    ws.set_row_height(row, height.max(20.0))?;
    Ok(())
}

/// Writes the header (one or two rows). Returns the number of header rows.
fn write_header(
    ws: &mut Worksheet,
    row: u32,
    table: &Table,
    widths: &[f64],
    fmts: &Formats,
) -> Result<u32> {
    let two_rows = table.columns.iter().any(|c| c.sub.is_some());
    let mut c = 0usize;
    while c < table.columns.len() {
        let column = &table.columns[c];
        let col = c as u16;
        match column.sub {
            None if two_rows => {
                ws.merge_range(row, col, row + 1, col, column.title, &fmts.header)?;
                c += 1;
            }
            None => {
                ws.write_string_with_format(row, col, column.title, &fmts.header)?;
                c += 1;
            }
            Some(_) => {
                // A group: the following columns with the same title share the parent cell.
                let end = (c..table.columns.len())
                    .take_while(|&i| {
                        table.columns[i].title == column.title && table.columns[i].sub.is_some()
                    })
                    .last()
                    .unwrap_or(c);
                if end > c {
                    ws.merge_range(row, col, row, end as u16, column.title, &fmts.header)?;
                } else {
                    ws.write_string_with_format(row, col, column.title, &fmts.header)?;
                }
                for (i, member) in table.columns.iter().enumerate().take(end + 1).skip(c) {
                    let title = member.sub.unwrap_or(member.title);
                    ws.write_string_with_format(row + 1, i as u16, title, &fmts.header)?;
                }
                c = end + 1;
            }
        }
    }
    let first: Vec<(String, f64)> = table
        .columns
        .iter()
        .zip(widths)
        .filter(|(c, _)| !two_rows || c.sub.is_none())
        .map(|(c, w)| (c.title.to_string(), *w))
        .collect();
    if two_rows {
        ws.set_row_height(row, LINE_PT + 6.0)?;
        ws.set_row_height(row + 1, LINE_PT + 6.0)?;
        Ok(2)
    } else {
        ws.set_row_height(row, row_height(first).max(24.0))?;
        Ok(1)
    }
}

/// Writes an indicator table with its header at `first_row`. Returns the first row after it.
fn write_table(
    ws: &mut Worksheet,
    first_row: u32,
    table: &Table,
    widths: &[f64],
    fmts: &Formats,
) -> Result<u32> {
    let header_rows = write_header(ws, first_row, table, widths, fmts)?;
    ws.set_repeat_rows(first_row, first_row + header_rows - 1)?;
    let body = first_row + header_rows;

    for (i, cells) in table.rows.iter().enumerate() {
        let row = body + i as u32;
        for (c, val) in cells.iter().enumerate() {
            let column = &table.columns[c];
            let col = c as u16;
            let is_level = col < table.level_cols;
            if is_level && table.merge_levels {
                if val.is_blank() {
                    continue; // covered by the merge started above
                }
                let run = table.rows[i + 1..]
                    .iter()
                    .take_while(|next| next[c].is_blank())
                    .count() as u32;
                if run > 0 {
                    ws.merge_range(row, col, row + run, col, "", &fmts.level)?;
                }
            }
            write_val(ws, row, col, val, fmts.body(column.kind))?;
        }
        let sized = cells
            .iter()
            .zip(widths)
            .enumerate()
            .filter(|(c, _)| *c as u16 >= table.level_cols)
            .map(|(_, (val, w))| (val.shown(), *w));
        ws.set_row_height(row, row_height(sized).max(20.0))?;
    }

    let mut next = body + table.rows.len() as u32;
    if let Some(total) = &table.total {
        let label = Span {
            col: 0,
            span: total.label_span,
            val: t(total.label),
            boxed: true,
        };
        write_span(ws, next, &label, &fmts.total)?;
        for (i, val) in total.cells.iter().enumerate() {
            let col = total.label_span + i as u16;
            let fmt = fmts.body(table.columns[usize::from(col)].kind);
            write_val(ws, next, col, val, fmt)?;
        }
        ws.set_row_height(next, 24.0)?;
        next += 1;
    }
    Ok(next)
}

/// Page setup of an official form: A4 landscape, one page wide, centred.
fn set_page(ws: &mut Worksheet) {
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
}

/// Writes one sheet into the workbook.
fn write_sheet(wb: &mut Workbook, sheet: &Sheet, fmts: &Formats) -> Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name(sheet.name)?;
    set_page(ws);

    let widths = match &sheet.table {
        Some(table) => column_widths(table),
        None => vec![90.0],
    };
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let all_cols = widths.len() as u16;

    let mut row = 0;
    if all_cols > 1 {
        ws.merge_range(0, 0, 0, all_cols - 1, sheet.title, &fmts.title)?;
    } else {
        ws.write_string_with_format(0, 0, sheet.title, &fmts.title)?;
    }
    ws.set_row_height(0, 40.0)?;
    row += 1;
    for spans in &sheet.above {
        write_spans(ws, row, spans, &widths, fmts)?;
        row += 1;
    }
    if let Some(table) = &sheet.table {
        row = write_table(ws, row, table, &widths, fmts)?;
    }
    for line in &sheet.below {
        row += line.gap;
        write_spans(ws, row, &line.cells, &widths, fmts)?;
        row += 1;
    }
    Ok(())
}

/// Writes a workbook of `sheets` to `path` with fixed document properties.
fn write_workbook(path: &Path, author: &str, sheets: &[Sheet]) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 3, 14)?.and_hms(9, 30, 0)?;
    let title = sheets.iter().map(|s| s.title).find(|s| !s.is_empty());
    wb.set_properties(
        &DocProperties::new()
            .set_title(title.unwrap_or_default())
            .set_author(author)
            .set_company(author)
            .set_creation_datetime(&created),
    );
    let fmts = Formats::new();
    for sheet in sheets {
        write_sheet(&mut wb, sheet, &fmts)?;
    }
    wb.save(path)
        .map_err(|e: XlsxError| format!("{}: {e}", path.display()))?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Sample 1: 县财政局 — the seed table, faithfully
// ---------------------------------------------------------------------------------------------

/// One row of the seed's indicator table, copied from the seed text.
struct SeedRow {
    level1: &'static str,
    level2: &'static str,
    level3: &'static str,
    explanation: &'static str,
    criterion: &'static str,
    weight: f64,
    score: f64,
    deduction: Option<f64>,
    reason: &'static str,
}

/// The 21 indicators of `seeds/000_14069cec515ef4d6.txt`, every text exactly as in the seed.
const SEED_ROWS: [SeedRow; 21] = [
    SeedRow {
        level1: "决策(10)",
        level2: "项目立项(7分)",
        level3: "项目立项规范性（1分）",
        explanation: "项目的申请、设立过程是否符合相关要求，用以反映和考核项目立项的规范情况。",
        criterion: "①项目是否按照规定的程序申请设立；\n②文件、材料是否符合相关要求；\n③事前是否已经过必要的可行性研究、专家论证、风险评估、集体决策等。\n一项不符合扣0.5分，严重的此项完全不得分。",
        weight: 1.0,
        score: 1.0,
        deduction: None,
        reason: "",
    },
    SeedRow {
        level1: "",
        level2: "",
        level3: "绩效目标合理性（2分）",
        explanation: "项目所设定的绩效目标是否依据充分，是否符合客观实际，用以反映和考核项目绩效目标与项目实施的相符情况。",
        criterion: "①是否符合国家相关法律法规、国民经济发展规划和党委政府决策；\n②是否与项目实施单位或委托单位职责密切相关；\n③项目是否为促进事业发展所必需；\n④项目预期产出效益和效果是否符合正常的业绩水平。\n一项不符合扣0.5分，严重的此项完全不得分。",
        weight: 2.0,
        score: 2.0,
        deduction: None,
        reason: "",
    },
    SeedRow {
        level1: "",
        level2: "",
        level3: "绩效指标明确性（4分）",
        explanation: "依据绩效目标设定的绩效指标是否清晰、细化、可衡量等，用以反映和考核项目绩效目标的明细化情况。",
        criterion: "①是否将项目绩效目标细化分解为具体的绩效指标；\n②是否通过清晰、可衡量的指标值予以体现；\n③是否与项目年度任务数或计划数相对应；\n④是否与预算确定的项目投资额或资金量相匹配。\n一项不符合扣1分，严重的此项完全不得分。",
        weight: 4.0,
        score: 3.0,
        deduction: Some(1.0),
        reason: "依据绩效目标设定的不够完善",
    },
    SeedRow {
        level1: "",
        level2: "资金落实(3分)",
        level3: "资金到位率（1分）",
        explanation: "实际到位资金与计划投入资金的比率，用以反映和考核资金落实情况对项目实施的总体保障程度。",
        criterion: "资金到位率=（实际到位资金/计划投入资金）×100%。\n资金到位率大于90%的得满分，每少5个百分点扣0.5分，扣完为止。",
        weight: 1.0,
        score: 1.0,
        deduction: None,
        reason: "",
    },
    SeedRow {
        level1: "",
        level2: "",
        level3: "到位及时率（2分）",
        explanation: "及时到位资金与应到位资金的比率，用以反映和考核项目资金落实的及时性程度。",
        criterion: "到位及时率=（及时到位资金/应到位资金）×100%。\n到位及时率大于90%的得满分，每低5个百分点，扣1分，扣完为止。",
        weight: 2.0,
        score: 2.0,
        deduction: None,
        reason: "",
    },
    SeedRow {
        level1: "过程（30）",
        level2: "业务管理（18）",
        level3: "管理制度健全性（4分）",
        explanation: "项目实施单位的业务管理制度是否健全，用以反映和考核业务管理制度对项目顺利实施的保障情况。",
        criterion: "①是否已制定或具有相应的业务管理制度；\n②业务管理制度是否合法、合规、完整。\n一项不符合扣2分，严重的此项完全不得分。",
        weight: 4.0,
        score: 4.0,
        deduction: None,
        reason: "",
    },
    SeedRow {
        level1: "",
        level2: "",
        level3: "制度执行有效性（5分）",
        explanation: "项目实施是否符合相关业务管理规定，用以反映和考核业务管理制度的有效执行情况。",
        criterion: "①是否遵守相关法律法规和业务管理规定；\n②项目调整及支出调整手续是否完备；\n③项目合同书、验收报告、技术鉴定等资料是否齐全并及时归档；\n④项目实施的人员条件、场地设备、信息支撑等是否落实到位。\n一项不符合扣1分，严重的此项完全不得分。",
        weight: 5.0,
        score: 5.0,
        deduction: None,
        reason: "",
    },
    SeedRow {
        level1: "",
        level2: "",
        level3: "项目质量可控性（5分）",
        explanation: "项目实施单位是否为达到项目质量要求而采取了必需的措施,用以反映和考核项目实施单位对项目质量的控制情况。",
        criterion: "①是否已制定或具有相应的项目质量要求或标准；\n②是否采取了相应的项目质量检查、验收等必需的控制措施或手段。\n一项不符合扣2.5分，严重的此项完全不得分。",
        weight: 5.0,
        score: 5.0,
        deduction: None,
        reason: "",
    },
    SeedRow {
        level1: "",
        level2: "",
        level3: "资金分配的合理性（2分）",
        explanation: "资金分配及结果",
        criterion: "①资金分配方案是否充分，分配标准是否合理、明确；\n②分配结果是否公开、透明。一项不符合扣一分，严重的此项完全不得分",
        weight: 2.0,
        score: 2.0,
        deduction: None,
        reason: "",
    },
    SeedRow {
        level1: "",
        level2: "",
        level3: "预算执行率（2分）",
        explanation: "考察项目预算执行的进度。",
        criterion: "预算执行率=实际支出金额/项目预算金额×100%。\n预算执行率95%以上，得满分；低于95%，每下降1%扣权重的1%；预算执行率60%以下，不计分",
        weight: 2.0,
        score: 2.0,
        deduction: None,
        reason: "",
    },
    SeedRow {
        level1: "",
        level2: "财务管理（12）",
        level3: "管理制度健全性（3分）",
        explanation: "项目实施单位的财务制度是否健全，用以反映和考核财务管理制度对资金规范、安全运行的保障情况。",
        criterion: "①是否已制定或具有相应的项目资金管理办法；\n②项目资金管理办法是否符合相关财务会计制度的规定。\n一项不符合扣一分，严重的此项完全不得分。",
        weight: 3.0,
        score: 3.0,
        deduction: None,
        reason: "",
    },
    SeedRow {
        level1: "",
        level2: "",
        level3: "资金使用合规性（5分）",
        explanation: "项目资金使用是否符合相关的财务管理制度规定，用以反映和考核项目资金的规范运行情况。",
        criterion: "①是否符合国家财经法规和财务管理制度以及有关专项资金管理办法的规定；\n②资金的拨付是否有完整的审批程序和手续；\n③项目的重大开支是否经过评估认证；\n④是否符合项目预算批复或合同规定的用途；\n⑤是否存在截留、挤占、挪用、虚列支出等情况。\n一项不符合扣一分，严重的此项完全不得分。",
        weight: 5.0,
        score: 5.0,
        deduction: None,
        reason: "",
    },
    SeedRow {
        level1: "",
        level2: "",
        level3: "财务监控有效性（4分）",
        explanation: "项目实施单位是否为保障资金的安全、规范运行而采取了必要的监控措施，用以反映和考核项目实施单位对资金运行的控制情况。",
        criterion: "①是否已制定或具有相应的监控机制；\n②是否采取了相应的财务检查等必要的监控措施或手段。\n一项不符合扣二分，严重的此项完全不得分。",
        weight: 4.0,
        score: 4.0,
        deduction: None,
        reason: "",
    },
    SeedRow {
        level1: "产出（30）",
        level2: "项目产出（30）",
        level3: "完成数量（10分）",
        explanation: "项目实施的实际产出数与计划产出数的比率，用以反映和考核项目产出数量目标的实现程度。",
        criterion: "一项不符合扣2分，与目标严重不符不得分。",
        weight: 10.0,
        score: 8.0,
        deduction: Some(2.0),
        reason: "项目实施的实际产出数小于计划数",
    },
    SeedRow {
        level1: "",
        level2: "",
        level3: "完成及时性（4分）",
        explanation: "项目实际提前完成时间与计划完成时间的比率，用以反映和考核项目产出时效目标的实现程度。",
        criterion: "一项不符合扣1分，严重的此项完全不得分。",
        weight: 4.0,
        score: 4.0,
        deduction: None,
        reason: "",
    },
    SeedRow {
        level1: "",
        level2: "",
        level3: "质量达标率（12分）",
        explanation: "项目完成的质量达标产出数与实际产出数的比率，用以反映和考核项目产出质量目标的实现程度。",
        criterion: "项目验收通过率达95%及以上，得满分；未通过一个扣一分，扣完为止。",
        weight: 12.0,
        score: 12.0,
        deduction: None,
        reason: "",
    },
    SeedRow {
        level1: "",
        level2: "",
        level3: "资金变动率（4分）",
        explanation: "完成项目计划工作目标的变动成本与计划成本的比率，用以反映和考核项目的变动程度。",
        criterion: "变动率=[（实际成本-计划成本）/计划成本]×100%。",
        weight: 4.0,
        score: 3.0,
        deduction: Some(1.0),
        reason: "变动率没有地达到100%",
    },
    SeedRow {
        level1: "效果（30分）",
        level2: "项目效益（30分）",
        level3: "经济效益（6分）",
        explanation: "项目实施对经济发展所带来的直接或间接影响情况。",
        criterion: "对照绩效目标，按经济效益实现程度计算得分。",
        weight: 6.0,
        score: 6.0,
        deduction: None,
        reason: "",
    },
    SeedRow {
        level1: "",
        level2: "",
        level3: "社会效益（8分）",
        explanation: "项目实施对社会发展所带来的直接或间接影响情况。",
        criterion: "对照绩效目标，按社会效益实现程度计算得分。",
        weight: 8.0,
        score: 8.0,
        deduction: None,
        reason: "",
    },
    SeedRow {
        level1: "",
        level2: "",
        level3: "可持续影响（6分）",
        explanation: "项目后续运行及成效发挥的可持续影响情况。",
        criterion: "对照绩效目标，按可持续影响实现程度计算得分。",
        weight: 6.0,
        score: 6.0,
        deduction: None,
        reason: "",
    },
    SeedRow {
        level1: "",
        level2: "",
        level3: "服务对象满意度（10分）",
        explanation: "社会公众或服务对象对项目实施效果的满意程度。",
        criterion: "采取社会调查的方式，社会公众满意度大于90%的得满分，每少1个百分点扣0.3分，扣完为止。",
        weight: 10.0,
        score: 9.4,
        deduction: Some(0.6),
        reason: "采取社会调查的方式，社会公众满意度大于96%",
    },
];

/// Text if not empty, else a blank cell.
fn text_or_blank(s: &str) -> Val {
    if s.is_empty() {
        B
    } else {
        t(s)
    }
}

/// The seed's nine columns, with the header texts exactly as in the seed.
fn seed_columns() -> Vec<Column> {
    vec![
        col("一级\n\n指标", Kind::Level),
        col("二级\n\n指标", Kind::Level),
        col("三级指标", Kind::Name),
        col("指标解释", Kind::Prose),
        col("评价标准", Kind::Prose),
        col("指标分值", Kind::Number),
        col("评价得分", Kind::Number),
        col("扣分情况", Kind::Number),
        Column {
            max_width: Some(28.0),
            ..col("扣分原因", Kind::Prose)
        },
    ]
}

/// `县财政局`: the seed table (95.4, 优) with the seed's own defects and no others.
fn seed_sheet() -> Sheet {
    let rows: Vec<Vec<Val>> = SEED_ROWS
        .iter()
        .map(|r| {
            vec![
                text_or_blank(r.level1),
                text_or_blank(r.level2),
                t(r.level3),
                t(r.explanation),
                t(r.criterion),
                n(r.weight),
                n(r.score),
                r.deduction.map_or(B, n),
                text_or_blank(r.reason),
            ]
        })
        .collect();
    // Title row 1, four fact rows, header in row 6, indicators in rows 7–27, 合计 in row 28.
    let (first, last) = (7, 6 + rows.len());
    let sum = |c: char, result: &str| f(&format!("=SUM({c}{first}:{c}{last})"), result);
    let table = Table {
        columns: seed_columns(),
        level_cols: 2,
        merge_levels: true,
        rows,
        total: Some(Total {
            label: "合计",
            label_span: 5,
            cells: vec![sum('F', "100"), sum('G', "95.4"), sum('H', "4.6"), B],
        }),
    };
    Sheet {
        name: "评分表",
        title: "富民县财政局2024年预算信息管理平台、部门财务核算运维费、政府采购电子卖场平台经费项目支出绩效评价指标评分表",
        above: vec![
            fact_row(&[(
                "项目名称",
                2,
                t("预算信息管理平台、部门财务核算运维费、政府采购电子卖场平台经费项目"),
                7,
            )]),
            fact_row(&[("主管部门", 2, t("富民县财政局"), 7)]),
            fact_row(&[("预算金额（万元）", 2, n(50.0), 7)]),
            fact_row(&[("实际支出（万元）", 2, n(47.76), 7)]),
        ],
        table: Some(table),
        below: vec![
            below(0, t("自评得分：95.4")),
            below(0, t("评定等级：优")),
            // The page number the Word original left after the table.
            below(2, n(9.0)),
        ],
    }
}

// ---------------------------------------------------------------------------------------------
// Sample 2: 县教育体育局 — two-row header, synonyms, numbers as text
// ---------------------------------------------------------------------------------------------

/// `县教育体育局`: 学生营养改善计划, 16 indicators, filed 94.4 (优).
///
/// Mistakes: 产出数量（12分） has children summing to 10 (W102, B13); 补助资金拨付及时性
/// deducts 0.5 for 8 − 7 (C203, G17); 营养餐抽检合格率 deducts 1 with no reason (C205, H15).
fn nutrition_sheet() -> Sheet {
    let columns = vec![
        col("一级指标", Kind::Level),
        col("二级指标", Kind::Level),
        col("三级指标", Kind::Name),
        Column {
            max_width: Some(44.0),
            ..col("评分标准", Kind::Prose)
        },
        col("分值", Kind::Number),
        col("得分", Kind::Number),
        sub("扣分情况", "扣分", Kind::Number),
        Column {
            max_width: Some(30.0),
            ..sub("扣分情况", "扣分原因", Kind::Prose)
        },
    ];
    #[rustfmt::skip]
    let rows = vec![
        vec![t("投入（15分）"), t("项目立项（8分）"), t("立项依据充分性"),
             t("①符合国家和省学生营养改善计划政策要求；②与部门职责范围相符；③属于公共财政支持范围；④与相关部门同类项目无重复。一项不符合扣1分，扣完为止。"),
             n(4.0), n(4.0), B, B],
        vec![B, B, t("绩效目标合理性"),
             t("①有明确的年度绩效目标；②绩效目标与项目实际工作内容相关；③预期产出和效益符合正常业绩水平；④与预算资金量相匹配。一项不符合扣1分，严重的此项完全不得分。"),
             n(4.0), n(3.0), n(1.0), t("绩效目标未细化分解到各学校，预期效益表述笼统")],
        vec![B, t("资金落实（7分）"), t("资金到位率"),
             t("资金到位率=（实际到位资金/计划投入资金）×100%。到位率100%得满分，每降低1个百分点扣0.2分，扣完为止。"),
             n(4.0), n(4.0), B, B],
        vec![B, B, t("到位及时率"),
             t("资金按规定时限足额到位得满分；每滞后1个月扣1分，扣完为止。"),
             t("3"), n(3.0), B, B],
        vec![t("过程（25分）"), t("资金管理（13分）"), t("预算执行率"),
             t("预算执行率=实际支出/预算数×100%。执行率≥95%得满分，每降低1个百分点扣0.2分；执行率低于60%不得分。"),
             n(5.0), n(5.0), B, B],
        vec![B, B, t("资金使用合规性"),
             t("①符合学生营养改善计划专项资金管理办法；②资金拨付有完整的审批程序和手续；③专款专用，无截留、挤占、挪用、虚列支出；④学校食堂账务单独核算。一项不符合扣2分，严重的此项完全不得分。"),
             n(8.0), n(8.0), B, B],
        vec![B, t("组织实施（12分）"), t("管理制度健全性"),
             t("①已制定营养餐供餐管理、食品安全、资金管理等制度；②制度合法、合规、完整。一项不符合扣2分。"),
             n(4.0), n(4.0), B, B],
        vec![B, B, t("制度执行有效性"),
             t("①严格执行食品原材料采购、验收、留样制度；②出入库台账登记及时完整；③校领导陪餐制度落实到位；④项目资料齐全并及时归档。一项不符合扣1分，严重的此项完全不得分。"),
             n(8.0), n(7.0), t("1分"), t("部分学校食堂出入库台账登记不及时")],
        vec![t("产出（30分）"), t("产出数量（12分）"), t("受益学生人数"),
             t("计划受益学生12860人，实际受益人数达到计划数得满分；每少1个百分点扣0.5分，扣完为止。"),
             n(6.0), n(6.0), B, B],
        vec![B, B, t("供餐天数"),
             t("全年供餐天数≥200天得满分；每少5天扣1分，扣完为止。"),
             n(4.0), n(4.0), B, B],
        vec![B, t("产出质量（12分）"), t("营养餐抽检合格率"),
             t("抽检合格率100%得满分；每降低1个百分点扣1分，扣完为止。"),
             n(6.0), n(5.0), n(1.0), B],
        vec![B, B, t("食品安全事故发生率"),
             t("未发生食品安全事故得满分，发生一起不得分。"),
             n(6.0), n(6.0), B, B],
        vec![B, t("产出时效（8分）"), t("补助资金拨付及时性"),
             t("按季度及时拨付到校得满分；每滞后1个月扣0.5分，扣完为止。"),
             n(8.0), n(7.0), n(0.5), t("第四季度补助资金拨付滞后2个月")],
        vec![t("效益（30分）"), t("社会效益（20分）"), t("学生营养健康状况改善"),
             t("对照绩效目标，按学生营养健康状况改善程度计算得分。"),
             n(10.0), n(9.0), n(1.0), t("学生贫血率下降幅度未完全达到年度目标")],
        vec![B, B, t("学生体质健康合格率"),
             t("学生体质健康合格率≥90%得满分；每降低1个百分点扣1分，扣完为止。"),
             n(10.0), n(10.0), B, B],
        vec![B, t("满意度（10分）"), t("学生及家长满意度"),
             t("满意度≥90%得满分，每降低1个百分点扣0.3分，扣完为止。"),
             n(10.0), t("９.４"), t("0.6 分"), t("问卷调查满意度88%，低于90%标准2个百分点")],
    ];
    Sheet {
        name: "Sheet1",
        title: "XX县教育体育局2024年度学生营养改善计划项目支出绩效评价评分表",
        above: vec![text_row(&[
            (0, 4, "项目名称：学生营养改善计划"),
            (4, 4, "主管部门：XX县教育体育局"),
        ])],
        table: Some(Table {
            columns,
            level_cols: 2,
            merge_levels: true,
            rows,
            total: Some(Total {
                label: "总计",
                label_span: 4,
                cells: vec![n(100.0), n(94.4), n(5.1), B],
            }),
        }),
        below: vec![Below {
            gap: 1,
            cells: text_row(&[
                (0, 3, "填表人：王某某"),
                (3, 2, "审核人：刘某某"),
                (5, 3, "填报日期：2025年3月10日"),
            ]),
        }],
    }
}

// ---------------------------------------------------------------------------------------------
// Sample 3: 县卫生健康局 — a notes sheet and two project sheets
// ---------------------------------------------------------------------------------------------

/// The columns of the health bureau's sheets (the 2020 framework, single-row header).
fn health_columns() -> Vec<Column> {
    vec![
        col("一级指标", Kind::Level),
        col("二级指标", Kind::Level),
        col("三级指标", Kind::Name),
        Column {
            max_width: Some(26.0),
            ..col("指标解释", Kind::Prose)
        },
        col("评价标准", Kind::Prose),
        col("指标分值", Kind::Number),
        col("评价得分", Kind::Number),
        col("扣分情况", Kind::Number),
        Column {
            max_width: Some(28.0),
            ..col("扣分原因", Kind::Prose)
        },
    ]
}

/// The 决策 and common 过程 rows shared by both health projects, with the scores given.
fn health_common_rows(
    target_score: f64,
    target_reason: &str,
    budget_score: (f64, &str),
    budget_criterion: &str,
    execution_score: (f64, &str),
) -> Vec<Vec<Val>> {
    let deduction = |weight: f64, score: f64| {
        if score < weight {
            n(weight - score)
        } else {
            B
        }
    };
    #[rustfmt::skip]
    let rows = vec![
        vec![t("决策"), t("项目立项"), t("立项依据充分性"),
             t("项目立项是否符合法律法规、相关政策、发展规划以及部门职责，用以反映和考核项目立项依据情况。"),
             t("①符合国家基本公共卫生服务规范和相关政策；\n②与部门职责范围相符；\n③属于公共财政支持范围；\n④与相关部门同类项目无重复。\n一项不符合扣1分，扣完为止。"),
             n(3.0), n(3.0), B, B],
        vec![B, B, t("立项程序规范性"),
             t("项目申请、设立过程是否符合相关要求，用以反映和考核项目立项的规范情况。"),
             t("①按照规定的程序申请设立；\n②审批文件、材料符合相关要求；\n③事前经过必要的可行性研究、集体决策。\n一项不符合扣1分，扣完为止。"),
             n(3.0), n(3.0), B, B],
        vec![B, t("绩效目标"), t("绩效目标合理性"),
             t("项目所设定的绩效目标是否依据充分，是否符合客观实际。"),
             t("①有明确的绩效目标；\n②绩效目标与实际工作内容相关；\n③预期产出效益符合正常业绩水平；\n④与预算资金量相匹配。\n一项不符合扣1分，扣完为止。"),
             n(3.0), n(target_score), deduction(3.0, target_score), text_or_blank(target_reason)],
        vec![B, B, t("绩效指标明确性"),
             t("依据绩效目标设定的绩效指标是否清晰、细化、可衡量。"),
             t("①细化分解为具体的绩效指标；\n②通过清晰、可衡量的指标值予以体现。\n一项不符合扣1分。"),
             n(2.0), n(2.0), B, B],
    ];
    let mut rows = rows;
    #[rustfmt::skip]
    let budget = vec![
        vec![B, t("资金投入"), t("预算编制科学性"),
             t("项目预算编制是否经过科学论证、有明确标准，资金额度与年度目标是否相适应。"),
             t(budget_criterion),
             n(4.0), n(budget_score.0), deduction(4.0, budget_score.0), text_or_blank(budget_score.1)],
        vec![t("过程"), t("资金管理"), t("资金到位率"),
             t("实际到位资金与预算资金的比率，用以反映和考核资金落实情况对项目实施的总体保障程度。"),
             t("资金到位率=（实际到位资金/预算资金）×100%。\n到位率100%得满分，每降低1个百分点扣0.1分，扣完为止。"),
             n(3.0), n(3.0), B, B],
        vec![B, B, t("预算执行率"),
             t("项目预算资金是否按照计划执行，用以反映或考核项目预算执行情况。"),
             t("预算执行率=（实际支出资金/实际到位资金）×100%。\n执行率≥95%得满分；90%（含）-95%得4分；<90%不得分。"),
             n(5.0), n(execution_score.0), deduction(5.0, execution_score.0), text_or_blank(execution_score.1)],
        vec![B, B, t("资金使用合规性"),
             t("项目资金使用是否符合相关的财务管理制度规定。"),
             t("①符合国家财经法规和基本公共卫生服务补助资金管理办法；\n②资金拨付有完整的审批程序和手续；\n③符合预算批复规定的用途；\n④不存在截留、挤占、挪用、虚列支出等情况。\n一项不符合扣1.25分，严重的此项完全不得分。"),
             n(5.0), n(5.0), B, B],
    ];
    rows.extend(budget);
    rows
}

/// `家庭医生签约服务`: clean, 96.5 (优).
fn family_doctor_sheet() -> Sheet {
    let mut rows = health_common_rows(
        3.0,
        "",
        (4.0, ""),
        "①预算编制经过科学论证；\n②预算内容与项目内容匹配；\n③测算依据充分，按照标准编制；\n④资金额度与年度目标相适应。\n一项不符合扣1分。",
        (5.0, ""),
    );
    #[rustfmt::skip]
    let rest = vec![
        vec![B, t("组织实施"), t("管理制度健全性"),
             t("项目实施单位的财务和业务管理制度是否健全。"),
             t("①已制定家庭医生签约服务管理和考核制度；\n②财务和业务管理制度合法、合规、完整。\n一项不符合扣2.5分。"),
             n(5.0), n(5.0), B, B],
        vec![B, B, t("制度执行有效性"),
             t("项目实施是否符合相关管理规定，用以反映和考核相关管理制度的有效执行情况。"),
             t("①遵守相关法律法规和管理规定；\n②项目调整及支出调整手续完备；\n③签约协议、服务记录等资料齐全并及时归档；\n④人员、场地设备、信息系统落实到位。\n一项不符合扣1分，严重的此项完全不得分。"),
             n(7.0), n(6.0), n(1.0), t("部分签约服务协议未及时归档")],
        vec![t("产出"), t("产出数量"), t("家庭医生签约人数"),
             t("年度内与家庭医生团队签订服务协议的居民人数。"),
             t("签约人数≥8.5万人得满分，按实际完成比例得分。"),
             n(8.0), n(8.0), B, B],
        vec![B, B, t("重点人群签约率"),
             t("老年人、慢性病患者、孕产妇、儿童等重点人群的签约比例。"),
             t("重点人群签约率≥75%得满分，每降低1个百分点扣0.5分，扣完为止。"),
             n(7.0), n(6.0), n(1.0), t("重点人群签约率73%，低于75%目标2个百分点")],
        vec![B, t("产出质量"), t("签约居民履约率"),
             t("签约居民按协议获得约定服务的比例。"),
             t("履约率≥90%得满分，每降低1个百分点扣0.5分，扣完为止。"),
             n(6.0), n(6.0), B, B],
        vec![B, B, t("签约服务规范率"),
             t("签约服务是否按规范提供并如实记录。"),
             t("①签约协议内容完整；\n②服务包内容按约定提供；\n③服务记录真实规范。\n一项不符合扣0.5分。"),
             n(6.0), n(5.5), n(0.5), t("抽查发现1份签约服务记录填写不规范")],
        vec![B, t("产出时效"), t("签约服务完成及时性"),
             t("签约服务任务是否按计划时间完成。"),
             t("按季度完成签约服务任务得满分，每滞后1个季度扣2分，扣完为止。"),
             n(8.0), n(8.0), B, B],
        vec![t("效益"), t("项目效益"), t("居民健康管理水平"),
             t("项目实施对居民健康管理和基层首诊带来的影响。"),
             t("对照绩效目标，按居民健康管理水平提升程度计算得分。"),
             n(10.0), n(10.0), B, B],
        vec![B, B, t("签约服务长效机制"),
             t("家庭医生签约服务可持续运行的机制建设情况。"),
             t("长效机制健全的得5分，基本健全的得3分，不健全的不得分。"),
             n(5.0), n(5.0), B, B],
        vec![B, B, t("签约居民满意度"),
             t("签约居民对家庭医生签约服务的满意程度。"),
             t("满意度≥90%得满分，每降低1个百分点扣0.5分，扣完为止。"),
             n(10.0), n(9.0), n(1.0), t("签约居民满意度88%，低于90%标准2个百分点")],
    ];
    rows.extend(rest);
    health_sheet(
        "家庭医生签约服务",
        "XX县2024年基本公共卫生服务项目（家庭医生签约服务）绩效评价评分表",
        "2024年基本公共卫生服务项目（家庭医生签约服务）",
        "XX县各乡镇卫生院",
        (186.5, 179.32),
        rows,
        ("100", "96.5", "3.5"),
        ("96.5", "优"),
    )
}

/// `慢性病管理`: filed 86 (良) but states 优 (C207); 血糖控制率 scores 7 of 6 (C202); 随访及时率
/// has a reason and no deduction (C206).
fn chronic_disease_sheet() -> Sheet {
    let mut rows = health_common_rows(
        2.0,
        "绩效目标未与年度任务数对应",
        (3.0, "测算依据不充分，部分经费未按标准编制"),
        "①预算编制经过科学论证；\n②预算内容与项目内容匹配；\n③测算依据充分，按照标准编制；\n④资金额度与年度目标相适应。\n一项不符合扣1分。",
        (4.0, "预算执行率90.97%，未达到95%"),
    );
    #[rustfmt::skip]
    let rest = vec![
        vec![B, t("组织实施"), t("管理制度健全性"),
             t("项目实施单位的财务和业务管理制度是否健全。"),
             t("①已制定慢性病患者健康管理工作制度；\n②财务和业务管理制度合法、合规、完整。\n一项不符合扣2.5分。"),
             n(5.0), n(5.0), B, B],
        vec![B, B, t("制度执行有效性"),
             t("项目实施是否符合相关管理规定，用以反映和考核相关管理制度的有效执行情况。"),
             t("①遵守相关法律法规和管理规定；\n②项目调整及支出调整手续完备；\n③随访记录、健康档案等资料齐全并及时归档；\n④人员、设备、信息系统落实到位。\n一项不符合扣1分，严重的此项完全不得分。"),
             n(7.0), n(5.0), n(2.0), t("②③两项不符合：项目调整手续不完备，部分随访记录未归档")],
        vec![t("产出"), t("产出数量"), t("高血压患者规范管理人数"),
             t("按照规范要求进行管理的高血压患者人数。"),
             t("规范管理12000人得满分，按实际完成比例得分。"),
             n(8.0), n(7.0), n(1.0), t("实际规范管理10500人，完成率87.5%")],
        vec![B, B, t("2型糖尿病患者规范管理率"),
             t("按照规范要求进行管理的2型糖尿病患者占登记管理人数的比例。"),
             t("规范管理率≥70%得满分，每降低1个百分点扣0.5分，扣完为止。"),
             n(7.0), n(6.0), n(1.0), t("规范管理率68%，低于70%标准2个百分点")],
        vec![B, t("产出质量"), t("血压控制率"),
             t("最近一次随访血压达标的高血压患者比例。"),
             t("血压控制率≥60%得满分，每降低1个百分点扣0.5分，扣完为止。"),
             n(6.0), n(4.0), n(2.0), t("血压控制率56%，低于60%标准4个百分点")],
        vec![B, B, t("血糖控制率"),
             t("最近一次随访空腹血糖达标的2型糖尿病患者比例。"),
             t("血糖控制率≥55%得满分，每降低1个百分点扣0.5分，扣完为止。"),
             n(6.0), n(7.0), B, B],
        vec![B, t("产出时效"), t("随访及时率"),
             t("按规范要求每季度完成面对面随访的患者比例。"),
             t("随访及时率≥95%得满分，每降低1个百分点扣0.5分，扣完为止。"),
             n(8.0), n(8.0), B, t("个别患者季度随访间隔超过3个月")],
        vec![t("效益"), t("项目效益"), t("慢性病健康管理水平"),
             t("项目实施对辖区慢性病防控和患者自我管理带来的影响。"),
             t("对照绩效目标，按慢性病健康管理水平提升程度计算得分。"),
             n(10.0), n(8.0), n(2.0), t("患者自我管理小组覆盖率未达年度目标")],
        vec![B, B, t("信息共享机制"),
             t("慢性病管理信息系统与医疗、医保数据共享的可持续机制。"),
             t("机制健全的得5分，基本健全的得4分，不健全的不得分。"),
             n(5.0), n(4.0), n(1.0), t("慢病管理信息系统与医保数据尚未实现共享，机制基本健全")],
        vec![B, B, t("患者满意度"),
             t("纳入管理的慢性病患者对健康管理服务的满意程度。"),
             t("满意度≥90%得满分，每降低1个百分点扣0.5分，扣完为止。"),
             n(10.0), n(7.0), n(3.0), t("患者满意度84%，低于90%标准6个百分点")],
    ];
    rows.extend(rest);
    health_sheet(
        "慢性病管理",
        "XX县2024年基本公共卫生服务项目（慢性病患者健康管理）绩效评价评分表",
        "2024年基本公共卫生服务项目（慢性病患者健康管理）",
        "XX县疾病预防控制中心",
        (96.8, 88.06),
        rows,
        ("100", "86", "15"),
        ("86", "优"),
    )
}

/// A health-bureau project sheet: facts in label/value pairs, the table, 合计 as SUM formulas,
/// then the stated score and grade.
#[allow(clippy::too_many_arguments)]
fn health_sheet(
    name: &'static str,
    title: &'static str,
    project: &str,
    implementer: &str,
    (budget, spent): (f64, f64),
    rows: Vec<Vec<Val>>,
    (weights, scores, deductions): (&str, &str, &str),
    (stated_score, stated_grade): (&str, &str),
) -> Sheet {
    // Title row 1, three fact rows, header in row 5, indicators from row 6.
    let (first, last) = (6, 5 + rows.len());
    let sum = |c: char, result: &str| f(&format!("=SUM({c}{first}:{c}{last})"), result);
    Sheet {
        name,
        title,
        above: vec![
            fact_row(&[("项目名称", 2, t(project), 7)]),
            fact_row(&[
                ("主管部门", 2, t("XX县卫生健康局"), 3),
                ("实施单位", 2, t(implementer), 2),
            ]),
            fact_row(&[
                ("年初预算数（万元）", 2, n(budget), 3),
                ("全年执行数（万元）", 2, n(spent), 2),
            ]),
        ],
        table: Some(Table {
            columns: health_columns(),
            level_cols: 2,
            merge_levels: true,
            rows,
            total: Some(Total {
                label: "合计",
                label_span: 5,
                cells: vec![sum('F', weights), sum('G', scores), sum('H', deductions), B],
            }),
        }),
        below: vec![
            below(1, t(&format!("自评得分：{stated_score}"))),
            below(0, t(&format!("评定等级：{stated_grade}"))),
        ],
    }
}

/// `填表说明`: instructions only, no table.
fn health_notes_sheet() -> Sheet {
    let lines = [
        "一、本工作簿每个项目一张工作表，工作表名称为项目名称，请勿修改表头。",
        "二、指标分值、评价得分、扣分情况均填写数字（单位：分），保留一位小数。",
        "三、扣分情况＝指标分值－评价得分；有扣分的，须在扣分原因栏写明具体原因及依据。",
        "四、合计行由公式自动计算，请勿手工改写。",
        "五、表格下方填写自评得分和评定等级：90分（含）以上为优，80分（含）-90分为良，60分（含）-80分为中，60分以下为差。",
        "六、本表于2025年3月31日前报送县财政局绩效股，电子版与盖章扫描件各一份。",
    ];
    Sheet {
        name: "填表说明",
        title: "填表说明",
        above: lines.iter().map(|l| text_row(&[(0, 1, l)])).collect(),
        table: None,
        below: Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Sample 4: 县农业农村局 — synonyms 指标名称/权重/实际得分/评分细则/扣分理由 (becomes .xls)
// ---------------------------------------------------------------------------------------------

/// `县农业农村局`: 高标准农田建设. 耕地质量等级提升 is weighted 4 (should be 6), so the
/// weights sum to 98 while the 合计 row says 100 (W101, C204 at E25); scores 95 (优).
fn farmland_sheet() -> Sheet {
    let columns = vec![
        col("一级指标", Kind::Level),
        col("二级指标", Kind::Level),
        col("指标名称", Kind::Name),
        Column {
            max_width: Some(46.0),
            ..col("评分细则", Kind::Prose)
        },
        col("权重", Kind::Number),
        col("实际得分", Kind::Number),
        Column {
            max_width: Some(30.0),
            ..col("扣分理由", Kind::Prose)
        },
    ];
    #[rustfmt::skip]
    let rows = vec![
        vec![t("决策"), t("项目立项"), t("立项依据充分性"),
             t("①符合国家高标准农田建设规划和省级实施方案；②与部门职责相符；③属于公共财政支持范围。一项不符合扣1.5分，扣完为止。"),
             n(4.0), n(4.0), B],
        vec![B, B, t("立项程序规范性"),
             t("①按规定程序申报立项；②初步设计经过审批；③事前开展可行性研究和专家论证。一项不符合扣1分。"),
             n(3.0), n(3.0), B],
        vec![B, t("绩效目标"), t("绩效目标合理性"),
             t("①有明确的绩效目标；②与项目实际内容相关；③预期产出效益符合正常业绩水平；④与预算资金量相匹配。一项不符合扣1分。"),
             n(4.0), n(3.0), t("绩效目标未明确年度粮食产能提升目标")],
        vec![B, B, t("绩效指标明确性"),
             t("①将绩效目标细化分解为具体指标；②指标值清晰、可衡量；③与年度任务数相对应；④与资金量相匹配。一项不符合扣1分。"),
             n(4.0), n(4.0), B],
        vec![t("过程"), t("资金管理"), t("资金到位率"),
             t("资金到位率=实际到位资金/计划投入资金×100%。到位率100%得满分，每降低1个百分点扣0.2分。"),
             n(4.0), n(4.0), B],
        vec![B, B, t("预算执行率"),
             t("预算执行率≥95%得满分，每降低1个百分点扣0.2分，扣完为止。"),
             n(4.0), n(3.5), t("预算执行率92.5%，低于95%标准2.5个百分点")],
        vec![B, B, t("资金使用合规性"),
             t("①资金拨付有完整审批程序；②按工程进度拨付；③无截留、挤占、挪用；④工程结算经审计。一项不符合扣1分，严重的此项完全不得分。"),
             n(4.0), n(4.0), B],
        vec![B, t("组织实施"), t("管理制度健全性"),
             t("①已制定项目管理、资金管理和工程质量管理制度；②制度合法、合规、完整。一项不符合扣1.5分。"),
             n(3.0), n(3.0), B],
        vec![B, B, t("制度执行有效性"),
             t("①严格执行项目法人制、招投标制、工程监理制、合同管理制；②项目调整手续完备；③档案资料齐全。一项不符合扣2分，严重的此项完全不得分。"),
             n(5.0), n(5.0), B],
        vec![t("产出"), t("产出数量"), t("新建高标准农田面积"),
             t("计划新建高标准农田2.5万亩，按实际完成比例得分。"),
             n(10.0), n(10.0), B],
        vec![B, B, t("高效节水灌溉面积"),
             t("完成高效节水灌溉0.8万亩得满分，按实际完成比例得分。"),
             n(6.0), n(6.0), B],
        vec![B, t("产出质量"), t("工程验收合格率"),
             t("工程验收合格率100%得满分，每降低1个百分点扣1分，扣完为止。"),
             n(10.0), n(10.0), B],
        vec![B, B, t("耕地质量等级提升"),
             t("项目区耕地质量平均提升0.5个等级以上得满分，未提升不得分。"),
             n(4.0), n(4.0), B],
        vec![B, t("产出时效"), t("工程完工及时率"),
             t("按合同工期完工得满分，每个标段滞后扣0.5分，扣完为止。"),
             n(4.0), n(3.0), t("2个标段完工滞后于合同工期")],
        vec![B, t("产出成本"), t("亩均投资控制"),
             t("亩均财政投资≤1500元得满分，每超出50元扣0.5分，扣完为止。"),
             n(4.0), n(4.0), B],
        vec![t("效益"), t("经济效益"), t("粮食亩均增产量"),
             t("项目区粮食亩均增产≥50公斤得满分，按实际完成比例得分。"),
             n(8.0), n(8.0), B],
        vec![B, t("社会效益"), t("受益农户数"),
             t("受益农户≥6200户得满分，按实际完成比例得分。"),
             n(5.0), n(5.0), B],
        vec![B, t("生态效益"), t("农田灌溉水有效利用系数"),
             t("项目区灌溉水有效利用系数≥0.6得满分，未达到不得分。"),
             n(4.0), n(4.0), B],
        vec![B, t("可持续影响"), t("工程管护机制健全性"),
             t("管护主体、管护责任、管护经费落实的得3分，基本落实的得2分，未落实的不得分。"),
             n(3.0), n(3.0), B],
        vec![B, t("满意度"), t("受益农户满意度"),
             t("满意度≥90%得满分，每降低1个百分点扣0.5分，扣完为止。"),
             n(5.0), n(4.5), t("受益农户满意度89%，低于90%标准1个百分点")],
    ];
    Sheet {
        name: "评分表",
        title: "XX县2024年高标准农田建设项目绩效评价评分表",
        above: vec![
            fact_row(&[("项目名称", 2, t("2024年高标准农田建设项目"), 5)]),
            fact_row(&[("主管部门", 2, t("XX县农业农村局"), 5)]),
        ],
        table: Some(Table {
            columns,
            level_cols: 2,
            merge_levels: true,
            rows,
            // The staff typed 100 instead of summing the weights (which make 98).
            total: Some(Total {
                label: "合计",
                label_span: 4,
                cells: vec![n(100.0), n(95.0), B],
            }),
        }),
        below: vec![Below {
            gap: 1,
            cells: text_row(&[
                (0, 4, "评价单位（盖章）：XX县农业农村局"),
                (4, 3, "评价日期：2025年3月"),
            ]),
        }],
    }
}

// ---------------------------------------------------------------------------------------------
// Sample 5: 县民政局 — becomes .ods; one score is a #DIV/0! formula
// ---------------------------------------------------------------------------------------------

/// `县民政局`: 城乡低保资金. Clean except 资金发放及时性, whose score is `=1/0` (C201, F10).
fn subsistence_sheet() -> Sheet {
    let columns = vec![
        col("一级指标", Kind::Level),
        col("二级指标", Kind::Level),
        col("三级指标", Kind::Name),
        Column {
            max_width: Some(44.0),
            ..col("评价标准", Kind::Prose)
        },
        col("指标分值", Kind::Number),
        col("评价得分", Kind::Number),
        col("扣分情况", Kind::Number),
        Column {
            max_width: Some(28.0),
            ..col("扣分原因", Kind::Prose)
        },
    ];
    #[rustfmt::skip]
    let rows = vec![
        vec![t("决策(15)"), t("项目立项(7)"), t("立项依据充分性"),
             t("①符合《社会救助暂行办法》和省城乡低保政策；②与部门职责相符；③属于公共财政支持范围。一项不符合扣1分，扣完为止。"),
             n(4.0), n(4.0), B, B],
        vec![B, B, t("立项程序规范性"),
             t("①按规定程序申请设立；②审批文件、材料符合相关要求；③资金分配方案经集体决策。一项不符合扣1分。"),
             n(3.0), n(3.0), B, B],
        vec![B, t("绩效目标(8)"), t("绩效目标合理性"),
             t("①有明确的绩效目标；②与实际工作内容相关；③与预算资金量相匹配。一项不符合扣1分，严重的此项完全不得分。"),
             n(4.0), n(4.0), B, B],
        vec![B, B, t("绩效指标明确性"),
             t("①细化分解为具体指标；②指标值清晰、可衡量；③与年度任务数相对应。一项不符合扣1分。"),
             n(4.0), n(4.0), B, B],
        vec![t("过程(25)"), t("资金管理(15)"), t("资金到位率"),
             t("资金到位率=实际到位资金/预算资金×100%。到位率100%得满分，每降低1个百分点扣0.2分，扣完为止。"),
             n(5.0), n(5.0), B, B],
        vec![B, B, t("资金发放及时性"),
             t("低保金按月足额发放到户得满分；每发现1个月未按时发放扣1分，扣完为止。"),
             n(5.0), f("=1/0", "#DIV/0!"), B, B],
        vec![B, B, t("资金使用合规性"),
             t("①资金拨付有完整审批程序；②通过“一卡通”社会化发放；③无截留、挤占、挪用、虚报冒领。一项不符合扣2分，严重的此项完全不得分。"),
             n(5.0), n(5.0), B, B],
        vec![B, t("组织实施(10)"), t("管理制度健全性"),
             t("①已制定低保审核确认、动态管理、资金管理制度；②制度合法、合规、完整。一项不符合扣2.5分。"),
             n(5.0), n(5.0), B, B],
        vec![B, B, t("动态管理规范性"),
             t("①入户调查核实；②民主评议；③审核确认结果公示；④定期复核、按时退出。一项不符合扣1分，严重的此项完全不得分。"),
             n(5.0), n(5.0), B, B],
        vec![t("产出(30)"), t("产出数量(15)"), t("城乡低保保障人数"),
             t("年度保障城乡低保对象≥9800人得满分，按实际完成比例得分。"),
             n(8.0), n(8.0), B, B],
        vec![B, B, t("补差资金足额发放率"),
             t("足额发放率100%得满分，每降低1个百分点扣0.5分，扣完为止。"),
             n(7.0), n(7.0), B, B],
        vec![B, t("产出质量(15)"), t("低保对象认定准确率"),
             t("认定准确率100%得满分，每发现1户认定不准确扣0.5分，扣完为止。"),
             n(8.0), n(7.0), n(1.0), t("抽查发现2户家庭收入核算依据不充分")],
        vec![B, B, t("资金社会化发放率"),
             t("社会化发放率100%得满分，每降低1个百分点扣1分，扣完为止。"),
             n(7.0), n(7.0), B, B],
        vec![t("效益(30)"), t("社会效益(20)"), t("困难群众基本生活保障"),
             t("对照绩效目标，按困难群众基本生活保障水平实现程度计算得分。"),
             n(10.0), n(10.0), B, B],
        vec![B, B, t("低保标准动态调整"),
             t("按规定随经济社会发展及时调整低保标准的得10分，调整滞后的得5分，未调整的不得分。"),
             n(10.0), n(10.0), B, B],
        vec![B, t("满意度(10)"), t("保障对象满意度"),
             t("满意度≥92%得满分，每降低1个百分点扣0.5分，扣完为止。"),
             n(10.0), n(9.5), n(0.5), t("保障对象满意度91%，低于92%标准1个百分点")],
    ];
    Sheet {
        name: "城乡低保",
        title: "XX县民政局2024年城乡居民最低生活保障资金绩效评价评分表",
        above: vec![
            fact_row(&[("项目名称", 2, t("2024年城乡居民最低生活保障资金"), 6)]),
            fact_row(&[
                ("主管部门", 2, t("XX县民政局"), 2),
                ("实施单位", 2, t("XX县社会救助服务中心"), 2),
            ]),
        ],
        table: Some(Table {
            columns,
            level_cols: 2,
            merge_levels: true,
            rows,
            total: None,
        }),
        below: vec![below(
            1,
            t("注：本表由县民政局社会救助股填报，得分经局务会审定。"),
        )],
    }
}

// ---------------------------------------------------------------------------------------------
// Sample 6: 县交通运输局 — level cells left empty, not merged (rewritten by LibreOffice)
// ---------------------------------------------------------------------------------------------

/// `县交通运输局`: 农村公路养护, 97.5 (优). Clean except 养护作业规范性, deducted 1 with no
/// reason (C205, H14).
fn road_sheet() -> Sheet {
    let columns = vec![
        col("一级指标", Kind::Level),
        col("二级指标", Kind::Level),
        col("三级指标", Kind::Name),
        Column {
            max_width: Some(44.0),
            ..col("评价标准", Kind::Prose)
        },
        col("标准分", Kind::Number),
        col("自评得分", Kind::Number),
        col("扣分", Kind::Number),
        Column {
            max_width: Some(28.0),
            ..col("扣分原因", Kind::Prose)
        },
    ];
    #[rustfmt::skip]
    let rows = vec![
        vec![t("决策"), t("项目立项"), t("立项依据充分性"),
             t("①符合《农村公路养护管理办法》和省级养护工程实施意见；②与部门职责相符；③属于公共财政支持范围。一项不符合扣1分，扣完为止。"),
             n(4.0), n(4.0), B, B],
        vec![B, B, t("立项程序规范性"),
             t("①按规定程序申报；②年度养护计划经审批；③事前开展路况评定。一项不符合扣1分。"),
             n(4.0), n(4.0), B, B],
        vec![B, t("绩效目标"), t("绩效目标合理性"),
             t("①有明确的绩效目标；②与养护工作内容相关；③与预算资金量相匹配。一项不符合扣1分。"),
             n(4.0), n(4.0), B, B],
        vec![B, B, t("绩效指标明确性"),
             t("①细化分解为具体指标；②指标值清晰、可衡量；③与年度养护任务相对应。一项不符合扣1分。"),
             n(3.0), n(3.0), B, B],
        vec![t("过程"), t("资金管理"), t("资金到位率"),
             t("资金到位率=实际到位资金/预算资金×100%。到位率100%得满分，每降低1个百分点扣0.2分，扣完为止。"),
             n(4.0), n(4.0), B, B],
        vec![B, B, t("预算执行率"),
             t("预算执行率≥95%得满分，每降低1个百分点扣0.2分；低于60%不得分。"),
             n(4.0), n(4.0), B, B],
        vec![B, B, t("资金使用合规性"),
             t("①符合车购税和成品油税费改革转移支付资金管理规定；②按工程计量支付；③无截留、挤占、挪用。一项不符合扣2分，严重的此项完全不得分。"),
             n(5.0), n(5.0), B, B],
        vec![B, t("组织实施"), t("管理制度健全性"),
             t("①已制定养护管理、质量检查和资金管理制度；②制度合法、合规、完整。一项不符合扣2分。"),
             n(4.0), n(4.0), B, B],
        vec![B, B, t("养护作业规范性"),
             t("①养护作业按技术规范实施；②作业区安全设施设置到位；③养护巡查日志完整；④资料及时归档。一项不符合扣1分，严重的此项完全不得分。"),
             n(8.0), n(7.0), n(1.0), B],
        vec![t("产出"), t("产出数量"), t("农村公路日常养护里程"),
             t("完成日常养护里程865公里得满分，按实际完成比例得分。"),
             n(10.0), n(10.0), B, B],
        vec![B, B, t("危桥改造数量"),
             t("完成危桥改造6座得满分，每少1座扣1分，扣完为止。"),
             n(5.0), n(5.0), B, B],
        vec![B, t("产出质量"), t("优良中等路率"),
             t("优良中等路率≥85%得满分，每降低1个百分点扣1分，扣完为止。"),
             n(10.0), n(9.0), n(1.0), t("优良中等路率84%，低于85%标准1个百分点")],
        vec![B, t("产出时效"), t("路面病害处治及时率"),
             t("病害发现后7日内处治得满分，每发现1处超期扣0.5分，扣完为止。"),
             n(5.0), n(5.0), B, B],
        vec![t("效益"), t("社会效益"), t("群众出行条件改善"),
             t("对照绩效目标，按群众出行条件改善程度计算得分。"),
             n(10.0), n(10.0), B, B],
        vec![B, t("可持续影响"), t("路长制长效管护机制"),
             t("县乡村三级路长制健全的得10分，基本健全的得6分，不健全的不得分。"),
             n(10.0), n(10.0), B, B],
        vec![B, t("满意度"), t("沿线群众满意度"),
             t("满意度≥90%得满分，每降低1个百分点扣0.5分，扣完为止。"),
             n(10.0), n(9.5), n(0.5), t("沿线群众满意度89%，低于90%标准1个百分点")],
    ];
    // Title row 1, three fact rows, header in row 5, indicators in rows 6–21, 合计 in row 22.
    let (first, last) = (6, 5 + rows.len());
    let sum = |c: char, result: &str| f(&format!("=SUM({c}{first}:{c}{last})"), result);
    Sheet {
        name: "农村公路养护",
        title: "XX县交通运输局2024年农村公路养护项目绩效自评评分表",
        above: vec![
            fact_row(&[("项目名称", 2, t("2024年农村公路养护项目"), 6)]),
            fact_row(&[("主管部门", 2, t("XX县交通运输局"), 6)]),
            fact_row(&[
                ("全年预算数（万元）", 2, n(420.0), 2),
                ("全年执行数（万元）", 2, n(401.5), 2),
            ]),
        ],
        table: Some(Table {
            columns,
            level_cols: 2,
            merge_levels: false,
            rows,
            total: Some(Total {
                label: "合计",
                label_span: 4,
                cells: vec![sum('E', "100"), sum('F', "97.5"), sum('G', "2.5"), B],
            }),
        }),
        below: vec![below(1, t("自评得分：97.5")), below(0, t("评定等级：优"))],
    }
}

/// A framed cell of a form (fact labels and values, the budget block).
fn boxed(col: u16, span: u16, val: Val) -> Span {
    Span {
        col,
        span,
        val,
        boxed: true,
    }
}

/// A row of a self-evaluation form's budget block: the label over columns A–C, then 年初预算数,
/// 全年预算数, 全年执行数, 分值, 执行率, 得分.
fn money_row(label: &str, vals: [Val; 6]) -> Vec<Span> {
    let mut row = vec![boxed(0, 3, t(label))];
    for (i, v) in vals.into_iter().enumerate() {
        row.push(boxed(3 + i as u16, 1, v));
    }
    row
}

/// The header row of the budget block.
fn budget_header() -> Vec<Span> {
    money_row(
        "项目资金（万元）",
        [
            t("年初预算数"),
            t("全年预算数"),
            t("全年执行数"),
            t("分值"),
            t("执行率"),
            t("得分"),
        ],
    )
}

/// `县水利局`: the self-evaluation form (项目支出绩效自评表, 财预〔2020〕10号 附件1) with its
/// budget block. Mistakes: the budget score 10 where 分值 × 执行率 gives 9.25 (B401); 工程完工及时率
/// 85% under ≥90% filed 5 (R301, reviewed 4.72); 新建及改造供水工程 16处 against ≥12处 with no
/// reason (R309); 工程长效管护机制 “达成年度指标” scored 7 of 10 (R308: 8–10); 水质达标率
/// written as the fraction 0.97 (R307). Filed 96.4, reviewed 95.37, 优.
fn water_self_eval_sheet() -> Sheet {
    let columns = vec![
        col("绩效指标", Kind::Level),
        col("一级指标", Kind::Level),
        col("二级指标", Kind::Level),
        col("三级指标", Kind::Name),
        col("年度指标值", Kind::Number),
        col("实际完成值", Kind::Number),
        col("分值", Kind::Number),
        col("得分", Kind::Number),
        Column {
            max_width: Some(30.0),
            ..col("偏差原因分析及改进措施", Kind::Prose)
        },
    ];
    #[rustfmt::skip]
    let rows = vec![
        vec![t("绩效指标"), t("产出指标(50分)"), t("数量指标"), t("新建及改造供水工程"),
             t("≥12处"), t("16处"), n(10.0), n(10.0), B],
        vec![B, B, B, t("受益人口"),
             t("≥25000人"), t("23500人"), n(10.0), n(9.4), t("2个村组管网未完工，已列入下年计划")],
        vec![B, B, t("质量指标"), t("工程验收合格率"),
             t("=100%"), t("100%"), n(10.0), n(10.0), B],
        vec![B, B, B, t("水质达标率"),
             t("≥95%"), n(0.97), n(5.0), n(5.0), B],
        vec![B, B, t("时效指标"), t("工程完工及时率"),
             t("≥90%"), t("85%"), n(5.0), n(5.0), B],
        vec![B, B, t("成本指标"), t("项目总成本"),
             t("≤320万元"), t("296万元"), n(10.0), n(10.0), B],
        vec![B, t("效益指标(30分)"), t("社会效益指标"), t("农村自来水普及率"),
             t("≥92%"), t("93%"), n(10.0), n(10.0), B],
        vec![B, B, B, t("供水保证率"),
             t("≥90%"), t("95%"), n(10.0), n(10.0), B],
        vec![B, B, t("可持续影响指标"), t("工程长效管护机制"),
             t("健全"), t("达成年度指标"), n(10.0), n(7.0), t("个别乡镇管护员未到位")],
        vec![B, t("满意度指标(10分)"), t("服务对象满意度指标"), t("受益群众满意度"),
             t("≥90%"), t("92%"), n(10.0), n(10.0), B],
    ];
    Sheet {
        name: "自评表",
        title: "项目支出绩效自评表（2024年度）",
        above: vec![
            fact_row(&[("项目名称", 2, t("农村饮水安全巩固提升工程"), 7)]),
            fact_row(&[
                ("主管部门", 2, t("XX县水利局"), 3),
                ("实施单位", 1, t("XX县农村供水管理站"), 3),
            ]),
            budget_header(),
            money_row(
                "年度资金总额",
                [n(300.0), n(320.0), n(296.0), n(10.0), t("92.5%"), n(10.0)],
            ),
            money_row("其中：本年财政拨款", [n(300.0), n(300.0), n(280.0), B, B, B]),
            money_row("上年结转资金", [B, n(20.0), n(16.0), B, B, B]),
            money_row("其他资金", [B, B, B, B, B, B]),
            vec![
                boxed(0, 1, t("年度总体目标")),
                boxed(1, 4, t("预期目标")),
                boxed(5, 4, t("实际完成情况")),
            ],
            vec![
                boxed(0, 1, B),
                boxed(1, 4, t("新建及改造集中供水工程12处，巩固提升2.5万农村人口饮水安全水平，水质达标率不低于95%。")),
                boxed(5, 4, t("完成供水工程16处，受益人口2.35万人，水质达标率97%，2个村组管网未完工。")),
            ],
        ],
        table: Some(Table {
            columns,
            level_cols: 3,
            merge_levels: true,
            rows,
            total: Some(Total {
                label: "总分",
                label_span: 6,
                cells: vec![n(100.0), n(96.4), B],
            }),
        }),
        below: vec![below(1, t("自评得分：96.4")), below(0, t("自评等级：优"))],
    }
}

/// `XX镇人民政府`: a self-evaluation form after the real 池州市贵池区棠溪镇 委托业务项目 form
/// (DOMAIN.md §2.1), with its real defects: the 年度资金总额 row left at 0 while 其中 本年财政拨款
/// is filled (B402 on three columns), so 执行率 and 得分 were left at 0 too (B401 on both: the
/// review computes 89.974 ÷ 89.974 = 100% and 10 points), targets such as `≥100百分比`, and
/// qualitative rows 达成预期指标. Filed 90 (the budget's 10 points missing), reviewed 100, 优
/// (C207 on the stated 自评得分).
fn entrust_self_eval_sheet() -> Sheet {
    let columns = vec![
        col("绩效指标", Kind::Level),
        col("一级指标", Kind::Level),
        col("二级指标", Kind::Level),
        col("三级指标", Kind::Name),
        col("年度指标值", Kind::Name),
        col("实际完成值", Kind::Number),
        col("分值", Kind::Number),
        col("得分", Kind::Number),
        Column {
            max_width: Some(24.0),
            ..col("偏差原因分析及改进措施", Kind::Prose)
        },
    ];
    #[rustfmt::skip]
    let rows = vec![
        vec![t("绩效指标"), t("产出指标(50分)"), t("数量指标"), t("基建工程委托业务项目数量"),
             t("≥50个"), n(50.0), n(8.0), n(8.0), B],
        vec![B, B, t("质量指标"), t("委托业务报告合格率"),
             t("≥100百分比"), n(100.0), n(8.0), n(8.0), B],
        vec![B, B, B, t("经费支出合规性"),
             t("严格执行相关制度规定"), t("达成预期指标"), n(8.0), n(8.0), B],
        vec![B, B, t("时效指标"), t("提交报告及时性"),
             t("在项目计划完成时间内完成"), t("达成预期指标"), n(8.0), n(8.0), B],
        vec![B, B, t("成本指标"), t("项目总成本"),
             t("≤90万元"), n(89.974), n(8.0), n(8.0), B],
        vec![B, B, B, t("单项业务成本"),
             t("符合相关规定"), t("达成预期指标"), n(10.0), n(10.0), B],
        vec![B, t("效益指标(30分)"), t("社会效益指标"), t("对维护基建市场公平的影响程度"),
             t("效果明显"), t("达成预期指标"), n(10.0), n(10.0), B],
        vec![B, B, t("生态效益指标"), t("对节约资源的影响"),
             t("效果明显"), t("达成预期指标"), n(10.0), n(10.0), B],
        vec![B, B, t("可持续影响指标"), t("对行业规范发展的持续影响"),
             t("效果明显"), t("达成预期指标"), n(10.0), n(10.0), B],
        vec![B, t("满意度指标(10分)"), t("服务对象满意度指标"), t("公众满意度"),
             t("≥90%"), t("95%"), n(10.0), n(10.0), B],
    ];
    Sheet {
        name: "自评表",
        title: "项目支出绩效自评表（2024年度）",
        above: vec![
            fact_row(&[("项目名称", 2, t("委托业务项目"), 7)]),
            fact_row(&[
                ("主管部门", 2, t("219-XX镇人民政府"), 3),
                ("实施单位", 1, t("219001-XX镇人民政府"), 3),
            ]),
            budget_header(),
            money_row(
                "年度资金总额：",
                [n(0.0), n(0.0), n(0.0), n(10.0), n(0.0), n(0.0)],
            ),
            money_row(
                "其中：本年财政拨款",
                [n(90.0), n(89.974), n(89.974), B, B, B],
            ),
            money_row("上年结转资金", [B, B, B, B, B, B]),
            money_row("其他资金", [B, B, B, B, B, B]),
            vec![
                boxed(0, 1, t("年度总体目标")),
                boxed(1, 4, t("预期目标")),
                boxed(5, 4, t("实际完成情况")),
            ],
            vec![
                boxed(0, 1, B),
                boxed(
                    1,
                    4,
                    t("完成全镇基建工程委托业务50个，委托业务报告合格率100%。"),
                ),
                boxed(5, 4, t("完成委托业务50个，报告全部合格，支出89.974万元。")),
            ],
        ],
        table: Some(Table {
            columns,
            level_cols: 3,
            merge_levels: true,
            rows,
            total: Some(Total {
                label: "总分",
                label_span: 6,
                cells: vec![n(100.0), n(90.0), B],
            }),
        }),
        below: vec![below(1, t("自评得分：90")), below(0, t("自评等级：优"))],
    }
}

// ---------------------------------------------------------------------------------------------
// Excel lock file
// ---------------------------------------------------------------------------------------------

/// The 165 bytes Excel leaves as `~$name.xlsx` while a workbook is open: the user name as a
/// length-prefixed byte string padded with spaces, then again in UTF-16, padded.
fn lock_file_bytes(user: &str) -> Vec<u8> {
    let mut bytes = vec![user.len() as u8];
    bytes.extend(user.bytes());
    bytes.resize(54, b' ');
    bytes.extend([user.len() as u8, 0]);
    bytes.extend(user.encode_utf16().flat_map(u16::to_le_bytes));
    while bytes.len() < 165 {
        bytes.extend([b' ', 0]);
    }
    bytes.truncate(165);
    bytes
}

// ---------------------------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------------------------

fn main() -> Result<()> {
    let out: PathBuf = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .ok_or("usage: cargo run --example samples -- <OUTDIR>")?;

    write_workbook(
        &out.join("县财政局/预算信息管理平台等运维项目绩效评价表.xlsx"),
        "富民县财政局",
        &[seed_sheet()],
    )?;
    write_workbook(
        &out.join("县教育体育局/学生营养改善计划项目绩效评价表.xlsx"),
        "XX县教育体育局",
        &[nutrition_sheet()],
    )?;
    write_workbook(
        &out.join("县卫生健康局/基本公共卫生服务项目绩效评价.xlsx"),
        "XX县卫生健康局",
        &[
            health_notes_sheet(),
            family_doctor_sheet(),
            chronic_disease_sheet(),
        ],
    )?;
    write_workbook(
        &out.join("twins/高标准农田建设项目绩效评价表.xlsx"),
        "XX县农业农村局",
        &[farmland_sheet()],
    )?;
    write_workbook(
        &out.join("twins/城乡低保资金绩效评价表.xlsx"),
        "XX县民政局",
        &[subsistence_sheet()],
    )?;
    write_workbook(
        &out.join("twins/农村公路养护项目绩效评价表.xlsx"),
        "XX县交通运输局",
        &[road_sheet()],
    )?;

    write_workbook(
        &out.join("县水利局/农村饮水安全巩固提升工程绩效自评表.xlsx"),
        "XX县水利局",
        &[water_self_eval_sheet()],
    )?;

    write_workbook(
        &out.join("XX镇人民政府/委托业务项目绩效自评表.xlsx"),
        "XX镇人民政府",
        &[entrust_self_eval_sheet()],
    )?;

    let lock = out.join("县交通运输局/~$农村公路养护项目绩效评价表.xlsx");
    if let Some(dir) = lock.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(&lock, lock_file_bytes("zhangwei"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sums a column of numeric cells (text numbers and formulas are not counted).
    fn column_sum(rows: &[Vec<Val>], c: usize) -> f64 {
        rows.iter()
            .filter_map(|r| match r[c] {
                Val::Num(x) => Some(x),
                _ => None,
            })
            .sum()
    }

    #[test]
    fn seed_sums_to_100_and_95_4() {
        let weights: f64 = SEED_ROWS.iter().map(|r| r.weight).sum();
        let scores: f64 = SEED_ROWS.iter().map(|r| r.score).sum();
        assert!((weights - 100.0).abs() < 1e-9);
        assert!((scores - 95.4).abs() < 1e-9);
    }

    #[test]
    fn farmland_weights_sum_to_98() {
        let sheet = farmland_sheet();
        let table = sheet.table.unwrap();
        assert!((column_sum(&table.rows, 4) - 98.0).abs() < 1e-9);
        assert!((column_sum(&table.rows, 5) - 95.0).abs() < 1e-9);
    }

    #[test]
    fn chronic_disease_scores_sum_to_86() {
        let sheet = chronic_disease_sheet();
        let table = sheet.table.unwrap();
        assert!((column_sum(&table.rows, 5) - 100.0).abs() < 1e-9);
        assert!((column_sum(&table.rows, 6) - 86.0).abs() < 1e-9);
    }

    #[test]
    fn lock_file_is_165_bytes() {
        assert_eq!(lock_file_bytes("zhangwei").len(), 165);
    }
}
