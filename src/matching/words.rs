//! Small wording helpers shared by the report types and the reasons.

/// "1 place", "2 places".
pub(super) fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
