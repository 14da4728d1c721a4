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
    /// A typical cause, in Chinese, for the guide (`docs/使用说明.md`).
    pub fn cause(self) -> &'static str {
        match self {
            Code::S001 => "文件损坏、设了打开密码，或不是 Excel 工作簿（如 WPS 的 .et、改了扩展名的 Word 文件）",
            Code::S002 => "交错了文件（只有填表说明、目标表），或表头不在前 30 行",
            Code::S003 => "表头缺少“三级指标”“分值”“得分”之一，或用了无法识别的列标题",
            Code::S004 => "工作簿用了 jixiao 无法安全改写的写法（如 Strict OOXML、共享公式的主单元格），或是 .xls/.ods 格式",
            Code::S005 => "某个单元格粘贴了整篇材料",
            Code::W101 => "一级指标的分值填错或漏填，加起来不是 100",
            Code::W102 => "二级指标名称里写的分值（如“项目立项(7分)”）与下面各项分值之和不同",
            Code::W103 => "分值单元格为空、写了文字（如“待定”）或为 0",
            Code::W104 => "一级指标权重与县里规定的权重（jixiao.toml 的 expected_level1）不同",
            Code::W105 => "旧版自评表只在一级指标名称里写分值，没有“分值”列",
            Code::C201 => "得分为空、写了文字、是 #DIV/0! 等错误值，或公式没有保存计算结果",
            Code::C202 => "得分大于该指标分值，或为负数",
            Code::C203 => "扣分情况与“分值 − 得分”算不平",
            Code::C204 => "合计行的分值、得分或扣分没有按各指标相加",
            Code::C205 => "扣了分，但“扣分原因”一栏空着",
            Code::C206 => "没有扣分却写了扣分原因（常见于改了得分、忘了删原因）",
            Code::C207 => "表下方“自评得分”“等级”或合计行没有随各项得分更新",
            Code::C208 => "扣分原因里写的完成情况按评价标准应不扣分（或应扣更多）",
            Code::R301 => "没有按评价标准的算法计分（如按比例计分却给了满分）",
            Code::R302 => "扣的分数不是评价标准里任何一种扣法能得出的",
            Code::R303 => "评价标准的写法 jixiao 无法理解",
            Code::R304 => "评价标准只写了指标定义或“酌情扣分”，没有写怎样计分",
            Code::R305 => "没有填写实际完成值或不符合项，无法按规则重算",
            Code::R306 => "不符合项写了评价标准没有列出的要点编号",
            Code::R307 => "实际完成值写成 0.97 之类的小数，按 97% 理解",
            Code::R308 => "定性指标的得分不在该档次对应的分值区间内",
            Code::R309 => "实际完成值远超年度指标值，却没有写偏差原因",
            Code::R310 => "评价标准没有写明每项分值，jixiao 按平均分配计算",
            Code::B401 => "预算执行率得分没有按“分值 × 执行率”计算，或执行率算错",
            Code::B402 => "年度资金总额与财政拨款、上年结转、其他资金之和不等",
            Code::B403 => "全年执行数大于全年预算数",
        }
    }

    /// How the department (or the reviewer) fixes it, in Chinese, for the guide.
    pub fn fix(self) -> &'static str {
        match self {
            Code::S001 => "在 Excel 或 WPS 中打开，去掉密码，“另存为” .xlsx 后重新报送",
            Code::S002 => "确认报送的是评价表/自评表；表头应包含“三级指标”“分值”“得分”等列",
            Code::S003 => "补上缺少的列，或在 jixiao.toml 的 [columns] 中登记本地的列标题",
            Code::S004 => "无需处理；要保留原格式，可把工作簿另存为 .xlsx 后再复核",
            Code::S005 => "删减该单元格的文字，长材料另附",
            Code::W101 => "按评价方案核对一级指标分值，使合计为 100",
            Code::W102 => "改正名称中的分值或下面各项的分值，使两者一致",
            Code::W103 => "填写该指标的分值（大于 0 的数字）",
            Code::W104 => "按规定调整权重，或在报告中说明理由",
            Code::W105 => "无需处理；如能补上“分值”列，可以核对每个指标",
            Code::C201 => "填写 0 到分值之间的得分；公式请在 Excel 中重新计算后保存",
            Code::C202 => "把得分改为不超过分值的数",
            Code::C203 => "扣分情况改为分值减得分",
            Code::C204 => "合计行改为各指标之和（可用 SUM 公式）",
            Code::C205 => "在“扣分原因”中写明扣分理由",
            Code::C206 => "核对得分；确实不扣分就删去扣分原因",
            Code::C207 => "把总分、等级改为复核结果",
            Code::C208 => "核对扣分原因中的数据和扣分，使两者一致",
            Code::R301 => "按评价标准重新计算得分（复核工作簿的“评分依据”列有算式）",
            Code::R302 => "按评价标准的扣分办法重新计算扣分",
            Code::R303 => {
                "用 jixiao explain 查看理解情况，改写成“≥X%得满分，每低1个百分点扣Y分”之类的写法"
            }
            Code::R304 => "补充评分规则（如“≥X%得满分，每低1个百分点扣Y分”），或由复核人员人工核定",
            Code::R305 => "填写实际完成值，或在“不符合项”列写明不符合的要点",
            Code::R306 => "只填写评价标准列出的要点编号（如①②③）",
            Code::R307 => "无需处理；建议直接写成 97%",
            Code::R308 => "按定性档次的分值区间给分，或改正实际完成值",
            Code::R309 => "填写偏差原因；如年度指标值定得偏低，下年度应调整",
            Code::R310 => "在评价标准中写明每项的分值",
            Code::B401 => "按“分值 × 执行率”（不超过分值）计算预算执行率得分",
            Code::B402 => "改正年度资金总额或其中各项，使总额等于各项之和",
            Code::B403 => "核对执行数和预算数（预算调整后应填调整后的全年预算数）",
        }
    }

    /// The guide's code table (`docs/使用说明.md`): code, level, meaning, a typical cause and
    /// the fix, one row per code in registry order.
    pub fn guide_table() -> String {
        let mut out =
            String::from("| 代码 | 级别 | 含义 | 常见原因 | 怎样改 |\n|---|---|---|---|---|\n");
        for code in Code::ALL {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                code,
                code.severity().label(),
                code.title(),
                code.cause(),
                code.fix()
            ));
        }
        out
    }

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
