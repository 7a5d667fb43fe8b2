//! The `mentormatch` command-line tool: a thin client of the library.

fn main() {}
