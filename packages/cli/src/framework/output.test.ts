// Tables, amounts, JSON serialisation, schemas and progress rendering: the pieces every command prints with.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseTao } from '@tao-ts/primitives';
import { displayWidth, renderTable } from './table.js';
import { Output } from './output.js';
import { toJsonText, toJsonValue } from './json.js';
import { arrayOf, raoSchema, strictObject, validateJson } from './schema.js';
import { compactNumber, renderBar } from './progress.js';
import type { CliIo } from './io.js';

function capture(tty: boolean, env: Record<string, string> = {}, json = false, quiet = false) {
  let out = '';
  let err = '';
  const io = {
    stdout: { write: (s: string) => (out += s), isTTY: tty },
    stderr: { write: (s: string) => (err += s), isTTY: tty },
    env,
  } as unknown as CliIo;
  return { output: new Output(io, { json, quiet }), out: () => out, err: () => err };
}

describe('tables', () => {
  it('aligns columns, right-aligning numbers, ignoring colour codes', () => {
    const text = renderTable(
      [{ header: 'NAME' }, { header: 'BALANCE', align: 'right' }],
      [
        ['\u001b[1malice\u001b[22m', 'τ1.500000000'],
        ['bob', 'τ100.000000000'],
      ],
    );
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.length, 4);
    const widths = new Set(lines.map(displayWidth));
    assert.equal(widths.size, 1, text);
    assert.ok(lines[3]?.endsWith('τ100.000000000'));
  });

  it('every row is as wide as the header row (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.nat()), { maxLength: 8 }), (rows) => {
        const clean = rows.map(
          ([s, n]) => [[...s].filter((ch) => ch >= ' ' && ch !== '\u007f').join(''), n] as const,
        );
        const lines = renderTable([{ header: 'A' }, { header: 'N', align: 'right' }], clean)
          .trimEnd()
          .split('\n');
        const width = displayWidth(lines[1] ?? '');
        for (const line of lines.slice(2)) assert.equal(displayWidth(line), width);
      }),
    );
  });
});

describe('output', () => {
  it('formats rao as TAO with τ and 9 decimals', () => {
    const { output } = capture(false);
    assert.equal(output.tao(1_234_567_890n), 'τ1.234567890');
    assert.equal(output.tao(0n), 'τ0.000000000');
    assert.equal(output.tao(1_500_000_000n, { compact: true }), 'τ1.5');
    assert.equal(output.alpha(2n), 'α0.000000002');
  });

  it('TAO text round-trips through parseTao (property)', () => {
    const { output } = capture(false);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (rao) => parseTao(output.tao(rao)) === rao),
    );
  });

  it('colours only on a TTY and never with NO_COLOR', () => {
    const tty = capture(true);
    tty.output.table([{ header: 'H' }], [['x']]);
    assert.ok(tty.out().includes('\u001b['));
    const noColor = capture(true, { NO_COLOR: '1' });
    noColor.output.table([{ header: 'H' }], [['x']]);
    assert.ok(!noColor.out().includes('\u001b['));
    const pipe = capture(false);
    pipe.output.table([{ header: 'H' }], [['x']]);
    assert.ok(!pipe.out().includes('\u001b['));
  });

  it('--json silences human output; --quiet keeps results and warnings only', async () => {
    const json = capture(true, {}, true);
    json.output.print('x');
    json.output.table([{ header: 'H' }], [['x']]);
    json.output.info('note');
    const spinner = await json.output.spinner('waiting');
    spinner.succeed('done');
    json.output.progress({ label: 'pow' }).update(5);
    assert.equal(json.out(), '');
    assert.equal(json.err(), '');
    const quiet = capture(false, {}, false, true);
    quiet.output.print('result');
    quiet.output.info('note');
    quiet.output.success('ok');
    quiet.output.warn('careful');
    assert.equal(quiet.out(), 'result\n');
    assert.equal(quiet.err(), 'warning: careful\n');
  });

  it('no spinner on a terminal that reports no size (ora would erase lines without end)', async () => {
    const tty = capture(true);
    const spinner = await tty.output.spinner('waiting');
    spinner.succeed('done');
    assert.equal(tty.err(), '');
  });

  it('no spinner or bar when stderr is not a TTY', async () => {
    const pipe = capture(false);
    (await pipe.output.spinner('waiting')).succeed('done');
    const bar = pipe.output.progress({ label: 'sync', total: 10 });
    bar.update(5);
    bar.done('synced');
    assert.equal(pipe.err(), '');
  });
});

describe('JSON documents', () => {
  it('bigints become decimal strings, bytes become hex', () => {
    assert.equal(
      toJsonText({ a: 2n ** 64n - 1n, b: Uint8Array.of(1, 255) }),
      '{"a":"18446744073709551615","b":"0x01ff"}\n',
    );
    assert.equal(toJsonText(undefined), 'null\n');
  });

  it('the validator reports where a document breaks its schema', () => {
    const schema = strictObject({ amount: raoSchema, items: arrayOf({ type: 'integer' }) });
    assert.deepEqual(validateJson(schema, toJsonValue({ amount: 5n, items: [1, 2] })), []);
    const bad = validateJson(schema, { amount: 5, items: [1, 'x'], extra: true });
    assert.deepEqual(
      bad.map((v) => v.path),
      ['/amount', '/items/1', ''],
    );
    assert.match(bad[2]?.message ?? '', /unexpected property "extra"/);
    assert.deepEqual(validateJson(schema, { items: [] }), [
      { path: '', message: 'missing required property "amount"' },
    ]);
  });
});

describe('progress text', () => {
  it('renders bars and open-ended rates', () => {
    assert.equal(renderBar({ label: 'sync', total: 10 }, 5, 0, undefined, 10), 'sync [█████░░░░░]  50% 5/10');
    assert.equal(
      renderBar({ label: 'pow', unit: 'hashes' }, 1500, 1000, 'block 7'),
      'pow  1.5k hashes  1.5k hashes/s  block 7',
    );
    assert.equal(compactNumber(2_500_000), '2.50M');
  });
});
