//! \[IO\] The annotated copy of an `.xlsx` / `.xlsm` made by editing the department's own
//! package (issue #17): every part the review does not touch is copied through byte for byte
//! (a raw zip copy, never inflated and deflated again) — other sheets, drawings, images,
//! charts, printer settings, custom XML, VBA — and only what the review writes is edited:
//!
//! - on each indicator sheet, the cells of the [`super::plan::Review`]: reviewed values in the
//!   cell's own format, or that format plus the yellow (changed) or red (error) fill (new `xf`
//!   records appended to `styles.xml`, nothing renumbered); added columns styled like the
//!   table's last column, wrapped, with widths for Chinese text; the total row's `SUM`
//!   formulas with cached results; the line `复核得分：…　复核等级：…`; new text written inline;
//! - the notes (`原填报：…`, findings) as legacy comments: a new comments part and VML drawing,
//!   or the sheet's own extended — the department's comments kept, a note on a cell that has
//!   one appended to it;
//! - the sheet 复核问题 added as a new part (workbook, its relationships and content types
//!   updated), each finding linked to its cell;
//! - `xl/calcChain.xml` dropped (Excel rebuilds it; a chain naming a cell that no longer holds
//!   a formula makes Excel offer to repair the file).
//!
//! What it cannot edit safely — strict OOXML, rows or cells out of order, a reviewed cell that
//! is the master of a shared or array formula, threaded comments, a legacy drawing that is not
//! for comments, a part it cannot read — is a [`Refusal`] with the reason, and the caller
//! writes the rebuilt copy instead (S004, 提示). Every part it writes is checked to be
//! well-formed XML before the package is written.

mod comments;
pub mod package;
mod problems;
mod sheet;
mod styles;

use super::plan::{self, Look, Out, Review};
use crate::config::Config;
use crate::grid::{CellRef, Workbook};
use crate::review::evaluate::WorkbookEval;
use crate::text::fmt_dec;
use package::{
    content_types, free_name, free_rid, relative, rels, rels_of, rels_with, rels_without, resolve,
    sheets, well_formed, Package, Patch, Refusal, CT_COMMENTS, CT_VML, CT_WORKSHEET, REL_COMMENTS,
    REL_VML, REL_WORKSHEET,
};
use sheet::{blank_cell, formula_cell, number_cell, text_cell, CellEdit, Edit};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Write};
use styles::{Styles, Tint};

pub use package::Refusal as PatchRefusal;

/// Parts the copy writes that are at most this long (the workbook, its relationships, the
/// content types, a small styles part or 复核问题 sheet) are stored, not deflated: each
/// deflate stream costs about 300 KB of compressor state set up and cleared, more than the
/// 1–3 KB such a part would save (measured: `run` 5% faster on 1,000 workbooks, copies 4 KB
/// larger). Larger parts, the indicator sheet first, are deflated at level 1.
const SMALL_PART: usize = 4096;

/// The annotated copy of the `.xlsx` package `bytes` (the file `wb` was read from), and
/// whether it is a macro-enabled workbook (a patched `.xlsm` keeps its macros); or why it
/// cannot be patched.
pub fn patch_xlsx(
    bytes: Vec<u8>,
    wb: &Workbook,
    eval: &WorkbookEval,
    cfg: &Config,
) -> Patch<(Vec<u8>, bool)> {
    let mut pkg = Package::open(bytes)?;
    let root_rels = rels(&pkg.text("_rels/.rels")?)?;
    let workbook_part = root_rels
        .iter()
        .find(|r| r.kind.ends_with("/officeDocument"))
        .map(|r| resolve("", &r.target))
        .ok_or_else(|| Refusal::new("找不到工作簿部件"))?;
    let workbook = pkg.text(&workbook_part)?;
    if workbook.contains("purl.oclc.org/ooxml") {
        return Err(Refusal::new("工作簿为 Strict OOXML 格式"));
    }
    let wb_rels_part = rels_of(&workbook_part);
    let wb_rels_xml = pkg.text(&wb_rels_part)?;
    let wb_rels = rels(&wb_rels_xml)?;
    let entries = sheets(&workbook, &wb_rels, &workbook_part)?;
    // A name Excel does not accept would make the copy need repair; the rebuild fixes names.
    if let Some(bad) = entries.iter().find(|e| !excel_sheet_name(&e.name)) {
        return Err(Refusal::new(format!(
            "工作表名称“{}”不符合 Excel 的规定（不超过 31 个字符，不含 []:*?/\\）",
            bad.name
        )));
    }
    let styles_part = wb_rels
        .iter()
        .find(|r| r.kind.ends_with("/styles"))
        .map(|r| resolve(&workbook_part, &r.target))
        .ok_or_else(|| Refusal::new("工作簿没有样式部件"))?;
    let mut styles = Styles::parse(pkg.text(&styles_part)?)?;
    let mut types = pkg.text("[Content_Types].xml")?;
    let macro_enabled = types.contains("macroEnabled.main+xml");

    let mut out = Output::default();
    let mut vml_block = vml_blocks(&mut pkg)? + 1;
    for grid in &wb.sheets {
        let Some(pe) = eval.projects.iter().find(|p| p.project.sheet == grid.name) else {
            continue;
        };
        let entry = entries
            .iter()
            .find(|e| e.name == grid.name)
            .ok_or_else(|| Refusal::new(format!("找不到工作表“{}”的部件", grid.name)))?;
        let review = plan::review_cells(grid, pe, cfg);
        let notes = patch_sheet(
            &mut pkg,
            &mut out,
            &mut styles,
            entry.part.as_str(),
            &review,
        )?;
        if !notes.is_empty() {
            let (add, defaults) =
                add_notes(&mut pkg, &mut out, &entry.part, &notes, &mut vml_block)?;
            out.types_add.extend(add);
            out.types_defaults.extend(defaults);
        }
    }

    // 复核问题: a new sheet part at the end of the workbook.
    let taken_names: Vec<String> = entries.iter().map(|e| e.name.to_lowercase()).collect();
    let problems_name = (0..)
        .map(|n| {
            if n == 0 {
                "复核问题".to_string()
            } else {
                format!("复核问题({n})")
            }
        })
        .find(|n| !taken_names.contains(&n.to_lowercase()))
        .unwrap_or_default();
    let problems_part = free_name(&pkg, &out.new_names(), "xl/worksheets/sheet", ".xml");
    let problems_xml = problems::problems_sheet(eval, &mut styles);
    out.add(&problems_part, problems_xml.into_bytes());
    out.types_add.push((problems_part.clone(), CT_WORKSHEET));
    let rid = free_rid(&wb_rels, &[]);
    let sheet_id = entries.iter().map(|e| e.sheet_id).max().unwrap_or(0) + 1;
    let workbook = add_sheet_to_workbook(&workbook, &problems_name, sheet_id, &rid)?;
    let mut wb_rels_xml = rels_with(
        Some(&wb_rels_xml),
        &[(
            rid,
            REL_WORKSHEET.to_string(),
            relative(&workbook_part, &problems_part),
        )],
    )?;

    // The mark of jixiao's outputs, in the custom document properties.
    mark(&mut pkg, &mut out, &root_rels)?;

    // calcChain: dropped with its relationship and content type.
    let mut types_remove = Vec::new();
    if let Some(chain) = wb_rels.iter().find(|r| r.kind.ends_with("/calcChain")) {
        let part = resolve(&workbook_part, &chain.target);
        out.removed.insert(part.clone());
        types_remove.push(part);
        wb_rels_xml = rels_without(&wb_rels_xml, "/calcChain");
    }
    out.replace(&workbook_part, workbook.into_bytes());
    out.replace(&wb_rels_part, wb_rels_xml.into_bytes());
    out.replace(&styles_part, styles.finish().into_bytes());
    types = content_types(&types, &out.types_add, &types_remove, &out.types_defaults)?;
    out.replace("[Content_Types].xml", types.into_bytes());
    Ok((out.write(&mut pkg)?, macro_enabled))
}

/// `95.5%` → 0.955.
fn percent_value(t: &str) -> Option<rust_decimal::Decimal> {
    let n: rust_decimal::Decimal = t.trim().strip_suffix('%')?.trim().parse().ok()?;
    Some(n / rust_decimal::Decimal::ONE_HUNDRED)
}

/// True for a name Excel accepts: 1–31 UTF-16 units, none of `[]:*?/\`, no leading or trailing
/// apostrophe.
fn excel_sheet_name(name: &str) -> bool {
    let units: usize = name.chars().map(char::len_utf16).sum();
    (1..=31).contains(&units)
        && !name.chars().any(|c| "[]:*?/\\".contains(c))
        && !name.starts_with('\'')
        && !name.ends_with('\'')
}

/// Edits one indicator sheet; returns the notes it is to carry, by cell.
fn patch_sheet(
    pkg: &mut Package,
    out: &mut Output,
    styles: &mut Styles,
    part: &str,
    review: &Review,
) -> Patch<BTreeMap<(u32, u32), String>> {
    let xml = pkg.bytes(part)?;
    let added: BTreeSet<u32> = review.added.iter().map(|(c, _)| *c).collect();
    let first_added = added.iter().next().copied();
    let rows: BTreeSet<u32> = review.cells.keys().map(|(r, _)| *r).collect();
    let scan = sheet::scan(&xml, &rows)?;
    // The added columns go right of every cell the sheet writes.
    let shift = match first_added {
        Some(first) if scan.max_col >= first => scan.max_col + 1 - first,
        _ => 0,
    };
    let col_of = |c: u32| if added.contains(&c) { c + shift } else { c };
    let mut edit = Edit::default();
    let mut notes = BTreeMap::new();
    for (&(r, c), w) in &review.cells {
        let col = col_of(c);
        if r > super::MAX_ROW || col > super::MAX_COL {
            continue;
        }
        let own = scan.styles.get(&(r, c)).copied();
        let is_added = added.contains(&c);
        // An added column takes the format of the table's last column on the same row.
        let base = if is_added {
            first_added
                .and_then(|f| f.checked_sub(1))
                .and_then(|left| scan.styles.get(&(r, left)).copied())
                .unwrap_or(0)
        } else {
            own.unwrap_or(0)
        };
        let long_text = matches!(&w.value, Out::Text(t) if t.chars().count() > 12);
        let s = match w.look {
            Look::Changed => styles.derive(base, Tint::Yellow),
            Look::Error => styles.derive(base, Tint::Red),
            Look::Table | Look::Header if is_added && long_text => styles.derive(base, Tint::Wrap),
            _ => base,
        };
        if scan.formula_masters.contains(&(r, c)) && w.value != Out::Original {
            return Err(Refusal::new(format!(
                "复核要改写的单元格 {} 是共享公式或数组公式的主单元格",
                CellRef::new(r, c)
            )));
        }
        let at = CellRef::new(r, col);
        let change = match &w.value {
            Out::Original if own.unwrap_or(0) == s => None,
            Out::Original => Some(CellEdit::Restyle(s)),
            Out::Text(t) if t.is_empty() => Some(CellEdit::Replace(blank_cell(at, Some(s)))),
            // A rate (`100%`) in a cell formatted as a percentage stays a number in it.
            Out::Text(t) if styles.is_percent(s) && percent_value(t).is_some() => {
                let v = percent_value(t).unwrap_or_default();
                Some(CellEdit::Replace(number_cell(at, Some(s), &fmt_dec(v))))
            }
            Out::Text(t) => Some(CellEdit::Replace(text_cell(at, Some(s), t))),
            Out::Number(d) => Some(CellEdit::Replace(number_cell(at, Some(s), &fmt_dec(*d)))),
            Out::Formula(f, v) => Some(CellEdit::Replace(formula_cell(
                at,
                Some(s),
                f,
                &fmt_dec(*v),
            ))),
            Out::Blank => Some(CellEdit::Replace(blank_cell(at, Some(s)))),
        };
        if let Some(change) = change {
            edit.cells.insert((r, col), change);
        }
        if let Some(note) = w.note.as_deref().filter(|n| !n.is_empty()) {
            notes.insert((r, col), note.chars().take(8000).collect::<String>());
        }
    }
    edit.widths = review.added.iter().map(|(c, w)| (col_of(*c), *w)).collect();
    // Rows whose added texts wrap are made tall enough to show them (never lowered): the
    // department's own heights would cut the review off.
    for (&(r, c), w) in &review.cells {
        let Some((_, width)) = review.added.iter().find(|(a, _)| *a == c) else {
            continue;
        };
        if let Out::Text(t) = &w.value {
            let need = crate::write::style::height_for(t, *width);
            if need > 20.0 {
                let h = edit.heights.entry(r).or_insert(0.0);
                *h = h.max(need);
            }
        }
    }
    // A header of two or more rows: each added title spans them, as the table's own do.
    if review.header.1 > review.header.0 {
        let (top, bottom) = review.header;
        for (c, _) in &review.added {
            let col = col_of(*c);
            let overlaps = scan
                .merges
                .iter()
                .any(|(t, l, b, r)| *t <= bottom && top <= *b && *l <= col && col <= *r);
            if !overlaps {
                edit.merges.push(format!(
                    "{}:{}",
                    CellRef::new(top, col),
                    CellRef::new(bottom, col)
                ));
            }
        }
    }
    if !notes.is_empty() {
        // The relationship id of the drawing that shows the notes; an existing one is kept.
        edit.legacy_drawing = match &scan.legacy_drawing {
            Some(_) => None,
            None => Some(out.pending_vml_rid(pkg, part)?),
        };
    }
    let bytes = sheet::apply(&xml, &edit)?;
    // Written event by event from the parsed part, with only escaped text inserted: well-formed
    // by construction, so the (costly) check of the largest part is skipped.
    out.trusted.insert(part.to_string());
    out.replace(part, bytes);
    Ok(notes)
}

type TypesAdded = (
    Vec<(String, &'static str)>,
    Vec<(&'static str, &'static str)>,
);

/// The notes of a sheet: its comments part and drawing extended, or new ones made and
/// related.
fn add_notes(
    pkg: &mut Package,
    out: &mut Output,
    part: &str,
    notes: &BTreeMap<(u32, u32), String>,
    vml_block: &mut u32,
) -> Patch<TypesAdded> {
    let rels_part = rels_of(part);
    let existing_rels_xml = if pkg.has(&rels_part) {
        Some(pkg.text(&rels_part)?)
    } else {
        None
    };
    let existing = existing_rels_xml
        .as_deref()
        .map(rels)
        .transpose()?
        .unwrap_or_default();
    if existing
        .iter()
        .any(|r| r.kind.ends_with("/threadedComment"))
    {
        return Err(Refusal::new("工作表有新式批注（threaded comments）"));
    }
    let comments_rel = existing.iter().find(|r| r.kind.ends_with("/comments"));
    let vml_rel = existing.iter().find(|r| r.kind.ends_with("/vmlDrawing"));
    match (comments_rel, vml_rel) {
        (Some(c), Some(v)) => {
            let c_part = resolve(part, &c.target);
            let v_part = resolve(part, &v.target);
            let c_xml = pkg.text(&c_part)?;
            let v_xml = pkg.text(&v_part)?;
            let new_cells: Vec<(u32, u32)> = notes
                .keys()
                .filter(|(r, col)| {
                    !c_xml.contains(&format!("<comment ref=\"{}\"", CellRef::new(*r, *col)))
                })
                .copied()
                .collect();
            out.replace(
                &c_part,
                comments::comments_xml(Some(&c_xml), notes)?.into_bytes(),
            );
            out.replace(
                &v_part,
                comments::vml(Some(&v_xml), &new_cells, 0)?.into_bytes(),
            );
            Ok((Vec::new(), Vec::new()))
        }
        (Some(_), None) => Err(Refusal::new("工作表的批注没有对应的绘图部件")),
        (None, Some(_)) => Err(Refusal::new("工作表已有非批注用的 VML 绘图（如表单控件）")),
        (None, None) => {
            let c_part = free_name(pkg, &out.new_names(), "xl/comments", ".xml");
            out.add(&c_part, comments::comments_xml(None, notes)?.into_bytes());
            let v_part = free_name(pkg, &out.new_names(), "xl/drawings/vmlDrawing", ".vml");
            let cells: Vec<(u32, u32)> = notes.keys().copied().collect();
            out.add(
                &v_part,
                comments::vml(None, &cells, *vml_block)?.into_bytes(),
            );
            *vml_block += 1;
            let vml_rid = out.pending_vml_rid(pkg, part)?;
            let c_rid = free_rid(&existing, std::slice::from_ref(&vml_rid));
            let xml = rels_with(
                existing_rels_xml.as_deref(),
                &[
                    (c_rid, REL_COMMENTS.into(), relative(part, &c_part)),
                    (vml_rid, REL_VML.into(), relative(part, &v_part)),
                ],
            )?;
            out.put(&rels_part, xml.into_bytes(), pkg);
            Ok((vec![(c_part, CT_COMMENTS)], vec![("vml", CT_VML)]))
        }
    }
}

const CUSTOM_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties";
const FMTID: &str = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}";

/// Adds the property `jixiao` = 复核工作簿 ([`crate::write::MARK`]) to the package's custom
/// properties: the department's `docProps/custom.xml` extended (its properties kept), or a new
/// one made and related from the package root.
fn mark(pkg: &mut Package, out: &mut Output, root_rels: &[package::Rel]) -> Patch<()> {
    let property = |pid: u32| {
        format!(
            "<property fmtid=\"{FMTID}\" pid=\"{pid}\" name=\"{}\"><vt:lpwstr>复核工作簿</vt:lpwstr></property>",
            crate::write::MARK
        )
    };
    match root_rels
        .iter()
        .find(|r| r.kind.ends_with("/custom-properties"))
    {
        Some(rel) => {
            let part = resolve("", &rel.target);
            let xml = pkg.text(&part)?;
            if xml.contains(&format!("name=\"{}\"", crate::write::MARK)) {
                return Ok(());
            }
            let close = xml
                .rfind("</Properties>")
                .ok_or_else(|| Refusal::new("自定义文档属性部件的结构无法识别"))?;
            let pid = xml
                .match_indices("pid=\"")
                .filter_map(|(i, m)| {
                    xml[i + m.len()..]
                        .split('"')
                        .next()
                        .and_then(|v| v.parse::<u32>().ok())
                })
                .max()
                .unwrap_or(1)
                + 1;
            out.replace(
                &part,
                format!("{}{}{}", &xml[..close], property(pid), &xml[close..]).into_bytes(),
            );
        }
        None => {
            let part = "docProps/custom.xml";
            if pkg.has(part) {
                return Err(Refusal::new("自定义文档属性部件未与工作簿关联"));
            }
            out.add(
                part,
                format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Properties xmlns=\"{CUSTOM_NS}\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">{}</Properties>",
                    property(2)
                )
                .into_bytes(),
            );
            let xml = pkg.text("_rels/.rels")?;
            let rid = free_rid(root_rels, &[]);
            out.replace(
                "_rels/.rels",
                rels_with(
                    Some(&xml),
                    &[(
                        rid,
                        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties".to_string(),
                        part.to_string(),
                    )],
                )?
                .into_bytes(),
            );
            out.types_add.push((
                part.to_string(),
                "application/vnd.openxmlformats-officedocument.custom-properties+xml",
            ));
        }
    }
    Ok(())
}

/// The highest VML shape block used anywhere in the package (new drawings number theirs
/// above it).
fn vml_blocks(pkg: &mut Package) -> Patch<u32> {
    let names: Vec<String> = pkg
        .names
        .iter()
        .filter(|n| n.to_lowercase().ends_with(".vml"))
        .cloned()
        .collect();
    let mut max = 0;
    for n in names {
        let text = String::from_utf8_lossy(&pkg.bytes(&n)?).to_string();
        max = max.max(comments::max_block(&text));
    }
    Ok(max)
}

/// `workbook.xml` with a `<sheet>` for the new part before `</sheets>`, its id written with the
/// prefix the workbook uses for the relationships namespace.
fn add_sheet_to_workbook(xml: &str, name: &str, sheet_id: u32, rid: &str) -> Patch<String> {
    let close = xml
        .find("</sheets>")
        .ok_or_else(|| Refusal::new("workbook.xml 的工作表列表无法识别"))?;
    let rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    // The prefix bound to the relationships namespace on the root, else a local declaration.
    let prefix = xml
        .match_indices(&format!("=\"{rel_ns}\""))
        .find_map(|(i, _)| {
            let before = &xml[..i];
            let start = before.rfind("xmlns:")? + "xmlns:".len();
            Some(before[start..].to_string())
        });
    let id_attr = match prefix {
        Some(p) => format!("{p}:id=\"{rid}\""),
        None => format!("xmlns:r=\"{rel_ns}\" r:id=\"{rid}\""),
    };
    Ok(format!(
        "{}<sheet name=\"{}\" sheetId=\"{sheet_id}\" {id_attr}/>{}",
        &xml[..close],
        package::escape(name),
        &xml[close..]
    ))
}

/// The parts written: replaced ones (by name), new ones (in order), removed ones.
#[derive(Default)]
struct Output {
    replaced: BTreeMap<String, Vec<u8>>,
    added: Vec<(String, Vec<u8>)>,
    removed: BTreeSet<String>,
    types_add: Vec<(String, &'static str)>,
    types_defaults: Vec<(&'static str, &'static str)>,
    /// The relationship id reserved for a sheet's new VML drawing, by sheet part.
    vml_rids: BTreeMap<String, String>,
    /// Parts well-formed by construction (re-serialised event by event), not checked again.
    trusted: BTreeSet<String>,
}

impl Output {
    fn replace(&mut self, name: &str, bytes: Vec<u8>) {
        self.replaced.insert(name.to_string(), bytes);
    }

    fn add(&mut self, name: &str, bytes: Vec<u8>) {
        self.added.push((name.to_string(), bytes));
    }

    /// Replaces the part if the package has it, else adds it.
    fn put(&mut self, name: &str, bytes: Vec<u8>, pkg: &Package) {
        if pkg.has(name) {
            self.replace(name, bytes);
        } else {
            self.add(name, bytes);
        }
    }

    fn new_names(&self) -> Vec<String> {
        self.added.iter().map(|(n, _)| n.clone()).collect()
    }

    /// The id the sheet's new VML drawing relationship will have.
    fn pending_vml_rid(&mut self, pkg: &mut Package, part: &str) -> Patch<String> {
        if let Some(id) = self.vml_rids.get(part) {
            return Ok(id.clone());
        }
        let rels_part = rels_of(part);
        let existing = if pkg.has(&rels_part) {
            rels(&pkg.text(&rels_part)?)?
        } else {
            Vec::new()
        };
        let id = free_rid(&existing, &[]);
        self.vml_rids.insert(part.to_string(), id.clone());
        Ok(id)
    }

    /// The package: every entry in its order — copied raw, replaced, or left out — then the new
    /// parts. Each part written is checked to be well-formed XML first.
    fn write(self, pkg: &mut Package) -> Patch<Vec<u8>> {
        use zip::write::SimpleFileOptions;
        for (name, bytes) in self
            .replaced
            .iter()
            .chain(self.added.iter().map(|(n, b)| (n, b)))
        {
            let xmlish =
                name.ends_with(".xml") || name.ends_with(".rels") || name.ends_with(".vml");
            if xmlish && !self.trusted.contains(name) && !well_formed(bytes) {
                return Err(Refusal::new(format!("生成的部件 {name} 不是合法的 XML")));
            }
        }
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1))
            .last_modified_time(zip::DateTime::default());
        let stored = options
            .compression_method(zip::CompressionMethod::Stored)
            .compression_level(None);
        let options_for = |b: &[u8]| {
            if b.len() <= SMALL_PART {
                stored
            } else {
                options
            }
        };
        let fail = |_| Refusal::new("无法写出压缩包");
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let names = pkg.names.clone();
        for (i, name) in names.iter().enumerate() {
            if self.removed.contains(name) {
                continue;
            }
            match self.replaced.get(name) {
                Some(bytes) => {
                    w.start_file(name.as_str(), options_for(bytes))
                        .map_err(fail)?;
                    w.write_all(bytes)
                        .map_err(|_| Refusal::new("无法写出压缩包"))?;
                }
                None => {
                    let f = pkg.zip.by_index_raw(i).map_err(fail)?;
                    w.raw_copy_file(f).map_err(fail)?;
                }
            }
        }
        for (name, bytes) in &self.added {
            w.start_file(name.as_str(), options_for(bytes))
                .map_err(fail)?;
            w.write_all(bytes)
                .map_err(|_| Refusal::new("无法写出压缩包"))?;
        }
        Ok(w.finish().map_err(fail)?.into_inner())
    }
}
