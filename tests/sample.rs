//! `--sample` end to end on the committed samples (issue #20): the picks in the closing lines,
//! in report.json's `sample`, and in 汇总.xlsx's 抽查清单 with its chart; the same bytes on a
//! rerun; the seed redoes the draw; bad amounts and `--seed` alone are usage errors.

use crate::common::*;
use calamine::{open_workbook, Data, Reader, Xlsx};
use serde_json::Value;
use std::path::Path;

fn run_sample(out: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "run".as_ref(),
        "workbooks".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
        "--sample".as_ref(),
        "30%".as_ref(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    run(args)
}

fn report(out: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap()
}

#[test]
fn run_with_sample_picks_explains_and_writes_the_list_everywhere() {
    let dir = tmp();
    let out = dir.path().join("out");
    let r = run_sample(&out, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let rep = report(&out);
    let sample = &rep["sample"];
    // 9 projects, 30% → 3 picks: 2 by risk (half of 3, rounded up), 1 by lot.
    assert_eq!(sample["rate"], "30%");
    assert_eq!(sample["population"], 9);
    let picked = sample["picked"].as_array().unwrap();
    let hows: Vec<&str> = picked.iter().map(|p| p["how"].as_str().unwrap()).collect();
    assert_eq!(hows, ["risk", "risk", "random"], "{sample:#}");
    // The riskiest: the 水利局 form (320 万元, 4 errors, self-scored 优 with 产出 losses).
    assert_eq!(
        picked[0]["file"],
        "县水利局/农村饮水安全巩固提升工程绩效自评表.xlsx"
    );
    assert_eq!(picked[0]["parts"]["errors"], "12", "4 errors of 5 × 15");
    // Its reasons name each part as staff read it, then the fact.
    let reasons = picked[0]["reasons"].as_str().unwrap_or_default();
    assert_eq!(
        reasons,
        "资金量：预算数 320 万元，为全县最大项目的 76.2%；高分低效：自评等级“优”，但 2 个产出指标失分（未达年度指标值）；错误：共 4 条"
    );
    // `sample` is additive, between the files and the totals.
    let text = std::fs::read_to_string(out.join("report.json")).unwrap();
    let at = |key: &str| {
        text.find(&format!("\n  \"{key}\": "))
            .unwrap_or_else(|| panic!("{key}"))
    };
    assert!(at("files") < at("sample") && at("sample") < at("totals"));
    // The closing lines list the picks with the seed.
    let seed = sample["seed"].as_str().unwrap();
    assert!(
        r.stdout.contains(&format!("随机种子 {seed}")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("1. 农村饮水安全巩固提升工程（XX县水利局） 风险分 "),
        "{}",
        r.stdout
    );
    // 抽查清单 in 汇总.xlsx: the draw above, the header, one row per pick.
    let mut wb: Xlsx<_> = open_workbook(out.join("汇总.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names().last().map(String::as_str),
        Some("抽查清单")
    );
    let sheet = wb.worksheet_range("抽查清单").unwrap();
    let head = sheet.get_value((0, 0)).unwrap().to_string();
    assert!(
        head.contains(&format!("随机种子 {seed}")) && head.contains("--sample 30%"),
        "{head}"
    );
    assert_eq!(
        sheet.get_value((1, 7)),
        Some(&Data::String("入选方式".into()))
    );
    assert_eq!(sheet.get_value((2, 7)), Some(&Data::String("风险".into())));
    assert_eq!(sheet.get_value((4, 7)), Some(&Data::String("随机".into())));
    assert_eq!(sheet.get_value((5, 0)), None, "three picks");
    let parts = zip_names(&out.join("汇总.xlsx"));
    assert!(
        parts.iter().filter(|n| n.starts_with("xl/charts/")).count() >= 3,
        "{parts:?}"
    );

    // The same inputs give the same list and the same bytes; the seed redoes the draw.
    let again = dir.path().join("again");
    run_sample(&again, &[]);
    assert_eq!(
        std::fs::read(out.join("report.json")).unwrap(),
        std::fs::read(again.join("report.json")).unwrap()
    );
    assert_eq!(
        std::fs::read(out.join("汇总.xlsx")).unwrap(),
        std::fs::read(again.join("汇总.xlsx")).unwrap()
    );
    let seeded = dir.path().join("seeded");
    run_sample(&seeded, &["--seed", seed]);
    assert_eq!(report(&seeded)["sample"], rep["sample"]);
    // Another seed changes only the lot.
    let other = dir.path().join("other");
    run_sample(&other, &["--seed", "1"]);
    let o = report(&other);
    assert_eq!(o["sample"]["picked"][0], picked[0]);
    assert_eq!(o["sample"]["picked"][1], picked[1]);
    assert_eq!(o["sample"]["seed"], "1");
}

fn zip_names(path: &Path) -> Vec<String> {
    let f = std::fs::File::open(path).unwrap();
    let z = zip::ZipArchive::new(f).unwrap();
    z.file_names()
        .filter_map(Result::ok)
        .map(String::from)
        .collect()
}

#[test]
fn check_with_sample_prints_the_picks_and_puts_them_in_the_json() {
    let r = run(["check", "workbooks", "--sample", "2"]);
    assert!(
        r.stdout.contains("抽查 2：9 个项目中抽 2 个"),
        "{}",
        r.stdout
    );
    let (_, rep) = check_json_args(&["workbooks", "--sample", "2"]);
    assert_eq!(rep["sample"]["picked"].as_array().unwrap().len(), 2);
    // Without --sample there is no sample at all.
    let (_, plain) = check_json_args(&["workbooks"]);
    assert!(plain.get("sample").is_none());
}

#[test]
fn bad_amounts_and_a_seed_alone_are_usage_errors() {
    for bad in ["0", "120%", "两成", "3.5"] {
        let r = run(["check", "workbooks", "--sample", bad]);
        assert_eq!(r.code, 2, "{bad}: {r:?}");
        assert!(r.stderr.contains("--sample"), "{bad}: {}", r.stderr);
    }
    let r = run(["check", "workbooks", "--seed", "5"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("--sample"),
        "--seed needs --sample: {}",
        r.stderr
    );
}

#[test]
fn a_deadline_makes_workbooks_saved_after_it_late() {
    // The samples say they were last saved on 2025-03-14 (水利局) and later; a deadline of
    // 2025-03-10 makes each of them late, one of 2030 none.
    let dir = tmp();
    let late = |deadline: &str| -> Vec<Value> {
        let cfg = dir.path().join(format!("{deadline}.toml"));
        std::fs::write(
            &cfg,
            format!("[sample]\nby_risk = 1\ndeadline = \"{deadline}\"\n"),
        )
        .unwrap();
        let (_, rep) = check_json_args(&[
            "workbooks",
            "--sample",
            "100%",
            "--config",
            cfg.to_str().unwrap(),
        ]);
        rep["sample"]["picked"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["parts"].get("late").is_some())
            .cloned()
            .collect()
    };
    let early = late("2025-03-10");
    let water = early
        .iter()
        .find(|p| p["file"] == "县水利局/农村饮水安全巩固提升工程绩效自评表.xlsx")
        .expect("the 水利局 form is late");
    assert_eq!(water["parts"]["late"], "5");
    assert!(late("2030-01-01").is_empty());
}
