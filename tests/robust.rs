//! Anything a folder can hold (issue #7, SPEC §1, §2, §8): every bad file is one S001 with a
//! clear Chinese reason and the batch goes on; no file can ask for unbounded memory; outputs
//! stay inside OUT; input text stays text. The corpus is built in code (`corpus`), plus the
//! files under `tests/robust/` that the fuzzer once crashed on.

use crate::common::*;
use serde_json::Value;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

const XLS_SAMPLE: &str = "workbooks/县农业农村局/高标准农田建设项目绩效评价表.xls";
const ODS_SAMPLE: &str = "workbooks/县民政局/城乡低保资金绩效评价表.ods";

fn sample(rel: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).expect("sample workbook")
}

fn good_xlsx() -> Vec<u8> {
    let dir = tmp();
    std::fs::read(clean_table().write(dir.path(), "good.xlsx")).unwrap()
}

/// Rebuilds a zip: every entry through `edit` (name, bytes → bytes), then `extra` entries.
fn rewrite_zip(
    bytes: &[u8],
    edit: impl Fn(&str, Vec<u8>) -> Vec<u8>,
    extra: &[(&str, Vec<u8>)],
) -> Vec<u8> {
    let mut src = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        // The ODF mimetype entry must stay first and stored.
        let o = if name == "mimetype" {
            opts.compression_method(zip::CompressionMethod::Stored)
        } else {
            opts
        };
        out.start_file(name.as_str(), o).unwrap();
        out.write_all(&edit(&name, data)).unwrap();
    }
    for (name, data) in extra {
        out.start_file(*name, opts).unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Sets the declared uncompressed size of `entry` in the zip's central directory.
fn declare_size(bytes: &mut [u8], entry: &str, size: u32) {
    let sig = b"PK\x01\x02";
    let mut at = 0;
    while let Some(pos) = bytes[at..].windows(4).position(|w| w == sig) {
        let h = at + pos;
        let name_len = u16::from_le_bytes([bytes[h + 28], bytes[h + 29]]) as usize;
        if &bytes[h + 46..h + 46 + name_len] == entry.as_bytes() {
            bytes[h + 24..h + 28].copy_from_slice(&size.to_le_bytes());
            return;
        }
        at = h + 4;
    }
    panic!("no entry {entry}");
}

/// A minimal OLE compound file (MS-CFB v3) holding the given empty streams: what Office writes
/// for a password-protected `.xlsx` has `EncryptionInfo` and `EncryptedPackage`.
fn ole_with_streams(names: &[&str]) -> Vec<u8> {
    let mut b = vec![0u8; 512 * 3];
    b[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let put32 =
        |b: &mut Vec<u8>, at: usize, v: u32| b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    b[0x18] = 0x3E; // minor version
    b[0x1A] = 3; // major version
    b[0x1C..0x1E].copy_from_slice(&[0xFE, 0xFF]);
    b[0x1E] = 9; // 512-byte sectors
    b[0x20] = 6; // 64-byte mini sectors
    put32(&mut b, 0x2C, 1); // one FAT sector
    put32(&mut b, 0x30, 1); // directory at sector 1
    put32(&mut b, 0x38, 4096);
    put32(&mut b, 0x3C, 0xFFFF_FFFE);
    put32(&mut b, 0x44, 0xFFFF_FFFE);
    put32(&mut b, 0x4C, 0); // FAT at sector 0
    for i in 1..109 {
        put32(&mut b, 0x4C + i * 4, 0xFFFF_FFFF);
    }
    // FAT: sector 0 is the FAT, sector 1 the directory (one sector).
    let fat = 512;
    for i in 0..128 {
        put32(&mut b, fat + i * 4, 0xFFFF_FFFF);
    }
    put32(&mut b, fat, 0xFFFF_FFFD);
    put32(&mut b, fat + 4, 0xFFFF_FFFE);
    let dir = 1024;
    let entry = |b: &mut Vec<u8>, i: usize, name: &str, kind: u8| {
        let at = dir + i * 128;
        let units: Vec<u16> = name.encode_utf16().chain([0]).collect();
        for (k, u) in units.iter().enumerate() {
            b[at + k * 2..at + k * 2 + 2].copy_from_slice(&u.to_le_bytes());
        }
        b[at + 0x40..at + 0x42].copy_from_slice(&((units.len() * 2) as u16).to_le_bytes());
        b[at + 0x42] = kind;
        for off in [0x44, 0x48, 0x4C] {
            put32(b, at + off, 0xFFFF_FFFF);
        }
        put32(b, at + 0x74, 0xFFFF_FFFE);
    };
    entry(&mut b, 0, "Root Entry", 5);
    put32(&mut b, dir + 0x4C, 1);
    for (i, name) in names.iter().enumerate() {
        entry(&mut b, i + 1, name, 2);
        if i + 1 < names.len() {
            put32(&mut b, dir + (i + 1) * 128 + 0x48, (i + 2) as u32);
        }
    }
    b
}

/// The `.xls` sample with its first DIMENSIONS record claiming two billion rows: calamine
/// would reserve that many cells up front and abort the process.
fn xls_with_forged_dimensions() -> Vec<u8> {
    let mut b = sample(XLS_SAMPLE);
    let pos = b
        .windows(4)
        .position(|w| w == [0x00, 0x02, 0x0E, 0x00])
        .expect("a BIFF8 DIMENSIONS record");
    b[pos + 8..pos + 12].copy_from_slice(&0x7FFF_FFF0u32.to_le_bytes());
    b
}

/// The `.ods` sample with 400,000 repeated rows of 200 valued cells appended to its first
/// table: 80 million cells that calamine would expand into a dense range.
fn ods_with_far_cells() -> Vec<u8> {
    let row = "<table:table-row table:number-rows-repeated=\"400000\"><table:table-cell \
               table:number-columns-repeated=\"200\" office:value-type=\"float\" \
               office:value=\"1\"><text:p>1</text:p></table:table-cell></table:table-row>";
    rewrite_zip(
        &sample(ODS_SAMPLE),
        |name, data| {
            if name != "content.xml" {
                return data;
            }
            let xml = String::from_utf8(data).unwrap();
            xml.replacen("</table:table>", &format!("{row}</table:table>"), 1)
                .into_bytes()
        },
        &[],
    )
}

/// What a file of the corpus must give.
#[derive(Debug, Clone)]
enum Expect {
    /// Unreadable: one S001 whose message contains every fragment.
    Unreadable(&'static [&'static str]),
    /// Read and reviewed: at least one project, the codes present, no S001.
    Reviewed(&'static [&'static str]),
    /// Anything but a crash: a fuzzer finding, read or refused, never “内部出错”.
    NoCrash,
}

/// Writes the corpus into `dir`; returns each file name with what it must give.
fn corpus(dir: &Path) -> Vec<(String, Expect)> {
    use Expect::*;
    let good = good_xlsx();
    let mut cases: Vec<(String, Vec<u8>, Expect)> = vec![
        (
            "空文件.xlsx".into(),
            Vec::new(),
            Unreadable(&["空", "另存为 .xlsx"]),
        ),
        (
            "乱码.xlsx".into(),
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
            Unreadable(&["不是电子表格", "另存为 .xlsx"]),
        ),
        (
            "截断.xlsx".into(),
            good[..good.len() / 2].to_vec(),
            Unreadable(&["损坏", "另存为 .xlsx"]),
        ),
        (
            "其实是xls.xlsx".into(),
            sample(XLS_SAMPLE),
            Unreadable(&["旧版 .xls", "另存为 .xlsx"]),
        ),
        (
            "其实是xlsx.xls".into(),
            good.clone(),
            Unreadable(&["内容是 .xlsx", "另存为 .xlsx"]),
        ),
        (
            "金山表格.et".into(),
            sample(XLS_SAMPLE),
            Unreadable(&[".et", "另存为 .xlsx"]),
        ),
        (
            "加密.xlsx".into(),
            ole_with_streams(&["EncryptionInfo", "EncryptedPackage"]),
            Unreadable(&["工作簿已加密"]),
        ),
        (
            "压缩炸弹.xlsx".into(),
            rewrite_zip(
                &good,
                |_, d| d,
                &[("xl/media/zeros.bin", vec![0u8; 4 << 20])],
            ),
            Unreadable(&["压缩炸弹", "200:1"]),
        ),
        (
            "声明过大.xlsx".into(),
            {
                let mut b = rewrite_zip(&good, |_, d| d, &[("xl/media/big.bin", vec![7u8; 10])]);
                declare_size(&mut b, "xl/media/big.bin", 600 << 20);
                b
            },
            Unreadable(&["解压后过大", "512 MiB"]),
        ),
        (
            "伪造尺寸.xls".into(),
            xls_with_forged_dimensions(),
            Unreadable(&["数据区域过大", "2000000"]),
        ),
        (
            "远处单元格.ods".into(),
            ods_with_far_cells(),
            Unreadable(&["数据区域过大", "2000000"]),
        ),
        (
            "公式无结果.xlsx".into(),
            {
                let d = tmp();
                let sheet = clean_table().set(0, "评价得分", "=1+2");
                std::fs::read(sheet.write(d.path(), "f.xlsx")).unwrap()
            },
            Reviewed(&["C201"]),
        ),
        (
            "隐藏工作表.xlsx".into(),
            {
                let d = tmp();
                let book = Book::new()
                    .sheet(clean_table())
                    .sheet(clean_table().named("旧表").set(7, "扣分情况", "2").hidden());
                std::fs::read(book.write(d.path(), "h.xlsx")).unwrap()
            },
            Reviewed(&[]),
        ),
        (
            "非法工作表名.xlsx".into(),
            rewrite_zip(
                &good,
                |name, data| {
                    if name != "xl/workbook.xml" {
                        return data;
                    }
                    String::from_utf8(data)
                        .unwrap()
                        .replace("name=\"评分表\"", "name=\"评分/表:[1]*?\"")
                        .into_bytes()
                },
                &[],
            ),
            Reviewed(&[]),
        ),
        (
            "远处单元格.xlsx".into(),
            {
                let d = tmp();
                let path = clean_table().write(d.path(), "far.xlsx");
                // A stray value in XFD1048576, added to the sheet XML.
                rewrite_zip(
                    &std::fs::read(path).unwrap(),
                    |name, data| {
                        if name != "xl/worksheets/sheet1.xml" {
                            return data;
                        }
                        String::from_utf8(data)
                            .unwrap()
                            .replace(
                                "</sheetData>",
                                "<row r=\"1048576\"><c r=\"XFD1048576\"><v>1</v></c></row></sheetData>",
                            )
                            .into_bytes()
                    },
                    &[],
                )
            },
            Reviewed(&[]),
        ),
    ];
    for (name, bytes) in regression_files("tests/robust") {
        cases.push((name, bytes, Expect::NoCrash));
    }
    cases
        .into_iter()
        .map(|(name, bytes, expect)| {
            std::fs::write(dir.join(&name), bytes).unwrap();
            (name, expect)
        })
        .collect()
}

/// The inputs the fuzzer crashed on once (`tests/robust/`), each named after what it broke:
/// `除以零的分值.xls` is an `.xls` whose criterion a mutation turned into “每少0个百分点扣0.5分”
/// (a zero step that `Threshold::deduction_at` divided by).
fn regression_files(folder: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<(String, Vec<u8>)> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| jixiao::grid::Format::from_path(p).is_some())
        .map(|p| {
            let name = format!("回归-{}", p.file_name().unwrap().to_string_lossy());
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn file_entry<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(name)))
        .unwrap_or_else(|| panic!("{name} not in the report"))
}

fn file_codes(file: &Value) -> Vec<String> {
    let mut codes: Vec<String> = file["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .chain(
            file["projects"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|p| p["diagnostics"].as_array().into_iter().flatten()),
        )
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    codes.sort();
    codes
}

/// Checks one file's entry of a report against what it must give.
fn assert_expected(report: &Value, name: &str, expect: &Expect) {
    let file = file_entry(report, name);
    let codes = file_codes(file);
    match expect {
        Expect::Unreadable(fragments) => {
            assert_eq!(file["status"], "unreadable", "{name}: {file}");
            assert_eq!(codes, vec!["S001"], "{name}: exactly one S001");
            let error = file["error"].as_str().unwrap_or_default();
            assert!(!error.contains("内部出错"), "{name}: a panic: {error}");
            for f in *fragments {
                assert!(error.contains(f), "{name}: “{f}” missing in “{error}”");
            }
        }
        Expect::NoCrash => {
            let error = file["error"].as_str().unwrap_or_default();
            assert!(!error.contains("内部出错"), "{name}: a panic: {error}");
        }
        Expect::Reviewed(expected) => {
            assert_ne!(file["status"], "unreadable", "{name}: {file}");
            assert!(
                !file["projects"].as_array().unwrap().is_empty(),
                "{name}: no project"
            );
            assert!(!codes.contains(&"S001".to_string()), "{name}: {codes:?}");
            for c in *expected {
                assert!(
                    codes.iter().any(|x| x == c),
                    "{name}: {c} missing: {codes:?}"
                );
            }
        }
    }
}

#[test]
fn every_bad_file_alone_gives_its_diagnostic() {
    let dir = tmp();
    for (name, expect) in corpus(dir.path()) {
        let (code, report) = check_json(&dir.path().join(&name));
        assert_expected(&report, &name, &expect);
        let want = match expect {
            Expect::NoCrash => code,
            Expect::Unreadable(_) => 1,
            Expect::Reviewed([]) => report["totals"]["errors"]
                .as_u64()
                .map_or(0, |e| i32::from(e > 0)),
            Expect::Reviewed(_) => 1,
        };
        assert_eq!(code, want, "{name}: exit status");
    }
}

#[test]
fn a_hidden_sheet_is_carried_over_hidden_and_not_reviewed() {
    let dir = tmp();
    corpus(dir.path());
    let (_, report) = check_json(&dir.path().join("隐藏工作表.xlsx"));
    let file = file_entry(&report, "隐藏工作表.xlsx");
    let sheets: Vec<&str> = file["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["sheet"].as_str().unwrap())
        .collect();
    assert_eq!(sheets, vec!["评分表"]);
    assert!(!file_codes(file).contains(&"C203".to_string()));

    use calamine::{open_workbook, Reader, SheetVisible, Xlsx};
    let out = dir.path().join("out");
    let r = run_quietly(&dir.path().join("隐藏工作表.xlsx"), &out);
    assert!(r.code <= 1, "{r:?}");
    let wb: Xlsx<_> = open_workbook(out.join("复核/隐藏工作表.复核.xlsx")).unwrap();
    let shown: Vec<(String, bool)> = wb
        .sheets_metadata()
        .iter()
        .map(|m| (m.name.clone(), m.visible == SheetVisible::Visible))
        .collect();
    assert_eq!(
        shown,
        vec![
            ("评分表".to_string(), true),
            ("旧表".to_string(), false),
            ("复核问题".to_string(), true)
        ]
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Every workbook of `dir` that is not a lock or hidden file, relative, with `/`.
fn good_workbooks(dir: &Path, prefix: &str, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().to_string();
        let rel = PathBuf::from(prefix).join(&name);
        if e.file_type().unwrap().is_dir() {
            good_workbooks(&e.path(), rel.to_str().unwrap(), out);
        } else if !name.starts_with("~$")
            && !name.starts_with('.')
            && jixiao::grid::Format::from_path(&e.path()).is_some()
        {
            out.push(rel);
        }
    }
}

#[test]
fn a_batch_of_everything_annotates_every_good_workbook() {
    let dir = tmp();
    let input = dir.path().join("收件");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("workbooks");
    copy_dir(&samples, &input);
    let bad = input.join("杂物");
    std::fs::create_dir_all(&bad).unwrap();
    let cases = corpus(&bad);
    // File names: very long (80 Chinese characters = 240 bytes), and on Unix not UTF-8.
    let long = format!("{}.xlsx", "很".repeat(80));
    clean_table().write(&bad, &long);
    #[cfg(unix)]
    let odd = {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"\xd6\xd0\xce\xc4-gbk.xlsx");
        std::fs::write(bad.join(name), good_xlsx()).unwrap();
        name.to_os_string()
    };
    let mut good = Vec::new();
    good_workbooks(&samples, "", &mut good);
    assert!(good.len() >= 6, "{good:?}");

    let out = dir.path().join("out");
    let r = run([
        std::ffi::OsStr::new("run"),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
        "-q".as_ref(),
    ]);
    assert_eq!(r.code, 1, "unreadable files make 1, never 2: {}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let report: Value = serde_json::from_str(&r.stdout).unwrap();
    for rel in &good {
        let stem = rel.file_stem().unwrap().to_string_lossy();
        let annotated = out
            .join("复核")
            .join(rel.parent().unwrap())
            .join(format!("{stem}.复核.xlsx"));
        assert!(annotated.is_file(), "{} not annotated", rel.display());
    }
    for (name, expect) in &cases {
        assert_expected(&report, name, expect);
    }
    // The long name is shortened to fit 255 bytes, the odd one kept (lossily) — both written.
    let written: Vec<String> = std::fs::read_dir(out.join("复核/杂物"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        written
            .iter()
            .any(|n| n.starts_with("很很很") && n.len() <= 255),
        "{written:?}"
    );
    #[cfg(unix)]
    {
        let odd_entry = file_entry(&report, "-gbk.xlsx");
        assert_eq!(odd_entry["status"], "ok", "{odd:?}");
        assert!(
            written.iter().any(|n| n.ends_with("-gbk.复核.xlsx")),
            "{written:?}"
        );
    }
}

#[test]
fn an_unreadable_file_is_reported_with_the_reason() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = tmp();
        let path = clean_table().write(dir.path(), "锁住.xlsx");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
        // As root (CI), permissions do not apply; the next test covers a failing read there.
        if std::fs::read(&path).is_err() {
            let (code, report) = check_json(&path);
            assert_eq!(code, 1);
            assert_expected(&report, "锁住.xlsx", &Expect::Unreadable(&["没有读取权限"]));
        }
    }
}

/// A file that opens but fails to read (here /proc/self/mem, whose first page is never
/// mapped: EIO whoever runs the test, root included) is S001, and the batch goes on.
#[cfg(target_os = "linux")]
#[test]
fn a_file_whose_read_fails_is_reported_and_the_batch_goes_on() {
    let dir = tmp();
    clean_table().write(dir.path(), "好.xlsx");
    std::os::unix::fs::symlink("/proc/self/mem", dir.path().join("读不出.xlsx")).unwrap();
    let (code, report) = check_json(dir.path());
    assert_eq!(code, 1);
    assert_expected(
        &report,
        "读不出.xlsx",
        &Expect::Unreadable(&["无法读取文件：读取时出错", "复制到本机磁盘"]),
    );
    assert_expected(&report, "好.xlsx", &Expect::Reviewed(&[]));
}

#[test]
fn a_sheet_of_100000_rows_is_read_and_reviewed() {
    let dir = tmp();
    let mut sheet = clean_table();
    for i in 0..100_000 {
        sheet = sheet.below(&format!("附注第 {i} 行"));
    }
    let path = sheet.write(dir.path(), "十万行.xlsx");
    let (_, report) = check_json(&path);
    assert_expected(&report, "十万行.xlsx", &Expect::Reviewed(&[]));
}

// ---- output safety ----------------------------------------------------------------------------

#[test]
fn annotated_paths_stay_inside_out_whatever_the_relative_path() {
    use jixiao::batch::{annotated_path, InputFile};
    let out = Path::new("/srv/out");
    for rel in [
        "../../etc/passwd.xlsx",
        "/etc/cron.d/x.xlsx",
        "a/./../../b/表.xlsx",
        "..",
        "",
    ] {
        let file = InputFile::under(Path::new(""), PathBuf::from(rel));
        assert_eq!(file.relative(), PathBuf::from(rel));
        let p = annotated_path(out, &file);
        assert!(p.starts_with("/srv/out/复核"), "{rel} → {}", p.display());
        assert!(
            p.components()
                .all(|c| !matches!(c, std::path::Component::ParentDir)),
            "{rel} → {}",
            p.display()
        );
    }
}

#[test]
fn a_reason_starting_with_equals_is_written_as_text_not_a_formula() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = tmp();
    let reason = "=HYPERLINK(\"http://x\",\"点我\") 扣1分";
    let sheet = clean_table().set(7, "扣分原因", &format!("'{reason}"));
    let cell = sheet.cell(7, "扣分原因");
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    sheet.write(&input, "等号.xlsx");
    let out = dir.path().join("out");
    let r = run_quietly(&input, &out);
    assert!(r.code <= 1, "{r:?}");
    let mut wb: Xlsx<_> = open_workbook(out.join("复核/等号.复核.xlsx")).unwrap();
    let (row, col) = a1_pos(&cell);
    let values = wb.worksheet_range("评分表").unwrap();
    assert_eq!(
        values.get_value((row, col)),
        Some(&Data::String(reason.into())),
        "{cell}"
    );
    let formulas = wb.worksheet_formula("评分表").unwrap();
    let formula = formulas.get_value((row, col)).cloned().unwrap_or_default();
    assert!(formula.is_empty(), "{cell} became a formula: {formula}");
}

#[test]
fn sheet_names_excel_forbids_are_made_valid_in_the_annotated_copy() {
    use calamine::{open_workbook, Reader, Xlsx};
    let dir = tmp();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    corpus(&input);
    let keep = input.join("非法工作表名.xlsx");
    for e in std::fs::read_dir(&input).unwrap() {
        let p = e.unwrap().path();
        if p != keep {
            std::fs::remove_file(p).unwrap();
        }
    }
    let out = dir.path().join("out");
    let r = run_quietly(&input, &out);
    assert!(r.code <= 1, "{r:?}");
    let wb: Xlsx<_> = open_workbook(out.join("复核/非法工作表名.复核.xlsx")).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names[0], "评分_表__1___", "{names:?}");
    for n in &names {
        assert!(!n.contains(['[', ']', ':', '*', '?', '/', '\\']), "{n}");
        assert!(n.chars().count() <= 31, "{n}");
    }
}

// ---- limits -----------------------------------------------------------------------------------

#[test]
fn the_unpacked_size_limit_is_configurable_and_named_in_the_message() {
    use jixiao::grid::Format;
    use jixiao::read::{read_workbook_bytes, Limits};
    let good = good_xlsx();
    let tight = Limits {
        max_unpacked_mib: 0,
        ..Limits::default()
    };
    let err = read_workbook_bytes(&good, Format::Xlsx, &tight).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("解压后过大") && message.contains("上限 0 MiB"),
        "{err}"
    );
    let few_cells = Limits {
        max_cells: 10,
        ..Limits::default()
    };
    let err = read_workbook_bytes(&good, Format::Xlsx, &few_cells).unwrap_err();
    assert!(err.to_string().contains("上限 10 个"), "{err}");
    assert!(read_workbook_bytes(&good, Format::Xlsx, &Limits::default()).is_ok());
}

#[test]
fn an_entry_larger_than_declared_is_stopped_by_the_zip_reader() {
    use jixiao::grid::Format;
    use jixiao::read::{read_workbook_bytes, Limits, ReadError};
    // The sheet's real size is far above the 100 bytes it now declares.
    let mut b = good_xlsx();
    declare_size(&mut b, "xl/worksheets/sheet1.xml", 100);
    let err = read_workbook_bytes(&b, Format::Xlsx, &Limits::default()).unwrap_err();
    // Told by the zip reader's IO error kind inside calamine's error, never by its text.
    assert!(matches!(err, ReadError::EntryMismatch), "{err:?}");
    assert!(err.to_string().contains("压缩炸弹"), "{err}");
}

/// A named pipe given on the command line (or any non-regular file) is reported, never opened:
/// opening a FIFO for reading would block the batch forever.
#[cfg(unix)]
#[test]
fn a_named_pipe_is_unreadable_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("管道.xlsx");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let out = assert_cmd::Command::cargo_bin("jixiao")
        .unwrap()
        .args(["check", "--format", "json"])
        .arg(&fifo)
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = &report["files"][0];
    assert_eq!(file["status"], "unreadable");
    assert_eq!(file["diagnostics"][0]["code"], "S001");
    assert!(file["error"].as_str().unwrap().contains("不是普通文件"));
}

/// A table placed beyond the scanned columns (right of IV) is not found; S002 says that cells
/// lie out there, and how many, so the user knows where to look. Without such cells S002
/// does not mention it.
#[test]
fn s002_names_cells_beyond_the_scanned_area() {
    let dir = tmp();
    let far = dir.path().join("远处的表.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("评分表").unwrap();
    ws.write_string(0, 0, "项目支出绩效评价表").unwrap();
    for (c, title) in [
        "一级指标",
        "二级指标",
        "三级指标",
        "分值",
        "评价标准",
        "得分",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(1, 300 + c as u16, *title).unwrap();
    }
    ws.write_string(2, 302, "项目立项规范性").unwrap();
    ws.write_number(2, 303, 100).unwrap();
    ws.write_number(2, 305, 100).unwrap();
    wb.save(&far).unwrap();
    let (code, report) = check_json(&far);
    assert_eq!(code, 1);
    let d = diagnostics(&report);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "S002");
    assert!(
        d[0].message
            .contains("工作表“评分表”有 9 个单元格在第 131072 行以下或 IV 列以右，未在其中查找"),
        "{}",
        d[0].message
    );

    let empty = Sheet::new("说明")
        .line("只有一行说明")
        .write(dir.path(), "没有表.xlsx");
    let (_, report) = check_json(&empty);
    let d = diagnostics(&report);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "S002");
    assert!(!d[0].message.contains("未在其中查找"), "{}", d[0].message);
}
