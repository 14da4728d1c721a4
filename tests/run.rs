//! `jixiao run` end to end: the real binary on the committed samples and on workbooks built
//! here, with every output READ BACK — the annotated workbooks (SPEC §5.1) and report.json.
//!
//! Values, cached formula results, formulas and merged ranges are read with calamine. Fills,
//! notes and hyperlinks, which calamine does not give, are read straight from the output
//! package with `zip`: a cell's `s` style → `xl/styles.xml` cellXfs → fills; the sheet's
//! relationships → `xl/commentsN.xml`; the sheet's `<hyperlink location=…>`.

use crate::common::xlsx::*;
use crate::common::*;
use calamine::{open_workbook, Data, Reader, Xlsx};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;

use std::path::{Path, PathBuf};

/// The seed sample, relative to the crate root.
const SEED: &str = "workbooks/县财政局/预算信息管理平台等运维项目绩效评价表.xlsx";
/// The fill of a reviewed value that changed.
const YELLOW: &str = "FFF2CC";
/// The fill of a cell with an error-level finding.
const RED: &str = "FFC7CE";

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `jixiao ARGS…` run in `dir`; never a panic.
fn run_in<S: AsRef<OsStr>>(dir: &Path, args: &[S]) -> Run {
    let out = jixiao()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run jixiao");
    let r = Run {
        code: out
            .status
            .code()
            .expect("exit code (not killed by a signal)"),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    };
    assert!(!r.stderr.contains("panicked"), "jixiao panicked:\n{r:?}");
    r
}

/// `jixiao run INPUT -o OUT` (plus `extra`), run in the crate root.
fn run_to(input: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&OsStr> = vec![os("run"), input.as_os_str(), os("-o"), out.as_os_str()];
    args.extend(extra.iter().map(|a| os(a)));
    run_in(&crate_root(), &args)
}

/// Every file under `dir` (recursively): `/`-separated relative path → bytes.
fn files_under(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).expect("under root");
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().to_string())
                    .collect();
                out.insert(rel.join("/"), std::fs::read(&path).expect("read file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for (rel, bytes) in files_under(from) {
        let path = to.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
        std::fs::write(path, bytes).expect("copy file");
    }
}

fn read_json(path: &Path) -> (String, Value) {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let v = serde_json::from_str(&text).expect("report.json is JSON");
    (text, v)
}

/// The report's entry for the file at `path`.
fn file_entry<'a>(report: &'a Value, path: &str) -> &'a Value {
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("no file {path} in the report"))
}

// ---- the 复核问题 sheet against the report --------------------------------------------------

fn severity_label(s: &str) -> &'static str {
    match s {
        "error" => "错误",
        "warning" => "警告",
        "info" => "提示",
        other => panic!("unknown severity {other}"),
    }
}

/// What the 复核问题 rows of a file should be, from its report entry: (代码, 级别, 位置, 指标,
/// 说明) and the link target, file-level diagnostics first.
fn expected_problems(file: &Value) -> Vec<([String; 5], Option<String>)> {
    let row = |sheet: Option<&str>, d: &Value| {
        let s = |k: &str| d[k].as_str().unwrap_or_default().to_string();
        let cell = d["cell"].as_str();
        let (place, link) = match (sheet, cell) {
            (Some(sheet), Some(cell)) => (
                format!("{sheet}!{cell}"),
                Some(format!("'{}'!{cell}", sheet.replace('\'', "''"))),
            ),
            (Some(sheet), None) => (sheet.to_string(), None),
            (None, _) => ("—".to_string(), None),
        };
        (
            [
                s("code"),
                severity_label(&s("severity")).to_string(),
                place,
                s("indicator"),
                s("message"),
            ],
            link,
        )
    };
    let mut out: Vec<_> = file["diagnostics"]
        .as_array()
        .expect("file diagnostics")
        .iter()
        .map(|d| row(None, d))
        .collect();
    for p in file["projects"].as_array().expect("projects") {
        for d in p["diagnostics"].as_array().expect("diagnostics") {
            out.push(row(p["sheet"].as_str(), d));
        }
    }
    out
}

/// Checks the last sheet 复核问题 of an annotated workbook against the report entry.
fn assert_problem_sheet(path: &Path, file: &Value) {
    let book = Wb::open(path);
    let pkg = Package::open(path);
    let s = book.names.last().expect("a sheet").as_str();
    assert!(
        s.starts_with("复核问题"),
        "{}: last sheet {s}",
        path.display()
    );
    let header: Vec<String> = ["A1", "B1", "C1", "D1", "E1"]
        .iter()
        .map(|c| book.text(s, c))
        .collect();
    assert_eq!(header, ["代码", "级别", "位置", "指标", "说明"]);
    let expected = expected_problems(file);
    let links = pkg.links(s);
    let mut rows = Vec::new();
    for r in 2..=expected.len() as u32 + 2 {
        let cells: Vec<String> = ["A", "B", "C", "D", "E"]
            .iter()
            .map(|c| book.text(s, &format!("{c}{r}")))
            .collect();
        if cells.iter().all(String::is_empty) {
            break;
        }
        rows.push((cells, links.get(&format!("C{r}")).cloned()));
    }
    let expected: Vec<(Vec<String>, Option<String>)> = expected
        .into_iter()
        .map(|(cells, link)| (cells.to_vec(), link))
        .collect();
    assert_eq!(
        rows,
        expected,
        "复核问题 of {} differs from report.json",
        path.display()
    );
}

// ---- workbooks built here -------------------------------------------------------------------

/// One indicator row, by column title.
struct Ind {
    l1: &'static str,
    l2: &'static str,
    l3: &'static str,
    criterion: &'static str,
    actual: &'static str,
    weight: &'static str,
    score: &'static str,
    deduction: &'static str,
    reason: &'static str,
}

/// The ten indicators of `clean_table()`, with 实际完成值 that agree with the filed scores
/// except 服务对象满意度: 85% under `满意度≥90%得满分，每降低1个百分点扣0.3分` is 8.5, filed 9.4.
#[rustfmt::skip]
const ROWS: [Ind; 10] = [
    Ind { l1: "决策(10)", l2: "项目立项(6分)", l3: "立项依据充分性",
          criterion: "①符合法律法规②符合发展规划③与部门职责相符，一项不符合扣1分",
          actual: "", weight: "3", score: "3", deduction: "", reason: "" },
    Ind { l1: "决策(10)", l2: "项目立项(6分)", l3: "立项程序规范性",
          criterion: "①按规定程序申请设立②审批文件符合要求，一项不符合扣1.5分",
          actual: "", weight: "3", score: "3", deduction: "", reason: "" },
    Ind { l1: "决策(10)", l2: "资金投入(4分)", l3: "预算编制科学性",
          criterion: "①预算编制经过论证②预算内容与项目内容匹配，一项不符合扣2分",
          actual: "", weight: "4", score: "4", deduction: "", reason: "" },
    Ind { l1: "过程(30)", l2: "资金管理(20分)", l3: "资金到位率",
          criterion: "资金到位率100%得满分，每降低1个百分点扣0.5分，扣完为止",
          actual: "100%", weight: "10", score: "10", deduction: "", reason: "" },
    Ind { l1: "过程(30)", l2: "资金管理(20分)", l3: "预算执行率",
          criterion: "预算执行率100%得满分，每降低1个百分点扣0.5分，扣完为止",
          actual: "100%", weight: "10", score: "10", deduction: "", reason: "" },
    Ind { l1: "过程(30)", l2: "组织实施(10分)", l3: "管理制度健全性",
          criterion: "健全的得10分,基本健全的得6分,不健全的不得分",
          actual: "健全", weight: "10", score: "10", deduction: "", reason: "" },
    Ind { l1: "产出(30)", l2: "产出数量(15分)", l3: "实际完成率",
          criterion: "计划建设内容完成100%的得15分,每减少1个百分点扣1分",
          actual: "100%", weight: "15", score: "15", deduction: "", reason: "" },
    Ind { l1: "产出(30)", l2: "产出质量(15分)", l3: "质量达标率",
          criterion: "未通过验收一项扣0.5分，扣完为止",
          actual: "", weight: "15", score: "14", deduction: "1", reason: "2项成果未通过验收，扣1分" },
    Ind { l1: "效益(30)", l2: "社会效益(20分)", l3: "服务对象覆盖率",
          criterion: "覆盖率100%得满分，每降低1个百分点扣1分",
          actual: "100%", weight: "20", score: "20", deduction: "", reason: "" },
    Ind { l1: "效益(30)", l2: "满意度(10分)", l3: "服务对象满意度",
          criterion: "满意度≥90%得满分，每降低1个百分点扣0.3分",
          actual: "85%", weight: "10", score: "9.4", deduction: "0.6",
          reason: "满意度88%，低于90%标准2个百分点，扣0.6分" },
];

fn field(ind: &Ind, title: &str) -> &'static str {
    match title {
        "一级指标" => ind.l1,
        "二级指标" => ind.l2,
        "三级指标" => ind.l3,
        "评价标准" => ind.criterion,
        "实际完成值" => ind.actual,
        "指标分值" => ind.weight,
        "评价得分" => ind.score,
        "扣分情况" | "扣分" => ind.deduction,
        "扣分原因" => ind.reason,
        other => panic!("no field for {other}"),
    }
}

/// Title row 1, facts rows 2–3, then `header` and the ten [`ROWS`] in its columns, then 合计.
fn table_with(sheet: Sheet) -> Sheet {
    let columns = sheet.columns();
    let mut t = sheet;
    for ind in &ROWS {
        let cells: Vec<&str> = columns.iter().map(|c| field(ind, c)).collect();
        t = t.row(&cells);
    }
    t.total(&["合计"]).recompute_total()
}

fn titled(name: &str) -> Sheet {
    Sheet::new(name)
        .title("XX县2024年平台运维项目支出绩效评价表")
        .fact("主管部门", "县财政局")
        .fact("项目名称", "平台运维项目")
}

/// One-row header (row 4): data rows 5–14, 合计 row 15.
fn table(columns: &[&str]) -> Sheet {
    table_with(titled("评分表").header(columns))
}

const WITH_ACTUAL: [&str; 9] = [
    "一级指标",
    "二级指标",
    "三级指标",
    "评价标准",
    "实际完成值",
    "指标分值",
    "评价得分",
    "扣分情况",
    "扣分原因",
];

/// Runs `jixiao run` on one workbook (`dir/in/评价表.xlsx`): (status, report, annotated path).
fn run_one(dir: &Path, book: Book) -> (Run, Value, PathBuf) {
    let input = dir.join("in");
    book.write(&input, "评价表.xlsx");
    let out = dir.join("out");
    let r = run_to(&input, &out, &[]);
    assert_ne!(r.code, 2, "{r:?}");
    let (_, report) = read_json(&out.join("report.json"));
    (r, report, out.join("复核/评价表.复核.xlsx"))
}

// ---- the committed samples ------------------------------------------------------------------

/// The annotated workbooks of the six samples of the brief, relative to OUT.
const SAMPLE_OUTPUTS: [&str; 6] = [
    "复核/县交通运输局/农村公路养护项目绩效评价表.复核.xlsx",
    "复核/县农业农村局/高标准农田建设项目绩效评价表.复核.xlsx",
    "复核/县卫生健康局/基本公共卫生服务项目绩效评价.复核.xlsx",
    "复核/县教育体育局/学生营养改善计划项目绩效评价表.复核.xlsx",
    "复核/县民政局/城乡低保资金绩效评价表.复核.xlsx",
    "复核/县财政局/预算信息管理平台等运维项目绩效评价表.复核.xlsx",
];

/// The sample workbooks in `workbooks/` (lock files and other files excluded): their
/// relative paths, and the annotated copies they must give, relative to OUT. Derived from the
/// folder so that a sample added later is covered too; the six above must be among them.
fn samples() -> (Vec<String>, Vec<String>) {
    let inputs: Vec<String> = files_under(&crate_root().join("workbooks"))
        .into_keys()
        .filter(|p| {
            let name = p.rsplit('/').next().unwrap();
            !name.starts_with("~$") && [".xlsx", ".xls", ".ods"].iter().any(|e| name.ends_with(e))
        })
        .collect();
    let outputs: Vec<String> = inputs
        .iter()
        .map(|p| format!("复核/{}.复核.xlsx", p.rsplit_once('.').unwrap().0))
        .collect();
    for known in SAMPLE_OUTPUTS {
        assert!(outputs.iter().any(|o| o == known), "{known} not expected");
    }
    (inputs, outputs)
}

#[test]
fn run_on_the_samples_writes_one_annotated_xlsx_per_sample_and_the_check_report() {
    let dir = tmp();
    let out = dir.path().join("结果");
    let r = run_in(
        &crate_root(),
        &[os("run"), os("workbooks"), os("-o"), out.as_os_str()],
    );
    assert_eq!(r.code, 1, "the samples hold errors on purpose: {r:?}");
    let written: Vec<String> = files_under(&out).into_keys().collect();
    let (inputs, mut expected) = samples();
    expected.extend(["report.json".into(), "汇总.xlsx".into()]);
    expected.sort();
    assert_eq!(
        written, expected,
        "one .复核.xlsx per sample (.xls/.ods too), in its department folder; no lock file, no temporary file"
    );
    let (json, report) = read_json(&out.join("report.json"));
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, inputs, "every sample, the lock file skipped");
    let check = run_in(
        &crate_root(),
        &[os("check"), os("--format"), os("json"), os("workbooks")],
    );
    assert_eq!(
        json, check.stdout,
        "report.json differs from check --format json"
    );
    // Every output is a real xlsx package whose last sheet lists the file's diagnostics.
    for f in report["files"].as_array().unwrap() {
        let rel = f["path"].as_str().unwrap();
        let stem = rel.rsplit_once('.').unwrap().0;
        let path = out.join(format!("复核/{stem}.复核.xlsx"));
        let pkg = Package::open(&path);
        assert!(pkg.parts.contains_key("xl/workbook.xml"), "{rel}");
        assert_problem_sheet(&path, f);
        assert_rows_once_in_order(&pkg, rel);
    }
    assert_rows_once_in_order(&Package::open(&out.join("汇总.xlsx")), "汇总.xlsx");
}

/// Every sheet of `pkg` lists each row once, top to bottom: Excel reports a file with a
/// repeated `<row>` as damaged (rust_xlsxwriter's low-memory sheets repeat a last row that
/// has a height of its own unless jixiao steps around it, see `RowOrder` in src/annotate.rs).
fn assert_rows_once_in_order(pkg: &Package, what: &str) {
    let mut sheets = 0;
    for (name, xml) in &pkg.parts {
        if !(name.starts_with("xl/worksheets/sheet") && name.ends_with(".xml")) {
            continue;
        }
        sheets += 1;
        let rows: Vec<u32> = tags(xml, "row")
            .iter()
            .map(|a| a["r"].parse().unwrap())
            .collect();
        assert!(
            rows.windows(2).all(|w| w[0] < w[1]),
            "{what} {name}: rows {rows:?}"
        );
    }
    assert!(sheets > 0, "{what}: no sheet");
}

#[test]
fn run_twice_with_the_output_inside_the_input_gives_the_same_bytes() {
    let dir = tmp();
    // Reference: the committed samples run from the crate root.
    let reference = dir.path().join("参照");
    let r = run_in(
        &crate_root(),
        &[os("run"), os("workbooks"), os("-o"), reference.as_os_str()],
    );
    assert_eq!(r.code, 1, "{r:?}");
    let reference = files_under(&reference);
    // A copy of the samples, with OUT inside it, run twice.
    copy_dir(
        &crate_root().join("workbooks"),
        &dir.path().join("workbooks"),
    );
    let inputs = files_under(&dir.path().join("workbooks"));
    let out = dir.path().join("workbooks/out");
    let mut runs = Vec::new();
    for _ in 0..2 {
        let r = run_in(
            dir.path(),
            &[os("run"), os("workbooks"), os("-o"), os("workbooks/out")],
        );
        assert_eq!(r.code, 1, "{r:?}");
        let (_, report) = read_json(&out.join("report.json"));
        let paths: Vec<&str> = report["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap())
            .collect();
        assert_eq!(paths, samples().0);
        assert!(
            paths.iter().all(|p| !p.starts_with("out/")),
            "the output folder was read as input: {paths:?}"
        );
        runs.push(files_under(&out));
    }
    for (name, bytes) in &runs[0] {
        assert!(
            runs[1].get(name) == Some(bytes),
            "{name} differs between two runs"
        );
        assert!(
            reference.get(name) == Some(bytes),
            "{name} differs from the run on the committed samples"
        );
    }
    assert_eq!(
        runs[0].keys().collect::<Vec<_>>(),
        runs[1].keys().collect::<Vec<_>>()
    );
    assert_eq!(
        runs[0].keys().collect::<Vec<_>>(),
        reference.keys().collect::<Vec<_>>()
    );
    // The inputs next to the output are untouched.
    let mut after = files_under(&dir.path().join("workbooks"));
    after.retain(|k, _| !k.starts_with("out/"));
    assert!(after == inputs, "an input changed");
}

#[test]
fn inputs_are_never_modified() {
    let before = files_under(&crate_root().join("workbooks"));
    let dir = tmp();
    let r = run_to(Path::new("workbooks"), &dir.path().join("out"), &[]);
    assert_eq!(r.code, 1, "{r:?}");
    let after = files_under(&crate_root().join("workbooks"));
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &before {
        assert!(after[name] == *bytes, "{name} was modified by run");
    }
    // A workbook built here, given as a file.
    let path = table(&WITH_ACTUAL).write(dir.path(), "in/表.xlsx");
    let bytes = std::fs::read(&path).unwrap();
    let r = run_to(&path, &dir.path().join("out2"), &[]);
    assert_ne!(r.code, 2, "{r:?}");
    assert!(std::fs::read(&path).unwrap() == bytes, "the input changed");
    assert!(dir.path().join("out2/复核/表.复核.xlsx").is_file());
}

#[test]
fn the_planted_errors_of_the_samples_are_red_with_their_codes() {
    let dir = tmp();
    let out = dir.path().join("out");
    let r = run_to(Path::new("workbooks"), &out, &[]);
    assert_eq!(r.code, 1, "{r:?}");
    let cases = [
        // (annotated workbook, sheet, cell, codes in the note)
        (
            "县农业农村局/高标准农田建设项目绩效评价表",
            "评分表",
            "E25",
            &["W101", "C204"][..],
        ),
        (
            "县教育体育局/学生营养改善计划项目绩效评价表",
            "Sheet1",
            "B13",
            &["W102"][..],
        ),
        (
            "县民政局/城乡低保资金绩效评价表",
            "城乡低保",
            "F10",
            &["C201"][..],
        ),
        (
            "县卫生健康局/基本公共卫生服务项目绩效评价",
            "慢性病管理",
            "A27",
            &["C207"][..],
        ),
    ];
    for (stem, sheet, cell, codes) in cases {
        let path = out.join(format!("复核/{stem}.复核.xlsx"));
        let pkg = Package::open(&path);
        assert_eq!(pkg.fill(sheet, cell).as_deref(), Some(RED), "{stem} {cell}");
        let note = pkg.notes(sheet).get(cell).cloned().unwrap_or_default();
        for code in codes {
            assert!(note.contains(code), "{stem} {cell}: {note:?}");
        }
    }
    // The .ods score `=1/0` is still that formula, with its error result.
    let book = Wb::open(&out.join("复核/县民政局/城乡低保资金绩效评价表.复核.xlsx"));
    assert_eq!(book.formula("城乡低保", "F10"), "1/0");
    assert!(matches!(book.value("城乡低保", "F10"), Data::Error(_)));
    // C203 (教育 G17, 扣分 0.5 for 8 − 7) is rewritten to 1: yellow, the code in the note.
    let path = out.join("复核/县教育体育局/学生营养改善计划项目绩效评价表.复核.xlsx");
    let pkg = Package::open(&path);
    assert_eq!(pkg.fill("Sheet1", "G17").as_deref(), Some(YELLOW));
    let note = &pkg.notes("Sheet1")["G17"];
    assert!(
        note.starts_with("原填报：0.5") && note.contains("C203"),
        "{note}"
    );
    assert_eq!(Wb::open(&path).number("Sheet1", "G17"), 1.0);
    // Its two-row header (rows 3–4) is kept; the added columns span both rows.
    let m = merges(&path, "Sheet1");
    for range in ["A3:A4", "G3:H3", "I3:I4", "J3:J4"] {
        assert!(m.contains(&rect(range)), "{range}: {m:?}");
    }
    let book = Wb::open(&path);
    let header: Vec<String> = ["G3", "G4", "H4", "I3", "J3"]
        .iter()
        .map(|c| book.text("Sheet1", c))
        .collect();
    assert_eq!(
        header,
        ["扣分情况", "扣分", "扣分原因", "评分依据", "复核说明"]
    );
}

// ---- nothing lost: the seed sample ----------------------------------------------------------

#[test]
fn the_seed_sample_keeps_every_sheet_cell_formula_and_merge() {
    let dir = tmp();
    let out = dir.path().join("out");
    let r = run_to(Path::new(SEED), &out, &[]);
    assert_eq!(r.code, 0, "the seed has warnings and infos only: {r:?}");
    let annotated = out.join("复核/预算信息管理平台等运维项目绩效评价表.复核.xlsx");
    let input = crate_root().join(SEED);
    let (inb, outb) = (Wb::open(&input), Wb::open(&annotated));
    let mut names = inb.names.clone();
    names.push("复核问题".into());
    assert_eq!(outb.names, names, "every sheet, in order, then 复核问题");
    let (_, report) = read_json(&out.join("report.json"));
    let file = &report["files"][0];
    let sheet = "评分表";
    // Every non-empty input cell is in the output; only the reviewed 扣分原因 of 服务对象满意度
    // (C208: the filed reason contradicts the deduction) differs.
    let (before, after) = (inb.cells(sheet), outb.cells(sheet));
    let mut changed = Vec::new();
    for (&(r, c), v) in &before {
        match after.get(&(r, c)) {
            Some(w) if w == v => {}
            other => changed.push((a1(r, c), v.clone(), other.cloned())),
        }
    }
    let reviewed = |name: &str| -> Value {
        file["projects"][0]["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["level3"] == name)
            .unwrap_or_else(|| panic!("no {name}"))
            .clone()
    };
    let satisfaction = reviewed("服务对象满意度");
    assert_eq!(satisfaction["row"], 27);
    assert_eq!(
        changed,
        vec![(
            "I27".to_string(),
            Data::String(satisfaction["reason_filed"].as_str().unwrap().into()),
            Some(Data::String(
                satisfaction["reason_reviewed"].as_str().unwrap().into()
            )),
        )],
        "only the reviewed reason may differ"
    );
    // The formulas of the department are still formulas; the total row's 评价得分/扣分情况 are
    // SUMs over the indicator rows with the reviewed totals as cached results.
    assert_eq!(inb.all_formulas(sheet), outb.all_formulas(sheet));
    assert_eq!(outb.formula(sheet, "F28"), "SUM(F7:F27)");
    assert_eq!(outb.formula(sheet, "G28"), "SUM(G7:G27)");
    assert_eq!(outb.formula(sheet, "H28"), "SUM(H7:H27)");
    assert_eq!(outb.number(sheet, "F28"), 100.0);
    assert_eq!(outb.number(sheet, "G28"), 95.4);
    assert_eq!(outb.number(sheet, "H28"), 4.6);
    // Merged ranges: all of the input's, and no other.
    assert_eq!(merges(&input, sheet), merges(&annotated, sheet));
    assert!(merges(&annotated, sheet).contains(&rect("A28:E28")));
    // The added columns and the review line (rows 29–30 hold the stated score and grade).
    assert_eq!(outb.text(sheet, "J6"), "评分依据");
    assert_eq!(outb.text(sheet, "K6"), "复核说明");
    assert_eq!(outb.text(sheet, "A31"), "复核得分：95.4　复核等级：优");
    assert!(outb.text(sheet, "K27").contains("C208"));
    // 复核问题: one row per diagnostic of the file, linked to its cell.
    assert_problem_sheet(&annotated, file);
    let links = Package::open(&annotated).links("复核问题");
    assert!(
        links.values().any(|l| l == "'评分表'!G27"),
        "a link to 评分表!G27: {links:?}"
    );
    let n = expected_problems(file).len();
    assert!(n >= 5, "R304, C208 and the R305s: {n}");
}

// ---- reviewed values ------------------------------------------------------------------------

#[test]
fn a_contradicted_score_is_rewritten_yellow_with_the_filed_value_in_a_note() {
    let dir = tmp();
    let sheet = table(&WITH_ACTUAL).below("评定等级：优");
    let (r, report, path) = run_one(dir.path(), Book::new().sheet(sheet.clone()));
    assert_eq!(r.code, 1, "R301 is an error: {r:?}");
    let ind = indicator(&report, "服务对象满意度");
    assert_eq!(ind["score_reviewed"], "8.5");
    assert_eq!(ind["deduction_reviewed"], "1.5");
    let reason = ind["reason_reviewed"].as_str().unwrap().to_string();
    assert!(
        reason.contains("85%") && reason.contains("1.5"),
        "a generated sentence: {reason}"
    );
    let book = Wb::open(&path);
    let pkg = Package::open(&path);
    let notes = pkg.notes("评分表");
    let s = "评分表";
    let (score, deduction, why) = (
        sheet.cell(9, "评价得分"),
        sheet.cell(9, "扣分情况"),
        sheet.cell(9, "扣分原因"),
    );
    assert_eq!((score.as_str(), why.as_str()), ("G14", "I14"));
    assert_eq!(book.number(s, &score), 8.5);
    assert_eq!(book.number(s, &deduction), 1.5);
    assert_eq!(book.text(s, &why), reason);
    for (cell, filed) in [
        (&score, "原填报：9.4"),
        (&deduction, "原填报：0.6"),
        (&why, "原填报：满意度88%，低于90%标准2个百分点，扣0.6分"),
    ] {
        assert_eq!(pkg.fill(s, cell).as_deref(), Some(YELLOW), "{cell}");
        let note = notes
            .get(cell)
            .unwrap_or_else(|| panic!("no note on {cell}"));
        assert!(note.starts_with(filed), "{cell}: {note}");
    }
    // The 合计 row: SUM formulas, reviewed totals, yellow since they changed.
    let (ts, td) = (sheet.total_cell("评价得分"), sheet.total_cell("扣分情况"));
    assert_eq!(book.formula(s, &ts), "SUM(G5:G14)");
    assert_eq!(book.formula(s, &td), "SUM(H5:H14)");
    assert_eq!(book.number(s, &ts), 97.5);
    assert_eq!(book.number(s, &td), 2.5);
    assert_eq!(pkg.fill(s, &ts).as_deref(), Some(YELLOW));
    assert!(notes[&ts].starts_with("原填报：98.4"), "{}", notes[&ts]);
    // Unchanged cells keep no colour and no note.
    for cell in [sheet.cell(0, "评价得分"), sheet.cell(7, "扣分原因")] {
        assert_eq!(pkg.fill(s, &cell), None, "{cell}");
        assert!(!notes.contains_key(&cell), "{cell}");
    }
    // 评分依据 and 复核说明 at the right of the table.
    assert_eq!(book.text(s, "J4"), "评分依据");
    assert_eq!(book.text(s, "K4"), "复核说明");
    assert_eq!(book.text(s, "J14"), ind["basis"].as_str().unwrap());
    assert!(
        book.text(s, "K14").contains("R301"),
        "{}",
        book.text(s, "K14")
    );
    // Under the table, in column A, below the department's own line (row 16).
    assert_eq!(book.text(s, "A16"), "评定等级：优");
    assert_eq!(book.text(s, "A17"), "复核得分：97.5　复核等级：优");
    assert_eq!(project(&report)["score_reviewed"], "97.5");
    assert_problem_sheet(&path, &report["files"][0]);
}

#[test]
fn an_error_cell_that_is_not_rewritten_is_red_with_the_code_in_a_note() {
    let dir = tmp();
    // 项目立项 declares 7 over 3 + 3 (W102 on the merged level2 cell); the 合计 weight says 99
    // (C204).
    let sheet = clean_table()
        .replace("项目立项(6分)", "项目立项(7分)")
        .merge_level_cells(true)
        .set_total("指标分值", "99");
    let (r, report, path) = run_one(dir.path(), Book::new().sheet(sheet.clone()));
    assert_eq!(r.code, 1, "{r:?}");
    let w102 = sheet.cell(0, "二级指标");
    let c204 = sheet.total_cell("指标分值");
    at(&report, "W102", &w102);
    at(&report, "C204", &c204);
    let pkg = Package::open(&path);
    let book = Wb::open(&path);
    let notes = pkg.notes("评分表");
    for (cell, code, value) in [
        (&w102, "W102", Data::String("项目立项(7分)".into())),
        (&c204, "C204", Data::Float(99.0)),
    ] {
        assert_eq!(pkg.fill("评分表", cell).as_deref(), Some(RED), "{cell}");
        let note = notes
            .get(cell)
            .unwrap_or_else(|| panic!("no note on {cell}"));
        assert!(note.contains(code), "{cell}: {note}");
        assert_eq!(book.value("评分表", cell), value, "the filed value is kept");
    }
    // The level2 cell is still merged over its two rows.
    assert!(merges(&path, "评分表").contains(&rect("B5:B6")));
    // 复核说明 (column J: A–H, then 评分依据 I) of those rows names the codes.
    assert_eq!(book.text("评分表", "J4"), "复核说明");
    assert!(book.text("评分表", "J5").contains("W102"));
    assert!(book.text("评分表", "J15").contains("C204"));
    // A warning is not an error: no red.
    let warning_only = clean_table().set(7, "扣分原因", "");
    let (_, report, path) = run_one(
        &dir.path().join("2"),
        Book::new().sheet(warning_only.clone()),
    );
    let cell = warning_only.cell(7, "扣分原因");
    at(&report, "C205", &cell);
    assert_eq!(Package::open(&path).fill("评分表", &cell), None);
}

#[test]
fn missing_deduction_and_reason_columns_are_added_at_the_right() {
    let dir = tmp();
    let sheet = table(&[
        "一级指标",
        "二级指标",
        "三级指标",
        "评价标准",
        "实际完成值",
        "指标分值",
        "评价得分",
    ]);
    let (_, report, path) = run_one(dir.path(), Book::new().sheet(sheet.clone()));
    let book = Wb::open(&path);
    let s = "评分表";
    let titles: Vec<String> = ["H4", "I4", "J4", "K4"]
        .iter()
        .map(|c| book.text(s, c))
        .collect();
    assert_eq!(titles, ["扣分情况", "扣分原因", "评分依据", "复核说明"]);
    // 质量达标率 (row 12) lost 1 with no failed items: kept, and no C205, since the table gave
    // no place for a reason. 服务对象满意度 (row 14) is rescored from 85%: 8.5, a generated
    // reason.
    let quality = indicator(&report, "质量达标率");
    let satisfaction = indicator(&report, "服务对象满意度");
    assert_eq!(satisfaction["score_reviewed"], "8.5");
    assert_eq!(book.number(s, "G14"), 8.5);
    assert_eq!(book.number(s, "H12"), 1.0);
    assert_eq!(book.number(s, "H14"), 1.5);
    assert_eq!(
        book.text(s, "I12"),
        quality["reason_reviewed"].as_str().unwrap()
    );
    let reason = satisfaction["reason_reviewed"].as_str().unwrap();
    assert!(reason.contains("85%"), "{reason}");
    assert_eq!(book.text(s, "I14"), reason);
    assert!(
        !book.text(s, "K12").contains("C205"),
        "{}",
        book.text(s, "K12")
    );
    assert!(
        !report.to_string().contains("\"C205\""),
        "no C205 without a reason column"
    );
    assert_eq!(
        book.value(s, "H5"),
        Data::Empty,
        "nothing deducted: left empty"
    );
    assert_eq!(
        book.text(s, "J5"),
        indicator(&report, "立项依据充分性")["basis"]
            .as_str()
            .unwrap()
    );
    // The 合计 row gets its deduction total too.
    assert_eq!(book.formula(s, "G15"), "SUM(G5:G14)");
    assert_eq!(book.formula(s, "H15"), "SUM(H5:H14)");
    assert_eq!(book.number(s, "G15"), 97.5);
    assert_eq!(book.number(s, "H15"), 2.5);
    assert_eq!(book.text(s, "A16"), "复核得分：97.5　复核等级：优");
    // The department's cells are where they were.
    assert_eq!(book.text(s, "C14"), "服务对象满意度");
    assert_eq!(book.text(s, "E14"), "85%");
    assert_eq!(book.number(s, "F15"), 100.0);
}

#[test]
fn a_two_row_header_keeps_both_rows() {
    let dir = tmp();
    let sheet = table_with(titled("评分表").header2(
        &[
            "一级指标",
            "二级指标",
            "三级指标",
            "评价标准",
            "指标分值",
            "评价得分",
            "扣分情况",
            "",
        ],
        &["", "", "", "", "", "", "扣分", "扣分原因"],
    ));
    let (r, report, path) = run_one(dir.path(), Book::new().sheet(sheet.clone()));
    let input = dir.path().join("in/评价表.xlsx");
    assert_ne!(r.code, 2);
    assert_eq!(
        project(&report)["indicators"].as_array().unwrap().len(),
        10,
        "the table is read"
    );
    let (inb, outb) = (Wb::open(&input), Wb::open(&path));
    let s = "评分表";
    for row in [4, 5] {
        for col in 0..8 {
            let cell = a1(row - 1, col);
            assert_eq!(
                inb.value(s, &cell),
                outb.value(s, &cell),
                "header cell {cell}"
            );
        }
    }
    assert_eq!(outb.text(s, "G4"), "扣分情况");
    assert_eq!(outb.text(s, "G5"), "扣分");
    assert_eq!(outb.text(s, "H5"), "扣分原因");
    let m = merges(&path, s);
    for range in ["A4:A5", "F4:F5", "G4:H4", "I4:I5", "J4:J5"] {
        assert!(m.contains(&rect(range)), "{range} not merged: {m:?}");
    }
    assert!(merges(&input, s).is_subset(&m));
    assert_eq!(outb.text(s, "I4"), "评分依据");
    assert_eq!(outb.text(s, "J4"), "复核说明");
    assert_eq!(outb.text(s, "C6"), "立项依据充分性");
    assert_eq!(sheet.excel_row(0), 6);
    assert_eq!(outb.number(s, "F15"), 9.4);
}

// ---- safety ---------------------------------------------------------------------------------

#[test]
fn text_starting_with_equals_is_written_as_text() {
    let dir = tmp();
    let sheet = Sheet::new("评分表")
        .title("XX县2024年平台运维项目支出绩效评价表")
        .fact("主管部门", "县财政局")
        .fact("项目名称", "'=SUM(1,2)")
        .header(&HEADER);
    let sheet = table_with(sheet)
        .set(7, "扣分原因", "'=1+1")
        .set(2, "三级指标", "'=HYPERLINK(\"http://example.com\")")
        .set(2, "评价得分", "3")
        .set(2, "扣分情况", "0.5")
        .recompute_total();
    let (_, report, path) = run_one(dir.path(), Book::new().sheet(sheet.clone()));
    // C203 on the =HYPERLINK row: its name is shown in the 复核问题 sheet and in notes.
    let c203 = only(&report, "C203");
    let book = Wb::open(&path);
    let s = "评分表";
    let reason = sheet.cell(7, "扣分原因");
    let name = sheet.cell(2, "三级指标");
    for (cell, text) in [
        ("B3", "=SUM(1,2)"),
        (reason.as_str(), "=1+1"),
        (name.as_str(), "=HYPERLINK(\"http://example.com\")"),
    ] {
        assert_eq!(book.value(s, cell), Data::String(text.into()), "{cell}");
        assert_eq!(book.formula(s, cell), "", "{cell} became a formula");
    }
    let problems = book.all_formulas("复核问题");
    assert!(problems.is_empty(), "{problems:?}");
    let row = (2..40)
        .find(|r| book.text("复核问题", &format!("A{r}")) == "C203")
        .expect("the C203 row");
    assert_eq!(
        book.text("复核问题", &format!("D{row}")),
        c203.indicator.unwrap()
    );
    assert!(
        book.all_formulas(s).keys().all(|&(r, _)| r == 14),
        "only the 合计 row"
    );
}

#[test]
fn awkward_sheet_names_still_write_and_link() {
    let long = "预算信息管理平台等运维项目支出绩效评价指标体系表（二〇二四年）";
    assert_eq!(long.chars().count(), 31);
    let odd = "A'B (2) #1&<x>\"%\"=+-!;,@{}";
    let names = [long, odd, "复核问题"];
    let mut book = Book::new();
    for n in names {
        book = book.sheet(clean_table().named(n).set(7, "扣分原因", ""));
    }
    let dir = tmp();
    let (r, report, path) = run_one(dir.path(), book);
    assert_eq!(r.code, 0, "{r:?}");
    let out = Wb::open(&path);
    assert_eq!(out.names.len(), 4);
    assert_eq!(out.names[..3], names);
    let problems = out.names[3].clone();
    assert!(
        problems.starts_with("复核问题") && problems != "复核问题",
        "the problem sheet gets a free name: {problems}"
    );
    for n in names {
        assert_eq!(out.text(n, "C5"), "立项依据充分性", "{n}");
    }
    assert_eq!(report["totals"]["projects"], 3);
    // One row per diagnostic, each linked to its sheet (the C205 of every sheet at H12).
    assert_problem_sheet(&path, &report["files"][0]);
    let links: BTreeSet<String> = Package::open(&path)
        .links(&problems)
        .into_values()
        .collect();
    for n in names {
        let link = format!("'{}'!H12", n.replace('\'', "''"));
        assert!(links.contains(&link), "no {link} in {links:?}");
    }
}

/// A sheet name longer than Excel allows (an .ods from LibreOffice can have one): the copy
/// shortens it and the links follow.
#[test]
fn a_sheet_name_longer_than_31_characters_is_shortened_and_linked() {
    let dir = tmp();
    let input = clean_table()
        .named("PLACEHOLDER")
        .set(7, "扣分原因", "")
        .write(&dir.path().join("in"), "评价表.xlsx");
    let long = "预算信息管理平台等运维项目支出绩效评价指标体系表（二〇二四年度）";
    assert!(long.chars().count() > 31);
    edit_part(&input, "xl/workbook.xml", |x| {
        x.replace("PLACEHOLDER", long)
    });
    assert_eq!(Wb::open(&input).names, [long]);
    let out = dir.path().join("out");
    let r = run_to(&dir.path().join("in"), &out, &[]);
    assert_eq!(r.code, 0, "{r:?}");
    let path = out.join("复核/评价表.复核.xlsx");
    let book = Wb::open(&path);
    let short: String = long.chars().take(31).collect();
    assert_eq!(book.names, [short.clone(), "复核问题".to_string()]);
    assert_eq!(book.text(&short, "C5"), "立项依据充分性");
    let links: Vec<String> = Package::open(&path)
        .links("复核问题")
        .into_values()
        .collect();
    assert!(links.contains(&format!("'{short}'!H12")), "{links:?}");
    assert!(
        links.iter().all(|l| l.starts_with(&format!("'{short}'!"))),
        "{links:?}"
    );
}

/// Excel counts a sheet name's length in UTF-16 units: a character outside the BMP (e.g. the
/// CJK Extension B 𠀾 of some place names) counts 2.
#[test]
fn a_sheet_name_with_a_supplementary_character_still_writes() {
    let dir = tmp();
    let input = clean_table()
        .named("PLACEHOLDER")
        .write(&dir.path().join("in"), "评价表.xlsx");
    // 31 characters, 32 UTF-16 units.
    let name = format!("𠀾{}", "绩".repeat(30));
    assert_eq!(name.chars().count(), 31);
    edit_part(&input, "xl/workbook.xml", |x| {
        x.replace("PLACEHOLDER", &name)
    });
    let out = dir.path().join("out");
    let r = run_to(&dir.path().join("in"), &out, &[]);
    assert_eq!(r.code, 0, "{r:?}");
    let book = Wb::open(&out.join("复核/评价表.复核.xlsx"));
    assert_eq!(book.names.len(), 2);
    assert!(book.names[0].encode_utf16().count() <= 31);
    assert_eq!(book.text(&book.names[0], "C5"), "立项依据充分性");
}

#[test]
fn an_unreadable_file_is_reported_and_the_others_are_still_annotated() {
    let dir = tmp();
    let input = dir.path().join("in");
    clean_table().write(&input, "a.xlsx");
    table(&WITH_ACTUAL).write(&input, "部门/b.xlsx");
    // Random bytes (a fixed pseudo-random sequence) named .xlsx.
    let mut state: u32 = 0x2545_F491;
    let junk: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state >> 24) as u8
        })
        .collect();
    std::fs::write(input.join("x.xlsx"), &junk).unwrap();
    let out = dir.path().join("out");
    let r = run_to(&input, &out, &[]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("x.xlsx"), "{}", r.stdout);
    let (_, report) = read_json(&out.join("report.json"));
    let x = file_entry(&report, "x.xlsx");
    assert_eq!(x["status"], "unreadable");
    assert_eq!(x["diagnostics"][0]["code"], "S001");
    assert_eq!(x["diagnostics"][0]["cell"], Value::Null);
    assert_eq!(report["totals"]["unreadable"], 1);
    let written: Vec<String> = files_under(&out).into_keys().collect();
    assert_eq!(
        written,
        [
            "report.json",
            "复核/a.复核.xlsx",
            "复核/部门/b.复核.xlsx",
            "汇总.xlsx"
        ]
    );
    for f in ["复核/a.复核.xlsx", "复核/部门/b.复核.xlsx"] {
        let book = Wb::open(&out.join(f));
        assert_eq!(book.names, ["评分表", "复核问题"], "{f}");
        assert_eq!(book.text("评分表", "C5"), "立项依据充分性");
    }
}

#[test]
fn an_output_folder_that_is_a_file_gives_exit_2_naming_it() {
    let dir = tmp();
    let input = dir.path().join("in");
    clean_table().write(&input, "1.xlsx");
    let blocker = dir.path().join("结果");
    std::fs::write(&blocker, b"a file where the output folder should be").unwrap();
    let r = run_to(&input, &blocker, &[]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains(&blocker.display().to_string()),
        "the message names {}: {}",
        blocker.display(),
        r.stderr
    );
    assert_eq!(
        std::fs::read(&blocker).unwrap(),
        b"a file where the output folder should be"
    );
    // OUT/复核 is a file: report.json is written, the workbook is not, and the message says
    // which.
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("复核"), b"x").unwrap();
    let r = run_to(&input, &out, &[]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("1.xlsx"), "{}", r.stderr);
    assert!(
        r.stderr.contains(&out.join("复核").display().to_string()),
        "{}",
        r.stderr
    );
    assert!(out.join("report.json").is_file());
}

#[test]
fn quiet_prints_nothing_on_success() {
    let dir = tmp();
    let input = dir.path().join("in");
    clean_table().write(&input, "1.xlsx");
    clean_table().write(&input, "2.xlsx");
    let out = dir.path().join("out");
    let r = run_to(&input, &out, &["-q"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr, "");
    assert!(out.join("复核/1.复核.xlsx").is_file());
    assert!(out.join("复核/2.复核.xlsx").is_file());
    assert!(out.join("report.json").is_file());
}

#[test]
fn json_format_prints_the_report() {
    let dir = tmp();
    let input = dir.path().join("in");
    clean_table().write(&input, "1.xlsx");
    table(&WITH_ACTUAL).write(&input, "2.xlsx");
    let out = dir.path().join("out");
    let r = run_to(&input, &out, &["--format", "json"]);
    assert_eq!(r.code, 1, "{r:?}");
    let (json, report) = read_json(&out.join("report.json"));
    assert_eq!(r.stdout, json);
    assert_eq!(report["totals"]["files"], 2);
    assert_eq!(r.stderr, "", "no progress bar in JSON mode");
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let dir = tmp();
    let input = dir.path().join("in");
    for k in 0..4 {
        clean_table().write(&input, &format!("{k}.xlsx"));
    }
    let out = dir.path().join("out");
    let r = run_to(&input, &out, &[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.stderr, "", "stderr is a pipe here");
    assert!(r.stdout.contains("复核工作簿 4 个"), "{}", r.stdout);
}

/// The other side of the test above: on a terminal (util-linux `script` gives one) text mode
/// shows the bar, `-q` and JSON mode do not. Skipped where `script` is missing.
#[cfg(target_os = "linux")]
#[test]
fn the_progress_bar_shows_on_a_terminal_only_in_text_mode() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no `script` to give jixiao a terminal");
        return;
    }
    let dir = tmp();
    let input = dir.path().join("in");
    for k in 0..4 {
        clean_table().write(&input, &format!("{k}.xlsx"));
    }
    let terminal_output = |extra: &str| -> String {
        let log = dir.path().join("typescript");
        let command = format!(
            "'{}' run '{}' -o '{}' {extra} >/dev/null",
            env!("CARGO_BIN_EXE_jixiao"),
            input.display(),
            dir.path().join("out").display()
        );
        let status = std::process::Command::new("script")
            .args(["-q", "-e", "-c", &command])
            .arg(&log)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .status()
            .expect("run script");
        assert!(status.success(), "{command}: {status}");
        String::from_utf8_lossy(&std::fs::read(&log).expect("typescript")).to_string()
    };
    assert!(
        terminal_output("").contains("复核中"),
        "text mode on a terminal"
    );
    assert!(!terminal_output("-q").contains("复核中"), "-q");
    assert!(!terminal_output("--format json").contains("复核中"), "JSON");
}

// ---- regressions: bugs these tests found, fixed ------------------------------------------

/// A score above its weight (C202) is not kept: the reviewed cell holds the weight, yellow,
/// with a note saying what was filed and the finding.
#[test]
fn a_score_above_its_weight_is_reviewed_as_the_weight_with_a_note() {
    let dir = tmp();
    // 实际完成率: weight 15, score 16.
    let sheet = clean_table().set(6, "评价得分", "16").recompute_total();
    let (r, report, path) = run_one(dir.path(), Book::new().sheet(sheet.clone()));
    assert_eq!(r.code, 1, "{r:?}");
    let cell = sheet.cell(6, "评价得分");
    at(&report, "C202", &cell);
    let pkg = Package::open(&path);
    assert_eq!(pkg.fill("评分表", &cell).as_deref(), Some(YELLOW), "{cell}");
    let note = pkg.notes("评分表").get(&cell).cloned().unwrap_or_default();
    assert!(note.starts_with("原填报：16"), "{cell}: note {note:?}");
    assert!(note.contains("C202"), "{cell}: note {note:?}");
}

/// The same in the committed sample: 慢性病管理!G19 (血糖控制率 7 of 6, C202).
#[test]
fn every_error_cell_of_the_samples_is_marked() {
    let dir = tmp();
    let out = dir.path().join("out");
    let r = run_to(Path::new("workbooks"), &out, &[]);
    assert_eq!(r.code, 1, "{r:?}");
    let (_, report) = read_json(&out.join("report.json"));
    let mut unmarked = Vec::new();
    for f in report["files"].as_array().unwrap() {
        let rel = f["path"].as_str().unwrap();
        let stem = rel.rsplit_once('.').unwrap().0;
        let pkg = Package::open(&out.join(format!("复核/{stem}.复核.xlsx")));
        for p in f["projects"].as_array().unwrap() {
            let sheet = p["sheet"].as_str().unwrap();
            let notes = pkg.notes(sheet);
            for d in p["diagnostics"].as_array().unwrap() {
                let (Some(cell), "error") = (d["cell"].as_str(), d["severity"].as_str().unwrap())
                else {
                    continue;
                };
                let code = d["code"].as_str().unwrap();
                let fill = pkg.fill(sheet, cell);
                let noted = notes.get(cell).is_some_and(|n| n.contains(code));
                // Red, or yellow when the review rewrote the cell; the code in the note.
                if !(matches!(fill.as_deref(), Some(RED) | Some(YELLOW)) && noted) {
                    unmarked.push(format!("{rel} {sheet}!{cell} {code} fill {fill:?}"));
                }
            }
        }
    }
    assert_eq!(unmarked, Vec::<String>::new());
}

/// A hidden sheet stays hidden in the copy, also when it is the first one.
#[test]
fn a_hidden_first_sheet_stays_hidden() {
    let dir = tmp();
    let book = Book::new()
        .sheet(Sheet::new("填表说明").line("本表由项目单位填写").hidden())
        .sheet(clean_table());
    let (r, _, path) = run_one(dir.path(), book);
    assert_eq!(r.code, 0, "{r:?}");
    let wb: Xlsx<_> = open_workbook(&path).unwrap();
    let visible: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible == calamine::SheetVisible::Visible))
        .collect();
    assert_eq!(
        visible,
        [
            ("填表说明".to_string(), false),
            ("评分表".to_string(), true),
            ("复核问题".to_string(), true)
        ]
    );
}

/// A department's per-row formulas in a reviewed column (扣分情况 = 分值 − 得分) are kept where
/// the reviewed value equals the filed one: nothing the department wrote is lost.
#[test]
fn unchanged_formula_cells_in_reviewed_columns_keep_their_formulas() {
    let dir = tmp();
    let mut sheet = clean_table();
    for i in 0..10 {
        let row = sheet.excel_row(i);
        let w: f64 = sheet.value(i, "指标分值").parse().unwrap();
        let s: f64 = sheet.value(i, "评价得分").parse().unwrap();
        let d = ((w - s) * 10.0).round() / 10.0;
        sheet = sheet.set(i, "扣分情况", &format!("=E{row}-F{row} -> {d}"));
    }
    let (r, report, path) = run_one(dir.path(), Book::new().sheet(sheet.clone()));
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        project(&report)["score_reviewed"],
        "98.4",
        "nothing changes"
    );
    let input = Wb::open(&dir.path().join("in/评价表.xlsx"));
    let book = Wb::open(&path);
    for i in 0..10 {
        let cell = sheet.cell(i, "扣分情况");
        assert_eq!(
            book.formula("评分表", &cell),
            input.formula("评分表", &cell),
            "{cell}"
        );
    }
}

/// Two INPUT folders holding the same relative path: both annotated copies are written (or
/// the run refuses); one must never silently overwrite the other.
#[test]
fn two_inputs_with_the_same_relative_path_do_not_overwrite_each_other() {
    let dir = tmp();
    let d = dir.path();
    clean_table().write(&d.join("财政局"), "评价表.xlsx");
    table(&WITH_ACTUAL).write(&d.join("教育局"), "评价表.xlsx");
    clean_table().write(&d.join("财政局"), "只在财政局.xlsx");
    let r = run_in(d, &["run", "财政局", "教育局", "-o", "out"]);
    assert!(r.code < 2, "{r:?}");
    // The shared path is shown and written under each folder's name; the other as it is.
    let written: Vec<String> = files_under(&d.join("out/复核")).into_keys().collect();
    assert_eq!(
        written,
        vec![
            "只在财政局.复核.xlsx",
            "教育局/评价表.复核.xlsx",
            "财政局/评价表.复核.xlsx"
        ],
    );
    let (_, report) = read_json(&d.join("out/report.json"));
    let paths: Vec<&str> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().expect("path"))
        .collect();
    assert_eq!(
        paths,
        vec![
            "只在财政局.xlsx",
            "教育局/评价表.xlsx",
            "财政局/评价表.xlsx"
        ]
    );
}

/// OUT equal to the INPUT folder: the run must review the files (skipping only its own
/// outputs) or refuse with exit 2 — not review nothing and exit 0.
#[test]
fn an_output_folder_equal_to_the_input_is_not_a_silent_no_op() {
    let dir = tmp();
    let d = dir.path();
    clean_table().write(&d.join("报送"), "评价表.xlsx");
    let r = run_in(d, &["run", "报送", "-o", "报送"]);
    if r.code == 2 {
        return;
    }
    let (_, report) = read_json(&d.join("报送/report.json"));
    assert_eq!(report["totals"]["files"], 1, "{r:?}");
}
