//! Writing HTML by hand: escaping user text, numbers for people to read,
//! and people shown with their names and attributes next to their ids.

use std::fmt::Write as _;

use crate::network::Network;

/// `text` with `&`, `<`, `>`, `"` and `'` escaped: safe in element content
/// and in quoted attribute values, in HTML and in inline SVG alike.
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A sentence of the library's, escaped, with `*skill*` shown as
/// `<em>skill</em>`. Asterisks come in pairs from the sentence templates;
/// an odd one left over (a skill id holding one) stays an asterisk.
pub(crate) fn sentence(text: &str) -> String {
    let escaped = esc(text);
    let parts: Vec<&str> = escaped.split('*').collect();
    if parts.len().is_multiple_of(2) {
        return escaped;
    }
    let mut out = String::with_capacity(escaped.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<em>{part}</em>");
        } else {
            out.push_str(part);
        }
    }
    out
}

/// An integer with thousands separators: `30,080`.
pub(crate) fn int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A share as a whole percentage: `0.834` → `83%`.
pub(crate) fn pct(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// `count` of `thing`, with the plural for anything but 1: `3 people`.
pub(crate) fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", int(n), if n == 1 { one } else { many })
}

/// At most `max` characters of `text`, an ellipsis marking a cut (for
/// chart labels, which cannot wrap).
pub(crate) fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A person's display name: their name, or their id when they have none;
/// the id itself for an id the network does not hold.
pub(crate) fn name_of(network: &Network, id: &str) -> String {
    match network.person_id(id) {
        Some(p) if !network.at(p).name.is_empty() => network.at(p).name.clone(),
        _ => id.to_string(),
    }
}

/// A person as HTML: name in bold, the id beside it, and their attributes
/// on a line below (`department: Sales · location: London`).
pub(crate) fn person(network: &Network, id: &str) -> String {
    let mut out = String::from("<span class=\"who\">");
    let Some(p) = network.person_id(id) else {
        let _ = write!(out, "<span class=\"id\">{}</span></span>", esc(id));
        return out;
    };
    let name = &network.at(p).name;
    if name.is_empty() {
        let _ = write!(out, "<b>{}</b>", esc(id));
    } else {
        let _ = write!(
            out,
            "<b>{}</b> <span class=\"id\">{}</span>",
            esc(name),
            esc(id)
        );
    }
    let attributes: Vec<String> = network
        .attributes_of(p)
        .iter()
        .map(|a| {
            format!(
                "{}: {}",
                esc(network.attribute_text(a.name)),
                esc(network.label_text(a.value))
            )
        })
        .collect();
    if !attributes.is_empty() {
        let _ = write!(
            out,
            "<span class=\"attrs\">{}</span>",
            attributes.join(" · ")
        );
    }
    out.push_str("</span>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(
            esc(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn sentences_emphasise_paired_asterisks_only() {
        assert_eq!(
            sentence("covers *rust* (goal level 4) with level 4"),
            "covers <em>rust</em> (goal level 4) with level 4"
        );
        assert_eq!(sentence("a * b"), "a * b");
        assert_eq!(sentence("*<x>*"), "<em>&lt;x&gt;</em>");
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(int(0), "0");
        assert_eq!(int(999), "999");
        assert_eq!(int(30080), "30,080");
        assert_eq!(int(1234567), "1,234,567");
        assert_eq!(pct(0.834), "83%");
        assert_eq!(count(1, "person", "people"), "1 person");
        assert_eq!(count(2000, "person", "people"), "2,000 people");
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(clip("abc", 4), "abc");
    }
}
