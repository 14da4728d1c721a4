//! County rules: `jixiao.toml` (SPEC §6) and the built-in defaults. Also home of the two named
//! numeric policies every stage shares: [`Config::round`] (the one rounding function) and
//! [`Config::grade`] (the grade bands).
//!
//! ```toml
//! total_weight = 100          # level1 weights must add up to this
//! step = "proportional"       # a partial step of shortfall: proportional, floor or ceil
//!
//! [rounding]
//! places = 2                  # scores are rounded to this many decimal places
//! mode = "half_up"            # half_up (midpoint away from zero, as Excel) or truncate
//!
//! [[grade]]                   # bands, highest first; a score ≥ min gets the grade
//! name = "优"
//! min = 90
//! [[grade]]
//! name = "良"
//! min = 80
//! [[grade]]
//! name = "中"
//! min = 60
//! [[grade]]
//! name = "差"
//! min = 0
//!
//! [expected_level1]           # W104 when a level1 of this name has another weight
//! "产出指标" = 50
//! "效益指标" = 30
//! "满意度指标" = 10
//!
//! [[rule]]                    # replaces the 评价标准 of every indicator of this name
//! indicator = "资金到位率"
//! text = "资金到位率大于90%的得满分，每少5个百分点扣0.5分，扣完为止"
//! ```

use crate::rule::StepMode;
use crate::text::normalize_title;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, Deserializer};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// How scores are rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// Midpoint away from zero, as Excel's ROUND.
    HalfUp,
    /// Cut off the extra places (some budget systems do this).
    Truncate,
}

/// One grade band: scores at or above `min` (and below the next band up) get `name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradeBand {
    /// The grade word, e.g. 优.
    pub name: String,
    /// The lowest score of the band, inclusive.
    pub min: Decimal,
}

/// The resolved configuration every stage reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// What the level1 weights must add up to.
    pub total_weight: Decimal,
    /// Decimal places of scores.
    pub places: u32,
    /// Rounding mode of scores.
    pub rounding: RoundingMode,
    /// Grade bands, highest `min` first.
    pub grades: Vec<GradeBand>,
    /// Expected level1 weights by normalised name (W104).
    pub expected_level1: BTreeMap<String, Decimal>,
    /// How a partial step of a threshold rule counts.
    pub step: StepMode,
    /// Criterion texts that replace an indicator's own, by normalised level3 name.
    pub rules: BTreeMap<String, String>,
}

impl Default for Config {
    fn default() -> Self {
        let band = |name: &str, min: i64| GradeBand {
            name: name.into(),
            min: Decimal::from(min),
        };
        Config {
            total_weight: Decimal::from(100),
            places: 2,
            rounding: RoundingMode::HalfUp,
            grades: vec![
                band("优", 90),
                band("良", 80),
                band("中", 60),
                band("差", 0),
            ],
            expected_level1: [("产出指标", 50), ("效益指标", 30), ("满意度指标", 10)]
                .into_iter()
                .map(|(k, v)| (k.to_string(), Decimal::from(v)))
                .collect(),
            step: StepMode::Proportional,
            rules: BTreeMap::new(),
        }
    }
}

impl Config {
    /// Rounds a score to the configured places with the configured mode, normalised.
    ///
    /// This is the only rounding function of the crate.
    pub fn round(&self, d: Decimal) -> Decimal {
        let strategy = match self.rounding {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::Truncate => RoundingStrategy::ToZero,
        };
        d.round_dp_with_strategy(self.places, strategy).normalize()
    }

    /// The grade of a total score: the first band whose `min` the score reaches.
    pub fn grade(&self, score: Decimal) -> Option<&str> {
        self.grades
            .iter()
            .find(|b| score >= b.min)
            .map(|b| b.name.as_str())
    }

    /// The expected weight of a level1 name, if the configuration fixes one.
    pub fn expected_level1_weight(&self, name: &str) -> Option<Decimal> {
        self.expected_level1.get(&normalize_title(name)).copied()
    }

    /// The county's criterion for an indicator, if `[[rule]]` names it.
    pub fn rule_for(&self, indicator: &str) -> Option<&str> {
        self.rules
            .get(&normalize_title(indicator))
            .map(String::as_str)
    }

    /// Reads a `jixiao.toml`, on top of the defaults.
    ///
    /// # Errors
    /// A Chinese message naming the file, the line and the key for unreadable files, unknown
    /// keys and bad values.
    pub fn from_file(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("无法读取配置文件 {}：{e}", path.display()))?;
        Config::from_toml(&text).map_err(|e| format!("配置文件 {} {e}", path.display()))
    }

    /// Parses configuration text (see the module doc) on top of the defaults.
    ///
    /// # Errors
    /// `第N行：…` with the offending key.
    pub fn from_toml(text: &str) -> Result<Config, String> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let message = e.message().trim().to_string();
            format!("第{}行：{message}", error_line(text, e.span(), &message))
        })?;
        let mut cfg = Config::default();
        if let Some(t) = raw.total_weight {
            if t.0 <= Decimal::ZERO {
                return Err(format!("total_weight 必须大于 0，现为 {}", t.0));
            }
            cfg.total_weight = t.0;
        }
        if let Some(step) = raw.step {
            cfg.step = step;
        }
        if let Some(r) = raw.rounding {
            if let Some(p) = r.places {
                if p > 6 {
                    return Err(format!("rounding.places 应在 0 到 6 之间，现为 {p}"));
                }
                cfg.places = p;
            }
            if let Some(m) = r.mode {
                cfg.rounding = m;
            }
        }
        if let Some(grades) = raw.grade {
            if grades.is_empty() {
                return Err("grade 至少需要一个等级".into());
            }
            let mut bands: Vec<GradeBand> = grades
                .into_iter()
                .map(|g| GradeBand {
                    name: g.name,
                    min: g.min.0,
                })
                .collect();
            bands.sort_by_key(|b| std::cmp::Reverse(b.min));
            if bands.last().is_some_and(|b| b.min > Decimal::ZERO) {
                return Err(format!(
                    "grade 的最低一档 min 应为 0，现为 {}（低于它的得分将没有等级）",
                    bands.last().map(|b| b.min).unwrap_or_default()
                ));
            }
            cfg.grades = bands;
        }
        if let Some(rules) = raw.rule {
            for r in rules {
                if r.text.trim().is_empty() {
                    return Err(format!(
                        "[[rule]] indicator = \"{}\" 的 text 为空",
                        r.indicator
                    ));
                }
                cfg.rules.insert(normalize_title(&r.indicator), r.text);
            }
        }
        if let Some(exp) = raw.expected_level1 {
            cfg.expected_level1 = exp
                .into_iter()
                .map(|(k, v)| (normalize_title(&k), v.0))
                .collect();
        }
        Ok(cfg)
    }
}

/// The 1-based line of a TOML error. An unknown key is reported by toml with the span of its
/// whole table, so the line of the key named in the message is preferred.
fn error_line(text: &str, span: Option<std::ops::Range<usize>>, message: &str) -> usize {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    if let Some(key) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
    {
        let start = span.as_ref().map(|s| s.start).unwrap_or(0);
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let t = line.trim_start().trim_start_matches('"');
            if offset >= start
                && t.starts_with(key)
                && t[key.len()..].trim_start().starts_with(['=', '"'])
            {
                return line_of(offset);
            }
            offset += line.len();
        }
    }
    span.map(|s| line_of(s.start)).unwrap_or(1)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    total_weight: Option<Dec>,
    step: Option<StepMode>,
    rounding: Option<RawRounding>,
    grade: Option<Vec<RawGrade>>,
    expected_level1: Option<BTreeMap<String, Dec>>,
    rule: Option<Vec<RawRule>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    indicator: String,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRounding {
    places: Option<u32>,
    mode: Option<RoundingMode>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrade {
    name: String,
    min: Dec,
}

/// A decimal written in TOML as an integer, a float or a string.
#[derive(Debug)]
struct Dec(Decimal);

impl<'de> Deserialize<'de> for Dec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Dec;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("一个数字，例如 90 或 \"92.5\"")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Dec, E> {
                Ok(Dec(Decimal::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Dec, E> {
                Ok(Dec(Decimal::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Dec, E> {
                crate::grid::clean_float(v)
                    .map(Dec)
                    .ok_or_else(|| E::custom(format!("数字 {v} 超出范围")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Dec, E> {
                v.trim()
                    .parse::<Decimal>()
                    .map(|d| Dec(d.normalize()))
                    .map_err(|_| E::custom(format!("“{v}”不是数字")))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn default_grades_follow_10hao() {
        let c = Config::default();
        assert_eq!(c.grade(dec("95.4")), Some("优"));
        assert_eq!(c.grade(dec("90")), Some("优"));
        assert_eq!(c.grade(dec("89.99")), Some("良"));
        assert_eq!(c.grade(dec("80")), Some("良"));
        assert_eq!(c.grade(dec("60")), Some("中"));
        assert_eq!(c.grade(dec("59.99")), Some("差"));
        assert_eq!(c.grade(dec("0")), Some("差"));
    }

    #[test]
    fn rounding_is_half_up_to_two_places_by_default() {
        let c = Config::default();
        assert_eq!(c.round(dec("8.345")), dec("8.35"));
        assert_eq!(c.round(dec("-8.345")), dec("-8.35"));
        assert_eq!(c.round(dec("95.40")).to_string(), "95.4");
        let t = Config::from_toml("[rounding]\nmode = \"truncate\"\n").unwrap();
        assert_eq!(t.round(dec("8.349")), dec("8.34"));
    }

    #[test]
    fn county_bands_override_the_defaults() {
        let c = Config::from_toml(
            "[[grade]]\nname = \"A\"\nmin = 85\n[[grade]]\nname = \"B\"\nmin = \"0\"\n",
        )
        .unwrap();
        assert_eq!(c.grade(dec("86")), Some("A"));
        assert_eq!(c.grade(dec("84.9")), Some("B"));
    }

    #[test]
    fn rule_overrides_by_indicator_name() {
        let c = Config::from_toml(
            "[[rule]]\nindicator = \"资金到位率（1分）\"\ntext = \"到位率≥95%得满分，每低1个百分点扣0.1分\"\n",
        )
        .unwrap();
        assert_eq!(
            c.rule_for("资金到位率"),
            Some("到位率≥95%得满分，每低1个百分点扣0.1分")
        );
        assert_eq!(c.rule_for("到位及时率"), None);
    }

    #[test]
    fn bad_config_names_line_and_key() {
        let err = Config::from_toml("total_weight = 100\ncolour = 3\n").unwrap_err();
        assert!(err.starts_with("第2行"), "{err}");
        assert!(err.contains("colour"), "{err}");
        let err = Config::from_toml("total_weight = \"百\"\n").unwrap_err();
        assert!(err.contains("不是数字"), "{err}");
        let err = Config::from_toml("[[grade]]\nname = \"优\"\nmin = 90\n").unwrap_err();
        assert!(err.contains("最低一档"), "{err}");
    }
}
