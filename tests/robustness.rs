//! No input makes the compiler panic or hang: every prefix of every example, random
//! mutations, deep nesting, a multi-megabyte line, odd line endings.

use proptest::prelude::*;
use std::path::Path;

fn examples() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    files.sort();
    files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "stripeapp"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// Analyses text and checks the invariants every result must hold.
fn analyse_ok(text: &str) {
    let a = stripeapp::analyse(text);
    for d in &a.diagnostics {
        assert!(
            d.span.start <= d.span.end && d.span.end <= text.len(),
            "span out of range: {d:?}"
        );
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        for f in &d.fixes {
            for e in &f.edits {
                assert!(e.span.end <= text.len());
            }
        }
    }
    // Applying every fix yields text that still analyses.
    let edits = stripeapp::fix::machine_edits(&a.diagnostics);
    if !edits.is_empty() {
        let (fixed, _) = stripeapp::fix::apply(text, &edits);
        let _ = stripeapp::analyse(&fixed);
    }
}

#[test]
fn every_prefix_of_every_example() {
    for text in examples() {
        let mut cut = 0;
        while cut <= text.len() {
            if text.is_char_boundary(cut) {
                analyse_ok(&text[..cut]);
            }
            cut += 1;
        }
    }
}

#[test]
fn deep_nesting_and_huge_lines() {
    let deep = "{".repeat(200_000);
    analyse_ok(&deep);
    analyse_ok(&format!("view A on settings {deep}"));
    analyse_ok(&format!(
        "backend \"https://a.example/x\" {{\n endpoint e {deep}\n}}"
    ));
    analyse_ok(&"}".repeat(200_000));
    analyse_ok(&"\"".repeat(200_001));
    let long_string = format!(
        "app \"a\" {{\n name \"{}\"\n version \"1\"\n}}\n",
        "x".repeat(4 << 20)
    );
    analyse_ok(&long_string);
    let long_list = format!(
        "view A on settings {{\n calls {}\n}}",
        vec!["customers.retrieve"; 200_000].join(", ")
    );
    analyse_ok(&long_list);
    let garbage_line = "permission ".to_string() + &"@".repeat(4 << 20);
    analyse_ok(&garbage_line);
    analyse_ok(&"\n".repeat(500_000));
    analyse_ok("view A on settings {\r\n calls customers.retrieve\r}\r\n");
    analyse_ok("\u{feff}app \"a\" { name \"x\"; version \"1\" }");
    analyse_ok("\0\u{1}\u{7f}💶ü\u{200b}");
}

/// Pieces of syntax that break structure in interesting ways.
const PIECES: &[&str] = &[
    "{",
    "}",
    "\"",
    "\\",
    ",",
    ";",
    "\n",
    "//",
    "///",
    "\\u{",
    "*",
    ".",
    "on ",
    "view ",
    "calls ",
    "endpoint ",
    "permission ",
    "💶",
    "é",
    " ",
    "\r",
    "app ",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn random_mutations_never_panic(which in 0usize..64, edits in prop::collection::vec((0usize..100_000, 0usize..PIECES.len(), 0u8..3), 1..8)) {
        let all = examples();
        let mut text = all[which % all.len()].clone();
        for (pos, piece, op) in edits {
            let mut at = pos % (text.len() + 1);
            while !text.is_char_boundary(at) { at -= 1; }
            match op {
                0 => text.insert_str(at, PIECES[piece]),
                1 => {
                    let mut end = (at + 1 + piece).min(text.len());
                    while !text.is_char_boundary(end) { end += 1; }
                    text.replace_range(at..end, "");
                }
                _ => {
                    let mut end = (at + 1).min(text.len());
                    while !text.is_char_boundary(end) { end += 1; }
                    text.replace_range(at..end, PIECES[piece]);
                }
            }
        }
        analyse_ok(&text);
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,400}") {
        analyse_ok(&s);
    }
}
