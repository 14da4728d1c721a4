//! Shared helpers of the integration tests: a small builder of indicator workbooks (written
//! with rust_xlsxwriter, as a department's program would) and runners of the real `jixiao`
//! binary that return its exit status and parsed JSON report.
//!
//! A sheet is a list of lines, top to bottom, one Excel row each (a two-row header takes two):
//!
//! ```text
//! Sheet::new("评分表")
//!     .title("XX项目支出绩效评价表")          // row 1, merged across the table
//!     .fact("主管部门", "县财政局")            // row 2: label cell, value cell
//!     .header(&["一级指标", …])               // row 3
//!     .row(&["决策(10)", "项目立项(10分)", …]) // rows 4…
//!     .total(&["合计", "", …])                 // the 合计 row; 合计 merged over the empty cells after it
//!     .below("评定等级：优")                   // a one-cell line under the table
//! ```
//!
//! Cell strings are written the way they look: `"10"` / `"9.4"` as numbers, anything else as
//! text; `"'10"` forces text (`10` stored as a string); `"=F5+F6 -> 20"` is a formula with the
//! cached result `20` (`-> #DIV/0!` stores an error value), and `"=F5+F6"` a formula whose
//! cached result is an empty string (rust_xlsxwriter cannot leave the result out altogether).
//! `""` leaves the cell empty.
//!
//! With `merge_level_cells(true)` equal consecutive 一级指标/二级指标 cells of the data rows are
//! merged vertically, as in real workbooks (a 二级指标 never merges across a 一级指标 boundary).

#![allow(dead_code)]

pub mod real_texts;
pub mod xlsx;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Formula, Workbook, Worksheet};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The columns of the evaluation table (项目支出绩效评价表) used by [`clean_table`].
pub const HEADER: [&str; 8] = [
    "一级指标",
    "二级指标",
    "三级指标",
    "评价标准",
    "指标分值",
    "评价得分",
    "扣分情况",
    "扣分原因",
];

#[derive(Debug, Clone)]
enum Line {
    Blank,
    Title(String),
    Text(String),
    Fact(String, String),
    Header(Vec<String>),
    Header2(Vec<String>, Vec<String>),
    Row(Vec<String>),
    Total(Vec<String>),
}

impl Line {
    fn height(&self) -> u32 {
        match self {
            Line::Header2(..) => 2,
            _ => 1,
        }
    }
}

/// One worksheet under construction.
#[derive(Debug, Clone)]
pub struct Sheet {
    name: String,
    lines: Vec<Line>,
    merge_levels: bool,
    hidden: bool,
}

fn owned(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

impl Sheet {
    /// An empty visible sheet.
    pub fn new(name: &str) -> Sheet {
        Sheet {
            name: name.to_string(),
            lines: Vec::new(),
            merge_levels: false,
            hidden: false,
        }
    }

    /// The sheet name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A title line, merged across the width of the table.
    pub fn title(mut self, text: &str) -> Sheet {
        self.lines.push(Line::Title(text.into()));
        self
    }

    /// A line merged across the width of the table (a note inside or under the table).
    pub fn note(mut self, text: &str) -> Sheet {
        self.lines.push(Line::Title(text.into()));
        self
    }

    /// A fact line: label in column A, value in column B.
    pub fn fact(mut self, label: &str, value: &str) -> Sheet {
        self.lines.push(Line::Fact(label.into(), value.into()));
        self
    }

    /// A line with one text cell in column A (above or below the table).
    pub fn line(mut self, text: &str) -> Sheet {
        self.lines.push(Line::Text(text.into()));
        self
    }

    /// A line under the table, such as `评定等级：优` (same as [`Sheet::line`]).
    pub fn below(self, text: &str) -> Sheet {
        self.line(text)
    }

    /// `n` empty rows.
    pub fn blank(mut self, n: usize) -> Sheet {
        for _ in 0..n {
            self.lines.push(Line::Blank);
        }
        self
    }

    /// A one-row header.
    pub fn header(mut self, cells: &[&str]) -> Sheet {
        self.lines.push(Line::Header(owned(cells)));
        self
    }

    /// A two-row header. A top cell over an empty bottom cell is merged down over both rows;
    /// a top cell followed by empty top cells is merged across them (a parent such as 扣分情况
    /// over 扣分 / 扣分原因).
    pub fn header2(mut self, top: &[&str], bottom: &[&str]) -> Sheet {
        self.lines.push(Line::Header2(owned(top), owned(bottom)));
        self
    }

    /// An indicator row.
    pub fn row(mut self, cells: &[&str]) -> Sheet {
        self.lines.push(Line::Row(owned(cells)));
        self
    }

    /// The 合计 row.
    pub fn total(mut self, cells: &[&str]) -> Sheet {
        self.lines.push(Line::Total(owned(cells)));
        self
    }

    /// Merge equal consecutive level1/level2 cells of the data rows vertically.
    pub fn merge_level_cells(mut self, on: bool) -> Sheet {
        self.merge_levels = on;
        self
    }

    /// Hide the sheet.
    pub fn hidden(mut self) -> Sheet {
        self.hidden = true;
        self
    }

    /// Rename the sheet.
    pub fn named(mut self, name: &str) -> Sheet {
        self.name = name.to_string();
        self
    }

    // ---- editing a built table ----------------------------------------------------------

    /// The column titles of the (last) header: for a two-row header, the bottom title where
    /// there is one, else the top one.
    pub fn columns(&self) -> Vec<String> {
        let mut cols = Vec::new();
        for line in &self.lines {
            match line {
                Line::Header(c) => cols = c.clone(),
                Line::Header2(top, bottom) => {
                    let width = top.len().max(bottom.len());
                    cols = (0..width)
                        .map(|i| {
                            let b = bottom.get(i).cloned().unwrap_or_default();
                            if b.is_empty() {
                                top.get(i).cloned().unwrap_or_default()
                            } else {
                                b
                            }
                        })
                        .collect();
                }
                _ => {}
            }
        }
        cols
    }

    /// The zero-based column of a header title. Panics when the header lacks it.
    pub fn col(&self, title: &str) -> usize {
        self.columns()
            .iter()
            .position(|c| c == title)
            .unwrap_or_else(|| panic!("no column {title} in {:?}", self.columns()))
    }

    fn line_rows(&self) -> Vec<u32> {
        let mut rows = Vec::with_capacity(self.lines.len());
        let mut r = 0;
        for line in &self.lines {
            rows.push(r);
            r += line.height();
        }
        rows
    }

    fn data_line(&self, i: usize) -> usize {
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, l)| matches!(l, Line::Row(_)))
            .nth(i)
            .map(|(k, _)| k)
            .unwrap_or_else(|| panic!("no data row {i}"))
    }

    fn total_line(&self) -> usize {
        self.lines
            .iter()
            .position(|l| matches!(l, Line::Total(_)))
            .expect("no total row")
    }

    fn cells_mut(&mut self, line: usize) -> &mut Vec<String> {
        match &mut self.lines[line] {
            Line::Row(c) | Line::Total(c) => c,
            _ => panic!("line {line} is not a row"),
        }
    }

    fn put(&mut self, line: usize, col: usize, value: &str) {
        let cells = self.cells_mut(line);
        if cells.len() <= col {
            cells.resize(col + 1, String::new());
        }
        cells[col] = value.to_string();
    }

    fn get(&self, line: usize, col: usize) -> String {
        match &self.lines[line] {
            Line::Row(c) | Line::Total(c) => c.get(col).cloned().unwrap_or_default(),
            _ => String::new(),
        }
    }

    /// Sets the cell of data row `i` (zero-based) in the column titled `title`.
    pub fn set(mut self, i: usize, title: &str, value: &str) -> Sheet {
        let (line, col) = (self.data_line(i), self.col(title));
        self.put(line, col, value);
        self
    }

    /// Sets the cell of the 合计 row in the column titled `title`.
    pub fn set_total(mut self, title: &str, value: &str) -> Sheet {
        let (line, col) = (self.total_line(), self.col(title));
        self.put(line, col, value);
        self
    }

    /// The value of data row `i` in the column titled `title`, as written.
    pub fn value(&self, i: usize, title: &str) -> String {
        self.get(self.data_line(i), self.col(title))
    }

    /// Replaces every data-row cell equal to `old` by `new` (e.g. a level name).
    pub fn replace(mut self, old: &str, new: &str) -> Sheet {
        for line in &mut self.lines {
            if let Line::Row(cells) = line {
                for c in cells.iter_mut().filter(|c| *c == old) {
                    *c = new.to_string();
                }
            }
        }
        self
    }

    /// Empties every 一级指标/二级指标 cell that repeats the one above it (continuation rows
    /// left empty, the other common way of writing groups).
    pub fn blank_level_continuations(mut self) -> Sheet {
        let level_cols: Vec<usize> = ["一级指标", "二级指标"]
            .iter()
            .filter_map(|t| self.columns().iter().position(|c| c == t))
            .collect();
        for col in level_cols {
            let mut previous: Option<String> = None;
            for line in &mut self.lines {
                match line {
                    Line::Row(cells) => {
                        let current = cells.get(col).cloned().unwrap_or_default();
                        if previous.as_deref() == Some(current.as_str()) && !current.is_empty() {
                            cells[col].clear();
                        }
                        previous = Some(current);
                    }
                    _ => previous = None,
                }
            }
        }
        self
    }

    /// Data row `i` loses points: score `score`, deduction = weight − score, reason `reason`;
    /// the 合计 row is recomputed.
    pub fn deduct(self, i: usize, score: &str, reason: &str) -> Sheet {
        let weight = dec(&self.value(i, "指标分值"));
        let deduction = weight - dec(score);
        self.set(i, "评价得分", score)
            .set(i, "扣分情况", &deduction.normalize().to_string())
            .set(i, "扣分原因", reason)
            .recompute_total()
    }

    /// Sets the 合计 row's 指标分值, 评价得分 and 扣分情况 to the sums of the data rows.
    pub fn recompute_total(mut self) -> Sheet {
        let total = self.total_line();
        for title in ["指标分值", "评价得分", "扣分情况"] {
            let Some(col) = self.columns().iter().position(|c| c == title) else {
                continue;
            };
            let sum: Decimal = self
                .lines
                .iter()
                .filter_map(|l| match l {
                    Line::Row(c) => c.get(col).map(|s| dec_or_zero(s)),
                    _ => None,
                })
                .sum();
            self.put(total, col, &sum.normalize().to_string());
        }
        self
    }

    // ---- where things are ---------------------------------------------------------------

    /// The A1 name of data row `i`'s cell in the column titled `title`.
    pub fn cell(&self, i: usize, title: &str) -> String {
        let row = self.line_rows()[self.data_line(i)];
        a1(row, self.col(title) as u32)
    }

    /// The A1 name of the 合计 row's cell in the column titled `title`.
    pub fn total_cell(&self, title: &str) -> String {
        let row = self.line_rows()[self.total_line()];
        a1(row, self.col(title) as u32)
    }

    /// The A1 name of column A of the last line (e.g. a `below(…)` line just added).
    pub fn last_line_cell(&self) -> String {
        let rows = self.line_rows();
        a1(*rows.last().expect("empty sheet"), 0)
    }

    /// The 1-based Excel row of data row `i`.
    pub fn excel_row(&self, i: usize) -> u32 {
        self.line_rows()[self.data_line(i)] + 1
    }

    // ---- writing ------------------------------------------------------------------------

    fn width(&self) -> u16 {
        self.lines
            .iter()
            .map(|l| match l {
                Line::Header(c) | Line::Row(c) | Line::Total(c) => c.len(),
                Line::Header2(t, b) => t.len().max(b.len()),
                Line::Fact(..) => 2,
                _ => 1,
            })
            .max()
            .unwrap_or(1) as u16
    }

    /// The vertical merges of the level columns: (top row, bottom row, column), zero-based.
    fn level_merges(&self) -> Vec<(u32, u32, u16)> {
        if !self.merge_levels {
            return Vec::new();
        }
        let cols = self.columns();
        let l1 = cols.iter().position(|c| c == "一级指标");
        let l2 = cols.iter().position(|c| c == "二级指标");
        let rows = self.line_rows();
        let mut merges = Vec::new();
        for (col, parent) in [(l1, None), (l2, l1)] {
            let Some(col) = col else { continue };
            // (start row, text, parent text) of the open run, and its last row.
            let mut run: Option<(u32, String, String, u32)> = None;
            let mut close = |run: &mut Option<(u32, String, String, u32)>| {
                if let Some((top, _, _, bottom)) = run.take() {
                    if bottom > top {
                        merges.push((top, bottom, col as u16));
                    }
                }
            };
            for (k, line) in self.lines.iter().enumerate() {
                let Line::Row(cells) = line else {
                    close(&mut run);
                    continue;
                };
                let text = cells.get(col).cloned().unwrap_or_default();
                let parent_text = parent
                    .and_then(|p| cells.get(p).cloned())
                    .unwrap_or_default();
                let row = rows[k];
                match &mut run {
                    Some((_, t, p, bottom))
                        if !text.is_empty() && *t == text && *p == parent_text =>
                    {
                        *bottom = row;
                    }
                    _ => {
                        close(&mut run);
                        if !text.is_empty() {
                            run = Some((row, text, parent_text, row));
                        }
                    }
                }
            }
            close(&mut run);
        }
        merges
    }

    fn write_into(&self, ws: &mut Worksheet) {
        ws.set_name(&self.name).expect("sheet name");
        // A formula written without ` -> result` is saved with an empty cached result.
        ws.set_formula_result_default("");
        if self.hidden {
            ws.set_hidden(true);
        }
        let plain = Format::new();
        let rows = self.line_rows();
        let width = self.width();
        let level_merges = self.level_merges();
        let covered = |row: u32, col: u16| {
            level_merges
                .iter()
                .any(|&(t, b, c)| c == col && row > t && row <= b)
        };
        for &(top, bottom, col) in &level_merges {
            let k = rows.iter().position(|&r| r == top).expect("row");
            let text = self.get(k, col as usize);
            ws.merge_range(top, col, bottom, col, &text, &plain)
                .expect("merge levels");
        }
        for (line, &row) in self.lines.iter().zip(&rows) {
            match line {
                Line::Blank => {}
                Line::Title(t) => {
                    if width > 1 {
                        ws.merge_range(row, 0, row, width - 1, t, &plain)
                            .expect("merge title");
                    } else {
                        write_cell(ws, row, 0, t);
                    }
                }
                Line::Text(t) => write_cell(ws, row, 0, t),
                Line::Fact(label, value) => {
                    write_cell(ws, row, 0, label);
                    write_cell(ws, row, 1, value);
                }
                Line::Header(cells) => {
                    for (c, s) in cells.iter().enumerate() {
                        write_cell(ws, row, c as u16, s);
                    }
                }
                Line::Header2(top, bottom) => write_header2(ws, row, top, bottom),
                Line::Row(cells) => {
                    for (c, s) in cells.iter().enumerate() {
                        let c = c as u16;
                        if !covered(row, c)
                            && !level_merges.iter().any(|&(t, _, mc)| mc == c && t == row)
                        {
                            write_cell(ws, row, c, s);
                        }
                    }
                }
                Line::Total(cells) => {
                    // 合计 merged over the empty cells after it, as in real workbooks.
                    let span = cells.iter().skip(1).take_while(|s| s.is_empty()).count() as u16;
                    let span = span.min((cells.len() as u16).saturating_sub(2));
                    let first = cells.first().cloned().unwrap_or_default();
                    if span > 0 && !first.is_empty() {
                        ws.merge_range(row, 0, row, span, &first, &plain)
                            .expect("merge total");
                    } else {
                        write_cell(ws, row, 0, &first);
                    }
                    for (c, s) in cells.iter().enumerate().skip(1) {
                        write_cell(ws, row, c as u16, s);
                    }
                }
            }
        }
    }

    /// Writes a workbook holding only this sheet to `dir/file` and returns its path.
    pub fn write(&self, dir: &Path, file: &str) -> PathBuf {
        Book::new().sheet(self.clone()).write(dir, file)
    }
}

fn write_header2(ws: &mut Worksheet, row: u32, top: &[String], bottom: &[String]) {
    let plain = Format::new();
    let width = top.len().max(bottom.len());
    let at = |v: &[String], i: usize| v.get(i).cloned().unwrap_or_default();
    let mut c = 0;
    while c < width {
        let t = at(top, c);
        let b = at(bottom, c);
        if !t.is_empty() && b.is_empty() {
            ws.merge_range(row, c as u16, row + 1, c as u16, &t, &plain)
                .expect("merge header down");
            c += 1;
            continue;
        }
        if !t.is_empty() {
            let span = (c + 1..width)
                .take_while(|&k| at(top, k).is_empty() && !at(bottom, k).is_empty())
                .count();
            if span > 0 {
                ws.merge_range(row, c as u16, row, (c + span) as u16, &t, &plain)
                    .expect("merge header across");
            } else {
                write_cell(ws, row, c as u16, &t);
            }
            for k in c..=c + span {
                write_cell(ws, row + 1, k as u16, &at(bottom, k));
            }
            c += span + 1;
            continue;
        }
        write_cell(ws, row + 1, c as u16, &b);
        c += 1;
    }
}

/// Writes one cell the way it looks (see the module doc).
fn write_cell(ws: &mut Worksheet, row: u32, col: u16, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(text) = s.strip_prefix('\'') {
        ws.write_string(row, col, text).expect("write text");
    } else if let Some(formula) = s.strip_prefix('=') {
        let formula = match formula.split_once(" -> ") {
            Some((f, result)) => Formula::new(f.trim()).set_result(result.trim()),
            None => Formula::new(formula.trim()),
        };
        ws.write_formula(row, col, formula).expect("write formula");
    } else if looks_numeric(s) {
        ws.write_number(row, col, s.parse::<f64>().expect("number"))
            .expect("write number");
    } else {
        ws.write_string(row, col, s).expect("write text");
    }
}

fn looks_numeric(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        && s.parse::<f64>().is_ok()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s.trim_start_matches('\'')).unwrap_or_else(|_| panic!("not a number: {s}"))
}

fn dec_or_zero(s: &str) -> Decimal {
    Decimal::from_str(s.trim_start_matches('\'')).unwrap_or(Decimal::ZERO)
}

/// Zero-based (row, column) of an A1 name: the inverse of [`a1`].
pub fn a1_pos(a1: &str) -> (u32, u32) {
    let letters: String = a1.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let col = letters
        .chars()
        .fold(0u32, |n, c| n * 26 + (c as u32 - 'A' as u32 + 1));
    let row: u32 = a1[letters.len()..].parse().expect("row number");
    (row - 1, col - 1)
}

/// A1 name of a zero-based (row, column).
pub fn a1(row: u32, col: u32) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        letters.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8(letters).unwrap(), row + 1)
}

/// A workbook of several sheets.
#[derive(Debug, Clone, Default)]
pub struct Book {
    sheets: Vec<Sheet>,
}

impl Book {
    /// An empty workbook.
    pub fn new() -> Book {
        Book::default()
    }

    /// Adds a sheet.
    pub fn sheet(mut self, sheet: Sheet) -> Book {
        self.sheets.push(sheet);
        self
    }

    /// Writes the workbook to `dir/file` (creating folders) and returns its path.
    pub fn write(&self, dir: &Path, file: &str) -> PathBuf {
        let path = dir.join(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        let mut wb = Workbook::new();
        // rust_xlsxwriter keeps the active sheet visible: make the first visible sheet active
        // so that a hidden first sheet stays hidden.
        let active = self.sheets.iter().position(|s| !s.hidden);
        for (k, sheet) in self.sheets.iter().enumerate() {
            let ws = wb.add_worksheet();
            sheet.write_into(ws);
            if Some(k) == active {
                ws.set_active(true);
            }
        }
        wb.save(&path).expect("save workbook");
        path
    }
}

/// A valid 100-point evaluation table (决策 10 / 过程 30 / 产出 30 / 效益 30) that checks with
/// no diagnostic at all: two indicators lose points, with consistent deductions and reasons.
///
/// Layout: title row 1, facts rows 2–3, header row 4 (columns A–H as [`HEADER`]), data rows
/// 5–14 (index 0–9), 合计 row 15 (100 / 98.4 / 1.6).
///
/// | i | 一级 | 二级 | 三级 | 分值 | 得分 |
/// |---|---|---|---|---|---|
/// | 0 | 决策(10) | 项目立项(6分) | 立项依据充分性 | 3 | 3 |
/// | 1 | 决策(10) | 项目立项(6分) | 立项程序规范性 | 3 | 3 |
/// | 2 | 决策(10) | 资金投入(4分) | 预算编制科学性 | 4 | 4 |
/// | 3 | 过程(30) | 资金管理(20分) | 资金到位率 | 10 | 10 |
/// | 4 | 过程(30) | 资金管理(20分) | 预算执行率 | 10 | 10 |
/// | 5 | 过程(30) | 组织实施(10分) | 管理制度健全性 | 10 | 10 |
/// | 6 | 产出(30) | 产出数量(15分) | 实际完成率 | 15 | 15 |
/// | 7 | 产出(30) | 产出质量(15分) | 质量达标率 | 15 | 14 (扣 1) |
/// | 8 | 效益(30) | 社会效益(20分) | 服务对象覆盖率 | 20 | 20 |
/// | 9 | 效益(30) | 满意度(10分) | 服务对象满意度 | 10 | 9.4 (扣 0.6) |
#[rustfmt::skip]
pub fn clean_table() -> Sheet {
    Sheet::new("评分表")
        .title("XX县2024年平台运维项目支出绩效评价表")
        .fact("主管部门", "县财政局")
        .fact("项目名称", "平台运维项目")
        .header(&HEADER)
        .row(&["决策(10)", "项目立项(6分)", "立项依据充分性",
               "①符合法律法规②符合发展规划③与部门职责相符，一项不符合扣1分",
               "3", "3", "", ""])
        .row(&["决策(10)", "项目立项(6分)", "立项程序规范性",
               "①按规定程序申请设立②审批文件符合要求，一项不符合扣1.5分",
               "3", "3", "", ""])
        .row(&["决策(10)", "资金投入(4分)", "预算编制科学性",
               "①预算编制经过论证②预算内容与项目内容匹配，一项不符合扣2分",
               "4", "4", "", ""])
        .row(&["过程(30)", "资金管理(20分)", "资金到位率",
               "资金到位率100%得满分，每降低1个百分点扣0.5分，扣完为止",
               "10", "10", "", ""])
        .row(&["过程(30)", "资金管理(20分)", "预算执行率",
               "预算执行率100%得满分，每降低1个百分点扣0.5分，扣完为止",
               "10", "10", "", ""])
        .row(&["过程(30)", "组织实施(10分)", "管理制度健全性",
               "健全的得10分,基本健全的得6分,不健全的不得分",
               "10", "10", "", ""])
        .row(&["产出(30)", "产出数量(15分)", "实际完成率",
               "计划建设内容完成100%的得15分,每减少1个百分点扣1分",
               "15", "15", "", ""])
        .row(&["产出(30)", "产出质量(15分)", "质量达标率",
               "未通过验收一项扣0.5分，扣完为止",
               "15", "14", "1", "2项成果未通过验收，扣1分"])
        .row(&["效益(30)", "社会效益(20分)", "服务对象覆盖率",
               "覆盖率100%得满分，每降低1个百分点扣1分",
               "20", "20", "", ""])
        .row(&["效益(30)", "满意度(10分)", "服务对象满意度",
               "满意度≥90%得满分，每低1个百分点扣0.3分",
               "10", "9.4", "0.6", "满意度88%，低于90%标准2个百分点，扣0.6分"])
        .total(&["合计", "", "", "", "100", "98.4", "1.6", ""])
}

/// A temporary folder, removed when dropped.
pub fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

// ---- running the binary ---------------------------------------------------------------------

/// The `jixiao` command of this build.
pub fn jixiao() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("jixiao").expect("binary jixiao")
}

/// What a run printed.
#[derive(Debug)]
pub struct Run {
    /// Exit status.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `jixiao ARGS…` and captures everything.
pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = jixiao().args(args).output().expect("run jixiao");
    Run {
        code: out
            .status
            .code()
            .expect("exit code (not killed by a signal)"),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

/// `jixiao run INPUT -o OUT -q`.
pub fn run_quietly(input: &Path, out: &Path) -> Run {
    run([
        std::ffi::OsStr::new("run"),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "-q".as_ref(),
    ])
}

/// `jixiao check --format json PATH`: exit status and the parsed report.
pub fn check_json(path: &Path) -> (i32, Value) {
    check_json_args(&[path.as_os_str()])
}

/// `jixiao check --format json ARGS…`: exit status and the parsed report.
pub fn check_json_args<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> (i32, Value) {
    let mut all: Vec<std::ffi::OsString> = vec!["check".into(), "--format".into(), "json".into()];
    all.extend(args.iter().map(|a| a.as_ref().to_os_string()));
    let r = run(&all);
    let report: Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); status {}\nstdout:\n{}\nstderr:\n{}",
            r.code, r.stdout, r.stderr
        )
    });
    assert!(
        !r.stderr.contains("panicked"),
        "jixiao panicked:\n{}",
        r.stderr
    );
    (r.code, report)
}

/// One diagnostic of a report, flattened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The file's report path.
    pub path: String,
    /// The project's sheet, `None` for file-level diagnostics.
    pub sheet: Option<String>,
    /// `C203` …
    pub code: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// A1 cell or `None`.
    pub cell: Option<String>,
    /// The indicator, if any.
    pub indicator: Option<String>,
    /// The message.
    pub message: String,
}

fn found(path: &str, sheet: Option<&str>, d: &Value) -> Found {
    let s = |k: &str| d[k].as_str().map(str::to_string);
    Found {
        path: path.to_string(),
        sheet: sheet.map(str::to_string),
        code: s("code").expect("code"),
        severity: s("severity").expect("severity"),
        cell: s("cell"),
        indicator: s("indicator"),
        message: s("message").expect("message"),
    }
}

/// Every diagnostic of a report except R305, in report order.
///
/// R305 (“rule understood, inputs missing, not recomputed”) is an info that every deducted
/// row of a table without 实际完成值/不符合项 columns carries; the structural tests here are
/// about other codes. `all_diagnostics` keeps it, and `tests/rules.rs` tests it.
pub fn diagnostics(report: &Value) -> Vec<Found> {
    all_diagnostics(report)
        .into_iter()
        .filter(|d| d.code != "R305")
        .collect()
}

/// Every diagnostic of a report: file-level and project-level, in report order.
pub fn all_diagnostics(report: &Value) -> Vec<Found> {
    let mut out = Vec::new();
    for f in report["files"].as_array().expect("files") {
        let path = f["path"].as_str().unwrap_or_default();
        for d in f["diagnostics"].as_array().expect("file diagnostics") {
            out.push(found(path, None, d));
        }
        for p in f["projects"].as_array().expect("projects") {
            let sheet = p["sheet"].as_str();
            for d in p["diagnostics"].as_array().expect("project diagnostics") {
                out.push(found(path, sheet, d));
            }
        }
    }
    out
}

/// `(code, cell)` of every diagnostic of a report, sorted (cell `-` when null).
pub fn code_cells(report: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = diagnostics(report)
        .into_iter()
        .map(|d| (d.code, d.cell.unwrap_or_else(|| "-".into())))
        .collect();
    v.sort();
    v
}

/// The codes of a report, sorted, duplicates kept.
pub fn codes(report: &Value) -> Vec<String> {
    let mut v: Vec<String> = diagnostics(report).into_iter().map(|d| d.code).collect();
    v.sort();
    v
}

/// The only diagnostic with `code`; panics (showing the report's diagnostics) otherwise.
pub fn only(report: &Value, code: &str) -> Found {
    let all = diagnostics(report);
    let matching: Vec<&Found> = all.iter().filter(|d| d.code == code).collect();
    assert_eq!(
        matching.len(),
        1,
        "expected exactly one {code}, got:\n{:#?}",
        all
    );
    matching[0].clone()
}

/// The diagnostic with `code` at `cell`; panics (showing the report's diagnostics) otherwise.
pub fn at(report: &Value, code: &str, cell: &str) -> Found {
    let all = diagnostics(report);
    all.iter()
        .find(|d| d.code == code && d.cell.as_deref() == Some(cell))
        .cloned()
        .unwrap_or_else(|| panic!("no {code} at {cell}; diagnostics:\n{all:#?}"))
}

/// Writes `sheet` to a temporary folder and checks it: (status, report, the folder guard).
pub fn check_sheet(sheet: &Sheet) -> (i32, Value, tempfile::TempDir) {
    let dir = tmp();
    let path = sheet.write(dir.path(), "评价表.xlsx");
    let (code, report) = check_json(&path);
    (code, report, dir)
}

/// The first project of the first file.
pub fn project(report: &Value) -> &Value {
    &report["files"][0]["projects"][0]
}

/// `(level1, level2, level3)` of every indicator of the first project.
pub fn tree(report: &Value) -> Vec<(String, String, String)> {
    project(report)["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .map(|i| {
            let s = |k: &str| i[k].as_str().unwrap_or_default().to_string();
            (s("level1"), s("level2"), s("level3"))
        })
        .collect()
}

// ---- the seed table (seeds/000_14069cec515ef4d6.txt) ----------------------------------------

/// One indicator of the seed report's table, every text as in the seed.
pub struct SeedRow {
    /// 一级指标 (repeated on every row; merged by [`seed_table`]).
    pub level1: &'static str,
    /// 二级指标.
    pub level2: &'static str,
    /// 三级指标, with its weight in the name as the seed writes it.
    pub level3: &'static str,
    /// 指标解释.
    pub explanation: &'static str,
    /// 评价标准, line breaks included.
    pub criterion: &'static str,
    /// 指标分值.
    pub weight: &'static str,
    /// 评价得分.
    pub score: &'static str,
    /// 扣分情况 (`""` where the seed leaves it empty).
    pub deduction: &'static str,
    /// 扣分原因.
    pub reason: &'static str,
    /// A 实际完成值 consistent with the filed score (`""`: none applies).
    pub actual: &'static str,
    /// A 不符合项 consistent with the filed score (`""`: none applies).
    pub failed: &'static str,
}

/// The 21 indicators of the seed report (富民县财政局 2024 平台运维项目: 100 / 95.4 / 优), with a
/// 实际完成值 and a 不符合项 that agree with the filed scores: every full-score checklist says
/// `无`, 绩效指标明确性 lost item ③, 完成数量 one item, 质量达标率 no failed acceptance, the
/// rates are 100% / 100% / 95.52%, the degrees of achievement 100%, 满意度 88%.
#[rustfmt::skip]
pub const SEED_ROWS: [SeedRow; 21] = [
    SeedRow { level1: "决策(10)", level2: "项目立项(7分)", level3: "项目立项规范性（1分）",
        explanation: "项目的申请、设立过程是否符合相关要求，用以反映和考核项目立项的规范情况。",
        criterion: "①项目是否按照规定的程序申请设立；\n②文件、材料是否符合相关要求；\n③事前是否已经过必要的可行性研究、专家论证、风险评估、集体决策等。\n一项不符合扣0.5分，严重的此项完全不得分。",
        weight: "1", score: "1", deduction: "", reason: "", actual: "", failed: "无" },
    SeedRow { level1: "决策(10)", level2: "项目立项(7分)", level3: "绩效目标合理性（2分）",
        explanation: "项目所设定的绩效目标是否依据充分，是否符合客观实际，用以反映和考核项目绩效目标与项目实施的相符情况。",
        criterion: "①是否符合国家相关法律法规、国民经济发展规划和党委政府决策；\n②是否与项目实施单位或委托单位职责密切相关；\n③项目是否为促进事业发展所必需；\n④项目预期产出效益和效果是否符合正常的业绩水平。\n一项不符合扣0.5分，严重的此项完全不得分。",
        weight: "2", score: "2", deduction: "", reason: "", actual: "", failed: "无" },
    SeedRow { level1: "决策(10)", level2: "项目立项(7分)", level3: "绩效指标明确性（4分）",
        explanation: "依据绩效目标设定的绩效指标是否清晰、细化、可衡量等，用以反映和考核项目绩效目标的明细化情况。",
        criterion: "①是否将项目绩效目标细化分解为具体的绩效指标；\n②是否通过清晰、可衡量的指标值予以体现；\n③是否与项目年度任务数或计划数相对应；\n④是否与预算确定的项目投资额或资金量相匹配。\n一项不符合扣1分，严重的此项完全不得分。",
        weight: "4", score: "3", deduction: "1", reason: "依据绩效目标设定的不够完善", actual: "", failed: "③" },
    SeedRow { level1: "决策(10)", level2: "资金落实(3分)", level3: "资金到位率（1分）",
        explanation: "实际到位资金与计划投入资金的比率，用以反映和考核资金落实情况对项目实施的总体保障程度。",
        criterion: "资金到位率=（实际到位资金/计划投入资金）×100%。\n资金到位率大于90%的得满分，每少5个百分点扣0.5分，扣完为止。",
        weight: "1", score: "1", deduction: "", reason: "", actual: "100%", failed: "" },
    SeedRow { level1: "决策(10)", level2: "资金落实(3分)", level3: "到位及时率（2分）",
        explanation: "及时到位资金与应到位资金的比率，用以反映和考核项目资金落实的及时性程度。",
        criterion: "到位及时率=（及时到位资金/应到位资金）×100%。\n到位及时率大于90%的得满分，每低5个百分点，扣1分，扣完为止。",
        weight: "2", score: "2", deduction: "", reason: "", actual: "100%", failed: "" },
    SeedRow { level1: "过程（30）", level2: "业务管理（18）", level3: "管理制度健全性（4分）",
        explanation: "项目实施单位的业务管理制度是否健全，用以反映和考核业务管理制度对项目顺利实施的保障情况。",
        criterion: "①是否已制定或具有相应的业务管理制度；\n②业务管理制度是否合法、合规、完整。\n一项不符合扣2分，严重的此项完全不得分。",
        weight: "4", score: "4", deduction: "", reason: "", actual: "", failed: "无" },
    SeedRow { level1: "过程（30）", level2: "业务管理（18）", level3: "制度执行有效性（5分）",
        explanation: "项目实施是否符合相关业务管理规定，用以反映和考核业务管理制度的有效执行情况。",
        criterion: "①是否遵守相关法律法规和业务管理规定；\n②项目调整及支出调整手续是否完备；\n③项目合同书、验收报告、技术鉴定等资料是否齐全并及时归档；\n④项目实施的人员条件、场地设备、信息支撑等是否落实到位。\n一项不符合扣1分，严重的此项完全不得分。",
        weight: "5", score: "5", deduction: "", reason: "", actual: "", failed: "无" },
    SeedRow { level1: "过程（30）", level2: "业务管理（18）", level3: "项目质量可控性（5分）",
        explanation: "项目实施单位是否为达到项目质量要求而采取了必需的措施,用以反映和考核项目实施单位对项目质量的控制情况。",
        criterion: "①是否已制定或具有相应的项目质量要求或标准；\n②是否采取了相应的项目质量检查、验收等必需的控制措施或手段。\n一项不符合扣2.5分，严重的此项完全不得分。",
        weight: "5", score: "5", deduction: "", reason: "", actual: "", failed: "无" },
    SeedRow { level1: "过程（30）", level2: "业务管理（18）", level3: "资金分配的合理性（2分）",
        explanation: "资金分配及结果",
        criterion: "①资金分配方案是否充分，分配标准是否合理、明确；\n②分配结果是否公开、透明。一项不符合扣一分，严重的此项完全不得分",
        weight: "2", score: "2", deduction: "", reason: "", actual: "", failed: "无" },
    SeedRow { level1: "过程（30）", level2: "业务管理（18）", level3: "预算执行率（2分）",
        explanation: "考察项目预算执行的进度。",
        criterion: "预算执行率=实际支出金额/项目预算金额×100%。\n预算执行率95%以上，得满分；低于95%，每下降1%扣权重的1%；预算执行率60%以下，不计分",
        weight: "2", score: "2", deduction: "", reason: "", actual: "95.52%", failed: "" },
    SeedRow { level1: "过程（30）", level2: "财务管理（12）", level3: "管理制度健全性（3分）",
        explanation: "项目实施单位的财务制度是否健全，用以反映和考核财务管理制度对资金规范、安全运行的保障情况。",
        criterion: "①是否已制定或具有相应的项目资金管理办法；\n②项目资金管理办法是否符合相关财务会计制度的规定。\n一项不符合扣一分，严重的此项完全不得分。",
        weight: "3", score: "3", deduction: "", reason: "", actual: "", failed: "无" },
    SeedRow { level1: "过程（30）", level2: "财务管理（12）", level3: "资金使用合规性（5分）",
        explanation: "项目资金使用是否符合相关的财务管理制度规定，用以反映和考核项目资金的规范运行情况。",
        criterion: "①是否符合国家财经法规和财务管理制度以及有关专项资金管理办法的规定；\n②资金的拨付是否有完整的审批程序和手续；\n③项目的重大开支是否经过评估认证；\n④是否符合项目预算批复或合同规定的用途；\n⑤是否存在截留、挤占、挪用、虚列支出等情况。\n一项不符合扣一分，严重的此项完全不得分。",
        weight: "5", score: "5", deduction: "", reason: "", actual: "", failed: "无" },
    SeedRow { level1: "过程（30）", level2: "财务管理（12）", level3: "财务监控有效性（4分）",
        explanation: "项目实施单位是否为保障资金的安全、规范运行而采取了必要的监控措施，用以反映和考核项目实施单位对资金运行的控制情况。",
        criterion: "①是否已制定或具有相应的监控机制；\n②是否采取了相应的财务检查等必要的监控措施或手段。\n一项不符合扣二分，严重的此项完全不得分。",
        weight: "4", score: "4", deduction: "", reason: "", actual: "", failed: "无" },
    SeedRow { level1: "产出（30）", level2: "项目产出（30）", level3: "完成数量（10分）",
        explanation: "项目实施的实际产出数与计划产出数的比率，用以反映和考核项目产出数量目标的实现程度。",
        criterion: "一项不符合扣2分，与目标严重不符不得分。",
        weight: "10", score: "8", deduction: "2", reason: "项目实施的实际产出数小于计划数", actual: "", failed: "1" },
    SeedRow { level1: "产出（30）", level2: "项目产出（30）", level3: "完成及时性（4分）",
        explanation: "项目实际提前完成时间与计划完成时间的比率，用以反映和考核项目产出时效目标的实现程度。",
        criterion: "一项不符合扣1分，严重的此项完全不得分。",
        weight: "4", score: "4", deduction: "", reason: "", actual: "", failed: "无" },
    SeedRow { level1: "产出（30）", level2: "项目产出（30）", level3: "质量达标率（12分）",
        explanation: "项目完成的质量达标产出数与实际产出数的比率，用以反映和考核项目产出质量目标的实现程度。",
        criterion: "项目验收通过率达95%及以上，得满分；未通过一个扣一分，扣完为止。",
        weight: "12", score: "12", deduction: "", reason: "", actual: "", failed: "0" },
    SeedRow { level1: "产出（30）", level2: "项目产出（30）", level3: "资金变动率（4分）",
        explanation: "完成项目计划工作目标的变动成本与计划成本的比率，用以反映和考核项目的变动程度。",
        criterion: "变动率=[（实际成本-计划成本）/计划成本]×100%。",
        weight: "4", score: "3", deduction: "1", reason: "变动率没有地达到100%", actual: "", failed: "" },
    SeedRow { level1: "效果（30分）", level2: "项目效益（30分）", level3: "经济效益（6分）",
        explanation: "项目实施对经济发展所带来的直接或间接影响情况。",
        criterion: "对照绩效目标，按经济效益实现程度计算得分。",
        weight: "6", score: "6", deduction: "", reason: "", actual: "100%", failed: "" },
    SeedRow { level1: "效果（30分）", level2: "项目效益（30分）", level3: "社会效益（8分）",
        explanation: "项目实施对社会发展所带来的直接或间接影响情况。",
        criterion: "对照绩效目标，按社会效益实现程度计算得分。",
        weight: "8", score: "8", deduction: "", reason: "", actual: "100%", failed: "" },
    SeedRow { level1: "效果（30分）", level2: "项目效益（30分）", level3: "可持续影响（6分）",
        explanation: "项目后续运行及成效发挥的可持续影响情况。",
        criterion: "对照绩效目标，按可持续影响实现程度计算得分。",
        weight: "6", score: "6", deduction: "", reason: "", actual: "100%", failed: "" },
    SeedRow { level1: "效果（30分）", level2: "项目效益（30分）", level3: "服务对象满意度（10分）",
        explanation: "社会公众或服务对象对项目实施效果的满意程度。",
        criterion: "采取社会调查的方式，社会公众满意度大于90%的得满分，每少1个百分点扣0.3分，扣完为止。",
        weight: "10", score: "9.4", deduction: "0.6", reason: "采取社会调查的方式，社会公众满意度大于96%", actual: "88%", failed: "" },
];

/// The columns of [`seed_table`]: the seed's nine, with 实际完成值 and 不符合项 after 评价标准
/// when `with_inputs`.
pub fn seed_header(with_inputs: bool) -> Vec<&'static str> {
    let mut h = vec!["一级指标", "二级指标", "三级指标", "指标解释", "评价标准"];
    if with_inputs {
        h.extend(["实际完成值", "不符合项"]);
    }
    h.extend(["指标分值", "评价得分", "扣分情况", "扣分原因"]);
    h
}

/// The seed table as a department files it: title, header, the 21 indicators with merged
/// level cells, 合计 100 / 95.4 / 4.6; with `with_inputs`, a 实际完成值 and a 不符合项 column
/// filled from [`SEED_ROWS`].
pub fn seed_table(with_inputs: bool) -> Sheet {
    let header = seed_header(with_inputs);
    let mut t = Sheet::new("评分表")
        .title("富民县财政局2024年预算信息管理平台等运维项目绩效评价指标体系")
        .header(&header);
    for r in &SEED_ROWS {
        let mut cells = vec![r.level1, r.level2, r.level3, r.explanation, r.criterion];
        if with_inputs {
            cells.extend([r.actual, r.failed]);
        }
        cells.extend([r.weight, r.score, r.deduction, r.reason]);
        t = t.row(&cells);
    }
    let mut total = vec![""; header.len()];
    total[0] = "合计";
    let at = |title: &str| header.iter().position(|h| *h == title).expect("column");
    total[at("指标分值")] = "100";
    total[at("评价得分")] = "95.4";
    total[at("扣分情况")] = "4.6";
    t.merge_level_cells(true).total(&total)
}

/// The indicator of the first project whose 三级指标 is `level3`; panics otherwise.
pub fn indicator<'a>(report: &'a Value, level3: &str) -> &'a Value {
    project(report)["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .find(|i| i["level3"] == level3)
        .unwrap_or_else(|| panic!("no indicator {level3}"))
}

/// `jixiao explain ARGS…` (text unless `--format json` is among them).
pub fn explain<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    let mut all: Vec<std::ffi::OsString> = vec!["explain".into()];
    all.extend(args.iter().map(|a| a.as_ref().to_os_string()));
    run(&all)
}

// ---- the self-evaluation form (项目支出绩效自评表, 财预〔2020〕10号 附件1) ----------------------

/// The indicator columns of the self-evaluation form (A–I), 绩效指标 merged down the left.
pub const SELF_HEADER: [&str; 9] = [
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
];

/// The budget block's header: label in A, the figures in D–I (as 10号 附件1 lays them out).
pub const BUDGET_HEADER: [&str; 9] = [
    "项目资金（万元）",
    "",
    "",
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分值",
    "执行率",
    "得分",
];

/// One budget line: label, 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分.
pub type BudgetLine<'a> = [&'a str; 7];

/// One indicator line: 一级指标, 二级指标, 三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因.
pub type SelfLine<'a> = [&'a str; 8];

/// The budget block of [`self_eval_form`]: 100 / 100 / 80, 分值 10, 执行率 80%, 得分 8, all of it
/// 本年财政拨款.
pub const SELF_BUDGET: [BudgetLine<'static>; 4] = [
    ["年度资金总额", "100", "100", "80", "10", "80%", "8"],
    ["其中：本年财政拨款", "100", "100", "80", "", "", ""],
    ["上年结转资金", "", "", "", "", "", ""],
    ["其他资金", "", "", "", "", "", ""],
];

/// The indicators of [`self_eval_form`]: 产出 50 (five of 10), 效益 30, 满意度 10; scores as
/// 10号 gives them, 81.41 in all. Rows 10–17 of the form; `'=100%` is the text `=100%`.
#[rustfmt::skip]
pub const SELF_ROWS: [SelfLine<'static>; 8] = [
    ["产出指标(50分)", "数量指标", "受益学生人数", "≥5000人", "4600人", "10", "9.2", "部分学生转学，资助人数减少"],
    ["产出指标(50分)", "数量指标", "资助资金发放人次", "≥10000人次", "10500人次", "10", "10", ""],
    ["产出指标(50分)", "质量指标", "资助资金发放准确率", "'=100%", "100%", "10", "10", ""],
    ["产出指标(50分)", "时效指标", "资金发放及时率", "≥95%", "96%", "10", "10", ""],
    ["产出指标(50分)", "成本指标", "项目总成本", "≤90万元", "80万元", "10", "10", ""],
    ["效益指标(30分)", "社会效益指标", "家庭经济困难学生资助覆盖率", "≥95%", "90%", "15", "14.21", "部分学生未及时申报"],
    ["效益指标(30分)", "可持续影响指标", "资助政策长效机制", "健全", "部分达成年度指标并具有一定效果", "15", "10", "部分学校建档不规范"],
    ["满意度指标(10分)", "服务对象满意度指标", "受助学生满意度", "≥90%", "72%", "10", "8", "资金发放时间偏晚"],
];

impl Sheet {
    /// A plain line of cells above the indicator header (the budget block of a
    /// self-evaluation form). It is written like a header line, so it must come before the
    /// table's own header ([`Sheet::columns`] reads the last header).
    pub fn cells(mut self, cells: &[&str]) -> Sheet {
        self.lines.push(Line::Header(owned(cells)));
        self
    }
}

/// A self-evaluation form on sheet `自评表`:
///
/// | row | content |
/// |---|---|
/// | 1 | title 项目支出绩效自评表（2024年度） |
/// | 2 | 项目名称 \| `project` |
/// | 3 | 主管部门 \| `department` (no line when empty) |
/// | 4 | budget header ([`BUDGET_HEADER`]) |
/// | 5… | `budget` lines (the first is 年度资金总额) |
/// | then | the indicator header ([`SELF_HEADER`]), the `rows`, and 总分 (A merged to F) with |
/// |  | G = Σ 分值 + budget 分值, H = Σ 得分 + budget 得分 |
///
/// Level cells are merged vertically; 绩效指标 is written on the first row only.
pub fn self_eval_sheet(
    project: &str,
    department: &str,
    budget: &[BudgetLine],
    rows: &[SelfLine],
) -> Sheet {
    let mut s = Sheet::new("自评表")
        .title("项目支出绩效自评表（2024年度）")
        .fact("项目名称", project);
    if !department.is_empty() {
        s = s.fact("主管部门", department);
    }
    if !budget.is_empty() {
        s = s.cells(&BUDGET_HEADER);
        for b in budget {
            s = s.cells(&[b[0], "", "", b[1], b[2], b[3], b[4], b[5], b[6]]);
        }
    }
    s = s.header(&SELF_HEADER);
    for (k, r) in rows.iter().enumerate() {
        let first = if k == 0 { "绩效指标" } else { "" };
        s = s.row(&[first, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]]);
    }
    let sum = |pick: usize, budget_pick: usize| -> Decimal {
        rows.iter().map(|r| dec_or_zero(r[pick])).sum::<Decimal>()
            + budget
                .first()
                .map(|b| dec_or_zero(b[budget_pick]))
                .unwrap_or_default()
    };
    let weight = sum(5, 4).normalize().to_string();
    let score = sum(6, 6).normalize().to_string();
    s.merge_level_cells(true)
        .total(&["总分", "", "", "", "", "", &weight, &score, ""])
}

/// The faithful self-evaluation form: 县教育体育局 农村义务教育学生资助项目, [`SELF_BUDGET`] and
/// [`SELF_ROWS`]; rows 1–3 title and facts, 4 budget header, 5 年度资金总额 (D5…I5), 6–8 其中,
/// 9 header, 10–17 indicators, 18 总分 (100 / 89.41), 19 `自评得分：89.41`, 20 `自评等级：良`.
pub fn self_eval_form() -> Sheet {
    self_eval_sheet(
        "农村义务教育学生资助项目",
        "县教育体育局",
        &SELF_BUDGET,
        &SELF_ROWS,
    )
    .below("自评得分：89.41")
    .below("自评等级：良")
}
