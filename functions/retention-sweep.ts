import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { s3Client } from '../shared/kernel/s3-client';
import { loadEnv } from '../shared/kernel/env';
import { logger } from '../shared/kernel/observability';
import { DynamoRetentionStore } from '../shared/retention/dynamo-retention-store';
import { sweepEnv } from '../shared/retention/env';
import { S3ContactObjects } from '../shared/retention/s3-contact-objects';
import { sweepExpired } from '../shared/retention/sweep';

const env = loadEnv(sweepEnv);

/** Leave this much of the Lambda's time to finish the contact in hand and write the receipt. */
const SAFETY_MS = 60_000;

/** Hourly (EventBridge): delete what is due (N13). Logs counts only, never contact data. */
export const handler = middy(async (_event: unknown, context: Context) => {
  const result = await sweepExpired({
    store: new DynamoRetentionStore(dynamoDocumentClient(), env.CONTACTS_TABLE, env.AUDIT_RETENTION_MONTHS),
    objects: new S3ContactObjects(s3Client(), env.RECORDINGS_BUCKET),
    maxContacts: env.SWEEP_MAX_CONTACTS,
    concurrency: env.SWEEP_CONCURRENCY,
    exportRetentionDays: env.EXPORT_RETENTION_DAYS,
    shouldStop: () => context.getRemainingTimeInMillis() < SAFETY_MS,
    log: (message, data) => logger.info(message, data),
  });
  logger.info('retention sweep finished', { ...result });
  return result;
}).use(injectLambdaContext(logger, { resetKeys: true }));
