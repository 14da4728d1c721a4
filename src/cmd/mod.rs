//! The subcommands, one file each: [`check`] and [`run`] (which share the flow of `review`:
//! discover the files, review them in parallel, hand each to the outputs in path order),
//! [`explain`], [`template`] and [`config`]. [`execute`] runs a validated [`Job`]; the binary
//! maps the [`Outcome`] or the [`Error`] to the exit status.

pub mod check;
pub mod compare;
pub mod config;
pub mod explain;
mod outputs;
mod review;
pub mod run;
pub mod template;
pub mod watch;

use crate::batch::{InputError, OutputError};
use crate::cli::Job;
use crate::write::BuildError;
use std::path::PathBuf;

/// What a finished command found, for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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

/// Why a command could not complete: exit status 2, except [`Error::BrokenPipe`], which ends
/// quietly. Each message says what and where in Chinese, with the system's reason.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The inputs cannot be reviewed (a usage error).
    #[error(transparent)]
    Input(#[from] InputError),
    /// An output file could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// An output workbook could not be built.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// `template` would overwrite a file without `--force`.
    #[error("{} 已存在；如要覆盖请加 --force", .0.display())]
    Exists(PathBuf),
    /// The pool of `-j N` threads could not be made.
    #[error("无法创建 {jobs} 个工作线程：{error}")]
    Threads {
        /// The threads asked for.
        jobs: usize,
        /// Why.
        error: rayon::ThreadPoolBuildError,
    },
    /// Writing to stdout failed (other than a closed pipe).
    #[error("无法写出到标准输出：{0}")]
    Stdout(std::io::Error),
    /// stdout was closed by its reader (`jixiao check … | head`).
    #[error("标准输出已关闭")]
    BrokenPipe,
    /// stdout was closed by its reader after `check` had seen an error: the batch stops
    /// quietly, but not with status 0.
    #[error("标准输出已关闭（此前已发现错误）")]
    BrokenPipeAfterErrors,
    /// The temporary folder filled up (or could not be written) while 汇总.xlsx was built.
    #[error("临时文件夹 {} 空间不足或无法写入，汇总.xlsx 未能生成（其余输出已写出）；请清理该磁盘，或把 TMPDIR 设为有空间的文件夹后重新运行", .0.display())]
    TempFull(PathBuf),
    /// An earlier year's report cannot be used (a usage error).
    #[error(transparent)]
    History(#[from] crate::history::HistoryError),
    /// The folder of `watch` cannot be watched.
    #[error("无法监视文件夹：{0}")]
    Watch(String),
    /// Some annotated copies could not be written; the others, report.json and 汇总.xlsx
    /// were.
    #[error("以下复核工作簿无法写出（其余已写出）：\n{}", .0.join("\n"))]
    NotWritten(Vec<String>),
}

impl Error {
    /// A failed write to stdout: a closed pipe is [`Error::BrokenPipe`].
    fn stdout(e: std::io::Error) -> Error {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Error::BrokenPipe
        } else {
            Error::Stdout(e)
        }
    }
}

/// Runs a validated command.
///
/// # Errors
/// An [`Error`]: a missing input, an output that cannot be written, a closed stdout.
pub fn execute(job: &Job) -> Result<Outcome, Error> {
    match job {
        Job::Explain { texts, format } => explain::explain(texts, *format),
        Job::Template {
            out,
            kind,
            config,
            force,
        } => template::template(out, *kind, config, *force),
        Job::Config { config, source } => config::show(config, source.as_deref()),
        Job::Check {
            settings,
            deny_warnings,
        } => check::check(settings, *deny_warnings),
        Job::Run {
            settings,
            out,
            quiet,
        } => run::run(settings, out, *quiet),
        Job::Watch { settings, out } => watch::watch(settings, out),
        Job::Compare {
            reports,
            config,
            format,
            out,
        } => compare::compare(reports, config, *format, out.as_deref()),
    }
}

/// Prints a whole text to stdout.
fn print_out(text: &str) -> Result<(), Error> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(Error::stdout)
}
