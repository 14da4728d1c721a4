//! The 填表说明 sheet of both templates: what each column takes and the scoring rules, in the
//! words of 财预〔2020〕10号 and of the configured grade bands and budget score. Built by
//! [`super::build`] after the form itself.

use super::formulas::bands_text;
use super::page::{fit_row, protect};
use super::Kind;
use crate::config::{BudgetScore, Config};
use crate::write::style::TemplateStyles;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// The words of a 填表说明 sheet.
struct Instructions {
    /// The title of the sheet.
    title: &'static str,
    /// What the form follows, who fills it in, and which cells are open.
    intro: &'static str,
    /// Each column (or block) of the form and what to write in it.
    columns: Vec<(&'static str, String)>,
    /// The scoring rules, numbered on the sheet.
    rules: Vec<String>,
}

/// Writes the 填表说明 sheet of a kind: the title and introduction, the table of columns, the
/// scoring rules and a closing note on the review; protected, and printed on one page.
pub(super) fn instructions_sheet(
    ws: &mut Worksheet,
    s: &TemplateStyles,
    kind: Kind,
    cfg: &Config,
) -> Result<(), XlsxError> {
    ws.set_name("填表说明")?;
    ws.set_column_width(0, 18)?;
    ws.set_column_width(1, 96)?;
    let grades = bands_text(cfg);
    let text = match kind {
        Kind::Evaluation => evaluation_instructions(&grades),
        Kind::SelfEvaluation => self_instructions(cfg, &grades),
    };
    let row = title_and_intro(ws, s, &text, 0)?;
    // Each block after a blank line.
    let row = column_table(ws, s, &text.columns, row + 1)?;
    let row = scoring_rules(ws, s, &text.rules, row + 1)?;
    closing_note(ws, s, row + 1)?;
    protect(ws);
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 1);
    Ok(())
}

/// The instructions of the 评价 form (附件2); `grades` are the bands in words.
fn evaluation_instructions(grades: &str) -> Instructions {
    Instructions {
        title: "项目支出绩效评价表 填表说明",
        intro: "本表依据财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）附件2“项目支出绩效评价指标体系框架（参考）”编制，用于财政评价和部门评价。浅黄色单元格为填写区，其余单元格已保护（未设密码，如需调整指标可在“审阅 → 撤销工作表保护”后修改）。",
        columns: vec![
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
        rules: vec![
            "评价标准中“以上”“不低于”“达到”含本数，“大于”“高于”“超过”不含本数；“以下”“以内”含本数，“小于”“低于”“不足”不含本数。".to_string(),
            "“每低1个百分点扣X分”按实际差距计算（差2.5个百分点扣2.5X分），扣完为止；“每下降1%扣权重的1%”指每个百分点扣该指标分值的1%。".to_string(),
            "清单类指标：每项不符合扣相应分值；注明“严重的此项不得分”的，情节严重时该指标得 0 分。".to_string(),
            format!("总分 100 分；等级：{grades}。"),
        ],
    }
}

/// The instructions of the 自评 form (附件1), with the configured budget score; `grades` are
/// the bands in words.
fn self_instructions(cfg: &Config, grades: &str) -> Instructions {
    Instructions {
        title: "项目支出绩效自评表 填表说明",
        intro: "本表依据财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）附件1“项目支出绩效自评表”编制，由项目单位年度终了后填报。浅黄色单元格为填写区，其余单元格已保护（未设密码）。",
        columns: vec![
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
        rules: vec![
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
    }
}

/// The title, and the introduction under it. Returns the next row.
fn title_and_intro(
    ws: &mut Worksheet,
    s: &TemplateStyles,
    text: &Instructions,
    row: u32,
) -> Result<u32, XlsxError> {
    ws.merge_range(row, 0, row, 1, text.title, &s.title)?;
    ws.set_row_height(row, 30)?;
    ws.merge_range(row + 1, 0, row + 1, 1, text.intro, &s.plain)?;
    fit_row(ws, row + 1, &[(text.intro, 100.0)])?;
    Ok(row + 2)
}

/// The table 栏目 | 填写说明, one row per column of the form. Returns the next row.
fn column_table(
    ws: &mut Worksheet,
    s: &TemplateStyles,
    columns: &[(&str, String)],
    row: u32,
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(row, 0, "栏目", &s.header)?;
    ws.write_string_with_format(row, 1, "填写说明", &s.header)?;
    let mut r = row + 1;
    for (name, text) in columns {
        ws.write_string_with_format(r, 0, *name, &s.label)?;
        ws.write_string_with_format(r, 1, text, &s.text)?;
        fit_row(ws, r, &[(name, 18.0), (text, 96.0)])?;
        r += 1;
    }
    Ok(r)
}

/// 评分规则 and the numbered rules under it. Returns the next row.
fn scoring_rules(
    ws: &mut Worksheet,
    s: &TemplateStyles,
    rules: &[String],
    row: u32,
) -> Result<u32, XlsxError> {
    ws.merge_range(row, 0, row, 1, "评分规则", &s.header)?;
    let mut r = row + 1;
    for (k, text) in rules.iter().enumerate() {
        let line = format!("{}. {text}", k + 1);
        ws.merge_range(r, 0, r, 1, &line, &s.text)?;
        fit_row(ws, r, &[(&line, 100.0)])?;
        r += 1;
    }
    Ok(r)
}

/// The closing note: how the county reviews the form with jixiao.
fn closing_note(ws: &mut Worksheet, s: &TemplateStyles, row: u32) -> Result<(), XlsxError> {
    let tail = "复核：县财政局使用 jixiao 批量复核各单位报送的本表（jixiao check 表.xlsx 可在报送前自查），按评价标准重新计算得分，并列出分值、得分、扣分和扣分原因中的问题。";
    ws.merge_range(row, 0, row, 1, tail, &s.plain)?;
    fit_row(ws, row, &[(tail, 100.0)])?;
    Ok(())
}
