//! How the template's sheets are set up beyond their cell formats (which are
//! [`TemplateStyles`](crate::write::style::TemplateStyles)): row heights that fit wrapped
//! Chinese text, sheet protection and the A4 page setup. Used by every sheet of [`super`].

use crate::write::style::{row_height, text_width, wrapped_lines, Narrow};
use rust_xlsxwriter::{ProtectionOptions, Worksheet, XlsxError};

/// Lines a wrapped text takes in a column of `width` units, measured with [`Narrow::Exact`]
/// (a text ending in a line break takes one more, empty, line).
pub(super) fn lines(s: &str, width: f64) -> f64 {
    s.split('\n')
        .map(|part| wrapped_lines(text_width(part, Narrow::Exact), width))
        .sum()
}

/// Sets a row's height to fit the tallest of its wrapped texts (14 points a line and 4 more, at
/// least 20).
pub(super) fn fit_row(
    ws: &mut Worksheet,
    row: u32,
    cells: &[(&str, f64)],
) -> Result<(), XlsxError> {
    let n = cells
        .iter()
        .map(|(t, w)| lines(t, *w))
        .fold(1.0_f64, f64::max);
    ws.set_row_height(row, row_height(n).max(20.0))?;
    Ok(())
}

/// Protects the sheet without a password (so a county can still change the form), leaving the
/// unlocked input cells editable and rows and columns resizable.
pub(super) fn protect(ws: &mut Worksheet) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
}

/// A4 landscape, one page wide, centred, with `header_rows` repeated on every page and the page
/// number in the footer.
pub(super) fn page_setup(ws: &mut Worksheet, header_rows: (u32, u32)) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_repeat_rows(header_rows.0, header_rows.1)?;
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}
