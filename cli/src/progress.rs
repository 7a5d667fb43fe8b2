//! Progress on stderr. A single step shows a spinner on a terminal and
//! nothing otherwise; a run of stages ([`Stages`]) shows, on a terminal, a
//! live line for the current stage (counts, a bar and an estimate when the
//! library counts the stage's work) and leaves one line per finished
//! stage, and otherwise prints one plain line per stage, with no control
//! characters for logs and pipes.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use mentormatch::Progress;

/// How often the live line reads the library's counts.
const TICK: Duration = Duration::from_millis(100);

/// A spinner for one long step, hidden when stderr is not a terminal.
/// Finish it with `finish_and_clear`.
pub(crate) fn step(message: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(spinner_style());
    bar.set_message(message.to_string());
    bar.enable_steady_tick(TICK);
    bar
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {msg} · {elapsed}").expect("valid template")
}

fn counted_style() -> ProgressStyle {
    ProgressStyle::with_template(
        // Short enough for an 80-column terminal with the longest stage
        // name: a wrapped line would repeat on every refresh.
        "{spinner} {msg} {bar:16} {human_pos}/{human_len} · {elapsed}, {eta} left",
    )
    .expect("valid template")
    .progress_chars("█▌ ")
}

/// The stages of a long run, one after another: `next` ends the current
/// stage and starts another, `finish` ends the last and closes with a
/// summary line.
pub(crate) struct Stages {
    progress: Arc<Progress>,
    /// The live line, on a terminal only.
    live: Option<Live>,
    current: (String, Instant),
    started: Instant,
}

/// The live line and the thread that refreshes it from the counts.
struct Live {
    bar: Arc<Mutex<ProgressBar>>,
    stop: Arc<AtomicBool>,
    ticker: JoinHandle<()>,
}

impl Stages {
    /// Starts the first stage, `name`.
    pub(crate) fn start(name: &str) -> Stages {
        let progress = Arc::new(Progress::new());
        let live = std::io::stderr().is_terminal().then(|| {
            let bar = Arc::new(Mutex::new(live_bar(name)));
            let stop = Arc::new(AtomicBool::new(false));
            let ticker = {
                let (bar, stop, progress) = (bar.clone(), stop.clone(), progress.clone());
                std::thread::spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        refresh(&bar.lock().expect("the bar"), &progress);
                        std::thread::sleep(TICK);
                    }
                })
            };
            Live { bar, stop, ticker }
        });
        let now = Instant::now();
        Stages {
            progress,
            live,
            current: (name.to_string(), now),
            started: now,
        }
    }

    /// The counts the library keeps for the current stage, to hand to it.
    pub(crate) fn progress(&self) -> Arc<Progress> {
        self.progress.clone()
    }

    /// Ends the current stage (its line, with what it counted and how
    /// long it took) and starts `name`.
    pub(crate) fn next(&mut self, name: &str) {
        self.end_stage();
        self.current = (name.to_string(), Instant::now());
        if let Some(live) = &self.live {
            *live.bar.lock().expect("the bar") = live_bar(name);
        }
    }

    /// Ends the last stage and closes with `summary` and the whole run's
    /// time.
    ///
    /// # Errors
    /// When stderr cannot be written.
    pub(crate) fn finish(mut self, summary: &str) -> anyhow::Result<()> {
        self.end_stage();
        if let Some(live) = self.live.take() {
            live.stop.store(true, Ordering::Relaxed);
            let _ = live.ticker.join();
            live.bar.lock().expect("the bar").finish_and_clear();
        }
        crate::print_err(&format!(
            "{summary} ({})\n",
            seconds(self.started.elapsed())
        ))
    }

    fn end_stage(&self) {
        let (name, since) = &self.current;
        let counted = match self.progress.total() {
            0 => String::new(),
            total => format!("{} of {total}, ", self.progress.done()),
        };
        let line = format!("{name}: {counted}{}", seconds(since.elapsed()));
        match &self.live {
            Some(live) => {
                let bar = live.bar.lock().expect("the bar");
                bar.println(format!("✓ {line}"));
                bar.finish_and_clear();
            }
            // A failure to write a stage's line shows again, and is
            // reported, when the run's summary line is written.
            None => {
                let _ = crate::print_err(&format!("{line}\n"));
            }
        }
    }
}

impl Drop for Stages {
    /// A run that fails leaves no live line behind its error.
    fn drop(&mut self) {
        if let Some(live) = self.live.take() {
            live.stop.store(true, Ordering::Relaxed);
            let _ = live.ticker.join();
            live.bar.lock().expect("the bar").finish_and_clear();
        }
    }
}

fn live_bar(name: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(spinner_style());
    bar.set_message(name.to_string());
    bar.enable_steady_tick(TICK);
    bar
}

/// Shows the library's counts: a bar with an estimate once the stage says
/// how much work it has.
fn refresh(bar: &ProgressBar, progress: &Progress) {
    let total = progress.total();
    if total == 0 {
        return;
    }
    if bar.length() != Some(total) {
        bar.set_style(counted_style());
        bar.set_length(total);
    }
    bar.set_position(progress.done().min(total));
}

/// A duration for people: `0.42 s`, `6.3 s`, `2 min 05 s`.
fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 1.0 {
        format!("{s:.2} s")
    } else if s < 60.0 {
        format!("{s:.1} s")
    } else {
        format!("{} min {:02} s", d.as_secs() / 60, d.as_secs() % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_well() {
        assert_eq!(seconds(Duration::from_millis(420)), "0.42 s");
        assert_eq!(seconds(Duration::from_millis(6340)), "6.3 s");
        assert_eq!(seconds(Duration::from_secs(125)), "2 min 05 s");
    }
}
