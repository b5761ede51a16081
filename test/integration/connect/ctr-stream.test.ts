import { CONNECT_PROVIDER } from '../../../shared/connect/ctr';
import { startSystem } from '../../support/local-system';
import { INBOUND_VOICE_CTR } from '../../unit/connect/ctr-fixtures';
import { ago, contactIdOf, ctrContext, ctrHandler, freshCtr, kinesisEvent, meta } from './connect-support';

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
    // With the fixture's recording details: only the match uses its location, the call keeps none of it.
    const ctr = freshCtr({ Recording: INBOUND_VOICE_CTR.Recording });
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
    for (const dropped of ['Matti', 'L-12345', 'maija', 'Loans', 'Helsinki', 'wav', 'call-recordings']) {
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

  it('across batches an older update is a no-op: the newest LastUpdateTimestamp stays stored', async () => {
    // Prepare
    const newer = freshCtr();
    const older = {
      ...newer,
      ConnectedToSystemTimestamp: new Date(
        Date.parse(newer.ConnectedToSystemTimestamp) - 20_000,
      ).toISOString(),
      DisconnectTimestamp: new Date(Date.parse(newer.DisconnectTimestamp) - 30_000).toISOString(),
      LastUpdateTimestamp: new Date(Date.parse(newer.LastUpdateTimestamp) - 30_000).toISOString(),
    };
    await expect(invoke([newer])).resolves.toEqual({ batchItemFailures: [] });
    const stored = await meta(contactIdOf(newer));

    // Act
    await expect(invoke([older])).resolves.toEqual({ batchItemFailures: [] });

    // Assess
    expect(await meta(contactIdOf(newer))).toEqual(stored);
    expect(stored).toMatchObject({
      answeredAt: new Date(newer.ConnectedToSystemTimestamp).toISOString(),
      endedAt: new Date(newer.DisconnectTimestamp).toISOString(),
      sourceUpdatedAt: new Date(newer.LastUpdateTimestamp).toISOString(),
    });
  });

  it('across batches a newer update replaces the times of an older one', async () => {
    const older = freshCtr();
    const newer = {
      ...older,
      DisconnectTimestamp: new Date(Date.parse(older.DisconnectTimestamp) + 30_000).toISOString(),
      LastUpdateTimestamp: new Date(Date.parse(older.LastUpdateTimestamp) + 30_000).toISOString(),
    };
    await invoke([older]);

    await expect(invoke([newer])).resolves.toEqual({ batchItemFailures: [] });

    expect(await meta(contactIdOf(older))).toMatchObject({
      endedAt: new Date(newer.DisconnectTimestamp).toISOString(),
      sourceUpdatedAt: new Date(newer.LastUpdateTimestamp).toISOString(),
    });
  });

  it('N1: a transfer leg folds into its initial contact: one call, ended when the last leg disconnects', async () => {
    for (const order of ['initial first', 'leg first'] as const) {
      // Prepare: the agent transferred the caller; the new leg names the first contact.
      const initial = freshCtr({ DisconnectTimestamp: ago(5), LastUpdateTimestamp: ago(4) });
      const leg = freshCtr({
        InitiationMethod: 'TRANSFER',
        InitialContactId: initial.ContactId,
        PreviousContactId: initial.ContactId,
        InitiationTimestamp: ago(5),
        ConnectedToSystemTimestamp: ago(5),
        DisconnectTimestamp: ago(2),
        LastUpdateTimestamp: ago(1),
      });

      // Act
      const batches = order === 'initial first' ? [[initial], [leg]] : [[leg], [initial]];
      for (const batch of batches) await expect(invoke(batch)).resolves.toEqual({ batchItemFailures: [] });

      // Assess
      expect(await meta(contactIdOf(initial))).toMatchObject({
        providerCallId: initial.ContactId,
        direction: 'inbound',
        customerNumber: '+358401234567',
        startedAt: new Date(initial.InitiationTimestamp).toISOString(),
        answeredAt: new Date(initial.ConnectedToSystemTimestamp).toISOString(),
        endedAt: new Date(leg.DisconnectTimestamp).toISOString(),
      });
      expect(await meta(contactIdOf(leg))).toBeUndefined();
    }
  });

  it('N3: a callback is its own outbound call, not part of the contact that asked for it', async () => {
    const asked = freshCtr({ DisconnectTimestamp: ago(6), LastUpdateTimestamp: ago(6) });
    const callback = freshCtr({
      InitiationMethod: 'CALLBACK',
      PreviousContactId: asked.ContactId,
      InitialContactId: null,
      InitiationTimestamp: ago(4),
      ConnectedToSystemTimestamp: ago(4),
    });

    await expect(invoke([asked, callback])).resolves.toEqual({ batchItemFailures: [] });

    expect(await meta(contactIdOf(asked))).toMatchObject({
      direction: 'inbound',
      endedAt: new Date(asked.DisconnectTimestamp).toISOString(),
    });
    expect(await meta(contactIdOf(callback))).toMatchObject({
      direction: 'outbound',
      customerNumber: '+358401234567',
      serviceNumber: '+358201234567',
    });
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
