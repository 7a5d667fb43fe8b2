//! Counting a run's work as it happens, for progress displays: the library
//! counts, the caller reads the counts from another thread.

use std::sync::atomic::{AtomicU64, Ordering};

/// How far the current stage of a matching run has got: `done` of `total`
/// items (people whose candidates are scored, ...). Stages that count
/// nothing leave `total` at 0.
///
/// Share one between the run ([`match_observed`](crate::match_observed))
/// and a display thread; the counters are atomics read with relaxed
/// ordering, so a display sees recent, not exact, figures. Counting never
/// changes a result.
///
/// # Example
/// ```
/// use mentormatch::{load, match_observed, Config, Progress, Stage};
///
/// let network = load("data/story.json", &Default::default())?;
/// let progress = Progress::new();
/// let mut scored = 0;
/// let mut on_stage = |stage: Stage| {
///     if stage == Stage::Assignment {
///         scored = progress.done(); // the mentor candidates' stage just ended
///     }
/// };
/// match_observed(&network, &Config::default(), None, &mut on_stage, &progress)?;
/// assert_eq!(scored, 6); // six people seek a mentor
/// # Ok::<(), mentormatch::Error>(())
/// ```
#[derive(Debug, Default)]
pub struct Progress {
    total: AtomicU64,
    done: AtomicU64,
}

impl Progress {
    /// A counter at 0 of 0.
    pub fn new() -> Progress {
        Progress::default()
    }

    /// The items the current stage will process; 0 when it does not count
    /// (or has not yet said).
    pub fn total(&self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }

    /// The items processed so far in the current stage.
    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// A new stage: nothing done, nothing counted yet.
    pub(crate) fn restart(&self) {
        self.total.store(0, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
    }

    /// The current stage will process `total` items.
    pub(crate) fn expect(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
    }

    /// `n` more items processed.
    pub(crate) fn advance(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }
}
