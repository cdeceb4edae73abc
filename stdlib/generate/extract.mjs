// Reads the pinned stripe-node the way a program uses it: builds a client, walks every
// namespace and resource it exposes (aliases such as `stripe.account` included), and calls
// each method with a stub in place of the network layer, recording the HTTP verb and path the
// method would request. Event types come from stripe-node's own lists: the v1 `Event.Type`
// union of its typings and the thin-event set its event-notification handler knows.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const Stripe = require('stripe');
// The package's own folder (its `exports` map hides package.json from require.resolve).
const packageDir = join(dirname(new URL(import.meta.url).pathname), 'node_modules', 'stripe');

export function stripeNodeVersion() {
  return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
}

/** The names of a function's parameters, as written in stripe-node's source. */
function parameterNames(fn) {
  const src = Function.prototype.toString.call(fn);
  const open = src.indexOf('(');
  const close = src.indexOf(')', open);
  return src
    .slice(open + 1, close)
    .split(',')
    .map((s) => s.trim().replace(/=.*$/, '').trim())
    .filter(Boolean);
}

function isResource(value) {
  return value !== null && typeof value === 'object' && typeof value._makeRequest === 'function';
}

/** Methods a resource defines itself (not the StripeResource plumbing it inherits). */
function ownMethods(resource) {
  const names = new Set();
  for (let p = Object.getPrototypeOf(resource); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    if (p.constructor && p.constructor.name === 'StripeResource') break;
    for (const n of Object.getOwnPropertyNames(p)) {
      if (n !== 'constructor' && !n.startsWith('_') && typeof p[n] === 'function') names.add(n);
    }
  }
  return [...names].sort();
}

/** One request a method makes, with its path parameters put back as `{name}`. */
function intercept(resource, name) {
  const fn = resource[name];
  const params = parameterNames(fn);
  const args = params.map((p, i) => (p === 'params' || p === 'options' ? {} : `SENTINEL${i}X`));
  let seen = null;
  const original = resource._makeRequest;
  resource._makeRequest = (verb, path, _params, _options, extra) => {
    seen = { verb, path, apiBase: extra && extra.apiBase ? extra.apiBase : '' };
    return Promise.resolve({});
  };
  try {
    const r = fn.apply(resource, args);
    if (r && typeof r.catch === 'function') r.catch(() => {});
  } finally {
    resource._makeRequest = original;
  }
  if (!seen) return null;
  let path = seen.path;
  params.forEach((p, i) => {
    path = path.split(`SENTINEL${i}X`).join(`{${p}}`);
  });
  return { http: seen.verb, path, apiBase: seen.apiBase };
}

/**
 * Every resource of the client, keyed by its call path (`billing.meters`), plus the aliases:
 * a second property holding an object already seen (`account` for `accounts`).
 */
export function walkClient() {
  const stripe = new Stripe('sk_test_generator_makes_no_requests');
  const resources = [];
  const aliases = [];
  const seen = new Map();
  const visit = (node, path) => {
    for (const key of Object.keys(node)) {
      if (key.startsWith('_') || key === 'stripe') continue;
      const value = node[key];
      if (value === null || typeof value !== 'object') continue;
      const here = [...path, key];
      const namespace = !isResource(value) && Object.prototype.hasOwnProperty.call(value, 'stripe');
      if (!isResource(value) && !namespace) continue;
      if (seen.has(value)) {
        aliases.push({ alias: here.join('.'), of: seen.get(value) });
        continue;
      }
      seen.set(value, here.join('.'));
      if (isResource(value)) {
        const methods = [];
        const skipped = [];
        for (const m of ownMethods(value)) {
          const req = intercept(value, m);
          if (req) methods.push({ name: m, ...req });
          else skipped.push(m);
        }
        resources.push({ path: here.join('.'), methods, skipped });
      }
      visit(value, here);
    }
  };
  // In the order stripe-node assigns them, so an alias (`account`, assigned after
  // `accounts` "for backward compatibility") is recognised as the second name.
  visit(stripe, []);
  return { resources, aliases };
}

/** The v1 event types: the `Event.Type` union of stripe-node's typings. */
export function v1EventTypes() {
  const dts = readFileSync(join(packageDir, 'cjs/resources/Events.d.ts'), 'utf8');
  const m = dts.match(/type Type = ([^;]*);/);
  if (!m) throw new Error('Events.d.ts: no `type Type = …;` union (stripe-node changed shape)');
  return [...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1]).sort();
}

/** The thin event types stripe-node's event-notification handler knows (v1.* and v2.*). */
export function thinEventTypes() {
  const js = readFileSync(join(packageDir, 'cjs/StripeEventNotificationHandler.js'), 'utf8');
  const m = js.match(/KNOWN_EVENT_TYPES = new Set\(\[([\s\S]*?)\]\)/);
  if (!m) throw new Error('StripeEventNotificationHandler.js: no KNOWN_EVENT_TYPES set (stripe-node changed shape)');
  return [...new Set([...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1]))].sort();
}
