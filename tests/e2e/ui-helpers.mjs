// Loads a view's generated helpers (src/generated/<View>.ts) in Node.
//
// The SDK only runs inside the Dashboard, so the modules that talk to it are replaced:
// `fetchStripeSignature` by `sign` (standing in for Stripe's signing service),
// `createHttpClient` by a client that records requests and answers like the API, and
// the SDK's utils by stubs. The helpers' own code and stripe-node run unchanged.
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {UI_MODULES, requireFrom} from './lib.mjs';

const ts = requireFrom(UI_MODULES, 'typescript');
let loads = 0;

function transpile(file) {
  return ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions: {module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true},
  }).outputText;
}

/**
 * The exports of `<projectDir>/src/generated/<view>.ts`, plus `stripeRequests` (what
 * the Stripe client sent). `sign(payload)` answers `fetchStripeSignature(payload)`;
 * `fetch(url, init)` answers the helpers' network calls.
 */
export function loadViewHelpers(projectDir, view, {sign, fetch}) {
  const id = `load${loads++}`;
  const dir = mkdtempSync(join(tmpdir(), 'stripeapp-view-'));
  const stripePath = createRequire(join(UI_MODULES, '..', 'package.json')).resolve('stripe');
  const stripeRequests = [];
  globalThis.__stripeappE2E ??= {};
  globalThis.__stripeappE2E[id] = {sign, fetch, stripeRequests};
  const hooks = `globalThis.__stripeappE2E[${JSON.stringify(id)}]`;
  const replace = (code) =>
    code
      .replaceAll('require("@stripe/ui-extension-sdk/signature")', 'require("./fake-signature.cjs")')
      .replaceAll('require("@stripe/ui-extension-sdk/http_client")', 'require("./fake-http-client.cjs")')
      .replaceAll('require("@stripe/ui-extension-sdk/utils")', 'require("./fake-utils.cjs")')
      .replaceAll('require("stripe")', `require(${JSON.stringify(stripePath)})`)
      .replaceAll('globalThis.fetch(', `${hooks}.fetch(`);
  const generated = join(projectDir, 'src', 'generated');
  writeFileSync(join(dir, 'stripeapp-runtime.js'), replace(transpile(join(generated, 'stripeapp-runtime.ts'))));
  writeFileSync(join(dir, `${view}.js`), replace(transpile(join(generated, `${view}.ts`))));
  writeFileSync(
    join(dir, 'fake-signature.cjs'),
    `exports.__esModule = true; exports.default = async (payload) => ${hooks}.sign(payload);\n`,
  );
  writeFileSync(
    join(dir, 'fake-utils.cjs'),
    "exports.getDashboardUserEmail = async () => ({email: 'user@example.com', json: {email: 'user@example.com'}});\n",
  );
  writeFileSync(
    join(dir, 'fake-http-client.cjs'),
    `exports.STRIPE_API_KEY = 'DO_NOT_PASS_A_REAL_API_KEY';
exports.createHttpClient = () => ({
  getClientName: () => 'stripe-ui-extension',
  async makeRequest(host, port, path, method, headers, requestData, protocol) {
    ${hooks}.stripeRequests.push({host, port, path, method, headers, requestData, protocol});
    const id = path.split('?')[0].split('/').pop();
    const body = {id, object: 'e2e'};
    return {getHeaders: () => ({}), getStatusCode: () => 200, getRawResponse: () => body, toStream() { throw new Error('no streams'); }, toJSON: async () => body};
  },
});
`,
  );
  const helpers = createRequire(join(dir, 'x.js'))(`./${view}.js`);
  return {...helpers, stripeRequests};
}

/** The nested object shape `stripe` should have for the declared methods. */
export function expectedClientShape(methods) {
  const root = {};
  for (const name of methods) {
    const parts = name.split('.');
    const method = parts.pop();
    let node = root;
    for (const part of parts) {
      node[part] ??= {};
      node = node[part];
    }
    node[method] = 'function';
  }
  return root;
}

/** The shape of a helper's `stripe` object: nested objects down to 'function'. */
export function clientShape(value) {
  if (typeof value === 'function') {
    return 'function';
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clientShape(v)]));
}
