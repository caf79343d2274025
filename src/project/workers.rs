//! The one way a project spreads work over the cores: each brief is one job, results come back
//! in the order of the input, and a job that panics (a bug) becomes a diagnostic naming its
//! brief instead of taking the run, or the brief's report, with it.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use crate::diagnostic::{display_path, Diagnostic, Problem};

/// Run `work` on every item, on up to `jobs` threads, and return the results in input order.
/// `brief` names the brief of an item, for the diagnostic of a job that panics.
///
/// Plain threads, not a rayon pool: Typst lays pages out on rayon's pool, and a rayon worker
/// waiting for that work would take up another brief on the same stack, then another (a folder
/// of 200 briefs overflowed the stack that way). Threads outside the pool just wait.
pub fn each<T: Send, R: Send>(
    items: Vec<T>,
    jobs: usize,
    brief: impl Fn(&T) -> &Path + Sync,
    work: impl Fn(T) -> R + Sync,
) -> Vec<Result<R, Diagnostic>> {
    let one = |item: T| {
        let path = brief(&item).to_path_buf();
        catch_unwind(AssertUnwindSafe(|| work(item))).map_err(|panic| crashed(&path, &*panic))
    };
    let jobs = jobs.clamp(1, items.len().max(1));
    // One item, or one job: no thread at all.
    if jobs == 1 {
        return items.into_iter().map(one).collect();
    }
    let total = items.len();
    let queue = Mutex::new(items.into_iter().enumerate());
    let done = Mutex::new(Vec::with_capacity(total));
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| loop {
                let next = queue.lock().unwrap_or_else(PoisonError::into_inner).next();
                let Some((i, item)) = next else { break };
                let result = one(item);
                done.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push((i, result));
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(PoisonError::into_inner);
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// How many jobs to run at once: as asked, else one per core.
pub fn jobs(asked: Option<usize>) -> usize {
    asked.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The diagnostic of a job that panicked.
fn crashed(path: &Path, panic: &(dyn Any + Send)) -> Diagnostic {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "it panicked".into());
    let problem = Problem::Crashed {
        brief: display_path(path).display().to_string(),
        message,
    };
    Diagnostic::about(problem, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn results_come_in_input_order_and_a_panic_names_its_brief() {
        let items: Vec<PathBuf> = (0..40)
            .map(|i| PathBuf::from(format!("b{i}.toml")))
            .collect();
        let out = each(
            items,
            3,
            |p| p.as_path(),
            |p| {
                let n: usize = p.to_string_lossy()[1..]
                    .trim_end_matches(".toml")
                    .parse()
                    .unwrap();
                if n == 17 {
                    panic!("boom in {n}");
                }
                n * 2
            },
        );
        assert_eq!(out.len(), 40);
        for (i, r) in out.iter().enumerate() {
            match r {
                Ok(v) => assert_eq!(*v, i * 2),
                Err(d) => {
                    assert_eq!(i, 17);
                    assert_eq!(d.problem.code(), "B103");
                    let text = d.problem.to_string();
                    assert!(
                        text.contains("b17.toml") && text.contains("boom in 17"),
                        "{text}"
                    );
                }
            }
        }
        assert!(out[17].is_err());
    }
}
