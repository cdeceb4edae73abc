// Every compiled backend, built with its own tsconfig and run as `node dist/main.js`,
// against requests signed with stripe-node's own test helper, forged ones and stale
// ones; then the views' endpoint helpers calling it.
import assert from 'node:assert/strict';
import {after, before, describe, it} from 'node:test';
import {
  BACKEND_MODULES,
  PLAN,
  SECRETS,
  dirOf,
  eventually,
  requireFrom,
  run,
  runJob,
  secretsFor,
  startBackend,
  tsc,
} from './lib.mjs';
import {loadViewHelpers} from './ui-helpers.mjs';
import {rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

const Stripe = requireFrom(BACKEND_MODULES, 'stripe');
const {webhooks} = Stripe;
const now = () => Math.floor(Date.now() / 1000);
const withBackend = PLAN.examples.filter((e) => e.backend !== null);

// `npm run build` of every backend (tsc with each one's tsconfig, into dist/), at once.
const build = tsc(BACKEND_MODULES, ['-b', ...withBackend.map((e) => join(e.dir, 'backend'))]);

it('every backend builds with tsc (strict) into dist/', () => {
  assert.equal(build.status, 0, build.output);
});

/** A webhook event as Stripe would deliver it. */
function event(type, id, extra = {}) {
  return JSON.stringify({
    id,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: now(),
    livemode: false,
    pending_webhooks: 1,
    request: {id: null, idempotency_key: null},
    type,
    data: {object: {id: 'obj_e2e_1', object: type.split('.')[0]}},
    ...extra,
  });
}

/** What `fetchStripeSignature` signs for a view: payload, roles, then user_id and account_id. */
function endpointBody(roles, payload = {object_id: 'obj_e2e'}, params = {}) {
  // A path with parameters: the view signs them too (`stripeapp_params`).
  const signedParams = Object.keys(params).length > 0 ? {stripeapp_params: params} : {};
  return JSON.stringify({...payload, stripe_roles: roles, ...signedParams, user_id: 'usr_e2e', account_id: 'acct_e2e'});
}

const sign = (payload, secret, extra = {}) => webhooks.generateTestHeaderString({payload, secret, ...extra});

/** A role Stripe would sign for a user who has the declared role `name`. */
const builtIn = (id) => ({id, name: id.replace(/_/g, ' '), type: 'builtIn'});

for (const example of withBackend) {
  const b = example.backend;
  const dir = join(dirOf(example), 'backend');

  describe(`${example.name}: backend`, () => {
    let server;
    /** Every answer's body, to show that none carries a stack trace. */
    const answers = [];
    const post = async (path, body, headers = {}) => {
      const res = await fetch(server.url + path, {method: 'POST', body, headers: {'Content-Type': 'application/json', ...headers}});
      answers.push(await res.clone().text());
      return res;
    };
    const count = (text) => server.logs().split(text).length - 1;

    before(async () => {
      assert.equal(build.status, 0, 'the backend did not build');
      server = await startBackend(dir, secretsFor(example));
    });

    after(async () => {
      await server?.stop();
    });

    it('prints the real address it listens on', () => {
      assert.match(server.logs(), /listening on http:\/\/127\.0\.0\.1:\d+\n/);
    });

    if (b.webhook !== null) {
      describe(`webhook route ${b.webhook}`, () => {
        for (const [i, {name}] of b.events.entries()) {
          it(`runs the typed handler of ${name} for a properly signed delivery`, async () => {
            const id = `evt_e2e_ok_${i}`;
            const body = event(name, id, {account: 'acct_installer'});
            const res = await post(b.webhook, body, {'Stripe-Signature': sign(body, SECRETS.STRIPE_WEBHOOK_SECRET)});
            assert.equal(res.status, 200);
            assert.deepEqual(await res.json(), {received: true, handled: true});
            assert.equal(res.headers.get('access-control-allow-origin'), null, 'no CORS on webhooks');
            assert.ok(await eventually(() => count(`[${name}] ${id} on acct_installer (test mode)`) === 1), server.logs());
          });
        }

        if (b.events.length > 0) {
          it('acknowledges a redelivered event id without running the handler again', async () => {
            const body = event(b.events[0].name, 'evt_e2e_ok_0', {account: 'acct_installer'});
            const res = await post(b.webhook, body, {'Stripe-Signature': sign(body, SECRETS.STRIPE_WEBHOOK_SECRET)});
            assert.equal(res.status, 200);
            assert.deepEqual(await res.json(), {received: true, duplicate: true});
            await new Promise((r) => setTimeout(r, 100));
            assert.equal(count('evt_e2e_ok_0 '), 1);
          });

          it('accepts any matching v1 signature (a rolled secret sends several) and ignores v0', async () => {
            const body = event(b.events[0].name, 'evt_e2e_rolled');
            const good = sign(body, SECRETS.STRIPE_WEBHOOK_SECRET);
            const t = /t=(\d+)/.exec(good)[1];
            const old = sign(body, 'whsec_old', {timestamp: Number(t)});
            const header = `t=${t},v1=${old.split('v1=')[1]},v1=${good.split('v1=')[1]},v0=deadbeef`;
            const res = await post(b.webhook, body, {'Stripe-Signature': header});
            assert.equal(res.status, 200);
          });
        }

        it('acknowledges an undeclared event type with 2xx and ignores it', async () => {
          const declared = b.events.map((e) => e.name);
          const type = ['product.created', 'customer.created', 'charge.succeeded'].find((t) => !declared.includes(t));
          const body = event(type, 'evt_e2e_undeclared');
          const res = await post(b.webhook, body, {'Stripe-Signature': sign(body, SECRETS.STRIPE_WEBHOOK_SECRET)});
          assert.equal(res.status, 200);
          assert.deepEqual(await res.json(), {received: true, handled: false});
          assert.equal(count('evt_e2e_undeclared'), 0);
        });

        const type = b.events[0]?.name ?? 'product.created';
        const refused = {
          'a tampered body': () => {
            const body = event(type, 'evt_e2e_tampered');
            return [body.replace('obj_e2e_1', 'obj_e2e_2'), sign(body, SECRETS.STRIPE_WEBHOOK_SECRET)];
          },
          'a signature made with another secret': () => {
            const body = event(type, 'evt_e2e_wrong');
            return [body, sign(body, 'whsec_someone_else')];
          },
          'the app secret instead of the webhook secret': () => {
            const body = event(type, 'evt_e2e_appsecret');
            return [body, sign(body, SECRETS.STRIPE_APP_SECRET)];
          },
          'only a v0 signature (correct, but v0 is ignored)': () => {
            const body = event(type, 'evt_e2e_v0');
            return [body, sign(body, SECRETS.STRIPE_WEBHOOK_SECRET, {scheme: 'v0'})];
          },
          'a stale timestamp (600 s old)': () => {
            const body = event(type, 'evt_e2e_stale');
            return [body, sign(body, SECRETS.STRIPE_WEBHOOK_SECRET, {timestamp: now() - 600})];
          },
          'no Stripe-Signature header': () => [event(type, 'evt_e2e_none'), undefined],
          'a garbled header': () => [event(type, 'evt_e2e_garbled'), 'this is not a signature'],
          'a header without timestamp': () => {
            const body = event(type, 'evt_e2e_nots');
            return [body, sign(body, SECRETS.STRIPE_WEBHOOK_SECRET).replace(/t=\d+,/, '')];
          },
        };
        for (const [name, make] of Object.entries(refused)) {
          it(`answers 400 to ${name}`, async () => {
            const [body, header] = make();
            const res = await post(b.webhook, body, header === undefined ? {} : {'Stripe-Signature': header});
            assert.equal(res.status, 400);
            assert.deepEqual(await res.json(), {error: 'invalid signature'});
          });
        }

        it('answers 400 to a signed body that is not an event: null, a list, an event without id', async () => {
          for (const body of ['null', '[1]', '"evt"', JSON.stringify({object: 'event', type})]) {
            const res = await post(b.webhook, body, {'Stripe-Signature': sign(body, SECRETS.STRIPE_WEBHOOK_SECRET)});
            assert.equal(res.status, 400, body);
            assert.deepEqual(await res.json(), {error: 'not an event'});
          }
        });

        it('answers 413 to a signed 2 MB body without running a handler', async () => {
          const body = event(type, 'evt_e2e_big', {padding: 'x'.repeat(2 * 1024 * 1024)});
          const res = await post(b.webhook, body, {'Stripe-Signature': sign(body, SECRETS.STRIPE_WEBHOOK_SECRET)});
          assert.equal(res.status, 413);
          assert.deepEqual(await res.json(), {error: 'body too large'});
        });

        it('ran no handler for any refused delivery', () => {
          for (const id of ['tampered', 'wrong', 'appsecret', 'v0', 'stale', 'none', 'garbled', 'nots', 'big']) {
            assert.equal(count(`evt_e2e_${id}`), 0, id);
          }
        });

        it('answers 405 to GET and to OPTIONS (no preflight on webhooks)', async () => {
          const get = await fetch(server.url + b.webhook);
          assert.equal(get.status, 405);
          assert.equal(get.headers.get('allow'), 'POST');
          const options = await fetch(server.url + b.webhook, {method: 'OPTIONS'});
          assert.equal(options.status, 405);
          assert.equal(options.headers.get('access-control-allow-origin'), null);
        });
      });
    }

    for (const e of b.endpoints) {
      describe(`endpoint ${e.name} at ${e.path}`, () => {
        const allowed = e.roles.length > 0 ? [builtIn(e.roles[0])] : [];
        // A path with parameters is called with sample values, and signs them.
        const bodyFor = (roles, payload) => endpointBody(roles, payload, e.params);

        it('answers CORS preflight with 204', async () => {
          const res = await fetch(server.url + e.sample_path, {
            method: 'OPTIONS',
            headers: {Origin: 'null', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'stripe-signature,content-type'},
          });
          assert.equal(res.status, 204);
          assert.equal(res.headers.get('access-control-allow-origin'), '*');
          assert.match(res.headers.get('access-control-allow-headers'), /Stripe-Signature/);
          assert.match(res.headers.get('access-control-allow-methods'), /POST/);
        });

        it('answers 401 to an unsigned call (with CORS headers, so the view can read it)', async () => {
          const res = await post(e.sample_path, bodyFor(allowed));
          assert.equal(res.status, 401);
          assert.equal(res.headers.get('access-control-allow-origin'), '*');
        });

        it('answers 401 to calls signed with another secret, tampered, stale or v0-only', async () => {
          const body = bodyFor(allowed);
          const cases = [
            [body, sign(body, 'absec_someone_else')],
            [body, sign(body, SECRETS.STRIPE_WEBHOOK_SECRET)],
            [body.replace('acct_e2e', 'acct_evil'), sign(body, SECRETS.STRIPE_APP_SECRET)],
            [body, sign(body, SECRETS.STRIPE_APP_SECRET, {timestamp: now() - 600})],
            [body, sign(body, SECRETS.STRIPE_APP_SECRET, {scheme: 'v0'})],
            [body, 'garbled'],
          ];
          for (const [sent, header] of cases) {
            const res = await post(e.sample_path, sent, {'Stripe-Signature': header});
            assert.equal(res.status, 401, header);
          }
        });

        if (e.roles.length > 0) {
          it(`answers 403 when no signed role is ${e.roles.join(' or ')}`, async () => {
            const bodies = [
              bodyFor([{id: 'view_only_e2e', name: 'View only', type: 'builtIn'}]),
              bodyFor([]),
              JSON.stringify({object_id: 'x', ...(Object.keys(e.params).length > 0 ? {stripeapp_params: e.params} : {}), user_id: 'usr_e2e', account_id: 'acct_e2e'}),
            ];
            for (const body of bodies) {
              const res = await post(e.sample_path, body, {'Stripe-Signature': sign(body, SECRETS.STRIPE_APP_SECRET)});
              assert.equal(res.status, 403, body);
              assert.deepEqual(await res.json(), {error: `requires one of the roles: ${e.roles.join(', ')}`});
            }
          });

          it('answers 200 for a matching role name (a custom role)', async () => {
            const body = bodyFor([{id: 'rol_custom_e2e', name: e.roles.at(-1), type: 'custom'}], {object_id: 'by_name'});
            const res = await post(e.sample_path, body, {'Stripe-Signature': sign(body, SECRETS.STRIPE_APP_SECRET)});
            assert.equal(res.status, 200);
          });
        }

        it('answers 200 with the handler result to a properly signed call', async () => {
          const body = bodyFor(allowed, {object_id: `ok_${e.name}`});
          const res = await post(e.sample_path, body, {'Stripe-Signature': sign(body, SECRETS.STRIPE_APP_SECRET)});
          assert.equal(res.status, 200);
          assert.equal(res.headers.get('access-control-allow-origin'), '*');
          assert.deepEqual(await res.json(), {ok: true});
          const roles = allowed.map((r) => r.id).join(', ');
          const line = `[${e.name}] user usr_e2e on acct_e2e (${roles})`;
          assert.ok(await eventually(() => count(line) >= 1), server.logs());
          assert.equal(count(`ok_${e.name}`), 0, 'the starter logs ids, never the payload');
        });

        it('answers 400 to a signed body that is not a JSON object with user_id and account_id', async () => {
          for (const body of ['[1,2]', '{"user_id":"usr_e2e"}', 'not json']) {
            const res = await post(e.sample_path, body, {'Stripe-Signature': sign(body, SECRETS.STRIPE_APP_SECRET)});
            assert.equal(res.status, 400, body);
          }
        });

        it('answers 405 to GET', async () => {
          const res = await fetch(server.url + e.sample_path);
          assert.equal(res.status, 405);
          assert.equal(res.headers.get('allow'), 'POST, OPTIONS');
        });
      });
    }

    it('put no stack trace and no error detail in any answer', () => {
      assert.equal(answers.length > 0, b.webhook !== null || b.endpoints.length > 0);
      for (const text of answers) {
        assert.doesNotMatch(text, /\n\s+at |Error:|node_modules|\.js:\d+/, text);
      }
    });

    for (const view of example.views.filter((v) => v.endpoints.length > 0)) {
      describe(`the ${view.component} view's endpoint helpers against it`, () => {
        // Stands in for Stripe's signing service: signs the payload the view passes,
        // followed by the session's user_id and account_id.
        const session = {user_id: 'usr_view', account_id: 'acct_view'};
        const sent = [];
        const helpers = loadViewHelpers(dirOf(example), view.component, {
          sign: async (payload) => sign(JSON.stringify({...payload, ...session}), SECRETS.STRIPE_APP_SECRET),
          // The view calls the public URL; send it to the local server instead.
          fetch: (url, init) => {
            sent.push({url, init});
            // The path exactly as the helper wrote it (no URL parser normalising it).
            return fetch(server.url + url.slice(url.indexOf('/', 'https://'.length)), init);
          },
        });
        const contextWith = (roles) => ({userContext: {id: session.user_id, account: {id: session.account_id}, roles}});

        for (const e of view.endpoints) {
          const roles = e.roles.length > 0 ? [builtIn(e.roles[0])] : [];

          const hasParams = Object.keys(e.params).length > 0;
          // A helper of a path with parameters takes them second: f(context, {id}, payload).
          const call = (context, payload) =>
            hasParams ? helpers[e.function](context, e.params, payload) : helpers[e.function](context, payload);

          it(`${e.function} signs the payload and sends exactly what was signed`, async () => {
            const result = await call(contextWith(roles), {object_id: `from_${view.component}`});
            assert.deepEqual(result, {ok: true});
            const {url, init} = sent.at(-1);
            assert.equal(url, e.sample_url);
            assert.equal(init.method, 'POST');
            assert.equal(init.headers['Content-Type'], 'application/json');
            assert.equal(
              init.body,
              JSON.stringify({
                object_id: `from_${view.component}`,
                stripe_roles: roles,
                ...(hasParams ? {stripeapp_params: e.params} : {}),
                user_id: 'usr_view',
                account_id: 'acct_view',
              }),
            );
            if (hasParams) {
              const line = `[${e.name}] user usr_view on acct_view (${roles.map((r) => r.id).join(', ')}) ${JSON.stringify(e.params)}`;
              assert.ok(await eventually(() => count(line) >= 1), `the handler got its typed params: ${server.logs()}`);
            }
          });

          if (hasParams) {
            it(`${e.function} refuses empty, . and .. parameters before sending anything`, async () => {
              const before = sent.length;
              for (const value of ['', '.', '..']) {
                const params = Object.fromEntries(Object.keys(e.params).map((k) => [k, value]));
                await assert.rejects(helpers[e.function](contextWith(roles), params, {}), /path parameter/);
              }
              assert.equal(sent.length, before);
            });

            it(`${e.function} with a parameter holding / or \\ gets 400 from the backend`, async () => {
              for (const value of ['a/b', 'a\\b', '%2e%2e', 'x%2Fy']) {
                const params = Object.fromEntries(Object.keys(e.params).map((k) => [k, value]));
                await assert.rejects(helpers[e.function](contextWith(roles), params, {}), (error) => {
                  assert.equal(error.name, 'EndpointError', String(error));
                  assert.equal(error.status, 400, value);
                  return true;
                });
              }
            });
          }

          if (e.roles.length > 0) {
            it(`${e.function} surfaces 403 for a user without the role as an EndpointError`, async () => {
              await assert.rejects(call(contextWith([builtIn('view_only_e2e')]), {}), (error) => {
                assert.equal(error.name, 'EndpointError');
                assert.equal(error.status, 403);
                return true;
              });
            });
          }
        }
      });
    }
  });

  describe(`${example.name}: backend command line`, () => {
    const start = (env, args = []) =>
      run(process.execPath, ['dist/main.js', ...args], {cwd: dir, env: {PATH: process.env.PATH, PORT: '0', ...env}, timeout: 20_000});
    const secretValues = Object.values(SECRETS);

    it('reports every configuration problem at once, and no secret value', () => {
      const result = start({PORT: 'eighty', HANDLER_TIMEOUT_MS: '0', REDIS_URL: 'http://nope'});
      assert.equal(result.status, 1, result.output);
      for (const name of b.env) {
        assert.match(result.stderr, new RegExp(`Missing environment variable ${name}: `));
      }
      assert.match(result.stderr, /PORT must be a whole number from 0 to 65535, not "eighty"/);
      assert.match(result.stderr, /HANDLER_TIMEOUT_MS must be a whole number/);
      assert.match(result.stderr, /REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    });

    it('refuses secrets by their prefix, naming the prefix but never the value', () => {
      const env = secretsFor(example);
      const wrong = {STRIPE_SECRET_KEY: 'pk_test_e2e_publishable', STRIPE_WEBHOOK_SECRET: 'sk_test_e2e_key', STRIPE_APP_SECRET: 'whsec_e2e_xyz'};
      for (const name of b.env) {
        env[name] = wrong[name];
      }
      const result = start(env);
      assert.equal(result.status, 1, result.output);
      assert.match(result.stderr, /STRIPE_SECRET_KEY must start with sk_ or rk_ \(it starts with pk_test_\)/);
      for (const value of [...Object.values(wrong), ...secretValues]) {
        assert.ok(!result.output.includes(value), `printed ${value}`);
      }
    });

    if (b.env.length > 1) {
      it('refuses the same value for two secrets', () => {
        const env = secretsFor(example);
        env[b.env[1]] = env.STRIPE_SECRET_KEY;
        const result = start(env);
        assert.equal(result.status, 1, result.output);
        assert.match(result.stderr, new RegExp(`STRIPE_SECRET_KEY and ${b.env[1]} have the same value`));
        assert.ok(!result.output.includes(SECRETS.STRIPE_SECRET_KEY));
      });
    }

    it('reads a .env file, the environment winning', async () => {
      const dotEnv = join(dir, '.env');
      writeFileSync(dotEnv, Object.entries(secretsFor(example)).map(([k, v]) => `${k}=${v}`).join('\n') + '\nPORT=1\n');
      try {
        const server = await startBackend(dir, {});
        await server.stop();
        assert.doesNotMatch(server.logs(), /sk_test|whsec_|absec_/);
        assert.doesNotMatch(server.logs(), /127\.0\.0\.1:1\n/, 'PORT from the environment wins over .env');
      } finally {
        rmSync(dotEnv);
      }
    });

    for (const name of b.env) {
      it(`refuses to start without ${name}, naming it`, () => {
        const env = secretsFor(example);
        delete env[name];
        const result = start(env);
        assert.equal(result.status, 1, result.output);
        assert.match(result.stderr, new RegExp(`Missing environment variable ${name}: `));
      });
    }

    if (b.env.includes('STRIPE_WEBHOOK_SECRET') && b.env.includes('STRIPE_APP_SECRET')) {
      it('refuses swapped secrets', () => {
        const result = start({
          ...secretsFor(example),
          STRIPE_WEBHOOK_SECRET: SECRETS.STRIPE_APP_SECRET,
          STRIPE_APP_SECRET: SECRETS.STRIPE_WEBHOOK_SECRET,
        });
        assert.equal(result.status, 1);
        assert.match(result.stderr, /look swapped/);
      });
    }

    it('refuses a bad PORT', () => {
      const result = run(process.execPath, ['dist/main.js'], {cwd: dir, env: {PATH: process.env.PATH, ...secretsFor(example), PORT: 'eighty'}});
      assert.equal(result.status, 1);
      assert.match(result.stderr, /PORT must be a whole number from 0 to 65535/);
    });

    for (const job of b.jobs) {
      it(`runs job ${job.name} with only STRIPE_SECRET_KEY`, async () => {
        const result = await runJob(dir, job.name, {STRIPE_SECRET_KEY: SECRETS.STRIPE_SECRET_KEY});
        assert.equal(result.status, 0, result.output);
        assert.match(result.stdout, new RegExp(`\\[${job.name}\\] ran`));
      });
    }

    it('refuses an unknown job', async () => {
      const result = await runJob(dir, 'nope_e2e', {STRIPE_SECRET_KEY: SECRETS.STRIPE_SECRET_KEY});
      assert.equal(result.status, 1);
      assert.match(result.stderr, /nope_e2e/);
    });
  });
}
