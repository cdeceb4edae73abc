//! The backend's unsigned routes against the app: an `oauth_callback` needs an app that
//! installs with OAuth (E0803), and Stripe only redirects the browser to a URL the app lists
//! in `redirect` (E0804).

use super::Ctx;
use super::urls::canonical;
use crate::ast::AppStmtKind;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::problem::routes::RouteProblem;

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
        diags.push(
            RouteProblem::CallbackWithoutOauth {
                span: cb.keyword,
                api_access: oauth.map(|n| (n.span, n.text.clone())),
            }
            .into(),
        );
        return;
    }
    if backend.recovered || cb.path.value.is_empty() {
        return;
    }
    let url = cb.url(backend);
    let Some(target) = canonical(&url) else {
        return;
    };
    let redirects: Vec<&crate::ast::Str> = app.redirects().collect();
    if redirects
        .iter()
        .any(|r| canonical(&r.value).is_some_and(|c| c == target))
    {
        return;
    }
    let mut d = Diagnostic::from(RouteProblem::CallbackNotRedirect {
        span: cb.path.inner_span(),
        url: url.to_string(),
        first_redirect: redirects.first().map(|r| r.span),
    });
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
                RouteProblem::RolesOnUnsignedRoute {
                    span: *span,
                    route: what.to_string(),
                }
                .into(),
            );
        }
    }
}
