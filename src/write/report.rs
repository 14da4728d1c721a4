//! Stage 5: reviewed workbooks → the report of SPEC §5.3 (`jixiao.report/1`) and its text
//! rendering for people. Field names here are a contract: scripts read them.
//!
//! Decimals are JSON strings (no precision lost), normalised (`95.4`, not `95.40`). `row` is
//! the 1-based Excel row. Text output is one line per diagnostic,
//! `path[sheet!A1]: CODE 级别: 说明`, with a result line per project before its diagnostics
//! and a summary at the end.

use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
use crate::review::evaluate::ProjectEval;
use crate::review::model::Family;
use crate::rule::parse::clause::{clauses, Clause};
use crate::rule::RuleKind;
use crate::text::fmt_dec;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

/// The report schema name.
pub const SCHEMA: &str = "jixiao.report/1";

/// What became of an input file: `ok`, `errors` or `unreadable` in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    /// Reviewed, and no error-level finding.
    Ok,
    /// Reviewed, with at least one error-level finding.
    Errors,
    /// The file could not be read (S001).
    Unreadable,
}

/// One input file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileReport {
    /// Relative to the INPUT folder it was found in, `/` separators; as given for a file.
    pub path: String,
    /// What became of it.
    pub status: FileStatus,
    /// Why the file could not be read.
    pub error: Option<String>,
    /// File-level findings (S001–S003).
    pub diagnostics: Vec<Diagnostic>,
    /// One per indicator sheet.
    pub projects: Vec<ProjectReport>,
}

/// Budget figures in 万元, and for the self-evaluation form the budget score.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct BudgetReport {
    /// 年初预算数.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub initial: Option<Decimal>,
    /// 全年预算数.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub adjusted: Option<Decimal>,
    /// 全年执行数.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub spent: Option<Decimal>,
    /// 执行率 in percent.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub rate: Option<Decimal>,
    /// 分值 of the budget block.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weight: Option<Decimal>,
    /// 得分 of the budget block as filed.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub score_filed: Option<Decimal>,
    /// 得分 of the budget block as reviewed.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub score_reviewed: Option<Decimal>,
}

/// One project.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProjectReport {
    /// Sheet name.
    pub sheet: String,
    /// Project name.
    pub name: String,
    /// Department.
    pub department: String,
    /// Which form: `评价` or `自评` in the report.
    pub family: Family,
    /// The code a budget system wrote in front of the project's name.
    pub project_code: Option<String>,
    /// The code written in front of the department's name.
    pub department_code: Option<String>,
    /// 实施单位, as written.
    pub unit: Option<String>,
    /// Budget figures.
    pub budget: BudgetReport,
    /// Σ weights.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weight_total: Option<Decimal>,
    /// The filed total.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub score_filed: Option<Decimal>,
    /// The reviewed total.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub score_reviewed: Option<Decimal>,
    /// Grade of the reviewed total.
    pub grade: Option<String>,
    /// Grade stated in the sheet.
    pub grade_filed: Option<String>,
    /// Every level3 indicator.
    pub indicators: Vec<IndicatorReport>,
    /// Findings on this sheet.
    pub diagnostics: Vec<Diagnostic>,
}

/// One level3 indicator.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IndicatorReport {
    /// Level1 name.
    pub level1: String,
    /// Level2 name.
    pub level2: String,
    /// Level3 name.
    pub level3: String,
    /// 1-based Excel row.
    pub row: u32,
    /// 分值.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weight: Option<Decimal>,
    /// Filed score.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub score_filed: Option<Decimal>,
    /// Reviewed score.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub score_reviewed: Option<Decimal>,
    /// Filed deduction (empty = 0).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub deduction_filed: Option<Decimal>,
    /// Reviewed deduction.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub deduction_reviewed: Option<Decimal>,
    /// 年度指标值 as written.
    pub target: Option<String>,
    /// 实际完成值 as written.
    pub actual: Option<String>,
    /// Filed reason.
    pub reason_filed: String,
    /// Reviewed reason.
    pub reason_reviewed: String,
    /// Rule kind.
    pub rule: RuleKind,
    /// The rule and the computation.
    pub basis: String,
    /// True when the filed score was kept.
    pub manual: bool,
}

/// Counts over the whole run.
#[derive(Debug, Clone, Serialize)]
pub struct TotalsReport {
    /// Input files.
    pub files: usize,
    /// Projects found.
    pub projects: usize,
    /// Files that could not be read.
    pub unreadable: usize,
    /// Error-level findings.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Projects per grade, in band order.
    pub grades: GradeCounts,
}

/// Grade → project count, serialised in band order (优, 良, 中, 差).
#[derive(Debug, Clone, Default)]
pub struct GradeCounts(pub Vec<(String, usize)>);

impl Serialize for GradeCounts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// What one input file produced, before it becomes a [`FileReport`].
#[derive(Debug, Clone)]
pub enum FileOutcome {
    /// The file could not be read.
    Unreadable(String),
    /// The file was reviewed.
    Reviewed {
        /// Per sheet.
        projects: Vec<ProjectEval>,
        /// File-level findings.
        diagnostics: Vec<Diagnostic>,
    },
}

/// A decimal as the report shows it: normalised (`95.4`, not `95.40`).
fn s(d: Option<Decimal>) -> Option<Decimal> {
    d.map(|d| d.normalize())
}

/// Builds the report entry of one file.
pub fn file_report(path: String, outcome: &FileOutcome) -> FileReport {
    match outcome {
        FileOutcome::Unreadable(why) => FileReport {
            path,
            status: FileStatus::Unreadable,
            error: Some(why.clone()),
            diagnostics: vec![Diagnostic::new(crate::diag::Code::S001, why.clone())],
            projects: Vec::new(),
        },
        FileOutcome::Reviewed {
            projects,
            diagnostics,
        } => {
            let projects: Vec<ProjectReport> = projects.iter().map(project_report).collect();
            let has_error = diagnostics
                .iter()
                .chain(projects.iter().flat_map(|p| &p.diagnostics))
                .any(|d| d.severity == Severity::Error);
            FileReport {
                path,
                status: if has_error {
                    FileStatus::Errors
                } else {
                    FileStatus::Ok
                },
                error: None,
                diagnostics: diagnostics.clone(),
                projects,
            }
        }
    }
}

fn project_report(pe: &ProjectEval) -> ProjectReport {
    let p = &pe.project;
    let facts = &p.facts;
    let level_name = |idx: Option<usize>| idx.map(|i| p.levels[i].name.clone()).unwrap_or_default();
    let budget_base = facts
        .budget_adjusted
        .as_ref()
        .or(facts.budget_initial.as_ref())
        .map(|l| l.value);
    let rate = match (budget_base, facts.spent.as_ref().map(|l| l.value)) {
        (Some(b), Some(sp)) if b > Decimal::ZERO => Some(
            (sp / b * Decimal::from(100))
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero),
        ),
        _ => None,
    };
    ProjectReport {
        sheet: p.sheet.clone(),
        name: p.name.clone(),
        department: pe.department.clone(),
        family: p.family,
        project_code: facts.project_code.clone(),
        department_code: facts.department_code.clone(),
        unit: facts.unit.clone(),
        budget: BudgetReport {
            initial: s(facts.budget_initial.as_ref().map(|l| l.value)),
            adjusted: s(facts.budget_adjusted.as_ref().map(|l| l.value)),
            spent: s(facts.spent.as_ref().map(|l| l.value)),
            rate: s(pe.budget.as_ref().and_then(|b| b.rate).or(rate)),
            weight: s(pe.budget.as_ref().and_then(|b| b.weight)),
            score_filed: s(pe.budget.as_ref().and_then(|b| b.score_filed)),
            score_reviewed: s(pe.budget.as_ref().and_then(|b| b.score_reviewed)),
        },
        weight_total: s(pe.totals.weight),
        score_filed: s(pe.score_filed),
        score_reviewed: s(pe.totals.score_reviewed),
        grade: pe.totals.grade.clone(),
        grade_filed: facts.stated_grade.as_ref().map(|g| g.value.clone()),
        indicators: p
            .indicators
            .iter()
            .zip(&pe.reviewed)
            .map(|(ind, rev)| IndicatorReport {
                level1: level_name(ind.level1),
                level2: level_name(ind.level2),
                level3: ind.name.clone(),
                row: ind.row + 1,
                weight: s(ind.weight.value()),
                score_filed: s(ind.score.value()),
                score_reviewed: s(rev.score),
                // No 扣分情况 column, no filed deduction (the reviewed one is still given).
                deduction_filed: p
                    .col(crate::review::locate::Role::Deduction)
                    .and_then(|_| ind.deduction.value_or_zero())
                    .map(|d| d.normalize()),
                deduction_reviewed: s(rev.deduction),
                target: ind.target.clone(),
                actual: ind.actual.clone(),
                reason_filed: ind.reason.clone(),
                reason_reviewed: rev.reason.clone(),
                rule: rev.rule,
                basis: rev.basis.clone(),
                manual: rev.manual,
            })
            .collect(),
        diagnostics: pe.diagnostics.clone(),
    }
}

/// Running totals over the files of a batch, added one file at a time (in path order), so
/// that nothing but these counts is kept for the whole batch.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    files: usize,
    projects: usize,
    unreadable: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    grades: BTreeMap<String, usize>,
    /// (errors, warnings, path) of every file with an error or a warning, for the closing
    /// lines' worst files.
    flagged: Vec<(usize, usize, String)>,
}

/// The closing lines name the files with the most errors when the batch has more files than
/// this.
const WORST_FROM: usize = 10;
/// How many of the worst files they name.
const WORST_SHOWN: usize = 10;

impl Tally {
    /// Counts one file.
    pub fn add(&mut self, f: &FileReport) {
        self.files += 1;
        self.projects += f.projects.len();
        self.unreadable += usize::from(f.status == FileStatus::Unreadable);
        let diags = f
            .diagnostics
            .iter()
            .chain(f.projects.iter().flat_map(|p| &p.diagnostics));
        let (mut errors, mut warnings) = (0, 0);
        for d in diags {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
        self.errors += errors;
        self.warnings += warnings;
        if errors + warnings > 0 {
            self.flagged.push((errors, warnings, f.path.clone()));
        }
        for g in f.projects.iter().filter_map(|p| p.grade.as_ref()) {
            *self.grades.entry(g.clone()).or_default() += 1;
        }
    }

    /// The `totals` of the report, grades in band order.
    pub fn totals(&self, cfg: &Config) -> TotalsReport {
        TotalsReport {
            files: self.files,
            projects: self.projects,
            unreadable: self.unreadable,
            errors: self.errors,
            warnings: self.warnings,
            grades: GradeCounts(
                cfg.grades
                    .iter()
                    .map(|b| {
                        (
                            b.name.clone(),
                            self.grades.get(&b.name).copied().unwrap_or(0),
                        )
                    })
                    .collect(),
            ),
        }
    }

    /// The files counted.
    pub fn files(&self) -> usize {
        self.files
    }

    /// True when any error-level finding or unreadable file was counted (exit status 1).
    pub fn has_errors(&self) -> bool {
        self.errors > 0 || self.unreadable > 0
    }

    /// True when any warning was counted.
    pub fn has_warnings(&self) -> bool {
        self.warnings > 0
    }

    /// The closing summary line for people.
    ///
    /// 提示 not printed (`verbose` off) are said to be counted only; a batch of more than ten
    /// files is followed by the files with the most errors (then warnings), worst first.
    pub fn summary_line(&self, cfg: &Config, verbose: bool) -> String {
        let t = self.totals(cfg);
        let grades: Vec<String> = t.grades.0.iter().map(|(g, n)| format!("{g} {n}")).collect();
        let hidden = if verbose || self.infos == 0 {
            String::new()
        } else {
            "（未逐条列出，加 -v 显示；复核工作簿和 report.json 中都有）".to_string()
        };
        let mut out = format!(
            "\n共 {} 个文件，{} 个项目（{}），无法读取 {} 个；错误 {} 条，警告 {} 条，提示 {} 条{hidden}。\n",
            t.files,
            t.projects,
            grades.join("、"),
            t.unreadable,
            t.errors,
            t.warnings,
            self.infos
        );
        if self.files > WORST_FROM && !self.flagged.is_empty() {
            let mut worst: Vec<&(usize, usize, String)> = self.flagged.iter().collect();
            worst.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
            let _ = writeln!(
                out,
                "问题最多的文件（共 {} 个文件有错误或警告）：",
                self.flagged.len()
            );
            for (errors, warnings, path) in worst.iter().take(WORST_SHOWN) {
                let _ = writeln!(out, "  错误 {errors:>3}  警告 {warnings:>3}  {path}");
            }
        }
        out
    }
}

/// report.json's `history` (and `jixiao compare --format json`): the years, every project seen
/// in two or more of them (its figures per year — `null` where it was not matched — how each
/// pair was matched, the flags, the 结果应用 suggestion and its reason), the projects matched
/// to nothing, and the indicators that lost points in consecutive years.
#[derive(Debug, Serialize)]
pub struct HistoryReport {
    /// Year labels, oldest first.
    pub years: Vec<String>,
    /// Matched projects.
    pub projects: Vec<ChainReport>,
    /// Projects of one year only.
    pub unmatched: Vec<crate::history::Unmatched>,
    /// 重复失分.
    pub repeated: Vec<crate::history::Repeat>,
}

/// One matched project of `history`.
#[derive(Debug, Serialize)]
pub struct ChainReport {
    /// 部门 (newest year's).
    pub department: String,
    /// 项目 (newest year's name).
    pub project: String,
    /// Per year: the project that year, or `null`.
    pub years: Vec<Option<YearFigures>>,
    /// How each consecutive pair was matched.
    pub links: Vec<crate::history::Link>,
    /// Flags.
    pub flags: Vec<crate::history::Flag>,
    /// 结果应用 suggestion (供参考).
    pub suggestion: String,
    /// Why.
    pub reason: String,
}

/// A project's figures in one year.
#[derive(Debug, Serialize)]
pub struct YearFigures {
    /// The file.
    pub file: String,
    /// The sheet.
    pub sheet: String,
    /// The name that year.
    pub project: String,
    /// Reviewed total.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub score: Option<Decimal>,
    /// Reviewed grade.
    pub grade: Option<String>,
    /// Filed total.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub filed: Option<Decimal>,
    /// 预算数.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub budget: Option<Decimal>,
}

/// The `history` of a comparison.
pub fn history_json(h: &crate::history::History) -> HistoryReport {
    HistoryReport {
        years: h.years.clone(),
        projects: h
            .chains
            .iter()
            .map(|c| {
                let newest = c.newest();
                ChainReport {
                    department: newest.map(|p| p.department.clone()).unwrap_or_default(),
                    project: newest.map(|p| p.name.clone()).unwrap_or_default(),
                    years: c
                        .years
                        .iter()
                        .map(|p| {
                            p.as_ref().map(|p| YearFigures {
                                file: p.file.clone(),
                                sheet: p.sheet.clone(),
                                project: p.name.clone(),
                                score: p.reviewed,
                                grade: p.grade.clone(),
                                filed: p.filed,
                                budget: p.budget,
                            })
                        })
                        .collect(),
                    links: c.links.clone(),
                    flags: c.flags.clone(),
                    suggestion: c.suggestion.clone(),
                    reason: c.reason.clone(),
                }
            })
            .collect(),
        unmatched: h.unmatched.clone(),
        repeated: h.repeated.clone(),
    }
}

/// What a report carries besides the files and totals: the 抽查 picks and the comparison
/// with earlier years.
#[derive(Debug, Default, Clone, Copy)]
pub struct Extras<'a> {
    /// `--sample`.
    pub sample: Option<&'a crate::sample::Selection>,
    /// `--previous`.
    pub history: Option<&'a crate::history::History>,
}

/// report.json's `sample`: `{"seed", "rate", "population", "funds_share", "picked": [{"file",
/// "sheet", "department", "project", "score", "parts", "how", "reasons"}]}` — `score` the risk
/// score and `parts` its points by part (decimals as strings, as everywhere in the report;
/// the seed a string too, as a 64-bit number does not survive JavaScript's numbers).
pub fn sample_json(sel: &crate::sample::Selection) -> SampleReport {
    SampleReport {
        seed: sel.seed.to_string(),
        rate: sel.amount.to_string(),
        population: sel.population,
        funds_share: sel.funds_share,
        picked: sel
            .picked
            .iter()
            .map(|p| {
                let c = &p.candidate;
                PickReport {
                    file: c.file.clone(),
                    sheet: c.sheet.clone(),
                    department: c.department.clone(),
                    project: c.project.clone(),
                    score: fmt_dec(p.risk),
                    parts: p
                        .parts
                        .iter()
                        .map(|s| (s.part.key(), fmt_dec(s.points)))
                        .collect(),
                    how: p.how.key(),
                    reasons: p.main_risks(),
                }
            })
            .collect(),
    }
}

/// report.json's `sample`.
#[derive(Debug, Serialize)]
pub struct SampleReport {
    /// The seed of the lot (a string: 64 bits).
    pub seed: String,
    /// As asked: `20%` or `15`.
    pub rate: String,
    /// Projects (and unreadable files) picked from.
    pub population: usize,
    /// The picks' share of the county's budget (0–1).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub funds_share: Option<Decimal>,
    /// The picks: by risk, then by lot, then by coverage.
    pub picked: Vec<PickReport>,
}

/// One pick of `sample`.
#[derive(Debug, Serialize)]
pub struct PickReport {
    /// The file, as in `files`.
    pub file: String,
    /// The sheet (empty for an unreadable file).
    pub sheet: String,
    /// 部门.
    pub department: String,
    /// 项目名称.
    pub project: String,
    /// The risk score.
    pub score: String,
    /// Points by part (only parts above 0), in the order of [`crate::sample::Part::ALL`].
    pub parts: PartPoints,
    /// `risk`, `random` or `coverage`.
    pub how: &'static str,
    /// The two or three biggest parts, in words.
    pub reasons: String,
}

/// Part → points, serialised in order.
#[derive(Debug)]
pub struct PartPoints(Vec<(&'static str, String)>);

impl FromIterator<(&'static str, String)> for PartPoints {
    fn from_iter<I: IntoIterator<Item = (&'static str, String)>>(it: I) -> Self {
        let mut v: Vec<(&'static str, String)> = it.into_iter().collect();
        let rank = |k: &str| crate::sample::Part::ALL.iter().position(|p| p.key() == k);
        v.sort_by_key(|(k, _)| rank(k));
        PartPoints(v)
    }
}

impl Serialize for PartPoints {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// One file's entry of report.json: pretty JSON, indented as it stands in the `files` array
/// (so that the entries, rendered in parallel, are only copied into the report).
pub fn file_json(f: &FileReport) -> Vec<u8> {
    let json = serde_json::to_vec_pretty(f).expect("a file report serialises");
    let mut out = Vec::with_capacity(json.len() + json.len() / 4);
    indented(&mut out, &json, ENTRY_INDENT).expect("writing to memory cannot fail");
    out
}

/// The indentation of an entry of the `files` array.
const ENTRY_INDENT: &str = "    ";

/// report.json written file by file (SPEC §5.3): the schema, then each file's entry as it
/// comes (in path order), then the totals. The whole report is never held in memory.
pub struct JsonReport<W: Write> {
    out: W,
    first: bool,
}

fn indented<W: Write>(out: &mut W, json: &[u8], indent: &str) -> io::Result<()> {
    for (i, line) in json.split(|b| *b == b'\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
            out.write_all(indent.as_bytes())?;
        }
        out.write_all(line)?;
    }
    Ok(())
}

impl<W: Write> JsonReport<W> {
    /// Starts the report.
    ///
    /// # Errors
    /// An IO error of the writer.
    pub fn start(mut out: W) -> io::Result<Self> {
        write!(out, "{{\n  \"schema\": \"{SCHEMA}\",\n  \"files\": [")?;
        Ok(JsonReport { out, first: true })
    }

    /// Adds one file's entry ([`file_json`]).
    ///
    /// # Errors
    /// An IO error of the writer.
    pub fn file(&mut self, entry: &[u8]) -> io::Result<()> {
        self.out
            .write_all(if self.first { b"\n" } else { b",\n" })?;
        self.out.write_all(ENTRY_INDENT.as_bytes())?;
        self.first = false;
        self.out.write_all(entry)
    }

    /// Ends the report with the totals and returns the writer.
    ///
    /// # Errors
    /// An IO error of the writer.
    pub fn finish(self, totals: &TotalsReport) -> io::Result<W> {
        self.finish_with(totals, Extras::default())
    }

    /// [`Self::finish`], with the top-level `sample` (the 抽查复核 picks) and `history` (the
    /// comparison with earlier years) — SPEC §5.3's additive fields — before the totals.
    ///
    /// # Errors
    /// An IO error of the writer.
    pub fn finish_with(mut self, totals: &TotalsReport, extras: Extras<'_>) -> io::Result<W> {
        self.out
            .write_all(if self.first { b"],\n" } else { b"\n  ],\n" })?;
        if let Some(sel) = extras.sample {
            self.out.write_all(b"  \"sample\": ")?;
            let json = serde_json::to_vec_pretty(&sample_json(sel)).expect("the sample serialises");
            indented(&mut self.out, &json, "  ")?;
            self.out.write_all(b",\n")?;
        }
        if let Some(h) = extras.history {
            self.out.write_all(b"  \"history\": ")?;
            let json = serde_json::to_vec_pretty(&history_json(h)).expect("the history serialises");
            indented(&mut self.out, &json, "  ")?;
            self.out.write_all(b",\n")?;
        }
        self.out.write_all(b"  \"totals\": ")?;
        let json = serde_json::to_vec_pretty(totals).expect("totals serialise");
        indented(&mut self.out, &json, "  ")?;
        self.out.write_all(b"\n}\n")?;
        Ok(self.out)
    }
}

/// What `explain` says of one rule, in words.
fn kind_words(rule: &crate::rule::Rule) -> &'static str {
    use crate::rule::{Rule, Why};
    match rule {
        Rule::Threshold(_) => "阈值扣分：达到标准得满分，未达到按差距扣分",
        Rule::Checklist(_) => "逐项扣分：每项不符合扣固定分值",
        Rule::Additive(_) => "逐项计分：满足的项目分值相加",
        Rule::Bands(_) => "分档计分：按所在区间得分",
        Rule::Grade(_) => "按等级计分",
        Rule::Count(_) => "按次数扣分",
        Rule::Proportional(_) => "按比例计分",
        Rule::Share(_) => "按要点计分：满足的要点按所占比例得分",
        Rule::Qualitative(_) => "定性指标：得分应在等级对应的分值区间内",
        Rule::Manual(Why::Discretionary) => "人工评分：酌情扣分，无法复核",
        Rule::Manual(Why::Definition) => "人工评分：只有指标定义，没有评分规则",
        Rule::Manual(Why::NotUnderstood) => "人工评分：未能识别为评分规则",
    }
}

/// `jixiao explain` for people: the text, the kind, the canonical rule and its parameters.
pub fn explain_text(rules: &[(&str, crate::rule::Rule)]) -> String {
    let mut out = String::new();
    for (i, (text, rule)) in rules.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let params: Vec<String> = rule
            .params()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let _ = writeln!(out, "评价标准：{}", text.trim());
        let _ = writeln!(out, "  类型：{}（{}）", rule.kind(), kind_words(rule));
        let _ = writeln!(out, "  规则：{rule}");
        let _ = writeln!(out, "  参数：{}", params.join(" "));
        if let crate::rule::Rule::Threshold(t) = rule {
            let _ = writeln!(out, "  边界：{}", t.cmp.reading());
        }
        let clauses = clauses(text, rule);
        let _ = writeln!(out, "  分句：");
        for (n, c) in clauses.iter().enumerate() {
            let _ = writeln!(out, "    {}. “{}” — {}", n + 1, c.text, c.role.words());
        }
        if rule.kind() == RuleKind::Manual {
            let _ = writeln!(out, "  {}", refusal(&clauses, rule));
        }
    }
    out
}

/// Why a text is `manual`, by its clauses: the clauses not understood, or, when each clause
/// alone is read, that together they make no single rule.
fn refusal(clauses: &[Clause], rule: &crate::rule::Rule) -> String {
    use crate::rule::{Rule, Why};
    let unread: Vec<String> = clauses
        .iter()
        .enumerate()
        .filter(|(_, c)| c.role.not_understood())
        .map(|(n, _)| (n + 1).to_string())
        .collect();
    match rule {
        Rule::Manual(Why::Discretionary) => "人工评分原因：评价标准要求酌情判断，无法按规则复核".into(),
        Rule::Manual(Why::Definition) => "人工评分原因：评价标准只定义了指标，没有给出评分规则".into(),
        _ if !unread.is_empty() => format!(
            "人工评分原因：第 {} 句未能识别；可改写为规则的写法（见 README“Rules from 评价标准”）后再用 explain 核对",
            unread.join("、")
        ),
        _ => "人工评分原因：各分句都能识别，但合起来不能确定唯一的评分规则（例如编号各部分各有扣分规则、占比合计不等于分值、两档区间重叠、满分线在低处而后按比例计分）".into(),
    }
}

/// `jixiao explain --format json`: `[{"text", "kind", "canonical", "params", "clauses"}]` (SPEC
/// §4; `clauses` lists each clause's `text` and `role`, as the text form shows them).
pub fn explain_json(rules: &[(&str, crate::rule::Rule)]) -> String {
    #[derive(Serialize)]
    struct Part {
        text: String,
        role: &'static str,
    }
    #[derive(Serialize)]
    struct Item<'a> {
        text: &'a str,
        kind: RuleKind,
        canonical: String,
        params: BTreeMap<&'static str, String>,
        clauses: Vec<Part>,
    }
    let items: Vec<Item> = rules
        .iter()
        .map(|(text, rule)| Item {
            text,
            kind: rule.kind(),
            canonical: rule.to_string(),
            params: rule.params(),
            clauses: clauses(text, rule)
                .into_iter()
                .map(|c| Part {
                    text: c.text,
                    role: c.role.words(),
                })
                .collect(),
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&items).expect("explain serialises");
    s.push('\n');
    s
}
