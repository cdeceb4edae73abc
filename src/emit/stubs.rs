//! Stubs for new handlers. The handler module (`backend/src/handlers.ts`,
//! `backend/app/handlers.py`) is the user's: `compile` writes it once. When the file
//! declares an `endpoint`, `on` or `job` that the module has no handler for, the backend
//! target appends a typed stub for it, and only that: the existing text is never changed
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
}

impl Section {
    /// The keyword that declares it (`endpoint`, `on`, `job`).
    pub fn keyword(self) -> &'static str {
        match self {
            Section::Endpoint => "endpoint",
            Section::Event => "on",
            Section::Job => "job",
        }
    }
    /// The word in a TypeScript stub's name and type (`stub_endpoint_…`, `EndpointHandler`).
    fn word(self) -> &'static str {
        match self {
            Section::Endpoint => "endpoint",
            Section::Event => "event",
            Section::Job => "job",
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
    /// As declared (`sync_status`, `invoice.paid`).
    pub name: &'a str,
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
/// literal) → export name, read from the first line of each stub.
fn ts_stub_exports(text: &str) -> BTreeMap<(Section, String), String> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("export const ") else {
            continue;
        };
        let Some((export, rest)) = rest.split_once(": import('./generated/app').") else {
            continue;
        };
        for section in [Section::Endpoint, Section::Event, Section::Job] {
            let word = section.word();
            let ty = format!("{}{}Handler<", word[..1].to_uppercase(), &word[1..]);
            if let Some(lit) = rest.strip_prefix(&ty).and_then(|r| r.split_once("> = ")) {
                out.insert((section, lit.0.to_string()), export.trim().to_string());
            }
        }
    }
    out
}

/// How the handler module defines its handlers (the starter's line).
const TS_HANDLERS: &str = "export const handlers";

/// A TypeScript identifier for the stub of `name`, not yet taken in `text` or `taken`.
fn ts_export_name(section: Section, name: &str, text: &str, taken: &[String]) -> String {
    let base: String = format!("stub_{}_{name}", section.word())
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
        if ts_has_member(existing, m.name) {
            continue;
        }
        let literal = crate::emit::ts::string(m.name);
        if let Some(export) = exports.get(&(m.section, literal.clone())) {
            stubs
                .served
                .insert((m.section, m.name.to_string()), export.clone());
            continue;
        }
        let export = ts_export_name(m.section, m.name, existing, &taken);
        taken.push(export.clone());
        let log = crate::emit::ts::template_text(m.name);
        let section = m.section.word();
        let ty = format!("{}{}Handler", section[..1].to_uppercase(), &section[1..]);
        let (params, body) = match m.section {
            Section::Endpoint => (
                "call",
                // The starter's lines: ids and roles only, never the payload.
                format!(
                    "  const roles = call.roles.map((role) => role.id ?? role.name).join(', ');\n  \
                     console.log(`[{log}] user ${{call.user_id}} on ${{call.account_id}} (${{roles}})`);\n  \
                     return {{ok: true}};\n"
                ),
            ),
            Section::Event => (
                "event",
                format!(
                    "  console.log(`[{log}] ${{event.id}} on ${{event.account ?? 'your account'}} (${{event.livemode ? 'live' : 'test'}} mode)`);\n"
                ),
            ),
            Section::Job => ("", format!("  console.log(`[{log}] ran`);\n")),
        };
        let table = match m.section {
            Section::Endpoint => "endpoints",
            Section::Event => "events",
            Section::Job => "jobs",
        };
        let source = crate::emit::comment_text(source);
        let name = crate::emit::comment_text(m.name);
        stubs.append.push_str(&format!(
            "\n// Added by `stripeapp compile` for `{keyword} {name}`, new in {source}. The backend runs\n\
             // this stub while `handlers.{table}` lacks it; write the handler here, or there.\n\
             export const {export}: import('./generated/app').{ty}<{literal}> = async ({params}) => {{\n{body}}};\n",
            keyword = m.section.keyword(),
        ));
        stubs
            .added
            .push(format!("{} {}", m.section.keyword(), m.name));
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
                .map(|m| format!("{} {}", m.section.keyword(), m.name))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        return stubs;
    }
    let source = one_line(source);
    for m in missing {
        let name = one_line(m.name);
        let (signature, body) = match m.section {
            Section::Endpoint => (
                format!(
                    "    async def {}(\n        self, call: _generated.EndpointCall[_generated.{}]\n    ) -> _generated.JsonValue:\n",
                    m.method, m.client
                ),
                format!(
                    "        log.info(\"[%s] call from %s on %s\", {}, call.user_id, call.account_id)\n        return {{\"ok\": True}}\n",
                    m.literal
                ),
            ),
            Section::Event => (
                format!(
                    "    async def {}(\n        self,\n        event: _generated.Event[_stripe.{}],\n        context: _generated.EventContext[_generated.{}],\n    ) -> None:\n",
                    m.method, m.object_class, m.client
                ),
                "        account = event.account or \"your account\"\n        mode = \"live\" if event.livemode else \"test\"\n        log.info(\"[%s] %s on %s (%s mode)\", event.type, event.id, account, mode)\n".to_string(),
            ),
            Section::Job => (
                format!(
                    "    async def {}(self, context: _generated.JobContext[_generated.{}]) -> None:\n",
                    m.method, m.client
                ),
                format!("        log.info(\"[%s] ran\", {})\n", m.literal),
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
        stubs.append.push_str(&format!(
            "\n    # Added by `stripeapp compile` for `{keyword} {name}`, new in {source}.\n\
             {imports}\n    @override\n{signature}{body}",
            keyword = m.section.keyword(),
        ));
        stubs
            .added
            .push(format!("{} {}", m.section.keyword(), m.name));
    }
    stubs
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
            },
            StubMember {
                section: Section::Event,
                name: "invoice.paid",
            },
            StubMember {
                section: Section::Job,
                name: "nightly",
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
            },
            PyMember {
                section: Section::Event,
                name: "invoice.paid",
                method: "on_invoice_paid",
                client: "InvoicePaidStripe",
                object_class: "Invoice",
                literal: "\"invoice.paid\"",
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
}
