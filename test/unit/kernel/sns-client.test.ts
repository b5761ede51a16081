import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { type TraceSegment, tracePrivately } from '../../../shared/kernel/sns-client';

const NUMBER = '+358401234567';

/** A fake X-Ray segment that records everything the client hands it. */
function recordingSegment() {
  const recorded: unknown[] = [];
  const segment: TraceSegment = {
    addNewSubsegment: (name) => {
      recorded.push(['subsegment', name]);
      return {
        addAttribute: (key, value) => recorded.push(['attribute', key, value]),
        addErrorFlag: () => recorded.push(['error']),
        addFaultFlag: () => recorded.push(['fault']),
        close: (...args: unknown[]) => recorded.push(['close', ...args]),
      };
    },
  };
  return { segment, recorded };
}

function failingClient(error: Error) {
  const client = new SNSClient({
    region: 'eu-north-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
  // Stands in for SNS answering: fails before anything leaves the process.
  client.middlewareStack.add(
    () => async () => {
      throw error;
    },
    { step: 'finalizeRequest', name: 'answer' },
  );
  return client;
}

describe('SMS client tracing (privacy: no phone number in traces)', () => {
  it('flags an SNS error in the trace without its message, which repeats the number', async () => {
    const { segment, recorded } = recordingSegment();
    const error = Object.assign(new Error(`Invalid parameter: PhoneNumber Reason: ${NUMBER} is not valid`), {
      name: 'InvalidParameterException',
      $metadata: { httpStatusCode: 400 },
    });
    const client = tracePrivately(failingClient(error), () => segment);

    await expect(
      client.send(new PublishCommand({ PhoneNumber: NUMBER, Message: 'Kiitos soitosta' })),
    ).rejects.toThrow('PhoneNumber');

    expect(recorded).toContainEqual(['error']);
    expect(recorded).toContainEqual(['close']);
    const trace = JSON.stringify(recorded);
    expect(trace).not.toContain('358401234567');
    expect(trace).not.toContain('Kiitos');
  });

  it('marks a 5xx as a fault', async () => {
    const { segment, recorded } = recordingSegment();
    const error = Object.assign(new Error(`internal ${NUMBER}`), { $metadata: { httpStatusCode: 503 } });
    await expect(
      tracePrivately(failingClient(error), () => segment).send(
        new PublishCommand({ PhoneNumber: NUMBER, Message: 'x' }),
      ),
    ).rejects.toThrow();
    expect(recorded).toContainEqual(['fault']);
    expect(JSON.stringify(recorded)).not.toContain('358401234567');
  });

  it('sends untraced when there is no segment (tracing off, local mode)', async () => {
    const error = new Error('offline');
    await expect(
      tracePrivately(failingClient(error), () => undefined).send(
        new PublishCommand({ PhoneNumber: NUMBER, Message: 'x' }),
      ),
    ).rejects.toBe(error);
  });
});
