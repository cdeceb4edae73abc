#!/usr/bin/env node
// Runs the end-to-end checks on compiled examples. tests/e2e.rs calls it after compiling
// every example into --work and describing them in --plan:
//
//   node tests/e2e/run.mjs --work DIR --plan FILE --modules DIR --cache DIR
//
// 1. Installs the pinned packages of tests/e2e/ui and tests/e2e/backend from their
//    committed lockfiles (`npm ci`), once, into --modules/{ui,backend}; a stamp with the
//    lockfile's hash skips the install while the lockfile is unchanged. The npm cache is
//    --cache, so a CI cache of that folder makes a cold install an offline one.
// 2. Links those node_modules into every compiled project, and builds every backend.
// 3. Runs the *.test.mjs files beside this script with node's test runner.
// Prints how long each step took.
import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2));
const timings = [];

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    if (!['work', 'plan', 'modules', 'cache'].includes(key) || argv[i + 1] === undefined) {
      console.error('usage: node tests/e2e/run.mjs --work DIR --plan FILE --modules DIR --cache DIR');
      process.exit(2);
    }
    out[key] = resolve(argv[i + 1]);
  }
  for (const key of ['work', 'plan', 'modules', 'cache']) {
    if (out[key] === undefined) {
      console.error(`missing --${key}`);
      process.exit(2);
    }
  }
  return out;
}

function timed(name, action) {
  const start = process.hrtime.bigint();
  const result = action();
  timings.push([name, Number(process.hrtime.bigint() - start) / 1e9]);
  return result;
}

function report() {
  console.log('\ne2e timings:');
  for (const [name, seconds] of timings) {
    console.log(`  ${name.padEnd(30)} ${seconds.toFixed(1)} s`);
  }
  const total = timings.reduce((sum, [, seconds]) => sum + seconds, 0);
  console.log(`  ${'total'.padEnd(30)} ${total.toFixed(1)} s`);
}

/** `npm ci` of tests/e2e/<kind> into --modules/<kind>, unless its lockfile was installed already. */
function install(kind) {
  const source = join(here, kind);
  const target = join(args.modules, kind);
  const lock = readFileSync(join(source, 'package-lock.json'));
  const hash = createHash('sha256').update(lock).update(readFileSync(join(source, 'package.json'))).digest('hex');
  const stamp = join(target, 'node_modules', '.stripeapp-e2e-lock');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) {
    console.log(`e2e: ${kind} packages already installed from this lockfile`);
    return;
  }
  rmSync(target, {recursive: true, force: true});
  mkdirSync(target, {recursive: true});
  copyFileSync(join(source, 'package.json'), join(target, 'package.json'));
  copyFileSync(join(source, 'package-lock.json'), join(target, 'package-lock.json'));
  const result = spawnSync(
    'npm',
    ['ci', '--cache', args.cache, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
    {cwd: target, stdio: 'inherit'},
  );
  if (result.status !== 0) {
    console.error(`e2e: npm ci of the ${kind} packages failed (exit ${result.status ?? result.signal})`);
    report();
    process.exit(1);
  }
  writeFileSync(stamp, hash);
}

function link(target, path) {
  rmSync(path, {recursive: true, force: true});
  symlinkSync(target, path, 'dir');
}

timed('npm ci (UI packages)', () => install('ui'));
timed('npm ci (backend packages)', () => install('backend'));

const plan = JSON.parse(readFileSync(args.plan, 'utf8'));
timed('link node_modules', () => {
  const ui = join(args.modules, 'ui', 'node_modules');
  const backend = join(args.modules, 'backend', 'node_modules');
  // The work folder itself resolves like a UI project (for the combined tsconfigs).
  link(ui, join(args.work, 'node_modules'));
  for (const example of plan.examples) {
    link(ui, join(args.work, example.dir, 'node_modules'));
    if (example.backend !== null) {
      link(backend, join(args.work, example.dir, 'backend', 'node_modules'));
    }
  }
});

// Every backend is built once before the checks start, so that the checks running in
// parallel all find dist/ (the backend checks' own `tsc -b` is then a no-op).
timed('build backends (tsc -b)', () => {
  const backends = plan.examples.filter((e) => e.backend !== null).map((e) => join(args.work, e.dir, 'backend'));
  const tsc = join(args.modules, 'backend', 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-b', ...backends, '--pretty', 'false'], {stdio: 'inherit'});
  if (result.status !== 0) {
    console.error('e2e: a backend did not build (the backend checks report it)');
  }
});

const tests = readdirSync(here)
  .filter((name) => name.endsWith('.test.mjs'))
  .sort()
  .map((name) => join(here, name));
const result = timed('checks (node --test)', () =>
  spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-reporter=spec', ...tests], {
    stdio: 'inherit',
    env: {...process.env, E2E_WORK: args.work, E2E_PLAN: args.plan, E2E_MODULES: args.modules},
  }),
);
report();
process.exit(result.status === 0 ? 0 : 1);
