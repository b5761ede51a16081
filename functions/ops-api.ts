import { DynamoCallStore } from '../shared/calls/dynamo-call-store';
import { DynamoChatStore } from '../shared/chats/dynamo-chat-store';
import { connectRedactionHook } from '../shared/connect/redact-enqueue';
import { SqsConnectRedactionQueue } from '../shared/connect/sqs-redaction-queue';
import { DynamoHoldStore } from '../shared/holds/dynamo-hold-store';
import { DynamoAuditLog } from '../shared/kernel/dynamo-audit-log';
import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { loadEnv } from '../shared/kernel/env';
import { AppendOnlyAuditLog, S3AuditLog } from '../shared/kernel/s3-audit-log';
import { s3Client } from '../shared/kernel/s3-client';
import { pseudonymPepper } from '../shared/kernel/secrets';
import { sqsClient } from '../shared/kernel/sqs-client';
import { createOpsApiHandler } from '../shared/ops/api-handler';
import { parseRoleCapabilities } from '../shared/ops/capabilities';
import { deadLetterQueuesSchema } from '../shared/ops/dead-letters';
import { opsEnv } from '../shared/ops/env';
import { SqsDeadLetterIo } from '../shared/ops/sqs-dead-letters';
import { DynamoRecordingStore } from '../shared/recordings/dynamo-recording-store';
import { DynamoRetentionStore } from '../shared/retention/dynamo-retention-store';
import { S3ContactObjects } from '../shared/retention/s3-contact-objects';
import { DynamoErasureRequests } from '../shared/subjects/dynamo-erasure-requests';
import { DynamoExportJobs } from '../shared/subjects/dynamo-export-jobs';
import { DynamoSubjectStore } from '../shared/subjects/dynamo-subject-store';
import { SqsExportQueue } from '../shared/subjects/sqs-export-queue';
import { DynamoSurveyStore } from '../shared/surveys/dynamo-survey-store';

const env = loadEnv(opsEnv);
const db = dynamoDocumentClient();
const objects = new S3ContactObjects(s3Client(), env.RECORDINGS_BUCKET);
const holdStore = new DynamoHoldStore(db, env.CONTACTS_TABLE);
const pepper = () => pseudonymPepper(env.PEPPER_SECRET_ID);

export const handler = createOpsApiHandler({
  localIdentity: env.OPS_LOCAL_IDENTITY === 'true',
  fourEyesErase: env.ERASE_FOUR_EYES !== 'false',
  roleCapabilities: parseRoleCapabilities(env.OPS_ROLE_CAPABILITIES),
  erasures: new DynamoErasureRequests(db, env.CONTACTS_TABLE),
  calls: new DynamoCallStore(db, env.CONTACTS_TABLE),
  chats: new DynamoChatStore(db, env.CONTACTS_TABLE),
  recordings: new DynamoRecordingStore(db, env.CONTACTS_TABLE),
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
    ...(env.CONNECT_REDACTION_QUEUE_URL && {
      onContactLeaving: connectRedactionHook(
        new SqsConnectRedactionQueue(sqsClient(), env.CONNECT_REDACTION_QUEUE_URL),
      ),
    }),
  },
  playback: {
    meta: (contactId) => holdStore.getMeta(contactId),
    presign: (key, seconds) => objects.presignGet(key, seconds),
  },
  // Append-only trail first (no entry, no action); the table keeps a convenience copy nobody reads.
  audit: new AppendOnlyAuditLog(
    new S3AuditLog(s3Client(), env.AUDIT_BUCKET),
    new DynamoAuditLog(db, env.CONTACTS_TABLE, env.AUDIT_RETENTION_MONTHS),
  ),
  receipts: new DynamoRetentionStore(db, env.CONTACTS_TABLE, env.AUDIT_RETENTION_MONTHS),
  surveys: new DynamoSurveyStore(db, env.CONTACTS_TABLE),
  exports: {
    jobs: new DynamoExportJobs(db, env.CONTACTS_TABLE),
    queue: new SqsExportQueue(sqsClient(), env.EXPORT_QUEUE_URL),
    objects,
  },
  deadLetters: {
    queues: deadLetterQueuesSchema.parse(JSON.parse(env.DEAD_LETTER_QUEUES ?? '{}')),
    io: new SqsDeadLetterIo(sqsClient()),
  },
});
