//! [IO-free] `jixiao template`: a blank standard workbook to hand out to departments (SPEC §1,
//! issue #8). Two kinds:
//!
//! - **评价** — 项目支出绩效评价表: the common indicators of the 2020 reference framework
//!   (财预〔2020〕10号 附件2: 决策 / 过程 / 产出 / 效益) with the usual criteria written as
//!   评价标准 text that [`crate::rule::parse::parse_rule`] understands (a test runs every one
//!   through it), weights summing to 100, the columns jixiao reads (including 实际完成值 and
//!   不符合项, so that it can recompute every score), merged level cells, a 合计 row of `SUM`
//!   formulas and a 评定等级 line whose formula follows the configured grade bands.
//! - **自评** — 项目支出绩效自评表 (10号 附件1): the budget block (项目资金（万元）| 年初预算数 |
//!   全年预算数 | 全年执行数 | 分值 | 执行率 | 得分; 年度资金总额 as the `SUM` of its 其中 rows,
//!   执行率 and 得分 as formulas following the configured `budget_score`), 年度总体目标, and the
//!   绩效指标 rows 产出指标(50分) / 效益指标(30分) / 满意度指标(10分), with a drop-down of the
//!   three qualitative labels on 实际完成值.
//!
//! Both: input cells are unlocked and everything else is protected (sheet protection without a
//! password, so a county can still change the form), formulas carry cached results (a blank
//! form shows empty totals, not 0), 宋体, borders, widths for Chinese, A4 landscape one page wide,
//! the header repeated on every page, and a 填表说明 sheet. The output is deterministic.
//!
//! Decisions:
//! - 扣分情况 (评价) is a formula, `=IF(得分="","",ROUND(分值-得分,2))`: the department enters the
//!   score, the deduction follows, so C203 cannot happen on a template.
//! - Totals and the grade are empty until a score is entered (`IF(COUNT(…)=0,"",…)`): a blank
//!   form has no total, and `jixiao check` on it reports only the missing scores (C201).
//! - In the 自评 form the 三级指标 names, 年度指标值 and 分值 are inputs too (10号: 二、三级指标由
//!   单位根据项目实际确定); the level1 weights are fixed in their names.

use crate::config::{BudgetScore, Config, RoundingMode};
use crate::grid::CellRef;
use crate::rule::{Cmp, Deduct, Rule, StepMode};
use crate::text::fmt_dec;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

/// The 2020 framework this template hands out; it lives in [`crate::framework`] and is
/// re-exported here so that `write::template::EVALUATION_INDICATORS` and the like keep working.
pub use crate::framework::{
    Indicator, BUDGET_WEIGHT, EVALUATION_INDICATORS, QUALITATIVE_LABELS, SELF_INDICATORS,
};

/// Which blank workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// 项目支出绩效评价表 (财政评价 / 部门评价).
    #[value(name = "评价", alias = "evaluation")]
    Evaluation,
    /// 项目支出绩效自评表 (单位自评).
    #[value(name = "自评", alias = "self")]
    SelfEvaluation,
}

impl Kind {
    /// The default output file name.
    pub fn default_file_name(self) -> &'static str {
        match self {
            Kind::Evaluation => "绩效评价表.xlsx",
            Kind::SelfEvaluation => "绩效自评表.xlsx",
        }
    }
}

const FONT: &str = "宋体";

struct Styles {
    title: Format,
    subtitle: Format,
    label: Format,
    header: Format,
    text: Format,
    center: Format,
    number: Format,
    formula: Format,
    percent: Format,
    input: Format,
    input_center: Format,
    input_number: Format,
    plain: Format,
    note: Format,
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new()
            .set_font_name(FONT)
            .set_font_size(10.5)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        let boxed = base.clone().set_border(FormatBorder::Thin);
        let input_fill = rust_xlsxwriter::Color::RGB(0xFF_FF_E0);
        Styles {
            title: Format::new()
                .set_font_name(FONT)
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            subtitle: base.clone().set_align(FormatAlign::Center),
            label: boxed.clone().set_bold().set_align(FormatAlign::Center),
            header: boxed
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(rust_xlsxwriter::Color::RGB(0xDD_EB_F7)),
            text: boxed.clone(),
            center: boxed.clone().set_align(FormatAlign::Center),
            number: boxed
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0.##"),
            formula: boxed
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0.00")
                .set_background_color(rust_xlsxwriter::Color::RGB(0xF2_F2_F2)),
            percent: boxed
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0.00%")
                .set_background_color(rust_xlsxwriter::Color::RGB(0xF2_F2_F2)),
            input: boxed
                .clone()
                .set_unlocked()
                .set_background_color(input_fill),
            input_center: boxed
                .clone()
                .set_unlocked()
                .set_align(FormatAlign::Center)
                .set_background_color(input_fill),
            input_number: boxed
                .clone()
                .set_unlocked()
                .set_align(FormatAlign::Center)
                .set_num_format("0.00")
                .set_background_color(input_fill),
            plain: base.clone(),
            note: base.set_unlocked(),
        }
    }
}

/// Display width of a text in Excel column units (a CJK character counts two).
fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if (c as u32) < 0x2E80 { 1.0 } else { 2.0 })
        .sum()
}

/// Lines a wrapped text takes in a column of `width` units.
fn lines(s: &str, width: f64) -> f64 {
    s.split('\n')
        .map(|part| (text_width(part) / (width - 1.0).max(1.0)).ceil().max(1.0))
        .sum()
}

/// Sets a row's height to fit the tallest of its wrapped texts (15 points a line).
fn fit_row(ws: &mut Worksheet, row: u32, cells: &[(&str, f64)]) -> Result<(), XlsxError> {
    let n = cells
        .iter()
        .map(|(t, w)| lines(t, *w))
        .fold(1.0_f64, f64::max);
    ws.set_row_height(row, (n * 14.0 + 4.0).max(20.0))?;
    Ok(())
}

fn protect(ws: &mut Worksheet) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
}

fn page_setup(ws: &mut Worksheet, header_rows: (u32, u32)) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_repeat_rows(header_rows.0, header_rows.1)?;
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

/// The A1 name of a cell of a column numbered as rust_xlsxwriter numbers them.
fn a1(row: u32, col: u16) -> String {
    CellRef::new(row, u32::from(col)).to_string()
}

fn round_fn(cfg: &Config) -> &'static str {
    match cfg.rounding {
        RoundingMode::HalfUp => "ROUND",
        RoundingMode::Truncate => "ROUNDDOWN",
    }
}

/// The 评定等级 cell: the grade formula over the total cell, with the grade of `total` (if
/// any) as its cached result.
fn grade_cell(total_cell: &str, total: Option<Decimal>, cfg: &Config) -> Formula {
    Formula::new(grade_formula(total_cell, cfg)).set_result(
        total
            .and_then(|t| cfg.grade(cfg.round(t)))
            .unwrap_or_default(),
    )
}

/// The grade bands in words: `优 ≥ 90，良 ≥ 80，中 ≥ 60，差 ≥ 0`.
fn bands_text(cfg: &Config) -> String {
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
    }
}

/// The 得分 formula of the budget block, following `budget_score`: `weight`, `budget` and
/// `spent` are the A1 names of 分值, 全年预算数 and 全年执行数.
fn budget_formula(cfg: &Config, weight: &str, budget: &str, spent: &str) -> String {
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

/// What to write into the input cells: `fill(row, column)` → the value as typed. `row` is the
/// 三级指标 name of an indicator row, the label of a fact (`项目名称`, `主管部门`, `实施单位`,
/// `预算金额`, `实际支出`, `评价年度`; column `""`) or of a budget row (`本年财政拨款`,
/// `上年结转资金`, `其他资金`; column `年初预算数` / `全年预算数` / `全年执行数`); `column` the
/// column title. Numbers are written as numbers. The formulas' cached results follow the values.
pub type Fill<'a> = &'a dyn Fn(&str, &str) -> Option<String>;

/// The blank workbook of a kind, as `.xlsx` bytes.
///
/// # Errors
/// A Chinese message if the workbook cannot be built (a bug).
pub fn template_workbook(kind: Kind, cfg: &Config) -> Result<Vec<u8>, String> {
    template_workbook_filled(kind, cfg, &|_, _| None)
}

/// The workbook of a kind with its input cells filled in by `fill` (as a department would,
/// with the formulas' results recomputed): used to test that a filled-in template reads back.
///
/// # Errors
/// A Chinese message if the workbook cannot be built (a bug).
pub fn template_workbook_filled(kind: Kind, cfg: &Config, fill: Fill) -> Result<Vec<u8>, String> {
    build(kind, cfg, fill).map_err(|e| format!("无法生成模板：{e}"))
}

/// Writes an input cell: a number if the value is one, else text, else a blank.
fn put(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    value: Option<String>,
    format: &Format,
) -> Result<(), XlsxError> {
    match value {
        Some(v) => match v.trim().parse::<f64>() {
            Ok(n) => ws.write_number_with_format(r, c, n, format)?,
            Err(_) => ws.write_string_with_format(r, c, v, format)?,
        },
        None => ws.write_blank(r, c, format)?,
    };
    Ok(())
}

fn dec_of(v: &Option<String>) -> Option<Decimal> {
    v.as_deref().and_then(|t| t.trim().parse::<Decimal>().ok())
}

/// A cached formula result: the decimal rounded as the config rounds, or empty.
fn cached(d: Option<Decimal>, cfg: &Config) -> String {
    d.map(|d| fmt_dec(cfg.round(d))).unwrap_or_default()
}

fn build(kind: Kind, cfg: &Config, fill: Fill) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let title = match kind {
        Kind::Evaluation => "项目支出绩效评价表",
        Kind::SelfEvaluation => "项目支出绩效自评表",
    };
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("jixiao")
            .set_comment("jixiao template 生成的空白模板")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2020, 1, 1)?),
    );
    let s = Styles::new();
    match kind {
        Kind::Evaluation => evaluation_sheet(wb.add_worksheet(), &s, cfg, fill)?,
        Kind::SelfEvaluation => self_sheet(wb.add_worksheet(), &s, cfg, fill)?,
    }
    instructions_sheet(wb.add_worksheet(), &s, kind, cfg)?;
    wb.save_to_buffer()
}

/// Merges `first..=last` rows of a level column where consecutive names are equal (a 二级
/// never crosses a 一级 boundary), writing each name once.
fn merged_levels(
    ws: &mut Worksheet,
    top: u32,
    col: u16,
    names: &[(String, String)],
    format: &Format,
) -> Result<(), XlsxError> {
    let mut start = 0;
    for i in 1..=names.len() {
        if i == names.len() || names[i] != names[start] {
            let (r0, r1) = (top + start as u32, top + i as u32 - 1);
            let name = &names[start].1;
            if r1 > r0 {
                ws.merge_range(r0, col, r1, col, name, format)?;
            } else {
                ws.write_string_with_format(r0, col, name, format)?;
            }
            start = i;
        }
    }
    Ok(())
}

fn evaluation_sheet(
    ws: &mut Worksheet,
    s: &Styles,
    cfg: &Config,
    fill: Fill,
) -> Result<(), XlsxError> {
    ws.set_name("绩效评价表")?;
    // A blank form shows empty totals: formulas without a result cache an empty string.
    ws.set_formula_result_default("");
    const COLS: [(&str, f64); 11] = [
        ("一级指标", 7.0),
        ("二级指标", 9.0),
        ("三级指标", 13.0),
        ("指标解释", 26.0),
        ("评价标准", 40.0),
        ("指标分值", 7.0),
        ("实际完成值", 10.0),
        ("不符合项", 9.0),
        ("评价得分", 8.0),
        ("扣分情况", 8.0),
        ("扣分原因", 24.0),
    ];
    let last_col = (COLS.len() - 1) as u16;
    for (c, (_, w)) in COLS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.merge_range(0, 0, 0, last_col, "项目支出绩效评价表", &s.title)?;
    ws.set_row_height(0, 32)?;
    // Facts: label cell, then an input cell (merged).
    ws.write_string_with_format(1, 0, "项目名称", &s.label)?;
    ws.merge_range(1, 1, 1, 4, "", &s.input)?;
    put(ws, 1, 1, fill("项目名称", ""), &s.input)?;
    ws.merge_range(1, 5, 1, 6, "主管部门", &s.label)?;
    ws.merge_range(1, 7, 1, 8, "", &s.input)?;
    put(ws, 1, 7, fill("主管部门", ""), &s.input)?;
    ws.write_string_with_format(1, 9, "实施单位", &s.label)?;
    put(ws, 1, 10, fill("实施单位", ""), &s.input)?;
    ws.write_string_with_format(2, 0, "预算金额（万元）", &s.label)?;
    ws.merge_range(2, 1, 2, 4, "", &s.input_number)?;
    put(ws, 2, 1, fill("预算金额", ""), &s.input_number)?;
    ws.merge_range(2, 5, 2, 6, "实际支出（万元）", &s.label)?;
    ws.merge_range(2, 7, 2, 8, "", &s.input_number)?;
    put(ws, 2, 7, fill("实际支出", ""), &s.input_number)?;
    ws.write_string_with_format(2, 9, "评价年度", &s.label)?;
    put(ws, 2, 10, fill("评价年度", ""), &s.input)?;
    ws.set_row_height(1, 24)?;
    ws.set_row_height(2, 30)?;
    let header = 3;
    for (c, (t, _)) in COLS.iter().enumerate() {
        ws.write_string_with_format(header, c as u16, *t, &s.header)?;
    }
    ws.set_row_height(header, 30)?;
    let top = header + 1;
    let n = EVALUATION_INDICATORS.len() as u32;
    let bottom = top + n - 1;
    let l1: Vec<(String, String)> = EVALUATION_INDICATORS
        .iter()
        .map(|i| (i.level1.to_string(), i.level1.to_string()))
        .collect();
    let l2: Vec<(String, String)> = EVALUATION_INDICATORS
        .iter()
        .map(|i| (format!("{}/{}", i.level1, i.level2), i.level2.to_string()))
        .collect();
    merged_levels(ws, top, 0, &l1, &s.center)?;
    merged_levels(ws, top, 1, &l2, &s.center)?;
    let (mut score_sum, mut deduction_sum) = (None::<Decimal>, Decimal::ZERO);
    for (k, i) in EVALUATION_INDICATORS.iter().enumerate() {
        let r = top + k as u32;
        let score = fill(i.level3, "评价得分");
        let deduction = dec_of(&score).map(|sc| cfg.round(Decimal::from(i.weight) - sc));
        if let Some(sc) = dec_of(&score) {
            score_sum = Some(score_sum.unwrap_or_default() + sc);
            deduction_sum += deduction.unwrap_or_default();
        }
        ws.write_string_with_format(r, 2, i.level3, &s.center)?;
        ws.write_string_with_format(r, 3, i.explanation, &s.text)?;
        ws.write_string_with_format(r, 4, i.criterion, &s.text)?;
        ws.write_number_with_format(r, 5, f64::from(i.weight), &s.number)?;
        put(ws, r, 6, fill(i.level3, "实际完成值"), &s.input_center)?;
        put(ws, r, 7, fill(i.level3, "不符合项"), &s.input_center)?;
        put(ws, r, 8, score, &s.input_number)?;
        let (w, sc) = (a1(r, 5), a1(r, 8));
        ws.write_formula_with_format(
            r,
            9,
            Formula::new(format!(
                "=IF({sc}=\"\",\"\",{}({w}-{sc},{}))",
                round_fn(cfg),
                cfg.places
            ))
            .set_result(cached(deduction, cfg)),
            &s.formula,
        )?;
        put(ws, r, 10, fill(i.level3, "扣分原因"), &s.input)?;
        fit_row(
            ws,
            r,
            &[(i.explanation, COLS[3].1), (i.criterion, COLS[4].1)],
        )?;
    }
    // Hints for the inputs.
    let hint = |title: &str, msg: &str| -> Result<DataValidation, XlsxError> {
        DataValidation::new()
            .allow_any_value()
            .set_input_title(title)?
            .set_input_message(msg)
    };
    ws.add_data_validation(
        top,
        6,
        bottom,
        6,
        &hint(
            "实际完成值",
            "阈值、比例类指标填实际百分比或数值，如 96%；按时间扣分的填滞后的月数；清单类指标不填，改填“不符合项”。",
        )?,
    )?;
    ws.add_data_validation(
        top,
        7,
        bottom,
        7,
        &hint(
            "不符合项",
            "清单类指标（①②③…）填不符合的序号，如 ③ 或 1,3；全部符合填 无；情节严重的填 严重。",
        )?,
    )?;
    ws.add_data_validation(
        top,
        8,
        bottom,
        8,
        &DataValidation::new()
            .allow_decimal_number_formula(rust_xlsxwriter::DataValidationRule::Between(
                Formula::new("0"),
                Formula::new(a1(top, 5)),
            ))
            .set_input_title("评价得分")?
            .set_input_message(
                "按评价标准填写得分，不超过指标分值；扣分情况自动计算，有扣分的请填写扣分原因。",
            )?
            .set_error_title("得分超出范围")?
            .set_error_message("评价得分应在 0 到指标分值之间。")?,
    )?;
    // 合计.
    let total = bottom + 1;
    ws.merge_range(total, 0, total, 4, "合计", &s.label)?;
    let range = |c: u16| format!("{}:{}", a1(top, c), a1(bottom, c));
    let weight_sum: u32 = EVALUATION_INDICATORS.iter().map(|i| i.weight).sum();
    ws.write_formula_with_format(
        total,
        5,
        Formula::new(format!("=SUM({})", range(5))).set_result(weight_sum.to_string()),
        &s.number,
    )?;
    ws.write_blank(total, 6, &s.text)?;
    ws.write_blank(total, 7, &s.text)?;
    for (c, result) in [(8u16, score_sum), (9, score_sum.map(|_| deduction_sum))] {
        ws.write_formula_with_format(
            total,
            c,
            Formula::new(format!("=IF(COUNT({})=0,\"\",SUM({}))", range(8), range(c)))
                .set_result(cached(result, cfg)),
            &s.formula,
        )?;
    }
    ws.write_blank(total, 10, &s.text)?;
    ws.set_row_height(total, 24)?;
    // 评定等级.
    let grade_row = total + 1;
    ws.write_string_with_format(grade_row, 0, "评定等级", &s.label)?;
    ws.merge_range(grade_row, 1, grade_row, 2, "", &s.formula)?;
    ws.write_formula_with_format(
        grade_row,
        1,
        grade_cell(&a1(total, 8), score_sum, cfg),
        &s.formula,
    )?;
    ws.merge_range(
        grade_row,
        3,
        grade_row,
        last_col,
        &format!(
            "等级按合计得分自动评定：{}（财预〔2020〕10号）",
            bands_text(cfg)
        ),
        &s.plain,
    )?;
    ws.set_row_height(grade_row, 24)?;
    let sign = grade_row + 2;
    ws.merge_range(
        sign,
        0,
        sign,
        last_col,
        "评价人员（签字）：　　　　　　　　复核人员（签字）：　　　　　　　　填表日期：　　　　年　　月　　日",
        &s.note,
    )?;
    ws.set_freeze_panes(top, 0)?;
    protect(ws);
    page_setup(ws, (header, header))?;
    Ok(())
}

fn self_sheet(ws: &mut Worksheet, s: &Styles, cfg: &Config, fill: Fill) -> Result<(), XlsxError> {
    ws.set_name("绩效自评表")?;
    // A blank form shows empty totals: formulas without a result cache an empty string.
    ws.set_formula_result_default("");
    const WIDTHS: [f64; 9] = [6.0, 14.0, 14.0, 22.0, 14.0, 18.0, 8.0, 8.0, 32.0];
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let last_col = 8u16;
    ws.merge_range(0, 0, 0, last_col, "项目支出绩效自评表", &s.title)?;
    ws.set_row_height(0, 32)?;
    ws.merge_range(1, 0, 1, last_col, "（　　　　年度）", &s.subtitle)?;
    ws.merge_range(2, 0, 2, 1, "项目名称", &s.label)?;
    ws.merge_range(2, 2, 2, last_col, "", &s.input)?;
    put(ws, 2, 2, fill("项目名称", ""), &s.input)?;
    ws.merge_range(3, 0, 3, 1, "主管部门", &s.label)?;
    ws.merge_range(3, 2, 3, 4, "", &s.input)?;
    put(ws, 3, 2, fill("主管部门", ""), &s.input)?;
    ws.write_string_with_format(3, 5, "实施单位", &s.label)?;
    ws.merge_range(3, 6, 3, last_col, "", &s.input)?;
    put(ws, 3, 6, fill("实施单位", ""), &s.input)?;
    for r in 2..4 {
        ws.set_row_height(r, 24)?;
    }
    // The budget block.
    let bh = 4;
    ws.merge_range(bh, 0, bh, 1, "项目资金（万元）", &s.header)?;
    for (c, t) in [
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(bh, 2 + c as u16, *t, &s.header)?;
    }
    ws.write_blank(bh, last_col, &s.header)?;
    ws.set_row_height(bh, 24)?;
    let tr = bh + 1;
    let parts = ["其中：本年财政拨款", "上年结转资金", "其他资金"];
    let (p0, p1) = (tr + 1, tr + parts.len() as u32);
    ws.merge_range(tr, 0, tr, 1, "年度资金总额", &s.label)?;
    const AMOUNTS: [&str; 3] = ["年初预算数", "全年预算数", "全年执行数"];
    let part_key = |label: &str| label.trim_start_matches("其中：").to_string();
    let mut sums = [Decimal::ZERO; 3];
    for label in parts {
        for (k, col) in AMOUNTS.iter().enumerate() {
            sums[k] += dec_of(&fill(&part_key(label), col)).unwrap_or_default();
        }
    }
    for c in 2..5u16 {
        ws.write_formula_with_format(
            tr,
            c,
            Formula::new(format!("=SUM({}:{})", a1(p0, c), a1(p1, c)))
                .set_result(fmt_dec(sums[usize::from(c - 2)].normalize())),
            &s.formula,
        )?;
    }
    let (budget_sum, spent_sum) = (sums[1], sums[2]);
    let rate = (budget_sum > Decimal::ZERO).then(|| spent_sum / budget_sum);
    let budget_score = rate
        .map(|r| cfg.round(cfg.budget_score(Decimal::from(BUDGET_WEIGHT), r * Decimal::from(100))));
    ws.write_number_with_format(tr, 5, f64::from(BUDGET_WEIGHT), &s.number)?;
    let (budget, spent, weight) = (a1(tr, 3), a1(tr, 4), a1(tr, 5));
    ws.write_formula_with_format(
        tr,
        6,
        Formula::new(format!("=IF(N({budget})>0,{spent}/{budget},\"\")")).set_result(
            rate.map(|r| r.round_dp(10).normalize().to_string())
                .unwrap_or_default(),
        ),
        &s.percent,
    )?;
    ws.write_formula_with_format(
        tr,
        7,
        Formula::new(budget_formula(cfg, &weight, &budget, &spent))
            .set_result(cached(budget_score, cfg)),
        &s.formula,
    )?;
    ws.write_blank(tr, last_col, &s.text)?;
    for (k, label) in parts.iter().enumerate() {
        let r = p0 + k as u32;
        ws.merge_range(r, 0, r, 1, label, &s.text)?;
        for (k, col) in AMOUNTS.iter().enumerate() {
            put(
                ws,
                r,
                2 + k as u16,
                fill(&part_key(label), col),
                &s.input_number,
            )?;
        }
        for c in 5..8u16 {
            ws.write_string_with_format(r, c, "—", &s.center)?;
        }
        ws.write_blank(r, last_col, &s.text)?;
    }
    for r in tr..=p1 {
        ws.set_row_height(r, 22)?;
    }
    let budget_rule = match &cfg.budget_score {
        BudgetScore::Proportional => "得分 = 分值 × 执行率，最高为分值".to_string(),
        BudgetScore::Threshold { text, .. } => format!("得分按“{text}”计算"),
    };
    // Overall goals.
    let g = p1 + 1;
    ws.merge_range(g, 0, g + 1, 1, "年度总体目标", &s.label)?;
    ws.merge_range(g, 2, g, 4, "预期目标", &s.header)?;
    ws.merge_range(g, 5, g, last_col, "实际完成情况", &s.header)?;
    ws.merge_range(g + 1, 2, g + 1, 4, "", &s.input)?;
    put(ws, g + 1, 2, fill("年度总体目标", "预期目标"), &s.input)?;
    ws.merge_range(g + 1, 5, g + 1, last_col, "", &s.input)?;
    put(ws, g + 1, 5, fill("年度总体目标", "实际完成情况"), &s.input)?;
    ws.set_row_height(g + 1, 72)?;
    // Indicators.
    let header = g + 2;
    for (c, t) in [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(header, 1 + c as u16, *t, &s.header)?;
    }
    ws.set_row_height(header, 30)?;
    let top = header + 1;
    let n = SELF_INDICATORS.len() as u32;
    let bottom = top + n - 1;
    ws.merge_range(header, 0, bottom, 0, "绩效指标", &s.label)?;
    let l1: Vec<(String, String)> = SELF_INDICATORS
        .iter()
        .map(|i| (i.0.to_string(), i.0.to_string()))
        .collect();
    let l2: Vec<(String, String)> = SELF_INDICATORS
        .iter()
        .map(|i| (format!("{}/{}", i.0, i.1), i.1.to_string()))
        .collect();
    merged_levels(ws, top, 1, &l1, &s.center)?;
    merged_levels(ws, top, 2, &l2, &s.center)?;
    let mut score_sum = None::<Decimal>;
    for (k, (_, _, name, target, weight)) in SELF_INDICATORS.iter().enumerate() {
        let r = top + k as u32;
        ws.write_string_with_format(r, 3, *name, &s.input)?;
        let target = fill(name, "年度指标值").or((!target.is_empty()).then(|| target.to_string()));
        match target {
            Some(t) => ws.write_string_with_format(r, 4, t, &s.input_center)?,
            None => ws.write_blank(r, 4, &s.input_center)?,
        };
        put(ws, r, 5, fill(name, "实际完成值"), &s.input_center)?;
        ws.write_number_with_format(r, 6, f64::from(*weight), &s.input_center)?;
        let score = fill(name, "得分");
        if let Some(sc) = dec_of(&score) {
            score_sum = Some(score_sum.unwrap_or_default() + sc);
        }
        put(ws, r, 7, score, &s.input_number)?;
        put(ws, r, 8, fill(name, "偏差原因分析及改进措施"), &s.input)?;
        ws.set_row_height(r, 30)?;
    }
    let labels = DataValidation::new()
        .allow_list_strings(&QUALITATIVE_LABELS)?
        .set_error_style(DataValidationErrorStyle::Information)
        .set_input_title("实际完成值")?
        .set_input_message(
            "定量指标填实际数值（如 52、96%）；定性指标从下拉列表选择完成档次：达成 80%-100% 分值，部分达成 60%-80%，未达成 0-60%。",
        )?
        .set_error_title("不在下拉列表中")?
        .set_error_message("定性指标请从下拉列表选择；定量指标填数值即可，点“确定”保留。")?;
    ws.add_data_validation(top, 5, bottom, 5, &labels)?;
    ws.add_data_validation(
        top,
        7,
        bottom,
        7,
        &DataValidation::new()
            .allow_any_value()
            .set_input_title("得分")?
            .set_input_message(
                "定量指标：完成指标值得满分，未完成按 实际完成值/年度指标值 × 分值 计分（反向指标按超出比例扣分）。得分低于分值的须填写偏差原因。",
            )?,
    )?;
    // 总分.
    let total = bottom + 1;
    ws.merge_range(total, 0, total, 5, "总分", &s.label)?;
    let range = |c: u16| format!("{}:{}", a1(top, c), a1(bottom, c));
    let weights: u32 = SELF_INDICATORS.iter().map(|i| i.4).sum::<u32>() + BUDGET_WEIGHT;
    ws.write_formula_with_format(
        total,
        6,
        Formula::new(format!("=SUM({weight},{})", range(6))).set_result(weights.to_string()),
        &s.number,
    )?;
    let score_cell = a1(tr, 7);
    let total_score = score_sum.map(|t| t + budget_score.unwrap_or_default());
    ws.write_formula_with_format(
        total,
        7,
        Formula::new(format!(
            "=IF(COUNT({})=0,\"\",SUM({score_cell},{}))",
            range(7),
            range(7)
        ))
        .set_result(cached(total_score, cfg)),
        &s.formula,
    )?;
    ws.write_blank(total, 8, &s.text)?;
    ws.set_row_height(total, 24)?;
    let grade_row = total + 1;
    ws.merge_range(grade_row, 0, grade_row, 1, "评定等级", &s.label)?;
    ws.write_formula_with_format(
        grade_row,
        2,
        grade_cell(&a1(total, 7), total_score, cfg),
        &s.formula,
    )?;
    ws.merge_range(
        grade_row,
        3,
        grade_row,
        last_col,
        &format!(
            "等级按总分自动评定：{}；预算执行率{budget_rule}。",
            bands_text(cfg)
        ),
        &s.plain,
    )?;
    ws.set_row_height(grade_row, 24)?;
    let sign = grade_row + 2;
    ws.merge_range(
        sign,
        0,
        sign,
        last_col,
        "填表人：　　　　　　　　联系电话：　　　　　　　　填表日期：　　　　年　　月　　日",
        &s.note,
    )?;
    protect(ws);
    page_setup(ws, (header, header))?;
    Ok(())
}

fn instructions_sheet(
    ws: &mut Worksheet,
    s: &Styles,
    kind: Kind,
    cfg: &Config,
) -> Result<(), XlsxError> {
    ws.set_name("填表说明")?;
    ws.set_column_width(0, 18)?;
    ws.set_column_width(1, 96)?;
    let grades: Vec<String> = cfg
        .grades
        .iter()
        .map(|b| format!("{} ≥ {}", b.name, fmt_dec(b.min)))
        .collect();
    let grades = grades.join("，");
    let (title, intro, columns, rules): (&str, &str, Vec<(&str, String)>, Vec<String>) = match kind
    {
        Kind::Evaluation => (
            "项目支出绩效评价表 填表说明",
            "本表依据财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）附件2“项目支出绩效评价指标体系框架（参考）”编制，用于财政评价和部门评价。浅黄色单元格为填写区，其余单元格已保护（未设密码，如需调整指标可在“审阅 → 撤销工作表保护”后修改）。",
            vec![
                ("一级/二级/三级指标", "评价指标体系。一级指标为决策、过程、产出、效益；如需按项目实际增减指标，调整后各级分值之和须仍为 100 分。".to_string()),
                ("指标解释", "该指标考核的内容。".to_string()),
                ("评价标准", "评分规则。请保持“达到…得满分，每低…扣…分”“一项不符合扣…分”等写法，复核工具据此重新计算得分。".to_string()),
                ("指标分值", "该指标的满分。一级指标分值为其下各指标分值之和，合计 100 分。".to_string()),
                ("实际完成值", "阈值、比例类指标填实际数值或百分比（如 96%、98.5%）；“每滞后1个月扣2分”类指标填滞后的月数（按时完成填 0）；“按实现程度计算得分”类指标填实现程度（如 90%）。".to_string()),
                ("不符合项", "清单类指标（评价标准中列有①②③…）填不符合的序号，如 ③ 或 1,3；全部符合填“无”；情节严重的填“严重”。".to_string()),
                ("评价得分", "按评价标准得出的得分，不超过指标分值。".to_string()),
                ("扣分情况", "自动计算：指标分值 − 评价得分，无需填写。".to_string()),
                ("扣分原因", "有扣分的必须写明原因和依据的数值，如“满意度88%，低于90%标准2个百分点，扣1分”；数值应与扣分一致。".to_string()),
                ("合计 / 评定等级", format!("自动计算。等级：{grades}。")),
            ],
            vec![
                "评价标准中“以上”“不低于”“达到”含本数，“大于”“高于”“超过”不含本数；“以下”“以内”含本数，“小于”“低于”“不足”不含本数。".to_string(),
                "“每低1个百分点扣X分”按实际差距计算（差2.5个百分点扣2.5X分），扣完为止；“每下降1%扣权重的1%”指每个百分点扣该指标分值的1%。".to_string(),
                "清单类指标：每项不符合扣相应分值；注明“严重的此项不得分”的，情节严重时该指标得 0 分。".to_string(),
                format!("总分 100 分；等级：{grades}。"),
            ],
        ),
        Kind::SelfEvaluation => (
            "项目支出绩效自评表 填表说明",
            "本表依据财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）附件1“项目支出绩效自评表”编制，由项目单位年度终了后填报。浅黄色单元格为填写区，其余单元格已保护（未设密码）。",
            vec![
                ("项目资金（万元）", "填写本年财政拨款、上年结转资金、其他资金三行的年初预算数、全年预算数（调整后预算）、全年执行数；“年度资金总额”自动合计。".to_string()),
                ("分值 / 执行率 / 得分", "预算执行率分值 10 分；执行率 = 全年执行数 ÷ 全年预算数，自动计算；得分自动计算。".to_string()),
                ("年度总体目标", "“预期目标”填年初批复的绩效目标，“实际完成情况”填全年实际完成的情况。".to_string()),
                ("一级指标", "产出指标 50 分、效益指标 30 分、满意度指标 10 分，另预算执行率 10 分，合计 100 分（财预〔2020〕10号）。".to_string()),
                ("二级/三级指标", "三级指标名称、年度指标值和分值按年初批复的绩效目标填写（已给出常用示例，可改写）；同一一级指标下的分值之和须等于其分值。".to_string()),
                ("年度指标值", "写明比较符号、数值和单位，如 ≥50个、=100%、≤90万元；定性指标写预期效果，如“效果明显”。".to_string()),
                ("实际完成值", "定量指标填实际完成的数值（与年度指标值同一单位）；定性指标从下拉列表选择：达成年度指标 / 部分达成年度指标并具有一定效果 / 未达成年度指标且效果较差。".to_string()),
                ("得分", "按下列评分规则填写，不超过分值。".to_string()),
                ("偏差原因分析及改进措施", "得分低于分值、或实际完成值超过年度指标值 30% 以上的，必须说明原因和改进措施。".to_string()),
            ],
            vec![
                "正向指标（≥、>）：完成年度指标值的得满分；未完成的按 实际完成值 ÷ 年度指标值 × 分值 计分。".to_string(),
                "反向指标（≤、<，如成本）：不超过年度指标值的得满分；超过的按 (1 − 超出部分 ÷ 年度指标值) × 分值 计分，达到指标值两倍及以上得 0 分。".to_string(),
                "定性指标：达成年度指标的得分在分值的 80%（含）—100%；部分达成年度指标并具有一定效果的在 60%（含）—80%；未达成年度指标且效果较差的在 0—60%。".to_string(),
                "完成值高于指标值较多的，要分析原因；如果是年初指标值设定明显偏低造成的，按偏离度适度调减分值。".to_string(),
                match &cfg.budget_score {
                    BudgetScore::Proportional => "预算执行率：得分 = 10 × 执行率，最高 10 分。".to_string(),
                    BudgetScore::Threshold { text, .. } => format!("预算执行率：{text}。"),
                },
                format!("总分 100 分；等级：{grades}。"),
            ],
        ),
    };
    ws.merge_range(0, 0, 0, 1, title, &s.title)?;
    ws.set_row_height(0, 30)?;
    ws.merge_range(1, 0, 1, 1, intro, &s.plain)?;
    fit_row(ws, 1, &[(intro, 100.0)])?;
    let mut r = 3;
    ws.write_string_with_format(r, 0, "栏目", &s.header)?;
    ws.write_string_with_format(r, 1, "填写说明", &s.header)?;
    r += 1;
    for (name, text) in &columns {
        ws.write_string_with_format(r, 0, *name, &s.label)?;
        ws.write_string_with_format(r, 1, text, &s.text)?;
        fit_row(ws, r, &[(name, 18.0), (text, 96.0)])?;
        r += 1;
    }
    r += 1;
    ws.merge_range(r, 0, r, 1, "评分规则", &s.header)?;
    r += 1;
    for (k, text) in rules.iter().enumerate() {
        let line = format!("{}. {text}", k + 1);
        ws.merge_range(r, 0, r, 1, &line, &s.text)?;
        fit_row(ws, r, &[(&line, 100.0)])?;
        r += 1;
    }
    r += 1;
    let tail = "复核：县财政局使用 jixiao 批量复核各单位报送的本表（jixiao check 表.xlsx 可在报送前自查），按评价标准重新计算得分，并列出分值、得分、扣分和扣分原因中的问题。";
    ws.merge_range(r, 0, r, 1, tail, &s.plain)?;
    fit_row(ws, r, &[(tail, 100.0)])?;
    protect(ws);
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 1);
    Ok(())
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
