//! Text helpers shared by the stages after the reader: full-width → half-width folding, header
//! title normalisation, numbers written as text (`1分`, `９.４`, `95.52%`), weights written
//! inside level names (`项目立项(7分)`), and decimals as messages show them ([`fmt_dec`]).

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
}
