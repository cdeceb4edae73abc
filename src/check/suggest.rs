//! "Did you mean": the nearest candidate within Damerau–Levenshtein distance
//! max(2, length/3), or else the shortest candidate the typed name is a prefix of.
//!
//! For catalogue names, meaning ranks before spelling (issue 9): a typed event suggests an
//! event of the same object, a typed viewport the viewport of the same object or page, a
//! typed permission the permission whose catalogue objects match its stem, a typed method a
//! method of the same resource; documented permissions come before unconfirmed ones. Only
//! when meaning finds nothing does spelling decide.

use crate::catalogue::{self, Access};

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

/// The words of a name: its `.`/`_`/`-` separated parts and camel-case humps, lower-cased,
/// a trailing plural `s` dropped (`customers` and `customer` name one object).
fn words(name: &str) -> Vec<String> {
    let mut spaced = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            spaced.push('_');
        }
        spaced.push(c.to_ascii_lowercase());
    }
    spaced
        .split(['.', '_', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| match w.strip_suffix('s') {
            Some(stem) if stem.len() > 2 && !stem.ends_with('s') => stem.to_string(),
            _ => w.to_string(),
        })
        .collect()
}

/// Among candidates that share what the typed name means (`(name, the part to compare)`), the
/// one whose part contains every word of the typed part (`failed` → `payment_failed`), else
/// the nearest in spelling within the usual limit; ties go to spelling, then the name.
fn best_in_group<'a>(typed: &str, candidates: &[(&'a str, &str)]) -> Option<&'a str> {
    let want = words(typed);
    let key = |c: &(&'a str, &str)| (strsim::damerau_levenshtein(typed, c.1), c.0);
    let containing = candidates
        .iter()
        .filter(|(_, part)| {
            let have = words(part);
            !want.is_empty() && want.iter().all(|w| have.contains(w))
        })
        .min_by_key(|c| key(c));
    if let Some((name, _)) = containing {
        return Some(name);
    }
    let limit = (typed.chars().count() / 3).max(2);
    candidates
        .iter()
        .filter(|(_, part)| strsim::damerau_levenshtein(typed, part) <= limit)
        .min_by_key(|c| key(c))
        .map(|(name, _)| *name)
}

/// `("invoice", "failed")` for `invoice.failed`.
fn split_last(name: &str) -> (&str, &str) {
    name.rsplit_once('.').unwrap_or(("", name))
}

/// Candidates whose name without its last part equals `group`, with that last part.
fn same_group<'a>(group: &str, names: impl Iterator<Item = &'a str>) -> Vec<(&'a str, &'a str)> {
    if group.is_empty() {
        return Vec::new();
    }
    names
        .filter_map(|n| {
            let (g, last) = split_last(n);
            (g == group).then_some((n, last))
        })
        .collect()
}

/// An event of the same object first (`invoice.failed` → `invoice.payment_failed`), else the
/// nearest event type in spelling.
pub fn event(typed: &str) -> Option<&'static str> {
    let names = || catalogue::EVENTS.iter().map(|e| e.name);
    let (object, last) = split_last(typed);
    best_in_group(last, &same_group(object, names())).or_else(|| did_you_mean(typed, names()))
}

/// A method of the same resource first (`customers.paymentMethods` →
/// `customers.listPaymentMethods`), else the nearest method in spelling.
pub fn method(typed: &str) -> Option<&'static str> {
    let names = || catalogue::METHODS.iter().map(|m| m.name);
    let (resource, last) = split_last(typed);
    best_in_group(last, &same_group(resource, names())).or_else(|| did_you_mean(typed, names()))
}

/// The words that say which object or page a viewport is for (`customer`, `detail`), without
/// the `stripe.dashboard` prefix every Dashboard viewport shares.
fn viewport_words(id: &str) -> Vec<String> {
    words(id)
        .into_iter()
        .filter(|w| w != "stripe" && w != "dashboard")
        .collect()
}

/// The viewport of the same object or page first: the same words once the shared
/// `stripe.dashboard` prefix is set aside (`stripe.dashboard.settings` → `settings`,
/// `customer.detail` → `stripe.dashboard.customer.detail`), then a viewport holding every
/// typed word, then the nearest in spelling.
pub fn viewport(typed: &str) -> Option<&'static str> {
    let ids = || catalogue::VIEWPORTS.iter().map(|v| v.id);
    let want = viewport_words(typed);
    if want.is_empty() {
        return did_you_mean(typed, ids());
    }
    let mut same: Vec<&str> = ids()
        .filter(|id| *id != typed)
        .filter(|id| {
            let mut have = viewport_words(id);
            let mut w = want.clone();
            have.sort();
            w.sort();
            have == w
        })
        .collect();
    same.sort_by_key(|id| (id.len(), *id));
    if let Some(id) = same.first() {
        return Some(id);
    }
    let holding: Vec<(&str, &str)> = ids()
        .filter(|id| *id != typed)
        .filter(|id| {
            let have = viewport_words(id);
            want.iter().all(|w| have.contains(w))
        })
        .map(|id| (id, id))
        .collect();
    best_in_group(typed, &holding)
        .or_else(|| {
            holding
                .iter()
                .map(|(id, _)| *id)
                .min_by_key(|id| (id.len(), *id))
        })
        .or_else(|| did_you_mean(typed, ids()))
}

/// The permission whose catalogue objects match the typed stem, with the typed access
/// (`billing_portal_write` → `customer_portal_write`, whose objects are
/// `billing_portal.configuration` and `billing_portal.session`; `webhook_endpoint_write` →
/// `webhook_write`), documented before unconfirmed; else the nearest in spelling, documented
/// names first.
pub fn permission(typed: &str) -> Option<&'static str> {
    let known = || {
        catalogue::PERMISSIONS
            .iter()
            .filter(|p| p.status.is_known() && p.name != typed)
    };
    let (stem, access) = match typed.rsplit_once('_') {
        Some((stem, "read")) => (stem, Some(Access::Read)),
        Some((stem, "write")) => (stem, Some(Access::Write)),
        _ => (typed, None),
    };
    let stem = stem.replace('.', "_");
    let by_object = known()
        .filter(|p| access.is_none_or(|a| p.access == a))
        .filter(|p| {
            p.objects.split(';').any(|o| {
                // `product (implicitly)` → `product`; `billing_portal.session` → `billing_portal_session`.
                let o = o.split('(').next().unwrap_or("").trim().replace('.', "_");
                !o.is_empty() && (o == stem || o.starts_with(&format!("{stem}_")))
            })
        })
        .min_by_key(|p| (p.status.is_unconfirmed(), p.name.len(), p.name));
    if let Some(p) = by_object {
        return Some(p.name);
    }
    did_you_mean(
        typed,
        known()
            .filter(|p| !p.status.is_unconfirmed())
            .map(|p| p.name),
    )
    .or_else(|| did_you_mean(typed, known().map(|p| p.name)))
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

    /// The cases issue 9 lists: meaning before spelling.
    #[test]
    fn meaning_before_spelling() {
        assert_eq!(
            super::viewport("stripe.dashboard.settings"),
            Some("settings")
        );
        assert_eq!(
            super::viewport("customer.detail"),
            Some("stripe.dashboard.customer.detail")
        );
        assert_eq!(
            super::event("invoice.failed"),
            Some("invoice.payment_failed")
        );
        assert_eq!(
            super::permission("billing_portal_write"),
            Some("customer_portal_write")
        );
        assert_eq!(
            super::permission("webhook_endpoint_write"),
            Some("webhook_write")
        );
        assert_eq!(super::permission("custmer_read"), Some("customer_read"));
        assert_eq!(
            super::method("customers.paymentMethods"),
            Some("customers.listPaymentMethods")
        );
        assert_eq!(
            super::method("customers.retreive"),
            Some("customers.retrieve")
        );
        assert_eq!(
            super::method("customer.retrieve"),
            Some("customers.retrieve")
        );
    }
}
