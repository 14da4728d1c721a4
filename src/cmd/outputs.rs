//! \[IO\] The outputs of `check` and `run`, fed one reviewed file at a time in path order: the
//! text for people or the JSON report on stdout, the running totals, and for `run` its files
//! ([`super::run::Files`]). Also the progress bar, which stdout writes around.

use super::run::Files;
use super::{Error, Outcome};
use crate::batch::AnnotatedError;
use crate::config::Config;
use crate::write::report::{FileReport, JsonReport, Tally};
use std::io::Write;
use std::path::PathBuf;

/// One reviewed file on its way to the outputs: its report entry, already rendered in the
/// forms the outputs need (done by the worker, in parallel), and its annotated copy's fate.
pub(super) struct Entry {
    pub report: FileReport,
    /// The entry as it stands in report.json, when a report is written.
    pub json: Option<Vec<u8>>,
    /// The lines for people, when they are printed.
    pub text: Option<String>,
    /// Where its annotated copy was written, or why it could not be (`run` only).
    pub output: Option<Result<PathBuf, AnnotatedError>>,
    /// When the workbook was last saved (for `--sample` with a deadline).
    pub saved: Option<String>,
}

impl Entry {
    /// Reviews `file` (for `run`, writing its annotated copy to `out`) and renders its entry:
    /// the report.json entry when `json`, the text for people when `text` says how.
    pub fn review(
        file: &crate::batch::InputFile,
        cfg: &Config,
        out: Option<&std::path::Path>,
        json: bool,
        text: Option<crate::write::terminal::Look>,
    ) -> Entry {
        let processed = crate::batch::process_file(file, cfg, out);
        let report = crate::write::report::file_report(file.display(), &processed.outcome);
        Entry {
            json: json.then(|| crate::write::report::file_json(&report)),
            text: text.map(|look| crate::write::terminal::file_text(&report, look)),
            output: processed.output,
            saved: processed.saved,
            report,
        }
    }
}

/// The outputs of a review, in path order.
pub(super) struct Outputs<'a> {
    /// The lines for people, when they are printed.
    pub text: Option<Stdout>,
    /// The JSON report on stdout (`--format json`).
    pub json: Option<JsonReport<Stdout>>,
    /// `run`'s report.json and 汇总.xlsx.
    pub files: Option<Files<'a>>,
    pub tally: Tally,
    /// 提示 are printed (else only counted).
    pub verbose: bool,
    /// The text is grouped under file headings, each group ending with a blank line.
    pub heading: bool,
    /// `--sample`: the candidates so far, how many to pick, and the seed asked for.
    pub sampling: Option<Sampling>,
    /// `--previous`: the earlier years, and this run's projects so far.
    pub history: Option<(Vec<crate::history::Year>, Vec<crate::history::Project>)>,
}

/// What `--sample` gathers while the files come in.
pub(super) struct Sampling {
    pub candidates: Vec<crate::sample::Candidate>,
    pub amount: crate::sample::Amount,
    pub seed: Option<u64>,
}

impl Outputs<'_> {
    /// Takes the next file in path order.
    pub fn add(&mut self, entry: Entry) -> Result<(), Error> {
        self.tally.add(&entry.report);
        let mut printed = Ok(());
        if let (Some(json), Some(out)) = (&entry.json, self.json.as_mut()) {
            printed = out.file(json).map_err(Error::stdout);
        }
        if let (Ok(()), Some(text), Some(out)) = (&printed, &entry.text, self.text.as_mut()) {
            printed = out.write_all(text.as_bytes()).map_err(Error::stdout);
        }
        if let Err(e) = printed {
            self.stdout_failed(e)?;
        }
        // 抽查 and the year-over-year comparison keep what they need of each file, with the
        // link to its annotated copy.
        let link = self.files.as_ref().and_then(|f| f.link_of(&entry));
        if let Some(s) = self.sampling.as_mut() {
            s.candidates.extend(crate::sample::candidates(
                &entry.report,
                link.as_deref(),
                entry.saved.as_deref(),
            ));
        }
        if let Some((_, current)) = self.history.as_mut() {
            current.extend(crate::history::projects_of(&entry.report, link.as_deref()));
        }
        if let Some(files) = self.files.as_mut() {
            files.add(&entry)?;
        }
        Ok(())
    }

    /// stdout failed. Closed by its reader (`run … | head`): `run`'s outputs are its job, so it
    /// stops printing and goes on; `check` stops, with status 1 when it has seen an error.
    /// Anything else is an error.
    fn stdout_failed(&mut self, e: Error) -> Result<(), Error> {
        match e {
            Error::BrokenPipe if self.files.is_some() => {
                self.text = None;
                self.json = None;
                Ok(())
            }
            Error::BrokenPipe if self.tally.has_errors() => Err(Error::BrokenPipeAfterErrors),
            other => Err(other),
        }
    }

    /// Ends `run`'s report.json and 汇总.xlsx, then the JSON on stdout, with the totals, and
    /// prints the closing lines.
    pub fn finish(self, cfg: &Config) -> Result<Outcome, Error> {
        let tally = &self.tally;
        let totals = tally.totals(cfg);
        let running = self.files.is_some();
        let grades: Vec<String> = cfg.grades.iter().map(|g| g.name.clone()).collect();
        let selection = self
            .sampling
            .map(|s| crate::sample::select(s.candidates, s.amount, s.seed, &grades, &cfg.sample));
        let history = self.history.map(|(mut years, current)| {
            let label = crate::history::label_of(&current).unwrap_or_else(|| "本次".to_string());
            years.push(crate::history::Year {
                label,
                projects: current,
            });
            crate::history::compare(&years, &cfg.history, &grades)
        });
        let extras = crate::write::report::Extras {
            sample: selection.as_ref(),
            history: history.as_ref(),
        };
        // An output that cannot be finished (a full disk) is reported after the closing lines,
        // so the findings and the totals are still printed.
        let (closing, unfinished) = match self.files {
            Some(files) => match files.finish(&totals, extras) {
                Ok(c) => (Some(c), None),
                Err(e) => (None, Some(e)),
            },
            None => (None, None),
        };
        // A closed stdout after `run`'s files are written loses only the printing.
        let printed = |r: Result<(), Error>| match r {
            Err(Error::BrokenPipe) if running => Ok(()),
            Err(Error::BrokenPipe) if tally.has_errors() => Err(Error::BrokenPipeAfterErrors),
            other => other,
        };
        if let Some(out) = self.json {
            printed(
                out.finish_with(&totals, extras)
                    .and_then(|mut out| out.flush())
                    .map_err(Error::stdout),
            )?;
        }
        if let Some(mut out) = self.text {
            let mut text = tally.summary_line(cfg, self.verbose);
            if self.heading && tally.files() > 0 {
                // The last group already ends with a blank line.
                text.remove(0);
            }
            if let Some(sel) = &selection {
                text.push_str(&sample_lines(sel));
            }
            if let Some(h) = &history {
                text.push_str(&super::compare::history_lines(h));
            }
            text.push_str(&closing.as_ref().map(|c| c.lines()).unwrap_or_default());
            printed(
                out.write_all(text.as_bytes())
                    .and_then(|()| out.flush())
                    .map_err(Error::stdout),
            )?;
        }
        if let Some(e) = unfinished {
            return Err(e);
        }
        if let Some(failures) = closing.map(|c| c.failures).filter(|f| !f.is_empty()) {
            return Err(Error::NotWritten(failures));
        }
        Ok(Outcome {
            errors: tally.has_errors(),
            warnings: tally.has_warnings(),
            deny_warnings: false,
        })
    }
}

/// The picks of `--sample`, for the closing lines.
fn sample_lines(sel: &crate::sample::Selection) -> String {
    use std::fmt::Write as _;
    let mut out = format!(
        "抽查 {}：{} 个项目中抽 {} 个；随机种子 {}（加 --seed {} 可重现同一名单）\n",
        sel.amount,
        sel.population,
        sel.picked.len(),
        sel.seed,
        sel.seed
    );
    for (i, p) in sel.picked.iter().enumerate() {
        let c = &p.candidate;
        let place = if c.sheet.is_empty() {
            c.file.clone()
        } else {
            format!("{}[{}]", c.file, c.sheet)
        };
        let _ = writeln!(
            out,
            "  {:>2}. {}（{}） 风险分 {} · {}入选\n      {place}\n      {}",
            i + 1,
            c.project,
            c.department,
            crate::text::fmt_dec(p.risk),
            p.how.title(),
            p.main_risks()
        );
    }
    out
}

/// A progress bar on stderr when it is a terminal and the output is for people; else hidden.
pub(super) fn progress_bar(len: usize, visible: bool) -> indicatif::ProgressBar {
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

/// stdout for the report and the text, written as the reviews come in: buffered, and
/// written with the progress bar (on stderr, the same terminal) cleared and drawn again below,
/// so that report lines never run into the bar.
pub(super) struct Stdout {
    buf: Vec<u8>,
    bar: indicatif::ProgressBar,
    /// The text carries ANSI colours: written through anstream, which on a Windows console
    /// without ANSI support translates them.
    colour: bool,
}

impl Stdout {
    const FLUSH_AT: usize = 64 * 1024;

    pub fn new(bar: &indicatif::ProgressBar, colour: bool) -> Stdout {
        Stdout {
            buf: Vec::with_capacity(Self::FLUSH_AT),
            bar: bar.clone(),
            colour,
        }
    }
}

impl Write for Stdout {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= Self::FLUSH_AT {
            self.flush()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let buf = &mut self.buf;
        let colour = self.colour;
        self.bar.suspend(|| {
            if colour {
                let mut out = anstream::AutoStream::always(std::io::stdout().lock());
                out.write_all(buf).and_then(|()| out.flush())
            } else {
                let mut out = std::io::stdout().lock();
                out.write_all(buf).and_then(|()| out.flush())
            }
        })?;
        buf.clear();
        Ok(())
    }
}
