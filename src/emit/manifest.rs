//! `stripe-app.json`: the v1 manifest, built field by field from the model.
//!
//! Always `permissions` and `ui_extension` (the published schema requires both), `icon`
//! `""` when there is none, never `app_backend` (webhooks are registered in the
//! Dashboard), a `content_security_policy` only when there are URLs and then always with
//! its purpose.

use super::json::Json;
use super::target::{Claim, CommentSyntax, GeneratedDir, Target};
use super::{Context, EmitError, OutputFile};
use crate::model::{ApiAccess, ConstValue, Distribution, Model, PostInstall, Profile};
use minijinja::Environment;

/// The target that writes `stripe-app.json`, for every app. JSON has no comments, so the
/// file carries no header; it is the compiler's by its fixed path.
pub(crate) struct Manifest;

impl Target for Manifest {
    /// JSON has no comments: no header is written.
    fn comment(&self) -> Option<CommentSyntax> {
        None
    }

    /// The profiles' manifests beside `stripe-app.json`, recognised by their first bytes,
    /// so the manifest of a removed profile is removed and a hand-written
    /// `stripe-app.<name>.json` is never touched.
    fn generated_dirs(&self) -> &'static [GeneratedDir] {
        &[GeneratedDir {
            path: "",
            ending: ".json",
            comment: CommentSyntax::SLASHES,
            claim: Claim::ProfileManifest,
        }]
    }

    fn files(
        &self,
        _env: &Environment<'_>,
        _ctx: &Context,
        model: &Model,
    ) -> Result<Vec<OutputFile>, EmitError> {
        let mut files = vec![OutputFile::generated("stripe-app.json", render(model))];
        for profile in &model.profiles {
            let mut file =
                OutputFile::generated(profile_file(&profile.name), render_profile(model, profile));
            file.marker = Some(profile_marker(&profile.name));
            files.push(file);
        }
        Ok(files)
    }
}

/// The manifest file of profile `name`.
pub fn profile_file(name: &str) -> String {
    format!("stripe-app.{name}.json")
}

/// The profile named by a file name `stripe-app.<profile>.json`.
pub fn profile_of_file(file: &str) -> Option<&str> {
    file.strip_prefix("stripe-app.")?
        .strip_suffix(".json")
        .filter(|p| !p.is_empty())
}

/// The first bytes of profile `name`'s manifest: the compiler's mark on the file (see
/// [`PROFILE_CONSTANT`]). `render_profile` writes `extends`, then `constants` starting
/// with that constant, so a test can hold the two together.
pub fn profile_marker(name: &str) -> String {
    format!(
        "{{\n  \"extends\": \"stripe-app.json\",\n  \"constants\": {{\n    \"{PROFILE_CONSTANT}\": {}",
        super::json::quote(name)
    )
}

/// The manifest of one profile as JSON text.
pub fn render_profile(model: &Model, profile: &Profile) -> String {
    build_profile(model, profile).pretty()
}

/// A profile's manifest: `extends` and what the profile overrides. Stripe's docs do not
/// say whether the CLI appends or replaces the lists of an extended manifest, so each
/// list it touches is written whole (the app's entries with the profile's), which gives
/// the same set either way; `constants` carries only the new values (objects merge).
pub fn build_profile(model: &Model, profile: &Profile) -> Json {
    let mut fields: Vec<(String, Json)> = vec![("extends".into(), Json::str("stripe-app.json"))];
    let mut constants = vec![(PROFILE_CONSTANT.to_string(), Json::str(&profile.name))];
    constants.extend(
        profile
            .constants
            .iter()
            .map(|(name, value)| (name.clone(), constant(value))),
    );
    if let (Some(url), Some(_)) = (&profile.backend, &model.backend) {
        constants.push((BACKEND_URL_CONSTANT.to_string(), Json::str(url)));
    }
    fields.push(("constants".into(), Json::Object(constants)));
    if let Some(name) = &profile.display_name {
        fields.push(("name".into(), Json::str(name)));
    }
    if !profile.connect.is_empty() || !profile.image.is_empty() {
        let app_csp = model.csp.clone().unwrap_or_default();
        let mut policy = Vec::new();
        let merged = |app: &[String], added: &[String]| {
            let mut all = app.to_vec();
            for url in added {
                if !all.contains(url) {
                    all.push(url.clone());
                }
            }
            all
        };
        let connect = merged(&app_csp.connect, &profile.connect);
        if !connect.is_empty() {
            policy.push(("connect-src".to_string(), strings(&connect)));
        }
        let image = merged(&app_csp.image, &profile.image);
        if !image.is_empty() {
            policy.push(("image-src".to_string(), strings(&image)));
        }
        if app_csp.connect.is_empty() && app_csp.image.is_empty() {
            // The production manifest has no policy, so no purpose to inherit: Stripe's
            // main schema wants one wherever the policy is.
            policy.push((
                "purpose".to_string(),
                Json::str(&format!(
                    "URLs the app reaches while developing with profile {}",
                    profile.name
                )),
            ));
        }
        fields.push((
            "ui_extension".into(),
            Json::Object(vec![(
                "content_security_policy".to_string(),
                Json::Object(policy),
            )]),
        ));
    }
    if !profile.redirects.is_empty() {
        // The profile's first: the first redirect is the default one.
        let mut redirects = profile.redirects.clone();
        let app = model.app.clone().unwrap_or_default();
        redirects.extend(
            app.redirects
                .into_iter()
                .filter(|r| !profile.redirects.contains(r)),
        );
        fields.push(("allowed_redirect_uris".into(), strings(&redirects)));
    }
    Json::Object(fields)
}

fn constant(value: &ConstValue) -> Json {
    match value {
        ConstValue::String(s) => Json::str(s),
        ConstValue::Number(n) => Json::Number(n.clone()),
        ConstValue::Bool(b) => Json::Bool(*b),
    }
}

/// The manifest constant that carries the backend's base URL to the views
/// (`environment.constants`); a user constant of this name is an error (E0211).
pub const BACKEND_URL_CONSTANT: &str = "STRIPEAPP_BACKEND_URL";

/// The manifest constant each profile's manifest carries: the profile's name. The views can
/// tell which manifest they run under, and `compile` recognises the file as its own by it
/// (JSON has no comments for a header), so a removed profile's stale file is removed while
/// a hand-written `stripe-app.<name>.json` is never touched.
pub const PROFILE_CONSTANT: &str = "STRIPEAPP_PROFILE";

/// The manifest as JSON text.
pub fn render(model: &Model) -> String {
    build(model).pretty()
}

/// The manifest as a JSON value.
pub fn build(model: &Model) -> Json {
    let mut fields: Vec<(String, Json)> = Vec::new();
    let mut put = |k: &str, v: Json| fields.push((k.to_string(), v));
    let app = model.app.clone().unwrap_or_default();
    put("id", Json::str(&app.id));
    put("version", Json::str(&app.version));
    put("name", Json::str(&app.name));
    put("icon", Json::str(app.icon.as_deref().unwrap_or("")));
    if app.distribution_explicit || app.distribution != Distribution::Private {
        let d = match app.distribution {
            Distribution::Private => "private",
            Distribution::Public => "public",
        };
        put("distribution_type", Json::str(d));
    }
    if app.api_access_explicit || app.api_access != ApiAccess::Platform {
        let a = match app.api_access {
            ApiAccess::Platform => "platform",
            ApiAccess::Oauth => "oauth",
            ApiAccess::RestrictedApiKey => "restricted_api_key",
        };
        put("stripe_api_access_type", Json::str(a));
    }
    if let Some(sandbox) = app.sandbox_install {
        put("sandbox_install_compatible", Json::Bool(sandbox));
    }
    put(
        "permissions",
        Json::Array(
            model
                .permissions
                .iter()
                .map(|p| {
                    Json::Object(vec![
                        ("permission".into(), Json::str(&p.name)),
                        ("purpose".into(), Json::str(&p.purpose)),
                    ])
                })
                .collect(),
        ),
    );
    let views = model
        .views
        .iter()
        .map(|v| {
            Json::Object(vec![
                ("viewport".into(), Json::str(v.viewport.id)),
                ("component".into(), Json::str(&v.component)),
            ])
        })
        .collect();
    let mut ui = vec![("views".to_string(), Json::Array(views))];
    if let Some(csp) = model
        .csp
        .as_ref()
        .filter(|c| !c.connect.is_empty() || !c.image.is_empty())
    {
        let mut policy = Vec::new();
        if !csp.connect.is_empty() {
            policy.push(("connect-src".to_string(), strings(&csp.connect)));
        }
        if !csp.image.is_empty() {
            policy.push(("image-src".to_string(), strings(&csp.image)));
        }
        policy.push(("purpose".to_string(), Json::str(&csp.purpose)));
        ui.push(("content_security_policy".to_string(), Json::Object(policy)));
    }
    put("ui_extension", Json::Object(ui));
    if let Some(action) = &app.post_install {
        let action = match action {
            PostInstall::Settings => vec![("type".to_string(), Json::str("settings"))],
            PostInstall::Onboarding => vec![("type".to_string(), Json::str("onboarding"))],
            PostInstall::External(url) => vec![
                ("type".to_string(), Json::str("external")),
                ("url".to_string(), Json::str(url)),
            ],
        };
        put("post_install_action", Json::Object(action));
    }
    if !app.redirects.is_empty() {
        put("allowed_redirect_uris", strings(&app.redirects));
    }
    let mut constants: Vec<(String, Json)> = app
        .constants
        .iter()
        .map(|(name, value)| (name.clone(), constant(value)))
        .collect();
    // The views find the backend through the manifest, not through a URL baked into the
    // bundle, so a development manifest that overrides this constant reaches another one.
    if let Some(b) = &model.backend {
        constants.push((BACKEND_URL_CONSTANT.to_string(), Json::str(&b.base_url)));
    }
    if !constants.is_empty() {
        put("constants", Json::Object(constants));
    }
    Json::Object(fields)
}

fn strings(items: &[String]) -> Json {
    Json::Array(items.iter().map(|s| Json::str(s)).collect())
}

/// The permission names of a manifest's text, in order, for the change report; `None`
/// when the text is not a JSON object.
pub fn permission_names(manifest: &str) -> Option<Vec<String>> {
    let value: serde_json::Value = serde_json::from_str(manifest).ok()?;
    let object = value.as_object()?;
    let names = match object.get("permissions") {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .filter_map(|p| {
                p.get("permission")
                    .and_then(|n| n.as_str())
                    .map(str::to_string)
            })
            .collect(),
        _ => Vec::new(),
    };
    Some(names)
}
