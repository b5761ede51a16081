import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { LOCAL_NAMES } from '../../../local/emulators';
import { localContext } from '../../../local/lambda-http';
import { DynamoCallStore } from '../../../shared/calls/dynamo-call-store';
import { createCallWebhookHandler } from '../../../shared/calls/webhook-handler';
import type { SignedWebhookEvent } from '../../../shared/http/signed-webhook';
import { contactIdFor } from '../../../shared/kernel/contact-id';
import { dynamoDocumentClient } from '../../../shared/kernel/dynamo-client';
import { webhookSigningSecrets } from '../../../shared/kernel/secrets';
import { apiEvent } from '../../support/api-event';
import { type Failure, failingEndpoint } from '../../support/failing-endpoint';
import { getItem, startSystem } from '../../support/local-system';
import { signedHeaders, TEST_PEPPER, TEST_SECRET } from '../../support/webhooks';

let system: Awaited<ReturnType<typeof startSystem>>;
let endpoint: Awaited<ReturnType<typeof failingEndpoint>>;
beforeAll(async () => {
  system = await startSystem();
  endpoint = await failingEndpoint();
});
afterAll(async () => {
  await endpoint.close();
  await system.close();
});

/** Secrets Manager as the real SDK sees it at `url`: one attempt, a short request timeout. */
const secretsAt = (url: string) =>
  new SecretsProvider({
    clientConfig: {
      endpoint: url,
      region: 'eu-north-1',
      maxAttempts: 1,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      requestHandler: { requestTimeout: 300, connectionTimeout: 300, throwOnRequestTimeout: true },
    },
  });

let n = 0;
function deliver(handler: ReturnType<typeof createCallWebhookHandler>) {
  const callId = `CA-dep-${Date.now()}-${++n}`;
  const body = JSON.stringify({
    type: 'call.started',
    data: {
      provider: 'acme-cc',
      callId,
      direction: 'inbound',
      from: '0401234567',
      to: '0968298003',
      startedAt: new Date(Date.now() - 60_000).toISOString(),
    },
  });
  const event = apiEvent('POST /webhooks/acme-cc/calls', {
    body,
    headers: signedHeaders(body),
  }) as SignedWebhookEvent;
  return {
    contactId: contactIdFor('call', 'acme-cc', callId),
    response: handler(event, localContext('call-events')) as Promise<{
      statusCode: number;
      headers?: Record<string, string>;
      body: string;
    }>,
  };
}

function handlerWith(signingSecrets: () => Promise<string[]>) {
  return createCallWebhookHandler({
    signingSecrets,
    pepper: async () => TEST_PEPPER,
    retentionMonths: 12,
    defaultCountry: 'FI',
    calls: new DynamoCallStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable),
  });
}

describe('dependency failures answer a retryable 503, bugs a 500', () => {
  it('N17: Secrets Manager unreachable -> 503 with Retry-After, nothing stored', async () => {
    const handler = handlerWith(() =>
      webhookSigningSecrets('signing', { provider: secretsAt('http://127.0.0.1:9') }),
    );
    const { contactId, response } = deliver(handler);
    const res = await response;
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['retry-after']).toBe('5');
    expect(JSON.parse(res.body).error.code).toBe('Unavailable');
    expect(await getItem(`CONTACT#${contactId}`, 'META')).toBeUndefined();
  });

  it.each<[string, Failure]>([
    ['KMS throttling (KMSThrottlingException)', { status: 400, type: 'KMSThrottlingException' }],
    ['throttling (ThrottlingException)', { status: 400, type: 'ThrottlingException' }],
    ['ServiceUnavailable', { status: 503, type: 'ServiceUnavailable' }],
    ['an internal service error', { status: 500, type: 'InternalServiceError' }],
    ['an SDK timeout (no answer)', 'hang'],
  ])('N17: %s from Secrets Manager -> 503 with Retry-After, nothing stored', async (_what, failure) => {
    endpoint.failWith(failure);
    const handler = handlerWith(() =>
      webhookSigningSecrets('signing', { provider: secretsAt(endpoint.url) }),
    );
    const { contactId, response } = deliver(handler);
    const res = await response;
    expect(res.statusCode).toBe(503);
    expect(res.headers?.['retry-after']).toBe('5');
    expect(await getItem(`CONTACT#${contactId}`, 'META')).toBeUndefined();
  });

  it('a secret that does not exist is a configuration error: 500, no Retry-After', async () => {
    endpoint.failWith({ status: 400, type: 'ResourceNotFoundException' });
    const handler = handlerWith(() =>
      webhookSigningSecrets('signing', { provider: secretsAt(endpoint.url) }),
    );
    const res = await deliver(handler).response;
    expect(res.statusCode).toBe(500);
    expect(res.headers?.['retry-after']).toBeUndefined();
  });

  it('a programming error stays a 500 whose message is not exposed', async () => {
    const handler = handlerWith(async () => {
      const broken = undefined as unknown as { split(s: string): string[] };
      return broken.split(',');
    });
    const res = await deliver(handler).response;
    expect(res.statusCode).toBe(500);
    expect(res.headers?.['retry-after']).toBeUndefined();
    expect(JSON.parse(res.body).error).toEqual({
      code: 'InternalError',
      message: expect.stringMatching(/^internal error/),
    });
  });

  it('the platform retry succeeds once the secret is readable again', async () => {
    const failing = handlerWith(() =>
      webhookSigningSecrets('signing', { provider: secretsAt('http://127.0.0.1:9') }),
    );
    const working = handlerWith(async () => [TEST_SECRET]);
    const first = deliver(failing);
    expect((await first.response).statusCode).toBe(503);
    const retried = deliver(working);
    expect((await retried.response).statusCode).toBe(200);
  });
});
