//! The URL of a `fetch` as far as it is static, and whether a declared URL covers it.

/// A fetched URL: its static text up to the first part only known at run time.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FetchUrl {
    /// The static text (the whole URL when `complete`).
    pub text: String,
    /// Whether the whole URL is static.
    pub complete: bool,
}

impl FetchUrl {
    /// The URL without its query string or fragment, and whether anything dynamic can
    /// follow it in the path (a dynamic part before any `?` or `#`).
    fn base(&self) -> (&str, bool) {
        match self.text.find(['?', '#']) {
            Some(i) => (&self.text[..i], false),
            None => (&self.text, !self.complete),
        }
    }

    /// Whether enough is static to know which host and path it goes to: a scheme, a host
    /// and the `/` after it.
    pub fn is_checkable(&self) -> bool {
        let (base, open) = self.base();
        let Some((scheme, rest)) = base.split_once("://") else {
            return false;
        };
        if scheme.is_empty() || rest.is_empty() {
            return false;
        }
        // A complete URL without a path still names its host; an open one must reach the
        // `/` after the host, or the host itself could still change.
        !open || rest.contains('/')
    }

    /// Whether a declared `fetch`/`connect` URL allows this one: the same URL (a query
    /// string may follow), or a declared URL ending in `/` that is a prefix of it.
    pub fn covered_by(&self, declared: &str) -> bool {
        let (base, open) = self.base();
        if declared.ends_with('/') {
            return starts_with_url(base, declared);
        }
        !open && same_url(base, declared)
    }

    /// What to declare so that this URL is allowed: the URL itself when its path is
    /// static, else the static path up to its last `/`.
    pub fn declaration(&self) -> String {
        let (base, open) = self.base();
        if open {
            match base.rfind('/') {
                Some(i) => base[..=i].to_string(),
                None => base.to_string(),
            }
        } else {
            base.to_string()
        }
    }
}

/// Scheme and host compare case-insensitively, the rest exactly.
fn split_origin(url: &str) -> (String, &str) {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let end = rest.find('/').unwrap_or(rest.len());
            (
                format!("{scheme}://{}", &rest[..end]).to_ascii_lowercase(),
                &rest[end..],
            )
        }
        None => (String::new(), url),
    }
}

fn same_url(a: &str, b: &str) -> bool {
    let (oa, pa) = split_origin(a);
    let (ob, pb) = split_origin(b);
    let pa = if pa.is_empty() { "/" } else { pa };
    let pb = if pb.is_empty() { "/" } else { pb };
    oa == ob && pa == pb
}

fn starts_with_url(url: &str, prefix: &str) -> bool {
    let (ou, pu) = split_origin(url);
    let (op, pp) = split_origin(prefix);
    let pu = if pu.is_empty() { "/" } else { pu };
    ou == op && pu.starts_with(pp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str, complete: bool) -> FetchUrl {
        FetchUrl {
            text: text.to_string(),
            complete,
        }
    }

    #[test]
    fn coverage() {
        let exact = url("https://erp.example.com/api/status", true);
        assert!(exact.covered_by("https://erp.example.com/api/status"));
        assert!(exact.covered_by("https://ERP.example.com/api/"));
        assert!(!exact.covered_by("https://erp.example.com/api/status/"));
        let query = url("https://erp.example.com/api/status?id=", false);
        assert!(query.covered_by("https://erp.example.com/api/status"));
        assert!(query.is_checkable());
        let open = url("https://api.example.com/v1/alerts/", false);
        assert!(open.covered_by("https://api.example.com/v1/"));
        assert!(!open.covered_by("https://api.example.com/v1/alerts"));
        assert_eq!(open.declaration(), "https://api.example.com/v1/alerts/");
        assert_eq!(
            url("https://api.example.com/v1/al", false).declaration(),
            "https://api.example.com/v1/"
        );
        assert!(!url("https://api.exa", false).is_checkable());
        assert!(url("https://api.example.com", true).is_checkable());
        assert!(!url("/relative", true).is_checkable());
    }
}
