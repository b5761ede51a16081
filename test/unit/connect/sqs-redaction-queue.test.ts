import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { SqsConnectRedactionQueue } from '../../../shared/connect/sqs-redaction-queue';

const sqs = mockClient(SQSClient);
const job = { contactIds: ['5f0b6a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b'] };

describe('SqsConnectRedactionQueue', () => {
  beforeEach(() => sqs.reset());

  it('N17: sends the job (ContactIds only) as the message body', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm1' });
    await new SqsConnectRedactionQueue(new SQSClient({}), 'https://sqs/q').enqueue(job);
    expect(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input).toEqual({
      QueueUrl: 'https://sqs/q',
      MessageBody: '{"contactIds":["5f0b6a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b"]}',
    });
  });

  it('fails with StoreUnavailableError when SQS is unavailable (the contact stays, and is retried)', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('ServiceUnavailable'));
    await expect(
      new SqsConnectRedactionQueue(new SQSClient({}), 'https://sqs/q').enqueue(job),
    ).rejects.toMatchObject({
      name: 'StoreUnavailableError',
      message: 'the Connect redaction queue could not be written',
    });
  });
});
