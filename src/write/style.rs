//! The look of every workbook the write stage builds: the cell formats of the [`annotate`]d
//! copy ([`AnnotatedStyles`]), the county [`summary`] ([`SummaryStyles`]) and the blank
//! [`template`] ([`TemplateStyles`]), all in [`FONT`]; the colours of the grades; and the one
//! measure of a text's width ([`text_width`]) and of a row of wrapped text ([`wrapped_lines`],
//! [`row_height`]) from which their column widths and row heights are computed.
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

/// How wide [`text_width`] counts a narrow character (Latin letters, digits, ASCII
/// punctuation); a CJK or full-width character always counts 2.
///
/// Two measures, so that every workbook keeps the row heights it has always had: the same
/// text can wrap onto one more line with [`Narrow::Roomy`]. In the template that happens only
/// with a county's own words. Its default 填表说明 fits the same with either measure, but with
/// `budget_score = "预算执行率95%以上，得满分；低于95%，每下降1%扣权重的1%；60%以下，不计分，扣完为止"`
/// the 自评 填表说明's line `5. 预算执行率：…。` measures 98 units with [`Narrow::Exact`] and
/// 99.6 with [`Narrow::Roomy`] in a column that holds 99: one line (a row of 20 points) or two
/// (32 points).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Narrow {
    /// 1.1 units: the annotated copy and the summary, whose texts of digits and letters (cell
    /// names, codes, figures) get a tenth of a unit of room each.
    Roomy,
    /// 1.0 unit: the template, whose columns and row heights are set for its own words.
    Exact,
}

impl Narrow {
    /// The width of one narrow character, in Excel column units.
    fn units(self) -> f64 {
        match self {
            Narrow::Roomy => 1.1,
            Narrow::Exact => 1.0,
        }
    }
}

/// Display width of a text in Excel column units: its widest line, a CJK or full-width
/// character (from U+2E80) counting 2 and any other as `narrow` says.
pub(super) fn text_width(text: &str, narrow: Narrow) -> f64 {
    let units = narrow.units();
    text.lines()
        .map(|line| {
            line.chars()
                .map(|c| if (c as u32) >= 0x2E80 { 2.0 } else { units })
                .sum::<f64>()
        })
        .fold(0.0, f64::max)
}

/// Lines a line of text `width` units wide takes when wrapped in a column `column` units wide
/// (one unit of which is padding); at least one.
pub(super) fn wrapped_lines(width: f64, column: f64) -> f64 {
    (width / (column - 1.0).max(1.0)).ceil().max(1.0)
}

/// The height in points of a row of `lines` lines of 10.5-point text: 14 a line and 4 more.
pub(super) fn row_height(lines: f64) -> f64 {
    lines * 14.0 + 4.0
}

/// The height in points a text needs in a wrapped column `column` units wide: each of its
/// lines wrapped, 14 points a line and 4 more, at most Excel's tallest row.
pub(crate) fn height_for(text: &str, column: f64) -> f64 {
    let lines: f64 = text
        .lines()
        .map(|l| wrapped_lines(text_width(l, Narrow::Roomy), column))
        .sum::<f64>()
        .max(1.0);
    row_height(lines).min(MAX_ROW_HEIGHT)
}

/// Excel's tallest row, in points.
pub(super) const MAX_ROW_HEIGHT: f64 = 409.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counts_double() {
        assert_eq!(text_width("满意度", Narrow::Roomy), 6.0);
        assert!(text_width("ab", Narrow::Roomy) < 3.0);
    }

    /// The measures differ only in narrow characters; a text is as wide as its widest line.
    #[test]
    fn narrow_characters_count_as_the_measure_says() {
        assert_eq!(text_width("G27", Narrow::Exact), 3.0);
        assert!((text_width("G27", Narrow::Roomy) - 3.3).abs() < 1e-9);
        assert_eq!(text_width("评分表!G27", Narrow::Exact), 10.0);
        assert_eq!(text_width("扣分原因\n9", Narrow::Exact), 8.0);
        assert_eq!(text_width("", Narrow::Roomy), 0.0);
    }

    /// The county rule of [`Narrow`]'s doc: one line in the template's measure, two in the
    /// annotated copy's.
    #[test]
    fn the_measures_wrap_a_county_rule_differently() {
        let line = "5. 预算执行率：预算执行率95%以上，得满分；低于95%，每下降1%扣权重的1%；60%以下，不计分，扣完为止。";
        assert_eq!(text_width(line, Narrow::Exact), 98.0);
        assert_eq!(wrapped_lines(text_width(line, Narrow::Exact), 100.0), 1.0);
        assert!((text_width(line, Narrow::Roomy) - 99.6).abs() < 1e-9);
        assert_eq!(wrapped_lines(text_width(line, Narrow::Roomy), 100.0), 2.0);
    }

    #[test]
    fn wrapped_text_takes_whole_lines() {
        assert_eq!(wrapped_lines(0.0, 10.0), 1.0);
        assert_eq!(wrapped_lines(9.0, 10.0), 1.0);
        assert_eq!(wrapped_lines(9.5, 10.0), 2.0);
        // A column narrower than its padding still fits a unit a line.
        assert_eq!(wrapped_lines(3.0, 0.5), 3.0);
        assert_eq!(row_height(1.0), 18.0);
        assert_eq!(row_height(2.0), 32.0);
    }
}
