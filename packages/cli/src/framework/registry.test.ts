// The command registry: every file under src/commands is a valid spec, globals never clash with command
// options, and a new command is one new file (shown with a group that does not exist yet).
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOG_LEVELS } from '@tao-ts/node';
import { NODE_LOG_LEVELS } from '../commands/node/node.js';
import { discoverCommands, isCommandFile, listCommandFiles } from './discover.js';
import { buildProgram } from './program.js';
import { specOf, type AnyCommandSpec } from './spec.js';
import { realModules, runTao } from '../test-support.js';
import type { CliIo } from './io.js';

const tmp = mkdtempSync(join(tmpdir(), 'tao-cli-registry-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const nullIo = { stdout: { write: () => true }, stderr: { write: () => true }, env: {} } as unknown as CliIo;

describe('command registry', () => {
  it('every command file default-exports a valid spec, and the tree builds', async () => {
    const modules = await realModules();
    assert.ok(modules.length >= 8);
    const specs: AnyCommandSpec[] = modules.map(specOf);
    for (const spec of specs) {
      assert.ok(
        spec.output.type !== undefined || spec.output.anyOf !== undefined,
        `${spec.group} ${spec.name}`,
      );
      assert.doesNotMatch(spec.description, /\.$/, 'descriptions are one line without a final period');
    }
    buildProgram(specs, nullIo, async () => {});
  });

  it('only command files count: not tests, not _helpers', () => {
    assert.ok(isCommandFile('build-spec.ts'));
    assert.ok(!isCommandFile('build-spec.test.ts'));
    assert.ok(!isCommandFile('_shared.ts'));
    assert.ok(!isCommandFile('notes.md'));
    const files = listCommandFiles().map((f) => `${f.group}/${f.file}`);
    assert.ok(files.includes('node/build-spec') && files.includes('config/set'));
    assert.ok(!files.some((f) => f.includes('_shared')));
  });

  it('a command option that reuses a global flag is refused, naming both', () => {
    const clash = specOf({
      group: 'x',
      file: 'y',
      module: {
        default: {
          group: 'x',
          name: 'y',
          description: 'clash',
          options: [{ flags: '-p, --port <n>', description: 'port' }],
          output: { type: 'null' },
          run: () => null,
        },
      },
    });
    assert.throws(
      () => buildProgram([clash], nullIo, async () => {}),
      /tao x y: option -p clashes with a global option/,
    );
  });

  it('node log levels match @tao-ts/node', () => {
    assert.deepEqual([...NODE_LOG_LEVELS], [...LOG_LEVELS]);
  });

  it('a new file in a new group directory is all a command takes', async () => {
    const dir = join(tmp, 'commands');
    mkdirSync(join(dir, 'children'), { recursive: true });
    // A self-contained command module, as a future commands/children/get.ts would be.
    writeFileSync(
      join(dir, 'children', 'get.ts'),
      `export default {
        group: 'children',
        name: 'get',
        description: 'show child hotkeys',
        arguments: [{ name: 'hotkey', description: 'parent hotkey', required: true }],
        options: [{ flags: '--netuid <n>', description: 'subnet', default: '1' }],
        runtime: 'light',
        output: { type: 'object', required: ['hotkey', 'netuid', 'network'] },
        run(ctx, opts: { netuid: string }, args: unknown[]) {
          ctx.out.print('children of ' + String(args[0]));
          return { hotkey: args[0], netuid: Number(opts.netuid), network: ctx.globals.network.name };
        },
      };\n`,
    );
    writeFileSync(join(dir, 'children', 'get.test.ts'), 'throw new Error("tests are not commands");\n');
    const modules = [...(await realModules()), ...(await discoverCommands(dir))];
    const run = await runTao(['children', 'get', '5Hot', '--netuid', '3', '--network', 'local', '--json'], {
      modules,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { hotkey: '5Hot', netuid: 3, network: 'local' });
    const help = await runTao(['--help'], { modules });
    assert.match(help.stdout, /^\s+children \[options\]\s+child hotkeys/m);
    const sub = await runTao(['children', 'get', '--help'], { modules });
    assert.match(sub.stdout, /--netuid <n>\s+subnet \(default: "1"\)/);
  });
});
