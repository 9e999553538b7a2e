/**
 * SubtensorModule: serving. A registered hotkey announces where its axon (and optionally its
 * Prometheus endpoint) listens, as subtensor's subnets/serving.rs validates and stores it.
 */
import { ensureSigned } from '../../frame/dispatch.js';
import { call, type AnyCallDef, type Context } from '../../frame/pallet.js';
import type { StorageItemMeta } from '../../storage/items.js';
import type { ReadableStorage } from '../../storage/kv.js';
import type { AccountId } from '../../types/substrate.js';
import { bytes, u128, u16, u32, u8, type FieldSpec } from '../../types/type.js';
import { emit, ensure } from './module.js';
import { NeuronCertificates, isHotkeyRegisteredOnNetwork } from './neurons.js';
import { S } from './storage.js';
import { NetUid, type AxonInfo, type PrometheusInfo } from './types.js';

export { NeuronCertificates } from './neurons.js';

const U32_MAX = 0xffff_ffffn;
const U128_MAX = (1n << 128n) - 1n;
const IPV4_LOOPBACK = 0x7f00_0001n;
/** A certificate is one algorithm byte and a public key of at most 64 bytes. */
const MAX_CERTIFICATE_BYTES = 65;

export function isValidIpType(ipType: number): boolean {
  return ipType === 4 || ipType === 6;
}

/**
 * is_valid_ip_address: rejects 0 (unless allowed), loopback, and values outside the type's
 * range. subtensor compares IPv4 with `>= u32::MAX`, so 255.255.255.255 is refused too.
 */
export function isValidIpAddress(ipType: number, addr: bigint, allowZero: boolean): boolean {
  if (!allowZero && addr === 0n) return false;
  if (ipType === 4 && (addr >= U32_MAX || addr === IPV4_LOOPBACK)) return false;
  if (ipType === 6 && (addr === U128_MAX || addr === 1n)) return false;
  return true;
}

/** Serving is rate limited per endpoint, counted from the block of the stored announcement. */
function passesServingRateLimit(
  storage: ReadableStorage,
  netuid: number,
  lastServe: bigint,
  now: bigint,
): boolean {
  const limit = S.ServingRateLimit.get(storage, netuid);
  return limit === 0n || lastServe === 0n || (now > lastServe ? now - lastServe : 0n) >= limit;
}

export interface ServeAxonArgs {
  readonly netuid: number;
  readonly version: number;
  readonly ip: bigint;
  readonly port: number;
  readonly ip_type: number;
  readonly protocol: number;
  readonly placeholder1: number;
  readonly placeholder2: number;
}

export interface ServePrometheusArgs {
  readonly netuid: number;
  readonly version: number;
  readonly ip: bigint;
  readonly port: number;
  readonly ip_type: number;
}

/** do_serve_axon; the optional certificate is stored only when it has a valid shape. */
export function doServeAxon(
  ctx: Context,
  hotkey: AccountId,
  args: ServeAxonArgs,
  certificate?: Uint8Array,
): void {
  const { storage, blockNumber: now } = ctx;
  const { netuid, ip, ip_type } = args;
  ensure(isHotkeyRegisteredOnNetwork(storage, netuid, hotkey), 'HotKeyNotRegisteredInNetwork');
  ensure(isValidIpType(ip_type), 'InvalidIpType');
  // A zero address is allowed for axons (local testing), unlike Prometheus endpoints.
  ensure(isValidIpAddress(ip_type, ip, true), 'InvalidIpAddress');
  const previous = S.Axons.tryGet(storage, netuid, hotkey);
  ensure(passesServingRateLimit(storage, netuid, previous?.block ?? 0n, now), 'ServingRateLimitExceeded');
  ensure(args.port !== 0, 'InvalidPort');
  if (certificate !== undefined && certificate.length >= 1 && certificate.length <= MAX_CERTIFICATE_BYTES) {
    NeuronCertificates.set(
      storage,
      { algorithm: certificate[0] as number, public_key: certificate.slice(1) },
      netuid,
      hotkey,
    );
  }
  const axon: AxonInfo = {
    block: now,
    version: args.version,
    ip,
    port: args.port,
    ip_type,
    protocol: args.protocol,
    placeholder1: args.placeholder1,
    placeholder2: args.placeholder2,
  };
  S.Axons.set(storage, axon, netuid, hotkey);
  emit(ctx, 'AxonServed', [netuid, hotkey]);
}

/** do_serve_prometheus (note its checks run in a different order from the axon's, as upstream). */
export function doServePrometheus(ctx: Context, hotkey: AccountId, args: ServePrometheusArgs): void {
  const { storage, blockNumber: now } = ctx;
  const { netuid, ip, ip_type } = args;
  ensure(isValidIpType(ip_type), 'InvalidIpType');
  ensure(isValidIpAddress(ip_type, ip, false), 'InvalidIpAddress');
  ensure(isHotkeyRegisteredOnNetwork(storage, netuid, hotkey), 'HotKeyNotRegisteredInNetwork');
  const previous = S.Prometheus.tryGet(storage, netuid, hotkey);
  ensure(passesServingRateLimit(storage, netuid, previous?.block ?? 0n, now), 'ServingRateLimitExceeded');
  ensure(args.port !== 0, 'InvalidPort');
  const info: PrometheusInfo = { block: now, version: args.version, ip, port: args.port, ip_type };
  S.Prometheus.set(storage, info, netuid, hotkey);
  emit(ctx, 'PrometheusServed', [netuid, hotkey]);
}

const AXON_ARGS: readonly FieldSpec[] = [
  ['netuid', NetUid, 'NetUid'],
  ['version', u32, 'u32'],
  ['ip', u128, 'u128'],
  ['port', u16, 'u16'],
  ['ip_type', u8, 'u8'],
  ['protocol', u8, 'u8'],
  ['placeholder1', u8, 'u8'],
  ['placeholder2', u8, 'u8'],
];

// Benchmarked ref-time of subtensor's weights.rs; serving is free (Pays::No) as on subtensor.
const SERVE_AXON_WEIGHT = 31_278_000n;
const SERVE_AXON_TLS_WEIGHT = 30_617_000n;
const SERVE_PROMETHEUS_WEIGHT = 29_294_000n;

export const servingCalls: AnyCallDef[] = [
  call<ServeAxonArgs>({
    name: 'serve_axon',
    index: 4,
    args: AXON_ARGS,
    docs: [
      'Announce the axon endpoint of the signing hotkey on a subnet where it is registered',
      '(ip_type 4 or 6, non-zero port), at most once per ServingRateLimit blocks.',
    ],
    weight: () => SERVE_AXON_WEIGHT,
    pays: 'No',
    dispatch: (ctx, origin, args) => doServeAxon(ctx, ensureSigned(origin), args),
  }),
  call<ServePrometheusArgs>({
    name: 'serve_prometheus',
    index: 5,
    args: [
      ['netuid', NetUid, 'NetUid'],
      ['version', u32, 'u32'],
      ['ip', u128, 'u128'],
      ['port', u16, 'u16'],
      ['ip_type', u8, 'u8'],
    ],
    docs: ['Announce the Prometheus endpoint of the signing hotkey on a subnet where it is registered.'],
    weight: () => SERVE_PROMETHEUS_WEIGHT,
    pays: 'No',
    dispatch: (ctx, origin, args) => doServePrometheus(ctx, ensureSigned(origin), args),
  }),
  call<ServeAxonArgs & { certificate: Uint8Array }>({
    name: 'serve_axon_tls',
    index: 40,
    args: [...AXON_ARGS, ['certificate', bytes, 'Vec<u8>']],
    docs: [
      'serve_axon with a TLS certificate: the first byte names the algorithm, the rest (up to 64',
      'bytes) is the public key. A certificate of another shape is ignored.',
    ],
    weight: () => SERVE_AXON_TLS_WEIGHT,
    pays: 'No',
    dispatch: (ctx, origin, { certificate, ...args }) =>
      doServeAxon(ctx, ensureSigned(origin), args, certificate),
  }),
];

/** Storage items declared by this module (besides storage.ts). */
export const servingStorage: { meta: StorageItemMeta }[] = [NeuronCertificates];
