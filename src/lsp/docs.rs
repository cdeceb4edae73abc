//! The Markdown the server shows: keyword summaries, catalogue entries, declarations of the
//! file and code explanations. Hover and completion both take their text from here.

use crate::ast::{File, Name, OauthCallbackDecl};
use crate::catalogue::{self, Basis, PermissionStatus};
use crate::diagnostics::Code;
use crate::index::{Index, ProfileUrl, Served, SymbolKind};
use crate::syntax::language;
use std::fmt::Write as _;

/// A one-line summary of a keyword (where a statement starts), from the language table.
pub fn keyword(word: &str) -> Option<&'static str> {
    language::keyword(word).map(|k| k.doc)
}

fn status_note(status: PermissionStatus) -> Option<&'static str> {
    match status {
        PermissionStatus::AppsReference => None,
        PermissionStatus::AppsEventTableOnly => {
            Some("Listed only in the event table of Stripe's permissions reference.")
        }
        PermissionStatus::UnconfirmedRakOnly | PermissionStatus::SchemaEnumOnly => Some(
            "Not in Stripe's Apps permissions reference: Stripe may reject it at upload (W0101).",
        ),
        PermissionStatus::SchemaEnumTypo => Some("A typo in Stripe's manifest schema: unknown."),
        PermissionStatus::Obsolete => Some("Removed from the platform: unknown."),
        PermissionStatus::RefusedForApps => {
            Some("Stripe refuses it for apps unless Stripe Support enabled it (E0109).")
        }
    }
}

fn basis(b: Basis) -> &'static str {
    match b {
        Basis::Documented => "documented",
        Basis::Inferred => "inferred (the check still applies)",
        Basis::Unknown => "unknown (the check is skipped)",
    }
}

fn code_list<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names
        .into_iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `calls` of a route or job, as a line of its hover.
fn calls_line(out: &mut String, calls: &[Name]) {
    if !calls.is_empty() {
        let _ = write!(
            out,
            "\n\nCalls: {}",
            code_list(calls.iter().map(|c| c.text.as_str()))
        );
    }
}

fn doc_comment(out: &mut String, doc: Option<&String>) {
    if let Some(doc) = doc.filter(|d| !d.trim().is_empty()) {
        let _ = write!(out, "\n\n{}", doc.trim());
    }
}

/// Which declared permissions grant `needed`, as a sentence about this file: what the
/// checker's index records each declaration grants.
fn granted_in(index: &Index, needed: &str) -> String {
    let by: Vec<&str> = index.granting(needed).map(|p| p.name.as_str()).collect();
    if by.is_empty() {
        format!("Not granted in this file: add `permission {needed}`.")
    } else {
        format!("Granted here by {}.", code_list(by))
    }
}

/// A permission: the catalogue entry and, when the file declares it, its purpose and doc.
pub fn permission(name: &str, files: &[&File]) -> String {
    let mut out = format!("**permission `{name}`**");
    match catalogue::permission(name) {
        Some(p) => {
            let access = match p.access {
                catalogue::Access::Read => "read",
                catalogue::Access::Write => "write",
            };
            let _ = write!(out, " ({access})\n\n{}", p.description);
            if let Some(note) = status_note(p.status) {
                let _ = write!(out, "\n\n{note}");
            }
            if let Some(right) = catalogue::replacement_for(name) {
                let _ = write!(out, " Use `{right}`.");
            }
            let mut grants: Vec<String> = crate::check::grants_of(name).into_iter().collect();
            grants.retain(|g| g != name);
            if !grants.is_empty() {
                let _ = write!(
                    out,
                    "\n\nAlso grants: {}",
                    code_list(grants.iter().map(String::as_str))
                );
            }
            let granted_by: Vec<&str> = crate::check::granted_by(name).collect();
            if !granted_by.is_empty() {
                let _ = write!(out, "\n\nGranted by: {}", code_list(granted_by));
            }
        }
        None => {
            out.push_str("\n\nNot a permission the catalogue knows.");
            if let Some(s) = crate::check::suggest::permission(name) {
                let _ = write!(out, " Did you mean `{s}`?");
            }
        }
    }
    if let Some(decl) = files.iter().find_map(|f| f.permission(name)) {
        let _ = write!(out, "\n\nPurpose: “{}”", decl.purpose.value);
        doc_comment(&mut out, decl.doc.as_ref());
    }
    out
}

/// An API method or `sdk.` function: what it needs, and whether the file grants it.
/// Hover on a field path of `expand <method> <path>`: what it expands to and needs.
pub fn expansion(method: &str, path: &str, index: &Index) -> Option<String> {
    let steps = catalogue::expansion(method, path).ok()?;
    let last = steps.last()?;
    let mut out = format!(
        "**`expand {method} {path}`** — the `{}` field of {} becomes {}",
        last.field,
        article(last.object),
        last.targets
            .iter()
            .map(|t| format!("`{t}`"))
            .collect::<Vec<_>>()
            .join(" or ")
    );
    for step in &steps {
        let needs = step.read_permissions();
        match needs.as_slice() {
            [] => {
                let _ = write!(
                    out,
                    "\n\n`{}`: no read permission is known for it.",
                    step.field
                );
            }
            [one] => {
                let _ = write!(
                    out,
                    "\n\n`{}` needs `{one}`. {}",
                    step.field,
                    granted_in(index, one)
                );
            }
            many => {
                let _ = write!(
                    out,
                    "\n\n`{}` needs one of {}.",
                    step.field,
                    many.iter()
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
    }
    Some(out)
}

/// `an invoice`, `a customer`: an object name in a sentence.
fn article(object: &str) -> String {
    let an = object.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} `{object}`", if an { "an" } else { "a" })
}

pub fn call(name: &str, index: &Index) -> String {
    if let Some(m) = catalogue::method(name) {
        let mut out = format!("**`{}`** — `{} {}`", m.name, m.http, m.path);
        if m.permission.is_empty() || m.basis == Basis::Unknown {
            let _ = write!(
                out,
                "\n\nPermission: not documented ({})",
                basis(Basis::Unknown)
            );
        } else {
            let _ = write!(
                out,
                "\n\nNeeds `{}` ({}). {}",
                m.permission,
                basis(m.basis),
                granted_in(index, m.permission)
            );
            for p in m.also {
                let _ = write!(
                    out,
                    "\n\nAlso needs `{p}`: it returns that object's data. {}",
                    granted_in(index, p)
                );
            }
        }
        if !m.alias_of.is_empty() {
            let _ = write!(out, "\n\nstripe-node's alias of `{}`.", m.alias_of);
        }
        if (m.basis != Basis::Documented || !m.also.is_empty()) && !m.derivation.is_empty() {
            let _ = write!(out, "\n\nHow the mapping was found: {}", m.derivation);
        }
        if !m.notes.is_empty() {
            let _ = write!(out, "\n\n{}", m.notes);
        }
        return out;
    }
    if let Some(s) = catalogue::sdk_function(name) {
        return format!(
            "**`{}`** — `{}` from `{}`\n\n{}\n\nNeeds `{}` (views only). {}",
            s.name,
            s.function,
            s.module,
            s.description,
            s.permission,
            granted_in(index, s.permission)
        );
    }
    let mut out = format!("**`{name}`**\n\nNot an API method the catalogue knows.");
    let names = catalogue::METHODS
        .iter()
        .map(|m| m.name)
        .chain(catalogue::SDK_FUNCTIONS.iter().map(|s| s.name));
    let suggestion = if name.starts_with("sdk.") {
        crate::check::suggest::did_you_mean(name, names)
    } else {
        crate::check::suggest::method(name)
    };
    if let Some(s) = suggestion {
        let _ = write!(out, " Did you mean `{s}`?");
    }
    out
}

/// A webhook event: the permissions that let the app receive it.
pub fn event(name: &str, files: &[&File], index: &Index) -> String {
    let mut out = format!("**event `{name}`**");
    match catalogue::event(name) {
        Some(e) => {
            if e.any_of.is_empty() {
                out.push_str("\n\nNeeds `event_read`.");
            } else {
                let _ = write!(
                    out,
                    "\n\nNeeds `event_read` and one of: {}",
                    code_list(e.any_of.iter().copied())
                );
            }
            let _ = write!(out, "\n\nMapping: {}", basis(e.basis));
            if e.basis != Basis::Documented && !e.derivation.is_empty() {
                let _ = write!(out, " — {}", e.derivation);
            }
            out.push_str(if index.grants_all(&e.needs()) {
                "\n\nGranted in this file."
            } else {
                "\n\nNot granted in this file."
            });
        }
        None => {
            out.push_str("\n\nNot an event the catalogue knows.");
            if let Some(s) = crate::check::suggest::event(name) {
                let _ = write!(out, " Did you mean `{s}`?");
            }
        }
    }
    if let Some(h) = files.iter().find_map(|f| f.handler(name)) {
        doc_comment(&mut out, h.doc.as_ref());
    }
    out
}

/// A Dashboard viewport.
pub fn viewport(id: &str) -> String {
    let mut out = format!("**viewport `{id}`**");
    match catalogue::viewport(id) {
        Some(v) => {
            let _ = write!(out, " — {}\n\nRoot component: `{}`", v.description, v.root);
            if !v.objects.is_empty() {
                let _ = write!(
                    out,
                    "\n\nObjects: {}{}",
                    code_list(v.objects.iter().copied()),
                    if v.objects_inferred {
                        " (inferred)"
                    } else {
                        ""
                    }
                );
            }
            if !v.dashboard_url.is_empty() {
                let url = if v.dashboard_url.starts_with("http") {
                    v.dashboard_url.to_string()
                } else {
                    format!("https://{}", v.dashboard_url)
                };
                let _ = write!(out, "\n\nDashboard: {url}");
            }
            if !v.in_schema {
                out.push_str("\n\nNot in Stripe's published manifest schema.");
            }
            if !v.notes.is_empty() {
                let _ = write!(out, "\n\n{}", v.notes);
            }
        }
        None => {
            out.push_str("\n\nNot a viewport the catalogue knows.");
            if let Some(s) = crate::check::suggest::viewport(id) {
                let _ = write!(out, " Did you mean `{s}`?");
            }
        }
    }
    out
}

/// A backend endpoint of the file: its URL, roles, calls and the views using it.
pub fn endpoint(name: &str, files: &[&File]) -> Option<String> {
    let (file, (backend, e)) = files
        .iter()
        .find_map(|f| f.endpoint(name).map(|found| (*f, found)))?;
    let mut out = format!("**endpoint `{name}`** — `{}`", e.url(backend));
    if !e.roles.is_empty() {
        let _ = write!(
            out,
            "\n\nRoles: {}",
            e.roles
                .iter()
                .map(|r| format!("“{}”", r.value))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    calls_line(&mut out, &e.calls);
    let users = file.views_using(name).collect::<Vec<_>>();
    if users.is_empty() {
        out.push_str("\n\nNo view uses it.");
    } else {
        let _ = write!(out, "\n\nUsed by: {}", code_list(users));
    }
    doc_comment(&mut out, e.doc.as_ref());
    Some(out)
}

/// A public route of the file: its method and URL, its calls, and the views that name it in
/// `uses` (which they cannot: E0802).
pub fn public_route(name: &str, files: &[&File]) -> Option<String> {
    let (file, (backend, p)) = files
        .iter()
        .find_map(|f| f.public(name).map(|found| (*f, found)))?;
    let mut out = format!(
        "**public route `{name}`** — `{} {}`\n\nNobody signs its requests: it checks no roles, and views cannot `uses` it.",
        p.method_text(),
        p.url(backend)
    );
    calls_line(&mut out, &p.calls);
    let users = file.views_using(name).collect::<Vec<_>>();
    if !users.is_empty() {
        let _ = write!(out, "\n\nNamed in `uses` by: {} (E0802)", code_list(users));
    }
    doc_comment(&mut out, p.doc.as_ref());
    Some(out)
}

/// A view of the file.
pub fn view(component: &str, files: &[&File]) -> Option<String> {
    let v = files.iter().find_map(|f| f.view(component))?;
    let mut out = format!("**view `{component}`** on `{}`", v.viewport.text);
    if let Some(info) = catalogue::viewport(&v.viewport.text) {
        let _ = write!(out, "\n\nRoot component: `{}`", info.root);
    }
    doc_comment(&mut out, v.doc.as_ref());
    Some(out)
}

/// A job of the file.
pub fn job(name: &str, files: &[&File]) -> Option<String> {
    let j = files.iter().find_map(|f| f.job(name))?;
    let mut out = format!("**job `{name}`**");
    calls_line(&mut out, &j.calls);
    doc_comment(&mut out, j.doc.as_ref());
    Some(out)
}

/// A keyword at the start of a statement; for `app`, `urls`, `backend` and `oauth_callback`,
/// also what the file's declaration says.
pub fn keyword_hover(word: &str, files: &[&File], index: &Index) -> Option<String> {
    let mut out = keyword(word)?.to_string();
    let file = files.first()?;
    match word {
        "app" => {
            if let Some(app) = file.app() {
                let _ = write!(out, "\n\nid: `{}`", app.id.value);
                doc_comment(&mut out, app.doc.as_ref());
            }
        }
        "backend" => {
            if let Some(b) = file.backend() {
                let path = b.webhook_path();
                let _ = write!(
                    out,
                    "\n\nBase URL: `{}`\n\nWebhook route: `{}`",
                    b.base_url.value,
                    crate::model::route_url(&b.base_url.value, &path)
                );
                for e in &b.endpoints {
                    let _ = write!(out, "\n- endpoint `{}`: `{}`", e.name.text, e.url(b));
                }
                for p in &b.publics {
                    let _ = write!(
                        out,
                        "\n- public `{}`: `{} {}`",
                        p.name.text,
                        p.method_text(),
                        p.url(b)
                    );
                }
                if let Some(cb) = &b.oauth_callback {
                    let _ = write!(out, "\n- oauth_callback: `{}`", cb.url(b));
                }
                doc_comment(&mut out, b.doc.as_ref());
            }
        }
        "oauth_callback" => {
            if let Some((b, cb)) = file.oauth_callback() {
                let url = cb.url(b);
                // Also where each profile with a backend of its own serves it (Stripe sends
                // an install there when the app is uploaded with that profile).
                let profiles: Vec<&ProfileUrl> = index
                    .of_kind(SymbolKind::OauthCallback)
                    .flat_map(|d| &d.profile_urls)
                    .collect();
                let served = Served {
                    url: &url,
                    profile: None,
                };
                oauth_callback_lines(&mut out, cb, served, &profiles);
            }
        }
        "urls" => {
            if let Some(u) = file.urls_block() {
                doc_comment(&mut out, u.doc.as_ref());
            }
        }
        _ => {}
    }
    Some(out)
}

/// The OAuth callback a `redirect` sends installs to: the keyword's summary and the
/// callback, at the URL it is served at there (under a profile's backend, for a profile's).
pub fn redirect_to_callback(served: Served<'_>, files: &[&File]) -> Option<String> {
    let mut out = keyword("oauth_callback")?.to_string();
    let (_, cb) = files.first()?.oauth_callback()?;
    oauth_callback_lines(&mut out, cb, served, &[]);
    Some(out)
}

/// The OAuth callback's URL (where it is served), calls and doc comment.
/// `profiles`: the URLs under profiles to list after it.
fn oauth_callback_lines(
    out: &mut String,
    cb: &OauthCallbackDecl,
    served: Served<'_>,
    profiles: &[&ProfileUrl],
) {
    match served.profile {
        None => {
            let _ = write!(out, "\n\nURL: `{}`", served.url);
        }
        Some(profile) => {
            let _ = write!(out, "\n\nURL under profile `{profile}`: `{}`", served.url);
        }
    }
    for p in profiles {
        let _ = write!(out, "\n- under profile `{}`: `{}`", p.profile, p.url);
    }
    calls_line(out, &cb.calls);
    doc_comment(out, cb.doc.as_ref());
}

/// A diagnostic code: its title and the "What it means" and "How to fix" parts of its
/// explanation.
pub fn code(code: Code) -> String {
    let mut out = format!("**{code}**: {}", code.title());
    for section in ["What it means", "How to fix"] {
        if let Some(body) = section_of(code.explanation(), section) {
            let _ = write!(out, "\n\n{body}");
        }
    }
    out.push_str(&format!(
        "\n\n(`stripeapp explain {code}` prints the whole explanation.)"
    ));
    out
}

/// The body of a `## heading` section of a Markdown text.
fn section_of<'a>(markdown: &'a str, heading: &str) -> Option<&'a str> {
    let marker = format!("## {heading}");
    let start = markdown.find(&marker)? + marker.len();
    let rest = markdown.get(start..)?;
    let end = rest.find("\n## ").unwrap_or(rest.len());
    rest.get(..end).map(str::trim)
}
