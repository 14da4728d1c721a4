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

use crate::text::halfwidth;

/// Traditional → simplified for the characters of evaluation criteria. Not a general
/// converter: it covers the vocabulary of 评价标准 texts (scoring verbs, units, the indicator
/// words of the 2013/2020 frameworks), which is what traditional-character submissions and
/// OCR of Hong Kong/Taiwan fonts produce.
const TRADITIONAL: &[(char, char)] = &[
    ('員', '员'),
    ('針', '针'),
    ('較', '较'),
    ('幹', '干'),
    ('賦', '赋'),
    ('佔', '占'),
    ('並', '并'),
    ('個', '个'),
    ('點', '点'),
    ('項', '项'),
    ('滿', '满'),
    ('於', '于'),
    ('達', '达'),
    ('標', '标'),
    ('準', '准'),
    ('額', '额'),
    ('資', '资'),
    ('執', '执'),
    ('預', '预'),
    ('減', '减'),
    ('為', '为'),
    ('無', '无'),
    ('實', '实'),
    ('際', '际'),
    ('數', '数'),
    ('計', '计'),
    ('劃', '划'),
    ('績', '绩'),
    ('評', '评'),
    ('價', '价'),
    ('規', '规'),
    ('範', '范'),
    ('節', '节'),
    ('約', '约'),
    ('時', '时'),
    ('間', '间'),
    ('與', '与'),
    ('過', '过'),
    ('嚴', '严'),
    ('處', '处'),
    ('發', '发'),
    ('現', '现'),
    ('問', '问'),
    ('題', '题'),
    ('況', '况'),
    ('應', '应'),
    ('當', '当'),
    ('經', '经'),
    ('濟', '济'),
    ('會', '会'),
    ('對', '对'),
    ('調', '调'),
    ('進', '进'),
    ('歸', '归'),
    ('檔', '档'),
    ('齊', '齐'),
    ('備', '备'),
    ('續', '续'),
    ('單', '单'),
    ('據', '据'),
    ('運', '运'),
    ('維', '维'),
    ('護', '护'),
    ('質', '质'),
    ('總', '总'),
    ('體', '体'),
    ('產', '产'),
    ('開', '开'),
    ('關', '关'),
    ('種', '种'),
    ('類', '类'),
    ('從', '从'),
    ('這', '这'),
    ('們', '们'),
    ('來', '来'),
    ('後', '后'),
    ('將', '将'),
    ('獲', '获'),
    ('優', '优'),
    ('級', '级'),
    ('決', '决'),
    ('證', '证'),
    ('論', '论'),
    ('險', '险'),
    ('風', '风'),
    ('環', '环'),
    ('態', '态'),
    ('蓋', '盖'),
    ('訪', '访'),
    ('辦', '办'),
    ('紀', '纪'),
    ('錄', '录'),
    ('報', '报'),
    ('彙', '汇'),
    ('匯', '汇'),
    ('結', '结'),
    ('餘', '余'),
    ('轉', '转'),
    ('撥', '拨'),
    ('費', '费'),
    ('帳', '账'),
    ('賬', '账'),
    ('務', '务'),
    ('監', '监'),
    ('檢', '检'),
    ('驗', '验'),
    ('頭', '头'),
    ('內', '内'),
    ('確', '确'),
    ('認', '认'),
    ('設', '设'),
    ('細', '细'),
    ('權', '权'),
    ('幾', '几'),
    ('兩', '两'),
    ('萬', '万'),
    ('億', '亿'),
    ('條', '条'),
    ('記', '记'),
    ('視', '视'),
    ('絕', '绝'),
    ('審', '审'),
    ('則', '则'),
    ('錯', '错'),
    ('誤', '误'),
    ('遲', '迟'),
    ('滯', '滞'),
    ('補', '补'),
    ('貼', '贴'),
    ('戶', '户'),
    ('農', '农'),
    ('業', '业'),
    ('礎', '础'),
    ('築', '筑'),
    ('區', '区'),
    ('縣', '县'),
    ('鎮', '镇'),
    ('鄉', '乡'),
    ('醫', '医'),
    ('療', '疗'),
    ('衛', '卫'),
    ('學', '学'),
    ('師', '师'),
    ('稅', '税'),
    ('糧', '粮'),
    ('廠', '厂'),
    ('園', '园'),
    ('綠', '绿'),
    ('氣', '气'),
    ('電', '电'),
    ('線', '线'),
    ('網', '网'),
    ('絡', '络'),
    ('號', '号'),
    ('碼', '码'),
    ('頁', '页'),
    ('圖', '图'),
    ('書', '书'),
    ('習', '习'),
    ('練', '练'),
    ('聯', '联'),
    ('係', '系'),
    ('繫', '系'),
    ('場', '场'),
    ('積', '积'),
    ('極', '极'),
    ('擴', '扩'),
    ('張', '张'),
    ('廣', '广'),
    ('說', '说'),
    ('讀', '读'),
    ('選', '选'),
    ('傳', '传'),
    ('覽', '览'),
    ('舉', '举'),
    ('參', '参'),
    ('覺', '觉'),
    ('變', '变'),
    ('動', '动'),
    ('創', '创'),
    ('構', '构'),
    ('樣', '样'),
    ('樓', '楼'),
    ('機', '机'),
    ('歷', '历'),
    ('歲', '岁'),
    ('劑', '剂'),
    ('勞', '劳'),
    ('壞', '坏'),
    ('彎', '弯'),
    ('復', '复'),
    ('複', '复'),
    ('覆', '复'),
    ('徵', '征'),
    ('慮', '虑'),
    ('戰', '战'),
    ('掃', '扫'),
    ('損', '损'),
    ('擔', '担'),
    ('擬', '拟'),
    ('斷', '断'),
    ('義', '义'),
    ('聽', '听'),
    ('臨', '临'),
    ('舊', '旧'),
    ('虧', '亏'),
    ('衝', '冲'),
    ('覈', '核'),
    ('訂', '订'),
    ('訊', '讯'),
    ('託', '托'),
    ('詢', '询'),
    ('該', '该'),
    ('詳', '详'),
    ('誠', '诚'),
    ('諾', '诺'),
    ('貨', '货'),
    ('責', '责'),
    ('貸', '贷'),
    ('購', '购'),
    ('贈', '赠'),
    ('趕', '赶'),
    ('跡', '迹'),
    ('輔', '辅'),
    ('輸', '输'),
    ('週', '周'),
    ('違', '违'),
    ('遞', '递'),
    ('適', '适'),
    ('遺', '遗'),
    ('還', '还'),
    ('釐', '厘'),
    ('鐘', '钟'),
    ('長', '长'),
    ('門', '门'),
    ('閱', '阅'),
    ('隊', '队'),
    ('陽', '阳'),
    ('階', '阶'),
    ('隨', '随'),
    ('雙', '双'),
    ('難', '难'),
    ('離', '离'),
    ('響', '响'),
    ('順', '顺'),
    ('領', '领'),
    ('頻', '频'),
    ('顯', '显'),
    ('願', '愿'),
    ('飲', '饮'),
    ('養', '养'),
    ('齡', '龄'),
    ('盡', '尽'),
    ('溫', '温'),
    ('屆', '届'),
    ('層', '层'),
    ('屬', '属'),
    ('幣', '币'),
    ('廢', '废'),
    ('彈', '弹'),
    ('懷', '怀'),
    ('戲', '戏'),
    ('擁', '拥'),
    ('爭', '争'),
    ('畢', '毕'),
    ('異', '异'),
    ('癒', '愈'),
    ('盤', '盘'),
    ('眾', '众'),
    ('礙', '碍'),
    ('禮', '礼'),
    ('稱', '称'),
    ('穩', '稳'),
    ('窮', '穷'),
    ('簡', '简'),
    ('籌', '筹'),
    ('紅', '红'),
    ('統', '统'),
    ('綜', '综'),
    ('編', '编'),
    ('緣', '缘'),
    ('縮', '缩'),
    ('織', '织'),
    ('繳', '缴'),
    ('罰', '罚'),
    ('職', '职'),
    ('聲', '声'),
    ('脫', '脱'),
    ('興', '兴'),
    ('艱', '艰'),
    ('藥', '药'),
    ('術', '术'),
    ('裝', '装'),
    ('製', '制'),
    ('親', '亲'),
    ('觀', '观'),
    ('訓', '训'),
    ('試', '试'),
    ('話', '话'),
    ('課', '课'),
    ('請', '请'),
    ('識', '识'),
    ('負', '负'),
    ('財', '财'),
    ('貧', '贫'),
    ('貢', '贡'),
    ('贊', '赞'),
    ('軟', '软'),
    ('遠', '远'),
    ('邊', '边'),
    ('鄰', '邻'),
    ('錢', '钱'),
    ('閒', '闲'),
    ('陸', '陆'),
    ('雜', '杂'),
    ('雲', '云'),
    ('靜', '静'),
    ('頂', '顶'),
    ('須', '须'),
    ('飯', '饭'),
    ('館', '馆'),
    ('馬', '马'),
    ('驅', '驱'),
    ('髮', '发'),
    ('鬥', '斗'),
    ('魚', '鱼'),
    ('鳥', '鸟'),
    ('麥', '麦'),
    ('黃', '黄'),
    ('龍', '龙'),
];

fn simplify(c: char) -> char {
    TRADITIONAL
        .iter()
        .find(|(t, _)| *t == c)
        .map(|(_, s)| *s)
        .unwrap_or(c)
}

const NUMERAL_CHARS: &str = "零〇一二两三四五六七八九十百点半";

/// Counters and units after which a Chinese numeral is a number.
const UNIT_AFTER: &[&str] = &[
    "分", "个", "项", "处", "次", "%", "点", "倍", "档", "条", "人", "天", "日", "月", "年", "例",
    "起", "件", "家", "户", "所", "名", "周", "季", "小时", "万", "元", "级", "成",
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
    let mut seen_any = false;
    for c in run.chars() {
        match c {
            '十' => {
                total += if current == 0 && !seen_any {
                    10
                } else {
                    current * 10
                };
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
        seen_any = true;
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
/// ```
pub fn normalize(text: &str) -> String {
    let folded: String = halfwidth(text)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{200b}' && *c != '\u{feff}')
        .map(simplify)
        .map(|c| match c {
            '≦' => '≤',
            '≧' => '≥',
            '﹪' => '%',
            '～' | '〜' => '~',
            '－' | '–' | '―' => '-',
            '*' | '✕' | '╳' => '×',
            _ => c,
        })
        .collect();
    let folded = folded
        .replace(">=", "≥")
        .replace("<=", "≤")
        .replace("＞", ">")
        .replace("＜", "<");
    let with_percent = percent_words(&folded);
    convert_numerals(&with_percent)
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
        match value {
            Some(v) if !run.is_empty() => {
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
        if !NUMERAL_CHARS.contains(chars[i]) || is_word_bai(&chars, i) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && NUMERAL_CHARS.contains(chars[i]) && !is_word_bai(&chars, i) {
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
        // 一半 (half of something) is a word, not 1.5.
        let is_word = run == "百" || run.ends_with("一半");
        match numeral_value(&run) {
            Some(v) if numeric_context && !run.is_empty() && !is_word => out.push_str(&v),
            _ => out.push_str(&run),
        }
        out.push_str(&trailing);
    }
    out
}

/// True for the 百 of 百分点 / 百分比 / 百分率, which is a word, not a hundred.
fn is_word_bai(chars: &[char], i: usize) -> bool {
    chars[i] == '百' && chars.get(i + 1) == Some(&'分')
}

#[cfg(test)]
mod tests {
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
}
