//! The command line as users and scripts see it (SPEC §1, §5.3): exit statuses, folder
//! discovery, report paths and order, the exact JSON field names, the text line format, a
//! closed stdout, and `run`'s report.json.

use crate::common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::io::Read;
use std::path::Path;
use std::process::Stdio;

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

/// A workbook whose only finding is a warning (C205: points lost without a reason).
fn warning_only() -> Sheet {
    clean_table().deduct(4, "8", "")
}

/// A workbook with an error (C203).
fn with_error() -> Sheet {
    clean_table().set(7, "扣分情况", "2")
}

fn paths(report: &Value) -> Vec<String> {
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["path"].as_str().expect("path").to_string())
        .collect()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .cloned()
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

// ---- exit statuses --------------------------------------------------------------------------

#[test]
fn exit_status_0_for_a_clean_file() {
    let dir = tmp();
    let path = clean_table().write(dir.path(), "评价表.xlsx");
    let r = run([os("check"), path.as_os_str()]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.stderr, "");
}

#[test]
fn exit_status_1_with_an_error() {
    let dir = tmp();
    let path = with_error().write(dir.path(), "评价表.xlsx");
    let r = run([os("check"), path.as_os_str()]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("C203"), "{}", r.stdout);
}

#[test]
fn exit_status_1_for_unreadable_files() {
    let dir = tmp();
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "x.xlsx",
            b"\x89PNG\r\n\x1a\n random bytes \x00\x01\x02\xff",
            "不是电子表格",
        ),
        ("empty.xlsx", b"", "空"),
        ("x.et", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 WPS sheet", ".et"),
        // A zip archive that is not a workbook.
        ("zip.xlsx", b"PK\x03\x04 truncated zip archive", ""),
    ];
    for (name, bytes, reason) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let (code, report) = check_json(&path);
        assert_eq!(code, 1, "{name}");
        let file = &report["files"][0];
        assert_eq!(file["status"], "unreadable", "{name}");
        let error = file["error"].as_str().unwrap_or_default();
        assert!(error.contains(reason), "{name}: {error}");
        assert!(
            error.contains("另存为 .xlsx"),
            "{name}: hint missing in {error}"
        );
        assert_eq!(code_cells(&report), vec![("S001".into(), "-".into())]);
        assert_eq!(report["totals"]["unreadable"], 1);
    }
}

#[test]
fn one_bad_file_does_not_stop_the_batch() {
    let dir = tmp();
    clean_table().write(dir.path(), "a.xlsx");
    std::fs::write(dir.path().join("b.xlsx"), b"garbage").unwrap();
    clean_table().write(dir.path(), "c.xlsx");
    let (code, report) = check_json(dir.path());
    assert_eq!(code, 1);
    let statuses: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, vec!["ok", "unreadable", "ok"]);
    assert_eq!(report["totals"]["projects"], 2);
}

#[test]
fn deny_warnings_turns_a_warning_into_exit_status_1() {
    let dir = tmp();
    let path = warning_only().write(dir.path(), "评价表.xlsx");
    let (code, report) = check_json(&path);
    assert_eq!(codes(&report), vec!["C205"]);
    assert_eq!(code, 0);
    let r = run([os("check"), path.as_os_str(), os("--deny-warnings")]);
    assert_eq!(r.code, 1, "{r:?}");
    // An informational finding is not a warning.
    let path = clean_table()
        .set(0, "扣分原因", "资料归档不及时")
        .write(dir.path(), "提示.xlsx");
    let r = run([os("check"), path.as_os_str(), os("--deny-warnings")]);
    assert_eq!(r.code, 0, "{r:?}");
    // 提示 are counted, and printed only with -v.
    assert!(!r.stdout.contains("C206"), "{}", r.stdout);
    assert!(
        r.stdout.contains("提示 2 条（未逐条列出，加 -v 显示"),
        "{}",
        r.stdout
    );
    let r = run([
        os("check"),
        path.as_os_str(),
        os("--deny-warnings"),
        os("-v"),
    ]);
    assert!(r.stdout.contains("C206 提示"), "{}", r.stdout);
    assert!(r.stdout.contains("提示 2 条。"), "{}", r.stdout);
    assert_eq!(r.code, 0, "{r:?}");
}

#[test]
fn exit_status_2_for_a_missing_input_path() {
    let dir = tmp();
    let missing = dir.path().join("没有这个文件夹");
    let r = run([os("check"), missing.as_os_str()]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("没有这个文件夹"), "{}", r.stderr);
    assert_eq!(r.stdout, "");
}

#[test]
fn exit_status_2_for_an_output_folder_that_cannot_be_made_says_the_run_is_unfinished() {
    let dir = tmp();
    let path = clean_table().write(dir.path(), "评价表.xlsx");
    let blocker = dir.path().join("是文件");
    std::fs::write(&blocker, b"x").unwrap();
    let r = run([
        os("run"),
        path.as_os_str(),
        os("-o"),
        blocker.join("out").as_os_str(),
    ]);
    assert_eq!(r.code, 2, "{r:?}");
    // What was left undone, then why, naming the folder: one line, causes joined by `：`.
    assert!(
        r.stderr.starts_with("jixiao: 复核未完成：无法创建文件夹 ") && r.stderr.contains("是文件"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
}

#[test]
fn exit_status_2_when_the_temporary_folder_cannot_be_written() {
    let dir = tmp();
    let path = clean_table().write(dir.path(), "评价表.xlsx");
    let missing = dir.path().join("不存在的临时文件夹");
    let out = jixiao()
        .args([
            os("run"),
            path.as_os_str(),
            os("-o"),
            dir.path().join("out").as_os_str(),
        ])
        .env("TMPDIR", &missing)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("临时文件夹")
            && stderr.contains("不存在的临时文件夹")
            && stderr.contains("TMPDIR"),
        "{stderr}"
    );
}

#[test]
fn exit_status_2_for_a_bad_config_naming_line_and_key() {
    let dir = tmp();
    let path = clean_table().write(dir.path(), "评价表.xlsx");
    let config = dir.path().join("jixiao.toml");
    std::fs::write(&config, "total_weight = 100\ncolour = 3\n").unwrap();
    let r = run([
        os("check"),
        path.as_os_str(),
        os("--config"),
        config.as_os_str(),
    ]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("jixiao.toml"),
        "file not named: {}",
        r.stderr
    );
    assert!(r.stderr.contains("第2行"), "line not named: {}", r.stderr);
    assert!(r.stderr.contains("colour"), "key not named: {}", r.stderr);
    assert_eq!(r.stdout, "");

    // A key inside a table is found on its own line.
    std::fs::write(&config, "[rounding]\nplaces = 2\nmdoe = \"truncate\"\n").unwrap();
    let r = run([
        os("check"),
        path.as_os_str(),
        os("--config"),
        config.as_os_str(),
    ]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("第3行"), "{}", r.stderr);
    assert!(r.stderr.contains("mdoe"), "{}", r.stderr);

    // A config file that does not exist is a usage error too.
    let r = run([
        os("check"),
        path.as_os_str(),
        os("--config"),
        dir.path().join("nope.toml").as_os_str(),
    ]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("nope.toml"), "{}", r.stderr);
}

#[test]
fn exit_status_2_for_unknown_flags() {
    let dir = tmp();
    let path = clean_table().write(dir.path(), "评价表.xlsx");
    let r = run([os("check"), path.as_os_str(), os("--frobnicate")]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("--frobnicate"),
        "the flag is named: {}",
        r.stderr
    );
    assert_eq!(r.stdout, "");
}

// ---- discovery and paths --------------------------------------------------------------------

#[test]
fn folder_input_is_searched_recursively_skipping_lock_and_hidden_files() {
    let dir = tmp();
    let root = dir.path();
    clean_table().write(root, "a.xlsx");
    clean_table().write(root, "sub/b.xlsx");
    clean_table().write(root, "sub/deeper/c.xlsx");
    // Lock and hidden files are garbage: reading them would make the file unreadable.
    std::fs::write(root.join("~$a.xlsx"), b"owner lock").unwrap();
    std::fs::write(root.join("sub/.hidden.xlsx"), b"hidden").unwrap();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::write(root.join(".git/x.xlsx"), b"hidden folder").unwrap();
    // Files that are not workbooks are ignored in a folder.
    std::fs::write(root.join("sub/评价报告.pdf"), b"%PDF-1.4").unwrap();
    std::fs::write(root.join("说明.txt"), "见附件").unwrap();
    let (code, report) = check_json(root);
    assert_eq!(
        paths(&report),
        vec!["a.xlsx", "sub/b.xlsx", "sub/deeper/c.xlsx"]
    );
    assert_eq!(code, 0, "{:#?}", diagnostics(&report));
    assert_eq!(report["totals"]["files"], 3);
}

#[test]
fn report_paths_are_relative_to_the_input_folder_with_slashes_and_sorted() {
    let dir = tmp();
    let root = dir.path().join("2024年报送");
    for p in [
        "b部门/2.xlsx",
        "c.xlsx",
        "a部门/子项目/3.xlsx",
        "a部门/1.xlsx",
    ] {
        clean_table().write(&root, p);
    }
    let (_, report) = check_json(&root);
    assert_eq!(
        paths(&report),
        vec![
            "a部门/1.xlsx",
            "a部门/子项目/3.xlsx",
            "b部门/2.xlsx",
            "c.xlsx"
        ]
    );
    // The input folder itself is not part of any path.
    for p in paths(&report) {
        assert!(!p.contains("2024年报送"), "{p}");
        assert!(!p.contains('\\'), "{p}");
    }
}

#[test]
fn several_inputs_are_sorted_together() {
    let dir = tmp();
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    clean_table().write(&one, "z.xlsx");
    clean_table().write(&two, "a.xlsx");
    clean_table().write(&two, "m.xlsx");
    let (_, report) = check_json_args(&[two.as_os_str(), one.as_os_str()]);
    assert_eq!(paths(&report), vec!["a.xlsx", "m.xlsx", "z.xlsx"]);
}

#[test]
fn a_file_given_by_a_relative_path_is_reported_as_given() {
    let dir = tmp();
    clean_table().write(dir.path(), "sub/表.xlsx");
    let out = jixiao()
        .current_dir(dir.path())
        .args(["check", "--format", "json", "sub/表.xlsx"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(paths(&report), vec!["sub/表.xlsx"]);
}

#[test]
fn a_file_given_by_an_absolute_path_is_reported_as_given() {
    let dir = tmp();
    let path = clean_table().write(dir.path(), "表.xlsx");
    let (_, report) = check_json(&path);
    assert_eq!(paths(&report), vec![path.to_str().unwrap().to_string()]);
}

// ---- the JSON report ------------------------------------------------------------------------

#[test]
fn json_report_has_exactly_the_fields_of_spec_5_3() {
    let dir = tmp();
    // Budget facts above the header; the second indicator loses 2 points without a reason.
    let sheet = Sheet::new("评分表")
        .title("XX县2024年平台运维项目支出绩效评价表")
        .fact("主管部门", "县财政局")
        .fact("预算金额（万元）", "50")
        .fact("实际支出（万元）", "47.76")
        .header(&HEADER)
        .row(&["决策(40)", "项目立项", "立项规范性", "", "40", "40", "", ""])
        .row(&["产出(60)", "产出数量", "完成率", "", "60", "58", "2", ""])
        .total(&["合计", "", "", "", "100", "98", "2", ""]);
    sheet.write(dir.path(), "a.xlsx");
    std::fs::write(dir.path().join("b.xlsx"), b"not a workbook").unwrap();
    let (code, report) = check_json(dir.path());
    assert_eq!(code, 1);

    assert_eq!(keys(&report), set(&["schema", "files", "totals"]));
    assert_eq!(report["schema"], "jixiao.report/1");

    let file_keys = set(&["path", "status", "error", "diagnostics", "projects"]);
    let ok = &report["files"][0];
    let bad = &report["files"][1];
    assert_eq!(keys(ok), file_keys);
    assert_eq!(keys(bad), file_keys);
    assert_eq!(ok["status"], "ok");
    assert_eq!(ok["error"], Value::Null);
    assert_eq!(bad["status"], "unreadable");
    assert!(bad["error"].is_string());

    let p = &ok["projects"][0];
    assert_eq!(
        keys(p),
        set(&[
            "sheet",
            "name",
            "department",
            "family",
            "project_code",
            "department_code",
            "unit",
            "budget",
            "weight_total",
            "score_filed",
            "score_reviewed",
            "grade",
            "grade_filed",
            "indicators",
            "diagnostics",
        ])
    );
    assert_eq!(p["family"], "评价");
    assert_eq!(p["weight_total"], "100", "decimals are strings");
    assert_eq!(p["score_reviewed"], "98");
    assert_eq!(p["grade_filed"], Value::Null);

    let b = &p["budget"];
    assert_eq!(
        keys(b),
        set(&[
            "initial",
            "adjusted",
            "spent",
            "rate",
            "weight",
            "score_filed",
            "score_reviewed",
        ])
    );
    assert_eq!(b["initial"], "50");
    assert_eq!(b["adjusted"], Value::Null);
    assert_eq!(b["spent"], "47.76");
    assert_eq!(b["rate"], "95.52");

    let ind = &p["indicators"][1];
    assert_eq!(
        keys(ind),
        set(&[
            "level1",
            "level2",
            "level3",
            "row",
            "weight",
            "score_filed",
            "score_reviewed",
            "deduction_filed",
            "deduction_reviewed",
            "target",
            "actual",
            "reason_filed",
            "reason_reviewed",
            "rule",
            "basis",
            "manual",
        ])
    );
    assert_eq!(ind["row"], 7, "row is a 1-based number");
    assert_eq!(ind["weight"], "60");
    assert_eq!(ind["score_filed"], "58");
    assert_eq!(ind["deduction_filed"], "2");
    assert_eq!(ind["deduction_reviewed"], "2");
    assert_eq!(ind["reason_filed"], "");
    assert!(ind["manual"].is_boolean());
    assert!(ind["rule"].is_string());
    assert!(ind["basis"].is_string());

    let diag_keys = set(&["code", "severity", "cell", "indicator", "message"]);
    let d = &p["diagnostics"][0];
    assert_eq!(keys(d), diag_keys);
    assert_eq!(d["code"], "C205");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["cell"], "H7");
    assert_eq!(d["indicator"], "完成率");
    let file_level = &bad["diagnostics"][0];
    assert_eq!(keys(file_level), diag_keys);
    assert_eq!(file_level["cell"], Value::Null);

    let t = &report["totals"];
    assert_eq!(
        keys(t),
        set(&[
            "files",
            "projects",
            "unreadable",
            "errors",
            "warnings",
            "grades"
        ])
    );
    assert_eq!(t["files"], 2);
    assert_eq!(t["projects"], 1);
    assert_eq!(t["unreadable"], 1);
    assert_eq!(t["errors"], 1, "the S001 of the unreadable file");
    assert_eq!(t["warnings"], 1);
    assert_eq!(keys(&t["grades"]), set(&["优", "良", "中", "差"]));
    assert_eq!(t["grades"]["优"], 1);
    assert_eq!(t["grades"]["良"], 0);
}

#[test]
fn json_grades_are_in_band_order() {
    let dir = tmp();
    let path = clean_table().write(dir.path(), "a.xlsx");
    let r = run([os("check"), os("--format"), os("json"), path.as_os_str()]);
    let pos = |g: &str| r.stdout.find(&format!("\"{g}\"")).unwrap();
    assert!(pos("优") < pos("良") && pos("良") < pos("中") && pos("中") < pos("差"));
}

// ---- the text output ------------------------------------------------------------------------

#[test]
fn text_lines_name_path_sheet_cell_code_and_severity() {
    let dir = tmp();
    let root = dir.path();
    let sheet = warning_only();
    sheet.write(root, "县财政局/评价表.xlsx");
    std::fs::write(root.join("坏.xlsx"), b"garbage").unwrap();
    let r = run([os("check"), root.as_os_str()]);
    assert_eq!(r.code, 1, "{r:?}");
    let lines: Vec<&str> = r.stdout.lines().collect();
    let warning = format!(
        "县财政局/评价表.xlsx[评分表!{}]: C205 警告: ",
        sheet.cell(4, "扣分原因")
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&warning) && l.contains("扣 2 分")),
        "no line starting {warning:?} in:\n{}",
        r.stdout
    );
    assert!(
        lines.iter().any(|l| l.starts_with("坏.xlsx: S001 错误: ")),
        "no file-level S001 line in:\n{}",
        r.stdout
    );
    let last = lines.iter().rev().find(|l| !l.trim().is_empty()).unwrap();
    assert!(last.starts_with("共 "), "summary line: {last:?}");
    assert!(last.contains("2 个文件"), "{last}");
    assert!(last.contains("1 个项目"), "{last}");
    assert!(last.contains("错误 1 条"), "{last}");
    assert!(last.contains("警告 1 条"), "{last}");
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let dir = tmp();
    // Eight C206 notes per file: enough text and JSON to fill the pipe several times over.
    let mut noisy = clean_table();
    for i in [0, 1, 2, 3, 4, 5, 6, 8] {
        noisy = noisy.set(
            i,
            "扣分原因",
            "资料归档不及时，已整改完毕，下一年度继续加强管理",
        );
    }
    let first = noisy.write(dir.path(), "0.xlsx");
    for k in 1..150 {
        std::fs::copy(&first, dir.path().join(format!("{k}.xlsx"))).unwrap();
    }
    for format in ["json", "text"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("jixiao"))
            .args(["check", "--format", format])
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Like `| head -c 10`: read a little, then close the read end.
        let mut stdout = child.stdout.take().unwrap();
        let mut buf = [0u8; 10];
        let _ = stdout.read(&mut buf);
        drop(stdout);
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert!(!stderr.contains("panicked"), "{format}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{format}: {stderr}");
        assert_eq!(stderr, "", "{format}");
        assert_eq!(status.code(), Some(0), "{format}");
    }
}

// ---- run ------------------------------------------------------------------------------------

fn read_json(path: &Path) -> (String, Value) {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let v = serde_json::from_str(&text).expect("report.json is JSON");
    (text, v)
}

#[test]
fn run_writes_report_json_equal_to_check_json() {
    let dir = tmp();
    let input = dir.path().join("报送");
    clean_table().write(&input, "a部门/1.xlsx");
    with_error().write(&input, "b部门/2.xlsx");
    std::fs::write(input.join("3.xlsx"), b"garbage").unwrap();
    let out = dir.path().join("结果");
    let r = run([os("run"), input.as_os_str(), os("-o"), out.as_os_str()]);
    assert_eq!(r.code, 1, "{r:?}");
    let (written, report) = read_json(&out.join("report.json"));
    let check = run([os("check"), os("--format"), os("json"), input.as_os_str()]);
    assert_eq!(
        written, check.stdout,
        "report.json differs from check --format json"
    );
    assert_eq!(report["schema"], "jixiao.report/1");
    assert_eq!(
        paths(&report),
        vec!["3.xlsx", "a部门/1.xlsx", "b部门/2.xlsx"]
    );
    // Nothing is left half-written.
    let leftovers: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert_eq!(leftovers, Vec::<String>::new());
}

#[test]
fn run_does_not_pick_up_files_inside_its_output_folder() {
    let dir = tmp();
    let input = dir.path();
    clean_table().write(input, "1.xlsx");
    let out = input.join("out");
    // What a previous run left behind, including a broken workbook.
    clean_table().write(&out, "复核/1.复核.xlsx");
    std::fs::write(out.join("汇总.xlsx"), b"garbage").unwrap();
    for _ in 0..2 {
        let r = run([os("run"), input.as_os_str(), os("-o"), out.as_os_str()]);
        assert_eq!(r.code, 0, "{r:?}");
        let (_, report) = read_json(&out.join("report.json"));
        assert_eq!(paths(&report), vec!["1.xlsx"]);
    }
    // `check` has no output folder, but the folder holding jixiao's report.json is an earlier
    // run's output, and jixiao's own outputs are never reviewed again (issue #18 item 8).
    let (_, report) = check_json(input);
    assert_eq!(paths(&report), vec!["1.xlsx"]);
}

#[test]
fn run_with_a_relative_output_folder_inside_the_input() {
    let dir = tmp();
    clean_table().write(dir.path(), "报送/1.xlsx");
    clean_table().write(dir.path(), "报送/out/旧.xlsx");
    let r = jixiao()
        .current_dir(dir.path())
        .args(["run", "报送", "-o", "报送/out", "-q"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(0), "{r:?}");
    assert_eq!(String::from_utf8_lossy(&r.stdout), "", "-q prints nothing");
    let (_, report) = read_json(&dir.path().join("报送/out/report.json"));
    assert_eq!(paths(&report), vec!["1.xlsx"]);
}

#[test]
fn run_exits_2_when_the_output_cannot_be_written() {
    let dir = tmp();
    clean_table().write(dir.path(), "in/1.xlsx");
    let blocker = dir.path().join("out");
    std::fs::write(&blocker, b"a file where the output folder should be").unwrap();
    let r = run([
        os("run"),
        dir.path().join("in").as_os_str(),
        os("-o"),
        blocker.as_os_str(),
    ]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("out"), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

/// More files than the batch lets wait for a slow one (64), in nested folders, with uneven
/// sizes: whatever the thread count, the report lists them in path order, byte for byte the
/// same.
#[test]
fn the_report_is_the_same_in_path_order_whatever_the_thread_count() {
    let dir = tmp();
    let small = clean_table().write(dir.path(), "a/0.xlsx");
    let mut big = with_error();
    for i in 0..300 {
        big = big.line(&format!("附注{i}：资料已归档"));
    }
    let big = big.write(dir.path(), "b/0.xlsx");
    for k in 1..100 {
        let from = if k % 17 == 0 { &big } else { &small };
        let folder = ["a", "b", "c/d"][k % 3];
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        std::fs::copy(from, dir.path().join(folder).join(format!("{k}.xlsx"))).unwrap();
    }
    let json = |jobs: &str| {
        run([
            os("check"),
            dir.path().as_os_str(),
            os("--format"),
            os("json"),
            os("-j"),
            os(jobs),
        ])
    };
    let one = json("1");
    assert_eq!(one.code, 1, "{one:?}");
    let report: Value = serde_json::from_str(&one.stdout).unwrap();
    let listed = paths(&report);
    assert_eq!(listed.len(), 101);
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(listed, sorted);
    for jobs in ["2", "5"] {
        let many = json(jobs);
        assert_eq!(many.code, 1);
        assert!(many.stdout == one.stdout, "-j {jobs} gives another report");
    }
    let text = |jobs: &str| run([os("check"), dir.path().as_os_str(), os("-j"), os(jobs)]);
    assert_eq!(text("1").stdout, text("3").stdout);
}

#[test]
fn zero_jobs_is_a_usage_error() {
    let dir = tmp();
    let path = clean_table().write(dir.path(), "1.xlsx");
    let r = run([os("check"), path.as_os_str(), os("-j"), os("0")]);
    assert_eq!(r.code, 2, "{r:?}");
    let r = run([os("check"), path.as_os_str(), os("-j"), os("2")]);
    assert_eq!(r.code, 0, "{r:?}");
}

#[test]
fn a_wps_file_in_a_folder_is_reported_unreadable_with_a_hint() {
    let dir = tmp();
    clean_table().write(dir.path(), "a.xlsx");
    std::fs::write(dir.path().join("b.et"), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1").unwrap();
    let (code, report) = check_json(dir.path());
    assert_eq!(code, 1);
    assert_eq!(paths(&report), vec!["a.xlsx", "b.et"]);
    let d = diagnostics(&report);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!((d[0].path.as_str(), d[0].code.as_str()), ("b.et", "S001"));
    assert!(d[0].message.contains("另存为 .xlsx"), "{}", d[0].message);
}

#[test]
fn the_same_file_given_twice_is_checked_once() {
    let dir = tmp();
    let path = clean_table().write(dir.path(), "1.xlsx");
    let (_, report) = check_json_args(&[path.as_os_str(), path.as_os_str()]);
    assert_eq!(report["totals"]["files"], 1);
}

/// `jixiao check ARGS…` with extra environment variables.
fn check_env(args: &[&str], env: &[(&str, &str)]) -> crate::common::Run {
    let mut cmd = crate::common::jixiao();
    cmd.arg("check").args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run jixiao");
    crate::common::Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

#[test]
fn heading_groups_findings_under_each_file_and_piped_text_stays_one_line_per_finding() {
    let dir = tmp();
    let path = with_error().write(dir.path(), "评价表.xlsx");
    let p = path.to_str().unwrap();
    // Piped (as here) without a flag: one line per finding, the path on each.
    let piped = check_env(&[p], &[]);
    let finding = piped.stdout.lines().find(|l| l.contains("C203")).unwrap();
    assert!(
        finding.starts_with(p) && finding.contains("!G12]: C203 错误: "),
        "{finding}"
    );
    // --heading: the file once, then the project, then the finding indented under it.
    let grouped = check_env(&[p, "--heading"], &[]);
    let lines: Vec<&str> = grouped.stdout.lines().collect();
    assert_eq!(lines[0], p, "{}", grouped.stdout);
    assert!(
        lines[1].starts_with("  [评分表] 平台运维项目（县财政局）分值 100 · 复核 "),
        "{}",
        grouped.stdout
    );
    assert!(
        lines[2].starts_with("    G12    C203 错误  "),
        "{}",
        grouped.stdout
    );
    assert_eq!(grouped.stdout.matches(p).count(), 1, "{}", grouped.stdout);
    // --no-heading wins when given last.
    let back = check_env(&[p, "--heading", "--no-heading"], &[]);
    assert_eq!(back.stdout, piped.stdout);
    assert_eq!(grouped.code, 1);
}

#[test]
fn colour_follows_color_clicolor_force_and_no_color() {
    let dir = tmp();
    let path = with_error().write(dir.path(), "评价表.xlsx");
    let p = path.to_str().unwrap();
    let esc = '\u{1b}';
    // Piped: no colour by default.
    assert!(!check_env(&[p, "--heading"], &[]).stdout.contains(esc));
    // --color always: 错误 in red.
    let always = check_env(&[p, "--heading", "--color", "always"], &[]);
    assert!(
        always.stdout.contains("\u{1b}[1m\u{1b}[31m错误"),
        "{:?}",
        always.stdout
    );
    // CLICOLOR_FORCE asks for colour even when piped; NO_COLOR wins over it.
    let forced = check_env(&[p], &[("CLICOLOR_FORCE", "1")]);
    assert!(forced.stdout.contains(esc), "{:?}", forced.stdout);
    let no_color = check_env(&[p], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]);
    assert!(!no_color.stdout.contains(esc), "{:?}", no_color.stdout);
    assert!(
        !check_env(&[p, "--color", "never"], &[("CLICOLOR_FORCE", "1")])
            .stdout
            .contains(esc)
    );
}

#[test]
fn a_batch_of_more_than_ten_files_names_the_worst_files_first() {
    let dir = tmp();
    for i in 0..11 {
        clean_table().write(dir.path(), &format!("干净{i:02}.xlsx"));
    }
    with_error().write(dir.path(), "一个错误.xlsx");
    with_error()
        .deduct(4, "8", "")
        .write(dir.path(), "错误加警告.xlsx");
    warning_only().write(dir.path(), "一个警告.xlsx");
    let r = check_env(&[dir.path().to_str().unwrap()], &[]);
    let tail = r.stdout.split("问题最多的文件").nth(1).expect(&r.stdout);
    let order: Vec<&str> = tail
        .lines()
        .skip(1)
        .map(|l| l.rsplit("  ").next().unwrap())
        .collect();
    assert_eq!(
        order,
        ["一个错误.xlsx", "错误加警告.xlsx", "一个警告.xlsx"],
        "{}",
        r.stdout
    );
    // Ten files or fewer: no such list.
    let small = tmp();
    with_error().write(small.path(), "一个错误.xlsx");
    assert!(!check_env(&[small.path().to_str().unwrap()], &[])
        .stdout
        .contains("问题最多"));
}

#[test]
fn a_folder_without_a_subcommand_is_run_with_the_results_beside_it() {
    let dir = tmp();
    let inbox = dir.path().join("2025绩效");
    std::fs::create_dir(&inbox).unwrap();
    with_error().write(&inbox, "评价表.xlsx");
    // From another working directory, as when a folder is dropped on jixiao.exe.
    let elsewhere = tmp();
    let out = crate::common::jixiao()
        .current_dir(elsewhere.path())
        .arg(&inbox)
        .env("JIXIAO_PAUSE", "0")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let results = dir.path().join("2025绩效_复核");
    assert!(results.join("report.json").is_file(), "{out:?}");
    assert!(results.join("汇总.xlsx").is_file());
    assert!(results.join("复核/评价表.复核.xlsx").is_file());
    assert_eq!(
        std::fs::read_dir(elsewhere.path()).unwrap().count(),
        0,
        "nothing written in the working directory"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(&results.join("汇总.xlsx").display().to_string()),
        "{stdout}"
    );

    // A file: the results beside it, named after it; a relative path from the working directory.
    let out = crate::common::jixiao()
        .current_dir(&inbox)
        .arg("评价表.xlsx")
        .env("JIXIAO_PAUSE", "0")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(inbox.join("评价表_复核/report.json").is_file());
    // The subcommands are still subcommands.
    let r = run([os("check"), inbox.join("评价表.xlsx").as_os_str()]);
    assert!(r.stdout.contains("C203"), "{r:?}");
}

#[test]
fn started_by_the_desktop_it_waits_for_enter_before_the_window_closes() {
    let dir = tmp();
    let path = with_error().write(dir.path(), "评价表.xlsx");
    let out = crate::common::jixiao()
        .args([os("check"), path.as_os_str()])
        .env("JIXIAO_PAUSE", "1")
        .write_stdin("\n")
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.ends_with("按回车键退出"), "{stderr:?}");
    assert_eq!(out.status.code(), Some(1), "the status is the check's");
    // Double-clicked with nothing dropped: the usage stays readable too.
    let out = crate::common::jixiao()
        .env("JIXIAO_PAUSE", "1")
        .write_stdin("\n")
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("Usage") || stderr.contains("用法"),
        "{stderr}"
    );
    assert!(stderr.ends_with("按回车键退出"), "{stderr:?}");
    assert_eq!(out.status.code(), Some(2));
    // From a terminal (or a script): no waiting.
    let out = crate::common::jixiao()
        .args([os("check"), path.as_os_str()])
        .env("JIXIAO_PAUSE", "0")
        .output()
        .unwrap();
    assert!(!String::from_utf8(out.stderr)
        .unwrap()
        .contains("按回车键退出"));
}

#[test]
fn dash_j_sets_the_number_of_worker_threads() {
    for n in ["1", "3"] {
        let out = crate::common::jixiao()
            .args(["check", "workbooks", "-j", n])
            .env("JIXIAO_DEBUG", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.contains(&format!("jixiao: {n} 个工作线程")),
            "-j {n}: {stderr}"
        );
    }
}
