//! R301–R307 and C208: an indicator of an evaluation table reviewed with the rule read from
//! its criterion ([`crate::rule::parse`]) and scored by [`crate::rule::score`].
//!
//! - Inputs present: the rule's score is the reviewed score (R301 when it differs from the
//!   filed one; R307 when a fraction was read as a percentage; R306 for unknown items). A bare
//!   number in 不符合项 is read as the item or the count the filed score agrees with, and
//!   评分依据 says which; R301 names both readings when neither agrees. An actual value the
//!   reason states clearly counts as present ([`row_inputs`]), and 评分依据 and R301 say
//!   `实际值取自扣分原因`.
//! - Inputs missing: the filed score is kept; when points were deducted, R305 says what is
//!   missing and R302 whether the rule can produce that deduction at all.
//! - Manual rules keep the filed score (R303 not understood, R304 definition or discretion).
//! - A threshold rule's reason is compared with the deduction: a percentage in the reason that
//!   the rule would score differently is C208, and the reviewed reason is then generated from
//!   the value the deduction implies.

use super::{at, is_blank_reason, scoring, Reviewed};
use crate::config::Config;
use crate::diag::{Code, Diagnostic};
use crate::review::locate::Role;
use crate::review::model::{Indicator, Project};
use crate::rule::reason::actual_from_reason;
use crate::rule::score::{
    parse_failed, parse_measure, percent_numbers, score, unreachable_deduction, BareReading,
    Failed, Inputs, NoScore, ReadAs, Scored,
};
use crate::rule::{Limit, Rule, Scoring, Threshold, Unit, Why};
use crate::text::fmt_dec;
use rust_decimal::Decimal;

/// The inputs of a row for its rule. A row without a 实际完成值 (no such column, an empty cell
/// or a dash) whose reason states one clearly takes it from there, as its rule wants it
/// ([`actual_from_reason`]); `stated` then says what was read.
pub fn row_inputs(ind: &Indicator, rule: &Rule, scoring: &Scoring) -> Inputs {
    let actual_text = ind.actual.clone().filter(|t| !is_blank_actual(t));
    let target = ind.target.as_deref().and_then(parse_measure);
    let from_reason = match actual_text {
        None => actual_from_reason(&ind.reason, rule, target.as_ref(), &ind.name, scoring),
        Some(_) => None,
    };
    let (stated, from_reason) = from_reason.unzip();
    Inputs {
        actual: actual_text
            .as_deref()
            .and_then(parse_measure)
            .or(from_reason),
        actual_text,
        stated,
        target,
        failed: match ind.failed_items.as_deref() {
            // In a table with a 不符合项 column, an empty cell on a full-score row says that
            // nothing failed; on a row that lost points it is a missing input.
            Some(t) if t.trim().is_empty() => {
                let full = ind.weight.value().is_some() && ind.weight.value() == ind.score.value();
                full.then(|| Failed::Items(Vec::new()))
            }
            Some(t) => parse_failed(t),
            None => None,
        },
        filed_score: ind.score.value(),
        name: ind.name.clone(),
    }
}

/// True when a 实际完成值 cell says nothing: empty, or a dash or slash.
fn is_blank_actual(text: &str) -> bool {
    matches!(
        crate::text::halfwidth(text.trim()).as_str(),
        "" | "-" | "/" | "—" | "--" | "——" | "\\"
    )
}

/// Reviews one indicator with its rule: the reviewed values and the findings, located on the
/// row (the score cell for scores, the reason cell for reasons, the criterion cell for the
/// criterion).
pub fn review_indicator(
    p: &Project,
    ind: &Indicator,
    rule: &Rule,
    cfg: &Config,
) -> (Reviewed, Vec<Diagnostic>) {
    let filed = ind.score.value();
    let weight = ind.weight.value();
    let mut row = RowReview {
        p,
        ind,
        rule,
        cfg,
        canonical: rule.to_string(),
        boundary: match rule {
            Rule::Threshold(t) => format!("（{}）", t.cmp.reading()),
            _ => String::new(),
        },
        inputs: row_inputs(ind, rule, &scoring(p, cfg)),
        failed_from_reason: None,
        filed_deduction: weight.zip(filed).map(|(w, s)| cfg.round(w - s)),
        score_cell: at(p, ind, Role::Score),
    };
    let mut reviewed = Reviewed {
        score: filed,
        deduction: row.filed_deduction,
        reason: ind.reason.clone(),
        rule: rule.kind(),
        basis: String::new(),
        manual: true,
    };
    // 要点 not met named in the reason (`不符合评价要点③`, SPEC §4 share) where no 不符合项
    // says which.
    if row.inputs.failed.is_none() {
        if let Some((items, words)) = items_from_reason(&ind.reason, rule) {
            row.inputs.failed = Some(Failed::Items(items));
            row.failed_from_reason = Some(words);
        }
    }
    let Some(w) = weight else {
        reviewed.basis = format!("{}{}；分值不是数字，未复核", row.canonical, row.boundary);
        return (reviewed, Vec::new());
    };
    let mut scored = score(rule, w, &row.inputs, &scoring(p, cfg));
    if scored.is_err() && row.inputs.stated.is_some() {
        // A value read from the reason that the rule cannot score was no clear reading.
        row.inputs.actual = None;
        row.inputs.stated = None;
        scored = score(rule, w, &row.inputs, &scoring(p, cfg));
    }
    let computation = scored.as_ref().ok().map(|s| s.computation.clone());
    let mut out = match scored {
        Ok(scored) => row.scored(&mut reviewed, w, scored),
        Err(NoScore::Manual) => row.manual(&mut reviewed),
        Err(NoScore::Missing(what)) => row.missing(&mut reviewed, w, what),
        Err(e) => row.unfit(&mut reviewed, e),
    };
    out.extend(row.reason_contradicted(&mut reviewed, w, computation));
    if reviewed.manual && reviewed.basis.is_empty() {
        reviewed.basis = format!("人工评分，未复核（{}）", row.canonical);
    }
    (reviewed, out)
}

/// What reviewing one indicator with its rule needs, worked out once.
struct RowReview<'a> {
    p: &'a Project,
    ind: &'a Indicator,
    rule: &'a Rule,
    cfg: &'a Config,
    /// The rule's canonical sentence.
    canonical: String,
    /// How a threshold's boundary was read, in brackets; empty for other rules.
    boundary: String,
    inputs: Inputs,
    /// Weight − filed score, rounded, when both are numbers.
    filed_deduction: Option<Decimal>,
    /// The words of the reason the items not met were taken from, if they were.
    failed_from_reason: Option<String>,
    score_cell: (u32, u32),
}

impl RowReview<'_> {
    fn about(&self, d: Diagnostic, (row, col): (u32, u32)) -> Diagnostic {
        d.at(row, col).about(&self.ind.name)
    }

    /// The column of a role on this row, else the score cell.
    fn cell_of(&self, role: Role) -> (u32, u32) {
        self.p
            .col(role)
            .map_or(self.score_cell, |c| (self.ind.row, c))
    }

    /// The rule scored the row: its score is the reviewed one (R301 when the filed differs;
    /// R307 when a fraction was read as a percentage).
    fn scored(&self, reviewed: &mut Reviewed, w: Decimal, scored: Scored) -> Vec<Diagnostic> {
        if let Some(assumed) = &scored.assumption {
            return self.assumed(reviewed, &scored, assumed);
        }
        let reading = scored
            .bare
            .as_ref()
            .map(|b| format!("{}；", b.note))
            .unwrap_or_default();
        let from_reason = from_reason(&self.inputs).or_else(|| {
            self.failed_from_reason
                .as_ref()
                .map(|w| format!("不符合项取自扣分原因“{w}”"))
        });
        let basis = format!(
            "{}{}。复核：{reading}{}{}",
            self.canonical,
            self.boundary,
            scored.computation,
            from_reason
                .as_deref()
                .map(|f| format!("（{f}）"))
                .unwrap_or_default()
        );
        let recomputed = Recomputed {
            score: scored.score,
            computation: &scored.computation,
            basis,
            source: Source::Criterion,
            from_reason,
            cell: self.score_cell,
            bare: scored.bare.as_ref(),
        };
        let mut out: Vec<Diagnostic> = recomputed
            .apply(reviewed, self.p, self.ind, w, self.cfg)
            .into_iter()
            .collect();
        if scored.fraction_read {
            let message = format!(
                "实际完成值“{}”按百分比读作 {}%（评价标准以百分比计）",
                self.inputs.actual_text.clone().unwrap_or_default(),
                self.inputs
                    .actual
                    .as_ref()
                    .map(|m| fmt_dec(m.value * Decimal::from(100)))
                    .unwrap_or_default()
            );
            let cell = self.cell_of(Role::Actual);
            out.push(self.about(Diagnostic::new(Code::R307, message), cell));
        }
        out
    }

    /// A score that rests on an assumption (R310, 提示): where the filed score agrees, it is
    /// the reviewed one; where it does not, the filed score is kept — the criterion does not
    /// say the reviewer was wrong — and R310 says what the assumption would give.
    fn assumed(&self, reviewed: &mut Reviewed, scored: &Scored, assumed: &str) -> Vec<Diagnostic> {
        let sc = scoring(self.p, self.cfg);
        let exact = sc.round(scored.score);
        let filed = self.ind.score.value();
        let agrees = filed.is_some_and(|f| sc.agrees(f, scored.score));
        let base = format!("{}。复核：{}", self.canonical, scored.computation);
        let message = if agrees || filed.is_none() {
            reviewed.score = Some(exact);
            reviewed.deduction = self.ind.weight.value().map(|w| self.cfg.round(w - exact));
            reviewed.manual = false;
            reviewed.basis = format!("{base}；{assumed}");
            format!("{assumed}，得{}分", fmt_dec(exact))
        } else {
            reviewed.basis = format!("{base}；{assumed}；与填报得分不同，保留填报得分，请人工复核");
            format!(
                "{assumed}，应得{}分，填报{}分；评价标准未写明每项分值，保留填报得分，请人工复核",
                fmt_dec(exact),
                filed.map(fmt_dec).unwrap_or_default()
            )
        };
        let cell = self.cell_of(Role::FailedItems);
        vec![self.about(Diagnostic::new(Code::R310, message), cell)]
    }

    /// A manual rule keeps the filed score: R303 (not understood) or R304 (a definition, or
    /// discretion), where it matters — points were deducted, or the criterion is itself
    /// defective (a definition with no scoring rule).
    fn manual(&self, reviewed: &mut Reviewed) -> Vec<Diagnostic> {
        reviewed.basis = format!("人工评分，未复核（{}）", self.canonical);
        let Rule::Manual(why) = self.rule else {
            return Vec::new();
        };
        let (code, msg) = match why {
            Why::NotUnderstood => (
                Code::R303,
                "评价标准未能识别为评分规则，保留填报得分，请人工复核",
            ),
            Why::Definition => (
                Code::R304,
                "评价标准只有指标定义（计算公式），没有评分规则，无法复核得分；请补充评分规则（如“≥X%得满分，每低1个百分点扣Y分”）",
            ),
            Why::Discretionary => (Code::R304, "评价标准为酌情扣分，无法复核得分，请人工复核"),
        };
        let matters =
            *why == Why::Definition || self.filed_deduction.is_some_and(|d| d > Decimal::ZERO);
        if !matters {
            return Vec::new();
        }
        let criterion = self
            .p
            .col(Role::Rule)
            .filter(|_| self.ind.rule_text.is_some())
            .or(self.p.col(Role::Criterion))
            .map_or(self.score_cell, |c| (self.ind.row, c));
        vec![self.about(Diagnostic::new(code, msg), criterion)]
    }

    /// The rule is understood but the row lacks its inputs: the filed score is kept; where
    /// points were deducted, R305 says what is missing and R302 whether the rule can give
    /// that deduction at all.
    fn missing(&self, reviewed: &mut Reviewed, w: Decimal, what: &str) -> Vec<Diagnostic> {
        let (canonical, boundary) = (&self.canonical, &self.boundary);
        reviewed.basis = format!("{canonical}{boundary}。未提供{what}，保留填报得分，未复核");
        let Some(d) = self.filed_deduction.filter(|d| *d > Decimal::ZERO) else {
            return Vec::new();
        };
        let message = format!(
            "评价标准已识别（{canonical}），但没有{what}，扣 {} 分未能按规则重算",
            fmt_dec(d)
        );
        let mut out = vec![self.about(Diagnostic::new(Code::R305, message), self.score_cell)];
        if let Some(why) = unreachable_deduction(self.rule, w, d, &scoring(self.p, self.cfg)) {
            let message = format!("{why}（评价标准：{canonical}）");
            out.push(self.about(Diagnostic::new(Code::R302, message), self.score_cell));
        }
        out
    }

    /// The inputs do not fit the rule: the filed score is kept; R306 for items the criterion
    /// does not list, R303 otherwise.
    fn unfit(&self, reviewed: &mut Reviewed, e: NoScore) -> Vec<Diagnostic> {
        let (code, msg, cell) = match e {
            NoScore::BadItems(msg) => (Code::R306, msg, self.cell_of(Role::FailedItems)),
            NoScore::Unfit(msg) => (Code::R303, msg, self.cell_of(Role::Actual)),
            NoScore::OutOfBand { lower, upper } => (
                Code::R303,
                format!(
                    "得分不在 {} 至 {} 分之间",
                    fmt_dec(lower.value),
                    fmt_dec(upper.value)
                ),
                self.cell_of(Role::Actual),
            ),
            NoScore::Manual | NoScore::Missing(_) => return Vec::new(),
        };
        reviewed.basis = format!("{}。{msg}，保留填报得分", self.canonical);
        let message = if code == Code::R303 {
            format!("{msg}，保留填报得分，请人工复核")
        } else {
            msg
        };
        vec![self.about(Diagnostic::new(code, message), cell)]
    }

    /// C208: a percentage in the reason that contradicts the filed deduction. A contradicted
    /// reason is never kept: recomputed rows say what the rule computed (`computation`), the
    /// others what the deduction implies.
    fn reason_contradicted(
        &self,
        reviewed: &mut Reviewed,
        w: Decimal,
        computation: Option<String>,
    ) -> Option<Diagnostic> {
        let (Rule::Threshold(t), Some(fd)) = (self.rule, self.filed_deduction) else {
            return None;
        };
        if self.inputs.stated.is_some() {
            // The actual was read from this reason: R301 already says where they differ.
            return None;
        }
        let c208 =
            reason_contradiction(t, w, fd, &self.ind.reason, &self.inputs, self.p, self.cfg)?;
        reviewed.reason = if reviewed.manual {
            c208.implied_reason.unwrap_or_default()
        } else if reviewed.deduction.is_some_and(|d| d > Decimal::ZERO) {
            computation.unwrap_or_default()
        } else {
            String::new()
        };
        let cell = self.cell_of(Role::Reason);
        Some(self.about(Diagnostic::new(Code::C208, c208.message), cell))
    }
}

/// What a recomputed score was computed from, as R301 names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    /// The criterion (评价标准) of an evaluation table.
    Criterion,
    /// The 年度指标值 of a self-evaluation form.
    Target,
}

/// A score a rule computed, to be applied to a row's reviewed values.
pub(super) struct Recomputed<'a> {
    /// The score, exact.
    pub score: Decimal,
    /// The computation in words, which becomes the reason when the deduction changes.
    pub computation: &'a str,
    /// The 评分依据 text.
    pub basis: String,
    /// What the score was computed from, for R301.
    pub source: Source,
    /// `实际值取自扣分原因“…”` when the actual value was read from the reason.
    pub from_reason: Option<String>,
    /// The score cell.
    pub cell: (u32, u32),
    /// How a bare number in 不符合项 was read, if it was one: when the filed score agrees
    /// with neither reading, R301 names both.
    pub bare: Option<&'a BareReading>,
}

impl Recomputed<'_> {
    /// Sets the reviewed score, deduction, basis and reason (the filed reason when the filed
    /// deduction agrees and is explained, else the computation), and returns R301 when the
    /// filed score differs.
    pub fn apply(
        self,
        reviewed: &mut Reviewed,
        p: &Project,
        ind: &Indicator,
        weight: Decimal,
        cfg: &Config,
    ) -> Option<Diagnostic> {
        let exact = self.score.max(Decimal::ZERO).min(weight);
        let filed = ind.score.value();
        // A filed score that is the exact one as people round it stands (SPEC §4).
        let s = match filed.filter(|f| scoring(p, cfg).agrees(*f, exact)) {
            Some(f) => f,
            None => cfg.round(exact),
        };
        let d = cfg.round(weight - s);
        let filed_deduction = filed.map(|f| cfg.round(weight - f));
        reviewed.score = Some(s);
        reviewed.deduction = Some(d);
        reviewed.manual = false;
        reviewed.basis = self.basis;
        if filed.is_some_and(|f| f == s && f != cfg.round(exact)) {
            reviewed.basis.push_str(&format!(
                "（填报 {} 是 {} 按填报精度舍入所得，予以认可）",
                fmt_dec(s),
                fmt_dec(cfg.round(exact))
            ));
        }
        let keep_reason =
            filed_deduction == Some(d) && !(d > Decimal::ZERO && is_blank_reason(&ind.reason));
        reviewed.reason = if keep_reason {
            ind.reason.clone()
        } else if d.is_zero() {
            String::new()
        } else {
            self.computation.to_string()
        };
        let f = filed.filter(|f| cfg.round(*f) != s)?;
        let (what, from) = match self.source {
            Source::Criterion => ("评价得分", "评价标准"),
            Source::Target => ("得分", "年度指标值"),
        };
        let from_reason = self
            .from_reason
            .map(|f| format!("{f}；"))
            .unwrap_or_default();
        let neither = self
            .bare
            .filter(|b| b.neither)
            .and_then(|b| b.other.as_ref().map(|other| (b, other)));
        let message = match neither {
            Some((bare, other)) => {
                // Both readings, the item first, each rounded as the reviewed score is.
                let taken = (bare.taken, s, self.computation);
                let other = (other.read_as, cfg.round(other.score), &*other.computation);
                let [(r1, s1, c1), (r2, s2, c2)] = if bare.taken == ReadAs::Item {
                    [taken, other]
                } else {
                    [other, taken]
                };
                let (l1, l2) = (bare.label(r1), bare.label(r2));
                let (s1, s2) = (fmt_dec(s1), fmt_dec(s2));
                format!(
                    "{what} {} 与按{from}重算的 {s1} 或 {s2} 都不一致（不符合项“{}”{l1}：{c1}；{l2}：{c2}），应为 {s1}（{l1}）或 {s2}（{l2}）",
                    fmt_dec(f),
                    bare.n
                )
            }
            None => format!(
                "{what} {} 与按{from}重算的 {} 不一致（{from_reason}{}），应为 {}",
                fmt_dec(f),
                fmt_dec(s),
                self.computation,
                fmt_dec(s)
            ),
        };
        Some(
            Diagnostic::new(Code::R301, message)
                .at(self.cell.0, self.cell.1)
                .about(&ind.name),
        )
    }
}

/// `实际值取自扣分原因“满意度87%”` when a row's actual value was read from its reason, for
/// 评分依据 and R301.
/// The 要点 a reason says were not met (`不符合评价要点③`, `要点①③未满足`), for the rules scored
/// by items listed in the criterion; with the words they were read from.
fn items_from_reason(reason: &str, rule: &Rule) -> Option<(Vec<u32>, String)> {
    use regex::Regex;
    use std::sync::LazyLock;
    static NOT_MET: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?:不符合|不满足|未满足|未达到|未符合)(?:评价)?要点((?:[①-⑳][、,，和及]?)+)|(?:评价)?要点((?:[①-⑳][、,，和及]?)+)(?:不符合|不满足|未满足|未达到|未符合)",
        )
        .expect("a valid pattern")
    });
    let listed = match rule {
        Rule::Share(sh) => sh.shares.len(),
        Rule::Checklist(c) => c.items? as usize,
        Rule::Additive(a) if !a.deducted => a.items.len(),
        _ => return None,
    };
    let found: Vec<regex::Captures<'_>> = NOT_MET.captures_iter(reason).collect();
    let [c] = found.as_slice() else {
        return None; // none, or two statements: not one clear reading
    };
    let items: Vec<u32> = c
        .get(1)
        .or(c.get(2))?
        .as_str()
        .chars()
        .filter_map(|ch| "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".chars().position(|x| x == ch))
        .map(|i| i as u32 + 1)
        .collect();
    (!items.is_empty() && items.iter().all(|i| *i as usize <= listed))
        .then(|| (items, c.get(0).map_or("", |m| m.as_str()).to_string()))
}

pub(super) fn from_reason(inputs: &Inputs) -> Option<String> {
    inputs
        .stated
        .as_ref()
        .map(|s| format!("实际值取自扣分原因“{s}”"))
}

struct Contradiction {
    message: String,
    implied_reason: Option<String>,
}

fn reason_contradiction(
    t: &Threshold,
    weight: Decimal,
    filed_deduction: Decimal,
    reason: &str,
    inputs: &Inputs,
    p: &Project,
    cfg: &Config,
) -> Option<Contradiction> {
    if filed_deduction <= Decimal::ZERO || t.unit != Some(Unit::Percent) {
        return None;
    }
    let limit = match t.limit {
        Limit::Value(v) => v,
        Limit::Target => inputs.target.as_ref()?.value,
    };
    let ignored: Vec<Decimal> = [Some(limit), t.zero_line.map(|z| z.1), Some(t.step)]
        .into_iter()
        .flatten()
        .collect();
    let candidates: Vec<Decimal> = percent_numbers(reason)
        .into_iter()
        .filter(|n| !ignored.contains(n))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let exact_at = |v: Decimal| t.deduction_at(v, limit, weight, cfg.step);
    let deduction_at = |v: Decimal| cfg.round(exact_at(v));
    if candidates
        .iter()
        .any(|v| scoring(p, cfg).agrees(filed_deduction, exact_at(*v)))
    {
        return None;
    }
    let v = candidates[0];
    let metric = t.metric.as_deref().unwrap_or("实际完成值");
    let implied = t.implied_actual(filed_deduction, limit, weight);
    let implied_words = implied
        .map(|a| {
            format!(
                "；扣 {} 分对应{metric}约 {}%",
                fmt_dec(filed_deduction),
                fmt_dec(cfg.round(a))
            )
        })
        .unwrap_or_default();
    let at_v = deduction_at(v);
    let verdict = if at_v.is_zero() {
        format!(
            "{}% 符合“{metric}{}{}%得满分”，应不扣分",
            fmt_dec(v),
            t.cmp.sign(),
            fmt_dec(limit)
        )
    } else {
        format!("{}% 应扣 {} 分", fmt_dec(v), fmt_dec(at_v))
    };
    Some(Contradiction {
        message: format!(
            "扣分原因写“{}”，按评价标准，{verdict}，与扣 {} 分矛盾{implied_words}",
            reason.trim(),
            fmt_dec(filed_deduction)
        ),
        implied_reason: implied.map(|a| {
            let a = cfg.round(a);
            format!("{}（按扣分推算）", t.sentence(a, limit, weight, cfg.step))
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::num::Num;
    use crate::rule::parse::parse_rule;

    fn row(weight: &str, score: &str, failed: Option<&str>, actual: Option<&str>) -> Indicator {
        Indicator {
            row: 5,
            level1: None,
            level2: None,
            name: "制度执行有效性".into(),
            declared: None,
            weight: Num::Value(weight.parse().unwrap()),
            score: Num::Value(score.parse().unwrap()),
            deduction: Num::Missing,
            reason: String::new(),
            criterion: String::new(),
            explanation: String::new(),
            target: None,
            actual: actual.map(str::to_string),
            failed_items: failed.map(str::to_string),
            rule_text: None,
        }
    }

    /// An empty 不符合项 cell says nothing failed on a full-score row and nothing at all on a
    /// row that lost points; a dash in 实际完成值 is no actual value.
    #[test]
    fn row_inputs_read_empty_cells_by_the_score() {
        let rule = parse_rule("①…；②…；③…。一项不符合扣0.5分");
        let sc = Scoring::default();
        let full = row_inputs(&row("2", "2", Some(" "), None), &rule, &sc);
        assert_eq!(full.failed, Some(Failed::Items(Vec::new())));
        let lost = row_inputs(&row("2", "1.5", Some(" "), None), &rule, &sc);
        assert_eq!(lost.failed, None);
        let named = row_inputs(&row("2", "1.5", Some("②"), None), &rule, &sc);
        assert_eq!(named.failed, Some(Failed::Items(vec![2])));
        let dash = row_inputs(&row("2", "2", None, Some("—")), &rule, &sc);
        assert_eq!((dash.actual, dash.actual_text), (None, None));
    }
}
