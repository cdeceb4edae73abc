// The backend of fixtures/hardening.stripeapp, whose handlers (fixtures/hardening.handlers.ts)
// are slow, throw, hang or fail once on request: no event is lost or run twice, handlers
// time out with a retryable status, bodies are cut off while they stream in; each client
// acts on its account (against a fake of Stripe's API, `calls` send the installing
// account's Stripe-Account header and `platform calls` none); then two instances sharing
// a real redis-server, one of them killed mid-handler.
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {request} from 'node:http';
import {createServer} from 'node:net';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {
  BACKEND_MODULES,
  PLAN,
  SECRETS,
  dirOf,
  eventually,
  fakeStripe,
  requireFrom,
  runJob,
  secretsFor,
  startBackend,
} from './lib.mjs';

const {webhooks} = requireFrom(BACKEND_MODULES, 'stripe');
const example = PLAN.examples.find((e) => e.name === 'hardening');
const dir = join(dirOf(example), 'backend');
const WEBHOOK = example.backend.webhook;
const ENDPOINT = example.backend.endpoints[0].path;
/** Short, so that timeouts and leases (2 × timeout + 5 s) run out within a test. */
const TIMEOUT_MS = 1000;
const LEASE_MS = 2 * TIMEOUT_MS + 5000;
const in_ci = process.env.CI === 'true';

const sign = (payload, secret = SECRETS.STRIPE_WEBHOOK_SECRET) => webhooks.generateTestHeaderString({payload, secret});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A customer.created event whose customer id tells the handler what to do. */
function event(id, customer, extra = {}) {
  return JSON.stringify({
    id,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    type: 'customer.created',
    data: {object: {id: customer, object: 'customer'}},
    ...extra,
  });
}

/** Delivers `body` signed; resolves {status, body, ms}. */
async function deliver(server, body) {
  const started = Date.now();
  const res = await fetch(server.url + WEBHOOK, {method: 'POST', body, headers: {'Stripe-Signature': sign(body), 'Content-Type': 'application/json'}});
  return {status: res.status, body: await res.text(), ms: Date.now() - started};
}

async function call(server, payload) {
  const body = JSON.stringify({...payload, stripe_roles: [], user_id: 'usr_h', account_id: 'acct_h'});
  const res = await fetch(server.url + ENDPOINT, {
    method: 'POST',
    body,
    headers: {'Stripe-Signature': sign(body, SECRETS.STRIPE_APP_SECRET), 'Content-Type': 'application/json'},
  });
  return {status: res.status, body: await res.text()};
}

const starts = (server, id) => server.logs().split(`[hardening] start:${id}:`).length - 1;

describe('hardening: one instance', () => {
  let server;
  before(async () => {
    server = await startBackend(dir, {...secretsFor(example), HANDLER_TIMEOUT_MS: String(TIMEOUT_MS)});
  });
  after(async () => {
    await server?.stop();
  });

  it('answers 409 to a retry while the handler runs, and marks the id done only once it succeeded', async () => {
    const body = event('evt_h_slow', 'cus_sleep_700');
    const first = deliver(server, body);
    assert.ok(await eventually(() => starts(server, 'evt_h_slow') === 1), server.logs());
    const retry = await deliver(server, body);
    assert.equal(retry.status, 409, retry.body);
    assert.equal((await first).status, 200);
    const later = await deliver(server, body);
    assert.deepEqual([later.status, JSON.parse(later.body)], [200, {received: true, duplicate: true}]);
    assert.equal(starts(server, 'evt_h_slow'), 1);
  });

  it('answers 500 to a handler that throws, leaves the id free, and tells Stripe nothing more', async () => {
    const body = event('evt_h_throw', 'cus_throw');
    for (const attempt of [1, 2]) {
      const res = await deliver(server, body);
      assert.deepEqual([res.status, JSON.parse(res.body)], [500, {error: 'handler failed'}]);
      assert.equal(starts(server, 'evt_h_throw'), attempt);
    }
  });

  it('runs a handler that failed once again on the retry, then never more', async () => {
    const body = event('evt_h_flaky', 'cus_flaky');
    assert.equal((await deliver(server, body)).status, 500);
    const retry = await deliver(server, body);
    assert.deepEqual([retry.status, JSON.parse(retry.body)], [200, {received: true, handled: true}]);
    assert.equal((await deliver(server, body)).status, 200);
    assert.equal(starts(server, 'evt_h_flaky'), 2);
  });

  it('answers 503 to a handler that never resolves, at the timeout, and holds the id for its lease', async () => {
    const body = event('evt_h_hang', 'cus_hang');
    const res = await deliver(server, body);
    assert.deepEqual([res.status, JSON.parse(res.body)], [503, {error: 'handler timed out'}]);
    assert.ok(res.ms >= TIMEOUT_MS - 50 && res.ms < TIMEOUT_MS + 2000, `answered after ${res.ms} ms`);
    assert.equal((await deliver(server, body)).status, 409, 'still claimed by the hanging handler');
    assert.equal(starts(server, 'evt_h_hang'), 1);
  });

  it('answers a hanging endpoint 503 at the timeout, a throwing one 500 without detail, HttpError with its status', async () => {
    const hang = await call(server, {mode: 'hang'});
    assert.deepEqual([hang.status, JSON.parse(hang.body)], [503, {error: 'handler timed out'}]);
    const thrown = await call(server, {mode: 'throw'});
    assert.deepEqual([thrown.status, JSON.parse(thrown.body)], [500, {error: 'handler failed'}]);
    const http = await call(server, {mode: 'http'});
    assert.deepEqual([http.status, JSON.parse(http.body)], [422, {error: 'not like this'}]);
    assert.equal((await call(server, {})).status, 200);
  });

  it('cuts off a body that streams past the limit (no Content-Length)', async () => {
    const res = await stream(server, {chunk: 64 * 1024, every: 0, count: 40});
    assert.equal(res.status, 413);
    assert.ok(res.closed, 'the connection was closed');
  });

  it('cuts off a trickling body after the body timeout', {timeout: 20_000}, async () => {
    const res = await stream(server, {chunk: 1, every: 500, count: 100});
    assert.equal(res.status, 408);
    assert.ok(res.ms < 12_000, `took ${res.ms} ms`);
    assert.ok(res.closed, 'the connection was closed');
  });

  it('logged the handlers\' errors on the server (the answers above carry none of it)', () => {
    assert.match(server.logs(), /a secret detail that must not reach Stripe/, 'logged on the server');
  });
});

describe('hardening: which account each client acts on', () => {
  /** Stripe's API, played locally: plausible objects for the calls the handlers make. */
  const stripeApi = fakeStripe(({method, path}) => {
    const route = `${method} ${path}`;
    if (route === 'GET /v1/customers/cus_platform') {
      return [200, {id: 'cus_platform', object: 'customer', email: 'installer@example.com', livemode: false}];
    }
    if (route === 'GET /v1/customers/search') {
      const own = {id: 'cus_own_e2e', object: 'customer', email: 'e2e@example.com', livemode: false};
      return [200, {object: 'search_result', url: '/v1/customers/search', data: [own], has_more: false, next_page: null}];
    }
    if (route === 'POST /v1/invoices') {
      return [200, {id: 'in_e2e', object: 'invoice', customer: 'cus_e2e', status: 'draft', livemode: false}];
    }
    return [404, {error: {type: 'invalid_request_error', message: `no such route: ${route}`}}];
  });
  /** What reached the fake since `from`: [method, path, Stripe-Account] of each request. */
  const seen = (from) => stripeApi.requests.slice(from).map((r) => [r.method, r.path, r.account]);
  const bearer = `Bearer ${SECRETS.STRIPE_SECRET_KEY}`;
  let base;
  let server;
  before(async () => {
    base = await stripeApi.start();
    server = await startBackend(dir, {...secretsFor(example), STRIPE_API_BASE: base});
  });
  after(async () => {
    await server?.stop();
    await stripeApi.close();
  });

  it('an event handler\'s stripe sends the installing account, its platform client none, both with the secret key', async () => {
    const from = stripeApi.requests.length;
    const res = await deliver(server, event('evt_h_platform', 'cus_platform', {account: 'acct_e2e_installer'}));
    assert.deepEqual([res.status, JSON.parse(res.body)], [200, {received: true, handled: true}]);
    assert.deepEqual(seen(from), [
      ['GET', '/v1/customers/cus_platform', 'acct_e2e_installer'],
      ['GET', '/v1/customers/search', undefined],
    ]);
    const [retrieve, search] = stripeApi.requests.slice(from);
    assert.equal(retrieve.authorization, bearer);
    assert.equal(search.authorization, bearer);
    assert.equal(search.query.get('query'), "email:'e2e@example.com'");
    assert.ok(await eventually(() => server.logs().includes('[hardening] platform:cus_platform:1 found')), server.logs());
  });

  it('a job\'s platform client sends no Stripe-Account', async () => {
    const from = stripeApi.requests.length;
    const result = await runJob(dir, 'bill', {STRIPE_SECRET_KEY: SECRETS.STRIPE_SECRET_KEY, STRIPE_API_BASE: base, HARDENING_BILL: '1'});
    assert.equal(result.status, 0, result.output);
    assert.match(result.stdout, /\[bill\] invoice in_e2e\n/);
    assert.deepEqual(seen(from), [['POST', '/v1/invoices', undefined]]);
    const [create] = stripeApi.requests.slice(from);
    assert.equal(create.authorization, bearer);
    assert.equal(create.body.get('customer'), 'cus_e2e');
  });
});

/**
 * Sends a chunked POST with a well-formed signature header, `count` chunks of `chunk`
 * bytes every `every` ms; resolves the status, the time, and whether the server closed.
 */
function stream(server, {chunk, every, count}) {
  const url = new URL(server.url + WEBHOOK);
  const header = sign('{}');
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let status;
    let sent = 0;
    const req = request(
      {host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: {'Stripe-Signature': header, 'Transfer-Encoding': 'chunked'}},
      (res) => {
        status = res.statusCode;
        res.resume();
      },
    );
    const finish = () => resolve({status, ms: Date.now() - started, closed: true});
    req.on('close', finish);
    req.on('error', () => {});
    const send = () => {
      if (req.destroyed || sent >= count) {
        if (!req.destroyed) {
          req.end();
        }
        return;
      }
      sent += 1;
      req.write(Buffer.alloc(chunk, 'a'), () => (every === 0 ? setImmediate(send) : setTimeout(send, every)));
    };
    send();
    setTimeout(() => reject(new Error('the server never cut the body off')), 30_000).unref();
  });
}

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const {port} = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;

describe('hardening: two instances sharing redis-server', () => {
  if (!hasRedis) {
    if (in_ci) {
      it('needs redis-server (.ci/run installs it)', () => assert.fail('redis-server is not installed'));
    } else {
      console.error(`\n${'!'.repeat(78)}\nSKIPPED: the Redis checks: redis-server is not installed (apt-get install redis-server)\n${'!'.repeat(78)}\n`);
      it('SKIPPED: redis-server is not installed', {skip: 'redis-server is not installed'}, () => {});
    }
    return;
  }
  let redis;
  let a;
  let b;
  before(async () => {
    const port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {stdio: 'ignore'});
    const env = {...secretsFor(example), HANDLER_TIMEOUT_MS: String(TIMEOUT_MS), REDIS_URL: `redis://127.0.0.1:${port}`};
    // redis-server takes a moment to listen; the backend gives up after a few attempts.
    for (let i = 0; ; i += 1) {
      try {
        a = await startBackend(dir, {...env, HARDENING_VICTIM: '1'});
        break;
      } catch (error) {
        if (i === 20) {
          throw error;
        }
        await sleep(250);
      }
    }
    b = await startBackend(dir, env);
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    redis?.kill();
  });

  it('says where the event ids are kept', async () => {
    assert.ok(await eventually(() => /event ids: in Redis at 127\.0\.0\.1:\d+/.test(b.logs())), b.logs());
  });

  it('a retry landing on the other instance is not run twice', async () => {
    const body = event('evt_r_slow', 'cus_sleep_600');
    const first = deliver(a, body);
    assert.ok(await eventually(() => starts(a, 'evt_r_slow') === 1), a.logs());
    const whileRunning = await deliver(b, body);
    assert.equal(whileRunning.status, 409, whileRunning.body);
    assert.equal((await first).status, 200);
    const after = await deliver(b, body);
    assert.deepEqual([after.status, JSON.parse(after.body)], [200, {received: true, duplicate: true}]);
    assert.equal(starts(a, 'evt_r_slow') + starts(b, 'evt_r_slow'), 1);
  });

  it('a failure on one instance leaves the event to the other', async () => {
    const body = event('evt_r_flaky', 'cus_flaky');
    assert.equal((await deliver(a, body)).status, 500);
    assert.equal((await deliver(b, body)).status, 500, 'b fails it once too (its own first time)');
    assert.equal((await deliver(b, body)).status, 200);
    assert.equal((await deliver(a, body)).status, 200);
    assert.equal(starts(a, 'evt_r_flaky') + starts(b, 'evt_r_flaky'), 3);
  });

  it('an instance killed mid-handler does not lose the event', {timeout: 30_000}, async () => {
    const body = event('evt_r_victim', 'cus_victim');
    const doomed = deliver(a, body).catch(() => 'connection lost');
    assert.ok(await eventually(() => starts(a, 'evt_r_victim') === 1), a.logs());
    await a.kill();
    assert.equal(await doomed, 'connection lost');
    assert.equal((await deliver(b, body)).status, 409, 'the dead instance still holds its lease');
    await sleep(LEASE_MS + 200);
    const retry = await deliver(b, body);
    assert.deepEqual([retry.status, JSON.parse(retry.body)], [200, {received: true, handled: true}]);
    assert.equal(starts(b, 'evt_r_victim'), 1);
    assert.equal((await deliver(b, body)).status, 200);
    assert.equal(starts(b, 'evt_r_victim'), 1);
  });
});
