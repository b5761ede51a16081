import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One message as the fake keeps it. */
export interface LocalSqsMessage {
  messageId: string;
  body: string;
  /** Epoch ms from which the message can be received (delay / visibility timeout). */
  visibleAt: number;
  receiveCount: number;
  receiptHandle?: string;
}

/** A queue of the fake, also usable in-process by local jobs (they stand in for event source mappings). */
export class LocalSqsQueue {
  readonly messages: LocalSqsMessage[] = [];
  /** Messages that failed `maxReceiveCount` times (the dead-letter queue). */
  readonly deadLetters: LocalSqsMessage[] = [];
  /** Invocations of an in-process consumer running now (local/event-source-mapping.ts). */
  private invocations = 0;

  constructor(
    readonly name: string,
    readonly url: string,
  ) {}

  send(body: string, delaySeconds = 0): LocalSqsMessage {
    const message = {
      messageId: randomUUID(),
      body,
      visibleAt: Date.now() + delaySeconds * 1000,
      receiveCount: 0,
    };
    this.messages.push(message);
    return message;
  }

  /** Receive up to `max` visible messages; they stay invisible for `visibilitySeconds`. */
  receive(max = 10, visibilitySeconds = 30): LocalSqsMessage[] {
    const now = Date.now();
    const due = this.messages.filter((m) => m.visibleAt <= now).slice(0, max);
    for (const message of due) {
      message.receiveCount += 1;
      message.receiptHandle = randomUUID();
      message.visibleAt = now + visibilitySeconds * 1000;
    }
    return due;
  }

  delete(receiptHandle: string): void {
    const index = this.messages.findIndex((m) => m.receiptHandle === receiptHandle);
    if (index >= 0) this.messages.splice(index, 1);
  }

  changeVisibility(receiptHandle: string, seconds: number): void {
    const message = this.messages.find((m) => m.receiptHandle === receiptHandle);
    if (message) message.visibleAt = Date.now() + seconds * 1000;
  }

  /** Dead letters as a queue of their own (`<name>-dead-letters`): receive hides them for `visibilitySeconds`. */
  receiveDeadLetters(max = 10, visibilitySeconds = 30): LocalSqsMessage[] {
    const now = Date.now();
    const due = this.deadLetters.filter((m) => m.visibleAt <= now).slice(0, max);
    for (const message of due) {
      message.receiptHandle = randomUUID();
      message.visibleAt = now + visibilitySeconds * 1000;
    }
    return due;
  }

  deleteDeadLetter(receiptHandle: string): void {
    const index = this.deadLetters.findIndex((m) => m.receiptHandle === receiptHandle);
    if (index >= 0) this.deadLetters.splice(index, 1);
  }

  /** A failed receive: back to the queue after `retrySeconds`, or to the dead letters. */
  fail(message: LocalSqsMessage, maxReceiveCount: number, retrySeconds: number): void {
    if (message.receiveCount >= maxReceiveCount) {
      this.delete(message.receiptHandle ?? '');
      this.deadLetters.push({ ...message, visibleAt: 0 });
    } else {
      message.visibleAt = Date.now() + retrySeconds * 1000;
    }
  }

  /**
   * Run one consumer invocation (receive, handle, settle): while it runs the queue is not
   * drained, even though the messages it received are invisible.
   */
  async invoking<T>(invocation: () => Promise<T>): Promise<T> {
    this.invocations += 1;
    try {
      return await invocation();
    } finally {
      this.invocations -= 1;
    }
  }

  /**
   * Drained: no consumer invocation is running and no message is visible now or becomes
   * visible within `withinMs` (messages waiting longer, e.g. a retry backing off, do not count).
   */
  isDrained(withinMs = 0): boolean {
    const horizon = Date.now() + withinMs;
    return this.invocations === 0 && this.messages.every((m) => m.visibleAt > horizon);
  }

  /**
   * Wait until the queue is drained (see isDrained), e.g. before checking that a job did
   * nothing. Rejects after `timeoutMs`.
   */
  async drained({ withinMs = 0, timeoutMs = 10_000 } = {}): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!this.isDrained(withinMs)) {
      if (Date.now() > until) {
        const due = this.messages.filter((m) => m.visibleAt <= Date.now() + withinMs).length;
        throw new Error(
          `queue ${this.name} not drained after ${timeoutMs} ms: ${due} message(s) due, ${this.invocations} invocation(s) running`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

export interface SqsFake {
  url: string;
  server: Server;
  /** The queue named `name` (created on first use, as with any QueueUrl ending in that name). */
  queue(name: string): LocalSqsQueue;
  /** The URL of the queue named `name` (what a function's *_QUEUE_URL variable holds). */
  queueUrl(name: string): string;
}

/** A queue URL ending in `<name>-dead-letters` is the dead-letter queue of `<name>`. */
export const DEAD_LETTER_SUFFIX = '-dead-letters';

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/**
 * An SQS stand-in speaking the JSON protocol the AWS SDK v3 uses (`X-Amz-Target:
 * AmazonSQS.<Action>`): SendMessage (with DelaySeconds), ReceiveMessage, DeleteMessage,
 * ChangeMessageVisibility, GetQueueAttributes (ApproximateNumberOfMessages). Queues are named by
 * the last path segment of their URL; `<name>-dead-letters` is the dead-letter queue of `<name>`.
 */
export async function startSqsFake(options: { port?: number } = {}): Promise<SqsFake> {
  const queues = new Map<string, LocalSqsQueue>();
  let baseUrl = '';
  const queue = (name: string) => {
    let q = queues.get(name);
    if (!q) {
      q = new LocalSqsQueue(name, `${baseUrl}/000000000000/${name}`);
      queues.set(name, q);
    }
    return q;
  };
  const nameOf = (url: unknown) =>
    String(url ?? '')
      .split('/')
      .pop() ?? '';
  const byUrl = (url: unknown) => queue(nameOf(url));
  /** The queue whose dead letters `url` names, if it names dead letters. */
  const deadLettersOf = (url: unknown) => {
    const name = nameOf(url);
    return name.endsWith(DEAD_LETTER_SUFFIX) ? queue(name.slice(0, -DEAD_LETTER_SUFFIX.length)) : undefined;
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify(body));
      };
      const action = String(req.headers['x-amz-target'] ?? '').replace(/^AmazonSQS\./, '');
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        return reply(400, { __type: 'com.amazonaws.sqs#InvalidParameterValue', message: 'body is not JSON' });
      }
      switch (action) {
        case 'SendMessage': {
          const delay = Number(input.DelaySeconds ?? 0);
          if (!Number.isInteger(delay) || delay < 0 || delay > 900) {
            return reply(400, {
              __type: 'com.amazonaws.sqs#InvalidParameterValue',
              message: `DelaySeconds must be 0..900, got ${input.DelaySeconds}`,
            });
          }
          const body = String(input.MessageBody ?? '');
          const message = byUrl(input.QueueUrl).send(body, delay);
          return reply(200, { MessageId: message.messageId, MD5OfMessageBody: md5(body) });
        }
        case 'ReceiveMessage': {
          const max = Number(input.MaxNumberOfMessages ?? 1);
          const visibility = Number(input.VisibilityTimeout ?? 30);
          const dead = deadLettersOf(input.QueueUrl);
          const messages = dead
            ? dead.receiveDeadLetters(max, visibility)
            : byUrl(input.QueueUrl).receive(max, visibility);
          return reply(200, {
            Messages: messages.map((m) => ({
              MessageId: m.messageId,
              ReceiptHandle: m.receiptHandle,
              MD5OfBody: md5(m.body),
              Body: m.body,
              Attributes: { ApproximateReceiveCount: String(m.receiveCount) },
            })),
          });
        }
        case 'DeleteMessage': {
          const dead = deadLettersOf(input.QueueUrl);
          if (dead) dead.deleteDeadLetter(String(input.ReceiptHandle));
          else byUrl(input.QueueUrl).delete(String(input.ReceiptHandle));
          return reply(200, {});
        }
        case 'GetQueueAttributes': {
          const dead = deadLettersOf(input.QueueUrl);
          const count = dead ? dead.deadLetters.length : byUrl(input.QueueUrl).messages.length;
          return reply(200, { Attributes: { ApproximateNumberOfMessages: String(count) } });
        }
        case 'ChangeMessageVisibility':
          byUrl(input.QueueUrl).changeVisibility(
            String(input.ReceiptHandle),
            Number(input.VisibilityTimeout),
          );
          return reply(200, {});
        default:
          return reply(400, {
            __type: 'com.amazonaws.sqs#UnsupportedOperation',
            message: `${action} is not supported locally`,
          });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: baseUrl, server, queue, queueUrl: (name: string) => queue(name).url };
}
