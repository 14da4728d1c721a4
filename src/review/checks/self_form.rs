//! R301, R305, R307–R309 for an indicator of a self-evaluation form (SPEC §4.1), whose rule
//! comes from its own cells ([`crate::rule::form`]) and is scored by
//! [`crate::rule::score`]: a qualitative grade word checks the filed score against the grade's
//! band (R308), a quantitative indicator is recomputed from 年度指标值 and 实际完成值 (R301,
//! with R307 for a fraction read as a percentage and R309 for an actual far above its target
//! with no reason).

use super::indicator::{from_reason, row_inputs, Recomputed, Source};
use super::{at, is_blank_reason, scoring, Reviewed};
use crate::config::Config;
use crate::diag::{Code, Diagnostic};
use crate::review::locate::Role;
use crate::review::model::{Indicator, Project};
use crate::rule::score::{score, Inputs, NoScore, Scored};
use crate::rule::{form, Qualitative, Rule, RuleKind};
use crate::text::fmt_dec;
use rust_decimal::Decimal;

/// Reviews one indicator of a self-evaluation form: the reviewed values and the findings.
pub fn review_self_indicator(
    p: &Project,
    ind: &Indicator,
    cfg: &Config,
) -> (Reviewed, Vec<Diagnostic>) {
    let weight = ind.weight.value();
    let filed = ind.score.value();
    let mut reviewed = Reviewed {
        score: filed,
        deduction: weight.zip(filed).map(|(w, s)| cfg.round(w - s)),
        reason: ind.reason.clone(),
        rule: RuleKind::Manual,
        basis: "人工评分，未复核（没有可计算的年度指标值和实际完成值）".into(),
        manual: true,
    };
    let Some(w) = weight else {
        return (reviewed, Vec::new());
    };
    let row = Row {
        p,
        ind,
        cfg,
        w,
        inputs: row_inputs(ind, &form::quantitative(), &scoring(p, cfg)),
        score_cell: at(p, ind, Role::Score),
    };
    let actual_text = ind.actual.as_deref().unwrap_or_default().trim();
    if let Some(ref rule @ Rule::Qualitative(ref q)) =
        form::qualitative(actual_text).filter(|_| row.inputs.actual.is_none())
    {
        let found = row.qualitative_band(&mut reviewed, rule, q);
        return (reviewed, found.into_iter().collect());
    }
    if row.inputs.target.is_none() {
        return (reviewed, Vec::new());
    }
    let out = match score(&form::quantitative(), w, &row.inputs, &scoring(p, cfg)) {
        Ok(scored) => row.recomputed(&mut reviewed, scored),
        // The target is there: what is missing is the actual value.
        Err(_) => row.no_actual(&mut reviewed).into_iter().collect(),
    };
    (reviewed, out)
}

/// One indicator row of a self-evaluation form, with a weight, under review.
struct Row<'a> {
    p: &'a Project,
    ind: &'a Indicator,
    cfg: &'a Config,
    /// The weight.
    w: Decimal,
    inputs: Inputs,
    score_cell: (u32, u32),
}

impl Row<'_> {
    /// A qualitative grade word: the filed score is kept, and must lie in the grade's band of
    /// the weight (R308).
    fn qualitative_band(
        &self,
        reviewed: &mut Reviewed,
        rule: &Rule,
        q: &Qualitative,
    ) -> Option<Diagnostic> {
        let Row { ind, cfg, w, .. } = *self;
        let inputs = &self.inputs;
        let (lower, upper) = q.points(w, &cfg.scoring());
        let (lo, hi) = (fmt_dec(q.lower.value), fmt_dec(q.upper.value));
        reviewed.rule = RuleKind::Grade;
        reviewed.basis = format!(
            "定性指标：“{}”得分区间为分值的 {lo}%（含）至 {hi}%{}，即 {} 至 {} 分；保留填报得分",
            q.label,
            if q.upper.inclusive {
                "（含）"
            } else {
                "（不含）"
            },
            fmt_dec(lower.value),
            fmt_dec(upper.value)
        );
        let Err(NoScore::OutOfBand { .. }) = score(rule, w, inputs, &cfg.scoring()) else {
            return None;
        };
        let message = format!(
            "定性指标实际完成值为“{}”，得分应在 {} 到 {} 分之间（分值的 {lo}%–{hi}%{}），填报 {}",
            ind.actual.as_deref().unwrap_or_default().trim(),
            fmt_dec(lower.value),
            fmt_dec(upper.value),
            if q.upper.inclusive {
                ""
            } else {
                "，不含上限"
            },
            fmt_dec(inputs.filed_score.unwrap_or_default())
        );
        let (sr, sc) = self.score_cell;
        Some(
            Diagnostic::new(Code::R308, message)
                .at(sr, sc)
                .about(&ind.name),
        )
    }

    /// No actual value: the filed score is kept; R305 where points were deducted.
    fn no_actual(&self, reviewed: &mut Reviewed) -> Option<Diagnostic> {
        let ind = self.ind;
        reviewed.basis = format!(
            "按年度指标值 {} 计分；未提供实际完成值，保留填报得分，未复核",
            ind.target.as_deref().unwrap_or_default().trim()
        );
        let d = reviewed.deduction.filter(|d| *d > Decimal::ZERO)?;
        let (sr, sc) = self.score_cell;
        Some(
            Diagnostic::new(
                Code::R305,
                format!("没有实际完成值，扣 {} 分未能按年度指标值重算", fmt_dec(d)),
            )
            .at(sr, sc)
            .about(&ind.name),
        )
    }

    /// The score recomputed from 年度指标值 and 实际完成值: R307 for a fraction read as a
    /// percentage, R301 when the filed score differs, R309 for an actual 30% or more above a
    /// forward target with no reason.
    fn recomputed(&self, reviewed: &mut Reviewed, scored: Scored) -> Vec<Diagnostic> {
        let Row {
            p,
            ind,
            cfg,
            w,
            score_cell,
            ..
        } = *self;
        let mut out = Vec::new();
        let (Some(t), Some(a)) = (&self.inputs.target, &self.inputs.actual) else {
            return out;
        };
        if scored.fraction_read {
            let message = format!(
                "实际完成值“{}”按百分比读作 {}%",
                ind.actual.as_deref().unwrap_or_default().trim(),
                fmt_dec(a.value * Decimal::from(100))
            );
            let col = p.col(Role::Actual).unwrap_or(score_cell.1);
            out.push(
                Diagnostic::new(Code::R307, message)
                    .at(ind.row, col)
                    .about(&ind.name),
            );
        }
        let reverse = t.cmp.is_some_and(crate::rule::Cmp::is_reverse);
        let from_reason = from_reason(&self.inputs);
        let basis = format!(
            "{}：{}。复核：{}{}",
            if reverse {
                "反向指标（≤）"
            } else {
                "正向指标（≥）"
            },
            if reverse {
                "实际完成值不超过年度指标值得满分，超过时得分=分值×(1−超出部分/年度指标值)，达到2倍不得分"
            } else {
                "实际完成值达到年度指标值得满分，未达到按完成比例计分"
            },
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
            source: Source::Target,
            from_reason,
            cell: score_cell,
            bare: None,
        };
        out.extend(recomputed.apply(reviewed, p, ind, w, cfg));
        reviewed.rule = RuleKind::Proportional;
        let (av, tv) = (scored.actual.unwrap_or(a.value), t.value);
        let far_above = !reverse
            && ((tv > Decimal::ZERO && av >= tv * Decimal::new(13, 1))
                || (tv.is_zero() && av >= Decimal::from(30)));
        if far_above && is_blank_reason(&ind.reason) {
            let u = form::shown_unit(t, a);
            let (row, col) = p.col(Role::Reason).map_or(score_cell, |c| (ind.row, c));
            out.push(
            Diagnostic::new(
                Code::R309,
                format!(
                    "实际完成值 {}{u} 超过年度指标值 {}{u} 的 30% 以上，但没有填写偏差原因；如年度指标值设定明显偏低，应说明原因并按偏离度适度调减分值",
                    fmt_dec(av),
                    fmt_dec(tv)
                ),
            )
            .at(row, col)
            .about(&ind.name),
        );
        }
        out
    }
}
