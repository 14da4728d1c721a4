//! `jixiao config`: the county rules in force, as a `jixiao.toml` that reads back to them.

use super::{print_out, Error, Outcome};
use crate::config::Config;
use std::path::Path;

/// Prints `config` as `jixiao.toml`, saying which file it was read from (`None`: the
/// built-in defaults).
///
/// # Errors
/// [`Error::Stdout`] or [`Error::BrokenPipe`].
pub fn show(config: &Config, source: Option<&Path>) -> Result<Outcome, Error> {
    let from = match source {
        Some(p) => format!("# 生效的配置，读自 {}\n", p.display()),
        None => "# 内置默认配置\n".to_string(),
    };
    print_out(&format!("{from}{}", config.to_toml()))?;
    Ok(Outcome::default())
}
