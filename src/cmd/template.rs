//! `jixiao template`: a blank standard workbook to hand out, written atomically, never over an
//! existing file without `--force`.

use super::{print_out, Error, Outcome};
use crate::batch::write_atomic;
use crate::config::Config;
use crate::write::template::{template_workbook, Kind};
use std::path::Path;

/// Writes the blank workbook of `kind` to `out` and says where.
///
/// # Errors
/// [`Error::Exists`] without `force`; an error building or writing the file.
pub fn template(out: &Path, kind: Kind, config: &Config, force: bool) -> Result<Outcome, Error> {
    if out.exists() && !force {
        return Err(Error::Exists(out.to_path_buf()));
    }
    let bytes = template_workbook(kind, config)?;
    write_atomic(out, &bytes)?;
    print_out(&format!("已生成空白模板：{}\n", out.display()))?;
    Ok(Outcome::default())
}
