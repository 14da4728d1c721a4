//! Stage 3: what `run` and `check` hand back to people and scripts, built from the review:
//! the [`report`] (report.json and the text lines), the [`annotate`]d copy of each workbook,
//! the county [`summary`] workbook, and the blank [`template`] to hand out. Each builds its
//! bytes or text; writing them to files is `batch`'s.

pub mod annotate;
pub mod report;
mod style;
pub mod summary;
pub mod template;
pub mod terminal;

use std::path::PathBuf;

/// Why an output workbook could not be built. Each message says which workbook and includes
/// the cause (so there is no separate `source()`).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// rust_xlsxwriter refused a part of the workbook (a bug of ours, or a limit of Excel's).
    #[error("无法生成{what}：{error}")]
    Xlsx {
        /// Which workbook: 复核工作簿, 汇总工作簿, 模板.
        what: &'static str,
        /// rust_xlsxwriter's reason.
        error: rust_xlsxwriter::XlsxError,
    },
    /// The temporary folder, where sheets spill while they are built, cannot be written.
    #[error("无法在临时文件夹 {} 中建立临时文件（{error}）：汇总工作簿和复核工作簿写出前先放在那里。请让环境变量 TMPDIR 指向一个存在且可写的文件夹后重试", dir.display())]
    TempDir {
        /// The folder.
        dir: PathBuf,
        /// Why.
        error: std::io::Error,
    },
}

impl BuildError {
    /// A rust_xlsxwriter error while building `what`, the temporary folder's failure told
    /// apart by its variant.
    pub fn xlsx(what: &'static str, error: rust_xlsxwriter::XlsxError) -> BuildError {
        match error {
            rust_xlsxwriter::XlsxError::TempFileError(dir, error) => {
                BuildError::TempDir { dir, error }
            }
            error => BuildError::Xlsx { what, error },
        }
    }
}

/// The custom document property every workbook jixiao writes as an output carries (its name;
/// the value says which output), so that a later run never reviews jixiao's own outputs
/// ([`crate::batch::discover`]). Templates are not marked: a filled-in template is a filing.
pub const MARK: &str = "jixiao";
