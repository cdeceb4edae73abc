//! Stubs for new handlers and renamed views. New handlers: `compile`, then a new `endpoint`, `on` and `job`, then `compile`
//! again appends a typed stub for each to the user's handler module (Node and Python),
//! changes none of its text, says so, and appends nothing the next time; the same for new
//! `public` routes and an `oauth_callback`, with path parameters typed. The end-to-end
//! suites type-check the result (`tsc` in tests/e2e.rs, `mypy --strict` in
//! tests/e2e_python.rs).

mod common;
use common::temp_dir;

use std::path::Path;
use std::process::Command;

fn compile(dir: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_stripeapp"))
        .arg("compile")
        .arg("app.stripeapp")
        .current_dir(dir)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    err
}

/// The invoice-sync example, with `runtime python` when asked.
fn example(python: bool) -> String {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/invoice-sync.stripeapp"),
    )
    .unwrap();
    if python { with_python(&text) } else { text }
}

/// The text of an app with `runtime python` in its backend block.
fn with_python(text: &str) -> String {
    let at = text.find("\nbackend \"").unwrap() + 1;
    let brace = at + text[at..].find('{').unwrap();
    format!(
        "{}{{\n  runtime python{}",
        &text[..brace],
        &text[brace + 1..]
    )
}

/// Compiles `before`, then `after` over it: the handler module `module` gets what
/// `expected` lists appended, as `reported`, and the next compile appends nothing.
/// Returns the generated `app.ts` (empty for Python).
fn appends_once_between(
    (name, before_text, after_text): (&str, &str, &str),
    module: &str,
    reported: &str,
    expected: &[&str],
) -> String {
    let dir = temp_dir("stubs", name);
    std::fs::write(dir.join("app.stripeapp"), before_text).unwrap();
    compile(&dir);
    let before = std::fs::read_to_string(dir.join(module)).unwrap();
    std::fs::write(dir.join("app.stripeapp"), after_text).unwrap();
    let report = compile(&dir);
    assert!(
        report.contains(&format!("appended  {module} (yours): stubs for {reported}")),
        "{report}"
    );
    let after = std::fs::read_to_string(dir.join(module)).unwrap();
    assert!(after.starts_with(&before), "the existing text changed");
    let added = &after[before.len()..];
    for want in expected {
        assert!(added.contains(want), "{want:?} not in:\n{added}");
    }
    let report = compile(&dir);
    assert!(
        report.contains(&format!("kept      {module} (yours)")),
        "{report}"
    );
    assert_eq!(std::fs::read_to_string(dir.join(module)).unwrap(), after);
    std::fs::read_to_string(dir.join("backend/src/generated/app.ts")).unwrap_or_default()
}

fn appends_once(python: bool, module: &str, expected: &[&str]) -> String {
    let before = example(python);
    let after = before.replace(
        "  job nightly_reconcile {",
        "  endpoint refresh_cache\n  on invoice.finalized\n  job weekly_report\n  job nightly_reconcile {",
    );
    appends_once_between(
        (if python { "python" } else { "node" }, &before, &after),
        module,
        "endpoint refresh_cache, on invoice.finalized, job weekly_report",
        expected,
    )
}

/// What the routes scenario reports (common::routes_change).
const ROUTES_REPORTED: &str =
    "endpoint unlink_profile, public install_link, public zendesk_hook, oauth_callback";

#[test]
fn node_routes_get_stubs_typed_with_their_path_parameters() {
    let (before, after) = common::routes_change();
    let app = appends_once_between(
        ("node-routes", &before, &after),
        "backend/src/handlers.ts",
        ROUTES_REPORTED,
        &[
            "export const stub_endpoint_unlink_profile: import('./generated/app').EndpointHandler<'unlink_profile'> = async (call) => {",
            " ${JSON.stringify(call.params)}`);",
            "export const stub_public_install_link: import('./generated/app').PublicHandler<'install_link'> = async (request) => {",
            "export const stub_public_zendesk_hook: import('./generated/app').PublicHandler<'zendesk_hook'> = async (request) => {",
            "console.log(`[zendesk_hook] ${request.method} ${JSON.stringify(request.params)}`);",
            "export const stub_oauth_callback: import('./generated/app').OauthCallbackHandler = async (install) => {",
        ],
    );
    // The stub types are the members of `Handlers`, with their path parameters.
    assert!(
        app.contains("    unlink_profile?: (call: EndpointCall<EndpointClient<'unlink_profile'>, {profile_id: string}>)"),
        "{app}"
    );
    assert!(app.contains("    link_profile: (call"), "{app}");
    assert!(app.contains("  publicRoutes?: {"), "{app}");
    assert!(
        app.contains("      request: PublicRequest<{ticket: string}>,"),
        "{app}"
    );
    assert!(app.contains("  oauthCallback?: (install"), "{app}");
    assert!(
        app.contains("export type PublicHandler<Name extends keyof NonNullable<Handlers['publicRoutes']>> = NonNullable<NonNullable<Handlers['publicRoutes']>[Name]>;"),
        "{app}"
    );
}

#[test]
fn python_routes_get_methods_with_their_path_parameters() {
    let (before, after) = common::routes_change();
    appends_once_between(
        ("python-routes", &with_python(&before), &with_python(&after)),
        "backend/app/handlers.py",
        ROUTES_REPORTED,
        &[
            "    async def unlink_profile(\n        self,\n        call: _generated.EndpointCall[_generated.UnlinkProfileStripe],\n        params: _generated.UnlinkProfileParams,\n    ) -> _generated.JsonValue:",
            "    async def install_link(\n        self, request: _generated.PublicRequest[_generated.InstallLinkStripe]\n    ) -> _generated.PublicAnswer:",
            "    async def zendesk_hook(\n        self,\n        request: _generated.PublicRequest[_generated.ZendeskHookStripe],\n        params: _generated.ZendeskHookParams,\n    ) -> _generated.PublicAnswer:",
            "    async def oauth_callback(\n        self, install: _generated.OauthInstall[_generated.OauthCallbackStripe]\n    ) -> _generated.PublicAnswer:",
        ],
    );
}

#[test]
fn node_handlers_get_exported_stubs_that_the_generated_code_serves() {
    let app = appends_once(
        false,
        "backend/src/handlers.ts",
        &[
            "export const stub_endpoint_refresh_cache: import('./generated/app').EndpointHandler<'refresh_cache'> = async (call) => {",
            "export const stub_event_invoice_finalized: import('./generated/app').EventHandler<'invoice.finalized'> = async (event) => {",
            "export const stub_job_weekly_report: import('./generated/app').JobHandler<'weekly_report'> = async () => {",
        ],
    );
    // What `handlers` lacks is optional in `Handlers`; the rest stays required.
    assert!(app.contains("    refresh_cache?: (call"), "{app}");
    assert!(app.contains("    sync_status: (call"), "{app}");
    assert!(app.contains("    'invoice.finalized'?: (event"), "{app}");
    assert!(app.contains("    weekly_report?: (context"), "{app}");
}

#[test]
fn python_handlers_get_methods_appended_to_their_class() {
    appends_once(
        true,
        "backend/app/handlers.py",
        &[
            "    from .generated import app as _generated\n",
            "    async def refresh_cache(\n        self, call: _generated.EndpointCall[_generated.RefreshCacheStripe]\n    ) -> _generated.JsonValue:",
            "        event: _generated.Event[_stripe.Invoice],",
            "    async def job_weekly_report(self, context: _generated.JobContext[_generated.WeeklyReportStripe]) -> None:",
        ],
    );
}

#[test]
fn a_renamed_view_keeps_its_file_moved_with_the_helper_import_rewritten() {
    let dir = temp_dir("stubs", "rename");
    std::fs::write(dir.join("app.stripeapp"), example(false)).unwrap();
    compile(&dir);
    let old = dir.join("src/views/InvoiceStatus.tsx");
    let mine = format!("{}// my own code\n", std::fs::read_to_string(&old).unwrap());
    std::fs::write(&old, &mine).unwrap();
    let path = dir.join("app.stripeapp");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("view InvoiceStatus ", "view InvoicePanel "),
    )
    .unwrap();
    let report = compile(&dir);
    assert!(
        report.contains("  moved     src/views/InvoiceStatus.tsx → src/views/InvoicePanel.tsx (yours; the view was renamed: its helper import now names the new view)"),
        "{report}"
    );
    assert!(
        report.contains("removed   src/generated/InvoiceStatus.ts"),
        "{report}"
    );
    assert!(!old.exists());
    let moved = std::fs::read_to_string(dir.join("src/views/InvoicePanel.tsx")).unwrap();
    assert_eq!(
        moved,
        mine.replace(
            "'../generated/InvoiceStatus'",
            "'../generated/InvoicePanel'"
        )
    );
    assert!(
        moved.contains("from '../generated/InvoicePanel';"),
        "{moved}"
    );
    // Nothing more to move the next time.
    let report = compile(&dir);
    assert!(
        report.contains("kept      src/views/InvoicePanel.tsx (yours)"),
        "{report}"
    );
}
