/**
 * Metagraph: a subnet's neurons from ONE runtime-API call (SubnetInfoRuntimeApi.get_metagraph)
 * decoded straight from SCALE with the chain's registry into typed arrays. `sync()` is cheap to
 * call every block: it reads the best head from the client's head subscription (no round trip)
 * and returns at once while the head has not moved; otherwise one state_call (plus one storage
 * query for weights and bonds when not lite) refreshes the arrays in place.
 */
import { encodeAddress, equalBytes, u16 } from '@tao-ts/primitives';
import { hexBytes, type ChainClient } from '../chain/client.js';
import { ChainQueryError } from '../chain/errors.js';
import { decodeAxonIp } from '../chain/serving.js';
import { registryDecoder, runtimeApiOutput, storageEntry, storageValueType } from './registry.js';

const U16_MAX = 65535;
const RAO_PER_TAO = 1e9;
/** bittensor's ROOT_TAO_STAKE_WEIGHT: TAO staked on root counts at 18% on other subnets. */
export const ROOT_TAO_STAKE_WEIGHT = 0.18;

export interface MetagraphOptions {
  /** Lite (default) skips weights and bonds. */
  readonly lite?: boolean;
}

export interface MetagraphAxon {
  block: bigint;
  version: number;
  ip: string;
  port: number;
  ipType: number;
  protocol: number;
}

/** Subnet-level fields of the metagraph (everything that is not one value per uid). */
export interface MetagraphInfo {
  readonly name: string;
  readonly symbol: string;
  readonly ownerHotkey: string;
  readonly ownerColdkey: string;
  readonly tempo: number;
  readonly lastStep: bigint;
  readonly blocksSinceLastStep: bigint;
  readonly networkRegisteredAt: bigint;
  readonly maxUids: number;
  readonly burn: bigint;
  readonly difficulty: bigint;
  readonly commitRevealWeightsEnabled: boolean;
  readonly registrationAllowed: boolean;
  readonly powRegistrationAllowed: boolean;
  /** Every scalar field as the runtime names it (snake_case), for the ones not lifted above. */
  readonly raw: Readonly<Record<string, unknown>>;
}

type Decoded = Record<string, unknown>;

const utf8 = new TextDecoder();

function bytesText(value: unknown): string {
  return Array.isArray(value) ? utf8.decode(Uint8Array.from(value as number[])) : '';
}

const asNumbers = (value: unknown): readonly number[] => (value as readonly number[] | undefined) ?? [];
const asBigs = (value: unknown): readonly bigint[] => (value as readonly bigint[] | undefined) ?? [];

export class Metagraph {
  /** Block number and hash of the last sync (-1 / '' before the first). */
  block = -1;
  blockHash = '';
  /** Number of uids. */
  n = 0;
  uids = new Uint16Array(0);
  hotkeys: string[] = [];
  coldkeys: string[] = [];
  /** Total stake weight per uid, TAO (bittensor's S); `stakeRao` keeps the chain's rao. */
  stake = new Float64Array(0);
  stakeRao = new BigUint64Array(0);
  alphaStake = new Float64Array(0);
  /** TAO stake × 0.18 (× 1 on root), as bittensor's TS. */
  taoStake = new Float64Array(0);
  /** u16 columns / 65535 (ranks and trust are deprecated on subtensor and read as zeros). */
  ranks = new Float64Array(0);
  trust = new Float64Array(0);
  consensus = new Float64Array(0);
  incentive = new Float64Array(0);
  dividends = new Float64Array(0);
  /** Emission per uid in TAO; `emissionRao` keeps the chain's rao. */
  emission = new Float64Array(0);
  emissionRao = new BigUint64Array(0);
  active = new Uint8Array(0);
  validatorPermit = new Uint8Array(0);
  lastUpdate = new BigUint64Array(0);
  blockAtRegistration = new BigUint64Array(0);
  axons: MetagraphAxon[] = [];
  /** Full mode only: n×n row-major, each row normalised to sum 1 (bittensor's W). */
  weights: Float64Array | undefined;
  /** Full mode only: n×n row-major raw u16 values (bittensor's B). */
  bonds: Uint16Array | undefined;
  info: MetagraphInfo | undefined;

  private hotkeyBytes: Uint8Array[] = [];
  private coldkeyBytes: Uint8Array[] = [];
  private weightKeys: { n: number; keys: string[] } | undefined;
  private inflight: Promise<boolean> | undefined;

  private constructor(
    readonly client: ChainClient,
    readonly netuid: number,
    public lite: boolean,
  ) {}

  /** A metagraph of `netuid`, synced once. */
  static async create(
    client: ChainClient,
    netuid: number,
    options: MetagraphOptions = {},
  ): Promise<Metagraph> {
    const metagraph = new Metagraph(client, netuid, options.lite ?? true);
    await metagraph.sync();
    return metagraph;
  }

  /**
   * Bring the metagraph to the best block. Returns false (having done nothing) when it is already
   * there; `force` re-reads anyway, `lite` switches mode.
   */
  async sync(options: { force?: boolean; lite?: boolean } = {}): Promise<boolean> {
    // Calls made while one is running (a per-block loop on a slow link) wait for it, then check
    // the head again, instead of stacking up round trips.
    while (this.inflight !== undefined) await this.inflight.catch(() => undefined);
    const run = this.refresh(options);
    this.inflight = run;
    try {
      return await run;
    } finally {
      this.inflight = undefined;
    }
  }

  private async refresh(options: { force?: boolean; lite?: boolean }): Promise<boolean> {
    const wantLite = options.lite ?? this.lite;
    const head = await this.client.bestHead();
    if (!options.force && wantLite === this.lite && head.hash === this.blockHash) return false;
    this.lite = wantLite;
    const api = this.client.api;
    const bytes = await this.client.stateCall(
      'SubnetInfoRuntimeApi_get_metagraph',
      u16.enc(this.netuid),
      head.hash,
    );
    const decoder = registryDecoder(api);
    const decoded = decoder.decode(runtimeApiOutput(api, 'SubnetInfoRuntimeApi', 'get_metagraph'), bytes);
    if (decoded === undefined) throw new ChainQueryError('netuid', `subnet ${this.netuid} does not exist`);
    this.apply(decoded as Decoded);
    if (!this.lite) await this.syncWeightsAndBonds(head.hash);
    else {
      this.weights = undefined;
      this.bonds = undefined;
    }
    this.block = head.number;
    this.blockHash = head.hash;
    return true;
  }

  private resize(n: number): void {
    if (n === this.n && this.uids.length === n) return;
    this.n = n;
    this.uids = Uint16Array.from({ length: n }, (_, i) => i);
    this.stake = new Float64Array(n);
    this.stakeRao = new BigUint64Array(n);
    this.alphaStake = new Float64Array(n);
    this.taoStake = new Float64Array(n);
    this.ranks = new Float64Array(n);
    this.trust = new Float64Array(n);
    this.consensus = new Float64Array(n);
    this.incentive = new Float64Array(n);
    this.dividends = new Float64Array(n);
    this.emission = new Float64Array(n);
    this.emissionRao = new BigUint64Array(n);
    this.active = new Uint8Array(n);
    this.validatorPermit = new Uint8Array(n);
    this.lastUpdate = new BigUint64Array(n);
    this.blockAtRegistration = new BigUint64Array(n);
    this.hotkeys.length = Math.min(this.hotkeys.length, n);
    this.coldkeys.length = Math.min(this.coldkeys.length, n);
    this.hotkeyBytes.length = Math.min(this.hotkeyBytes.length, n);
    this.coldkeyBytes.length = Math.min(this.coldkeyBytes.length, n);
    this.axons.length = Math.min(this.axons.length, n);
  }

  /** SS58 strings are re-encoded only for uids whose key bytes changed since the last sync. */
  private static keys(bytes: readonly Uint8Array[], known: Uint8Array[], strings: string[]): void {
    for (let i = 0; i < bytes.length; i++) {
      const key = bytes[i] as Uint8Array;
      const previous = known[i];
      if (previous !== undefined && strings[i] !== undefined && equalBytes(previous, key)) continue;
      known[i] = key;
      strings[i] = encodeAddress(key);
    }
  }

  private apply(m: Decoded): void {
    const hotkeys = (m['hotkeys'] as Uint8Array[] | undefined) ?? [];
    const n = hotkeys.length;
    this.resize(n);
    Metagraph.keys(hotkeys, this.hotkeyBytes, this.hotkeys);
    Metagraph.keys((m['coldkeys'] as Uint8Array[] | undefined) ?? [], this.coldkeyBytes, this.coldkeys);
    const taoWeight = this.netuid === 0 ? 1 : ROOT_TAO_STAKE_WEIGHT;
    const total = asBigs(m['total_stake']);
    const alpha = asBigs(m['alpha_stake']);
    const tao = asBigs(m['tao_stake']);
    const emission = asBigs(m['emission']);
    const lastUpdate = asBigs(m['last_update']);
    const registeredAt = asBigs(m['block_at_registration']);
    const ratio = (column: unknown, into: Float64Array): void => {
      const values = asNumbers(column);
      for (let i = 0; i < n; i++) into[i] = (values[i] ?? 0) / U16_MAX;
    };
    ratio(m['rank'], this.ranks);
    ratio(m['trust'], this.trust);
    ratio(m['consensus'], this.consensus);
    ratio(m['incentives'], this.incentive);
    ratio(m['dividends'], this.dividends);
    const active = (m['active'] as boolean[] | undefined) ?? [];
    const permit = (m['validator_permit'] as boolean[] | undefined) ?? [];
    const axons = (m['axons'] as Decoded[] | undefined) ?? [];
    for (let i = 0; i < n; i++) {
      const totalRao = total[i] ?? 0n;
      this.stakeRao[i] = totalRao;
      this.stake[i] = Number(totalRao) / RAO_PER_TAO;
      this.alphaStake[i] = Number(alpha[i] ?? 0n) / RAO_PER_TAO;
      this.taoStake[i] = (Number(tao[i] ?? 0n) / RAO_PER_TAO) * taoWeight;
      const emitted = emission[i] ?? 0n;
      this.emissionRao[i] = emitted;
      this.emission[i] = Number(emitted) / RAO_PER_TAO;
      this.active[i] = active[i] === true ? 1 : 0;
      this.validatorPermit[i] = permit[i] === true ? 1 : 0;
      this.lastUpdate[i] = lastUpdate[i] ?? 0n;
      this.blockAtRegistration[i] = registeredAt[i] ?? 0n;
      const a = axons[i] ?? {};
      const axon = (this.axons[i] ??= {
        block: 0n,
        version: 0,
        ip: '0.0.0.0',
        port: 0,
        ipType: 4,
        protocol: 0,
      });
      const ip = BigInt((a['ip'] as bigint | undefined) ?? 0n);
      const ipType = Number(a['ip_type'] ?? 4);
      axon.block = BigInt((a['block'] as bigint | undefined) ?? 0n);
      axon.version = Number(a['version'] ?? 0);
      axon.ip = ip === 0n && ipType !== 6 ? '0.0.0.0' : decodeAxonIp(ip, ipType === 6 ? 6 : 4);
      axon.port = Number(a['port'] ?? 0);
      axon.ipType = ipType;
      axon.protocol = Number(a['protocol'] ?? 0);
    }
    const owner = (key: string): string => {
      const bytes = m[key];
      return bytes instanceof Uint8Array ? encodeAddress(bytes) : '';
    };
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(m)) if (!Array.isArray(value)) raw[key] = value;
    this.info = {
      name: bytesText(m['name']),
      symbol: bytesText(m['symbol']),
      ownerHotkey: owner('owner_hotkey'),
      ownerColdkey: owner('owner_coldkey'),
      tempo: Number(m['tempo'] ?? 0),
      lastStep: BigInt((m['last_step'] as bigint | undefined) ?? 0n),
      blocksSinceLastStep: BigInt((m['blocks_since_last_step'] as bigint | undefined) ?? 0n),
      networkRegisteredAt: BigInt((m['network_registered_at'] as bigint | undefined) ?? 0n),
      maxUids: Number(m['max_uids'] ?? 0),
      burn: BigInt((m['burn'] as bigint | undefined) ?? 0n),
      difficulty: BigInt((m['difficulty'] as bigint | undefined) ?? 0n),
      commitRevealWeightsEnabled: m['commit_reveal_weights_enabled'] === true,
      registrationAllowed: m['registration_allowed'] === true,
      powRegistrationAllowed: m['pow_registration_allowed'] === true,
      raw,
    };
  }

  /** Weights and bonds rows of every uid in one state_queryStorageAt (keys kept between syncs). */
  private async syncWeightsAndBonds(at: string): Promise<void> {
    const api = this.client.api;
    const weightsEntry = storageEntry(api, 'subtensorModule', 'weights');
    const bondsEntry = storageEntry(api, 'subtensorModule', 'bonds');
    const n = this.n;
    if (this.weightKeys?.n !== n) {
      const keys: string[] = [];
      for (let uid = 0; uid < n; uid++) keys.push(weightsEntry.key(this.netuid, uid));
      for (let uid = 0; uid < n; uid++) keys.push(bondsEntry.key(this.netuid, uid));
      this.weightKeys = { n, keys };
    }
    const keys = this.weightKeys.keys;
    const answer = await this.client.rpc<{ changes: [string, string | null][] }[]>('state_queryStorageAt', [
      keys,
      at,
    ]);
    const values = new Map<string, string | null>();
    for (const set of answer) for (const [key, value] of set.changes) values.set(key, value);
    const decoder = registryDecoder(api);
    const weightsType = storageValueType(weightsEntry);
    const bondsType = storageValueType(bondsEntry);
    const weights = this.weights?.length === n * n ? this.weights.fill(0) : new Float64Array(n * n);
    const bonds = this.bonds?.length === n * n ? this.bonds.fill(0) : new Uint16Array(n * n);
    const row = (key: string, type: number): readonly [number, number][] => {
      const hex = values.get(key);
      if (hex === undefined || hex === null) return [];
      return decoder.decode(type, hexBytes(hex, 'storage value')) as [number, number][];
    };
    for (let uid = 0; uid < n; uid++) {
      const base = uid * n;
      const w = row(keys[uid] as string, weightsType);
      let sum = 0;
      for (const [dest, value] of w) if (dest < n) sum += value;
      if (sum > 0) for (const [dest, value] of w) if (dest < n) weights[base + dest] = value / sum;
      for (const [dest, value] of row(keys[n + uid] as string, bondsType))
        if (dest < n) bonds[base + dest] = value;
    }
    this.weights = weights;
    this.bonds = bonds;
  }

  /** The uid a hotkey holds, or undefined. */
  uidOf(hotkey: string): number | undefined {
    const uid = this.hotkeys.indexOf(hotkey);
    return uid === -1 ? undefined : uid;
  }
}
