//! [IO] The last sheet of an annotated workbook, 复核问题: every finding of the workbook with
//! its code, level, a link to its cell and its message. Called by [`super::build`].

use super::rows::{Put, RowOrder};
use super::SheetNames;
use crate::diag::Diagnostic;
use crate::review::evaluate::WorkbookEval;
use crate::write::style::{row_height, text_width, AnnotatedStyles, Narrow};
use rust_xlsxwriter::{Url, Worksheet, XlsxError};

/// Every finding of a workbook in the order 复核问题 lists them: the file's, then each
/// project's, with the sheet of the project (shared by both writers).
pub(super) fn all_findings(eval: &WorkbookEval) -> Vec<(Option<&str>, &Diagnostic)> {
    let mut all: Vec<(Option<&str>, &Diagnostic)> =
        eval.diagnostics.iter().map(|d| (None, d)).collect();
    for p in &eval.projects {
        all.extend(
            p.diagnostics
                .iter()
                .map(|d| (Some(p.project.sheet.as_str()), d)),
        );
    }
    all
}

pub(super) fn write_problems(
    ws: &mut Worksheet,
    eval: &WorkbookEval,
    names: &SheetNames,
    s: &AnnotatedStyles,
) -> Result<(), XlsxError> {
    let titles = ["代码", "级别", "位置", "指标", "说明"];
    let widths = [8.0, 8.0, 20.0, 24.0, 70.0];
    let mut put = RowOrder::default();
    for (c, (t, w)) in titles.iter().zip(widths).enumerate() {
        put.cell(0, c as u32, Put::Text((*t).into(), &s.header));
        ws.set_column_width(c as u16, w)?;
    }
    let mut row = 1;
    let all = all_findings(eval);
    for (sheet, d) in all {
        put.cell(row, 0, Put::Text(d.code.as_str().into(), &s.table));
        put.cell(row, 1, Put::Text(d.severity.label().into(), &s.table));
        let place = match (sheet, d.cell) {
            (Some(sheet), Some(cell)) => {
                let target = names.of(sheet);
                let link = Url::new(format!("internal:'{}'!{cell}", target.replace('\'', "''")))
                    .set_text(format!("{target}!{cell}"));
                Put::Link(link, &s.link)
            }
            (Some(sheet), None) => Put::Text(names.of(sheet).into(), &s.table),
            _ => Put::Text("—".into(), &s.table),
        };
        put.cell(row, 2, place);
        put.cell(
            row,
            3,
            Put::Text(d.indicator.as_deref().unwrap_or("").into(), &s.table),
        );
        put.cell(row, 4, Put::Text(d.message.as_str().into(), &s.table));
        let n = (text_width(&d.message, Narrow::Roomy) / 68.0)
            .ceil()
            .max(1.0);
        if n > 1.0 {
            put.height(row, row_height(n));
        }
        row += 1;
    }
    if row == 1 {
        put.cell(1, 4, Put::Text("未发现问题".into(), &s.plain));
    }
    put.write(ws)?;
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, row.max(2) - 1, 4)?;
    ws.set_repeat_rows(0, 0)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}
