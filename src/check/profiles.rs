//! `profile` blocks: their names, their statements, and how their constants relate to the
//! app's. Their URLs are checked by `urls::profiles`. Builds the model's profiles.

use super::Ctx;
use crate::ast::*;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::problem::{EmptyText, Problem};
use crate::emit::manifest::{BACKEND_URL_CONSTANT, PROFILE_CONSTANT};
use crate::model::{ConstValue, Profile};
use std::collections::HashMap;

pub fn check(ctx: &Ctx<'_>, diags: &mut Vec<Diagnostic>) -> Vec<Profile> {
    let app_constants: Vec<&str> = ctx
        .app()
        .map(|a| {
            a.stmts
                .iter()
                .filter_map(|s| match &s.kind {
                    AppStmtKind::Constant { name, .. } => Some(name.text.as_str()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    if !ctx.profiles.is_empty()
        && let Some(app) = ctx.app()
    {
        reserved_in_app(app, diags);
    }
    let mut seen: HashMap<String, Span> = HashMap::new();
    let mut out = Vec::new();
    for decl in &ctx.profiles {
        let name = &decl.name;
        if name.text.is_empty() {
            continue;
        }
        if let Some(why) = invalid_name(&name.text) {
            diags.push(
                Problem::InvalidProfileName {
                    span: name.span,
                    name: name.text.clone(),
                    why,
                }
                .into(),
            );
        }
        if let Some(first) = seen.get(&name.text.to_ascii_lowercase()) {
            diags.push(
                Problem::DuplicateProfile {
                    span: name.span,
                    first: *first,
                    name: name.text.clone(),
                }
                .into(),
            );
            // Its statements are still checked; only the first one is emitted.
            profile(ctx, decl, &app_constants, diags);
            continue;
        }
        seen.insert(name.text.to_ascii_lowercase(), name.span);
        out.push(profile(ctx, decl, &app_constants, diags));
    }
    out
}

/// Why `name` cannot name a profile file, if it cannot. The grammar already limits it to
/// letters, digits, `_`, `-` and `.`.
fn invalid_name(name: &str) -> Option<&'static str> {
    if name.contains('.') {
        Some("it contains a `.` (`stripe-app.a.b.json` is no file name an `extends` can use)")
    } else if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        Some("it must start with a letter or a digit")
    } else {
        None
    }
}

/// With profiles, each profile's manifest carries `STRIPEAPP_PROFILE`: the app may not
/// define it.
fn reserved_in_app(app: &AppDecl, diags: &mut Vec<Diagnostic>) {
    for stmt in &app.stmts {
        if let AppStmtKind::Constant { name, .. } = &stmt.kind
            && name.text == PROFILE_CONSTANT
        {
            diags.push(
                Problem::ReservedConstant {
                    span: name.span,
                    name: PROFILE_CONSTANT,
                }
                .into(),
            );
        }
    }
}

fn profile(
    ctx: &Ctx<'_>,
    decl: &ProfileDecl,
    app_constants: &[&str],
    diags: &mut Vec<Diagnostic>,
) -> Profile {
    let mut p = Profile {
        name: decl.name.text.clone(),
        doc: decl.doc.clone(),
        ..Profile::default()
    };
    let profile_name = decl.name.text.clone();
    let mut once: HashMap<&'static str, Span> = HashMap::new();
    let mut constants: HashMap<&str, Span> = HashMap::new();
    for stmt in &decl.stmts {
        let kw = stmt.kind.keyword();
        if matches!(
            stmt.kind,
            ProfileStmtKind::Name(_) | ProfileStmtKind::Backend(_)
        ) {
            if let Some(first) = once.get(kw) {
                diags.push(
                    Problem::DuplicateProfileStatement {
                        span: stmt.span,
                        first: *first,
                        what: format!("`{kw}`"),
                        profile: profile_name.clone(),
                    }
                    .into(),
                );
                continue;
            }
            once.insert(kw, stmt.span);
        }
        match &stmt.kind {
            ProfileStmtKind::Name(s) => {
                if s.value.trim().is_empty() {
                    diags.push(
                        Problem::EmptyText {
                            span: s.span,
                            which: EmptyText::ProfileName,
                        }
                        .into(),
                    );
                }
                p.display_name = Some(s.value.clone());
            }
            ProfileStmtKind::Backend(s) => {
                if ctx.backend().is_none() {
                    diags.push(
                        Problem::ProfileBackendWithoutBackend {
                            span: stmt.keyword.to(s.span),
                            profile: profile_name.clone(),
                        }
                        .into(),
                    );
                }
                p.backend = Some(s.value.clone());
            }
            ProfileStmtKind::Connect(list) => {
                p.connect.extend(list.iter().map(|s| s.value.clone()))
            }
            ProfileStmtKind::Image(list) => p.image.extend(list.iter().map(|s| s.value.clone())),
            ProfileStmtKind::Redirect(s) => p.redirects.push(s.value.clone()),
            ProfileStmtKind::Constant { name, value } => {
                if let Some(first) = constants.get(name.text.as_str()) {
                    diags.push(
                        Problem::DuplicateProfileStatement {
                            span: name.span,
                            first: *first,
                            what: format!("constant `{}`", name.text),
                            profile: profile_name.clone(),
                        }
                        .into(),
                    );
                    continue;
                }
                constants.insert(&name.text, name.span);
                let reserved = if name.text == PROFILE_CONSTANT {
                    Some(PROFILE_CONSTANT)
                } else if name.text == BACKEND_URL_CONSTANT && ctx.backend().is_some() {
                    Some(BACKEND_URL_CONSTANT)
                } else {
                    None
                };
                if let Some(reserved) = reserved {
                    diags.push(
                        Problem::ReservedConstant {
                            span: name.span,
                            name: reserved,
                        }
                        .into(),
                    );
                    continue;
                }
                if !app_constants.contains(&name.text.as_str()) {
                    diags.push(
                        Problem::ProfileOnlyConstant {
                            span: name.span,
                            name: name.text.clone(),
                            profile: profile_name.clone(),
                        }
                        .into(),
                    );
                }
                let v = match value {
                    Value::Str(s) => ConstValue::String(s.value.clone()),
                    Value::Number(n, _) => ConstValue::Number(n.clone()),
                    Value::Bool(b, _) => ConstValue::Bool(*b),
                };
                p.constants.push((name.text.clone(), v));
            }
        }
    }
    p
}
