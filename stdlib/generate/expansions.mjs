// Reads stripe-node's type definitions for what `expand` can reach: which object each method
// of a top-level resource returns (and whether in a list), and which fields of each object are
// expandable (typed `string | Customer | …`: an id, or the object when expanded), with the
// objects they expand to. Used by generate.mjs to write stdlib/expansions.toml.
//
// Limits (documented in SOURCES.md): only resources declared directly on the `Stripe` class
// (`stripe.invoices`, not `stripe.billing.alerts`), only fields declared on an object's own
// interface (not on its nested sub-objects), only fields whose type is written on one line.

import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const packageDir = join(dirname(new URL(import.meta.url).pathname), 'node_modules', 'stripe');
const esm = join(packageDir, 'esm');

const files = new Map();
function source(path) {
  if (!files.has(path)) files.set(path, readFileSync(path, 'utf8'));
  return files.get(path);
}

/** `import { A, B } from './X.js'` of a file: imported name → the file it comes from. */
function imports(path) {
  const out = new Map();
  for (const m of source(path).matchAll(/^import \{([^}]*)\} from '(\.[^']*)\.js';$/gm)) {
    const from = normalize(join(dirname(path), `${m[2]}.d.ts`));
    for (const name of m[1].split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!name.includes(' ')) out.set(name, from);
    }
  }
  return out;
}

/** The lines of `export interface <name> {` … `}` in a file, or null. */
function interfaceBody(path, name) {
  const text = source(path);
  const start = text.indexOf(`\nexport interface ${name} {\n`);
  if (start < 0) return null;
  const open = start + `\nexport interface ${name} {\n`.length;
  const close = text.indexOf('\n}\n', open);
  return text.slice(open, close < 0 ? undefined : close).split('\n');
}

/** The members of `export type <name> = A | B;` in a file, or null. */
function typeAlias(path, name) {
  const m = source(path).match(new RegExp(`^export type ${name} = ([A-Za-z| ]+);$`, 'm'));
  return m ? m[1].split('|').map((s) => s.trim()) : null;
}

/**
 * The interfaces the type `name` used in `path` stands for, as [file, name] pairs: itself,
 * or the members of a type alias (`CustomerSource = Account | BankAccount | …`).
 */
function resolveTypes(path, name, depth = 0) {
  for (const file of [path, imports(path).get(name)].filter(Boolean)) {
    if (interfaceBody(file, name)) return [[file, name]];
    const members = depth < 3 && typeAlias(file, name);
    if (members) return members.flatMap((m) => resolveTypes(file, m, depth + 1));
  }
  return [];
}

/** The object an interface describes (its `object: '<x>'` field), or null. */
function objectOf(file, name) {
  const body = interfaceBody(file, name) || [];
  for (const line of body) {
    const m = line.match(/^ {4}object: '([^']+)';$/);
    if (m) return m[1];
  }
  return null;
}

/** The expandable fields of an object's interface: [{field, targets: [[file, name]]}]. */
function expandableFields(file, name) {
  const out = [];
  for (const line of interfaceBody(file, name) || []) {
    const m = line.match(/^ {4}([a-z_][a-z0-9_]*)\??: (.+);$/);
    if (!m) continue;
    const parts = m[2].split(' | ').map((s) => s.trim());
    if (!parts.includes('string')) continue;
    const targets = parts
      .filter((p) => /^[A-Z][A-Za-z0-9]*$/.test(p))
      .flatMap((p) => resolveTypes(file, p))
      .filter((t) => objectOf(t[0], t[1]));
    if (targets.length) out.push({ field: m[1], targets });
  }
  return out;
}

/**
 * The expansion table: `returns` (method → object, list) for the top-level resources, and
 * `fields` (object → expandable field → objects) for every object those methods reach.
 */
export function expansionTables() {
  const core = join(esm, 'stripe.core.d.ts');
  const classes = imports(core);
  const returns = [];
  const queue = [];
  const classStart = source(core).indexOf('\nexport declare class Stripe {');
  const classText = source(core).slice(classStart, source(core).indexOf('\n}\n', classStart));
  for (const m of classText.matchAll(/^ {4}([a-zA-Z]+): ([A-Za-z]+Resource);$/gm)) {
    const [, resource, cls] = m;
    const file = classes.get(cls);
    if (!file) continue;
    const text = source(file);
    const start = text.indexOf(`export declare class ${cls} `);
    if (start < 0) continue;
    const body = text.slice(start, text.indexOf('\n}\n', start)).split('\n');
    for (const line of body) {
      // `Promise<Response<Customer | DeletedCustomer>>`: the first member is the object.
      const r = line.match(/^ {4}([a-zA-Z]+)\(.*\): (Promise<Response<([A-Za-z]+)( \| [A-Za-z]+)*>>|ApiListPromise<([A-Za-z]+)>|ApiSearchResultPromise<([A-Za-z]+)>);$/);
      if (!r) continue;
      const type = r[3] || r[5] || r[6];
      const [target] = resolveTypes(file, type);
      const object = target && objectOf(target[0], target[1]);
      if (!object) continue;
      returns.push({ method: `${resource}.${r[1]}`, object, list: !r[3] });
      queue.push(target);
    }
  }
  const fields = new Map();
  const seen = new Set();
  while (queue.length) {
    const [file, name] = queue.shift();
    const object = objectOf(file, name);
    const key = `${file}#${name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const { field, targets } of expandableFields(file, name)) {
      const id = `${object}.${field}`;
      const objects = [...new Set(targets.map((t) => objectOf(t[0], t[1])))].sort();
      const prior = fields.get(id);
      const merged = prior ? [...new Set([...prior.targets, ...objects])].sort() : objects;
      fields.set(id, { object, field, targets: merged });
      queue.push(...targets);
    }
  }
  const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  returns.sort((a, b) => byName(a.method, b.method));
  return {
    returns,
    fields: [...fields.values()].sort((a, b) => byName(`${a.object} ${a.field}`, `${b.object} ${b.field}`)),
  };
}
