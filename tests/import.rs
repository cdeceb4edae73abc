//! `stripeapp import`: every real manifest in `../shared/stripe-apps/samples/` imports,
//! compiles, and compiles back to the manifest it came from, up to the normalisations
//! listed in `docs/tools.md`; the table below names, for each sample, every normalisation
//! that applies and the import warnings it gets. Plus every field of a synthetic
//! manifest, and the command's exit codes.
//!
//! The samples are not copied into the repository: they are read from the shared folder
//! beside it. Without them the round trip is skipped loudly, and fails under CI.

use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

mod common;
use common::{bin, files_under, repo, temp_dir};

fn samples_dir() -> Option<PathBuf> {
    let dir = repo().join("../shared/stripe-apps/samples");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "{} is missing: the import round trip cannot run",
            dir.display()
        );
    }
    eprintln!(
        "\n{}\nSKIPPED: the import round trip did not run: {} is missing\n{}\n",
        "!".repeat(78),
        dir.display(),
        "!".repeat(78)
    );
    None
}

/// For each sample: the import warnings (codes, in order) and every normalisation between
/// the sample and the manifest its imported file compiles to (`normalise` applies them):
///
/// - `actions`: `ui_extension.actions` (an empty list in older samples) is dropped (I0101);
/// - `app_backend`, `extensions`, `$schema`: keys the language has no place for (I0101);
/// - `csp without urls`: a `content_security_policy` without URLs (`null` or `[]` lists,
///   purpose `""`) is not written: the compiled manifest has one only when there are URLs
///   (reported, I0102, so that no field vanishes without a word);
/// - `null image-src`, `null connect-src`: with URLs in the other list, a `null` list is
///   left out;
/// - `null post_install_action`, `null field`: `null` and absent mean the same;
/// - `modal post_install_action`: a type the language does not have (I0102);
/// - `obsolete permission`: `datastore_write` is dropped (I0104);
/// - `icon without ./`: `brand_icon.png` becomes `./brand_icon.png` (I0103);
/// - `no permissions`, `no icon`: the compiled manifest always has `permissions` (maybe
///   `[]`) and `icon` (maybe `""`).
///
/// Key order is not compared (it does not matter in a manifest). An empty list would mean
/// an exact round trip: no sample is exact, as all of them have a key or a `null` the
/// compiler does not write.
#[rustfmt::skip]
const SAMPLES: &[(&str, &[&str], &[&str])] = &[
    ("accessing-contextual-data", &["I0101", "I0102"], &["actions", "csp without urls"]),
    ("basic-auth", &["I0101", "I0102"], &["actions", "csp without urls"]),
    ("climate", &["I0101", "I0102"], &["actions", "csp without urls"]),
    ("crm-full-stack", &["I0101", "I0102"], &["actions", "csp without urls", "null post_install_action"]),
    ("data-store", &["I0104", "I0101", "I0102"], &["obsolete permission", "actions", "csp without urls", "null post_install_action"]),
    ("dropbox-oauth-pkce", &["I0101"], &["actions", "null image-src", "null post_install_action"]),
    ("focus-view", &["I0101", "I0102"], &["actions", "csp without urls"]),
    ("full-page", &["I0101", "I0103", "I0102", "I0101", "I0102"], &["$schema", "icon without ./", "no permissions", "csp without urls", "extensions", "modal post_install_action"]),
    ("github-oauth", &["I0101", "I0102"], &["actions", "csp without urls"]),
    ("install-webhooks", &["I0101", "I0102"], &["actions", "csp without urls"]),
    ("linking-different-stripe-object", &["I0101", "I0102"], &["actions", "csp without urls"]),
    ("messaging", &["I0101", "I0102"], &["actions", "csp without urls"]),
    ("routing", &["I0101", "I0102"], &["actions", "csp without urls"]),
    ("secret-store", &["I0101", "I0102"], &["actions", "csp without urls"]),
    ("send-mail", &["I0101", "I0102"], &["actions", "csp without urls"]),
    ("settings-view-bring-your-own-backend", &["I0101", "I0102"], &["actions", "csp without urls"]),
    ("settings-view-data-store-backend", &["I0104", "I0101", "I0102"], &["obsolete permission", "actions", "csp without urls"]),
    ("settings-view-frontend", &["I0101", "I0101", "I0102"], &["app_backend", "actions", "csp without urls"]),
    ("ship-io", &["I0101", "I0102"], &["actions", "csp without urls", "null post_install_action"]),
    ("show-toast", &["I0101", "I0102"], &["actions", "csp without urls", "null post_install_action"]),
    ("super-todo", &["I0101", "I0102"], &["actions", "csp without urls", "null post_install_action"]),
    ("ui-testing", &["I0101", "I0102"], &["actions", "csp without urls"]),
    ("unmerged-cloudflare-workers-kv", &["I0101", "I0101"], &["app_backend", "actions"]),
    ("unmerged-couponer", &["I0101", "I0101", "I0102"], &["app_backend", "actions", "csp without urls"]),
    ("unmerged-helloworld", &["I0101", "I0101", "I0102"], &["app_backend", "actions", "csp without urls"]),
    ("unmerged-metadata", &["I0101", "I0101", "I0102"], &["app_backend", "actions", "csp without urls"]),
    ("unmerged-setting-ui", &["I0101", "I0101", "I0102"], &["app_backend", "actions", "csp without urls"]),
    ("unmerged-shippo-best-rate", &["I0101", "I0101"], &["app_backend", "actions"]),
    ("unmerged-todo", &["I0103", "I0101", "I0101", "I0102"], &["icon without ./", "app_backend", "actions", "csp without urls"]),
    ("unmerged-wordpress-plugin-oauth", &["I0102"], &["csp without urls"]),
];

/// Applies the documented normalisations to a manifest, naming each one that changed it.
fn normalise(manifest: &Value) -> (Value, Vec<&'static str>) {
    let mut m = manifest.as_object().cloned().unwrap_or_default();
    let mut why = Vec::new();
    let drop = |m: &mut Map<String, Value>, key: &str, reason: &'static str, why: &mut Vec<_>| {
        if m.remove(key).is_some() {
            why.push(reason);
        }
    };
    // Keys the language has no place for.
    drop(&mut m, "$schema", "$schema", &mut why);
    // `icon`: "" when there is none; a path without `./` gets one.
    match m.get("icon").and_then(Value::as_str) {
        None => {
            m.insert("icon".into(), json!(""));
            why.push("no icon");
        }
        Some(i) if !i.is_empty() && !i.starts_with("./") => {
            m.insert("icon".into(), json!(format!("./{i}")));
            why.push("icon without ./");
        }
        _ => {}
    }
    // `permissions` is always there; obsolete ones are dropped.
    match m.get_mut("permissions") {
        None | Some(Value::Null) => {
            m.insert("permissions".into(), json!([]));
            why.push("no permissions");
        }
        Some(Value::Array(items)) => {
            let before = items.len();
            items.retain(|p| p["permission"] != "datastore_write");
            if items.len() != before {
                why.push("obsolete permission");
            }
        }
        _ => {}
    }
    drop(&mut m, "app_backend", "app_backend", &mut why);
    // `ui_extension`: always there with `views`; no `actions`; a content security policy
    // only with URLs, and then without `null` lists.
    let mut ui = m
        .remove("ui_extension")
        .and_then(|u| u.as_object().cloned())
        .unwrap_or_default();
    if ui.remove("actions").is_some() {
        why.push("actions");
    }
    ui.entry("views").or_insert(json!([]));
    if let Some(csp) = ui
        .get_mut("content_security_policy")
        .and_then(Value::as_object_mut)
    {
        let urls = |v: Option<&Value>| v.and_then(Value::as_array).is_some_and(|a| !a.is_empty());
        if !urls(csp.get("connect-src")) && !urls(csp.get("image-src")) {
            ui.remove("content_security_policy");
            why.push("csp without urls");
        } else {
            for key in ["connect-src", "image-src"] {
                if csp.get(key).is_some_and(|v| v.is_null() || v == &json!([])) {
                    csp.remove(key);
                    why.push(if key == "connect-src" {
                        "null connect-src"
                    } else {
                        "null image-src"
                    });
                }
            }
        }
    }
    m.insert("ui_extension".into(), Value::Object(ui));
    drop(&mut m, "extensions", "extensions", &mut why);
    match m.get("post_install_action") {
        Some(Value::Null) => {
            m.remove("post_install_action");
            why.push("null post_install_action");
        }
        Some(a) if a["type"] == "modal" => {
            m.remove("post_install_action");
            why.push("modal post_install_action");
        }
        _ => {}
    }
    for key in [
        "allowed_redirect_uris",
        "constants",
        "sandbox_install_compatible",
    ] {
        if m.get(key).is_some_and(Value::is_null) {
            m.remove(key);
            why.push("null field");
        }
    }
    (Value::Object(m), why)
}

/// Imports a manifest and compiles the result; returns the import warnings' codes, the
/// imported text and the compiled manifest.
fn round_trip(name: &str, text: &str) -> (Vec<&'static str>, String, Value) {
    let imported = stripeapp::import::import(text, &format!("{name}.stripe-app.json"))
        .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let analysis = stripeapp::analyse(&imported.text);
    let errors: Vec<_> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(
        errors.is_empty(),
        "{name}: the imported file has errors: {errors:#?}\n{}",
        imported.text
    );
    assert_eq!(
        stripeapp::fmt::format(&imported.text).as_deref(),
        Ok(imported.text.as_str()),
        "{name}: the imported file is not formatted"
    );
    let files = stripeapp::emit::emit(&analysis.model, &imported.file_name).unwrap();
    let manifest = files.iter().find(|f| f.path == "stripe-app.json").unwrap();
    let codes = imported
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    (
        codes,
        imported.text,
        serde_json::from_str(&manifest.contents).unwrap(),
    )
}

#[test]
fn every_sample_manifest_round_trips() {
    let Some(dir) = samples_dir() else {
        return;
    };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".stripe-app.json"))
                .map(str::to_string)
        })
        .collect();
    names.sort();
    let listed: Vec<&str> = SAMPLES.iter().map(|s| s.0).collect();
    assert_eq!(names, listed, "the table must name every sample");
    assert_eq!(names.len(), 30);
    for (name, codes, reasons) in SAMPLES {
        let text = std::fs::read_to_string(dir.join(format!("{name}.stripe-app.json"))).unwrap();
        let input: Value = serde_json::from_str(&text).unwrap();
        let (got_codes, imported, output) = round_trip(name, &text);
        let (expected, why) = normalise(&input);
        assert_eq!(
            output, expected,
            "{name}: the compiled manifest differs beyond the documented normalisations\nimported:\n{imported}"
        );
        assert_eq!(&why, reasons, "{name}: normalisations");
        assert_eq!(&got_codes, codes, "{name}: import warnings");
    }
}

#[test]
fn every_field_of_a_manifest() {
    let manifest = r#"{
  "$schema": "https://stripe.com/stripe-app.schema.json",
  "id": "com.example.every-field",
  "version": "2.1.0",
  "name": "Every Field",
  "icon": "./assets/icon.png",
  "distribution_type": "public",
  "stripe_api_access_type": "oauth",
  "sandbox_install_compatible": false,
  "permissions": [
    {"permission": "customer_write", "purpose": "Create customers", "name": "For reviewers"},
    {"permission": "shpping_rate_write", "purpose": {"fr": "Tarifs", "en-US": "Create shipping rates"}},
    {"permission": "datastore_write", "purpose": "Old storage"},
    {"permission": "customer_write", "purpose": "Twice"},
    {"permission": "customer-read", "purpose": "Not a name"},
    {"permission": "invoice_read"}
  ],
  "ui_extension": {
    "views": [
      {"viewport": "stripe.dashboard.customer.detail", "component": "CustomerView"},
      {"viewport": "settings", "component": "my-settings"}
    ],
    "content_security_policy": {
      "connect-src": ["https://api.example.com/v1/"],
      "image-src": ["https://cdn.example.com/img/"],
      "purpose": "Call our API \"v1\" and show logos"
    },
    "actions": []
  },
  "post_install_action": {"type": "external", "url": "https://example.com/welcome"},
  "allowed_redirect_uris": ["https://example.com/callback", "https://example.com/other"],
  "constants": {
    "API_BASE": "https://api.example.com/v1",
    "RATE": 1e3,
    "PRICE": -2.50,
    "ON": true,
    "LIMITS": {"max": 10},
    "LIST": [1, 2],
    "NOTHING": null,
    "api-base": "x"
  },
  "distribution": "public",
  "name": "Every Field Again"
}"#;
    let imported = stripeapp::import::import(manifest, "stripe-app.json").unwrap();
    let expected = r#"// Imported from stripe-app.json by `stripeapp import`.
// Not carried over (`stripeapp explain <code>` says why):
// - `name` dropped: the key appears again later in the object, and the later value is the one that counts (I0101)
// - `$schema` dropped: the compiled manifest does not name its JSON schema (I0101)
// - `permissions[0].name` dropped: the explanation for Stripe's reviewers has no place in the language (Stripe's manifest schema rejects it too) (I0101)
// - `permissions[1].purpose` dropped: a purpose per locale cannot be expressed; kept the `en-US` text and dropped `fr` (I0102)
// - `permissions[2]` dropped: `datastore_write` is obsolete, Stripe no longer grants it (I0104)
// - `permissions[3]` dropped: `customer_write` is already requested by `permissions[0]` (I0104)
// - `permissions[4]` dropped: `customer-read` is not a permission name (I0104)
// - `ui_extension.views[1]` dropped: `my-settings` is not a component name the language can write (letters, digits and `_`, not starting with a digit) (I0102)
// - `ui_extension.actions` dropped: UI extension actions are not part of the current manifest schema (I0101)
// - `constants.LIMITS` dropped: a constant is a string, a number or a boolean; a nested object cannot be expressed (I0102)
// - `constants.LIST` dropped: a constant is a string, a number or a boolean; an array cannot be expressed (I0102)
// - `constants.NOTHING` dropped: a constant is a string, a number or a boolean; null cannot be expressed (I0102)
// - `constants.api-base` dropped: `api-base` is not a constant name the language can write (letters, digits and `_`, not starting with a digit) (I0102)
// - `distribution` dropped: not a field of `stripe-app.json` (I0101)

app "com.example.every-field" {
  name "Every Field Again"
  version "2.1.0"
  icon "./assets/icon.png"
  distribution public
  api_access oauth
  sandbox_install false
  post_install external "https://example.com/welcome"
  redirect "https://example.com/callback"
  redirect "https://example.com/other"
  constant API_BASE "https://api.example.com/v1"
  constant RATE 1e3
  constant PRICE -2.50
  constant ON true
}

permission customer_write      "Create customers"
permission shipping_rate_write "Create shipping rates"
permission invoice_read        ""

urls "Call our API \"v1\" and show logos" {
  connect "https://api.example.com/v1/"
  image   "https://cdn.example.com/img/"
}

view CustomerView on stripe.dashboard.customer.detail
"#;
    assert_eq!(imported.text, expected, "got:\n{}", imported.text);
    assert_eq!(imported.file_name, "every-field.stripeapp");
    let codes: Vec<&str> = imported
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(
        codes,
        [
            "I0101", "I0101", "I0101", "I0102", "I0103", "I0104", "I0104", "I0104", "I0105",
            "I0102", "I0101", "I0102", "I0102", "I0102", "I0102", "I0101"
        ]
    );
    let message = |code: &str| {
        imported
            .diagnostics
            .iter()
            .find(|d| d.code.as_str() == code)
            .map(|d| (d.message.clone(), d.help.clone().unwrap_or_default()))
            .unwrap()
    };
    assert!(
        message("I0103")
            .0
            .contains("`shpping_rate_write` renamed to `shipping_rate_write`")
    );
    assert!(
        message("I0105")
            .0
            .contains("`permissions[5]` has no `purpose`")
    );
    let datastore = imported
        .diagnostics
        .iter()
        .find(|d| d.message.contains("datastore_write"))
        .unwrap();
    assert!(datastore.help.as_deref().unwrap().contains("secret_write"));
    let not_a_name = imported
        .diagnostics
        .iter()
        .find(|d| d.message.contains("customer-read"))
        .unwrap();
    assert_eq!(
        not_a_name.help.as_deref(),
        Some("did you mean `customer_read`?")
    );
    let unknown_key = imported.diagnostics.last().unwrap();
    assert_eq!(
        unknown_key.help.as_deref(),
        Some("did you mean `distribution_type`?")
    );
    // Each warning points at its place in the JSON.
    let at = |d: &stripeapp::diagnostics::Diagnostic| &manifest[d.span.start..d.span.end];
    assert!(at(datastore).starts_with("{\"permission\": \"datastore_write\""));
    assert_eq!(at(&imported.diagnostics[4]), "\"shpping_rate_write\"");

    // What the language carries compiles back exactly (the empty purpose aside, which
    // `check` reports until it is written).
    let fixed = imported
        .text
        .replace("invoice_read        \"\"", "invoice_read \"Read invoices\"");
    let analysis = stripeapp::analyse(&fixed);
    assert!(!analysis.has_errors(), "{:#?}", analysis.diagnostics);
    let files = stripeapp::emit::emit(&analysis.model, "every-field.stripeapp").unwrap();
    let out: Value = serde_json::from_str(&files[0].contents).unwrap();
    assert_eq!(
        out,
        json!({
            "id": "com.example.every-field",
            "version": "2.1.0",
            "name": "Every Field Again",
            "icon": "./assets/icon.png",
            "distribution_type": "public",
            "stripe_api_access_type": "oauth",
            "sandbox_install_compatible": false,
            "permissions": [
                {"permission": "customer_write", "purpose": "Create customers"},
                {"permission": "shipping_rate_write", "purpose": "Create shipping rates"},
                {"permission": "invoice_read", "purpose": "Read invoices"}
            ],
            "ui_extension": {
                "views": [{"viewport": "stripe.dashboard.customer.detail", "component": "CustomerView"}],
                "content_security_policy": {
                    "connect-src": ["https://api.example.com/v1/"],
                    "image-src": ["https://cdn.example.com/img/"],
                    "purpose": "Call our API \"v1\" and show logos"
                }
            },
            "post_install_action": {"type": "external", "url": "https://example.com/welcome"},
            "allowed_redirect_uris": ["https://example.com/callback", "https://example.com/other"],
            "constants": {"API_BASE": "https://api.example.com/v1", "RATE": 1e3, "PRICE": -2.5, "ON": true}
        })
    );
    // Numbers keep their spelling in the compiled text.
    assert!(files[0].contents.contains("\"RATE\": 1e3") && files[0].contents.contains("-2.50"));
}

#[test]
fn what_cannot_be_imported() {
    use stripeapp::import::import;
    let codes = |text: &str| match import(text, "m.json") {
        Ok(_) => vec![],
        Err(d) => d.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
    };
    assert_eq!(codes("{\"id\": \"a\",}"), ["I0001"]);
    assert_eq!(codes("[]"), ["I0001"]);
    assert_eq!(codes(""), ["I0001"]);
    assert_eq!(codes("{\"name\": \"x\"}"), ["I0002"]);
    assert_eq!(codes("{\"id\": 3}"), ["I0002"]);
    assert_eq!(codes("{\"id\": \" \"}"), ["I0002"]);
    // A minimal manifest imports; missing name and version are reported.
    let minimal = import("{\"id\": \"x\"}", "m.json").unwrap();
    let codes: Vec<&str> = minimal
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(codes, ["I0105", "I0105"]);
    assert!(minimal.text.contains("app \"x\" {}"), "{}", minimal.text);
    // Wrong types and unknown values are dropped with their path.
    let odd = import(
        r#"{"id": "x", "name": 3, "version": "1", "distribution_type": "internal",
            "sandbox_install_compatible": "yes", "post_install_action": {"type": "settings", "url": "https://a.example/x"},
            "ui_extension": {"views": [{"viewport": "settings"}], "content_security_policy": {"purpose": "Unused", "frame-src": []}}}"#,
        "m.json",
    )
    .unwrap();
    let messages: Vec<&str> = odd.diagnostics.iter().map(|d| d.message.as_str()).collect();
    for expected in [
        "`name` dropped: expected a string, found a number",
        "`distribution_type` dropped: `internal` is not one of `public`, `private`",
        "`sandbox_install_compatible` dropped: expected true or false, found a string",
        "`post_install_action.url` dropped: a `settings` action takes no URL",
        "`ui_extension.views[0]` dropped: a view needs a `viewport` and a `component`",
        "`ui_extension.content_security_policy.frame-src` dropped",
        "`ui_extension.content_security_policy.purpose` dropped: there are no URLs",
        "the manifest has no usable `name`",
    ] {
        assert!(
            messages.iter().any(|m| m.starts_with(expected)),
            "{expected}\n{messages:#?}"
        );
    }
    assert!(odd.text.contains("post_install settings"), "{}", odd.text);
}

#[test]
fn empty_lists_do_not_vanish_without_a_word() {
    // A real manifest's `"allowed_redirect_uris": []` used to disappear silently.
    let m = stripeapp::import::import(
        r#"{"id": "x", "name": "X", "version": "1", "allowed_redirect_uris": [],
            "ui_extension": {"content_security_policy": {"connect-src": [], "image-src": null, "purpose": ""}}}"#,
        "m.json",
    )
    .unwrap();
    let messages: Vec<&str> = m.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("`allowed_redirect_uris` dropped: the list is empty")),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m
                .starts_with("`ui_extension.content_security_policy` dropped: it lists no URL")),
        "{messages:#?}"
    );
    assert!(m.text.contains("allowed_redirect_uris"), "{}", m.text);
    // `null` means the same as absent and is not reported.
    let null = stripeapp::import::import(
        r#"{"id": "x", "name": "X", "version": "1", "allowed_redirect_uris": null}"#,
        "m.json",
    )
    .unwrap();
    assert!(null.diagnostics.is_empty(), "{:#?}", null.diagnostics);
}

// ---------------------------------------------------------------------------------------
// The command
// ---------------------------------------------------------------------------------------

const MANIFEST: &str = r#"{"id": "com.example.orders", "name": "Orders", "version": "1.0.0",
  "permissions": [{"permission": "customer_read", "purpose": "Show customers"}],
  "app_backend": {}, "ui_extension": {"views": [{"viewport": "settings", "component": "Settings"}]}}"#;

#[test]
fn import_writes_beside_the_manifest_and_never_overwrites() {
    let dir = temp_dir("import", "default");
    let manifest = dir.join("stripe-app.json");
    std::fs::write(&manifest, MANIFEST).unwrap();
    let out = bin().arg("import").arg(&manifest).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("I0101") && err.contains("app_backend"),
        "{err}"
    );
    assert!(err.contains("orders.stripeapp"), "{err}");
    assert!(err.contains("warning"), "{err}");
    let written = std::fs::read_to_string(dir.join("orders.stripeapp")).unwrap();
    assert!(written.contains("permission customer_read \"Show customers\""));

    // It compiles (elsewhere: compiling beside it would replace the manifest).
    let compile = bin()
        .arg("compile")
        .arg(dir.join("orders.stripeapp"))
        .arg("-o")
        .arg(dir.join("compiled"))
        .output()
        .unwrap();
    assert_eq!(
        compile.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&compile.stderr)
    );

    // A second import refuses to overwrite, unless told to.
    std::fs::write(dir.join("orders.stripeapp"), "// mine\n").unwrap();
    let again = bin().arg("import").arg(&manifest).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(dir.join("orders.stripeapp")).unwrap(),
        "// mine\n"
    );
    let forced = bin()
        .arg("import")
        .arg(&manifest)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(forced.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.join("orders.stripeapp")).unwrap(),
        written
    );
}

#[test]
fn import_to_a_named_file_or_standard_output() {
    let dir = temp_dir("import", "named");
    let manifest = dir.join("m.json");
    std::fs::write(&manifest, MANIFEST).unwrap();
    let target = dir.join("custom.stripeapp");
    let out = bin()
        .arg("import")
        .arg(&manifest)
        .arg("-o")
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("// Imported from m.json")
    );
    let out = bin()
        .arg("import")
        .arg(&manifest)
        .args(["-o", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        std::fs::read_to_string(&target).unwrap()
    );
}

#[test]
fn import_exit_codes() {
    let dir = temp_dir("import", "codes");
    // Unreadable: 2.
    let out = bin()
        .arg("import")
        .arg(dir.join("missing.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Bad arguments: 2.
    let out = bin().arg("import").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Invalid JSON, not an object, no id, not UTF-8: 1, and nothing written.
    for (name, text) in [
        ("bad.json", b"{\"id\": \"com.example.bad\",}".as_slice()),
        ("array.json", b"[]"),
        ("noid.json", b"{\"name\": \"No id\"}"),
        ("latin1.json", b"{\"id\": \"caf\xe9\"}"),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let out = bin().arg("import").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("nothing was written"), "{name}: {err}");
        assert!(err.contains("I000"), "{name}: {err}");
    }
    let mut left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["array.json", "bad.json", "latin1.json", "noid.json"]);
}

// ---------------------------------------------------------------------------------------
// Any input: never a panic, and whatever is imported parses and is formatted.
// ---------------------------------------------------------------------------------------

const SEED: &str = r#"{"id": "com.example.fuzz", "name": "Fuzz \"app\"", "version": "1.0",
  "icon": "icon.png", "distribution_type": "public", "stripe_api_access_type": "oauth",
  "permissions": [{"permission": "customer_read", "purpose": {"en": "Read", "de": "Lesen"}},
                  {"permission": "shpping_rate_write", "purpose": "Rates"}],
  "ui_extension": {"views": [{"viewport": "settings", "component": "S"}],
    "content_security_policy": {"connect-src": ["https://a.example/x/"], "image-src": null, "purpose": "p"}},
  "post_install_action": {"type": "external", "url": "https://a.example/welcome"},
  "allowed_redirect_uris": ["https://a.example/cb"], "constants": {"A": 1e3, "B": "\u2028x", "C": [1]}}"#;

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    #[test]
    fn any_mutation_of_a_manifest_imports_to_a_file_that_parses(
        edits in proptest::collection::vec((0usize..2000, 0u8..4, proptest::prelude::any::<char>()), 1..6)
    ) {
        let mut text = SEED.to_string();
        for (at, op, c) in edits {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match op {
                0 => text.insert(at, c),
                1 if at < text.len() => {
                    text.remove(at);
                }
                2 => text.insert(at, ['"', '{', '}', '[', ']', ',', ':', '\\'][c as usize % 8]),
                _ => text.insert_str(at, "\"k\": null, "),
            }
        }
        if let Ok(imported) = stripeapp::import::import(&text, "m.json") {
            let analysis = stripeapp::analyse(&imported.text);
            proptest::prop_assert!(
                !analysis.diagnostics.iter().any(|d| d.code == stripeapp::diagnostics::Code::Syntax),
                "{}\n{}", text, imported.text
            );
            let formatted = stripeapp::fmt::format(&imported.text);
            proptest::prop_assert_eq!(formatted.as_deref(), Ok(imported.text.as_str()));
            for d in &imported.diagnostics {
                proptest::prop_assert!(text.get(d.span.start..d.span.end).is_some());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Development manifests (`stripe-app.dev.json` with `extends`) become profiles
// ---------------------------------------------------------------------------------------

/// Copies `tests/<from>` (a folder) into `to`.
fn copy_app(from: &str, to: &Path) {
    let root = repo().join("tests").join(from);
    for entry in files_under(&root, None) {
        let rel = entry.strip_prefix(&root).unwrap();
        let target = to.join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, target).unwrap();
    }
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn strings_of(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn a_development_manifest_becomes_a_profile_and_compiles_back() {
    let dir = temp_dir("import", "overlay");
    copy_app("manifests/overlay-dev", &dir);
    let original_main = read_json(&dir.join("stripe-app.json"));
    let original_dev = read_json(&dir.join("stripe-app.dev.json"));
    let out = bin().arg("import").arg(&dir).output().unwrap();
    let report = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{report}");
    // Every field the profile cannot hold is reported where it is in the JSON.
    for dropped in [
        "`version` dropped",
        "`ui_extension.views` dropped",
        "`ui_extension.content_security_policy.purpose` dropped",
    ] {
        assert!(report.contains(dropped), "{dropped}: {report}");
        assert!(report.contains("stripe-app.dev.json:"), "{report}");
    }
    assert!(
        report.contains("stripe-app.dev.json → profile dev"),
        "{report}"
    );
    let text = std::fs::read_to_string(dir.join("deal-notes.stripeapp")).unwrap();
    assert!(
        text.contains("profile dev {\n  name \"Deal Notes (dev)\"\n"),
        "{text}"
    );
    // Only what the profile adds: the app's own entry repeated in the overlay is the app's.
    assert!(
        text.contains("  connect \"http://localhost:8787/api/\"\n"),
        "{text}"
    );
    assert_eq!(
        text.matches("\"https://notes.example.com/api/\"").count(),
        1,
        "{text}"
    );
    assert!(text.contains("// - `version` dropped"), "{text}");

    // The hand-written overlay is not the compiler's: compile refuses to replace it...
    let compile = bin()
        .arg("compile")
        .arg(dir.join("deal-notes.stripeapp"))
        .output()
        .unwrap();
    assert_ne!(compile.status.code(), Some(0));
    assert_eq!(read_json(&dir.join("stripe-app.dev.json")), original_dev);
    // ...and writes it once it is moved away.
    std::fs::rename(dir.join("stripe-app.dev.json"), dir.join("dev.json.orig")).unwrap();
    succeeds("compile", &dir.join("deal-notes.stripeapp"));

    // The production manifest is what it was (the profile changes nothing there).
    let main = read_json(&dir.join("stripe-app.json"));
    for key in [
        "id",
        "version",
        "name",
        "allowed_redirect_uris",
        "constants",
        "ui_extension",
    ] {
        assert_eq!(main[key], original_main[key], "{key}");
    }
    // The compiled overlay means what the original did: the same name, constants, and
    // lists allowing the same URLs (whole: the app's and the profile's).
    let dev = read_json(&dir.join("stripe-app.dev.json"));
    assert_eq!(dev["extends"], "stripe-app.json");
    assert_eq!(dev["name"], original_dev["name"]);
    for (k, v) in original_dev["constants"].as_object().unwrap() {
        assert_eq!(&dev["constants"][k], v, "{k}");
    }
    let csp = "content_security_policy";
    for list in ["connect-src", "image-src"] {
        let mut want = strings_of(&original_dev["ui_extension"][csp][list]);
        want.extend(strings_of(&original_main["ui_extension"][csp][list]));
        want.sort();
        want.dedup();
        assert_eq!(strings_of(&dev["ui_extension"][csp][list]), want, "{list}");
    }
    assert_eq!(
        dev["allowed_redirect_uris"][0],
        original_dev["allowed_redirect_uris"][0]
    );
    // What the profile could not hold is not there.
    assert!(dev.get("version").is_none());
    assert!(dev["ui_extension"].get("views").is_none());

    // And the round trip closes: importing the compiled pair gives the same file again
    // (the marker constant is the compiler's and is dropped with a word).
    std::fs::remove_file(dir.join("deal-notes.stripeapp")).unwrap();
    std::fs::remove_file(dir.join("dev.json.orig")).unwrap();
    let again = bin().arg("import").arg(&dir).output().unwrap();
    let report = String::from_utf8_lossy(&again.stderr).into_owned();
    assert_eq!(again.status.code(), Some(0), "{report}");
    assert!(
        report.contains("`constants.STRIPEAPP_PROFILE` dropped"),
        "{report}"
    );
    let reimported = std::fs::read_to_string(dir.join("deal-notes.stripeapp")).unwrap();
    let profile_of = |t: &str| t[t.find("profile dev {").unwrap()..].to_string();
    assert_eq!(profile_of(&reimported), profile_of(&text));
}

#[test]
fn importing_an_app_folder_moves_the_backend_constant_into_the_profile() {
    let dir = temp_dir("import", "overlay-scan");
    copy_app("apps/invoice-sync", &dir);
    for f in std::fs::read_dir(&dir).unwrap() {
        let p = f.unwrap().path();
        if p.extension().is_some_and(|x| x == "stripeapp") {
            std::fs::remove_file(p).unwrap();
        }
    }
    std::fs::write(
        dir.join("stripe-app.dev.json"),
        r#"{"extends": "stripe-app.json",
  "ui_extension": {"content_security_policy": {"connect-src": ["https://is-dev.ngrok.app/stripe/"]}},
  "constants": {"STRIPEAPP_BACKEND_URL": "https://is-dev.ngrok.app/stripe"}}"#,
    )
    .unwrap();
    let out = bin().arg("import").arg(&dir).output().unwrap();
    let report = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert!(report.contains("became the profile's `backend"), "{report}");
    let text = std::fs::read_to_string(dir.join("invoice-sync.stripeapp")).unwrap();
    assert!(
        text.contains("backend \"https://sync.example.com/stripe\" {"),
        "{text}"
    );
    assert!(
        text.contains("profile dev {\n  backend \"https://is-dev.ngrok.app/stripe\"\n  connect \"https://is-dev.ngrok.app/stripe/\"\n}"),
        "{text}"
    );
    succeeds("check", &dir.join("invoice-sync.stripeapp"));
}

#[test]
fn development_manifests_that_cannot_be_profiles_are_skipped_with_a_reason() {
    let dir = temp_dir("import", "overlay-skipped");
    copy_app("manifests/overlay-dev", &dir);
    std::fs::remove_file(dir.join("stripe-app.dev.json")).unwrap();
    // A name with a `.`, bytes that are not UTF-8, JSON that is not an object.
    std::fs::write(
        dir.join("stripe-app.a.b.json"),
        r#"{"extends": "stripe-app.json"}"#,
    )
    .unwrap();
    std::fs::write(dir.join("stripe-app.bytes.json"), b"{\"name\": \"\xff\"}").unwrap();
    std::fs::write(dir.join("stripe-app.list.json"), "[]").unwrap();
    let out = bin().arg("import").arg(&dir).output().unwrap();
    let report = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(0), "{report}");
    let shown = |file: &str| dir.join(file).to_string_lossy().into_owned();
    for line in [
        format!(
            "skipped {}: `a.b` cannot be a profile name (letters, digits, `_` and `-`, starting with a letter or digit)\n",
            shown("stripe-app.a.b.json")
        ),
        format!(
            "skipped {}: it cannot be read as UTF-8 text\n",
            shown("stripe-app.bytes.json")
        ),
        format!(
            "skipped {}: it is not a manifest\n",
            shown("stripe-app.list.json")
        ),
    ] {
        assert!(report.contains(&line), "{line}{report}");
    }
    let text = std::fs::read_to_string(dir.join("deal-notes.stripeapp")).unwrap();
    assert!(!text.contains("profile "), "{text}");
}

/// Runs `stripeapp <command> <file>` and expects it to succeed.
fn succeeds(command: &str, file: &Path) {
    let out = bin().arg(command).arg(file).output().unwrap();
    let report = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{command}: {report}");
}
