import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { failingEndpoint } from '../../support/failing-endpoint';

// The production clients, as functions build them, pointed at an endpoint that accepts the
// connection and never answers. One attempt each (AWS_MAX_ATTEMPTS), so the test waits for one
// request timeout, not three. Without the clients' timeouts these calls would hang until the
// test's own timeout.
let endpoint: Awaited<ReturnType<typeof failingEndpoint>>;
const saved = { ...process.env };
beforeAll(async () => {
  endpoint = await failingEndpoint();
  endpoint.failWith('hang');
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: endpoint.url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint.url,
    AWS_MAX_ATTEMPTS: '1',
    AWS_REGION: 'eu-north-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  });
});
afterAll(async () => {
  process.env = saved;
  await endpoint.close();
});

describe('AWS SDK clients give up on a hung request (shared/kernel/sdk-timeouts.ts)', () => {
  it('DynamoDB: a request that gets no answer fails with a TimeoutError', async () => {
    const { dynamoDocumentClient } = await import('../../../shared/kernel/dynamo-client');
    await expect(
      dynamoDocumentClient().send(new GetCommand({ TableName: 'contacts', Key: { pk: 'p', sk: 's' } })),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
  }, 15_000);

  it('DynamoDB, webhook idempotency: a webhook-id check that gets no answer fails instead of hanging', async () => {
    const { webhookIdempotency } = await import('../../../shared/http/dynamo-idempotency');
    const request = {
      event: { pathParameters: { platform: 'acme' }, headers: { 'webhook-id': 'msg_1' } },
      context: { getRemainingTimeInMillis: () => 10_000 },
      response: undefined,
      error: undefined,
      internal: {},
    };
    await expect(webhookIdempotency('idempotency').before?.(request as never)).rejects.toMatchObject({
      cause: expect.objectContaining({ name: 'TimeoutError' }),
    });
  }, 15_000);

  it('Secrets Manager: reading a secret that gets no answer fails instead of hanging', async () => {
    const { pseudonymPepper } = await import('../../../shared/kernel/secrets');
    await expect(pseudonymPepper('pepper')).rejects.toMatchObject({
      cause: expect.objectContaining({ name: 'TimeoutError' }),
    });
  }, 15_000);
});
