import { PutObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_NAMES } from '../../../local/emulators';
import { DynamoHoldStore } from '../../../shared/holds/dynamo-hold-store';
import { contactIdFor } from '../../../shared/kernel/contact-id';
import { dynamoDocumentClient } from '../../../shared/kernel/dynamo-client';
import { subjectKey } from '../../../shared/kernel/pseudonym';
import { s3Client } from '../../../shared/kernel/s3-client';
import { helsinkiDay } from '../../../shared/kernel/time';
import { DynamoRetentionStore } from '../../../shared/retention/dynamo-retention-store';
import { S3ContactObjects } from '../../../shared/retention/s3-contact-objects';
import { startSystem } from '../../support/local-system';
import { TEST_PEPPER } from '../../support/webhooks';

export const DAY = 86_400;

export interface SeedOptions {
  name: string;
  /** Epoch seconds. */
  expiresAt: number;
  number?: string;
  startedAt?: string;
  kind?: 'call' | 'chat';
  items?: string[];
  objects?: string[];
}

/**
 * A stored contact the way the webhooks leave one: META on both indexes, other items with the
 * TTL attribute, and objects under recordings/<id>/.
 */
export async function seedContact(options: SeedOptions): Promise<string> {
  const kind = options.kind ?? 'call';
  const contactId = contactIdFor(kind, 'test', options.name);
  const startedAt = options.startedAt ?? new Date((options.expiresAt - 365 * DAY) * 1000).toISOString();
  const expiresOn = helsinkiDay(new Date(options.expiresAt * 1000));
  const objects = (options.objects ?? []).map((name) => `recordings/${contactId}/${name}`);
  const client = dynamoDocumentClient();
  await client.send(
    new PutCommand({
      TableName: LOCAL_NAMES.contactsTable,
      Item: {
        pk: `CONTACT#${contactId}`,
        sk: 'META',
        kind,
        contactId,
        provider: 'test',
        providerCallId: options.name,
        direction: 'inbound',
        customerNumber: options.number,
        serviceNumber: '+358968298003',
        startedAt,
        endedAt: startedAt,
        expiresAt: options.expiresAt,
        expiresOn,
        gsi2pk: `EXP#${expiresOn}`,
        gsi2sk: options.expiresAt,
        ...(options.number
          ? { gsi1pk: `SUBJECT#${subjectKey(options.number, TEST_PEPPER)}`, gsi1sk: startedAt }
          : {}),
        ...(objects.length ? { recordingKey: objects[0] } : {}),
        version: 1,
      },
    }),
  );
  for (const sk of options.items ?? []) {
    await client.send(
      new PutCommand({
        TableName: LOCAL_NAMES.contactsTable,
        Item: { pk: `CONTACT#${contactId}`, sk, text: `content of ${sk}`, expiresAt: options.expiresAt },
      }),
    );
  }
  for (const key of objects) {
    await s3Client().send(
      new PutObjectCommand({ Bucket: LOCAL_NAMES.bucket, Key: key, Body: `audio of ${options.name}` }),
    );
  }
  return contactId;
}

export function retentionAdapters() {
  return {
    store: new DynamoRetentionStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable),
    objects: new S3ContactObjects(s3Client(), LOCAL_NAMES.bucket),
  };
}

export const nowEpoch = () => Math.floor(Date.now() / 1000);

export function holdDeps(now?: () => Date, { chatRetentionMonths = 12 } = {}) {
  const { objects } = retentionAdapters();
  return {
    store: new DynamoHoldStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable),
    objects,
    retentionMonths: 12,
    chatRetentionMonths,
    ...(now ? { now } : {}),
  };
}

/**
 * The local system without the audio pipeline's ObjectCreated listener: objects seeded here stand
 * for recordings that already landed, so nothing should inspect (and refuse) their test bytes.
 */
export async function startSystemWithoutAudioPipeline() {
  const system = await startSystem();
  system.emulators.s3.removeAllListeners('event');
  return system;
}
