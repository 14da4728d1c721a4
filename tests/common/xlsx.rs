//! Reading an output workbook back, for the tests: values, cached formula results, formulas
//! and merged ranges with calamine ([`Wb`], [`merges`]); fills, notes, hyperlinks and sheet
//! states, which calamine does not give, straight from the package XML ([`Package`]): a cell's
//! `s` style → `xl/styles.xml` cellXfs → fills; the sheet's relationships → `xl/commentsN.xml`;
//! the sheet's `<hyperlink location=…>`.

use super::a1_pos;
use calamine::{open_workbook, open_workbook_auto, Data, Range, Reader, Xlsx};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::LazyLock;

// ---- reading a workbook back with calamine --------------------------------------------------

/// A workbook as calamine reads it: sheet names in order, values (cached results for
/// formulas) and formulas.
pub struct Wb {
    pub names: Vec<String>,
    pub values: BTreeMap<String, Range<Data>>,
    pub formulas: BTreeMap<String, Range<String>>,
}

impl Wb {
    pub fn open(path: &Path) -> Wb {
        let mut wb = open_workbook_auto(path)
            .unwrap_or_else(|e| panic!("calamine cannot open {}: {e}", path.display()));
        let names = wb.sheet_names();
        let mut values = BTreeMap::new();
        let mut formulas = BTreeMap::new();
        for n in &names {
            values.insert(n.clone(), wb.worksheet_range(n).expect("sheet values"));
            formulas.insert(n.clone(), wb.worksheet_formula(n).expect("sheet formulas"));
        }
        Wb {
            names,
            values,
            formulas,
        }
    }

    pub fn value(&self, sheet: &str, a1: &str) -> Data {
        let range = self.values.get(sheet).expect("sheet");
        range.get_value(a1_pos(a1)).cloned().unwrap_or(Data::Empty)
    }

    pub fn text(&self, sheet: &str, a1: &str) -> String {
        match self.value(sheet, a1) {
            Data::String(s) => s,
            Data::Empty => String::new(),
            other => panic!("{sheet}!{a1} is not text: {other:?}"),
        }
    }

    pub fn number(&self, sheet: &str, a1: &str) -> f64 {
        match self.value(sheet, a1) {
            Data::Float(f) => f,
            Data::Int(i) => i as f64,
            other => panic!("{sheet}!{a1} is not a number: {other:?}"),
        }
    }

    pub fn formula(&self, sheet: &str, a1: &str) -> String {
        let range = self.formulas.get(sheet).expect("sheet");
        range.get_value(a1_pos(a1)).cloned().unwrap_or_default()
    }

    /// Every non-empty value of a sheet by absolute (row, column).
    pub fn cells(&self, sheet: &str) -> BTreeMap<(u32, u32), Data> {
        absolute(self.values.get(sheet).expect("sheet"))
            .into_iter()
            .filter(|(_, v)| *v != Data::Empty && *v != Data::String(String::new()))
            .collect()
    }

    /// Every formula of a sheet by absolute (row, column).
    pub fn all_formulas(&self, sheet: &str) -> BTreeMap<(u32, u32), String> {
        absolute(self.formulas.get(sheet).expect("sheet"))
            .into_iter()
            .filter(|(_, f)| !f.is_empty())
            .collect()
    }
}

pub fn absolute<T: Clone + calamine::CellType>(range: &Range<T>) -> BTreeMap<(u32, u32), T> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range
        .used_cells()
        .map(|(r, c, v)| ((r0 + r as u32, c0 + c as u32), v.clone()))
        .collect()
}

/// The merged ranges of an xlsx sheet: (top, left, bottom, right), zero-based.
pub fn merges(path: &Path, sheet: &str) -> BTreeSet<(u32, u32, u32, u32)> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("open xlsx");
    wb.merge_cells_by_sheet_name(sheet)
        .expect("merged cells")
        .into_iter()
        .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
        .collect()
}

/// `(top, left, bottom, right)` of an A1 range `A1:B2`.
pub fn rect(range: &str) -> (u32, u32, u32, u32) {
    let (a, b) = range.split_once(':').expect("a range");
    let (a, b) = (a1_pos(a), a1_pos(b));
    (a.0, a.1, b.0, b.1)
}

// ---- reading the package XML with zip -------------------------------------------------------

/// The text parts of an xlsx package.
pub struct Package {
    pub parts: BTreeMap<String, String>,
}

pub fn unescape(s: &str) -> String {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);").unwrap());
    RE.replace_all(s, |c: &regex::Captures| {
        let e = &c[1];
        match e {
            "amp" => "&".to_string(),
            "lt" => "<".to_string(),
            "gt" => ">".to_string(),
            "quot" => "\"".to_string(),
            "apos" => "'".to_string(),
            _ => {
                let n = if let Some(h) = e.strip_prefix("#x") {
                    u32::from_str_radix(h, 16).unwrap()
                } else {
                    e[1..].parse().unwrap()
                };
                char::from_u32(n).unwrap().to_string()
            }
        }
    })
    .to_string()
}

pub fn attrs(text: &str) -> BTreeMap<String, String> {
    static RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"([\w:]+)="([^"]*)""#).unwrap());
    RE.captures_iter(text)
        .map(|c| (c[1].to_string(), unescape(&c[2])))
        .collect()
}

/// The attributes of every `<name …>` element of `xml`, in order.
pub fn tags(xml: &str, name: &str) -> Vec<BTreeMap<String, String>> {
    let re = Regex::new(&format!(r"<{name}\s([^>]*?)/?>")).unwrap();
    re.captures_iter(xml).map(|c| attrs(&c[1])).collect()
}

/// The text inside the first `<name …>…</name>` of `xml`.
pub fn inner<'a>(xml: &'a str, name: &str) -> &'a str {
    let re = Regex::new(&format!(r"(?s)<{name}(?:\s[^>]*)?>(.*?)</{name}>")).unwrap();
    re.captures(xml)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
        .unwrap_or_else(|| panic!("no <{name}>"))
}

/// `dir/of/part` + `../x.xml` → `dir/x.xml`.
pub fn resolve(part: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut path: Vec<&str> = part.split('/').collect();
    path.pop();
    for seg in target.split('/') {
        match seg {
            ".." => {
                path.pop();
            }
            "." | "" => {}
            s => path.push(s),
        }
    }
    path.join("/")
}

impl Package {
    pub fn open(path: &Path) -> Package {
        let file = std::fs::File::open(path).expect("open package");
        let mut zip = zip::ZipArchive::new(file).expect("an xlsx is a zip package");
        let mut parts = BTreeMap::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).expect("zip entry");
            let name = f.name().expect("entry name").to_string();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).expect("read zip entry");
            if let Ok(text) = String::from_utf8(bytes) {
                parts.insert(name, text);
            }
        }
        Package { parts }
    }

    pub fn part(&self, name: &str) -> &str {
        self.parts
            .get(name)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("no part {name}; parts: {:?}", self.parts.keys()))
    }

    /// The relationships of a part: (type, resolved target).
    pub fn rels(&self, part: &str) -> Vec<(String, String)> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels = format!("{dir}/_rels/{file}.rels");
        let Some(xml) = self.parts.get(&rels) else {
            return Vec::new();
        };
        tags(xml, "Relationship")
            .into_iter()
            .map(|a| (a["Type"].clone(), resolve(part, &a["Target"])))
            .collect()
    }

    pub fn rel_target(&self, part: &str, id: &str) -> String {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels = self.part(&format!("{dir}/_rels/{file}.rels"));
        let a = tags(rels, "Relationship")
            .into_iter()
            .find(|a| a["Id"] == id)
            .unwrap_or_else(|| panic!("no relationship {id} of {part}"));
        resolve(part, &a["Target"])
    }

    /// (name, part) of every sheet, in workbook order.
    pub fn sheets(&self) -> Vec<(String, String)> {
        let wb = "xl/workbook.xml";
        tags(self.part(wb), "sheet")
            .into_iter()
            .map(|a| (a["name"].clone(), self.rel_target(wb, &a["r:id"])))
            .collect()
    }

    pub fn sheet_part(&self, sheet: &str) -> String {
        self.sheets()
            .into_iter()
            .find(|(n, _)| n == sheet)
            .unwrap_or_else(|| panic!("no sheet {sheet}"))
            .1
    }

    /// The XML element of a cell (`<c r="G27" …>`), if written.
    pub fn cell_tag(&self, sheet: &str, a1: &str) -> Option<String> {
        let xml = self.part(&self.sheet_part(sheet));
        let re = Regex::new(&format!(r#"(?s)<c\s[^>]*\br="{a1}"[^>]*?(?:/>|>.*?</c>)"#)).unwrap();
        re.find(xml).map(|m| m.as_str().to_string())
    }

    /// The solid fill colour (`RRGGBB`) of a cell's style, `None` for no fill.
    pub fn fill(&self, sheet: &str, a1: &str) -> Option<String> {
        let tag = self.cell_tag(sheet, a1)?;
        let open = &tag[..tag.find('>').expect("tag end")];
        let style: usize = attrs(open)
            .get("s")
            .map(|s| s.parse().expect("style index"))
            .unwrap_or(0);
        let styles = self.part("xl/styles.xml");
        let xfs = tags(inner(styles, "cellXfs"), "xf");
        let fill_id: usize = xfs[style]
            .get("fillId")
            .map(|s| s.parse().expect("fill id"))
            .unwrap_or(0);
        let fills_re = Regex::new(r"(?s)<fill>(.*?)</fill>").unwrap();
        let fills: Vec<String> = fills_re
            .captures_iter(inner(styles, "fills"))
            .map(|c| c[1].to_string())
            .collect();
        let fill = &fills[fill_id];
        if !fill.contains(r#"patternType="solid""#) {
            return None;
        }
        let rgb = tags(fill, "fgColor")
            .first()
            .and_then(|a| a.get("rgb").cloned())
            .expect("an rgb fill");
        Some(rgb[rgb.len() - 6..].to_string())
    }

    /// The notes of a sheet: cell → text (without the author's name line).
    pub fn notes(&self, sheet: &str) -> BTreeMap<String, String> {
        let part = self.sheet_part(sheet);
        let Some((_, comments)) = self
            .rels(&part)
            .into_iter()
            .find(|(t, _)| t.ends_with("/comments"))
        else {
            return BTreeMap::new();
        };
        let xml = self.part(&comments);
        let comment = Regex::new(r"(?s)<comment\s([^>]*)>(.*?)</comment>").unwrap();
        let run = Regex::new(r"(?s)<t(?:\s[^>]*)?>(.*?)</t>").unwrap();
        comment
            .captures_iter(xml)
            .map(|c| {
                let mut runs: Vec<String> =
                    run.captures_iter(&c[2]).map(|t| unescape(&t[1])).collect();
                // rust_xlsxwriter writes the author (`jixiao:`) as a bold first run.
                if runs.len() > 1 && runs[0] == "jixiao:" {
                    runs.remove(0);
                }
                let text = runs.concat().trim_start_matches('\n').to_string();
                (attrs(&c[1])["ref"].clone(), text)
            })
            .collect()
    }

    /// The hyperlinks of a sheet: cell → internal location.
    pub fn links(&self, sheet: &str) -> BTreeMap<String, String> {
        let xml = self.part(&self.sheet_part(sheet));
        tags(xml, "hyperlink")
            .into_iter()
            .map(|a| {
                (
                    a["ref"].clone(),
                    a.get("location").cloned().unwrap_or_default(),
                )
            })
            .collect()
    }
}

/// Rewrites a part of an xlsx package in place (to make what rust_xlsxwriter refuses to
/// write, e.g. a sheet name LibreOffice allows but Excel does not).
pub fn edit_part(path: &Path, part: &str, edit: impl Fn(&str) -> String) {
    let bytes = std::fs::read(path).expect("read package");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let name = f.name().expect("entry name").to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).expect("read entry");
        if name == part {
            data = edit(std::str::from_utf8(&data).expect("utf-8 part")).into_bytes();
        }
        out.start_file(name, options).expect("start entry");
        out.write_all(&data).expect("write entry");
    }
    let bytes = out.finish().expect("finish zip").into_inner();
    std::fs::write(path, bytes).expect("write package");
}

impl Package {
    /// The solid fill colour (`RRGGBB`) of every cell of a sheet whose style has one.
    pub fn fills(&self, sheet: &str) -> BTreeMap<(u32, u32), String> {
        let styles = self.part("xl/styles.xml");
        let fills_re = Regex::new(r"(?s)<fill>(.*?)</fill>").unwrap();
        let fills: Vec<Option<String>> = fills_re
            .captures_iter(inner(styles, "fills"))
            .map(|c| {
                let fill = &c[1];
                if !fill.contains(r#"patternType="solid""#) {
                    return None;
                }
                let rgb = tags(fill, "fgColor").first()?.get("rgb").cloned()?;
                Some(rgb[rgb.len() - 6..].to_string())
            })
            .collect();
        let xf_fill: Vec<Option<String>> = tags(inner(styles, "cellXfs"), "xf")
            .into_iter()
            .map(|xf| {
                let id: usize = xf.get("fillId").map_or(0, |s| s.parse().expect("fill id"));
                fills.get(id).cloned().flatten()
            })
            .collect();
        tags(self.part(&self.sheet_part(sheet)), "c")
            .into_iter()
            .filter_map(|c| {
                let style: usize = c.get("s")?.parse().expect("style index");
                let rgb = xf_fill.get(style)?.clone()?;
                Some((a1_pos(&c["r"]), rgb))
            })
            .collect()
    }

    /// The `state` of every sheet (`visible` when not given), in workbook order.
    pub fn sheet_states(&self) -> Vec<(String, String)> {
        tags(self.part("xl/workbook.xml"), "sheet")
            .into_iter()
            .map(|a| {
                let state = a.get("state").cloned().unwrap_or_else(|| "visible".into());
                (a["name"].clone(), state)
            })
            .collect()
    }
}

fn shown(d: &Data) -> String {
    match d {
        Data::String(s) => format!("{s:?}"),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::Error(e) => format!("#{e:?}"),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// An `.xlsx` read back as text, for snapshots of what users see: every sheet in order with
/// its state and merged ranges, then one line per row listing each cell that holds a value, a
/// formula or a fill (`G27 9.4`, `H28 =SUM(H5:H27) → 95.4`, `I12 "…" [FFF2CC]`), then the
/// sheet's notes.
pub fn grid_text(path: &Path) -> String {
    use std::fmt::Write as _;
    let wb = Wb::open(path);
    let pkg = Package::open(path);
    let mut out = String::new();
    for (name, state) in pkg.sheet_states() {
        writeln!(out, "== {name} ({state})").unwrap();
        let merged: Vec<String> = merges(path, &name)
            .into_iter()
            .map(|(t, l, b, r)| format!("{}:{}", super::a1(t, l), super::a1(b, r)))
            .collect();
        if !merged.is_empty() {
            writeln!(out, "merged: {}", merged.join(" ")).unwrap();
        }
        let values = absolute(&wb.values[&name]);
        let formulas = absolute(&wb.formulas[&name]);
        let fills = pkg.fills(&name);
        let cells: BTreeSet<(u32, u32)> = values
            .iter()
            .filter(|(_, v)| **v != Data::Empty)
            .map(|(p, _)| *p)
            .chain(
                formulas
                    .iter()
                    .filter(|(_, f)| !f.is_empty())
                    .map(|(p, _)| *p),
            )
            .chain(fills.keys().copied())
            .collect();
        let mut row = None;
        for (r, c) in cells {
            if row != Some(r) {
                if row.is_some() {
                    out.push('\n');
                }
                write!(out, "{:>4}:", r + 1).unwrap();
                row = Some(r);
            }
            write!(out, "  {}", super::a1(r, c)).unwrap();
            let value = values.get(&(r, c)).map(shown).unwrap_or_default();
            match formulas.get(&(r, c)).filter(|f| !f.is_empty()) {
                Some(f) => write!(out, " ={f} → {value}").unwrap(),
                None if !value.is_empty() => write!(out, " {value}").unwrap(),
                None => {}
            }
            if let Some(rgb) = fills.get(&(r, c)) {
                write!(out, " [{rgb}]").unwrap();
            }
        }
        if row.is_some() {
            out.push('\n');
        }
        for (cell, note) in pkg.notes(&name) {
            writeln!(out, "note {cell}: {note:?}").unwrap();
        }
    }
    out
}
