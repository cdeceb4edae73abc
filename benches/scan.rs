//! `cargo bench --bench scan`: whole-process `stripeapp check` of an app with 20,000 lines of
//! TSX across 100 files (views, shared helper modules, components), which reads and scans
//! all of its code, against `tsc --noEmit` on the same project (the TypeScript compiler
//! the UI extension tools use). Numbers are printed, never asserted; the README records
//! them. `tsc` comes from the pinned install the end-to-end test makes
//! (`target/tmp/e2e/node/ui`); without it the comparison says SKIPPED.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const VIEWS: usize = 20;
const MODULES_PER_VIEW: usize = 4;
const LINES_PER_FILE: usize = 200;

const VIEWPORTS: &[&str] = &[
    "stripe.dashboard.customer.detail",
    "stripe.dashboard.invoice.detail",
    "stripe.dashboard.payment.detail",
    "stripe.dashboard.product.detail",
    "stripe.dashboard.subscription.detail",
];

fn stripeapp_file() -> String {
    let mut s = String::from(
        "app \"com.example.scanbench\" {\n  name \"Scan bench\"\n  version \"1.0.0\"\n  constant API_BASE \"https://api.example.com/v1\"\n}\n\npermission customer_read \"Show customers\"\npermission invoice_read \"Show invoices\"\n\nurls \"The app's API\" {\n  connect \"https://api.example.com/v1/\"\n}\n\n",
    );
    for v in 0..VIEWS {
        s.push_str(&format!(
            "view View{v} on {} {{\n  calls customers.retrieve, invoices.list\n  fetch \"https://api.example.com/v1/items/\"\n}}\n\n",
            VIEWPORTS[v % VIEWPORTS.len()]
        ));
    }
    s
}

/// A helper module of about `LINES_PER_FILE` lines: functions taking the client, URLs built
/// from constants, a component passing the client on.
fn module(v: usize, m: usize) -> String {
    let mut s = format!(
        "import type Stripe from 'stripe';\nimport {{Box, Button}} from '@stripe/ui-extension-sdk/ui';\n\nconst BASE_{m} = 'https://api.example.com/v1';\nexport const itemsUrl{m} = (id: string) => `${{BASE_{m}}}/items/${{id}}`;\n\n"
    );
    let mut f = 0;
    while s.lines().count() + 24 < LINES_PER_FILE {
        s.push_str(&format!(
            "/** Loads customer data for view {v}, part {m}.{f}. */\nexport async function load{m}_{f}(stripe: Stripe, id: string): Promise<string> {{\n  const customer = await stripe.customers.retrieve(id);\n  const invoices = await stripe.invoices.list({{customer: id, limit: {f}}});\n  const res = await fetch(itemsUrl{m}(id));\n  const body = (await res.json()) as {{name?: string}};\n  if (invoices.data.length > {f}) {{\n    return `${{customer.id}}:${{body.name ?? ''}}:${{invoices.data.length}}`;\n  }}\n  return customer.id;\n}}\n\n"
        ));
        s.push_str(&format!(
            "export function Part{m}_{f}({{stripe, id}}: {{stripe: Stripe; id: string}}) {{\n  const onPress = async () => {{\n    await load{m}_{f}(stripe, id);\n  }};\n  return (\n    <Box>\n      <Button onPress={{onPress}}>Load {m}.{f}</Button>\n    </Box>\n  );\n}}\n\n"
        ));
        f += 1;
    }
    while s.lines().count() < LINES_PER_FILE {
        s.push_str("// padding\n");
    }
    s
}

fn view(v: usize) -> String {
    let mut s = String::from(
        "import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';\nimport {Box, ContextView} from '@stripe/ui-extension-sdk/ui';\n",
    );
    s.push_str(&format!("import {{stripe}} from '../generated/View{v}';\n"));
    for m in 0..MODULES_PER_VIEW {
        s.push_str(&format!(
            "import {{Part{m}_0, load{m}_1}} from '../lib/view{v}/mod{m}';\n"
        ));
    }
    s.push_str(&format!(
        "\nconst View{v} = ({{environment}}: ExtensionContextValue) => {{\n  const id = environment.objectContext?.id ?? '';\n  const refresh = async () => {{\n"
    ));
    for m in 0..MODULES_PER_VIEW {
        s.push_str(&format!(
            "    await load{m}_1(stripe as unknown as import('stripe').Stripe, id);\n"
        ));
    }
    s.push_str("  };\n  return (\n    <ContextView title=\"Bench\">\n      <Box>\n");
    for m in 0..MODULES_PER_VIEW {
        s.push_str(&format!(
            "        <Part{m}_0 stripe={{stripe as unknown as import('stripe').Stripe}} id={{id}} />\n"
        ));
    }
    s.push_str(
        "        <Box>{String(refresh)}</Box>\n      </Box>\n    </ContextView>\n  );\n};\n\n",
    );
    while s.lines().count() + 1 < LINES_PER_FILE {
        s.push_str("// padding\n");
    }
    s.push_str(&format!("export default View{v};\n"));
    s
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create dir");
    }
    std::fs::write(path, text).expect("write");
}

/// Writes the app (compiled once, so its generated helpers and tsconfig exist) and returns
/// the number of TSX lines and files written.
fn generate(bin: &str, dir: &Path) -> (usize, usize) {
    write(&dir.join("bench.stripeapp"), &stripeapp_file());
    let status = Command::new(bin)
        .args(["compile"])
        .arg(dir.join("bench.stripeapp"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("run compile");
    assert!(status.success(), "the bench app must compile");
    let (mut lines, mut files) = (0, 0);
    for v in 0..VIEWS {
        let text = view(v);
        lines += text.lines().count();
        files += 1;
        write(&dir.join(format!("src/views/View{v}.tsx")), &text);
        for m in 0..MODULES_PER_VIEW {
            let text = module(v, m);
            lines += text.lines().count();
            files += 1;
            write(&dir.join(format!("src/lib/view{v}/mod{m}.tsx")), &text);
        }
    }
    (lines, files)
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn tsc() -> Option<(PathBuf, PathBuf)> {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tmp/e2e/node/ui/node_modules");
    let tsc = ui.join("typescript/bin/tsc");
    tsc.exists().then_some((tsc, ui))
}

fn main() {
    let bin = env!("CARGO_BIN_EXE_stripeapp");
    let dir = std::env::temp_dir().join(format!("stripeapp-scan-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (lines, files) = generate(bin, &dir);
    let file = dir.join("bench.stripeapp");
    println!(
        "== whole-process `stripeapp check` of an app with {lines} lines of TSX in {files} files"
    );
    // The scan must have run: the app's only warnings come from the code.
    let out = Command::new(bin)
        .args(["check", "--format", "json"])
        .arg(&file)
        .output()
        .expect("run check");
    let doc = String::from_utf8_lossy(&out.stdout);
    println!(
        "   check reports: {}",
        doc.lines().filter(|l| l.contains("\"code\"")).count()
    );
    let check = median(11, || {
        let status = Command::new(bin)
            .args(["check", "--format", "json"])
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run check");
        assert!(status.code().is_some());
    });
    let alone = median(11, || {
        Command::new(bin)
            .args(["check", "--no-scan", "--format", "json"])
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run check");
    });
    println!(
        "   stripeapp check (with the scan): {:.1} ms (median of 11)",
        check.as_secs_f64() * 1e3
    );
    println!(
        "   stripeapp check --no-scan:       {:.1} ms",
        alone.as_secs_f64() * 1e3
    );
    match tsc() {
        None => println!(
            "   tsc --noEmit: SKIPPED (no pinned TypeScript install; run `cargo test --test e2e` once)"
        ),
        Some((tsc, node_modules)) => {
            let link = dir.join("node_modules");
            let _ = std::os::unix::fs::symlink(&node_modules, &link);
            let run = || {
                Command::new("node")
                    .arg(&tsc)
                    .args(["--noEmit", "-p"])
                    .arg(&dir)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .expect("run tsc")
            };
            let status = run();
            println!(
                "   tsc exit status: {:?} (0: the bench app type-checks)",
                status.code()
            );
            let t = median(3, || {
                run();
            });
            println!(
                "   tsc --noEmit: {:.0} ms (median of 3)",
                t.as_secs_f64() * 1e3
            );
            println!(
                "   stripeapp check is {:.0}x faster",
                t.as_secs_f64() / check.as_secs_f64()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
