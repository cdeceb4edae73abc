// Writes stdlib/methods.toml and stdlib/events.toml from the pinned stripe-node (what exists,
// with verbs and paths) and stdlib/permission-map.toml (which permission each resource and
// event object needs, kept by hand). Usage, from the repository root:
//
//   npm ci --prefix stdlib/generate && node stdlib/generate/generate.mjs [--check] [--out DIR]
//
// `--check` writes nothing: it exits 1 when the committed tables differ from what it would
// write. `--out DIR` writes there instead of stdlib/; `--stdlib DIR` reads the hand-kept
// tables (and, with --check, the committed ones) from DIR instead of this script's parent. It also exits 1, naming them, when
// stripe-node has a resource, a method direction or an event object the map does not cover.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';
import { walkClient, v1EventTypes, thinEventTypes, stripeNodeVersion } from './extract.mjs';
import { expansionTables } from './expansions.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : fallback);
const stdlib = option('--stdlib', join(here, '..'));
const check = args.includes('--check');
const outDir = option('--out', stdlib);

const map = parse(readFileSync(join(stdlib, 'permission-map.toml'), 'utf8'));
const permissions = parse(readFileSync(join(stdlib, 'permissions.toml'), 'utf8')).permission;
const known = new Map(permissions.map((p) => [p.name, p]));
const reasons = new Map(map.reason.map((r) => [r.key, r.text]));
const problems = [];

// What each derivation kind means for the checker: `documented` and `resource_table` are
// checked silently, `neighbour` and `unconfirmed` are checked with a warning that says so,
// `none` is reported as unchecked with its reason.
const BASIS = {
  documented: 'documented',
  resource_table: 'documented',
  neighbour: 'inferred',
  unconfirmed: 'inferred',
  none: 'unknown',
};

function permissionMustExist(name, where) {
  if (!known.has(name)) problems.push(`${where}: permission \`${name}\` is not in permissions.toml`);
}

/** A preview computes what an action would do and changes nothing, so it reads (issue 9). */
function isPreview(method) {
  return /preview/i.test(method.name) || /preview/.test(method.path);
}

function methodRows() {
  const { resources, aliases } = walkClient();
  const byPath = new Map(map.resource.map((r) => [r.path, r]));
  const exceptions = new Map((map.method || []).map((m) => [m.name, m]));
  const used = new Set();
  const rows = [];
  for (const resource of resources) {
    const entry = byPath.get(resource.path);
    if (!entry) {
      problems.push(`stripe-node resource \`${resource.path}\` is not in permission-map.toml`);
      continue;
    }
    used.add(resource.path);
    for (const m of resource.methods) {
      const name = `${resource.path}.${m.name}`;
      const direction = m.http === 'GET' || isPreview(m) ? 'read' : 'write';
      const kind = entry[`${direction}_kind`];
      if (!kind) {
        problems.push(`\`${name}\` (${m.http}) needs a ${direction} mapping for \`${resource.path}\` in permission-map.toml`);
        continue;
      }
      let permission = entry[direction] || '';
      let rowKind = kind;
      let derivation;
      if (kind === 'none') {
        const text = reasons.get(entry[`${direction}_reason`]);
        if (!text) problems.push(`\`${resource.path}\`: unknown reason \`${entry[`${direction}_reason`]}\``);
        derivation = `no permission: ${text}`;
      } else {
        permissionMustExist(permission, resource.path);
        const rule = direction === 'read'
          ? (m.http === 'GET' ? 'GET reads' : 'a preview reads')
          : `${m.http} writes`;
        derivation = {
          resource_table: `resource table: the Apps reference lists \`${resource.path}\` under ${permission}; ${rule}`,
          neighbour: `inferred from a documented neighbour: ${entry.source}; ${rule}`,
          unconfirmed: `unconfirmed for apps: ${entry.source}; ${rule}`,
        }[kind];
      }
      let also = [];
      const exception = exceptions.get(name);
      if (exception) {
        exceptions.delete(name);
        if (exception.permission) {
          permissionMustExist(exception.permission, name);
          permission = exception.permission;
          rowKind = exception.kind;
          derivation = `documented for this method: ${exception.source}`;
        }
        also = exception.also || [];
        also.forEach((p) => permissionMustExist(p, name));
        if (also.length) derivation += `; also ${also.join(', ')}: ${exception.source}`;
      }
      const notes = m.apiBase ? `sent to stripe-node's \`${m.apiBase}\` API base, not api.stripe.com` : '';
      rows.push({ name, http: m.http, path: m.path, permission, also, basis: BASIS[rowKind], kind: rowKind, derivation, notes, alias_of: '' });
    }
  }
  for (const path of byPath.keys()) {
    if (!used.has(path)) problems.push(`permission-map.toml maps \`${path}\`, which stripe-node ${stripeNodeVersion()} does not have`);
  }
  for (const name of exceptions.keys()) problems.push(`permission-map.toml has an exception for \`${name}\`, which stripe-node does not have`);
  // Aliases (`stripe.account` for `stripe.accounts`): the same methods under a second name.
  const aliasRows = [];
  for (const { alias, of } of aliases) {
    for (const row of rows.filter((r) => r.name.startsWith(`${of}.`))) {
      aliasRows.push({ ...row, name: `${alias}${row.name.slice(of.length)}`, alias_of: row.name });
    }
  }
  return [...rows, ...aliasRows].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `invoice` for `invoice.paid`; `v2.core.account` for `v2.core.account[requirements].updated`. */
function eventObject(type) {
  return type.slice(0, type.lastIndexOf('.')).replace(/\[[^\]]*\]/g, '');
}

function eventRows() {
  const objects = new Map(map.event_object.map((o) => [o.object, o]));
  const used = new Set();
  const rows = [];
  const add = (name, object, thin) => {
    const entry = objects.get(object);
    if (!entry) {
      problems.push(`event \`${name}\`: object \`${object}\` is not an [[event_object]] in permission-map.toml`);
      return;
    }
    used.add(object);
    entry.any_of.forEach((p) => permissionMustExist(p, `event object ${object}`));
    let derivation;
    if (entry.kind === 'none') {
      const text = reasons.get(entry.reason);
      if (!text) problems.push(`event object \`${object}\`: unknown reason \`${entry.reason}\``);
      derivation = `no permission: ${text}`;
    } else {
      derivation = {
        documented: `documented: ${entry.source}`,
        neighbour: `inferred from a documented neighbour: ${entry.source}`,
        unconfirmed: `unconfirmed for apps: ${entry.source}`,
      }[entry.kind];
    }
    // The reference's event table lists snapshot events; a thin event of the same object is
    // its neighbour, not itself documented.
    const unlisted = (entry.unlisted || []).includes(name);
    const kind = (thin || unlisted) && entry.kind === 'documented' ? 'neighbour' : entry.kind;
    if (unlisted) {
      derivation = `inferred from a documented neighbour: the reference's event table does not list it; the same permissions as the other \`${object}\` events it lists`;
    }
    if (thin) derivation = `thin event of \`${object}\`; ${derivation}`;
    rows.push({ name, any_of: entry.any_of, basis: BASIS[kind], kind, derivation });
  };
  for (const type of v1EventTypes()) add(type, eventObject(type), false);
  for (const type of thinEventTypes()) {
    // A thin `v1.X` event carries the same object as the v1 event `X`.
    const object = type.startsWith('v1.') ? eventObject(type.slice(3)) : eventObject(type);
    add(type, object, true);
  }
  for (const object of objects.keys()) {
    if (!used.has(object)) problems.push(`permission-map.toml has event object \`${object}\`, which no stripe-node event uses`);
  }
  const names = new Set(rows.map((r) => r.name));
  for (const entry of objects.values()) {
    for (const name of entry.unlisted || []) {
      if (!names.has(name)) problems.push(`permission-map.toml lists \`${name}\` as unlisted, but stripe-node has no such event`);
    }
  }
  return rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// JSON strings are valid TOML basic strings.
const q = (s) => JSON.stringify(s);
const list = (xs) => `[${xs.map(q).join(', ')}]`;

function methodsToml(rows) {
  const head = [
    `# GENERATED by stdlib/generate/generate.mjs from stripe-node ${stripeNodeVersion()} and permission-map.toml.`,
    '# Do not edit: change permission-map.toml and regenerate. See SOURCES.md.',
    '',
  ];
  const body = rows.flatMap((r) => [
    '[[method]]',
    `name = ${q(r.name)}`,
    `http = ${q(r.http)}`,
    `path = ${q(r.path)}`,
    `permission = ${q(r.permission)}`,
    `also = ${list(r.also)}`,
    `basis = ${q(r.basis)}`,
    `kind = ${q(r.kind)}`,
    `derivation = ${q(r.derivation)}`,
    `notes = ${q(r.notes)}`,
    `alias_of = ${q(r.alias_of)}`,
    '',
  ]);
  return [...head, ...body].join('\n');
}

function eventsToml(rows) {
  const head = [
    `# GENERATED by stdlib/generate/generate.mjs from stripe-node ${stripeNodeVersion()} and permission-map.toml.`,
    '# Do not edit: change permission-map.toml and regenerate. See SOURCES.md.',
    '',
  ];
  const body = rows.flatMap((r) => [
    '[[event]]',
    `name = ${q(r.name)}`,
    `any_of = ${list(r.any_of)}`,
    `basis = ${q(r.basis)}`,
    `kind = ${q(r.kind)}`,
    `derivation = ${q(r.derivation)}`,
    '',
  ]);
  return [...head, ...body].join('\n');
}

/**
 * stdlib/expansions.toml: what each method returns, and each object's expandable fields with
 * the read permission of every object a field expands to. An object's read permission is the
 * one its `retrieve` method needs (else a `list` returning it), from the method table above;
 * empty when no such method has a permission.
 */
function expansionsToml(methods) {
  const { returns, fields } = expansionTables();
  const byName = new Map(methods.map((m) => [m.name, m]));
  const readPermission = (object) => {
    const readers = returns
      .filter((r) => r.object === object)
      .map((r) => byName.get(r.method))
      .filter((m) => m && m.http === 'GET' && m.basis !== 'unknown' && m.permission);
    const pick = readers.find((m) => m.name.endsWith('.retrieve')) || readers.find((m) => m.name.endsWith('.list'));
    return pick ? pick.permission : '';
  };
  const head = [
    `# GENERATED by stdlib/generate/generate.mjs from stripe-node ${stripeNodeVersion()}'s type definitions.`,
    '# Do not edit: regenerate. See SOURCES.md (expansions).',
    '',
  ];
  const methodBody = returns.flatMap((r) => [
    '[[returns]]',
    `method = ${q(r.method)}`,
    `object = ${q(r.object)}`,
    `list = ${r.list}`,
    '',
  ]);
  const fieldBody = fields.flatMap((f) => [
    '[[field]]',
    `object = ${q(f.object)}`,
    `name = ${q(f.field)}`,
    `targets = ${list(f.targets)}`,
    `permissions = ${list(f.targets.map(readPermission))}`,
    '',
  ]);
  return [...head, ...methodBody, ...fieldBody].join('\n');
}

const methods = methodRows();
const outputs = {
  'methods.toml': methodsToml(methods),
  'events.toml': eventsToml(eventRows()),
  'expansions.toml': expansionsToml(methods),
};

if (problems.length) {
  console.error(`permission-map.toml does not cover stripe-node ${stripeNodeVersion()}:`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}

let stale = false;
for (const [file, text] of Object.entries(outputs)) {
  const path = join(outDir, file);
  if (check) {
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      // A missing file is a stale one.
    }
    if (current !== text) {
      console.error(`${path} is not what the generator writes; run: node stdlib/generate/generate.mjs`);
      stale = true;
    }
  } else {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path, text);
    console.log(`wrote ${path}`);
  }
}
process.exit(stale ? 1 : 0);
