//! The phrase table (`tests/rules/phrases.txt`): real-world 评价标准 phrasings, each with the
//! reading an experienced reviewer gives it. Every line is a test case: the parsed kind and
//! every listed parameter must match, the canonical sentence must read back to the same rule,
//! and garbled text (`any`) must merely not panic.

use jixiao::rule::parse::parse_rule;
use std::collections::BTreeMap;

struct Case {
    line: usize,
    phrase: String,
    kind: String,
    params: BTreeMap<String, String>,
}

fn cases() -> Vec<Case> {
    let text = include_str!("rules/phrases.txt");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let (phrase, reading) = l
                .split_once(" ⟹ ")
                .unwrap_or_else(|| panic!("line {}: no ⟹", i + 1));
            let mut words = reading.split_whitespace();
            let kind = words.next().expect("kind").to_string();
            let params = words
                .map(|w| {
                    let (k, v) = w
                        .split_once('=')
                        .unwrap_or_else(|| panic!("line {}: bad param {w}", i + 1));
                    (k.to_string(), v.to_string())
                })
                .collect();
            Case {
                line: i + 1,
                phrase: phrase.replace("\\n", "\n"),
                kind,
                params,
            }
        })
        .collect()
}

#[test]
fn phrase_table_has_at_least_80_real_world_phrasings() {
    assert!(cases().len() >= 80, "{}", cases().len());
}

#[test]
fn every_phrase_reads_as_the_table_says() {
    let mut failures = Vec::new();
    let all = cases();
    for case in &all {
        let rule = parse_rule(&case.phrase);
        // The canonical sentence reads back to the same rule, for every phrase.
        let again = parse_rule(&rule.to_string());
        if again != rule {
            failures.push(format!(
                "line {}: canonical “{}” reads back as {:?}",
                case.line, rule, again
            ));
        }
        if case.kind == "any" {
            continue;
        }
        let got = rule.params();
        let mismatch = rule.kind().as_str() != case.kind
            || case
                .params
                .iter()
                .any(|(k, v)| got.get(k.as_str()) != Some(v));
        if mismatch {
            failures.push(format!(
                "line {}: {}\n   want {} {:?}\n   got  {} {:?}",
                case.line,
                case.phrase.replace('\n', "\\n"),
                case.kind,
                case.params,
                rule.kind(),
                got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} phrases misread:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}
