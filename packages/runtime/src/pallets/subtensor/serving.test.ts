import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TestChain } from '../../testing/chain.js';
import type { AccountId } from '../../types/substrate.js';
import { NeuronCertificates, isValidIpAddress, isValidIpType } from './serving.js';
import { S } from './storage.js';
import { alice, assertFails, assertOk, bob, devChain, eventsOf, st } from './subnets-test-kit.js';

const E = (name: string): string => `SubtensorModule.${name}`;
const U32_MAX = 0xffff_ffffn;
const U128_MAX = (1n << 128n) - 1n;

const axonArgs = (overrides: object = {}) => ({
  netuid: 1,
  version: 7,
  ip: 0xc0a8_0001n, // 192.168.0.1
  port: 8091,
  ip_type: 4,
  protocol: 4,
  placeholder1: 1,
  placeholder2: 2,
  ...overrides,
});

const promArgs = (overrides: object = {}) => ({
  netuid: 1,
  version: 3,
  ip: 0x0a00_0002n,
  port: 9090,
  ip_type: 4,
  ...overrides,
});

function serve(chain: TestChain, who: AccountId, args: object, name = 'serve_axon') {
  return chain.exec(who, st(chain, name, args));
}

describe('address validation', () => {
  it('accepts IPv4 and IPv6 and rejects loopback, the top value and (unless allowed) zero', () => {
    assert.equal(isValidIpType(4), true);
    assert.equal(isValidIpType(6), true);
    assert.equal(isValidIpType(5), false);
    assert.equal(isValidIpAddress(4, 0xc0a8_0001n, false), true);
    assert.equal(isValidIpAddress(4, 0n, false), false);
    assert.equal(isValidIpAddress(4, 0n, true), true);
    assert.equal(isValidIpAddress(4, 0x7f00_0001n, true), false);
    assert.equal(isValidIpAddress(4, U32_MAX - 1n, true), true);
    assert.equal(isValidIpAddress(4, U32_MAX, true), false, 'subtensor refuses u32::MAX itself');
    assert.equal(isValidIpAddress(4, 1n << 40n, true), false);
    assert.equal(isValidIpAddress(6, 1n << 100n, false), true);
    assert.equal(isValidIpAddress(6, 1n, true), false);
    assert.equal(isValidIpAddress(6, U128_MAX, true), false);
    assert.equal(isValidIpAddress(6, 0n, false), false);
  });
});

describe('serve_axon', () => {
  it('stores the axon of a registered hotkey for free', () => {
    const chain = devChain();
    const result = assertOk(serve(chain, alice(), axonArgs()));
    assert.equal(result.fee, 0n);
    assert.deepEqual(S.Axons.get(chain.storage, 1, alice()), {
      block: 1n,
      version: 7,
      ip: 0xc0a8_0001n,
      port: 8091,
      ip_type: 4,
      protocol: 4,
      placeholder1: 1,
      placeholder2: 2,
    });
    assert.deepEqual(eventsOf(result, 'AxonServed'), [[1, alice()]]);
    // A zero address is allowed for axons (local testing), IPv6 too.
    chain.blocks(50);
    assertOk(serve(chain, alice(), axonArgs({ ip: 0n })));
    chain.blocks(50);
    assertOk(serve(chain, alice(), axonArgs({ ip: 1n << 100n, ip_type: 6 })));
    assert.equal(S.Axons.get(chain.storage, 1, alice()).ip_type, 6);
  });

  it('validates registration, address type, address and port', () => {
    const chain = devChain();
    assertFails(serve(chain, bob(), axonArgs()), E('HotKeyNotRegisteredInNetwork'));
    assertFails(serve(chain, alice(), axonArgs({ netuid: 9 })), E('HotKeyNotRegisteredInNetwork'));
    assertFails(serve(chain, bob(), axonArgs({ ip_type: 5 })), E('HotKeyNotRegisteredInNetwork'));
    assertFails(serve(chain, alice(), axonArgs({ ip_type: 5 })), E('InvalidIpType'));
    assertFails(serve(chain, alice(), axonArgs({ ip: 0x7f00_0001n })), E('InvalidIpAddress'));
    assertFails(serve(chain, alice(), axonArgs({ ip: U32_MAX })), E('InvalidIpAddress'));
    assertFails(serve(chain, alice(), axonArgs({ ip: 1n, ip_type: 6 })), E('InvalidIpAddress'));
    assertFails(serve(chain, alice(), axonArgs({ port: 0 })), E('InvalidPort'));
    assert.equal(S.Axons.tryGet(chain.storage, 1, alice()), undefined);
  });

  it('is rate limited from the block of the stored axon', () => {
    const chain = devChain();
    S.ServingRateLimit.set(chain.storage, 3n, 1);
    assertOk(serve(chain, alice(), axonArgs()));
    chain.blocks(1);
    assertFails(serve(chain, alice(), axonArgs({ port: 1 })), E('ServingRateLimitExceeded'));
    assertOk(serve(chain, alice(), axonArgs({ port: 2 }))); // block 4 = 1 + 3
    assert.equal(S.Axons.get(chain.storage, 1, alice()).block, 4n);
    assertFails(serve(chain, alice(), axonArgs()), E('ServingRateLimitExceeded'));
    S.ServingRateLimit.set(chain.storage, 0n, 1);
    assertOk(serve(chain, alice(), axonArgs()));
    assertOk(serve(chain, alice(), axonArgs()));
  });
});

describe('serve_axon_tls', () => {
  it('stores a certificate of algorithm byte and key, and ignores other shapes', () => {
    const chain = devChain();
    S.ServingRateLimit.set(chain.storage, 0n, 1);
    const certificate = Uint8Array.from([1, ...new Uint8Array(64).fill(9)]);
    const result = assertOk(serve(chain, alice(), { ...axonArgs(), certificate }, 'serve_axon_tls'));
    assert.equal(result.fee, 0n);
    assert.deepEqual(NeuronCertificates.get(chain.storage, 1, alice()), {
      algorithm: 1,
      public_key: new Uint8Array(64).fill(9),
    });
    assert.deepEqual(eventsOf(result, 'AxonServed'), [[1, alice()]]);
    const tooLong = new Uint8Array(66).fill(3);
    assertOk(serve(chain, alice(), { ...axonArgs({ port: 5 }), certificate: tooLong }, 'serve_axon_tls'));
    assert.equal(S.Axons.get(chain.storage, 1, alice()).port, 5, 'the axon is still served');
    assert.equal(NeuronCertificates.get(chain.storage, 1, alice()).algorithm, 1, 'the old certificate stays');
    assertOk(serve(chain, alice(), { ...axonArgs(), certificate: new Uint8Array() }, 'serve_axon_tls'));
    assertOk(serve(chain, alice(), { ...axonArgs(), certificate: Uint8Array.of(2) }, 'serve_axon_tls'));
    assert.deepEqual(NeuronCertificates.get(chain.storage, 1, alice()), {
      algorithm: 2,
      public_key: new Uint8Array(),
    });
    assertFails(
      serve(chain, bob(), { ...axonArgs(), certificate }, 'serve_axon_tls'),
      E('HotKeyNotRegisteredInNetwork'),
    );
    assert.equal(NeuronCertificates.tryGet(chain.storage, 1, bob()), undefined);
  });
});

describe('serve_prometheus', () => {
  it('stores the endpoint with its own rate limit and stricter address rule', () => {
    const chain = devChain();
    S.ServingRateLimit.set(chain.storage, 2n, 1);
    assertOk(serve(chain, alice(), axonArgs()));
    const result = assertOk(serve(chain, alice(), promArgs(), 'serve_prometheus'));
    assert.equal(result.fee, 0n);
    assert.deepEqual(S.Prometheus.get(chain.storage, 1, alice()), {
      block: 2n,
      version: 3,
      ip: 0x0a00_0002n,
      port: 9090,
      ip_type: 4,
    });
    assert.deepEqual(eventsOf(result, 'PrometheusServed'), [[1, alice()]]);
    assertFails(serve(chain, alice(), promArgs(), 'serve_prometheus'), E('ServingRateLimitExceeded'));
    assertOk(serve(chain, alice(), promArgs({ port: 9091 }), 'serve_prometheus'));
  });

  it('checks the address before the registration', () => {
    const chain = devChain();
    assertFails(serve(chain, bob(), promArgs({ ip_type: 5 }), 'serve_prometheus'), E('InvalidIpType'));
    assertFails(serve(chain, bob(), promArgs({ ip: 0n }), 'serve_prometheus'), E('InvalidIpAddress'));
    assertFails(serve(chain, bob(), promArgs(), 'serve_prometheus'), E('HotKeyNotRegisteredInNetwork'));
    assertFails(serve(chain, alice(), promArgs({ ip: 0n }), 'serve_prometheus'), E('InvalidIpAddress'));
    assertFails(
      serve(chain, alice(), promArgs({ ip: 0x7f00_0001n }), 'serve_prometheus'),
      E('InvalidIpAddress'),
    );
    assertFails(serve(chain, alice(), promArgs({ port: 0 }), 'serve_prometheus'), E('InvalidPort'));
  });
});
