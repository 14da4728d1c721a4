//! \[CORE\] 抽查复核 (issue #20): which projects the finance bureau re-checks, by risk and by
//! lot, each pick explained.
//!
//! **The risk score** of a project is the sum of parts, each a value between 0 and 1 (a fact of
//! the review) times its weight from `[sample]` of `jixiao.toml` (default weights add up to
//! 100, so the score reads as points out of 100):
//!
//! | part | value | default weight |
//! |---|---|---|
//! | `funds` 资金量 | its budget ÷ the county's largest project budget (big money first) | 25 |
//! | `overstated` 自评偏高 | filed total − reviewed total, 5 points or more counting fully | 20 |
//! | `errors` 错误 | error findings, 5 or more counting fully | 15 |
//! | `high_score_low_efficiency` 高分低效 | 1 when the filed grade is one of the two best while budget execution is below `execution_line` (80%) or two or more 产出 indicators lost points | 15 |
//! | `manual` 无法复核 | share of the weight whose score could not be recomputed (kept as filed: R303/R304/R305, manual criteria) | 10 |
//! | `no_reasons` 高分缺理由 | 1 when the filed total is 98 or more while points were lost without a reason (C205) | 5 |
//! | `unreadable` 无法读取 | 1 for a file that could not be read | 5 |
//! | `late` 逾期修改 | 1 when the workbook was last saved (its package's own record) after `[sample] deadline` | 5 |
//!
//! Every value is computed from the project's report entry (its budget, totals, indicators and
//! findings), so every number traces to a finding or a fact in report.json; `late` from the
//! time the workbook says it was last saved (`docProps/core.xml`, `meta.xml`), named with the
//! date in the pick's reasons.
//!
//! **The selection** of `n` projects (`--sample 20%`: a fifth of the projects, rounded up;
//! `--sample 15`: fifteen): `by_risk` of them (default half, rounded half up) are the highest
//! risks (ties by file and sheet); the rest are drawn at random, uniformly, from the other
//! projects with a ChaCha8 generator seeded by `--seed` or, by default, by a hash of the inputs
//! (every project's file, sheet and reviewed score), so a rerun gives the same list and the
//! printed seed lets anyone redo the draw. Then the coverage rules: `every_department` adds
//! each department's riskiest project when the department has none picked;
//! `min_funds_share` keeps drawing at random until the picked projects hold that share of the
//! county's budget.

use crate::write::report::{FileReport, FileStatus};
use rand::SeedableRng;
use rust_decimal::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// `[sample]` of `jixiao.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleConfig {
    /// Weight of each part, by part.
    pub weights: BTreeMap<Part, Decimal>,
    /// The share of the picks taken by rank (0–1).
    pub by_risk: Decimal,
    /// Budget execution below this percentage makes a top grade 高分低效.
    pub execution_line: Decimal,
    /// At least one project per department.
    pub every_department: bool,
    /// Keep drawing until the picks hold this share of the funds (0–1).
    pub min_funds_share: Decimal,
    /// The filing deadline: a workbook saved after it is 逾期修改 (`late`).
    pub deadline: Option<chrono::NaiveDate>,
}

impl Default for SampleConfig {
    fn default() -> Self {
        SampleConfig {
            weights: Part::ALL
                .iter()
                .map(|p| (*p, Decimal::from(p.default_weight())))
                .collect(),
            by_risk: Decimal::new(5, 1),
            execution_line: Decimal::from(80),
            every_department: false,
            min_funds_share: Decimal::ZERO,
            deadline: None,
        }
    }
}

/// A part of the risk score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// 资金量.
    Funds,
    /// 自评偏高.
    Overstated,
    /// 错误.
    Errors,
    /// 高分低效.
    HighScoreLowEfficiency,
    /// 无法复核.
    Manual,
    /// 高分缺理由.
    NoReasons,
    /// 无法读取.
    Unreadable,
    /// 逾期修改: saved after `[sample] deadline`.
    Late,
}

impl Part {
    /// Every part, in the order they are shown.
    pub const ALL: [Part; 8] = [
        Part::Funds,
        Part::Overstated,
        Part::Errors,
        Part::HighScoreLowEfficiency,
        Part::Manual,
        Part::NoReasons,
        Part::Unreadable,
        Part::Late,
    ];

    /// The key in `[sample]` and in report.json's `parts`.
    pub fn key(self) -> &'static str {
        match self {
            Part::Funds => "funds",
            Part::Overstated => "overstated",
            Part::Errors => "errors",
            Part::HighScoreLowEfficiency => "high_score_low_efficiency",
            Part::Manual => "manual",
            Part::NoReasons => "no_reasons",
            Part::Unreadable => "unreadable",
            Part::Late => "late",
        }
    }

    /// The name staff read.
    pub fn title(self) -> &'static str {
        match self {
            Part::Funds => "资金量",
            Part::Overstated => "自评偏高",
            Part::Errors => "错误",
            Part::HighScoreLowEfficiency => "高分低效",
            Part::Manual => "无法复核",
            Part::NoReasons => "高分缺理由",
            Part::Unreadable => "无法读取",
            Part::Late => "逾期修改",
        }
    }

    fn default_weight(self) -> i64 {
        match self {
            Part::Funds => 25,
            Part::Overstated => 20,
            Part::Errors => 15,
            Part::HighScoreLowEfficiency => 15,
            Part::Manual => 10,
            Part::NoReasons => 5,
            Part::Unreadable => 5,
            Part::Late => 5,
        }
    }
}

/// How many to pick: `20%` or `15`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Amount {
    /// A share of the projects, in percent.
    Percent(Decimal),
    /// A number of projects.
    Count(usize),
}

impl std::str::FromStr for Amount {
    type Err = String;

    fn from_str(s: &str) -> Result<Amount, String> {
        let t = s.trim();
        let bad = || format!("--sample 应为百分比（如 20%）或项目个数（如 15），现为“{s}”");
        if let Some(p) = t.strip_suffix('%').or_else(|| t.strip_suffix('％')) {
            let p: Decimal = p.trim().parse().map_err(|_| bad())?;
            if p <= Decimal::ZERO || p > Decimal::ONE_HUNDRED {
                return Err(format!("--sample 的百分比应在 0% 到 100% 之间，现为“{s}”"));
            }
            return Ok(Amount::Percent(p));
        }
        match t.parse::<usize>() {
            Ok(0) | Err(_) => Err(bad()),
            Ok(n) => Ok(Amount::Count(n)),
        }
    }
}

impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Amount::Percent(p) => write!(f, "{}%", p.normalize()),
            Amount::Count(n) => write!(f, "{n}"),
        }
    }
}

impl Amount {
    /// How many of `total` projects: a share rounded up (at least one, as parsing refuses 0%),
    /// a count (at least one, as parsing refuses 0) at most all.
    pub fn of(self, total: usize) -> usize {
        let n = match self {
            Amount::Percent(p) => (Decimal::from(total) * p / Decimal::ONE_HUNDRED)
                .ceil()
                .to_usize()
                .unwrap_or(total),
            Amount::Count(n) => n,
        };
        n.min(total)
    }
}

/// One project (or one unreadable file) that may be picked.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The file, as in report.json.
    pub file: String,
    /// The sheet; empty for an unreadable file.
    pub sheet: String,
    /// 部门.
    pub department: String,
    /// 项目名称 (the file's name for an unreadable file).
    pub project: String,
    /// 预算数 (全年预算数, else 年初预算数), in 万元.
    pub budget: Option<Decimal>,
    /// The reviewed total.
    pub score: Option<Decimal>,
    /// The reviewed grade.
    pub grade: Option<String>,
    /// Where its annotated copy is, relative to OUT (`run` only).
    pub link: Option<String>,
    facts: Facts,
}

/// What the parts are computed from.
#[derive(Debug, Clone, Default, PartialEq)]
struct Facts {
    filed: Option<Decimal>,
    grade_filed: Option<String>,
    execution: Option<Decimal>,
    errors: usize,
    output_losses: usize,
    manual_weight: Decimal,
    weight_total: Option<Decimal>,
    missing_reasons: usize,
    unreadable: bool,
    /// When the workbook was last saved (W3C date-time, as its package says).
    saved: Option<String>,
}

/// The candidates of one reviewed file: one per project, or the file itself when it could not
/// be read.
///
/// `saved` is when the workbook was last saved ([`crate::read::saved_at`]), for `late`.
pub fn candidates(file: &FileReport, link: Option<&str>, saved: Option<&str>) -> Vec<Candidate> {
    let saved = saved.map(str::to_string);
    let link = link.map(str::to_string);
    let file_errors = count(&file.diagnostics, crate::diag::Severity::Error);
    // A file read without a project (no indicator table) has no candidate: the map below is
    // empty.
    if file.status == FileStatus::Unreadable {
        let name = file.path.rsplit('/').next().unwrap_or(&file.path);
        return vec![Candidate {
            file: file.path.clone(),
            sheet: String::new(),
            department: file.path.split('/').rev().nth(1).unwrap_or("").to_string(),
            project: name.to_string(),
            budget: None,
            score: None,
            grade: None,
            link,
            facts: Facts {
                unreadable: true,
                saved,
                ..Facts::default()
            },
        }];
    }
    file.projects
        .iter()
        .map(|p| {
            let manual_weight = p
                .indicators
                .iter()
                .filter(|i| i.manual)
                .filter_map(|i| i.weight)
                .sum();
            let output_losses = p
                .indicators
                .iter()
                .filter(|i| i.level1.contains("产出"))
                .filter(|i| matches!((i.score_reviewed, i.weight), (Some(s), Some(w)) if s < w))
                .count();
            let missing_reasons = p
                .diagnostics
                .iter()
                .filter(|d| d.code == crate::diag::Code::C205)
                .count();
            Candidate {
                file: file.path.clone(),
                sheet: p.sheet.clone(),
                department: p.department.clone(),
                project: p.name.clone(),
                budget: p.budget.adjusted.or(p.budget.initial),
                score: p.score_reviewed,
                grade: p.grade.clone(),
                link: link.clone(),
                facts: Facts {
                    filed: p.score_filed,
                    grade_filed: p.grade_filed.clone().or_else(|| p.grade.clone()),
                    execution: p.budget.rate,
                    errors: file_errors + count(&p.diagnostics, crate::diag::Severity::Error),
                    output_losses,
                    manual_weight,
                    weight_total: p.weight_total,
                    missing_reasons,
                    unreadable: false,
                    saved: saved.clone(),
                },
            }
        })
        .collect()
}

fn count(diags: &[crate::diag::Diagnostic], s: crate::diag::Severity) -> usize {
    diags.iter().filter(|d| d.severity == s).count()
}

/// One part of a project's risk: its value (0–1), its points, and the fact behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// Which part.
    pub part: Part,
    /// The fact's value between 0 and 1.
    pub value: Decimal,
    /// Value × weight, two places.
    pub points: Decimal,
    /// The fact, in words.
    pub why: String,
}

fn at_most_one(d: Decimal) -> Decimal {
    d.clamp(Decimal::ZERO, Decimal::ONE)
}

fn pct(d: Decimal) -> String {
    crate::text::fmt_dec((d * Decimal::ONE_HUNDRED).round_dp(1))
}

/// The parts of a candidate's risk with a value above 0, biggest points first.
fn risk_parts(
    c: &Candidate,
    largest_budget: Option<Decimal>,
    grades: &[String],
    cfg: &SampleConfig,
) -> Vec<Scored> {
    let f = &c.facts;
    let d = crate::text::fmt_dec;
    let mut parts: Vec<(Part, Decimal, String)> = Vec::new();
    if let (Some(b), Some(max)) = (c.budget, largest_budget.filter(|m| *m > Decimal::ZERO)) {
        let v = at_most_one(b / max);
        parts.push((
            Part::Funds,
            v,
            format!("预算数 {} 万元，为全县最大项目的 {}%", d(b), pct(v)),
        ));
    }
    if let (Some(filed), Some(reviewed)) = (f.filed, c.score) {
        // A self-score at or below the review's is worth nothing, dropped below.
        let gap = filed - reviewed;
        parts.push((
            Part::Overstated,
            at_most_one(gap / Decimal::from(5)),
            format!(
                "自评 {} 分，复核 {} 分，高出 {} 分",
                d(filed),
                d(reviewed),
                d(gap)
            ),
        ));
    }
    parts.push((
        Part::Errors,
        at_most_one(Decimal::from(f.errors) / Decimal::from(5)),
        format!("共 {} 条", f.errors),
    ));
    let top = f
        .grade_filed
        .as_ref()
        .is_some_and(|g| grades.iter().take(2).any(|t| t == g));
    if top {
        let low_execution = f.execution.filter(|r| *r < cfg.execution_line);
        let why = match (low_execution, f.output_losses) {
            (Some(r), _) => Some(format!(
                "自评等级“{}”，但预算执行率 {}%，低于 {}%",
                f.grade_filed.as_deref().unwrap_or(""),
                d(r),
                d(cfg.execution_line)
            )),
            (None, n) if n >= 2 => Some(format!(
                "自评等级“{}”，但 {n} 个产出指标失分（未达年度指标值）",
                f.grade_filed.as_deref().unwrap_or("")
            )),
            _ => None,
        };
        if let Some(why) = why {
            parts.push((Part::HighScoreLowEfficiency, Decimal::ONE, why));
        }
    }
    // (Nothing kept by hand is a part worth nothing, dropped with the others below.)
    if let Some(total) = f.weight_total.filter(|t| *t > Decimal::ZERO) {
        let v = at_most_one(f.manual_weight / total);
        parts.push((
            Part::Manual,
            v,
            format!(
                "{} 分（{}% 的分值）无法按评价标准复核，沿用填报得分",
                d(f.manual_weight),
                pct(v)
            ),
        ));
    }
    if let Some(filed) = f.filed.filter(|s| *s >= Decimal::from(98)) {
        if f.missing_reasons > 0 {
            parts.push((
                Part::NoReasons,
                Decimal::ONE,
                format!(
                    "自评 {} 分，但有 {} 处扣分没有写原因",
                    d(filed),
                    f.missing_reasons
                ),
            ));
        }
    }
    if f.unreadable {
        parts.push((Part::Unreadable, Decimal::ONE, "文件无法读取".to_string()));
    }
    if let (Some(deadline), Some(saved)) = (cfg.deadline, f.saved.as_deref()) {
        if let Some(local) = local_time(saved) {
            if local.date() > deadline {
                parts.push((
                    Part::Late,
                    Decimal::ONE,
                    format!(
                        "工作簿最后保存于 {}，晚于截止日期 {deadline}",
                        local.format("%Y-%m-%d %H:%M")
                    ),
                ));
            }
        }
    }
    let mut scored: Vec<Scored> = parts
        .into_iter()
        .map(|(part, value, why)| {
            let weight = cfg.weights.get(&part).copied().unwrap_or_default();
            Scored {
                part,
                value: value.round_dp(4),
                points: (value * weight).round_dp(2),
                why,
            }
        })
        .filter(|s| s.points > Decimal::ZERO)
        .collect();
    scored.sort_by(|a, b| b.points.cmp(&a.points).then(a.part.cmp(&b.part)));
    scored
}

/// A W3C date-time (`2025-04-12T10:31:00Z`, or without a zone as LibreOffice writes it) in
/// the local time of the machine — the county's.
fn local_time(text: &str) -> Option<chrono::NaiveDateTime> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&chrono::Local).naive_local());
    }
    let t = text.split('.').next().unwrap_or(text);
    chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S").ok()
}

/// How a project was picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum How {
    /// By rank: among the highest risks.
    Risk,
    /// By lot.
    Random,
    /// By a coverage rule.
    Coverage,
}

impl How {
    /// 风险 / 随机 / 覆盖.
    pub fn title(self) -> &'static str {
        match self {
            How::Risk => "风险",
            How::Random => "随机",
            How::Coverage => "覆盖",
        }
    }

    /// The key in report.json.
    pub fn key(self) -> &'static str {
        match self {
            How::Risk => "risk",
            How::Random => "random",
            How::Coverage => "coverage",
        }
    }
}

/// One picked project.
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    /// The project.
    pub candidate: Candidate,
    /// Its risk score.
    pub risk: Decimal,
    /// Its parts, biggest first.
    pub parts: Vec<Scored>,
    /// How it was picked.
    pub how: How,
}

impl Pick {
    /// `自评 96.4 分，复核 95.37 分，高出 1.03 分；错误 4 条`: the two or three biggest parts.
    pub fn main_risks(&self) -> String {
        if self.parts.is_empty() {
            return "无明显风险（随机抽取）".to_string();
        }
        self.parts
            .iter()
            .take(3)
            .map(|s| format!("{}：{}", s.part.title(), s.why))
            .collect::<Vec<_>>()
            .join("；")
    }
}

/// What was picked, and how it can be redone.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    /// The seed of the draw.
    pub seed: u64,
    /// As asked (`20%`, `15`).
    pub amount: Amount,
    /// Projects (and unreadable files) there were to pick from.
    pub population: usize,
    /// Risk picks by rank, then random picks in draw order, then coverage picks.
    pub picked: Vec<Pick>,
    /// The county's budget and the picks' share of it.
    pub funds_share: Option<Decimal>,
}

/// The seed derived from the inputs: FNV-1a over every candidate's file, sheet and reviewed
/// score, in order — the same inputs give the same seed on every machine and version.
pub fn input_seed(cands: &[Candidate]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    for c in cands {
        eat(c.file.as_bytes());
        eat(c.sheet.as_bytes());
        eat(c
            .score
            .map(|s| s.normalize().to_string())
            .unwrap_or_default()
            .as_bytes());
    }
    h
}

/// Picks `amount` of `cands` (in path order) for 抽查复核; `grades` are the grade names, best
/// first.
pub fn select(
    cands: Vec<Candidate>,
    amount: Amount,
    seed: Option<u64>,
    grades: &[String],
    cfg: &SampleConfig,
) -> Selection {
    let seed = seed.unwrap_or_else(|| input_seed(&cands));
    let population = cands.len();
    let largest = cands.iter().filter_map(|c| c.budget).max();
    let county: Decimal = cands.iter().filter_map(|c| c.budget).sum();
    let scored: Vec<(Decimal, Vec<Scored>, Candidate)> = cands
        .into_iter()
        .map(|c| {
            let parts = risk_parts(&c, largest, grades, cfg);
            let risk = parts.iter().map(|p| p.points).sum::<Decimal>();
            (risk, parts, c)
        })
        .collect();
    // Highest risk first; ties in path order (the order they came in).
    let order: Vec<usize> = {
        let mut idx: Vec<usize> = (0..scored.len()).collect();
        idx.sort_by(|a, b| scored[*b].0.cmp(&scored[*a].0).then(a.cmp(b)));
        idx
    };
    let n = amount.of(population);
    let by_rank = (Decimal::from(n) * cfg.by_risk)
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .to_usize()
        .unwrap_or(n)
        .min(n);
    let mut chosen: Vec<(usize, How)> = order
        .iter()
        .take(by_rank)
        .map(|i| (*i, How::Risk))
        .collect();
    let mut taken: BTreeSet<usize> = chosen.iter().map(|(i, _)| *i).collect();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let rest: Vec<usize> = (0..population).filter(|i| !taken.contains(i)).collect();
    let draw = (n - by_rank).min(rest.len());
    for k in rand::seq::index::sample(&mut rng, rest.len(), draw) {
        chosen.push((rest[k], How::Random));
        taken.insert(rest[k]);
    }
    if cfg.every_department {
        let mut seen: BTreeSet<String> = chosen
            .iter()
            .map(|(i, _)| scored[*i].2.department.clone())
            .collect();
        for i in &order {
            let dept = &scored[*i].2.department;
            if !seen.contains(dept) {
                seen.insert(dept.clone());
                chosen.push((*i, How::Coverage));
                taken.insert(*i);
            }
        }
    }
    let funds = |chosen: &[(usize, How)]| -> Decimal {
        chosen.iter().filter_map(|(i, _)| scored[*i].2.budget).sum()
    };
    // A share of 0 asks for nothing: the loop below never runs.
    if county > Decimal::ZERO {
        use rand::Rng;
        let mut rest: Vec<usize> = (0..population).filter(|i| !taken.contains(i)).collect();
        while funds(&chosen) / county < cfg.min_funds_share && !rest.is_empty() {
            let k = rng.random_range(0..rest.len());
            let i = rest.remove(k);
            chosen.push((i, How::Coverage));
        }
    }
    let funds_share = (county > Decimal::ZERO).then(|| (funds(&chosen) / county).round_dp(4));
    // Each index is chosen once: every pick takes its project out of the list.
    let mut slots: Vec<Option<(Decimal, Vec<Scored>, Candidate)>> =
        scored.into_iter().map(Some).collect();
    let picked = chosen
        .into_iter()
        .filter_map(|(i, how)| {
            let (risk, parts, candidate) = slots[i].take()?;
            Some(Pick {
                candidate,
                risk,
                parts,
                how,
            })
        })
        .collect();
    Selection {
        seed,
        amount,
        population,
        picked,
        funds_share,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grades() -> Vec<String> {
        ["优", "良", "中", "差"].map(String::from).to_vec()
    }

    fn cand(i: usize, dept: &str, budget: i64) -> Candidate {
        Candidate {
            file: format!("{dept}/{i:03}.xlsx"),
            sheet: "评分表".into(),
            department: dept.into(),
            project: format!("项目{i}"),
            budget: Some(Decimal::from(budget)),
            score: Some(Decimal::from(90)),
            grade: Some("优".into()),
            link: None,
            facts: Facts {
                filed: Some(Decimal::from(90)),
                grade_filed: Some("优".into()),
                execution: Some(Decimal::from(95)),
                weight_total: Some(Decimal::from(100)),
                ..Facts::default()
            },
        }
    }

    fn report(
        status: FileStatus,
        projects: Vec<crate::write::report::ProjectReport>,
    ) -> FileReport {
        FileReport {
            path: "县水利局/饮水工程.xlsx".into(),
            status,
            error: None,
            diagnostics: Vec::new(),
            projects,
        }
    }

    #[test]
    fn a_file_gives_a_candidate_per_project_and_an_unreadable_file_one_for_itself() {
        use crate::diag::{Code, Diagnostic};
        use crate::write::report::{IndicatorReport, ProjectReport};
        let d = |n: i64| Some(Decimal::from(n));
        let indicator = |level1: &str, weight: i64, score: i64, manual: bool| IndicatorReport {
            level1: level1.into(),
            level2: String::new(),
            level3: "指标".into(),
            row: 5,
            weight: d(weight),
            score_filed: d(score),
            score_reviewed: d(score),
            deduction_filed: None,
            deduction_reviewed: None,
            target: None,
            actual: None,
            reason_filed: String::new(),
            reason_reviewed: String::new(),
            rule: crate::rule::RuleKind::Manual,
            basis: String::new(),
            manual,
        };
        let project = ProjectReport {
            sheet: "评分表".into(),
            name: "农村饮水工程".into(),
            department: "县水利局".into(),
            family: crate::review::model::Family::Evaluation,
            project_code: None,
            department_code: None,
            unit: None,
            budget: Default::default(),
            weight_total: d(100),
            score_filed: d(90),
            score_reviewed: d(88),
            grade: Some("良".into()),
            grade_filed: None,
            indicators: vec![
                indicator("产出指标", 10, 8, false),
                indicator("产出指标", 10, 10, true),
                indicator("效益指标", 20, 20, true),
            ],
            diagnostics: vec![
                Diagnostic::new(Code::C205, "扣分原因空着"),
                Diagnostic::new(Code::C203, "扣分算不平"),
                Diagnostic::new(Code::C203, "扣分算不平"),
            ],
        };
        let cands = candidates(&report(FileStatus::Errors, vec![project]), None, None);
        assert_eq!(cands.len(), 1);
        let f = &cands[0].facts;
        assert_eq!(f.missing_reasons, 1, "one C205 among three findings");
        assert_eq!(f.errors, 2, "the two C203");
        assert_eq!(f.output_losses, 1, "an output indicator below its weight");
        assert_eq!(f.manual_weight, Decimal::from(30));
        assert!(!f.unreadable);
        assert!(candidates(&report(FileStatus::Ok, vec![]), None, None).is_empty());
        let unreadable = candidates(&report(FileStatus::Unreadable, vec![]), None, None);
        assert_eq!(unreadable.len(), 1);
        assert!(unreadable[0].facts.unreadable);
        assert_eq!(unreadable[0].project, "饮水工程.xlsx");
        assert_eq!(unreadable[0].department, "县水利局");
    }

    #[test]
    fn amounts_are_read_and_rounded_up() {
        assert_eq!("20%".parse(), Ok(Amount::Percent(Decimal::from(20))));
        assert_eq!("15".parse(), Ok(Amount::Count(15)));
        assert!("0".parse::<Amount>().is_err());
        assert!("120%".parse::<Amount>().is_err());
        assert!("两成".parse::<Amount>().is_err());
        assert_eq!(Amount::Percent(Decimal::from(20)).of(9), 2);
        assert_eq!(Amount::Percent(Decimal::from(1)).of(9), 1);
        assert_eq!(Amount::Count(15).of(9), 9);
        assert_eq!(Amount::Count(3).of(0), 0);
    }

    #[test]
    fn each_part_is_the_fact_times_its_weight() {
        let cfg = SampleConfig::default();
        let mut c = cand(1, "县水利局", 320);
        c.score = Some(Decimal::new(9537, 2));
        c.facts.filed = Some(Decimal::new(964, 1));
        c.facts.errors = 4;
        c.facts.execution = Some(Decimal::new(725, 1));
        c.facts.manual_weight = Decimal::from(20);
        let parts = risk_parts(&c, Some(Decimal::from(640)), &grades(), &cfg);
        let points: BTreeMap<Part, Decimal> = parts.iter().map(|s| (s.part, s.points)).collect();
        assert_eq!(points[&Part::Funds], Decimal::new(125, 1)); // 320/640 × 25
        assert_eq!(points[&Part::Overstated], Decimal::new(412, 2)); // 1.03/5 × 20
        assert_eq!(points[&Part::Errors], Decimal::from(12)); // 4/5 × 15
        assert_eq!(points[&Part::HighScoreLowEfficiency], Decimal::from(15));
        assert_eq!(points[&Part::Manual], Decimal::from(2)); // 20/100 × 10
        assert!(!points.contains_key(&Part::NoReasons));
        assert_eq!(parts[0].part, Part::HighScoreLowEfficiency, "biggest first");
        assert!(
            parts[0].why.contains("预算执行率 72.5%，低于 80%"),
            "{}",
            parts[0].why
        );
    }

    #[test]
    fn a_workbook_saved_after_the_deadline_is_late() {
        let cfg = SampleConfig {
            deadline: chrono::NaiveDate::from_ymd_opt(2025, 3, 31),
            ..SampleConfig::default()
        };
        let mut c = cand(1, "县水利局", 0);
        c.budget = None;
        c.facts.saved = Some("2025-04-02T01:00:00Z".into());
        let parts = risk_parts(&c, None, &grades(), &cfg);
        assert_eq!(parts.len(), 1, "{parts:?}");
        assert_eq!(
            (parts[0].part, parts[0].points),
            (Part::Late, Decimal::from(5))
        );
        assert!(
            parts[0].why.contains("晚于截止日期 2025-03-31"),
            "{}",
            parts[0].why
        );
        c.facts.saved = Some("2025-03-30T09:00:00".into());
        assert!(risk_parts(&c, None, &grades(), &cfg).is_empty());
        // Saved on the deadline day, in the evening, is in time.
        c.facts.saved = Some("2025-03-31T20:00:00".into());
        assert!(risk_parts(&c, None, &grades(), &cfg).is_empty());
        // No deadline, no part.
        c.facts.saved = Some("2025-04-02T01:00:00Z".into());
        assert!(risk_parts(&c, None, &grades(), &SampleConfig::default()).is_empty());
    }

    #[test]
    fn two_output_indicators_losing_points_make_a_top_grade_high_score_low_efficiency() {
        let cfg = SampleConfig::default();
        let mut c = cand(1, "县水利局", 0);
        c.budget = None;
        c.facts.output_losses = 2;
        let parts = risk_parts(&c, None, &grades(), &cfg);
        assert_eq!(parts.len(), 1, "{parts:?}");
        assert_eq!(parts[0].part, Part::HighScoreLowEfficiency);
        assert!(
            parts[0].why.contains("2 个产出指标失分"),
            "{}",
            parts[0].why
        );
        c.facts.output_losses = 1;
        assert!(
            risk_parts(&c, None, &grades(), &cfg).is_empty(),
            "one is not several"
        );
    }

    /// 高分低效 is for the two best grades only: a 中 with low execution is no high score.
    #[test]
    fn a_low_grade_is_no_high_score_however_low_the_execution() {
        let cfg = SampleConfig::default();
        let mut c = cand(1, "县水利局", 0);
        c.budget = None;
        c.facts.execution = Some(Decimal::from(50));
        let part = |c: &Candidate| {
            risk_parts(c, None, &grades(), &cfg)
                .iter()
                .any(|p| p.part == Part::HighScoreLowEfficiency)
        };
        assert!(part(&c), "优 at 50%");
        c.facts.grade_filed = Some("良".into());
        assert!(part(&c), "良 at 50%");
        c.facts.grade_filed = Some("中".into());
        assert!(!part(&c), "中 at 50%");
    }

    /// Budget execution exactly at the line (80%) is not below it; just under it is.
    #[test]
    fn execution_at_the_line_is_not_low() {
        let cfg = SampleConfig::default();
        let mut c = cand(1, "县水利局", 0);
        c.budget = None;
        c.facts.execution = Some(cfg.execution_line);
        assert!(risk_parts(&c, None, &grades(), &cfg).is_empty());
        c.facts.execution = Some(cfg.execution_line - Decimal::new(1, 2));
        let parts = risk_parts(&c, None, &grades(), &cfg);
        assert_eq!(parts.len(), 1, "{parts:?}");
        assert!(parts[0].why.contains("79.99%"), "{}", parts[0].why);
    }

    #[test]
    fn weights_adding_up_to_nothing_give_no_manual_share() {
        // Weights of 5 and −5 (W103) add up to 0: the share kept by hand has nothing to be a
        // share of, and is left out rather than divided by zero.
        let mut c = cand(1, "县水利局", 0);
        c.budget = None;
        c.facts.weight_total = Some(Decimal::ZERO);
        c.facts.manual_weight = Decimal::from(5);
        let parts = risk_parts(&c, None, &grades(), &SampleConfig::default());
        assert!(parts.is_empty(), "{parts:?}");
    }

    #[test]
    fn budgets_of_nothing_give_no_funds_part_and_no_share() {
        // Every budget 0: the largest is no divisor and the county's total neither, even with
        // a funds share asked for.
        let c = cand(1, "县水利局", 0);
        let parts = risk_parts(&c, Some(Decimal::ZERO), &grades(), &SampleConfig::default());
        assert!(parts.iter().all(|p| p.part != Part::Funds), "{parts:?}");
        let cfg = SampleConfig {
            min_funds_share: Decimal::new(3, 1),
            ..SampleConfig::default()
        };
        let cands: Vec<Candidate> = (0..4).map(|i| cand(i, "县财政局", 0)).collect();
        let s = select(cands, Amount::Count(2), Some(7), &grades(), &cfg);
        assert_eq!(s.picked.len(), 2);
        assert_eq!(s.funds_share, None);
    }

    #[test]
    fn a_self_score_not_above_the_review_and_no_errors_are_no_parts() {
        let mut c = cand(1, "县水利局", 0);
        c.budget = None;
        for reviewed in [90, 95] {
            c.score = Some(Decimal::from(reviewed));
            let parts = risk_parts(&c, None, &grades(), &SampleConfig::default());
            assert!(parts.is_empty(), "{reviewed}: {parts:?}");
        }
        c.score = Some(Decimal::from(89));
        c.facts.errors = 1;
        let parts = risk_parts(&c, None, &grades(), &SampleConfig::default());
        let kinds: Vec<Part> = parts.iter().map(|p| p.part).collect();
        assert_eq!(kinds.len(), 2, "{parts:?}");
        assert!(kinds.contains(&Part::Overstated) && kinds.contains(&Part::Errors));
    }

    #[test]
    fn a_project_reviewed_wholly_by_its_rules_has_no_manual_part() {
        // Nothing kept by hand: no 人工评分 part at 0%, which would list the project as a risk.
        let mut c = cand(1, "县水利局", 0);
        c.budget = None;
        c.facts.weight_total = Some(Decimal::from(100));
        c.facts.manual_weight = Decimal::ZERO;
        let parts = risk_parts(&c, None, &grades(), &SampleConfig::default());
        assert!(parts.iter().all(|p| p.part != Part::Manual), "{parts:?}");
        c.facts.manual_weight = Decimal::from(20);
        let parts = risk_parts(&c, None, &grades(), &SampleConfig::default());
        assert!(parts.iter().any(|p| p.part == Part::Manual), "{parts:?}");
    }

    #[test]
    fn a_high_score_lacks_reasons_only_where_points_were_lost_without_one() {
        let mut c = cand(1, "县水利局", 0);
        c.budget = None;
        c.facts.filed = Some(Decimal::from(99));
        let no_reasons = |c: &Candidate| {
            risk_parts(c, None, &grades(), &SampleConfig::default())
                .iter()
                .any(|p| p.part == Part::NoReasons)
        };
        assert!(!no_reasons(&c), "every lost point explained");
        c.facts.missing_reasons = 2;
        assert!(no_reasons(&c));
    }

    #[test]
    fn projects_without_budgets_are_picked_without_a_funds_share() {
        let cands: Vec<Candidate> = (0..5)
            .map(|i| {
                let mut c = cand(i, "县财政局", 0);
                c.budget = None;
                c
            })
            .collect();
        let cfg = SampleConfig {
            min_funds_share: Decimal::new(3, 1),
            ..SampleConfig::default()
        };
        let s = select(cands, Amount::Count(2), Some(7), &grades(), &cfg);
        assert_eq!(s.picked.len(), 2);
        assert_eq!(s.funds_share, None, "no budget in the county: no share");
    }

    #[test]
    fn the_riskiest_are_picked_by_rank_and_the_rest_by_a_repeatable_lot() {
        let cfg = SampleConfig::default();
        let mut cands: Vec<Candidate> = (0..20).map(|i| cand(i, "县财政局", 10)).collect();
        cands[7].facts.errors = 5;
        cands[13].facts.errors = 3;
        let s = select(cands.clone(), Amount::Count(4), Some(42), &grades(), &cfg);
        let files: Vec<&str> = s.picked.iter().map(|p| p.candidate.file.as_str()).collect();
        assert_eq!(&files[..2], ["县财政局/007.xlsx", "县财政局/013.xlsx"]);
        assert_eq!(s.picked[2].how, How::Random);
        assert_eq!(
            s,
            select(cands.clone(), Amount::Count(4), Some(42), &grades(), &cfg)
        );
        let other = select(cands.clone(), Amount::Count(4), Some(43), &grades(), &cfg);
        assert_eq!(other.picked[..2], s.picked[..2]);
        // The default seed comes from the inputs.
        let a = select(cands.clone(), Amount::Count(4), None, &grades(), &cfg);
        assert_eq!(a.seed, input_seed(&cands));
    }

    #[test]
    fn the_lot_is_uniform_over_seeds() {
        // 20 projects of equal risk, 5 drawn at random, 4,000 seeds: each project is expected
        // 1,000 times. With 19 degrees of freedom, χ² above 43.8 happens with probability
        // 0.001 for a uniform draw.
        let cfg = SampleConfig {
            by_risk: Decimal::ZERO,
            ..SampleConfig::default()
        };
        let cands: Vec<Candidate> = (0..20).map(|i| cand(i, "县财政局", 10)).collect();
        let mut counts = BTreeMap::<String, u32>::new();
        for seed in 0..4000u64 {
            let s = select(cands.clone(), Amount::Count(5), Some(seed), &grades(), &cfg);
            assert_eq!(s.picked.len(), 5);
            assert!(s.picked.iter().all(|p| p.how == How::Random));
            for p in s.picked {
                *counts.entry(p.candidate.file).or_default() += 1;
            }
        }
        assert_eq!(counts.len(), 20);
        let chi2: f64 = counts
            .values()
            .map(|&n| {
                let d = f64::from(n) - 1000.0;
                d * d / 1000.0
            })
            .sum();
        assert!(chi2 < 43.8, "χ² = {chi2:.1}: {counts:?}");
    }

    #[test]
    fn coverage_adds_a_project_per_department_and_funds_until_the_share() {
        let mut cfg = SampleConfig {
            every_department: true,
            ..SampleConfig::default()
        };
        let cands = vec![
            cand(1, "甲局", 100),
            cand(2, "甲局", 100),
            cand(3, "乙局", 10),
            cand(4, "丙局", 10),
        ];
        let s = select(cands.clone(), Amount::Count(1), Some(1), &grades(), &cfg);
        let depts: BTreeSet<&str> = s
            .picked
            .iter()
            .map(|p| p.candidate.department.as_str())
            .collect();
        assert_eq!(depts.len(), 3, "{s:?}");
        assert!(s.picked[1..].iter().all(|p| p.how == How::Coverage));
        cfg.every_department = false;
        cfg.min_funds_share = Decimal::new(6, 1);
        let s = select(cands, Amount::Count(1), Some(1), &grades(), &cfg);
        assert!(s.funds_share.unwrap() >= Decimal::new(6, 1), "{s:?}");
        // The share is the picked projects' budgets over the county's 220.
        let picked: Decimal = s.picked.iter().filter_map(|p| p.candidate.budget).sum();
        assert_eq!(
            s.funds_share,
            Some((picked / Decimal::from(220)).round_dp(4)),
            "{s:?}"
        );
    }

    #[test]
    fn the_input_seed_is_fnv_1a_of_files_sheets_and_scores() {
        // FNV-1a 64 with a 0xff after each field, computed independently (Python).
        assert_eq!(input_seed(&[]), 0xcbf2_9ce4_8422_2325);
        let a = cand(0, "县财政局", 10);
        let b = cand(1, "县财政局", 10);
        assert_eq!(input_seed(std::slice::from_ref(&a)), 0x87ba_26ff_2805_1f1f);
        assert_eq!(input_seed(&[a.clone(), b.clone()]), 0x1132_94c3_62f8_1650);
        assert_ne!(
            input_seed(&[b, a]),
            0x1132_94c3_62f8_1650,
            "the order counts"
        );
    }

    #[test]
    fn drawing_for_the_funds_share_stops_as_soon_as_it_is_reached() {
        let cands: Vec<Candidate> = (0..4).map(|i| cand(i, "县财政局", 10)).collect();
        let cfg = |share: i64| SampleConfig {
            min_funds_share: Decimal::new(share, 2),
            every_department: false,
            ..SampleConfig::default()
        };
        // One pick of four equal budgets is exactly 25%.
        let s = select(
            cands.clone(),
            Amount::Count(1),
            Some(3),
            &grades(),
            &cfg(25),
        );
        assert_eq!(s.picked.len(), 1, "{s:?}");
        assert_eq!(s.funds_share, Some(Decimal::new(25, 2)));
        let s = select(cands, Amount::Count(1), Some(3), &grades(), &cfg(26));
        assert_eq!(s.picked.len(), 2, "{s:?}");
        assert_eq!(s.funds_share, Some(Decimal::new(5, 1)));
    }
}
