//! `jixiao explain`: how criterion texts are understood as rules, as text or JSON.

use super::{print_out, Error, Outcome};
use crate::cli::Format;
use crate::rule::{parse::parse_rule, Rule};
use crate::write::report::{explain_json, explain_text};

/// Prints how each text is understood.
///
/// # Errors
/// [`Error::Stdout`] or [`Error::BrokenPipe`].
pub fn explain(texts: &[String], format: Format) -> Result<Outcome, Error> {
    let rules: Vec<(&str, Rule)> = texts.iter().map(|t| (t.as_str(), parse_rule(t))).collect();
    print_out(&match format {
        Format::Json => explain_json(&rules),
        Format::Text => explain_text(&rules),
    })?;
    Ok(Outcome::default())
}
