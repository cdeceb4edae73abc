//! Stubs for new handlers. The handler module (`backend/src/handlers.ts`,
//! `backend/app/handlers.py`) is the user's: `compile` writes it once. When the file
//! declares an `endpoint`, `on`, `job`, `public` route or `oauth_callback` that the module
//! has no handler for, the backend target appends a typed stub for it, and only that: the
//! existing text is never changed
//! (see `docs/compile.md`, "Stubs for new handlers").
//!
//! - TypeScript: `handlers` is an object literal, which appended text cannot extend, so each
//!   stub is an exported function (`export const stub_endpoint_sync_status`), and the
//!   generated code serves a member from its stub while `handlers` lacks it (the member is
//!   optional in `Handlers` then). Moving the code into `handlers` makes the stub unused.
//! - Python: `AppHandlers` is a class; while it is the last statement of the module, the
//!   stub methods are appended to its body, with the names they need imported in the class
//!   body (the module's imports cannot be changed).

use std::collections::BTreeMap;

/// Which handler table a member is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    Endpoint,
    Event,
    Job,
    Public,
    /// The OAuth callback: one per backend, not a table.
    Oauth,
}

impl Section {
    const ALL: [Section; 5] = [
        Section::Endpoint,
        Section::Event,
        Section::Job,
        Section::Public,
        Section::Oauth,
    ];
    /// The keyword that declares it (`endpoint`, `on`, `job`, `public`, `oauth_callback`).
    pub fn keyword(self) -> &'static str {
        match self {
            Section::Endpoint => "endpoint",
            Section::Event => "on",
            Section::Job => "job",
            Section::Public => "public",
            Section::Oauth => "oauth_callback",
        }
    }
    /// The word in a TypeScript stub's name (`stub_endpoint_…`).
    fn word(self) -> &'static str {
        match self {
            Section::Endpoint => "endpoint",
            Section::Event => "event",
            Section::Job => "job",
            Section::Public => "public",
            Section::Oauth => "oauth",
        }
    }
    /// The generated TypeScript handler type, without its type argument.
    fn ts_type(self) -> &'static str {
        match self {
            Section::Endpoint => "EndpointHandler",
            Section::Event => "EventHandler",
            Section::Job => "JobHandler",
            Section::Public => "PublicHandler",
            Section::Oauth => "OauthCallbackHandler",
        }
    }
    /// Where `handlers` has the member (`handlers.endpoints`, `handlers.oauthCallback`).
    fn ts_place(self) -> &'static str {
        match self {
            Section::Endpoint => "handlers.endpoints",
            Section::Event => "handlers.events",
            Section::Job => "handlers.jobs",
            Section::Public => "handlers.publicRoutes",
            Section::Oauth => "handlers.oauthCallback",
        }
    }
}

/// What a target appends to its handler module, and what the generated code must know.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stubs {
    /// The text to append (empty: nothing).
    pub append: String,
    /// What each appended stub is for (`endpoint sync_status`), in order.
    pub added: Vec<String>,
    /// TypeScript: each member `handlers` lacks that a stub export serves, with the export.
    pub served: BTreeMap<(Section, String), String>,
    /// Why stubs that were due could not be appended (said in the compile report).
    pub note: Option<String>,
}

impl Stubs {
    /// The export serving `name` of `section`, when a stub does.
    pub fn export(&self, section: Section, name: &str) -> Option<&str> {
        self.served
            .get(&(section, name.to_string()))
            .map(String::as_str)
    }
}

/// A member of the backend as the stub writers see it.
#[derive(Debug, Clone)]
pub struct StubMember<'a> {
    pub section: Section,
    /// As declared (`sync_status`, `invoice.paid`); `oauth_callback` for the callback.
    pub name: &'a str,
    /// Routes: whether the path has `:name` parameters (the stub logs them, as the
    /// starter does).
    pub params: bool,
}

impl StubMember<'_> {
    /// The key `handlers` has it under (`oauthCallback` for the callback).
    fn key(&self) -> &str {
        match self.section {
            Section::Oauth => "oauthCallback",
            _ => self.name,
        }
    }
}

/// What a stub is for, as the report and its comment say it (`endpoint sync_status`,
/// `oauth_callback`).
fn described(section: Section, name: &str) -> String {
    match section {
        Section::Oauth => section.keyword().to_string(),
        _ => format!("{} {name}", section.keyword()),
    }
}

/// Whether `text` (TypeScript, the handler module) has `key` (an identifier or a quoted
/// property name) as a property or method of an object: `key(`, `key:`, `key,`, `key}`.
/// A mention in a stub, a log line or a type argument is not followed by one of those.
pub fn ts_has_member(text: &str, name: &str) -> bool {
    let followed = |after: &str, also: &[char]| {
        let next = after.trim_start_matches([' ', '\t', '?']).chars().next();
        next.is_some_and(|c| c == '(' || c == ':' || also.contains(&c))
    };
    if crate::emit::ts::property_key(name) != name {
        // Not an identifier (`invoice.paid`): only its quoted forms are a key.
        return [format!("'{name}'"), format!("\"{name}\"")]
            .iter()
            .any(|q| {
                text.match_indices(q.as_str())
                    .any(|(i, _)| followed(&text[i + q.len()..], &[]))
            });
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = &text[i + name.len()..];
        !before.is_some_and(|c| is_word(c) || ".'\"`[".contains(c))
            && !after.chars().next().is_some_and(is_word)
            && followed(after, &[',', '}'])
    })
}

/// The stub exports already in a TypeScript handler module: (section, the name's TS
/// literal, empty for the OAuth callback) → export name, read from the first line of each
/// stub.
fn ts_stub_exports(text: &str) -> BTreeMap<(Section, String), String> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("export const ") else {
            continue;
        };
        let Some((export, rest)) = rest.split_once(": import('./generated/app').") else {
            continue;
        };
        let Some((ty, _)) = rest.split_once(" = ") else {
            continue;
        };
        for section in Section::ALL {
            let Some(arg) = ty.strip_prefix(section.ts_type()) else {
                continue;
            };
            let literal = match arg.strip_prefix('<').and_then(|a| a.strip_suffix('>')) {
                Some(literal) => literal,
                None if arg.is_empty() => "",
                None => continue,
            };
            out.insert((section, literal.to_string()), export.trim().to_string());
        }
    }
    out
}

/// How the handler module defines its handlers (the starter's line).
const TS_HANDLERS: &str = "export const handlers";

/// A TypeScript identifier for the stub of `name`, not yet taken in `text` or `taken`.
fn ts_export_name(section: Section, name: &str, text: &str, taken: &[String]) -> String {
    let full = match section {
        Section::Oauth => name.to_string(),
        _ => format!("{}_{name}", section.word()),
    };
    let base: String = format!("stub_{full}")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.contains(&candidate)
        || text.contains(&format!("export const {candidate}:"))
        || text.contains(&format!("export const {candidate} "))
    {
        candidate = format!("{base}_{n}");
        n += 1;
    }
    candidate
}

/// The TypeScript stubs for `members` that `existing` lacks, and the members stubs serve.
pub fn typescript(members: &[StubMember<'_>], existing: &str, source: &str) -> Stubs {
    let mut stubs = Stubs::default();
    // A module that does not define `handlers` itself (it re-exports them from elsewhere)
    // was reorganised on purpose: where its handlers live is unknown, so nothing is added.
    if !existing.contains(TS_HANDLERS) {
        return stubs;
    }
    let exports = ts_stub_exports(existing);
    let mut taken: Vec<String> = Vec::new();
    for m in members {
        if ts_has_member(existing, m.key()) {
            continue;
        }
        // The callback's type takes no name.
        let literal = match m.section {
            Section::Oauth => String::new(),
            _ => crate::emit::ts::string(m.name),
        };
        if let Some(export) = exports.get(&(m.section, literal.clone())) {
            stubs
                .served
                .insert((m.section, m.name.to_string()), export.clone());
            continue;
        }
        let export = ts_export_name(m.section, m.name, existing, &taken);
        taken.push(export.clone());
        let log = crate::emit::ts::template_text(m.name);
        // The starters' lines: ids, roles and path parameters only, never the payload.
        let (params, body) = match m.section {
            Section::Endpoint => (
                "call",
                format!(
                    "  const roles = call.roles.map((role) => role.id ?? role.name).join(', ');\n  \
                     console.log(`[{log}] user ${{call.user_id}} on ${{call.account_id}} (${{roles}}){}`);\n  \
                     return {{ok: true}};\n",
                    if m.params { " ${JSON.stringify(call.params)}" } else { "" }
                ),
            ),
            Section::Event => (
                "event",
                format!(
                    "  console.log(`[{log}] ${{event.id}} on ${{event.account ?? 'your account'}} (${{event.livemode ? 'live' : 'test'}} mode)`);\n"
                ),
            ),
            Section::Job => ("", format!("  console.log(`[{log}] ran`);\n")),
            Section::Public => (
                "request",
                format!(
                    "  // Nobody signs this request: check the sender before acting on it.\n  \
                     console.log(`[{log}] ${{request.method}}{}`);\n  \
                     return {{json: {{ok: true}}}};\n",
                    if m.params { " ${JSON.stringify(request.params)}" } else { "" }
                ),
            ),
            Section::Oauth => (
                "install",
                "  // Keep the tokens in your own store, never in logs.\n  \
                 console.log(`[oauth_callback] installed on ${install.accountId} (${install.livemode ? 'live' : 'test'} mode)`);\n  \
                 return {json: {installed: true}};\n"
                    .to_string(),
            ),
        };
        let ty = match m.section {
            Section::Oauth => m.section.ts_type().to_string(),
            _ => format!("{}<{literal}>", m.section.ts_type()),
        };
        let source = crate::emit::comment_text(source);
        let what = crate::emit::comment_text(&described(m.section, m.name));
        stubs.append.push_str(&format!(
            "\n// Added by `stripeapp compile` for `{what}`, new in {source}. The backend runs\n\
             // this stub while `{place}` lacks it; write the handler here, or there.\n\
             export const {export}: import('./generated/app').{ty} = async ({params}) => {{\n{body}}};\n",
            place = m.section.ts_place(),
        ));
        stubs.added.push(described(m.section, m.name));
        stubs.served.insert((m.section, m.name.to_string()), export);
    }
    stubs
}

/// A Python member as the stub writer needs it.
#[derive(Debug, Clone)]
pub struct PyMember<'a> {
    pub section: Section,
    pub name: &'a str,
    /// The handler method (`sync_status`, `on_invoice_paid`, `job_nightly`).
    pub method: &'a str,
    /// The reduced client class in `generated.app`.
    pub client: &'a str,
    /// Events: the class of the event's object (`Invoice`, in stripe-python).
    pub object_class: &'a str,
    /// The name as a Python string literal.
    pub literal: &'a str,
    /// Routes with `:name` segments: the class of the handler's `params`, or empty.
    pub params_class: &'a str,
    /// `platform calls`: the class of the handler's `platform` client, or empty.
    pub platform: &'a str,
}

/// The imports a Python stub needs, into the class body (the module's own imports cannot
/// be changed).
const PY_IMPORT_GENERATED: &str = "    from .generated import app as _generated\n";
const PY_IMPORT_STRIPE: &str = "    import stripe as _stripe\n";

/// The class the Python handler module must end with for stubs to be appended to it.
const PY_CLASS: &str = "class AppHandlers(";

/// The Python stubs for `members` that `existing` lacks, appended to `AppHandlers` when it
/// is the module's last statement.
pub fn python(members: &[PyMember<'_>], existing: &str, source: &str) -> Stubs {
    let missing: Vec<&PyMember<'_>> = members
        .iter()
        .filter(|m| {
            !existing.lines().any(|l| {
                let l = l.trim_start();
                let l = l.strip_prefix("async ").unwrap_or(l);
                l.strip_prefix("def ")
                    .and_then(|r| r.strip_prefix(m.method))
                    .is_some_and(|r| r.trim_start().starts_with('('))
            })
        })
        .collect();
    let mut stubs = Stubs::default();
    // Without the class the module was reorganised on purpose (see `typescript`).
    if missing.is_empty() || !existing.contains(PY_CLASS) {
        return stubs;
    }
    // The last statement at column 0 must be the class: then indented lines after the
    // end of the file continue its body.
    let last_top = existing.lines().rev().find(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#') && !l.starts_with([' ', '\t'])
    });
    if !last_top.is_some_and(|l| l.starts_with(PY_CLASS)) {
        stubs.note = Some(format!(
            "no stubs added for {}: `AppHandlers` is not the last statement of the module, so appended methods would land outside it; add them to the class yourself",
            missing
                .iter()
                .map(|m| described(m.section, m.name))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        return stubs;
    }
    let source = one_line(source);
    for m in missing {
        let (signature, body) = match m.section {
            Section::Endpoint => (
                route_def(m, "call: _generated.EndpointCall", "JsonValue"),
                format!(
                    "        log.info(\"[%s] call from %s on %s\", {}, call.user_id, call.account_id)\n        return {{\"ok\": True}}\n",
                    m.literal
                ),
            ),
            Section::Event => (
                format!(
                    "    async def {}(\n        self,\n        event: _generated.Event[_stripe.{}],\n        context: _generated.EventContext[_generated.{}],\n{}    ) -> None:\n",
                    m.method, m.object_class, m.client, platform_line(m)
                ),
                "        account = event.account or \"your account\"\n        mode = \"live\" if event.livemode else \"test\"\n        log.info(\"[%s] %s on %s (%s mode)\", event.type, event.id, account, mode)\n".to_string(),
            ),
            Section::Job if m.platform.is_empty() => (
                format!(
                    "    async def {}(self, context: _generated.JobContext[_generated.{}]) -> None:\n",
                    m.method, m.client
                ),
                format!("        log.info(\"[%s] ran\", {})\n", m.literal),
            ),
            Section::Job => (
                format!(
                    "    async def {}(\n        self,\n        context: _generated.JobContext[_generated.{}],\n{}    ) -> None:\n",
                    m.method, m.client, platform_line(m)
                ),
                format!("        log.info(\"[%s] ran\", {})\n", m.literal),
            ),
            Section::Public => (
                route_def(m, "request: _generated.PublicRequest", "PublicAnswer"),
                format!(
                    "        # Unsigned: check what you get before acting on it.\n        log.info(\"[%s] %s request\", {}, request.method)\n        return {{\"ok\": True}}\n",
                    m.literal
                ),
            ),
            Section::Oauth => (
                route_def(m, "install: _generated.OauthInstall", "PublicAnswer"),
                "        # Store install.access_token and install.refresh_token for install.account_id (never log them).\n        mode = \"live\" if install.livemode else \"test\"\n        log.info(\"[oauth_callback] installed on %s (%s mode)\", install.account_id, mode)\n        return {\"installed\": True}\n".to_string(),
            ),
        };
        // Each name is imported into the class body once: a second import of it is a
        // redefinition to linters.
        let mut imports = String::new();
        for (needed, line) in [
            (m.section == Section::Event, PY_IMPORT_STRIPE),
            (true, PY_IMPORT_GENERATED),
        ] {
            if needed && !existing.contains(line) && !stubs.append.contains(line) {
                imports.push_str(line);
            }
        }
        let what = one_line(&described(m.section, m.name));
        stubs.append.push_str(&format!(
            "\n    # Added by `stripeapp compile` for `{what}`, new in {source}.\n\
             {imports}\n    @override\n{signature}{body}",
        ));
        stubs.added.push(described(m.section, m.name));
    }
    stubs
}

/// The `async def` of a route's stub: `first` is its argument (`call: _generated.EndpointCall`,
/// the client class added), then `params` when the path has parameters, as the generated
/// abstract method declares them; one argument a line then, as ruff formats it.
fn route_def(m: &PyMember<'_>, first: &str, answer: &str) -> String {
    let method = m.method;
    let first = format!("{first}[_generated.{}]", m.client);
    if m.params_class.is_empty() && m.platform.is_empty() {
        return format!(
            "    async def {method}(\n        self, {first}\n    ) -> _generated.{answer}:\n"
        );
    }
    let params = if m.params_class.is_empty() {
        String::new()
    } else {
        format!("        params: _generated.{},\n", m.params_class)
    };
    format!(
        "    async def {method}(\n        self,\n        {first},\n{}{params}    ) -> _generated.{answer}:\n",
        platform_line(m)
    )
}

/// The `platform` argument line of a stub whose handler declares `platform calls`.
fn platform_line(m: &PyMember<'_>) -> String {
    if m.platform.is_empty() {
        String::new()
    } else {
        format!("        platform: _generated.{},\n", m.platform)
    }
}

/// Text that stays on one comment line.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn members_are_found_as_properties_and_methods_only() {
        let text = "export const handlers = {\n  endpoints: {\n    async sync_status(call) {},\n    other: async () => {},\n  },\n  events: {\n    async 'invoice.paid'(event) {},\n  },\n  jobs: {nightly},\n};\n// mentions: sync_statusx, status_log; EndpointHandler<'refund'>; log('[refund]')\n";
        assert!(ts_has_member(text, "sync_status"));
        assert!(ts_has_member(text, "other"));
        assert!(ts_has_member(text, "invoice.paid"));
        assert!(ts_has_member(text, "nightly"));
        assert!(!ts_has_member(text, "status"));
        assert!(!ts_has_member(text, "refund"));
        assert!(!ts_has_member(text, "invoice.voided"));
    }

    fn ts_members() -> Vec<StubMember<'static>> {
        vec![
            StubMember {
                section: Section::Endpoint,
                name: "sync_status",
                params: false,
            },
            StubMember {
                section: Section::Event,
                name: "invoice.paid",
                params: false,
            },
            StubMember {
                section: Section::Job,
                name: "nightly",
                params: false,
            },
        ]
    }

    #[test]
    fn typescript_stubs_are_appended_once_and_then_serve_their_member() {
        let existing = "export const handlers: Handlers = {\n  endpoints: {\n    async sync_status(call) {\n      return {ok: true};\n    },\n  },\n};\n";
        let stubs = typescript(&ts_members(), existing, "app.stripeapp");
        assert_eq!(stubs.added, ["on invoice.paid", "job nightly"]);
        assert_eq!(
            stubs.append,
            "\n// Added by `stripeapp compile` for `on invoice.paid`, new in app.stripeapp. The backend runs\n\
             // this stub while `handlers.events` lacks it; write the handler here, or there.\n\
             export const stub_event_invoice_paid: import('./generated/app').EventHandler<'invoice.paid'> = async (event) => {\n  \
             console.log(`[invoice.paid] ${event.id} on ${event.account ?? 'your account'} (${event.livemode ? 'live' : 'test'} mode)`);\n};\n\
             \n// Added by `stripeapp compile` for `job nightly`, new in app.stripeapp. The backend runs\n\
             // this stub while `handlers.jobs` lacks it; write the handler here, or there.\n\
             export const stub_job_nightly: import('./generated/app').JobHandler<'nightly'> = async () => {\n  \
             console.log(`[nightly] ran`);\n};\n"
        );
        assert_eq!(
            stubs.export(Section::Event, "invoice.paid"),
            Some("stub_event_invoice_paid")
        );
        assert_eq!(stubs.export(Section::Endpoint, "sync_status"), None);
        // The next compile appends nothing and still serves both from their stubs.
        let after = format!("{existing}{}", stubs.append);
        let again = typescript(&ts_members(), &after, "app.stripeapp");
        assert_eq!(again.append, "");
        assert_eq!(again.served, stubs.served);
        // Once `handlers` has the member, its stub serves nothing.
        let moved = after.replace(
            "  },\n};",
            "  },\n  jobs: {\n    async nightly() {},\n  },\n};",
        );
        let last = typescript(&ts_members(), &moved, "app.stripeapp");
        assert_eq!(last.export(Section::Job, "nightly"), None);
        assert!(last.export(Section::Event, "invoice.paid").is_some());
        // A module that re-exports `handlers` from elsewhere gets nothing.
        let elsewhere = "export {handlers} from './impl';\n";
        assert_eq!(typescript(&ts_members(), elsewhere, "a"), Stubs::default());
    }

    fn py_members() -> Vec<PyMember<'static>> {
        vec![
            PyMember {
                section: Section::Endpoint,
                name: "sync_status",
                method: "sync_status",
                client: "SyncStatusStripe",
                object_class: "",
                literal: "\"sync_status\"",
                params_class: "",
                platform: "",
            },
            PyMember {
                section: Section::Event,
                name: "invoice.paid",
                method: "on_invoice_paid",
                client: "InvoicePaidStripe",
                object_class: "Invoice",
                literal: "\"invoice.paid\"",
                params_class: "",
                platform: "",
            },
        ]
    }

    #[test]
    fn python_stubs_continue_the_class_and_only_when_it_is_last() {
        let existing = "class AppHandlers(Handlers):\n    @override\n    async def sync_status(self, call: EndpointCall[SyncStatusStripe]) -> JsonValue:\n        return None\n";
        let stubs = python(&py_members(), existing, "app.stripeapp");
        assert_eq!(stubs.added, ["on invoice.paid"]);
        assert_eq!(
            stubs.append,
            "\n    # Added by `stripeapp compile` for `on invoice.paid`, new in app.stripeapp.\n    \
             import stripe as _stripe\n    from .generated import app as _generated\n\n    @override\n    \
             async def on_invoice_paid(\n        self,\n        event: _generated.Event[_stripe.Invoice],\n        \
             context: _generated.EventContext[_generated.InvoicePaidStripe],\n    ) -> None:\n        \
             account = event.account or \"your account\"\n        mode = \"live\" if event.livemode else \"test\"\n        \
             log.info(\"[%s] %s on %s (%s mode)\", event.type, event.id, account, mode)\n"
        );
        let after = format!("{existing}{}", stubs.append);
        assert_eq!(
            python(&py_members(), &after, "app.stripeapp"),
            Stubs::default()
        );
        assert_eq!(python(&py_members(), "# mine\n", "a"), Stubs::default());
        let later = format!("{existing}\n\nHELPER = 1\n");
        let refused = python(&py_members(), &later, "app.stripeapp");
        assert_eq!(refused.append, "");
        assert!(
            refused
                .note
                .as_deref()
                .is_some_and(|n| n.contains("on invoice.paid")),
            "{refused:?}"
        );
    }

    #[test]
    fn python_stubs_take_the_platform_client_after_the_context() {
        let job = PyMember {
            section: Section::Job,
            name: "bill",
            method: "job_bill",
            client: "BillStripe",
            object_class: "",
            literal: "\"bill\"",
            params_class: "",
            platform: "BillPlatform",
        };
        let endpoint = PyMember {
            section: Section::Endpoint,
            name: "link",
            method: "link",
            client: "LinkStripe",
            object_class: "",
            literal: "\"link\"",
            params_class: "LinkParams",
            platform: "LinkPlatform",
        };
        let stubs = python(
            &[job, endpoint],
            "class AppHandlers(Handlers):\n    pass\n",
            "a",
        );
        assert!(
            stubs.append.contains(
                "    async def job_bill(\n        self,\n        context: _generated.JobContext[_generated.BillStripe],\n        platform: _generated.BillPlatform,\n    ) -> None:\n"
            ),
            "{}",
            stubs.append
        );
        assert!(
            stubs.append.contains(
                "        call: _generated.EndpointCall[_generated.LinkStripe],\n        platform: _generated.LinkPlatform,\n        params: _generated.LinkParams,\n    ) -> _generated.JsonValue:\n"
            ),
            "{}",
            stubs.append
        );
    }

    fn ts_routes() -> Vec<StubMember<'static>> {
        vec![
            StubMember {
                section: Section::Endpoint,
                name: "link",
                params: true,
            },
            StubMember {
                section: Section::Public,
                name: "zendesk_hook",
                params: true,
            },
            StubMember {
                section: Section::Public,
                name: "install_link",
                params: false,
            },
            StubMember {
                section: Section::Oauth,
                name: "oauth_callback",
                params: false,
            },
        ]
    }

    #[test]
    fn typescript_stubs_for_public_routes_and_the_oauth_callback() {
        let existing = "export const handlers: Handlers = {\n  publicRoutes: {\n    async install_link(request) {\n      return {json: {ok: true}};\n    },\n  },\n};\n";
        let stubs = typescript(&ts_routes(), existing, "app.stripeapp");
        assert_eq!(
            stubs.added,
            ["endpoint link", "public zendesk_hook", "oauth_callback"]
        );
        assert_eq!(
            stubs.append,
            "\n// Added by `stripeapp compile` for `endpoint link`, new in app.stripeapp. The backend runs\n\
             // this stub while `handlers.endpoints` lacks it; write the handler here, or there.\n\
             export const stub_endpoint_link: import('./generated/app').EndpointHandler<'link'> = async (call) => {\n  \
             const roles = call.roles.map((role) => role.id ?? role.name).join(', ');\n  \
             console.log(`[link] user ${call.user_id} on ${call.account_id} (${roles}) ${JSON.stringify(call.params)}`);\n  \
             return {ok: true};\n};\n\
             \n// Added by `stripeapp compile` for `public zendesk_hook`, new in app.stripeapp. The backend runs\n\
             // this stub while `handlers.publicRoutes` lacks it; write the handler here, or there.\n\
             export const stub_public_zendesk_hook: import('./generated/app').PublicHandler<'zendesk_hook'> = async (request) => {\n  \
             // Nobody signs this request: check the sender before acting on it.\n  \
             console.log(`[zendesk_hook] ${request.method} ${JSON.stringify(request.params)}`);\n  \
             return {json: {ok: true}};\n};\n\
             \n// Added by `stripeapp compile` for `oauth_callback`, new in app.stripeapp. The backend runs\n\
             // this stub while `handlers.oauthCallback` lacks it; write the handler here, or there.\n\
             export const stub_oauth_callback: import('./generated/app').OauthCallbackHandler = async (install) => {\n  \
             // Keep the tokens in your own store, never in logs.\n  \
             console.log(`[oauth_callback] installed on ${install.accountId} (${install.livemode ? 'live' : 'test'} mode)`);\n  \
             return {json: {installed: true}};\n};\n"
        );
        // The next compile reads them back, the callback's stub included.
        let after = format!("{existing}{}", stubs.append);
        let again = typescript(&ts_routes(), &after, "app.stripeapp");
        assert_eq!(again.append, "");
        assert_eq!(again.served, stubs.served);
        assert_eq!(
            again.export(Section::Oauth, "oauth_callback"),
            Some("stub_oauth_callback")
        );
        // `oauthCallback` in `handlers` is the callback's handler.
        let moved = after.replace("  },\n};", "  },\n  async oauthCallback(install) {},\n};");
        let last = typescript(&ts_routes(), &moved, "app.stripeapp");
        assert_eq!(last.export(Section::Oauth, "oauth_callback"), None);
    }

    #[test]
    fn python_stubs_for_routes_take_the_typed_path_parameters() {
        let members = [
            PyMember {
                section: Section::Endpoint,
                name: "link",
                method: "link",
                client: "LinkStripe",
                object_class: "",
                literal: "\"link\"",
                params_class: "LinkParams",
                platform: "",
            },
            PyMember {
                section: Section::Public,
                name: "install_link",
                method: "install_link",
                client: "InstallLinkStripe",
                object_class: "",
                literal: "\"install_link\"",
                params_class: "",
                platform: "",
            },
            PyMember {
                section: Section::Oauth,
                name: "oauth_callback",
                method: "oauth_callback",
                client: "OauthCallbackStripe",
                object_class: "",
                literal: "\"oauth_callback\"",
                params_class: "",
                platform: "",
            },
        ];
        let existing = "class AppHandlers(Handlers):\n    pass\n";
        let stubs = python(&members, existing, "app.stripeapp");
        assert_eq!(
            stubs.added,
            ["endpoint link", "public install_link", "oauth_callback"]
        );
        assert_eq!(
            stubs.append,
            "\n    # Added by `stripeapp compile` for `endpoint link`, new in app.stripeapp.\n    \
             from .generated import app as _generated\n\n    @override\n    \
             async def link(\n        self,\n        call: _generated.EndpointCall[_generated.LinkStripe],\n        \
             params: _generated.LinkParams,\n    ) -> _generated.JsonValue:\n        \
             log.info(\"[%s] call from %s on %s\", \"link\", call.user_id, call.account_id)\n        \
             return {\"ok\": True}\n\
             \n    # Added by `stripeapp compile` for `public install_link`, new in app.stripeapp.\n\n    @override\n    \
             async def install_link(\n        self, request: _generated.PublicRequest[_generated.InstallLinkStripe]\n    \
             ) -> _generated.PublicAnswer:\n        \
             # Unsigned: check what you get before acting on it.\n        \
             log.info(\"[%s] %s request\", \"install_link\", request.method)\n        \
             return {\"ok\": True}\n\
             \n    # Added by `stripeapp compile` for `oauth_callback`, new in app.stripeapp.\n\n    @override\n    \
             async def oauth_callback(\n        self, install: _generated.OauthInstall[_generated.OauthCallbackStripe]\n    \
             ) -> _generated.PublicAnswer:\n        \
             # Store install.access_token and install.refresh_token for install.account_id (never log them).\n        \
             mode = \"live\" if install.livemode else \"test\"\n        \
             log.info(\"[oauth_callback] installed on %s (%s mode)\", install.account_id, mode)\n        \
             return {\"installed\": True}\n"
        );
        let after = format!("{existing}{}", stubs.append);
        assert_eq!(python(&members, &after, "app.stripeapp"), Stubs::default());
    }
}
