//! Inline SVG charts for the HTML report: a histogram, labelled horizontal
//! bars (plain and stacked), and an introduction path drawn as a chain.
//!
//! Horizontal positions are percentages of the chart's width and vertical
//! ones pixels, without a `viewBox`: a chart stretches to the page's width
//! while its text keeps its size, so it stays readable on a phone.

use std::fmt::Write as _;

use super::html::{clip, esc, int};

/// The longest label a bar row shows before cutting it with an ellipsis.
const LABEL_CHARS: usize = 30;

/// A histogram of `values` in `bins` equal bins from `lo` to `hi` (values
/// outside are counted in the end bins), with its axis labelled.
pub(crate) fn histogram(values: &[f64], bins: usize, what: &str) -> String {
    let bins = bins.max(1);
    let lo = values
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min)
        .min(0.0);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let hi = if hi > lo { hi } else { lo + 1.0 };
    let width = (hi - lo) / bins as f64;
    let mut counts = vec![0u64; bins];
    for &v in values {
        let i = ((v - lo) / width).floor();
        let i = if i.is_nan() {
            0
        } else {
            (i.max(0.0) as usize).min(bins - 1)
        };
        counts[i] += 1;
    }
    let tallest = counts.iter().copied().max().unwrap_or(0).max(1);
    let (top, plot) = (22.0, 150.0);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" width=\"100%\" height=\"{}\" role=\"img\" aria-label=\"{}\">",
        top + plot + 26.0,
        esc(what)
    );
    let _ = write!(svg, "<title>{}</title>", esc(what));
    let step = 100.0 / bins as f64;
    for (i, &n) in counts.iter().enumerate() {
        let h = plot * n as f64 / tallest as f64;
        let (from, to) = (lo + width * i as f64, lo + width * (i + 1) as f64);
        let _ = write!(
            svg,
            "<rect class=\"bar\" x=\"{:.3}%\" y=\"{:.1}\" width=\"{:.3}%\" height=\"{:.1}\">\
             <title>{from:.2} to {to:.2}: {}</title></rect>",
            step * i as f64 + step * 0.06,
            top + plot - h,
            step * 0.88,
            h,
            int(n)
        );
    }
    let base = top + plot;
    let _ = write!(
        svg,
        "<line class=\"axis\" x1=\"0\" x2=\"100%\" y1=\"{base}\" y2=\"{base}\"/>\
         <text x=\"0\" y=\"14\">tallest bar: {}</text>\
         <text x=\"0\" y=\"{y}\">{lo:.2}</text>\
         <text x=\"50%\" y=\"{y}\" text-anchor=\"middle\">score</text>\
         <text x=\"100%\" y=\"{y}\" text-anchor=\"end\">{hi:.2}</text></svg>",
        int(tallest),
        y = base + 18.0
    );
    svg
}

/// One row of a bar chart: a label on the left, a value on the right, and
/// below them a bar split into segments (shares of the row, drawn in the
/// classes given).
pub(crate) struct Row {
    pub label: String,
    pub value: String,
    /// `(share in [0, 1], CSS class)`, drawn left to right.
    pub segments: Vec<(f64, &'static str)>,
}

/// Horizontal bars, one [`Row`] each, and an optional reference mark (e.g.
/// the overall coverage) drawn across all rows at `mark` of the width.
pub(crate) fn bars(rows: &[Row], mark: Option<(f64, &str)>, what: &str) -> String {
    let row_height = 42.0;
    let height = row_height * rows.len() as f64 + if mark.is_some() { 18.0 } else { 4.0 };
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" width=\"100%\" height=\"{height}\" role=\"img\" aria-label=\"{}\"><title>{}</title>",
        esc(what),
        esc(what)
    );
    for (i, row) in rows.iter().enumerate() {
        let y = row_height * i as f64;
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{:.0}\">{}</text><text x=\"100%\" y=\"{:.0}\" text-anchor=\"end\" class=\"value\">{}</text>",
            y + 14.0,
            esc(&clip(&row.label, LABEL_CHARS)),
            y + 14.0,
            esc(&row.value)
        );
        let _ = write!(
            svg,
            "<rect class=\"track\" x=\"0\" y=\"{:.0}\" width=\"100%\" height=\"14\"/>",
            y + 20.0
        );
        let mut x = 0.0;
        for &(share, class) in &row.segments {
            let w = (share.clamp(0.0, 1.0) * 100.0).min(100.0 - x);
            if w > 0.0 {
                let _ = write!(
                    svg,
                    "<rect class=\"{class}\" x=\"{x:.3}%\" y=\"{:.0}\" width=\"{w:.3}%\" height=\"14\"/>",
                    y + 20.0
                );
            }
            x += w;
        }
    }
    if let Some((at, label)) = mark {
        // The mark crosses each bar but not the text above it, which may
        // sit at the same place.
        let at = (at.clamp(0.0, 1.0) * 100.0).min(99.8);
        for i in 0..rows.len() {
            let y = row_height * i as f64;
            let _ = write!(
                svg,
                "<line class=\"mark\" x1=\"{at:.3}%\" x2=\"{at:.3}%\" y1=\"{:.0}\" y2=\"{:.0}\"/>",
                y + 17.0,
                y + 37.0
            );
        }
        let bottom = row_height * rows.len() as f64;
        let anchor = if at > 60.0 { "end" } else { "start" };
        let _ = write!(
            svg,
            "<text x=\"{at:.3}%\" y=\"{:.0}\" text-anchor=\"{anchor}\" class=\"value\">{}</text>",
            bottom + 14.0,
            esc(label)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A node of an introduction path: the person's display name and whether
/// they are an end (the mentee or the partner) or a connector.
pub(crate) struct Node {
    pub name: String,
    pub id: String,
    pub end: bool,
}

/// An introduction path drawn top to bottom: a dot per person with their
/// name, and on each link the tie's kind and strength.
pub(crate) fn chain(nodes: &[Node], links: &[String], what: &str) -> String {
    let step = 62.0;
    let height = 24.0 + step * nodes.len().saturating_sub(1) as f64 + 16.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart path\" width=\"100%\" height=\"{height}\" role=\"img\" aria-label=\"{}\"><title>{}</title>",
        esc(what),
        esc(what)
    );
    for (i, link) in links.iter().enumerate() {
        let y = 16.0 + step * i as f64;
        let _ = write!(
            svg,
            "<line class=\"link\" x1=\"14\" x2=\"14\" y1=\"{y}\" y2=\"{}\"/>\
             <text x=\"34\" y=\"{:.0}\" class=\"tie\">{}</text>",
            y + step,
            y + step / 2.0 + 4.0,
            esc(link)
        );
    }
    for (i, node) in nodes.iter().enumerate() {
        let y = 16.0 + step * i as f64;
        let class = if node.end { "end" } else { "via" };
        let _ = write!(
            svg,
            "<circle class=\"{class}\" cx=\"14\" cy=\"{y}\" r=\"8\"/>\
             <text x=\"34\" y=\"{:.0}\"><tspan class=\"name\">{}</tspan> <tspan class=\"value\">{}</tspan></text>",
            y + 5.0,
            esc(&clip(&node.name, 40)),
            esc(&clip(&node.id, 24))
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_counts_every_value_once() {
        let svg = histogram(&[0.1, 0.2, 0.2, 0.9, 1.0], 4, "scores");
        // Bins of 0.25 from 0: [0.1, 0.2, 0.2], [], [], [0.9, 1.0].
        assert!(svg.contains(": 3</title>"));
        assert!(svg.contains(": 2</title>"));
        assert_eq!(svg.matches("<rect").count(), 4);
    }

    #[test]
    fn histogram_of_nothing_or_one_value_draws() {
        assert!(histogram(&[], 5, "none").contains("</svg>"));
        assert!(histogram(&[0.0], 5, "zero").contains(": 1</title>"));
    }

    #[test]
    fn bar_segments_never_pass_the_edge() {
        let rows = [Row {
            label: "<everyone>".into(),
            value: "x".into(),
            segments: vec![(0.7, "a"), (0.7, "b")],
        }];
        let svg = bars(&rows, Some((1.5, "all")), "t");
        assert!(svg.contains("width=\"30.000%\""), "{svg}");
        assert!(svg.contains("&lt;everyone&gt;"));
    }
}
