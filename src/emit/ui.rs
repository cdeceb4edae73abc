//! The UI extension project: `package.json`, `tsconfig.json`, lint config, a starter
//! view per component and the generated helpers of each view.

use super::target::{Claim, CommentSyntax, GeneratedDir, Target};
use super::templates::render;
use super::{Context, EmitError, OutputFile, client, import, json, sorted_imports, ts, versions};
use crate::catalogue::MethodInfo;
use crate::model::{Call, Model, View};
use minijinja::Environment;
use minijinja::value::Serde;
use serde::Serialize;

/// The UI extension project at the root of the output: TypeScript views on
/// `@stripe/ui-extension-sdk`, their helpers generated under `src/generated/`.
pub(crate) struct UiProject;

/// Where the view helpers and their runtime are generated.
const GENERATED: GeneratedDir = GeneratedDir {
    path: "src/generated",
    ending: ".ts",
    comment: CommentSyntax::SLASHES,
    claim: Claim::Header,
};

impl Target for UiProject {
    fn generated_dirs(&self) -> &'static [GeneratedDir] {
        &[GENERATED]
    }

    fn templates(&self) -> &'static [(&'static str, &'static str)] {
        templates![
            "ui/package.json",
            "ui/tsconfig.json",
            "ui/ui-extensions.d.ts",
            "ui/eslint.config.mjs",
            "ui/gitignore",
            "ui/runtime.ts",
            "ui/helper.ts",
            "ui/view.tsx",
        ]
    }

    fn files(
        &self,
        env: &Environment<'_>,
        ctx: &Context,
        model: &Model,
    ) -> Result<Vec<OutputFile>, EmitError> {
        files(env, ctx, model)
    }
}

fn files(
    env: &Environment<'_>,
    ctx: &Context,
    model: &Model,
) -> Result<Vec<OutputFile>, EmitError> {
    let package = PackageJson {
        ctx,
        name: json::quote(&super::package_name(&ctx.app_id, "")),
        description: json::quote(&format!(
            "{}: a Stripe App compiled from {}",
            ctx.app_name, ctx.source
        )),
        sdk: versions::UI_SDK,
        tools: versions::UI_TOOLS,
        stripe: versions::STRIPE,
        typescript: versions::TYPESCRIPT,
        types_react: versions::TYPES_REACT,
        eslint: versions::ESLINT,
    };
    let mut out = vec![
        OutputFile::user("package.json", render(env, "ui/package.json", &package)?),
        OutputFile::user(
            "tsconfig.json",
            render(
                env,
                "ui/tsconfig.json",
                minijinja::context! { ctx => Serde(ctx) },
            )?,
        ),
        OutputFile::user(
            "ui-extensions.d.ts",
            render(
                env,
                "ui/ui-extensions.d.ts",
                minijinja::context! { ctx => Serde(ctx) },
            )?,
        ),
        OutputFile::user(
            "eslint.config.mjs",
            render(
                env,
                "ui/eslint.config.mjs",
                minijinja::context! { ctx => Serde(ctx) },
            )?,
        ),
        OutputFile::user(
            ".gitignore",
            render(
                env,
                "ui/gitignore",
                minijinja::context! { ctx => Serde(ctx) },
            )?,
        ),
    ];
    if model.views.is_empty() {
        return Ok(out);
    }
    out.push(OutputFile::generated(
        GENERATED.file("stripeapp-runtime.ts"),
        render(
            env,
            "ui/runtime.ts",
            minijinja::context! { ctx => Serde(ctx) },
        )?,
    ));
    for (view, helper) in model.views.iter().zip(view_helpers(model, &ctx.source)) {
        out.push(OutputFile::generated(
            GENERATED.file(&format!("{}{}", view.component, GENERATED.ending)),
            render(
                env,
                "ui/helper.ts",
                minijinja::context! { ctx => Serde(ctx), view => Serde(&helper) },
            )?,
        ));
        let starter = StarterView::new(view, &helper, ctx);
        out.push(OutputFile::user(
            format!("src/views/{}.tsx", view.component),
            render(
                env,
                "ui/view.tsx",
                minijinja::context! { ctx => Serde(ctx), view => Serde(starter) },
            )?,
        ));
    }
    Ok(out)
}

#[derive(Serialize)]
struct PackageJson<'a> {
    ctx: &'a Context,
    /// JSON string literals.
    name: String,
    description: String,
    sdk: &'static str,
    tools: &'static str,
    stripe: &'static str,
    typescript: &'static str,
    types_react: &'static str,
    eslint: &'static str,
}

/// The generated helper module of one view (`src/generated/<Component>.ts`).
#[derive(Debug, Clone, Serialize)]
pub struct HelperView {
    pub component: String,
    /// The module's JSDoc block.
    pub module_doc: String,
    /// Import statements.
    pub imports: Vec<String>,
    /// `export … from …` statements.
    pub reexports: Vec<String>,
    /// Members of the `stripe` object, one per line; empty when the view calls no API
    /// method (then there is no `stripe` export).
    pub stripe_members: Vec<String>,
    pub stripe_doc: String,
    /// `<Component>Stripe`.
    pub stripe_type: String,
    /// The `FetchUrl` type's members and the runtime list; `None` without `fetch`.
    pub fetch: Option<FetchHelper>,
    /// One function per used endpoint.
    pub endpoints: Vec<EndpointHelper>,
    /// Names the module exports, for the starter view's import.
    #[serde(skip)]
    pub sdk_functions: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FetchHelper {
    pub type_doc: String,
    pub type_members: Vec<String>,
    pub doc: String,
    pub component_literal: String,
    pub declared: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EndpointHelper {
    /// The endpoint's name in the source.
    pub name: String,
    /// The exported function (`sync_status` → `syncStatus`, renamed on a clash).
    pub function: String,
    pub url: String,
    pub doc: String,
    pub name_literal: String,
    pub url_literal: String,
    /// The path under the backend's base URL (`/sync_status`).
    pub path_literal: String,
    /// The path's parameters as an object type (`{id: string}`), or empty.
    pub params_type: String,
    /// The names of the path's parameters.
    pub params: Vec<String>,
}

/// Names the helper module binds itself; endpoint functions get other names.
const HELPER_BINDINGS: &[&str] = &[
    "Stripe",
    "stripe",
    "fetch",
    "client",
    "callEndpoint",
    "declaredFetch",
    "dashboardStripe",
    "pickMethods",
    "pickExpanding",
    "EndpointContext",
    "EndpointError",
    "EndpointPayload",
    "FetchUrl",
    "JsonValue",
];

/// The helper module of every view, in view order.
pub fn view_helpers(model: &Model, source: &str) -> Vec<HelperView> {
    model
        .views
        .iter()
        .map(|v| helper(model, v, source))
        .collect()
}

fn helper(model: &Model, view: &View, source: &str) -> HelperView {
    let c = &view.component;
    let mut namer = ts::Namer::new(HELPER_BINDINGS);
    let stripe_type = namer.claim(&format!("{c}Stripe"), "Client");
    let sdk: Vec<&crate::catalogue::SdkInfo> = view
        .calls
        .iter()
        .filter_map(|call| match call {
            Call::Sdk(s) => Some(*s),
            Call::Api(_) => None,
        })
        .collect();
    for s in &sdk {
        namer.reserve(s.function);
    }
    let endpoints: Vec<EndpointHelper> = view
        .uses
        .iter()
        .filter_map(|name| model.backend.as_ref()?.endpoints.iter().find(|e| &e.name == name))
        .map(|e| {
            let function = namer.claim(&ts::camel(&e.name), "Endpoint");
            let mut doc = Vec::new();
            if let Some(d) = &e.doc {
                doc.push(d.clone());
                doc.push(String::new());
            }
            let mut summary = format!(
                "Calls the backend endpoint `{}`: POST {} (under the backend the manifest's `STRIPEAPP_BACKEND_URL` names, which a development manifest may change), signed with `fetchStripeSignature` (a fresh signature per call).",
                e.name, e.url
            );
            if !e.roles.is_empty() {
                let roles: Vec<String> = e.roles.iter().map(|r| format!("`{r}`")).collect();
                summary.push_str(&format!(
                    " The backend lets only users with the role {} through.",
                    ts::prose_list(&roles, "or")
                ));
            }
            doc.push(summary);
            doc.push(String::new());
            doc.push("@param context the view's props (their `userContext` is signed)".to_string());
            if !e.params.is_empty() {
                doc.push(format!(
                    "@param params the path's parameters ({}), signed with the payload so the backend can check them; empty, `.` and `..` values are refused",
                    e.params.iter().map(|p| format!(":{p}")).collect::<Vec<_>>().join(", ")
                ));
            }
            doc.push("@param payload JSON for the endpoint; `user_id`, `account_id` and `stripe_roles` are added".to_string());
            doc.push("@returns the endpoint's JSON answer; an `EndpointError` is thrown on a non-2xx status".to_string());
            EndpointHelper {
                name: e.name.clone(),
                function,
                url: e.url.clone(),
                doc: ts::jsdoc(&doc, ""),
                name_literal: ts::string(&e.name),
                url_literal: ts::string(&e.url),
                path_literal: ts::string(&rooted(&e.path)),
                params: e.params.clone(),
                params_type: if e.params.is_empty() {
                    String::new()
                } else {
                    format!(
                        "{{{}}}",
                        e.params
                            .iter()
                            .map(|p| format!("{}: string", ts::property_key(p)))
                            .collect::<Vec<_>>()
                            .join("; ")
                    )
                },
            }
        })
        .collect();

    let methods = client::api_methods(&view.calls);
    let stripe_members = client::members(&view.calls, &view.expand, "client", 2);
    let mut module_doc = vec![format!("Helpers for the {c} view ({}).", view.viewport.id)];
    if let Some(d) = &view.doc {
        module_doc.push(String::new());
        module_doc.push(d.clone());
    }
    let stripe_doc = ts::jsdoc(
        &[format!(
            "The Stripe API methods {c} declares with `calls` ({}), with stripe-node's own types. Any other method is a type error: declare it in {source}, where its permission is checked.",
            methods.join(", ")
        )],
        "",
    );

    let fetch = (!view.fetch.is_empty()).then(|| {
        let mut type_members = Vec::new();
        let mut declared = Vec::new();
        for url in &view.fetch {
            let prefix = url.ends_with('/');
            if prefix {
                type_members.push(format!("`{}${{string}}`", ts::template_text(url)));
            } else {
                type_members.push(ts::string(url));
                type_members.push(format!("`{}?${{string}}`", ts::template_text(url)));
            }
            declared.push(format!("{{url: {}, prefix: {prefix}}},", ts::string(url)));
        }
        FetchHelper {
            type_doc: ts::jsdoc(
                &[format!(
                    "The URLs {c} declares with `fetch`: each exact URL also with a query string, and each URL ending in `/` with anything below it."
                )],
                "",
            ),
            type_members,
            doc: ts::jsdoc(&[format!("`fetch` for the URLs {c} declares; any other URL is a type error.")], ""),
            component_literal: ts::string(c),
            declared,
        }
    });

    let mut runtime_values = Vec::new();
    let mut runtime_types = Vec::new();
    if !stripe_members.is_empty() {
        runtime_values.push("dashboardStripe".to_string());
        for f in ["pickExpanding", "pickMethods"] {
            if stripe_members.iter().any(|m| m.contains(&format!("{f}("))) {
                runtime_values.push(f.to_string());
            }
        }
    }
    if fetch.is_some() {
        runtime_values.push("declaredFetch".to_string());
    }
    if !endpoints.is_empty() {
        runtime_values.push("callEndpoint".to_string());
        runtime_types.extend([
            "EndpointContext".to_string(),
            "EndpointPayload".to_string(),
            "JsonValue".to_string(),
        ]);
    }
    let mut imports = Vec::new();
    if !runtime_values.is_empty() || !runtime_types.is_empty() {
        imports.push(import(
            &sorted_imports(runtime_values, runtime_types),
            "./stripeapp-runtime",
        ));
    }
    let mut reexports = Vec::new();
    if !endpoints.is_empty() {
        reexports.push(
            "export {EndpointError, type EndpointPayload} from './stripeapp-runtime';".to_string(),
        );
    }
    let mut modules: Vec<&str> = sdk.iter().map(|s| s.module).collect();
    modules.sort();
    modules.dedup();
    for m in modules {
        let names: Vec<String> = sdk
            .iter()
            .filter(|s| s.module == m)
            .map(|s| s.function.to_string())
            .collect();
        reexports.push(format!("export {{{}}} from '{m}';", names.join(", ")));
    }
    HelperView {
        component: c.clone(),
        module_doc: ts::jsdoc(&module_doc, ""),
        imports,
        reexports,
        stripe_members,
        stripe_doc,
        stripe_type,
        fetch,
        endpoints,
        sdk_functions: sdk.iter().map(|s| s.function.to_string()).collect(),
    }
}

/// stripe-node list methods whose parameters are required (measured with `tsc` against
/// stripe 23.1.0): a starter view cannot call them with `{limit: 3}` alone.
const LIST_NEEDS_PARAMS: &[&str] = &[
    "apps.secrets.list",
    "billing.creditBalanceSummaries.retrieve",
    "entitlements.activeEntitlements.list",
    "financialConnections.transactions.list",
    "issuing.tokens.list",
    "paymentAttemptRecords.list",
    "radar.valueListItems.list",
    "reporting.reportTypes.list",
    "setupAttempts.list",
    "subscriptionItems.list",
    "tax.locations.list",
    "treasury.creditReversals.list",
    "treasury.debitReversals.list",
    "treasury.inboundTransfers.list",
    "treasury.outboundPayments.list",
    "treasury.outboundTransfers.list",
    "treasury.receivedCredits.list",
    "treasury.receivedDebits.list",
    "treasury.transactionEntries.list",
    "treasury.transactions.list",
];

/// One button of a starter view.
#[derive(Debug, Serialize)]
struct Action {
    /// The label shown (and the key of its result), as a TS string literal.
    key: String,
    /// The call, a function returning a promise, one line per entry; the lines after the
    /// first are indented relative to the first.
    call: Vec<String>,
    /// Whether `{label: …, call: …},` fits on one line.
    inline: bool,
}

#[derive(Debug, Serialize)]
struct StarterView {
    component: String,
    /// The binding of the component (the component name unless that clashes).
    const_name: String,
    /// `context`, or `_context` when no action needs the props.
    context_param: String,
    doc: String,
    imports: Vec<String>,
    root_open: String,
    root_close: String,
    actions: Vec<Action>,
    needs_object_id: bool,
}

impl StarterView {
    fn new(view: &View, helper: &HelperView, ctx: &Context) -> StarterView {
        let mut actions = Vec::new();
        let mut helper_imports: Vec<String> = Vec::new();
        let mut needs_object_id = false;
        let mut not_tried = Vec::new();
        for call in &view.calls {
            match call {
                Call::Api(m) => match api_action(m, view) {
                    Some((lines, uses_id)) => {
                        needs_object_id |= uses_id;
                        helper_imports.push("stripe".to_string());
                        actions.push(action(m.name, lines));
                    }
                    None => not_tried.push(format!("`stripe.{}`", m.name)),
                },
                Call::Sdk(s) => {
                    helper_imports.push(s.function.to_string());
                    actions.push(action(
                        s.name,
                        vec![format!("async () => (await {}()).email", s.function)],
                    ));
                }
            }
        }
        for url in &view.fetch {
            helper_imports.push("fetch".to_string());
            actions.push(action(
                &format!("GET {url}"),
                vec![format!(
                    "async () => `HTTP ${{(await fetch({})).status}}`",
                    ts::string(url)
                )],
            ));
        }
        for e in &helper.endpoints {
            helper_imports.push(e.function.clone());
            actions.push(action(
                &e.name,
                vec![
                    "() =>".to_string(),
                    if e.params.is_empty() {
                        format!("  {}(context, {{", e.function)
                    } else {
                        // The starter fills each path parameter with the object's id;
                        // without one the helper refuses the empty value, saying so.
                        let params: Vec<String> = e
                            .params
                            .iter()
                            .map(|p| {
                                format!(
                                    "{}: context.environment.objectContext?.id ?? ''",
                                    ts::property_key(p)
                                )
                            })
                            .collect();
                        format!("  {}(context, {{{}}}, {{", e.function, params.join(", "))
                    },
                    "    object: context.environment.objectContext?.object ?? null,".to_string(),
                    "    object_id: context.environment.objectContext?.id ?? null,".to_string(),
                    "  })".to_string(),
                ],
            ));
        }

        let root = view.viewport.root;
        let title = ts::jsx_attribute(&view.title);
        let root_open = match root {
            "ContextView" => format!("<ContextView title={title}>"),
            "OnboardingView" => {
                format!("<OnboardingView title={title} tasks={{[]}} completed={{false}}>")
            }
            other => format!("<{other}>"),
        };
        let mut ui = vec![root.to_string(), "Box".to_string()];
        if !actions.is_empty() {
            ui.extend(["Banner", "Button", "PropertyList", "PropertyListItem"].map(String::from));
        }
        let uses_context = needs_object_id || !helper.endpoints.is_empty();
        let mut taken: Vec<String> = ui.clone();
        taken.extend(helper_imports.iter().cloned());
        taken.extend(
            ["useState", "ExtensionContextValue", "summary", "objectIdOf"].map(String::from),
        );
        let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
        // React's rules of hooks only accept components whose name starts in upper case.
        let preferred = match view.component.chars().next() {
            Some(c) if c.is_ascii_uppercase() => view.component.clone(),
            Some(c) if c.is_ascii_lowercase() => {
                c.to_ascii_uppercase().to_string() + &view.component[1..]
            }
            _ => format!("View{}", view.component),
        };
        let const_name = ts::Namer::new(&taken).claim(&preferred, "View");
        let mut imports = Vec::new();
        if !actions.is_empty() {
            imports.push("import {useState} from 'react';".to_string());
        }
        imports.push(
            "import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';"
                .to_string(),
        );
        imports.push(import(
            &sorted_imports(ui, vec![]),
            "@stripe/ui-extension-sdk/ui",
        ));
        if !helper_imports.is_empty() {
            imports.push(import(
                &sorted_imports(helper_imports, vec![]),
                &format!("../generated/{}", view.component),
            ));
        }

        let mut doc = Vec::new();
        if let Some(d) = &view.doc {
            doc.push(d.clone());
            doc.push(String::new());
        }
        let mut offers = Vec::new();
        if !helper.stripe_members.is_empty() {
            offers.push("`stripe` has the methods of its `calls`".to_string());
        }
        if helper.fetch.is_some() {
            offers.push("`fetch` takes its URLs".to_string());
        }
        for e in &helper.endpoints {
            offers.push(format!("`{}` calls the endpoint `{}`", e.function, e.name));
        }
        for s in &helper.sdk_functions {
            offers.push(format!("`{s}` is the SDK function it declares"));
        }
        let mut text = format!(
            "stripeapp wrote this starter view once; it is yours to change. The helpers in ../generated/{} offer only what {} declares for this view",
            view.component, ctx.source
        );
        if offers.is_empty() {
            text.push_str(" (nothing yet: add `calls`, `fetch` or `uses` to the view).");
        } else {
            text.push_str(&format!(
                " ({}). Each button below tries one of them.",
                ts::prose_list(&offers, "and")
            ));
        }
        if !not_tried.is_empty() {
            text.push_str(&format!(
                " Not tried here, because they need arguments only you can choose: {}.",
                ts::prose_list(&not_tried, "and")
            ));
        }
        doc.push(text);
        StarterView {
            component: view.component.clone(),
            const_name,
            context_param: if uses_context { "context" } else { "_context" }.to_string(),
            doc: ts::jsdoc(&doc, ""),
            imports,
            root_open,
            root_close: format!("</{root}>"),
            actions,
            needs_object_id,
        }
    }
}

fn action(label: &str, call: Vec<String>) -> Action {
    let key = ts::string(label);
    // `    {label: <key>, call: <call>},`
    let inline =
        call.len() == 1 && call.iter().map(String::len).sum::<usize>() + key.len() + 23 <= 100;
    Action { key, call, inline }
}

/// How a starter view can call `m` without arguments the user must choose: the lines of
/// the call and whether it needs the page's object id. `None` when it cannot.
fn api_action(m: &MethodInfo, view: &View) -> Option<(Vec<String>, bool)> {
    let (resource, method) = m.name.rsplit_once('.')?;
    let placeholders = m.path.matches('{').count();
    let call = format!("stripe.{resource}.{method}");
    match (resource, method) {
        ("apps.secrets", "find") => {
            return Some((
                vec![format!(
                    "() => {call}({{name: 'example', scope: {{type: 'account'}}}})"
                )],
                false,
            ));
        }
        ("apps.secrets", "list") => {
            return Some((
                vec![format!(
                    "() => {call}({{scope: {{type: 'account'}}, limit: 3}})"
                )],
                false,
            ));
        }
        _ => {}
    }
    if m.http != "GET" || !m.path.starts_with("/v1/") || LIST_NEEDS_PARAMS.contains(&m.name) {
        return None;
    }
    match (method, placeholders) {
        ("list", 0) => Some((vec![format!("() => {call}({{limit: 3}})")], false)),
        ("retrieve", 0) => Some((vec![format!("() => {call}()")], false)),
        ("retrieve", 1) => {
            // The page's object, when it is what this resource retrieves.
            let object = object_of(m.path)?;
            if !view.viewport.objects.contains(&object.as_str()) {
                return None;
            }
            Some((
                vec![
                    "async () => {".to_string(),
                    format!("  const id = objectIdOf(context, {});", ts::string(&object)),
                    format!(
                        "  return id === undefined ? {} : {call}(id);",
                        ts::string(&format!("no {} on this page", object.replace('_', " ")))
                    ),
                    "}".to_string(),
                ],
                true,
            ))
        }
        _ => None,
    }
}

/// `/v1/payment_intents/{intent}` → `payment_intent`.
fn object_of(path: &str) -> Option<String> {
    let segment = path.strip_prefix("/v1/")?.split('/').next()?;
    Some(segment.strip_suffix('s').unwrap_or(segment).to_string())
}

/// A route path with its leading `/` (a path without it was reported by `check`).
fn rooted(path: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    }
}
