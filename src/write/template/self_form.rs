//! The 项目支出绩效自评表 sheet of the 自评 template (财预〔2020〕10号 附件1): the title and the
//! project's facts, the budget block with its 执行率 and 得分 formulas, 年度总体目标, the 绩效指标
//! rows with the drop-down of qualitative labels, the 总分 row, the 评定等级 line and the
//! signature line. Built by [`super::build`].

use super::formulas::{a1, bands_text, budget_formula, grade_cell};
use super::style::{page_setup, protect, Styles};
use super::{
    cached, dec_of, merged_levels, put, Fill, BUDGET_WEIGHT, QUALITATIVE_LABELS, SELF_INDICATORS,
};
use crate::config::{BudgetScore, Config};
use crate::text::fmt_dec;
use rust_decimal::Decimal;
use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Formula, Worksheet, XlsxError};

pub(super) fn self_sheet(
    ws: &mut Worksheet,
    s: &Styles,
    cfg: &Config,
    fill: Fill,
) -> Result<(), XlsxError> {
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
