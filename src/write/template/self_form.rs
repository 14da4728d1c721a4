//! The 项目支出绩效自评表 sheet of the 自评 template (财预〔2020〕10号 附件1): the title and the
//! project's facts, the budget block with its 执行率 and 得分 formulas, 年度总体目标, the 绩效指标
//! rows with the drop-down of qualitative labels, the 总分 row, the 评定等级 line and the
//! signature line. Built by [`super::build`].
//!
//! Each step writes its rows from the row it is given and returns the next one.

use super::formulas::{a1, bands_text, budget_formula, grade_cell};
use super::page::{page_setup, protect};
use super::{cached, dec_of, hint, merged_levels, put, signature_line, Fill};
use crate::config::{BudgetScore, Config};
use crate::framework::{BUDGET_WEIGHT, QUALITATIVE_LABELS, SELF_INDICATORS};
use crate::text::fmt_dec;
use crate::write::style::TemplateStyles;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Formula, Worksheet, XlsxError};

/// The widths of the columns A to I.
const WIDTHS: [f64; 9] = [6.0, 14.0, 14.0, 22.0, 14.0, 18.0, 8.0, 8.0, 32.0];

/// The last column (偏差原因分析及改进措施), the right edge of the title and of the blocks.
const LAST_COL: u16 = 8;

/// The rows of the budget block under 年度资金总额.
const BUDGET_PARTS: [&str; 3] = ["其中：本年财政拨款", "上年结转资金", "其他资金"];

/// The amount columns of the budget block, from column C; also the `fill` column names.
const AMOUNTS: [&str; 3] = ["年初预算数", "全年预算数", "全年执行数"];

/// What the 总分 row needs of the budget block.
struct Budget {
    /// The row of 年度资金总额, whose 分值 and 得分 cells the 总分 adds.
    row: u32,
    /// The 得分 of 预算执行率 from the filled-in amounts, if 全年预算数 was given.
    score: Option<Decimal>,
}

/// Writes the 绩效自评表 sheet top to bottom, then protects it and sets up the page.
pub(super) fn self_sheet(
    ws: &mut Worksheet,
    s: &TemplateStyles,
    cfg: &Config,
    fill: Fill,
) -> Result<(), XlsxError> {
    ws.set_name("绩效自评表")?;
    // A blank form shows empty totals: formulas without a result cache an empty string.
    ws.set_formula_result_default("");
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let row = title(ws, s, 0)?;
    let row = facts(ws, s, fill, row)?;
    let (row, budget) = budget_block(ws, s, cfg, fill, row)?;
    let header = goals(ws, s, fill, row)?;
    let top = indicator_header(ws, s, header)?;
    let (total, score) = indicator_rows(ws, s, fill, top)?;
    input_hints(ws, top, total - 1)?;
    let total_score = score.map(|t| t + budget.score.unwrap_or_default());
    let grade = total_row(ws, s, cfg, top, total, budget.row, total_score)?;
    let row = grade_row(ws, s, cfg, grade, &a1(total, 7), total_score)?;
    // After a blank line.
    signature_line(
        ws,
        s,
        row + 1,
        LAST_COL,
        "填表人：　　　　　　　　联系电话：　　　　　　　　填表日期：　　　　年　　月　　日",
    )?;
    protect(ws);
    page_setup(ws, (header, header))?;
    Ok(())
}

/// The title and the line for the year under it. Returns the next row.
fn title(ws: &mut Worksheet, s: &TemplateStyles, row: u32) -> Result<u32, XlsxError> {
    ws.merge_range(row, 0, row, LAST_COL, "项目支出绩效自评表", &s.title)?;
    ws.set_row_height(row, 32)?;
    ws.merge_range(
        row + 1,
        0,
        row + 1,
        LAST_COL,
        "（　　　　年度）",
        &s.subtitle,
    )?;
    Ok(row + 2)
}

/// The project's facts, label and input cells: 项目名称 on one row, 主管部门 and 实施单位 on the
/// next. Returns the next row.
fn facts(ws: &mut Worksheet, s: &TemplateStyles, fill: Fill, row: u32) -> Result<u32, XlsxError> {
    let (r, r2) = (row, row + 1);
    ws.merge_range(r, 0, r, 1, "项目名称", &s.label)?;
    ws.merge_range(r, 2, r, LAST_COL, "", &s.input)?;
    put(ws, r, 2, fill("项目名称", ""), &s.input)?;
    ws.merge_range(r2, 0, r2, 1, "主管部门", &s.label)?;
    ws.merge_range(r2, 2, r2, 4, "", &s.input)?;
    put(ws, r2, 2, fill("主管部门", ""), &s.input)?;
    ws.write_string_with_format(r2, 5, "实施单位", &s.label)?;
    ws.merge_range(r2, 6, r2, LAST_COL, "", &s.input)?;
    put(ws, r2, 6, fill("实施单位", ""), &s.input)?;
    ws.set_row_height(r, 24)?;
    ws.set_row_height(r2, 24)?;
    Ok(row + 2)
}

/// The budget block: its header, the 年度资金总额 row of formulas, then the 其中 rows to fill in.
/// Returns the next row and what the 总分 needs of the block.
fn budget_block(
    ws: &mut Worksheet,
    s: &TemplateStyles,
    cfg: &Config,
    fill: Fill,
    row: u32,
) -> Result<(u32, Budget), XlsxError> {
    let total = budget_header(ws, s, row)?;
    let score = budget_total_row(ws, s, cfg, fill, total)?;
    let next = budget_part_rows(ws, s, fill, total + 1)?;
    for r in total..next {
        ws.set_row_height(r, 22)?;
    }
    Ok((next, Budget { row: total, score }))
}

/// The header of the budget block: 项目资金（万元）| 年初预算数 | 全年预算数 | 全年执行数 | 分值 |
/// 执行率 | 得分. Returns the next row.
fn budget_header(ws: &mut Worksheet, s: &TemplateStyles, row: u32) -> Result<u32, XlsxError> {
    ws.merge_range(row, 0, row, 1, "项目资金（万元）", &s.header)?;
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
        ws.write_string_with_format(row, 2 + c as u16, *t, &s.header)?;
    }
    ws.write_blank(row, LAST_COL, &s.header)?;
    ws.set_row_height(row, 24)?;
    Ok(row + 1)
}

/// The 年度资金总额 row: the amounts as `SUM`s of the 其中 rows under it, the 分值 of 预算执行率,
/// and 执行率 and 得分 as formulas, with the filled-in amounts' results cached. Returns the
/// cached 得分.
fn budget_total_row(
    ws: &mut Worksheet,
    s: &TemplateStyles,
    cfg: &Config,
    fill: Fill,
    row: u32,
) -> Result<Option<Decimal>, XlsxError> {
    let (first, last) = (row + 1, row + BUDGET_PARTS.len() as u32);
    ws.merge_range(row, 0, row, 1, "年度资金总额", &s.label)?;
    let sums = filled_amounts(fill);
    for c in 2..5u16 {
        ws.write_formula_with_format(
            row,
            c,
            Formula::new(format!("=SUM({}:{})", a1(first, c), a1(last, c)))
                .set_result(fmt_dec(sums[usize::from(c - 2)].normalize())),
            &s.formula,
        )?;
    }
    let (budget_sum, spent_sum) = (sums[1], sums[2]);
    let rate = (budget_sum > Decimal::ZERO).then(|| spent_sum / budget_sum);
    let budget_score = rate
        .and_then(|r| cfg.budget_score(Decimal::from(BUDGET_WEIGHT), r * Decimal::from(100)))
        .map(|s| cfg.round(s));
    ws.write_number_with_format(row, 5, f64::from(BUDGET_WEIGHT), &s.number)?;
    let (budget, spent, weight) = (a1(row, 3), a1(row, 4), a1(row, 5));
    ws.write_formula_with_format(
        row,
        6,
        Formula::new(format!("=IF(N({budget})>0,{spent}/{budget},\"\")")).set_result(
            rate.map(|r| r.round_dp(10).normalize().to_string())
                .unwrap_or_default(),
        ),
        &s.percent,
    )?;
    ws.write_formula_with_format(
        row,
        7,
        Formula::new(budget_formula(cfg, &weight, &budget, &spent))
            .set_result(cached(budget_score, cfg)),
        &s.formula,
    )?;
    ws.write_blank(row, LAST_COL, &s.text)?;
    Ok(budget_score)
}

/// The `fill` row name of a budget row: its label without `其中：`.
fn part_key(label: &str) -> &str {
    label.trim_start_matches("其中：")
}

/// The [`AMOUNTS`] filled into the 其中 rows, each summed over the rows (an empty cell counts 0).
fn filled_amounts(fill: Fill) -> [Decimal; 3] {
    let mut sums = [Decimal::ZERO; 3];
    for label in BUDGET_PARTS {
        for (k, col) in AMOUNTS.iter().enumerate() {
            sums[k] += dec_of(&fill(part_key(label), col)).unwrap_or_default();
        }
    }
    sums
}

/// The 其中 rows of the budget block: the three amounts to fill in, a dash under 分值, 执行率
/// and 得分. Returns the next row.
fn budget_part_rows(
    ws: &mut Worksheet,
    s: &TemplateStyles,
    fill: Fill,
    row: u32,
) -> Result<u32, XlsxError> {
    for (k, label) in BUDGET_PARTS.iter().enumerate() {
        let r = row + k as u32;
        ws.merge_range(r, 0, r, 1, label, &s.text)?;
        for (k, col) in AMOUNTS.iter().enumerate() {
            put(
                ws,
                r,
                2 + k as u16,
                fill(part_key(label), col),
                &s.input_number,
            )?;
        }
        for c in 5..8u16 {
            ws.write_string_with_format(r, c, "—", &s.center)?;
        }
        ws.write_blank(r, LAST_COL, &s.text)?;
    }
    Ok(row + BUDGET_PARTS.len() as u32)
}

/// 年度总体目标: the titles 预期目标 and 实际完成情况, and a tall row to fill in. Returns the next
/// row.
fn goals(ws: &mut Worksheet, s: &TemplateStyles, fill: Fill, row: u32) -> Result<u32, XlsxError> {
    let input = row + 1;
    ws.merge_range(row, 0, input, 1, "年度总体目标", &s.label)?;
    ws.merge_range(row, 2, row, 4, "预期目标", &s.header)?;
    ws.merge_range(row, 5, row, LAST_COL, "实际完成情况", &s.header)?;
    ws.merge_range(input, 2, input, 4, "", &s.input)?;
    put(ws, input, 2, fill("年度总体目标", "预期目标"), &s.input)?;
    ws.merge_range(input, 5, input, LAST_COL, "", &s.input)?;
    put(ws, input, 5, fill("年度总体目标", "实际完成情况"), &s.input)?;
    ws.set_row_height(input, 72)?;
    Ok(row + 2)
}

/// The column titles of the 绩效指标 rows (repeated on every printed page), and the label
/// 绩效指标 merged down column A over them and the indicator rows. Returns the next row.
fn indicator_header(ws: &mut Worksheet, s: &TemplateStyles, row: u32) -> Result<u32, XlsxError> {
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
        ws.write_string_with_format(row, 1 + c as u16, *t, &s.header)?;
    }
    ws.set_row_height(row, 30)?;
    let bottom = row + SELF_INDICATORS.len() as u32;
    ws.merge_range(row, 0, bottom, 0, "绩效指标", &s.label)?;
    Ok(row + 1)
}

/// The indicator rows from `top`: the merged 一级 and 二级 cells, then one row per indicator of
/// the form. Returns the next row and the sum of the filled-in scores (`None` if there is none).
fn indicator_rows(
    ws: &mut Worksheet,
    s: &TemplateStyles,
    fill: Fill,
    top: u32,
) -> Result<(u32, Option<Decimal>), XlsxError> {
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
    for (k, indicator) in SELF_INDICATORS.iter().enumerate() {
        if let Some(score) = indicator_row(ws, s, fill, top + k as u32, indicator)? {
            score_sum = Some(score_sum.unwrap_or_default() + score);
        }
    }
    Ok((top + SELF_INDICATORS.len() as u32, score_sum))
}

/// One indicator row (the level cells are merged by [`indicator_rows`]): the 三级指标 name,
/// 年度指标值 (the form's example unless filled in), 实际完成值, 分值, 得分 and 偏差原因, all
/// inputs. Returns the filled-in score, if any.
fn indicator_row(
    ws: &mut Worksheet,
    s: &TemplateStyles,
    fill: Fill,
    r: u32,
    indicator: &(&str, &str, &str, &str, u32),
) -> Result<Option<Decimal>, XlsxError> {
    let (_, _, name, target, weight) = *indicator;
    ws.write_string_with_format(r, 3, name, &s.input)?;
    let target = fill(name, "年度指标值").or((!target.is_empty()).then(|| target.to_string()));
    match target {
        Some(t) => ws.write_string_with_format(r, 4, t, &s.input_center)?,
        None => ws.write_blank(r, 4, &s.input_center)?,
    };
    put(ws, r, 5, fill(name, "实际完成值"), &s.input_center)?;
    ws.write_number_with_format(r, 6, f64::from(weight), &s.input_center)?;
    let score = fill(name, "得分");
    let filled = dec_of(&score);
    put(ws, r, 7, score, &s.input_number)?;
    put(ws, r, 8, fill(name, "偏差原因分析及改进措施"), &s.input)?;
    ws.set_row_height(r, 30)?;
    Ok(filled)
}

/// The input help on rows `top..=bottom`: a drop-down of the three qualitative labels on
/// 实际完成值 (any other value is still accepted), and how to score on 得分.
fn input_hints(ws: &mut Worksheet, top: u32, bottom: u32) -> Result<(), XlsxError> {
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
        &hint(
            "得分",
            "定量指标：完成指标值得满分，未完成按 实际完成值/年度指标值 × 分值 计分（反向指标按超出比例扣分）。得分低于分值的须填写偏差原因。",
        )?,
    )?;
    Ok(())
}

/// The 总分 row: `SUM`s of 分值 and 得分 over the indicator rows `top..row` plus those of the
/// budget block's row `budget_row` (the score empty until one is entered), with `total_score`
/// cached. Returns the next row.
fn total_row(
    ws: &mut Worksheet,
    s: &TemplateStyles,
    cfg: &Config,
    top: u32,
    row: u32,
    budget_row: u32,
    total_score: Option<Decimal>,
) -> Result<u32, XlsxError> {
    ws.merge_range(row, 0, row, 5, "总分", &s.label)?;
    let range = |c: u16| format!("{}:{}", a1(top, c), a1(row - 1, c));
    let weights: u32 = SELF_INDICATORS.iter().map(|i| i.4).sum::<u32>() + BUDGET_WEIGHT;
    let (budget_weight, budget_score) = (a1(budget_row, 5), a1(budget_row, 7));
    ws.write_formula_with_format(
        row,
        6,
        Formula::new(format!("=SUM({budget_weight},{})", range(6))).set_result(weights.to_string()),
        &s.number,
    )?;
    ws.write_formula_with_format(
        row,
        7,
        Formula::new(format!(
            "=IF(COUNT({})=0,\"\",SUM({budget_score},{}))",
            range(7),
            range(7)
        ))
        .set_result(cached(total_score, cfg)),
        &s.formula,
    )?;
    ws.write_blank(row, 8, &s.text)?;
    ws.set_row_height(row, 24)?;
    Ok(row + 1)
}

/// The 评定等级 line: the grade formula over `total_cell` (the 总分 得分), with the grade of
/// `total_score` as its cached result, then the bands and the budget rule in words. Returns the
/// next row.
fn grade_row(
    ws: &mut Worksheet,
    s: &TemplateStyles,
    cfg: &Config,
    row: u32,
    total_cell: &str,
    total_score: Option<Decimal>,
) -> Result<u32, XlsxError> {
    ws.merge_range(row, 0, row, 1, "评定等级", &s.label)?;
    ws.write_formula_with_format(row, 2, grade_cell(total_cell, total_score, cfg), &s.formula)?;
    let budget_rule = match &cfg.budget_score {
        BudgetScore::Proportional => "得分 = 分值 × 执行率，最高为分值".to_string(),
        BudgetScore::Threshold { text, .. } => format!("得分按“{text}”计算"),
    };
    ws.merge_range(
        row,
        3,
        row,
        LAST_COL,
        &format!(
            "等级按总分自动评定：{}；预算执行率{budget_rule}。",
            bands_text(cfg)
        ),
        &s.plain,
    )?;
    ws.set_row_height(row, 24)?;
    Ok(row + 1)
}
