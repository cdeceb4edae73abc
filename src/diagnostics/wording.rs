//! How problems and fixes are put into words: the one place that writes the messages,
//! labels, help and fix titles people read. Each pass's problems are worded in the
//! submodule named after the pass; this file words the fixes and the app-metadata pass.

mod code;
mod expand;
mod import;
mod names;
mod permissions;
mod release;
mod roles;
mod routes;
mod syntax;
mod urls;

use super::problem::{EmptyText, Problem};
use super::{Code, Diagnostic, FixKind};

/// The title of a fix ("Add `permission customer_read`").
pub fn fix_title(kind: &FixKind) -> String {
    match kind {
        FixKind::AddPermissions { names } => match names.as_slice() {
            [one] => format!("Add `permission {one}`"),
            _ => format!(
                "Add {}",
                names
                    .iter()
                    .map(|n| format!("`permission {n}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
        },
        FixKind::AddConnect { url, .. } => format!("Add `connect \"{url}\"`"),
        FixKind::ReplaceName { with } => format!("Replace with `{with}`"),
        FixKind::RemoveDuplicate => "Remove the duplicate declaration".to_string(),
        FixKind::JoinOpeningBrace => "Move `{` to the declaration's line".to_string(),
        FixKind::AddView {
            component,
            viewport,
        } => format!("Add `view {component} on {viewport}`"),
        FixKind::AddTrailingSlash { url } => {
            format!("Add the trailing `/` to `connect \"{url}\"`")
        }
        FixKind::UseAppId { id } => format!("Use this app's id `{id}`"),
        FixKind::AddRedirect { url } => format!("Add `redirect \"{url}\"` to the app"),
        FixKind::DeclareUse {
            owner,
            keyword,
            item,
            ..
        } => format!("Declare `{keyword} {item}` in {owner}"),
        FixKind::RemoveUnused { owner, item } => format!("Remove `{item}` from {owner}"),
        FixKind::MarkCustomRole { role } => {
            format!("Mark `{role}` as a custom role of your account")
        }
    }
}

/// "`a`, `b`, `c`": names as a list in backticks.
fn ticked_list<T: std::fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    items
        .into_iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

const APP_ID_HELP: &str =
    "an app id uses only letters, digits, `_`, `-` and `.`, like `com.example.invoice-sync`";

impl From<Problem> for Diagnostic {
    fn from(problem: Problem) -> Diagnostic {
        match problem {
            Problem::EmptyText { span, which } => {
                let what = match which {
                    EmptyText::PermissionPurpose => "the purpose of a permission",
                    EmptyText::AppName => "the app `name`",
                    EmptyText::AppVersion => "the app `version`",
                    EmptyText::ProfileName => "the profile's `name`",
                };
                Diagnostic::new(Code::EmptyText, span, format!("{what} is empty")).help(
                    "write a short text here; Stripe shows it to the people who install the app",
                )
            }
            Problem::EmptyUrlsPurpose {
                span,
                lists_nothing,
            } => Diagnostic::new(
                Code::EmptyUrlsPurpose,
                span,
                if lists_nothing {
                    "the purpose of the `urls` block is empty (and the block lists no URL)"
                } else {
                    "the purpose of the `urls` block is empty"
                },
            )
            .help("say in one sentence why the app talks to these URLs: people read it before they install, and so do Stripe's reviewers"),
            Problem::ReservedConstant { span, name }
                if name == crate::emit::manifest::PROFILE_CONSTANT =>
            {
                Diagnostic::new(
                    Code::ReservedConstant,
                    span,
                    format!("`{name}` is the constant the compiler writes into each profile's manifest"),
                )
                .help("it names the profile a manifest was generated from (and marks the file as the compiler's); rename your constant")
            }
            Problem::ReservedConstant { span, name } => Diagnostic::new(
                Code::ReservedConstant,
                span,
                format!("`{name}` is the constant the compiler writes for the backend's URL"),
            )
            .help("the views read the backend's base URL from this constant (a development profile overrides it with its own `backend`); rename your constant"),
            Problem::DuplicateProfile { span, first, name } => Diagnostic::new(
                Code::DuplicateProfile,
                span,
                format!("profile `{name}` is declared twice"),
            )
            .label(first, "first declared here")
            .help("each profile becomes its own `stripe-app.<name>.json` (names differing only in case would be one file on macOS and Windows); merge the two blocks or rename one"),
            Problem::InvalidProfileName { span, name, why } => Diagnostic::new(
                Code::InvalidProfileName,
                span,
                format!("`{name}` cannot be a profile name: {why}"),
            )
            .help("a profile name becomes part of `stripe-app.<name>.json`: use letters, digits, `_` and `-`, starting with a letter or digit, like `dev` or `staging-eu`"),
            Problem::ProfileBackendWithoutBackend { span, profile } => Diagnostic::new(
                Code::ProfileBackendWithoutBackend,
                span,
                format!("profile `{profile}` moves the backend, but the app has no `backend` block"),
            )
            .help("a profile's `backend \"<url>\"` replaces the base URL of the app's `backend` block; declare the backend first, or remove this line"),
            Problem::ProfileOnlyConstant {
                span,
                name,
                profile,
            } => Diagnostic::new(
                Code::ProfileOnlyConstant,
                span,
                format!("constant `{name}` is set only in profile `{profile}`"),
            )
            .help(format!(
                "the production manifest has no `{name}`, so views that read it break after upload; give it a production value with `constant {name} …` in the `app` block"
            )),
            Problem::DuplicateProfileStatement {
                span,
                first,
                what,
                profile,
            } => Diagnostic::new(
                Code::DuplicateAppStatement,
                span,
                format!("{what} is given twice in profile `{profile}`"),
            )
            .label(first, "first given here")
            .help("keep one; a profile overrides each value once"),
            Problem::ProfileCallbackNotRedirect {
                span,
                callback,
                url,
                profile,
            } => Diagnostic::new(
                Code::OauthCallbackNotRedirect,
                span,
                format!("under profile `{profile}`, the OAuth callback is at `{url}`, which is not among the `redirect`s"),
            )
            .label(callback, "the callback's path")
            .help(format!(
                "Stripe sends the installing user's browser only to a listed redirect URL: add `redirect \"{url}\"` to the profile"
            )),
            Problem::ProfileEndpointNotCovered {
                span,
                backend,
                endpoint,
                url,
                profile,
            } => Diagnostic::new(
                Code::UrlNotCovered,
                span,
                format!(
                    "under profile `{profile}`, endpoint `{endpoint}` is at `{url}`, which no `connect` entry covers"
                ),
            )
            .label(backend, "the profile's backend")
            .help("the views reach the profile's backend only through the content security policy; add `connect` with this backend URL ending in `/` to the profile"),
            Problem::PostInstallWithoutView {
                span,
                action,
                viewport,
                component,
            } => Diagnostic::new(
                Code::PostInstallWithoutView,
                span,
                format!("`post_install {action}` needs a view on `{viewport}`"),
            )
            .help(format!(
                "after installing, Stripe opens the app's `{viewport}` view; add `view {component} on {viewport}`, or choose another `post_install` action"
            )),
            Problem::InvalidAppId { span, id } if id.is_empty() => {
                Diagnostic::new(Code::InvalidAppId, span, "the app id is empty").help(APP_ID_HELP)
            }
            Problem::InvalidAppId { span, id } => Diagnostic::new(
                Code::InvalidAppId,
                span,
                format!("`{id}` is not a valid app id"),
            )
            .help(APP_ID_HELP),
            Problem::MissingAppStatement { span, keyword } => Diagnostic::new(
                Code::MissingAppMetadata,
                span,
                format!("the `app` block has no `{keyword}`"),
            )
            .help(format!(
                "add `{}` inside the `app` block",
                if keyword == "name" {
                    "name \"My App\""
                } else {
                    "version \"1.0.0\""
                }
            )),
            Problem::InvalidIcon { span, path } => Diagnostic::new(
                Code::InvalidIcon,
                span,
                format!("`{path}` is not an icon path Stripe accepts"),
            )
            .help("the icon is a PNG next to the manifest: start with `./`, end in lowercase `.png`, no other `.` (for example `./icon.png` or `./assets/icon.png`)"),
            Problem::ReservedWordInName { span, word } => Diagnostic::new(
                Code::ReservedWordInName,
                span,
                format!("a public app's name cannot contain the word `{word}`"),
            )
            .help("Stripe refuses public app names with \"Stripe\", \"app\", \"free\" or \"paid\" as a word; choose another name (a word inside another, like `MyApp`, is fine)"),
            Problem::OauthRequirements {
                span,
                needs_public,
                needs_redirect,
            } => {
                let mut missing = Vec::new();
                if needs_public {
                    missing.push("`distribution public`");
                }
                if needs_redirect {
                    missing.push("at least one `redirect \"https://…\"`");
                }
                Diagnostic::new(
                    Code::OauthRequirements,
                    span,
                    format!("an OAuth app needs {}", missing.join(" and ")),
                )
                .help("Stripe's OAuth install flow is for public apps, and sends users back to one of the app's redirect URLs; add what is missing to the `app` block")
            }
        }
    }
}
