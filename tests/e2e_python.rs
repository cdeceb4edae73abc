//! End to end, the Python backend target against the real PyPI packages: every example
//! and fixture with a backend (and `tests/e2e/python/*.stripeapp`, which exercise public
//! routes, path parameters and the OAuth callback) is compiled by the real binary with
//! `runtime python`, a
//! virtual environment is created once from the hash-pinned lock the compiler emits
//! (`requirements-dev.txt`), each backend is type-checked with `mypy --strict` and linted
//! with `ruff`, undeclared use is shown to be a type error, and each backend is run with
//! uvicorn and sent the vectors of `tests/e2e/python/vectors.py`.
//!
//! A slow suite, ignored by the everyday `cargo test`: run it with
//! `cargo test --test e2e_python -- --ignored --nocapture` (CI runs every ignored suite).
//! Needs `python3` (3.11 or later, with `venv` and `pip`). Without it the test fails under CI (`CI=true`) and is
//! skipped, loudly, elsewhere; `STRIPEAPP_E2E_PYTHON=skip` skips it on purpose outside CI.
//! The virtual environment lives in `target/tmp/e2e-python/venv`, reinstalled only when the
//! lock file changes, so a warm run installs nothing.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use stripeapp::emit::python::REQUIREMENTS_DEV;

mod common;
use common::{in_ci, repo, skip_or_fail};

/// A Python 3.11+ with `venv` and `pip`, or why there is none.
fn python() -> Result<String, String> {
    for candidate in ["python3.11", "python3.12", "python3.13", "python3"] {
        let ok = Command::new(candidate)
            .args([
                "-c",
                "import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 11) else 1)",
            ])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Ok(candidate.to_string());
        }
    }
    Err("no python3 (3.11 or later) with the venv and ensurepip modules".to_string())
}

fn run(cmd: &mut Command, what: &str) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
    assert!(
        out.status.success(),
        "{what} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The virtual environment with the pinned packages, created or refreshed when the lock
/// file changed (a stamp holds the lock's hash).
fn venv(root: &Path, python: &str) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let dir = root.join("venv");
    let bin = dir.join("bin").join("python");
    let stamp = dir.join(".stripeapp-lock");
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    REQUIREMENTS_DEV.hash(&mut hasher);
    let hash = format!("{:016x}", hasher.finish());
    if bin.exists() && std::fs::read_to_string(&stamp).is_ok_and(|s| s == hash) {
        eprintln!("e2e-python: packages already installed from this lock file");
        return bin;
    }
    let _ = std::fs::remove_dir_all(&dir);
    run(
        Command::new(python).args(["-m", "venv"]).arg(&dir),
        "python -m venv",
    );
    let lock = root.join("requirements-dev.txt");
    std::fs::write(&lock, REQUIREMENTS_DEV).unwrap();
    run(
        Command::new(&bin)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--require-hashes",
                "--only-binary=:all:",
                "-r",
            ])
            .arg(&lock),
        "pip install --require-hashes -r requirements-dev.txt",
    );
    std::fs::write(&stamp, hash).unwrap();
    bin
}

/// `text` with `runtime python` as the first statement of its backend block.
fn with_python_runtime(text: &str) -> Option<String> {
    let at = text.find("\nbackend \"")? + 1;
    let brace = at + text[at..].find('{')?;
    Some(format!(
        "{}{{\n  runtime python{}",
        &text[..brace],
        &text[brace + 1..]
    ))
}

fn methods(calls: &[stripeapp::model::Call]) -> Vec<&'static str> {
    calls
        .iter()
        .filter_map(|c| match c {
            stripeapp::model::Call::Api(m) => Some(m.name),
            stripeapp::model::Call::Sdk(_) => None,
        })
        .collect()
}

/// What the checks need to know about one Python backend.
fn entry(name: &str, b: &stripeapp::model::Backend, work: &Path) -> Value {
    let webhook = (b.webhooks_explicit || !b.handlers.is_empty())
        .then(|| stripeapp::model::url_path(&b.webhook_url));
    let mut env = vec!["STRIPE_SECRET_KEY"];
    if webhook.is_some() {
        env.push("STRIPE_WEBHOOK_SECRET");
    }
    if !b.endpoints.is_empty() {
        env.push("STRIPE_APP_SECRET");
    }
    if b.oauth_callback.is_some() {
        env.push("STRIPE_OAUTH_INSTALL_URL");
    }
    let events: Vec<Value> = b
        .handlers
        .iter()
        .flat_map(|h| {
            let platform = !h.platform_calls.is_empty();
            h.events
                .iter()
                .map(move |e| json!({"name": e, "platform": platform}))
        })
        .collect();
    json!({
        "name": name,
        "dir": work.join(name),
        "backend": {
            "webhook": webhook,
            "events": events,
            "endpoints": b.endpoints.iter().map(|e| json!({
                "name": e.name,
                "path": stripeapp::model::url_path(&e.url),
                "params": e.params,
                "roles": e.roles,
                "methods": methods(&e.calls),
                "platform": !e.platform_calls.is_empty(),
            })).collect::<Vec<_>>(),
            "health": stripeapp::model::url_path(&b.health_url),
            "publics": b.publics.iter().map(|p| json!({
                "name": p.name,
                "method": p.method,
                "path": stripeapp::model::url_path(&p.url),
                "params": p.params,
            })).collect::<Vec<_>>(),
            "oauth": b.oauth_callback.as_ref().map(|o| stripeapp::model::url_path(&o.url)),
            "jobs": b.jobs.iter().map(|j| json!({
                "name": j.name,
                "platform": !j.platform_calls.is_empty(),
            })).collect::<Vec<_>>(),
            "env": env,
        },
    })
}

#[test]
#[ignore = "slow suite (PyPI packages): `cargo test --test e2e_python -- --ignored`; CI runs it"]
fn every_backend_compiles_to_python_typechecks_and_answers_the_vectors() {
    if !in_ci() && std::env::var("STRIPEAPP_E2E_PYTHON").is_ok_and(|v| v == "skip") {
        return skip_or_fail("tests/e2e_python.rs", "STRIPEAPP_E2E_PYTHON=skip");
    }
    let python = match python() {
        Ok(p) => p,
        Err(why) => return skip_or_fail("tests/e2e_python.rs", &why),
    };
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-python");
    std::fs::create_dir_all(&root).unwrap();
    let bin = venv(&root, &python);

    // Every example and fixture with a backend, rewritten to `runtime python`.
    let sources = root.join("sources");
    let work = root.join("work");
    let _ = std::fs::remove_dir_all(&sources);
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&sources).unwrap();
    let mut examples = Vec::new();
    let mut paths: Vec<PathBuf> = ["examples", "tests/e2e/fixtures", "tests/e2e/python"]
        .iter()
        .flat_map(|d| std::fs::read_dir(repo().join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "stripeapp"))
        .collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let Some(text) = with_python_runtime(&text) else {
            continue;
        };
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let analysis = stripeapp::analyse(&text);
        assert!(
            !analysis.has_errors(),
            "{name} with runtime python: {:#?}",
            analysis.diagnostics
        );
        let b = analysis.model.backend.as_ref().unwrap();
        assert_eq!(b.runtime, stripeapp::model::Runtime::Python);
        std::fs::write(sources.join(format!("{name}.stripeapp")), &text).unwrap();
        examples.push(entry(&name, b, &work));
    }
    // Two instances sharing Redis are shown on the first backend with event handlers
    // (the store is the same code in every backend).
    if let Some(first) = examples.iter_mut().find(|e| {
        e["backend"]["events"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    }) {
        first["redis"] = json!(true);
    }
    assert!(examples.len() >= 5, "too few backends: {}", examples.len());
    run(
        Command::new(env!("CARGO_BIN_EXE_stripeapp"))
            .arg("compile")
            .arg(&sources)
            .arg("-o")
            .arg(&work),
        "stripeapp compile",
    );

    // Stubs for new handlers: a backend compiled, then given a new endpoint, event handler
    // and job (each with platform calls), then compiled again over its handler module, which gets a stub method for
    // each (tests/stubs.rs checks the text); it is type-checked, linted and run below
    // like the others.
    let stubs = root.join("stubs-src");
    let _ = std::fs::remove_dir_all(&stubs);
    std::fs::create_dir_all(&stubs).unwrap();
    let stub_source = stubs.join("stubs-python.stripeapp");
    let before = with_python_runtime(
        &std::fs::read_to_string(repo().join("examples/invoice-sync.stripeapp")).unwrap(),
    )
    .unwrap();
    let after = before.replace(
        "  job nightly_reconcile {",
        // Each with `platform calls`: the stub takes `platform` too.
        "  endpoint refresh_cache {\n    platform calls customers.search\n  }\n  on invoice.finalized {\n    platform calls invoiceItems.create\n  }\n  job weekly_report {\n    platform calls invoices.list\n  }\n  job nightly_reconcile {",
    );
    common::compile_then_change(
        &stub_source,
        &work.join("stubs-python"),
        &before,
        &after,
        &["appended  backend/app/handlers.py"],
    );
    let model = stripeapp::analyse(&after).model;
    examples.push(entry(
        "stubs-python",
        model.backend.as_ref().unwrap(),
        &work,
    ));
    // And for new routes: partner-portal given its OAuth callback and public routes, and
    // routes with path parameters, after a first compile.
    let (before, after) = common::routes_change();
    let (before, after) = (
        with_python_runtime(&before).unwrap(),
        with_python_runtime(&after).unwrap(),
    );
    common::compile_then_change(
        &stubs.join("stubs-routes-python.stripeapp"),
        &work.join("stubs-routes-python"),
        &before,
        &after,
        &[
            "appended  backend/app/handlers.py (yours): stubs for endpoint unlink_profile, public install_link, public zendesk_hook, oauth_callback",
        ],
    );
    let model = stripeapp::analyse(&after).model;
    examples.push(entry(
        "stubs-routes-python",
        model.backend.as_ref().unwrap(),
        &work,
    ));

    // mypy --strict (the emitted pyproject.toml sets `strict = true`) and ruff, with the
    // emitted configuration, in each backend; one mypy cache for all of them.
    let cache = root.join("mypy-cache");
    for e in &examples {
        let dir = work.join(e["name"].as_str().unwrap()).join("backend");
        run(
            Command::new(&bin)
                .args(["-m", "mypy", "--strict", "--cache-dir"])
                .arg(&cache)
                .arg("app")
                .current_dir(&dir),
            &format!("mypy --strict in {}", dir.display()),
        );
        run(
            Command::new(&bin)
                .args(["-m", "ruff", "check", "--no-cache", "app"])
                .current_dir(&dir),
            &format!("ruff check in {}", dir.display()),
        );
    }
    undeclared_use_is_a_type_error(&bin, &work.join("invoice-sync/backend"), &cache);

    let plan = root.join("plan.json");
    std::fs::write(
        &plan,
        serde_json::to_string_pretty(&json!({ "examples": examples })).unwrap(),
    )
    .unwrap();
    let status = Command::new(&bin)
        .arg(repo().join("tests/e2e/python/vectors.py"))
        .arg(&plan)
        .status()
        .unwrap();
    assert!(
        status.success(),
        "the Python backends failed vectors (see above)"
    );
}

/// In a copy of a compiled backend: a missing handler, an undeclared Stripe method and a
/// left-over handler are each a mypy error at the expected place.
fn undeclared_use_is_a_type_error(bin: &Path, backend: &Path, cache: &Path) {
    let copy = backend.with_file_name("backend-typeerrors");
    let _ = std::fs::remove_dir_all(&copy);
    run(
        Command::new("cp").arg("-a").arg(backend).arg(&copy),
        "copy the backend",
    );
    let handlers = copy.join("app/handlers.py");
    let text = std::fs::read_to_string(&handlers).unwrap();
    let broken = text
        // A handler missing: `sync_status` renamed away (and so left over).
        .replace("async def sync_status(", "async def sync_status_old(")
        // A method the handler did not declare (`invoices.update` is declared, `list` not).
        .replace(
            "        # context.stripe has invoices.list on your own account;",
            "        await context.stripe.invoices.delete_async(\"in_1\")",
        );
    assert_ne!(text, broken, "the starter changed shape");
    std::fs::write(&handlers, broken).unwrap();
    let out = Command::new(bin)
        .args(["-m", "mypy", "--strict", "--cache-dir"])
        .arg(cache)
        .arg("app")
        .current_dir(&copy)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "mypy accepted the broken handlers");
    for expected in [
        "\"sync_status_old\" is marked as an override, but no base method was found",
        "has no attribute \"delete_async\"",
        "Cannot instantiate abstract class \"AppHandlers\" with abstract attribute \"sync_status\"",
    ] {
        assert!(
            text.contains(expected),
            "mypy did not say {expected:?}:\n{text}"
        );
    }
    let _ = std::fs::remove_dir_all(&copy);
}
