//! Bounds no check can set in advance: a custom template is a program, and one that loops for
//! minutes or builds an array of a billion numbers would hold the machine. Typst cannot be
//! stopped from outside a compilation, so the process is: every compilation is registered
//! while it runs, a watchdog thread ends the process when one runs past [`TIME_LIMIT`], and the
//! allocator ends it when the process holds more than [`MEMORY_LIMIT`]. Either way the user
//! reads which brief and template were stopped, and why; nothing has been written (outputs are
//! written only after every edition is made, see `paths::write_together`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicU64, Ordering};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

use crate::diagnostic::{Diagnostic, Problem};

/// How long one compilation may run: a brief compiles in tens of milliseconds, a pack's
/// front matter in less than a second.
pub const TIME_LIMIT: Duration = Duration::from_secs(10);

/// How much memory the process may hold: a folder of briefs builds in under 200 MB.
pub const MEMORY_LIMIT: isize = 1024 * 1024 * 1024 - 64 * 1024 * 1024;

/// The exit status of a process stopped by the watchdog: a failed build's.
const STOPPED: i32 = 1;

/// A compilation under watch: its id, when it started, the brief and its template.
struct Running {
    id: u64,
    started: Instant,
    brief: String,
    template: String,
}

/// The compilations running now.
static RUNNING: Mutex<Vec<Running>> = Mutex::new(Vec::new());
/// The next compilation's id.
static NEXT: AtomicU64 = AtomicU64::new(0);
/// Set once the process is being stopped: what follows may allocate freely.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// A compilation being watched; dropping it ends the watch.
pub struct Watch(u64);

impl Drop for Watch {
    fn drop(&mut self) {
        if let Ok(mut running) = RUNNING.lock() {
            running.retain(|r| r.id != self.0);
        }
    }
}

/// Watch a compilation of `brief` with `template` (both as messages show them) until the
/// returned guard is dropped.
pub fn watch(brief: String, template: String) -> Watch {
    static WATCHDOG: Once = Once::new();
    WATCHDOG.call_once(|| {
        // Without the thread, compilations go unwatched but still run.
        let _ = std::thread::Builder::new()
            .name("watchdog".into())
            .spawn(patrol);
    });
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    if let Ok(mut running) = RUNNING.lock() {
        running.push(Running {
            id,
            started: Instant::now(),
            brief,
            template,
        });
    }
    Watch(id)
}

/// The watchdog: every quarter second, end the process if a compilation has run too long.
fn patrol() {
    loop {
        std::thread::sleep(Duration::from_millis(250));
        let late = RUNNING.lock().ok().and_then(|running| {
            running
                .iter()
                .find(|r| r.started.elapsed() > TIME_LIMIT)
                .map(|r| (r.brief.clone(), r.template.clone()))
        });
        if let Some((brief, template)) = late {
            let why = format!("ran for over {} seconds", TIME_LIMIT.as_secs());
            stop(vec![(brief, template)], why);
        }
    }
}

/// Say which compilations were stopped and why, and end the process.
fn stop(stopped: Vec<(String, String)>, why: String) -> ! {
    STOPPING.store(true, Ordering::SeqCst);
    let mut text = String::new();
    for (brief, template) in stopped {
        let problem = Problem::Stopped {
            brief,
            template,
            why: why.clone(),
        };
        text.push_str(&Diagnostic::bare(problem).render(false));
        text.push('\n');
    }
    if text.is_empty() {
        let problem = Problem::Stopped {
            brief: "the build".into(),
            template: String::new(),
            why,
        };
        text = Diagnostic::bare(problem).render(false);
    }
    use std::io::Write;
    let _ = std::io::stderr().write_all(text.as_bytes());
    std::process::exit(STOPPED)
}

/// Bytes held by the process, as counted by [`Counting`]: each thread adds its own count here
/// in steps of [`BATCH`], so that threads do not contend on every allocation.
static HELD: AtomicIsize = AtomicIsize::new(0);
/// The most a thread counts before adding to [`HELD`].
const BATCH: isize = 256 * 1024;

thread_local! {
    static LOCAL: Cell<isize> = const { Cell::new(0) };
}

/// Count `delta` bytes allocated (or freed, negative); past the limit, stop the process.
#[inline]
fn count(delta: isize) {
    if STOPPING.load(Ordering::Relaxed) {
        return;
    }
    let flush = LOCAL
        .try_with(|local| {
            let sum = local.get() + delta;
            if sum.abs() >= BATCH {
                local.set(0);
                Some(sum)
            } else {
                local.set(sum);
                None
            }
        })
        .unwrap_or(Some(delta));
    if let Some(sum) = flush {
        let held = HELD.fetch_add(sum, Ordering::Relaxed) + sum;
        if held > MEMORY_LIMIT && !STOPPING.swap(true, Ordering::SeqCst) {
            out_of_memory();
        }
    }
}

#[cold]
fn out_of_memory() -> ! {
    // `try_lock`: this very thread may hold the lock, allocating while it registers a watch.
    let running: Vec<(String, String)> = RUNNING
        .try_lock()
        .map(|r| {
            r.iter()
                .map(|r| (r.brief.clone(), r.template.clone()))
                .collect()
        })
        .unwrap_or_default();
    let why = format!("needed over {} MB of memory", MEMORY_LIMIT / (1024 * 1024));
    stop(running, why)
}

/// The system's allocator, counting what the process holds (see [`MEMORY_LIMIT`]).
pub struct Counting;

// SAFETY: every call goes to the system allocator unchanged; only a count is kept beside it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        p
    }
}
