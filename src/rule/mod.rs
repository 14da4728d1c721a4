//! Rules from 评价标准 (SPEC §4), and all scoring: the typed [`Rule`], its canonical Chinese
//! `Display` (which [`parse::parse_rule`] reads back to the same rule), its `explain`
//! parameters; [`parse`] reads criterion texts, [`form`] gives the self-evaluation form's rules
//! from its own cells, [`reason`] reads an actual value a reason states, and [`score`] scores a
//! row's inputs with any rule. Every score of the review — an indicator's, a self-evaluation
//! indicator's, the budget block's — is a [`Rule`] scored by [`score::score`]; the checks only
//! compare.
//!
//! Boundaries and step semantics are explicit fields, never hidden in the scoring code:
//! [`Cmp`] says which side of a threshold is good and whether the boundary belongs to it;
//! [`Scoring`] (from the config) says how a partial step counts ([`StepMode`]) and how a score
//! is rounded.

pub mod form;
pub mod normalize;
pub mod parse;
pub mod reason;
pub mod score;

use crate::text::fmt_dec;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt;

/// A comparison: which values are on the good side of a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// At least (以上, 及以上, 不低于, 达到, ≥).
    Ge,
    /// More than (大于, 高于, >).
    Gt,
    /// At most (以下, 以内, 不超过, ≤).
    Le,
    /// Less than (小于, 低于, <).
    Lt,
    /// On the mark, either side a deviation (与计划每相差5%扣0.5分).
    Eq,
}

impl Cmp {
    /// True when `value` compares to `limit` this way.
    pub fn holds(self, value: Decimal, limit: Decimal) -> bool {
        match self {
            Cmp::Ge => value >= limit,
            Cmp::Gt => value > limit,
            Cmp::Le => value <= limit,
            Cmp::Lt => value < limit,
            Cmp::Eq => value == limit,
        }
    }

    /// True for ≤ and <: lower is better (a reverse rule).
    pub fn is_reverse(self) -> bool {
        matches!(self, Cmp::Le | Cmp::Lt)
    }

    /// The sign: `≥`, `>`, `≤`, `<`.
    pub fn sign(self) -> &'static str {
        match self {
            Cmp::Ge => "≥",
            Cmp::Gt => ">",
            Cmp::Le => "≤",
            Cmp::Lt => "<",
            Cmp::Eq => "=",
        }
    }

    /// The ASCII form used in `explain` params: `>=`, `>`, `<=`, `<`.
    pub fn ascii(self) -> &'static str {
        match self {
            Cmp::Ge => ">=",
            Cmp::Gt => ">",
            Cmp::Le => "<=",
            Cmp::Lt => "<",
            Cmp::Eq => "=",
        }
    }

    /// How the boundary reads in words, for the 评分依据 column.
    pub fn reading(self) -> &'static str {
        match self {
            Cmp::Ge => "“以上/不低于/达到”按“大于或等于”理解，含本数",
            Cmp::Gt => "“大于/高于”按“严格大于”理解，不含本数",
            Cmp::Le => "“以下/以内/不超过”按“小于或等于”理解，含本数",
            Cmp::Lt => "“小于/低于”按“严格小于”理解，不含本数",
            Cmp::Eq => "“相差”按偏离计，高于或低于都扣分",
        }
    }
}

/// The threshold of a rule: a number, or the row's own target (年度指标值).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// A number in the rule's unit.
    Value(Decimal),
    /// The row's 年度指标值 (达标得满分, 完成年度指标值得满分).
    Target,
}

/// What one step of shortfall costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deduct {
    /// Points per step.
    Points(Decimal),
    /// A percentage of the weight per step (扣权重的1%).
    Share(Decimal),
}

/// How a partial step counts (config `step`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepMode {
    /// A shortfall of s with step k costs s/k × d (the default).
    #[default]
    Proportional,
    /// Only complete steps count.
    Floor,
    /// A started step counts.
    Ceil,
}

/// How scores are rounded (config `[rounding] mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// Midpoint away from zero, as Excel's ROUND.
    #[default]
    HalfUp,
    /// Cut off the extra places (some budget systems do this).
    Truncate,
}

impl RoundingMode {
    /// The `jixiao.toml` value: `half_up` or `truncate`.
    pub fn key(self) -> &'static str {
        match self {
            RoundingMode::HalfUp => "half_up",
            RoundingMode::Truncate => "truncate",
        }
    }
}

/// How the numbers of a rule are settled: how a partial step counts (config `step`) and how a
/// score is rounded (config `[rounding]`). Scoring is exact; only [`Scoring::round`] rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scoring {
    /// How a partial step of a threshold counts.
    pub step: StepMode,
    /// Decimal places of a score.
    pub places: u32,
    /// How a score is rounded to them.
    pub rounding: RoundingMode,
    /// The fewest decimal places a filed score is taken at when judging whether it is the
    /// exact result rounded ([`Scoring::agrees`]): the precision the table is filed at
    /// ([`Scoring::filed_at`]); 1 when not known.
    pub filed_places: u32,
}

impl Default for Scoring {
    /// Proportional steps, two places, half up: the built-in county rules.
    fn default() -> Self {
        Scoring {
            step: StepMode::Proportional,
            places: 2,
            rounding: RoundingMode::HalfUp,
            filed_places: 1,
        }
    }
}

impl Scoring {
    /// The default scoring with another step mode.
    pub fn with_step(step: StepMode) -> Scoring {
        Scoring {
            step,
            ..Scoring::default()
        }
    }

    /// Rounds a score to the configured places with the configured mode, normalised. This is
    /// the only rounding function of the crate ([`crate::config::Config::round`] calls it).
    pub fn round(&self, d: Decimal) -> Decimal {
        let strategy = match self.rounding {
            RoundingMode::HalfUp => rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::Truncate => rust_decimal::RoundingStrategy::ToZero,
        };
        d.round_dp_with_strategy(self.places, strategy).normalize()
    }

    /// This scoring for a table whose filed scores have at most `places` decimals.
    pub fn filed_at(self, places: u32) -> Scoring {
        Scoring {
            filed_places: places,
            ..self
        }
    }

    /// True when a filed score or deduction is the exact result as people round it (SPEC §4):
    /// equal to it rounded at the filed precision by any usual convention — half up, half
    /// even, truncation — or equal to it rounded as scores are. `0.985` filed as `0.98` or
    /// `0.99` is right. The filed precision is the number's own places, but at least the
    /// table's ([`Scoring::filed_at`]): in a table filed in whole points `9` for 8.62 or 9.8
    /// is a rounding; where other scores carry decimals it is a score of 9.
    ///
    /// # Examples
    /// ```
    /// use jixiao::rule::Scoring;
    /// let s = Scoring::default();
    /// let d = |t: &str| t.parse().unwrap();
    /// assert!(s.agrees(d("0.98"), d("0.985")) && s.agrees(d("0.99"), d("0.985")));
    /// assert!(!s.agrees(d("9"), d("8.5")));
    /// assert!(s.filed_at(0).agrees(d("9"), d("8.5")) && s.filed_at(0).agrees(d("9"), d("9.8")));
    /// assert!(!s.filed_at(0).agrees(d("9"), d("8.4")));
    /// ```
    pub fn agrees(&self, filed: Decimal, exact: Decimal) -> bool {
        self.agrees_from(filed, exact, self.filed_places)
    }

    /// As [`Scoring::agrees`], for a rate in percent, which is written rounded to whole percent
    /// as often as not: `86%` for 86.2% is right, `86.19%` for 86.183% is not.
    pub fn agrees_rate(&self, filed: Decimal, exact: Decimal) -> bool {
        self.agrees_from(filed, exact, 0)
    }

    fn agrees_from(&self, filed: Decimal, exact: Decimal, min_places: u32) -> bool {
        use rust_decimal::RoundingStrategy as R;
        let places = filed.normalize().scale().max(min_places);
        self.round(filed) == self.round(exact)
            || [R::MidpointAwayFromZero, R::MidpointNearestEven, R::ToZero]
                .into_iter()
                .any(|r| exact.round_dp_with_strategy(places, r) == filed)
    }
}

/// The unit of a number in a rule or in a target or actual value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// Percent: `%`, and 个百分点 in a step.
    Percent,
    /// Any other word after the number, as written: 个, 天, 万元, 处.
    Word(String),
}

impl Unit {
    /// A word as a unit: `个` → `Word("个")`; `None` for an empty word.
    pub fn word(w: &str) -> Option<Unit> {
        (!w.is_empty()).then(|| Unit::Word(w.to_string()))
    }

    /// True for units of time (天, 日, 工作日, 周, 月, 季度, 年): a count of them is a delay.
    pub fn is_time(&self) -> bool {
        matches!(self, Unit::Word(w) if DELAY_UNITS.contains(&w.as_str()))
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unit::Percent => f.write_str("%"),
            Unit::Word(w) => f.write_str(w),
        }
    }
}

/// 资金到位率大于90%的得满分，每少5个百分点扣0.5分，扣完为止.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Threshold {
    /// What is measured (资金到位率), if named.
    pub metric: Option<String>,
    /// The good side of the threshold.
    pub cmp: Cmp,
    /// The threshold.
    pub limit: Limit,
    /// The unit of the threshold (`%`, `个`, `天`), if any.
    pub unit: Option<Unit>,
    /// The size of one step of shortfall or excess, in the unit.
    pub step: Decimal,
    /// What a step costs.
    pub deduct: Deduct,
    /// The score is 0 when the actual value compares to this line this way
    /// (`60%以下不计分` → `(Le, 60)`).
    pub zero_line: Option<(Cmp, Decimal)>,
    /// A stated floor of the score (最低得25分).
    pub min_score: Option<Decimal>,
}

/// ①…②…③… 一项不符合扣0.5分，严重的此项完全不得分.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checklist {
    /// How many items the criterion lists, if it lists them.
    pub items: Option<u32>,
    /// Points per failed item.
    pub per_item: Decimal,
    /// 严重的此项完全不得分.
    pub serious_zero: bool,
    /// The criterion lists the 要点 and no points: each is worth the weight divided equally
    /// among them — an assumption, shown in 评分依据 and as R310 (提示), never an error;
    /// `per_item` is then 0.
    pub equal_split: bool,
}

/// 设有目标(1分)目标明确(1分)目标细化(1分): the points of the items met, added up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Additive {
    /// (item, points), in order.
    pub items: Vec<(String, Decimal)>,
    /// The rule inside an item, by item (`2.部署工作年内至少3次(3分,少1次扣1分)`: a count
    /// within the item's 3 points); empty when no item has one.
    pub rules: Vec<Option<Rule>>,
    /// The points are what an item not met costs (`(1)项不符合要求扣6分;(2)项不符合要求扣2分`):
    /// the score is the weight less the points of the items not met.
    pub deducted: bool,
}

impl Additive {
    /// Items with their points and nothing inside.
    pub fn plain(items: Vec<(String, Decimal)>) -> Additive {
        Additive {
            items,
            rules: Vec::new(),
            deducted: false,
        }
    }

    /// The rule inside item `i` (from 0), if any.
    pub fn rule_of(&self, i: usize) -> Option<&Rule> {
        self.rules.get(i).and_then(Option::as_ref)
    }
}

/// A fraction of the weight: `1/3` is (1, 3), `20%` is (20, 100).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fraction {
    /// The numerator.
    pub num: Decimal,
    /// The denominator (never 0).
    pub den: Decimal,
}

impl Fraction {
    /// This fraction of `v`, exactly where the arithmetic allows.
    pub fn of(self, v: Decimal) -> Decimal {
        v * self.num / self.den
    }
}

impl fmt::Display for Fraction {
    /// `20%` for a percentage, else `1/3`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == Decimal::ONE_HUNDRED {
            write!(f, "{}%", fmt_dec(self.num))
        } else {
            write!(f, "{}/{}", fmt_dec(self.num), fmt_dec(self.den))
        }
    }
}

/// 要点①②③各占指标分值的1/3，符合要点得相应分值，否则扣除 · 要点①②各占20%，要点③占60%: each
/// 要点 holds a share of the weight; the score is the shares of the 要点 met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    /// Each 要点's share of the weight, in order from ①; they add up to the whole weight.
    pub shares: Vec<Fraction>,
    /// The part of a 要点's share lost per failure inside it (每出现一项不满足扣该要点分值的1/2);
    /// `None`: a 要点 not met loses its whole share.
    pub per_failure: Option<Fraction>,
    /// A 要点 (from 0) without which the indicator scores nothing (具备要素①，得到指标分值的40%；
    /// 如不具备，该指标分值为0).
    pub gate: Option<usize>,
}

/// One end of a band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    /// The number.
    pub value: Decimal,
    /// True when the number belongs to the band.
    pub inclusive: bool,
}

/// What a band or a grade word gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Award {
    /// The whole weight (得满分).
    Full,
    /// A number of points (0 for 不得分).
    Points(Decimal),
    /// Any score within a range (10分到13分): a filed score inside it is accepted.
    Range(Decimal, Decimal),
    /// The weight less some points (不健全的扣10分).
    Deduct(Decimal),
    /// In proportion between the awards of the bands on either side (`70%-90%线性得分`,
    /// `10-20日按比例扣分`): linear interpolation, scored by [`Bands`] only.
    Linear,
}

impl Award {
    /// The score this award gives for a weight; for a range, its upper end.
    pub fn points(self, weight: Decimal) -> Decimal {
        match self {
            Award::Full => weight,
            Award::Points(p) => p.min(weight),
            Award::Range(_, hi) => hi.min(weight),
            Award::Deduct(d) => (weight - d).max(Decimal::ZERO),
            // The band's own score depends on the value; its best is the weight.
            Award::Linear => weight,
        }
    }

    /// True when a score can be this award's: any score inside a range, else exactly its
    /// points.
    pub fn gives(self, score: Decimal, weight: Decimal) -> bool {
        match self {
            Award::Range(lo, hi) => score >= lo && score <= hi,
            Award::Linear => score >= Decimal::ZERO && score <= weight,
            a => a.points(weight) == score,
        }
    }
}

/// One band: a range of the actual value and its award.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Band {
    /// The lower end, if any.
    pub lower: Option<Bound>,
    /// The upper end, if any.
    pub upper: Option<Bound>,
    /// What the band gives.
    pub award: Award,
}

/// True when `v` lies between the bounds (an absent bound is open): the band test of
/// [`Band::contains`] and of [`Qualitative`] grades.
pub fn within(lower: Option<Bound>, upper: Option<Bound>, v: Decimal) -> bool {
    lower.is_none_or(|b| v > b.value || (b.inclusive && v == b.value))
        && upper.is_none_or(|b| v < b.value || (b.inclusive && v == b.value))
}

impl Band {
    /// True when the value lies in the band.
    pub fn contains(&self, v: Decimal) -> bool {
        within(self.lower, self.upper, v)
    }
}

/// ≥95%得满分；90%（含）-95%得3分；<90%不得分.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bands {
    /// What is measured, if named.
    pub metric: Option<String>,
    /// The unit of the bounds (`%`), if any.
    pub unit: Option<Unit>,
    /// The bands, as written.
    pub bands: Vec<Band>,
}

/// 健全的得10分,基本健全的得6分,不健全的扣10分.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grades {
    /// (grade word, award), as written.
    pub grades: Vec<(String, Award)>,
    /// The grades written as a deduction that leaves points (`发现违规扣1分` beside `得2分`) and
    /// what each costs; their award above is the full award less it. (One that takes the
    /// whole full award, `不健全的扣10分` beside `健全的得10分`, scores 0 and is not listed.)
    pub costs: Vec<(String, Decimal)>,
}

impl Grades {
    /// True when every grade is a failure (`无该项制度的,不得分`, `逾期报送的,扣3分`): the
    /// full mark is the state not written, and failures found add up.
    pub fn failures_only(&self) -> bool {
        self.grades.iter().all(|(_, a)| {
            matches!(a, Award::Deduct(_)) || matches!(a, Award::Points(p) if p.is_zero())
        })
    }

    /// What each grade adds when the words name aspects to add up rather than levels of one
    /// (制度健全得2分；执行到位得2分 on a weight of 4): its points, or less its cost for one
    /// written as a deduction (`发现违规扣1分`: −1). They are aspects when the weight is
    /// [`Grades::aspects_total`]: a scale of levels gives its top level the weight, and this
    /// one could not reach it. `None` otherwise.
    pub fn as_items(&self, weight: Decimal) -> Option<Vec<Decimal>> {
        (self.aspects_total() == Some(weight)).then(|| {
            self.grades
                .iter()
                .map(|(word, award)| match self.cost_of(word) {
                    Some(cost) => -cost,
                    None => award.points(weight),
                })
                .collect()
        })
    }

    /// What the grade `word` costs, when it is written as a deduction that leaves points.
    pub fn cost_of(&self, word: &str) -> Option<Decimal> {
        self.costs.iter().find(|(w, _)| w == word).map(|(_, c)| *c)
    }

    /// The sum of the points of the grades that give some, when at least two do and every
    /// grade gives points (or is written as a deduction): the weight these would make as
    /// aspects added up. `None` for a grade of full marks, a range or a proportion.
    fn aspects_total(&self) -> Option<Decimal> {
        let mut giving = Vec::new();
        for (word, award) in &self.grades {
            match award {
                _ if self.cost_of(word).is_some() => {}
                Award::Points(p) if !p.is_zero() => giving.push(*p),
                Award::Points(_) => {}
                _ => return None,
            }
        }
        (giving.len() >= 2).then(|| giving.iter().sum())
    }
}

/// 未通过一个扣一分，扣完为止 · 每发现1处问题扣0.5分.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    /// Points per occurrence; with `share`, percent of the weight per occurrence.
    pub per_item: Decimal,
    /// `per_item` is a share of the weight in percent (每发现一项扣10%分).
    pub share: bool,
    /// The counter word (处, 次, 个), if any.
    pub unit: Option<Unit>,
    /// A stated floor of the score.
    pub min_score: Option<Decimal>,
    /// The most that may be deducted (`最多扣3分`, `扣满3分为止`), if stated.
    pub cap: Option<Decimal>,
}

/// What a proportional rule scales by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// A degree of achievement in percent (按经济效益实现程度计算得分).
    Degree,
    /// actual / target (得分=实际完成值/年度指标值×分值).
    Ratio,
    /// target / actual for a reverse indicator, full up to the target (在职人员控制率≤100%计5分,
    /// 否则按比例计分; “≤”时得满分，超过按比例得分).
    Inverse,
    /// The self-evaluation form's quantitative indicators (财预〔2020〕10号; SPEC §4.1): the
    /// direction comes from the target's sign. `≥`, `>`, `=` or none: full marks when the
    /// actual reaches the target, else weight × actual / target. `≤`, `<` (costs): full marks
    /// up to the target, else weight × (1 − (actual − target) / target), 0 from twice the
    /// target. A negative actual counts as 0.
    Target,
}

/// 对照绩效目标，按经济效益实现程度计算得分.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proportional {
    /// What the weight is multiplied by.
    pub basis: Basis,
}

/// A qualitative indicator of the self-evaluation form (财预〔2020〕10号): its 实际完成值 is a
/// grade word, and its filed score must lie in that grade's share of the weight. Built from
/// the row by [`form::qualitative`], never parsed from a criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Qualitative {
    /// The grade, as 10号 words it (达成年度指标 …).
    pub label: &'static str,
    /// The lowest share of the weight, in percent.
    pub lower: Bound,
    /// The highest share of the weight, in percent.
    pub upper: Bound,
}

impl Qualitative {
    /// The grade's band in points for a weight, rounded as scores are.
    pub fn points(&self, weight: Decimal, scoring: &Scoring) -> (Bound, Bound) {
        let at = |b: Bound| Bound {
            value: scoring.round(weight * b.value / Decimal::from(100)),
            inclusive: b.inclusive,
        };
        (at(self.lower), at(self.upper))
    }
}

/// Why a criterion is scored by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// 酌情扣分, 视具体情况扣分, 由各省自行制定 (R304).
    Discretionary,
    /// Only a definition such as 变动率=[（实际成本-计划成本）/计划成本]×100% (R304).
    Definition,
    /// Not understood (R303).
    NotUnderstood,
}

impl Why {
    /// The `explain` value: `discretionary`, `definition`, `not_understood`.
    pub fn as_str(self) -> &'static str {
        match self {
            Why::Discretionary => "discretionary",
            Why::Definition => "definition",
            Why::NotUnderstood => "not_understood",
        }
    }
}

/// What kind of rule scores an indicator: `threshold`, `checklist`, `additive`, `bands`,
/// `grade`, `count`, `proportional`, `manual` in `explain` and the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// Full on the good side of a threshold, a deduction per step of shortfall.
    Threshold,
    /// A deduction per failed item.
    Checklist,
    /// The sum of the points of the items met.
    Additive,
    /// The score of the band the actual value falls in.
    Bands,
    /// The score of a grade word.
    Grade,
    /// A deduction per occurrence.
    Count,
    /// The weight times a degree or ratio.
    Proportional,
    /// The shares of the weight of the 要点 met.
    Share,
    /// Scored by hand: the filed score is kept.
    Manual,
}

impl RuleKind {
    /// The name shown in `explain` and the report.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Threshold => "threshold",
            RuleKind::Checklist => "checklist",
            RuleKind::Additive => "additive",
            RuleKind::Bands => "bands",
            RuleKind::Grade => "grade",
            RuleKind::Count => "count",
            RuleKind::Proportional => "proportional",
            RuleKind::Share => "share",
            RuleKind::Manual => "manual",
        }
    }
}

impl fmt::Display for RuleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A criterion as understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// Full on the good side of a threshold, a deduction per step of shortfall.
    Threshold(Threshold),
    /// A deduction per failed item.
    Checklist(Checklist),
    /// The sum of the points of the items met.
    Additive(Additive),
    /// The score of the band the actual value falls in.
    Bands(Bands),
    /// The score of a grade word.
    Grade(Grades),
    /// A deduction per occurrence.
    Count(Count),
    /// The weight times a degree or ratio.
    Proportional(Proportional),
    /// The shares of the weight of the 要点 met.
    Share(Share),
    /// The band of a qualitative grade word (the self-evaluation form).
    Qualitative(Qualitative),
    /// Scored by hand.
    Manual(Why),
}

impl Rule {
    /// The kind of the rule.
    pub fn kind(&self) -> RuleKind {
        match self {
            Rule::Threshold(_) => RuleKind::Threshold,
            Rule::Checklist(_) => RuleKind::Checklist,
            Rule::Additive(_) => RuleKind::Additive,
            Rule::Bands(_) => RuleKind::Bands,
            Rule::Grade(_) => RuleKind::Grade,
            Rule::Count(_) => RuleKind::Count,
            Rule::Proportional(_) => RuleKind::Proportional,
            Rule::Share(_) => RuleKind::Share,
            Rule::Qualitative(_) => RuleKind::Grade,
            Rule::Manual(_) => RuleKind::Manual,
        }
    }

    /// The `explain --format json` parameters, every value a string (SPEC §4).
    pub fn params(&self) -> BTreeMap<&'static str, String> {
        let mut p = BTreeMap::new();
        match self {
            Rule::Threshold(t) => {
                if let Some(m) = &t.metric {
                    p.insert("metric", m.clone());
                }
                p.insert("cmp", t.cmp.ascii().into());
                p.insert(
                    "threshold",
                    match t.limit {
                        Limit::Value(v) => fmt_dec(v),
                        Limit::Target => "target".into(),
                    },
                );
                if let Some(u) = &t.unit {
                    p.insert("unit", u.to_string());
                }
                p.insert("step", fmt_dec(t.step));
                match t.deduct {
                    Deduct::Points(d) => p.insert("deduct", fmt_dec(d)),
                    Deduct::Share(s) => p.insert("deduct_share", fmt_dec(s)),
                };
                if let Some((c, z)) = t.zero_line {
                    p.insert("zero_line", format!("{}{}", c.ascii(), fmt_dec(z)));
                }
                if let Some(m) = t.min_score {
                    p.insert("min_score", fmt_dec(m));
                }
            }
            Rule::Checklist(c) if c.equal_split => {
                if let Some(n) = c.items {
                    p.insert("items", n.to_string());
                }
                p.insert("per_item", "equal".into());
            }
            Rule::Checklist(c) => {
                if let Some(n) = c.items {
                    p.insert("items", n.to_string());
                }
                p.insert("per_item", fmt_dec(c.per_item));
                if c.serious_zero {
                    p.insert("serious_zero", "true".into());
                }
            }
            Rule::Additive(a) => {
                let items: Vec<String> = a
                    .items
                    .iter()
                    .map(|(n, v)| format!("{n}:{}", fmt_dec(*v)))
                    .collect();
                p.insert("items", items.join(";"));
                let inner: Vec<String> = (0..a.items.len())
                    .filter_map(|i| Some(format!("{}:{}", i + 1, a.rule_of(i)?.kind())))
                    .collect();
                if !inner.is_empty() {
                    p.insert("item_rules", inner.join(";"));
                }
                if a.deducted {
                    p.insert("deducted", "true".into());
                }
            }
            Rule::Bands(b) => {
                if let Some(m) = &b.metric {
                    p.insert("metric", m.clone());
                }
                if let Some(u) = &b.unit {
                    p.insert("unit", u.to_string());
                }
                let bands: Vec<String> = b
                    .bands
                    .iter()
                    .map(|band| format!("{}:{}", band_range_ascii(band), award_ascii(band.award)))
                    .collect();
                p.insert("bands", bands.join(";"));
            }
            Rule::Grade(g) => {
                let grades: Vec<String> = g
                    .grades
                    .iter()
                    .map(|(w, a)| format!("{w}:{}", award_ascii(*a)))
                    .collect();
                p.insert("grades", grades.join(";"));
            }
            Rule::Count(c) if c.share => {
                p.insert("deduct_share", fmt_dec(c.per_item));
                if let Some(cap) = c.cap {
                    p.insert("cap", fmt_dec(cap));
                }
            }
            Rule::Count(c) => {
                p.insert("per_item", fmt_dec(c.per_item));
                if let Some(m) = c.min_score {
                    p.insert("min_score", fmt_dec(m));
                }
                if let Some(cap) = c.cap {
                    p.insert("cap", fmt_dec(cap));
                }
            }
            Rule::Proportional(pr) => {
                p.insert(
                    "basis",
                    match pr.basis {
                        Basis::Degree => "degree",
                        Basis::Ratio => "ratio",
                        Basis::Inverse => "inverse",
                        Basis::Target => "target",
                    }
                    .into(),
                );
            }
            Rule::Share(sh) => {
                p.insert("items", sh.shares.len().to_string());
                let shares: Vec<String> = sh
                    .shares
                    .iter()
                    .enumerate()
                    .map(|(i, f)| format!("{}:{f}", i + 1))
                    .collect();
                p.insert("shares", shares.join(";"));
                if let Some(pf) = sh.per_failure {
                    p.insert("per_failure", pf.to_string());
                }
                if let Some(g) = sh.gate {
                    p.insert("gate", (g + 1).to_string());
                }
            }
            Rule::Qualitative(q) => {
                let band = Band {
                    lower: Some(q.lower),
                    upper: Some(q.upper),
                    award: Award::Full,
                };
                p.insert("grades", format!("{}:{}", q.label, band_range_ascii(&band)));
            }
            Rule::Manual(why) => {
                p.insert("why", why.as_str().into());
            }
        }
        p
    }
}

fn band_range_ascii(b: &Band) -> String {
    match (b.lower, b.upper) {
        (Some(l), None) => format!(
            "{}{}",
            if l.inclusive { ">=" } else { ">" },
            fmt_dec(l.value)
        ),
        (None, Some(u)) => format!(
            "{}{}",
            if u.inclusive { "<=" } else { "<" },
            fmt_dec(u.value)
        ),
        (Some(l), Some(u)) => format!(
            "{}{},{}{}",
            if l.inclusive { "[" } else { "(" },
            fmt_dec(l.value),
            fmt_dec(u.value),
            if u.inclusive { "]" } else { ")" }
        ),
        (None, None) => "*".into(),
    }
}

fn award_ascii(a: Award) -> String {
    match a {
        Award::Full => "full".into(),
        Award::Points(p) => fmt_dec(p),
        Award::Range(lo, hi) => format!("{}-{}", fmt_dec(lo), fmt_dec(hi)),
        Award::Linear => "linear".into(),
        Award::Deduct(d) => format!("-{}", fmt_dec(d)),
    }
}

/// The circled number of item `n` (①…⑳), or `(n)` past ⑳.
pub(crate) fn circled(n: u32) -> String {
    "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
        .chars()
        .nth(n.saturating_sub(1) as usize)
        .map(|c| c.to_string())
        .unwrap_or_else(|| format!("({n})"))
}

/// Units of time: a count of them is a delay (每滞后1年扣2分).
pub const DELAY_UNITS: &[&str] = &[
    "天",
    "日",
    "个工作日",
    "工作日",
    "周",
    "个季度",
    "季度",
    "个月",
    "月",
    "年",
];

/// A unit as written after a number: `%`, `个`, or nothing.
pub(crate) fn unit_str(u: &Option<Unit>) -> String {
    u.as_ref().map(Unit::to_string).unwrap_or_default()
}

/// The words for a step of `step` in a unit: `1个百分点`, `5个百分点`, `10个`, `2天`.
pub(crate) fn step_words(step: Decimal, unit: &Option<Unit>) -> String {
    match unit {
        Some(Unit::Percent) => format!("{}个百分点", fmt_dec(step)),
        Some(u) => format!("{}{u}", fmt_dec(step)),
        None => fmt_dec(step),
    }
}

fn award_words(a: Award) -> String {
    match a {
        Award::Full => "得满分".into(),
        Award::Points(p) if p.is_zero() => "不得分".into(),
        Award::Points(p) => format!("得{}分", fmt_dec(p)),
        Award::Range(lo, hi) => format!("得{}至{}分", fmt_dec(lo), fmt_dec(hi)),
        Award::Linear => "按比例线性计分".into(),
        Award::Deduct(d) => format!("扣{}分", fmt_dec(d)),
    }
}

fn bound_words(value: Decimal, unit: &str, inclusive: bool) -> String {
    format!(
        "{}{unit}({})",
        fmt_dec(value),
        if inclusive { "含" } else { "不含" }
    )
}

/// The canonical sentence of [`Basis::Inverse`], which [`parse::parse_rule`] reads back.
pub const INVERSE_CANONICAL: &str =
    "反向指标：不超过年度指标值得满分，超过时得分=年度指标值/实际完成值×分值";

/// The canonical sentence of [`Basis::Target`], which [`parse::parse_rule`] reads back.
pub const TARGET_CANONICAL: &str = "按年度指标值计分：实际完成值达到年度指标值得满分，未达到按完成比例计分；年度指标值为“≤”时，超过年度指标值按超出比例扣分，达到2倍不得分";

/// A range in words: `≥95%`, `<90%`, `90%(含)至95%(不含)`; empty when open at both ends.
pub(crate) fn range_words(lower: Option<Bound>, upper: Option<Bound>, unit: &str) -> String {
    match (lower, upper) {
        (Some(l), None) => format!(
            "{}{}{unit}",
            if l.inclusive { "≥" } else { ">" },
            fmt_dec(l.value)
        ),
        (None, Some(u)) => format!(
            "{}{}{unit}",
            if u.inclusive { "≤" } else { "<" },
            fmt_dec(u.value)
        ),
        (Some(l), Some(u)) => format!(
            "{}至{}",
            bound_words(l.value, unit, l.inclusive),
            bound_words(u.value, unit, u.inclusive)
        ),
        (None, None) => String::new(),
    }
}

/// The canonical Chinese sentence of a rule; [`parse::parse_rule`] reads it back to the same
/// rule.
impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Threshold(t) => write_threshold(f, t),
            Rule::Checklist(c) if c.equal_split => write!(
                f,
                "共{}项评价要点，未写明每项分值：按分值平均分到各项，每项不符合扣分值的1/{}",
                c.items.unwrap_or(0),
                c.items.unwrap_or(0)
            ),
            Rule::Checklist(c) => {
                if let Some(n) = c.items {
                    write!(f, "共{n}项，")?;
                }
                write!(f, "每项不符合扣{}分", fmt_dec(c.per_item))?;
                if c.serious_zero {
                    write!(f, "，严重的此项不得分")?;
                }
                Ok(())
            }
            Rule::Additive(a) if a.deducted => {
                let parts: Vec<String> = a
                    .items
                    .iter()
                    .map(|(n, p)| format!("{n}(扣{}分)", fmt_dec(*p)))
                    .collect();
                write!(f, "按项扣分：{}", parts.join("；"))
            }
            Rule::Additive(a) => {
                let parts: Vec<String> = a
                    .items
                    .iter()
                    .enumerate()
                    .map(|(i, (n, p))| match a.rule_of(i) {
                        Some(r) => format!("{n}({}分，{})", fmt_dec(*p), inner_words(r)),
                        None => format!("{n}({}分)", fmt_dec(*p)),
                    })
                    .collect();
                write!(f, "按项计分：{}", parts.join("；"))
            }
            Rule::Bands(b) => {
                let metric = b.metric.as_deref().unwrap_or("");
                let unit = unit_str(&b.unit);
                let parts: Vec<String> = b
                    .bands
                    .iter()
                    .map(|band| {
                        let range = range_words(band.lower, band.upper, &unit);
                        format!("{metric}{range}{}", award_words(band.award))
                    })
                    .collect();
                write!(f, "{}", parts.join("；"))
            }
            Rule::Grade(g) => {
                let parts: Vec<String> = g
                    .grades
                    .iter()
                    .map(|(w, a)| match g.cost_of(w) {
                        Some(cost) => format!("“{w}”{}", award_words(Award::Deduct(cost))),
                        None => format!("“{w}”{}", award_words(*a)),
                    })
                    .collect();
                write!(f, "{}", parts.join("；"))
            }
            Rule::Count(c) => write_count(f, c),
            Rule::Proportional(p) => match p.basis {
                Basis::Degree => write!(f, "按实现程度计算得分：得分=分值×实现程度"),
                Basis::Ratio => write!(f, "得分=实际完成值/年度指标值×分值"),
                Basis::Inverse => write!(f, "{INVERSE_CANONICAL}"),
                Basis::Target => write!(f, "{TARGET_CANONICAL}"),
            },
            Rule::Share(sh) => {
                let parts: Vec<String> = sh
                    .shares
                    .iter()
                    .enumerate()
                    .map(|(i, s)| format!("要点{}占指标分值的{s}", circled(i as u32 + 1)))
                    .collect();
                write!(f, "按要点计分：{}，未满足的要点不得分", parts.join("，"))?;
                if let Some(pf) = sh.per_failure {
                    write!(f, "；每出现一项不满足扣该要点分值的{pf}")?;
                }
                if let Some(g) = sh.gate {
                    write!(f, "；要点{}不满足的，该指标不得分", circled(g as u32 + 1))?;
                }
                Ok(())
            }
            Rule::Qualitative(q) => write!(
                f,
                "定性指标：“{}”得分为分值的{}",
                q.label,
                range_words(Some(q.lower), Some(q.upper), "%")
            ),
            Rule::Manual(why) => match why {
                Why::Discretionary => write!(f, "人工评分：评价标准为酌情扣分"),
                Why::Definition => write!(f, "人工评分：评价标准只有指标定义，没有评分规则"),
                Why::NotUnderstood => write!(f, "人工评分：评价标准未能识别"),
            },
        }
    }
}

/// The rule inside an item, in words that read back inside the item's brackets: no `；`,
/// no brackets, and no measure named (the item names it).
fn inner_words(r: &Rule) -> String {
    match r {
        Rule::Proportional(_) => "按完成比例计分".into(),
        other => other
            .to_string()
            .replace('；', "，")
            .replace(['(', ')'], ""),
    }
}

/// A threshold's canonical sentence: `资金到位率>90%得满分，每低5个百分点扣0.5分，扣完为止`.
fn write_threshold(f: &mut fmt::Formatter<'_>, t: &Threshold) -> fmt::Result {
    let metric = t.metric.as_deref().unwrap_or("");
    let unit = unit_str(&t.unit);
    let limit = match t.limit {
        Limit::Value(v) => format!("{}{unit}", fmt_dec(v)),
        Limit::Target => "年度指标值".into(),
    };
    if t.cmp == Cmp::Eq {
        let cost = match t.deduct {
            Deduct::Points(d) => format!("扣{}分", fmt_dec(d)),
            Deduct::Share(s) => format!("扣权重的{}%", fmt_dec(s)),
        };
        return write!(
            f,
            "{metric}与{limit}每相差{}{cost}，扣完为止",
            step_words(t.step, &t.unit)
        );
    }
    let dir = if t.cmp.is_reverse() { "高" } else { "低" };
    let cost = match t.deduct {
        Deduct::Points(d) => format!("扣{}分", fmt_dec(d)),
        Deduct::Share(s) => format!("扣权重的{}%", fmt_dec(s)),
    };
    // 扣完为止 unless a minimum is stated (the two contradict each other).
    let until = if t.min_score.is_some() {
        ""
    } else {
        "，扣完为止"
    };
    write!(
        f,
        "{metric}{}{limit}得满分，每{dir}{}{cost}{until}",
        t.cmp.sign(),
        step_words(t.step, &t.unit)
    )?;
    if let Some((c, z)) = t.zero_line {
        write!(f, "；{metric}{}{}{unit}不得分", c.sign(), fmt_dec(z))?;
    }
    if let Some(m) = t.min_score {
        write!(f, "；最低得{}分", fmt_dec(m))?;
    }
    Ok(())
}

/// A count's canonical sentence: `每发现1处问题扣0.5分，扣完为止`, `每延迟1天扣1分…`.
fn write_count(f: &mut fmt::Formatter<'_>, c: &Count) -> fmt::Result {
    let unit = c.unit.as_ref().map_or("处".into(), Unit::to_string);
    let event = if c.unit.as_ref().is_some_and(Unit::is_time) {
        format!("每延迟1{unit}")
    } else {
        format!("每发现1{unit}问题")
    };
    let cost = if c.share {
        format!("扣分值的{}%", fmt_dec(c.per_item))
    } else {
        format!("扣{}分", fmt_dec(c.per_item))
    };
    match c.cap {
        Some(cap) => write!(f, "{event}{cost}，最多扣{}分", fmt_dec(cap))?,
        None => write!(f, "{event}{cost}，扣完为止")?,
    }
    if let Some(m) = c.min_score {
        write!(f, "；最低得{}分", fmt_dec(m))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_say_an_equal_split_and_a_gate_as_numbered() {
        let parse = crate::rule::parse::parse_rule;
        let p = parse("评价要点:①制度健全;②执行到位;③资料完整").params();
        assert_eq!(p.get("per_item").map(String::as_str), Some("equal"));
        assert_eq!(p.get("items").map(String::as_str), Some("3"));
        // Real (tests/rules/real_texts.txt): the gate is 要点 ①, numbered from 1.
        let p = parse("①项目有绩效目标；②项目绩效目标与实际工作内容具有相关性；③项目预期产出和效果达到预期的业绩水平；④与预算确定的项目投资额或资金量相匹配。具备要素①，得到指标分值的40%；如不具备，该指标分值为0。具备要素②③④，分别得到指标分值的20%。").params();
        assert_eq!(p.get("gate").map(String::as_str), Some("1"), "{p:?}");
    }

    #[test]
    fn an_item_with_its_own_rule_says_it_inside_its_brackets() {
        // Real (tests/rules/real_texts.txt): item 3 is a count of its own.
        let rule = crate::rule::parse::parse_rule(
            "1.矿产资源开发整治中，环境保护与恢复治理（20分）\n2.严格审批矿产资源开采（10分）\n3.对破坏矿产资源行为严肃查处，出现一例未查处扣10分（20分）",
        );
        let words = rule.to_string();
        assert!(
            words.ends_with("；3.对破坏矿产资源行为严肃查处(20分，每发现1例问题扣10分，扣完为止)"),
            "{words}"
        );
    }

    #[test]
    fn a_range_or_linear_award_gives_any_score_inside_its_ends_only() {
        let d = |n: i64| Decimal::from(n);
        let range = Award::Range(d(2), d(4));
        let scores = [0, 1, 2, 3, 4, 5, 6].map(|n| range.gives(d(n), d(5)));
        assert_eq!(scores, [false, false, true, true, true, false, false]);
        let linear = [-1, 0, 3, 5, 6].map(|n| Award::Linear.gives(d(n), d(5)));
        assert_eq!(linear, [false, true, true, true, false]);
        let points = [1, 2, 3].map(|n| Award::Points(d(2)).gives(d(n), d(5)));
        assert_eq!(points, [false, true, false]);
    }

    #[test]
    fn each_comparison_holds_on_its_side_and_at_the_mark_as_written() {
        let d = |n: i64| Decimal::from(n);
        // (comparison, below the mark, at it, above it)
        let cases = [
            (Cmp::Ge, false, true, true),
            (Cmp::Gt, false, false, true),
            (Cmp::Le, true, true, false),
            (Cmp::Lt, true, false, false),
            (Cmp::Eq, false, true, false),
        ];
        for (cmp, below, at, above) in cases {
            let got = (
                cmp.holds(d(89), d(90)),
                cmp.holds(d(90), d(90)),
                cmp.holds(d(91), d(90)),
            );
            assert_eq!(got, (below, at, above), "{cmp:?}");
        }
    }

    #[test]
    fn band_bounds() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let band = Band {
            lower: Some(Bound {
                value: d("90"),
                inclusive: true,
            }),
            upper: Some(Bound {
                value: d("95"),
                inclusive: false,
            }),
            award: Award::Points(d("3")),
        };
        assert!(band.contains(d("90")));
        assert!(band.contains(d("94.99")));
        assert!(!band.contains(d("95")));
        assert!(!band.contains(d("89.9")));
    }
}
