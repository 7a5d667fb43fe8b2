//! A `mentormatch match` JSON output read back: [`RunJson`], the checked
//! reading both readers share (located errors naming the file, record,
//! field and value), and [`RecordedRun`], what `explain --run` needs of a
//! run (pairs with their scores and pins, the unmatched and their reasons,
//! the policy).

use std::collections::HashSet;

use serde_json::{Map, Value};

use crate::assign::Policy;
use crate::error::{Error, ErrorKind, Result};
use crate::model::Role;

/// A run's JSON, parsed, with the file name its errors carry.
pub(super) struct RunJson<'a> {
    file: &'a str,
    top: Map<String, Value>,
}

impl<'a> RunJson<'a> {
    /// Parses `text`, which must be a JSON object.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming `file` and the line and column for text
    /// that is not JSON, or the whole file for JSON that is not an object.
    pub(super) fn parse(text: &str, file: &'a str) -> Result<RunJson<'a>> {
        // As for datasets: a byte-order mark is not JSON, but is accepted.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: Value = serde_json::from_str(text).map_err(|e| {
            Error::invalid(
                ErrorKind::Parse,
                file,
                format!("line {}, column {}", e.line(), e.column()),
                "",
                "",
                format!("not a match output (JSON): {e}"),
            )
        })?;
        match value {
            Value::Object(top) => Ok(RunJson { file, top }),
            other => Err(Error::invalid(
                ErrorKind::Parse,
                file,
                "the file",
                "",
                short(&other),
                "expected a match output: an object with mentor_matches and sponsor_matches",
            )),
        }
    }

    /// The top-level list `name`.
    ///
    /// # Errors
    /// When it is missing or not a list.
    pub(super) fn list(&self, name: &str) -> Result<&[Value]> {
        match self.top.get(name) {
            None => Err(Error::invalid(
                ErrorKind::Missing,
                self.file,
                name,
                "",
                "",
                "missing: is this the JSON output of `mentormatch match`?",
            )),
            Some(Value::Array(items)) => Ok(items),
            Some(other) => Err(Error::invalid(
                ErrorKind::Parse,
                self.file,
                name,
                "",
                short(other),
                "expected a list of matches",
            )),
        }
    }

    /// The pairs of the top-level list `name` (`mentor_matches` or
    /// `sponsor_matches`): each item's `mentee` and `partner` ids, with
    /// the item.
    ///
    /// # Errors
    /// As [`RunJson::list`]; a match without its ids, an id that is not
    /// text, a pair listed twice.
    pub(super) fn pairs(&self, name: &str, partner: &str) -> Result<Vec<(String, String, &Value)>> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (i, item) in self.list(name)?.iter().enumerate() {
            let record = format!("{name}[{i}]");
            let pair = (
                self.id(item, &record, "mentee")?,
                self.id(item, &record, partner)?,
            );
            if !seen.insert(pair.clone()) {
                return Err(Error::invalid(
                    ErrorKind::Duplicate,
                    self.file,
                    &record,
                    "",
                    format!("[{:?}, {:?}]", pair.0, pair.1),
                    "the pair is listed twice",
                ));
            }
            out.push((pair.0, pair.1, item));
        }
        Ok(out)
    }

    /// The person id in `field` of `item` (record `record`).
    ///
    /// # Errors
    /// When it is missing or not non-empty text.
    pub(super) fn id(&self, item: &Value, record: &str, field: &str) -> Result<String> {
        match item.get(field) {
            Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
            Some(other) => Err(Error::invalid(
                ErrorKind::Parse,
                self.file,
                record,
                field,
                short(other),
                "expected a person id (text)",
            )),
            None => Err(self.missing(record, field)),
        }
    }

    /// The text in `field` of `item`.
    fn text(&self, item: &Value, record: &str, field: &str) -> Result<String> {
        match item.get(field) {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(other) => Err(Error::invalid(
                ErrorKind::Parse,
                self.file,
                record,
                field,
                short(other),
                "expected text",
            )),
            None => Err(self.missing(record, field)),
        }
    }

    /// The error for a value of `record` that does not fit.
    fn bad(&self, record: &str, field: &str, value: &Value, reason: &str) -> Error {
        Error::invalid(
            ErrorKind::Parse,
            self.file,
            record,
            field,
            short(value),
            reason,
        )
    }

    /// The error for a `field` of `record` that is absent.
    fn missing(&self, record: &str, field: &str) -> Error {
        Error::invalid(ErrorKind::Missing, self.file, record, field, "", "missing")
    }
}

/// The value for an error message, cut short.
fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text,
    }
}

/// What `explain --run` needs of an earlier `mentormatch match` JSON
/// output: its mentor pairs with their scores and pins, the unmatched with
/// their reasons, and the policy (see [`Replay`](crate::Replay)).
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedRun {
    /// The file it was read from, for errors.
    pub file: String,
    /// `summary.policy`, when the run states it.
    pub policy: Option<Policy>,
    /// `mentor_matches`, in file order.
    pub mentor_matches: Vec<RecordedMatch>,
    /// `unmatched`, in file order.
    pub unmatched: Vec<RecordedUnmatched>,
}

/// One mentor match of a [`RecordedRun`].
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedMatch {
    /// The mentee's id.
    pub mentee: String,
    /// The mentor's id.
    pub mentor: String,
    /// The pair's score, as written (rounded to six decimals).
    pub score: f64,
    /// Whether the run pinned the pair (`false` when the field is absent,
    /// as in outputs older than `pinned`).
    pub pinned: bool,
}

/// One unmatched person of a [`RecordedRun`].
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedUnmatched {
    /// Their id.
    pub person: String,
    /// What they sought.
    pub seeking: Role,
    /// The reason's code (see [`Reason::code`](crate::Reason::code)).
    pub reason: String,
    /// The reason as the run's sentence.
    pub message: String,
}

impl RecordedRun {
    /// Reads a `match` JSON output; `file` names it in errors. Reads
    /// `mentor_matches[i]` (`mentee`, `mentor`, `score`, and `pinned` when
    /// present), `unmatched[i]` (`person`, `seeking`, `reason`, `message`)
    /// and `summary.policy` when present; other fields are ignored.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming `file`, the record, the field and the
    /// value: text that is not JSON, a missing list, a match without its
    /// ids or score, a value of the wrong type, a pair listed twice, an
    /// unknown policy or role.
    ///
    /// # Example
    /// ```
    /// use mentormatch::RecordedRun;
    ///
    /// let run = RecordedRun::from_json(
    ///     r#"{"mentor_matches": [{"mentee": "ada", "mentor": "kofi", "score": 0.61}],
    ///         "unmatched": []}"#,
    ///     "q1.json",
    /// )?;
    /// assert_eq!(run.mentor_matches[0].score, 0.61);
    /// let bad = RecordedRun::from_json(
    ///     r#"{"mentor_matches": [{"mentee": "ada", "mentor": "kofi"}], "unmatched": []}"#,
    ///     "q1.json",
    /// );
    /// assert_eq!(bad.unwrap_err().to_string(), "q1.json: mentor_matches[0]: score: missing");
    /// # Ok::<(), mentormatch::Error>(())
    /// ```
    pub fn from_json(text: &str, file: &str) -> Result<RecordedRun> {
        let json = RunJson::parse(text, file)?;
        let mut mentor_matches = Vec::new();
        for (i, (mentee, mentor, item)) in json
            .pairs("mentor_matches", "mentor")?
            .into_iter()
            .enumerate()
        {
            let record = format!("mentor_matches[{i}]");
            let score = match item.get("score") {
                Some(Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
                Some(other) => return Err(json.bad(&record, "score", other, "expected a number")),
                None => return Err(json.missing(&record, "score")),
            };
            let pinned = match item.get("pinned") {
                None | Some(Value::Null) => false,
                Some(Value::Bool(b)) => *b,
                Some(other) => {
                    return Err(json.bad(&record, "pinned", other, "expected true or false"))
                }
            };
            mentor_matches.push(RecordedMatch {
                mentee,
                mentor,
                score,
                pinned,
            });
        }
        let mut unmatched = Vec::new();
        for (i, item) in json.list("unmatched")?.iter().enumerate() {
            let record = format!("unmatched[{i}]");
            let seeking = json.text(item, &record, "seeking")?;
            let Some(seeking) = Role::parse(&seeking) else {
                return Err(json.bad(
                    &record,
                    "seeking",
                    &Value::String(seeking),
                    "expected \"mentor\" or \"sponsor\"",
                ));
            };
            unmatched.push(RecordedUnmatched {
                person: json.id(item, &record, "person")?,
                seeking,
                reason: json.text(item, &record, "reason")?,
                message: json.text(item, &record, "message")?,
            });
        }
        let policy = match json.top.get("summary").and_then(|s| s.get("policy")) {
            None => None,
            Some(value) => Some(
                serde_json::from_value::<Policy>(value.clone()).map_err(|_| {
                    json.bad(
                        "summary",
                        "policy",
                        value,
                        "expected \"optimal\", \"coverage\", \"stable\" or \"greedy\"",
                    )
                })?,
            ),
        };
        Ok(RecordedRun {
            file: file.to_string(),
            policy,
            mentor_matches,
            unmatched,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        RecordedRun::from_json(text, "run.json")
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn reads_pairs_pins_reasons_and_policy() {
        let run = RecordedRun::from_json(
            r#"{"mentor_matches": [{"mentee": "a", "mentor": "m", "score": 0.5, "pinned": true},
                                   {"mentee": "b", "mentor": "m", "score": 0.25}],
                "unmatched": [{"person": "c", "seeking": "mentor", "reason": "candidates_full",
                               "message": "full"}],
                "summary": {"policy": "stable"}}"#,
            "run.json",
        )
        .unwrap();
        assert_eq!(run.policy, Some(Policy::Stable));
        assert!(run.mentor_matches[0].pinned && !run.mentor_matches[1].pinned);
        assert_eq!(run.unmatched[0].seeking, Role::Mentor);
        assert_eq!(run.unmatched[0].reason, "candidates_full");
    }

    #[test]
    fn malformed_runs_name_the_file_record_field_and_value() {
        assert_eq!(
            error(r#"{"unmatched": []}"#),
            "run.json: mentor_matches: missing: is this the JSON output of `mentormatch match`?"
        );
        assert_eq!(
            error(
                r#"{"mentor_matches": [{"mentee": "a", "mentor": "m", "score": "high"}], "unmatched": []}"#
            ),
            "run.json: mentor_matches[0]: score = \"high\": expected a number"
        );
        assert_eq!(
            error(
                r#"{"mentor_matches": [{"mentee": "a", "mentor": "m", "score": 1, "pinned": 1}], "unmatched": []}"#
            ),
            "run.json: mentor_matches[0]: pinned = 1: expected true or false"
        );
        assert_eq!(
            error(
                r#"{"mentor_matches": [], "unmatched": [{"person": "c", "seeking": "tutor", "reason": "x", "message": "y"}]}"#
            ),
            "run.json: unmatched[0]: seeking = \"tutor\": expected \"mentor\" or \"sponsor\""
        );
        assert_eq!(
            error(r#"{"mentor_matches": [], "unmatched": [], "summary": {"policy": "best"}}"#),
            "run.json: summary: policy = \"best\": expected \"optimal\", \"coverage\", \"stable\" or \"greedy\""
        );
        assert!(error("{").starts_with("run.json: line 1, column 1: not a match output (JSON)"));
        assert_eq!(
            error(
                r#"{"mentor_matches": [{"mentee": "a", "mentor": "m", "score": 1},
                                         {"mentee": "a", "mentor": "m", "score": 1}], "unmatched": []}"#
            ),
            "run.json: mentor_matches[1]: [\"a\", \"m\"]: the pair is listed twice"
        );
    }
}
