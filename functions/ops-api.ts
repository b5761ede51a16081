import { dynamoDocumentClient, s3Client, sqsClient } from '../shared/adapters/clients';
import { DynamoAuditLog } from '../shared/adapters/dynamo-audit-log';
import { DynamoCallStore } from '../shared/adapters/dynamo-call-store';
import { DynamoChatStore } from '../shared/adapters/dynamo-chat-store';
import { DynamoExportJobs } from '../shared/adapters/dynamo-export-jobs';
import { DynamoHoldStore } from '../shared/adapters/dynamo-hold-store';
import { DynamoRetentionStore } from '../shared/adapters/dynamo-retention-store';
import { DynamoSubjectStore } from '../shared/adapters/dynamo-subject-store';
import { DynamoSurveyStore } from '../shared/adapters/dynamo-survey-store';
import { S3ContactObjects } from '../shared/adapters/s3-contact-objects';
import { pseudonymPepper } from '../shared/adapters/secrets';
import { SqsExportQueue } from '../shared/adapters/sqs-export-queue';
import { loadEnv } from '../shared/config/env';
import { opsEnv } from '../shared/config/env-ops';
import { createOpsApiHandler } from '../shared/http/ops-api';

const env = loadEnv(opsEnv);
const db = dynamoDocumentClient();
const objects = new S3ContactObjects(s3Client(), env.RECORDINGS_BUCKET);
const holdStore = new DynamoHoldStore(db, env.CONTACTS_TABLE);
const pepper = () => pseudonymPepper(env.PEPPER_SECRET_ID);

export const handler = createOpsApiHandler({
  calls: new DynamoCallStore(db, env.CONTACTS_TABLE),
  chats: new DynamoChatStore(db, env.CONTACTS_TABLE),
  holds: {
    store: holdStore,
    objects,
    retentionMonths: env.RETENTION_MONTHS,
    chatRetentionMonths: env.CHAT_RETENTION_MONTHS,
  },
  subject: {
    store: new DynamoSubjectStore(db, env.CONTACTS_TABLE, env.AUDIT_RETENTION_MONTHS),
    objects,
    pepper,
    defaultCountry: env.DEFAULT_COUNTRY,
  },
  playback: {
    meta: (contactId) => holdStore.getMeta(contactId),
    presign: (key, seconds) => objects.presignGet(key, seconds),
  },
  audit: new DynamoAuditLog(db, env.CONTACTS_TABLE, env.AUDIT_RETENTION_MONTHS),
  receipts: new DynamoRetentionStore(db, env.CONTACTS_TABLE, env.AUDIT_RETENTION_MONTHS),
  surveys: new DynamoSurveyStore(db, env.CONTACTS_TABLE),
  exports: {
    jobs: new DynamoExportJobs(db, env.CONTACTS_TABLE),
    queue: new SqsExportQueue(sqsClient(), env.EXPORT_QUEUE_URL),
    objects,
  },
});
