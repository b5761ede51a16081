import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { loadEnv } from '../shared/kernel/env';
import { s3Client } from '../shared/kernel/s3-client';
import { DynamoRecordingStore } from '../shared/recordings/dynamo-recording-store';
import { recordingLandedEnv } from '../shared/recordings/env';
import { createRecordingLandedHandler } from '../shared/recordings/landed-handler';
import { S3RecordingObjects } from '../shared/recordings/s3-recording-objects';

const env = loadEnv(recordingLandedEnv);

export const handler = createRecordingLandedHandler({
  recordings: new DynamoRecordingStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  objects: new S3RecordingObjects(s3Client(), env.RECORDINGS_BUCKET),
  maxBytes: env.RECORDING_MAX_BYTES,
});
