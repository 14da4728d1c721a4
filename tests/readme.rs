//! The README documents what the code does: its code table is the registry's, and every
//! recognised column title is listed.

use jixiao::columns::Role;
use jixiao::diag::Code;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn readme_code_table_is_the_registry() {
    let readme = readme();
    let start = readme
        .find("<!-- codes:start -->\n")
        .expect("codes:start marker")
        + 21;
    let end = readme.find("<!-- codes:end -->").expect("codes:end marker");
    assert_eq!(
        &readme[start..end],
        Code::markdown_table(),
        "regenerate the README table from Code::markdown_table()"
    );
}

#[test]
fn readme_lists_every_recognised_title() {
    let readme = readme();
    for &role in Role::ALL {
        for t in role.titles() {
            assert!(readme.contains(t), "README lacks title {t} of {role:?}");
        }
    }
}

#[test]
fn readme_starts_with_the_two_setup_commands() {
    let readme = readme();
    let first_block = readme.split("```").nth(1).unwrap();
    assert_eq!(
        first_block.trim(),
        "sh\ncargo run --release -- run workbooks\ncargo test"
    );
}

fn guide() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/使用说明.md")).unwrap()
}

#[test]
fn the_guide_code_table_is_the_registry() {
    let guide = guide();
    let start = guide
        .find("<!-- codes:start -->\n")
        .expect("codes:start marker")
        + 21;
    let end = guide.find("<!-- codes:end -->").expect("codes:end marker");
    let expected = Code::guide_table();
    if guide[start..end] != expected {
        let path = concat!(env!("CARGO_TARGET_TMPDIR"), "/guide_table.md");
        std::fs::write(path, &expected).unwrap();
        panic!("the guide's code table is not the registry's; the right one is in {path}");
    }
    for code in Code::ALL {
        assert!(
            guide.contains(&format!("| {code} |")),
            "{code} missing from the guide"
        );
    }
}

#[test]
fn every_picture_the_guide_shows_exists() {
    let guide = guide();
    let docs = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/docs"));
    let mut pictures = 0;
    for part in guide.split("](").skip(1) {
        let target = part.split(')').next().unwrap();
        if target.starts_with("img/") {
            pictures += 1;
            assert!(
                docs.join(target).is_file(),
                "docs/{target} is linked but missing"
            );
        }
    }
    assert!(pictures >= 10, "the guide shows {pictures} pictures");
}

#[test]
fn the_readme_and_help_point_to_the_guide() {
    let head: String = readme().lines().take(12).collect::<Vec<_>>().join("\n");
    assert!(head.contains("docs/使用说明.md"), "{head}");
    let help = crate::common::run(["--help"]);
    assert!(help.stdout.contains("docs/使用说明.md"), "{}", help.stdout);
    let run_help = crate::common::run(["run", "--help"]);
    for output in ["复核/", "汇总.xlsx", "report.json", "抽查清单", "年度对比"] {
        assert!(
            run_help.stdout.contains(output),
            "run --help does not name {output}"
        );
    }
}
