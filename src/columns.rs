//! The column roles of an indicator table and the titles that name them (SPEC §2.1). One list,
//! read by `config` (the keys of `[columns]` in `jixiao.toml`) and by `review::locate` (which
//! header cell names which column).
//!
//! Each role is written once below, with its `[columns]` key and its built-in titles, in
//! normalised form (see [`crate::text::normalize_title`]) and canonical first.

use serde::Deserialize;

/// Defines [`Role`] from the one list of roles: per role its variant (with its doc), its key in
/// `[columns]` and its built-in titles. The key is also the role's serde name, so `[columns]`
/// deserialises straight into roles.
macro_rules! roles {
    ($( $(#[$doc:meta])* $variant:ident = $key:literal : [$($title:literal),+ $(,)?], )+) => {
        /// What a column holds (SPEC §2.1). Deserialises from its `[columns]` key
        /// ([`Role::key`]); ordered as SPEC §2.1 lists the columns.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
        pub enum Role {
            $( $(#[$doc])* #[serde(rename = $key)] $variant, )+
        }

        impl Role {
            /// Every role, in the order of SPEC §2.1 (which is also their `Ord` order).
            pub const ALL: &'static [Role] = &[$(Role::$variant),+];

            /// The `[columns]` keys of every role, in the order of [`Role::ALL`].
            pub const KEYS: &'static [&'static str] = &[$($key),+];

            /// The role's key in `[columns]` of `jixiao.toml`, e.g. `failed_items`.
            pub fn key(self) -> &'static str {
                match self {
                    $(Role::$variant => $key,)+
                }
            }

            /// The built-in titles of the role, normalised, the canonical one first.
            pub fn titles(self) -> &'static [&'static str] {
                match self {
                    $(Role::$variant => &[$($title),+],)+
                }
            }
        }
    };
}

roles! {
    /// 一级指标.
    Level1 = "level1": ["一级指标"],
    /// 二级指标.
    Level2 = "level2": ["二级指标"],
    /// 三级指标 (required).
    Level3 = "level3": ["三级指标", "指标名称", "评价内容", "考核内容"],
    /// 指标解释.
    Explanation = "explanation": ["指标解释", "指标说明", "指标内涵"],
    /// 评价标准.
    Criterion = "criterion": [
        "评价标准", "评分标准", "评分细则", "评分方法", "计分方法", "评分规则说明",
        "评分标准和评分规则", "评分要点", "评分办法", "评价标准及依据", "计分标准",
    ],
    /// 年度指标值.
    Target = "target": ["年度指标值", "目标值", "指标值", "预期指标值", "计划值", "年初目标值", "全年指标值"],
    /// 实际完成值.
    Actual = "actual": ["实际完成值", "实际值", "完成值", "实际完成情况", "全年实际值", "全年完成值"],
    /// 指标分值 (required).
    Weight = "weight": ["指标分值", "分值", "权重", "标准分", "满分"],
    /// 评价得分 (required).
    Score = "score": ["评价得分", "得分", "自评得分", "实际得分", "自评分", "分数"],
    /// 扣分情况.
    Deduction = "deduction": ["扣分情况", "扣分", "扣分值"],
    /// 扣分原因.
    Reason = "reason": [
        "扣分原因", "偏差原因分析及改进措施", "偏差原因", "扣分理由", "评价意见", "评分说明",
        "得分说明", "扣分说明", "未完成原因分析", "原因", "扣分原因和其他说明",
    ],
    /// 不符合项.
    FailedItems = "failed_items": ["不符合项"],
    /// 评分规则 (a rule override per row).
    Rule = "rule": ["评分规则"],
}

impl Role {
    /// The canonical Chinese title of the role (the first of [`Role::titles`]).
    pub fn title(self) -> &'static str {
        self.titles()[0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::{value::Error, IntoDeserializer};

    #[test]
    fn every_key_deserialises_to_its_role_in_order() {
        assert_eq!(Role::ALL.len(), 13);
        assert_eq!(Role::KEYS.len(), Role::ALL.len());
        for (i, &role) in Role::ALL.iter().enumerate() {
            assert_eq!(Role::KEYS[i], role.key());
            let parsed = Role::deserialize(role.key().into_deserializer());
            assert_eq!(parsed, Ok::<_, Error>(role));
            if i > 0 {
                assert!(Role::ALL[i - 1] < role, "{role:?} out of order");
            }
        }
        assert!(Role::deserialize("scroe".into_deserializer())
            .map_err(|_: Error| ())
            .is_err());
        assert_eq!(Role::FailedItems.key(), "failed_items");
    }

    #[test]
    fn titles_are_normalised_canonical_first_and_name_one_role_each() {
        assert_eq!(Role::Weight.title(), "指标分值");
        assert_eq!(
            Role::Level3.titles(),
            ["三级指标", "指标名称", "评价内容", "考核内容"]
        );
        let mut seen = std::collections::BTreeMap::new();
        for &role in Role::ALL {
            for &t in role.titles() {
                assert_eq!(crate::text::normalize_title(t), t, "{role:?}");
                assert_eq!(seen.insert(t, role), None, "{t} names two roles");
            }
        }
    }
}
