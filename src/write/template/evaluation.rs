//! The 项目支出绩效评价表 sheet of the 评价 template (财预〔2020〕10号 附件2): the title and the
//! project's facts, the indicator table with its merged levels and input hints, the 合计 row, the
//! 评定等级 line and the signature line. Built by [`super::build`].

use super::formulas::{a1, bands_text, grade_cell, round_fn};
use super::style::{fit_row, page_setup, protect, Styles};
use super::{cached, dec_of, merged_levels, put, Fill, EVALUATION_INDICATORS};
use crate::config::Config;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DataValidation, Formula, Worksheet, XlsxError};

pub(super) fn evaluation_sheet(
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
