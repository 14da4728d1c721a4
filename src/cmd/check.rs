//! `jixiao check`: review every workbook and print the findings; nothing is written. The exit
//! status says whether a submission can be filed (0), must be corrected (1), or the check
//! could not run (2).

use super::review::review;
use super::{Error, Outcome};
use crate::cli::Settings;

/// Reviews the inputs and prints the findings (text or the JSON report).
///
/// # Errors
/// A missing input, a closed or failing stdout.
pub fn check(settings: &Settings, deny_warnings: bool) -> Result<Outcome, Error> {
    let outcome = review(settings, None, false)?;
    Ok(Outcome {
        deny_warnings,
        ..outcome
    })
}
