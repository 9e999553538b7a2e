import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { v14Lookup } from '@polkadot-api/substrate-bindings';
import {
  bytes,
  compact,
  deferred,
  enumType,
  fixedBytes,
  newtype,
  option,
  struct,
  tuple,
  u16,
  u32,
  u64,
  u8,
  unit,
  vec,
  type AnyType,
  type EnumValue,
} from '../types/type.js';
import { MetadataTypeError, TypeRegistry } from './registry.js';
import { ScaleWriter } from './scale-writer.js';

/** Encode a registry and decode it with polkadot-api's scale-info decoder. */
function decoded(registry: TypeRegistry): ReturnType<typeof v14Lookup.dec> {
  const w = new ScaleWriter();
  registry.encode(w);
  return v14Lookup.dec(w.finish());
}

describe('TypeRegistry', () => {
  it('gives one id to structurally equal descriptors and keeps different ones apart', () => {
    const r = new TypeRegistry();
    const a = r.register(vec(u16));
    const b = r.register(vec(u16));
    assert.equal(a, b, 'two vec(u16) descriptors');
    assert.equal(r.register(fixedBytes(32)), r.register(fixedBytes(32)));
    assert.equal(r.register(option(u64)), r.register(option(u64)));
    assert.equal(r.register(compact(u64)), r.register(compact(u64)));
    assert.equal(r.register(unit), r.register({ ...unit }));
    assert.equal(r.register(tuple(u8, u16)), r.register(tuple(u8, u16)));
    assert.notEqual(r.register(vec(u32)), a);
    const p1 = newtype(['x', 'A'], u32);
    const p2 = newtype(['x', 'B'], u32);
    assert.notEqual(r.register(p1), r.register(p2), 'same shape, different paths');
    const withDocs = struct(['x', 'S'], [['f', u8]], ['documented']);
    const without = struct(['x', 'S'], [['f', u8]]);
    assert.notEqual(r.register(withDocs), r.register(without), 'docs are part of the entry');
    const types = decoded(r);
    assert.equal(types.length, r.types.length);
    types.forEach((t, i) => assert.equal(t.id, i));
  });

  it('assigns ids in pre-order from the first registration, deterministically', () => {
    const make = (): TypeRegistry => {
      const r = new TypeRegistry();
      r.register(struct(['x', 'Outer'], [['inner', struct(['x', 'Inner'], [['v', u16]])]]));
      r.register(vec(u16));
      return r;
    };
    const r = make();
    const paths = r.types.map((t) => t.path.join('::') || t.def.tag);
    assert.deepEqual(paths, ['x::Outer', 'x::Inner', 'primitive', 'sequence']);
    const w1 = new ScaleWriter();
    const w2 = new ScaleWriter();
    r.encode(w1);
    make().encode(w2);
    assert.deepEqual(w1.finish(), w2.finish());
  });

  it('describes every kind the way scale-info does', () => {
    const r = new TypeRegistry();
    const kinds = enumType(
      ['x', 'Kinds'],
      [
        { name: 'Unit', docs: ['nothing'] },
        { name: 'One', fields: compact(u32) },
        { name: 'Named', fields: [['a', fixedBytes(4), '[u8; 4]']] },
        {
          name: 'Pair',
          index: 9,
          fields: [
            ['', u8],
            ['', bytes],
          ],
        },
      ],
      ['type doc'],
      [{ name: 'T', type: u8 }, { name: 'I' }],
    );
    const id = r.register(kinds);
    const types = decoded(r);
    const entry = types[id];
    assert.ok(entry);
    assert.deepEqual(entry.path, ['x', 'Kinds']);
    assert.deepEqual(entry.docs, ['type doc']);
    assert.equal(entry.params.length, 2);
    assert.equal(entry.params[1]?.type, undefined, 'a parameter without a type');
    assert.equal(entry.def.tag, 'variant');
    if (entry.def.tag !== 'variant') return;
    const [unitV, one, named, pair] = entry.def.value;
    assert.deepEqual(unitV?.docs, ['nothing']);
    assert.equal(one?.fields[0]?.name, undefined);
    assert.equal(types[one?.fields[0]?.type ?? -1]?.def.tag, 'compact');
    assert.equal(named?.fields[0]?.name, 'a');
    assert.equal(named?.fields[0]?.typeName, '[u8; 4]');
    const documented = struct(['x', 'Doc'], [['f', u8, 'u8', ['field doc']]]);
    const docId = r.register(documented);
    const docEntry = decoded(r)[docId];
    assert.ok(docEntry?.def.tag === 'composite');
    assert.deepEqual(docEntry.def.value[0]?.docs, ['field doc']);
    const array = types[named?.fields[0]?.type ?? -1]?.def;
    assert.deepEqual(array?.tag === 'array' && array.value.len, 4);
    assert.equal(pair?.index, 9);
    assert.deepEqual(
      pair?.fields.map((f) => f.name),
      [undefined, undefined],
    );
    const u8Entry = types[entry.params[0]?.type ?? -1]?.def;
    assert.deepEqual(u8Entry, { tag: 'primitive', value: { tag: 'u8', value: undefined } });
  });

  it('resolves deferred types, including a type that contains itself', () => {
    const r = new TypeRegistry();
    const self = deferred<EnumValue>('Tree');
    const tree = enumType(
      ['x', 'Tree'],
      [
        { name: 'Leaf', fields: u8 },
        { name: 'Node', fields: vec(self.type) },
      ],
    );
    self.resolve(tree);
    const id = r.register(self.type);
    assert.equal(r.register(tree), id, 'the deferred and its target are one type');
    const types = decoded(r);
    const node = types[id]?.def;
    assert.ok(node?.tag === 'variant');
    const seq = types[node.value[1]?.fields[0]?.type ?? -1]?.def;
    assert.deepEqual(seq, { tag: 'sequence', value: id }, 'the sequence refers back to the tree');
  });

  it('refuses a deferred type that was never resolved', () => {
    const r = new TypeRegistry();
    const dangling: AnyType = deferred<number>('Dangling').type;
    assert.throws(
      () => r.register(dangling),
      (e: unknown) => e instanceof MetadataTypeError && e.code === 'METADATA_TYPE',
    );
  });
});
