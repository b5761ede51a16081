import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A contact the fake redacted (once: as at Connect, redacting it again succeeds and changes nothing). */
export interface LocalRedaction {
  instanceId: string;
  contactId: string;
  contactFields: string[];
  at: string;
}

export interface ConnectFake {
  url: string;
  server: Server;
  /** Every DeleteContactData request, answered or refused, in order. */
  requests: { instanceId: string; contactId: string }[];
  /** The contacts redacted, in order, each once. */
  redactions: LocalRedaction[];
  /** Connect no longer has this contact (its 24 months are over): ResourceNotFoundException. */
  forget(contactId: string): void;
  /** Refuse the next `times` requests for this contact with ThrottlingException (HTTP 429). */
  throttle(contactId: string, times: number): void;
}

/**
 * An Amazon Connect stand-in for the one operation this system calls, DeleteContactData
 * (REST-JSON: `POST /contact/delete/{InstanceId}/{ContactId}` with `{"ContactFields": [...]}`,
 * https://docs.aws.amazon.com/connect/latest/APIReference/API_DeleteContactData.html). Keeps
 * every request in memory, like the SNS fake keeps SMS, so tests can see what Connect was asked.
 */
export async function startConnectFake(options: { port?: number } = {}): Promise<ConnectFake> {
  const requests: ConnectFake['requests'] = [];
  const redactions: LocalRedaction[] = [];
  const forgotten = new Set<string>();
  const throttled = new Map<string, number>();
  const redacted = new Set<string>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const fail = (status: number, type: string, message: string) => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
        res.end(JSON.stringify({ Message: message }));
      };
      const path = new URL(req.url ?? '/', 'http://localhost').pathname.split('/').map(decodeURIComponent);
      // ['', 'contact', 'delete', instanceId, contactId]
      if (req.method !== 'POST' || path[1] !== 'contact' || path[2] !== 'delete' || path.length !== 5) {
        return fail(400, 'InvalidRequestException', `${req.method} ${req.url} is not supported locally`);
      }
      const [instanceId = '', contactId = ''] = path.slice(3);
      requests.push({ instanceId, contactId });
      let body: { ContactFields?: unknown };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        return fail(400, 'InvalidParameterException', 'the body is not JSON');
      }
      const fields = body.ContactFields;
      if (!Array.isArray(fields) || fields.length === 0) {
        return fail(400, 'InvalidParameterException', 'ContactFields is required');
      }
      const throttles = throttled.get(contactId) ?? 0;
      if (throttles > 0) {
        throttled.set(contactId, throttles - 1);
        return fail(429, 'ThrottlingException', 'Rate exceeded');
      }
      if (forgotten.has(contactId)) return fail(404, 'ResourceNotFoundException', 'Contact not found');
      if (!redacted.has(contactId)) {
        redacted.add(contactId);
        redactions.push({
          instanceId,
          contactId,
          contactFields: fields.map(String),
          at: new Date().toISOString(),
        });
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    requests,
    redactions,
    forget: (contactId) => forgotten.add(contactId),
    throttle: (contactId, times) => throttled.set(contactId, times),
  };
}
