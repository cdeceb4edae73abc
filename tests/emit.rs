//! `compile`'s output: a snapshot of every emitted file of every example (one snapshot per
//! file, named `<example>__<path>`), byte-for-byte determinism, nothing written for a file
//! with errors, user-owned files kept across recompiles, the permission report, and the
//! manifest validated against Stripe's published JSON schema.
//!
//! Re-bless the snapshots with `INSTA_UPDATE=always cargo test --test emit` (or
//! `cargo insta review`).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use stripeapp::emit::{self, OutputFile, Owner};

use common::{bin, repo, temp_dir};

fn examples() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(repo().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "stripeapp"))
        .collect();
    paths.sort();
    paths
}

fn emit_example(name: &str) -> Vec<OutputFile> {
    let text =
        std::fs::read_to_string(repo().join("examples").join(format!("{name}.stripeapp"))).unwrap();
    let analysis = stripeapp::analyse(&text);
    assert!(
        !analysis.has_errors(),
        "{name} has errors: {:#?}",
        analysis.diagnostics
    );
    emit::emit(&analysis.model, &format!("{name}.stripeapp")).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file below `dir` with its bytes (symbolic links as their target, prefixed).
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if entry.path_is_symlink() {
            let target = std::fs::read_link(entry.path()).unwrap();
            out.insert(rel, format!("-> {}", target.display()).into_bytes());
        } else if entry.file_type().is_file() {
            out.insert(rel, std::fs::read(entry.path()).unwrap());
        } else if entry.depth() > 0 {
            out.insert(format!("{rel}/"), Vec::new());
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Snapshots
// ---------------------------------------------------------------------------------------

fn snapshot_example(name: &str) {
    let files = emit_example(name);
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(repo().join("tests/emit/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| {
        for file in &files {
            let owner = match file.owner {
                Owner::Generated => "generated",
                Owner::User => "yours",
            };
            insta::with_settings!({ description => format!("{name}: {} ({owner})", file.path) }, {
                insta::assert_snapshot!(format!("{name}__{}", file.path.replace('/', "__")), file.contents);
            });
        }
    });
}

macro_rules! snapshot_tests {
    ($($test:ident => $name:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                snapshot_example($name);
            }
        )*

        /// Every example has a snapshot test above.
        #[test]
        fn every_example_is_snapshotted() {
            let covered = [$($name),*];
            for path in examples() {
                let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
                assert!(covered.contains(&stem.as_str()), "add `{stem}` to snapshot_tests!");
            }
        }
    };
}

snapshot_tests! {
    snapshot_alert_center => "alert-center",
    snapshot_cafe_rewards => "cafe-rewards",
    snapshot_contextual_data => "contextual-data",
    snapshot_crm_buddy => "crm-buddy",
    snapshot_crm_sync => "crm-sync",
    snapshot_customer_messages => "customer-messages",
    snapshot_dispute_evidence => "dispute-evidence",
    snapshot_dropbox_oauth => "dropbox-oauth",
    snapshot_helpdesk_bridge => "helpdesk-bridge",
    snapshot_install_tracker => "install-tracker",
    snapshot_invoice_context => "invoice-context",
    snapshot_invoice_sync => "invoice-sync",
    snapshot_ledger_export => "ledger-export",
    snapshot_metered_api => "metered-api",
    snapshot_order_desk => "order-desk",
    snapshot_partner_portal => "partner-portal",
    snapshot_payout_alerts => "payout-alerts",
    snapshot_settings_secrets => "settings-secrets",
    snapshot_shipping_rate_picker => "shipping-rate-picker",
    snapshot_usage_billing => "usage-billing",
    snapshot_wordpress_connector => "wordpress-connector",
}

/// No snapshot is left over from a file that is no longer emitted.
#[test]
fn no_stale_snapshots() {
    let mut expected = std::collections::BTreeSet::new();
    for path in examples() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        for file in emit_example(&name) {
            expected.insert(format!("{name}__{}.snap", file.path.replace('/', "__")));
        }
    }
    let dir = repo().join("tests/emit/snapshots");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let file = entry.unwrap().file_name().to_string_lossy().into_owned();
        if file.ends_with(".snap") {
            assert!(
                expected.contains(&file),
                "stale snapshot tests/emit/snapshots/{file}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// What is emitted
// ---------------------------------------------------------------------------------------

#[test]
fn emitting_twice_gives_identical_bytes() {
    for path in examples() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert_eq!(emit_example(&name), emit_example(&name), "{name}");
    }
}

#[test]
fn generated_files_say_so_and_name_the_source() {
    for path in examples() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        for file in emit_example(&name) {
            match (file.owner, &file.marker) {
                // A profile's manifest: JSON again, marked by the constant naming its profile.
                (Owner::Generated, Some(marker))
                    if let Some(profile) = emit::manifest::profile_of_file(&file.path) =>
                {
                    assert_eq!(marker, &emit::manifest::profile_marker(profile));
                    assert!(
                        file.contents.starts_with(marker.as_str()),
                        "{name}: {}",
                        file.path
                    );
                }
                (Owner::Generated, Some(marker)) => assert!(
                    file.contents
                        .starts_with(&format!("{marker}{name}.stripeapp — do not edit.\n")),
                    "{name}: {}",
                    file.path
                ),
                // JSON has no comments, and the manifest schema allows no extra key.
                (Owner::Generated, None) => assert_eq!(file.path, "stripe-app.json"),
                (Owner::User, marker) => {
                    assert_eq!(marker, &None, "{name}: {}", file.path);
                    assert!(
                        !file.contents.contains("Generated by stripeapp from"),
                        "{name}: {}",
                        file.path
                    )
                }
            }
            // Every generated TypeScript file carries the `//` header.
            if file.path.ends_with(".ts") && file.owner == Owner::Generated {
                assert_eq!(
                    file.marker.as_deref(),
                    Some(emit::CommentSyntax::SLASHES.marker().as_str()),
                    "{name}: {}",
                    file.path
                );
            }
        }
    }
}

#[test]
fn manifests_follow_the_mapping() {
    for path in examples() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let files = emit_example(&name);
        let manifest = &files
            .iter()
            .find(|f| f.path == "stripe-app.json")
            .unwrap()
            .contents;
        let json: serde_json::Value = serde_json::from_str(manifest).unwrap();
        assert!(json["permissions"].is_array(), "{name}");
        assert!(json["ui_extension"]["views"].is_array(), "{name}");
        assert!(json.get("app_backend").is_none(), "{name}");
        assert!(json["icon"].is_string(), "{name}");
        if let Some(csp) = json["ui_extension"].get("content_security_policy") {
            assert!(
                csp["purpose"].as_str().is_some_and(|p| !p.is_empty()),
                "{name}"
            );
            assert!(
                csp.get("connect-src").is_some() || csp.get("image-src").is_some(),
                "{name}"
            );
        }
    }
    // Numbers stay as written, and every constant keeps its JSON type.
    let files = emit_example("cafe-rewards");
    let manifest = &files
        .iter()
        .find(|f| f.path == "stripe-app.json")
        .unwrap()
        .contents;
    assert!(manifest.contains("\"POINTS_PER_EURO\": 10,"), "{manifest}");
    assert!(manifest.contains("\"MIN_REDEEM\": 2.5,"), "{manifest}");
    assert!(
        manifest.contains("\"SHOW_LEADERBOARD\": true"),
        "{manifest}"
    );
    assert!(
        manifest.contains("\"CURRENCY_SYMBOL\": \"€\""),
        "{manifest}"
    );
    // No icon statement: an empty icon.
    let files = emit_example("contextual-data");
    assert!(files[0].contents.contains("\"icon\": \"\","));
}

#[test]
fn edge_cases_emit_code_that_cannot_break_out_of_strings_or_comments() {
    let source = r#"app "com.example.edge" {
  name "Edge */ `${x}` 'q' \"d\""
  version "1.0.0"
}
permission customer_read "Read"
permission event_read "Events"
urls "Purpose" { connect "https://api.example.com/a/" }
/// Doc with */ inside and `code`.
view delete on stripe.dashboard.customer.detail {
  title "It's a \"title\" {with} <braces>"
  calls customers.retrieve
  fetch "https://api.example.com/a/b"
  uses stripe, aB, a_b
}
view Box on stripe.dashboard.drawer.default
backend "https://api.example.com/a" {
  webhooks "/hooks"
  endpoint stripe
  endpoint aB "/ab"
  endpoint a_b "/a_b"
  on customer.created
}
"#;
    let analysis = stripeapp::analyse(source);
    assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
    let files = emit::emit(&analysis.model, "edge */.stripeapp").unwrap();
    let get = |p: &str| &files.iter().find(|f| f.path == p).unwrap().contents;
    let helper = get("src/generated/delete.ts");
    // Endpoint helpers get names that clash with nothing.
    for name in ["stripeEndpoint", "aB", "aBEndpoint"] {
        assert!(
            helper.contains(&format!("export function {name}<")),
            "{name} in\n{helper}"
        );
    }
    assert!(!helper.contains("*/ inside"), "{helper}");
    let view = get("src/views/delete.tsx");
    assert!(view.contains("const Delete = ("), "{view}");
    assert!(
        view.contains("title={'It\\'s a \"title\" {with} <braces>'}"),
        "{view}"
    );
    let boxed = get("src/views/Box.tsx");
    assert!(boxed.contains("const BoxView = ("), "{boxed}");
    assert!(
        get("backend/src/generated/server.ts")
            .contains(r#"`Edge */ \`\${x}\` 'q' "d" backend listening"#),
        "{}",
        get("backend/src/generated/server.ts")
    );
    // `*/` in the source's name or the app's name never ends a comment: it is escaped in
    // every comment line, and appears as is only inside string literals.
    for f in files
        .iter()
        .filter(|f| f.path.ends_with(".ts") || f.path.ends_with(".tsx"))
    {
        for line in f
            .contents
            .lines()
            .filter(|l| l.contains("edge */") || l.contains("Edge */"))
        {
            let t = line.trim_start();
            assert!(
                !(t.starts_with("//") || t.starts_with('*') || t.starts_with("/*")),
                "{}: {line}",
                f.path
            );
        }
        assert!(
            f.owner == Owner::User || f.contents.contains("dge *\\/"),
            "{}",
            f.path
        );
    }
}

// ---------------------------------------------------------------------------------------
// The compile command
// ---------------------------------------------------------------------------------------

fn copy_example(name: &str, dir: &Path) -> PathBuf {
    let file = dir.join(format!("{name}.stripeapp"));
    std::fs::copy(
        repo().join("examples").join(format!("{name}.stripeapp")),
        &file,
    )
    .unwrap();
    file
}

#[test]
fn compile_writes_beside_the_source_and_twice_gives_identical_bytes() {
    let dir = temp_dir("emit", "twice");
    let source = copy_example("invoice-sync", &dir);
    let first = bin().arg("compile").arg(&source).output().unwrap();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let report = stderr(&first);
    assert!(report.contains("  wrote     stripe-app.json\n"), "{report}");
    assert!(
        report.contains("  created   src/views/InvoiceStatus.tsx\n"),
        "{report}"
    );
    assert!(
        !report.contains("permissions:"),
        "no manifest was there before:\n{report}"
    );
    let before = tree(&dir);
    assert!(before.contains_key("backend/src/generated/server.ts"));

    let second = bin().arg("compile").arg(&source).output().unwrap();
    assert_eq!(second.status.code(), Some(0), "{}", stderr(&second));
    assert_eq!(tree(&dir), before);
    let report = stderr(&second);
    assert!(report.contains("  unchanged stripe-app.json\n"), "{report}");
    assert!(
        report.contains("  kept      package.json (yours)\n"),
        "{report}"
    );
    assert!(report.contains("  permissions: unchanged\n"), "{report}");
    // No temporary file is left behind.
    assert!(!before.keys().any(|k| k.contains("stripeapp-tmp")));
}

#[test]
fn a_file_with_errors_leaves_the_directory_exactly_as_it_was() {
    let dir = temp_dir("emit", "errors");
    let source = copy_example("invoice-sync", &dir);
    assert!(
        bin()
            .arg("compile")
            .arg(&source)
            .status()
            .unwrap()
            .success()
    );
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    std::fs::write(dir.join("src/views/InvoiceStatus.tsx"), "// edited\n").unwrap();
    let broken = std::fs::read_to_string(&source).unwrap().replace(
        "calls invoices.retrieve",
        "calls invoices.retrieve, customers.list",
    );
    std::fs::write(&source, &broken).unwrap();
    let before = tree(&dir);

    let out = bin().arg("compile").arg(&source).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("customers.list"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing was written"),
        "{}",
        stderr(&out)
    );
    assert_eq!(tree(&dir), before);

    // Into a new output directory: not even the directory is created.
    let out_dir = dir.join("out");
    let out = bin()
        .arg("compile")
        .arg(&source)
        .arg("-o")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!out_dir.exists());
    assert_eq!(tree(&dir), before);

    // With several files, one with errors stops them all.
    let good = copy_example("cafe-rewards", &dir);
    let before = tree(&dir);
    let out = bin()
        .arg("compile")
        .arg(&good)
        .arg(&source)
        .arg("-o")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(tree(&dir), before);
}

#[test]
fn a_recompile_keeps_every_user_owned_file_byte_for_byte() {
    let dir = temp_dir("emit", "keep");
    let source = copy_example("crm-buddy", &dir);
    assert!(
        bin()
            .arg("compile")
            .arg(&source)
            .status()
            .unwrap()
            .success()
    );
    let files = emit_example("crm-buddy");
    let mut mine = BTreeMap::new();
    for f in files.iter().filter(|f| f.owner == Owner::User) {
        let edited = format!("// my own {}\n", f.path);
        std::fs::write(dir.join(&f.path), &edited).unwrap();
        mine.insert(f.path.clone(), edited);
    }
    // A changed source: a new endpoint, a removed view, a new permission.
    let changed = std::fs::read_to_string(&source)
        .unwrap()
        .replace(
            "  endpoint pipeline\n",
            "  endpoint pipeline\n  endpoint forecast\n",
        )
        .replace("  uses pipeline\n", "  uses pipeline, forecast\n")
        .replace(
            "permission event_read",
            "permission invoice_read \"Show invoices\"\npermission event_read",
        )
        .replace(
            "  calls customers.retrieve\n  uses contact",
            "  calls customers.retrieve, invoices.list\n  uses contact",
        );
    std::fs::write(&source, changed).unwrap();
    let out = bin().arg("compile").arg(&source).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for (path, contents) in &mine {
        assert_eq!(
            &std::fs::read_to_string(dir.join(path)).unwrap(),
            contents,
            "{path} was touched"
        );
    }
    let report = stderr(&out);
    assert!(
        report.contains("  kept      backend/src/handlers.ts (yours)\n"),
        "{report}"
    );
    assert!(
        report.contains("  wrote     backend/src/generated/app.ts\n"),
        "{report}"
    );
    assert!(
        report.contains("  permissions: +invoice_read\n"),
        "{report}"
    );
    assert!(report.contains("re-authorize"), "{report}");
    // The generated side did change.
    let app = std::fs::read_to_string(dir.join("backend/src/generated/app.ts")).unwrap();
    assert!(
        app.contains(
            "    forecast: (call: EndpointCall<EndpointClient<'forecast'>>) => EndpointResult;"
        ),
        "{app}"
    );
}

#[test]
fn removed_views_lose_their_generated_helpers_but_never_their_views() {
    let dir = temp_dir("emit", "stale");
    let source = copy_example("settings-secrets", &dir);
    assert!(
        bin()
            .arg("compile")
            .arg(&source)
            .status()
            .unwrap()
            .success()
    );
    let text = std::fs::read_to_string(&source).unwrap();
    let start = text.find("/// Shows the greeting").unwrap();
    let end = text.find("/// Settings page").unwrap();
    std::fs::write(&source, format!("{}{}", &text[..start], &text[end..])).unwrap();
    // A file of the user's in the generated folder is not the compiler's to remove.
    std::fs::write(
        dir.join("src/generated/notes.ts"),
        "export const mine = 1;\n",
    )
    .unwrap();
    let out = bin().arg("compile").arg(&source).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("  removed   src/generated/App.ts (no longer declared)\n"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.join("src/generated/App.ts").exists());
    assert!(dir.join("src/views/App.tsx").exists());
    assert!(dir.join("src/generated/notes.ts").exists());
    let out = bin().arg("compile").arg(&source).output().unwrap();
    assert!(
        stderr(&out).contains("permissions: -secret_write")
            || stderr(&out).contains("permissions: unchanged")
    );
}

#[test]
fn a_generated_path_holding_a_file_of_the_users_is_refused() {
    let dir = temp_dir("emit", "foreign");
    let source = copy_example("invoice-sync", &dir);
    std::fs::create_dir_all(dir.join("src/generated")).unwrap();
    std::fs::write(dir.join("src/generated/Settings.ts"), "// hand-written\n").unwrap();
    let before = tree(&dir);
    let out = bin().arg("compile").arg(&source).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("was not generated by stripeapp"),
        "{}",
        stderr(&out)
    );
    assert_eq!(tree(&dir), before);
}

#[cfg(unix)]
#[test]
fn never_writes_outside_the_output_directory_through_a_symlink() {
    let dir = temp_dir("emit", "symlink");
    let outside = temp_dir("emit", "symlink-outside");
    let source = copy_example("invoice-sync", &dir);
    let out_dir = dir.join("app");
    std::fs::create_dir_all(&out_dir).unwrap();
    std::os::unix::fs::symlink(&outside, out_dir.join("src")).unwrap();
    let out = bin()
        .arg("compile")
        .arg(&source)
        .arg("-o")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("outside"), "{}", stderr(&out));
    assert!(tree(&outside).is_empty(), "{:?}", tree(&outside).keys());
}

#[test]
fn several_files_need_a_directory_each() {
    let dir = temp_dir("emit", "several");
    let a = copy_example("invoice-sync", &dir);
    let b = copy_example("cafe-rewards", &dir);
    // Beside their sources they would share one directory: refused.
    let before = tree(&dir);
    let out = bin().arg("compile").arg(&a).arg(&b).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("same directory"), "{}", stderr(&out));
    assert_eq!(tree(&dir), before);
    // With -o, each goes to DIR/<name>/.
    let out_dir = dir.join("out");
    let out = bin()
        .arg("compile")
        .arg(&a)
        .arg(&b)
        .arg("-o")
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out_dir.join("invoice-sync/stripe-app.json").exists());
    assert!(out_dir.join("cafe-rewards/stripe-app.json").exists());
    // One file and -o: straight into DIR.
    let single = dir.join("single");
    assert!(
        bin()
            .arg("compile")
            .arg(&a)
            .arg("-o")
            .arg(&single)
            .status()
            .unwrap()
            .success()
    );
    assert!(single.join("stripe-app.json").exists());
}

#[test]
fn a_manifest_written_by_hand_is_compared_and_replaced() {
    let dir = temp_dir("emit", "diff");
    let source = copy_example("invoice-sync", &dir);
    std::fs::write(
        dir.join("stripe-app.json"),
        r#"{"id": "com.example.invoice-sync", "permissions": [{"permission": "invoice_write", "purpose": "x"}, {"permission": "customer_read", "purpose": "y"}]}"#,
    )
    .unwrap();
    let out = bin().arg("compile").arg(&source).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = stderr(&out);
    assert!(
        report.contains("  permissions: +event_read +secret_write -customer_read\n"),
        "{report}"
    );
    assert!(report.contains("re-authorize"), "{report}");

    std::fs::write(dir.join("stripe-app.json"), "not json").unwrap();
    let out = bin().arg("compile").arg(&source).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("could not be read"),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------------------------------
// The manifest against Stripe's published schema
// ---------------------------------------------------------------------------------------

/// Stripe's manifest schema from `../shared` (a loud skip when missing, a failure in CI).
fn published_schema() -> Option<serde_json::Value> {
    common::shared_schema("stripe-app.schema.json", "the manifest schema test")
}

fn string_enum(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn manifests_are_valid_against_the_published_schema_where_its_enums_allow() {
    let Some(schema) = published_schema() else {
        return;
    };
    let permissions = string_enum(
        &schema["properties"]["permissions"]["items"]["properties"]["permission"]["enum"],
    );
    let viewports = string_enum(
        &schema["properties"]["ui_extension"]["properties"]["views"]["items"]["properties"]["viewport"]
            ["enum"],
    );
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut validated = Vec::new();
    for path in examples() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let files = emit_example(&name);
        let manifest: serde_json::Value = serde_json::from_str(&files[0].contents).unwrap();
        let outside_enums: Vec<String> = manifest["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["permission"].as_str().unwrap().to_string())
            .filter(|p| !permissions.contains(p))
            .chain(
                manifest["ui_extension"]["views"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v["viewport"].as_str().unwrap().to_string())
                    .filter(|v| !viewports.contains(v)),
            )
            .collect();
        let errors: Vec<String> = validator
            .iter_errors(&manifest)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        if outside_enums.is_empty() {
            assert!(errors.is_empty(), "{name}: {errors:#?}");
            validated.push(name);
        } else {
            // Only the names the schema does not know may fail it (see docs/compile.md).
            for e in &errors {
                assert!(
                    outside_enums.iter().any(|n| e.contains(n.as_str())),
                    "{name}: {e} (outside the schema's enums: {outside_enums:?})"
                );
            }
        }
    }
    assert!(
        validated.len() >= 10,
        "only {validated:?} could be validated"
    );

    // Outside the enums, the catalogue decides: such a manifest fails the schema on those
    // names only.
    let source = r#"app "com.example.beyond" {
  name "Beyond"
  version "1"
}
permission apple_pay_domain_read "Show your Apple Pay domains"
view Page on stripe.dashboard.fullpage { calls applePayDomains.list }
"#;
    let analysis = stripeapp::analyse(source);
    assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
    let files = emit::emit(&analysis.model, "beyond.stripeapp").unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&files[0].contents).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&manifest)
        .map(|e| e.instance_path().to_string())
        .collect();
    assert_eq!(
        errors,
        [
            "/permissions/0/permission",
            "/ui_extension/views/0/viewport"
        ]
    );
}

#[test]
fn pinned_versions_match_the_end_to_end_lockfiles() {
    for (kind, file) in [("ui", "package.json"), ("backend", "backend/package.json")] {
        let files = emit_example("invoice-sync");
        let emitted: serde_json::Value =
            serde_json::from_str(&files.iter().find(|f| f.path == file).unwrap().contents).unwrap();
        let pinned: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(repo().join(format!("tests/e2e/{kind}/package.json")))
                .unwrap(),
        )
        .unwrap();
        let lock: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(repo().join(format!("tests/e2e/{kind}/package-lock.json")))
                .unwrap(),
        )
        .unwrap();
        for section in ["dependencies", "devDependencies"] {
            assert_eq!(emitted[section], pinned[section], "{kind} {section}");
            for (name, version) in emitted[section].as_object().unwrap() {
                assert_eq!(
                    &lock["packages"][format!("node_modules/{name}")]["version"],
                    version,
                    "{kind}: {name} in the lockfile"
                );
            }
        }
    }
}

/// An example with `runtime python` written into its backend block.
fn emit_python_example(name: &str) -> Vec<OutputFile> {
    let text =
        std::fs::read_to_string(repo().join("examples").join(format!("{name}.stripeapp"))).unwrap();
    let at = text.find("backend \"").unwrap();
    let brace = at + text[at..].find('{').unwrap();
    let text = format!(
        "{}{{\n  runtime python{}",
        &text[..brace],
        &text[brace + 1..]
    );
    let analysis = stripeapp::analyse(&text);
    assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
    assert_eq!(
        analysis.model.backend.as_ref().unwrap().runtime,
        stripeapp::model::Runtime::Python
    );
    emit::emit(&analysis.model, &format!("{name}.stripeapp")).unwrap()
}

#[test]
fn the_python_backend_is_snapshotted() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("emit/snapshots/python");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        // usage-billing and metered-api declare `platform calls` (events, a job, an endpoint).
        for name in ["invoice-sync", "usage-billing", "metered-api"] {
            for file in emit_python_example(name) {
                // The lock files are checked against the pins below, not snapshotted.
                if !file.path.starts_with("backend/") || file.path.ends_with(".txt") {
                    continue;
                }
                // The others differ from invoice-sync's only where a declaration shows.
                let declared = [
                    "app/generated/app.py",
                    "app/generated/server.py",
                    "app/handlers.py",
                ];
                if name != "invoice-sync" && !declared.iter().any(|d| file.path.ends_with(d)) {
                    continue;
                }
                insta::assert_snapshot!(
                    format!("{name}__{}", file.path.replace('/', "__")),
                    file.contents
                );
            }
        }
    });
}

#[test]
fn the_python_backend_replaces_the_node_one_and_marks_its_generated_files() {
    let files = emit_python_example("invoice-sync");
    assert!(files.iter().all(|f| !f.path.starts_with("backend/src/")));
    for f in &files {
        if f.path.starts_with("backend/app/generated/") {
            assert_eq!(f.owner, Owner::Generated, "{}", f.path);
            assert!(
                f.contents.starts_with(
                    "# Generated by stripeapp from invoice-sync.stripeapp — do not edit.\n"
                ),
                "{}",
                f.path
            );
        } else if f.path.starts_with("backend/") {
            assert_eq!(f.owner, Owner::User, "{}", f.path);
        }
    }
}

#[test]
fn python_pins_match_the_lock_files() {
    use stripeapp::emit::python::{REQUIREMENTS, REQUIREMENTS_DEV, versions};
    let pins = [
        ("fastapi", versions::FASTAPI, false),
        ("uvicorn", versions::UVICORN, false),
        ("httptools", versions::HTTPTOOLS, false),
        ("uvloop", versions::UVLOOP, false),
        ("stripe", versions::STRIPE, false),
        ("httpx", versions::HTTPX, false),
        ("redis", versions::REDIS, false),
        ("mypy", versions::MYPY, true),
        ("ruff", versions::RUFF, true),
    ];
    for (name, version, dev_only) in pins {
        let line = format!("\n{name}=={version}");
        assert!(
            REQUIREMENTS_DEV.contains(&line),
            "{name} {version} in requirements-dev.txt"
        );
        assert_eq!(
            REQUIREMENTS.contains(&line),
            !dev_only,
            "{name} {version} in requirements.txt"
        );
    }
    // Every pinned package carries hashes, so `pip install --require-hashes` works.
    for lock in [REQUIREMENTS, REQUIREMENTS_DEV] {
        for line in lock.lines().filter(|l| l.contains("==")) {
            assert!(line.ends_with(" \\"), "{line}: no hashes follow");
        }
    }
    let pyproject = &emit_python_example("invoice-sync")
        .into_iter()
        .find(|f| f.path == "backend/pyproject.toml")
        .unwrap()
        .contents;
    for (name, version, _) in pins {
        assert!(
            pyproject.contains(&format!("\"{name}=={version}")),
            "{name} in pyproject.toml"
        );
    }
}
