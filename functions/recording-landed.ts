import { dynamoDocumentClient, s3Client } from '../shared/adapters/clients';
import { DynamoRecordingStore } from '../shared/adapters/dynamo-recording-store';
import { S3RecordingObjects } from '../shared/adapters/s3-recording-objects';
import { loadEnv } from '../shared/config/env';
import { recordingLandedEnv } from '../shared/config/env-recordings';
import { createRecordingLandedHandler } from '../shared/jobs/recording-landed';

const env = loadEnv(recordingLandedEnv);

export const handler = createRecordingLandedHandler({
  recordings: new DynamoRecordingStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  objects: new S3RecordingObjects(s3Client(), env.RECORDINGS_BUCKET),
  maxBytes: env.RECORDING_MAX_BYTES,
});
