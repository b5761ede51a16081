import { CONNECT_PROVIDER } from '../../../shared/connect/ctr';
import { startSystem } from '../../support/local-system';
import { contactIdOf, ctrContext, ctrHandler, freshCtr, kinesisEvent, meta } from './connect-support';

// CTRs shaped as in AWS "Contact records data model":
// https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html

let system: Awaited<ReturnType<typeof startSystem>>;
let handler: ReturnType<typeof ctrHandler>;
beforeAll(async () => {
  system = await startSystem();
  handler = ctrHandler();
});
afterAll(async () => system.close());

const invoke = (payloads: unknown[]) => handler(kinesisEvent(payloads), ctrContext());

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
    await expect(handler(event, ctrContext())).resolves.toEqual({
      batchItemFailures: [
        { itemIdentifier: notJson?.kinesis.sequenceNumber },
        { itemIdentifier: notCtr?.kinesis.sequenceNumber },
      ],
    });
    expect(await meta(contactIdOf(good))).toMatchObject({ providerCallId: good.ContactId });
  });
});
