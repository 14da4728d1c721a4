//! Stage 3: located [`Table`] + [`Grid`] → [`Project`], the indicator tree (level1 → level2 →
//! level3) with every filed number read into a [`Num`]. Nothing here judges the numbers; that is
//! `check`'s job.
//!
//! Level cells are usually merged vertically, or left empty on continuation rows; both mean
//! "same as above". A new level group starts on a row whose level cell shows a different
//! region or text than the row above. A level named with its weight (`项目立项(7分)`) declares
//! that weight.

use crate::grid::Grid;
use crate::review::locate::{project_name, BudgetField, Facts, Located, Role, Table};
use crate::review::num::{read_num, Num};
use crate::text::{normalize_title, split_weight};
use rust_decimal::Decimal;

/// Which kind of workbook a project comes from; `评价` or `自评` in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Family {
    /// 项目支出绩效评价表 (evaluation table with 评价标准).
    #[serde(rename = "评价")]
    Evaluation,
    /// 项目支出绩效自评表 (self-evaluation form).
    #[serde(rename = "自评")]
    SelfEvaluation,
}

/// A level1 or level2 group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    /// 1 or 2.
    pub depth: u8,
    /// The name without its weight.
    pub name: String,
    /// The weight written in the name, if any.
    pub declared: Option<Decimal>,
    /// The cell the name is in.
    pub row: u32,
    /// The column of the name.
    pub col: u32,
    /// For a level2, the index of its level1 in [`Project::levels`].
    pub parent: Option<usize>,
}

/// A level3 indicator row as filed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    /// Zero-based sheet row.
    pub row: u32,
    /// Index of its level1 in [`Project::levels`].
    pub level1: Option<usize>,
    /// Index of its level2 in [`Project::levels`].
    pub level2: Option<usize>,
    /// The name without a weight.
    pub name: String,
    /// A weight written in the name (`项目立项规范性（1分）`).
    pub declared: Option<Decimal>,
    /// 指标分值.
    pub weight: Num,
    /// 评价得分.
    pub score: Num,
    /// 扣分情况.
    pub deduction: Num,
    /// 扣分原因, trimmed.
    pub reason: String,
    /// 评价标准.
    pub criterion: String,
    /// 指标解释.
    pub explanation: String,
    /// 年度指标值, as written.
    pub target: Option<String>,
    /// 实际完成值, as written.
    pub actual: Option<String>,
    /// 不符合项, as written (`None` when the table has no such column).
    pub failed_items: Option<String>,
    /// 评分规则: a rule written on the row that replaces the criterion.
    pub rule_text: Option<String>,
}

/// The 合计 row as filed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotalRow {
    /// Zero-based sheet row.
    pub row: u32,
    /// Its weight cell.
    pub weight: Num,
    /// Its score cell.
    pub score: Num,
    /// Its deduction cell.
    pub deduction: Num,
}

/// One project: one indicator table of one sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// The sheet name.
    pub sheet: String,
    /// The sheet's index in the workbook (hidden sheets counted).
    pub sheet_index: usize,
    /// Which form it is.
    pub family: Family,
    /// The project name (项目名称, else the title, else the sheet name).
    pub name: String,
    /// Facts from around the table.
    pub facts: Facts,
    /// The located table (header, columns, rows).
    pub table: Table,
    /// Level1 and level2 groups, in sheet order.
    pub levels: Vec<Level>,
    /// The level3 indicators, in sheet order.
    pub indicators: Vec<Indicator>,
    /// The total row, if present.
    pub total: Option<TotalRow>,
    /// The precision the department files scores at: the most decimal places of any filed
    /// score (the indicators' and the budget block's). A table filed in whole points is judged
    /// at whole points (SPEC §4, rounding).
    pub filed_places: u32,
}

impl Project {
    /// The column of a role.
    pub fn col(&self, role: Role) -> Option<u32> {
        self.table.header.columns.get(role)
    }

    /// The indicators under a level (by index in `levels`).
    pub fn children_of(&self, level: usize) -> impl Iterator<Item = &Indicator> {
        self.indicators
            .iter()
            .filter(move |i| i.level1 == Some(level) || i.level2 == Some(level))
    }
}

/// Builds the indicator tree of a located table on the sheet `grid`, the workbook's sheet
/// number `sheet_index` (from 0), of the file named `file_stem` (without extension; for the
/// project's name when the sheet gives none).
pub fn build_tree(grid: &Grid, sheet_index: usize, table: Table, file_stem: &str) -> Project {
    let cols = table.header.columns.clone();
    let text_at = |row: u32, role: Role| -> String {
        cols.get(role)
            .map(|c| grid.text(row, c).into_owned())
            .unwrap_or_default()
    };
    let num_at = |row: u32, role: Role| -> Num {
        match cols.get(role) {
            Some(c) => read_num(grid, row, c),
            None => Num::Missing,
        }
    };
    let header = &table.header;
    let optional = |row: u32, role: Role| -> Option<String> { header.text_of(grid, row, role) };

    let mut levels: Vec<Level> = Vec::new();
    let mut groups = [GroupTracker::default(), GroupTracker::default()];
    let mut indicators = Vec::new();
    for &row in &table.rows {
        let mut current = [None, None];
        for (depth_idx, role) in [Role::Level1, Role::Level2].into_iter().enumerate() {
            let Some(col) = cols.get(role) else { continue };
            let parent = if depth_idx == 1 { current[0] } else { None };
            if depth_idx == 1 && groups[0].changed_on_last {
                // A new level1 always starts a new level2.
                groups[1] = GroupTracker::default();
            }
            let weight_col = table.header.level_weights[depth_idx];
            current[depth_idx] = groups[depth_idx].observe(grid, row, col, |raw| {
                let (name, in_name) = split_weight(raw);
                let declared =
                    in_name.or_else(|| match weight_col.map(|c| read_num(grid, row, c)) {
                        Some(Num::Value(w)) => Some(w),
                        _ => None,
                    });
                levels.push(Level {
                    depth: depth_idx as u8 + 1,
                    name,
                    declared,
                    row,
                    col,
                    parent,
                });
                levels.len() - 1
            });
        }
        let (name, declared) = split_weight(&text_at(row, Role::Level3));
        indicators.push(Indicator {
            row,
            level1: current[0],
            level2: current[1],
            name,
            declared,
            // A form without a 分值 column (weights stated per block only): a weight written
            // in the name is the weight.
            weight: match (cols.has(Role::Weight), declared) {
                (false, Some(d)) => Num::Value(d),
                _ => num_at(row, Role::Weight),
            },
            score: num_at(row, Role::Score),
            deduction: num_at(row, Role::Deduction),
            reason: text_at(row, Role::Reason),
            criterion: text_at(row, Role::Criterion),
            explanation: text_at(row, Role::Explanation),
            target: optional(row, Role::Target),
            actual: optional(row, Role::Actual),
            failed_items: optional(row, Role::FailedItems),
            rule_text: optional(row, Role::Rule).filter(|t| !t.trim().is_empty()),
        });
    }
    let total = table.total_row.map(|row| TotalRow {
        row,
        weight: num_at(row, Role::Weight),
        score: num_at(row, Role::Score),
        deduction: num_at(row, Role::Deduction),
    });
    let name = project_name(&table.facts, file_stem, &grid.name);
    // The self-evaluation form: its budget block, or 年度指标值 and 实际完成值 without 评价标准.
    let family = if table.budget.is_some()
        || (cols.has(Role::Target) && cols.has(Role::Actual) && !cols.has(Role::Criterion))
    {
        Family::SelfEvaluation
    } else {
        Family::Evaluation
    };
    let mut facts = table.facts.clone();
    if let Some(b) = &table.budget {
        // The block's 年度资金总额 row, else the sum of its 其中 rows (a 0 total with no
        // 其中 rows stays 0).
        let located = |field: BudgetField| {
            let value = b.figure(field).or(b.total.get(field).value())?;
            Some(Located {
                value,
                row: b.total.row,
                col: b.col(field).unwrap_or(0),
            })
        };
        facts.budget_initial = located(BudgetField::Initial).or(facts.budget_initial);
        facts.budget_adjusted = located(BudgetField::Adjusted).or(facts.budget_adjusted);
        facts.spent = located(BudgetField::Spent).or(facts.spent);
    }
    let filed_places = indicators
        .iter()
        .map(|i| &i.score)
        .chain(table.budget.iter().map(|b| &b.total.score))
        .filter_map(Num::value)
        .map(|v| v.normalize().scale())
        .max()
        .unwrap_or(0);
    Project {
        sheet: grid.name.clone(),
        sheet_index,
        family,
        name,
        facts,
        table,
        levels,
        indicators,
        total,
        filed_places,
    }
}

/// Follows one level column down the rows, deciding when a new group starts.
#[derive(Debug, Default)]
struct GroupTracker {
    /// (anchor position, normalised text, level index) of the current group.
    current: Option<((u32, u32), String, usize)>,
    changed_on_last: bool,
}

impl GroupTracker {
    fn observe(
        &mut self,
        grid: &Grid,
        row: u32,
        col: u32,
        mut start: impl FnMut(&str) -> usize,
    ) -> Option<usize> {
        self.changed_on_last = false;
        let anchor = grid
            .merge_at(row, col)
            .map(|m| (m.top, m.left))
            .unwrap_or((row, col));
        let raw = grid.text(row, col);
        if raw.is_empty() {
            // Empty (or covered by an ODS merge): same as above.
            return self.current.as_ref().map(|c| c.2);
        }
        let key = normalize_title(&raw);
        if let Some((a, k, idx)) = &self.current {
            if *a == anchor || *k == key {
                return Some(*idx);
            }
        }
        let idx = start(&raw);
        self.current = Some((anchor, key, idx));
        self.changed_on_last = true;
        Some(idx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::{Rect, Value};
    use crate::review::locate::{locate_table, Location};

    fn t(g: &mut Grid, r: u32, c: u32, s: &str) {
        g.set_value(r, c, Value::Text(s.into()));
    }
    fn n(g: &mut Grid, r: u32, c: u32, v: &str) {
        g.set_value(r, c, Value::Number(v.parse().unwrap()));
    }

    fn sample(merged: bool) -> Grid {
        let mut g = Grid::new("评分表");
        for (c, h) in ["一级指标", "二级指标", "三级指标", "分值", "得分"]
            .iter()
            .enumerate()
        {
            t(&mut g, 0, c as u32, h);
        }
        let rows = [
            ("决策(3)", "立项(3分)", "规范性", "1", "1"),
            ("", "", "合理性（2分）", "2", "1.5"),
            ("产出(7)", "数量", "完成率", "4", "4"),
            ("", "质量", "达标率", "3", "3"),
        ];
        for (i, (l1, l2, l3, w, s)) in rows.iter().enumerate() {
            let r = i as u32 + 1;
            if !l1.is_empty() {
                t(&mut g, r, 0, l1);
            }
            if !l2.is_empty() {
                t(&mut g, r, 1, l2);
            }
            t(&mut g, r, 2, l3);
            n(&mut g, r, 3, w);
            n(&mut g, r, 4, s);
        }
        if merged {
            g.merges.push(Rect {
                top: 1,
                left: 0,
                bottom: 2,
                right: 0,
            });
            g.merges.push(Rect {
                top: 1,
                left: 1,
                bottom: 2,
                right: 1,
            });
            g.merges.push(Rect {
                top: 3,
                left: 0,
                bottom: 4,
                right: 0,
            });
        }
        g
    }

    fn tree(g: &Grid) -> Project {
        let Location::Table(table) = locate_table(g) else {
            panic!("no table")
        };
        build_tree(g, 0, *table, "")
    }

    #[test]
    fn merged_and_empty_level_cells_build_the_same_tree() {
        let a = tree(&sample(true));
        let b = tree(&sample(false));
        assert_eq!(a.levels, b.levels);
        let names: Vec<_> = a
            .levels
            .iter()
            .map(|l| (l.depth, l.name.as_str(), l.declared.map(|d| d.to_string())))
            .collect();
        assert_eq!(
            names,
            vec![
                (1, "决策", Some("3".into())),
                (2, "立项", Some("3".into())),
                (1, "产出", Some("7".into())),
                (2, "数量", None),
                (2, "质量", None),
            ]
        );
        let ind = &a.indicators[1];
        assert_eq!(ind.name, "合理性");
        assert_eq!(ind.declared, Some(Decimal::from(2)));
        assert_eq!((ind.level1, ind.level2), (Some(0), Some(1)));
        assert_eq!(a.indicators[3].level2, Some(4));
        assert_eq!(a.children_of(0).count(), 2);
        assert_eq!(a.children_of(2).count(), 2);
    }

    /// Without a budget block, a table is a 自评表 when it has 年度指标值 and 实际完成值
    /// and no 评价标准; any other table is a 评价表.
    #[test]
    fn the_family_is_read_from_the_columns() {
        let family = |heads: &[&str]| {
            let mut g = Grid::new("s");
            for (c, h) in heads.iter().enumerate() {
                t(&mut g, 0, c as u32, h);
            }
            t(&mut g, 1, 0, "培训人次");
            let last = heads.len() as u32;
            g.set_value(1, last - 2, Value::Number(Decimal::from(10)));
            g.set_value(1, last - 1, Value::Number(Decimal::from(10)));
            tree(&g).family
        };
        assert_eq!(family(&["三级指标", "分值", "得分"]), Family::Evaluation);
        assert_eq!(
            family(&["三级指标", "年度指标值", "实际完成值", "分值", "得分"]),
            Family::SelfEvaluation
        );
        assert_eq!(
            family(&[
                "三级指标",
                "评分标准",
                "年度指标值",
                "实际完成值",
                "分值",
                "得分"
            ]),
            Family::Evaluation
        );
        assert_eq!(
            family(&["三级指标", "实际完成值", "分值", "得分"]),
            Family::Evaluation
        );
    }

    #[test]
    fn a_new_level1_restarts_level2_even_with_the_same_name() {
        let mut g = sample(false);
        t(&mut g, 3, 1, "立项(3分)");
        let p = tree(&g);
        let l2: Vec<_> = p.levels.iter().filter(|l| l.depth == 2).collect();
        assert_eq!(l2.len(), 3);
        assert_eq!(l2[1].parent, Some(2));
    }
}
