//! Criterion text normalisation, before parsing (SPEC §4): full-width → half-width, `≦`/`≧`
//! and `>=`/`<=` → `≤`/`≥`, traditional → simplified characters (the ones that occur in
//! evaluation criteria), Chinese numerals in numeric context → digits, `百分之五` → `5%`, and
//! all whitespace removed (line breaks and stray spaces inside a phrase: `每降低\n 1 个百分点`,
//! `0. 1分`).
//!
//! Chinese numerals are converted only where they are numbers: followed by a unit or counter
//! (分 个 项 处 次 % 点 倍 档 条 人 天 月 年 …) or preceded by a verb of scoring (扣 得 计 每 少
//! 低 减 超过 …). So `扣一分` → `扣1分` and `每低一个百分点` → `每低1个百分点`, while `一般`,
//! `统一`, `一致` stay words.

use std::sync::LazyLock;

use regex::Regex;

use crate::text::{halfwidth, simplified as simplify};

const NUMERAL_CHARS: &str = "零〇一二两三四五六七八九十百点半";

/// Counters and units after which a Chinese numeral is a number.
const UNIT_AFTER: &[&str] = &[
    "分", "个", "项", "处", "次", "%", "点", "倍", "档", "条", "人", "天", "日", "月", "年", "例",
    "起", "件", "家", "户", "所", "名", "周", "季", "小时", "万", "元", "级", "成", "份", "类",
    "笔", "篇",
];

/// Verbs after which a Chinese numeral is a number.
const VERB_BEFORE: &[char] = &[
    '扣', '得', '计', '每', '少', '低', '减', '超', '过', '高', '增', '加', '降', '差', '满', '给',
    '记', '按', '第', '于', '达', '至', '到', '-', '~',
];

/// Value of a run of Chinese numerals (`二十`, `十五`, `一百`, `零点五`, `半`, `两`).
fn numeral_value(run: &str) -> Option<String> {
    if run == "半" {
        return Some("0.5".into());
    }
    if let Some((int, frac)) = run.split_once('点') {
        let i = if int.is_empty() {
            0
        } else {
            integer_value(int)?
        };
        let f: String = frac.chars().map(digit).collect::<Option<String>>()?;
        if f.is_empty() {
            return None;
        }
        return Some(format!("{i}.{f}"));
    }
    let v = integer_value(run)?;
    let half = if run.ends_with('半') { ".5" } else { "" };
    Some(format!("{v}{half}"))
}

fn digit(c: char) -> Option<char> {
    Some(match c {
        '零' | '〇' => '0',
        '一' => '1',
        '二' | '两' => '2',
        '三' => '3',
        '四' => '4',
        '五' => '5',
        '六' => '6',
        '七' => '7',
        '八' => '8',
        '九' => '9',
        _ => return None,
    })
}

fn integer_value(run: &str) -> Option<u64> {
    let run = run.strip_suffix('半').unwrap_or(run);
    if run.is_empty() {
        return None;
    }
    let mut total = 0u64;
    let mut current = 0u64;
    for c in run.chars() {
        match c {
            // A bare 十 is 一十: `十五` is 15, and `一百十` 110 as `一百一十`.
            '十' => {
                total += current.max(1) * 10;
                current = 0;
            }
            '百' => {
                total += current.max(1) * 100;
                current = 0;
            }
            c => {
                current = current * 10 + u64::from(digit(c)?.to_digit(10)?);
            }
        }
    }
    Some(total + current)
}

/// Normalises a criterion text for parsing (see the module doc).
///
/// # Examples
/// ```
/// use jixiao::rule::normalize::normalize;
/// assert_eq!(normalize("每降低\n 1 个百分點，扣０. 5分"), "每降低1个百分点,扣0.5分");
/// assert_eq!(normalize("一项不符合扣一分"), "1项不符合扣1分");
/// assert_eq!(normalize("扣权重的百分之五"), "扣权重的5%");
/// assert_eq!(normalize("三项内容各占三分之一"), "3项内容各占1/3");
/// assert_eq!(normalize("每少5个百分点—2—扣0.5分"), "每少5个百分点扣0.5分");
/// ```
pub fn normalize(text: &str) -> String {
    let text = &strip_page_numbers(text);
    let folded: String = halfwidth(text)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{200b}' && *c != '\u{feff}')
        .map(simplify)
        .map(|c| match c {
            // (`halfwidth` has made `≦ ≧ ～` `≤ ≥ ~` already.)
            '﹪' => '%',
            '〜' => '~',
            '－' | '–' | '―' => '-',
            '*' | '✕' | '╳' => '×',
            '÷' => '/',
            _ => c,
        })
        .collect();
    let folded = folded
        .replace(">=", "≥")
        .replace("<=", "≤")
        .replace("＞", ">")
        .replace("＜", "<");
    let with_percent = percent_words(&folded);
    inclusion_marks(&convert_numerals(&fraction_words(&with_percent)))
}

/// A bound's inclusion written out in words (`90%(含90%)`, `90%以上(含本数)`, `80%(不含80%)`)
/// is the mark `(含)` / `(不含)` the rules read, put before any 以上/以下 (`90%(含)以上`). A
/// number in the brackets that is not the bound's own (`90%(含95%)`) is left alone: it says
/// something else.
fn inclusion_marks(s: &str) -> String {
    INCLUSION
        .replace_all(s, |c: &regex::Captures| {
            let restated = c.get(6).is_none_or(|n| n.as_str() == &c[1]);
            if restated {
                format!("{}{}({}含){}", &c[1], &c[2], &c[4], &c[3])
            } else {
                c[0].to_string()
            }
        })
        .into_owned()
}

static INCLUSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(\d+(?:\.\d+)?)(%|个百分点|)(及以上|以上|及以下|以下|)\((不?)含(本数|等于|(\d+(?:\.\d+)?)(?:%|个百分点)?)\)",
    )
    .expect("a valid pattern")
});

/// A page number from a PDF page break (`—2—`, `- 12 -` on its own) inside a criterion is
/// debris: it goes. Only em-dash pairs around a number of at most three digits are taken, so
/// a range (`1-2`) is never touched.
fn strip_page_numbers(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '—' {
            let run: Vec<&char> = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit() || c.is_whitespace())
                .collect();
            let digits = run.iter().filter(|c| c.is_ascii_digit()).count();
            if (1..=3).contains(&digits) && chars.get(i + 1 + run.len()) == Some(&'—') {
                i += run.len() + 2;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// `三分之一` → `1/3`, `2分之1` → `1/2`: a fraction written in words.
fn fraction_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(idx) = rest.find("分之") {
        let (head, tail) = (&rest[..idx], &rest[idx + "分之".len()..]);
        let is_num = |c: char| c.is_ascii_digit() || NUMERAL_CHARS.contains(c) && c != '点';
        let den_start = head
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_num(*c))
            .last()
            .map(|(i, _)| i);
        let num_len: usize = tail
            .chars()
            .take_while(|c| is_num(*c))
            .map(char::len_utf8)
            .sum();
        let value = |w: &str| {
            if w.chars().all(|c| c.is_ascii_digit()) {
                Some(w.to_string())
            } else {
                numeral_value(w)
            }
        };
        match den_start.filter(|_| num_len > 0) {
            Some(d) => match (value(&head[d..]), value(&tail[..num_len])) {
                (Some(den), Some(num)) => {
                    out.push_str(&head[..d]);
                    out.push_str(&format!("{num}/{den}"));
                }
                _ => out.push_str(&rest[..idx + num_len + "分之".len()]),
            },
            None => out.push_str(&rest[..idx + "分之".len()]),
        }
        rest = &rest[idx + "分之".len() + if den_start.is_some() { num_len } else { 0 }..];
        if den_start.is_none() {
            continue;
        }
    }
    out.push_str(rest);
    out
}

/// `百分之五` → `5%`, `百分之九十五` → `95%`.
fn percent_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(idx) = rest.find("百分之") {
        out.push_str(&rest[..idx]);
        let after = &rest[idx + "百分之".len()..];
        let run: String = after
            .chars()
            .take_while(|c| NUMERAL_CHARS.contains(*c) || c.is_ascii_digit() || *c == '.')
            .collect();
        let value = if run.chars().all(|c| c.is_ascii_digit() || c == '.') && !run.is_empty() {
            Some(run.clone())
        } else {
            numeral_value(&run)
        };
        // (An empty run has no value: `numeral_value("")` is none.)
        match value {
            Some(v) => {
                out.push_str(&v);
                out.push('%');
                rest = &after[run.len()..];
            }
            _ => {
                out.push_str("百分之");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn convert_numerals(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if !NUMERAL_CHARS.contains(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && NUMERAL_CHARS.contains(chars[i]) {
            i += 1;
        }
        let mut run: String = chars[start..i].iter().collect();
        // A trailing 点 is the word 点 (个百分点, 扣分点), not a decimal point.
        let mut trailing = String::new();
        while run.ends_with('点') {
            run.pop();
            trailing.insert(0, '点');
        }
        let after: String = chars[start + run.chars().count()..]
            .iter()
            .take(3)
            .collect();
        let before = start.checked_sub(1).map(|b| chars[b]);
        let numeric_context = UNIT_AFTER.iter().any(|u| after.starts_with(u))
            || before.is_some_and(|b| VERB_BEFORE.contains(&b) || b.is_ascii_digit());
        // 一半 (half of something) is a word, not 1.5; so is 百 alone (百分点, 百分比), but
        // after a numeral it is a hundred (`一百分` is 100 分).
        let is_word = run == "百" || run.ends_with("一半");
        match numeral_value(&run) {
            Some(v) if numeric_context && !run.is_empty() && !is_word => out.push_str(&v),
            _ => out.push_str(&run),
        }
        out.push_str(&trailing);
    }
    out
}

#[cfg(test)]
mod tests {

    /// A page number between em dashes (a PDF page break) goes, with the spaces around its
    /// digits; a longer number, or dashes without digits, stay.
    #[test]
    fn page_numbers_between_em_dashes_are_dropped() {
        use super::strip_page_numbers as strip;
        assert_eq!(strip("每少5个百分点—2—扣0.5分"), "每少5个百分点扣0.5分");
        assert_eq!(strip("扣0.5分— 12 —,扣完为止"), "扣0.5分,扣完为止");
        assert_eq!(strip("—123—"), "");
        assert_eq!(strip("—1234—"), "—1234—");
        assert_eq!(strip("——"), "——");
        assert_eq!(strip("—2"), "—2");
    }

    #[test]
    fn inclusion_in_words_is_the_mark() {
        for (text, read) in [
            ("≥90%(含90%)得10分", "≥90%(含)得10分"),
            ("80%（含80%）-90%得6分", "80%(含)-90%得6分"),
            ("90%以上（含本数）得10分", "90%(含)以上得10分"),
            ("60%以下(含60%)不得分", "60%(含)以下不得分"),
            ("90%(不含90%)-95%得3分", "90%(不含)-95%得3分"),
            ("完成率90(含等于)以上得10分", "完成率90(含)以上得10分"),
            // Another number in the brackets is not the bound's.
            ("≥90%(含95%)得10分", "≥90%(含95%)得10分"),
            (
                "受益脱贫(含监测对象)户满意度≥90%",
                "受益脱贫(含监测对象)户满意度≥90%",
            ),
        ] {
            assert_eq!(normalize(text), read, "{text}");
        }
    }

    #[test]
    fn a_wave_dash_is_a_range_sign_and_arabic_digits_follow_bai_fen_zhi() {
        // U+301C (wave dash, as Japanese IMEs type it) is not folded by half-width folding.
        assert!(
            normalize("90%〜100%得5分").contains("90%~100%"),
            "{}",
            normalize("90%〜100%得5分")
        );
        assert!(normalize("90%～100%得5分").contains("90%~100%"));
        // En dash and horizontal bar are range dashes (not folded by half-width folding).
        assert!(
            normalize("80%–90%得3分").contains("80%-90%"),
            "{}",
            normalize("80%–90%得3分")
        );
        assert!(normalize("80%―90%得3分").contains("80%-90%"));
        // The small percent sign (U+FE6A) and the full-width one are percent signs.
        assert!(
            normalize("满意度≥90﹪").ends_with("90%"),
            "{}",
            normalize("满意度≥90﹪")
        );
        assert!(normalize("满意度≥90％").ends_with("90%"));
        // ≦ and ≧ (as real tables write them) are ≤ and ≥.
        assert_eq!(normalize("满意度≧90%"), "满意度≥90%");
        assert_eq!(normalize("控制率≦100%"), "控制率≤100%");
        // 百分之 followed by Arabic digits (and a decimal point).
        assert!(
            normalize("低于百分之5扣1分").contains("5%"),
            "{}",
            normalize("低于百分之5扣1分")
        );
        assert!(
            normalize("每低百分之2.5扣1分").contains("2.5%"),
            "{}",
            normalize("每低百分之2.5扣1分")
        );
    }

    use super::*;

    #[test]
    fn normalises_the_spec_examples() {
        for (raw, want) in [
            ("每降低\n 1 个百分点", "每降低1个百分点"),
            ("0. 1分", "0.1分"),
            ("扣一分", "扣1分"),
            ("扣二分", "扣2分"),
            ("扣两分", "扣2分"),
            ("扣半分", "扣0.5分"),
            ("扣零点五分", "扣0.5分"),
            ("每少一个百分点扣0.3分", "每少1个百分点扣0.3分"),
            ("每低五个百分点", "每低5个百分点"),
            ("得十五分", "得15分"),
            ("在职人员控制率≦100%", "在职人员控制率≤100%"),
            ("满意度>=90%", "满意度≥90%"),
            ("每降低1個百分點扣0.5分", "每降低1个百分点扣0.5分"),
            ("９０％以上", "90%以上"),
            ("扣权重的百分之一", "扣权重的1%"),
            // 百 alone after 百分之 is a hundred, not a word to leave as it is.
            ("达到百分之百得满分", "达到100%得满分"),
            // After a numeral, 百分 is a hundred points; alone it is the word of 百分点.
            // A numeral right after a verb is a number even with no unit after it.
            ("每项扣二，最多扣十", "每项扣2,最多扣10"),
            ("满分一百分", "满分100分"),
            ("得一百分", "得100分"),
            ("百分比达到90%", "百分比达到90%"),
            ("提高了百分点", "提高了百分点"),
            ("一般", "一般"),
            ("不一致", "不一致"),
            ("统一", "统一"),
        ] {
            assert_eq!(normalize(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn numerals() {
        assert_eq!(numeral_value("二十").as_deref(), Some("20"));
        assert_eq!(numeral_value("十五").as_deref(), Some("15"));
        assert_eq!(numeral_value("一百").as_deref(), Some("100"));
        assert_eq!(numeral_value("九十五").as_deref(), Some("95"));
        assert_eq!(numeral_value("一点五").as_deref(), Some("1.5"));
        assert_eq!(numeral_value("零点五").as_deref(), Some("0.5"));
        assert_eq!(numeral_value("两").as_deref(), Some("2"));
        assert_eq!(numeral_value("半").as_deref(), Some("0.5"));
    }

    /// A 分之 without a number before it (`大部分之一`) or after it, or with a number that
    /// mixes Arabic and Chinese digits, is left as written, and what follows is still read.
    #[test]
    fn a_fraction_that_is_not_one_is_left_as_written() {
        assert_eq!(fraction_words("占三分之"), "占三分之");
        assert_eq!(fraction_words("大部分之一，另4分之1"), "大部分之一，另1/4");
        assert_eq!(
            fraction_words("占三分之，其余二分之一"),
            "占三分之，其余1/2"
        );
        assert_eq!(fraction_words("2十分之1，另4分之1"), "2十分之1，另1/4");
        assert_eq!(fraction_words("三分之2十，另4分之1"), "三分之2十，另1/4");
    }

    /// A 百分之 without a number after it is left as written, and the next one still read.
    #[test]
    fn a_percent_word_without_a_number_is_left_as_written() {
        assert_eq!(percent_words("完成百分之，扣百分之五"), "完成百分之，扣5%");
        assert_eq!(percent_words("百分之"), "百分之");
    }

    /// The multiplication signs `*`, `✕` and `╳` are `×`; `÷` is `/`.
    #[test]
    fn multiplication_signs_are_one() {
        for sign in ['*', '✕', '╳', '×'] {
            assert_eq!(
                normalize(&format!("分值{sign}完成率")),
                "分值×完成率",
                "{sign}"
            );
        }
        assert_eq!(normalize("实际数÷计划数"), "实际数/计划数");
    }

    /// Every numeral, as a digit, inside a number and digit by digit (`二〇二四`); `一百十`
    /// is 110 (as `一百一十`), not 100.
    #[test]
    fn every_numeral_and_a_bare_ten_after_a_hundred() {
        let digits = "零一二三四五六七八九";
        for (i, c) in digits.chars().enumerate() {
            assert_eq!(numeral_value(&c.to_string()), Some(i.to_string()), "{c}");
        }
        assert_eq!(numeral_value("〇").as_deref(), Some("0"));
        assert_eq!(numeral_value("六十七").as_deref(), Some("67"));
        assert_eq!(numeral_value("一百十").as_deref(), Some("110"));
        assert_eq!(numeral_value("一百一十").as_deref(), Some("110"));
        assert_eq!(numeral_value("一百零八").as_deref(), Some("108"));
        assert_eq!(numeral_value("一点六").as_deref(), Some("1.6"));
        assert_eq!(
            numeral_value("二〇二四").as_deref(),
            Some("2024"),
            "digit by digit"
        );
    }
}
