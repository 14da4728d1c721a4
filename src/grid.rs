//! The pure types every stage shares: a [`Workbook`] of [`Grid`]s (sparse cells in absolute
//! sheet coordinates, merged regions, visibility), the [`Cell`] and its [`Value`], [`Rect`]s and
//! the scanned area. `read` builds them; nothing here touches a file.
//!
//! A grid is a sparse map of cells in absolute sheet coordinates (zero-based, row 0 = Excel row 1,
//! whatever the first used cell is — calamine's ranges start at the first used cell, not A1).
//! Numbers are exact decimals; no `f64` is used past the reader except [`Cell::raw`], which exists
//! only so that an output workbook can write the department's number back bit for bit. Only the
//! first [`SCAN_ROWS`] × [`SCAN_COLS`] of a sheet are scanned for a table; cells beyond are kept
//! and written back ([`Grid::outside_scan`] counts them).

use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// The spreadsheet formats jixiao reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML (`.xlsx`, `.xlsm`).
    Xlsx,
    /// Excel 97–2003 binary (`.xls`).
    Xls,
    /// Excel binary workbook (`.xlsb`).
    Xlsb,
    /// OpenDocument spreadsheet (`.ods`).
    Ods,
}

impl Format {
    /// The format a file name says it has, or `None` for anything jixiao does not read.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "xls" => Some(Format::Xls),
            "xlsb" => Some(Format::Xlsb),
            "ods" => Some(Format::Ods),
            _ => None,
        }
    }

    /// The file type as users know it: `.xlsx`, `.xls`, `.xlsb`, `.ods`.
    pub fn label(self) -> &'static str {
        match self {
            Format::Xlsx => ".xlsx",
            Format::Xls => ".xls",
            Format::Xlsb => ".xlsb",
            Format::Ods => ".ods",
        }
    }
}

/// A cell value as the department's program stored it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Nothing in the cell (or a formula without a cached result: see [`Cell::formula`]).
    Empty,
    /// Text, exactly as stored.
    Text(String),
    /// A number, cleaned to an exact decimal.
    Number(Decimal),
    /// TRUE / FALSE.
    Bool(bool),
    /// An error value such as `#DIV/0!`, as Excel shows it.
    Error(String),
    /// A date or time, shown as `2024-12-31` or `2024-12-31 08:30:00`.
    Date(String),
}

/// One cell: its value, its formula if any, and the raw float for faithful write-back.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The value (the cached result, for a formula).
    pub value: Value,
    /// The formula text without the leading `=`, when the cell holds one.
    pub formula: Option<String>,
    /// The float as stored, for numbers and dates; only for writing the cell back unchanged.
    pub raw: Option<f64>,
}

impl Cell {
    /// True when the cell holds a formula whose result was never saved.
    pub fn is_uncached_formula(&self) -> bool {
        self.value == Value::Empty && self.formula.is_some()
    }
}

/// A rectangular region, inclusive, zero-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rect {
    /// First row.
    pub top: u32,
    /// First column.
    pub left: u32,
    /// Last row.
    pub bottom: u32,
    /// Last column.
    pub right: u32,
}

impl Rect {
    /// True when the region covers the cell.
    pub fn contains(&self, row: u32, col: u32) -> bool {
        row >= self.top && row <= self.bottom && col >= self.left && col <= self.right
    }
}

/// A cell's position, zero-based: row 0 is Excel's row 1, column 0 is column A. This is how
/// every stage locates a cell; it becomes A1 text only when printed ([`fmt::Display`]: `AB12`)
/// and is read back from it only where a file or a report holds A1 text ([`CellRef::parse`]).
/// These are the crate's one A1 formatter and one A1 parser. Ordered by row, then column;
/// the default is A1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellRef {
    /// Zero-based row.
    pub row: u32,
    /// Zero-based column.
    pub col: u32,
}

impl CellRef {
    /// The cell at a zero-based row and column.
    pub const fn new(row: u32, col: u32) -> CellRef {
        CellRef { row, col }
    }

    /// Reads A1 notation: `B12` → row 11, column 1; `$B$12` and `b12` too. `None` for
    /// anything else, for row 0, and for more than three column letters.
    ///
    /// # Examples
    /// ```
    /// use jixiao::grid::CellRef;
    /// assert_eq!(CellRef::parse("$AB$12"), Some(CellRef::new(11, 27)));
    /// assert_eq!(CellRef::parse("A0"), None);
    /// ```
    pub fn parse(a1: &str) -> Option<CellRef> {
        // No allocation: it runs for both corners of every merged range read.
        let a1 = a1.strip_prefix('$').unwrap_or(a1);
        let (letters, digits) = a1.split_at(a1.bytes().take_while(u8::is_ascii_alphabetic).count());
        let digits = digits.strip_prefix('$').unwrap_or(digits);
        if letters.is_empty() || letters.len() > 3 || digits.is_empty() {
            return None;
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let row: u32 = digits.parse().ok()?;
        let col = letters.bytes().fold(0u32, |acc, b| {
            acc * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
        });
        Some(CellRef::new(row.checked_sub(1)?, col.checked_sub(1)?))
    }
}

/// The letters of a zero-based column: 0 → `A`, 25 → `Z`, 26 → `AA`, 16383 → `XFD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnLetters(pub u32);

impl fmt::Display for ColumnLetters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut n = u64::from(self.0) + 1;
        let mut letters = [0u8; 8];
        let mut start = letters.len();
        while n > 0 {
            start -= 1;
            letters[start] = b'A' + ((n - 1) % 26) as u8;
            n = (n - 1) / 26;
        }
        f.write_str(std::str::from_utf8(&letters[start..]).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", ColumnLetters(self.col), u64::from(self.row) + 1)
    }
}

impl serde::Serialize for CellRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for CellRef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let a1 = std::borrow::Cow::<str>::deserialize(d)?;
        CellRef::parse(&a1)
            .ok_or_else(|| serde::de::Error::custom(format!("“{a1}”不是 A1 形式的单元格位置")))
    }
}

/// Rows scanned for an indicator table (and its facts): a table of 100,000 indicators fits.
pub const SCAN_ROWS: u32 = 131_072;

/// Columns scanned for an indicator table: no indicator table is wider than `.xls`'s 256.
pub const SCAN_COLS: u32 = 256;

/// One sheet: sparse cells in absolute coordinates, merged regions, visibility.
///
/// Every cell is kept and written back ([`Grid::cells`]), but the scanning view —
/// [`Grid::get`], [`Grid::row`], [`Grid::height`], [`Grid::width`] and what is built on them —
/// covers only the first [`SCAN_ROWS`] × [`SCAN_COLS`]: one stray value in XFD1048576 would
/// otherwise make every row-by-column scan of the later stages visit 17 billion positions.
/// [`Grid::outside_scan`] counts the cells left out of the scan.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// The sheet name.
    pub name: String,
    /// False for hidden and very hidden sheets (carried over, never scanned for a table).
    pub visible: bool,
    /// Merged regions (only `.xlsx` and `.xls` report them).
    pub merges: Vec<Rect>,
    /// Excel number format codes of number cells (`0.0%`, `0.00`), where the reader gives
    /// them (`.ods`: [`crate::read::ods_looks`]); only for the rebuilt annotated copy.
    pub number_formats: BTreeMap<(u32, u32), String>,
    /// The print orientation, where the reader gives it (`.ods`): `Some(true)` landscape.
    pub landscape: Option<bool>,
    cells: BTreeMap<(u32, u32), Cell>,
    /// One past the last row and column of the stored cells inside the scan.
    extent: (u32, u32),
    outside: usize,
}

fn in_scan(row: u32, col: u32) -> bool {
    row < SCAN_ROWS && col < SCAN_COLS
}

impl Grid {
    /// An empty visible grid named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Grid {
            name: name.into(),
            visible: true,
            ..Grid::default()
        }
    }

    /// Puts a cell at an absolute position; empty cells without a formula are not stored.
    pub fn set(&mut self, row: u32, col: u32, cell: Cell) {
        let existed = if cell.value == Value::Empty && cell.formula.is_none() {
            let existed = self.cells.remove(&(row, col)).is_some();
            if existed && !in_scan(row, col) {
                self.outside -= 1;
            }
            return;
        } else {
            self.cells.insert((row, col), cell).is_some()
        };
        if in_scan(row, col) {
            self.extent = (self.extent.0.max(row + 1), self.extent.1.max(col + 1));
        } else if !existed {
            self.outside += 1;
        }
    }

    /// Convenience for tests and generators: a text or number cell from a string.
    pub fn set_value(&mut self, row: u32, col: u32, value: Value) {
        self.set(
            row,
            col,
            Cell {
                value,
                formula: None,
                raw: None,
            },
        );
    }

    /// The cell stored at a position inside the scan, if any.
    pub fn get(&self, row: u32, col: u32) -> Option<&Cell> {
        if !in_scan(row, col) {
            return None;
        }
        self.cells.get(&(row, col))
    }

    /// How many stored cells lie outside the scanned area (rows from [`SCAN_ROWS`], columns
    /// from [`SCAN_COLS`]): written back unchanged, never read as part of a table.
    pub fn outside_scan(&self) -> usize {
        self.outside
    }

    /// The merged region covering a position, if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<&Rect> {
        self.merges.iter().find(|m| m.contains(row, col))
    }

    /// The cell that shows at a position: the anchor of its merged region, else itself.
    pub fn shown(&self, row: u32, col: u32) -> Option<&Cell> {
        match self.merge_at(row, col) {
            Some(m) => self.get(m.top, m.left),
            None => self.get(row, col),
        }
    }

    /// The text shown at a position (through merges), trimmed; numbers in plain notation.
    /// Borrowed for text cells, most of them: the review reads every header cell this way.
    pub fn text(&self, row: u32, col: u32) -> Cow<'_, str> {
        match self.shown(row, col).map(|c| &c.value) {
            None => Cow::Borrowed(""),
            Some(Value::Text(s)) => Cow::Borrowed(s.trim()),
            Some(v) => Cow::Owned(v.to_string().trim().to_string()),
        }
    }

    /// One past the last used row inside the scan (0 for an empty sheet).
    pub fn height(&self) -> u32 {
        self.merges
            .iter()
            .filter(|m| in_scan(m.top, m.left))
            .map(|m| (m.bottom + 1).min(SCAN_ROWS))
            .fold(self.extent.0, u32::max)
    }

    /// One past the last used column inside the scan (0 for an empty sheet).
    pub fn width(&self) -> u32 {
        self.merges
            .iter()
            .filter(|m| in_scan(m.top, m.left))
            .map(|m| (m.right + 1).min(SCAN_COLS))
            .fold(self.extent.1, u32::max)
    }

    /// The columns of a row that show anything: its stored cells and the columns of merged
    /// regions covering it, in order, inside the scan. Stages that look along a row use this
    /// rather than every column up to the sheet's width, so one stray far cell costs nothing.
    pub fn used_columns(&self, row: u32) -> Vec<u32> {
        let mut cols: Vec<u32> = self.row(row).map(|(c, _)| c).collect();
        for m in self
            .merges
            .iter()
            .filter(|m| m.top <= row && row <= m.bottom)
        {
            cols.extend(m.left..=m.right.min(SCAN_COLS.saturating_sub(1)));
        }
        cols.sort_unstable();
        cols.dedup();
        cols
    }

    /// The stored cells of one row inside the scan, in column order.
    pub fn row(&self, row: u32) -> impl Iterator<Item = (u32, &Cell)> {
        let last = if row < SCAN_ROWS { SCAN_COLS } else { 0 };
        self.cells
            .range((row, 0)..(row, last))
            .map(|(&(_, c), cell)| (c, cell))
    }

    /// Every stored cell in row-major order, those outside the scan included (for writing the
    /// sheet back whole).
    pub fn cells(&self) -> impl Iterator<Item = ((u32, u32), &Cell)> {
        self.cells.iter().map(|(&pos, cell)| (pos, cell))
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Empty => Ok(()),
            Value::Text(s) | Value::Error(s) | Value::Date(s) => f.write_str(s),
            Value::Number(d) => write!(f, "{d}"),
            Value::Bool(b) => f.write_str(if *b { "TRUE" } else { "FALSE" }),
        }
    }
}

/// A whole workbook as read.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// The format it was read as.
    pub format: Format,
    /// Every sheet in workbook order, hidden ones included.
    pub sheets: Vec<Grid>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_names_print_and_read_back() {
        for (row, col, a1) in [
            (0, 0, "A1"),
            (11, 8, "I12"),
            (0, 25, "Z1"),
            (0, 26, "AA1"),
            (0, 701, "ZZ1"),
            (0, 702, "AAA1"),
            (1_048_575, 16_383, "XFD1048576"),
        ] {
            let cell = CellRef::new(row, col);
            assert_eq!(cell.to_string(), a1);
            assert_eq!(CellRef::parse(a1), Some(cell), "{a1}");
        }
        assert_eq!(CellRef::parse("$ab$12"), Some(CellRef::new(11, 27)));
        assert_eq!(CellRef::parse("A$1"), Some(CellRef::new(0, 0)));
        for bad in ["A1:", "ABCD1", "A0", "12", "A", "", "A1B"] {
            assert_eq!(CellRef::parse(bad), None, "{bad}");
        }
        assert!(CellRef::new(1, 5) < CellRef::new(2, 0));
        assert_eq!(ColumnLetters(255).to_string(), "IV");
    }

    #[test]
    fn merged_cells_show_their_anchor() {
        let mut g = Grid::new("s");
        g.set_value(1, 0, Value::Text("决策(10)".into()));
        g.merges.push(Rect {
            top: 1,
            left: 0,
            bottom: 4,
            right: 0,
        });
        assert_eq!(g.text(3, 0), "决策(10)");
        assert_eq!(g.text(5, 0), "");
        assert_eq!(g.height(), 5);
    }

    #[test]
    fn a_far_away_cell_is_kept_but_not_scanned() {
        let mut g = Grid::new("s");
        g.set_value(2, 3, Value::Text("三级指标".into()));
        g.set_value(1_048_575, 16_383, Value::Number(Decimal::ONE));
        assert_eq!((g.height(), g.width()), (3, 4));
        assert_eq!(g.get(1_048_575, 16_383), None);
        assert_eq!(g.row(1_048_575).count(), 0);
        assert_eq!(g.outside_scan(), 1);
        assert_eq!(g.cells().count(), 2);
        g.set_value(1_048_575, 16_383, Value::Empty);
        assert_eq!(g.outside_scan(), 0);
    }

    #[test]
    fn a_formula_without_result_is_marked() {
        let cell = Cell {
            value: Value::Empty,
            formula: Some("SUM(A1:A3)".into()),
            raw: None,
        };
        assert!(cell.is_uncached_formula());
    }
}
