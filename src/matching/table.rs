//! The report as one table for spreadsheets (`mentormatch match --format
//! csv`): a row per match and per unmatched person, with names and
//! attributes next to the ids.

use super::report::{Intro, MatchReport};
use crate::io::ATTRIBUTE_PREFIX;
use crate::model::Role;
use crate::network::Network;
use crate::paths::IntroStatus;
use crate::text::spreadsheet_safe;

/// A header and rows of text cells, every row as long as the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The column names.
    pub header: Vec<String>,
    /// The rows, in order.
    pub rows: Vec<Vec<String>>,
}

/// The fixed columns of [`MatchReport::table`], before the attributes.
const COLUMNS: [&str; 11] = [
    "relationship",
    "mentee",
    "mentee_name",
    "partner",
    "partner_name",
    "score",
    "intro_status",
    "intro",
    "warmth",
    "reason",
    "message",
];

impl MatchReport {
    /// The report as a table: mentor matches, then sponsor matches, then the
    /// unmatched (`partner` empty, `relationship` what they sought). Columns:
    /// `relationship, mentee, mentee_name, partner, partner_name, score,
    /// intro_status, intro, warmth, reason, message` (`reason` the unmatched
    /// person's code, `message` its sentence), then `mentee.attr.NAME` for
    /// every attribute name of `network` (sorted), then `partner.attr.NAME`
    /// likewise. An intro is its people's ids as a JSON array
    /// (`["ada","kofi","omar"]`): unambiguous whatever characters the ids
    /// hold. The cells are as in the report; [`Table::to_csv`] writes them
    /// safe for spreadsheets.
    ///
    /// `network` is the one the report was made from; an id it does not
    /// know gets empty name and attribute cells.
    ///
    /// # Complexity
    /// Linear in the rows times the columns.
    ///
    /// # Example
    /// ```
    /// use mentormatch::{load, match_cohort, Config};
    ///
    /// let network = load("data/story.json", &Default::default())?;
    /// let table = match_cohort(&network, &Config::default())?.table(&network);
    /// assert_eq!(table.header[..5], ["relationship", "mentee", "mentee_name", "partner", "partner_name"]);
    /// let ada = table.rows.iter().find(|r| r[1] == "ada").unwrap();
    /// assert_eq!((ada[2].as_str(), ada[3].as_str()), ("Ada Okafor", "kofi"));
    /// # Ok::<(), mentormatch::Error>(())
    /// ```
    pub fn table(&self, network: &Network) -> Table {
        let names = network.attribute_names();
        let mut header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
        for side in ["mentee", "partner"] {
            header.extend(
                names
                    .iter()
                    .map(|n| format!("{side}.{ATTRIBUTE_PREFIX}{n}")),
            );
        }
        let row = |relationship: &str,
                   mentee: &str,
                   partner: &str,
                   score: Option<f64>,
                   intro: Option<(&Option<Intro>, IntroStatus)>,
                   reason: (&str, &str)| {
            let (path, warmth) = match intro.and_then(|(i, _)| i.as_ref()) {
                Some(i) => (path_cell(&i.people), i.warmth.to_string()),
                None => (String::new(), String::new()),
            };
            let mut cells = vec![
                relationship.to_string(),
                mentee.to_string(),
                name(network, mentee),
                partner.to_string(),
                name(network, partner),
                score.map(|s| s.to_string()).unwrap_or_default(),
                intro
                    .map(|(_, s)| s.as_str().to_string())
                    .unwrap_or_default(),
                path,
                warmth,
                reason.0.to_string(),
                reason.1.to_string(),
            ];
            cells.extend(attributes(network, mentee));
            cells.extend(attributes(network, partner));
            cells
        };
        let mut rows = Vec::new();
        for m in &self.mentor_matches {
            let intro = Some((&m.intro, m.intro_status));
            rows.push(row(
                Role::Mentor.as_str(),
                &m.mentee,
                &m.mentor,
                Some(m.score),
                intro,
                ("", ""),
            ));
        }
        for m in &self.sponsor_matches {
            let intro = Some((&m.intro, m.intro_status));
            rows.push(row(
                Role::Sponsor.as_str(),
                &m.mentee,
                &m.sponsor,
                Some(m.score),
                intro,
                ("", ""),
            ));
        }
        for u in &self.unmatched {
            rows.push(row(
                u.seeking.as_str(),
                &u.person,
                "",
                None,
                None,
                (u.reason.code(), &u.message),
            ));
        }
        Table { header, rows }
    }
}

/// An intro path's ids as a JSON array of strings.
fn path_cell(people: &[String]) -> String {
    // Serialising a list of strings cannot fail.
    serde_json::to_string(people).unwrap_or_default()
}

impl Table {
    /// The table as CSV (RFC 4180, header first), every cell passed
    /// through [`spreadsheet_safe`]: a cell that a spreadsheet would run as
    /// a formula (`=`, `+`, `-`, `@`, tab or carriage return first) gets a
    /// leading `'`; plain numbers are left as they are.
    ///
    /// # Example
    /// ```
    /// use mentormatch::Table;
    ///
    /// let table = Table {
    ///     header: vec!["id".into(), "score".into()],
    ///     rows: vec![vec!["=cmd()".into(), "-0.5".into()]],
    /// };
    /// assert_eq!(table.to_csv(), b"id,score\n'=cmd(),-0.5\n");
    /// ```
    pub fn to_csv(&self) -> Vec<u8> {
        let mut out = csv::Writer::from_writer(Vec::new());
        for row in std::iter::once(&self.header).chain(&self.rows) {
            // Writing to memory cannot fail.
            let _ = out.write_record(row.iter().map(|cell| spreadsheet_safe(cell).into_owned()));
        }
        out.into_inner().unwrap_or_default()
    }
}

/// The name of the person with external id `id`; empty for no one.
fn name(network: &Network, id: &str) -> String {
    network
        .person_id(id)
        .map(|p| network.at(p).name.clone())
        .unwrap_or_default()
}

/// One cell per attribute name of `network`: the value of the person with
/// external id `id`, empty where they have none (or for no one).
fn attributes(network: &Network, id: &str) -> Vec<String> {
    let mut cells = vec![String::new(); network.attribute_names().len()];
    if let Some(p) = network.person_id(id) {
        for a in network.attributes_of(p) {
            cells[a.name.index()] = network.label_text(a.value).to_string();
        }
    }
    cells
}
