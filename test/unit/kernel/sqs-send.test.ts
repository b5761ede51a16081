import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { sendJsonMessage } from '../../../shared/kernel/sqs-send';

const sqs = mockClient(SQSClient);

describe('sendJsonMessage', () => {
  beforeEach(() => sqs.reset());

  it('sends the body as JSON to the given queue', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm1' });
    await sendJsonMessage(new SQSClient({}), 'https://sqs/q', { contactId: 'c1' }, 'the export queue');
    expect(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input).toEqual({
      QueueUrl: 'https://sqs/q',
      MessageBody: '{"contactId":"c1"}',
    });
  });

  it('names the queue in a StoreUnavailableError (503) when SQS fails, keeping the cause', async () => {
    const cause = new Error('ServiceUnavailable');
    sqs.on(SendMessageCommand).rejects(cause);
    await expect(
      sendJsonMessage(new SQSClient({}), 'https://sqs/q', {}, 'the export queue'),
    ).rejects.toMatchObject({
      name: 'StoreUnavailableError',
      message: 'the export queue could not be written',
      cause,
    });
  });
});
