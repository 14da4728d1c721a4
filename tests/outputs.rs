//! Snapshots of what users see when `run` reviews the sample workbooks (`workbooks/`): the
//! text output, every file's entry of report.json and its totals, every annotated workbook
//! and 汇总.xlsx read back as text grids (values, formulas, fills, notes, merges; see
//! [`grid_text`]). They pin the outputs through refactoring: a change shows as a snapshot
//! diff to review, never to accept blindly.

use crate::common::xlsx::grid_text;
use crate::common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The output folder of one `run` on the samples, shared by the tests of this module, and
/// the text it printed (the folder's path replaced by `OUT`).
fn samples_run() -> &'static (PathBuf, String) {
    static RUN: OnceLock<(PathBuf, String)> = OnceLock::new();
    RUN.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("outputs-of-the-samples");
        let _ = std::fs::remove_dir_all(&out);
        let r = jixiao()
            .current_dir(&root)
            .arg("run")
            .arg("workbooks")
            .arg("-o")
            .arg(&out)
            .output()
            .expect("run jixiao");
        assert_eq!(
            r.status.code(),
            Some(1),
            "the samples hold errors on purpose"
        );
        let text = String::from_utf8(r.stdout).expect("utf-8 stdout");
        let text = text.replace(&out.display().to_string(), "OUT");
        (out, text)
    })
}

/// A snapshot name for a path of the report: `县财政局/表.xlsx` → `县财政局__表`.
fn slug(path: &str) -> String {
    let stem = path.rsplit_once('.').map_or(path, |(s, _)| s);
    stem.replace('/', "__")
}

#[test]
fn the_text_output_of_run() {
    insta::assert_snapshot!(samples_run().1);
}

#[test]
fn each_entry_of_report_json_and_the_totals() {
    let (out, _) = samples_run();
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 8, "every sample but the lock file");
    for file in files {
        let name = format!("report__{}", slug(file["path"].as_str().unwrap()));
        insta::assert_snapshot!(name, serde_json::to_string_pretty(file).unwrap());
    }
    insta::assert_snapshot!(
        "report__totals",
        serde_json::to_string_pretty(&report["totals"]).unwrap()
    );
}

fn xlsx_under(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            xlsx_under(&path, found);
        } else if path.extension().is_some_and(|e| e == "xlsx") {
            found.push(path);
        }
    }
}

#[test]
fn each_annotated_workbook_read_back() {
    let (out, _) = samples_run();
    let dir = out.join("复核");
    let mut found = Vec::new();
    xlsx_under(&dir, &mut found);
    found.sort();
    assert_eq!(found.len(), 8);
    for path in found {
        let relative = path
            .strip_prefix(&dir)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let name = format!("annotated__{}", slug(&relative));
        insta::assert_snapshot!(name, grid_text(&path));
    }
}

#[test]
fn the_summary_workbook_read_back() {
    let (out, _) = samples_run();
    insta::assert_snapshot!(grid_text(&out.join("汇总.xlsx")));
}

#[test]
fn report_json_reads_back_into_the_report_types_unchanged() {
    // Scripts (and a later year's comparison) read report.json back: the typed report
    // (decimals, statuses, kinds) must round-trip to the same JSON.
    let (out, _) = samples_run();
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    for file in report["files"].as_array().unwrap() {
        let typed: jixiao::write::report::FileReport =
            serde_json::from_value(file.clone()).unwrap();
        assert_eq!(&serde_json::to_value(&typed).unwrap(), file);
    }
}
