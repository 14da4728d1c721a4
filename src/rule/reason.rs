//! Actual values stated in a reason (SPEC §4, "Ambiguity never makes an error"): where a row
//! has no 实际完成值, its 扣分原因 / 偏差原因 may say what it was — `满意度为87%`,
//! `完成120家，计划150家` — and the row's rule is then applied to that value. A false reading
//! is worse than none, so a value is taken only where the text states it plainly as the
//! metric's actual; anything less clear yields nothing and the filed score stands.
//!
//! Reading ([`stated_actual`]), on the text as [`normalize`] leaves it (half-width, simplified,
//! Chinese numerals as digits, no spaces), cut into clauses at `, 。 ; 、 ( ) ! ?`; within a
//! clause, the text before a number runs back to the clause start or the previous number:
//!
//! ```text
//! rate      := metric link? NUMBER "%"                        满意度为87% · 执行率92.3%
//! metric    := a run of CJK ending in 率 | 度 | 满意 (two characters at least)
//! link      := 为 | 是 | 达 | 达到 | 达到了 | 仅 | 仅为 | 仅达 | 只有 | 实际 | 实际为 | 实际达到 | :
//! done      := … 完成 | 实际 | 实现 … NUMBER unit?           完成120家 · 实际改造120户
//! planned   := … 计划 | 目标 | 任务 | 预计 | 预期 | 指标值 … NUMBER unit?   计划150家
//! pair      := done … planned | planned … done, in one unit    完成120家，计划150家
//! ```
//!
//! Every other percentage is sorted out first, and only a percentage that is none of these
//! can be a rate:
//! - a deduction: after 扣 / 扣除 / 权重(的) / 分值(的) / 总分(的), or before 扣分 / 权重 / 分值
//!   (`扣权重的2%`, `扣2%权重分值`) — ignored;
//! - a step: within `每…` (`每低1%扣0.5分`) — ignored;
//! - a threshold: after 低于 / 高于 / 大于 / 未达到 / 不足 / ≥ … or with 标准 / 目标 / 要求 / 计划 /
//!   预期 / 指标值 in its metric (`低于90%`, `标准为95%`, `计划完成率100%`), or before 标准 / 目标 /
//!   要求 (`95%的标准`) — ignored;
//! - anything else (`约87%`, `87%以上`, `85%-90%`, `比上年提高2%`, `不满意率5%`) — unclear: it makes
//!   the whole reason unclear.
//!
//! A reading is one rate (the same value however often it is written) or one pair (one done
//! and one planned number in one unit, no other number in that unit, nothing hedged as
//! `120多家`), or both when the rate is a completion rate the pair agrees with. Two different
//! rates, two done numbers, or any unclear percentage: no reading.
//!
//! Whether a reading fits a row ([`actual_from_reason`]) depends on what the row's rule wants
//! ([`Wanted`]): a rule in percent takes a rate whose metric is the row's (the last two
//! characters of the metric, or 满意, found in the indicator's name or the rule's metric), or a
//! completion rate / pair where the row is about completion (完成 / 实现 in its name or metric,
//! or a rule scoring the degree of completion), the pair as done / planned × 100; a rule in
//! another unit (`≥150家`) takes a pair's done number when the pair's unit is the rule's and
//! its planned number is the rule's target or threshold.

use super::normalize::normalize;
use super::score::Measure;
use super::{Basis, Limit, Proportional, Rule, Scoring, Unit};
use crate::text::{fmt_dec, within_range};
use rust_decimal::Decimal;
use std::fmt;

/// What a reason states as the row's actual value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stated {
    /// `满意度为87%`: a rate in percent, with the metric it is written after.
    Rate {
        /// The metric word (`满意度`, `资金到位率`).
        metric: String,
        /// The rate, in percent.
        value: Decimal,
    },
    /// `完成120家，计划150家`: what was done and what was planned, in one unit.
    Pair {
        /// The number done.
        done: Decimal,
        /// The number planned (never 0).
        planned: Decimal,
        /// Their unit (`家`), if written.
        unit: Option<Unit>,
    },
}

impl fmt::Display for Stated {
    /// `满意度87%`, `完成120家，计划150家`: a text [`stated_actual`] reads back to the same value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stated::Rate { metric, value } => write!(f, "{metric}{}%", fmt_dec(*value)),
            Stated::Pair {
                done,
                planned,
                unit,
            } => {
                let u = unit.as_ref().map(Unit::to_string).unwrap_or_default();
                write!(f, "完成{}{u}，计划{}{u}", fmt_dec(*done), fmt_dec(*planned))
            }
        }
    }
}

/// What a rule needs as the actual value, for reading one from a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    /// A rate, or a quantity.
    pub need: Need,
    /// The metric the rule names (资金到位率), if any.
    pub metric: Option<String>,
    /// True when the rule scores a degree of completion (按实现程度计算得分): a completion
    /// rate fits it whatever the indicator is called.
    pub completion: bool,
}

/// The kind of number a rule takes as its actual value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Need {
    /// A rate in percent.
    Percent,
    /// A quantity in a unit (none for a bare number), compared with a reference (the target or
    /// threshold) that a pair's planned number must equal.
    Quantity {
        /// The unit.
        unit: Option<Unit>,
        /// The target or threshold.
        reference: Decimal,
    },
}

/// What a rule wants as the actual value, given the row's target: `None` for rules that take
/// no number (checklists, counts of problems, grade words, manual rules) and for rules whose
/// unit is unknown.
pub fn wanted(rule: &Rule, target: Option<&Measure>) -> Option<Wanted> {
    let percent = |metric: Option<&String>, completion| Wanted {
        need: Need::Percent,
        metric: metric.cloned(),
        completion,
    };
    let by_unit =
        |unit: Option<&Unit>, reference: Option<Decimal>, metric: Option<&String>| match unit {
            Some(Unit::Percent) => Some(percent(metric, false)),
            Some(u) => reference.map(|reference| Wanted {
                need: Need::Quantity {
                    unit: Some(u.clone()),
                    reference,
                },
                metric: metric.cloned(),
                completion: false,
            }),
            None => None,
        };
    let target_unit = target.and_then(|t| t.unit.as_ref());
    match rule {
        Rule::Threshold(t) => match t.limit {
            Limit::Value(v) => by_unit(t.unit.as_ref(), Some(v), t.metric.as_ref()),
            Limit::Target => by_unit(
                t.unit.as_ref().or(target_unit),
                target.map(|m| m.value),
                t.metric.as_ref(),
            ),
        },
        Rule::Bands(b) if b.unit == Some(Unit::Percent) => Some(percent(b.metric.as_ref(), false)),
        Rule::Proportional(Proportional {
            basis: Basis::Degree,
        }) => Some(percent(None, true)),
        Rule::Proportional(_) => {
            let t = target?;
            match &t.unit {
                Some(_) => by_unit(target_unit, Some(t.value), None),
                None => Some(Wanted {
                    need: Need::Quantity {
                        unit: None,
                        reference: t.value,
                    },
                    metric: None,
                    completion: false,
                }),
            }
        }
        _ => None,
    }
}

/// The actual value a reason states for a row, as the row's rule takes it, with the reading it
/// came from: `None` when the rule takes no number, the reason states none clearly, or what it
/// states is not the row's metric (see the module doc). `name` is the indicator's name (三级指标);
/// a rate computed from a pair is rounded with `scoring` as people write it.
///
/// # Examples
/// ```
/// use jixiao::rule::{parse::parse_rule, reason::actual_from_reason, Scoring};
/// let rule = parse_rule("满意度≥90%得满分，每低1个百分点扣0.3分");
/// let s = Scoring::default();
/// let (_, m) = actual_from_reason("群众满意度87%，扣0.9分", &rule, None, "服务对象满意度", &s).unwrap();
/// assert_eq!(m.value.to_string(), "87");
/// // A threshold is not an actual; a rate of another metric is not this row's.
/// assert!(actual_from_reason("满意度低于90%", &rule, None, "服务对象满意度", &s).is_none());
/// assert!(actual_from_reason("资金到位率87%", &rule, None, "服务对象满意度", &s).is_none());
/// ```
pub fn actual_from_reason(
    reason: &str,
    rule: &Rule,
    target: Option<&Measure>,
    name: &str,
    scoring: &Scoring,
) -> Option<(Stated, Measure)> {
    let want = wanted(rule, target)?;
    let stated = stated_actual(reason)?;
    let m = stated.actual_for(&want, name, scoring)?;
    Some((stated, m))
}

impl Stated {
    /// The actual value this reading gives a rule that wants `want`, on a row named `name`.
    pub fn actual_for(&self, want: &Wanted, name: &str, scoring: &Scoring) -> Option<Measure> {
        let percent = |value| Measure {
            value,
            unit: Some(Unit::Percent),
            cmp: None,
        };
        let about = format!(
            "{}{}",
            normalize(name),
            want.metric.as_deref().map(normalize).unwrap_or_default()
        );
        match (self, &want.need) {
            (Stated::Rate { metric, value }, Need::Percent) => {
                let fits = if is_completion(metric) {
                    about_completion(want, &about)
                } else {
                    about.contains(metric_key(metric))
                };
                fits.then(|| percent(*value))
            }
            (Stated::Pair { done, planned, .. }, Need::Percent) => {
                let rate = done
                    .checked_div(*planned)?
                    .checked_mul(Decimal::ONE_HUNDRED)?;
                about_completion(want, &about).then(|| percent(scoring.round(rate)))
            }
            (
                Stated::Pair {
                    done,
                    planned,
                    unit,
                },
                Need::Quantity {
                    unit: wanted_unit,
                    reference,
                },
            ) => (unit == wanted_unit && planned == reference).then(|| Measure {
                value: *done,
                unit: unit.clone(),
                cmp: None,
            }),
            (Stated::Rate { .. }, Need::Quantity { .. }) => None,
        }
    }
}

/// True when the row is about completion: the rule scores a degree of completion, or the
/// indicator's name or the rule's metric speaks of 完成 / 实现.
fn about_completion(want: &Wanted, about: &str) -> bool {
    want.completion || about.contains("完成") || about.contains("实现")
}

/// Completion rates: what a pair of done and planned numbers also states.
fn is_completion(metric: &str) -> bool {
    ["完成率", "完成度", "完成程度", "实现率", "实现程度"]
        .iter()
        .any(|w| metric.ends_with(w))
}

/// What ties a metric to a row: 满意 for any satisfaction wording, else its last two
/// characters (执行率 → 行率, found in 预算执行率).
fn metric_key(metric: &str) -> &str {
    if metric.contains("满意") {
        return "满意";
    }
    let start = metric.char_indices().rev().nth(1).map_or(0, |(i, _)| i);
    &metric[start..]
}

/// Reads what a reason states as an actual value (see the module doc for the grammar); `None`
/// when it states none, or states it unclearly.
///
/// # Examples
/// ```
/// use jixiao::rule::reason::{stated_actual, Stated};
/// let Some(Stated::Rate { metric, value }) = stated_actual("满意度为87%，低于90%标准") else { panic!() };
/// assert_eq!((metric.as_str(), value.to_string().as_str()), ("满意度", "87"));
/// assert!(matches!(stated_actual("完成120家，计划150家"), Some(Stated::Pair { .. })));
/// assert_eq!(stated_actual("满意度为87%，其中农户满意度80%"), None);
/// ```
pub fn stated_actual(reason: &str) -> Option<Stated> {
    let text = normalize(reason);
    let numbers = scan(&text);
    let mut rates: Vec<(String, Decimal)> = Vec::new();
    for n in numbers.iter().filter(|n| n.percent) {
        match classify_percent(n) {
            Percent::Ignored => {}
            Percent::Unclear => return None,
            Percent::Rate(metric) => rates.push((metric, n.value)),
        }
    }
    if rates.iter().any(|(_, v)| *v != rates[0].1) {
        return None;
    }
    let rate = rates.into_iter().next();
    let pair = pair_of(&numbers);
    match (rate, pair) {
        (Some((metric, value)), None) => Some(Stated::Rate { metric, value }),
        (None, Some(pair)) => Some(pair),
        (Some((metric, value)), Some(pair @ Stated::Pair { done, planned, .. })) => {
            let rate = done
                .checked_div(planned)?
                .checked_mul(Decimal::ONE_HUNDRED)?;
            (is_completion(&metric) && Scoring::default().agrees_rate(value, rate)).then_some(pair)
        }
        _ => None,
    }
}

/// A number found in a reason, with the text around it in its clause.
#[derive(Debug)]
struct Found {
    value: Decimal,
    /// Written with `%`.
    percent: bool,
    /// The unit after it (not for percentages): `Some(None)` for none, `None` for a word that
    /// is no known unit.
    unit: Option<Option<Unit>>,
    /// The clause's text from its start or the previous number up to this number.
    before: String,
    /// The clause's text after the number (and its `%` or unit).
    after: String,
}

/// Clause separators.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ',' | '。'
            | ';'
            | '、'
            | '('
            | ')'
            | '!'
            | '?'
            | '…'
            | '“'
            | '”'
            | '"'
            | '【'
            | '】'
            | '['
            | ']'
            | '《'
            | '》'
    )
}

/// Units a done or planned number may be counted in, longest first where one starts another.
#[rustfmt::skip]
const UNITS: &[&str] = &[
    "万人次", "万元", "万人", "万亩", "万册", "亿元", "人次", "户次", "场次", "个月", "平方米", "平方公里", "立方米", "公里",
    "千米", "平米", "公顷", "小时", "分钟", "元", "万", "米", "亩", "吨", "人", "户", "家", "个", "项", "件", "次",
    "所", "座", "处", "台", "套", "辆", "份", "名", "场", "期", "批", "条", "间", "栋", "张", "本", "册", "棵",
    "株", "头", "只", "天", "日", "周", "月", "年", "篇", "部", "宗", "起", "块", "口", "眼", "支", "班", "校",
    "村", "站", "盏", "床", "箱", "袋", "例", "分", "km",
];

/// Every number of a normalised reason, with its clause context.
fn scan(text: &str) -> Vec<Found> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut from = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_separator(c) {
            from = i + 1;
            i += 1;
            continue;
        }
        if !c.is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        while i < chars.len() {
            let c = chars[i];
            if c.is_ascii_digit() || c == '.' {
                digits.push(c);
                i += 1;
            } else if c == ','
                && chars
                    .get(i + 1..i + 4)
                    .is_some_and(|d| d.iter().all(char::is_ascii_digit))
                && !chars.get(i + 4).is_some_and(char::is_ascii_digit)
            {
                // A thousands separator: 1,200.
                i += 1;
            } else {
                break;
            }
        }
        let value = digits
            .parse::<Decimal>()
            .ok()
            .map(|v| v.normalize())
            .filter(|v| within_range(*v));
        let percent = chars.get(i) == Some(&'%');
        let unit = if percent {
            i += 1;
            Some(None)
        } else {
            let rest: String = chars[i..].iter().take(4).collect();
            match UNITS.iter().find(|u| rest.starts_with(*u)) {
                Some(u) => {
                    i += u.chars().count();
                    Some(Unit::word(u))
                }
                None if rest.is_empty() || rest.starts_with(is_separator) => Some(None),
                None => None,
            }
        };
        let clause_end = chars[i..]
            .iter()
            .position(|c| is_separator(*c))
            .map_or(chars.len(), |p| i + p);
        let before: String = chars[from..start].iter().collect();
        let after: String = chars[i..clause_end].iter().collect();
        from = i;
        match value {
            Some(value) => out.push(Found {
                value,
                percent,
                unit,
                before,
                after,
            }),
            // `1.2.3%`, `1.2.0家` are no numbers, but numbers nobody can read: a percentage
            // makes the reason unclear, a count in a pair's unit spoils the pair. With no
            // words before it, it is neither done nor planned.
            None => out.push(Found {
                value: Decimal::NEGATIVE_ONE,
                percent,
                unit,
                before: String::new(),
                after,
            }),
        }
    }
    out
}

/// How a percentage in a reason reads.
#[derive(Debug, PartialEq, Eq)]
enum Percent {
    /// A deduction, a step or a threshold: not an actual.
    Ignored,
    /// Possibly an actual, possibly not: the reason is unclear.
    Unclear,
    /// The rate of the metric named.
    Rate(String),
}

/// Words before a percentage that make it a deduction (`扣权重的2%`).
#[rustfmt::skip]
const DEDUCTION_BEFORE: &[&str] = &[
    "扣", "扣除", "扣减", "权重", "分值", "总分", "满分", "按",
];
/// Words after a percentage that make it a deduction (`扣2%权重分值`, `按2%扣分`).
const DEDUCTION_AFTER: &[&str] = &["扣分", "的扣分", "权重", "的权重", "分值", "的分值"];
/// Words a percentage's threshold is written after (`低于90%`).
#[rustfmt::skip]
const BOUND_BEFORE: &[&str] = &[
    "低于", "高于", "大于", "小于", "少于", "多于", "超过", "不足", "未达到", "未达", "未到", "没有达到", "没达到", "达不到",
    "不到", "不低于", "不高于", "不少于", "不超过", "至少", "最低", "最高", "≥", "≤", ">", "<", "=", "应达到", "应达",
    "应为", "须达到", "需达到", "要达到",
];
/// Words that make a metric a target rather than an actual (`标准为95%`, `计划完成率100%`).
#[rustfmt::skip]
const BOUND_WORDS: &[&str] = &[
    "标准", "目标", "要求", "计划", "预期", "预计", "指标值", "考核", "基准", "达标线", "合格线",
];
/// Words after a percentage that make it a threshold (`95%的标准`).
const BOUND_AFTER: &[&str] = &["标准", "的标准", "目标", "的目标", "要求", "的要求"];
/// Words that join a metric to its value (`满意度为87%`), longest first.
#[rustfmt::skip]
const LINKS: &[&str] = &[
    "实际达到了", "实际达到", "实际为", "达到了", "达到", "仅为", "仅达", "只有", "实际", "为", "是", "达", "仅", ":",
];
/// Words after a value that hedge it or make it a bound or a range (`87%以上`, `85%-90%`).
#[rustfmt::skip]
const HEDGES: &[&str] = &[
    "以上", "以下", "以内", "及以上", "及以下", "左右", "上下", "多", "余", "强", "之间", "至", "到", "-", "~",
];

/// The trailing run of CJK characters of a text (the metric written before a value).
fn trailing_cjk(s: &str) -> String {
    let mut run: Vec<char> = s
        .chars()
        .rev()
        .take_while(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .collect();
    run.reverse();
    run.into_iter().collect()
}

fn classify_percent(n: &Found) -> Percent {
    if n.value < Decimal::ZERO {
        return Percent::Unclear;
    }
    let before = n.before.trim_end_matches('的');
    let ends = |words: &[&str]| words.iter().any(|w| before.ends_with(w));
    let starts = |words: &[&str]| words.iter().any(|w| n.after.starts_with(w));
    let tail = trailing_cjk(before);
    let within_step = tail.chars().rev().take(5).any(|c| c == '每');
    if ends(DEDUCTION_BEFORE) || starts(DEDUCTION_AFTER) || within_step {
        return Percent::Ignored;
    }
    if ends(BOUND_BEFORE) || BOUND_WORDS.iter().any(|w| tail.contains(w)) || starts(BOUND_AFTER) {
        return Percent::Ignored;
    }
    if starts(HEDGES) {
        return Percent::Unclear;
    }
    let linked = LINKS
        .iter()
        .find_map(|l| n.before.strip_suffix(l))
        .unwrap_or(&n.before);
    let metric = trailing_cjk(linked);
    let rate_word = metric.ends_with('率') || metric.ends_with('度') || metric.ends_with("满意");
    let negated = ["不", "未", "没", "非"].iter().any(|w| metric.contains(w));
    let about_score = ["得分", "扣分", "分值", "权重"]
        .iter()
        .any(|w| metric.contains(w));
    if rate_word && metric.chars().count() >= 2 && !negated && !about_score {
        Percent::Rate(metric)
    } else {
        Percent::Unclear
    }
}

/// Words before a planned number (`计划150家`).
const PLANNED: &[&str] = &[
    "计划",
    "目标",
    "任务",
    "预计",
    "预期",
    "应完成",
    "指标值",
    "年度指标",
];
/// Words before a done number (`完成120家`, `实际改造120户`).
const DONE: &[&str] = &["完成", "实际", "实现"];
/// Words that make a done word a shortfall (`未完成30家`, `剩余30家待完成`).
const NOT_DONE: &[&str] = &["未", "没", "尚", "剩", "差", "待", "不"];

/// How a number reads for a pair.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum Role {
    Done,
    Planned,
    Other,
}

fn pair_role(n: &Found) -> Role {
    let b = n.before.as_str();
    let hedged = HEDGES.iter().any(|h| n.after.starts_with(h))
        || ["约", "近", "超", "逾", "大约"]
            .iter()
            .any(|w| b.ends_with(w));
    let rate_without_sign = b.ends_with('率') || b.ends_with('度');
    if hedged || rate_without_sign {
        return Role::Other;
    }
    if PLANNED.iter().any(|w| b.contains(w)) {
        return Role::Planned;
    }
    let negated = NOT_DONE.iter().any(|w| b.contains(w));
    if !negated && DONE.iter().any(|w| b.contains(w)) {
        return Role::Done;
    }
    Role::Other
}

/// One done and one planned number in one unit, and no other number in that unit.
fn pair_of(numbers: &[Found]) -> Option<Stated> {
    let counted: Vec<(&Found, Role)> = numbers
        .iter()
        .filter(|n| !n.percent)
        .map(|n| (n, pair_role(n)))
        .collect();
    let one = |role: Role| -> Option<&Found> {
        let mut found = counted.iter().filter(|(_, r)| *r == role);
        let first = found.next()?.0;
        found.next().is_none().then_some(first)
    };
    let (done, planned) = (one(Role::Done)?, one(Role::Planned)?);
    let unit = done.unit.clone()?;
    if planned.unit.as_ref() != Some(&unit) || planned.value <= Decimal::ZERO {
        return None;
    }
    let others = counted
        .iter()
        .filter(|(n, r)| *r == Role::Other && n.unit.as_ref() == Some(&unit))
        .count();
    (others == 0).then_some(Stated::Pair {
        done: done.value,
        planned: planned.value,
        unit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::parse::parse_rule;
    use crate::rule::score::parse_measure;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// Reasons and what they state, as [`Stated`]'s `Display` writes it; `None` for nothing.
    #[rustfmt::skip]
    const READINGS: &[(&str, Option<&str>)] = &[
        // One rate, tied to 率 / 度 / 满意 wording.
        ("满意度为87%", Some("满意度87%")),
        // Nothing done is a rate like any other.
        ("项目未启动，完成率0%", Some("完成率0%")),
        ("群众满意度87%，扣0.9分", Some("群众满意度87%")),
        ("资金到位率为95.5%", Some("资金到位率95.5%")),
        ("执行率92.3%", Some("执行率92.3%")),
        ("预算执行率为92.3%，低于95%的标准，扣0.5分", Some("预算执行率92.3%")),
        ("优良中等路率84%，低于85%标准1个百分点", Some("优良中等路率84%")),
        ("重点人群签约率73%，低于75%目标2个百分点", Some("重点人群签约率73%")),
        ("预算执行率90.97%，未达到95%", Some("预算执行率90.97%")),
        ("经问卷调查，服务对象满意度达到86%", Some("服务对象满意度86%")),
        ("扣分原因：满意度87%", Some("满意度87%")),
        ("满意度８７％", Some("满意度87%")),
        ("满意度为百分之八十七", Some("满意度87%")),
        ("满意度87%，满意度87%", Some("满意度87%")),
        ("满意度为87%，扣权重的2%", Some("满意度87%")),
        ("满意度为87%，每低1%扣0.3分", Some("满意度87%")),
        ("计划完成率100%，实际完成率95%", Some("实际完成率95%")),
        ("滿意度為87%", Some("满意度87%")),
        // Done and planned, in one unit.
        ("完成120家，计划150家", Some("完成120家，计划150家")),
        ("计划建设150家,实际完成120家", Some("完成120家，计划150家")),
        ("计划完成150家，实际完成120家", Some("完成120家，计划150家")),
        ("实际改造120户（计划150户）", Some("完成120户，计划150户")),
        ("完成1,200人，计划1,500人，扣2分", Some("完成1200人，计划1500人")),
        // A number followed by a word that is no unit is no count of anything.
        ("完成120幢，计划150幢", None),
        // Four digits after the comma: no thousands separator, the comma ends the number.
        ("计划1,500人，完成1,2000人", None),
        ("完成12,345人，计划20,000人", Some("完成12345人，计划20000人")),
        ("完成120家，计划150家，完成率80%", Some("完成120家，计划150家")),
        ("完成一百二十家，计划一百五十家", Some("完成120家，计划150家")),
        ("2024年完成120家，计划150家", Some("完成120家，计划150家")),
        ("完成120，计划150", Some("完成120，计划150")),
        // A rate written without its sign is no count done.
        ("完成120家，计划150家，完成率80", Some("完成120家，计划150家")),
        // Nothing: several rates, thresholds, deductions, hedges, other readings.
        ("满意度为87%，其中农户满意度80%", None),
        ("满意度低于90%", None),
        ("满意度未达到90%", None),
        ("社会公众满意度大于96%", None),
        ("标准为95%", None),
        ("扣权重的2%", None),
        ("扣2%权重分值", None),
        ("满意度90%以上", None),
        ("满意度约87%", None),
        ("完成约120家，计划150家", None),
        ("满意度85%-90%", None),
        ("满意度87%，较上年提高2%", None),
        ("不满意率5%", None),
        ("得分率90%", None),
        ("已完工,剩余3%尾款未付", None),
        ("满意度87%左右", None),
        ("完成率80%，计划150家，完成120家，完成率85%", None),
        ("完成120家，计划150家，完成率90%", None),
        ("完成120家，其中完成验收100家，计划150家", None),
        ("完成120家，计划150家，其中新建30家", None),
        ("计划150家，未完成30家", None),
        ("完成120多家，计划150家", None),
        ("完成120家，计划150户", None),
        ("完成120家，计划0家", None),
        ("满意度87%，完成120家，计划150家", None),
        ("2个村组管网未完工，已列入下年计划", None),
        ("部分学校食堂出入库台账登记不及时", None),
        ("变动率没有地达到100%", None),
        ("1.2.3%", None),
        // An unreadable percentage beside a readable one makes the reason unclear; an
        // unreadable count is no count.
        ("满意度87%，完成率1.2.3%", None),
        ("完成1.2.0家，计划150家", None),
        ("完成120家，计划1.5.0家", None),
        ("完成120家，计划150家，另有1.2.0家待核实", None),
        ("2024.1.5完成120家，计划150家", Some("完成120家，计划150家")),
        ("", None),
        ("%%%", None),
        ("率87%", None),
    ];

    #[test]
    fn readings_of_reasons() {
        for (reason, want) in READINGS {
            let got = stated_actual(reason).map(|s| s.to_string());
            assert_eq!(got.as_deref(), *want, "{reason:?}");
        }
    }

    #[test]
    fn a_printed_reading_reads_back_to_itself() {
        for (reason, _) in READINGS {
            if let Some(s) = stated_actual(reason) {
                assert_eq!(stated_actual(&s.to_string()), Some(s.clone()), "{reason:?}");
            }
        }
    }

    fn taken(reason: &str, criterion: &str, target: &str, name: &str) -> Option<String> {
        let rule = if criterion.is_empty() {
            crate::rule::form::quantitative()
        } else {
            parse_rule(criterion)
        };
        let target = parse_measure(target);
        actual_from_reason(reason, &rule, target.as_ref(), name, &Scoring::default()).map(
            |(_, m)| {
                format!(
                    "{}{}",
                    fmt_dec(m.value),
                    m.unit.map(|u| u.to_string()).unwrap_or_default()
                )
            },
        )
    }

    const SATISFACTION: &str = "满意度≥90%得满分，每低1个百分点扣0.3分";
    const COMPLETION: &str = "计划建设内容完成100%的得20分,每减少1个百分点扣1分";
    const DEGREE: &str = "对照绩效目标，按实现程度计算得分";

    /// Reason, criterion (empty: the self-evaluation form's rule), 年度指标值, indicator name,
    /// and the actual value taken (`None`: nothing).
    #[rustfmt::skip]
    const TAKEN: &[(&str, &str, &str, &str, Option<&str>)] = &[
        // A rate of the row's metric, under a rule in percent.
        ("群众满意度87%，扣0.9分", SATISFACTION, "", "服务对象满意度", Some("87%")),
        ("满意率87%", SATISFACTION, "", "受益群众满意度", Some("87%")),
        ("执行率92.3%", "预算执行率≥95%得满分，每低1个百分点扣0.2分", "", "预算执行率", Some("92.3%")),
        ("资金到位率为95.5%", "≥95%得满分；90%（含）-95%得3分；<90%不得分", "", "资金到位率", Some("95.5%")),
        ("覆盖率85%", DEGREE, "", "患者自我管理小组覆盖率", Some("85%")),
        // Another metric's rate is not the row's.
        ("资金到位率87%", SATISFACTION, "", "服务对象满意度", None),
        ("满意度87%", "预算执行率≥95%得满分，每低1个百分点扣0.2分", "", "预算执行率", None),
        // Completion, from a rate or a pair, where the row is about completion.
        ("完成120家，计划150家", COMPLETION, "", "项目完成率", Some("80%")),
        ("完成2户，计划3户", COMPLETION, "", "项目完成率", Some("66.67%")),
        ("实际规范管理10500人，完成率87.5%", DEGREE, "", "高血压患者规范管理人数", Some("87.5%")),
        ("完成120家，计划150家", SATISFACTION, "", "服务对象满意度", None),
        ("完成率80%", SATISFACTION, "", "服务对象满意度", None),
        // A quantity: the pair's done number in the target's unit, planned = target.
        ("完成120家，计划150家", "", "≥150家", "改造企业数量", Some("120家")),
        ("完成120家，计划150家", "", "≥140家", "改造企业数量", None),
        ("完成120家，计划150家", "", "≥150户", "改造企业数量", None),
        ("完成120，计划150", "", "150", "改造企业数量", Some("120")),
        ("满意度87%", "", "≥150家", "改造企业数量", None),
        // A rate under the form's percentage target.
        ("资金发放及时率为92%", "", "≥95%", "资金发放及时率", Some("92%")),
        ("完成120家，计划150家", "", "≥95%", "项目验收合格率", None),
        // Rules that take no number take nothing.
        ("满意度87%", "①…；②…；③…。一项不符合扣0.5分", "", "满意度", None),
        ("完成120家，计划150家", "每发现1处问题扣0.5分", "", "完成数量", None),
        ("满意度87%", "健全的得10分,基本健全的得6分,不健全的扣10分", "", "满意度", None),
        // Bands in a count take no rate, though the rate is the row's.
        ("培训覆盖率87%", "培训100人以上得5分;50-100人得3分;50人以下得0分", "", "培训覆盖率", None),
        ("覆盖率87%", "100人以上得5分;50-100人得3分;50人以下得0分", "", "覆盖率", None),
        ("满意度87%", "酌情扣分", "", "满意度", None),
    ];

    #[test]
    fn what_a_rule_takes_from_a_reason() {
        for &(reason, criterion, target, name, want) in TAKEN {
            assert_eq!(
                taken(reason, criterion, target, name).as_deref(),
                want,
                "{reason:?} under {criterion:?} / {target:?} / {name}"
            );
        }
    }

    #[test]
    fn a_pair_agrees_with_a_completion_rate_as_people_round_it() {
        assert!(stated_actual("完成2户，计划3户，完成率66.7%").is_some());
        assert!(stated_actual("完成2户，计划3户，完成率67%").is_some());
        assert!(stated_actual("完成2户，计划3户，完成率60%").is_none());
        assert_eq!(
            stated_actual("完成2户，计划3户"),
            Some(Stated::Pair {
                done: d("2"),
                planned: d("3"),
                unit: Unit::word("户"),
            })
        );
    }

    #[test]
    fn metric_keys() {
        assert_eq!(metric_key("群众满意度"), "满意");
        assert_eq!(metric_key("执行率"), "行率");
        assert_eq!(metric_key("率"), "率");
    }
}
