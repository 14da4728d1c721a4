//! `jixiao compare OLD.json… NEW.json` (issue #21): year over year from reports alone — the
//! text for people (or `--format json`: `{"schema": "jixiao.history/1", …}` with the fields of
//! report.json's `history`), and with `-o FILE.xlsx` a workbook of 年度对比 and 重复失分.
//! Also the closing lines `run --previous` prints.

use super::{print_out, Error, Outcome};
use crate::cli::Format;
use crate::config::Config;
use crate::history::{compare as compare_years, load, History};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Compares the reports (oldest first).
///
/// # Errors
/// A report that cannot be used (exit 2), an output that cannot be written, a closed stdout.
pub fn compare(
    reports: &[PathBuf],
    cfg: &Config,
    format: Format,
    out: Option<&Path>,
) -> Result<Outcome, Error> {
    let years = reports
        .iter()
        .map(|p| load(p))
        .collect::<Result<Vec<_>, _>>()?;
    let grades: Vec<String> = cfg.grades.iter().map(|g| g.name.clone()).collect();
    let h = compare_years(&years, &cfg.history, &grades);
    if let Some(path) = out {
        let bytes = crate::write::summary::history_workbook(&h, cfg)?;
        crate::batch::write_atomic(path, &bytes)?;
    }
    match format {
        Format::Json => {
            let mut json = serde_json::to_value(crate::write::report::history_json(&h))
                .expect("the history serialises");
            if let Some(map) = json.as_object_mut() {
                map.insert("schema".into(), "jixiao.history/1".into());
            }
            let mut text = serde_json::to_string_pretty(&json).expect("json");
            text.push('\n');
            print_out(&text)?;
        }
        Format::Text => {
            let mut text = String::new();
            for c in &h.chains {
                let Some(p) = c.newest() else { continue };
                let scores: Vec<String> = c
                    .years
                    .iter()
                    .zip(&h.years)
                    .map(|(y, label)| match y {
                        Some(y) => format!(
                            "{label} {}{}",
                            y.reviewed
                                .map(crate::text::fmt_dec)
                                .unwrap_or_else(|| "—".into()),
                            y.grade
                                .as_deref()
                                .map(|g| format!("（{g}）"))
                                .unwrap_or_default()
                        ),
                        None => format!("{label} —"),
                    })
                    .collect();
                let _ = writeln!(
                    text,
                    "{}（{}）：{}",
                    p.name,
                    p.department,
                    scores.join(" → ")
                );
                for f in &c.flags {
                    let _ = writeln!(text, "    {}  {}", f.years, f.text);
                }
                if !c.suggestion.is_empty() {
                    let _ = writeln!(
                        text,
                        "    结果应用建议（供参考）：{}（{}）",
                        c.suggestion, c.reason
                    );
                }
            }
            text.push_str(&history_lines(&h));
            if let Some(path) = out {
                let _ = writeln!(text, "对比工作簿 → {}", path.display());
            }
            print_out(&text)?;
        }
    }
    Ok(Outcome::default())
}

/// The closing lines of a comparison: counts, flags, and the unmatched projects.
pub fn history_lines(h: &History) -> String {
    let count = |code: &str| {
        h.chains
            .iter()
            .filter(|c| c.flags.iter().any(|f| f.code == code))
            .count()
    };
    let mut out = format!(
        "年度对比（{}）：{} 个项目在两个以上年度都有，{} 个未能对上；等级下降 {} 个，连续失分 {} 处，指标值偏低 {} 个，预算增加而得分下降 {} 个。\n",
        h.years.join("、"),
        h.chains.len(),
        h.unmatched.len(),
        count("grade_fell"),
        h.repeated.len(),
        count("low_target"),
        count("budget_up_score_down"),
    );
    let attention: Vec<String> = h
        .chains
        .iter()
        .filter(|c| c.flags.iter().any(|f| f.code == "grade_fell"))
        .filter_map(|c| c.newest())
        .map(|p| format!("{}（{}）", p.name, p.department))
        .take(10)
        .collect();
    if !attention.is_empty() {
        let _ = writeln!(out, "  等级下降：{}", attention.join("；"));
    }
    for u in h.unmatched.iter().take(10) {
        let _ = writeln!(
            out,
            "  未对上：{} 年 {}（{}）{}[{}]",
            u.year, u.project, u.department, u.file, u.sheet
        );
    }
    if h.unmatched.len() > 10 {
        let _ = writeln!(
            out,
            "  ……另有 {} 个未对上的项目，见 report.json 或 年度对比 表",
            h.unmatched.len() - 10
        );
    }
    out
}
