import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Twilio's recording media API
 * (https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-media-file,
 * https://www.twilio.com/docs/voice/api/recording#delete-a-recording-resource):
 * `GET /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}` serves the audio behind Basic
 * auth (API key SID : secret); `DELETE …/{RecordingSid}.json` deletes it (204; 404 afterwards).
 * `failDeletes` makes the first deletes of a recording answer 500.
 */
export async function startTwilioMediaServer(options: {
  apiKeySid: string;
  apiKeySecret: string;
  recordings: Map<string, Buffer>;
  failDeletes?: Map<string, number>;
}) {
  const expected = `Basic ${Buffer.from(`${options.apiKeySid}:${options.apiKeySecret}`).toString('base64')}`;
  const log: { method: string; recordingSid: string; authorized: boolean }[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const match = /^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/Recordings\/(RE[0-9a-f]{32})(\.json)?$/.exec(
      path,
    );
    const authorized = req.headers.authorization === expected;
    const recordingSid = match?.[1] ?? '';
    log.push({ method: req.method ?? '', recordingSid, authorized });
    if (!match) return void res.writeHead(404).end();
    if (!authorized) return void res.writeHead(401, { 'www-authenticate': 'Basic realm="Twilio API"' }).end();
    const audio = options.recordings.get(recordingSid);
    if (req.method === 'GET' && !match[2]) {
      if (!audio) return void res.writeHead(404).end();
      return void res
        .writeHead(200, { 'content-type': 'audio/x-wav', 'content-length': audio.length })
        .end(audio);
    }
    if (req.method === 'DELETE' && match[2]) {
      const failures = options.failDeletes?.get(recordingSid) ?? 0;
      if (failures > 0) {
        options.failDeletes?.set(recordingSid, failures - 1);
        return void res.writeHead(500).end();
      }
      if (!audio) return void res.writeHead(404).end();
      options.recordings.delete(recordingSid);
      return void res.writeHead(204).end();
    }
    res.writeHead(405).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `127.0.0.1:${port}`,
    base: `http://127.0.0.1:${port}`,
    log,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
