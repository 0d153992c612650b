import { createServer } from 'node:net';

/**
 * A free loopback port, for servers that cannot report the port they got for :0
 * (Prometheus, redis-server, PostgreSQL).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
