//! `stripeapp import`: an existing `stripe-app.json` → a `.stripeapp` file.
//!
//! Every field the language can carry is carried, exactly (numbers as written, URLs and
//! texts unchanged, explicit defaults kept explicit), so that compiling the imported file
//! gives back the manifest up to the normalisations listed in `docs/tools.md`. What the
//! language cannot carry is dropped with a warning at its place in the JSON (codes
//! I0101–I0105, each explained by `stripeapp explain`):
//!
//! - I0101: a key with no place in the language (`$schema`, `app_backend`, `extensions`,
//!   `ui_extension.actions`, unknown keys, the second of two equal keys);
//! - I0102: a value the language cannot hold (a constant that is an object, an array or
//!   null, a purpose given per locale, `post_install_action` of type `modal`, a value of
//!   the wrong JSON type…);
//! - I0103: a value rewritten to what it means (a permission misspelt in Stripe's schema
//!   renamed, an icon path given without `./`);
//! - I0104: a permission dropped (obsolete like `datastore_write`, not a permission name,
//!   requested twice);
//! - I0105: a required field missing (`name`, `version`, a purpose): the imported file
//!   says what to add, and `check` reports it until it is there.
//!
//! Values the language can write but `check` rejects (an unknown permission or viewport,
//! an invalid URL or id) are imported as they are: `check` then reports them with its own
//! diagnostics and did-you-means. An invalid JSON document, or one without an `id`, is an
//! error (I0001, I0002) and nothing is produced. Development manifests beside the main one
//! become `profile` blocks (`profile.rs`).

pub mod code;
pub mod json;
pub mod profile;

use crate::ast::Span;
use crate::catalogue::{self, PermissionStatus};
use crate::check::suggest::did_you_mean;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::problem::import::{
    DroppedField, DroppedPermission, DroppedValue, Expected, FieldOf, ImportProblem, Manifest,
    Rewrite,
};
use crate::syntax::language;
use crate::syntax::print::Stmt;
use json::{Key, Node, Value};

/// The result of importing one manifest.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The `.stripeapp` text, canonically formatted.
    pub text: String,
    /// Warnings about what was dropped or rewritten, with spans into the JSON text.
    pub diagnostics: Vec<Diagnostic>,
    /// The file name the app suggests (`<last segment of its id>.stripeapp`).
    pub file_name: String,
    /// What a profile's manifest is compared with (its lists may repeat the app's).
    pub base: profile::Base,
}

/// Imports a manifest's text. `source` is the manifest's file name, named in the header
/// comment of the result. `Err` holds the error diagnostics (I0001, I0002), with spans
/// into `json`.
pub fn import(json: &str, source: &str) -> Result<Imported, Vec<Diagnostic>> {
    let root = parse_object(json, Manifest::App)?;
    let mut im = Importer::default();
    let fields = im.fields("", &root);
    let id = fields
        .iter()
        .find(|(k, _)| k.name == "id")
        .map(|(k, v)| (*k, *v));
    let id = match id {
        Some((
            _,
            Node {
                value: Value::String(s),
                ..
            },
        )) if !s.trim().is_empty() => s.clone(),
        Some((key, node)) => {
            return Err(vec![
                ImportProblem::InvalidId {
                    span: key.span.to(node.span),
                    found: node.value.kind(),
                }
                .into(),
            ]);
        }
        None => {
            return Err(vec![
                ImportProblem::NoId {
                    span: Span::new(root.span.start, root.span.start + 1),
                }
                .into(),
            ]);
        }
    };
    let object_start = Span::new(root.span.start, root.span.start + 1);
    let mut app = App::default();
    for (key, node) in &fields {
        im.top_field(key, node, &mut app);
    }
    for (field, what) in [("name", &app.name), ("version", &app.version)] {
        if what.is_none() {
            im.report(ImportProblem::FieldMissing {
                span: object_start,
                field,
            });
        }
    }
    let text = im.render(&id, &app, source);
    Ok(Imported {
        text,
        diagnostics: im.diags,
        file_name: format!("{}.stripeapp", file_stem(&id)),
        base: profile::Base {
            connect: app.connect,
            image: app.image,
            redirects: app.redirects,
            purpose: app.csp_purpose,
        },
    })
}

/// The JSON object of `manifest`'s text; `Err` (I0001) when it is not valid JSON or not an
/// object.
fn parse_object(json: &str, manifest: Manifest) -> Result<Node, Vec<Diagnostic>> {
    let root = match json::parse(json) {
        Ok(root) => root,
        Err(e) => {
            return Err(vec![
                ImportProblem::NotJson {
                    span: e.span,
                    message: e.message,
                    manifest,
                }
                .into(),
            ]);
        }
    };
    if !matches!(root.value, Value::Object(_)) {
        return Err(vec![
            ImportProblem::NotObject {
                span: Span::new(root.span.start, root.span.start + 1),
                found: root.value.kind(),
                manifest,
            }
            .into(),
        ]);
    }
    Ok(root)
}

/// `<last segment of the id>`, when it is a safe file name, else `app`.
pub fn file_stem(id: &str) -> String {
    let last = id.rsplit('.').next().unwrap_or("");
    if !last.is_empty()
        && last
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !last.starts_with('-')
    {
        last.to_string()
    } else {
        "app".to_string()
    }
}

/// What the imported file will hold.
#[derive(Default)]
struct App {
    name: Option<String>,
    version: Option<String>,
    icon: Option<String>,
    distribution: Option<String>,
    api_access: Option<String>,
    sandbox: Option<bool>,
    post_install: Option<Stmt>,
    redirects: Vec<String>,
    /// `constant` statements.
    constants: Vec<Stmt>,
    permissions: Vec<(String, String)>,
    csp_purpose: String,
    connect: Vec<String>,
    image: Vec<String>,
    /// Component and viewport.
    views: Vec<(String, String)>,
}

#[derive(Default)]
struct Importer {
    diags: Vec<Diagnostic>,
    /// The header comment's lines: what the imported file lacks, as reported.
    dropped: Vec<String>,
}

/// A key that is not a field of `of`, with the nearest field that is.
fn not_a_field(of: FieldOf, suggestion: Option<&str>) -> DroppedField {
    DroppedField::NotAField {
        of,
        suggestion: suggestion.map(str::to_string),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A dotted path as the grammar accepts it (viewports).
fn is_path(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|seg| {
            let mut chars = seg.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
}

const TOP_KEYS: &[&str] = &[
    "id",
    "name",
    "version",
    "icon",
    "permissions",
    "ui_extension",
    "post_install_action",
    "allowed_redirect_uris",
    "distribution_type",
    "stripe_api_access_type",
    "sandbox_install_compatible",
    "constants",
];

impl Importer {
    fn report(&mut self, problem: ImportProblem) {
        let leaves_out = problem.leaves_out();
        let d = Diagnostic::from(problem);
        if leaves_out {
            self.dropped.push(format!("{} ({})", d.message, d.code));
        }
        self.diags.push(d);
    }

    /// A key that has no place in the language.
    fn drop_key(&mut self, path: &str, key: &Key, node: &Node, why: DroppedField) {
        self.report(ImportProblem::FieldDropped {
            span: key.span.to(node.span),
            path: path.to_string(),
            why,
        });
    }

    /// A value of the wrong type or that the language cannot hold.
    fn drop_value(&mut self, path: &str, span: Span, why: DroppedValue) {
        self.report(ImportProblem::ValueDropped {
            span,
            path: path.to_string(),
            why,
        });
    }

    /// A permission that is not imported.
    fn drop_permission(&mut self, path: &str, span: Span, why: DroppedPermission) {
        self.report(ImportProblem::PermissionDropped {
            span,
            path: path.to_string(),
            why,
        });
    }

    /// Whether `node` is an object to read. `null` counts as absent; any other type is
    /// reported and dropped.
    fn object(&mut self, path: &str, node: &Node) -> bool {
        match &node.value {
            Value::Object(_) => true,
            Value::Null => false,
            _ => {
                self.wrong_type(path, node, Expected::Object);
                false
            }
        }
    }

    /// The items of an array to read; `null` counts as absent, any other type is reported.
    fn array<'n>(&mut self, path: &str, node: &'n Node) -> Option<&'n [Node]> {
        match &node.value {
            Value::Array(items) => Some(items),
            Value::Null => None,
            _ => {
                self.wrong_type(path, node, Expected::Array);
                None
            }
        }
    }

    fn wrong_type(&mut self, path: &str, node: &Node, expected: Expected) {
        self.drop_value(
            path,
            node.span,
            DroppedValue::WrongType {
                expected,
                found: node.value.kind(),
            },
        );
    }

    /// The fields of an object, without the earlier of two equal keys (reported): the
    /// later one wins, as in JavaScript and Go.
    fn fields<'n>(&mut self, path: &str, node: &'n Node) -> Vec<(&'n Key, &'n Node)> {
        let Value::Object(fields) = &node.value else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, (key, value)) in fields.iter().enumerate() {
            if fields[i + 1..].iter().any(|(k, _)| k.name == key.name) {
                let p = join(path, &key.name);
                self.drop_key(&p, key, value, DroppedField::Repeated);
                continue;
            }
            out.push((key, value));
        }
        out
    }

    fn string(&mut self, path: &str, node: &Node) -> Option<String> {
        match &node.value {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.wrong_type(path, node, Expected::String);
                None
            }
        }
    }

    /// A purpose: a string, or a map from locale to string (the language holds one text).
    fn purpose(&mut self, path: &str, node: &Node) -> Option<String> {
        match &node.value {
            Value::String(s) => Some(s.clone()),
            Value::Object(entries) => {
                let texts: Vec<(&str, &str)> = entries
                    .iter()
                    .filter_map(|(k, v)| match &v.value {
                        Value::String(s) => Some((k.name.as_str(), s.as_str())),
                        _ => None,
                    })
                    .collect();
                let chosen = ["en-US", "en", "en-GB"]
                    .iter()
                    .find_map(|l| texts.iter().find(|(k, _)| k == l))
                    .or(texts.first())
                    .copied();
                let Some((locale, text)) = chosen else {
                    self.drop_value(path, node.span, DroppedValue::PurposeWithoutText);
                    return None;
                };
                let others: Vec<String> = entries
                    .iter()
                    .map(|(k, _)| k.name.as_str())
                    .filter(|k| *k != locale)
                    .map(str::to_string)
                    .collect();
                if !others.is_empty() {
                    self.drop_value(
                        path,
                        node.span,
                        DroppedValue::PurposePerLocale {
                            kept: locale.to_string(),
                            dropped: others,
                        },
                    );
                }
                Some(text.to_string())
            }
            _ => {
                self.wrong_type(path, node, Expected::String);
                None
            }
        }
    }

    /// An array of strings (`null` is none).
    fn strings(&mut self, path: &str, node: &Node) -> Vec<String> {
        match &node.value {
            Value::Null => Vec::new(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| self.string(&format!("{path}[{i}]"), item))
                .collect(),
            _ => {
                self.wrong_type(path, node, Expected::Strings);
                Vec::new()
            }
        }
    }

    fn top_field(&mut self, key: &Key, node: &Node, app: &mut App) {
        let path = key.name.as_str();
        match path {
            "id" => {}
            "name" => app.name = self.string(path, node),
            "version" => app.version = self.string(path, node),
            "icon" => self.icon(node, app),
            "distribution_type" => {
                app.distribution = self.one_of(path, node, "distribution");
            }
            "stripe_api_access_type" => {
                app.api_access = self.one_of(path, node, "api_access");
            }
            "sandbox_install_compatible" => match &node.value {
                Value::Bool(b) => app.sandbox = Some(*b),
                Value::Null => {}
                _ => self.wrong_type(path, node, Expected::Bool),
            },
            "post_install_action" => self.post_install(node, app),
            "allowed_redirect_uris" => {
                app.redirects = self.strings(path, node);
                if matches!(&node.value, Value::Array(items) if items.is_empty()) {
                    self.drop_value(path, key.span.to(node.span), DroppedValue::EmptyRedirects);
                }
            }
            "constants" => self.constants(node, app),
            "permissions" => self.permissions(node, app),
            "ui_extension" => self.ui_extension(node, app),
            "$schema" => self.drop_key(path, key, node, DroppedField::Schema),
            "app_backend" => self.drop_key(path, key, node, DroppedField::AppBackend),
            "extensions" => self.drop_key(path, key, node, DroppedField::Extensions),
            "extends" => self.drop_key(path, key, node, DroppedField::Extends),
            other => {
                let suggestion = did_you_mean(other, TOP_KEYS.iter().copied());
                self.drop_key(path, key, node, not_a_field(FieldOf::Manifest, suggestion));
            }
        }
    }

    /// A string that must be one of the values of a keyword of the language table.
    fn one_of(&mut self, path: &str, node: &Node, keyword: &str) -> Option<String> {
        let allowed: Vec<&str> = language::keyword(keyword)
            .map(|k| k.value_words().collect())
            .unwrap_or_default();
        let s = self.string(path, node)?;
        if allowed.contains(&s.as_str()) {
            return Some(s);
        }
        let suggestion = did_you_mean(&s, allowed.iter().copied()).map(str::to_string);
        self.drop_value(
            path,
            node.span,
            DroppedValue::NotOneOf {
                value: s,
                allowed,
                suggestion,
            },
        );
        None
    }

    fn icon(&mut self, node: &Node, app: &mut App) {
        let Some(icon) = (match &node.value {
            Value::Null => None,
            _ => self.string("icon", node),
        }) else {
            return;
        };
        if icon.is_empty() {
            return;
        }
        // Stripe's pattern wants `./`; the Stripe CLI itself has written icons without it
        // (`brand_icon.png`), which name the same file.
        if !icon.starts_with("./") && !icon.starts_with('/') && !icon.contains("://") {
            let fixed = format!("./{icon}");
            app.icon = Some(fixed.clone());
            self.report(ImportProblem::Rewritten {
                span: node.span,
                rewrite: Rewrite::Icon { icon, fixed },
            });
            return;
        }
        app.icon = Some(icon);
    }

    fn post_install(&mut self, node: &Node, app: &mut App) {
        let path = "post_install_action";
        if !self.object(path, node) {
            return;
        }
        let fields = self.fields(path, node);
        let kind = fields.iter().find(|(k, _)| k.name == "type").map(|f| f.1);
        let url = fields.iter().find(|(k, _)| k.name == "url");
        for (key, value) in &fields {
            if key.name != "type" && key.name != "url" {
                let p = join(path, &key.name);
                self.drop_key(&p, key, value, not_a_field(FieldOf::PostInstall, None));
            }
        }
        let Some(kind_node) = kind else {
            return self.drop_value(path, node.span, DroppedValue::ActionWithoutType);
        };
        let Some(kind) = self.string(&join(path, "type"), kind_node) else {
            return;
        };
        match kind.as_str() {
            "settings" | "onboarding" => {
                if let Some((key, value)) = url
                    && !matches!(&value.value, Value::String(s) if s.is_empty())
                    && value.value != Value::Null
                {
                    self.drop_key(
                        &join(path, "url"),
                        key,
                        value,
                        DroppedField::UrlOfAction { kind: kind.clone() },
                    );
                }
                app.post_install = Some(Stmt::new("post_install").name(kind));
            }
            "external" => {
                let url = url.and_then(|(_, v)| self.string(&join(path, "url"), v));
                match url {
                    Some(u) => {
                        app.post_install =
                            Some(Stmt::new("post_install").name("external").string(u))
                    }
                    None => self.drop_value(path, node.span, DroppedValue::ExternalWithoutUrl),
                }
            }
            other => self.drop_value(
                path,
                node.span,
                DroppedValue::ActionType {
                    kind: other.to_string(),
                },
            ),
        }
    }

    fn constants(&mut self, node: &Node, app: &mut App) {
        let path = "constants";
        if !self.object(path, node) {
            return;
        }
        for (key, value) in self.fields(path, node) {
            let p = join(path, &key.name);
            if !is_name(&key.name) {
                self.drop_value(
                    &p,
                    key.span.to(value.span),
                    DroppedValue::ConstantName {
                        name: key.name.clone(),
                    },
                );
                continue;
            }
            let constant = Stmt::new("constant").name(&key.name);
            let written = match &value.value {
                Value::String(s) => constant.string(s),
                Value::Number(n) => constant.literal(n),
                Value::Bool(b) => constant.literal(b.to_string()),
                other => {
                    self.drop_value(
                        &p,
                        value.span,
                        DroppedValue::ConstantValue {
                            found: other.kind(),
                        },
                    );
                    continue;
                }
            };
            app.constants.push(written);
        }
    }

    fn permissions(&mut self, node: &Node, app: &mut App) {
        let path = "permissions";
        let Some(items) = self.array(path, node) else {
            return;
        };
        // Where each permission was first requested, for duplicates.
        let mut seen: Vec<(String, String)> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let p = format!("{path}[{i}]");
            if !matches!(item.value, Value::Object(_)) {
                self.wrong_type(&p, item, Expected::Permission);
                continue;
            }
            let fields = self.fields(&p, item);
            let mut name: Option<(String, Span)> = None;
            let mut purpose: Option<String> = None;
            let mut has_purpose = false;
            for (key, value) in &fields {
                let fp = join(&p, &key.name);
                match key.name.as_str() {
                    "permission" => {
                        name = self.string(&fp, value).map(|n| (n, value.span));
                    }
                    "purpose" => {
                        has_purpose = true;
                        purpose = self.purpose(&fp, value);
                    }
                    "name" => self.drop_key(&fp, key, value, DroppedField::ReviewerNote),
                    _ => self.drop_key(&fp, key, value, not_a_field(FieldOf::Permission, None)),
                }
            }
            let Some((mut name, name_span)) = name else {
                if !fields.iter().any(|(k, _)| k.name == "permission") {
                    self.drop_permission(&p, item.span, DroppedPermission::Unnamed);
                }
                continue;
            };
            let name_path = format!("{p}.permission");
            match catalogue::permission(&name).map(|info| info.status) {
                Some(PermissionStatus::SchemaEnumTypo) => {
                    if let Some(right) = catalogue::replacement_for(&name) {
                        self.report(ImportProblem::Rewritten {
                            span: name_span,
                            rewrite: Rewrite::PermissionTypo {
                                path: name_path,
                                name,
                                right,
                            },
                        });
                        name = right.to_string();
                    }
                }
                Some(PermissionStatus::Obsolete) => {
                    let replacement = catalogue::replacement_for(&name);
                    self.drop_permission(
                        &p,
                        item.span,
                        DroppedPermission::Obsolete { name, replacement },
                    );
                    continue;
                }
                _ => {}
            }
            if !is_name(&name) {
                let suggestion = crate::check::suggest::permission(&name);
                self.drop_permission(
                    &p,
                    item.span,
                    DroppedPermission::NotAName { name, suggestion },
                );
                continue;
            }
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
                let first = first.clone();
                self.drop_permission(&p, item.span, DroppedPermission::Repeated { name, first });
                continue;
            }
            seen.push((name.clone(), p.clone()));
            let purpose = match purpose {
                Some(s) => s,
                None => {
                    if !has_purpose {
                        self.report(ImportProblem::PurposeMissing {
                            span: item.span,
                            path: p.clone(),
                            permission: name.clone(),
                        });
                    }
                    String::new()
                }
            };
            app.permissions.push((name, purpose));
        }
    }

    fn ui_extension(&mut self, node: &Node, app: &mut App) {
        let path = "ui_extension";
        if !self.object(path, node) {
            return;
        }
        for (key, value) in self.fields(path, node) {
            let p = join(path, &key.name);
            match key.name.as_str() {
                "views" => self.views(&p, value, app),
                "content_security_policy" => self.csp(&p, value, app),
                "actions" => self.drop_key(&p, key, value, DroppedField::UiExtensionActions),
                _ => {
                    let suggestion = did_you_mean(&key.name, ["views", "content_security_policy"]);
                    self.drop_key(
                        &p,
                        key,
                        value,
                        not_a_field(FieldOf::UiExtension, suggestion),
                    );
                }
            }
        }
    }

    fn views(&mut self, path: &str, node: &Node, app: &mut App) {
        let Some(items) = self.array(path, node) else {
            return;
        };
        for (i, item) in items.iter().enumerate() {
            let p = format!("{path}[{i}]");
            if !matches!(item.value, Value::Object(_)) {
                self.wrong_type(&p, item, Expected::View);
                continue;
            }
            let mut viewport = None;
            let mut component = None;
            for (key, value) in self.fields(&p, item) {
                let fp = join(&p, &key.name);
                match key.name.as_str() {
                    "viewport" => viewport = self.string(&fp, value),
                    "component" => component = self.string(&fp, value),
                    _ => self.drop_key(&fp, key, value, not_a_field(FieldOf::View, None)),
                }
            }
            match (component, viewport) {
                (Some(c), Some(v)) if is_name(&c) && is_path(&v) => app.views.push((c, v)),
                (Some(c), Some(v)) => {
                    let why = if is_name(&c) {
                        DroppedValue::ViewportName { viewport: v }
                    } else {
                        DroppedValue::ComponentName { component: c }
                    };
                    self.drop_value(&p, item.span, why);
                }
                _ => self.drop_value(&p, item.span, DroppedValue::ViewIncomplete),
            }
        }
    }

    fn csp(&mut self, path: &str, node: &Node, app: &mut App) {
        if !self.object(path, node) {
            return;
        }
        let mut purpose: Option<(String, Span)> = None;
        for (key, value) in self.fields(path, node) {
            let p = join(path, &key.name);
            match key.name.as_str() {
                "connect-src" => app.connect = self.strings(&p, value),
                "image-src" => app.image = self.strings(&p, value),
                "purpose" => purpose = self.purpose(&p, value).map(|s| (s, value.span)),
                _ => {
                    let suggestion =
                        did_you_mean(&key.name, ["connect-src", "image-src", "purpose"]);
                    self.drop_key(&p, key, value, not_a_field(FieldOf::Csp, suggestion));
                }
            }
        }
        match purpose {
            Some((text, _))
                if app.connect.is_empty() && app.image.is_empty() && text.is_empty() =>
            {
                // Nothing is lost, but the field goes: said, so nothing vanishes unreported.
                self.drop_value(path, node.span, DroppedValue::EmptyCsp);
            }
            Some((_, span)) if app.connect.is_empty() && app.image.is_empty() => {
                self.drop_value(
                    &join(path, "purpose"),
                    span,
                    DroppedValue::PurposeWithoutUrls,
                );
            }
            Some((text, _)) => app.csp_purpose = text,
            None => {}
        }
    }

    /// The `.stripeapp` text.
    fn render(&self, id: &str, app: &App, source: &str) -> String {
        let mut out = String::new();
        let source: String = source.chars().filter(|c| !c.is_control()).collect();
        out.push_str(&format!(
            "// Imported from {source} by `stripeapp import`.\n"
        ));
        if !self.dropped.is_empty() {
            out.push_str("// Not carried over (`stripeapp explain <code>` says why):\n");
            for d in &self.dropped {
                let line: String = d.chars().filter(|c| !c.is_control()).collect();
                out.push_str(&format!("// - {line}\n"));
            }
        }
        out.push('\n');
        let mut stmts = Vec::new();
        if let Some(n) = &app.name {
            stmts.push(Stmt::new("name").string(n));
        }
        if let Some(v) = &app.version {
            stmts.push(Stmt::new("version").string(v));
        }
        if let Some(i) = &app.icon {
            stmts.push(Stmt::new("icon").string(i));
        }
        if let Some(d) = &app.distribution {
            stmts.push(Stmt::new("distribution").name(d));
        }
        if let Some(a) = &app.api_access {
            stmts.push(Stmt::new("api_access").name(a));
        }
        if let Some(s) = app.sandbox {
            stmts.push(Stmt::new("sandbox_install").literal(s.to_string()));
        }
        if let Some(p) = &app.post_install {
            stmts.push(p.clone());
        }
        for r in &app.redirects {
            stmts.push(Stmt::new("redirect").string(r));
        }
        stmts.extend(app.constants.iter().cloned());
        let mut items = vec![Stmt::new("app").string(id).block(stmts)];
        for (name, purpose) in &app.permissions {
            items.push(Stmt::new("permission").name(name).string(purpose));
        }
        if !app.connect.is_empty() || !app.image.is_empty() {
            let entries = (app.connect.iter().map(|u| Stmt::new("connect").string(u)))
                .chain(app.image.iter().map(|u| Stmt::new("image").string(u)))
                .collect();
            items.push(Stmt::new("urls").string(&app.csp_purpose).block(entries));
        }
        for (component, viewport) in &app.views {
            items.push(Stmt::new("view").name(component).word("on").name(viewport));
        }
        for item in items {
            out.push_str(&item.print(0, "\n"));
            out.push('\n');
        }
        // Everything above is written in a form the grammar accepts; formatting gives the
        // canonical layout (and would only fail on a bug, when the raw text still parses).
        crate::fmt::format(&out).unwrap_or(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems() {
        assert_eq!(file_stem("com.example.invoice-sync"), "invoice-sync");
        assert_eq!(file_stem("plain"), "plain");
        assert_eq!(file_stem("com.example."), "app");
        assert_eq!(file_stem("../../etc/x"), "app");
        assert_eq!(file_stem("a.-rf"), "app");
    }
}
