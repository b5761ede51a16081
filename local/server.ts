import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type EmulatorOptions, type Emulators, startEmulators } from './emulators';
import { jobs } from './jobs';
import { type HttpHandler, localContext, toApiGatewayEvent, writeResult } from './lambda-http';
import { type LocalRoute, routes } from './routes';

export interface LocalServer {
  url: string;
  emulators: Emulators;
  close(): Promise<void>;
}

/**
 * Start the emulators, point this process's AWS SDK at them, and serve the HTTP API's routes
 * with the same handler code Lambda runs.
 */
export async function startLocalServer(
  options: EmulatorOptions & {
    port?: number;
    webhookBaseUrl?: string;
    /** Background jobs (local/jobs.ts) not to start: a test that drives that handler itself. */
    withoutJobs?: readonly string[];
  },
): Promise<LocalServer> {
  const emulators = await startEmulators(options);
  Object.assign(process.env, emulators.env);

  const handlers = new Map<LocalRoute, HttpHandler>();
  const server: Server = createServer(async (req, res) => {
    const match = matchRoute(req.method ?? 'GET', new URL(req.url ?? '/', 'http://localhost').pathname);
    if (!match) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { code: 'NotFound', message: `no route for ${req.method} ${req.url}` } }),
      );
      return;
    }
    try {
      const event = await toApiGatewayEvent(req, `${match.route.method} ${match.route.path}`, match.params);
      const handler = handlers.get(match.route);
      if (!handler) throw new Error('starting up: retry in a moment');
      writeResult(res, await handler(event, localContext(match.route.functionName)));
    } catch (error) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'InternalError', message: (error as Error).message } }));
    }
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The URL native platforms (Twilio) sign: the configured one, else this server's own.
  process.env.WEBHOOK_BASE_URL = options.webhookBaseUrl ?? url;
  // Handlers load once the URL is known (their environment is read when they load).
  for (const route of routes) handlers.set(route, await route.load());
  const started = jobs.filter((job) => !options.withoutJobs?.includes(job.name));
  const stops = await Promise.all(started.map((job) => job.start(emulators)));

  return {
    url,
    emulators,
    async close() {
      for (const stop of stops) await stop();
      await new Promise((resolve) => server.close(resolve));
      await emulators.stop();
    },
  };
}

function matchRoute(
  method: string,
  path: string,
): { route: LocalRoute; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const names: string[] = [];
    const pattern = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    const found = new RegExp(`^${pattern}$`).exec(path);
    if (found) {
      return {
        route,
        params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(found[i + 1] ?? '')])),
      };
    }
  }
  return undefined;
}
