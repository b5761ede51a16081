import { DynamoCallStore } from '../shared/calls/dynamo-call-store';
import { DynamoRecordingLinks } from '../shared/connect/dynamo-recording-links';
import { connectRecordingEnv } from '../shared/connect/env';
import { createConnectRecordingHandler } from '../shared/connect/recording-handler';
import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { loadEnv } from '../shared/kernel/env';
import { s3Client } from '../shared/kernel/s3-client';
import { S3RecordingObjects } from '../shared/recordings/s3-recording-objects';

const env = loadEnv(connectRecordingEnv);

export const handler = createConnectRecordingHandler({
  calls: new DynamoCallStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  links: new DynamoRecordingLinks(dynamoDocumentClient(), env.CONTACTS_TABLE),
  objects: new S3RecordingObjects(s3Client(), env.RECORDINGS_BUCKET),
});
