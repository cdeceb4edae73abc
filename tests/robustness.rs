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

// ---------------------------------------------------------------------------------------
// The app's TypeScript: the scanner reads whatever the user's files hold.
// ---------------------------------------------------------------------------------------

/// Every TypeScript file of the test apps, by project-relative path, per app.
fn ts_apps() -> Vec<(
    stripeapp::scan::AppShape,
    std::collections::BTreeMap<String, String>,
)> {
    fn walk(root: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, String>) {
        for e in std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()) {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else if p.extension().is_some_and(|x| x == "ts" || x == "tsx") {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/apps");
    let mut apps: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    apps.sort();
    apps.into_iter()
        .map(|dir| {
            let mut files = std::collections::BTreeMap::new();
            walk(&dir, &dir, &mut files);
            let views = files
                .keys()
                .filter_map(|k| k.strip_prefix("src/views/"))
                .filter_map(|k| k.rsplit_once('.').map(|(stem, _)| stem.to_string()))
                .collect();
            let shape = stripeapp::scan::AppShape {
                views,
                endpoints: vec![("acknowledge".into(), "https://h.example/acknowledge".into())],
                constants: vec![("API_BASE".into(), "https://api.example.com/v1".into())],
            };
            (shape, files)
        })
        .collect()
}

/// Scans and checks that every location is inside its file.
fn scan_ok(shape: &stripeapp::scan::AppShape, files: &std::collections::BTreeMap<String, String>) {
    let scan = stripeapp::scan::scan(shape, files);
    for f in &scan.findings {
        let text = &scan.files[f.at.file].text;
        assert!(
            f.at.span.start <= f.at.span.end && f.at.span.end <= text.len(),
            "{f:?}"
        );
    }
}

#[test]
fn every_prefix_of_every_scanned_file() {
    for (shape, files) in ts_apps() {
        for (path, text) in &files {
            let mut at = 0;
            while at <= text.len() {
                if text.is_char_boundary(at) {
                    let mut cut = files.clone();
                    cut.insert(path.clone(), text[..at].to_string());
                    scan_ok(&shape, &cut);
                }
                at += 13;
            }
        }
    }
}

const TS_PIECES: &[&str] = &[
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "`",
    "${",
    "'",
    "\"",
    "=>",
    "new Stripe(",
    "stripe.",
    "fetch(",
    "import ",
    "export * from './",
    "../",
    "as any",
    "!",
    "?.",
    ";",
    "\n",
    "<View>",
    "</",
    "/*",
    "function f(",
    "const x = x;",
    "return ",
    "await ",
    "💶",
    "\u{0}",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn mutated_typescript_never_panics(which in 0usize..64, edits in prop::collection::vec((0usize..10_000, 0usize..100_000, 0usize..TS_PIECES.len(), 0u8..3), 1..8)) {
        let apps = ts_apps();
        let (shape, mut files) = apps[which % apps.len()].clone();
        let paths: Vec<String> = files.keys().cloned().collect();
        for (file, pos, piece, op) in edits {
            let path = &paths[file % paths.len()];
            let Some(text) = files.get_mut(path) else { continue };
            let mut at = pos % (text.len() + 1);
            while !text.is_char_boundary(at) { at -= 1; }
            match op {
                0 => text.insert_str(at, TS_PIECES[piece]),
                1 => {
                    let mut end = (at + 1 + piece).min(text.len());
                    while !text.is_char_boundary(end) { end += 1; }
                    text.replace_range(at..end, "");
                }
                _ => {
                    let mut end = (at + 1).min(text.len());
                    while !text.is_char_boundary(end) { end += 1; }
                    text.replace_range(at..end, TS_PIECES[piece]);
                }
            }
        }
        scan_ok(&shape, &files);
    }

    #[test]
    fn arbitrary_typescript_never_panics(s in "\\PC{0,300}") {
        let mut files = std::collections::BTreeMap::new();
        files.insert("src/views/V.tsx".to_string(), s.clone());
        files.insert("backend/src/handlers.ts".to_string(), s);
        let shape = stripeapp::scan::AppShape { views: vec!["V".into()], ..Default::default() };
        scan_ok(&shape, &files);
    }
}

#[test]
fn self_referencing_code_ends() {
    // Cycles of names, imports, re-exports and recursion end without a stack overflow.
    let mut files = std::collections::BTreeMap::new();
    files.insert(
        "src/views/V.tsx".to_string(),
        "import {a} from './a';\nexport * from './V';\nconst x = y; const y = x;\nfunction r(n: any): any { return r(n); }\nexport default function V(p: any) { fetch(a + x); r(p); V(p); return <V {...p}/>; }\n".to_string(),
    );
    files.insert(
        "src/views/a.ts".to_string(),
        "export {a} from './b';\n".to_string(),
    );
    files.insert(
        "src/views/b.ts".to_string(),
        "export {a} from './a';\nexport * from './b';\n".to_string(),
    );
    let mut deep = String::from("export default function V() { const s0 = 'https://x.example/';\n");
    for i in 1..3000 {
        deep.push_str(&format!("const s{i} = s{} + 'a';\n", i - 1));
    }
    deep.push_str("fetch(s2999); }\n");
    let shape = stripeapp::scan::AppShape {
        views: vec!["V".into(), "W".into()],
        ..Default::default()
    };
    scan_ok(&shape, &files);
    files.insert("src/views/W.tsx".to_string(), deep);
    scan_ok(&shape, &files);
    // Nesting the parser would recurse through: refused (too deep) or scanned, never a
    // stack overflow.
    for depth in [1_500, 1_999, 2_001, 50_000] {
        let nested = format!(
            "export default function V() {{ return {}1{}; }}\n",
            "(".repeat(depth),
            ")".repeat(depth)
        );
        files.insert("src/views/V.tsx".to_string(), nested);
        scan_ok(&shape, &files);
        let chain = format!(
            "export default function V() {{ const a = 1{}; }}\n",
            "\n+1".repeat(depth.min(15_000))
        );
        files.insert("src/views/V.tsx".to_string(), chain);
        scan_ok(&shape, &files);
    }
}
