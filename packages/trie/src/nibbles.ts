// Keys are walked nibble by nibble (high nibble of each byte first). Node partial keys are held unpacked,
// one nibble per byte, which keeps splitting and merging paths simple; keys stay packed bytes.

/** Nibble `i` of packed `key` (0 is the high nibble of byte 0). */
export function nibbleAt(key: Uint8Array, i: number): number {
  const b = key[i >> 1] as number;
  return (i & 1) === 0 ? b >> 4 : b & 0x0f;
}

/** Nibbles `[from, to)` of packed `key`, unpacked. */
export function keyNibbles(key: Uint8Array, from = 0, to = key.length * 2): Uint8Array {
  const out = new Uint8Array(to - from);
  for (let i = from; i < to; i++) out[i - from] = nibbleAt(key, i);
  return out;
}

/** Packs an even number of nibbles back into bytes. */
export function packNibbles(nibbles: Uint8Array): Uint8Array {
  const out = new Uint8Array(nibbles.length >> 1);
  for (let i = 0; i < out.length; i++)
    out[i] = ((nibbles[2 * i] as number) << 4) | (nibbles[2 * i + 1] as number);
  return out;
}

/** Length of the common prefix of unpacked `partial` and the nibbles of `key` from `offset`. */
export function commonPrefixWithKey(partial: Uint8Array, key: Uint8Array, offset: number): number {
  const max = Math.min(partial.length, key.length * 2 - offset);
  let i = 0;
  while (i < max && partial[i] === nibbleAt(key, offset + i)) i++;
  return i;
}

/** Concatenation of unpacked nibble runs. */
export function joinNibbles(...parts: readonly (Uint8Array | number)[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += typeof p === 'number' ? 1 : p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    if (typeof p === 'number') out[at++] = p;
    else {
      out.set(p, at);
      at += p.length;
    }
  }
  return out;
}
