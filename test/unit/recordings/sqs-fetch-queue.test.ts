import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { SqsRecordingQueue } from '../../../shared/recordings/sqs-fetch-queue';

const sqs = mockClient(SQSClient);
const job = {
  contactId: 'call-0123456789abcdef0123456789abcdef',
  url: 'https://r.example/1.wav',
  receivedAt: 'x',
};

describe('SqsRecordingQueue', () => {
  beforeEach(() => sqs.reset());

  it('sends the job as the message body', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm1' });
    await new SqsRecordingQueue(new SQSClient({}), 'https://sqs/q').enqueue(job);
    expect(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input).toEqual({
      QueueUrl: 'https://sqs/q',
      MessageBody: JSON.stringify(job),
    });
  });

  it('fails with StoreUnavailableError (503, the platform retries) when SQS is unavailable', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('ServiceUnavailable'));
    await expect(
      new SqsRecordingQueue(new SQSClient({}), 'https://sqs/q').enqueue(job),
    ).rejects.toMatchObject({
      name: 'StoreUnavailableError',
      message: 'the recording fetch queue could not be written',
    });
  });
});
