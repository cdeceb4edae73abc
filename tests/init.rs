//! `stripeapp init`: each kind of new app checks without a single diagnostic, is already
//! formatted, compiles, and comes with a README saying what to do next. (tests/e2e.rs
//! also type-checks, lints and runs what each kind compiles to.)

use std::path::{Path, PathBuf};
use stripeapp::init::{Kind, project};

mod common;
use common::bin;

fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("init")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.parent().unwrap()).unwrap();
    dir
}

fn assert_clean(what: &str, source: &str) {
    let analysis = stripeapp::analyse(source);
    assert!(
        analysis.diagnostics.is_empty(),
        "{what}: {:#?}\n{source}",
        analysis.diagnostics
    );
    assert_eq!(
        stripeapp::fmt::format(source).as_deref(),
        Ok(source),
        "{what}: not formatted"
    );
    stripeapp::emit::emit(&analysis.model, "app.stripeapp").unwrap();
}

#[test]
fn every_kind_checks_clean_for_any_directory_name() {
    for kind in Kind::ALL {
        for dir in [
            "my-app",
            "Café Rewards",
            "quote\"d \\ name",
            "",
            "---",
            "a.very.long.directory.name.with.dots.and-dashes_and_underscores",
        ] {
            let p = project(dir, kind);
            assert_clean(&format!("{} in {dir:?}", kind.as_str()), &p.source);
            assert!(p.file_name.ends_with(".stripeapp"));
            assert!(!p.file_name.contains('/'));
        }
    }
}

#[test]
fn each_kind_has_what_its_name_says() {
    let model = |k| stripeapp::analyse(&project("shop", k).source).model;
    let full = model(Kind::FullStack);
    assert!(!full.views.is_empty() && full.backend.is_some());
    let backend = model(Kind::Backend);
    assert!(backend.views.is_empty() && backend.backend.is_some());
    let frontend = model(Kind::Frontend);
    assert!(!frontend.views.is_empty() && frontend.backend.is_none());
    let app = full.app.unwrap();
    assert_eq!(
        (app.id.as_str(), app.name.as_str()),
        ("com.example.shop", "Shop")
    );
}

#[test]
fn readme_says_what_to_do_next() {
    for kind in Kind::ALL {
        let p = project("shop", kind);
        let r = &p.readme;
        for step in ["stripeapp compile", "stripe apps upload", "shop.stripeapp"] {
            assert!(r.contains(step), "{}: no {step}\n{r}", kind.as_str());
        }
        let views = kind != Kind::Backend;
        let backend = kind != Kind::Frontend;
        assert!(r.contains("npm install"), "{r}");
        assert_eq!(r.contains("stripe apps start"), views, "{r}");
        assert_eq!(
            r.contains("stripe listen --forward-to localhost:4242/stripe/webhooks"),
            backend,
            "{r}"
        );
        assert_eq!(
            r.contains("cd backend && npm install && npm run build"),
            backend,
            "{r}"
        );
    }
    let full = project("shop", Kind::FullStack).readme;
    assert!(full.contains("STRIPE_APP_SECRET=absec_"), "{full}");
    let backend = project("shop", Kind::Backend).readme;
    assert!(
        backend.contains("node dist/main.js job daily_summary"),
        "{backend}"
    );
    assert!(!backend.contains("STRIPE_APP_SECRET"), "{backend}");
}

#[test]
fn init_writes_an_app_that_compiles() {
    for kind in ["full-stack", "backend", "frontend"] {
        let dir = temp_dir(&format!("compiles-{kind}"));
        let out = bin()
            .arg("init")
            .arg(&dir)
            .args(["--kind", kind])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{err}");
        let file = dir.join(format!("compiles-{kind}.stripeapp"));
        assert!(file.is_file(), "{err}");
        assert!(dir.join("README.md").is_file());
        assert!(
            err.contains("next:") && err.contains("stripeapp compile"),
            "{err}"
        );

        let check = bin().arg("check").arg(&file).output().unwrap();
        assert_eq!(check.status.code(), Some(0));
        assert!(
            String::from_utf8_lossy(&check.stderr).contains("0 errors, 0 warnings"),
            "{}",
            String::from_utf8_lossy(&check.stderr)
        );
        let compile = bin().arg("compile").arg(&file).output().unwrap();
        assert_eq!(
            compile.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&compile.stderr)
        );
        assert!(dir.join("stripe-app.json").is_file());
        assert_eq!(dir.join("backend").is_dir(), kind != "frontend");
        // compile keeps the README (it is not one of its files).
        assert!(
            std::fs::read_to_string(dir.join("README.md"))
                .unwrap()
                .contains("Next steps")
        );
    }
}

#[test]
fn init_defaults_to_a_full_stack_app_in_the_current_directory() {
    let dir = temp_dir("my-shop");
    std::fs::create_dir_all(&dir).unwrap();
    let out = bin().arg("init").current_dir(&dir).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let source = std::fs::read_to_string(dir.join("my-shop.stripeapp")).unwrap();
    assert!(source.contains("app \"com.example.my-shop\""), "{source}");
    assert!(source.contains("name \"My Shop\""), "{source}");
    let model = stripeapp::analyse(&source).model;
    assert!(!model.views.is_empty() && model.backend.is_some());
}

#[test]
fn init_never_overwrites_an_app() {
    let dir = temp_dir("twice");
    let first = bin().arg("init").arg(&dir).output().unwrap();
    assert_eq!(first.status.code(), Some(0));
    let file = dir.join("twice.stripeapp");
    std::fs::write(&file, "// edited\n").unwrap();
    for kind in ["full-stack", "frontend"] {
        let again = bin()
            .arg("init")
            .arg(&dir)
            .args(["--kind", kind])
            .output()
            .unwrap();
        assert_eq!(again.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&again.stderr).contains("twice.stripeapp"));
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "// edited\n");

    // Any other `.stripeapp` file in the directory stops it too.
    let other = temp_dir("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("mine.stripeapp"), "// mine\n").unwrap();
    let out = bin().arg("init").arg(&other).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_dir(&other).unwrap().count(), 1);
}

#[test]
fn init_keeps_an_existing_readme() {
    let dir = temp_dir("readme");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("README.md"), "# Mine\n").unwrap();
    let out = bin().arg("init").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("kept"));
    assert_eq!(
        std::fs::read_to_string(dir.join("README.md")).unwrap(),
        "# Mine\n"
    );
    assert!(dir.join("readme.stripeapp").is_file());
}

#[test]
fn init_exit_codes() {
    let out = bin().args(["init", "--kind", "mobile"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // A file where the directory should be.
    let dir = temp_dir("a-file");
    std::fs::write(&dir, "not a directory").unwrap();
    let out = bin().arg("init").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn init_quotes_a_path_the_shell_would_split() {
    let parent = temp_dir("spaced");
    std::fs::create_dir_all(&parent).unwrap();
    let out = bin()
        .arg("init")
        .arg("my app")
        .current_dir(&parent)
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{log}");
    assert!(log.contains("created 'my app/my-app.stripeapp'"), "{log}");
    assert!(
        log.contains("next: cd 'my app' && stripeapp compile"),
        "{log}"
    );
    assert!(parent.join("my app/my-app.stripeapp").is_file());
}
