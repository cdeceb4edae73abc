// The views and helpers pass the SDK's ESLint preset, each project with its own
// eslint.config.mjs.
import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {PLAN, WORK, eslint} from './lib.mjs';

const withViews = PLAN.examples.filter((e) => e.views.length > 0);
// Each file is linted with the eslint.config.mjs of its own project.
const PER_PROJECT_CONFIG = ['--flag', 'v10_config_lookup_from_file'];

describe('ESLint (the @stripe/ui-extension-tools preset)', () => {
  it('passes on every view and generated helper, without warnings', () => {
    const result = eslint([...PER_PROJECT_CONFIG, '--max-warnings=0', ...withViews.map((e) => `${e.dir}/src`)]);
    assert.equal(result.status, 0, result.output);
  });

  it('really runs the preset: lowercase JSX fails', () => {
    const dir = join(WORK, withViews[0].dir, 'e2e-lint');
    mkdirSync(dir, {recursive: true});
    writeFileSync(join(dir, 'Bad.tsx'), 'export const Bad = () => <div />;\n');
    const result = eslint([...PER_PROJECT_CONFIG, join(dir, 'Bad.tsx')]);
    assert.notEqual(result.status, 0);
    assert.match(result.output, /This element is not supported/);
  });
});
