import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { loadEnv } from '../shared/kernel/env';
import { s3Client } from '../shared/kernel/s3-client';
import { sqsClient } from '../shared/kernel/sqs-client';
import { DynamoRecordingStore } from '../shared/recordings/dynamo-recording-store';
import { recordingFetchEnv } from '../shared/recordings/env';
import { createRecordingFetchHandler } from '../shared/recordings/fetch-handler';
import { HttpRecordingSource } from '../shared/recordings/s3-recording-source';
import { recordingSourceCredentials } from '../shared/recordings/source-credentials';
import { sourcePolicyFrom } from '../shared/recordings/source-policy';
import { SqsRecordingQueue } from '../shared/recordings/sqs-fetch-queue';
import { readTwilioSecret } from '../shared/twilio/credentials';
import { twilioRecordingSource } from '../shared/twilio/recording-source';

const env = loadEnv(recordingFetchEnv);
const policy = sourcePolicyFrom(env);
const queue = new SqsRecordingQueue(sqsClient(), env.RECORDING_FETCH_QUEUE_URL);
const twilio = twilioRecordingSource({
  platforms: env.PLATFORMS,
  readSecret: (secretId) => readTwilioSecret(secretId),
  policy,
});

export const handler = createRecordingFetchHandler({
  recordings: new DynamoRecordingStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  source: new HttpRecordingSource({
    s3: s3Client(),
    bucket: env.RECORDINGS_BUCKET,
    policy,
    maxBytes: env.RECORDING_MAX_BYTES,
    credentials: recordingSourceCredentials(env.RECORDING_SOURCE_SECRET_ID),
  }),
  policy,
  sourceHeaders: (job) => twilio.headers(job),
  deleteAtSource: (job) => twilio.delete(job),
  retryLater: (receiptHandle, seconds) => queue.retryLater(receiptHandle, seconds),
  retryBaseSeconds: env.RECORDING_FETCH_RETRY_BASE_SECONDS,
});
