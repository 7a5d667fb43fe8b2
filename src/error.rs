//! The crate's one error type, raised at the I/O and validation boundary.

use std::fmt;
use std::path::PathBuf;

/// Everything that can go wrong while reading, validating or writing data.
///
/// Algorithms that take a validated [`Network`](crate::Network) do not fail;
/// only loading, configuration and writing return this error. Every message
/// names where the problem is: the file, the record (CSV line, JSON index or
/// path), the field and the offending value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// Input that is readable but wrong: malformed, inconsistent or out of range.
    #[error("{0}")]
    Invalid(Box<Invalid>),
}

/// Where an invalid input is and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The file (or `"dataset"` for records built in memory).
    pub file: String,
    /// The record: `"line 7"` for CSV, `"people[3]"` for JSON; empty when the
    /// whole file is at fault.
    pub record: String,
    /// The field, e.g. `"seniority"` or `"goals[1].level"`; empty when the
    /// record as a whole is at fault.
    pub field: String,
    /// The offending value as written; empty when there is none.
    pub value: String,
    /// What is wrong, lowercase, without a trailing period.
    pub reason: String,
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
    /// An [`Error::Invalid`] from its parts.
    pub fn invalid(
        file: impl Into<String>,
        record: impl Into<String>,
        field: impl Into<String>,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) -> Error {
        Error::Invalid(Box::new(Invalid {
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
        let e = Error::invalid("data.json", "", "", "", "empty file");
        assert_eq!(e.to_string(), "data.json: empty file");
    }

    #[test]
    fn error_is_send_and_sync() {
        fn check<T: Send + Sync + std::error::Error>() {}
        check::<Error>();
    }
}
