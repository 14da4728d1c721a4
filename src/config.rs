//! County rules: `jixiao.toml` (SPEC §6) and the built-in defaults. Also home of the two named
//! numeric policies every stage shares: [`Config::round`] (the one rounding function) and
//! [`Config::grade`] (the grade bands).
//!
//! ```toml
//! total_weight = 100          # level1 weights must add up to this
//! step = "proportional"       # a partial step of shortfall: proportional, floor or ceil
//!
//! [rounding]
//! places = 2                  # scores are rounded to this many decimal places
//! mode = "half_up"            # half_up (midpoint away from zero, as Excel) or truncate
//!
//! [[grade]]                   # bands, highest first; a score ≥ min gets the grade
//! name = "优"
//! min = 90
//! [[grade]]
//! name = "良"
//! min = 80
//! [[grade]]
//! name = "中"
//! min = 60
//! [[grade]]
//! name = "差"
//! min = 0
//!
//! [expected_level1]           # W104 when a level1 of this name has another weight (none by default)
//! "产出指标" = 50
//! "效益指标" = 30
//! "满意度指标" = 10
//!
//! [[rule]]                    # replaces the 评价标准 of every indicator of this name
//! indicator = "资金到位率"
//! text = "资金到位率大于90%的得满分，每少5个百分点扣0.5分，扣完为止"
//!
//! budget_score = "proportional"   # 自评表 budget block: 分值 × 执行率 (capped), or a threshold
//!                                  # text such as "预算执行率95%以上，得满分；低于95%，……"
//!
//! [columns]                   # extra column titles per role, on top of the built-in ones
//! score = ["核定得分"]
//! ```
//!
//! Where the file comes from ([`Config::load`]): `--config FILE` wins; otherwise a
//! `jixiao.toml` inside the first INPUT folder (for an INPUT file: the folder it is in), else in
//! that folder's parent; otherwise the built-in defaults. [`Config::to_toml`] writes a
//! configuration back as a commented, valid `jixiao.toml` (`jixiao config --default`).
//!
//! Errors ([`ConfigError`], [`ConfigTextError`]) name the file and the 1-based line of the
//! offending key or value; the line always comes from a span, never from searching the text:
//! - what toml reports (syntax, a wrong type, a missing key, and the checks made while a value
//!   is read: numbers, `budget_score`) carries [`toml::de::Error::span`];
//! - the checks made after reading (total_weight > 0, places ≤ 6, grades, rule texts, column
//!   titles) keep the value's [`toml::Spanned`] span from the raw tables below.
//!
//! Unknown keys. toml 1.2 gives `deny_unknown_fields`' error the span of the key itself (tried:
//! `colour` in `colour = 3`, in the top level and in nested, inline and array tables), so the
//! line is right; but the message is English (``unknown field `scroe`, expected one of …``) and
//! nothing typed says which key it was. So every table is read through `strict::Strict`, which
//! checks each key against the keys the table allows (a struct's fields as serde hands them to
//! the deserializer, or [`Role::KEYS`] for `[columns]`) before the value is read, and says it in
//! Chinese: `未知的键“scroe”（[columns] 中可用的键：level1、level2、…）`. The error is raised
//! while toml reads the key, so toml gives it the key's span. Other toml messages (syntax,
//! types, missing keys) are passed on as toml words them.

mod strict;

use crate::columns::Role;
use crate::rule::score::{score, Inputs, Measure};
use crate::rule::{Basis, Limit, Proportional, Rule, Scoring, StepMode, Unit};
use crate::text::{fmt_dec, normalize_title};
use rust_decimal::Decimal;
use serde::de::{self, Deserializer};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use strict::{Strict, Table};
use toml::Spanned;

/// The file name looked for next to the input folder.
pub const CONFIG_FILE_NAME: &str = "jixiao.toml";

/// Why a configuration file could not be loaded ([`Config::from_file`], [`Config::load`]).
///
/// Both variants print the cause in their message, so neither has a `source()`.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read: `无法读取配置文件 {path}：{error}`.
    #[error("无法读取配置文件 {}：{error}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why it could not be read.
        error: std::io::Error,
    },
    /// The file was read but is not a valid configuration: `配置文件 {path} 第{line}行：{message}`.
    #[error("配置文件 {} 第{line}行：{message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The 1-based line of the offending key or value.
        line: usize,
        /// What is wrong (see [`ConfigTextError::message`]).
        message: String,
    },
}

/// What is wrong in a configuration text, and at which line ([`Config::from_toml`]):
/// `第{line}行：{message}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("第{line}行：{message}")]
pub struct ConfigTextError {
    /// The 1-based line of the offending key or value.
    pub line: usize,
    /// What is wrong: jixiao's own checks and unknown keys in Chinese; syntax, type and
    /// missing-key errors as toml words them.
    pub message: String,
}

impl ConfigTextError {
    /// The error at byte `span` of `text`; at line 1 when toml gives no span.
    fn at(text: &str, span: Option<Range<usize>>, message: impl Into<String>) -> Self {
        let offset = span.map_or(0, |s| s.start.min(text.len()));
        ConfigTextError {
            line: text.as_bytes()[..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1,
            message: message.into(),
        }
    }

    /// This error in the file at `path`.
    fn in_file(self, path: &Path) -> ConfigError {
        ConfigError::Invalid {
            path: path.to_path_buf(),
            line: self.line,
            message: self.message,
        }
    }
}

pub use crate::rule::RoundingMode;

/// One grade band: scores at or above `min` (and below the next band up) get `name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradeBand {
    /// The grade word, e.g. 优.
    pub name: String,
    /// The lowest score of the band, inclusive.
    pub min: Decimal,
}

/// How the budget block of a self-evaluation form (预算执行率) is scored (`budget_score`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum BudgetScore {
    /// 分值 × 执行率, capped at 分值 (财预〔2020〕10号 and the integrated budget systems).
    #[default]
    Proportional,
    /// A threshold rule on 执行率 in percent, e.g.
    /// `预算执行率95%以上，得满分；低于95%，每下降1%扣权重的1%；60%以下，不计分`.
    Threshold {
        /// The text as written in the config.
        text: String,
        /// The text as understood (always [`Rule::Threshold`] with a numeric limit).
        rule: Rule,
    },
}

/// The resolved configuration every stage reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// What the level1 weights must add up to.
    pub total_weight: Decimal,
    /// Decimal places of scores.
    pub places: u32,
    /// Rounding mode of scores.
    pub rounding: RoundingMode,
    /// Grade bands, highest `min` first.
    pub grades: Vec<GradeBand>,
    /// Expected level1 weights by normalised name (W104).
    pub expected_level1: BTreeMap<String, Decimal>,
    /// How a partial step of a threshold rule counts.
    pub step: StepMode,
    /// Criterion texts that replace an indicator's own, by normalised level3 name.
    pub rules: BTreeMap<String, String>,
    /// How the self-evaluation budget block is scored.
    pub budget_score: BudgetScore,
    /// Extra column titles by role (`[columns]`), normalised as [`normalize_title`] does;
    /// a role without extra titles has no entry.
    pub columns: BTreeMap<Role, Vec<String>>,
    /// Limits on what one file may hold before it is refused (zip bombs, huge sheets).
    pub limits: crate::read::Limits,
    /// How projects are picked for 抽查复核 (`[sample]`, `--sample`).
    pub sample: crate::sample::SampleConfig,
    /// Year over year: pinned pairs (`[[match]]`) and 结果应用 (`[application]`).
    pub history: crate::history::HistoryConfig,
}

impl Default for Config {
    fn default() -> Self {
        let band = |name: &str, min: i64| GradeBand {
            name: name.into(),
            min: Decimal::from(min),
        };
        Config {
            total_weight: Decimal::from(100),
            places: 2,
            rounding: RoundingMode::HalfUp,
            grades: vec![
                band("优", 90),
                band("良", 80),
                band("中", 60),
                band("差", 0),
            ],
            // No split is expected unless the county says so: provinces publish their own
            // forms (Sichuan's 绩效指标(90分) with 产出 60 / 效益 30), and a warning on every
            // correct form of theirs would be a false alarm.
            expected_level1: BTreeMap::new(),
            step: StepMode::Proportional,
            rules: BTreeMap::new(),
            budget_score: BudgetScore::Proportional,
            columns: BTreeMap::new(),
            limits: crate::read::Limits::default(),
            sample: crate::sample::SampleConfig::default(),
            history: crate::history::HistoryConfig::default(),
        }
    }
}

impl Config {
    /// Rounds a score to the configured places with the configured mode, normalised.
    ///
    /// This is the only rounding function of the crate.
    pub fn round(&self, d: Decimal) -> Decimal {
        self.scoring().round(d)
    }

    /// How rules settle their numbers under this configuration: its step mode and rounding.
    pub fn scoring(&self) -> Scoring {
        Scoring {
            step: self.step,
            places: self.places,
            rounding: self.rounding,
            ..Scoring::default()
        }
    }

    /// The grade of a total score: the first band whose `min` the score reaches.
    pub fn grade(&self, score: Decimal) -> Option<&str> {
        self.grades
            .iter()
            .find(|b| score >= b.min)
            .map(|b| b.name.as_str())
    }

    /// The expected weight of a level1 name, if the configuration fixes one.
    pub fn expected_level1_weight(&self, name: &str) -> Option<Decimal> {
        self.expected_level1.get(&normalize_title(name)).copied()
    }

    /// The county's criterion for an indicator, if `[[rule]]` names it.
    pub fn rule_for(&self, indicator: &str) -> Option<&str> {
        self.rules
            .get(&normalize_title(indicator))
            .map(String::as_str)
    }

    /// The county's extra column titles for a role, already normalised as [`normalize_title`]
    /// does; empty when none.
    pub fn extra_titles(&self, role: Role) -> &[String] {
        self.columns.get(&role).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The role of a raw column title that `[columns]` names, if any. The title is normalised
    /// first, as [`normalize_title`] does.
    pub fn extra_role_of_title(&self, raw: &str) -> Option<Role> {
        if self.columns.is_empty() {
            return None;
        }
        let t = normalize_title(raw);
        if t.is_empty() {
            return None;
        }
        self.columns
            .iter()
            .find(|(_, titles)| titles.contains(&t))
            .map(|(role, _)| *role)
    }

    /// The county's rule for the 得分 of a self-evaluation budget block (`budget_score`):
    /// 分值 × 执行率 (a degree in percent, capped at 分值) or its threshold text as understood.
    pub fn budget_rule(&self) -> Rule {
        match &self.budget_score {
            BudgetScore::Proportional => Rule::Proportional(Proportional {
                basis: Basis::Degree,
            }),
            BudgetScore::Threshold { rule, .. } => rule.clone(),
        }
    }

    /// The reviewed 得分 of a self-evaluation budget block, by [`Config::budget_rule`] scored
    /// with [`crate::rule::score::score`]: `weight` is its 分值, `rate` its 执行率 in percent
    /// (92 for 92%). Not rounded (round with [`Config::round`]). `None` only if the rule cannot
    /// score a rate, which `budget_score` never allows.
    pub fn budget_score(&self, weight: Decimal, rate: Decimal) -> Option<Decimal> {
        let rate = Inputs {
            actual: Some(Measure {
                value: rate,
                unit: Some(Unit::Percent),
                cmp: None,
            }),
            ..Inputs::default()
        };
        score(&self.budget_rule(), weight, &rate, &self.scoring())
            .ok()
            .map(|s| s.score)
    }

    /// The configuration for a command: `explicit` (`--config FILE`) if given, else the
    /// `jixiao.toml` found next to the inputs ([`find_config`]), else the defaults. Also
    /// returns the file read, if any.
    ///
    /// # Errors
    /// [`ConfigError`]: the file cannot be read, or is not a valid configuration (the line and
    /// the key or value in question).
    pub fn load(
        explicit: Option<&Path>,
        inputs: &[PathBuf],
    ) -> Result<(Config, Option<PathBuf>), ConfigError> {
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => find_config(inputs),
        };
        match path {
            Some(p) => Ok((Config::from_file(&p)?, Some(p))),
            None => Ok((Config::default(), None)),
        }
    }

    /// Reads a `jixiao.toml`, on top of the defaults.
    ///
    /// # Errors
    /// [`ConfigError::Io`] when the file cannot be read; [`ConfigError::Invalid`] for a syntax
    /// error, an unknown key or a bad value, with its line.
    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|error| ConfigError::Io {
            path: path.to_path_buf(),
            error,
        })?;
        Config::from_toml(&text).map_err(|e| e.in_file(path))
    }

    /// Parses configuration text (see the module doc) on top of the defaults.
    ///
    /// # Errors
    /// [`ConfigTextError`]: the line of the offending key or value, and what is wrong with it.
    pub fn from_toml(text: &str) -> Result<Config, ConfigTextError> {
        let Strict(raw) = toml::from_str::<Strict<RawConfig>>(text)
            .map_err(|e| ConfigTextError::at(text, e.span(), e.message().trim()))?;
        raw.into_config()
            .map_err(|e| ConfigTextError::at(text, Some(e.span()), e.into_inner()))
    }

    /// This configuration as a commented, valid `jixiao.toml` that reads back to it
    /// (`jixiao config --default` prints the defaults this way).
    pub fn to_toml(&self) -> String {
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let n = |d: Decimal| fmt_dec(d.normalize());
        let mut o = String::new();
        o.push_str(
            "# jixiao.toml — 县级复核规则（jixiao 绩效评价表复核工具）\n\
             # 放在输入文件夹内（或其上一级文件夹），或用 --config 指定。所有键都可省略，省略即用默认值。\n\
             # 未知的键和不合法的值会使 jixiao 以退出码 2 停止，并指出文件、行号和键名。\n\n",
        );
        o.push_str("# 一级指标权重合计应等于的总分（W101）\n");
        o.push_str(&format!("total_weight = {}\n\n", n(self.total_weight)));
        let step = match self.step {
            StepMode::Proportional => "proportional",
            StepMode::Floor => "floor",
            StepMode::Ceil => "ceil",
        };
        o.push_str(
            "# 阈值扣分中不足一档的差距怎样计：proportional 按比例（差 2.5 个百分点、每 1 个百分点扣 0.5 分 → 扣 1.25 分），\n\
             # floor 只计完整的档（扣 1 分），ceil 不足一档按一档计（扣 1.5 分）\n",
        );
        o.push_str(&format!("step = {}\n\n", q(step)));
        o.push_str(
            "# 自评表“预算执行率”的得分：proportional 为 分值 × 执行率（不超过分值）；\n\
             # 也可以写一条阈值评分标准，例如\n\
             # budget_score = \"预算执行率95%以上，得满分；低于95%，每下降1%扣权重的1%；60%以下，不计分\"\n",
        );
        let budget = match &self.budget_score {
            BudgetScore::Proportional => "proportional",
            BudgetScore::Threshold { text, .. } => text.as_str(),
        };
        o.push_str(&format!("budget_score = {}\n\n", q(budget)));
        o.push_str("[rounding]\n");
        o.push_str("# 得分保留的小数位数（0 到 6）\n");
        o.push_str(&format!("places = {}\n", self.places));
        o.push_str("# half_up 四舍五入（同 Excel 的 ROUND），truncate 直接截去多余的位数\n");
        o.push_str(&format!("mode = {}\n\n", q(self.rounding.key())));
        o.push_str(
            "# 等级：得分不低于 min 的得该等级（财预〔2020〕10号：优 ≥ 90，良 ≥ 80，中 ≥ 60，差 < 60）；\n\
             # 最低一档的 min 必须为 0\n",
        );
        for g in &self.grades {
            o.push_str(&format!(
                "[[grade]]\nname = {}\nmin = {}\n",
                q(&g.name),
                n(g.min)
            ));
        }
        o.push('\n');
        o.push_str(
            "# 规定的一级指标权重：某项目的同名一级指标权重不同时提示 W104。默认不规定（各省的自评表\n\
             # 权重不尽相同）；按财预〔2020〕10号对单位自评的规定，可写产出 50、效益 30、满意度 10：\n\
             [expected_level1]\n",
        );
        if self.expected_level1.is_empty() {
            o.push_str("# \"产出指标\" = 50\n# \"效益指标\" = 30\n# \"满意度指标\" = 10\n");
        }
        for (k, v) in &self.expected_level1 {
            o.push_str(&format!("{} = {}\n", q(k), n(*v)));
        }
        o.push('\n');
        o.push_str("# 各列可以识别的额外列标题（在内置标题之外），例如 score = [\"核定得分\"]。\n");
        // The keys with their canonical titles, four, five and four to a line.
        let keys = |roles: &[Role]| -> String {
            let pairs: Vec<String> = roles
                .iter()
                .map(|r| format!("{} {}", r.key(), r.title()))
                .collect();
            pairs.join(", ")
        };
        let (first, rest) = Role::ALL.split_at(4);
        let (second, third) = rest.split_at(5);
        o.push_str(&format!(
            "# 可用的键：{},\n# {},\n# {}\n[columns]\n",
            keys(first),
            keys(second),
            keys(third)
        ));
        if self.columns.is_empty() {
            o.push_str("# score = [\"核定得分\"]\n");
        }
        for (role, titles) in &self.columns {
            let list: Vec<String> = titles.iter().map(|t| q(t)).collect();
            o.push_str(&format!("{} = [{}]\n", role.key(), list.join(", ")));
        }
        o.push('\n');
        let l = &self.limits;
        o.push_str(&format!(
            "# 单个文件的上限，超过即按无法读取（S001）报告：文件大小、解压后总大小（MiB）、\n\
             # 压缩比（防压缩炸弹）、单元格数；以及同时复核的文件可用的内存（MiB，0 表示物理内存的四分之一）\n\
             [limits]\nmax_file_mib = {}\nmax_unpacked_mib = {}\nmax_ratio = {}\nmax_cells = {}\nmemory_budget_mib = {}\n\n",
            l.max_file_mib, l.max_unpacked_mib, l.max_ratio, l.max_cells, l.memory_budget_mib
        ));
        let sm = &self.sample;
        o.push_str(
            "# 抽查复核（--sample 20% 或 --sample 15）：每个项目的风险分是各项风险的事实（0 到 1）乘以这里的权重之和。\n\
             # funds 资金量（预算数 ÷ 全县最大项目的预算数）；overstated 自评偏高（自评总分 − 复核总分，高 5 分及以上计满）；\n\
             # errors 错误条数（5 条及以上计满）；high_score_low_efficiency 高分低效（自评为最好的两个等级，但预算执行率\n\
             # 低于 execution_line%，或 2 个以上产出指标失分）；manual 无法复核的分值占比；no_reasons 自评 98 分以上却有\n\
             # 扣分没写原因；unreadable 文件无法读取。by_risk 是按风险排名抽取的比例（0 到 1），其余随机抽取；\n\
             # every_department = true 时每个部门至少抽一个项目；min_funds_share 为抽中项目预算合计占全县的最低比例（0 到 1）。\n\
             # late 逾期修改：工作簿记录的最后保存时间晚于 deadline（报送截止日期，如 \"2025-03-31\"；空为不设）。\n\
             [sample]\n",
        );
        for part in crate::sample::Part::ALL {
            o.push_str(&format!(
                "{} = {}\n",
                part.key(),
                n(sm.weights.get(&part).copied().unwrap_or_default())
            ));
        }
        o.push_str(&format!(
            "by_risk = {}\nexecution_line = {}\nevery_department = {}\nmin_funds_share = {}\ndeadline = {}\n\n",
            n(sm.by_risk),
            n(sm.execution_line),
            sm.every_department,
            n(sm.min_funds_share),
            q(&sm.deadline.map(|d| d.to_string()).unwrap_or_default())
        ));
        let h = &self.history;
        o.push_str(
            "# 年度对比（--previous 上年的 report.json，或 jixiao compare）：结果应用建议，按最新一年的复核等级；\n\
             # falling 为复核得分连续两年下降时加在前面的提示。只是建议，不是决定。\n\
             [application]\n",
        );
        for g in &self.grades {
            if let Some(t) = h.by_grade.get(&g.name) {
                o.push_str(&format!("{} = {}\n", q(&g.name), q(t)));
            }
        }
        o.push_str(&format!("falling = {}\n\n", q(&h.falling)));
        o.push_str(
            "# 名称变化较大、无法自动对上的同一项目，可以手工指定（old 为上一年的项目名称，new 为下一年的）：\n",
        );
        if h.pins.is_empty() {
            o.push_str(
                "# [[match]]\n# old = \"农村饮水安全工程\"\n# new = \"农村供水保障工程\"\n\n",
            );
        }
        for (a, b) in &h.pins {
            o.push_str(&format!("[[match]]\nold = {}\nnew = {}\n\n", q(a), q(b)));
        }
        o.push_str(
            "# 按指标名称统一替换评价标准：该名称的每个三级指标都按这里的 text 复核（优先于表内的评价标准）。\n",
        );
        if self.rules.is_empty() {
            o.push_str(
                "# [[rule]]\n\
                 # indicator = \"资金到位率\"\n\
                 # text = \"资金到位率大于90%的得满分，每少5个百分点扣0.5分，扣完为止\"\n",
            );
        }
        for (k, v) in &self.rules {
            o.push_str(&format!(
                "[[rule]]\nindicator = {}\ntext = {}\n",
                q(k),
                q(v)
            ));
        }
        o
    }
}

/// The `jixiao.toml` that applies to these inputs when no `--config` is given: inside the
/// first INPUT folder (for an INPUT file, the folder it is in), else in that folder's parent.
pub fn find_config(inputs: &[PathBuf]) -> Option<PathBuf> {
    let first = inputs.first()?;
    let folder = if first.is_dir() {
        first.clone()
    } else {
        match first.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    };
    let here = folder.join(CONFIG_FILE_NAME);
    if here.is_file() {
        return Some(here);
    }
    let parent = std::fs::canonicalize(&folder)
        .ok()?
        .parent()?
        .join(CONFIG_FILE_NAME);
    parent.is_file().then_some(parent)
}

/// A value of the file that fails a check made after reading, at the value's span.
type Invalid = Spanned<String>;

/// The error `message` at `span`.
fn invalid<T>(span: Range<usize>, message: String) -> Result<T, Invalid> {
    Err(Spanned::new(span, message))
}

/// The whole file as read, before the checks. Every table is read through [`Strict`];
/// `deny_unknown_fields` stays as a backstop for a table that is not.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    total_weight: Option<Spanned<Dec>>,
    step: Option<StepMode>,
    rounding: Option<Strict<RawRounding>>,
    grade: Option<Spanned<Vec<Strict<RawGrade>>>>,
    expected_level1: Option<BTreeMap<String, Dec>>,
    rule: Option<Vec<Strict<RawRule>>>,
    budget_score: Option<RawBudget>,
    columns: Option<Strict<RawColumns>>,
    limits: Option<Strict<crate::read::Limits>>,
    sample: Option<Strict<RawSample>>,
    #[serde(rename = "match")]
    pins: Option<Vec<Strict<RawMatch>>>,
    application: Option<RawApplication>,
}

impl Table for RawConfig {
    const PLACE: &'static str = "顶层";
}

impl RawConfig {
    /// The configuration: the defaults, with what the file sets, checked table by table in
    /// the order of the fields.
    fn into_config(self) -> Result<Config, Invalid> {
        let mut cfg = Config::default();
        if let Some(t) = self.total_weight {
            let Dec(weight) = *t.get_ref();
            if weight <= Decimal::ZERO {
                return invalid(t.span(), format!("total_weight 必须大于 0，现为 {weight}"));
            }
            cfg.total_weight = weight;
        }
        if let Some(step) = self.step {
            cfg.step = step;
        }
        if let Some(Strict(r)) = self.rounding {
            r.apply(&mut cfg)?;
        }
        if let Some(grades) = self.grade {
            cfg.grades = grade_bands(grades)?;
        }
        if let Some(Strict(limits)) = self.limits {
            cfg.limits = limits;
        }
        if let Some(rules) = self.rule {
            cfg.rules = rule_texts(rules)?;
        }
        if let Some(exp) = self.expected_level1 {
            cfg.expected_level1 = exp
                .into_iter()
                .map(|(k, v)| (normalize_title(&k), v.0))
                .collect();
        }
        if let Some(b) = self.budget_score {
            cfg.budget_score = b.0;
        }
        if let Some(Strict(columns)) = self.columns {
            cfg.columns = columns.titles()?;
        }
        if let Some(Strict(sample)) = self.sample {
            sample.apply(&mut cfg.sample)?;
        }
        if let Some(pins) = self.pins {
            for Strict(m) in pins {
                let (old, new) = (m.old.get_ref().trim(), m.new.get_ref().trim());
                if old.is_empty() || new.is_empty() {
                    return invalid(m.old.span(), "[[match]] 的 old 和 new 都不能为空".into());
                }
                cfg.history.pins.push((old.to_string(), new.to_string()));
            }
        }
        if let Some(app) = self.application {
            for (key, text) in app.0 {
                if key == "falling" {
                    cfg.history.falling = text.into_inner();
                    continue;
                }
                if !cfg.grades.iter().any(|g| g.name == key) {
                    let names: Vec<&str> = cfg.grades.iter().map(|g| g.name.as_str()).collect();
                    return invalid(
                        text.span(),
                        format!(
                            "[application] 的键应为等级名称（{}）或 falling，现为“{key}”",
                            names.join("、")
                        ),
                    );
                }
                cfg.history.by_grade.insert(key, text.into_inner());
            }
        }
        Ok(cfg)
    }
}

/// `[rounding]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRounding {
    places: Option<Spanned<u32>>,
    mode: Option<RoundingMode>,
}

impl Table for RawRounding {
    const PLACE: &'static str = "[rounding] 中";
}

impl RawRounding {
    /// Sets the places (0 to 6) and the mode the table gives.
    fn apply(self, cfg: &mut Config) -> Result<(), Invalid> {
        if let Some(places) = self.places {
            let p = *places.get_ref();
            if p > 6 {
                return invalid(
                    places.span(),
                    format!("rounding.places 应在 0 到 6 之间，现为 {p}"),
                );
            }
            cfg.places = p;
        }
        if let Some(mode) = self.mode {
            cfg.rounding = mode;
        }
        Ok(())
    }
}

/// One `[[grade]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrade {
    name: Spanned<String>,
    min: Spanned<Dec>,
}

impl Table for RawGrade {
    const PLACE: &'static str = "[[grade]] 中";
}

/// The grade bands of the `[[grade]]` tables, highest first: at least one, names not empty,
/// no name or min twice, the lowest min 0.
fn grade_bands(grades: Spanned<Vec<Strict<RawGrade>>>) -> Result<Vec<GradeBand>, Invalid> {
    if grades.get_ref().is_empty() {
        return invalid(grades.span(), "grade 至少需要一个等级".into());
    }
    // Each band with the span of its min, for the check of the lowest.
    let mut bands: Vec<(GradeBand, Range<usize>)> = Vec::new();
    for Strict(g) in grades.into_inner() {
        let (name_span, min_span) = (g.name.span(), g.min.span());
        let (name, Dec(min)) = (g.name.into_inner(), g.min.into_inner());
        if name.trim().is_empty() {
            return invalid(name_span, "grade 的 name 为空".into());
        }
        if bands.iter().any(|(b, _)| b.min == min || b.name == name) {
            return invalid(
                name_span,
                format!("grade “{name}”（min = {min}）与另一档重复"),
            );
        }
        bands.push((GradeBand { name, min }, min_span));
    }
    bands.sort_by_key(|(b, _)| std::cmp::Reverse(b.min));
    if let Some((lowest, span)) = bands.last() {
        if lowest.min > Decimal::ZERO {
            return invalid(
                span.clone(),
                format!(
                    "grade 的最低一档 min 应为 0，现为 {}（低于它的得分将没有等级）",
                    lowest.min
                ),
            );
        }
    }
    Ok(bands.into_iter().map(|(b, _)| b).collect())
}

/// One `[[rule]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    indicator: Spanned<String>,
    text: Spanned<String>,
}

impl Table for RawRule {
    const PLACE: &'static str = "[[rule]] 中";
}

/// The criterion texts of the `[[rule]]` tables by normalised indicator name; neither the
/// text nor the name may be empty.
fn rule_texts(rules: Vec<Strict<RawRule>>) -> Result<BTreeMap<String, String>, Invalid> {
    let mut texts = BTreeMap::new();
    for Strict(r) in rules {
        if r.text.get_ref().trim().is_empty() {
            return invalid(
                r.text.span(),
                format!(
                    "[[rule]] indicator = \"{}\" 的 text 为空",
                    r.indicator.get_ref()
                ),
            );
        }
        let name = normalize_title(r.indicator.get_ref());
        if name.is_empty() {
            return invalid(r.indicator.span(), "[[rule]] 的 indicator 为空".into());
        }
        texts.insert(name, r.text.into_inner());
    }
    Ok(texts)
}

/// `[columns]`: extra titles by role, each with its span.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
struct RawColumns(BTreeMap<Role, Vec<Spanned<String>>>);

impl Table for RawColumns {
    const PLACE: &'static str = "[columns] 中";
    const MAP_KEYS: &'static [&'static str] = Role::KEYS;
}

impl RawColumns {
    /// The titles by role, normalised, each once; a role left without titles has no entry.
    /// No title may be empty or listed under two roles (reported at the later of the two).
    fn titles(self) -> Result<BTreeMap<Role, Vec<String>>, Invalid> {
        let mut seen: BTreeMap<String, (Role, Range<usize>)> = BTreeMap::new();
        let mut columns = BTreeMap::new();
        for (role, titles) in self.0 {
            let key = role.key();
            let mut list = Vec::new();
            for title in titles {
                let span = title.span();
                let t = normalize_title(title.get_ref());
                if t.is_empty() {
                    return invalid(span, format!("columns.{key} 中有空的列标题"));
                }
                match seen.get(&t) {
                    Some((other, other_span)) if *other != role => {
                        let later = if other_span.start > span.start {
                            other_span.clone()
                        } else {
                            span
                        };
                        let other = other.key();
                        return invalid(
                            later,
                            format!("列标题“{t}”同时列在 columns.{other} 和 columns.{key} 中"),
                        );
                    }
                    Some(_) => {}
                    None => {
                        seen.insert(t.clone(), (role, span));
                    }
                }
                if !list.contains(&t) {
                    list.push(t);
                }
            }
            if !list.is_empty() {
                columns.insert(role, list);
            }
        }
        Ok(columns)
    }
}

impl Table for crate::read::Limits {
    const PLACE: &'static str = "[limits] 中";
}

/// `[[match]]`: two names of one project in consecutive years, paired by hand.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMatch {
    old: Spanned<String>,
    new: Spanned<String>,
}

impl Table for RawMatch {
    const PLACE: &'static str = "[[match]] 中";
}

/// `[application]`: 结果应用 suggestion by grade name, and `falling`.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
struct RawApplication(BTreeMap<String, Spanned<String>>);

/// `[sample]`: the weights of the risk parts and the selection rules of `--sample`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSample {
    funds: Option<Spanned<Dec>>,
    overstated: Option<Spanned<Dec>>,
    errors: Option<Spanned<Dec>>,
    high_score_low_efficiency: Option<Spanned<Dec>>,
    manual: Option<Spanned<Dec>>,
    no_reasons: Option<Spanned<Dec>>,
    unreadable: Option<Spanned<Dec>>,
    by_risk: Option<Spanned<Dec>>,
    execution_line: Option<Spanned<Dec>>,
    every_department: Option<bool>,
    min_funds_share: Option<Spanned<Dec>>,
    late: Option<Spanned<Dec>>,
    deadline: Option<Spanned<String>>,
}

impl Table for RawSample {
    const PLACE: &'static str = "[sample] 中";
}

impl RawSample {
    fn apply(self, s: &mut crate::sample::SampleConfig) -> Result<(), Invalid> {
        use crate::sample::Part;
        let within = |v: Option<Spanned<Dec>>,
                      key: &str,
                      low: Decimal,
                      high: Decimal|
         -> Result<Option<Decimal>, Invalid> {
            match v {
                None => Ok(None),
                Some(v) => {
                    let Dec(d) = *v.get_ref();
                    if d < low || d > high {
                        return invalid(
                            v.span(),
                            format!("{key} 应在 {low} 到 {high} 之间，现为 {d}"),
                        );
                    }
                    Ok(Some(d))
                }
            }
        };
        let big = Decimal::from(1000);
        for (part, v) in [
            (Part::Funds, self.funds),
            (Part::Overstated, self.overstated),
            (Part::Errors, self.errors),
            (Part::HighScoreLowEfficiency, self.high_score_low_efficiency),
            (Part::Manual, self.manual),
            (Part::NoReasons, self.no_reasons),
            (Part::Unreadable, self.unreadable),
            (Part::Late, self.late),
        ] {
            if let Some(w) = within(v, part.key(), Decimal::ZERO, big)? {
                s.weights.insert(part, w);
            }
        }
        if let Some(d) = within(self.by_risk, "by_risk", Decimal::ZERO, Decimal::ONE)? {
            s.by_risk = d;
        }
        if let Some(d) = within(
            self.execution_line,
            "execution_line",
            Decimal::ZERO,
            Decimal::ONE_HUNDRED,
        )? {
            s.execution_line = d;
        }
        if let Some(b) = self.every_department {
            s.every_department = b;
        }
        if let Some(d) = self.deadline {
            let text = d.get_ref().trim();
            s.deadline = if text.is_empty() {
                None
            } else {
                match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                    Ok(date) => Some(date),
                    Err(_) => {
                        return invalid(
                            d.span(),
                            format!("deadline 应为日期，如 \"2025-03-31\"，现为“{text}”"),
                        )
                    }
                }
            };
        }
        if let Some(d) = within(
            self.min_funds_share,
            "min_funds_share",
            Decimal::ZERO,
            Decimal::ONE,
        )? {
            s.min_funds_share = d;
        }
        Ok(())
    }
}

/// `budget_score`: `"proportional"` or a threshold criterion text, checked while parsing so
/// that a bad value is reported at its line.
#[derive(Debug)]
struct RawBudget(BudgetScore);

impl<'de> Deserialize<'de> for RawBudget {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let t = text.trim();
        if t.eq_ignore_ascii_case("proportional") || t == "分值×执行率" {
            return Ok(RawBudget(BudgetScore::Proportional));
        }
        match crate::rule::parse::parse_rule(t) {
            rule @ Rule::Threshold(crate::rule::Threshold {
                limit: Limit::Value(_),
                ..
            }) => Ok(RawBudget(BudgetScore::Threshold {
                text: t.to_string(),
                rule,
            })),
            other => Err(de::Error::custom(format!(
                "budget_score 应为 \"proportional\" 或一条阈值评分标准（如“预算执行率95%以上，得满分；低于95%，每下降1%扣权重的1%；60%以下，不计分”），“{t}”被理解为 {}",
                other.kind()
            ))),
        }
    }
}

/// A decimal written in TOML as an integer, a float or a string.
#[derive(Debug)]
struct Dec(Decimal);

impl<'de> Deserialize<'de> for Dec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Dec;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("一个数字，例如 90 或 \"92.5\"")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Dec, E> {
                Ok(Dec(Decimal::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Dec, E> {
                Ok(Dec(Decimal::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Dec, E> {
                crate::read::clean_float(v)
                    .map(Dec)
                    .ok_or_else(|| E::custom(format!("数字 {v} 超出范围")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Dec, E> {
                v.trim()
                    .parse::<Decimal>()
                    .map(|d| Dec(d.normalize()))
                    .map_err(|_| E::custom(format!("“{v}”不是数字")))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn default_grades_follow_10hao() {
        let c = Config::default();
        assert_eq!(c.grade(dec("95.4")), Some("优"));
        assert_eq!(c.grade(dec("90")), Some("优"));
        assert_eq!(c.grade(dec("89.99")), Some("良"));
        assert_eq!(c.grade(dec("80")), Some("良"));
        assert_eq!(c.grade(dec("60")), Some("中"));
        assert_eq!(c.grade(dec("59.99")), Some("差"));
        assert_eq!(c.grade(dec("0")), Some("差"));
    }

    #[test]
    fn rounding_is_half_up_to_two_places_by_default() {
        let c = Config::default();
        assert_eq!(c.round(dec("8.345")), dec("8.35"));
        assert_eq!(c.round(dec("-8.345")), dec("-8.35"));
        assert_eq!(c.round(dec("95.40")).to_string(), "95.4");
        let t = Config::from_toml("[rounding]\nmode = \"truncate\"\n").unwrap();
        assert_eq!(t.round(dec("8.349")), dec("8.34"));
    }

    #[test]
    fn county_bands_override_the_defaults() {
        let c = Config::from_toml(
            "[[grade]]\nname = \"A\"\nmin = 85\n[[grade]]\nname = \"B\"\nmin = \"0\"\n",
        )
        .unwrap();
        assert_eq!(c.grade(dec("86")), Some("A"));
        assert_eq!(c.grade(dec("84.9")), Some("B"));
    }

    #[test]
    fn limits_come_from_the_config() {
        let c = Config::from_toml("[limits]\nmax_cells = 1000\nmax_file_mib = 8\n").unwrap();
        assert_eq!(c.limits.max_cells, 1000);
        assert_eq!(c.limits.max_file_mib, 8);
        assert_eq!(c.limits.max_ratio, crate::read::Limits::default().max_ratio);
        assert_eq!(
            c.limits.memory_budget_mib, 0,
            "0: a quarter of physical memory"
        );
        let c = Config::from_toml("[limits]\nmemory_budget_mib = 400\n").unwrap();
        assert_eq!(c.limits.memory_budget_mib, 400);
        assert!(Config::from_toml("[limits]\nmax_cels = 1\n").is_err());
        assert_eq!(
            Config::from_toml(&Config::default().to_toml()).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn rule_overrides_by_indicator_name() {
        let c = Config::from_toml(
            "[[rule]]\nindicator = \"资金到位率（1分）\"\ntext = \"到位率≥95%得满分，每低1个百分点扣0.1分\"\n",
        )
        .unwrap();
        assert_eq!(
            c.rule_for("资金到位率"),
            Some("到位率≥95%得满分，每低1个百分点扣0.1分")
        );
        assert_eq!(c.rule_for("到位及时率"), None);
    }

    #[test]
    fn bad_config_names_line_and_key() {
        let err = Config::from_toml("total_weight = 100\ncolour = 3\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("第2行"), "{err}");
        assert!(err.contains("colour"), "{err}");
        let err = Config::from_toml("total_weight = \"百\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("不是数字"), "{err}");
        let err = Config::from_toml("[[grade]]\nname = \"优\"\nmin = 90\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("最低一档"), "{err}");
    }

    #[test]
    fn defaults_print_as_a_config_that_reads_back() {
        let text = Config::default().to_toml();
        assert_eq!(Config::from_toml(&text).unwrap(), Config::default());
        let county = Config::from_toml(
            "total_weight = 90\nstep = \"ceil\"\nbudget_score = \"预算执行率95%以上，得满分；低于95%，每下降1%扣权重的1%；60%以下，不计分\"\n\
             [rounding]\nplaces = 1\nmode = \"truncate\"\n[[grade]]\nname = \"A\"\nmin = 85.5\n[[grade]]\nname = \"B\"\nmin = 0\n\
             [columns]\nscore = [\"核定 得分\"]\nweight = [\"标准分值\", \"权重分\"]\n\
             [[rule]]\nindicator = \"资金到位率\"\ntext = \"资金到位率≥95%得满分，每低1个百分点扣0.5分\"\n",
        )
        .unwrap();
        assert_eq!(Config::from_toml(&county.to_toml()).unwrap(), county);
    }

    #[test]
    fn extra_column_titles_are_normalised_per_role() {
        let c =
            Config::from_toml("[columns]\nscore = [\"核定得分（分）\", \" 复核 得分\"]\n").unwrap();
        assert_eq!(c.extra_titles(Role::Score), ["核定得分", "复核得分"]);
        assert!(c.extra_titles(Role::Weight).is_empty());
        assert_eq!(c.extra_role_of_title("核定\n得分(分)"), Some(Role::Score));
        assert_eq!(c.extra_role_of_title("得分"), None);
        let err = Config::from_toml("[columns]\nscore = [\"a\"]\nscroe = [\"b\"]\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("第3行") && err.contains("scroe"), "{err}");
        let err = Config::from_toml("[columns]\nscore = [\"核定分\"]\nweight = [\"核定分\"]\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("第3行") && err.contains("核定分"), "{err}");
    }

    #[test]
    fn budget_score_proportional_or_threshold() {
        let c = Config::default();
        assert_eq!(c.budget_score(dec("10"), dec("92")), Some(dec("9.2")));
        assert_eq!(c.budget_score(dec("10"), dec("105")), Some(dec("10")));
        let t = Config::from_toml(
            "budget_score = \"预算执行率95%以上，得满分；低于95%，每下降1%扣权重的1%；60%以下，不计分\"\n",
        )
        .unwrap();
        assert_eq!(t.budget_score(dec("10"), dec("96")), Some(dec("10")));
        assert_eq!(
            t.budget_score(dec("10"), dec("90")).map(|s| t.round(s)),
            Some(dec("9.5"))
        );
        assert_eq!(t.budget_score(dec("10"), dec("59")), Some(dec("0")));
        let err = Config::from_toml("step = \"floor\"\nbudget_score = \"酌情扣分\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("第2行") && err.contains("budget_score"),
            "{err}"
        );
    }

    #[test]
    fn bad_values_after_parsing_still_name_their_line() {
        let err = Config::from_toml("step = \"floor\"\ntotal_weight = 0\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("第2行") && err.contains("total_weight"),
            "{err}"
        );
        let err = Config::from_toml("[rounding]\nmode = \"half_up\"\nplaces = 9\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("第3行") && err.contains("places"), "{err}");
        let err = Config::from_toml("[rounding]\nmode = \"nearest\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("第2行"), "{err}");
        let err = Config::from_toml("[[rule]]\nindicator = \"x\"\ntext = \"\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("第3行") && err.contains("text"), "{err}");
        let err = Config::from_toml(
            "[[grade]]\nname = \"优\"\nmin = 90\n[[grade]]\nname = \"差\"\nmin = 90\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("重复"), "{err}");
    }

    /// The line and the message of the error a configuration text gives.
    fn failure(text: &str) -> (usize, String) {
        let e = Config::from_toml(text).unwrap_err();
        assert_eq!(e.to_string(), format!("第{}行：{}", e.line, e.message));
        (e.line, e.message)
    }

    #[test]
    fn sample_weights_and_rules_are_read_and_checked() {
        let c = Config::from_toml(
            "[sample]\nfunds = 40\nby_risk = 0.7\nevery_department = true\nmin_funds_share = \"0.3\"\n",
        )
        .unwrap();
        assert_eq!(
            c.sample.weights[&crate::sample::Part::Funds],
            Decimal::from(40)
        );
        assert_eq!(
            c.sample.weights[&crate::sample::Part::Errors],
            Decimal::from(15)
        );
        assert_eq!(c.sample.by_risk, Decimal::new(7, 1));
        assert!(c.sample.every_department);
        assert_eq!(c.sample.min_funds_share, Decimal::new(3, 1));
        assert_eq!(
            failure("[sample]\nby_risk = 2\n"),
            (2, "by_risk 应在 0 到 1 之间，现为 2".into())
        );
        assert!(failure("[sample]\nrisk = 1\n")
            .1
            .contains("[sample] 中可用的键"));
        // The printed defaults read back to the defaults.
        let d = Config::default();
        assert_eq!(Config::from_toml(&d.to_toml()).unwrap().sample, d.sample);
    }

    #[test]
    fn pinned_pairs_and_application_are_read_and_checked() {
        let c = Config::from_toml(
            "[application]\n\"中\" = \"约谈\"\nfalling = \"列入重点评价\"\n[[match]]\nold = \"甲\"\nnew = \"乙\"\n",
        )
        .unwrap();
        assert_eq!(c.history.by_grade["中"], "约谈");
        assert_eq!(c.history.by_grade["优"], "优先保障");
        assert_eq!(c.history.falling, "列入重点评价");
        assert_eq!(c.history.pins, [("甲".to_string(), "乙".to_string())]);
        let (line, message) = failure("[application]\n\"甲等\" = \"x\"\n");
        assert_eq!(line, 2);
        assert!(
            message.contains("等级名称（优、良、中、差）或 falling"),
            "{message}"
        );
        let d = Config::default();
        assert_eq!(Config::from_toml(&d.to_toml()).unwrap().history, d.history);
    }

    #[test]
    fn an_unknown_key_names_its_own_line_and_the_keys_allowed_there() {
        assert_eq!(
            failure("total_weight = 100\n\ncolour = 3\n"),
            (
                3,
                "未知的键“colour”（顶层可用的键：total_weight、step、rounding、grade、\
                 expected_level1、rule、budget_score、columns、limits、sample、match、application）"
                    .into()
            )
        );
        assert_eq!(
            failure("[columns]\nscore = [\"a\"]\n\nscroe = [\"b\"]\n"),
            (
                4,
                "未知的键“scroe”（[columns] 中可用的键：level1、level2、level3、explanation、\
                 criterion、target、actual、weight、score、deduction、reason、failed_items、rule）"
                    .into()
            )
        );
        // A misspelt table is an unknown key of the top level, at its header.
        let (line, message) = failure("[rounding]\nplaces = 2\n[column]\nscore = [\"a\"]\n");
        assert_eq!(line, 3);
        assert!(message.starts_with("未知的键“column”（顶层可用的键："));
        // Every table, inline tables and later array entries included.
        for (text, line, message) in [
            (
                "[rounding]\nplaces = 2\n\nplace = 3\n",
                4,
                "未知的键“place”（[rounding] 中可用的键：places、mode）",
            ),
            (
                "[[grade]]\nname = \"A\"\nmin = 0\n[[grade]]\nname = \"B\"\nmn = 0\n",
                6,
                "未知的键“mn”（[[grade]] 中可用的键：name、min）",
            ),
            (
                "[[rule]]\nindicator = \"资金到位率\"\ntxt = \"…\"\n",
                3,
                "未知的键“txt”（[[rule]] 中可用的键：indicator、text）",
            ),
            (
                "[limits]\nmax_cells = 10\nmax_cels = 1\n",
                3,
                "未知的键“max_cels”（[limits] 中可用的键：max_file_mib、max_unpacked_mib、\
                 max_ratio、max_cells、memory_budget_mib）",
            ),
            (
                "step = \"floor\"\ncolumns = { score = [\"a\"], scroe = [\"b\"] }\n",
                2,
                "未知的键“scroe”（[columns] 中可用的键：level1、level2、level3、explanation、\
                 criterion、target、actual、weight、score、deduction、reason、failed_items、rule）",
            ),
        ] {
            assert_eq!(failure(text), (line, message.to_string()), "{text}");
        }
    }

    #[test]
    fn a_value_that_fails_a_check_names_its_own_line() {
        for (text, line, message) in [
            (
                "step = \"floor\"\n\ntotal_weight = 0\n",
                3,
                "total_weight 必须大于 0，现为 0",
            ),
            (
                "[rounding]\nmode = \"half_up\"\nplaces = 9\n",
                3,
                "rounding.places 应在 0 到 6 之间，现为 9",
            ),
            (
                "step = \"floor\"\ngrade = []\n",
                2,
                "grade 至少需要一个等级",
            ),
            (
                "[[grade]]\nname = \"优\"\nmin = 90\n[[grade]]\nname = \" \"\nmin = 0\n",
                5,
                "grade 的 name 为空",
            ),
            (
                "[[grade]]\nname = \"优\"\nmin = 90\n[[grade]]\nname = \"差\"\nmin = 90\n",
                5,
                "grade “差”（min = 90）与另一档重复",
            ),
            // The lowest band is the lowest min, wherever it is written.
            (
                "[[grade]]\nname = \"良\"\nmin = 80\n[[grade]]\nname = \"优\"\nmin = 90\n",
                3,
                "grade 的最低一档 min 应为 0，现为 80（低于它的得分将没有等级）",
            ),
            (
                "[[rule]]\nindicator = \"x\"\n\ntext = \" \"\n",
                4,
                "[[rule]] indicator = \"x\" 的 text 为空",
            ),
            (
                "[[rule]]\ntext = \"满分\"\nindicator = \" \"\n",
                3,
                "[[rule]] 的 indicator 为空",
            ),
            (
                "[columns]\nscore = [\n  \"核定得分\",\n  \" \",\n]\n",
                4,
                "columns.score 中有空的列标题",
            ),
            // A title under two roles: at the later of the two, inside a list over lines too.
            (
                "[columns]\nscore = [\"核定分\"]\nweight = [\n  \"甲\",\n  \"核定分\",\n]\n",
                5,
                "列标题“核定分”同时列在 columns.weight 和 columns.score 中",
            ),
            // Checked while toml reads the value: toml's span.
            (
                "[expected_level1]\n\"产出指标\" = 50\n\"效益指标\" = \"三十\"\n",
                3,
                "“三十”不是数字",
            ),
        ] {
            assert_eq!(failure(text), (line, message.to_string()), "{text}");
        }
    }

    #[test]
    fn an_unreadable_file_names_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("县里").join(CONFIG_FILE_NAME);
        let err = Config::from_file(&path).unwrap_err();
        let ConfigError::Io { path: p, error } = &err else {
            panic!("{err:?}");
        };
        assert_eq!((p, error.kind()), (&path, std::io::ErrorKind::NotFound));
        assert_eq!(
            err.to_string(),
            format!("无法读取配置文件 {}：{error}", path.display())
        );
        // `--config` given: load passes the error on.
        assert!(matches!(
            Config::load(Some(&path), &[]),
            Err(ConfigError::Io { .. })
        ));
        // A file read but invalid: the path, the line, the message.
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "step = \"floor\"\ntotal_weight = 0\n").unwrap();
        let err = Config::from_file(&path).unwrap_err();
        assert!(
            matches!(&err, ConfigError::Invalid { path: p, line: 2, .. } if *p == path),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            format!(
                "配置文件 {} 第2行：total_weight 必须大于 0，现为 0",
                path.display()
            )
        );
    }

    #[test]
    fn config_is_found_next_to_the_input_folder() {
        let dir = tempfile::tempdir().unwrap();
        let inputs = dir.path().join("县财政局");
        std::fs::create_dir_all(inputs.join("部门")).unwrap();
        assert_eq!(find_config(std::slice::from_ref(&inputs)), None);
        std::fs::write(dir.path().join(CONFIG_FILE_NAME), "step = \"floor\"\n").unwrap();
        let parent = find_config(std::slice::from_ref(&inputs)).unwrap();
        assert!(parent.ends_with(CONFIG_FILE_NAME));
        std::fs::write(inputs.join(CONFIG_FILE_NAME), "step = \"ceil\"\n").unwrap();
        assert_eq!(
            find_config(std::slice::from_ref(&inputs)),
            Some(inputs.join(CONFIG_FILE_NAME))
        );
        // A file: the folder it is in.
        let file = inputs.join("表.xlsx");
        assert_eq!(
            find_config(std::slice::from_ref(&file)),
            Some(inputs.join(CONFIG_FILE_NAME))
        );
        // --config wins.
        let explicit = dir.path().join("other.toml");
        std::fs::write(&explicit, "total_weight = 90\n").unwrap();
        let (cfg, from) = Config::load(Some(&explicit), &[inputs]).unwrap();
        assert_eq!(from, Some(explicit));
        assert_eq!(cfg.total_weight, dec("90"));
    }
}
