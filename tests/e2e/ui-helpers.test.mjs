// Each view's generated helpers at run time: `stripe` has exactly the declared methods
// and sends them through the SDK's client, `fetch` refuses what the view did not
// declare, and endpoint helpers refuse payload keys Stripe must vouch for.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {PLAN, dirOf} from './lib.mjs';
import {clientShape, expectedClientShape, loadViewHelpers} from './ui-helpers.mjs';

const context = {userContext: {id: 'usr_e2e', account: {id: 'acct_e2e'}, roles: []}};

for (const example of PLAN.examples) {
  for (const view of example.views) {
    describe(`${example.name}: helpers of ${view.component}`, () => {
      const fetched = [];
      const helpers = loadViewHelpers(dirOf(example), view.component, {
        sign: async () => 't=1,v1=00',
        fetch: async (url, init) => {
          fetched.push({url, init});
          return new Response('{"ok":true}', {status: 200});
        },
      });

      it('exports exactly the helpers the view declares', () => {
        assert.equal('stripe' in helpers, view.methods.length > 0);
        assert.equal('fetch' in helpers, view.fetch.length > 0);
        for (const e of view.endpoints) {
          assert.equal(typeof helpers[e.function], 'function', e.function);
        }
        for (const s of view.sdk) {
          assert.equal(typeof helpers[s], 'function', s);
        }
      });

      if (view.methods.length > 0) {
        it('stripe has the declared methods and nothing else', async () => {
          assert.deepEqual(clientShape(helpers.stripe), expectedClientShape(view.methods));
        });
      }

      // Any declared read will do; every method goes through the same client.
      const read = view.methods.find((m) => /\.(retrieve|list|find)$/.test(m));
      if (read !== undefined) {
        it("stripe sends through the Dashboard's client with the placeholder key", async () => {
          const [resource, method] = [read.split('.').slice(0, -1), read.split('.').pop()];
          const target = resource.reduce((node, part) => node[part], helpers.stripe);
          await target[method]('x_e2e', {}).catch(() => target[method]({})).catch(() => undefined);
          const request = helpers.stripeRequests.at(-1);
          assert.ok(request, 'a request was made');
          assert.equal(request.headers.Authorization, 'Bearer DO_NOT_PASS_A_REAL_API_KEY');
          assert.equal(request.headers['Stripe-Version'], '2026-10-28.endive');
          assert.equal(request.protocol, 'https');
        });
      }

      if (view.fetch.length > 0) {
        it('fetch passes declared URLs and refuses others at run time', async () => {
          const allowed = view.fetch.map((u) => (u.endsWith('/') ? `${u}below/it` : `${u}?q=1`));
          for (const url of allowed) {
            await helpers.fetch(url);
          }
          assert.deepEqual(fetched.map((f) => f.url), allowed);
          const refused = ['https://evil.example/x', ...view.fetch.map((u) => (u.endsWith('/') ? u.slice(0, -1) : `${u}X`))];
          refused.push(`https://user@${view.fetch[0].slice('https://'.length)}`);
          for (const url of refused) {
            await assert.rejects(helpers.fetch(url), /does not declare fetch/, url);
          }
          assert.equal(fetched.length, allowed.length);
        });
      }

      for (const e of view.endpoints) {
        // A helper of a path with parameters takes them second: f(context, {id}, payload).
        const hasParams = Object.keys(e.params).length > 0;
        const call = (ctx, payload) => (hasParams ? helpers[e.function](ctx, e.params, payload) : helpers[e.function](ctx, payload));
        // The URL with the sample parameters in place of `:name`.
        const filled = (url) => url.split('/').map((s) => (s.startsWith(':') ? e.params[s.slice(1)] : s)).join('/');

        it(`${e.function} posts to the backend the manifest's STRIPEAPP_BACKEND_URL names, else the compiled URL`, async () => {
          const before = fetched.length;
          await call(context, {});
          assert.equal(fetched.at(-1).url, e.sample_url, 'no environment: the production URL');
          const dev = {...context, environment: {constants: {STRIPEAPP_BACKEND_URL: 'https://dev.example.test/base/'}}};
          await call(dev, {});
          assert.equal(fetched.at(-1).url, `https://dev.example.test/base${filled(e.backend_path)}`, 'a profile backend');
          const odd = {...context, environment: {constants: {STRIPEAPP_BACKEND_URL: 42}}};
          await call(odd, {});
          assert.equal(fetched.at(-1).url, e.sample_url, 'a constant that is not a string is ignored');
          assert.equal(fetched.length, before + 3);
        });

        it(`${e.function} refuses payload keys Stripe adds itself`, async () => {
          for (const key of ['user_id', 'account_id', 'stripe_roles', 'stripeapp_params']) {
            await assert.rejects(call(context, {[key]: 'x'}), new RegExp(`"${key}" is added by`));
          }
        });
      }
    });
  }
}
