//! Stage 4: the pure per-workbook pipeline: for every visible sheet locate → model → review →
//! check. Takes a read [`Workbook`], returns a [`WorkbookEval`]; touches no files.
//!
//! Reviewed scores (SPEC §3): each indicator's rule is its 评分规则 cell, else its 评价标准,
//! parsed once per distinct text. With the inputs the rule needs (实际完成值, 年度指标值,
//! 不符合项) the rule's score is the reviewed score; otherwise the filed score is kept and
//! marked manual ("人工评分，未复核"). Reviewed deduction = weight − reviewed score.

use crate::config::Config;
use crate::diag::{Code, Diagnostic};
use crate::grid::Workbook;
use crate::review::checks::{self, sum_of, Reviewed, Totals};
use crate::review::locate::{locate_table_with, sheet_facts, Location, Role};
use crate::review::model::{build_tree, Family, Indicator, Project};
use crate::rule::parse::parse_rule;
use crate::rule::Rule;
use rust_decimal::Decimal;

/// A reviewed project: the tree as filed, the reviewed values and every finding.
#[derive(Debug, Clone)]
pub struct ProjectEval {
    /// The tree as filed.
    pub project: Project,
    /// 主管部门, else the folder name, else the file stem.
    pub department: String,
    /// Reviewed values per indicator, in the order of `project.indicators`.
    pub reviewed: Vec<Reviewed>,
    /// The budget block of a self-evaluation form, reviewed.
    pub budget: Option<checks::BudgetReview>,
    /// Sums and grade.
    pub totals: Totals,
    /// The filed total: the 合计 row's score, else a stated total, else the sum of scores.
    pub score_filed: Option<Decimal>,
    /// Findings on this sheet, sorted by row, column and code.
    pub diagnostics: Vec<Diagnostic>,
}

/// A reviewed workbook.
#[derive(Debug, Clone, Default)]
pub struct WorkbookEval {
    /// One entry per indicator sheet, in sheet order.
    pub projects: Vec<ProjectEval>,
    /// File-level findings (S002, S003), cell `None`.
    pub diagnostics: Vec<Diagnostic>,
}

/// Where a workbook came from, for the department fallback.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The name of the folder the file is in, if any.
    pub folder: Option<String>,
    /// The file name without extension.
    pub stem: String,
}

/// Reviews every sheet of a workbook.
pub fn evaluate_workbook(wb: &Workbook, origin: &Origin, cfg: &Config) -> WorkbookEval {
    let mut out = WorkbookEval::default();
    let info = wb
        .sheets
        .iter()
        .find(|g| crate::text::normalize_title(&g.name) == "基本信息")
        .map(sheet_facts);
    let mut incomplete = Vec::new();
    for (index, grid) in wb.sheets.iter().enumerate().filter(|(_, g)| g.visible) {
        match locate_table_with(grid, cfg) {
            Location::Table(table) => {
                let mut project = build_tree(grid, index, *table, &origin.stem);
                if let Some(info) = &info {
                    // A 项目名称 on the 基本信息 sheet comes before the sheet's title.
                    if let (None, Some(name)) = (&project.facts.project, &info.project) {
                        project.name = name.clone();
                    }
                    project.facts.fill_from(info);
                }
                out.projects.push(evaluate_project(project, origin, cfg));
            }
            Location::Incomplete { row, missing } => {
                let names: Vec<&str> = missing.iter().map(|r| r.title()).collect();
                incomplete.push(Diagnostic::new(
                    Code::S003,
                    format!(
                        "工作表“{}”第 {} 行像指标表表头，但缺少必需的列：{}（可用的列名见 README）",
                        grid.name,
                        row + 1,
                        names.join("、")
                    ),
                ));
            }
            Location::None => {}
        }
    }
    if out.projects.is_empty() && incomplete.is_empty() {
        // Cells beyond the scanned area are kept but never searched: say so, since the table
        // may be out there.
        let beyond: Vec<String> = wb
            .sheets
            .iter()
            .filter(|g| g.visible && g.outside_scan() > 0)
            .map(|g| format!("工作表“{}”有 {} 个", g.name, g.outside_scan()))
            .collect();
        let beyond = if beyond.is_empty() {
            String::new()
        } else {
            format!(
                "；{}单元格在第 {} 行以下或 {} 列以右，未在其中查找",
                beyond.join("、"),
                crate::grid::SCAN_ROWS,
                crate::grid::ColumnLetters(crate::grid::SCAN_COLS - 1)
            )
        };
        out.diagnostics.push(Diagnostic::new(
            Code::S002,
            format!("所有可见工作表中都没有找到指标表：表头应在前 30 行内，并包含“三级指标”“指标分值”“评价得分”等列{beyond}"),
        ));
    }
    out.diagnostics.extend(incomplete);
    long_texts(wb, &mut out);
    out
}

/// Excel's limit on the text of a cell, in UTF-16 units.
const EXCEL_TEXT_LIMIT: usize = 32_767;

/// S005 on every cell whose text passes Excel's limit (issue #18 item 9): report.json keeps
/// the indicator's texts whole, but a rebuilt copy can hold only the first 32,767 characters
/// (and Excel itself cuts or refuses such a cell). On a table's sheet the finding goes with its
/// project (and so into 复核说明 and 复核问题 at the cell); elsewhere it names the sheet.
fn long_texts(wb: &Workbook, out: &mut WorkbookEval) {
    for (index, grid) in wb.sheets.iter().enumerate() {
        for ((r, c), cell) in grid.cells() {
            let crate::grid::Value::Text(t) = &cell.value else {
                continue;
            };
            let units: usize = t.chars().map(char::len_utf16).sum();
            if units <= EXCEL_TEXT_LIMIT {
                continue;
            }
            let at = crate::grid::CellRef::new(r, c);
            let what = format!(
                "单元格文字长 {units} 个字符，超过 Excel 单元格上限 {EXCEL_TEXT_LIMIT}：重建的复核工作簿只能保留前 {EXCEL_TEXT_LIMIT} 个字符，report.json 中的指标文字保留全文；请精简该单元格"
            );
            match out
                .projects
                .iter_mut()
                .find(|p| p.project.sheet_index == index)
            {
                Some(p) => p
                    .diagnostics
                    .push(Diagnostic::new(Code::S005, what).at(r, c).on_sheet(index)),
                None => out.diagnostics.push(Diagnostic::new(
                    Code::S005,
                    format!("工作表“{}”的 {at}：{what}", grid.name),
                )),
            }
        }
    }
}

/// Reviews one project: reviewed scores, totals, grade and every check.
pub fn evaluate_project(project: Project, origin: &Origin, cfg: &Config) -> ProjectEval {
    let mut rule_findings = Vec::new();
    let budget = project.table.budget.as_ref().map(|b| {
        let (review, found) = checks::review_budget(&project, b, cfg);
        rule_findings.extend(found);
        review
    });
    let reviewed: Vec<Reviewed> = project
        .indicators
        .iter()
        .map(|ind| {
            let (rev, found) = review_indicator(&project, ind, cfg);
            rule_findings.extend(found);
            within_weight(rev, ind.weight.value(), cfg)
        })
        .collect();
    let totals = totals_of(&project, &reviewed, budget.as_ref(), cfg);
    let score_filed = project
        .total
        .as_ref()
        .and_then(|t| t.score.value())
        .or_else(|| project.facts.stated_total.as_ref().map(|s| s.value))
        .or(totals.score_filed)
        .map(|s| cfg.round(s));
    let mut diagnostics = checks::check_weights(&project, cfg);
    diagnostics.extend(checks::check_scores(&project, cfg));
    diagnostics.extend(rule_findings);
    diagnostics.extend(checks::check_totals(&project, &totals, cfg));
    for d in &mut diagnostics {
        d.sheet = Some(project.sheet_index);
    }
    diagnostics.sort_by_key(|d| (d.cell, d.code));
    let department = project
        .facts
        .department
        .clone()
        .or_else(|| project.facts.organisation.clone())
        .or_else(|| origin.folder.clone())
        .unwrap_or_else(|| origin.stem.clone());
    ProjectEval {
        project,
        department,
        reviewed,
        budget,
        totals,
        score_filed,
        diagnostics,
    }
}

/// Reviews one indicator with its rule: the row's 评分规则, else the county's rule for its
/// name, else its 评价标准; a self-evaluation form's indicator without one has the rule of
/// its own cells (SPEC §4.1); anything else keeps its filed score.
fn review_indicator(p: &Project, ind: &Indicator, cfg: &Config) -> (Reviewed, Vec<Diagnostic>) {
    let text = ind
        .rule_text
        .as_deref()
        .or_else(|| cfg.rule_for(&ind.name))
        .unwrap_or(&ind.criterion);
    match cached_rule(text) {
        Some(rule) => checks::review_indicator(p, ind, &rule, cfg),
        None if p.family == Family::SelfEvaluation => checks::review_self_indicator(p, ind, cfg),
        None => (unruled(ind, cfg), Vec::new()),
    }
}

/// The sums of a project — weights, filed and reviewed scores, filed deductions — with the
/// budget block of a self-evaluation form counted in (its 10 points), and the grade.
fn totals_of(
    p: &Project,
    reviewed: &[Reviewed],
    budget: Option<&checks::BudgetReview>,
    cfg: &Config,
) -> Totals {
    // A sum is known when every part is; so is the sum with the budget block's part.
    let plus = |parts: Option<Decimal>, block: Option<Option<Decimal>>| match block {
        None => parts,
        Some(b) => parts.zip(b).map(|(t, b)| t + b),
    };
    let weight = plus(
        sum_of(p.indicators.iter().map(|i| i.weight.value())),
        budget.map(|b| b.weight),
    );
    let score_filed = plus(
        sum_of(p.indicators.iter().map(|i| i.score.value())),
        budget.map(|b| b.score_filed),
    );
    let score_reviewed = plus(
        sum_of(reviewed.iter().map(|r| r.score)),
        budget.map(|b| b.score_reviewed),
    )
    .map(|s| cfg.round(s));
    let deduction_filed = p
        .col(Role::Deduction)
        .and_then(|_| sum_of(p.indicators.iter().map(|i| i.deduction.value_or_zero())));
    Totals {
        weight,
        score_filed,
        score_reviewed,
        deduction_filed,
        grade: score_reviewed.and_then(|s| cfg.grade(s).map(str::to_string)),
    }
}

/// An indicator without any 评价标准: the filed score is kept, nothing to say.
fn unruled(ind: &Indicator, cfg: &Config) -> Reviewed {
    let score = ind.score.value();
    Reviewed {
        score,
        deduction: ind.weight.value().zip(score).map(|(w, s)| cfg.round(w - s)),
        reason: ind.reason.clone(),
        rule: crate::rule::RuleKind::Manual,
        basis: "人工评分，未复核（没有评价标准）".into(),
        manual: true,
    }
}

/// Parses each distinct criterion text once per process: departments copy the same criteria
/// (the 2013/2020 framework texts), so across a batch most texts repeat. The cache is shared
/// by the worker threads and emptied when it grows past [`RULE_CACHE_LIMIT`] texts, so its
/// memory stays bounded. An empty criterion has no rule.
fn cached_rule(text: &str) -> Option<std::sync::Arc<Rule>> {
    if text.trim().is_empty() {
        return None;
    }
    if let Some(rule) = RULES.lock().unwrap_or_else(|e| e.into_inner()).get(text) {
        return Some(rule.clone());
    }
    let rule = std::sync::Arc::new(parse_rule(text));
    let mut cache = RULES.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() >= RULE_CACHE_LIMIT {
        cache.clear();
    }
    cache.insert(text.to_string(), rule.clone());
    Some(rule)
}

/// The most criterion texts the rule cache keeps.
const RULE_CACHE_LIMIT: usize = 20_000;

static RULES: std::sync::LazyLock<
    std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<Rule>>>,
> = std::sync::LazyLock::new(Default::default);

/// A reviewed score is never outside [0, weight], whichever way it was reached: a filed score
/// above its weight (C202) that is kept because no rule recomputes it counts as the weight,
/// a negative one as 0, so totals, grades and the county's 指标失分 never add a negative loss.
fn within_weight(mut rev: Reviewed, weight: Option<Decimal>, cfg: &Config) -> Reviewed {
    let (Some(s), Some(w)) = (rev.score, weight) else {
        return rev;
    };
    let bounded = s.max(Decimal::ZERO).min(w.max(Decimal::ZERO));
    if bounded != s {
        rev.score = Some(bounded);
        rev.deduction = Some(cfg.round(w - bounded));
        rev.basis = format!(
            "{}；填报得分 {} 超出 0 到分值 {} 的范围，按 {} 计",
            rev.basis,
            crate::text::fmt_dec(s),
            crate::text::fmt_dec(w),
            crate::text::fmt_dec(bounded)
        );
    }
    rev
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A criterion text is parsed once and kept: asked again, after another text, it is the
    /// same parsed rule (the cache keeps many texts, not only the last).
    #[test]
    fn a_criterion_is_parsed_once_and_kept_beside_others() {
        let a = "cached_rule 测试：资金到位率≥90%得满分，每低5%扣1分";
        let b = "cached_rule 测试：制度健全得2分";
        let first = cached_rule(a).expect("a rule");
        let _other = cached_rule(b).expect("a rule");
        let again = cached_rule(a).expect("a rule");
        assert!(std::sync::Arc::ptr_eq(&first, &again));
        assert!(cached_rule("  ").is_none(), "no criterion, no rule");
    }
}
