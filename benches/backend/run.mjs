#!/usr/bin/env node
// Benchmark (not a test): signed-webhook throughput of the generated Node backend against a
// minimal hand-written Express + stripe-node receiver (reference.mjs), side by side in one
// run, then the memory of each after 100,000 deliveries.
//
//   cargo build --release && node benches/backend/run.mjs [--rounds 3] [--count 20000] [--concurrency 32]
//
// It compiles app.stripeapp with target/release/stripeapp (or target/debug, or
// $STRIPEAPP_BIN), replaces the starter handler with a no-op (the reference does nothing
// either), installs the pinned backend packages of tests/e2e/backend (its lockfile) once
// into target/bench/backend/node, builds, and runs both servers on 127.0.0.1 while load.mjs
// (a separate process) sends distinct signed events over keep-alive connections. Rounds
// alternate between the two servers; the median of each is reported, with the CPU time the
// server process spent per delivery (from /proc) and its resident memory.
import {spawn, spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');
const out = join(repo, 'target', 'bench', 'backend');
const options = {rounds: 3, count: 20000, concurrency: 32};
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, '');
  if (!(key in options) || !/^\d+$/.test(process.argv[i + 1] ?? '')) {
    console.error('usage: node benches/backend/run.mjs [--rounds N] [--count N] [--concurrency N]');
    process.exit(2);
  }
  options[key] = Number(process.argv[i + 1]);
}
const SECRETS = {STRIPE_SECRET_KEY: 'sk_test_bench_not_a_real_key', STRIPE_WEBHOOK_SECRET: 'whsec_bench_secret'};

function must(command, args, opts = {}) {
  const result = spawnSync(command, args, {stdio: 'inherit', ...opts});
  if (result.status !== 0) {
    console.error(`bench: ${command} ${args.join(' ')} failed`);
    process.exit(1);
  }
}

const bin =
  process.env.STRIPEAPP_BIN ??
  [join(repo, 'target', 'release', 'stripeapp'), join(repo, 'target', 'debug', 'stripeapp')].find((p) => existsSync(p));
if (bin === undefined) {
  console.error('bench: build stripeapp first (cargo build --release)');
  process.exit(1);
}

// The pinned packages, once per lockfile.
const modules = join(out, 'node');
const lockDir = join(repo, 'tests', 'e2e', 'backend');
const hash = createHash('sha256').update(readFileSync(join(lockDir, 'package-lock.json'))).digest('hex');
const stamp = join(modules, 'node_modules', '.bench-lock');
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== hash) {
  rmSync(modules, {recursive: true, force: true});
  mkdirSync(modules, {recursive: true});
  copyFileSync(join(lockDir, 'package.json'), join(modules, 'package.json'));
  copyFileSync(join(lockDir, 'package-lock.json'), join(modules, 'package-lock.json'));
  must('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {cwd: modules});
  writeFileSync(stamp, hash);
}

// The generated backend, with a no-op handler, and the reference beside the packages.
const app = join(out, 'app');
rmSync(app, {recursive: true, force: true});
must(bin, ['compile', join(here, 'app.stripeapp'), '-o', app], {stdio: 'ignore'});
writeFileSync(
  join(app, 'backend', 'src', 'handlers.ts'),
  "import type {Handlers} from './generated/app';\n\nexport const handlers: Handlers = {\n  events: {\n    async 'customer.created'() {},\n  },\n};\n",
);
symlinkSync(join(modules, 'node_modules'), join(app, 'backend', 'node_modules'), 'dir');
must(process.execPath, [join(modules, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(app, 'backend')]);
copyFileSync(join(here, 'reference.mjs'), join(modules, 'reference.mjs'));

/**
 * With `taskset` (util-linux), the servers share CPU 1 and the load generator gets CPU 0,
 * so that neither steals the other's time (other work on the machine still can).
 */
const pin = spawnSync('taskset', ['--version']).status === 0;
const onCpu = (cpu, args) => (pin ? ['taskset', ['-c', String(cpu), process.execPath, ...args]] : [process.execPath, args]);

function start(name, args, cwd) {
  const [command, argv] = onCpu(1, args);
  const child = spawn(command, argv, {cwd, env: {PATH: process.env.PATH, ...SECRETS, HOST: '127.0.0.1', PORT: '0'}, stdio: ['ignore', 'pipe', 'inherit']});
  let stdout = '';
  return new Promise((done, fail) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        done({name, child, url: `${match[1]}/api/webhooks`});
      }
    });
    child.on('exit', (code) => fail(new Error(`${name} exited with ${code}: ${stdout}`)));
  });
}

/** The server's CPU time (user + system) in ms, and its resident memory in MB. */
function usage(server) {
  const stat = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))[1]) / 1024;
  return {cpuMs: (ticks * 1000) / 100, rssMb: rss};
}

function load(server, count) {
  const [command, argv] = onCpu(0, [join(here, 'load.mjs'), server.url, String(count), String(options.concurrency), SECRETS.STRIPE_WEBHOOK_SECRET]);
  const result = spawnSync(command, argv, {encoding: 'utf8'});
  if (result.status !== 0) {
    throw new Error(`load generator failed: ${result.stderr}`);
  }
  const line = JSON.parse(result.stdout.trim().split('\n').at(-1));
  if (line.statuses['200'] !== count) {
    throw new Error(`${server.name}: not every delivery got 200: ${JSON.stringify(line.statuses)}`);
  }
  return line;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const generated = await start('generated', ['dist/main.js'], join(app, 'backend'));
const reference = await start('reference', ['reference.mjs'], modules);
try {
  for (const server of [generated, reference]) {
    load(server, 5000); // warm-up: JIT, connections
  }
  const results = {generated: [], reference: []};
  for (let round = 1; round <= options.rounds; round += 1) {
    for (const server of round % 2 === 1 ? [generated, reference] : [reference, generated]) {
      const before = usage(server);
      const {rate} = load(server, options.count);
      const cpuUsPerDelivery = ((usage(server).cpuMs - before.cpuMs) * 1000) / options.count;
      results[server.name].push({rate, cpuUsPerDelivery});
      console.log(`round ${round} ${server.name.padEnd(9)} ${rate.toFixed(0).padStart(6)} deliveries/s  ${cpuUsPerDelivery.toFixed(0).padStart(4)} µs CPU each`);
    }
  }
  const summary = Object.fromEntries(
    Object.entries(results).map(([name, rs]) => [name, {rate: median(rs.map((r) => r.rate)), cpu: median(rs.map((r) => r.cpuUsPerDelivery))}]),
  );
  // Memory after 100,000 deliveries in all (counting those above), in batches of 20,000
  // so that every signature is fresh.
  const memory = {};
  for (const server of [generated, reference]) {
    let sent = 5000 + options.rounds * options.count;
    while (sent < 100_000) {
      const batch = Math.min(20_000, 100_000 - sent);
      load(server, batch);
      sent += batch;
    }
    memory[server.name] = usage(server).rssMb;
  }
  console.log(`\nconcurrency ${options.concurrency}, ${options.rounds} rounds of ${options.count}, median:`);
  for (const name of ['generated', 'reference']) {
    console.log(
      `  ${name.padEnd(9)} ${summary[name].rate.toFixed(0).padStart(6)} deliveries/s  ${summary[name].cpu.toFixed(0).padStart(4)} µs CPU/delivery  RSS after 100,000 deliveries ${memory[name].toFixed(0)} MB`,
    );
  }
  console.log(
    `  generated / reference: ${(summary.generated.rate / summary.reference.rate).toFixed(2)}× throughput, ${(summary.generated.cpu / summary.reference.cpu).toFixed(2)}× CPU per delivery${pin ? ' (servers on CPU 1, load on CPU 0)' : ''}`,
  );
} finally {
  generated.child.kill();
  reference.child.kill();
}
