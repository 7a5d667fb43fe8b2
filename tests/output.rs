//! `write_atomic` and `check_output`: the library's one writer refuses what
//! is not a regular file, writes through symbolic links, keeps permissions
//! and removes the temporary files of runs that were killed.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use mentormatch::{check_dataset_output, check_output, write_atomic};

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("mentormatch-output-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn reason(e: mentormatch::Error) -> String {
    e.to_string()
}

#[test]
fn non_regular_targets_are_refused() {
    let dir = scratch("refused");
    assert!(reason(check_output("/dev/null".as_ref()).unwrap_err()).contains("is a device"));
    assert!(reason(write_atomic("/dev/null".as_ref(), b"x").unwrap_err()).contains("is a device"));
    assert!(reason(check_output(&dir).unwrap_err()).contains("is a directory"));
    assert!(reason(check_output("-".as_ref()).unwrap_err()).contains("`-`"));
    let missing = check_output(&dir.join("no/such/out.json")).unwrap_err();
    assert!(
        matches!(missing, mentormatch::Error::Io { .. }),
        "{missing}"
    );
    // A CSV folder must be a folder; a JSON file follows check_output.
    fs::write(dir.join("file"), "").unwrap();
    assert!(check_dataset_output(&dir.join("file")).is_err());
    assert!(check_dataset_output(&dir.join("file/sub")).is_err());
    check_dataset_output(&dir.join("new/folder")).unwrap();
    check_dataset_output(&dir).unwrap();
    // Checking leaves nothing behind.
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn links_are_written_through_and_modes_kept() {
    let dir = scratch("links");
    let real = dir.join("real.txt");
    fs::write(&real, "old").unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.join("link.txt");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    write_atomic(&link, b"new").unwrap();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    assert_eq!(
        fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o640
    );
    let dangling = dir.join("dangling.txt");
    std::os::unix::fs::symlink(dir.join("nowhere"), &dangling).unwrap();
    assert!(reason(write_atomic(&dangling, b"x").unwrap_err()).contains("link to nothing"));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn stale_temporaries_of_dead_processes_are_removed() {
    let dir = scratch("stale");
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let stale = dir.join(format!(".out.json.mentormatch-{dead}.tmp"));
    let live = dir.join(".out.json.mentormatch-1.tmp");
    fs::write(&stale, "half").unwrap();
    fs::write(&live, "a live writer's").unwrap();
    check_output(&dir.join("out.json")).unwrap();
    assert!(!stale.exists() && live.exists());
    fs::write(&stale, "half").unwrap();
    write_atomic(&dir.join("out.json"), b"done").unwrap();
    assert!(!stale.exists() && live.exists());
    fs::remove_dir_all(&dir).unwrap();
}
