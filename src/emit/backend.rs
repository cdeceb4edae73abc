//! The backend: a Node.js + TypeScript + Express server in `backend/`, with the routes,
//! signature checks and typed dispatch generated under `backend/src/generated/`, and the
//! handlers in the user's `backend/src/handlers.ts`.

use super::stubs::{self, Section, StubMember, Stubs};
use super::target::{Claim, CommentSyntax, GeneratedDir, Target};
use super::templates::render;
use super::{Context, EmitError, OutputFile, Owner, backend_docs, client, json, ts, versions};
use crate::catalogue::MethodInfo;
use crate::model::{self, Backend, Call, Expansion, Model};
use minijinja::Environment;
use minijinja::value::Serde;
use serde::Serialize;

/// The Node.js backend in `backend/`, for an app with a `backend` block.
pub(crate) struct NodeBackend;

/// The user's handler module.
const HANDLERS: &str = "backend/src/handlers.ts";

/// Where the routes, configuration and runtime are generated.
const GENERATED: GeneratedDir = GeneratedDir {
    path: "backend/src/generated",
    ending: ".ts",
    comment: CommentSyntax::SLASHES,
    claim: Claim::Header,
};

impl Target for NodeBackend {
    fn applies(&self, model: &Model) -> bool {
        model
            .backend
            .as_ref()
            .is_some_and(|b| b.runtime == model::Runtime::Node)
    }

    fn generated_dirs(&self) -> &'static [GeneratedDir] {
        &[GENERATED]
    }

    fn handler_module(&self) -> Option<&'static str> {
        Some(HANDLERS)
    }

    fn stubs(&self, model: &Model, ctx: &Context, existing: &str) -> Stubs {
        let Some(b) = &model.backend else {
            return Stubs::default();
        };
        let member = |section, name, params: &[String]| StubMember {
            section,
            name,
            params: !params.is_empty(),
        };
        let members: Vec<StubMember<'_>> = b
            .endpoints
            .iter()
            .map(|e| member(Section::Endpoint, &e.name, &e.params))
            .chain(
                b.publics
                    .iter()
                    .map(|p| member(Section::Public, &p.name, &p.params)),
            )
            .chain(
                b.oauth_callback
                    .iter()
                    .map(|_| member(Section::Oauth, "oauth_callback", &[])),
            )
            .chain(b.handlers.iter().flat_map(|h| {
                h.events
                    .iter()
                    .map(move |ev| member(Section::Event, ev, &[]))
            }))
            .chain(b.jobs.iter().map(|j| member(Section::Job, &j.name, &[])))
            .collect();
        stubs::typescript(&members, existing, &ctx.source)
    }

    fn templates(&self) -> &'static [(&'static str, &'static str)] {
        templates![
            "backend/package.json",
            "backend/tsconfig.json",
            "backend/main.ts",
            "backend/handlers.ts",
            "backend/app.ts",
            "backend/config.ts",
            "backend/runtime.ts",
            "backend/server.ts",
            "backend/store.ts",
        ]
    }

    fn files(
        &self,
        env: &Environment<'_>,
        ctx: &Context,
        model: &Model,
    ) -> Result<Vec<OutputFile>, EmitError> {
        let Some(b) = &model.backend else {
            return Ok(Vec::new());
        };
        let view = BackendView::new(b, ctx);
        let file = |path: String, template: &str, owner: Owner| -> Result<OutputFile, EmitError> {
            let contents = render(
                env,
                template,
                minijinja::context! { ctx => Serde(ctx), backend => Serde(&view) },
            )?;
            Ok(OutputFile::new(path, owner, contents))
        };
        let generated = |name: &str| GENERATED.file(&format!("{name}{}", GENERATED.ending));
        Ok(vec![
            file(
                "backend/package.json".into(),
                "backend/package.json",
                Owner::User,
            )?,
            file(
                "backend/tsconfig.json".into(),
                "backend/tsconfig.json",
                Owner::User,
            )?,
            file("backend/src/main.ts".into(), "backend/main.ts", Owner::User)?,
            file(HANDLERS.into(), "backend/handlers.ts", Owner::User)?,
            file(generated("app"), "backend/app.ts", Owner::Generated)?,
            file(generated("config"), "backend/config.ts", Owner::Generated)?,
            file(generated("runtime"), "backend/runtime.ts", Owner::Generated)?,
            file(generated("server"), "backend/server.ts", Owner::Generated)?,
            file(generated("store"), "backend/store.ts", Owner::Generated)?,
        ])
    }
}

/// Everything the backend templates print.
#[derive(Debug, Serialize)]
struct BackendView {
    /// JSON string literals for `backend/package.json`.
    package_name: String,
    package_description: String,
    stripe: &'static str,
    express: &'static str,
    redis_client: &'static str,
    types_express: &'static str,
    types_node: &'static str,
    typescript: &'static str,
    /// The JSDoc block of `app.ts`.
    app_doc: String,
    /// The route table of `server.ts`'s doc comment, one line each.
    route_lines: Vec<String>,
    webhook: Option<WebhookRoute>,
    endpoints: Vec<Member>,
    events: Vec<Member>,
    jobs: Vec<Member>,
    /// The health route's path, a TS string literal.
    health_path_literal: String,
    /// `public` routes.
    publics: Vec<Member>,
    /// Each path the public routes are on, with the methods served there (for 405).
    public_paths: Vec<PublicPath>,
    oauth: Option<Member>,
    /// Whether any route has path parameters (`typedParams` is imported then).
    has_params: bool,
    /// Whether any client has a method (`pickMethods` is imported then).
    picks: bool,
    /// Whether a client picks a resource with declared expansions (`pickExpanding`).
    expands: bool,
    /// Whether any endpoint, event handler or job declares `platform calls`.
    platform: bool,
    /// Per section, whether one of its members declares `platform calls`.
    platform_endpoints: bool,
    platform_events: bool,
    platform_jobs: bool,
    /// `'a', 'b'` for `JOB_NAMES`.
    job_names: String,
    /// `'a.b', 'c.d'`: the declared event types.
    event_types: String,
    /// The Redis key prefix of the app's event ids, a TS string literal.
    store_prefix: String,
    /// Whether a stub in handlers.ts serves a member (the server imports them then).
    stubbed: bool,
    /// Whether every member of a table is served by a stub (the table is optional then).
    endpoints_optional: bool,
    events_optional: bool,
    jobs_optional: bool,
    publics_optional: bool,
}

#[derive(Debug, Serialize)]
struct PublicPath {
    /// The path as a TS string literal.
    path_literal: String,
    /// The methods served there, for `Allow` (`GET, HEAD, POST`).
    allow: String,
}

#[derive(Debug, Serialize)]
struct WebhookRoute {
    /// The path served, as a TS string literal.
    path_literal: String,
    url: String,
}

/// An endpoint, event handler or job.
#[derive(Debug, Serialize)]
struct Member {
    /// As declared (`sync_status`, `invoice.paid`).
    name: String,
    /// The name as a TS string literal.
    literal: String,
    /// The name as a property key.
    key: String,
    /// The name as template literal text (for log lines).
    log_name: String,
    /// The client factory's members, indented for `clients`.
    client_members: Vec<String>,
    /// The platform client factory's members (`platform calls`), indented for
    /// `platformClients`; empty without platform calls.
    platform_members: Vec<String>,
    /// The declared methods, `a.b, c.d`, or empty.
    methods: String,
    /// JSDoc for the `Handlers` member, indented four spaces.
    doc: String,
    /// The user's `///` comment as `//` lines indented for `handlers.ts`, or empty.
    stub_comment: String,
    /// Endpoints: the public path (TS literal), URL and roles (a TS array literal).
    path_literal: String,
    url: String,
    roles_literal: String,
    roles_prose: String,
    /// Whether `handlers` lacks it and a stub in handlers.ts serves it (it is optional in
    /// `Handlers` then).
    stubbed: bool,
    /// The expression the generated server calls: `handlers.endpoints['a']`, or with a
    /// stub `(handlers.endpoints?.['a'] ?? stubs.stub_endpoint_a)`.
    call: String,
    /// Routes with a path: its `:name` parameters as a TS array literal (`['id']`), and as
    /// an object type (`{id: string}`); empty when there are none.
    params_literal: String,
    params_type: String,
    /// Public routes: the Express router method (`get`, `post`, …) and the method itself.
    router_method: String,
    method: String,
}

impl BackendView {
    fn new(b: &Backend, ctx: &Context) -> BackendView {
        let serves_webhooks = b.webhooks_explicit || !b.handlers.is_empty();
        let webhook = serves_webhooks.then(|| WebhookRoute {
            path_literal: ts::string(&model::url_path(&b.webhook_url)),
            url: super::comment_text(&b.webhook_url),
        });
        let endpoints: Vec<Member> = b
            .endpoints
            .iter()
            .map(|e| {
                let roles: Vec<String> = e.roles.iter().map(|r| ts::string(r)).collect();
                let doc =
                    backend_docs::endpoint(e, "Return JSON for the view, or nothing for 204.");
                let mut m = member(
                    &e.name,
                    (&e.calls, &e.expand, &e.platform_calls),
                    &doc,
                    e.doc.as_deref(),
                );
                m.path_literal = ts::string(&model::url_path(&e.url));
                m.url = super::comment_text(&e.url);
                m.roles_literal = format!("[{}]", roles.join(", "));
                m.roles_prose = super::comment_text(&ts::prose_list(&e.roles, "or"));
                (m.params_literal, m.params_type) = params(&e.params);
                m
            })
            .collect();
        let publics: Vec<Member> = b
            .publics
            .iter()
            .map(|p| {
                let doc = backend_docs::public(p);
                let mut m = member(
                    &p.name,
                    (&p.calls, &p.expand, &p.platform_calls),
                    &doc,
                    p.doc.as_deref(),
                );
                m.path_literal = ts::string(&model::url_path(&p.url));
                m.url = super::comment_text(&p.url);
                (m.params_literal, m.params_type) = params(&p.params);
                m.router_method = p.method.to_lowercase();
                m.method = p.method.clone();
                m
            })
            .collect();
        let mut public_paths: Vec<PublicPath> = Vec::new();
        for p in &publics {
            let methods: Vec<&str> = publics
                .iter()
                .filter(|q| q.path_literal == p.path_literal)
                .flat_map(|q| match q.method.as_str() {
                    "GET" => vec!["GET", "HEAD"],
                    m => vec![m],
                })
                .collect();
            if !public_paths
                .iter()
                .any(|pp| pp.path_literal == p.path_literal)
            {
                public_paths.push(PublicPath {
                    path_literal: p.path_literal.clone(),
                    allow: methods.join(", "),
                });
            }
        }
        let oauth = b.oauth_callback.as_ref().map(|cb| {
            let doc = backend_docs::oauth_callback(cb);
            let mut m = member(
                "oauth_callback",
                (&cb.calls, &cb.expand, &cb.platform_calls),
                &doc,
                cb.doc.as_deref(),
            );
            // A member of `clients` and `Handlers` itself, one level up from the sections.
            m.doc = ts::jsdoc(&doc, "  ");
            m.client_members = client::members(&cb.calls, &cb.expand, "client", 4);
            m.stub_comment = cb
                .doc
                .as_deref()
                .map(|d| ts::line_comments(d, "  "))
                .unwrap_or_default();
            m.path_literal = ts::string(&model::url_path(&cb.url));
            m.url = super::comment_text(&cb.url);
            m
        });
        let has_params = endpoints
            .iter()
            .chain(&publics)
            .any(|m| !m.params_literal.is_empty());
        let mut events = Vec::new();
        for h in &b.handlers {
            for ev in &h.events {
                let doc = backend_docs::event(
                    h.doc.as_deref(),
                    ev,
                    webhook.as_ref().map(|w| w.url.as_str()),
                );
                events.push(member(
                    ev,
                    (&h.calls, &h.expand, &h.platform_calls),
                    &doc,
                    h.doc.as_deref(),
                ));
            }
        }
        let jobs: Vec<Member> = b
            .jobs
            .iter()
            .map(|j| {
                let doc = backend_docs::job(j, "node dist/main.js job");
                member(
                    &j.name,
                    (&j.calls, &j.expand, &j.platform_calls),
                    &doc,
                    j.doc.as_deref(),
                )
            })
            .collect();

        let mut app_doc = vec![
            format!(
                "The backend of {} as {} declares it: the handlers",
                ctx.app_name, ctx.source
            ),
            "src/handlers.ts must provide, and the Stripe client each one is given, reduced"
                .to_string(),
            "to the methods its `calls` declare (with stripe-node's own types).".to_string(),
        ];
        if let Some(d) = &b.doc {
            app_doc.push(String::new());
            app_doc.push(d.clone());
        }
        let mut routes = backend_docs::routes(b, serves_webhooks);
        routes.extend(backend_docs::unsigned_routes(b));
        app_doc.extend(backend_docs::url_table(&routes, "  ", super::comment_text));
        let route_lines = backend_docs::route_lines(&routes);
        let (mut endpoints, mut events, mut jobs) = (endpoints, events, jobs);
        let (mut publics, mut oauth) = (publics, oauth);
        wire(&mut endpoints, Section::Endpoint, "endpoints", &ctx.stubs);
        wire(&mut events, Section::Event, "events", &ctx.stubs);
        wire(&mut jobs, Section::Job, "jobs", &ctx.stubs);
        wire(&mut publics, Section::Public, "publicRoutes", &ctx.stubs);
        if let Some(cb) = &mut oauth {
            (cb.stubbed, cb.call) = match ctx.stubs.export(Section::Oauth, &cb.name) {
                Some(export) => (true, format!("(handlers.oauthCallback ?? stubs.{export})")),
                None => (false, "handlers.oauthCallback".to_string()),
            };
        }
        let all_stubbed = |ms: &[Member]| !ms.is_empty() && ms.iter().all(|m| m.stubbed);
        let publics_optional = all_stubbed(&publics);
        let members = || {
            endpoints
                .iter()
                .chain(&events)
                .chain(&jobs)
                .chain(&publics)
                .chain(&oauth)
        };
        // Which runtime picker a client uses decides what `app.ts` imports.
        let uses = |picker: &str| {
            members().any(|m| {
                m.client_members
                    .iter()
                    .chain(&m.platform_members)
                    .any(|l| l.contains(picker))
            })
        };
        let picks = uses("pickMethods(");
        let expands = uses("pickExpanding(");
        let has_platform = |ms: &[Member]| ms.iter().any(|m| !m.platform_members.is_empty());
        let (platform_endpoints, platform_events, platform_jobs) = (
            has_platform(&endpoints),
            has_platform(&events),
            has_platform(&jobs),
        );
        let job_names = jobs
            .iter()
            .map(|j| j.literal.clone())
            .collect::<Vec<_>>()
            .join(", ");
        let event_types = events
            .iter()
            .map(|e| e.literal.clone())
            .collect::<Vec<_>>()
            .join(", ");
        BackendView {
            package_name: json::quote(&super::package_name(&ctx.app_id, "-backend")),
            package_description: json::quote(&format!(
                "Backend of {}: webhooks, endpoints and jobs compiled from ../{}",
                ctx.app_name, ctx.source
            )),
            stripe: versions::STRIPE,
            express: versions::EXPRESS,
            redis_client: versions::REDIS_CLIENT,
            types_express: versions::TYPES_EXPRESS,
            types_node: versions::TYPES_NODE,
            typescript: versions::TYPESCRIPT,
            app_doc: ts::jsdoc(&app_doc, ""),
            route_lines,
            webhook,
            health_path_literal: ts::string(&model::url_path(&b.health_url)),
            publics,
            public_paths,
            oauth,
            has_params,
            picks,
            expands,
            platform: platform_endpoints || platform_events || platform_jobs,
            platform_endpoints,
            platform_events,
            platform_jobs,
            job_names,
            event_types,
            store_prefix: ts::string(&format!("stripeapp:{}:event:", ctx.app_id)),
            stubbed: !ctx.stubs.served.is_empty(),
            endpoints_optional: all_stubbed(&endpoints),
            events_optional: all_stubbed(&events),
            jobs_optional: all_stubbed(&jobs),
            publics_optional,
            endpoints,
            events,
            jobs,
        }
    }
}

/// A handler's declarations: `calls`, `expand` and `platform calls`.
type Declared<'a> = (&'a [Call], &'a [Expansion], &'a [&'static MethodInfo]);

fn member(name: &str, declared: Declared<'_>, doc: &[String], user_doc: Option<&str>) -> Member {
    let (calls, expand, platform) = declared;
    let platform_methods = client::method_names(platform.iter().copied());
    Member {
        name: name.to_string(),
        literal: ts::string(name),
        key: ts::property_key(name),
        log_name: ts::template_text(name),
        client_members: client::members(calls, expand, "client", 6),
        platform_members: client::tree_members(&platform_methods, expand, "client", 6),
        methods: client::api_methods(calls).join(", "),
        doc: ts::jsdoc(doc, "    "),
        stub_comment: user_doc
            .map(|d| ts::line_comments(d, "    "))
            .unwrap_or_default(),
        path_literal: String::new(),
        url: String::new(),
        roles_literal: String::new(),
        roles_prose: String::new(),
        stubbed: false,
        call: String::new(),
        params_literal: String::new(),
        params_type: String::new(),
        router_method: String::new(),
        method: String::new(),
    }
}

/// Marks the members of a table a stub serves, and sets the expression each is called by.
fn wire(members: &mut [Member], section: Section, table: &str, stubs: &Stubs) {
    for m in members {
        match stubs.export(section, &m.name) {
            Some(export) => {
                m.stubbed = true;
                m.call = format!("(handlers.{table}?.[{}] ?? stubs.{export})", m.literal);
            }
            None => m.call = format!("handlers.{table}[{}]", m.literal),
        }
    }
}

/// `['id', 'part']` and `{id: string; part: string}` for a route's parameters; empty strings
/// without any.
fn params(names: &[String]) -> (String, String) {
    if names.is_empty() {
        return (String::new(), String::new());
    }
    let literal = names.iter().map(|n| ts::string(n)).collect::<Vec<_>>();
    let fields = names
        .iter()
        .map(|n| format!("{}: string", ts::property_key(n)))
        .collect::<Vec<_>>();
    (
        format!("[{}]", literal.join(", ")),
        format!("{{{}}}", fields.join("; ")),
    )
}
