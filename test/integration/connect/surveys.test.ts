import { LOCAL_NAMES } from '../../../local/emulators';
import type { CallRecord } from '../../../shared/calls/call-record';
import { dynamoDocumentClient } from '../../../shared/kernel/dynamo-client';
import { DynamoSurveyStore } from '../../../shared/surveys/dynamo-survey-store';
import { DEFAULT_SURVEY_POLICY } from '../../../shared/surveys/policy';
import type { SurveyJob } from '../../../shared/surveys/ports';
import { scheduleSurvey } from '../../../shared/surveys/schedule';
import { startSystem } from '../../support/local-system';
import { TEST_PEPPER } from '../../support/webhooks';
import { INBOUND_VOICE_CTR, OUTBOUND_VOICE_CTR, UNANSWERED_VOICE_CTR } from '../../unit/connect/ctr-fixtures';
import { contactIdOf, ctrContext, ctrHandler, kinesisEvent } from './connect-support';

// CTRs: AWS "Contact records data model", https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html
// The fixtures' calls end at 2026-03-02 08:05-10:00 UTC (10:05-12:00 in Helsinki, inside the
// survey window); the clock stands a few minutes after that.

let system: Awaited<ReturnType<typeof startSystem>>;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => system.close());

/** The CTR handler wired as functions/connect-ctr.ts wires it, with the survey queue recorded. */
function harness(now: string) {
  const jobs: SurveyJob[] = [];
  const clock = () => new Date(now);
  const surveys = {
    surveys: new DynamoSurveyStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable),
    queue: { enqueue: async (job: SurveyJob) => void jobs.push(job) },
    pepper: async () => TEST_PEPPER,
    policy: { ...DEFAULT_SURVEY_POLICY, samplingRate: 1 },
    now: clock,
  };
  const handler = ctrHandler({
    now: clock,
    onCallStored: [async (record: CallRecord) => void (await scheduleSurvey(record, surveys))],
  });
  return { jobs, invoke: (ctrs: unknown[]) => handler(kinesisEvent(ctrs), ctrContext()) };
}

describe('N10: surveys for Connect calls, exactly as for other platforms', () => {
  it('N10: an answered inbound call to a mobile number gets one survey, however often its CTR arrives', async () => {
    // Prepare
    const h = harness('2026-03-02T08:07:00Z');
    const ctr = { ...INBOUND_VOICE_CTR, CustomerEndpoint: { Address: '+358401110001' } };

    // Act
    await expect(h.invoke([ctr])).resolves.toEqual({ batchItemFailures: [] });
    await expect(h.invoke([ctr])).resolves.toEqual({ batchItemFailures: [] });
    await expect(h.invoke([{ ...ctr, LastUpdateTimestamp: '2026-03-02T08:20:00Z' }])).resolves.toEqual({
      batchItemFailures: [],
    });

    // Assess
    expect(h.jobs).toEqual([{ contactId: contactIdOf(ctr), notBefore: expect.any(String) }]);
  });

  it('N10: an unanswered call and an outbound call get none', async () => {
    const h = harness('2026-03-02T10:02:00Z');
    const unanswered = { ...UNANSWERED_VOICE_CTR, CustomerEndpoint: { Address: '+358401110002' } };
    const outbound = {
      ...OUTBOUND_VOICE_CTR,
      CustomerEndpoint: { Address: '+358401110003' },
      DisconnectTimestamp: '2026-03-02T09:58:00Z',
      LastUpdateTimestamp: '2026-03-02T09:59:00Z',
    };

    await expect(h.invoke([unanswered, outbound])).resolves.toEqual({ batchItemFailures: [] });

    expect(h.jobs).toEqual([]);
  });
});
