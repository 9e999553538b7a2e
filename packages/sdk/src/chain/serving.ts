/**
 * Axon endpoint encodings as bittensor puts them on chain (bittensor.utils.networking): an IP as
 * an integer with its version (4 or 6), and back for display.
 */
import { isIP } from 'node:net';
import { ChainArgumentError } from './errors.js';

export interface EncodedIp {
  readonly ip: bigint;
  readonly ipType: 4 | 6;
}

function ipv6Groups(text: string): number[] {
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  let body = text;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (v4) {
    const [a, b, c, d] = (v4[1] as string).split('.').map(Number) as [number, number, number, number];
    body = `${body.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = body.split('::');
  const parse = (part: string): number[] =>
    part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...new Array<number>(fill).fill(0), ...right];
}

/** net.ip_to_int and ip_version: '203.0.113.7' → 3405803783n, type 4. */
export function encodeAxonIp(ip: string): EncodedIp {
  const version = isIP(ip);
  if (version === 4) {
    const value = ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
    return { ip: value, ipType: 4 };
  }
  if (version === 6) {
    const value = ipv6Groups(ip).reduce((acc, group) => (acc << 16n) | BigInt(group), 0n);
    return { ip: value, ipType: 6 };
  }
  throw new ChainArgumentError('ip', `${JSON.stringify(ip)} is not an IPv4 or IPv6 address`);
}

/** The inverse of encodeAxonIp (IPv6 written in full, lower-case groups, no compression). */
export function decodeAxonIp(value: bigint, ipType: number): string {
  if (ipType === 4) return [24n, 16n, 8n, 0n].map((shift) => Number((value >> shift) & 0xffn)).join('.');
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  return groups.join(':');
}
