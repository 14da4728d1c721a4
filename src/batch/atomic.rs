//! \[IO\] Output files written atomically: under a temporary name in their folder, renamed into
//! place when complete, so an interrupted run never leaves a half-written file under the final
//! name, and a file dropped before it is committed disappears.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why an output file could not be written. Each message names the path and includes the
/// system's reason (so there is no separate `source()`).
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// Its folder could not be created.
    #[error("无法创建文件夹 {}：{}", dir.display(), create_dir_reason(dir, error))]
    CreateDir {
        /// The folder.
        dir: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// No temporary file could be made in its folder.
    #[error("无法在 {} 中创建临时文件：{}", dir.display(), io_words(error))]
    TempFile {
        /// The folder.
        dir: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// Writing, syncing or renaming it failed.
    #[error("无法写入 {}：{}", path.display(), io_words(error))]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
}

/// A file written under a temporary name in its folder and renamed into place by
/// [`AtomicFile::commit`]; dropped without commit, it disappears.
pub struct AtomicFile {
    path: PathBuf,
    tmp: std::io::BufWriter<tempfile::NamedTempFile>,
    /// Keeps the temporary name in [`LIVE`] while it exists.
    _live: Live,
}

/// The temporary files being written, so that an interrupt can remove them
/// ([`remove_live_temporaries`]).
static LIVE: std::sync::Mutex<std::collections::BTreeSet<PathBuf>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());

/// A temporary name in [`LIVE`], taken out when the file is renamed into place or dropped.
struct Live(PathBuf);

impl Live {
    fn new(path: PathBuf) -> Live {
        if let Ok(mut live) = LIVE.lock() {
            live.insert(path.clone());
        }
        Live(path)
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        if let Ok(mut live) = LIVE.lock() {
            live.remove(&self.0);
        }
    }
}

/// Removes every temporary file still being written (on Ctrl-C or SIGTERM, before the
/// process ends); returns how many there were.
pub fn remove_live_temporaries() -> usize {
    let Ok(live) = LIVE.lock() else {
        return 0;
    };
    live.iter()
        .filter(|p| std::fs::remove_file(p).is_ok())
        .count()
}

/// How old a left-over temporary file must be before the next run sweeps it: a run still
/// writing into the same folder keeps its files younger than this.
const STALE: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes the `.jixiao-*.tmp` files an interrupted run left under `dir` (older than an hour);
/// returns how many.
pub fn sweep_stale_temporaries(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut swept = 0;
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            swept += sweep_stale_temporaries(&path);
        } else if name.starts_with(".jixiao-") && name.ends_with(".tmp") {
            let old = meta
                .modified()
                .ok()
                .and_then(|m| m.elapsed().ok())
                .is_some_and(|age| age > STALE);
            if old && std::fs::remove_file(&path).is_ok() {
                swept += 1;
            }
        }
    }
    swept
}

impl AtomicFile {
    /// Starts writing `path`, creating its folder if needed.
    ///
    /// # Errors
    /// [`OutputError::CreateDir`] or [`OutputError::TempFile`], naming the folder.
    pub fn create(path: &Path) -> Result<AtomicFile, OutputError> {
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|error| OutputError::CreateDir {
            dir: dir.to_path_buf(),
            error,
        })?;
        let mut builder = tempfile::Builder::new();
        builder.prefix(".jixiao-").suffix(".tmp");
        // tempfile makes files 0600; an output is a document for colleagues on a shared folder,
        // so it gets what any new file gets: 0666 less the umask (issue #18 item 6).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let tmp = builder
            .tempfile_in(dir)
            .map_err(|error| OutputError::TempFile {
                dir: dir.to_path_buf(),
                error,
            })?;
        let live = Live::new(tmp.path().to_path_buf());
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp: std::io::BufWriter::new(tmp),
            _live: live,
        })
    }

    /// Flushes, syncs to disk and renames the file into place: for the few files of a batch
    /// (report.json, 汇总.xlsx, a template).
    ///
    /// # Errors
    /// [`OutputError::Write`], naming the file.
    pub fn commit(self) -> Result<(), OutputError> {
        self.persist(true)
    }

    fn persist(self, sync: bool) -> Result<(), OutputError> {
        let path = self.path;
        let failed = |error| OutputError::Write {
            path: path.clone(),
            error,
        };
        let tmp = self.tmp.into_inner().map_err(|e| failed(e.into_error()))?;
        if sync {
            tmp.as_file().sync_all().map_err(failed)?;
        }
        tmp.persist(&path).map_err(|e| failed(e.error))?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.tmp.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.tmp.flush()
    }
}

/// Writes a whole file atomically and durably ([`AtomicFile::commit`]).
///
/// # Errors
/// An [`OutputError`] naming the file or its folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes).map_err(|error| OutputError::Write {
        path: path.to_path_buf(),
        error,
    })?;
    f.commit()
}

/// Writes one of many files atomically, but not synced to disk one by one (a sync per
/// annotated workbook cost more than writing it); the batch's report.json and 汇总.xlsx,
/// written last, are synced.
///
/// # Errors
/// An [`OutputError`] naming the file or its folder.
pub fn write_replacing(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes).map_err(|error| OutputError::Write {
        path: path.to_path_buf(),
        error,
    })?;
    f.persist(false)
}

/// An I/O error in words a user acts on: a full disk and a missing permission are said in
/// Chinese; anything else keeps the system's words.
pub(crate) fn io_words(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::StorageFull => "磁盘空间已满，请清理该磁盘或换一个输出文件夹".into(),
        std::io::ErrorKind::PermissionDenied => "没有写入权限".into(),
        std::io::ErrorKind::ReadOnlyFilesystem => "该磁盘只读".into(),
        _ => error.to_string(),
    }
}

/// Why a folder could not be created, in words: a file in its way is named as such.
fn create_dir_reason(dir: &Path, error: &std::io::Error) -> String {
    let blocked = dir
        .ancestors()
        .find(|a| a.is_file())
        .map(|f| f.display().to_string());
    match blocked {
        Some(f) => format!("{f} 是一个文件，不是文件夹；请用 -o 指定一个文件夹"),
        None => io_words(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_appears_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("新/report.json");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"{}").unwrap();
        assert!(!path.exists());
        f.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{}");
        let dropped = AtomicFile::create(&dir.path().join("丢弃.xlsx")).unwrap();
        drop(dropped);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "only the committed folder remains");
        write_replacing(&path, b"[]").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"[]");
    }

    #[test]
    fn failures_name_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("是文件");
        std::fs::write(&file, b"x").unwrap();
        let err = write_atomic(&file.join("report.json"), b"{}").unwrap_err();
        assert!(matches!(err, OutputError::CreateDir { .. }), "{err:?}");
        assert!(err.to_string().contains("是文件"), "{err}");
    }
}
