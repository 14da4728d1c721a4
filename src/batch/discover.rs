//! \[IO\] Finding the files to review, and where their annotated copies go.
//!
//! An INPUT file is taken as given, whatever its extension (an unsupported one is an S001
//! finding). An INPUT folder is searched recursively for spreadsheet files — `.xlsx .xlsm .xls
//! .xlsb .ods`, and WPS `.et`/`.ett`, which are reported as unreadable with a hint — skipping
//! names that start with `~$` (Excel lock files) or `.` (hidden), anything inside the excluded
//! output folder, and folders already visited through a symbolic link. Other files in a folder
//! (the PDF report, Word documents) are not workbooks and are ignored.

use crate::review::evaluate::Origin;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Why the inputs cannot be reviewed (a usage error). Each message names the path and
/// includes the system's reason.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// An INPUT that does not exist or cannot be reached.
    #[error("输入路径 {} 不存在或无法访问：{error}", path.display())]
    Missing {
        /// The INPUT as given.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// The output folder is an input folder or holds one.
    #[error("输出文件夹 {} 不能是输入文件夹 {} 本身或包含它，请用 -o 指定另一个文件夹（如 out）", out.display(), input.display())]
    OutputHoldsInput {
        /// The output folder.
        out: PathBuf,
        /// The input folder.
        input: PathBuf,
    },
    /// A folder that cannot be listed.
    #[error("无法读取文件夹 {}：{error}", dir.display())]
    Unlisted {
        /// The folder.
        dir: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// The inputs hold no workbook at all (an empty folder, the wrong folder).
    #[error(
        "在 {} 中没有找到工作簿（.xlsx、.xlsm、.xls、.xlsb、.ods、.et）；请检查是否选对了文件夹",
        inputs
    )]
    NoWorkbooks {
        /// The inputs, joined for the message.
        inputs: String,
    },
}

/// Extensions picked up when searching a folder.
pub const FOLDER_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods", "et", "ett"];

/// One file to review. A batch holds one per input file for its whole run, so it is kept
/// small: the path to read, and how it was found; what is shown and where its annotated copy
/// goes are derived from those when needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// Where to read it.
    pub path: PathBuf,
    found: Found,
    /// The stem of its annotated copy when the file's own would collide with another input's
    /// (`表（xls）`, `表（2）`): see [`discover`].
    out_stem: Option<String>,
}

/// How an input file was found.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Found {
    /// Given as a file on the command line.
    Given,
    /// Found under an INPUT folder (shared by all its files).
    Under(std::sync::Arc<InputFolder>),
    /// Found under an INPUT folder, and shown under that folder's name because another INPUT
    /// folder holds the same relative path (财政局/评价表.xlsx, 教育局/评价表.xlsx).
    Named(std::sync::Arc<InputFolder>),
}

/// An INPUT folder.
#[derive(Debug, PartialEq, Eq)]
struct InputFolder {
    /// As given.
    root: PathBuf,
    /// Its own name (of the canonical path), to tell apart equal relative paths under two
    /// INPUT folders.
    name: Option<String>,
}

impl InputFile {
    /// A file given on the command line: shown as given.
    pub fn given(path: PathBuf) -> InputFile {
        InputFile {
            path,
            found: Found::Given,
            out_stem: None,
        }
    }

    /// A file found at `path` under the INPUT folder `root`: shown relative to it.
    pub fn under(root: &Path, path: PathBuf) -> InputFile {
        InputFile::found(
            std::sync::Arc::new(InputFolder {
                root: root.to_path_buf(),
                name: None,
            }),
            path,
        )
    }

    fn found(folder: std::sync::Arc<InputFolder>, path: PathBuf) -> InputFile {
        InputFile {
            path,
            found: Found::Under(folder),
            out_stem: None,
        }
    }

    /// The path relative to its INPUT folder (the file name for a file given directly).
    pub fn relative(&self) -> PathBuf {
        match &self.found {
            Found::Given => self
                .path
                .file_name()
                .map(PathBuf::from)
                .unwrap_or_else(|| self.path.clone()),
            Found::Under(folder) => self
                .path
                .strip_prefix(&folder.root)
                .unwrap_or(&self.path)
                .to_path_buf(),
            Found::Named(folder) => {
                let inside = self.path.strip_prefix(&folder.root).unwrap_or(&self.path);
                Path::new(folder.name.as_deref().unwrap_or_default()).join(inside)
            }
        }
    }

    /// The path shown to users and in the report: relative to its INPUT folder,
    /// `/`-separated; a file given directly as given.
    pub fn display(&self) -> String {
        match &self.found {
            Found::Given => slash_path(&self.path),
            _ => slash_path(&self.relative()),
        }
    }

    pub(super) fn origin(&self) -> Origin {
        let folder = self
            .path
            .parent()
            .and_then(|p| {
                if p.as_os_str().is_empty() {
                    std::env::current_dir().ok()
                } else {
                    std::fs::canonicalize(p)
                        .ok()
                        .or_else(|| Some(p.to_path_buf()))
                }
            })
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()));
        Origin {
            folder,
            stem: self
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default(),
        }
    }
}

fn skipped_name(name: &str) -> bool {
    name.starts_with("~$") || name.starts_with('.')
}

/// A path with `/` separators, as the report shows it (`/tmp/x/表.xlsx` stays as it is).
pub fn slash_path(p: &Path) -> String {
    use std::path::Component;
    let mut out = String::new();
    for c in p.components() {
        match c {
            Component::RootDir => out.push('/'),
            Component::Prefix(prefix) => out.push_str(&prefix.as_os_str().to_string_lossy()),
            other => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(&other.as_os_str().to_string_lossy());
            }
        }
    }
    out
}

/// Finds the files to review.
///
/// # Errors
/// An [`InputError`] for an INPUT that does not exist or cannot be listed, or an output folder
/// that holds an input folder (a usage error).
pub fn discover(inputs: &[PathBuf], exclude: Option<&Path>) -> Result<Vec<InputFile>, InputError> {
    discover_noting(inputs, exclude).map(|(files, _)| files)
}

/// [`discover`], and what it skipped as jixiao's own outputs (a folder holding a report.json
/// of ours, an annotated copy or 汇总.xlsx carrying [`crate::write::MARK`]), said in words for
/// an info line.
///
/// # Errors
/// As [`discover`].
pub fn discover_noting(
    inputs: &[PathBuf],
    exclude: Option<&Path>,
) -> Result<(Vec<InputFile>, Vec<String>), InputError> {
    let mut skipped = Vec::new();
    let exclude = exclude.and_then(|e| std::fs::canonicalize(e).ok());
    let mut files = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|error| InputError::Missing {
            path: input.clone(),
            error,
        })?;
        if meta.is_dir() {
            // An output folder that is the input folder, or holds it, would hide every input.
            if let (Some(out), Ok(dir)) = (&exclude, std::fs::canonicalize(input)) {
                if dir.starts_with(out) {
                    return Err(InputError::OutputHoldsInput {
                        out: out.clone(),
                        input: input.clone(),
                    });
                }
            }
            let mut visited = HashSet::new();
            let folder = std::sync::Arc::new(InputFolder {
                root: input.clone(),
                name: std::fs::canonicalize(input)
                    .ok()
                    .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string())),
            });
            walk(
                &folder,
                input,
                exclude.as_deref(),
                &mut visited,
                &mut files,
                &mut skipped,
            )?;
        } else {
            files.push(InputFile::given(input.clone()));
        }
    }
    let mut files = sorted(files);
    files.dedup_by(|a, b| a.path == b.path);
    // The same relative path under two INPUT folders: both are shown, and written, under
    // their input folder's name, so neither overwrites the other.
    let shown: Vec<String> = files.iter().map(InputFile::display).collect();
    for i in 0..files.len() {
        let twin = (i > 0 && shown[i - 1] == shown[i]) || shown.get(i + 1) == Some(&shown[i]);
        let named = match &files[i].found {
            Found::Under(folder) if twin && folder.name.is_some() => Some(folder.clone()),
            _ => None,
        };
        if let Some(folder) = named {
            files[i].found = Found::Named(folder);
        }
    }
    drop(shown);
    if files.is_empty() {
        return Err(InputError::NoWorkbooks {
            inputs: inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join("、"),
        });
    }
    let mut files = sorted(files);
    distinct_outputs(&mut files);
    files.shrink_to_fit();
    Ok((files, skipped))
}

/// True when `dir` holds a report.json written by jixiao: an output folder of an earlier run.
fn is_output_folder(dir: &Path) -> bool {
    use std::io::Read;
    let Ok(f) = std::fs::File::open(dir.join("report.json")) else {
        return false;
    };
    let mut head = String::new();
    f.take(256).read_to_string(&mut head).is_ok() && head.contains("\"jixiao.report/")
}

/// True when a workbook named like jixiao's outputs (`….复核.xlsx`, `汇总.xlsx`) carries the
/// mark in its custom document properties.
fn is_marked_output(path: &Path, name: &str) -> bool {
    use std::io::Read;
    let named = name.ends_with(".复核.xlsx") || name.ends_with(".复核.xlsm") || name == "汇总.xlsx";
    if !named {
        return false;
    }
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return false;
    };
    let Ok(custom) = zip.by_name("docProps/custom.xml") else {
        return false;
    };
    let mut xml = String::new();
    custom.take(1 << 16).read_to_string(&mut xml).is_ok()
        && xml.contains(&format!("name=\"{}\"", crate::write::MARK))
}

/// Gives every input its own annotated copy: inputs whose copies would share a name (`表.xlsx`,
/// `表.xls`, `表.ods` in one folder; one file name given twice from two folders; names that
/// differ only in bytes that are not UTF-8; names that differ only in case, which Windows
/// folders do not tell apart) are told apart deterministically. In each such group the first
/// by format (`.xlsx`, `.xlsm`, `.xls`, `.xlsb`, `.ods`), then by path, keeps the plain name;
/// another format is named after it (`表（xls）.复核.xlsx`), and what is still the same gets a
/// number (`表（2）.复核.xlsx`).
fn distinct_outputs(files: &mut [InputFile]) {
    let key = |f: &InputFile| -> String {
        let rel = f.relative();
        let stem = rel
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let parent = rel.parent().map(slash_path).unwrap_or_default();
        format!("{parent}/{stem}").to_lowercase()
    };
    let ext = |f: &InputFile| -> String {
        f.path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default()
    };
    let rank = |e: &str| {
        ["xlsx", "xlsm", "xls", "xlsb", "ods"]
            .iter()
            .position(|x| *x == e)
    };
    let mut groups: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for (i, f) in files.iter().enumerate() {
        groups.entry(key(f)).or_default().push(i);
    }
    // Every plain name in use, so that a made-up name never takes another input's.
    let plain: HashSet<String> = groups.keys().cloned().collect();
    for (_, mut group) in groups {
        if group.len() < 2 {
            continue;
        }
        group.sort_by(|a, b| {
            let (fa, fb) = (&files[*a], &files[*b]);
            rank(&ext(fa))
                .cmp(&rank(&ext(fb)))
                .then_with(|| fa.path.cmp(&fb.path))
        });
        let mut taken: HashSet<String> = HashSet::new();
        for (n, &i) in group.iter().enumerate() {
            let stem = files[i]
                .relative()
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_else(|| "工作簿".into());
            let e = ext(&files[i]);
            let mut name = if n == 0 {
                stem.clone()
            } else if e != ext(&files[group[0]])
                && !taken.contains(&format!("{stem}（{e}）").to_lowercase())
            {
                format!("{stem}（{e}）")
            } else {
                stem.clone()
            };
            let parent = files[i]
                .relative()
                .parent()
                .map(slash_path)
                .unwrap_or_default();
            let used = |name: &str| {
                taken.contains(&name.to_lowercase())
                    || (name != stem && plain.contains(&format!("{parent}/{name}").to_lowercase()))
            };
            if n > 0 && used(&name) {
                name = stem.clone();
            }
            let mut k = 2;
            while used(&name) {
                name = format!("{stem}（{k}）");
                k += 1;
            }
            taken.insert(name.to_lowercase());
            if n > 0 {
                files[i].out_stem = Some(name);
            }
        }
    }
}

/// Files in the order of the paths shown (then of the paths read, for equal ones).
fn sorted(files: Vec<InputFile>) -> Vec<InputFile> {
    let mut keyed: Vec<(String, InputFile)> = files.into_iter().map(|f| (f.display(), f)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.path.cmp(&b.1.path)));
    keyed.into_iter().map(|(_, f)| f).collect()
}

fn walk(
    folder: &std::sync::Arc<InputFolder>,
    dir: &Path,
    exclude: Option<&Path>,
    visited: &mut HashSet<PathBuf>,
    out: &mut Vec<InputFile>,
    skipped: &mut Vec<String>,
) -> Result<(), InputError> {
    let Ok(canonical) = std::fs::canonicalize(dir) else {
        return Ok(());
    };
    if exclude.is_some_and(|e| canonical.starts_with(e)) || !visited.insert(canonical) {
        return Ok(());
    }
    if is_output_folder(dir) {
        skipped.push(format!(
            "{}（jixiao 的输出文件夹，含 report.json）",
            dir.display()
        ));
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).map_err(|error| InputError::Unlisted {
        dir: dir.to_path_buf(),
        error,
    })?;
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if skipped_name(&name) {
            continue;
        }
        // Follows symbolic links; `visited` stops loops.
        let workbook_name = path.extension().is_some_and(|e| {
            FOLDER_EXTENSIONS.contains(&e.to_string_lossy().to_ascii_lowercase().as_str())
        });
        let Ok(meta) = std::fs::metadata(&path) else {
            let link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
            if link && workbook_name {
                skipped.push(format!("{}（链接指向的文件不存在）", path.display()));
            }
            continue;
        };
        if meta.is_dir() {
            let looped = std::fs::canonicalize(&path).is_ok_and(|c| visited.contains(&c));
            if looped && std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink())
            {
                skipped.push(format!("{}（链接指回已读过的文件夹）", path.display()));
                continue;
            }
            walk(folder, &path, exclude, visited, out, skipped)?;
        } else if !meta.is_file() {
            // A device, a named pipe or a socket: reading it would block or never end.
            if workbook_name {
                skipped.push(format!("{}（不是普通文件，如设备或管道）", path.display()));
            }
        } else if meta.is_file() {
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default();
            if !FOLDER_EXTENSIONS.contains(&ext.as_str()) {
                continue;
            }
            let in_excluded = exclude
                .is_some_and(|e| std::fs::canonicalize(&path).is_ok_and(|c| c.starts_with(e)));
            if in_excluded {
                continue;
            }
            if is_marked_output(&path, &name) {
                skipped.push(format!(
                    "{}（jixiao 写出的工作簿，不再复核）",
                    path.display()
                ));
                continue;
            }
            out.push(InputFile::found(folder.clone(), path));
        }
    }
    Ok(())
}

/// Where `run` writes the annotated copy of a file: `OUT/复核/<relative folder>/<stem>.复核.xlsx`.
/// Only plain path components are kept, so the path always stays inside `OUT`.
pub fn annotated_path(out: &Path, file: &InputFile) -> PathBuf {
    use std::path::Component;
    let mut path = out.join("复核");
    let relative = file.relative();
    if let Some(parent) = relative.parent() {
        for c in parent.components() {
            if let Component::Normal(part) = c {
                path.push(part);
            }
        }
    }
    let stem = file.out_stem.clone().unwrap_or_else(|| {
        relative
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| "工作簿".into())
    });
    path.push(annotated_name(&stem));
    path
}

/// Most bytes of a file name on common file systems (ext4, NTFS in UTF-16 units, APFS).
const MAX_NAME_BYTES: usize = 255;

/// `<stem>.复核.xlsx`, the stem shortened when the name would pass 255 bytes (an input named
/// at the limit would otherwise have no writable output). A shortened stem ends with `~` and
/// eight hex digits of a hash of the whole stem, so two long names stay two outputs.
fn annotated_name(stem: &str) -> String {
    const SUFFIX: &str = ".复核.xlsx";
    let name = format!("{stem}{SUFFIX}");
    if name.len() <= MAX_NAME_BYTES {
        return name;
    }
    // FNV-1a: stable across runs and platforms (outputs must be deterministic).
    let hash = stem.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let tag = format!("~{hash:08x}");
    let room = MAX_NAME_BYTES - SUFFIX.len() - tag.len();
    let mut cut = room.min(stem.len());
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{tag}{SUFFIX}", &stem[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_and_hidden_files_are_skipped() {
        assert!(skipped_name("~$评价表.xlsx"));
        assert!(skipped_name(".DS_Store"));
        assert!(!skipped_name("评价表.xlsx"));
    }

    #[test]
    fn discovery_is_sorted_relative_and_skips_output() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b部门")).unwrap();
        std::fs::create_dir_all(root.join("a部门")).unwrap();
        std::fs::create_dir_all(root.join("out/复核")).unwrap();
        for p in [
            "b部门/2.xlsx",
            "a部门/1.xls",
            "a部门/~$1.xls",
            "a部门/报告.pdf",
            "a部门/表.et",
            "out/复核/x.xlsx",
        ] {
            std::fs::write(root.join(p), b"x").unwrap();
        }
        let files = discover(&[root.to_path_buf()], Some(&root.join("out"))).unwrap();
        let shown: Vec<String> = files.iter().map(InputFile::display).collect();
        assert_eq!(shown, vec!["a部门/1.xls", "a部门/表.et", "b部门/2.xlsx"]);
        assert!(discover(&[root.join("nope")], None).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_end() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/1.xlsx"), b"x").unwrap();
        std::os::unix::fs::symlink(root, root.join("a/loop")).unwrap();
        let files = discover(&[root.to_path_buf()], None).unwrap();
        assert_eq!(files.len(), 1);
    }
}
