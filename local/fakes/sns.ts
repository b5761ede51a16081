import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentSms {
  messageId: string;
  phoneNumber: string;
  message: string;
  attributes: Record<string, string>;
  at: string;
}

/**
 * An SNS stand-in speaking SNS's query protocol, enough for SMS: `Publish` to a PhoneNumber.
 * Each message is kept in `outbox`, appended as a JSON line to `outboxFile` when given,
 * and printed with `print`.
 */
export async function startSnsFake(
  options: { port?: number; outboxFile?: string; print?: (sms: SentSms) => void } = {},
): Promise<{ url: string; server: Server; outbox: SentSms[] }> {
  const outbox: SentSms[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const action = form.get('Action');
      const requestId = randomUUID();
      const xml = (status: number, body: string) => {
        res.writeHead(status, { 'content-type': 'text/xml' });
        res.end(body);
      };
      if (action !== 'Publish' || !form.get('PhoneNumber') || !form.get('Message')) {
        return xml(
          400,
          `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>only Publish to a PhoneNumber with a Message is supported locally</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
        );
      }
      const sms: SentSms = {
        messageId: randomUUID(),
        phoneNumber: form.get('PhoneNumber') ?? '',
        message: form.get('Message') ?? '',
        attributes: messageAttributes(form),
        at: new Date().toISOString(),
      };
      outbox.push(sms);
      if (options.outboxFile) appendFileSync(options.outboxFile, `${JSON.stringify(sms)}\n`);
      options.print?.(sms);
      xml(
        200,
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${sms.messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, outbox };
}

/** MessageAttributes.entry.N.Name / .Value.StringValue -> { name: value } */
function messageAttributes(form: URLSearchParams): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (let n = 1; form.has(`MessageAttributes.entry.${n}.Name`); n++) {
    const name = form.get(`MessageAttributes.entry.${n}.Name`) ?? '';
    attributes[name] = form.get(`MessageAttributes.entry.${n}.Value.StringValue`) ?? '';
  }
  return attributes;
}
