//! [IO-free] `jixiao template`: a blank standard workbook to hand out to departments (SPEC §1,
//! issue #8). Two kinds:
//!
//! - **评价** — 项目支出绩效评价表: the common indicators of the 2020 reference framework
//!   ([`crate::framework`]; 财预〔2020〕10号 附件2: 决策 / 过程 / 产出 / 效益) with the usual
//!   criteria written as 评价标准 text that [`crate::rule::parse::parse_rule`] understands (a
//!   test runs every one through it), weights summing to 100, the columns jixiao reads
//!   (including 实际完成值 and 不符合项, so that it can recompute every score), merged level
//!   cells, a 合计 row of `SUM` formulas and a 评定等级 line whose formula follows the
//!   configured grade bands.
//! - **自评** — 项目支出绩效自评表 (10号 附件1): the budget block (项目资金（万元）| 年初预算数 |
//!   全年预算数 | 全年执行数 | 分值 | 执行率 | 得分; 年度资金总额 as the `SUM` of its 其中 rows,
//!   执行率 and 得分 as formulas following the configured `budget_score`), 年度总体目标, and the
//!   绩效指标 rows 产出指标(50分) / 效益指标(30分) / 满意度指标(10分), with a drop-down of the
//!   three qualitative labels on 实际完成值.
//!
//! Both: input cells are unlocked and everything else is protected (sheet protection without a
//! password, so a county can still change the form), formulas carry cached results (a blank
//! form shows empty totals, not 0), 宋体, borders, widths for Chinese, A4 landscape one page wide,
//! the header repeated on every page, and a 填表说明 sheet. The output is deterministic.
//!
//! Decisions:
//! - 扣分情况 (评价) is a formula, `=IF(得分="","",ROUND(分值-得分,2))`: the department enters the
//!   score, the deduction follows, so C203 cannot happen on a template.
//! - Totals and the grade are empty until a score is entered (`IF(COUNT(…)=0,"",…)`): a blank
//!   form has no total, and `jixiao check` on it reports only the missing scores (C201).
//! - In the 自评 form the 三级指标 names, 年度指标值 and 分值 are inputs too (10号: 二、三级指标由
//!   单位根据项目实际确定); the level1 weights are fixed in their names.
//!
//! Files: this one holds the entry points ([`template_workbook`], [`template_workbook_filled`]),
//! `build` and the helpers the sheets share (writing an input cell, merging level cells, cached
//! results); one file per sheet — `evaluation` (绩效评价表), `self_form` (绩效自评表),
//! `instructions` (填表说明) — each written by small steps that take the row they start at and
//! return the next; `formulas` builds the Excel formulas and `page` holds the row heights,
//! protection and page setup. The formats are `TemplateStyles`, in `write::style` with the
//! other workbooks'.

mod evaluation;
mod formulas;
mod instructions;
mod page;
mod self_form;

use super::style::TemplateStyles;
use super::BuildError;
use crate::config::Config;
use crate::text::fmt_dec;
use evaluation::evaluation_sheet;
use instructions::instructions_sheet;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError,
};
use self_form::self_sheet;

/// The 2020 framework this template hands out; it lives in [`crate::framework`] and is
/// re-exported here so that `write::template::EVALUATION_INDICATORS` and the like keep working.
pub use crate::framework::{
    Indicator, BUDGET_WEIGHT, EVALUATION_INDICATORS, QUALITATIVE_LABELS, SELF_INDICATORS,
};

/// Which blank workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// 项目支出绩效评价表 (财政评价 / 部门评价).
    #[value(name = "评价", alias = "evaluation")]
    Evaluation,
    /// 项目支出绩效自评表 (单位自评).
    #[value(name = "自评", alias = "self")]
    SelfEvaluation,
}

impl Kind {
    /// The default output file name.
    pub fn default_file_name(self) -> &'static str {
        match self {
            Kind::Evaluation => "绩效评价表.xlsx",
            Kind::SelfEvaluation => "绩效自评表.xlsx",
        }
    }
}

/// What to write into the input cells: `fill(row, column)` → the value as typed. `row` is the
/// 三级指标 name of an indicator row, the label of a fact (`项目名称`, `主管部门`, `实施单位`,
/// `预算金额`, `实际支出`, `评价年度`; column `""`) or of a budget row (`本年财政拨款`,
/// `上年结转资金`, `其他资金`; column `年初预算数` / `全年预算数` / `全年执行数`); `column` the
/// column title. Numbers are written as numbers. The formulas' cached results follow the values.
pub type Fill<'a> = &'a dyn Fn(&str, &str) -> Option<String>;

/// The blank workbook of a kind, as `.xlsx` bytes.
///
/// # Errors
/// A [`BuildError`] if the workbook cannot be built (a bug).
pub fn template_workbook(kind: Kind, cfg: &Config) -> Result<Vec<u8>, BuildError> {
    template_workbook_filled(kind, cfg, &|_, _| None)
}

/// The workbook of a kind with its input cells filled in by `fill` (as a department would,
/// with the formulas' results recomputed): used to test that a filled-in template reads back.
///
/// # Errors
/// A [`BuildError`] if the workbook cannot be built (a bug).
pub fn template_workbook_filled(
    kind: Kind,
    cfg: &Config,
    fill: Fill,
) -> Result<Vec<u8>, BuildError> {
    build(kind, cfg, fill).map_err(|e| BuildError::xlsx("模板", e))
}

/// Writes an input cell: a number if the value is one, else text, else a blank.
fn put(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    value: Option<String>,
    format: &Format,
) -> Result<(), XlsxError> {
    match value {
        Some(v) => match v.trim().parse::<f64>() {
            Ok(n) => ws.write_number_with_format(r, c, n, format)?,
            Err(_) => ws.write_string_with_format(r, c, v, format)?,
        },
        None => ws.write_blank(r, c, format)?,
    };
    Ok(())
}

/// The number an input value stands for, if it is one.
fn dec_of(v: &Option<String>) -> Option<Decimal> {
    v.as_deref().and_then(|t| t.trim().parse::<Decimal>().ok())
}

/// A cached formula result: the decimal rounded as the config rounds, or empty.
fn cached(d: Option<Decimal>, cfg: &Config) -> String {
    d.map(|d| fmt_dec(cfg.round(d))).unwrap_or_default()
}

/// The workbook of a kind: its form, then its 填表说明, with fixed document properties (the
/// creation date too) so that the bytes are the same on every run.
fn build(kind: Kind, cfg: &Config, fill: Fill) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let title = match kind {
        Kind::Evaluation => "项目支出绩效评价表",
        Kind::SelfEvaluation => "项目支出绩效自评表",
    };
    wb.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("jixiao")
            .set_comment("jixiao template 生成的空白模板")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2020, 1, 1)?),
    );
    let s = TemplateStyles::new();
    match kind {
        Kind::Evaluation => evaluation_sheet(wb.add_worksheet(), &s, cfg, fill)?,
        Kind::SelfEvaluation => self_sheet(wb.add_worksheet(), &s, cfg, fill)?,
    }
    instructions_sheet(wb.add_worksheet(), &s, kind, cfg)?;
    wb.save_to_buffer()
}

/// Merges `first..=last` rows of a level column where consecutive names are equal (a 二级
/// never crosses a 一级 boundary), writing each name once.
fn merged_levels(
    ws: &mut Worksheet,
    top: u32,
    col: u16,
    names: &[(String, String)],
    format: &Format,
) -> Result<(), XlsxError> {
    let mut start = 0;
    for i in 1..=names.len() {
        if i == names.len() || names[i] != names[start] {
            let (r0, r1) = (top + start as u32, top + i as u32 - 1);
            let name = &names[start].1;
            if r1 > r0 {
                ws.merge_range(r0, col, r1, col, name, format)?;
            } else {
                ws.write_string_with_format(r0, col, name, format)?;
            }
            start = i;
        }
    }
    Ok(())
}

/// A hint on input cells: any value is allowed, and selecting a cell shows `title` and `message`.
fn hint(title: &str, message: &str) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_any_value()
        .set_input_title(title)?
        .set_input_message(message)
}

/// The line for signatures and the date under a form, merged across columns `0..=last_col`.
fn signature_line(
    ws: &mut Worksheet,
    s: &TemplateStyles,
    row: u32,
    last_col: u16,
    text: &str,
) -> Result<(), XlsxError> {
    ws.merge_range(row, 0, row, last_col, text, &s.note)?;
    Ok(())
}
