//! The 项目支出绩效评价表 sheet of the 评价 template (财预〔2020〕10号 附件2): the title and the
//! project's facts, the indicator table with its merged levels and input hints, the 合计 row, the
//! 评定等级 line and the signature line. Built by [`super::build`].
//!
//! Each step writes its rows from the row it is given and returns the next one.

use super::formulas::{a1, bands_text, deduction_formula, grade_cell};
use super::page::{fit_row, page_setup, protect};
use super::{cached, dec_of, hint, merged_levels, put, signature_line, Fill};
use crate::config::Config;
use crate::framework::{Indicator, EVALUATION_INDICATORS};
use crate::write::style::TemplateStyles;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DataValidation, DataValidationRule, Formula, Worksheet, XlsxError};

/// The columns of the indicator table: title and width.
const COLUMNS: [(&str, f64); 11] = [
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

/// The last column (扣分原因), the right edge of the title and of the lines under the table.
const LAST_COL: u16 = (COLUMNS.len() - 1) as u16;

/// The sums of what was filled in, for the cached results of the 合计 row.
#[derive(Clone, Copy)]
struct Sums {
    /// 评价得分 summed over the rows that have one; `None` if no row has.
    score: Option<Decimal>,
    /// 扣分情况 summed over the same rows.
    deduction: Decimal,
}

/// Writes the 绩效评价表 sheet top to bottom, then protects it and sets up the page.
pub(super) fn evaluation_sheet(
    ws: &mut Worksheet,
    s: &TemplateStyles,
    cfg: &Config,
    fill: Fill,
) -> Result<(), XlsxError> {
    ws.set_name("绩效评价表")?;
    // A blank form shows empty totals: formulas without a result cache an empty string.
    ws.set_formula_result_default("");
    for (c, (_, w)) in COLUMNS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let row = title(ws, s, 0)?;
    let header = facts(ws, s, fill, row)?;
    let top = column_header(ws, s, header)?;
    let (total, sums) = indicator_rows(ws, s, cfg, fill, top)?;
    input_hints(ws, top, total - 1)?;
    let grade = total_row(ws, s, cfg, top, total, sums)?;
    let row = grade_row(ws, s, cfg, grade, &a1(total, 8), sums.score)?;
    // After a blank line.
    signature_line(
        ws,
        s,
        row + 1,
        LAST_COL,
        "评价人员（签字）：　　　　　　　　复核人员（签字）：　　　　　　　　填表日期：　　　　年　　月　　日",
    )?;
    ws.set_freeze_panes(top, 0)?;
    protect(ws);
    page_setup(ws, (header, header))?;
    Ok(())
}

/// The title across the table. Returns the next row.
fn title(ws: &mut Worksheet, s: &TemplateStyles, row: u32) -> Result<u32, XlsxError> {
    ws.merge_range(row, 0, row, LAST_COL, "项目支出绩效评价表", &s.title)?;
    ws.set_row_height(row, 32)?;
    Ok(row + 1)
}

/// The project's facts, two rows of a label cell then an input cell (merged): 项目名称, 主管部门,
/// 实施单位; 预算金额, 实际支出, 评价年度. Returns the next row.
fn facts(ws: &mut Worksheet, s: &TemplateStyles, fill: Fill, row: u32) -> Result<u32, XlsxError> {
    let (r, r2) = (row, row + 1);
    ws.write_string_with_format(r, 0, "项目名称", &s.label)?;
    ws.merge_range(r, 1, r, 4, "", &s.input)?;
    put(ws, r, 1, fill("项目名称", ""), &s.input)?;
    ws.merge_range(r, 5, r, 6, "主管部门", &s.label)?;
    ws.merge_range(r, 7, r, 8, "", &s.input)?;
    put(ws, r, 7, fill("主管部门", ""), &s.input)?;
    ws.write_string_with_format(r, 9, "实施单位", &s.label)?;
    put(ws, r, 10, fill("实施单位", ""), &s.input)?;
    ws.write_string_with_format(r2, 0, "预算金额（万元）", &s.label)?;
    ws.merge_range(r2, 1, r2, 4, "", &s.input_number)?;
    put(ws, r2, 1, fill("预算金额", ""), &s.input_number)?;
    ws.merge_range(r2, 5, r2, 6, "实际支出（万元）", &s.label)?;
    ws.merge_range(r2, 7, r2, 8, "", &s.input_number)?;
    put(ws, r2, 7, fill("实际支出", ""), &s.input_number)?;
    ws.write_string_with_format(r2, 9, "评价年度", &s.label)?;
    put(ws, r2, 10, fill("评价年度", ""), &s.input)?;
    ws.set_row_height(r, 24)?;
    ws.set_row_height(r2, 30)?;
    Ok(row + 2)
}

/// The column titles of the indicator table (repeated on every printed page). Returns the
/// next row.
fn column_header(ws: &mut Worksheet, s: &TemplateStyles, row: u32) -> Result<u32, XlsxError> {
    for (c, (t, _)) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *t, &s.header)?;
    }
    ws.set_row_height(row, 30)?;
    Ok(row + 1)
}

/// The indicator rows from `top`: the merged 一级 and 二级 cells, then one row per indicator of
/// the framework. Returns the next row and the sums of what was filled in.
fn indicator_rows(
    ws: &mut Worksheet,
    s: &TemplateStyles,
    cfg: &Config,
    fill: Fill,
    top: u32,
) -> Result<(u32, Sums), XlsxError> {
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
    let mut sums = Sums {
        score: None,
        deduction: Decimal::ZERO,
    };
    for (k, i) in EVALUATION_INDICATORS.iter().enumerate() {
        if let Some((score, deduction)) = indicator_row(ws, s, cfg, fill, top + k as u32, i)? {
            sums.score = Some(sums.score.unwrap_or_default() + score);
            sums.deduction += deduction;
        }
    }
    Ok((top + EVALUATION_INDICATORS.len() as u32, sums))
}

/// One indicator row (the level cells are merged by [`indicator_rows`]): the framework's
/// 三级指标, 指标解释, 评价标准 and 分值, the input cells, and the 扣分情况 formula; its height
/// fits the wrapped texts. Returns the filled-in score and its deduction, if a score was given.
fn indicator_row(
    ws: &mut Worksheet,
    s: &TemplateStyles,
    cfg: &Config,
    fill: Fill,
    r: u32,
    i: &Indicator,
) -> Result<Option<(Decimal, Decimal)>, XlsxError> {
    let score = fill(i.level3, "评价得分");
    let deduction = dec_of(&score).map(|sc| cfg.round(Decimal::from(i.weight) - sc));
    let filled = dec_of(&score).zip(deduction);
    ws.write_string_with_format(r, 2, i.level3, &s.center)?;
    ws.write_string_with_format(r, 3, i.explanation, &s.text)?;
    ws.write_string_with_format(r, 4, i.criterion, &s.text)?;
    ws.write_number_with_format(r, 5, f64::from(i.weight), &s.number)?;
    put(ws, r, 6, fill(i.level3, "实际完成值"), &s.input_center)?;
    put(ws, r, 7, fill(i.level3, "不符合项"), &s.input_center)?;
    put(ws, r, 8, score, &s.input_number)?;
    ws.write_formula_with_format(
        r,
        9,
        Formula::new(deduction_formula(cfg, &a1(r, 5), &a1(r, 8)))
            .set_result(cached(deduction, cfg)),
        &s.formula,
    )?;
    put(ws, r, 10, fill(i.level3, "扣分原因"), &s.input)?;
    fit_row(
        ws,
        r,
        &[(i.explanation, COLUMNS[3].1), (i.criterion, COLUMNS[4].1)],
    )?;
    Ok(filled)
}

/// The hints shown on the input columns of rows `top..=bottom`: 实际完成值, 不符合项, and
/// 评价得分 (which must also lie between 0 and the 指标分值).
fn input_hints(ws: &mut Worksheet, top: u32, bottom: u32) -> Result<(), XlsxError> {
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
            .allow_decimal_number_formula(DataValidationRule::Between(
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
    Ok(())
}

/// The 合计 row: `SUM`s of 指标分值, 评价得分 and 扣分情况 over the indicator rows `top..row`
/// (the score sums stay empty until a score is entered). Returns the next row.
fn total_row(
    ws: &mut Worksheet,
    s: &TemplateStyles,
    cfg: &Config,
    top: u32,
    row: u32,
    sums: Sums,
) -> Result<u32, XlsxError> {
    ws.merge_range(row, 0, row, 4, "合计", &s.label)?;
    let range = |c: u16| format!("{}:{}", a1(top, c), a1(row - 1, c));
    let weight_sum: u32 = EVALUATION_INDICATORS.iter().map(|i| i.weight).sum();
    ws.write_formula_with_format(
        row,
        5,
        Formula::new(format!("=SUM({})", range(5))).set_result(weight_sum.to_string()),
        &s.number,
    )?;
    ws.write_blank(row, 6, &s.text)?;
    ws.write_blank(row, 7, &s.text)?;
    for (c, result) in [(8u16, sums.score), (9, sums.score.map(|_| sums.deduction))] {
        ws.write_formula_with_format(
            row,
            c,
            Formula::new(format!("=IF(COUNT({})=0,\"\",SUM({}))", range(8), range(c)))
                .set_result(cached(result, cfg)),
            &s.formula,
        )?;
    }
    ws.write_blank(row, 10, &s.text)?;
    ws.set_row_height(row, 24)?;
    Ok(row + 1)
}

/// The 评定等级 line: the grade formula over `total_cell` (the 合计 评价得分), with the grade of
/// `score` as its cached result, and the bands in words. Returns the next row.
fn grade_row(
    ws: &mut Worksheet,
    s: &TemplateStyles,
    cfg: &Config,
    row: u32,
    total_cell: &str,
    score: Option<Decimal>,
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(row, 0, "评定等级", &s.label)?;
    ws.merge_range(row, 1, row, 2, "", &s.formula)?;
    ws.write_formula_with_format(row, 1, grade_cell(total_cell, score, cfg), &s.formula)?;
    ws.merge_range(
        row,
        3,
        row,
        LAST_COL,
        &format!(
            "等级按合计得分自动评定：{}（财预〔2020〕10号）",
            bands_text(cfg)
        ),
        &s.plain,
    )?;
    ws.set_row_height(row, 24)?;
    Ok(row + 1)
}
