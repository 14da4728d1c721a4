//! [IO] The batch: discover input files, review them in parallel with rayon, and write the
//! outputs file by file in path order as the reviews come in ([`crate::batch::ordered`]).
//!
//! Discovery (SPEC §1): an INPUT file is taken as given, whatever its extension (an unsupported
//! one is an S001 finding). An INPUT folder is searched recursively for spreadsheet files —
//! `.xlsx .xlsm .xls .xlsb .ods`, and WPS `.et`/`.ett`, which are reported as unreadable with a
//! hint — skipping names that start with `~$` (Excel lock files) or `.` (hidden), anything
//! inside the excluded output folder, and folders already visited through a symbolic link.
//! Other files in a folder (the PDF report, Word documents) are not workbooks and are ignored.
//!
//! Every file is processed inside a guard: a read error is an S001 finding, and a panic (a bug,
//! but never allowed to stop the batch) is caught and reported the same way.

pub mod ordered;

use crate::config::Config;
use crate::review::evaluate::{evaluate_workbook, Origin};
use crate::write::report::{file_report, FileOutcome, FileReport};
use std::collections::HashSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Extensions picked up when searching a folder.
pub const FOLDER_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods", "et", "ett"];

/// One file to review. A batch holds one per input file for its whole run, so it is kept
/// small: the path to read, and how it was found; what is shown and where its annotated copy
/// goes are derived from those when needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// Where to read it.
    pub path: PathBuf,
    found: Found,
}

/// How an input file was found.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Found {
    /// Given as a file on the command line.
    Given,
    /// Found under an INPUT folder (shared by all its files).
    Under(std::sync::Arc<InputFolder>),
    /// Found under an INPUT folder, and shown under that folder's name because another INPUT
    /// folder holds the same relative path (财政局/评价表.xlsx, 教育局/评价表.xlsx).
    Named(std::sync::Arc<InputFolder>),
}

/// An INPUT folder.
#[derive(Debug, PartialEq, Eq)]
struct InputFolder {
    /// As given.
    root: PathBuf,
    /// Its own name (of the canonical path), to tell apart equal relative paths under two
    /// INPUT folders.
    name: Option<String>,
}

impl InputFile {
    /// A file given on the command line: shown as given.
    pub fn given(path: PathBuf) -> InputFile {
        InputFile {
            path,
            found: Found::Given,
        }
    }

    /// A file found at `path` under the INPUT folder `root`: shown relative to it.
    pub fn under(root: &Path, path: PathBuf) -> InputFile {
        InputFile::found(
            std::sync::Arc::new(InputFolder {
                root: root.to_path_buf(),
                name: None,
            }),
            path,
        )
    }

    fn found(folder: std::sync::Arc<InputFolder>, path: PathBuf) -> InputFile {
        InputFile {
            path,
            found: Found::Under(folder),
        }
    }

    /// The path relative to its INPUT folder (the file name for a file given directly).
    pub fn relative(&self) -> PathBuf {
        match &self.found {
            Found::Given => self
                .path
                .file_name()
                .map(PathBuf::from)
                .unwrap_or_else(|| self.path.clone()),
            Found::Under(folder) => self
                .path
                .strip_prefix(&folder.root)
                .unwrap_or(&self.path)
                .to_path_buf(),
            Found::Named(folder) => {
                let inside = self.path.strip_prefix(&folder.root).unwrap_or(&self.path);
                Path::new(folder.name.as_deref().unwrap_or_default()).join(inside)
            }
        }
    }

    /// The path shown to users and in the report: relative to its INPUT folder,
    /// `/`-separated; a file given directly as given.
    pub fn display(&self) -> String {
        match &self.found {
            Found::Given => slash_path(&self.path),
            _ => slash_path(&self.relative()),
        }
    }

    fn origin(&self) -> Origin {
        let folder = self
            .path
            .parent()
            .and_then(|p| {
                if p.as_os_str().is_empty() {
                    std::env::current_dir().ok()
                } else {
                    std::fs::canonicalize(p)
                        .ok()
                        .or_else(|| Some(p.to_path_buf()))
                }
            })
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()));
        Origin {
            folder,
            stem: self
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default(),
        }
    }
}

fn skipped_name(name: &str) -> bool {
    name.starts_with("~$") || name.starts_with('.')
}

/// A path with `/` separators, as the report shows it (`/tmp/x/表.xlsx` stays as it is).
fn slash_path(p: &Path) -> String {
    use std::path::Component;
    let mut out = String::new();
    for c in p.components() {
        match c {
            Component::RootDir => out.push('/'),
            Component::Prefix(prefix) => out.push_str(&prefix.as_os_str().to_string_lossy()),
            other => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(&other.as_os_str().to_string_lossy());
            }
        }
    }
    out
}

/// Finds the files to review.
///
/// # Errors
/// A Chinese message for an INPUT that does not exist or cannot be listed (a usage error).
pub fn discover(inputs: &[PathBuf], exclude: Option<&Path>) -> Result<Vec<InputFile>, String> {
    let exclude = exclude.and_then(|e| std::fs::canonicalize(e).ok());
    let mut files = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input)
            .map_err(|e| format!("输入路径 {} 不存在或无法访问：{e}", input.display()))?;
        if meta.is_dir() {
            // An output folder that is the input folder, or holds it, would hide every input.
            if let (Some(out), Ok(dir)) = (&exclude, std::fs::canonicalize(input)) {
                if dir.starts_with(out) {
                    return Err(format!(
                        "输出文件夹 {} 不能是输入文件夹 {} 本身或包含它，请用 -o 指定另一个文件夹（如 out）",
                        out.display(),
                        input.display()
                    ));
                }
            }
            let mut visited = HashSet::new();
            let folder = std::sync::Arc::new(InputFolder {
                root: input.clone(),
                name: std::fs::canonicalize(input)
                    .ok()
                    .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string())),
            });
            walk(&folder, input, exclude.as_deref(), &mut visited, &mut files)?;
        } else {
            files.push(InputFile::given(input.clone()));
        }
    }
    let mut files = sorted(files);
    files.dedup_by(|a, b| a.path == b.path);
    // The same relative path under two INPUT folders: both are shown, and written, under
    // their input folder's name, so neither overwrites the other.
    let shown: Vec<String> = files.iter().map(InputFile::display).collect();
    for i in 0..files.len() {
        let twin = (i > 0 && shown[i - 1] == shown[i]) || shown.get(i + 1) == Some(&shown[i]);
        let named = match &files[i].found {
            Found::Under(folder) if twin && folder.name.is_some() => Some(folder.clone()),
            _ => None,
        };
        if let Some(folder) = named {
            files[i].found = Found::Named(folder);
        }
    }
    drop(shown);
    let mut files = sorted(files);
    files.shrink_to_fit();
    Ok(files)
}

/// Files in the order of the paths shown (then of the paths read, for equal ones).
fn sorted(files: Vec<InputFile>) -> Vec<InputFile> {
    let mut keyed: Vec<(String, InputFile)> = files.into_iter().map(|f| (f.display(), f)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.path.cmp(&b.1.path)));
    keyed.into_iter().map(|(_, f)| f).collect()
}

fn walk(
    folder: &std::sync::Arc<InputFolder>,
    dir: &Path,
    exclude: Option<&Path>,
    visited: &mut HashSet<PathBuf>,
    out: &mut Vec<InputFile>,
) -> Result<(), String> {
    let Ok(canonical) = std::fs::canonicalize(dir) else {
        return Ok(());
    };
    if exclude.is_some_and(|e| canonical.starts_with(e)) || !visited.insert(canonical) {
        return Ok(());
    }
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("无法读取文件夹 {}：{e}", dir.display()))?;
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if skipped_name(&name) {
            continue;
        }
        // Follows symbolic links; `visited` stops loops.
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(folder, &path, exclude, visited, out)?;
        } else if meta.is_file() {
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            if !FOLDER_EXTENSIONS.contains(&ext.as_str()) {
                continue;
            }
            let in_excluded = exclude
                .is_some_and(|e| std::fs::canonicalize(&path).is_ok_and(|c| c.starts_with(e)));
            if in_excluded {
                continue;
            }
            out.push(InputFile::found(folder.clone(), path));
        }
    }
    Ok(())
}

/// What became of one input file.
#[derive(Debug, Clone)]
pub struct Processed {
    /// What the review found.
    pub outcome: FileOutcome,
    /// Where its annotated copy was written, or why it could not be (`run` only).
    pub output: Option<Result<PathBuf, String>>,
}

/// Where `run` writes the annotated copy of a file: `OUT/复核/<relative folder>/<stem>.复核.xlsx`.
/// Only plain path components are kept, so the path always stays inside `OUT`.
pub fn annotated_path(out: &Path, file: &InputFile) -> PathBuf {
    use std::path::Component;
    let mut path = out.join("复核");
    let relative = file.relative();
    if let Some(parent) = relative.parent() {
        for c in parent.components() {
            if let Component::Normal(part) = c {
                path.push(part);
            }
        }
    }
    let stem = relative
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "工作簿".into());
    path.push(annotated_name(&stem));
    path
}

/// Most bytes of a file name on common file systems (ext4, NTFS in UTF-16 units, APFS).
const MAX_NAME_BYTES: usize = 255;

/// `<stem>.复核.xlsx`, the stem shortened when the name would pass 255 bytes (an input named
/// at the limit would otherwise have no writable output). A shortened stem ends with `~` and
/// eight hex digits of a hash of the whole stem, so two long names stay two outputs.
fn annotated_name(stem: &str) -> String {
    const SUFFIX: &str = ".复核.xlsx";
    let name = format!("{stem}{SUFFIX}");
    if name.len() <= MAX_NAME_BYTES {
        return name;
    }
    // FNV-1a: stable across runs and platforms (outputs must be deterministic).
    let hash = stem.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let tag = format!("~{hash:08x}");
    let room = MAX_NAME_BYTES - SUFFIX.len() - tag.len();
    let mut cut = room.min(stem.len());
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{tag}{SUFFIX}", &stem[..cut])
}

const INTERNAL_ERROR: &str =
    "处理该文件时程序内部出错（已跳过，其余文件照常处理）；请将此文件反馈给开发人员";

/// Reviews one file inside the guard; with `out`, also writes its annotated copy.
pub fn process_file(file: &InputFile, cfg: &Config, out: Option<&Path>) -> Processed {
    let run = || match crate::read::read_workbook_with(&file.path, &cfg.limits) {
        Err(e) => (FileOutcome::Unreadable(e.to_string()), None),
        Ok(wb) => {
            let eval = evaluate_workbook(&wb, &file.origin(), cfg);
            let output = out.map(|out| {
                let path = annotated_path(out, file);
                crate::write::annotate::annotated_workbook(&wb, &eval, cfg)
                    .and_then(|bytes| write_replacing(&path, &bytes))
                    .map(|()| path)
            });
            let outcome = FileOutcome::Reviewed {
                projects: eval.projects,
                diagnostics: eval.diagnostics,
            };
            (outcome, output)
        }
    };
    let (outcome, output) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
        .unwrap_or_else(|_| (FileOutcome::Unreadable(INTERNAL_ERROR.into()), None));
    Processed { outcome, output }
}

/// How many reviewed files may wait for an earlier, slower one before workers pause
/// ([`crate::batch::ordered`]): the memory of a batch does not grow with its number of files.
const WINDOW: usize = 64;

/// One reviewed file on its way to the outputs: its report entry, already rendered in the
/// forms the outputs need (done by the worker, in parallel), and its annotated copy's fate.
struct Reviewed {
    report: FileReport,
    /// The entry as it stands in report.json, when report.json is written.
    json: Option<Vec<u8>>,
    /// The lines for people, when they are printed.
    text: Option<String>,
    /// Where its annotated copy was written, or why it could not be (`run` only).
    output: Option<Result<PathBuf, String>>,
}

/// A progress bar on stderr when it is a terminal and the output is for people; else hidden.
fn progress_bar(len: usize, visible: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !visible || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} 复核中 [{bar:30}] {pos}/{len} 个文件 {elapsed}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Why a command could not complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppError {
    /// Bad usage or an output that could not be written (exit status 2), with the message.
    Usage(String),
    /// stdout was closed by the reader (`jixiao check … | head`): end quietly.
    BrokenPipe,
}

/// What a finished command found, for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    /// Any error-level finding or unreadable file.
    pub errors: bool,
    /// Any warning.
    pub warnings: bool,
    /// Warnings count as errors.
    pub deny_warnings: bool,
}

impl Outcome {
    /// 0 when clean, 1 when errors (or warnings with `--deny-warnings`).
    pub fn exit_status(self) -> u8 {
        u8::from(self.errors || (self.deny_warnings && self.warnings))
    }
}

fn print_out(text: &str) -> Result<(), AppError> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(stdout_error)
}

/// Writes a file atomically and durably: a temporary file in the same folder, synced to
/// disk, then renamed into place. For the few files of a batch (report.json, 汇总.xlsx, a
/// template).
///
/// # Errors
/// A Chinese message naming the path.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)
        .map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
    f.commit()
}

/// Writes one of many files atomically: a temporary file renamed into place, so an
/// interrupted run never leaves a half-written file under the final name. Not synced to disk
/// one by one (a sync per annotated workbook cost more than writing it); the batch's
/// report.json and 汇总.xlsx, written last, are synced.
///
/// # Errors
/// A Chinese message naming the path.
pub fn write_replacing(path: &Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| format!("无法创建文件夹 {}：{e}", dir.display()))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".jixiao-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| format!("无法在 {} 中创建临时文件：{e}", dir.display()))?;
    tmp.write_all(bytes)
        .map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
    tmp.persist(path)
        .map_err(|e| format!("无法写入 {}：{}", path.display(), e.error))?;
    Ok(())
}

fn with_pool<T: Send>(jobs: Option<usize>, f: impl FnOnce() -> T + Send) -> Result<T, AppError> {
    match jobs {
        None => Ok(f()),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(|pool| pool.install(f))
            .map_err(|e| AppError::Usage(format!("无法创建 {n} 个工作线程：{e}"))),
    }
}

/// Runs a validated command: `explain` and `check` print; `run` prints and writes
/// `OUT/report.json`.
///
/// # Errors
/// [`AppError::Usage`] for a missing input or an output that cannot be written;
/// [`AppError::BrokenPipe`] when stdout was closed.
pub fn execute(job: &crate::cli::Job) -> Result<Outcome, AppError> {
    use crate::cli::{Format, Job};
    let (settings, out_dir, quiet, deny_warnings) = match job {
        Job::Explain { texts, format } => {
            let rules: Vec<(&str, crate::rule::Rule)> = texts
                .iter()
                .map(|t| (t.as_str(), crate::rule::parse::parse_rule(t)))
                .collect();
            print_out(&match format {
                Format::Json => crate::write::report::explain_json(&rules),
                Format::Text => crate::write::report::explain_text(&rules),
            })?;
            return Ok(Outcome {
                errors: false,
                warnings: false,
                deny_warnings: false,
            });
        }
        Job::Template {
            out,
            kind,
            config,
            force,
        } => {
            if out.exists() && !force {
                return Err(AppError::Usage(format!(
                    "{} 已存在；如要覆盖请加 --force",
                    out.display()
                )));
            }
            let bytes = crate::write::template::template_workbook(*kind, config)
                .map_err(AppError::Usage)?;
            write_atomic(out, &bytes).map_err(AppError::Usage)?;
            print_out(&format!("已生成空白模板：{}\n", out.display()))?;
            return Ok(Outcome {
                errors: false,
                warnings: false,
                deny_warnings: false,
            });
        }
        Job::Config { config, source } => {
            let from = match source {
                Some(p) => format!("# 生效的配置，读自 {}\n", p.display()),
                None => "# 内置默认配置\n".to_string(),
            };
            print_out(&format!("{from}{}", config.to_toml()))?;
            return Ok(Outcome {
                errors: false,
                warnings: false,
                deny_warnings: false,
            });
        }
        Job::Check {
            settings,
            deny_warnings,
        } => (settings, None, false, *deny_warnings),
        Job::Run {
            settings,
            out,
            quiet,
        } => (settings, Some(out.as_path()), *quiet, false),
    };
    let cfg = &settings.config;
    let files = discover(&settings.inputs, out_dir).map_err(AppError::Usage)?;
    let progress = progress_bar(
        files.len(),
        !quiet && settings.format == Format::Text && files.len() > 1,
    );
    let json_to_stdout = settings.format == Format::Json;
    let want_text = settings.format == Format::Text && !quiet;
    let report_file = match out_dir {
        Some(out) => Some(
            AtomicFile::create(&out.join("report.json"))
                .and_then(|f| crate::write::report::JsonReport::start(f).map_err(|e| e.to_string()))
                .map_err(AppError::Usage)?,
        ),
        None => None,
    };
    let report_stdout = if json_to_stdout {
        Some(
            crate::write::report::JsonReport::start(Stdout::new(&progress))
                .map_err(stdout_error)?,
        )
    } else {
        None
    };
    let summary = match out_dir {
        Some(_) => Some(
            crate::write::summary::SummaryBuilder::new(cfg, &std::env::temp_dir())
                .map_err(AppError::Usage)?,
        ),
        None => None,
    };
    let outputs = Outputs {
        out_dir,
        text: want_text.then(|| Stdout::new(&progress)),
        report_file,
        report_stdout,
        summary,
        tally: crate::write::report::Tally::default(),
        write_failures: Vec::new(),
        written: 0,
    };
    // Each worker reviews a file and renders its report entry; the outputs take the entries
    // one at a time in path order (report.json to OUT and/or stdout, the text for people,
    // 汇总.xlsx) while later files are still being reviewed.
    let want_json = out_dir.is_some() || json_to_stdout;
    let review = |f: &InputFile| {
        let processed = process_file(f, cfg, out_dir);
        let report = file_report(f.display(), &processed.outcome);
        progress.inc(1);
        Reviewed {
            json: want_json.then(|| crate::write::report::file_json(&report)),
            text: want_text.then(|| crate::write::report::render_file_text(&report)),
            output: processed.output,
            report,
        }
    };
    let outputs = with_pool(settings.jobs, || {
        crate::batch::ordered::for_each_ordered(&files, WINDOW, review, outputs, Outputs::add)
    })??;
    progress.finish_and_clear();
    outputs.finish(cfg, deny_warnings)
}

/// The outputs of `check` and `run`, fed one reviewed file at a time in path order.
struct Outputs<'a> {
    out_dir: Option<&'a Path>,
    /// The lines for people, when they are printed.
    text: Option<Stdout>,
    report_file: Option<crate::write::report::JsonReport<AtomicFile>>,
    report_stdout: Option<crate::write::report::JsonReport<Stdout>>,
    summary: Option<crate::write::summary::SummaryBuilder>,
    tally: crate::write::report::Tally,
    write_failures: Vec<String>,
    written: usize,
}

impl Outputs<'_> {
    fn add(&mut self, r: Reviewed) -> Result<(), AppError> {
        self.tally.add(&r.report);
        if let Some(json) = &r.json {
            if let Some(f) = self.report_file.as_mut() {
                f.file(json).map_err(io_usage)?;
            }
            if let Some(o) = self.report_stdout.as_mut() {
                o.file(json).map_err(stdout_error)?;
            }
        }
        if let (Some(text), Some(out)) = (&r.text, self.text.as_mut()) {
            out.write_all(text.as_bytes()).map_err(stdout_error)?;
        }
        let link = match &r.output {
            Some(Ok(path)) => {
                self.written += 1;
                let out = self.out_dir.unwrap_or(Path::new(""));
                Some(slash_path(path.strip_prefix(out).unwrap_or(path)))
            }
            Some(Err(e)) => {
                self.write_failures.push(format!("{}：{e}", r.report.path));
                None
            }
            None => None,
        };
        if let Some(s) = self.summary.as_mut() {
            s.add(&r.report, link.as_deref()).map_err(AppError::Usage)?;
        }
        Ok(())
    }

    /// Ends report.json and 汇总.xlsx with the totals and prints the closing lines.
    fn finish(self, cfg: &Config, deny_warnings: bool) -> Result<Outcome, AppError> {
        let tally = &self.tally;
        let totals = tally.totals(cfg);
        if let Some(r) = self.report_file {
            let file = r.finish(&totals).map_err(io_usage)?;
            file.commit().map_err(AppError::Usage)?;
        }
        if let Some(r) = self.report_stdout {
            r.finish(&totals)
                .and_then(|mut out| out.flush())
                .map_err(stdout_error)?;
        }
        if let (Some(out), Some(s)) = (self.out_dir, self.summary) {
            let mut file = AtomicFile::create(&out.join("汇总.xlsx")).map_err(AppError::Usage)?;
            s.finish_to(&mut file).map_err(AppError::Usage)?;
            file.commit().map_err(AppError::Usage)?;
        }
        if let Some(mut out) = self.text {
            let mut text = tally.summary_line(cfg);
            if let Some(out) = self.out_dir {
                text.push_str(&format!(
                    "输出：复核工作簿 {} 个 → {}\n      汇总 → {}\n      报告 → {}\n",
                    self.written,
                    out.join("复核").display(),
                    out.join("汇总.xlsx").display(),
                    out.join("report.json").display()
                ));
            }
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(stdout_error)?;
        }
        if !self.write_failures.is_empty() {
            return Err(AppError::Usage(format!(
                "以下复核工作簿无法写出（其余已写出）：\n{}",
                self.write_failures.join("\n")
            )));
        }
        Ok(Outcome {
            errors: tally.has_errors(),
            warnings: tally.has_warnings(),
            deny_warnings,
        })
    }
}

fn io_usage(e: std::io::Error) -> AppError {
    AppError::Usage(format!("写出失败：{e}"))
}

/// stdout for the report and the text, written as the reviews come in: buffered, and
/// written with the progress bar (on stderr, the same terminal) cleared and drawn again below,
/// so that report lines never run into the bar.
struct Stdout {
    buf: Vec<u8>,
    bar: indicatif::ProgressBar,
}

impl Stdout {
    const FLUSH_AT: usize = 64 * 1024;

    fn new(bar: &indicatif::ProgressBar) -> Stdout {
        Stdout {
            buf: Vec::with_capacity(Self::FLUSH_AT),
            bar: bar.clone(),
        }
    }
}

impl std::io::Write for Stdout {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= Self::FLUSH_AT {
            self.flush()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let buf = &mut self.buf;
        self.bar.suspend(|| {
            let mut out = std::io::stdout().lock();
            out.write_all(buf).and_then(|()| out.flush())
        })?;
        buf.clear();
        Ok(())
    }
}

/// A failed write to stdout: a closed pipe (`jixiao check … | head`) ends quietly.
fn stdout_error(e: std::io::Error) -> AppError {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        AppError::BrokenPipe
    } else {
        AppError::Usage(format!("无法写出到标准输出：{e}"))
    }
}

/// A file written under a temporary name in its folder and renamed into place by
/// [`AtomicFile::commit`]; dropped without commit, it disappears.
pub struct AtomicFile {
    path: PathBuf,
    tmp: std::io::BufWriter<tempfile::NamedTempFile>,
}

impl AtomicFile {
    /// Starts writing `path`.
    ///
    /// # Errors
    /// A Chinese message naming the path.
    pub fn create(path: &Path) -> Result<AtomicFile, String> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("无法创建文件夹 {}：{e}", dir.display()))?;
        let tmp = tempfile::Builder::new()
            .prefix(".jixiao-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| format!("无法在 {} 中创建临时文件：{e}", dir.display()))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp: std::io::BufWriter::new(tmp),
        })
    }

    /// Flushes, syncs and renames the file into place.
    ///
    /// # Errors
    /// A Chinese message naming the path.
    pub fn commit(self) -> Result<(), String> {
        let path = self.path;
        let tmp = self
            .tmp
            .into_inner()
            .map_err(|e| format!("无法写入 {}：{}", path.display(), e.error()))?;
        tmp.as_file()
            .sync_all()
            .map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
        tmp.persist(&path)
            .map_err(|e| format!("无法写入 {}：{}", path.display(), e.error))?;
        Ok(())
    }
}

impl std::io::Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.tmp.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.tmp.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_and_hidden_files_are_skipped() {
        assert!(skipped_name("~$评价表.xlsx"));
        assert!(skipped_name(".DS_Store"));
        assert!(!skipped_name("评价表.xlsx"));
    }

    #[test]
    fn discovery_is_sorted_relative_and_skips_output() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b部门")).unwrap();
        std::fs::create_dir_all(root.join("a部门")).unwrap();
        std::fs::create_dir_all(root.join("out/复核")).unwrap();
        for p in [
            "b部门/2.xlsx",
            "a部门/1.xls",
            "a部门/~$1.xls",
            "a部门/报告.pdf",
            "a部门/表.et",
            "out/复核/x.xlsx",
        ] {
            std::fs::write(root.join(p), b"x").unwrap();
        }
        let files = discover(&[root.to_path_buf()], Some(&root.join("out"))).unwrap();
        let shown: Vec<String> = files.iter().map(InputFile::display).collect();
        assert_eq!(shown, vec!["a部门/1.xls", "a部门/表.et", "b部门/2.xlsx"]);
        assert!(discover(&[root.join("nope")], None).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_end() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/1.xlsx"), b"x").unwrap();
        std::os::unix::fs::symlink(root, root.join("a/loop")).unwrap();
        let files = discover(&[root.to_path_buf()], None).unwrap();
        assert_eq!(files.len(), 1);
    }
}
