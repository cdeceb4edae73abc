//! The scanner on small in-memory projects.

use super::*;
use std::collections::BTreeMap;

fn project(files: &[(&str, &str)]) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

fn app(views: &[&str]) -> AppShape {
    AppShape {
        views: views.iter().map(|v| v.to_string()).collect(),
        endpoints: vec![(
            "sync_status".to_string(),
            "https://sync.example.com/stripe/sync_status".to_string(),
        )],
        constants: vec![(
            "API_BASE".to_string(),
            "https://api.example.com/v1".to_string(),
        )],
    }
}

/// Findings as `owner: what @ file:text` lines.
fn summary(scan: &Scan) -> Vec<String> {
    scan.findings
        .iter()
        .map(|f| {
            let file = &scan.files[f.at.file];
            let what = match &f.found {
                Found::Call { method, via } => format!("call {method} via {via:?}"),
                Found::Expand { method, path } => format!("expand {method} {path}"),
                Found::Sdk(s) => format!("sdk {}", s.0.name),
                Found::Fetch(u) => format!("fetch {}{}", u.text, if u.complete { "" } else { "…" }),
                Found::Endpoint(e) => format!("uses {e}"),
                Found::ClientBuilt => "client built".to_string(),
                Found::Unresolved(_, why) => format!("unresolved: {why}"),
            };
            format!("{}: {what} @ {}", f.owner.describe(), file.path)
        })
        .collect()
}

#[test]
fn follows_clients_urls_and_helpers() {
    let files = project(&[
        (
            "src/views/Alerts.tsx",
            r#"
import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';
import {stripe, syncStatus} from '../generated/Alerts';
import {loadCustomer, client as own} from '../lib/stripe';
import {alertsUrl} from '../lib/urls';
import type {Admin} from '../lib/admin';

const Alerts = ({environment}: ExtensionContextValue) => {
  const base = environment.constants.API_BASE;
  const run = async () => {
    await loadCustomer(stripe, 'cus_1');
    await own.invoices.list();
    await fetch(`${base}/alerts/${environment.objectContext?.id}`);
    await fetch(alertsUrl('x'));
    await syncStatus({} as any);
  };
  return <Button onPress={run}>Go</Button>;
};

export default Alerts;
"#,
        ),
        (
            "src/lib/stripe.ts",
            r#"
import Stripe from 'stripe';
import {STRIPE_API_KEY, createHttpClient} from '@stripe/ui-extension-sdk/http_client';
export const client = new Stripe(STRIPE_API_KEY, {httpClient: createHttpClient() as any});
export async function loadCustomer(s: any, id: string) {
  return s.customers.retrieve(id);
}
export function unused(s: Stripe) {
  return s.customers.del('x');
}
"#,
        ),
        (
            "src/lib/urls.ts",
            r#"
export {alertsUrl} from './base';
"#,
        ),
        (
            "src/lib/base.ts",
            r#"
const API = 'https://alerts.example.com/api';
export const alertsUrl = (kind: string) => `${API}/alerts?kind=${kind}`;
"#,
        ),
        (
            "src/lib/admin.ts",
            r#"
import {stripe} from '../generated/Alerts';
export type Admin = {};
stripe.customers.del('x');
"#,
        ),
    ]);
    let scan = scan(&app(&["Alerts"]), &files);
    let got = summary(&scan);
    let expected = [
        "view Alerts: call customers.retrieve via Helper @ src/lib/stripe.ts",
        "view Alerts: client built @ src/lib/stripe.ts",
        "view Alerts: call invoices.list via Built @ src/views/Alerts.tsx",
        "view Alerts: fetch https://api.example.com/v1/alerts/… @ src/views/Alerts.tsx",
        "view Alerts: fetch https://alerts.example.com/api/alerts?kind=x @ src/views/Alerts.tsx",
        "view Alerts: uses sync_status @ src/views/Alerts.tsx",
    ];
    let mut got_sorted = got.clone();
    got_sorted.sort();
    let mut expected_sorted: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    expected_sorted.sort();
    assert_eq!(got_sorted, expected_sorted, "{got:#?}");
}

#[test]
fn local_fetch_and_dynamic_methods() {
    let files = project(&[(
        "src/views/V.tsx",
        r#"
import {stripe} from '../generated/V';
function fetch(url: string) { return url; }
export default function V() {
  fetch('https://nope.example.com/');
  const kind = Math.random() > 0.5 ? 'customers' : 'invoices';
  stripe[kind].list();
  window.fetch(location.href);
}
"#,
    )]);
    let scan = scan(&app(&["V"]), &files);
    let got = summary(&scan);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(
        got[0].contains("unresolved") && got[0].contains("stripe[kind]"),
        "{got:#?}"
    );
    assert!(
        got[1].contains("unresolved") && got[1].contains("location.href"),
        "{got:#?}"
    );
}

#[test]
fn handlers_get_their_clients() {
    let files = project(&[
        (
            "backend/src/handlers.ts",
            r#"
import type {Handlers} from './generated/app';
import {reconcile} from './reconcile';
import {stripe as admin} from './client';

export const handlers: Handlers = {
  endpoints: {
    async sync_status(call) {
      const inv = await call.stripe.invoices.retrieve(call.payload.id);
      await call.stripe.rawRequest('POST', `/v1/invoices/${inv.id}`, {});
      return {ok: true};
    },
  },
  events: {
    'invoice.paid': async (event, {stripe}) => {
      await stripe.invoices.update(event.data.object.id, {});
    },
  },
  jobs: {
    nightly: reconcile,
    other: async () => { await admin.customers.list(); },
  },
};
"#,
        ),
        (
            "backend/src/reconcile.ts",
            r#"
export async function reconcile(context: any) {
  const client = context.forAccount('acct_1');
  await client.invoices.list();
}
"#,
        ),
        (
            "backend/src/client.ts",
            r#"
import Stripe from 'stripe';
export const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? '');
"#,
        ),
    ]);
    let scan = scan(&app(&[]), &files);
    let got = summary(&scan);
    let expected = [
        "endpoint sync_status: call invoices.retrieve via Handler @ backend/src/handlers.ts",
        "endpoint sync_status: call invoices.update via Handler @ backend/src/handlers.ts",
        "endpoint sync_status: client built @ backend/src/client.ts",
        "on invoice.paid: call invoices.update via Handler @ backend/src/handlers.ts",
        "on invoice.paid: client built @ backend/src/client.ts",
        "job nightly: call invoices.list via Handler @ backend/src/reconcile.ts",
        "job nightly: client built @ backend/src/client.ts",
        "job other: call customers.list via Built @ backend/src/handlers.ts",
        "job other: client built @ backend/src/client.ts",
    ];
    assert_eq!(got, expected, "{got:#?}");
}

#[test]
fn broken_sources_do_not_panic() {
    let files = project(&[
        (
            "src/views/V.tsx",
            "export default function V( { stripe.customers.(",
        ),
        (
            "backend/src/handlers.ts",
            "export const handlers = {endpoints: {a: 1}, events: 5}",
        ),
    ]);
    let scan = scan(&app(&["V", "Missing"]), &files);
    assert_eq!(scan.problems.len(), 1);
}
