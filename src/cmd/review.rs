//! The flow `check` and `run` share: discover the files, review each in parallel (for `run`,
//! writing its annotated copy as it goes), and hand each to the outputs in path order while
//! later files are still being reviewed.

use super::outputs::{progress_bar, Entry, Outputs, Stdout};
use super::run::Files;
use super::{Error, Outcome};
use crate::batch::{discover_noting, map_in_order, InputFile};
use crate::cli::{Format, Settings};
use crate::write::report::{JsonReport, Tally};
use std::path::Path;

/// Reviews the inputs of `settings`; with `out`, writes `run`'s outputs there. `quiet`
/// prints nothing but errors.
pub(super) fn review(
    settings: &Settings,
    out: Option<&Path>,
    quiet: bool,
) -> Result<Outcome, Error> {
    let cfg = &settings.config;
    // Earlier years first: a report that cannot be used stops the run before any work.
    let previous = settings
        .previous
        .iter()
        .map(|p| crate::history::load(p))
        .collect::<Result<Vec<_>, _>>()?;
    let (files, skipped) = discover_noting(&settings.inputs, out)?;
    if !quiet {
        for s in &skipped {
            eprintln!("提示：已跳过 {s}");
        }
    }
    let for_people = settings.format == Format::Text && !quiet;
    let look = settings.look.resolve();
    let progress = progress_bar(files.len(), for_people && files.len() > 1);
    let json = match settings.format {
        Format::Json => {
            match JsonReport::start(Stdout::new(&progress, look.colour)).map_err(Error::stdout) {
                Ok(j) => Some(j),
                // Already closed: `run` still writes its files; `check` has nothing to do.
                Err(Error::BrokenPipe) if out.is_some() => None,
                Err(e) => return Err(e),
            }
        }
        Format::Text => None,
    };
    let outputs = Outputs {
        files: out.map(|out| Files::create(out, cfg)).transpose()?,
        text: for_people.then(|| Stdout::new(&progress, look.colour)),
        json,
        tally: Tally::default(),
        verbose: look.verbose,
        heading: look.heading,
        sampling: settings
            .sample
            .map(|(amount, seed)| super::outputs::Sampling {
                candidates: Vec::new(),
                amount,
                seed,
            }),
        history: (!previous.is_empty()).then(|| (previous, Vec::new())),
    };
    let want_json = out.is_some() || settings.format == Format::Json;
    let review = |f: &InputFile| {
        let entry = Entry::review(f, cfg, out, want_json, for_people.then_some(look));
        progress.inc(1);
        entry
    };
    let outputs =
        map_in_order(settings.jobs, &files, review, outputs, Outputs::add).map_err(|error| {
            Error::Threads {
                jobs: settings.jobs.unwrap_or_default(),
                error,
            }
        })??;
    progress.finish_and_clear();
    outputs.finish(cfg)
}
