//! \[IO\] The annotated workbook (SPEC §5.1): every sheet of the input, in order, with its values,
//! formulas (with cached results) and merged ranges, restyled in a plain official style; on
//! each indicator sheet the reviewed 评价得分 / 扣分情况 / 扣分原因, the columns 评分依据 and
//! 复核说明, and the line `复核得分：…　复核等级：…` under the table; and a last sheet 复核问题
//! with every finding and a link to its cell.
//!
//! Decisions:
//! - The department's own formatting is not copied (calamine does not give it for every
//!   format); every sheet is written in 宋体 with borders on the indicator table, wrapped text,
//!   and column widths and row heights computed here (rust_xlsxwriter's autofit undercounts
//!   Chinese characters).
//! - A reviewed cell that differs from what was filed is yellow with a note `原填报：…` and why;
//!   a cell with an error-level finding is red with a note. Nothing else changes colour.
//! - A reviewed deduction of 0 where the department left 扣分情况 empty stays empty.
//! - The total row's 评价得分 and 扣分情况 become SUM formulas over the indicator rows, with
//!   the reviewed totals as cached results (so the file shows the right numbers before any
//!   recalculation).
//! - Missing 扣分情况 / 扣分原因 columns are added at the right, then 评分依据 and 复核说明.
//! - The review line goes in the first empty row under the table; rows are never inserted, so
//!   the department's formulas keep pointing at the right cells.
//! - Output bytes are deterministic: fixed document properties, sorted work.

mod patch;
mod plan;
mod problems;
mod rows;
mod sheet;

use super::style::AnnotatedStyles;
use super::BuildError;
use crate::config::Config;
use crate::grid::Workbook;
use crate::review::evaluate::WorkbookEval;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Workbook as XlsxWorkbook, Worksheet, XlsxError,
};
use std::collections::{BTreeMap, HashSet};

/// Excel's row and column limits.
const MAX_ROW: u32 = 1_048_575;
const MAX_COL: u32 = 16_383;
/// Excel's limit on the length of a cell's text.
const MAX_TEXT: usize = 32_767;

/// Writes the annotated copy of a workbook and returns its bytes.
///
/// # Errors
/// A [`BuildError`] when rust_xlsxwriter cannot build the file.
pub fn annotated_workbook(
    wb: &Workbook,
    eval: &WorkbookEval,
    cfg: &Config,
) -> Result<Vec<u8>, BuildError> {
    build(wb, eval, cfg, None).map_err(|e| BuildError::xlsx("复核工作簿", e))
}

/// The annotated copy of the file `source` (read as `wb`): an `.xlsx` / `.xlsm` is the
/// department's own package with the review added ([`patch`]); a package the patcher refuses
/// is rebuilt ([`annotated_workbook`]) with an S004 finding (提示) added to `eval` — so the
/// report and the copy's 复核问题 say why the formatting could not be kept. An `.xls`, `.xlsb`
/// or `.ods` is always rebuilt; its copy says so in the 复核说明 of each table's first row,
/// but the report and 复核问题 do not (it would only repeat the file's type, and `run`'s
/// report stays the one `check` prints).
///
/// # Errors
/// A [`BuildError`] when the rebuilt file cannot be built.
pub fn annotated_copy(
    source: &std::path::Path,
    wb: &Workbook,
    eval: &mut WorkbookEval,
    cfg: &Config,
) -> Result<AnnotatedCopy, BuildError> {
    use crate::diag::{Code, Diagnostic};
    use crate::grid::Format;
    const LOST: &str = "单元格的值、公式和合并区域保留，字体、填充、数字格式、图片等格式未保留";
    if wb.format == Format::Xlsx {
        let why = match std::fs::read(source) {
            Ok(bytes) => match patch::patch_xlsx(bytes, wb, eval, cfg) {
                Ok((bytes, macro_enabled)) => {
                    return Ok(AnnotatedCopy {
                        bytes,
                        macro_enabled,
                    })
                }
                Err(patch::PatchRefusal(why)) => why,
            },
            Err(_) => "无法再次读取原文件".to_string(),
        };
        eval.diagnostics.push(Diagnostic::new(
            Code::S004,
            format!("未能在原工作簿上直接标注（{why}），复核工作簿已按内容重建：{LOST}"),
        ));
        return annotated_workbook(wb, eval, cfg).map(AnnotatedCopy::rebuilt);
    }
    // `.xls` and `.ods` give their number formats and orientation (xls_looks, ods_looks).
    let lost = match wb.format {
        Format::Xls | Format::Ods => {
            "单元格的值、公式、合并区域、数字格式和打印方向保留，字体、填充、列宽、图片等格式未保留"
        }
        _ => LOST,
    };
    let message = format!(
        "S004 提示：{} 格式无法在原文件上直接标注，复核工作簿已按内容重建：{lost}；将工作簿另存为 .xlsx 后再复核可保留原格式",
        wb.format.label()
    );
    build(wb, eval, cfg, Some(&message))
        .map(AnnotatedCopy::rebuilt)
        .map_err(|e| BuildError::xlsx("复核工作簿", e))
}

/// An annotated copy's bytes, and whether it is a macro-enabled workbook: a patched `.xlsm`
/// keeps its macros and must be saved as `.xlsm` for Excel to open it.
pub struct AnnotatedCopy {
    pub bytes: Vec<u8>,
    pub macro_enabled: bool,
}

impl AnnotatedCopy {
    fn rebuilt(bytes: Vec<u8>) -> AnnotatedCopy {
        AnnotatedCopy {
            bytes,
            macro_enabled: false,
        }
    }
}

/// Builds the rebuilt copy; `rebuilt_note`, when given, heads the 复核说明 of each table's first
/// row.
fn build(
    wb: &Workbook,
    eval: &WorkbookEval,
    cfg: &Config,
    rebuilt_note: Option<&str>,
) -> Result<Vec<u8>, XlsxError> {
    let styles = AnnotatedStyles::new();
    let mut book = XlsxWorkbook::new();
    // Level 1 instead of 6: a third of the time of writing a workbook went into compression,
    // for files a few percent larger.
    book.set_zip_compression_level(1);
    book.set_properties(
        &DocProperties::new()
            .set_title("绩效评价表复核")
            .set_author("jixiao")
            .set_custom_property(super::MARK, "复核工作簿")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2020, 1, 1)?),
    );
    let mut names = SheetNames::default();
    for grid in &wb.sheets {
        let sheet_name = names.claim(&grid.name);
        let project = eval.projects.iter().find(|p| p.project.sheet == grid.name);
        let ws = add_sheet(&mut book);
        ws.set_name(&sheet_name)?;
        if !grid.visible {
            ws.set_hidden(true);
        }
        let mut review = project.map(|p| plan::review_cells(grid, p, cfg));
        if let (Some(note), Some(rv), Some(first)) = (
            rebuilt_note,
            review.as_mut(),
            project.and_then(|p| p.project.indicators.first()),
        ) {
            rv.head_notes(first.row, note);
        }
        sheet::write_sheet(ws, grid, review.as_ref(), &styles)?;
    }
    // rust_xlsxwriter keeps the active sheet visible: make the first visible one active so
    // that a hidden first sheet stays hidden.
    if let Some(first_visible) = wb.sheets.iter().position(|g| g.visible) {
        if first_visible > 0 {
            book.worksheet_from_index(first_visible)?.set_active(true);
        }
    }
    let problems = names.claim("复核问题");
    let ws = add_sheet(&mut book);
    ws.set_name(&problems)?;
    problems::write_problems(ws, eval, &names, &styles)?;
    book.save_to_buffer()
}

/// A new worksheet, held in memory. (Rebuilt copies are only `.xls`/`.xlsb`/`.ods` inputs and
/// refused packages now; a worksheet that spilled to a temporary file made a full temporary
/// folder a panic inside rust_xlsxwriter, issue #18 item 3.)
fn add_sheet(book: &mut XlsxWorkbook) -> &mut Worksheet {
    book.add_worksheet()
}

/// The longest prefix of `s` within `units` UTF-16 code units (Excel's measure of names).
fn take_utf16(s: &str, units: usize) -> String {
    let mut used = 0;
    s.chars()
        .take_while(|c| {
            used += c.len_utf16();
            used <= units
        })
        .collect()
}

/// Valid, unique sheet names (≤ 31 characters, none of `[]:*?/\`).
#[derive(Default)]
struct SheetNames {
    used: HashSet<String>,
    by_original: BTreeMap<String, String>,
}

impl SheetNames {
    fn claim(&mut self, original: &str) -> String {
        let cleaned: String = original
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
            .collect();
        let cleaned = cleaned.trim_matches('\'').to_string();
        let base: String = if cleaned.trim().is_empty() {
            "Sheet".into()
        } else {
            take_utf16(&cleaned, 31)
        };
        let mut name = base.clone();
        let mut n = 1;
        while self.used.contains(&name.to_lowercase()) {
            let suffix = format!("({n})");
            name = format!("{}{suffix}", take_utf16(&base, 31 - suffix.len()));
            n += 1;
        }
        self.used.insert(name.to_lowercase());
        self.by_original
            .entry(original.to_string())
            .or_insert_with(|| name.clone());
        name
    }

    fn of(&self, original: &str) -> String {
        self.by_original
            .get(original)
            .cloned()
            .unwrap_or_else(|| original.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut n = SheetNames::default();
        assert_eq!(n.claim("评分表"), "评分表");
        assert_eq!(n.claim("评分表"), "评分表(1)");
        assert_eq!(n.claim("a/b:c"), "a_b_c");
        assert_eq!(n.claim(&"长".repeat(40)).chars().count(), 31);
    }
}
