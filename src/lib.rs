//! jixiao（绩效）reads the project performance-evaluation workbooks that departments hand to a
//! county finance bureau, checks their weights and scores, and reports every problem.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! path ──grid──▶ Workbook/Grid ──locate──▶ Table ──model──▶ Project (tree)
//!      ──evaluate/check──▶ ProjectEval ──report──▶ report.json / text
//! ```
//!
//! Only `grid` (reading) and `batch` (discovery, parallelism, terminal, writing) touch the
//! file system or the terminal; everything between is pure and tested without files.
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
pub mod diag;
pub mod framework;
pub mod grid;
pub mod read;
pub mod review;
pub mod rule;
pub mod text;
pub mod write;
