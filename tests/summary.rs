//! The county summary `OUT/汇总.xlsx` (SPEC §5.2, README “The county summary”): `jixiao run` on
//! a batch built in the test (departments in sub-folders, both families, an unreadable file, a
//! project whose total cannot be formed) and on the committed `workbooks/`, read back with
//! calamine and cross-checked, sheet by sheet, against `OUT/report.json`. Links and charts,
//! which calamine does not give, are read from the package with the zip crate.

use crate::common::xlsx::{resolve, unescape};
use crate::common::*;
use calamine::{open_workbook_auto, Data, Range, Reader};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The grade bands of the default configuration, best first.
const GRADES: [&str; 4] = ["优", "良", "中", "差"];

const SHEETS: [&str; 6] = [
    "项目汇总",
    "部门汇总",
    "等级分布",
    "指标失分",
    "问题清单",
    "无法读取",
];

// ---- the batch ----------------------------------------------------------------------------------

/// The test batch, one folder per department:
///
/// | file | family | result |
/// |---|---|---|
/// | 县财政局/平台运维项目.xlsx | 评价 (clean_table) | 98.4 优, 通过 |
/// | 县财政局/平台运维项目二.xlsx | 评价, 满意度 reason left out | 98.4 优, C205, 通过 |
/// | 县教育体育局/资助项目自评表.xlsx | 自评 (self_eval_form) | 89.41 良, 通过 |
/// | 县水利局/饮水工程自评表.xlsx | 自评, no 主管部门 (→ folder), budget score 10 for 9.25 | 90.66 优, B401, 需修改 |
/// | 县卫生健康局/公卫项目.xlsx | 评价, one score `不详` | no total, C201, 需修改 |
/// | 县民政局/低保资金.xlsx | not a workbook | 无法读取 |
fn write_batch(input: &Path) {
    clean_table().write(&input.join("县财政局"), "平台运维项目.xlsx");
    clean_table()
        .set(9, "扣分原因", "")
        .write(&input.join("县财政局"), "平台运维项目二.xlsx");
    self_eval_form().write(&input.join("县教育体育局"), "资助项目自评表.xlsx");
    let budget = [
        ["年度资金总额", "300", "320", "296", "10", "92.5%", "10"],
        ["其中：本年财政拨款", "300", "300", "280", "", "", ""],
        ["上年结转资金", "", "20", "16", "", "", ""],
        ["其他资金", "", "", "", "", "", ""],
    ];
    self_eval_sheet("农村饮水安全巩固提升工程", "", &budget, &SELF_ROWS)
        .write(&input.join("县水利局"), "饮水工程自评表.xlsx");
    clean_table()
        .set(5, "评价得分", "不详")
        .write(&input.join("县卫生健康局"), "公卫项目.xlsx");
    std::fs::create_dir_all(input.join("县民政局")).unwrap();
    std::fs::write(
        input.join("县民政局/低保资金.xlsx"),
        b"not a workbook at all",
    )
    .unwrap();
}

/// `jixiao run INPUT -o OUT -q` in `cwd`; returns the exit status.
fn run_in(cwd: &Path, input: &Path, out: &Path) -> i32 {
    let o = jixiao()
        .current_dir(cwd)
        .arg("run")
        .arg(input)
        .arg("-o")
        .arg(out)
        .arg("-q")
        .output()
        .expect("run jixiao");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    o.status.code().expect("exit code")
}

fn read_report(out: &Path) -> Value {
    let text = std::fs::read_to_string(out.join("report.json")).expect("report.json");
    serde_json::from_str(&text).expect("report.json is JSON")
}

// ---- reading 汇总.xlsx --------------------------------------------------------------------------

struct Summary {
    path: PathBuf,
    names: Vec<String>,
    sheets: BTreeMap<String, Range<Data>>,
}

impl Summary {
    fn open(out: &Path) -> Summary {
        let path = out.join("汇总.xlsx");
        let mut wb = open_workbook_auto(&path)
            .unwrap_or_else(|e| panic!("calamine cannot open {}: {e}", path.display()));
        let names = wb.sheet_names().to_vec();
        let sheets = names
            .iter()
            .map(|n| (n.clone(), wb.worksheet_range(n).expect("sheet")))
            .collect();
        Summary {
            path,
            names,
            sheets,
        }
    }

    fn sheet(&self, name: &str) -> &Range<Data> {
        &self.sheets[name]
    }

    /// The data rows of a sheet (row 0 is the header).
    fn rows(&self, name: &str) -> u32 {
        self.sheet(name).end().map(|(r, _)| r).unwrap_or(0)
    }

    fn text(&self, name: &str, row: u32, col: u32) -> String {
        match self.sheet(name).get_value((row, col)) {
            None | Some(Data::Empty) => String::new(),
            Some(Data::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        }
    }

    fn num(&self, name: &str, row: u32, col: u32) -> Option<f64> {
        match self.sheet(name).get_value((row, col)) {
            Some(Data::Float(f)) => Some(*f),
            Some(Data::Int(i)) => Some(*i as f64),
            None | Some(Data::Empty) => None,
            Some(Data::String(s)) if s.is_empty() => None,
            other => panic!("{name}({row}, {col}) is not a number: {other:?}"),
        }
    }

    fn header(&self, name: &str) -> Vec<String> {
        let width = self.sheet(name).end().map(|(_, c)| c + 1).unwrap_or(0);
        (0..width).map(|c| self.text(name, 0, c)).collect()
    }

    /// The column of a header title.
    fn col(&self, name: &str, title: &str) -> u32 {
        self.header(name)
            .iter()
            .position(|t| t == title || t.starts_with(&format!("{title}（")))
            .unwrap_or_else(|| panic!("{name} has no column {title}: {:?}", self.header(name)))
            as u32
    }

    fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.path).unwrap()
    }
}

/// A part of the xlsx package, as text.
fn part(xlsx: &[u8], name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("an xlsx is a zip");
    let mut f = zip.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf-8 part");
    Some(s)
}

/// The `<tag …>` openings of an XML text.
fn tags<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag} ");
    xml.match_indices(&open)
        .map(|(i, _)| {
            let rest = &xml[i..];
            &rest[..rest.find('>').map(|e| e + 1).unwrap_or(rest.len())]
        })
        .collect()
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(unescape(&tag[start..end]))
}

/// The relationships of a part: id → (type, target resolved, external?).
fn rels(xlsx: &[u8], owner: &str) -> BTreeMap<String, (String, String, bool)> {
    let (dir, file) = owner.rsplit_once('/').unwrap_or(("", owner));
    let rels_name = format!("{dir}/_rels/{file}.rels");
    let Some(xml) = part(xlsx, &rels_name) else {
        return BTreeMap::new();
    };
    tags(&xml, "Relationship")
        .into_iter()
        .map(|t| {
            let external = attr(t, "TargetMode").as_deref() == Some("External");
            let target = attr(t, "Target").unwrap_or_default();
            let target = if external {
                target
            } else {
                resolve(owner, &target)
            };
            (
                attr(t, "Id").unwrap_or_default(),
                (attr(t, "Type").unwrap_or_default(), target, external),
            )
        })
        .collect()
}

/// The part of the worksheet named `sheet`.
fn sheet_part(xlsx: &[u8], sheet: &str) -> String {
    let workbook = part(xlsx, "xl/workbook.xml").expect("workbook.xml");
    let wb_rels = rels(xlsx, "xl/workbook.xml");
    let tag = tags(&workbook, "sheet")
        .into_iter()
        .find(|t| attr(t, "name").as_deref() == Some(sheet))
        .unwrap_or_else(|| panic!("no sheet {sheet}"));
    let id = attr(tag, "r:id").expect("r:id");
    wb_rels[&id].1.clone()
}

/// The links of a sheet: cell → (external target, location). 汇总.xlsx links with
/// `HYPERLINK("target#location", "text")` formulas (they stream with their rows; hyperlink
/// objects would all be held in memory); hyperlink objects are read too.
fn links(xlsx: &[u8], sheet: &str) -> BTreeMap<String, (String, String)> {
    let owner = sheet_part(xlsx, sheet);
    let xml = part(xlsx, &owner).expect("sheet part");
    let rel = rels(xlsx, &owner);
    let mut out: BTreeMap<String, (String, String)> = tags(&xml, "hyperlink")
        .into_iter()
        .map(|t| {
            let target = attr(t, "r:id")
                .and_then(|id| rel.get(&id).map(|r| r.1.clone()))
                .unwrap_or_default();
            (
                attr(t, "ref").expect("ref"),
                (target, attr(t, "location").unwrap_or_default()),
            )
        })
        .collect();
    let mut rest = xml.as_str();
    while let Some(start) = rest.find("<c r=\"") {
        rest = &rest[start + 6..];
        let Some(end_ref) = rest.find('"') else { break };
        let cell_ref = rest[..end_ref].to_string();
        let cell_end = rest.find("</c>").unwrap_or(rest.len());
        let cell = &rest[..cell_end];
        if let (Some(f0), Some(f1)) = (cell.find("<f>"), cell.find("</f>")) {
            let formula = unescape(&cell[f0 + 3..f1]);
            if let Some(args) = formula.strip_prefix("HYPERLINK(\"") {
                let link = args
                    .split("\",\"")
                    .next()
                    .unwrap_or_default()
                    .replace("\"\"", "\"");
                let (target, location) = link.split_once('#').unwrap_or((link.as_str(), ""));
                out.insert(cell_ref, (target.to_string(), location.to_string()));
            }
        }
    }
    out
}

/// The chart parts drawn on a sheet (through its drawing).
fn charts_of(xlsx: &[u8], sheet: &str) -> Vec<String> {
    let owner = sheet_part(xlsx, sheet);
    let mut charts = Vec::new();
    for (ty, drawing, _) in rels(xlsx, &owner).into_values() {
        if ty.ends_with("/drawing") {
            for (ty, chart, _) in rels(xlsx, &drawing).into_values() {
                if ty.ends_with("/chart") {
                    charts.push(chart);
                }
            }
        }
    }
    charts
}

// ---- the report, as the summary should show it -----------------------------------------------

fn d(v: &Value) -> Option<Decimal> {
    v.as_str().map(|s| s.parse().expect("decimal string"))
}

fn f(v: Option<Decimal>) -> Option<f64> {
    v.map(|d| d.to_f64().unwrap())
}

fn close(a: Option<f64>, b: Option<f64>, what: &str) {
    match (a, b) {
        (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{what}: {a} ≠ {b}"),
        _ => assert_eq!(a, b, "{what}"),
    }
}

fn severity_counts(diags: &Value) -> (usize, usize) {
    let diags = diags.as_array().unwrap();
    let n = |s: &str| diags.iter().filter(|d| d["severity"] == s).count();
    (n("error"), n("warning"))
}

/// `复核/<path without its extension>.复核.xlsx`.
fn annotated_of(path: &str) -> String {
    let stem = path.rsplit_once('.').map(|(s, _)| s).unwrap_or(path);
    format!("复核/{stem}.复核.xlsx")
}

/// The folder a report path is in (its department when the sheet names none).
fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("")
}

fn projects(report: &Value) -> Vec<&Value> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["projects"].as_array().unwrap())
        .collect()
}

fn round2(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// Every sheet of `汇总.xlsx` against report.json. Returns the summary for more checks.
fn verify(out: &Path) -> (Summary, Value) {
    let report = read_report(out);
    let sum = Summary::open(out);
    assert_eq!(sum.names, SHEETS, "sheets in order");
    let xlsx = sum.bytes();

    // 项目汇总: one row per project, and one per file without projects.
    let sh = "项目汇总";
    assert_eq!(
        sum.header(sh),
        [
            "序号",
            "部门",
            "文件",
            "工作表",
            "项目名称",
            "预算数（万元）",
            "执行数（万元）",
            "执行率",
            "填报得分",
            "复核得分",
            "差异",
            "等级",
            "错误",
            "警告",
            "状态"
        ]
    );
    let mut row = 0;
    for file in report["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        let (file_errors, _) = severity_counts(&file["diagnostics"]);
        let ps = file["projects"].as_array().unwrap();
        if ps.is_empty() {
            row += 1;
            assert_eq!(sum.num(sh, row, 0), Some(f64::from(row)), "序号");
            assert_eq!(sum.text(sh, row, 2), path);
            assert_eq!(
                sum.num(sh, row, 12),
                Some(file_errors as f64),
                "{path} 错误"
            );
            let status = if file["status"] == "unreadable" {
                "无法读取"
            } else {
                "需修改"
            };
            assert_eq!(sum.text(sh, row, 14), status, "{path} 状态");
            continue;
        }
        for p in ps {
            row += 1;
            let what = format!("{path} [{}]", p["sheet"]);
            assert_eq!(sum.num(sh, row, 0), Some(f64::from(row)), "序号");
            assert_eq!(
                sum.text(sh, row, 1),
                p["department"].as_str().unwrap(),
                "{what} 部门"
            );
            assert_eq!(sum.text(sh, row, 2), path, "{what} 文件");
            assert_eq!(sum.text(sh, row, 3), p["sheet"].as_str().unwrap());
            assert_eq!(sum.text(sh, row, 4), p["name"].as_str().unwrap());
            let b = &p["budget"];
            close(
                sum.num(sh, row, 5),
                f(d(&b["adjusted"]).or(d(&b["initial"]))),
                &format!("{what} 预算数"),
            );
            close(
                sum.num(sh, row, 6),
                f(d(&b["spent"])),
                &format!("{what} 执行数"),
            );
            close(
                sum.num(sh, row, 7),
                f(d(&b["rate"]).map(|r| r / Decimal::from(100))),
                &format!("{what} 执行率"),
            );
            let filed = d(&p["score_filed"]);
            let reviewed = d(&p["score_reviewed"]);
            close(sum.num(sh, row, 8), f(filed), &format!("{what} 填报得分"));
            close(
                sum.num(sh, row, 9),
                f(reviewed),
                &format!("{what} 复核得分"),
            );
            close(
                sum.num(sh, row, 10),
                f(reviewed.zip(filed).map(|(r, f)| r - f)),
                &format!("{what} 差异"),
            );
            assert_eq!(sum.text(sh, row, 11), p["grade"].as_str().unwrap_or(""));
            let (errors, warnings) = severity_counts(&p["diagnostics"]);
            assert_eq!(
                sum.num(sh, row, 12),
                Some((errors + file_errors) as f64),
                "{what} 错误"
            );
            assert_eq!(sum.num(sh, row, 13), Some(warnings as f64), "{what} 警告");
            let status = if errors + file_errors == 0 {
                "通过"
            } else {
                "需修改"
            };
            assert_eq!(sum.text(sh, row, 14), status, "{what} 状态");
        }
    }
    assert_eq!(sum.rows(sh), row, "{sh}: no extra rows");

    // 部门汇总: per department, from the projects.
    let sh = "部门汇总";
    let mut depts: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
    for p in projects(&report) {
        depts
            .entry(p["department"].as_str().unwrap())
            .or_default()
            .push(p);
    }
    assert_eq!(
        sum.rows(sh),
        depts.len() as u32,
        "{sh}: one row per department"
    );
    let grades: Vec<String> = report["totals"]["grades"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    for (k, (name, ps)) in depts.iter().enumerate() {
        let r = k as u32 + 1;
        assert_eq!(sum.text(sh, r, 0), *name);
        assert_eq!(sum.num(sh, r, sum.col(sh, "项目数")), Some(ps.len() as f64));
        let scores: Vec<Decimal> = ps.iter().filter_map(|p| d(&p["score_reviewed"])).collect();
        let avg = (!scores.is_empty())
            .then(|| round2(scores.iter().copied().sum::<Decimal>() / Decimal::from(scores.len())));
        close(
            sum.num(sh, r, sum.col(sh, "平均复核得分")),
            f(avg),
            &format!("{name} 平均"),
        );
        close(
            sum.num(sh, r, sum.col(sh, "最低")),
            f(scores.iter().min().copied()),
            &format!("{name} 最低"),
        );
        close(
            sum.num(sh, r, sum.col(sh, "最高")),
            f(scores.iter().max().copied()),
            &format!("{name} 最高"),
        );
        for g in &grades {
            let n = ps.iter().filter(|p| p["grade"] == g.as_str()).count();
            assert_eq!(sum.num(sh, r, sum.col(sh, g)), Some(n as f64), "{name} {g}");
        }
        let (errors, warnings) = ps.iter().fold((0, 0), |(e, w), p| {
            let (pe, pw) = severity_counts(&p["diagnostics"]);
            (e + pe, w + pw)
        });
        assert_eq!(sum.num(sh, r, sum.col(sh, "错误")), Some(errors as f64));
        assert_eq!(sum.num(sh, r, sum.col(sh, "警告")), Some(warnings as f64));
    }

    // 等级分布: the report's grade counts, 无法评级, 合计; with a chart over it.
    let sh = "等级分布";
    let totals = &report["totals"];
    let projects_n = totals["projects"].as_u64().unwrap() as f64;
    let mut r = 0;
    let mut graded = 0.0;
    // Band order (serde_json's map here sorts its keys; the report itself keeps band order).
    assert_eq!(totals["grades"].as_object().unwrap().len(), GRADES.len());
    for g in GRADES {
        let n = &totals["grades"][g];
        r += 1;
        assert_eq!(sum.text(sh, r, 0), g);
        assert_eq!(sum.num(sh, r, 1), Some(n.as_f64().unwrap()), "{g}");
        close(sum.num(sh, r, 2), Some(n.as_f64().unwrap() / projects_n), g);
        graded += n.as_f64().unwrap();
    }
    if graded < projects_n {
        r += 1;
        assert_eq!(sum.text(sh, r, 0), "无法评级");
        assert_eq!(sum.num(sh, r, 1), Some(projects_n - graded));
    }
    r += 1;
    assert_eq!(sum.text(sh, r, 0), "合计");
    assert_eq!(sum.num(sh, r, 1), Some(projects_n));
    assert_eq!(sum.rows(sh), r);
    let charts = charts_of(&xlsx, sh);
    assert_eq!(charts, ["xl/charts/chart1.xml"], "{sh} has the first chart");
    let chart = part(&xlsx, "xl/charts/chart1.xml").expect("chart1.xml");
    assert!(
        chart.contains("等级分布!$A$2") || chart.contains("'等级分布'!$A$2"),
        "{chart}"
    );

    // 指标失分: per level3 name, sorted by points lost; with a chart of the top 10.
    let sh = "指标失分";
    #[derive(Default)]
    struct Loss {
        n: usize,
        weight: Decimal,
        deduction: Decimal,
    }
    let mut losses: BTreeMap<String, Loss> = BTreeMap::new();
    for p in projects(&report) {
        for i in p["indicators"].as_array().unwrap() {
            let l = losses
                .entry(i["level3"].as_str().unwrap().into())
                .or_default();
            l.n += 1;
            l.weight += d(&i["weight"]).unwrap_or_default();
            l.deduction += d(&i["deduction_reviewed"]).unwrap_or_default();
        }
    }
    assert_eq!(
        sum.rows(sh),
        losses.len() as u32,
        "{sh}: one row per indicator name"
    );
    let mut previous = f64::INFINITY;
    for r in 1..=sum.rows(sh) {
        let name = sum.text(sh, r, 0);
        let l = &losses[&name];
        assert_eq!(sum.num(sh, r, 1), Some(l.n as f64), "{name} 出现次数");
        close(
            sum.num(sh, r, 2),
            f(Some(l.weight)),
            &format!("{name} 分值合计"),
        );
        close(
            sum.num(sh, r, 3),
            f(Some(l.deduction)),
            &format!("{name} 扣分合计"),
        );
        let lost = sum.num(sh, r, 3).unwrap();
        assert!(
            lost <= previous,
            "{sh} sorted by 扣分合计: {name} {lost} after {previous}"
        );
        previous = lost;
        if l.weight > Decimal::ZERO {
            close(
                sum.num(sh, r, 4),
                f(Some(l.deduction / l.weight)),
                &format!("{name} 失分率"),
            );
        }
    }
    if losses.values().any(|l| l.deduction > Decimal::ZERO) {
        let charts = charts_of(&xlsx, sh);
        assert_eq!(
            charts,
            ["xl/charts/chart2.xml"],
            "{sh} has the second chart"
        );
        let chart = part(&xlsx, "xl/charts/chart2.xml").expect("chart2.xml");
        assert!(chart.contains("指标失分"), "{chart}");
    }

    // 问题清单: every diagnostic of report.json, in order, its 位置 linked to the cell.
    let sh = "问题清单";
    let problem_links = links(&xlsx, sh);
    let mut r = 0;
    for file in report["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        let mut items: Vec<(Option<&str>, &Value)> = file["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (None, d))
            .collect();
        for p in file["projects"].as_array().unwrap() {
            for dg in p["diagnostics"].as_array().unwrap() {
                items.push((p["sheet"].as_str(), dg));
            }
        }
        for (sheet, dg) in items {
            r += 1;
            let what = format!("{sh} row {}: {path} {}", r + 1, dg["code"]);
            assert_eq!(sum.text(sh, r, 2), path, "{what}");
            assert_eq!(sum.text(sh, r, 3), sheet.unwrap_or(""), "{what}");
            assert_eq!(sum.text(sh, r, 5), dg["code"].as_str().unwrap(), "{what}");
            let level = match dg["severity"].as_str().unwrap() {
                "error" => "错误",
                "warning" => "警告",
                _ => "提示",
            };
            assert_eq!(sum.text(sh, r, 6), level, "{what}");
            assert_eq!(sum.text(sh, r, 7), dg["indicator"].as_str().unwrap_or(""));
            assert_eq!(
                sum.text(sh, r, 8),
                dg["message"].as_str().unwrap(),
                "{what}"
            );
            let place = a1(r, 4);
            match (sheet, file["status"] == "unreadable") {
                (Some(sheet), false) => {
                    let cell = dg["cell"].as_str();
                    let shown = match cell {
                        Some(c) => format!("{sheet}!{c}"),
                        None => sheet.to_string(),
                    };
                    assert_eq!(sum.text(sh, r, 4), shown, "{what} 位置");
                    let (target, location) = problem_links
                        .get(&place)
                        .unwrap_or_else(|| panic!("{what}: no link at {place}"));
                    assert_eq!(target, &annotated_of(path), "{what} link");
                    let quoted =
                        format!("'{}'!{}", sheet.replace('\'', "''"), cell.unwrap_or("A1"));
                    assert_eq!(location, &quoted, "{what} link location");
                    assert!(out.join(target).is_file(), "{what}: {target} exists");
                }
                _ => assert!(
                    !problem_links.contains_key(&place),
                    "{what}: a file-level finding has nothing to link to"
                ),
            }
        }
    }
    assert_eq!(sum.rows(sh), r, "{sh}: one row per diagnostic");

    // 无法读取: every unreadable file and why.
    let sh = "无法读取";
    let bad: Vec<&Value> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "unreadable")
        .collect();
    assert_eq!(sum.header(sh), ["文件", "原因"]);
    for (k, file) in bad.iter().enumerate() {
        let r = k as u32 + 1;
        assert_eq!(sum.text(sh, r, 0), file["path"].as_str().unwrap());
        assert_eq!(sum.text(sh, r, 1), file["error"].as_str().unwrap());
    }
    if bad.is_empty() {
        assert_eq!(sum.text(sh, 1, 0), "（无）");
    } else {
        assert_eq!(sum.rows(sh), bad.len() as u32);
    }
    (sum, report)
}

/// The row of 项目汇总 whose 文件 is `path` (and 工作表 `sheet`, if given).
fn project_row(sum: &Summary, path: &str) -> u32 {
    (1..=sum.rows("项目汇总"))
        .find(|&r| sum.text("项目汇总", r, 2) == path)
        .unwrap_or_else(|| panic!("no 项目汇总 row for {path}"))
}

// ---- tests --------------------------------------------------------------------------------------

#[test]
fn the_summary_of_a_batch_matches_the_report() {
    let dir = tmp();
    let input = dir.path().join("报送");
    write_batch(&input);
    let out = dir.path().join("out");
    assert_eq!(run_in(dir.path(), &input, &out), 1, "errors in the batch");
    let (sum, report) = verify(&out);

    // The report itself: 6 files, 5 projects (优 3, 良 1, one without a total), 1 unreadable.
    let t = &report["totals"];
    assert_eq!(t["files"], 6);
    assert_eq!(t["projects"], 5);
    assert_eq!(t["unreadable"], 1);
    assert_eq!(t["grades"]["优"], 3);
    assert_eq!(t["grades"]["良"], 1);

    let sh = "项目汇总";
    assert_eq!(sum.rows(sh), 6, "5 projects + 1 unreadable file");
    let expect_row = |path: &str,
                      dept: &str,
                      family_scores: (Option<f64>, Option<f64>),
                      grade: &str,
                      status: &str| {
        let r = project_row(&sum, path);
        assert_eq!(sum.text(sh, r, 1), dept, "{path} 部门");
        assert_eq!(sum.num(sh, r, 8), family_scores.0, "{path} 填报得分");
        close(
            sum.num(sh, r, 9),
            family_scores.1,
            &format!("{path} 复核得分"),
        );
        assert_eq!(sum.text(sh, r, 11), grade, "{path} 等级");
        assert_eq!(sum.text(sh, r, 14), status, "{path} 状态");
        r
    };
    expect_row(
        "县财政局/平台运维项目.xlsx",
        "县财政局",
        (Some(98.4), Some(98.4)),
        "优",
        "通过",
    );
    let r = expect_row(
        "县财政局/平台运维项目二.xlsx",
        "县财政局",
        (Some(98.4), Some(98.4)),
        "优",
        "通过",
    );
    assert_eq!(sum.num(sh, r, 13), Some(1.0), "C205 is a warning");
    let r = expect_row(
        "县教育体育局/资助项目自评表.xlsx",
        "县教育体育局",
        (Some(89.41), Some(89.41)),
        "良",
        "通过",
    );
    assert_eq!(sum.num(sh, r, 5), Some(100.0), "预算数");
    assert_eq!(sum.num(sh, r, 6), Some(80.0), "执行数");
    close(sum.num(sh, r, 7), Some(0.8), "执行率");
    // No 主管部门 on the sheet: the folder is the department. Budget score 10 for 9.25.
    let r = expect_row(
        "县水利局/饮水工程自评表.xlsx",
        "县水利局",
        (Some(91.41), Some(90.66)),
        "优",
        "需修改",
    );
    close(sum.num(sh, r, 10), Some(-0.75), "差异");
    assert_eq!(sum.num(sh, r, 5), Some(320.0), "预算数 = 全年预算数");
    close(sum.num(sh, r, 7), Some(0.925), "执行率");
    assert_eq!(sum.num(sh, r, 12), Some(1.0), "B401");
    let r = expect_row(
        "县卫生健康局/公卫项目.xlsx",
        "县财政局",
        (Some(98.4), None),
        "",
        "需修改",
    );
    assert_eq!(sum.num(sh, r, 12), Some(1.0), "C201");
    let r = project_row(&sum, "县民政局/低保资金.xlsx");
    assert_eq!(sum.text(sh, r, 14), "无法读取");
    assert_eq!(sum.num(sh, r, 12), Some(1.0), "S001");

    // 部门汇总: 县财政局 has 3 projects (two files, and 公卫项目 names 县财政局 as its 主管部门).
    let sh = "部门汇总";
    let depts: Vec<String> = (1..=sum.rows(sh)).map(|r| sum.text(sh, r, 0)).collect();
    assert_eq!(depts.len(), 3, "{depts:?}");
    let r = depts.iter().position(|n| n == "县财政局").unwrap() as u32 + 1;
    assert_eq!(sum.num(sh, r, 1), Some(3.0));
    close(
        sum.num(sh, r, 2),
        Some(98.4),
        "average of the two totals formed",
    );

    // 等级分布: 优 3, 良 1, 中 0, 差 0, 无法评级 1, 合计 5.
    let sh = "等级分布";
    let table: Vec<(String, Option<f64>)> = (1..=sum.rows(sh))
        .map(|r| (sum.text(sh, r, 0), sum.num(sh, r, 1)))
        .collect();
    let want: Vec<(String, Option<f64>)> = [
        ("优", 3.0),
        ("良", 1.0),
        ("中", 0.0),
        ("差", 0.0),
        ("无法评级", 1.0),
        ("合计", 5.0),
    ]
    .iter()
    .map(|(g, n)| (g.to_string(), Some(*n)))
    .collect();
    assert_eq!(table, want);

    // 指标失分: 家庭经济困难学生资助覆盖率 and 受益学生人数 etc. lose across two self forms;
    // 资助政策长效机制 loses 5 twice (10 of 15) and leads.
    let sh = "指标失分";
    assert_eq!(sum.text(sh, 1, 0), "资助政策长效机制");
    assert_eq!(sum.num(sh, 1, 1), Some(2.0));
    close(sum.num(sh, 1, 3), Some(10.0), "5 + 5");
    let common_reason = sum.text(sh, 1, 5);
    assert_eq!(common_reason, "部分学校建档不规范");

    // 问题清单: the B401 of 县水利局 links to its cell.
    let xlsx = sum.bytes();
    let sh = "问题清单";
    let r = (1..=sum.rows(sh))
        .find(|&r| sum.text(sh, r, 5) == "B401")
        .expect("B401 listed");
    assert_eq!(sum.text(sh, r, 4), "自评表!I4");
    let (target, location) = &links(&xlsx, sh)[&a1(r, 4)];
    assert_eq!(target, "复核/县水利局/饮水工程自评表.复核.xlsx");
    assert_eq!(location, "'自评表'!I4");

    // 无法读取: the bad file, with a reason that says what to do.
    let sh = "无法读取";
    assert_eq!(sum.rows(sh), 1);
    assert_eq!(sum.text(sh, 1, 0), "县民政局/低保资金.xlsx");
    assert!(
        sum.text(sh, 1, 1).contains("另存为 .xlsx"),
        "{}",
        sum.text(sh, 1, 1)
    );
}

#[test]
fn an_unreadable_file_is_listed_under_its_folder_department() {
    let dir = tmp();
    let input = dir.path().join("报送");
    write_batch(&input);
    let out = dir.path().join("out");
    run_in(dir.path(), &input, &out);
    let sum = Summary::open(&out);
    let path = "县民政局/低保资金.xlsx";
    let r = project_row(&sum, path);
    assert_eq!(sum.text("项目汇总", r, 1), folder_of(path), "项目汇总 部门");
    let sh = "问题清单";
    let r = (1..=sum.rows(sh))
        .find(|&r| sum.text(sh, r, 2) == path)
        .expect("S001 listed");
    assert_eq!(sum.text(sh, r, 1), folder_of(path), "问题清单 部门");
}

#[test]
fn the_summary_is_byte_identical_across_runs() {
    let dir = tmp();
    let input = dir.path().join("报送");
    write_batch(&input);
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    run_in(dir.path(), &input, &a);
    run_in(dir.path(), &input, &b);
    let first = std::fs::read(a.join("汇总.xlsx")).unwrap();
    assert_eq!(first, std::fs::read(b.join("汇总.xlsx")).unwrap(), "a vs b");
    // Again into the same folder, over the previous outputs.
    run_in(dir.path(), &input, &a);
    assert_eq!(
        first,
        std::fs::read(a.join("汇总.xlsx")).unwrap(),
        "a vs a again"
    );
}

#[test]
fn the_summary_of_the_committed_samples_matches_the_report() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tmp();
    let out = dir.path().join("out");
    assert_eq!(run_in(root, Path::new("workbooks"), &out), 1);
    let (sum, report) = verify(&out);
    // The lock file is skipped; 城乡低保 (#DIV/0! score) has no total and no grade.
    let files: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(files.iter().all(|p| !p.contains("~$")), "{files:?}");
    let sh = "等级分布";
    let last = sum.rows(sh);
    assert_eq!(sum.text(sh, last - 1, 0), "无法评级");
    assert_eq!(sum.num(sh, last - 1, 1), Some(1.0));
    let r = project_row(&sum, "县财政局/预算信息管理平台等运维项目绩效评价表.xlsx");
    let sh = "项目汇总";
    assert_eq!(sum.text(sh, r, 1), "富民县财政局");
    close(sum.num(sh, r, 9), Some(95.4), "seed total");
    assert_eq!(sum.text(sh, r, 11), "优");
    close(sum.num(sh, r, 5), Some(50.0), "预算金额");
    close(sum.num(sh, r, 6), Some(47.76), "实际支出");
    let r = project_row(&sum, "县水利局/农村饮水安全巩固提升工程绩效自评表.xlsx");
    assert_eq!(sum.text(sh, r, 4), "农村饮水安全巩固提升工程");
    close(
        sum.num(sh, r, 9),
        Some(95.37),
        "reviewed self-evaluation total",
    );
    assert_eq!(sum.text(sh, r, 14), "需修改");
}
