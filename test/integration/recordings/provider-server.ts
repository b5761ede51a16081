import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (res: import('node:http').ServerResponse, hits: number) => void;

/** A provider's recording server on 127.0.0.1: each path answers with its route. */
export async function startProviderServer(routes: Record<string, Route>) {
  const hits = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const count = (hits.get(path) ?? 0) + 1;
    hits.set(path, count);
    const route = routes[path];
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    route(res, count);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    port,
    endpoint: `127.0.0.1:${port}`,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    hits: (path: string) => hits.get(path) ?? 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const serve =
  (body: Buffer, contentType = 'audio/wav', { chunked = false } = {}): Route =>
  (res) => {
    res.writeHead(200, {
      'content-type': contentType,
      ...(chunked ? {} : { 'content-length': body.length }),
    });
    if (!chunked) return void res.end(body);
    for (let i = 0; i < body.length; i += 64 * 1024) res.write(body.subarray(i, i + 64 * 1024));
    res.end();
  };

export const redirect =
  (location: string): Route =>
  (res) => {
    res.writeHead(302, { location }).end();
  };
