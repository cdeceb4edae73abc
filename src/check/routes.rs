//! The backend's unsigned routes against the app: an `oauth_callback` needs an app that
//! installs with OAuth (E0803), and Stripe only redirects the browser to a URL the app lists
//! in `redirect` (E0804).

use super::Ctx;
use super::urls::canonical;
use crate::ast::AppStmtKind;
use crate::diagnostics::{Code, Diagnostic};

pub fn check(ctx: &Ctx<'_>, diags: &mut Vec<Diagnostic>) {
    for b in &ctx.backends {
        unsigned_roles(b, diags);
    }
    let Some(backend) = ctx.backend() else {
        return;
    };
    let Some(cb) = &backend.oauth_callback else {
        return;
    };
    // Without an `app` block (E0201) there is nothing to compare with.
    let Some(app) = ctx.app() else {
        return;
    };
    let oauth = app.stmts.iter().find_map(|s| match &s.kind {
        AppStmtKind::ApiAccess(n) => Some(n),
        _ => None,
    });
    if oauth.is_none_or(|n| n.text != "oauth") {
        // A misspelt value was reported (E0107); do not pile a second error on it.
        if oauth.is_some_and(|n| {
            !crate::syntax::language::keyword("api_access")
                .is_some_and(|k| k.value_words().any(|w| w == n.text))
        }) {
            return;
        }
        let mut d = Diagnostic::new(
            Code::OauthCallbackWithoutOauth,
            cb.keyword,
            "an `oauth_callback` in an app that does not install with OAuth",
        );
        if let Some(n) = oauth {
            d = d.label(
                n.span,
                format!("the app installs with `api_access {}`", n.text),
            );
        }
        diags.push(d.help(
            "Stripe only sends an OAuth `code` to apps with `api_access oauth` (and `distribution public`): add that to the app block, or remove the callback",
        ));
        return;
    }
    if backend.recovered || cb.path.value.is_empty() {
        return;
    }
    let url = cb.url(backend);
    let Some(target) = canonical(&url) else {
        return;
    };
    let redirects: Vec<&crate::ast::Str> = app
        .stmts
        .iter()
        .filter_map(|s| match &s.kind {
            AppStmtKind::Redirect(r) => Some(r),
            _ => None,
        })
        .collect();
    if redirects
        .iter()
        .any(|r| canonical(&r.value).is_some_and(|c| c == target))
    {
        return;
    }
    let mut d = Diagnostic::new(
        Code::OauthCallbackNotRedirect,
        cb.path.inner_span(),
        format!("the OAuth callback is at `{url}`, which is not among the app's `redirect`s"),
    );
    if let Some(first) = redirects.first() {
        d = d.label(first.span, "the app's redirects start here");
    }
    d = d.help(format!(
        "Stripe sends the installing user's browser only to a listed redirect URL: add `redirect \"{url}\"` to the app block"
    ));
    if let Some(fix) = super::fixes::add_redirect(ctx, app, &url) {
        d = d.with_fix(fix);
    }
    diags.push(d);
}

/// E0801: `roles` inside a route whose requests nobody signs.
fn unsigned_roles(b: &crate::ast::BackendDecl, diags: &mut Vec<Diagnostic>) {
    let sites = b.publics.iter().map(|p| ("public", &p.roles)).chain(
        b.oauth_callback
            .iter()
            .map(|c| ("oauth_callback", &c.roles)),
    );
    for (what, roles) in sites {
        for span in roles {
            diags.push(
                Diagnostic::new(
                    Code::RolesOnUnsignedRoute,
                    *span,
                    format!("`roles` cannot be checked on `{what}`: nobody signs its requests"),
                )
                .help("an unsigned request carries no Dashboard user and no role; remove this line, or make the route an `endpoint` that views call with a signature"),
            );
        }
    }
}
