// External IP lookup against local stand-ins for the "what is my IP" services: the first service
// answering an address wins, and every kind of bad answer moves on to the next one.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExternalIpNotFoundError, lookupExternalIp } from './external-ip.js';

const answers: Record<string, (res: ServerResponse) => void> = {
  '/v4': (res) => res.end('  203.0.113.7\n'),
  '/v6': (res) => res.end('2001:db8::1\n'),
  '/error': (res) => {
    res.statusCode = 500;
    res.end('203.0.113.9');
  },
  '/html': (res) => res.end('<html>your ip is 203.0.113.7</html>'),
  '/long': (res) => res.end(`${'9'.repeat(4096)}`),
  '/octets': (res) => res.end('256.1.1.1'),
  '/slow': (res) => setTimeout(() => res.end('203.0.113.8'), 2000).unref(),
};

describe('lookupExternalIp', () => {
  let server: Server;
  let base = '';
  before(async () => {
    server = createServer((req, res) => (answers[req.url ?? ''] ?? ((r) => r.end()))(res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  test('takes the first service that answers an address, trimmed', async () => {
    assert.equal(await lookupExternalIp({ services: [`${base}/v4`, `${base}/v6`] }), '203.0.113.7');
    assert.equal(await lookupExternalIp({ services: [`${base}/v6`] }), '2001:db8::1');
  });

  test('moves past errors, non-addresses, long answers and slow services', async () => {
    const services = ['/error', '/html', '/long', '/octets', '/slow', '/v4'].map((p) => `${base}${p}`);
    assert.equal(await lookupExternalIp({ services, timeoutMs: 300 }), '203.0.113.7');
  });

  test('fails with a named error saying what each service did', async () => {
    const services = ['/error', '/html', '/slow'].map((p) => `${base}${p}`);
    await assert.rejects(lookupExternalIp({ services, timeoutMs: 300 }), (e: unknown) => {
      assert.ok(e instanceof ExternalIpNotFoundError);
      assert.equal(e.code, 'EXTERNAL_IP_NOT_FOUND');
      assert.match(e.message, /\/error: HTTP status 500/);
      assert.match(e.message, /\/html: answer is not an IP address/);
      assert.match(e.message, /\/slow: /);
      return true;
    });
    await assert.rejects(lookupExternalIp({ services: [] }), ExternalIpNotFoundError);
    await assert.rejects(
      lookupExternalIp({ services: ['http://127.0.0.1:1/unreachable'], timeoutMs: 300 }),
      ExternalIpNotFoundError,
    );
  });
});
