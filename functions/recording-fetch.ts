import { dynamoDocumentClient, s3Client, sqsClient } from '../shared/adapters/clients';
import { DynamoRecordingStore } from '../shared/adapters/dynamo-recording-store';
import { HttpRecordingSource } from '../shared/adapters/recording-source';
import { recordingSourceCredentials } from '../shared/adapters/recording-source-credentials';
import { SqsRecordingQueue } from '../shared/adapters/sqs-recording-queue';
import { loadEnv } from '../shared/config/env';
import { recordingFetchEnv, sourcePolicyFrom } from '../shared/config/env-recordings';
import { createRecordingFetchHandler } from '../shared/jobs/recording-fetch';

const env = loadEnv(recordingFetchEnv);
const policy = sourcePolicyFrom(env);
const queue = new SqsRecordingQueue(sqsClient(), env.RECORDING_FETCH_QUEUE_URL);

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
  retryLater: (receiptHandle, seconds) => queue.retryLater(receiptHandle, seconds),
  retryBaseSeconds: env.RECORDING_FETCH_RETRY_BASE_SECONDS,
});
