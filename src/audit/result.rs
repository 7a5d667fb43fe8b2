//! A result file as the audit reads it: [`ResultFile`], the few fields of a
//! `mentormatch match` JSON output (or another tool's) the audit needs,
//! owned and parsed on their own so that the audit shares nothing with the
//! matching module but the loader.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};
use crate::matching::MatchReport;
use crate::model::Role;
use crate::paths::IntroStatus;

/// A result to audit: the pairs, and whatever optional fields the file has.
///
/// Only `mentor_matches` and `sponsor_matches` (each item's two ids) are
/// required; everything else is checked when present and skipped when
/// absent, so a minimal file from another tool reads too. Unknown fields
/// are ignored.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultFile {
    /// Mentor matches (`mentee`, `mentor`).
    pub mentor_matches: Vec<ResultMatch>,
    /// Sponsor matches (`mentee`, `sponsor`).
    pub sponsor_matches: Vec<ResultMatch>,
    /// Everyone seeking who got no match, when the file lists them.
    pub unmatched: Option<Vec<ResultUnmatched>>,
    /// The summary figures, kept as JSON: each figure the audit recomputes
    /// is compared where the file has it.
    pub summary: Option<Value>,
}

/// One match of a [`ResultFile`]: the two ids, and the optional fields,
/// each checked when present.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResultMatch {
    /// The id of the person seeking.
    pub mentee: String,
    /// The mentor's or sponsor's id.
    pub partner: String,
    /// The combined score.
    pub score: Option<f64>,
    /// Whether the pair was pinned.
    pub pinned: Option<bool>,
    /// Each criterion's blended value, by name.
    pub components: Option<BTreeMap<String, f64>>,
    /// The introduction path (`null` or absent: none).
    pub intro: Option<ResultIntro>,
    /// What became of the introduction request.
    pub intro_status: Option<IntroStatus>,
}

/// The file as JSON reads it; the two lists differ only in the partner's
/// field name.
#[derive(Deserialize)]
struct RawFile {
    mentor_matches: Vec<RawMentor>,
    sponsor_matches: Vec<RawSponsor>,
    #[serde(default)]
    unmatched: Option<Vec<ResultUnmatched>>,
    #[serde(default)]
    summary: Option<Value>,
}

/// Both raw match types, one field list.
macro_rules! raw_match {
    ($name:ident, $partner:ident) => {
        #[derive(Deserialize)]
        struct $name {
            mentee: String,
            $partner: String,
            #[serde(default)]
            score: Option<f64>,
            #[serde(default)]
            pinned: Option<bool>,
            #[serde(default)]
            components: Option<BTreeMap<String, f64>>,
            #[serde(default)]
            intro: Option<ResultIntro>,
            #[serde(default)]
            intro_status: Option<IntroStatus>,
        }

        impl From<$name> for ResultMatch {
            fn from(m: $name) -> ResultMatch {
                ResultMatch {
                    mentee: m.mentee,
                    partner: m.$partner,
                    score: m.score,
                    pinned: m.pinned,
                    components: m.components,
                    intro: m.intro,
                    intro_status: m.intro_status,
                }
            }
        }
    };
}
raw_match!(RawMentor, mentor);
raw_match!(RawSponsor, sponsor);

/// An introduction path of a [`ResultFile`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ResultIntro {
    /// Everyone on the path, from the person seeking to the partner.
    pub people: Vec<String>,
    /// The product of the ties' strengths, when given.
    #[serde(default)]
    pub warmth: Option<f64>,
}

/// One unmatched entry of a [`ResultFile`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ResultUnmatched {
    /// The person's id.
    pub person: String,
    /// What they went without.
    pub seeking: Role,
}

impl ResultFile {
    /// Reads and parses a result file.
    ///
    /// # Errors
    /// [`Error::Io`] when it cannot be read; otherwise as
    /// [`ResultFile::from_json`], naming the file.
    pub fn load(path: impl AsRef<std::path::Path>) -> Result<ResultFile> {
        let path = path.as_ref();
        let text = crate::io::read_text(path)?;
        ResultFile::from_json(&text, &path.display().to_string())
    }

    /// Parses a result from JSON text; `file` names it in errors.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming `file`, the record (e.g.
    /// `mentor_matches[3]`), the field and the value: text that is not
    /// JSON, a missing `mentor_matches` or `sponsor_matches`, a match
    /// without its ids, a field of the wrong type, an unknown
    /// `intro_status`.
    pub fn from_json(text: &str, file: &str) -> Result<ResultFile> {
        // A byte-order mark is no part of the JSON; editors on some
        // systems write one.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut de = serde_json::Deserializer::from_str(text);
        let raw: RawFile = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let (record, field) = split(&e.path().to_string());
            let inner = e.into_inner();
            let at = format!("line {}, column {}", inner.line(), inner.column());
            let record = if record.is_empty() {
                at
            } else {
                format!("{record} ({at})")
            };
            let reason = format!("not a result: {inner}");
            Error::invalid(
                ErrorKind::of_serde(&reason),
                file,
                record,
                field,
                "",
                reason,
            )
        })?;
        de.end().map_err(|e| {
            Error::invalid(
                ErrorKind::Parse,
                file,
                format!("line {}, column {}", e.line(), e.column()),
                "",
                "",
                format!("not a result: {e}"),
            )
        })?;
        Ok(ResultFile {
            mentor_matches: raw.mentor_matches.into_iter().map(Into::into).collect(),
            sponsor_matches: raw.sponsor_matches.into_iter().map(Into::into).collect(),
            unmatched: raw.unmatched,
            summary: raw.summary,
        })
    }

    /// The result of a matching run, as the audit reads it (what
    /// `match --verify` audits before writing).
    pub fn from_report(report: &MatchReport) -> ResultFile {
        let one = |mentee: &str,
                   partner: &str,
                   score: f64,
                   pinned: bool,
                   components: &BTreeMap<Cow<'static, str>, f64>,
                   intro: &Option<crate::matching::Intro>,
                   status: IntroStatus| ResultMatch {
            mentee: mentee.to_string(),
            partner: partner.to_string(),
            score: Some(score),
            pinned: Some(pinned),
            components: Some(
                components
                    .iter()
                    .map(|(name, &v)| (name.to_string(), v))
                    .collect(),
            ),
            intro: intro.as_ref().map(|i| ResultIntro {
                people: i.people.clone(),
                warmth: Some(i.warmth),
            }),
            intro_status: Some(status),
        };
        ResultFile {
            mentor_matches: report
                .mentor_matches
                .iter()
                .map(|m| {
                    let (c, i) = (&m.components, &m.intro);
                    one(
                        &m.mentee,
                        &m.mentor,
                        m.score,
                        m.pinned,
                        c,
                        i,
                        m.intro_status,
                    )
                })
                .collect(),
            sponsor_matches: report
                .sponsor_matches
                .iter()
                .map(|m| {
                    let (c, i) = (&m.components, &m.intro);
                    one(
                        &m.mentee,
                        &m.sponsor,
                        m.score,
                        m.pinned,
                        c,
                        i,
                        m.intro_status,
                    )
                })
                .collect(),
            unmatched: Some(
                report
                    .unmatched
                    .iter()
                    .map(|u| ResultUnmatched {
                        person: u.person.clone(),
                        seeking: u.seeking,
                    })
                    .collect(),
            ),
            summary: serde_json::to_value(&report.summary).ok(),
        }
    }
}

/// Splits a serde path such as `mentor_matches[3].score` into the record
/// (`mentor_matches[3]`) and the field (`score`).
fn split(path: &str) -> (String, String) {
    if path == "." {
        return (String::new(), String::new());
    }
    match path.find('.') {
        Some(i) if path[..i].ends_with(']') => (path[..i].to_string(), path[i + 1..].to_string()),
        _ => (String::new(), path.to_string()),
    }
}
