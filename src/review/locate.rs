//! Stage 2: [`Grid`] → [`Table`]. Finds the header row (one or two rows) within the first 30
//! rows by normalised titles, maps columns to [`Role`]s, cuts out the indicator rows up to the
//! 合计/总计/总分 row, and reads the project facts around the table (SPEC §2.1, §2.3).
//!
//! Decisions where the SPEC is silent:
//! - A header row must name 三级指标 (or 指标名称), a weight and a score column. A row that names
//!   三级指标 and at least two other roles but lacks weight or score is an incomplete header
//!   (S003); a sheet with neither is not an indicator sheet and is carried over untouched.
//! - The row under a header row is a second header row when it names a role in a cell of its
//!   own and holds no number (a data row always has a weight).
//! - An indicator row is a row with a level3 name whose cell is not part of a merged region
//!   that reaches across into the weight or score column (a merged note row is not an
//!   indicator); rows named 小计 are skipped.
//! - Facts are read from `标签：值` cells and from a label cell followed by a value cell, above
//!   the header and below the table. Budget figures labelled in 元 are converted to 万元.

use crate::config::Config;
use crate::grid::{Grid, Value};
use crate::review::num::{read_num, Num};
use crate::text::{halfwidth, normalize_title, parse_number_text, split_weight};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::BTreeMap;

// Re-exported: the modules of `review` and `write` name roles as `locate::Role`.
pub use crate::columns::Role;

/// The role a (raw) column title names, if any.
pub fn role_of_title(raw: &str) -> Option<Role> {
    role_of_normalized(&normalize_title(raw))
}

/// The role of an already normalised title.
fn role_of_normalized(t: &str) -> Option<Role> {
    if t.is_empty() {
        return None;
    }
    Role::ALL
        .iter()
        .find(|role| role.titles().contains(&t))
        .copied()
}

/// The longest raw text taken for a column title (`评价得分（满分100分，保留两位小数）` and
/// line breaks included); longer texts are data, not titles.
const MAX_TITLE_CHARS: usize = 60;

/// How far down the header is looked for.
pub const HEADER_SEARCH_ROWS: u32 = 30;

/// The column of every role found in the header, first occurrence wins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Columns(BTreeMap<Role, u32>);

impl Columns {
    /// The column of a role.
    pub fn get(&self, role: Role) -> Option<u32> {
        self.0.get(&role).copied()
    }

    /// True when the role has a column.
    pub fn has(&self, role: Role) -> bool {
        self.0.contains_key(&role)
    }

    /// Every (role, column), in role order.
    pub fn iter(&self) -> impl Iterator<Item = (Role, u32)> + '_ {
        self.0.iter().map(|(r, c)| (*r, *c))
    }

    fn insert_first(&mut self, role: Role, col: u32) {
        self.0.entry(role).or_insert(col);
    }
}

/// The header of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The first header row.
    pub top: u32,
    /// The last header row (equal to `top` for a one-row header).
    pub bottom: u32,
    /// Role → column.
    pub columns: Columns,
    /// Roles whose title spans several sub-columns, first to last: 年度指标值 over 指标性质 /
    /// 指标值 / 度量单位, as the integrated budget systems export the self-evaluation form.
    /// Their value on a row is composed from those cells ([`compose_value`]).
    pub spans: BTreeMap<Role, (u32, u32)>,
    /// A 分值 column of its own beside the 一级 and the 二级 column (海南's form:
    /// `一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 | 得分`): the level's declared weight,
    /// as a weight in its name would be. The indicators' 分值 is the one right of 三级指标.
    pub level_weights: [Option<u32>; 2],
}

impl Header {
    /// The text of a role on a row: its column's text, or, for a role spanning sub-columns,
    /// the value composed from them. `None` when the table has no such column.
    pub fn text_of(&self, grid: &Grid, row: u32, role: Role) -> Option<String> {
        let col = self.columns.get(role)?;
        Some(match self.spans.get(&role) {
            Some(&(left, right)) => compose_value((left..=right).map(|c| own_text(grid, row, c))),
            None => grid.text(row, col).into_owned(),
        })
    }
}

/// A value written over sub-columns, composed: `≥` `100` `%` → `≥100%`. A nature or direction
/// word that says nothing of the value (定量, 定性, 正向, 反向) is left out.
pub fn compose_value(parts: impl IntoIterator<Item = String>) -> String {
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| {
            !matches!(
                p.as_str(),
                "" | "定量" | "定性" | "正向" | "反向" | "正向指标" | "反向指标"
            )
        })
        .collect()
}

/// A number with the cell it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Zero-based row.
    pub row: u32,
    /// Zero-based column.
    pub col: u32,
}

/// Project facts from around the table (SPEC §2.3). Budget figures are in 万元.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// The title row above the header.
    pub title: Option<String>,
    /// 项目名称, without a code written in front of it.
    pub project: Option<String>,
    /// The code written in front of the project's name (`51000021R000000019951-工资性支出`).
    pub project_code: Option<String>,
    /// 主管部门 (主管单位, 项目主管单位, 预算部门), without a code in front.
    pub department: Option<String>,
    /// The code written in front of the department's name (`219-XX镇人民政府`).
    pub department_code: Option<String>,
    /// 单位名称 / 部门 / 部门名称: the department when no 主管部门 is named.
    pub organisation: Option<String>,
    /// 实施单位.
    pub unit: Option<String>,
    /// 年初预算数 / 预算金额.
    pub budget_initial: Option<Located<Decimal>>,
    /// 全年预算数 (adjusted budget).
    pub budget_adjusted: Option<Located<Decimal>>,
    /// 全年执行数 / 实际支出.
    pub spent: Option<Located<Decimal>>,
    /// A stated total such as `自评得分：95.4`.
    pub stated_total: Option<Located<Decimal>>,
    /// A stated grade such as `评定等级：优`.
    pub stated_grade: Option<Located<String>>,
}

impl Facts {
    /// Fills every fact this one lacks from `other` (e.g. a 基本信息 sheet).
    pub fn fill_from(&mut self, other: &Facts) {
        macro_rules! fill {
            ($($f:ident),*) => {$( if self.$f.is_none() { self.$f = other.$f.clone(); } )*};
        }
        fill!(
            title,
            project,
            project_code,
            department,
            department_code,
            organisation,
            unit,
            budget_initial,
            budget_adjusted,
            spent
        );
    }
}

/// A located indicator table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The header.
    pub header: Header,
    /// The indicator rows, top to bottom.
    pub rows: Vec<u32>,
    /// The 合计/总计/总分 row, if present.
    pub total_row: Option<u32>,
    /// Facts from around the table.
    pub facts: Facts,
    /// The budget block of a self-evaluation form, above the indicators.
    pub budget: Option<BudgetBlock>,
}

/// One row of the budget block: 年度资金总额, or one of its 其中 rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetRow {
    /// Zero-based row.
    pub row: u32,
    /// Its label (年度资金总额, 本年财政拨款, 上年结转资金, 其他资金 …).
    pub label: String,
    /// 年初预算数.
    pub initial: Num,
    /// 全年预算数.
    pub adjusted: Num,
    /// 全年执行数.
    pub spent: Num,
    /// 分值.
    pub weight: Num,
    /// 执行率 as written (a fraction or a percentage).
    pub rate: Num,
    /// 得分.
    pub score: Num,
}

/// The budget block of a self-evaluation form (财预〔2020〕10号 附件1):
/// `项目资金（万元）| 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分`, then the
/// 年度资金总额 row and its 其中 rows. Amounts in 万元 (元 converted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetBlock {
    /// The block's header row.
    pub header_row: u32,
    /// Column of each field: initial, adjusted, spent, weight, rate, score.
    pub cols: BudgetCols,
    /// The 年度资金总额 row.
    pub total: BudgetRow,
    /// The 其中 rows.
    pub parts: Vec<BudgetRow>,
}

/// A money column of the budget block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BudgetField {
    /// 年初预算数.
    Initial,
    /// 全年预算数.
    Adjusted,
    /// 全年执行数.
    Spent,
}

impl BudgetField {
    /// The column's title: 年初预算数, 全年预算数, 全年执行数.
    pub fn title(self) -> &'static str {
        match self {
            BudgetField::Initial => "年初预算数",
            BudgetField::Adjusted => "全年预算数",
            BudgetField::Spent => "全年执行数",
        }
    }
}

impl BudgetRow {
    /// The row's cell of a money column.
    pub fn get(&self, field: BudgetField) -> &Num {
        match field {
            BudgetField::Initial => &self.initial,
            BudgetField::Adjusted => &self.adjusted,
            BudgetField::Spent => &self.spent,
        }
    }
}

impl BudgetBlock {
    /// The column of a money field, if the block has it.
    pub fn col(&self, field: BudgetField) -> Option<u32> {
        match field {
            BudgetField::Initial => self.cols.initial,
            BudgetField::Adjusted => self.cols.adjusted,
            BudgetField::Spent => self.cols.spent,
        }
    }

    /// The sum of the 其中 rows of a money column, when any of them holds a number.
    pub fn parts_sum(&self, field: BudgetField) -> Option<Decimal> {
        let mut values = self
            .parts
            .iter()
            .filter_map(|p| p.get(field).value())
            .peekable();
        values.peek()?;
        Some(values.sum())
    }

    /// A money figure of the project: 年度资金总额's cell, else — when it is empty or 0 (a
    /// real form left the total at 0) — the sum of the 其中 rows.
    pub fn figure(&self, field: BudgetField) -> Option<Decimal> {
        self.total
            .get(field)
            .value()
            .filter(|v| !v.is_zero())
            .or_else(|| self.parts_sum(field))
    }
}

/// Columns of the budget block's fields.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BudgetCols {
    /// 年初预算数.
    pub initial: Option<u32>,
    /// 全年预算数.
    pub adjusted: Option<u32>,
    /// 全年执行数.
    pub spent: Option<u32>,
    /// 分值.
    pub weight: Option<u32>,
    /// 执行率.
    pub rate: Option<u32>,
    /// 得分.
    pub score: Option<u32>,
}

/// What a sheet holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// An indicator table.
    Table(Box<Table>),
    /// A header naming indicators but lacking required columns (S003).
    Incomplete {
        /// The header row.
        row: u32,
        /// The required roles it lacks.
        missing: Vec<Role>,
    },
    /// No indicator table.
    None,
}

/// Finds the indicator table of a sheet, with the built-in column titles.
pub fn locate_table(grid: &Grid) -> Location {
    locate_table_with(grid, &Config::default())
}

/// Finds the indicator table of a sheet; column titles named in the config's `[columns]`
/// count as well as the built-in ones.
pub fn locate_table_with(grid: &Grid, cfg: &Config) -> Location {
    let last = grid.height().min(HEADER_SEARCH_ROWS);
    let mut incomplete = None;
    for top in 0..last {
        let Some(header) = header_at(grid, top, cfg) else {
            continue;
        };
        let cols = &header.columns;
        // A form may have no 分值 column: an older 自评表 states weights only per block
        // (`产出指标(40分)`), a 得分表 in the names (`相关性(5 分)`). Its scores are still read.
        let weightless_form = cols.has(Role::Score)
            && (cols.has(Role::Target)
                || cols.has(Role::Actual)
                || names_carry_weights(grid, &header));
        let missing: Vec<Role> = [Role::Level3, Role::Weight, Role::Score]
            .into_iter()
            .filter(|r| !(cols.has(*r) || *r == Role::Weight && weightless_form))
            .collect();
        if missing.is_empty() {
            return Location::Table(Box::new(cut_table(grid, header)));
        }
        let known = cols.iter().count();
        if incomplete.is_none() && cols.has(Role::Level3) && known >= 3 {
            incomplete = Some(Location::Incomplete { row: top, missing });
        }
    }
    incomplete.unwrap_or(Location::None)
}

/// True when one of the first 10 三级指标 names under a header carries a weight.
fn names_carry_weights(grid: &Grid, header: &Header) -> bool {
    let Some(l3) = header.columns.get(Role::Level3) else {
        return false;
    };
    (header.bottom + 1..grid.height())
        .take(10)
        .any(|row| split_weight(&grid.text(row, l3)).1.is_some())
}

fn roles_in_row(grid: &Grid, row: u32, own_cells_only: bool, cfg: &Config) -> Vec<(u32, Role)> {
    grid.used_columns(row)
        .into_iter()
        .filter_map(|c| {
            let text = if own_cells_only {
                match grid.get(row, c).map(|cell| &cell.value) {
                    None => Cow::Borrowed(""),
                    Some(Value::Text(s)) => Cow::Borrowed(s.as_str()),
                    Some(v) => Cow::Owned(v.to_string()),
                }
            } else {
                grid.text(row, c)
            };
            // A column title is short; criteria and explanations in data rows are not, and
            // are not normalised at all (this loop runs for every cell of 30 rows).
            if text.chars().count() > MAX_TITLE_CHARS {
                return None;
            }
            let t = normalize_title(&text);
            role_of_normalized(&t)
                .or_else(|| cfg.extra_role_of_title(&t))
                .map(|r| (c, r))
        })
        .collect()
}

fn row_has_number(grid: &Grid, row: u32) -> bool {
    grid.row(row)
        .any(|(_, cell)| matches!(cell.value, Value::Number(_)))
}

fn header_at(grid: &Grid, top: u32, cfg: &Config) -> Option<Header> {
    let first = roles_in_row(grid, top, false, cfg);
    if first.is_empty() {
        return None;
    }
    let mut by_col: BTreeMap<u32, Role> = first.into_iter().collect();
    let mut bottom = top;
    let second = roles_in_row(grid, top + 1, true, cfg);
    if !second.is_empty() && !row_has_number(grid, top + 1) {
        bottom = top + 1;
        for (c, r) in second {
            by_col.insert(c, r);
        }
    }
    // 分数 is the score where no other column is; beside 得分 it is the weight (`分数 | 得分`),
    // or nothing where a 分值 column is there too.
    let scores: Vec<u32> = by_col
        .iter()
        .filter(|(_, &r)| r == Role::Score)
        .map(|(&c, _)| c)
        .collect();
    if scores.len() > 1 {
        let has_weight = by_col.values().any(|&r| r == Role::Weight);
        for c in scores {
            let titled = (top..=bottom).any(|r| normalize_title(&grid.text(r, c)) == "分数");
            if titled && has_weight {
                by_col.remove(&c);
            } else if titled {
                by_col.insert(c, Role::Weight);
            }
        }
    }
    let level_weights = split_level_weights(&mut by_col);
    let mut columns = Columns::default();
    for (&c, &r) in &by_col {
        columns.insert_first(r, c);
    }
    // A target or actual title over sub-columns names each of them (through its merge).
    let mut spans = BTreeMap::new();
    for role in [Role::Target, Role::Actual] {
        let Some(left) = columns.get(role) else {
            continue;
        };
        let right = (left..)
            .take_while(|c| by_col.get(c) == Some(&role))
            .last()
            .unwrap_or(left);
        if right > left {
            spans.insert(role, (left, right));
        }
    }
    Some(Header {
        top,
        bottom,
        columns,
        spans,
        level_weights,
    })
}

/// Where a header has a 分值 column per level, the one right of 三级指标 is the indicators'
/// and each other one, right of a 一级 or 二级 column, is that level's: taken out of `by_col`
/// and returned as [一级, 二级].
fn split_level_weights(by_col: &mut BTreeMap<u32, Role>) -> [Option<u32>; 2] {
    let mut levels = [None, None];
    let Some(level3) = by_col
        .iter()
        .find(|(_, &r)| r == Role::Level3)
        .map(|(&c, _)| c)
    else {
        return levels;
    };
    // The indicators' own 分值 column is right of 三级指标; without one, a 分值 on the left is
    // theirs, whatever stands beside it.
    if !by_col.range(level3..).any(|(_, &r)| r == Role::Weight) {
        return levels;
    }
    let left: Vec<u32> = by_col
        .range(..level3)
        .filter(|(_, &r)| r == Role::Weight)
        .map(|(&c, _)| c)
        .collect();
    for w in left {
        let depth = match by_col.range(..w).next_back() {
            Some((_, Role::Level1)) => 0,
            Some((_, Role::Level2)) => 1,
            _ => continue,
        };
        if levels[depth].is_none() {
            levels[depth] = Some(w);
            by_col.remove(&w);
        }
    }
    levels
}

/// What a row under the header is, by its first own text (a cell covered by a merge from above
/// has none, so a 合计 in the 二级 column under a merged 一级 is found).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowKind {
    /// 合计, 总计 or 总分: the total row; the table ends here.
    Total,
    /// 其他需要说明事项, 评价结论, 存在问题, 改进措施, signature lines (项目负责人, 财务负责人,
    /// 填表人, 审核人, 联系电话, 填报日期): the table has ended. (说明/注 notes are skipped
    /// where they stand: one may sit between two indicator rows.)
    Footer,
    /// 其他需要说明事项 without 总分: the table has ended, but a 总分 row right under it is
    /// still the total row.
    OtherMatters,
    /// Anything else: an indicator row, or a row to skip.
    Other,
}

/// Labels that begin the rows after an indicator table (normalised).
const FOOTER_LABELS: &[&str] = &[
    "其他需要说明事项",
    "其他需说明事项",
    "评价结论",
    "存在问题",
    "改进措施",
    "项目负责人",
    "财务负责人",
    "填表人",
    "审核人",
    "联系电话",
    "填报日期",
];

/// Labels of a total row.
const TOTAL_LABELS: [&str; 3] = ["合计", "总计", "总分"];

fn row_kind(grid: &Grid, row: u32) -> RowKind {
    let mut texts = grid
        .used_columns(row)
        .into_iter()
        .map(|c| own_text(grid, row, c))
        .filter(|t| !t.is_empty())
        .map(|t| normalize_title(&t));
    let Some(t) = texts.next() else {
        return RowKind::Other;
    };
    if TOTAL_LABELS.iter().any(|l| t.starts_with(l)) {
        RowKind::Total
    } else if FOOTER_LABELS.iter().any(|l| t.starts_with(l)) {
        // The 10号 form often puts 总分, the total weight, score and grade on the
        // 其他需要说明事项 row: that row is the total row.
        let other_matters = t.starts_with("其他需要说明事项") || t.starts_with("其他需说明事项");
        if !other_matters {
            RowKind::Footer
        } else if texts.any(|t| TOTAL_LABELS.contains(&t.as_str())) {
            RowKind::Total
        } else {
            RowKind::OtherMatters
        }
    } else {
        RowKind::Other
    }
}

/// A grade written alone in a cell of the total row, right of the label: `优`, `良好`,
/// `（自评等级）优`, `自评等级：优`.
fn grade_in_row(grid: &Grid, row: u32) -> Option<Located<String>> {
    const GRADES: [&str; 8] = ["优", "良", "中", "差", "优秀", "良好", "中等", "较差"];
    grid.used_columns(row).into_iter().find_map(|col| {
        let text = halfwidth(&own_text(grid, row, col));
        let bare = text
            .trim_start_matches(|c: char| c == '(' || c == ')' || c.is_whitespace())
            .trim_start_matches(['自', '评', '价', '定'])
            .trim_start_matches("等级")
            .trim_start_matches([')', ':', ' ']);
        GRADES.contains(&bare.trim()).then(|| Located {
            value: bare.trim().to_string(),
            row,
            col,
        })
    })
}

/// True when a row with a 三级指标 name is not an indicator: a 小计; a note merged across the
/// weight or score column; a template row left unused or marked not applicable (no weight and
/// no score, or `/` in both: `指标1:`, a 生态效益 row with `/`); a `其中：…` detail of the row
/// above with no weight.
fn not_an_indicator(grid: &Grid, row: u32, name: &str, cols: &Columns) -> bool {
    if normalize_title(name) == "小计" {
        return true;
    }
    let number_cols = [Role::Weight, Role::Score].map(|r| cols.get(r));
    let l3 = cols.get(Role::Level3).unwrap_or(0);
    if let Some(m) = grid.merge_at(row, l3) {
        if number_cols
            .iter()
            .flatten()
            .any(|c| m.left <= *c && *c <= m.right)
        {
            return true;
        }
    }
    let blank = |c: Option<u32>| {
        c.is_none_or(|c| matches!(read_num(grid, row, c), Num::Missing | Num::Dash))
    };
    blank(number_cols[0]) && (blank(number_cols[1]) || normalize_title(name).starts_with("其中"))
}

/// True when the first numbered item under a heading has a score of its own: only then is the
/// heading a subtotal of its items. Items without scores are details of the heading, which
/// stays the indicator.
fn items_are_scored(grid: &Grid, row: u32, cols: &Columns) -> bool {
    cols.get(Role::Score)
        .is_some_and(|c| matches!(read_num(grid, row, c), Num::Value(_)))
}

/// True for a heading that groups the numbered rows under it, its subtotal: `一、示范区建立`
/// followed by `1、水稻侧深施肥…`. A `三、土样植株化验` with no numbered row under it is an
/// indicator itself.
fn heads_numbered_items(name: &str, next: &str) -> bool {
    const CHINESE_ORDINALS: &[char] = &['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
    let name = halfwidth(name.trim());
    let heading = name
        .trim_start_matches(CHINESE_ORDINALS)
        .strip_prefix(['、', '.'])
        .is_some()
        && name.starts_with(CHINESE_ORDINALS);
    let next = halfwidth(next.trim());
    let item = next.trim_start_matches(|c: char| c.is_ascii_digit());
    let numbered = item.len() < next.len() && item.starts_with(['、', '.', ')'])
        || next.starts_with('(') && next[1..].starts_with(|c: char| c.is_ascii_digit());
    heading && numbered
}

fn cut_table(grid: &Grid, header: Header) -> Table {
    let cols = &header.columns;
    let l3 = cols.get(Role::Level3).unwrap_or(0);
    let mut rows = Vec::new();
    let mut total_row = None;
    for row in header.bottom + 1..grid.height() {
        match row_kind(grid, row) {
            RowKind::Total => {
                total_row = Some(row);
                break;
            }
            RowKind::Footer => break,
            RowKind::OtherMatters => {
                total_row = (row + 1..grid.height())
                    .find(|&r| !grid.used_columns(r).is_empty())
                    .filter(|&r| row_kind(grid, r) == RowKind::Total);
                break;
            }
            RowKind::Other => {}
        }
        let name = grid.text(row, l3);
        if name.is_empty()
            || not_an_indicator(grid, row, &name, cols)
            || heads_numbered_items(&name, &grid.text(row + 1, l3))
                && items_are_scored(grid, row + 1, cols)
        {
            continue;
        }
        rows.push(row);
    }
    let end = total_row.or(rows.last().copied()).unwrap_or(header.bottom);
    let mut facts = read_facts(grid, 0..header.top);
    let below = read_facts(grid, end + 1..grid.height());
    merge_facts(&mut facts, below);
    if let Some(t) = total_row {
        // A stated grade may sit in the total row itself (`合计 … 等级：优`).
        let in_total = read_facts(grid, t..t + 1);
        if facts.stated_grade.is_none() {
            facts.stated_grade = in_total.stated_grade.or_else(|| grade_in_row(grid, t));
        }
    }
    let budget = find_budget_block(grid, header.top);
    Table {
        header,
        rows,
        total_row,
        facts,
        budget,
    }
}

/// Finds the budget block above the indicator header: a row naming 全年执行数 (or 执行数) and a
/// budget column, then the rows under it while they have a label and numbers.
fn find_budget_block(grid: &Grid, before: u32) -> Option<BudgetBlock> {
    for r in 0..before {
        let mut cols = BudgetCols::default();
        let mut in_yuan = false;
        for c in grid.used_columns(r) {
            let raw = own_text(grid, r, c);
            if raw.is_empty() {
                continue;
            }
            in_yuan |= halfwidth(&raw).contains("(元)");
            let slot = match normalize_title(&raw).as_str() {
                "年初预算数" | "年初预算" | "年初预算金额" => &mut cols.initial,
                "全年预算数" | "调整后预算数" | "调整后预算" | "全年预算" | "预算数" => {
                    &mut cols.adjusted
                }
                "全年执行数" | "执行数" | "预算执行数" | "实际执行数" | "实际支出" | "全年执行" => {
                    &mut cols.spent
                }
                "分值" | "权重" => &mut cols.weight,
                "执行率" | "预算执行率" => &mut cols.rate,
                "得分" => &mut cols.score,
                _ => continue,
            };
            slot.get_or_insert(c);
        }
        if cols.spent.is_none() || (cols.initial.is_none() && cols.adjusted.is_none()) {
            continue;
        }
        let first_value_col = [cols.initial, cols.adjusted, cols.spent]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(0);
        let mut rows = Vec::new();
        for row in r + 1..before {
            let label: String = (0..first_value_col)
                .map(|c| own_text(grid, row, c))
                .rfind(|t| !t.is_empty() && !t.starts_with("项目资金"))
                .unwrap_or_default();
            let num = |c: Option<u32>| match c {
                Some(c) => scale(read_num(grid, row, c), in_yuan),
                None => Num::Missing,
            };
            let has_number = [cols.initial, cols.adjusted, cols.spent]
                .iter()
                .any(|c| matches!(num(*c), Num::Value(_)));
            let is_part = label.contains("其中")
                || label.contains("拨款")
                || label.contains("结转")
                || label.contains("资金");
            if label.is_empty() || (!has_number && !is_part) {
                break;
            }
            rows.push(BudgetRow {
                row,
                label: label
                    .trim_start_matches("其中")
                    .trim_matches([':', '：', ' '])
                    .to_string(),
                initial: num(cols.initial),
                adjusted: num(cols.adjusted),
                spent: num(cols.spent),
                weight: cols
                    .weight
                    .map(|c| read_num(grid, row, c))
                    .unwrap_or(Num::Missing),
                rate: cols
                    .rate
                    .map(|c| read_num(grid, row, c))
                    .unwrap_or(Num::Missing),
                score: cols
                    .score
                    .map(|c| read_num(grid, row, c))
                    .unwrap_or(Num::Missing),
            });
        }
        let mut rows = rows.into_iter();
        let mut total = rows.next()?;
        if cols.weight.is_none() {
            // No 分值 column: the weight may be stated in the block's titles, as in Yunnan's
            // `预算执行情况（万元）（20分）` or `得分（20分*执行率）`; the score column's title first.
            let titled = cols
                .score
                .into_iter()
                .chain(grid.used_columns(r))
                .find_map(|c| weight_in_title(&own_text(grid, r, c)));
            if let Some(w) = titled {
                total.weight = Num::Value(w);
            }
        }
        return Some(BudgetBlock {
            header_row: r,
            cols,
            total,
            parts: rows.collect(),
        });
    }
    None
}

/// A weight stated in a title: the number opening a bracket and followed by 分 —
/// `预算执行情况(万元) (20分)` and `得分 (20分*执行率)` give 20; `得分` and `(万元)` nothing.
fn weight_in_title(title: &str) -> Option<Decimal> {
    let folded = halfwidth(title);
    folded.split('(').skip(1).find_map(|inner| {
        let digits = inner.trim_start();
        let end = digits
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(digits.len());
        let weight = digits[end..]
            .trim_start()
            .starts_with('分')
            .then_some(&digits[..end])?;
        weight.parse::<Decimal>().ok().filter(|w| !w.is_zero())
    })
}

/// Amounts labelled in 元 become 万元.
fn scale(n: Num, in_yuan: bool) -> Num {
    match n {
        Num::Value(v) if in_yuan => Num::Value((v / Decimal::from(10_000)).normalize()),
        other => other,
    }
}

fn merge_facts(into: &mut Facts, other: Facts) {
    into.fill_from(&other);
    if into.stated_total.is_none() {
        into.stated_total = other.stated_total;
    }
    if into.stated_grade.is_none() {
        into.stated_grade = other.stated_grade;
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FactKind {
    Project,
    Department,
    Organisation,
    Unit,
    BudgetInitial,
    BudgetAdjusted,
    Spent,
    StatedTotal,
    StatedGrade,
}

/// Labels of facts (normalised, unit bracket removed).
const FACT_LABELS: &[(FactKind, &[&str])] = &[
    (FactKind::Project, &["项目名称", "评价项目名称"]),
    (
        FactKind::Department,
        &["主管部门", "主管单位", "预算部门", "项目主管单位"],
    ),
    (
        FactKind::Organisation,
        &["单位名称", "部门", "部门名称", "填表单位", "填报单位"],
    ),
    (FactKind::Unit, &["实施单位"]),
    (
        FactKind::BudgetInitial,
        &["年初预算数", "预算金额", "预算数", "年初预算", "项目预算"],
    ),
    (FactKind::BudgetAdjusted, &["全年预算数", "调整后预算数"]),
    (
        FactKind::Spent,
        &[
            "全年执行数",
            "实际支出",
            "执行数",
            "实际支出金额",
            "支出金额",
        ],
    ),
    (
        FactKind::StatedTotal,
        &[
            "自评得分",
            "评价得分",
            "总得分",
            "综合得分",
            "自评总分",
            "评价总分",
            "得分",
        ],
    ),
    (
        FactKind::StatedGrade,
        &[
            "评定等级",
            "评价等级",
            "自评等级",
            "绩效等级",
            "等级",
            "评价结果等级",
        ],
    ),
];

/// The longest label of [`FACT_LABELS`], in characters.
const MAX_FACT_LABEL_CHARS: usize = 6;

fn fact_kind(label: &str) -> Option<(FactKind, bool)> {
    // Most cells of the rows searched for facts are values or sentences: those longer than
    // any label, once whitespace and colons are left out, are not labels (unless a trailing
    // bracket, which normalising drops, makes them long). Saves two copies per cell.
    let ends_in_bracket = label
        .trim_end_matches(|c: char| matches!(c, ':' | '：') || c.is_whitespace())
        .ends_with([')', '）']);
    if !ends_in_bracket
        && label
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, ':' | '：'))
            .nth(MAX_FACT_LABEL_CHARS)
            .is_some()
    {
        return None;
    }
    let folded = halfwidth(label);
    // `预算金额（元）：` in a cell of its own: the colon after the bracket too.
    let folded = folded.trim_end_matches(|c: char| c == ':' || c.is_whitespace());
    let in_yuan = folded.ends_with("元)") && !folded.contains("万元");
    let t = normalize_title(folded);
    FACT_LABELS
        .iter()
        .find(|(_, labels)| labels.contains(&t.as_str()))
        .map(|(k, _)| (*k, in_yuan))
}

/// Splits `标签：值` at the first full- or half-width colon.
fn split_label(text: &str) -> Option<(&str, &str)> {
    let idx = text.find(['：', ':'])?;
    let sep_len = text[idx..].chars().next().map(char::len_utf8).unwrap_or(1);
    Some((&text[..idx], &text[idx + sep_len..]))
}

fn read_facts(grid: &Grid, rows: std::ops::Range<u32>) -> Facts {
    let mut facts = Facts::default();
    for row in rows {
        // Only the cells that hold something: a stray far cell must not cost a loop over
        // thousands of empty columns per row.
        let anchors: Vec<u32> = grid
            .row(row)
            .map(|(c, _)| c)
            .filter(|c| {
                grid.merge_at(row, *c)
                    .is_none_or(|m| (m.top, m.left) == (row, *c))
            })
            .collect();
        for (i, &col) in anchors.iter().enumerate() {
            let cell_text = own_text(grid, row, col);
            if cell_text.is_empty() {
                continue;
            }
            // Several `标签：值` pairs may share one cell, separated by spaces.
            let mut used = false;
            for part in cell_text
                .split(['\u{3000}', '\n'])
                .flat_map(|p| p.split("  "))
            {
                if let Some((label, value)) = split_label(part.trim()) {
                    if let Some((kind, yuan)) = fact_kind(label) {
                        let value = value.trim();
                        if !value.is_empty() {
                            set_fact(&mut facts, kind, yuan, value, row, col);
                            used = true;
                        }
                    }
                }
            }
            if !used {
                if let Some((kind, yuan)) = fact_kind(&cell_text) {
                    // The value is the next non-empty cell to the right.
                    let next = anchors[i + 1..]
                        .iter()
                        .map(|&c| (c, own_text(grid, row, c)))
                        .find(|(_, v)| !v.is_empty());
                    if let Some((c, v)) = next {
                        if fact_kind(&v).is_none() {
                            set_fact(&mut facts, kind, yuan, &v, row, c);
                        }
                    }
                } else if facts.title.is_none()
                    && (cell_text.contains("绩效") || cell_text.ends_with('表'))
                    && role_of_title(&cell_text).is_none()
                {
                    facts.title = Some(cell_text.split_whitespace().collect::<Vec<_>>().join(""));
                }
            }
        }
    }
    facts
}

fn own_text(grid: &Grid, row: u32, col: u32) -> String {
    match grid.merge_at(row, col) {
        Some(m) if (m.top, m.left) != (row, col) => String::new(),
        _ => grid
            .get(row, col)
            .map(|c| c.value.to_string().trim().to_string())
            .unwrap_or_default(),
    }
}

fn set_fact(facts: &mut Facts, kind: FactKind, yuan: bool, value: &str, row: u32, col: u32) {
    let number = || {
        let folded = halfwidth(value);
        let (body, yuan_suffix) = match folded.strip_suffix("万元") {
            Some(b) => (b.to_string(), false),
            None => match folded.strip_suffix('元') {
                Some(b) => (b.to_string(), true),
                None => (folded.clone(), false),
            },
        };
        parse_number_text(&body).map(|n| {
            let v = if yuan || yuan_suffix {
                n.value / Decimal::from(10_000)
            } else {
                n.value
            };
            Located {
                value: v.normalize(),
                row,
                col,
            }
        })
    };
    let text = || Some(value.to_string());
    match kind {
        FactKind::Project if facts.project.is_none() => {
            let (code, name) = split_code(value);
            facts.project = Some(name.to_string());
            facts.project_code = code.map(str::to_string);
        }
        FactKind::Department if facts.department.is_none() => {
            let (code, name) = split_code(value);
            facts.department = Some(name.to_string());
            facts.department_code = code.map(str::to_string);
        }
        FactKind::Organisation => {
            facts.organisation = facts
                .organisation
                .take()
                .or_else(|| Some(split_code(value).1.to_string()))
        }
        FactKind::Project | FactKind::Department => {}
        FactKind::Unit => facts.unit = facts.unit.take().or_else(text),
        FactKind::BudgetInitial => {
            facts.budget_initial = facts.budget_initial.take().or_else(number)
        }
        FactKind::BudgetAdjusted => {
            facts.budget_adjusted = facts.budget_adjusted.take().or_else(number)
        }
        FactKind::Spent => facts.spent = facts.spent.take().or_else(number),
        FactKind::StatedTotal => facts.stated_total = facts.stated_total.take().or_else(number),
        FactKind::StatedGrade => {
            let g = value.trim_matches(['“', '”', '"', '「', '」']).trim();
            if !g.is_empty() && facts.stated_grade.is_none() {
                facts.stated_grade = Some(Located {
                    value: g.to_string(),
                    row,
                    col,
                });
            }
        }
    }
}

/// A name with the code a budget system writes in front of it, split: `219-XX镇人民政府` →
/// (`219`, `XX镇人民政府`), `51000021R000000019951-工资性支出` → (`51000021R000000019951`,
/// `工资性支出`), `[219001]XX镇` → (`219001`, `XX镇`). A code is letters and digits, with a
/// digit, before a `-` (or in square brackets); `2022年…` has none.
///
/// # Examples
/// ```
/// use jixiao::review::locate::split_code;
/// assert_eq!(split_code("219-XX镇人民政府"), (Some("219"), "XX镇人民政府"));
/// assert_eq!(split_code("2022年道路养护"), (None, "2022年道路养护"));
/// ```
pub fn split_code(value: &str) -> (Option<&str>, &str) {
    let v = value.trim();
    let is_code = |c: &str| {
        c.len() >= 2
            && c.bytes().all(|b| b.is_ascii_alphanumeric())
            && c.bytes().any(|b| b.is_ascii_digit())
    };
    let bracketed = v
        .strip_prefix(['[', '【'])
        .and_then(|rest| rest.split_once([']', '】']));
    if let Some((code, name)) = bracketed.filter(|(c, n)| is_code(c.trim()) && !n.trim().is_empty())
    {
        return (Some(code.trim()), name.trim());
    }
    match v.split_once(['-', '－', '—']) {
        Some((code, name)) if is_code(code.trim()) && !name.trim().is_empty() => {
            (Some(code.trim()), name.trim())
        }
        _ => (None, v),
    }
}

/// Facts of a whole sheet (for a 基本信息 sheet).
pub fn sheet_facts(grid: &Grid) -> Facts {
    read_facts(grid, 0..grid.height())
}

/// A project name from a title row: the text before 支出绩效 / 绩效评价 / 绩效自评 / 评分表 /
/// 自评表 (整体支出 keeps its 支出: `科技局整体支出绩效评价评分表` names 科技局整体支出). `None`
/// for a generic title, which names no project: `附件1：项目支出绩效评价表`,
/// `2022年度项目支出绩效自评表`, `评分表`.
///
/// # Examples
/// ```
/// use jixiao::review::locate::name_from_title;
/// assert_eq!(name_from_title("某县2024年道路养护项目支出绩效评价指标评分表").as_deref(), Some("某县2024年道路养护项目"));
/// assert_eq!(name_from_title("附件1：2022年度项目支出绩效自评表"), None);
/// ```
pub fn name_from_title(title: &str) -> Option<String> {
    let title = title.trim();
    let cut = ["支出绩效", "绩效评价", "绩效自评", "评分表", "自评表"]
        .iter()
        .filter_map(|m| title.find(m))
        .min()
        .unwrap_or(title.len());
    let mut name = &title[..cut];
    if name.ends_with("整体") && title[cut..].starts_with("支出") {
        name = &title[..cut + "支出".len()];
    }
    let name = name.trim_end_matches(['-', '—', '（', '(', ' ']).trim();
    (!is_generic(name)).then(|| name.to_string())
}

/// True when what is left of a title names no project: nothing, or only an 附件 number, a
/// year, 项目 / 部门 / 单位 and punctuation.
fn is_generic(name: &str) -> bool {
    let folded = halfwidth(name);
    let mut rest = folded.trim().trim_start_matches("附件");
    rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || "-:：、 ".contains(c));
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || "年度 ".contains(c));
    matches!(
        rest.trim(),
        "" | "项目" | "部门" | "单位" | "部门整体" | "部门整体支出" | "单位整体支出"
    )
}

/// A project name from a file name: the stem without 绩效评价表 / 自评表 / 评分表 and similar
/// suffixes (`道路养护项目绩效评价表` → `道路养护项目`); `None` when nothing is left.
pub fn name_from_file(stem: &str) -> Option<String> {
    let mut name = stem.trim();
    for suffix in [
        "支出绩效评价得分表",
        "支出绩效评价表",
        "支出绩效自评表",
        "绩效评价得分表",
        "绩效评价表",
        "绩效自评表",
        "绩效评分表",
        "评价表",
        "自评表",
        "评分表",
        "得分表",
        "绩效评价",
        "绩效",
    ] {
        if let Some(n) = name.strip_suffix(suffix) {
            name = n;
            break;
        }
    }
    let name = name.trim_end_matches(['-', '_', ' ']).trim();
    (!name.is_empty() && !is_generic(name)).then(|| name.to_string())
}

/// The project's name (SPEC §2.3): 项目名称, else the title unless it is generic, else the file
/// name without its suffixes, else the sheet name.
pub fn project_name(facts: &Facts, file_stem: &str, sheet: &str) -> String {
    facts
        .project
        .clone()
        .or_else(|| facts.title.as_deref().and_then(name_from_title))
        .or_else(|| name_from_file(file_stem))
        .unwrap_or_else(|| sheet.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_heading_groups_only_rows_numbered_with_a_separator() {
        assert!(heads_numbered_items("一、示范区建立", "1、水稻侧深施肥"));
        assert!(heads_numbered_items("二.技术培训", "(1)培训农户"));
        // A row starting with a year is not a numbered item, nor is one without digits.
        assert!(!heads_numbered_items("一、示范区建立", "2024年完成情况"));
        assert!(!heads_numbered_items("一、示范区建立", "、水稻侧深施肥"));
        // No ordinal heading: nothing grouped.
        assert!(!heads_numbered_items("示范区建立", "1、水稻侧深施肥"));
    }

    use super::*;

    /// A code in brackets needs letters and digits and a name after it (unit test: the
    /// mutation runs leave doctests out).
    #[test]
    fn a_code_in_brackets_is_letters_and_digits_before_a_name() {
        assert_eq!(split_code("[219001]XX镇"), (Some("219001"), "XX镇"));
        assert_eq!(split_code("【219001】XX镇"), (Some("219001"), "XX镇"));
        assert_eq!(
            split_code("【重点】农村公路建设"),
            (None, "【重点】农村公路建设")
        );
        assert_eq!(split_code("[219001]"), (None, "[219001]"));
        // Before a dash: a code only with a name after it, and only letters and digits.
        assert_eq!(split_code("219001-XX镇"), (Some("219001"), "XX镇"));
        assert_eq!(split_code("219001-"), (None, "219001-"));
        assert_eq!(split_code("农村-公路建设"), (None, "农村-公路建设"));
        // Two characters at least, every one a letter or digit, one a digit at least.
        assert_eq!(split_code("A1-XX镇"), (Some("A1"), "XX镇"));
        assert_eq!(split_code("1-XX镇"), (None, "1-XX镇"));
        assert_eq!(split_code("2022年-道路养护"), (None, "2022年-道路养护"));
        assert_eq!(split_code("AB-道路养护"), (None, "AB-道路养护"));
    }

    #[test]
    fn max_fact_label_chars_is_the_longest_label() {
        let longest = FACT_LABELS
            .iter()
            .flat_map(|(_, labels)| labels.iter())
            .map(|l| l.chars().count())
            .max();
        assert_eq!(longest, Some(MAX_FACT_LABEL_CHARS));
    }
    use crate::grid::Rect;

    fn t(g: &mut Grid, r: u32, c: u32, s: &str) {
        g.set_value(r, c, Value::Text(s.into()));
    }
    fn n(g: &mut Grid, r: u32, c: u32, v: i64) {
        g.set_value(r, c, Value::Number(Decimal::from(v)));
    }
    /// Column titles along row `r`, from column A.
    fn titles(g: &mut Grid, r: u32, titles: &[&str]) {
        for (c, h) in titles.iter().enumerate() {
            t(g, r, c as u32, h);
        }
    }

    #[test]
    fn titles_map_to_roles() {
        assert_eq!(role_of_title("一级\n\n指标"), Some(Role::Level1));
        assert_eq!(role_of_title("指标分值"), Some(Role::Weight));
        assert_eq!(role_of_title("分 值（分）"), Some(Role::Weight));
        assert_eq!(role_of_title("偏差原因分析及改进措施"), Some(Role::Reason));
        assert_eq!(role_of_title("自评得分"), Some(Role::Score));
        assert_eq!(role_of_title("项目名称"), None);
    }

    #[test]
    fn one_row_header_below_facts() {
        let mut g = Grid::new("评分表");
        t(&mut g, 0, 0, "某项目支出绩效评价表");
        t(&mut g, 1, 0, "主管部门：县财政局");
        titles(
            &mut g,
            3,
            &["一级指标", "二级指标", "三级指标", "分值", "得分"],
        );
        t(&mut g, 4, 0, "决策(10)");
        t(&mut g, 4, 2, "立项规范性");
        n(&mut g, 4, 3, 10);
        n(&mut g, 4, 4, 10);
        t(&mut g, 5, 0, "合计");
        n(&mut g, 5, 3, 10);
        t(&mut g, 7, 0, "评定等级：优");
        let Location::Table(table) = locate_table(&g) else {
            panic!("no table")
        };
        assert_eq!((table.header.top, table.header.bottom), (3, 3));
        assert_eq!(table.rows, vec![4]);
        assert_eq!(table.total_row, Some(5));
        assert_eq!(table.facts.department.as_deref(), Some("县财政局"));
        assert_eq!(table.facts.title.as_deref(), Some("某项目支出绩效评价表"));
        assert_eq!(table.facts.stated_grade.unwrap().value, "优");
    }

    #[test]
    fn fenshu_is_the_score_unless_a_score_column_is_there_too() {
        let header = |names: &[&str]| {
            let mut g = Grid::new("Sheet1");
            titles(&mut g, 0, names);
            t(&mut g, 1, 0, "立项规范性");
            for c in 1..names.len() as u32 {
                n(&mut g, 1, c, 5);
            }
            let Location::Table(table) = locate_table(&g) else {
                panic!("no table")
            };
            (
                table.header.columns.get(Role::Weight),
                table.header.columns.get(Role::Score),
            )
        };
        assert_eq!(header(&["三级指标", "分值", "分数"]), (Some(1), Some(2)));
        assert_eq!(header(&["三级指标", "分数", "得分"]), (Some(1), Some(2)));
        assert_eq!(
            header(&["三级指标", "分数", "分值", "得分"]),
            (Some(2), Some(3))
        );
    }

    #[test]
    fn a_heading_is_a_subtotal_only_over_scored_items() {
        let rows = |item_score: Option<i64>| {
            let mut g = Grid::new("Sheet1");
            titles(
                &mut g,
                0,
                &["一级指标", "二级指标", "三级指标", "分值", "得分"],
            );
            t(&mut g, 1, 0, "产出指标");
            t(&mut g, 1, 2, "一、示范区建立");
            n(&mut g, 1, 3, 10);
            n(&mut g, 1, 4, 10);
            t(&mut g, 2, 2, "1、水稻侧深施肥");
            t(&mut g, 3, 2, "2、玉米种肥同播");
            if let Some(score) = item_score {
                for r in [2, 3] {
                    n(&mut g, r, 3, 5);
                    n(&mut g, r, 4, score);
                }
            }
            let Location::Table(table) = locate_table(&g) else {
                panic!("no table")
            };
            table.rows
        };
        // Scored items: the heading is their subtotal, each score counts once.
        assert_eq!(rows(Some(5)), vec![2, 3]);
        // Unscored items are details of the heading, which stays the indicator.
        assert_eq!(rows(None), vec![1]);
    }

    #[test]
    fn a_weight_column_per_level_gives_the_levels_their_weights() {
        use Role::*;
        // 海南: 一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 | 得分
        let mut by_col: BTreeMap<u32, Role> =
            [Level1, Weight, Level2, Weight, Level3, Weight, Score]
                .into_iter()
                .enumerate()
                .map(|(c, r)| (c as u32, r))
                .collect();
        assert_eq!(split_level_weights(&mut by_col), [Some(1), Some(3)]);
        assert_eq!(by_col.iter().filter(|(_, &r)| r == Weight).count(), 1);
        assert_eq!(by_col.get(&5), Some(&Weight));
        // One 分值 column, wherever it stands, is the indicators'.
        let mut one: BTreeMap<u32, Role> =
            [(0, Level1), (1, Weight), (2, Level3), (3, Score)].into();
        assert_eq!(split_level_weights(&mut one), [None, None]);
        assert_eq!(one.get(&1), Some(&Weight));
        // Two 分值 columns, both left of 三级指标: none is right of it for the indicators, so
        // neither is a level's.
        let mut left: BTreeMap<u32, Role> = [
            (0, Level1),
            (1, Weight),
            (2, Level2),
            (3, Weight),
            (4, Level3),
            (5, Score),
        ]
        .into();
        assert_eq!(split_level_weights(&mut left), [None, None]);
        assert_eq!(left.len(), 6);
        // Two 一级 columns each with a 分值 right of it: the first is the level's, the second
        // is left where it stands.
        let mut twice: BTreeMap<u32, Role> = [
            (0, Level1),
            (1, Weight),
            (2, Level1),
            (3, Weight),
            (4, Level3),
            (5, Weight),
        ]
        .into();
        assert_eq!(split_level_weights(&mut twice), [Some(1), None]);
        assert_eq!(twice.get(&3), Some(&Weight));
        assert_eq!(twice.get(&5), Some(&Weight));
    }

    /// The 预算执行 block above the indicators: its header row names the money columns (in
    /// 元 here, so amounts are read in 万元) and the 分值/执行率/得分 ones; under it the
    /// 年度资金总额 row, then the 其中 rows: with amounts, or without when the label names a
    /// source of funds (拨款, 结转, 资金). A row without a label ends the block, as does one
    /// without amounts whose label names no source.
    #[test]
    fn a_budget_block_is_read_with_its_columns_total_and_parts() {
        let mut g = Grid::new("自评表");
        titles(
            &mut g,
            0,
            &[
                "项目资金（元）",
                "年初预算数",
                "全年预算数",
                "全年执行数",
                "分值",
                "执行率",
                "得分",
            ],
        );
        t(&mut g, 1, 0, "年度资金总额");
        for (c, v) in [
            (1, 1_000_000),
            (2, 1_200_000),
            (3, 1_080_000),
            (4, 10),
            (6, 9),
        ] {
            n(&mut g, 1, c, v);
        }
        t(&mut g, 2, 0, "其中：本年财政拨款");
        for (c, v) in [(1, 1_000_000), (2, 1_000_000), (3, 900_000)] {
            n(&mut g, 2, c, v);
        }
        for (row, label) in [(3, "财政拨款"), (4, "上年结转"), (5, "专项资金")] {
            t(&mut g, row, 0, label);
        }
        t(&mut g, 6, 0, "一般公共预算");
        for c in 1..=3 {
            n(&mut g, 6, c, 50_000);
            n(&mut g, 7, c, 5);
        }
        t(&mut g, 8, 0, "其他资金");
        n(&mut g, 8, 1, 1);
        let block = find_budget_block(&g, 9).expect("a budget block");
        assert_eq!(block.header_row, 0);
        let c = &block.cols;
        assert_eq!(
            [c.initial, c.adjusted, c.spent, c.weight, c.rate, c.score],
            [1, 2, 3, 4, 5, 6].map(Some)
        );
        let total = &block.total;
        assert_eq!((total.row, total.label.as_str()), (1, "年度资金总额"));
        let v = |n: i64| Num::Value(Decimal::from(n));
        assert_eq!(
            [&total.initial, &total.adjusted, &total.spent],
            [&v(100), &v(120), &v(108)]
        );
        assert_eq!((&total.weight, &total.score), (&v(10), &v(9)));
        let labels: Vec<&str> = block.parts.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "本年财政拨款",
                "财政拨款",
                "上年结转",
                "专项资金",
                "一般公共预算"
            ]
        );
        assert_eq!(block.parts[0].spent, v(90));
        assert_eq!(block.parts[1].spent, Num::Missing);
    }

    /// A budget block needs a 执行数 column and at least one budget column (年初 or 全年);
    /// a row naming only budgets, or only 执行数, is no block.
    #[test]
    fn a_budget_block_needs_spending_and_a_budget() {
        let block = |heads: &[&str]| {
            let mut g = Grid::new("自评表");
            titles(&mut g, 0, heads);
            t(&mut g, 1, 0, "年度资金总额");
            for c in 1..heads.len() as u32 {
                n(&mut g, 1, c, 100);
            }
            find_budget_block(&g, 2).map(|b| b.cols)
        };
        assert!(block(&["项目资金", "全年预算数", "全年执行数"]).is_some());
        assert!(block(&["项目资金", "年初预算数", "执行数"]).is_some());
        assert_eq!(block(&["项目资金", "年初预算数", "全年预算数"]), None);
        assert_eq!(block(&["项目资金", "全年执行数", "分值"]), None);
    }

    #[test]
    fn a_budget_weight_stated_in_a_title() {
        assert_eq!(
            weight_in_title("预算执行情况(万元) (20分)"),
            Some(Decimal::from(20))
        );
        assert_eq!(
            weight_in_title("得分 （10分*执行率）"),
            Some(Decimal::from(10))
        );
        assert_eq!(weight_in_title("得分"), None);
        assert_eq!(weight_in_title("项目资金(万元)"), None);
        assert_eq!(weight_in_title("执行率(B/A)"), None);
    }

    #[test]
    fn headings_over_numbered_items() {
        assert!(heads_numbered_items(
            "一、示范区建立",
            "1、水稻侧深施肥+缓控释肥"
        ));
        assert!(heads_numbered_items(
            "二、评价过程中工作组情况",
            "1、在评价过程中沟通情况"
        ));
        assert!(heads_numbered_items("三、项目管理", "（1）制度健全"));
        assert!(!heads_numbered_items(
            "三、土样植株化验",
            "四、农户施肥情况调查(户)"
        ));
        assert!(!heads_numbered_items("一、示范区建立", ""));
        assert!(!heads_numbered_items("1、肥料利用率", "2、化肥减量增效"));
        assert!(!heads_numbered_items("一致性", "1、…"));
    }

    /// The total row's own sentence `自评得分：10　评定等级：“优”` gives the stated grade
    /// (read as a fact: the quotes and the score before it are no bare grade), but not a
    /// stated total: the row's score cell is the filed total, checked already (C204/C205),
    /// and the sentence would report the same mistake twice (C207).
    #[test]
    fn the_total_row_gives_the_grade_written_in_it_not_a_second_total() {
        let mut g = Grid::new("评分表");
        titles(
            &mut g,
            0,
            &["一级指标", "二级指标", "三级指标", "分值", "得分", "说明"],
        );
        t(&mut g, 1, 2, "立项规范性");
        n(&mut g, 1, 3, 10);
        n(&mut g, 1, 4, 10);
        t(&mut g, 2, 0, "合计");
        n(&mut g, 2, 3, 10);
        n(&mut g, 2, 4, 10);
        t(&mut g, 2, 5, "自评得分：10　评定等级：“优”");
        let Location::Table(table) = locate_table(&g) else {
            panic!("no table")
        };
        assert_eq!(table.total_row, Some(2));
        let grade = table
            .facts
            .stated_grade
            .expect("the grade in the total row");
        assert_eq!((grade.value.as_str(), grade.row, grade.col), ("优", 2, 5));
        assert_eq!(table.facts.stated_total, None);
    }

    /// A grade alone in a cell of the total row, after spaces, brackets (a space inside
    /// them too) and a 自评等级 label, is the stated grade.
    #[test]
    fn a_bare_grade_in_the_total_row_after_spaces_and_a_label() {
        for (cell, want) in [
            ("  自评等级：优", "优"),
            ("（ 自评等级） 良好", "良好"),
            (") 优", "优"),
        ] {
            let mut g = Grid::new("s");
            t(&mut g, 0, 0, "合计");
            t(&mut g, 0, 3, cell);
            let grade = grade_in_row(&g, 0).map(|l| (l.value, l.col));
            assert_eq!(grade, Some((want.to_string(), 3)), "{cell}");
        }
    }

    #[test]
    fn total_and_grade_on_the_other_matters_row() {
        let mut g = Grid::new("Sheet1");
        titles(
            &mut g,
            0,
            &[
                "一级指标",
                "二级指标",
                "三级指标",
                "分值",
                "得分",
                "偏差原因",
            ],
        );
        t(&mut g, 1, 0, "产出指标");
        t(&mut g, 1, 2, "完成率");
        n(&mut g, 1, 3, 100);
        n(&mut g, 1, 4, 96);
        t(&mut g, 2, 0, "其他需要说明事项");
        t(&mut g, 2, 2, "总分");
        n(&mut g, 2, 3, 100);
        n(&mut g, 2, 4, 96);
        t(&mut g, 2, 5, "（自评等级）优");
        t(&mut g, 3, 0, "填表人：张三");
        let Location::Table(table) = locate_table(&g) else {
            panic!("no table")
        };
        assert_eq!(table.rows, vec![1]);
        assert_eq!(table.total_row, Some(2));
        let grade = table.facts.stated_grade.unwrap();
        assert_eq!((grade.value.as_str(), grade.row, grade.col), ("优", 2, 5));

        // Without 总分 the row ends the table and is no total …
        t(&mut g, 2, 2, "无");
        let Location::Table(table) = locate_table(&g) else {
            panic!("no table")
        };
        assert_eq!((&table.rows, table.total_row), (&vec![1], None));
        // … but a 总分 row right under it is.
        t(&mut g, 3, 0, "总分");
        t(&mut g, 4, 0, "填表人：张三");
        let Location::Table(table) = locate_table(&g) else {
            panic!("no table")
        };
        assert_eq!((table.rows, table.total_row), (vec![1], Some(3)));
    }

    #[test]
    fn two_row_header_with_merged_parent() {
        let mut g = Grid::new("s");
        for (c, h) in [
            "一级指标",
            "二级指标",
            "三级指标",
            "评分标准",
            "分值",
            "得分",
        ]
        .iter()
        .enumerate()
        {
            t(&mut g, 0, c as u32, h);
            g.merges.push(Rect {
                top: 0,
                left: c as u32,
                bottom: 1,
                right: c as u32,
            });
        }
        t(&mut g, 0, 6, "扣分情况");
        g.merges.push(Rect {
            top: 0,
            left: 6,
            bottom: 0,
            right: 7,
        });
        t(&mut g, 1, 6, "扣分");
        t(&mut g, 1, 7, "扣分原因");
        t(&mut g, 2, 2, "资金到位率");
        n(&mut g, 2, 4, 5);
        let Location::Table(table) = locate_table(&g) else {
            panic!("no table")
        };
        assert_eq!((table.header.top, table.header.bottom), (0, 1));
        assert_eq!(table.header.columns.get(Role::Deduction), Some(6));
        assert_eq!(table.header.columns.get(Role::Reason), Some(7));
        assert_eq!(table.rows, vec![2]);
    }

    /// One 实际完成值 cell merged down over two indicators' rows is the value of both (a
    /// single column is read through its merge, not as sub-columns of its own cells).
    #[test]
    fn an_actual_value_merged_over_two_rows_is_each_rows() {
        let mut g = Grid::new("s");
        titles(
            &mut g,
            0,
            &["三级指标", "评分标准", "实际完成值", "分值", "得分"],
        );
        for row in [1, 2] {
            t(&mut g, row, 0, &format!("满意度{row}"));
            n(&mut g, row, 3, 5);
            n(&mut g, row, 4, 5);
        }
        t(&mut g, 1, 2, "96%");
        g.merges.push(Rect {
            top: 1,
            left: 2,
            bottom: 2,
            right: 2,
        });
        let Location::Table(table) = locate_table(&g) else {
            panic!("no table")
        };
        for row in [1, 2] {
            assert_eq!(
                table.header.text_of(&g, row, Role::Actual).as_deref(),
                Some("96%")
            );
        }
    }

    /// A name merged across the weight or score column is a note, even where the cells under
    /// its merge still hold numbers (Excel keeps them, hidden); a name merged only across the
    /// column beside it, short of the numbers, is an indicator.
    #[test]
    fn a_name_merged_across_the_numbers_is_a_note() {
        let mut g = Grid::new("s");
        titles(&mut g, 0, &["一级指标", "三级指标", "说明", "分值", "得分"]);
        for (row, name, right) in [(1, "立项规范性", 2), (2, "注：得分按评分标准计", 4)]
        {
            t(&mut g, row, 1, name);
            n(&mut g, row, 3, 10);
            n(&mut g, row, 4, 10);
            g.merges.push(Rect {
                top: row,
                left: 1,
                bottom: row,
                right,
            });
        }
        t(&mut g, 3, 1, "绩效目标合理性");
        n(&mut g, 3, 3, 10);
        n(&mut g, 3, 4, 8);
        let Location::Table(table) = locate_table(&g) else {
            panic!("no table")
        };
        assert_eq!(table.rows, vec![1, 3]);
    }

    #[test]
    fn header_without_scores_is_incomplete() {
        let mut g = Grid::new("s");
        titles(
            &mut g,
            0,
            &["一级指标", "二级指标", "三级指标", "指标值", "实施进度"],
        );
        assert_eq!(
            locate_table(&g),
            Location::Incomplete {
                row: 0,
                missing: vec![Role::Weight, Role::Score]
            }
        );
        let mut notes = Grid::new("填表说明");
        t(&mut notes, 0, 0, "填表说明：三级指标按实际填写");
        assert_eq!(locate_table(&notes), Location::None);
    }

    /// A header is an incomplete table only with a 三级指标 title and at least three known
    /// titles: without 三级指标 it is no indicator table at all, with two titles too few.
    #[test]
    fn an_incomplete_header_needs_level3_and_three_titles() {
        let located = |heads: &[&str]| {
            let mut g = Grid::new("s");
            titles(&mut g, 0, heads);
            locate_table(&g)
        };
        assert_eq!(
            located(&["一级指标", "二级指标", "指标值", "实际完成值"]),
            Location::None
        );
        assert_eq!(located(&["三级指标", "指标值"]), Location::None);
        assert_eq!(
            located(&["三级指标", "指标值", "实际完成值"]),
            Location::Incomplete {
                row: 0,
                missing: vec![Role::Weight, Role::Score]
            }
        );
    }

    /// Without a 分值 column, a header with 得分 is a table when one of the first 10 names
    /// under it carries a weight (`培训人次(5分)`): the 10th counts, the 11th is too far down.
    #[test]
    fn weights_in_names_are_looked_for_in_the_first_10_rows() {
        let located = |weighted: u32| {
            let mut g = Grid::new("s");
            titles(&mut g, 0, &["一级指标", "二级指标", "三级指标", "得分"]);
            for r in 1..=11 {
                let name = if r == weighted {
                    format!("指标{r}(5分)")
                } else {
                    format!("指标{r}")
                };
                t(&mut g, r, 2, &name);
                n(&mut g, r, 3, 5);
            }
            locate_table(&g)
        };
        assert!(
            matches!(located(10), Location::Table(_)),
            "{:?}",
            located(10)
        );
        assert_eq!(
            located(11),
            Location::Incomplete {
                row: 0,
                missing: vec![Role::Weight]
            }
        );
    }

    /// A column title is at most 60 characters (a long title in brackets included); a longer
    /// text is data, even when it would read as a title.
    #[test]
    fn a_title_of_60_characters_is_read_and_of_61_is_not() {
        let roles = |inner: usize| {
            let mut g = Grid::new("s");
            let title = format!("得分（{}）", "说".repeat(inner));
            t(&mut g, 0, 1, &title);
            (
                title.chars().count(),
                roles_in_row(&g, 0, false, &Config::default()),
            )
        };
        assert_eq!(roles(56), (60, vec![(1, Role::Score)]));
        assert_eq!(roles(57), (61, vec![]));
    }

    /// The first of each fact is kept: a second 项目名称, 主管部门 or 评定等级 further down
    /// does not replace it, and an empty grade (`评定等级：“”`) is none.
    #[test]
    fn the_first_of_each_fact_is_kept_and_an_empty_grade_is_none() {
        let mut g = Grid::new("s");
        t(&mut g, 0, 0, "评定等级：“”");
        t(&mut g, 1, 0, "项目名称：道路养护");
        t(&mut g, 1, 1, "主管部门：县交通局");
        t(&mut g, 2, 0, "评定等级：良");
        t(&mut g, 3, 0, "项目名称：桥梁维修");
        t(&mut g, 3, 1, "主管部门：县财政局");
        t(&mut g, 4, 0, "评定等级：优");
        let f = sheet_facts(&g);
        assert_eq!(f.project.as_deref(), Some("道路养护"));
        assert_eq!(f.department.as_deref(), Some("县交通局"));
        let grade = f.stated_grade.expect("a grade");
        assert_eq!((grade.value.as_str(), grade.row), ("良", 2));
    }

    /// A money label is in 元 when it says so in a bracket at its end, `（元）` or
    /// `（单位：元）`, spaces or a colon after it too; `（万元）` is not.
    #[test]
    fn a_money_label_in_yuan() {
        for (label, yuan) in [
            ("预算金额（元）", true),
            ("预算金额（单位：元）", true),
            ("预算金额（元） ", true),
            ("预算金额（元）：", true),
            ("项目名称：", false),
            ("预算金额（万元）", false),
            ("预算金额", false),
        ] {
            let kind = if label.starts_with("项目") {
                FactKind::Project
            } else {
                FactKind::BudgetInitial
            };
            assert_eq!(fact_kind(label), Some((kind, yuan)), "{label}");
        }
    }

    /// A sheet's title is the first text above the table that says 绩效 or ends in 表 (and is
    /// no column title): `某项目支出评价表` and `道路养护项目绩效自评情况` are titles.
    #[test]
    fn a_title_says_jixiao_or_ends_in_biao() {
        for title in ["道路养护项目支出评价表", "道路养护项目绩效自评情况"] {
            let mut g = Grid::new("s");
            t(&mut g, 0, 0, title);
            assert_eq!(sheet_facts(&g).title.as_deref(), Some(title));
        }
        let mut g = Grid::new("s");
        t(&mut g, 0, 0, "道路养护项目自评情况");
        assert_eq!(sheet_facts(&g).title, None);
    }

    /// A cell covered by a merge has no text of its own, even where a value lies hidden
    /// under the merge; the merge's first cell has the text.
    #[test]
    fn a_cell_under_a_merge_has_no_text_of_its_own() {
        let mut g = Grid::new("s");
        t(&mut g, 0, 0, "项目名称");
        t(&mut g, 0, 1, "旧名称");
        g.merges.push(Rect {
            top: 0,
            left: 0,
            bottom: 0,
            right: 1,
        });
        assert_eq!(own_text(&g, 0, 0), "项目名称");
        assert_eq!(own_text(&g, 0, 1), "");
    }

    #[test]
    fn facts_in_label_cells_and_yuan_converted() {
        let mut g = Grid::new("s");
        t(&mut g, 0, 0, "项目名称");
        t(&mut g, 0, 1, "道路养护");
        t(&mut g, 1, 0, "预算金额（元）");
        n(&mut g, 1, 1, 500_000);
        t(&mut g, 1, 2, "实际支出（万元）");
        t(&mut g, 1, 3, "47.76");
        t(&mut g, 2, 0, "自评得分：95.4　评定等级：“优”");
        let f = sheet_facts(&g);
        assert_eq!(f.project.as_deref(), Some("道路养护"));
        assert_eq!(f.budget_initial.unwrap().value.to_string(), "50");
        assert_eq!(f.spent.unwrap().value.to_string(), "47.76");
        assert_eq!(f.stated_total.unwrap().value.to_string(), "95.4");
        assert_eq!(f.stated_grade.unwrap().value, "优");
    }

    #[test]
    fn names_from_titles() {
        assert_eq!(
            name_from_title("富民县财政局2024年预算信息管理平台项目支出绩效评价指标评分表")
                .as_deref(),
            Some("富民县财政局2024年预算信息管理平台项目")
        );
        assert_eq!(
            name_from_title("科技局整体支出绩效评价评分表").as_deref(),
            Some("科技局整体支出")
        );
        for generic in [
            "评分表",
            "附件1：项目支出绩效评价表",
            "附件：2022年度项目支出绩效自评表",
            "2022年度项目支出绩效自评表",
            "部门整体支出绩效评价评分表",
        ] {
            assert_eq!(name_from_title(generic), None, "{generic}");
        }
        assert_eq!(
            name_from_file("道路养护项目绩效评价表").as_deref(),
            Some("道路养护项目")
        );
        assert_eq!(name_from_file("评分表"), None);
    }
}
