//! Reading and writing datasets (a JSON file or a folder of CSV files), and
//! atomic file output. Only this module and the CLI touch the file system.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, ErrorKind, Result};
use crate::network::{LoadOptions, Network};
use crate::records::{
    AffinityRecord, Dataset, GoalRecord, HistoryRecord, Outcome, PersonRecord, Role, Section,
    SkillLevels, SkillRecord, TieRecord,
};

/// Loads and validates a dataset: a `.json` file, or a folder of CSV files.
///
/// # Errors
/// [`Error::Io`] when the file or folder cannot be read; [`Error::Invalid`]
/// naming the file, record, field and value of the first bad input.
///
/// # Example
/// ```
/// let network = mentormatch::load("data/story.json", &Default::default())?;
/// assert!(network.person_id("ada").is_some());
/// # Ok::<(), mentormatch::Error>(())
/// ```
pub fn load(path: impl AsRef<Path>, options: &LoadOptions) -> Result<Network> {
    let (dataset, origin) = read_dataset_at(path.as_ref())?;
    Network::from_dataset_at(&dataset, options, &|section, index| {
        origin.locate(section, index)
    })
}

/// [`load`] with the records changed by `adjust` before validation (errors
/// still name the file and record they come from).
pub(crate) fn load_adjusted(
    path: &Path,
    options: &LoadOptions,
    adjust: impl FnOnce(&mut Dataset),
) -> Result<Network> {
    let (mut dataset, origin) = read_dataset_at(path)?;
    adjust(&mut dataset);
    Network::from_dataset_at(&dataset, options, &|section, index| {
        origin.locate(section, index)
    })
}

/// Where records came from, so that errors can name the file and record.
pub(crate) enum Origin {
    /// A JSON file: records `people[3]`.
    Json(PathBuf),
    /// A CSV folder: one file per section, records by line number.
    Csv {
        dir: PathBuf,
        /// The line of every record, per section in [`Section::ALL`] order.
        lines: [Vec<u64>; 5],
    },
}

impl Origin {
    pub(crate) fn locate(&self, section: Section, index: usize) -> (String, String) {
        match self {
            Origin::Json(path) => (path.display().to_string(), section.record(index)),
            Origin::Csv { dir, lines } => (
                csv_file(dir, section).display().to_string(),
                format!("line {}", lines[section as usize][index]),
            ),
        }
    }
}

pub(crate) fn csv_file(dir: &Path, section: Section) -> PathBuf {
    dir.join(format!("{}.csv", section.name()))
}

/// Reads a dataset's records without validating them.
///
/// # Errors
/// As [`load`], for problems of syntax, types and unknown fields.
pub fn read_dataset(path: impl AsRef<Path>) -> Result<Dataset> {
    read_dataset_at(path.as_ref()).map(|(dataset, _)| dataset)
}

fn read_dataset_at(path: &Path) -> Result<(Dataset, Origin)> {
    if path.is_dir() {
        read_csv_dir(path)
    } else {
        let text = read_text(path)?;
        Ok((parse_json(path, &text)?, Origin::Json(path.to_path_buf())))
    }
}

/// Writes a dataset atomically: JSON when `path` ends in `.json`, otherwise a
/// folder of CSV files (created if needed; each file replaced atomically).
///
/// A CSV folder is atomic file by file, not as a whole: if writing fails
/// part-way (a full disk), the folder may hold some new files beside old
/// ones, and the error says which file failed. Write to a fresh folder when
/// that matters.
///
/// # Errors
/// [`Error::Io`] when a file cannot be written.
pub fn write_dataset(path: impl AsRef<Path>, dataset: &Dataset) -> Result<()> {
    let path = path.as_ref();
    if is_json_path(path) {
        // Streamed into the temporary file rather than built in memory
        // first: a million-person dataset is over a gigabyte of JSON.
        write_atomic_with(path, |out| {
            serde_json::to_writer(&mut *out, dataset).map_err(io::Error::from)?;
            out.write_all(b"\n")
        })
    } else {
        csv_encodable(path, dataset)?;
        fs::create_dir_all(path).map_err(|e| Error::io(path, e))?;
        for section in Section::ALL {
            let file = csv_file(path, section);
            if csv_section_is_written(dataset, section) {
                write_atomic_with(&file, |out| write_csv_section(dataset, section, out))?;
            } else if file.exists() {
                fs::remove_file(&file).map_err(|e| Error::io(&file, e))?;
            }
        }
        Ok(())
    }
}

/// Whether `path` names a JSON file (ends in `.json`).
pub fn is_json_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Writes `bytes` to `path` atomically: to a temporary file beside it, then
/// renamed over it, so that a failed or killed run never leaves a partial
/// file.
///
/// The target is checked first as by [`check_output`]: a symbolic link is
/// written through (the file it points to is replaced, the link stays), an
/// existing file keeps its permissions, and anything that is not a regular
/// file is refused. The temporary file is `.NAME.mentormatch-PID.tmp` in the
/// target's folder; one left by a process that no longer runs (killed
/// mid-write) is removed by the next write to the same target.
///
/// # Errors
/// [`Error::Invalid`] when the target is not a regular file (a directory, a
/// device, a named pipe, a socket) or is a link to nothing; [`Error::Io`]
/// when the file cannot be written or renamed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |out| out.write_all(bytes))
}

/// Writes `value` as pretty-printed JSON and a final newline to `path`,
/// atomically as [`write_atomic`] does, serialising straight into the file
/// (a run's report at 1,000,000 people is 215 MB: no copy of it is held).
///
/// # Errors
/// As [`write_atomic`]; a value that cannot be serialised (a map with
/// keys that are not strings) is an [`Error::Io`] naming the file.
pub fn write_json_atomic(path: &Path, value: &impl serde::Serialize) -> Result<()> {
    write_atomic_with(path, |out| {
        serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
        out.write_all(b"\n")
    })
}

/// Checks, before any work, that [`write_atomic`] can write `path`: its
/// folder exists and takes a new file, and the target is absent or a
/// regular file (or a symbolic link to one). Also removes temporary files
/// that killed runs left for this target.
///
/// `-` is refused, like any name that is not a file: the commands that can
/// print to standard output do so when no output file is given.
///
/// # Errors
/// As [`write_atomic`], without writing anything.
///
/// # Example
/// ```
/// let folder = std::env::temp_dir();
/// assert!(mentormatch::check_output(&folder).is_err()); // a directory
/// mentormatch::check_output(&folder.join("mentormatch-doc-example.json"))?;
/// # Ok::<(), mentormatch::Error>(())
/// ```
pub fn check_output(path: &Path) -> Result<()> {
    let target = Target::resolve(path)?;
    target.remove_stale();
    // Creating the temporary file is the one honest test that the folder
    // takes a new file (permissions, read-only mounts, quotas).
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target.tmp)
        .and_then(|_| fs::remove_file(&target.tmp))
        .map_err(|e| Error::io(&target.path, e))
}

/// Checks, before any work, that [`write_dataset`] can write `path`: a JSON
/// file as [`check_output`]; a CSV folder must be a directory if it exists,
/// and otherwise its nearest existing ancestor must be one.
///
/// # Errors
/// As [`check_output`]; [`Error::Invalid`] when the folder, or the ancestor
/// it would be created in, is not a directory.
pub fn check_dataset_output(path: &Path) -> Result<()> {
    if is_json_path(path) {
        return check_output(path);
    }
    let existing = path
        .ancestors()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .find(|p| fs::symlink_metadata(p).is_ok())
        .unwrap_or(Path::new("."));
    match fs::metadata(existing) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(meta) => Err(not_a_file(
            existing,
            &meta.file_type(),
            "a folder of CSV files",
        )),
        Err(e) => Err(Error::io(existing, e)),
    }
}

/// Where an output goes: the file to replace (a symbolic link resolved),
/// its permissions if it exists, and the temporary file beside it.
struct Target {
    path: std::path::PathBuf,
    permissions: Option<fs::Permissions>,
    tmp: std::path::PathBuf,
}

/// What a temporary file's name holds around the process id.
const TMP_MARK: &str = ".mentormatch-";
const TMP_END: &str = ".tmp";

impl Target {
    fn resolve(path: &Path) -> Result<Target> {
        if path.as_os_str() == "-" {
            return Err(refused(
                path,
                "an output file name is needed (`-` is not standard output here)",
            ));
        }
        let mut resolved = path.to_path_buf();
        let mut meta = fs::symlink_metadata(path);
        if meta.as_ref().is_ok_and(|m| m.file_type().is_symlink()) {
            // Written through: the link keeps pointing at the file, which
            // is replaced in its own folder.
            resolved = fs::canonicalize(path).map_err(|_| {
                refused(
                    path,
                    "is a symbolic link to nothing: refusing to replace the link with a file",
                )
            })?;
            meta = fs::symlink_metadata(&resolved);
        }
        let permissions = match meta {
            Ok(meta) if meta.is_file() => Some(meta.permissions()),
            Ok(meta) => return Err(not_a_file(path, &meta.file_type(), "a file")),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(path, e)),
        };
        let name = match resolved.file_name() {
            Some(name) => name.to_string_lossy().into_owned(),
            None => return Err(refused(path, "is not a file name")),
        };
        let folder = match resolved.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        match fs::metadata(&folder) {
            Ok(meta) if meta.is_dir() => {}
            Ok(meta) => return Err(not_a_file(&folder, &meta.file_type(), "a folder")),
            // Named as the file, as creating it would have been.
            Err(e) => return Err(Error::io(path, e)),
        }
        let tmp = folder.join(format!(".{name}{TMP_MARK}{}{TMP_END}", std::process::id()));
        Ok(Target {
            path: resolved,
            permissions,
            tmp,
        })
    }

    /// Removes the temporary files of this target left by processes that
    /// no longer run. Liveness is read from `/proc/PID` (Linux); where
    /// there is no `/proc`, nothing is removed rather than risk a running
    /// writer's file. Failures are ignored: the files are only litter.
    fn remove_stale(&self) {
        if !Path::new("/proc/self").exists() {
            return;
        }
        let (Some(folder), Some(name)) = (self.tmp.parent(), self.path.file_name()) else {
            return;
        };
        let prefix = format!(".{}{TMP_MARK}", name.to_string_lossy());
        let Ok(entries) = fs::read_dir(folder) else {
            return;
        };
        for entry in entries.flatten() {
            let file = entry.file_name();
            let file = file.to_string_lossy();
            let pid = file
                .strip_prefix(&prefix)
                .and_then(|rest| rest.strip_suffix(TMP_END))
                .and_then(|pid| pid.parse::<u32>().ok());
            if let Some(pid) = pid {
                let alive =
                    pid == std::process::id() || Path::new("/proc").join(pid.to_string()).exists();
                if !alive {
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
    }
}

/// The refusal of an output path that is not what it should be.
fn not_a_file(path: &Path, kind: &fs::FileType, wanted: &str) -> Error {
    let reason = format!(
        "is {}, not {wanted}: refusing to write there",
        describe_kind(kind)
    );
    refused(path, reason)
}

/// An [`ErrorKind::Output`] error: `path` cannot be written safely.
fn refused(path: &Path, reason: impl Into<String>) -> Error {
    Error::invalid(
        ErrorKind::Output,
        path.display().to_string(),
        "",
        "",
        "",
        reason,
    )
}

/// A file type in words.
fn describe_kind(kind: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a directory"
    } else if kind.is_file() {
        "a regular file"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else {
        "a special file"
    }
}

/// [`write_atomic`] for output produced piece by piece by `write`.
fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut io::BufWriter<fs::File>) -> io::Result<()>,
) -> Result<()> {
    let target = Target::resolve(path)?;
    target.remove_stale();
    let tmp = &target.tmp;
    let written = fs::File::create(tmp)
        .and_then(|file| {
            if let Some(permissions) = &target.permissions {
                file.set_permissions(permissions.clone())?;
            }
            let mut out = io::BufWriter::with_capacity(1 << 20, file);
            write(&mut out)?;
            out.into_inner().map_err(io::IntoInnerError::into_error)
        })
        .and_then(|file| file.sync_all())
        .and_then(|()| fs::rename(tmp, &target.path));
    written.map_err(|e| {
        let _ = fs::remove_file(tmp);
        Error::io(path, e)
    })
}

/// Reads a whole file as UTF-8, naming the line of the first invalid byte.
/// A leading byte-order mark is dropped, for JSON, CSV and TOML alike
/// (spreadsheet programs and some editors write one).
pub(crate) fn read_text(path: &Path) -> Result<String> {
    let mut bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        Error::invalid(
            ErrorKind::Parse,
            path.display().to_string(),
            format!("line {line}"),
            "",
            "",
            "invalid UTF-8",
        )
    })
}

/// Below this many bytes a JSON dataset is read in one piece.
const PIECES_FROM: usize = 64 << 20;

/// About how many bytes of a section [`parse_in_pieces`] reads as one piece.
const PIECE_BYTES: usize = 32 << 20;

/// A large valid JSON dataset written compactly (as `generate` and
/// [`write_dataset`] write it) read on every thread of the current pool:
/// its `people` and `ties` arrays cut into pieces of about [`PIECE_BYTES`]
/// between two records (`},{`), each piece read as an array of its own,
/// and the rest of the file with the two arrays left empty. The same
/// dataset as reading the file in one piece; `None` (read it so, then)
/// when the file is small, not of that shape, or anything fails to parse.
///
/// No wrong cut can pass: a piece that ends anywhere but between two
/// records of its array (inside a string, a nested value, or past the
/// array) is not a valid array once closed with `]`, and the rest, read
/// with the whole dataset's rules (unknown fields refused), only parses
/// when each emptied array was a top-level section's value.
fn parse_in_pieces(text: &str) -> Option<Dataset> {
    parse_in_pieces_of(text, PIECES_FROM, PIECE_BYTES)
}

/// [`parse_in_pieces`] from `from` bytes up, in pieces of about
/// `piece_bytes`.
fn parse_in_pieces_of(text: &str, from: usize, piece_bytes: usize) -> Option<Dataset> {
    if text.len() < from {
        return None;
    }
    let bytes = text.as_bytes();
    // Where each section's `"name":[` starts, in file order: an array runs
    // to the `],` before the next section, or to the file's last `]`.
    let mut keys: Vec<(usize, &str)> = ["skills", "people", "ties", "history", "affinities"]
        .into_iter()
        .filter_map(|name| {
            let pattern = format!("\"{name}\":[");
            memchr::memmem::find(bytes, pattern.as_bytes()).map(|at| (at, name))
        })
        .collect();
    keys.sort_unstable();
    let end = text.trim_end().strip_suffix('}')?.trim_end().len();
    let span = |name: &str| -> Option<(usize, usize)> {
        let i = keys.iter().position(|k| k.1 == name)?;
        let open = keys[i].0 + name.len() + 3;
        let close = match keys.get(i + 1) {
            Some(&(next, _)) => next.checked_sub(2).filter(|&c| bytes[c + 1] == b',')?,
            None => end - 1,
        };
        (close > open && bytes[close] == b']').then_some((open, close))
    };
    let (people_at, ties_at) = (span("people")?, span("ties")?);
    let people: Vec<PersonRecord> = parse_pieces(text, people_at, piece_bytes)?;
    let ties: Vec<TieRecord> = parse_pieces(text, ties_at, piece_bytes)?;
    let (first, second) = if people_at.0 < ties_at.0 {
        (people_at, ties_at)
    } else {
        (ties_at, people_at)
    };
    let rest = [
        &text[..=first.0],
        &text[first.1..=second.0],
        &text[second.1..],
    ]
    .concat();
    let mut dataset = serde_json::from_str::<Dataset>(&rest).ok()?;
    dataset.people = people;
    dataset.ties = ties;
    Some(dataset)
}

/// The records of the array between the brackets at `open` and `close` of
/// `text`, read in pieces of about `piece_bytes` in parallel (see
/// [`parse_in_pieces`]).
fn parse_pieces<T: serde::de::DeserializeOwned + Send>(
    text: &str,
    (open, close): (usize, usize),
    piece_bytes: usize,
) -> Option<Vec<T>> {
    if close == open + 1 {
        return Some(Vec::new());
    }
    let bytes = text.as_bytes();
    // Records of a section begin alike (`{"id":` for people): a cut is
    // looked for where a record ends and one so begun follows, not where
    // two values nested in a record meet.
    let first = &bytes[open + 1..close.min(open + 64)];
    let key_end = memchr::memchr(b':', first)?;
    let boundary = [b"}," as &[u8], &first[..=key_end]].concat();
    let mut cuts = vec![open];
    let mut at = open + piece_bytes;
    while at < close {
        match memchr::memmem::find(&bytes[at..close], &boundary) {
            Some(i) => {
                cuts.push(at + i + 1);
                at += i + 1 + piece_bytes;
            }
            None => break,
        }
    }
    cuts.push(close);
    let pieces: Vec<Vec<T>> = cuts
        .par_windows(2)
        .map(|w| {
            let inner = &text[w[0] + 1..w[1]];
            let mut piece = String::with_capacity(inner.len() + 2);
            piece.push('[');
            piece.push_str(inner);
            piece.push(']');
            serde_json::from_str(&piece).ok()
        })
        .collect::<Option<_>>()?;
    let mut records = Vec::with_capacity(pieces.iter().map(Vec::len).sum());
    pieces.into_iter().for_each(|p| records.extend(p));
    Some(records)
}

/// The UTF-8 byte-order mark.
const BOM: &[u8] = "\u{feff}".as_bytes();

fn parse_json(path: &Path, text: &str) -> Result<Dataset> {
    let file = path.display().to_string();
    if text.trim().is_empty() {
        return Err(Error::invalid(
            ErrorKind::Parse,
            file,
            "",
            "",
            "",
            "empty file",
        ));
    }
    // serde would read a struct from an array of its fields in order; a
    // dataset is an object with named sections, nothing else.
    if !text.trim_start().starts_with('{') {
        return Err(Error::invalid(
            ErrorKind::Parse,
            file,
            "line 1",
            "",
            "",
            "a dataset is a JSON object with a \"people\" array",
        ));
    }
    // Tracking the path to every value costs an allocation per object key,
    // which doubles the time to read a large file. A valid file (the usual
    // case) is read without it; only a file that fails is read again, with
    // tracking, to say where it fails.
    if let Some(dataset) = parse_in_pieces(text) {
        return Ok(dataset);
    }
    if let Ok(dataset) = serde_json::from_str::<Dataset>(text) {
        return Ok(dataset);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let dataset: Dataset = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let at = format!("line {}, column {}", inner.line(), inner.column());
        let message = inner.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        if inner.is_eof() {
            return Error::invalid(
                ErrorKind::Parse,
                file.clone(),
                at,
                "",
                "",
                format!("file is truncated: {message}"),
            );
        }
        // serde_path_to_error names the path up to the failing value, e.g.
        // `people[3].seniority`, or `people[3].skils` for an unknown field;
        // split it into the record and the field.
        let (record, field) = split_path(&path);
        let record = if record.is_empty() || record == "." {
            at
        } else {
            format!("{record} ({at})")
        };
        Error::invalid(
            ErrorKind::of_serde(&message),
            file.clone(),
            record,
            field,
            "",
            message,
        )
    })?;
    de.end().map_err(|e| {
        Error::invalid(
            ErrorKind::Parse,
            file,
            format!("line {}", e.line()),
            "",
            "",
            "trailing characters after the dataset",
        )
    })?;
    Ok(dataset)
}

fn split_path(path: &str) -> (String, String) {
    // `people[3].goals[1].level` → (`people[3]`, `goals[1].level`)
    match path.find(']') {
        Some(end) => {
            let record = &path[..=end];
            let rest = path[end + 1..].trim_start_matches('.');
            (record.to_string(), rest.to_string())
        }
        None => (
            String::new(),
            if path == "." {
                String::new()
            } else {
                path.to_string()
            },
        ),
    }
}

// ---------------------------------------------------------------------------
// CSV folders
// ---------------------------------------------------------------------------

/// The columns of each CSV file, in the order they are written.
const PEOPLE_COLUMNS: [&str; 17] = [
    "id",
    "name",
    "org",
    "manager",
    "seniority",
    "industry",
    "timezone",
    "languages",
    "skills",
    "goals",
    "experiences",
    "mentor_capacity",
    "sponsor_capacity",
    "seeks",
    "introducible",
    "blocked",
    "preferred",
];
/// The prefix of an attribute column in `people.csv`: `attr.department`
/// holds the attribute `department` (a contract, like the column names).
pub(crate) const ATTRIBUTE_PREFIX: &str = "attr.";
const SKILL_COLUMNS: [&str; 2] = ["id", "parent"];
const TIE_COLUMNS: [&str; 7] = [
    "a",
    "b",
    "kind",
    "strength",
    "interactions",
    "reciprocated",
    "last_contact",
];
const HISTORY_COLUMNS: [&str; 4] = ["mentee", "mentor", "kind", "outcome"];
const AFFINITY_COLUMNS: [&str; 4] = ["mentee", "mentor", "score", "mentor_score"];

fn columns(section: Section) -> &'static [&'static str] {
    match section {
        Section::Skills => &SKILL_COLUMNS,
        Section::People => &PEOPLE_COLUMNS,
        Section::Ties => &TIE_COLUMNS,
        Section::History => &HISTORY_COLUMNS,
        Section::Affinities => &AFFINITY_COLUMNS,
    }
}

fn required(section: Section) -> &'static [&'static str] {
    match section {
        Section::Skills | Section::People => &["id"],
        Section::Ties => &["a", "b"],
        Section::History => &["mentee", "mentor"],
        Section::Affinities => &["mentee", "mentor", "score"],
    }
}

/// One CSV row with its file and line, able to parse its cells with errors
/// that name all three.
struct Row<'a> {
    file: &'a str,
    line: u64,
    record: &'a csv::StringRecord,
    /// For each known column, its index in this file, if present.
    positions: &'a [Option<usize>],
    /// The attribute columns (`people.csv` only): name and index.
    attributes: &'a [(String, usize)],
    section: Section,
}

impl Row<'_> {
    fn cell(&self, column: &str) -> &str {
        let k = columns(self.section)
            .iter()
            .position(|c| *c == column)
            .expect("known column");
        self.positions[k]
            .and_then(|i| self.record.get(i))
            .unwrap_or("")
            .trim()
    }

    fn error(&self, kind: ErrorKind, field: &str, value: &str, reason: impl Into<String>) -> Error {
        Error::invalid(
            kind,
            self.file,
            format!("line {}", self.line),
            field,
            format!("{value:?}"),
            reason,
        )
    }

    fn text(&self, column: &str) -> Option<String> {
        Some(self.cell(column))
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    }

    fn required(&self, column: &str) -> Result<String> {
        self.text(column)
            .ok_or_else(|| self.error(ErrorKind::Missing, column, "", "required value is empty"))
    }

    fn number<T: std::str::FromStr>(&self, column: &str, what: &str) -> Result<Option<T>> {
        let cell = self.cell(column);
        if cell.is_empty() {
            return Ok(None);
        }
        cell.parse()
            .map(Some)
            .map_err(|_| self.error(ErrorKind::Parse, column, cell, format!("expected {what}")))
    }

    fn list(&self, column: &str) -> Vec<String> {
        split_list(self.cell(column))
    }
}

fn split_list(cell: &str) -> Vec<String> {
    if cell.is_empty() {
        return Vec::new();
    }
    cell.split(';').map(|s| s.trim().to_string()).collect()
}

fn read_csv_dir(dir: &Path) -> Result<(Dataset, Origin)> {
    let mut data = Dataset::default();
    let mut lines: [Vec<u64>; 5] = Default::default();
    for section in Section::ALL {
        let path = csv_file(dir, section);
        let optional = !matches!(section, Section::People | Section::Ties);
        if !path.exists() {
            if optional {
                continue;
            }
            return Err(Error::invalid(
                ErrorKind::Missing,
                dir.display().to_string(),
                "",
                "",
                format!("{}.csv", section.name()),
                "required file is missing from the CSV folder",
            ));
        }
        let text = read_text(&path)?;
        let file = path.display().to_string();
        let at = &mut lines[section as usize];
        read_csv_file(&file, &text, section, |row| {
            at.push(row.line);
            match section {
                Section::Skills => data.skills.push(SkillRecord {
                    id: row.required("id")?,
                    parent: row.text("parent"),
                }),
                Section::People => data.people.push(person_from_row(row)?),
                Section::Ties => data.ties.push(TieRecord {
                    a: row.required("a")?,
                    b: row.required("b")?,
                    kind: row.text("kind"),
                    strength: row.number("strength", "a number")?,
                    interactions: row.number("interactions", "a whole number")?,
                    reciprocated: row.number("reciprocated", "a whole number")?,
                    last_contact: row.text("last_contact"),
                }),
                Section::History => data.history.push(HistoryRecord {
                    mentee: row.required("mentee")?,
                    mentor: row.required("mentor")?,
                    kind: match row.text("kind") {
                        None => Role::Mentor,
                        Some(k) => Role::parse(&k).ok_or_else(|| {
                            row.error(
                                ErrorKind::Parse,
                                "kind",
                                &k,
                                "expected `mentor` or `sponsor`",
                            )
                        })?,
                    },
                    outcome: match row.text("outcome") {
                        None => Outcome::Neutral,
                        Some(o) => Outcome::parse(&o).ok_or_else(|| {
                            row.error(
                                ErrorKind::Parse,
                                "outcome",
                                &o,
                                "expected `good`, `neutral` or `bad`",
                            )
                        })?,
                    },
                }),
                Section::Affinities => data.affinities.push(AffinityRecord {
                    mentee: row.required("mentee")?,
                    mentor: row.required("mentor")?,
                    score: row.number("score", "a number")?.ok_or_else(|| {
                        row.error(ErrorKind::Missing, "score", "", "required value is empty")
                    })?,
                    mentor_score: row.number("mentor_score", "a number")?,
                }),
            }
            Ok(())
        })?;
    }
    Ok((
        data,
        Origin::Csv {
            dir: dir.to_path_buf(),
            lines,
        },
    ))
}

fn read_csv_file(
    file: &str,
    text: &str,
    section: Section,
    mut each: impl FnMut(&Row) -> Result<()>,
) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::invalid(
            ErrorKind::Parse,
            file,
            "",
            "",
            "",
            "empty file (expected a header line)",
        ));
    }
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let mut lines = LineCounter::new(text);
    let mut csv_error = |e: csv::Error| {
        let line = e.position().map_or(0, |p| lines.line_at(p.byte()));
        let reason = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => {
                format!("row has {len} columns, the header has {expected_len}")
            }
            _ => e.to_string(),
        };
        Error::invalid(
            ErrorKind::Parse,
            file,
            format!("line {line}"),
            "",
            "",
            reason,
        )
    };
    let header = reader.headers().map_err(&mut csv_error)?.clone();
    let known = columns(section);
    let header_error = |kind: ErrorKind, column: &str, reason: String| {
        Error::invalid(kind, file, "line 1", column, "", reason)
    };
    let mut positions = vec![None; known.len()];
    let mut attributes: Vec<(String, usize)> = Vec::new();
    let mut attribute_names: HashSet<&str> = HashSet::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim();
        let attribute = name
            .strip_prefix(ATTRIBUTE_PREFIX)
            .filter(|_| section == Section::People);
        if let Some(attribute) = attribute.map(str::trim) {
            if attribute.is_empty() {
                let reason = format!("attribute name is empty (expected {ATTRIBUTE_PREFIX}NAME)");
                return Err(header_error(ErrorKind::Missing, name, reason));
            }
            if !attribute_names.insert(attribute) {
                return Err(header_error(
                    ErrorKind::Duplicate,
                    name,
                    "column appears twice".into(),
                ));
            }
            attributes.push((attribute.to_string(), i));
            continue;
        }
        let Some(k) = known.iter().position(|c| *c == name) else {
            let attribute_note = if section == Section::People {
                format!(", or {ATTRIBUTE_PREFIX}NAME for an attribute")
            } else {
                String::new()
            };
            let expected = known.join(", ");
            let reason = format!("unknown column (expected some of: {expected}{attribute_note})");
            return Err(header_error(ErrorKind::UnknownField, name, reason));
        };
        if positions[k].replace(i).is_some() {
            return Err(header_error(
                ErrorKind::Duplicate,
                name,
                "column appears twice".into(),
            ));
        }
    }
    for &column in required(section) {
        let k = known.iter().position(|c| *c == column).expect("known");
        if positions[k].is_none() {
            return Err(header_error(
                ErrorKind::Missing,
                column,
                "required column is missing".into(),
            ));
        }
    }
    let mut record = csv::StringRecord::new();
    let mut rows = LineCounter::new(text);
    while reader.read_record(&mut record).map_err(&mut csv_error)? {
        let line = record.position().map_or(0, |p| rows.line_at(p.byte()));
        each(&Row {
            file,
            line,
            record: &record,
            positions: &positions,
            attributes: &attributes,
            section,
        })?;
    }
    Ok(())
}

/// Line numbers of byte offsets in a CSV text, counting every line break
/// the CSV reader accepts: `\n`, `\r\n` and a lone `\r`.
///
/// The `csv` crate's own line numbers count `\n` only, and a record of a
/// CRLF file starts, by its count, before the `\n` that ends the line above:
/// every row was reported one line too low. Here a record's line is that of
/// its first character, past any line breaks (and the blank lines the
/// reader skips) at its start offset.
struct LineCounter<'a> {
    text: &'a [u8],
    /// Where counting stopped, and the line number there.
    at: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> LineCounter<'a> {
        LineCounter {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line of the first character at or after byte `offset` that is
    /// not a line break. Offsets must not decrease from call to call, so
    /// that a whole file costs one pass over it; an offset behind the last
    /// one is answered from scratch.
    fn line_at(&mut self, offset: u64) -> u64 {
        let mut offset = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        while offset < self.text.len() && matches!(self.text[offset], b'\n' | b'\r') {
            offset += 1;
        }
        if offset < self.at {
            (self.at, self.line) = (0, 1);
        }
        for i in self.at..offset {
            let lone_cr = self.text[i] == b'\r' && self.text.get(i + 1) != Some(&b'\n');
            self.line += u64::from(self.text[i] == b'\n' || lone_cr);
        }
        self.at = offset;
        self.line
    }
}

fn person_from_row(row: &Row) -> Result<PersonRecord> {
    let mut p = PersonRecord::new(row.required("id")?);
    p.name = row.cell("name").to_string();
    p.org = row.text("org");
    p.manager = row.text("manager");
    p.seniority = row
        .number("seniority", "a whole number 0-255")?
        .unwrap_or(0);
    p.industry = row.text("industry");
    p.timezone = row.number("timezone", "a number of hours")?;
    p.languages = row.list("languages");
    let items = row.list("skills");
    let mut skills: Vec<(String, u8)> = Vec::with_capacity(items.len());
    // Hashed, not searched: a cell of 200,000 skills stays linear. Repeats
    // are refused item by item, so the first bad item is the one reported.
    let mut seen: HashSet<&str> = HashSet::with_capacity(items.len());
    for item in &items {
        let (skill, level) = item.split_once(':').ok_or_else(|| {
            row.error(
                ErrorKind::Parse,
                "skills",
                item,
                "expected skill:level, e.g. rust:4",
            )
        })?;
        let level = level.trim().parse().map_err(|_| {
            row.error(
                ErrorKind::Parse,
                "skills",
                item,
                "level must be a whole number 1-5",
            )
        })?;
        let skill = skill.trim();
        if !seen.insert(skill) {
            return Err(row.error(
                ErrorKind::Duplicate,
                "skills",
                item,
                format!("skill `{skill}` appears twice"),
            ));
        }
        skills.push((skill.to_string(), level));
    }
    p.skills = SkillLevels(skills);
    for item in row.list("goals") {
        let mut parts = item.split(':').map(str::trim);
        let skill = parts.next().unwrap_or_default().to_string();
        let mut goal = GoalRecord {
            skill,
            level: 3,
            priority: 1,
        };
        if let Some(level) = parts.next() {
            goal.level = level.parse().map_err(|_| {
                row.error(
                    ErrorKind::Parse,
                    "goals",
                    &item,
                    "level must be a whole number 1-5",
                )
            })?;
        }
        if let Some(priority) = parts.next() {
            goal.priority = priority.parse().map_err(|_| {
                row.error(
                    ErrorKind::Parse,
                    "goals",
                    &item,
                    "priority must be a whole number from 1",
                )
            })?;
        }
        if parts.next().is_some() {
            return Err(row.error(
                ErrorKind::Parse,
                "goals",
                &item,
                "expected skill[:level[:priority]]",
            ));
        }
        p.goals.push(goal);
    }
    p.experiences = row.list("experiences");
    p.mentor_capacity = row
        .number("mentor_capacity", "a whole number")?
        .unwrap_or(0);
    p.sponsor_capacity = row
        .number("sponsor_capacity", "a whole number")?
        .unwrap_or(0);
    for s in row.list("seeks") {
        p.seeks.push(Role::parse(&s).ok_or_else(|| {
            row.error(
                ErrorKind::Parse,
                "seeks",
                &s,
                "expected `mentor` or `sponsor`",
            )
        })?);
    }
    p.introducible = match row.cell("introducible") {
        "" => true,
        "true" => true,
        "false" => false,
        other => {
            return Err(row.error(
                ErrorKind::Parse,
                "introducible",
                other,
                "expected `true` or `false`",
            ))
        }
    };
    p.blocked = row.list("blocked");
    p.preferred = row.list("preferred");
    for (name, i) in row.attributes {
        let value = row.record.get(*i).unwrap_or("").trim();
        if !value.is_empty() {
            p.attributes.0.push((name.clone(), value.to_string()));
        }
    }
    Ok(p)
}

/// Whether a section gets a file: `people` and `ties` always, the optional
/// sections when they have records.
fn csv_section_is_written(data: &Dataset, section: Section) -> bool {
    match section {
        Section::People | Section::Ties => true,
        Section::Skills => !data.skills.is_empty(),
        Section::History => !data.history.is_empty(),
        Section::Affinities => !data.affinities.is_empty(),
    }
}

/// Writes one section as CSV, a row at a time: a record reused for every
/// row keeps ten million ties from costing seventy million strings.
fn write_csv_section(data: &Dataset, section: Section, out: impl Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let mut header: Vec<String> = columns(section).iter().map(|c| c.to_string()).collect();
    if section == Section::People {
        header.extend(
            attribute_names(data)
                .iter()
                .map(|n| format!("{ATTRIBUTE_PREFIX}{n}")),
        );
    }
    writer.write_record(&header)?;
    let mut row = csv::ByteRecord::new();
    let mut put = |writer: &mut csv::Writer<_>, cells: &[&str]| -> csv::Result<()> {
        row.clear();
        for cell in cells {
            row.push_field(cell.as_bytes());
        }
        writer.write_byte_record(&row)
    };
    match section {
        Section::Skills => {
            for s in &data.skills {
                put(
                    &mut writer,
                    &[&s.id, s.parent.as_deref().unwrap_or_default()],
                )?;
            }
        }
        Section::People => {
            // Attribute columns follow the fixed ones, sorted by name.
            let names = attribute_names(data);
            let column: HashMap<&str, usize> =
                names.iter().enumerate().map(|(k, &n)| (n, k)).collect();
            let mut values: Vec<&str> = vec![""; names.len()];
            for p in &data.people {
                values.fill("");
                for (name, value) in &p.attributes.0 {
                    values[column[name.as_str()]] = value;
                }
                let cells = person_row(p);
                let cells: Vec<&str> = cells
                    .iter()
                    .map(String::as_str)
                    .chain(values.iter().copied())
                    .collect();
                put(&mut writer, &cells)?;
            }
        }
        Section::Ties => {
            for t in &data.ties {
                put(
                    &mut writer,
                    &[
                        &t.a,
                        &t.b,
                        t.kind.as_deref().unwrap_or_default(),
                        &opt(t.strength),
                        &opt(t.interactions),
                        &opt(t.reciprocated),
                        t.last_contact.as_deref().unwrap_or_default(),
                    ],
                )?;
            }
        }
        Section::History => {
            for h in &data.history {
                put(
                    &mut writer,
                    &[&h.mentee, &h.mentor, h.kind.as_str(), h.outcome.as_str()],
                )?;
            }
        }
        Section::Affinities => {
            for a in &data.affinities {
                put(
                    &mut writer,
                    &[
                        &a.mentee,
                        &a.mentor,
                        &a.score.to_string(),
                        &opt(a.mentor_score),
                    ],
                )?;
            }
        }
    }
    writer.flush()
}

/// Every attribute name the people of `data` use, sorted.
fn attribute_names(data: &Dataset) -> Vec<&str> {
    let names: BTreeSet<&str> = data
        .people
        .iter()
        .flat_map(|p| p.attributes.0.iter().map(|(n, _)| n.as_str()))
        .collect();
    names.into_iter().collect()
}

/// Refuses values that the CSV list encodings (`a;b`, `skill:level`) cannot
/// carry, rather than writing a file that reads back differently.
fn csv_encodable(dir: &Path, data: &Dataset) -> Result<()> {
    for (i, p) in data.people.iter().enumerate() {
        let lists = [
            ("languages", &p.languages),
            ("experiences", &p.experiences),
            ("blocked", &p.blocked),
            ("preferred", &p.preferred),
        ];
        let skills = p
            .skills
            .0
            .iter()
            .map(|(s, _)| s)
            .chain(p.goals.iter().map(|g| &g.skill));
        let bad = lists
            .iter()
            .flat_map(|(field, items)| items.iter().map(move |v| (*field, v, v.contains(';'))))
            .chain(skills.map(|v| ("skills", v, v.contains(';') || v.contains(':'))))
            .find(|(_, v, broken)| *broken || v.trim() != v.as_str());
        let scalars = [
            ("id", Some(&p.id)),
            ("name", Some(&p.name)),
            ("org", p.org.as_ref()),
            ("industry", p.industry.as_ref()),
            ("manager", p.manager.as_ref()),
        ];
        let bad = bad.or_else(|| {
            scalars
                .into_iter()
                .filter_map(|(field, v)| Some((field, v?, false)))
                .chain(
                    p.attributes
                        .0
                        .iter()
                        .flat_map(|(n, v)| [("attributes", n, false), ("attributes", v, false)]),
                )
                .find(|(_, v, _)| v.trim() != v.as_str())
        });
        if let Some((field, value, _)) = bad {
            return Err(Error::invalid(
                ErrorKind::Unsupported,
                csv_file(dir, Section::People).display().to_string(),
                format!("people[{i}]"),
                field,
                format!("{value:?}"),
                "cannot be written to a CSV list cell (contains `;`, `:` or edge spaces)",
            ));
        }
    }
    Ok(())
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn person_row(p: &PersonRecord) -> Vec<String> {
    let join = |items: &[String]| items.join(";");
    vec![
        p.id.clone(),
        p.name.clone(),
        p.org.clone().unwrap_or_default(),
        p.manager.clone().unwrap_or_default(),
        p.seniority.to_string(),
        p.industry.clone().unwrap_or_default(),
        opt(p.timezone),
        join(&p.languages),
        p.skills
            .0
            .iter()
            .map(|(s, l)| format!("{s}:{l}"))
            .collect::<Vec<_>>()
            .join(";"),
        p.goals
            .iter()
            .map(|g| format!("{}:{}:{}", g.skill, g.level, g.priority))
            .collect::<Vec<_>>()
            .join(";"),
        join(&p.experiences),
        p.mentor_capacity.to_string(),
        p.sponsor_capacity.to_string(),
        p.seeks
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(";"),
        p.introducible.to_string(),
        join(&p.blocked),
        join(&p.preferred),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A generated dataset, as `write_dataset` writes it.
    #[cfg(feature = "generate")]
    fn generated_text(people: usize) -> String {
        let data = crate::generate(&crate::GeneratorConfig {
            people,
            seed: 5,
            ..crate::GeneratorConfig::default()
        });
        serde_json::to_string(&data).unwrap()
    }

    /// Read in pieces of a few kilobytes, a generated file gives the same
    /// dataset as read whole, on one thread and on two.
    #[cfg(feature = "generate")]
    #[test]
    fn a_file_read_in_pieces_is_the_file_read_whole() {
        let text = generated_text(1_500);
        let whole: Dataset = serde_json::from_str(&text).unwrap();
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            for piece in [1, 4_096, 100_000, usize::MAX / 4] {
                let pieces = pool.install(|| parse_in_pieces_of(&text, 0, piece));
                assert_eq!(pieces.as_ref(), Some(&whole), "pieces of {piece} bytes");
            }
        }
        // Under the size it starts from, a file is read whole.
        assert!(parse_in_pieces_of(&text, text.len() + 1, 1).is_none());
    }

    /// Files a cut could fall wrong in are read whole instead (`None`), or
    /// read right: records begun by another field, strings holding what a
    /// record boundary or a section looks like, sections in another order
    /// or empty, a bad record, a nested or repeated section, spaces.
    #[test]
    fn pieces_are_refused_where_a_cut_could_fall_wrong() {
        let read = |text: &str| parse_in_pieces_of(text, 0, 1);
        let whole = |text: &str| serde_json::from_str::<Dataset>(text).ok();
        let same = [
            r#"{"people":[{"id":"a","name":"},{\"id\":x"},{"id":"b"}],"ties":[{"a":"a","b":"b"}]}"#,
            r#"{"ties":[{"b":"b","a":"a"},{"a":"b","b":"a"}],"people":[{"name":"\"ties\":[","id":"a"},{"id":"b"}]}"#,
            r#"{"skills":[{"id":"x"}],"people":[],"ties":[],"history":[]}"#,
            r#"{"people":[{"id":"a","goals":[{"skill":"x","level":2},{"skill":"y","level":3}]},{"id":"b"}],"ties":[]}"#,
        ];
        for text in same {
            assert!(whole(text).is_some(), "{text}");
            assert_eq!(read(text), whole(text), "{text}");
        }
        let refused = [
            // A bad record.
            r#"{"people":[{"id":"a"},{"id":"b","seniority":"x"}],"ties":[]}"#,
            // A section nested in a record, and a section twice.
            r#"{"people":[{"id":"a","ties":[{"a":"a"}]}],"ties":[]}"#,
            r#"{"people":[{"id":"a"}],"ties":[],"people":[{"id":"b"}]}"#,
            // An unknown section between the two.
            r#"{"people":[{"id":"a"}],"extra":[1],"ties":[]}"#,
            // An unknown field or a bad record outside the two sections.
            r#"{"extra":1,"people":[{"id":"a"}],"ties":[]}"#,
            r#"{"skills":[{"id":1}],"people":[{"id":"a"}],"ties":[]}"#,
            // Spaces where the compact form has none, and no ties.
            r#"{"people": [{"id":"a"}], "ties": []}"#,
            r#"{"people":[{"id":"a"}]}"#,
        ];
        for text in refused {
            assert_eq!(read(text), None, "{text}");
        }
    }

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("mentormatch-atomic-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let target = dir.join("out.json");
        fs::write(&target, "old").unwrap();
        let failed = write_atomic_with(&target, |out| {
            out.write_all(b"half of the new")?;
            Err(io::Error::other("disk full"))
        });
        assert!(failed.unwrap_err().to_string().contains("disk full"));
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1, "no temporary left");
        write_atomic(&target, b"new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        // JSON serialised into the file: the text `to_string_pretty` makes,
        // and a newline; a value JSON cannot hold leaves the file as it was.
        let value = serde_json::json!({"pairs": [["a", "b"]], "total": 1.5});
        write_json_atomic(&target, &value).unwrap();
        let expected = serde_json::to_string_pretty(&value).unwrap() + "\n";
        assert_eq!(fs::read_to_string(&target).unwrap(), expected);
        let unkeyed = std::collections::BTreeMap::from([((1, 2), 3)]);
        let refused = write_json_atomic(&target, &unkeyed).unwrap_err();
        assert!(refused.to_string().contains("out.json"), "{refused}");
        assert_eq!(fs::read_to_string(&target).unwrap(), expected);
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1, "no temporary left");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn json_paths_split_into_record_and_field() {
        assert_eq!(
            split_path("people[3].seniority"),
            ("people[3]".into(), "seniority".into())
        );
        assert_eq!(
            split_path("people[3].goals[1].level"),
            ("people[3]".into(), "goals[1].level".into())
        );
        assert_eq!(split_path("people"), (String::new(), "people".into()));
    }
}
