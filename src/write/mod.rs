//! Stage 3: what `run` and `check` hand back to people and scripts, built from the review:
//! the [`report`] (report.json and the text lines), the [`annotate`]d copy of each workbook,
//! the county [`summary`] workbook, and the blank [`template`] to hand out. Each builds its
//! bytes or text; writing them to files is `batch`'s.

pub mod annotate;
pub mod report;
pub mod summary;
pub mod template;
