/**
 * V8 settings a node process runs with. Block production allocates many short-lived objects per
 * transaction (decoded calls, storage keys and values, trie nodes); with V8's default 16 MiB
 * semi-spaces, objects alive across one scavenge but dead soon after get promoted and collected
 * later by full mark-compacts. 32 MiB semi-spaces let them die young: about 15–20% more transfers
 * per second on a loaded 2-core machine (`npm run bench node`, same-minute A/B). Flags of this kind
 * only take effect at process start, so they are passed on the command line: `npm start`, the
 * `tao` launcher's shebang and the node benchmark's process use this list.
 */
export const NODE_V8_FLAGS: readonly string[] = ['--max-semi-space-size=32'];

/** Whether this process was started with every flag of NODE_V8_FLAGS. */
export function hasNodeV8Flags(execArgv: readonly string[] = process.execArgv): boolean {
  return NODE_V8_FLAGS.every((flag) => execArgv.includes(flag));
}
