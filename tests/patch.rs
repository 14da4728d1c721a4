//! The annotated copy of an `.xlsx` is the department's own package with the review added
//! (issue #17). A workbook with everything a department makes — fonts, fills, number formats,
//! widths, heights, merged cells, an image, a chart on another sheet, data validation, a
//! comment, a hidden sheet, a defined name, frozen panes — is built with rust_xlsxwriter, run
//! through `jixiao run`, and its copy opened as a package:
//!
//! - every part the review does not touch is byte-identical to the input's;
//! - every XML part is well-formed, every relationship target exists, every part has a content
//!   type;
//! - the features are all still there, and calamine reads the reviewed values back;
//! - the department's comment is kept, the review's notes are added.

use crate::common::*;
use calamine::{open_workbook, Data, Reader, Xlsx};
use rust_xlsxwriter::{
    Chart, ChartType, DataValidation, Format, FormatAlign, FormatBorder, Image, Note, Workbook,
};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

/// A 1×1 PNG (a department's scanned seal, in miniature).
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x08, 0xD7, 0x63, 0xF8, 0xCF, 0xC0, 0x00,
    0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xDD, 0x8D, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E,
    0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// The styled workbook: 评分表 (the indicator table, one score filed wrong), 数据 (a chart's
/// data and the chart), 隐藏 (hidden).
fn styled_workbook(path: &Path) {
    let mut wb = Workbook::new();
    let title = Format::new()
        .set_bold()
        .set_font_name("黑体")
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    let header = Format::new()
        .set_bold()
        .set_font_name("仿宋")
        .set_background_color(0xDDEBF7)
        .set_border(FormatBorder::Thin);
    let cell = Format::new()
        .set_font_name("仿宋")
        .set_border(FormatBorder::Thin);
    let score = cell.clone().set_num_format("0.00");
    let ws = wb.add_worksheet();
    ws.set_name("评分表").unwrap();
    ws.merge_range(0, 0, 0, 6, "示例项目支出绩效评价评分表", &title)
        .unwrap();
    for (c, t) in [
        "一级指标",
        "二级指标",
        "三级指标",
        "评价标准",
        "指标分值",
        "评价得分",
        "扣分原因",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(1, c as u16, *t, &header)
            .unwrap();
    }
    let rows: [[&str; 7]; 3] = [
        [
            "决策",
            "项目立项",
            "立项依据充分性",
            "完成得满分，未完成不得分",
            "40",
            "40",
            "",
        ],
        [
            "产出",
            "产出数量",
            "完成数量",
            "每发现1处问题扣1分",
            "60",
            "58",
            "发现2处问题",
        ],
        ["合计", "", "", "", "100", "97", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        for (c, v) in row.iter().enumerate() {
            let f = if c >= 4 { &score } else { &cell };
            match v.parse::<f64>() {
                Ok(n) => ws.write_number_with_format(r, c as u16, n, f).unwrap(),
                Err(_) => ws.write_string_with_format(r, c as u16, *v, f).unwrap(),
            };
        }
    }
    ws.set_column_width(3, 30).unwrap();
    ws.set_column_width(6, 22).unwrap();
    ws.set_row_height(0, 30).unwrap();
    ws.set_freeze_panes(2, 0).unwrap();
    ws.add_data_validation(
        2,
        5,
        4,
        5,
        &DataValidation::new()
            .allow_decimal_number(rust_xlsxwriter::DataValidationRule::Between(0.0, 100.0)),
    )
    .unwrap();
    ws.insert_note(3, 6, &Note::new("请财政局核对").set_author("填报人"))
        .unwrap();
    ws.insert_image(6, 1, &Image::new_from_buffer(PNG).unwrap())
        .unwrap();
    let data = wb.add_worksheet();
    data.set_name("数据").unwrap();
    data.write_number(0, 0, 95.0).unwrap();
    data.write_number(1, 0, 97.0).unwrap();
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values(("数据", 0, 0, 1, 0));
    data.insert_chart(0, 2, &chart).unwrap();
    let hidden = wb.add_worksheet();
    hidden.set_name("隐藏").unwrap();
    hidden.write_string(0, 0, "内部").unwrap();
    hidden.set_hidden(true);
    wb.define_name("合计得分", "=评分表!$F$5").unwrap();
    wb.save(path).unwrap();
}

fn parts(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        out.insert(f.name().expect("entry name").to_string(), bytes);
    }
    out
}

fn compression_methods(path: &Path) -> BTreeMap<String, zip::CompressionMethod> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let f = zip.by_index_raw(i).unwrap();
            (f.name().expect("entry name").to_string(), f.compression())
        })
        .collect()
}

fn text(p: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(p[name].clone()).unwrap_or_else(|_| panic!("{name} is not UTF-8"))
}

/// Well-formed: every start has its end, and quick-xml reads to the end.
fn well_formed(bytes: &[u8]) -> bool {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_reader(bytes);
    let mut depth = 0i64;
    let mut buf = Vec::new();
    loop {
        match r.read_event_into(&mut buf) {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Eof) => return depth == 0,
            Ok(_) => {}
            Err(_) => return false,
        }
        buf.clear();
    }
}

fn annotate(input: &Path) -> (std::path::PathBuf, serde_json::Value) {
    let out = input.parent().unwrap().join("out");
    let r = run([
        "run".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "-q".as_ref(),
    ]);
    assert!(r.code <= 1, "run failed: {}\n{}", r.code, r.stderr);
    let stem = input.file_stem().unwrap().to_string_lossy();
    let copy = out.join("复核").join(format!("{stem}.复核.xlsx"));
    assert!(copy.exists(), "{} missing; {}", copy.display(), r.stderr);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    (copy, report)
}

#[test]
fn a_styled_workbook_comes_back_with_everything_and_the_review_added() {
    let dir = tmp();
    let input = dir.path().join("示例项目.xlsx");
    styled_workbook(&input);
    let (copy, report) = annotate(&input);
    // JIXIAO_TEST_KEEP=DIR keeps the input and its copy, to look at them in Excel or LibreOffice.
    if let Ok(keep) = std::env::var("JIXIAO_TEST_KEEP") {
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::copy(&input, Path::new(&keep).join("input.xlsx")).unwrap();
        std::fs::copy(&copy, Path::new(&keep).join("annotated.xlsx")).unwrap();
    }
    let codes: Vec<String> = report["files"][0]["diagnostics"]
        .as_array()
        .map(|d| {
            d.iter()
                .filter_map(|d| d["code"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    assert!(
        !codes.contains(&"S004".into()),
        "patched, not rebuilt: {codes:?}"
    );

    let before = parts(&input);
    let after = parts(&copy);
    assert_valid_copy(&before, &after);
    // Only these parts of this input are edited.
    let edited: BTreeSet<&str> = [
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
        "xl/comments1.xml",
        "xl/drawings/vmlDrawing1.vml",
        "_rels/.rels",
    ]
    .into();
    for (name, bytes) in &before {
        if !edited.contains(name.as_str()) && name != "xl/calcChain.xml" {
            assert!(after.get(name) == Some(bytes), "{name} changed");
        }
    }
    assert!(
        text(&after, "docProps/custom.xml").contains("name=\"jixiao\""),
        "the copy carries the mark of jixiao's outputs"
    );
    // Written parts of at most 4 KB are stored, larger ones deflated; untouched ones keep the
    // input's compression (they are copied raw).
    let methods = compression_methods(&copy);
    let input_methods = compression_methods(&input);
    for (name, bytes) in &after {
        let method = methods[name];
        if before.get(name) == Some(bytes) {
            assert_eq!(method, input_methods[name], "{name} copied as it was");
        } else if bytes.len() <= 4096 {
            assert_eq!(method, zip::CompressionMethod::Stored, "{name}");
        } else {
            assert_eq!(method, zip::CompressionMethod::Deflated, "{name}");
        }
    }
    assert_eq!(methods["xl/workbook.xml"], zip::CompressionMethod::Stored);
    // The features.
    let sheet = text(&after, "xl/worksheets/sheet1.xml");
    for (what, needle) in [
        ("frozen panes", "state=\"frozen\""),
        ("data validation", "<dataValidations"),
        ("merged title", "<mergeCell ref=\"A1:G1\""),
        ("the image's drawing", "<drawing "),
        ("column width", "width=\"30.7109375\""),
        ("row height", "ht=\"30\""),
    ] {
        assert!(sheet.contains(needle), "{what} lost:\n{sheet}");
    }
    assert!(
        after.keys().any(|n| n.starts_with("xl/media/")),
        "image lost"
    );
    assert!(
        after.keys().any(|n| n.starts_with("xl/charts/")),
        "chart lost"
    );
    let workbook = text(&after, "xl/workbook.xml");
    assert!(workbook.contains("state=\"hidden\""), "hidden sheet shown");
    assert!(workbook.contains("合计得分"), "defined name lost");
    assert!(workbook.contains("name=\"复核问题\""), "no 复核问题 sheet");
    let styles = text(&after, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"0.00\""), "number format lost");
    assert!(
        styles.contains("仿宋") && styles.contains("黑体"),
        "fonts lost"
    );
    assert!(
        styles.contains("FFFFF2CC"),
        "no yellow fill for the changed cell"
    );
    // The department's comment kept, the review's notes added.
    let comments = text(&after, "xl/comments1.xml");
    assert!(comments.contains("请财政局核对"), "{comments}");
    assert!(comments.contains("原填报"), "{comments}");
    // calamine reads the reviewed values: 产出 58 → 58 (2 × 1), 合计 97 → 98? The count rule
    // scores 60 − 2 = 58 and the filed 40 stands: 98 is the reviewed total.
    let mut wb: Xlsx<_> = open_workbook(&copy).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names, ["评分表", "数据", "隐藏", "复核问题"]);
    let range = wb.worksheet_range("评分表").unwrap();
    assert_eq!(range.get_value((3, 5)), Some(&Data::Float(58.0)));
    assert_eq!(
        range.get_value((4, 5)),
        Some(&Data::Float(98.0)),
        "reviewed total"
    );
    let formulas = wb.worksheet_formula("评分表").unwrap();
    assert!(
        formulas.used_cells().any(|(_, _, f)| f.contains("SUM(")),
        "the total is a SUM formula"
    );
    // Deterministic: the same bytes on a second run.
    let again = dir.path().join("again");
    std::fs::create_dir_all(&again).unwrap();
    std::fs::copy(&input, again.join("示例项目.xlsx")).unwrap();
    let (copy2, _) = annotate(&again.join("示例项目.xlsx"));
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        std::fs::read(&copy2).unwrap()
    );
}

/// The checks every patched copy passes: every XML part well-formed, every relationship
/// target a part, every part typed; every part of the input that is not one the review may
/// edit (the workbook, its relationships, styles, content types, a worksheet, its
/// relationships, comments and drawing; calcChain is dropped) byte-identical.
fn assert_valid_copy(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) {
    let types = text(after, "[Content_Types].xml");
    let targets = regex::Regex::new(r#"Target="([^"]+)"( TargetMode="External")?"#).unwrap();
    for (name, bytes) in after {
        if name.ends_with(".xml") || name.ends_with(".rels") || name.ends_with(".vml") {
            assert!(well_formed(bytes), "{name} is not well-formed XML");
        }
        let ext = name.rsplit('.').next().unwrap();
        let typed = types.contains(&format!("PartName=\"/{name}\""))
            || types.contains(&format!("Extension=\"{ext}\""))
            || types.contains(&format!("Extension=\"{}\"", ext.to_uppercase()));
        assert!(typed, "{name} has no content type");
        if let Some(rest) = name.strip_suffix(".rels") {
            let owner = rest.replace("_rels/", "");
            for cap in targets.captures_iter(&text(after, name)) {
                if cap.get(2).is_some() {
                    continue;
                }
                let target = resolve(&owner, &cap[1]);
                assert!(
                    after.contains_key(&target),
                    "{name} points at missing {target}"
                );
            }
        }
    }
    let may_edit = |n: &str| {
        matches!(
            n,
            "[Content_Types].xml"
                | "xl/workbook.xml"
                | "xl/_rels/workbook.xml.rels"
                | "xl/styles.xml"
                // The mark of jixiao's outputs (a custom document property).
                | "_rels/.rels"
                | "docProps/custom.xml"
        ) || n.starts_with("xl/worksheets/")
            || n.starts_with("xl/comments")
            || n.starts_with("xl/drawings/vmlDrawing")
            || n == "xl/calcChain.xml"
    };
    for (name, bytes) in before {
        if !may_edit(name) {
            assert!(after.get(name) == Some(bytes), "{name} changed");
        }
    }
}

/// Every `.xlsx` the project holds — the samples, the committed fixtures (openpyxl-,
/// LibreOffice- and Excel-made, and the real transcribed tables) — is patched, not rebuilt,
/// and its copy passes [`assert_valid_copy`].
#[test]
fn every_committed_xlsx_is_patched_into_a_valid_package() {
    let dir = tmp();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for (i, base) in ["workbooks", "tests/fixtures"].iter().enumerate() {
        let base = root.join(base);
        let out = dir.path().join(format!("out{i}"));
        let r = run([
            "run".as_ref(),
            base.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "-q".as_ref(),
        ]);
        assert!(r.code <= 1, "{}", r.stderr);
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap())
                .unwrap();
        for f in report["files"].as_array().unwrap() {
            let path = f["path"].as_str().unwrap();
            if !path.ends_with(".xlsx") {
                continue;
            }
            let codes: Vec<&str> = f["diagnostics"]
                .as_array()
                .map(|d| d.iter().filter_map(|d| d["code"].as_str()).collect())
                .unwrap_or_default();
            assert!(!codes.contains(&"S004"), "{path} was rebuilt: {f}");
            let input = base.join(path);
            let rel = Path::new(path);
            let stem = rel.file_stem().unwrap().to_string_lossy();
            let copy = out
                .join("复核")
                .join(rel.parent().unwrap())
                .join(format!("{stem}.复核.xlsx"));
            assert!(copy.exists(), "{} missing", copy.display());
            assert_valid_copy(&parts(&input), &parts(&copy));
            checked += 1;
        }
    }
    assert!(checked >= 30, "{checked} copies checked");
}

fn resolve(owner: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = owner.split('/').collect();
    parts.pop();
    for seg in target.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// A package the patcher cannot edit safely (here: rows written out of order, which some
/// generators do) is rebuilt instead, with S004 (提示) saying why — never a broken file.
#[test]
fn a_package_it_cannot_edit_safely_is_rebuilt_with_the_reason() {
    use std::io::Write;
    let dir = tmp();
    let styled = dir.path().join("styled.xlsx");
    styled_workbook(&styled);
    let mut p = parts(&styled);
    let sheet = text(&p, "xl/worksheets/sheet1.xml");
    let first = sheet.find("<row ").unwrap();
    let last = sheet.rfind("<row ").unwrap();
    let end = sheet[last..].find("</row>").unwrap() + last + "</row>".len();
    let moved = format!(
        "{}{}{}{}",
        &sheet[..first],
        &sheet[last..end],
        &sheet[first..last],
        &sheet[end..]
    );
    p.insert("xl/worksheets/sheet1.xml".into(), moved.into_bytes());
    let input = dir.path().join("乱序.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&input).unwrap());
    for (name, bytes) in &p {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    let (copy, report) = annotate(&input);
    let s004 = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "S004")
        .unwrap_or_else(|| panic!("no S004: {report}"));
    assert_eq!(s004["severity"], "info");
    assert!(
        s004["message"].as_str().unwrap().contains("不是按顺序"),
        "{s004}"
    );
    // The rebuilt copy opens and holds the review.
    let wb: Xlsx<_> = open_workbook(&copy).unwrap();
    assert!(wb.sheet_names().contains(&"复核问题".to_string()));
}

/// A rewrite of some parts of a package.
type Change = dyn Fn(&mut BTreeMap<String, Vec<u8>>);

/// The styled workbook with some of its parts rewritten the way other producers write them.
fn mutated(
    dir: &Path,
    name: &str,
    change: impl Fn(&mut BTreeMap<String, Vec<u8>>),
) -> std::path::PathBuf {
    use std::io::Write;
    let styled = dir.join(format!("{name}.base.xlsx"));
    styled_workbook(&styled);
    let mut p = parts(&styled);
    change(&mut p);
    std::fs::remove_file(&styled).unwrap();
    let input = dir.join(format!("{name}.xlsx"));
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&input).unwrap());
    for (n, bytes) in &p {
        zip.start_file(n.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
    input
}

fn edit_text(p: &mut BTreeMap<String, Vec<u8>>, part: &str, f: impl Fn(String) -> String) {
    let t = text(p, part);
    p.insert(part.into(), f(t).into_bytes());
}

fn s004(report: &serde_json::Value) -> Option<String> {
    report["files"][0]["diagnostics"]
        .as_array()?
        .iter()
        .find(|d| d["code"] == "S004")
        .and_then(|d| d["message"].as_str().map(String::from))
}

/// What real producers write and the patcher edits: absolute relationship targets, the
/// indicator sheet not first in the package and named with CJK and an apostrophe, cells and
/// rows without addresses. Each copy is patched (no S004) and passes [`assert_valid_copy`].
#[test]
fn what_other_producers_write_is_patched() {
    let dir = tmp();
    let cases: Vec<(&str, Box<Change>)> = vec![
        (
            "absolute",
            Box::new(|p| {
                edit_text(p, "xl/_rels/workbook.xml.rels", |t| {
                    t.replace("Target=\"worksheets/", "Target=\"/xl/worksheets/")
                        .replace("Target=\"styles.xml\"", "Target=\"/xl/styles.xml\"")
                })
            }),
        ),
        (
            "quoted",
            Box::new(|p| {
                edit_text(p, "xl/workbook.xml", |t| {
                    t.replace("name=\"评分表\"", "name=\"张三's 评分表\"")
                        .replace("评分表!$F$5", "'张三''s 评分表'!$F$5")
                })
            }),
        ),
        (
            "unaddressed",
            Box::new(|p| {
                // The 数据 sheet's cells lose their addresses (openpyxl-style writers may omit
                // them); the indicator sheet is not touched by this.
                edit_text(p, "xl/worksheets/sheet2.xml", |t| {
                    regex::Regex::new(r#" r="[A-Z]+[0-9]+""#)
                        .unwrap()
                        .replace_all(&t, "")
                        .to_string()
                })
            }),
        ),
    ];
    for (name, change) in &cases {
        let input = mutated(dir.path(), name, change);
        let (copy, report) = annotate(&input);
        assert_eq!(s004(&report), None, "{name} was rebuilt");
        assert_valid_copy(&parts(&input), &parts(&copy));
        let wb: Xlsx<_> = open_workbook(&copy).unwrap();
        assert!(wb.sheet_names().contains(&"复核问题".to_string()), "{name}");
    }
    // The link to a cell of a sheet named with an apostrophe doubles it.
    let copy = dir.path().join("out/复核/quoted.复核.xlsx");
    let problems = parts(&copy)
        .into_iter()
        .filter(|(n, _)| n.starts_with("xl/worksheets/sheet"))
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .find(|x| x.contains("<hyperlink "))
        .expect("a sheet with links");
    assert!(
        problems.contains("location=\"'张三''s 评分表'!"),
        "{problems}"
    );
}

/// What the patcher will not edit falls back to the rebuild with the reason: a reviewed cell
/// that is the master of a shared formula, and threaded comments on the sheet.
#[test]
fn what_it_cannot_edit_safely_falls_back_with_the_reason() {
    let dir = tmp();
    let shared = mutated(dir.path(), "shared", |p| {
        // F5 (the total the review rewrites) becomes the master of a shared formula over F5:G5.
        edit_text(p, "xl/worksheets/sheet1.xml", |t| {
            let re = regex::Regex::new(r#"<c r="F5"([^>]*)><v>"#).unwrap();
            re.replace(
                &t,
                r#"<c r="F5"$1><f t="shared" ref="F5:G5" si="0">SUM(F3:F4)</f><v>"#,
            )
            .to_string()
        })
    });
    let threaded = mutated(dir.path(), "threaded", |p| {
        edit_text(p, "xl/worksheets/_rels/sheet1.xml.rels", |t| {
            t.replace(
                "</Relationships>",
                "<Relationship Id=\"rId99\" Type=\"http://schemas.microsoft.com/office/2017/10/relationships/threadedComment\" Target=\"../threadedComments/threadedComment1.xml\"/></Relationships>",
            )
        });
        p.insert(
            "xl/threadedComments/threadedComment1.xml".into(),
            b"<ThreadedComments xmlns=\"http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments\"/>".to_vec(),
        );
    });
    for (input, why) in [(shared, "共享公式"), (threaded, "threaded")] {
        let (copy, report) = annotate(&input);
        let message = s004(&report).unwrap_or_else(|| panic!("{} patched", input.display()));
        assert!(message.contains(why), "{message}");
        let wb: Xlsx<_> = open_workbook(&copy).unwrap();
        assert!(wb.sheet_names().contains(&"复核问题".to_string()));
    }
}

/// A macro-enabled workbook (`.xlsm`) is patched with its macros kept, so its copy is saved as
/// `.复核.xlsm` — the extension Excel opens a macro-enabled package under.
#[test]
fn an_xlsm_keeps_its_macros_and_its_extension() {
    let dir = tmp();
    let input = mutated(dir.path(), "宏", |p| {
        edit_text(p, "[Content_Types].xml", |t| {
            t.replace(
                "spreadsheetml.sheet.main+xml",
                "ms-excel.sheet.macroEnabled.main+xml",
            )
        });
        p.insert("xl/vbaProject.bin".into(), b"VBA".to_vec());
    });
    let xlsm = input.with_extension("xlsm");
    std::fs::rename(&input, &xlsm).unwrap();
    let out = dir.path().join("out");
    let r = run([
        "run".as_ref(),
        xlsm.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "-q".as_ref(),
    ]);
    assert!(r.code <= 1, "{}", r.stderr);
    let copy = out.join("复核/宏.复核.xlsm");
    assert!(copy.exists(), "no .xlsm copy: {}", r.stderr);
    let p = parts(&copy);
    assert_eq!(
        p.get("xl/vbaProject.bin").map(Vec::as_slice),
        Some(&b"VBA"[..])
    );
    assert!(text(&p, "[Content_Types].xml").contains("macroEnabled"));
}

/// A cell past Excel's 32,767 characters (written by some generator) is S005 at that cell;
/// report.json keeps the text whole; the patched copy keeps the department's cell as it was
/// (issue #18 item 9).
#[test]
fn a_text_past_excels_limit_is_kept_whole_and_named() {
    let dir = tmp();
    let long = "长".repeat(40_000);
    let input = mutated(dir.path(), "长文字", |p| {
        edit_text(p, "xl/sharedStrings.xml", |t| {
            t.replace("发现2处问题", &long)
        });
    });
    let (_, report) = check_json(&input);
    let project = &report["files"][0]["projects"][0];
    let s005 = project["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "S005")
        .unwrap_or_else(|| panic!("no S005: {project}"));
    assert_eq!(s005["cell"], "G4");
    let reason = project["indicators"][1]["reason_filed"].as_str().unwrap();
    assert_eq!(
        reason.chars().count(),
        40_000,
        "report.json keeps the text whole"
    );
    let (copy, _) = annotate(&input);
    let sheet = text(&parts(&copy), "xl/sharedStrings.xml");
    assert!(
        sheet.contains(&long),
        "the department's cell is kept as it was"
    );
}

/// The number format code of the cell `a1` in a package written by rust_xlsxwriter: the `s` of
/// its `<c>`, that `xf`'s `numFmtId`, that `numFmt`'s code.
fn number_format_of(p: &BTreeMap<String, Vec<u8>>, sheet: &str, a1: &str) -> Option<String> {
    let xml = text(p, sheet);
    let at = xml.find(&format!("<c r=\"{a1}\""))?;
    let tag = &xml[at..at + xml[at..].find('>')?];
    let s: usize = tag.split(" s=\"").nth(1)?.split('"').next()?.parse().ok()?;
    let styles = text(p, "xl/styles.xml");
    let xfs = styles.split("<cellXfs").nth(1)?;
    let xf = xfs.split("<xf ").nth(s + 1)?;
    let id = xf.split("numFmtId=\"").nth(1)?.split('"').next()?;
    let def = styles
        .split(&format!("numFmtId=\"{id}\" formatCode=\""))
        .nth(1)?;
    Some(def.split('"').next()?.to_string())
}

/// The rebuilt copy of `fixture` (the 水利局 sample saved by LibreOffice with formats: 执行率
/// 0.925 as `0.0%`, budget figures `#,##0.00`, the score `0.00`, the page portrait) keeps those
/// formats and the orientation; the copy of `landscape_sample` stays landscape. Returns the
/// copy's parts.
fn assert_formats_kept(
    fixture: &str,
    name: &str,
    landscape_sample: &str,
) -> BTreeMap<String, Vec<u8>> {
    let dir = tmp();
    let input = dir.path().join(name);
    std::fs::copy(fixture, &input).unwrap();
    let (copy, _) = annotate(&input);
    let p = parts(&copy);
    let sheet = "xl/worksheets/sheet1.xml";
    assert_eq!(number_format_of(&p, sheet, "H5").as_deref(), Some("0.0%"));
    assert_eq!(
        number_format_of(&p, sheet, "E5").as_deref(),
        Some("#,##0.00")
    );
    // The reviewed score (10 → 9.25) keeps the cell's format under the yellow fill.
    assert_eq!(number_format_of(&p, sheet, "I5").as_deref(), Some("0.00"));
    assert!(text(&p, sheet).contains("orientation=\"portrait\""));
    let mut wb: Xlsx<_> = open_workbook(&copy).unwrap();
    let range = wb.worksheet_range("自评表").unwrap();
    assert_eq!(
        range.get_value((4, 7)),
        Some(&Data::Float(0.925)),
        "a number, not text"
    );
    let extension = Path::new(landscape_sample).extension().unwrap();
    let landscape = dir.path().join("横向").with_extension(extension);
    std::fs::copy(landscape_sample, &landscape).unwrap();
    let (copy, _) = annotate(&landscape);
    let sheet_xml = text(&parts(&copy), "xl/worksheets/sheet1.xml");
    assert!(
        sheet_xml.contains("orientation=\"landscape\""),
        "{sheet_xml}"
    );
    p
}

#[test]
fn a_rebuilt_ods_keeps_its_percentages_decimals_and_orientation() {
    // Read from styles.xml and content.xml (tests/fixtures/ods_formats).
    assert_formats_kept(
        "tests/fixtures/ods_formats/农村饮水安全巩固提升工程绩效自评表.ods",
        "自评表.ods",
        "workbooks/县民政局/城乡低保资金绩效评价表.ods",
    );
}

#[test]
fn a_rebuilt_xls_keeps_its_percentages_decimals_and_orientation() {
    // The .ods fixture saved as .xls by LibreOffice (tests/fixtures/xls_formats): the same
    // formats, read from the BIFF records (calamine gives only dates).
    let p = assert_formats_kept(
        "tests/fixtures/xls_formats/农村饮水安全巩固提升工程绩效自评表.xls",
        "自评表.xls",
        "workbooks/县农业农村局/高标准农田建设项目绩效评价表.xls",
    );
    // The copy says the formatting was rebuilt, and what was kept.
    let note = text(&p, "xl/sharedStrings.xml");
    assert!(note.contains("数字格式和打印方向保留"), "{note}");
}

/// S005's boundary: exactly Excel's 32,767 characters is within the limit (no S005), one more
/// is past it.
#[test]
fn s005_just_inside_and_just_outside_excels_limit() {
    let dir = tmp();
    for (n, expected) in [(32_767usize, false), (32_768, true)] {
        let long = "长".repeat(n);
        let input = mutated(dir.path(), &format!("长文字{n}"), |p| {
            edit_text(p, "xl/sharedStrings.xml", |t| {
                t.replace("发现2处问题", &long)
            });
        });
        let (_, report) = check_json(&input);
        let found = report["files"][0]["projects"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "S005");
        assert_eq!(found, expected, "{n} characters");
    }
}
