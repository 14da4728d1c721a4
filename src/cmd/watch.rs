//! `jixiao watch INBOX -o OUT` (issue #19 part 3): the county's shared folder where the
//! departments' workbooks arrive. Everything is reviewed once, as `run` does; then the folder
//! is watched, and whenever a workbook is added, saved, renamed or removed, the workbooks that
//! changed are reviewed again: their annotated copies rewritten, report.json and 汇总.xlsx
//! rewritten from every workbook's latest review (atomically, as in `run`), and one line printed
//! per workbook:
//!
//! ```text
//! 12:03 县水利局/农村饮水安全巩固提升工程绩效自评表.xlsx  优 95.37  错误 2
//! ```
//!
//! Decisions:
//! - The events only say *that* something changed under INBOX (notify, debounced by
//!   [`DEBOUNCE`]); what changed is found by listing the folder again and comparing each
//!   workbook's size and modification time with those of its last review. A lost or
//!   coalesced event therefore loses nothing, and jixiao's own writes (OUT inside INBOX)
//!   change no workbook, so they cause no review. The folder is also listed every
//!   [`RELIST`] (10 s) without events: a shared folder on another machine may send none.
//! - A workbook still being copied or saved is not read: a changed workbook is reviewed once
//!   its size and time have stayed the same for [`SETTLE`]. Lock files (`~$…`, `.~lock…`) are
//!   never inputs.
//! - A workbook that disappears is taken out of report.json and 汇总.xlsx, and its annotated
//!   copy (jixiao's own output) is deleted; one that vanishes while being read is reviewed as
//!   unreadable and dropped at the next listing.
//! - INBOX renamed or deleted: said once, then jixiao waits for it to come back (checked every
//!   second) and watches it again.
//! - Ctrl-C (or SIGTERM) ends the watch after the review in progress, with status 0; a second
//!   Ctrl-C stops at once, removing unfinished temporary files (as `run` does).

use super::outputs::Entry;
use super::run::Files;
use super::{Error, Outcome};
use crate::batch::{discover_noting, InputError, InputFile};
use crate::cli::Settings;
use crate::write::report::{FileReport, FileStatus, Tally};
use notify_debouncer_mini::notify::RecursiveMode;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant, SystemTime};

/// Events closer together than this are one change.
const DEBOUNCE: Duration = Duration::from_millis(300);
/// A changed workbook is read once its size and time have not moved for this long.
const SETTLE: Duration = Duration::from_millis(700);
/// How often the loop wakes without events (to see settled workbooks, Ctrl-C, a vanished
/// INBOX).
const TICK: Duration = Duration::from_millis(250);
/// The folder is listed again at least this often, events or not: a shared folder on another
/// machine (SMB) may deliver no change events at all.
const RELIST: Duration = Duration::from_secs(10);

/// Ctrl-C presses seen.
static STOPS: AtomicUsize = AtomicUsize::new(0);

/// What identifies a version of a workbook on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some(Stamp {
        len: m.len(),
        modified: m.modified().ok(),
    })
}

/// The latest review of one workbook.
struct Reviewed {
    stamp: Option<Stamp>,
    entry: Entry,
}

/// Every workbook's latest review, by path; and changed workbooks waiting to settle.
#[derive(Default)]
struct State {
    reviewed: BTreeMap<PathBuf, Reviewed>,
    /// A changed workbook, its stamp when first seen so, and since when.
    settling: BTreeMap<PathBuf, (Option<Stamp>, Instant)>,
}

/// What one pass over INBOX did.
struct Pass {
    /// The workbooks reviewed, in path order.
    reviewed: Vec<PathBuf>,
    /// The workbooks gone since the last pass (their display paths).
    removed: Vec<String>,
}

impl Pass {
    fn changed(&self) -> bool {
        !self.reviewed.is_empty() || !self.removed.is_empty()
    }
}

impl State {
    /// Lists INBOX, reviews what changed (at once when `settle` is false), forgets what is
    /// gone.
    fn pass(&mut self, settings: &Settings, out: &Path, settle: bool) -> Result<Pass, Error> {
        let files = match discover_noting(&settings.inputs, Some(out)) {
            Ok((files, _)) => files,
            Err(InputError::NoWorkbooks { .. }) => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        let now = Instant::now();
        let mut due: Vec<&InputFile> = Vec::new();
        for f in &files {
            let st = stamp(&f.path);
            if self.reviewed.get(&f.path).is_some_and(|r| r.stamp == st) {
                self.settling.remove(&f.path);
                continue;
            }
            if !settle {
                due.push(f);
                continue;
            }
            match self.settling.get(&f.path) {
                Some((seen, since)) if *seen == st => {
                    if now.duration_since(*since) >= SETTLE {
                        due.push(f);
                    }
                }
                _ => {
                    self.settling.insert(f.path.clone(), (st, now));
                }
            }
        }
        let present: std::collections::BTreeSet<&PathBuf> = files.iter().map(|f| &f.path).collect();
        let gone: Vec<PathBuf> = self
            .reviewed
            .keys()
            .filter(|p| !present.contains(p))
            .cloned()
            .collect();
        let mut removed = Vec::new();
        for path in gone {
            if let Some(r) = self.reviewed.remove(&path) {
                // Its annotated copy is jixiao's own output, and no longer in 汇总.xlsx.
                if let Some(Ok(copy)) = &r.entry.output {
                    let _ = std::fs::remove_file(copy);
                }
                removed.push(r.entry.report.path);
            }
        }
        self.settling.retain(|p, _| present.contains(p));

        let cfg = &settings.config;
        let review = |f: &&InputFile| {
            let st = stamp(&f.path);
            let entry = Entry::review(f, cfg, Some(out), true, None);
            (f.path.clone(), Reviewed { stamp: st, entry })
        };
        let done: Vec<(PathBuf, Reviewed)> = match settings.jobs {
            Some(n) => rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|error| Error::Threads { jobs: n, error })?
                .install(|| due.par_iter().map(review).collect()),
            None => due.par_iter().map(review).collect(),
        };
        let mut reviewed = Vec::new();
        for (path, r) in done {
            self.settling.remove(&path);
            reviewed.push(path.clone());
            self.reviewed.insert(path, r);
        }
        Ok(Pass { reviewed, removed })
    }

    /// report.json and 汇总.xlsx from every workbook's latest review, in path order.
    fn write(&self, settings: &Settings, out: &Path) -> Result<Tally, Error> {
        let cfg = &settings.config;
        let mut files = Files::create(out, cfg)?;
        let mut tally = Tally::default();
        let mut entries: Vec<&Entry> = self.reviewed.values().map(|r| &r.entry).collect();
        entries.sort_by(|a, b| a.report.path.cmp(&b.report.path));
        for e in entries {
            tally.add(&e.report);
            files.add(e)?;
        }
        files.finish(&tally.totals(cfg), crate::write::report::Extras::default())?;
        Ok(tally)
    }
}

/// `12:03 县水利局/…xlsx  优 95.37  错误 2`.
fn line(report: &FileReport) -> String {
    let time = chrono::Local::now().format("%H:%M");
    let results: Vec<String> = report
        .projects
        .iter()
        .map(|p| {
            let score = p
                .score_reviewed
                .map_or_else(|| "无法计算".to_string(), crate::text::fmt_dec);
            format!("{} {score}", p.grade.as_deref().unwrap_or("—"))
        })
        .collect();
    let count = |s: crate::diag::Severity| {
        report
            .diagnostics
            .iter()
            .chain(report.projects.iter().flat_map(|p| &p.diagnostics))
            .filter(|d| d.severity == s)
            .count()
    };
    let (errors, warnings) = (
        count(crate::diag::Severity::Error),
        count(crate::diag::Severity::Warning),
    );
    let mut text = format!("{time} {}", report.path);
    if report.status == FileStatus::Unreadable {
        let why = report.error.as_deref().unwrap_or("无法读取");
        text.push_str(&format!("  无法读取：{why}"));
        return text;
    }
    if results.is_empty() {
        text.push_str("  没有找到指标表");
    } else {
        text.push_str(&format!("  {}", results.join("；")));
    }
    if errors > 0 {
        text.push_str(&format!("  错误 {errors}"));
    }
    if warnings > 0 {
        text.push_str(&format!("  警告 {warnings}"));
    }
    if errors + warnings == 0 {
        text.push_str("  无问题");
    }
    text
}

fn print_pass(state: &State, pass: &Pass) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    for path in &pass.reviewed {
        if let Some(r) = state.reviewed.get(path) {
            let _ = writeln!(out, "{}", line(&r.entry.report));
        }
    }
    let time = chrono::Local::now().format("%H:%M");
    for path in &pass.removed {
        let _ = writeln!(out, "{time} {path}  已移走，已从汇总中去掉");
    }
    let _ = out.flush();
}

/// Ctrl-C: the first ends the watch after the review in progress; the second at once.
fn stop_handler(out: &Path) {
    let out = out.display().to_string();
    let _ = ctrlc::set_handler(move || {
        if STOPS.fetch_add(1, Ordering::SeqCst) == 0 {
            return;
        }
        let removed = crate::batch::remove_live_temporaries();
        eprintln!(
            "\njixiao：监视被中断，已删除未写完的临时文件 {removed} 个；{out} 中的结果可能不是最新的"
        );
        std::process::exit(130);
    });
}

fn stopped() -> bool {
    STOPS.load(Ordering::SeqCst) > 0
}

/// Watches `settings.inputs[0]`, writing to `out`, until Ctrl-C.
///
/// # Errors
/// INBOX or OUT cannot be used at the start (missing, not writable), or an output cannot be
/// written.
pub fn watch(settings: &Settings, out: &Path) -> Result<Outcome, Error> {
    let inbox = settings.inputs.first().cloned().unwrap_or_default();
    if !inbox.is_dir() {
        return Err(InputError::Missing {
            path: inbox.clone(),
            error: std::io::Error::new(std::io::ErrorKind::NotFound, "不是文件夹"),
        }
        .into());
    }
    stop_handler(out);
    let mut state = State::default();
    let first = state.pass(settings, out, false)?;
    let tally = state.write(settings, out)?;
    print_pass(&state, &first);
    print!(
        "{}",
        tally.summary_line(&settings.config, true).trim_start()
    );
    println!(
        "输出在 {}。正在监视 {}：有工作簿新增或保存时自动重新复核（按 Ctrl-C 停止）",
        out.display(),
        inbox.display()
    );

    let (tx, rx) = std::sync::mpsc::channel();
    let mut debouncer = notify_debouncer_mini::new_debouncer(DEBOUNCE, tx)
        .map_err(|e| Error::Watch(e.to_string()))?;
    // JIXIAO_WATCH_EVENTS=0: no change events, the folder is only listed every RELIST (as on
    // a share that sends none; the test of that fallback uses it).
    let events = std::env::var("JIXIAO_WATCH_EVENTS").as_deref() != Ok("0");
    if events {
        debouncer
            .watcher()
            .watch(&inbox, RecursiveMode::Recursive)
            .map_err(|e| Error::Watch(e.to_string()))?;
    }
    let mut missing = false;
    let mut dirty = false;
    let mut last_pass = Instant::now();
    while !stopped() {
        match rx.recv_timeout(TICK) {
            Ok(Ok(events)) => dirty |= !events.is_empty(),
            // The watch itself failed (the folder went away, too many files): list again.
            Ok(Err(_)) => dirty = true,
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        if !inbox.is_dir() {
            if !std::mem::replace(&mut missing, true) {
                eprintln!(
                    "提示：收件文件夹 {} 不见了（被改名、移走或删除？）；等它重新出现后继续监视",
                    inbox.display()
                );
            }
            std::thread::sleep(Duration::from_secs(1).saturating_sub(TICK));
            continue;
        }
        if std::mem::replace(&mut missing, false) {
            // Back (recreated or renamed back): a new watch on it, then a full listing.
            let _ = debouncer.watcher().unwatch(&inbox);
            if events {
                debouncer
                    .watcher()
                    .watch(&inbox, RecursiveMode::Recursive)
                    .map_err(|e| Error::Watch(e.to_string()))?;
            }
            eprintln!("提示：收件文件夹 {} 又出现了，继续监视", inbox.display());
            dirty = true;
        }
        if last_pass.elapsed() >= RELIST {
            dirty = true;
        }
        if !dirty && state.settling.is_empty() {
            continue;
        }
        dirty = false;
        last_pass = Instant::now();
        let pass = state.pass(settings, out, true)?;
        if pass.changed() {
            state.write(settings, out)?;
            print_pass(&state, &pass);
        }
    }
    eprintln!("已停止监视 {}；结果在 {}", inbox.display(), out.display());
    Ok(Outcome::default())
}
