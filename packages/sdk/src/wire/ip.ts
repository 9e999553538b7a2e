// IP and version encodings of `AxonInfo` (bittensor's chain_data/axon_info.py and utils/networking.py):
// the chain stores the IP as an integer with an ip_type of 4 or 6, and versions as
// `major·1e6 + minor·1e3 + patch`.
import { InvalidIpError } from './errors.js';

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseV4(ip: string): bigint | undefined {
  const m = V4.exec(ip);
  if (m === null) return undefined;
  let out = 0n;
  for (let i = 1; i <= 4; i++) {
    const part = m[i] as string;
    const n = Number(part);
    if (n > 255 || (part.length > 1 && part.startsWith('0'))) return undefined;
    out = (out << 8n) | BigInt(n);
  }
  return out;
}

function parseV6(ip: string): bigint | undefined {
  let text = ip;
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.slice(lastColon + 1).includes('.')) {
    // An embedded IPv4 tail (::ffff:1.2.3.4) is two 16-bit groups.
    const v4 = parseV4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    text = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const group = (s: string): bigint[] | undefined => {
    if (s === '') return [];
    const parts = s.split(':');
    const out: bigint[] = [];
    for (const p of parts) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
      out.push(BigInt(`0x${p}`));
    }
    return out;
  };
  const head = group(halves[0] as string);
  const rest = halves.length === 2 ? group(halves[1] as string) : [];
  if (head === undefined || rest === undefined) return undefined;
  let groups: bigint[];
  if (halves.length === 2) {
    const missing = 8 - head.length - rest.length;
    if (missing < 1) return undefined;
    groups = [...head, ...Array<bigint>(missing).fill(0n), ...rest];
  } else groups = head;
  if (groups.length !== 8) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** 4 or 6 (bittensor's `ip_version`); throws for text that is neither. */
export function ipType(ip: string): 4 | 6 {
  if (parseV4(ip) !== undefined) return 4;
  if (parseV6(ip) !== undefined) return 6;
  throw new InvalidIpError(`ip: ${JSON.stringify(ip)} is not an IPv4 or IPv6 address`);
}

/** `int(netaddr.IPAddress(ip))`, the on-chain form. */
export function ipToInt(ip: string): bigint {
  const v = parseV4(ip) ?? parseV6(ip);
  if (v === undefined) throw new InvalidIpError(`ip: ${JSON.stringify(ip)} is not an IPv4 or IPv6 address`);
  return v;
}

/** `str(netaddr.IPAddress(n))`: dotted quad up to 2^32-1 unless `type` says 6; IPv6 compressed (RFC 5952). */
export function intToIp(n: bigint, type?: 4 | 6): string {
  if (n < 0n || n >= 1n << 128n) throw new InvalidIpError(`ip: ${n} is outside the IPv6 range`);
  const v = type ?? (n < 1n << 32n ? 4 : 6);
  if (v === 4) {
    if (n >= 1n << 32n) throw new InvalidIpError(`ip: ${n} is outside the IPv4 range`);
    return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join('.');
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((n >> BigInt(i * 16)) & 0xffffn));
  // Longest run of ≥2 zero groups becomes '::' (first one on ties).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** `AxonInfo.ip_str()`: `/ipv4/1.2.3.4:8091`. */
export function axonIpStr(ip: string, port: number, type: 4 | 6 = ipType(ip)): string {
  return `/ipv${type}/${ip}:${port}`;
}

/** `AxonInfo.is_serving`: the IP is not 0.0.0.0. */
export function isServing(ip: string): boolean {
  return ip !== '0.0.0.0';
}

/** `version_as_int` of a `major.minor.patch` version string. */
export function versionAsInt(version: string): number {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  if (m === null) {
    throw new InvalidIpError(`version: ${JSON.stringify(version)} is not major.minor.patch`, 'version');
  }
  return Number(m[1]) * 1_000_000 + Number(m[2]) * 1_000 + Number(m[3]);
}

/** The bittensor version our dendrite and axon announce (wire-compatible with v10.2.0). */
export const WIRE_VERSION = '10.2.0';
export const WIRE_VERSION_INT = versionAsInt(WIRE_VERSION);
