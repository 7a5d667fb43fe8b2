//! The crate's one error type, raised at the I/O and validation boundary,
//! and the kinds of error a caller can match on.

use std::fmt;
use std::path::PathBuf;

/// Everything that can go wrong while reading, validating or writing data.
///
/// Algorithms that take a validated [`Network`](crate::Network) do not fail;
/// only loading, configuration and writing return this error. Every message
/// names where the problem is: the file, the record (CSV line, JSON index or
/// path), the field and the offending value. What went wrong is
/// [`Error::kind`], for a caller to match on instead of reading the text:
///
/// ```
/// use mentormatch::{Config, ErrorKind};
///
/// let error = Config::from_toml_str("[weights]\nskill_fit = 2e9").unwrap_err();
/// assert_eq!(error.kind(), ErrorKind::OutOfRange);
/// assert_eq!(
///     error.to_string(),
///     "config: [weights]: skill_fit = 2000000000: weight must be a number from -1000000 to 1000000"
/// );
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read or written
    /// ([`ErrorKind::Io`]).
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// Input that is readable but wrong: malformed, inconsistent or out of
    /// range; its [`Invalid::kind`] says which.
    #[error("{0}")]
    Invalid(Box<Invalid>),
}

/// What went wrong, for a caller to act on: [`Error::kind`].
///
/// Every error the crate raises has exactly one kind; the message
/// ([`Error`]'s `Display`) says the same in words, with the file, record,
/// field and value. New kinds may be added, so a `match` needs a `_` arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file or folder could not be read or written ([`Error::Io`]).
    Io,
    /// Input that is not of the expected form: JSON, CSV or TOML syntax, a
    /// value of the wrong type, text that is not UTF-8, an empty or
    /// truncated file, a cell that does not parse (a number, a date,
    /// `skill:level`), a word outside its fixed set (`mentor` or
    /// `sponsor`, a policy, a metric), a pair that is not two ids, an
    /// attribute name with a control character.
    Parse,
    /// Something required is absent or empty: a CSV file or column, a
    /// field, a value (an id, a skill id, an attribute name), a tie's
    /// strength or interactions.
    Missing,
    /// A field, key, table or CSV column that the format does not have.
    UnknownField,
    /// A reference to something that does not exist: a person id (in
    /// `manager`, `blocked`, a tie, the history, `[assign] pinned`), a
    /// parent skill, an attribute no person carries. (An id in a recorded
    /// run that the dataset lacks is a [`Mismatch`](ErrorKind::Mismatch).)
    UnknownId,
    /// Something that must be unique given twice: a person or skill id, a
    /// tie between the same two people, a second affinity or goal for the
    /// same pair or skill, a column, a key, an item of a list.
    Duplicate,
    /// A person where someone else is required: their own manager, a tie,
    /// a block, a preference, a past pair or an affinity with themselves.
    SelfReference,
    /// A number outside its bounds: a level, a strength, a score, a weight,
    /// a capacity above the limit, an option (`folds`, `budget`,
    /// `damping`), or a length or count above the crate's limits.
    OutOfRange,
    /// A cycle where a forest is required: the reporting line or the skill
    /// taxonomy.
    Cycle,
    /// More pinned pairs for a person than their capacity or
    /// `mentors_per_mentee` allows.
    Capacity,
    /// Inputs that are each valid but exclude each other: both a tie's
    /// strength and its interactions, a pinned pair that is forbidden or
    /// fails a hard constraint, coverage floors under a policy that
    /// cannot hold them.
    Conflict,
    /// A request the data cannot meet: a coverage floor no assignment
    /// reaches, too few past pairs to tune over the folds.
    Infeasible,
    /// A recorded run that cannot have been made with the dataset and
    /// configuration given with it (another policy, an id or a score the
    /// dataset does not have, a re-solve that chooses other pairs).
    Mismatch,
    /// Valid input that the crate does not handle: floors on two
    /// attributes at once, `explain --run` with floors, a value a CSV
    /// list cell cannot hold.
    Unsupported,
    /// An output path that cannot be written safely: a device, a
    /// directory, a named pipe, a socket, `-`, a link to nothing (checked
    /// by [`check_output`](crate::check_output) before any work).
    Output,
    /// A [`PersonId`](crate::PersonId) given to a network that did not
    /// issue it: one from another network, or from this network before a
    /// change ([`Network::apply`](crate::Network::apply)). Look the person
    /// up again by their string id.
    ForeignId,
}

impl ErrorKind {
    /// The kind of a serde error, from its message: serde names the
    /// unknown, missing and duplicate fields in fixed words (and this
    /// crate's maps refuse a repeated key as "... appears twice"); every
    /// other serde error is one of form or type.
    pub(crate) fn of_serde(message: &str) -> ErrorKind {
        if message.starts_with("unknown field") {
            ErrorKind::UnknownField
        } else if message.starts_with("missing field") {
            ErrorKind::Missing
        } else if message.starts_with("duplicate field")
            || message.starts_with("duplicate key")
            || message.ends_with("appears twice")
        {
            ErrorKind::Duplicate
        } else {
            ErrorKind::Parse
        }
    }
}

/// Where an invalid input is, what kind of problem it is and what is
/// wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Invalid {
    kind: ErrorKind,
    file: String,
    record: String,
    field: String,
    value: String,
    reason: String,
}

impl Invalid {
    /// What kind of problem it is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The file (`"config"` for a configuration given as text,
    /// `"arguments"` for options given in code, `"dataset"` for records
    /// built in memory).
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The record: `"line 7"` for CSV, `"people[3]"` for JSON, `"[weights]"`
    /// for TOML; empty when the whole file is at fault.
    pub fn record(&self) -> &str {
        &self.record
    }

    /// The field, e.g. `"seniority"` or `"goals[1].level"`; empty when the
    /// record as a whole is at fault.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// The offending value as written; empty when there is none.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// What is wrong, lowercase, without a trailing period.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if !self.record.is_empty() {
            write!(f, ": {}", self.record)?;
        }
        match (self.field.is_empty(), self.value.is_empty()) {
            (false, false) => write!(f, ": {} = {}", self.field, self.value)?,
            (false, true) => write!(f, ": {}", self.field)?,
            (true, false) => write!(f, ": {}", self.value)?,
            (true, true) => {}
        }
        write!(f, ": {}", self.reason)
    }
}

impl Error {
    /// An [`Error::Invalid`] of `kind` from its parts.
    pub fn invalid(
        kind: ErrorKind,
        file: impl Into<String>,
        record: impl Into<String>,
        field: impl Into<String>,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) -> Error {
        Error::Invalid(Box::new(Invalid {
            kind,
            file: file.into(),
            record: record.into(),
            field: field.into(),
            value: value.into(),
            reason: reason.into(),
        }))
    }

    /// An [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// What kind of error it is: [`ErrorKind::Io`] for an [`Error::Io`],
    /// otherwise the [`Invalid::kind`].
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Io { .. } => ErrorKind::Io,
            Error::Invalid(invalid) => invalid.kind,
        }
    }

    /// The same error with the file `from` renamed `to`: a configuration
    /// checked after it was read says `config`, and a caller that read it
    /// from a path names the path instead. Any other error is unchanged.
    ///
    /// ```
    /// use mentormatch::Config;
    ///
    /// let error = Config::from_toml_str("[weights]\nskill_fit = 2e9").unwrap_err();
    /// let named = error.in_file("config", "my.toml");
    /// assert!(named.to_string().starts_with("my.toml: [weights]: skill_fit"));
    /// ```
    pub fn in_file(self, from: &str, to: impl Into<String>) -> Error {
        match self {
            Error::Invalid(mut invalid) if invalid.file == from => {
                invalid.file = to.into();
                Error::Invalid(invalid)
            }
            other => other,
        }
    }

    /// The details of an [`Error::Invalid`], or `None` for an I/O error.
    pub fn as_invalid(&self) -> Option<&Invalid> {
        match self {
            Error::Invalid(invalid) => Some(invalid),
            Error::Io { .. } => None,
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_every_part_that_is_known() {
        let e = Error::invalid(
            ErrorKind::Parse,
            "people.csv",
            "line 4",
            "seniority",
            "\"high\"",
            "not a number",
        );
        assert_eq!(
            e.to_string(),
            "people.csv: line 4: seniority = \"high\": not a number"
        );
        assert_eq!(e.kind(), ErrorKind::Parse);
        let e = Error::invalid(ErrorKind::Parse, "data.json", "", "", "", "empty file");
        assert_eq!(e.to_string(), "data.json: empty file");
    }

    #[test]
    fn an_io_error_is_of_kind_io() {
        let e = Error::io("x.json", std::io::ErrorKind::NotFound.into());
        assert_eq!(e.kind(), ErrorKind::Io);
        assert!(e.as_invalid().is_none());
    }

    #[test]
    fn serde_messages_are_classified_by_their_fixed_words() {
        for (message, kind) in [
            (
                "unknown field `skils`, expected one of `id`, `name`",
                ErrorKind::UnknownField,
            ),
            ("missing field `id`", ErrorKind::Missing),
            ("duplicate field `id`", ErrorKind::Duplicate),
            ("duplicate key `skill_fit`", ErrorKind::Duplicate),
            ("skill `rust` appears twice", ErrorKind::Duplicate),
            ("invalid type: string \"x\", expected u8", ErrorKind::Parse),
            (
                "unknown variant `mentee`, expected `mentor` or `sponsor`",
                ErrorKind::Parse,
            ),
            ("expected `,` or `}`", ErrorKind::Parse),
        ] {
            assert_eq!(ErrorKind::of_serde(message), kind, "{message}");
        }
    }

    #[test]
    fn error_is_send_and_sync() {
        fn check<T: Send + Sync + std::error::Error>() {}
        check::<Error>();
    }
}
