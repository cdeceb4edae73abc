use crate::diagnostics::problem::routes::RouteProblem;
use crate::diagnostics::{Code, Diagnostic};

impl From<RouteProblem> for Diagnostic {
    fn from(problem: RouteProblem) -> Diagnostic {
        match problem {
            RouteProblem::CallbackWithoutOauth { span, api_access } => {
                let mut d = Diagnostic::new(
                    Code::OauthCallbackWithoutOauth,
                    span,
                    "an `oauth_callback` in an app that does not install with OAuth",
                );
                if let Some((at, value)) = api_access {
                    d = d.label(at, format!("the app installs with `api_access {value}`"));
                }
                d.help("Stripe only sends an OAuth `code` to apps with `api_access oauth` (and `distribution public`): add that to the app block, or remove the callback")
            }
            RouteProblem::CallbackNotRedirect {
                span,
                url,
                first_redirect,
            } => {
                let mut d = Diagnostic::new(
                    Code::OauthCallbackNotRedirect,
                    span,
                    format!("the OAuth callback is at `{url}`, which is not among the app's `redirect`s"),
                );
                if let Some(first) = first_redirect {
                    d = d.label(first, "the app's redirects start here");
                }
                d.help(format!(
                    "Stripe sends the installing user's browser only to a listed redirect URL: add `redirect \"{url}\"` to the app block"
                ))
            }
            RouteProblem::RolesOnUnsignedRoute { span, route } => Diagnostic::new(
                Code::RolesOnUnsignedRoute,
                span,
                format!("`roles` cannot be checked on `{route}`: nobody signs its requests"),
            )
            .help("an unsigned request carries no Dashboard user and no role; remove this line, or make the route an `endpoint` that views call with a signature"),
        }
    }
}
