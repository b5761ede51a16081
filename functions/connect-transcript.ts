import { DynamoChatStore } from '../shared/chats/dynamo-chat-store';
import { S3TranscriptObjects } from '../shared/connect/s3-transcript-objects';
import { connectTranscriptEnv } from '../shared/connect/transcript-env';
import { createTranscriptHandler } from '../shared/connect/transcript-handler';
import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { loadEnv } from '../shared/kernel/env';
import { s3Client } from '../shared/kernel/s3-client';
import { pseudonymPepper } from '../shared/kernel/secrets';

const env = loadEnv(connectTranscriptEnv);

export const handler = createTranscriptHandler({
  chats: new DynamoChatStore(dynamoDocumentClient(), env.CONTACTS_TABLE),
  objects: new S3TranscriptObjects(s3Client(), env.RECORDINGS_BUCKET),
  pepper: () => pseudonymPepper(env.PEPPER_SECRET_ID),
  retentionMonths: env.CHAT_RETENTION_MONTHS,
});
