//! calamine's readers per format → [`Grid`]s: `.xlsx` and `.xlsb` cell by cell, `.xls` and
//! `.ods` through their ranges; every cell counted against the workbook's budget.

use super::cells::{cell_from_data, cell_from_data_ref, plain, strip_eq};
use super::xlsx::xlsx_merges;
use super::Limits;
use super::{CellBudget, ReadError};
use crate::grid::Format;
use crate::grid::{Grid, Rect, Value};
use calamine::{Data, Range, Reader, SheetVisible, Xlsb, Xlsx, XlsxError};
use calamine::{Ods, Xls};
use std::io::{Cursor, Read, Seek};

/// calamine's error types, each with its own variant for a password-protected workbook.
pub(super) trait CalamineError: std::error::Error + 'static {
    /// True for the `Password` variant.
    fn is_password(&self) -> bool;
}

impl CalamineError for XlsxError {
    fn is_password(&self) -> bool {
        matches!(self, XlsxError::Password)
    }
}

impl CalamineError for calamine::XlsbError {
    fn is_password(&self) -> bool {
        matches!(self, calamine::XlsbError::Password)
    }
}

impl CalamineError for calamine::XlsError {
    fn is_password(&self) -> bool {
        matches!(self, calamine::XlsError::Password)
    }
}

impl CalamineError for calamine::OdsError {
    fn is_password(&self) -> bool {
        matches!(self, calamine::OdsError::Password)
    }
}

/// Why calamine could not read a workbook, by its error's variant: a password, a zip entry
/// that did not unpack as declared (an IO error of kind `InvalidData` anywhere in the
/// error's sources: the zip reader's, for an entry larger than declared or with a wrong
/// checksum), or a corrupt file in calamine's own words.
pub(super) fn describe<E: CalamineError>(e: E) -> ReadError {
    if e.is_password() {
        return ReadError::Encrypted;
    }
    let mut source: Option<&dyn std::error::Error> = Some(&e);
    while let Some(err) = source {
        // quick-xml (inside calamine) holds its IO errors in an Arc.
        let io = err.downcast_ref::<std::io::Error>().or_else(|| {
            err.downcast_ref::<std::sync::Arc<std::io::Error>>()
                .map(AsRef::as_ref)
        });
        if io.is_some_and(|io| io.kind() == std::io::ErrorKind::InvalidData) {
            return ReadError::EntryMismatch;
        }
        source = err.source();
    }
    ReadError::Corrupt(e.to_string())
}

fn rect_of(d: &calamine::Dimensions) -> Rect {
    Rect {
        top: d.start.0,
        left: d.start.1,
        bottom: d.end.0,
        right: d.end.1,
    }
}

fn read_xlsx(reader: Cursor<&[u8]>, budget: &mut CellBudget) -> Result<Vec<Grid>, ReadError> {
    let merges = xlsx_merges(reader.get_ref());
    let mut wb = Xlsx::new(reader).map_err(describe)?;
    let metas = wb.sheets_metadata().to_vec();
    let mut grids = Vec::with_capacity(metas.len());
    for meta in metas {
        let mut grid = Grid::new(meta.name.clone());
        grid.visible = meta.visible == SheetVisible::Visible;
        let mut reader = match wb.worksheet_cells_reader(&meta.name) {
            Ok(r) => r,
            // Chart sheets and dialog sheets have no cells: carry them as empty grids.
            Err(XlsxError::NotAWorksheet(_)) => {
                grids.push(grid);
                continue;
            }
            Err(e) => return Err(describe(e)),
        };
        loop {
            match reader.next_cell_with_formula() {
                Ok(Some(rec)) => {
                    let mut cell = cell_from_data_ref(&rec.value);
                    cell.formula = rec.formula.as_deref().and_then(strip_eq);
                    if cell.value != Value::Empty || cell.formula.is_some() {
                        budget.take(&meta.name)?;
                    }
                    grid.set(rec.pos.0, rec.pos.1, cell);
                }
                Ok(None) => break,
                Err(e) => return Err(describe(e)),
            }
        }
        drop(reader);
        grid.merges = match merges.as_ref().and_then(|m| m.get(&meta.name)) {
            Some(found) => found.clone(),
            // Not found by the quick scan: calamine parses the sheet again.
            None => wb
                .merge_cells_by_sheet_name(&meta.name)
                .map_err(describe)?
                .iter()
                .map(rect_of)
                .collect(),
        };
        grids.push(grid);
    }
    Ok(grids)
}

/// `.xlsb` is read cell by cell like `.xlsx` (calamine's range would be dense); formulas come
/// from a second pass over the same sheet.
fn read_xlsb(reader: Cursor<&[u8]>, budget: &mut CellBudget) -> Result<Vec<Grid>, ReadError> {
    let mut wb = Xlsb::new(reader).map_err(describe)?;
    let metas = wb.sheets_metadata().to_vec();
    let mut grids = Vec::with_capacity(metas.len());
    for meta in metas {
        let mut grid = Grid::new(meta.name.clone());
        grid.visible = meta.visible == SheetVisible::Visible;
        let mut cells = match wb.worksheet_cells_reader(&meta.name) {
            Ok(r) => r,
            Err(_) => {
                grids.push(grid);
                continue;
            }
        };
        while let Some(c) = cells.next_cell().map_err(describe)? {
            let cell = cell_from_data_ref(c.get_value());
            if cell.value != Value::Empty {
                budget.take(&meta.name)?;
            }
            grid.set(c.get_position().0, c.get_position().1, cell);
        }
        drop(cells);
        if let Ok(mut formulas) = wb.worksheet_cells_reader(&meta.name) {
            while let Ok(Some(f)) = formulas.next_formula() {
                let (r, c) = f.get_position();
                if let Some(text) = strip_eq(f.get_value()) {
                    let mut cell = grid
                        .get(r, c)
                        .cloned()
                        .unwrap_or_else(|| plain(Value::Empty));
                    if grid.get(r, c).is_none() {
                        budget.take(&meta.name)?;
                    }
                    cell.formula = Some(text);
                    grid.set(r, c, cell);
                }
            }
        }
        grids.push(grid);
    }
    Ok(grids)
}

fn read_ranges<R, RS>(
    wb: &mut R,
    merges: Vec<(String, Vec<Rect>)>,
    budget: &mut CellBudget,
) -> Result<Vec<Grid>, ReadError>
where
    R: Reader<RS>,
    RS: Read + Seek,
    R::Error: CalamineError,
{
    let metas = wb.sheets_metadata().to_vec();
    let mut grids = Vec::with_capacity(metas.len());
    for meta in metas {
        let mut grid = Grid::new(meta.name.clone());
        grid.visible = meta.visible == SheetVisible::Visible;
        let range = wb.worksheet_range(&meta.name).map_err(describe)?;
        fill_from_range(&mut grid, &range, budget)?;
        // Formulas are optional: a reader that cannot give them still gives the values.
        if let Ok(formulas) = wb.worksheet_formula(&meta.name) {
            if let Some((r0, c0)) = formulas.start() {
                for (r, c, f) in formulas.used_cells() {
                    let (r, c) = (r0 + r as u32, c0 + c as u32);
                    if let Some(f) = strip_eq(f) {
                        let mut cell = grid
                            .get(r, c)
                            .cloned()
                            .unwrap_or_else(|| plain(Value::Empty));
                        cell.formula = Some(f);
                        grid.set(r, c, cell);
                    }
                }
            }
        }
        if let Some((_, m)) = merges.iter().find(|(n, _)| *n == meta.name) {
            grid.merges = m.clone();
        }
        grids.push(grid);
    }
    Ok(grids)
}

fn fill_from_range(
    grid: &mut Grid,
    range: &Range<Data>,
    budget: &mut CellBudget,
) -> Result<(), ReadError> {
    let Some((r0, c0)) = range.start() else {
        return Ok(());
    };
    for (r, c, data) in range.used_cells() {
        budget.take(&grid.name)?;
        grid.set(r0 + r as u32, c0 + c as u32, cell_from_data(data));
    }
    Ok(())
}

pub(super) fn parse(bytes: &[u8], format: Format, limits: &Limits) -> Result<Vec<Grid>, ReadError> {
    let reader = Cursor::new(bytes);
    let mut budget = CellBudget::new(limits);
    match format {
        Format::Xlsx => read_xlsx(reader, &mut budget),
        Format::Xlsb => read_xlsb(reader, &mut budget),
        Format::Xls => {
            let mut wb = Xls::new(reader).map_err(describe)?;
            let merges: Vec<(String, Vec<Rect>)> = wb
                .sheet_names()
                .into_iter()
                .map(|n| {
                    let m = wb
                        .merge_cells_by_sheet_name(&n)
                        .unwrap_or_default()
                        .iter()
                        .map(rect_of)
                        .collect();
                    (n, m)
                })
                .collect();
            let grids = read_ranges(&mut wb, merges, &mut budget)?;
            Ok(with_looks(grids, super::xls_looks::xls_looks(bytes)))
        }
        Format::Ods => {
            let mut wb = Ods::new(reader).map_err(describe)?;
            let grids = read_ranges(&mut wb, Vec::new(), &mut budget)?;
            Ok(with_looks(grids, super::ods_looks::ods_looks(bytes)))
        }
    }
}

/// The grids with the number formats and orientation of their sheets, for the rebuilt copy
/// (calamine gives neither for `.xls` and `.ods`); as they were when `looks` is `None`.
fn with_looks(
    mut grids: Vec<Grid>,
    looks: Option<std::collections::HashMap<String, super::ods_looks::SheetLooks>>,
) -> Vec<Grid> {
    if let Some(mut looks) = looks {
        for g in &mut grids {
            if let Some(l) = looks.remove(&g.name) {
                g.number_formats = l.formats;
                g.landscape = l.landscape;
            }
        }
    }
    grids
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Error, ErrorKind};
    use std::sync::Arc;

    #[test]
    fn calamine_errors_are_told_apart_by_variant_and_io_kind() {
        assert!(matches!(
            describe(XlsxError::Password),
            ReadError::Encrypted
        ));
        assert!(matches!(
            describe(calamine::XlsError::Password),
            ReadError::Encrypted
        ));
        let mismatch = Error::new(ErrorKind::InvalidData, "any words at all");
        assert!(matches!(
            describe(XlsxError::Xml(quick_xml::Error::Io(Arc::new(mismatch)))),
            ReadError::EntryMismatch
        ));
        let other = Error::new(ErrorKind::UnexpectedEof, "File is larger than its declared");
        assert!(matches!(
            describe(XlsxError::Io(other)),
            ReadError::Corrupt(_)
        ));
    }
}
