//! Every list of codes, generated from the registry: `explain --list`, `docs/codes.tsv` and
//! the README's table. The committed files are compared with these in `tests/codes.rs`
//! (`STRIPEAPP_BLESS=1 cargo test --test codes` rewrites them).

use super::Code;

/// `stripeapp explain --list`: code, severity and title, one code a line.
pub fn explain_list() -> String {
    let mut out = String::new();
    for c in Code::ALL {
        out.push_str(&format!(
            "{}  {:<7}  {}{}\n",
            c,
            c.severity().as_str(),
            c.title(),
            if c.retired() { " (retired)" } else { "" }
        ));
    }
    out
}

/// `docs/codes.tsv`: code, severity, title and when it is reported.
pub fn codes_tsv() -> String {
    let mut out = String::from("code\tseverity\ttitle\twhen\n");
    for c in Code::ALL {
        out.push_str(&format!(
            "{}\t{}\t{}{}\t{}\n",
            c,
            c.severity().as_str(),
            c.title(),
            if c.retired() { " (retired)" } else { "" },
            c.when()
        ));
    }
    out
}

/// The README's Markdown table of the codes a `check` reports (import's `I` codes are
/// documented with `import`).
pub fn readme_table() -> String {
    let mut out = String::from("| code | severity | meaning |\n| --- | --- | --- |\n");
    for c in Code::ALL
        .iter()
        .filter(|c| !c.as_str().starts_with('I') && !c.retired())
    {
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            c,
            c.severity().as_str(),
            c.title()
        ));
    }
    out
}
