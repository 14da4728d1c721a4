//! One worksheet part edited as a stream of XML events: every event passes through as
//! written except the cells the review writes (replaced, or only given a new format), the
//! rows and cells it adds (in row and column order), the column widths of the added columns,
//! the `dimension`, and a `legacyDrawing` for the notes. A first pass ([`scan`]) reads what the
//! edit needs to know: the formats of the cells around the review's, and whether the part can
//! be edited safely at all.

use super::package::{attributes, escape, Patch, Refusal};
use crate::grid::CellRef;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// What the edit does to one cell.
#[derive(Debug, Clone, PartialEq)]
pub enum CellEdit {
    /// Keep the cell as written, with this format.
    Restyle(u32),
    /// Replace the cell by this `<c>` element.
    Replace(String),
}

/// What [`scan`] learns of a worksheet part.
#[derive(Debug, Default)]
pub struct Scan {
    /// The format (`s`) of every cell written in the rows asked about.
    pub styles: BTreeMap<(u32, u32), u32>,
    /// Cells that hold the master of a shared or array formula over several cells.
    pub formula_masters: BTreeSet<(u32, u32)>,
    /// The id of the sheet's `legacyDrawing`, if it has one.
    pub legacy_drawing: Option<String>,
    /// The rightmost column any row writes a cell in.
    pub max_col: u32,
    /// The merged ranges, as (top, left, bottom, right).
    pub merges: Vec<(u32, u32, u32, u32)>,
}

const SPREADSHEET_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/// The element's local name (no allocation: it runs for every element of the part).
fn local<'a>(e: &'a BytesStart<'_>) -> &'a str {
    e.local_name().into_inner()
}

/// The value of attribute `key`, entities resolved. A value without `&` (every `r` and `s`
/// Excel, WPS or LibreOffice writes) is borrowed from the part, not copied.
fn attr<'a>(e: &'a BytesStart<'_>, key: &str) -> Option<Cow<'a, str>> {
    let a = e
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == key)?;
    match a.value {
        Cow::Borrowed(raw) if !raw.contains('&') => Some(Cow::Borrowed(raw)),
        _ => a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| Cow::Owned(v.into_owned())),
    }
}

/// Reads the part once: formats of cells in `rows`, formula masters, the legacy drawing; and
/// refuses what the edit cannot do safely (rows or cells out of order, a strict-OOXML or
/// unknown namespace, malformed XML).
pub fn scan(xml: &[u8], rows: &BTreeSet<u32>) -> Patch<Scan> {
    let mut reader = Reader::from_reader(xml);
    let mut out = Scan::default();
    let mut row: Option<u32> = None;
    let mut last_row: Option<u32> = None;
    let mut col: Option<u32> = None;
    let mut cell: Option<(u32, u32)> = None;
    let mut first = true;
    loop {
        let ev = reader
            .read_event()
            .map_err(|_| Refusal::new("工作表 XML 格式有误"))?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let name = local(e);
                if first {
                    first = false;
                    let ns_ok = e
                        .attributes()
                        .flatten()
                        .any(|a| a.key.as_ref() == "xmlns" && a.value.as_ref() == SPREADSHEET_NS);
                    if name != "worksheet" || !ns_ok {
                        return Err(Refusal::new(
                            "工作表不是常规 OOXML 命名空间（可能是 Strict OOXML 或带前缀的 XML）",
                        ));
                    }
                }
                match name {
                    "row" => {
                        let r = match attr(e, "r") {
                            Some(v) => v.parse::<u32>().ok().and_then(|n| n.checked_sub(1)),
                            None => Some(last_row.map_or(0, |l| l + 1)),
                        }
                        .ok_or_else(|| Refusal::new("行号无法读取"))?;
                        if last_row.is_some_and(|l| r <= l) {
                            return Err(Refusal::new("工作表的行不是按顺序写的"));
                        }
                        last_row = Some(r);
                        row = Some(r);
                        col = None;
                    }
                    "c" => {
                        let r = row.ok_or_else(|| Refusal::new("单元格不在行内"))?;
                        let c = match attr(e, "r") {
                            Some(a1) => {
                                let at = CellRef::parse(&a1)
                                    .ok_or_else(|| Refusal::new("单元格地址无法读取"))?;
                                if at.row != r {
                                    return Err(Refusal::new("单元格地址与所在行不符"));
                                }
                                at.col
                            }
                            None => col.map_or(0, |c| c + 1),
                        };
                        if col.is_some_and(|p| c <= p) {
                            return Err(Refusal::new("行内单元格不是按顺序写的"));
                        }
                        col = Some(c);
                        out.max_col = out.max_col.max(c);
                        if rows.contains(&r) {
                            let s = attr(e, "s").and_then(|v| v.parse().ok()).unwrap_or(0);
                            out.styles.insert((r, c), s);
                        }
                        cell = Some((r, c));
                    }
                    "f" => {
                        let t = attr(e, "t");
                        let reference = attr(e, "ref");
                        let spans = reference.is_some_and(|r| r.contains(':'));
                        if matches!(t.as_deref(), Some("shared" | "array")) && spans {
                            if let Some(at) = cell {
                                out.formula_masters.insert(at);
                            }
                        }
                    }
                    "mergeCell" => {
                        let reference = attr(e, "ref").unwrap_or_default();
                        let (a, b) = reference
                            .split_once(':')
                            .unwrap_or((&*reference, &*reference));
                        if let (Some(a), Some(b)) = (CellRef::parse(a), CellRef::parse(b)) {
                            out.merges.push((a.row, a.col, b.row, b.col));
                        }
                    }
                    "legacyDrawing" => {
                        out.legacy_drawing = e
                            .attributes()
                            .flatten()
                            .find(|a| a.key.as_ref().ends_with(":id"))
                            .map(|a| a.value.to_string());
                    }
                    _ => {}
                }
            }
            Event::End(e) if e.local_name().as_ref() == "row" => row = None,
            Event::End(e) if e.local_name().as_ref() == "c" => cell = None,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// What to change in a worksheet part.
#[derive(Debug, Default)]
pub struct Edit {
    /// The cells, by (row, column), zero-based.
    pub cells: BTreeMap<(u32, u32), CellEdit>,
    /// Widths of added columns.
    pub widths: Vec<(u32, f64)>,
    /// A `legacyDrawing` to add (its relationship id), for new notes.
    pub legacy_drawing: Option<String>,
    /// Merged ranges to add (`I4:I5`).
    pub merges: Vec<String>,
    /// Rows that must be at least this tall (points) for the review's wrapped texts.
    pub heights: BTreeMap<u32, f64>,
}

/// The children of a worksheet in the order ECMA-376 requires (§18.3.1.99, CT_Worksheet).
const ORDER: &[&str] = &[
    "sheetPr",
    "dimension",
    "sheetViews",
    "sheetFormatPr",
    "cols",
    "sheetData",
    "sheetCalcPr",
    "sheetProtection",
    "protectedRanges",
    "scenarios",
    "autoFilter",
    "sortState",
    "dataConsolidate",
    "customSheetViews",
    "mergeCells",
    "phoneticPr",
    "conditionalFormatting",
    "dataValidations",
    "hyperlinks",
    "printOptions",
    "pageMargins",
    "pageSetup",
    "headerFooter",
    "rowBreaks",
    "colBreaks",
    "customProperties",
    "cellWatches",
    "ignoredErrors",
    "smartTags",
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
];

/// True when the worksheet child `name` must come after `anchor` (unknown names never do).
fn comes_after(name: &str, anchor: &str) -> bool {
    let at = |n: &str| ORDER.iter().position(|o| *o == n);
    matches!((at(name), at(anchor)), (Some(n), Some(a)) if n > a)
}

/// What is still to be written into a worksheet before the first element that must follow it
/// ([`ORDER`]): the `cols`, the `mergeCells` and the `legacyDrawing`.
struct Due<'a> {
    edit: &'a Edit,
    cols: bool,
    merges: bool,
    legacy: bool,
}

impl Due<'_> {
    fn merge_xml(&self) -> String {
        self.edit
            .merges
            .iter()
            .map(|m| format!("<mergeCell ref=\"{m}\"/>"))
            .collect()
    }

    /// Writes what must come before the element `name` (a child of `worksheet`).
    fn before(&mut self, w: &mut Writer<Vec<u8>>, name: &str) {
        if self.cols && comes_after(name, "cols") {
            w.get_mut()
                .extend(cols_xml(&[], &self.edit.widths).as_bytes());
            self.cols = false;
        }
        if self.merges && comes_after(name, "mergeCells") {
            w.get_mut()
                .extend(format!("<mergeCells>{}</mergeCells>", self.merge_xml()).as_bytes());
            self.merges = false;
        }
        if self.legacy && comes_after(name, "legacyDrawing") {
            write_legacy(w, self.edit);
            self.legacy = false;
        }
    }
}

/// The part with `edit` applied.
pub fn apply(xml: &[u8], edit: &Edit) -> Patch<Vec<u8>> {
    let err = |_| Refusal::new("工作表 XML 无法改写");
    let mut reader = Reader::from_reader(xml);
    let mut w = Writer::new(Vec::with_capacity(xml.len() + 4096));
    let mut pending: BTreeMap<u32, BTreeMap<u32, &CellEdit>> = BTreeMap::new();
    for ((r, c), e) in &edit.cells {
        pending.entry(*r).or_default().insert(*c, e);
    }
    let max_row = edit.cells.keys().map(|(r, _)| *r).max();
    let max_col = edit
        .cells
        .keys()
        .map(|(_, c)| *c)
        .chain(edit.widths.iter().map(|(c, _)| *c))
        .max();
    let mut depth = 0usize;
    let mut last_row: Option<u32> = None;
    let mut row_edits: Option<BTreeMap<u32, &CellEdit>> = None;
    let mut row_no: u32 = 0;
    let mut last_col: Option<u32> = None;
    let mut skipping: Option<usize> = None;
    let mut cols: Option<Vec<BTreeMap<String, String>>> = None;
    let mut due = Due {
        edit,
        cols: true,
        merges: !edit.merges.is_empty(),
        legacy: edit.legacy_drawing.is_some(),
    };
    loop {
        let ev = reader
            .read_event()
            .map_err(|_| Refusal::new("工作表 XML 格式有误"))?;
        if let Some(d) = skipping {
            match &ev {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == d {
                        skipping = None;
                    }
                }
                _ => {}
            }
            continue;
        }
        if let Some(list) = cols.as_mut() {
            match &ev {
                Event::Start(e) | Event::Empty(e) if local(e) == "col" => {
                    list.push(attributes(e)?);
                    if matches!(ev, Event::Start(_)) {
                        depth += 1;
                    }
                }
                Event::End(e) if local_end(e) == "cols" => {
                    depth -= 1;
                    let list = cols.take().unwrap_or_default();
                    w.get_mut().extend(cols_xml(&list, &edit.widths).as_bytes());
                    due.cols = false;
                }
                Event::End(_) => depth -= 1,
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Start(e) => {
                let name = local(&e);
                if depth == 1 {
                    due.before(&mut w, name);
                }
                match name {
                    "cols" if depth == 1 => {
                        cols = Some(Vec::new());
                        depth += 1;
                        continue;
                    }
                    "row" => {
                        let r = row_number(&e, last_row)?;
                        flush_rows_before(&mut w, &mut pending, &edit.heights, r);
                        last_row = Some(r);
                        row_no = r;
                        last_col = None;
                        match pending.remove(&r) {
                            Some(edits) => {
                                let row = with_height(without_spans(&e), edit.heights.get(&r));
                                w.write_event(Event::Start(row)).map_err(err)?;
                                row_edits = Some(edits);
                            }
                            None => w.write_event(Event::Start(e)).map_err(err)?,
                        }
                    }
                    // A row without edits passes through without its cells' addresses read.
                    "c" if row_edits.is_none() => w.write_event(Event::Start(e)).map_err(err)?,
                    "c" => {
                        let c = cell_col(&e, last_col)?;
                        last_col = Some(c);
                        match edit_at(&mut w, &mut row_edits, row_no, c) {
                            Some(CellEdit::Replace(x)) => {
                                w.get_mut().extend(x.as_bytes());
                                skipping = Some(depth);
                            }
                            Some(CellEdit::Restyle(s)) => {
                                w.write_event(Event::Start(with_style(&e, *s)))
                                    .map_err(err)?;
                            }
                            None => w.write_event(Event::Start(e)).map_err(err)?,
                        }
                    }
                    "dimension" if depth == 1 => {
                        w.write_event(Event::Start(dimension(&e, max_row, max_col)))
                            .map_err(err)?;
                    }
                    "mergeCells" if depth == 1 && due.merges => {
                        // The count is optional; it would be wrong after the additions.
                        w.get_mut().extend(b"<mergeCells>");
                    }
                    _ => w.write_event(Event::Start(e)).map_err(err)?,
                }
                depth += 1;
            }
            Event::Empty(e) => {
                let name = local(&e);
                if depth == 1 {
                    due.before(&mut w, name);
                }
                match name {
                    "cols" if depth == 1 => {
                        w.get_mut().extend(cols_xml(&[], &edit.widths).as_bytes());
                        due.cols = false;
                    }
                    "mergeCells" if depth == 1 && due.merges => {
                        w.get_mut().extend(
                            format!("<mergeCells>{}</mergeCells>", due.merge_xml()).as_bytes(),
                        );
                        due.merges = false;
                    }
                    "sheetData" => {
                        w.get_mut().extend(b"<sheetData>");
                        flush_rows_before(&mut w, &mut pending, &edit.heights, u32::MAX);
                        w.get_mut().extend(b"</sheetData>");
                    }
                    "row" => {
                        let r = row_number(&e, last_row)?;
                        flush_rows_before(&mut w, &mut pending, &edit.heights, r);
                        last_row = Some(r);
                        match pending.remove(&r) {
                            Some(mut edits) => {
                                let row = with_height(without_spans(&e), edit.heights.get(&r));
                                w.write_event(Event::Start(row)).map_err(err)?;
                                flush_cells_before(&mut w, &mut edits, r, u32::MAX);
                                w.get_mut().extend(b"</row>");
                            }
                            None => w.write_event(Event::Empty(e)).map_err(err)?,
                        }
                    }
                    "c" if row_edits.is_none() => w.write_event(Event::Empty(e)).map_err(err)?,
                    "c" => {
                        let c = cell_col(&e, last_col)?;
                        last_col = Some(c);
                        match edit_at(&mut w, &mut row_edits, row_no, c) {
                            Some(CellEdit::Replace(x)) => w.get_mut().extend(x.as_bytes()),
                            Some(CellEdit::Restyle(s)) => w
                                .write_event(Event::Empty(with_style(&e, *s)))
                                .map_err(err)?,
                            None => w.write_event(Event::Empty(e)).map_err(err)?,
                        }
                    }
                    "dimension" if depth == 1 => {
                        w.write_event(Event::Empty(dimension(&e, max_row, max_col)))
                            .map_err(err)?;
                    }
                    "legacyDrawing" => {
                        due.legacy = false;
                        w.write_event(Event::Empty(e)).map_err(err)?;
                    }
                    _ => w.write_event(Event::Empty(e)).map_err(err)?,
                }
            }
            Event::End(e) => {
                depth -= 1;
                match local_end(&e) {
                    "mergeCells" if depth == 1 && due.merges => {
                        w.get_mut().extend(due.merge_xml().as_bytes());
                        due.merges = false;
                    }
                    "row" => {
                        if let Some(mut m) = row_edits.take() {
                            flush_cells_before(&mut w, &mut m, row_no, u32::MAX);
                        }
                    }
                    "sheetData" => flush_rows_before(&mut w, &mut pending, &edit.heights, u32::MAX),
                    "worksheet" => {
                        if due.merges {
                            w.get_mut().extend(
                                format!("<mergeCells>{}</mergeCells>", due.merge_xml()).as_bytes(),
                            );
                            due.merges = false;
                        }
                        if due.legacy {
                            write_legacy(&mut w, due.edit);
                            due.legacy = false;
                        }
                    }
                    _ => {}
                }
                w.write_event(Event::End(e)).map_err(err)?;
            }
            Event::Eof => break,
            other => w.write_event(other).map_err(err)?,
        }
    }
    if !pending.is_empty() || due.legacy {
        return Err(Refusal::new("工作表缺少 sheetData，无法写入复核结果"));
    }
    Ok(w.into_inner())
}

fn local_end<'a>(e: &'a quick_xml::events::BytesEnd<'_>) -> &'a str {
    e.local_name().into_inner()
}

fn row_number(e: &BytesStart<'_>, last: Option<u32>) -> Patch<u32> {
    match attr(e, "r") {
        Some(v) => v
            .parse::<u32>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .ok_or_else(|| Refusal::new("行号无法读取")),
        None => Ok(last.map_or(0, |l| l + 1)),
    }
}

fn cell_col(e: &BytesStart<'_>, last: Option<u32>) -> Patch<u32> {
    match attr(e, "r") {
        Some(a1) => CellRef::parse(&a1)
            .map(|c| c.col)
            .ok_or_else(|| Refusal::new("单元格地址无法读取")),
        None => Ok(last.map_or(0, |c| c + 1)),
    }
}

/// The edit of cell `c` of the row being written, after writing the row's new cells that come
/// before it.
fn edit_at<'e>(
    w: &mut Writer<Vec<u8>>,
    row_edits: &mut Option<BTreeMap<u32, &'e CellEdit>>,
    row: u32,
    c: u32,
) -> Option<&'e CellEdit> {
    let m = row_edits.as_mut()?;
    flush_cells_before(w, m, row, c);
    m.remove(&c)
}

fn flush_rows_before(
    w: &mut Writer<Vec<u8>>,
    pending: &mut BTreeMap<u32, BTreeMap<u32, &CellEdit>>,
    heights: &BTreeMap<u32, f64>,
    before: u32,
) {
    let rows: Vec<u32> = pending.range(..before).map(|(r, _)| *r).collect();
    for r in rows {
        if let Some(mut cells) = pending.remove(&r) {
            let height = heights
                .get(&r)
                .map(|h| format!(" ht=\"{h:.1}\" customHeight=\"1\""))
                .unwrap_or_default();
            w.get_mut()
                .extend(format!("<row r=\"{}\"{height}>", r + 1).as_bytes());
            flush_cells_before(w, &mut cells, r, u32::MAX);
            w.get_mut().extend(b"</row>");
        }
    }
}

fn flush_cells_before(
    w: &mut Writer<Vec<u8>>,
    cells: &mut BTreeMap<u32, &CellEdit>,
    row: u32,
    before: u32,
) {
    let cols: Vec<u32> = cells.range(..before).map(|(c, _)| *c).collect();
    for c in cols {
        match cells.remove(&c) {
            Some(CellEdit::Replace(x)) => w.get_mut().extend(x.as_bytes()),
            // A cell that is not in the part cannot be restyled: an empty cell with the format.
            Some(CellEdit::Restyle(s)) => w
                .get_mut()
                .extend(format!("<c r=\"{}\" s=\"{s}\"/>", CellRef::new(row, c)).as_bytes()),
            None => {}
        }
    }
}

fn without_spans<'a>(e: &BytesStart<'a>) -> BytesStart<'a> {
    let mut out = BytesStart::new(e.name().as_ref().to_string());
    for a in e.attributes().flatten() {
        if a.key.as_ref() != "spans" {
            out.push_attribute(a);
        }
    }
    out
}

/// The row with its height raised to `at_least` points (never lowered): `ht` and
/// `customHeight`, the rest of its attributes kept.
fn with_height<'a>(e: BytesStart<'a>, at_least: Option<&f64>) -> BytesStart<'a> {
    let Some(&need) = at_least else {
        return e;
    };
    let own: Option<f64> = attr(&e, "ht").and_then(|v| v.parse().ok());
    if own.is_some_and(|h| h >= need) {
        return e;
    }
    let mut out = BytesStart::new(e.name().as_ref().to_string());
    for a in e.attributes().flatten() {
        if a.key.as_ref() != "ht" && a.key.as_ref() != "customHeight" {
            out.push_attribute(a);
        }
    }
    out.push_attribute(("ht", format!("{need:.1}").as_str()));
    out.push_attribute(("customHeight", "1"));
    out
}

fn with_style<'a>(e: &BytesStart<'a>, s: u32) -> BytesStart<'a> {
    let mut out = BytesStart::new(e.name().as_ref().to_string());
    for a in e.attributes().flatten() {
        if a.key.as_ref() != "s" {
            out.push_attribute(a);
        }
    }
    out.push_attribute(("s", s.to_string().as_str()));
    out
}

/// The `dimension` widened to the cells the review writes.
fn dimension<'a>(e: &BytesStart<'a>, max_row: Option<u32>, max_col: Option<u32>) -> BytesStart<'a> {
    let Some(reference) = attr(e, "ref") else {
        return e.to_owned();
    };
    let (first, last) = reference
        .split_once(':')
        .unwrap_or((&*reference, &*reference));
    let (Some(a), Some(b)) = (CellRef::parse(first), CellRef::parse(last)) else {
        return e.to_owned();
    };
    let end = CellRef::new(
        b.row.max(max_row.unwrap_or(0)),
        b.col.max(max_col.unwrap_or(0)),
    );
    let mut out = BytesStart::new(e.name().as_ref().to_string());
    out.push_attribute(("ref", format!("{a}:{end}").as_str()));
    out
}

fn write_legacy(w: &mut Writer<Vec<u8>>, edit: &Edit) {
    if let Some(id) = &edit.legacy_drawing {
        w.get_mut().extend(
            format!(
                "<legacyDrawing xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" r:id=\"{}\"/>",
                escape(id)
            )
            .as_bytes(),
        );
    }
}

/// The `cols` element: the department's column records, split around the added columns, and
/// the added columns with their widths; nothing when there is nothing to write.
fn cols_xml(existing: &[BTreeMap<String, String>], added: &[(u32, f64)]) -> String {
    let mut records: Vec<(u32, u32, String)> = Vec::new();
    let added_set: BTreeSet<u32> = added.iter().map(|(c, _)| c + 1).collect();
    for attrs in existing {
        let min: u32 = attrs.get("min").and_then(|v| v.parse().ok()).unwrap_or(1);
        let max: u32 = attrs.get("max").and_then(|v| v.parse().ok()).unwrap_or(min);
        let rest: String = attrs
            .iter()
            .filter(|(k, _)| k.as_str() != "min" && k.as_str() != "max")
            .map(|(k, v)| format!(" {k}=\"{}\"", escape(v)))
            .collect();
        // The pieces of [min, max] outside the added columns.
        let mut start = min;
        for c in min..=max.min(min.saturating_add(16_384)) {
            if added_set.contains(&c) {
                if start < c {
                    records.push((start, c - 1, rest.clone()));
                }
                start = c + 1;
            }
        }
        if start <= max {
            records.push((start, max, rest));
        }
    }
    for (c, width) in added {
        records.push((
            c + 1,
            c + 1,
            format!(" width=\"{width:.2}\" customWidth=\"1\""),
        ));
    }
    if records.is_empty() {
        return String::new();
    }
    records.sort_by_key(|(min, _, _)| *min);
    let body: String = records
        .iter()
        .map(|(min, max, rest)| format!("<col min=\"{min}\" max=\"{max}\"{rest}/>"))
        .collect();
    format!("<cols>{body}</cols>")
}

/// A `<c>` element holding `text` (inline, so no shared string is renumbered).
pub fn text_cell(at: CellRef, s: Option<u32>, text: &str) -> String {
    // Excel's limit is 32,767 characters; a text of fewer bytes than that is within it.
    let text: Cow<'_, str> = if text.len() <= 32_767 {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().take(32_767).collect())
    };
    format!(
        "<c r=\"{at}\"{} t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
        style_attr(s),
        escape(&text)
    )
}

/// A `<c>` element holding a number.
pub fn number_cell(at: CellRef, s: Option<u32>, n: &str) -> String {
    format!("<c r=\"{at}\"{}><v>{n}</v></c>", style_attr(s))
}

/// A `<c>` element holding a formula and its cached result.
pub fn formula_cell(at: CellRef, s: Option<u32>, f: &str, result: &str) -> String {
    format!(
        "<c r=\"{at}\"{}><f>{}</f><v>{result}</v></c>",
        style_attr(s),
        escape(f)
    )
}

/// An empty `<c>` element (a format only).
pub fn blank_cell(at: CellRef, s: Option<u32>) -> String {
    format!("<c r=\"{at}\"{}/>", style_attr(s))
}

fn style_attr(s: Option<u32>) -> String {
    s.filter(|s| *s > 0)
        .map(|s| format!(" s=\"{s}\""))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

    fn sheet(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><dimension ref="A1:B2"/>{body}<pageMargins left="0.7"/></worksheet>"#
        )
    }

    #[test]
    fn cells_are_replaced_restyled_and_added_in_order() {
        let xml = sheet(
            r#"<cols><col min="1" max="5" width="9"/></cols><sheetData><row r="1" spans="1:2"><c r="A1" s="2" t="s"><v>0</v></c><c r="B1"><v>5</v></c></row><row r="3"><c r="A3"><v>1</v></c></row></sheetData>"#,
        );
        let rows: BTreeSet<u32> = [0, 1, 2].into();
        let scan = scan(xml.as_bytes(), &rows).unwrap();
        assert_eq!(scan.styles.get(&(0, 0)), Some(&2));
        let mut edit = Edit::default();
        edit.cells.insert(
            (0, 1),
            CellEdit::Replace(number_cell(CellRef::new(0, 1), Some(7), "4.5")),
        );
        edit.cells.insert((0, 0), CellEdit::Restyle(9));
        edit.cells.insert(
            (0, 3),
            CellEdit::Replace(text_cell(CellRef::new(0, 3), None, "评分依据 <a&b>")),
        );
        edit.cells.insert(
            (1, 0),
            CellEdit::Replace(text_cell(CellRef::new(1, 0), None, "复核得分")),
        );
        edit.widths.push((3, 36.0));
        edit.legacy_drawing = Some("rId9".into());
        let out = String::from_utf8(apply(xml.as_bytes(), &edit).unwrap()).unwrap();
        assert!(
            out.contains(r#"<c r="A1" t="s" s="9"><v>0</v></c>"#),
            "{out}"
        );
        assert!(out.contains(r#"<c r="B1" s="7"><v>4.5</v></c>"#), "{out}");
        assert!(out.contains("评分依据 &lt;a&amp;b&gt;"), "{out}");
        assert!(
            out.contains(r#"<row r="2"><c r="A2" t="inlineStr">"#),
            "{out}"
        );
        assert!(out.find(r#"<row r="2">"#) < out.find(r#"<row r="3">"#));
        assert!(!out.contains("spans="), "{out}");
        assert!(out.contains(r#"<col min="1" max="3" width="9"/><col min="4" max="4" width="36.00" customWidth="1"/><col min="5" max="5" width="9"/>"#), "{out}");
        assert!(out.contains(r#"<dimension ref="A1:D2"/>"#), "{out}");
        assert!(out.find("<legacyDrawing") < out.find("</worksheet>"));
        assert!(out.find("<pageMargins") < out.find("<legacyDrawing"));
        assert!(super::super::package::well_formed(out.as_bytes()));
    }

    #[test]
    fn what_cannot_be_edited_safely_is_refused() {
        let rows: BTreeSet<u32> = [0].into();
        let unordered = sheet(r#"<sheetData><row r="2"/><row r="1"/></sheetData>"#);
        assert!(scan(unordered.as_bytes(), &rows).is_err());
        let strict = r#"<worksheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"><sheetData/></worksheet>"#;
        assert!(scan(strict.as_bytes(), &rows).is_err());
        let shared = sheet(
            r#"<sheetData><row r="1"><c r="A1"><f t="shared" ref="A1:A3" si="0">B1</f><v>1</v></c></row></sheetData>"#,
        );
        assert!(scan(shared.as_bytes(), &rows)
            .unwrap()
            .formula_masters
            .contains(&(0, 0)));
    }

    #[test]
    fn rows_and_cells_without_addresses_are_counted() {
        let xml = sheet(
            r#"<sheetData><row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row></sheetData>"#,
        );
        let rows: BTreeSet<u32> = [1].into();
        let s = scan(xml.as_bytes(), &rows).unwrap();
        assert!(s.styles.contains_key(&(1, 0)));
        let mut edit = Edit::default();
        edit.cells.insert(
            (0, 1),
            CellEdit::Replace(number_cell(CellRef::new(0, 1), None, "9")),
        );
        let out = String::from_utf8(apply(xml.as_bytes(), &edit).unwrap()).unwrap();
        assert!(
            out.contains(r#"<c><v>1</v></c><c r="B1"><v>9</v></c></row>"#),
            "{out}"
        );
    }

    #[test]
    fn attribute_values_with_character_references_are_resolved() {
        // `r` and `s` are read borrowed from the part unless they hold an entity.
        let xml = sheet(
            r#"<sheetData><row r="1"><c r="B&#49;" s="&#51;"><v>1</v></c></row></sheetData>"#,
        );
        let rows: BTreeSet<u32> = [0].into();
        let s = scan(xml.as_bytes(), &rows).unwrap();
        assert_eq!(s.styles.get(&(0, 1)), Some(&3), "{:?}", s.styles);
        assert_eq!(s.max_col, 1);
    }

    #[test]
    fn rows_are_raised_for_the_review_never_lowered() {
        let xml = sheet(
            r#"<sheetData><row r="1" ht="30" customHeight="1"><c r="A1"><v>1</v></c></row><row r="2" ht="12.75"><c r="A2"><v>2</v></c></row></sheetData>"#,
        );
        let mut edit = Edit::default();
        for r in 0..3 {
            edit.cells.insert(
                (r, 3),
                CellEdit::Replace(text_cell(CellRef::new(r, 3), None, "评分依据")),
            );
            edit.heights.insert(r, 20.0);
        }
        let out = String::from_utf8(apply(xml.as_bytes(), &edit).unwrap()).unwrap();
        // Row 1 is taller than needed: kept. Row 2 is raised. Row 3 is new, with the height.
        assert!(
            out.contains(r#"<row r="1" ht="30" customHeight="1">"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<row r="2" ht="20.0" customHeight="1">"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<row r="3" ht="20.0" customHeight="1">"#),
            "{out}"
        );
    }

    #[test]
    fn an_empty_sheet_data_gets_the_rows() {
        let xml = sheet("<sheetData/>");
        let mut edit = Edit::default();
        edit.cells.insert(
            (4, 0),
            CellEdit::Replace(text_cell(CellRef::new(4, 0), None, "x")),
        );
        let out = String::from_utf8(apply(xml.as_bytes(), &edit).unwrap()).unwrap();
        assert!(out.contains(r#"<sheetData><row r="5">"#), "{out}");
    }
}
