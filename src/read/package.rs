//! Stage 0 \[pure\]: looks inside a workbook file's bytes *before* calamine parses it, so that no
//! file can make the reader ask for unbounded memory.
//!
//! calamine trusts what a file declares: it unpacks zip entries of any size, and for `.xls` and
//! `.ods` it builds a dense range from the first to the last used cell (a stray value in a far
//! corner, or a forged `DIMENSIONS` record, asks for gigabytes, and an allocation failure aborts
//! the whole process — no guard catches that). This module reads only the containers' own
//! directories and records, with every size checked against [`Limits`]:
//!
//! - **zip** (`.xlsx .xlsm .xlsb .ods`): the central directory's declared uncompressed sizes —
//!   their total, and each large entry's compression ratio (a zip bomb). The zip reader stops an
//!   entry that unpacks to more than it declared, so the declared sizes bound the real ones.
//! - **OLE** (`.xls`, and the container Office uses for a password-protected `.xlsx`): the
//!   compound-file directory. `EncryptionInfo`/`EncryptedPackage` streams mean an encrypted
//!   workbook; in an `.xls` the `Workbook` stream's records are scanned for `FILEPASS`
//!   (encrypted), `DIMENSIONS` and the cell positions of every sheet.
//! - **`.ods`**: `content.xml` is scanned as a stream for the extent of every table, counting
//!   repeated rows and columns the way calamine expands them.
//!
//! `.xlsx` and `.xlsb` sheets are then read cell by cell (no dense range), with the same cell
//! budget (`grid.rs`).

use std::io::{Cursor, Read};

/// Size limits for one input file. The defaults suit any real evaluation workbook by orders of
/// magnitude (a 100-indicator table has about 1,000 cells).
///
/// Deserialisable (all keys optional, in MiB where sizes), so that a `[limits]` table of the
/// configuration can set them:
///
/// ```toml
/// [limits]
/// max_file_mib = 256       # largest file read at all
/// max_unpacked_mib = 512   # largest total unpacked size of an .xlsx/.ods package
/// max_ratio = 200          # largest compression ratio of a part above 1 MiB
/// max_cells = 2000000      # most cells of one workbook / dense area of one sheet
/// memory_budget_mib = 0    # memory for the files reviewed at once (0: a quarter of RAM)
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Largest file read at all, in MiB (default 256).
    pub max_file_mib: u64,
    /// Largest total declared uncompressed size of a zip package, in MiB (default 512).
    pub max_unpacked_mib: u64,
    /// Largest compression ratio of a zip entry that unpacks to more than 1 MiB (default 200;
    /// real sheet XML compresses 5–50×, a zip bomb 1,000×).
    pub max_ratio: u64,
    /// Most cells read from one workbook, and largest dense area calamine may allocate for one
    /// sheet (default 2,000,000; a 100,000-row sheet of 8 columns is 800,000 and peaks at about
    /// 270 MB in `run`).
    pub max_cells: u64,
    /// The memory a batch may use for the files it reviews at once, in MiB (default 0: a
    /// quarter of the machine's physical memory). A file is reckoned at 80× its size on disk;
    /// files run together while their sum fits, and a file bigger than the budget runs alone.
    pub memory_budget_mib: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_mib: 256,
            max_unpacked_mib: 512,
            max_ratio: 200,
            max_cells: 2_000_000,
            memory_budget_mib: 0,
        }
    }
}

impl Limits {
    /// [`Limits::max_file_mib`] in bytes.
    pub fn max_file_bytes(&self) -> u64 {
        self.max_file_mib.saturating_mul(1 << 20)
    }

    /// [`Limits::max_unpacked_mib`] in bytes.
    pub fn max_unpacked_bytes(&self) -> u64 {
        self.max_unpacked_mib.saturating_mul(1 << 20)
    }
}

/// Entries below this unpacked size are not ratio-checked (tiny XML parts compress very well).
const RATIO_FLOOR: u64 = 1 << 20;

/// What kind of container the bytes are, from their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// A zip package (`PK\x03\x04`): `.xlsx .xlsm .xlsb .ods`.
    Zip,
    /// An OLE compound file: `.xls`, WPS `.et`, or an encrypted Office package.
    Ole,
    /// Anything else.
    Other,
}

/// The container the bytes start with.
pub fn sniff(bytes: &[u8]) -> Container {
    if bytes.starts_with(b"PK\x03\x04") {
        Container::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Container::Ole
    } else {
        Container::Other
    }
}

/// Why a package is refused before parsing. The `Display` is the Chinese reason shown to users.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackageError {
    /// The file is bigger than [`Limits::max_file_mib`].
    #[error("文件过大（{} MiB），超过处理上限 {} MiB", mib(*size), mib(*limit))]
    FileTooLarge {
        /// File size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The declared uncompressed total exceeds [`Limits::max_unpacked_mib`].
    #[error("解压后过大（声明 {} MiB），超过处理上限 {} MiB，可能是压缩炸弹或内容异常", mib(*size), mib(*limit))]
    UnpackedTooLarge {
        /// Declared total in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// One entry compresses better than [`Limits::max_ratio`].
    #[error(
        "压缩包内“{name}”的压缩比为 {ratio}:1，超过上限 {limit}:1，可能是压缩炸弹，解压后过大"
    )]
    RatioTooHigh {
        /// The entry name.
        name: String,
        /// Its ratio.
        ratio: u64,
        /// The limit.
        limit: u64,
    },
    /// A sheet spans more cells than [`Limits::max_cells`].
    #[error("工作表“{sheet}”的数据区域过大（{rows} 行 × {cols} 列），超过处理上限 {limit} 个单元格；请删除远处的多余内容后再提交")]
    SheetTooLarge {
        /// The sheet name (or its number).
        sheet: String,
        /// Rows of the area.
        rows: u64,
        /// Columns of the area.
        cols: u64,
        /// The limit in cells.
        limit: u64,
    },
    /// The workbook is password-protected.
    #[error("工作簿已加密（设置了打开密码），无法读取；请取消密码后再提交")]
    Encrypted,
    /// The container itself is broken.
    #[error("文件已损坏（{0}）")]
    Corrupt(String),
}

fn mib(bytes: u64) -> u64 {
    bytes.div_ceil(1 << 20)
}

/// Checks a zip package's central directory against the limits. Returns the entry names.
///
/// # Errors
/// [`PackageError::UnpackedTooLarge`], [`PackageError::RatioTooHigh`], or
/// [`PackageError::Corrupt`] for a zip whose directory cannot be read.
pub fn check_zip(bytes: &[u8], limits: &Limits) -> Result<Vec<String>, PackageError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        PackageError::Corrupt(match e {
            // The end of the zip (its directory) is missing: the file was cut short.
            zip::result::ZipError::InvalidArchive(_) => {
                "文件不完整，压缩包的目录缺失，可能是下载或复制时中断".to_string()
            }
            e => format!("压缩包目录无法读取：{e}"),
        })
    })?;
    let mut total: u64 = 0;
    let mut names = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| PackageError::Corrupt(format!("压缩包条目无法读取：{e}")))?;
        let name = entry.name().map(|n| n.to_string()).unwrap_or_default();
        if entry.encrypted() {
            return Err(PackageError::Encrypted);
        }
        let size = entry.size();
        total = total.saturating_add(size);
        if total > limits.max_unpacked_bytes() {
            return Err(PackageError::UnpackedTooLarge {
                size: total,
                limit: limits.max_unpacked_bytes(),
            });
        }
        if size > RATIO_FLOOR {
            let ratio = size / entry.compressed_size().max(1);
            if ratio > limits.max_ratio {
                return Err(PackageError::RatioTooHigh {
                    name,
                    ratio,
                    limit: limits.max_ratio,
                });
            }
        }
        names.push(name);
    }
    Ok(names)
}

/// Checks an `.ods` package's `content.xml`: every table's used extent (rows × columns, with
/// repeats expanded as calamine expands them) must fit [`Limits::max_cells`]. Call after
/// [`check_zip`], which bounds the size of `content.xml`.
///
/// # Errors
/// [`PackageError::SheetTooLarge`], or [`PackageError::Corrupt`] when `content.xml` is missing
/// or not XML.
pub fn check_ods(bytes: &[u8], limits: &Limits) -> Result<(), PackageError> {
    use quick_xml::events::Event;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| PackageError::Corrupt(format!("压缩包目录无法读取：{e}")))?;
    let content = zip
        .by_name("content.xml")
        .map_err(|_| PackageError::Corrupt("缺少 content.xml，不是 .ods 工作簿".into()))?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let mut buf = Vec::new();
    let mut sheet = Extent::default();
    let mut sheets = 0usize;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| PackageError::Corrupt(format!("content.xml 无法解析：{e}")))?;
        let (start, empty_element) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            Event::End(e) => {
                match e.local_name().as_ref() {
                    "table-row" => {
                        sheet.end_row();
                    }
                    "table" => {
                        sheets += 1;
                        sheet.check(&format!("第 {sheets} 张"), limits)?;
                        sheet = Extent::default();
                    }
                    _ => {}
                }
                (None, false)
            }
            Event::Eof => break,
            _ => (None, false),
        };
        if let Some(e) = start {
            let repeat = |attr: &str| -> u64 {
                e.attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == attr)
                    .and_then(|a| a.value.trim().parse().ok())
                    .unwrap_or(1u64)
                    .max(1)
            };
            match e.local_name().as_ref() {
                "table-row" => {
                    sheet.start_row(repeat("number-rows-repeated"));
                    if empty_element {
                        sheet.end_row();
                    }
                }
                "table-cell" | "covered-table-cell" => {
                    let valued = e
                        .attributes()
                        .flatten()
                        .any(|a| a.key.local_name().as_ref() == "value-type");
                    sheet.cell(repeat("number-columns-repeated"), valued || !empty_element);
                }
                _ => {}
            }
        }
        buf.clear();
    }
    Ok(())
}

/// The used extent of one sheet while scanning it.
#[derive(Debug, Default)]
struct Extent {
    row: u64,
    row_repeat: u64,
    col: u64,
    row_used: bool,
    row_right: u64,
    /// One past the last used row and column.
    bottom: u64,
    right: u64,
}

impl Extent {
    fn start_row(&mut self, repeat: u64) {
        self.row_repeat = repeat;
        self.col = 0;
        self.row_used = false;
        self.row_right = 0;
    }

    fn cell(&mut self, repeat: u64, used: bool) {
        if used {
            self.row_used = true;
            self.row_right = self.row_right.max(self.col.saturating_add(repeat));
        }
        self.col = self.col.saturating_add(repeat);
    }

    fn end_row(&mut self) {
        let repeat = self.row_repeat.max(1);
        if self.row_used {
            self.bottom = self.row.saturating_add(repeat);
            self.right = self.right.max(self.row_right);
        }
        self.row = self.row.saturating_add(repeat);
        self.row_repeat = 1;
    }

    fn check(&self, sheet: &str, limits: &Limits) -> Result<(), PackageError> {
        check_area(sheet, self.bottom, self.right, limits)
    }
}

fn check_area(sheet: &str, rows: u64, cols: u64, limits: &Limits) -> Result<(), PackageError> {
    if rows.saturating_mul(cols) > limits.max_cells {
        return Err(PackageError::SheetTooLarge {
            sheet: sheet.to_string(),
            rows,
            cols,
            limit: limits.max_cells,
        });
    }
    Ok(())
}

// ---- OLE compound files ----------------------------------------------------------------------

const FREE: u32 = 0xFFFF_FFFF;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

/// A read-only view of an OLE compound file (MS-CFB), enough to list and read streams.
struct Cfb<'a> {
    bytes: &'a [u8],
    shift: u32,
    fat: Vec<u32>,
    mini_fat: Vec<u32>,
    mini_cutoff: u64,
    entries: Vec<Entry>,
    mini_stream: Vec<u8>,
}

#[derive(Debug, Clone)]
struct Entry {
    name: String,
    kind: u8,
    start: u32,
    size: u64,
}

/// The little-endian `u16` at `at`, if the bytes reach that far.
pub(super) fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

/// The little-endian `u32` at `at`, if the bytes reach that far.
pub(super) fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn corrupt(what: &str) -> PackageError {
    PackageError::Corrupt(format!("OLE 复合文件结构无效：{what}"))
}

impl<'a> Cfb<'a> {
    fn parse(bytes: &'a [u8]) -> Result<Self, PackageError> {
        let shift = u32::from(u16_at(bytes, 0x1E).ok_or_else(|| corrupt("文件头不完整"))?);
        if shift != 9 && shift != 12 {
            return Err(corrupt("扇区大小"));
        }
        let mut cfb = Cfb {
            bytes,
            shift,
            fat: Vec::new(),
            mini_fat: Vec::new(),
            mini_cutoff: u64::from(u32_at(bytes, 0x38).unwrap_or(4096)),
            entries: Vec::new(),
            mini_stream: Vec::new(),
        };
        // The FAT sectors, from the header's DIFAT and the DIFAT chain.
        let per_sector = cfb.sector_size() / 4;
        let mut fat_sectors: Vec<u32> = (0..109)
            .filter_map(|i| u32_at(bytes, 0x4C + i * 4))
            .filter(|&s| s < END_OF_CHAIN - 2)
            .collect();
        let mut difat = u32_at(bytes, 0x44).unwrap_or(END_OF_CHAIN);
        let mut guard = 0;
        while difat < END_OF_CHAIN - 2 && guard <= cfb.sector_count() {
            let sector = cfb.sector(difat).ok_or_else(|| corrupt("DIFAT"))?;
            for i in 0..per_sector - 1 {
                if let Some(s) = u32_at(sector, i * 4).filter(|&s| s < END_OF_CHAIN - 2) {
                    fat_sectors.push(s);
                }
            }
            difat = u32_at(sector, (per_sector - 1) * 4).unwrap_or(END_OF_CHAIN);
            guard += 1;
        }
        for s in fat_sectors.iter().take(cfb.sector_count() + 1) {
            let sector = cfb.sector(*s).ok_or_else(|| corrupt("FAT"))?;
            cfb.fat
                .extend((0..per_sector).filter_map(|i| u32_at(sector, i * 4)));
        }
        let dir = cfb.chain(u32_at(bytes, 0x30).unwrap_or(END_OF_CHAIN), None)?;
        cfb.entries = dir
            .chunks_exact(128)
            .map(|e| {
                let len = usize::from(u16_at(e, 0x40).unwrap_or(0)).min(64);
                let units: Vec<u16> = e[..len]
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]))
                    .take_while(|&u| u != 0)
                    .collect();
                Entry {
                    name: String::from_utf16_lossy(&units),
                    kind: e[0x42],
                    start: u32_at(e, 0x74).unwrap_or(END_OF_CHAIN),
                    size: u64::from(u32_at(e, 0x78).unwrap_or(0)),
                }
            })
            .collect();
        let mini_fat = cfb.chain(u32_at(bytes, 0x3C).unwrap_or(END_OF_CHAIN), None)?;
        cfb.mini_fat = mini_fat
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        if let Some(root) = cfb.entries.iter().find(|e| e.kind == 5).cloned() {
            cfb.mini_stream = cfb.chain(root.start, Some(root.size))?;
        }
        Ok(cfb)
    }

    fn sector_size(&self) -> usize {
        1 << self.shift
    }

    fn sector_count(&self) -> usize {
        self.bytes.len() >> self.shift
    }

    fn sector(&self, n: u32) -> Option<&'a [u8]> {
        let size = self.sector_size();
        let start = (n as usize).checked_add(1)?.checked_mul(size)?;
        self.bytes.get(start..start.checked_add(size)?)
    }

    /// The bytes of a FAT chain, at most `size` of them (and never more than the file holds).
    fn chain(&self, mut sector: u32, size: Option<u64>) -> Result<Vec<u8>, PackageError> {
        let mut out = Vec::new();
        let mut steps = 0usize;
        while sector != END_OF_CHAIN && sector != FREE {
            let data = self.sector(sector).ok_or_else(|| corrupt("扇区越界"))?;
            // The file holds `sector_count() - 1` sectors after its header: a chain that would
            // read more visits one twice. (A sector past the end is said as such, above.)
            if steps + 1 >= self.sector_count() {
                return Err(corrupt("扇区链成环"));
            }
            out.extend_from_slice(data);
            if size.is_some_and(|s| out.len() as u64 >= s) {
                break;
            }
            sector = *self
                .fat
                .get(sector as usize)
                .ok_or_else(|| corrupt("FAT 越界"))?;
            steps += 1;
        }
        if let Some(s) = size {
            out.truncate(s as usize);
        }
        Ok(out)
    }

    fn mini_chain(&self, mut sector: u32, size: u64) -> Result<Vec<u8>, PackageError> {
        let mut out = Vec::new();
        let mut steps = 0usize;
        while sector != END_OF_CHAIN && sector != FREE && (out.len() as u64) < size {
            // A chain of more mini sectors than the mini FAT has entries visits one twice.
            if steps >= self.mini_fat.len() {
                return Err(corrupt("小扇区链成环"));
            }
            let start = (sector as usize) * 64;
            let data = self
                .mini_stream
                .get(start..start + 64)
                .ok_or_else(|| corrupt("小扇区越界"))?;
            out.extend_from_slice(data);
            sector = *self
                .mini_fat
                .get(sector as usize)
                .ok_or_else(|| corrupt("小扇区表越界"))?;
            steps += 1;
        }
        out.truncate(size as usize);
        Ok(out)
    }

    fn stream(&self, name: &str) -> Result<Option<Vec<u8>>, PackageError> {
        let Some(e) = self
            .entries
            .iter()
            .find(|e| e.kind == 2 && e.name.eq_ignore_ascii_case(name))
        else {
            return Ok(None);
        };
        let data = if e.size < self.mini_cutoff {
            self.mini_chain(e.start, e.size)?
        } else {
            self.chain(e.start, Some(e.size))?
        };
        Ok(Some(data))
    }

    fn has_stream(&self, name: &str) -> bool {
        self.entries.iter().any(|e| e.name == name)
    }
}

/// The BIFF record stream of an `.xls` (`Workbook`, or `Book` in BIFF5 files); `None` when the
/// file is no OLE compound file or has neither stream.
pub fn xls_workbook_stream(bytes: &[u8]) -> Option<Vec<u8>> {
    let cfb = Cfb::parse(bytes).ok()?;
    match cfb.stream("Workbook").ok()? {
        Some(s) => Some(s),
        None => cfb.stream("Book").ok()?,
    }
}

/// True when an OLE file is an encrypted Office package (a password-protected `.xlsx`, which
/// Office stores as an OLE container with `EncryptionInfo` and `EncryptedPackage` streams).
pub fn ole_is_encrypted_package(bytes: &[u8]) -> bool {
    Cfb::parse(bytes)
        .is_ok_and(|c| c.has_stream("EncryptedPackage") || c.has_stream("EncryptionInfo"))
}

/// Checks an `.xls` file: not encrypted, and every sheet's `DIMENSIONS` record and cell
/// positions within [`Limits::max_cells`].
///
/// # Errors
/// [`PackageError::Encrypted`], [`PackageError::SheetTooLarge`], or [`PackageError::Corrupt`]
/// when there is no `Workbook` stream.
pub fn check_xls(bytes: &[u8], limits: &Limits) -> Result<(), PackageError> {
    let cfb = Cfb::parse(bytes)?;
    if cfb.has_stream("EncryptedPackage") || cfb.has_stream("EncryptionInfo") {
        return Err(PackageError::Encrypted);
    }
    let stream = match cfb.stream("Workbook")? {
        Some(s) => s,
        None => cfb.stream("Book")?.ok_or_else(|| {
            PackageError::Corrupt("没有 Workbook 数据流，不是 .xls 工作簿".into())
        })?,
    };
    let mut at = 0usize;
    let mut depth = 0usize;
    let mut sheet = 0usize;
    // (min row, max row, min col, max col) of the current sheet's cells.
    let mut cells: Option<(u64, u64, u64, u64)> = None;
    while let (Some(typ), Some(len)) = (u16_at(&stream, at), u16_at(&stream, at + 2)) {
        let data = stream.get(at + 4..at + 4 + usize::from(len)).unwrap_or(&[]);
        at += 4 + usize::from(len);
        match typ {
            0x0809 => depth += 1,
            0x000A => {
                if depth == 1 {
                    if let Some((r0, r1, c0, c1)) = cells.take() {
                        check_area(&format!("第 {sheet} 张"), r1 - r0 + 1, c1 - c0 + 1, limits)?;
                    }
                }
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    sheet += 1;
                }
            }
            // FILEPASS: "if this record exists, the workbook MUST be encrypted" (MS-XLS
            // 2.4.117), by RC4 (type 1) or XOR obfuscation (type 0): either needs the password
            // to open. (calamine refuses only RC4, and reads an obfuscated sheet's bytes as
            // they are.)
            0x002F if sheet == 0 => {
                return Err(PackageError::Encrypted);
            }
            0x0200 => {
                // DIMENSIONS: calamine reserves rows × columns cells from it.
                let (rf, rl, cf, cl) = match data.len() {
                    10 => (
                        u64::from(u16_at(data, 0).unwrap_or(0)),
                        u64::from(u16_at(data, 2).unwrap_or(0)),
                        u64::from(u16_at(data, 4).unwrap_or(0)),
                        u64::from(u16_at(data, 6).unwrap_or(0)),
                    ),
                    14 | 16 => (
                        u64::from(u32_at(data, 0).unwrap_or(0)),
                        u64::from(u32_at(data, 4).unwrap_or(0)),
                        u64::from(u16_at(data, 8).unwrap_or(0)),
                        u64::from(u16_at(data, 10).unwrap_or(0)),
                    ),
                    _ => (0, 0, 0, 0),
                };
                let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                let rows = rl.saturating_sub(rf) + 1;
                let cols = cl.saturating_sub(cf) + 1;
                check_area(&format!("第 {sheet} 张"), rows, cols, limits)?;
            }
            // Cell records: row and column first. Only a sheet's count: calamine reads each
            // sheet from its own BOF and places no cell the globals hold.
            0x0006 | 0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x00BD if sheet > 0 => {
                if let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) {
                    let (r, c) = (u64::from(r), u64::from(c));
                    let last = if typ == 0x00BD && data.len() >= 2 {
                        u16_at(data, data.len() - 2).map_or(c, u64::from).max(c)
                    } else {
                        c
                    };
                    cells = Some(match cells {
                        None => (r, r, c, last),
                        Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(c), c1.max(last)),
                    });
                }
            }
            _ => {}
        }
    }
    if let Some((r0, r1, c0, c1)) = cells {
        check_area(&format!("第 {sheet} 张"), r1 - r0 + 1, c1 - c0 + 1, limits)?;
    }
    Ok(())
}

/// Reads a file's bytes, refusing one bigger than [`Limits::max_file_mib`].
///
/// # Errors
/// The IO error, or [`PackageError::FileTooLarge`] as an IO error of kind `Other`.
pub fn read_limited(path: &std::path::Path, limits: &Limits) -> Result<Vec<u8>, ReadFail> {
    let file = std::fs::File::open(path).map_err(ReadFail::Io)?;
    let size = file.metadata().map_err(ReadFail::Io)?.len();
    if size > limits.max_file_bytes() {
        return Err(ReadFail::Package(PackageError::FileTooLarge {
            size,
            limit: limits.max_file_bytes(),
        }));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limits.max_file_bytes().saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadFail::Io)?;
    if bytes.len() as u64 > limits.max_file_bytes() {
        return Err(ReadFail::Package(PackageError::FileTooLarge {
            size: bytes.len() as u64,
            limit: limits.max_file_bytes(),
        }));
    }
    Ok(bytes)
}

/// Why [`read_limited`] failed.
#[derive(Debug)]
pub enum ReadFail {
    /// Opening or reading failed.
    Io(std::io::Error),
    /// The file is too large.
    Package(PackageError),
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECTOR: usize = 512;

    fn put(file: &mut [u8], at: usize, v: u32) {
        file[at..at + 4].copy_from_slice(&v.to_le_bytes());
    }

    /// Where sector `n` starts (the header is the first 512 bytes).
    fn sector_at(n: usize) -> usize {
        SECTOR * (n + 1)
    }

    /// Marks every entry of the FAT sector `n` free.
    fn free_fat(file: &mut [u8], n: usize) {
        for i in 0..SECTOR / 4 {
            put(file, sector_at(n) + i * 4, FREE);
        }
    }

    /// An OLE file of `sectors` sectors of 512 bytes, its directory in sector `dir` holding
    /// the root and one stream `Workbook` of `size` bytes from sector `start`, every stream in
    /// sectors (no mini stream). The header's DIFAT and the FAT are the caller's.
    fn ole_file(sectors: usize, dir: u32, start: u32, size: u32) -> Vec<u8> {
        let mut file = vec![0u8; SECTOR * (sectors + 1)];
        file[0x1E] = 9; // 512-byte sectors
        put(&mut file, 0x30, dir);
        put(&mut file, 0x38, 0); // no mini stream
        put(&mut file, 0x3C, END_OF_CHAIN);
        put(&mut file, 0x44, END_OF_CHAIN);
        for i in 0..109 {
            put(&mut file, 0x4C + i * 4, FREE);
        }
        let root = sector_at(dir as usize);
        file[root + 0x42] = 5;
        put(&mut file, root + 0x74, END_OF_CHAIN);
        let entry = root + 128;
        for (i, u) in "Workbook".encode_utf16().enumerate() {
            file[entry + i * 2..entry + i * 2 + 2].copy_from_slice(&u.to_le_bytes());
        }
        file[entry + 0x40] = 18;
        file[entry + 0x42] = 2;
        put(&mut file, entry + 0x74, start);
        put(&mut file, entry + 0x78, size);
        file
    }

    /// An OLE file whose FAT sectors are listed through a chain of two DIFAT sectors (sectors:
    /// 0 and 1 DIFAT, 2 FAT, 3 the directory, 4–5 a Workbook stream of 1,024 bytes of 7).
    fn difat_file() -> Vec<u8> {
        let mut file = ole_file(6, 3, 4, 1024);
        put(&mut file, 0x44, 0); // the DIFAT chain starts at sector 0
        for s in 0..3 {
            free_fat(&mut file, s);
        }
        // DIFAT sector 0 lists nothing and points on to DIFAT sector 1, which lists FAT sector 2.
        put(&mut file, sector_at(0) + 127 * 4, 1);
        put(&mut file, sector_at(1), 2);
        put(&mut file, sector_at(1) + 127 * 4, END_OF_CHAIN);
        put(&mut file, sector_at(2) + 3 * 4, END_OF_CHAIN);
        put(&mut file, sector_at(2) + 4 * 4, 5);
        put(&mut file, sector_at(2) + 5 * 4, END_OF_CHAIN);
        file[sector_at(4)..sector_at(6)].fill(7);
        file
    }

    /// An OLE file whose FAT sectors are listed through two DIFAT sectors (as in an `.xls` of
    /// more than about 7 MB, whose header holds only 109 of them) is read whole: each DIFAT
    /// sector holds 127 sector numbers and, last, the next DIFAT sector.
    #[test]
    fn fat_sectors_listed_through_a_chain_of_difat_sectors_are_followed() {
        let stream = xls_workbook_stream(&difat_file()).expect("the Workbook stream");
        assert_eq!(stream.len(), 1024);
        assert!(stream.iter().all(|b| *b == 7));
    }

    /// A directory chain that leads back to itself (a corrupt or crafted file) is refused as
    /// corrupt, not followed for ever.
    #[test]
    fn a_sector_chain_that_loops_is_corrupt() {
        // The directory's (sector 1's) FAT entry points to itself.
        let mut file = xls_of(&[7; 512]);
        put(&mut file, sector_at(0) + 4, 1);
        assert!(matches!(
            check_xls(&file, &Limits::default()),
            Err(PackageError::Corrupt(_))
        ));
    }

    /// The header lists the FAT sectors in 109 slots; the unused ones should hold FREE, but a
    /// slot holding another marker (here DIFSECT, which marks a DIFAT sector in the FAT) is
    /// no sector number either: it is skipped, and the file read, not refused as corrupt.
    #[test]
    fn a_marker_in_the_header_difat_is_not_taken_for_a_fat_sector() {
        let mut file = xls_of(&[7; 512]);
        put(&mut file, 0x4C + 4, END_OF_CHAIN - 2);
        assert_eq!(xls_workbook_stream(&file), Some(vec![7; 512]));
    }

    /// One BIFF record.
    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend_from_slice(&(data.len() as u16).to_le_bytes());
        r.extend_from_slice(data);
        r
    }

    /// A BOF record (BIFF8) and an EOF record.
    fn bof() -> Vec<u8> {
        record(0x0809, &[0, 6, 0x10, 0, 0, 0, 0, 0])
    }
    fn eof() -> Vec<u8> {
        record(0x000A, &[])
    }

    /// A NUMBER record in column B of `row` (0-based).
    fn number(row: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend_from_slice(&[1, 0, 0, 0]); // column B, format 0
        d.extend_from_slice(&1f64.to_le_bytes());
        record(0x0203, &d)
    }

    /// An `.xls` whose Workbook stream is `stream` (sectors: 0 FAT, 1 the directory, 2 on the
    /// stream).
    fn xls_of(stream: &[u8]) -> Vec<u8> {
        let sectors = stream.len().div_ceil(SECTOR);
        let mut file = ole_file(2 + sectors, 1, 2, stream.len() as u32);
        put(&mut file, 0x4C, 0);
        free_fat(&mut file, 0);
        put(&mut file, sector_at(0) + 4, END_OF_CHAIN);
        for s in 2..2 + sectors {
            let next = if s + 1 < 2 + sectors {
                s as u32 + 1
            } else {
                END_OF_CHAIN
            };
            put(&mut file, sector_at(0) + s * 4, next);
        }
        file[sector_at(2)..sector_at(2) + stream.len()].copy_from_slice(stream);
        file
    }

    /// At most `cells` cells per sheet.
    fn at_most(cells: u64) -> Limits {
        Limits {
            max_cells: cells,
            ..Limits::default()
        }
    }

    /// A header DIFAT entry naming a sector far past the end of the file (0x8000_0000: no
    /// marker, and no file of 2³¹ sectors is read) makes the file corrupt, not skipped.
    #[test]
    fn a_fat_sector_past_the_end_of_the_file_is_corrupt() {
        let mut file = xls_of(&[bof(), eof()].concat());
        put(&mut file, 0x4C + 4, 0x8000_0000);
        assert!(matches!(
            check_xls(&file, &Limits::default()),
            Err(PackageError::Corrupt(_))
        ));
    }

    /// A stream below the mini-stream cutoff whose chain of 64-byte mini sectors ends before
    /// its size (a truncated file) is read as far as its chain goes, as a cut-off sector chain
    /// is, not refused.
    #[test]
    fn a_mini_stream_chain_shorter_than_its_stream_is_read_as_far_as_it_goes() {
        // Sectors: 0 FAT, 1 the directory, 2 the mini stream, 3 the mini FAT. The Workbook
        // stream says 128 bytes from mini sector 0, whose chain ends after it.
        let mut file = ole_file(4, 1, 0, 128);
        put(&mut file, 0x38, 4096); // streams under 4096 bytes live in the mini stream
        put(&mut file, 0x3C, 3);
        put(&mut file, 0x4C, 0);
        free_fat(&mut file, 0);
        for s in 1..4 {
            put(&mut file, sector_at(0) + s * 4, END_OF_CHAIN);
        }
        free_fat(&mut file, 3);
        put(&mut file, sector_at(3), END_OF_CHAIN);
        let root = sector_at(1);
        put(&mut file, root + 0x74, 2);
        put(&mut file, root + 0x78, 128);
        file[sector_at(2)..sector_at(2) + 128].fill(7);
        assert_eq!(xls_workbook_stream(&file), Some(vec![7; 64]));
    }

    /// The file's sheet is an area of `rows` × `cols`: it passes a limit of that many cells and
    /// is refused, with that area named, at one fewer.
    fn assert_area(file: &[u8], rows: u64, cols: u64) {
        assert!(
            check_xls(file, &at_most(rows * cols)).is_ok(),
            "{rows} × {cols}"
        );
        match check_xls(file, &at_most(rows * cols - 1)) {
            Err(PackageError::SheetTooLarge {
                rows: r, cols: c, ..
            }) => {
                assert_eq!((r, c), (rows, cols));
            }
            other => panic!("{rows} × {cols} over its limit: {other:?}"),
        }
    }

    /// The file's sheet passes a limit of 31 cells and not one of 30 (B1 and B31: 31 rows of
    /// one column).
    fn assert_area_is_31_cells(file: &[u8]) {
        assert_area(file, 31, 1);
    }

    /// A workbook stream cut off inside its last sheet (no EOF record: a truncated download)
    /// is still held to the sheet limit, by the cells it got to.
    #[test]
    fn a_sheet_cut_off_before_its_end_is_measured_by_its_cells() {
        // The globals (BOF, EOF), then a sheet's BOF and two NUMBER cells, B1 and B31.
        let stream = [bof(), eof(), bof(), number(0), number(30)].concat();
        let file = xls_of(&stream);
        assert_area_is_31_cells(&file);
        // B11 and B41: the area starts at the first cell, not at row 1.
        let stream = [bof(), eof(), bof(), number(10), number(40)].concat();
        assert_area_is_31_cells(&xls_of(&stream));
    }

    /// A substream inside a sheet (a chart's BOF … EOF) does not end the sheet: its cells
    /// before and after the chart are one area.
    #[test]
    fn a_chart_inside_a_sheet_does_not_split_its_area() {
        let chart = [bof(), eof()].concat();
        let sheet = [bof(), number(0), chart, number(30), eof()].concat();
        let file = xls_of(&[bof(), eof(), sheet].concat());
        assert_area_is_31_cells(&file);
    }

    #[test]
    fn an_xls_limit_is_on_each_sheet_not_on_the_union_of_its_sheets() {
        // Made with LibreOffice: sheet 竖列 holds A1:A20, sheet 横行 A1:T1. Each is checked
        // alone (their DIMENSIONS records give at most 2 × 21 = 42 cells); taken together they
        // would span 20 × 20.
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/xls/两张表.xls");
        let bytes = std::fs::read(path).unwrap();
        let at = |max_cells| check_xls(&bytes, &at_most(max_cells));
        assert!(at(42).is_ok(), "{:?}", at(42));
        assert!(matches!(at(41), Err(PackageError::SheetTooLarge { .. })));
    }

    #[test]
    fn sniffing_by_magic_bytes() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Container::Zip);
        assert_eq!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Container::Ole
        );
        assert_eq!(sniff(b""), Container::Other);
    }

    #[test]
    fn a_broken_ole_file_is_corrupt_not_a_panic() {
        let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        bytes.resize(600, 0xFF);
        assert!(check_xls(&bytes, &Limits::default()).is_err());
        assert!(!ole_is_encrypted_package(&bytes));
    }

    /// A zip of `n` stored entries of `each` bytes (incompressible, so no ratio applies).
    fn zip_of(n: usize, each: usize) -> Vec<u8> {
        use std::io::Write as _;
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for i in 0..n {
            w.start_file(format!("part{i}.bin"), opts).unwrap();
            let bytes: Vec<u8> = (0..each).map(|k| (k * 31 + i * 7) as u8).collect();
            w.write_all(&bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    /// A zip of one deflated entry of `size` spaces (a ratio of several hundred to one).
    fn zip_of_spaces(size: usize) -> Vec<u8> {
        use std::io::Write as _;
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        w.write_all(&vec![b' '; size]).unwrap();
        w.finish().unwrap().into_inner()
    }

    /// Small XML parts compress far beyond the ratio limit (a sheet of blank styled cells):
    /// only an entry above 1 MiB is held to the ratio.
    #[test]
    fn the_ratio_limit_spares_entries_up_to_1_mib() {
        let limits = Limits::default();
        assert!(check_zip(&zip_of_spaces(1 << 20), &limits).is_ok());
        assert!(matches!(
            check_zip(&zip_of_spaces((1 << 20) + 1), &limits),
            Err(PackageError::RatioTooHigh { .. })
        ));
    }

    #[test]
    fn an_entry_compressing_exactly_at_the_ratio_limit_passes() {
        let bytes = zip_of_spaces(2 << 20);
        let ratio = {
            let mut zip = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
            let e = zip.by_index_raw(0).unwrap();
            e.size() / e.compressed_size()
        };
        let at = |max_ratio: u64| Limits {
            max_ratio,
            ..Limits::default()
        };
        assert!(
            check_zip(&bytes, &at(ratio)).is_ok(),
            "ratio {ratio} at its limit"
        );
        assert!(matches!(
            check_zip(&bytes, &at(ratio - 1)),
            Err(PackageError::RatioTooHigh { ratio: r, .. }) if r == ratio
        ));
    }

    #[test]
    fn the_unpacked_limit_is_on_the_total_of_all_entries() {
        // 1 MiB allowed: three entries of 0.4 MiB each pass one by one but not together
        // (a limit checked per entry would let any number of them through).
        let limits = Limits {
            max_unpacked_mib: 1,
            ..Limits::default()
        };
        let each = 400 * 1024;
        assert!(
            check_zip(&zip_of(2, each), &limits).is_ok(),
            "0.8 MiB in all"
        );
        match check_zip(&zip_of(3, each), &limits) {
            Err(PackageError::UnpackedTooLarge { size, limit }) => {
                assert_eq!(size, 3 * each as u64);
                assert_eq!(limit, 1 << 20);
            }
            other => panic!("1.2 MiB in all must be refused: {other:?}"),
        }
        // Just inside: exactly the limit passes.
        let exact = Limits {
            max_unpacked_mib: 1,
            ..Limits::default()
        };
        assert!(
            check_zip(&zip_of(4, 256 * 1024), &exact).is_ok(),
            "exactly 1 MiB"
        );
        assert!(
            check_zip(&zip_of(5, 256 * 1024), &exact).is_err(),
            "1.25 MiB"
        );
    }

    #[test]
    fn a_file_exactly_at_the_size_limit_is_read_and_one_byte_more_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let limits = Limits {
            max_file_mib: 1,
            ..Limits::default()
        };
        let at = dir.path().join("at.bin");
        std::fs::write(&at, vec![7u8; 1 << 20]).unwrap();
        assert_eq!(
            read_limited(&at, &limits).map(|b| b.len()).ok(),
            Some(1 << 20)
        );
        let over = dir.path().join("over.bin");
        std::fs::write(&over, vec![7u8; (1 << 20) + 1]).unwrap();
        assert!(matches!(
            read_limited(&over, &limits),
            Err(ReadFail::Package(PackageError::FileTooLarge { .. }))
        ));
    }

    #[test]
    fn messages_quote_the_limit() {
        let e = PackageError::UnpackedTooLarge {
            size: 1 << 30,
            limit: 512 << 20,
        };
        assert!(e.to_string().contains("1024 MiB"), "{e}");
        assert!(e.to_string().contains("512 MiB"), "{e}");
    }

    /// An `.ods` package holding only `content.xml` with these tables.
    fn ods_of(tables: &str) -> Vec<u8> {
        use std::io::Write as _;
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default();
        w.start_file("content.xml", opts).unwrap();
        write!(
            w,
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
        )
        .unwrap();
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn an_ods_sheet_is_measured_by_its_valued_cells_repeats_expanded() {
        let cells = |n: u32| Limits {
            max_cells: u64::from(n),
            ..Limits::default()
        };
        // 3 rows of 4 valued cells, written as self-closing cells and rows repeated, then a
        // wide run of blank cells that does not count.
        let table = r#"<table:table table:name="A"><table:table-row table:number-rows-repeated="3"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="4"/><table:table-cell table:number-columns-repeated="1000"/></table:table-row><table:table-row table:number-rows-repeated="500"/></table:table>"#;
        let one = ods_of(table);
        assert!(check_ods(&one, &cells(12)).is_ok(), "3 × 4 is 12 cells");
        match check_ods(&one, &cells(11)) {
            Err(PackageError::SheetTooLarge {
                sheet, rows, cols, ..
            }) => assert_eq!((sheet.as_str(), rows, cols), ("第 1 张", 3, 4)),
            other => panic!("3 × 4 over a limit of 11: {other:?}"),
        }
        // A small sheet first: the second is named as the second.
        let small = r#"<table:table table:name="S"><table:table-row><table:table-cell office:value-type="string"><text:p xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">x</text:p></table:table-cell></table:table-row></table:table>"#;
        let two = ods_of(&format!("{small}{table}"));
        match check_ods(&two, &cells(11)) {
            Err(PackageError::SheetTooLarge { sheet, .. }) => assert_eq!(sheet, "第 2 张"),
            other => panic!("the second sheet is over: {other:?}"),
        }
    }

    /// The header's start of the DIFAT chain: a marker (DIFSECT) is no sector, and the file
    /// is read; a sector past the end of the file makes it corrupt, not skipped.
    #[test]
    fn a_difat_chain_starting_at_a_marker_is_empty_and_past_the_end_corrupt() {
        let mut file = xls_of(&[7; 512]);
        put(&mut file, 0x44, END_OF_CHAIN - 2);
        assert_eq!(xls_workbook_stream(&file), Some(vec![7; 512]));
        put(&mut file, 0x44, 0x8000_0000);
        assert!(matches!(
            check_xls(&file, &Limits::default()),
            Err(PackageError::Corrupt(_))
        ));
    }

    /// A FAT sector a DIFAT sector names past the end of the file makes the file corrupt.
    #[test]
    fn a_fat_sector_listed_in_a_difat_sector_past_the_end_is_corrupt() {
        let mut file = difat_file();
        assert_eq!(xls_workbook_stream(&file).map(|s| s.len()), Some(1024));
        put(&mut file, sector_at(1) + 4, 0x8000_0000);
        assert!(matches!(
            check_xls(&file, &Limits::default()),
            Err(PackageError::Corrupt(_))
        ));
    }

    /// A DIFAT chain that leads back to itself is followed at most once per sector of the file,
    /// not for ever; the FAT sectors it listed are read.
    #[test]
    fn a_difat_chain_that_loops_ends() {
        let mut file = difat_file();
        put(&mut file, sector_at(1) + 127 * 4, 1); // DIFAT sector 1 points to itself
        assert_eq!(xls_workbook_stream(&file).map(|s| s.len()), Some(1024));
    }

    /// A mini-sector chain that visits more sectors than the mini FAT has entries (mini sector
    /// 0 leading to itself) is corrupt, even when the stream's size would end the walk.
    #[test]
    fn a_mini_chain_longer_than_its_table_is_corrupt() {
        // As in a_mini_stream_chain_shorter_than_its_stream_is_read_as_far_as_it_goes, with a
        // cutoff above the stream's size: 129 mini sectors, one more than the mini FAT's 128
        // entries.
        let size = 129 * 64;
        let mut file = ole_file(4 + 17, 1, 0, size);
        put(&mut file, 0x38, 65536);
        put(&mut file, 0x3C, 3);
        put(&mut file, 0x4C, 0);
        free_fat(&mut file, 0);
        for s in [1, 3] {
            put(&mut file, sector_at(0) + s * 4, END_OF_CHAIN);
        }
        // The mini stream: sector 2, then 4–20 (18 sectors, 144 mini sectors).
        put(&mut file, sector_at(0) + 2 * 4, 4);
        for s in 4..20 {
            put(&mut file, sector_at(0) + s * 4, s as u32 + 1);
        }
        put(&mut file, sector_at(0) + 20 * 4, END_OF_CHAIN);
        free_fat(&mut file, 3);
        put(&mut file, sector_at(3), 0); // mini sector 0 leads to itself
        let root = sector_at(1);
        put(&mut file, root + 0x74, 2);
        put(&mut file, root + 0x78, 144 * 64);
        let cfb = Cfb::parse(&file).expect("the file's structure");
        assert_eq!(cfb.mini_fat.len(), 128);
        assert!(matches!(
            cfb.stream("Workbook"),
            Err(PackageError::Corrupt(_))
        ));
        // A chain that ends is read: mini sector 0 alone.
        put(&mut file, sector_at(3), END_OF_CHAIN);
        let cfb = Cfb::parse(&file).expect("the file's structure");
        assert_eq!(
            cfb.stream("Workbook").ok().flatten().map(|s| s.len()),
            Some(64)
        );
        // So is a chain that goes on, past the stream's size, to a sector that is not there:
        // the walk stops at the size.
        put(&mut file, sector_at(3), 200);
        put(&mut file, sector_at(1) + 128 + 0x78, 64);
        let cfb = Cfb::parse(&file).expect("the file's structure");
        assert_eq!(
            cfb.stream("Workbook").ok().flatten().map(|s| s.len()),
            Some(64)
        );
    }

    /// A FILEPASS record in the workbook globals means a password to open, whether RC4 (type 1)
    /// or XOR obfuscation (type 0); after the globals it is no such thing.
    #[test]
    fn a_filepass_in_the_globals_is_encryption_of_either_type() {
        let filepass = |typ: u16| record(0x002F, &[typ.to_le_bytes().as_slice(), &[0; 4]].concat());
        for typ in [0, 1] {
            let file = xls_of(&[bof(), filepass(typ), eof()].concat());
            assert!(
                matches!(
                    check_xls(&file, &Limits::default()),
                    Err(PackageError::Encrypted)
                ),
                "type {typ}"
            );
        }
        let after = xls_of(&[bof(), eof(), bof(), filepass(1), eof()].concat());
        assert!(check_xls(&after, &Limits::default()).is_ok());
    }

    /// An `.xls` whose second substream (its one sheet) has DIMENSIONS of row 1, columns
    /// `first` to `last` (0-based).
    fn xls_with_dimensions(first: u16, last: u16) -> Vec<u8> {
        let mut dims = Vec::new();
        dims.extend_from_slice(&0u32.to_le_bytes());
        dims.extend_from_slice(&0u32.to_le_bytes());
        dims.extend_from_slice(&first.to_le_bytes());
        dims.extend_from_slice(&last.to_le_bytes());
        dims.extend_from_slice(&[0, 0]);
        xls_of(&[bof(), eof(), bof(), record(0x0200, &dims), eof()].concat())
    }

    /// DIMENSIONS naming a first column past BIFF8's 256 is read from column A (as calamine
    /// reserves its range): 1 row × 257 columns. The last column, IV (0xFF), is a column.
    #[test]
    fn dimensions_with_a_first_column_past_256_count_from_column_a() {
        assert!(check_xls(&xls_with_dimensions(0xFF, 0xFF), &at_most(1)).is_ok());
        assert_area(&xls_with_dimensions(0x100, 0x100), 1, 257);
    }

    /// A stream is found by its name, not as the directory's first stream.
    #[test]
    fn a_stream_is_found_by_name_among_others() {
        let mut file = xls_of(&[7; 512]);
        let root = sector_at(1);
        // Move Workbook to the third directory entry and put another stream before it.
        let workbook = file[root + 128..root + 256].to_vec();
        file[root + 256..root + 384].copy_from_slice(&workbook);
        file[root + 128..root + 256].fill(0);
        for (i, u) in "Other".encode_utf16().enumerate() {
            file[root + 128 + i * 2..root + 128 + i * 2 + 2].copy_from_slice(&u.to_le_bytes());
        }
        file[root + 128 + 0x40] = 12;
        file[root + 128 + 0x42] = 2;
        put(&mut file, root + 128 + 0x74, END_OF_CHAIN);
        assert_eq!(xls_workbook_stream(&file), Some(vec![7; 512]));
    }

    /// A stream of exactly the mini-stream cutoff lives in regular sectors (only smaller ones
    /// are in the mini stream).
    #[test]
    fn a_stream_of_exactly_the_cutoff_is_in_regular_sectors() {
        let mut file = xls_of(&[7; 4096]);
        put(&mut file, 0x38, 4096);
        assert_eq!(xls_workbook_stream(&file), Some(vec![7; 4096]));
    }

    /// DIMENSIONS of columns F–K are 6 columns; a last column before the first is read from
    /// column A to it.
    #[test]
    fn dimensions_count_from_their_first_column_unless_it_follows_the_last() {
        assert_area(&xls_with_dimensions(5, 10), 1, 6);
        assert_area(&xls_with_dimensions(10, 5), 1, 6);
    }

    /// A MULRK record (several numbers in a row) spans from its first to its last column.
    #[test]
    fn a_mulrk_record_spans_its_columns() {
        let mut data = Vec::new();
        data.extend_from_slice(&0u16.to_le_bytes()); // row 1
        data.extend_from_slice(&1u16.to_le_bytes()); // from column B
        for _ in 0..5 {
            data.extend_from_slice(&[0, 0, 0, 0, 0xF0, 0x3F]); // format 0, RK 1.0
        }
        data.extend_from_slice(&5u16.to_le_bytes()); // to column F
        let file = xls_of(&[bof(), eof(), bof(), record(0x00BD, &data), eof()].concat());
        assert_area(&file, 1, 5);
    }

    /// A cell record in the workbook globals belongs to no sheet (calamine places it nowhere):
    /// it does not widen the first sheet's area.
    #[test]
    fn a_cell_in_the_globals_counts_for_no_sheet() {
        let far = {
            let mut d = 60000u16.to_le_bytes().to_vec();
            d.extend_from_slice(&[1, 0, 0, 0]);
            d.extend_from_slice(&1f64.to_le_bytes());
            record(0x0203, &d)
        };
        let file = xls_of(&[bof(), number(0), far, eof(), bof(), number(0), eof()].concat());
        assert!(check_xls(&file, &at_most(1)).is_ok());
    }

    /// An OLE file with either stream of an encrypted Office package alone is encrypted.
    #[test]
    fn either_stream_of_an_encrypted_package_alone_means_encrypted() {
        for name in ["EncryptedPackage", "EncryptionInfo"] {
            let mut file = xls_of(&[bof(), eof()].concat());
            let entry = sector_at(1) + 128;
            file[entry..entry + 64].fill(0);
            for (i, u) in name.encode_utf16().enumerate() {
                file[entry + i * 2..entry + i * 2 + 2].copy_from_slice(&u.to_le_bytes());
            }
            file[entry + 0x40] = (name.len() * 2 + 2) as u8;
            assert!(ole_is_encrypted_package(&file), "{name}");
            assert!(
                matches!(
                    check_xls(&file, &Limits::default()),
                    Err(PackageError::Encrypted)
                ),
                "{name}"
            );
        }
    }

    /// DIMENSIONS in its 10-byte form (BIFF5 and some writers: 16-bit rows) is read too.
    #[test]
    fn dimensions_of_16_bit_rows_are_read() {
        let mut dims = Vec::new();
        for v in [0u16, 29, 1, 2, 0] {
            dims.extend_from_slice(&v.to_le_bytes()); // rows 0 to 29, columns 1 to 2
        }
        let file = xls_of(&[bof(), eof(), bof(), record(0x0200, &dims), eof()].concat());
        // Counted as calamine reserves its range: both ends included.
        assert_area(&file, 30, 2);
    }

    /// A stream's chain that leads back to itself is corrupt once it would read more sectors
    /// than the file holds, even when the stream's size would end the walk there.
    #[test]
    fn a_stream_chain_reading_more_sectors_than_the_file_holds_is_corrupt() {
        // Sectors: 0 FAT, 1 the directory, 2 the stream, whose FAT entry points to itself.
        let mut file = xls_of(&[7; 512]);
        put(&mut file, sector_at(0) + 2 * 4, 2);
        let entry = sector_at(1) + 128;
        put(&mut file, entry + 0x78, 3 * 512);
        assert_eq!(
            xls_workbook_stream(&file).map(|s| s.len()),
            Some(3 * 512),
            "3 of 3 sectors"
        );
        put(&mut file, entry + 0x78, 4 * 512);
        assert!(matches!(
            Cfb::parse(&file).and_then(|c| c.stream("Workbook")),
            Err(PackageError::Corrupt(_))
        ));
    }

    /// What a corrupt chain is, in the message: a directory past the end of the file is out of
    /// range, a chain that leads back to itself a loop.
    #[test]
    fn a_corrupt_chain_says_whether_it_is_out_of_range_or_a_loop() {
        let message = |file: &[u8]| match check_xls(file, &Limits::default()) {
            Err(e @ PackageError::Corrupt(_)) => e.to_string(),
            other => panic!("corrupt expected: {other:?}"),
        };
        // The header alone: no FAT listed, the directory in sector 1, which the file lacks.
        let mut past = xls_of(&[7; 512]);
        past.truncate(SECTOR);
        put(&mut past, 0x4C, FREE);
        assert!(message(&past).contains("扇区越界"), "{}", message(&past));
        let mut looping = xls_of(&[7; 512]);
        put(&mut looping, sector_at(0) + 4, 1);
        assert!(
            message(&looping).contains("扇区链成环"),
            "{}",
            message(&looping)
        );
    }
}
