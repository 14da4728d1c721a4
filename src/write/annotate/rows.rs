//! [IO] Row-ordered writing for rust_xlsxwriter's low-memory sheets: [`RowOrder`] records
//! what each cell of a sheet gets ([`Put`]) and writes it row by row. Used by
//! [`super::sheet`] and [`super::problems`].

use super::{MAX_ROW, MAX_TEXT};
use crate::grid::{Cell, Rect, Value};
use crate::text::fmt_dec;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Formula, Url, Worksheet, XlsxError};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// One cell's content, recorded by [`write_sheet`](super::sheet::write_sheet) and written by
/// [`RowOrder::write`].
pub(super) enum Put<'a> {
    Blank(&'a Format),
    /// The department's cell (value or formula), in a new format, with the department's number
    /// format where the reader gave one (`.ods`).
    Cell(&'a Cell, &'a Format, Option<&'a str>),
    Text(Cow<'a, str>, &'a Format),
    Link(Url, &'a Format),
    /// A number, with the department's number format of that cell where known.
    Number(f64, &'a Format, Option<&'a str>),
    /// A formula without its `=`, with its cached result.
    Formula(&'a str, Decimal, &'a Format),
}

/// The cells and merged ranges of one sheet, written in row order.
///
/// The annotated sheets are rust_xlsxwriter "low memory" worksheets: each spills its rows to a
/// temporary file as they are written instead of being assembled on a thread of its own when
/// the workbook is saved. Those threads, started and joined for every workbook, kept a core
/// idle while a worker waited for them: `run -j 2` on 1,000 workbooks took 0.96 s with them
/// and 0.71 s without (docs/bench.md). Such a sheet takes its rows in order only: a write to a
/// row above the last one written is dropped. So `write_sheet` records what each cell gets,
/// later records replacing earlier ones as later writes would, and [`RowOrder::write`]
/// writes them row by row. A merged range blanks its cells when it is recorded, as
/// `merge_range` does, and is written when its top row is reached; rust_xlsxwriter holds the
/// blanks of its lower rows until those rows come.
///
/// rust_xlsxwriter 0.102 writes the last row of such a sheet twice when that row has a
/// height of its own (`flush_last_row` flushes the current row, then flushes it again as a
/// row without cells but with its height), and Excel then reports the file as damaged. So
/// when the last row written is one with a height, an empty cell in the default format goes
/// in column A of the row below everything else (below merged ranges too), which moves the
/// end past that row: nothing shows, and `tests/run.rs` checks every output sheet for
/// repeated rows. (A sheet that reaches Excel's last row has no row below it, and keeps the
/// repeat.)
#[derive(Default)]
pub(super) struct RowOrder<'a> {
    cells: BTreeMap<(u32, u32), Put<'a>>,
    /// Merged ranges by top row, with their format.
    merges: BTreeMap<u32, Vec<(Rect, &'a Format)>>,
    /// Row heights in points, for rows that need more than the default.
    heights: BTreeMap<u32, f64>,
}

impl<'a> RowOrder<'a> {
    pub(super) fn height(&mut self, r: u32, points: f64) {
        self.heights.insert(r, points);
    }

    pub(super) fn cell(&mut self, r: u32, c: u32, what: Put<'a>) {
        self.cells.insert((r, c), what);
    }

    pub(super) fn merge(&mut self, m: Rect, format: &'a Format) {
        for r in m.top..=m.bottom {
            let inside: Vec<(u32, u32)> = self
                .cells
                .range((r, m.left)..=(r, m.right))
                .map(|(k, _)| *k)
                .collect();
            for k in inside {
                self.cells.remove(&k);
            }
        }
        self.merges.entry(m.top).or_default().push((m, format));
    }

    pub(super) fn write(self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (&r, &points) in &self.heights {
            ws.set_row_height(r, points)?;
        }
        let mut merges = self.merges.into_iter().peekable();
        let mut cells = self.cells.into_iter().peekable();
        // The last row written directly, and the last row anything reaches (merged ranges
        // reach below their top row).
        let mut last = None;
        let mut end = 0;
        loop {
            let next_merge = merges.peek().map(|(r, _)| *r);
            let next_cell = cells.peek().map(|((r, _), _)| *r);
            let row = match (next_merge, next_cell) {
                (None, None) => break,
                (Some(m), Some(c)) => m.min(c),
                (Some(r), None) | (None, Some(r)) => r,
            };
            last = Some(row);
            end = end.max(row);
            if next_merge == Some(row) {
                if let Some((_, ranges)) = merges.next() {
                    for (m, format) in ranges {
                        end = end.max(m.bottom);
                        ws.merge_range(m.top, m.left as u16, m.bottom, m.right as u16, "", format)?;
                    }
                }
            }
            while let Some(((_, c), what)) = cells.next_if(|((r, _), _)| *r == row) {
                let c = c as u16;
                match what {
                    Put::Blank(format) => {
                        ws.write_blank(row, c, format)?;
                    }
                    Put::Cell(cell, format, num) => {
                        write_cell(ws, row, c, cell, &with_number_format(format, num))?;
                    }
                    Put::Text(t, format) => {
                        ws.write_string_with_format(row, c, clip(&t), format)?;
                    }
                    Put::Link(link, format) => {
                        ws.write_url_with_format(row, c, link, format)?;
                    }
                    Put::Number(n, format, num) => {
                        ws.write_number_with_format(row, c, n, &with_number_format(format, num))?;
                    }
                    Put::Formula(f, result, format) => {
                        let formula = Formula::new(format!("={f}")).set_result(fmt_dec(result));
                        ws.write_formula_with_format(row, c, formula, format)?;
                    }
                }
            }
        }
        if last.is_some_and(|r| self.heights.contains_key(&r)) && end < MAX_ROW {
            ws.write_blank(end + 1, 0, &Format::default())?;
        }
        Ok(())
    }
}

/// `format` with the department's number format, when there is one.
fn with_number_format<'f>(format: &'f Format, num: Option<&str>) -> Cow<'f, Format> {
    match num {
        Some(code) => Cow::Owned(format.clone().set_num_format(code)),
        None => Cow::Borrowed(format),
    }
}

fn clip(t: &str) -> &str {
    match t.char_indices().nth(MAX_TEXT - 1) {
        Some((i, _)) => &t[..i],
        None => t,
    }
}

fn write_cell(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    cell: &Cell,
    format: &Format,
) -> Result<(), XlsxError> {
    if let Some(f) = &cell.formula {
        let result = match &cell.value {
            Value::Empty => String::new(),
            Value::Number(d) => fmt_dec(*d),
            v => v.to_string(),
        };
        let formula = Formula::new(format!("={f}")).set_result(result);
        ws.write_formula_with_format(r, c, formula, format)?;
        return Ok(());
    }
    match &cell.value {
        Value::Empty => {
            ws.write_blank(r, c, format)?;
        }
        Value::Text(t) => {
            ws.write_string_with_format(r, c, clip(t), format)?;
        }
        Value::Number(d) => {
            let n = cell.raw.unwrap_or_else(|| d.to_f64().unwrap_or(0.0));
            ws.write_number_with_format(r, c, n, format)?;
        }
        Value::Bool(b) => {
            ws.write_boolean_with_format(r, c, *b, format)?;
        }
        Value::Error(e) => {
            ws.write_string_with_format(r, c, e, format)?;
        }
        Value::Date(d) => match cell.raw {
            Some(serial) => {
                let date_format = format.clone().set_num_format("yyyy-mm-dd");
                ws.write_number_with_format(r, c, serial, &date_format)?;
            }
            None => {
                ws.write_string_with_format(r, c, d, format)?;
            }
        },
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::annotate::add_sheet;
    use rust_xlsxwriter::Workbook as XlsxWorkbook;

    /// Records cells bottom-up, a merged range and writes over it, as `write_sheet` does, into
    /// a low-memory sheet and into an ordinary one (the fallback of [`add_sheet`]), and reads
    /// each saved file back: same cells, the merge, and every row once, in order.
    #[test]
    fn row_order_writes_what_was_recorded_last_whatever_the_order() {
        let bold = Format::new().set_bold();
        let plain = Format::new();
        let m = Rect {
            top: 1,
            left: 0,
            bottom: 4,
            right: 1,
        };
        for low_memory in [true, false] {
            let mut put = RowOrder::default();
            put.cell(5, 0, Put::Text("最后一行".into(), &plain));
            put.cell(3, 2, Put::Text("合并区右侧".into(), &plain));
            put.cell(1, 0, Put::Text("被合并覆盖".into(), &plain));
            put.merge(m, &bold);
            put.cell(1, 0, Put::Text("一级指标".into(), &bold));
            put.cell(0, 0, Put::Number(7.0, &plain, None));
            put.cell(0, 0, Put::Number(8.0, &plain, None));
            // A height on the last row: the case rust_xlsxwriter repeats.
            put.height(5, 30.0);
            let mut book = XlsxWorkbook::new();
            let ws = if low_memory {
                add_sheet(&mut book)
            } else {
                book.add_worksheet()
            };
            put.write(ws).unwrap();
            let bytes = book.save_to_buffer().unwrap();
            let wb = crate::read::read_workbook_bytes(
                &bytes,
                crate::grid::Format::Xlsx,
                &crate::read::package::Limits::default(),
            )
            .unwrap();
            let g = &wb.sheets[0];
            assert_eq!(g.text(0, 0), "8", "low memory: {low_memory}");
            assert_eq!(g.text(1, 0), "一级指标", "low memory: {low_memory}");
            assert_eq!(g.text(3, 2), "合并区右侧", "low memory: {low_memory}");
            assert_eq!(g.text(5, 0), "最后一行", "low memory: {low_memory}");
            assert_eq!(g.merges, vec![m], "low memory: {low_memory}");
            let mut sheet = String::new();
            std::io::Read::read_to_string(
                &mut zip::ZipArchive::new(std::io::Cursor::new(&bytes))
                    .unwrap()
                    .by_name("xl/worksheets/sheet1.xml")
                    .unwrap(),
                &mut sheet,
            )
            .unwrap();
            let rows: Vec<u32> = sheet
                .split("<row r=\"")
                .skip(1)
                .map(|r| r[..r.find('"').unwrap()].parse().unwrap())
                .collect();
            assert!(
                rows.windows(2).all(|w| w[0] < w[1]),
                "low memory: {low_memory}, rows {rows:?}"
            );
        }
    }
}
