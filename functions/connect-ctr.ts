import { DynamoCallStore } from '../shared/calls/dynamo-call-store';
import { createConnectCtrHandler } from '../shared/connect/ctr-handler';
import { DynamoRecordingLinks } from '../shared/connect/dynamo-recording-links';
import { connectCtrEnv } from '../shared/connect/env';
import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { loadEnv } from '../shared/kernel/env';
import { s3Client } from '../shared/kernel/s3-client';
import { pseudonymPepper } from '../shared/kernel/secrets';
import { S3RecordingObjects } from '../shared/recordings/s3-recording-objects';

const env = loadEnv(connectCtrEnv);

export const handler = createConnectCtrHandler({
  calls: new DynamoCallStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  links: new DynamoRecordingLinks(dynamoDocumentClient(), env.CONTACTS_TABLE),
  objects: new S3RecordingObjects(s3Client(), env.RECORDINGS_BUCKET),
  pepper: () => pseudonymPepper(env.PEPPER_SECRET_ID),
  retentionMonths: env.RETENTION_MONTHS,
  defaultCountry: env.DEFAULT_COUNTRY,
});
