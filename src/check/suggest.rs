//! "Did you mean": the nearest candidate within Damerau–Levenshtein distance
//! max(2, length/3), or else the shortest candidate the typed name is a prefix of.

/// The best suggestion for `typed` among `candidates`, if any is close enough.
pub fn did_you_mean<'a>(
    typed: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (typed.chars().count() / 3).max(2);
    let mut best: Option<(usize, &'a str)> = None;
    let mut prefix: Option<&'a str> = None;
    for cand in candidates {
        if cand == typed {
            continue;
        }
        // Cheap bound first: the distance is at least the difference in length.
        let len_diff = cand.len().abs_diff(typed.len());
        if len_diff <= limit {
            let d = strsim::damerau_levenshtein(typed, cand);
            if d <= limit && best.is_none_or(|(bd, bc)| (d, cand) < (bd, bc)) {
                best = Some((d, cand));
            }
        }
        if !typed.is_empty()
            && cand.starts_with(typed)
            && prefix.is_none_or(|p| (cand.len(), cand) < (p.len(), p))
        {
            prefix = Some(cand);
        }
    }
    best.map(|(_, c)| c).or(prefix)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn nearest_then_prefix() {
        let c = ["customer_read", "customer_write", "charge_read"];
        assert_eq!(did_you_mean("custmer_read", c), Some("customer_read"));
        assert_eq!(did_you_mean("customer_reda", c), Some("customer_read"));
        assert_eq!(did_you_mean("cust", c), Some("customer_read"));
        assert_eq!(did_you_mean("zzzzzzzzzz", c), None);
    }
}
