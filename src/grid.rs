//! Stage 1 [IO]: workbook file → [`Workbook`] of [`Grid`]s. The only module that calls calamine.
//!
//! A grid is a sparse map of cells in absolute sheet coordinates (zero-based, row 0 = Excel row 1,
//! whatever the first used cell is — calamine's ranges start at the first used cell, not A1),
//! with the sheet's merged regions and its formulas. Floats become exact decimals here: round to
//! 6 places, midpoint away from zero as Excel does, then normalise (9.4000000001 → 9.4). No
//! `f64` is used past this module except [`Cell::raw`], which exists only so that an output
//! workbook can write the department's number back bit for bit.
//!
//! What calamine gives and does not give, and how this module copes:
//! - Merged regions exist for `.xlsx`/`.xlsm` and `.xls` only. For `.ods` and `.xlsb` the
//!   covered cells simply read as empty; later stages treat an empty level cell as "same as
//!   above", which covers both.
//! - A formula saved without a cached result (files written by some generators, or never
//!   recalculated) reads as an empty value; such a cell keeps its formula text so that later
//!   stages say "公式没有计算结果" instead of treating the score as missing or 0.
//! - `.xlsx` and `.xlsb` are read as a stream of cells (no dense range), so a stray value far
//!   away in XFD1048576 costs one map entry, not gigabytes. `.xls` and `.ods` have no such
//!   reader: their extents are measured from the raw file first ([`crate::package`]), and a
//!   sheet whose dense range would pass [`Limits::max_cells`] is refused before calamine sees it.
//! - Every file is checked against [`Limits`] before parsing (file size, zip bombs, encryption)
//!   and every workbook's cells are counted against the same budget: a refused file is an S001
//!   with the limit in its message, never a silently truncated one.
//! - Only the first [`SCAN_ROWS`] × [`SCAN_COLS`] of a sheet are scanned for a table; cells
//!   beyond are kept and written back ([`Grid::outside_scan`] counts them).

pub use crate::package::Limits;
use crate::package::{self, Container};
use calamine::{
    CellErrorType, Data, DataRef, Ods, Range, Reader, SheetVisible, Xls, Xlsb, Xlsx, XlsxError,
};
use rust_decimal::prelude::FromPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::io::{Cursor, Read, Seek};
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

/// Why a file could not be read, in words for the user (SPEC S001).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ReadError(pub String);

const SAVE_AS_HINT: &str = "请在 WPS/Excel 中打开后另存为 .xlsx 再提交";

/// Cleans an Excel float into an exact decimal: 6 places, midpoint away from zero, normalised.
///
/// Returns `None` for NaN, infinities and magnitudes a `Decimal` cannot hold (beyond 7.9e28).
///
/// # Examples
/// ```
/// use jixiao::grid::clean_float;
/// assert_eq!(clean_float(9.4000000001).unwrap().to_string(), "9.4");
/// assert_eq!(clean_float(0.1 + 0.2).unwrap().to_string(), "0.3");
/// assert_eq!(clean_float(2.0000005).unwrap().to_string(), "2.000001");
/// ```
pub fn clean_float(value: f64) -> Option<Decimal> {
    let d = Decimal::from_f64(value)?;
    Some(
        d.round_dp_with_strategy(6, RoundingStrategy::MidpointAwayFromZero)
            .normalize(),
    )
}

fn number_cell(value: f64) -> Cell {
    let value_out = match clean_float(value) {
        Some(d) => Value::Number(d),
        None => Value::Text(value.to_string()),
    };
    Cell {
        value: value_out,
        formula: None,
        raw: Some(value),
    }
}

fn date_cell(serial: f64, ymd: (u16, u8, u8, u8, u8, u8, u16)) -> Cell {
    let (y, mo, d, h, mi, s, _) = ymd;
    let text = if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{d:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    };
    Cell {
        value: Value::Date(text),
        formula: None,
        raw: Some(serial),
    }
}

fn error_cell(e: &CellErrorType) -> Cell {
    Cell {
        value: Value::Error(e.to_string()),
        formula: None,
        raw: None,
    }
}

fn plain(value: Value) -> Cell {
    Cell {
        value,
        formula: None,
        raw: None,
    }
}

/// Excel's error literals. LibreOffice writes a formula's error result into `.ods` as a string
/// (`calcext:value-type="error"`), which calamine returns as text; such text is an error value.
const ERROR_LITERALS: &[&str] = &[
    "#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#DATA!", "Err:502",
    "Err:504", "Err:508", "Err:511", "Err:522",
];

fn text_cell(s: &str) -> Cell {
    if ERROR_LITERALS.contains(&s.trim()) {
        Cell {
            value: Value::Error(s.trim().to_string()),
            formula: None,
            raw: None,
        }
    } else {
        plain(Value::Text(s.to_string()))
    }
}

fn cell_from_data(data: &Data) -> Cell {
    match data {
        Data::Empty => plain(Value::Empty),
        Data::Int(i) => Cell {
            value: Value::Number(Decimal::from(*i)),
            formula: None,
            raw: Some(*i as f64),
        },
        Data::Float(f) => number_cell(*f),
        Data::String(s) => text_cell(s),
        Data::Bool(b) => plain(Value::Bool(*b)),
        Data::DateTime(dt) => date_cell(dt.as_f64(), dt.to_ymd_hms_milli()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => plain(Value::Date(s.clone())),
        Data::Error(e) => error_cell(e),
    }
}

fn cell_from_data_ref(data: &DataRef<'_>) -> Cell {
    match data {
        DataRef::Empty => plain(Value::Empty),
        DataRef::Int(i) => Cell {
            value: Value::Number(Decimal::from(*i)),
            formula: None,
            raw: Some(*i as f64),
        },
        DataRef::Float(f) => number_cell(*f),
        DataRef::String(s) => text_cell(s),
        DataRef::SharedString(s) => text_cell(s),
        DataRef::Bool(b) => plain(Value::Bool(*b)),
        DataRef::DateTime(dt) => date_cell(dt.as_f64(), dt.to_ymd_hms_milli()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => plain(Value::Date(s.clone())),
        DataRef::Error(e) => error_cell(e),
    }
}

fn strip_eq(formula: &str) -> Option<String> {
    let f = formula.trim();
    if let Some(odf) = f.strip_prefix("of:=") {
        return odf_to_excel(odf);
    }
    let f = f.strip_prefix('=').unwrap_or(f);
    (!f.is_empty()).then(|| f.to_string())
}

/// An OpenFormula expression (as `.ods` stores it, `of:=SUM([.F5:.F25]);…`) in Excel syntax:
/// `[.A1]` → `A1`, `[.A1:.B2]` → `A1:B2`, `[$Sheet1.A1]` → `'Sheet1'!A1`, `;` → `,`. Returns
/// `None` for references it cannot translate (other files), so that only the cached value is
/// kept rather than a formula Excel would refuse.
pub fn odf_to_excel(odf: &str) -> Option<String> {
    let mut out = String::with_capacity(odf.len());
    let mut chars = odf.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                in_string = !in_string;
                out.push(c);
            }
            _ if in_string => out.push(c),
            ';' => out.push(','),
            '[' => {
                let mut reference = String::new();
                for r in chars.by_ref() {
                    if r == ']' {
                        break;
                    }
                    reference.push(r);
                }
                out.push_str(&odf_reference(&reference)?);
            }
            _ => out.push(c),
        }
    }
    (!out.trim().is_empty()).then_some(out)
}

fn odf_reference(reference: &str) -> Option<String> {
    if reference.contains('#') || reference.contains('\'') && reference.contains("file:") {
        return None;
    }
    let parts: Vec<String> = reference
        .split(':')
        .map(|part| {
            let part = part.trim_start_matches('$');
            match part.rsplit_once('.') {
                Some(("", cell)) => Some(cell.to_string()),
                Some((sheet, cell)) => {
                    let sheet = sheet.trim_start_matches('$').trim_matches('\'');
                    Some(format!("'{}'!{cell}", sheet.replace('\'', "''")))
                }
                None => None,
            }
        })
        .collect::<Option<Vec<String>>>()?;
    Some(parts.join(":"))
}

/// Reads a workbook file into grids, within the default [`Limits`].
///
/// # Errors
/// A [`ReadError`] in Chinese naming the problem (not a spreadsheet, corrupt, encrypted,
/// too large, unsupported format) with the hint to save as `.xlsx`.
pub fn read_workbook(path: &Path) -> Result<Workbook, ReadError> {
    read_workbook_with(path, &Limits::default())
}

/// Reads a workbook file into grids within `limits`: the format comes from the file name, the
/// bytes are checked before parsing (see [`crate::package`]).
///
/// # Errors
/// As [`read_workbook`].
pub fn read_workbook_with(path: &Path, limits: &Limits) -> Result<Workbook, ReadError> {
    let format = Format::from_path(path).ok_or_else(|| {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_string())
            .unwrap_or_default();
        ReadError(format!(
            "不支持的文件格式“.{ext}”（支持 .xlsx .xlsm .xls .xlsb .ods），{SAVE_AS_HINT}"
        ))
    })?;
    // Opening a named pipe or a device would block or never end: only regular files are read.
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => {
            return Err(ReadError(
                "不是普通文件（如文件夹、管道或设备），无法作为工作簿读取".into(),
            ))
        }
        Err(e) => return Err(ReadError(format!("无法读取文件：{}", io_reason(&e)))),
        Ok(_) => {}
    }
    let bytes = package::read_limited(path, limits).map_err(|e| match e {
        package::ReadFail::Io(e) => ReadError(format!("无法读取文件：{}", io_reason(&e))),
        package::ReadFail::Package(p) => refused(p),
    })?;
    read_workbook_bytes(&bytes, format, limits)
}

/// Reads a workbook held in memory, as [`read_workbook_with`] does for a file of `format`.
/// The entry point of the fuzz target.
///
/// # Errors
/// As [`read_workbook`].
pub fn read_workbook_bytes(
    bytes: &[u8],
    format: Format,
    limits: &Limits,
) -> Result<Workbook, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError(format!("文件是空的（0 字节），{SAVE_AS_HINT}")));
    }
    if bytes.len() as u64 > limits.max_file_bytes() {
        return Err(refused(package::PackageError::FileTooLarge {
            size: bytes.len() as u64,
            limit: limits.max_file_bytes(),
        }));
    }
    match (package::sniff(bytes), format) {
        (Container::Ole, Format::Xls) => package::check_xls(bytes, limits).map_err(refused)?,
        (Container::Ole, _) if package::ole_is_encrypted_package(bytes) => {
            return Err(refused(package::PackageError::Encrypted));
        }
        (Container::Ole, _) => {
            return Err(ReadError(format!(
                "文件扩展名为 {}，但内容是旧版 .xls（或 WPS .et）格式，{SAVE_AS_HINT}",
                extension_label(format)
            )));
        }
        (Container::Zip, Format::Xls) => {
            return Err(ReadError(format!(
                "文件扩展名为 .xls，但内容是 .xlsx/.ods 格式，{SAVE_AS_HINT}"
            )));
        }
        (Container::Zip, _) => {
            package::check_zip(bytes, limits).map_err(refused)?;
            if format == Format::Ods {
                package::check_ods(bytes, limits).map_err(refused)?;
            }
        }
        (Container::Other, _) => {
            return Err(ReadError(format!(
                "文件不是电子表格（内容既不是 .xlsx/.ods 压缩包，也不是 .xls），{SAVE_AS_HINT}"
            )));
        }
    }
    // calamine may still panic on a corrupt file its checks miss; that is the file's fault,
    // not a bug of ours, so it is a corrupt file here (the batch guard stays for our own bugs).
    let parsed = std::panic::catch_unwind(|| parse(bytes, format, limits)).unwrap_or_else(|_| {
        Err(ReadError(format!(
            "文件已损坏（读取时结构异常），{SAVE_AS_HINT}"
        )))
    });
    let sheets = parsed?;
    Ok(Workbook { format, sheets })
}

fn refused(e: package::PackageError) -> ReadError {
    use package::PackageError as P;
    match e {
        P::Encrypted | P::SheetTooLarge { .. } => ReadError(e.to_string()),
        P::FileTooLarge { .. } => ReadError(format!("{e}；请删除多余内容或拆分后再提交")),
        P::UnpackedTooLarge { .. } | P::RatioTooHigh { .. } | P::Corrupt(_) => {
            ReadError(format!("{e}，{SAVE_AS_HINT}"))
        }
    }
}

fn parse(bytes: &[u8], format: Format, limits: &Limits) -> Result<Vec<Grid>, ReadError> {
    let reader = Cursor::new(bytes);
    let mut budget = CellBudget::new(limits);
    match format {
        Format::Xlsx => read_xlsx(reader, &mut budget),
        Format::Xlsb => read_xlsb(reader, &mut budget),
        Format::Xls => {
            let mut wb = Xls::new(reader).map_err(|e| describe(&e.to_string()))?;
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
            read_ranges(&mut wb, merges, &mut budget)
        }
        Format::Ods => {
            let mut wb = Ods::new(reader).map_err(|e| describe(&e.to_string()))?;
            read_ranges(&mut wb, Vec::new(), &mut budget)
        }
    }
}

/// Counts the cells read from one workbook against [`Limits::max_cells`].
struct CellBudget {
    left: u64,
    limit: u64,
}

impl CellBudget {
    fn new(limits: &Limits) -> Self {
        CellBudget {
            left: limits.max_cells,
            limit: limits.max_cells,
        }
    }

    fn take(&mut self, sheet: &str) -> Result<(), ReadError> {
        if self.left == 0 {
            return Err(ReadError(format!(
                "工作簿的单元格过多（工作表“{sheet}”处已超过处理上限 {} 个），无法完整读取；请删除多余内容或拆分后再提交",
                self.limit
            )));
        }
        self.left -= 1;
        Ok(())
    }
}

fn extension_label(format: Format) -> &'static str {
    match format {
        Format::Xlsx => ".xlsx",
        Format::Xls => ".xls",
        Format::Xlsb => ".xlsb",
        Format::Ods => ".ods",
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在".into(),
        std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
        std::io::ErrorKind::IsADirectory => "这是一个文件夹".into(),
        // Other failures come from the disk, the network share or the system: the OS's own
        // words are kept for whoever looks into it.
        _ => format!("读取时出错（{e}），请将文件复制到本机磁盘后重试"),
    }
}

fn describe(err: &str) -> ReadError {
    let lower = err.to_lowercase();
    let why = if lower.contains("password") || lower.contains("encrypt") {
        "工作簿已加密（设置了打开密码），无法读取；请取消密码后再提交".to_string()
    } else if lower.contains("larger than its declared") {
        format!("文件已损坏（压缩包条目比声明的更大，可能是压缩炸弹），{SAVE_AS_HINT}")
    } else {
        format!("文件已损坏或格式无法识别（{err}），{SAVE_AS_HINT}")
    };
    ReadError(why)
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
    let mut wb = Xlsx::new(reader).map_err(|e: XlsxError| describe(&e.to_string()))?;
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
            Err(e) => return Err(describe(&e.to_string())),
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
                Err(e) => return Err(describe(&e.to_string())),
            }
        }
        drop(reader);
        grid.merges = match merges.as_ref().and_then(|m| m.get(&meta.name)) {
            Some(found) => found.clone(),
            // Not found by the quick scan: calamine parses the sheet again.
            None => wb
                .merge_cells_by_sheet_name(&meta.name)
                .map_err(|e| describe(&e.to_string()))?
                .iter()
                .map(rect_of)
                .collect(),
        };
        grids.push(grid);
    }
    Ok(grids)
}

/// The merged regions of every sheet of an `.xlsx`, by sheet name. calamine's
/// `merge_cells_by_sheet_name` parses the whole sheet XML again for them (13% of `check`);
/// here the sheet part is only inflated again, and only what follows `</sheetData>` is parsed
/// (with quick-xml, as calamine does). `None` when the package is not as expected (calamine
/// is asked instead).
fn xlsx_merges(bytes: &[u8]) -> Option<std::collections::HashMap<String, Vec<Rect>>> {
    use std::io::Read as _;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut read = |name: &str| -> Option<Vec<u8>> {
        let mut entry = zip.by_name(name).ok()?;
        let mut out = Vec::with_capacity(entry.size().min(64 << 20) as usize);
        entry.read_to_end(&mut out).ok()?;
        Some(out)
    };
    let workbook = String::from_utf8(read("xl/workbook.xml")?).ok()?;
    let rels = String::from_utf8(read("xl/_rels/workbook.xml.rels")?).ok()?;
    let targets: std::collections::HashMap<String, String> =
        xml_elements(&rels, "Relationship", ["Id", "Target"])?
            .into_iter()
            .filter_map(|[id, target]| Some((id?, target?)))
            .collect();
    let mut out = std::collections::HashMap::new();
    // `id` is `r:id`, whatever the prefix of the relationships namespace.
    for [name, id] in xml_elements(&workbook, "sheet", ["name", "id"])? {
        let (Some(name), Some(id)) = (name, id) else {
            continue;
        };
        let Some(target) = targets.get(&id) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        let Some(xml) = read(&path) else { continue };
        if let Some(merges) = scan_merge_cells(&xml) {
            out.insert(name, merges);
        }
    }
    Some(out)
}

/// Every `<mergeCell ref="A1:B2"/>` of a sheet's XML; `None` when the part after the cells
/// cannot be read (calamine is asked instead).
fn scan_merge_cells(xml: &[u8]) -> Option<Vec<Rect>> {
    // <mergeCells> follows </sheetData>: only the tail after it is decoded and scanned.
    let end_of_data = b"</sheetData>";
    let tail = xml
        .windows(end_of_data.len())
        .rposition(|w| w == end_of_data)
        .map_or(xml, |i| &xml[i..]);
    let text = std::str::from_utf8(tail).ok()?;
    xml_elements(text, "mergeCell", ["ref"])?
        .into_iter()
        .map(|[r]| {
            let r = r?;
            let (a, b) = r.split_once(':')?;
            let (top, left) = parse_a1(a)?;
            let (bottom, right) = parse_a1(b)?;
            Some(Rect {
                top,
                left,
                bottom,
                right,
            })
        })
        .collect()
}

/// For every element named `local` (in any namespace) of an XML text or of a tail of one,
/// the values of the attributes `names` (local names: `id` reads `r:id`), unescaped; `None`
/// when the text is not well-formed XML.
fn xml_elements<const N: usize>(
    xml: &str,
    local: &str,
    names: [&str; N],
) -> Option<Vec<[Option<String>; N]>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    // A tail starts and ends inside elements it does not open.
    reader.config_mut().allow_unmatched_ends = true;
    let mut out = Vec::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == local => {
                let mut values = [const { None }; N];
                for a in e.attributes() {
                    let a = a.ok()?;
                    let key = a.key.local_name();
                    if let Some(i) = names.iter().position(|n| *n == key.as_ref()) {
                        let value = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()?;
                        values[i] = Some(value.into_owned());
                    }
                }
                out.push(values);
            }
            Event::Eof => return Some(out),
            _ => {}
        }
    }
}

/// `B12` → (11, 1); `$B$12` too.
fn parse_a1(a1: &str) -> Option<(u32, u32)> {
    // `$A$1` and `A1` alike; no allocation (it runs for both corners of every merged range).
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
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// `.xlsb` is read cell by cell like `.xlsx` (calamine's range would be dense); formulas come
/// from a second pass over the same sheet.
fn read_xlsb(reader: Cursor<&[u8]>, budget: &mut CellBudget) -> Result<Vec<Grid>, ReadError> {
    let mut wb = Xlsb::new(reader).map_err(|e| describe(&e.to_string()))?;
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
        while let Some(c) = cells.next_cell().map_err(|e| describe(&e.to_string()))? {
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
    R::Error: fmt::Display,
{
    let metas = wb.sheets_metadata().to_vec();
    let mut grids = Vec::with_capacity(metas.len());
    for meta in metas {
        let mut grid = Grid::new(meta.name.clone());
        grid.visible = meta.visible == SheetVisible::Visible;
        let range = wb
            .worksheet_range(&meta.name)
            .map_err(|e| describe(&e.to_string()))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_cleaned_to_exact_decimals() {
        assert_eq!(clean_float(95.4).unwrap().to_string(), "95.4");
        assert_eq!(clean_float(9.4000000001).unwrap().to_string(), "9.4");
        assert_eq!(clean_float(4.6000000000000085).unwrap().to_string(), "4.6");
        assert_eq!(clean_float(-0.0000004).unwrap().to_string(), "0");
        assert_eq!(clean_float(0.9552).unwrap().to_string(), "0.9552");
        assert_eq!(clean_float(1e30), None);
        assert_eq!(clean_float(f64::NAN), None);
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
    fn openformula_is_translated_to_excel_syntax() {
        assert_eq!(odf_to_excel("1/0").as_deref(), Some("1/0"));
        assert_eq!(
            odf_to_excel("SUM([.F5:.F25])").as_deref(),
            Some("SUM(F5:F25)")
        );
        assert_eq!(
            odf_to_excel("IF([.A1]>0;\"是;否\";[$Sheet2.B$3])").as_deref(),
            Some("IF(A1>0,\"是;否\",'Sheet2'!B$3)")
        );
        assert_eq!(odf_to_excel("['file:///x.ods'#$Sheet1.A1]"), None);
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
    fn merge_cells_are_found_by_scanning() {
        let xml = br#"<worksheet><sheetData/><mergeCells count="2"><mergeCell ref="A7:A9"/><mergeCell ref="$B$2:C3"/></mergeCells></worksheet>"#;
        let real = b"<worksheet><sheetData><row/></sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells><pageMargins/></worksheet>";
        assert_eq!(
            scan_merge_cells(real).map(|m| m.len()),
            Some(1),
            "the tail after </sheetData>, whose end tags have no start"
        );
        assert_eq!(
            scan_merge_cells(b"<x:mergeCell ref='A1:B1'/>")
                .unwrap()
                .len(),
            1,
            "prefixed, single-quoted"
        );
        assert_eq!(
            scan_merge_cells(b"<mergeCell ref=\"A1:B1\"/><mergeCell ref=\"A1"),
            None,
            "cut off: left to calamine"
        );
        assert_eq!(
            scan_merge_cells(xml).unwrap(),
            vec![
                Rect {
                    top: 6,
                    left: 0,
                    bottom: 8,
                    right: 0
                },
                Rect {
                    top: 1,
                    left: 1,
                    bottom: 2,
                    right: 2
                },
            ]
        );
        assert_eq!(parse_a1("AB12"), Some((11, 27)));
        assert_eq!(parse_a1("$ab$12"), Some((11, 27)));
        assert_eq!(parse_a1("A$1"), Some((0, 0)));
        assert_eq!(parse_a1("A1:"), None);
        assert_eq!(parse_a1("ABCD1"), None);
        assert_eq!(parse_a1("A0"), None);
        assert_eq!(parse_a1("12"), None);
        let sheets = xml_elements(
            r#"<sheets><sheet name="R&amp;D &#x8BC4;&lt;" r:id="rId1"/><sheetView/></sheets>"#,
            "sheet",
            ["name", "id", "state"],
        )
        .unwrap();
        assert_eq!(
            sheets,
            vec![[Some("R&D 评<".to_string()), Some("rId1".to_string()), None]]
        );
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
