//! `stripe-app.json`: the v1 manifest, built field by field from the model.
//!
//! Always `permissions` and `ui_extension` (the published schema requires both), `icon`
//! `""` when there is none, never `app_backend` (webhooks are registered in the
//! Dashboard), a `content_security_policy` only when there are URLs and then always with
//! its purpose.

use super::json::Json;
use super::target::{GeneratedDir, Target};
use super::{Context, EmitError, OutputFile};
use crate::model::{ApiAccess, ConstValue, Distribution, Model, PostInstall};
use minijinja::Environment;

/// The target that writes `stripe-app.json`, for every app. JSON has no comments, so the
/// file carries no header; it is the compiler's by its fixed path.
pub(crate) struct Manifest;

impl Target for Manifest {
    fn generated_dirs(&self) -> &'static [GeneratedDir] {
        &[]
    }

    fn files(
        &self,
        _env: &Environment<'_>,
        _ctx: &Context,
        model: &Model,
    ) -> Result<Vec<OutputFile>, EmitError> {
        Ok(vec![OutputFile::generated(
            "stripe-app.json",
            render(model),
        )])
    }
}

/// The manifest constant that carries the backend's base URL to the views
/// (`environment.constants`); a user constant of this name is an error (E0211).
pub const BACKEND_URL_CONSTANT: &str = "STRIPEAPP_BACKEND_URL";

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
        .map(|(name, value)| {
            let v = match value {
                ConstValue::String(s) => Json::str(s),
                ConstValue::Number(n) => Json::Number(n.clone()),
                ConstValue::Bool(b) => Json::Bool(*b),
            };
            (name.clone(), v)
        })
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
