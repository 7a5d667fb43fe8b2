//! Safe output: `--out` checked before any work, non-regular targets
//! refused, symbolic links written through, permissions kept, stale
//! temporary files removed, and stdout or stderr failures reported as one
//! line with exit 1 (a closed pipe quietly).

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod common;

use common::{mentormatch, text, Scratch};

fn story() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../data/story.json")
        .display()
        .to_string()
}

fn path_str(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Runs and expects exit 1 with one `error:` line containing `needle`.
fn fails_with(args: &[&str], needle: &str) {
    let run = mentormatch(args);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{args:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
    assert!(stderr.contains(needle), "{args:?}: {stderr}");
}

#[test]
fn outputs_that_are_not_regular_files_are_refused_before_any_work() {
    let scratch = Scratch::new("refused");
    let fifo = scratch.path("fifo");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let dir = scratch.path("dir");
    fs::create_dir(&dir).unwrap();
    // The dataset does not exist: the output is refused before loading it.
    let missing = path_str(&scratch.path("missing.json")).to_string();
    for (target, what) in [
        ("/dev/null", "is a device"),
        (path_str(&fifo), "is a named pipe"),
        (path_str(&dir), "is a directory"),
        ("-", "`-` is not standard output"),
    ] {
        fails_with(&["match", &missing, "--out", target], what);
        fails_with(&["match", &missing, "--report", target], what);
        fails_with(&["history", &missing, "--out", target], what);
        fails_with(&["tune", &missing, "--out", target], what);
    }
    fails_with(
        &["generate", "--people", "10", "--out", "/dev/null/x.json"],
        "/dev/null",
    );
    fails_with(
        &[
            "match",
            &missing,
            "--out",
            path_str(&scratch.path("none/out.json")),
        ],
        "No such file",
    );
    // Nothing was replaced.
    assert!(fs::metadata("/dev/null").unwrap().permissions().mode() & 0o666 == 0o666);
    assert!(fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo_like());
}

trait FifoLike {
    fn is_fifo_like(&self) -> bool;
}

impl FifoLike for fs::FileType {
    fn is_fifo_like(&self) -> bool {
        use std::os::unix::fs::FileTypeExt;
        self.is_fifo()
    }
}

#[test]
fn a_symbolic_link_is_written_through_and_permissions_are_kept() {
    let scratch = Scratch::new("symlink");
    let real = scratch.path("real.json");
    fs::write(&real, "old").unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o600)).unwrap();
    let link = scratch.path("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let run = mentormatch(&["match", &story(), "--out", path_str(&link)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let written = fs::read_to_string(&real).unwrap();
    assert!(written.starts_with('{'), "{written}");
    assert_eq!(
        fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // A link to nothing is refused, not replaced by a file.
    let dangling = scratch.path("dangling.json");
    std::os::unix::fs::symlink(scratch.path("nowhere"), &dangling).unwrap();
    fails_with(
        &["match", &story(), "--out", path_str(&dangling)],
        "link to nothing",
    );
    assert!(fs::symlink_metadata(&dangling)
        .unwrap()
        .file_type()
        .is_symlink());
}

/// A process id that no longer runs: a child that has exited.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn temporary_files_of_dead_runs_are_removed_and_others_kept() {
    let scratch = Scratch::new("stale");
    let out = scratch.path("out.json");
    let stale: PathBuf = scratch.path(&format!(".out.json.mentormatch-{}.tmp", dead_pid()));
    fs::write(&stale, "half a file").unwrap();
    // PID 1 always runs; another file's temporaries are not this target's.
    let live = scratch.path(".out.json.mentormatch-1.tmp");
    fs::write(&live, "a live writer").unwrap();
    let other = scratch.path(&format!(".other.json.mentormatch-{}.tmp", dead_pid()));
    fs::write(&other, "not ours").unwrap();
    let run = mentormatch(&["match", &story(), "--out", path_str(&out)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(!stale.exists());
    assert!(live.exists() && other.exists());
    let names: Vec<String> = fs::read_dir(scratch.path(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
}

/// Runs with stdout or stderr sent to `/dev/full`.
fn run_into_full(args: &[&str], stderr_full: bool) -> std::process::Output {
    let full = || {
        Stdio::from(
            fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
    };
    let mut command = Command::new(env!("CARGO_BIN_EXE_mentormatch"));
    command.args(args);
    if stderr_full {
        command.stderr(full()).stdout(Stdio::null());
    } else {
        command.stdout(full()).stderr(Stdio::piped());
    }
    command.output().unwrap()
}

fn printing_commands(scratch: &Scratch) -> Vec<Vec<String>> {
    let story = story();
    let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        owned(&["validate", &story]),
        owned(&["intro", &story, "--from", "ada", "--to", "omar"]),
        owned(&["explain", &story, "--mentee", "ada", "--mentor", "mira"]),
        owned(&["suggest", &story, "--connector", "kofi"]),
        owned(&["match", &story]),
        owned(&["evaluate", &story]),
        owned(&[
            "generate",
            "--people",
            "20",
            "--out",
            path_str(&scratch.path("g.json")),
        ]),
    ]
}

#[test]
fn a_full_stdout_or_stderr_is_one_error_line_and_exit_1() {
    let scratch = Scratch::new("full");
    for args in printing_commands(&scratch) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        if args[0] != "generate" {
            let run = run_into_full(&args, false);
            let stderr = text(&run.stderr);
            assert_eq!(run.status.code(), Some(1), "{args:?}: {stderr}");
            // `match` also reports its stages on stderr; one line is the error.
            let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
            assert_eq!(errors.len(), 1, "{args:?}: {stderr}");
            assert!(
                errors[0].contains("writing to stdout"),
                "{args:?}: {stderr}"
            );
            assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        }
        // Every command writes something to stderr only for generate and
        // match (their summary lines); none may panic (exit 101).
        let run = run_into_full(&args, true);
        let expected = if matches!(args[0], "generate" | "match") {
            1
        } else {
            0
        };
        assert_eq!(run.status.code(), Some(expected), "{args:?} 2>/dev/full");
    }
}

#[test]
fn a_closed_pipe_is_quiet_for_every_command() {
    let scratch = Scratch::new("pipe");
    for args in printing_commands(&scratch) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mentormatch"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = text(&output.stderr);
        assert!(output.status.success(), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("stdout"), "{args:?}: {stderr}");
    }
}
