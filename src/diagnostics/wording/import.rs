use crate::ast::Span;
use crate::diagnostics::problem::import::{
    DroppedField, DroppedPermission, DroppedValue, Expected, FieldOf, ImportProblem, JsonType,
    Manifest, Rewrite, SkippedProfile, WhySkipped,
};
use crate::diagnostics::{Code, Diagnostic};

/// `skipped <file>: <why>`, the line `import` writes for a development manifest it does not
/// make a profile.
impl std::fmt::Display for SkippedProfile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "skipped {}: ", self.file)?;
        match &self.why {
            WhySkipped::ProfileName { name } => write!(
                f,
                "`{name}` cannot be a profile name (letters, digits, `_` and `-`, starting with a letter or digit)"
            ),
            WhySkipped::NotUtf8 => f.write_str("it cannot be read as UTF-8 text"),
            WhySkipped::NotAManifest => f.write_str("it is not a manifest"),
        }
    }
}

/// "a string", "an array", … ("expected a string, found an array").
fn json_type(t: JsonType) -> &'static str {
    match t {
        JsonType::Null => "null",
        JsonType::Bool => "a boolean",
        JsonType::Number => "a number",
        JsonType::String => "a string",
        JsonType::Array => "an array",
        JsonType::Object => "an object",
    }
}

fn expected(e: Expected) -> &'static str {
    match e {
        Expected::Object => "an object",
        Expected::Array => "an array",
        Expected::String => "a string",
        Expected::Strings => "an array of strings",
        Expected::Bool => "true or false",
        Expected::Permission => "an object with `permission` and `purpose`",
        Expected::View => "an object with `viewport` and `component`",
    }
}

fn field_of(of: FieldOf) -> &'static str {
    match of {
        FieldOf::Manifest => "`stripe-app.json`",
        FieldOf::Permission => "a permission",
        FieldOf::UiExtension => "`ui_extension`",
        FieldOf::View => "a view",
        FieldOf::PostInstall => "a post-install action",
        FieldOf::Csp => "the content security policy (the language has `connect` and `image` URLs)",
        FieldOf::ProfileCsp => "the content security policy",
    }
}

fn did_you_mean(suggestion: Option<&str>) -> Option<String> {
    suggestion.map(|s| format!("did you mean `{s}`?"))
}

/// Why a key is dropped, and the help.
fn dropped_field(why: DroppedField, path: &str) -> (String, Option<String>) {
    match why {
        DroppedField::Repeated => (
            "the key appears again later in the object, and the later value is the one that counts".into(),
            None,
        ),
        DroppedField::Schema => ("the compiled manifest does not name its JSON schema".into(), None),
        DroppedField::AppBackend => (
            "Stripe removed `app_backend` from the manifest in 2023; webhooks are registered in the Dashboard".into(),
            Some("declare the app's backend and the events it handles in a `backend` block".into()),
        ),
        DroppedField::Extensions => (
            "not a field of the `stripe-app.json` manifest (extensions belong to the newer `stripe-app.yaml` format)".into(),
            None,
        ),
        DroppedField::Extends => (
            "only an extended manifest for local development has `extends`".into(),
            Some("import the main `stripe-app.json`; `stripeapp compile` writes it".into()),
        ),
        DroppedField::NotAField { of, suggestion } => (
            format!("not a field of {}", field_of(of)),
            did_you_mean(suggestion.as_deref()),
        ),
        DroppedField::ReviewerNote => (
            "the explanation for Stripe's reviewers has no place in the language (Stripe's manifest schema rejects it too)".into(),
            Some("tell the reviewers in the app's submission instead".into()),
        ),
        DroppedField::UiExtensionActions => (
            "UI extension actions are not part of the current manifest schema".into(),
            None,
        ),
        DroppedField::UrlOfAction { kind } => (format!("a `{kind}` action takes no URL"), None),
        DroppedField::NotInProfile => (
            "a profile changes only the name, the backend, URLs, constants and redirects".into(),
            Some(format!("set `{path}` in the `app` block if it holds for production too")),
        ),
        DroppedField::ProfileConstant => {
            ("`stripeapp compile` writes it from the profile's name".into(), None)
        }
        DroppedField::ProfileUiExtension => (
            "a profile changes only the content security policy of the views".into(),
            Some("views are the same under every manifest; declare them at the top level".into()),
        ),
        DroppedField::ProfilePurpose => (
            "a profile has no purpose of its own (the `urls` block's holds)".into(),
            None,
        ),
    }
}

/// Why a value is dropped, and the help.
fn dropped_value(why: DroppedValue) -> (String, Option<String>) {
    match why {
        DroppedValue::WrongType { expected: e, found } => (
            format!("expected {}, found {}", expected(e), json_type(found)),
            None,
        ),
        DroppedValue::PurposeWithoutText => (
            "a purpose per locale cannot be expressed, and this map has no text".into(),
            None,
        ),
        DroppedValue::PurposePerLocale { kept, dropped } => (
            format!(
                "a purpose per locale cannot be expressed; kept the `{kept}` text and dropped {}",
                ticked(&dropped)
            ),
            Some("the purpose is shown in every language from now on".into()),
        ),
        DroppedValue::EmptyRedirects => (
            "the list is empty, so the app has no `redirect` (the compiled manifest leaves the field out, which Stripe reads the same)".into(),
            None,
        ),
        DroppedValue::NotOneOf {
            value,
            allowed,
            suggestion,
        } => (
            format!("`{value}` is not one of {}", ticked(&allowed)),
            did_you_mean(suggestion.as_deref()),
        ),
        DroppedValue::ActionWithoutType => ("it has no `type`".into(), None),
        DroppedValue::ExternalWithoutUrl => ("an `external` action needs a `url`".into(), None),
        DroppedValue::ActionType { kind } => (
            format!(
                "type `{kind}` cannot be expressed; the language has `settings`, `onboarding` and `external`"
            ),
            Some("without a post-install action Stripe shows its default link to the app; add `post_install …` to the `app` block to choose one".into()),
        ),
        DroppedValue::ConstantName { name } => (
            format!(
                "`{name}` is not a constant name the language can write (letters, digits and `_`, not starting with a digit)"
            ),
            Some("rename the constant, here and where the views read `environment.constants`".into()),
        ),
        DroppedValue::ConstantValue { found } => (
            format!(
                "a constant is a string, a number or a boolean; {} cannot be expressed",
                match found {
                    JsonType::Null => "null",
                    JsonType::Array => "an array",
                    _ => "a nested object",
                }
            ),
            Some("keep structured settings in your backend, or flatten them into several constants".into()),
        ),
        DroppedValue::ViewportName { viewport } => {
            (format!("`{viewport}` is not a viewport name"), None)
        }
        DroppedValue::ComponentName { component } => (
            format!(
                "`{component}` is not a component name the language can write (letters, digits and `_`, not starting with a digit)"
            ),
            None,
        ),
        DroppedValue::ViewIncomplete => {
            ("a view needs a `viewport` and a `component`".into(), None)
        }
        DroppedValue::EmptyCsp => (
            "it lists no URL and no purpose, so there is no `urls` block (the compiled manifest leaves the field out, which Stripe reads the same)".into(),
            None,
        ),
        DroppedValue::PurposeWithoutUrls => (
            "there are no URLs, so there is no `urls` block to hold the purpose (and the compiled manifest has no content security policy)".into(),
            None,
        ),
    }
}

/// "`a`, `b`, `c`".
fn ticked(items: &[impl AsRef<str>]) -> String {
    items
        .iter()
        .map(|i| format!("`{}`", i.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a rewrite did, and the help.
fn rewrite(rewrite: Rewrite) -> (String, Option<String>) {
    match rewrite {
        Rewrite::PermissionTypo { path, name, right } => (
            format!(
                "`{path}`: `{name}` renamed to `{right}` (`{name}` is a typo in Stripe's manifest schema; Stripe's documentation spells it `{right}`)"
            ),
            None,
        ),
        Rewrite::Icon { icon, fixed } => (
            format!(
                "`icon`: `{icon}` rewritten as `{fixed}`, the same file written as Stripe's manifest schema wants it"
            ),
            None,
        ),
        Rewrite::Extends { target } => (
            format!("`extends` named `{target}`: a profile always extends the app's `stripe-app.json`"),
            Some("a profile of a profile cannot be written; the imported profile holds this file's own changes".into()),
        ),
        Rewrite::BackendConstant { path, url } => (
            format!("`{path}` became the profile's `backend \"{url}\"`"),
            Some("the generated views read the backend's URL from this constant; the profile's `backend` sets it".into()),
        ),
    }
}

/// Why a permission is dropped, and the help.
fn dropped_permission(why: DroppedPermission) -> (String, Option<String>) {
    match why {
        DroppedPermission::Unnamed => ("it names no `permission`".into(), None),
        DroppedPermission::Obsolete { name, replacement } => (
            format!("`{name}` is obsolete, Stripe no longer grants it"),
            replacement.map(|r| {
                format!("if the app stores its own data, `{r}` (the Secret Store) is what Stripe offers now; add it with `stripeapp grant permission {r} \"…\"`")
            }),
        ),
        DroppedPermission::NotAName { name, suggestion } => (
            format!("`{name}` is not a permission name"),
            did_you_mean(suggestion),
        ),
        DroppedPermission::Repeated { name, first } => {
            (format!("`{name}` is already requested by `{first}`"), None)
        }
    }
}

/// A diagnostic, with the help when there is one.
fn worded(code: Code, span: Span, message: String, help: Option<String>) -> Diagnostic {
    let d = Diagnostic::new(code, span, message);
    match help {
        Some(h) => d.help(h),
        None => d,
    }
}

/// "`<path>` dropped: <why>": a key, a value or a permission (`code` says which).
fn dropped(
    code: Code,
    span: Span,
    path: &str,
    (why, help): (String, Option<String>),
) -> Diagnostic {
    worded(code, span, format!("`{path}` dropped: {why}"), help)
}

const ID_HELP: &str =
    "every app has an `id` such as `\"com.example.my-app\"`; add it, then import again";

impl From<ImportProblem> for Diagnostic {
    fn from(problem: ImportProblem) -> Diagnostic {
        match problem {
            ImportProblem::NotJson {
                span,
                message,
                manifest,
            } => Diagnostic::new(
                Code::ManifestNotJson,
                span,
                format!("this is not valid JSON: {message}"),
            )
            .help(match manifest {
                Manifest::App => {
                    "a manifest is one JSON object; fix the JSON, then import again".to_string()
                }
                Manifest::Development { source } => {
                    format!("fix the JSON of {source}, then import again")
                }
            }),
            ImportProblem::NotObject {
                span,
                found,
                manifest,
            } => Diagnostic::new(
                Code::ManifestNotJson,
                span,
                format!("a manifest is a JSON object, but this is {}", json_type(found)),
            )
            .help(match manifest {
                Manifest::App => "`stripe-app.json` starts with `{` and holds the app's `id`, `name`, …",
                Manifest::Development { .. } => {
                    "a development manifest is an object with `extends` and what it changes"
                }
            }),
            ImportProblem::NotUtf8 { span, byte } => Diagnostic::new(
                Code::ManifestNotJson,
                span,
                format!("this is not valid JSON: byte {byte} is not part of a UTF-8 character"),
            )
            .help("JSON files are UTF-8 text"),
            ImportProblem::NoId { span } => {
                Diagnostic::new(Code::ManifestWithoutId, span, "the manifest has no `id`")
                    .help(ID_HELP)
            }
            ImportProblem::InvalidId { span, found } => {
                let what = match found {
                    JsonType::String => "empty".to_string(),
                    other => format!("{}, not a string", json_type(other)),
                };
                Diagnostic::new(
                    Code::ManifestWithoutId,
                    span,
                    format!("the manifest's `id` is {what}"),
                )
                .help(ID_HELP)
            }
            ImportProblem::FieldDropped { span, path, why } => dropped(
                Code::ManifestFieldDropped,
                span,
                &path,
                dropped_field(why, &path),
            ),
            ImportProblem::ValueDropped { span, path, why } => {
                dropped(Code::ManifestValueDropped, span, &path, dropped_value(why))
            }
            ImportProblem::Rewritten { span, rewrite: r } => {
                let (message, help) = rewrite(r);
                worded(Code::ManifestValueRewritten, span, message, help)
            }
            ImportProblem::PermissionDropped { span, path, why } => {
                dropped(Code::PermissionDropped, span, &path, dropped_permission(why))
            }
            ImportProblem::FieldMissing { span, field } => Diagnostic::new(
                Code::ManifestFieldMissing,
                span,
                format!("the manifest has no usable `{field}`"),
            )
            .help(format!(
                "add `{field} \"…\"` to the `app` block of the imported file; until then `stripeapp check` reports E0606"
            )),
            ImportProblem::PurposeMissing {
                span,
                path,
                permission,
            } => Diagnostic::new(
                Code::ManifestFieldMissing,
                span,
                format!("`{path}` has no `purpose`"),
            )
            .help(format!(
                "write why the app needs `{permission}` in the imported file; until then `stripeapp check` reports E0602"
            )),
            ImportProblem::BackendUrlUnknown { span } => Diagnostic::new(
                Code::BackendUrlUnknown,
                span,
                "the backend's handlers were imported from backend/src/handlers.ts, but the code does not say at which URL it is served",
            )
            .help("replace the placeholder with the backend's public base URL (routes are served below it)"),
        }
    }
}
