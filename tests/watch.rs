//! `jixiao watch INBOX -o OUT` end to end (issue #19 part 3): the real binary on a temporary
//! inbox — the first review, a workbook added (written in two pieces, as a slow copy does), one
//! removed, the inbox renamed away and back, and Ctrl-C. Every wait is bounded (a line awaited
//! at most 30 s); none sleeps longer than the step needs.

use crate::common::{clean_table, jixiao, tmp};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(30);

/// The lines of a stream, as they come.
fn lines_of(stream: impl std::io::Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Waits for a line containing `needle`; returns it, and every line seen on the way.
fn wait_for(rx: &Receiver<String>, needle: &str, seen: &mut Vec<String>) -> String {
    let until = Instant::now() + WAIT;
    loop {
        let left = until.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                seen.push(line.clone());
                if line.contains(needle) {
                    return line;
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                panic!("no line with “{needle}” in {WAIT:?}; saw {seen:#?}")
            }
            Err(RecvTimeoutError::Disconnected) => {
                panic!("jixiao ended before “{needle}”; saw {seen:#?}")
            }
        }
    }
}

fn files_in_report(out: &Path) -> Vec<String> {
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

struct Watching {
    child: Child,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn start(inbox: &Path, out: &Path) -> Watching {
    start_with(inbox, out, &[])
}

/// `jixiao watch INBOX -o OUT`, with these environment variables as well.
fn start_with(inbox: &Path, out: &Path, env: &[(&str, &str)]) -> Watching {
    let mut cmd = Command::new(jixiao().get_program());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd
        .args([
            "watch".as_ref(),
            inbox.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ])
        .env("JIXIAO_PAUSE", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = lines_of(child.stdout.take().unwrap());
    let stderr = lines_of(child.stderr.take().unwrap());
    Watching {
        child,
        stdout,
        stderr,
    }
}

#[test]
fn the_watched_inbox_is_reviewed_again_when_workbooks_come_and_go() {
    let dir = tmp();
    let inbox = dir.path().join("收件");
    let out = dir.path().join("结果");
    std::fs::create_dir_all(inbox.join("县财政局")).unwrap();
    clean_table().write(&inbox.join("县财政局"), "第一份.xlsx");
    let mut w = start(&inbox, &out);
    let mut seen = Vec::new();

    // The first review: every workbook, then the outputs, then the watch.
    let first = wait_for(&w.stdout, "县财政局/第一份.xlsx", &mut seen);
    assert!(first.contains("  优 98.4  无问题"), "{first}");
    wait_for(&w.stdout, "正在监视", &mut seen);
    assert_eq!(files_in_report(&out), ["县财政局/第一份.xlsx"]);
    assert!(out.join("汇总.xlsx").is_file());

    // A workbook arrives in two writes with a pause, as a slow copy does: reviewed once, whole.
    let bytes = std::fs::read(inbox.join("县财政局/第一份.xlsx")).unwrap();
    let second = inbox.join("县财政局/第二份.xlsx");
    {
        let mut f = std::fs::File::create(&second).unwrap();
        f.write_all(&bytes[..bytes.len() / 2]).unwrap();
        f.flush().unwrap();
        std::thread::sleep(Duration::from_millis(300));
        f.write_all(&bytes[bytes.len() / 2..]).unwrap();
    }
    let line = wait_for(&w.stdout, "第二份.xlsx", &mut seen);
    assert!(
        line.contains("  优 98.4  无问题"),
        "read before it was whole: {line}"
    );
    assert_eq!(
        files_in_report(&out),
        ["县财政局/第一份.xlsx", "县财政局/第二份.xlsx"]
    );
    assert!(out.join("复核/县财政局/第二份.复核.xlsx").is_file());
    // An Excel lock file is not a workbook.
    std::fs::write(inbox.join("县财政局/~$第二份.xlsx"), b"lock").unwrap();

    // One removed: out of the report, its annotated copy gone.
    std::fs::remove_file(inbox.join("县财政局/第一份.xlsx")).unwrap();
    let gone = wait_for(&w.stdout, "已移走", &mut seen);
    assert!(gone.contains("县财政局/第一份.xlsx"), "{gone}");
    assert_eq!(files_in_report(&out), ["县财政局/第二份.xlsx"]);
    assert!(!out.join("复核/县财政局/第一份.复核.xlsx").exists());
    assert!(seen.iter().all(|l| !l.contains("~$")), "{seen:#?}");

    // The inbox renamed away and back: said, and watched again.
    let away = dir.path().join("收件-改名");
    std::fs::rename(&inbox, &away).unwrap();
    let mut err_seen = Vec::new();
    wait_for(&w.stderr, "不见了", &mut err_seen);
    std::fs::rename(&away, &inbox).unwrap();
    wait_for(&w.stderr, "又出现了", &mut err_seen);
    clean_table()
        .deduct(4, "8", "")
        .write(&inbox.join("县财政局"), "第三份.xlsx");
    let third = wait_for(&w.stdout, "第三份.xlsx", &mut seen);
    assert!(third.contains("警告 1"), "{third}");

    // Ctrl-C: a clean stop, status 0.
    #[cfg(unix)]
    {
        let pid = w.child.id().to_string();
        assert!(Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success());
        wait_for(&w.stderr, "已停止监视", &mut err_seen);
        let until = Instant::now() + WAIT;
        let status = loop {
            if let Some(s) = w.child.try_wait().unwrap() {
                break s;
            }
            assert!(Instant::now() < until, "jixiao did not stop");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert_eq!(status.code(), Some(0));
        let leftovers: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

#[test]
fn a_missing_inbox_is_a_usage_error() {
    let dir = tmp();
    let out = jixiao()
        .args(["watch".as_ref(), dir.path().join("没有").as_os_str()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("不存在"), "{stderr}");
}

/// Without change events (a shared folder on another machine may send none), the inbox is
/// still listed every 10 s: a workbook that arrives is reviewed within that time.
#[test]
fn without_events_the_inbox_is_listed_again_every_ten_seconds() {
    let dir = tmp();
    let inbox = dir.path().join("收件");
    let out = dir.path().join("结果");
    std::fs::create_dir_all(&inbox).unwrap();
    let w = start_with(&inbox, &out, &[("JIXIAO_WATCH_EVENTS", "0")]);
    let mut seen = Vec::new();
    wait_for(&w.stdout, "正在监视", &mut seen);
    clean_table().write(&inbox, "迟到的.xlsx");
    let line = wait_for(&w.stdout, "迟到的.xlsx", &mut seen);
    assert!(line.contains("优 98.4"), "{line}");
}
