// A small WebAssembly binary writer: just what the curve25519 field code needs (i32/i64 locals,
// loads and stores, integer arithmetic, calls, loops, one exported memory). The field code is
// generated (unrolled limb products), so writing the binary directly avoids a text-format toolchain.

export const I32 = 0x7f;
export const I64 = 0x7e;
export type ValType = typeof I32 | typeof I64;

function unsignedLeb(value: number, out: number[]): void {
  let v = value >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
}

function signedLeb(value: bigint, out: number[]): void {
  let v = value;
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

const OP = {
  block: 0x02,
  loop: 0x03,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i64Load: 0x29,
  i64Load32S: 0x34,
  i64Store: 0x37,
  i64Store32: 0x3e,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Eqz: 0x45,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i64Add: 0x7c,
  i64Sub: 0x7d,
  i64Mul: 0x7e,
  i64And: 0x83,
  i64Xor: 0x85,
  i64Shl: 0x86,
  i64ShrS: 0x87,
  i64Rotl: 0x89,
} as const;

/** One function's body: parameters first, then locals added with `local()`. */
export class FunctionBody {
  readonly code: number[] = [];
  readonly #locals: ValType[] = [];

  constructor(readonly params: readonly ValType[]) {}

  /** A new local of `type`; returns its index. */
  local(type: ValType): number {
    this.#locals.push(type);
    return this.params.length + this.#locals.length - 1;
  }

  get(index: number): this {
    return this.#op(OP.localGet, index);
  }
  set(index: number): this {
    return this.#op(OP.localSet, index);
  }
  tee(index: number): this {
    return this.#op(OP.localTee, index);
  }
  i32(value: number): this {
    this.code.push(OP.i32Const);
    signedLeb(BigInt(value), this.code);
    return this;
  }
  i64(value: bigint | number): this {
    this.code.push(OP.i64Const);
    signedLeb(BigInt(value), this.code);
    return this;
  }
  /** i64.load32_s at the address on the stack plus `offset`. */
  load32s(offset: number): this {
    return this.#memory(OP.i64Load32S, 2, offset);
  }
  /** i64.store32: low 32 bits of the i64 on the stack at the address below it plus `offset`. */
  store32(offset: number): this {
    return this.#memory(OP.i64Store32, 2, offset);
  }
  /** i64.load at the address on the stack plus `offset`. */
  load64(offset: number): this {
    return this.#memory(OP.i64Load, 3, offset);
  }
  store64(offset: number): this {
    return this.#memory(OP.i64Store, 3, offset);
  }
  op(
    name:
      | 'i32Add'
      | 'i32Sub'
      | 'i32Eqz'
      | 'i64Add'
      | 'i64Sub'
      | 'i64Mul'
      | 'i64And'
      | 'i64Xor'
      | 'i64Shl'
      | 'i64ShrS'
      | 'i64Rotl',
  ): this {
    this.code.push(OP[name]);
    return this;
  }
  call(functionIndex: number): this {
    return this.#op(OP.call, functionIndex);
  }
  /** `block` … `end` around `inner` (a `br 0` inside leaves it). */
  block(inner: () => void): this {
    this.code.push(OP.block, 0x40);
    inner();
    this.code.push(OP.end);
    return this;
  }
  /** `loop` … `end` around `inner` (a `br 0` inside repeats it). */
  loop(inner: () => void): this {
    this.code.push(OP.loop, 0x40);
    inner();
    this.code.push(OP.end);
    return this;
  }
  br(depth: number): this {
    return this.#op(OP.br, depth);
  }
  brIf(depth: number): this {
    return this.#op(OP.brIf, depth);
  }

  /** The encoded body: local declarations, code, `end`. */
  encode(): number[] {
    const out: number[] = [];
    unsignedLeb(this.#locals.length, out);
    for (const t of this.#locals) out.push(1, t);
    out.push(...this.code, OP.end);
    return out;
  }

  #op(code: number, immediate: number): this {
    this.code.push(code);
    unsignedLeb(immediate, this.code);
    return this;
  }

  #memory(code: number, align: number, offset: number): this {
    this.code.push(code, align);
    unsignedLeb(offset, this.code);
    return this;
  }
}

interface ModuleFunction {
  readonly name: string;
  readonly body: FunctionBody;
}

function section(id: number, payload: number[], out: number[]): void {
  out.push(id);
  unsignedLeb(payload.length, out);
  out.push(...payload);
}

function vector(items: number[][]): number[] {
  const out: number[] = [];
  unsignedLeb(items.length, out);
  for (const item of items) out.push(...item);
  return out;
}

function name(text: string): number[] {
  const bytes = [...Buffer.from(text, 'utf8')];
  const out: number[] = [];
  unsignedLeb(bytes.length, out);
  return [...out, ...bytes];
}

/** A module of functions returning nothing, every one exported, with one exported memory. */
export class ModuleWriter {
  readonly #functions: ModuleFunction[] = [];

  /** Declares a function; returns its index (for `call`) and its body to fill in. */
  add(functionName: string, params: readonly ValType[]): { index: number; body: FunctionBody } {
    const body = new FunctionBody(params);
    this.#functions.push({ name: functionName, body });
    return { index: this.#functions.length - 1, body };
  }

  encode(memoryPages: number): Uint8Array {
    const signatures = [...new Set(this.#functions.map((f) => f.body.params.join(',')))];
    const types = signatures.map((s) => {
      const params = s === '' ? [] : s.split(',').map(Number);
      const t = [0x60];
      unsignedLeb(params.length, t);
      return [...t, ...params, 0];
    });
    const functionTypes = this.#functions.map((f) => {
      const out: number[] = [];
      unsignedLeb(signatures.indexOf(f.body.params.join(',')), out);
      return out;
    });
    const memory = [0]; // limits: a minimum, no maximum
    unsignedLeb(memoryPages, memory);
    const exports = this.#functions.map((f, i) => {
      const out = [...name(f.name), 0];
      unsignedLeb(i, out);
      return out;
    });
    exports.push([...name('memory'), 2, 0]);
    const bodies = this.#functions.map((f) => {
      const body = f.body.encode();
      const out: number[] = [];
      unsignedLeb(body.length, out);
      return [...out, ...body];
    });
    const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    section(1, vector(types), out);
    section(3, vector(functionTypes), out);
    section(5, vector([memory]), out);
    section(7, vector(exports), out);
    section(10, vector(bodies), out);
    return Uint8Array.from(out);
  }
}
