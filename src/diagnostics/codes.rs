//! The registry of diagnostic codes. Codes are stable and never reused: a retired code stays
//! listed with `retired: true`. Each has a Markdown explanation behind `stripeapp explain`.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

pub struct CodeInfo {
    pub code: &'static str,
    pub severity: Severity,
    pub title: &'static str,
    pub explanation: &'static str,
    pub retired: bool,
}

macro_rules! registry {
    ($( $code:literal $sev:ident $title:literal ),* $(,)?) => {
        /// Every code, in order.
        pub static CODES: &[CodeInfo] = &[
            $( CodeInfo {
                code: $code,
                severity: Severity::$sev,
                title: $title,
                explanation: include_str!(concat!("explain/", $code, ".md")),
                retired: false,
            }, )*
        ];
    };
}

registry! {
    "E0001" Error "syntax error",
    "E0101" Error "unknown permission",
    "E0102" Error "unknown viewport",
    "E0103" Error "unknown event",
    "E0104" Error "unknown API method",
    "E0105" Error "unknown endpoint",
    "E0106" Error "SDK function outside a view",
    "E0107" Error "invalid value",
    "E0108" Error "unknown role",
    "E0109" Error "permission Stripe refuses for apps",
    "E0201" Error "missing app block",
    "E0202" Error "duplicate app block",
    "E0203" Error "duplicate permission",
    "E0204" Error "duplicate view component",
    "E0205" Error "duplicate endpoint or job",
    "E0206" Error "duplicate urls block",
    "E0207" Error "duplicate backend block",
    "E0208" Error "duplicate route",
    "E0209" Error "duplicate app statement",
    "E0210" Error "event handled twice",
    "E0301" Error "missing permission for API call",
    "E0302" Error "missing permission for event",
    "E0401" Error "URL not covered by connect",
    "E0501" Error "URL is not https",
    "E0502" Error "URL with query or fragment",
    "E0503" Error "Stripe URL",
    "E0504" Error "URL without path",
    "E0505" Error "misplaced wildcard",
    "E0506" Error "malformed URL",
    "E0601" Error "invalid app id",
    "E0602" Error "empty text",
    "E0603" Error "invalid icon path",
    "E0604" Error "reserved word in public app name",
    "E0605" Error "OAuth app not public or without redirect",
    "E0606" Error "missing app metadata",
    "E0607" Error "post-install action without its view",
    "W0101" Warning "unconfirmed permission",
    "W0102" Warning "plain http on localhost",
    "W0103" Warning "role not in the catalogue",
    "W0201" Warning "unused permission",
    "W0202" Warning "redundant read permission",
    "W0203" Warning "read permission whose implied write is not granted",
    "W0301" Warning "writing endpoint without roles",
    "W0401" Warning "unused endpoint",
    "W0402" Warning "two views on one viewport",
    "W0403" Warning "inferred catalogue mapping",
    "W0404" Warning "unknown catalogue mapping",
    "W0601" Warning "empty purpose of the urls block",
    "R0101" Error "icon missing or not a PNG",
    "R0102" Warning "icon not 300×300",
    "R0103" Warning "no icon",
    "R0201" Error "placeholder app id",
    "R0202" Error "placeholder purpose",
    "R0203" Error "purpose inserted by a fix",
    "R0301" Error "consent changes without a new version",
    "R0302" Warning "version lower than the released one",
    "R0303" Error "earlier manifest unreadable",
    "I0001" Error "manifest is not valid JSON",
    "I0002" Error "manifest without id",
    "I0101" Warning "manifest field dropped",
    "I0102" Warning "manifest value dropped",
    "I0103" Warning "manifest value rewritten",
    "I0104" Warning "permission dropped",
    "I0105" Warning "required manifest field missing",
}

/// Looks a code up, case-insensitively.
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    CODES.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

/// The registered severity of a code. Codes are literals in this crate, so an unknown one
/// is a bug; it degrades to an error rather than panicking.
pub fn severity_of(code: &str) -> Severity {
    lookup(code).map(|c| c.severity).unwrap_or(Severity::Error)
}
