//! Stubs for new handlers and renamed views. New handlers: `compile`, then a new `endpoint`, `on` and `job`, then `compile`
//! again appends a typed stub for each to the user's handler module (Node and Python),
//! changes none of its text, says so, and appends nothing the next time. The end-to-end
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
    if python {
        text.replace(
            "backend \"https://sync.example.com/stripe\" {\n",
            "backend \"https://sync.example.com/stripe\" {\n  runtime python\n",
        )
    } else {
        text
    }
}

fn add_handlers(dir: &Path) {
    let path = dir.join("app.stripeapp");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text.replace(
        "  job nightly_reconcile {",
        "  endpoint refresh_cache\n  on invoice.finalized\n  job weekly_report\n  job nightly_reconcile {",
    );
    std::fs::write(&path, text).unwrap();
}

fn appends_once(python: bool, module: &str, expected: &[&str]) -> String {
    let dir = temp_dir("stubs", if python { "python" } else { "node" });
    std::fs::write(dir.join("app.stripeapp"), example(python)).unwrap();
    compile(&dir);
    let before = std::fs::read_to_string(dir.join(module)).unwrap();
    add_handlers(&dir);
    let report = compile(&dir);
    assert!(
        report.contains(&format!(
            "appended  {module} (yours): stubs for endpoint refresh_cache, on invoice.finalized, job weekly_report"
        )),
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
