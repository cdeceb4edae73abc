//! App metadata: the id, required and non-empty texts, the icon path, the words Stripe
//! refuses in public app names, and the OAuth requirements.

use super::Ctx;
use crate::ast::*;
use crate::diagnostics::problem::{EmptyText, Problem};
use crate::diagnostics::{Diagnostic, FixKind};

pub fn check(ctx: &Ctx<'_>, diags: &mut Vec<Diagnostic>) {
    for p in ctx.permissions.iter().filter(|p| !p.recovered) {
        empty(&p.purpose, EmptyText::PermissionPurpose, diags);
    }
    for u in ctx.urls.iter().filter(|u| !u.recovered) {
        empty_urls_purpose(u, diags);
    }
    for app in &ctx.apps {
        check_app(app, diags);
    }
    if let Some(app) = ctx.app() {
        post_install_view(ctx, app, diags);
        if ctx.backend().is_some() {
            reserved_constant(app, diags);
        }
    }
}

/// With a backend, the compiler writes the constant that tells the views where it is; a
/// constant of the same name would be overwritten.
fn reserved_constant(app: &AppDecl, diags: &mut Vec<Diagnostic>) {
    let reserved = crate::emit::manifest::BACKEND_URL_CONSTANT;
    for stmt in &app.stmts {
        if let AppStmtKind::Constant { name, .. } = &stmt.kind
            && name.text == reserved
        {
            diags.push(
                Problem::ReservedConstant {
                    span: name.span,
                    name: reserved,
                }
                .into(),
            );
        }
    }
}

/// An empty `urls` purpose is a warning (SPEC §4.12): Stripe's schema takes it, but the
/// install screen then explains nothing, and reviewers read it.
fn empty_urls_purpose(u: &UrlsDecl, diags: &mut Vec<Diagnostic>) {
    if !u.purpose.value.trim().is_empty() {
        return;
    }
    diags.push(
        Problem::EmptyUrlsPurpose {
            span: u.purpose.span,
            lists_nothing: u.connect.is_empty() && u.image.is_empty(),
        }
        .into(),
    );
}

/// `post_install settings` opens the app's settings view, `post_install onboarding` its
/// onboarding view: without that view the button after install leads nowhere.
fn post_install_view(ctx: &Ctx<'_>, app: &AppDecl, diags: &mut Vec<Diagnostic>) {
    for stmt in &app.stmts {
        let AppStmtKind::PostInstall { kind, .. } = &stmt.kind else {
            continue;
        };
        let (viewport, component) = match kind.text.as_str() {
            "settings" => ("settings", "Settings"),
            "onboarding" => ("onboarding", "Onboarding"),
            _ => continue,
        };
        // A view whose header did not parse may be that view (already reported).
        if ctx
            .views
            .iter()
            .any(|v| v.viewport.text == viewport || (v.recovered && v.viewport.text.is_empty()))
        {
            continue;
        }
        let mut name = component.to_string();
        while ctx
            .views
            .iter()
            .any(|v| v.component.text.eq_ignore_ascii_case(&name))
        {
            name.push_str("View");
        }
        let nl = ctx.newline;
        let at = ctx.src.len();
        // A blank line before the new view, as between any two declarations.
        let lead = if ctx.src.trim_end().is_empty() {
            String::new()
        } else if ctx.src.ends_with('\n') {
            nl.to_string()
        } else {
            format!("{nl}{nl}")
        };
        let problem = Problem::PostInstallWithoutView {
            span: stmt.span,
            action: kind.text.clone(),
            viewport,
            component: name.clone(),
        };
        diags.push(Diagnostic::from(problem).suggestion(
            FixKind::AddView {
                component: name.to_string(),
                viewport: viewport.to_string(),
            },
            vec![crate::diagnostics::Edit {
                span: Span::point(at),
                new_text: format!("{lead}view {name} on {viewport}{nl}"),
            }],
        ));
    }
}

fn check_app(app: &AppDecl, diags: &mut Vec<Diagnostic>) {
    if !valid_id(&app.id.value) {
        diags.push(
            Problem::InvalidAppId {
                span: app.id.span,
                id: app.id.value.clone(),
            }
            .into(),
        );
    }
    let find = |kw: &str| app.stmts.iter().find(|s| s.kind.keyword() == kw);
    for required in ["name", "version"] {
        // A statement with a syntax error still counts as written (no cascade).
        if find(required).is_none() && !app.broken.iter().any(|k| k == required) {
            diags.push(
                Problem::MissingAppStatement {
                    span: app.keyword.to(app.id.span),
                    keyword: required,
                }
                .into(),
            );
        }
    }
    let mut public = false;
    let mut oauth: Option<Span> = None;
    let mut redirects = 0;
    let mut name: Option<&Str> = None;
    for stmt in &app.stmts {
        match &stmt.kind {
            AppStmtKind::Name(s) => {
                empty(s, EmptyText::AppName, diags);
                name.get_or_insert(s);
            }
            AppStmtKind::Version(s) => empty(s, EmptyText::AppVersion, diags),
            AppStmtKind::Icon(s) if !valid_icon(&s.value) => {
                diags.push(
                    Problem::InvalidIcon {
                        span: s.span,
                        path: s.value.clone(),
                    }
                    .into(),
                );
            }
            AppStmtKind::Distribution(n) => public |= n.text == "public",
            AppStmtKind::ApiAccess(n) if n.text == "oauth" => oauth = Some(stmt.span),
            AppStmtKind::Redirect(_) => redirects += 1,
            _ => {}
        }
    }
    if public
        && let Some(n) = name
        && let Some(word) = reserved_word(&n.value)
    {
        diags.push(
            Problem::ReservedWordInName {
                span: n.span,
                word: word.to_string(),
            }
            .into(),
        );
    }
    if let Some(span) = oauth
        && (!public || redirects == 0)
    {
        diags.push(
            Problem::OauthRequirements {
                span,
                needs_public: !public,
                needs_redirect: redirects == 0,
            }
            .into(),
        );
    }
}

fn empty(s: &Str, which: EmptyText, diags: &mut Vec<Diagnostic>) {
    if s.value.trim().is_empty() {
        diags.push(
            Problem::EmptyText {
                span: s.span,
                which,
            }
            .into(),
        );
    }
}

/// `^[a-zA-Z0-9_\-.]+$`
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Stripe's icon pattern `^$|^\./((\.\./|[a-zA-Z0-9_/\-\\])[^\.\.]*\.png)$`.
pub fn valid_icon(icon: &str) -> bool {
    if icon.is_empty() {
        return true;
    }
    let Some(rest) = icon.strip_prefix("./") else {
        return false;
    };
    let Some(mid) = rest.strip_suffix(".png") else {
        return false;
    };
    let tail = if let Some(t) = mid.strip_prefix("../") {
        t
    } else {
        let mut chars = mid.chars();
        match chars.next() {
            Some(c) if c.is_ascii_alphanumeric() || matches!(c, '_' | '/' | '-' | '\\') => {
                chars.as_str()
            }
            _ => return false,
        }
    };
    !tail.contains('.') && !tail.contains(['\n', '\r'])
}

/// The first of Stripe, app, free, paid that stands as a whole word in `name`.
pub fn reserved_word(name: &str) -> Option<&str> {
    name.split(|c: char| !c.is_alphanumeric()).find(|w| {
        ["stripe", "app", "free", "paid"]
            .iter()
            .any(|r| w.eq_ignore_ascii_case(r))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icons() {
        for ok in [
            "",
            "./icon.png",
            "./assets/icon.png",
            "./../icon.png",
            "./a-b_c.png",
        ] {
            assert!(valid_icon(ok), "{ok}");
        }
        for bad in [
            "icon.png",
            "./icon.PNG",
            "./my.icon.png",
            "./.png",
            "./icon.jpg",
            "/icon.png",
        ] {
            assert!(!valid_icon(bad), "{bad}");
        }
    }

    #[test]
    fn names() {
        assert_eq!(reserved_word("My App"), Some("App"));
        assert_eq!(reserved_word("MyApp"), None);
        assert_eq!(reserved_word("free-shipping"), Some("free"));
        assert_eq!(reserved_word("Stripe Sync"), Some("Stripe"));
        assert_eq!(reserved_word("Invoice Sync"), None);
    }
}
