//! The sheet 复核问题 as a new worksheet part: every finding of the workbook with its code,
//! level, a link to its cell (an internal hyperlink, no relationship needed), the indicator and
//! the message — the same rows as the rebuilt copy's.

use super::package::escape;
use super::sheet::text_cell;
use super::styles::{Styles, Tint};
use crate::grid::CellRef;
use crate::review::evaluate::WorkbookEval;

/// The part's XML; `styles` gains its bold header and wrapped text formats.
pub fn problems_sheet(eval: &WorkbookEval, styles: &mut Styles) -> String {
    let bold = styles.derive(0, Tint::Bold);
    let wrap = styles.derive(0, Tint::Wrap);
    let titles = ["代码", "级别", "位置", "指标", "说明"];
    let widths = [8.0, 8.0, 22.0, 24.0, 70.0];
    let mut rows = String::new();
    let mut links = String::new();
    let header: String = titles
        .iter()
        .enumerate()
        .map(|(c, t)| text_cell(CellRef::new(0, c as u32), Some(bold), t))
        .collect();
    rows.push_str(&format!("<row r=\"1\">{header}</row>"));
    let all = super::super::problems::all_findings(eval);
    for (i, (sheet, d)) in all.iter().enumerate() {
        let r = i as u32 + 1;
        let place = match (sheet, d.cell) {
            (Some(sheet), Some(cell)) => {
                let at = CellRef::new(r, 2);
                links.push_str(&format!(
                    "<hyperlink ref=\"{at}\" location=\"{}\" display=\"{}\"/>",
                    escape(&format!("'{}'!{cell}", sheet.replace('\'', "''"))),
                    escape(&format!("{sheet}!{cell}"))
                ));
                format!("{sheet}!{cell}")
            }
            (Some(sheet), None) => sheet.to_string(),
            _ => "—".into(),
        };
        let cells = [
            text_cell(CellRef::new(r, 0), None, d.code.as_str()),
            text_cell(CellRef::new(r, 1), None, d.severity.label()),
            text_cell(CellRef::new(r, 2), None, &place),
            d.indicator
                .as_deref()
                .filter(|t| !t.is_empty())
                .map(|t| text_cell(CellRef::new(r, 3), None, t))
                .unwrap_or_default(),
            text_cell(CellRef::new(r, 4), Some(wrap), &d.message),
        ]
        .concat();
        rows.push_str(&format!("<row r=\"{}\">{cells}</row>", r + 1));
    }
    if all.is_empty() {
        rows.push_str(&format!(
            "<row r=\"2\">{}</row>",
            text_cell(CellRef::new(1, 4), None, "未发现问题")
        ));
    }
    let cols: String = widths
        .iter()
        .enumerate()
        .map(|(c, w)| {
            format!(
                "<col min=\"{}\" max=\"{}\" width=\"{w:.2}\" customWidth=\"1\"/>",
                c + 1,
                c + 1
            )
        })
        .collect();
    let hyperlinks = if links.is_empty() {
        String::new()
    } else {
        format!("<hyperlinks>{links}</hyperlinks>")
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/><cols>{cols}</cols><sheetData>{rows}</sheetData>{hyperlinks}<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/><pageSetup paperSize=\"9\" orientation=\"landscape\"/></worksheet>"
    )
}
