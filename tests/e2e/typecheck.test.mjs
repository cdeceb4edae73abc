// Every compiled project type-checks against the real, pinned packages with its own
// tsconfig, and the generated helpers turn undeclared use into compile errors.
import assert from 'node:assert/strict';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {BACKEND_MODULES, PLAN, UI_MODULES, WORK, dirOf, tsc, tscErrors} from './lib.mjs';

const withViews = PLAN.examples.filter((e) => e.views.length > 0);
const withBackend = PLAN.examples.filter((e) => e.backend !== null);

/** Real stripe-node methods, one of which a view or handler has not declared. */
const UNDECLARED_CANDIDATES = ['customers.del', 'charges.create', 'refunds.create', 'products.del'];

function undeclared(methods) {
  const name = UNDECLARED_CANDIDATES.find((m) => !methods.includes(m));
  const [resource, method] = name.split('.');
  return `${resource}.${method}('x_e2e')`;
}

/**
 * Writes `files` ({path: [source, [[line, code], …]]}) and returns the expected errors
 * as `path:line:code` strings, paths relative to the work folder.
 */
function writeCases(files) {
  const expected = [];
  for (const [path, [source, errors]] of Object.entries(files)) {
    mkdirSync(join(WORK, path, '..'), {recursive: true});
    writeFileSync(join(WORK, path), source);
    for (const [line, code] of errors) {
      expected.push(`${path}:${line}:${code}`);
    }
  }
  return expected.sort();
}

function actualErrors(output) {
  return tscErrors(output)
    .map((e) => `${e.file}:${e.line}:${e.code}`)
    .sort();
}

/** The wrong (and right) uses of one view's helpers, each in its own file. */
/** `{id: '…'}, ` for a helper of a path with parameters, else nothing. */
function paramsArg(endpoint) {
  return Object.keys(endpoint.params).length > 0 ? `${JSON.stringify(endpoint.params)}, ` : '';
}

function viewCases(example, view) {
  const base = `${example.dir}/e2e-wrong/${view.component}`;
  const from = `'../src/generated/${view.component}'`;
  const context = "import type {ExtensionContextValue} from '@stripe/ui-extension-sdk/context';\n";
  const cases = {};
  cases[`${base}.method.ts`] =
    view.methods.length > 0
      ? [`import {stripe} from ${from};\nexport const f = () => stripe.${undeclared(view.methods)};\n`, [[2, 'TS2339']]]
      : [`import {stripe} from ${from};\nexport const f = stripe;\n`, [[1, 'TS2305']]];
  cases[`${base}.url.ts`] =
    view.fetch.length > 0
      ? [`import {fetch} from ${from};\nexport const f = () => fetch('https://evil.example/x');\n`, [[2, 'TS2345']]]
      : [`import {fetch} from ${from};\nexport const f = fetch;\n`, [[1, 'TS2305']]];
  const exact = view.fetch.find((u) => !u.endsWith('/'));
  if (exact !== undefined) {
    cases[`${base}.sibling.ts`] = [
      `import {fetch} from ${from};\nexport const f = () => fetch(${JSON.stringify(`${exact}X`)});\n`,
      [[2, 'TS2345']],
    ];
  }
  const prefix = view.fetch.find((u) => u.endsWith('/'));
  if (prefix !== undefined) {
    cases[`${base}.parent.ts`] = [
      `import {fetch} from ${from};\nexport const f = () => fetch(${JSON.stringify(prefix.slice(0, -1))});\n`,
      [[2, 'TS2345']],
    ];
  }
  const endpoint = view.endpoints[0];
  if (endpoint !== undefined) {
    // A helper of a path with parameters takes them second: f(c, {id}, payload).
    const params = paramsArg(endpoint);
    cases[`${base}.reserved.ts`] = [
      `${context}import {${endpoint.function}} from ${from};\nexport const f = (c: ExtensionContextValue) => ${endpoint.function}(c, ${params}{account_id: 'acct_other'});\n`,
      [[3, 'TS2322']],
    ];
    cases[`${base}.notjson.ts`] = [
      `${context}import {${endpoint.function}} from ${from};\nexport const f = (c: ExtensionContextValue) => ${endpoint.function}(c, ${params}{when: new Date()});\n`,
      [[3, 'TS2322']],
    ];
  }
  const withParams = view.endpoints.find((e) => Object.keys(e.params).length > 0);
  if (withParams !== undefined) {
    // Path parameters are typed: a missing one, or one of another name, is an error.
    cases[`${base}.params.ts`] = [
      `${context}import {${withParams.function}} from ${from};\nexport const f = (c: ExtensionContextValue) => ${withParams.function}(c, {}, {});\n`,
      [[3, 'TS2345']],
    ];
  }
  // Everything the view declares, used as declared: no error at all.
  const names = [];
  const body = [];
  if (view.methods.length > 0) {
    names.push('stripe');
    body.push(...view.methods.map((m) => `  void stripe.${m};`));
  }
  if (view.fetch.length > 0) {
    names.push('fetch');
    for (const url of view.fetch) {
      if (url.endsWith('/')) {
        body.push(`  await fetch(\`${url}\${id}/more\`);`);
      } else {
        body.push(`  await fetch(${JSON.stringify(url)});`, `  await fetch(\`${url}?id=\${id}\`);`);
      }
    }
  }
  for (const e of view.endpoints) {
    names.push(e.function);
    body.push(`  const ${e.function}Result = await ${e.function}<{ok: boolean}>(c, ${paramsArg(e)}{id, n: 1, nested: {list: [1, 'two', null, true]}});`);
    body.push(`  void ${e.function}Result.ok;`);
  }
  if (view.endpoints.length > 0) {
    names.push('EndpointError', 'type EndpointPayload');
    body.push("  const payload: EndpointPayload = {id};", '  void payload;', '  void EndpointError;');
  }
  for (const s of view.sdk) {
    names.push(s);
    body.push(`  void (await ${s}());`);
  }
  const imports = names.length > 0 ? `import {${names.join(', ')}} from ${from};\n` : '';
  cases[`${base}.allowed.ts`] = [
    `${context}${imports}export const f = async (c: ExtensionContextValue, id: string) => {\n  void c;\n  void id;\n${body.join('\n')}\n};\n`,
    [],
  ];
  return cases;
}

/** A missing, an undeclared-call and a left-over handler of one backend. */
function backendCases(example) {
  const b = example.backend;
  const section = b.endpoints.length > 0 ? 'endpoints' : b.events.length > 0 ? 'events' : b.jobs.length > 0 ? 'jobs' : null;
  if (section === null) {
    return {};
  }
  const member = b[section][0];
  const key = JSON.stringify(member.name);
  const path = `${example.dir}/backend/e2e-wrong/handlers.ts`;
  const call = {
    endpoints: `async (call) => { await call.stripe.${undeclared(member.methods)}; }`,
    events: `async (_event, context) => { await context.stripe.${undeclared(member.methods)}; }`,
    jobs: `async (context) => { await context.stripe.${undeclared(member.methods)}; }`,
  }[section];
  const source = [
    "import type {Handlers} from '../src/generated/app';",
    "import {handlers as complete} from '../src/handlers';",
    `const {[${key}]: _omitted, ...rest} = complete.${section};`,
    `export const missing: Handlers = {...complete, ${section}: rest};`,
    `export const undeclared: Handlers = {...complete, ${section}: {...complete.${section}, [${key}]: ${call}}};`,
    `export const leftOver: Handlers = {...complete, ${section}: {...complete.${section}, removed_e2e: async () => undefined}};`,
    '',
  ].join('\n');
  return {[path]: [source, [[4, 'TS2741'], [5, 'TS2339'], [6, 'TS2353']]]};
}

describe('UI extension projects', () => {
  it('every project passes tsc --noEmit with its own tsconfig (the tools preset)', () => {
    const result = tsc(UI_MODULES, ['-b', ...withViews.map((e) => e.dir)]);
    assert.equal(result.status, 0, result.output);
  });

  it('every manifest view has src/views/<component>.tsx with a default export', () => {
    for (const example of PLAN.examples) {
      const manifest = JSON.parse(readFileSync(join(dirOf(example), 'stripe-app.json'), 'utf8'));
      assert.deepEqual(
        manifest.ui_extension.views.map((v) => v.component),
        example.views.map((v) => v.component),
      );
      for (const {component} of manifest.ui_extension.views) {
        const file = join(dirOf(example), 'src', 'views', `${component}.tsx`);
        assert.ok(existsSync(file), file);
        assert.match(readFileSync(file, 'utf8'), /^export default \w+;$/m, file);
      }
    }
  });

  it('undeclared methods, URLs and payload keys are type errors; declared use compiles', () => {
    let cases = {};
    for (const example of withViews) {
      for (const view of example.views) {
        cases = {...cases, ...viewCases(example, view)};
      }
    }
    const expected = writeCases(cases);
    writeFileSync(
      join(WORK, 'tsconfig.e2e-wrong-ui.json'),
      JSON.stringify({extends: '@stripe/ui-extension-tools/tsconfig.ui-extension', include: ['*/e2e-wrong']}),
    );
    const result = tsc(UI_MODULES, ['-p', 'tsconfig.e2e-wrong-ui.json']);
    assert.notEqual(result.status, 0);
    assert.deepEqual(actualErrors(result.output), expected, result.output);
  });
});

describe('backends', () => {
  it('a missing handler, an undeclared call and a left-over handler are type errors', () => {
    let cases = {};
    for (const example of withBackend) {
      cases = {...cases, ...backendCases(example)};
    }
    const expected = writeCases(cases);
    // The backends' own compiler options, without emitting.
    const own = JSON.parse(readFileSync(join(dirOf(withBackend[0]), 'backend', 'tsconfig.json'), 'utf8'));
    const {rootDir: _rootDir, outDir: _outDir, ...options} = own.compilerOptions;
    writeFileSync(
      join(WORK, 'tsconfig.e2e-wrong-backend.json'),
      JSON.stringify({
        compilerOptions: {...options, noEmit: true, typeRoots: [join(BACKEND_MODULES, '@types')]},
        include: ['*/backend/e2e-wrong'],
      }),
    );
    const result = tsc(BACKEND_MODULES, ['-p', 'tsconfig.e2e-wrong-backend.json']);
    assert.notEqual(result.status, 0);
    assert.deepEqual(actualErrors(result.output), expected, result.output);
  });
});
