// numpy-compatible float32 arithmetic. The subnet template keeps its scores in a float32 array, so to
// reproduce its numbers bit for bit every operation is rounded to float32, and sums follow numpy's
// pairwise summation (the order changes the last bit, which can change a u16 weight after scaling).

const f = Math.fround;

/** numpy's pairwise_sum for float32 (npy_pairwise_sum): blocks of 8 accumulators, split above 128. */
function pairwise(values: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res = f(res + (values[start + i] as number));
    return res;
  }
  if (n <= 128) {
    const r = new Array<number>(8);
    for (let k = 0; k < 8; k++) r[k] = f(values[start + k] as number);
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let k = 0; k < 8; k++) r[k] = f((r[k] as number) + (values[start + i + k] as number));
    }
    const [r0, r1, r2, r3, r4, r5, r6, r7] = r as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    let res = f(f(f(r0 + r1) + f(r2 + r3)) + f(f(r4 + r5) + f(r6 + r7)));
    for (; i < n; i++) res = f(res + (values[start + i] as number));
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return f(pairwise(values, start, n2) + pairwise(values, start + n2, n - n2));
}

/** `np.sum` of a float32 array (every element is first rounded to float32). */
export function float32Sum(values: ArrayLike<number>): number {
  return pairwise(Float32Array.from(values), 0, values.length);
}

/** `np.linalg.norm(x, ord=1)` of a float32 vector. */
export function float32L1Norm(values: ArrayLike<number>): number {
  const abs = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) abs[i] = Math.abs(values[i] as number);
  return pairwise(abs, 0, abs.length);
}
