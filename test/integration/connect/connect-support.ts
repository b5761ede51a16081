import { kinesisEventOf } from '../../../local/connect';
import { LOCAL_NAMES } from '../../../local/emulators';
import { localContext } from '../../../local/lambda-http';
import { DynamoCallStore } from '../../../shared/calls/dynamo-call-store';
import { DynamoChatStore } from '../../../shared/chats/dynamo-chat-store';
import { CONNECT_PROVIDER } from '../../../shared/connect/ctr';
import { createConnectCtrHandler } from '../../../shared/connect/ctr-handler';
import { DynamoRecordingLinks } from '../../../shared/connect/dynamo-recording-links';
import { contactIdFor } from '../../../shared/kernel/contact-id';
import { dynamoDocumentClient } from '../../../shared/kernel/dynamo-client';
import { s3Client } from '../../../shared/kernel/s3-client';
import { contactPk, META } from '../../../shared/kernel/table-keys';
import { S3RecordingObjects } from '../../../shared/recordings/s3-recording-objects';
import { getItem } from '../../support/local-system';
import { TEST_PEPPER } from '../../support/webhooks';
import { INBOUND_VOICE_CTR } from '../../unit/connect/ctr-fixtures';

// CTRs shaped as in AWS "Contact records data model":
// https://docs.aws.amazon.com/connect/latest/adminguide/ctr-data-model.html

/** The real CTR handler against the local emulators (create it once the system has started). */
export const ctrHandler = (overrides: Partial<Parameters<typeof createConnectCtrHandler>[0]> = {}) =>
  createConnectCtrHandler({
    calls: new DynamoCallStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable),
    links: new DynamoRecordingLinks(dynamoDocumentClient(), LOCAL_NAMES.contactsTable),
    objects: new S3RecordingObjects(s3Client(), LOCAL_NAMES.bucket),
    pepper: async () => TEST_PEPPER,
    retentionMonths: 12,
    defaultCountry: 'FI',
    chat: {
      chats: new DynamoChatStore(dynamoDocumentClient(), LOCAL_NAMES.contactsTable),
      pepper: async () => TEST_PEPPER,
      retentionMonths: 12,
    },
    ...overrides,
  });

/** A Kinesis event as Lambda delivers it (the one local mode builds: local/connect.ts). */
export const kinesisEvent = kinesisEventOf;
export const ctrContext = () => localContext('connect-ctr');

let n = 0;
/** A fresh Connect contact id. */
export function freshContactId(): string {
  const suffix = `${Date.now().toString(16).slice(-8)}${(++n).toString(16).padStart(4, '0')}`.slice(-12);
  return `5f0b6a2e-1c3d-4e5f-8a9b-${suffix}`;
}
export const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** A fresh contact with recent times (a 2026-03 fixture would already be past its expiry). */
export function freshCtr(overrides: Record<string, unknown> = {}) {
  const ContactId = freshContactId();
  return {
    ...INBOUND_VOICE_CTR,
    ContactId,
    InitiationTimestamp: ago(10),
    ConnectedToSystemTimestamp: ago(9),
    Agent: { ...INBOUND_VOICE_CTR.Agent, ConnectedToAgentTimestamp: ago(8) },
    DisconnectTimestamp: ago(2),
    LastUpdateTimestamp: ago(1),
    Recording: null,
    ...overrides,
  };
}

let keys = 0;
/** Where Connect puts a call recording: a name of its choosing under our prefix (never parsed). */
export const connectKey = () => `connect/call-recordings/2026/11/29/${Date.now()}-${++keys}_recording.wav`;
/** A fresh CTR whose Recording.Location names `key` in our bucket, as Connect writes it. */
export const ctrWith = (key: string, overrides: Record<string, unknown> = {}) =>
  freshCtr({
    Recording: { Location: `${LOCAL_NAMES.bucket}/${key}`, Status: 'AVAILABLE', Type: 'AUDIO' },
    ...overrides,
  });
export const meta = (contactId: string) => getItem(contactPk(contactId), META);
export const contactIdOf = (ctr: { ContactId: string }) =>
  contactIdFor('call', CONNECT_PROVIDER, ctr.ContactId);
