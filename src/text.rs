//! Text helpers shared by the stages after the reader: full-width → half-width folding, header
//! title normalisation, numbers written as text (`1分`, `９.４`, `95.52%`), and weights written
//! inside level names (`项目立项(7分)`).

use crate::grid::{Cell, Value};
use rust_decimal::Decimal;
use std::str::FromStr;

/// Folds full-width ASCII forms (`０-９`, `（）`, `％`, `：`, the ideographic space) to their
/// half-width equivalents and unifies `≦`/`≧` to `≤`/`≥`. Everything else is left as is.
///
/// # Examples
/// ```
/// assert_eq!(jixiao::text::halfwidth("９.４（分）％"), "9.4(分)%");
/// ```
pub fn halfwidth(s: &str) -> String {
    folded(s, |_| true)
}

/// `s` with full-width forms folded and only the characters `keep` accepts, in one
/// allocation (folding never makes a text longer in bytes).
fn folded(s: &str, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().map(halfwidth_char).filter(|c| keep(*c)));
    out
}

fn halfwidth_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '≦' => '≤',
        '≧' => '≥',
        _ => c,
    }
}

/// Normalises a column title for matching (SPEC §2.1): remove all whitespace including line
/// breaks, fold full-width forms, drop a trailing `(…)`.
///
/// # Examples
/// ```
/// use jixiao::text::normalize_title;
/// assert_eq!(normalize_title("一级\n\n指标"), "一级指标");
/// assert_eq!(normalize_title("指标分值（分）"), "指标分值");
/// assert_eq!(normalize_title(" 得 分 "), "得分");
/// ```
pub fn normalize_title(s: &str) -> String {
    // One pass, one allocation: it runs for every cell of the rows searched for a header.
    let mut folded = folded(s, |c| !c.is_whitespace());
    let (name, _) = split_trailing_bracket(&folded);
    if name.len() < folded.len() {
        folded.truncate(name.len());
    }
    folded
}

/// Splits `name(inner)` at a trailing bracket pair: `("name", Some("inner"))`. Handles
/// half-width brackets only; fold with [`halfwidth`] first.
fn split_trailing_bracket(s: &str) -> (&str, Option<&str>) {
    let t = s.trim_end();
    if let Some(body) = t.strip_suffix(')') {
        if let Some(open) = body.rfind('(') {
            let name = &body[..open];
            if !name.trim().is_empty() {
                return (name.trim_end(), Some(&body[open + 1..]));
            }
        }
    }
    (t, None)
}

/// Splits a level or indicator name that carries its weight: `项目立项(7分)` → (`项目立项`, 7),
/// `过程（30）` → (`过程`, 30), `项目立项规范性（1分）` → (`项目立项规范性`, 1). A bracket that
/// does not hold a number stays part of the name.
///
/// # Examples
/// ```
/// use jixiao::text::split_weight;
/// assert_eq!(split_weight("效果（30分）"), ("效果".to_string(), Some("30".parse().unwrap())));
/// assert_eq!(split_weight("满意度(公众)"), ("满意度(公众)".to_string(), None));
/// ```
pub fn split_weight(raw: &str) -> (String, Option<Decimal>) {
    let folded = folded(raw, |c| c != '\n' && c != '\r');
    let trimmed = folded.trim();
    if let (name, Some(inner)) = split_trailing_bracket(trimmed) {
        if let Some(w) = parse_number_text(inner).and_then(|n| (!n.percent).then_some(n.value)) {
            return (name.trim().to_string(), Some(w));
        }
    }
    if trimmed.len() == folded.len() {
        (folded, None)
    } else {
        (trimmed.to_string(), None)
    }
}

/// A number read from text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextNumber {
    /// The number as written (`95.52` for `95.52%`).
    pub value: Decimal,
    /// True when a `%` followed the number.
    pub percent: bool,
}

/// Reads a number written as text: `1`, `1分`, `９.４`, `0.6 分`, `95.52%`, `+2`, `-1.5`.
/// Returns `None` when anything else is in the text.
///
/// # Examples
/// ```
/// use jixiao::text::parse_number_text;
/// assert_eq!(parse_number_text("0.6 分").unwrap().value.to_string(), "0.6");
/// assert!(parse_number_text("95.52%").unwrap().percent);
/// assert_eq!(parse_number_text("约5分"), None);
/// ```
pub fn parse_number_text(s: &str) -> Option<TextNumber> {
    let folded = folded(s, |c| !c.is_whitespace() && c != ',');
    let mut body = folded.as_str();
    let mut percent = false;
    if let Some(b) = body.strip_suffix('分') {
        body = b;
    }
    if let Some(b) = body.strip_suffix('%') {
        body = b;
        percent = true;
    }
    let body = body.strip_prefix('+').unwrap_or(body);
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return None;
    }
    let value = Decimal::from_str(body).ok()?.normalize();
    if !within_range(value) {
        return None;
    }
    Some(TextNumber { value, percent })
}

/// The largest magnitude read as a number: far beyond any score, weight or budget in 万元,
/// and small enough that products of two such numbers stay exact in a `Decimal`.
pub const MAX_MAGNITUDE: i64 = 1_000_000_000_000;

/// True when a number is within [`MAX_MAGNITUDE`]; larger ones are not read as numbers.
pub fn within_range(d: Decimal) -> bool {
    d.abs() <= Decimal::from(MAX_MAGNITUDE)
}

/// What a number cell (weight, score, deduction, total) holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Num {
    /// Nothing written.
    Missing,
    /// A dash, slash or 无: "nothing", which for a deduction means 0.
    Dash,
    /// A number.
    Value(Decimal),
    /// Text that is not a number, as written.
    NotNumber(String),
    /// An error cell such as `#DIV/0!`.
    ErrorCell(String),
    /// A formula whose result was never saved, with its text.
    Uncached(String),
}

impl Num {
    /// The number, if the cell holds one.
    pub fn value(&self) -> Option<Decimal> {
        match self {
            Num::Value(d) => Some(*d),
            _ => None,
        }
    }

    /// The number, counting empty and dash cells as 0 (the reading for deductions).
    pub fn value_or_zero(&self) -> Option<Decimal> {
        match self {
            Num::Value(d) => Some(*d),
            Num::Missing | Num::Dash => Some(Decimal::ZERO),
            _ => None,
        }
    }

    /// A Chinese description of why the cell holds no number, for messages.
    pub fn problem(&self) -> String {
        match self {
            Num::Missing => "为空".into(),
            Num::Dash => "为“-”".into(),
            Num::Value(d) => format!("为 {d}"),
            Num::NotNumber(t) => format!("“{t}”不是数字"),
            Num::ErrorCell(e) => format!("是错误值 {e}"),
            Num::Uncached(f) => format!(
                "是公式 ={f} 但文件中没有保存计算结果（请在 Excel/WPS 中打开、重新计算并保存）"
            ),
        }
    }
}

/// Reads a number cell (SPEC §2.2): numeric cells, numbers in text, dashes, errors, formulas
/// without results.
pub fn parse_num(cell: Option<&Cell>) -> Num {
    let Some(cell) = cell else {
        return Num::Missing;
    };
    if cell.is_uncached_formula() {
        return Num::Uncached(cell.formula.clone().unwrap_or_default());
    }
    match &cell.value {
        Value::Empty => Num::Missing,
        Value::Number(d) if within_range(*d) => Num::Value(*d),
        Value::Number(d) => Num::NotNumber(format!("{d}（数值过大）")),
        Value::Error(e) => Num::ErrorCell(e.clone()),
        Value::Bool(b) => Num::NotNumber(if *b { "TRUE" } else { "FALSE" }.into()),
        Value::Date(d) => Num::NotNumber(d.clone()),
        Value::Text(t) => {
            let trimmed = t.trim();
            if trimmed.is_empty() {
                return Num::Missing;
            }
            if matches!(
                halfwidth(trimmed).as_str(),
                "-" | "/" | "无" | "—" | "--" | "——" | "－"
            ) {
                return Num::Dash;
            }
            match parse_number_text(trimmed) {
                Some(n) => Num::Value(n.value),
                None => Num::NotNumber(trimmed.to_string()),
            }
        }
    }
}

/// Formats a decimal for messages and cells: plain notation, no trailing zeros.
pub fn fmt_dec(d: Decimal) -> String {
    d.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn titles_normalise_as_the_spec_says() {
        for (raw, want) in [
            ("一级\n\n指标", "一级指标"),
            ("指标分值（分）", "指标分值"),
            ("评价得分(分)", "评价得分"),
            ("扣 分 原 因", "扣分原因"),
            ("偏差原因分析及改进措施", "偏差原因分析及改进措施"),
            ("\u{3000}得分\u{3000}", "得分"),
        ] {
            assert_eq!(normalize_title(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn weights_inside_names() {
        let cases = [
            ("决策(10)", "决策", Some("10")),
            ("项目立项(7分)", "项目立项", Some("7")),
            ("过程（30）", "过程", Some("30")),
            ("效果（30分）", "效果", Some("30")),
            ("项目立项规范性（1分）", "项目立项规范性", Some("1")),
            ("产出指标(50分)", "产出指标", Some("50")),
            ("资金分配的合理性（2分）", "资金分配的合理性", Some("2")),
            ("满意度（公众）", "满意度(公众)", None),
            ("社会效益", "社会效益", None),
            ("质量（ 2.5 分）", "质量", Some("2.5")),
        ];
        for (raw, name, w) in cases {
            assert_eq!(split_weight(raw), (name.to_string(), w.map(dec)), "{raw}");
        }
    }

    #[test]
    fn numbers_written_as_text() {
        for (raw, want, pct) in [
            ("1", "1", false),
            ("1分", "1", false),
            ("９.４", "9.4", false),
            ("0.6 分", "0.6", false),
            ("95.52%", "95.52", true),
            ("９５％", "95", true),
            ("-1.5", "-1.5", false),
            ("1,000", "1000", false),
        ] {
            let n = parse_number_text(raw).unwrap_or_else(|| panic!("{raw}"));
            assert_eq!((n.value, n.percent), (dec(want), pct), "{raw}");
        }
        for bad in ["", "分", "约5分", "5分左右", "1.2.3", "五"] {
            assert_eq!(parse_number_text(bad), None, "{bad}");
        }
    }

    #[test]
    fn number_cells() {
        let text = |s: &str| Cell {
            value: Value::Text(s.into()),
            formula: None,
            raw: None,
        };
        assert_eq!(parse_num(None), Num::Missing);
        assert_eq!(parse_num(Some(&text("-"))), Num::Dash);
        assert_eq!(parse_num(Some(&text("无"))), Num::Dash);
        assert_eq!(parse_num(Some(&text("８分"))), Num::Value(dec("8")));
        assert_eq!(
            parse_num(Some(&text("待定"))),
            Num::NotNumber("待定".into())
        );
        let err = Cell {
            value: Value::Error("#DIV/0!".into()),
            formula: Some("1/0".into()),
            raw: None,
        };
        assert_eq!(parse_num(Some(&err)), Num::ErrorCell("#DIV/0!".into()));
        let uncached = Cell {
            value: Value::Empty,
            formula: Some("SUM(G5:G25)".into()),
            raw: None,
        };
        assert!(matches!(parse_num(Some(&uncached)), Num::Uncached(_)));
        assert_eq!(Num::Dash.value_or_zero(), Some(Decimal::ZERO));
        assert_eq!(Num::NotNumber("x".into()).value_or_zero(), None);
    }
}
