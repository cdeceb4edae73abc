//! The Python backend (`runtime python`): a FastAPI + uvicorn server in `backend/`, with the
//! routes, signature checks, event store and typed dispatch generated in the package
//! `backend/app/generated/`, and the handlers in the user's `backend/app/handlers.py`.
//!
//! The runtime contract is the Node backend's (see `docs/compile.md`): the same routes,
//! answers, configuration and hardening, on stripe-python instead of stripe-node.

mod tables;

use super::stubs::{self, PyMember, Section, Stubs};
use super::target::{Claim, CommentSyntax, GeneratedDir, Target};
use super::templates::render;
use super::{Context, EmitError, OutputFile, Owner, backend_docs, client, py};
use crate::catalogue::MethodInfo;
use crate::model::{self, Backend, Call, Model, Runtime};
use minijinja::Environment;
use minijinja::value::Serde;
use serde::Serialize;

/// The exact PyPI versions a compiled Python backend pins. The lock files beside the
/// templates (`requirements*.txt`, with hashes) pin the same versions and the rest of the
/// dependency tree; the end-to-end test installs from them.
pub mod versions {
    pub const FASTAPI: &str = "0.165.0";
    pub const UVICORN: &str = "0.54.0";
    pub const HTTPTOOLS: &str = "0.9.0";
    pub const UVLOOP: &str = "0.23.0";
    /// stripe-python, whose pinned API version is the one stripe-node 23.1.0 pins.
    pub const STRIPE: &str = "16.1.0";
    pub const HTTPX: &str = "0.28.1";
    pub const REDIS: &str = "8.1.0";
    pub const MYPY: &str = "2.4.1";
    pub const RUFF: &str = "0.17.6";
}

/// The hash-pinned lock of the server's dependencies, and of those plus the checkers.
pub const REQUIREMENTS: &str = include_str!("templates/python/requirements.txt");
pub const REQUIREMENTS_DEV: &str = include_str!("templates/python/requirements-dev.txt");

/// The Python backend in `backend/`, for an app whose `backend` block says
/// `runtime python`.
pub(crate) struct PythonBackend;

/// Where the routes, configuration, runtime and event store are generated.
const GENERATED: GeneratedDir = GeneratedDir {
    path: "backend/app/generated",
    ending: ".py",
    comment: CommentSyntax::HASH,
    claim: Claim::Header,
};

impl Target for PythonBackend {
    fn applies(&self, model: &Model) -> bool {
        model
            .backend
            .as_ref()
            .is_some_and(|b| b.runtime == Runtime::Python)
    }

    fn generated_dirs(&self) -> &'static [GeneratedDir] {
        &[GENERATED]
    }

    fn handler_module(&self) -> Option<&'static str> {
        Some("backend/app/handlers.py")
    }

    fn stubs(&self, model: &Model, ctx: &Context, existing: &str) -> Stubs {
        let Some(b) = &model.backend else {
            return Stubs::default();
        };
        let app_name = model.app.as_ref().map_or("", |a| a.name.as_str());
        let view = PythonView::new(b, ctx, app_name);
        fn member(section: Section, m: &Member) -> PyMember<'_> {
            PyMember {
                section,
                name: &m.name,
                method: &m.method,
                client: &m.client,
                object_class: m.object_class.strip_prefix("stripe.").unwrap_or(""),
                literal: &m.literal,
                params_class: &m.params_class,
                platform: &m.platform,
            }
        }
        let members: Vec<PyMember<'_>> = view
            .endpoints
            .iter()
            .map(|m| member(Section::Endpoint, m))
            .chain(view.publics.iter().map(|m| member(Section::Public, m)))
            .chain(view.oauth.iter().map(|m| member(Section::Oauth, m)))
            .chain(view.events.iter().map(|m| member(Section::Event, m)))
            .chain(view.jobs.iter().map(|m| member(Section::Job, m)))
            .collect();
        stubs::python(&members, existing, &ctx.source)
    }

    fn templates(&self) -> &'static [(&'static str, &'static str)] {
        templates![
            "python/pyproject.toml",
            "python/__init__.py",
            "python/__main__.py",
            "python/main.py",
            "python/handlers.py",
            "python/generated_init.py",
            "python/app.py",
            "python/config.py",
            "python/runtime.py",
            "python/server.py",
            "python/store.py",
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
        let app_name = model.app.as_ref().map_or("", |a| a.name.as_str());
        let mut ctx = ctx.clone();
        // The shared context escapes for `/* */` comments; docstrings need their own.
        ctx.source = py_safe(&ctx.source.replace("*\\/", "*/"));
        ctx.app_name = py_safe(&one_line(app_name));
        let view = PythonView::new(b, &ctx, app_name);
        let render_one = |template: &str| {
            render(
                env,
                &format!("python/{template}"),
                minijinja::context! { ctx => Serde(&ctx), backend => Serde(&view) },
            )
        };
        let user = |path: &str, template: &str| -> Result<OutputFile, EmitError> {
            Ok(OutputFile::new(
                format!("backend/{path}"),
                Owner::User,
                render_one(template)?,
            ))
        };
        let text = |path: &str, contents: &str| {
            OutputFile::new(format!("backend/{path}"), Owner::User, contents.to_string())
        };
        let generated = |name: &str, template: &str| -> Result<OutputFile, EmitError> {
            Ok(OutputFile::generated(
                GENERATED.file(name),
                render_one(template)?,
            ))
        };
        Ok(vec![
            user("pyproject.toml", "pyproject.toml")?,
            text("requirements.txt", REQUIREMENTS),
            text("requirements-dev.txt", REQUIREMENTS_DEV),
            user("app/__init__.py", "__init__.py")?,
            user("app/__main__.py", "__main__.py")?,
            user("app/main.py", "main.py")?,
            user("app/handlers.py", "handlers.py")?,
            generated("__init__.py", "generated_init.py")?,
            generated("app.py", "app.py")?,
            generated("config.py", "config.py")?,
            generated("runtime.py", "runtime.py")?,
            generated("server.py", "server.py")?,
            generated("store.py", "store.py")?,
        ])
    }
}

/// Everything the Python templates print.
#[derive(Debug, Serialize)]
struct PythonView {
    /// TOML string literals for `pyproject.toml`.
    project_name: String,
    project_description: String,
    fastapi: &'static str,
    uvicorn: &'static str,
    httptools: &'static str,
    uvloop: &'static str,
    stripe: &'static str,
    httpx: &'static str,
    redis: &'static str,
    mypy: &'static str,
    ruff: &'static str,
    /// The module docstring of `app.py`.
    app_doc: String,
    /// The app's name as a Python string literal.
    app_name_literal: String,
    /// The Redis key prefix of event ids, a Python string literal.
    redis_prefix: String,
    /// The route table of `server.py`'s docstring, one line each.
    route_lines: Vec<String>,
    webhook: Option<WebhookRoute>,
    /// The health route's path, a Python string literal.
    health_path_literal: String,
    /// The public routes, grouped by path (two may share one with different methods).
    public_paths: Vec<PublicPath>,
    /// Every public route, in source order.
    publics: Vec<Member>,
    oauth: Option<Member>,
    /// The parameter classes of `app.py`, each a block of source.
    params_classes: Vec<String>,
    /// Whether an endpoint has path parameters.
    param_endpoints: bool,
    endpoints: Vec<Member>,
    events: Vec<Member>,
    jobs: Vec<Member>,
    /// The reduced-client classes of `app.py`, each a block of source.
    client_classes: Vec<String>,
    /// The public client class names, for `__all__`.
    client_names: Vec<String>,
    /// The import of `handlers.py` from `generated.app`.
    handler_import: String,
    /// Whether `handlers.py` names a stripe-python class (event handlers).
    uses_stripe_types: bool,
}

/// The public routes served on one path.
#[derive(Debug, Serialize)]
struct PublicPath {
    path_literal: String,
    /// The index of each route in `publics`.
    routes: Vec<usize>,
}

#[derive(Debug, Serialize)]
struct WebhookRoute {
    /// The path served, as a Python string literal.
    path_literal: String,
    url: String,
}

/// An endpoint, event handler or job.
#[derive(Debug, Serialize)]
struct Member {
    /// As declared.
    name: String,
    /// The name as a Python string literal.
    literal: String,
    /// The handler method (`sync_status`, `on_invoice_paid`, `job_nightly`).
    method: String,
    /// The reduced client's class.
    client: String,
    /// The platform client's class (`platform calls`), or empty.
    platform: String,
    /// The declared platform methods, `a.b, c.d`, or empty.
    platform_methods: String,
    /// The class of `data.object` (events), e.g. `stripe.Invoice`.
    object_class: String,
    /// The declared methods, `a.b, c.d`, or empty.
    methods: String,
    /// The abstract method's docstring, indented eight spaces.
    doc: String,
    /// The user's `///` comment as `#` lines indented for `handlers.py`, or empty.
    stub_comment: String,
    /// Endpoints: the public path (literal) and roles (a tuple literal).
    path_literal: String,
    roles_literal: String,
    roles_prose: String,
    /// Public routes: the HTTP method as a literal, and as written.
    http_literal: String,
    http_method: String,
    /// Routes with `:name` segments: the class of the handler's `params`, or empty.
    params_class: String,
    /// `(field, name literal)` of each parameter.
    params: Vec<(String, String)>,
    /// The keyword arguments building `params_class` from the dict `params`.
    params_args: String,
    /// The OAuth callback: the path of its start route.
    start_path_literal: String,
    /// The handler's `async def` line(s), indented four spaces, wrapped as ruff formats
    /// it past 120 columns.
    signature: String,
}

impl PythonView {
    fn new(b: &Backend, ctx: &Context, app_name: &str) -> PythonView {
        let serves_webhooks = b.webhooks_explicit || !b.handlers.is_empty();
        let webhook = serves_webhooks.then(|| WebhookRoute {
            path_literal: py::string(&model::url_path(&b.webhook_url)),
            url: py_safe(&one_line(&b.webhook_url)),
        });
        let mut methods = py::Namer::default();
        let mut classes = py::Namer::default();
        let mut client_classes = Vec::new();
        let mut member = |name: &str,
                          method: String,
                          (calls, platform_calls): (&[Call], &[&'static MethodInfo]),
                          doc: Vec<String>,
                          user_doc: Option<&str>,
                          client_classes: &mut Vec<String>| {
            let client = classes.claim(&format!("{}Stripe", py::pascal(name)));
            client_classes.push(tables::client_class(&client, name, calls));
            // `platform calls` get a second reduced client, on your own account.
            let platform = if platform_calls.is_empty() {
                String::new()
            } else {
                let class = classes.claim(&format!("{}Platform", py::pascal(name)));
                client_classes.push(tables::platform_class(&class, name, platform_calls));
                class
            };
            Member {
                name: name.to_string(),
                literal: py::string(name),
                method: methods.claim(&method),
                client,
                platform,
                platform_methods: client::method_names(platform_calls.iter().copied()).join(", "),
                object_class: String::new(),
                methods: client::api_methods(calls).join(", "),
                doc: py::docstring(&doc, "        "),
                stub_comment: user_doc
                    .map(|d| py::line_comments(d, "    "))
                    .unwrap_or_default(),
                path_literal: String::new(),
                roles_literal: String::new(),
                roles_prose: String::new(),
                http_literal: String::new(),
                http_method: String::new(),
                params_class: String::new(),
                params: Vec::new(),
                params_args: String::new(),
                start_path_literal: String::new(),
                signature: String::new(),
            }
        };
        let mut params_classes = Vec::new();
        let mut params_class_names = py::Namer::default();
        // The typed path parameters of a route, as a frozen dataclass.
        let mut with_params = |m: &mut Member, what: &str, url: &str, names: &[String]| {
            if names.is_empty() {
                return;
            }
            let mut fields = py::Namer::default();
            m.params = names
                .iter()
                .map(|n| (fields.claim(n), py::string(n)))
                .collect();
            m.params_args = m
                .params
                .iter()
                .map(|(field, name)| format!("{field}=params[{name}]"))
                .collect::<Vec<_>>()
                .join(", ");
            m.params_class = params_class_names.claim(&format!("{}Params", py::pascal(&m.name)));
            let doc = py::docstring(
                &[format!(
                    "The path parameters of `{what}` ({}), decoded once and checked: never empty, `.`, `..`, or holding `/`, `\\` or a control character.",
                    py_safe(&one_line(url))
                )],
                "    ",
            );
            let mut class = format!(
                "@dataclass(frozen=True, slots=True)\nclass {}:\n{doc}\n\n",
                m.params_class
            );
            for (field, _) in &m.params {
                class.push_str(&format!("    {field}: str\n"));
            }
            params_classes.push(class.trim_end().to_string());
        };
        let endpoints: Vec<Member> = b
            .endpoints
            .iter()
            .map(|e| {
                let doc = backend_docs::endpoint(
                    e,
                    "Return JSON for the view, or None for 204; raise HttpError for another status.",
                );
                let mut m = member(
                    &e.name,
                    py::snake(&e.name),
                    (&e.calls, &e.platform_calls),
                    doc,
                    e.doc.as_deref(),
                    &mut client_classes,
                );
                m.path_literal = py::string(&model::url_path(&e.url));
                let roles: Vec<String> = e.roles.iter().map(|r| py::string(r)).collect();
                m.roles_literal = match roles.as_slice() {
                    [one] => format!("({one},)"),
                    _ => format!("({})", roles.join(", ")),
                };
                m.roles_prose = one_line(&super::ts::prose_list(&e.roles, "or"));
                with_params(&mut m, &format!("endpoint {}", e.name), &e.url, &e.params);
                m
            })
            .collect();
        let publics: Vec<Member> = b
            .publics
            .iter()
            .map(|p| {
                let doc = backend_docs::with_user_doc(
                    p.doc.as_deref(),
                    vec![
                        format!("`public {}`: {} {}, unsigned: anyone can call it.", p.name, p.method, p.url),
                        "Return JSON (200), None (204), {\"redirect\": url} (302) or a Response; raise HttpError for another status.".to_string(),
                    ],
                );
                let mut m = member(
                    &p.name,
                    py::snake(&p.name),
                    (&p.calls, &p.platform_calls),
                    doc,
                    p.doc.as_deref(),
                    &mut client_classes,
                );
                m.path_literal = py::string(&model::url_path(&p.url));
                m.http_literal = py::string(&p.method);
                m.http_method = p.method.clone();
                with_params(&mut m, &format!("public {}", p.name), &p.url, &p.params);
                m
            })
            .collect();
        let oauth = b.oauth_callback.as_ref().map(|o| {
            let doc = backend_docs::with_user_doc(
                o.doc.as_deref(),
                vec![
                    format!("`oauth_callback`: GET {}, after `state` was verified and `code` exchanged; start an install at GET {}/start.", o.url, o.url),
                    "Store the tokens; return JSON (200), None (204), {\"redirect\": url} (302) or a Response.".to_string(),
                ],
            );
            let mut m = member(
                "oauth_callback",
                "oauth_callback".to_string(),
                (&o.calls, &o.platform_calls),
                doc,
                o.doc.as_deref(),
                &mut client_classes,
            );
            let path = model::url_path(&o.url);
            m.path_literal = py::string(&path);
            m.start_path_literal = py::string(&format!("{}/start", path.trim_end_matches('/')));
            m
        });
        let mut endpoints = endpoints;
        let mut publics = publics;
        let mut oauth = oauth;
        for e in &mut endpoints {
            let mut args = vec![format!("call: EndpointCall[{}]", e.client)];
            args.extend(platform_arg(e));
            e.signature = handler_def(&e.method, &args, &e.params_class, "JsonValue");
        }
        for p in &mut publics {
            p.signature = handler_def(
                &p.method,
                &[format!("request: PublicRequest[{}]", p.client)],
                &p.params_class,
                "PublicAnswer",
            );
        }
        if let Some(o) = &mut oauth {
            o.signature = handler_def(
                &o.method,
                &[format!("install: OauthInstall[{}]", o.client)],
                "",
                "PublicAnswer",
            );
        }
        let mut public_paths: Vec<PublicPath> = Vec::new();
        for (i, p) in publics.iter().enumerate() {
            match public_paths
                .iter_mut()
                .find(|g| g.path_literal == p.path_literal)
            {
                Some(g) => g.routes.push(i),
                None => public_paths.push(PublicPath {
                    path_literal: p.path_literal.clone(),
                    routes: vec![i],
                }),
            }
        }
        let mut events = Vec::new();
        for h in &b.handlers {
            for ev in &h.events {
                let doc = backend_docs::event(
                    h.doc.as_deref(),
                    ev,
                    webhook.as_ref().map(|w| w.url.as_str()),
                );
                let mut m = member(
                    ev,
                    format!("on_{}", py::snake(ev)),
                    (&h.calls, &h.platform_calls),
                    doc,
                    h.doc.as_deref(),
                    &mut client_classes,
                );
                m.object_class = format!("stripe.{}", tables::event_object(ev));
                let args = [
                    format!("event: Event[{}]", m.object_class),
                    format!("context: EventContext[{}]", m.client),
                ];
                m.signature = if m.platform.is_empty() {
                    // Wrapped as before platform clients, whatever its width.
                    format!(
                        "    async def {}(\n        self, {}\n    ) -> None:",
                        m.method,
                        args.join(", ")
                    )
                } else {
                    let mut args = args.to_vec();
                    args.extend(platform_arg(&m));
                    handler_def(&m.method, &args, "", "None")
                };
                events.push(m);
            }
        }
        let jobs: Vec<Member> = b
            .jobs
            .iter()
            .map(|j| {
                let doc = backend_docs::job(j, "python -m app job");
                let mut m = member(
                    &j.name,
                    format!("job_{}", py::snake(&j.name)),
                    (&j.calls, &j.platform_calls),
                    doc,
                    j.doc.as_deref(),
                    &mut client_classes,
                );
                let mut args = vec![format!("context: JobContext[{}]", m.client)];
                args.extend(platform_arg(&m));
                m.signature = handler_def(&m.method, &args, "", "None");
                m
            })
            .collect();

        let mut app_doc = vec![format!(
            "The backend of {} as {} declares it: the handlers app/handlers.py must provide, and the Stripe client each one is given, reduced to the methods its `calls` declare (with stripe-python's own types).",
            ctx.app_name, ctx.source
        )];
        if let Some(d) = &b.doc {
            app_doc.push(String::new());
            app_doc.push(d.clone());
        }
        let routes = backend_docs::routes(b, serves_webhooks);
        app_doc.extend(backend_docs::url_table(&routes, "    ", |u| {
            py_safe(&one_line(u))
        }));
        let route_lines = backend_docs::route_lines(&routes)
            .iter()
            .map(|l| py_safe(&one_line(l)))
            .collect();

        let client_names: Vec<String> = endpoints
            .iter()
            .chain(&publics)
            .chain(&oauth)
            .chain(&events)
            .chain(&jobs)
            .flat_map(|m| [m.client.clone(), m.platform.clone()])
            .filter(|c| !c.is_empty())
            .collect();
        let mut handler_imports = vec!["Handlers".to_string()];
        if !endpoints.is_empty() {
            handler_imports.extend(["EndpointCall".to_string(), "JsonValue".to_string()]);
        }
        if !publics.is_empty() {
            handler_imports.extend(["PublicRequest".to_string(), "PublicAnswer".to_string()]);
        }
        if oauth.is_some() {
            handler_imports.extend(["OauthInstall".to_string(), "PublicAnswer".to_string()]);
        }
        handler_imports.extend(
            endpoints
                .iter()
                .chain(&publics)
                .filter(|m| !m.params_class.is_empty())
                .map(|m| m.params_class.clone()),
        );
        if !events.is_empty() {
            handler_imports.extend(["Event".to_string(), "EventContext".to_string()]);
        }
        if !jobs.is_empty() {
            handler_imports.push("JobContext".to_string());
        }
        handler_imports.extend(client_names.iter().cloned());
        handler_imports.sort();
        handler_imports.dedup();
        let mut sorted_clients = client_names.clone();
        sorted_clients.sort();

        PythonView {
            project_name: toml_string(&super::package_name(&ctx.app_id, "-backend")),
            project_description: toml_string(&format!(
                "Backend of {}: webhooks, endpoints and jobs compiled from ../{}",
                ctx.app_name, ctx.source
            )),
            fastapi: versions::FASTAPI,
            uvicorn: versions::UVICORN,
            httptools: versions::HTTPTOOLS,
            uvloop: versions::UVLOOP,
            stripe: versions::STRIPE,
            httpx: versions::HTTPX,
            redis: versions::REDIS,
            mypy: versions::MYPY,
            ruff: versions::RUFF,
            app_doc: py::docstring(&app_doc, ""),
            app_name_literal: py::string(app_name),
            redis_prefix: py::string(&format!("stripeapp:{}:event:", ctx.app_id)),
            route_lines,
            webhook,
            health_path_literal: py::string(&model::url_path(&b.health_url)),
            public_paths,
            publics,
            oauth,
            params_classes,
            param_endpoints: endpoints.iter().any(|e| !e.params.is_empty()),
            uses_stripe_types: !events.is_empty(),
            endpoints,
            events,
            jobs,
            client_classes,
            client_names: sorted_clients,
            handler_import: py::import_from(".generated.app", &handler_imports),
        }
    }
}

/// The `platform` argument of a handler that declares `platform calls`.
fn platform_arg(m: &Member) -> Option<String> {
    (!m.platform.is_empty()).then(|| format!("platform: {}", m.platform))
}

/// `async def method(self, args…, params: Class) -> ret:` at four spaces; past 120
/// columns with its arguments on their own line, and past that one argument a line with a
/// trailing comma (as ruff formats it).
fn handler_def(method: &str, args: &[String], params_class: &str, ret: &str) -> String {
    let mut all = vec!["self".to_string()];
    all.extend(args.iter().cloned());
    if !params_class.is_empty() {
        all.push(format!("params: {params_class}"));
    }
    let one = format!("    async def {method}({}) -> {ret}:", all.join(", "));
    if one.len() <= 120 {
        return one;
    }
    let args_line = format!("        {}", all.join(", "));
    if args_line.len() <= 120 {
        return format!("    async def {method}(\n{args_line}\n    ) -> {ret}:");
    }
    let each: Vec<String> = all.iter().map(|a| format!("        {a},")).collect();
    format!(
        "    async def {method}(\n{}\n    ) -> {ret}:",
        each.join("\n")
    )
}

/// `s` on one line: control characters become spaces.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Text for a docstring line (no quotes or backslashes to escape).
fn py_safe(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// A TOML basic string (its escapes are JSON's).
fn toml_string(s: &str) -> String {
    super::json::quote(s)
}
