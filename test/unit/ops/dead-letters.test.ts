import {
  type DeadLetterIo,
  failedEvent,
  listDeadLetters,
  redriveDeadLetters,
} from '../../../shared/ops/dead-letters';

/** An in-memory DLQ port: queues of bodies, sends and invocations recorded. */
function memoryIo(queues: Record<string, string[]>) {
  const sent: [string, string][] = [];
  const invoked: [string, unknown][] = [];
  const io: DeadLetterIo = {
    count: async (url) => queues[url]?.length ?? 0,
    receive: async (url) =>
      (queues[url] ?? []).slice(0, 10).map((body, i) => ({ body, receiptHandle: `${url}#${i}#${body}` })),
    send: async (url, body) => void sent.push([url, body]),
    delete: async (url, handle) => {
      const body = handle.split('#').slice(2).join('#');
      const list = queues[url] ?? [];
      list.splice(list.indexOf(body), 1);
    },
    invoke: async (name, event) => void invoked.push([name, event]),
  };
  return { io, sent, invoked };
}

const QUEUES = {
  'survey-jobs': { url: 'dlq-jobs', sourceUrl: 'jobs' },
  'recording-landed': { url: 'dlq-landed', functionName: 'landed-fn' },
  'survey-replies': { url: 'dlq-replies', functionName: 'reply-fn' },
};

describe('dead-letter redrive', () => {
  it('lists each queue with how its messages are redriven', async () => {
    const { io } = memoryIo({ 'dlq-jobs': ['a'], 'dlq-landed': [], 'dlq-replies': ['x', 'y'] });
    expect(await listDeadLetters({ queues: QUEUES, io })).toEqual([
      { queue: 'survey-jobs', messages: 1, redrive: 'source' },
      { queue: 'recording-landed', messages: 0, redrive: 'invoke' },
      { queue: 'survey-replies', messages: 2, redrive: 'invoke' },
    ]);
  });

  it('N2: invokes the landed function again with the S3 event a Lambda on-failure record carries', async () => {
    const s3Event = { Records: [{ s3: { object: { key: 'recordings/call-1/a.wav' } } }] };
    const record = JSON.stringify({
      requestContext: { condition: 'RetriesExhausted' },
      requestPayload: s3Event,
    });
    const { io, invoked } = memoryIo({ 'dlq-landed': [record] });
    const result = await redriveDeadLetters('recording-landed', false, { queues: QUEUES, io });
    expect(result).toEqual({ queue: 'recording-landed', dryRun: false, messages: 1 });
    expect(invoked).toEqual([['landed-fn', s3Event]]);
  });

  it('wraps an SNS subscription dead letter back into the SNS event the reply function receives', () => {
    const sns = { Type: 'Notification', MessageId: 'm-1', TopicArn: 'arn:t', Message: '{"messageBody":"4"}' };
    expect(failedEvent(JSON.stringify(sns))).toEqual({
      Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', Sns: sns }],
    });
  });

  it('counts only on a dry run, and moves job-queue dead letters back to their queue otherwise', async () => {
    const { io, sent } = memoryIo({ 'dlq-jobs': ['a', 'b'] });
    expect(await redriveDeadLetters('survey-jobs', true, { queues: QUEUES, io })).toMatchObject({
      messages: 2,
    });
    expect(sent).toEqual([]);
    expect(await redriveDeadLetters('survey-jobs', false, { queues: QUEUES, io })).toMatchObject({
      messages: 2,
    });
    expect(sent).toEqual([
      ['jobs', 'a'],
      ['jobs', 'b'],
    ]);
  });
});
