//! Assignment instances as files, for other solvers (`benches/compare_solvers.py`):
//! written by `benches/tools/assign_timing.rs` and `benches/tools/profile_match.rs`,
//! read back by `assign_timing file`.
#![allow(dead_code)] // each includer uses one half

use mentormatch::AssignProblem;

/// A little-endian `u64` at `at`, moving `at` past it.
pub fn read_u64(bytes: &[u8], at: &mut usize) -> u64 {
    let value = u64::from_le_bytes(bytes[*at..*at + 8].try_into().unwrap());
    *at += 8;
    value
}

/// Writes `problem` for other solvers: little-endian `u64` left count,
/// right count and edge count, the `u32` capacities of each side, then each
/// edge as `u32 left, u32 right, f64 weight`.
pub fn write_problem(problem: &AssignProblem, path: &str) {
    let mut bytes = Vec::with_capacity(24 + 16 * problem.edges.len());
    for count in [problem.left_len(), problem.right_len(), problem.edges.len()] {
        bytes.extend_from_slice(&(count as u64).to_le_bytes());
    }
    for &cap in problem.left_capacity.iter().chain(&problem.right_capacity) {
        bytes.extend_from_slice(&cap.to_le_bytes());
    }
    for edge in &problem.edges {
        bytes.extend_from_slice(&edge.left.to_le_bytes());
        bytes.extend_from_slice(&edge.right.to_le_bytes());
        bytes.extend_from_slice(&edge.weight.to_le_bytes());
    }
    mentormatch::write_atomic(std::path::Path::new(path), &bytes).expect("instance file written");
}

/// Reads an instance written by [`write_problem`].
pub fn read_problem(path: &str) -> AssignProblem {
    let bytes = std::fs::read(path).expect("instance file");
    let mut at = 0;
    let (n_left, n_right, n_edges) = (
        read_u64(&bytes, &mut at) as usize,
        read_u64(&bytes, &mut at) as usize,
        read_u64(&bytes, &mut at) as usize,
    );
    let read_u32 = |at: &mut usize| {
        let value = u32::from_le_bytes(bytes[*at..*at + 4].try_into().unwrap());
        *at += 4;
        value
    };
    let left: Vec<u32> = (0..n_left).map(|_| read_u32(&mut at)).collect();
    let right: Vec<u32> = (0..n_right).map(|_| read_u32(&mut at)).collect();
    let mut problem = AssignProblem::new(left, right);
    for _ in 0..n_edges {
        let (i, j) = (read_u32(&mut at), read_u32(&mut at));
        let weight = f64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
        at += 8;
        problem.add_edge(i, j, weight);
    }
    problem
}
