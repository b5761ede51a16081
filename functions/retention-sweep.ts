import { connectRedactionHook } from '../shared/connect/redact-enqueue';
import { SqsConnectRedactionQueue } from '../shared/connect/sqs-redaction-queue';
import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { loadEnv } from '../shared/kernel/env';
import { s3Client } from '../shared/kernel/s3-client';
import { sqsClient } from '../shared/kernel/sqs-client';
import { DynamoRetentionStore } from '../shared/retention/dynamo-retention-store';
import { sweepEnv } from '../shared/retention/env';
import { S3ContactObjects } from '../shared/retention/s3-contact-objects';
import { createRetentionSweepHandler } from '../shared/retention/sweep-handler';

const env = loadEnv(sweepEnv);

/** Hourly (EventBridge): the retention sweep (shared/retention/sweep-handler.ts). */
export const handler = createRetentionSweepHandler({
  store: new DynamoRetentionStore(dynamoDocumentClient(), env.CONTACTS_TABLE, env.AUDIT_RETENTION_MONTHS),
  objects: new S3ContactObjects(s3Client(), env.RECORDINGS_BUCKET),
  maxContacts: env.SWEEP_MAX_CONTACTS,
  concurrency: env.SWEEP_CONCURRENCY,
  exportRetentionDays: env.EXPORT_RETENTION_DAYS,
  ...(env.CONNECT_REDACTION_QUEUE_URL && {
    onContactLeaving: connectRedactionHook(
      new SqsConnectRedactionQueue(sqsClient(), env.CONNECT_REDACTION_QUEUE_URL),
    ),
  }),
});
