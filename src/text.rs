//! Text that is safe to show: control characters escaped for a terminal,
//! CSV cells that a spreadsheet will not run as formulas, and long values
//! cut for an error line.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` is a control character a terminal may act on: C0 (which
/// includes ESC), DEL and C1.
fn is_control(c: char) -> bool {
    c.is_control()
}

/// `text` with every control character but newline and tab written as a
/// Rust-style escape (`\u{1b}` for ESC, `\u{9b}` for the C1 CSI), so that
/// ids and names printed to a terminal cannot move the cursor, change
/// colours or retitle the window. Borrowed when there is nothing to escape.
///
/// Every text the command-line tool prints (reports, explanations, error
/// lines) goes through it; JSON goes through [`escape_control_json`].
///
/// # Example
/// ```
/// assert_eq!(mentormatch::escape_control("ada\u{1b}[2J\n"), "ada\\u{1b}[2J\n");
/// ```
pub fn escape_control(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| is_control(c) && c != '\n' && c != '\t')
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_control(c) && c != '\n' && c != '\t' {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// JSON text with the C1 controls (U+0080 to U+009F) written as `\u00XX`
/// escapes: the same JSON value, safe on a terminal. (serde_json already
/// escapes C0 and DEL is harmless; C1 characters can only occur inside
/// strings, where the escape means the same character.)
///
/// # Example
/// ```
/// assert_eq!(mentormatch::escape_control_json("\"a\u{9b}2J\""), "\"a\\u009b2J\"");
/// ```
pub fn escape_control_json(json: &str) -> Cow<'_, str> {
    let c1 = |c: char| ('\u{80}'..='\u{9f}').contains(&c);
    if !json.chars().any(c1) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if c1(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A CSV cell a spreadsheet shows as text: by the OWASP CSV-injection rule
/// a cell starting with `=`, `+`, `-`, `@`, tab or carriage return gets a
/// leading `'`, so that it is not run as a formula. A cell that is a plain
/// number (`-3`, `+0.5`, `-1e-3`) is left alone: a spreadsheet reads it as
/// the number it is, and a formula cannot hide in it.
///
/// Used for every CSV *report* the crate writes (`match --format csv`);
/// datasets written as CSV folders are data to be read back and are
/// written as they are (see `docs/formats.md`).
///
/// # Example
/// ```
/// use mentormatch::spreadsheet_safe;
///
/// assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
/// assert_eq!(spreadsheet_safe("-0.25"), "-0.25");
/// assert_eq!(spreadsheet_safe("ada"), "ada");
/// ```
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = cell.trim().parse::<f64>().is_ok_and(f64::is_finite) && cell.trim() == cell;
    if risky && !number {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The most characters of a value an error message quotes.
const CUT_AT: usize = 120;

/// `value` for an error message: whole when short, otherwise its first
/// [`CUT_AT`] characters, `…` and its length in bytes.
pub(crate) fn cut(value: &str) -> String {
    match value.char_indices().nth(CUT_AT) {
        None => value.to_string(),
        Some((end, _)) => format!("{}… ({} bytes)", &value[..end], value.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_layout_kept() {
        assert_eq!(escape_control("a\tb\nc"), "a\tb\nc");
        assert!(matches!(escape_control("plain"), Cow::Borrowed(_)));
        assert_eq!(
            escape_control("\u{7}\u{7f}\u{85}\r"),
            "\\u{7}\\u{7f}\\u{85}\\u{d}"
        );
    }

    #[test]
    fn json_keeps_its_value() {
        let json = serde_json::to_string("x\u{9b}y\u{1b}").unwrap();
        let safe = escape_control_json(&json);
        assert!(!safe.chars().any(char::is_control), "{safe}");
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "x\u{9b}y\u{1b}");
    }

    #[test]
    fn formula_cells_are_quoted() {
        for (cell, safe) in [
            ("=1+1", "'=1+1"),
            ("+cmd", "'+cmd"),
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-5", "-5"),
            ("+1.5e3", "+1.5e3"),
            ("-inf", "'-inf"),
            ("", ""),
            ("a=b", "a=b"),
        ] {
            assert_eq!(spreadsheet_safe(cell), safe, "{cell:?}");
        }
    }

    #[test]
    fn long_values_are_cut() {
        assert_eq!(cut("short"), "short");
        let long = "é".repeat(1000);
        let cut = cut(&long);
        assert!(cut.ends_with("… (2000 bytes)"), "{cut}");
        assert_eq!(cut.chars().filter(|&c| c == 'é').count(), CUT_AT);
    }
}
