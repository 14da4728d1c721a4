//! Reliability, round two (issue #18): what an unlucky or hostile user does to a batch.

use crate::common::*;
use calamine::{open_workbook_auto, Reader};
use std::path::Path;

fn samples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("workbooks")
}

fn run_into(args: &[&std::ffi::OsStr], out: &Path) -> Run {
    let mut all: Vec<&std::ffi::OsStr> = vec!["run".as_ref()];
    all.extend_from_slice(args);
    all.extend(["-o".as_ref(), out.as_os_str(), "-q".as_ref()]);
    let r = run(&all);
    assert!(r.code <= 1, "{}\n{}", r.code, r.stderr);
    r
}

/// Every formula text of every sheet of 汇总.xlsx, joined.
fn summary_formulas(out: &Path) -> String {
    let mut wb = open_workbook_auto(out.join("汇总.xlsx")).unwrap();
    let mut all = String::new();
    for name in wb.sheet_names() {
        if let Ok(f) = wb.worksheet_formula(&name) {
            for (_, _, t) in f.used_cells() {
                all.push_str(t);
                all.push('\n');
            }
        }
    }
    all
}

/// `表.xlsx`, `表.xls` and `表.ods` in one folder each get their own annotated copy — the same
/// names on every run — and 汇总.xlsx links each finding to its own copy (item 2).
#[test]
fn inputs_that_share_a_name_get_their_own_copies() {
    let dir = tmp();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let s = samples();
    std::fs::copy(
        s.join("县财政局/预算信息管理平台等运维项目绩效评价表.xlsx"),
        input.join("表.xlsx"),
    )
    .unwrap();
    std::fs::copy(
        s.join("县农业农村局/高标准农田建设项目绩效评价表.xls"),
        input.join("表.xls"),
    )
    .unwrap();
    std::fs::copy(
        s.join("县民政局/城乡低保资金绩效评价表.ods"),
        input.join("表.ods"),
    )
    .unwrap();
    let (out1, out2) = (dir.path().join("out1"), dir.path().join("out2"));
    run_into(&[input.as_os_str()], &out1);
    run_into(&[input.as_os_str()], &out2);
    let names = ["表.复核.xlsx", "表（xls）.复核.xlsx", "表（ods）.复核.xlsx"];
    for name in names {
        let (a, b) = (out1.join("复核").join(name), out2.join("复核").join(name));
        assert!(a.exists(), "{name} missing");
        assert_eq!(
            std::fs::read(&a).unwrap(),
            std::fs::read(&b).unwrap(),
            "{name} differs"
        );
    }
    let copies = std::fs::read_dir(out1.join("复核")).unwrap().count();
    assert_eq!(copies, 3, "one copy per input");
    // Each copy is its own input's: the rebuilt ones say which format they were.
    let first_notes = |name: &str| -> String {
        let mut wb = open_workbook_auto(out1.join("复核").join(name)).unwrap();
        let sheet = wb.sheet_names()[0].clone();
        let range = wb.worksheet_range(&sheet).unwrap();
        range
            .used_cells()
            .map(|(_, _, v)| v.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(first_notes("表（xls）.复核.xlsx").contains(".xls 格式"));
    assert!(first_notes("表（ods）.复核.xlsx").contains(".ods 格式"));
    assert!(!first_notes("表.复核.xlsx").contains("格式无法在原文件上直接标注"));
    let links = summary_formulas(&out1);
    for name in names {
        assert!(links.contains(name), "汇总 links no finding to {name}");
    }
}

/// One file name given twice from two folders: two copies, numbered (item 2).
#[test]
fn one_name_given_twice_from_two_folders_gets_two_copies() {
    let dir = tmp();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let s = samples();
    std::fs::copy(
        s.join("县财政局/预算信息管理平台等运维项目绩效评价表.xlsx"),
        a.join("表.xlsx"),
    )
    .unwrap();
    std::fs::copy(
        s.join("县交通运输局/农村公路养护项目绩效评价表.xlsx"),
        b.join("表.xlsx"),
    )
    .unwrap();
    let out = dir.path().join("out");
    run_into(
        &[a.join("表.xlsx").as_os_str(), b.join("表.xlsx").as_os_str()],
        &out,
    );
    for name in ["表.复核.xlsx", "表（2）.复核.xlsx"] {
        assert!(out.join("复核").join(name).exists(), "{name} missing");
    }
    // The first by path keeps the plain name: a/表.xlsx.
    let mut wb = open_workbook_auto(out.join("复核/表.复核.xlsx")).unwrap();
    assert!(wb
        .sheet_names()
        .iter()
        .any(|n| wb.worksheet_range(n).is_ok()));
}

/// Outputs get what any new file gets under the user's umask — 0644 under 022 — so colleagues
/// on a shared folder can open them (item 6; tempfile alone made them 0600).
#[cfg(unix)]
#[test]
fn outputs_follow_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tmp();
    let out = dir.path().join("out");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 022; \"{}\" run \"{}\" -o \"{}\" -q",
            env!("CARGO_BIN_EXE_jixiao"),
            samples().join("县财政局").display(),
            out.display()
        ))
        .status()
        .unwrap();
    assert!(status.code().is_some_and(|c| c <= 1), "{status}");
    let files = [
        out.join("report.json"),
        out.join("汇总.xlsx"),
        out.join("复核/预算信息管理平台等运维项目绩效评价表.复核.xlsx"),
    ];
    for f in files {
        let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "{} is {mode:o}", f.display());
    }
}

/// A jixiao whose stdout is a pipe already closed by its reader (`… | head` after `head` has
/// gone): every write to stdout fails with a broken pipe, deterministically.
fn with_closed_stdout(args: &[&std::ffi::OsStr]) -> std::process::ExitStatus {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .stdout(writer)
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap()
}

/// `run … | head`: stdout closing does not stop the batch — every annotated copy, report.json
/// and 汇总.xlsx are written, and the status is the findings' (1: the samples have errors).
/// `check … | head` may stop early, but not with status 0 once it has seen an error (item 1).
#[test]
fn a_closed_stdout_stops_the_printing_not_the_outputs() {
    let dir = tmp();
    let out = dir.path().join("out");
    let samples = samples();
    let status = with_closed_stdout(&[
        "run".as_ref(),
        samples.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(status.code(), Some(1), "run's status is the findings'");
    assert!(out.join("report.json").exists(), "no report.json");
    assert!(out.join("汇总.xlsx").exists(), "no 汇总.xlsx");
    let copies = walk_count(&out.join("复核"));
    assert_eq!(copies, 8, "every annotated copy");
    for format in ["text", "json"] {
        let status = with_closed_stdout(&[
            "check".as_ref(),
            samples.as_os_str(),
            "--format".as_ref(),
            format.as_ref(),
        ]);
        assert_eq!(status.code(), Some(1), "check --format {format}");
    }
}

fn walk_count(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| {
                    let p = e.path();
                    if p.is_dir() {
                        walk_count(&p)
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

/// Messages that say what happened in words (item 7): an empty folder is a usage error with a
/// hint, an output path that is a file is named as such, and a package that is not what its
/// name says is described — not in a library's words.
#[test]
fn misleading_messages_say_what_the_file_is() {
    let dir = tmp();
    let empty = dir.path().join("空文件夹");
    std::fs::create_dir_all(&empty).unwrap();
    let r = run([
        "run".as_ref(),
        empty.as_os_str(),
        "-o".as_ref(),
        dir.path().join("o").as_os_str(),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("没有找到工作簿"), "{}", r.stderr);
    let file = dir.path().join("是文件");
    std::fs::write(&file, b"x").unwrap();
    let r = run([
        "run".as_ref(),
        samples().join("县财政局").as_os_str(),
        "-o".as_ref(),
        file.as_os_str(),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("是一个文件，不是文件夹"), "{}", r.stderr);
    assert!(!r.stderr.contains("os error"), "{}", r.stderr);

    // An .ods named .xlsx, a zip without a workbook, a truncated .xlsx.
    let ods = dir.path().join("改名.xlsx");
    std::fs::copy(samples().join("县民政局/城乡低保资金绩效评价表.ods"), &ods).unwrap();
    let no_book = dir.path().join("空包.xlsx");
    {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(std::fs::File::create(&no_book).unwrap());
        z.start_file("docProps/app.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(b"<x/>").unwrap();
        z.finish().unwrap();
    }
    let cut = dir.path().join("截断.xlsx");
    let whole = std::fs::read(samples().join("县财政局/预算信息管理平台等运维项目绩效评价表.xlsx"))
        .unwrap();
    std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    for (path, words) in [
        (&ods, "OpenDocument"),
        (&no_book, "没有 Excel 工作簿"),
        (&cut, "文件不完整"),
    ] {
        let (_, report) = check_json(path);
        let error = report["files"][0]["error"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(error.contains(words), "{}: {error}", path.display());
        for internal in ["_rels/.rels'", "EOCD", "Zip32", "File not found"] {
            assert!(!error.contains(internal), "{}: {error}", path.display());
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        let target = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

/// jixiao's own outputs are never reviewed again (item 8): a later run over a folder holding
/// an earlier run's output folder (it has our report.json) and an annotated copy moved out of
/// it (it carries the mark) reviews the 8 samples only, and says what it skipped; a
/// department's own 汇总.xlsx (no mark) is still read.
#[test]
fn our_own_outputs_are_not_reviewed_again() {
    let dir = tmp();
    let input = dir.path().join("in");
    copy_dir(&samples(), &input);
    run_into(&[input.as_os_str()], &input.join("上次结果"));
    let copy = input.join("上次结果/复核/县财政局/预算信息管理平台等运维项目绩效评价表.复核.xlsx");
    std::fs::copy(&copy, input.join("县财政局/旧.复核.xlsx")).unwrap();
    std::fs::copy(
        samples().join("县交通运输局/农村公路养护项目绩效评价表.xlsx"),
        input.join("县交通运输局/汇总.xlsx"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let r = run([
        "run".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(r.code <= 1, "{}", r.stderr);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(
        paths.len(),
        9,
        "8 samples and the department's 汇总.xlsx: {paths:?}"
    );
    assert!(paths.iter().any(|p| p.ends_with("县交通运输局/汇总.xlsx")));
    assert!(!paths.iter().any(|p| p.contains("复核")), "{paths:?}");
    assert!(
        r.stderr.contains("已跳过") && r.stderr.contains("上次结果"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("旧.复核.xlsx"), "{}", r.stderr);
}

fn temporaries(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().to_string();
            if p.is_dir() {
                out.extend(temporaries(&p));
            } else if name.starts_with(".jixiao-") && name.ends_with(".tmp") {
                out.push(p);
            }
        }
    }
    out
}

/// Ctrl-C in the middle of a run (item 5): the temporaries being written are removed, stderr
/// says the run was interrupted and which outputs are stale, the status is 130. Skipped, with
/// the reason printed, where the run ends before the signal can be sent.
#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_no_temporaries_and_says_so() {
    let dir = tmp();
    let input = dir.path().join("in");
    for i in 0..40 {
        copy_dir(&samples(), &input.join(format!("批{i:02}")));
    }
    let out = dir.path().join("out");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args([
            "run".as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "-j".as_ref(),
            "1".as_ref(),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the first annotated copy, then interrupt.
    let start = std::time::Instant::now();
    while walk_count(&out.join("复核")) == 0 && start.elapsed().as_secs() < 20 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    match output.status.code() {
        Some(130) => {}
        Some(0 | 1) => {
            println!("skipped: the run ended before the interrupt; the machine is too fast for 320 files");
            return;
        }
        // Killed by the signal itself: no handler ran.
        other => panic!(
            "interrupted without the handler: {other:?} {:?}\n{stderr}",
            output.status
        ),
    }
    assert!(stderr.contains("复核被中断"), "{stderr}");
    assert!(
        stderr.contains("report.json"),
        "says which outputs are stale: {stderr}"
    );
    assert_eq!(temporaries(&out), Vec::<std::path::PathBuf>::new());
}

/// Temporaries left by a run that was killed outright (no handler runs on SIGKILL) are swept
/// at the next start, once they are older than an hour, with an info line (item 5).
#[test]
fn stale_temporaries_are_swept_at_the_next_start() {
    let dir = tmp();
    let out = dir.path().join("out");
    std::fs::create_dir_all(out.join("复核")).unwrap();
    let stale = out.join("复核/.jixiao-abc123.tmp");
    let fresh = out.join(".jixiao-def456.tmp");
    for p in [&stale, &fresh] {
        std::fs::write(p, b"half").unwrap();
    }
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(two_hours_ago)
        .unwrap();
    let r = run([
        "run".as_ref(),
        samples().join("县财政局").as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(r.code <= 1, "{}", r.stderr);
    assert!(!stale.exists(), "the stale temporary is swept");
    assert!(fresh.exists(), "a young one may be another run's");
    assert!(r.stderr.contains("已清理"), "{}", r.stderr);
}

/// Links that point nowhere or back up the tree, and a named pipe with a workbook's name, are
/// reported as skipped with the reason instead of vanishing (item 7).
#[cfg(unix)]
#[test]
fn odd_entries_in_a_folder_are_reported_as_skipped() {
    let dir = tmp();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("子")).unwrap();
    std::fs::copy(
        samples().join("县财政局/预算信息管理平台等运维项目绩效评价表.xlsx"),
        input.join("表.xlsx"),
    )
    .unwrap();
    std::os::unix::fs::symlink(input.join("不存在.xlsx"), input.join("断链.xlsx")).unwrap();
    std::os::unix::fs::symlink(&input, input.join("子/回环")).unwrap();
    let fifo = input.join("管道.xlsx");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let r = run(["check".as_ref(), input.as_os_str()]);
    assert!(r.code <= 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("断链.xlsx") && r.stderr.contains("不存在"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("回环") && r.stderr.contains("已读过"),
        "{}",
        r.stderr
    );
    if made.is_ok_and(|s| s.success()) {
        assert!(
            r.stderr.contains("管道.xlsx") && r.stderr.contains("不是普通文件"),
            "{}",
            r.stderr
        );
    } else {
        println!("skipped the named pipe: mkfifo is not available");
    }
}

/// A tmpfs of 200 KiB, nearly full, unmounted when dropped; `None` (with the reason printed)
/// where the machine does not allow mounting (not root, no tmpfs).
struct FullDisk(std::path::PathBuf);

impl FullDisk {
    fn mount(at: &Path) -> Option<FullDisk> {
        std::fs::create_dir_all(at).ok()?;
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=200k", "tmpfs"])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            println!("skipped: cannot mount a tmpfs here (needs root)");
            return None;
        }
        let disk = FullDisk(at.to_path_buf());
        std::fs::write(at.join("fill"), vec![0u8; 190 * 1024]).ok()?;
        Some(disk)
    }
}

impl Drop for FullDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// A full temporary folder or a full output disk (item 3): an error naming the output that
/// failed and the full folder, exit 2, never a panic; the findings and totals still printed;
/// report.json written where it could be; no partial file left.
#[cfg(unix)]
#[test]
fn a_full_disk_is_an_error_naming_the_folder_not_a_panic() {
    let dir = tmp();
    let Some(disk) = FullDisk::mount(&dir.path().join("full")) else {
        return;
    };
    let out = dir.path().join("out");
    let r = jixiao()
        .env("TMPDIR", &disk.0)
        .args([
            "run".as_ref(),
            samples().as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&r.stdout),
        String::from_utf8_lossy(&r.stderr),
    );
    assert_eq!(r.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("临时文件夹") && stderr.contains("汇总.xlsx"),
        "{stderr}"
    );
    assert!(
        stdout.contains("共 8 个文件"),
        "the totals are printed: {stdout}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        out.join("report.json").exists(),
        "report.json is still written"
    );
    assert!(!out.join("汇总.xlsx").exists());
    assert_eq!(temporaries(&out), Vec::<std::path::PathBuf>::new());

    let full_out = disk.0.join("out");
    let r = run([
        "run".as_ref(),
        samples().as_os_str(),
        "-o".as_ref(),
        full_out.as_os_str(),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("磁盘空间已满"), "{}", r.stderr);
    assert!(!r.stderr.contains("os error"), "{}", r.stderr);
    assert_eq!(temporaries(&disk.0), Vec::<std::path::PathBuf>::new());
}
