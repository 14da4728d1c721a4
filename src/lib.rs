//! jixiao（绩效）reads the project performance-evaluation workbooks that departments hand to a
//! county finance bureau, checks their weights and scores, and reports every problem.
//!
//! The pipeline, one folder per stage, data flowing one way (each stage takes the previous
//! stage's value and returns its own; imports run the same way):
//!
//! ```text
//!  read/            grid            review/  (with rule/)                         write/
//!  path ──read──▶ Workbook ──locate──▶ Table ──model──▶ Project ──checks, rule::score──▶ ProjectEval
//!                 of Grids                                                             │
//!        ┌─────────────────────────────────────────────────────────────────────────────┘
//!        ├──write::report──▶ FileReport ──▶ report.json, the text for people, 汇总.xlsx (write::summary)
//!        └──write::annotate──▶ the annotated copy (.xlsx bytes)
//!  batch/: discover the files, review them in parallel, hand them on in path order, write files atomically
//!  cmd/:   one file per subcommand (check, run, explain, template, config); main.rs: exit status
//! ```
//!
//! - [`read`] \[IO\]: the only module that calls calamine; the container checks ([`read::package`])
//!   before parsing; floats become exact decimals.
//! - [`grid`]: the pure types every stage shares: cells, merges, [`grid::CellRef`] (the one A1
//!   formatter and parser).
//! - [`review`]: pure. [`review::locate`] (header, columns, table, facts), [`review::model`]
//!   (the indicator tree), [`review::checks`] (one file per family of codes), and
//!   [`review::evaluate`], the per-workbook pipeline.
//! - [`rule`]: pure. 评价标准 → [`rule::Rule`] ([`rule::parse`]), the self-evaluation form's
//!   rules ([`rule::form`]), an actual value stated in a reason ([`rule::reason`]), and all
//!   scoring ([`rule::score`]).
//! - [`write`](mod@write): the outputs as bytes or text: [`write::report`] (pure), [`write::annotate`]
//!   and [`write::summary`] (\[IO\] only through rust_xlsxwriter's temporary files in
//!   `TMPDIR`), [`write::template`] (pure, in memory).
//! - [`batch`] \[IO\]: discovery, the guarded review of one file, the parallel map in path order,
//!   atomic files. [`cmd`] \[IO\]: the subcommands, stdout and the progress bar.
//! - Shared by the stages: [`config`] (the county rules; \[IO\] only to read `jixiao.toml`),
//!   [`columns`] (the column roles and their titles), [`diag`] (the code registry and
//!   [`diag::Diagnostic`]), [`framework`] (the 财预〔2020〕10号 reference data), [`text`]
//!   (full-width folding, titles, numbers in text), [`cli`] (flags → a validated job).
//!
//! Everything marked \[IO\] is at the edges; everything between reading and writing is pure and
//! tested without files. Errors are enums per stage (`ReadError`, `ConfigError`, `InputError`,
//! `OutputError`, `BuildError`, [`cmd::Error`]); the binary carries them with `anyhow`.
//!
//! Glossary:
//! - 指标 indicator; 一级/二级/三级指标 level1/level2/level3 of the tree
//! - 分值 / 指标分值 / 权重 weight
//! - 评价标准 criterion (the free-text scoring rule)
//! - 评价得分 / 得分 score
//! - 扣分 / 扣分情况 deduction; 扣分原因 reason
//! - 合计 the total row; 评定等级 grade (优/良/中/差)
//! - 自评表 the self-evaluation form (财预〔2020〕10号 附件1)

pub mod batch;
pub mod cli;
pub mod cmd;
pub mod columns;
pub mod config;
pub mod console;
pub mod diag;
pub mod framework;
pub mod grid;
pub mod history;
pub mod read;
pub mod review;
pub mod rule;
pub mod sample;
pub mod text;
pub mod write;
