//! mentormatch turns a professional network into mentor matches, sponsor
//! matches and warm-introduction paths, each with its reasons.

mod assign;
pub use assign::{
    assign, assign_dense, blocking_pairs, AssignConfig, AssignEdge, AssignProblem, Assignment,
    Pair, Policy,
};
