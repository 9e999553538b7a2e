/** The node's V8 flags are passed where a node process starts: they must not drift apart. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { NODE_V8_FLAGS, hasNodeV8Flags } from './v8-flags.js';

const root = new URL('../../../', import.meta.url);

test('npm start and the tao launcher pass every node V8 flag', () => {
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const shebang = readFileSync(new URL('packages/cli/bin/tao.mjs', root), 'utf8').split('\n')[0] ?? '';
  assert.ok(NODE_V8_FLAGS.length > 0);
  for (const flag of NODE_V8_FLAGS) {
    assert.ok(pkg.scripts['start']?.split(' ').includes(flag), `npm start lacks ${flag}`);
    assert.ok(shebang.startsWith('#!/usr/bin/env -S node ') && shebang.split(' ').includes(flag), shebang);
  }
});

test('hasNodeV8Flags tells a process started with the flags from one without', () => {
  assert.equal(hasNodeV8Flags([...NODE_V8_FLAGS, '--import', 'tsx']), true);
  assert.equal(hasNodeV8Flags(['--import', 'tsx']), false);
});
