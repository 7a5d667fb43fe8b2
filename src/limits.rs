//! The crate's bounds on numbers a user sets: command-line flags and
//! configuration keys, each checked before anything is allocated for it.
//!
//! Bounds that belong to one type stay beside it ([`MAX_CAPACITY`](crate::MAX_CAPACITY)
//! for a person's capacities, [`MAX_HOPS`](crate::MAX_HOPS) for path length,
//! [`MAX_FOLDS`](crate::MAX_FOLDS) and [`MAX_BUDGET`](crate::MAX_BUDGET) for
//! benchmarks); the rest are here, and `docs/formats.md` lists them all.

use crate::error::{Error, ErrorKind, Result};

/// Worker threads per available core that `--threads` may ask for: more
/// only adds switching, and a mistyped `100000` would start that many.
pub const MAX_THREADS_PER_CORE: usize = 4;

/// The most worker threads `--threads` may ask for on this machine:
/// [`MAX_THREADS_PER_CORE`] × the available cores (1 core if unknown).
pub fn max_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    MAX_THREADS_PER_CORE.saturating_mul(cores)
}

/// The most paths one introduction asks for (`intro -k`, `[intro] k`):
/// each one past the first costs a search per node of the paths before it.
pub const MAX_PATHS: usize = 100;

/// The most suggestions `suggest -k` returns.
pub const MAX_SUGGESTIONS: usize = 10_000;

/// The most candidates `explain --run --top` explains, each re-solving the
/// run's assignment.
pub const MAX_TOP: usize = 1_000;

/// The most people `generate --people` makes: memory grows with the people
/// (the README has the figure per million), so ten million is already
/// beyond most machines.
pub const MAX_PEOPLE: usize = 10_000_000;

/// The largest `max_candidates` (`[constraints]`, `[sponsor]`): 0 keeps
/// every feasible pair, which is the way to ask for more.
pub const MAX_CANDIDATES: usize = 1_000_000;

/// The largest magnitude of `[criteria] seniority_min_gap` and
/// `seniority_max_gap`: seniority is 0 to 255, so no gap lies beyond.
pub const MAX_SENIORITY_GAP: i32 = 255;

/// The largest `[intro] connector_load`.
pub const MAX_CONNECTOR_LOAD: u32 = 1_000_000;

/// The most entries of a configuration list (`[assign] pinned` and
/// `forbidden`, `[report] group_by`, `[fairness] roles` and
/// `min_coverage`).
pub const MAX_LIST_LEN: usize = 1_000_000;

/// Checks a command-line flag against its bounds: an error naming the flag,
/// the value and the bounds, e.g. `command line: --threads = 100000: must
/// be 1 to 8`.
///
/// # Errors
/// [`Error::Invalid`] when `value` is outside `min..=max`.
///
/// # Example
/// ```
/// use mentormatch::{check_flag, MAX_PATHS};
///
/// check_flag("-k", 5, 1, MAX_PATHS)?;
/// let e = check_flag("-k", 1_000_000, 1, MAX_PATHS).unwrap_err();
/// assert_eq!(e.to_string(), "command line: -k = 1000000: must be 1 to 100");
/// # Ok::<(), mentormatch::Error>(())
/// ```
pub fn check_flag(flag: &str, value: usize, min: usize, max: usize) -> Result<()> {
    if (min..=max).contains(&value) {
        return Ok(());
    }
    Err(Error::invalid(
        ErrorKind::OutOfRange,
        "command line",
        "",
        flag,
        value.to_string(),
        format!("must be {min} to {max}"),
    ))
}

/// Checks `--threads`: 1 to [`max_threads`].
///
/// # Errors
/// As [`check_flag`], the reason also saying how the maximum comes about.
pub fn check_threads(value: usize) -> Result<()> {
    let max = max_threads();
    check_flag("--threads", value, 1, max).map_err(|_| {
        Error::invalid(
            ErrorKind::OutOfRange,
            "command line",
            "",
            "--threads",
            value.to_string(),
            format!(
                "must be 1 to {max} ({MAX_THREADS_PER_CORE} per core on {} cores)",
                max / MAX_THREADS_PER_CORE
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_name_flag_value_and_bounds() {
        assert!(check_flag("--top", 0, 1, MAX_TOP).is_err());
        assert!(check_flag("--top", MAX_TOP, 1, MAX_TOP).is_ok());
        let e = check_threads(100_000).unwrap_err().to_string();
        assert!(
            e.starts_with("command line: --threads = 100000: must be 1 to "),
            "{e}"
        );
        assert!(check_threads(1).is_ok());
        assert!(check_threads(0).is_err());
    }
}
