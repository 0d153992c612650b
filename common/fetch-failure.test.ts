import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { fetchFailure } from './fetch-failure.ts';

const failure = (url: string, timeoutMs = 5000) =>
  fetch(url, { signal: AbortSignal.timeout(timeoutMs) }).then(
    () => assert.fail('the fetch was expected to fail'),
    fetchFailure,
  );

test('a refused connection, a bad host name and a silent server are told apart', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port: closedPort } = closed.address() as AddressInfo;
  await new Promise((resolve) => closed.close(resolve));
  assert.equal(await failure(`http://127.0.0.1:${closedPort}/`), 'ECONNREFUSED');
  // Ports the fetch standard blocks (SMTP's 25, tcpmux's 1) are refused before any connection.
  assert.equal(await failure('http://127.0.0.1:25/'), 'bad port');
  assert.match(await failure('http://headroom-no-such-host.invalid/'), /^(ENOTFOUND|EAI_AGAIN)$/);
  // Accepts the connection and never answers.
  const silent = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = silent.address() as AddressInfo;
    assert.equal(await failure(`http://127.0.0.1:${port}/`, 300), 'no answer in time');
  } finally {
    silent.close();
  }
});
