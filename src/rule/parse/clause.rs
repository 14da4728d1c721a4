//! The clauses of a criterion text, as a reviewer reads them, each with the part it plays in
//! the rule (`explain` shows them). The text is cut at numbered parts (`1.` `(1)` `①`), at
//! `。` and `;`, and at commas; a piece that carries no points, no deduction and no limit (`低于
//! 95%`, `有超支但不超过5%`) is a condition and stays with what follows it.
//!
//! A clause is classified by the same patterns the parser reads rules with, in this order:
//! a clause outside the scheme (加分, 追加扣分, ±) and a discretionary one (酌情) first, then a
//! definition, a share, a formula, a step deduction, a count, a per-item deduction, a zero line,
//! a limit (扣完为止, 最多扣3分), and last an award — a band, a grade or an item as the rule
//! reads it. What none of these fits is `未识别`: for a text read as `manual`, that clause is
//! the one not understood.

use super::*;

/// The part a clause plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `资金到位率大于90%的得满分`.
    FullMarks,
    /// Points for a condition (`建立了管理台账的,得2分`).
    Award,
    /// `每少5个百分点扣0.5分`.
    Step,
    /// `预算执行率60%以下,不计分`.
    ZeroLine,
    /// `扣完为止`, `最多扣3分`, `最低得2分`.
    Limit,
    /// `每发现1处问题扣0.5分`.
    Count,
    /// `一项不符合扣0.5分`.
    PerItem,
    /// `85%(含)-95%,计4分`.
    Band,
    /// `基本规范:2分`.
    Grade,
    /// `开展入户宣传,得1分`.
    Item,
    /// `要点①②各占20%`.
    Share,
    /// `得分值=覆盖率×15`, `按实际完成比例计分`.
    Formula,
    /// `预算执行率=实际支出金额/项目预算金额×100%`: no points.
    Definition,
    /// `①项目是否按照规定的程序申请设立`: one of the 要点 a checklist or a share counts.
    Point,
    /// `严重的此项完全不得分`.
    Serious,
    /// `评价要点:` or other words with no points.
    Note,
    /// `酌情扣分`.
    Discretionary,
    /// `加分`, `追加扣除20分`, `±10%`: a rule the scheme does not type.
    Outside,
    /// Nothing the parser reads.
    Unknown,
}

impl Role {
    /// The words `explain` shows.
    pub fn words(self) -> &'static str {
        match self {
            Role::FullMarks => "满分条件",
            Role::Award => "得分条件",
            Role::Step => "按差距扣分",
            Role::ZeroLine => "不得分界线",
            Role::Limit => "扣分限度",
            Role::Count => "按次扣分",
            Role::PerItem => "按项扣分",
            Role::Band => "分档",
            Role::Grade => "等级",
            Role::Item => "计分项",
            Role::Share => "要点占比",
            Role::Formula => "计分公式",
            Role::Definition => "指标定义（不计分）",
            Role::Point => "评价要点",
            Role::Serious => "严重情形不得分",
            Role::Note => "说明（不计分）",
            Role::Discretionary => "酌情扣分（人工评分）",
            Role::Outside => "规则之外的条款（加分、追加扣分、正负偏差等），未能识别",
            Role::Unknown => "未识别",
        }
    }

    /// True for the clauses that make a text `manual`.
    pub fn not_understood(self) -> bool {
        matches!(self, Role::Outside | Role::Unknown)
    }
}

/// One clause of a criterion (normalised text) and its part in `rule`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// The clause, normalised (half-width, digits).
    pub text: String,
    /// Its part.
    pub role: Role,
}

/// The clauses of `text` and the part each plays in `rule` (the text's reading).
pub fn clauses(text: &str, rule: &Rule) -> Vec<Clause> {
    let n = normalize(text);
    let pieces: Vec<&str> = match numbered_parts(&n) {
        Some((parts, _)) => {
            let first = n.find(parts[0]).unwrap_or(0);
            std::iter::once(&n[..first]).chain(parts).collect()
        }
        None => vec![n.as_str()],
    };
    let mut out = Vec::new();
    for piece in pieces {
        for sentence in piece.split(['。', ';']) {
            let mut pending = String::new();
            for fragment in commas(sentence) {
                let fragment = fragment.trim_matches([':', ' ']);
                if fragment.is_empty() {
                    continue;
                }
                if !pending.is_empty() {
                    pending.push(',');
                }
                pending.push_str(fragment);
                if consequential(fragment) {
                    out.push(std::mem::take(&mut pending));
                }
            }
            if !pending.is_empty() {
                out.push(pending);
            }
        }
    }
    out.into_iter()
        .map(|text| {
            let role = role(&text, rule);
            Clause { text, role }
        })
        .collect()
}

/// True when a fragment says what happens (points, a deduction, a limit, a formula), so a
/// clause ends with it; a bare condition (`低于95%`) waits for its consequence.
fn consequential(f: &str) -> bool {
    CONSEQUENCE.is_match(f)
}

static CONSEQUENCE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\d分|满分|得分|计分|记分|扣|为止|比例|="));

/// Splits at commas outside brackets (`(3分,少1次扣1分)` stays whole) and after points in
/// brackets that something follows (`设有目标(1分)目标明确(1分)`).
fn commas(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, ch) in s.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => {
                depth = (depth - 1).max(0);
                let end = i + ch.len_utf8();
                let more = s[end..]
                    .chars()
                    .next()
                    .is_some_and(|n| !",;。:)".contains(n));
                if depth == 0 && s[..i].ends_with('分') && more {
                    out.push(&s[start..end]);
                    start = end;
                }
            }
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

static LIMIT: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"扣完为止|直至扣完|扣完|扣满{NUM}分为止|最多扣{NUM}分|扣分不超过{NUM}分|最高扣{NUM}分|^(?:最低(?:得|为|计)?|最少得){NUM}分$"
    ))
});

fn role(c: &str, rule: &Rule) -> Role {
    // Points given (not taken): `得2分`, `,4分`, `满分`, `不得分`.
    let gives = AWARD_AFTER.is_match(c)
        || POINTS_AWARDED.is_match(c)
        || c.contains("满分")
        || c.contains("不得分")
        || c.contains("不计分")
        || (AWARD.is_match(c) && !DEDUCT_AMOUNT.is_match(c));
    let counted = COUNT_DELAY.is_match(c) || COUNT_EVERY.is_match(c) || COUNT_EVENT.is_match(c);
    let per_item = CHECK_PER.is_match(c) || CHECK_PER_AFTER.is_match(c);
    if NOT_TYPABLE.is_match(c) {
        Role::Outside
    } else if DISCRETIONARY.is_match(c) {
        Role::Discretionary
    } else if DEFINITION.is_match(c) && !scores_points(c) {
        Role::Definition
    } else if SHARE_PER_FAILURE.is_match(c)
        || SHARE_CLAUSE
            .captures(c)
            .is_some_and(|m| m.get(1).is_some() || m.get(2).is_some() || m.get(3).is_some())
    {
        Role::Share
    } else if PROPORTIONAL_DEGREE.is_match(c)
        || PROPORTIONAL_RATIO.is_match(c)
        || PROPORTIONAL_DEGREE_FORMULA.is_match(c)
    {
        Role::Formula
    } else if per_item && matches!(rule, Rule::Checklist(_)) {
        Role::PerItem
    } else if counted && matches!(rule, Rule::Count(_)) {
        Role::Count
    } else if STEP.is_match(c) {
        Role::Step
    } else if counted {
        Role::Count
    } else if per_item {
        Role::PerItem
    } else if SERIOUS.is_match(c) {
        Role::Serious
    } else if LIMIT.is_match(c) && (MIN_SCORE.is_match(c) || !POINTS_AWARDED.is_match(c)) {
        Role::Limit
    } else if (ZERO_LE.is_match(c) || ZERO_LT.is_match(c) || ZERO_GE.is_match(c))
        && !matches!(rule, Rule::Bands(_))
    {
        Role::ZeroLine
    } else if gives || c.contains('扣') {
        match rule {
            Rule::Bands(_) => Role::Band,
            Rule::Grade(_) => Role::Grade,
            // `(1)项不符合要求扣2分`: items whose points are what they cost.
            Rule::Additive(a) if a.deducted => Role::PerItem,
            Rule::Additive(_) if gives => Role::Item,
            _ if !gives => Role::Unknown,
            _ if c.contains("满分") || FULL_CLAUSE.is_match(c) => Role::FullMarks,
            _ => Role::Award,
        }
    } else if !c.contains('分') {
        let marked = PART_MARKER.is_match(c); // `①`, `1.`, `(1)`
        if marked && matches!(rule, Rule::Checklist(_) | Rule::Share(_)) {
            Role::Point
        } else {
            Role::Note
        }
    } else {
        Role::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(text: &str) -> Vec<(String, &'static str)> {
        let rule = parse_rule(text);
        clauses(text, &rule)
            .into_iter()
            .map(|c| (c.text, c.role.words()))
            .collect()
    }

    /// A clause that ends in 不得分 gives points (none), though it also takes some.
    #[test]
    fn a_clause_ending_in_no_points_gives_them() {
        let r = roles("完成率≥95%得满分;低于95%扣2分直至不得分");
        assert_eq!(r[1], ("低于95%扣2分直至不得分".into(), "得分条件"), "{r:?}");
    }

    /// A clause that gives points and takes some (`得2分否则扣2分`) gives them: an award, not a
    /// clause not understood.
    #[test]
    fn a_clause_giving_and_taking_points_is_an_award() {
        let r = roles("满意度≥90%得满分，每降低1个百分点扣1分;按时报送得2分否则扣2分");
        assert_eq!(
            r.last().unwrap(),
            &("按时报送得2分否则扣2分".into(), "得分条件"),
            "{r:?}"
        );
    }

    /// Each way of writing a share, a count per delay and a zero line is read alone.
    #[test]
    fn each_form_of_a_share_a_delay_and_a_zero_line() {
        for (text, clause, role) in [
            ("要点①占指标分值的40%", "要点①占指标分值的40%", "要点占比"),
            (
                "2项内容占指标分值的60%",
                "2项内容占指标分值的60%",
                "要点占比",
            ),
            ("每迟一天扣0.5分", "每迟1天扣0.5分", "按次扣分"),
            (
                "满意度≥90%得满分，每降低1个百分点扣1分;低于60%的不得分",
                "低于60%的不得分",
                "不得分界线",
            ),
        ] {
            let r = roles(text);
            assert!(r.contains(&(clause.to_string(), role)), "{text}: {r:?}");
        }
    }

    /// Commas inside brackets split nothing; points in brackets with more after them end a
    /// clause; a bracket closed twice does not open the line to splitting early.
    #[test]
    fn commas_outside_brackets_split() {
        assert_eq!(
            commas("满意度(抽样调查,下同)≥90%得5分,否则不得分"),
            ["满意度(抽样调查,下同)≥90%得5分", "否则不得分"]
        );
        assert_eq!(
            commas("按时完成(3分,少1次扣1分)"),
            ["按时完成(3分,少1次扣1分)"]
        );
        assert_eq!(
            commas("设有目标(1分)目标明确(1分)"),
            ["设有目标(1分)", "目标明确(1分)"]
        );
        assert_eq!(commas("a))b,(c,d)"), ["a))b", "(c,d)"]);
        // Brackets inside brackets.
        assert_eq!(
            commas("资料(含附件(1),附件(2))齐全"),
            ["资料(含附件(1),附件(2))齐全"]
        );
    }

    #[test]
    fn a_threshold_is_a_full_mark_a_step_a_limit_and_a_zero_line() {
        let r = roles(
            "预算执行率95%以上，得满分；低于95%，每下降1%扣权重的1%；预算执行率60%以下，不计分",
        );
        let words: Vec<&str> = r.iter().map(|(_, w)| *w).collect();
        assert_eq!(words, ["满分条件", "按差距扣分", "不得分界线"], "{r:?}");
        // The condition stays with its consequence.
        assert_eq!(r[1].0, "低于95%,每下降1%扣权重的1%");
        let r = roles("资金到位率大于90%的得满分，每少5个百分点扣0.5分，扣完为止。");
        let words: Vec<&str> = r.iter().map(|(_, w)| *w).collect();
        assert_eq!(words, ["满分条件", "按差距扣分", "扣分限度"]);
    }

    #[test]
    fn bands_grades_and_items_are_named_as_the_rule_reads_them() {
        let bands = roles("≥95%,计6分;85%(含)-95%,计4分;75%(含)-85%,计2分");
        assert!(bands.iter().all(|(_, w)| *w == "分档"), "{bands:?}");
        let grades = roles("规范:3分;基本规范:2分;不规范:0分");
        assert!(grades.iter().all(|(_, w)| *w == "等级"), "{grades:?}");
        let items = roles("开展入户宣传,得 1 分;组织业务培训,得 2 分");
        assert!(items.iter().all(|(_, w)| *w == "计分项"), "{items:?}");
        let share = roles("要点①②各占20%，要点③占60%");
        assert!(share.iter().all(|(_, w)| *w == "要点占比"), "{share:?}");
    }

    #[test]
    fn a_refused_text_names_the_clause_not_understood() {
        let r = roles("不符合规定的，每项扣2分；构成重大隐患的，不得分，并追加扣除20分。");
        assert_eq!(
            parse_rule("不符合规定的，每项扣2分；构成重大隐患的，不得分，并追加扣除20分。").kind(),
            RuleKind::Manual
        );
        assert!(
            r.iter()
                .any(|(t, w)| t.contains("追加扣除") && w.contains("未能识别")),
            "{r:?}"
        );
        // A definition is set aside, not refused.
        let r = roles("预算执行率=实际支出金额/项目预算金额×100%");
        assert_eq!(r[0].1, "指标定义（不计分）");
    }

    #[test]
    fn numbered_parts_are_clauses_of_their_own() {
        let r =
            roles("1.建立限养区养殖场台帐，得2分。2.加强监督管理，防止禁养区养殖场反弹。得5分。");
        assert!(r.len() >= 2, "{r:?}");
        assert!(r.iter().any(|(t, _)| t.starts_with("2.")), "{r:?}");
    }
}
