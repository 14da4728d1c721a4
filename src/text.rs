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

/// The half-width form of a full-width character (and the ideographic space as a space).
pub fn halfwidth_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '≦' => '≤',
        '≧' => '≥',
        _ => c,
    }
}

/// Traditional → simplified for the characters of evaluation workbooks: the column titles, the
/// labels of facts and rows, and the vocabulary of 评价标准 texts (scoring verbs, units, the
/// indicator words of the 2013/2020 frameworks). Not a general converter: it covers what
/// traditional-character republications and OCR of Hong Kong/Taiwan fonts produce in these
/// tables. Names and texts are kept as written; only what is matched is folded. Sorted by the
/// traditional character (a test checks), for a binary search.
const TRADITIONAL: &[(char, char)] = &[
    ('並', '并'),
    ('佔', '占'),
    ('來', '来'),
    ('係', '系'),
    ('個', '个'),
    ('們', '们'),
    ('備', '备'),
    ('傳', '传'),
    ('價', '价'),
    ('儀', '仪'),
    ('億', '亿'),
    ('優', '优'),
    ('內', '内'),
    ('兩', '两'),
    ('別', '别'),
    ('則', '则'),
    ('創', '创'),
    ('劃', '划'),
    ('劑', '剂'),
    ('動', '动'),
    ('務', '务'),
    ('勞', '劳'),
    ('匯', '汇'),
    ('區', '区'),
    ('參', '参'),
    ('員', '员'),
    ('問', '问'),
    ('單', '单'),
    ('嚴', '严'),
    ('圍', '围'),
    ('園', '园'),
    ('圖', '图'),
    ('執', '执'),
    ('報', '报'),
    ('場', '场'),
    ('壓', '压'),
    ('壞', '坏'),
    ('學', '学'),
    ('實', '实'),
    ('審', '审'),
    ('將', '将'),
    ('專', '专'),
    ('對', '对'),
    ('導', '导'),
    ('屆', '届'),
    ('層', '层'),
    ('屬', '属'),
    ('師', '师'),
    ('帳', '账'),
    ('帶', '带'),
    ('幣', '币'),
    ('幹', '干'),
    ('幾', '几'),
    ('廠', '厂'),
    ('廢', '废'),
    ('廣', '广'),
    ('廳', '厅'),
    ('張', '张'),
    ('彈', '弹'),
    ('彎', '弯'),
    ('彙', '汇'),
    ('後', '后'),
    ('從', '从'),
    ('復', '复'),
    ('徵', '征'),
    ('態', '态'),
    ('慮', '虑'),
    ('應', '应'),
    ('懷', '怀'),
    ('戰', '战'),
    ('戲', '戏'),
    ('戶', '户'),
    ('掃', '扫'),
    ('採', '采'),
    ('揮', '挥'),
    ('損', '损'),
    ('撥', '拨'),
    ('擁', '拥'),
    ('擔', '担'),
    ('據', '据'),
    ('擬', '拟'),
    ('擴', '扩'),
    ('數', '数'),
    ('斷', '断'),
    ('於', '于'),
    ('時', '时'),
    ('書', '书'),
    ('會', '会'),
    ('東', '东'),
    ('條', '条'),
    ('業', '业'),
    ('極', '极'),
    ('構', '构'),
    ('樓', '楼'),
    ('標', '标'),
    ('樣', '样'),
    ('橋', '桥'),
    ('機', '机'),
    ('橫', '横'),
    ('檔', '档'),
    ('檢', '检'),
    ('權', '权'),
    ('歲', '岁'),
    ('歷', '历'),
    ('歸', '归'),
    ('殘', '残'),
    ('氣', '气'),
    ('決', '决'),
    ('況', '况'),
    ('減', '减'),
    ('測', '测'),
    ('準', '准'),
    ('溝', '沟'),
    ('溫', '温'),
    ('滯', '滞'),
    ('滿', '满'),
    ('濟', '济'),
    ('災', '灾'),
    ('為', '为'),
    ('無', '无'),
    ('熱', '热'),
    ('燈', '灯'),
    ('爭', '争'),
    ('獎', '奖'),
    ('獲', '获'),
    ('現', '现'),
    ('瑣', '琐'),
    ('璣', '玑'),
    ('環', '环'),
    ('產', '产'),
    ('畢', '毕'),
    ('畫', '画'),
    ('異', '异'),
    ('當', '当'),
    ('療', '疗'),
    ('癒', '愈'),
    ('發', '发'),
    ('盡', '尽'),
    ('監', '监'),
    ('盤', '盘'),
    ('盧', '卢'),
    ('眾', '众'),
    ('確', '确'),
    ('碼', '码'),
    ('礎', '础'),
    ('礙', '碍'),
    ('禮', '礼'),
    ('稅', '税'),
    ('種', '种'),
    ('稱', '称'),
    ('積', '积'),
    ('穩', '稳'),
    ('窮', '穷'),
    ('競', '竞'),
    ('筆', '笔'),
    ('節', '节'),
    ('範', '范'),
    ('築', '筑'),
    ('簡', '简'),
    ('籌', '筹'),
    ('糧', '粮'),
    ('紀', '纪'),
    ('約', '约'),
    ('紅', '红'),
    ('納', '纳'),
    ('純', '纯'),
    ('紙', '纸'),
    ('級', '级'),
    ('紛', '纷'),
    ('細', '细'),
    ('終', '终'),
    ('組', '组'),
    ('結', '结'),
    ('絕', '绝'),
    ('絡', '络'),
    ('給', '给'),
    ('統', '统'),
    ('經', '经'),
    ('綜', '综'),
    ('綠', '绿'),
    ('維', '维'),
    ('網', '网'),
    ('緊', '紧'),
    ('線', '线'),
    ('緣', '缘'),
    ('編', '编'),
    ('緩', '缓'),
    ('練', '练'),
    ('縣', '县'),
    ('縮', '缩'),
    ('總', '总'),
    ('績', '绩'),
    ('織', '织'),
    ('繫', '系'),
    ('繳', '缴'),
    ('續', '续'),
    ('罰', '罚'),
    ('義', '义'),
    ('習', '习'),
    ('聞', '闻'),
    ('聯', '联'),
    ('聲', '声'),
    ('職', '职'),
    ('聽', '听'),
    ('脅', '胁'),
    ('脫', '脱'),
    ('臨', '临'),
    ('與', '与'),
    ('興', '兴'),
    ('舉', '举'),
    ('舊', '旧'),
    ('艙', '舱'),
    ('艱', '艰'),
    ('萬', '万'),
    ('蓋', '盖'),
    ('藥', '药'),
    ('處', '处'),
    ('號', '号'),
    ('虧', '亏'),
    ('術', '术'),
    ('衛', '卫'),
    ('衝', '冲'),
    ('補', '补'),
    ('裝', '装'),
    ('製', '制'),
    ('複', '复'),
    ('襲', '袭'),
    ('覈', '核'),
    ('規', '规'),
    ('視', '视'),
    ('親', '亲'),
    ('覺', '觉'),
    ('覽', '览'),
    ('觀', '观'),
    ('訂', '订'),
    ('計', '计'),
    ('訊', '讯'),
    ('訓', '训'),
    ('託', '托'),
    ('記', '记'),
    ('訪', '访'),
    ('設', '设'),
    ('許', '许'),
    ('診', '诊'),
    ('評', '评'),
    ('詢', '询'),
    ('試', '试'),
    ('詩', '诗'),
    ('話', '话'),
    ('該', '该'),
    ('詳', '详'),
    ('認', '认'),
    ('誠', '诚'),
    ('誤', '误'),
    ('說', '说'),
    ('課', '课'),
    ('調', '调'),
    ('請', '请'),
    ('論', '论'),
    ('諮', '咨'),
    ('諸', '诸'),
    ('諾', '诺'),
    ('謀', '谋'),
    ('講', '讲'),
    ('證', '证'),
    ('識', '识'),
    ('議', '议'),
    ('護', '护'),
    ('讀', '读'),
    ('變', '变'),
    ('讓', '让'),
    ('負', '负'),
    ('財', '财'),
    ('貢', '贡'),
    ('貧', '贫'),
    ('貨', '货'),
    ('責', '责'),
    ('貸', '贷'),
    ('費', '费'),
    ('貼', '贴'),
    ('資', '资'),
    ('賠', '赔'),
    ('賦', '赋'),
    ('質', '质'),
    ('賬', '账'),
    ('賴', '赖'),
    ('購', '购'),
    ('贈', '赠'),
    ('贊', '赞'),
    ('趕', '赶'),
    ('趨', '趋'),
    ('跡', '迹'),
    ('踐', '践'),
    ('車', '车'),
    ('軌', '轨'),
    ('軍', '军'),
    ('軟', '软'),
    ('較', '较'),
    ('載', '载'),
    ('輔', '辅'),
    ('輕', '轻'),
    ('輸', '输'),
    ('轄', '辖'),
    ('轉', '转'),
    ('辦', '办'),
    ('農', '农'),
    ('這', '这'),
    ('週', '周'),
    ('進', '进'),
    ('運', '运'),
    ('過', '过'),
    ('達', '达'),
    ('違', '违'),
    ('遞', '递'),
    ('遠', '远'),
    ('適', '适'),
    ('遲', '迟'),
    ('遷', '迁'),
    ('選', '选'),
    ('遺', '遗'),
    ('還', '还'),
    ('邊', '边'),
    ('鄉', '乡'),
    ('鄰', '邻'),
    ('醫', '医'),
    ('釋', '释'),
    ('釐', '厘'),
    ('針', '针'),
    ('錄', '录'),
    ('錢', '钱'),
    ('錯', '错'),
    ('鎮', '镇'),
    ('鐘', '钟'),
    ('鑒', '鉴'),
    ('長', '长'),
    ('門', '门'),
    ('閉', '闭'),
    ('開', '开'),
    ('閒', '闲'),
    ('間', '间'),
    ('閱', '阅'),
    ('闆', '板'),
    ('關', '关'),
    ('陸', '陆'),
    ('陽', '阳'),
    ('隊', '队'),
    ('階', '阶'),
    ('際', '际'),
    ('隨', '随'),
    ('險', '险'),
    ('雙', '双'),
    ('雜', '杂'),
    ('離', '离'),
    ('難', '难'),
    ('雲', '云'),
    ('電', '电'),
    ('靜', '静'),
    ('響', '响'),
    ('頁', '页'),
    ('頂', '顶'),
    ('項', '项'),
    ('順', '顺'),
    ('須', '须'),
    ('預', '预'),
    ('領', '领'),
    ('頭', '头'),
    ('頻', '频'),
    ('題', '题'),
    ('額', '额'),
    ('願', '愿'),
    ('類', '类'),
    ('顧', '顾'),
    ('顯', '显'),
    ('風', '风'),
    ('飛', '飞'),
    ('飯', '饭'),
    ('飲', '饮'),
    ('養', '养'),
    ('餘', '余'),
    ('館', '馆'),
    ('馬', '马'),
    ('驅', '驱'),
    ('驗', '验'),
    ('體', '体'),
    ('髮', '发'),
    ('鬥', '斗'),
    ('魚', '鱼'),
    ('鳥', '鸟'),
    ('麥', '麦'),
    ('黃', '黄'),
    ('點', '点'),
    ('黨', '党'),
    ('齊', '齐'),
    ('齡', '龄'),
    ('龍', '龙'),
];

/// The simplified form of a traditional character of [`TRADITIONAL`], else the character.
pub fn simplified(c: char) -> char {
    if c < '\u{4E00}' {
        return c;
    }
    TRADITIONAL
        .binary_search_by_key(&c, |(t, _)| *t)
        .map_or(c, |i| TRADITIONAL[i].1)
}

/// Normalises a column title for matching (SPEC §2.1): remove all whitespace including line
/// breaks, fold full-width forms and traditional characters ([`simplified`]), drop a trailing
/// `(…)`.
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
    let mut folded = String::with_capacity(s.len());
    folded.extend(
        s.chars()
            .map(|c| simplified(halfwidth_char(c)))
            .filter(|c| !c.is_whitespace()),
    );
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
/// does not hold a number stays part of the name. A code in front, as evaluation firms number
/// their levels (`A决策15分`, `A1项目立项5分`, `A101立项依据充分性`: one capital letter and
/// digits), is not part of the name, and after a code a weight may follow the name without a
/// bracket. A `★` or `☆` marking a core indicator is dropped.
///
/// # Examples
/// ```
/// use jixiao::text::split_weight;
/// assert_eq!(split_weight("效果（30分）"), ("效果".to_string(), Some("30".parse().unwrap())));
/// assert_eq!(split_weight("满意度(公众)"), ("满意度(公众)".to_string(), None));
/// assert_eq!(split_weight("A1项目立项5分"), ("项目立项".to_string(), Some("5".parse().unwrap())));
/// ```
pub fn split_weight(raw: &str) -> (String, Option<Decimal>) {
    let folded = folded(raw, |c| c != '\n' && c != '\r');
    let trimmed = folded.trim().trim_start_matches(['★', '☆']).trim_start();
    if let Some((weight, name)) = leading_weight(trimmed) {
        return (name.to_string(), Some(weight));
    }
    let (name, weight) = match split_trailing_bracket(trimmed) {
        (name, Some(inner)) => match parse_number_text(inner).filter(|n| !n.percent) {
            Some(n) => (name.trim(), Some(n.value)),
            None => (trimmed, None),
        },
        (name, None) => (name, None),
    };
    match strip_code(name) {
        Some(rest) => {
            let (rest, unbracketed) = match weight {
                Some(_) => (rest, None),
                None => trailing_points(rest),
            };
            (rest.to_string(), weight.or(unbracketed))
        }
        None if name.len() == folded.len() => (folded, weight),
        None => (name.to_string(), weight),
    }
}

/// A name after its code: `A101立项依据充分性` → `立项依据充分性`, `B2、过程管理` → `过程管理`.
/// `None` when the name does not start with one capital letter, digits and then a Chinese
/// character (`GDP增长率`, `5G覆盖率` keep their letters).
fn strip_code(name: &str) -> Option<&str> {
    let mut chars = name.chars();
    if !chars.next()?.is_ascii_uppercase() {
        return None;
    }
    let rest = name[1..].trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = rest.trim_start_matches(['.', '、', ' ']);
    rest.chars()
        .next()
        .is_some_and(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
        .then_some(rest)
}

/// A weight in a bracket before the name, as some provinces' forms write levels:
/// `(20分)项目决策` → (20, `项目决策`).
/// A weight in a bracket before the name: `(10分)科学决策`, `(10 ) 绩效目标`, a labelled one
/// `( 特性指标70 分)项目绩效`, and one whose opening bracket was lost in publishing
/// (`20 分)项目决策`, which needs the 分).
fn leading_weight(s: &str) -> Option<(Decimal, &str)> {
    let (inner, rest) = match s.strip_prefix('(') {
        Some(inner_and_rest) => inner_and_rest.split_once(')')?,
        None => s
            .split_once(')')
            .filter(|(inner, _)| inner.trim_end().ends_with('分') && !inner.contains('('))?,
    };
    let weight = match parse_number_text(inner).filter(|n| !n.percent) {
        Some(n) => n.value,
        None if s.starts_with('(') => labelled_points(inner)?,
        None => return None,
    };
    let rest = rest.trim();
    (!rest.is_empty()).then_some((weight, rest))
}

/// Points after a label, as some provinces head a block: `特性指标70 分` → 70. The label is
/// text without digits; the 分 is required.
fn labelled_points(inner: &str) -> Option<Decimal> {
    let body = inner.trim().strip_suffix('分')?.trim_end();
    let label = body.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    let number = &body[label.len()..];
    let label = label.trim();
    if label.is_empty() || label.contains(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Decimal::from_str(number).ok().map(|d| d.normalize())
}

/// A weight written after a coded name without a bracket: `决策15分` → (`决策`, 15).
fn trailing_points(name: &str) -> (&str, Option<Decimal>) {
    let Some(body) = name.strip_suffix('分') else {
        return (name, None);
    };
    let head = body.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    if head.is_empty() || head.len() == body.len() {
        return (name, None);
    }
    match Decimal::from_str(&body[head.len()..]) {
        Ok(w) => (head, Some(w.normalize())),
        Err(_) => (name, None),
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
    fn simplified_characters_are_never_folded() {
        // 覆 (覆盖) is a simplified character too; 復 and 複 are not.
        assert_eq!(simplified('覆'), '覆');
        assert_eq!(simplified('復'), '复');
        assert_eq!(simplified('複'), '复');
        assert_eq!(simplified('盖'), '盖');
    }

    #[test]
    fn the_traditional_table_is_sorted_and_folds_titles() {
        assert!(TRADITIONAL.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(normalize_title("三級指標"), "三级指标");
        assert_eq!(
            normalize_title("偏差原因分析及改進措施"),
            "偏差原因分析及改进措施"
        );
        assert_eq!(normalize_title("評價標準"), "评价标准");
        assert_eq!(simplified('a'), 'a');
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
            ("A决策15分", "决策", Some("15")),
            ("A1项目立项5分", "项目立项", Some("5")),
            ("A101立项依据充分性", "立项依据充分性", None),
            ("B2、过程管理（20分）", "过程管理", Some("20")),
            ("★服务对象满意度", "服务对象满意度", None),
            ("GDP增长率", "GDP增长率", None),
            ("5G网络覆盖率", "5G网络覆盖率", None),
            ("考核得分达到90分", "考核得分达到90分", None),
            ("(20分)项目决策", "项目决策", Some("20")),
            ("（10）绩效目标", "绩效目标", Some("10")),
            // 四川's 2019 评分表 as published (wanglu.net): a label in the bracket, and one
            // whose opening bracket was lost.
            ("( 特性指标70 分)项目绩效", "项目绩效", Some("70")),
            ("20 分)项目决策", "项目决策", Some("20")),
            ("1)资金到位率", "1)资金到位率", None),
            ("(一)项目决策", "(一)项目决策", None),
            ("(2020年)项目决策", "(2020年)项目决策", None),
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
