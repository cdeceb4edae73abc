//! `stripeapp fmt`: the canonical layout, its guarantees over every example and fixture
//! (idempotent, same diagnostics, same compiled output, same comments), random files
//! (proptest), and the command's exit codes.

use proptest::prelude::*;
use std::path::PathBuf;
use stripeapp::fmt::format;

mod common;
use common::{bin, files_under, repo, temp_dir};

/// Every example, UI fixture and end-to-end fixture.
fn corpus() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["examples", "tests/ui", "tests/e2e/fixtures"] {
        files.extend(files_under(&repo().join(dir), Some("stripeapp")));
    }
    assert!(files.len() > 150, "the corpus is missing: {}", files.len());
    files
}

/// The comments of a file (`//` to the end of a line, outside strings), trimmed, sorted.
fn comments(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .split(['\n', '\r'])
        .filter_map(|line| {
            let code = stripeapp::syntax::without_trailing_comment(line);
            (code.len() < line.len()).then(|| line[code.len()..].trim_end().to_string())
        })
        .collect();
    found.sort();
    found
}

/// Codes and messages of a file's diagnostics, sorted (positions change with the layout).
fn diagnostics(text: &str) -> Vec<(String, String)> {
    let mut d: Vec<(String, String)> = stripeapp::analyse(text)
        .diagnostics
        .iter()
        .map(|d| (d.code.to_string(), d.message.clone()))
        .collect();
    d.sort();
    d
}

fn has_syntax_error(text: &str) -> bool {
    stripeapp::analyse(text)
        .diagnostics
        .iter()
        .any(|d| d.code == stripeapp::diagnostics::Code::Syntax)
}

/// Every property fmt promises, for one text without syntax errors.
fn assert_fmt_properties(name: &str, text: &str) {
    let formatted = match format(text) {
        Ok(f) => f,
        Err(e) => panic!("{name}: {e}\n{text}"),
    };
    assert_eq!(
        format(&formatted).as_deref(),
        Ok(formatted.as_str()),
        "{name}: not idempotent"
    );
    assert!(!has_syntax_error(&formatted), "{name}:\n{formatted}");
    assert_eq!(
        diagnostics(&formatted),
        diagnostics(text),
        "{name}: other diagnostics after formatting:\n{formatted}"
    );
    assert_eq!(
        comments(&formatted),
        comments(text),
        "{name}: other comments after formatting:\n{formatted}"
    );
    assert!(formatted.is_empty() || formatted.ends_with('\n'));
    assert!(!formatted.ends_with("\n\n"), "{name}");
    assert!(
        !formatted
            .lines()
            .any(|l| l.ends_with(' ') || l.ends_with('\t')),
        "{name}: trailing whitespace"
    );
    let before = stripeapp::analyse(text);
    if !before.has_errors() {
        let after = stripeapp::analyse(&formatted);
        let emit = |m| stripeapp::emit::emit(m, "app.stripeapp").unwrap();
        assert_eq!(
            emit(&after.model),
            emit(&before.model),
            "{name}: compiles to something else after formatting"
        );
    }
}

#[test]
fn every_example_and_fixture_keeps_its_meaning() {
    let mut formatted = 0;
    let mut refused = 0;
    for path in corpus() {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.strip_prefix(repo()).unwrap().display().to_string();
        if has_syntax_error(&text) {
            let err = format(&text).unwrap_err();
            assert!(err.contains("syntax error at line"), "{name}: {err}");
            refused += 1;
        } else {
            assert_fmt_properties(&name, &text);
            formatted += 1;
        }
    }
    assert!(formatted > 100 && refused > 10, "{formatted} {refused}");
}

#[test]
fn canonical_layout() {
    let input = String::from("\u{FEFF}")
        + r#"// Header comment.


app   "com.example.x" { name "X"; version "1.0"   // the version
	constant  RATE   1.5e3


  constant NAME "caf\u{e9} \u{202E}"
}
/// Reads customers.
permission customer_read "Read"   
permission event_read "Events" // why

permission invoice_write "Write"
urls "Reach the API" {
image "https://cdn.example.com/i/" ; connect "https://api.example.com/v1/"
}
view A on stripe.dashboard.customer.detail { calls customers.retrieve,
     invoices.update, // updates
  // and lists
  invoices.list
  // inside
}
view B on settings {}
view C on settings
backend "https://api.example.com/v1" {
  on invoice.paid { calls invoices.update } // handled
  job sweep {


  }



  endpoint e "/e" { roles "admin" ; calls invoices.list }
}
// the end


"#;
    let expected = r#"// Header comment.

app "com.example.x" {
  name "X"
  version "1.0" // the version
  constant RATE 1.5e3

  constant NAME "café \u{202e}"
}

/// Reads customers.
permission customer_read "Read"
permission event_read    "Events" // why

permission invoice_write "Write"

urls "Reach the API" {
  image   "https://cdn.example.com/i/"
  connect "https://api.example.com/v1/"
}

view A on stripe.dashboard.customer.detail {
  calls customers.retrieve, invoices.update, // updates
        // and lists
        invoices.list
  // inside
}

view B on settings {}

view C on settings

backend "https://api.example.com/v1" {
  on invoice.paid {
    calls invoices.update
  } // handled
  job sweep {}

  endpoint e "/e" {
    roles "admin"
    calls invoices.list
  }
}
// the end
"#;
    let got = format(&input).unwrap();
    assert_eq!(got, expected, "got:\n{got}");
    assert_eq!(format(expected).unwrap(), expected);
}

#[test]
fn trailing_comments_line_up_and_doc_comments_stay_docs() {
    let input = "app \"a\" {\n  name \"N\" // n\n  version \"1\"   // v\n}\n\
/// Doc of the view.\nview V on settings { title \"T\" }\n";
    let got = format(input).unwrap();
    assert!(
        got.contains("  name \"N\"    // n\n  version \"1\" // v\n"),
        "{got}"
    );
    assert!(
        got.contains("/// Doc of the view.\nview V on settings {\n"),
        "{got}"
    );
    let a = stripeapp::analyse(input);
    let b = stripeapp::analyse(&got);
    assert_eq!(a.model.views[0].doc, b.model.views[0].doc);
    assert_eq!(b.model.views[0].doc.as_deref(), Some("Doc of the view."));
}

#[test]
fn comment_positions() {
    // A comment after `{`, after a statement that shares its line, alone in a block,
    // before `}` and at the end of the file.
    let input = "app \"a\" { // opens\n  name \"N\"; version \"1\" // after version\n}\n\
view A on settings {\n  // only a comment\n}\n// last\n";
    let got = format(input).unwrap();
    assert_eq!(
        got,
        "app \"a\" { // opens\n  name \"N\"\n  version \"1\" // after version\n}\n\n\
view A on settings {\n  // only a comment\n}\n// last\n"
    );
}

#[test]
fn line_endings_and_empty_files() {
    assert_eq!(format("").unwrap(), "");
    assert_eq!(format("\n\n  \n").unwrap(), "");
    assert_eq!(format("// just a comment").unwrap(), "// just a comment\n");
    let crlf = "app \"a\" {\r\n  name \"N\"\r\n  version \"1\"\r\n}\r\n";
    assert_eq!(
        format(crlf).unwrap(),
        "app \"a\" {\n  name \"N\"\n  version \"1\"\n}\n"
    );
    let cr = "app \"a\" {\r  name \"N\"\r\r  version \"1\"\r}\r";
    assert_eq!(
        format(cr).unwrap(),
        "app \"a\" {\n  name \"N\"\n\n  version \"1\"\n}\n"
    );
}

#[test]
fn syntax_errors_are_refused_with_the_position() {
    let err = format("app \"a\" {\n  name \"N\"\n  version 1\n}\n").unwrap_err();
    assert!(err.contains("line 3, column"), "{err}");
    let err = format("app \"a\"\n{\n}\n").unwrap_err();
    assert!(err.contains("syntax error"), "{err}");
    assert!(format("permission a \"\\q\"").is_err());
}

// ---------------------------------------------------------------------------------------
// Random files: a small generator of syntactically valid files with comments, blank
// lines, `;`, one-line blocks and broken lists in every place the grammar allows them.
// ---------------------------------------------------------------------------------------

struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn up_to(&mut self, n: u64) -> usize {
        (self.next() % (n + 1)) as usize
    }
    fn comment(&mut self) -> String {
        let n = self.next() % 1000;
        let body = self.pick(&["", " note", "/ doc", " \"{ } ;\"", "// four", " trailing  "]);
        format!("//{body}{n}")
    }
    /// Ends a statement: a newline, `;`, comments and blank lines.
    fn sep(&mut self) -> String {
        match self.up_to(7) {
            0 => ";".into(),
            1 => "; ".into(),
            2 => "\n\n".into(),
            3 => format!(" {}\n", self.comment()),
            4 => format!("\n{}{}\n", self.pick(&["", "  ", "\t"]), self.comment()),
            5 => format!("\n\n{}\n\n", self.comment()),
            6 => "\r\n".into(),
            _ => "\n".into(),
        }
    }
    fn ws(&mut self) -> &'static str {
        self.pick(&["", " ", "  ", "\t"])
    }
    fn string(&mut self, base: &str) -> String {
        let extra = self.pick(&[
            "",
            "\\\"q\\\"",
            "\\\\",
            "\\n",
            "\\t",
            "\\u{e9}",
            "\\u{1F4B6}",
            "é",
        ]);
        format!("\"{base}{extra}\"")
    }
    fn list(&mut self, items: &[String]) -> String {
        let mut out = String::new();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(',');
                match self.up_to(4) {
                    0 => out.push_str("\n      "),
                    1 => out.push_str(&format!(" {}\n  ", self.comment())),
                    2 => out.push_str(&format!("\n  {}\n   ", self.comment())),
                    _ => out.push(' '),
                }
            }
            out.push_str(item);
        }
        out
    }
    fn pick_some(&mut self, pool: &[&str], quote: bool) -> Vec<String> {
        let n = 1 + self.up_to(2);
        (0..n)
            .map(|_| {
                let s = self.pick(pool);
                if quote {
                    format!("\"{s}\"")
                } else {
                    s.to_string()
                }
            })
            .collect()
    }
    fn block(&mut self, header: &str, stmts: Vec<String>) -> String {
        let mut out = format!("{header}{}{{", self.ws());
        if self.chance(20) {
            out.push_str(&format!(" {}\n", self.comment()));
        }
        for (i, s) in stmts.iter().enumerate() {
            if i == 0 && self.chance(50) {
                out.push(' ');
            } else {
                out.push_str(&self.sep());
            }
            out.push_str(self.ws());
            out.push_str(s);
        }
        if self.chance(30) {
            out.push(' ');
        } else {
            out.push_str(&self.sep());
        }
        out.push('}');
        out
    }
    fn handler(&mut self, header: String, roles: bool) -> String {
        let mut stmts = Vec::new();
        if self.chance(70) {
            let calls = self.pick_some(
                &["customers.retrieve", "customers.list", "invoices.update"],
                false,
            );
            stmts.push(format!("calls {}", self.list(&calls)));
        }
        if roles && self.chance(50) {
            let r = self.pick_some(&["admin", "developer"], true);
            stmts.push(format!("roles {}", self.list(&r)));
        }
        if stmts.is_empty() && self.chance(50) {
            return header;
        }
        self.block(&header, stmts)
    }
    fn file(&mut self) -> String {
        let mut items = Vec::new();
        let mut app = vec![
            format!("name {}", self.string("App")),
            format!("version {}", self.string("1.0")),
        ];
        if self.chance(50) {
            app.push(format!(
                "constant RATE {}",
                self.pick(&["1", "-2.5e3", "true", "\"x\""])
            ));
        }
        if self.chance(30) {
            app.push("distribution private".into());
        }
        items.push(self.block("app \"com.example.gen\"", app));
        for _ in 0..self.up_to(3) {
            let name = self.pick(&[
                "customer_read",
                "customer_write",
                "invoice_write",
                "event_read",
            ]);
            let purpose = self.string("Because");
            items.push(format!(
                "permission {name}{} {purpose}",
                self.pick(&[" ", "   "])
            ));
        }
        if self.chance(60) {
            let mut stmts = Vec::new();
            for _ in 0..1 + self.up_to(2) {
                let kw = self.pick(&["connect", "image"]);
                let urls = self.pick_some(
                    &[
                        "https://api.example.com/v1/",
                        "https://cdn.example.com/img/",
                    ],
                    true,
                );
                stmts.push(format!("{kw} {}", self.list(&urls)));
            }
            let purpose = self.string("Reach");
            items.push(self.block(&format!("urls {purpose}"), stmts));
        }
        for i in 0..self.up_to(2) {
            let header = format!(
                "view V{i} on {}",
                self.pick(&["settings", "stripe.dashboard.customer.detail"])
            );
            let mut stmts = Vec::new();
            if self.chance(50) {
                stmts.push(format!("title {}", self.string("T")));
            }
            if self.chance(60) {
                let calls = self.pick_some(&["customers.retrieve", "customers.list"], false);
                stmts.push(format!("calls {}", self.list(&calls)));
            }
            if self.chance(30) {
                let f = self.pick_some(&["https://api.example.com/v1/x"], true);
                stmts.push(format!("fetch {}", self.list(&f)));
            }
            if stmts.is_empty() && self.chance(50) {
                items.push(header);
            } else {
                items.push(self.block(&header, stmts));
            }
        }
        if self.chance(60) {
            let mut stmts = Vec::new();
            if self.chance(30) {
                stmts.push("webhooks \"/hooks\"".to_string());
            }
            if self.chance(60) {
                let h = self.handler("endpoint sync \"/sync\"".into(), true);
                stmts.push(h);
            }
            if self.chance(60) {
                let events = self.pick_some(&["invoice.paid", "invoice.voided"], false);
                let header = format!("on {}", self.list(&events));
                let h = self.handler(header, false);
                stmts.push(h);
            }
            if self.chance(50) {
                let h = self.handler("job sweep".into(), false);
                stmts.push(h);
            }
            items.push(self.block("backend \"https://api.example.com/v1\"", stmts));
        }
        let mut out = String::new();
        if self.chance(30) {
            out.push_str(&format!("{}\n\n", self.comment()));
        }
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(&self.sep());
                if self.chance(20) {
                    out.push_str(&format!("/// doc {i}\n"));
                }
            }
            out.push_str(item);
        }
        if self.chance(50) {
            out.push_str(&self.sep());
        }
        out
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_files_keep_their_meaning(seed in 1u64..u64::MAX) {
        let text = Gen(seed).file();
        if has_syntax_error(&text) {
            // The generator aims at valid files; a rare invalid one must be refused.
            prop_assert!(format(&text).is_err());
        } else {
            assert_fmt_properties(&format!("seed {seed}"), &text);
        }
    }
}

#[test]
fn the_generator_makes_valid_files() {
    let valid = (1..300u64)
        .filter(|s| !has_syntax_error(&Gen(*s).file()))
        .count();
    assert!(valid > 280, "only {valid} of 299 generated files parse");
}

// ---------------------------------------------------------------------------------------
// The command
// ---------------------------------------------------------------------------------------

const MESSY: &str =
    "app \"com.example.a\" { name \"A\"; version \"1\" }\npermission customer_read \"Read\"";
const TIDY: &str = "app \"com.example.a\" {\n  name \"A\"\n  version \"1\"\n}\n\npermission customer_read \"Read\"\n";

#[test]
fn fmt_rewrites_files_and_check_shows_a_diff() {
    let dir = temp_dir("fmt", "rewrite");
    let file = dir.join("a.stripeapp");
    std::fs::write(&file, MESSY).unwrap();

    let out = bin().args(["fmt", "--check"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(diff.starts_with("--- "), "{diff}");
    assert!(diff.contains("+  name \"A\"\n"), "{diff}");
    assert!(diff.contains("@@"), "{diff}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        MESSY,
        "--check wrote"
    );

    let out = bin().arg("fmt").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("formatted"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), TIDY);
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);

    let out = bin().args(["fmt", "--check"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn fmt_without_paths_formats_the_current_directory() {
    let dir = temp_dir("fmt", "cwd");
    std::fs::write(dir.join("a.stripeapp"), MESSY).unwrap();
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/b.stripeapp"), MESSY).unwrap();
    std::fs::write(dir.join("notes.txt"), MESSY).unwrap();
    let out = bin().arg("fmt").current_dir(&dir).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("a.stripeapp")).unwrap(),
        TIDY
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("sub/b.stripeapp")).unwrap(),
        TIDY
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        MESSY
    );
}

#[test]
fn fmt_leaves_files_with_syntax_errors_alone() {
    let dir = temp_dir("fmt", "broken");
    let broken = "app \"a\" {\n  name \"A\"\n  version 1\n}\n";
    std::fs::write(dir.join("broken.stripeapp"), broken).unwrap();
    std::fs::write(dir.join("ok.stripeapp"), MESSY).unwrap();
    let out = bin().arg("fmt").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("broken.stripeapp: not formatted: syntax error at line 3"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("broken.stripeapp")).unwrap(),
        broken
    );
    // The other file is still formatted.
    assert_eq!(
        std::fs::read_to_string(dir.join("ok.stripeapp")).unwrap(),
        TIDY
    );
}

#[test]
fn fmt_exit_codes() {
    let dir = temp_dir("fmt", "codes");
    // An unreadable path and a directory without files: the command cannot run.
    let out = bin()
        .arg("fmt")
        .arg(dir.join("missing.stripeapp"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin().arg("fmt").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin().args(["fmt", "--bogus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Not UTF-8: an input error, untouched.
    std::fs::write(dir.join("bin.stripeapp"), b"app \"\xff\" {}\n").unwrap();
    let out = bin()
        .arg("fmt")
        .arg(dir.join("bin.stripeapp"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read(dir.join("bin.stripeapp")).unwrap(),
        b"app \"\xff\" {}\n"
    );
}

#[test]
fn fmt_reads_standard_input() {
    use std::io::Write;
    let mut child = bin()
        .args(["fmt", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(MESSY.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), TIDY);
}
