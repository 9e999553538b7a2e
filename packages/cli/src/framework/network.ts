/** Network names as btcli knows them, and validation of a `--network` value into an endpoint URL. */
import { InvalidSettingError } from '../errors.js';

/** btcli's named endpoints (bittensor_cli/src/__init__.py `Constants`). */
export const NETWORKS: Readonly<Record<string, string>> = {
  local: 'ws://127.0.0.1:9944',
  test: 'wss://test.finney.opentensor.ai:443',
  finney: 'wss://entrypoint-finney.opentensor.ai:443',
  archive: 'wss://archive.chain.opentensor.ai:443',
};

export interface Network {
  /** The name given ('local', 'finney', …) or 'custom' for a URL. */
  readonly name: string;
  readonly url: string;
}

/** Resolves a network name or ws(s):// URL; `field` names the flag, env var or config key for errors. */
export function resolveNetwork(value: string, field = '--network'): Network {
  const trimmed = value.trim();
  const named = NETWORKS[trimmed];
  if (named !== undefined) return { name: trimmed, url: named };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new InvalidSettingError(
      field,
      `${JSON.stringify(value)} is neither a network name nor a URL`,
      `use one of ${Object.keys(NETWORKS).join(', ')} or a ws:// / wss:// URL`,
    );
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new InvalidSettingError(
      field,
      `${JSON.stringify(value)} must use ws:// or wss://, not ${url.protocol}//`,
      `for a local node: ws://127.0.0.1:9944 (or --network local)`,
    );
  }
  if (url.hostname === '') throw new InvalidSettingError(field, `${JSON.stringify(value)} has no host`);
  return { name: 'custom', url: trimmed };
}
