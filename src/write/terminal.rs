//! \[CORE\] The text `check` and `run` print for people (issue #19), in two forms after the
//! tools people like:
//!
//! - **grouped** (a terminal, or `--heading`; ripgrep's headings): the file once as a heading,
//!   one line per project, one indented line per finding:
//!
//!   ```text
//!   县水利局/水利工程.xlsx
//!     [评分表] 水利工程建设项目（县水利局）分值 100 · 复核 95.4 · 填报 95.4 · 优
//!       E23    R304 警告  “资金变动率”：…
//!   ```
//!
//! - **one line per finding** (piped, a file, or `--no-heading`): grep-able, each line whole —
//!   `path[sheet!A1]: code 级别: 说明`, and per project `path[sheet]: “项目”（部门）…`.
//!
//! By default only errors and warnings are printed (linters' default); 提示 are counted in the
//! closing line and printed with `-v`. They are never dropped from the annotated copy,
//! 复核问题, 汇总.xlsx or report.json. Colour (错误 red, 警告 yellow, headings bold) only
//! when asked for by [`Look::colour`]; the caller decides it from the terminal, `NO_COLOR` and
//! `--color`.

use crate::diag::{Diagnostic, Severity};
use crate::grid::CellRef;
use crate::text::fmt_dec;
use crate::write::report::{FileReport, ProjectReport};
use anstyle::{AnsiColor, Style};
use rust_decimal::Decimal;
use std::fmt::Write as _;

/// How the text looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Look {
    /// Grouped by file under headings (else one line per finding).
    pub heading: bool,
    /// ANSI colours.
    pub colour: bool,
    /// 提示 printed too.
    pub verbose: bool,
}

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default();
const HEADING: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

impl Look {
    fn paint(self, style: Style, text: &str) -> String {
        if self.colour {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }

    fn shown(self, d: &Diagnostic) -> bool {
        self.verbose || d.severity != Severity::Info
    }

    fn severity(self, s: Severity) -> String {
        match s {
            Severity::Error => self.paint(ERROR, s.label()),
            Severity::Warning => self.paint(WARNING, s.label()),
            Severity::Info => self.paint(DIM, s.label()),
        }
    }
}

/// The text of one file.
pub fn file_text(f: &FileReport, look: Look) -> String {
    if look.heading {
        grouped(f, look)
    } else {
        one_line(f, look)
    }
}

fn or_none(d: Option<Decimal>) -> String {
    d.map_or_else(|| "无法计算".to_string(), fmt_dec)
}

fn about(d: &Diagnostic) -> String {
    d.indicator
        .as_deref()
        .map(|i| format!("“{i}”："))
        .unwrap_or_default()
}

fn grouped(f: &FileReport, look: Look) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", look.paint(HEADING, &f.path));
    for d in f.diagnostics.iter().filter(|d| look.shown(d)) {
        finding(&mut out, "  ", d, look);
    }
    for p in &f.projects {
        let filed = p
            .score_filed
            .map(|s| format!(" · 填报 {}", fmt_dec(s)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  [{}] {}（{}）分值 {} · 复核 {}{filed} · {}",
            p.sheet,
            p.name,
            p.department,
            or_none(p.weight_total),
            or_none(p.score_reviewed),
            p.grade.as_deref().unwrap_or("—"),
        );
        for d in p.diagnostics.iter().filter(|d| look.shown(d)) {
            finding(&mut out, "    ", d, look);
        }
    }
    out.push('\n');
    out
}

/// `E23    R304 警告  “资金变动率”：…` — the cell padded so that codes line up.
fn finding(out: &mut String, indent: &str, d: &Diagnostic, look: Look) {
    let cell = d.cell.map(|c| c.to_string()).unwrap_or_default();
    let _ = writeln!(
        out,
        "{indent}{cell:<6} {} {}  {}{}",
        d.code,
        look.severity(d.severity),
        about(d),
        d.message
    );
}

fn location(path: &str, sheet: Option<&str>, cell: Option<CellRef>) -> String {
    match (sheet, cell) {
        (Some(sh), Some(c)) => format!("{path}[{sh}!{c}]"),
        (Some(sh), None) => format!("{path}[{sh}]"),
        _ => path.to_string(),
    }
}

fn one_line(f: &FileReport, look: Look) -> String {
    let mut out = String::new();
    let line = |out: &mut String, sheet: Option<&str>, d: &Diagnostic| {
        let _ = writeln!(
            out,
            "{}: {} {}: {}{}",
            location(&f.path, sheet, d.cell),
            d.code,
            look.severity(d.severity),
            about(d),
            d.message
        );
    };
    for d in f.diagnostics.iter().filter(|d| look.shown(d)) {
        line(&mut out, None, d);
    }
    for p in &f.projects {
        project_line(&mut out, f, p);
        for d in p.diagnostics.iter().filter(|d| look.shown(d)) {
            line(&mut out, Some(&p.sheet), d);
        }
    }
    out
}

fn project_line(out: &mut String, f: &FileReport, p: &ProjectReport) {
    let filed = p
        .score_filed
        .map(|s| format!("，填报 {}", fmt_dec(s)))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "{}: “{}”（{}）分值合计 {}，复核得分 {}{filed}，等级 {}",
        location(&f.path, Some(&p.sheet), None),
        p.name,
        p.department,
        or_none(p.weight_total),
        or_none(p.score_reviewed),
        p.grade.as_deref().unwrap_or("—"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;
    use crate::write::report::{BudgetReport, FileStatus};

    fn report() -> FileReport {
        let mut warn = Diagnostic::new(Code::R304, "得分 3 与评价标准不符，应为 2");
        warn.cell = Some(CellRef::new(22, 4));
        warn.indicator = Some("资金变动率".into());
        let info = Diagnostic::new(Code::R305, "规则已理解，但缺少实际值");
        FileReport {
            path: "县水利局/水利工程.xlsx".into(),
            status: FileStatus::Ok,
            error: None,
            diagnostics: Vec::new(),
            projects: vec![ProjectReport {
                sheet: "评分表".into(),
                name: "水利工程建设项目".into(),
                department: "县水利局".into(),
                family: crate::review::model::Family::Evaluation,
                project_code: None,
                department_code: None,
                unit: None,
                budget: BudgetReport::default(),
                weight_total: Some(Decimal::from(100)),
                score_filed: Some(Decimal::new(954, 1)),
                score_reviewed: Some(Decimal::new(954, 1)),
                grade: Some("优".into()),
                grade_filed: None,
                indicators: Vec::new(),
                diagnostics: vec![warn, info],
            }],
        }
    }

    #[test]
    fn grouped_text_has_the_file_once_then_projects_and_indented_findings() {
        let look = Look {
            heading: true,
            ..Look::default()
        };
        let text = file_text(&report(), look);
        assert_eq!(
            text,
            "县水利局/水利工程.xlsx\n  [评分表] 水利工程建设项目（县水利局）分值 100 · 复核 95.4 · 填报 95.4 · 优\n    E23    R304 警告  “资金变动率”：得分 3 与评价标准不符，应为 2\n\n"
        );
    }

    #[test]
    fn infos_are_printed_only_when_verbose() {
        for heading in [true, false] {
            let quiet = file_text(
                &report(),
                Look {
                    heading,
                    ..Look::default()
                },
            );
            assert!(!quiet.contains("R305"), "{quiet}");
            assert!(quiet.contains("R304"), "{quiet}");
            let verbose = file_text(
                &report(),
                Look {
                    heading,
                    verbose: true,
                    ..Look::default()
                },
            );
            assert!(verbose.contains("R305 提示"), "{verbose}");
        }
    }

    #[test]
    fn one_line_text_is_grep_able() {
        let text = file_text(&report(), Look::default());
        assert!(text.contains(
            "县水利局/水利工程.xlsx[评分表!E23]: R304 警告: “资金变动率”：得分 3 与评价标准不符，应为 2\n"
        ));
        assert!(!text.contains('\u{1b}'));
    }

    #[test]
    fn colour_only_when_asked_and_only_around_the_severity_and_heading() {
        let plain = file_text(
            &report(),
            Look {
                heading: true,
                ..Look::default()
            },
        );
        assert!(!plain.contains('\u{1b}'));
        let coloured = file_text(
            &report(),
            Look {
                heading: true,
                colour: true,
                verbose: false,
            },
        );
        assert!(coloured.contains("\u{1b}[33m警告"), "{coloured:?}");
        let stripped = anstream::adapter::strip_str(&coloured).to_string();
        assert_eq!(stripped, plain);
    }
}
