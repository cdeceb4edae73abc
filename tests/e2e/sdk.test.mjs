// The SDK's real HTTP client class drives stripe-node 23 (the version views use): the
// one cast in the generated UI runtime is a type-level difference only.
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {it} from 'node:test';
import {UI_MODULES, requireFrom} from './lib.mjs';

it("stripe-node 23 calls the API through the SDK's StripeAppsHttpClient", async () => {
  const ts = requireFrom(UI_MODULES, 'typescript');
  const resolve = createRequire(join(UI_MODULES, '..', 'package.json')).resolve;
  // The SDK ships ES modules without "type": "module"; compile its client to CommonJS.
  const source = readFileSync(join(UI_MODULES, '@stripe', 'ui-extension-sdk', 'utils', 'httpClient.js'), 'utf8');
  const code = ts
    .transpileModule(source, {compilerOptions: {module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true}})
    .outputText.replace('require("invariant")', `require(${JSON.stringify(resolve('invariant'))})`)
    .replace('require("./apiFetch")', '({stripeApiFetch: null})');
  const file = join(mkdtempSync(join(tmpdir(), 'stripeapp-sdk-')), 'httpClient.cjs');
  writeFileSync(file, code);
  const {StripeAppsHttpClient, STRIPE_API_KEY} = createRequire(file)(file);
  const Stripe = requireFrom(UI_MODULES, 'stripe');
  assert.equal(JSON.parse(readFileSync(join(UI_MODULES, 'stripe', 'package.json'), 'utf8')).version, '23.1.0');

  const sent = [];
  const client = new StripeAppsHttpClient(async (url, options) => {
    sent.push({url, options});
    return {status: 200, headers: {'request-id': 'req_e2e'}, json: {id: 'in_42', object: 'invoice'}};
  });
  const stripe = new Stripe(STRIPE_API_KEY, {httpClient: client, apiVersion: '2026-10-28.endive'});
  const invoice = await stripe.invoices.retrieve('in_42', {expand: ['customer']});
  assert.equal(invoice.id, 'in_42');
  assert.equal(sent[0].url, 'https://api.stripe.com/v1/invoices/in_42?expand[0]=customer');
  assert.equal(sent[0].options.method, 'GET');
  assert.equal(sent[0].options.headers.Authorization, 'Bearer DO_NOT_PASS_A_REAL_API_KEY');
  assert.equal(sent[0].options.headers['Stripe-Version'], '2026-10-28.endive');

  await stripe.apps.secrets.create({name: 'token', payload: 'x', scope: {type: 'account'}});
  assert.equal(sent[1].url, 'https://api.stripe.com/v1/apps/secrets');
  assert.equal(sent[1].options.method, 'POST');
  assert.equal(sent[1].options.body, 'name=token&payload=x&scope[type]=account');

  // The SDK refuses real keys, whatever stripe-node does with them.
  // (stripe-node reports the client's refusal as a connection error, with it as the detail.)
  const leaky = new Stripe('sk_test_abc123', {httpClient: client, apiVersion: '2026-10-28.endive', maxNetworkRetries: 0});
  await assert.rejects(leaky.invoices.retrieve('in_1'), (error) => {
    assert.match(String(error.detail?.message ?? error.message), /Do not use actual stripe keys/);
    return true;
  });
  assert.equal(sent.length, 2, 'the request with a real key never left');
});
