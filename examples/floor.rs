//! The I/O floor of a jixiao batch, for `scripts/bench`: how long it takes only to read every
//! sheet of every workbook with calamine, and only to write the same cells with rust_xlsxwriter.
//!
//! ```text
//! cargo run --release --example floor -- read  <DIR> [-j N]
//! cargo run --release --example floor -- write <DIR> <OUT> [-j N] [--level L] [--fsync] [--batch B]
//! ```
//!
//! This is not part of the tool. `read` walks `DIR` as jixiao does (recursively, `.xlsx`/`.xlsm`,
//! skipping `~$` lock files and hidden files) and reads every sheet in parallel on `N` threads
//! with calamine's calls for everything jixiao takes from a sheet: `sheets_metadata`,
//! `worksheet_cells_reader` + `next_cell_with_formula` until the end, and
//! `merge_cells_by_sheet_name` for the merged cells (jixiao itself finds those with a cheaper
//! scan of the sheet's tail, see `src/read/`, so its own read costs a little less than this
//! floor's). It keeps nothing but counts.
//!
//! `write` reads the files the same way, `B` files at a time (default 256, so memory stays
//! bounded), keeping their cells (text, number, formula with cached result) and merged regions;
//! then it writes each of them back with rust_xlsxwriter (same sheet names, same cells, same
//! merges, no formatting) to `OUT/<relative path>` in parallel, into low-memory worksheets
//! row by row as jixiao does (ordinary worksheets are each assembled on a thread of their own
//! when the workbook is saved, which costs more). Only the writing phases are timed,
//! and that time is printed as `seconds=`. `--level L` sets
//! `Workbook::set_zip_compression_level(L)` (default: rust_xlsxwriter's default, 6);
//! `--fsync` calls `sync_all` on every file as jixiao's atomic write does.
//!
//! Both print one line: `files= sheets= cells= seconds=` (wall seconds of the measured part).

use calamine::{open_workbook, DataRef, Reader, Xlsx};
use rayon::prelude::*;
use rust_xlsxwriter::{Formula, Workbook};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Every `.xlsx`/`.xlsm` below `dir`, sorted, skipping `~$` and hidden names (as jixiao does).
fn discover(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().map(|n| n.to_string_lossy().to_string());
        let name = name.unwrap_or_default();
        if name.starts_with("~$") || name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            discover(&p, out)?;
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
        {
            out.push(p);
        }
    }
    Ok(())
}

/// One cell kept for writing back.
enum Val {
    Text(String),
    Number(f64),
    Bool(bool),
    Formula(String, String),
}

/// One sheet kept for writing back.
struct SheetCells {
    name: String,
    hidden: bool,
    cells: Vec<(u32, u16, Val)>,
    merges: Vec<(u32, u16, u32, u16)>,
}

#[derive(Default)]
struct Counts {
    sheets: AtomicU64,
    cells: AtomicU64,
}

/// Reads every sheet of one workbook with the calls src/read/ makes; with `keep`, returns the
/// cells.
fn read_one(path: &Path, keep: bool, counts: &Counts) -> Result<Vec<SheetCells>> {
    let mut wb: Xlsx<_> = open_workbook(path)?;
    let metas = wb.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    for meta in metas {
        counts.sheets.fetch_add(1, Ordering::Relaxed);
        let mut sheet = SheetCells {
            name: meta.name.clone(),
            hidden: meta.visible != calamine::SheetVisible::Visible,
            cells: Vec::new(),
            merges: Vec::new(),
        };
        let mut n = 0;
        {
            let mut reader = match wb.worksheet_cells_reader(&meta.name) {
                Ok(r) => r,
                Err(calamine::XlsxError::NotAWorksheet(_)) => continue,
                Err(e) => return Err(e.into()),
            };
            while let Some(rec) = reader.next_cell_with_formula()? {
                n += 1;
                if !keep {
                    std::hint::black_box(&rec);
                    continue;
                }
                let (r, c) = (rec.pos.0, rec.pos.1 as u16);
                let value = match &rec.value {
                    DataRef::Empty => None,
                    DataRef::String(s) => Some(Val::Text(s.clone())),
                    DataRef::SharedString(s) => Some(Val::Text(s.to_string())),
                    DataRef::Float(x) => Some(Val::Number(*x)),
                    DataRef::Int(i) => Some(Val::Number(*i as f64)),
                    DataRef::Bool(b) => Some(Val::Bool(*b)),
                    DataRef::DateTime(d) => Some(Val::Number(d.as_f64())),
                    other => Some(Val::Text(format!("{other:?}"))),
                };
                let cell = match (rec.formula.as_deref(), value) {
                    (Some(f), v) if !f.is_empty() => {
                        let result = match v {
                            Some(Val::Number(x)) => x.to_string(),
                            Some(Val::Text(s)) => s,
                            Some(Val::Bool(b)) => b.to_string().to_uppercase(),
                            _ => String::new(),
                        };
                        Some(Val::Formula(f.to_string(), result))
                    }
                    (_, v) => v,
                };
                if let Some(cell) = cell {
                    sheet.cells.push((r, c, cell));
                }
            }
        }
        counts.cells.fetch_add(n, Ordering::Relaxed);
        let merges = wb.merge_cells_by_sheet_name(&meta.name)?;
        if keep {
            sheet.merges = merges
                .iter()
                .map(|d| (d.start.0, d.start.1 as u16, d.end.0, d.end.1 as u16))
                .collect();
            sheets.push(sheet);
        } else {
            std::hint::black_box(merges);
        }
    }
    Ok(sheets)
}

/// Writes the kept cells of one workbook with rust_xlsxwriter.
fn write_one(sheets: &[SheetCells], path: &Path, level: Option<u8>, fsync: bool) -> Result<()> {
    let mut book = Workbook::new();
    if let Some(level) = level {
        book.set_zip_compression_level(level);
    }
    for sh in sheets {
        // Low-memory sheets, as jixiao's annotated copies: rows go out in order (calamine
        // gives them in order), merged ranges at their top row.
        let ws = book.add_worksheet_with_low_memory()?;
        ws.set_name(&sh.name)?;
        if sh.hidden {
            ws.set_hidden(true);
        }
        let anchor = |r: u32, c: u16| {
            sh.merges
                .iter()
                .find(|m| r >= m.0 && r <= m.2 && c >= m.1 && c <= m.3)
        };
        let mut merges: Vec<&(u32, u16, u32, u16)> = sh
            .merges
            .iter()
            .filter(|m| (m.0, m.1) != (m.2, m.3))
            .collect();
        merges.sort();
        let mut merges = merges.into_iter().peekable();
        let fmt = rust_xlsxwriter::Format::new();
        let text_at = |r: u32, c: u16| {
            sh.cells
                .iter()
                .find(|(cr, cc, _)| (*cr, *cc) == (r, c))
                .map(|(_, _, v)| match v {
                    Val::Text(s) => s.clone(),
                    Val::Number(x) => x.to_string(),
                    Val::Bool(b) => b.to_string(),
                    Val::Formula(_, r) => r.clone(),
                })
                .unwrap_or_default()
        };
        for (r, c, v) in &sh.cells {
            while let Some(m) = merges.next_if(|m| m.0 <= *r) {
                ws.merge_range(m.0, m.1, m.2, m.3, &text_at(m.0, m.1), &fmt)?;
            }
            if anchor(*r, *c).is_some() {
                continue;
            }
            match v {
                Val::Text(s) => ws.write_string(*r, *c, s)?,
                Val::Number(x) => ws.write_number(*r, *c, *x)?,
                Val::Bool(b) => ws.write_boolean(*r, *c, *b)?,
                Val::Formula(f, res) => {
                    ws.write_formula(*r, *c, Formula::new(f).set_result(res))?
                }
            };
        }
        for m in merges {
            ws.merge_range(m.0, m.1, m.2, m.3, &text_at(m.0, m.1), &fmt)?;
        }
    }
    let bytes = book.save_to_buffer()?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = std::fs::File::create(path)?;
    std::io::Write::write_all(&mut file, &bytes)?;
    if fsync {
        file.sync_all()?;
    }
    Ok(())
}

struct Args {
    mode: String,
    dir: PathBuf,
    out: Option<PathBuf>,
    jobs: usize,
    level: Option<u8>,
    fsync: bool,
    batch: usize,
}

fn args() -> Result<Args> {
    let mut it = std::env::args().skip(1);
    let usage = "usage: floor read <DIR> [-j N] | floor write <DIR> <OUT> [-j N] [--level L] [--fsync] [--batch B]";
    let mode = it.next().ok_or(usage)?;
    let dir = PathBuf::from(it.next().ok_or(usage)?);
    let mut a = Args {
        out: None,
        jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
        level: None,
        fsync: false,
        batch: 256,
        mode,
        dir,
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-j" => a.jobs = it.next().ok_or(usage)?.parse()?,
            "--level" => a.level = Some(it.next().ok_or(usage)?.parse()?),
            "--batch" => a.batch = it.next().ok_or(usage)?.parse()?,
            "--fsync" => a.fsync = true,
            _ if a.out.is_none() => a.out = Some(PathBuf::from(arg)),
            _ => return Err(usage.into()),
        }
    }
    if a.mode != "read" && (a.mode != "write" || a.out.is_none()) {
        return Err(usage.into());
    }
    Ok(a)
}

fn main() -> Result<()> {
    let a = args()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(a.jobs)
        .build()?;
    let counts = Counts::default();
    let mut files = Vec::new();
    let start = Instant::now();
    discover(&a.dir, &mut files)?;
    let failures = AtomicU64::new(0);
    let measured = if a.mode == "read" {
        pool.install(|| {
            files.par_iter().for_each(|f| {
                if read_one(f, false, &counts).is_err() {
                    failures.fetch_add(1, Ordering::Relaxed);
                }
            })
        });
        start.elapsed()
    } else {
        let out = a.out.as_deref().unwrap_or(Path::new("out"));
        let mut writing = Duration::ZERO;
        for chunk in files.chunks(a.batch.max(1)) {
            let read: Vec<(PathBuf, Vec<SheetCells>)> = pool.install(|| {
                chunk
                    .par_iter()
                    .filter_map(|f| {
                        let rel = f.strip_prefix(&a.dir).unwrap_or(f).to_path_buf();
                        read_one(f, true, &counts).ok().map(|s| (rel, s))
                    })
                    .collect()
            });
            let t = Instant::now();
            pool.install(|| {
                read.par_iter().for_each(|(rel, sheets)| {
                    if write_one(sheets, &out.join(rel), a.level, a.fsync).is_err() {
                        failures.fetch_add(1, Ordering::Relaxed);
                    }
                })
            });
            writing += t.elapsed();
        }
        writing
    };
    println!(
        "files={} sheets={} cells={} failures={} seconds={:.3}",
        files.len(),
        counts.sheets.load(Ordering::Relaxed),
        counts.cells.load(Ordering::Relaxed),
        failures.load(Ordering::Relaxed),
        measured.as_secs_f64()
    );
    Ok(())
}
