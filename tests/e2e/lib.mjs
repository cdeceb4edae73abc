// Shared helpers of the end-to-end checks: where things are, running the pinned tools,
// signing requests, running a compiled backend and its jobs, and a fake of Stripe's API.
import {spawn, spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {createServer} from 'node:http';
import {createRequire} from 'node:module';
import {join} from 'node:path';

/** Set by run.mjs. */
export const WORK = required('E2E_WORK');
export const MODULES = required('E2E_MODULES');
/** The examples as tests/e2e.rs described them (see there for the shape). */
export const PLAN = JSON.parse(readFileSync(required('E2E_PLAN'), 'utf8'));

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the end-to-end test through tests/e2e/run.mjs`);
  }
  return value;
}

export const UI_MODULES = join(MODULES, 'ui', 'node_modules');
export const BACKEND_MODULES = join(MODULES, 'backend', 'node_modules');

/** The compiled project of an example. */
export const dirOf = (example) => join(WORK, example.dir);

/** Loads a package from one of the shared installs. */
export function requireFrom(modules, name) {
  return createRequire(join(modules, '..', 'package.json'))(name);
}

/** Runs a command to completion; returns {status, stdout, stderr, output}. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, {encoding: 'utf8', maxBuffer: 64 << 20, ...options});
  if (result.error) {
    throw result.error;
  }
  return {status: result.status, stdout: result.stdout, stderr: result.stderr, output: result.stdout + result.stderr};
}

/** The pinned TypeScript compiler of the UI or backend install. */
export function tsc(modules, args, options = {}) {
  return run(process.execPath, [join(modules, 'typescript', 'bin', 'tsc'), ...args, '--pretty', 'false'], {
    cwd: WORK,
    ...options,
  });
}

/** The pinned ESLint. */
export function eslint(args, options = {}) {
  return run(process.execPath, [join(UI_MODULES, 'eslint', 'bin', 'eslint.js'), ...args], {cwd: WORK, ...options});
}

/** `file(line,col): error TSnnnn: …` lines of tsc output as {file, line, code, text}. */
export function tscErrors(output) {
  const errors = [];
  for (const match of output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/gm)) {
    errors.push({file: match[1], line: Number(match[2]), code: match[3], text: match[4]});
  }
  return errors;
}

/** The secrets the compiled backends run with. */
export const SECRETS = {
  STRIPE_SECRET_KEY: 'sk_test_e2e_not_a_real_key',
  STRIPE_WEBHOOK_SECRET: 'whsec_e2e_webhook_secret',
  STRIPE_APP_SECRET: 'absec_e2e_app_secret',
  // Not a secret, but required the same way by a backend with an `oauth_callback`.
  STRIPE_OAUTH_INSTALL_URL: 'https://marketplace.stripe.com/oauth/v2/authorize?client_id=ca_e2e',
};

/** Only the variables a backend declares it needs. */
export function secretsFor(example) {
  return Object.fromEntries(example.backend.env.map((name) => [name, SECRETS[name]]));
}

/**
 * Starts `node dist/main.js` in a compiled backend on 127.0.0.1 with PORT=0 (a free
 * port) and resolves once it prints the address it listens on. `logs()` is everything
 * it printed so far; `kill()` ends it at once (SIGKILL), `stop()` politely.
 */
export function startBackend(dir, env) {
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: dir,
    env: {PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', ...env},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`backend in ${dir} did not start in 20 s:\n${stdout}${stderr}`));
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`backend in ${dir} exited with ${code}:\n${stdout}${stderr}`));
    });
    const onData = () => {
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        child.stdout.off('data', onData);
        clearTimeout(timer);
        child.removeAllListeners('exit');
        const ended = new Promise((done) => child.once('exit', done));
        resolve({
          url: match[1],
          logs: () => stdout + stderr,
          stop: () => {
            child.kill();
            return ended;
          },
          kill: () => {
            child.kill('SIGKILL');
            return ended;
          },
        });
      }
    };
    child.stdout.on('data', onData);
  });
}

/**
 * Runs `node dist/main.js job <name>` in a compiled backend with only `env` (and PATH).
 * Unlike `run`, it does not block this process, so that a `fakeStripe` here can answer
 * the job's requests. Resolves {status, stdout, stderr, output}; ended after 20 s.
 */
export function runJob(dir, name, env) {
  const child = spawn(process.execPath, ['dist/main.js', 'job', name], {
    cwd: dir,
    env: {PATH: process.env.PATH, ...env},
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 20_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({status, stdout, stderr, output: stdout + stderr}));
  });
}

/**
 * A local fake of Stripe's API, for a backend's STRIPE_API_BASE: every request is kept in
 * `requests` as {method, path, query, authorization, account (its Stripe-Account header),
 * body (the form stripe-node sends, as URLSearchParams)} and answered with
 * `answer(request)`, a `[status, json]` pair. `start()` resolves the base URL to pass as
 * STRIPE_API_BASE; `close()` stops it.
 */
export function fakeStripe(answer) {
  const requests = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url, 'http://fake.invalid');
      const request = {
        method: req.method,
        path: url.pathname,
        query: url.searchParams,
        authorization: req.headers.authorization,
        account: req.headers['stripe-account'],
        body: new URLSearchParams(body),
      };
      requests.push(request);
      const [status, json] = answer(request);
      res.writeHead(status, {'Content-Type': 'application/json'}).end(JSON.stringify(json));
    });
  });
  return {
    requests,
    start: () =>
      new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`))),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Waits until `predicate()` holds, polling for up to `ms`. */
export async function eventually(predicate, ms = 3000) {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) {
      return false;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}
