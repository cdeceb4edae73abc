//! What both backend targets say about the declarations in their comments: the doc
//! paragraphs of each handler and the table of routes. Language-neutral text; each target
//! escapes it for its own comments (JSDoc, docstrings).

use crate::model::{self, Backend, Endpoint, Job};

/// `lines` after the user's `///` comment and a blank line, when there is one.
pub(crate) fn with_user_doc(user: Option<&str>, lines: Vec<String>) -> Vec<String> {
    let mut doc = Vec::new();
    if let Some(d) = user {
        doc.push(d.to_string());
        doc.push(String::new());
    }
    doc.extend(lines);
    doc
}

/// An endpoint's doc: its route and roles, then `returns` (how to answer, in the target's
/// words).
pub(crate) fn endpoint(e: &Endpoint, returns: &str) -> Vec<String> {
    let roles = if e.roles.is_empty() {
        "Any signed-in Dashboard user of the calling account may call it.".to_string()
    } else {
        format!(
            "Roles: {} (checked before the handler runs).",
            e.roles.join(", ")
        )
    };
    with_user_doc(
        e.doc.as_deref(),
        vec![
            format!("`endpoint {}`: POST {}.", e.name, e.url),
            roles,
            returns.to_string(),
        ],
    )
}

/// An event handler's doc, naming the URL deliveries come to (`webhook_url`, already
/// escaped by the caller).
pub(crate) fn event(user: Option<&str>, event: &str, webhook_url: Option<&str>) -> Vec<String> {
    let line = match webhook_url {
        Some(url) => format!("`on {event}`, delivered to {url}."),
        None => format!("`on {event}`."),
    };
    with_user_doc(user, vec![line])
}

/// A job's doc; `command` runs it (`node dist/main.js job`).
pub(crate) fn job(j: &Job, command: &str) -> Vec<String> {
    with_user_doc(
        j.doc.as_deref(),
        vec![format!(
            "`job {}`: run it with `{command} {}`.",
            j.name, j.name
        )],
    )
}

/// A public route's doc: its method and URL, and that nobody vouches for its requests.
pub(crate) fn public(p: &model::PublicRoute) -> Vec<String> {
    with_user_doc(
        p.doc.as_deref(),
        vec![
            format!("`public {}`: {} {}.", p.name, p.method, p.url),
            "Nobody signs these requests: authenticate the caller here if it matters (a shared secret, the sender's own signature over `request.body`).".to_string(),
            "Return `{json}`, `{text}` or `{redirect}` (with an optional `status` and `headers`), or nothing for 204.".to_string(),
        ],
    )
}

/// The OAuth callback's doc.
pub(crate) fn oauth_callback(cb: &model::OauthCallback) -> Vec<String> {
    with_user_doc(
        cb.doc.as_deref(),
        vec![
            format!("`oauth_callback`: GET {}.", cb.url),
            "Runs once Stripe has redirected an installing user here and `state` and `code` were checked and exchanged: store the tokens for the account.".to_string(),
            "Return `{redirect}` to send the browser on (to your app's page), `{json}`, or nothing for a plain confirmation.".to_string(),
        ],
    )
}

/// One served route, for the tables in the generated files' comments.
pub(crate) struct Route {
    pub name: String,
    /// The HTTP methods it serves, as a table shows them (`POST`, `GET`).
    pub method: &'static str,
    /// The public URL, as written.
    pub url: String,
    pub what: String,
}

/// The routes `b` serves, the webhook route first.
pub(crate) fn routes(b: &Backend, serves_webhooks: bool) -> Vec<Route> {
    let mut routes = Vec::new();
    if serves_webhooks {
        routes.push(Route {
            name: "webhooks".to_string(),
            method: "POST",
            url: b.webhook_url.clone(),
            what: "webhook deliveries".to_string(),
        });
    }
    for e in &b.endpoints {
        routes.push(Route {
            name: e.name.clone(),
            method: "POST",
            url: e.url.clone(),
            what: format!("endpoint {}, called from views", e.name),
        });
    }
    routes
}

/// The routes nobody signs (the Node backend serves them): the health check, the OAuth
/// callback and the public routes.
pub(crate) fn unsigned_routes(b: &Backend) -> Vec<Route> {
    let mut routes = vec![Route {
        name: "health".to_string(),
        method: "GET",
        url: b.health_url.clone(),
        what: "health check, unauthenticated".to_string(),
    }];
    if let Some(cb) = &b.oauth_callback {
        routes.push(Route {
            name: "oauth_callback".to_string(),
            method: "GET",
            url: cb.url.clone(),
            what: "OAuth install callback (`/start` begins an install)".to_string(),
        });
    }
    for p in &b.publics {
        routes.push(Route {
            name: p.name.clone(),
            method: method_word(&p.method),
            url: p.url.clone(),
            what: format!("public route {}, unsigned", p.name),
        });
    }
    routes
}

/// The method as a `'static` word for the tables (the model holds one of these).
fn method_word(method: &str) -> &'static str {
    ["GET", "POST", "PUT", "PATCH", "DELETE"]
        .into_iter()
        .find(|m| *m == method)
        .unwrap_or("GET")
}

/// `Public URLs:` and one `<indent>name  url` line per route, names aligned; nothing
/// without routes. `escape` makes a URL safe in the target's comments.
pub(crate) fn url_table(
    routes: &[Route],
    indent: &str,
    escape: impl Fn(&str) -> String,
) -> Vec<String> {
    if routes.is_empty() {
        return Vec::new();
    }
    let width = routes.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut lines = vec![String::new(), "Public URLs:".to_string()];
    for r in routes {
        lines.push(format!("{indent}{:width$}  {}", r.name, escape(&r.url)));
    }
    lines
}

/// `POST <path>  <what>` per route, paths aligned.
pub(crate) fn route_lines(routes: &[Route]) -> Vec<String> {
    let width = routes
        .iter()
        .map(|r| model::url_path(&r.url).len())
        .max()
        .unwrap_or(0);
    routes
        .iter()
        .map(|r| {
            format!(
                "{:<4} {:width$}  {}",
                r.method,
                model::url_path(&r.url),
                r.what
            )
        })
        .collect()
}
