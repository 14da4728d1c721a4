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
