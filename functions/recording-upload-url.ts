import { dynamoDocumentClient, s3PresignClient } from '../shared/adapters/clients';
import { DynamoRecordingStore } from '../shared/adapters/dynamo-recording-store';
import { S3RecordingUploadSigner } from '../shared/adapters/recording-upload-signer';
import { webhookSigningSecrets } from '../shared/adapters/secrets';
import { loadEnv } from '../shared/config/env';
import { recordingUploadUrlEnv } from '../shared/config/env-recordings';
import { createUploadUrlHandler } from '../shared/http/recording-upload-url';

const env = loadEnv(recordingUploadUrlEnv);

export const handler = createUploadUrlHandler({
  recordings: new DynamoRecordingStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  signer: new S3RecordingUploadSigner(s3PresignClient(), env.RECORDINGS_BUCKET),
  signingSecrets: () => webhookSigningSecrets(env.WEBHOOK_SECRET_ID),
  maxBytes: env.RECORDING_MAX_BYTES,
  expiresInSeconds: env.RECORDING_UPLOAD_URL_SECONDS,
});
