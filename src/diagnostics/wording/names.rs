use super::ticked_list;
use crate::ast::Span;
use crate::catalogue::PermissionStatus;
use crate::diagnostics::problem::names::{BackendRoute, Member, NameProblem};
use crate::diagnostics::{Code, Diagnostic};

/// "did you mean `x`?" when there is a near name, else `fallback`.
pub(super) fn did_you_mean_or(
    d: Diagnostic,
    suggestion: Option<&str>,
    fallback: impl Into<String>,
) -> Diagnostic {
    match suggestion {
        Some(s) => d.help(format!("did you mean `{s}`?")),
        None => d.help(fallback),
    }
}

/// A Stripe API method the catalogue does not know; `examples` are method names as
/// stripe-node writes them, for when no near name is found.
pub(super) fn unknown_method(
    span: Span,
    method: &str,
    suggestion: Option<&str>,
    examples: &str,
) -> Diagnostic {
    did_you_mean_or(
        Diagnostic::new(
            Code::UnknownMethod,
            span,
            format!("unknown Stripe API method `{method}`"),
        ),
        suggestion,
        format!(
            "methods are named as in stripe-node ({examples}); see `stripeapp catalog methods`"
        ),
    )
}

/// "endpoint", "public route".
fn member(m: Member) -> &'static str {
    match m {
        Member::Endpoint => "endpoint",
        Member::Job => "job",
        Member::PublicRoute => "public route",
    }
}

/// "endpoint `sync`", "the webhook route".
fn route(r: &BackendRoute) -> String {
    match r {
        BackendRoute::Endpoint(name) => format!("endpoint `{name}`"),
        BackendRoute::Webhook => "the webhook route".to_string(),
        BackendRoute::Health { .. } => "the health route".to_string(),
        BackendRoute::Public(name) => format!("public route `{name}`"),
        BackendRoute::OauthCallback => "the OAuth callback".to_string(),
    }
}

impl From<NameProblem> for Diagnostic {
    fn from(problem: NameProblem) -> Diagnostic {
        match problem {
            NameProblem::MissingApp { span } => {
                Diagnostic::new(Code::MissingApp, span, "this file has no `app` block")
                    .help("start the file with `app \"com.example.my-app\" { name \"My App\"  version \"1.0.0\" }`")
            }
            NameProblem::DuplicateApp { span, first, id } => Diagnostic::new(
                Code::DuplicateApp,
                span,
                format!("a second `app` block (`{id}`)"),
            )
            .label(first, "the first `app` block is here")
            .help("a file describes one app: merge the two blocks or move one app to its own file"),
            NameProblem::DuplicateAppStatement {
                span,
                first,
                keyword,
            } => Diagnostic::new(
                Code::DuplicateAppStatement,
                span,
                format!("`{keyword}` is given twice"),
            )
            .label(first, "first given here")
            .help(format!("keep one `{keyword}` statement")),
            NameProblem::DuplicateConstant { span, first, name } => Diagnostic::new(
                Code::DuplicateAppStatement,
                span,
                format!("constant `{name}` is defined twice"),
            )
            .label(first, "first defined here")
            .help("give each constant a distinct name"),
            NameProblem::PostInstallWithoutUrl { span } => Diagnostic::new(
                Code::InvalidValue,
                span,
                "`post_install external` needs the URL to send the user to",
            )
            .help("write `post_install external \"https://example.com/stripe/installed\"`"),
            NameProblem::PostInstallTakesNoUrl { span, action } => Diagnostic::new(
                Code::InvalidValue,
                span,
                format!("`post_install {action}` takes no URL"),
            )
            .help("remove the URL, or use `post_install external \"…\"` to send users to it"),
            NameProblem::InvalidValue {
                span,
                written,
                keyword,
                allowed,
                suggestion,
            } => {
                let list = ticked_list(allowed);
                let d = Diagnostic::new(
                    Code::InvalidValue,
                    span,
                    format!("`{written}` is not a valid value for `{keyword}`"),
                );
                match suggestion {
                    Some(s) => d.help(format!(
                        "did you mean `{s}`? `{keyword}` takes one of {list}"
                    )),
                    None => d.help(format!("`{keyword}` takes one of {list}")),
                }
            }
            NameProblem::DuplicatePermission { span, first, name } => Diagnostic::new(
                Code::DuplicatePermission,
                span,
                format!("permission `{name}` is declared twice"),
            )
            .label(first, "first declared here")
            .help("remove one of the two declarations"),
            NameProblem::PermissionRefused { span, name, source } => Diagnostic::new(
                Code::PermissionRefused,
                span,
                format!("Stripe does not grant `{name}` to apps"),
            )
            .help(format!(
                "{source}; remove it, register the webhook endpoint in the Dashboard and declare `on` handlers for its events"
            )),
            NameProblem::UnconfirmedPermission { span, name, status } => {
                let why = match status {
                    PermissionStatus::SchemaEnumOnly => {
                        "it appears in Stripe's manifest schema but not in the Apps permissions reference"
                    }
                    _ => {
                        "it is known as a restricted API key permission, not as a documented Stripe Apps permission"
                    }
                };
                Diagnostic::new(
                    Code::UnconfirmedPermission,
                    span,
                    format!("permission `{name}` is not confirmed for Stripe Apps"),
                )
                .help(format!("{why}; `stripe apps upload` may reject it"))
            }
            NameProblem::UnknownPermission {
                span,
                name,
                status,
                suggestion,
                refused,
            } => {
                let what = match status {
                    Some(PermissionStatus::Obsolete) => {
                        format!("permission `{name}` no longer exists on Stripe")
                    }
                    Some(PermissionStatus::SchemaEnumTypo) => format!(
                        "`{name}` is a misspelling found in Stripe's manifest schema, not a permission"
                    ),
                    _ => format!("unknown permission `{name}`"),
                };
                let d = Diagnostic::new(Code::UnknownPermission, span, what);
                match suggestion {
                    // The nearest real permission may be one apps cannot get: say so rather
                    // than offer it as the way out.
                    Some(s) if refused => d.help(format!(
                        "the permission for this object is `{s}`, which Stripe does not grant to apps (E0109): register webhook endpoints in the Dashboard instead"
                    )),
                    _ => did_you_mean_or(
                        d,
                        suggestion,
                        "see `stripeapp catalog permissions` for the permissions Stripe Apps can request",
                    ),
                }
            }
            NameProblem::DuplicateUrls { span, first } => {
                Diagnostic::new(Code::DuplicateUrls, span, "a second `urls` block")
                    .label(first, "the first `urls` block is here")
                    .help("an app has one content security policy: move these entries into the first `urls` block")
            }
            NameProblem::DuplicateBackend { span, first } => {
                Diagnostic::new(Code::DuplicateBackend, span, "a second `backend` block")
                    .label(first, "the first `backend` block is here")
                    .help("an app has one backend: move these routes into the first `backend` block")
            }
            NameProblem::DuplicateName {
                span,
                name,
                member: this,
                first,
                first_member,
            } => {
                let public = this == Member::PublicRoute || first_member == Member::PublicRoute;
                let (kind, namespace) = if public {
                    (
                        match first_member {
                            Member::Endpoint => "an endpoint".to_string(),
                            other => format!("a {}", member(other)),
                        },
                        "endpoints, jobs and public routes",
                    )
                } else {
                    ("an endpoint or job".to_string(), "endpoints and jobs")
                };
                Diagnostic::new(
                    Code::DuplicateEndpointOrJob,
                    span,
                    format!("`{name}` is already the name of {kind}"),
                )
                .label(first, "first used here")
                .help(format!(
                    "{namespace} share one namespace: rename this {}",
                    member(this)
                ))
            }
            NameProblem::DuplicateRoute {
                span,
                route: this,
                path,
                first,
                first_route,
                free_path,
            } => {
                let first_what = route(&first_route);
                let help = match (&this, free_path) {
                    (BackendRoute::Endpoint(name), Some(free)) => format!(
                        "give it a path of its own, for example `endpoint {name} \"{free}\"`"
                    ),
                    (BackendRoute::Endpoint(_), None) => "give it a path of its own".to_string(),
                    (BackendRoute::Webhook, _) => "move the webhook route with `webhooks \"/<another path>\"`, or give the endpoint another path".to_string(),
                    (BackendRoute::Health { written: false }, _) => format!(
                        "every backend answers its health check on `/health`: move it with `health \"/<another path>\"`, or give {first_what} another path"
                    ),
                    (BackendRoute::Health { written: true }, _) => "move the health route with `health \"/<another path>\"`, or give the other route another path".to_string(),
                    (BackendRoute::Public(_), _) => "give it a path of its own (two public routes may share a path when their methods differ)".to_string(),
                    (BackendRoute::OauthCallback, _) => "give the callback a path of its own (and the same URL in its `redirect`)".to_string(),
                };
                Diagnostic::new(
                    Code::DuplicateRoute,
                    span,
                    format!(
                        "{} is served on `{path}`, which {first_what} already uses",
                        route(&this)
                    ),
                )
                .label(first, format!("{first_what} is on the same path"))
                .help(help)
            }
            NameProblem::EventHandledTwice { span, first, event } => Diagnostic::new(
                Code::EventHandledTwice,
                span,
                format!("event `{event}` already has a handler"),
            )
            .label(first, "first handled here")
            .help("each event type is dispatched to one handler: name it in one `on` only, and merge the calls of the two handlers"),
            NameProblem::UnknownEvent {
                span,
                event,
                suggestion,
            } => did_you_mean_or(
                Diagnostic::new(
                    Code::UnknownEvent,
                    span,
                    format!("unknown event type `{event}`"),
                ),
                suggestion,
                "see `stripeapp catalog events` for the event types Stripe sends",
            ),
            NameProblem::SdkOutsideView { span, function } => Diagnostic::new(
                Code::SdkOutsideView,
                span,
                format!("`{function}` is a UI extension SDK function; it only runs in a view"),
            )
            .help("call it from a view, and send what the backend needs in the endpoint's payload"),
            NameProblem::UnknownSdkFunction {
                span,
                function,
                suggestion,
            } => did_you_mean_or(
                Diagnostic::new(
                    Code::UnknownMethod,
                    span,
                    format!("unknown SDK function `{function}`"),
                ),
                suggestion,
                "only SDK functions that need a permission are named in `calls`; others need no declaration",
            ),
            NameProblem::UnknownMethod {
                span,
                method,
                suggestion,
            } => unknown_method(
                span,
                &method,
                suggestion,
                "`customers.retrieve`, `paymentIntents.create`",
            ),
            NameProblem::DuplicateView {
                span,
                first,
                component,
            } => Diagnostic::new(
                Code::DuplicateView,
                span,
                format!("view component `{component}` is declared twice"),
            )
            .label(first, "first declared here")
            .help("each view is a file `src/views/<Component>.tsx`: give this view its own name"),
            NameProblem::ViewCaseClash {
                span,
                first,
                component,
                other,
            } => Diagnostic::new(
                Code::DuplicateView,
                span,
                format!("view component `{component}` differs from `{other}` only in case"),
            )
            .label(first, "the other view")
            .help("their files `src/views/<Component>.tsx` would be one file on case-insensitive file systems (macOS, Windows): rename one of the views"),
            NameProblem::UnknownViewport {
                span,
                viewport,
                suggestion,
            } => did_you_mean_or(
                Diagnostic::new(
                    Code::UnknownViewport,
                    span,
                    format!("unknown viewport `{viewport}`"),
                ),
                suggestion,
                "see `stripeapp catalog viewports` for where a view can appear",
            ),
            NameProblem::SharedViewport {
                span,
                first,
                component,
                viewport,
                other,
            } => Diagnostic::new(
                Code::SharedViewport,
                span,
                format!("view `{component}` is on `{viewport}`, which already shows view `{other}`"),
            )
            .label(first, "the first view on this viewport")
            .help("Stripe shows one view per viewport per app; combine the two views or move one to another viewport"),
            NameProblem::ViewUsesPublicRoute {
                span,
                name,
                declared,
            } => Diagnostic::new(
                Code::ViewUsesPublicRoute,
                span,
                format!("`{name}` is a public route: a view cannot use it"),
            )
            .label(declared, "declared `public` here")
            .help(format!(
                "views send signed requests, which a public route does not check: declare it as `endpoint {name}` to call it from a view, or remove `{name}` from `uses`"
            )),
            NameProblem::UnknownEndpoint {
                span,
                name,
                suggestion,
                is_job,
                has_backend,
            } => {
                let fallback = if is_job {
                    format!("`{name}` is a job, which the backend runs on its own; a view can only use an endpoint")
                } else if !has_backend {
                    format!("declare it in a backend: `backend \"https://api.example.com\" {{ endpoint {name} }}`")
                } else {
                    format!("declare it in the backend block: `endpoint {name}`")
                };
                did_you_mean_or(
                    Diagnostic::new(
                        Code::UnknownEndpoint,
                        span,
                        format!("unknown endpoint `{name}`"),
                    ),
                    suggestion.as_deref(),
                    fallback,
                )
            }
        }
    }
}
