//! Every keyword of the language table (`stripeapp::syntax::language::KEYWORDS`) is named by
//! each editor grammar that highlights keywords itself: the Emacs mode, the Vim syntax file,
//! the VS Code TextMate grammar and the tree-sitter highlight query. A keyword added to the
//! table and forgotten in one of them fails here, not in a user's editor. Each file is read
//! where it lists keywords (not searched as a whole: `on` or `name` occur everywhere), and a
//! word an editor lists that the table does not know (a renamed keyword) fails too.

use std::collections::BTreeSet;
use std::path::Path;
use stripeapp::syntax::language::KEYWORDS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Editor {
    Emacs,
    Vim,
    TextMate,
    TreeSitter,
}

const EDITORS: [Editor; 4] = [
    Editor::Emacs,
    Editor::Vim,
    Editor::TextMate,
    Editor::TreeSitter,
];

/// Keywords an editor leaves unhighlighted on purpose: (editor, keyword). Each entry says
/// why. None today: every editor highlights every keyword where a statement starts.
const NOT_HIGHLIGHTED: &[(Editor, &str)] = &[];

/// Words an editor highlights as keywords although they are no row of the table.
const NOT_IN_TABLE: &[(Editor, &str)] = &[
    // The `custom` of `roles "admin", custom "<role>"`: a marker inside a statement, not a
    // word that starts one, so the table has no row for it.
    (Editor::TreeSitter, "custom"),
];

impl Editor {
    fn path(self) -> &'static str {
        match self {
            Editor::Emacs => "editors/emacs/stripeapp-mode.el",
            Editor::Vim => "editors/neovim/syntax/stripeapp.vim",
            Editor::TextMate => "editors/vscode/syntaxes/stripeapp.tmLanguage.json",
            Editor::TreeSitter => "editors/tree-sitter-stripeapp/queries/stripeapp/highlights.scm",
        }
    }

    /// The words the editor highlights as keywords.
    fn keywords(self) -> BTreeSet<String> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(self.path());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        let words = match self {
            Editor::Emacs => emacs(&text),
            Editor::Vim => vim(&text),
            Editor::TextMate => textmate(&text),
            Editor::TreeSitter => tree_sitter(&text),
        };
        assert!(
            !words.is_empty(),
            "found no keyword list in {}: has its layout changed?",
            self.path()
        );
        words
    }
}

/// The double-quoted strings of `text`.
fn quoted(text: &str) -> BTreeSet<String> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The strings of the `stripeapp--keywords` list, which the keyword face is built from.
fn emacs(text: &str) -> BTreeSet<String> {
    let Some(start) = text.find("(defconst stripeapp--keywords") else {
        return BTreeSet::new();
    };
    let rest = &text[start..];
    let list = rest
        .find("'(")
        .and_then(|open| {
            rest[open..]
                .find(')')
                .map(|close| &rest[open..open + close])
        })
        .unwrap_or("");
    quoted(list)
}

/// The words of the statement-start matches: `execute 'syntax match stripeapp… /' . s:start .
/// '<word>' . s:end …` or `'\%(<word>\|<word>…\)'`.
fn vim(text: &str) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for line in text.lines() {
        if !line.starts_with("execute 'syntax match stripeapp") {
            continue;
        }
        let Some((_, after)) = line.split_once("s:start . '") else {
            continue;
        };
        let Some((alternatives, _)) = after.split_once("' . s:end") else {
            continue;
        };
        let alternatives = alternatives
            .strip_prefix("\\%(")
            .and_then(|a| a.strip_suffix("\\)"))
            .unwrap_or(alternatives);
        words.extend(alternatives.split("\\|").map(str::to_string));
    }
    words
}

/// The first capture of the `begin` of every rule the `statements` rule includes (the
/// keyword where a statement starts, `(?:^|(?<=[{;]))\s*(<word>)…`), when the grammar gives
/// that capture a scope.
fn textmate(text: &str) -> BTreeSet<String> {
    let grammar: serde_json::Value = serde_json::from_str(text).expect("the grammar is JSON");
    let repository = &grammar["repository"];
    let mut words = BTreeSet::new();
    let includes = repository["statements"]["patterns"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["include"].as_str()?.strip_prefix('#'));
    for name in includes {
        let rule = &repository[name];
        let scoped = rule["beginCaptures"]["1"]["name"].as_str().is_some();
        let word = rule["begin"]
            .as_str()
            .and_then(|b| b.strip_prefix("(?:^|(?<=[{;]))\\s*("))
            .and_then(|b| b.split_once(')'))
            .map(|(w, _)| w);
        if let (true, Some(word)) = (scoped, word) {
            words.insert(word.to_string());
        }
    }
    words
}

/// The strings of the `[ "…" … ] @keyword` list.
fn tree_sitter(text: &str) -> BTreeSet<String> {
    let Some(end) = text.find("] @keyword") else {
        return BTreeSet::new();
    };
    let start = text[..end].rfind('[').unwrap_or(end);
    quoted(&text[start..end])
}

#[test]
fn every_editor_names_every_keyword() {
    let table: BTreeSet<&str> = KEYWORDS.iter().map(|k| k.word).collect();
    let mut problems = Vec::new();
    for editor in EDITORS {
        let named = editor.keywords();
        let allowed = |list: &[(Editor, &str)], word: &str| list.contains(&(editor, word));
        let missing: Vec<&str> = table
            .iter()
            .copied()
            .filter(|w| !named.contains(*w) && !allowed(NOT_HIGHLIGHTED, w))
            .collect();
        if !missing.is_empty() {
            problems.push(format!(
                "{} does not highlight {missing:?} (add them, or list them in NOT_HIGHLIGHTED with why)",
                editor.path()
            ));
        }
        let unknown: Vec<&String> = named
            .iter()
            .filter(|w| !table.contains(w.as_str()) && !allowed(NOT_IN_TABLE, w))
            .collect();
        if !unknown.is_empty() {
            problems.push(format!(
                "{} highlights {unknown:?} as keywords, which the language table does not have",
                editor.path()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// An exception that no longer applies is removed, so the lists stay true.
#[test]
fn exceptions_are_still_needed() {
    let table: BTreeSet<&str> = KEYWORDS.iter().map(|k| k.word).collect();
    for (editor, word) in NOT_HIGHLIGHTED {
        assert!(table.contains(word), "{word} is no keyword any more");
        assert!(
            !editor.keywords().contains(*word),
            "{} highlights {word} now: remove it from NOT_HIGHLIGHTED",
            editor.path()
        );
    }
    for (editor, word) in NOT_IN_TABLE {
        assert!(
            !table.contains(word),
            "{word} is a keyword now: remove it from NOT_IN_TABLE"
        );
        assert!(
            editor.keywords().contains(*word),
            "{} no longer highlights {word}: remove it from NOT_IN_TABLE",
            editor.path()
        );
    }
}

/// The readers take the words of the list and nothing around it.
#[test]
fn the_readers_read_only_the_lists() {
    let words = |set: BTreeSet<String>| set.into_iter().collect::<Vec<_>>();
    assert_eq!(
        words(vim(
            "execute 'syntax match stripeappX /' . s:start . '\\%(a\\|b_c\\)' . s:end . '/'\n\
             syntax match stripeappY /\\%(d\\|e\\)/"
        )),
        ["a", "b_c"]
    );
    assert_eq!(
        words(emacs(
            "(defconst stripeapp--keywords\n  '(\"a\" \"b\")\n  \"Doc.\")"
        )),
        ["a", "b"]
    );
    assert_eq!(
        words(tree_sitter(
            "[\"x\"] @string\n[\n  \"a\"\n  \"b\"\n] @keyword"
        )),
        ["a", "b"]
    );
}
