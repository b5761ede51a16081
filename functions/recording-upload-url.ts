import { webhookIdempotency } from '../shared/http/dynamo-idempotency';
import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { loadEnv } from '../shared/kernel/env';
import { standardWebhookSecrets } from '../shared/kernel/platforms';
import { s3PresignClient } from '../shared/kernel/s3-client';
import { DynamoRecordingStore } from '../shared/recordings/dynamo-recording-store';
import { recordingUploadUrlEnv } from '../shared/recordings/env';
import { S3RecordingUploadSigner } from '../shared/recordings/s3-upload-signer';
import { createUploadUrlHandler } from '../shared/recordings/upload-url-handler';

const env = loadEnv(recordingUploadUrlEnv);

export const handler = createUploadUrlHandler({
  recordings: new DynamoRecordingStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  signer: new S3RecordingUploadSigner(s3PresignClient(), env.RECORDINGS_BUCKET),
  signingSecrets: standardWebhookSecrets(env.PLATFORMS),
  idempotency: webhookIdempotency(env.IDEMPOTENCY_TABLE),
  maxBytes: env.RECORDING_MAX_BYTES,
  expiresInSeconds: env.RECORDING_UPLOAD_URL_SECONDS,
});
