//! \[CORE\] Parallel work handed to one consumer in input order, with memory bounded by a window.
//!
//! The batch reviews files in parallel, but report.json, the text output and 汇总.xlsx list
//! them in path order. [`for_each_ordered`] runs the work on the current rayon pool and hands
//! each result to a sink as soon as every earlier result has been handed over:
//!
//! - Workers take items in order (rayon's `par_bridge` hands them out one at a time), so
//!   results finish roughly in order and few wait.
//! - There is no writer thread: the worker that completes the oldest missing result drains
//!   every result that is now in order into the sink. The sink's work (serialising, writing,
//!   the summary) is thus shared by the workers, and `-j N` means N threads in all.
//! - A worker does not start item `i` until item `i - window` has been handed over, so at
//!   most `window` results wait in memory, however many items there are. (One slow item
//!   holds the others back for as long as it runs: memory stays flat rather than the batch
//!   racing ahead.)
//! - When the sink fails (a full disk, stdout closed by `head`), no new item is started and
//!   the first error is returned.
//! - A panic in `work` or in the sink stops the batch the same way and is then resumed in
//!   the caller: workers waiting for the item that panicked would otherwise wait forever.
//!
//! `work` must not itself use rayon: a worker waiting for the window could otherwise be asked
//! to run another item on top of the one everyone is waiting for.

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, TryLockError};

/// Results done but not yet handed over, and the index of the next one to hand over.
struct Queue<T> {
    next: usize,
    done: BTreeMap<usize, T>,
}

/// What the workers share.
struct Shared<'a, T, S, E, F> {
    queue: Mutex<Queue<T>>,
    /// Signalled whenever `next` moves (or the batch stops).
    moved: Condvar,
    sink: Mutex<(S, Option<E>)>,
    emit: &'a F,
    stopped: AtomicBool,
}

fn lock<X>(m: &Mutex<X>) -> MutexGuard<'_, X> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `work` on every item in parallel on the current rayon pool and calls `emit` on the
/// sink with each result, in item order. Returns the sink, or the first error `emit` gave
/// (after which no new item is started). `window` (at least 1) bounds how many results wait.
///
/// # Errors
/// The first error of `emit`.
pub fn for_each_ordered<I, T, S, E, W, F>(
    items: &[I],
    window: usize,
    work: W,
    sink: S,
    emit: F,
) -> Result<S, E>
where
    I: Sync,
    T: Send,
    S: Send,
    E: Send,
    W: Fn(&I) -> T + Sync,
    F: Fn(&mut S, T) -> Result<(), E> + Sync,
{
    let window = window.max(1);
    let panicked: Mutex<Option<Box<dyn std::any::Any + Send>>> = Mutex::new(None);
    let shared = Shared {
        queue: Mutex::new(Queue {
            next: 0,
            done: BTreeMap::new(),
        }),
        moved: Condvar::new(),
        sink: Mutex::new((sink, None)),
        emit: &emit,
        stopped: AtomicBool::new(false),
    };
    items.iter().enumerate().par_bridge().for_each(|(i, item)| {
        {
            let mut q = lock(&shared.queue);
            while i >= q.next + window && !shared.stopped.load(Ordering::Acquire) {
                q = shared.moved.wait(q).unwrap_or_else(|e| e.into_inner());
            }
        }
        if shared.stopped.load(Ordering::Acquire) {
            return;
        }
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let result = work(item);
            lock(&shared.queue).done.insert(i, result);
            shared.drain();
        }));
        if let Err(payload) = run {
            lock(&panicked).get_or_insert(payload);
            shared.stop();
        }
    });
    if let Some(payload) = panicked.into_inner().unwrap_or_else(|e| e.into_inner()) {
        std::panic::resume_unwind(payload);
    }
    let (sink, error) = shared.sink.into_inner().unwrap_or_else(|e| e.into_inner());
    match error {
        Some(e) => Err(e),
        None => Ok(sink),
    }
}

impl<T, S, E, F> Shared<'_, T, S, E, F>
where
    F: Fn(&mut S, T) -> Result<(), E>,
{
    /// No new item is started; waiting workers wake up and leave.
    fn stop(&self) {
        self.stopped.store(true, Ordering::Release);
        // Taking the queue's lock orders this with a worker between its check and its wait.
        drop(lock(&self.queue));
        self.moved.notify_all();
    }

    /// Hands every result that is next in order to the sink, unless another worker is doing
    /// so already; that worker then sees this one's result before it lets go of the sink.
    fn drain(&self) {
        loop {
            let mut sink = match self.sink.try_lock() {
                Ok(guard) => guard,
                Err(TryLockError::Poisoned(e)) => e.into_inner(),
                Err(TryLockError::WouldBlock) => return,
            };
            loop {
                let result = {
                    let mut q = lock(&self.queue);
                    let next = q.next;
                    match q.done.remove(&next) {
                        Some(r) => {
                            q.next += 1;
                            r
                        }
                        None => break,
                    }
                };
                self.moved.notify_all();
                let (sink, error) = &mut *sink;
                if error.is_none() {
                    if let Err(e) = (self.emit)(sink, result) {
                        *error = Some(e);
                        self.stop();
                    }
                }
            }
            drop(sink);
            // A result that came in while the sink was held, by a worker that then found the
            // sink busy, is handed over here.
            let q = lock(&self.queue);
            if !q.done.contains_key(&q.next) {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(n: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
    }

    #[test]
    fn results_arrive_in_item_order_whatever_the_timing() {
        let items: Vec<u64> = (0..500).collect();
        for threads in [1, 2, 4, 8] {
            for window in [1, 3, 64] {
                let got = pool(threads).install(|| {
                    for_each_ordered(
                        &items,
                        window,
                        |&i| {
                            // Uneven work so that later items often finish first.
                            std::thread::sleep(std::time::Duration::from_micros((i * 7919) % 300));
                            i * 2
                        },
                        Vec::new(),
                        |out: &mut Vec<u64>, r| {
                            out.push(r);
                            Ok::<(), ()>(())
                        },
                    )
                });
                let want: Vec<u64> = items.iter().map(|i| i * 2).collect();
                assert_eq!(got, Ok(want), "{threads} threads, window {window}");
            }
        }
    }

    #[test]
    fn no_more_than_the_window_waits() {
        let items: Vec<usize> = (0..300).collect();
        let max_waiting = std::sync::atomic::AtomicUsize::new(0);
        let started = std::sync::atomic::AtomicUsize::new(0);
        let emitted = std::sync::atomic::AtomicUsize::new(0);
        let window = 5;
        pool(4)
            .install(|| {
                for_each_ordered(
                    &items,
                    window,
                    |&i| {
                        let ahead = started.fetch_add(1, Ordering::SeqCst) + 1
                            - emitted.load(Ordering::SeqCst);
                        max_waiting.fetch_max(ahead, Ordering::SeqCst);
                        // Item 0 is slow: everything else must wait for it.
                        let us = if i % 50 == 0 { 3000 } else { 10 };
                        std::thread::sleep(std::time::Duration::from_micros(us));
                    },
                    (),
                    |_, ()| {
                        emitted.fetch_add(1, Ordering::SeqCst);
                        Ok::<(), ()>(())
                    },
                )
            })
            .unwrap();
        assert_eq!(emitted.load(Ordering::SeqCst), items.len());
        // Started but not yet handed over: never more than the window.
        // (The count of handed-over items lags the queue by at most one.)
        assert!(max_waiting.load(Ordering::SeqCst) <= window + 1);
    }

    #[test]
    fn the_first_sink_error_stops_new_work() {
        let items: Vec<usize> = (0..10_000).collect();
        let worked = std::sync::atomic::AtomicUsize::new(0);
        let result = pool(2).install(|| {
            for_each_ordered(
                &items,
                8,
                |&i| {
                    worked.fetch_add(1, Ordering::SeqCst);
                    i
                },
                0usize,
                |seen: &mut usize, i| {
                    *seen += 1;
                    if i == 20 {
                        Err(format!("stopped at {i}"))
                    } else {
                        Ok(())
                    }
                },
            )
        });
        assert_eq!(result, Err("stopped at 20".to_string()));
        assert!(
            worked.load(Ordering::SeqCst) < 100,
            "work went on after the error"
        );
    }

    /// Runs `f` on another thread and fails the test if it has not finished after 20 s.
    fn within_20s<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> R {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        rx.recv_timeout(std::time::Duration::from_secs(20))
            .expect("the batch hung instead of ending")
    }

    #[test]
    fn a_panic_in_the_work_ends_the_batch_instead_of_hanging_it() {
        let caught = within_20s(|| {
            std::panic::catch_unwind(|| {
                let items: Vec<usize> = (0..1_000).collect();
                pool(2).install(|| {
                    for_each_ordered(
                        &items,
                        2,
                        |&i| {
                            assert!(i != 5, "work failed on item 5");
                            i
                        },
                        (),
                        |_, _| Ok::<(), ()>(()),
                    )
                })
            })
        });
        assert!(caught.is_err(), "the panic reaches the caller");
    }

    #[test]
    fn a_panic_in_the_sink_ends_the_batch_instead_of_hanging_it() {
        let caught = within_20s(|| {
            std::panic::catch_unwind(|| {
                let items: Vec<usize> = (0..1_000).collect();
                pool(2).install(|| {
                    for_each_ordered(
                        &items,
                        2,
                        |&i| i,
                        (),
                        |_, i| {
                            assert!(i != 5, "the sink failed on item 5");
                            Ok::<(), ()>(())
                        },
                    )
                })
            })
        });
        assert!(caught.is_err(), "the panic reaches the caller");
    }

    #[test]
    fn no_items_gives_the_sink_back() {
        let items: Vec<u8> = Vec::new();
        let got = for_each_ordered(&items, 4, |&i| i, 7, |_: &mut i32, _| Ok::<(), ()>(()));
        assert_eq!(got, Ok(7));
    }
}
