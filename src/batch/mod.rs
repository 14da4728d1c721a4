//! \[IO\] The batch: find the input files ([`discover()`]), review each inside a guard
//! ([`process_file`]: read, review, and for `run` write its annotated copy), in parallel on a
//! pool of `-j N` threads, handing the results to the outputs in path order as they come in
//! ([`map_in_order`], [`ordered`]); and write files atomically ([`atomic`]).
//!
//! Every file is processed inside a guard: a read error is an S001 finding, and a panic (a bug,
//! but never allowed to stop the batch) is caught and reported the same way.

pub mod atomic;
pub mod discover;
pub mod ordered;

pub use atomic::{
    remove_live_temporaries, sweep_stale_temporaries, write_atomic, write_replacing, AtomicFile,
    OutputError,
};
pub use discover::{annotated_path, discover, discover_noting, slash_path, InputError, InputFile};

use crate::config::Config;
use crate::review::evaluate::evaluate_workbook;
use crate::write::report::FileOutcome;
use crate::write::BuildError;
use std::path::{Path, PathBuf};

/// What became of one input file.
#[derive(Debug)]
pub struct Processed {
    /// What the review found.
    pub outcome: FileOutcome,
    /// Where its annotated copy was written, or why it could not be (`run` only).
    pub output: Option<Result<PathBuf, AnnotatedError>>,
    /// When the workbook was last saved, read only when `[sample] deadline` is set.
    pub saved: Option<String>,
}

/// Why an annotated copy is missing: it could not be built, or not written.
#[derive(Debug, thiserror::Error)]
pub enum AnnotatedError {
    /// rust_xlsxwriter could not build it.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// It could not be written.
    #[error(transparent)]
    Write(#[from] OutputError),
}

const INTERNAL_ERROR: &str =
    "处理该文件时程序内部出错（已跳过，其余文件照常处理）；请将此文件反馈给开发人员";

/// The memory the files being reviewed may use together (issue #18 item 4): a weighted
/// semaphore. A file takes 80× its size on disk (`run` on the 5.4 MB, 1.9-million-cell bench
/// workbook peaks at 415 MiB, 77×), at least 8 MiB and at most the whole budget, so a file
/// bigger than the budget runs alone; the others wait until it is done.
struct Budget {
    free: std::sync::Mutex<u64>,
    freed: std::sync::Condvar,
}

static BUDGET: std::sync::OnceLock<(u64, Budget)> = std::sync::OnceLock::new();

/// The budget in bytes: `[limits] memory_budget_mib`, else a quarter of physical memory (on
/// Linux, `/proc/meminfo`), else 1 GiB.
fn budget_bytes(cfg: &Config) -> u64 {
    if cfg.limits.memory_budget_mib > 0 {
        return cfg.limits.memory_budget_mib.saturating_mul(1 << 20);
    }
    let physical = std::fs::read_to_string("/proc/meminfo").ok().and_then(|m| {
        m.lines()
            .find_map(|l| l.strip_prefix("MemTotal:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kib| kib * 1024)
    });
    physical.map_or(1 << 30, |p| p / 4)
}

impl Budget {
    fn new(total: u64) -> Budget {
        Budget {
            free: std::sync::Mutex::new(total),
            freed: std::sync::Condvar::new(),
        }
    }

    /// Waits until `want` bytes are free and takes them.
    fn take(&self, want: u64) -> Share<'_> {
        let Ok(mut free) = self.free.lock() else {
            return Share {
                budget: self,
                held: 0,
            };
        };
        while *free < want {
            match self.freed.wait(free) {
                Ok(f) => free = f,
                Err(_) => {
                    return Share {
                        budget: self,
                        held: 0,
                    }
                }
            }
        }
        *free -= want;
        Share {
            budget: self,
            held: want,
        }
    }
}

/// Holds a file's share of the budget until dropped.
struct Share<'a> {
    budget: &'a Budget,
    held: u64,
}

impl Share<'static> {
    /// The share of `file`: 80× its size, at least 8 MiB, at most the whole budget.
    fn of(file: &InputFile, cfg: &Config) -> Share<'static> {
        let (total, budget) = BUDGET.get_or_init(|| {
            let total = budget_bytes(cfg).max(8 << 20);
            (total, Budget::new(total))
        });
        let size = std::fs::metadata(&file.path).map_or(0, |m| m.len());
        budget.take(size.saturating_mul(80).clamp(8 << 20, *total))
    }
}

/// A share this big is returned to the system when its file is done (see [`give_back`]).
const TRIM_AT: u64 = 64 << 20;

/// Gives the memory freed by a big file back to the system. glibc's allocator keeps freed
/// memory in the arena of the thread that used it, so without this every worker that once
/// reviewed a big file keeps its peak: with 4 big files at `-j 4` and a 400 MiB budget the run
/// held 1.3 GiB though no two ran at once. Other allocators (Windows, macOS, musl) return
/// large blocks themselves.
fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator's arenas; it takes no
    // pointer and is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

impl Drop for Share<'_> {
    fn drop(&mut self) {
        if self.held >= TRIM_AT {
            give_back();
        }
        if let Ok(mut free) = self.budget.free.lock() {
            *free += self.held;
        }
        self.budget.freed.notify_all();
    }
}

/// Reviews one file inside the guard; with `out`, also writes its annotated copy. The file
/// waits for its share of the memory budget first ([`Budget`]).
pub fn process_file(file: &InputFile, cfg: &Config, out: Option<&Path>) -> Processed {
    let _share = Share::of(file, cfg);
    let run = || match crate::read::read_workbook_with(&file.path, &cfg.limits) {
        Err(e) => (FileOutcome::Unreadable(e.to_string()), None),
        Ok(wb) => {
            let mut eval = evaluate_workbook(&wb, &file.origin(), cfg);
            let output = out.map(|out| {
                let mut path = annotated_path(out, file);
                let copy = crate::write::annotate::annotated_copy(&file.path, &wb, &mut eval, cfg)?;
                // A patched .xlsm keeps its macros, so it must keep the extension Excel opens a
                // macro-enabled package under.
                if copy.macro_enabled {
                    path.set_extension("xlsm");
                }
                write_replacing(&path, &copy.bytes)?;
                Ok(path)
            });
            let outcome = FileOutcome::Reviewed {
                projects: eval.projects,
                diagnostics: eval.diagnostics,
            };
            (outcome, output)
        }
    };
    let (outcome, output) = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
        .unwrap_or_else(|_| (FileOutcome::Unreadable(INTERNAL_ERROR.into()), None));
    let saved = cfg
        .sample
        .deadline
        .and_then(|_| crate::read::saved_at(&file.path));
    Processed {
        outcome,
        output,
        saved,
    }
}

/// How many reviewed files may wait for an earlier, slower one before workers pause
/// ([`ordered`]): the memory of a batch does not grow with its number of files.
const WINDOW: usize = 64;

/// Runs `work` on every item in parallel — on a pool of `jobs` threads, or rayon's global
/// pool (one thread per core) — and hands each result to `emit` on the sink in item order
/// ([`ordered::for_each_ordered`], at most 64 results waiting). Returns the sink.
///
/// # Errors
/// The pool could not be made (outer), or the first error of `emit` (inner), after which no
/// new item is started.
pub fn map_in_order<I, T, S, E, W, F>(
    jobs: Option<usize>,
    items: &[I],
    work: W,
    sink: S,
    emit: F,
) -> Result<Result<S, E>, rayon::ThreadPoolBuildError>
where
    I: Sync,
    T: Send,
    S: Send,
    E: Send,
    W: Fn(&I) -> T + Sync + Send,
    F: Fn(&mut S, T) -> Result<(), E> + Sync + Send,
{
    let run = || {
        // For developers and the test that `-j` sets the parallelism (JIXIAO_DEBUG).
        if std::env::var_os("JIXIAO_DEBUG").is_some() {
            eprintln!("jixiao: {} 个工作线程", rayon::current_num_threads());
        }
        ordered::for_each_ordered(items, WINDOW, work, sink, emit)
    };
    match jobs {
        None => Ok(run()),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(|pool| pool.install(run)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Arc;

    #[test]
    fn shares_that_do_not_fit_together_run_one_at_a_time() {
        let budget = Arc::new(Budget::new(100));
        let running = Arc::new(AtomicU64::new(0));
        let most = Arc::new(AtomicU64::new(0));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let (budget, running, most) = (budget.clone(), running.clone(), most.clone());
                std::thread::spawn(move || {
                    let _share = budget.take(60);
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    running.fetch_sub(1, Ordering::SeqCst);
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(
            most.load(Ordering::SeqCst),
            1,
            "two 60-byte shares of a 100-byte budget ran at once"
        );
        assert_eq!(
            *budget.free.lock().unwrap(),
            100,
            "every share was given back"
        );
    }

    #[test]
    fn shares_that_fit_run_together() {
        let budget = Budget::new(100);
        let a = budget.take(50);
        let b = budget.take(50);
        assert_eq!(*budget.free.lock().unwrap(), 0);
        drop((a, b));
        assert_eq!(*budget.free.lock().unwrap(), 100);
    }
}
