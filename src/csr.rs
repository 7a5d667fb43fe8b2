//! Compressed lists ("CSR"): many variable-length lists stored back to back
//! in one array, with the offset of each list in another. The one way the
//! crate builds them: adjacency, reporting lines, a solver's edges by node,
//! the scorers' per-person lists. Depends on nothing.

/// Variable-length lists for every index `0..len`, stored back to back:
/// list `i` is `items[start[i]..start[i + 1]]`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Flat<T> {
    start: Vec<usize>,
    items: Vec<T>,
}

impl<T> Flat<T> {
    /// Builds from one list per index, in index order.
    pub(crate) fn from_lists(lists: impl IntoIterator<Item = impl IntoIterator<Item = T>>) -> Self {
        let mut start = vec![0];
        let mut items = Vec::new();
        for list in lists {
            items.extend(list);
            start.push(items.len());
        }
        Flat { start, items }
    }

    /// Builds from `(index, item)` pairs for indexes `0..len`, keeping each
    /// index's items in the order given.
    pub(crate) fn from_pairs(len: usize, pairs: &[(usize, T)]) -> Self
    where
        T: Copy,
    {
        let positions = group(len, pairs.iter().map(|&(i, _)| Some(i)));
        Flat {
            items: positions
                .items
                .iter()
                .map(|&p| pairs[p as usize].1)
                .collect(),
            start: positions.start,
        }
    }

    /// The number of lists.
    pub(crate) fn len(&self) -> usize {
        self.start.len() - 1
    }

    /// List `i`.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> &[T] {
        &self.items[self.start[i]..self.start[i + 1]]
    }

    /// Lists `from..to`, back to back.
    #[inline]
    pub(crate) fn span(&self, from: usize, to: usize) -> &[T] {
        &self.items[self.start[from]..self.start[to]]
    }

    /// The offsets (`len + 1` of them) and the items.
    pub(crate) fn into_parts(self) -> (Vec<usize>, Vec<T>) {
        (self.start, self.items)
    }
}

/// The offsets of lists for `len` keys given each item's key: entry `k` is
/// the number of items whose key is below `k`, and the last is the number
/// of items with a key. Items without a key (`None`) are counted nowhere.
pub(crate) fn offsets(len: usize, keys: impl IntoIterator<Item = Option<usize>>) -> Vec<usize> {
    let mut start = vec![0usize; len + 1];
    for key in keys.into_iter().flatten() {
        start[key + 1] += 1;
    }
    for k in 0..len {
        start[k + 1] += start[k];
    }
    start
}

/// The positions of items grouped by their keys `0..len`: list `k` holds,
/// ascending, the position of every item whose key is `k` (a stable
/// counting sort, `O(len + items)`); items without a key are left out.
/// `keys` is walked twice, so it must be cheap to clone.
pub(crate) fn group(len: usize, keys: impl Iterator<Item = Option<usize>> + Clone) -> Flat<u32> {
    let start = offsets(len, keys.clone());
    let mut next = start.clone();
    let mut items = vec![0u32; start[len]];
    for (position, key) in keys.enumerate() {
        if let Some(key) = key {
            items[next[key]] = position as u32;
            next[key] += 1;
        }
    }
    Flat { start, items }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouping_is_stable_and_leaves_out_items_without_a_key() {
        let keys = [Some(2), None, Some(0), Some(2), Some(2)];
        let g = group(4, keys.iter().copied());
        assert_eq!(g.len(), 4);
        assert_eq!(g.get(0), &[2]);
        assert_eq!(g.get(1), &[] as &[u32]);
        assert_eq!(g.get(2), &[0, 3, 4]);
        assert_eq!(g.get(3), &[] as &[u32]);
        assert_eq!(offsets(4, keys), vec![0, 1, 1, 4, 4]);
    }

    #[test]
    fn pairs_keep_their_order_within_an_index() {
        let f = Flat::from_pairs(3, &[(2, 'a'), (0, 'b'), (2, 'c')]);
        assert_eq!(f.get(0), &['b']);
        assert_eq!(f.get(1), &[] as &[char]);
        assert_eq!(f.get(2), &['a', 'c']);
        assert_eq!(f.span(0, 3), &['b', 'a', 'c']);
        let lists = Flat::from_lists([vec![1, 2], vec![], vec![3]]);
        assert_eq!(
            (lists.len(), lists.get(0), lists.get(2)),
            (3, &[1, 2][..], &[3][..])
        );
    }
}
