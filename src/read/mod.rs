//! Stage 1 \[IO\]: workbook file → [`Workbook`] of [`Grid`](crate::grid::Grid)s. The only module that calls calamine.
//!
//! Floats become exact decimals here ([`clean_float`]): round to 6 places, midpoint away from
//! zero as Excel does, then normalise (9.4000000001 → 9.4).
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
//!   reader: their extents are measured from the raw file first ([`package`]), and a
//!   sheet whose dense range would pass [`Limits::max_cells`] is refused before calamine sees it.
//! - Every file is checked against [`Limits`] before parsing (file size, zip bombs, encryption)
//!   and every workbook's cells are counted against the same budget: a refused file is an S001
//!   with the limit in its message, never a silently truncated one.
//!
//! The parts: [`package`] (the container checks), `cells` (calamine's values → [`Cell`](crate::grid::Cell)s),
//! `sheets` (calamine's readers per format), `xlsx` (merged regions from the sheet XML),
//! [`ods`] (OpenFormula → Excel syntax).

mod cells;
pub mod ods;
pub mod ods_looks;
pub mod package;
mod sheets;
pub mod xls_looks;
mod xlsx;

pub use cells::clean_float;
pub use package::Limits;

use crate::grid::{Format, Workbook};
use package::Container;
use std::path::Path;

/// Why a file could not be read (SPEC S001). The `Display` is the Chinese reason shown to
/// users, with what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The extension is none jixiao reads (`.et`, `.csv`, `.docx` …).
    #[error("不支持的文件格式“.{0}”（支持 .xlsx .xlsm .xls .xlsb .ods），{SAVE_AS_HINT}")]
    Unsupported(String),
    /// A folder, a pipe or a device.
    #[error("不是普通文件（如文件夹、管道或设备），无法作为工作簿读取")]
    NotAFile,
    /// Opening or reading the file failed.
    #[error("无法读取文件：{}", io_reason(.0))]
    Io(std::io::Error),
    /// The file holds no byte.
    #[error("文件是空的（0 字节），{SAVE_AS_HINT}")]
    Empty,
    /// The container breaks a limit or is encrypted or broken ([`package`]).
    #[error("{}", refused(.0))]
    Refused(package::PackageError),
    /// An old `.xls` (or WPS `.et`) container behind another extension.
    #[error("文件扩展名为 {}，但内容是旧版 .xls（或 WPS .et）格式，{SAVE_AS_HINT}", extension_label(*.0))]
    OleNamed(Format),
    /// A zip package behind `.xls`.
    #[error("文件扩展名为 .xls，但内容是 .xlsx/.ods 格式，{SAVE_AS_HINT}")]
    ZipNamedXls,
    /// An OpenDocument spreadsheet behind `.xlsx` / `.xlsm` / `.xlsb`.
    #[error("文件扩展名为 {}，但内容是 OpenDocument 表格（.ods）：请把扩展名改回 .ods，或在 WPS/Excel 中打开后另存为 .xlsx 再提交", extension_label(*.0))]
    OdsNamed(Format),
    /// A zip package that holds no Excel workbook (no `xl/workbook.xml` or its relationships).
    #[error("文件是压缩包，但其中没有 Excel 工作簿（缺少 {0}），不是 .xlsx 文件；{SAVE_AS_HINT}")]
    NoWorkbookPart(&'static str),
    /// Neither a zip package nor an OLE file.
    #[error("文件不是电子表格（内容既不是 .xlsx/.ods 压缩包，也不是 .xls），{SAVE_AS_HINT}")]
    NotASpreadsheet,
    /// The workbook is password-protected (calamine's `Password` error).
    #[error("工作簿已加密（设置了打开密码），无法读取；请取消密码后再提交")]
    Encrypted,
    /// A zip entry did not unpack to what the package declared (its size or checksum).
    #[error(
        "文件已损坏（压缩包内的条目与其声明的大小或校验值不符，可能是压缩炸弹），{SAVE_AS_HINT}"
    )]
    EntryMismatch,
    /// calamine could not parse the workbook; its own words are kept for whoever looks.
    #[error("文件已损坏或格式无法识别（{0}），{SAVE_AS_HINT}")]
    Corrupt(String),
    /// calamine stopped with a panic on a file its checks missed.
    #[error("文件已损坏（读取时结构异常），{SAVE_AS_HINT}")]
    Malformed,
    /// More cells than [`Limits::max_cells`].
    #[error("工作簿的单元格过多（工作表“{sheet}”处已超过处理上限 {limit} 个），无法完整读取；请删除多余内容或拆分后再提交")]
    TooManyCells {
        /// The sheet being read when the budget ran out.
        sheet: String,
        /// The limit.
        limit: u64,
    },
}

const SAVE_AS_HINT: &str = "请在 WPS/Excel 中打开后另存为 .xlsx 再提交";

/// Reads a workbook file into grids, within the default [`Limits`].
///
/// # Errors
/// A [`ReadError`] in Chinese naming the problem (not a spreadsheet, corrupt, encrypted,
/// too large, unsupported format) with the hint to save as `.xlsx`.
pub fn read_workbook(path: &Path) -> Result<Workbook, ReadError> {
    read_workbook_with(path, &Limits::default())
}

/// Reads a workbook file into grids within `limits`: the format comes from the file name, the
/// bytes are checked before parsing (see [`crate::read::package`]).
///
/// # Errors
/// As [`read_workbook`].
pub fn read_workbook_with(path: &Path, limits: &Limits) -> Result<Workbook, ReadError> {
    let format = Format::from_path(path).ok_or_else(|| {
        let ext = path.extension().unwrap_or_default().to_string_lossy();
        ReadError::Unsupported(ext.into_owned())
    })?;
    // Opening a named pipe or a device would block or never end: only regular files are read.
    if !std::fs::metadata(path).map_err(ReadError::Io)?.is_file() {
        return Err(ReadError::NotAFile);
    }
    let bytes = package::read_limited(path, limits).map_err(|e| match e {
        package::ReadFail::Io(e) => ReadError::Io(e),
        package::ReadFail::Package(p) => ReadError::Refused(p),
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
        return Err(ReadError::Empty);
    }
    if bytes.len() as u64 > limits.max_file_bytes() {
        return Err(ReadError::Refused(package::PackageError::FileTooLarge {
            size: bytes.len() as u64,
            limit: limits.max_file_bytes(),
        }));
    }
    match (package::sniff(bytes), format) {
        (Container::Ole, Format::Xls) => package::check_xls(bytes, limits)?,
        (Container::Ole, _) if package::ole_is_encrypted_package(bytes) => {
            return Err(ReadError::Refused(package::PackageError::Encrypted));
        }
        (Container::Ole, _) => return Err(ReadError::OleNamed(format)),
        (Container::Zip, Format::Xls) => return Err(ReadError::ZipNamedXls),
        (Container::Zip, _) => {
            let names = package::check_zip(bytes, limits)?;
            if format == Format::Ods {
                package::check_ods(bytes, limits)?;
            } else {
                // Say what the package is, in words, before calamine says it in its own.
                let has = |n: &str| names.iter().any(|x| x == n);
                if has("content.xml") && (has("mimetype") || has("META-INF/manifest.xml")) {
                    return Err(ReadError::OdsNamed(format));
                }
                if format == Format::Xlsx {
                    if !has("_rels/.rels") {
                        return Err(ReadError::NoWorkbookPart("_rels/.rels"));
                    }
                    if !names
                        .iter()
                        .any(|n| n.starts_with("xl/") && n.ends_with("workbook.xml"))
                    {
                        return Err(ReadError::NoWorkbookPart("xl/workbook.xml"));
                    }
                }
            }
        }
        (Container::Other, _) => return Err(ReadError::NotASpreadsheet),
    }
    // calamine may still panic on a corrupt file its checks miss; that is the file's fault,
    // not a bug of ours, so it is a corrupt file here (the batch guard stays for our own bugs).
    let parsed = std::panic::catch_unwind(|| sheets::parse(bytes, format, limits))
        .unwrap_or(Err(ReadError::Malformed));
    let sheets = parsed?;
    Ok(Workbook { format, sheets })
}

impl From<package::PackageError> for ReadError {
    fn from(e: package::PackageError) -> Self {
        ReadError::Refused(e)
    }
}

/// A refused package's reason with what to do about it.
fn refused(e: &package::PackageError) -> String {
    use package::PackageError as P;
    match e {
        P::Encrypted | P::SheetTooLarge { .. } => e.to_string(),
        P::FileTooLarge { .. } => format!("{e}；请删除多余内容或拆分后再提交"),
        P::UnpackedTooLarge { .. } | P::RatioTooHigh { .. } | P::Corrupt(_) => {
            format!("{e}，{SAVE_AS_HINT}")
        }
    }
}

/// Counts the cells read from one workbook against [`Limits::max_cells`].
pub(super) struct CellBudget {
    left: u64,
    limit: u64,
}

impl CellBudget {
    pub(super) fn new(limits: &Limits) -> Self {
        CellBudget {
            left: limits.max_cells,
            limit: limits.max_cells,
        }
    }

    pub(super) fn take(&mut self, sheet: &str) -> Result<(), ReadError> {
        if self.left == 0 {
            return Err(ReadError::TooManyCells {
                sheet: sheet.to_string(),
                limit: self.limit,
            });
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

/// When the workbook was last saved, as its package records it: `dcterms:modified` of an
/// `.xlsx`/`.xlsm`'s `docProps/core.xml`, `dc:date` of an `.ods`'s `meta.xml` (W3C date-time
/// text, as written). `None` for other formats or when it is not recorded. Read only for
/// `[sample] deadline` (issue #20: files changed after the deadline).
pub fn saved_at(path: &Path) -> Option<String> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
    let (part, open) = if zip.index_for_name("docProps/core.xml").is_some() {
        ("docProps/core.xml", "<dcterms:modified")
    } else {
        ("meta.xml", "<dc:date")
    };
    let mut xml = String::new();
    zip.by_name(part)
        .ok()?
        .take(1 << 20)
        .read_to_string(&mut xml)
        .ok()?;
    let at = xml.find(open)?;
    let rest = &xml[at..];
    let start = rest.find('>')? + 1;
    let end = rest[start..].find('<')? + start;
    let text = rest[start..end].trim();
    (!text.is_empty()).then(|| text.to_string())
}
