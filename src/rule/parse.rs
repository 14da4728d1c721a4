//! Criterion text → [`Rule`] (SPEC §4). It reads the way an experienced reviewer reads, and
//! never guesses: what it cannot type is `manual`.
//!
//! # Grammar
//!
//! The text is first normalised ([`normalize()`]: full-width, traditional characters, Chinese
//! numerals, whitespace), then cut into sentences at `。` and `;`. Sentences that only define
//! a measure (`X=…/…×100%` with no 扣/得/计 of points) are set aside; if nothing else is left,
//! the rule is `manual` (`definition`). The rest is read by the first of these that matches:
//!
//! ```text
//! NUM       = digits [ "." digits ]
//! UNIT      = "%" | "个百分点" | "百分点" | "个点" | "个" | "天" | "日" | "月" | "次" | "人" | "万元" | "元"
//! CMP       = "≥" | ">" | "≤" | "<" | "大于" | "高于" | "超过" | "小于" | "低于" | "不低于" | "不少于"
//!           | "不高于" | "不超过" | "达到" | "达" | "=" | "为" | "完成" | "在" | "控制在"
//! CMPSUFFIX = "以上" | "及以上" | "(含)以上" | "或以上" | "以下" | "及以下" | "以内" | "之内"
//! FULL      = "得满分" | "满分" | "得" NUM "分" | "计" NUM "分"
//!
//! proportional = "按" … ("实现程度" | "完成程度" | "完成比例") ("计算得分" | "计分" | "得分")
//!              | "按年度指标值计分:" …   (the self-evaluation form's rule, basis=target, as printed)
//!              | "得分=" ("实际完成值" | "完成值") "/" ("年度指标值" | "目标值" | "计划值") …
//! threshold    = STEP with either a FULL clause  [metric] [CMP] NUM [UNIT] [CMPSUFFIX] ["的"] [","] FULL
//!                or a target clause  ("达标" | "完成年度指标值" | CMP "年度指标值") … FULL
//!                plus optional ZERO and MIN clauses
//!   STEP       = "每" DIR [NUM] [UNIT] [","] "扣" (NUM "分" | "权重的" NUM "%" | NUM "%")
//!   DIR        = "少" | "低" | "降低" | "下降" | "减少" (forward) | "超" | "超过" | "超出" | "高"
//!              | "增加" | "提高" | "上升" (reverse)
//!   ZERO       = NUM [UNIT] ("以下" | "及以下") … ("不得分" | "不计分" | "得0分")      ⇒ (≤, NUM)
//!              | ("低于" | "小于" | "不足" | "<") NUM [UNIT] … ("不得分" | …)          ⇒ (<, NUM)
//!   MIN        = "最低" ["得"] NUM "分"
//! count        = "每" ["发现" | "出现" | "有" | "存在"] ["1"] COUNTER … "扣" NUM "分"
//!              | ("未通过" | "不合格" | "发现" | "出现" | …) "1" COUNTER … "扣" NUM "分"
//!              | "每" ("延迟" | "推迟" | "滞后" | "逾期") NUM ("天" | "日" | …) … "扣" NUM "分"
//!   COUNTER    = "处" | "次" | "例" | "个" | "起" | "件" | "人次" | "家" | "户" | "条"
//! checklist    = ["每" | "有" | "缺" | "少"] "1项" [≤10 chars] "扣" NUM "分"
//!              | ("不符合" | "缺失" | "缺少" | "未完成") "1项" "扣" NUM "分"
//!              with items = the count of ①…⑳ or (1)…(n) markers, and
//!              serious_zero when "严重" … ("不得分" | "得0分") is present
//! bands        = two or more clauses RANGE AWARD, RANGE being CMP NUM [UNIT] [CMPSUFFIX]
//!              or NUM [UNIT] ["(含)" | "(不含)"] ("-" | "~" | "至" | "到") NUM [UNIT] ["(含)" | "(不含)"]
//!              (a range without marks is [low, high)); AWARD = FULL | "不得分" | "得" NUM "至" NUM "分"
//!              | "(" NUM "分" ")" | "(" NUM "分到" NUM "分" ")"
//! share        = ["要点" | "内容" | "要素"] ITEMS ["各" | "分别"] ("占" | "得到") [指标分值的] FRACTION …
//!                (every 要点 once, the shares making the whole weight), optional
//!                "扣该要点分值的" FRACTION (per failure) and a gate "如不具备,该指标分值为0"
//!   ITEMS      = ①②… | NUM "项"     FRACTION = NUM "/" NUM | NUM "%" (三分之一 → 1/3)
//! points-only  = ["评价要点:" [NUM]] ① … ② … with no number, 扣, 得 or 分: a checklist whose items
//!                share the weight equally (an assumption: R310, never an error)
//! parts        = two or more numbered parts  ("1." | "1、" | "(1)" | "①") …, two or more of them
//!                with points ("(" NUM ["分" …] ")" | ("得" | "计" | "共") NUM "分"), tried first:
//!                additive over the parts; a part with 扣, 每 or 比例 inside holds a rule of its
//!                own (count, threshold, checklist or a degree proportion, its deduction within
//!                the part's points) that scores that part; a part with several awards, or whose
//!                inside is no such rule ⇒ manual (not_understood). Circled parts without inner
//!                rules are left to additive/checklist below
//! deviation    = "与" ("计划" | "目标" | NUM ["%"]) "每" ("相差" | "偏差" | "偏离") NUM UNIT "扣" …
//!                ⇒ threshold with cmp "=" (deviation either way; 100% of the plan in percent)
//! deductions   = two or more sentences  ITEM_MARK … "扣" NUM "分", numbered in order ⇒ checklist
//!                (equal amounts) or additive "deducted" (the weight less the items failed)
//! additive     = two or more items  TEXT "(" NUM "分)"  or  ①… ["," | "得"] NUM "分", with no 扣
//!              | two or more sentences  TEXT ["计" | "得"] NUM "分", each TEXT 6+ characters, not
//!                qualified (基本/不/未/没有…), no 0 award, not levels of one count (开展2类/3类活动)
//! grade        = two or more clauses WORD ["的"] [","] AWARD, WORD holding no number
//!                (AWARD may also be "扣" NUM "分")
//!              | failures only: one or more clauses WORD AWARD where every AWARD is 不得分 or
//!                扣 NUM 分 (无该项制度的,不得分): failures found add up
//!                (WORD with a count and a deduction, `失误1次扣2分`, or a range, `6-10名`:
//!                no grade at all)
//! bands (more) = a range RANGE followed by 线性得分 | 按比例(得分|计分|扣分) | 按插值计分: a band
//!                in proportion between the awards of the bands at its two ends
//! count (more) = … "1" COUNTER … "扣" NUM "分" anywhere (不按时上报1次,扣2分); every cost in the
//!                text the same, else not one count
//! manual       = 酌情 | 视具体情况 | 视情况 | 自行制定 | 综合评定 | 综合评价 | 专家评议  ⇒ discretionary
//!              | 加分 | 加计 | 奖N | 追加扣 | 可不扣分 | 择其一 | ± …                 ⇒ not_understood
//!              | two formulas (得分=… twice), or parts with their own caps (最高得N分 twice,
//!                or after an award)                                                   ⇒ not_understood
//!              | a proportion after a low-side full mark (≤1计5分, “≤”时得满分, 超过…按比例)
//!                                                                                   ⇒ not_understood
//!              | anything else                                                      ⇒ not_understood
//!
//! The clauses `explain` shows, and the part each plays, are in [`clause`].
//! ```
//!
//! Boundaries follow Chinese legal usage (《民法典》第1259条): 以上, 以下, 以内 include the number;
//! 大于, 高于, 超过, 小于, 低于, 不足 exclude it. `达`/`达到`/`不低于` are ≥.

pub mod clause;

use super::normalize::normalize;
use super::*;
use regex::Regex;
use std::borrow::Cow;
use std::str::FromStr;
use std::sync::LazyLock;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid rule pattern")
}

fn dec(s: &str) -> Option<Decimal> {
    Decimal::from_str(s)
        .ok()
        .map(|d| d.normalize())
        .filter(|d| crate::text::within_range(*d) && (d.is_zero() || d.abs() >= Decimal::new(1, 6)))
}

const NUM: &str = r"(\d+(?:\.\d+)?)";

/// Units a threshold or band may be measured in.
const UNITS: &str = "%|个等级|个季度|个月|个|季度|天|日|月|周|次|人次|人|万元|元|项|岁|座|户|家|所|名|台|套|处|条|公里|亩|吨|场|期|批";

/// Units of a step of shortfall (每少1个百分点, 每少1座).
const STEP_UNITS: &str = "个百分点|百分点|个点|%|个等级|个季度|个月|个|季度|天|日|月|周|小时|人次|人|次|万元|元|项|岁|座|户|家|所|名|台|套|处|条|公里|亩|吨|场|期|批";

static STEP: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"每(?:(?:降低|下降|减少|低于|少于|低|少|减|降)|(?:超过|超出|高于|增加|提高|上升|增长|多于|超|高|多))([^,;0-9扣每]{{0,8}}?)(?:{NUM})?({STEP_UNITS})?(?:的)?,?(?:则)?扣(?:减)?(?:(权重的){NUM}%|{NUM}(分|%))"
    ))
});

static STEP_DIR_REVERSE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^每(?:超过|超出|高于|增加|提高|上升|增长|多于|超|高|多)"));

static FULL_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(大于或等于|大于等于|小于或等于|小于等于|不低于|不少于|不高于|不超过|不大于|不小于|大于|高于|超过|小于|低于|达到|控制在|完成|≥|≤|>|<|=|达|在|为)?{NUM}({UNITS})?(\(含\))?(及以上|或以上|以上|及以下|或以下|以下|以内|之内|内)?(?:\(含\))?(?:的|者|时)?,?(?:即|则|可)?(得满分|满分|为满分|计满分|记满分|不扣分|得{NUM}分|计{NUM}分)"
    ))
});

/// An award after a comma or a colon: `,计6分`, `:4分`, `,2分`.
static AWARD_AFTER: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"[,:](?:计|得|记|为)?{NUM}分")));

/// Points awarded in so many words: `计5分`, `得2分`, `记1分`.
static POINTS_AWARDED: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?:得|计|记|给){NUM}分")));

/// Items written one after another with their points and nothing else (`报送及时 10分数据真实
/// 10分 计算准确 10分`, spaces removed).
static BARE_ITEMS: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"^(?:[^\d;,。:()]{{2,20}}?{NUM}分)+$")));
static BARE_ITEM: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"([^\d;,。:()]{{2,20}}?){NUM}分")));

/// A level to reach, in percent, with no award of its own: `要达到40%`, `不低于95%`.
static REACH: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:要|应|须|需)?(达到|不低于|不少于|≥|大于或等于|大于等于){NUM}%"
    ))
});

static TARGET_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(≥|>|≤|<)?(?:达标|达到(?:年度)?(?:指标值|目标值|目标|计划)|完成(?:年度)?(?:指标值|目标值|目标|计划)|年度指标值|目标值)(?:的|者)?,?(?:得满分|满分|不扣分|得\d+(?:\.\d+)?分|计\d+(?:\.\d+)?分)",
    )
});

static TARGET_REF: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(不大于|不超过|不高于|不低于|不少于|不小于|达到|高于|低于)[^,;0-9%]{1,20}?(?:的|者)?,?(?:得满分|满分|不扣分|得\d+(?:\.\d+)?分|计\d+(?:\.\d+)?分)",
    )
});

static ZERO_LE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"{NUM}({UNITS})?(?:\(含\))?(及以下|以下|或以下)(?:的|者|时)?,?(?:此项|该项|该指标)?(?:不得分|不计分|得0分|计0分|为0分|0分)"
    ))
});

static ZERO_LT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(低于|小于|不足|不到|<|≤){NUM}({UNITS})?(?:的|者|时)?,?(?:此项|该项|该指标)?(?:不得分|不计分|得0分|计0分|为0分|0分)"
    ))
});

static ZERO_GE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(超过|高于|大于|>|≥){NUM}({UNITS})?(?:及以上|以上)?(?:的|者|时)?,?(?:此项|该项|该指标)?(?:不得分|不计分|得0分|计0分|为0分|0分)"
    ))
});

static MIN_SCORE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?:最低(?:得|为|计)?|扣至|最少得){NUM}分")));

static COUNT_EVERY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"每(?:发现|出现|有|存在|查出|发生|缺少|缺失|缺|少|漏报|漏|错报|错)?(?:1)?(人次|处|次|例|个|起|件|家|户|条|笔|份|类|人|名|篇)([^;,扣]{{0,20}}),?(?:则)?扣(?:减)?{NUM}分"
    ))
});

static COUNT_EVENT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:^|,|未通过|不通过|不合格|未完成|未达标|发现|出现|存在|查出|发生|有|,少|,缺|,漏|^少|^缺|^漏)1(人次|处|次|例|个|起|件|家|户|条|笔|份)([^;,扣]{{0,10}}),?(?:则)?扣(?:减)?{NUM}分"
    ))
});

/// `每发现一项扣10%分`, `每发现1个…扣0.1%`, `每发现1处问题扣分值的10%`: a share of the weight
/// per occurrence.
static COUNT_SHARE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"每(?:发现|出现|有|存在|查出|发生)?(?:1)?(人次|处|次|例|个|起|件|家|户|条|笔|份|类|项|人|名|篇)([^;扣]{{0,24}}),?(?:则)?扣(?:分值的|权重的|该项分值的)?{NUM}%(?:分)?(?:$|[,;。])"
    ))
});

/// One occurrence and its cost anywhere in a clause: `不按时上报1次,扣2分`, `失误1次扣2分`.
static COUNT_ONCE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"1(人次|处|次|例|起|件|笔|份|个)()(?:的)?,?扣(?:减)?{NUM}分"
    ))
});

static COUNT_DELAY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"每(?:延迟|推迟|滞后|逾期|延期|拖延|超期|迟报|迟|晚){NUM}?(天|日|个工作日|工作日|周|个季度|季度|个月|月|年)[^;扣]{{0,6}}?扣(?:减)?{NUM}分"
    ))
});

static CHECK_PER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:每|有|任|其中)?(?:缺少|缺失|缺|少)?(?:1|每)项([^;。扣]{{0,16}})扣(?:减)?{NUM}分"
    ))
});

static CHECK_PER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:不符合|不满足|缺失|缺少|未完成|未达到|缺|少)(?:其中)?(?:1|每)项,?扣(?:减)?{NUM}分"
    ))
});

static DEDUCT_AMOUNT: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"扣(?:减)?{NUM}分")));

static FAILURE_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^(?:未|没有|无|不|缺|存在)[^每]*?,?(?:的)?,?扣(?:减)?{NUM}分$"
    ))
});

static NEGATED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:否则|否|反之|未达到|达不到|未达标|不达标|未提升|未完成|未实现|低于标准|不满足|不符合|(?:未|没有?)(?:全部|全额|足额))[^0-9]{0,8}$",
    )
});

static FULL_WORDS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:全部|全额|足额)(?:到位|完成|达到|支付|拨付)"));

static SERIOUS: LazyLock<Regex> =
    LazyLock::new(|| re(r"严重[^;。]{0,12}?(?:不得分|得0分|不计分|0分|扣完)"));

static PROPORTIONAL_DEGREE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"按[^;。]{0,24}?(?:程度|完成比例|实际完成比例|实现比例|完成情况比例)(?:计算|核定)?(?:得分|计分|记分|给分|打分|评分|赋分|扣分)|按比例(?:计算)?(?:得分|计分|记分|给分)|得分=分值×实现程度",
    )
});

static PROPORTIONAL_RATIO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"得分值?=[^=;]{1,30}/[^=;]{1,30}[×*](?:该项?)?(?:指标)?(?:分数)?(?:分值|权重)|得分值?=(?:该项?)?(?:指标)?(?:分值|权重)[×*][^=;]{1,30}/[^=;]{1,30}|得分值?=[^=;]{0,20}占[^=;]{1,20}(?:比例|比重)[^=;]{0,4}[×*](?:该项?)?(?:指标)?(?:分值|权重)|按B/A|按A/B|^[^=;,]{1,30}/[^=;,]{1,30}[×*](?:该项?)?(?:指标)?(?:分值|权重)|(?:按|根据)[^;。]{0,12}占[^;。]{0,8}(?:计划|目标|年度指标值|任务)[^;。]{0,4}比例(?:计算)?(?:得分|计分)",
    )
});

static PROPORTIONAL_DEGREE_FORMULA: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"得分值?(?:=|等于)[^=;/()]{1,20}(?:率|程度|比例)\)?(?:\([^()]*\))?[×*](?:该项?)?(?:指标)?(?:分值|权重|\d+(?:\.\d+)?分?)|得分值?(?:=|等于)(?:该项?)?(?:指标)?(?:分值|权重)[×*][^=;/]{1,20}(?:率|程度|比例)|^\(?\d+(?:\.\d+)?分?[×*][^=;/()]{1,12}(?:率|程度)\)?$",
    )
});

static DISCRETIONARY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"酌情|视具体情况|视情况|视实际情况|自行制定|综合评定|综合评价|综合考虑|专家评议|专家打分|根据实际情况(?:扣分|评分|打分|给分)|由评价(?:组|小组|机构)|根据[^;,]{0,12}情况(?:扣|给|评|打)|扣\d+(?:\.\d+)?(?:-|~|至|到)\d+(?:\.\d+)?分",
    )
});

/// Texts that name a rule the scheme cannot type: a choice between rules, a two-sided
/// deviation (±10%), a variable (δ).
static NOT_TYPABLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"择其一|二者之一|两者之一|±|δ|Δ|加分|加计|奖\d|追加扣|可不扣分|不予扣分"));

/// A full-marks line on the low side, before a proportion: `≤`, `小于或等于`, `不超过`, `超过…按比例`.
static REVERSE_PROPORTION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:≤|<|小于或等于|小于等于|小于|不超过|不高于|以下|以内)[^;。,]{0,6}(?:计满分|得满分|满分|计\d+(?:\.\d+)?分|得\d+(?:\.\d+)?分)|超过[^;。]{0,6}按[^;。]{0,6}比例",
    )
});

/// A number counted inside a would-be grade word (`失误1次`): with a deduction, a count rule
/// (`失误1次扣2分，扣完为止`); with an award (`发生1起不得分`), still a grade.
static COUNTED_WORD: LazyLock<Regex> =
    LazyLock::new(|| re(r"\d(?:次|处|名|个|项|笔|例|件|人|起|条)"));

/// A range inside a would-be grade word (`6-10名`): a band, not a grade.
static RANGED_WORD: LazyLock<Regex> = LazyLock::new(|| re(r"\d-\d"));

/// A part marker: `1.` or `1、` (not `1.5`), `(1)`, or `①`, with what follows it.
static PART_MARKER: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[;。,:)分])(?:(\d{1,2})[.、]|\((\d{1,2})\)|([①-⑳]))"));

/// The points a part carries: `(5分)`, `(3分,少1次扣1分)`, `(20)`, `得2分`, `计0.5分`,
/// `共1分`.
static PART_POINTS: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"\({NUM}(?:分[^()]*)?\)|(?:得|计|共){NUM}分")));

static AWARD: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:得满分|为满分|计满分|满分|不得分|不计分|0分|线性得分|线性计分|按比例线性计分|按比例(?:得分|计分|扣分)|按插值法?(?:得分|计分)|得?{NUM}(?:分)?(?:至|到|-|~){NUM}分|\({NUM}分(?:至|到|-|~){NUM}分\)|\({NUM}分\)|(?:得|计|给|为){NUM}分|扣{NUM}分|{NUM}分)$"
    ))
});

static RANGE_BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"{NUM}({UNITS}|分)?(\(含\)|\(不含\))?(?:-|~|至|到){NUM}({UNITS}|分)?(\(含\)|\(不含\))?(?:之间|区间)?(?:的|者|时)?,?$"
    ))
});

static RANGE_BETWEEN_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"{NUM}({UNITS})?(\(含\)|\(不含\))?至{NUM}({UNITS})?(\(含\)|\(不含\))(?:的|者|时)?,?$"
    ))
});

static RANGE_ONE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(大于或等于|大于等于|小于或等于|小于等于|不低于|不少于|不高于|不超过|不大于|不小于|大于|高于|超过|小于|低于|不足|不到|达到|≥|≤|>|<|达|在)?{NUM}({UNITS})?(\(含\)|\(不含\))?(及以上|或以上|以上|及以下|或以下|以下|以内|之内)?(?:的|者|时)?,?$"
    ))
});

static ITEM_POINTS: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"([^():;,。①②③④⑤⑥⑦⑧⑨⑩]+?)\({NUM}分\)")));

static CIRCLED_POINTS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])([^①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]*?)(?:,|得|计|\()?{NUM}分\)?"
    ))
});

static DEFINITION: LazyLock<Regex> = LazyLock::new(|| re(r"^[^=]{1,30}=.+"));

static TOTAL_ITEMS: LazyLock<Regex> = LazyLock::new(|| re(r"共(\d{1,2})项"));

static PAREN_ITEMS: LazyLock<Regex> = LazyLock::new(|| re(r"\((\d{1,2})\)"));

const CIRCLED: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

/// How many items a criterion lists: distinct ①…⑳ markers, else (1)…(n) markers.
pub fn listed_items(text: &str) -> Option<u32> {
    if let Some(c) = TOTAL_ITEMS.captures(text) {
        return c[1].parse().ok();
    }
    let circled: std::collections::BTreeSet<char> =
        text.chars().filter(|c| CIRCLED.contains(*c)).collect();
    if !circled.is_empty() {
        return Some(circled.len() as u32);
    }
    let parens: std::collections::BTreeSet<u32> = PAREN_ITEMS
        .captures_iter(text)
        .filter_map(|c| c[1].parse().ok())
        .collect();
    (parens.len() >= 2).then_some(parens.len() as u32)
}

fn scores_points(s: &str) -> bool {
    POINTS_AWARDED.is_match(s)
        || s.contains('扣')
        || s.contains("得分")
        || s.contains("满分") // (`不得分` holds `得分`)
        || s.contains("计分")
        || s.contains("得") && s.contains('分')
}

/// Parses a criterion text into a rule (see the module doc for the grammar). Never fails:
/// what cannot be typed is [`Rule::Manual`].
///
/// # Examples
/// ```
/// use jixiao::rule::parse::parse_rule;
/// let rule = parse_rule("资金到位率大于90%的得满分，每少5个百分点扣0.5分，扣完为止。");
/// assert_eq!(rule.kind().as_str(), "threshold");
/// assert_eq!(rule.to_string(), "资金到位率>90%得满分，每低5个百分点扣0.5分，扣完为止");
/// assert_eq!(parse_rule(&rule.to_string()), rule);
/// ```
pub fn parse_rule(text: &str) -> Rule {
    let n = normalize(text);
    if let Some(rule) = canonical_manual(&n) {
        return rule;
    }
    // The canonical sentence of the self-evaluation form's rule (Basis::Target).
    if n.starts_with("按年度指标值计分:") {
        return super::form::quantitative();
    }
    let sentences: Vec<&str> = n
        .split(['。', ';'])
        .map(|s| s.trim_matches([',', ':']))
        .filter(|s| !s.is_empty())
        .collect();
    if sentences.is_empty() {
        return Rule::Manual(Why::NotUnderstood);
    }
    // Two formulas (`该指标得分=…` for each of two parts) are two rules.
    if FORMULA_START.find_iter(&n).count() >= 2 {
        return Rule::Manual(Why::NotUnderstood);
    }
    if n == normalize(INVERSE_CANONICAL) {
        return Rule::Proportional(Proportional {
            basis: Basis::Inverse,
        });
    }
    if PROPORTIONAL_RATIO.is_match(&n) {
        return Rule::Proportional(Proportional {
            basis: Basis::Ratio,
        });
    }
    let (definitions, rules): (Vec<&str>, Vec<&str>) = sentences
        .iter()
        .partition(|s| DEFINITION.is_match(s) && !scores_points(s));
    if rules.is_empty() && !definitions.is_empty() {
        return Rule::Manual(Why::Definition);
    }
    let body = rules.join(";");
    // A rank list (`排名1-5名的依次赋予60分、57分…`) names every score; words around it such as
    // `综合评价考核得分` are the source of the rank, not discretion.
    if let Some(rule) = parse_rank_list(&body) {
        return rule;
    }
    if DISCRETIONARY.is_match(&body) {
        return Rule::Manual(Why::Discretionary);
    }
    if NOT_TYPABLE.is_match(&body) {
        return Rule::Manual(Why::NotUnderstood);
    }
    if let Some(rule) = parse_share(&body) {
        return rule;
    }
    if let Some(rule) = parse_points_only(&body) {
        return rule;
    }
    if let Some(rule) = parse_parts(&body) {
        return rule;
    }
    // Parts that each cap their own points (`服务内容:最高得20分…;服务绩效:最高得40分…`) are
    // parts with rules of their own that are not numbered: no one rule reads them whole.
    let first_cap = PART_CAP.find(&body).map(|m| m.start());
    let awarded_before = |at: usize| POINTS_AWARDED.is_match(&body[..at]);
    if PART_CAP.find_iter(&body).count() >= 2 || first_cap.is_some_and(awarded_before) {
        return Rule::Manual(Why::NotUnderstood);
    }
    let parsers: [fn(&str) -> Option<Rule>; 9] = [
        parse_proportional,
        parse_threshold,
        parse_item_deductions,
        parse_count,
        parse_checklist,
        parse_bands,
        parse_levels,
        parse_additive,
        parse_grade,
    ];
    if let Some(rule) = parsers.iter().find_map(|p| p(&body)) {
        return rule;
    }
    if DISCRETIONARY.is_match(&body) {
        return Rule::Manual(Why::Discretionary);
    }
    Rule::Manual(Why::NotUnderstood)
}

/// The parts of a text numbered `1.` `2.` …, `(1)` `(2)` … or `①` `②` …, in order from the
/// first; `None` unless there are two or more.
fn numbered_parts(body: &str) -> Option<(Vec<&str>, bool)> {
    let mut starts = Vec::new();
    let mut circled = false;
    for m in PART_MARKER.captures_iter(body) {
        let (number, is_circled) = match (m.get(1).or(m.get(2)), m.get(3)) {
            (Some(d), _) => {
                // `1.5分` is a number, not part 1.
                let next = body[m.get(0)?.end()..].chars().next();
                if m.get(1).is_some() && next.is_some_and(|c| c.is_ascii_digit()) {
                    continue;
                }
                (d.as_str().parse::<usize>().ok()?, false)
            }
            (None, Some(c)) => {
                let ch = c.as_str().chars().next()?;
                (CIRCLED.chars().position(|x| x == ch)? + 1, true)
            }
            (None, None) => continue,
        };
        if number == starts.len() + 1 {
            let at = m.get(1).or(m.get(2)).or(m.get(3))?.start();
            let at = if m.get(2).is_some() { at - 1 } else { at };
            starts.push(at);
            circled |= is_circled;
        }
    }
    if starts.len() < 2 {
        return None;
    }
    let parts = starts
        .iter()
        .enumerate()
        .map(|(i, &s)| &body[s..starts.get(i + 1).copied().unwrap_or(body.len())])
        .collect();
    Some((parts, circled))
}

/// Numbered parts that each carry their own points (`1.…(5分);2.…(5分)`, `1.…得2分。2.…得1分`):
/// an additive rule over the parts. A part may hold a rule of its own inside its points — a
/// count (`(3分,少1次扣1分)`, `出现1例未处理扣2分(5分)`), a threshold (`不低于20%的,得1分。每低1%,
/// 扣0.1分`), a proportion (`按完成比例得分(5分)`) — which scores that part. A part whose inside
/// is anything else (several awards, a rule not read, a deduction outside any part) makes the
/// text not understood: reading the first part's rule for the whole indicator would be a silent
/// misread. Circled items without inner rules are left to [`parse_additive`] and
/// [`parse_checklist`].
fn parse_parts(body: &str) -> Option<Rule> {
    let (parts, circled) = numbered_parts(body)?;
    let awards: Vec<Vec<Decimal>> = parts
        .iter()
        .map(|p| {
            // Not the part's own marker `(1)`.
            PART_POINTS
                .captures_iter(&p[marker_end(p)..])
                .filter_map(|c| dec(c.get(1).or(c.get(2)).or(c.get(3))?.as_str()))
                .collect()
        })
        .collect();
    if awards.iter().filter(|a| !a.is_empty()).count() < 2 {
        return None;
    }
    let inner_rule = |p: &str, a: &[Decimal]| {
        a.len() != 1 || p.contains('扣') || p.contains('每') || p.contains("比例")
    };
    let any_inner = parts.iter().zip(&awards).any(|(p, a)| inner_rule(p, a));
    if circled && !any_inner {
        return None;
    }
    // A numbered list whose last part is worth nothing (1、规范,得10分;2、基本规范,得6分;3、不规范,
    // 得0分) names grades to choose from, not parts to add up: left to the grade rule.
    if !any_inner
        && awards
            .iter()
            .any(|a| matches!(a.as_slice(), [p] if p.is_zero()))
    {
        return None;
    }
    let refuse = Some(Rule::Manual(Why::NotUnderstood));
    let mut items = Vec::new();
    let mut rules = Vec::new();
    for (p, a) in parts.iter().zip(&awards) {
        let [points] = a.as_slice() else {
            return refuse;
        };
        let name = if inner_rule(p, a) {
            part_name(p)
        } else {
            let name = PART_POINTS.replace_all(p, "");
            name.trim_matches(|c: char| c.is_ascii_punctuation() || "。、".contains(c))
                .chars()
                .take(20)
                .collect()
        };
        let inner = if inner_rule(p, a) {
            match inner_part_rule(p, *points) {
                Some(r) => Some(r),
                None => return refuse,
            }
        } else {
            None
        };
        items.push((name, *points));
        rules.push(inner);
    }
    if rules.iter().all(Option::is_none) {
        rules.clear();
    }
    Some(Rule::Additive(Additive {
        items,
        rules,
        deducted: false,
    }))
}

/// The name of a part with a rule inside: its marker and first words, up to the first comma,
/// bracket or full stop (`2.单位领导班子部署河长制相关工作`), so that the canonical sentence
/// `2.单位领导班子部署河长制相关工作(3分，…)` reads back to the same name.
fn part_name(p: &str) -> String {
    let marker = marker_end(p);
    let head = &p[..marker];
    let head = head.trim_start_matches(|c: char| ";。,:)分".contains(c));
    let rest: String = p[marker..]
        .chars()
        .take_while(|c| !",;。:(".contains(*c) && !c.is_ascii_digit())
        .take(20)
        .collect();
    format!("{head}{rest}")
}

/// `在全市排名1-5名的依次赋予60分、57分、54分、51分、48分`: a score for each rank.
static RANK_LIST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"排名(?:第)?(\d{1,2})(?:-|~|至|到)(\d{1,2})名的?,?依次(?:赋予|得|计|给|为)((?:\d+(?:\.\d+)?分[、,]?)+)",
    )
});

/// Ranks each with its score (bands on the rank, one rank each); a rank outside the list is
/// in no band (not scored).
fn parse_rank_list(body: &str) -> Option<Rule> {
    let c = RANK_LIST.captures(body)?;
    let (first, last): (u32, u32) = (c[1].parse().ok()?, c[2].parse().ok()?);
    let points: Vec<Decimal> = c[3]
        .split(['、', ','])
        .filter(|p| !p.is_empty())
        .map(|p| dec(p.trim_end_matches('分')))
        .collect::<Option<_>>()?;
    if last < first || points.len() != (last - first + 1) as usize {
        return Some(Rule::Manual(Why::NotUnderstood));
    }
    let at = |r: u32| Bound {
        value: Decimal::from(r),
        inclusive: true,
    };
    let bands = (first..=last)
        .zip(points)
        .map(|(r, p)| Band {
            lower: Some(at(r)),
            upper: Some(at(r)),
            award: Award::Points(p),
        })
        .collect();
    Some(Rule::Bands(Bands {
        metric: Some("排名".into()),
        unit: None,
        bands,
    }))
}

/// Levels of one count (`能够开展2类活动…得10分；能够开展3类活动…得20分；…4类…得30分`,
/// `上门服务达300次/年，得10分；…达600人次/年，得20分`): bands from each level up to the next,
/// the last open above. The numbers and the awards must both rise; below the first level is in
/// no band (the text does not say).
fn parse_levels(body: &str) -> Option<Rule> {
    let mut levels: Vec<(String, Decimal, Award)> = Vec::new();
    for sentence in body.split(';').filter(|s| !s.trim().is_empty()) {
        let (cond, award) = split_award(sentence.trim_end_matches(['。', ',']))?;
        let numbers: Vec<Decimal> = NUMBER
            .find_iter(&cond)
            .filter_map(|m| dec(m.as_str()))
            .collect();
        let [n] = numbers.as_slice() else {
            return None;
        };
        levels.push((level_shape(&cond), *n, award));
    }
    if levels.len() < 2
        || !levels
            .windows(2)
            .all(|w| w[0].0 == w[1].0 && w[0].1 < w[1].1)
    {
        return None;
    }
    let points = |a: &Award| match a {
        Award::Points(p) => Some(*p),
        _ => None,
    };
    let rising = levels
        .windows(2)
        .all(|w| matches!((points(&w[0].2), points(&w[1].2)), (Some(a), Some(b)) if a < b));
    if !rising {
        return None;
    }
    let bands = levels
        .iter()
        .enumerate()
        .map(|(i, (_, n, award))| Band {
            lower: Some(Bound {
                value: *n,
                inclusive: true,
            }),
            upper: levels.get(i + 1).map(|(_, next, _)| Bound {
                value: *next,
                inclusive: false,
            }),
            award: *award,
        })
        .collect();
    Some(Rule::Bands(Bands {
        metric: None,
        unit: None,
        bands,
    }))
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| re(r"\d+(?:\.\d+)?"));

/// A clause with its numbers and counter words taken out: two clauses of the same shape
/// (`开展2类活动`, `开展3类活动`) are levels of one count.
fn level_shape(clause: &str) -> String {
    clause
        .chars()
        .filter(|c| !c.is_ascii_digit() && *c != '.' && !"次人类个项".contains(*c))
        .collect()
}

/// `得分=`, `得分值=`: where a formula starts.
static FORMULA_START: LazyLock<Regex> = LazyLock::new(|| re(r"得分值?="));

/// `最高得20分`, `最高20分`: a part's own cap.
static PART_CAP: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"最高(?:得|计)?{NUM}分")));

/// One numbered item and what failing it costs: `(1)项不符合要求扣2分`, `(2)门的设置(扣6分)`.
static ITEM_DEDUCTION: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^((?:\((\d{{1,2}})\)|(\d{{1,2}})[.、]|([①-⑳]))[^;每扣]*?),?\(?扣(?:除)?{NUM}分\)?$"
    ))
});

/// Numbered items, one per sentence, each with the points failing it costs and nothing else
/// (`(1)项不符合要求扣2分;(2)项不符合要求扣3分`): the weight less the points of the items not
/// met. Equal amounts are a checklist of that many items.
fn parse_item_deductions(body: &str) -> Option<Rule> {
    let body = body.strip_prefix("按项扣分:").unwrap_or(body);
    let mut items = Vec::new();
    for sentence in body.split(';').map(|s| s.trim_end_matches(['。', ','])) {
        if sentence.is_empty() {
            continue;
        }
        let c = ITEM_DEDUCTION.captures(sentence)?;
        let number = match (c.get(2).or(c.get(3)), c.get(4)) {
            (Some(d), _) => d.as_str().parse::<usize>().ok()?,
            (None, Some(m)) => CIRCLED.chars().position(|x| m.as_str().starts_with(x))? + 1,
            _ => return None,
        };
        if number != items.len() + 1 {
            return None;
        }
        let name: String = c[1].chars().take(24).collect();
        items.push((name, dec(&c[5])?));
    }
    let first = items.first()?.1;
    if items.len() < 2 || first.is_zero() {
        return None;
    }
    if items.iter().all(|(_, p)| *p == first) {
        return Some(Rule::Checklist(Checklist {
            items: Some(items.len() as u32),
            per_item: first,
            serious_zero: false,
            equal_split: false,
        }));
    }
    Some(Rule::Additive(Additive {
        items,
        rules: Vec::new(),
        deducted: true,
    }))
}

/// Where a part's marker (`1.`, `(1)`, `①`) ends.
fn marker_end(p: &str) -> usize {
    PART_MARKER
        .captures(p)
        .and_then(|c| c.get(0))
        .filter(|m| m.start() == 0)
        .map_or(0, |m| m.end())
}

/// The rule inside a part worth `points`: a count, a threshold, a checklist or a proportion of
/// achievement, read from the part with its points taken out. `None` for anything else.
fn inner_part_rule(p: &str, points: Decimal) -> Option<Rule> {
    // `(3分,少1次扣1分)` → `,少1次扣1分`; `得1分` stays (a threshold's full-marks clause).
    let text = PART_IN_BRACKETS.replace_all(&p[marker_end(p)..], ",${2}");
    let rule = [
        parse_proportional,
        parse_threshold,
        parse_count,
        parse_checklist,
    ]
    .iter()
    .find_map(|f| f(&text))?;
    match rule {
        Rule::Threshold(mut t) => {
            // The part's points are its full mark; a step that costs more than them is not
            // a rule of this part.
            if let Deduct::Points(d) = t.deduct {
                if d > points {
                    return None;
                }
            }
            t.metric = None;
            Some(Rule::Threshold(t))
        }
        Rule::Count(c) if c.per_item <= points => Some(Rule::Count(c)),
        Rule::Checklist(c) if c.items.is_none() && c.per_item <= points => Some(Rule::Checklist(c)),
        Rule::Proportional(pr) if pr.basis == Basis::Degree => Some(Rule::Proportional(pr)),
        _ => None,
    }
}

/// Points in brackets with more inside: `(3分,少1次扣1分)` → what follows the points.
static PART_IN_BRACKETS: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"\({NUM}分,?([^()]*)\)")));

/// A share of the weight: `1/3` or `40%` (`三分之一` and `3分之1` were made `1/3` by
/// [`super::normalize`]).
const SHARE_OF: &str = r"(?:该|本|此)?(?:指标|项目|项)?(?:分值|权重|总分|分数|得分)?的?(?:(\d+)/(\d+)|(\d+(?:\.\d+)?)%)";

/// `要点①②③各占指标分值的1/3`, `要点③占60%`, `3项内容各占1/3`.
static SHARE_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:要点|内容|要素)?((?:[①-⑳][、,和及]?)+)?(?:(\d{{1,2}})(?:项|个)(?:内容|要点|方面|部分)?)?(各|分别)?(?:占|得到){SHARE_OF}"
    ))
});

/// `具备要素①,得到指标分值的40%;如不具备,该指标分值为0`: without ①, nothing; the canonical
/// `要点①不满足的,该指标不得分`.
static SHARE_GATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:要素|要点)([①-⑳])[^;。]*?;如不具备,该指标(?:分值|得分)?为0|要点([①-⑳])不满足的,该指标不得分",
    )
});

/// `每出现一项不满足扣该要点分值的1/2`.
static SHARE_PER_FAILURE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"扣(?:该|此|本)?要点(?:分值|分数)?{SHARE_OF}")));

fn share_fraction(c: &regex::Captures<'_>, at: usize) -> Option<Fraction> {
    let g = |i: usize| c.get(at + i).and_then(|m| dec(m.as_str()));
    let f = match (g(0), g(1), g(2)) {
        (Some(num), Some(den), _) => Fraction { num, den },
        (_, _, Some(pct)) => Fraction {
            num: pct,
            den: Decimal::ONE_HUNDRED,
        },
        _ => return None,
    };
    (!f.den.is_zero() && f.num > Decimal::ZERO && f.num <= f.den).then_some(f)
}

/// 要点 that each hold a share of the weight (SPEC §4, `share`). Read only when the shares name
/// every 要点 once and add up to the whole weight; points written beside them (`扣1分`,
/// `得2分`) would be a second rule, so such a text is not understood rather than half read.
fn parse_share(body: &str) -> Option<Rule> {
    let clauses: Vec<regex::Captures<'_>> = SHARE_CLAUSE
        .captures_iter(body)
        .filter(|c| c.get(1).is_some() || c.get(2).is_some() || c.get(3).is_some())
        .collect();
    if clauses.is_empty() {
        return None;
    }
    let refuse = Some(Rule::Manual(Why::NotUnderstood));
    let listed = listed_items(body);
    let mut shares: Vec<Option<Fraction>> = Vec::new();
    for c in &clauses {
        let f = share_fraction(c, 4)?;
        let items: Vec<usize> = match (c.get(1), c.get(2)) {
            (Some(m), _) => m
                .as_str()
                .chars()
                .filter_map(|ch| CIRCLED.chars().position(|x| x == ch))
                .collect(),
            (None, Some(n)) => {
                let from = shares.len();
                (from..from + n.as_str().parse::<usize>().ok()?).collect()
            }
            // 各占1/3 with the 要点 listed elsewhere in the text.
            (None, None) => (0..listed? as usize).collect(),
        };
        for i in items {
            if shares.len() <= i {
                shares.resize(i + 1, None);
            }
            if shares[i].replace(f).is_some() {
                return refuse;
            }
        }
    }
    let Some(shares) = shares.into_iter().collect::<Option<Vec<Fraction>>>() else {
        return refuse;
    };
    // The shares must make the whole weight: Σ num/den = 1, in exact integers.
    let common: Decimal = shares.iter().map(|f| f.den).product();
    let total: Decimal = shares.iter().map(|f| f.num * (common / f.den)).sum();
    if shares.len() < 2 || total != common || common.fract() != Decimal::ZERO {
        return refuse;
    }
    if POINTS_AWARDED.is_match(body) || DEDUCT_AMOUNT.is_match(body) {
        return refuse;
    }
    let per_failure = match SHARE_PER_FAILURE.captures(body) {
        Some(c) => Some(share_fraction(&c, 1)?),
        None => None,
    };
    let gate = SHARE_GATE.captures(body).and_then(|c| {
        let ch = c.get(1).or(c.get(2))?.as_str().chars().next()?;
        CIRCLED.chars().position(|x| x == ch)
    });
    if gate.is_some_and(|g| g >= shares.len()) {
        return refuse;
    }
    Some(Rule::Share(Share {
        shares,
        per_failure,
        gate,
    }))
}

fn canonical_manual(n: &str) -> Option<Rule> {
    let rest = n.strip_prefix("人工评分:")?;
    Some(Rule::Manual(match rest {
        "评价标准为酌情扣分" => Why::Discretionary,
        "评价标准只有指标定义,没有评分规则" => Why::Definition,
        _ => Why::NotUnderstood,
    }))
}

/// A range scored in proportion (`70%-90%按比例得分`): a band, not the whole rule.
static RANGE_IN_PROPORTION: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"{NUM}[^\d;,。]{{0,3}}?(?:\(含\)|\(不含\))?(?:-|~|至|到){NUM}[^\d;,。]{{0,3}}?(?:\(含\)|\(不含\))?(?:之间)?(?:的)?,?(?:按比例|线性|按插值)"
    ))
});

fn parse_proportional(body: &str) -> Option<Rule> {
    if !(PROPORTIONAL_DEGREE.is_match(body) || PROPORTIONAL_DEGREE_FORMULA.is_match(body)) {
        return None;
    }
    if RANGE_IN_PROPORTION.is_match(body) {
        return None;
    }
    // Full marks at or below a line, then 按比例 (在职人员控制率≤100%计5分,否则按比例计分): a
    // reverse proportion, target ÷ actual, which a degree of achievement would misread. A
    // deduction in proportion to the excess (超过部分按比例扣分) may mean 1 − excess ÷ target
    // just as well: two readings, so not read.
    if REVERSE_PROPORTION.is_match(body) {
        if body.contains("比例扣") || body.contains("倒扣") {
            return Some(Rule::Manual(Why::NotUnderstood));
        }
        return Some(Rule::Proportional(Proportional {
            basis: Basis::Inverse,
        }));
    }
    Some(Rule::Proportional(Proportional {
        basis: Basis::Degree,
    }))
}

fn cmp_of(prefix: Option<&str>, suffix: Option<&str>) -> Option<Cmp> {
    let from_suffix = match suffix {
        Some("及以上" | "或以上" | "以上") => Some(Cmp::Ge),
        Some("及以下" | "或以下" | "以下" | "以内" | "之内" | "内") => Some(Cmp::Le),
        _ => None,
    };
    let from_prefix = match prefix {
        Some("≥" | "不低于" | "不少于" | "不小于" | "大于或等于" | "大于等于" | "达到" | "达") => {
            Some(Cmp::Ge)
        }
        Some(">" | "大于" | "高于" | "超过") => Some(Cmp::Gt),
        Some("≤" | "不高于" | "不超过" | "不大于" | "小于或等于" | "小于等于" | "控制在") => {
            Some(Cmp::Le)
        }
        Some("<" | "小于" | "低于" | "不足" | "不到") => Some(Cmp::Lt),
        _ => None,
    };
    match (from_prefix, from_suffix) {
        // 达95%及以上, 不低于95%以上: the suffix settles the boundary.
        (Some(Cmp::Ge | Cmp::Gt), Some(Cmp::Ge)) => Some(Cmp::Ge),
        (Some(p), None) => Some(p),
        (_, Some(s)) => Some(s),
        (None, None) => None,
    }
}

/// The name of what is measured: the clause text before the comparison.
fn metric_before(body: &str, end: usize) -> Option<String> {
    let head = &body[..end];
    let start = head
        .rfind([',', ';', ':', '。', ')', '('])
        .map(|i| i + head[i..].chars().next().map(char::len_utf8).unwrap_or(1))
        .unwrap_or(0);
    let mut m = head[start..].to_string();
    for suffix in ["的", "在", "达", "为", "应", "要"] {
        if let Some(s) = m.strip_suffix(suffix) {
            m = s.to_string();
        }
    }
    for prefix in ["若", "如", "如果", "当"] {
        if let Some(s) = m.strip_prefix(prefix) {
            m = s.to_string();
        }
    }
    // An item's number before the name (`1.覆盖率`, `2、`, `③`) is no part of it; digits not
    // followed by a separator (`5G覆盖率`) are.
    let m = m.trim();
    let digits = m.len() - m.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let m = match m[digits..].strip_prefix(['.', '、']) {
        Some(rest) => rest,
        None => m.trim_start_matches(|c| ('①'..='⑳').contains(&c)),
    };
    let m = m.trim().to_string();
    // A name holding digits or signs is a piece of the rule, not a name.
    let plausible = !m.is_empty()
        && m.chars().count() <= 20
        && !m
            .chars()
            .any(|c| c.is_ascii_digit() || "%≥≤<>=".contains(c));
    plausible.then_some(m)
}

fn unit_of(u: Option<&str>) -> Option<Unit> {
    match u {
        None => None,
        Some("个百分点" | "百分点" | "个点" | "%") => Some(Unit::Percent),
        Some(u) => Unit::word(u),
    }
}

fn step_deduct(step: &regex::Captures<'_>) -> Option<Deduct> {
    Some(if step.get(4).is_some() {
        Deduct::Share(dec(step.get(5)?.as_str())?)
    } else {
        let v = dec(step.get(6)?.as_str())?;
        match step.get(7).map(|m| m.as_str()) {
            Some("%") => Deduct::Share(v),
            _ => Deduct::Points(v),
        }
    })
}

/// `实际完成情况与计划每相差4%,扣1分`: a deviation either way from the plan (100% of it, for a
/// step in percent), from a number, or from the row's target.
static DEVIATION: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"与(?:(?:计划|目标|年度指标值|预算|指标值|计划值|目标值)(?:值|数)?|{NUM}(%)?)每(?:相差|偏差|偏离|差)(?:{NUM})?({STEP_UNITS})?,?(?:则)?扣(?:减)?(?:(权重的){NUM}%|{NUM}分)"
    ))
});

fn parse_deviation(body: &str) -> Option<Rule> {
    let c = DEVIATION.captures(body)?;
    if DEVIATION.find_iter(body).count() > 1 || STEP.is_match(body) {
        return Some(Rule::Manual(Why::NotUnderstood));
    }
    let step = c
        .get(3)
        .and_then(|m| dec(m.as_str()))
        .unwrap_or(Decimal::ONE);
    let step_unit = c.get(4).map(|m| m.as_str());
    let unit = unit_of(step_unit).or(c.get(2).map(|_| Unit::Percent));
    let limit = match c.get(1).and_then(|m| dec(m.as_str())) {
        Some(v) => Limit::Value(v),
        None if unit == Some(Unit::Percent) => Limit::Value(Decimal::ONE_HUNDRED),
        None => Limit::Target,
    };
    let deduct = match (c.get(5), c.get(6), c.get(7)) {
        (Some(_), Some(s), _) => Deduct::Share(dec(s.as_str())?),
        (_, _, Some(p)) => Deduct::Points(dec(p.as_str())?),
        _ => return None,
    };
    if step.is_zero() {
        return Some(Rule::Manual(Why::NotUnderstood));
    }
    Some(Rule::Threshold(Threshold {
        metric: metric_before(body, c.get(0)?.start()),
        cmp: Cmp::Eq,
        limit,
        unit,
        step,
        deduct,
        zero_line: None,
        min_score: MIN_SCORE.captures(body).and_then(|c| dec(&c[1])),
    }))
}

fn parse_threshold(body: &str) -> Option<Rule> {
    if let Some(rule) = parse_deviation(body) {
        return Some(rule);
    }
    let step = STEP.captures(body)?;
    let whole = step.get(0)?;
    let reverse = STEP_DIR_REVERSE.is_match(whole.as_str());
    let filler = step.get(1).map(|m| m.as_str()).unwrap_or("");
    let step_size = step
        .get(2)
        .and_then(|m| dec(m.as_str()))
        .unwrap_or(Decimal::ONE);
    if step_size.is_zero() {
        return Some(Rule::Manual(Why::NotUnderstood)); // 每少0个百分点: no step to count.
    }
    let step_unit = step.get(3).map(|m| m.as_str());
    if step_unit == Some("项") || filler.ends_with('项') {
        return None; // 每少1项扣1分 is a checklist.
    }
    let deduct = step_deduct(&step)?;
    // Two step clauses that disagree (每高…扣0.4分；每低…扣0.2分) are not one threshold.
    let disagreeing = STEP.captures_iter(body).any(|other| {
        STEP_DIR_REVERSE.is_match(other.get(0).map(|m| m.as_str()).unwrap_or("")) != reverse
            || step_deduct(&other) != Some(deduct)
    });
    if disagreeing {
        return Some(Rule::Manual(Why::NotUnderstood));
    }
    // The full-score clause: the last one before the step clause, else any.
    let before = &body[..whole.start()];
    let full = FULL_CLAUSE
        .captures_iter(before)
        .last()
        .or_else(|| FULL_CLAUSE.captures_iter(body).next());
    let (metric, cmp, limit, unit) = if let Some(full) = full {
        let prefix = full.get(1).map(|m| m.as_str());
        let value = dec(full.get(2)?.as_str())?;
        let unit = unit_of(full.get(3).map(|m| m.as_str())).or_else(|| unit_of(step_unit));
        let suffix = full.get(5).map(|m| m.as_str());
        let default = if reverse { Cmp::Le } else { Cmp::Ge };
        let cmp = cmp_of(prefix, suffix).unwrap_or(default);
        let metric_end = full.get(1).or(full.get(2)).map(|m| m.start()).unwrap_or(0);
        (
            metric_before(body, metric_end),
            cmp,
            Limit::Value(value),
            unit,
        )
    } else if let Some(reach) = REACH.captures(before) {
        // 开工率要达到40%，未达到目标每低1个百分点扣0.1分: the level named before the step, with
        // no award of its own, is the threshold.
        let value = dec(reach.get(2)?.as_str())?;
        let cmp = cmp_of(reach.get(1).map(|m| m.as_str()), None).unwrap_or(Cmp::Ge);
        (
            metric_before(body, reach.get(0)?.start()),
            cmp,
            Limit::Value(value),
            Some(Unit::Percent),
        )
    } else if let Some(target) = TARGET_CLAUSE.captures(body) {
        let cmp = match target.get(1).map(|m| m.as_str()) {
            Some("≥") => Cmp::Ge,
            Some(">") => Cmp::Gt,
            Some("≤") => Cmp::Le,
            Some("<") => Cmp::Lt,
            _ if reverse => Cmp::Le,
            _ => Cmp::Ge,
        };
        let metric_end = target.get(0)?.start();
        (
            metric_before(body, metric_end),
            cmp,
            Limit::Target,
            unit_of(step_unit),
        )
    } else if let Some(reference) = TARGET_REF.captures(before) {
        // 平均年龄不大于市级部门人员平均年龄的，得2分: the limit is a reference value,
        // which the row gives as its target.
        let word = reference.get(1)?;
        let default = if reverse { Cmp::Le } else { Cmp::Ge };
        let cmp = cmp_of(Some(word.as_str()), None).unwrap_or(default);
        (
            metric_before(body, word.start()),
            cmp,
            Limit::Target,
            unit_of(step_unit),
        )
    } else {
        // 每降低1个百分点扣0.5分 alone: measured against the row's own target.
        let cmp = if reverse { Cmp::Le } else { Cmp::Ge };
        (
            metric_before(body, whole.start()),
            cmp,
            Limit::Target,
            unit_of(step_unit),
        )
    };
    let zero_line = zero_line(body, cmp).and_then(|(zc, z)| match limit {
        // 每超过1个百分点扣0.5分，超过10%不得分 (limit 100): 10 points over the limit.
        Limit::Value(l) if cmp.is_reverse() && z <= l => Some((zc, l + z)),
        // A zero line on the good side of the threshold cannot be meant.
        Limit::Value(l) if !cmp.is_reverse() && z >= l => None,
        _ => Some((zc, z)),
    });
    let min_score = MIN_SCORE.captures(body).and_then(|c| dec(&c[1]));
    Some(Rule::Threshold(Threshold {
        metric,
        cmp,
        limit,
        unit,
        step: step_size,
        deduct,
        zero_line,
        min_score,
    }))
}

fn zero_line(body: &str, cmp: Cmp) -> Option<(Cmp, Decimal)> {
    if cmp.is_reverse() {
        let c = ZERO_GE.captures(body)?;
        let z = dec(&c[2])?;
        let zc = match &c[1] {
            "≥" => Cmp::Ge,
            _ if c.get(0)?.as_str().contains("以上") => Cmp::Ge,
            _ => Cmp::Gt,
        };
        return Some((zc, z));
    }
    if let Some(c) = ZERO_LE.captures(body) {
        return Some((Cmp::Le, dec(&c[1])?));
    }
    let c = ZERO_LT.captures(body)?;
    let zc = if &c[1] == "≤" { Cmp::Le } else { Cmp::Lt };
    Some((zc, dec(&c[2])?))
}

/// Every `扣N分` amount in a text.
/// The amounts of the deductions a text names, a cap (`最多扣3分`) not counted.
fn deduction_amounts(body: &str) -> Vec<Decimal> {
    let uncapped = COUNT_CAP.replace_all(body, "");
    DEDUCT_AMOUNT
        .captures_iter(&uncapped)
        .filter_map(|c| dec(&c[1]))
        .collect()
}

/// A cap on a count's deductions: `最多扣3分`, `最高扣3分`, `扣满3分为止`, `累计扣分不超过3分`.
static COUNT_CAP: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:最多|最高|累计最多|累计)?扣满?{NUM}分为止|(?:最多|最高|累计最多)扣(?:除)?{NUM}分|(?:累计)?扣分(?:不超过|最多){NUM}分"
    ))
});

fn parse_count(body: &str) -> Option<Rule> {
    let min_score = MIN_SCORE.captures(body).and_then(|c| dec(&c[1]));
    let count = |per_item: Decimal, unit: &str| {
        if per_item.is_zero() {
            return Rule::Manual(Why::NotUnderstood);
        }
        // A per-event deduction next to fixed deductions of other amounts
        // (未制定…扣5分；每发现一个网点扣1分) is not one count rule.
        if deduction_amounts(body).iter().any(|d| *d != per_item) {
            return Rule::Manual(Why::NotUnderstood);
        }
        let cap = COUNT_CAP
            .captures(body)
            .and_then(|c| dec(c.get(1).or(c.get(2)).or(c.get(3))?.as_str()));
        Rule::Count(Count {
            per_item,
            share: false,
            unit: Unit::word(unit),
            min_score,
            cap,
        })
    };
    // 每发现一项扣10%分: a share of the weight per occurrence, alone in the text.
    if let Some(c) = COUNT_SHARE.captures(body) {
        if COUNT_SHARE.find_iter(body).count() > 1 || DEDUCT_AMOUNT.is_match(body) {
            return Some(Rule::Manual(Why::NotUnderstood));
        }
        let cap = COUNT_CAP
            .captures(body)
            .and_then(|c| dec(c.get(1).or(c.get(2)).or(c.get(3))?.as_str()));
        let per_item = dec(&c[3])?;
        return Some(Rule::Count(Count {
            per_item,
            share: true,
            unit: Unit::word(&c[1]),
            min_score,
            cap,
        }));
    }
    if let Some(c) = COUNT_DELAY.captures(body) {
        let per = dec(&c[3])?;
        let step = c
            .get(1)
            .and_then(|m| dec(m.as_str()))
            .unwrap_or(Decimal::ONE);
        if step == Decimal::ONE {
            return Some(count(per, &c[2]));
        }
    }
    for pattern in [&*COUNT_EVERY, &*COUNT_EVENT, &*COUNT_ONCE] {
        for c in pattern.captures_iter(body) {
            let between = &c[2];
            if between.contains("百分点") || between.contains('%') {
                continue;
            }
            return Some(count(dec(&c[3])?, &c[1]));
        }
    }
    None
}

/// `评价要点:①…;②…;③…` and nothing else: the 要点 are listed, their points are not. Read as a
/// checklist whose items share the weight equally (an assumption the review shows as R310).
/// Any number outside the item markers, any 扣/得/分, or any sentence outside the list, and it
/// is not this rule.
static WEIGHT_AFTER_HEADING: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(评价要点:?)\d+(?:\.\d+)?(?:分)?([①-⑳])"));

fn parse_points_only(body: &str) -> Option<Rule> {
    if let Some(rest) = body.strip_prefix("共") {
        // The canonical sentence: 共3项评价要点，未写明每项分值：…
        let n: u32 = rest.split('项').next()?.parse().ok()?;
        // (Two items at least, as for the list itself below.)
        return (rest.contains("按分值平均分到各项") && n >= 2).then_some(Rule::Checklist(
            Checklist {
                items: Some(n),
                per_item: Decimal::ZERO,
                serious_zero: false,
                equal_split: true,
            },
        ));
    }
    // `评价要点:4①…`: a weight written after the heading is the weight, not part of ①.
    let body = &*WEIGHT_AFTER_HEADING.replace(body, "${1}${2}");
    let n = listed_items(body)?;
    let (parts, circled) = numbered_parts(body)?;
    let head = &body[..body.find(parts[0])?];
    let head_ok = head.is_empty() || head.trim_end_matches(':').ends_with("要点");
    let markers_only = parts.iter().all(|p| {
        p[marker_end(p)..]
            .chars()
            .all(|c| !c.is_ascii_digit() && c != '%')
    });
    let quiet = !body.contains('扣') && !body.contains('分') && !body.contains('得');
    (circled && head_ok && markers_only && quiet && n as usize == parts.len() && n >= 2).then_some(
        Rule::Checklist(Checklist {
            items: Some(n),
            per_item: Decimal::ZERO,
            serious_zero: false,
            equal_split: true,
        }),
    )
}

fn parse_checklist(body: &str) -> Option<Rule> {
    let serious_zero = SERIOUS.is_match(body);
    let per_item = if let Some(c) = CHECK_PER.captures(body) {
        let between = &c[1];
        if between.contains("百分点") || between.contains('%') {
            return None;
        }
        dec(&c[2])?
    } else if let Some(c) = CHECK_PER_AFTER.captures(body) {
        dec(&c[1])?
    } else {
        // 未明确…扣1分；未落实…扣1分: failure conditions listed one per sentence, each
        // costing the same.
        let failures: Vec<Decimal> = body
            .split(';')
            .filter(|s| !SERIOUS.is_match(s))
            .map(|s| FAILURE_SENTENCE.captures(s).and_then(|c| dec(&c[1])))
            .collect::<Option<Vec<Decimal>>>()?;
        let first = *failures.first()?;
        if failures.len() < 2 || first.is_zero() || failures.iter().any(|d| *d != first) {
            return None;
        }
        return Some(Rule::Checklist(Checklist {
            items: Some(failures.len() as u32),
            per_item: first,
            serious_zero,
            equal_split: false,
        }));
    };
    (!per_item.is_zero()).then(|| {
        Rule::Checklist(Checklist {
            items: listed_items(body),
            per_item,
            serious_zero,
            equal_split: false,
        })
    })
}

/// Splits a body into clauses at `;` and `,` (keeping `(…)` intact), and after a
/// parenthesised award such as `(14分)` or `(10分到13分)`, which ends a clause by itself.
fn clauses(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for c in body.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if (c == ';' || c == ',') && depth <= 0 {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        cur.push(c);
        if c == ')' && depth <= 0 && cur.ends_with("分)") && cur.rfind('(').is_some_and(|i| i > 0)
        {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Splits a clause into its condition and its award (`90%(含)-95%得3分` → (`90%(含)-95%`, 3)).
fn split_award(clause: &str) -> Option<(String, Award)> {
    let m = AWARD.captures(clause)?;
    let whole = m.get(0)?;
    let award_text = whole.as_str();
    let award = if award_text.contains("线性")
        || award_text.starts_with("按比例")
        || award_text.starts_with("按插值")
    {
        Award::Linear
    } else if award_text.contains("满分") {
        Award::Full
    } else if award_text == "不得分" || award_text == "不计分" || award_text == "0分" {
        Award::Points(Decimal::ZERO)
    } else if let (Some(lo), Some(hi)) = (m.get(1).or(m.get(3)), m.get(2).or(m.get(4))) {
        let (a, b) = (dec(lo.as_str())?, dec(hi.as_str())?);
        Award::Range(a.min(b), a.max(b))
    } else if let Some(d) = m.get(7) {
        Award::Deduct(dec(d.as_str())?)
    } else {
        let p = m.get(5).or(m.get(6)).or(m.get(8))?;
        Award::Points(dec(p.as_str())?)
    };
    let cond = clause[..whole.start()]
        .trim_end_matches([',', '的', '者', '时', '即', '则', '可'])
        .to_string();
    Some((cond, award))
}

fn bound(value: &str, mark: Option<&str>, default_inclusive: bool) -> Option<Bound> {
    Some(Bound {
        value: dec(value)?,
        inclusive: match mark {
            Some("(含)") => true,
            Some("(不含)") => false,
            _ => default_inclusive,
        },
    })
}

/// A band's range parsed from its condition text.
#[derive(Debug, Clone, Default)]
struct Range {
    metric: Option<String>,
    unit: Option<Unit>,
    lower: Option<Bound>,
    upper: Option<Bound>,
    /// A bare value with no comparison (`100%`): its side is settled against the other bands.
    bare: Option<Decimal>,
    /// Whether the lower and the upper end were written as included or not (`(含)`, `≥`,
    /// `不低于`), rather than left to a convention (`80%以下` includes 80 by law, `80-90%`
    /// includes 80 by habit).
    explicit: (bool, bool),
}

/// A band's range from its condition text, with the metric name before it.
fn parse_range(cond: &str) -> Option<Range> {
    // 未全部到位 is the opposite of 全部到位: left to the complement of the band before.
    let full = FULL_WORDS.find(cond).is_some_and(|m| {
        let before = &cond[..m.start()];
        !(before.ends_with(['未', '不', '没']) || before.ends_with("没有"))
    });
    if full {
        // 资金全部到位: all of it, 100%.
        return Some(Range {
            unit: Some(Unit::Percent),
            lower: Some(Bound {
                value: Decimal::from(100),
                inclusive: true,
            }),
            ..Range::default()
        });
    }
    if let Some(c) = RANGE_BETWEEN_WORDS
        .captures(cond)
        .or_else(|| RANGE_BETWEEN.captures(cond))
    {
        // Where only the upper end is marked included (`0-10%(含)`), the unmarked lower end is
        // not: the author marks the ends that belong to the band, so 10-20%(含) is (10, 20].
        let upper_marked = c.get(6).is_some_and(|m| m.as_str() == "(含)");
        return Some(Range {
            metric: metric_before(cond, c.get(0)?.start()),
            unit: unit_of(c.get(2).or(c.get(5)).map(|m| m.as_str())),
            lower: bound(&c[1], c.get(3).map(|m| m.as_str()), !upper_marked),
            upper: bound(&c[4], c.get(6).map(|m| m.as_str()), false),
            bare: None,
            explicit: (c.get(3).is_some(), c.get(6).is_some()),
        });
    }
    let c = RANGE_ONE.captures(cond)?;
    let value = &c[2];
    let unit = unit_of(c.get(3).map(|m| m.as_str()));
    let mark = c.get(4).map(|m| m.as_str());
    let metric_end = c.get(1).or(c.get(2)).map(|m| m.start()).unwrap_or(0);
    // `80%(含95%)-90%`: the end of a range whose start is not read is no value of its own.
    if cond[..metric_end].ends_with(['-', '~']) {
        return None;
    }
    let metric = metric_before(cond, metric_end);
    let Some(cmp) = cmp_of(c.get(1).map(|m| m.as_str()), c.get(5).map(|m| m.as_str())) else {
        return Some(Range {
            metric,
            unit,
            bare: dec(value),
            ..Range::default()
        });
    };
    // A sign or word before the number (`≥80%`, `不低于80%`, `达到80%`) or a mark after it says
    // whether the number belongs; a word after it (`80%以下`, `达到80%以上`) leaves it to the
    // convention.
    let suffix = c.get(5).is_some();
    let explicit = mark.is_some()
        || c.get(1).is_some_and(|m| match m.as_str() {
            "在" => false,
            "达到" | "达" => !suffix,
            _ => true,
        });
    let (lower, upper) = match cmp {
        Cmp::Ge => (bound(value, mark.or(Some("(含)")), true), None),
        Cmp::Gt => (bound(value, Some("(不含)"), false), None),
        Cmp::Le => (None, bound(value, mark.or(Some("(含)")), true)),
        Cmp::Lt => (None, bound(value, Some("(不含)"), false)),
        Cmp::Eq => (
            bound(value, Some("(含)"), true),
            bound(value, Some("(含)"), true),
        ),
    };
    Some(Range {
        metric,
        unit,
        lower,
        upper,
        bare: None,
        explicit: (explicit, explicit),
    })
}

/// An award written after a comma or a colon joins its condition: `≥95%,计6分` and `100%:4分`
/// read as `≥95%得6分`, `100%得4分`.
fn join_awards(body: &str) -> Cow<'_, str> {
    AWARD_AFTER.replace_all(body, "得${1}分")
}

fn parse_bands(body: &str) -> Option<Rule> {
    let body = &*join_awards(body);
    let mut ranges: Vec<(Range, Award)> = Vec::new();
    // A condition may span two clauses: `≥4%,<8% 4-3分`.
    let mut pending: Option<Range> = None;
    for clause in clauses(body) {
        let Some((cond, award)) = split_award(&clause) else {
            pending = parse_range(&clause);
            continue;
        };
        if matches!(award, Award::Deduct(_)) {
            return None; // 一次扣3分 … are deductions, not bands.
        }
        // `90-100%达标:4分`: the band is the range; 达标 only says what it measures.
        let cond = cond.strip_suffix("达标").unwrap_or(&cond).to_string();
        let Some(mut range) = parse_range(&cond).or_else(|| complement(&cond, &ranges)) else {
            // A band whose condition is not read: the bands are not the reading (dropping it
            // would leave its values in no band, or in the wrong one).
            return None;
        };
        if let Some(p) = pending.take() {
            if range.lower.is_none() {
                range.explicit.0 = p.explicit.0;
            }
            if range.upper.is_none() {
                range.explicit.1 = p.explicit.1;
            }
            range.lower = range.lower.or(p.lower);
            range.upper = range.upper.or(p.upper);
            range.metric = range.metric.or(p.metric);
            range.unit = range.unit.or(p.unit);
        }
        ranges.push((range, award));
    }
    if ranges.len() < 2 {
        return None;
    }
    // A band in proportion needs a scored band at each of its ends (checked when scored);
    // several such bands, or one open at an end, are not read.
    let linear = ranges.iter().filter(|(_, a)| *a == Award::Linear).count();
    let open_linear = ranges
        .iter()
        .any(|(r, a)| *a == Award::Linear && (r.lower.is_none() || r.upper.is_none()));
    if linear > 1 || open_linear {
        return Some(Rule::Manual(Why::NotUnderstood));
    }
    let metric = ranges.iter().find_map(|(r, _)| r.metric.clone());
    let unit = ranges.iter().find_map(|(r, _)| r.unit.clone());
    let all_bounds: Vec<Decimal> = ranges
        .iter()
        .flat_map(|(r, _)| r.lower.iter().chain(r.upper.iter()).map(|b| b.value))
        .collect();
    let explicit: Vec<(bool, bool)> = ranges.iter().map(|(r, _)| r.explicit).collect();
    let mut bands: Vec<Band> = ranges
        .into_iter()
        .map(|(r, award)| {
            let (lower, upper) = match r.bare {
                // A bare value above every other bound is the top band (100% → ≥100), one
                // below every other the bottom band (0% → ≤0), else exactly that value.
                Some(v) if all_bounds.iter().all(|b| v >= *b) => (
                    Some(Bound {
                        value: v,
                        inclusive: true,
                    }),
                    None,
                ),
                Some(v) if all_bounds.iter().all(|b| v <= *b) => (
                    None,
                    Some(Bound {
                        value: v,
                        inclusive: true,
                    }),
                ),
                Some(v) => (
                    Some(Bound {
                        value: v,
                        inclusive: true,
                    }),
                    Some(Bound {
                        value: v,
                        inclusive: true,
                    }),
                ),
                None => (r.lower, r.upper),
            };
            Band {
                lower,
                upper,
                award,
            }
        })
        .collect();
    close_open_bands(&mut bands);
    separate_touching(&mut bands, &explicit);
    // A band in proportion reaches its neighbours' score at its ends, so an end no other
    // band holds is its own (`>20日为0分`, `10-20日按比例扣分`: 20 days scores 0 either way).
    for i in 0..bands.len() {
        if bands[i].award != Award::Linear {
            continue;
        }
        for end in [bands[i].lower, bands[i].upper].into_iter().flatten() {
            let held = bands
                .iter()
                .enumerate()
                .any(|(j, o)| j != i && o.contains(end.value));
            if !held {
                let b = &mut bands[i];
                for bound in [&mut b.lower, &mut b.upper].into_iter().flatten() {
                    if bound.value == end.value {
                        bound.inclusive = true;
                    }
                }
            }
        }
    }
    // Two bands sharing a stretch of values (60%以上得2分；60%-80%得4分) give two scores to
    // one actual value: not read, rather than scored by whichever is written first.
    let overlapping = (0..bands.len())
        .any(|i| (i + 1..bands.len()).any(|j| share_a_stretch(&bands[i], &bands[j])));
    if overlapping {
        return Some(Rule::Manual(Why::NotUnderstood));
    }
    Some(Rule::Bands(Bands {
        metric,
        unit,
        bands,
    }))
}

/// `…0.5个等级以上得满分，未提升不得分`: a negated condition after a one-sided band is the
/// rest of the range.
fn complement(cond: &str, ranges: &[(Range, Award)]) -> Option<Range> {
    if !NEGATED.is_match(cond) || ranges.len() != 1 {
        return None;
    }
    let (prev, _) = &ranges[0];
    let flip = |b: Bound| Bound {
        value: b.value,
        inclusive: !b.inclusive,
    };
    let (lower, upper) = match (prev.lower, prev.upper) {
        (Some(lo), None) => (None, Some(flip(lo))),
        (None, Some(hi)) => (Some(flip(hi)), None),
        _ => return None,
    };
    Some(Range {
        metric: None,
        unit: prev.unit.clone(),
        lower,
        upper,
        bare: None,
        explicit: (false, false),
    })
}

/// Whether two bands have more than one value in common: the greater of their lower ends
/// lies below the smaller of their upper ends (an open end reaches as far as it likes). One
/// value claimed by both is left to [`separate_touching`] and the order written.
fn share_a_stretch(a: &Band, b: &Band) -> bool {
    let value = |b: Option<Bound>| b.map(|b| b.value);
    // None is below every value for a lower end: Option's order.
    let lower = value(a.lower).max(value(b.lower));
    let upper = match (value(a.upper), value(b.upper)) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    match (lower, upper) {
        (Some(l), Some(u)) => l < u,
        _ => true,
    }
}

/// Two bands that both claim their shared boundary (`50%以下` and `50%-75%`). A claim written
/// out (`80%（含）-90%`, `≥80%`) wins over one left to a convention; else the one-sided band
/// keeps it (以上/以下 include the number by law); between two ranges the higher band keeps
/// it. `explicit` is [`Range::explicit`] of each band.
fn separate_touching(bands: &mut [Band], explicit: &[(bool, bool)]) {
    for i in 0..bands.len() {
        for j in 0..bands.len() {
            let (Some(hi), Some(lo)) = (bands[i].upper, bands[j].lower) else {
                continue;
            };
            if i == j || hi.value != lo.value || !hi.inclusive || !lo.inclusive {
                continue;
            }
            let upper_written = explicit.get(i).is_some_and(|e| e.1);
            let lower_written = explicit.get(j).is_some_and(|e| e.0);
            // Which band gives the boundary up: the lower band (i) or the higher one (j).
            let lower_band_gives = if upper_written != lower_written {
                lower_written
            } else {
                bands[i].lower.is_some()
            };
            let end = if lower_band_gives {
                bands[i].upper.as_mut()
            } else {
                bands[j].lower.as_mut()
            };
            if let Some(b) = end {
                b.inclusive = false;
            }
        }
    }
}

/// Makes one-sided bands disjoint from the bands around them: `≥100`, `≥75` → `≥100`,
/// `[75,100)`; `<60`, `<80` → `<60`, `[60,80)`.
fn close_open_bands(bands: &mut [Band]) {
    let snapshot: Vec<Band> = bands.to_vec();
    for (i, band) in bands.iter_mut().enumerate() {
        if let (Some(lo), None) = (band.lower, band.upper) {
            let above = snapshot
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .filter_map(|(_, b)| b.lower)
                .filter(|b| b.value > lo.value)
                .min_by(|a, b| a.value.cmp(&b.value));
            if let Some(next) = above {
                band.upper = Some(Bound {
                    value: next.value,
                    inclusive: !next.inclusive,
                });
            }
        } else if let (None, Some(hi)) = (band.lower, band.upper) {
            let below = snapshot
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .filter_map(|(_, b)| b.upper)
                .filter(|b| b.value < hi.value)
                .max_by(|a, b| a.value.cmp(&b.value));
            if let Some(prev) = below {
                band.lower = Some(Bound {
                    value: prev.value,
                    inclusive: !prev.inclusive,
                });
            }
        }
    }
}

fn parse_additive(body: &str) -> Option<Rule> {
    if body.contains('扣') {
        return None;
    }
    let circled: Vec<(String, Decimal)> = CIRCLED_POINTS
        .captures_iter(body)
        .filter_map(|c| {
            let text: String = c[2]
                .trim_matches([',', '(', ')', '得', '计', ':'])
                .chars()
                .take(20)
                .collect();
            Some((format!("{}{text}", &c[1]), dec(&c[3])?))
        })
        .collect();
    // A circled list with an item worth nothing (`①资料齐全得5分;②…;③资料不全得0分`) names
    // grades to choose from, as a numbered one does (see `parse_parts`).
    if circled.len() >= 2 && circled.iter().all(|(_, p)| !p.is_zero()) {
        return Some(Rule::Additive(Additive::plain(circled)));
    }
    let items: Vec<(String, Decimal)> = ITEM_POINTS
        .captures_iter(body)
        .filter_map(|c| {
            let name = c[1].trim().to_string();
            let ok = !name.is_empty() && !name.chars().any(|ch| ch.is_ascii_digit() || ch == '%');
            ok.then(|| Some((name, dec(&c[2])?))).flatten()
        })
        .collect();
    if items.len() >= 2 {
        return Some(Rule::Additive(Additive::plain(items)));
    }
    if BARE_ITEMS.is_match(body) {
        let items: Vec<(String, Decimal)> = BARE_ITEM
            .captures_iter(body)
            .filter_map(|c| Some((c[1].to_string(), dec(&c[2])?)))
            .collect();
        if items.len() >= 2 && items.iter().all(|(_, p)| !p.is_zero()) {
            return Some(Rule::Additive(Additive::plain(items)));
        }
    }
    additive_clauses(body)
}

/// Sentences that each name something to be met and its points, none of them a lower grade
/// of another (`符合国家法律法规…计1分;符合部门“三定”方案确定的职责计0.5分;…计0.5分`): the
/// points add up. Grades are short words or qualified forms of one word (规范/基本规范/不规范)
/// and include a lowest grade; items are descriptions, every one earning points.
fn additive_clauses(body: &str) -> Option<Rule> {
    let mut items = Vec::new();
    for sentence in body.split(';').filter(|s| !s.trim().is_empty()) {
        let (cond, award) = split_award(sentence.trim_end_matches(['。', ',']))?;
        let Award::Points(p) = award else {
            return None;
        };
        // The item's own number goes (`2、`, `(1)`, `①`); a number that is part of its name
        // stays (`2023年度项目按期完成验收`).
        let name = cond[marker_end(&cond)..]
            .trim_end_matches(['计', '得'])
            .to_string();
        let starts_qualified = QUALIFIERS.iter().any(|q| name.starts_with(q));
        if p.is_zero() || name.chars().count() < 6 || starts_qualified {
            return None;
        }
        items.push((name, p));
    }
    // 开展2类活动…得10分;开展3类活动…得20分: levels of one count, not items to add up.
    if items
        .windows(2)
        .all(|w| level_shape(&w[0].0) == level_shape(&w[1].0))
    {
        return None;
    }
    (items.len() >= 2).then_some(Rule::Additive(Additive::plain(items)))
}

fn parse_grade(body: &str) -> Option<Rule> {
    let body = &*join_awards(body);
    let mut grades: Vec<(String, Award)> = Vec::new();
    // The clause before, in the same sentence, when it holds no award: the start of a grade
    // word that goes on after a comma (`有结余,但不超过上年结转,2分`, `结余超过上年结转,不得分`).
    let mut before = String::new();
    for clause in body.split(';').flat_map(|sentence| {
        let mut parts = clauses(sentence);
        parts.push(String::new()); // the sentence's end
        parts
    }) {
        if clause.is_empty() {
            before.clear();
            continue;
        }
        let Some((cond, award)) = split_award(&clause) else {
            before = clause;
            continue;
        };
        let cond = if cond.is_empty() || cond.starts_with(['但', '且', '并', '或']) {
            format!("{before}{}{cond}", if cond.is_empty() { "" } else { "," })
        } else {
            cond
        };
        before.clear();
        let word = cond
            .trim_start_matches(|c: char| c.is_ascii_digit() || "、.".contains(c))
            .trim_matches(['“', '”', '"'])
            .trim_end_matches([':', '的', '者', '为'])
            .trim_start_matches(['若', '如'])
            .trim_matches(['“', '”', '"'])
            .to_string();
        // A word with a number in it (`失误1次`, `6-10名`, `应用不合适1处`) is a count or a
        // band, and one ending in 减/扣 a deduction: not a grade, and no grade rule is read.
        let per_count = COUNTED_WORD.is_match(&word) && matches!(award, Award::Deduct(_));
        if per_count || RANGED_WORD.is_match(&word) || word.ends_with(['减', '扣']) {
            return None;
        }
        // A grade between two that names a level (`有超支但不超过5%,2分`) cannot be left out:
        // the remaining grades would misread a filed 2. No grade rule then.
        let measured = word.chars().any(|c| "%≥≤<>=".contains(c));
        if measured && !grades.is_empty() && matches!(award, Award::Points(p) if !p.is_zero()) {
            return None;
        }
        let plausible = !word.is_empty()
            && word.chars().count() <= 16
            && !word.chars().any(|c| "%≥≤<>=".contains(c))
            && ![
                "满分", "得分", "分值", "总分", "最低", "最高", "最多", "最少", "合计",
            ]
            .iter()
            .any(|w| word.contains(w))
            && word != "总"
            && !matches!(award, Award::Range(..) | Award::Linear);
        if plausible {
            grades.push((word, award));
        }
    }
    let rewards = grades
        .iter()
        .any(|(_, a)| matches!(a, Award::Full) || matches!(a, Award::Points(p) if !p.is_zero()));
    // Failures only (`无该项制度的,不得分`, `逾期报送的,扣3分`, `缺正高级职称材料的扣4分,缺副高级…
    // 扣3分`): what each failure costs; anything else is the full mark. (One condition that
    // earns points, `…,得3分`, is not a grade: it is too often only the weight restated.)
    let fails =
        |a: &Award| matches!(a, Award::Deduct(_)) || matches!(a, Award::Points(p) if p.is_zero());
    // Each failure must be a condition of its own: no number (`少于2处`, `(1)项`), no filler
    // alone (`此项直接`, `一经发现`).
    let condition = |w: &str| {
        let core = w
            .trim_start_matches("一经发现")
            .trim_start_matches("此项")
            .trim_start_matches("该项")
            .trim_start_matches("直接");
        core.chars().count() >= 2 && !w.chars().any(|c| c.is_ascii_digit() || c == '(')
    };
    let failures_only =
        !grades.is_empty() && grades.iter().all(|(w, a)| fails(a) && condition(w)) && !rewards;
    if !failures_only && (grades.len() < 2 || !rewards) {
        return None; // Without a grade that earns points, these are deductions, not grades.
    }
    // Grades numbered (1) (2) … or ① ② … in order lose their numbers; a lone `(1)` is left
    // alone (`（1）项不符合要求扣1分` is one item, not a number), and so are numbers that are
    // the whole word (`①计满分，②不得分`: the points of the text's items ① and ②).
    let numbered = grades.iter().enumerate().all(|(i, (w, _))| {
        let marker = [format!("({})", i + 1), super::circled(i as u32 + 1)];
        marker.iter().any(|m| {
            w.strip_prefix(m.as_str())
                .is_some_and(|rest| !rest.is_empty())
        })
    });
    if numbered && grades.len() >= 2 {
        for (word, _) in &mut grades {
            *word = word[marker_end(word)..].to_string();
        }
    }
    // 上门服务达300次/年…得10分;上门服务达600人次/年…得20分: levels of one count (bands on a
    // number the grade words cannot match), not grades.
    if grades
        .iter()
        .all(|(w, _)| w.chars().any(|c| c.is_ascii_digit()))
        && grades
            .windows(2)
            .all(|g| level_shape(&g[0].0) == level_shape(&g[1].0))
    {
        return None;
    }
    strip_subject(&mut grades);
    // 健全的得10分……不健全的扣10分: a deduction from the full award is that award less it.
    let full = grades
        .iter()
        .filter_map(|(_, a)| match a {
            Award::Points(p) => Some(*p),
            _ => None,
        })
        .max()
        .filter(|_| !failures_only);
    let mut costs = Vec::new();
    if let Some(full) = full {
        for (word, a) in &mut grades {
            if let Award::Deduct(d) = *a {
                *a = Award::Points((full - d).max(Decimal::ZERO));
                if d < full {
                    costs.push((word.clone(), d));
                }
            }
        }
    }
    Some(Rule::Grade(Grades { grades, costs }))
}

/// Qualifiers that make a grade word from the core word: 基本健全, 不健全, 较完善.
const QUALIFIERS: &[&str] = &["基本", "部分", "较为", "较", "不", "未", "非", "没有", "无"];

/// `财务会计制度健全` beside `基本健全` and `不健全`: the first word carries the subject; the
/// grade word is `健全`.
fn strip_subject(grades: &mut [(String, Award)]) {
    let cores: Vec<String> = grades
        .iter()
        .filter_map(|(w, _)| {
            QUALIFIERS
                .iter()
                .find_map(|q| w.strip_prefix(q))
                .filter(|core| !core.is_empty())
                .map(str::to_string)
        })
        .collect();
    for (word, _) in grades.iter_mut() {
        // The longest core the word ends with; when that is the word itself (`齐全` beside
        // `基本齐全` and `不全`), the word is a grade word already and stays as it is.
        if let Some(core) = cores
            .iter()
            .filter(|c| word.ends_with(c.as_str()))
            .max_by_key(|c| c.len())
        {
            // 有批准文件 beside 没有批准文件: 有 is the grade's own polarity, not a subject.
            let is_qualified = QUALIFIERS.iter().chain(&["有", "已", "是"]).any(|q| {
                word.strip_suffix(core.as_str())
                    .is_some_and(|rest| rest.ends_with(q))
            });
            if !is_qualified {
                *word = core.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `bands` parameter of a text's reading, if it is read as bands.
    fn bands_of(text: &str) -> Option<String> {
        parse_rule(text).params().get("bands").cloned()
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// A number in a rule is read up to 10^12 in size and down to 0.000001 (or 0 itself);
    /// beyond those it is no number.
    #[test]
    fn a_number_in_a_rule_is_within_its_range() {
        assert_eq!(dec("1000000000000"), Some(d("1000000000000")));
        assert_eq!(dec("1000000000001"), None);
        assert_eq!(dec("0.000001"), Some(d("0.000001")));
        assert_eq!(dec("0.0000001"), None);
        assert_eq!(dec("0.00"), Some(Decimal::ZERO));
        assert_eq!(dec("5.50"), Some(d("5.5")));
    }

    #[test]
    fn numbered_parts_with_their_own_points_add_up() {
        // 石城县 河长制 考核细则 (tests/rules/real_texts.txt).
        let r = parse_rule(
            "1.加强监督管理，防止禁养区内已关闭或搬迁的畜禽养殖场复养（5分）;\n2.建立畜禽养殖污染台账（5分）;\n3.科学指导限养区和可养区内畜禽养殖场，配套建设粪污处理利用设施（20分）",
        );
        let Rule::Additive(a) = &r else {
            panic!("{r:?}")
        };
        let points: Vec<Decimal> = a.items.iter().map(|(_, p)| *p).collect();
        assert_eq!(points, [d("5"), d("5"), d("20")]);
        assert!(
            a.items[1].0.starts_with("2.建立畜禽养殖污染台账"),
            "{:?}",
            a.items
        );
        let r = parse_rule("1.推进APP巡河信息平台建设，得2分。\n2.按制度要求开展巡河，得6分。\n3.填写日志，得3分。");
        assert_eq!(r.kind().as_str(), "additive", "{r:?}");
        // A part's name is its text without its points and the punctuation left at its end.
        let Rule::Additive(a) = &r else {
            panic!("{r:?}")
        };
        assert_eq!(a.items[0].0, "1.推进APP巡河信息平台建设");
        assert_eq!(a.items[2].0, "3.填写日志");
        // `1.5分` is no part 1.
        assert_eq!(numbered_parts("得1.5分;得2分"), None);
    }

    /// Items numbered with circled digits, each with what failing it costs: equal costs are a
    /// checklist of that many items; numbering that skips one is no such list.
    #[test]
    fn circled_items_with_their_deductions() {
        let r = parse_item_deductions("①制度不健全扣2分;②执行不到位扣2分;③资料不全扣2分");
        let Some(Rule::Checklist(c)) = &r else {
            panic!("{r:?}")
        };
        assert_eq!((c.items, c.per_item), (Some(3), d("2")));
        assert_eq!(
            parse_item_deductions("①制度不健全扣2分;③资料不全扣2分"),
            None
        );
        assert_eq!(
            parse_item_deductions("②制度不健全扣2分;③资料不全扣2分"),
            None
        );
    }

    /// A deduction per item inside a part is the part's rule only when one item costs no more
    /// than the part's points; a one-rank list is a list of one band.
    #[test]
    fn a_part_rule_fits_within_the_part_and_a_rank_list_may_be_one_rank() {
        let r = parse_rule("1.清查、建立台账（4分，一项不符合扣1分）；2.科学编制规划（5分）");
        assert!(
            matches!(&r, Rule::Additive(a) if matches!(a.rule_of(0), Some(Rule::Checklist(_)))),
            "{r:?}"
        );
        let r = parse_rule("1.清查、建立台账（2分，一项不符合扣3分）；2.科学编制规划（5分）");
        assert!(
            !matches!(&r, Rule::Additive(a) if a.rule_of(0).is_some()),
            "{r:?}"
        );
        // A step that costs all of the part's points is still within the part.
        let r = parse_rule(
            "1.资金到位率（2分，到位率达到100%得满分，每低1个百分点扣2分）；2.科学编制规划（5分）",
        );
        assert!(
            matches!(&r, Rule::Additive(a) if matches!(a.rule_of(0), Some(Rule::Threshold(_)))),
            "{r:?}"
        );
        let r = parse_rule("在全市排名1-1名的依次赋予60分");
        assert!(matches!(&r, Rule::Bands(b) if b.bands.len() == 1), "{r:?}");
    }

    #[test]
    fn parts_with_rules_of_their_own_score_by_them() {
        let kinds = |text: &str| match parse_rule(text) {
            Rule::Additive(a) => (0..a.items.len())
                .map(|i| a.rule_of(i).map_or("-", |r| r.kind().as_str()))
                .collect::<Vec<_>>(),
            other => panic!("{text}: {other:?}"),
        };
        // A count inside part 3, not the whole rule: parts 1, 2, 4 are plain items.
        assert_eq!(
            kinds("1.清查、建立台账（5分）；2.科学编制规划（5分）；3.严厉打击非法侵占水域岸线行为，出现1例未处理扣2分（5分）；4.全面推进划定工作（5分）。"),
            ["-", "-", "count", "-"]
        );
        // Two thresholds, one per part.
        assert_eq!(
            kinds("①科级领导干部中，35岁及以下的不低于20%的，得1分。每低1%，扣0.1分。②乡镇领导班子中，35岁及以下的不低于30%的，得1分。每低1%，扣0.1分。"),
            ["threshold", "threshold"]
        );
        // A proportion inside a part; a count inside brackets after the points.
        assert_eq!(
            kinds(
                "1.继续推动水库水环境综合整治，按完成比例得分（5分）；2.推进备用水源建设（5分）。"
            ),
            ["proportional", "-"]
        );
        assert_eq!(
            kinds("1.成立领导小组（1分）\n2.单位领导班子部署相关工作，年内至少3次（3分，少一次扣1分）。"),
            ["-", "count"]
        );
    }

    #[test]
    fn points_listed_without_points_share_the_weight_equally() {
        let rule = parse_rule("评价要点:\n①是否符合国家法律法规、国民经济和社会发展总体规划;②是否符合部门“三定”方案确定的职责;\n③是否符合部门制定的中长期实施规划。");
        assert!(
            matches!(&rule, Rule::Checklist(c) if c.equal_split && c.items == Some(3)),
            "{rule:?}"
        );
        assert_eq!(parse_rule(&rule.to_string()), rule);
        // A list with points, a deduction or a number in it is some other rule, or none.
        for text in [
            "①设有目标(1分)②目标明确(1分)",
            "①…②…③…一项不符合扣0.5分",
            "①完成率达到90%;②满意度达到80%",
            "说明如下:①…;②…",
        ] {
            let r = parse_rule(text);
            assert!(
                !matches!(&r, Rule::Checklist(c) if c.equal_split),
                "{text}: {r:?}"
            );
        }
    }

    /// `每少1个%扣1分`, `每个百分点扣1分`: a percentage after the counter word is a step of a
    /// rate, not a number of occurrences, so neither is read as a count.
    #[test]
    fn a_percentage_after_the_counter_word_is_no_count() {
        for text in ["每少1个%扣1分", "每少1个百分点扣1分", "每1个百分点扣1分"]
        {
            let r = parse_rule(text);
            assert!(!matches!(r, Rule::Count(_)), "{text}: {r:?}");
        }
        assert!(matches!(parse_rule("每少1个台账扣1分"), Rule::Count(_)));
    }

    /// A share is a part of the whole, more than nothing: `1/2` of a 要点 is read, `3/2` or
    /// `0/2` is no share (of the 要点 or of the weight), and the text is not read as shares.
    /// The share is said after the 要点 it shares out, in their own sentence or with their
    /// count: `①…；②…；③…。各占三分之一`, `三项内容各占三分之一`.
    #[test]
    fn shares_said_apart_from_their_points_are_read() {
        for text in [
            "①制度健全；②执行到位；③档案完整。各占三分之一",
            "三项内容各占三分之一",
        ] {
            assert_eq!(
                parse_rule(text).params().get("shares").map(String::as_str),
                Some("1:1/3;2:1/3;3:1/3"),
                "{text}"
            );
        }
    }

    #[test]
    fn a_share_must_be_a_part_of_the_whole() {
        let is_share = |t: &str| matches!(parse_rule(t), Rule::Share(_));
        assert!(is_share(
            "要点①②③各占指标分值的1/3，每个要点不符合扣该要点分值的1/2"
        ));
        for text in [
            "要点①②③各占指标分值的1/3，每个要点不符合扣该要点分值的3/2",
            "要点①②③各占指标分值的1/3，每个要点不符合扣该要点分值的0/2",
            "要点①②③各占指标分值的1/3，每个要点不符合扣该要点分值的1/0",
            "要点①②各占指标分值的3/2",
        ] {
            assert!(!is_share(text), "{text}: {:?}", parse_rule(text));
        }
    }

    #[test]
    fn ranks_and_levels_of_a_count_are_bands() {
        let rank = parse_rule("引用市委市政府对区县工作绩效和综合评价考核得分及排名，在全市排名1-5名的依次赋予60分、57分、54分、51分、48分");
        assert_eq!(
            rank.params()["bands"],
            "[1,1]:60;[2,2]:57;[3,3]:54;[4,4]:51;[5,5]:48"
        );
        assert_eq!(parse_rule(&rank.to_string()), rank);
        // Five ranks and four scores do not fit.
        assert_eq!(
            parse_rule("在全市排名1-5名的依次赋予60分、57分、54分、51分").kind(),
            RuleKind::Manual
        );
        let levels = parse_rule("上门服务达300次/年，得10分；上门服务达600人次/年，得20分；上门服务达900人次/年，得30分");
        assert_eq!(
            levels.params()["bands"],
            "[300,600):10;[600,900):20;>=900:30"
        );
        assert_eq!(parse_rule(&levels.to_string()), levels);
        // Falling awards are no levels of one count.
        assert_ne!(
            parse_rule("开展2类活动，得30分；开展3类活动，得20分").kind(),
            RuleKind::Bands
        );
    }

    #[test]
    fn a_reverse_proportion_is_target_over_actual() {
        for text in [
            "在职人员控制率=(在职人员数/编制数)100%小于或等于1计5分,否则按比例计分。",
            "“≤”时得满分，超过按比例得分",
        ] {
            let rule = parse_rule(text);
            assert_eq!(
                rule,
                Rule::Proportional(Proportional {
                    basis: Basis::Inverse
                }),
                "{text}"
            );
            assert_eq!(parse_rule(&rule.to_string()), rule);
        }
    }

    #[test]
    fn debris_inside_the_text_is_read_through() {
        // A weight after the heading, a page number from a PDF page break, a table border.
        let r = parse_rule("评价要点:4①项目是否按照规定程序申请设立；②文件、材料是否符合相关要求");
        assert!(
            matches!(&r, Rule::Checklist(c) if c.equal_split && c.items == Some(2)),
            "{r:?}"
        );
        let clean = parse_rule("资金到位率大于90%的得满分，每少5个百分点扣0.5分，扣完为止。");
        for text in [
            "资金到位率大于90%的得满分，每少5个百分点—2—扣0.5分，扣完为止。",
            "资金到位率大于90%的得满分，|每少5个百分点扣0.5分，扣完为止。",
        ] {
            assert_eq!(parse_rule(text), clean, "{text}");
        }
        // A range is no page number.
        assert_ne!(parse_rule("1—2—3"), clean);
    }

    #[test]
    fn one_occurrence_and_its_cost_is_a_count() {
        for (text, per) in [
            ("不按时上报一次，扣2分。", "2"),
            ("工作零失误得5分，失误一次扣2分，扣完为止；", "2"),
            (
                "每出现一个专项未按进度完成资金下达扣0.5分,扣完为止。",
                "0.5",
            ),
        ] {
            let rule = parse_rule(text);
            assert_eq!(rule.kind(), RuleKind::Count, "{text}: {rule:?}");
            assert_eq!(rule.params()["per_item"], per, "{text}");
        }
        // Two costs are two rules.
        assert_eq!(
            parse_rule("发现一次不及时扣2分，影响正常工作的扣5分。").kind(),
            RuleKind::Manual
        );
    }

    #[test]
    fn failures_alone_are_grades_with_the_full_mark_otherwise() {
        let rule = parse_rule(
            "缺正高级职称材料的扣 4分， 缺副高级职称材料的扣 3分， 缺中级职称材料的扣 1分 ",
        );
        assert_eq!(
            rule.params()["grades"],
            "缺正高级职称材料:-4;缺副高级职称材料:-3;缺中级职称材料:-1"
        );
        assert_eq!(parse_rule(&rule.to_string()), rule);
        assert_eq!(
            parse_rule("无该项制度的，不得分。").params()["grades"],
            "无该项制度:0"
        );
        // Conditions with numbers or item marks, or only filler, are no grade words.
        for text in [
            "网站中应更新但长期未更新的栏目数超过（含）10个，此项直接为0分；",
            "未按（1）项要求设置公共卫生间不得分；（2）项不符合要求扣5分",
        ] {
            assert_ne!(parse_rule(text).kind(), RuleKind::Grade, "{text}");
        }
    }

    #[test]
    fn numbered_deductions_cost_their_own_points() {
        let rule =
            parse_rule("（1）项不符合要求扣2分；（2）项不符合要求扣3分；（3）项不符合要求扣1分");
        let Rule::Additive(a) = &rule else {
            panic!("{rule:?}")
        };
        assert!(a.deducted);
        let points: Vec<Decimal> = a.items.iter().map(|(_, p)| *p).collect();
        assert_eq!(points, [2, 3, 1].map(Decimal::from));
        assert_eq!(parse_rule(&rule.to_string()), rule);
        // Equal amounts are a checklist.
        assert_eq!(
            parse_rule("（1）项不符合要求扣2分；（2）项不符合要求扣2分").kind(),
            RuleKind::Checklist
        );
    }

    #[test]
    fn parts_that_are_levels_or_carry_their_own_caps_or_formulas_are_refused() {
        for text in [
            // Two parts with their own caps, and a part capped after an item's points.
            "服务内容：最高得20分。其中，开展1项服务，得10分；服务绩效：最高得40分。其中，年服务达40人，得10分；年服务达100人，得20分",
            "服务内容：有相应人员开展过服务，得10分；服务绩效：最高得20分。其中，年服务达20人，得5分；年服务达50人，得10分",
            // Two formulas, one per part.
            "（1）比例（2分）：该指标得分=本校实际值÷合格标准值×指标分数权重。（2）比例（1分）：该指标得分=本校实际值÷合格标准值×指标分数权重。",
        ] {
            assert_eq!(parse_rule(text), Rule::Manual(Why::NotUnderstood), "{text}");
        }
        // Levels of one count are not items to add up nor grade words.
        for text in [
            "能够开展两类活动，并有详细活动记录，得10分；能够开展三类活动，并有详细活动记录，得20分；能够开展四类活动，并有详细活动记录，得30分",
            "上门服务达300次/年，得10分；上门服务达600人次/年，得20分；上门服务达900人次/年，得30分",
        ] {
            let kind = parse_rule(text).kind();
            assert!(!matches!(kind, RuleKind::Additive | RuleKind::Grade), "{text}: {kind}");
        }
        // One formula with ÷ and 指标分数权重 is a ratio.
        assert_eq!(
            parse_rule("达到“合格”标准得3分，低于“限制招生”标准得0分，之间采用比率法计分。该指标得分=本校实际值÷合格标准值×指标分数权重。"),
            Rule::Proportional(Proportional {
                basis: Basis::Ratio
            })
        );
    }

    #[test]
    fn parts_with_rules_of_their_own_are_refused_not_misread() {
        for text in [
            // A part with two awards, and a deduction outside every part.
            "1.按要求每月上报工作开展情况，得5分，每少一次扣0.5分，扣完为止，参加相关会议（2分，少一次扣0.5分，扣完为止）\n2.信息报道受省级媒体推广1篇，得3分；市级媒体推广2篇，得2分；县级媒体推广，得1分。",
            // An inner step worth more than the part.
            "1.建立台账（1分）；2.资金到位率100%的得2分，每低1%扣5分。",
            // Bonus points: no score within a weight.
            "1.先进经验获省、市通报表扬并推广的，分别奖20、10分。2.被点名批评或曝光的，分别扣20、10分。",
            "年度内争项争资达3万元的,计3分,每超额完成1万的加计1分,加分不超过5分",
            // A deduction in proportion to an excess: 1 − excess ÷ target, or target ÷ actual.
            "预算费用超过部分按比例扣分",
        ] {
            assert_eq!(parse_rule(text), Rule::Manual(Why::NotUnderstood), "{text}");
        }
    }

    /// A deduction in proportion to an excess, 按比例扣 or 按比例倒扣, has two readings and is
    /// not read; full marks below a line, then 按比例计分, is a reverse proportion.
    #[test]
    fn a_proportion_of_an_excess_is_not_read_and_below_a_line_is_reverse() {
        for text in [
            "支出超过预算的部分按完成比例扣分",
            "控制率≤100%得满分,超过部分倒扣,按实际完成比例计分",
        ] {
            assert_eq!(
                parse_proportional(text),
                Some(Rule::Manual(Why::NotUnderstood)),
                "{text}"
            );
        }
        assert_eq!(
            parse_proportional("在职人员控制率≤100%计5分,否则按比例计分"),
            Some(Rule::Proportional(Proportional {
                basis: Basis::Inverse
            }))
        );
    }

    /// A rule inside a part must fit the part: a count or checklist step worth more than the
    /// part's points is none, and a proportion only as a degree of achievement, not reversed.
    #[test]
    fn a_rule_inside_a_part_fits_the_part() {
        let two = d("2");
        let count = inner_part_rule("1.开展巡河(2分,每发现1处问题扣1分)", two);
        assert!(matches!(count, Some(Rule::Count(_))), "{count:?}");
        assert_eq!(
            inner_part_rule("1.开展巡河(2分,每发现1处问题扣3分)", two),
            None
        );
        let degree = inner_part_rule("1.完成任务(5分,按完成比例计分)", d("5"));
        assert!(matches!(degree, Some(Rule::Proportional(_))), "{degree:?}");
        assert_eq!(
            inner_part_rule("1.控制率(5分,控制率≤100%计5分,否则按比例计分)", d("5")),
            None
        );
    }

    #[test]
    fn a_zero_line_below_a_proportion_is_no_reverse_proportion() {
        assert_eq!(
            parse_rule("按实际完成比例计分，完成率60%以下不得分")
                .kind()
                .as_str(),
            "proportional"
        );
    }

    #[test]
    fn a_count_or_a_band_is_no_grade() {
        // 失误1次扣2分 is a count; 6-10名 a band on a rank: neither a grade word.
        for text in [
            "工作零失误得5分，失误一次扣2分，扣完为止；",
            "占比排名前5名的得满分,6-10名的扣0.5分,11名以后扣1分,占比为0的不得分。",
        ] {
            assert_ne!(parse_rule(text).kind().as_str(), "grade", "{text}");
        }
        // 发生1起不得分 is still the lower of two grades.
        assert_eq!(
            parse_rule("未发生食品安全事故得满分，发生一起不得分。")
                .kind()
                .as_str(),
            "grade"
        );
    }

    #[test]
    fn a_stated_level_is_the_threshold_not_the_rows_target() {
        let params = |t: &str| parse_rule(t).params();
        // 计满分 and 以下(含) after the number.
        assert_eq!(
            params("100%计满分,每低于5%扣2分,扣完为止。")["threshold"],
            "100"
        );
        let reverse = params("100%以下(含)计满分,每超出5%扣2分,扣完为止。");
        assert_eq!(
            (reverse["threshold"].as_str(), reverse["cmp"].as_str()),
            ("100", "<=")
        );
        // A level to reach with no award of its own, before the step.
        let reach = params("签约项目半年后开工率要达到40%，为达到目标每低一个百分点扣0.1分");
        assert_eq!(
            (reach["threshold"].as_str(), reach["cmp"].as_str()),
            ("40", ">=")
        );
    }

    #[test]
    fn bands_in_the_notations_of_real_tables() {
        let bands = |t: &str| parse_rule(t).params()["bands"].clone();
        // The award after a comma or a colon; the (含) marks decide the ends.
        assert_eq!(
            bands("≥95%,计6分;85%(含)-95%,计4分;75%(含)-85%,计2分"),
            ">=95:6;[85,95):4;[75,85):2"
        );
        assert_eq!(
            bands("预算控制率=0,计5分;0-10%(含),计4分;10-20%(含),计3分;20-30%(含),计2分;大于30%不得分。"),
            "<=0:5;(0,10]:4;(10,20]:3;(20,30]:2;>30:0"
        );
        assert_eq!(
            parse_rule("100%:4分;85-100%:2分;85%以下:0分")
                .kind()
                .as_str(),
            "bands"
        );
        assert_eq!(bands("100%达标:6分;90-100%达标:4分"), ">=100:6;[90,100):4");
    }

    #[test]
    fn items_written_one_after_another_with_their_points() {
        let r = parse_rule("报送及时 4分数据真实 2分 内容完整 2分 签章齐全 2分");
        assert_eq!(
            r.params()["items"],
            "报送及时:4;数据真实:2;内容完整:2;签章齐全:2"
        );
    }

    #[test]
    fn counts_with_any_object_and_a_cap() {
        let params = |t: &str| parse_rule(t).params();
        let capped = params("有一次未按时报送的扣0.5分,最多扣3分");
        assert_eq!(
            (capped["per_item"].as_str(), capped["cap"].as_str()),
            ("0.5", "3")
        );
        assert_eq!(params("每逾期1天扣0.5分,最多扣2分")["cap"], "2");
        assert_eq!(params("存在违规使用的,1笔扣2分,直至扣完")["per_item"], "2");
        assert_eq!(params("每缺一份材料扣 1分")["per_item"], "1");
        // The cap is no second deduction amount.
        assert_eq!(
            parse_rule("每发现一笔资金未按时拨付扣0.5分,扣满3分为止")
                .kind()
                .as_str(),
            "count"
        );
    }

    #[test]
    fn a_grade_word_goes_on_after_a_comma() {
        // 岳阳 部门整体支出评分表, 资金结余.
        let r = parse_rule("无结余,3分;有结余,但不超过上年结转,2分;结余超过上年结转,不得分。");
        assert_eq!(
            r.params()["grades"],
            "无结余:3;有结余,但不超过上年结转:2;结余超过上年结转:0"
        );
        // A middle grade named by a level cannot be dropped: no grade rule rather than two.
        assert_eq!(
            parse_rule("无超支,4分;有超支但不超过5%,2分;超过的不得分"),
            Rule::Manual(Why::NotUnderstood)
        );
    }

    /// Band ends as written and as completed: `<60`, `<80` become `<60`, `[60,80)`; `0-10%(含)`
    /// includes its upper end only, (0,10]; levels of one count must rise (`开展2类…;开展2类…`
    /// with two awards is no rule).
    #[test]
    fn band_ends_are_read_as_written_and_completed() {
        for (text, bands) in [
            ("<60%,计0分;<80%,计2分;≥80%,计4分", "<60:0;[60,80):2;>=80:4"),
            (
                "0-10%(含),计2分;10-20%(含),计1分;大于20%不得分",
                "(0,10]:2;(10,20]:1;>20:0",
            ),
            ("开展2类活动得10分；开展3类活动得20分", "[2,3):10;>=3:20"),
            // 否则 or 未达到 after a one-sided band is the rest of the range.
            ("预算执行率≥95%得满分，否则不得分", ">=95:full;<95:0"),
            ("差错率低于1%得满分，未达到不得分", "<1:full;>=1:0"),
            ("投诉率≤5%的得10分，未达到的不得分", "<=5:10;>5:0"),
            // 全部到位 is 100%, and 未全部到位 (or 没有足额到位) the rest.
            ("资金全部到位得5分，未全部到位不得分", ">=100:5;<100:0"),
            ("资金足额到位得3分，没有足额到位不得分", ">=100:3;<100:0"),
            // 在80%以上 leaves 80 to the convention, so a range claiming it by (含) keeps it.
            (
                "完成率在80%以上得5分；60%-80%(含)得3分；60%以下得0分",
                ">80:5;(60,80]:3;<=60:0",
            ),
            // A bare value between the others' bounds is that value alone.
            ("≥90%得10分；85%得5分；<80%得0分", ">=90:10;[85,85]:5;<80:0"),
            // An end marked (不含) is left out whatever the convention.
            (
                "80%(不含)-90%得5分;90%以上得10分;80%及以下得0分",
                "(80,90):5;>=90:10;<=80:0",
            ),
        ] {
            assert_eq!(bands_of(text).as_deref(), Some(bands), "{text}");
        }
        assert_eq!(
            parse_rule("开展2类活动得10分；开展2类活动得20分").kind(),
            RuleKind::Manual
        );
        // Full words and a bare number are in their unit.
        for text in [
            "资金全部到位得5分，否则不得分",
            "满意度100%得4分;低于100得0分",
        ] {
            assert_eq!(
                parse_rule(text).params().get("unit").map(String::as_str),
                Some("%"),
                "{text}"
            );
        }
        // The metric is named before a bare number as before a sign.
        let rule = parse_rule("满意度100%得4分;85-100%得2分;85%以下得0分");
        assert_eq!(
            rule.params().get("metric").map(String::as_str),
            Some("满意度")
        );
    }

    /// A deviation from the plan is one rule; two of them (from the plan and from the target,
    /// with different steps) are no single rule, and neither is one beside a step rule.
    #[test]
    fn one_deviation_is_a_rule_and_two_are_not() {
        let one = parse_rule("实际完成情况与计划每相差4%,扣1分,扣满10分为止。");
        assert_eq!(one.params().get("step").map(String::as_str), Some("4"));
        for text in [
            "实际完成情况与计划每相差4%,扣1分；实际完成情况与目标每相差2%,扣1分",
            "实际完成情况与计划每相差4%,扣1分；每低于目标1个百分点扣0.5分",
        ] {
            assert_eq!(parse_rule(text).kind(), RuleKind::Manual, "{text}");
        }
    }

    #[test]
    fn clauses_keep_brackets_whole() {
        // A comma inside brackets ends no clause.
        assert_eq!(
            clauses("满意度(抽样调查,下同)≥90%得5分,满意度<90%得0分"),
            ["满意度(抽样调查,下同)≥90%得5分", "满意度<90%得0分"]
        );
        // An award in brackets ends a clause after what it awards, not before.
        assert_eq!(
            clauses("设有目标(1分)目标明确(1分)"),
            ["设有目标(1分)", "目标明确(1分)"]
        );
        assert_eq!(clauses("(1分)设有目标"), ["(1分)设有目标"]);
    }

    #[test]
    fn grade_words_are_taken_whole() {
        // Numbered grades are grades, not parts to add up, and lose their numbers.
        for text in [
            "1.规范:10分;2.基本规范:6分;3.不规范:0分",
            "1、规范，得10分；2、基本规范，得6分；3、不规范，得0分",
        ] {
            let numbered = parse_rule(text);
            assert_eq!(
                numbered.params()["grades"],
                "规范:10;基本规范:6;不规范:0",
                "{text}"
            );
        }
        let r = parse_rule("项目资金设立依据是否充分。有批准文件: 2 分;没有批准文件: 0 分。");
        assert_eq!(r.params()["grades"], "有批准文件:2;没有批准文件:0");
        // A grade word that is a core itself keeps its text, though it ends with a shorter
        // core (`齐全` ends with `全` of `不全`).
        let r = parse_rule("齐全得5分;基本齐全得3分;不全得0分");
        assert_eq!(r.params()["grades"], "齐全:5;基本齐全:3;不全:0");
        // Grades numbered in order lose their numbers, whatever the numbering.
        for text in [
            "(1)资料齐全得5分;(2)资料基本齐全得3分;(3)资料不全得0分",
            "①资料齐全得5分;②资料基本齐全得3分;③资料不全得0分",
        ] {
            let r = parse_rule(text);
            assert_eq!(
                r.params()["grades"],
                "资料齐全:5;资料基本齐全:3;资料不全:0",
                "{text}"
            );
        }
        let r = parse_rule("(1)资料齐全得5分;(2)资料不全得0分");
        assert_eq!(r.params()["grades"], "资料齐全:5;资料不全:0");
        // Out of order, or numbers that are the whole word: kept.
        let r = parse_rule("(2)资料齐全得5分;(1)资料不全得0分");
        assert_eq!(r.params()["grades"], "(2)资料齐全:5;(1)资料不全:0");
        let r = parse_rule("①计满分，②计4分，③不得分");
        assert_eq!(r.params()["grades"], "①:full;②:4;③:0");
    }

    #[test]
    fn items_each_with_their_points_in_sentences_add_up() {
        let r = parse_rule("符合国家法律法规、国民经济和社会发展总体规划计1分;符合部门“三定”方案确定的职责计0.5分;是否符合部门制定的中长期实施规划计0.5分。");
        let Rule::Additive(a) = &r else {
            panic!("{r:?}")
        };
        assert_eq!(a.items.len(), 3);
        // An item's own number goes, whatever its form; a year in its name stays.
        for (text, items) in [
            (
                "符合国家法律法规和规划计1分;2、符合部门“三定”方案确定的职责计0.5分",
                "符合国家法律法规和规划:1;符合部门“三定”方案确定的职责:0.5",
            ),
            (
                "(1)符合国家法律法规和规划计1分;符合部门“三定”方案确定的职责计0.5分",
                "符合国家法律法规和规划:1;符合部门“三定”方案确定的职责:0.5",
            ),
            (
                "2023年度项目按期完成验收计2分;项目资金按规定用途使用计1分",
                "2023年度项目按期完成验收:2;项目资金按规定用途使用:1",
            ),
        ] {
            assert_eq!(parse_rule(text).params()["items"], items, "{text}");
        }
        // Grades stay grades.
        assert_eq!(
            parse_rule("规范:3分;基本规范:2分;不规范:0分")
                .kind()
                .as_str(),
            "grade"
        );
    }

    #[test]
    fn seed_satisfaction_rule() {
        let r = parse_rule(
            "采取社会调查的方式，社会公众满意度大于90%的得满分，每少1个百分点扣0.3分，扣完为止。",
        );
        assert_eq!(
            r,
            Rule::Threshold(Threshold {
                metric: Some("社会公众满意度".into()),
                cmp: Cmp::Gt,
                limit: Limit::Value(d("90")),
                unit: Some(Unit::Percent),
                step: d("1"),
                deduct: Deduct::Points(d("0.3")),
                zero_line: None,
                min_score: None,
            })
        );
    }

    #[test]
    fn seed_budget_rule_has_share_and_zero_line() {
        let r = parse_rule(
            "预算执行率=实际支出金额/项目预算金额×100%。\n预算执行率95%以上，得满分；低于95%，每下降1%扣权重的1%；预算执行率60%以下，不计分",
        );
        let Rule::Threshold(t) = r else {
            panic!("{r:?}")
        };
        assert_eq!(t.metric.as_deref(), Some("预算执行率"));
        assert_eq!(t.cmp, Cmp::Ge);
        assert_eq!(t.limit, Limit::Value(d("95")));
        assert_eq!(t.deduct, Deduct::Share(d("1")));
        assert_eq!(t.zero_line, Some((Cmp::Le, d("60"))));
    }

    /// A step's deduction in % (`扣2%`) or as 权重的N% is a share of the weight; in 分 it is
    /// points; so for a deviation either way from the plan.
    #[test]
    fn a_deduction_in_percent_is_a_share_of_the_weight() {
        for (text, want) in [
            (
                "预算执行率95%以上得满分,每下降1%扣2%",
                Deduct::Share(d("2")),
            ),
            (
                "预算执行率95%以上得满分,每下降1%扣2分",
                Deduct::Points(d("2")),
            ),
            (
                "实际完成情况与计划每相差4%,扣权重的10%",
                Deduct::Share(d("10")),
            ),
            ("实际完成情况与计划每相差4%,扣1分", Deduct::Points(d("1"))),
        ] {
            let r = parse_rule(text);
            let Rule::Threshold(t) = &r else {
                panic!("{text}: {r:?}")
            };
            assert_eq!(t.deduct, want, "{text}");
        }
    }

    #[test]
    fn seed_definition_only_is_manual() {
        assert_eq!(
            parse_rule("变动率=[（实际成本-计划成本）/计划成本]×100%。"),
            Rule::Manual(Why::Definition)
        );
    }

    #[test]
    fn seed_checklist() {
        let r = parse_rule("①项目是否按照规定的程序申请设立；\n②文件、材料是否符合相关要求；\n③事前是否已经过必要的可行性研究、专家论证、风险评估、集体决策等。\n一项不符合扣0.5分，严重的此项完全不得分。");
        assert_eq!(
            r,
            Rule::Checklist(Checklist {
                items: Some(3),
                per_item: d("0.5"),
                serious_zero: true,
                equal_split: false,
            })
        );
    }

    #[test]
    fn the_self_evaluation_rule_reads_back() {
        let rule = crate::rule::form::quantitative();
        assert_eq!(parse_rule(&rule.to_string()), rule);
        assert_eq!(
            rule.params().get("basis").map(String::as_str),
            Some("target")
        );
    }

    #[test]
    fn seed_count_and_proportional() {
        assert_eq!(
            parse_rule("项目验收通过率达95%及以上，得满分；未通过一个扣一分，扣完为止。").kind(),
            RuleKind::Count
        );
        assert_eq!(
            parse_rule("对照绩效目标，按经济效益实现程度计算得分。"),
            Rule::Proportional(Proportional {
                basis: Basis::Degree
            })
        );
    }

    #[test]
    fn reverse_rule() {
        let r = parse_rule("在职人员控制率≦100%,计5分;每超过一个百分点扣0.5分");
        let Rule::Threshold(t) = r else {
            panic!("{r:?}")
        };
        assert_eq!(t.cmp, Cmp::Le);
        assert_eq!(t.limit, Limit::Value(d("100")));
        assert_eq!(t.deduct, Deduct::Points(d("0.5")));
    }

    #[test]
    fn bands_and_grades() {
        assert_eq!(
            bands_of("≥95%得满分；90%（含）-95%得3分；<90%不得分").as_deref(),
            Some(">=95:full;[90,95):3;<90:0")
        );
        let g = parse_rule("健全的得10分,基本健全的得6分,不健全的扣10分");
        assert_eq!(
            g.params().get("grades").map(String::as_str),
            Some("健全:10;基本健全:6;不健全:0")
        );
        let g = parse_rule("完成得满分，未完成不得分");
        assert_eq!(
            g.params().get("grades").map(String::as_str),
            Some("完成:full;未完成:0")
        );
    }

    #[test]
    fn additive() {
        let r = parse_rule("设有目标(1分)目标明确(1分)目标细化(1分)");
        assert_eq!(
            r.params().get("items").map(String::as_str),
            Some("设有目标:1;目标明确:1;目标细化:1")
        );
    }

    #[test]
    fn discretionary_and_garbage() {
        assert_eq!(
            parse_rule("视具体情况扣分"),
            Rule::Manual(Why::Discretionary)
        );
        assert_eq!(
            parse_rule("由各省自行制定"),
            Rule::Manual(Why::Discretionary)
        );
        assert_eq!(parse_rule("□□□ W 9 0 %"), Rule::Manual(Why::NotUnderstood));
        assert_eq!(parse_rule(""), Rule::Manual(Why::NotUnderstood));
    }

    /// 要点 listed with circled numbers and nothing else are a checklist of points; a word of
    /// deduction or points after them (扣分, 分) without a number makes it no checklist.
    #[test]
    fn points_only_are_quiet() {
        // Items written bare with their points are two at least, none worth nothing.
        for text in ["制度健全2分", "制度健全2分执行有效0分"] {
            assert_eq!(parse_rule(text).kind(), RuleKind::Manual, "{text}");
        }
        assert_eq!(
            parse_rule("制度健全2分执行有效3分").kind(),
            RuleKind::Additive
        );
        let quiet = parse_rule("评价要点：①制度健全；②执行有效；③资料完整");
        assert_eq!(quiet.kind(), RuleKind::Checklist);
        for text in [
            "评价要点：①制度健全；②执行有效；③资料完整，缺项扣分",
            "评价要点：①制度健全；②执行有效；③资料完整，按要点评分",
        ] {
            assert_eq!(parse_rule(text).kind(), RuleKind::Manual, "{text}");
        }
        // The canonical sentence reads back; with fewer than two points it is no checklist.
        let canonical = quiet.to_string();
        assert_eq!(parse_rule(&canonical), quiet, "{canonical}");
        for n in ["0", "1"] {
            let text = canonical.replacen('3', n, 1);
            assert_eq!(parse_rule(&text).kind(), RuleKind::Manual, "{text}");
        }
    }

    /// A band whose condition is not read leaves the bands unread: dropped, its values would
    /// fall in no band or in the band read from the next clause.
    #[test]
    fn a_band_not_read_leaves_the_bands_unread() {
        for text in [
            "完成率≥90%(含95%)得10分,80%-90%得6分,<80%得0分",
            "完成率≥95%得10分,80%(含85%)-90%得6分,<80%得0分",
            "项目验收合格得10分,80%-90%得6分,<80%得0分",
        ] {
            assert_eq!(parse_rule(text), Rule::Manual(Why::NotUnderstood), "{text}");
        }
        // Inclusion written in words is the mark (`(含90%)`, `(含本数)`).
        for (text, bands) in [
            (
                "完成率≥90%(含90%)得10分,80%(含80%)-90%得6分,<80%得0分",
                ">=90:10;[80,90):6;<80:0",
            ),
            (
                "完成率90%以上(含本数)得10分,80%-90%得6分,80%以下得0分",
                ">=90:10;(80,90):6;<=80:0",
            ),
        ] {
            assert_eq!(bands_of(text).as_deref(), Some(bands), "{text}");
        }
    }

    /// Two bands sharing a stretch of values give one actual value two scores: the rule is not
    /// read (it was scored by the band written first, a false alarm when the filed score took
    /// the other).
    #[test]
    fn overlapping_bands_are_not_read() {
        for text in [
            "60%以上得2分；60%-80%得4分",
            "≥60%得2分；60%-80%得4分；80%以上得6分",
            "80%以下得0分；70%-90%得5分；90%以上得10分",
            "60%以上得2分；60%以上得4分",
            "80%以下得2分；60%-80%得4分",
        ] {
            assert_eq!(parse_rule(text), Rule::Manual(Why::NotUnderstood), "{text}");
        }
        // Bands meeting at one value, or one band inside the gaps of others, are read.
        for (text, bands) in [
            (
                "90%以上得10分；80%-90%得8分；80%以下得0分",
                ">=90:10;(80,90):8;<=80:0",
            ),
            (
                "100%得4分;85-100%得2分;85%以下得0分",
                ">=100:4;(85,100):2;<=85:0",
            ),
        ] {
            assert_eq!(bands_of(text).as_deref(), Some(bands), "{text}");
        }
    }

    /// A per-item deduction on a percentage (每项低于90%扣1分) is no checklist, and a band in
    /// proportion open at one end is no band rule: neither is read.
    #[test]
    fn percent_steps_per_item_and_open_linear_bands_are_not_read() {
        for text in [
            "①制度健全；②执行有效；③资料完整。每项低于90%扣1分",
            "①制度健全；②执行有效；③资料完整。每项低于90个百分点扣1分",
            "低于70%得0分，70%以上线性得分",
        ] {
            assert_eq!(parse_rule(text).kind(), RuleKind::Manual, "{text}");
        }
    }

    fn threshold(text: &str) -> Threshold {
        match parse_rule(text) {
            Rule::Threshold(t) => t,
            other => panic!("{text}: {other:?}"),
        }
    }

    /// A sign before 目标值 is taken as written, whichever way the steps go; without one the
    /// steps say the good side (每低 ≥, 每超过 ≤).
    #[test]
    fn a_sign_before_the_target_is_taken_as_written() {
        for (text, cmp) in [
            ("完成率≥目标值得满分，每低1个百分点扣0.5分", Cmp::Ge),
            ("完成率>目标值得满分，每低1个百分点扣0.5分", Cmp::Gt),
            ("完成率达到目标值得满分，每低1个百分点扣0.5分", Cmp::Ge),
            ("成本≤目标值得满分，每超过1个百分点扣0.5分", Cmp::Le),
            ("成本<目标值得满分，每超过1个百分点扣0.5分", Cmp::Lt),
            ("成本达到目标值得满分，每超过1个百分点扣0.5分", Cmp::Le),
            // A sign against the steps' direction is still the sign written.
            ("完成率≥目标值得满分，每超过1个百分点扣0.5分", Cmp::Ge),
            ("完成率≤目标值得满分，每低1个百分点扣0.5分", Cmp::Le),
        ] {
            let t = threshold(text);
            assert_eq!((t.cmp, t.limit), (cmp, Limit::Target), "{text}");
        }
    }

    /// Two step clauses are one threshold only when they go the same way and cost the same;
    /// either difference alone makes them two rules.
    #[test]
    fn two_step_clauses_must_agree_in_direction_and_cost() {
        for text in [
            "完成率≥90%得满分，每低1个百分点扣0.5分；每高1个百分点扣0.5分",
            "完成率≥90%得满分，每低1个百分点扣0.5分；每低1个百分点扣1分",
        ] {
            assert_eq!(parse_rule(text), Rule::Manual(Why::NotUnderstood), "{text}");
        }
        let same = threshold("完成率≥90%得满分，每低1个百分点扣0.5分；每低1个百分点扣0.5分");
        assert_eq!(same.deduct, Deduct::Points(d("0.5")));
    }

    /// A zero line on the good side of a threshold cannot be meant and is dropped; on the bad
    /// side it stands, with 以上 including the line and 超过 not.
    #[test]
    fn a_zero_line_stands_on_the_bad_side_only() {
        let good_side = threshold("完成率≥90%得满分，每低1个百分点扣1分，低于95%不得分");
        assert_eq!(good_side.zero_line, None);
        let bad_side = threshold("完成率≥90%得满分，每低1个百分点扣1分，低于80%不得分");
        assert_eq!(bad_side.zero_line, Some((Cmp::Lt, d("80"))));
        let over = threshold("支出≤100万元得满分，每超过1万元扣1分，超过110万元不得分");
        assert_eq!(over.zero_line, Some((Cmp::Gt, d("110"))));
        let from = threshold("支出≤100万元得满分，每超过1万元扣1分，高于110万元以上不得分");
        assert_eq!(from.zero_line, Some((Cmp::Ge, d("110"))));
        let signed = threshold("支出≤100万元得满分，每超过1万元扣1分，≥110万元不得分");
        assert_eq!(signed.zero_line, Some((Cmp::Ge, d("110"))));
        // A zero line below the limit of a ceiling is that much over it.
        let points_over =
            threshold("在职人员控制率≤100%得满分，每超过1个百分点扣0.5分，超过10%不得分");
        assert_eq!(points_over.zero_line, Some((Cmp::Gt, d("110"))));
    }

    /// A deviation from the plan in percentage points is measured against 100%; in any other
    /// unit against the row's target.
    #[test]
    fn a_deviation_from_the_plan_is_from_100_percent_or_the_target() {
        let percent = threshold("实际完成情况与计划每相差1个百分点扣0.5分");
        assert_eq!(percent.limit, Limit::Value(Decimal::ONE_HUNDRED));
        let days = threshold("实际完成时间与计划每相差1天扣0.5分");
        assert_eq!((days.limit, days.unit), (Limit::Target, Unit::word("天")));
    }
}

#[cfg(test)]
mod roundtrip {
    use super::*;

    /// parse(display(rule)) == rule for every kind and the variants of each.
    #[test]
    fn canonical_sentences_read_back_to_the_same_rule() {
        let texts = [
            "采取社会调查的方式，社会公众满意度大于90%的得满分，每少1个百分点扣0.3分，扣完为止。",
            "预算执行率95%以上，得满分；低于95%，每下降1%扣权重的1%；预算执行率60%以下，不计分",
            "在职人员控制率≦100%,计5分;每超过一个百分点扣0.5分",
            "达标得满分；每低于达标线1个百分点扣3分",
            "计划建设内容完成100%的得20分,每减少1个百分点扣1分，最低得5分",
            "①…；②…；③… 一项不符合扣0.5分，严重的此项完全不得分。",
            "每少一项扣1分",
            "设有目标(1分)目标明确(1分)目标细化(1分)",
            "≥95%得满分；90%（含）-95%得3分；<90%不得分",
            "健全的得10分,基本健全的得6分,不健全的扣10分",
            "完成得满分，未完成不得分",
            "未通过一个扣一分，扣完为止",
            "每发现1处问题扣0.5分",
            "对照绩效目标，按经济效益实现程度计算得分。",
            "得分=实际完成值/年度指标值×分值",
            "视具体情况扣分",
            "变动率=[（实际成本-计划成本）/计划成本]×100%。",
            "根本看不懂的话",
        ];
        for text in texts {
            let rule = parse_rule(text);
            let shown = rule.to_string();
            assert_eq!(parse_rule(&shown), rule, "{text} → {shown}");
        }
    }
}
