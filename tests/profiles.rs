//! Profiles end to end: every manifest a profile compiles to is valid against Stripe's
//! local-manifest schema (and the production manifest against the main one), carries only
//! what the profile overrides, and `compile` removes the manifest of a removed profile
//! while never touching a `stripe-app.<name>.json` it did not write.
//!
//! The schemas are read from `../shared/stripe-apps/schema/`; when they are missing the
//! schema tests say SKIPPED loudly (and fail under `CI=true`).

mod common;

use common::{bin, files_under, repo, temp_dir};
use std::path::{Path, PathBuf};
use stripeapp::emit;

/// Every profile feature at once, on an OAuth app with a backend.
const APP: &str = r#"app "com.example.crm" {
  name "CRM Sync"
  version "2.0.0"
  api_access oauth
  distribution public
  redirect "https://crm.example.com/stripe/oauth/callback"
  constant SUPPORT_EMAIL "help@crm.example.com"
  constant PAGE_SIZE 25
}

permission customer_read "Show the CRM record of a customer"

urls "Reach the CRM" {
  connect "https://crm.example.com/stripe/"
  image "https://cdn.crm.example.com/logos/"
}

view Record on stripe.dashboard.customer.detail {
  calls customers.retrieve
  uses record
}

backend "https://crm.example.com/stripe" {
  endpoint record {
    calls customers.retrieve
  }
}

/// Local development through a tunnel.
profile dev {
  name "CRM Sync (dev)"
  backend "https://crm-dev.ngrok.app/stripe"
  connect "https://crm-dev.ngrok.app/stripe/", "http://localhost:4242/api/"
  image "http://127.0.0.1:4242/img/"
  constant SUPPORT_EMAIL "dev@crm.example.com"
  constant PAGE_SIZE 5
  redirect "https://crm-dev.ngrok.app/stripe/oauth/callback"
}

profile staging {
  name "CRM Sync (staging)"
}
"#;

fn compile(source: &str) -> Vec<emit::OutputFile> {
    let analysis = stripeapp::analyse(source);
    assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
    emit::emit(&analysis.model, "crm.stripeapp").unwrap()
}

fn json(files: &[emit::OutputFile], path: &str) -> serde_json::Value {
    let file = files.iter().find(|f| f.path == path).unwrap();
    serde_json::from_str(&file.contents).unwrap()
}

/// Stripe's two manifest schemas, or `None` (after a loud SKIPPED) when they are missing.
fn schemas() -> Option<(serde_json::Value, serde_json::Value)> {
    let what = "the profile manifest schema test";
    Some((
        common::shared_schema("stripe-app.schema.json", what)?,
        common::shared_schema("stripe-app-local.schema.json", what)?,
    ))
}

/// Validates every manifest of `files`: `stripe-app.json` against the main schema, each
/// `stripe-app.<profile>.json` against the local one (whose `$ref`s name the main one).
fn validate(
    files: &[emit::OutputFile],
    main: &serde_json::Value,
    local: &serde_json::Value,
) -> usize {
    let registry = jsonschema::Registry::new()
        .add("https://stripe.com/stripe-app.schema.json", main.clone())
        .unwrap()
        .prepare()
        .unwrap();
    let main_validator = jsonschema::validator_for(main).unwrap();
    let local_validator = jsonschema::options()
        .with_registry(&registry)
        .build(local)
        .unwrap();
    let mut profiles = 0;
    for file in files {
        let Some(profile) = emit::manifest::profile_of_file(&file.path) else {
            continue;
        };
        let value: serde_json::Value = serde_json::from_str(&file.contents).unwrap();
        let validator = if profile == "json" || file.path == "stripe-app.json" {
            &main_validator
        } else {
            profiles += 1;
            &local_validator
        };
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", file.path);
    }
    // The production manifest is checked on every call.
    let manifest = json(files, "stripe-app.json");
    assert!(main_validator.is_valid(&manifest));
    profiles
}

#[test]
fn every_profile_manifest_is_valid_against_the_local_schema() {
    let Some((main, local)) = schemas() else {
        return;
    };
    assert_eq!(validate(&compile(APP), &main, &local), 2);
    // The local schema is strict (`additionalProperties: false`): a key it does not know
    // fails, so the validation above means something.
    let registry = jsonschema::Registry::new()
        .add("https://stripe.com/stripe-app.schema.json", main.clone())
        .unwrap()
        .prepare()
        .unwrap();
    let strict = jsonschema::options()
        .with_registry(&registry)
        .build(&local)
        .unwrap();
    assert!(!strict.is_valid(&serde_json::json!({"extends": "stripe-app.json", "backend": "x"})));
    // Examples with profiles too.
    let mut with_profiles = 0;
    for path in files_under(&repo().join("examples"), Some("stripeapp")) {
        let text = std::fs::read_to_string(&path).unwrap();
        with_profiles += validate(&compile(&text), &main, &local);
    }
    assert!(with_profiles >= 1, "no example has a profile");
}

#[test]
fn a_profile_manifest_carries_only_what_the_profile_overrides() {
    let files = compile(APP);
    let manifest = json(&files, "stripe-app.json");
    // Production keeps production values: no http, no tunnel.
    assert_eq!(
        manifest["constants"]["STRIPEAPP_BACKEND_URL"],
        "https://crm.example.com/stripe"
    );
    assert!(manifest["constants"].get("STRIPEAPP_PROFILE").is_none());
    assert!(!files[0].contents.contains("ngrok") && !files[0].contents.contains("http://"));

    let dev = json(&files, "stripe-app.dev.json");
    assert_eq!(
        dev,
        serde_json::json!({
            "extends": "stripe-app.json",
            "constants": {
                "STRIPEAPP_PROFILE": "dev",
                "SUPPORT_EMAIL": "dev@crm.example.com",
                "PAGE_SIZE": 5,
                "STRIPEAPP_BACKEND_URL": "https://crm-dev.ngrok.app/stripe"
            },
            "name": "CRM Sync (dev)",
            "ui_extension": {
                "content_security_policy": {
                    "connect-src": [
                        "https://crm.example.com/stripe/",
                        "https://crm-dev.ngrok.app/stripe/",
                        "http://localhost:4242/api/"
                    ],
                    "image-src": [
                        "https://cdn.crm.example.com/logos/",
                        "http://127.0.0.1:4242/img/"
                    ]
                }
            },
            "allowed_redirect_uris": [
                "https://crm-dev.ngrok.app/stripe/oauth/callback",
                "https://crm.example.com/stripe/oauth/callback"
            ]
        })
    );
    let staging = json(&files, "stripe-app.staging.json");
    assert_eq!(
        staging,
        serde_json::json!({
            "extends": "stripe-app.json",
            "constants": {"STRIPEAPP_PROFILE": "staging"},
            "name": "CRM Sync (staging)"
        })
    );
    // The marker `compile` recognises the file by is where the file starts.
    for file in &files[1..3] {
        let profile = emit::manifest::profile_of_file(&file.path).unwrap();
        assert!(
            file.contents
                .starts_with(&emit::manifest::profile_marker(profile))
        );
        assert_eq!(
            file.marker.as_deref(),
            Some(emit::manifest::profile_marker(profile).as_str())
        );
    }
}

fn write(dir: &Path, source: &str) -> PathBuf {
    let file = dir.join("crm.stripeapp");
    std::fs::write(&file, source).unwrap();
    file
}

fn run_compile(file: &Path) -> String {
    let out = bin().arg("compile").arg(file).output().unwrap();
    let report = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{report}");
    report
}

#[test]
fn a_removed_profile_loses_its_manifest_but_hand_written_manifests_stay() {
    let dir = temp_dir("profiles", "stale");
    let file = write(&dir, APP);
    let report = run_compile(&file);
    assert!(
        report.contains("  wrote     stripe-app.dev.json\n"),
        "{report}"
    );
    assert!(
        report.contains("  wrote     stripe-app.staging.json\n"),
        "{report}"
    );
    // The user's own overlay, never declared by the file.
    let mine = r#"{"extends": "stripe-app.json", "name": "mine"}"#;
    std::fs::write(dir.join("stripe-app.local.json"), mine).unwrap();

    let without_staging = APP.replace("profile staging {\n  name \"CRM Sync (staging)\"\n}\n", "");
    assert_ne!(without_staging, APP);
    write(&dir, &without_staging);
    let report = run_compile(&file);
    assert!(
        report.contains("  removed   stripe-app.staging.json"),
        "{report}"
    );
    assert!(!dir.join("stripe-app.staging.json").exists());
    assert!(dir.join("stripe-app.dev.json").exists());
    assert_eq!(
        std::fs::read_to_string(dir.join("stripe-app.local.json")).unwrap(),
        mine
    );
    assert!(dir.join("stripe-app.json").exists());
}

#[test]
fn a_hand_written_manifest_in_a_profile_s_place_is_refused_not_overwritten() {
    let dir = temp_dir("profiles", "refuse");
    let file = write(&dir, APP);
    let mine = r#"{"extends": "stripe-app.json", "name": "mine"}"#;
    std::fs::write(dir.join("stripe-app.dev.json"), mine).unwrap();
    let out = bin().arg("compile").arg(&file).output().unwrap();
    let report = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_ne!(out.status.code(), Some(0), "{report}");
    assert!(report.contains("stripe-app.dev.json"), "{report}");
    assert_eq!(
        std::fs::read_to_string(dir.join("stripe-app.dev.json")).unwrap(),
        mine
    );
}
