import type { KinesisStreamEvent } from 'aws-lambda';
import { LOCAL_NAMES } from '../../../local/emulators';
import { localContext } from '../../../local/lambda-http';
import { DynamoCallStore } from '../../../shared/calls/dynamo-call-store';
import { CONNECT_PROVIDER } from '../../../shared/connect/ctr';
import { createConnectCtrHandler } from '../../../shared/connect/ctr-handler';
import { contactIdFor } from '../../../shared/kernel/contact-id';
import { dynamoDocumentClient } from '../../../shared/kernel/dynamo-client';
import { contactPk, META } from '../../../shared/kernel/table-keys';
import { getItem, startSystem } from '../../support/local-system';
import { TEST_PEPPER } from '../../support/webhooks';
import { INBOUND_VOICE_CTR } from '../../unit/connect/ctr-fixtures';

// CTRs shaped as in AWS "Contact records data model":
// https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html

let system: Awaited<ReturnType<typeof startSystem>>;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => system.close());

const handler = createConnectCtrHandler({
  calls: new DynamoCallStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable),
  pepper: async () => TEST_PEPPER,
  retentionMonths: 12,
  defaultCountry: 'FI',
});

let sequence = 0;
/** A Kinesis event as Lambda delivers it: each CTR's JSON base64-encoded in `kinesis.data`. */
function kinesisEvent(payloads: unknown[]): KinesisStreamEvent {
  return {
    Records: payloads.map((payload) => {
      const sequenceNumber = String(++sequence).padStart(20, '0');
      const data = typeof payload === 'string' ? payload : JSON.stringify(payload);
      return {
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `shardId-000000000000:${sequenceNumber}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn:aws:iam::111122223333:role/connect-ctr',
        awsRegion: 'eu-central-1',
        eventSourceARN: 'arn:aws:kinesis:eu-central-1:111122223333:stream/ctr',
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: 'pk',
          sequenceNumber,
          approximateArrivalTimestamp: Date.now() / 1000,
          data: Buffer.from(data, 'utf8').toString('base64'),
        },
      };
    }),
  };
}
const invoke = (payloads: unknown[]) => handler(kinesisEvent(payloads), localContext('connect-ctr'));

let n = 0;
/** A fresh contact with recent times (a 2026-03 fixture would already be past its expiry). */
function freshCtr(overrides: Record<string, unknown> = {}) {
  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const suffix = `${Date.now().toString(16).slice(-8)}${(++n).toString(16).padStart(4, '0')}`.slice(-12);
  const ContactId = `5f0b6a2e-1c3d-4e5f-8a9b-${suffix}`;
  return {
    ...INBOUND_VOICE_CTR,
    ContactId,
    InitiationTimestamp: ago(10),
    ConnectedToSystemTimestamp: ago(9),
    Agent: { ...INBOUND_VOICE_CTR.Agent, ConnectedToAgentTimestamp: ago(8) },
    DisconnectTimestamp: ago(2),
    LastUpdateTimestamp: ago(1),
    ...overrides,
  };
}
const meta = (contactId: string) => getItem(contactPk(contactId), META);
const contactIdOf = (ctr: { ContactId: string }) => contactIdFor('call', CONNECT_PROVIDER, ctr.ContactId);

describe('Connect CTR stream -> calls (real handler, local DynamoDB)', () => {
  it('N1-N3: stores a voice CTR as its call and nothing the notice does not list (N15)', async () => {
    const ctr = freshCtr();
    await expect(invoke([ctr])).resolves.toEqual({ batchItemFailures: [] });
    const stored = await meta(contactIdOf(ctr));
    expect(stored).toMatchObject({
      kind: 'call',
      provider: CONNECT_PROVIDER,
      providerCallId: ctr.ContactId,
      direction: 'inbound',
      customerNumber: '+358401234567',
      serviceNumber: '+358201234567',
      startedAt: new Date(ctr.InitiationTimestamp).toISOString(),
      answeredAt: new Date(ctr.ConnectedToSystemTimestamp).toISOString(),
      endedAt: new Date(ctr.DisconnectTimestamp).toISOString(),
    });
    const text = JSON.stringify(stored);
    for (const dropped of ['Matti', 'L-12345', 'maija', 'Loans', 'Helsinki', 'wav']) {
      expect(text).not.toContain(dropped);
    }
  });

  it('duplicates in a batch and redeliveries store one call', async () => {
    const ctr = freshCtr();
    await expect(invoke([ctr, ctr])).resolves.toEqual({ batchItemFailures: [] });
    const first = await meta(contactIdOf(ctr));
    await expect(invoke([ctr])).resolves.toEqual({ batchItemFailures: [] });
    expect(await meta(contactIdOf(ctr))).toEqual(first);
  });

  it('an update and an older version in one batch: the newest LastUpdateTimestamp is stored, in either order', async () => {
    for (const order of ['newest first', 'oldest first'] as const) {
      const newer = freshCtr();
      const older = {
        ...newer,
        DisconnectTimestamp: new Date(Date.parse(newer.DisconnectTimestamp) - 30_000).toISOString(),
        LastUpdateTimestamp: new Date(Date.parse(newer.LastUpdateTimestamp) - 30_000).toISOString(),
      };
      const batch = order === 'newest first' ? [newer, older] : [older, newer];
      await expect(invoke(batch)).resolves.toEqual({ batchItemFailures: [] });
      expect((await meta(contactIdOf(newer)))?.endedAt).toBe(
        new Date(newer.DisconnectTimestamp).toISOString(),
      );
    }
  });

  it('an unanswered call is stored without an answer time', async () => {
    const ctr = freshCtr({ Agent: null, ConnectedToSystemTimestamp: null, Recording: null });
    await expect(invoke([ctr])).resolves.toEqual({ batchItemFailures: [] });
    const stored = await meta(contactIdOf(ctr));
    expect(stored?.endedAt).toBe(new Date(ctr.DisconnectTimestamp).toISOString());
    expect(stored?.answeredAt).toBeUndefined();
  });

  it('a poison record is reported alone; the rest of the batch is stored', async () => {
    const good = freshCtr();
    const event = kinesisEvent(['not json', { ...freshCtr(), ContactId: 'nope' }, good]);
    const [notJson, notCtr] = event.Records;
    await expect(handler(event, localContext('connect-ctr'))).resolves.toEqual({
      batchItemFailures: [
        { itemIdentifier: notJson?.kinesis.sequenceNumber },
        { itemIdentifier: notCtr?.kinesis.sequenceNumber },
      ],
    });
    expect(await meta(contactIdOf(good))).toMatchObject({ providerCallId: good.ContactId });
  });
});
