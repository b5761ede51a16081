import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { localContext } from '../../../local/lambda-http';
import { contactIdFor } from '../../../shared/kernel/contact-id';
import { logger } from '../../../shared/kernel/observability';
import { DEFAULT_SURVEY_POLICY } from '../../../shared/surveys/policy';
import type { SendSurveyDeps } from '../../../shared/surveys/send';
import { createSurveySendHandler } from '../../../shared/surveys/send-handler';

const PHONE = '+358401234567';
const contactId = contactIdFor('call', 'acme-cc', 'send-handler-1');
const sqsEvent = (body: string): SQSEvent => ({
  Records: [
    {
      messageId: 'm-1',
      receiptHandle: 'rh-1',
      body,
      attributes: { ApproximateReceiveCount: '1' },
    } as unknown as SQSRecord,
  ],
});

/** Deps whose survey store fails with an error that repeats the number, as an SNS error may. */
const failingDeps = (): SendSurveyDeps =>
  ({
    surveys: {
      getSurvey: async () => {
        throw Object.assign(new Error(`Invalid parameter: PhoneNumber ${PHONE}`), {
          name: 'InvalidParameter',
        });
      },
    },
    calls: {},
    queue: { enqueue: async () => undefined },
    sms: { send: async () => ({ messageId: 'never' }) },
    pepper: async () => 'pepper',
    policy: DEFAULT_SURVEY_POLICY,
    text: 'Arvioi 1-5',
  }) as unknown as SendSurveyDeps;

afterEach(() => jest.restoreAllMocks());

describe('survey-send handler', () => {
  it('N17: a failed survey job goes back to the queue and is logged by its error name only, never the number', async () => {
    // Prepare
    const error = jest.spyOn(logger, 'error');
    const handler = createSurveySendHandler(failingDeps());
    const notBefore = new Date().toISOString();

    // Act
    const result = await handler(
      sqsEvent(JSON.stringify({ contactId, notBefore })),
      localContext('survey-send'),
    );

    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(error).toHaveBeenCalledWith('survey job failed; it will be retried', {
      messageId: 'm-1',
      errorName: 'InvalidParameter',
    });
    expect(JSON.stringify(error.mock.calls)).not.toContain(PHONE);
  });

  it('N17: a body that is not a survey job (a number instead of a contact id) fails, never reaches the sender, and is logged without it', async () => {
    // Prepare
    const calls = jest.spyOn(logger, 'error');
    const deps = failingDeps();
    const getSurvey = jest.spyOn(deps.surveys, 'getSurvey');
    const handler = createSurveySendHandler(deps);

    // Act
    const result = await handler(
      sqsEvent(JSON.stringify({ contactId: PHONE, notBefore: new Date().toISOString() })),
      localContext('survey-send'),
    );

    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(getSurvey).not.toHaveBeenCalled();
    expect(calls).toHaveBeenCalled();
    expect(JSON.stringify(calls.mock.calls)).not.toContain(PHONE);
  });
});
