//! End to end, against the real Stripe packages: every example is compiled by the real
//! binary, the pinned npm packages are installed once from the lockfiles committed under
//! `tests/e2e/`, and `tests/e2e/run.mjs` then type-checks every UI project and backend,
//! lints the views with the SDK's ESLint preset, proves that undeclared use is a type
//! error, and runs each compiled backend against signed, forged and stale requests.
//!
//! Needs `node` (20+) and `npm`. Without them the test fails under CI (`CI=true`) and is
//! skipped, loudly, elsewhere. The exact command is in `tests/e2e/README.md`.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use stripeapp::model::{Call, Model};

mod common;
use common::{has, in_ci, repo, skip_or_fail};

/// The examples, and fixtures that stress names, strings and shapes the examples do not
/// (reserved words, clashing names, empty views, a webhook route without handlers, a
/// backend with a job only).
const SOURCES: [&str; 2] = ["examples", "tests/e2e/fixtures"];

/// `stripeapp init --kind …`: each kind's new app is compiled and checked too.
const INIT_KINDS: [&str; 3] = ["full-stack", "backend", "frontend"];

/// The files in `dir` and in its subfolders (`init` puts each app in a folder of its own).
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
#[ignore = "slow suite (npm packages): `cargo test --test e2e -- --ignored`; CI runs it"]
fn every_example_typechecks_lints_and_runs_against_the_real_packages() {
    for tool in ["node", "npm"] {
        if !has(tool) {
            return skip_or_fail("tests/e2e.rs", &format!("`{tool}` is not installed"));
        }
    }
    if !in_ci() && std::env::var("STRIPEAPP_E2E").is_ok_and(|v| v == "skip") {
        return skip_or_fail("tests/e2e.rs", "STRIPEAPP_E2E=skip");
    }
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e");
    let work = root.join("work");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();

    // The apps `stripeapp init` starts, one per kind, are checked like the examples.
    let init = root.join("init");
    let _ = std::fs::remove_dir_all(&init);
    for kind in INIT_KINDS {
        let out = Command::new(env!("CARGO_BIN_EXE_stripeapp"))
            .arg("init")
            .arg(init.join(format!("init-{kind}")))
            .args(["--kind", kind])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "init --kind {kind} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    let sources: Vec<PathBuf> = SOURCES
        .iter()
        .map(|dir| repo().join(dir))
        .chain(std::iter::once(init.clone()))
        .collect();
    for dir in &sources {
        let compile = Command::new(env!("CARGO_BIN_EXE_stripeapp"))
            .arg("compile")
            .arg(dir)
            .arg("-o")
            .arg(&work)
            .output()
            .unwrap();
        assert!(
            compile.status.success(),
            "compile of {} failed:\n{}",
            dir.display(),
            String::from_utf8_lossy(&compile.stderr)
        );
    }
    // A fixture's `<name>.handlers.ts` replaces its starter handlers (user-owned, so
    // compile never touches it again).
    for path in walk(&repo().join("tests/e2e/fixtures")) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".handlers.ts") {
            std::fs::copy(&path, work.join(stem).join("backend/src/handlers.ts")).unwrap();
        }
    }

    // Stubs for new handlers and a renamed view: an app compiled, then given a new
    // endpoint, event handler and job and a new name for a view, then compiled again over
    // its own files: the handler module gets a stub for each new handler and the view file
    // is moved with its helper import rewritten (tests/stubs.rs checks the text). The
    // result type-checks, lints and runs like the others.
    let stubs = root.join("stubs-src");
    let _ = std::fs::remove_dir_all(&stubs);
    std::fs::create_dir_all(&stubs).unwrap();
    let stub_source = stubs.join("stubs-node.stripeapp");
    let before = std::fs::read_to_string(repo().join("examples/invoice-sync.stripeapp")).unwrap();
    let after = before
        .replace(
            "  job nightly_reconcile {",
            "  endpoint refresh_cache\n  on invoice.finalized\n  job weekly_report\n  job nightly_reconcile {",
        )
        .replace("view InvoiceStatus ", "view InvoicePanel ");
    common::compile_then_change(
        &stub_source,
        &work.join("stubs-node"),
        &before,
        &after,
        &[
            "appended  backend/src/handlers.ts",
            "moved     src/views/InvoiceStatus.tsx → src/views/InvoicePanel.tsx",
        ],
    );
    // Stubs for new routes: partner-portal given its OAuth callback and public routes, and
    // routes with path parameters, after a first compile; the stubs are type-checked, and
    // the generated server serves them, tested like any example's routes.
    let (before, after) = common::routes_change();
    common::compile_then_change(
        &stubs.join("stubs-routes-node.stripeapp"),
        &work.join("stubs-routes-node"),
        &before,
        &after,
        &[
            "appended  backend/src/handlers.ts (yours): stubs for endpoint unlink_profile, public install_link, public zendesk_hook, oauth_callback",
        ],
    );
    let sources: Vec<PathBuf> = sources.into_iter().chain([stubs]).collect();
    let plan = plan(&sources);
    let plan_file = root.join("plan.json");
    std::fs::write(&plan_file, serde_json::to_string_pretty(&plan).unwrap()).unwrap();

    let status = Command::new("node")
        .arg(repo().join("tests/e2e/run.mjs"))
        .arg("--work")
        .arg(&work)
        .arg("--plan")
        .arg(&plan_file)
        .arg("--modules")
        .arg(root.join("node"))
        .arg("--cache")
        .arg(root.join("npm-cache"))
        .status()
        .unwrap();
    assert!(
        status.success(),
        "the end-to-end checks failed (see their output above)"
    );
}

/// What the checks need to know about each example, from the compiler's own model.
fn plan(sources: &[PathBuf]) -> Value {
    let mut examples = Vec::new();
    let mut paths: Vec<PathBuf> = sources
        .iter()
        .flat_map(|dir| walk(dir))
        .filter(|p| p.extension().is_some_and(|x| x == "stripeapp"))
        .collect();
    paths.sort_by_key(|p| p.file_name().map(|n| n.to_owned()));
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let analysis = stripeapp::analyse(&text);
        assert!(!analysis.has_errors(), "{} has errors", path.display());
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        examples.push(example(&name, &analysis.model));
    }
    json!({ "examples": examples })
}

fn methods(calls: &[Call]) -> Vec<&'static str> {
    calls
        .iter()
        .filter_map(|c| match c {
            Call::Api(m) => Some(m.name),
            Call::Sdk(_) => None,
        })
        .collect()
}

/// The sample value of path parameter `name` in the end-to-end requests.
fn sample_value(name: &str) -> String {
    format!("e2e_{name}_1")
}

/// A route path or URL with each `:name` segment replaced by its sample value.
fn sample(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            seg.strip_prefix(':')
                .map_or_else(|| seg.to_string(), sample_value)
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// `{name: sample value}` for a route's parameters.
fn sample_params(names: &[String]) -> Value {
    Value::Object(
        names
            .iter()
            .map(|n| (n.clone(), Value::String(sample_value(n))))
            .collect(),
    )
}

fn example(name: &str, model: &Model) -> Value {
    let helpers = stripeapp::emit::view_helpers(model, &format!("{name}.stripeapp"));
    let views: Vec<Value> = model
        .views
        .iter()
        .zip(&helpers)
        .map(|(v, h)| {
            let endpoints: Vec<Value> = h
                .endpoints
                .iter()
                .map(|e| {
                    let ep = model
                        .backend
                        .as_ref()
                        .unwrap()
                        .endpoints
                        .iter()
                        .find(|x| x.name == e.name)
                        .unwrap();
                    json!({
                        "name": e.name,
                        "function": e.function,
                        "url": e.url,
                        // With each `:name` parameter replaced by a sample value.
                        "sample_url": sample(&e.url),
                        "params": sample_params(&ep.params),
                        "path": stripeapp::model::url_path(&e.url),
                        // The endpoint's path under the backend's base URL.
                        "backend_path": if ep.path.starts_with('/') { ep.path.clone() } else { format!("/{}", ep.path) },
                        "roles": ep.roles,
                    })
                })
                .collect();
            let sdk: Vec<&str> = v
                .calls
                .iter()
                .filter_map(|c| match c {
                    Call::Sdk(s) => Some(s.function),
                    Call::Api(_) => None,
                })
                .collect();
            json!({
                "component": v.component,
                "viewport": v.viewport.id,
                "methods": methods(&v.calls),
                "sdk": sdk,
                "fetch": v.fetch,
                "endpoints": endpoints,
            })
        })
        .collect();
    let backend = model.backend.as_ref().map(|b| {
        let webhook = (b.webhooks_explicit || !b.handlers.is_empty()).then(|| stripeapp::model::url_path(&b.webhook_url));
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
            .flat_map(|h| h.events.iter().map(|e| json!({"name": e, "methods": methods(&h.calls)})))
            .collect();
        json!({
            "webhook": webhook,
            "health": stripeapp::model::url_path(&b.health_url),
            "publics": b.publics.iter().map(|p| json!({
                "name": p.name,
                "method": p.method,
                "path": stripeapp::model::url_path(&p.url),
                "sample_path": sample(&stripeapp::model::url_path(&p.url)),
                "params": sample_params(&p.params),
                "methods": methods(&p.calls),
            })).collect::<Vec<_>>(),
            "oauth": b.oauth_callback.as_ref().map(|cb| stripeapp::model::url_path(&cb.url)),
            "endpoints": b.endpoints.iter().map(|e| json!({
                "name": e.name,
                "sample_path": sample(&stripeapp::model::url_path(&e.url)),
                "params": sample_params(&e.params),
                "path": stripeapp::model::url_path(&e.url),
                "roles": e.roles,
                "methods": methods(&e.calls),
            })).collect::<Vec<_>>(),
            "events": events,
            "jobs": b.jobs.iter().map(|j| json!({"name": j.name, "methods": methods(&j.calls)})).collect::<Vec<_>>(),
            "env": env,
        })
    });
    json!({
        "name": name,
        "dir": name,
        "views": views,
        "backend": backend,
    })
}
