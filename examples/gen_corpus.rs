//! Writes a deterministic corpus of department workbooks for the benchmark (`scripts/bench`).
//!
//! ```text
//! cargo run --release --example gen_corpus -- <N> <DIR>
//! ```
//!
//! This is not part of the tool. It writes `N` workbooks into about 30 department folders under
//! `DIR`, in the two families jixiao reads:
//!
//! - the evaluation table (项目支出绩效评价表): 一级/二级/三级指标 with merged level cells (or
//!   empty continuation cells), 评价标准 taken from `tests/rules/phrases.txt`, 指标分值, 评价得分,
//!   扣分情况, 扣分原因 (one- or two-row header, synonyms such as 评分标准/分值/得分, sometimes an
//!   实际完成值 column), a 合计 row (numbers or `SUM` formulas with cached results) and fact lines
//!   above and below;
//! - the self-evaluation form (项目支出绩效自评表, SPEC §4.1): facts, the budget block
//!   (年初预算数/全年预算数/全年执行数/分值/执行率/得分 and its 其中 rows), 年度总体目标, then
//!   绩效指标 rows with 年度指标值 such as `≥50个`, 实际完成值, 分值, 得分 and
//!   偏差原因分析及改进措施, and a 总分 row.
//!
//! Layouts vary per file: numbers typed as text (`8分`, full-width digits), several project
//! sheets, a 填表说明 notes sheet, a hidden sheet. A share of files carries the mistakes
//! reviewers find: a wrong 扣分情况, a deduction without a reason, weights not adding up to 100,
//! a score above its weight.
//!
//! Some rows no mistake touched are made correct in ways a careless review would flag
//! ([`Checked`]): a bare number in a 不符合项 column (`3` under a criterion listing ①–④)
//! meaning item ③ on half of them and three items on the other half, each filed with the
//! deduction of its reading; and, where the table has a 实际完成值 column (and on 自评表
//! quantity rows), scores whose exact value lies half-way between two hundredths (4.865)
//! filed rounded half up (4.87) or half even / truncated (4.86). `tests/generated.rs` holds
//! the review to nothing above 提示 on them. They are drawn from a second stream
//! ([`Rng::side`]), so the layouts and the planted mistakes are drawn as before.
//!
//! Every file is generated from its own seeded PRNG (its index), so the bytes of file `i` do not
//! depend on `N`, on thread scheduling or on the machine: the same `N` gives identical bytes.
//! Files are written in parallel with rayon (`RAYON_NUM_THREADS` to limit the threads).

use jixiao::rule::{parse::parse_rule, Rule};
use rayon::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, XlsxError,
};
use std::path::{Path, PathBuf};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

// ---------------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------------

/// SplitMix64: tiny, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn for_file(index: u64) -> Self {
        Rng(index.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x6A69_7869_616F_2024)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A second stream, derived from this one's state without drawing from it: what is drawn
    /// from it leaves this stream's draws as they were.
    fn side(&self) -> Rng {
        Rng(self.0 ^ 0x5DEE_CE66_D1CE_4E5B)
    }
}

// ---------------------------------------------------------------------------------------------
// Rows that are correct, though a careless review would flag them
// ---------------------------------------------------------------------------------------------

/// Why a [`Checked`] row is there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A bare number in 不符合项 meaning the item of that number.
    BareItem,
    /// A bare number in 不符合项 meaning that many items.
    BareCount,
    /// An exact score half-way between two hundredths, filed rounded half up.
    HalfUp,
    /// An exact score half-way between two hundredths, filed rounded half even or truncated.
    HalfLow,
}

/// A row the review must find correct: nothing above 提示 on it, its filed score kept.
#[derive(Clone, Debug)]
// Read by the corpus test (tests/generated.rs), not by the generator itself.
#[allow(dead_code)]
pub struct Checked {
    /// Zero-based sheet row.
    pub row: u32,
    /// Why the row is there.
    pub kind: Kind,
    /// What its 评分依据 must say: the reading of a bare number (`不符合项“3”按第3项计`).
    pub basis: Option<String>,
}

/// Checklists of four items, with `{per}` for the points per failed item.
const CHECKLISTS: [&str; 3] = [
    "①是否符合国家相关法律法规和政策要求；②是否与部门职责密切相关；③项目是否为促进事业发展所必需；④项目预期产出效益是否符合正常的业绩水平。一项不符合扣{per}分，严重的此项完全不得分。",
    "①是否已制定或具有相应的管理制度；②管理制度是否合法、合规、完整；③是否严格执行相关管理制度；④项目资料是否齐全并及时归档。每有一项不符合扣{per}分。",
    "①项目是否按规定程序申请设立；②审批文件、材料是否符合要求；③事前是否经过必要的可行性研究、专家论证；④是否经过集体决策。一项不符合扣{per}分，扣完为止。",
];

/// A count rule, with `{per}` for the points per occurrence.
const COUNT_RULE: &str = "每发现1处问题扣{per}分，扣完为止。";

/// The 满意度 rule of the half-way rows: 0.5 per point below 90%.
const SATISFACTION_RULE: &str =
    "服务对象满意度达到90%（含）以上得满分，每降低1个百分点扣0.5分，扣完为止。";

fn dec(x: f64) -> Decimal {
    format!("{x}").parse().unwrap_or_default()
}

fn float(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or_default()
}

/// The first of `tries` values `start`, `start + step`, … whose exact score `f(v)` lies
/// half-way between two hundredths (`0.985`, `8.625`), with that score.
fn half_way(
    start: Decimal,
    step: Decimal,
    tries: u32,
    f: impl Fn(Decimal) -> Option<Decimal>,
) -> Option<(Decimal, Decimal)> {
    (0..tries)
        .map(|k| start + step * Decimal::from(k))
        .find_map(|v| {
            let score = f(v)?.normalize();
            let thousandths = score * Decimal::from(1000);
            (score.scale() == 3 && thousandths % Decimal::from(10) == Decimal::from(5))
                .then_some((v, score))
        })
}

/// A half-way score as a department files it: half up, or half even / truncated.
fn filed_half_way(rng: &mut Rng, exact: Decimal) -> (Decimal, Kind) {
    if rng.chance(0.5) {
        let up = exact.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        (up, Kind::HalfUp)
    } else {
        (
            exact.round_dp_with_strategy(2, RoundingStrategy::ToZero),
            Kind::HalfLow,
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

const DEPARTMENTS: [&str; 30] = [
    "县财政局",
    "县教育体育局",
    "县卫生健康局",
    "县农业农村局",
    "县民政局",
    "县交通运输局",
    "县水务局",
    "县自然资源局",
    "县住房和城乡建设局",
    "县生态环境局",
    "县文化和旅游局",
    "县人力资源和社会保障局",
    "县市场监督管理局",
    "县公安局",
    "县司法局",
    "县林业和草原局",
    "县应急管理局",
    "县退役军人事务局",
    "县医疗保障局",
    "县统计局",
    "县审计局",
    "县科学技术局",
    "县工业和信息化局",
    "县商务局",
    "县乡村振兴局",
    "县档案馆",
    "县融媒体中心",
    "县妇女联合会",
    "县残疾人联合会",
    "县供销合作社",
];

const PROJECTS: [&str; 24] = [
    "预算信息管理平台运维",
    "学生营养改善计划",
    "基本公共卫生服务",
    "高标准农田建设",
    "城乡低保资金",
    "农村公路养护",
    "农村饮水安全巩固提升",
    "国土空间规划编制",
    "老旧小区改造",
    "农村人居环境整治",
    "公共文化服务体系建设",
    "就业创业补助",
    "食品安全抽检",
    "社会治安防控体系建设",
    "法律援助",
    "森林防火",
    "应急物资储备",
    "优抚对象抚恤补助",
    "城乡居民医疗救助",
    "经济普查",
    "科技特派员服务",
    "中小企业发展专项",
    "电子商务进农村综合示范",
    "档案数字化",
];

const UNITS: [&str; 6] = ["个", "次", "人", "户", "公里", "项"];

/// A threshold rule as `phrases.txt` reads it.
#[derive(Clone)]
struct Threshold {
    text: String,
    threshold: f64,
    /// A higher value is the good side (`≥`, `>`).
    higher: bool,
    /// Deduct `deduct` points (or `share`% of the weight) per `step` points of shortfall.
    step: f64,
    deduct: Option<f64>,
    share: Option<f64>,
}

impl Threshold {
    /// The deduction a careful department computes for `value` on an indicator weighing `w`.
    fn deduction(&self, value: f64, w: f64) -> f64 {
        let gap = if self.higher {
            self.threshold - value
        } else {
            value - self.threshold
        };
        if gap <= 0.0 {
            return 0.0;
        }
        let per_step = match (self.deduct, self.share) {
            (Some(d), _) => d,
            (None, Some(p)) => w * p / 100.0,
            (None, None) => w,
        };
        r2((gap / self.step * per_step).min(w))
    }
}

/// 评价标准 texts from `tests/rules/phrases.txt`, split by how they read.
struct Phrases {
    /// Threshold rules (rates: 到位率, 执行率, 满意度 …), with their threshold and whether a
    /// higher value is better.
    threshold: Vec<Threshold>,
    /// Every other phrase (checklists, grades, bands, additive, manual, garbled …), and
    /// whether it reads as additive (its points, which need not add up to the row's weight,
    /// are scored once a 不符合项 column gives the items met).
    other: Vec<(String, bool)>,
}

fn phrases() -> Phrases {
    let mut p = Phrases {
        threshold: Vec::new(),
        other: Vec::new(),
    };
    for line in include_str!("../tests/rules/phrases.txt").lines() {
        if line.starts_with('#') {
            continue;
        }
        let Some((text, reading)) = line.split_once(" ⟹ ") else {
            continue;
        };
        let text = text.replace("\\n", "\n");
        let mut words = reading.split_whitespace();
        let kind = words.next().unwrap_or("");
        let keys: Vec<(&str, &str)> = words.filter_map(|w| w.split_once('=')).collect();
        let key = |k: &str| keys.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
        match (kind, key("threshold").and_then(|t| t.parse::<f64>().ok())) {
            ("threshold", Some(t)) if key("unit") == Some("%") => {
                let num = |k: &str| key(k).and_then(|v| v.parse::<f64>().ok());
                p.threshold.push(Threshold {
                    text,
                    threshold: t,
                    higher: key("cmp").is_some_and(|c| c.starts_with('>')),
                    step: num("step").unwrap_or(1.0),
                    deduct: num("deduct"),
                    share: num("deduct_share"),
                });
            }
            _ => {
                // Garbled lines (`any`) may read as additive too: ask the parser.
                let additive = matches!(parse_rule(&text), Rule::Additive(_));
                p.other.push((text, additive));
            }
        }
    }
    p
}

// ---------------------------------------------------------------------------------------------
// A sheet as data
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum V {
    Blank,
    S(String),
    N(f64),
    /// A formula and its cached result.
    F(String, f64),
}

fn s(text: impl Into<String>) -> V {
    V::S(text.into())
}

/// How cells of a row are formatted.
#[derive(Clone, Copy, PartialEq)]
enum Style {
    Title,
    Plain,
    Header,
    Table,
}

struct Row {
    cells: Vec<V>,
    style: Style,
}

#[derive(Default)]
struct SheetData {
    name: String,
    hidden: bool,
    rows: Vec<Row>,
    /// (first row, first col, last row, last col), zero-based.
    merges: Vec<(u32, u16, u32, u16)>,
    widths: Vec<f64>,
    /// The rows the review must find correct.
    checked: Vec<Checked>,
}

impl SheetData {
    fn push(&mut self, style: Style, cells: Vec<V>) -> u32 {
        self.rows.push(Row { cells, style });
        self.rows.len() as u32 - 1
    }
}

/// Rounds to 2 places (half away from zero).
fn r2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A number as a department typed it: mostly a number cell, sometimes text.
fn num(rng: &mut Rng, x: f64, as_text: bool) -> V {
    if !as_text {
        return V::N(x);
    }
    let plain = format!("{}", r2(x));
    match rng.below(4) {
        0 => s(format!("{plain}分")),
        1 => s(plain
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
                '.' => '．',
                _ => c,
            })
            .collect::<String>()),
        2 => s(format!("{plain} 分")),
        _ => s(plain),
    }
}

/// Merges equal consecutive level cells of column `col` in rows `first..=last` (or blanks the
/// repeats), never crossing a boundary of the column `parent`.
fn merge_levels(sheet: &mut SheetData, first: u32, last: u32, col: usize, merge: bool) {
    let text = |sh: &SheetData, r: u32| match &sh.rows[r as usize].cells[col] {
        V::S(t) => t.clone(),
        _ => String::new(),
    };
    let mut start = first;
    while start <= last {
        let name = text(sheet, start);
        let mut end = start;
        while end < last && text(sheet, end + 1) == name {
            end += 1;
        }
        if end > start {
            for r in start + 1..=end {
                sheet.rows[r as usize].cells[col] = V::Blank;
            }
            if merge {
                sheet.merges.push((start, col as u16, end, col as u16));
            }
        }
        start = end + 1;
    }
}

// ---------------------------------------------------------------------------------------------
// The evaluation table (项目支出绩效评价表)
// ---------------------------------------------------------------------------------------------

/// (一级, 二级, 三级, is a rate) of the 2020 reference framework.
const FRAMEWORK: [(&str, &str, &str, bool); 20] = [
    ("决策", "项目立项", "立项依据充分性", false),
    ("决策", "项目立项", "立项程序规范性", false),
    ("决策", "绩效目标", "绩效目标合理性", false),
    ("决策", "绩效目标", "绩效指标明确性", false),
    ("决策", "资金投入", "预算编制科学性", false),
    ("决策", "资金投入", "资金分配合理性", false),
    ("过程", "资金管理", "资金到位率", true),
    ("过程", "资金管理", "预算执行率", true),
    ("过程", "资金管理", "资金使用合规性", false),
    ("过程", "组织实施", "管理制度健全性", false),
    ("过程", "组织实施", "制度执行有效性", false),
    ("产出", "产出数量", "实际完成率", true),
    ("产出", "产出质量", "质量达标率", true),
    ("产出", "产出时效", "完成及时性", false),
    ("产出", "产出成本", "成本节约率", true),
    ("效益", "项目效益", "社会效益", false),
    ("效益", "项目效益", "经济效益", false),
    ("效益", "项目效益", "生态效益", false),
    ("效益", "项目效益", "可持续影响", false),
    ("效益", "满意度", "服务对象满意度", true),
];

const LEVEL1_WEIGHTS: [[f64; 4]; 4] = [
    [20.0, 20.0, 30.0, 30.0],
    [15.0, 20.0, 40.0, 25.0],
    [10.0, 20.0, 40.0, 30.0],
    [20.0, 25.0, 30.0, 25.0],
];

/// One level3 row of an evaluation table.
struct EvalRow {
    l1: String,
    l2: String,
    l3: String,
    criterion: String,
    weight: f64,
    score: f64,
    deduction: f64,
    reason: String,
    actual: String,
    /// The criterion reads as additive.
    additive: bool,
    /// The deduction was 0 as drawn, mistakes included (before [`check_rows`]).
    drawn_zero: bool,
    /// A bare number in 不符合项.
    failed: Option<u32>,
    /// Why the row must be found correct, if it was made for that.
    check: Option<(Kind, Option<String>)>,
}

/// Splits `total` over `n` children in half points.
fn split(rng: &mut Rng, total: f64, n: usize) -> Vec<f64> {
    let mut left = total;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        if i + 1 == n {
            out.push(left);
        } else {
            let base = total / n as f64;
            let jitter = (rng.below(3) as f64 - 1.0) * 0.5 * f64::from(u8::from(base >= 3.0));
            let w = ((base + jitter) * 2.0).round() / 2.0;
            out.push(w);
            left -= w;
        }
    }
    out
}

/// What an evaluation table carries besides its rows: a 不符合项 column (and bare numbers in
/// it), and half-way scores (which need the 实际完成值 column).
#[derive(Clone, Copy)]
struct Extras {
    failed_column: bool,
    half_way: bool,
}

/// The rows of an evaluation table with the mistakes planted in them, and the indices of the
/// rows the mistakes touched (a deduction rounded its own way included).
fn eval_rows(
    rng: &mut Rng,
    ph: &Phrases,
    mistakes: &mut Vec<&'static str>,
) -> (Vec<EvalRow>, Vec<usize>) {
    let weights = *rng.pick(&LEVEL1_WEIGHTS);
    let mut rows = Vec::new();
    let mut touched = Vec::new();
    for (k, l1) in ["决策", "过程", "产出", "效益"].iter().enumerate() {
        let items: Vec<_> = FRAMEWORK
            .iter()
            .filter(|f| f.0 == *l1)
            // Departments drop an indicator now and then.
            .filter(|_| rng.below(6) != 0)
            .collect();
        let items = if items.is_empty() {
            FRAMEWORK.iter().filter(|f| f.0 == *l1).take(1).collect()
        } else {
            items
        };
        let ws = split(rng, weights[k], items.len());
        for (&&(_, l2, l3, rate), w) in items.iter().zip(ws) {
            let mut own_way = false;
            let (criterion, actual, deduction, additive) = if rate && !ph.threshold.is_empty() {
                let rule = rng.pick(&ph.threshold).clone();
                let (t, higher) = (rule.threshold, rule.higher);
                let met = rng.chance(0.7);
                let value = match (met, higher) {
                    (true, true) => t + rng.below(6) as f64,
                    (true, false) => (t - rng.below(6) as f64).max(0.0),
                    (false, true) => (t - 1.0 - rng.below(8) as f64).max(0.0),
                    (false, false) => t + 1.0 + rng.below(8) as f64,
                };
                // Most departments apply the rule; some round the deduction their own way.
                let d = if met || rng.chance(0.85) {
                    rule.deduction(value, w)
                } else {
                    own_way = true;
                    (0.5 * (1 + rng.below(4)) as f64).min(w)
                };
                (rule.text, format!("{value}%"), d, false)
            } else {
                let (text, additive) = rng.pick(&ph.other).clone();
                let d = if rng.chance(0.3) {
                    (0.5 * (1 + rng.below(4)) as f64).min(w)
                } else {
                    0.0
                };
                (text, String::new(), d, additive)
            };
            let reason = if deduction > 0.0 {
                if actual.is_empty() {
                    format!("{l3}存在不足，扣{deduction}分")
                } else {
                    format!("{l3}为{actual}，未达到标准，扣{deduction}分")
                }
            } else {
                String::new()
            };
            rows.push(EvalRow {
                l1: format!("{l1}({}分)", weights[k]),
                l2: l2.to_string(),
                l3: l3.to_string(),
                criterion,
                weight: w,
                score: w - deduction,
                deduction,
                reason,
                actual,
                additive,
                drawn_zero: false,
                failed: None,
                check: None,
            });
            if own_way {
                touched.push(rows.len() - 1);
            }
        }
    }
    // Mistakes reviewers find.
    if rng.chance(0.08) {
        let i = rng.below(rows.len());
        rows[i].deduction += 0.5;
        touched.push(i);
        mistakes.push("wrong deduction");
    }
    if rng.chance(0.06) {
        if let Some(i) = rows.iter().position(|r| r.deduction > 0.0) {
            rows[i].reason.clear();
            touched.push(i);
            mistakes.push("missing reason");
        }
    }
    if rng.chance(0.05) {
        let i = rng.below(rows.len());
        rows[i].weight += 1.0;
        rows[i].score += 1.0;
        touched.push(i);
        mistakes.push("weights not 100");
    }
    if rng.chance(0.03) {
        let i = rng.below(rows.len());
        rows[i].score = rows[i].weight + 1.0;
        touched.push(i);
        mistakes.push("score above weight");
    }
    for row in &mut rows {
        row.drawn_zero = row.deduction == 0.0;
    }
    (rows, touched)
}

/// Turns some rows no mistake touched into [`Checked`] ones, drawing from `rng` (a side
/// stream): bare numbers when the table has a 不符合项 column, half-way scores when it has a
/// 实际完成值 column.
fn check_rows(rng: &mut Rng, rows: &mut [EvalRow], touched: &[usize], extras: Extras) {
    for (i, row) in rows.iter_mut().enumerate() {
        if touched.contains(&i) {
            continue;
        }
        let rate = !row.actual.is_empty();
        if extras.failed_column && !rate && row.weight >= 1.5 && rng.chance(0.35) {
            bare_number(rng, row);
        } else if extras.half_way && rng.chance(0.5) {
            match row.l3.as_str() {
                "社会效益" | "经济效益" | "生态效益" | "可持续影响" => {
                    half_way_degree(rng, row)
                }
                "服务对象满意度" => half_way_satisfaction(rng, row),
                _ => {}
            }
        }
    }
}

/// Makes `row` a checklist (or, for some counts, a count rule) with a bare number in
/// 不符合项: item n (a deduction of one item) or n items (n deductions), n from 2 to 4, so the
/// two readings differ.
fn bare_number(rng: &mut Rng, row: &mut EvalRow) {
    let per = if row.weight >= 4.0 && rng.chance(0.5) {
        1.0
    } else {
        0.5
    };
    let n = 2 + rng.below(3) as u32;
    let as_item = rng.chance(0.5);
    let count_rule = !as_item && rng.chance(0.25);
    let text = if count_rule {
        COUNT_RULE
    } else {
        *rng.pick(&CHECKLISTS)
    };
    row.criterion = text.replace("{per}", &format!("{per}"));
    let (deduction, reason, label) = if as_item {
        (
            per,
            format!("第{n}项不符合要求，扣{per}分"),
            format!("按第{n}项计"),
        )
    } else {
        let d = (f64::from(n) * per).min(row.weight);
        let counter = if count_rule { "处" } else { "项" };
        (
            d,
            format!("{n}{counter}不符合要求，扣{d}分"),
            format!("按{n}{counter}计"),
        )
    };
    row.deduction = deduction;
    row.score = row.weight - deduction;
    row.reason = reason;
    row.actual.clear();
    row.failed = Some(n);
    let kind = if as_item {
        Kind::BareItem
    } else {
        Kind::BareCount
    };
    row.check = Some((kind, Some(format!("不符合项“{n}”{label}"))));
}

/// Makes `row` a 实现程度 row (score = weight × degree) whose exact score is half-way between
/// two hundredths, filed rounded one way or the other.
fn half_way_degree(rng: &mut Rng, row: &mut EvalRow) {
    let w = dec(row.weight);
    let start = Decimal::new(8500 + rng.below(900) as i64, 2);
    let found = half_way(start, Decimal::new(1, 2), 600, |p| {
        (p < Decimal::from(100)).then(|| w * p / Decimal::from(100))
    });
    let Some((p, exact)) = found else { return };
    let (filed, kind) = filed_half_way(rng, exact);
    let deduction = w - filed;
    row.criterion = format!("对照绩效目标，按{}实现程度计算得分。", row.l3);
    let p = p.normalize();
    row.actual = format!("{p}%");
    row.score = float(filed);
    row.deduction = float(deduction);
    row.reason = format!("{}实现程度为{p}%，扣{deduction}分", row.l3);
    row.check = Some((kind, None));
}

/// Makes `row` a 满意度 row below the 90% of [`SATISFACTION_RULE`] whose exact score is
/// half-way between two hundredths, filed rounded one way or the other.
fn half_way_satisfaction(rng: &mut Rng, row: &mut EvalRow) {
    let w = dec(row.weight);
    let limit = Decimal::from(90);
    let start = Decimal::new(8000 + rng.below(800) as i64, 2);
    let found = half_way(start, Decimal::new(1, 2), 1000, |a| {
        let d = (limit - a) / Decimal::TWO;
        (a < limit && d < w).then(|| w - d)
    });
    let Some((a, exact)) = found else { return };
    let a = a.normalize();
    let (filed, kind) = filed_half_way(rng, exact);
    let deduction = w - filed;
    row.criterion = SATISFACTION_RULE.to_string();
    row.actual = format!("{a}%");
    row.score = float(filed);
    row.deduction = float(deduction);
    row.reason = format!("服务对象满意度为{a}%，扣{deduction}分");
    row.check = Some((kind, None));
}

fn grade(total: f64) -> &'static str {
    match total {
        t if t >= 90.0 => "优",
        t if t >= 80.0 => "良",
        t if t >= 60.0 => "中",
        _ => "差",
    }
}

fn eval_sheet(
    rng: &mut Rng,
    ph: &Phrases,
    name: &str,
    project: &str,
    dept: &str,
    mistakes: &mut Vec<&'static str>,
) -> SheetData {
    let (mut rows, touched) = eval_rows(rng, ph, mistakes);
    let two_row = rng.chance(0.35);
    let with_actual = rng.chance(0.3);
    let as_text = rng.chance(0.2);
    let merge = rng.chance(0.8);
    let formulas = rng.chance(0.3);
    let criterion_title = *rng.pick(&["评价标准", "评价标准", "评分标准", "评分细则"]);
    let weight_title = *rng.pick(&["指标分值", "指标分值", "分值", "指标分值（分）"]);
    let score_title = *rng.pick(&["评价得分", "评价得分", "得分"]);
    let l1_title = if rng.chance(0.2) {
        "一级\n指标"
    } else {
        "一级指标"
    };
    // Drawn from a side stream, so that the layout and the mistakes are as they were. A
    // 不符合项 column makes every row scorable from it: it goes only into tables without an
    // additive criterion, whose points (paired with the row's weight at random here) would
    // not add up to the weight.
    let mut side = rng.side();
    let extras = Extras {
        failed_column: side.chance(0.8) && !rows.iter().any(|r| r.additive),
        half_way: with_actual,
    };
    check_rows(&mut side, &mut rows, &touched, extras);

    let mut cols: Vec<(&str, Option<&str>)> = vec![
        (l1_title, None),
        ("二级指标", None),
        ("三级指标", None),
        (criterion_title, None),
    ];
    if with_actual {
        cols.push(("实际完成值", None));
    }
    if extras.failed_column {
        cols.push(("不符合项", None));
    }
    cols.push((weight_title, None));
    cols.push((score_title, None));
    if two_row {
        cols.push(("扣分情况", Some("扣分")));
        cols.push(("扣分情况", Some("扣分原因")));
    } else {
        cols.push(("扣分情况", None));
        cols.push(("扣分原因", None));
    }
    let ncol = cols.len();
    let c_weight = cols.iter().position(|c| c.0 == weight_title).unwrap_or(4);

    let mut sh = SheetData {
        name: name.to_string(),
        ..Default::default()
    };
    let title = format!("{project}项目支出绩效评价表");
    let r = sh.push(Style::Title, vec![s(title)]);
    sh.merges.push((r, 0, r, ncol as u16 - 1));
    sh.push(
        Style::Plain,
        vec![
            s("项目名称"),
            s(format!("{project}项目")),
            B,
            s("主管部门"),
            s(dept),
        ],
    );
    if rng.chance(0.5) {
        sh.push(
            Style::Plain,
            vec![s("实施单位"), s(dept), B, s("评价年度"), s("2024年")],
        );
    }
    let header_row = sh.push(
        Style::Header,
        cols.iter().map(|c| s(c.0.to_string())).collect(),
    );
    if two_row {
        let subs = cols
            .iter()
            .map(|c| c.1.map(s).unwrap_or(V::Blank))
            .collect();
        let r2row = sh.push(Style::Header, subs);
        for (i, c) in cols.iter().enumerate() {
            if c.1.is_none() {
                sh.merges.push((header_row, i as u16, r2row, i as u16));
            }
        }
        let first = cols.iter().position(|c| c.1.is_some()).unwrap_or(0);
        sh.merges
            .push((header_row, first as u16, header_row, first as u16 + 1));
        sh.rows[header_row as usize].cells[first + 1] = V::Blank;
    }
    let first = sh.rows.len() as u32;
    for row in &rows {
        let mut cells = vec![
            s(row.l1.clone()),
            s(row.l2.clone()),
            s(row.l3.clone()),
            s(row.criterion.clone()),
        ];
        if with_actual {
            cells.push(if row.actual.is_empty() {
                s("达到要求")
            } else {
                s(row.actual.clone())
            });
        }
        if extras.failed_column {
            cells.push(match row.failed {
                Some(n) if as_text => s(n.to_string()),
                Some(n) => V::N(f64::from(n)),
                None => V::Blank,
            });
        }
        cells.push(num(rng, row.weight, as_text));
        cells.push(num(rng, row.score, as_text));
        // Drawn as for the row before check_rows changed it, so that what follows is too.
        let blank = row.drawn_zero && rng.chance(0.5);
        cells.push(match (blank, row.deduction == 0.0) {
            (true, true) => V::Blank,
            (true, false) => V::N(row.deduction),
            (false, _) => num(rng, row.deduction, as_text),
        });
        cells.push(if row.reason.is_empty() {
            V::Blank
        } else {
            s(row.reason.clone())
        });
        sh.push(Style::Table, cells);
    }
    let last = sh.rows.len() as u32 - 1;
    merge_levels(&mut sh, first, last, 0, merge);
    merge_levels(&mut sh, first, last, 1, merge);

    let total_w: f64 = rows.iter().map(|r| r.weight).sum();
    let total_s: f64 = r2(rows.iter().map(|r| r.score).sum());
    let total_d: f64 = r2(rows.iter().map(|r| r.deduction).sum());
    let label = *rng.pick(&["合计", "合计", "总计", "总分"]);
    let mut total = vec![s(label)];
    total.resize(c_weight, V::Blank);
    let (top, bottom) = (first + 1, last + 1);
    let col_letter = |c: usize| ((b'A' + c as u8) as char).to_string();
    for (k, value) in [total_w, total_s, total_d].into_iter().enumerate() {
        let c = col_letter(c_weight + k);
        total.push(if formulas {
            V::F(format!("=SUM({c}{top}:{c}{bottom})"), value)
        } else {
            V::N(value)
        });
    }
    total.push(V::Blank);
    let tr = sh.push(Style::Table, total);
    sh.merges.push((tr, 0, tr, c_weight as u16 - 1));
    sh.push(Style::Plain, vec![]);
    sh.push(
        Style::Plain,
        vec![s(format!("评定等级：{}", grade(total_s)))],
    );
    if rng.chance(0.5) {
        sh.push(Style::Plain, vec![s(format!("自评得分：{total_s}"))]);
    }
    sh.push(
        Style::Plain,
        vec![s("评价人员签字："), B, B, s("日期：2025年3月")],
    );
    sh.widths = vec![10.0, 12.0, 16.0, 40.0];
    if with_actual {
        sh.widths.push(10.0);
    }
    if extras.failed_column {
        sh.widths.push(8.0);
    }
    sh.widths.extend([8.0, 8.0, 8.0, 30.0]);
    sh.checked = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            r.check.clone().map(|(kind, basis)| Checked {
                row: first + i as u32,
                kind,
                basis,
            })
        })
        .collect();
    sh
}

const B: V = V::Blank;

// ---------------------------------------------------------------------------------------------
// The self-evaluation form (项目支出绩效自评表)
// ---------------------------------------------------------------------------------------------

/// (一级, 二级, 三级 name stems) of the self-evaluation form.
const SELF_LEVEL2: [(&str, &str, &[&str]); 9] = [
    (
        "产出指标",
        "数量指标",
        &["完成数量", "覆盖人数", "实施项目数"],
    ),
    ("产出指标", "质量指标", &["验收合格率", "资金使用合规率"]),
    ("产出指标", "时效指标", &["完成及时率", "资金拨付及时性"]),
    ("产出指标", "成本指标", &["项目总成本", "单位成本"]),
    (
        "效益指标",
        "社会效益指标",
        &["群众生活改善程度", "服务水平提升"],
    ),
    ("效益指标", "经济效益指标", &["带动增收"]),
    ("效益指标", "生态效益指标", &["环境改善情况"]),
    ("效益指标", "可持续影响指标", &["长效管理机制"]),
    ("满意度指标", "服务对象满意度指标", &["服务对象满意度"]),
];

struct SelfRow {
    l1: String,
    l2: &'static str,
    l3: String,
    target: String,
    actual: V,
    weight: f64,
    score: f64,
    reason: String,
    /// Why the row must be found correct, if it was made for that.
    check: Option<Kind>,
}

/// Deviation reasons of the self-evaluation form.
const DEVIATION_REASONS: [&str; 3] = [
    "受资金拨付进度影响，部分任务延后，下一步加快实施进度",
    "因天气原因工期延误，已督促施工单位加快进度",
    "目标设定偏高，今后科学设定绩效目标",
];

fn self_rows(
    rng: &mut Rng,
    side: &mut Rng,
    half_way: bool,
    mistakes: &mut Vec<&'static str>,
) -> Vec<SelfRow> {
    let mut rows = Vec::new();
    for (l1, total) in [("产出指标", 50.0), ("效益指标", 30.0), ("满意度指标", 10.0)] {
        let mut picks = Vec::new();
        for &(a, l2, names) in SELF_LEVEL2.iter().filter(|x| x.0 == l1) {
            let _ = a;
            for name in names {
                if picks.is_empty() || rng.below(4) != 0 {
                    picks.push((l2, *name));
                }
            }
        }
        let ws = split(rng, total, picks.len());
        for ((l2, name), w) in picks.into_iter().zip(ws) {
            let (target, actual, ratio) = match rng.below(6) {
                // ≥N unit (quantity)
                0 | 1 => {
                    let t = (5 + rng.below(200)) as f64;
                    let unit = *rng.pick(&UNITS);
                    let a = if rng.chance(0.75) {
                        t + rng.below(5) as f64
                    } else if rng.chance(0.3) {
                        t * 1.5
                    } else {
                        (t * (0.6 + 0.05 * rng.below(8) as f64)).round()
                    };
                    let shown = if rng.chance(0.5) {
                        V::N(a)
                    } else {
                        s(format!("{a}{unit}"))
                    };
                    (format!("≥{t}{unit}"), shown, (a / t).min(1.0))
                }
                // ≥N% (rate)
                2 => {
                    let t = (85 + rng.below(16)) as f64;
                    let a = if rng.chance(0.8) {
                        100f64.min(t + rng.below(5) as f64)
                    } else {
                        t - 1.0 - rng.below(10) as f64
                    };
                    let target = if rng.chance(0.15) {
                        format!("≥{t}百分比")
                    } else {
                        format!("≥{t}%")
                    };
                    (target, s(format!("{a}%")), (a / t).min(1.0))
                }
                // ≤N 万元 (cost, reverse)
                3 => {
                    let t = (10 + rng.below(300)) as f64;
                    let a = if rng.chance(0.8) {
                        t - rng.below(5) as f64
                    } else {
                        t * 1.1
                    };
                    let ratio = if a <= t {
                        1.0
                    } else {
                        (1.0 - (a - t) / t).max(0.0)
                    };
                    (format!("≤{t}万元"), V::N(r2(a)), ratio)
                }
                // qualitative
                _ => {
                    let target =
                        *rng.pick(&["效果明显", "有所提升", "按时完成", "逐步建立", "明显改善"]);
                    let k = rng.below(10);
                    let (actual, ratio) = if k < 8 {
                        ("达成年度指标", 1.0)
                    } else if k < 9 {
                        ("部分达成年度指标并具有一定效果", 0.7)
                    } else {
                        ("未达成年度指标且效果较差", 0.4)
                    };
                    (target.to_string(), s(actual), ratio)
                }
            };
            let score = r2(w * ratio);
            let reason = if score < w {
                *rng.pick(&DEVIATION_REASONS)
            } else {
                ""
            };
            rows.push(SelfRow {
                l1: format!("{l1}({total}分)"),
                l2,
                l3: name.to_string(),
                target,
                actual,
                weight: w,
                score,
                reason: reason.to_string(),
                check: None,
            });
        }
    }
    // Mistakes, and the rows they touch.
    let mut touched = Vec::new();
    if rng.chance(0.08) {
        if let Some(i) = rows.iter().position(|r| r.score < r.weight) {
            rows[i].reason.clear();
            touched.push(i);
            mistakes.push("missing deviation reason");
        }
    }
    if rng.chance(0.05) {
        let i = rng.below(rows.len());
        rows[i].weight += 2.0;
        rows[i].score += 2.0;
        touched.push(i);
        mistakes.push("weights not 100");
    }
    if half_way {
        for (i, row) in rows.iter_mut().enumerate() {
            if !touched.contains(&i) && side.chance(0.4) {
                half_way_quantity(side, row);
            }
        }
    }
    rows
}

/// Makes a quantity row (`≥N个`) one whose exact score, weight × actual / target, is half-way
/// between two hundredths, filed rounded one way or the other.
fn half_way_quantity(rng: &mut Rng, row: &mut SelfRow) {
    let Some(unit) = UNITS
        .iter()
        .find(|u| row.target.starts_with('≥') && row.target.ends_with(*u))
    else {
        return;
    };
    let w = dec(row.weight);
    let t = Decimal::from(*rng.pick(&[40, 80, 125, 200, 250, 400]));
    let start = (t * Decimal::new(6, 1)).floor() + Decimal::from(rng.below(20) as u32);
    let found = half_way(start, Decimal::ONE, 400, |a| (a < t).then(|| w * a / t));
    let Some((a, exact)) = found else { return };
    let (filed, kind) = filed_half_way(rng, exact);
    row.target = format!("≥{t}{unit}");
    row.actual = if rng.chance(0.5) {
        V::N(float(a))
    } else {
        s(format!("{a}{unit}"))
    };
    row.score = float(filed);
    row.reason = rng.pick(&DEVIATION_REASONS).to_string();
    row.check = Some(kind);
}

fn self_sheet(
    rng: &mut Rng,
    name: &str,
    project: &str,
    dept: &str,
    mistakes: &mut Vec<&'static str>,
) -> SheetData {
    let mut sh = SheetData {
        name: name.to_string(),
        ..Default::default()
    };
    let as_text = rng.chance(0.15);
    let merge = rng.chance(0.85);
    let r = sh.push(Style::Title, vec![s("项目支出绩效自评表")]);
    sh.merges.push((r, 0, r, 8));
    let r = sh.push(Style::Plain, vec![s("（2024年度）")]);
    sh.merges.push((r, 0, r, 8));
    let r = sh.push(
        Style::Table,
        vec![
            s("项目名称"),
            s(format!("{project}项目")),
            B,
            B,
            B,
            B,
            B,
            B,
            B,
        ],
    );
    sh.merges.push((r, 1, r, 8));
    let r = sh.push(
        Style::Table,
        vec![
            s("主管部门"),
            s(dept),
            B,
            B,
            s("实施单位"),
            s(dept),
            B,
            B,
            B,
        ],
    );
    sh.merges.push((r, 1, r, 3));
    sh.merges.push((r, 5, r, 8));

    // Budget block.
    let budget = (20 + rng.below(500)) as f64;
    let adjusted = if rng.chance(0.8) {
        budget
    } else {
        r2(budget * 0.95)
    };
    let spent = if rng.chance(0.7) {
        adjusted
    } else {
        r2(adjusted * (0.8 + 0.01 * rng.below(20) as f64))
    };
    let rate = spent / adjusted;
    let bscore = r2(10.0 * rate.min(1.0));
    let h = sh.push(
        Style::Table,
        vec![
            s("项目资金（万元）"),
            B,
            s("年初预算数"),
            s("全年预算数"),
            s("全年执行数"),
            s("分值"),
            s("执行率"),
            s("得分"),
            B,
        ],
    );
    sh.merges.push((h, 0, h, 1));
    let shown_rate = if rng.chance(0.5) {
        V::N(r2(rate))
    } else {
        s(format!("{}%", r2(rate * 100.0)))
    };
    let total_left_zero = rng.chance(0.04);
    if total_left_zero {
        mistakes.push("budget total left 0");
    }
    let z = |x: f64| if total_left_zero { 0.0 } else { x };
    sh.push(
        Style::Table,
        vec![
            B,
            B,
            V::N(z(budget)),
            V::N(z(adjusted)),
            V::N(z(spent)),
            V::N(10.0),
            shown_rate,
            num(rng, bscore, as_text),
            B,
        ],
    );
    let r = sh.rows.len() as u32 - 1;
    sh.rows[r as usize].cells[0] = s("年度资金总额");
    sh.merges.push((r, 0, r, 1));
    for (label, value) in [
        ("其中：本年财政拨款", adjusted),
        ("上年结转资金", 0.0),
        ("其他资金", 0.0),
    ] {
        let v = |x: f64| if x == 0.0 { V::Blank } else { V::N(x) };
        let r = sh.push(
            Style::Table,
            vec![
                s(label),
                B,
                v(budget.min(value)),
                v(value),
                v(spent.min(value)),
                B,
                B,
                B,
                B,
            ],
        );
        sh.merges.push((r, 0, r, 1));
    }
    let r = sh.push(
        Style::Table,
        vec![
            s("年度总体目标"),
            s("预期目标"),
            B,
            B,
            B,
            s("实际完成情况"),
            B,
            B,
            B,
        ],
    );
    sh.merges.push((r, 1, r, 4));
    sh.merges.push((r, 5, r, 8));
    let r = sh.push(
        Style::Table,
        vec![
            B,
            s(format!(
                "按计划完成{project}项目各项任务，资金使用规范，群众满意度达到90%以上。"
            )),
            B,
            B,
            B,
            s("已按计划完成年度任务，资金使用规范。"),
            B,
            B,
            B,
        ],
    );
    sh.merges.push((r - 1, 0, r, 0));
    sh.merges.push((r, 1, r, 4));
    sh.merges.push((r, 5, r, 8));

    // Indicators.
    let mut side = rng.side();
    let half_way = side.chance(0.5);
    let rows = self_rows(rng, &mut side, half_way, mistakes);
    let target_title = *rng.pick(&["年度指标值", "年度指标值", "目标值"]);
    let actual_title = *rng.pick(&["实际完成值", "实际完成值", "实际值"]);
    let weight_title = *rng.pick(&["分值", "分值", "权重"]);
    let score_title = *rng.pick(&["得分", "自评得分"]);
    let reason_title = *rng.pick(&[
        "偏差原因分析及改进措施",
        "偏差原因分析及改进措施",
        "偏差原因",
    ]);
    let header = sh.push(
        Style::Header,
        vec![
            s("绩效指标"),
            s("一级指标"),
            s("二级指标"),
            s("三级指标"),
            s(target_title),
            s(actual_title),
            s(weight_title),
            s(score_title),
            s(reason_title),
        ],
    );
    let first = sh.rows.len() as u32;
    for row in &rows {
        sh.push(
            Style::Table,
            vec![
                B,
                s(row.l1.clone()),
                s(row.l2),
                s(row.l3.clone()),
                s(row.target.clone()),
                row.actual.clone(),
                num(rng, row.weight, as_text),
                num(rng, row.score, as_text),
                if row.reason.is_empty() {
                    B
                } else {
                    s(row.reason.clone())
                },
            ],
        );
    }
    let last = sh.rows.len() as u32 - 1;
    sh.rows[header as usize].cells[0] = s("绩效指标");
    sh.merges.push((header, 0, last, 0));
    merge_levels(&mut sh, first, last, 1, merge);
    merge_levels(&mut sh, first, last, 2, merge);
    let total_w: f64 = 10.0 + rows.iter().map(|r| r.weight).sum::<f64>();
    let total_s = r2(bscore + rows.iter().map(|r| r.score).sum::<f64>());
    let r = sh.push(
        Style::Table,
        vec![s("总分"), B, B, B, B, B, V::N(total_w), V::N(total_s), B],
    );
    sh.merges.push((r, 0, r, 5));
    sh.push(Style::Plain, vec![]);
    sh.push(
        Style::Plain,
        vec![s(format!("自评等级：{}", grade(total_s)))],
    );
    sh.push(Style::Plain, vec![s("填报人：        联系电话：")]);
    sh.widths = vec![6.0, 14.0, 14.0, 18.0, 14.0, 14.0, 7.0, 7.0, 30.0];
    sh.checked = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            r.check.map(|kind| Checked {
                row: first + i as u32,
                kind,
                basis: None,
            })
        })
        .collect();
    sh
}

fn notes_sheet(hidden: bool) -> SheetData {
    let mut sh = SheetData {
        name: if hidden { "参数" } else { "填表说明" }.to_string(),
        hidden,
        ..Default::default()
    };
    for line in [
        "填表说明：",
        "1. 一级指标、二级指标按财预〔2020〕10号《项目支出绩效评价管理办法》设置。",
        "2. 评价得分保留两位小数；扣分须填写扣分原因。",
        "3. 评价等级：90分（含）以上为优，80分（含）至90分为良，60分（含）至80分为中，60分以下为差。",
    ] {
        sh.push(Style::Plain, vec![s(line)]);
    }
    sh.widths = vec![80.0];
    sh
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

struct Formats {
    title: Format,
    plain: Format,
    header: Format,
    table: Format,
}

impl Formats {
    fn new() -> Self {
        let base = Format::new().set_font_name("宋体").set_font_size(10.5);
        let table = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            title: base
                .clone()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            plain: base,
            header: table.clone().set_bold().set_align(FormatAlign::Center),
            table,
        }
    }

    fn of(&self, style: Style) -> &Format {
        match style {
            Style::Title => &self.title,
            Style::Plain => &self.plain,
            Style::Header => &self.header,
            Style::Table => &self.table,
        }
    }
}

fn write_sheet(
    book: &mut Workbook,
    sh: &SheetData,
    fm: &Formats,
) -> std::result::Result<(), XlsxError> {
    let ws = book.add_worksheet();
    ws.set_name(&sh.name)?;
    if sh.hidden {
        ws.set_hidden(true);
    }
    for (c, w) in sh.widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let anchor = |r: u32, c: u16| {
        sh.merges
            .iter()
            .find(|m| r >= m.0 && r <= m.2 && c >= m.1 && c <= m.3)
    };
    for (r, row) in sh.rows.iter().enumerate() {
        let r = r as u32;
        let fmt = fm.of(row.style);
        for (c, v) in row.cells.iter().enumerate() {
            let c = c as u16;
            if anchor(r, c).is_some() {
                continue; // written with its merge below
            }
            match v {
                V::Blank if row.style == Style::Table || row.style == Style::Header => {
                    ws.write_blank(r, c, fmt)?;
                }
                V::Blank => {}
                V::S(t) => {
                    ws.write_string_with_format(r, c, t, fmt)?;
                }
                V::N(x) => {
                    ws.write_number_with_format(r, c, *x, fmt)?;
                }
                V::F(f, res) => {
                    ws.write_formula_with_format(
                        r,
                        c,
                        Formula::new(f).set_result(res.to_string()),
                        fmt,
                    )?;
                }
            }
        }
    }
    for &(r1, c1, r2, c2) in &sh.merges {
        let row = &sh.rows[r1 as usize];
        let fmt = fm.of(row.style);
        let cell = row.cells.get(c1 as usize).unwrap_or(&V::Blank);
        let text = match cell {
            V::S(t) => t.as_str(),
            _ => "",
        };
        if (r1, c1) == (r2, c2) {
            continue;
        }
        ws.merge_range(r1, c1, r2, c2, text, fmt)?;
        match cell {
            V::N(x) => {
                ws.write_number_with_format(r1, c1, *x, fmt)?;
            }
            V::F(f, res) => {
                ws.write_formula_with_format(
                    r1,
                    c1,
                    Formula::new(f).set_result(res.to_string()),
                    fmt,
                )?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The relative path and content of workbook `index`.
fn workbook(index: u64, ph: &Phrases) -> (PathBuf, Vec<SheetData>) {
    let mut rng = Rng::for_file(index);
    let dept = DEPARTMENTS[(index % DEPARTMENTS.len() as u64) as usize];
    let project = *rng.pick(&PROJECTS);
    let self_eval = rng.chance(0.5);
    let mut mistakes = Vec::new();
    let mut sheets = Vec::new();
    if rng.chance(0.1) {
        sheets.push(notes_sheet(false));
    }
    let projects = if rng.chance(0.15) { 2 } else { 1 };
    for k in 0..projects {
        let project = if k == 0 {
            project
        } else {
            // A second project, never the first one again (sheet names must differ).
            let i = PROJECTS.iter().position(|p| *p == project).unwrap_or(0);
            PROJECTS[(i + 1 + rng.below(PROJECTS.len() - 1)) % PROJECTS.len()]
        };
        let name = match (projects, self_eval) {
            (1, true) => rng
                .pick(&["自评表", "Sheet1", "项目支出绩效自评表"])
                .to_string(),
            (1, false) => rng.pick(&["评分表", "Sheet1", "绩效评价表"]).to_string(),
            _ => project.to_string(),
        };
        sheets.push(if self_eval {
            self_sheet(&mut rng, &name, project, dept, &mut mistakes)
        } else {
            eval_sheet(&mut rng, ph, &name, project, dept, &mut mistakes)
        });
    }
    if rng.chance(0.1) {
        // Hidden (参数) half of the time, and always when 填表说明 is already there.
        let hidden = rng.chance(0.5) || sheets.iter().any(|s| s.name == "填表说明");
        sheets.push(notes_sheet(hidden));
    }
    let kind = if self_eval {
        "项目支出绩效自评表"
    } else {
        "项目支出绩效评价表"
    };
    let path = PathBuf::from(dept).join(format!("{project}{kind}_{index:05}.xlsx"));
    (path, sheets)
}

/// A written workbook: its path relative to the corpus folder, and per sheet (by name) the
/// rows the review must find correct.
pub struct Written {
    /// Relative to the corpus folder: `县财政局/…_00001.xlsx`.
    pub path: PathBuf,
    /// (sheet name, its checked rows), for sheets that have any.
    pub checked: Vec<(String, Vec<Checked>)>,
}

fn write_workbook(dir: &Path, index: u64, ph: &Phrases, fm: &Formats) -> Result<Written> {
    let (rel, sheets) = workbook(index, ph);
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_author("jixiao gen_corpus")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2025, 3, 1)?),
    );
    for sh in &sheets {
        write_sheet(&mut book, sh, fm)?;
    }
    book.save(dir.join(&rel))?;
    let checked = sheets
        .into_iter()
        .filter(|sh| !sh.checked.is_empty())
        .map(|sh| (sh.name, sh.checked))
        .collect();
    Ok(Written { path: rel, checked })
}

/// Writes workbooks `0..n` under `dir` (in parallel) and returns them in order.
///
/// # Errors
/// A folder or a workbook that cannot be written.
pub fn generate(n: u64, dir: &Path) -> Result<Vec<Written>> {
    for dept in DEPARTMENTS {
        std::fs::create_dir_all(dir.join(dept))?;
    }
    let ph = phrases();
    let fm = Formats::new();
    (0..n)
        .into_par_iter()
        .map(|i| write_workbook(dir, i, &ph, &fm))
        .collect()
}

/// `gen_corpus --big DIR`: one workbook at the edge of the default limits (1.9 million cells):
/// a small indicator table, and under it on the same sheet 95,000 rows of 20 numbers — the
/// workbook of issue #17's memory target (its annotated copy must stay under 600 MiB).
fn big(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2020, 1, 1)?),
    );
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("评分表")?;
    ws.write_string(0, 0, "示例项目绩效评价表")?;
    let header = [
        "一级指标",
        "二级指标",
        "三级指标",
        "评价标准",
        "指标分值",
        "评价得分",
        "扣分原因",
    ];
    for (c, t) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *t)?;
    }
    let rows: [(&str, &str, &str, &str, f64, f64, &str); 2] = [
        (
            "决策",
            "项目立项",
            "立项依据充分性",
            "完成得满分，未完成不得分",
            40.0,
            40.0,
            "",
        ),
        (
            "产出",
            "产出数量",
            "完成数量",
            "每发现1处问题扣1分",
            60.0,
            58.0,
            "发现2处问题",
        ),
    ];
    for (i, (a, b, c, d, w, sc, r)) in rows.iter().enumerate() {
        let row = i as u32 + 2;
        for (col, t) in [a, b, c, d].iter().enumerate() {
            ws.write_string(row, col as u16, **t)?;
        }
        ws.write_number(row, 4, *w)?;
        ws.write_number(row, 5, *sc)?;
        ws.write_string(row, 6, *r)?;
    }
    ws.write_string(4, 0, "合计")?;
    ws.write_number(4, 4, 100.0)?;
    ws.write_number(4, 5, 98.0)?;
    for r in 0..95_000u32 {
        for c in 0..20u16 {
            ws.write_number(10 + r, c, f64::from(r * 20 + u32::from(c)))?;
        }
    }
    wb.save(dir.join("big.xlsx"))?;
    Ok(())
}

/// Places that tell projects of one topic apart (`城关镇农村公路养护项目`).
const PLACES: [&str; 48] = [
    "城关镇",
    "河西乡",
    "东山镇",
    "南坪乡",
    "北川镇",
    "西岭乡",
    "青龙镇",
    "白马乡",
    "金沙镇",
    "石门乡",
    "桃源镇",
    "柳河乡",
    "龙泉镇",
    "马坊乡",
    "新华镇",
    "红旗乡",
    "太平镇",
    "永安乡",
    "长兴镇",
    "和平乡",
    "黄土镇",
    "云台乡",
    "双桥镇",
    "三河乡",
    "凤凰镇",
    "松林乡",
    "大坪镇",
    "小河乡",
    "高桥镇",
    "平安乡",
    "清水镇",
    "兴隆乡",
    "望江镇",
    "花园乡",
    "沙坝镇",
    "竹林乡",
    "草坪镇",
    "古城乡",
    "新民镇",
    "光明乡",
    "富民镇",
    "安宁乡",
    "湖滨镇",
    "山口乡",
    "田坝镇",
    "团结乡",
    "胜利镇",
    "幸福乡",
];

/// The projects of `--history`: one project as it stands in one year.
fn history_project(i: usize, year: u32, name: String) -> serde_json::Value {
    let topic = PROJECTS[i % PROJECTS.len()];
    let place = PLACES[(i / PROJECTS.len()) % PLACES.len()];
    let dept = DEPARTMENTS[i % DEPARTMENTS.len()];
    let k = (i as u64).wrapping_mul(2_654_435_761) ^ u64::from(year);
    let lost = |salt: u64| ((k >> salt) % 4) as i64;
    let specific = |what: &str| format!("{place}{topic}{what}");
    let generic = [
        "预算执行率",
        "资金到位率",
        "管理制度健全性",
        "服务对象满意度",
    ];
    let mut indicators: Vec<serde_json::Value> = Vec::new();
    let mut total = 0i64;
    for (n, name) in generic
        .iter()
        .map(|s| s.to_string())
        .chain(["数量", "质量", "时效"].iter().map(|w| specific(w)))
        .enumerate()
    {
        let l = lost(n as u64 * 3);
        total += 10 - l;
        indicators.push(serde_json::json!({
            "level1": if n >= 4 { "产出指标" } else { "过程" },
            "level3": name, "weight": "10", "score_reviewed": (10 - l).to_string(),
            "deduction_reviewed": l.to_string(),
            "reason_reviewed": if l > 0 { format!("{year}年扣{l}分") } else { String::new() },
        }));
    }
    let score = (total * 100 / 70).to_string();
    serde_json::json!({
        "sheet": "评分表", "name": name, "department": dept, "family": "评价",
        "budget": {"adjusted": ((k % 500) + 20).to_string()},
        "weight_total": "100", "score_filed": score, "score_reviewed": score,
        "indicators": indicators,
    })
}

/// One planted pair of `--history`: the project's names in consecutive years.
pub struct PlantedPair {
    /// The older year.
    pub from: u32,
    /// Its name that year.
    pub old: String,
    /// Its name the next year.
    pub new: String,
    /// The department.
    pub department: String,
}

/// Writes `2023.json`, `2024.json` and `2025.json` under `dir`: reports of `n` projects a
/// year (report.json's schema, as `jixiao run` writes it) in which projects are renamed the
/// ways departments rename them — a new year in front (`2023年` → `2024年`), a batch
/// (`（第二批）`), a project code, a longer name (`…提质增效项目`) — while 2% of the projects
/// end and 2% begin each year. Returns the report paths, oldest first, and every pair that must
/// be matched.
pub fn history_reports(n: usize, dir: &Path) -> Result<(Vec<PathBuf>, Vec<PlantedPair>)> {
    std::fs::create_dir_all(dir)?;
    let years = [2023u32, 2024, 2025];
    let name_in = |i: usize, year: u32| -> String {
        let topic = PROJECTS[i % PROJECTS.len()];
        let place = PLACES[(i / PROJECTS.len()) % PLACES.len()];
        match (i + year as usize) % 5 {
            0 => format!("{year}年{place}{topic}项目（第二批）"),
            1 => format!("5301{:02}{:08} {place}{topic}项目", year % 100, i),
            2 if year == 2025 => format!("{place}{topic}提质增效项目"),
            _ => format!("{year}年度{place}{topic}项目"),
        }
    };
    // Project i lives from year `start` to year `end` (indices into `years`).
    let life = |i: usize| -> (usize, usize) {
        match i % 50 {
            0 => (1, 2), // begins in 2024
            1 => (0, 1), // ends after 2024
            2 => (2, 2), // 2025 only
            _ => (0, 2),
        }
    };
    let mut paths = Vec::new();
    let mut pairs = Vec::new();
    for (y, year) in years.iter().enumerate() {
        let mut files = Vec::new();
        for i in 0..n {
            let (start, end) = life(i);
            if y < start || y > end {
                continue;
            }
            if y > start {
                pairs.push(PlantedPair {
                    from: years[y - 1],
                    old: name_in(i, years[y - 1]),
                    new: name_in(i, *year),
                    department: DEPARTMENTS[i % DEPARTMENTS.len()].to_string(),
                });
            }
            files.push(serde_json::json!({
                "path": format!("{}/{i:05}.xlsx", DEPARTMENTS[i % DEPARTMENTS.len()]),
                "status": "ok", "error": null, "diagnostics": [],
                "projects": [history_project(i, *year, name_in(i, *year))],
            }));
        }
        let report = serde_json::json!({"schema": "jixiao.report/1", "files": files,
            "totals": {"files": files.len()}});
        let path = dir.join(format!("{year}.json"));
        std::fs::write(&path, serde_json::to_vec(&report)?)?;
        paths.push(path);
    }
    Ok((paths, pairs))
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--history") {
        let (Some(n), Some(dir)) = (args.get(1), args.get(2)) else {
            eprintln!("usage: gen_corpus --history <N> <DIR>");
            std::process::exit(2);
        };
        let n: usize = n
            .parse()
            .map_err(|_| format!("N must be a number, got {n}"))?;
        let (paths, pairs) = history_reports(n, Path::new(dir))?;
        eprintln!(
            "gen_corpus: wrote {} reports of about {n} projects ({} pairs to match) to {dir}",
            paths.len(),
            pairs.len()
        );
        return Ok(());
    }
    if args.first().map(String::as_str) == Some("--big") {
        let Some(dir) = args.get(1) else {
            eprintln!("usage: gen_corpus --big <DIR>");
            std::process::exit(2);
        };
        return big(Path::new(dir));
    }
    let (Some(n), Some(dir)) = (args.first(), args.get(1)) else {
        eprintln!("usage: gen_corpus <N> <DIR>");
        std::process::exit(2);
    };
    let n: u64 = n
        .parse()
        .map_err(|_| format!("N must be a number, got {n}"))?;
    let dir = PathBuf::from(dir);
    let written = generate(n, &dir)?;
    let checked: usize = written
        .iter()
        .flat_map(|w| &w.checked)
        .map(|(_, rows)| rows.len())
        .sum();
    eprintln!(
        "gen_corpus: wrote {n} workbooks to {} ({checked} rows with bare item numbers or half-way scores, all correct)",
        dir.display()
    );
    Ok(())
}
