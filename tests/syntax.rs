//! The lossless syntax tree: every byte of every input is in exactly one token, in order,
//! whatever the input (examples, every UI fixture with its syntax errors, random text);
//! comments and broken lines are tokens the editor can read; and the AST lowered from the
//! tree is the one `check` gets.

use proptest::prelude::*;
use std::path::Path;
use stripeapp::syntax::{Rule, SyntaxTree};

/// Checks that the tokens of `text`'s tree tile it exactly and that every node's span is
/// the union of its children's.
fn assert_lossless(text: &str) {
    let tree = SyntaxTree::parse(text);
    let mut at = 0;
    let mut rebuilt = String::with_capacity(text.len());
    for token in tree.tokens() {
        let span = token.span();
        assert_eq!(
            span.start, at,
            "gap or overlap before {token:?} in {text:?}"
        );
        rebuilt.push_str(token.text());
        at = span.end;
    }
    assert_eq!(rebuilt, text);
    for node in tree.root().descendants() {
        let children: Vec<_> = node.children().collect();
        if let (Some(first), Some(last)) = (children.first(), children.last()) {
            assert_eq!(first.span().start, node.span().start, "{node:?}");
            assert_eq!(last.span().end, node.span().end, "{node:?}");
        }
    }
}

fn inputs() -> &'static [(String, String)] {
    static INPUTS: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    INPUTS.get_or_init(read_inputs)
}

fn read_inputs() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut dirs = vec![root.join("examples"), root.join("tests/ui")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "stripeapp") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                out.push((path.display().to_string(), text));
            }
        }
    }
    assert!(
        out.len() > 50,
        "the examples and UI fixtures were not found"
    );
    out
}

#[test]
fn every_example_and_ui_fixture_is_kept_byte_for_byte() {
    for (_, text) in inputs() {
        assert_lossless(text);
        // And with Windows line breaks and a byte-order mark.
        assert_lossless(&format!("\u{feff}{}", text.replace('\n', "\r\n")));
    }
}

#[test]
fn comments_whitespace_and_broken_lines_are_tokens() {
    let text = "/// Doc.\napp \"x\" { // trailing\n  name \"A\"; version \"1\"\n}\nview A on {\n  calls customers.\n}\n";
    let tree = SyntaxTree::parse(text);
    let kinds: Vec<Rule> = tree.tokens().map(|t| t.kind()).collect();
    assert_eq!(kinds.first(), Some(&Rule::comment));
    assert!(kinds.contains(&Rule::semicolon));
    let comments: Vec<&str> = tree
        .tokens()
        .filter(|t| t.kind() == Rule::comment)
        .map(|t| t.text())
        .collect();
    assert_eq!(comments, ["/// Doc.", "// trailing"]);
    // The broken header is an error node whose words are still tokens.
    let bad = tree
        .root()
        .descendants()
        .find(|n| n.kind() == Rule::bad_top)
        .expect("an error node");
    assert_eq!(bad.text(), "view A on {");
    let words: Vec<&str> = bad
        .tokens()
        .filter(|t| !t.is_trivia())
        .map(|t| t.text())
        .collect();
    assert_eq!(words, ["view", "A", "on", "{"]);
    // A half-typed dotted name in a broken statement.
    let dotted: Vec<(Rule, &str)> = tree
        .tokens()
        .skip_while(|t| t.text() != "calls")
        .take(4)
        .map(|t| (t.kind(), t.text()))
        .collect();
    assert_eq!(
        dotted,
        [
            (Rule::path, "calls"),
            (Rule::whitespace, " "),
            (Rule::path, "customers"),
            (Rule::error_char, ".")
        ]
    );
    // Every token's ancestors lead to the root.
    let app_kw = tree
        .token_at(text.find("app").unwrap_or(0))
        .expect("a token");
    assert_eq!(app_kw.kind(), Rule::kw_app);
    assert_eq!(
        app_kw.ancestors().map(|n| n.kind()).collect::<Vec<_>>(),
        [Rule::app_decl, Rule::file]
    );
}

#[test]
fn an_unclosed_string_in_a_broken_line_is_one_token() {
    let text = "permission x \"never closed\nview";
    let tree = SyntaxTree::parse(text);
    assert!(
        tree.tokens()
            .any(|t| t.kind() == Rule::error_string && t.text() == "\"never closed")
    );
    assert_lossless(text);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_text_is_kept_byte_for_byte(
        text in "[a-z \\t\\r\\n{};,\"/.\\\\:0-9_\u{feff}é💶-]{0,120}"
    ) {
        assert_lossless(&text);
    }

    #[test]
    fn mutated_examples_are_kept_byte_for_byte(
        pick in 0usize..1000,
        cut in 0usize..4000,
        insert in "[a-z{}\"/;,\\n ]{0,8}",
    ) {
        let all = inputs();
        let (_, text) = &all[pick % all.len()];
        let mut at = cut.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mutated = format!("{}{insert}{}", &text[..at], &text[at..]);
        assert_lossless(&mutated);
    }
}
