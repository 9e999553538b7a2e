/**
 * JSON with exact integers: integer literals outside the safe range become bigint instead of
 * being rounded (u64 and u128 values are common in chain specs and test vectors; Node 20's
 * JSON.parse has no source-text access to recover them).
 */
export type JsonValue =
  null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };

export class JsonParseError extends Error {
  readonly code = 'JSON_PARSE';
  readonly position: number;

  constructor(message: string, position: number) {
    super(`${message} at position ${position}`);
    this.name = 'JsonParseError';
    this.position = position;
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
/** Where a string run ends: a quote, a backslash, or a control character (invalid in JSON). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON forbids here
const STRING_STOP = /["\\\u0000-\u001f]/g;

class Reader {
  private pos = 0;
  constructor(private readonly text: string) {}

  parse(): JsonValue {
    const value = this.value();
    this.skipWhitespace();
    if (this.pos !== this.text.length) this.fail('unexpected trailing characters');
    return value;
  }

  private fail(message: string): never {
    throw new JsonParseError(message, this.pos);
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos += 1;
      else break;
    }
  }

  private value(): JsonValue {
    this.skipWhitespace();
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        return this.number();
    }
  }

  private literal<T extends JsonValue>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail(`expected ${word}`);
    this.pos += word.length;
    return value;
  }

  private number(): number | bigint {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('unexpected character');
    const [literal, fraction, exponent] = match;
    this.pos += literal.length;
    if (fraction === undefined && exponent === undefined) {
      const asNumber = Number(literal);
      return Number.isSafeInteger(asNumber) ? asNumber : BigInt(literal);
    }
    return Number(literal);
  }

  private string(): string {
    const start = this.pos;
    this.pos += 1;
    let out = '';
    for (;;) {
      STRING_STOP.lastIndex = this.pos;
      const stop = STRING_STOP.exec(this.text);
      if (stop === null) {
        this.pos = start;
        this.fail('unterminated string');
      }
      out += this.text.slice(this.pos, stop.index);
      this.pos = stop.index;
      const c = this.text[this.pos];
      if (c === '"') {
        this.pos += 1;
        return out;
      }
      if (c !== '\\') this.fail('control character in string');
      out += this.escape();
    }
  }

  private escape(): string {
    const c = this.text[this.pos + 1];
    this.pos += 2;
    const simple: Record<string, string> = {
      '"': '"',
      '\\': '\\',
      '/': '/',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
    };
    if (c !== undefined && c in simple) return simple[c] as string;
    if (c === 'u') {
      const hex = this.text.slice(this.pos, this.pos + 4);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad unicode escape');
      this.pos += 4;
      return String.fromCharCode(parseInt(hex, 16));
    }
    return this.fail('bad escape');
  }

  private array(): JsonValue[] {
    this.pos += 1;
    const out: JsonValue[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos += 1;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.skipWhitespace();
      const c = this.text[this.pos];
      this.pos += 1;
      if (c === ']') return out;
      if (c !== ',') this.fail("expected ',' or ']'");
    }
  }

  private object(): { [key: string]: JsonValue } {
    this.pos += 1;
    const out: { [key: string]: JsonValue } = {};
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos += 1;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail('expected a string key');
      const key = this.string();
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail("expected ':'");
      this.pos += 1;
      Object.defineProperty(out, key, {
        value: this.value(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skipWhitespace();
      const c = this.text[this.pos];
      this.pos += 1;
      if (c === '}') return out;
      if (c !== ',') this.fail("expected ',' or '}'");
    }
  }
}

export function parseJsonExact(text: string): JsonValue {
  return new Reader(text).parse();
}
