//! \[CORE\] Year over year (issue #21): the same projects across years' reports, what repeats,
//! and a 结果应用 suggestion.
//!
//! **Inputs** are reports: earlier years' `report.json` (read leniently: a field an older
//! jixiao did not write is taken as empty; a file of another schema is refused), and for
//! `run --previous` this run's own results. Each is one **year**, labelled by the year most of
//! its project names carry (`2024年…` → 2024), else by a year in its file or folder name
//! (`2024-out/report.json`), else by its place (`第1份`).
//!
//! **Matching**, year by year (each year against the one before):
//! 1. pairs pinned in `jixiao.toml` (`[[match]] old = "…" new = "…"`, project names);
//! 2. the same department and the same name once years (`2024年`, `2024年度`), batches
//!    (`（第二批）`, `第2批`), project codes (runs of 6 or more digits or `XM-2024-001`-like
//!    codes), punctuation and spaces are taken out — confidence 高;
//! 3. otherwise within the department, the one project whose name is alike (bigram overlap
//!    ≥ 0.5) and whose 三级指标 are alike (overlap ≥ 0.5), when no other is as alike —
//!    confidence 中 (renamed projects).
//!
//! What matches nothing is listed as unmatched, never paired by force.
//!
//! **Flags** on each matched pair of consecutive years: 等级下降; 连续失分 (the same 三级指标
//! lost points both years: 整改未落实, with both years' reasons); 指标值偏低 (the same target
//! text both years, and the actual value 30% or more above it both years); 预算增加而得分下降;
//! 自评上升而复核未升.
//!
//! **结果应用** (`[application]` of `jixiao.toml`): the newest grade's suggestion (优 优先保障,
//! 良 保持, 中 整改后安排、适当压减, 差 压减或取消), and `falling` (重点关注) first when the
//! reviewed score fell in each of the last two pairs of years. It is a suggestion with its
//! reason, never a decision.

use crate::text::{halfwidth_char, simplified};
use regex::Regex;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

/// One project as the comparison needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    /// The file, as in its report.
    pub file: String,
    /// The sheet.
    pub sheet: String,
    /// 部门.
    pub department: String,
    /// 项目名称.
    pub name: String,
    /// 预算数 (全年预算数, else 年初预算数).
    pub budget: Option<Decimal>,
    /// The filed total.
    pub filed: Option<Decimal>,
    /// The reviewed total.
    pub reviewed: Option<Decimal>,
    /// The reviewed grade.
    pub grade: Option<String>,
    /// The level3 indicators.
    pub indicators: Vec<Indicator>,
    /// Its annotated copy relative to OUT (this run's projects only).
    pub link: Option<String>,
}

/// One level3 indicator as the comparison needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// 三级指标.
    pub name: String,
    /// 分值.
    pub weight: Option<Decimal>,
    /// Reviewed score.
    pub score: Option<Decimal>,
    /// Reviewed deduction.
    pub deduction: Option<Decimal>,
    /// 年度指标值 as written.
    pub target: Option<String>,
    /// 实际完成值 as written.
    pub actual: Option<String>,
    /// The reason (reviewed, else filed).
    pub reason: String,
}

impl Indicator {
    /// Points lost: the reviewed deduction, else 分值 − 得分.
    fn lost(&self) -> Decimal {
        self.deduction
            .or_else(|| Some(self.weight? - self.score?))
            .unwrap_or_default()
            .max(Decimal::ZERO)
    }
}

/// One year's projects.
#[derive(Debug, Clone, PartialEq)]
pub struct Year {
    /// `2024`, or `第1份`.
    pub label: String,
    /// Its projects, in report order.
    pub projects: Vec<Project>,
}

/// Why a report could not be used.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// It could not be read.
    #[error("无法读取 {}：{error}", path.display())]
    Read {
        /// The report.
        path: std::path::PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// It is not a jixiao report.
    #[error("{} 不是 jixiao 的 report.json（{why}）；请给出 jixiao run 写出的 report.json", path.display())]
    NotAReport {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong.
        why: String,
    },
}

/// A report as read leniently: every field defaults.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct RawReport {
    schema: String,
    files: Vec<RawFile>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct RawFile {
    path: String,
    projects: Vec<RawProject>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct RawProject {
    sheet: String,
    name: String,
    department: String,
    budget: RawBudget,
    score_filed: Option<String>,
    score_reviewed: Option<String>,
    grade: Option<String>,
    indicators: Vec<RawIndicator>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct RawBudget {
    initial: Option<String>,
    adjusted: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct RawIndicator {
    level3: String,
    weight: Option<String>,
    score_reviewed: Option<String>,
    deduction_reviewed: Option<String>,
    target: Option<String>,
    actual: Option<String>,
    reason_reviewed: String,
    reason_filed: String,
}

fn dec(s: &Option<String>) -> Option<Decimal> {
    s.as_deref()?.trim().parse().ok()
}

/// Reads an earlier year's `report.json`.
///
/// # Errors
/// [`HistoryError`] when it cannot be read or is not a jixiao report.
pub fn load(path: &Path) -> Result<Year, HistoryError> {
    let bytes = std::fs::read(path).map_err(|error| HistoryError::Read {
        path: path.to_path_buf(),
        error,
    })?;
    let not = |why: String| HistoryError::NotAReport {
        path: path.to_path_buf(),
        why,
    };
    let raw: RawReport =
        serde_json::from_slice(&bytes).map_err(|e| not(format!("不是有效的 JSON：{e}")))?;
    if !raw.schema.starts_with("jixiao.report/") {
        return Err(not(if raw.schema.is_empty() {
            "没有 schema 字段".to_string()
        } else {
            format!("schema 为“{}”", raw.schema)
        }));
    }
    let projects: Vec<Project> = raw
        .files
        .into_iter()
        .flat_map(|f| {
            let path = f.path;
            f.projects.into_iter().map(move |p| Project {
                file: path.clone(),
                sheet: p.sheet,
                department: p.department,
                name: p.name,
                budget: dec(&p.budget.adjusted).or_else(|| dec(&p.budget.initial)),
                filed: dec(&p.score_filed),
                reviewed: dec(&p.score_reviewed),
                grade: p.grade,
                indicators: p
                    .indicators
                    .into_iter()
                    .map(|i| Indicator {
                        name: i.level3,
                        weight: dec(&i.weight),
                        score: dec(&i.score_reviewed),
                        deduction: dec(&i.deduction_reviewed),
                        target: i.target,
                        actual: i.actual,
                        reason: if i.reason_reviewed.is_empty() {
                            i.reason_filed
                        } else {
                            i.reason_reviewed
                        },
                    })
                    .collect(),
                link: None,
            })
        })
        .collect();
    Ok(Year {
        label: label_of(&projects)
            .or_else(|| year_in(&path.to_string_lossy()))
            .unwrap_or_default(),
        projects,
    })
}

/// This run's projects, from its report entries.
pub fn projects_of(file: &crate::write::report::FileReport, link: Option<&str>) -> Vec<Project> {
    file.projects
        .iter()
        .map(|p| Project {
            file: file.path.clone(),
            sheet: p.sheet.clone(),
            department: p.department.clone(),
            name: p.name.clone(),
            budget: p.budget.adjusted.or(p.budget.initial),
            filed: p.score_filed,
            reviewed: p.score_reviewed,
            grade: p.grade.clone(),
            indicators: p
                .indicators
                .iter()
                .map(|i| Indicator {
                    name: i.level3.clone(),
                    weight: i.weight,
                    score: i.score_reviewed,
                    deduction: i.deduction_reviewed,
                    target: i.target.clone(),
                    actual: i.actual.clone(),
                    reason: if i.reason_reviewed.is_empty() {
                        i.reason_filed.clone()
                    } else {
                        i.reason_reviewed.clone()
                    },
                })
                .collect(),
            link: link.map(str::to_string),
        })
        .collect()
}

fn year_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(20\d\d)").expect("year pattern"))
}

/// The first year (2000–2099) written in `s`.
pub fn year_in(s: &str) -> Option<String> {
    year_re().captures(s).map(|c| c[1].to_string())
}

/// The year most project names carry (`2024年…`), when most of those that carry one agree.
pub fn label_of(projects: &[Project]) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for p in projects {
        if let Some(y) = year_in(&p.name) {
            *counts.entry(y).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(y, _)| y)
}

fn strip_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?:20\d\d|19\d\d)\s*年(?:度)?",
            r"|[(（]?\s*第\s*[一二三四五六七八九十百\d]+\s*批(?:次)?\s*[)）]?",
            r"|[A-Za-z]{0,6}[-_]?\d{4}[-_]\d{2,}",
            r"|\d{6,}",
        ))
        .expect("strip pattern")
    })
}

/// A name with years, batches and codes taken out, folded (full-width, traditional), without
/// spaces and punctuation: the key projects are matched by.
pub fn name_key(name: &str) -> String {
    let folded: String = name
        .chars()
        .map(|c| simplified(halfwidth_char(c)))
        .collect();
    let stripped = strip_re().replace_all(&folded, "");
    stripped
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase()
}

fn bigrams(s: &str) -> BTreeSet<(char, char)> {
    let chars: Vec<char> = s.chars().collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Dice overlap of two keys' character pairs (0–1).
fn alike(a: &str, b: &str) -> f64 {
    let (x, y) = (bigrams(a), bigrams(b));
    // Keys of one character have no pairs: alike only when equal.
    let pairs = x.len() + y.len();
    if pairs == 0 {
        return if a == b { 1.0 } else { 0.0 };
    }
    2.0 * x.intersection(&y).count() as f64 / pairs as f64
}

/// Overlap of two projects' indicator names (Jaccard, 0–1).
fn indicators_alike(a: &Project, b: &Project) -> f64 {
    let x: BTreeSet<String> = a.indicators.iter().map(|i| name_key(&i.name)).collect();
    let y: BTreeSet<String> = b.indicators.iter().map(|i| name_key(&i.name)).collect();
    let all = x.union(&y).count();
    if all == 0 {
        return 0.0;
    }
    x.intersection(&y).count() as f64 / all as f64
}

/// `[[match]]` and `[application]` of `jixiao.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryConfig {
    /// Project names paired by hand: (older name, newer name).
    pub pins: Vec<(String, String)>,
    /// 结果应用 suggestion by grade name.
    pub by_grade: BTreeMap<String, String>,
    /// Said first when the score fell two years running.
    pub falling: String,
}

impl Default for HistoryConfig {
    fn default() -> Self {
        HistoryConfig {
            pins: Vec::new(),
            by_grade: [
                ("优", "优先保障"),
                ("良", "保持"),
                ("中", "整改后安排、适当压减"),
                ("差", "压减或取消"),
            ]
            .into_iter()
            .map(|(g, s)| (g.to_string(), s.to_string()))
            .collect(),
            falling: "重点关注".to_string(),
        }
    }
}

/// How a pair was matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The older year.
    pub from: String,
    /// The newer year.
    pub to: String,
    /// 高, 中, or 指定.
    pub confidence: &'static str,
    /// In words.
    pub how: String,
}

/// A flag on a pair of years.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// `grade_fell`, `repeated_loss`, `low_target`, `budget_up_score_down`,
    /// `self_up_reviewed_not`.
    pub code: &'static str,
    /// `2024→2025`.
    pub years: String,
    /// In words, with the figures.
    pub text: String,
}

/// One project across the years.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    /// Per year (in year order), the project that year, if matched.
    pub years: Vec<Option<Project>>,
    /// How each consecutive pair was matched.
    pub links: Vec<Link>,
    /// What the pairs show.
    pub flags: Vec<Flag>,
    /// The 结果应用 suggestion, and why.
    pub suggestion: String,
    /// Why.
    pub reason: String,
}

impl Chain {
    /// The newest year's project.
    pub fn newest(&self) -> Option<&Project> {
        self.years.iter().rev().flatten().next()
    }
}

/// The same indicator losing points in consecutive years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Repeat {
    /// 三级指标.
    pub indicator: String,
    /// 部门.
    pub department: String,
    /// 项目 (newest name).
    pub project: String,
    /// The years it lost points in, in order.
    pub years: Vec<String>,
    /// Points lost each of those years.
    pub lost: Vec<String>,
    /// The reasons given each of those years.
    pub reasons: Vec<String>,
}

/// A project of some year matched to nothing in the year before or after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unmatched {
    /// The year.
    pub year: String,
    /// The file.
    pub file: String,
    /// The sheet.
    pub sheet: String,
    /// 部门.
    pub department: String,
    /// 项目.
    pub project: String,
}

/// The comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The year labels, oldest first.
    pub years: Vec<String>,
    /// Projects seen in two or more years.
    pub chains: Vec<Chain>,
    /// Projects seen in one year only.
    pub unmatched: Vec<Unmatched>,
    /// Indicators losing points in consecutive years.
    pub repeated: Vec<Repeat>,
}

/// Labels years: their own, else `第k份`; a label used twice gets its place added.
fn labels(years: &[Year]) -> Vec<String> {
    let mut out: Vec<String> = years
        .iter()
        .enumerate()
        .map(|(k, y)| {
            if y.label.is_empty() {
                format!("第{}份", k + 1)
            } else {
                y.label.clone()
            }
        })
        .collect();
    let all = out.clone();
    for (k, l) in out.iter_mut().enumerate() {
        if all.iter().filter(|x| *x == l).count() > 1 {
            *l = format!("{l}（第{}份）", k + 1);
        }
    }
    out
}

/// A project's partner in the year before: its index there, the confidence, and how.
type Partner = Option<(usize, &'static str, String)>;

/// Matches `new` against `old`: for each project of `new`, its partner's index in `old` and
/// the link (confidence and how).
fn match_years(old: &[Project], new: &[Project], pins: &[(String, String)]) -> Vec<Partner> {
    let mut out: Vec<Partner> = vec![None; new.len()];
    let mut taken: BTreeSet<usize> = BTreeSet::new();
    let dept = |p: &Project| name_key(&p.department);
    // 1. Pinned names.
    for (a, b) in pins {
        let (ka, kb) = (name_key(a), name_key(b));
        let olds: Vec<usize> = (0..old.len())
            .filter(|i| !taken.contains(i) && name_key(&old[*i].name) == ka)
            .collect();
        let news: Vec<usize> = (0..new.len())
            .filter(|j| out[*j].is_none() && name_key(&new[*j].name) == kb)
            .collect();
        if let ([i], [j]) = (olds.as_slice(), news.as_slice()) {
            out[*j] = Some((*i, "指定", format!("jixiao.toml 指定“{a}”即“{b}”")));
            taken.insert(*i);
        }
    }
    // 2. Same department and key.
    let mut by_key: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, p) in old.iter().enumerate() {
        if !taken.contains(&i) {
            by_key
                .entry((dept(p), name_key(&p.name)))
                .or_default()
                .push(i);
        }
    }
    for (j, p) in new.iter().enumerate() {
        if out[j].is_some() {
            continue;
        }
        let key = (dept(p), name_key(&p.name));
        if let Some(list) = by_key.get_mut(&key) {
            // Same key twice in a year (two sheets named alike): first with first.
            if let Some(pos) = list.iter().position(|i| !taken.contains(i)) {
                let i = list.remove(pos);
                taken.insert(i);
                let how = if old[i].name == p.name {
                    "名称相同".to_string()
                } else {
                    format!(
                        "去掉年份、批次、编码后名称相同（“{}”→“{}”）",
                        old[i].name, p.name
                    )
                };
                out[j] = Some((i, "高", how));
            }
        }
    }
    // 3. Alike names and alike indicators within the department, unambiguous.
    let mut by_dept: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in old.iter().enumerate() {
        if !taken.contains(&i) {
            by_dept.entry(dept(p)).or_default().push(i);
        }
    }
    let mut proposals: Vec<(usize, usize, f64)> = Vec::new();
    for (j, p) in new.iter().enumerate() {
        if out[j].is_some() {
            continue;
        }
        let Some(cands) = by_dept.get(&dept(p)) else {
            continue;
        };
        let kp = name_key(&p.name);
        let mut scored: Vec<(usize, f64)> = cands
            .iter()
            .filter(|i| !taken.contains(i))
            .filter_map(|&i| {
                let n = alike(&name_key(&old[i].name), &kp);
                let ind = indicators_alike(&old[i], p);
                (n >= 0.5 && ind >= 0.5).then_some((i, n + ind))
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        match scored.as_slice() {
            [(i, s)] => proposals.push((*i, j, *s)),
            [(i, s), (_, t), ..] if s - t > 0.2 => proposals.push((*i, j, *s)),
            _ => {}
        }
    }
    // An old project proposed for two new ones goes to neither.
    let mut count: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, _, _) in &proposals {
        *count.entry(*i).or_default() += 1;
    }
    for (i, j, _) in proposals {
        if count[&i] == 1 {
            out[j] = Some((
                i,
                "中",
                format!(
                    "名称相近、三级指标相同（“{}”→“{}”）",
                    old[i].name, new[j].name
                ),
            ));
        }
    }
    out
}

fn rank(grade: Option<&str>, grades: &[String]) -> Option<usize> {
    grades.iter().position(|g| Some(g.as_str()) == grade)
}

/// The number at the start of a target or actual value (`≥12处` → 12, `16处` → 16), and
/// whether the target says "at most".
fn amount(s: &str) -> Option<(Decimal, bool)> {
    let folded: String = s.chars().map(halfwidth_char).collect();
    let at_most = folded.contains('≤')
        || folded.contains("<")
        || folded.contains("不超过")
        || folded.contains("不高于");
    let start = folded.find(|c: char| c.is_ascii_digit())?;
    let num: String = folded[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    Some((num.parse().ok()?, at_most))
}

/// Actual ÷ target, when both are numbers and the target is "at least".
fn exceeded(i: &Indicator) -> Option<Decimal> {
    let (target, at_most) = amount(i.target.as_deref()?)?;
    let (actual, _) = amount(i.actual.as_deref()?)?;
    if at_most || target <= Decimal::ZERO {
        return None;
    }
    Some(actual / target)
}

/// The flags of one consecutive pair, and the repeats it shows.
fn pair_flags(
    a: &Project,
    b: &Project,
    years: &str,
    grades: &[String],
    repeats: &mut Vec<(String, Decimal, Decimal, String, String)>,
) -> Vec<Flag> {
    let d = crate::text::fmt_dec;
    let mut flags = Vec::new();
    if let (Some(ra), Some(rb)) = (
        rank(a.grade.as_deref(), grades),
        rank(b.grade.as_deref(), grades),
    ) {
        if rb > ra {
            flags.push(Flag {
                code: "grade_fell",
                years: years.to_string(),
                text: format!(
                    "等级下降：{}（{} 分）→ {}（{} 分）",
                    a.grade.as_deref().unwrap_or(""),
                    a.reviewed.map(d).unwrap_or_default(),
                    b.grade.as_deref().unwrap_or(""),
                    b.reviewed.map(d).unwrap_or_default()
                ),
            });
        }
    }
    let by_name: BTreeMap<String, &Indicator> = a
        .indicators
        .iter()
        .map(|i| (name_key(&i.name), i))
        .collect();
    for ib in &b.indicators {
        let Some(ia) = by_name.get(&name_key(&ib.name)) else {
            continue;
        };
        let (la, lb) = (ia.lost(), ib.lost());
        if la > Decimal::ZERO && lb > Decimal::ZERO {
            flags.push(Flag {
                code: "repeated_loss",
                years: years.to_string(),
                text: format!(
                    "连续失分（整改未落实）：“{}”两年分别扣 {} 分、{} 分",
                    ib.name,
                    d(la),
                    d(lb)
                ),
            });
            repeats.push((
                ib.name.clone(),
                la,
                lb,
                ia.reason.clone(),
                ib.reason.clone(),
            ));
        }
        let same_target = matches!((&ia.target, &ib.target), (Some(x), Some(y)) if x.trim() == y.trim() && !x.trim().is_empty());
        let over = Decimal::new(13, 1);
        if same_target {
            if let (Some(ea), Some(eb)) = (exceeded(ia), exceeded(ib)) {
                if ea >= over && eb >= over {
                    flags.push(Flag {
                        code: "low_target",
                        years: years.to_string(),
                        text: format!(
                            "指标值偏低：“{}”两年的年度指标值都是“{}”，实际完成“{}”“{}”，均超过 30% 以上",
                            ib.name,
                            ib.target.as_deref().unwrap_or("").trim(),
                            ia.actual.as_deref().unwrap_or(""),
                            ib.actual.as_deref().unwrap_or("")
                        ),
                    });
                }
            }
        }
    }
    if let (Some(ba), Some(bb), Some(sa), Some(sb)) = (a.budget, b.budget, a.reviewed, b.reviewed) {
        if bb > ba && sb < sa {
            flags.push(Flag {
                code: "budget_up_score_down",
                years: years.to_string(),
                text: format!(
                    "预算增加而得分下降：预算 {} → {} 万元，复核得分 {} → {}",
                    d(ba),
                    d(bb),
                    d(sa),
                    d(sb)
                ),
            });
        }
    }
    if let (Some(fa), Some(fb), Some(sa), Some(sb)) = (a.filed, b.filed, a.reviewed, b.reviewed) {
        if fb > fa && sb <= sa {
            flags.push(Flag {
                code: "self_up_reviewed_not",
                years: years.to_string(),
                text: format!(
                    "自评上升而复核未升：自评 {} → {}，复核 {} → {}",
                    d(fa),
                    d(fb),
                    d(sa),
                    d(sb)
                ),
            });
        }
    }
    flags
}

/// Compares the years (oldest first).
pub fn compare(years: &[Year], cfg: &HistoryConfig, grades: &[String]) -> History {
    let names = labels(years);
    let n = years.len();
    // For each year after the first, each project's partner in the year before.
    let links: Vec<Vec<Partner>> = (1..n)
        .map(|k| match_years(&years[k - 1].projects, &years[k].projects, &cfg.pins))
        .collect();
    // Chains: start at every project that no later project continues… built backwards from
    // each year's projects not continued in the next year (the newest year's set stays empty).
    let mut continued: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
    for k in 1..n {
        for (i, _, _) in links[k - 1].iter().flatten() {
            continued[k - 1].insert(*i);
        }
    }
    let mut chains = Vec::new();
    let mut unmatched = Vec::new();
    let mut repeated = Vec::new();
    for end in (0..n).rev() {
        for (j, _) in years[end].projects.iter().enumerate() {
            if continued[end].contains(&j) {
                continue;
            }
            // Walk back.
            let mut members: Vec<Option<Project>> = vec![None; n];
            let mut link_list: Vec<Link> = Vec::new();
            let (mut k, mut idx) = (end, j);
            members[k] = Some(years[k].projects[idx].clone());
            while k > 0 {
                let Some((i, conf, how)) = &links[k - 1][idx] else {
                    break;
                };
                link_list.push(Link {
                    from: names[k - 1].clone(),
                    to: names[k].clone(),
                    confidence: conf,
                    how: how.clone(),
                });
                idx = *i;
                k -= 1;
                members[k] = Some(years[k].projects[idx].clone());
            }
            link_list.reverse();
            let present: Vec<usize> = (0..n).filter(|y| members[*y].is_some()).collect();
            if present.len() < 2 {
                let p = years[end].projects[j].clone();
                unmatched.push(Unmatched {
                    year: names[end].clone(),
                    file: p.file,
                    sheet: p.sheet,
                    department: p.department,
                    project: p.name,
                });
                continue;
            }
            let mut flags = Vec::new();
            let mut reps: BTreeMap<String, Repeat> = BTreeMap::new();
            for w in present.windows(2) {
                let (ya, yb) = (w[0], w[1]);
                let (Some(a), Some(b)) = (&members[ya], &members[yb]) else {
                    continue;
                };
                let years_text = format!("{}→{}", names[ya], names[yb]);
                let mut rs = Vec::new();
                flags.extend(pair_flags(a, b, &years_text, grades, &mut rs));
                for (ind, la, lb, ra, rb) in rs {
                    let r = reps.entry(name_key(&ind)).or_insert_with(|| Repeat {
                        indicator: ind.clone(),
                        department: b.department.clone(),
                        project: String::new(),
                        years: Vec::new(),
                        lost: Vec::new(),
                        reasons: Vec::new(),
                    });
                    for (y, l, reason) in [(ya, la, ra), (yb, lb, rb)] {
                        if !r.years.contains(&names[y]) {
                            r.years.push(names[y].clone());
                            r.lost.push(crate::text::fmt_dec(l));
                            r.reasons.push(reason);
                        }
                    }
                }
            }
            let newest = members[end]
                .clone()
                .unwrap_or_else(|| years[end].projects[j].clone());
            for mut r in reps.into_values() {
                r.project = newest.name.clone();
                repeated.push(r);
            }
            let (suggestion, reason) = suggest(&members, &present, &names, cfg);
            chains.push(Chain {
                years: members,
                links: link_list,
                flags,
                suggestion,
                reason,
            });
        }
    }
    // Newest year's order: by department, then project name, then file.
    let key = |c: &Chain| {
        c.newest()
            .map(|p| {
                (
                    p.department.clone(),
                    p.name.clone(),
                    p.file.clone(),
                    p.sheet.clone(),
                )
            })
            .unwrap_or_default()
    };
    chains.sort_by_key(|c| key(c));
    unmatched.sort_by(|a, b| {
        (a.year.clone(), a.file.clone(), a.sheet.clone()).cmp(&(
            b.year.clone(),
            b.file.clone(),
            b.sheet.clone(),
        ))
    });
    repeated.sort_by(|a, b| {
        (a.department.clone(), a.project.clone(), a.indicator.clone()).cmp(&(
            b.department.clone(),
            b.project.clone(),
            b.indicator.clone(),
        ))
    });
    History {
        years: names,
        chains,
        unmatched,
        repeated,
    }
}

/// The 结果应用 suggestion of a chain and its reason.
fn suggest(
    members: &[Option<Project>],
    present: &[usize],
    names: &[String],
    cfg: &HistoryConfig,
) -> (String, String) {
    let d = crate::text::fmt_dec;
    let Some(&last) = present.last() else {
        return (String::new(), String::new());
    };
    let Some(p) = &members[last] else {
        return (String::new(), String::new());
    };
    let grade = p.grade.as_deref().unwrap_or("");
    let by_grade = cfg.by_grade.get(grade).cloned().unwrap_or_default();
    let scores: Vec<(usize, Decimal)> = present
        .iter()
        .filter_map(|y| Some((*y, members[*y].as_ref()?.reviewed?)))
        .collect();
    let falls = scores
        .windows(2)
        .rev()
        .take_while(|w| w[1].1 < w[0].1)
        .count();
    let mut reason = format!(
        "{} 年复核 {} 分（{}）",
        names[last],
        p.reviewed.map(d).unwrap_or_else(|| "无法计算".into()),
        if grade.is_empty() { "无等级" } else { grade }
    );
    if let [.., (ya, sa), (_, sb)] = scores.as_slice() {
        let change = *sb - *sa;
        if change.is_zero() {
            reason.push_str(&format!("；与 {} 年持平", names[*ya]));
        } else {
            reason.push_str(&format!(
                "；较 {} 年{} {} 分",
                names[*ya],
                if change < Decimal::ZERO {
                    "下降"
                } else {
                    "上升"
                },
                d(change.abs())
            ));
        }
    }
    let mut suggestion = by_grade;
    if falls >= 2 && !cfg.falling.is_empty() {
        reason.push_str(&format!("；已连续 {falls} 年下降"));
        suggestion = if suggestion.is_empty() {
            cfg.falling.clone()
        } else {
            format!("{}；{suggestion}", cfg.falling)
        };
    }
    (suggestion, reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ind(
        name: &str,
        weight: i64,
        score: i64,
        target: &str,
        actual: &str,
        reason: &str,
    ) -> Indicator {
        Indicator {
            name: name.into(),
            weight: Some(Decimal::from(weight)),
            score: Some(Decimal::from(score)),
            deduction: None,
            target: (!target.is_empty()).then(|| target.into()),
            actual: (!actual.is_empty()).then(|| actual.into()),
            reason: reason.into(),
        }
    }

    fn proj(dept: &str, name: &str, score: i64, grade: &str, inds: Vec<Indicator>) -> Project {
        Project {
            file: format!("{dept}/{name}.xlsx"),
            sheet: "评分表".into(),
            department: dept.into(),
            name: name.into(),
            budget: Some(Decimal::from(100)),
            filed: Some(Decimal::from(score)),
            reviewed: Some(Decimal::from(score)),
            grade: Some(grade.into()),
            indicators: inds,
            link: None,
        }
    }

    /// Indicators of these names, each 10 of 10.
    fn inds(names: &[&str]) -> Vec<Indicator> {
        names.iter().map(|n| ind(n, 10, 10, "", "", "")).collect()
    }

    /// (older name, newer name) of every chain that pairs two years.
    fn paired(h: &History) -> Vec<(String, String)> {
        h.chains
            .iter()
            .filter_map(|c| match &c.years[..] {
                [Some(a), Some(b)] => Some((a.name.clone(), b.name.clone())),
                _ => None,
            })
            .collect()
    }

    fn grades() -> Vec<String> {
        ["优", "良", "中", "差"].map(String::from).to_vec()
    }

    #[test]
    fn names_lose_years_batches_and_codes() {
        assert_eq!(
            name_key("2024年农村公路养护项目（第二批）"),
            name_key("农村公路养护项目")
        );
        assert_eq!(
            name_key("2025年度 农村公路养护项目 第2批"),
            name_key("农村公路养护项目")
        );
        assert_eq!(
            name_key("53012424000012 农村公路养护项目"),
            name_key("农村公路养护项目")
        );
        assert_eq!(
            name_key("XM-2024-0031农村公路养护項目"),
            name_key("农村公路养护项目")
        );
        assert_ne!(
            name_key("基本公共卫生服务项目（家庭医生签约服务）"),
            name_key("基本公共卫生服务项目（慢性病患者健康管理）")
        );
    }

    #[test]
    fn labels_come_from_names_then_paths_then_places() {
        let y = |label: &str| Year {
            label: label.into(),
            projects: Vec::new(),
        };
        assert_eq!(
            labels(&[y("2023"), y(""), y("2023")]),
            ["2023（第1份）", "第2份", "2023（第3份）"]
        );
        assert_eq!(year_in("out-2024/report.json").as_deref(), Some("2024"));
    }

    #[test]
    fn pairs_flags_and_suggestions() {
        let loss = |s| ind("资金到位率", 10, s, "", "", "资金未及时到位");
        let low = |a: &str| ind("新建供水工程", 10, 10, "≥12处", a, "");
        let y1 = Year {
            label: "2023".into(),
            projects: vec![proj(
                "县水利局",
                "2023年农村饮水工程",
                95,
                "优",
                vec![loss(8), low("16处")],
            )],
        };
        let y2 = Year {
            label: "2024".into(),
            projects: vec![
                proj(
                    "县水利局",
                    "2024年农村饮水工程（第二批）",
                    85,
                    "良",
                    vec![loss(7), low("17处")],
                ),
                proj("县水利局", "全新的项目", 90, "优", vec![]),
            ],
        };
        let y3 = Year {
            label: "2025".into(),
            projects: vec![proj(
                "县水利局",
                "农村饮水巩固工程",
                75,
                "中",
                vec![loss(10), low("18处")],
            )],
        };
        let h = compare(&[y1, y2, y3], &HistoryConfig::default(), &grades());
        assert_eq!(h.chains.len(), 1, "{h:#?}");
        let c = &h.chains[0];
        assert!(c.years.iter().all(Option::is_some));
        let steps: Vec<(&str, &str)> = c
            .links
            .iter()
            .map(|l| (l.from.as_str(), l.to.as_str()))
            .collect();
        assert_eq!(steps, [("2023", "2024"), ("2024", "2025")]);
        assert_eq!(c.links[0].confidence, "高");
        assert_eq!(
            c.links[1].confidence, "中",
            "renamed: alike names, same indicators"
        );
        let codes: Vec<(&str, &str)> = c.flags.iter().map(|f| (f.code, f.years.as_str())).collect();
        assert!(codes.contains(&("grade_fell", "2023→2024")));
        assert!(codes.contains(&("grade_fell", "2024→2025")));
        assert!(codes.contains(&("repeated_loss", "2023→2024")));
        assert!(codes.contains(&("low_target", "2024→2025")));
        assert!(
            !codes.contains(&("repeated_loss", "2024→2025")),
            "no loss in 2025: {codes:?}"
        );
        assert_eq!(c.suggestion, "重点关注；整改后安排、适当压减");
        assert!(c.reason.contains("已连续 2 年下降"), "{}", c.reason);
        assert_eq!(h.unmatched.len(), 1);
        assert_eq!(h.unmatched[0].project, "全新的项目");
        assert_eq!(h.repeated.len(), 1);
        assert_eq!(h.repeated[0].years, ["2023", "2024"]);
        assert_eq!(h.repeated[0].reasons, ["资金未及时到位", "资金未及时到位"]);
    }

    #[test]
    fn budget_and_self_score_flags_need_a_rise_not_an_equal() {
        let pair = |budget: (i64, i64), filed: (i64, i64), reviewed: (i64, i64)| {
            let mut a = proj("县财政局", "平台运维项目", 0, "优", vec![]);
            let mut b = a.clone();
            a.budget = Some(Decimal::from(budget.0));
            b.budget = Some(Decimal::from(budget.1));
            a.filed = Some(Decimal::from(filed.0));
            b.filed = Some(Decimal::from(filed.1));
            a.reviewed = Some(Decimal::from(reviewed.0));
            b.reviewed = Some(Decimal::from(reviewed.1));
            let codes: Vec<&str> = pair_flags(&a, &b, "2024→2025", &grades(), &mut Vec::new())
                .iter()
                .map(|f| f.code)
                .collect();
            codes
        };
        // The same budget, a lower score: not "budget up".
        assert!(!pair((100, 100), (95, 95), (95, 90)).contains(&"budget_up_score_down"));
        assert!(pair((100, 101), (95, 95), (95, 90)).contains(&"budget_up_score_down"));
        // The budget up, the same score: not flagged either.
        assert!(!pair((100, 120), (95, 95), (95, 95)).contains(&"budget_up_score_down"));
        // The same self-score: not "self-score up"; up by one with the review equal: flagged.
        assert!(!pair((100, 100), (95, 95), (95, 95)).contains(&"self_up_reviewed_not"));
        assert!(pair((100, 100), (95, 96), (95, 95)).contains(&"self_up_reviewed_not"));
        assert!(!pair((100, 100), (95, 96), (95, 96)).contains(&"self_up_reviewed_not"));
    }

    #[test]
    fn a_rename_needs_alike_names_and_alike_indicators_both() {
        let year = |label: &str, p: Project| Year {
            label: label.into(),
            projects: vec![p],
        };
        let old = proj(
            "县教育局",
            "学生资助项目",
            90,
            "优",
            inds(&["资助人数", "发放及时率"]),
        );
        // The same indicators, an unrelated name: not the same project.
        let other_name = proj(
            "县教育局",
            "道路维修工程",
            90,
            "优",
            inds(&["资助人数", "发放及时率"]),
        );
        let h = compare(
            &[year("2024", old.clone()), year("2025", other_name)],
            &HistoryConfig::default(),
            &grades(),
        );
        assert!(h.chains.is_empty(), "{:?}", h.chains);
        // An alike name, unrelated indicators: not the same project either.
        let other_inds = proj(
            "县教育局",
            "学生资助补助项目",
            90,
            "优",
            inds(&["维修里程", "路面合格率"]),
        );
        let h = compare(
            &[year("2024", old.clone()), year("2025", other_inds)],
            &HistoryConfig::default(),
            &grades(),
        );
        assert!(h.chains.is_empty(), "{:?}", h.chains);
        // Both alike: the same project, renamed.
        let renamed = proj(
            "县教育局",
            "学生资助补助项目",
            90,
            "优",
            inds(&["资助人数", "发放及时率"]),
        );
        let h = compare(
            &[year("2024", old), year("2025", renamed)],
            &HistoryConfig::default(),
            &grades(),
        );
        assert_eq!(h.chains.len(), 1);
        assert_eq!(h.chains[0].links[0].confidence, "中");
    }

    /// A pair by name says how: the same name, or the same once the year is taken out.
    #[test]
    fn a_pair_by_name_says_whether_the_name_was_the_same_or_only_its_key() {
        let inds = vec![ind("满意度", 10, 10, "", "", "")];
        let pair = |old: &str, new: &str| {
            let year = |label: &str, name: &str| Year {
                label: label.into(),
                projects: vec![proj("县教育局", name, 90, "优", inds.clone())],
            };
            let h = compare(
                &[year("2024", old), year("2025", new)],
                &HistoryConfig::default(),
                &grades(),
            );
            assert_eq!(h.chains.len(), 1, "{old} → {new}");
            let link = &h.chains[0].links[0];
            assert_eq!(link.confidence, "高");
            link.how.clone()
        };
        assert_eq!(pair("学生资助项目", "学生资助项目"), "名称相同");
        assert_eq!(
            pair("2024年学生资助项目", "2025年学生资助项目"),
            "去掉年份、批次、编码后名称相同（“2024年学生资助项目”→“2025年学生资助项目”）"
        );
    }

    /// Two old projects alike a renamed one: the closer in name and indicators together is
    /// its predecessor, when it is clearly closer.
    #[test]
    fn a_rename_goes_to_the_clearly_closer_of_two_alike_projects() {
        let old = Year {
            label: "2024".into(),
            projects: vec![
                proj(
                    "县教育局",
                    "学生资助项目",
                    90,
                    "优",
                    inds(&["资助人数", "发放及时率"]),
                ),
                proj(
                    "县教育局",
                    "学生资助补助工作",
                    90,
                    "优",
                    inds(&["资助人数", "发放及时率", "工作满意度"]),
                ),
            ],
        };
        let new = Year {
            label: "2025".into(),
            projects: vec![proj(
                "县教育局",
                "学生资助补助项目",
                90,
                "优",
                inds(&["资助人数", "发放及时率"]),
            )],
        };
        let h = compare(&[old, new], &HistoryConfig::default(), &grades());
        assert_eq!(
            paired(&h),
            [("学生资助项目".to_string(), "学生资助补助项目".to_string())]
        );
    }

    /// Names and indicators weigh alike: two candidates with the same indicator overlap (½)
    /// are told apart by name alone, 0.95 against 0.56 — clearly enough to pair.
    #[test]
    fn a_rename_weighs_name_and_indicators_added_not_multiplied() {
        let four = ["满意度", "完成率", "养护里程", "桥梁合格率"];
        let old = Year {
            label: "2024".into(),
            projects: vec![
                proj("县交通局", "城乡道路桥梁维修养护站", 90, "优", inds(&four)),
                proj("县交通局", "城乡道路桥梁新建工程", 90, "优", inds(&four)),
            ],
        };
        let new = Year {
            label: "2025".into(),
            projects: vec![proj(
                "县交通局",
                "城乡道路桥梁维修养护",
                90,
                "优",
                inds(&["满意度", "完成率"]),
            )],
        };
        let h = compare(&[old, new], &HistoryConfig::default(), &grades());
        assert_eq!(
            paired(&h),
            [(
                "城乡道路桥梁维修养护站".to_string(),
                "城乡道路桥梁维修养护".to_string()
            )]
        );
    }

    /// Names are alike by their shared character pairs (Dice); names of one character only
    /// when equal; indicator lists by their shared names (Jaccard).
    #[test]
    fn likeness_of_names_and_of_indicator_lists() {
        assert_eq!(alike("城乡道路", "城乡道路"), 1.0);
        assert_eq!(alike("城乡道路", "城乡桥梁"), 2.0 * 1.0 / 6.0);
        assert_eq!(alike("路", "路"), 1.0);
        assert_eq!(alike("路", "桥"), 0.0);
        assert_eq!(alike("路", "道路"), 0.0);
        let with = |names: &[&str]| proj("县交通局", "道路养护", 90, "优", inds(names));
        let (a, b) = (with(&["满意度", "完成率"]), with(&["满意度", "及时率"]));
        assert_eq!(indicators_alike(&a, &b), 1.0 / 3.0);
        assert_eq!(indicators_alike(&with(&[]), &with(&[])), 0.0);
        assert_eq!(indicators_alike(&a, &with(&[])), 0.0);
    }

    /// The year most names carry labels the year.
    #[test]
    fn the_year_most_names_carry_is_the_label() {
        let named = |name: &str| proj("县教育局", name, 90, "优", inds(&[]));
        let projects = [
            named("2023年学生资助"),
            named("2024年校舍维修"),
            named("2024年营养餐"),
            named("教师培训"),
        ];
        assert_eq!(label_of(&projects).as_deref(), Some("2024"));
        assert_eq!(label_of(&projects[3..]), None);
    }

    #[test]
    fn ambiguous_renames_stay_unmatched_and_pins_pair() {
        let inds = || {
            vec![
                ind("满意度", 10, 10, "", "", ""),
                ind("完成率", 10, 10, "", "", ""),
            ]
        };
        let y1 = Year {
            label: "2024".into(),
            projects: vec![
                proj("县教育局", "学生资助项目A", 90, "优", inds()),
                proj("县教育局", "学生资助项目B", 90, "优", inds()),
            ],
        };
        // Beside it a project of another name, which the pin must not take.
        let y2 = Year {
            label: "2025".into(),
            projects: vec![
                proj("县教育局", "学生资助项目", 90, "优", inds()),
                proj("县教育局", "校舍维修改造", 90, "优", inds()),
            ],
        };
        let h = compare(
            &[y1.clone(), y2.clone()],
            &HistoryConfig::default(),
            &grades(),
        );
        assert!(
            h.chains.is_empty(),
            "two equally alike: never paired by force"
        );
        let cfg = HistoryConfig {
            pins: vec![("学生资助项目B".into(), "学生资助项目".into())],
            ..HistoryConfig::default()
        };
        let h = compare(&[y1, y2], &cfg, &grades());
        assert_eq!(h.chains.len(), 1);
        assert_eq!(h.chains[0].links[0].confidence, "指定");
        assert_eq!(
            paired(&h),
            [("学生资助项目B".to_string(), "学生资助项目".to_string())]
        );
    }

    #[test]
    fn amount_reads_the_leading_number_and_whether_it_is_a_ceiling() {
        let cases = [
            ("≥12处", Some(("12", false))),
            ("16处", Some(("16", false))),
            ("≥９５．５%", Some(("95.5", false))),
            ("≤12处", Some(("12", true))),
            ("<3次", Some(("3", true))),
            ("不超过3次", Some(("3", true))),
            ("不高于5%", Some(("5", true))),
            ("按时完成", None),
        ];
        for (text, want) in cases {
            let want = want.map(|(n, at_most)| (n.parse::<Decimal>().unwrap(), at_most));
            assert_eq!(amount(text), want, "{text}");
        }
    }

    #[test]
    fn exceeded_is_actual_over_an_at_least_target_only() {
        let of =
            |target: &str, actual: &str| exceeded(&ind("新建供水工程", 10, 10, target, actual, ""));
        assert_eq!(of("≥12处", "18处"), Some(Decimal::new(15, 1)));
        assert_eq!(of("≥12处", "6处"), Some(Decimal::new(5, 1)));
        assert_eq!(
            of("≤12处", "18处"),
            None,
            "a ceiling is not exceeded upwards"
        );
        assert_eq!(of("0处", "18处"), None, "no ratio to a target of 0");
        assert_eq!(of("≥12处", "按期完成"), None);
    }

    #[test]
    fn a_low_target_needs_both_years_over_by_30_percent() {
        let year = |label: &str, actual: &str| Year {
            label: label.into(),
            projects: vec![proj(
                "县水利局",
                "农村饮水工程",
                90,
                "优",
                vec![ind("新建供水工程", 10, 10, "≥12处", actual, "")],
            )],
        };
        let flagged = |a: &str, b: &str| {
            let h = compare(
                &[year("2023", a), year("2024", b)],
                &HistoryConfig::default(),
                &grades(),
            );
            assert_eq!(h.chains.len(), 1, "{h:#?}");
            h.chains[0].flags.iter().any(|f| f.code == "low_target")
        };
        assert!(
            flagged("16处", "16处"),
            "16 of 12 is 33% over in both years"
        );
        assert!(!flagged("16处", "15处"), "15 of 12 is only 25% over");
        assert!(!flagged("15处", "16处"), "15 of 12 is only 25% over");
    }

    #[test]
    fn a_year_level_with_the_one_before_breaks_a_run_of_falls() {
        let year = |label: &str, score: i64| Year {
            label: label.into(),
            projects: vec![proj(
                "县水利局",
                "农村饮水工程",
                score,
                "良",
                inds(&["资金到位率"]),
            )],
        };
        let reason = |scores: [i64; 3]| {
            let h = compare(
                &[
                    year("2023", scores[0]),
                    year("2024", scores[1]),
                    year("2025", scores[2]),
                ],
                &HistoryConfig::default(),
                &grades(),
            );
            assert_eq!(h.chains.len(), 1, "{h:#?}");
            h.chains[0].reason.clone()
        };
        assert!(reason([95, 90, 85]).contains("已连续 2 年下降"));
        let level_then_fall = reason([90, 90, 85]);
        assert!(!level_then_fall.contains("已连续"), "{level_then_fall}");
        assert!(
            level_then_fall.contains("较 2024 年下降 5 分"),
            "{level_then_fall}"
        );
    }
}
