//! [IO] The writer of one annotated sheet: the department's cells, merges, column widths and
//! row heights, restyled, with the [`Review`]'s cells on top. Called by [`super::build`] for
//! every sheet of the input.

use super::plan::{Look, Out, Review};
use super::rows::{Put, RowOrder};
use super::{MAX_COL, MAX_ROW};
use crate::grid::{Cell, Grid, Rect, Value};
use crate::text::fmt_dec;
use crate::write::style::{
    row_height, text_width, wrapped_lines, AnnotatedStyles, Narrow, FONT, MAX_ROW_HEIGHT,
};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Note, Worksheet, XlsxError};
use std::collections::BTreeMap;

/// The widest a column gets; longer texts wrap.
const MAX_WIDTH: f64 = 36.0;

/// Writes one sheet of the annotated workbook: the department's cells and merged ranges in
/// the looks of [`AnnotatedStyles`], with widths and heights that fit their texts, and on an
/// indicator sheet the `review`'s cells and notes, the table framed and its header repeated on
/// every printed page.
pub(super) fn write_sheet(
    ws: &mut Worksheet,
    grid: &Grid,
    review: Option<&Review>,
    s: &AnnotatedStyles,
) -> Result<(), XlsxError> {
    let layout = Layout::new(grid, review, s);
    let texts = shown_texts(grid, review);
    let widths = column_widths(&layout, &texts);
    for &c in widths.keys() {
        ws.set_column_width(c as u16, width_of(c, &widths))?;
    }
    // Every cell is recorded first and written in row order at the end: see [`RowOrder`].
    let mut put = RowOrder::default();
    row_heights(&mut put, &layout, &texts, &widths);
    if let Some(rv) = review {
        table_borders(&mut put, &layout, rv);
    }
    department_cells(&mut put, &layout);
    if let Some(rv) = review {
        review_cells(ws, &mut put, &layout, rv)?;
    }
    put.write(ws)?;
    page_setup(ws, review, grid.landscape)
}

/// Where a sheet's cells are and how they look: the review's table, header and title rows,
/// the merged ranges that can be written. Without a review every cell is plain.
struct Layout<'a> {
    grid: &'a Grid,
    review: Option<&'a Review>,
    styles: &'a AnnotatedStyles,
    /// The title: the first text row above the table, when merged across several columns.
    title_row: Option<u32>,
    /// The merged ranges rust_xlsxwriter accepts ([`valid_merges`]).
    merges: Vec<Rect>,
}

impl<'a> Layout<'a> {
    fn new(grid: &'a Grid, review: Option<&'a Review>, styles: &'a AnnotatedStyles) -> Layout<'a> {
        let title_row = review.and_then(|rv| {
            (0..rv.header.0)
                .find(|r| grid.row(*r).next().is_some())
                .filter(|r| {
                    grid.merges
                        .iter()
                        .any(|m| m.top == *r && m.right >= m.left + 2)
                })
        });
        Layout {
            grid,
            review,
            styles,
            title_row,
            merges: valid_merges(&grid.merges),
        }
    }

    /// The format of a look in column `c` (table cells of the centred columns centred).
    fn style(&self, look: Look, c: u32) -> &'a Format {
        let s = self.styles;
        let centered = self.review.is_some_and(|rv| rv.centered.contains(&c));
        match (look, centered) {
            (Look::Title, _) => &s.title,
            (Look::Plain, _) => &s.plain,
            (Look::Header, _) => &s.header,
            (Look::Table, false) => &s.table,
            (Look::Table, true) => &s.table_c,
            (Look::Changed, false) => &s.changed,
            (Look::Changed, true) => &s.changed_c,
            (Look::Error, false) => &s.error,
            (Look::Error, true) => &s.error_c,
        }
    }

    /// How the department's cell at (`r`, `c`) looks: header rows (and a budget block's
    /// header) and the rest of the table, the title, else plain.
    fn look_at(&self, r: u32, c: u32) -> Look {
        let in_table = |r: u32, c: u32| self.review.is_some_and(|rv| rv.table.contains(r, c));
        match self.review {
            Some(rv)
                if ((r >= rv.header.0 && r <= rv.header.1) || rv.budget_header == Some(r))
                    && rv.table.contains(r, c) =>
            {
                Look::Header
            }
            _ if in_table(r, c) => Look::Table,
            _ if self.title_row == Some(r) => Look::Title,
            _ => Look::Plain,
        }
    }

    /// A cell inside a merged range other than its top left one (merging blanks it).
    fn merged_away(&self, r: u32, c: u32) -> bool {
        self.merges
            .iter()
            .any(|m| m.contains(r, c) && (m.top, m.left) != (r, c))
    }
}

fn shown_text(cell: &Cell) -> String {
    match &cell.value {
        Value::Empty if cell.formula.is_some() => String::new(),
        v => v.to_string(),
    }
}

/// The text each cell will show, by position: the department's, replaced by the review's
/// where it writes a value.
fn shown_texts(grid: &Grid, review: Option<&Review>) -> Vec<((u32, u32), String)> {
    let mut texts: Vec<((u32, u32), String)> = Vec::new();
    for ((r, c), cell) in grid.cells() {
        if r > MAX_ROW || c > MAX_COL {
            continue;
        }
        texts.push(((r, c), shown_text(cell)));
    }
    if let Some(rv) = review {
        for (&(r, c), w) in &rv.cells {
            let text = match &w.value {
                Out::Original => continue,
                Out::Text(t) => t.clone(),
                Out::Number(d) | Out::Formula(_, d) => fmt_dec(*d),
                Out::Blank => String::new(),
            };
            texts.retain(|(pos, _)| *pos != (r, c));
            texts.push(((r, c), text));
        }
    }
    texts
}

/// Widths, from the texts: the widest text of each column that is not merged across
/// columns and not the review line, and the added columns' own widths.
fn column_widths(layout: &Layout, texts: &[((u32, u32), String)]) -> BTreeMap<u32, f64> {
    let mut widths: BTreeMap<u32, f64> = BTreeMap::new();
    for ((r, c), text) in texts {
        let spans_columns = layout
            .merges
            .iter()
            .any(|m| m.contains(*r, *c) && m.left != m.right);
        let is_line = layout.review.is_some_and(|rv| rv.line_row == *r);
        if spans_columns || is_line || text.is_empty() {
            continue;
        }
        let w = widths.entry(*c).or_insert(0.0);
        *w = w.max(text_width(text, Narrow::Roomy) + 2.0);
    }
    if let Some(rv) = layout.review {
        for (c, w) in &rv.added {
            widths.insert(*c, *w);
        }
    }
    widths
}

/// The width column `c` is given (Excel's default when it has none), within bounds.
fn width_of(c: u32, widths: &BTreeMap<u32, f64>) -> f64 {
    widths
        .get(&c)
        .copied()
        .unwrap_or(8.43)
        .clamp(6.0, MAX_WIDTH)
}

/// Row heights: enough lines for the longest wrapped text of the row (texts in a range
/// merged down several rows do not count); the title row 28 points.
fn row_heights(
    put: &mut RowOrder,
    layout: &Layout,
    texts: &[((u32, u32), String)],
    widths: &BTreeMap<u32, f64>,
) {
    let mut lines: BTreeMap<u32, f64> = BTreeMap::new();
    for ((r, c), text) in texts {
        let tall = layout.merges.iter().find(|m| m.contains(*r, *c)).map(|m| {
            let w: f64 = (m.left..=m.right).map(|cc| width_of(cc, widths)).sum();
            (m.bottom > m.top, w)
        });
        if tall.is_some_and(|(multi_row, _)| multi_row) {
            continue;
        }
        let width = tall.map(|(_, w)| w).unwrap_or_else(|| width_of(*c, widths));
        let n: f64 = text
            .lines()
            .map(|l| wrapped_lines(text_width(l, Narrow::Roomy), width))
            .sum();
        let e = lines.entry(*r).or_insert(1.0);
        *e = e.max(n);
    }
    if let Some(r) = layout.title_row {
        put.height(r, 28.0);
    }
    for (r, n) in lines {
        if Some(r) == layout.title_row {
            continue;
        }
        if n > 1.0 {
            put.height(r, row_height(n).min(MAX_ROW_HEIGHT));
        }
    }
}

/// Borders on the empty cells of the table, so the grid is complete.
fn table_borders<'a>(put: &mut RowOrder<'a>, layout: &Layout<'a>, rv: &Review) {
    for r in rv.table.top..=rv.table.bottom {
        for c in rv.table.left..=rv.table.right {
            if layout.grid.get(r, c).is_none()
                && !rv.cells.contains_key(&(r, c))
                && !layout.merged_away(r, c)
            {
                put.cell(r, c, Put::Blank(layout.style(layout.look_at(r, c), c)));
            }
        }
    }
}

/// The department's merged ranges, then its cells on top (those the review writes are left
/// to [`review_cells`]); a date outside the table keeps a date format.
fn department_cells<'a>(put: &mut RowOrder<'a>, layout: &Layout<'a>) {
    for m in &layout.merges {
        put.merge(*m, layout.style(layout.look_at(m.top, m.left), m.left));
    }
    for ((r, c), cell) in layout.grid.cells() {
        if r > MAX_ROW || c > MAX_COL || layout.merged_away(r, c) {
            continue;
        }
        if layout
            .review
            .is_some_and(|rv| rv.cells.contains_key(&(r, c)))
        {
            continue;
        }
        let look = layout.look_at(r, c);
        let format = if matches!(cell.value, Value::Date(_)) && look == Look::Plain {
            &layout.styles.date
        } else {
            layout.style(look, c)
        };
        let num = layout.grid.number_formats.get(&(r, c)).map(String::as_str);
        put.cell(r, c, Put::Cell(cell, format, num));
    }
}

/// The review's cells in their looks, with their notes; the added header titles span both
/// header rows.
fn review_cells<'a>(
    ws: &mut Worksheet,
    put: &mut RowOrder<'a>,
    layout: &Layout<'a>,
    rv: &'a Review,
) -> Result<(), XlsxError> {
    let s = layout.styles;
    if rv.header.1 > rv.header.0 {
        for (c, _) in &rv.added {
            let title = Rect {
                top: rv.header.0,
                left: *c,
                bottom: rv.header.1,
                right: *c,
            };
            put.merge(title, &s.header);
        }
    }
    for (&(r, c), w) in &rv.cells {
        if r > MAX_ROW || c > MAX_COL || layout.merged_away(r, c) {
            continue;
        }
        let format = if rv.line_row == r {
            &s.line
        } else {
            layout.style(w.look, c)
        };
        let num = layout.grid.number_formats.get(&(r, c)).map(String::as_str);
        let what = match &w.value {
            Out::Original => match layout.grid.get(r, c) {
                Some(cell) => Put::Cell(cell, format, num),
                None => Put::Blank(format),
            },
            Out::Text(t) => Put::Text(t.as_str().into(), format),
            Out::Number(d) => Put::Number(d.to_f64().unwrap_or(0.0), format, num),
            Out::Formula(f, result) => Put::Formula(f, *result, format),
            Out::Blank => Put::Blank(format),
        };
        put.cell(r, c, what);
        if let Some(note) = w.note.as_deref().filter(|n| !n.is_empty()) {
            let note = Note::new(clip_note(note))
                .set_author("jixiao")
                .add_author_prefix(false)
                .set_font_name(FONT)
                .set_width(320)
                .set_height(160);
            ws.insert_note(r, c as u16, &note)?;
        }
    }
    Ok(())
}

/// The header frozen and repeated on every page; printed as finance bureaus print: A4, one
/// page wide, page numbers; landscape unless the input said portrait (`landscape`: what the
/// reader gives, `.ods` only).
fn page_setup(
    ws: &mut Worksheet,
    review: Option<&Review>,
    landscape: Option<bool>,
) -> Result<(), XlsxError> {
    if let Some(rv) = review {
        let freeze = rv.header.1 + 1;
        ws.set_freeze_panes(freeze, 0)?;
        ws.set_repeat_rows(rv.header.0, rv.header.1)?;
    }
    ws.set_paper_size(9);
    if landscape != Some(false) {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.5, 0.5, 0.3, 0.3);
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

/// A note cut at 8,000 characters.
fn clip_note(t: &str) -> String {
    t.chars().take(8000).collect()
}

/// Merged regions rust_xlsxwriter accepts: more than one cell, within limits, no overlaps.
fn valid_merges(merges: &[Rect]) -> Vec<Rect> {
    let mut out: Vec<Rect> = Vec::new();
    let mut sorted = merges.to_vec();
    sorted.sort();
    for m in sorted {
        let single = m.top == m.bottom && m.left == m.right;
        let in_limits =
            m.bottom <= MAX_ROW && m.right <= MAX_COL && m.top <= m.bottom && m.left <= m.right;
        let overlaps = out.iter().any(|o| {
            o.top <= m.bottom && m.top <= o.bottom && o.left <= m.right && m.left <= o.right
        });
        if !single && in_limits && !overlaps {
            out.push(m);
        }
    }
    out
}
