//! The HTML report of a matching run (`mentormatch match --report`): one
//! self-contained page a programme owner can circulate — headline numbers,
//! charts, the shortfall, the unmatched by reason, the weakest matches
//! explained in words and a few introduction paths — with summaries and
//! samples only, so its size does not grow with the cohort.

mod html;
mod svg;
mod words;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

pub use words::{explain_in_words, GOALS_NAMED};

use crate::config::Config;
use crate::error::Result;
use crate::explain::Explanation;
use crate::matching::{policy_name, CapacityLoad, GroupStats, GroupTable, MatchReport, Unmatched};
use crate::model::{PersonId, Role};
use crate::network::Network;
use crate::paths::IntroStatus;
use crate::score::{MentorScorer, SponsorScorer};
use html::{count, esc, int, name_of, pct, person, sentence};
use svg::{Node, Row};

/// What the HTML report shows, and how much of each list. Every list is
/// bounded, so the page stays small for any cohort; the full lists are in
/// the JSON and CSV output.
#[derive(Debug, Clone, PartialEq)]
pub struct HtmlConfig {
    /// The page's title and heading; default `"Mentoring cohort report"`.
    pub title: String,
    /// The weakest mentor matches explained in words (default 8); half as
    /// many sponsor matches.
    pub weakest: usize,
    /// People named under each unmatched reason (default 5).
    pub names_per_reason: usize,
    /// Introduction paths drawn (default 4): the longest, warmest first.
    pub intro_paths: usize,
    /// Rows of the shortfall table (default 12): the largest gaps.
    pub shortfall_rows: usize,
    /// Values drawn per attribute in the coverage charts (default 20): the
    /// ones with the most people seeking.
    pub group_values: usize,
    /// Bins of the score histograms (default 20).
    pub histogram_bins: usize,
}

impl Default for HtmlConfig {
    fn default() -> HtmlConfig {
        HtmlConfig {
            title: "Mentoring cohort report".to_string(),
            weakest: 8,
            names_per_reason: 5,
            intro_paths: 4,
            shortfall_rows: 12,
            group_values: 20,
            histogram_bins: 20,
        }
    }
}

/// The most capacities the load chart draws one row for; the rarer ones
/// share a last row.
const CAPACITY_ROWS: usize = 8;

/// Renders `report` as one self-contained HTML page (inline CSS and SVG, no
/// script, nothing fetched): headline numbers, the score distribution,
/// mentor and sponsor load against capacity, coverage by group, the
/// shortfall, the unmatched grouped by reason, the weakest matches
/// explained in words ([`explain_in_words`]) and a few introduction paths.
/// People appear by name with their id and attributes; all user text is
/// escaped.
///
/// # Arguments
/// - `network`, `config`: those `report` was computed with (the
///   explanations rescore the pairs they show).
/// - `report`: from [`match_cohort`](crate::match_cohort) or
///   [`match_next`](crate::match_next).
/// - `html`: what to show and how much.
///
/// # Returns
/// The page, the same bytes for the same inputs on any number of threads.
///
/// # Complexity
/// Linear in the matches and unmatched people (a few passes to count and
/// sample), plus building the scorers (`O(V + E)`) to explain the weakest
/// matches. The page's size depends on `html`, the attributes and the
/// capacities, not on the cohort's size.
///
/// # Errors
/// [`Error::Invalid`](crate::Error::Invalid) (file `config`) when `config`
/// is out of range (see [`Config::validate`]); nothing else fails.
///
/// # Example
/// ```
/// use mentormatch::{html_report, load, match_cohort, Config, HtmlConfig};
///
/// let network = load("data/story.json", &Default::default())?;
/// let config = Config::default();
/// let report = match_cohort(&network, &config)?;
/// let page = html_report(&network, &config, &report, &HtmlConfig::default())?;
/// assert!(page.starts_with("<!DOCTYPE html>"));
/// assert!(page.contains("Ada Okafor"));
/// # Ok::<(), mentormatch::Error>(())
/// ```
pub fn html_report(
    network: &Network,
    config: &Config,
    report: &MatchReport,
    html: &HtmlConfig,
) -> Result<String> {
    // Checked here, once: the weakest matches are rescored with it.
    config.validate("config")?;
    let mut page = String::with_capacity(64 * 1024);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        esc(&html.title)
    );
    let summary = &report.summary;
    let _ = writeln!(
        page,
        "<header><h1>{}</h1><p class=\"sub\">{} · {} · policy <code>{}</code></p></header>",
        esc(&html.title),
        count(network.people().len() as u64, "person", "people"),
        count(network.ties().len() as u64, "tie", "ties"),
        policy_name(report.summary.policy)
    );
    headline(&mut page, network, report);
    scores(&mut page, report, html);
    load(&mut page, network, report);
    groups(&mut page, &summary.groups, summary.fairness.as_ref(), html);
    shortfall(&mut page, report, html);
    unmatched(&mut page, network, &report.unmatched, html);
    weakest(&mut page, network, config, report, html);
    intro_paths(&mut page, network, report, html);
    page.push_str(
        "<footer>Made by mentormatch. This page shows summaries and samples; \
         every match and every unmatched person, with the reasons, is in the \
         run's JSON or CSV output.</footer>\n</main>\n</body>\n</html>\n",
    );
    Ok(page)
}

fn card(page: &mut String, number: &str, label: &str, note: &str) {
    let _ = write!(
        page,
        "<div class=\"card\"><div class=\"n\">{number}</div><div class=\"l\">{label}</div>"
    );
    if !note.is_empty() {
        let _ = write!(page, "<div class=\"note\">{note}</div>");
    }
    page.push_str("</div>");
}

fn share(part: usize, whole: usize) -> String {
    if whole == 0 {
        "–".to_string()
    } else {
        pct(part as f64 / whole as f64)
    }
}

fn headline(page: &mut String, network: &Network, report: &MatchReport) {
    let s = &report.summary;
    page.push_str("<section id=\"headline\"><h2>Headline</h2><div class=\"cards\">");
    card(
        page,
        &int(network.people().len() as u64),
        "people in the network",
        "",
    );
    card(
        page,
        &share(s.matched, s.mentees),
        "of those seeking a mentor matched",
        &format!("{} of {}", int(s.matched as u64), int(s.mentees as u64)),
    );
    card(
        page,
        &format!(
            "{} / {}",
            int(s.demand.mentor.seeking as u64),
            int(s.demand.mentor.places)
        ),
        "seeking a mentor / mentor places",
        &format!("{} used", int(s.mentor_load.used)),
    );
    card(
        page,
        &s.mean_score.map_or("–".to_string(), |m| format!("{m:.2}")),
        "mean mentor match score",
        &s.min_score
            .map_or(String::new(), |m| format!("lowest {m:.2}")),
    );
    card(
        page,
        &share(s.sponsors.matched, s.sponsors.seeking),
        "of those seeking a sponsor matched",
        &format!(
            "{} of {}",
            int(s.sponsors.matched as u64),
            int(s.sponsors.seeking as u64)
        ),
    );
    card(
        page,
        &format!(
            "{} / {}",
            int(s.demand.sponsor.seeking as u64),
            int(s.demand.sponsor.places)
        ),
        "seeking a sponsor / sponsor places",
        &format!("{} used", int(s.sponsors.sponsor_load.used)),
    );
    card(
        page,
        &int(s.intros.introduced as u64),
        "introduction paths found",
        &format!(
            "{} already tied, {} without a path, {} with busy connectors",
            int(s.intros.direct as u64),
            int(s.intros.no_path as u64),
            int(s.intros.connectors_busy as u64)
        ),
    );
    let pinned = report.mentor_matches.iter().filter(|m| m.pinned).count()
        + report.sponsor_matches.iter().filter(|m| m.pinned).count();
    let note = match &s.previous {
        Some(p) => format!(
            "from the previous run: {} kept, {} added, {} dropped",
            int(p.kept as u64),
            int(p.added as u64),
            int(p.dropped as u64)
        ),
        None => String::new(),
    };
    card(page, &int(pinned as u64), "pinned or kept pairs", &note);
    page.push_str("</div></section>\n");
}

fn scores(page: &mut String, report: &MatchReport, html: &HtmlConfig) {
    page.push_str(
        "<section id=\"scores\"><h2>Score distribution</h2>\
         <p>How good the chosen pairs are: each bar counts the matches whose \
         score falls in its range (higher is better).</p><div class=\"grid2\">",
    );
    let mentor: Vec<f64> = report.mentor_matches.iter().map(|m| m.score).collect();
    let sponsor: Vec<f64> = report.sponsor_matches.iter().map(|m| m.score).collect();
    for (role, values) in [("mentor", mentor), ("sponsor", sponsor)] {
        let what = format!("{role} match scores");
        let _ = write!(
            page,
            "<figure><figcaption>{} ({})</figcaption>",
            capitalised(&what),
            int(values.len() as u64)
        );
        if values.is_empty() {
            page.push_str("<p class=\"empty\">No matches.</p>");
        } else {
            page.push_str(&svg::histogram(&values, html.histogram_bins, &what));
        }
        page.push_str("</figure>");
    }
    page.push_str("</div></section>\n");
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn load(page: &mut String, network: &Network, report: &MatchReport) {
    page.push_str(
        "<section id=\"load\"><h2>Load against capacity</h2>\
         <p>For each capacity people offered, how many of them are full, \
         partly used or idle.</p><div class=\"grid2\">",
    );
    let mut mentor_used: HashMap<&str, u32> = HashMap::new();
    for m in &report.mentor_matches {
        *mentor_used.entry(m.mentor.as_str()).or_default() += 1;
    }
    let mut sponsor_used: HashMap<&str, u32> = HashMap::new();
    for m in &report.sponsor_matches {
        *sponsor_used.entry(m.sponsor.as_str()).or_default() += 1;
    }
    let s = &report.summary;
    for (role, used, summary) in [
        (Role::Mentor, &mentor_used, &s.mentor_load),
        (Role::Sponsor, &sponsor_used, &s.sponsors.sponsor_load),
    ] {
        load_chart(page, network, role, used, summary);
    }
    page.push_str("</div></section>\n");
}

/// Per capacity value: (people, full, partly used, idle).
type ByCapacity = BTreeMap<u32, [u64; 4]>;

fn load_chart(
    page: &mut String,
    network: &Network,
    role: Role,
    used: &HashMap<&str, u32>,
    load: &CapacityLoad,
) {
    let _ = write!(
        page,
        "<figure><figcaption>{}s: {} of {} places used ({}); {} of {} full; the busiest has {}</figcaption>",
        capitalised(role.as_str()),
        int(load.used),
        int(load.capacity),
        pct(load.utilisation),
        int(load.full as u64),
        int(load.offering as u64),
        int(u64::from(load.busiest))
    );
    let mut by_capacity: ByCapacity = BTreeMap::new();
    for p in network.people() {
        let capacity = p.capacity(role);
        if capacity == 0 {
            continue;
        }
        let n = used.get(p.id.as_str()).copied().unwrap_or(0);
        let row = by_capacity.entry(capacity).or_default();
        row[0] += 1;
        let i = if n >= capacity {
            1
        } else if n > 0 {
            2
        } else {
            3
        };
        row[i] += 1;
    }
    if by_capacity.is_empty() {
        let _ = write!(
            page,
            "<p class=\"empty\">Nobody offers {role} places.</p></figure>"
        );
        return;
    }
    // The most common capacities get a row each, in capacity order; the
    // rest share one.
    let mut common: Vec<(u32, [u64; 4])> = by_capacity.into_iter().collect();
    common.sort_by(|a, b| b.1[0].cmp(&a.1[0]).then(a.0.cmp(&b.0)));
    let rest: Vec<(u32, [u64; 4])> = common.split_off(common.len().min(CAPACITY_ROWS));
    common.sort_by_key(|c| c.0);
    let mut rows: Vec<Row> = common
        .iter()
        .map(|(c, n)| capacity_row(format!("capacity {c}"), n, role))
        .collect();
    if !rest.is_empty() {
        let mut n = [0u64; 4];
        for (_, r) in &rest {
            for i in 0..4 {
                n[i] += r[i];
            }
        }
        rows.push(capacity_row(
            format!("{} other capacities", rest.len()),
            &n,
            role,
        ));
    }
    page.push_str(&svg::bars(&rows, None, &format!("{role} load by capacity")));
    page.push_str(
        "<p class=\"legend\"><span class=\"key full\"></span>full \
         <span class=\"key part\"></span>partly used \
         <span class=\"key idle\"></span>idle</p></figure>",
    );
}

fn capacity_row(label: String, n: &[u64; 4], role: Role) -> Row {
    let total = n[0].max(1) as f64;
    Row {
        label: format!(
            "{label} · {}",
            count(n[0], role.as_str(), &format!("{role}s"))
        ),
        value: format!("{} full · {} idle", int(n[1]), int(n[3])),
        segments: vec![(n[1] as f64 / total, "full"), (n[2] as f64 / total, "part")],
    }
}

fn groups(
    page: &mut String,
    groups: &BTreeMap<String, crate::AttributeGroups>,
    fairness: Option<&crate::FairnessSummary>,
    html: &HtmlConfig,
) {
    page.push_str("<section id=\"groups\"><h2>Coverage by group</h2>");
    if groups.is_empty() {
        page.push_str(
            "<p class=\"empty\">No attributes to group by (people carry none, or \
             <code>[report] group_by</code> is empty).</p></section>\n",
        );
        return;
    }
    page.push_str(
        "<p>The share of people seeking who got a match, for each value of \
         each attribute; the line marks the overall share.</p><div class=\"grid2\">",
    );
    for (name, table) in groups {
        for (role, table) in [
            (Role::Mentor, &table.mentor),
            (Role::Sponsor, &table.sponsor),
        ] {
            let floors = fairness
                .filter(|f| &f.attribute == name)
                .and_then(|f| match role {
                    Role::Mentor => f.mentors.as_ref().map(|r| (f.min_coverage, r)),
                    Role::Sponsor => f.sponsors.as_ref().map(|r| (f.min_coverage, r)),
                });
            group_chart(page, name, role, table, floors, html);
        }
    }
    page.push_str("</div></section>\n");
}

/// What the coverage floors asked of the chart above, in a sentence.
fn floor_note(page: &mut String, factor: f64, floors: &crate::RoleFloors) {
    let at_floor = floors
        .groups
        .iter()
        .filter(|g| g.floor > 0 && g.matched == g.floor)
        .count();
    let _ = write!(
        page,
        "<p class=\"legend\">Coverage floors: every value had to reach {} of the overall \
         coverage ({}), and did; {} of {} values are exactly at their floor.</p>",
        pct(factor),
        pct(floors.overall_coverage.unwrap_or(0.0)),
        int(at_floor as u64),
        int(floors.groups.len() as u64),
    );
}

fn group_chart(
    page: &mut String,
    name: &str,
    role: Role,
    table: &GroupTable,
    floors: Option<(f64, &crate::RoleFloors)>,
    html: &HtmlConfig,
) {
    let mut values: Vec<(&str, &GroupStats)> = table
        .values
        .iter()
        .filter(|(_, g)| g.seeking > 0)
        .map(|(v, g)| (v.as_str(), g))
        .collect();
    if let Some(unset) = &table.unset {
        values.push(("(not set)", unset));
    }
    if values.is_empty() {
        return;
    }
    let (seeking, matched) = values
        .iter()
        .fold((0, 0), |(s, m), (_, g)| (s + g.seeking, m + g.matched));
    // The values with the most people seeking get a bar, drawn in name
    // order; the rest are counted below the chart.
    values.sort_by(|a, b| b.1.seeking.cmp(&a.1.seeking).then(a.0.cmp(b.0)));
    let hidden = values.len().saturating_sub(html.group_values);
    values.truncate(html.group_values);
    values.sort_by(|a, b| a.0.cmp(b.0));
    let rows: Vec<Row> = values
        .iter()
        .map(|(value, g)| {
            let coverage = g.coverage.unwrap_or(0.0);
            Row {
                label: (*value).to_string(),
                value: format!(
                    "{} · {} of {}",
                    pct(coverage),
                    int(g.matched as u64),
                    int(g.seeking as u64)
                ),
                segments: vec![(coverage, "bar")],
            }
        })
        .collect();
    let overall = matched as f64 / seeking as f64;
    let what = format!("{name}: coverage of people seeking a {role}");
    let _ = write!(page, "<figure><figcaption>{}</figcaption>", esc(&what));
    page.push_str(&svg::bars(
        &rows,
        Some((overall, &format!("overall {}", pct(overall)))),
        &what,
    ));
    if let Some(spread) = &table.spread {
        let _ = write!(
            page,
            "<p class=\"legend\">Lowest {} ({}), highest {} ({}).</p>",
            pct(spread.lowest.coverage),
            esc(&list(&spread.lowest.values, 3)),
            pct(spread.highest.coverage),
            esc(&list(&spread.highest.values, 3))
        );
    }
    if hidden > 0 {
        let _ = write!(
            page,
            "<p class=\"legend\">{} with fewer people seeking are not drawn; \
             <code>summary.groups</code> in the JSON output has them all.</p>",
            count(hidden as u64, "more value", "more values")
        );
    }
    if let Some((factor, floors)) = floors {
        floor_note(page, factor, floors);
    }
    page.push_str("</figure>");
}

/// The `n` lowest `(score, mentee, partner)`, ties by ids.
fn lowest<'a>(mut scores: Vec<(f64, &'a str, &'a str)>, n: usize) -> Vec<(f64, &'a str, &'a str)> {
    scores.sort_by(|a, b| a.0.total_cmp(&b.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    scores.truncate(n);
    scores
}

/// At most `max` items joined by commas, and how many more.
fn list(items: &[String], max: usize) -> String {
    let mut out = items
        .iter()
        .take(max)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > max {
        let _ = write!(out, " and {} more", int((items.len() - max) as u64));
    }
    out
}

fn shortfall(page: &mut String, report: &MatchReport, html: &HtmlConfig) {
    let s = &report.summary;
    page.push_str("<section id=\"shortfall\"><h2>Where demand outruns places</h2>");
    let _ = write!(
        page,
        "<p>Overall {} seek a mentor for {} and {} seek a sponsor for {}. \
         For each goal and level, the people seeking it against the places of \
         mentors who hold the skill at that level or above:</p>",
        count(s.demand.mentor.seeking as u64, "person", "people"),
        count(s.demand.mentor.places, "place", "places"),
        count(s.demand.sponsor.seeking as u64, "person", "people"),
        count(s.demand.sponsor.places, "place", "places"),
    );
    let short: Vec<_> = s.shortfall.iter().filter(|r| r.gap() > 0).collect();
    if short.is_empty() {
        page.push_str(
            "<p class=\"empty\">Every goal has at least as many places as people \
             seeking it.</p></section>\n",
        );
        return;
    }
    page.push_str(
        "<div class=\"scroll\"><table><thead><tr><th>goal skill</th><th class=\"num\">level</th>\
         <th class=\"num\">seeking</th><th class=\"num\">places</th><th class=\"num\">short by</th>\
         </tr></thead><tbody>",
    );
    for row in short.iter().take(html.shortfall_rows) {
        let _ = write!(
            page,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&row.skill),
            row.level,
            int(row.seeking),
            int(row.places),
            int(row.gap() as u64)
        );
    }
    page.push_str("</tbody></table></div>");
    if short.len() > html.shortfall_rows {
        let _ = write!(
            page,
            "<p class=\"legend\">{} short of places are in <code>summary.shortfall</code>.</p>",
            count(
                (short.len() - html.shortfall_rows) as u64,
                "more goal and level",
                "more goals and levels"
            )
        );
    }
    page.push_str("</section>\n");
}

fn unmatched(page: &mut String, network: &Network, all: &[Unmatched], html: &HtmlConfig) {
    page.push_str("<section id=\"unmatched\"><h2>Unmatched, by reason</h2>");
    if all.is_empty() {
        page.push_str(
            "<p class=\"empty\">Everyone seeking a mentor or sponsor got one.</p></section>\n",
        );
        return;
    }
    // Role, then reason in the order of its codes; people in the report's
    // order (by id).
    let mut by_reason: BTreeMap<(Role, usize), Vec<&Unmatched>> = BTreeMap::new();
    for u in all {
        let code = u.reason.code();
        let at = crate::Reason::CODES
            .iter()
            .position(|&c| c == code)
            .unwrap_or(usize::MAX);
        by_reason.entry((u.seeking, at)).or_default().push(u);
    }
    for ((role, _), people) in &by_reason {
        let code = people[0].reason.code();
        let _ = write!(
            page,
            "<h3>{} seeking a {role}: <code>{}</code></h3><ul class=\"people\">",
            count(people.len() as u64, "person", "people"),
            esc(code)
        );
        for u in people.iter().take(html.names_per_reason) {
            let _ = write!(
                page,
                "<li>{}<div class=\"because\">{}</div></li>",
                person(network, &u.person),
                esc(&u.message)
            );
        }
        page.push_str("</ul>");
        if people.len() > html.names_per_reason {
            let _ = write!(
                page,
                "<p class=\"legend\">and {} more.</p>",
                count(
                    (people.len() - html.names_per_reason) as u64,
                    "person",
                    "people"
                )
            );
        }
    }
    page.push_str("</section>\n");
}

fn weakest(
    page: &mut String,
    network: &Network,
    config: &Config,
    report: &MatchReport,
    html: &HtmlConfig,
) {
    page.push_str(
        "<section id=\"weakest\"><h2>Weakest matches</h2>\
         <p>The lowest-scoring pairs chosen, and what each criterion saw: the \
         first to review.</p>",
    );
    let mentors = lowest(
        report
            .mentor_matches
            .iter()
            .map(|m| (m.score, m.mentee.as_str(), m.mentor.as_str()))
            .collect(),
        html.weakest,
    );
    let sponsors = lowest(
        report
            .sponsor_matches
            .iter()
            .map(|m| (m.score, m.mentee.as_str(), m.sponsor.as_str()))
            .collect(),
        html.weakest.div_ceil(2),
    );
    if mentors.is_empty() && sponsors.is_empty() {
        page.push_str("<p class=\"empty\">No matches.</p></section>\n");
        return;
    }
    let ids = |pairs: &[(f64, &str, &str)]| -> Vec<(PersonId, PersonId)> {
        pairs
            .iter()
            .filter_map(|(_, a, b)| Some((network.person_id(a)?, network.person_id(b)?)))
            .collect()
    };
    let (mentor_ids, sponsor_ids) = (ids(&mentors), ids(&sponsors));
    // One scorer per role evaluates the few pairs shown: the explanation
    // machinery without ranking each pair among all its candidates.
    let mentor_evaluations = if mentor_ids.is_empty() {
        Vec::new()
    } else {
        MentorScorer::from_valid(network, config).evaluate_pairs_known(&mentor_ids)
    };
    let sponsor_evaluations = if sponsor_ids.is_empty() {
        Vec::new()
    } else {
        SponsorScorer::from_valid(network, config).evaluate_pairs_known(&sponsor_ids)
    };
    page.push_str("<div class=\"grid2\">");
    for (role, pairs, evaluations) in [
        (Role::Mentor, mentor_ids, mentor_evaluations),
        (Role::Sponsor, sponsor_ids, sponsor_evaluations),
    ] {
        for ((mentee, partner), evaluation) in pairs.into_iter().zip(evaluations) {
            let why = Explanation {
                role,
                mentee,
                partner,
                evaluation,
                rank: None,
            };
            let (a, b) = (&network.at(mentee).id, &network.at(partner).id);
            let _ = write!(
                page,
                "<article class=\"pair\"><h3>{} <span class=\"role\">{role}:</span> {}</h3><ul class=\"why\">",
                person(network, a),
                person(network, b)
            );
            for line in explain_in_words(network, config, &why) {
                let _ = write!(page, "<li>{}</li>", sentence(&line));
            }
            page.push_str("</ul></article>");
        }
    }
    page.push_str("</div></section>\n");
}

fn intro_paths(page: &mut String, network: &Network, report: &MatchReport, html: &HtmlConfig) {
    page.push_str(
        "<section id=\"intros\"><h2>Introduction paths</h2>\
         <p>Who can introduce whom: the chain of existing ties from the person \
         seeking to their match, with each tie's kind and strength (1 is the \
         strongest).</p>",
    );
    let mut paths: Vec<(usize, f64, &str, &str, &crate::Intro)> = report
        .mentor_matches
        .iter()
        .filter(|m| m.intro_status == IntroStatus::Path)
        .filter_map(|m| Some((m.mentee.as_str(), m.mentor.as_str(), m.intro.as_ref()?)))
        .chain(
            report
                .sponsor_matches
                .iter()
                .filter(|m| m.intro_status == IntroStatus::Path)
                .filter_map(|m| Some((m.mentee.as_str(), m.sponsor.as_str(), m.intro.as_ref()?))),
        )
        .map(|(a, b, intro)| (intro.people.len(), intro.warmth, a, b, intro))
        .collect();
    if paths.is_empty() {
        page.push_str("<p class=\"empty\">No match needed an introduction path.</p></section>\n");
        return;
    }
    // The longest paths show the most connectors; among them the warmest.
    paths.sort_by(|x, y| {
        y.0.cmp(&x.0)
            .then(y.1.total_cmp(&x.1))
            .then((x.2, x.3).cmp(&(y.2, y.3)))
    });
    page.push_str("<div class=\"grid2\">");
    for &(_, warmth, a, b, intro) in paths.iter().take(html.intro_paths) {
        let nodes: Vec<Node> = intro
            .people
            .iter()
            .enumerate()
            .map(|(i, id)| Node {
                name: name_of(network, id),
                id: id.clone(),
                end: i == 0 || i + 1 == intro.people.len(),
            })
            .collect();
        let links: Vec<String> = intro
            .people
            .windows(2)
            .map(|w| {
                let tie = network
                    .person_id(&w[0])
                    .zip(network.person_id(&w[1]))
                    .and_then(|(x, y)| network.tie_between(x, y))
                    .map(|t| network.tie_at(t));
                match tie {
                    Some(t) => format!("{} · {:.2}", network.label_text(t.kind), t.strength),
                    None => "tie".to_string(),
                }
            })
            .collect();
        let what = format!(
            "Introduction from {} to {}, warmth {warmth:.2}",
            name_of(network, a),
            name_of(network, b)
        );
        let _ = write!(page, "<figure><figcaption>{}</figcaption>", esc(&what));
        page.push_str(&svg::chain(&nodes, &links, &what));
        page.push_str("</figure>");
    }
    page.push_str("</div></section>\n");
}

/// The page's style sheet: readable from a phone's 360 pixels to a desktop,
/// printable, no web fonts.
const STYLE: &str = "
:root{--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--bg:#f5f7fa;--accent:#2f6fb0;--part:#9cc3e6;--track:#edf2f7;--mark:#c2410c}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif}
main{max-width:1100px;margin:0 auto;padding:12px}
header h1{font-size:1.6rem;margin:.3em 0 0}
.sub{color:var(--muted);margin:.2em 0 0}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin:14px 0}
h2{font-size:1.2rem;margin:0 0 .4em}
h3{font-size:1rem;margin:1em 0 .3em}
p{margin:.4em 0}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;background:var(--track);padding:0 .25em;border-radius:3px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(155px,1fr));gap:10px}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 10px}
.card .n{font-size:1.45rem;font-weight:650;font-variant-numeric:tabular-nums}
.card .l{color:var(--muted);font-size:.85rem;line-height:1.3}
.card .note{font-size:.8rem;margin-top:.2em}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(290px,1fr));gap:14px 22px}
figure{margin:0;min-width:0}
figcaption{font-weight:600;margin:.3em 0}
svg.chart{display:block;width:100%;overflow:visible;margin:.3em 0}
svg text{font-size:12px;fill:var(--ink)}
svg .value,svg .tie{fill:var(--muted)}
svg .tie{font-style:italic}
svg .name{font-weight:600}
svg .bar,svg .full{fill:var(--accent)}
svg .part{fill:var(--part)}
svg .track{fill:var(--track)}
svg .axis{stroke:var(--muted);stroke-width:1}
svg .mark{stroke:var(--mark);stroke-width:2;stroke-dasharray:4 3}
svg .link{stroke:var(--muted);stroke-width:2}
svg .end{fill:var(--accent)}
svg .via{fill:#fff;stroke:var(--accent);stroke-width:2}
.legend{color:var(--muted);font-size:.85rem}
.key{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:-.1em;margin:0 .25em 0 .6em}
.key.full{background:var(--accent)}.key.part{background:var(--part)}.key.idle{background:var(--track);border:1px solid var(--line)}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.85rem;color:var(--muted);font-weight:600}
.num{text-align:right}
.who{overflow-wrap:anywhere}
.id{color:var(--muted);font-size:.85em;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.attrs{display:block;color:var(--muted);font-size:.8rem;font-weight:400}
ul.people,ul.why{margin:.3em 0;padding-left:1.2em}
ul.people li{margin:.4em 0}
.because{font-size:.9rem}
article.pair{border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:0}
article.pair h3{margin:.2em 0 .4em;font-size:.95rem}
.role{color:var(--muted);font-weight:400;margin:0 .3em}
.empty{color:var(--muted);font-style:italic}
footer{color:var(--muted);font-size:.85rem;margin:18px 0 30px}
@media print{body{background:#fff}section{break-inside:avoid;border:none;padding:0}}
";
