// The routes nobody signs, on every compiled backend: the health check, `public` routes
// (unsigned requests succeed there while signed-only routes still refuse them; hostile
// path parameters get 400), and the OAuth callback of an `api_access oauth` app, whose
// code exchange goes to a local fake of Stripe's API (the real stripe package, pointed at
// it with STRIPE_API_BASE) so that good and bad `state`, a missing code, a refused code
// and an unreachable Stripe can all be tried.
import assert from 'node:assert/strict';
import {request} from 'node:http';
import {after, before, describe, it} from 'node:test';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {PLAN, SECRETS, dirOf, eventually, fakeStripe, secretsFor, startBackend} from './lib.mjs';

const withBackend = PLAN.examples.filter((e) => e.backend !== null);

/**
 * Sends `method path` with the path exactly as given (fetch would normalise `..` and
 * `%2e` away before they reach the server); resolves {status, headers, body}.
 */
function raw(base, method, path, {headers = {}, body} = {}) {
  const {hostname, port} = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({host: hostname, port, method, path, headers}, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({status: res.statusCode, headers: res.headers, body: text}));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A path with each `:name` segment replaced by `value`. */
const withParam = (path, value) =>
  path
    .split('/')
    .map((segment) => (segment.startsWith(':') ? value : segment))
    .join('/');

/** Values a path parameter may not take, as they appear in the request line. */
const HOSTILE = ['..', '.', '%2e%2e', '%2E', 'a%2Fb', 'a%2fb', 'a%5Cb', 'a%00b', '%252F', 'a%0Ab'];

for (const example of withBackend) {
  const b = example.backend;
  const dir = join(dirOf(example), 'backend');

  describe(`${example.name}: unsigned routes`, () => {
    let server;
    before(async () => {
      server = await startBackend(dir, secretsFor(example));
    });
    after(async () => {
      await server?.stop();
    });

    it(`answers GET and HEAD on the health route ${b.health} without authentication`, async () => {
      const res = await fetch(server.url + b.health);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), {status: 'ok'});
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const head = await fetch(server.url + b.health, {method: 'HEAD'});
      assert.equal(head.status, 200);
      const post = await fetch(server.url + b.health, {method: 'POST'});
      assert.equal(post.status, 405);
      assert.equal(post.headers.get('allow'), 'GET, HEAD');
      assert.match(server.logs(), new RegExp(`GET ${b.health}  \\(health\\)`));
    });

    for (const p of b.publics) {
      const hasParams = Object.keys(p.params).length > 0;
      describe(`public route ${p.name}: ${p.method} ${p.path}`, () => {
        it('answers an unsigned request with the handler result', async () => {
          const res = await raw(server.url, p.method, p.sample_path, {
            headers: {'Content-Type': 'application/json'},
            body: p.method === 'GET' ? undefined : '{"ticket":"t_1"}',
          });
          assert.equal(res.status, 200, res.body);
          assert.deepEqual(JSON.parse(res.body), {ok: true});
          const line = `[${p.name}] ${p.method}${hasParams ? ` ${JSON.stringify(p.params)}` : ''}`;
          assert.ok(await eventually(() => server.logs().includes(line)), `handler got its typed params: ${server.logs()}`);
        });

        if (p.method === 'GET') {
          it('answers HEAD like GET, without a body', async () => {
            const res = await raw(server.url, 'HEAD', p.sample_path);
            assert.equal(res.status, 200);
            assert.equal(res.body, '');
          });
        }

        it('answers 405 to a method no public route on its path serves', async () => {
          const res = await raw(server.url, 'PATCH', p.sample_path);
          const served = b.publics.filter((q) => q.path === p.path).map((q) => q.method);
          if (served.includes('PATCH')) {
            return;
          }
          assert.equal(res.status, 405);
          assert.ok(res.headers.allow.split(', ').includes(p.method), res.headers.allow);
        });

        if (p.method !== 'GET') {
          it('refuses a body over the limit (413) before running the handler', async () => {
            const res = await raw(server.url, p.method, p.sample_path, {body: 'x'.repeat(2 * 1024 * 1024)});
            assert.equal(res.status, 413);
          });
        }

        if (hasParams) {
          it('answers 400 to hostile path parameters, running no handler', async () => {
            const before = server.logs();
            for (const value of HOSTILE) {
              const res = await raw(server.url, p.method, withParam(p.path, value), {body: p.method === 'GET' ? undefined : '{}'});
              assert.equal(res.status, 400, `${value}: ${res.body}`);
              assert.doesNotMatch(res.body, /\n\s+at |node_modules/);
            }
            const ran = server.logs().slice(before.length).split('\n').filter((l) => l.startsWith(`[${p.name}] `));
            assert.deepEqual(ran, []);
          });
        }
      });
    }

    if (b.publics.length > 0 || b.oauth !== null) {
      for (const e of b.endpoints) {
        it(`still refuses an unsigned call to the signed endpoint ${e.name} (401)`, async () => {
          const res = await raw(server.url, 'POST', e.sample_path, {body: '{"user_id":"usr_x","account_id":"acct_x"}'});
          assert.equal(res.status, 401);
        });
      }
    }

    for (const e of b.endpoints.filter((x) => Object.keys(x.params).length > 0)) {
      it(`answers 400 to hostile parameters of ${e.name} before checking anything else`, async () => {
        for (const value of HOSTILE) {
          const res = await raw(server.url, 'POST', withParam(e.path, value), {body: '{}'});
          assert.equal(res.status, 400, `${value}: ${res.body}`);
        }
      });
    }
  });

  if (b.oauth !== null) {
    describe(`${example.name}: OAuth callback ${b.oauth}`, () => {
      /** Stripe's token endpoint, played locally: answers by the code it is sent. */
      const stripeApi = fakeStripe(({method, path, body}) => {
        const code = body.get('code');
        if (method !== 'POST' || path !== '/v1/oauth/token') {
          return [404, {error: {type: 'invalid_request_error', message: 'no such route'}}];
        }
        if (code === 'ac_good') {
          return [
            200,
            {
              access_token: 'sk_test_e2e_installed_access',
              refresh_token: 'rt_e2e_installed',
              stripe_user_id: 'acct_e2e_installed',
              livemode: false,
              scope: 'stripe_apps',
              token_type: 'bearer',
            },
          ];
        }
        if (code === 'ac_down') {
          return [500, {error: {type: 'api_error', message: 'down'}}];
        }
        return [400, {error: 'invalid_grant', error_description: `Authorization code does not exist: ${code}`}];
      });
      const exchanges = stripeApi.requests;
      let server;
      let runtime;
      const start = b.oauth.replace(/\/$/, '') + '/start';

      before(async () => {
        server = await startBackend(dir, {...secretsFor(example), STRIPE_API_BASE: await stripeApi.start()});
        runtime = await import(pathToFileURL(join(dir, 'dist', 'generated', 'runtime.js')).href);
      });
      after(async () => {
        await server?.stop();
        await stripeApi.close();
      });

      /** A state from /start and the cookie it set. */
      async function begin() {
        const res = await raw(server.url, 'GET', start);
        assert.equal(res.status, 302);
        const location = new URL(res.headers.location);
        const cookie = res.headers['set-cookie'][0];
        return {location, state: location.searchParams.get('state'), cookie: cookie.split(';')[0], setCookie: cookie};
      }
      const callback = (query, cookie) =>
        raw(server.url, 'GET', `${b.oauth}?${new URLSearchParams(query)}`, cookie === undefined ? {} : {headers: {Cookie: cookie}});

      it('/start redirects to the install link with a signed state, bound to an HttpOnly cookie', async () => {
        const {location, state, setCookie} = await begin();
        assert.equal(location.origin + location.pathname, 'https://marketplace.stripe.com/oauth/v2/authorize');
        assert.equal(location.searchParams.get('client_id'), 'ca_e2e');
        assert.match(state, /^[A-Za-z0-9_-]{22}\.\d+\.[A-Za-z0-9_-]+$/);
        assert.match(setCookie, new RegExp(`^stripeapp_oauth_state=${state.split('.')[0]}; `));
        for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Lax', `Path=${b.oauth}`, 'Max-Age=600']) {
          assert.ok(setCookie.includes(attribute), `${attribute} in ${setCookie}`);
        }
      });

      it('exchanges the code with the secret key and runs the typed handler (good state)', async () => {
        const {state, cookie} = await begin();
        const res = await callback({code: 'ac_good', state}, cookie);
        assert.equal(res.status, 200, res.body);
        assert.deepEqual(JSON.parse(res.body), {installed: true});
        const exchange = exchanges.at(-1);
        assert.equal(exchange.method, 'POST');
        assert.equal(exchange.path, '/v1/oauth/token');
        assert.equal(exchange.authorization, `Bearer ${SECRETS.STRIPE_SECRET_KEY}`);
        assert.equal(exchange.body.get('grant_type'), 'authorization_code');
        assert.equal(exchange.body.get('code'), 'ac_good');
        assert.ok(await eventually(() => server.logs().includes('[oauth_callback] installed on acct_e2e_installed (test mode)')), server.logs());
        assert.match(res.headers['set-cookie'].join('\n'), /stripeapp_oauth_state=; Max-Age=0/);
        assert.doesNotMatch(server.logs(), /sk_test_e2e_installed_access|rt_e2e_installed/, 'tokens are never logged');
      });

      it('answers 400 to a missing, forged, tampered or foreign-browser state, without exchanging', async () => {
        const before = exchanges.length;
        const {state, cookie} = await begin();
        const [nonce, expires, mac] = state.split('.');
        const forged = runtime.makeOauthState('sk_test_someone_else').state;
        const cases = [
          [{code: 'ac_good'}, cookie],
          [{code: 'ac_good', state: ''}, cookie],
          [{code: 'ac_good', state: 'garbage'}, cookie],
          [{code: 'ac_good', state: forged}, `stripeapp_oauth_state=${forged.split('.')[0]}`],
          [{code: 'ac_good', state: `${nonce}.${Number(expires) + 60}.${mac}`}, cookie],
          [{code: 'ac_good', state: `${nonce}.${expires}.${mac.slice(0, -2)}AA`}, cookie],
          [{code: 'ac_good', state}, undefined],
          [{code: 'ac_good', state}, 'stripeapp_oauth_state=AAAAAAAAAAAAAAAAAAAAAA'],
        ];
        for (const [query, sentCookie] of cases) {
          const res = await callback(query, sentCookie);
          assert.equal(res.status, 400, JSON.stringify([query, sentCookie]));
          assert.deepEqual(JSON.parse(res.body), {error: 'invalid state'});
        }
        assert.equal(exchanges.length, before);
      });

      it('refuses an expired state (the state check, run with the clock 11 minutes on)', () => {
        const key = 'sk_test_e2e_clock';
        const {state, nonce} = runtime.makeOauthState(key, 1_000_000);
        assert.equal(runtime.checkOauthState(key, state, 1_000_000 + 599), nonce);
        assert.equal(runtime.checkOauthState(key, state, 1_000_000 + 660), undefined);
        assert.equal(runtime.checkOauthState('sk_test_other', state, 1_000_000), undefined);
      });

      it('answers 400 to a missing code, and when Stripe sent an error instead', async () => {
        const before = exchanges.length;
        for (const query of [{}, {code: ''}, {error: 'access_denied', error_description: 'The user denied your request'}]) {
          const {state, cookie} = await begin();
          const res = await callback({...query, state}, cookie);
          assert.equal(res.status, 400, JSON.stringify(query));
        }
        assert.equal(exchanges.length, before);
      });

      it('answers 400 when Stripe refuses the code, 502 when Stripe fails', async () => {
        let {state, cookie} = await begin();
        const refused = await callback({code: 'ac_reused', state}, cookie);
        assert.equal(refused.status, 400);
        assert.deepEqual(JSON.parse(refused.body), {error: 'the code was refused'});
        ({state, cookie} = await begin());
        const down = await callback({code: 'ac_down', state}, cookie);
        assert.equal(down.status, 502);
        assert.doesNotMatch(down.body, /\n\s+at |down/);
      });

      it('a state is single-browser: the cookie is cleared once used', async () => {
        const {state, cookie} = await begin();
        const first = await callback({code: 'ac_reused', state}, cookie);
        assert.match(first.headers['set-cookie'].join('\n'), /Max-Age=0/);
      });

      it('answers 405 to POST on the callback and on /start', async () => {
        for (const path of [b.oauth, start]) {
          const res = await raw(server.url, 'POST', path);
          assert.equal(res.status, 405);
          assert.equal(res.headers.allow, 'GET, HEAD');
        }
      });
    });
  }
}
