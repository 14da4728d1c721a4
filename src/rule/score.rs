//! Scoring with a [`Rule`]: a row's inputs (实际完成值, 年度指标值, 不符合项) → the reviewed
//! score and a generated 扣分原因 with the numbers; and, without inputs, what a filed
//! deduction implies under the rule (reachable or not, which actual value it means).
//!
//! A bare number in 不符合项 (`3`, [`Failed::Bare`]) is ambiguous: item ③ or three items. Both
//! readings are scored and the one the filed score agrees with is taken ([`BareReading`]);
//! ambiguity never makes an error by itself.
//!
//! All arithmetic is exact decimal. A score comes back unrounded; [`Scoring::round`], the one
//! rounding function, is applied by the caller, and here only to the numbers a sentence shows
//! and to the bounds of a qualitative grade's band (a reviewer rounds 80% of 3.33 to 2.66).

use super::*;
use crate::text::{halfwidth, parse_number_text};

/// A number read from a target or actual cell: `88%`, `0.88`, `≥50个`, `4500人`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// The number as written.
    pub value: Decimal,
    /// The unit after the number, if any: [`Unit::Percent`] for `%` (or 百分比, 个百分点),
    /// else the word (`个`, `人`, `万元`).
    pub unit: Option<Unit>,
    /// A comparison sign written before the number.
    pub cmp: Option<Cmp>,
}

impl Measure {
    /// True when written as a percentage.
    pub fn is_percent(&self) -> bool {
        self.unit == Some(Unit::Percent)
    }
}

/// Reads a target or actual value: an optional comparison sign, a number, an optional unit.
/// Returns `None` for words (达成年度指标, 健全).
///
/// # Examples
/// ```
/// use jixiao::rule::score::parse_measure;
/// let m = parse_measure("≥50个").unwrap();
/// assert_eq!((m.value.to_string(), m.unit.map(|u| u.to_string())), ("50".into(), Some("个".into())));
/// assert!(parse_measure("88%").unwrap().is_percent());
/// assert!(parse_measure("达成年度指标").is_none());
/// ```
pub fn parse_measure(text: &str) -> Option<Measure> {
    let t: String = halfwidth(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let t = t
        .replace(">=", "≥")
        .replace("<=", "≤")
        .replace(['═', '﹦'], "=");
    let (cmp, rest) = [
        ("≥", Cmp::Ge),
        ("≤", Cmp::Le),
        (">", Cmp::Gt),
        ("<", Cmp::Lt),
        ("=", Cmp::Ge),
    ]
    .iter()
    .find_map(|(s, c)| t.strip_prefix(s).map(|r| (Some(*c), r)))
    .unwrap_or((None, t.as_str()));
    let num_end = rest
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == '-' || *c == ','))
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    let number = parse_number_text(&rest[..num_end])?;
    let unit = &rest[num_end..];
    // (The number is digits only, never a percentage: `%` is the unit. No unit at all is
    // `Unit::word("")`, none.)
    let unit = match unit {
        "%" | "百分比" | "个百分点" => Some(Unit::Percent),
        u if u.chars().count() <= 4 && !u.chars().any(|c| c.is_ascii_digit()) => Unit::word(u),
        _ => return None,
    };
    Some(Measure {
        value: number.value,
        unit,
        cmp,
    })
}

/// Failed items (不符合项) as written: `③`, `1,3`, `①③`, `第2项`, `3项`, a bare `3`, `严重`, `无`.
///
/// | written                         | read as                      |
/// |---------------------------------|------------------------------|
/// | `③`, `①③`, `1,3`, `1、3`, `第2项` | [`Failed::Items`]            |
/// | `3项`, `3个`, `3处`, `共3项`, `2.5` | [`Failed::Count`]            |
/// | `3`                             | [`Failed::Bare`]: item or count |
/// | `严重`                           | [`Failed::Serious`]          |
/// | `无`, `0`, `-`, `/`             | no failure (`Items(vec![])`) |
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failed {
    /// The numbers of the failed items (1-based).
    Items(Vec<u32>),
    /// A number of failed items or occurrences, written as one (`3项`, `3处`).
    Count(Decimal),
    /// A bare whole number (`3`): item ③, or three items. [`score`] scores both readings and
    /// takes the one the filed score agrees with (SPEC §4: ambiguity never makes an error).
    Bare(u32),
    /// 严重: the serious case of the criterion.
    Serious,
}

/// Counter words after a number that make it a count: `3项`, `3个`, `3处`, `3次`, `3条`,
/// and the days of a delay (`3天`).
const COUNTERS: [char; 15] = [
    '项', '个', '处', '次', '条', '笔', '份', '例', '件', '起', '家', '户', '篇', '天', '日',
];

/// Reads a 不符合项 cell. Empty text is `None` (no input); `无`/`0`/`-` is no failure.
///
/// # Examples
/// ```
/// use jixiao::rule::score::{parse_failed, Failed};
/// assert_eq!(parse_failed("3"), Some(Failed::Bare(3)));
/// assert_eq!(parse_failed("3项"), Some(Failed::Count(3.into())));
/// assert_eq!(parse_failed("第3项"), Some(Failed::Items(vec![3])));
/// assert_eq!(parse_failed("逾期3天"), Some(Failed::Count(3.into())));
/// assert_eq!(parse_failed("迟报2次"), Some(Failed::Count(2.into())));
/// ```
pub fn parse_failed(text: &str) -> Option<Failed> {
    let t: String = halfwidth(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if t.is_empty() {
        return None;
    }
    if t.contains("严重") {
        return Some(Failed::Serious);
    }
    if matches!(t.as_str(), "无" | "-" | "/" | "0" | "—" | "没有") {
        return Some(Failed::Items(Vec::new()));
    }
    let circled: Vec<u32> = t
        .chars()
        .filter_map(|c| {
            "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
                .chars()
                .position(|x| x == c)
                .map(|i| i as u32 + 1)
        })
        .collect();
    if !circled.is_empty() {
        return Some(Failed::Items(circled));
    }
    let parts: Vec<&str> = t
        .trim_start_matches('第')
        .trim_end_matches('项')
        .split([',', '、', ';', '，', '和', '/'])
        .map(|p| p.trim_start_matches('第').trim_end_matches('项'))
        .filter(|p| !p.is_empty())
        .collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse::<u32>().ok()).collect();
    if let Some(v) = numbers.filter(|v| v.len() > 1 || t.starts_with('第')) {
        return Some(Failed::Items(v));
    }
    // A number with a counter word (`3项`, `共3处`) is a count.
    // A few words may come first: `共3处`, `迟报2次`, `逾期3天`.
    let counted = t
        .strip_suffix(COUNTERS)
        .map(|b| b.trim_start_matches(|c: char| !c.is_ascii_digit() && c != '第'))
        // (`b` is shorter than `t` by the counter word at least.)
        .filter(|b| t.chars().count() - b.chars().count() <= 5)
        .and_then(parse_number_text)
        .filter(|n| !n.percent);
    if let Some(n) = counted {
        return Some(Failed::Count(n.value));
    }
    let n = parse_number_text(&t)?;
    Some(match u32::try_from(n.value.normalize().mantissa()) {
        _ if n.percent || n.value.normalize().scale() > 0 => Failed::Count(n.value),
        Ok(0) => Failed::Items(Vec::new()),
        Ok(k) => Failed::Bare(k),
        Err(_) => Failed::Count(n.value),
    })
}

/// What the row gives the rule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// 实际完成值 as a number, if it is one.
    pub actual: Option<Measure>,
    /// 实际完成值 as written (for grade words); `None` for an empty cell or a dash.
    pub actual_text: Option<String>,
    /// What the reason states, where `actual` was taken from it because the row has no
    /// 实际完成值 ([`super::reason`]).
    pub stated: Option<super::reason::Stated>,
    /// 年度指标值 as a number.
    pub target: Option<Measure>,
    /// 不符合项.
    pub failed: Option<Failed>,
    /// The filed score (a band given as a range accepts any filed score inside it).
    pub filed_score: Option<Decimal>,
    /// The indicator's name (三级指标), for the sentences of rules that name no metric (the
    /// self-evaluation form's).
    pub name: String,
}

/// A score computed by a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    /// The score, exact (not yet rounded).
    pub score: Decimal,
    /// The computation, for 评分依据 (`满意度88%，低于90%标准2个百分点……`).
    pub computation: String,
    /// True when a fraction such as 0.9552 was read as 95.52% (R307).
    pub fraction_read: bool,
    /// The actual value as the rule read it, in the rule's unit, where the review needs it
    /// (the self-evaluation form's R309).
    pub actual: Option<Decimal>,
    /// How a bare number in 不符合项 was read, when it was one ([`Failed::Bare`]).
    pub bare: Option<BareReading>,
    /// An assumption the score rests on (`评价标准未写明每项分值，按平均分配每项1分计`): the
    /// review reports it as R310 and never makes an error of it.
    pub assumption: Option<String>,
}

/// How a bare number in 不符合项 can be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadAs {
    /// As the number of one failed item: `3` is ③.
    Item,
    /// As a number of failed items or occurrences: `3` is 3项.
    Count,
}

/// A reading of a bare number that was not taken, scored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherReading {
    /// Which reading.
    pub read_as: ReadAs,
    /// Its score, exact.
    pub score: Decimal,
    /// Its computation.
    pub computation: String,
}

/// A bare number in 不符合项 ([`Failed::Bare`]) and the reading taken (SPEC §4): the one the
/// filed score agrees with; if both do, the item when the criterion lists its items, else the
/// count; if neither does, the same preference, and R301 names both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BareReading {
    /// The number as written.
    pub n: u32,
    /// The counter word of a count: 项, or a count rule's own (处, 次, 天).
    pub counter: String,
    /// The reading taken: the [`Scored`] this sits in is its score.
    pub taken: ReadAs,
    /// The other reading, when the rule can score it.
    pub other: Option<OtherReading>,
    /// True when the filed score agrees with neither reading (R301 names both).
    pub neither: bool,
    /// Which reading was taken and why, for 评分依据:
    /// `不符合项“3”按第3项计，与填报得分相符（按3项计则得0分）`.
    pub note: String,
}

impl BareReading {
    /// A reading in words: `按第3项计`, `按3项计`, `按3处计`.
    pub fn label(&self, read_as: ReadAs) -> String {
        match read_as {
            ReadAs::Item => format!("按第{}项计", self.n),
            ReadAs::Count => format!("按{}{}计", self.n, self.counter),
        }
    }
}

/// Why a rule gave no score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoScore {
    /// Scored by hand (manual rules).
    Manual,
    /// The inputs the rule needs are missing: what is missing, in words (R305).
    Missing(&'static str),
    /// The failed items name items the criterion does not list (R306).
    BadItems(String),
    /// The inputs do not fit the rule (a value in no band, an unknown grade word) (R303).
    Unfit(String),
    /// A qualitative grade's filed score lies outside its band, in points (R308).
    OutOfBand {
        /// The lowest score of the band.
        lower: Bound,
        /// The highest score of the band.
        upper: Bound,
    },
}

/// A number with its unit: `88%`, `12个`, `3`.
fn pct(d: Decimal, unit: &Option<Unit>) -> String {
    format!("{}{}", fmt_dec(d), unit_str(unit))
}

/// The actual value in the rule's unit, and whether a fraction was read as a percentage.
fn actual_in_unit(m: &Measure, percent_rule: bool, reference: Decimal) -> (Decimal, bool) {
    if percent_rule && !m.is_percent() && m.value <= Decimal::ONE && reference > Decimal::ONE {
        (m.value * Decimal::from(100), true)
    } else {
        (m.value, false)
    }
}

impl Threshold {
    fn limit_value(&self, target: Option<&Measure>) -> Option<Decimal> {
        match self.limit {
            Limit::Value(v) => Some(v),
            Limit::Target => target.map(|t| t.value),
        }
    }

    fn cost_per_step(&self, weight: Decimal) -> Decimal {
        match self.deduct {
            Deduct::Points(d) => d,
            Deduct::Share(s) => weight * s / Decimal::from(100),
        }
    }

    fn max_deduction(&self, weight: Decimal) -> Decimal {
        (weight - self.min_score.unwrap_or(Decimal::ZERO)).max(Decimal::ZERO)
    }

    /// The deduction at an actual value, with the number of steps counted.
    pub fn deduction_at(
        &self,
        actual: Decimal,
        limit: Decimal,
        weight: Decimal,
        mode: StepMode,
    ) -> Decimal {
        if let Some((zc, z)) = self.zero_line {
            if zc.holds(actual, z) {
                return weight;
            }
        }
        if self.cmp.holds(actual, limit) {
            return Decimal::ZERO;
        }
        let shortfall = (limit - actual).abs();
        let steps = shortfall.checked_div(self.step).unwrap_or_default();
        let steps = match mode {
            StepMode::Proportional => steps,
            StepMode::Floor => steps.floor(),
            StepMode::Ceil => steps.ceil(),
        };
        (steps * self.cost_per_step(weight)).min(self.max_deduction(weight))
    }

    fn cost_words(&self, weight: Decimal) -> String {
        match self.deduct {
            Deduct::Points(d) => format!("扣{}分", fmt_dec(d)),
            Deduct::Share(s) => format!(
                "扣权重的{}%（{}×{}%={}分）",
                fmt_dec(s),
                fmt_dec(weight),
                fmt_dec(s),
                fmt_dec(self.cost_per_step(weight))
            ),
        }
    }

    /// The sentence for an actual value: `社会公众满意度88%，低于90%标准2个百分点，每少1个百分点扣0.3分，扣0.6分`.
    pub fn sentence(
        &self,
        actual: Decimal,
        limit: Decimal,
        weight: Decimal,
        mode: StepMode,
    ) -> String {
        let metric = self.metric.as_deref().unwrap_or("实际完成值");
        let a = pct(actual, &self.unit);
        let l = pct(limit, &self.unit);
        let deduction = self.deduction_at(actual, limit, weight, mode);
        if let Some((zc, z)) = self.zero_line {
            if zc.holds(actual, z) {
                return format!(
                    "{metric}{a}，{}{}，此项不得分，扣{}分",
                    zc.sign(),
                    pct(z, &self.unit),
                    fmt_dec(weight)
                );
            }
        }
        if deduction.is_zero() {
            let side = if self.cmp == Cmp::Eq {
                "等于"
            } else if self.cmp.is_reverse() {
                "未超过"
            } else {
                "未低于"
            };
            return format!("{metric}{a}，{side}{l}标准，得满分");
        }
        let (side, every) = if self.cmp == Cmp::Eq {
            ("偏离", "每相差")
        } else if self.cmp.is_reverse() {
            ("高于", "每超过")
        } else {
            ("低于", "每少")
        };
        let shortfall = (limit - actual).abs();
        let steps_note = match mode {
            StepMode::Proportional => String::new(),
            StepMode::Floor => "（不足一档的部分不扣分）".into(),
            StepMode::Ceil => "（不足一档的部分按一档扣分）".into(),
        };
        // (A zero deduction returned above.)
        let capped = if deduction == self.max_deduction(weight) {
            "，扣完为止"
        } else {
            ""
        };
        format!(
            "{metric}{a}，{side}{l}标准{}，{every}{}{}{steps_note}，扣{}分{capped}",
            step_words(shortfall, &self.unit),
            step_words(self.step, &self.unit),
            self.cost_words(weight),
            fmt_dec(deduction)
        )
    }

    /// The actual value a filed deduction implies (forward: limit − shortfall), when the
    /// deduction lies strictly between 0 and the cap (proportional steps).
    pub fn implied_actual(
        &self,
        deduction: Decimal,
        limit: Decimal,
        weight: Decimal,
    ) -> Option<Decimal> {
        let cost = self.cost_per_step(weight);
        if deduction <= Decimal::ZERO
            || cost.is_zero()
            || deduction >= self.max_deduction(weight)
            || self.cmp == Cmp::Eq
        {
            return None; // A deviation may lie on either side.
        }
        let shortfall = deduction / cost * self.step;
        Some(if self.cmp.is_reverse() {
            limit + shortfall
        } else {
            limit - shortfall
        })
    }
}

fn item_label(n: u32) -> String {
    super::circled(n)
}

fn check_items(items: &[u32], listed: Option<u32>) -> Result<(), NoScore> {
    if let Some(n) = listed {
        let bad: Vec<String> = items
            .iter()
            .filter(|i| **i == 0 || **i > n)
            .map(|i| item_label(*i))
            .collect();
        if !bad.is_empty() {
            return Err(NoScore::BadItems(format!(
                "不符合项 {} 不在评价标准所列的 {n} 项（{}）之内",
                bad.join("、"),
                (1..=n).map(item_label).collect::<String>()
            )));
        }
    }
    Ok(())
}

fn award_score(award: Award, weight: Decimal, filed: Option<Decimal>) -> Decimal {
    match award {
        Award::Range(lo, hi) => match filed {
            Some(f) if f >= lo && f <= hi.min(weight) => f,
            Some(f) if f < lo => lo.min(weight),
            _ => hi.min(weight),
        },
        other => other.points(weight),
    }
}

/// Scores a row with a rule. The score is exact and within [0, weight]; rounding it is the
/// caller's ([`Scoring::round`]). A bare number in 不符合项 is scored as item n (when the
/// criterion lists at least n items) and as n items, and the reading the filed score agrees
/// with ([`Scoring::agrees`]) is taken; [`Scored::bare`] says which and why.
///
/// # Errors
/// [`NoScore`] when the rule is manual, inputs are missing, or the inputs do not fit.
pub fn score(
    rule: &Rule,
    weight: Decimal,
    inputs: &Inputs,
    scoring: &Scoring,
) -> Result<Scored, NoScore> {
    match (&inputs.failed, failed_terms(rule)) {
        (Some(Failed::Bare(n)), Some((listed, counter))) => {
            score_bare(rule, *n, listed, counter, weight, inputs, scoring)
        }
        _ => score_as_read(rule, weight, inputs, scoring),
    }
}

/// For the rules scored from 不符合项: how many items the criterion lists (if it does) and
/// the counter word of a count.
fn failed_terms(rule: &Rule) -> Option<(Option<u32>, String)> {
    match rule {
        Rule::Checklist(c) => Some((c.items, "项".into())),
        Rule::Additive(a) => Some((u32::try_from(a.items.len()).ok(), "项".into())),
        Rule::Share(sh) => Some((u32::try_from(sh.shares.len()).ok(), "项".into())),
        Rule::Count(c) => Some((None, c.unit.as_ref().map_or("处".into(), Unit::to_string))),
        _ => None,
    }
}

/// A bare number scored both ways — as item n (when the criterion lists at least n items)
/// and as n items — and the reading taken ([`BareReading`]).
fn score_bare(
    rule: &Rule,
    n: u32,
    listed: Option<u32>,
    counter: String,
    weight: Decimal,
    inputs: &Inputs,
    scoring: &Scoring,
) -> Result<Scored, NoScore> {
    let read = |failed: Failed| {
        let inputs = Inputs {
            failed: Some(failed),
            ..inputs.clone()
        };
        score_as_read(rule, weight, &inputs, scoring)
    };
    let item = read(Failed::Items(vec![n]));
    let count = read(Failed::Count(Decimal::from(n)));
    let mut bare = BareReading {
        n,
        counter,
        taken: ReadAs::Item,
        other: None,
        neither: false,
        note: String::new(),
    };
    let head = format!("不符合项“{n}”");
    let (mut taken, note) = match (item, count) {
        (Ok(item), Ok(count)) => {
            let agrees = |s: &Scored| {
                inputs
                    .filed_score
                    .is_some_and(|f| scoring.agrees(f, s.score))
            };
            let (i_fits, c_fits) = (agrees(&item), agrees(&count));
            let take_item = match (i_fits, c_fits) {
                (true, false) => true,
                (false, true) => false,
                _ => listed.is_some(),
            };
            let (taken, other, taken_as, other_as) = if take_item {
                (item, count, ReadAs::Item, ReadAs::Count)
            } else {
                (count, item, ReadAs::Count, ReadAs::Item)
            };
            bare.taken = taken_as;
            let (this, that) = (bare.label(taken_as), bare.label(other_as));
            let other_score = fmt_dec(scoring.round(other.score));
            let note = match (i_fits, c_fits) {
                (true, true) if listed.is_some() => {
                    format!("{head}{this}（{that}也与填报得分相符；评价标准列出了各项，取项号）")
                }
                (true, true) => {
                    format!("{head}{this}（{that}也与填报得分相符；评价标准未列出各项，取项数）")
                }
                (true, false) | (false, true) => {
                    format!("{head}{this}，与填报得分相符（{that}则得{other_score}分）")
                }
                _ if inputs.filed_score.is_none() => {
                    format!("{head}{this}（未填报得分，无从比对；{that}则得{other_score}分）")
                }
                _ => {
                    bare.neither = true;
                    let taken_score = fmt_dec(scoring.round(taken.score));
                    let (first, second) = if take_item {
                        ((&this, &taken_score), (&that, &other_score))
                    } else {
                        ((&that, &other_score), (&this, &taken_score))
                    };
                    format!(
                        "{head}{}得{}分、{}得{}分，都与填报得分不符；取{this}",
                        first.0, first.1, second.0, second.1
                    )
                }
            };
            bare.other = Some(OtherReading {
                read_as: other_as,
                score: other.score,
                computation: other.computation,
            });
            (taken, note)
        }
        (Ok(item), Err(why)) => {
            bare.taken = ReadAs::Item;
            let this = bare.label(ReadAs::Item);
            let why = match why {
                NoScore::Unfit(m) | NoScore::BadItems(m) => m,
                _ => "评价标准无法按项数计分".into(),
            };
            (item, format!("{head}{this}（不能按项数计：{why}）"))
        }
        (Err(_), Ok(count)) => {
            bare.taken = ReadAs::Count;
            let this = bare.label(ReadAs::Count);
            let why = match listed {
                Some(k) => format!("评价标准只列了{k}项，不会是第{n}项"),
                None => "不能按项号计".into(),
            };
            (count, format!("{head}{this}（{why}）"))
        }
        (Err(e), Err(_)) => return Err(e),
    };
    bare.note = note;
    taken.bare = Some(bare);
    Ok(taken)
}

/// The shares of the 要点 met; a 要点 listed in 不符合项 loses its share, or, with a
/// per-failure part, that part of its share each time it is listed. A count of 要点 (`2项`)
/// works only when the shares are equal and nothing is lost per failure.
fn score_share(sh: &Share, weight: Decimal, inputs: &Inputs) -> Result<Scored, NoScore> {
    let failed = inputs
        .failed
        .as_ref()
        .ok_or(NoScore::Missing("未满足的要点（不符合项）"))?;
    let n = sh.shares.len();
    let items: Vec<u32> = match failed {
        Failed::Items(items) => items.clone(),
        // (A bare number never comes here: [`score`] reads it as items or as a count first.)
        Failed::Count(c) if sh.per_failure.is_none() => {
            let c = *c;
            let equal = sh
                .shares
                .iter()
                .all(|f| f.of(weight) == sh.shares[0].of(weight));
            let whole = c.fract().is_zero() && c >= Decimal::ZERO && c <= Decimal::from(n as u64);
            if !(equal && whole) {
                return Err(NoScore::Unfit(format!(
                    "按要点计分的指标，不符合项应写出未满足的要点，如“③”；“{}”不能对应到评价标准所列的 {n} 个要点",
                    fmt_dec(c)
                )));
            }
            let c = u32::try_from(c.mantissa()).unwrap_or(0);
            (1..=c).collect()
        }
        _ => {
            return Err(NoScore::Unfit(
                "按要点计分的指标，不符合项应写出未满足的要点，如“③”或“1,3”".into(),
            ))
        }
    };
    check_items(&items, Some(n as u32))?;
    if let Some(g) = sh.gate.filter(|g| items.contains(&(*g as u32 + 1))) {
        let label = item_label(g as u32 + 1);
        return done(
            weight,
            Decimal::ZERO,
            format!("不具备要点{label}，该指标不得分"),
            false,
        );
    }
    let mut score = Decimal::ZERO;
    let mut lost = Vec::new();
    for (i, f) in sh.shares.iter().enumerate() {
        let label = item_label(i as u32 + 1);
        let times = items.iter().filter(|x| **x as usize == i + 1).count() as u64;
        let part = f.of(weight);
        let kept = match (times, sh.per_failure) {
            (0, _) => part,
            (_, None) => Decimal::ZERO,
            (t, Some(pf)) => (part - pf.of(part) * Decimal::from(t)).max(Decimal::ZERO),
        };
        if times > 0 {
            lost.push(format!(
                "要点{label}（占{f}）{}",
                if kept.is_zero() {
                    "不得分".to_string()
                } else {
                    format!("扣{}分", fmt_dec(round2(part - kept)))
                }
            ));
        }
        score += kept;
    }
    let computation = if lost.is_empty() {
        "各要点均满足，得满分".into()
    } else {
        format!("{}，得{}分", lost.join("、"), fmt_dec(round2(score)))
    };
    done(weight, score, computation, false)
}

fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// Scores a row whose 不符合项 is read (a bare number reads as a count here; [`score`] tries
/// both readings first).
fn score_as_read(
    rule: &Rule,
    weight: Decimal,
    inputs: &Inputs,
    scoring: &Scoring,
) -> Result<Scored, NoScore> {
    match rule {
        Rule::Manual(_) => Err(NoScore::Manual),
        Rule::Threshold(t) => score_threshold(t, weight, inputs, scoring),
        Rule::Checklist(c) => score_checklist(c, weight, inputs),
        Rule::Count(c) => score_count(c, weight, inputs),
        Rule::Additive(a) => score_additive(a, weight, inputs, scoring),
        Rule::Bands(b) => score_bands(b, weight, inputs),
        Rule::Grade(g) => score_grade(g, weight, inputs),
        Rule::Proportional(Proportional {
            basis: Basis::Target,
        }) => score_target(weight, inputs, scoring),
        Rule::Proportional(p) => score_proportional(*p, weight, inputs),
        Rule::Share(sh) => score_share(sh, weight, inputs),
        Rule::Qualitative(q) => score_qualitative(q, weight, inputs, scoring),
    }
}

/// A score within [0, weight], with its computation.
fn done(
    weight: Decimal,
    score: Decimal,
    computation: String,
    fraction_read: bool,
) -> Result<Scored, NoScore> {
    Ok(Scored {
        score: score.max(Decimal::ZERO).min(weight),
        computation,
        fraction_read,
        actual: None,
        bare: None,
        assumption: None,
    })
}

/// A threshold rule: the deduction for the shortfall (or excess) of the actual value.
fn score_threshold(
    t: &Threshold,
    weight: Decimal,
    inputs: &Inputs,
    scoring: &Scoring,
) -> Result<Scored, NoScore> {
    let actual = inputs
        .actual
        .as_ref()
        .ok_or(NoScore::Missing("实际完成值"))?;
    let limit = t
        .limit_value(inputs.target.as_ref())
        .ok_or(NoScore::Missing("年度指标值"))?;
    let percent_rule = t.unit == Some(Unit::Percent);
    let (a, fraction) = actual_in_unit(actual, percent_rule, limit);
    let a = a.max(Decimal::ZERO);
    let deduction = t.deduction_at(a, limit, weight, scoring.step);
    done(
        weight,
        weight - deduction,
        t.sentence(a, limit, weight, scoring.step),
        fraction,
    )
}

/// A checklist: a deduction per failed item, all for a serious failure.
fn score_checklist(c: &Checklist, weight: Decimal, inputs: &Inputs) -> Result<Scored, NoScore> {
    let failed = inputs.failed.as_ref().ok_or(NoScore::Missing("不符合项"))?;
    let (k, which) = match failed {
        Failed::Serious if c.serious_zero => {
            return done(
                weight,
                Decimal::ZERO,
                format!("存在严重不符合情况，此项不得分，扣{}分", fmt_dec(weight)),
                false,
            )
        }
        Failed::Serious => {
            return Err(NoScore::Unfit(
                "不符合项填“严重”，但评价标准没有“严重的不得分”的规定".into(),
            ))
        }
        Failed::Items(items) => {
            check_items(items, c.items)?;
            let labels: String = items.iter().map(|i| item_label(*i)).collect();
            (Decimal::from(items.len() as u64), format!("第{labels}项"))
        }
        Failed::Count(n) => (*n, format!("{}项", fmt_dec(*n))),
        Failed::Bare(n) => (Decimal::from(*n), format!("{n}项")),
    };
    let per_item = match (c.equal_split, c.items) {
        (true, Some(n)) => weight.checked_div(Decimal::from(n)).unwrap_or(c.per_item),
        _ => c.per_item,
    };
    let assume = |s: Result<Scored, NoScore>| {
        s.map(|mut s| {
            if c.equal_split {
                s.assumption = Some(format!(
                    "评价标准未写明每项分值，按分值{}平均分到{}项，每项{}分计（假定）",
                    fmt_dec(weight),
                    c.items.unwrap_or(0),
                    fmt_dec(per_item.round_dp(4).normalize())
                ));
            }
            s
        })
    };
    if k.is_zero() {
        return assume(done(weight, weight, "各项均符合，得满分".into(), false));
    }
    let d = (k * per_item).min(weight);
    assume(done(
        weight,
        weight - d,
        format!(
            "{which}不符合，每项扣{}分，扣{}分",
            fmt_dec(per_item.round_dp(4).normalize()),
            fmt_dec(round2(d))
        ),
        false,
    ))
}

/// A count rule: a deduction per occurrence (the 不符合项 count, else the actual value).
fn score_count(c: &Count, weight: Decimal, inputs: &Inputs) -> Result<Scored, NoScore> {
    let n = match (&inputs.failed, &inputs.actual) {
        (Some(Failed::Count(n)), _) => *n,
        (Some(Failed::Items(v)), _) => Decimal::from(v.len() as u64),
        // (A bare number never comes here: [`score`] reads it as a count first.)
        // A percentage (验收通过率 100%) is not a number of occurrences.
        (_, Some(m)) if !m.is_percent() => m.value,
        _ => return Err(NoScore::Missing("次数（不符合项或实际完成值）")),
    };
    let cap = (weight - c.min_score.unwrap_or(Decimal::ZERO)).max(Decimal::ZERO);
    let cap = c.cap.map_or(cap, |stated| stated.min(cap));
    let per = if c.share {
        weight * c.per_item / Decimal::ONE_HUNDRED
    } else {
        c.per_item
    };
    let d = (n * per).min(cap);
    let unit = c.unit.as_ref().map_or("处".into(), Unit::to_string);
    done(
        weight,
        weight - d,
        if n.is_zero() {
            "未发现问题，得满分".into()
        } else {
            format!(
                "发现{}{unit}，每{unit}扣{}分{}，扣{}分",
                fmt_dec(n),
                fmt_dec(round2(per)),
                if c.share {
                    format!("（分值的{}%）", fmt_dec(c.per_item))
                } else {
                    String::new()
                },
                fmt_dec(round2(d))
            )
        },
        false,
    )
}

/// Points per item: the points of the items met.
fn score_additive(
    a: &Additive,
    weight: Decimal,
    inputs: &Inputs,
    scoring: &Scoring,
) -> Result<Scored, NoScore> {
    let failed = inputs
        .failed
        .as_ref()
        .ok_or(NoScore::Missing("未满足的项（不符合项）"))?;
    let items = match failed {
        Failed::Items(items) if a.deducted => return score_item_deductions(a, items, weight),
        Failed::Items(items) => items,
        Failed::Count(_) | Failed::Bare(_) if !a.rules.is_empty() || a.deducted => {
            return Err(NoScore::Unfit(
                "按项计分且有项内规则的指标，不符合项应写出未满足的项的序号，如“③”或“1,3”（满足为“无”）".into(),
            ))
        }
        Failed::Count(n) => return score_additive_count(a, *n, weight),
        Failed::Bare(n) => return score_additive_count(a, Decimal::from(*n), weight),
        Failed::Serious => {
            return Err(NoScore::Unfit(
                "按项计分的指标，不符合项应写出未满足的项的序号，如“③”或“1,3”".into(),
            ))
        }
    };
    check_items(items, Some(a.items.len() as u32))?;
    let mut score = Decimal::ZERO;
    let mut missed = Vec::new();
    // Items with a rule inside, met but not scored by their rule for want of its input: any
    // score from 0 to their points is possible.
    let mut open = Decimal::ZERO;
    let mut inner = Vec::new();
    let takes_actual = |r: &Rule| matches!(r, Rule::Threshold(_) | Rule::Proportional(_));
    let actual_rules = (0..a.items.len())
        .filter(|i| a.rule_of(*i).is_some_and(takes_actual))
        .count();
    for (i, (name, p)) in a.items.iter().enumerate() {
        let label = item_label(i as u32 + 1);
        if items.contains(&(i as u32 + 1)) {
            missed.push(format!("{label}（{name}，{}分）", fmt_dec(*p)));
            continue;
        }
        let Some(rule) = a.rule_of(i) else {
            score += *p;
            continue;
        };
        // The row's 实际完成值 is this item's when it is the only item that takes one (a
        // threshold or a proportion, which read the actual value and the target, never
        // 不符合项 or the filed score).
        let own = if takes_actual(rule) && actual_rules == 1 {
            inputs.clone()
        } else {
            Inputs::default()
        };
        match score_as_read(rule, *p, &own, scoring) {
            Ok(s) => {
                inner.push(format!("{label}{}", s.computation));
                score += s.score;
            }
            Err(_) => {
                inner.push(format!("{label}按其项内规则计分，未提供其输入"));
                open += *p;
            }
        }
    }
    let mut computation = if missed.is_empty() {
        "各项均满足".to_string()
    } else {
        format!("未满足{}", missed.join("、"))
    };
    for i in &inner {
        computation.push('；');
        computation.push_str(i);
    }
    if !open.is_zero() {
        // The filed score stands where the open items allow it.
        let (lo, hi) = (score, score + open);
        let taken = match inputs.filed_score {
            Some(f) if f >= lo && f <= hi.min(weight) => f,
            Some(f) if f < lo => lo,
            _ => hi,
        };
        computation.push_str(&format!(
            "；得分应在{}至{}分之间，取{}分",
            fmt_dec(lo.min(weight)),
            fmt_dec(hi.min(weight)),
            fmt_dec(taken.min(weight))
        ));
        return done(weight, taken, computation, false);
    }
    if missed.is_empty() && inner.is_empty() {
        computation = "各项均满足，得满分".into();
    } else {
        computation.push_str(&format!("，得{}分", fmt_dec(score.min(weight))));
    }
    done(weight, score, computation, false)
}

/// The weight less what the items not met cost (`(1)项不符合要求扣2分;(2)…扣3分`).
fn score_item_deductions(a: &Additive, items: &[u32], weight: Decimal) -> Result<Scored, NoScore> {
    check_items(items, Some(a.items.len() as u32))?;
    let mut lost = Decimal::ZERO;
    let mut missed = Vec::new();
    for (i, (name, p)) in a.items.iter().enumerate() {
        if items.contains(&(i as u32 + 1)) {
            lost += *p;
            missed.push(format!("{name}扣{}分", fmt_dec(*p)));
        }
    }
    let score = (weight - lost).max(Decimal::ZERO);
    let computation = if missed.is_empty() {
        "各项均符合，不扣分".into()
    } else {
        format!("{}，得{}分", missed.join("、"), fmt_dec(score))
    };
    done(weight, score, computation, false)
}

/// Points per item, given a number of items not met: scorable only when every item has the
/// same points (otherwise which items were missed matters).
fn score_additive_count(a: &Additive, n: Decimal, weight: Decimal) -> Result<Scored, NoScore> {
    let points: Vec<Decimal> = a.items.iter().map(|(_, p)| *p).collect();
    let Some(&p) = points.first().filter(|p| points.iter().all(|q| q == *p)) else {
        return Err(NoScore::Unfit(
            "按项计分的指标各项分值不同，不符合项应写出未满足的项的序号，如“③”或“1,3”".into(),
        ));
    };
    let listed = Decimal::from(points.len() as u64);
    if n > listed || n.fract() != Decimal::ZERO || n < Decimal::ZERO {
        return Err(NoScore::Unfit(format!(
            "未满足 {} 项，而评价标准只列了 {} 项",
            fmt_dec(n),
            fmt_dec(listed)
        )));
    }
    let score = (listed - n) * p;
    let computation = if n.is_zero() {
        "各项均满足，得满分".into()
    } else {
        format!(
            "{}项未满足，每项{}分，得{}分",
            fmt_dec(n),
            fmt_dec(p),
            fmt_dec(score.min(weight))
        )
    };
    done(weight, score, computation, false)
}

/// Bands: the award of the band the actual value falls in.
fn score_bands(b: &Bands, weight: Decimal, inputs: &Inputs) -> Result<Scored, NoScore> {
    let actual = inputs
        .actual
        .as_ref()
        .ok_or(NoScore::Missing("实际完成值"))?;
    let reference = b
        .bands
        .iter()
        .flat_map(|band| band.lower.iter().chain(band.upper.iter()))
        .map(|bd| bd.value)
        .max()
        .unwrap_or(Decimal::ZERO);
    let (a, fraction) = actual_in_unit(actual, b.unit == Some(Unit::Percent), reference);
    let band = b
        .bands
        .iter()
        .find(|band| band.contains(a))
        .ok_or_else(|| {
            NoScore::Unfit(format!(
                "实际完成值 {} 不在评价标准的任何区间内",
                pct(a, &b.unit)
            ))
        })?;
    let metric = b.metric.as_deref().unwrap_or("实际完成值");
    if band.award == Award::Linear {
        return score_linear(b, band, a, weight, metric, fraction);
    }
    let s = award_score(band.award, weight, inputs.filed_score);
    done(
        weight,
        s,
        format!(
            "{metric}{}，属于“{}”一档，得{}分",
            pct(a, &b.unit),
            band_range_words(band, &b.unit),
            fmt_dec(s.min(weight))
        ),
        fraction,
    )
}

/// A band scored in proportion between its neighbours: the award of the band that ends where
/// it starts, at its start, to the award of the band that starts where it ends, at its end
/// (`低于70%得0分，70%-90%线性得分，90%以上得满分`: 80% → half the weight).
fn score_linear(
    b: &Bands,
    band: &Band,
    a: Decimal,
    weight: Decimal,
    metric: &str,
    fraction: bool,
) -> Result<Scored, NoScore> {
    let neighbour = |at: Option<Bound>, below: bool| {
        let at = at?.value;
        b.bands.iter().find_map(|o| {
            let end = if below { o.upper } else { o.lower };
            (end.map(|e| e.value) == Some(at) && o.award != Award::Linear)
                .then(|| o.award.points(weight))
        })
    };
    let unfit = || {
        NoScore::Unfit(format!(
            "“{}”按比例计分，但评价标准没有给出两端的分数",
            band_range_words(band, &b.unit)
        ))
    };
    let (lo, hi) = (band.lower.ok_or_else(unfit)?, band.upper.ok_or_else(unfit)?);
    let (at_lo, at_hi) = (
        neighbour(Some(lo), true).ok_or_else(unfit)?,
        neighbour(Some(hi), false).ok_or_else(unfit)?,
    );
    let span = hi.value - lo.value;
    if span <= Decimal::ZERO {
        return Err(unfit());
    }
    let s = at_lo + (a - lo.value) / span * (at_hi - at_lo);
    done(
        weight,
        s,
        format!(
            "{metric}{}，在{}至{}之间按比例计分：{} + ({} − {}) ÷ ({} − {}) × ({} − {}) = {}分",
            pct(a, &b.unit),
            pct(lo.value, &b.unit),
            pct(hi.value, &b.unit),
            fmt_dec(at_lo),
            fmt_dec(a),
            fmt_dec(lo.value),
            fmt_dec(hi.value),
            fmt_dec(lo.value),
            fmt_dec(at_hi),
            fmt_dec(at_lo),
            fmt_dec(round2(s))
        ),
        fraction,
    )
}

/// Grade words: the award of the longest grade word the actual value contains.
fn score_grade(g: &Grades, weight: Decimal, inputs: &Inputs) -> Result<Scored, NoScore> {
    let text = inputs
        .actual_text
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .ok_or(NoScore::Missing("评定结果（实际完成值）"))?;
    let t = super::normalize::normalize(text);
    // A word preceded by a negation in the text is not that grade: 未实行动态调整 is not
    // 实行动态调整 (a grade that is itself negated, 不规范, is matched as written).
    let negation = |s: &str| NEGATIONS.iter().any(|n| s.ends_with(n));
    let present = |w: &str| {
        let own = NEGATIONS.iter().any(|n| w.starts_with(n));
        t.match_indices(w).any(|(i, _)| own || !negation(&t[..i]))
    };
    let found = g
        .grades
        .iter()
        .filter(|(w, _)| present(w))
        .max_by_key(|(w, _)| w.chars().count());
    // Every word found, a word inside a longer one found counted once (未开展培训 in
    // 未及时开展培训 is not found), when there are more than one.
    let all: Vec<&(String, Award)> = g.grades.iter().filter(|(w, _)| present(w)).collect();
    let all: Vec<&(String, Award)> = all
        .iter()
        .filter(|(w, _)| !all.iter().any(|(o, _)| o != w && o.contains(w.as_str())))
        .copied()
        .collect();
    let words = || {
        let words: Vec<String> = all.iter().map(|(w, _)| format!("“{w}”")).collect();
        words.join("、")
    };
    // Failures only: each failure found costs its deduction, and a failure that scores 0
    // scores 0 (缺正高级职称材料的扣4分，缺中级职称材料的扣1分: both missing costs 5).
    if g.failures_only() && all.len() > 1 {
        let lost: Decimal = all.iter().map(|(_, a)| weight - a.points(weight)).sum();
        let s = (weight - lost).max(Decimal::ZERO);
        return done(
            weight,
            s,
            format!("存在{}，得{}分", words(), fmt_dec(s)),
            false,
        );
    }
    // Aspects to add up (制度健全得2分；执行到位得2分 on a weight of 4, [`Grades::as_items`]):
    // each one found adds its points, where a scale of levels would take only one.
    if let Some(adds) = g.as_items(weight).filter(|_| all.len() > 1) {
        let s: Decimal = g
            .grades
            .iter()
            .zip(adds)
            .filter(|(grade, _)| all.contains(grade))
            .map(|(_, add)| add)
            .sum::<Decimal>()
            .clamp(Decimal::ZERO, weight);
        // Read two ways, the reading the filed score agrees with is taken: a filed score that
        // is the one grade's (the longest word found), and not the sum, keeps the grade.
        let grade = found.map(|(_, a)| award_score(*a, weight, inputs.filed_score));
        let filed_grade = inputs
            .filed_score
            .is_some_and(|f| Some(f) == grade && f != s);
        if !filed_grade {
            return done(
                weight,
                s,
                format!(
                    "评定为{}；各项分值之和等于指标分值，按逐项计分，相加得{}分",
                    words(),
                    fmt_dec(s)
                ),
                false,
            );
        }
    }
    let (word, award) = found.ok_or_else(|| {
        NoScore::Unfit(format!(
            "实际完成值“{text}”不是评价标准中的等级（{}）",
            g.grades
                .iter()
                .map(|(w, _)| w.as_str())
                .collect::<Vec<_>>()
                .join("、")
        ))
    })?;
    let s = award_score(*award, weight, inputs.filed_score);
    done(
        weight,
        s,
        format!("评定为“{word}”，得{}分", fmt_dec(s.min(weight))),
        false,
    )
}

/// Negations before a grade word (未实行, 不规范, 没有批准文件).
const NEGATIONS: [&str; 6] = ["未", "不", "没有", "没", "无", "非"];

/// Proportional: the weight times the degree, or times actual / target.
fn score_proportional(
    p: Proportional,
    weight: Decimal,
    inputs: &Inputs,
) -> Result<Scored, NoScore> {
    let actual = inputs
        .actual
        .as_ref()
        .ok_or(NoScore::Missing("实际完成值"))?;
    if p.basis == Basis::Inverse {
        return score_inverse(weight, actual, inputs);
    }
    let use_ratio = p.basis == Basis::Ratio || (inputs.target.is_some() && !actual.is_percent());
    if use_ratio {
        let target = inputs
            .target
            .as_ref()
            .ok_or(NoScore::Missing("年度指标值"))?;
        if target.value <= Decimal::ZERO {
            return Err(NoScore::Unfit("年度指标值为 0，无法按比例计分".into()));
        }
        let a = actual.value.max(Decimal::ZERO);
        let ratio = (a / target.value).min(Decimal::ONE);
        let s = weight * ratio;
        done(
            weight,
            s,
            format!(
                "完成{}，年度指标值{}，得分{}×{}/{}={}",
                fmt_dec(a),
                fmt_dec(target.value),
                fmt_dec(weight),
                fmt_dec(a.min(target.value)),
                fmt_dec(target.value),
                fmt_dec(s.normalize())
            ),
            false,
        )
    } else {
        let (a, fraction) = actual_in_unit(actual, true, Decimal::from(100));
        let degree = a.max(Decimal::ZERO).min(Decimal::from(100));
        let s = weight * degree / Decimal::from(100);
        done(
            weight,
            s,
            format!(
                "实现程度{}%，得分{}×{}%={}",
                fmt_dec(degree),
                fmt_dec(weight),
                fmt_dec(degree),
                fmt_dec(s.normalize())
            ),
            fraction,
        )
    }
}

/// A reverse indicator in proportion ([`Basis::Inverse`]): full up to the line — the row's
/// 年度指标值, or 100% for an actual in percent with no target — then line ÷ actual.
fn score_inverse(weight: Decimal, actual: &Measure, inputs: &Inputs) -> Result<Scored, NoScore> {
    let line = match (&inputs.target, actual.is_percent()) {
        (Some(t), _) => t.value,
        (None, true) => Decimal::ONE_HUNDRED,
        (None, false) => return Err(NoScore::Missing("年度指标值")),
    };
    if line <= Decimal::ZERO {
        return Err(NoScore::Unfit("年度指标值为 0，无法按比例计分".into()));
    }
    let a = actual.value;
    if a <= line {
        return done(
            weight,
            weight,
            format!("实际{}，未超过{}，得满分", fmt_dec(a), fmt_dec(line)),
            false,
        );
    }
    let s = weight * line / a;
    done(
        weight,
        s,
        format!(
            "实际{}，超过{}，得分{}×{}/{}={}",
            fmt_dec(a),
            fmt_dec(line),
            fmt_dec(weight),
            fmt_dec(line),
            fmt_dec(a),
            fmt_dec(round2(s))
        ),
        false,
    )
}

/// The self-evaluation form's quantitative indicator ([`Basis::Target`]): the direction from
/// the target's sign; the sentence names the indicator and rounds the score as scores are.
fn score_target(weight: Decimal, inputs: &Inputs, scoring: &Scoring) -> Result<Scored, NoScore> {
    let t = inputs
        .target
        .as_ref()
        .ok_or(NoScore::Missing("年度指标值"))?;
    let a = inputs
        .actual
        .as_ref()
        .ok_or(NoScore::Missing("实际完成值"))?;
    let (av, fraction) = actual_in_unit(a, t.is_percent(), t.value);
    let av = av.max(Decimal::ZERO);
    let tv = t.value;
    let u = super::form::shown_unit(t, a);
    let name = &inputs.name;
    let (av_, tv_) = (fmt_dec(av), fmt_dec(tv));
    let (s, computation) = if t.cmp.is_some_and(Cmp::is_reverse) {
        if av <= tv {
            (
                weight,
                format!("{name}完成{av_}{u}，未超过年度指标{tv_}{u}，得满分"),
            )
        } else if tv <= Decimal::ZERO || av >= tv * Decimal::TWO {
            (
                Decimal::ZERO,
                format!("{name}完成{av_}{u}，达到年度指标{tv_}{u}的2倍及以上，不得分"),
            )
        } else {
            let s = weight * (Decimal::ONE - (av - tv) / tv);
            let w = fmt_dec(weight);
            let r = fmt_dec(scoring.round(s));
            (
                s,
                format!(
                    "{name}完成{av_}{u}，超过年度指标{tv_}{u}，得分{w}×(1−({av_}−{tv_})/{tv_})={r}"
                ),
            )
        }
    } else if av >= tv || tv <= Decimal::ZERO {
        (
            weight,
            format!("{name}完成{av_}{u}，达到年度指标{tv_}{u}，得满分"),
        )
    } else {
        let s = weight * av / tv;
        let (w, r) = (fmt_dec(weight), fmt_dec(scoring.round(s)));
        (
            s,
            format!("{name}完成{av_}{u}，低于年度指标{tv_}{u}，得分{w}×{av_}/{tv_}={r}"),
        )
    };
    Ok(Scored {
        actual: Some(av),
        ..done(weight, s, computation, fraction)?
    })
}

/// A qualitative grade of the self-evaluation form: the filed score is right when it lies in
/// the grade's band of the weight (bounds rounded as scores are), and is kept.
fn score_qualitative(
    q: &Qualitative,
    weight: Decimal,
    inputs: &Inputs,
    scoring: &Scoring,
) -> Result<Scored, NoScore> {
    let filed = inputs.filed_score.ok_or(NoScore::Missing("得分"))?;
    let (lower, upper) = q.points(weight, scoring);
    if !within(Some(lower), Some(upper), filed) {
        return Err(NoScore::OutOfBand { lower, upper });
    }
    done(
        weight,
        filed,
        format!("“{}”，得分 {} 在其区间内", q.label, fmt_dec(filed)),
        false,
    )
}

/// A band's range in words for a computation: `90%(含)至95%(不含)`, or 全部.
fn band_range_words(band: &Band, unit: &Option<Unit>) -> String {
    let words = range_words(band.lower, band.upper, &unit_str(unit));
    if words.is_empty() {
        "全部".into()
    } else {
        words
    }
}

/// True when the bands leave no value without a band: an open lower end, an open upper end,
/// and every band starting where the one before it ends.
fn covers_the_line(b: &Bands) -> bool {
    let mut bands: Vec<&Band> = b.bands.iter().collect();
    bands.sort_by_key(|band| band.lower.map(|l| (l.value, !l.inclusive)));
    let Some(first) = bands.first() else {
        return false;
    };
    if first.lower.is_some() {
        return false;
    }
    let mut reach = first.upper;
    for band in &bands[1..] {
        let Some(upper) = reach else {
            return true; // open above already
        };
        let Some(lower) = band.lower else {
            return false;
        };
        // The next band must start at this one's end, and one of the two must hold it.
        if lower.value != upper.value || !(lower.inclusive || upper.inclusive) {
            return false;
        }
        reach = band.upper;
    }
    reach.is_none()
}

/// Whether a filed deduction can come out of a rule without inputs, and if not, why (R302).
pub fn unreachable_deduction(
    rule: &Rule,
    weight: Decimal,
    deduction: Decimal,
    scoring: &Scoring,
) -> Option<String> {
    let whole = |d: Decimal, per: Decimal| whole(d, per, scoring);
    if deduction <= Decimal::ZERO || deduction > weight {
        return None;
    }
    let score = weight - deduction;
    match rule {
        // (An equal split is an assumption: a deduction it does not give is no finding. Its
        // points per item are none, so `checklist_unreachable` finds nothing.)
        Rule::Checklist(c) => checklist_unreachable(c, weight, deduction, scoring),
        Rule::Count(c) => {
            let cap = weight - c.min_score.unwrap_or(Decimal::ZERO);
            let per = if c.share {
                weight * c.per_item / Decimal::ONE_HUNDRED
            } else {
                c.per_item
            };
            (!whole(deduction, per) && deduction != cap && Some(deduction) != c.cap).then(|| {
                format!(
                    "扣分 {} 不是每次 {} 分的整数倍",
                    fmt_dec(deduction),
                    fmt_dec(per)
                )
            })
        }
        Rule::Threshold(t) => threshold_unreachable(t, weight, deduction, scoring),
        // Bands that leave part of the line unsaid (ranks 1–5 only, levels from 300 up) allow
        // a score the text does not give: no finding without the actual value.
        Rule::Bands(b) if !covers_the_line(b) => None,
        Rule::Bands(b) => {
            (!b.bands.iter().any(|band| band.award.gives(score, weight))).then(|| {
                let awards: Vec<String> = b
                    .bands
                    .iter()
                    .map(|band| fmt_award(band.award, weight))
                    .collect();
                format!(
                    "得分 {} 不是评价标准任何一档的分数（{}）",
                    fmt_dec(score),
                    awards.join("、")
                )
            })
        }
        // Failures only, or one condition: failures add up, and the state not written may
        // score anything.
        Rule::Grade(g) if g.grades.len() < 2 || g.failures_only() => None,
        Rule::Grade(g) => {
            // Aspects to add up ([`Grades::as_items`]) may also give the sum of some of them.
            let items = g.as_items(weight);
            let fits = g.grades.iter().any(|(_, a)| a.gives(score, weight))
                || items.as_ref().is_some_and(|adds| {
                    some_sum(adds.iter().copied(), |s| {
                        s.clamp(Decimal::ZERO, weight) == score
                    })
                });
            (!fits).then(|| {
                let awards: Vec<String> = g
                    .grades
                    .iter()
                    .map(|(w, a)| format!("{w}{}", fmt_award(*a, weight)))
                    .collect();
                format!(
                    "得分 {} 不是评价标准任何一个等级的分数{}（{}）",
                    fmt_dec(score),
                    if items.is_some() {
                        "，也不是几项分值之和"
                    } else {
                        ""
                    },
                    awards.join("、")
                )
            })
        }
        // An item with a rule inside may score anything up to its points.
        Rule::Additive(a) if !a.rules.is_empty() => None,
        Rule::Additive(a) if a.deducted => {
            let items = a.items.iter().map(|(_, p)| *p);
            (!some_sum(items, |s| {
                s == deduction || s >= weight && deduction == weight
            }))
            .then(|| {
                format!(
                    "扣分 {} 不是评价标准各项扣分之和能得到的数",
                    fmt_dec(deduction)
                )
            })
        }
        Rule::Additive(a) => {
            let items = a.items.iter().map(|(_, p)| *p);
            (!some_sum(items, |s| s.min(weight) == score)).then(|| {
                format!(
                    "得分 {} 不是评价标准各项分值之和能得到的分数",
                    fmt_dec(score)
                )
            })
        }
        Rule::Share(sh) if sh.per_failure.is_none() && sh.gate.is_none() => {
            let shares = sh.shares.iter().map(|f| f.of(weight));
            (!some_sum(shares, |s| scoring.agrees(score, s))).then(|| {
                format!(
                    "得分 {} 不是评价标准各要点所占分值之和能得到的分数",
                    fmt_dec(score)
                )
            })
        }
        Rule::Share(_) | Rule::Proportional(_) | Rule::Qualitative(_) | Rule::Manual(_) => None,
    }
}

/// True when a sum of some of `points` (of none: 0) `fits`; also when there are more sums
/// than [`MAX_SUMS`] to try (a criterion of very many items), as a filed score is never
/// called unreachable on a guess.
fn some_sum(points: impl IntoIterator<Item = Decimal>, fits: impl Fn(Decimal) -> bool) -> bool {
    let mut sums = std::collections::BTreeSet::from([Decimal::ZERO]);
    for p in points {
        let next: Vec<Decimal> = sums.iter().map(|s| *s + p).collect();
        sums.extend(next);
        if sums.len() > MAX_SUMS {
            return true;
        }
    }
    sums.into_iter().any(fits)
}

/// How many distinct sums [`some_sum`] lists at most: 12 items of different points.
const MAX_SUMS: usize = 4096;

/// True when `d` is a whole number of `per`, as people round it: `0.33` is one step of `1/3`
/// ([`Scoring::agrees`]).
fn whole(d: Decimal, per: Decimal, scoring: &Scoring) -> bool {
    if per <= Decimal::ZERO {
        return false;
    }
    let Some(steps) = d.checked_div(per) else {
        return false;
    };
    let k = steps.round();
    steps.fract().is_zero() || (k > Decimal::ZERO && scoring.agrees(d, k * per))
}

/// R302 for a checklist: a deduction of whole items (all of the weight for a serious
/// failure, or capped at the weight), and no more items than the criterion lists.
fn checklist_unreachable(
    c: &Checklist,
    weight: Decimal,
    deduction: Decimal,
    scoring: &Scoring,
) -> Option<String> {
    if c.serious_zero && deduction == weight {
        return None;
    }
    let k = deduction.checked_div(c.per_item).unwrap_or_default();
    let capped = deduction == weight && k.fract() > Decimal::ZERO;
    if c.per_item > Decimal::ZERO && !whole(deduction, c.per_item, scoring) && !capped {
        return Some(format!(
            "扣分 {} 不是每项 {} 分的整数倍（可能的扣分：{}）",
            fmt_dec(deduction),
            fmt_dec(c.per_item),
            multiples(c.per_item, weight, c.items)
        ));
    }
    let n = c.items?;
    (k > Decimal::from(n) && !capped).then(|| {
        format!(
            "扣分 {} 相当于 {} 项不符合，而评价标准只列了 {n} 项",
            fmt_dec(deduction),
            fmt_dec(k)
        )
    })
}

/// R302 for a threshold: no more than the rule's cap, whole steps unless steps are
/// proportional, and nothing between the deduction at the zero line and the whole weight.
fn threshold_unreachable(
    t: &Threshold,
    weight: Decimal,
    deduction: Decimal,
    scoring: &Scoring,
) -> Option<String> {
    let cost = t.cost_per_step(weight);
    let max = t.max_deduction(weight);
    if deduction > max {
        return Some(format!(
            "扣分 {} 超过评价标准允许的最多扣分 {}",
            fmt_dec(deduction),
            fmt_dec(max)
        ));
    }
    if scoring.step != StepMode::Proportional
        && !whole(deduction, cost, scoring)
        && deduction != max
    {
        return Some(format!(
            "扣分 {} 不是每档 {} 分的整数倍",
            fmt_dec(deduction),
            fmt_dec(cost)
        ));
    }
    let (Some((_, z)), Limit::Value(limit)) = (t.zero_line, t.limit) else {
        return None;
    };
    let at_line = (limit - z).abs() / t.step * cost;
    (deduction > at_line && deduction < weight).then(|| {
        format!(
            "扣分 {} 无法得出：达不到 {} 时最多扣 {} 分，低于不得分线则扣完 {} 分",
            fmt_dec(deduction),
            pct(z, &t.unit),
            fmt_dec(at_line.min(weight)),
            fmt_dec(weight)
        )
    })
}

fn fmt_award(a: Award, weight: Decimal) -> String {
    match a {
        Award::Range(lo, hi) => format!("{}至{}分", fmt_dec(lo), fmt_dec(hi)),
        Award::Linear => "按比例线性计分".into(),
        a => format!("{}分", fmt_dec(a.points(weight))),
    }
}

fn multiples(per: Decimal, weight: Decimal, items: Option<u32>) -> String {
    let mut out = Vec::new();
    let mut k = Decimal::ONE;
    let limit = items.map(Decimal::from).unwrap_or(Decimal::from(20));
    while k * per <= weight && k <= limit && out.len() < 6 {
        out.push(fmt_dec(k * per));
        k += Decimal::ONE;
    }
    out.join("、")
}

/// Numbers written with `%` in a text (for comparing a reason with its deduction).
pub fn percent_numbers(text: &str) -> Vec<Decimal> {
    let t = halfwidth(text);
    let mut out = Vec::new();
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let num: String = chars[start..i].iter().collect();
            if chars.get(i) == Some(&'%') {
                if let Ok(d) = num.parse::<Decimal>() {
                    out.push(d.normalize());
                }
            }
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::parse::parse_rule;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn inputs_failed(f: &str) -> Inputs {
        Inputs {
            failed: parse_failed(f),
            ..Inputs::default()
        }
    }

    fn inputs_actual(a: &str) -> Inputs {
        Inputs {
            actual: parse_measure(a),
            actual_text: Some(a.into()),
            ..Inputs::default()
        }
    }

    /// The score of `rule` on `weight` with 不符合项 `failed`.
    fn score_failed(rule: &Rule, weight: &str, failed: &str) -> Decimal {
        let inputs = Inputs {
            failed: parse_failed(failed),
            ..Inputs::default()
        };
        score(rule, d(weight), &inputs, &Scoring::default())
            .unwrap()
            .score
    }

    /// 资金全部到位得5分，未全部到位不得分: fully funded scores 5, anything less 0 (it was read as
    /// two bands at ≥100%, and 90% fell in none).
    #[test]
    fn not_fully_funded_scores_nothing() {
        let rule = parse_rule("资金全部到位得5分，未全部到位不得分");
        for (actual, expected) in [("100%", "5"), ("90%", "0")] {
            let scored = score(&rule, d("5"), &inputs_actual(actual), &Scoring::default());
            assert_eq!(scored.map(|s| s.score), Ok(d(expected)), "{actual}");
        }
    }

    /// 制度健全得2分；执行到位得2分 on a weight of 4: no grade reaches the weight, both make it,
    /// so the words are aspects to add up. On a weight of 2 (or 3: 2 + 2 is not 3) they are
    /// grades, one of which is taken.
    #[test]
    fn grades_that_only_together_make_the_weight_are_added_up() {
        let rule = parse_rule("制度健全得2分；执行到位得2分");
        let Rule::Grade(g) = &rule else {
            panic!("{rule:?}")
        };
        assert_eq!(g.as_items(d("4")), Some(vec![d("2"), d("2")]));
        assert_eq!(g.as_items(d("2")), None);
        assert_eq!(g.as_items(d("3")), None);
        let scored = |actual: &str, weight: &str| {
            score(
                &rule,
                d(weight),
                &inputs_actual(actual),
                &Scoring::default(),
            )
            .unwrap()
            .score
        };
        assert_eq!(scored("制度健全，执行到位", "4"), d("4"));
        assert_eq!(scored("制度健全，执行不到位", "4"), d("2"));
        assert_eq!(scored("制度健全，执行到位", "2"), d("2"));
        // Without the actual value, a filed 4 or 2 or 0 may be right; 3 cannot be.
        let sc = Scoring::default();
        for fine in ["0", "2"] {
            assert!(unreachable_deduction(&rule, d("4"), d(fine), &sc).is_none());
        }
        let why = unreachable_deduction(&rule, d("4"), d("1"), &sc).expect("3 is no sum");
        assert!(why.contains("也不是几项分值之和"), "{why}");
        // One grade giving nothing (否则不得分) changes nothing; a scale of levels whose top
        // gives the weight is a scale.
        let with_zero = parse_rule("制度健全得2分；执行到位得2分；否则不得分");
        let Rule::Grade(g) = &with_zero else {
            panic!("{with_zero:?}")
        };
        assert_eq!(g.as_items(d("4")), Some(vec![d("2"), d("2"), d("0")]));
        let Rule::Grade(scale) = parse_rule("合理: 2 分;基本合理: 1 分;不合理: 0 分")
        else {
            panic!()
        };
        assert_eq!(scale.as_items(d("2")), None);
        // One grade giving points and one giving none are no two aspects.
        let Rule::Grade(one) = parse_rule("施工现场配备门禁设施，得1分，否则不得分。")
        else {
            panic!()
        };
        assert_eq!(one.as_items(d("1")), None);
        // Read two ways (a scale 好/一般/差 whose points happen to make the weight, with two
        // of its words in the text), the one the filed score agrees with.
        let scale = parse_rule("好:2分;一般:1分;差:0分");
        let filed = |filed: &str| {
            let inputs = Inputs {
                filed_score: Some(d(filed)),
                ..inputs_actual("较好，一般")
            };
            score(&scale, d("3"), &inputs, &Scoring::default())
                .unwrap()
                .score
        };
        assert_eq!(filed("1"), d("1"));
        assert_eq!(filed("3"), d("3"));
        assert_eq!(filed("2"), d("3"));
        // An aspect written as a deduction takes its cost off the sum of the others.
        let mixed = parse_rule("制度健全得2分；执行到位得2分；发现违规扣1分");
        let Rule::Grade(g) = &mixed else {
            panic!("{mixed:?}")
        };
        assert_eq!(g.as_items(d("4")), Some(vec![d("2"), d("2"), d("-1")]));
        let found = |actual: &str| {
            score(&mixed, d("4"), &inputs_actual(actual), &Scoring::default())
                .unwrap()
                .score
        };
        assert_eq!(found("制度健全，执行到位，发现违规1次"), d("3"));
        assert_eq!(found("制度健全，发现违规"), d("1"));
        // One word found is that grade, whichever the reading.
        let one = score(
            &mixed,
            d("4"),
            &inputs_actual("制度健全"),
            &Scoring::default(),
        )
        .unwrap();
        assert_eq!(
            (one.score, one.computation.as_str()),
            (d("2"), "评定为“制度健全”，得2分")
        );
        for fine in ["1", "2", "3"] {
            assert!(unreachable_deduction(&mixed, d("4"), d(fine), &sc).is_none());
        }
        assert!(unreachable_deduction(&mixed, d("4"), d("0.5"), &sc).is_some());
        // The scale above: 健全 gives the weight, 不健全 its cost: no aspects.
        let Rule::Grade(scale) =
            parse_rule("财务会计制度健全的得10分,基本健全的得6分,不健全的扣10分。")
        else {
            panic!()
        };
        assert_eq!(scale.as_items(d("10")), None);
        assert!(scale.costs.is_empty());
        // The cost is in the rule's sentence, which reads back to the same rule.
        assert_eq!(
            mixed.to_string(),
            "“制度健全”得2分；“执行到位”得2分；“发现违规”扣1分"
        );
        assert_eq!(parse_rule(&mixed.to_string()), mixed);
    }

    /// Items whose points are what failing them costs: a deduction is the cost of some of
    /// them, or the whole weight when they cost more together.
    #[test]
    fn a_deduction_of_items_not_met_is_a_sum_of_their_costs() {
        let rule = parse_rule("(1)项不符合要求扣2分;(2)项不符合要求扣1分");
        let Rule::Additive(a) = &rule else {
            panic!("{rule:?}")
        };
        assert!(a.deducted);
        let sc = Scoring::default();
        for fine in ["1", "2", "3"] {
            assert_eq!(unreachable_deduction(&rule, d("5"), d(fine), &sc), None);
        }
        let why = unreachable_deduction(&rule, d("5"), d("1.5"), &sc).expect("1.5 is no sum");
        assert!(why.contains("各项扣分之和"), "{why}");
        // On a weight of 2, failing both (3) takes the whole weight, and only the whole
        // weight: 1.5 is still no sum.
        assert_eq!(unreachable_deduction(&rule, d("2"), d("2"), &sc), None);
        assert!(unreachable_deduction(&rule, d("2"), d("1.5"), &sc).is_some());
        // On a weight of 5 they cost 3 at most: the whole 5 is no deduction of theirs.
        assert!(unreachable_deduction(&rule, d("5"), d("5"), &sc).is_some());
        // Scored: the weight less the costs of the items named.
        let s = score(&rule, d("5"), &inputs_failed("①"), &sc).unwrap();
        assert_eq!(
            (s.score, s.computation.as_str()),
            (d("3"), "(1)项不符合要求扣2分，得3分")
        );
        let s = score(&rule, d("5"), &inputs_failed("无"), &sc).unwrap();
        assert_eq!(
            (s.score, s.computation.as_str()),
            (d("5"), "各项均符合，不扣分")
        );
    }

    /// Items whose points are earned (not lost): the score is a sum of some of them, which is
    /// not the same as the deduction being one (items of 1 and 3 on a weight of 5: a score of
    /// 2 is no sum, though the deduction of 3 would be).
    #[test]
    fn a_plain_additive_score_is_a_sum_of_the_items_met() {
        let rule = parse_rule("开展入户宣传,得1分;组织业务培训,得3分");
        let sc = Scoring::default();
        assert!(unreachable_deduction(&rule, d("5"), d("3"), &sc).is_some());
        assert_eq!(unreachable_deduction(&rule, d("5"), d("1"), &sc), None);
    }

    /// One-sided bands listed from the lowest end where the next one begins, holding the
    /// number the next one does not: `≥60%…;≥80%…` → [60,80) and ≥80; `≥60%…;>80%…` → [60,80]
    /// and >80 (80% is in the lower band, not in none).
    #[test]
    fn open_bands_listed_upwards_end_where_the_next_begins() {
        let at = |text: &str, actual: &str| {
            let rule = parse_rule(text);
            let scored = score(&rule, d("4"), &inputs_actual(actual), &Scoring::default());
            (rule.params()["bands"].clone(), scored.unwrap().score)
        };
        let over = "≥60%,计2分;>80%,计4分";
        assert_eq!(at(over, "80%"), ("[60,80]:2;>80:4".to_string(), d("2")));
        assert_eq!(at(over, "80.1%").1, d("4"));
        let from = "≥60%,计2分;≥80%,计4分";
        assert_eq!(at(from, "80%"), ("[60,80):2;>=80:4".to_string(), d("4")));
        assert_eq!(at(from, "79.9%").1, d("2"));
    }

    /// Sums of many items are not listed for ever: past 4,096 of them any score may be one.
    #[test]
    fn sums_of_very_many_items_are_not_listed() {
        let powers = |n: u32| (0..n).map(|k| Decimal::from(1u64 << k));
        assert!(!some_sum(powers(12), |s| s == d("4096")));
        assert!(some_sum(powers(12), |s| s == d("4095")));
        assert!(some_sum(powers(13), |_| false));
        assert!(some_sum(powers(60), |_| false));
    }

    #[test]
    fn a_count_deducts_no_more_than_its_cap() {
        let rule = crate::rule::parse::parse_rule("有一次未按时报送的扣0.5分,最多扣3分");
        let inputs = Inputs {
            failed: Some(Failed::Count(Decimal::from(8))),
            ..Inputs::default()
        };
        let s = score(&rule, Decimal::from(5), &inputs, &Scoring::default()).unwrap();
        assert_eq!(s.score, Decimal::from(2));
    }

    /// Without 不符合项, a count takes the actual value as the number of occurrences (`2`
    /// times late), never a percentage (a 100% pass rate is no hundred occurrences).
    #[test]
    fn a_count_reads_occurrences_from_the_actual_value_but_not_a_percentage() {
        let rule = crate::rule::parse::parse_rule("有一次未按时报送的扣0.5分,最多扣3分");
        let got = |a: &str| score(&rule, d("5"), &inputs_actual(a), &Scoring::default());
        assert_eq!(got("2").unwrap().score, d("4"));
        assert!(matches!(got("100%"), Err(NoScore::Missing(_))));
    }

    #[test]
    fn a_negated_grade_word_is_not_the_grade() {
        let rule =
            crate::rule::parse::parse_rule("实行动态调整的，得1分；未实行动态调整的，不得分。");
        let inputs = |t: &str| Inputs {
            actual_text: Some(t.into()),
            ..Inputs::default()
        };
        let s = Scoring::default();
        let got = |t: &str| score(&rule, Decimal::ONE, &inputs(t), &s).map(|r| r.score);
        assert_eq!(got("未实行动态调整"), Ok(Decimal::ZERO));
        assert_eq!(got("实行动态调整"), Ok(Decimal::ONE));
    }

    #[test]
    fn satisfaction_88_costs_0_6() {
        let rule = parse_rule("社会公众满意度大于90%的得满分，每少1个百分点扣0.3分，扣完为止。");
        let s = score(&rule, d("10"), &inputs_actual("88%"), &Scoring::default()).unwrap();
        assert_eq!(s.score, d("9.4"));
        assert_eq!(
            s.computation,
            "社会公众满意度88%，低于90%标准2个百分点，每少1个百分点扣0.3分，扣0.6分"
        );
        let s = score(&rule, d("10"), &inputs_actual("0.88"), &Scoring::default()).unwrap();
        assert_eq!(s.score, d("9.4"));
        assert!(s.fraction_read);
    }

    #[test]
    fn step_modes() {
        let rule = parse_rule("资金到位率大于90%的得满分，每少5个百分点扣0.5分，扣完为止。");
        let i = inputs_actual("83%");
        assert_eq!(
            score(&rule, d("1"), &i, &Scoring::default()).unwrap().score,
            d("0.3")
        );
        assert_eq!(
            score(&rule, d("1"), &i, &Scoring::with_step(StepMode::Floor))
                .unwrap()
                .score,
            d("0.5")
        );
        assert_eq!(
            score(&rule, d("1"), &i, &Scoring::with_step(StepMode::Ceil))
                .unwrap()
                .score,
            d("0")
        );
        assert_eq!(
            score(
                &rule,
                d("1"),
                &inputs_actual("95%"),
                &Scoring::with_step(StepMode::Floor)
            )
            .unwrap()
            .score,
            d("1")
        );
    }

    #[test]
    fn share_scores_the_points_met() {
        let failed = |f: &str| Inputs {
            failed: parse_failed(f),
            ..Inputs::default()
        };
        let at = |text: &str, w: &str, f: &str| {
            score(&parse_rule(text), d(w), &failed(f), &Scoring::default()).map(|s| s.score)
        };
        let thirds = "要点①②③各占指标分值的1/3，符合要点得相应分值，否则扣除";
        assert_eq!(at(thirds, "6", "③"), Ok(d("4")));
        assert_eq!(at(thirds, "6", "无"), Ok(d("6")));
        assert_eq!(at(thirds, "6", "①③"), Ok(d("2")));
        // A count of 要点 works when the shares are equal.
        assert_eq!(at(thirds, "6", "2项"), Ok(d("2")));
        // 1/3 of 5 is not a whole number of cents: the score is exact until it is rounded.
        let s = at(thirds, "5", "②").unwrap();
        assert_eq!(Scoring::default().round(s), d("3.33"));
        let unequal = "要点①②各占20%，要点③占60%";
        assert_eq!(at(unequal, "5", "③"), Ok(d("2")));
        assert_eq!(at(unequal, "5", "①"), Ok(d("4")));
        assert!(
            at(unequal, "5", "1项").is_err(),
            "unequal shares need the 要点"
        );
        assert!(at(unequal, "5", "④").is_err(), "there is no ④");
        let half = "要点①②各占50%，每出现一项不满足扣该要点分值的1/2";
        assert_eq!(at(half, "4", "②"), Ok(d("3")));
        assert_eq!(at(half, "4", "②②"), Ok(d("2")));
        assert_eq!(
            at(half, "4", "②②②"),
            Ok(d("2")),
            "a 要点 loses at most its share"
        );
    }

    #[test]
    fn parts_with_a_rule_inside_are_scored_by_it() {
        let sc = Scoring::default();
        let rule = parse_rule(
            "1.继续推动水库水环境综合整治，基本实现人放天养，按完成比例得分（5分）；\n2.与县环保局、县水文站共同推进备用水源或应用水源建设（5分）。",
        );
        let row = |actual: &str, failed: &str, filed: Option<&str>| Inputs {
            actual: parse_measure(actual),
            actual_text: Some(actual.into()),
            failed: parse_failed(failed),
            filed_score: filed.map(d),
            ..Inputs::default()
        };
        // Part 1 by its proportion (60% of 5), part 2 met.
        assert_eq!(
            score(&rule, d("10"), &row("60%", "无", None), &sc)
                .unwrap()
                .score,
            d("8")
        );
        assert_eq!(
            score(&rule, d("10"), &row("60%", "②", None), &sc)
                .unwrap()
                .score,
            d("3")
        );
        // Part 1 listed as not met scores 0 whatever the actual.
        assert_eq!(
            score(&rule, d("10"), &row("60%", "①", None), &sc)
                .unwrap()
                .score,
            d("5")
        );
        // Without the actual, part 1 may score 0 to 5: a filed 7 stands, a filed 4 cannot be.
        let open = |filed| {
            score(&rule, d("10"), &row("", "无", Some(filed)), &sc)
                .unwrap()
                .score
        };
        assert_eq!(open("7"), d("7"));
        assert_eq!(open("4"), d("5"));
        assert_eq!(open("12"), d("10"));
        // With part 2 not met, part 1's 0 to 5 is the whole span.
        let s = score(&rule, d("10"), &row("", "②", Some("3")), &sc).unwrap();
        assert_eq!(s.score, d("3"), "{}", s.computation);
        // The computation names the parts not met and what the rules inside gave.
        for (actual, failed, said) in [
            ("60%", "无", "各项均满足；①"),
            ("60%", "②", "未满足②（"),
            ("60%", "①", "未满足①（"),
        ] {
            let s = score(&rule, d("10"), &row(actual, failed, None), &sc).unwrap();
            let want = fmt_dec(s.score);
            assert!(s.computation.starts_with(said), "{}", s.computation);
            assert!(
                s.computation.ends_with(&format!("，得{want}分")),
                "{}",
                s.computation
            );
        }
        // A count for a rule with parts inside is not guessed.
        assert!(score(&rule, d("10"), &row("", "2项", None), &sc).is_err());
        assert!(unreachable_deduction(&rule, d("10"), d("2.5"), &sc).is_none());
    }

    #[test]
    fn a_count_inside_a_part_costs_that_part_only() {
        let rule = parse_rule(
            "1.矿产资源开发整治中，环境保护与恢复治理（20分）\n2.严格审批矿产资源开采（10分）\n3.对破坏矿产资源行为严肃查处，出现一例未查处扣10分（20分）",
        );
        let Rule::Additive(a) = &rule else {
            panic!("{rule:?}")
        };
        assert_eq!(a.items.len(), 3);
        assert!(matches!(a.rule_of(2), Some(Rule::Count(c)) if c.per_item == d("10")));
        assert!(a.rule_of(0).is_none() && a.rule_of(1).is_none());
        // Part 2 not met; part 3's count is not in the row: its 20 points are open.
        let inputs = Inputs {
            failed: parse_failed("②"),
            filed_score: Some(d("30")),
            ..Inputs::default()
        };
        let s = score(&rule, d("50"), &inputs, &Scoring::default()).unwrap();
        assert_eq!(s.score, d("30"), "{}", s.computation);
    }

    #[test]
    fn a_band_in_proportion_interpolates_between_its_neighbours() {
        let sc = Scoring::default();
        let rule = parse_rule("低于70%得0分，70%-90%线性得分，90%以上得满分。");
        let at = |a: &str| score(&rule, d("10"), &inputs_actual(a), &sc).map(|s| s.score);
        assert_eq!(at("80%"), Ok(d("5")));
        assert_eq!(at("70%"), Ok(d("0")));
        assert_eq!(at("89%"), Ok(d("9.5")));
        assert_eq!(at("95%"), Ok(d("10")));
        assert_eq!(at("60%"), Ok(d("0")));
        // Reverse: full at 10 days or fewer, 0 past 20.
        let rule = parse_rule("≤10日得满分,>20日为0分,10-20日按比例扣分");
        let days = |a: &str| score(&rule, d("4"), &inputs_actual(a), &sc).map(|s| s.score);
        assert_eq!(days("15"), Ok(d("2")));
        assert_eq!(days("20"), Ok(d("0")));
        assert_eq!(days("8"), Ok(d("4")));
        // A filed score inside the band's span is no unreachable deduction.
        assert!(unreachable_deduction(&rule, d("4"), d("1.3"), &sc).is_none());
    }

    #[test]
    fn a_reverse_proportion_scores_line_over_actual() {
        let rule = parse_rule("“≤”时得满分，超过按比例得分");
        let row = |t: &str, a: &str| Inputs {
            target: parse_measure(t),
            actual: parse_measure(a),
            actual_text: Some(a.into()),
            ..Inputs::default()
        };
        let sc = Scoring::default();
        assert_eq!(
            score(&rule, d("10"), &row("80", "100"), &sc).unwrap().score,
            d("8")
        );
        assert_eq!(
            score(&rule, d("10"), &row("80", "60"), &sc).unwrap().score,
            d("10")
        );
        let rule =
            parse_rule("在职人员控制率=(在职人员数/编制数)100%小于或等于1计5分,否则按比例计分。");
        let s = score(&rule, d("5"), &inputs_actual("125%"), &sc).unwrap();
        assert_eq!(s.score, d("4"), "{}", s.computation);
    }

    /// A deduction is a whole number of steps as people round it: 0.33 is one third, 0.67 two;
    /// 0.5 is no number of thirds, and a deduction rounding to nothing is none.
    #[test]
    fn whole_steps_as_rounded() {
        let sc = Scoring::default();
        let third = Decimal::ONE / d("3");
        assert!(whole(d("0.33"), third, &sc));
        assert!(whole(d("0.67"), third, &sc));
        assert!(whole(d("1"), d("0.5"), &sc));
        assert!(!whole(d("0.5"), third, &sc));
        assert!(!whole(d("0.004"), third, &sc));
        assert!(!whole(d("1"), Decimal::ZERO, &sc));
    }

    /// A degree of achievement is the actual percentage, with a target or without; a count
    /// against its target is a ratio.
    #[test]
    fn a_degree_reads_the_percentage() {
        let sc = Scoring::default();
        let rule = parse_rule("对照绩效目标，按实现程度计算得分");
        let with_target = |a: &str, t: Option<&str>| Inputs {
            target: t.and_then(parse_measure),
            ..inputs_actual(a)
        };
        for (a, t, got) in [
            ("85%", None, "8.5"),
            ("85%", Some("90%"), "8.5"),
            ("120", Some("150"), "8"),
        ] {
            let s = score(&rule, d("10"), &with_target(a, t), &sc).unwrap();
            assert_eq!(s.score, d(got), "{a} {t:?}: {}", s.computation);
        }
    }

    /// An equal split is an assumption: no deduction is unreachable under it.
    #[test]
    fn an_equal_split_makes_no_deduction_unreachable() {
        let rule = parse_rule("评价要点：①制度健全；②执行有效；③资料完整");
        let sc = Scoring::default();
        for deduction in ["0.5", "1", "2.9"] {
            assert_eq!(
                unreachable_deduction(&rule, d("3"), d(deduction), &sc),
                None
            );
        }
    }

    /// The whole weight is reachable when the steps pass it: capped at the weight (a
    /// checklist of 0.3 an item on 2 points, a threshold of 1 a point on 5).
    #[test]
    fn the_whole_weight_is_reachable_past_the_last_step() {
        let sc = Scoring::default();
        let checklist = parse_rule("①…；②…；③…；④…；⑤…；⑥…；⑦…。一项不符合扣0.3分");
        assert_eq!(unreachable_deduction(&checklist, d("2"), d("2"), &sc), None);
        assert!(unreachable_deduction(&checklist, d("2"), d("1.9"), &sc).is_some());
        let threshold = parse_rule("满意度≥90%得满分，每降低1个百分点扣1分");
        assert_eq!(unreachable_deduction(&threshold, d("5"), d("5"), &sc), None);
        let floor = parse_rule("满意度≥95%得满分，每降低1个百分点扣1分，最低得2分");
        assert_eq!(unreachable_deduction(&floor, d("5"), d("3"), &sc), None);
        assert!(unreachable_deduction(&floor, d("5"), d("4"), &sc).is_some());
    }

    /// Under whole steps a deduction must be whole steps (or the cap); under proportional
    /// steps any deduction up to the cap is reachable. Past a zero line nothing lies between
    /// the deduction at the line and the whole weight.
    #[test]
    fn threshold_deductions_reachable_by_step_mode_and_zero_line() {
        let rule = parse_rule("满意度≥90%得满分，每降低1个百分点扣2分");
        let floor = Scoring::with_step(StepMode::Floor);
        let proportional = Scoring::default();
        assert!(unreachable_deduction(&rule, d("5"), d("3"), &floor).is_some());
        assert_eq!(unreachable_deduction(&rule, d("5"), d("4"), &floor), None);
        assert_eq!(unreachable_deduction(&rule, d("5"), d("5"), &floor), None);
        assert_eq!(
            unreachable_deduction(&rule, d("5"), d("3"), &proportional),
            None
        );
        // 35 points from 95% to the 60% line at 1 point per 5: 7 at most above the line.
        let line = parse_rule("预算执行率≥95%得满分，每降低5个百分点扣1分；低于60%不得分");
        let sc = Scoring::default();
        assert_eq!(unreachable_deduction(&line, d("10"), d("7"), &sc), None);
        assert!(unreachable_deduction(&line, d("10"), d("8"), &sc).is_some());
        assert_eq!(unreachable_deduction(&line, d("10"), d("10"), &sc), None);
    }

    /// The deductions R302 offers: whole items up to the weight, the items listed, and six.
    #[test]
    fn multiples_offered() {
        assert_eq!(multiples(d("0.5"), d("5"), None), "0.5、1、1.5、2、2.5、3");
        assert_eq!(multiples(d("1"), d("5"), Some(3)), "1、2、3");
        assert_eq!(multiples(d("2"), d("5"), None), "2、4");
    }

    /// Bands cover the line when each starts where the one before ends and one of the two
    /// holds that number; a gap, or an end held by neither, leaves values without a band.
    #[test]
    fn bands_covering_the_line() {
        let end = |v: &str, inclusive: bool| {
            Some(Bound {
                value: d(v),
                inclusive,
            })
        };
        let bands = |list: Vec<(Option<Bound>, Option<Bound>)>| Bands {
            metric: None,
            unit: None,
            bands: list
                .into_iter()
                .map(|(lower, upper)| Band {
                    lower,
                    upper,
                    award: Award::Points(Decimal::ONE),
                })
                .collect(),
        };
        // <80, exactly 80, (80, 90), ≥90, listed in any order.
        let whole = bands(vec![
            (end("80", false), end("90", false)),
            (None, end("80", false)),
            (end("90", true), None),
            (end("80", true), end("80", true)),
        ]);
        assert!(covers_the_line(&whole));
        // A gap between 80 and 90.
        let gap = bands(vec![(None, end("80", false)), (end("90", true), None)]);
        assert!(!covers_the_line(&gap));
        // 80 held by neither side.
        let hole = bands(vec![(None, end("80", false)), (end("80", false), None)]);
        assert!(!covers_the_line(&hole));
        // Closed below, or open above never reached.
        let closed = bands(vec![(end("0", true), None)]);
        assert!(!covers_the_line(&closed));
        let short = bands(vec![(None, end("80", true))]);
        assert!(!covers_the_line(&short));
        assert!(!covers_the_line(&bands(vec![])));
    }

    /// A checklist without 严重的不得分 has no score for 严重; one with it scores nothing.
    #[test]
    fn serious_on_a_checklist_needs_its_rule() {
        let sc = Scoring::default();
        let plain = parse_rule("①…；②…；③…。一项不符合扣0.5分");
        assert!(score(&plain, d("2"), &inputs_failed("严重"), &sc).is_err());
        let serious = parse_rule(FOUR_ITEMS);
        let s = score(&serious, d("2"), &inputs_failed("严重"), &sc).unwrap();
        assert_eq!(s.score, d("0"));
    }

    /// A bare number in 不符合项 under equal shares (`1`) is that many 要点 lost, whichever.
    #[test]
    fn equal_shares_lose_a_share_per_point_counted() {
        let rule = parse_rule("要点①②③各占1/3");
        let at = |failed: &str| score_failed(&rule, "3", failed);
        assert_eq!(at("1"), d("2"));
        assert_eq!(at("2项"), d("1"));
        assert_eq!(at("无"), d("3"));
    }

    /// Items of equal points counted as unmet (`1项`) lose that many items' points.
    #[test]
    fn an_additive_count_loses_the_points_of_that_many_items() {
        let rule = parse_rule("设有目标(2分)目标明确(2分)目标细化(2分)");
        let at = |failed: &str| score_failed(&rule, "6", failed);
        assert_eq!(at("1项"), d("4"));
        assert_eq!(at("2项"), d("2"));
        assert_eq!(at("3项"), d("0"));
        // More items than listed, or part of one, fit no count of these items.
        for failed in ["4项", "1.5项"] {
            let inputs = inputs_failed(failed);
            assert!(
                score(&rule, d("6"), &inputs, &Scoring::default()).is_err(),
                "{failed}"
            );
        }
    }

    /// Of two parts with rules inside, only one taking the actual value, the row's inputs go
    /// to that one: the other's count is not read from the row's 不符合项.
    #[test]
    fn the_row_inputs_go_to_the_one_part_that_takes_the_actual() {
        let rule = parse_rule(
            "1.继续推动水库水环境综合整治，按完成比例得分（5分）；\n2.对破坏矿产资源行为严肃查处，出现一例未查处扣2分（5分）。",
        );
        let Rule::Additive(a) = &rule else {
            panic!("{rule:?}")
        };
        assert!(
            matches!(a.rule_of(0), Some(Rule::Proportional(_))),
            "{rule:?}"
        );
        assert!(matches!(a.rule_of(1), Some(Rule::Count(_))), "{rule:?}");
        let inputs = Inputs {
            filed_score: Some(d("5")),
            failed: parse_failed("无"),
            ..inputs_actual("60%")
        };
        // Part 1 gives 3; part 2 is open (0 to 5), its count not in the row (无 names no part
        // not met, not no problem found): the filed 5 stands.
        let s = score(&rule, d("10"), &inputs, &Scoring::default()).unwrap();
        assert_eq!(s.score, d("5"), "{}", s.computation);
    }

    /// `最低得2分`: a count deducts no further than the lowest score, whatever the count.
    #[test]
    fn a_count_stops_at_the_lowest_score() {
        let rule = parse_rule("每发现一处问题扣1分，最低得2分");
        let sc = Scoring::default();
        let at = |failed: &str| score_failed(&rule, "5", failed);
        assert_eq!(at("2处"), d("3"));
        // A bare number is a count here (no items are listed).
        assert_eq!(at("2"), d("3"));
        assert_eq!(at("3处"), d("2"));
        assert_eq!(at("4处"), d("2"));
        // Down to the lowest score is reachable though no whole number of steps: 2 a problem
        // to 1 of 6 deducts 5; 3 is neither.
        let rule = parse_rule("每发现一处问题扣2分，最低得1分");
        assert!(unreachable_deduction(&rule, d("6"), d("5"), &sc).is_none());
        assert!(unreachable_deduction(&rule, d("6"), d("4"), &sc).is_none());
        assert!(unreachable_deduction(&rule, d("6"), d("3"), &sc).is_some());
    }

    #[test]
    fn a_count_may_cost_a_share_of_the_weight() {
        let rule = parse_rule("办事指南要素类别缺失的，每发现一项扣10%分，扣完为止；");
        assert_eq!(rule.params()["deduct_share"], "10");
        assert_eq!(parse_rule(&rule.to_string()), rule);
        let inputs = Inputs {
            failed: parse_failed("3项"),
            ..Inputs::default()
        };
        let sc = Scoring::default();
        assert_eq!(
            score(&rule, d("12.5"), &inputs, &sc).unwrap().score,
            d("8.75")
        );
        assert!(unreachable_deduction(&rule, d("12.5"), d("2.5"), &sc).is_none());
        assert!(unreachable_deduction(&rule, d("12.5"), d("2"), &sc).is_some());
    }

    #[test]
    fn bands_that_leave_values_unsaid_make_no_unreachable_finding() {
        let sc = Scoring::default();
        let ranks = parse_rule("在全市排名1-5名的依次赋予20分、19分、18分、17分、16分");
        assert!(
            unreachable_deduction(&ranks, d("20"), d("5"), &sc).is_none(),
            "rank 6+ is unsaid"
        );
        let full = parse_rule("≥95%得满分；90%（含）-95%得3分；<90%不得分");
        assert!(
            unreachable_deduction(&full, d("5"), d("1"), &sc).is_some(),
            "4 is no band's"
        );
        assert!(unreachable_deduction(&full, d("5"), d("2"), &sc).is_none());
    }

    #[test]
    fn a_deviation_costs_either_way() {
        let rule = parse_rule("实际完成情况与计划每相差4%,扣1分,扣满10分为止。");
        let at = |a: &str| {
            score(&rule, d("10"), &inputs_actual(a), &Scoring::default()).map(|s| s.score)
        };
        assert_eq!(at("92%"), Ok(d("8")));
        assert_eq!(at("108%"), Ok(d("8")));
        assert_eq!(at("100%"), Ok(d("10")));
        assert_eq!(at("40%"), Ok(d("0")));
    }

    #[test]
    fn failures_found_add_up() {
        let rule = parse_rule(
            "缺正高级职称材料的扣 4分， 缺副高级职称材料的扣 3分， 缺中级职称材料的扣 1分 ",
        );
        let at = |actual: &str| {
            let inputs = Inputs {
                actual_text: Some(actual.into()),
                ..Inputs::default()
            };
            score(&rule, d("7"), &inputs, &Scoring::default()).map(|s| s.score)
        };
        assert_eq!(at("缺副高级职称材料"), Ok(d("4")));
        assert_eq!(at("缺副高级职称材料、缺中级职称材料"), Ok(d("3")));
        // 评分依据: one failure is the grade it names; several are each found.
        let said = |actual: &str| {
            let inputs = Inputs {
                actual_text: Some(actual.into()),
                ..Inputs::default()
            };
            score(&rule, d("7"), &inputs, &Scoring::default())
                .unwrap()
                .computation
        };
        assert_eq!(said("缺副高级职称材料"), "评定为“缺副高级职称材料”，得4分");
        assert_eq!(
            said("缺副高级职称材料、缺中级职称材料"),
            "存在“缺副高级职称材料”、“缺中级职称材料”，得3分"
        );
        assert!(at("齐全").is_err(), "the state not written is not guessed");
        let rule = parse_rule("未及时开展培训，扣6分；未开展培训不得分");
        let inputs = Inputs {
            actual_text: Some("未及时开展培训".into()),
            ..Inputs::default()
        };
        assert_eq!(
            score(&rule, d("15"), &inputs, &Scoring::default()).map(|s| s.score),
            Ok(d("9")),
            "未开展培训 inside 未及时开展培训 is not a second failure"
        );
    }

    #[test]
    fn a_gate_share_scores_nothing_without_its_point() {
        let rule = parse_rule("①项目有绩效目标；②项目绩效目标与实际工作内容具有相关性；③项目预期产出和效果达到预期的业绩水平；④与预算确定的项目投资额或资金量相匹配。具备要素①，得到指标分值的40%；如不具备，该指标分值为0。具备要素②③④，分别得到指标分值的20%。");
        let at = |f: &str| {
            let inputs = Inputs {
                failed: parse_failed(f),
                ..Inputs::default()
            };
            score(&rule, d("5"), &inputs, &Scoring::default()).map(|s| s.score)
        };
        assert_eq!(at("③"), Ok(d("4")));
        assert_eq!(at("①"), Ok(d("0")), "without ① nothing");
        assert_eq!(at("②④"), Ok(d("3")));
        // The computation names the points lost, and only those.
        let said = |rule: &Rule, f: &str| {
            let inputs = Inputs {
                failed: parse_failed(f),
                ..Inputs::default()
            };
            score(rule, d("5"), &inputs, &Scoring::default())
                .unwrap()
                .computation
        };
        assert_eq!(said(&rule, "③"), "要点③（占20%）不得分，得4分");
        assert_eq!(said(&rule, "①"), "不具备要点①，该指标不得分");
        assert_eq!(said(&rule, "无"), "各要点均满足，得满分");
        // A gate on another point is named by its own number.
        let second = parse_rule("①项目有绩效目标；②项目绩效目标与实际工作内容具有相关性；③项目预期产出和效果达到预期的业绩水平。具备要素②，得到指标分值的40%；如不具备，该指标分值为0。具备要素①③，分别得到指标分值的30%。");
        assert_eq!(said(&second, "②"), "不具备要点②，该指标不得分");
    }

    #[test]
    fn share_deductions_must_be_whole_shares() {
        let rule = parse_rule("要点①②③各占指标分值的1/3，符合要点得相应分值，否则扣除");
        let sc = Scoring::default();
        assert!(unreachable_deduction(&rule, d("3"), d("1"), &sc).is_none());
        assert!(unreachable_deduction(&rule, d("5"), d("1.67"), &sc).is_none());
        assert!(unreachable_deduction(&rule, d("3"), d("0.5"), &sc).is_some());
    }

    #[test]
    fn budget_share_and_zero_line() {
        let rule = parse_rule(
            "预算执行率95%以上，得满分；低于95%，每下降1%扣权重的1%；预算执行率60%以下，不计分",
        );
        let w = d("2");
        assert_eq!(
            score(&rule, w, &inputs_actual("95.52%"), &Scoring::default())
                .unwrap()
                .score,
            d("2")
        );
        assert_eq!(
            score(&rule, w, &inputs_actual("90%"), &Scoring::default())
                .unwrap()
                .score,
            d("1.9")
        );
        assert_eq!(
            score(&rule, w, &inputs_actual("60%"), &Scoring::default())
                .unwrap()
                .score,
            d("0")
        );
        assert_eq!(
            score(&rule, w, &inputs_actual("61%"), &Scoring::default())
                .unwrap()
                .score,
            d("1.32")
        );
        // 0.66 deducted is reachable, 1.5 is not (past 60% the score drops to 0 at once).
        assert_eq!(
            unreachable_deduction(&rule, w, d("0.66"), &Scoring::default()),
            None
        );
        assert!(unreachable_deduction(&rule, w, d("1.5"), &Scoring::default()).is_some());
    }

    /// A band worth a range of points takes the filed score inside it, the nearest end
    /// outside it, and the top without one.
    #[test]
    fn a_range_award_takes_the_filed_score_within_it() {
        let rule = parse_rule("资金全部到位(14分)到位率在75%以上(10分到13分)");
        for (filed, read) in [
            (Some("12"), "12"),
            (Some("10"), "10"),
            (Some("13"), "13"),
            (Some("9"), "10"),
            (Some("13.5"), "13"),
            (None, "13"),
        ] {
            let inputs = Inputs {
                filed_score: filed.map(d),
                ..inputs_actual("80%")
            };
            let s = score(&rule, d("14"), &inputs, &Scoring::default()).unwrap();
            assert_eq!(s.score, d(read), "{filed:?}");
        }
        // On a weight below the range's top, the top is the weight.
        let inputs = Inputs {
            filed_score: Some(d("12")),
            ..inputs_actual("80%")
        };
        let s = score(&rule, d("11"), &inputs, &Scoring::default()).unwrap();
        assert_eq!(s.score, d("11"));
    }

    /// A threshold's edges: a share of the weight other than 1%, a lowest score, a fraction
    /// beside a limit of exactly 1%, and the words of full marks on each side.
    #[test]
    fn threshold_edges() {
        let sc = Scoring::default();
        let scored = |text: &str, w: &str, actual: &str| {
            score(&parse_rule(text), d(w), &inputs_actual(actual), &sc).unwrap()
        };
        // 5 points below at 2% of 5 each: 0.5 off.
        let r = scored(
            "预算执行率95%以上，得满分；低于95%，每下降1%扣权重的2%",
            "5",
            "90%",
        );
        assert_eq!(r.score, d("4.5"));
        // 15 points below at 1 each, but never below 5.
        let r = scored(
            "满意度≥95%得满分，每降低1个百分点扣1分，最低得5分",
            "10",
            "80%",
        );
        assert_eq!(r.score, d("5"));
        // A limit of 1% is no limit above 1: 0.5 is 0.5%, not a fraction (50%).
        let r = scored("差错率≤1%得满分，每超过0.1个百分点扣1分", "5", "0.5");
        assert_eq!((r.score, r.fraction_read), (d("5"), false));
        assert!(r.computation.contains("未超过1%标准"), "{}", r.computation);
        let r = scored("满意度≥90%得满分，每降低1个百分点扣1分", "5", "92%");
        assert!(
            r.computation.contains("未低于90%标准，得满分"),
            "{}",
            r.computation
        );
    }

    #[test]
    fn reverse_rule_scores_the_excess() {
        let rule = parse_rule("在职人员控制率≦100%,计5分;每超过一个百分点扣0.5分");
        assert_eq!(
            score(&rule, d("5"), &inputs_actual("103%"), &Scoring::default())
                .unwrap()
                .score,
            d("3.5")
        );
        assert_eq!(
            score(&rule, d("5"), &inputs_actual("98%"), &Scoring::default())
                .unwrap()
                .score,
            d("5")
        );
    }

    #[test]
    fn checklist_items_and_serious() {
        let rule = parse_rule("①…；②…；③…。一项不符合扣0.5分，严重的此项完全不得分。");
        let with = |f: &str| Inputs {
            failed: parse_failed(f),
            ..Inputs::default()
        };
        assert_eq!(
            score(&rule, d("1"), &with("③"), &Scoring::default())
                .unwrap()
                .score,
            d("0.5")
        );
        assert_eq!(
            score(&rule, d("1"), &with("1,3"), &Scoring::default())
                .unwrap()
                .score,
            d("0")
        );
        assert_eq!(
            score(&rule, d("2"), &with("严重"), &Scoring::default())
                .unwrap()
                .score,
            d("0")
        );
        assert!(matches!(
            score(&rule, d("1"), &with("⑤"), &Scoring::default()),
            Err(NoScore::BadItems(_))
        ));
        assert_eq!(
            score(&rule, d("1"), &Inputs::default(), &Scoring::default()),
            Err(NoScore::Missing("不符合项"))
        );
        assert_eq!(
            unreachable_deduction(&rule, d("2"), d("1"), &Scoring::default()),
            None
        );
        assert!(unreachable_deduction(&rule, d("2"), d("0.7"), &Scoring::default()).is_some());
        assert_eq!(
            unreachable_deduction(&rule, d("2"), d("2"), &Scoring::default()),
            None
        );
    }

    #[test]
    fn failed_item_notations() {
        let items = |v: &[u32]| Some(Failed::Items(v.to_vec()));
        let count = |n: &str| Some(Failed::Count(d(n)));
        for (text, read) in [
            ("③", items(&[3])),
            ("①③", items(&[1, 3])),
            ("1,3", items(&[1, 3])),
            ("1、3", items(&[1, 3])),
            ("1、3项", items(&[1, 3])),
            ("第2项", items(&[2])),
            ("第3项", items(&[3])),
            ("第２项", items(&[2])),
            // A bare whole number is an item or a count: the scoring decides.
            ("2", Some(Failed::Bare(2))),
            ("3", Some(Failed::Bare(3))),
            ("３", Some(Failed::Bare(3))),
            (" 3 ", Some(Failed::Bare(3))),
            // A counter word makes it a count.
            ("3项", count("3")),
            ("3个", count("3")),
            ("3处", count("3")),
            ("2次", count("2")),
            ("共3项", count("3")),
            ("有2处", count("2")),
            // A number cell shown with places is still a whole number.
            ("1.0", Some(Failed::Bare(1))),
            // Not a whole number: no item number, a count.
            ("2.5", count("2.5")),
            ("99999999999", count("99999999999")),
            ("严重", Some(Failed::Serious)),
            ("无", items(&[])),
            ("0", items(&[])),
            ("00", items(&[])),
            ("", None),
            ("若干", None),
            // A sentence around a number is no count of failures: at most five words of it.
            ("较上年减少3次", None),
            ("迟报3次", count("3")),
            // Five words at most: the counter word and four before the number.
            ("年度迟报3次", count("3")),
            ("本年度迟报3次", None),
            // Counted by the words around the number, not by its digits.
            ("逾期12天", count("12")),
            ("共120处", count("120")),
        ] {
            assert_eq!(parse_failed(text), read, "{text:?}");
        }
    }

    /// The seed's four-item checklist, 0.5 per item, on a weight of 2.
    const FOUR_ITEMS: &str = "①是否符合国家相关法律法规；②是否与项目实施单位职责密切相关；③项目是否为促进事业发展所必需；④项目预期产出效益是否符合正常的业绩水平。一项不符合扣0.5分，严重的此项完全不得分。";

    fn bare(rule: &Rule, weight: &str, failed: &str, filed: Option<&str>) -> Scored {
        let inputs = Inputs {
            failed: parse_failed(failed),
            filed_score: filed.map(d),
            ..Inputs::default()
        };
        score(rule, d(weight), &inputs, &Scoring::default()).unwrap()
    }

    #[test]
    fn a_bare_number_is_the_item_when_the_filed_score_says_so() {
        let rule = parse_rule(FOUR_ITEMS);
        let s = bare(&rule, "2", "3", Some("1.5"));
        assert_eq!(s.score, d("1.5"));
        assert_eq!(s.computation, "第③项不符合，每项扣0.5分，扣0.5分");
        let b = s.bare.unwrap();
        assert_eq!((b.taken, b.neither), (ReadAs::Item, false));
        assert_eq!(
            b.note,
            "不符合项“3”按第3项计，与填报得分相符（按3项计则得0.5分）"
        );
        let other = b.other.unwrap();
        assert_eq!((other.read_as, other.score), (ReadAs::Count, d("0.5")));
    }

    #[test]
    fn a_bare_number_is_a_count_when_the_filed_score_says_so() {
        let rule = parse_rule(FOUR_ITEMS);
        let s = bare(&rule, "2", "3", Some("0.5"));
        assert_eq!(s.score, d("0.5"));
        assert_eq!(s.computation, "3项不符合，每项扣0.5分，扣1.5分");
        let b = s.bare.unwrap();
        assert_eq!((b.taken, b.neither), (ReadAs::Count, false));
        assert_eq!(
            b.note,
            "不符合项“3”按3项计，与填报得分相符（按第3项计则得1.5分）"
        );
    }

    #[test]
    fn a_bare_number_that_fits_neither_reading_prefers_the_listed_item() {
        let rule = parse_rule(FOUR_ITEMS);
        let s = bare(&rule, "2", "3", Some("1"));
        assert_eq!(s.score, d("1.5"));
        let b = s.bare.unwrap();
        assert_eq!((b.taken, b.neither), (ReadAs::Item, true));
        assert_eq!(
            b.note,
            "不符合项“3”按第3项计得1.5分、按3项计得0.5分，都与填报得分不符；取按第3项计"
        );
        // Without a filed score there is nothing to compare with.
        let b = bare(&rule, "2", "3", None).bare.unwrap();
        assert_eq!((b.taken, b.neither), (ReadAs::Item, false));
        assert_eq!(
            b.note,
            "不符合项“3”按第3项计（未填报得分，无从比对；按3项计则得0.5分）"
        );
    }

    #[test]
    fn a_bare_number_both_readings_fit_takes_the_item_of_a_listing_criterion() {
        // Item ① and one item cost the same.
        let b = bare(&parse_rule(FOUR_ITEMS), "2", "1", Some("1.5"))
            .bare
            .unwrap();
        assert_eq!(b.taken, ReadAs::Item);
        assert_eq!(
            b.note,
            "不符合项“1”按第1项计（按1项计也与填报得分相符；评价标准列出了各项，取项号）"
        );
        // A criterion that lists no items: the count.
        let unlisted = parse_rule("一项不符合扣2分，与目标严重不符不得分。");
        let s = bare(&unlisted, "10", "1", Some("8"));
        assert_eq!(s.score, d("8"));
        let b = s.bare.unwrap();
        assert_eq!(b.taken, ReadAs::Count);
        assert_eq!(
            b.note,
            "不符合项“1”按1项计（按第1项计也与填报得分相符；评价标准未列出各项，取项数）"
        );
    }

    #[test]
    fn a_bare_number_beyond_the_listed_items_is_a_count() {
        let s = bare(&parse_rule(FOUR_ITEMS), "5", "5", Some("2"));
        assert_eq!(s.score, d("2.5"));
        let b = s.bare.unwrap();
        assert_eq!((b.taken, b.other), (ReadAs::Count, None));
        assert_eq!(
            b.note,
            "不符合项“5”按5项计（评价标准只列了4项，不会是第5项）"
        );
    }

    #[test]
    fn a_bare_number_under_a_count_rule_uses_its_counter_word() {
        let rule = parse_rule("每发现1处问题扣0.5分，扣完为止");
        let s = bare(&rule, "5", "3", Some("3.5"));
        assert_eq!(s.score, d("3.5"));
        let b = s.bare.unwrap();
        assert_eq!(b.taken, ReadAs::Count);
        assert_eq!(b.label(ReadAs::Count), "按3处计");
        // One occurrence (item 3 of a list the rule does not have) fits a deduction of 0.5.
        assert_eq!(
            bare(&rule, "5", "3", Some("4.5")).bare.unwrap().taken,
            ReadAs::Item
        );
    }

    #[test]
    fn a_bare_number_under_an_additive_rule() {
        let equal = parse_rule("设有目标(1分)目标明确(1分)目标细化(1分)");
        // Item ② not met, or two items not met.
        assert_eq!(
            bare(&equal, "3", "2", Some("2")).bare.unwrap().taken,
            ReadAs::Item
        );
        let s = bare(&equal, "3", "2", Some("1"));
        assert_eq!(s.computation, "2项未满足，每项1分，得1分");
        assert_eq!(s.bare.unwrap().taken, ReadAs::Count);
        // Items of different points: only the item reading scores.
        let unequal = parse_rule("设有目标(1分)目标明确(2分)目标细化(2分)");
        let s = bare(&unequal, "5", "2", Some("3"));
        assert_eq!(s.score, d("3"));
        let b = s.bare.unwrap();
        assert_eq!((b.taken, b.other), (ReadAs::Item, None));
        assert!(
            b.note.starts_with("不符合项“2”按第2项计（不能按项数计："),
            "{}",
            b.note
        );
        // Beyond the items and not countable either: R306.
        let inputs = Inputs {
            failed: parse_failed("4"),
            filed_score: Some(d("5")),
            ..Inputs::default()
        };
        assert!(matches!(
            score(&unequal, d("5"), &inputs, &Scoring::default()),
            Err(NoScore::BadItems(_))
        ));
    }

    #[test]
    fn a_bare_number_filed_at_a_half_way_rounding_agrees() {
        // 0.335 per item: item ③ leaves 0.665 of 1, filed 0.66 (half even, truncated) or
        // 0.67 (half up); three items leave 0.
        let rule = parse_rule("①…；②…；③…。一项不符合扣0.335分");
        for filed in ["0.66", "0.67"] {
            let b = bare(&rule, "1", "3", Some(filed)).bare.unwrap();
            assert_eq!((b.taken, b.neither), (ReadAs::Item, false), "{filed}");
        }
        assert!(bare(&rule, "1", "3", Some("0.65")).bare.unwrap().neither);
    }

    #[test]
    fn counts_and_items_written_as_such_are_not_bare() {
        let rule = parse_rule(FOUR_ITEMS);
        for (failed, score) in [("3项", "0.5"), ("第3项", "1.5"), ("③", "1.5"), ("1,3", "1")] {
            let s = bare(&rule, "2", failed, Some("0"));
            assert_eq!((s.score, s.bare), (d(score), None), "{failed}");
        }
    }

    #[test]
    fn implied_value_of_the_seed_deduction() {
        let Rule::Threshold(t) =
            parse_rule("社会公众满意度大于90%的得满分，每少1个百分点扣0.3分，扣完为止。")
        else {
            panic!()
        };
        assert_eq!(t.implied_actual(d("0.6"), d("90"), d("10")), Some(d("88")));
        // Nothing deducted implies no value (any value at or above the line fits), and the
        // whole weight implies none either (any value far enough below fits).
        assert_eq!(t.implied_actual(d("0"), d("90"), d("10")), None);
        assert_eq!(t.implied_actual(d("10"), d("90"), d("10")), None);
        assert_eq!(percent_numbers("社会公众满意度大于96%"), vec![d("96")]);
        // A number at the end without `%` is none; `%` after a number with places is.
        assert_eq!(percent_numbers("满意度96%，扣0.6"), vec![d("96")]);
        assert_eq!(percent_numbers("完成率95.5％"), vec![d("95.5")]);
        // A step of 5 points: 2 deducted is 10 points below.
        let Rule::Threshold(t) = parse_rule("满意度≥90%得满分，每降低5个百分点扣1分，扣完为止")
        else {
            panic!()
        };
        assert_eq!(t.implied_actual(d("2"), d("90"), d("10")), Some(d("80")));
        // Above a ceiling: 1 deducted at 0.5 a point is 2 points over.
        let Rule::Threshold(t) = parse_rule("在职人员控制率≦100%,计5分;每超过一个百分点扣0.5分")
        else {
            panic!()
        };
        assert_eq!(t.implied_actual(d("1"), d("100"), d("5")), Some(d("102")));
    }

    #[test]
    fn self_evaluation_targets_score_by_the_direction_of_their_sign() {
        let rule = super::super::form::quantitative();
        let with = |target: &str, actual: &str| Inputs {
            target: parse_measure(target),
            actual: parse_measure(actual),
            name: "受益人口".into(),
            ..Inputs::default()
        };
        let scoring = Scoring::default();
        let s = score(&rule, d("10"), &with("≥25000人", "23500人"), &scoring).unwrap();
        assert_eq!(s.score, d("9.4"));
        assert_eq!(
            s.computation,
            "受益人口完成23500人，低于年度指标25000人，得分10×23500/25000=9.4"
        );
        // A cost: full up to the target, then less by the excess, 0 from twice the target.
        let cost = |a: &str| score(&rule, d("10"), &with("≤90万元", a), &scoring).unwrap();
        assert_eq!(cost("90").score, d("10"));
        assert_eq!(cost("99").score, d("9"));
        assert_eq!(cost("180").score, d("0"));
        // A fraction under a percentage target is read as a percentage.
        let s = score(&rule, d("5"), &with("90%", "0.85"), &scoring).unwrap();
        assert!(s.fraction_read);
        assert_eq!(s.actual, Some(d("85")));
        assert_eq!(
            score(&rule, d("5"), &with("90%", ""), &scoring),
            Err(NoScore::Missing("实际完成值"))
        );
    }

    #[test]
    fn a_qualitative_grade_admits_the_scores_of_its_band() {
        let rule = super::super::form::qualitative("部分达成年度指标并具有一定效果").unwrap();
        let filed = |f: &str| Inputs {
            filed_score: Some(d(f)),
            ..Inputs::default()
        };
        let scoring = Scoring::default();
        // 60% (included) to 80% (excluded) of 3.33: 2.00 to 2.66 once rounded as scores are.
        assert_eq!(
            score(&rule, d("3.33"), &filed("2"), &scoring)
                .unwrap()
                .score,
            d("2")
        );
        assert!(matches!(
            score(&rule, d("3.33"), &filed("2.66"), &scoring),
            Err(NoScore::OutOfBand { .. })
        ));
        assert!(matches!(
            score(&rule, d("10"), &filed("10"), &scoring),
            Err(NoScore::OutOfBand { .. })
        ));
        assert_eq!(
            score(&rule, d("10"), &Inputs::default(), &scoring),
            Err(NoScore::Missing("得分"))
        );
    }

    #[test]
    fn measures_with_the_signs_of_real_forms() {
        for (text, cmp) in [
            ("≧100%", Cmp::Ge),
            ("═100%", Cmp::Ge),
            ("﹦100%", Cmp::Ge),
            ("≦5天", Cmp::Le),
        ] {
            let m = parse_measure(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(m.cmp, Some(cmp), "{text}");
        }
    }

    #[test]
    fn measures() {
        let m = parse_measure("≥100百分比").unwrap();
        assert!(m.is_percent());
        assert_eq!(m.cmp, Some(Cmp::Ge));
        assert_eq!(parse_measure("≤90万元").unwrap().unit, Unit::word("万元"));
        assert_eq!(parse_measure("4500人").unwrap().value, d("4500"));
        assert_eq!(parse_measure("健全"), None);
        // A unit is a word of four characters at most, without digits.
        assert_eq!(
            parse_measure("12平方公里").unwrap().unit,
            Unit::word("平方公里")
        );
        assert_eq!(parse_measure("12平方公里内"), None);
        assert_eq!(parse_measure("3个5"), None);
        assert_eq!(parse_measure("12").unwrap().unit, None);
    }
}
