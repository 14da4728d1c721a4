//! The look of every workbook the write stage builds: the cell formats of the [`annotate`]d
//! copy ([`AnnotatedStyles`]), the county [`summary`] ([`SummaryStyles`]) and the blank
//! [`template`] ([`TemplateStyles`]), all in [`FONT`]; and the colours of the grades.
//!
//! [`annotate`]: super::annotate
//! [`summary`]: super::summary
//! [`template`]: super::template

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, FormatUnderline};

/// The font of every cell, as on the official forms.
pub(super) const FONT: &str = "宋体";
/// The fill of table headers in the annotated copy and the summary.
const HEADER_FILL: u32 = 0xD9E1F2;
/// The fill of a reviewed value that differs from what was filed.
const YELLOW: u32 = 0xFFF2CC;
/// The fill of a cell with an error-level finding.
const RED: u32 = 0xFFC7CE;
/// The colour of links.
const LINK_BLUE: u32 = 0x0563C1;

/// The formats of an annotated workbook: outside the table (plain, the title, dates, the
/// review line); inside it the header, and the table, changed (yellow) and error (red) cells,
/// each also centred (`_c`) for the columns of names and numbers; links on 复核问题.
pub(super) struct AnnotatedStyles {
    pub(super) plain: Format,
    pub(super) table: Format,
    pub(super) header: Format,
    pub(super) changed: Format,
    pub(super) error: Format,
    pub(super) table_c: Format,
    pub(super) changed_c: Format,
    pub(super) error_c: Format,
    pub(super) title: Format,
    pub(super) date: Format,
    pub(super) line: Format,
    pub(super) link: Format,
}

impl AnnotatedStyles {
    /// The formats, 宋体 10.5, the title 14; table cells bordered, wrapped and vertically
    /// centred.
    pub(super) fn new() -> Self {
        let base = Format::new().set_font_name(FONT).set_font_size(10.5);
        let table = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        AnnotatedStyles {
            plain: base.clone().set_align(FormatAlign::VerticalCenter),
            header: table
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(HEADER_FILL),
            changed: table.clone().set_background_color(YELLOW),
            error: table.clone().set_background_color(RED),
            table_c: table.clone().set_align(FormatAlign::Center),
            changed_c: table
                .clone()
                .set_align(FormatAlign::Center)
                .set_background_color(YELLOW),
            error_c: table
                .clone()
                .set_align(FormatAlign::Center)
                .set_background_color(RED),
            title: base
                .clone()
                .set_bold()
                .set_font_size(14)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            date: base.clone().set_num_format("yyyy-mm-dd"),
            line: base.clone().set_bold(),
            link: table
                .clone()
                .set_font_color(LINK_BLUE)
                .set_underline(FormatUnderline::Single),
            table,
        }
    }
}

/// Fill colour of a grade: 优 green, 良 blue, 中 amber, 差 red; other names uncoloured.
pub(super) fn grade_color(grade: &str) -> Option<u32> {
    match grade {
        "优" => Some(0xC6EFCE),
        "良" => Some(0xDDEBF7),
        "中" => Some(0xFFEB9C),
        "差" => Some(0xFFC7CE),
        _ => None,
    }
}

/// The formats of the summary workbook, all bordered: headers, wrapped text, numbers with two
/// places, integers, percentages and links.
pub(super) struct SummaryStyles {
    pub(super) header: Format,
    pub(super) text: Format,
    pub(super) number: Format,
    pub(super) integer: Format,
    pub(super) percent: Format,
    pub(super) link: Format,
}

impl SummaryStyles {
    /// The formats, 宋体 10.5, vertically centred.
    pub(super) fn new() -> Self {
        let base = Format::new()
            .set_font_name(FONT)
            .set_font_size(10.5)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        SummaryStyles {
            header: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(HEADER_FILL),
            text: base.clone().set_text_wrap(),
            number: base.clone().set_num_format("0.00"),
            integer: base.clone().set_num_format("0"),
            percent: base.clone().set_num_format("0.00%"),
            link: base
                .clone()
                .set_text_wrap()
                .set_font_color(LINK_BLUE)
                .set_underline(FormatUnderline::Single),
        }
    }

    /// A grade's cell: centred on its [`grade_color`], plain text for other names.
    pub(super) fn graded(&self, grade: &str) -> Format {
        match grade_color(grade) {
            Some(c) => self
                .text
                .clone()
                .set_background_color(c)
                .set_align(FormatAlign::Center),
            None => self.text.clone(),
        }
    }
}

/// The cell formats of the template: labels and headers, fixed text and numbers, formula cells
/// (grey), input cells (pale yellow, unlocked), and lines outside the table (the signature
/// line unlocked too).
pub(super) struct TemplateStyles {
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

impl TemplateStyles {
    /// The formats, all 宋体 10.5 wrapped and vertically centred except the 16-point title.
    pub(super) fn new() -> TemplateStyles {
        let base = Format::new()
            .set_font_name(FONT)
            .set_font_size(10.5)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        let boxed = base.clone().set_border(FormatBorder::Thin);
        let input_fill = rust_xlsxwriter::Color::RGB(0xFF_FF_E0);
        TemplateStyles {
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
