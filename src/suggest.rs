//! "Did you mean …": the closest names by edit distance.

/// Up to `max` candidates close to `word`, closest first. Close means an
/// edit distance of at most a third of the word's length (at least 1).
pub fn closest<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
    max: usize,
) -> Vec<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    let mut scored: Vec<(usize, &str)> = candidates
        .filter(|c| *c != word)
        .map(|c| {
            (
                strsim::damerau_levenshtein(&word.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(max).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_near_names_only() {
        let names = ["TLEJ1", "HWA1", "RD1", "RJB1"];
        assert_eq!(closest("TLJE1", names.iter().copied(), 3), ["TLEJ1"]);
        assert_eq!(closest("RD2", names.iter().copied(), 3), ["RD1"]);
        assert!(closest("ZZZZZ", names.iter().copied(), 3).is_empty());
    }
}
