import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compactU32 } from '@tao-ts/primitives';
import { encodeAny } from '../types/type.js';
import { metadataApi } from './metadata-api.js';
import type { RuntimeApiContext, RuntimeApiMethod } from './types.js';

const documents = {
  v14: Uint8Array.of(0x6d, 0x65, 0x74, 0x61, 14),
  v15: Uint8Array.of(0x6d, 0x65, 0x74, 0x61, 15),
};
// The Metadata API never reads state.
const ctx = {} as RuntimeApiContext;

function method(api: ReturnType<typeof metadataApi>, name: string): RuntimeApiMethod {
  const found = api.methods.find((m) => m.name === name);
  assert.ok(found, name);
  return found;
}

describe('Metadata runtime API', () => {
  it('is sp_api Metadata version 2 with its three methods', () => {
    const api = metadataApi(() => documents);
    assert.equal(api.name, 'Metadata');
    assert.equal(api.version, 2);
    assert.deepEqual(
      api.methods.map((m) => [m.name, m.inputs.map(([n]) => n)]),
      [
        ['metadata', []],
        ['metadata_at_version', ['version']],
        ['metadata_versions', []],
      ],
    );
  });

  it('serves V14 by default, V14/V15 on request, None otherwise', () => {
    const api = metadataApi(() => documents);
    const atVersion = method(api, 'metadata_at_version');
    assert.equal(method(api, 'metadata').call(ctx, {}), documents.v14);
    assert.equal(atVersion.call(ctx, { version: 14 }), documents.v14);
    assert.equal(atVersion.call(ctx, { version: 15 }), documents.v15);
    assert.equal(atVersion.call(ctx, { version: 16 }), undefined);
    assert.equal(atVersion.call(ctx, { version: 13 }), undefined);
    const versions = method(api, 'metadata_versions');
    assert.deepEqual([...encodeAny(versions.output, versions.call(ctx, {}))], [8, 14, 0, 0, 0, 15, 0, 0, 0]);
  });

  it('encodes outputs as OpaqueMetadata (a Vec<u8>) and Option<OpaqueMetadata>', () => {
    const api = metadataApi(() => documents);
    const opaque = encodeAny(method(api, 'metadata').output, documents.v14);
    assert.equal(compactU32.dec(opaque), documents.v14.length);
    assert.deepEqual(opaque.slice(1), documents.v14);
    const atVersion = method(api, 'metadata_at_version');
    assert.deepEqual([...encodeAny(atVersion.output, undefined)], [0]);
    assert.deepEqual(encodeAny(atVersion.output, documents.v15).slice(2), documents.v15);
  });

  it('builds the documents once, on first use', () => {
    let builds = 0;
    const api = metadataApi(() => {
      builds++;
      return documents;
    });
    assert.equal(builds, 0);
    method(api, 'metadata').call(ctx, {});
    method(api, 'metadata_at_version').call(ctx, { version: 15 });
    method(api, 'metadata').call(ctx, {});
    assert.equal(builds, 1);
  });
});
