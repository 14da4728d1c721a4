//! \[IO\] What an `.ods` shows of its numbers and pages that calamine does not give (issue
//! #17): the number format of each number cell — a percentage as `0.0%`, a fixed number of
//! decimals as `0.00`, thousands separators as `#,##0` — and each sheet's print orientation.
//! The rebuilt annotated copy of an `.ods` uses them, so a 执行率 shown as `92.5%` is not
//! written back as `0.925`, and a portrait table stays portrait.
//!
//! Read from the package's `styles.xml` (common and page styles) and `content.xml` (automatic
//! styles and the tables), streamed with quick-xml. A cell's style is its own
//! `table:style-name`, else its row's, else its column's `default-cell-style-name`; the style's
//! `style:data-style-name` names a `number:number-style`, `number:percentage-style` or
//! `number:currency-style`, whose `number:number` gives the decimals and grouping. Only cells
//! holding a number (`office:value-type` float, percentage or currency) get a format, and only
//! within the scanned area ([`SCAN_ROWS`] × [`SCAN_COLS`]). A sheet's orientation comes from its
//! table style's master page and that page's layout. Anything unreadable gives no looks: the
//! copy is then written in the default formats, as before.

use crate::grid::{SCAN_COLS, SCAN_ROWS};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::{BTreeMap, HashMap};
use std::io::Read;

/// The looks of one sheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetLooks {
    /// Excel number format codes of number cells, by (row, column).
    pub formats: BTreeMap<(u32, u32), String>,
    /// `Some(true)` landscape, `Some(false)` portrait, `None` not said.
    pub landscape: Option<bool>,
}

/// No more formats are kept per sheet than this (a sheet of repeated formatted rows).
const MAX_FORMATS: usize = 200_000;

/// Styles read from both parts.
#[derive(Default)]
struct Styles {
    /// Number style name → Excel format code.
    numbers: HashMap<String, String>,
    /// Cell style name → its number style name.
    cells: HashMap<String, String>,
    /// Table style name → master page name.
    tables: HashMap<String, String>,
    /// Master page name → page layout name.
    masters: HashMap<String, String>,
    /// Page layout name → landscape.
    layouts: HashMap<String, bool>,
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn count(e: &BytesStart<'_>, key: &str) -> u32 {
    attr(e, key)
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}

/// A number style being read: its name, kind, decimals and grouping.
struct NumberStyle {
    name: String,
    percent: bool,
    decimals: Option<usize>,
    grouping: bool,
}

impl NumberStyle {
    fn code(&self) -> Option<String> {
        let decimals = match self.decimals {
            Some(d) => d.min(10),
            // A percentage without decimals said is whole percents; a number is general.
            None if self.percent => 0,
            None => return None,
        };
        let mut code = if self.grouping { "#,##0" } else { "0" }.to_string();
        if decimals > 0 {
            code.push('.');
            code.push_str(&"0".repeat(decimals));
        }
        if self.percent {
            code.push('%');
        }
        Some(code)
    }
}

/// The styles of one part (`styles.xml` or the automatic styles of `content.xml`).
fn read_styles(xml: &[u8], into: &mut Styles) -> Option<()> {
    let mut reader = Reader::from_reader(xml);
    let mut current: Option<NumberStyle> = None;
    // The page layout being read (its orientation is on the properties element inside).
    let mut layout: Option<String> = None;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "number:number-style" | "number:percentage-style" | "number:currency-style" => {
                    current = attr(&e, "style:name").map(|name| NumberStyle {
                        name,
                        percent: e.name().as_ref() == "number:percentage-style",
                        decimals: None,
                        grouping: false,
                    });
                }
                "number:number" => {
                    if let Some(s) = current.as_mut() {
                        s.decimals = attr(&e, "number:decimal-places").and_then(|d| d.parse().ok());
                        s.grouping = attr(&e, "number:grouping").as_deref() == Some("true");
                    }
                }
                "style:style" => {
                    let (Some(name), Some(family)) =
                        (attr(&e, "style:name"), attr(&e, "style:family"))
                    else {
                        continue;
                    };
                    match family.as_str() {
                        "table-cell" => {
                            if let Some(data) = attr(&e, "style:data-style-name") {
                                into.cells.insert(name, data);
                            }
                        }
                        "table" => {
                            if let Some(master) = attr(&e, "style:master-page-name") {
                                into.tables.insert(name, master);
                            }
                        }
                        _ => {}
                    }
                }
                "style:master-page" => {
                    if let (Some(name), Some(layout)) =
                        (attr(&e, "style:name"), attr(&e, "style:page-layout-name"))
                    {
                        into.masters.insert(name, layout);
                    }
                }
                "style:page-layout" => layout = attr(&e, "style:name"),
                "style:page-layout-properties" => {
                    if let Some(name) = layout.clone() {
                        let landscape =
                            attr(&e, "style:print-orientation").as_deref() == Some("landscape");
                        into.layouts.insert(name, landscape);
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "number:number-style" | "number:percentage-style" | "number:currency-style" => {
                    if let Some(s) = current.take() {
                        if let Some(code) = s.code() {
                            into.numbers.insert(s.name, code);
                        }
                    }
                }
                "style:page-layout" => layout = None,
                _ => {}
            },
            Event::Eof => return Some(()),
            _ => {}
        }
    }
}

/// The tables of `content.xml`, with the styles known.
fn read_tables(xml: &[u8], styles: &Styles) -> Option<HashMap<String, SheetLooks>> {
    let code_of = |style: Option<&String>| -> Option<&String> {
        styles.numbers.get(styles.cells.get(style?)?)
    };
    let mut reader = Reader::from_reader(xml);
    let mut out = HashMap::new();
    let mut sheet: Option<(String, SheetLooks)> = None;
    // Per table: column default cell styles (as runs), the row and column being read, the
    // row's default cell style.
    let mut columns: Vec<(u32, Option<String>)> = Vec::new();
    let mut row: u32 = 0;
    let mut col: u32 = 0;
    let mut row_repeat: u32 = 1;
    let mut row_style: Option<String> = None;
    loop {
        match reader.read_event().ok()? {
            ev @ (Event::Start(_) | Event::Empty(_)) => {
                let empty = matches!(ev, Event::Empty(_));
                let (Event::Start(e) | Event::Empty(e)) = ev else {
                    continue;
                };
                match e.name().as_ref() {
                    "table:table" => {
                        let name = attr(&e, "table:name").unwrap_or_default();
                        let landscape = attr(&e, "table:style-name")
                            .and_then(|t| styles.tables.get(&t))
                            .and_then(|m| styles.masters.get(m))
                            .or_else(|| styles.masters.get("Default"))
                            .and_then(|l| styles.layouts.get(l))
                            .copied();
                        sheet = Some((
                            name,
                            SheetLooks {
                                formats: BTreeMap::new(),
                                landscape,
                            },
                        ));
                        columns.clear();
                        row = 0;
                    }
                    "table:table-column" => {
                        let n = count(&e, "table:number-columns-repeated");
                        columns.push((n, attr(&e, "table:default-cell-style-name")));
                    }
                    "table:table-row" => {
                        col = 0;
                        row_repeat = count(&e, "table:number-rows-repeated");
                        row_style = attr(&e, "table:default-cell-style-name");
                        if empty {
                            // `<table:table-row …/>`: no end tag to count it at.
                            row = row.saturating_add(row_repeat);
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" => {
                        let n = count(&e, "table:number-columns-repeated");
                        let number = matches!(
                            attr(&e, "office:value-type").as_deref(),
                            Some("float" | "percentage" | "currency")
                        );
                        if let (true, Some((_, looks))) = (number, sheet.as_mut()) {
                            let own = attr(&e, "table:style-name");
                            let style = own
                                .as_ref()
                                .or(row_style.as_ref())
                                .or_else(|| column_style(&columns, col));
                            let code = code_of(style).cloned().or_else(|| {
                                (attr(&e, "office:value-type").as_deref() == Some("percentage"))
                                    .then(|| "0%".to_string())
                            });
                            if let Some(code) = code {
                                'rows: for r in row..row.saturating_add(row_repeat).min(SCAN_ROWS) {
                                    for c in col..col.saturating_add(n).min(SCAN_COLS) {
                                        if looks.formats.len() >= MAX_FORMATS {
                                            break 'rows;
                                        }
                                        looks.formats.insert((r, c), code.clone());
                                    }
                                }
                            }
                        }
                        col = col.saturating_add(n);
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" => row = row.saturating_add(row_repeat),
                "table:table" => {
                    if let Some((name, looks)) = sheet.take() {
                        out.insert(name, looks);
                    }
                }
                _ => {}
            },
            Event::Eof => return Some(out),
            _ => {}
        }
    }
}

/// The default cell style of column `col`, from the table's column runs.
fn column_style(columns: &[(u32, Option<String>)], col: u32) -> Option<&String> {
    let mut start = 0u32;
    for (n, style) in columns {
        if col < start.saturating_add(*n) {
            return style.as_ref();
        }
        start = start.saturating_add(*n);
    }
    None
}

/// The looks of every sheet of an `.ods` package, by sheet name; `None` when the package
/// cannot be read for them.
pub fn ods_looks(bytes: &[u8]) -> Option<HashMap<String, SheetLooks>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let mut part = |name: &str| -> Option<Vec<u8>> {
        let mut f = zip.by_name(name).ok()?;
        let mut out = Vec::new();
        f.by_ref().take(256 << 20).read_to_end(&mut out).ok()?;
        Some(out)
    };
    let mut styles = Styles::default();
    if let Some(xml) = part("styles.xml") {
        read_styles(&xml, &mut styles)?;
    }
    let content = part("content.xml")?;
    read_styles(&content, &mut styles)?;
    read_tables(&content, &styles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_ods_gives_its_orientation() {
        let bytes = std::fs::read("workbooks/县民政局/城乡低保资金绩效评价表.ods").unwrap();
        let looks = ods_looks(&bytes).unwrap();
        let sheet = looks.get("城乡低保").expect("the sheet");
        assert_eq!(sheet.landscape, Some(true));
        assert!(sheet.formats.is_empty(), "its numbers are general");
    }

    #[test]
    fn cell_row_and_column_styles_give_number_cells_their_formats() {
        let styles = r#"<office:document-styles><office:master-styles><style:master-page style:name="Default" style:page-layout-name="pm1"/></office:master-styles><office:automatic-styles><style:page-layout style:name="pm1"><style:page-layout-properties style:print-orientation="portrait"/></style:page-layout></office:automatic-styles></office:document-styles>"#;
        let content = r#"<office:document-content><office:automatic-styles>
            <number:percentage-style style:name="N1"><number:number number:decimal-places="1" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>
            <number:number-style style:name="N2"><number:number number:decimal-places="2" number:grouping="true"/></number:number-style>
            <number:number-style style:name="N3"><number:number number:min-integer-digits="1"/></number:number-style>
            <style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>
            <style:style style:name="ce2" style:family="table-cell" style:data-style-name="N2"/>
            <style:style style:name="ce3" style:family="table-cell" style:data-style-name="N3"/>
            </office:automatic-styles><office:body><office:spreadsheet>
            <table:table table:name="表">
              <table:table-column table:number-columns-repeated="2"/><table:table-column table:default-cell-style-name="ce2"/>
              <table:table-row table:number-rows-repeated="2"/>
              <table:table-row><table:table-cell office:value-type="percentage" office:value="0.925" table:style-name="ce1"/><table:table-cell office:value-type="string"/><table:table-cell office:value-type="float" office:value="300"/></table:table-row>
              <table:table-row table:default-cell-style-name="ce3"><table:table-cell table:number-columns-repeated="2" office:value-type="float" office:value="1"/><table:covered-table-cell/><table:table-cell office:value-type="percentage" office:value="1"/></table:table-row>
            </table:table></office:spreadsheet></office:body></office:document-content>"#;
        let mut st = Styles::default();
        read_styles(styles.as_bytes(), &mut st).unwrap();
        read_styles(content.as_bytes(), &mut st).unwrap();
        let looks = read_tables(content.as_bytes(), &st).unwrap();
        let t = &looks["表"];
        let expected: BTreeMap<(u32, u32), String> = [
            ((2, 0), "0.0%"),     // its own style, two empty rows above
            ((2, 2), "#,##0.00"), // the column's default style
            ((3, 3), "0%"),       // a percentage without a style: whole percents
        ]
        .into_iter()
        .map(|(k, v)| (k, v.to_string()))
        .collect();
        // (3, 0) and (3, 1): the row's style is general (no decimals said): no format.
        assert_eq!(t.formats, expected);
        // No table style: the default master page, portrait.
        assert_eq!(t.landscape, Some(false));
    }
}
