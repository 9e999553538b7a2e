/**
 * Observability for the host: the node installs a probe to time expensive steps (epochs). The
 * runtime never reads a clock itself; a probe must run `work` exactly once and return its
 * result, so it cannot change what the runtime computes.
 */
export interface Probe {
  epoch<T>(netuid: number, work: () => T): T;
}

const passthrough: Probe = { epoch: (_netuid, work) => work() };

let current: Probe = passthrough;

export function setProbe(probe: Probe | undefined): void {
  current = probe ?? passthrough;
}

export function probe(): Probe {
  return current;
}
