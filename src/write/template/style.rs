//! The look of the template's sheets: the [`Styles`] (宋体, borders, the pale yellow of input
//! cells), row heights that fit wrapped Chinese text, sheet protection and the A4 page setup.
//! Used by every sheet of [`super`].

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, ProtectionOptions, Worksheet, XlsxError};

/// The font of every cell, as on the official forms.
const FONT: &str = "宋体";

/// The cell formats of the template: labels and headers, fixed text and numbers, formula cells
/// (grey), input cells (pale yellow, unlocked), and lines outside the table (the signature
/// line unlocked too).
pub(super) struct Styles {
    pub(super) title: Format,
    pub(super) subtitle: Format,
    pub(super) label: Format,
    pub(super) header: Format,
    pub(super) text: Format,
    pub(super) center: Format,
    pub(super) number: Format,
    pub(super) formula: Format,
    pub(super) percent: Format,
    pub(super) input: Format,
    pub(super) input_center: Format,
    pub(super) input_number: Format,
    pub(super) plain: Format,
    pub(super) note: Format,
}

impl Styles {
    /// The formats, all 宋体 10.5 wrapped and vertically centred except the 16-point title.
    pub(super) fn new() -> Styles {
        let base = Format::new()
            .set_font_name(FONT)
            .set_font_size(10.5)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        let boxed = base.clone().set_border(FormatBorder::Thin);
        let input_fill = rust_xlsxwriter::Color::RGB(0xFF_FF_E0);
        Styles {
            title: Format::new()
                .set_font_name(FONT)
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            subtitle: base.clone().set_align(FormatAlign::Center),
            label: boxed.clone().set_bold().set_align(FormatAlign::Center),
            header: boxed
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(rust_xlsxwriter::Color::RGB(0xDD_EB_F7)),
            text: boxed.clone(),
            center: boxed.clone().set_align(FormatAlign::Center),
            number: boxed
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0.##"),
            formula: boxed
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0.00")
                .set_background_color(rust_xlsxwriter::Color::RGB(0xF2_F2_F2)),
            percent: boxed
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0.00%")
                .set_background_color(rust_xlsxwriter::Color::RGB(0xF2_F2_F2)),
            input: boxed
                .clone()
                .set_unlocked()
                .set_background_color(input_fill),
            input_center: boxed
                .clone()
                .set_unlocked()
                .set_align(FormatAlign::Center)
                .set_background_color(input_fill),
            input_number: boxed
                .clone()
                .set_unlocked()
                .set_align(FormatAlign::Center)
                .set_num_format("0.00")
                .set_background_color(input_fill),
            plain: base.clone(),
            note: base.set_unlocked(),
        }
    }
}

/// Display width of a text in Excel column units (a CJK character counts two).
pub(super) fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if (c as u32) < 0x2E80 { 1.0 } else { 2.0 })
        .sum()
}

/// Lines a wrapped text takes in a column of `width` units.
pub(super) fn lines(s: &str, width: f64) -> f64 {
    s.split('\n')
        .map(|part| (text_width(part) / (width - 1.0).max(1.0)).ceil().max(1.0))
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
    ws.set_row_height(row, (n * 14.0 + 4.0).max(20.0))?;
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
