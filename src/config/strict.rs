//! Reading a table of `jixiao.toml` strictly: a key the table does not know is an error that
//! names the key and the keys allowed there, in Chinese, at the key's own line.
//!
//! [`Strict<T>`] sits between toml's deserializer and `T`'s derived `Deserialize`. Before `T`
//! sees a key, the key is looked up in the keys `T` allows: for a struct, the field names that
//! serde's derive hands to `deserialize_struct`; for a map table, [`Table::MAP_KEYS`]. An
//! unknown key fails while it is being read, and toml gives an error raised there the key's
//! span, so the line comes from toml's spans; toml's own (English) text is never looked at.
//! Everything else (values, spans, type errors and their wording) passes through unchanged.
//!
//! A table read strictly must not use `#[serde(alias)]` or `#[serde(flatten)]`: an alias is not
//! among the fields serde passes, and a flattened struct is read as a map.

use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// A table read strictly (see the module doc); `Strict(value)` once read.
#[derive(Debug)]
pub(super) struct Strict<T>(pub(super) T);

/// A table of `jixiao.toml`, as [`Strict`] reads it.
pub(super) trait Table {
    /// Where the table is, as the message puts it before `可用的键`: `顶层`, `[rounding] 中` …
    const PLACE: &'static str;
    /// The keys of a table read as a map (`[columns]`). A struct's keys are its fields, which
    /// serde passes along, so structs leave this empty.
    const MAP_KEYS: &'static [&'static str] = &[];
}

impl<'de, T: Table + Deserialize<'de>> Deserialize<'de> for Strict<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let d = StrictDeserializer {
            inner: d,
            keys: Keys {
                place: T::PLACE,
                allowed: T::MAP_KEYS,
            },
        };
        T::deserialize(d).map(Strict)
    }
}

/// The keys a table allows, and how the message names the table.
#[derive(Clone, Copy)]
struct Keys {
    place: &'static str,
    allowed: &'static [&'static str],
}

/// Passes every request on to toml's deserializer, with the visitor wrapped in
/// [`StrictVisitor`]; a struct's fields become the allowed keys.
struct StrictDeserializer<D> {
    inner: D,
    keys: Keys,
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for StrictDeserializer<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_any(StrictVisitor {
            inner: visitor,
            keys: self.keys,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let keys = Keys {
            allowed: fields,
            ..self.keys
        };
        self.inner.deserialize_struct(
            name,
            fields,
            StrictVisitor {
                inner: visitor,
                keys,
            },
        )
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// `T`'s visitor, given a [`StrictMap`] instead of toml's map. Anything but a map goes to the
/// default `visit_*`, which reports a wrong type with `T`'s own `expecting` text.
struct StrictVisitor<V> {
    inner: V,
    keys: Keys,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for StrictVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(StrictMap {
            inner: map,
            keys: self.keys,
        })
    }
}

/// toml's map, with every key checked by [`KnownKey`] as it is read.
struct StrictMap<A> {
    inner: A,
    keys: Keys,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for StrictMap<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.inner.next_key_seed(KnownKey {
            seed,
            keys: self.keys,
        })
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.inner.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// Reads a key, refuses it unless allowed, then hands it to `T`'s own key seed.
struct KnownKey<K> {
    seed: K,
    keys: Keys,
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for KnownKey<K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<K::Value, D::Error> {
        let key = String::deserialize(d)?;
        let Keys { place, allowed } = self.keys;
        if !allowed.contains(&key.as_str()) {
            return Err(de::Error::custom(format!(
                "未知的键“{key}”（{place}可用的键：{}）",
                allowed.join("、")
            )));
        }
        self.seed.deserialize(key.into_deserializer())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize)]
    struct Point {
        x: i64,
        y: Option<toml::Spanned<i64>>,
    }

    impl Table for Point {
        const PLACE: &'static str = "[point] 中";
    }

    #[derive(Debug, Deserialize)]
    #[serde(transparent)]
    struct Colours(BTreeMap<String, i64>);

    impl Table for Colours {
        const PLACE: &'static str = "[colours] 中";
        const MAP_KEYS: &'static [&'static str] = &["red", "blue"];
    }

    #[derive(Debug, Deserialize)]
    struct Doc {
        point: Option<Strict<Point>>,
        colours: Option<Strict<Colours>>,
    }

    fn read(text: &str) -> Result<Doc, (String, String)> {
        toml::from_str(text).map_err(|e: toml::de::Error| {
            let span = e.span().expect("a span");
            (text[span].to_string(), e.message().to_string())
        })
    }

    #[test]
    fn an_unknown_key_is_named_in_chinese_at_its_own_span() {
        let err = read("[point]\nx = 1\nz = 2\n").unwrap_err();
        assert_eq!(
            err,
            ("z".into(), "未知的键“z”（[point] 中可用的键：x、y）".into())
        );
        let err = read("colours = { red = 1, green = 2 }\n").unwrap_err();
        assert_eq!(
            err,
            (
                "green".into(),
                "未知的键“green”（[colours] 中可用的键：red、blue）".into()
            )
        );
    }

    #[test]
    fn known_keys_values_and_spans_pass_through() {
        let doc = read("[point]\nx = 1\ny = 22\n[colours]\nblue = 3\n").unwrap();
        let point = doc.point.unwrap().0;
        assert_eq!(point.x, 1);
        assert_eq!(point.y.map(|y| y.span()), Some(18..20));
        assert_eq!(doc.colours.unwrap().0 .0["blue"], 3);
        // Wrong types and missing keys are toml's and serde's errors, as without Strict.
        let (at, message) = read("[point]\nx = \"1\"\n").unwrap_err();
        assert_eq!((at.as_str(), message.contains("i64")), ("\"1\"", true));
        let (_, message) = read("[point]\ny = 1\n").unwrap_err();
        assert_eq!(message, "missing field `x`");
        let (_, message) = read("point = 3\n").unwrap_err();
        assert!(message.ends_with("expected struct Point"), "{message}");
    }
}
