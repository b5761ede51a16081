import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_NAMES } from '../../../local/emulators';
import { dynamoDocumentClient } from '../../../shared/kernel/dynamo-client';
import { s3Client } from '../../../shared/kernel/s3-client';
import { allItems, type startSystem } from '../../support/local-system';
import { opsRequest } from '../../support/ops-request';
import { DAY, nowEpoch, seedContact, startSystemWithoutAudioPipeline } from '../retention/fixtures';

/** The audit trail is read from the append-only store (S3 Object Lock in AWS), not the table copy. */
describe('audit trail (N7: append-only store)', () => {
  let system: Awaited<ReturnType<typeof startSystem>>;
  const ops = (path: string) => opsRequest(system.url, 'GET', path, undefined, { 'x-ops-user': 'ivan' });

  beforeAll(async () => {
    system = await startSystemWithoutAudioPipeline();
  });
  afterAll(async () => system.close());

  it('N7: audit reads entries from the append-only trail, so deleting the table copy changes nothing', async () => {
    // Prepare: one show, audited as intent + outcome
    const number = '+358405550009';
    const id = await seedContact({ name: 'trail-1', number, expiresAt: nowEpoch() + DAY });
    expect((await ops(`/ops/contacts/${id}?reason=QA%20review%20QA-1`)).status).toBe(200);

    // Act: someone with table access deletes every copy in the contacts table
    for (const item of (await allItems()).filter((i) => String(i.pk).startsWith('AUDIT#'))) {
      await dynamoDocumentClient().send(
        new DeleteCommand({ TableName: LOCAL_NAMES.contactsTable, Key: { pk: item.pk, sk: item.sk } }),
      );
    }

    // Assess
    const listed = await ops(`/ops/audit?contactId=${id}`);
    // the show's intent and outcome (this read's own outcome is written after it answers)
    expect(listed.body.entries).toEqual([
      expect.objectContaining({
        action: 'contact.show',
        phase: 'intent',
        who: 'ivan',
        reason: 'QA review QA-1',
      }),
      expect.objectContaining({ action: 'contact.show', phase: 'outcome', outcome: 'ok' }),
    ]);
    const keys =
      (await s3Client().send(new ListObjectsV2Command({ Bucket: LOCAL_NAMES.auditBucket }))).Contents?.map(
        (o) => o.Key ?? '',
      ) ?? [];
    expect(keys.filter((k) => k.startsWith(`audit-of/${id}/`))).toHaveLength(3); // + this read's outcome
    expect(keys.join('\n')).not.toMatch(/405550009/);
  });
});
