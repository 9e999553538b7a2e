// Prompts over a fake terminal: masked passwords with backspace and Ctrl-C, line answers from a pipe,
// defaults, re-asking, and a clear error when stdin has no answer.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { terminalPrompter } from './prompt.js';
import type { CliIo } from './io.js';

function fakeIo(tty: boolean): { io: CliIo; stdin: PassThrough; stderr: () => string; raw: boolean[] } {
  const stdin = new PassThrough();
  const raw: boolean[] = [];
  let err = '';
  Object.assign(stdin, { isTTY: tty, ...(tty ? { setRawMode: (m: boolean) => raw.push(m) } : {}) });
  const io: CliIo = {
    stdout: { write: () => true },
    stderr: { write: (s: string) => (err += s), isTTY: tty },
    stdin,
    env: {},
  };
  return { io, stdin, stderr: () => err, raw };
}

describe('terminal prompter', () => {
  it('reads a password in raw mode, echoing * and honouring backspace', async () => {
    const { io, stdin, stderr, raw } = fakeIo(true);
    const answer = terminalPrompter(io).password('Password:');
    stdin.write('se');
    stdin.write('x\u007fcret\r');
    assert.equal(await answer, 'secret');
    assert.equal(stderr(), '? Password: ***\b \b****\n');
    assert.doesNotMatch(stderr(), /secret/);
    assert.deepEqual(raw, [true, false], 'raw mode restored');
  });

  it('Ctrl-C at a password prompt cancels and restores the terminal', async () => {
    const { io, stdin, raw } = fakeIo(true);
    const answer = terminalPrompter(io).password('Password:');
    stdin.write('ab\u0003');
    await assert.rejects(answer, (e: Error & { code?: string }) => e.code === 'CANCELLED');
    assert.deepEqual(raw, [true, false]);
  });

  it('asks twice with confirm and insists on a match', async () => {
    const { io, stdin, stderr } = fakeIo(false);
    stdin.end('one\ntwo\nthree\nthree\n');
    assert.equal(await terminalPrompter(io).password('New password:', { confirm: true }), 'three');
    assert.match(stderr(), /do not match/);
  });

  it('reads piped answers line by line across prompts', async () => {
    const { io, stdin } = fakeIo(false);
    stdin.end('maybe\ny\n\nbob\r\n');
    const p = terminalPrompter(io);
    assert.equal(await p.confirm('Go?'), true);
    assert.equal(await p.input('Name:', { default: 'alice' }), 'alice');
    assert.equal(await p.input('Other:'), 'bob');
  });

  it('confirm uses its default on an empty answer', async () => {
    const { io, stdin } = fakeIo(false);
    stdin.end('\n\n');
    const p = terminalPrompter(io);
    assert.equal(await p.confirm('Go?'), false);
    assert.equal(await p.confirm('Go?', { default: true }), true);
  });

  it('closed stdin is an error that says how to avoid the prompt', async () => {
    const { io, stdin } = fakeIo(false);
    stdin.end();
    await assert.rejects(
      terminalPrompter(io).confirm('Transfer?'),
      (e: Error & { code?: string; hint?: string }) => {
        return e.code === 'PROMPT_UNAVAILABLE' && /--no-prompt/.test(e.hint ?? '');
      },
    );
  });
});
