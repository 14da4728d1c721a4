//! `jixiao.toml` end to end: a county's config changes grades and rules of a real review,
//! is found next to the input folder (or given with `--config`, which wins), `jixiao config
//! --default` prints defaults that read back to themselves, and a bad config stops with exit
//! status 2 naming the file, the line and the key (an unreadable file: naming the file).

use crate::common::{check_json_args, diagnostics, run, tmp};
use jixiao::config::Config;
use jixiao::write::template::{template_workbook_filled, Kind, EVALUATION_INDICATORS};
use std::path::Path;

/// A filled-in evaluation template: everything full except 服务对象满意度 (88% → 9 of 10 under
/// the built-in criterion “≥90%得满分，每低1个百分点扣0.5分”). Total 99, grade 优.
fn filled(dir: &Path, name: &str) -> std::path::PathBuf {
    let fill = |row: &str, col: &str| -> Option<String> {
        match (row, col) {
            ("项目名称", "") => Some("乡村道路养护项目".into()),
            ("服务对象满意度", "实际完成值") => Some("88%".into()),
            ("服务对象满意度", "评价得分") => Some("9".into()),
            ("服务对象满意度", "扣分原因") => {
                Some("满意度88%，低于90%标准2个百分点，扣1分".into())
            }
            (name, "评价得分") => EVALUATION_INDICATORS
                .iter()
                .find(|i| i.level3 == name)
                .map(|i| i.weight.to_string()),
            (_, "不符合项") => Some("无".into()),
            _ => None,
        }
    };
    let bytes = template_workbook_filled(Kind::Evaluation, &Config::default(), &fill).unwrap();
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    path
}

const COUNTY: &str = r#"# 某县：优 95 分以上；满意度按 95% 标准，每低 1 个百分点扣 1 分
[[grade]]
name = "优"
min = 95
[[grade]]
name = "良"
min = 85
[[grade]]
name = "中"
min = 60
[[grade]]
name = "差"
min = 0

[[rule]]
indicator = "服务对象满意度"
text = "服务对象满意度≥95%得满分，每低1个百分点扣1分，扣完为止"
"#;

fn project(report: &serde_json::Value) -> &serde_json::Value {
    &report["files"][0]["projects"][0]
}

#[test]
fn a_county_config_changes_grades_and_rules() {
    let dir = tmp();
    let path = filled(dir.path(), "表/养护.xlsx");
    // Built-in rules: clean, 99, 优.
    let (code, report) = check_json_args(&[path.as_os_str()]);
    assert_eq!(code, 0, "{:#?}", diagnostics(&report));
    assert_eq!(project(&report)["score_reviewed"], "99");
    assert_eq!(project(&report)["grade"], "优");

    // The county's: 88% is 7 points short of 95% → 3 of 10, total 93: 优 under the built-in
    // bands, 良 under the county's (优 ≥ 95); the filed 9 is R301.
    let cfg = dir.path().join("county.toml");
    std::fs::write(&cfg, COUNTY).unwrap();
    let (code, report) = check_json_args(&[path.as_os_str(), "--config".as_ref(), cfg.as_os_str()]);
    assert_eq!(code, 1);
    let p = project(&report);
    assert_eq!(p["score_reviewed"], "93");
    let r301: Vec<_> = diagnostics(&report)
        .into_iter()
        .filter(|d| d.code == "R301")
        .collect();
    assert_eq!(r301.len(), 1, "{r301:#?}");
    assert_eq!(r301[0].indicator.as_deref(), Some("服务对象满意度"));
    assert_eq!(p["grade"], "良");

    // Lower 优 to 90: the same table is 优 again.
    std::fs::write(&cfg, COUNTY.replace("min = 95", "min = 90")).unwrap();
    let (_, report) = check_json_args(&[path.as_os_str(), "--config".as_ref(), cfg.as_os_str()]);
    assert_eq!(project(&report)["grade"], "优");
}

#[test]
fn jixiao_toml_next_to_the_input_folder_is_used_and_config_wins() {
    let dir = tmp();
    let inputs = dir.path().join("2024年报送");
    let path = filled(&inputs, "交通局/养护.xlsx");
    // In the parent of the input folder.
    std::fs::write(dir.path().join("jixiao.toml"), COUNTY).unwrap();
    let (_, report) = check_json_args(&[inputs.as_os_str()]);
    assert_eq!(project(&report)["score_reviewed"], "93");
    // Inside the input folder: preferred to the parent's.
    std::fs::write(
        inputs.join("jixiao.toml"),
        "[[grade]]\nname = \"达标\"\nmin = 60\n[[grade]]\nname = \"不达标\"\nmin = 0\n",
    )
    .unwrap();
    let (_, report) = check_json_args(&[inputs.as_os_str()]);
    assert_eq!(project(&report)["score_reviewed"], "99");
    assert_eq!(project(&report)["grade"], "达标");
    // A file given directly: the jixiao.toml of its folder, else that folder's parent.
    let (_, report) = check_json_args(&[path.as_os_str()]);
    assert_eq!(project(&report)["grade"], "达标");
    // --config wins over both.
    let explicit = dir.path().join("省里.toml");
    std::fs::write(&explicit, "total_weight = 100\n").unwrap();
    let (_, report) = check_json_args(&[
        inputs.as_os_str(),
        "--config".as_ref(),
        explicit.as_os_str(),
    ]);
    assert_eq!(project(&report)["grade"], "优");
    // `jixiao config INPUT` shows which file applies.
    let r = run([std::ffi::OsStr::new("config"), inputs.as_os_str()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("读自"), "{}", r.stdout);
    assert!(r.stdout.contains("达标"), "{}", r.stdout);
}

#[test]
fn config_default_prints_a_commented_config_that_reads_back_to_the_defaults() {
    let r = run(["config", "--default"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.lines().filter(|l| l.starts_with('#')).count() > 10);
    assert!(r.stdout.contains("[columns]"));
    assert!(r.stdout.contains("budget_score = \"proportional\""));
    assert_eq!(Config::from_toml(&r.stdout).unwrap(), Config::default());
    // And jixiao accepts it as a file.
    let dir = tmp();
    let cfg = dir.path().join("jixiao.toml");
    std::fs::write(&cfg, &r.stdout).unwrap();
    let path = filled(dir.path(), "a.xlsx");
    let (code, report) = check_json_args(&[path.as_os_str(), "--config".as_ref(), cfg.as_os_str()]);
    assert_eq!(code, 0, "{:#?}", diagnostics(&report));
}

#[test]
fn bad_configs_name_the_file_line_and_key() {
    let dir = tmp();
    let path = filled(dir.path(), "a.xlsx");
    let cfg = dir.path().join("jixiao.toml");
    for (text, line, key) in [
        (
            "[columns]\nscore = [\"核定得分\"]\nscroe = [\"x\"]\n",
            3,
            "未知的键“scroe”（[columns] 中可用的键：level1、",
        ),
        (
            "total_weight = 100\n\ncolour = \"红\"\n",
            3,
            "未知的键“colour”（顶层可用的键：total_weight、",
        ),
        (
            "step = \"floor\"\n\nbudget_score = \"酌情扣分\"\n",
            3,
            "budget_score",
        ),
        ("[rounding]\nplaces = 12\n", 2, "places"),
        ("total_weight = -5\n", 1, "total_weight"),
        (
            "[[rule]]\nindicator = \"资金到位率\"\ntxt = \"…\"\n",
            3,
            "未知的键“txt”",
        ),
    ] {
        std::fs::write(&cfg, text).unwrap();
        let r = run([
            std::ffi::OsStr::new("check"),
            path.as_os_str(),
            "--config".as_ref(),
            cfg.as_os_str(),
        ]);
        assert_eq!(r.code, 2, "{text}");
        assert!(r.stdout.is_empty());
        assert!(r.stderr.contains("jixiao.toml"), "{}", r.stderr);
        assert!(
            r.stderr.contains(&format!("第{line}行")),
            "{text}: {}",
            r.stderr
        );
        assert!(r.stderr.contains(key), "{text}: {}", r.stderr);
    }
}

#[test]
fn a_config_file_that_cannot_be_read_is_named() {
    let dir = tmp();
    let cfg = dir.path().join("没有这个文件.toml");
    let r = run([
        std::ffi::OsStr::new("check"),
        dir.path().as_os_str(),
        "--config".as_ref(),
        cfg.as_os_str(),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr
            .starts_with(&format!("jixiao: 无法读取配置文件 {}：", cfg.display())),
        "{}",
        r.stderr
    );
}

/// `[limits]` in jixiao.toml applies to every file of the batch: a limit of 10 cells refuses
/// the filled template (S001 naming the limit), the default reads it.
#[test]
fn limits_in_jixiao_toml_refuse_a_workbook_over_them() {
    let dir = tmp();
    let inputs = dir.path().join("报送");
    filled(&inputs, "交通局/养护.xlsx");
    let (code, report) = check_json_args(&[inputs.as_os_str()]);
    assert_eq!(report["files"][0]["status"], "ok", "{report}");
    assert_eq!(code, 0);
    std::fs::write(inputs.join("jixiao.toml"), "[limits]\nmax_cells = 10\n").unwrap();
    let (code, report) = check_json_args(&[inputs.as_os_str()]);
    assert_eq!(code, 1);
    let file = &report["files"][0];
    assert_eq!(file["status"], "unreadable");
    assert_eq!(file["diagnostics"][0]["code"], "S001");
    let why = file["error"].as_str().unwrap();
    assert!(why.contains("10"), "the message names the limit: {why}");
}
