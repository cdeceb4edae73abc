//! The scanner end to end: every app under `tests/apps/` is checked with its code, and the
//! diagnostics must be exactly those its files mark inline, in the `.stripeapp` file and in
//! the TypeScript alike (`//~ CODE text`, as in `tests/ui`). Cases that must not be reported
//! are in the apps too, unmarked.

use std::path::{Path, PathBuf};
use stripeapp::check::code::Code;
use stripeapp::cli::code::ProjectDir;
use stripeapp::text::LineIndex;

mod common;
use common::files_under;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Expected {
    file: String,
    line: usize,
    code: String,
    text: String,
}

fn markers(file: &str, text: &str, out: &mut Vec<Expected>) {
    for (i, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("//~") {
            let after = &rest[at + 3..];
            let body = after.split("//~").next().unwrap_or("").trim();
            let (code, msg) = body.split_once(' ').unwrap_or((body, ""));
            out.push(Expected {
                file: file.to_string(),
                line: i + 1,
                code: code.to_string(),
                text: msg.trim().to_string(),
            });
            rest = after;
        }
    }
}

/// The app's `.stripeapp` file, checked with its code: (file, line, code, message) each.
fn check_app(dir: &Path) -> (String, Vec<(String, usize, String, String)>) {
    let mut all = Vec::new();
    all.extend(files_under(dir, None));
    let Some(source) = all
        .iter()
        .find(|p| p.extension().is_some_and(|x| x == "stripeapp"))
    else {
        panic!("{}: no .stripeapp file", dir.display());
    };
    let text = std::fs::read_to_string(source).unwrap();
    let name = source.file_name().unwrap().to_string_lossy().to_string();
    let analysis = stripeapp::analyse(&text);
    let code = Code::scan(
        &analysis.file,
        &analysis.model,
        &ProjectDir {
            root: dir.to_path_buf(),
        },
        String::new(),
    );
    assert!(code.scan.has_code(), "{}: no code found", dir.display());
    let analysis = stripeapp::analyse_with_code(&text, Some(&code));
    let index = LineIndex::new(&text);
    let mut got = Vec::new();
    for d in &analysis.diagnostics {
        let full = format!(
            "{} {} {}",
            d.message,
            d.help.clone().unwrap_or_default(),
            d.labels
                .iter()
                .map(|l| l.message.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        );
        let (file, line) = match &d.elsewhere {
            Some(other) => (other.path.clone(), other.range(d.span).0),
            None => (name.clone(), index.range_1based(&text, d.span).0),
        };
        got.push((file, line, d.code.to_string(), full));
    }
    (text, got)
}

fn apps() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/apps");
    let mut apps: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    apps.sort();
    apps
}

#[test]
fn apps_report_exactly_what_they_mark() {
    let apps = apps();
    assert!(apps.len() >= 2, "test apps are missing");
    let mut failures = Vec::new();
    for dir in apps {
        let mut expected = Vec::new();
        let mut all = Vec::new();
        all.extend(files_under(&dir, None));
        for p in &all {
            let rel = p
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if let Ok(text) = std::fs::read_to_string(p) {
                markers(&rel, &text, &mut expected);
            }
        }
        let (_, got) = check_app(&dir);
        let app = dir.file_name().unwrap().to_string_lossy().to_string();
        for (file, line, code, message) in &got {
            let pos = expected.iter().position(|e| {
                &e.file == file && e.line == *line && &e.code == code && message.contains(&e.text)
            });
            match pos {
                Some(i) => {
                    expected.remove(i);
                }
                None => failures.push(format!(
                    "{app}: unexpected {code} at {file}:{line}: {message}"
                )),
            }
        }
        for e in expected {
            failures.push(format!(
                "{app}: missing {} at {}:{} ({})",
                e.code, e.file, e.line, e.text
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn check_fix_declares_what_the_code_uses() {
    for dir in apps() {
        let tmp = std::env::temp_dir().join(format!(
            "stripeapp-scan-fix-{}-{}",
            std::process::id(),
            dir.file_name().unwrap().to_string_lossy()
        ));
        let _ = std::fs::remove_dir_all(&tmp);
        copy_dir(&dir, &tmp);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_stripeapp"))
            .args(["check", "--fix", "--format", "json"])
            .arg(&tmp)
            .output()
            .unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let left: Vec<&str> = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["code"].as_str())
            .filter(|c| {
                [
                    "E0701", "E0702", "E0703", "E0704", "E0705", "W0701", "W0702", "W0703",
                    "W0706", "W0707",
                ]
                .contains(c)
            })
            .collect();
        // Undeclared uses are declared and unused declarations removed; what stays needs a
        // person (a permission's purpose, a `connect` entry, code that is not static).
        assert!(
            left.is_empty(),
            "{}: {left:?}\n{}",
            dir.display(),
            String::from_utf8_lossy(&out.stdout)
        );
        let _ = std::fs::remove_dir_all(&tmp);
    }
}

#[test]
fn json_names_the_typescript_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/apps/alerts");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stripeapp"))
        .args(["check", "--format", "json"])
        .arg(dir.join("alerts.stripeapp"))
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "E0702")
        .expect("an E0702");
    let file = d["file"].as_str().unwrap();
    assert!(file.ends_with("src/views/Settings.tsx"), "{file}");
    assert!(
        d["labels"][0]["file"]
            .as_str()
            .unwrap()
            .ends_with("alerts.stripeapp")
    );
    assert_eq!(d["line"], 13);
    // The fix edits the `.stripeapp` file.
    assert!(
        d["fixes"][0]["edits"][0]["new_text"]
            .as_str()
            .unwrap()
            .contains("hooks.example.net")
    );
    // Without the scan, the file alone: no code-level diagnostic.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stripeapp"))
        .args(["check", "--no-scan", "--format", "json"])
        .arg(dir.join("alerts.stripeapp"))
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| !d["code"].as_str().unwrap().starts_with("E07")
                && !d["code"].as_str().unwrap().starts_with("W07")),
        "{doc}"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// `import <app dir>` of a copy of the app without its `.stripeapp` file, then `check` of
/// the result with the code: the imported text, and the codes and messages of its
/// diagnostics.
fn import_then_check(app: &str) -> (String, Vec<String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/apps")
        .join(app);
    let tmp = std::env::temp_dir().join(format!(
        "stripeapp-scan-import-{}-{app}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&tmp);
    copy_dir(&dir, &tmp);
    std::fs::remove_file(tmp.join(format!("{app}.stripeapp"))).unwrap();
    run_on("import", &tmp);
    let written = tmp.join(format!("{app}.stripeapp"));
    let text = std::fs::read_to_string(&written).unwrap();
    assert!(
        text.contains("calls "),
        "the code's calls are declared:\n{text}"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stripeapp"))
        .args(["check", "--format", "json"])
        .arg(&written)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let _ = std::fs::remove_dir_all(&tmp);
    let found = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    (text, found)
}

#[test]
fn import_of_a_right_manifest_checks_without_unused_permissions() {
    let (_, found) = import_then_check("invoice-sync");
    // Everything the code does is declared, and every permission is used by it.
    assert!(
        found
            .iter()
            .all(|d| !d.starts_with('E') && !d.starts_with("W0201") && !d.starts_with("W07")),
        "{found:#?}"
    );
}

#[test]
fn import_declares_expansions_and_platform_calls_from_the_code() {
    let (text, found) = import_then_check("billing");
    // Every expansion and platform call the code makes is declared where it is made; what
    // is left is the backend's placeholder URL and the expansion chosen at run time.
    assert!(
        found
            .iter()
            .all(|d| !d.starts_with('E') && !d.starts_with("W07") || d.starts_with("W0705")),
        "{found:#?}"
    );
    for line in [
        "expand invoices.retrieve customer",
        "expand invoices.list data.customer",
        "expand invoices.list data.application",
        "platform calls balance.retrieve",
        "platform calls invoiceItems.create",
    ] {
        assert!(text.contains(line), "{line}:\n{text}");
    }
    // A platform call is not declared in `calls` as well.
    assert!(
        !text
            .lines()
            .any(|l| l.trim_start().starts_with("calls") && l.contains("invoiceItems")),
        "{text}"
    );
}

#[test]
fn import_of_a_wrong_manifest_reports_the_real_problems() {
    let (_, found) = import_then_check("alerts");
    let has = |code: &str, text: &str| {
        found
            .iter()
            .any(|d| d.starts_with(code) && d.contains(text))
    };
    // A call whose permission the manifest lacks, a URL missing from its policy.
    assert!(
        has("E0301", "`invoices.list` needs permission `invoice_read`"),
        "{found:#?}"
    );
    assert!(
        has(
            "E0301",
            "`customers.update` needs permission `customer_write`"
        ),
        "{found:#?}"
    );
    assert!(has("E0401", "hooks.example.net"), "{found:#?}");
    // The one permission no code uses is reported, and only that one.
    let unused: Vec<&String> = found.iter().filter(|d| d.starts_with("W0201")).collect();
    assert_eq!(unused.len(), 1, "{found:#?}");
    assert!(unused[0].contains("subscription_read"), "{found:#?}");
}

/// What the scanner could not check (W0705) is a note in every format: it is counted apart
/// from warnings, fails nothing under `--deny-warnings`, and each machine format names it
/// with its own word for a note.
#[test]
fn code_not_checked_is_a_note_in_every_format() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/apps/alerts/alerts.stripeapp");
    let run = |format: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_stripeapp"))
            .args(["check", "--format", format])
            .arg(&file)
            .output()
            .unwrap();
        (
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (json, _) = run("json");
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let notes: Vec<&serde_json::Value> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "W0705")
        .collect();
    assert_eq!(notes.len(), 2, "{json}");
    assert!(notes.iter().all(|d| d["severity"] == "note"), "{json}");
    assert_eq!(doc["notes"], 2, "{json}");
    let warnings = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "warning")
        .count();
    assert_eq!(doc["warnings"], warnings, "{json}");

    let (sarif, _) = run("sarif");
    let doc: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .filter(|r| r["ruleId"] == "W0705")
            .all(|r| r["level"] == "note"),
        "{sarif}"
    );
    let (github, _) = run("github");
    assert_eq!(
        github
            .lines()
            .filter(|l| l.contains("W0705"))
            .filter(|l| l.starts_with("::notice "))
            .count(),
        2,
        "{github}"
    );
    let (_, human) = run("human");
    assert!(human.contains("note[W0705]"), "{human}");
    assert!(human.trim_end().ends_with(", 2 notes"), "{human}");
}

/// The scanner's findings (E07xx, W07xx) of a `check --format json` run on `dir`.
fn scanner_findings(dir: &Path) -> Vec<String> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stripeapp"))
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            let code = d["code"].as_str().unwrap_or("");
            code.starts_with("E07") || code.starts_with("W07")
        })
        .map(|d| format!("{} {}:{} {}", d["code"], d["file"], d["line"], d["message"]))
        .collect()
}

/// Runs `stripeapp <command> <dir>`, which must succeed.
fn run_on(command: &str, dir: &Path) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stripeapp"))
        .arg(command)
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{command} {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The starters `compile` writes for every example, and for every kind of `init`, scan
/// clean: no code-level finding about code nobody has written yet. The first edit to a
/// starter brings its unused-declaration warnings back.
#[test]
fn starters_of_every_example_and_init_kind_scan_clean() {
    let root = std::env::temp_dir().join(format!("stripeapp-scan-starters-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut dirs = Vec::new();
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "stripeapp"))
        .collect();
    sources.sort();
    for source in &sources {
        let dir = root.join(source.file_stem().unwrap());
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(source, dir.join(source.file_name().unwrap())).unwrap();
        dirs.push(dir);
    }
    for kind in ["full-stack", "backend", "frontend"] {
        let dir = root.join(format!("init-{kind}"));
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_stripeapp"))
            .args(["init", "--kind", kind])
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        dirs.push(dir);
    }
    let mut noise = Vec::new();
    for dir in &dirs {
        run_on("compile", dir);
        noise.extend(scanner_findings(dir));
    }
    assert!(noise.is_empty(), "{}", noise.join("\n"));

    // Edited, a starter is the user's code: what it does not call is reported again.
    let app = root.join("invoice-sync");
    let view = app.join("src/views/Settings.tsx");
    let mut text = std::fs::read_to_string(&view).unwrap();
    text.push_str("// mine now\n");
    std::fs::write(&view, text).unwrap();
    let handlers = app.join("backend/src/handlers.ts");
    let text = std::fs::read_to_string(&handlers).unwrap();
    let text = text.replacen(
        "console.log('[nightly_reconcile] ran');",
        "console.log('[nightly_reconcile] started');",
        1,
    );
    std::fs::write(&handlers, text).unwrap();
    let found = scanner_findings(&app);
    assert!(
        found
            .iter()
            .any(|f| f.contains("view Settings declares `apps.secrets.create`")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|f| f.contains("job nightly_reconcile declares `invoices.list`")),
        "{found:#?}"
    );
    // The handlers left as they were still count as starters.
    assert!(
        !found.iter().any(|f| f.contains("endpoint sync_status")),
        "{found:#?}"
    );
    let _ = std::fs::remove_dir_all(&root);
}

/// The scanner's fixes print through the one printer and place through the placement
/// layer: a formatted app stays formatted after `check --fix` declares and removes what its
/// code shows.
#[test]
fn scanner_fixes_keep_a_formatted_file_formatted() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/apps/invoice-sync");
    let tmp = std::env::temp_dir().join(format!("stripeapp-scan-fmt-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    copy_dir(&dir, &tmp);
    let file = tmp.join("invoice-sync.stripeapp");
    // Take away what the code uses (a fetch, a job's only call, an endpoint use), and
    // declare a call it never makes.
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text
        .replace("  fetch \"https://erp.example.com/api/status\"\n", "")
        .replace("  uses sync_status\n", "")
        .replace("    calls invoices.list\n", "")
        .replace(
            "calls invoices.retrieve\n",
            "calls invoices.retrieve, customers.list\n",
        );
    std::fs::write(&file, text).unwrap();
    run_on("fmt", &file);
    let before = std::fs::read_to_string(&file).unwrap();
    let _ = std::process::Command::new(env!("CARGO_BIN_EXE_stripeapp"))
        .args(["check", "--fix"])
        .arg(&tmp)
        .output()
        .unwrap();
    let after = std::fs::read_to_string(&file).unwrap();
    assert_ne!(before, after, "the fixes changed nothing");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stripeapp"))
        .args(["fmt", "--check"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&tmp);
}
