//! Findings as plain data: the registry of stable diagnostic codes, their severities, and the
//! [`Diagnostic`] value every check returns. Rendering to text or JSON happens in `report`.
//!
//! The codes are a contract with users and scripts (SPEC §7): never renumber or reuse one.
//! The README's code table is generated from [`Code::markdown_table`] and a test keeps the two
//! in step.

use crate::grid::CellRef;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The submission is wrong and must be corrected (exit status 1).
    Error,
    /// Probably wrong or incomplete; a reviewer should look (exit 1 with `--deny-warnings`).
    Warning,
    /// Worth knowing; nothing to correct.
    Info,
}

impl Severity {
    /// The Chinese word shown to users: 错误 / 警告 / 提示.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $name:ident = $sev:ident, $title:literal; )*) => {
        /// The registry of stable diagnostic codes (SPEC §7).
        ///
        /// Each variant's doc says what it finds, why it matters and gives an example.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[doc = $doc])* $name, )*
        }

        impl Code {
            /// Every code, in registry order.
            pub const ALL: &'static [Code] = &[$(Code::$name),*];

            /// The code's fixed severity.
            pub fn severity(self) -> Severity {
                match self { $(Code::$name => Severity::$sev,)* }
            }

            /// A one-line Chinese summary of what the code means.
            pub fn title(self) -> &'static str {
                match self { $(Code::$name => $title,)* }
            }

            /// The ASCII code, e.g. `"C205"`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$name => stringify!($name),)* }
            }

            /// The full documentation of the code (What it does / Why it matters / Example).
            pub fn doc(self) -> &'static str {
                match self { $(Code::$name => concat!($($doc, "\n"),*),)* }
            }
        }
    };
}

codes! {
    /// What it does: reports a file that cannot be opened as a workbook (corrupt, encrypted,
    /// not a spreadsheet, unsupported format such as WPS `.et`).
    /// Why it matters: the department's submission cannot be reviewed at all.
    /// Example: `报表.xlsx` that is really a Word document.
    S001 = Error, "文件无法读取（损坏、加密或格式不支持）";
    /// What it does: reports a workbook in which no sheet holds an indicator table.
    /// Why it matters: the wrong file was probably handed in.
    /// Example: a workbook with only a 填表说明 sheet.
    S002 = Error, "没有找到指标表";
    /// What it does: reports a sheet whose header names indicators but lacks 三级指标, 分值 or 得分.
    /// Why it matters: without weights and scores nothing can be checked.
    /// Example: a 绩效目标表 with 指标值 but no 分值 or 得分 column.
    S003 = Error, "缺少必需的列（三级指标、分值或得分）";
    /// What it does: says an `.xlsx` could not be annotated in place and was rebuilt.
    /// Why it matters: the rebuilt copy keeps values, formulas and merges but not the
    /// department's fonts, fills, number formats, images or charts.
    /// Example: a strict-OOXML workbook, or a reviewed cell that is a shared formula's master.
    S004 = Info, "复核工作簿未能在原文件上直接标注，已按内容重建";
    /// What it does: notes a cell whose text passes Excel's limit of 32,767 characters.
    /// Why it matters: a rebuilt copy can hold only the first 32,767; report.json keeps the
    /// indicator's texts whole.
    /// Example: a 扣分原因 pasted with a whole report in it.
    S005 = Info, "单元格文字超过 Excel 单元格上限（32767 个字符）";
    /// What it does: compares the sum of the level1 weights with the configured total (100).
    /// Why it matters: the score is out of the wrong total and the grade bands no longer apply.
    /// Example: 决策 10 + 过程 30 + 产出 30 + 效果 28 = 98.
    W101 = Error, "一级指标权重合计不等于总分";
    /// What it does: compares a weight written in a level name (`项目立项(7分)`) with the sum
    /// of its children, and a weight in a level3 name with the 分值 column.
    /// Why it matters: one of the two numbers is wrong; the table does not add up.
    /// Example: `资金落实(3分)` over indicators of 1 and 1.
    W102 = Error, "指标名称中的分值与下级合计或分值列不一致";
    /// What it does: reports an indicator whose weight is missing, not a number or not positive.
    /// Why it matters: the indicator cannot be scored.
    /// Example: 分值 cell `待定`.
    W103 = Error, "分值缺失、不是数字或不大于0";
    /// What it does: compares each level1 weight with the expected weights the county sets in
    /// `[expected_level1]` (none by default; e.g. the 财预〔2020〕10号 split 产出 50 / 效益 30).
    /// Why it matters: departures must be justified to the finance bureau.
    /// Example: `产出指标(40分)` in a self-evaluation form.
    W104 = Warning, "一级指标权重与规定权重不一致";
    /// What it does: notes a table without a 分值 column (an older 自评表 that states weights
    /// only per block, `产出指标(40分)`); the scores and totals are still read and checked.
    /// Why it matters: no indicator's weight or score ceiling can be checked.
    /// Example: columns 三级指标 / 年初目标值(A) / 实际完成值(B) / 得分.
    W105 = Info, "表中没有分值列，各指标分值无法核对";
    /// What it does: reports a score that is empty, not a number, an error cell such as
    /// `#DIV/0!`, or a formula saved without its result.
    /// Why it matters: a missing score is never read as 0; the total cannot be formed.
    /// Example: 评价得分 `#DIV/0!`.
    C201 = Error, "得分缺失或不是数字";
    /// What it does: reports a score above the indicator's weight or below 0.
    /// Why it matters: no rule can award more than the weight.
    /// Example: 分值 4, 得分 5.
    C202 = Error, "得分超过分值或为负数";
    /// What it does: checks 扣分情况 = 分值 − 得分.
    /// Why it matters: the deduction column is what reviewers read first.
    /// Example: 分值 10, 得分 8, 扣分 1.
    C203 = Error, "扣分情况不等于分值减得分";
    /// What it does: compares the 合计 row with the sum of the indicators (weights, scores,
    /// deductions).
    /// Why it matters: the total is what gets reported upward.
    /// Example: 合计 95.4 while the scores add up to 94.4.
    C204 = Error, "合计行与各指标之和不一致";
    /// What it does: reports points deducted with no 扣分原因.
    /// Why it matters: 财预〔2020〕10号 requires every deduction to be explained.
    /// Example: 得分 8 of 10, 扣分原因 empty.
    C205 = Warning, "有扣分但没有扣分原因";
    /// What it does: notes a 扣分原因 on an indicator that lost no points.
    /// Why it matters: either the reason or the score is stale.
    /// Example: 得分 5 of 5 with 扣分原因 `资料归档不及时`.
    C206 = Info, "有扣分原因但没有扣分";
    /// What it does: compares a stated total (`自评得分：95.4`) or grade (`评定等级：优`) with the
    /// reviewed total and its grade.
    /// Why it matters: the grade is what the county publishes and acts on.
    /// Example: `评定等级：优` over scores that add up to 86 (良).
    C207 = Error, "填报的总分或等级与复核结果不一致";
    /// What it does: reports a 扣分原因 whose numbers contradict the deduction under the rule.
    /// Why it matters: a reason that cannot be true undermines the score.
    /// Example: 0.6 deducted at 0.3 per point below 90%, reason says 满意度大于96%.
    C208 = Warning, "扣分原因与扣分数值矛盾";
    /// What it does: reports a reviewed score (from the criterion and the row's inputs) that
    /// differs from the filed score.
    /// Why it matters: the filed score does not follow its own 评价标准.
    /// Example: 满意度 85%, rule 90% with 0.3 per point, filed 9.4, reviewed 8.5.
    R301 = Error, "按评价标准重算的得分与填报得分不一致";
    /// What it does: reports a filed deduction that the rule cannot produce.
    /// Why it matters: the score was set by hand, not by the criterion.
    /// Example: 一项不符合扣0.5分, deduction 0.7.
    R302 = Warning, "填报扣分无法由评价标准得出";
    /// What it does: notes a criterion the tool does not understand; the filed score is kept.
    /// Why it matters: the indicator needs a manual review.
    /// Example: 根据实际情况综合评定.
    R303 = Info, "评价标准未能识别，保留填报得分";
    /// What it does: reports a criterion that only defines a measure or leaves the score to
    /// discretion.
    /// Why it matters: the score cannot be checked; the criterion should be completed.
    /// Example: 变动率=[（实际成本-计划成本）/计划成本]×100%。
    R304 = Warning, "评价标准只有定义或酌情扣分，无法复核";
    /// What it does: notes a rule that was understood but whose inputs are missing.
    /// Why it matters: adding the 实际完成值 or 不符合项 lets the score be recomputed.
    /// Example: a threshold rule with no 实际完成值 column.
    R305 = Info, "缺少实际完成值或不符合项，未重算";
    /// What it does: reports failed items that the criterion does not list.
    /// Why it matters: the item numbers are wrong.
    /// Example: 不符合项 `⑤` for a criterion with ①–③.
    R306 = Error, "不符合项不在评价标准所列范围内";
    /// What it does: notes a fraction read as a percentage.
    /// Why it matters: 0.9552 shown as 95.52% is compared as 95.52.
    /// Example: 实际完成值 0.9552 under a 95% threshold.
    R307 = Info, "小数按百分比读取";
    /// What it does: checks a qualitative indicator's score lies in its grade's band.
    /// Why it matters: 财预〔2020〕10号 fixes the bands 80–100%, 60–80%, 0–60%.
    /// Example: 部分达成年度指标并具有一定效果 scored 10 of 10.
    R308 = Error, "定性指标得分不在对应档次区间内";
    /// What it does: reports an actual value 30% or more above its target with no reason.
    /// Why it matters: the target may have been set too low (财预〔2020〕10号).
    /// Example: 年度指标值 ≥50个, 实际完成值 80个, no 偏差原因.
    R309 = Warning, "实际完成值超过指标值30%以上且未说明原因";
    /// What it does: notes a score that rests on an assumption the criterion does not state.
    /// Why it matters: 评价要点 listed without their points are taken to share the weight
    /// equally; a reviewer may weigh them otherwise, so a different filed score is kept.
    /// Example: ①②③ listed, no points, weight 3, ② not met: 2 under the assumption.
    R310 = Info, "评分依据含假定（评价标准未写明每项分值，按平均分配计）";
    /// What it does: checks the budget-execution score against 分值 × 执行率.
    /// Why it matters: the 10 points of 预算执行率 are computed, not judged.
    /// Example: 预算 100, 执行 92, 分值 10, 得分 10 (should be 9.2).
    B401 = Error, "预算执行率得分与分值×执行率不一致";
    /// What it does: checks 年度资金总额 against the sum of its 其中 rows.
    /// Why it matters: the budget block must add up.
    /// Example: 年度资金总额 0 over 本年财政拨款 90.
    B402 = Error, "年度资金总额不等于其中各项之和";
    /// What it does: warns when 全年执行数 exceeds 全年预算数.
    /// Why it matters: spending above the budget needs an explanation.
    /// Example: 全年预算数 100, 全年执行数 105.
    B403 = Warning, "全年执行数超过全年预算数";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown diagnostic code {name}")))
    }
}

impl Code {
    /// The README table of every code: `| code | severity | meaning |`.
    pub fn markdown_table() -> String {
        let mut out = String::from("| 代码 | 级别 | 含义 |\n|---|---|---|\n");
        for code in Code::ALL {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                code,
                code.severity().label(),
                code.title()
            ));
        }
        out
    }
}

/// One finding: what, where, and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// The code's severity.
    pub severity: Severity,
    /// The index of the sheet the finding is on, in workbook order; `None` for file-level
    /// findings. (The report names the sheet with the project the finding belongs to.)
    #[serde(skip)]
    pub sheet: Option<usize>,
    /// The cell; `None` for file-level or sheet-level findings. A1 text in the report.
    pub cell: Option<CellRef>,
    /// The indicator's level3 name (or level name) the finding is about.
    pub indicator: Option<String>,
    /// What is wrong and what the right value is, in Chinese.
    pub message: String,
}

impl Diagnostic {
    /// A finding with the code's own severity and no location.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            sheet: None,
            cell: None,
            indicator: None,
            message: message.into(),
        }
    }

    /// The same finding located at a cell (zero-based row and column).
    pub fn at(mut self, row: u32, col: u32) -> Self {
        self.cell = Some(CellRef::new(row, col));
        self
    }

    /// The same finding about an indicator or level.
    pub fn about(mut self, indicator: impl Into<String>) -> Self {
        self.indicator = Some(indicator.into());
        self
    }

    /// The same finding on the sheet of this index (workbook order).
    pub fn on_sheet(mut self, sheet: usize) -> Self {
        self.sheet = Some(sheet);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_doc_with_the_three_parts() {
        for code in Code::ALL {
            let doc = code.doc();
            assert!(doc.contains("What it does"), "{code}");
            assert!(doc.contains("Why it matters"), "{code}");
            assert!(doc.contains("Example"), "{code}");
        }
    }

    #[test]
    fn codes_are_unique_and_sorted_by_family() {
        let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let mut sorted = names.clone();
        sorted.dedup();
        assert_eq!(names.len(), sorted.len());
        assert_eq!(Code::C208.severity(), Severity::Warning);
        assert_eq!(Code::S001.severity(), Severity::Error);
    }
}
