//! `jixiao run`: review every workbook and write the outputs to `OUT` — an annotated copy of
//! each (by the workers, as they go), report.json and the county summary 汇总.xlsx (here, one
//! file at a time in path order, so that memory stays flat) — and print what `check` prints.

use super::outputs::Entry;
use super::review::review;
use super::{Error, Outcome};
use crate::batch::{slash_path, AtomicFile, OutputError};
use crate::cli::Settings;
use crate::config::Config;
use crate::write::report::{JsonReport, TotalsReport};
use crate::write::summary::SummaryBuilder;
use std::path::Path;

/// Reviews the inputs and writes the outputs under `out`.
///
/// # Errors
/// A missing input, an output that cannot be built or written, a closed or failing stdout.
pub fn run(settings: &Settings, out: &Path, quiet: bool) -> Result<Outcome, Error> {
    review(settings, Some(out), quiet)
}

/// What `run` writes besides the annotated copies, file by file as the reviews come in.
pub(super) struct Files<'a> {
    out: &'a Path,
    report: JsonReport<AtomicFile>,
    /// 汇总.xlsx being built; `None` once the temporary folder it spills to filled up (the
    /// batch goes on, report.json is finished, and `finish` reports the failure).
    summary: Option<SummaryBuilder>,
    /// How many annotated copies were written, and which could not be.
    written: usize,
    failures: Vec<String>,
}

/// What the run wrote, for its closing lines.
pub(super) struct Written<'a> {
    out: &'a Path,
    written: usize,
    /// `path：why` of every annotated copy that could not be written.
    pub failures: Vec<String>,
}

impl<'a> Files<'a> {
    /// Starts report.json and 汇总.xlsx under `out`, before anything is read: a folder that
    /// cannot be written (or a temporary folder that cannot) stops the run at once.
    pub fn create(out: &'a Path, cfg: &Config) -> Result<Files<'a>, Error> {
        let swept = crate::batch::sweep_stale_temporaries(out);
        if swept > 0 {
            eprintln!(
                "提示：已清理上次中断的复核留在 {} 中的临时文件 {swept} 个",
                out.display()
            );
        }
        interrupt_handler(out);
        let path = out.join("report.json");
        let report = JsonReport::start(AtomicFile::create(&path)?)
            .map_err(|error| OutputError::Write { path, error })?;
        let summary = SummaryBuilder::new(cfg, &std::env::temp_dir())?;
        Ok(Files {
            out,
            report,
            summary: Some(summary),
            written: 0,
            failures: Vec::new(),
        })
    }

    fn report_failed(&self, error: std::io::Error) -> Error {
        let path = self.out.join("report.json");
        OutputError::Write { path, error }.into()
    }

    /// Adds a file to report.json and 汇总.xlsx (its 文件 column links to the annotated copy).
    pub fn add(&mut self, entry: &Entry) -> Result<(), Error> {
        if let Some(json) = &entry.json {
            self.report.file(json).map_err(|e| self.report_failed(e))?;
        }
        let link = self.link_of(entry);
        match &entry.output {
            Some(Ok(_)) => self.written += 1,
            Some(Err(e)) => self.failures.push(format!("{}：{e}", entry.report.path)),
            None => {}
        }
        if let Some(summary) = self.summary.as_mut() {
            match guard_temp(|| summary.add(&entry.report, link.as_deref())) {
                Err(Error::TempFull(_)) => self.summary = None,
                other => other?,
            }
        }
        Ok(())
    }

    /// Where the annotated copy of `entry` is, relative to OUT, with `/`.
    pub fn link_of(&self, entry: &Entry) -> Option<String> {
        match &entry.output {
            Some(Ok(path)) => Some(slash_path(path.strip_prefix(self.out).unwrap_or(path))),
            _ => None,
        }
    }

    /// Ends report.json with the 抽查 picks (if any) and the totals, writes 汇总.xlsx, and
    /// puts both in place.
    pub fn finish(
        self,
        totals: &TotalsReport,
        extras: crate::write::report::Extras<'_>,
    ) -> Result<Written<'a>, Error> {
        let out = self.out;
        let file = self
            .report
            .finish_with(totals, extras)
            .map_err(|error| OutputError::Write {
                path: out.join("report.json"),
                error,
            })?;
        file.commit()?;
        let summary = self
            .summary
            .ok_or_else(|| Error::TempFull(std::env::temp_dir()))?;
        let mut file = AtomicFile::create(&self.out.join("汇总.xlsx"))?;
        guard_temp(|| summary.finish_with(&mut file, extras))?;
        file.commit()?;
        Ok(Written {
            out: self.out,
            written: self.written,
            failures: self.failures,
        })
    }
}

impl Written<'_> {
    /// Where the outputs are, for the end of the text output.
    pub fn lines(&self) -> String {
        format!(
            "输出：复核工作簿 {} 个 → {}\n      汇总 → {}\n      报告 → {}\n",
            self.written,
            self.out.join("复核").display(),
            self.out.join("汇总.xlsx").display(),
            self.out.join("report.json").display()
        )
    }
}

/// On Ctrl-C or SIGTERM: removes the temporary files being written, says on stderr that the
/// run was interrupted and which outputs are stale, and ends with status 130 (issue #18 item
/// 5). Installed once per process; a second install (tests calling `run` twice) is ignored.
fn interrupt_handler(out: &Path) {
    let out = out.display().to_string();
    let _ = ctrlc::set_handler(move || {
        let removed = crate::batch::remove_live_temporaries();
        eprintln!(
            "\njixiao：复核被中断，已删除未写完的临时文件 {removed} 个；{out} 中的 report.json、汇总.xlsx 是上一次运行的结果（或不存在），复核/ 中的工作簿只有一部分是本次的，请重新运行"
        );
        std::process::exit(130);
    });
}

/// Runs a step of 汇总.xlsx, whose long sheets spill to the temporary folder: rust_xlsxwriter
/// panics when that folder is full, and the panic becomes an error naming the folder (issue #18
/// item 3) — exit 2, the findings already printed, no partial file left (the temporary 汇总.xlsx
/// is dropped).
fn guard_temp<T>(step: impl FnOnce() -> Result<T, crate::write::BuildError>) -> Result<T, Error> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(step)) {
        Ok(r) => r.map_err(Error::from),
        Err(_) => Err(Error::TempFull(std::env::temp_dir())),
    }
}
