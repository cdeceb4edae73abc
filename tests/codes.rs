//! The committed lists of diagnostic codes (`docs/codes.tsv`, the README's table) are the
//! ones the registry generates. `STRIPEAPP_BLESS=1 cargo test --test codes` rewrites them
//! after a code was added or changed.

use stripeapp::diagnostics::lists;

fn bless() -> bool {
    std::env::var("STRIPEAPP_BLESS").is_ok_and(|v| v == "1")
}

#[test]
fn codes_tsv_is_generated() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/codes.tsv");
    let generated = lists::codes_tsv();
    if bless() {
        std::fs::write(path, &generated).expect("write docs/codes.tsv");
    }
    let committed = std::fs::read_to_string(path).expect("read docs/codes.tsv");
    assert_eq!(
        committed, generated,
        "docs/codes.tsv differs from the code registry; run `STRIPEAPP_BLESS=1 cargo test --test codes`"
    );
}

/// The README's table: the lines from its `| code | severity |` header to the first line
/// that is not a table row.
fn table_range(readme: &str) -> Option<(usize, usize)> {
    let start = readme.find("| code | severity |")?;
    let mut end = start;
    for line in readme[start..].split_inclusive('\n') {
        if !line.starts_with('|') {
            break;
        }
        end += line.len();
    }
    Some((start, end))
}

#[test]
fn readme_table_is_generated() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("read README.md");
    let (start, end) = table_range(&readme).expect("README.md has a `| code | severity |` table");
    let generated = lists::readme_table();
    if bless() {
        let updated = format!("{}{}{}", &readme[..start], generated, &readme[end..]);
        std::fs::write(path, updated).expect("write README.md");
        return;
    }
    assert_eq!(
        &readme[start..end],
        generated,
        "the README's code table differs from the code registry; run `STRIPEAPP_BLESS=1 cargo test --test codes`"
    );
}

#[test]
fn explain_list_names_every_code_once() {
    let list = lists::explain_list();
    let codes: Vec<&str> = list
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let mut unique = codes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(codes.len(), unique.len());
    assert_eq!(codes.len(), stripeapp::diagnostics::Code::ALL.len());
}
